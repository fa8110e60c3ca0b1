/* A stand-in for flite, the speech synthesiser WebKitGTK links for the
 * page's speechSynthesis, which Switchboard never uses (src/stand_in.rs says
 * why and when the app loads this instead). It defines the functions
 * WebKitGTK names from flite's thirteen libraries, and does nothing: no
 * voice is registered, no text becomes sound. Built without the C library
 * (build.rs), so loading it costs a few pages. The list of functions is
 * `FLITE_DEFINES` in src/stand_in.rs; a test checks the two agree. */

#include <stddef.h>

int flite_init(void) { return 0; }
void flite_add_lang(const char *name, void *lang_init, void *lex_init) {}
void usenglish_init(void *voice) {}
void *cmulex_init(void) { return NULL; }
void *register_cmu_us_awb(const char *voxdir) { return NULL; }
void *register_cmu_us_kal(const char *voxdir) { return NULL; }
void *register_cmu_us_rms(const char *voxdir) { return NULL; }
void *register_cmu_us_slt(const char *voxdir) { return NULL; }
void *flite_text_to_wave(const char *text, void *voice) { return NULL; }
void cst_wave_resample(void *wave, int rate) {}
void delete_voice(void *voice) {}
void delete_wave(void *wave) {}
