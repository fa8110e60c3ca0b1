//! Secrets in the OS keyring (Secret Service on Linux): the hub token and the
//! store key. Never in a file; no silent fallback when there is no keyring.

use crate::error::{CoreError, KeyringFault, Result};
use zeroize::Zeroizing;

const SERVICE: &str = "switchboard";

/// The keyring entries of one profile.
#[derive(Debug, Clone)]
pub struct Secrets {
    profile: String,
}

fn explain(e: keyring::Error) -> CoreError {
    CoreError::Keyring(match e {
        keyring::Error::PlatformFailure(_) => KeyringFault::Missing,
        keyring::Error::NoStorageAccess(_) => KeyringFault::Locked,
        other => KeyringFault::Failed(other.to_string()),
    })
}

impl Secrets {
    pub fn new(profile: &str) -> Secrets {
        Secrets {
            profile: profile.to_owned(),
        }
    }

    /// Runs one keyring call, once more if the Secret Service failed under
    /// it. gnome-keyring can abort while answering (a race of its own
    /// between clients that come and go); the session bus or the service
    /// manager starts it again, and the second call reaches the new one.
    /// Every call here is idempotent: a read, a replace, a delete.
    fn call<T>(
        &self,
        what: &str,
        op: impl Fn(&keyring::Entry) -> keyring::Result<T>,
    ) -> keyring::Result<T> {
        let entry = keyring::Entry::new(SERVICE, &format!("{}/{what}", self.profile))?;
        match op(&entry) {
            Err(keyring::Error::PlatformFailure(first)) => {
                tracing::warn!(error = %first, "the keyring failed under a call; trying once more");
                op(&entry)
            }
            done => done,
        }
    }

    fn get(&self, what: &str) -> Result<Option<Zeroizing<String>>> {
        match self.call(what, |e| e.get_password()) {
            Ok(v) => Ok(Some(Zeroizing::new(v))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(explain(e)),
        }
    }

    fn set(&self, what: &str, value: &str) -> Result<()> {
        self.call(what, |e| e.set_password(value)).map_err(explain)
    }

    fn delete(&self, what: &str) -> Result<()> {
        match self.call(what, |e| e.delete_credential()) {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(explain(e)),
        }
    }

    pub fn token(&self) -> Result<Option<Zeroizing<String>>> {
        self.get("hub-token")
    }

    pub fn set_token(&self, token: &str) -> Result<()> {
        self.set("hub-token", token)
    }

    pub fn forget_token(&self) -> Result<()> {
        self.delete("hub-token")
    }

    /// Forgets the store key (a rebuilt local copy gets a new one).
    pub fn forget_store_key(&self) -> Result<()> {
        self.delete("store-key")
    }

    /// The store key, created (256 random bits) on first use.
    pub fn store_key(&self) -> Result<Zeroizing<[u8; 32]>> {
        if let Some(hex_key) = self.get("store-key")? {
            let bytes = Zeroizing::new(
                hex::decode(hex_key.as_str())
                    .map_err(|_| CoreError::Keyring(KeyringFault::Damaged))?,
            );
            let mut key = Zeroizing::new([0u8; 32]);
            if bytes.len() != 32 {
                return Err(CoreError::Keyring(KeyringFault::Damaged));
            }
            key.copy_from_slice(&bytes);
            return Ok(key);
        }
        let mut key = Zeroizing::new([0u8; 32]);
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, key.as_mut());
        self.set("store-key", &Zeroizing::new(hex::encode(key.as_ref())))?;
        Ok(key)
    }

    /// Checks the keyring answers at all, for a clear message at start-up.
    pub fn probe(&self) -> Result<()> {
        self.get("probe").map(|_| ())
    }
}
