//! The core's words for people (its notifications and its refusals) in the
//! agent's language, from Project Fluent catalogues
//! (`locales/<language>/core.ftl` and `refusals.ftl`, built into the
//! library). The language is the process's: the shell sets it from the
//! profile's choice ([`crate::desktop::Desktop::set_language`]); English
//! until then, and for any message a catalogue lacks.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::{OnceLock, RwLock};

/// The languages the app speaks (the UI's list, `ui/src/lib/i18n.svelte.ts`).
pub const LANGUAGES: [&str; 6] = ["en", "pt-BR", "es", "id", "hi", "ar"];

/// Each language's catalogue sources: its notifications and windows
/// (`core.ftl`), then its refusals (`refusals.ftl`), in one bundle.
const SOURCES: [(&str, [&str; 2]); 6] = [
    (
        "en",
        [
            include_str!("../locales/en/core.ftl"),
            include_str!("../locales/en/refusals.ftl"),
        ],
    ),
    (
        "pt-BR",
        [
            include_str!("../locales/pt-BR/core.ftl"),
            include_str!("../locales/pt-BR/refusals.ftl"),
        ],
    ),
    (
        "es",
        [
            include_str!("../locales/es/core.ftl"),
            include_str!("../locales/es/refusals.ftl"),
        ],
    ),
    (
        "id",
        [
            include_str!("../locales/id/core.ftl"),
            include_str!("../locales/id/refusals.ftl"),
        ],
    ),
    (
        "hi",
        [
            include_str!("../locales/hi/core.ftl"),
            include_str!("../locales/hi/refusals.ftl"),
        ],
    ),
    (
        "ar",
        [
            include_str!("../locales/ar/core.ftl"),
            include_str!("../locales/ar/refusals.ftl"),
        ],
    ),
];

/// The refusals people may see (`CoreError::Invalid`, with the protocol's
/// checks passed on as such): each English sentence, as the code says it,
/// and its message in `refusals.ftl`. A test holds the code and this table
/// together.
pub const REFUSALS: &[(&str, &str)] = &[
    // Who may do what
    (
        "only whoever holds this conversation (or an admin) can label it",
        "refusal-label-not-yours",
    ),
    ("only admins manage labels", "refusal-admins-manage-labels"),
    (
        "only admins manage the lists: canned replies, teams and inboxes",
        "refusal-admins-manage-lists",
    ),
    (
        "only its holder, the team's lead or an admin can move a conversation to another team",
        "refusal-move-team-not-allowed",
    ),
    (
        "only admins, viewers and team leads see other agents' queues",
        "refusal-other-queues",
    ),
    (
        "claim the conversation before replying",
        "refusal-claim-before-reply",
    ),
    ("your role cannot reply", "refusal-role-cannot-reply"),
    ("your role cannot write notes", "refusal-role-cannot-note"),
    (
        "this conversation is not yours to reply to",
        "refusal-not-yours-to-reply",
    ),
    (
        "this conversation is not yours to react in",
        "refusal-not-yours-to-react",
    ),
    ("viewers take no conversations", "refusal-viewers-take-none"),
    (
        "only an admin or the team's lead can assign conversations",
        "refusal-assign-not-allowed",
    ),
    (
        "only whoever holds this conversation (or a lead or an admin) can snooze it",
        "refusal-snooze-not-yours",
    ),
    (
        "only an open conversation can be snoozed",
        "refusal-snooze-only-open",
    ),
    (
        "only whoever holds this conversation (or a lead or an admin) can wake it",
        "refusal-wake-not-yours",
    ),
    (
        "only whoever holds this conversation (or an admin) can mark it unread",
        "refusal-unread-not-yours",
    ),
    (
        "reports are for admins, and for a team's leads and viewers on their team",
        "refusal-reports-not-allowed",
    ),
    (
        "only admins read WhatsApp's alerts",
        "refusal-admins-read-alerts",
    ),
    ("only admins manage the team", "refusal-admins-manage-team"),
    // Replies, notes, reactions and templates
    (
        "only a text reply WhatsApp refused can be sent again",
        "refusal-resend-only-refused-text",
    ),
    (
        "no approved template has that name and language",
        "refusal-no-such-template",
    ),
    (
        "fill in every parameter of the template",
        "refusal-template-parameters",
    ),
    (
        "a draft is at most 8,192 characters",
        "refusal-draft-too-long",
    ),
    ("the message is empty", "refusal-message-empty"),
    (
        "the message contains control characters",
        "refusal-message-control-characters",
    ),
    (
        "the message is longer than 4096 characters",
        "refusal-message-too-long",
    ),
    (
        "a reaction is one emoji (or empty to remove it)",
        "refusal-reaction-one-emoji",
    ),
    (
        "a caption is at most 1024 characters",
        "refusal-caption-too-long",
    ),
    ("the reply could not be queued", "refusal-reply-not-queued"),
    // Reply buttons and lists
    (
        "a question with reply buttons is at most 1024 characters",
        "refusal-buttons-question-too-long",
    ),
    (
        "a list's button label is 1 to 20 characters, on one line, without control characters",
        "refusal-list-label",
    ),
    ("a message has 1 to 3 reply buttons", "refusal-button-count"),
    ("a list has 1 to 10 rows", "refusal-row-count"),
    (
        "a button's title is 1 to 20 characters, on one line, without control characters",
        "refusal-button-title",
    ),
    (
        "a row's title is 1 to 24 characters, on one line, without control characters",
        "refusal-row-title",
    ),
    (
        "each choice's title is different from the others",
        "refusal-choices-unique",
    ),
    // Lists, pages and searches
    ("a page holds 1 to 200 messages", "refusal-page-of-messages"),
    ("a page holds 1 to 100 entries", "refusal-page-of-entries"),
    (
        "a search is at most 200 characters",
        "refusal-search-too-long",
    ),
    ("select 1 to 1,000 conversations", "refusal-select-count"),
    ("a name is 1 to 80 characters", "refusal-name-length"),
    (
        "a colour is # and six hex digits, like #1e88e5",
        "refusal-label-colour",
    ),
    (
        "a shortcut is 1 to 32 of a-z, 0-9, - and _, starting with a letter or digit",
        "refusal-shortcut",
    ),
    // Macros and service levels
    (
        "a macro's name is 1 to 80 characters",
        "refusal-macro-name-length",
    ),
    ("a macro has 1 to 20 steps", "refusal-macro-steps"),
    (
        "a snooze is 1 hour to a year",
        "refusal-macro-snooze-length",
    ),
    (
        "a step changes at most 50 labels",
        "refusal-macro-step-labels",
    ),
    (
        "a policy's name is 1 to 80 characters",
        "refusal-policy-name-length",
    ),
    (
        "a policy applies to one inbox, one team or one label, or to everything",
        "refusal-policy-scope",
    ),
    (
        "a policy sets at least one target",
        "refusal-policy-no-target",
    ),
    (
        "a target is a minute to 90 days",
        "refusal-policy-target-range",
    ),
    // Business hours
    ("unknown time zone", "refusal-unknown-time-zone"),
    ("at most 50 shifts a week", "refusal-too-many-shifts"),
    ("at most 400 holidays", "refusal-too-many-holidays"),
    (
        "a shift's times are HH:MM, from 00:00 to 24:00",
        "refusal-shift-times",
    ),
    (
        "a shift opens before 24:00",
        "refusal-shift-opens-before-midnight",
    ),
    ("a holiday is a date, YYYY-MM-DD", "refusal-holiday-date"),
    // Files and media
    (
        "this message has no downloaded media",
        "refusal-no-downloaded-media",
    ),
    (
        "the download limit is between 1 MB and 100 MB",
        "refusal-download-limit-range",
    ),
    (
        "too many files of that name in the folder",
        "refusal-too-many-same-name",
    ),
    ("the file could not be read", "refusal-file-unreadable"),
    (
        "the file grew past WhatsApp's limit while it was read",
        "refusal-file-grew",
    ),
    ("the file is empty", "refusal-file-empty"),
    (
        "the file is too large to show here",
        "refusal-file-too-large-to-show",
    ),
    (
        "the file is a program, not a document or media: it is not sent",
        "refusal-file-is-program",
    ),
    (
        "a file's name may not hold control, invisible or direction-changing characters",
        "refusal-file-name-characters",
    ),
    // Signing in, the profile and the local copy
    (
        "a profile name is letters, digits, '-' and '_'",
        "refusal-profile-name",
    ),
    ("HOME is not set", "refusal-home-not-set"),
    ("the token is empty", "refusal-token-empty"),
    (
        "the profile's account.json is damaged; sign in again",
        "refusal-account-damaged",
    ),
    (
        "the app does not speak that language",
        "refusal-unknown-language",
    ),
    (
        "the hub URL must start with http:// or https://",
        "refusal-hub-url",
    ),
    (
        "a message's details could not be stored",
        "refusal-message-not-stored",
    ),
    (
        "a reaction could not be stored",
        "refusal-reaction-not-stored",
    ),
    (
        "the request could not be written",
        "refusal-request-not-written",
    ),
];

/// The catalogue of `code` (one of [`LANGUAGES`]), parsed the first time
/// it is asked for: English and the language spoken, never all six.
fn bundle(code: &str) -> Option<&'static FluentBundle<FluentResource>> {
    static BUNDLES: [OnceLock<Option<FluentBundle<FluentResource>>>; 6] =
        [const { OnceLock::new() }; 6];
    let at = SOURCES.iter().position(|(c, _)| *c == code)?;
    BUNDLES[at]
        .get_or_init(|| {
            let (code, sources) = SOURCES[at];
            let id: unic_langid::LanguageIdentifier = code.parse().ok()?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Notification servers drop isolation marks; names are
            // cleaned for them by `notify::plain_for_notification`.
            bundle.set_use_isolating(false);
            for source in sources {
                let resource = match FluentResource::try_new(source.to_owned()) {
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
            }
            Some(bundle)
        })
        .as_ref()
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

/// One of [`LANGUAGES`] for a locale as the system or a user names it
/// (`pt_BR.UTF-8`, `pt`, `es-MX`, `ar_EG`, `in`): the same language and
/// region, else the same language, else English. The page's `pick` in
/// `ui/src/lib/i18n.svelte.ts` chooses the same.
pub fn pick(locale: &str) -> &'static str {
    let tag = locale
        .split('.')
        .next()
        .unwrap_or_default()
        .split('@')
        .next()
        .unwrap_or_default()
        .replace('_', "-")
        .to_ascii_lowercase();
    if let Some(exact) = LANGUAGES.iter().find(|l| l.to_ascii_lowercase() == tag) {
        return exact;
    }
    let base = match tag.split('-').next().unwrap_or_default() {
        "in" => "id",
        other => other,
    };
    LANGUAGES
        .iter()
        .find(|l| {
            l.split('-')
                .next()
                .is_some_and(|b| b.eq_ignore_ascii_case(base))
        })
        .copied()
        .unwrap_or("en")
}

/// The system's locale as `LC_ALL`, `LC_MESSAGES` or `LANG` names it (the
/// first set to a real locale), else `en`.
pub fn system_locale() -> String {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty() && v != "C" && v != "POSIX" && !v.starts_with("C."))
        .unwrap_or_else(|| "en".to_owned())
}

/// A number written with a point (`5.1`) as the language spoken now
/// writes it: a decimal comma in Portuguese, Spanish and Indonesian.
/// Digits stay Western in every language, as the core's counts are.
pub fn decimal(number: &str) -> String {
    decimal_in(language(), number)
}

fn decimal_in(language: &str, number: &str) -> String {
    match language {
        "pt-BR" | "es" | "id" => number.replace('.', ","),
        _ => number.to_owned(),
    }
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
    let bundle = match bundle(language) {
        Some(b) if b.has_message(id) => Some(b),
        _ => bundle("en"),
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

/// A refusal's English sentence (one of [`REFUSALS`]) in the language
/// spoken now; the sentence itself in English, or when it is not in the
/// table.
pub fn refusal(english: &str) -> String {
    refusal_in(language(), english)
}

/// [`refusal`] in `language`.
fn refusal_in(language: &str, english: &str) -> String {
    if language == "en" {
        return english.to_owned();
    }
    let Some((_, id)) = REFUSALS.iter().find(|(sentence, _)| *sentence == english) else {
        return english.to_owned();
    };
    let said = text_in(language, id, &[]);
    // `text_in` gives the id back only when no catalogue has the message.
    if said == *id {
        english.to_owned()
    } else {
        said
    }
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
        for (n, file) in ["core.ftl", "refusals.ftl"].into_iter().enumerate() {
            let english = messages(SOURCES[0].1[n]);
            assert!(!english.is_empty(), "{file}");
            for (code, sources) in SOURCES {
                assert_eq!(
                    messages(sources[n]),
                    english,
                    "{code}/{file}: the same ids and variables"
                );
                let bundle = bundle(code);
                for (id, _) in &english {
                    assert!(
                        bundle.is_some_and(|b| b.has_message(id)),
                        "{code}/{file}: {id} parses"
                    );
                }
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

    /// Refusals never meant for people: a value that could not be written
    /// as JSON, a task that died. They stay in English.
    const INTERNAL: &[&str] = &["word counts", "message ids", "sync task", "account"];

    /// The string literal starting at `text` (just after its opening
    /// quote), unescaped, and the text after its closing quote.
    fn literal(text: &str) -> (String, &str) {
        let mut out = String::new();
        let mut chars = text.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => return (out, &text[i + 1..]),
                '\\' => match chars.next().map(|(_, e)| e) {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    // A line continuation: the next line's indent is dropped.
                    Some('\n') => {
                        let rest = chars.as_str();
                        let skipped = rest.len() - rest.trim_start().len();
                        for _ in 0..rest[..skipped].chars().count() {
                            chars.next();
                        }
                    }
                    Some(other) => out.push(other),
                    None => {}
                },
                other => out.push(other),
            }
        }
        (out, "")
    }

    /// The text of a call's argument list, from just after its `(` to its
    /// matching `)` (string literals may hold brackets).
    fn argument(text: &str) -> &str {
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        for (i, c) in text.char_indices() {
            if in_string {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth == 0 => return &text[..i],
                ')' | ']' | '}' => depth -= 1,
                _ => {}
            }
        }
        text
    }

    /// The sentences a call's argument can give: a literal (maybe turned
    /// into a `String`), the literals of an `if … { "…" } else { "…" }`, a
    /// closure's literal (`|_| "…"`), or a `const` of the same file. Any
    /// other argument (a variable, a `format!`) gives none.
    fn sentences(argument: &str, file: &str) -> Vec<String> {
        let mut argument = argument.trim();
        if let Some(closure) = argument.strip_prefix('|') {
            argument = closure.split_once('|').map_or("", |(_, body)| body.trim());
        }
        if argument.starts_with('"') || argument.starts_with("if ") {
            let mut out = Vec::new();
            let mut rest = argument;
            while let Some((_, after)) = rest.split_once('"') {
                let (sentence, next) = literal(after);
                out.push(sentence);
                rest = next;
            }
            return out;
        }
        let is_const = !argument.is_empty()
            && argument
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if is_const {
            let declaration = format!("const {argument}: &str = \"");
            if let Some((_, after)) = file.split_once(&declaration) {
                return vec![literal(after).0];
            }
        }
        Vec::new()
    }

    /// Every `.rs` file under `dir`, with its text.
    fn rust_files(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                out.push((path.display().to_string(), text));
            }
        }
    }

    /// The sentences given to each of `calls` in the files under `dir`,
    /// with where each was found.
    fn given_to(dir: &str, calls: &[&str]) -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut files = Vec::new();
        rust_files(&root, &mut files);
        assert!(!files.is_empty(), "{}", root.display());
        let mut found = Vec::new();
        for (path, text) in &files {
            for call in calls {
                for (at, _) in text.match_indices(call) {
                    let args = argument(&text[at + call.len()..]);
                    for sentence in sentences(args, text) {
                        found.push((sentence, path.clone()));
                    }
                }
            }
        }
        found
    }

    #[test]
    fn every_refusal_in_the_code_is_in_the_catalogues() {
        // Spelled in two pieces so that this file is not a hit itself.
        let core = given_to("src", &[concat!("CoreError::", "Invalid(")]);
        let protocol = given_to(
            "../protocol/src",
            &["Err(", "map_err(", "ok_or(", "write_str("],
        );
        let found: Vec<&(String, String)> = core.iter().chain(&protocol).collect();
        // The scan sees each way a sentence is given.
        for known in [
            "claim the conversation before replying",
            "your role cannot reply",
            "a page holds 1 to 200 messages",
            "the message is empty",
            "a list has 1 to 10 rows",
            "a reaction is one emoji (or empty to remove it)",
            "unknown time zone",
            "a caption is at most 1024 characters",
        ] {
            assert!(
                found.iter().any(|(s, _)| s == known),
                "the scan misses {known:?}"
            );
        }
        for (sentence, path) in &found {
            assert!(
                REFUSALS.iter().any(|(english, _)| english == sentence)
                    || INTERNAL.contains(&sentence.as_str()),
                "{path}: {sentence:?} is in neither REFUSALS (with a message in \
                 every locales/*/refusals.ftl) nor INTERNAL"
            );
        }
        for (english, _) in REFUSALS {
            assert!(
                found.iter().any(|(s, _)| s == english),
                "REFUSALS has {english:?}, which the code no longer says"
            );
        }
        for internal in INTERNAL {
            assert!(
                found.iter().any(|(s, _)| s == internal),
                "INTERNAL has {internal:?}, which the code no longer says"
            );
            assert!(!REFUSALS.iter().any(|(english, _)| english == internal));
        }
    }

    #[test]
    fn every_refusal_has_its_message_in_every_language() {
        let mut sentences: Vec<&str> = REFUSALS.iter().map(|(english, _)| *english).collect();
        let mut ids: Vec<&str> = REFUSALS.iter().map(|(_, id)| *id).collect();
        sentences.sort_unstable();
        sentences.dedup();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(sentences.len(), REFUSALS.len(), "a sentence twice");
        assert_eq!(ids.len(), REFUSALS.len(), "an id twice");
        // Every message of refusals.ftl is in the table.
        let catalogue: Vec<String> = messages(SOURCES[0].1[1])
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(
            catalogue, ids,
            "refusals.ftl and REFUSALS have the same ids"
        );
        for (english, id) in REFUSALS {
            for code in LANGUAGES {
                assert!(
                    bundle(code).is_some_and(|b| b.has_message(id)),
                    "{code}: {id}"
                );
            }
            assert_eq!(text_in("en", id, &[]), *english, "{id} in English");
            assert_eq!(refusal_in("en", english), *english);
        }
    }

    #[test]
    fn the_cores_errors_and_file_refusals_are_said_in_each_language() {
        let too_large = |language| {
            text_in(
                language,
                "file-too-large",
                &[
                    ("size", Arg::Text("20")),
                    ("kind", Arg::Text("image")),
                    ("limit", Arg::Text("5")),
                ],
            )
        };
        assert_eq!(
            too_large("en"),
            "the file is 20 MB; WhatsApp takes images of at most 5 MB"
        );
        for language in LANGUAGES.iter().filter(|l| **l != "en") {
            let said = too_large(language);
            assert!(
                said.contains("20") && said.contains('5') && !said.contains("takes images"),
                "{language}: {said}"
            );
        }
        let unsent = |language, n| {
            text_in(
                language,
                "core-error-unsent-replies",
                &[("count", Arg::Count(n))],
            )
        };
        assert!(unsent("en", 1).starts_with("1 reply has"));
        assert!(unsent("en", 2).starts_with("2 replies have"));
        assert_ne!(unsent("ar", 2), unsent("ar", 5), "Arabic's dual");
        assert!(text_in("pt-BR", "shell-tray-quit", &[]) == "Sair");
    }

    #[test]
    fn sizes_take_each_language_s_decimal_separator() {
        assert_eq!(decimal_in("pt-BR", "5.1"), "5,1");
        assert_eq!(decimal_in("es", "20.5"), "20,5");
        assert_eq!(decimal_in("id", "2.5"), "2,5");
        assert_eq!(decimal_in("en", "5.1"), "5.1");
        assert_eq!(decimal_in("hi", "5.1"), "5.1");
        assert_eq!(decimal_in("ar", "16"), "16");
    }

    #[test]
    fn a_locale_picks_the_same_language_as_the_page() {
        for (locale, code) in [
            ("pt_BR.UTF-8", "pt-BR"),
            ("pt_PT", "pt-BR"),
            ("es_MX.UTF-8", "es"),
            ("ar_EG.UTF-8@latin", "ar"),
            ("in", "id"),
            ("hi_IN", "hi"),
            ("fr_FR.UTF-8", "en"),
            ("", "en"),
        ] {
            assert_eq!(pick(locale), code, "{locale}");
        }
    }

    #[test]
    fn refusals_are_said_in_the_language_asked() {
        // The process's language stays as it is: other tests read English.
        assert_eq!(
            refusal_in("pt-BR", "the message is empty"),
            "a mensagem está vazia"
        );
        assert_eq!(
            refusal_in("es", "claim the conversation before replying"),
            "toma la conversación antes de responder"
        );
        assert_eq!(
            refusal_in("en", "the message is empty"),
            "the message is empty"
        );
        // A sentence not in the table, in any language, is said as it is.
        assert_eq!(refusal_in("pt-BR", "sync task"), "sync task");
        assert_eq!(
            refusal_in("xx", "the message is empty"),
            "the message is empty"
        );
    }
}
