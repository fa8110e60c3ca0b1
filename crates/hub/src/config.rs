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
        })
    }
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
