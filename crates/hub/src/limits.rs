//! What one hub lets its clients use, in one place (README: "Limits").
//!
//! * Connections: at most `max_connections` at once; a request's headers must
//!   arrive within `header_timeout` (which also closes idle keep-alive
//!   connections) and its body within `body_timeout`; a TLS handshake within
//!   `tls_handshake_timeout`.
//! * Bodies: at most `webhook_body_max` / `api_body_max` bytes, and all
//!   bodies being received at once share `body_budget` bytes: past it, 503
//!   before a byte of the body is read, so unauthenticated clients cannot make
//!   the hub hold more than that.
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
use std::sync::Mutex;
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
    /// Bytes of request bodies held at once, all requests together.
    pub body_budget: usize,
    /// How often an open event stream re-checks its token.
    pub stream_recheck: Duration,
    /// `/readyz` tries a write at most this often; callers in between share the answer.
    pub ready_interval: Duration,
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
    /// `body_budget` in KiB permits.
    body_budget: std::sync::Arc<Semaphore>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::new(LimitConfig::default())
    }
}

impl Limits {
    pub fn new(config: LimitConfig) -> Limits {
        let permits = config
            .body_budget
            .div_ceil(1024)
            .min(Semaphore::MAX_PERMITS);
        Limits {
            config,
            failures: Mutex::default(),
            tokens: Mutex::default(),
            body_budget: std::sync::Arc::new(Semaphore::new(permits)),
        }
    }

    /// Bytes of the body budget not reserved now (rounded to KiB).
    pub fn body_budget_free(&self) -> usize {
        self.body_budget.available_permits() * 1024
    }

    /// Reserves room for a body of `bytes` from the shared budget, or `None`
    /// when the budget is spent (the caller answers 503 without reading).
    pub fn reserve_body(&self, bytes: usize) -> Option<OwnedSemaphorePermit> {
        let kib = u32::try_from(bytes.div_ceil(1024).max(1)).ok()?;
        self.body_budget.clone().try_acquire_many_owned(kib).ok()
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

/// Whether `ip` passes `list` (an empty list allows everyone).
pub fn allowed(list: &[Cidr], ip: Option<IpAddr>) -> bool {
    list.is_empty() || ip.is_some_and(|ip| list.iter().any(|c| c.contains(ip)))
}

/// The client behind a request. `X-Forwarded-For` is believed only when the
/// peer is a trusted proxy; then the client is the right-most address in it
/// that is not itself a trusted proxy (the left-most entries are whatever
/// the client chose to send). Anything unparsable leaves the peer.
pub fn client_ip(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[Cidr]) -> Option<IpAddr> {
    let peer = peer?;
    if trusted.is_empty() || !trusted.iter().any(|c| c.contains(peer)) {
        return Some(peer);
    }
    let mut hops: Vec<&str> = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        let Ok(text) = value.to_str() else {
            return Some(peer);
        };
        hops.extend(text.split(',').map(str::trim).filter(|h| !h.is_empty()));
    }
    for hop in hops.iter().rev() {
        let Ok(ip) = hop.parse::<IpAddr>() else {
            return Some(peer);
        };
        if !trusted.iter().any(|c| c.contains(ip)) {
            return Some(ip);
        }
    }
    Some(peer)
}

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
            Some([203, 0, 113, 5].into()),
            "the right-most hop that is not a proxy, not the spoofable left-most"
        );
        assert_eq!(
            client_ip(Some(outsider), &h, &trusted),
            Some(outsider),
            "an untrusted peer's header is ignored"
        );
        assert_eq!(
            client_ip(Some(proxy), &h, &[]),
            Some(proxy),
            "no trusted proxies: the peer"
        );
        assert_eq!(
            client_ip(Some(proxy), &HeaderMap::new(), &trusted),
            Some(proxy)
        );
    }

    #[test]
    fn body_budget_is_shared() {
        let l = Limits::new(LimitConfig {
            body_budget: 4 * 1024 * 1024,
            ..LimitConfig::default()
        });
        let a = l.reserve_body(3 * 1024 * 1024);
        assert!(a.is_some());
        assert!(
            l.reserve_body(3 * 1024 * 1024).is_none(),
            "the budget is spent"
        );
        drop(a);
        assert!(
            l.reserve_body(3 * 1024 * 1024).is_some(),
            "and returned when the body is done"
        );
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
