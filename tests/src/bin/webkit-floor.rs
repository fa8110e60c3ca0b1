//! The engine's own floor for the desktop app's memory figure
//! (BENCHMARKS.md, "Desktop app"): a GTK window of the app's size holding
//! one WebKit view that shows two lines of HTML, nothing else. `ui-bench`
//! starts it with the app's rendering settings and measures it like the
//! app, so the app's figure can be read against what WebKitGTK itself
//! takes on the same machine. Prints `loaded` once the page is in.

use gtk::prelude::*;
use webkit2gtk::{LoadEvent, WebViewExt};

fn main() -> std::process::ExitCode {
    if let Err(e) = gtk::init() {
        eprintln!("webkit-floor: no display ({e})");
        return std::process::ExitCode::FAILURE;
    }
    let window = gtk::Window::new(gtk::WindowType::Toplevel);
    window.set_default_size(1280, 800);
    let view = webkit2gtk::WebView::new();
    view.connect_load_changed(|_, event| {
        if event == LoadEvent::Finished {
            println!("loaded");
        }
    });
    view.load_html(
        "<!doctype html><title>floor</title><h1>Hello</h1><p>A page of two lines.</p>",
        None,
    );
    window.add(&view);
    window.connect_destroy(|_| gtk::main_quit());
    window.show_all();
    gtk::main();
    std::process::ExitCode::SUCCESS
}
