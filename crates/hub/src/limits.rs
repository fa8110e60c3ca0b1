//! Rate limits and network allowlists.
//!
//! * Failed authentication is counted per client address; past the limit the
//!   address is refused with 429 until its window ends.
//! * Each token has a request budget (a token bucket); past it, 429 with
//!   `Retry-After`.
//! * Optional CIDR allowlists for the desktop API and for Meta's webhook.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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
}

impl Default for LimitConfig {
    fn default() -> LimitConfig {
        LimitConfig {
            failed_auth_per_window: 20,
            failed_auth_window: Duration::from_secs(60),
            token_per_sec: 20.0,
            token_burst: 200.0,
            api_allow: Vec::new(),
            webhook_allow: Vec::new(),
        }
    }
}

#[derive(Default)]
pub struct Limits {
    pub config: LimitConfig,
    failures: Mutex<HashMap<IpAddr, (Instant, u32)>>,
    tokens: Mutex<HashMap<Vec<u8>, (Instant, f64)>>,
}

impl Limits {
    pub fn new(config: LimitConfig) -> Limits {
        Limits {
            config,
            ..Limits::default()
        }
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
