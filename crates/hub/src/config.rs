//! Hub settings. Secrets come from environment variables or from files named
//! by `NAME_FILE` (for container and systemd secrets); they are never logged,
//! and the hub refuses to start with a missing or weak one, saying which.

use std::net::SocketAddr;
use std::path::PathBuf;
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

/// The hub's limits from the environment (README: "Limits"); every one has
/// a default.
pub fn limit_config() -> Result<crate::limits::LimitConfig, ConfigError> {
    use std::time::Duration;
    let d = crate::limits::LimitConfig::default();
    let secs = |name, default: Duration| -> Result<Duration, ConfigError> {
        let v: f64 = number(name, default.as_secs_f64())?;
        if !(0.1..=3600.0).contains(&v) {
            return Err(ConfigError::Invalid {
                name,
                why: "it must be between 0.1 and 3600 seconds".into(),
            });
        }
        Ok(Duration::from_secs_f64(v))
    };
    let config = crate::limits::LimitConfig {
        failed_auth_per_window: number("SWITCHBOARD_FAILED_AUTH_LIMIT", d.failed_auth_per_window)?,
        failed_auth_window: secs("SWITCHBOARD_FAILED_AUTH_WINDOW_SECS", d.failed_auth_window)?,
        token_per_sec: number("SWITCHBOARD_TOKEN_RATE", d.token_per_sec)?,
        token_burst: number("SWITCHBOARD_TOKEN_BURST", d.token_burst)?,
        api_allow: cidrs("SWITCHBOARD_API_ALLOW", d.api_allow)?,
        webhook_allow: cidrs("SWITCHBOARD_WEBHOOK_ALLOW", d.webhook_allow)?,
        metrics_allow: cidrs("SWITCHBOARD_METRICS_ALLOW", d.metrics_allow)?,
        trusted_proxies: cidrs("SWITCHBOARD_TRUSTED_PROXIES", d.trusted_proxies)?,
        max_connections: number("SWITCHBOARD_MAX_CONNECTIONS", d.max_connections)?,
        header_timeout: secs("SWITCHBOARD_HEADER_TIMEOUT_SECS", d.header_timeout)?,
        body_timeout: secs("SWITCHBOARD_BODY_TIMEOUT_SECS", d.body_timeout)?,
        tls_handshake_timeout: secs(
            "SWITCHBOARD_TLS_HANDSHAKE_TIMEOUT_SECS",
            d.tls_handshake_timeout,
        )?,
        webhook_body_max: number("SWITCHBOARD_WEBHOOK_BODY_MAX", d.webhook_body_max)?,
        api_body_max: number("SWITCHBOARD_API_BODY_MAX", d.api_body_max)?,
        body_budget: number("SWITCHBOARD_BODY_BUDGET", d.body_budget)?,
        body_budget_per_address: number(
            "SWITCHBOARD_BODY_BUDGET_PER_ADDRESS",
            d.body_budget_per_address,
        )?,
        api_body_budget: number("SWITCHBOARD_API_BODY_BUDGET", d.api_body_budget)?,
        upload_budget: number("SWITCHBOARD_UPLOAD_BUDGET", d.upload_budget)?,
        body_min_rate: number("SWITCHBOARD_BODY_MIN_RATE", d.body_min_rate)?,
        body_grace: secs("SWITCHBOARD_BODY_GRACE_SECS", d.body_grace)?,
        connections_per_address: number(
            "SWITCHBOARD_CONNECTIONS_PER_ADDRESS",
            d.connections_per_address,
        )?,
        reserved_connections: number("SWITCHBOARD_RESERVED_CONNECTIONS", d.reserved_connections)?,
        pressure_header_timeout: secs(
            "SWITCHBOARD_PRESSURE_HEADER_TIMEOUT_SECS",
            d.pressure_header_timeout,
        )?,
        write_timeout: secs("SWITCHBOARD_WRITE_TIMEOUT_SECS", d.write_timeout)?,
        streams_per_token: number("SWITCHBOARD_STREAMS_PER_TOKEN", d.streams_per_token)?,
        max_streams: number("SWITCHBOARD_MAX_STREAMS", d.max_streams)?,
        uploads_per_token: number("SWITCHBOARD_UPLOADS_PER_TOKEN", d.uploads_per_token)?,
        upload_quota: number("SWITCHBOARD_UPLOAD_QUOTA", d.upload_quota)?,
        download_budget: number("SWITCHBOARD_DOWNLOAD_BUDGET", d.download_budget)?,
        downloads_per_token: number("SWITCHBOARD_DOWNLOADS_PER_TOKEN", d.downloads_per_token)?,
        stream_recheck: secs("SWITCHBOARD_STREAM_RECHECK_SECS", d.stream_recheck)?,
        ready_interval: secs("SWITCHBOARD_READY_INTERVAL_SECS", d.ready_interval)?,
    };
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
    if !(config.token_per_sec > 0.0 && config.token_burst >= 1.0) {
        return Err(ConfigError::Invalid {
            name: "SWITCHBOARD_TOKEN_RATE",
            why: "the rate must be above 0 and the burst at least 1".into(),
        });
    }
    Ok(config)
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
