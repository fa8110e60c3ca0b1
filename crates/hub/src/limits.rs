//! What one hub lets its clients use, in one place (docs/configuration.md).
//!
//! * Connections: at most `max_connections` at once, of which one client
//!   address (an IPv6 /64) holds at most `connections_per_address` (trusted
//!   proxies excepted) and `reserved_connections` are kept for the webhook and
//!   API allowlists' addresses. A request's headers must arrive within
//!   `header_timeout` (which also closes idle keep-alive connections; under
//!   pressure new connections get `pressure_header_timeout`), its body within
//!   `body_timeout` and no slower than `body_min_rate`, a TLS handshake within
//!   `tls_handshake_timeout`; a response no byte of which the client takes for
//!   `write_timeout` closes its connection.
//! * Bodies: at most `webhook_body_max` / `api_body_max` bytes, reserved from
//!   a budget as they arrive (never on a declared length). Unauthenticated
//!   bodies (webhooks) share `body_budget`, at most
//!   `body_budget_per_address` of it per client address; authenticated API
//!   bodies have `api_body_budget` and uploads `upload_budget`, which
//!   unauthenticated clients cannot touch.
//! * Per token: `streams_per_token` event streams (all streams together at
//!   most `max_streams`), `uploads_per_token` uploads and
//!   `downloads_per_token` media downloads at once.
//! * Failed authentication is counted per client address; past the limit
//!   requests *without a valid token* from that address get 429 until the
//!   window ends. A valid token is never refused for others' failures.
//! * Each token has a request budget (a token bucket); past it, 429 with
//!   `Retry-After`.
//! * CIDR allowlists for the desktop API, Meta's webhook and `/metrics`, and
//!   the proxies whose `X-Forwarded-For` is believed.

use axum::http::HeaderMap;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

#[derive(Debug, Clone)]
pub struct LimitConfig {
    /// Failed sign-ins per address per window before it is refused.
    pub failed_auth_per_window: u32,
    pub failed_auth_window: Duration,
    /// Sustained API requests per second per token, and the burst above it.
    pub token_per_sec: f64,
    pub token_burst: f64,
    pub api_allow: Vec<Cidr>,
    pub webhook_allow: Vec<Cidr>,
    /// Who may scrape `/metrics` (default: loopback only).
    pub metrics_allow: Vec<Cidr>,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<Cidr>,
    /// Connections served at once; more are answered 503 and closed.
    pub max_connections: usize,
    /// A request's headers must arrive within this (idle connections too).
    pub header_timeout: Duration,
    /// A request's whole body must arrive within this.
    pub body_timeout: Duration,
    pub tls_handshake_timeout: Duration,
    pub webhook_body_max: usize,
    pub api_body_max: usize,
    /// Bytes of unauthenticated bodies (webhooks) held at once, all together.
    pub body_budget: usize,
    /// Of `body_budget`, what one client address may hold at once.
    pub body_budget_per_address: usize,
    /// Bytes of authenticated API bodies held at once.
    pub api_body_budget: usize,
    /// Bytes held by uploads being received, all together.
    pub upload_budget: usize,
    /// After `body_grace`, a body (or upload) must have arrived at least this
    /// fast on average, in bytes a second: a trickle is cut off.
    pub body_min_rate: u64,
    pub body_grace: Duration,
    /// Connections one client address (IPv4, or IPv6 /64) may hold at once.
    pub connections_per_address: usize,
    /// Of `max_connections`, slots only the webhook and API allowlists'
    /// addresses may take (when those lists are set).
    pub reserved_connections: usize,
    /// Once three quarters of the slots are taken, new connections must send
    /// their headers within this instead of `header_timeout`.
    pub pressure_header_timeout: Duration,
    /// A response the client takes no byte of for this long is dropped and
    /// its connection closed (stalled downloads and streams).
    pub write_timeout: Duration,
    /// Event streams open at once per token, and in all.
    pub streams_per_token: usize,
    pub max_streams: usize,
    /// Uploads being received at once per token.
    pub uploads_per_token: usize,
    /// Bytes of uploaded files one agent may hold unsent (a message takes
    /// them; the sweep deletes the rest after a day).
    pub upload_quota: u64,
    /// Media downloads being served at once per token.
    pub downloads_per_token: usize,
    /// Bytes of customer media held whole while served, all downloads together.
    pub download_budget: usize,
    /// How often an open event stream re-checks its token.
    pub stream_recheck: Duration,
    /// `/readyz` tries a write at most this often; callers in between share the answer.
    pub ready_interval: Duration,
}

/// Changes of availability an agent may make at once, and how fast that
/// refills (each change is audited).
pub const AVAILABILITY_BURST: f64 = 10.0;
pub const AVAILABILITY_EVERY: Duration = Duration::from_secs(6);

/// One agent's availability changes: a token bucket and the last value set.
struct Toggles {
    at: Instant,
    tokens: f64,
    last: Option<bool>,
}

/// Meta caps webhook bodies well below this; anything larger is refused (413).
pub const MAX_WEBHOOK_BYTES: usize = 3 * 1024 * 1024;

impl Default for LimitConfig {
    fn default() -> LimitConfig {
        LimitConfig {
            failed_auth_per_window: 20,
            failed_auth_window: Duration::from_secs(60),
            token_per_sec: 20.0,
            token_burst: 200.0,
            api_allow: Vec::new(),
            webhook_allow: Vec::new(),
            metrics_allow: loopback(),
            trusted_proxies: Vec::new(),
            max_connections: 1024,
            header_timeout: Duration::from_secs(15),
            body_timeout: Duration::from_secs(15),
            tls_handshake_timeout: Duration::from_secs(10),
            webhook_body_max: MAX_WEBHOOK_BYTES,
            api_body_max: 256 * 1024,
            body_budget: 64 * 1024 * 1024,
            body_budget_per_address: 8 * 1024 * 1024,
            api_body_budget: 16 * 1024 * 1024,
            upload_budget: 32 * 1024 * 1024,
            body_min_rate: 4 * 1024,
            body_grace: Duration::from_secs(5),
            connections_per_address: 256,
            reserved_connections: 128,
            pressure_header_timeout: Duration::from_secs(3),
            write_timeout: Duration::from_secs(30),
            streams_per_token: 4,
            max_streams: 512,
            uploads_per_token: 3,
            upload_quota: 300_000_000,
            downloads_per_token: 4,
            download_budget: 256 * 1024 * 1024,
            stream_recheck: Duration::from_secs(5),
            ready_interval: Duration::from_secs(5),
        }
    }
}

/// `127.0.0.0/8` and `::1`.
pub fn loopback() -> Vec<Cidr> {
    parse_list("127.0.0.0/8,::1").unwrap_or_default()
}

pub struct Limits {
    pub config: LimitConfig,
    failures: Mutex<HashMap<IpAddr, (Instant, u32)>>,
    tokens: Mutex<HashMap<Vec<u8>, (Instant, f64)>>,
    /// Unauthenticated bodies, in KiB permits, and each address's bytes of it.
    pub webhook_bodies: BodyPool,
    /// Authenticated API bodies, in KiB permits.
    pub api_bodies: BodyPool,
    /// Uploads' buffers, in KiB permits.
    pub uploads: BodyPool,
    /// Customer media held whole while it is served, in KiB permits.
    pub downloads: BodyPool,
    streams: Arc<Semaphore>,
    streams_by_token: Arc<Shares<Vec<u8>>>,
    uploads_by_token: Arc<Shares<Vec<u8>>>,
    downloads_by_token: Arc<Shares<Vec<u8>>>,
    /// When each agent last changed its availability.
    toggles: Mutex<HashMap<i64, Toggles>>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::new(LimitConfig::default())
    }
}

impl Limits {
    pub fn new(config: LimitConfig) -> Limits {
        Limits {
            webhook_bodies: BodyPool::new(config.body_budget, Some(config.body_budget_per_address)),
            api_bodies: BodyPool::new(config.api_body_budget, None),
            uploads: BodyPool::new(config.upload_budget, None),
            downloads: BodyPool::new(config.download_budget, None),
            streams: Arc::new(Semaphore::new(
                config.max_streams.clamp(1, Semaphore::MAX_PERMITS),
            )),
            streams_by_token: Arc::default(),
            uploads_by_token: Arc::default(),
            downloads_by_token: Arc::default(),
            toggles: Mutex::default(),
            config,
            failures: Mutex::default(),
            tokens: Mutex::default(),
        }
    }

    /// Bytes of the unauthenticated body budget not reserved now (rounded to KiB).
    pub fn body_budget_free(&self) -> usize {
        self.webhook_bodies.free()
    }

    /// An event stream for `token_hash`, or the refusal to answer: too many
    /// of this token's own, or of all tokens' together.
    pub fn open_stream(&self, token_hash: &[u8]) -> Result<StreamSlot, Refusal> {
        let mine = self
            .streams_by_token
            .take(token_hash.to_vec(), self.config.streams_per_token)
            .ok_or(Refusal::PerClient)?;
        let pool = self
            .streams
            .clone()
            .try_acquire_owned()
            .map_err(|_| Refusal::Pool)?;
        Ok(StreamSlot {
            _mine: mine,
            _pool: pool,
        })
    }

    /// Whether `agent_id` may set its availability to `available` now.
    /// Saying the same again is always fine; changes (each one audited) come
    /// from a bucket of [`AVAILABILITY_BURST`] refilled at one per
    /// [`AVAILABILITY_EVERY`], so a person switching now and then is never
    /// refused and a script flipping it cannot flood the audit log. `Err`
    /// holds the seconds to wait.
    pub fn availability_toggle(&self, agent_id: i64, available: bool) -> Result<(), u64> {
        let Ok(mut map) = self.toggles.lock() else {
            return Ok(());
        };
        let now = Instant::now();
        if map.len() > 100_000 {
            map.retain(|_, t| t.at.elapsed() < AVAILABILITY_EVERY * AVAILABILITY_BURST as u32);
        }
        let every = AVAILABILITY_EVERY.as_secs_f64();
        let t = map.entry(agent_id).or_insert(Toggles {
            at: now,
            tokens: AVAILABILITY_BURST,
            last: None,
        });
        if t.last == Some(available) {
            return Ok(());
        }
        t.tokens =
            (t.tokens + now.duration_since(t.at).as_secs_f64() / every).min(AVAILABILITY_BURST);
        t.at = now;
        if t.tokens < 1.0 {
            return Err(((1.0 - t.tokens) * every).ceil().max(1.0) as u64);
        }
        t.tokens -= 1.0;
        t.last = Some(available);
        Ok(())
    }

    /// One upload for `token_hash`, or `None` past `uploads_per_token`.
    pub fn open_upload(&self, token_hash: &[u8]) -> Option<Share<Vec<u8>>> {
        self.uploads_by_token
            .take(token_hash.to_vec(), self.config.uploads_per_token)
    }

    /// Media downloads `token_hash` has open now.
    pub fn downloads_open(&self, token_hash: &[u8]) -> usize {
        self.downloads_by_token.held(&token_hash.to_vec())
    }

    /// One media download for `token_hash`, or `None` past `downloads_per_token`.
    pub fn open_download(&self, token_hash: &[u8]) -> Option<Share<Vec<u8>>> {
        self.downloads_by_token
            .take(token_hash.to_vec(), self.config.downloads_per_token)
    }

    /// Seconds until `ip` may try to authenticate again, if it is blocked.
    pub fn auth_blocked(&self, ip: IpAddr) -> Option<u64> {
        let map = self.failures.lock().ok()?;
        let (start, count) = map.get(&ip)?;
        let left = self
            .config
            .failed_auth_window
            .checked_sub(start.elapsed())?;
        (*count >= self.config.failed_auth_per_window).then(|| left.as_secs().max(1))
    }

    pub fn auth_failed(&self, ip: IpAddr) {
        if let Ok(mut map) = self.failures.lock() {
            let now = Instant::now();
            if map.len() > 100_000 {
                map.retain(|_, (start, _)| {
                    now.duration_since(*start) < self.config.failed_auth_window
                });
            }
            let entry = map.entry(ip).or_insert((now, 0));
            if now.duration_since(entry.0) >= self.config.failed_auth_window {
                *entry = (now, 0);
            }
            entry.1 += 1;
        }
    }

    /// Takes one request from the token's budget, or says how long to wait.
    pub fn token_request(&self, token_hash: &[u8]) -> Result<(), u64> {
        let Ok(mut map) = self.tokens.lock() else {
            return Ok(());
        };
        let now = Instant::now();
        let (at, tokens) = map
            .entry(token_hash.to_vec())
            .or_insert((now, self.config.token_burst));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * self.config.token_per_sec)
            .min(self.config.token_burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err((((1.0 - *tokens) / self.config.token_per_sec).ceil() as u64).max(1))
        }
    }
}

/// Why a request was refused a share of something bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// This client (address or token) holds its whole share.
    PerClient,
    /// Everyone together holds the whole pool.
    Pool,
}

/// Counts per key (a token, an address) of something held at once; each
/// [`Share`] gives its one back when dropped. Keys at zero are forgotten, so
/// the map holds only what is held now.
pub struct Shares<K: std::hash::Hash + Eq + Clone> {
    held: Mutex<HashMap<K, usize>>,
}

impl<K: std::hash::Hash + Eq + Clone> Default for Shares<K> {
    fn default() -> Self {
        Shares {
            held: Mutex::default(),
        }
    }
}

impl<K: std::hash::Hash + Eq + Clone> Shares<K> {
    /// One more for `key`, unless it already holds `cap`.
    pub fn take(self: &Arc<Self>, key: K, cap: usize) -> Option<Share<K>> {
        self.take_n(key, 1, cap)
    }

    /// `n` more for `key`, unless that would pass `cap`.
    pub fn take_n(self: &Arc<Self>, key: K, n: usize, cap: usize) -> Option<Share<K>> {
        let mut held = self.held.lock().ok()?;
        let count = held.entry(key.clone()).or_insert(0);
        if count.saturating_add(n) > cap {
            if *count == 0 {
                held.remove(&key);
            }
            return None;
        }
        *count += n;
        Some(Share {
            shares: self.clone(),
            key,
            n,
        })
    }

    /// How many `key` holds now.
    pub fn held(&self, key: &K) -> usize {
        self.held
            .lock()
            .map(|h| h.get(key).copied().unwrap_or(0))
            .unwrap_or(0)
    }
}

/// What one holder took from [`Shares`]; given back on drop.
pub struct Share<K: std::hash::Hash + Eq + Clone> {
    shares: Arc<Shares<K>>,
    key: K,
    n: usize,
}

impl<K: std::hash::Hash + Eq + Clone> Share<K> {
    /// Takes `n` more for the same key, unless that would pass `cap`.
    pub fn grow(&mut self, n: usize, cap: usize) -> bool {
        let Ok(mut held) = self.shares.held.lock() else {
            return false;
        };
        let count = held.entry(self.key.clone()).or_insert(0);
        if count.saturating_add(n) > cap {
            return false;
        }
        *count += n;
        self.n += n;
        true
    }
}

impl<K: std::hash::Hash + Eq + Clone> Drop for Share<K> {
    fn drop(&mut self) {
        if let Ok(mut held) = self.shares.held.lock()
            && let Some(count) = held.get_mut(&self.key)
        {
            *count = count.saturating_sub(self.n);
            if *count == 0 {
                held.remove(&self.key);
            }
        }
    }
}

/// An open event stream's place: its token's share and the pool's.
pub struct StreamSlot {
    _mine: Share<Vec<u8>>,
    _pool: OwnedSemaphorePermit,
}

/// Whom a per-address limit counts as one client: an IPv4 address, or an
/// IPv6 /64 (one subscriber's usual allocation); v4-mapped v6 is v4.
pub fn address_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & (u128::MAX << 64)).into()),
        },
        v4 => v4,
    }
}

/// A budget of bytes held at once (KiB permits), optionally with a share
/// per client address. Room is reserved as bytes arrive, never on what a
/// request declares it will send.
pub struct BodyPool {
    permits: Arc<Semaphore>,
    per_address: Option<(Arc<Shares<IpAddr>>, usize)>,
}

impl BodyPool {
    fn new(bytes: usize, per_address: Option<usize>) -> BodyPool {
        BodyPool {
            permits: Arc::new(Semaphore::new(
                bytes.div_ceil(1024).clamp(1, Semaphore::MAX_PERMITS),
            )),
            per_address: per_address.map(|cap| (Arc::default(), cap.div_ceil(1024).max(1))),
        }
    }

    /// Bytes not reserved now (rounded to KiB).
    pub fn free(&self) -> usize {
        self.permits.available_permits() * 1024
    }

    /// Bytes `ip` holds now (rounded up to KiB).
    pub fn held_by(&self, ip: IpAddr) -> usize {
        self.per_address
            .as_ref()
            .map_or(0, |(shares, _)| shares.held(&address_key(ip)) * 1024)
    }

    /// An empty reservation for one body from `ip`, to grow as it arrives.
    pub fn reservation(&self, ip: Option<IpAddr>) -> Reservation {
        Reservation {
            permits: self.permits.clone(),
            held: None,
            kib: 0,
            per_address: self
                .per_address
                .as_ref()
                .map(|(shares, cap)| (shares.clone(), ip.map(address_key), *cap)),
            share: None,
        }
    }
}

/// What one body holds of a [`BodyPool`]; everything is given back on drop.
pub struct Reservation {
    permits: Arc<Semaphore>,
    held: Option<OwnedSemaphorePermit>,
    kib: usize,
    per_address: Option<(Arc<Shares<IpAddr>>, Option<IpAddr>, usize)>,
    share: Option<Share<IpAddr>>,
}

impl Reservation {
    /// Makes room for `bytes` in all (rounded up to KiB), or says which
    /// limit is reached.
    pub fn hold(&mut self, bytes: usize) -> Result<(), Refusal> {
        let want = bytes.div_ceil(1024).max(1);
        let Some(more) = want.checked_sub(self.kib).filter(|m| *m > 0) else {
            return Ok(());
        };
        if let Some((shares, Some(ip), cap)) = &self.per_address {
            match &mut self.share {
                Some(share) => {
                    if !share.grow(more, *cap) {
                        return Err(Refusal::PerClient);
                    }
                }
                None => {
                    self.share = Some(shares.take_n(*ip, more, *cap).ok_or(Refusal::PerClient)?);
                }
            }
        }
        let n = u32::try_from(more).map_err(|_| Refusal::Pool)?;
        let permit = self
            .permits
            .clone()
            .try_acquire_many_owned(n)
            .map_err(|_| Refusal::Pool)?;
        match &mut self.held {
            Some(held) => held.merge(permit),
            None => self.held = Some(permit),
        }
        self.kib = want;
        Ok(())
    }
}

/// An IPv4 or IPv6 network in CIDR notation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cidr {
    net: IpAddr,
    bits: u8,
}

impl std::str::FromStr for Cidr {
    type Err = String;

    fn from_str(s: &str) -> Result<Cidr, String> {
        let s = s.trim();
        let (addr, bits) = match s.split_once('/') {
            Some((a, b)) => (a, Some(b)),
            None => (s, None),
        };
        let net: IpAddr = addr
            .parse()
            .map_err(|_| format!("{s:?} is not an IP address or CIDR"))?;
        let max = if net.is_ipv4() { 32 } else { 128 };
        let bits = match bits {
            Some(b) => b
                .parse::<u8>()
                .ok()
                .filter(|b| *b <= max)
                .ok_or_else(|| format!("{s:?} has a bad prefix length"))?,
            None => max,
        };
        Ok(Cidr { net, bits })
    }
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
            v4 => v4,
        };
        match (self.net, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let mask = if self.bits == 0 {
                    0
                } else {
                    u32::MAX << (32 - self.bits)
                };
                u32::from(n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let mask = if self.bits == 0 {
                    0
                } else {
                    u128::MAX << (128 - self.bits)
                };
                u128::from(n) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

/// Parses a comma-separated list of CIDRs.
pub fn parse_list(s: &str) -> Result<Vec<Cidr>, String> {
    s.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(str::parse)
        .collect()
}

/// Whether `ip` is on `list`, a list that is set (an empty list names
/// nobody): who is trusted with more than strangers.
pub fn listed(list: &[Cidr], ip: Option<IpAddr>) -> bool {
    !list.is_empty() && allowed(list, ip)
}

/// Whether `ip` passes `list` (an empty list allows everyone).
pub fn allowed(list: &[Cidr], ip: Option<IpAddr>) -> bool {
    list.is_empty() || ip.is_some_and(|ip| list.iter().any(|c| c.contains(ip)))
}

/// The client behind a request. `X-Forwarded-For` is believed only when the
/// peer is a trusted proxy; then the client is the right-most address in it
/// that is not itself a trusted proxy (the left-most entries are whatever
/// the client chose to send). From a trusted proxy, a hop that is not an
/// address (a non-ASCII byte, a name) is `Err`: the request is refused,
/// since judging it as the proxy would let it past every address rule.
pub fn client_ip(
    peer: Option<IpAddr>,
    headers: &HeaderMap,
    trusted: &[Cidr],
) -> Result<Option<IpAddr>, BadForwarded> {
    let Some(peer) = peer else {
        return Ok(None);
    };
    if trusted.is_empty() || !trusted.iter().any(|c| c.contains(peer)) {
        return Ok(Some(peer));
    }
    let mut hops: Vec<&[u8]> = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        hops.extend(
            value
                .as_bytes()
                .split(|b| *b == b',')
                .map(|h| h.trim_ascii())
                .filter(|h| !h.is_empty()),
        );
    }
    for hop in hops.iter().rev() {
        let ip = std::str::from_utf8(hop)
            .ok()
            .and_then(|h| h.parse::<IpAddr>().ok())
            .ok_or(BadForwarded)?;
        if !trusted.iter().any(|c| c.contains(ip)) {
            return Ok(Some(ip));
        }
    }
    Ok(Some(peer))
}

/// A trusted proxy's `X-Forwarded-For` that names no address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadForwarded;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_matching() {
        let list = parse_list("10.0.0.0/8, 192.168.1.7, ::1/128").unwrap_or_default();
        assert_eq!(list.len(), 3);
        assert!(allowed(&list, "10.2.3.4".parse().ok()));
        assert!(allowed(&list, "192.168.1.7".parse().ok()));
        assert!(!allowed(&list, "192.168.1.8".parse().ok()));
        assert!(allowed(&list, "::1".parse().ok()));
        assert!(
            allowed(&list, "::ffff:10.9.9.9".parse().ok()),
            "v4-mapped v6 matches v4 nets"
        );
        assert!(
            !allowed(&list, None),
            "an unknown address is refused when a list is set"
        );
        assert!(allowed(&[], None), "no list, no restriction");
        assert!(parse_list("10.0.0.0/33").is_err());
        assert!(parse_list("nonsense").is_err());
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let trusted = parse_list("10.0.0.0/8").unwrap_or_default();
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            "6.6.6.6, 203.0.113.5, 10.0.0.2"
                .parse()
                .unwrap_or_else(|_| panic!()),
        );
        let proxy: IpAddr = [10, 0, 0, 1].into();
        let outsider: IpAddr = [198, 51, 100, 7].into();
        assert_eq!(
            client_ip(Some(proxy), &h, &trusted),
            Ok(Some([203, 0, 113, 5].into())),
            "the right-most hop that is not a proxy, not the spoofable left-most"
        );
        assert_eq!(
            client_ip(Some(outsider), &h, &trusted),
            Ok(Some(outsider)),
            "an untrusted peer's header is ignored"
        );
        assert_eq!(
            client_ip(Some(proxy), &h, &[]),
            Ok(Some(proxy)),
            "no trusted proxies: the peer"
        );
        assert_eq!(
            client_ip(Some(proxy), &HeaderMap::new(), &trusted),
            Ok(Some(proxy))
        );
        let mut bad = HeaderMap::new();
        bad.insert(
            "x-forwarded-for",
            axum::http::HeaderValue::from_bytes(b"203.0.113.\xc3\xa9").unwrap_or_else(|_| panic!()),
        );
        assert_eq!(
            client_ip(Some(proxy), &bad, &trusted),
            Err(BadForwarded),
            "a hop that is not an address is refused, not judged as the proxy"
        );
        assert_eq!(
            client_ip(Some(outsider), &bad, &trusted),
            Ok(Some(outsider)),
            "from an untrusted peer the header is ignored"
        );
    }

    #[test]
    fn bodies_reserve_as_they_arrive_within_a_share_per_address() {
        let l = Limits::new(LimitConfig {
            body_budget: 4 * 1024 * 1024,
            body_budget_per_address: 3 * 1024 * 1024,
            ..LimitConfig::default()
        });
        let (a, b): (IpAddr, IpAddr) = ([10, 0, 0, 1].into(), [10, 0, 0, 2].into());
        let mut first = l.webhook_bodies.reservation(Some(a));
        assert_eq!(
            l.body_budget_free(),
            4 * 1024 * 1024,
            "nothing held before a byte"
        );
        assert!(first.hold(2 * 1024 * 1024).is_ok());
        assert_eq!(
            first.hold(3 * 1024 * 1024 + 1),
            Err(Refusal::PerClient),
            "one address holds at most its share"
        );
        let mut second = l.webhook_bodies.reservation(Some(a));
        assert_eq!(second.hold(2 * 1024 * 1024), Err(Refusal::PerClient));
        let mut other = l.webhook_bodies.reservation(Some(b));
        assert!(
            other.hold(2 * 1024 * 1024).is_ok(),
            "another address has its own"
        );
        let mut third = l.webhook_bodies.reservation(Some([10, 0, 0, 3].into()));
        assert_eq!(third.hold(1024), Err(Refusal::Pool), "the budget is spent");
        drop(first);
        assert_eq!(l.webhook_bodies.held_by(a), 0);
        assert!(
            third.hold(1024 * 1024).is_ok(),
            "and returned when a body is done"
        );
        assert!(
            l.api_bodies.reservation(None).hold(1024 * 1024).is_ok(),
            "authenticated bodies have a budget of their own"
        );
    }

    #[test]
    fn shares_per_token_and_v6_prefixes() {
        let l = Limits::new(LimitConfig {
            streams_per_token: 2,
            max_streams: 3,
            ..LimitConfig::default()
        });
        let s1 = l.open_stream(b"a");
        let s2 = l.open_stream(b"a");
        assert!(s1.is_ok() && s2.is_ok());
        assert_eq!(l.open_stream(b"a").err(), Some(Refusal::PerClient));
        let s3 = l.open_stream(b"b");
        assert!(s3.is_ok());
        assert_eq!(l.open_stream(b"c").err(), Some(Refusal::Pool));
        drop(s1);
        assert!(
            l.open_stream(b"a").is_ok(),
            "a closed stream gives its place back"
        );
        let v6 = |s: &str| address_key(s.parse().unwrap_or(IpAddr::from([0u8; 4])));
        assert_eq!(v6("2001:db8:1:2::5"), v6("2001:db8:1:2:ffff::9"), "one /64");
        assert_ne!(v6("2001:db8:1:2::5"), v6("2001:db8:1:3::5"));
        assert_eq!(v6("::ffff:10.0.0.1"), IpAddr::from([10, 0, 0, 1]));
    }

    #[test]
    fn failed_auth_blocks_after_the_limit() {
        let l = Limits::new(LimitConfig {
            failed_auth_per_window: 3,
            ..LimitConfig::default()
        });
        let ip: IpAddr = [127, 0, 0, 9].into();
        for _ in 0..3 {
            assert!(l.auth_blocked(ip).is_none());
            l.auth_failed(ip);
        }
        assert!(l.auth_blocked(ip).is_some_and(|s| s >= 1));
        assert!(
            l.auth_blocked([127, 0, 0, 10].into()).is_none(),
            "other addresses are unaffected"
        );
    }

    #[test]
    fn token_budget() {
        let l = Limits::new(LimitConfig {
            token_per_sec: 1.0,
            token_burst: 2.0,
            ..LimitConfig::default()
        });
        assert!(l.token_request(b"a").is_ok());
        assert!(l.token_request(b"a").is_ok());
        assert_eq!(l.token_request(b"a"), Err(1));
        assert!(l.token_request(b"b").is_ok(), "budgets are per token");
    }
}
