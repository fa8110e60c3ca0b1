//! The 24-hour customer service window: a customer message opens it; only an
//! approved template may be sent once it has closed. Our own messages do not
//! extend it.

pub const WINDOW_SECONDS: i64 = 24 * 60 * 60;

/// Seconds left in the window at `now`, or `None` when it is closed (or was never opened).
pub fn seconds_left(last_inbound_at: Option<i64>, now: i64) -> Option<i64> {
    let opened = last_inbound_at?;
    let left = opened + WINDOW_SECONDS - now;
    (left > 0).then_some(left)
}

pub fn is_open(last_inbound_at: Option<i64>, now: i64) -> bool {
    seconds_left(last_inbound_at, now).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closes_after_24_hours() {
        assert!(is_open(Some(1_000), 1_000 + WINDOW_SECONDS - 1));
        assert!(!is_open(Some(1_000), 1_000 + WINDOW_SECONDS));
        assert!(!is_open(None, 0), "no customer message, no window");
        assert_eq!(seconds_left(Some(0), 60), Some(WINDOW_SECONDS - 60));
    }
}
