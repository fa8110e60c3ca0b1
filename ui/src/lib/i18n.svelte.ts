// The app's words in the agent's language (Project Fluent): one catalogue
// per language under `src/locales/<language>/<area>.ftl`, English built in
// as the fallback, any other language loaded only when chosen (its data
// never sits in the web process otherwise). `t(id, args)` reads the chosen
// language, so whatever shows a message redraws when the language changes,
// without a restart. Plurals follow each language's rules (Fluent's
// selectors over `Intl.PluralRules`; English's without ICU, see below),
// numbers its format.
//
// Names, numbers and texts that come from people (a contact's name, an
// order number) are isolated when their direction can differ from the
// sentence around them (an Arabic name in English, anything in Arabic), so
// mixed scripts never scramble: see `isolate`.
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';

export type Language = { code: string; name: string; dir: 'ltr' | 'rtl' };

/** The languages the app speaks, each named in itself. */
export const LANGUAGES: readonly Language[] = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'pt-BR', name: 'Português (Brasil)', dir: 'ltr' },
  { code: 'es', name: 'Español', dir: 'ltr' },
  { code: 'id', name: 'Bahasa Indonesia', dir: 'ltr' }, // i18n: keep (a language is named in itself)
  { code: 'hi', name: 'हिन्दी', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
];

const englishSources = import.meta.glob('../locales/en/*.ftl', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;
const laterSources = import.meta.glob(['../locales/*/*.ftl', '!../locales/en/*.ftl'], {
  query: '?raw',
  import: 'default',
}) as Record<string, () => Promise<string>>;

function bundle(code: string, sources: string[]): FluentBundle {
  // Isolation is ours (`isolate`): Fluent's own marks every placeable,
  // even a number in an English sentence.
  const b = new FluentBundle(code, { useIsolating: false });
  for (const source of sources) {
    const errors = b.addResource(new FluentResource(source));
    for (const e of errors) console.warn(`catalogue ${code}: ${e.message}`);
  }
  return b;
}

/** English's plural form: "one" for 1 (and -1), else "other" (CLDR's rule). */
export function englishPlural(n: number): 'one' | 'other' {
  return Math.abs(n) === 1 ? 'one' : 'other';
}

/** A whole number written as English writes it (digits grouped by threes
 * with commas unless `grouped` is false), without ICU; null for anything
 * else (a fraction, a number too large to be exact), which goes to `Intl`. */
export function englishWhole(n: number, grouped = true): string | null {
  if (!Number.isSafeInteger(n)) return null;
  const digits = String(Math.abs(n));
  const written = grouped ? digits.replace(/\B(?=(\d{3})+$)/g, ',') : digits;
  return n < 0 ? `-${written}` : written;
}

const english = bundle('en', Object.values(englishSources));
// English numbers and plurals without ICU: formatting a number or choosing
// a plural through `Intl` makes the web process load ICU's number format
// and plural rules (about 1 MB, BENCHMARKS.md "Languages"), and English,
// the app's default, needs neither. Fluent asks its bundle's cache for an
// `Intl` object per kind and options (`_intls`, keyed by the options as
// JSON); for the plain options it gets these. Fractions and other options
// go to `Intl` as before, and so does every other language. `i18n.test.ts`
// checks both against `Intl`, and that English uses no `Intl` object.
// (Fluent calls only `select` and `format` on them.)
english._intls.set(Intl.PluralRules, { '{}': { select: englishPlural } as unknown as Intl.PluralRules });
english._intls.set(Intl.NumberFormat, {
  '{}': {
    format: (n: number) => englishWhole(n) ?? new Intl.NumberFormat('en').format(n),
  } as unknown as Intl.NumberFormat,
});
/** The catalogues loaded so far (English from the start). */
const loaded = new Map<string, FluentBundle>([['en', english]]);

/** The catalogue of `code`, read from its files (only when chosen). */
async function load(code: string): Promise<FluentBundle> {
  const files = Object.entries(laterSources).filter(([path]) => path.split('/').slice(-2)[0] === code);
  const b = bundle(code, await Promise.all(files.map(([, read]) => read())));
  loaded.set(code, b);
  return b;
}

/** The chosen language: its catalogue and its direction. */
class Locale {
  code = $state('en');
  dir = $state<'ltr' | 'rtl'>('ltr');
  bundle = $state.raw<FluentBundle>(english);
}
const current = new Locale();

/** The language the app speaks now. */
export function language(): Language {
  return LANGUAGES.find((l) => l.code === current.code) ?? LANGUAGES[0];
}

/** One of the app's languages for a locale as the system or a user names
 * it (`pt_BR.UTF-8`, `pt`, `es-MX`, `ar_EG`, `in`): the same language and
 * region, else the same language, else English. */
export function pick(locale: string | null | undefined): string {
  const tag = (locale ?? '').split('.')[0].split('@')[0].replace('_', '-').toLowerCase();
  const exact = LANGUAGES.find((l) => l.code.toLowerCase() === tag);
  if (exact) return exact.code;
  const base = tag.split('-')[0] === 'in' ? 'id' : tag.split('-')[0];
  return LANGUAGES.find((l) => l.code.split('-')[0].toLowerCase() === base)?.code ?? 'en';
}

/** Speaks `code` from now on (loading its catalogue once; at once when
 * it is loaded already): every message shown redraws; the page's `lang`
 * and `dir` follow. */
export async function setLanguage(code: string): Promise<void> {
  const chosen = LANGUAGES.find((l) => l.code === code) ?? LANGUAGES[0];
  const b = loaded.get(chosen.code) ?? (await load(chosen.code));
  current.bundle = b;
  current.code = chosen.code;
  current.dir = chosen.dir;
  if (typeof document !== 'undefined') {
    document.documentElement.lang = chosen.code;
    document.documentElement.dir = chosen.dir;
  }
}

/** Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko…). */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;
/** First strong left-to-right letter. */
const LTR = /[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u0900-\u097f]/u;

/** Wraps `text` in first-strong isolation marks when its direction can
 * differ from the sentence around it: in a right-to-left language anything
 * with a left-to-right letter or a digit (a phone number, an order
 * number), in a left-to-right one anything with a right-to-left letter. */
export function isolate(text: string): string {
  const mixed = current.dir === 'rtl' ? LTR.test(text) || /\d/.test(text) : RTL.test(text);
  return mixed ? `\u2068${text}\u2069` : text;
}

/** The message `id` in the chosen language (English when it lacks it), its
 * placeables filled from `args`. A missing message shows its id, which
 * the catalogue test makes sure never ships. */
export function t(id: string, args?: Record<string, FluentVariable>): string {
  const chosen = current.bundle;
  const b = chosen.hasMessage(id) ? chosen : english;
  const message = b.getMessage(id);
  if (!message?.value) return id;
  let filled: Record<string, FluentVariable> | undefined;
  if (args) {
    filled = {};
    for (const [k, v] of Object.entries(args)) filled[k] = typeof v === 'string' ? isolate(v) : v;
  }
  return b.formatPattern(message.value, filled, []);
}

/** Message `id` in pieces around the placeables named in `marks`, for a
 * sentence with elements inside (a key, a name in bold): each piece is
 * text, or the mark whose element goes there. Each mark is filled with a
 * private-use character to split at. */
export function pieces(id: string, marks: string[]): { text: string; mark?: string }[] {
  const args = Object.fromEntries(marks.map((m, i) => [m, String.fromCharCode(0xe100 + i)]));
  return t(id, args)
    .split(/([\ue100-\ue1ff])/u)
    .filter((p) => p !== '')
    .map((p) => {
      const at = p.length === 1 ? p.charCodeAt(0) - 0xe100 : -1;
      return at >= 0 && at < marks.length ? { text: '', mark: marks[at] } : { text: p };
    });
}

/** A refusal in the agent's language by its code (`errors.ftl`:
 * `error-<code>`, one sentence true of every message the hub sends with
 * it), else `message` as the core said it (in the agent's language too) or
 * as a newer hub said it. */
export function refusal(code: string | null | undefined, message: string): string {
  return code && english.hasMessage(`error-${code}`) ? t(`error-${code}`) : message;
}

/** A number in the chosen language's format. */
export function number(n: number, options?: Intl.NumberFormatOptions): string {
  const grouping = options?.useGrouping;
  const plain =
    Object.keys(options ?? {}).every((k) => k === 'useGrouping') &&
    (grouping === undefined || typeof grouping === 'boolean');
  const whole = current.code === 'en' && plain ? englishWhole(n, grouping !== false) : null;
  return whole ?? new Intl.NumberFormat(current.code, options).format(n);
}

/** The direction of the chosen language. */
export function direction(): 'ltr' | 'rtl' {
  return current.dir;
}
