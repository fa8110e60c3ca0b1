//! `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(raw body, app secret)>`.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

pub const HEADER: &str = "x-hub-signature-256";

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the X-Hub-Signature-256 header is missing")]
    Missing,
    #[error("the X-Hub-Signature-256 header is not of the form sha256=<64 hex digits>")]
    Malformed,
    #[error("the signature does not match the body")]
    Mismatch,
}

/// The header value Meta would send for `body`.
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    match mac(secret, body) {
        Ok(m) => format!("sha256={}", hex::encode(m.finalize().into_bytes())),
        Err(_) => String::new(),
    }
}

fn mac(secret: &[u8], body: &[u8]) -> Result<HmacSha256, SignatureError> {
    // HMAC accepts keys of any length; the error arm is unreachable in practice.
    let mut mac = HmacSha256::new_from_slice(secret).map_err(|_| SignatureError::Mismatch)?;
    mac.update(body);
    Ok(mac)
}

/// Checks `header` against the HMAC of the raw `body`; the comparison of the
/// digests is constant time (`verify_slice`).
pub fn verify(secret: &[u8], body: &[u8], header: Option<&str>) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let hex_digest = header
        .strip_prefix("sha256=")
        .ok_or(SignatureError::Malformed)?;
    if hex_digest.len() != 64 {
        return Err(SignatureError::Malformed);
    }
    let expected = hex::decode(hex_digest).map_err(|_| SignatureError::Malformed)?;
    mac(secret, body)?
        .verify_slice(&expected)
        .map_err(|_| SignatureError::Mismatch)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Test vectors from WHATSAPP.md.
    #[test]
    fn known_vectors() {
        assert_eq!(
            sign(b"secret", b"test"),
            "sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914"
        );
        assert_eq!(
            sign(b"secret", b"body"),
            "sha256=dc46983557fea127b43af721467eb9b3fde2338fe3e14f51952aa8478c13d355"
        );
    }

    #[test]
    fn rejects_wrong_missing_and_malformed() {
        let good = sign(b"secret", b"body");
        assert_eq!(verify(b"secret", b"body", Some(&good)), Ok(()));
        assert_eq!(
            verify(b"other", b"body", Some(&good)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(b"secret", b"body2", Some(&good)),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(b"secret", b"body", None),
            Err(SignatureError::Missing)
        );
        assert_eq!(
            verify(b"secret", b"body", Some("sha1=00")),
            Err(SignatureError::Malformed)
        );
        let upper_len = format!("sha256={}", "zz".repeat(32));
        assert_eq!(
            verify(b"secret", b"body", Some(&upper_len)),
            Err(SignatureError::Malformed)
        );
    }
}
