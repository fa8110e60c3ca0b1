//! The codebase's shape, checked as a newcomer would meet it (issue 26):
//! no import cycle between the modules of one crate, the hub's storage
//! layers importing only downwards, no function over 80 lines outside tests
//! (each exception named with its reason), every path the README and
//! `docs/` cite present in the tree, and the app's command list agreeing
//! with the capability and the UI's calls.
//!
//! These read the source as text: a small lexer strips comments and string
//! literals, which is all the precision the checks need.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// Every file and folder under `dir` (build output, dependencies and
/// `.git` left out), sorted; `true` for a folder.
fn walk(dir: &Path) -> Vec<(PathBuf, bool)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let name = e.file_name().to_string_lossy().to_string();
            if ["target", "node_modules", ".git", "dist"].contains(&name.as_str()) {
                continue;
            }
            let folder = path.is_dir();
            if folder {
                stack.push(path.clone());
            }
            out.push((path, folder));
        }
    }
    out.sort();
    out
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    walk(dir)
        .into_iter()
        .filter(|(p, folder)| !folder && p.extension().is_some_and(|x| x == "rs"))
        .map(|(p, _)| p)
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The source with comments removed and string and character literals
/// emptied (`""`, `' '`), line breaks kept so line numbers still hold.
fn code_only(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        let next = c.get(i + 1).copied();
        if ch == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && next == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if c[i] == '\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
            }
        } else if ch == 'r'
            && (next == Some('"') || next == Some('#'))
            && !c
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string: r"…", r#"…"#, and so on.
            let mut j = i + 1;
            let mut hashes = 0;
            while c.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if c.get(j) != Some(&'"') {
                out.push(ch);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                match c.get(j) {
                    None => break,
                    Some('"') if (0..hashes).all(|k| c.get(j + 1 + k) == Some(&'#')) => {
                        j += 1 + hashes;
                        break;
                    }
                    Some('\n') => out.push('\n'),
                    _ => {}
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if ch == '"' {
            let mut j = i + 1;
            while j < c.len() && c[j] != '"' {
                if c[j] == '\\' {
                    j += 1;
                }
                if c.get(j) == Some(&'\n') {
                    out.push('\n');
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j + 1;
        } else if ch == '\'' {
            // A character literal ('x', '\n', '\u{..}'), or a lifetime.
            if next == Some('\\') {
                let mut j = i + 2;
                while j < c.len() && c[j] != '\'' {
                    j += 1;
                }
                out.push_str("' '");
                i = j + 1;
            } else if c.get(i + 2) == Some(&'\'') {
                out.push_str("' '");
                i += 3;
            } else {
                out.push(ch);
                i += 1;
            }
        } else {
            out.push(ch);
            i += 1;
        }
    }
    out
}

/// The crate's top-level module a file belongs to (`None`: the crate root).
fn top_module(src_dir: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src_dir).ok()?;
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .to_string();
    if rel.components().count() == 1 {
        let stem = first.trim_end_matches(".rs");
        if stem == "lib" || stem == "main" {
            return None;
        }
        return Some(stem.to_owned());
    }
    if first == "bin" {
        return None;
    }
    Some(first)
}

/// The top-level modules a file names through `crate::` (in `use` lists
/// too) and, from a file directly under the root, through `super::`.
fn names_used(code: &str, top_level_file: bool) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (prefix, applies) in [("crate::", true), ("super::", top_level_file)] {
        if !applies {
            continue;
        }
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            let before = rest[..at].chars().last();
            rest = &rest[at + prefix.len()..];
            if before.is_some_and(|b| b.is_alphanumeric() || b == '_' || b == '$') {
                continue;
            }
            let trimmed = rest.trim_start();
            if let Some(group) = trimmed.strip_prefix('{') {
                // use crate::{a::x, b, c::{d, e}}: the first name of each item.
                let mut depth = 0;
                let mut item_start = true;
                for (k, ch) in group.char_indices() {
                    match ch {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => item_start = true,
                        c if item_start && (c.is_alphanumeric() || c == '_') => {
                            out.insert(ident(&group[k..]));
                            item_start = false;
                        }
                        _ => {}
                    }
                }
            } else {
                let name = ident(trimmed);
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        }
    }
    out
}

/// Each crate's module graph: module → the modules it imports.
fn module_graph(src_dir: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let files = rust_files(src_dir);
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|f| top_module(src_dir, f))
        .collect();
    for file in &files {
        let Some(module) = top_module(src_dir, file) else {
            continue;
        };
        let top_level_file = file.parent() == Some(src_dir)
            || (file.file_name().is_some_and(|n| n == "mod.rs")
                && file.parent().and_then(Path::parent) == Some(src_dir));
        let used = names_used(&code_only(&read(file)), top_level_file);
        let entry = graph.entry(module.clone()).or_default();
        for name in used {
            if name != module && modules.contains(&name) {
                entry.insert(name);
            }
        }
    }
    graph
}

/// The cycles of a graph, each as its modules (Tarjan's strongly connected
/// components of more than one node).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(w: &mut Walk<'a>, v: &'a str) {
        let n = w.index.len();
        w.index.insert(v, n);
        w.low.insert(v, n);
        w.stack.push(v);
        w.on_stack.insert(v);
        for u in w.graph.get(v).into_iter().flatten() {
            let u = u.as_str();
            if !w.index.contains_key(u) {
                visit(w, u);
                let lu = w.low[u];
                let lv = w.low[v];
                w.low.insert(v, lv.min(lu));
            } else if w.on_stack.contains(u) {
                let iu = w.index[u];
                let lv = w.low[v];
                w.low.insert(v, lv.min(iu));
            }
        }
        if w.low[v] == w.index[v] {
            let mut component = Vec::new();
            while let Some(u) = w.stack.pop() {
                w.on_stack.remove(u);
                component.push(u.to_owned());
                if u == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                w.found.push(component);
            }
        }
    }
    let mut w = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !w.index.contains_key(v.as_str()) {
            visit(&mut w, v);
        }
    }
    w.found
}

/// The source folders of the workspace's crates.
fn crate_sources() -> Vec<PathBuf> {
    let root = root();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .map(|d| d.flatten().map(|e| e.path().join("src")).collect())
        .unwrap_or_default();
    dirs.push(root.join("src-tauri/src"));
    dirs.push(root.join("tests/src"));
    dirs.retain(|d| d.is_dir());
    dirs.sort();
    dirs
}

#[test]
fn the_checker_finds_a_cycle_and_reads_use_lists() {
    let used = names_used(
        &code_only(
            "use crate::{db::Val, queries::{a, b}};\n// crate::routes\nlet s = \"crate::http\";",
        ),
        false,
    );
    assert_eq!(used.into_iter().collect::<Vec<_>>(), ["db", "queries"]);
    let mut graph = BTreeMap::new();
    graph.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
    graph.insert("b".to_owned(), BTreeSet::from(["c".to_owned()]));
    graph.insert("c".to_owned(), BTreeSet::from(["a".to_owned()]));
    graph.insert("d".to_owned(), BTreeSet::from(["a".to_owned()]));
    assert_eq!(cycles(&graph), vec![vec!["a", "b", "c"]]);
}

#[test]
fn no_crate_has_an_import_cycle_between_its_modules() {
    let mut found = Vec::new();
    for src in crate_sources() {
        for cycle in cycles(&module_graph(&src)) {
            found.push(format!("{}: {}", src.display(), cycle.join(" ↔ ")));
        }
    }
    assert!(found.is_empty(), "import cycles:\n{}", found.join("\n"));
}

#[test]
fn the_hub_storage_layers_import_only_downwards() {
    let graph = module_graph(&root().join("crates/hub/src"));
    // Modules that import nothing of the crate (crypto, the alerts'
    // meanings, file permissions, ...) may be used by any layer.
    let leaves: Vec<&str> = graph
        .iter()
        .filter(|(_, uses)| uses.is_empty())
        .map(|(m, _)| m.as_str())
        .collect();
    assert!(leaves.contains(&"crypto"), "leaves: {leaves:?}");
    // Each storage layer and the layers below it.
    let below: [(&str, &[&str]); 4] = [
        ("db", &[]),
        ("queries", &["db"]),
        ("repo", &["db", "queries"]),
        ("backend", &["db", "queries", "repo"]),
    ];
    let mut wrong = Vec::new();
    for (layer, may) in below {
        assert!(graph.contains_key(layer), "no module {layer}");
        for used in &graph[layer] {
            if !may.contains(&used.as_str()) && !leaves.contains(&used.as_str()) {
                wrong.push(format!("{layer} imports {used}"));
            }
        }
    }
    assert!(wrong.is_empty(), "layering: {wrong:?}");
}

/// Functions allowed past 80 lines, each with its reason: `(file, name, why)`.
const LONG_FUNCTIONS: &[(&str, &str, &str)] = &[];

/// The functions of a file longer than `limit` lines (signature to closing
/// brace), outside `#[cfg(test)]` modules: `(name, first line, lines)`.
fn long_functions(code: &str, limit: usize) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    let mut depth: i64 = 0;
    // The depth at which a test module opened (skipped until it closes).
    let mut test_module: Option<i64> = None;
    let mut pending_cfg_test = false;
    // Open functions: (name, first line, depth of their body).
    let mut open: Vec<(String, usize, i64)> = Vec::new();
    let mut signature: Option<(String, usize)> = None;
    for (n, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            pending_cfg_test = true;
        }
        if test_module.is_none()
            && signature.is_none()
            && let Some(name) = fn_name(trimmed)
        {
            signature = Some((name, n));
        }
        for ch in line.chars() {
            match ch {
                '{' => {
                    depth += 1;
                    if pending_cfg_test && test_module.is_none() && trimmed.contains("mod ") {
                        test_module = Some(depth);
                        pending_cfg_test = false;
                    }
                    if let Some((name, first)) = signature.take()
                        && test_module.is_none()
                    {
                        open.push((name, first, depth));
                    }
                }
                '}' => {
                    if let Some(&(_, first, d)) = open.last()
                        && d == depth
                    {
                        let (name, _, _) = open.pop().unwrap_or_default();
                        let length = n - first + 1;
                        if length > limit {
                            out.push((name, first + 1, length));
                        }
                    }
                    if test_module == Some(depth) {
                        test_module = None;
                    }
                    depth -= 1;
                }
                // A declaration without a body (a trait's method).
                ';' if signature.is_some() && !line.contains('{') => {
                    signature = None;
                }
                _ => {}
            }
        }
        if pending_cfg_test
            && !trimmed.starts_with("#[")
            && !trimmed.is_empty()
            && !trimmed.contains("mod ")
        {
            pending_cfg_test = false;
        }
    }
    out
}

/// The name in a line that opens a function (`pub async fn name(`…).
fn fn_name(line: &str) -> Option<String> {
    let mut rest = line;
    for prefix in [
        "pub(crate) ",
        "pub(super) ",
        "pub ",
        "const ",
        "async ",
        "unsafe ",
        "extern \"\" ",
    ] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    let rest = rest.strip_prefix("fn ")?;
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

#[test]
fn the_length_checker_counts_bodies_and_skips_tests() {
    let body = |n: usize| "    let x = 1;\n".repeat(n);
    let src = format!(
        "pub async fn long() {{\n{}}}\nfn short() {{\n{}}}\ntrait T {{\n    fn declared(&self);\n}}\n#[cfg(test)]\nmod tests {{\n    fn long_test() {{\n{}    }}\n}}\n",
        body(85),
        body(10),
        body(90)
    );
    assert_eq!(
        long_functions(&code_only(&src), 80),
        vec![("long".to_owned(), 1, 87)]
    );
}

#[test]
fn no_function_is_over_eighty_lines_outside_tests() {
    let root = root();
    let mut found = Vec::new();
    // The system tests' own crate (its harness and bench binaries) is tests.
    for src in crate_sources()
        .into_iter()
        .filter(|s| !s.starts_with(root.join("tests")))
    {
        for file in rust_files(&src) {
            let rel = file
                .strip_prefix(&root)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            for (name, line, length) in long_functions(&code_only(&read(&file)), 80) {
                let excepted = LONG_FUNCTIONS
                    .iter()
                    .any(|(f, n, _)| *f == rel && *n == name);
                if !excepted {
                    found.push(format!("{rel}:{line} {name}: {length} lines"));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "functions over 80 lines (split them, or name them in LONG_FUNCTIONS with the reason):\n{}",
        found.join("\n")
    );
}

/// The command names of `src-tauri/src/commands/list.rs`, by area.
fn command_list() -> Vec<(String, String)> {
    let src = code_only(&read(&root().join("src-tauri/src/commands/list.rs")));
    let inner = src
        .split_once("$then! {")
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    let inner = &inner[..inner.find('}').unwrap_or(inner.len())];
    let mut out = Vec::new();
    for area in inner.split(';') {
        let Some((name, commands)) = area.split_once(':') else {
            continue;
        };
        for command in commands.split(',') {
            let command = command.trim();
            if !command.is_empty() {
                out.push((name.trim().to_owned(), command.to_owned()));
            }
        }
    }
    out
}

/// Every `#[tauri::command]` function in `src-tauri/src/commands/<area>.rs`,
/// as `(area, name)`.
fn command_functions() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for file in rust_files(&root().join("src-tauri/src/commands")) {
        let area = file
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let code = code_only(&read(&file));
        let mut lines = code.lines();
        while let Some(line) = lines.next() {
            if line.trim() == "#[tauri::command]" {
                let name = lines.by_ref().find_map(|l| fn_name(l.trim_start()));
                out.push((area.clone(), name.unwrap_or_default()));
            }
        }
    }
    out
}

/// The command names a TypeScript file passes to `call('…')` or `invoke(…'…')`.
fn commands_called(ts: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for opener in ["call('", "call<", "invoke<", "invoke('"] {
        for (at, _) in ts.match_indices(opener) {
            let rest = &ts[at + opener.len() - 1..];
            let Some(start) = rest.find('\'') else {
                continue;
            };
            // Only a string that opens the call's arguments.
            if rest[..start].contains([',', ')', ';', '\n']) {
                continue;
            }
            let name: String = rest[start + 1..]
                .chars()
                .take_while(|c| *c != '\'')
                .collect();
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn the_command_list_the_capability_and_the_ui_agree() {
    let root = root();
    let list = command_list();
    let names: BTreeSet<String> = list.iter().map(|(_, n)| n.clone()).collect();
    assert!(names.len() >= 50, "the list was read: {names:?}");
    assert_eq!(names.len(), list.len(), "a command is listed twice");

    // Each listed command is a #[tauri::command] in its area's file, and
    // each such function is listed.
    let functions: BTreeSet<(String, String)> = command_functions().into_iter().collect();
    let listed: BTreeSet<(String, String)> = list.into_iter().collect();
    assert_eq!(
        listed.difference(&functions).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "listed but no #[tauri::command] in commands/<area>.rs"
    );
    assert_eq!(
        functions.difference(&listed).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "a #[tauri::command] missing from commands/list.rs"
    );

    // The capability grants exactly the listed commands (and zoom).
    let capability: serde_json::Value =
        serde_json::from_str(&read(&root.join("src-tauri/capabilities/default.json")))
            .unwrap_or_default();
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p.as_str())
        .filter(|p| !p.starts_with("core:"))
        .map(|p| p.trim_start_matches("allow-").replace('-', "_"))
        .collect();
    assert_eq!(
        granted, names,
        "capabilities/default.json against commands/list.rs"
    );

    // The UI calls exactly the listed commands, and its in-memory fake
    // implements the same interface (the type check holds it to it).
    let backend = read(&root.join("ui/src/lib/backend.ts"));
    assert_eq!(
        commands_called(&backend),
        names,
        "ui/src/lib/backend.ts against commands/list.rs"
    );
    assert!(
        read(&root.join("ui/src/lib/fake.ts")).contains("class FakeBackend implements Backend")
    );
}

/// Every file and folder of the tree, relative to the root, folders
/// ending in `/`.
fn tree() -> Vec<String> {
    let root = root();
    walk(&root)
        .into_iter()
        .map(|(path, folder)| {
            let rel = path
                .strip_prefix(&root)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            if folder { format!("{rel}/") } else { rel }
        })
        .collect()
}

/// The file paths a Markdown text cites in backticks (`a/b.rs`, `x.rs`,
/// `dir/`, `dir/*.rs`), with the line each is on.
fn cited_paths(markdown: &str) -> Vec<(usize, String)> {
    const EXTENSIONS: [&str; 10] = [
        ".rs", ".ts", ".svelte", ".md", ".sql", ".sh", ".toml", ".py", ".json", ".yml",
    ];
    let mut out = Vec::new();
    for (n, line) in markdown.lines().enumerate() {
        for (i, token) in line.split('`').enumerate() {
            if i % 2 == 0 {
                continue;
            }
            // `crates/core/tests/store.rs a_test_name`: the file.
            let token = token.split(' ').next().unwrap_or_default();
            let pathish = token
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-./*".contains(c));
            let cited = pathish
                && !token.starts_with('/')
                && !token.starts_with('.')
                && !token.contains("..")
                && (EXTENSIONS.iter().any(|e| token.ends_with(e))
                    || (token.contains('/') && token.ends_with('/')));
            if cited {
                out.push((n + 1, token.to_owned()));
            }
        }
    }
    out
}

/// Whether the tree has what the prose cites: a path from the root, or
/// the end of one (prose names files inside the folder it is describing:
/// `queries/feed.rs`, `views.rs`); `*` matches within a name.
fn exists_somewhere(tree: &[String], cited: &str) -> bool {
    let (head, tail) = cited.split_once('*').unwrap_or((cited, ""));
    tree.iter().any(|path| {
        let fits = |start: usize| {
            let candidate = &path[start..];
            if cited.contains('*') {
                candidate.starts_with(head)
                    && candidate.ends_with(tail)
                    && !candidate[head.len()..].contains('/')
            } else {
                candidate == cited
            }
        };
        fits(0)
            || path
                .match_indices('/')
                .any(|(i, _)| i + 1 < path.len() && fits(i + 1))
    })
}

/// The Markdown files directly in `dir`, sorted.
fn markdown_in(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    found.sort();
    found
}

/// Every picture a document shows (`![…](path)`) is in the tree, beside
/// the document as its link says.
#[test]
fn every_picture_the_docs_show_is_in_the_tree() {
    let root = root();
    let mut documents = vec![root.join("README.md")];
    documents.extend(markdown_in(&root.join("docs")));
    let mut missing = Vec::new();
    let mut shown = 0;
    for doc in documents {
        let text = read(&doc);
        for part in text.split("](").skip(1) {
            let Some(link) = part.split(')').next() else {
                continue;
            };
            if !link.ends_with(".png") || link.contains("://") {
                continue;
            }
            shown += 1;
            let beside = doc.parent().map(|d| d.join(link)).unwrap_or_default();
            if !beside.is_file() {
                missing.push(format!("{}: {link}", doc.display()));
            }
        }
    }
    assert!(shown > 0, "the README shows the app");
    assert!(
        missing.is_empty(),
        "pictures shown but not in the tree:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_path_the_readme_and_docs_cite_is_in_the_tree() {
    let root = root();
    let tree = tree();
    let mut documents = vec![root.join("README.md"), root.join("BENCHMARKS.md")];
    documents.extend(markdown_in(&root.join("docs")));
    let mut missing = Vec::new();
    let mut checked = 0;
    for doc in documents {
        for (line, cited) in cited_paths(&read(&doc)) {
            checked += 1;
            // Placeholders and build output are not in the tree.
            if cited.contains("NNNN") || cited.starts_with("target/") {
                continue;
            }
            if !exists_somewhere(&tree, &cited) {
                let name = doc
                    .strip_prefix(&root)
                    .unwrap_or(&doc)
                    .display()
                    .to_string();
                missing.push(format!("{name}:{line} `{cited}`"));
            }
        }
    }
    assert!(checked > 100, "the documents' paths were read ({checked})");
    assert!(
        missing.is_empty(),
        "cited but not in the tree:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_path_reader_takes_files_and_folders_not_routes() {
    let found = cited_paths(
        "see `crates/hub/src/http/` and `store.rs a_test`, not `/v1/me` or `GET` or `a.b`; `queries/*.rs`",
    );
    let found: Vec<&str> = found.iter().map(|(_, p)| p.as_str()).collect();
    assert_eq!(found, ["crates/hub/src/http/", "store.rs", "queries/*.rs"]);
    let tree = tree();
    assert!(exists_somewhere(&tree, "crates/hub/src/http/"));
    assert!(exists_somewhere(&tree, "queries/*.rs"));
    assert!(exists_somewhere(&tree, "views.rs"));
    assert!(!exists_somewhere(&tree, "crates/hub/src/routes.rs"));
    assert!(!exists_somewhere(&tree, "hub/src/sql.rs"));
}

#[test]
fn the_layout_table_matches_the_tree() {
    let root = root();
    let readme = read(&root.join("CONTRIBUTING.md"));
    let table = readme
        .split_once("## Layout")
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    let listed: Vec<String> = table
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| l.split('`').nth(1))
        .map(|p| p.trim_end_matches('/').to_owned())
        .collect();
    assert!(listed.len() > 10, "the table was read: {listed:?}");
    for path in &listed {
        assert!(
            root.join(path).exists(),
            "the layout table lists {path}, which is not in the tree"
        );
    }
    // Every crate, and every top-level folder but build output and tools'
    // own (`.git`, `.cargo`, `target`).
    let mut expected = Vec::new();
    for entry in std::fs::read_dir(root.join("crates"))
        .into_iter()
        .flatten()
        .flatten()
    {
        expected.push(format!("crates/{}", entry.file_name().to_string_lossy()));
    }
    for entry in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let skipped = ["crates", "target", ".git", ".cargo"].contains(&name.as_str());
        if entry.path().is_dir() && !skipped {
            expected.push(if name == ".ci" {
                ".ci/run".to_owned()
            } else {
                name
            });
        }
    }
    for path in expected {
        assert!(
            listed.contains(&path),
            "{path} is in the tree but not in CONTRIBUTING.md's layout table"
        );
    }
}

#[test]
fn every_test_and_function_the_docs_name_is_in_the_code() {
    let root = root();
    let mut documents = vec![root.join("README.md")];
    documents.extend(markdown_in(&root.join("docs")));
    // Names such as `a_revoked_token_erases_the_local_copy`: at least four
    // words joined by underscores, as the tests and functions are named.
    let mut names = BTreeSet::new();
    for doc in &documents {
        for (i, token) in read(doc).split('`').enumerate() {
            let snake = token
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if i % 2 == 1 && snake && token.matches('_').count() >= 3 && !token.starts_with('_') {
                names.insert(token.to_owned());
            }
        }
    }
    assert!(
        names.len() > 50,
        "the documents' names were read ({})",
        names.len()
    );
    let mut code = String::new();
    for (path, folder) in walk(&root) {
        let source = path
            .extension()
            .is_some_and(|x| x == "rs" || x == "ts" || x == "svelte");
        if !folder && source {
            code.push_str(&read(&path));
            code.push('\n');
        }
    }
    let missing: Vec<&String> = names
        .iter()
        .filter(|name| {
            !code.match_indices(name.as_str()).any(|(at, _)| {
                let before = code[..at].chars().last();
                let after = code[at + name.len()..].chars().next();
                let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                !word(before) && !word(after)
            })
        })
        .collect();
    assert!(
        missing.is_empty(),
        "named in the docs but not in the code: {missing:?}"
    );
}

/// The codes of the hub's refusals, read from its sources: the string
/// after `StatusCode::X,`, `Invalid(`, `Clash(` or `refuse(`.
fn hub_refusal_codes() -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    for path in rust_files(&root().join("crates/hub/src")) {
        let src = read(&path);
        for marker in ["StatusCode::", "Invalid(", "Clash(", "refuse("] {
            for (at, _) in src.match_indices(marker) {
                let mut rest = &src[at + marker.len()..];
                if marker == "StatusCode::" {
                    let name_end = rest
                        .find(|c: char| !(c.is_ascii_uppercase() || c == '_'))
                        .unwrap_or(rest.len());
                    rest = &rest[name_end..];
                    let Some(after) = rest.strip_prefix(',') else {
                        continue;
                    };
                    rest = after;
                }
                let Some(quoted) = rest.trim_start().strip_prefix('"') else {
                    continue;
                };
                let code: String = quoted.chars().take_while(|c| *c != '"').collect();
                if !code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    codes.insert(code);
                }
            }
        }
    }
    codes
}

/// Issue 30: every refusal the hub can send the app is said in the agent's
/// language (`error-<code>` in the page's catalogue, which the catalogue
/// test holds to every language). The codes the app never shows are named
/// here with why.
#[test]
fn every_refusal_code_of_the_hub_is_said_in_the_app() {
    const NOT_SHOWN: [(&str, &str); 7] = [
        ("bad_signature", "webhooks only: Meta's posts"),
        ("feed", "a migration step, never an answer to the app"),
        ("missing_keys", "the command line's content-key rotation"),
        ("target_not_empty", "the command line's migrate-store"),
        ("wrong_target", "the command line's migrate-store"),
        (
            "method_not_allowed",
            "the app calls no endpoint with a wrong method",
        ),
        ("invalid", "the core's own refusal, said by the core"),
    ];
    let codes = hub_refusal_codes();
    assert!(
        codes.contains("window_closed") && codes.contains("duplicate_name") && codes.len() > 40,
        "the hub's codes were read: {codes:?}"
    );
    let catalogue = read(&root().join("ui/src/locales/en/errors.ftl"));
    let missing: Vec<&String> = codes
        .iter()
        .filter(|code| !NOT_SHOWN.iter().any(|(c, _)| c == code))
        .filter(|code| !catalogue.contains(&format!("\nerror-{code} =")))
        .collect();
    assert!(
        missing.is_empty(),
        "refusals the app would show in the hub's English: add error-<code> to ui/src/locales/*/errors.ftl: {missing:?}"
    );
}
