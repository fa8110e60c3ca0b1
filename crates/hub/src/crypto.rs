//! Message bodies at rest: AES-256-GCM under a numbered content key, so keys
//! can rotate while old rows stay readable.

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use zeroize::Zeroizing;

const NONCE_LEN: usize = 12;
const AAD: &[u8] = b"switchboard-hub-body-v1";

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("no content key with id {0} is loaded")]
    UnknownKey(i64),
    #[error("a stored body could not be decrypted (wrong key or damaged row)")]
    Open,
    #[error("encryption failed")]
    Seal,
}

/// The content key(s). Debug never prints key material.
pub struct Keyring {
    current_id: i64,
    keys: Vec<(i64, Zeroizing<[u8; 32]>)>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("current_id", &self.current_id)
            .finish_non_exhaustive()
    }
}

impl Keyring {
    pub fn new(current_id: i64, key: [u8; 32]) -> Keyring {
        Keyring {
            current_id,
            keys: vec![(current_id, Zeroizing::new(key))],
        }
    }

    /// Adds an older key, so rows sealed under it stay readable until rotated.
    pub fn with_previous(mut self, id: i64, key: [u8; 32]) -> Keyring {
        if !self.keys.iter().any(|(k, _)| *k == id) {
            self.keys.push((id, Zeroizing::new(key)));
        }
        self
    }

    pub fn current_id(&self) -> i64 {
        self.current_id
    }

    pub fn has(&self, id: i64) -> bool {
        self.keys.iter().any(|(k, _)| *k == id)
    }

    fn cipher(&self, id: i64) -> Result<Aes256Gcm, CryptoError> {
        let (_, key) = self
            .keys
            .iter()
            .find(|(k, _)| *k == id)
            .ok_or(CryptoError::UnknownKey(id))?;
        Ok(Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key.as_slice())))
    }

    /// Encrypts `plain`; returns the key id and `nonce || ciphertext`.
    pub fn seal(&self, plain: &[u8]) -> Result<(i64, Vec<u8>), CryptoError> {
        let cipher = self.cipher(self.current_id)?;
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let sealed = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plain,
                    aad: AAD,
                },
            )
            .map_err(|_| CryptoError::Seal)?;
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(nonce.as_slice());
        out.extend_from_slice(&sealed);
        Ok((self.current_id, out))
    }

    pub fn open(&self, key_id: i64, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if sealed.len() < NONCE_LEN {
            return Err(CryptoError::Open);
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        self.cipher(key_id)?
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: AAD,
                },
            )
            .map_err(|_| CryptoError::Open)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper() {
        let k = Keyring::new(1, [7; 32]);
        let (id, sealed) = k.seal(b"hello").unwrap_or_default();
        assert_eq!(id, 1);
        assert!(
            !sealed.windows(5).any(|w| w == b"hello"),
            "ciphertext must not contain the text"
        );
        assert_eq!(k.open(1, &sealed).ok().as_deref(), Some(&b"hello"[..]));
        let mut bad = sealed.clone();
        if let Some(b) = bad.last_mut() {
            *b ^= 1;
        }
        assert!(matches!(k.open(1, &bad), Err(CryptoError::Open)));
        assert!(matches!(
            k.open(2, &sealed),
            Err(CryptoError::UnknownKey(2))
        ));
    }
}
