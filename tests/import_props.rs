//! import → export → import is a fixed point on generated speeches.

use jianggao::doc::model::{Numbering, Section, Speech};
use jianggao::export::render;
use jianggao::import::import_text;
use proptest::prelude::*;

/// Sentence text from characters that cannot form a marker or a blank.
fn words(min: usize, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(
            "加强推进落实创新发展建设工作服务保障质量效率体系能力水平党员干部群众"
                .chars()
                .collect::<Vec<_>>(),
        ),
        min..max,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

fn sentence() -> impl Strategy<Value = String> {
    words(6, 20).prop_map(|w| format!("{w}。"))
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(sentence(), 1..4).prop_map(|s| s.concat())
}

#[derive(Clone, Debug)]
struct Part {
    heading: String,
    paragraphs: Vec<String>,
    items: Option<(Numbering, Vec<(String, String)>)>,
}

fn part() -> impl Strategy<Value = Part> {
    (
        words(6, 16),
        prop::collection::vec(paragraph(), 1..3),
        prop::option::of((
            prop::sample::select(vec![
                Numbering::Shi,
                Numbering::Yao,
                Numbering::Di,
                Numbering::Heading,
            ]),
            prop::collection::vec((words(6, 14), paragraph()), 2..5),
        )),
    )
        .prop_map(|(heading, paragraphs, items)| Part {
            heading,
            paragraphs,
            items: items.map(|(n, v)| {
                (
                    n,
                    // Run-in items open with a sentence; standalone sub-headings have no 。.
                    v.into_iter()
                        .map(|(h, p)| {
                            let h = if n == Numbering::Heading {
                                h
                            } else {
                                format!("{h}。")
                            };
                            (h, p)
                        })
                        .collect(),
                )
            }),
        })
}

fn speech() -> impl Strategy<Value = Speech> {
    (
        words(8, 16),
        paragraph(),
        prop::collection::vec(part(), 1..5),
        paragraph(),
    )
        .prop_map(|(title, opening, parts, closing)| {
            let mut s = Speech::new();
            s.title = format!("在全市{title}会议上的讲话");
            s.opening[0].text = opening;
            for p in parts {
                let mut sec: Section = s.new_section(p.heading);
                for t in p.paragraphs {
                    let para = s.new_paragraph(t);
                    sec.paragraphs.push(para);
                }
                if let Some((style, items)) = p.items {
                    sec.child_numbering = style;
                    for (h, t) in items {
                        let mut c = s.new_section(h);
                        let para = s.new_paragraph(t);
                        c.paragraphs.push(para);
                        sec.children.push(c);
                    }
                }
                s.sections.push(sec);
            }
            let c = s.new_paragraph(format!("同志们，{closing}"));
            s.closing.push(c);
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn import_export_import_is_a_fixed_point(s in speech()) {
        let text = render(&s);
        let once = import_text(&text);
        let again = import_text(&render(&once.speech));
        // Ids differ between imports; the rendered text captures everything else.
        prop_assert_eq!(render(&again.speech), render(&once.speech));
        // And the generated speech itself comes back as written.
        prop_assert_eq!(render(&once.speech), text);
        prop_assert!(once.report.removed.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A speech written to .docx and imported from it reads as the same speech imported from
    /// its plain text, in either layout.
    #[test]
    fn word_round_trip_equals_text_round_trip(s in speech(), reading in any::<bool>()) {
        let layout = if reading {
            jianggao::export::docx::Layout::Reading(jianggao::export::docx::ReadingSize::Er)
        } else {
            jianggao::export::docx::Layout::Official
        };
        let bytes = jianggao::export::docx::bytes(&s, layout).unwrap();
        let read = jianggao::import::source::docx::read(&bytes).unwrap();
        let from_word = import_text(&read.text);
        let from_text = import_text(&render(&s));
        prop_assert_eq!(render(&from_word.speech), render(&from_text.speech));
        prop_assert_eq!(read.numbered, 0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A text compared with itself is equal; one character inserted anywhere in one paragraph
    /// is reported as exactly that character in exactly that paragraph.
    #[test]
    fn a_one_character_edit_is_one_change(s in speech(), pick in any::<prop::sample::Index>(), at in any::<prop::sample::Index>()) {
        use jianggao::compare::{compare, ParaChange, Piece};
        prop_assert!(compare(&s, &s, "a", "a").is_equal());
        let mut targets = Vec::new();
        s.for_each_text(&mut |r, t| {
            if matches!(r, jianggao::doc::model::TextRef::Paragraph(_)) && !t.is_empty() {
                targets.push(r);
            }
        });
        let target = targets[pick.index(targets.len())];
        let mut edited = s.clone();
        let text = edited.text(target).unwrap().to_owned();
        let cs: Vec<char> = text.chars().collect();
        let k = at.index(cs.len() + 1);
        let new: String = cs[..k].iter().chain(std::iter::once(&'鑫')).chain(cs[k..].iter()).collect();
        *edited.text_mut(target).unwrap() = new;
        let c = compare(&s, &edited, "a", "b");
        prop_assert!(c.by_identity);
        prop_assert_eq!(c.totals().all(), 1);
        let changed: Vec<&ParaChange> = c.parts.iter().flat_map(|p| &p.paragraphs).filter(|p| p.is_change()).collect();
        let ParaChange::Changed { pieces } = changed[0] else {
            return Err(TestCaseError::fail(format!("{:?}", changed[0])));
        };
        let changes: Vec<&Piece> = pieces.iter().filter(|p| !matches!(p, Piece::Same(_))).collect();
        let expected = Piece::Added("鑫".into());
        prop_assert_eq!(changes, vec![&expected]);
    }
}
