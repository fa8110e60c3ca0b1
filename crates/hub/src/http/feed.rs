//! The change feed and the wake-up stream every desktop follows.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use serde::Deserialize;
use std::convert::Infallible;
use std::time::Duration;
use switchboard_protocol::{ApiError, ChangePage};

use super::extract::ApiQuery;
use crate::AppState;
use crate::auth::{Caller, Credential};
use crate::error::AppError;
use crate::limits;
use utoipa_axum::{router::OpenApiRouter, routes};

/// This resource's routes, each with its description.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(changes))
        .routes(routes!(events))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct ChangesQuery {
    #[serde(default)]
    after: i64,
    limit: Option<i64>,
}

#[utoipa::path(
    get, path = "/v1/changes", tag = "desktop", security(("bearer" = [])),
    summary = "The change feed after a cursor, filtered to what the caller may read",
    params(ChangesQuery),
    responses((status = 200, body = ChangePage, example = json!({"changes": [
        {"type": "conversation", "seq": 11, "conversation": {"id": 7, "wa_id": "351912345678", "contact_name": "Rita", "assignee": null, "status": "open", "unread": 1, "last_inbound_at": 1764500000, "last_message_at": 1764500000, "inbox": "106540352242922", "team_id": 2}},
        {"type": "message", "seq": 12, "message": {"id": 41, "conversation_id": 7, "direction": "inbound", "kind": "text", "text": "Is my order late?", "wamid": "wamid.HBgM", "client_message_id": null, "status": "read", "error": null, "timestamp": 1764500000, "sent_by": null}},
        {"type": "revoked", "seq": 13, "conversation_id": 5}
    ], "next": 13, "more": false, "latest": 13, "teams": [{"team_id": 2, "lead": false}]})))
)]
pub(super) async fn changes(
    State(state): State<AppState>,
    Caller(agent): Caller,
    ApiQuery(q): ApiQuery<ChangesQuery>,
) -> Result<Json<ChangePage>, AppError> {
    if q.after < 0 {
        return Err(AppError::bad_request("after must be a seq of 0 or more"));
    }
    let limit = q.limit.unwrap_or(500).clamp(1, 1000);
    let teams = agent.teams.clone();
    let (changes, next, more) = state.store.changes_for(agent, q.after, limit).await?;
    let latest = (*state.feed.borrow()).max(next);
    Ok(Json(ChangePage {
        changes,
        next,
        more,
        latest,
        teams: Some(teams),
    }))
}

/// The feed as it grows, and who is where: a `changes` event carries the
/// feed's latest seq (pull `/v1/changes` up to it); a `page` event carries
/// the new changes the caller may read themselves (a
/// [`switchboard_protocol::PushedPage`]: apply them when your cursor is in
/// `[after, next]`, else pull); a `presence` event, who is viewing or
/// typing where. The feed is the truth: a page is exactly what a pull
/// would have served.
///
/// The stream reads its caller again whenever tokens may have changed:
/// at once for a change made through this hub, within `stream_recheck`
/// for one made elsewhere (another hub, the command line: the hub reads
/// the tokens' generation that often, once for all its streams), and at
/// the token's expiry; it ends as soon as the token no longer works.
/// Before pushing a page it reads its caller again if tokens changed
/// anywhere since it last did, and it never pushes past the expiry.
/// A `lists` event carries the generation of the lists a desktop keeps
/// (the team's names, canned replies, labels): first at the start, then
/// each time one of them changes; fetch them again when it differs from
/// the one last fetched.
#[utoipa::path(
    get, path = "/v1/events", tag = "desktop", security(("bearer" = [])),
    summary = "Server-sent events: the feed's growth (its latest seq, or the new changes themselves), presence, and the lists' generation",
    responses(
        (status = 200, description = "an event stream: `changes` (data: the latest seq), `page` (data: a PushedPage), `presence` (data: a Presence) and `lists` (data: the lists' generation) events", body = String, content_type = "text/event-stream"),
        (status = 429, description = "this token has as many streams open as it may, or the hub as many in all (`too_many_streams`)", body = ApiError)
    )
)]
pub(super) async fn events(
    State(state): State<AppState>,
    caller: Caller,
    credential: Credential,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let slot = stream_slot(&state, &credential.token_hash)?;
    let watch = Watch::new(state, caller, slot, credential.token_hash);
    let stream = futures_util::stream::unfold(watch, Watch::next);
    Ok(Sse::new(stream).keep_alive(
        KeepAlive::new()
            .interval(Duration::from_secs(15))
            .text("heartbeat"),
    ))
}

/// Takes one of the token's stream slots, or refuses (429) when it or the
/// hub has as many streams open as it may.
fn stream_slot(state: &AppState, token_hash: &[u8]) -> Result<limits::StreamSlot, AppError> {
    // A desktop needs one stream; a few per token, and all streams together
    // in a pool of their own, so streams never hold every connection.
    state.limits.open_stream(token_hash).map_err(|refusal| {
        state.metrics.rate_limited("streams");
        AppError {
            retry_after: Some(5),
            ..AppError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_streams",
                match refusal {
                    limits::Refusal::PerClient => format!(
                        "at most {} event streams at once per sign-in: close one first",
                        state.limits.config.streams_per_token
                    ),
                    limits::Refusal::Pool => {
                        "the hub is serving as many event streams as it may: try again shortly"
                            .to_owned()
                    }
                },
            )
        }
    })
}

/// A `changes` event carrying the feed's latest seq.
fn changes_event(seq: i64) -> Result<Event, Infallible> {
    Ok(Event::default().event("changes").data(seq.to_string()))
}

/// A `page` event: changes pushed (see [`crate::push`]).
fn page_event(json: String) -> Result<Event, Infallible> {
    Ok(Event::default().event("page").data(json))
}

/// One open event stream: what it listens to, and whose it is.
struct Watch {
    _slot: limits::StreamSlot,
    state: AppState,
    caller: Caller,
    presence: tokio::sync::broadcast::Receiver<crate::presence::PresenceEvent>,
    pages: tokio::sync::watch::Receiver<std::sync::Arc<crate::push::Recent>>,
    epoch: tokio::sync::watch::Receiver<u64>,
    tokens: tokio::sync::watch::Receiver<i64>,
    lists: tokio::sync::watch::Receiver<i64>,
    tick: tokio::time::Interval,
    token_hash: Vec<u8>,
    started: bool,
    /// The feed position this stream has told its caller of.
    told: i64,
    /// The tokens' generation the caller was last read at, and when the
    /// token expires (unix seconds); `None` until read.
    read_at: Option<(i64, i64)>,
}

impl Watch {
    /// A stream holding `slot`, listening to the feed, presence and token
    /// changes, and looking every `stream_recheck` whether its token has
    /// expired (or could not be read last time).
    fn new(
        state: AppState,
        caller: Caller,
        slot: limits::StreamSlot,
        token_hash: Vec<u8>,
    ) -> Watch {
        let every = state.limits.config.stream_recheck;
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let (tokens, lists) = state.watch_generations();
        Watch {
            _slot: slot,
            caller,
            presence: state.presence.subscribe(),
            pages: state.pages.subscribe(),
            told: 0,
            read_at: None,
            epoch: state.auth_epoch.subscribe(),
            tokens,
            lists,
            state,
            tick,
            token_hash,
            started: false,
        }
    }

    /// The stream's next event (the latest seq first of all), or its end
    /// once the token no longer works or the hub stops.
    async fn next(mut self) -> Option<(Result<Event, Infallible>, Watch)> {
        if !self.started {
            self.started = true;
            // Its expiry, and the generation it is read at.
            if !self.still_valid().await {
                return None;
            }
            // The feed's head is sent before each batch: what was marked
            // seen here is covered by the seq told now.
            self.pages.borrow_and_update();
            self.told = *self.state.feed.borrow();
            // The lists' generation comes next (marked unseen).
            self.lists.mark_changed();
            return Some((changes_event(self.told), self));
        }
        loop {
            // In this order: a token or role change on this hub is applied
            // before the feed is told or any presence judged by it.
            tokio::select! {
                biased;
                changed = self.epoch.changed() => {
                    changed.ok()?;
                    if !self.still_valid().await {
                        return None;
                    }
                }
                changed = self.tokens.changed() => {
                    changed.ok()?;
                    self.tokens.borrow_and_update();
                    if !self.still_valid().await {
                        return None;
                    }
                }
                changed = self.pages.changed() => {
                    changed.ok()?;
                    let recent = self.pages.borrow_and_update().clone();
                    if recent.next() <= self.told {
                        continue;
                    }
                    let event = self.tell(&recent).await?;
                    self.told = recent.next();
                    return Some((event, self));
                }
                changed = self.lists.changed() => {
                    changed.ok()?;
                    let lists = *self.lists.borrow_and_update();
                    return Some((Ok(Event::default().event("lists").data(lists.to_string())), self));
                }
                heard = self.presence.recv() => match heard {
                    // Only to whoever may read the conversation, never about oneself alone.
                    Ok(e) if switchboard_protocol::may_read(self.caller.0.who(), e.place) => {
                        if let Ok(data) = serde_json::to_string(&e.presence) {
                            return Some((Ok(Event::default().event("presence").data(data)), self));
                        }
                    }
                    Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
                },
                _ = self.tick.tick() => {
                    let due = match self.read_at {
                        Some((_, expires)) => expires <= crate::db::now(),
                        None => true,
                    };
                    if due && !self.still_valid().await {
                        return None;
                    }
                }
            }
        }
    }

    /// What to tell of the newest batches: the page of what the caller
    /// may read of them since the stream last told, when they are all kept
    /// and pushable and the caller is read as of their tokens; else the
    /// seq to pull up to. `None` ends the stream (the token no longer works).
    async fn tell(&mut self, recent: &crate::push::Recent) -> Option<Result<Event, Infallible>> {
        if !recent.pushable_from(self.told) {
            return Some(changes_event(recent.next()));
        }
        let fresh =
            matches!(self.read_at, Some((generation, _)) if generation >= recent.generation());
        if !fresh {
            // Tokens changed since the caller was read (here, on another
            // hub or by the command line): read it again first.
            self.read_at = None;
            if !self.still_valid().await {
                return None;
            }
            match &mut self.read_at {
                Some((generation, _)) => *generation = (*generation).max(recent.generation()),
                // The store did not answer: the desktop pulls (and is judged there).
                None => return Some(changes_event(recent.next())),
            }
        }
        match self.read_at {
            Some((_, expires)) if expires > crate::db::now() => {
                Some(match recent.page_for(self.told, &self.caller.0) {
                    Some(json) => page_event(json),
                    None => changes_event(recent.next()),
                })
            }
            // Expired: the pull (or the next re-check) says so.
            _ => Some(changes_event(recent.next())),
        }
    }

    /// False once the token is revoked, expired or its agent disabled;
    /// otherwise the caller is read again, so a changed role governs
    /// what the stream tells from now on (pages, presence).
    async fn still_valid(&mut self) -> bool {
        let generation = self.pages.borrow().generation().max(*self.tokens.borrow());
        match self
            .state
            .store
            .authenticate_until(self.token_hash.clone())
            .await
        {
            Ok(Ok((agent, expires))) => {
                self.caller = Caller(agent);
                // Read no earlier than the newest batch's tokens.
                self.read_at = Some((generation, expires));
                true
            }
            Ok(Err(_)) => false,
            // The store is unwell: keep the stream, re-check next time, and
            // push nothing until the caller is read.
            Err(_) => {
                self.read_at = None;
                true
            }
        }
    }
}
