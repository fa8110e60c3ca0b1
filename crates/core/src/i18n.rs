//! The core's words for people (its notifications) in the agent's
//! language, from Project Fluent catalogues (`locales/<language>/core.ftl`,
//! built into the library). The language is the process's: the shell sets
//! it from the profile's choice ([`crate::desktop::Desktop::set_language`]);
//! English until then, and for any message a catalogue lacks.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

/// The languages the app speaks (the UI's list, `ui/src/lib/i18n.svelte.ts`).
pub const LANGUAGES: [&str; 6] = ["en", "pt-BR", "es", "id", "hi", "ar"];

/// Each language's catalogue source.
const SOURCES: [(&str, &str); 6] = [
    ("en", include_str!("../locales/en/core.ftl")),
    ("pt-BR", include_str!("../locales/pt-BR/core.ftl")),
    ("es", include_str!("../locales/es/core.ftl")),
    ("id", include_str!("../locales/id/core.ftl")),
    ("hi", include_str!("../locales/hi/core.ftl")),
    ("ar", include_str!("../locales/ar/core.ftl")),
];

fn bundles() -> &'static HashMap<&'static str, FluentBundle<FluentResource>> {
    static BUNDLES: OnceLock<HashMap<&'static str, FluentBundle<FluentResource>>> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        SOURCES
            .iter()
            .filter_map(|(code, source)| {
                let id: unic_langid::LanguageIdentifier = code.parse().ok()?;
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                // Notification servers drop isolation marks; names are
                // cleaned for them by `notify::plain_for_notification`.
                bundle.set_use_isolating(false);
                let resource = match FluentResource::try_new((*source).to_owned()) {
                    Ok(r) => r,
                    Err((r, errors)) => {
                        tracing::warn!(
                            language = code,
                            errors = errors.len(),
                            "catalogue has errors"
                        );
                        r
                    }
                };
                if bundle.add_resource(resource).is_err() {
                    tracing::warn!(language = code, "catalogue has a message twice");
                }
                Some((*code, bundle))
            })
            .collect()
    })
}

fn current() -> &'static RwLock<&'static str> {
    static CURRENT: OnceLock<RwLock<&'static str>> = OnceLock::new();
    CURRENT.get_or_init(|| RwLock::new("en"))
}

/// Speaks `code` (one of [`LANGUAGES`]) from now on; false for any other.
pub fn set_language(code: &str) -> bool {
    let Some(known) = LANGUAGES.iter().find(|l| **l == code) else {
        return false;
    };
    if let Ok(mut language) = current().write() {
        *language = known;
    }
    true
}

/// The language spoken now.
pub fn language() -> &'static str {
    current().read().map(|l| *l).unwrap_or("en")
}

/// An argument of a message: a name or a count.
pub enum Arg<'a> {
    Text(&'a str),
    Count(usize),
}

/// Message `id` in the language spoken now (English when that catalogue
/// lacks it; the id itself when English does too, which the catalogue test
/// rules out), with `args` filled in.
pub fn text(id: &str, args: &[(&str, Arg<'_>)]) -> String {
    text_in(language(), id, args)
}

/// [`text`] in `language`.
fn text_in(language: &str, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let all = bundles();
    let chosen = all.get(language);
    let bundle = match chosen {
        Some(b) if b.has_message(id) => Some(b),
        _ => all.get("en"),
    };
    let Some(bundle) = bundle else {
        return id.to_owned();
    };
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_owned();
    };
    let mut fluent = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(t) => fluent.set(*name, FluentValue::from(*t)),
            Arg::Count(n) => fluent.set(*name, FluentValue::from(*n)),
        }
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fluent), &mut errors)
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each message's id and the variables it uses, from a catalogue's source.
    fn messages(source: &str) -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for line in source.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if !line.starts_with(char::is_whitespace)
                && let Some((id, _)) = line.split_once('=')
            {
                out.push((id.trim().to_owned(), Vec::new()));
            }
            if let Some((_, vars)) = out.last_mut() {
                for part in line.split("{").skip(1) {
                    let name: String = part
                        .trim_start()
                        .strip_prefix('$')
                        .unwrap_or_default()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                        .collect();
                    if !name.is_empty() && !vars.contains(&name) {
                        vars.push(name);
                    }
                }
            }
        }
        for (_, vars) in &mut out {
            vars.sort();
        }
        out.sort();
        out
    }

    #[test]
    fn every_language_has_every_message_with_its_variables() {
        let english = messages(SOURCES[0].1);
        assert!(!english.is_empty());
        for (code, source) in SOURCES {
            assert_eq!(
                messages(source),
                english,
                "{code}: the same ids and variables"
            );
            let bundle = bundles().get(code);
            for (id, _) in &english {
                assert!(
                    bundle.is_some_and(|b| b.has_message(id)),
                    "{code}: {id} parses"
                );
            }
        }
    }

    #[test]
    fn plurals_follow_each_language() {
        // The process's language stays as it is: other tests read English.
        let queue = |language: &str, n: usize| {
            text_in(
                language,
                "notice-queue-summary",
                &[("count", Arg::Count(n))],
            )
        };
        assert_eq!(queue("pt-BR", 1), "1 conversa nova na fila");
        assert_eq!(queue("pt-BR", 3), "3 conversas novas na fila");
        assert_eq!(queue("en", 1), "1 new conversation in the queue");
        assert_eq!(queue("ar", 2), "محادثتان جديدتان في قائمة الانتظار");
        assert_eq!(queue("ar", 5), "5 محادثات جديدة في قائمة الانتظار");
        assert!(!set_language("xx"), "only the app's languages");
    }
}
