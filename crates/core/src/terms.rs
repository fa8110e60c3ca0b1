//! The words of the search index, for matching what a person is typing.
//!
//! FTS5 answers a prefix (`ord*`) by gathering the whole index of every word
//! that starts with it before returning a row: for a common word on a large
//! store that is a tenth of a second or more per keystroke. So the store keeps
//! its own list of the words it has indexed (`search_terms`), and a prefix
//! becomes the most frequent words that start with it, `("order" OR "orders"
//! OR …)`, which FTS5 reads newest first and stops after a page.
//!
//! Words are split and folded as the index's tokenizer does (unicode61 with
//! `remove_diacritics 2`: letters and digits, lower case, accents removed).
//! Where this approximation differs, the query still goes through FTS5's own
//! tokenizer, so the worst case is a prefix that misses an unusual word.

use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// How many words a typed prefix stands for at most (the most frequent).
pub const PREFIX_TERMS: i64 = 64;

/// `text`'s words, folded.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !is_token_char(c))
        .filter(|w| !w.is_empty())
        .map(fold)
}

fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{E000}'..='\u{F8FF}').contains(&c)
}

/// Lower case without accents ("Mañana" → "manana").
pub fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Changes to how many texts hold each word (each text counts once per
/// word), gathered over a page and then written at once.
#[derive(Debug, Default)]
pub struct TermCounts {
    /// Word → (change in the number of texts holding it, last text counted).
    counts: HashMap<String, (i64, u64)>,
    texts: u64,
    word: String,
}

impl TermCounts {
    /// A text now in the index.
    pub fn add(&mut self, text: &str) {
        self.count(text, 1);
    }

    /// A text no longer in the index.
    pub fn remove(&mut self, text: &str) {
        self.count(text, -1);
    }

    fn count(&mut self, text: &str, by: i64) {
        self.texts += 1;
        for raw in text
            .split(|c: char| !is_token_char(c))
            .filter(|w| !w.is_empty())
        {
            self.word.clear();
            if raw.is_ascii() {
                self.word
                    .extend(raw.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                self.word.push_str(&fold(raw));
            }
            match self.counts.get_mut(self.word.as_str()) {
                Some((n, last)) => {
                    if *last != self.texts {
                        *n += by;
                        *last = self.texts;
                    }
                }
                None => {
                    self.counts.insert(self.word.clone(), (by, self.texts));
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Each word's change, leaving the counts empty.
    pub fn drain(&mut self) -> impl Iterator<Item = (String, i64)> + '_ {
        self.counts
            .drain()
            .filter(|(_, (n, _))| *n != 0)
            .map(|(w, (n, _))| (w, n))
    }
}

/// The first word after `prefix` in the words' order: `[prefix, upper)`
/// holds exactly the words that start with it.
pub fn upper_bound(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// An FTS5 string for one word, matched as a whole word.
pub fn quoted(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_split_and_folded_as_the_index_does() {
        let w: Vec<String> =
            words("Está en camino, llega MAÑANA! Order #4417 (ref: A-b)").collect();
        assert_eq!(
            w,
            [
                "esta", "en", "camino", "llega", "manana", "order", "4417", "ref", "a", "b"
            ]
        );
        assert_eq!(words("  ,. 🙂 ").count(), 0);
    }

    #[test]
    fn a_text_counts_once_per_word() {
        let mut c = TermCounts::default();
        c.add("order order ORDER");
        c.add("an order");
        c.add("Ünïcode ÜNICODE");
        c.remove("an ORDER, an order");
        let mut all: Vec<(String, i64)> = c.drain().collect();
        all.sort();
        assert_eq!(
            all,
            [("order".to_string(), 1), ("unicode".to_string(), 1)],
            "\"an\" came and went"
        );
    }

    #[test]
    fn the_upper_bound_follows_every_word_with_the_prefix() {
        let hi = upper_bound("ord");
        for w in ["ord", "order", "ordżż", "ord\u{FFFF}"] {
            assert!(w >= "ord" && w < hi.as_str(), "{w}");
        }
        assert!("ore" > hi.as_str());
    }
}
