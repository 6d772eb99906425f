//! The architecture, checked: every folder of `src/` is a layer, and a module depends only on
//! modules of lower layers or of its own, never in a circle.
//!
//! ```text
//! text ← doc ← check, compare ← store ← import, export ← review, shared ← derived, session ← app
//! ```
//!
//! A dependency is any `crate::…`, `super::…` or `self::…` path outside comments and outside
//! unit tests (`#[cfg(test)] mod tests`, in the file or as `tests.rs`): tests may reach up, as a
//! test of the manuscript compares it with the plain-text export. A module naming its own
//! descendants is a front module using its stages, which is not counted; everything else is,
//! child to parent included.
//!
//! Run alone: `cargo test --test layers -- --nocapture` prints the module graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers from the bottom; a layer may use the ones before it. Layers on one line are
/// siblings and may not use each other.
const LAYERS: &[&[&str]] = &[
    &["text"],
    &["doc"],
    &["check", "compare"],
    &["store"],
    &["import", "export"],
    &["review", "shared"],
    &["derived", "session"],
    &["app"],
];

type Module = Vec<String>;

fn name(m: &Module) -> String {
    if m.is_empty() {
        "crate".to_owned()
    } else {
        m.join("::")
    }
}

/// The module a source file defines: `src/doc/edit/mod.rs` → `doc::edit`.
fn module_of(relative: &Path) -> Option<Module> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop()?;
    let stem = last.strip_suffix(".rs")?;
    match stem {
        "mod" => {}
        "lib" if parts.is_empty() => {}
        // The binary is a crate of its own, above every layer.
        "main" if parts.is_empty() => return None,
        // Unit tests kept in a file of their own (`#[cfg(test)] mod tests;`).
        "tests" => return None,
        _ => parts.push(stem.to_owned()),
    }
    Some(parts)
}

/// The source without comments and without its unit tests.
fn code_of(source: &str) -> String {
    let source = source
        .find("#[cfg(test)]\nmod tests")
        .map_or(source, |i| &source[..i]);
    let mut out = String::new();
    for line in source.lines() {
        let mut in_string = false;
        let mut cut = line.len();
        let bytes = line.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'"' if i == 0 || bytes[i - 1] != b'\\' => in_string = !in_string,
                b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => {
                    cut = i;
                    break;
                }
                _ => {}
            }
        }
        out.push_str(&line[..cut]);
        out.push('\n');
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Reads a path's segments from `s` (after `crate::`, say), expanding `{a, b::c}` groups: every
/// path named.
fn paths(s: &str) -> Vec<Vec<String>> {
    let mut segs = Vec::new();
    let mut rest = s;
    loop {
        let ident: String = rest.chars().take_while(|&c| is_ident(c)).collect();
        if ident.is_empty() {
            if let Some(group) = rest.strip_prefix('{') {
                // Split the group at top-level commas.
                let mut depth = 0;
                let mut start = 0;
                let mut out = Vec::new();
                for (i, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => {
                            out.push(&group[start..i]);
                            break;
                        }
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            out.push(&group[start..i]);
                            start = i + 1;
                        }
                        _ => {}
                    }
                }
                return out
                    .into_iter()
                    .flat_map(|item| paths(item.trim()))
                    .map(|tail| segs.iter().cloned().chain(tail).collect())
                    .collect();
            }
            return vec![segs];
        }
        rest = &rest[ident.len()..];
        segs.push(ident);
        match rest.strip_prefix("::") {
            Some(r) => rest = r.trim_start(),
            None => return vec![segs],
        }
    }
}

/// Every module each module names.
fn dependencies(files: &[(Module, String)]) -> BTreeMap<Module, BTreeSet<Module>> {
    let known: BTreeSet<&Module> = files.iter().map(|(m, _)| m).collect();
    let resolve = |path: &[String]| -> Option<Module> {
        (1..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|p| known.contains(p))
    };
    let mut out = BTreeMap::new();
    for (module, source) in files {
        let code = code_of(source);
        let mut deps = BTreeSet::new();
        for (at, _) in code.match_indices("::") {
            let head: String = code[..at]
                .chars()
                .rev()
                .take_while(|&c| is_ident(c))
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let before = code[..at - head.len()].chars().next_back();
            if before.is_some_and(|c| is_ident(c) || c == ':') {
                continue;
            }
            let mut base: Module = match head.as_str() {
                "crate" => Vec::new(),
                "self" => module.clone(),
                // `super` in a file names its parent module.
                "super" => module[..module.len().saturating_sub(1)].to_vec(),
                _ => continue,
            };
            let mut tail = &code[at + 2..];
            while let Some(r) = tail.strip_prefix("super::") {
                base.pop();
                tail = r;
            }
            for path in paths(tail) {
                let full: Vec<String> = base.iter().cloned().chain(path).collect();
                if let Some(dep) = resolve(&full)
                    && dep != *module
                    && !dep.starts_with(module)
                {
                    deps.insert(dep);
                }
            }
        }
        out.insert(module.clone(), deps);
    }
    out
}

/// The sets of modules that depend on each other in a circle (strongly connected, more than
/// one module).
fn cycles(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    // Kosaraju: order by finish time, then collect on the reversed graph.
    fn visit<'a>(
        m: &'a Module,
        g: &'a BTreeMap<Module, BTreeSet<Module>>,
        seen: &mut BTreeSet<&'a Module>,
        out: &mut Vec<&'a Module>,
    ) {
        if !seen.insert(m) {
            return;
        }
        for d in g.get(m).into_iter().flatten() {
            visit(d, g, seen, out);
        }
        out.push(m);
    }
    let mut order = Vec::new();
    let mut seen = BTreeSet::new();
    for m in graph.keys() {
        visit(m, graph, &mut seen, &mut order);
    }
    let mut reversed: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (m, deps) in graph {
        for d in deps {
            reversed.entry(d.clone()).or_default().insert(m.clone());
        }
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for m in order.into_iter().rev() {
        let mut component = Vec::new();
        visit(m, &reversed, &mut seen, &mut component);
        if component.len() > 1 {
            let mut c: Vec<Module> = component.into_iter().cloned().collect();
            c.sort();
            out.push(c);
        }
    }
    out
}

fn layer(m: &Module) -> Option<usize> {
    let top = m.first()?;
    LAYERS.iter().position(|l| l.contains(&top.as_str()))
}

/// Edges that go up or sideways between layers.
fn wrong_way(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<String> {
    let mut out = Vec::new();
    for (m, deps) in graph {
        for d in deps {
            if m.first() == d.first() {
                continue;
            }
            match (layer(m), layer(d)) {
                (Some(a), Some(b)) if b < a => {}
                _ => out.push(format!("{} → {}", name(m), name(d))),
            }
        }
    }
    out
}

fn source_files() -> Vec<(Module, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(Module, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, root, out);
            } else if let Some(m) = module_of(path.strip_prefix(root).unwrap()) {
                out.push((m, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    out
}

fn module(path: &str) -> Module {
    path.split("::").map(str::to_owned).collect()
}

#[test]
fn the_reader_finds_dependencies_in_every_form() {
    let files = vec![
        (
            module("doc::history"),
            "use crate::doc::{edit::{self, Edit}, model};\n\
             // crate::app::Nothing in a comment\n\
             fn f() { super::stats::x(); }\n\
             #[cfg(test)]\nmod tests { use crate::export::render; }"
                .to_owned(),
        ),
        (module("doc::edit"), String::new()),
        (module("doc::model"), String::new()),
        (module("doc::stats"), String::new()),
        (module("app"), String::new()),
        (module("export"), String::new()),
        (module("check"), "use self::rules::Hit;".to_owned()),
        (module("check::rules"), "use super::Severity;".to_owned()),
    ];
    let g = dependencies(&files);
    let names = |m: &str| -> Vec<String> { g[&module(m)].iter().map(name).collect() };
    assert_eq!(
        names("doc::history"),
        ["doc::edit", "doc::model", "doc::stats"]
    );
    // A front module using its stage is not counted; the stage using its front is.
    assert!(names("check").is_empty());
    assert_eq!(names("check::rules"), ["check"]);
}

#[test]
fn a_circle_and_a_wrong_way_edge_are_found() {
    let files = vec![
        (
            module("store::draft"),
            "use crate::store::recovery::x;".to_owned(),
        ),
        (module("store::recovery"), "use super::draft::y;".to_owned()),
        (
            module("doc::model"),
            "use crate::check::Finding;".to_owned(),
        ),
        (module("check"), "use crate::doc::model::Speech;".to_owned()),
        (module("import"), "use crate::export::z;".to_owned()),
        (module("export"), String::new()),
    ];
    let g = dependencies(&files);
    let found: Vec<Vec<String>> = cycles(&g)
        .iter()
        .map(|c| c.iter().map(name).collect())
        .collect();
    assert!(found.contains(&vec![
        "store::draft".to_owned(),
        "store::recovery".to_owned()
    ]));
    assert!(found.contains(&vec!["check".to_owned(), "doc::model".to_owned()]));
    assert_eq!(wrong_way(&g), ["doc::model → check", "import → export"]);
}

#[test]
fn src_has_its_layers_and_no_circles() {
    let files = source_files();
    assert!(
        files.len() > 30,
        "the reader found only {} files",
        files.len()
    );
    let graph = dependencies(&files);
    for (m, deps) in &graph {
        println!(
            "{} → {}",
            name(m),
            deps.iter().map(name).collect::<Vec<_>>().join(", ")
        );
    }
    // The reader sees real edges (else the checks below would pass vacuously).
    assert!(graph[&module("doc::history")].contains(&module("doc::edit")));
    assert!(graph[&module("session")].contains(&module("store::draft")));
    for (m, _) in &files {
        assert!(
            m.is_empty() || layer(m).is_some(),
            "{} is in no layer: add its folder to LAYERS",
            name(m)
        );
    }
    let circles: Vec<String> = cycles(&graph)
        .iter()
        .map(|c| c.iter().map(name).collect::<Vec<_>>().join(" ↔ "))
        .collect();
    assert!(circles.is_empty(), "modules in a circle: {circles:#?}");
    let wrong = wrong_way(&graph);
    assert!(
        wrong.is_empty(),
        "dependencies against the layers: {wrong:#?}"
    );
}
