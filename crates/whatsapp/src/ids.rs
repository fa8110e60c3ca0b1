//! Identifiers that arrive in webhooks and later go into Graph API URLs or
//! bodies. A signed webhook is trusted to come from Meta, not to be well
//! formed: every identifier is checked against the alphabet Meta uses for it
//! before the hub stores it, and again before it is put into a URL.
//!
//! ```
//! use switchboard_whatsapp::ids;
//! assert!(ids::is_numeric_id("1122334455667"));
//! assert!(!ids::is_numeric_id("../../evil/path?x="));
//! assert!(ids::is_wamid("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA="));
//! assert!(ids::is_customer_id("16505551234"));
//! assert!(!ids::is_customer_id("../../etc/passwd"));
//! ```

/// Phone number ids, media ids, account ids: digits only (Meta's object ids).
pub fn is_numeric_id(s: &str) -> bool {
    (1..=32).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// A customer's WhatsApp id: a phone number in digits (up to 20), or a
/// business-scoped user id (`US.1349…`: letters, digits and dots).
pub fn is_customer_id(s: &str) -> bool {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return (1..=20).contains(&s.len());
    }
    let Some((country, rest)) = s.split_once('.') else {
        return false;
    };
    s.len() <= 64
        && country.len() == 2
        && country.bytes().all(|b| b.is_ascii_uppercase())
        && !rest.is_empty()
        && rest
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Any other identifier Meta sends (group ids, recipient ids): letters,
/// digits and `._-`, at most 128 characters. Never used in a URL.
pub fn is_safe_id(s: &str) -> bool {
    (1..=128).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        && !s.contains("..")
}

/// A message id (`wamid.` followed by base64): letters, digits and `._-=+/:`,
/// at most 256 characters. Never a path: it only travels in JSON bodies.
pub fn is_wamid(s: &str) -> bool {
    (1..=256).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-=+/:".contains(&b))
        && !s.contains("..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_identifiers_are_refused() {
        for bad in [
            "",
            "../../evil/path?x=",
            "12/34",
            "12%2F34",
            "1 2",
            "١٢٣",
            &"1".repeat(33),
        ] {
            assert!(!is_numeric_id(bad), "{bad:?} is not a numeric id");
        }
        for bad in [
            "../../etc/passwd",
            "+351900000001",
            "US.",
            "us.123",
            "US.12/3",
            "US..1",
            &"1".repeat(21),
        ] {
            assert!(!is_customer_id(bad), "{bad:?} is not a customer id");
        }
        assert!(is_customer_id("US.13491208655302741918"));
        assert!(is_customer_id("US.ENT.11815799212886844830"));
        for bad in [
            "",
            "wamid.a b",
            "wamid.../x",
            "wamid.<script>",
            "wamid.?x=1",
            &"a".repeat(257),
        ] {
            assert!(!is_wamid(bad), "{bad:?} is not a wamid");
        }
        assert!(is_wamid("wamid.gvwegfretge=="));
    }
}
