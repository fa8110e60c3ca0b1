// The app's commands, each named once, by area (the file in `commands/`
// that holds it). This list is the command surface: `main.rs` builds the
// invoke handler from it and `build.rs` (which `include!`s this file) the
// permissions Tauri generates, so the two cannot disagree. The capability
// (`capabilities/default.json`) and the UI's calls (`ui/src/lib/backend.ts`)
// are checked against it by `tests/tests/layout.rs` in `make test`.
//
// `app_commands!(then)` calls the macro `then` with the list as
// `area: name, name, …;` per area.
macro_rules! app_commands {
    ($then:ident) => {
        $then! {
            session: events, session, time_words, language, set_language, sign_in, sign_out, rebuild_local_copy, viewing;
            inbox: conversations, conversation, view_counts, search, claim, assign, set_status,
                mark_read, mark_unread, set_labels, transfer, snooze, wake, bulk;
            thread: thread, thread_newer, thread_around, draft, save_draft, media, save_media,
                download_cap, set_download_cap, open_link, set_presence;
            compose: send_reply, send_choices, send_note, react, send_template, retry_reply, discard_reply,
                resend, pick_attachment, stage_dropped, stage_pasted, unstage, send_files;
            team: team, availability, set_availability, labels, save_label, delete_label, canned,
                save_canned, delete_canned, alerts, templates, agents, report, save_report,
                create_agent, issue_token, revoke_tokens, set_agent_disabled, audit_log, teams, inboxes,
                add_team, rename_team, delete_team, set_member, set_inbox, set_inbox_hours, inbox_state,
                sla_policies, save_sla_policy, delete_sla_policy, macros, save_macro, delete_macro,
                run_macro;
        }
    };
}
