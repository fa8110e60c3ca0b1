//! Switchboard hub: the team server between WhatsApp and the desktops.
//!
//! [`app`] builds the whole router from an [`AppState`], so tests drive it
//! with `oneshot` and no socket, and [`serve`] runs it on a listener.
//!
//! The hub alone holds the WhatsApp credentials. It verifies every webhook's
//! signature over the raw body, writes durably before answering 200,
//! de-duplicates on the wamid, and serves each desktop a change feed
//! filtered to what its agent may read.

pub mod auth;
pub mod config;
pub mod crypto;
pub mod error;
mod routes;
pub mod store;

use axum::Router;
use std::sync::Arc;
use switchboard_whatsapp::graph::GraphClient;
use tokio::sync::watch;
use zeroize::Zeroizing;

pub use routes::app;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub store: store::Store,
    pub graph: GraphClient,
    pub app_secret: Arc<Zeroizing<String>>,
    pub verify_token: Arc<Zeroizing<String>>,
    /// The latest change seq; desktops waiting on `/v1/events` watch it.
    pub feed: Arc<watch::Sender<i64>>,
}

impl AppState {
    pub fn new(
        store: store::Store,
        graph: GraphClient,
        app_secret: Zeroizing<String>,
        verify_token: Zeroizing<String>,
    ) -> Result<AppState, store::StoreError> {
        let latest = store.blocking(|conn, _| store::latest_seq(conn))?;
        let (feed, _) = watch::channel(latest);
        Ok(AppState {
            store,
            graph,
            app_secret: Arc::new(app_secret),
            verify_token: Arc::new(verify_token),
            feed: Arc::new(feed),
        })
    }

    /// Tells SSE listeners the feed has grown.
    pub async fn publish(&self) {
        if let Ok(seq) = self.store.call(|conn, _| store::latest_seq(conn)).await {
            self.feed.send_replace(seq);
        }
    }
}

/// Runs the hub on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let router: Router = app(state);
    axum::serve(listener, router).with_graceful_shutdown(shutdown).await
}
