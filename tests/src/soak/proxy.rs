//! A fault-injecting TCP proxy: what the network does to a team between
//! its desktops and hubs, its hubs and the database, its hubs and Meta.
//! Bytes are copied as they are; a fault changes how (or whether) they
//! pass until it is healed.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// What the proxy does to traffic now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weather {
    /// Bytes pass as they come.
    Clear,
    /// Every chunk waits this long, both ways.
    Latency(Duration),
    /// Connections stay open and nothing passes: a stalled stream, a
    /// half-open connection.
    Stalled,
    /// New connections are refused and open ones reset: a partition.
    Cut,
}

/// One proxy: its own address, the upstream it forwards to (changeable:
/// a restarted hub listens elsewhere) and its weather.
#[derive(Clone)]
pub struct Proxy {
    pub addr: SocketAddr,
    upstream: Arc<Mutex<SocketAddr>>,
    weather: watch::Sender<Weather>,
    /// Bumped to reset every open connection at once.
    resets: watch::Sender<u64>,
}

impl Proxy {
    /// Listens on a free loopback port and forwards to `upstream`.
    pub async fn start(upstream: SocketAddr) -> anyhow::Result<Proxy> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let proxy = Proxy {
            addr: listener.local_addr()?,
            upstream: Arc::new(Mutex::new(upstream)),
            weather: watch::channel(Weather::Clear).0,
            resets: watch::channel(0).0,
        };
        let serving = proxy.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let p = serving.clone();
                tokio::spawn(async move { p.carry(client).await });
            }
        });
        Ok(proxy)
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn point_at(&self, upstream: SocketAddr) {
        if let Ok(mut u) = self.upstream.lock() {
            *u = upstream;
        }
    }

    pub fn set(&self, weather: Weather) {
        self.weather.send_replace(weather);
        if weather == Weather::Cut {
            self.reset_all();
        }
    }

    /// Resets every open connection (each side sees its peer vanish).
    pub fn reset_all(&self) {
        self.resets.send_modify(|n| *n += 1);
    }

    async fn carry(&self, client: TcpStream) {
        if *self.weather.borrow() == Weather::Cut {
            return;
        }
        let upstream = match self.upstream.lock() {
            Ok(u) => *u,
            Err(_) => return,
        };
        let Ok(server) = TcpStream::connect(upstream).await else {
            return;
        };
        let _ = client.set_nodelay(true);
        let _ = server.set_nodelay(true);
        let mut resets = self.resets.subscribe();
        let (cr, cw) = client.into_split();
        let (sr, sw) = server.into_split();
        let up = pump(cr, sw, self.weather.subscribe());
        let down = pump(sr, cw, self.weather.subscribe());
        tokio::select! {
            _ = async { tokio::join!(up, down) } => {}
            _ = resets.changed() => {}
        }
    }
}

/// Copies one direction under the weather until either side closes.
async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    mut weather: watch::Receiver<Weather>,
) {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        loop {
            let now = *weather.borrow_and_update();
            match now {
                Weather::Clear => break,
                Weather::Latency(d) => {
                    tokio::time::sleep(d).await;
                    break;
                }
                Weather::Stalled => {
                    // Hold the bytes until the weather changes.
                    if weather.changed().await.is_err() {
                        return;
                    }
                }
                Weather::Cut => return,
            }
        }
        if to.write_all(&buf[..n]).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}
