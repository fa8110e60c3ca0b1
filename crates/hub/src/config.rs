//! Hub settings. Secrets come from environment variables or from files named
//! by `NAME_FILE` (for container and systemd secrets); they are never logged,
//! and the hub refuses to start with a missing or weak one, saying which.

use crate::limits::LimitConfig;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use switchboard_whatsapp::graph::GraphConfig;
use zeroize::Zeroizing;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} is not set (set it, or {0}_FILE to a file holding it)")]
    Missing(&'static str),
    #[error("{name} is too weak: {why}")]
    Weak {
        name: &'static str,
        why: &'static str,
    },
    #[error("{name}_FILE could not be read: {source}")]
    File {
        name: &'static str,
        source: std::io::Error,
    },
    #[error("{name} is invalid: {why}")]
    Invalid { name: &'static str, why: String },
}

/// Reads `name` from the environment, or the file named by `name_FILE`.
pub fn secret(name: &'static str) -> Result<Option<Zeroizing<String>>, ConfigError> {
    if let Ok(v) = std::env::var(name) {
        return Ok(Some(Zeroizing::new(v)));
    }
    let file_var = format!("{name}_FILE");
    match std::env::var_os(&file_var) {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|source| ConfigError::File { name, source })?;
            Ok(Some(Zeroizing::new(
                text.trim_end_matches(['\n', '\r']).to_owned(),
            )))
        }
        None => Ok(None),
    }
}

fn required(name: &'static str, min_len: usize) -> Result<Zeroizing<String>, ConfigError> {
    let v = secret(name)?.ok_or(ConfigError::Missing(name))?;
    if v.trim().is_empty() {
        return Err(ConfigError::Missing(name));
    }
    if v.len() < min_len {
        return Err(ConfigError::Weak {
            name,
            why: "it is shorter than the minimum length",
        });
    }
    Ok(v)
}

fn plain(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

pub struct HubConfig {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub graph: GraphConfig,
    pub app_secret: Zeroizing<String>,
    pub verify_token: Zeroizing<String>,
    /// The content keys (Debug never prints them).
    pub keys: crate::crypto::Keyring,
    /// Days a new token lives.
    pub token_days: i64,
    pub limits: crate::limits::LimitConfig,
}

impl std::fmt::Debug for HubConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubConfig")
            .field("listen", &self.listen)
            .field("data_dir", &self.data_dir)
            .field("graph", &self.graph)
            .field("keys", &self.keys)
            .finish_non_exhaustive()
    }
}

/// Decodes a 64-hex-digit key and rejects keys with no entropy to speak of.
pub fn parse_content_key(hex_key: &str) -> Result<[u8; 32], ConfigError> {
    let name = "SWITCHBOARD_CONTENT_KEY";
    let bytes = hex::decode(hex_key.trim()).map_err(|_| ConfigError::Invalid {
        name,
        why: "it must be 64 hex digits (32 random bytes, e.g. `openssl rand -hex 32`)".into(),
    })?;
    let key: [u8; 32] = bytes.try_into().map_err(|_| ConfigError::Invalid {
        name,
        why: "it must be exactly 32 bytes (64 hex digits)".into(),
    })?;
    let distinct = {
        let mut seen = key.to_vec();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    };
    if distinct < 8 {
        return Err(ConfigError::Weak {
            name,
            why: "it repeats too few distinct bytes to be random",
        });
    }
    Ok(key)
}

/// The content keys: the current one (`SWITCHBOARD_CONTENT_KEY`, id
/// `SWITCHBOARD_CONTENT_KEY_ID`) and older ones still needed to read rows not
/// yet rotated (`SWITCHBOARD_PREVIOUS_CONTENT_KEYS` = `id:hex,id:hex`).
pub fn content_keys() -> Result<crate::crypto::Keyring, ConfigError> {
    let current = required("SWITCHBOARD_CONTENT_KEY", 64)?;
    let key = parse_content_key(&current)?;
    let id: i64 = plain("SWITCHBOARD_CONTENT_KEY_ID", "1")
        .parse()
        .map_err(|_| ConfigError::Invalid {
            name: "SWITCHBOARD_CONTENT_KEY_ID",
            why: "not an integer".into(),
        })?;
    let mut keyring = crate::crypto::Keyring::new(id, key);
    if let Some(list) = secret("SWITCHBOARD_PREVIOUS_CONTENT_KEYS")? {
        for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (pid, hex_key) = part.split_once(':').ok_or(ConfigError::Invalid {
                name: "SWITCHBOARD_PREVIOUS_CONTENT_KEYS",
                why: "each entry is id:64-hex-digit-key".into(),
            })?;
            let pid: i64 = pid.trim().parse().map_err(|_| ConfigError::Invalid {
                name: "SWITCHBOARD_PREVIOUS_CONTENT_KEYS",
                why: "a key id is not an integer".into(),
            })?;
            keyring = keyring.with_previous(pid, parse_content_key(hex_key)?);
        }
    }
    Ok(keyring)
}

impl HubConfig {
    /// Reads the whole configuration from the environment.
    pub fn from_env(listen: SocketAddr, data_dir: PathBuf) -> Result<HubConfig, ConfigError> {
        let access_token = required("WHATSAPP_ACCESS_TOKEN", 16)?;
        let app_secret = required("WHATSAPP_APP_SECRET", 16)?;
        let verify_token = required("WHATSAPP_VERIFY_TOKEN", 16)?;
        let keys = content_keys()?;
        let phone_number_id = std::env::var("WHATSAPP_PHONE_NUMBER_ID")
            .map_err(|_| ConfigError::Missing("WHATSAPP_PHONE_NUMBER_ID"))?;
        let token_days =
            plain("SWITCHBOARD_TOKEN_DAYS", "90")
                .parse()
                .map_err(|_| ConfigError::Invalid {
                    name: "SWITCHBOARD_TOKEN_DAYS",
                    why: "not an integer".into(),
                })?;
        Ok(HubConfig {
            listen,
            data_dir,
            graph: GraphConfig {
                base_url: plain("WHATSAPP_GRAPH_URL", "https://graph.facebook.com"),
                version: plain("WHATSAPP_GRAPH_VERSION", "v24.0"),
                phone_number_id,
                access_token: access_token.to_string(),
            },
            app_secret,
            verify_token,
            keys,
            token_days,
            limits: limit_config()?,
        })
    }
}

/// The message templates in the JSON file `SWITCHBOARD_TEMPLATES` names,
/// when it names one.
pub fn templates() -> Result<Option<Vec<switchboard_protocol::Template>>, ConfigError> {
    let name = "SWITCHBOARD_TEMPLATES";
    let Ok(path) = std::env::var(name) else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::Invalid {
        name,
        why: format!("it names the file {path}, which cannot be read: {e}"),
    })?;
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| ConfigError::Invalid {
            name,
            why: format!("{path} is not a JSON list of templates: {e}"),
        })
}

/// `SWITCHBOARD_READ_RECEIPTS`: `1` or `true` on; unset, empty, `0` or
/// `false` off; anything else is refused (not silently off).
pub fn read_receipts() -> Result<bool, ConfigError> {
    match std::env::var("SWITCHBOARD_READ_RECEIPTS")
        .as_deref()
        .map(str::trim)
    {
        Err(_) | Ok("" | "0" | "false") => Ok(false),
        Ok("1" | "true") => Ok(true),
        Ok(v) => Err(ConfigError::Invalid {
            name: "SWITCHBOARD_READ_RECEIPTS",
            why: format!("{v:?} is not 1, true, 0 or false"),
        }),
    }
}

/// `SWITCHBOARD_AUTO_ASSIGN_LIMIT`: the open conversations auto-assignment
/// gives an agent at most, or none (unset, empty or 0: off).
pub fn auto_assign_limit() -> Result<Option<i64>, ConfigError> {
    let name = "SWITCHBOARD_AUTO_ASSIGN_LIMIT";
    Ok(match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => match v.trim().parse::<i64>() {
            Ok(0) => None,
            Ok(n) if (1..=10_000).contains(&n) => Some(n),
            _ => {
                return Err(ConfigError::Invalid {
                    name,
                    why: format!("{v:?} is not a number of conversations from 0 (off) to 10000"),
                });
            }
        },
        _ => None,
    })
}

/// A number from the environment, or `default` when unset.
fn number<T: std::str::FromStr>(name: &'static str, default: T) -> Result<T, ConfigError> {
    match std::env::var(name) {
        Ok(v) => v.trim().parse().map_err(|_| ConfigError::Invalid {
            name,
            why: format!("{v:?} is not a number"),
        }),
        Err(_) => Ok(default),
    }
}

/// A CIDR list from the environment, or `default` when unset.
fn cidrs(
    name: &'static str,
    default: Vec<crate::limits::Cidr>,
) -> Result<Vec<crate::limits::Cidr>, ConfigError> {
    match std::env::var(name) {
        Ok(v) => crate::limits::parse_list(&v).map_err(|why| ConfigError::Invalid { name, why }),
        Err(_) => Ok(default),
    }
}

/// The hub's limits from the environment (docs/configuration.md); every one has
/// a default. Read group by group (each setting once, over its default),
/// then checked against each other.
pub fn limit_config() -> Result<LimitConfig, ConfigError> {
    let mut config = LimitConfig::default();
    read_caller_limits(&mut config)?;
    read_connection_limits(&mut config)?;
    read_body_limits(&mut config)?;
    read_crowding_limits(&mut config)?;
    read_stream_limits(&mut config)?;
    check_counts(&config)?;
    check_budgets(&config)?;
    if !(config.token_per_sec > 0.0 && config.token_burst >= 1.0) {
        return Err(ConfigError::Invalid {
            name: "SWITCHBOARD_TOKEN_RATE",
            why: "the rate must be above 0 and the burst at least 1".into(),
        });
    }
    Ok(config)
}

/// A duration in seconds from the environment, or `default` when unset;
/// between 0.1 and 3600 seconds.
fn secs(name: &'static str, default: Duration) -> Result<Duration, ConfigError> {
    let v: f64 = number(name, default.as_secs_f64())?;
    if !(0.1..=3600.0).contains(&v) {
        return Err(ConfigError::Invalid {
            name,
            why: "it must be between 0.1 and 3600 seconds".into(),
        });
    }
    Ok(Duration::from_secs_f64(v))
}

/// Reads who may call and how often: failed sign-ins, each token's rate,
/// the allowlists and the trusted proxies.
fn read_caller_limits(c: &mut LimitConfig) -> Result<(), ConfigError> {
    c.failed_auth_per_window = number("SWITCHBOARD_FAILED_AUTH_LIMIT", c.failed_auth_per_window)?;
    c.failed_auth_window = secs("SWITCHBOARD_FAILED_AUTH_WINDOW_SECS", c.failed_auth_window)?;
    c.token_per_sec = number("SWITCHBOARD_TOKEN_RATE", c.token_per_sec)?;
    c.token_burst = number("SWITCHBOARD_TOKEN_BURST", c.token_burst)?;
    c.api_allow = cidrs("SWITCHBOARD_API_ALLOW", c.api_allow.clone())?;
    c.webhook_allow = cidrs("SWITCHBOARD_WEBHOOK_ALLOW", c.webhook_allow.clone())?;
    c.metrics_allow = cidrs("SWITCHBOARD_METRICS_ALLOW", c.metrics_allow.clone())?;
    c.trusted_proxies = cidrs("SWITCHBOARD_TRUSTED_PROXIES", c.trusted_proxies.clone())?;
    Ok(())
}

/// Reads how many connections are served and how long a request may take
/// to arrive.
fn read_connection_limits(c: &mut LimitConfig) -> Result<(), ConfigError> {
    c.max_connections = number("SWITCHBOARD_MAX_CONNECTIONS", c.max_connections)?;
    c.header_timeout = secs("SWITCHBOARD_HEADER_TIMEOUT_SECS", c.header_timeout)?;
    c.body_timeout = secs("SWITCHBOARD_BODY_TIMEOUT_SECS", c.body_timeout)?;
    c.tls_handshake_timeout = secs(
        "SWITCHBOARD_TLS_HANDSHAKE_TIMEOUT_SECS",
        c.tls_handshake_timeout,
    )?;
    Ok(())
}

/// Reads the bodies' sizes, the bytes held at once, and the slowest a body
/// may arrive.
fn read_body_limits(c: &mut LimitConfig) -> Result<(), ConfigError> {
    c.webhook_body_max = number("SWITCHBOARD_WEBHOOK_BODY_MAX", c.webhook_body_max)?;
    c.api_body_max = number("SWITCHBOARD_API_BODY_MAX", c.api_body_max)?;
    c.body_budget = number("SWITCHBOARD_BODY_BUDGET", c.body_budget)?;
    c.body_budget_per_address = number(
        "SWITCHBOARD_BODY_BUDGET_PER_ADDRESS",
        c.body_budget_per_address,
    )?;
    c.api_body_budget = number("SWITCHBOARD_API_BODY_BUDGET", c.api_body_budget)?;
    c.upload_budget = number("SWITCHBOARD_UPLOAD_BUDGET", c.upload_budget)?;
    c.body_min_rate = number("SWITCHBOARD_BODY_MIN_RATE", c.body_min_rate)?;
    c.body_grace = secs("SWITCHBOARD_BODY_GRACE_SECS", c.body_grace)?;
    Ok(())
}

/// Reads what keeps one address, or a crowd, from taking every connection:
/// the slots per address and those reserved, the shorter header timeout
/// under pressure, and the cut-off for a stalled response.
fn read_crowding_limits(c: &mut LimitConfig) -> Result<(), ConfigError> {
    c.connections_per_address = number(
        "SWITCHBOARD_CONNECTIONS_PER_ADDRESS",
        c.connections_per_address,
    )?;
    c.reserved_connections = number("SWITCHBOARD_RESERVED_CONNECTIONS", c.reserved_connections)?;
    c.pressure_header_timeout = secs(
        "SWITCHBOARD_PRESSURE_HEADER_TIMEOUT_SECS",
        c.pressure_header_timeout,
    )?;
    c.write_timeout = secs("SWITCHBOARD_WRITE_TIMEOUT_SECS", c.write_timeout)?;
    Ok(())
}

/// Reads the event streams', uploads' and downloads' limits, and how often
/// streams and `/readyz` look again.
fn read_stream_limits(c: &mut LimitConfig) -> Result<(), ConfigError> {
    c.streams_per_token = number("SWITCHBOARD_STREAMS_PER_TOKEN", c.streams_per_token)?;
    c.max_streams = number("SWITCHBOARD_MAX_STREAMS", c.max_streams)?;
    c.uploads_per_token = number("SWITCHBOARD_UPLOADS_PER_TOKEN", c.uploads_per_token)?;
    c.upload_quota = number("SWITCHBOARD_UPLOAD_QUOTA", c.upload_quota)?;
    c.download_budget = number("SWITCHBOARD_DOWNLOAD_BUDGET", c.download_budget)?;
    c.downloads_per_token = number("SWITCHBOARD_DOWNLOADS_PER_TOKEN", c.downloads_per_token)?;
    c.stream_recheck = secs("SWITCHBOARD_STREAM_RECHECK_SECS", c.stream_recheck)?;
    c.ready_interval = secs("SWITCHBOARD_READY_INTERVAL_SECS", c.ready_interval)?;
    Ok(())
}

/// Refuses counts that would serve nothing (a zero) and reserved slots
/// that would leave none for anyone else.
fn check_counts(config: &LimitConfig) -> Result<(), ConfigError> {
    if config.max_connections == 0 {
        return Err(ConfigError::Invalid {
            name: "SWITCHBOARD_MAX_CONNECTIONS",
            why: "it must be 1 or more".into(),
        });
    }
    for (name, value) in [
        (
            "SWITCHBOARD_CONNECTIONS_PER_ADDRESS",
            config.connections_per_address,
        ),
        ("SWITCHBOARD_STREAMS_PER_TOKEN", config.streams_per_token),
        ("SWITCHBOARD_MAX_STREAMS", config.max_streams),
        ("SWITCHBOARD_UPLOADS_PER_TOKEN", config.uploads_per_token),
        (
            "SWITCHBOARD_DOWNLOADS_PER_TOKEN",
            config.downloads_per_token,
        ),
        ("SWITCHBOARD_BODY_MIN_RATE", config.body_min_rate as usize),
    ] {
        if value == 0 {
            return Err(ConfigError::Invalid {
                name,
                why: "it must be 1 or more".into(),
            });
        }
    }
    if config.reserved_connections >= config.max_connections {
        return Err(ConfigError::Invalid {
            name: "SWITCHBOARD_RESERVED_CONNECTIONS",
            why: "it must be fewer than SWITCHBOARD_MAX_CONNECTIONS".into(),
        });
    }
    Ok(())
}

/// Refuses budgets too small for the one thing they hold (an upload, the
/// largest media file, a body) or larger than the budget they are part of.
fn check_budgets(config: &LimitConfig) -> Result<(), ConfigError> {
    if config.upload_budget < 2 * crate::queries::uploads::CHUNK_BYTES {
        return Err(ConfigError::Invalid {
            name: "SWITCHBOARD_UPLOAD_BUDGET",
            why: format!(
                "it must hold at least one upload ({} bytes)",
                2 * crate::queries::uploads::CHUNK_BYTES
            ),
        });
    }
    if config.download_budget < crate::media::MAX_MEDIA_BYTES as usize {
        return Err(ConfigError::Invalid {
            name: "SWITCHBOARD_DOWNLOAD_BUDGET",
            why: format!(
                "it must hold the largest media file ({} bytes)",
                crate::media::MAX_MEDIA_BYTES
            ),
        });
    }
    if config.api_body_budget < config.api_body_max {
        return Err(ConfigError::Invalid {
            name: "SWITCHBOARD_API_BODY_BUDGET",
            why: "it must hold at least one API body (SWITCHBOARD_API_BODY_MAX)".into(),
        });
    }
    if config.body_budget_per_address < config.webhook_body_max
        || config.body_budget < config.body_budget_per_address
    {
        return Err(ConfigError::Invalid {
            name: "SWITCHBOARD_BODY_BUDGET_PER_ADDRESS",
            why: "it must hold one webhook body and fit in SWITCHBOARD_BODY_BUDGET".into(),
        });
    }
    if config.body_budget < config.webhook_body_max {
        return Err(ConfigError::Invalid {
            name: "SWITCHBOARD_BODY_BUDGET",
            why: "it must hold at least one webhook body (SWITCHBOARD_WEBHOOK_BODY_MAX)".into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_key_rules() {
        assert!(
            parse_content_key(&"00".repeat(32)).is_err(),
            "all-zero key is weak"
        );
        assert!(parse_content_key("abcd").is_err(), "too short");
        assert!(parse_content_key(&"zz".repeat(32)).is_err(), "not hex");
        let good: String = (0u8..32)
            .map(|b| format!("{:02x}", b.wrapping_mul(37)))
            .collect();
        assert!(parse_content_key(&good).is_ok());
    }
}
