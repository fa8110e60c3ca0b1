//! The demo's showcase data: what `make run` opens on is there to try every
//! feature (queues, history to scroll and search, closed windows, a failed send).

use std::time::Duration;
use switchboard_system_tests::{stack_in, until};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_showcase_has_queues_history_closed_windows_and_a_failed_send() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let stack = stack_in(dir.path(), 20).await?;
    stack.seed_showcase(30).await?;
    let admin = stack.agent("admin")?.clone();
    let agent = stack.agent("agent")?.id;

    // Everything the feed holds, as an admin sees it.
    let mut conversations = std::collections::HashMap::new();
    // A message may come again in the feed (a later state): the last one counts.
    let mut messages = std::collections::HashMap::new();
    let mut after = 0;
    loop {
        let page = stack
            .api(
                &admin,
                reqwest::Method::GET,
                &format!("/v1/changes?after={after}&limit=1000"),
                None,
            )
            .await?;
        for c in page["changes"].as_array().into_iter().flatten() {
            match c["type"].as_str() {
                Some("conversation") => {
                    conversations.insert(
                        c["conversation"]["id"].as_i64().unwrap_or(0),
                        c["conversation"].clone(),
                    );
                }
                Some("message") => {
                    messages.insert(
                        c["message"]["id"].as_i64().unwrap_or(0),
                        c["message"].clone(),
                    );
                }
                _ => {}
            }
        }
        let next = page["next"].as_i64().unwrap_or(after);
        if page["more"] != true || next <= after {
            break;
        }
        after = next;
    }
    anyhow::ensure!(
        conversations.len() == 44,
        "30 customers, the long thread, the unreachable one, every kind, seven on the Sales line, three due and one rated: {}",
        conversations.len()
    );
    // Two numbers, two teams: Sam (Support) never sees the Sales line's customers.
    let sales_line: std::collections::HashSet<i64> = conversations
        .values()
        .filter(|c| c["inbox"] == switchboard_demo::SALES_PHONE_NUMBER_ID)
        .filter_map(|c| c["id"].as_i64())
        .collect();
    anyhow::ensure!(
        sales_line.len() == 7,
        "seven Sales customers: {}",
        sales_line.len()
    );
    let teams = stack
        .api(&admin, reqwest::Method::GET, "/v1/teams", None)
        .await?;
    anyhow::ensure!(
        teams.as_array().map(Vec::len) == Some(2),
        "two teams: {teams}"
    );
    let sam = stack.agent("agent")?.clone();
    let sams = stack
        .api(
            &sam,
            reqwest::Method::GET,
            "/v1/changes?after=0&limit=1000",
            None,
        )
        .await?;
    let seen: std::collections::HashSet<i64> = sams["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["conversation"]["id"].as_i64())
        .collect();
    anyhow::ensure!(
        seen.is_disjoint(&sales_line) && !seen.is_empty(),
        "Sam's feed holds Support's conversations and none of Sales'"
    );
    // Files a colleague sent, with their captions.
    let files: Vec<(&str, &str)> = messages
        .values()
        .filter(|m| m["direction"] == "outbound" && m["details"]["type"] == "media")
        .filter_map(|m| Some((m["kind"].as_str()?, m["details"]["filename"].as_str()?)))
        .collect();
    anyhow::ensure!(
        files.contains(&("document", "Returns form.pdf"))
            && files.contains(&("image", "where-to-find-the-order-number.png")),
        "the showcase has files sent by an agent: {files:?}"
    );
    // Two macros for the command palette.
    let macros = stack
        .api(&admin, reqwest::Method::GET, "/v1/macros", None)
        .await?;
    anyhow::ensure!(
        macros.as_array().map(Vec::len) == Some(2),
        "two macros: {macros}"
    );
    // A question with a list of stores, and the customer's pick.
    anyhow::ensure!(
        messages.values().any(|m| m["direction"] == "outbound"
            && m["details"]["type"] == "choices"
            && m["details"]["list"] == "Stores")
            && messages.values().any(|m| m["direction"] == "inbound"
                && m["kind"] == "interactive"
                && m["text"] == "Porto Norte"),
        "the showcase has a question with a list and its answer"
    );
    // Every kind of message, with what the app needs to show it.
    let kinds: std::collections::HashSet<&str> = messages
        .values()
        .filter_map(|m| m["kind"].as_str())
        .collect();
    for kind in [
        "text",
        "document",
        "audio",
        "sticker",
        "location",
        "contacts",
        "reaction",
        "edit",
        "deleted",
        "unsupported",
        "system",
        "call",
    ] {
        anyhow::ensure!(
            kinds.contains(kind),
            "the showcase has a {kind} message: {kinds:?}"
        );
    }
    let details: std::collections::HashSet<&str> = messages
        .values()
        .filter_map(|m| m["details"]["type"].as_str())
        .collect();
    for d in ["media", "location", "contacts", "reaction", "unsupported"] {
        anyhow::ensure!(details.contains(d), "details of a {d} message: {details:?}");
    }
    anyhow::ensure!(
        messages.values().any(|m| m["reply_to"].is_i64()),
        "a quoted reply"
    );
    anyhow::ensure!(
        messages.values().any(|m| m["edited"] == true),
        "an edited message"
    );
    anyhow::ensure!(
        messages.values().any(|m| m["direction"] == "outbound"
            && m["sent_by"].is_null()
            && m["client_message_id"].is_null()),
        "a reply sent from the business's phone"
    );
    // Business hours: the Sales line is closed, greets and answers with its
    // away reply; two of Sam's conversations are snoozed.
    let automatic: Vec<&str> = messages
        .values()
        .filter_map(|m| m["client_message_id"].as_str())
        .filter(|k| k.starts_with("auto-"))
        .collect();
    anyhow::ensure!(
        automatic.iter().any(|k| k.starts_with("auto-greeting-"))
            && automatic.iter().any(|k| k.starts_with("auto-away-")),
        "a greeting and an away reply: {automatic:?}"
    );
    let inboxes = stack
        .api(&admin, reqwest::Method::GET, "/v1/inboxes", None)
        .await?;
    anyhow::ensure!(
        inboxes
            .as_array()
            .is_some_and(|i| i.iter().all(|i| i["hours"]["time_zone"].is_string())
                && i.iter().any(|i| i["away_reply"].is_string())),
        "both lines keep hours, the Sales line an away reply: {inboxes}"
    );
    // Service levels: one Support customer overdue, one due within the hour.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs() as i64;
    let dues: Vec<i64> = conversations
        .values()
        .filter_map(|c| c["due_at"].as_i64())
        .collect();
    anyhow::ensure!(
        dues.iter().any(|d| *d <= now) && dues.iter().any(|d| *d > now && *d <= now + 3600),
        "an overdue conversation and one due soon: {dues:?}"
    );
    let policies = stack
        .api(&admin, reqwest::Method::GET, "/v1/sla-policies", None)
        .await?;
    anyhow::ensure!(
        policies.as_array().map(Vec::len) == Some(2),
        "two policies: {policies}"
    );
    anyhow::ensure!(
        conversations
            .values()
            .any(|c| c["csat"] == 3 && c["status"] == "resolved"),
        "a resolved conversation its customer rated Good"
    );
    anyhow::ensure!(
        messages.values().any(|m| m["kind"] == "interactive"
            && m["direction"] == "outbound"
            && m["client_message_id"]
                .as_str()
                .is_some_and(|k| k.starts_with("auto-csat-"))
            && m["details"]["options"]
                == serde_json::json!(["😀 Good / Bom", "😐 OK / Regular", "🙁 Poor / Ruim"])),
        "the satisfaction survey, sent with the inbox's buttons in both languages"
    );
    let snoozed: Vec<&serde_json::Value> = conversations
        .values()
        .filter(|c| c["snoozed"] == true && c["assignee"] == agent)
        .collect();
    anyhow::ensure!(
        snoozed.len() == 2 && snoozed.iter().any(|c| c["snoozed_until"].is_i64()),
        "two of Sam's conversations snoozed, one until a time: {snoozed:?}"
    );
    let alerts = stack
        .api(&admin, reqwest::Method::GET, "/v1/alerts", None)
        .await?;
    anyhow::ensure!(
        alerts.as_array().map(Vec::len) == Some(2),
        "template alerts for admins: {alerts}"
    );
    anyhow::ensure!(
        conversations
            .values()
            .filter(|c| c["labels"].as_array().is_some_and(|l| !l.is_empty()))
            .count()
            >= 2,
        "labelled conversations"
    );
    anyhow::ensure!(
        conversations
            .values()
            .any(|c| c["marketing_opt_out"].is_i64()),
        "a customer who opted out of marketing messages"
    );
    let canned = stack
        .api(&admin, reqwest::Method::GET, "/v1/canned", None)
        .await?;
    anyhow::ensure!(
        canned.as_array().map(Vec::len) == Some(3),
        "canned replies to insert with /: {canned}"
    );
    anyhow::ensure!(
        messages.values().any(|m| m["kind"] == "reaction"
            && m["direction"] == "outbound"
            && m["target"].is_i64()),
        "the team's reaction on a customer's message"
    );
    let held = |who: i64| {
        conversations
            .values()
            .filter(|c| c["assignee"] == who && c["status"] == "open")
            .count()
    };
    anyhow::ensure!(
        held(agent) >= 9 && held(admin.id) >= 9,
        "queues for Sam {} and Ada {}",
        held(agent),
        held(admin.id)
    );
    anyhow::ensure!(
        conversations
            .values()
            .filter(|c| c["status"] == "resolved")
            .count()
            == 4,
        "a tenth resolved, and the one its customer rated"
    );
    anyhow::ensure!(
        conversations
            .values()
            .filter(|c| c["assignee"].is_null())
            .count()
            >= 9,
        "a queue waiting"
    );

    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs() as i64;
    let closed = conversations
        .values()
        .filter(|c| {
            c["last_inbound_at"]
                .as_i64()
                .is_some_and(|t| now - t > 24 * 3600)
        })
        .count();
    anyhow::ensure!(closed >= 5, "closed 24-hour windows: {closed}");

    let long = conversations
        .values()
        .find(|c| c["wa_id"] == "351935550000")
        .and_then(|c| c["id"].as_i64())
        .ok_or_else(|| anyhow::anyhow!("no long thread"))?;
    let thread: Vec<i64> = messages
        .values()
        .filter(|m| {
            m["conversation_id"] == long && m["direction"] == "inbound" && m["kind"] == "text"
        })
        .filter_map(|m| m["timestamp"].as_i64())
        .collect();
    anyhow::ensure!(thread.len() == 240, "the long thread: {}", thread.len());
    let span = thread.iter().max().unwrap_or(&0) - thread.iter().min().unwrap_or(&0);
    anyhow::ensure!(span > 2 * 24 * 3600, "over several days: {span} s");

    // The reply to the unreachable customer ends failed, with Meta's reason.
    until(
        "the reply to the unreachable number to fail",
        Duration::from_secs(30),
        || async {
            let page = stack
                .api(
                    &admin,
                    reqwest::Method::GET,
                    &format!("/v1/changes?after={after}&limit=1000"),
                    None,
                )
                .await?;
            Ok(page["changes"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|c| {
                    c["message"]["client_message_id"] == "demo-unreachable-1"
                        && c["message"]["status"] == "failed"
                })
                .map(|c| c["message"]["error"].clone()))
        },
    )
    .await
    .and_then(|error| {
        anyhow::ensure!(
            error.as_str().is_some_and(|e| !e.is_empty()),
            "Meta's reason is kept: {error}"
        );
        Ok(())
    })?;
    stack.stop().await;
    Ok(())
}
