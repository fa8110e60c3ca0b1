// Declares the app's commands so the capability file can grant exactly them.
fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&[
        "session",
        "sign_in",
        "sign_out",
        "rebuild_local_copy",
        "conversations",
        "view_counts",
        "conversation",
        "viewing",
        "retry_reply",
        "discard_reply",
        "save_draft",
        "draft",
        "thread",
        "thread_around",
        "thread_newer",
        "open_link",
        "resend",
        "create_agent",
        "issue_token",
        "revoke_tokens",
        "set_agent_disabled",
        "audit_log",
        "send_reply",
        "claim",
        "send_template",
        "assign",
        "set_status",
        "mark_read",
        "mark_unread",
        "templates",
        "agents",
        "search",
        "media",
        "save_media",
    ]);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        println!("cargo::error=tauri-build failed: {e:#}");
    }
}
