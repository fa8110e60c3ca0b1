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
    Weak { name: &'static str, why: &'static str },
    #[error("{name}_FILE could not be read: {source}")]
    File { name: &'static str, source: std::io::Error },
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
            Ok(Some(Zeroizing::new(text.trim_end_matches(['\n', '\r']).to_owned())))
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
        return Err(ConfigError::Weak { name, why: "it is shorter than the minimum length" });
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
    pub content_key_id: i64,
    pub content_key: Zeroizing<[u8; 32]>,
    /// Days a new token lives.
    pub token_days: i64,
}

impl std::fmt::Debug for HubConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubConfig")
            .field("listen", &self.listen)
            .field("data_dir", &self.data_dir)
            .field("graph", &self.graph)
            .field("content_key_id", &self.content_key_id)
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
        return Err(ConfigError::Weak { name, why: "it repeats too few distinct bytes to be random" });
    }
    Ok(key)
}

impl HubConfig {
    /// Reads the whole configuration from the environment.
    pub fn from_env(listen: SocketAddr, data_dir: PathBuf) -> Result<HubConfig, ConfigError> {
        let access_token = required("WHATSAPP_ACCESS_TOKEN", 16)?;
        let app_secret = required("WHATSAPP_APP_SECRET", 16)?;
        let verify_token = required("WHATSAPP_VERIFY_TOKEN", 16)?;
        let content_key_hex = required("SWITCHBOARD_CONTENT_KEY", 64)?;
        let content_key = Zeroizing::new(parse_content_key(&content_key_hex)?);
        let phone_number_id = std::env::var("WHATSAPP_PHONE_NUMBER_ID")
            .map_err(|_| ConfigError::Missing("WHATSAPP_PHONE_NUMBER_ID"))?;
        let content_key_id = plain("SWITCHBOARD_CONTENT_KEY_ID", "1").parse().map_err(|_| {
            ConfigError::Invalid { name: "SWITCHBOARD_CONTENT_KEY_ID", why: "not an integer".into() }
        })?;
        let token_days = plain("SWITCHBOARD_TOKEN_DAYS", "90").parse().map_err(|_| {
            ConfigError::Invalid { name: "SWITCHBOARD_TOKEN_DAYS", why: "not an integer".into() }
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
            content_key_id,
            content_key,
            token_days,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_key_rules() {
        assert!(parse_content_key(&"00".repeat(32)).is_err(), "all-zero key is weak");
        assert!(parse_content_key("abcd").is_err(), "too short");
        assert!(parse_content_key(&"zz".repeat(32)).is_err(), "not hex");
        let good: String = (0u8..32).map(|b| format!("{:02x}", b.wrapping_mul(37))).collect();
        assert!(parse_content_key(&good).is_ok());
    }
}
