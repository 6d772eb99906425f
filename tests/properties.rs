//! Property tests over random documents and random edit sequences.

use jianggao::doc::edit::{Edit, TextRole};
use jianggao::doc::history::Document;
use jianggao::doc::model::{Container, Numbering, ParaId, SectionId, Speech, TextRef};
use jianggao::store::draft;
use proptest::prelude::*;

/// An edit described by indices into whatever ids the document has when it is applied, so
/// that most edits are valid and some (index past the end) hit stale or missing ids.
#[derive(Clone, Debug)]
enum Op {
    Type(usize, String),
    Numbering(Option<usize>, usize),
    InsertSection(Option<usize>, usize),
    Delete(usize),
    Move(usize, Option<usize>, usize),
    Up(usize),
    Down(usize),
    Indent(usize),
    Outdent(usize),
    InsertPara(usize, usize, String),
    Split(usize, usize),
    Lines(usize, Vec<String>),
    Merge(usize),
    DeletePara(usize),
    Shift(usize, isize),
    Replace(String, String),
    Role(usize, usize),
    Seal,
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec!['一', '是', '*', 'X', '，', '。', 'a', '　']),
        0..6,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

fn op() -> impl Strategy<Value = Op> {
    let i = 0usize..12;
    prop_oneof![
        (i.clone(), text()).prop_map(|(a, t)| Op::Type(a, t)),
        (prop::option::of(i.clone()), 0usize..6).prop_map(|(a, b)| Op::Numbering(a, b)),
        (prop::option::of(i.clone()), i.clone()).prop_map(|(a, b)| Op::InsertSection(a, b)),
        i.clone().prop_map(Op::Delete),
        (i.clone(), prop::option::of(i.clone()), i.clone()).prop_map(|(a, b, c)| Op::Move(a, b, c)),
        i.clone().prop_map(Op::Up),
        i.clone().prop_map(Op::Down),
        i.clone().prop_map(Op::Indent),
        i.clone().prop_map(Op::Outdent),
        (i.clone(), i.clone(), text()).prop_map(|(a, b, t)| Op::InsertPara(a, b, t)),
        (i.clone(), 0usize..8).prop_map(|(a, b)| Op::Split(a, b)),
        (i.clone(), prop::collection::vec(text(), 0..3)).prop_map(|(a, l)| Op::Lines(a, l)),
        i.clone().prop_map(Op::Merge),
        i.clone().prop_map(Op::DeletePara),
        (i.clone(), -4isize..4).prop_map(|(a, b)| Op::Shift(a, b)),
        ("[一是*]{1,2}", "[二X]{0,2}").prop_map(|(a, b)| Op::Replace(a, b)),
        (i.clone(), 0usize..7).prop_map(|(a, r)| Op::Role(a, r)),
        Just(Op::Seal),
    ]
}

fn section_ids(s: &Speech) -> Vec<SectionId> {
    let mut ids = Vec::new();
    s.walk_sections(&mut |_, sec| ids.push(sec.id));
    ids
}

fn para_ids(s: &Speech) -> Vec<ParaId> {
    let mut ids = Vec::new();
    s.for_each_text(&mut |t, _| {
        if let TextRef::Paragraph(p) = t {
            ids.push(p);
        }
    });
    ids
}

fn texts(s: &Speech) -> Vec<TextRef> {
    let mut refs = Vec::new();
    s.for_each_text(&mut |t, _| refs.push(t));
    refs
}

/// Resolves an index to an id; past the end gives an id that does not exist.
fn pick<T: Copy>(list: &[T], i: usize, stale: T) -> T {
    list.get(i).copied().unwrap_or(stale)
}

fn to_edit(s: &Speech, op: &Op) -> Option<Edit> {
    let secs = section_ids(s);
    let paras = para_ids(s);
    let sec = |i: usize| pick(&secs, i, SectionId(9_999));
    let para = |i: usize| pick(&paras, i, ParaId(9_999));
    let containers: Vec<Container> = [Container::Opening, Container::Closing, Container::Appendix]
        .into_iter()
        .chain(secs.iter().map(|&id| Container::Section(id)))
        .collect();
    Some(match op.clone() {
        Op::Type(i, t) => Edit::SetText {
            target: pick(&texts(s), i, TextRef::Heading(SectionId(9_999))),
            text: t,
        },
        Op::Numbering(p, n) => Edit::SetNumbering {
            parent: p.map(sec),
            numbering: Numbering::ALL[n],
        },
        Op::InsertSection(p, i) => Edit::InsertSection {
            parent: p.map(sec),
            index: i % 4,
            heading: "新".into(),
        },
        Op::Delete(i) => Edit::DeleteSection { id: sec(i) },
        Op::Move(i, p, at) => Edit::MoveSection {
            id: sec(i),
            parent: p.map(sec),
            index: at % 4,
        },
        Op::Up(i) => Edit::MoveUp { id: sec(i) },
        Op::Down(i) => Edit::MoveDown { id: sec(i) },
        Op::Indent(i) => Edit::Indent { id: sec(i) },
        Op::Outdent(i) => Edit::Outdent { id: sec(i) },
        Op::InsertPara(c, i, t) => Edit::InsertParagraph {
            container: pick(&containers, c, Container::Section(SectionId(9_999))),
            index: i % 3,
            text: t,
        },
        Op::Split(i, at) => Edit::SplitParagraph { para: para(i), at },
        Op::Lines(i, lines) => Edit::ReplaceWithLines {
            para: para(i),
            lines,
        },
        Op::Merge(i) => Edit::MergeWithPrevious { para: para(i) },
        Op::DeletePara(i) => Edit::DeleteParagraph { para: para(i) },
        Op::Shift(i, n) => Edit::ShiftHeadingBoundary {
            id: sec(i),
            chars: n,
        },
        Op::Replace(f, r) => Edit::ReplaceAll {
            find: f,
            replace: r,
        },
        Op::Role(i, r) => Edit::SetRole {
            target: pick(&texts(s), i, TextRef::Heading(SectionId(9_999))),
            role: [
                TextRole::Heading(1),
                TextRole::Heading(2),
                TextRole::Heading(3),
                TextRole::Body,
                TextRole::Opening,
                TextRole::Closing,
                TextRole::Appendix,
            ][r],
        },
        Op::Seal => return None,
    })
}

fn start() -> Speech {
    let mut s = Speech::new();
    s.title = "在*年会议上的讲话".into();
    let mut a = s.new_section("一节".into());
    let p = s.new_paragraph("是一*".into());
    a.paragraphs.push(p);
    let b = s.new_section("二节".into());
    s.sections.push(a);
    s.sections.push(b);
    s
}

/// Adds `levels` sections, each a child of the one before, under the section at `at`: the
/// editor's 添加下级 pressed again and again. Stops quietly where the editor refuses.
fn nest(doc: &mut Document, at: usize, levels: usize) {
    let mut parent = section_ids(doc.speech()).get(at).copied();
    for _ in 0..levels {
        let edit = Edit::InsertSection {
            parent,
            index: 0,
            heading: "下级".into(),
        };
        match doc.apply(edit).map(|step| step.effect) {
            Ok(jianggao::doc::edit::Effect::Section(id)) => parent = Some(id),
            _ => return,
        }
    }
}

/// A draft on disk whose ids sit at the top of the range, loaded as the app would load it.
fn extreme_ids() -> Speech {
    let mut s = start();
    let mut id = u64::MAX;
    s.opening[0].id = ParaId(id);
    for sec in &mut s.sections {
        id -= 1;
        sec.id = SectionId(id);
        for p in &mut sec.paragraphs {
            id -= 1;
            p.id = ParaId(id);
        }
    }
    s.next_id = u64::MAX;
    let text = draft::to_string(&s).unwrap();
    draft::from_str(&text, std::path::Path::new("extreme.ron")).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_draft_the_editor_makes_saves_and_loads_back(
        extreme in any::<bool>(),
        steps in prop::collection::vec(
            prop_oneof![
                op().prop_map(Ok),
                (0usize..12, 1usize..30).prop_map(Err),
            ],
            0..30,
        ),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("稿.ron");
        let mut doc = Document::new(if extreme { extreme_ids() } else { start() });
        for step in &steps {
            match step {
                Ok(op) => {
                    if let Some(edit) = to_edit(doc.speech(), op) {
                        let _ = doc.apply(edit);
                    }
                }
                Err((at, levels)) => nest(&mut doc, *at, *levels),
            }
            prop_assert!(doc.speech().depth() <= jianggao::doc::model::MAX_DEPTH);
        }
        draft::save(doc.speech(), &path).expect("every speech the editor makes saves");
        let back = draft::load(&path).expect("and loads");
        prop_assert_eq!(&back, doc.speech());
        // Saving what was loaded changes nothing either.
        draft::save(&back, &path).unwrap();
        prop_assert_eq!(&draft::load(&path).unwrap(), doc.speech());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn undo_all_restores_the_original_and_redo_all_the_result(ops in prop::collection::vec(op(), 0..40)) {
        let original = start();
        let mut doc = Document::new(original.clone());
        for op in &ops {
            match to_edit(doc.speech(), op) {
                None => doc.seal(),
                Some(edit) => {
                    let before = doc.speech().clone();
                    let rev = doc.revision();
                    if doc.apply(edit).is_err() {
                        prop_assert_eq!(doc.speech(), &before, "a failed edit changed the speech");
                        prop_assert_eq!(doc.revision(), rev);
                    }
                }
            }
            let mut s = doc.speech().clone();
            prop_assert!(s.validate().is_ok(), "ids stay unique");
        }
        let end = doc.speech().clone();
        while doc.undo() {}
        prop_assert_eq!(doc.speech(), &original);
        prop_assert!(!doc.is_modified());
        while doc.redo() {}
        prop_assert_eq!(doc.speech(), &end);
    }

    #[test]
    fn drafts_round_trip_any_edited_document(ops in prop::collection::vec(op(), 0..25)) {
        let mut doc = Document::new(start());
        for op in &ops {
            if let Some(edit) = to_edit(doc.speech(), op) {
                let _ = doc.apply(edit);
            }
        }
        let text = draft::to_string(doc.speech()).expect("every edited speech serialises");
        let back = draft::from_str(&text, std::path::Path::new("p.ron")).unwrap();
        prop_assert_eq!(&back, doc.speech());
    }
}
