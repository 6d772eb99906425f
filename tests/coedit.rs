//! Co-editing without a network: two to five writers' copies of one speech, edited apart and
//! merged by handing each other's changes over. Every scenario ends with the same speech in
//! every copy, a tree without cycles, and no character lost.

use jianggao::doc::edit::Edit;
use jianggao::doc::model::{Container, Field, Section, SectionId, Speech, TextRef};
use jianggao::shared::{MergeIssue, SharedSpeech};
use proptest::prelude::*;

/// A speech of three top-level parts, each with a paragraph, and an opening.
fn three_parts() -> Speech {
    let mut s = Speech::new();
    s.title = "在全市工作会议上的讲话".to_owned();
    s.opening[0].text = "今天召开会议。".to_owned();
    for (heading, text) in [
        ("提高认识", "认识要到位。"),
        ("突出重点", "重点要突出。"),
        ("狠抓落实", "落实要有力。"),
    ] {
        let mut sec = s.new_section(heading.to_owned());
        let p = s.new_paragraph(text.to_owned());
        sec.paragraphs.push(p);
        s.sections.push(sec);
    }
    s
}

/// Two writers' copies of `speech`: the first made it, the second opened its snapshot.
fn two(speech: &Speech) -> (SharedSpeech, SharedSpeech) {
    let a = SharedSpeech::create(speech, 1).unwrap();
    let b = SharedSpeech::open(&a.snapshot().unwrap(), 2).unwrap();
    (a, b)
}

/// Hands each copy the other's changes.
fn sync(a: &mut SharedSpeech, b: &mut SharedSpeech) {
    let to_b = a.updates_since(&b.version_vector()).unwrap();
    let to_a = b.updates_since(&a.version_vector()).unwrap();
    b.import(&to_b).unwrap();
    a.import(&to_a).unwrap();
}

/// Hands each copy the other's changes and checks they now read the same.
fn merge(a: &mut SharedSpeech, b: &mut SharedSpeech) {
    sync(a, b);
    assert_eq!(canonical(a.speech()), canonical(b.speech()));
}

/// The bundled sample speech.
fn sample() -> Speech {
    jianggao::store::draft::from_str(
        jianggao::session::SAMPLE,
        std::path::Path::new("sample-speech.ron"),
    )
    .unwrap()
}

/// A speech as every writer must see it, ids aside (each copy has its own): its texts, their
/// places, the numbering styles, the settings and the versions' names and texts.
fn canonical(s: &Speech) -> String {
    fn sections(list: &[Section], out: &mut String, depth: usize) {
        for sec in list {
            out.push_str(&format!(
                "{}# {} [{:?}]\n",
                "  ".repeat(depth),
                sec.heading,
                sec.child_numbering
            ));
            for p in &sec.paragraphs {
                out.push_str(&format!("{}  | {}\n", "  ".repeat(depth), p.text));
            }
            sections(&sec.children, out, depth + 1);
        }
    }
    let mut out = String::new();
    for f in Field::ALL {
        out.push_str(&format!("{f:?}: {}\n", s.field(f)));
    }
    for (name, list) in [
        ("opening", &s.opening),
        ("closing", &s.closing),
        ("appendix", &s.appendix),
    ] {
        for p in list {
            out.push_str(&format!("{name} | {}\n", p.text));
        }
    }
    out.push_str(&format!("numbering {:?}\n", s.numbering));
    sections(&s.sections, &mut out, 0);
    out.push_str(&format!("settings {:?}\n", s.settings));
    for v in &s.versions {
        out.push_str(&format!("version {} {}\n", v.name, v.note));
        let mut text = v.speech.clone();
        text.versions.clear();
        out.push_str(&canonical(&text));
    }
    out
}

fn find(s: &Speech, heading: &str) -> Option<SectionId> {
    let mut found = None;
    s.walk_sections(&mut |_, sec| {
        if sec.heading.contains(heading) {
            found = Some(sec.id);
        }
    });
    found
}

/// The top-level headings, in order.
fn tops(s: &Speech) -> Vec<&str> {
    s.sections.iter().map(|s| s.heading.as_str()).collect()
}

fn parent_heading(s: &Speech, heading: &str) -> Option<String> {
    let id = find(s, heading)?;
    let (parent, _) = s.locate_section(id)?;
    parent.and_then(|p| s.section(p)).map(|p| p.heading.clone())
}

/// Every Han character of a speech, sorted: what no merge may lose.
fn han(s: &Speech) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    s.for_each_text(&mut |_, t| out.extend(t.chars().filter(|c| !c.is_ascii())));
    out.sort_unstable();
    out
}

/// Types `text` at the end of a heading.
fn type_in_heading(w: &mut SharedSpeech, heading: &str, text: &str) {
    let id = find(w.speech(), heading).unwrap();
    let now = w.speech().section(id).unwrap().heading.clone();
    w.apply(Edit::SetText {
        target: TextRef::Heading(id),
        text: format!("{now}{text}"),
    })
    .unwrap();
}

fn move_under(w: &mut SharedSpeech, what: &str, under: &str) {
    let id = find(w.speech(), what).unwrap();
    let parent = find(w.speech(), under).unwrap();
    w.apply(Edit::MoveSection {
        id,
        parent: Some(parent),
        index: 0,
    })
    .unwrap();
}

#[test]
fn two_writers_moving_one_part_under_different_parents_converge_on_one_of_them() {
    let (mut a, mut b) = two(&three_parts());
    move_under(&mut a, "提高认识", "突出重点");
    move_under(&mut b, "提高认识", "狠抓落实");
    merge(&mut a, &mut b);
    let parent = parent_heading(a.speech(), "提高认识").unwrap();
    assert!(parent == "突出重点" || parent == "狠抓落实", "{parent}");
    assert_eq!(han(a.speech()), han(&three_parts()));
}

#[test]
fn a_move_cycle_by_two_writers_ends_acyclic_with_every_part_kept() {
    let (mut a, mut b) = two(&three_parts());
    // 突出重点 under 狠抓落实, and at once 狠抓落实 under 突出重点: one of the moves loses.
    move_under(&mut a, "突出重点", "狠抓落实");
    move_under(&mut b, "狠抓落实", "突出重点");
    merge(&mut a, &mut b);
    let mut count = 0;
    a.speech().walk_sections(&mut |_, _| count += 1);
    assert_eq!(count, 3, "{}", canonical(a.speech()));
    let one = parent_heading(a.speech(), "突出重点");
    let other = parent_heading(a.speech(), "狠抓落实");
    assert!(
        one.as_deref() == Some("狠抓落实") && other.is_none()
            || other.as_deref() == Some("突出重点") && one.is_none(),
        "{one:?} {other:?}"
    );
    assert_eq!(han(a.speech()), han(&three_parts()));
}

#[test]
fn typing_in_a_part_another_writer_moves_lands_in_the_moved_part() {
    let (mut a, mut b) = two(&three_parts());
    move_under(&mut a, "狠抓落实", "提高认识");
    type_in_heading(&mut b, "狠抓落实", "见实效");
    let id = find(b.speech(), "狠抓落实").unwrap();
    let para = b.speech().section(id).unwrap().paragraphs[0].id;
    b.apply(Edit::SetText {
        target: TextRef::Paragraph(para),
        text: "落实要有力，要敢于碰硬。".to_owned(),
    })
    .unwrap();
    merge(&mut a, &mut b);
    assert_eq!(
        parent_heading(a.speech(), "狠抓落实见实效").as_deref(),
        Some("提高认识")
    );
    let moved = a
        .speech()
        .section(find(a.speech(), "狠抓落实见实效").unwrap())
        .unwrap();
    assert_eq!(moved.paragraphs[0].text, "落实要有力，要敢于碰硬。");
}

#[test]
fn indent_and_outdent_at_once_converge_and_keep_every_part() {
    let mut start = three_parts();
    // 狠抓落实 starts under 突出重点.
    let last = start.sections.pop().unwrap();
    start.sections[1].children.push(last);
    let (mut a, mut b) = two(&start);
    let id = find(a.speech(), "狠抓落实").unwrap();
    a.apply(Edit::Outdent { id }).unwrap();
    let id = find(b.speech(), "突出重点").unwrap();
    b.apply(Edit::Indent { id }).unwrap();
    merge(&mut a, &mut b);
    // 突出重点 went under 提高认识; 狠抓落实 came out of it, to the top level.
    assert_eq!(
        parent_heading(a.speech(), "突出重点").as_deref(),
        Some("提高认识")
    );
    assert_eq!(parent_heading(a.speech(), "狠抓落实"), None);
    assert_eq!(han(a.speech()), han(&start));
}

#[test]
fn a_split_and_typing_in_the_same_paragraph_keep_both() {
    let (mut a, mut b) = two(&three_parts());
    let para = a.speech().opening[0].id;
    a.apply(Edit::SplitParagraph { para, at: 4 }).unwrap();
    let para = b.speech().opening[0].id;
    b.apply(Edit::SetText {
        target: TextRef::Paragraph(para),
        text: "今天召开会议。请大家认真听。".to_owned(),
    })
    .unwrap();
    merge(&mut a, &mut b);
    let texts: Vec<&str> = a.speech().opening.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, ["今天召开", "会议。请大家认真听。"]);
}

#[test]
fn a_part_deleted_while_another_writer_types_in_it_keeps_the_typing_in_the_bin() {
    let (mut a, mut b) = two(&three_parts());
    let id = find(a.speech(), "突出重点").unwrap();
    a.apply(Edit::DeleteSection { id }).unwrap();
    let id = find(b.speech(), "突出重点").unwrap();
    let para = b.speech().section(id).unwrap().paragraphs[0].id;
    b.apply(Edit::SetText {
        target: TextRef::Paragraph(para),
        text: "重点要突出，抓住牛鼻子。".to_owned(),
    })
    .unwrap();
    merge(&mut a, &mut b);
    assert!(find(a.speech(), "突出重点").is_none());
    let bin = b.deleted();
    assert_eq!(bin.len(), 1);
    assert_eq!(bin[0].heading, "突出重点");
    // Brought back by either writer, with the typing in it, in its old place.
    b.restore(bin[0].node).unwrap();
    merge(&mut a, &mut b);
    let back = a
        .speech()
        .section(find(a.speech(), "突出重点").unwrap())
        .unwrap();
    assert_eq!(back.paragraphs[0].text, "重点要突出，抓住牛鼻子。");
    assert_eq!(a.speech().sections[1].heading, "突出重点");
}

#[test]
fn versions_kept_at_once_under_one_name_are_both_kept_and_flagged() {
    let (mut a, mut b) = two(&three_parts());
    type_in_heading(&mut a, "提高认识", "（甲）");
    a.apply(Edit::SaveVersion {
        name: "二稿".to_owned(),
        saved: "2026-12-07 10:00".to_owned(),
        note: String::new(),
    })
    .unwrap();
    type_in_heading(&mut b, "突出重点", "（乙）");
    b.apply(Edit::SaveVersion {
        name: "二稿".to_owned(),
        saved: "2026-12-07 10:01".to_owned(),
        note: String::new(),
    })
    .unwrap();
    merge(&mut a, &mut b);
    assert_eq!(a.speech().versions.len(), 2);
    assert_eq!(
        a.merge_issues(),
        [MergeIssue::DuplicateVersionName("二稿".to_owned())]
    );
    // Each version is the text its writer had when keeping it.
    let kept: Vec<Vec<String>> = a
        .speech()
        .versions
        .iter()
        .map(|v| {
            v.speech
                .sections
                .iter()
                .map(|s| s.heading.clone())
                .collect()
        })
        .collect();
    assert!(kept.contains(&vec![
        "提高认识（甲）".to_owned(),
        "突出重点".to_owned(),
        "狠抓落实".to_owned()
    ]));
    assert!(kept.contains(&vec![
        "提高认识".to_owned(),
        "突出重点（乙）".to_owned(),
        "狠抓落实".to_owned()
    ]));
    // Restoring one brings its text back for both writers.
    let index = a
        .speech()
        .versions
        .iter()
        .position(|v| v.saved.ends_with("10:00"))
        .unwrap();
    a.apply(Edit::RestoreVersion { index }).unwrap();
    merge(&mut a, &mut b);
    assert_eq!(b.speech().sections[1].heading, "突出重点");
    assert_eq!(b.speech().sections[0].heading, "提高认识（甲）");
}

#[test]
fn a_drafts_versions_are_carried_into_the_shared_speech() {
    // A draft with two versions: the first kept before a heading was changed, the second
    // before a part was deleted; the text has changed again since.
    let mut s = three_parts();
    let keep = |s: &mut Speech, name: &str| {
        jianggao::doc::edit::apply(
            s,
            Edit::SaveVersion {
                name: name.to_owned(),
                saved: format!("2026-12-0{} 09:00", name.len()),
                note: format!("{name}的说明"),
            },
        )
        .unwrap();
    };
    keep(&mut s, "一稿");
    s.sections[0].heading = "进一步提高认识".to_owned();
    keep(&mut s, "二稿（送审）");
    s.sections.remove(2);
    s.sections[1].paragraphs[0].text = "重点要突出，抓住牛鼻子。".to_owned();
    let (mut a, mut b) = two(&s);
    // Both copies hold the draft's text and its versions, names, notes and texts alike.
    assert_eq!(canonical(a.speech()), canonical(&s));
    assert_eq!(canonical(b.speech()), canonical(&s));
    assert_eq!(b.speech().versions[1].saved, s.versions[1].saved);
    // The part deleted since a version is in the 回收站, and restoring a version brings it
    // back for both writers.
    assert!(a.deleted().iter().any(|d| d.heading == "狠抓落实"));
    assert!(find(a.speech(), "狠抓落实").is_none());
    b.apply(Edit::RestoreVersion { index: 0 }).unwrap();
    merge(&mut a, &mut b);
    assert_eq!(tops(a.speech()), ["提高认识", "突出重点", "狠抓落实"]);
    assert_eq!(a.speech().sections[1].paragraphs[0].text, "重点要突出。");
    // The versions are still there, and still only two.
    assert_eq!(a.speech().versions.len(), 2);
}

#[test]
fn undo_takes_back_the_writers_own_step_and_leaves_the_co_writers() {
    let (mut a, mut b) = two(&three_parts());
    type_in_heading(&mut a, "提高认识", "甲");
    type_in_heading(&mut b, "提高认识", "乙");
    sync(&mut a, &mut b);
    let both = a.speech().sections[0].heading.clone();
    assert!(both.contains('甲') && both.contains('乙'), "{both}");
    assert!(a.undo().unwrap());
    sync(&mut a, &mut b);
    assert_eq!(b.speech().sections[0].heading, "提高认识乙");
    assert!(a.redo().unwrap());
    merge(&mut a, &mut b);
    assert_eq!(han(a.speech()).len(), han(&three_parts()).len() + 2);
}

#[test]
fn a_refused_edit_changes_nothing_and_sends_nothing() {
    let (mut a, b) = two(&three_parts());
    let before = a.version_vector();
    let id = find(a.speech(), "提高认识").unwrap();
    assert!(a.apply(Edit::MoveUp { id }).is_err());
    assert_eq!(a.version_vector(), before);
    assert_eq!(canonical(a.speech()), canonical(b.speech()));
}

#[test]
fn a_copy_opened_from_the_shared_document_reads_as_the_writer_sees_it() {
    let sample = sample();
    let a = SharedSpeech::create(&sample, 7).unwrap();
    let mut plain = sample.clone();
    plain.versions.clear();
    assert_eq!(canonical(a.speech()), canonical(&plain));
    let b = SharedSpeech::open(&a.snapshot().unwrap(), 8).unwrap();
    assert_eq!(canonical(b.speech()), canonical(&plain));
    assert_eq!(
        jianggao::export::render(b.speech()),
        jianggao::export::render(&plain)
    );
}

// ---- Convergence under random edits and deliveries ----

/// One step of a random session.
#[derive(Clone, Debug)]
enum Step {
    /// Writer `w` makes an edit of kind `kind`, at places picked by `a` and `b`.
    Edit {
        w: usize,
        kind: u8,
        a: u32,
        b: u32,
    },
    Undo(usize),
    Redo(usize),
    /// Update `blob` (modulo how many there are) goes to writer `to`; it stays for more.
    Deliver {
        blob: usize,
        to: usize,
    },
}

fn step(writers: usize) -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0..writers, 0u8..14, any::<u32>(), any::<u32>())
            .prop_map(|(w, kind, a, b)| Step::Edit { w, kind, a, b }),
        1 => (0..writers).prop_map(Step::Undo),
        1 => (0..writers).prop_map(Step::Redo),
        3 => (any::<usize>(), 0..writers).prop_map(|(blob, to)| Step::Deliver { blob, to }),
    ]
}

/// An edit for `speech` picked by `kind`, `a` and `b`; `None` when the speech has nothing
/// for it. The model's `apply` may still refuse it, as it would a user's.
fn pick(speech: &Speech, kind: u8, a: u32, b: u32) -> Option<Edit> {
    let mut sections: Vec<SectionId> = Vec::new();
    speech.walk_sections(&mut |_, s| sections.push(s.id));
    let mut texts: Vec<(TextRef, String)> = Vec::new();
    speech.for_each_text(&mut |t, s| texts.push((t, s.to_owned())));
    let paras: Vec<_> = texts
        .iter()
        .filter_map(|(t, s)| match t {
            TextRef::Paragraph(p) => Some((*p, s.chars().count())),
            _ => None,
        })
        .collect();
    let any_section = |n: u32| sections.get(n as usize % sections.len().max(1)).copied();
    let words = ["要", "抓", "实", "，", "新", "质"];
    Some(match kind {
        0..=3 => {
            // Typing: a character in, at a place in a text.
            let (target, text) = texts.get(a as usize % texts.len())?.clone();
            let mut cs: Vec<char> = text.chars().collect();
            let at = b as usize % (cs.len() + 1);
            cs.insert(at, words[(a / 7) as usize % words.len()].chars().next()?);
            Edit::SetText {
                target,
                text: cs.into_iter().collect(),
            }
        }
        4 => {
            // A character out.
            let (target, text) = texts.get(a as usize % texts.len())?.clone();
            let mut cs: Vec<char> = text.chars().collect();
            if cs.is_empty() {
                return None;
            }
            cs.remove(b as usize % cs.len());
            Edit::SetText {
                target,
                text: cs.into_iter().collect(),
            }
        }
        5 => {
            let parent = if a.is_multiple_of(3) {
                None
            } else {
                any_section(a)
            };
            let len = speech.children(parent).map_or(0, Vec::len);
            Edit::InsertSection {
                parent,
                index: b as usize % (len + 1),
                heading: format!("新节{}", a % 100),
            }
        }
        6 => Edit::DeleteSection {
            id: any_section(a)?,
        },
        7 => {
            let id = any_section(a)?;
            let parent = if b.is_multiple_of(3) {
                None
            } else {
                any_section(b)
            };
            let len = speech.children(parent).map_or(0, Vec::len);
            Edit::MoveSection {
                id,
                parent,
                index: (b as usize / 3) % len.max(1),
            }
        }
        8 => Edit::Indent {
            id: any_section(a)?,
        },
        9 => Edit::Outdent {
            id: any_section(a)?,
        },
        10 => {
            let (para, len) = *paras.get(a as usize % paras.len().max(1))?;
            Edit::SplitParagraph {
                para,
                at: b as usize % (len + 1),
            }
        }
        11 => {
            let (para, _) = *paras.get(a as usize % paras.len().max(1))?;
            Edit::MergeWithPrevious { para }
        }
        12 => {
            let container = match any_section(a) {
                Some(id) if b.is_multiple_of(2) => Container::Section(id),
                _ => Container::Closing,
            };
            Edit::InsertParagraph {
                container,
                index: 0,
                text: format!("新段落{}", b % 50),
            }
        }
        _ => Edit::SaveVersion {
            name: format!("{}稿", ["二", "三", "四"][a as usize % 3]),
            saved: "2026-12-07 10:00".to_owned(),
            note: String::new(),
        },
    })
}

/// Runs a session and checks that every copy ends the same, whole and acyclic.
fn converge(writers: usize, steps: &[Step]) -> Result<(), TestCaseError> {
    let first = SharedSpeech::create(&three_parts(), 1).unwrap();
    let snapshot = first.snapshot().unwrap();
    let mut copies = vec![first];
    for w in 1..writers {
        copies.push(SharedSpeech::open(&snapshot, w as u64 + 1).unwrap());
    }
    let mut blobs: Vec<Vec<u8>> = Vec::new();
    for s in steps {
        match *s {
            Step::Edit { w, kind, a, b } => {
                let before = copies[w].version_vector();
                if let Some(edit) = pick(copies[w].speech(), kind, a, b) {
                    if w == 3 || kind == 5 {
                        eprintln!("w{w}: {edit:?}");
                    }
                    // A refused edit is a user's refused edit: nothing to send.
                    if copies[w].apply(edit).is_ok() {
                        // What the writer sees is what the document now holds.
                        let fresh = SharedSpeech::open(&copies[w].snapshot().unwrap(), 99).unwrap();
                        prop_assert_eq!(canonical(fresh.speech()), canonical(copies[w].speech()));
                    }
                }
                blobs.push(copies[w].updates_since(&before).unwrap());
            }
            Step::Undo(w) | Step::Redo(w) => {
                let before = copies[w].version_vector();
                eprintln!("before undo w{w}:\n{}", canonical(copies[w].speech()));
                let _ = if matches!(s, Step::Undo(_)) {
                    copies[w].undo().unwrap()
                } else {
                    copies[w].redo().unwrap()
                };
                blobs.push(copies[w].updates_since(&before).unwrap());
            }
            Step::Deliver { blob, to } => {
                if !blobs.is_empty() {
                    let bytes = blobs[blob % blobs.len()].clone();
                    copies[to].import(&bytes).unwrap();
                }
            }
        }
    }
    // Full sync: everyone hands everyone what they lack.
    for i in 0..writers {
        for j in 0..writers {
            if i != j {
                let bytes = copies[i]
                    .updates_since(&copies[j].version_vector())
                    .unwrap();
                copies[j].import(&bytes).unwrap();
            }
        }
    }
    let want = canonical(copies[0].speech());
    for c in &copies {
        prop_assert_eq!(&canonical(c.speech()), &want);
        // The writer's model is what the document says: a fresh copy reads the same.
        let fresh = SharedSpeech::open(&c.snapshot().unwrap(), 99).unwrap();
        prop_assert_eq!(&canonical(fresh.speech()), &want);
        // Ids unique in each copy; every section reached once (no cycle).
        let mut seen = std::collections::HashSet::new();
        let mut ok = true;
        c.speech()
            .walk_sections(&mut |_, s| ok &= seen.insert(s.id.0));
        c.speech().for_each_text(&mut |t, _| {
            if let TextRef::Paragraph(p) = t {
                ok &= seen.insert(p.0);
            }
        });
        prop_assert!(ok, "ids repeat");
    }
    Ok(())
}

proptest! {
    // `COEDIT_CASES=256` for the full run; CI's is shorter.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("COEDIT_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
        max_shrink_iters: 5000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn two_writers_converge(steps in prop::collection::vec(step(2), 1..200)) {
        converge(2, &steps)?;
    }

    #[test]
    fn five_writers_converge(steps in prop::collection::vec(step(5), 1..200)) {
        converge(5, &steps)?;
    }
}

/// Found by the property below: a paragraph typed into a part the writer had just added, a
/// co-writer's change taken in, then undo. (The engine's undo mis-placed the step when the
/// part's texts lived in the part's own node: they live beside the tree now.)
#[test]
fn undo_in_a_new_part_after_a_co_writers_change_takes_back_only_the_step() {
    let (mut a, mut b) = two(&three_parts());
    let id = find(b.speech(), "狠抓落实").unwrap();
    b.apply(Edit::InsertSection {
        parent: Some(id),
        index: 0,
        heading: "新节".to_owned(),
    })
    .unwrap();
    let new = find(b.speech(), "新节").unwrap();
    b.apply(Edit::InsertParagraph {
        container: Container::Section(new),
        index: 0,
        text: "新段落".to_owned(),
    })
    .unwrap();
    type_in_heading(&mut a, "提高认识", "甲");
    sync(&mut a, &mut b);
    assert!(b.undo().unwrap());
    let part = b
        .speech()
        .section(find(b.speech(), "新节").unwrap())
        .unwrap();
    assert!(part.paragraphs.is_empty(), "{:?}", part.paragraphs);
    assert_eq!(b.speech().sections[0].heading, "提高认识甲");
    merge(&mut a, &mut b);
}

/// The same, as the property found it: five writers, one update delivered early.
#[test]
fn the_first_undo_failure_found_stays_fixed() {
    let steps = vec![
        Step::Edit {
            w: 0,
            kind: 5,
            a: 0,
            b: 0,
        },
        Step::Edit {
            w: 3,
            kind: 5,
            a: 635941121,
            b: 0,
        },
        Step::Edit {
            w: 3,
            kind: 12,
            a: 414223079,
            b: 3451094384,
        },
        Step::Deliver { blob: 0, to: 3 },
        Step::Undo(3),
    ];
    converge(5, &steps).unwrap();
}

#[test]
fn the_command_line_exports_a_shared_speechs_local_copy_as_text_and_as_a_draft() {
    use jianggao::shared::journal::Journal;
    let sample = sample();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("讲话稿.shared");
    let mut shared = SharedSpeech::create(&sample, 3).unwrap();
    let mut journal = Journal::create(&copy, &shared).unwrap();
    type_in_heading(&mut shared, &sample.sections[0].heading.clone(), "（改）");
    journal.record(&shared).unwrap();
    let run = |out: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_jianggao"))
            .args(["export", "--force"])
            .arg(&copy)
            .arg("-o")
            .arg(out)
            .env("JIANGGAO_DATA_DIR", dir.path())
            .output()
            .unwrap()
    };
    let txt = dir.path().join("讲话稿.txt");
    let o = run(&txt);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&txt).unwrap();
    assert_eq!(
        text.trim_start_matches('\u{feff}'),
        jianggao::export::render(shared.speech()).trim_start_matches('\u{feff}')
    );
    assert!(text.contains("（改）"));
    let ron = dir.path().join("讲话稿.ron");
    let o = run(&ron);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let draft = jianggao::store::draft::load(&ron).unwrap();
    assert_eq!(canonical(&draft), canonical(shared.speech()));
    // The copy itself is only read.
    assert_eq!(Journal::open(&copy).unwrap().replayed, 1);
}

#[test]
fn a_deleted_part_comes_back_whole_and_a_sub_part_moved_out_meanwhile_stays() {
    let mut start = three_parts();
    // 狠抓落实 and a new part sit under 突出重点.
    let last = start.sections.pop().unwrap();
    start.sections[1].children.push(last);
    let extra = start.new_section("细化措施".to_owned());
    start.sections[1].children.push(extra);
    let (mut a, mut b) = two(&start);
    let id = find(a.speech(), "突出重点").unwrap();
    a.apply(Edit::DeleteSection { id }).unwrap();
    // Meanwhile b moves 狠抓落实 out, to the top level.
    let id = find(b.speech(), "狠抓落实").unwrap();
    b.apply(Edit::MoveSection {
        id,
        parent: None,
        index: 1,
    })
    .unwrap();
    merge(&mut a, &mut b);
    assert_eq!(tops(a.speech()), ["提高认识", "狠抓落实"]);
    // One entry in the bin: the part, with the part still inside it.
    let bin = a.deleted();
    assert_eq!(bin.len(), 1);
    a.restore(bin[0].node).unwrap();
    merge(&mut a, &mut b);
    let back = a
        .speech()
        .section(find(a.speech(), "突出重点").unwrap())
        .unwrap();
    let inside: Vec<&str> = back.children.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(inside, ["细化措施"]);
}

/// A co-writer's caret, sent as bytes, lands on the same words in the other copy — in a
/// heading, a paragraph after others, a field — and keeps its place while text is typed
/// before it.
#[test]
fn a_co_writers_caret_stays_between_the_same_characters() {
    use jianggao::doc::model::TextPos;
    let mut s = three_parts();
    let second = s.new_paragraph("第二段在这里。".to_owned());
    s.sections[1].paragraphs.push(second);
    let (mut a, mut b) = two(&s);
    let sec = a.speech().sections[1].clone();
    // In the second paragraph of 二, before 在.
    let caret = TextPos::new(TextRef::Paragraph(sec.paragraphs[1].id), 3);
    let bytes = a.cursor_at(caret).unwrap();
    let in_b = b.position_of(&bytes).unwrap();
    let b_sec = &b.speech().sections[1];
    assert_eq!(
        in_b,
        TextPos::new(TextRef::Paragraph(b_sec.paragraphs[1].id), 3)
    );
    // B types at the start of that paragraph; A's caret, read in B, moves with the words.
    let target = TextRef::Paragraph(b_sec.paragraphs[1].id);
    b.apply(Edit::SetText {
        target,
        text: "另外，第二段在这里。".to_owned(),
    })
    .unwrap();
    assert_eq!(b.position_of(&bytes).unwrap(), TextPos::new(target, 6));
    // After a merge A reads it there too.
    merge(&mut a, &mut b);
    let a_target = TextRef::Paragraph(a.speech().sections[1].paragraphs[1].id);
    assert_eq!(a.position_of(&bytes).unwrap(), TextPos::new(a_target, 6));
    // A heading and a field.
    let heading = TextPos::new(TextRef::Heading(a.speech().sections[2].id), 2);
    let h = b.position_of(&a.cursor_at(heading).unwrap()).unwrap();
    assert_eq!(
        h,
        TextPos::new(TextRef::Heading(b.speech().sections[2].id), 2)
    );
    let title = TextPos::new(TextRef::Field(Field::Title), 4);
    assert_eq!(b.position_of(&a.cursor_at(title).unwrap()), Some(title));
    // Bytes that are no caret are none.
    assert_eq!(b.position_of(b"not a caret"), None);
}

/// A finding dismissed in one copy is dismissed in the other on the same paragraph (each copy
/// names it by its own id), even when a co-writer typed at that paragraph's start meanwhile;
/// undo takes the dismissal back in both.
#[test]
fn a_dismissed_finding_lands_on_the_same_paragraph_in_every_copy() {
    use jianggao::doc::model::Dismissal;
    let (mut a, mut b) = two(&three_parts());
    let a_para = a.speech().sections[1].paragraphs[0].id;
    let mut settings = a.speech().settings.clone();
    settings.dismissed.push(Dismissal {
        rule: "proof".to_owned(),
        target: TextRef::Paragraph(a_para),
        matched: "重点".to_owned(),
    });
    a.apply(Edit::SetSettings(settings)).unwrap();
    let b_para = b.speech().sections[1].paragraphs[0].id;
    b.apply(Edit::SetText {
        target: TextRef::Paragraph(b_para),
        text: "同时，重点要突出。".to_owned(),
    })
    .unwrap();
    sync(&mut a, &mut b);
    for (copy, para) in [(&a, a_para), (&b, b_para)] {
        let d = &copy.speech().settings.dismissed;
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].target, TextRef::Paragraph(para));
        assert_eq!(d[0].matched, "重点");
        assert_eq!(
            copy.speech().sections[1].paragraphs[0].text,
            "同时，重点要突出。"
        );
    }
    assert!(a.undo().unwrap());
    sync(&mut a, &mut b);
    assert!(a.speech().settings.dismissed.is_empty());
    assert!(b.speech().settings.dismissed.is_empty());
}

/// Undo takes back a burst of typing in one text as one step, as a draft of one's own does:
/// a keystroke in another text, another kind of edit or a pause (`seal`) starts a new step.
#[test]
fn undo_takes_back_a_burst_of_typing_in_one_text_at_a_time() {
    let (mut a, _) = two(&three_parts());
    let first = TextRef::Paragraph(a.speech().sections[0].paragraphs[0].id);
    let second = TextRef::Paragraph(a.speech().sections[1].paragraphs[0].id);
    let type_in = |a: &mut SharedSpeech, target: TextRef, c: char| {
        let text = format!("{}{c}", a.speech().text(target).unwrap());
        a.apply(Edit::SetText { target, text }).unwrap();
    };
    let start = a.speech().clone();
    type_in(&mut a, first, '甲');
    type_in(&mut a, first, '乙');
    let burst = a.speech().clone();
    type_in(&mut a, second, '丙');
    let other = a.speech().clone();
    a.seal();
    type_in(&mut a, second, '丁');
    assert!(a.undo().unwrap());
    assert_eq!(
        canonical(a.speech()),
        canonical(&other),
        "the keystroke after the pause"
    );
    assert!(a.undo().unwrap());
    assert_eq!(
        canonical(a.speech()),
        canonical(&burst),
        "the other text's keystroke"
    );
    assert!(a.undo().unwrap());
    assert_eq!(canonical(a.speech()), canonical(&start), "the burst, whole");
    assert!(a.redo().unwrap());
    assert_eq!(canonical(a.speech()), canonical(&burst));
}

/// Every speech of the corpus of real speeches beside the repository (`../shared/corpus`,
/// read at run time; skipped when absent), imported and shared: a co-writer's copy opened
/// from the shared document reads and exports as the writer's, word for word.
#[test]
fn every_corpus_speech_reads_the_same_in_a_co_writers_copy() {
    let dir = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no corpus beside the repository: skipped");
        return;
    };
    let mut shared = 0;
    for path in entries.flatten().map(|e| e.path()) {
        if !path.extension().is_some_and(|e| e == "txt" || e == "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let speech = jianggao::import::import_text(&text).speech;
        let a = SharedSpeech::create(&speech, 1).unwrap();
        let b = SharedSpeech::open(&a.snapshot().unwrap(), 2).unwrap();
        let name = path.display();
        assert_eq!(canonical(a.speech()), canonical(&speech), "{name}");
        assert_eq!(canonical(b.speech()), canonical(&speech), "{name}");
        assert_eq!(
            jianggao::export::render(b.speech()),
            jianggao::export::render(&speech),
            "{name}"
        );
        shared += 1;
    }
    assert!(shared >= 20, "only {shared} speeches in the corpus");
}
