//! Word in and out: the .docx export of the sample in both layouts (parts compared with
//! reviewed snapshots), its gate, its fonts and page arithmetic, and the way back through the
//! .docx import.

use std::io::Read;
use std::path::Path;

use jianggao::doc::model::Speech;
use jianggao::export::docx::{Layout, ReadingSize, parts};
use jianggao::export::{self, ExportError};
use jianggao::import::{self, source::docx as docx_import};
use jianggao::store::draft;
use jianggao::store::written::Ledger;

fn sample() -> Speech {
    draft::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-speech.ron")).unwrap()
}

/// One element per line, so that a snapshot diff shows which paragraph or style changed.
fn pretty(xml: &[u8]) -> String {
    let xml = String::from_utf8(xml.to_vec()).unwrap();
    let mut out = String::new();
    for (i, piece) in xml.split("<w:").enumerate() {
        if i > 0 {
            let breaks = [
                "p>",
                "p ",
                "style ",
                "sectPr",
                "font ",
                "docDefaults",
                "settings ",
            ];
            if breaks.iter().any(|b| piece.starts_with(b)) {
                out.push('\n');
            }
            out.push_str("<w:");
        }
        out.push_str(piece);
    }
    out
}

fn package(speech: &Speech, layout: Layout) -> Vec<u8> {
    jianggao::export::docx::bytes(speech, layout).unwrap()
}

fn names_in(bytes: &[u8]) -> Vec<String> {
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    zip.file_names().map(str::to_owned).collect()
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// An export to `path`, not replacing anyone's file.
fn to<'a>(path: &'a Path, draft: Option<&'a Path>, ledger: &'a Ledger) -> export::Destination<'a> {
    export::Destination {
        path,
        draft,
        overwrite: false,
        ledger,
    }
}

#[test]
fn the_sample_in_the_official_layout_matches_its_reviewed_parts() {
    let xml = parts(&sample(), Layout::Official);
    insta::assert_snapshot!("official_document", pretty(&xml.document));
    insta::assert_snapshot!("official_styles", pretty(&xml.styles));
    insta::assert_snapshot!("official_settings", pretty(&xml.settings));
    insta::assert_snapshot!("official_footer_odd", pretty(&xml.footers[0]));
    insta::assert_snapshot!("official_footer_even", pretty(&xml.footers[1]));
    insta::assert_snapshot!("font_table", pretty(&xml.font_table));
}

#[test]
fn the_sample_as_a_reading_copy_matches_its_reviewed_parts() {
    let xml = parts(&sample(), Layout::Reading(ReadingSize::XiaoEr));
    insta::assert_snapshot!("reading_document", pretty(&xml.document));
    insta::assert_snapshot!("reading_styles", pretty(&xml.styles));
    insta::assert_snapshot!("reading_footer", pretty(&xml.footers[0]));
    assert_eq!(xml.footers.len(), 1, "one centred footer for every page");
}

#[test]
fn the_official_page_holds_22_lines_of_28_characters() {
    let xml = parts(&sample(), Layout::Official);
    let document = String::from_utf8(xml.document).unwrap();
    let styles = String::from_utf8(xml.styles).unwrap();
    // A4 with the type area 156 × 225 mm at top 37 mm, left 28 mm (twips).
    assert!(document.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#));
    assert!(document.contains(r#"w:top="2098" w:right="1474" w:bottom="1984" w:left="1587""#));
    let (width, height) = (11906 - 1474 - 1587, 16838 - 2098 - 1984);
    // 22 lines: exact line spacing on a line grid of the same pitch.
    assert!(document.contains(r#"<w:docGrid w:type="lines" w:linePitch="579" />"#));
    assert!(styles.contains(r#"w:line="579" w:lineRule="exact""#));
    assert!((22 * 579..23 * 579).contains(&height));
    // 28 characters: 3号 (16 pt = 320 twips) tightened by the Normal style's spacing.
    assert!(styles.contains(r#"<w:sz w:val="32" />"#));
    let spacing: i32 = styles
        .split(r#"<w:spacing w:val=""#)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .parse()
        .unwrap();
    let pitch = 320 + spacing;
    assert!((28 * pitch..29 * pitch).contains(&width), "pitch {pitch}");
    // The first-line indent is two of those characters.
    assert!(document.contains(&format!(r#"w:firstLine="{}""#, 2 * pitch)));
}

#[test]
fn every_run_names_a_chinese_face_and_no_theme_font_overrides_it() {
    for layout in [Layout::Official, Layout::Reading(ReadingSize::Er)] {
        let bytes = package(&sample(), layout);
        assert!(
            !names_in(&bytes).iter().any(|n| n.contains("theme")),
            "no theme part"
        );
        for name in ["word/document.xml", "word/styles.xml", "word/footer1.xml"] {
            let xml = part(&bytes, name);
            assert!(!xml.contains("Theme\""), "{name} names a theme font");
            let fonts: Vec<&str> = xml.split("<w:rFonts").skip(1).collect();
            assert!(!fonts.is_empty(), "{name} sets fonts");
            for f in fonts {
                let f = &f[..f.find("/>").unwrap()];
                assert!(f.contains("w:eastAsia=\""), "{name}: {f}");
                assert!(f.contains("w:hint=\"eastAsia\""), "{name}: {f}");
            }
        }
    }
}

#[test]
fn dashes_ellipses_and_quotes_are_set_in_the_chinese_face() {
    let mut s = Speech::new();
    s.opening[0].text = "要坚持“四个面向”——面向世界科技前沿……".into();
    let document = String::from_utf8(parts(&s, Layout::Official).document).unwrap();
    for shared in ["“", "”——", "……"] {
        let run = document
            .split("<w:r>")
            .find(|r| r.contains(&format!(">{shared}</w:t>")))
            .unwrap_or_else(|| panic!("{shared} has a run of its own"));
        assert!(run.contains(r#"w:ascii="仿宋_GB2312""#), "{run}");
        assert!(run.contains(r#"w:hAnsi="仿宋_GB2312""#), "{run}");
    }
    // Latin text stays in Times New Roman.
    let run = document
        .split("<w:r>")
        .find(|r| r.contains("要坚持"))
        .unwrap();
    assert!(run.contains(r#"w:ascii="Times New Roman""#), "{run}");
}

#[test]
fn headings_keep_with_their_text_and_are_outline_levels() {
    let xml = parts(&sample(), Layout::Official);
    let document = String::from_utf8(xml.document).unwrap();
    let styles = String::from_utf8(xml.styles).unwrap();
    let heading = document
        .split("<w:p ")
        .find(|p| p.contains("一、强化真抓实干"))
        .unwrap();
    assert!(
        heading.contains(r#"<w:pStyle w:val="Heading1" />"#),
        "{heading}"
    );
    assert!(heading.contains("<w:keepNext />"), "{heading}");
    assert!(heading.contains("<w:keepLines />"), "{heading}");
    assert!(heading.contains(r#"w:eastAsia="黑体""#), "{heading}");
    let style = styles
        .split("<w:style ")
        .find(|s| s.contains(r#"w:styleId="Heading1""#))
        .unwrap();
    assert!(style.contains(r#"<w:outlineLvl w:val="0" />"#), "{style}");
    // One Normal style: docx-rs's empty one is gone, ours carries the body size.
    assert_eq!(styles.matches(r#"w:styleId="Normal""#).count(), 1);
}

#[test]
fn the_page_numbers_are_dashed_and_alternate_sides() {
    let xml = parts(&sample(), Layout::Official);
    let odd = String::from_utf8(xml.footers[0].clone()).unwrap();
    let even = String::from_utf8(xml.footers[1].clone()).unwrap();
    assert!(odd.contains(r#"<w:jc w:val="right" />"#) && even.contains(r#"<w:jc w:val="left" />"#));
    for f in [&odd, &even] {
        // `— 1 —`: the dashes in runs of the Chinese face, the spaces and digits in Latin ones.
        assert_eq!(f.matches(">—</w:t>").count(), 2, "{f}");
        assert!(f.contains(r#"w:ascii="宋体""#), "{f}");
        assert!(f.contains("PAGE"), "{f}");
        assert!(f.contains(r#"<w:sz w:val="28" />"#), "4号: {f}");
    }
    let settings = String::from_utf8(xml.settings).unwrap();
    assert!(settings.contains("evenAndOddHeaders"));
}

#[test]
fn the_word_file_is_measured_as_the_page_layout() {
    // The page view and the PDF lay out the pages with these measures; the Word file must
    // carry the same ones, or Word would break the pages elsewhere.
    use jianggao::export::pages::{Geometry, MM_PER_PT};
    let twips = |mm: f32| (mm / MM_PER_PT * 20.0).round() as i32;
    let g = Geometry::of(Layout::Official);
    let xml = parts(&sample(), Layout::Official);
    let document = String::from_utf8(xml.document).unwrap();
    let styles = String::from_utf8(xml.styles).unwrap();
    assert!(document.contains(&format!(r#"w:linePitch="{}""#, twips(g.line))));
    assert!(styles.contains(&format!(r#"w:line="{}" w:lineRule="exact""#, twips(g.line))));
    assert!(styles.contains(&format!(r#"<w:spacing w:val="{}" />"#, twips(g.spacing))));
    let margins = |g: &Geometry| {
        format!(
            r#"w:top="{}" w:right="{}" w:bottom="{}" w:left="{}""#,
            twips(g.top),
            twips(g.page_width - g.left - g.width),
            twips(g.page_height - g.top - g.height),
            twips(g.left)
        )
    };
    assert!(document.contains(&margins(&g)));
    let reading = Layout::Reading(ReadingSize::XiaoEr);
    let document = String::from_utf8(parts(&sample(), reading).document).unwrap();
    assert!(document.contains(&margins(&Geometry::of(reading))));
}

#[test]
fn the_reading_size_is_a_setting() {
    for size in ReadingSize::ALL {
        let styles = String::from_utf8(parts(&sample(), Layout::Reading(size)).styles).unwrap();
        let normal = styles
            .split("<w:style ")
            .find(|s| s.contains(r#"w:styleId="Normal""#))
            .unwrap();
        let half_points = match size {
            ReadingSize::San => 32,
            ReadingSize::XiaoEr => 36,
            ReadingSize::Er => 44,
            ReadingSize::XiaoYi => 48,
        };
        assert!(
            normal.contains(&format!(r#"<w:sz w:val="{half_points}" />"#)),
            "{size:?}"
        );
        // Lines exactly twice the type size apart, as the page view and the PDF lay them out.
        let line = half_points * 20;
        assert!(
            styles.contains(&format!(r#"w:line="{line}" w:lineRule="exact""#)),
            "{size:?}"
        );
        let mm = jianggao::export::pages::reading_line(size.points());
        assert!((mm - line as f32 / 20.0 * 25.4 / 72.0).abs() < 1e-3);
        assert_eq!(ReadingSize::parse(size.label()), Some(size));
        assert_eq!(
            ReadingSize::parse(&(half_points / 2).to_string()),
            Some(size)
        );
    }
}

/// The speech read back from its own .docx.
fn round_trip(speech: &Speech, layout: Layout) -> Speech {
    let bytes = package(speech, layout);
    let read = docx_import::read(&bytes).unwrap();
    import::import_text(&read.text).speech
}

#[test]
fn ron_to_docx_to_import_gives_back_the_same_speech() {
    let original = sample();
    for layout in [Layout::Official, Layout::Reading(ReadingSize::XiaoYi)] {
        let back = round_trip(&original, layout);
        assert_eq!(back.title, original.title);
        assert_eq!(back.salutation, original.salutation);
        let headings = |s: &Speech| {
            let mut out = Vec::new();
            jianggao::doc::numbering::walk_labelled(s, &mut |depth, label, sec| {
                out.push(format!("{depth}{label}{}", sec.heading));
            });
            out
        };
        assert_eq!(headings(&back), headings(&original));
        let texts = |s: &Speech| {
            let mut out = Vec::new();
            s.for_each_text(&mut |_, t| out.push(t.to_owned()));
            out
        };
        assert_eq!(texts(&back), texts(&original));
        assert_eq!(export::render(&back), export::render(&original));
    }
}

#[test]
fn the_blank_gate_holds_for_word_too() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("讲话.docx");
    let speech = sample();
    let ledger = Ledger::in_dir(Some(&dir.path().join("data")));
    match export::export_docx_to_file(
        &speech,
        &to(&out, None, &ledger),
        Layout::Official,
        false,
        None,
    ) {
        Err(ExportError::Blocked(findings)) => assert_eq!(findings.len(), 14),
        other => panic!("expected the gate, got {other:?}"),
    }
    assert!(!out.exists(), "nothing is written");
    let report = export::export_docx_to_file(
        &speech,
        &to(&out, None, &ledger),
        Layout::Official,
        true,
        None,
    )
    .unwrap();
    assert_eq!(report.blanks_left, 14);
    assert_eq!(report.dropped, 0);
    let written = std::fs::read(&out).unwrap();
    assert_eq!(written.len(), report.bytes);
    assert!(docx_import::looks_like_docx(&written));
    // Never over the draft it came from.
    let draft_path = dir.path().join("讲话.ron");
    draft::save(&speech, &draft_path).unwrap();
    let before = std::fs::read(&draft_path).unwrap();
    assert!(matches!(
        export::export_docx_to_file(
            &speech,
            &to(&draft_path, Some(&draft_path), &ledger),
            Layout::Official,
            true,
            None
        ),
        Err(ExportError::OwnDraft(_))
    ));
    assert_eq!(std::fs::read(&draft_path).unwrap(), before);
}

#[test]
fn word_list_numbering_becomes_the_speech_structure() {
    use docx_rs::{
        AbstractNumbering, Docx, IndentLevel, Level, LevelJc, LevelText, NumberFormat, Numbering,
        NumberingId, Paragraph, Run, Start,
    };
    let level = |i: usize, format: &str, text: &str| {
        Level::new(
            i,
            Start::new(1),
            NumberFormat::new(format),
            LevelText::new(text),
            LevelJc::new("left"),
        )
    };
    let numbered = |text: &str, lvl: usize| {
        Paragraph::new()
            .add_run(Run::new().add_text(text))
            .numbering(NumberingId::new(1), IndentLevel::new(lvl))
    };
    let plain = |text: &str| Paragraph::new().add_run(Run::new().add_text(text));
    let docx = Docx::new()
        .add_abstract_numbering(
            AbstractNumbering::new(1)
                .add_level(level(0, "chineseCounting", "%1、"))
                .add_level(level(1, "chineseCounting", "（%2）")),
        )
        .add_numbering(Numbering::new(1, 1))
        .add_paragraph(plain("在全市安全生产工作会议上的讲话"))
        .add_paragraph(plain("同志们："))
        .add_paragraph(plain("今天召开会议，主要任务是部署全年工作。"))
        .add_paragraph(numbered("提高认识", 0))
        .add_paragraph(plain("安全生产事关人民群众生命财产安全。"))
        .add_paragraph(numbered("突出重点", 0))
        .add_paragraph(numbered("抓好排查", 1))
        .add_paragraph(plain("要全面排查各类隐患。"))
        .add_paragraph(numbered("抓好整改", 1))
        .add_paragraph(plain("要限期整改到位。"))
        .add_paragraph(numbered("压实责任", 0))
        .add_paragraph(plain("各级各部门要切实担起责任。"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("讲话.docx");
    let mut file = std::fs::File::create(&path).unwrap();
    docx.build().pack(&mut file).unwrap();
    let imported = import::import_file(&path).unwrap();
    let s = &imported.speech;
    assert_eq!(s.title, "在全市安全生产工作会议上的讲话");
    let headings: Vec<&str> = s.sections.iter().map(|x| x.heading.as_str()).collect();
    assert_eq!(headings, ["提高认识", "突出重点", "压实责任"]);
    let sub: Vec<&str> = s.sections[1]
        .children
        .iter()
        .map(|x| x.heading.as_str())
        .collect();
    assert_eq!(sub, ["抓好排查", "抓好整改"]);
    assert_eq!(
        s.sections[1].children[1].paragraphs[0].text,
        "要限期整改到位。"
    );
    let report = imported.report.to_string();
    assert!(report.contains("Word 自动编号：5 段"), "{report}");
}

#[test]
fn legacy_and_broken_word_files_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("旧稿.doc");
    std::fs::write(&doc, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).unwrap();
    let e = import::import_file(&doc).unwrap_err().to_string();
    assert!(e.contains("另存为 .docx"), "{e}");
    let broken = dir.path().join("坏的.docx");
    std::fs::write(&broken, b"PK\x03\x04 not really").unwrap();
    let e = import::import_file(&broken).unwrap_err().to_string();
    assert!(e.contains("不是 Word 文档"), "{e}");
    // Neither file was touched.
    assert_eq!(std::fs::read(&broken).unwrap(), b"PK\x03\x04 not really");
}

#[test]
fn control_characters_are_left_out_of_word_and_counted() {
    // Word refuses a whole document holding one; the text export keeps them for the checker.
    let mut s = Speech::new();
    s.title = "讲话".into();
    s.opening[0].text = "甲\u{1}乙\u{c}丙\t丁".into();
    let document = String::from_utf8(parts(&s, Layout::Official).document).unwrap();
    assert!(!document.contains(['\u{1}', '\u{c}']));
    assert!(document.contains("甲乙丙\t丁"), "{document}");
    assert_eq!(jianggao::export::docx::unwritable_count(&s), 2);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.docx");
    let ledger = Ledger::in_dir(None);
    let report =
        export::export_docx_to_file(&s, &to(&out, None, &ledger), Layout::Official, true, None)
            .unwrap();
    assert_eq!(report.dropped, 2);
}

/// Regression: parts were stored uncompressed (52 MB of text gave a 52 MB file). Every part is
/// deflated now, and the file reads back the same.
#[test]
fn word_files_are_compressed() {
    let mut speech = Speech::new();
    speech.title = "在全市工作会议上的讲话".into();
    speech.opening[0].text = "坚持创新目标导向，全力推动全社会研发投入保持较快增长。".repeat(2000);
    let bytes = export::docx::bytes(&speech, Layout::Official).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut unpacked = 0;
    for k in 0..zip.len() {
        let part = zip.by_index(k).unwrap();
        if !part.is_dir() {
            assert_eq!(
                part.compression(),
                zip::CompressionMethod::Deflated,
                "{}",
                part.name()
            );
            unpacked += part.size();
        }
    }
    assert!(
        (bytes.len() as u64) * 5 < unpacked,
        "{} bytes for {unpacked} unpacked",
        bytes.len()
    );
    let back = docx_import::read(&bytes).unwrap();
    assert!(back.text.contains(&speech.opening[0].text));
}

#[test]
fn a_list_of_clauses_is_set_as_body_text_and_lead_sentences_in_the_heading_face() {
    let mut s = Speech::new();
    s.title = "在全市工作会议上的讲话".into();
    s.numbering = jianggao::doc::model::Numbering::Shi;
    for h in ["加强组织领导；", "强化督促检查。"] {
        let sec = s.new_section(h.into());
        s.sections.push(sec);
    }
    let faces = |s: &Speech, text: &str| {
        let xml = String::from_utf8(parts(s, Layout::Official).document).unwrap();
        let p = xml
            .split("<w:p ")
            .find(|p| p.contains(text))
            .unwrap()
            .to_owned();
        p.contains(r#"w:eastAsia="黑体""#)
    };
    assert!(!faces(&s, "加强组织领导"), "a clause is body text");
    assert!(!faces(&s, "强化督促检查"), "so is the list's last clause");
    s.sections[0].heading = "加强组织领导。".into();
    assert!(faces(&s, "加强组织领导"), "a lead sentence is in 黑体");
}
