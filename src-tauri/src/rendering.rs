//! How WebKit paints: on the GPU where there is one, on the CPU where
//! there is none.
//!
//! Without a GPU (a virtual machine, a remote or virtual desktop, which is
//! where many support desks work) WebKitGTK still composites with OpenGL,
//! on Mesa's software rasteriser: the app then takes about 80 MB more
//! (295 against 215 MB PSS at the sign-in screen, BENCHMARKS.md) for no
//! gain in speed. So when the machine has no DRM render node the app asks
//! WebKit to paint on the CPU. WebKit reads that choice from the
//! environment, in this process and in the WebKit processes it starts, so
//! it is set first thing in `main`. Someone who set either variable keeps
//! their choice.

use std::path::Path;

/// The variables that make WebKitGTK paint on the CPU: no accelerated
/// compositing, and no DMA-BUF renderer (whose set-up in the app's own
/// process is then wasted).
pub const CPU_RENDERING: [(&str, &str); 2] = [
    ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
    ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
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

/// Sets [`CPU_RENDERING`] when [`should_paint_on_cpu`] says so. Must be the
/// first thing `main` does: changing the environment is only sound while
/// the process has a single thread.
#[allow(unsafe_code)]
pub fn paint_on_cpu_without_gpu() {
    if !should_paint_on_cpu(
        |name| std::env::var_os(name).is_some(),
        Path::new("/dev/dri"),
    ) {
        return;
    }
    for (name, value) in CPU_RENDERING {
        // SAFETY: called as main's first statement, before any thread is
        // started (by us, tracing, tokio, GTK or WebKit), so nothing reads
        // or writes the environment at the same time.
        unsafe { std::env::set_var(name, value) };
    }
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
        }
        Ok(())
    }
}
