//! The checks that ask Meta's Graph API (or the sandbox standing in for
//! it) and the hub's own public webhook address: what Meta would do with
//! this set-up, tried before a customer writes.

use super::{Report, Setup};
use crate::config::HubConfig;
use serde_json::Value;
use std::time::Duration;
use switchboard_whatsapp::graph::GraphErrorBody;

/// The webhook fields the hub reads, each with what it brings; without
/// `messages` there is no inbox at all, without the others a feature
/// stays silent.
pub const WEBHOOK_FIELDS: [(&str, &str); 13] = [
    (
        "messages",
        "customers' messages and the statuses of replies",
    ),
    (
        "smb_message_echoes",
        "messages sent from the WhatsApp Business app on the phone",
    ),
    ("calls", "calls, shown in the thread"),
    ("user_preferences", "a customer's marketing opt-out"),
    ("account_alerts", "admins' alerts"),
    ("account_update", "admins' alerts"),
    ("account_review_update", "admins' alerts"),
    ("business_capability_update", "admins' alerts"),
    ("phone_number_name_update", "admins' alerts"),
    ("phone_number_quality_update", "admins' alerts"),
    ("message_template_status_update", "admins' alerts"),
    ("message_template_quality_update", "admins' alerts"),
    ("template_category_update", "admins' alerts"),
];

/// What the hub answers a webhook from an address its allowlist refuses
/// (`http/guard.rs`), told apart from a wrong verify token.
const ALLOWLIST_REFUSAL: &str = "may not post webhooks";

/// The permissions a system user's token needs.
const SCOPES: [&str; 2] = [
    "whatsapp_business_messaging",
    "whatsapp_business_management",
];

/// Clock skew that warns, and that fails.
const SKEW_WARN: i64 = 30;
const SKEW_FAIL: i64 = 300;

/// The Graph API as this hub's settings reach it.
struct Graph {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Graph {
    /// GETs `path` under the API's version with the access token (or the
    /// query's own `access_token`); the status, the body and the server's
    /// clock.
    async fn get(
        &self,
        path: &str,
        query: &[(&str, &str)],
        bearer: bool,
    ) -> Result<(u16, Value, Option<i64>), String> {
        let mut request = self.http.get(format!("{}/{path}", self.base)).query(query);
        if bearer {
            request = request.bearer_auth(&self.token);
        }
        let response = request
            .send()
            .await
            .map_err(|e| e.without_url().to_string())?;
        let date = response
            .headers()
            .get(reqwest::header::DATE)
            .and_then(|d| d.to_str().ok())
            .and_then(|d| httpdate::parse_http_date(d).ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .and_then(|d| i64::try_from(d.as_secs()).ok());
        let status = response.status().as_u16();
        let body = response.json().await.unwrap_or(Value::Null);
        Ok((status, body, date))
    }
}

/// Meta's error in a refused call's body, read as the Graph client reads it.
fn graph_error(body: &Value) -> Option<GraphErrorBody> {
    serde_json::from_value(body.get("error")?.clone()).ok()
}

/// Meta's error message in a refused call's body.
fn graph_message(body: &Value) -> String {
    match graph_error(body) {
        Some(e) => format!("{} (code {})", e.message, e.code),
        None => "no message (code 0)".into(),
    }
}

/// What the token says of itself: the app it belongs to and the business
/// accounts it may manage.
struct TokenFacts {
    app_id: String,
    accounts: Vec<String>,
}

pub async fn check(setup: &Setup, config: &HubConfig, report: &mut Report) {
    let http = match reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .build()
    {
        Ok(h) => h,
        Err(e) => {
            report.fail("graph api", e.to_string(), "report this as a bug");
            return;
        }
    };
    let graph = Graph {
        http: http.clone(),
        base: format!(
            "{}/{}",
            config.graph.base_url.trim_end_matches('/'),
            config.graph.version
        ),
        token: config.graph.access_token.clone(),
    };
    if !number(&graph, config, report).await {
        return;
    }
    let callback = match token(&graph, report).await {
        Some(facts) => {
            subscribed_app(&graph, &facts, report).await;
            fields(&graph, &facts, config, report).await
        }
        None => None,
    };
    let url = webhook_url(setup, callback.as_deref(), report);
    webhook_round_trip(&http, &url, config, report).await;
}

/// The number, read with the token: reachability, the token's validity and
/// the clock at once. False when nothing further can be asked.
async fn number(graph: &Graph, config: &HubConfig, report: &mut Report) -> bool {
    let id = &config.graph.phone_number_id;
    let query = [(
        "fields",
        "display_phone_number,verified_name,quality_rating",
    )];
    let (status, body, date) = match graph.get(id, &query, true).await {
        Ok(r) => r,
        Err(e) => {
            report.fail("graph api", format!("unreachable at {}: {e}", config.graph.base_url), "allow outbound HTTPS to it from this machine (firewall, proxy), or correct WHATSAPP_GRAPH_URL");
            return false;
        }
    };
    report.ok(
        "graph api",
        format!("reachable at {}", config.graph.base_url),
    );
    clock(date, report);
    match status {
        200 => {
            let shown = body
                .get("display_phone_number")
                .and_then(Value::as_str)
                .unwrap_or("?");
            let name = body
                .get("verified_name")
                .and_then(Value::as_str)
                .unwrap_or("?");
            report.ok("phone number", format!("{id} is {shown} ({name})"));
            true
        }
        // Meta's OAuthException (code 190) is a refused token whatever
        // the status it comes with.
        _ if status == 401 || graph_error(&body).is_some_and(|e| e.code == 190) => {
            report.fail("access token", format!("refused: {}", graph_message(&body)), "make a new system user token in Meta's Business Settings and set WHATSAPP_ACCESS_TOKEN");
            false
        }
        500.. => {
            report.fail(
                "graph api",
                format!("answered {status}: {}", graph_message(&body)),
                "Meta's side is failing: run doctor again later (https://metastatus.com)",
            );
            false
        }
        _ => {
            report.fail("phone number", format!("{id}: {}", graph_message(&body)), "set WHATSAPP_PHONE_NUMBER_ID to the number's id (WhatsApp → API Setup), not the phone number itself");
            false
        }
    }
}

fn clock(server: Option<i64>, report: &mut Report) {
    let Some(server) = server else {
        report.warn(
            "clock",
            "the Graph API sent no Date to compare with",
            "check the clock with `timedatectl`",
        );
        return;
    };
    let skew = crate::db::now() - server;
    let found = format!("{skew:+} s against the Graph API");
    let todo = "turn on time synchronisation (`timedatectl set-ntp true`): tokens expire and service levels are counted by this clock";
    if skew.abs() > SKEW_FAIL {
        report.fail("clock", found, todo);
    } else if skew.abs() > SKEW_WARN {
        report.warn("clock", found, todo);
    } else {
        report.ok("clock", found);
    }
}

/// The token's own description: valid, both permissions, its expiry.
async fn token(graph: &Graph, report: &mut Report) -> Option<TokenFacts> {
    let check = "access token";
    let (status, body, _) = match graph
        .get(
            "debug_token",
            &[("input_token", graph.token.as_str())],
            true,
        )
        .await
    {
        Ok(r) => r,
        Err(e) => {
            report.fail(check, e, "try again; the Graph API answered a moment ago");
            return None;
        }
    };
    let data = body.get("data").filter(|_| status == 200);
    let Some(data) = data.filter(|d| d.get("is_valid").and_then(Value::as_bool) == Some(true))
    else {
        report.fail(
            check,
            format!("not valid: {}", graph_message(&body)),
            "make a new system user token and set WHATSAPP_ACCESS_TOKEN",
        );
        return None;
    };
    let scopes: Vec<&str> = data
        .get("scopes")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let missing: Vec<&str> = SCOPES
        .iter()
        .copied()
        .filter(|s| !scopes.contains(s))
        .collect();
    if missing.is_empty() {
        let expires = data.get("expires_at").and_then(Value::as_i64).unwrap_or(0);
        token_expiry(expires, report);
    } else {
        report.fail(
            check,
            format!("lacks the permission(s) {}", missing.join(", ")),
            "give the system user both WhatsApp permissions and make a new token",
        );
    }
    let accounts = data
        .get("granular_scopes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|g| {
            g.get("scope")
                .and_then(Value::as_str)
                .is_some_and(|s| SCOPES.contains(&s))
        })
        .filter_map(|g| g.get("target_ids").and_then(Value::as_array))
        .flatten()
        .filter_map(|id| id.as_str().map(str::to_owned))
        .fold(Vec::new(), |mut all: Vec<String>, id| {
            if !all.contains(&id) {
                all.push(id);
            }
            all
        });
    Some(TokenFacts {
        app_id: data
            .get("app_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        accounts,
    })
}

fn token_expiry(expires_at: i64, report: &mut Report) {
    let check = "access token";
    let days = (expires_at - crate::db::now()) / 86_400;
    if expires_at == 0 {
        report.ok(check, "valid, both WhatsApp permissions, never expires");
    } else if days < 14 {
        report.warn(
            check,
            format!("valid, expires in {days} days"),
            "make a system user token that never expires and set WHATSAPP_ACCESS_TOKEN",
        );
    } else {
        report.ok(
            check,
            format!("valid, both WhatsApp permissions, expires in {days} days"),
        );
    }
}

/// The app must be subscribed to the business account, or Meta sends it
/// no webhook at all.
async fn subscribed_app(graph: &Graph, facts: &TokenFacts, report: &mut Report) {
    let check = "app subscription";
    if facts.accounts.is_empty() {
        report.warn(
            check,
            "the token names no business account",
            "give the system user the WhatsApp Business Account as an asset",
        );
        return;
    }
    for account in &facts.accounts {
        let path = format!("{account}/subscribed_apps");
        match graph.get(&path, &[], true).await {
            Ok((200, body, _)) => {
                let apps = body
                    .get("data")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                let ours = apps.iter().any(|a| {
                    a.pointer("/whatsapp_business_api_data/id")
                        .and_then(Value::as_str)
                        == Some(&facts.app_id)
                });
                if ours {
                    report.ok(
                        check,
                        format!("the app receives business account {account}'s webhooks"),
                    );
                } else {
                    report.fail(check, format!("the app is not subscribed to business account {account}: Meta sends it nothing"), format!("POST /{account}/subscribed_apps with the access token (docs/operator.md)"));
                }
            }
            Ok((_, body, _)) => report.fail(
                check,
                format!("{account}: {}", graph_message(&body)),
                "check the token's business account",
            ),
            Err(e) => report.fail(check, e, "try again"),
        }
    }
}

/// Each webhook field the hub reads; returns the callback URL Meta has.
async fn fields(
    graph: &Graph,
    facts: &TokenFacts,
    config: &HubConfig,
    report: &mut Report,
) -> Option<String> {
    let check = "webhook fields";
    let app_token = format!("{}|{}", facts.app_id, config.app_secret.as_str());
    let path = format!("{}/subscriptions", facts.app_id);
    let (status, body, _) = match graph
        .get(&path, &[("access_token", app_token.as_str())], false)
        .await
    {
        Ok(r) => r,
        Err(e) => {
            report.fail(check, e, "try again");
            return None;
        }
    };
    if status != 200 {
        report.fail(
            check,
            format!(
                "cannot read the app's subscriptions: {}",
                graph_message(&body)
            ),
            "check WHATSAPP_APP_SECRET: it is the app's secret (App settings → Basic)",
        );
        return None;
    }
    let entry = body
        .get("data")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|d| d.get("object").and_then(Value::as_str) == Some("whatsapp_business_account"));
    let Some(entry) = entry else {
        report.fail(
            check,
            "the app has no WhatsApp Business Account webhook",
            "configure the webhook in the app's WhatsApp → Configuration (docs/operator.md)",
        );
        return None;
    };
    subscribed_fields(entry, report);
    entry
        .get("callback_url")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// Reports the fields of the app's webhook `entry` against the hub's.
fn subscribed_fields(entry: &Value, report: &mut Report) {
    let check = "webhook fields";
    let subscribed: Vec<&str> = entry
        .get("fields")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|f| f.get("name").and_then(Value::as_str))
        .collect();
    let missing: Vec<&(&str, &str)> = WEBHOOK_FIELDS
        .iter()
        .filter(|(f, _)| !subscribed.contains(f))
        .collect();
    let named = |list: &[&(&str, &str)]| {
        list.iter()
            .map(|(f, why)| format!("{f} ({why})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if missing.is_empty() {
        report.ok(
            check,
            format!(
                "all {} fields the hub reads are subscribed",
                WEBHOOK_FIELDS.len()
            ),
        );
    } else if missing.iter().any(|(f, _)| *f == "messages") {
        report.fail(
            check,
            format!("not subscribed: {}", named(&missing)),
            "subscribe to each in the app's WhatsApp → Configuration → Webhook fields",
        );
    } else {
        report.warn(
            check,
            format!("not subscribed: {}", named(&missing)),
            "subscribe to each in the app's WhatsApp → Configuration → Webhook fields",
        );
    }
}

/// The webhook address to try: the one Meta calls, else `--url`, else
/// the listening address.
fn webhook_url(setup: &Setup, callback: Option<&str>, report: &mut Report) -> String {
    let ours = setup
        .url
        .as_ref()
        .map(|u| format!("{}/webhooks/whatsapp", u.trim_end_matches('/')));
    if let (Some(ours), Some(theirs)) = (&ours, callback)
        && ours != theirs
    {
        report.warn(
            "webhook address",
            format!("Meta calls {theirs}, not {ours}"),
            "set the callback URL in the app's WhatsApp → Configuration to the hub's address",
        );
    }
    callback.map(str::to_owned).or(ours).unwrap_or_else(|| {
        let scheme = if setup.tls_cert.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}/webhooks/whatsapp", setup.listen)
    })
}

/// What Meta does first (the verification GET) and always (a signed POST),
/// against the running hub.
async fn webhook_round_trip(
    http: &reqwest::Client,
    url: &str,
    config: &HubConfig,
    report: &mut Report,
) {
    let challenge = format!("doctor-{}", rand::random::<u32>());
    let query = [
        ("hub.mode", "subscribe"),
        ("hub.verify_token", config.verify_token.as_str()),
        ("hub.challenge", challenge.as_str()),
    ];
    match http.get(url).query(&query).send().await {
        Ok(r) if r.status().is_success() => match r.text().await {
            Ok(body) if body == challenge => report.ok(
                "webhook verification",
                format!("{url} answers Meta's verification"),
            ),
            _ => report.fail(
                "webhook verification",
                format!("{url} answered without the challenge"),
                "the address reaches something other than the hub: check the reverse proxy",
            ),
        },
        Ok(r) if r.status().as_u16() == 403 => {
            let body = r.text().await.unwrap_or_default();
            if body.contains(ALLOWLIST_REFUSAL) {
                report.warn("webhook verification", format!("{url}: this machine is not on the webhook allowlist"), "run doctor from an address on SWITCHBOARD_WEBHOOK_ALLOW (the hub's own machine, if it is listed), or add this address to it");
                return;
            }
            report.fail("webhook verification", format!("{url} refused the verify token"), "WHATSAPP_VERIFY_TOKEN differs between this shell and the running hub: restart the hub after changing it");
        }
        Ok(r) => report.fail(
            "webhook verification",
            format!("{url} answered {}", r.status()),
            "check that the hub runs and the proxy forwards /webhooks/whatsapp",
        ),
        Err(e) => {
            report.fail(
                "webhook verification",
                format!("{url} unreachable: {}", e.without_url()),
                "start the hub (`systemctl status switchboard-hub`) and check its address",
            );
            return;
        }
    }
    let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
    let signature = switchboard_whatsapp::signature::sign(config.app_secret.as_bytes(), body);
    let sent = http
        .post(url)
        .header(switchboard_whatsapp::signature::HEADER, signature)
        .header("content-type", "application/json")
        .body(body.as_slice())
        .send()
        .await;
    match sent.map(|r| r.status().as_u16()) {
        Ok(200) => report.ok("webhook signature", "a webhook signed with WHATSAPP_APP_SECRET is accepted"),
        Ok(401) => report.fail("webhook signature", "the hub refused a webhook signed with WHATSAPP_APP_SECRET", "the running hub has another app secret: restart it after changing the setting"),
        Ok(403) => report.warn("webhook signature", "refused by the webhook allowlist (this machine is not Meta)", "expected when SWITCHBOARD_WEBHOOK_ALLOW is set; run doctor on the hub's machine to test the signature"),
        Ok(s) => report.fail("webhook signature", format!("a signed webhook was answered {s}"), "read the hub's log for the request"),
        Err(e) => report.fail("webhook signature", e.without_url().to_string(), "check the hub is running"),
    }
}
