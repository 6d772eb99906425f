//! PDF export: the text read back from the file is the plain-text export's, every face is
//! embedded as a subset, the pages are the page layout's, and the PDF passes the same gate
//! and refusals as every export.
//!
//! The file is read with poppler's `pdftotext`, `pdffonts` and `pdfinfo` (CI installs them);
//! without them these tests say so and pass, unless `JIANGGAO_REQUIRE_TOOLS` is set.

#[path = "support/tools.rs"]
mod tools;

use std::path::Path;
use std::process::Command;

use jianggao::doc::model::Speech;
use jianggao::export::docx::{Layout, ReadingSize};
use jianggao::export::pages;
use jianggao::export::pdf::{self, FontSource};
use jianggao::export::{self, ExportError};
use jianggao::store::draft;
use jianggao::store::written::Ledger;

fn sample() -> Speech {
    draft::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-speech.ron")).unwrap()
}

/// Whether poppler's tools are here; if not, and they are required, fail.
fn poppler() -> bool {
    tools::installed(
        "pdftotext",
        "-v",
        "poppler-utils",
        "PDF contents not checked",
    )
}

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn write_pdf(dir: &Path, speech: &Speech, layout: Layout) -> std::path::PathBuf {
    let (bytes, facts) = pdf::bytes(speech, layout, FontSource::Bundled).unwrap();
    assert!(facts.missing.is_empty(), "{:?}", facts.missing);
    let path = dir.join("讲话.pdf");
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Text without spaces and line ends (the PDF's lines are the page's, the text's the
/// paragraphs').
fn squeezed(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_pdf_text_is_the_plain_text_export() {
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let speech = sample();
    for layout in [Layout::Official, Layout::Reading(ReadingSize::Er)] {
        let path = write_pdf(dir.path(), &speech, layout);
        let path = path.to_str().unwrap();
        let laid = pages::paginate(&speech, layout);
        let mut text = String::new();
        for k in 0..laid.pages.len() {
            let page = (k + 1).to_string();
            let got = run("pdftotext", &["-f", &page, "-l", &page, path, "-"]);
            // Each page ends with its number.
            let folio = squeezed(&pages::Pages::folio(k));
            let got = squeezed(&got);
            assert!(got.ends_with(&folio), "page {page}: {got}");
            text.push_str(&got[..got.len() - folio.len()]);
        }
        assert_eq!(text, squeezed(&export::render(&speech)), "{layout:?}");
        let info = run("pdfinfo", &[path]);
        assert!(
            info.lines()
                .any(|l| l.starts_with("Pages:") && l.ends_with(&format!(" {}", laid.pages.len()))),
            "{info}"
        );
        assert!(info.contains("A4"), "{info}");
    }
}

#[test]
fn every_face_is_embedded_as_a_subset() {
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write_pdf(dir.path(), &sample(), Layout::Official);
    let fonts = run("pdffonts", &[path.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type… encoding emb sub uni object generation
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
    }
    // A subset, not the 3.5 MB face.
    assert!(std::fs::metadata(&path).unwrap().len() < 400_000);
}

#[test]
fn the_export_names_the_faces_it_used() {
    let (_, facts) = pdf::bytes(&sample(), Layout::Official, FontSource::Bundled).unwrap();
    assert_eq!(facts.pages, 7);
    let named: Vec<&str> = facts.faces.iter().map(|f| f.face.label()).collect();
    // The sample has a title, top headings, body text and page numbers (no （一） headings).
    assert_eq!(named, ["小标宋", "仿宋", "黑体", "宋体"]);
    assert!(
        facts
            .faces
            .iter()
            .all(|f| f.stand_in && f.name == pdf::BUNDLED_NAME)
    );
    assert!(
        facts
            .faces_line()
            .starts_with("小标宋：Jianggao Sans（代用）；")
    );
}

#[test]
fn a_character_no_face_has_is_named() {
    let mut speech = sample();
    // A character of CJK Extension B: beyond the bundled face's GB2312 and repository subset.
    speech.title = "在𠀾村的讲话".to_owned();
    let (_, facts) = pdf::bytes(&speech, Layout::Official, FontSource::Bundled).unwrap();
    assert_eq!(facts.missing, ['𠀾']);
}

fn to<'a>(path: &'a Path, draft: Option<&'a Path>, ledger: &'a Ledger) -> export::Destination<'a> {
    export::Destination {
        path,
        draft,
        overwrite: false,
        ledger,
    }
}

#[test]
fn the_blank_gate_and_the_refusals_hold_for_pdf_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("讲话.pdf");
    let speech = sample();
    let ledger = Ledger::in_dir(Some(&dir.path().join("data")));
    let export = |path: &Path, draft: Option<&Path>, force| {
        export::export_pdf_to_file(
            &speech,
            &to(path, draft, &ledger),
            Layout::Official,
            force,
            FontSource::Bundled,
        )
    };
    match export(&out, None, false) {
        Err(ExportError::Blocked(findings)) => assert_eq!(findings.len(), 14),
        other => panic!("expected the gate, got {other:?}"),
    }
    assert!(!out.exists(), "nothing is written");
    let report = export(&out, None, true).unwrap();
    assert_eq!(report.blanks_left, 14);
    assert_eq!(report.facts.pages, 7);
    let written = std::fs::read(&out).unwrap();
    assert_eq!(written.len(), report.bytes);
    assert!(written.starts_with(b"%PDF-"));
    // Not into a file of another kind, nor over someone's PDF.
    let docx = dir.path().join("讲话.docx");
    assert!(matches!(
        export(&docx, None, true),
        Err(ExportError::WrongType { .. })
    ));
    assert!(!docx.exists());
    let theirs = dir.path().join("他人.pdf");
    std::fs::write(&theirs, b"%PDF-1.4 someone else's").unwrap();
    assert!(matches!(
        export(&theirs, None, true),
        Err(ExportError::Exists(_))
    ));
    assert_eq!(std::fs::read(&theirs).unwrap(), b"%PDF-1.4 someone else's");
    // An export of its own is replaced without asking.
    assert!(export(&out, None, true).is_ok());
}
