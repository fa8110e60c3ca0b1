//! Checks of what people type, shared by the desktop and the hub: a reply's
//! text, a reaction's emoji, and the characters that hide or reorder text.

/// Longest text body WhatsApp accepts, in characters.
pub const MAX_TEXT_CHARS: usize = 4096;

/// The explicit direction overrides, embeddings and isolates (U+202A–U+202E,
/// U+2066–U+2069): they make `\u{202E}gnp.exe` read as `exe.png`.
pub fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that take no space and show nothing: zero-width spaces and
/// joiners, direction marks, variation selectors, the byte-order mark, tags.
pub fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5
        | 0x180B..=0x180F | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F
        | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF)
}

/// Checks a reply's text (and each template parameter): 1..=4096
/// characters, at least one of them visible, no control characters other
/// than line breaks and tabs (a NUL or an escape sequence is never a message).
pub fn validate_text(text: &str) -> Result<(), &'static str> {
    if !text.chars().any(|c| !c.is_whitespace() && !is_invisible(c)) {
        return Err("the message is empty");
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err("the message contains control characters");
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err("the message is longer than 4096 characters");
    }
    Ok(())
}

/// Checks a reaction: empty (removes one) or a single emoji, possibly a
/// sequence (skin tone, flag, keycap, joined with U+200D). Nothing else, so a
/// reaction can never carry text or markup.
pub fn validate_emoji(emoji: &str) -> Result<(), &'static str> {
    const WHY: &str = "a reaction is one emoji (or empty to remove it)";
    if emoji.is_empty() {
        return Ok(());
    }
    let keycap = emoji.contains('\u{20E3}');
    let pictographic = |c: char| {
        matches!(c as u32,
            0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2300..=0x23FF | 0x2B00..=0x2BFF
            | 0x2190..=0x21FF | 0x2122 | 0x2139 | 0x203C | 0x2049 | 0x2934 | 0x2935
            | 0x25A0..=0x25FF | 0x3030 | 0x303D | 0x3297 | 0x3299 | 0xA9 | 0xAE)
            || (keycap && (c.is_ascii_digit() || c == '#' || c == '*'))
    };
    let joiner = |c: char| {
        matches!(
            c as u32,
            0x200D | 0xFE0E | 0xFE0F | 0x20E3 | 0xE0020..=0xE007F
        )
    };
    let ok = emoji.chars().count() <= 10
        && emoji.chars().all(|c| pictographic(c) || joiner(c))
        && emoji.chars().any(pictographic);
    if ok { Ok(()) } else { Err(WHY) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_limits() {
        assert!(validate_text("").is_err());
        assert!(validate_text("  \n").is_err());
        assert!(
            validate_text(&"é".repeat(4096)).is_ok(),
            "limit counts characters, not bytes"
        );
        assert!(validate_text(&"a".repeat(4097)).is_err());
        assert!(validate_text("line one\nline two\ttab").is_ok());
    }

    /// Regression: replies of only zero-width characters, or carrying NUL or
    /// ESC, were accepted and sent.
    #[test]
    fn invisible_or_control_text_is_refused() {
        assert!(validate_text("\u{200B}\u{200B}\u{FEFF}").is_err());
        assert!(validate_text(" \u{2060} \u{200D}").is_err());
        assert!(validate_text("hi\0there").is_err());
        assert!(validate_text("\u{1b}[31mred").is_err());
        assert!(
            validate_text("مرحبا\u{200F}").is_ok(),
            "marks inside real text are fine"
        );
    }

    /// Regression: a reaction "emoji" of `<script>` was accepted.
    #[test]
    fn reactions_are_emoji_only() {
        for ok in ["", "👍", "❤️", "👍🏽", "🇵🇹", "1️⃣", "👩‍💻", "🤷‍♀️"]
        {
            assert!(validate_emoji(ok).is_ok(), "{ok:?} is an emoji");
        }
        for bad in [
            "<script>",
            "a",
            "👍x",
            "\u{200D}",
            "1",
            "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂",
        ] {
            assert!(validate_emoji(bad).is_err(), "{bad:?} is not one emoji");
        }
    }
}
