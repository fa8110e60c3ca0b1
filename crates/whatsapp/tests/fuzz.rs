//! Property tests: whatever Meta (or an attacker) sends, parsing and
//! signature checks return a value or an error, never a panic.

use proptest::prelude::*;
use serde_json::{Value, json};
use switchboard_whatsapp::{signature, webhook};

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        ".{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("text"),
            Just("image"),
            Just("id"),
            Just("messages"),
            Just("statuses"),
            Just("1700000000")
        ]
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("messages".to_owned()),
                        Just("statuses".to_owned()),
                        Just("metadata".to_owned()),
                        Just("contacts".to_owned()),
                        Just("id".to_owned()),
                        Just("type".to_owned()),
                        Just("timestamp".to_owned()),
                        Just("text".to_owned()),
                        Just("errors".to_owned()),
                        "[a-z_]{1,8}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = webhook::parse(&bytes);
    }

    #[test]
    fn arbitrary_values_inside_a_valid_envelope_never_panic(value in json_value(), field in ".{0,10}") {
        let envelope = json!({
            "object": "whatsapp_business_account",
            "entry": [{"id": "1", "changes": [{"field": field, "value": value}]}]
        });
        let bytes = serde_json::to_vec(&envelope).unwrap_or_default();
        // A well-formed envelope always parses, unless an identifier in it is
        // outside Meta's alphabet (then the hub quarantines it, whole).
        let parsed = webhook::parse(&bytes);
        prop_assert!(matches!(parsed, Ok(_) | Err(webhook::ParseError::BadId(_))), "{parsed:?}");
    }

    #[test]
    fn arbitrary_messages_never_panic(messages in prop::collection::vec(json_value(), 0..4), statuses in prop::collection::vec(json_value(), 0..4)) {
        let envelope = json!({
            "object": "whatsapp_business_account",
            "entry": [{"changes": [{"field": "messages", "value": {"messages": messages, "statuses": statuses, "metadata": {"phone_number_id": "1"}}}]}]
        });
        let bytes = serde_json::to_vec(&envelope).unwrap_or_default();
        let parsed = webhook::parse(&bytes);
        prop_assert!(matches!(parsed, Ok(_) | Err(webhook::ParseError::BadId(_))), "{parsed:?}");
    }

    #[test]
    fn messages_with_valid_ids_always_parse(
        from in "[0-9]{6,15}",
        n in 0u32..1000,
        kind in prop_oneof![Just("text"), Just("image"), Just("hologram")],
        part in json_value(),
    ) {
        let envelope = json!({
            "object": "whatsapp_business_account",
            "entry": [{"changes": [{"field": "messages", "value": {
                "metadata": {"phone_number_id": "1122334455667"},
                "messages": [{"from": from, "id": format!("wamid.HBgM{n}=="), "type": kind, "timestamp": "1", kind: part}]}}]}]
        });
        let bytes = serde_json::to_vec(&envelope).unwrap_or_default();
        let parsed = webhook::parse(&bytes);
        // An image part may carry an arbitrary `id`; that one alone may be refused.
        let media_id_ok = kind != "image"
            || envelope["entry"][0]["changes"][0]["value"]["messages"][0][kind]
                .get("id")
                .is_none_or(|id| id.as_str().is_some_and(switchboard_whatsapp::ids::is_numeric_id));
        if media_id_ok {
            prop_assert!(parsed.is_ok(), "{parsed:?}");
        } else {
            prop_assert!(matches!(parsed, Err(webhook::ParseError::BadId("media id"))), "{parsed:?}");
        }
    }

    #[test]
    fn signature_checks_never_panic(body in prop::collection::vec(any::<u8>(), 0..256), header in ".{0,80}") {
        let _ = signature::verify(b"secret", &body, Some(&header));
        let good = signature::sign(b"secret", &body);
        prop_assert!(signature::verify(b"secret", &body, Some(&good)).is_ok());
    }
}
