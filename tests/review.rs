//! A returned Word file reviewed: the sample exported, marked by two reviewers as Word marks a
//! file, read back through the command line and the library, decided change by change.

#[path = "support/returned.rs"]
mod returned;
#[path = "support/tools.rs"]
mod tools;

use std::process::Command;

use jianggao::doc::edit::Edit;
use jianggao::doc::history::Document;
use jianggao::doc::model::review::ChangeKind;
use returned::{Note, Pen, returned};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample-speech.ron");

fn sample() -> jianggao::doc::model::Speech {
    jianggao::store::draft::load(std::path::Path::new(SAMPLE)).unwrap()
}

const PENS: [Pen; 3] = [
    Pen {
        author: "王科长",
        old: "先讲几点意见",
        new: "讲三点意见",
    },
    Pen {
        author: "王科长",
        old: "强化真抓实干",
        new: "坚持真抓实干",
    },
    Pen {
        author: "张局长",
        old: "更加突出的位置",
        new: "突出位置",
    },
];

const NOTES: [Note; 1] = [Note {
    author: "张局长",
    quote: "理清对策与方法",
    text: "此处数据再核实",
    replier: "王科长",
    reply: "已核实",
}];

fn run(args: &[&std::ffi::OsStr]) -> std::process::Output {
    let data = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_jianggao"))
        .args(args)
        .env("JIANGGAO_DATA_DIR", data.path())
        .output()
        .unwrap()
}

#[test]
fn the_command_line_lists_each_change_with_its_reviewer_place_and_the_comments() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("讲话稿-领导修改.docx");
    std::fs::write(&file, returned(&sample(), &PENS, &NOTES)).unwrap();
    let out = run(&[
        "review".as_ref(),
        SAMPLE.as_ref(),
        file.as_os_str(),
        "--json".as_ref(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let changes = v["changes"].as_array().unwrap();
    let rows: Vec<(String, String)> = changes
        .iter()
        .map(|c| {
            (
                c["author"].as_str().unwrap().to_owned(),
                c["summary"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("王科长".into(), "“先讲几点意见”改为“讲三点意见”".into()),
            ("王科长".into(), "“强化真抓实干”改为“坚持真抓实干”".into()),
            ("张局长".into(), "“更加突出的位置”改为“突出位置”".into()),
        ]
    );
    assert_eq!(v["authors"], serde_json::json!(["王科长", "张局长"]));
    // Each change is placed: the opening, a heading (its text, not its number), a paragraph.
    let places: Vec<&str> = changes
        .iter()
        .map(|c| c["place"].as_str().unwrap())
        .collect();
    assert!(places[0].starts_with("开头 第1段"), "{places:?}");
    assert!(places[1].starts_with("一 标题 第1"), "{places:?}");
    assert!(places[2].starts_with("一 第1段"), "{places:?}");
    let comment = &v["comments"][0];
    assert_eq!(comment["text"], "此处数据再核实");
    assert_eq!(comment["quote"], "理清对策与方法");
    assert_eq!(comment["replies"][0]["author"], "王科长");
    assert_eq!(comment["replies"][0]["text"], "已核实");
    assert_eq!(v["left_out"], serde_json::json!([]));

    // The text form says the same.
    let out = run(&["review".as_ref(), SAMPLE.as_ref(), file.as_os_str()]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("修订 3 处，批注 1 条"), "{text}");
    assert!(text.contains("张局长　2026-12-01 09:30"), "{text}");
    assert!(text.contains("回复 王科长：已核实"), "{text}");
}

#[test]
fn a_file_returned_untouched_has_nothing_to_review() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("原样.docx");
    std::fs::write(&file, returned(&sample(), &[], &[])).unwrap();
    let out = run(&["review".as_ref(), SAMPLE.as_ref(), file.as_os_str()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("修订 0 处，批注 0 条"));
}

#[test]
fn a_file_that_is_no_word_document_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("坏.docx");
    std::fs::write(&file, b"PK\x03\x04 not really").unwrap();
    let out = run(&["review".as_ref(), SAMPLE.as_ref(), file.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("坏.docx"));
}

#[test]
fn one_change_accepted_one_refused_and_undo_brings_both_back() {
    let speech = sample();
    let read = jianggao::review::read::read(&returned(&speech, &PENS, &NOTES)).unwrap();
    let review = jianggao::review::review(&speech, &read, "改.docx");
    let ids: Vec<u64> = review.changes.iter().map(|c| c.id).collect();
    let mut doc = Document::new(speech);
    doc.apply(Edit::LoadReview(review)).unwrap();
    doc.apply(Edit::DecideChange {
        id: ids[0],
        accept: true,
    })
    .unwrap();
    doc.apply(Edit::DecideChange {
        id: ids[1],
        accept: false,
    })
    .unwrap();
    let s = doc.speech();
    assert!(
        s.opening[0].text.ends_with("讲三点意见。"),
        "{}",
        s.opening[0].text
    );
    assert_eq!(
        s.sections[0].heading,
        "强化真抓实干，在深入实施创新驱动战略上强担当"
    );
    assert_eq!(s.review.changes.len(), 1);
    assert!(matches!(s.review.changes[0].kind, ChangeKind::Text { .. }));
    assert_eq!(s.review.comments.len(), 1);
    // Undo the refusal, then the acceptance.
    assert!(doc.undo());
    assert_eq!(doc.speech().review.changes.len(), 2);
    assert!(doc.undo());
    assert!(doc.speech().opening[0].text.ends_with("先讲几点意见。"));
    assert_eq!(doc.speech().review.changes.len(), 3);
}

/// The speech with the review of the returned sample loaded.
fn reviewed() -> jianggao::doc::model::Speech {
    let mut speech = sample();
    let read = jianggao::review::read::read(&returned(&speech, &PENS, &NOTES)).unwrap();
    speech.review = jianggao::review::review(&speech, &read, "改.docx");
    speech
}

#[test]
fn open_comments_go_back_into_the_exported_word_file_with_their_replies() {
    let speech = reviewed();
    let bytes =
        jianggao::export::docx::bytes(&speech, jianggao::export::docx::Layout::Official).unwrap();
    let again = jianggao::review::read::read(&bytes).unwrap();
    let back = jianggao::review::review(&speech, &again, "导出.docx");
    // No tracked change (the export is the speech as it stands), the comment as it was.
    assert!(back.changes.is_empty(), "{:?}", back.changes);
    assert_eq!(back.comments.len(), 1);
    let (a, b) = (&speech.review.comments[0], &back.comments[0]);
    assert_eq!(
        (&b.author, &b.text, &b.quote, b.target, b.at),
        (&a.author, &a.text, &a.quote, a.target, a.at)
    );
    assert_eq!(b.replies, a.replies);
    // A resolved comment was dealt with: it is not sent again.
    let mut resolved = speech.clone();
    resolved.review.comments[0].resolved = true;
    let bytes =
        jianggao::export::docx::bytes(&resolved, jianggao::export::docx::Layout::Official).unwrap();
    assert!(
        jianggao::review::read::read(&bytes)
            .unwrap()
            .comments
            .is_empty()
    );
}

/// LibreOffice, if it is here (CI installs it): `None` when it is not and not required.
fn soffice() -> Option<&'static str> {
    tools::installed(
        "soffice",
        "--version",
        "libreoffice-writer-nogui",
        "the Word file is not opened in LibreOffice",
    )
    .then_some("soffice")
}

/// `file` converted by LibreOffice to `format` in `dir`; the converted file's path.
fn convert(
    soffice: &str,
    file: &std::path::Path,
    format: &str,
    dir: &std::path::Path,
) -> std::path::PathBuf {
    let profile = dir.join("lo-profile");
    let out = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(dir)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ext = format.split(':').next().unwrap();
    let converted = dir.join(file.file_stem().unwrap()).with_extension(ext);
    assert!(
        converted.exists(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    converted
}

#[test]
fn libreoffice_opens_the_exported_comments() {
    let Some(soffice) = soffice() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("批注.docx");
    std::fs::write(
        &file,
        jianggao::export::docx::bytes(&reviewed(), jianggao::export::docx::Layout::Official)
            .unwrap(),
    )
    .unwrap();
    // Its own format holds the comments as annotations, with their authors.
    let odt = convert(soffice, &file, "fodt", dir.path());
    let xml = std::fs::read_to_string(odt).unwrap();
    assert!(xml.contains("office:annotation"), "no annotation");
    assert!(xml.contains("此处数据再核实") && xml.contains("张局长"));
    assert!(xml.contains("已核实") && xml.contains("王科长"));

    // An export for review: the changes since a version are LibreOffice's tracked changes.
    let base = sample();
    let mut speech = base.clone();
    speech.opening[0].text = speech.opening[0].text.replace("先讲几点意见", "讲三点意见");
    let added = speech.new_paragraph("要把创新摆在更加突出的位置。".into());
    speech.sections[0].paragraphs.insert(1, added);
    let track = jianggao::export::docx::Track {
        base: &base,
        author: "起草人".into(),
        date: "2026-12-07T10:00:00Z".into(),
    };
    let file = dir.path().join("修订.docx");
    let bytes = jianggao::export::docx::bytes_tracked(
        &speech,
        jianggao::export::docx::Layout::Official,
        &track,
    )
    .unwrap();
    std::fs::write(&file, bytes).unwrap();
    let xml = std::fs::read_to_string(convert(soffice, &file, "fodt", dir.path())).unwrap();
    let regions = xml.matches("<text:changed-region").count();
    assert!(regions >= 3, "{regions} changed regions");
    assert!(xml.contains("<text:insertion>") && xml.contains("<text:deletion>"));
    assert!(xml.contains("起草人"));
}

#[test]
fn changes_since_a_version_export_as_tracked_changes_that_accept_into_the_text() {
    use jianggao::export::docx::{Layout, Track, bytes_tracked};
    let mut base = sample();
    // An item of two paragraphs, its second to be taken out.
    let second = base.new_paragraph("这是要删去的一段。".into());
    base.sections[1].children[0].paragraphs.push(second);
    let mut speech = base.clone();
    speech.opening[0].text = speech.opening[0].text.replace("先讲几点意见", "讲三点意见");
    speech.sections[0].heading = speech.sections[0].heading.replace("强化", "坚持");
    speech.sections[1].children[0].paragraphs.remove(1);
    // A whole item struck out.
    let item = speech.sections[2].children.remove(1);
    let added = speech.new_paragraph("要把创新摆在更加突出的位置。".into());
    speech.sections[0].paragraphs.insert(1, added);
    speech.closing.clear();
    let track = Track {
        base: &base,
        author: "起草人".into(),
        date: "2026-12-07T10:00:00Z".into(),
    };
    let bytes = bytes_tracked(&speech, Layout::Official, &track).unwrap();
    // Read back against the version, as the next reader's Word would show it.
    let read = jianggao::review::read::read(&bytes).unwrap();
    let review = jianggao::review::review(&base, &read, "起草人修改.docx");
    assert_eq!(review.left_out, Vec::<String>::new());
    assert!(review.changes.iter().all(|c| c.author == "起草人"));
    let summaries: Vec<String> = review.changes.iter().map(|c| c.summary()).collect();
    assert!(
        summaries.contains(&"“先讲几”改为“讲三”".to_owned()),
        "{summaries:?}"
    );
    assert!(
        summaries.contains(&"“强化”改为“坚持”".to_owned()),
        "{summaries:?}"
    );
    assert!(
        summaries.iter().any(|s| s.starts_with("插入段落“要把创新")),
        "{summaries:?}"
    );
    assert!(
        summaries.iter().any(|s| s.starts_with("删除段落")),
        "{summaries:?}"
    );
    let struck: String = format!("删除小节“{}", item.heading.trim())
        .chars()
        .take(12)
        .collect();
    assert!(
        summaries.iter().any(|s| s.starts_with(&struck)),
        "{struck} {summaries:?}"
    );
    // Every change accepted gives the speech as it now reads; refused, the version.
    let mut accepted = base.clone();
    accepted.review = review.clone();
    let mut doc = Document::new(accepted);
    doc.apply(Edit::DecideAll {
        accept: true,
        author: None,
    })
    .unwrap();
    let render = jianggao::export::text::render;
    assert_eq!(render(doc.speech()), render(&speech));
    assert!(doc.speech().review.changes.is_empty());
    let mut refused = base.clone();
    refused.review = review;
    let mut doc = Document::new(refused);
    doc.apply(Edit::DecideAll {
        accept: false,
        author: None,
    })
    .unwrap();
    assert_eq!(render(doc.speech()), render(&base));
}

#[test]
fn the_command_line_exports_changes_since_a_version_as_tracked_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = Document::new(sample());
    doc.apply(Edit::SaveVersion {
        name: "一稿".into(),
        saved: "2026-12-01 09:00".into(),
        note: String::new(),
    })
    .unwrap();
    let opening = jianggao::doc::model::TextRef::Paragraph(doc.speech().opening[0].id);
    let text = doc.speech().opening[0]
        .text
        .replace("先讲几点意见", "讲三点意见");
    doc.apply(Edit::SetText {
        target: opening,
        text,
    })
    .unwrap();
    let draft = dir.path().join("稿.ron");
    jianggao::store::draft::save(doc.speech(), &draft).unwrap();
    let out = dir.path().join("送审.docx");
    let o = run(&[
        "export".as_ref(),
        draft.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--force".as_ref(),
        "--changes-since".as_ref(),
        "一稿".as_ref(),
        "--author".as_ref(),
        "李秘书".as_ref(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let read = jianggao::review::read::read(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(read.revisions.len(), 1, "{:?}", read.revisions);
    assert_eq!(read.revisions[0].author, "李秘书");
    let version = &doc.speech().versions[0].speech;
    let review = jianggao::review::review(version, &read, "送审.docx");
    let summaries: Vec<String> = review.changes.iter().map(|c| c.summary()).collect();
    assert_eq!(summaries, ["“先讲几”改为“讲三”"]);
    // A version the draft does not have is refused by name, and nothing is written.
    let other = dir.path().join("另.docx");
    let o = run(&[
        "export".as_ref(),
        draft.as_os_str(),
        "-o".as_ref(),
        other.as_os_str(),
        "--force".as_ref(),
        "--changes-since".as_ref(),
        "二稿".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("没有名为“二稿”的版本（有：一稿）"), "{err}");
    assert!(!other.exists());
}

/// Every text of a speech that an edit may touch: opening, body and closing paragraphs.
fn paragraph_ids(s: &jianggao::doc::model::Speech) -> Vec<jianggao::doc::model::ParaId> {
    let mut out: Vec<_> = s.opening.iter().map(|p| p.id).collect();
    fn walk(list: &[jianggao::doc::model::Section], out: &mut Vec<jianggao::doc::model::ParaId>) {
        for s in list {
            out.extend(s.paragraphs.iter().map(|p| p.id));
            walk(&s.children, out);
        }
    }
    walk(&s.sections, &mut out);
    out.extend(s.closing.iter().map(|p| p.id));
    out
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]

    /// Whatever the drafter changed in the words since a version, the Word file for review
    /// carries it as tracked changes that, read back on the version, accept into the speech
    /// and refuse into the version.
    #[test]
    fn tracked_changes_round_trip_to_the_speech_and_the_version(
        edits in proptest::collection::vec(
            (0usize..1000, 0usize..1000, 0usize..4, "[加强落实推进工作，。]{0,6}", 0u8..8),
            1..6,
        ),
    ) {
        let base = sample();
        let mut speech = base.clone();
        for (which, at, len, new, op) in &edits {
            let ids = paragraph_ids(&speech);
            let id = ids[which % ids.len()];
            let (container, index) = speech.locate_paragraph(id).unwrap();
            // Now and then a paragraph goes, or a new one comes after it.
            let is_first_of_item = matches!(container, jianggao::doc::model::Container::Section(_))
                && index == 0;
            if *op == 0 && !is_first_of_item && !new.is_empty() {
                let p = speech.new_paragraph(format!("新段{new}"));
                speech.paragraphs_mut(container).unwrap().insert(index + 1, p);
                continue;
            }
            // Or a whole item or section is struck out.
            if *op == 2 {
                let top = which % speech.sections.len();
                let children = &mut speech.sections[top].children;
                if children.is_empty() {
                    if speech.sections.len() > 1 {
                        speech.sections.remove(top);
                    }
                } else {
                    children.remove(at % children.len());
                }
                continue;
            }
            if *op == 1 && !is_first_of_item && speech.paragraphs(container).unwrap().len() > 1 {
                speech.paragraphs_mut(container).unwrap().remove(index);
                continue;
            }
            let target = jianggao::doc::model::TextRef::Paragraph(id);
            let text = speech.text_mut(target).unwrap();
            let chars: Vec<char> = text.chars().collect();
            let from = at % (chars.len() + 1);
            let to = (from + len).min(chars.len());
            *text = chars[..from].iter().chain(new.chars().collect::<Vec<_>>().iter()).chain(&chars[to..]).collect();
        }
        let track = jianggao::export::docx::Track {
            base: &base,
            author: "起草人".into(),
            date: "2026-12-07T10:00:00Z".into(),
        };
        let bytes = jianggao::export::docx::bytes_tracked(
            &speech,
            jianggao::export::docx::Layout::Official,
            &track,
        )
        .unwrap();
        let read = jianggao::review::read::read(&bytes).unwrap();
        let review = jianggao::review::review(&base, &read, "x.docx");
        let render = jianggao::export::text::render;
        for (accept, expect) in [(true, render(&speech)), (false, render(&base))] {
            let mut with = base.clone();
            with.review = review.clone();
            let mut doc = Document::new(with);
            doc.apply(Edit::DecideAll { accept, author: None }).unwrap();
            proptest::prop_assert_eq!(render(doc.speech()), expect);
            proptest::prop_assert!(doc.speech().review.changes.is_empty());
        }
    }
}
