//! The WhatsApp Business Cloud API as Switchboard speaks it.
//!
//! * [`signature`]: `X-Hub-Signature-256` over the raw body, checked in constant time.
//! * [`webhook`]: the envelope Meta posts, parsed into the events the hub stores.
//! * [`graph`]: a small Graph API client for sending and marking read.
//! * [`ids`]: the alphabets of Meta's identifiers, checked before use.
//! * [`window`]: the 24-hour customer service window.
//!
//! ```
//! use switchboard_whatsapp::signature;
//! let header = signature::sign(b"secret", b"test");
//! assert!(signature::verify(b"secret", b"test", Some(&header)).is_ok());
//! ```

pub mod graph;
pub mod ids;
pub mod signature;
pub mod webhook;
pub mod window;

/// Masks a phone number for logs: keeps the country prefix and last two digits.
pub fn mask_phone(number: &str) -> String {
    let n = number.chars().count();
    if n <= 5 {
        return "*".repeat(n);
    }
    number
        .chars()
        .enumerate()
        .map(|(i, c)| if i < 3 || i >= n - 2 { c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn masks_middle_digits() {
        assert_eq!(super::mask_phone("972987654321"), "972*******21");
        assert_eq!(super::mask_phone("123"), "***");
    }
}
