//! Unit tests of `doc::edit`.

use super::*;
use crate::doc::numbering::walk_labelled;

fn labels(s: &Speech) -> Vec<String> {
    let mut out = Vec::new();
    walk_labelled(s, &mut |_, l, sec| out.push(format!("{l}{}", sec.heading)));
    out
}

fn three() -> (Speech, [SectionId; 3]) {
    let mut s = Speech::new();
    let mut ids = [SectionId(0); 3];
    for (i, h) in ["甲", "乙", "丙"].into_iter().enumerate() {
        let Effect::Section(id) = apply(
            &mut s,
            Edit::InsertSection {
                parent: None,
                index: i,
                heading: h.into(),
            },
        )
        .unwrap() else {
            panic!("insert returns the new section")
        };
        ids[i] = id;
    }
    (s, ids)
}

#[test]
fn moving_renumbers_siblings() {
    let (mut s, [a, _, c]) = three();
    assert_eq!(labels(&s), ["一、甲", "二、乙", "三、丙"]);
    apply(&mut s, Edit::MoveUp { id: c }).unwrap();
    assert_eq!(labels(&s), ["一、甲", "二、丙", "三、乙"]);
    apply(&mut s, Edit::Indent { id: c }).unwrap();
    assert_eq!(labels(&s), ["一、甲", "（一）丙", "二、乙"]);
    apply(&mut s, Edit::Outdent { id: c }).unwrap();
    assert_eq!(labels(&s), ["一、甲", "二、丙", "三、乙"]);
    apply(&mut s, Edit::DeleteSection { id: a }).unwrap();
    assert_eq!(labels(&s), ["一、丙", "二、乙"]);
}

#[test]
fn invalid_edits_are_errors_and_change_nothing() {
    let (mut s, [a, b, c]) = three();
    apply(&mut s, Edit::Indent { id: b }).unwrap();
    let before = s.clone();
    let bad = [
        Edit::MoveUp { id: a },
        Edit::MoveDown { id: c },
        Edit::Indent { id: a },
        Edit::Outdent { id: a },
        Edit::DeleteSection { id: SectionId(999) },
        Edit::MoveSection {
            id: a,
            parent: Some(b),
            index: 0,
        },
        Edit::MoveSection {
            id: a,
            parent: Some(a),
            index: 0,
        },
        Edit::MoveSection {
            id: c,
            parent: None,
            index: 5,
        },
        Edit::InsertSection {
            parent: Some(SectionId(999)),
            index: 0,
            heading: String::new(),
        },
        Edit::SplitParagraph {
            para: s.opening[0].id,
            at: 1,
        },
        Edit::MergeWithPrevious {
            para: s.opening[0].id,
        },
        Edit::DeleteParagraph { para: ParaId(999) },
        Edit::ReplaceAll {
            find: String::new(),
            replace: "x".into(),
        },
    ];
    for edit in bad {
        assert!(apply(&mut s, edit.clone()).is_err(), "{edit:?} should fail");
        assert_eq!(s, before, "{edit:?} changed the speech");
    }
}

#[test]
fn split_and_merge_are_inverse() {
    let mut s = Speech::new();
    let p = s.opening[0].id;
    apply(
        &mut s,
        Edit::SetText {
            target: TextRef::Paragraph(p),
            text: "同志们好。下面讲几点。".into(),
        },
    )
    .unwrap();
    let Effect::Paragraph(q) = apply(&mut s, Edit::SplitParagraph { para: p, at: 5 }).unwrap()
    else {
        panic!("split returns the new paragraph")
    };
    assert_eq!(s.opening[0].text, "同志们好。");
    assert_eq!(s.opening[1].text, "下面讲几点。");
    apply(&mut s, Edit::MergeWithPrevious { para: q }).unwrap();
    assert_eq!(s.opening.len(), 1);
    assert_eq!(s.opening[0].text, "同志们好。下面讲几点。");
}

#[test]
fn enter_splits_into_lines() {
    let mut s = Speech::new();
    let p = s.opening[0].id;
    let effect = apply(
        &mut s,
        Edit::ReplaceWithLines {
            para: p,
            lines: vec!["甲".into(), "乙".into(), "丙".into()],
        },
    )
    .unwrap();
    let texts: Vec<&str> = s.opening.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, ["甲", "乙", "丙"]);
    assert_eq!(
        effect,
        Effect::Caret(TextPos::new(TextRef::Paragraph(s.opening[2].id), 1))
    );
    assert!(
        apply(
            &mut s,
            Edit::ReplaceWithLines {
                para: ParaId(999),
                lines: vec![]
            }
        )
        .is_err()
    );
}

#[test]
fn heading_boundary_moves_text_both_ways() {
    let (mut s, [a, _, _]) = three();
    apply(
        &mut s,
        Edit::InsertParagraph {
            container: Container::Section(a),
            index: 0,
            text: "强担当党的二十大".into(),
        },
    )
    .unwrap();
    apply(&mut s, Edit::ShiftHeadingBoundary { id: a, chars: 3 }).unwrap();
    let sec = s.section(a).unwrap();
    assert_eq!(sec.heading, "甲强担当");
    assert_eq!(sec.paragraphs[0].text, "党的二十大");
    apply(&mut s, Edit::ShiftHeadingBoundary { id: a, chars: -2 }).unwrap();
    let sec = s.section(a).unwrap();
    assert_eq!(sec.heading, "甲强");
    assert_eq!(sec.paragraphs[0].text, "担当党的二十大");
    assert!(apply(&mut s, Edit::ShiftHeadingBoundary { id: a, chars: 99 }).is_err());
}

#[test]
fn replace_all_counts_and_replaces_everywhere() {
    let (mut s, [a, _, _]) = three();
    s.title = "全区工作会议".into();
    apply(
        &mut s,
        Edit::InsertParagraph {
            container: Container::Section(a),
            index: 0,
            text: "全区上下，全区各级".into(),
        },
    )
    .unwrap();
    let effect = apply(
        &mut s,
        Edit::ReplaceAll {
            find: "全区".into(),
            replace: "全市".into(),
        },
    )
    .unwrap();
    assert_eq!(effect, Effect::Replaced(3));
    assert_eq!(s.title, "全市工作会议");
    assert_eq!(
        s.section(a).unwrap().paragraphs[0].text,
        "全市上下，全市各级"
    );
}
