//! How WebKit runs here: its JavaScript engine without a JIT, and painting
//! on the GPU where there is one, on the CPU where there is none.
//!
//! The UI's scripts are small (a 136 kB bundle) and spend their time in
//! the DOM, not in JavaScript: JavaScriptCore's interpreter opens the
//! 100,000-message thread as fast as its JIT tiers do (93 / 100 ms against
//! 82 / 124 ms in the page, demo / desk, same run), and without them the
//! web process is 13 MB smaller (BENCHMARKS.md) and runs no generated
//! machine code, one less way for a hostile message to become an exploit.
//!
//! Without a GPU (a virtual machine, a remote or virtual desktop, which is
//! where many support desks work) WebKitGTK still composites with OpenGL,
//! on Mesa's software rasteriser: the app then takes about 80 MB more
//! (295 against 215 MB PSS at the sign-in screen, BENCHMARKS.md) for no
//! gain in speed. Even painting on the CPU, WebKit and GTK each open an
//! OpenGL display in the app's own process (WebKit to ask it which GPU
//! the web process should use, GTK to choose its window visuals), which
//! loads Mesa and its LLVM there: another 25 MB for nothing. So when the
//! machine has no DRM render node the app asks WebKit to paint on the CPU,
//! tells it there is no render device to look for, and tells GTK not to
//! use OpenGL. WebKit and GTK read those choices from the environment, in
//! this process and in the WebKit processes it starts, so they are set
//! first thing in `main`. Someone who set any of these variables keeps
//! their choice.

use std::path::Path;

/// JavaScriptCore without its JIT tiers, in the app's process and in its
/// web process: the interpreter alone.
pub const NO_JIT: (&str, &str) = ("JSC_useJIT", "0");

/// The variables that make WebKitGTK paint on the CPU: no accelerated
/// compositing, no DMA-BUF renderer (whose set-up in the app's own process
/// is then wasted), a render device that names none (a path that cannot
/// exist where there is no render node: WebKit then skips opening an
/// OpenGL display to find one) and no OpenGL in GTK.
pub const CPU_RENDERING: [(&str, &str); 4] = [
    ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
    ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
    ("WEBKIT_WEB_RENDER_DEVICE_FILE", "/dev/dri/no-render-node"),
    ("GDK_GL", "disable"),
];

/// Whether to set [`CPU_RENDERING`]: only when nobody chose how WebKit
/// renders and `dri` (normally `/dev/dri`) holds no render node.
pub fn should_paint_on_cpu(chosen: impl Fn(&str) -> bool, dri: &Path) -> bool {
    if CPU_RENDERING.iter().any(|(name, _)| chosen(name)) {
        return false;
    }
    let has_render_node = std::fs::read_dir(dri).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    });
    !has_render_node
}

/// The variables to set, given who already chose what (`chosen`) and the
/// machine's `dri` folder (normally `/dev/dri`): [`NO_JIT`] unless its
/// variable is set, [`CPU_RENDERING`] when [`should_paint_on_cpu`] says so.
pub fn settings(chosen: impl Fn(&str) -> bool, dri: &Path) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    if !chosen(NO_JIT.0) {
        out.push(NO_JIT);
    }
    if should_paint_on_cpu(&chosen, dri) {
        out.extend(CPU_RENDERING);
    }
    out
}

/// Sets [`settings`] in the environment, and says whether the app paints
/// on the CPU. Must be the first thing `main` does: changing the
/// environment is only sound while the process has a single thread.
#[allow(unsafe_code)]
pub fn configure() -> bool {
    let chosen = |name: &str| std::env::var_os(name).is_some();
    let settings = settings(chosen, Path::new("/dev/dri"));
    let on_cpu = settings.contains(&CPU_RENDERING[0]);
    for (name, value) in settings {
        // SAFETY: called as main's first statement, before any thread is
        // started (by us, tracing, tokio, GTK or WebKit), so nothing reads
        // or writes the environment at the same time.
        unsafe { std::env::set_var(name, value) };
    }
    on_cpu
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_machine_without_a_render_node_paints_on_the_cpu() -> std::io::Result<()> {
        let dri = tempfile::tempdir()?;
        let nobody = |_: &str| false;
        assert!(should_paint_on_cpu(nobody, dri.path()));
        assert!(should_paint_on_cpu(nobody, &dri.path().join("absent")));
        // A primary node alone (a display, no rendering) is not a GPU to render on.
        std::fs::write(dri.path().join("card0"), b"")?;
        assert!(should_paint_on_cpu(nobody, dri.path()));
        std::fs::write(dri.path().join("renderD128"), b"")?;
        assert!(!should_paint_on_cpu(nobody, dri.path()));
        Ok(())
    }

    #[test]
    fn a_choice_made_by_the_user_is_kept() -> std::io::Result<()> {
        let dri = tempfile::tempdir()?;
        for (name, _) in CPU_RENDERING {
            assert!(!should_paint_on_cpu(|n| n == name, dri.path()));
            assert_eq!(settings(|n| n == name, dri.path()), vec![NO_JIT]);
        }
        let jit_chosen = settings(|n| n == NO_JIT.0, dri.path());
        assert_eq!(jit_chosen, CPU_RENDERING.to_vec());
        Ok(())
    }

    #[test]
    fn the_jit_is_off_with_or_without_a_gpu() -> std::io::Result<()> {
        let dri = tempfile::tempdir()?;
        std::fs::write(dri.path().join("renderD128"), b"")?;
        assert_eq!(settings(|_| false, dri.path()), vec![NO_JIT]);
        Ok(())
    }
}
