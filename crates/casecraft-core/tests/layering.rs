//! The core's layering, checked from its source: every module uses only its own layer and those
//! below, the folders of the top layer use each other only where ARCHITECTURE.md says so, and no
//! module needs a module that needs it back.
//!
//! Layers, bottom to top: the op format (the `casecraft-ops` crate, re-exported as `ids`, `hlc`,
//! `op`, `record`, `text`, `validate`); the foundations (`error`, `page`, `zone`, `crypto`,
//! `files`, `platform`); `casework`; `store`; and `documents`, `sync`, `protection` side by side.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The layer of a top-level module of the core.
fn layer(top: &str) -> Option<u8> {
    Some(match top {
        "ids" | "hlc" | "op" | "record" | "text" | "validate" => 0,
        "error" | "page" | "zone" | "crypto" | "files" | "platform" => 1,
        "casework" => 2,
        "store" | "search" => 3,
        "documents" | "sync" | "protection" => 4,
        _ => return None,
    })
}

/// Uses between folders of one layer that the architecture allows (user, used).
const SIDEWAYS: &[(&str, &str)] = &[
    // Signing out sends unsent work to the sync folder first.
    ("protection", "sync"),
];

/// Every module of the core (`store::sync::conflicts`, `casework::case`, …) and its source
/// without its test modules.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &[String], out: &mut BTreeMap<String, String>) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .expect("source folder")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("utf-8 name")
                .to_string();
            if path.is_dir() {
                let mut p = prefix.to_vec();
                p.push(name);
                walk(&path, &p, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let mut p = prefix.to_vec();
                if name != "mod" && name != "lib" {
                    p.push(name);
                }
                let text = fs::read_to_string(&path).expect("source file");
                let without_tests = match text.find("#[cfg(test)]\nmod ") {
                    Some(i) => text[..i].to_string(),
                    None => text,
                };
                out.insert(p.join("::"), without_tests);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &[],
        &mut out,
    );
    out
}

/// The paths `text` names through `crate::` or `super::`, written out from the crate root
/// (brace lists expanded), for a module at `module`.
fn paths(module: &str, text: &str) -> Vec<Vec<String>> {
    let here: Vec<String> = if module.is_empty() {
        Vec::new()
    } else {
        module.split("::").map(String::from).collect()
    };
    // A file `a/b.rs` is module `a::b`, as is a folder's `a/b/mod.rs`; the `super` of both is `a`.
    let mut found = Vec::new();
    let bytes: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let rest: String = bytes[i..bytes.len().min(i + 7)].iter().collect();
        let (root, skip) = if rest.starts_with("crate::") {
            (Vec::new(), 7)
        } else if rest.starts_with("super::") {
            let mut up = here.clone();
            up.pop();
            (up, 7)
        } else {
            i += 1;
            continue;
        };
        // Only at the start of a path.
        if i > 0 && (bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_' || bytes[i - 1] == ':') {
            i += 1;
            continue;
        }
        let mut j = i + skip;
        let mut root = root;
        // `super::super::`
        while bytes[j..].iter().take(7).collect::<String>() == "super::" {
            root.pop();
            j += 7;
        }
        let (tail, end) = read_path(&bytes, j);
        for t in expand(&tail) {
            let mut p = root.clone();
            p.extend(t);
            found.push(p);
        }
        i = end.max(i + 1);
    }
    found
}

/// Reads a path (with any brace list) starting at `at`: its text and where it ends.
fn read_path(chars: &[char], at: usize) -> (String, usize) {
    let mut depth = 0;
    let mut j = at;
    while j < chars.len() {
        let c = chars[j];
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            c if depth == 0 && !(c.is_alphanumeric() || c == '_' || c == ':') => break,
            _ => {}
        }
        j += 1;
        if depth == 0 && c == '}' {
            break;
        }
    }
    (chars[at..j].iter().collect(), j)
}

/// `a::{b, c::{d, e}}` as `[[a, b], [a, c, d], [a, c, e]]`.
fn expand(path: &str) -> Vec<Vec<String>> {
    // `x as y` keeps `x`: the alias is marked, then cut from each leaf.
    let path: String = path
        .replace(" as ", "@")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    match path.find('{') {
        None => vec![path
            .split("::")
            .filter(|s| !s.is_empty())
            .map(|s| s.split('@').next().unwrap_or(s).to_string())
            .collect()],
        Some(open) => {
            let head: Vec<String> = path[..open]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            let inner = &path[open + 1..path.rfind('}').unwrap_or(path.len())];
            let mut parts = Vec::new();
            let (mut depth, mut start) = (0, 0);
            for (k, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        parts.push(&inner[start..k]);
                        start = k + 1;
                    }
                    _ => {}
                }
            }
            parts.push(&inner[start..]);
            parts
                .into_iter()
                .filter(|p| !p.is_empty())
                .flat_map(expand)
                .map(|tail| {
                    let mut p = head.clone();
                    p.extend(tail.into_iter().filter(|s| s != "self"));
                    p
                })
                .collect()
        }
    }
}

/// The module a path lands in: its longest prefix that is a module.
fn target(path: &[String], known: &BTreeSet<String>) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|m| known.contains(m))
}

/// Every use of one module by another: (user, used). A folder's own module declaring or
/// re-exporting its children is not a use.
fn uses() -> BTreeSet<(String, String)> {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    let mut out = BTreeSet::new();
    for (module, text) in &modules {
        for path in paths(module, text) {
            let Some(used) = target(&path, &known) else {
                continue;
            };
            let descendant = module.is_empty() || used.starts_with(&format!("{module}::"));
            if used != *module && !descendant {
                out.insert((module.clone(), used));
            }
        }
    }
    out
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

#[test]
fn the_reader_finds_every_module_it_checks() {
    let modules = modules();
    for expected in [
        "casework::case",
        "store::sync::conflicts",
        "documents::model",
        "protection::keyring",
        "sync::folder",
        "files::durable",
    ] {
        assert!(modules.contains_key(expected), "{expected} not found");
    }
    let uses = uses();
    for expected in [
        ("casework::entry", "casework::case"),
        ("documents::chronology", "documents::model"),
        ("protection::signout", "sync::folder"),
        ("store::cases", "store"),
    ] {
        assert!(
            uses.contains(&(expected.0.into(), expected.1.into())),
            "{expected:?} not seen"
        );
    }
    assert_eq!(
        expand("a::{b, c::{self, d, e as f}}"),
        vec![
            vec!["a".to_string(), "b".into()],
            vec!["a".into(), "c".into()],
            vec!["a".into(), "c".into(), "d".into()],
            vec!["a".into(), "c".into(), "e".into()],
        ]
    );
}

#[test]
fn no_module_uses_one_above_it() {
    let mut wrong = Vec::new();
    for (user, used) in uses() {
        let (Some(a), Some(b)) = (layer(top(&user)), layer(top(&used))) else {
            wrong.push(format!("{user} → {used}: a module outside the layers"));
            continue;
        };
        if b > a {
            wrong.push(format!("{user} (layer {a}) uses {used} (layer {b})"));
        } else if a == b
            && a >= 2
            && top(&user) != top(&used)
            && !SIDEWAYS.contains(&(top(&user), top(&used)))
        {
            wrong.push(format!("{user} uses {used} beside it"));
        }
    }
    assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
}

#[test]
fn no_module_needs_a_module_that_needs_it_back() {
    let uses = uses();
    let mut graph: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in &uses {
        graph.entry(a).or_default().push(b);
    }
    // Depth-first search for a cycle, reporting the first found.
    fn visit<'a>(
        node: &'a str,
        graph: &BTreeMap<&'a str, Vec<&'a str>>,
        stack: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<&'a str>> {
        if let Some(at) = stack.iter().position(|n| *n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node);
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node);
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(node);
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        let mut stack = Vec::new();
        if let Some(cycle) = visit(node, &graph, &mut stack, &mut done) {
            panic!("modules in a circle: {}", cycle.join(" → "));
        }
    }
}
