//! Secrets in a real Secret Service (gnome-keyring on the session D-Bus).

use switchboard_core::secrets::Secrets;
use switchboard_system_tests::{require_keyring, unique_profile};

#[test]
fn token_and_store_key_live_in_the_keyring() {
    require_keyring();
    let secrets = Secrets::new(&unique_profile("keyring"));
    assert!(
        secrets.token().map(|t| t.is_none()).unwrap_or(false),
        "a new profile has no token"
    );
    secrets
        .set_token("sbt_example")
        .unwrap_or_else(|e| panic!("set: {e}"));
    assert_eq!(
        secrets
            .token()
            .ok()
            .flatten()
            .as_deref()
            .map(|s| s.as_str()),
        Some("sbt_example")
    );

    let key1 = secrets.store_key().unwrap_or_else(|e| panic!("key: {e}"));
    let key2 = secrets.store_key().unwrap_or_else(|e| panic!("key: {e}"));
    assert_eq!(
        *key1, *key2,
        "the store key is created once and then reused"
    );
    assert_ne!(*key1, [0u8; 32]);
    let other = Secrets::new(&unique_profile("keyring-other"))
        .store_key()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_ne!(*key1, *other, "each profile has its own random key");

    secrets
        .forget_token()
        .unwrap_or_else(|e| panic!("forget: {e}"));
    assert!(
        secrets.token().map(|t| t.is_none()).unwrap_or(false),
        "sign-out removes the token"
    );
}
