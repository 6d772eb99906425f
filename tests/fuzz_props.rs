//! Bounded property-based versions of the fuzz targets (`fuzz/`): the same entries and the same
//! invariants, on a few hundred generated or mutated inputs, in every `cargo test`.

use jianggao::compare::{ParaChange, Piece};
use jianggao::doc::model::{Field, Speech};
use proptest::prelude::*;

/// Text made of what trips the importer and the checker up: markers, numerals, punctuation of
/// both widths, blanks, whitespace and line breaks, control and invisible characters.
fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(vec![
                "一、", "（一）", "1.", "（1）", "一是", "第一，", "首先，", "同志们：", "同志们，",
                "讲话", "。", "；", "：", "，", "、", "！", "*", "XX", "××", "__", "　　", " ", "\n",
                "\n\n", "\r\n", "《", "》", "“", "”", "<p>", "**", "# ", "摄", "记者", "1、",
                "二〇二四年", "\u{0}", "\u{202E}", "\u{200B}", "\u{A0}", "\u{FEFF}", "\t",
            ])
            .prop_map(str::to_owned),
            3 => "[一二三四五六七八九十百千零]{1,3}",
            6 => "[\\u{4E00}-\\u{4E40}]{1,12}",
            1 => any::<char>().prop_map(String::from),
        ],
        0..80,
    )
    .prop_map(|parts| parts.concat())
}

fn changed_pieces_rebuild(old: &str, new: &str, pieces: &[Piece]) -> bool {
    let side = |added: bool| -> String {
        pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Same(t) => Some(t.as_str()),
                Piece::Added(t) if added => Some(t.as_str()),
                Piece::Removed(t) if !added => Some(t.as_str()),
                _ => None,
            })
            .collect()
    };
    side(false) == old && side(true) == new
}

fn sample_draft() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/sample-speech.ron"
    ))
    .expect("the sample")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// `fuzz/import_text`: any bytes decode and import without a panic, and every character
    /// the speech shows was in the input.
    #[test]
    fn text_import_keeps_to_the_input(text in hostile_text(), raw in prop::collection::vec(any::<u8>(), 0..64)) {
        let mut bytes = text.into_bytes();
        bytes.extend(raw);
        if let Some((text, _)) = jianggao::import::source::textfile::decode(&bytes) {
            let imported = jianggao::import::import_text(&text);
            let input: std::collections::HashSet<char> = text.chars().collect();
            let mut stray = None;
            imported.speech.for_each_text(&mut |_, t| {
                if let Some(c) = t.chars().find(|c| !c.is_whitespace() && !input.contains(c) && *c != '：') {
                    stray = Some(c);
                }
            });
            prop_assert_eq!(stray, None);
        }
    }

    /// `fuzz/check`: the checker on any text in every part of a speech points inside the text.
    #[test]
    fn findings_point_inside_their_text(text in hostile_text()) {
        let mut speech = Speech::new();
        speech.title = text.chars().take(40).collect();
        speech.opening[0].text = text.clone();
        let mut section = speech.new_section(text.chars().take(20).collect());
        let p = speech.new_paragraph(text.clone());
        section.paragraphs.push(p);
        speech.sections.push(section);
        for f in jianggao::check::check(&speech) {
            if let Some(target) = f.location.target {
                let len = speech.text(target).map_or(0, |t| t.chars().count());
                prop_assert!(f.location.chars.end <= len, "{:?}", f);
            }
        }
    }

    /// `fuzz/compare`: any two texts compare within a short budget; a changed paragraph's
    /// pieces give back both of its texts.
    #[test]
    fn comparisons_hold_both_texts(a in hostile_text(), b in hostile_text(), budget_ms in 0u64..20) {
        let old = jianggao::import::import_text(&a).speech;
        let new = jianggao::import::import_text(&b).speech;
        let c = jianggao::compare::compare_within(
            &old, &new, "甲", "乙", std::time::Duration::from_millis(budget_ms),
        );
        for part in &c.parts {
            for p in &part.paragraphs {
                if let ParaChange::Changed { pieces } = p {
                    prop_assert!(pieces.iter().any(|x| !matches!(x, Piece::Same(_))));
                }
            }
        }
        for f in &c.fields {
            let field = Field::ALL.iter().find(|x| x.label() == f.field).expect("a field");
            prop_assert!(changed_pieces_rebuild(old.field(*field), new.field(*field), &f.pieces));
        }
        let _ = c.to_text();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    /// `fuzz/load_draft`: a draft with bytes changed loads with a clear error, or as a speech
    /// that saves and loads back the same.
    #[test]
    fn a_mangled_draft_loads_cleanly_or_not_at_all(
        edits in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(vec!["", "(", ")", "[", "]", ",", ":", "\"", "9", "99999999999999999999", "Some(0)", "讲", "\\u{0}"])), 1..6)
    ) {
        let mut text = sample_draft();
        for (at, with) in &edits {
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            let i = boundaries[at.index(boundaries.len())];
            let end = text[i..].chars().next().map_or(i, |c| i + c.len_utf8());
            text.replace_range(i..end, with);
        }
        let path = std::path::Path::new("mangled.ron");
        if let Ok(speech) = jianggao::store::draft::from_str(&text, path) {
            let saved = jianggao::store::draft::to_string(&speech).unwrap();
            let again = jianggao::store::draft::from_str(&saved, path).unwrap();
            prop_assert_eq!(again, speech);
        }
    }

    /// `fuzz/import_docx`: a Word package with bytes changed or cut off reads or is refused,
    /// never panics.
    #[test]
    fn a_mangled_word_file_reads_or_is_refused(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        cut in any::<prop::sample::Index>(),
        whole in any::<bool>(),
    ) {
        let speech = jianggao::store::draft::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/sample-speech.ron"
        )))
        .unwrap();
        let mut bytes = jianggao::export::docx::bytes(&speech, Default::default()).unwrap();
        for (at, b) in &flips {
            let i = at.index(bytes.len());
            bytes[i] = *b;
        }
        if !whole {
            bytes.truncate(cut.index(bytes.len()));
        }
        if let Ok(read) = jianggao::import::source::docx::read(&bytes) {
            let _ = jianggao::import::import_text(&read.text);
        }
    }
}
