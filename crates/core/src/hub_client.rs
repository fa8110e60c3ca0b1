//! The hub's HTTP API as the desktop calls it.

use crate::error::{CoreError, Result};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use std::time::Duration;
use switchboard_protocol::{
    AgentSummary, ApiError, AuditEntry, ChangePage, ConversationStatus, IssuedToken, Me, Message,
    Role, SendRequest, Template, TemplateList,
};
use zeroize::Zeroizing;

#[derive(Clone)]
pub struct HubClient {
    base: String,
    token: std::sync::Arc<Zeroizing<String>>,
    http: reqwest::Client,
    /// No overall timeout: for the long-lived event stream.
    stream_http: reqwest::Client,
}

impl std::fmt::Debug for HubClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubClient")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

fn offline(e: reqwest::Error) -> CoreError {
    CoreError::Offline(e.without_url().to_string())
}

impl HubClient {
    pub fn new(base: &str, token: Zeroizing<String>) -> Result<HubClient> {
        let base = base.trim().trim_end_matches('/').to_owned();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(CoreError::Invalid(
                "the hub URL must start with http:// or https://",
            ));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(offline)?;
        let stream_http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(offline)?;
        Ok(HubClient {
            base,
            token: std::sync::Arc::new(token),
            http,
            stream_http,
        })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    async fn read<T: DeserializeOwned>(response: reqwest::Response) -> Result<T> {
        if response.status().is_success() {
            return response.json().await.map_err(offline);
        }
        Err(Self::refusal(response).await)
    }

    /// The hub's `{code, message}` for a response that is not a success.
    async fn refusal(response: reqwest::Response) -> CoreError {
        let status = response.status();
        match response.json::<ApiError>().await {
            Ok(e) => CoreError::Hub {
                status: status.as_u16(),
                code: e.code,
                message: e.message,
            },
            Err(_) => CoreError::Hub {
                status: status.as_u16(),
                code: "hub_error".into(),
                message: format!("the hub answered {status}"),
            },
        }
    }

    pub async fn me(&self) -> Result<Me> {
        let r = self
            .http
            .get(format!("{}/v1/me", self.base))
            .bearer_auth(self.token.as_str())
            .send()
            .await;
        Self::read(r.map_err(offline)?).await
    }

    pub async fn changes(&self, after: i64, limit: i64) -> Result<ChangePage> {
        let r = self
            .http
            .get(format!("{}/v1/changes", self.base))
            .query(&[("after", after), ("limit", limit)])
            .bearer_auth(self.token.as_str())
            .send()
            .await;
        Self::read(r.map_err(offline)?).await
    }

    pub async fn send(&self, conversation_id: i64, req: &SendRequest) -> Result<Message> {
        let r = self
            .http
            .post(format!(
                "{}/v1/conversations/{conversation_id}/messages",
                self.base
            ))
            .bearer_auth(self.token.as_str())
            .json(req)
            .send()
            .await;
        Self::read(r.map_err(offline)?).await
    }

    /// Uploads a file for conversation `conversation_id`, streamed from
    /// `body` (`size` bytes); the hub answers what it keeps.
    pub async fn upload(
        &self,
        conversation_id: i64,
        filename: &str,
        mime_type: &str,
        size: u64,
        body: reqwest::Body,
    ) -> Result<switchboard_protocol::Upload> {
        let r = self
            .http
            .post(format!(
                "{}/v1/conversations/{conversation_id}/uploads",
                self.base
            ))
            .query(&[("filename", filename)])
            .bearer_auth(self.token.as_str())
            .header(reqwest::header::CONTENT_TYPE, mime_type)
            .header(reqwest::header::CONTENT_LENGTH, size)
            // A 100 MB document on a slow line takes minutes.
            .timeout(Duration::from_secs(900))
            .body(body)
            .send()
            .await;
        Self::read(r.map_err(offline)?).await
    }

    /// POSTs `body` to `path`; success has no body to read.
    async fn post_empty(&self, path: &str, body: Option<serde_json::Value>) -> Result<()> {
        self.send_empty(reqwest::Method::POST, path, body).await
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.get_ok(path).await?.json().await.map_err(offline)
    }

    /// GETs `path` with the token; the hub's refusal as an error.
    async fn get_ok(&self, path: &str) -> Result<reqwest::Response> {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(self.token.as_str())
            .send()
            .await
            .map_err(offline)?;
        if !r.status().is_success() {
            return Err(Self::refusal(r).await);
        }
        Ok(r)
    }

    pub async fn assign(&self, conversation_id: i64, assignee: Option<i64>) -> Result<()> {
        let body = serde_json::json!({ "assignee": assignee });
        self.post_empty(
            &format!("/v1/conversations/{conversation_id}/assignment"),
            Some(body),
        )
        .await
    }

    pub async fn set_status(&self, conversation_id: i64, status: ConversationStatus) -> Result<()> {
        let body = serde_json::json!({ "status": status });
        self.post_empty(
            &format!("/v1/conversations/{conversation_id}/status"),
            Some(body),
        )
        .await
    }

    pub async fn mark_read(&self, conversation_id: i64) -> Result<()> {
        self.post_empty(&format!("/v1/conversations/{conversation_id}/read"), None)
            .await
    }

    pub async fn mark_unread(&self, conversation_id: i64) -> Result<()> {
        self.post_empty(&format!("/v1/conversations/{conversation_id}/unread"), None)
            .await
    }

    pub async fn templates(&self) -> Result<Vec<Template>> {
        Ok(self.get::<TemplateList>("/v1/templates").await?.templates)
    }

    /// A message's media bytes and type, refusing more than `max_bytes`.
    pub async fn media(&self, message_id: i64, max_bytes: usize) -> Result<(String, Vec<u8>)> {
        let r = self
            .get_ok(&format!("/v1/messages/{message_id}/media"))
            .await?;
        let mime = r
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/octet-stream")
            .to_owned();
        let mut r = r;
        let mut bytes = Vec::new();
        while let Some(chunk) = r.chunk().await.map_err(offline)? {
            bytes.extend_from_slice(&chunk);
            if bytes.len() > max_bytes {
                return Err(CoreError::Invalid("the file is too large to show here"));
            }
        }
        Ok((mime, bytes))
    }

    /// Sends `body` (if any) to `path` with `method`, with the token.
    async fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<reqwest::Response> {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(self.token.as_str());
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.map_err(offline)
    }

    async fn send_json<T: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<T> {
        Self::read(self.request(method, path, body).await?).await
    }

    /// Sends `body` to `path` with `method`; success has no body to read.
    async fn send_empty(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Result<()> {
        let r = self.request(method, path, body).await?;
        if r.status().is_success() {
            return Ok(());
        }
        Err(Self::refusal(r).await)
    }

    /// Admins: a new agent and its first token (shown once).
    pub async fn create_agent(&self, name: &str, role: Role) -> Result<IssuedToken> {
        self.send_json(
            reqwest::Method::POST,
            "/v1/agents",
            Some(serde_json::json!({ "name": name, "role": role })),
        )
        .await
    }

    /// Admins: another token for an agent (shown once).
    pub async fn issue_token(&self, agent_id: i64) -> Result<IssuedToken> {
        self.send_json(
            reqwest::Method::POST,
            &format!("/v1/agents/{agent_id}/tokens"),
            None,
        )
        .await
    }

    /// Admins: every token of an agent stops working.
    pub async fn revoke_tokens(&self, agent_id: i64) -> Result<()> {
        self.send_empty(
            reqwest::Method::DELETE,
            &format!("/v1/agents/{agent_id}/tokens"),
            None,
        )
        .await
    }

    /// Admins: disables (or enables) an agent.
    pub async fn set_agent_disabled(&self, agent_id: i64, disabled: bool) -> Result<()> {
        self.send_empty(
            reqwest::Method::PATCH,
            &format!("/v1/agents/{agent_id}"),
            Some(serde_json::json!({ "disabled": disabled })),
        )
        .await
    }

    /// Admins: a page of the audit log after entry `after`.
    pub async fn audit(&self, after: i64, limit: i64) -> Result<Vec<AuditEntry>> {
        self.get(&format!("/v1/audit?after={after}&limit={limit}"))
            .await
    }

    /// Agents and admins: available for new conversations, or away.
    pub async fn set_available(&self, available: bool) -> Result<()> {
        self.send_empty(
            reqwest::Method::PUT,
            "/v1/me/availability",
            Some(serde_json::json!({ "available": available })),
        )
        .await
    }

    /// Admins: how the team did between `from` and `to` (unix seconds).
    pub async fn report(
        &self,
        from: i64,
        to: i64,
        scope: &ReportScope,
    ) -> Result<switchboard_protocol::Report> {
        self.get(&format!("/v1/reports?from={from}&to={to}{}", scope.query()))
            .await
    }

    /// Admins: the same report as CSV text.
    pub async fn report_csv(&self, from: i64, to: i64, scope: &ReportScope) -> Result<String> {
        self.get_ok(&format!(
            "/v1/reports/csv?from={from}&to={to}{}",
            scope.query()
        ))
        .await?
        .text()
        .await
        .map_err(offline)
    }

    /// Every role: the labels.
    pub async fn labels(&self) -> Result<Vec<switchboard_protocol::Label>> {
        self.get("/v1/labels").await
    }

    /// Admins: adds (`id` None) or rewrites a label.
    pub async fn save_label(
        &self,
        id: Option<i64>,
        req: &switchboard_protocol::LabelRequest,
    ) -> Result<()> {
        match id {
            Some(id) => {
                self.send_empty(
                    reqwest::Method::PUT,
                    &format!("/v1/labels/{id}"),
                    Some(body(req)?),
                )
                .await
            }
            None => {
                self.send_empty(reqwest::Method::POST, "/v1/labels", Some(body(req)?))
                    .await
            }
        }
    }

    /// Admins: removes a label.
    pub async fn delete_label(&self, id: i64) -> Result<()> {
        self.send_empty(reqwest::Method::DELETE, &format!("/v1/labels/{id}"), None)
            .await
    }

    /// Sets a conversation's labels (its holder or an admin).
    pub async fn set_conversation_labels(
        &self,
        conversation_id: i64,
        labels: &[i64],
    ) -> Result<()> {
        self.send_empty(
            reqwest::Method::PUT,
            &format!("/v1/conversations/{conversation_id}/labels"),
            Some(serde_json::json!({ "labels": labels })),
        )
        .await
    }

    /// Every role: the canned replies.
    pub async fn canned(&self) -> Result<Vec<switchboard_protocol::CannedReply>> {
        self.get("/v1/canned").await
    }

    /// Admins: adds a canned reply.
    pub async fn add_canned(&self, req: &switchboard_protocol::CannedReplyRequest) -> Result<()> {
        self.send_empty(reqwest::Method::POST, "/v1/canned", Some(body(req)?))
            .await
    }

    /// Admins: rewrites a canned reply.
    pub async fn update_canned(
        &self,
        id: i64,
        req: &switchboard_protocol::CannedReplyRequest,
    ) -> Result<()> {
        self.send_empty(
            reqwest::Method::PUT,
            &format!("/v1/canned/{id}"),
            Some(body(req)?),
        )
        .await
    }

    /// Admins: removes a canned reply.
    pub async fn delete_canned(&self, id: i64) -> Result<()> {
        self.send_empty(reqwest::Method::DELETE, &format!("/v1/canned/{id}"), None)
            .await
    }

    /// Every role: the team's names.
    pub async fn team(&self) -> Result<Vec<switchboard_protocol::TeamMember>> {
        self.get("/v1/team").await
    }

    /// Teams and their members (every role).
    pub async fn teams(&self) -> Result<Vec<switchboard_protocol::Team>> {
        self.get("/v1/teams").await
    }

    /// The business numbers, with their names and teams (every role).
    pub async fn inboxes(&self) -> Result<Vec<switchboard_protocol::Inbox>> {
        self.get("/v1/inboxes").await
    }

    /// Moves a conversation to another team's queue, with a note.
    pub async fn transfer(
        &self,
        conversation_id: i64,
        req: &switchboard_protocol::TransferRequest,
    ) -> Result<()> {
        self.post_empty(
            &format!("/v1/conversations/{conversation_id}/transfer"),
            Some(body(req)?),
        )
        .await
    }

    /// Admins: a new team.
    pub async fn add_team(&self, name: &str) -> Result<()> {
        let req = switchboard_protocol::TeamRequest {
            name: name.to_owned(),
        };
        self.post_empty("/v1/teams", Some(body(&req)?)).await
    }

    /// Admins: renames a team.
    pub async fn rename_team(&self, id: i64, name: &str) -> Result<()> {
        let req = switchboard_protocol::TeamRequest {
            name: name.to_owned(),
        };
        self.send_empty(
            reqwest::Method::PUT,
            &format!("/v1/teams/{id}"),
            Some(body(&req)?),
        )
        .await
    }

    /// Admins: deletes a team that holds no conversation and no inbox.
    pub async fn delete_team(&self, id: i64) -> Result<()> {
        self.send_empty(reqwest::Method::DELETE, &format!("/v1/teams/{id}"), None)
            .await
    }

    /// Admins: puts someone in a team (or changes whether it leads it), or
    /// takes it out (`lead` None).
    pub async fn set_member(&self, team_id: i64, agent_id: i64, lead: Option<bool>) -> Result<()> {
        let path = format!("/v1/teams/{team_id}/members/{agent_id}");
        match lead {
            Some(lead) => {
                let req = switchboard_protocol::MemberRequest { lead };
                self.send_empty(reqwest::Method::PUT, &path, Some(body(&req)?))
                    .await
            }
            None => self.send_empty(reqwest::Method::DELETE, &path, None).await,
        }
    }

    /// Admins: an inbox's business hours, away reply and greeting.
    pub async fn set_inbox_hours(
        &self,
        id: &str,
        req: &switchboard_protocol::InboxHoursRequest,
    ) -> Result<()> {
        self.send_empty(
            reqwest::Method::PUT,
            &format!("/v1/inboxes/{id}/hours"),
            Some(body(req)?),
        )
        .await
    }

    /// Snoozes a conversation until `until` (or until the customer writes).
    pub async fn snooze(&self, conversation_id: i64, until: Option<i64>) -> Result<()> {
        let req = switchboard_protocol::SnoozeRequest { until };
        self.post_empty(
            &format!("/v1/conversations/{conversation_id}/snooze"),
            Some(body(&req)?),
        )
        .await
    }

    /// The macros.
    pub async fn macros(&self) -> Result<Vec<switchboard_protocol::Macro>> {
        self.get("/v1/macros").await
    }

    /// Admins: adds a macro (`id` none) or replaces one.
    pub async fn save_macro(
        &self,
        id: Option<i64>,
        rule: &switchboard_protocol::MacroRequest,
    ) -> Result<()> {
        match id {
            Some(id) => {
                self.send_empty(
                    reqwest::Method::PUT,
                    &format!("/v1/macros/{id}"),
                    Some(body(rule)?),
                )
                .await
            }
            None => self
                .send_json::<serde_json::Value>(
                    reqwest::Method::POST,
                    "/v1/macros",
                    Some(body(rule)?),
                )
                .await
                .map(|_| ()),
        }
    }

    /// Admins: deletes a macro.
    pub async fn delete_macro(&self, id: i64) -> Result<()> {
        self.send_empty(reqwest::Method::DELETE, &format!("/v1/macros/{id}"), None)
            .await
    }

    /// The service-level policies.
    pub async fn sla_policies(&self) -> Result<Vec<switchboard_protocol::SlaPolicy>> {
        self.get("/v1/sla-policies").await
    }

    /// Admins: adds a policy (`id` none) or replaces one.
    pub async fn save_sla_policy(
        &self,
        id: Option<i64>,
        rule: &switchboard_protocol::SlaPolicyRequest,
    ) -> Result<()> {
        match id {
            Some(id) => {
                self.send_empty(
                    reqwest::Method::PUT,
                    &format!("/v1/sla-policies/{id}"),
                    Some(body(rule)?),
                )
                .await
            }
            None => self
                .send_json::<serde_json::Value>(
                    reqwest::Method::POST,
                    "/v1/sla-policies",
                    Some(body(rule)?),
                )
                .await
                .map(|_| ()),
        }
    }

    /// Admins: deletes a policy.
    pub async fn delete_sla_policy(&self, id: i64) -> Result<()> {
        self.send_empty(
            reqwest::Method::DELETE,
            &format!("/v1/sla-policies/{id}"),
            None,
        )
        .await
    }

    /// One action on many conversations; what the hub refused comes back.
    pub async fn bulk(
        &self,
        req: &switchboard_protocol::BulkRequest,
    ) -> Result<switchboard_protocol::BulkOutcome> {
        self.send_json(
            reqwest::Method::POST,
            "/v1/conversations/bulk",
            Some(body(req)?),
        )
        .await
    }

    /// Brings a snoozed conversation back.
    pub async fn wake(&self, conversation_id: i64) -> Result<()> {
        self.post_empty(&format!("/v1/conversations/{conversation_id}/wake"), None)
            .await
    }

    /// Admins: names an inbox and routes it to a team.
    pub async fn set_inbox(
        &self,
        id: &str,
        req: &switchboard_protocol::InboxRequest,
    ) -> Result<()> {
        self.send_empty(
            reqwest::Method::PUT,
            &format!("/v1/inboxes/{id}"),
            Some(body(req)?),
        )
        .await
    }

    /// Admins only: WhatsApp's alerts, newest first, before `before`.
    pub async fn alerts(
        &self,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<switchboard_protocol::Alert>> {
        match before {
            Some(b) => {
                self.get(&format!("/v1/alerts?before={b}&limit={limit}"))
                    .await
            }
            None => self.get(&format!("/v1/alerts?limit={limit}")).await,
        }
    }

    /// Admins only.
    pub async fn agents(&self) -> Result<Vec<AgentSummary>> {
        self.get("/v1/agents").await
    }

    /// Says what this agent is doing in a conversation (viewing, typing,
    /// left); the hub tells the team.
    pub async fn presence(
        &self,
        conversation_id: i64,
        state: switchboard_protocol::PresenceState,
    ) -> Result<switchboard_protocol::Presence> {
        self.send_json(
            reqwest::Method::POST,
            &format!("/v1/conversations/{conversation_id}/presence"),
            Some(body(&switchboard_protocol::PresenceRequest { state })?),
        )
        .await
    }

    /// Follows `/v1/events`, calling `on_event` for each event, until the
    /// stream ends or fails.
    pub async fn follow_events(&self, mut on_event: impl FnMut(HubEvent)) -> Result<()> {
        let r = self
            .stream_http
            .get(format!("{}/v1/events", self.base))
            .bearer_auth(self.token.as_str())
            .send()
            .await
            .map_err(offline)?;
        if !r.status().is_success() {
            return Err(Self::refusal(r).await);
        }
        let mut stream = r.bytes_stream();
        let mut buffer = Vec::new();
        loop {
            // Heartbeats come every 15 s; silence for 45 s means a dead link.
            let next = tokio::time::timeout(Duration::from_secs(45), stream.next()).await;
            let chunk = match next {
                Err(_) => return Err(CoreError::Offline("the event stream went silent".into())),
                Ok(None) => return Ok(()),
                Ok(Some(chunk)) => chunk.map_err(offline)?,
            };
            buffer.extend_from_slice(&chunk);
            while let Some(pos) = buffer.windows(2).position(|w| w == b"\n\n") {
                let event: Vec<u8> = buffer.drain(..pos + 2).collect();
                let (mut name, mut data) = (None, None);
                for line in event.split(|b| *b == b'\n') {
                    if let Some(v) = line.strip_prefix(b"event:") {
                        name = Some(String::from_utf8_lossy(v).trim().to_owned());
                    } else if let Some(v) = line.strip_prefix(b"data:") {
                        data = Some(v.to_vec());
                    }
                }
                match (name.as_deref(), data) {
                    (Some("presence"), Some(data)) => {
                        // A presence the hub cannot have meant is skipped.
                        if let Ok(p) = serde_json::from_slice(&data) {
                            on_event(HubEvent::Presence(p));
                        }
                    }
                    (Some("lists"), Some(data)) => {
                        if let Some(n) = std::str::from_utf8(&data)
                            .ok()
                            .and_then(|d| d.trim().parse().ok())
                        {
                            on_event(HubEvent::Lists(n));
                        }
                    }
                    (Some("page"), Some(data)) => match serde_json::from_slice(&data) {
                        Ok(page) => on_event(HubEvent::Page(page)),
                        // Unreadable: pull instead.
                        Err(_) => on_event(HubEvent::Changes(None)),
                    },
                    (_, Some(data)) => on_event(HubEvent::Changes(
                        std::str::from_utf8(&data)
                            .ok()
                            .and_then(|d| d.trim().parse().ok()),
                    )),
                    (_, None) => {}
                }
            }
        }
    }
}

/// What the hub's event stream tells.
#[derive(Debug, Clone, PartialEq)]
pub enum HubEvent {
    /// The feed grew (to this seq, when the hub says): time to pull.
    Changes(Option<i64>),
    /// The feed grew by these changes, all the caller may read of them.
    Page(switchboard_protocol::PushedPage),
    /// The generation of the lists the desktop keeps (the team's names,
    /// canned replies, labels): fetch them again when it moved.
    Lists(i64),
    /// Who is viewing or typing in a conversation.
    Presence(switchboard_protocol::Presence),
}

/// A request body as JSON.
fn body(value: &impl serde::Serialize) -> Result<serde_json::Value> {
    serde_json::to_value(value).map_err(|_| CoreError::Invalid("the request could not be written"))
}

/// Which conversations a report counts: all, one team's, one inbox's.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportScope {
    #[serde(default)]
    pub team: Option<i64>,
    /// A phone number id (digits).
    #[serde(default)]
    pub inbox: Option<String>,
}

impl ReportScope {
    /// The query string's extra parameters (an inbox that is not digits is
    /// left out: it names no number).
    fn query(&self) -> String {
        let mut q = String::new();
        if let Some(team) = self.team {
            q.push_str(&format!("&team={team}"));
        }
        if let Some(inbox) = self
            .inbox
            .as_deref()
            .filter(|i| !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit()))
        {
            q.push_str(&format!("&inbox={inbox}"));
        }
        q
    }
}
