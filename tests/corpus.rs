//! The importer and checker on the corpus of real speeches beside the repository
//! (`../shared/corpus`, read at run time, never copied). Skipped when the folder is absent.
//! `cargo run --release --example corpus_report` prints the full per-file figures.

use std::path::PathBuf;

use jianggao::checker;
use jianggao::import::import_text;

#[derive(serde::Deserialize)]
struct Expected {
    file: String,
    title: Option<String>,
    blanks: usize,
    furniture: bool,
}

fn corpus() -> Option<(PathBuf, Vec<Expected>)> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    let list = std::fs::read_to_string(dir.join("expected.json")).ok()?;
    Some((
        dir,
        serde_json::from_str(&list).expect("expected.json parses"),
    ))
}

/// The text without the corpus's own first line (the file's source).
fn speech_text(dir: &std::path::Path, file: &str) -> String {
    let text = std::fs::read_to_string(dir.join(file)).expect("corpus file reads");
    text.split_once('\n')
        .map_or("", |(_, rest)| rest)
        .to_owned()
}

fn plain(s: &str) -> String {
    s.replace("**", "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn no_false_blanks_and_markdown_titles_found() {
    let Some((dir, expected)) = corpus() else {
        eprintln!("no corpus beside the repository: skipped");
        return;
    };
    let mut false_blanks = Vec::new();
    for e in &expected {
        let text = speech_text(&dir, &e.file);
        let imported = import_text(&text);
        let findings = checker::check(&imported.speech);
        let blanks: Vec<String> = checker::blanks(&findings)
            .map(|f| format!("{} {}", e.file, f.excerpt))
            .collect();
        if blanks.len() != e.blanks {
            false_blanks.extend(blanks);
        }
        // Blog posts kept as Markdown with front matter: the title comes from it, cleaned.
        if e.furniture
            && text.trim_start().starts_with("---")
            && let Some(title) = &e.title
        {
            assert_eq!(plain(&imported.speech.title), plain(title), "{}", e.file);
            let body = jianggao::export::render(&imported.speech);
            assert!(
                !body.contains("**") && !body.contains("](http"),
                "{}",
                e.file
            );
        }
    }
    assert!(false_blanks.is_empty(), "false blanks: {false_blanks:#?}");
}
