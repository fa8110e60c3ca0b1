//! `docs/configuration.md` is the one table of every setting (issue 31).
//! This reads the code as text and fails when the two disagree: a
//! setting the code reads that the table lacks, a row nothing reads, a
//! `_FILE` mark that is not how the hub reads it, or a default that is
//! not the code's.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The non-test Rust source of the programs that read settings, each
/// file cut at its `#[cfg(test)]` module.
fn sources() -> Vec<(PathBuf, String)> {
    let root = root();
    let mut dirs: Vec<PathBuf> = ["hub", "core", "sandbox", "demo", "whatsapp", "protocol"]
        .iter()
        .map(|c| root.join("crates").join(c).join("src"))
        .collect();
    dirs.push(root.join("src-tauri/src"));
    let mut out = Vec::new();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = read(&path);
                let code = match text.find("#[cfg(test)]") {
                    Some(i) => text[..i].to_owned(),
                    None => text,
                };
                out.push((path, code));
            }
        }
    }
    out
}

/// Every `"PREFIX_NAME"` literal, for the project's prefixes (a `_FILE`
/// name is a form of its setting, not a setting).
fn names_in(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for piece in code.split('"').skip(1).step_by(2) {
        let ours = ["SWITCHBOARD_", "WHATSAPP_", "SANDBOX_"]
            .iter()
            .any(|p| piece.starts_with(p));
        let shaped = piece
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if ours && shaped && !piece.ends_with("_FILE") {
            found.insert(piece.to_owned());
        }
    }
    found
}

/// A row of the table: every setting it names, and its cells.
struct Row {
    default: String,
    file: String,
}

fn table() -> BTreeMap<String, Row> {
    let text = read(&root().join("docs/configuration.md"));
    let mut rows = BTreeMap::new();
    for line in text.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        assert_eq!(cells.len(), 5, "five cells: {line}");
        for name in cells[0].split(", ") {
            let name = name.trim_matches('`').to_owned();
            let row = Row {
                default: cells[2].to_owned(),
                file: cells[3].to_owned(),
            };
            assert!(
                rows.insert(name.clone(), row).is_none(),
                "{name} listed twice"
            );
        }
    }
    rows
}

#[test]
fn every_setting_the_code_reads_is_in_the_table_and_no_other() {
    let table = table();
    let sources = sources();
    let read_by_code: BTreeSet<String> = sources.iter().flat_map(|(_, c)| names_in(c)).collect();
    let missing: Vec<_> = read_by_code
        .iter()
        .filter(|n| !table.contains_key(*n))
        .collect();
    assert!(
        missing.is_empty(),
        "read by the code, not in docs/configuration.md: {missing:?}"
    );
    let all_code: String = sources.iter().map(|(_, c)| c.as_str()).collect();
    for name in table.keys() {
        let read = if name == "RUST_LOG" {
            all_code.contains("from_default_env")
        } else {
            all_code.contains(&format!("\"{name}\""))
        };
        assert!(
            read,
            "docs/configuration.md lists {name}, which nothing reads"
        );
    }
    assert!(
        table.len() > 60,
        "the table was read ({} rows)",
        table.len()
    );
}

#[test]
fn the_file_form_is_marked_exactly_where_the_hub_reads_it() {
    let table = table();
    let mut secrets = BTreeSet::new();
    for (_, code) in sources() {
        for call in ["secret(\"", "required(\""] {
            for piece in code.split(call).skip(1) {
                if let Some(name) = piece.split('"').next() {
                    secrets.insert(name.to_owned());
                }
            }
        }
    }
    assert!(
        secrets.contains("WHATSAPP_ACCESS_TOKEN"),
        "the hub's secrets were found: {secrets:?}"
    );
    for (name, row) in &table {
        let expected = if secrets.contains(name) { "yes" } else { "no" };
        assert_eq!(row.file, expected, "{name}: the _FILE column");
    }
}

/// The defaults the code states beside the name: clap's `default_value`,
/// the hub's `plain(NAME, default)`, and the limits' `Default`.
fn code_defaults() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (_, code) in sources() {
        for piece in code.split("env = \"").skip(1) {
            let name = piece.split('"').next().unwrap_or_default();
            let arg = piece.split(")]").next().unwrap_or_default();
            for key in ["default_value = \"", "default_value_t = "] {
                if let Some(v) = arg.split(key).nth(1) {
                    let v = v.split(['"', ',', ')']).next().unwrap_or_default().trim();
                    let v = if v == "LogFormat::Text" { "text" } else { v };
                    out.insert(name.to_owned(), v.to_owned());
                }
            }
        }
        for piece in code.split("plain(\"").skip(1) {
            let mut parts = piece.split('"');
            if let (Some(name), _, Some(v)) = (parts.next(), parts.next(), parts.next()) {
                out.insert(name.to_owned(), v.to_owned());
            }
        }
    }
    out.extend(limit_defaults());
    out
}

/// `number("NAME", c.field)` and `secs("NAME", c.field)` in the hub's
/// settings, with the field's value in `LimitConfig::default()`.
fn limit_defaults() -> BTreeMap<String, String> {
    let root = root();
    let config = read(&root.join("crates/hub/src/config.rs"));
    let limits = read(&root.join("crates/hub/src/limits.rs"));
    let body = limits
        .split("fn default() -> LimitConfig {")
        .nth(1)
        .unwrap_or_default();
    let mut out = BTreeMap::new();
    for call in ["number(", "secs("] {
        for piece in config.split(call).skip(1) {
            let piece: String = piece.chars().filter(|c| !c.is_whitespace()).collect();
            let Some(rest) = piece.strip_prefix('"') else {
                continue;
            };
            let mut parts = rest.splitn(2, "\",c.");
            let (Some(name), Some(field)) = (parts.next(), parts.next()) else {
                continue;
            };
            let field = field.split(')').next().unwrap_or_default();
            let Some(value) = body
                .lines()
                .find_map(|l| l.trim().strip_prefix(&format!("{field}: ")))
            else {
                continue;
            };
            out.insert(
                name.to_owned(),
                evaluate(value.trim_end_matches(','), &limits),
            );
        }
    }
    out
}

/// `3 * 1024 * 1024`, `Duration::from_secs(15)`, `20.0`, `MAX_WEBHOOK_BYTES`.
fn evaluate(expr: &str, limits: &str) -> String {
    let expr = expr
        .trim()
        .trim_start_matches("Duration::from_secs(")
        .trim_end_matches(')');
    let expr = if expr.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
        limits
            .split(&format!("const {expr}: usize = "))
            .nth(1)
            .and_then(|r| r.split(';').next())
            .unwrap_or(expr)
            .to_owned()
    } else {
        expr.to_owned()
    };
    let product: Option<f64> = expr
        .split('*')
        .map(|f| f.trim().replace('_', "").parse::<f64>().ok())
        .product();
    match product {
        Some(n) => format!("{n}"),
        None => expr,
    }
}

#[test]
fn each_default_in_the_table_is_the_codes() {
    let table = table();
    let defaults = code_defaults();
    assert!(
        defaults.contains_key("SWITCHBOARD_MAX_CONNECTIONS"),
        "the limits were read: {defaults:?}"
    );
    assert!(
        defaults.contains_key("SWITCHBOARD_HUB_LISTEN"),
        "clap's defaults were read"
    );
    let mut checked = 0;
    for (name, value) in &defaults {
        let Some(row) = table.get(name) else {
            continue;
        };
        checked += 1;
        assert!(
            row.default.starts_with(&format!("`{value}`")),
            "{name}: the table says {}, the code {value}",
            row.default
        );
    }
    assert!(checked >= 30, "{checked} defaults checked");
}
