//! Managing the team from the desktop core against a real hub: add an agent
//! (its token works, once handed over), revoke, disable, read the audit log;
//! an agent is refused before the hub is asked.

use switchboard_core::CoreError;
use switchboard_core::desktop::{Desktop, Profile};
use switchboard_protocol::Role;
use switchboard_system_tests::{require_keyring, stack_in, unique_profile};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_adds_an_agent_issues_and_revokes_tokens_and_reads_the_audit_log()
-> anyhow::Result<()> {
    require_keyring();
    let dir = tempfile::tempdir()?;
    let stack = stack_in(dir.path(), 20).await?;
    let admin_profile = Profile::at(&unique_profile("team-admin"), &dir.path().join("admin"));
    let admin = Desktop::sign_in(
        &admin_profile,
        &stack.hub_url,
        stack.agent("admin")?.token.clone(),
    )
    .await?;
    assert!(admin.session().can_manage);

    let issued = admin.create_agent("  Rui Novo ", Role::Agent).await?;
    let listed = admin.agents().await?;
    assert!(
        listed
            .iter()
            .any(|a| a.id == issued.agent_id && a.name == "Rui Novo" && a.role == Role::Agent),
        "the new agent is on the team: {listed:?}"
    );

    // The token works: Rui signs in on a desktop of their own.
    let rui_profile = Profile::at(&unique_profile("team-rui"), &dir.path().join("rui"));
    let rui = Desktop::sign_in(
        &rui_profile,
        &stack.hub_url,
        zeroize::Zeroizing::new(issued.token.clone()),
    )
    .await?;
    assert_eq!(rui.session().name, "Rui Novo");
    assert!(!rui.session().can_manage);
    assert!(
        matches!(
            rui.create_agent("Sneaky", Role::Admin).await,
            Err(CoreError::Invalid(_))
        ),
        "an agent is refused before the hub is asked"
    );

    // A second token, then every token revoked: Rui's desktop is signed out.
    let second = admin.issue_token(issued.agent_id).await?;
    assert_ne!(second.token, issued.token);
    admin.revoke_tokens(issued.agent_id).await?;
    assert!(
        matches!(rui.sync_once().await, Err(CoreError::SignedOut(_))),
        "a revoked token signs the desktop out"
    );

    admin.set_agent_disabled(issued.agent_id, true).await?;
    let listed = admin.agents().await?;
    assert!(listed.iter().any(|a| a.id == issued.agent_id && a.disabled));
    assert!(
        admin.create_agent("   ", Role::Agent).await.is_err(),
        "an empty name is refused"
    );

    let log = admin.audit(0, 100).await?;
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    for wanted in [
        "agent_add",
        "token_issue",
        "token_revoke_all",
        "agent_disable",
    ] {
        assert!(
            actions.contains(&wanted),
            "{wanted} in the audit log: {actions:?}"
        );
    }
    let page = admin.audit(log[0].id, 2).await?;
    assert!(
        page.len() <= 2 && page.iter().all(|e| e.id > log[0].id),
        "paged after an id"
    );
    assert!(
        admin.audit(0, 500).await.is_err(),
        "a page holds at most 100"
    );
    stack.stop().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_keeps_unsent_replies_unless_told_then_erases_the_copy_and_the_token()
-> anyhow::Result<()> {
    require_keyring();
    let dir = tempfile::tempdir()?;
    let stack = stack_in(dir.path(), 20).await?;
    stack
        .customer_says("351912345678", "Ana Ferreira", "Hello?")
        .await?;
    let profile = Profile::at(&unique_profile("sign-out"), &dir.path().join("desktop"));
    let desktop = Desktop::sign_in(
        &profile,
        &stack.hub_url,
        stack.agent("admin")?.token.clone(),
    )
    .await?;
    desktop.sync_once().await?;
    let id = desktop.conversations()?[0].conversation.id;
    desktop.reply(id, "queued, not sent yet")?;

    assert!(
        matches!(desktop.sign_out(false), Err(CoreError::UnsentReplies(1))),
        "a reply not at the hub is not thrown away silently"
    );
    assert_eq!(desktop.conversations()?.len(), 1, "nothing erased yet");

    desktop.sign_out(true)?;
    assert!(
        desktop.conversations()?.is_empty(),
        "the local copy is erased"
    );
    drop(desktop);
    assert!(
        matches!(Desktop::open(&profile), Err(CoreError::NotSignedIn)),
        "the token is gone from the keyring"
    );
    assert!(
        stack.sent().await?.is_empty(),
        "the discarded reply never left"
    );
    stack.stop().await;
    Ok(())
}

/// Issue 30: the language chosen on a profile is kept in its encrypted
/// store (a reopened app speaks it) and the core's notifications follow
/// it: a conversation given to the agent is announced in Portuguese.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chosen_language_is_remembered_and_notifications_speak_it() -> anyhow::Result<()> {
    require_keyring();
    let dir = tempfile::tempdir()?;
    let stack = stack_in(dir.path(), 20).await?;
    stack
        .customer_says(
            "5511900000031",
            "Bianca Souza",
            "Oi, meu pedido chegou quebrado",
        )
        .await?;
    let profile = Profile::at(&unique_profile("language"), &dir.path().join("sam"));
    let sam = stack.agent("agent")?.clone();
    let desktop = Desktop::sign_in(&profile, &stack.hub_url, sam.token.clone()).await?;
    assert_eq!(desktop.language()?, None, "nothing chosen yet");
    assert!(
        matches!(desktop.set_language("xx"), Err(CoreError::Invalid(_))),
        "only the app's languages"
    );
    desktop.set_language("pt-BR")?;
    desktop.sync_once().await?;
    drop(desktop);
    let desktop = Desktop::open(&profile)?;
    assert_eq!(desktop.language()?.as_deref(), Some("pt-BR"), "remembered");

    let admin = stack.agent("admin")?.clone();
    let ids = stack.conversation_ids(&admin).await?;
    let id = ids
        .get("5511900000031")
        .copied()
        .ok_or_else(|| anyhow::anyhow!("Bianca's conversation"))?;
    stack
        .api(
            &admin,
            reqwest::Method::POST,
            &format!("/v1/conversations/{id}/assignment"),
            Some(serde_json::json!({"assignee": sam.id})),
        )
        .await?;
    let report = desktop.sync_once().await?;
    // Back to English before anything else in this process reads it.
    desktop.set_language("en")?;
    let titles: Vec<&str> = report.notices.iter().map(|n| n.title.as_str()).collect();
    assert!(
        titles.contains(&"Atribuída a você: Bianca Souza"),
        "in Portuguese: {titles:?}"
    );
    stack.stop().await;
    Ok(())
}
