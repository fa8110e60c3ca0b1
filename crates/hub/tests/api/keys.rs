//! Content-key rotation: every stored body is re-encrypted under the new key,
//! and the old key is no longer needed.

use crate::common::*;
use switchboard_hub::backend::sqlite;
use switchboard_hub::crypto::Keyring;
use switchboard_hub::queries;

const OLD: [u8; 32] = [
    0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x01,
    0x12, 0x23, 0x34, 0x45, 0x56, 0x67, 0x78, 0x89, 0x9a, 0xab, 0xbc, 0xcd, 0xde, 0xef, 0xf0, 0x02,
];

#[tokio::test]
async fn rotation_reencrypts_everything_under_the_new_key() {
    let h = hub();
    assert_eq!(
        post_signed(
            &h.state,
            &text_webhook("351900000001", "wamid.k1", "secret words")
        )
        .await,
        axum::http::StatusCode::OK
    );
    assert_eq!(
        post_signed(
            &h.state,
            &text_webhook("351900000001", "wamid.k2", "more words")
        )
        .await,
        axum::http::StatusCode::OK
    );
    // A quarantined body and an event the inbox does not act on are sealed too.
    let junk = b"{\"object\":\"page\"}";
    let sig = switchboard_whatsapp::signature::sign(SECRET.as_bytes(), junk);
    assert_eq!(
        post_webhook(&h.state, junk, Some(sig)).await,
        axum::http::StatusCode::OK
    );
    let other = serde_json::json!({"object": "whatsapp_business_account", "entry": [{"changes": [
        {"field": "message_template_status_update", "value": {"event": "APPROVED"}}]}]});
    assert_eq!(
        post_signed(&h.state, &other).await,
        axum::http::StatusCode::OK
    );
    drop(h.state);
    // The hub's test key (id 1), as in crate::common::hub().
    let key1: [u8; 32] = std::array::from_fn(|i| (i as u8).wrapping_mul(29).wrapping_add(3));
    let new_only = Keyring::new(2, OLD);
    let mut conn = sqlite::open_connection(&h.db).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        queries::keys::missing_keys(&conn, &new_only).ok(),
        Some(vec![1]),
        "the hub would refuse to start without key 1"
    );

    let both = Keyring::new(2, OLD).with_previous(1, key1);
    let n = sqlite::in_tx(&mut conn, |tx| queries::keys::rotate_content_key(tx, &both))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(n, 4, "two messages, one quarantined body, one other event");
    assert_eq!(
        queries::keys::missing_keys(&conn, &new_only).ok(),
        Some(vec![]),
        "key 1 is no longer needed"
    );
    let id = count(&h.db, "SELECT id FROM messages WHERE wamid = 'wamid.k1'");
    let m = queries::feed::message(&conn, &new_only, id).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        m.text.as_deref(),
        Some("secret words"),
        "readable with the new key alone"
    );
    assert_eq!(
        sqlite::in_tx(&mut conn, |tx| queries::keys::rotate_content_key(tx, &both)).ok(),
        Some(0),
        "running it again changes nothing"
    );
}
