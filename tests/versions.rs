//! Named versions of a speech and the comparison of any two texts.

use std::path::Path;

use jianggao::compare::{ParaChange, Piece, compare};
use jianggao::doc::edit::{Edit, EditError, next_version_name};
use jianggao::doc::history::Document;
use jianggao::doc::model::{Speech, TextRef};
use jianggao::export;
use jianggao::store::draft;

fn sample() -> Speech {
    draft::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-speech.ron")).unwrap()
}

fn save_version(doc: &mut Document, name: &str) {
    doc.apply(Edit::SaveVersion {
        name: name.into(),
        saved: "2026-11-30 09:00".into(),
        note: String::new(),
    })
    .unwrap();
}

/// Saves 一稿 of the sample, sets one text as `edit` says, and compares 一稿 with the result.
fn compare_after(edit: impl FnOnce(&Speech) -> (TextRef, String)) -> jianggao::compare::Comparison {
    let mut doc = Document::new(sample());
    save_version(&mut doc, "一稿");
    let (target, text) = edit(doc.speech());
    doc.apply(Edit::SetText { target, text }).unwrap();
    compare(
        &doc.speech().versions[0].speech,
        doc.speech(),
        "一稿",
        "当前",
    )
}

#[test]
fn versions_survive_save_and_load_and_need_format_3() {
    let mut doc = Document::new(sample());
    assert_eq!(next_version_name(doc.speech()), "一稿");
    save_version(&mut doc, "一稿");
    let first_para = doc.speech().opening[0].id;
    doc.apply(Edit::SetText {
        target: TextRef::Paragraph(first_para),
        text: "刚才，李明同志通报了情况。".into(),
    })
    .unwrap();
    doc.apply(Edit::SaveVersion {
        name: next_version_name(doc.speech()),
        saved: "2026-11-30 10:00".into(),
        note: "  按领导意见改  ".into(),
    })
    .unwrap();
    let s = doc.speech();
    assert_eq!(s.versions[1].name, "二稿");
    assert_eq!(s.versions[1].note, "按领导意见改");
    assert!(
        s.versions[1].speech.versions.is_empty(),
        "no versions inside versions"
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("讲话.ron");
    draft::save(s, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("(\n    version: 3,"), "{}", &text[..40]);
    let back = draft::load(&path).unwrap();
    assert_eq!(&back, s);
    assert_eq!(
        back.versions[0].speech.opening[0].text,
        sample().opening[0].text
    );
    // A draft without versions stays in the older format, which earlier releases read.
    draft::save(&sample(), &path).unwrap();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("(\n    version: 1,")
    );
}

#[test]
fn names_must_be_given_and_distinct() {
    let mut doc = Document::new(sample());
    save_version(&mut doc, "一稿");
    let refused = doc.apply(Edit::SaveVersion {
        name: " 一稿 ".into(),
        saved: String::new(),
        note: String::new(),
    });
    assert_eq!(refused, Err(EditError::DuplicateVersionName("一稿".into())));
    assert_eq!(
        doc.apply(Edit::RenameVersion {
            index: 0,
            name: "  ".into(),
            note: String::new()
        }),
        Err(EditError::EmptyVersionName)
    );
    doc.apply(Edit::RenameVersion {
        index: 0,
        name: "领导修改稿".into(),
        note: "王书记改".into(),
    })
    .unwrap();
    assert_eq!(doc.speech().versions[0].name, "领导修改稿");
    assert_eq!(next_version_name(doc.speech()), "二稿");
    assert_eq!(
        doc.apply(Edit::DeleteVersion { index: 3 }),
        Err(EditError::NoSuchVersion(3))
    );
    doc.apply(Edit::DeleteVersion { index: 0 }).unwrap();
    assert!(doc.speech().versions.is_empty());
}

#[test]
fn restoring_a_version_is_one_undoable_step() {
    let mut doc = Document::new(sample());
    save_version(&mut doc, "一稿");
    let title = TextRef::Field(jianggao::doc::model::Field::Title);
    doc.apply(Edit::SetText {
        target: title,
        text: "在2023年全市科技创新工作上的讲话".into(),
    })
    .unwrap();
    let first = doc.speech().sections[0].id;
    doc.apply(Edit::DeleteSection { id: first }).unwrap();
    let edited = doc.speech().clone();
    let next_id = edited.next_id;

    doc.apply(Edit::RestoreVersion { index: 0 }).unwrap();
    assert_eq!(doc.speech().title, sample().title);
    assert_eq!(export::render(doc.speech()), export::render(&sample()));
    assert_eq!(doc.speech().versions.len(), 1, "versions stay");
    assert!(
        doc.speech().next_id >= next_id,
        "ids are never handed out twice"
    );

    assert!(doc.undo());
    assert_eq!(doc.speech(), &edited);
}

#[test]
fn a_moved_section_is_reported_as_moved_not_deleted_and_added() {
    let mut doc = Document::new(sample());
    save_version(&mut doc, "一稿");
    let third = doc.speech().sections[2].id;
    doc.apply(Edit::MoveSection {
        id: third,
        parent: None,
        index: 0,
    })
    .unwrap();
    let old = &doc.speech().versions[0].speech;
    let c = compare(old, doc.speech(), "一稿", "当前文本");
    assert!(c.by_identity);
    let t = c.totals();
    assert_eq!(t.sections_moved, 1, "{}", c.to_text());
    assert_eq!(
        (
            t.sections_added,
            t.sections_removed,
            t.paragraphs_added,
            t.paragraphs_removed
        ),
        (0, 0, 0, 0)
    );
    let moved: Vec<_> = c.parts.iter().filter(|p| p.moved).collect();
    assert_eq!(moved[0].label_old.as_deref(), Some("三、"));
    assert_eq!(moved[0].label_new.as_deref(), Some("一、"));
    assert!(c.to_text().contains("一、强化真抓实建"), "{}", c.to_text());
    assert!(c.to_text().contains("（原 三、）"), "{}", c.to_text());
}

#[test]
fn a_renamed_section_is_reported_as_renamed() {
    let c = compare_after(|s| {
        (
            TextRef::Heading(s.sections[1].id),
            "强化真抓实做，在打造区域科技创新中心上见实效".into(),
        )
    });
    let t = c.totals();
    assert_eq!((t.sections_renamed, t.sections_moved), (1, 0));
    assert!(
        c.to_text()
            .contains("标题：强化真抓实做，在打造区域科技创新[-高地-]{+中心+}上见实效"),
        "{}",
        c.to_text()
    );
}

#[test]
fn one_character_changed_in_a_long_paragraph_is_shown_as_that_character() {
    let c = compare_after(|s| {
        let para = &s.sections[0].paragraphs[0];
        assert!(para.text.chars().count() > 150);
        (
            TextRef::Paragraph(para.id),
            para.text.replacen("突出", "重要", 1),
        )
    });
    assert_eq!(c.totals().all(), 1);
    let changed: Vec<&Vec<Piece>> = c
        .parts
        .iter()
        .flat_map(|p| &p.paragraphs)
        .filter_map(|p| match p {
            ParaChange::Changed { pieces } => Some(pieces),
            _ => None,
        })
        .collect();
    let changes: Vec<&Piece> = changed[0]
        .iter()
        .filter(|p| !matches!(p, Piece::Same(_)))
        .collect();
    assert_eq!(
        changes,
        [&Piece::Removed("突出".into()), &Piece::Added("重要".into())]
    );
}

#[test]
fn texts_from_elsewhere_are_matched_by_their_words() {
    // Two imports of related texts share no ids' meaning: sections go by their headings.
    let a = "在全市工作会议上的讲话\n同志们：\n　　今天召开会议。\n　　一、提高认识\n　　安全生产事关人民群众生命财产安全。\n　　二、突出重点\n　　要全面排查各类隐患。\n　　三、压实责任\n　　各级各部门要切实担起责任。\n";
    let b = "在全市工作会议上的讲话\n同志们：\n　　今天召开会议。\n　　一、突出重点\n　　要全面排查各类隐患，限期整改。\n　　二、提高认识\n　　安全生产事关人民群众生命财产安全。\n　　三、压实责任\n　　各级各部门要切实担起责任。\n　　要加强督查。\n";
    let sa = jianggao::import::import_text(a).speech;
    let sb = jianggao::import::import_text(b).speech;
    let c = compare(&sa, &sb, "a", "b");
    assert!(!c.by_identity);
    let t = c.totals();
    assert_eq!(t.sections_moved, 1, "{}", c.to_text());
    assert_eq!(t.paragraphs_changed, 1, "{}", c.to_text());
    assert_eq!(t.paragraphs_added, 1, "{}", c.to_text());
    assert!(c.to_text().contains("{+，限期整改+}"), "{}", c.to_text());
    assert!(compare(&sa, &sa, "a", "a").is_equal());
}

#[test]
fn a_comparison_exports_as_word_with_struck_and_underlined_text() {
    let c = compare_after(|s| {
        let para = &s.opening[0];
        (
            TextRef::Paragraph(para.id),
            para.text.replacen("深刻领会", "认真领会", 1),
        )
    });
    let bytes = jianggao::export::docx::comparison_bytes(&c).unwrap();
    let read = jianggao::import::source::docx::read(&bytes).unwrap();
    assert!(
        read.text.starts_with("修改对照\n原稿：一稿\n新稿：当前\n"),
        "{}",
        read.text
    );
    assert!(read.text.contains("深刻认真领会"), "{}", read.text);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let run_of = |text: &str| {
        xml.split("<w:r>")
            .find(|r| r.contains(&format!(">{text}</w:t>")))
            .unwrap_or_else(|| panic!("{text} has a run"))
            .to_owned()
    };
    assert!(run_of("深刻").contains("<w:strike"), "{}", run_of("深刻"));
    assert!(
        run_of("认真").contains(r#"<w:u w:val="single""#),
        "{}",
        run_of("认真")
    );
}

#[test]
fn a_section_moved_into_a_list_moves_nothing_else_and_a_removed_section_is_one_change() {
    // 一、Q {X}   二、P {A, B}  →  X moved between A and B.
    let mut s = Speech::new();
    let mut q = s.new_section("抓落实".into());
    let x = s.new_section("压实责任".into());
    let x_id = x.id;
    q.children.push(x);
    let mut p = s.new_section("抓重点".into());
    for h in ["抓排查", "抓整改"] {
        let mut c = s.new_section(h.into());
        let para = s.new_paragraph(format!("{h}的要求。"));
        c.paragraphs.push(para);
        p.children.push(c);
    }
    let p_id = p.id;
    s.sections.push(q);
    s.sections.push(p);
    let mut doc = Document::new(s.clone());
    doc.apply(Edit::MoveSection {
        id: x_id,
        parent: Some(p_id),
        index: 1,
    })
    .unwrap();
    let c = compare(&s, doc.speech(), "一稿", "当前");
    assert_eq!(c.totals().sections_moved, 1, "{}", c.to_text());
    // Deleting a section with a paragraph is one change, not two.
    let mut doc = Document::new(s.clone());
    let a = s.sections[1].children[0].id;
    doc.apply(Edit::DeleteSection { id: a }).unwrap();
    let c = compare(&s, doc.speech(), "一稿", "当前");
    assert_eq!(c.totals().all(), 1, "{}", c.to_text());
    assert_eq!(c.totals().sections_removed, 1);
}

/// Regression: after one section was moved down one place, the comparison named its neighbour
/// as the moved one. Two neighbours trading places cannot tell which was moved: both say so.
#[test]
fn neighbours_that_traded_places_both_say_so_and_count_as_one_move() {
    let mut doc = Document::new(sample());
    save_version(&mut doc, "一稿");
    let first = doc.speech().sections[0].id;
    let compared = |doc: &Document| {
        compare(
            &doc.speech().versions[0].speech,
            doc.speech(),
            "一稿",
            "当前",
        )
    };
    doc.apply(Edit::MoveDown { id: first }).unwrap();
    let c = compared(&doc);
    let swapped: Vec<_> = c.parts.iter().filter(|p| p.swapped).collect();
    assert_eq!(swapped.len(), 2, "{}", c.to_text());
    for p in &swapped {
        assert_eq!(p.notes(), ["与相邻小节对调"]);
    }
    assert_eq!(c.totals().sections_moved, 1);
    assert!(c.to_text().contains("与相邻小节对调"), "{}", c.to_text());
    // Moved two places down, it alone moved.
    doc.apply(Edit::MoveDown { id: first }).unwrap();
    let c = compared(&doc);
    assert!(c.parts.iter().all(|p| !p.swapped), "{}", c.to_text());
    let moved: Vec<_> = c.parts.iter().filter(|p| p.moved).collect();
    assert_eq!(moved.len(), 1);
    assert_eq!(
        moved[0].heading_new,
        Some(doc.speech().sections[2].heading.clone())
    );
}
