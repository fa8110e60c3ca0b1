//! Serving the router on a listener, plain or TLS, within the connection
//! limits of [`crate::limits::LimitConfig`]: a cap on open connections with
//! a share per client address and slots kept for the allowlists, a
//! header-read timeout that also closes idle keep-alive connections (shorter
//! under pressure), a TLS handshake timeout, and a write timeout that drops a
//! response its client stopped reading. Body deadlines and sizes are
//! enforced per request by the router (`http::guard::read_body`).
//!
//! HTTP/1.1 only: every limit here is per connection, and the desktops need
//! nothing that HTTP/2 adds.

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _, ReadBuf};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tower::ServiceExt as _;

use crate::AppState;
use crate::limits::{self, LimitConfig, Share, Shares};

/// How long a stopping hub lets open requests finish.
const DRAIN: Duration = Duration::from_secs(5);

/// Marks a request that arrived on one of the kept slots.
#[derive(Debug, Clone, Copy)]
pub struct KeptSlot;

/// Who holds the connection slots: the general pool, the slots kept for
/// the allowlists' addresses, and each client address's count.
struct Slots {
    general: Arc<Semaphore>,
    general_total: usize,
    reserved: Arc<Semaphore>,
    by_address: Arc<Shares<IpAddr>>,
    /// Refusals being written over TLS (a handshake each), bounded.
    refusing: Arc<Semaphore>,
}

/// One connection's place; everything is given back when it closes.
struct Slot {
    _pool: OwnedSemaphorePermit,
    _address: Option<Share<IpAddr>>,
    /// On one of the slots kept for allowlisted and signed-in clients.
    kept: bool,
}

impl Slots {
    fn new(limits: &LimitConfig) -> Slots {
        let total = limits.max_connections.max(1);
        let reserved = limits.reserved_connections.min(total - 1);
        Slots {
            general: Arc::new(Semaphore::new(total - reserved)),
            general_total: total - reserved,
            reserved: Arc::new(Semaphore::new(reserved)),
            by_address: Arc::default(),
            refusing: Arc::new(Semaphore::new(32)),
        }
    }

    /// A place for a connection from `peer`, or `None` (refused).
    fn take(&self, peer: IpAddr, limits: &LimitConfig) -> Option<Slot> {
        // A trusted proxy carries many clients (the proxy limits them), and
        // an address on an allowlist is trusted with more than a share (an
        // office of agents behind one address, Meta's webhook senders).
        let address = if limits.trusted_proxies.iter().any(|c| c.contains(peer))
            || limits::listed(&limits.api_allow, Some(peer))
            || limits::listed(&limits.webhook_allow, Some(peer))
        {
            None
        } else {
            Some(
                self.by_address
                    .take(limits::address_key(peer), limits.connections_per_address)?,
            )
        };
        // The kept slots are for the allowlists' addresses and for signed-in
        // clients: anyone may connect on one, but a request on it that is
        // neither is refused at once (`http::guard::kept_slot_guard`), and it
        // must send its headers within the pressure timeout.
        let (pool, kept) = match self.general.clone().try_acquire_owned() {
            Ok(p) => (p, false),
            Err(_) => (self.reserved.clone().try_acquire_owned().ok()?, true),
        };
        Some(Slot {
            _pool: pool,
            _address: address,
            kept,
        })
    }

    /// Whether three quarters of the general slots are taken.
    fn under_pressure(&self) -> bool {
        self.general.available_permits() * 4 < self.general_total
    }
}

/// Serves `router` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    state: AppState,
    tls: Option<Arc<ServerConfig>>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = state.limits.config.clone();
    let slots = Slots::new(&limits);
    let acceptor = tls.map(TlsAcceptor::from);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of descriptors, most likely: wait for some to close
                    // rather than spin on the error.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Some(slot) = slots.take(peer.ip(), &limits) else {
            state.metrics.rate_limited("connections");
            refuse(tcp, acceptor.clone(), &slots, &limits);
            continue;
        };
        let kept = slot.kept;
        let header_timeout = if kept || slots.under_pressure() {
            limits.pressure_header_timeout.min(limits.header_timeout)
        } else {
            limits.header_timeout
        };
        let service = router
            .clone()
            .map_request(move |mut req: axum::extract::Request<_>| {
                req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                if kept {
                    req.extensions_mut().insert(KeptSlot);
                }
                req
            });
        let watcher = graceful.watcher();
        let acceptor = acceptor.clone();
        let limits = limits.clone();
        tokio::spawn(async move {
            let _slot = slot;
            match acceptor {
                None => serve_one(tcp, service, &limits, header_timeout, watcher).await,
                Some(acceptor) => {
                    match tokio::time::timeout(limits.tls_handshake_timeout, acceptor.accept(tcp))
                        .await
                    {
                        Ok(Ok(stream)) => {
                            serve_one(stream, service, &limits, header_timeout, watcher).await
                        }
                        Ok(Err(e)) => tracing::debug!(error = %e, "TLS handshake failed"),
                        Err(_) => tracing::debug!("TLS handshake timed out"),
                    }
                }
            }
        });
    }
    if tokio::time::timeout(DRAIN, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::info!("open connections (event streams) closed at shutdown");
    }
    Ok(())
}

/// Tells a refused client so (503 `busy`) and closes. Over TLS that takes a
/// handshake: a bounded number run at once, each within the handshake
/// timeout (at most 2 s), and past that the refusal is a bare close.
fn refuse(
    tcp: tokio::net::TcpStream,
    acceptor: Option<TlsAcceptor>,
    slots: &Slots,
    limits: &LimitConfig,
) {
    let Some(acceptor) = acceptor else {
        // Best effort: a full socket buffer just means a bare close.
        let _ = tcp.try_write(&busy_response());
        return;
    };
    let Ok(turn) = slots.refusing.clone().try_acquire_owned() else {
        return;
    };
    let within = limits.tls_handshake_timeout.min(Duration::from_secs(2));
    tokio::spawn(async move {
        let _turn = turn;
        let _ = tokio::time::timeout(within, async {
            if let Ok(mut stream) = acceptor.accept(tcp).await {
                // Its request first (a client answered before it asks
                // takes the answer for a broken connection), then the 503.
                let mut head = [0u8; 4096];
                let _ = stream.read(&mut head).await;
                let _ = stream.write_all(&busy_response()).await;
                let _ = stream.shutdown().await;
            }
        })
        .await;
    });
}

async fn serve_one<I, S>(
    io: I,
    service: S,
    limits: &LimitConfig,
    header_timeout: Duration,
    watcher: hyper_util::server::graceful::Watcher,
) where
    I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
    S: tower::Service<
            hyper::Request<hyper::body::Incoming>,
            Response = axum::response::Response,
            Error = std::convert::Infallible,
        > + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    // hyper's own HTTP/1 connection: its header-read timer starts as soon as
    // it waits for a request, so a connection that never sends one (or goes
    // quiet between requests) is closed at the deadline.
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .max_buf_size(64 * 1024)
        .serve_connection(
            TokioIo::new(WriteDeadline::new(io, limits.write_timeout)),
            TowerToHyperService::new(service),
        );
    if let Err(e) = watcher.watch(conn).await {
        tracing::debug!(error = %e, "connection ended with an error");
    }
}

/// A connection whose writes fail once the client has taken no byte for
/// `timeout`: a download or stream nobody reads ends, and what its response
/// held is dropped with it.
struct WriteDeadline<I> {
    io: I,
    timeout: Duration,
    stalled: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<I> WriteDeadline<I> {
    fn new(io: I, timeout: Duration) -> Self {
        WriteDeadline {
            io,
            timeout,
            stalled: None,
        }
    }

    /// After a write made no progress: error once the stall has lasted.
    fn stall<T>(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<T>> {
        let timeout = self.timeout;
        let sleep = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<I: AsyncRead + Unpin> AsyncRead for WriteDeadline<I> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<I: AsyncWrite + Unpin> AsyncWrite for WriteDeadline<I> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        match Pin::new(&mut self.io).poll_write(cx, buf) {
            Poll::Pending => self.stall(cx),
            done => {
                self.stalled = None;
                done
            }
        }
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        match Pin::new(&mut self.io).poll_write_vectored(cx, bufs) {
            Poll::Pending => self.stall(cx),
            done => {
                self.stalled = None;
                done
            }
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match Pin::new(&mut self.io).poll_flush(cx) {
            Poll::Pending => self.stall(cx),
            done => {
                self.stalled = None;
                done
            }
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// What a client over the connection cap reads before the hub closes.
fn busy_response() -> Vec<u8> {
    let body = serde_json::json!({
        "code": "busy",
        "message": "the hub is serving as many connections as it may: try again shortly",
        "request_id": uuid::Uuid::new_v4().simple().to_string(),
    })
    .to_string();
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 1\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}
