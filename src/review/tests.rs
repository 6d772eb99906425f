//! Returned files built in code (docx-rs writes tracked changes and comments as Word does),
//! read back and placed on the speech they were made on.

use super::*;
use crate::doc::edit::{Edit, apply};
use crate::doc::model::review::ChangeKind;
use docx_rs::{Comment as DComment, Delete, Docx, Insert, MoveFrom, MoveTo, Paragraph, Run};

const SPEECH: &str = "在全市工作会议上的讲话\n同志们：\n今天召开全市工作会议，主要任务是总结工作。\n一、加强党的建设\n要把党的建设摆在首位。\n坚持从严治党不放松。\n二、推动高质量发展\n要抓好项目建设。\n三、改进工作作风\n作风建设永远在路上。\n同志们，让我们共同努力！\n";

fn sample() -> Speech {
    let s = crate::import::import_text(SPEECH).speech;
    assert_eq!(s.sections.len(), 3, "{s:#?}");
    s
}

/// One stretch of a returned paragraph.
enum Seg<'a> {
    Keep(&'a str),
    Ins(&'a str, &'a str),
    Del(&'a str, &'a str),
    From(&'a str, &'a str),
    To(&'a str, &'a str),
}

const DATE: &str = "2026-12-01T09:30:00Z";

fn para(segs: &[Seg]) -> Paragraph {
    let mut p = Paragraph::new();
    for s in segs {
        p = match *s {
            Seg::Keep(t) => p.add_run(Run::new().add_text(t)),
            Seg::Ins(who, t) => {
                p.add_insert(Insert::new(Run::new().add_text(t)).author(who).date(DATE))
            }
            Seg::Del(who, t) => p.add_delete(
                Delete::new()
                    .add_run(Run::new().add_delete_text(t))
                    .author(who)
                    .date(DATE),
            ),
            Seg::From(who, t) => p.add_move_from(
                MoveFrom::new()
                    .add_run(Run::new().add_delete_text(t))
                    .author(who)
                    .date(DATE),
            ),
            Seg::To(who, t) => {
                p.add_move_to(MoveTo::new(Run::new().add_text(t)).author(who).date(DATE))
            }
        };
    }
    p
}

/// The sample's `要抓好项目建设。` with 张局长's `重大` inserted.
fn major_projects() -> Paragraph {
    para(&[
        Seg::Keep("要抓好"),
        Seg::Ins("张局长", "重大"),
        Seg::Keep("项目建设。"),
    ])
}

/// The speech's lines as the export writes them, with some paragraphs replaced.
fn returned(speech: &Speech, edit: impl Fn(usize, &str) -> Option<Vec<Paragraph>>) -> Returned {
    let mut docx = Docx::new();
    for (i, l) in lines(speech).iter().enumerate() {
        match edit(i, &l.text) {
            Some(ps) => {
                for p in ps {
                    docx = docx.add_paragraph(p);
                }
            }
            None => docx = docx.add_paragraph(para(&[Seg::Keep(&l.text)])),
        }
    }
    pack(docx)
}

fn pack(docx: Docx) -> Returned {
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).unwrap();
    read::read(bytes.get_ref()).unwrap()
}

fn accept_all(speech: &mut Speech) -> usize {
    match apply(
        speech,
        Edit::DecideAll {
            accept: true,
            author: None,
        },
    )
    .unwrap()
    {
        crate::doc::edit::Effect::Replaced(n) => n,
        e => panic!("{e:?}"),
    }
}

/// What kind each change of a review is, in order.
fn kinds(review: &Review) -> Vec<&'static str> {
    review
        .changes
        .iter()
        .map(|c| match c.kind {
            ChangeKind::Text { .. } => "text",
            ChangeKind::Insert { .. } => "insert",
            ChangeKind::Delete { .. } => "delete",
            ChangeKind::Move { .. } => "move",
            ChangeKind::DeleteSection { .. } => "delete section",
            ChangeKind::MoveSection { .. } => "move section",
        })
        .collect()
}

fn texts(s: &Speech) -> String {
    crate::export::text::render(s)
}

#[test]
fn an_insertion_and_a_deletion_by_two_reviewers_land_on_their_words() {
    let mut s = sample();
    let r = returned(&s, |_, t| match t {
        "要把党的建设摆在首位。" => Some(vec![para(&[
            Seg::Keep("要把党的建设摆在"),
            Seg::Ins("张局长", "更加突出的"),
            Seg::Del("王科长", "首"),
            Seg::Ins("王科长", "位置"),
            Seg::Del("王科长", "位"),
            Seg::Keep("。"),
        ])]),
        _ => None,
    });
    assert!(r.has_review());
    let review = review(&s, &r, "改稿.docx");
    assert_eq!(review.left_out, Vec::<String>::new());
    let summaries: Vec<(String, String)> = review
        .changes
        .iter()
        .map(|c| (c.author.clone(), c.summary()))
        .collect();
    assert_eq!(
        summaries,
        [
            ("张局长".to_owned(), "插入“更加突出的”".to_owned()),
            // Adjacent changes of one reviewer are one change.
            ("王科长".to_owned(), "“首位”改为“位置”".to_owned()),
        ]
    );
    assert_eq!(review.authors(), ["张局长", "王科长"]);
    apply(&mut s, Edit::LoadReview(review)).unwrap();
    // Refuse the first, take the rest.
    let first = s.review.changes[0].id;
    apply(
        &mut s,
        Edit::DecideChange {
            id: first,
            accept: false,
        },
    )
    .unwrap();
    assert_eq!(accept_all(&mut s), 1);
    assert!(
        texts(&s).contains("要把党的建设摆在位置。"),
        "{}",
        texts(&s)
    );
    assert!(s.review.changes.is_empty());
}

#[test]
fn accepting_every_change_gives_the_reviewed_text() {
    let mut s = sample();
    let r = returned(&s, |_, t| match t {
        "坚持从严治党不放松。" => Some(vec![para(&[
            Seg::Ins("张局长", "始终"),
            Seg::Keep("坚持从严治党"),
            Seg::Del("张局长", "不放松"),
            Seg::Ins("张局长", "一刻不放松"),
            Seg::Keep("。"),
        ])]),
        "要抓好项目建设。" => Some(vec![
            para(&[Seg::Keep("要抓好项目建设。")]),
            para(&[Seg::Ins("王科长", "要优化营商环境。")]),
        ]),
        "作风建设永远在路上。" => {
            Some(vec![para(&[Seg::Del("王科长", "作风建设永远在路上。")])])
        }
        _ => None,
    });
    let review = review(&s, &r, "改稿.docx");
    assert_eq!(kinds(&review), ["text", "text", "insert", "delete"]);
    apply(&mut s, Edit::LoadReview(review)).unwrap();
    assert_eq!(accept_all(&mut s), 4);
    let out = texts(&s);
    assert!(out.contains("始终坚持从严治党一刻不放松。"), "{out}");
    assert!(
        out.contains("要抓好项目建设。\n　　要优化营商环境。"),
        "{out}"
    );
    assert!(!out.contains("作风建设永远在路上"), "{out}");
    // The third section keeps its heading (only its paragraph went).
    assert!(out.contains("三、改进工作作风"), "{out}");
}

#[test]
fn a_reviewers_number_on_a_heading_is_numbering_not_words() {
    let s = sample();
    let r = returned(&s, |_, t| match t {
        "二、推动高质量发展" => Some(vec![para(&[
            Seg::Del("张局长", "二"),
            Seg::Ins("张局长", "三"),
            Seg::Keep("、推动高质量发展"),
        ])]),
        _ => None,
    });
    let review = review(&s, &r, "改稿.docx");
    assert!(review.changes.is_empty(), "{:?}", review.changes);
    assert_eq!(review.left_out.len(), 1, "{:?}", review.left_out);
    assert!(review.left_out[0].contains("编号"), "{:?}", review.left_out);
}

#[test]
fn a_change_in_a_heading_lands_on_the_heading_not_its_number() {
    let mut s = sample();
    let r = returned(&s, |_, t| match t {
        "三、改进工作作风" => Some(vec![para(&[
            Seg::Keep("三、"),
            Seg::Del("张局长", "改进"),
            Seg::Ins("张局长", "持续转变"),
            Seg::Keep("工作作风"),
        ])]),
        _ => None,
    });
    let review = review(&s, &r, "改稿.docx");
    apply(&mut s, Edit::LoadReview(review)).unwrap();
    assert_eq!(accept_all(&mut s), 1);
    assert_eq!(s.sections[2].heading, "持续转变工作作风");
}

#[test]
fn a_moved_section_is_one_move_and_keeps_its_words() {
    let mut s = sample();
    // 三 moved before 二: its lines deleted as moved from, then written before 二.
    let r = returned(&s, |_, t| match t {
        "二、推动高质量发展" => Some(vec![
            para(&[Seg::To("张局长", "二、改进工作作风")]),
            para(&[Seg::To("张局长", "作风建设永远在路上。")]),
            para(&[Seg::Keep("三、推动高质量发展")]),
        ]),
        "三、改进工作作风" => Some(vec![para(&[Seg::From("张局长", "三、改进工作作风")])]),
        "作风建设永远在路上。" => {
            Some(vec![para(&[Seg::From("张局长", "作风建设永远在路上。")])])
        }
        _ => None,
    });
    let review = review(&s, &r, "改稿.docx");
    assert_eq!(review.changes.len(), 1, "{:?}", review.changes);
    assert!(matches!(
        review.changes[0].kind,
        ChangeKind::MoveSection { .. }
    ));
    let moved = s.sections[2].id;
    apply(&mut s, Edit::LoadReview(review)).unwrap();
    assert_eq!(accept_all(&mut s), 1);
    assert_eq!(s.sections[1].id, moved);
    assert_eq!(s.sections[1].heading, "改进工作作风");
}

#[test]
fn a_moved_paragraph_keeps_its_identity() {
    let mut s = sample();
    let r = returned(&s, |_, t| match t {
        "要把党的建设摆在首位。" => {
            Some(vec![para(&[Seg::From("王科长", "要把党的建设摆在首位。")])])
        }
        "坚持从严治党不放松。" => Some(vec![
            para(&[Seg::Keep("坚持从严治党不放松。")]),
            para(&[Seg::To("王科长", "要把党的建设摆在首位。")]),
        ]),
        _ => None,
    });
    let review = review(&s, &r, "改稿.docx");
    assert_eq!(review.changes.len(), 1, "{:?}", review.changes);
    let id = s.sections[0].paragraphs[0].id;
    apply(&mut s, Edit::LoadReview(review)).unwrap();
    assert_eq!(accept_all(&mut s), 1);
    assert_eq!(s.sections[0].paragraphs[1].id, id);
    assert_eq!(s.sections[0].paragraphs[0].text, "坚持从严治党不放松。");
}

#[test]
fn comments_keep_their_words_authors_and_threads() {
    let s = sample();
    let mut docx = Docx::new();
    for l in lines(&s) {
        let p = if l.text == "要抓好项目建设。" {
            Paragraph::new()
                .add_run(Run::new().add_text("要抓好"))
                .add_comment_start(DComment::new(1).author("张局长").date(DATE).add_paragraph(
                    Paragraph::new().add_run(Run::new().add_text("哪些项目？请列出。")),
                ))
                .add_run(Run::new().add_text("项目建设"))
                .add_comment_end(1)
                .add_comment_start(
                    DComment::new(2)
                        .author("王科长")
                        .date(DATE)
                        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("已补充。")))
                        .parent_comment_id(1),
                )
                .add_comment_end(2)
                .add_run(Run::new().add_text("。"))
        } else {
            para(&[Seg::Keep(&l.text)])
        };
        docx = docx.add_paragraph(p);
    }
    let r = pack(docx);
    let review = review(&s, &r, "改稿.docx");
    assert_eq!(review.comments.len(), 1, "{:?}", review.comments);
    let c = &review.comments[0];
    assert_eq!(
        (c.author.as_str(), c.text.as_str()),
        ("张局长", "哪些项目？请列出。")
    );
    assert_eq!(c.quote, "项目建设");
    let para = s.sections[1].paragraphs[0].id;
    assert_eq!((c.target, c.at), (Some(TextRef::Paragraph(para)), 3));
    assert_eq!(c.replies.len(), 1);
    assert_eq!(c.replies[0].author, "王科长");
}

#[test]
fn a_change_on_text_edited_since_is_found_again_or_refused() {
    let mut s = sample();
    let r = returned(&s, |_, t| match t {
        "要抓好项目建设。" => Some(vec![major_projects()]),
        "作风建设永远在路上。" => {
            Some(vec![para(&[Seg::Del("王科长", "作风建设永远在路上。")])])
        }
        _ => None,
    });
    let review = review(&s, &r, "改稿.docx");
    apply(&mut s, Edit::LoadReview(review)).unwrap();
    // The drafter edits both paragraphs after the file came back.
    s.sections[1].paragraphs[0].text = "首先，要抓好项目建设。".into();
    s.sections[2].paragraphs[0].text = "作风建设永远在路上，必须常抓不懈。".into();
    let before = s.clone();
    let ids: Vec<u64> = s.review.changes.iter().map(|c| c.id).collect();
    // The panel can say so before either is tried.
    let applicable = |s: &Speech| -> Vec<bool> {
        s.review
            .changes
            .iter()
            .map(|c| crate::doc::edit::review::applicable(s, c))
            .collect()
    };
    assert_eq!(applicable(&s), [true, false]);
    apply(
        &mut s,
        Edit::DecideChange {
            id: ids[0],
            accept: true,
        },
    )
    .unwrap();
    assert_eq!(
        s.sections[1].paragraphs[0].text,
        "首先，要抓好重大项目建设。"
    );
    // The paragraph it would delete has new words: refused, nothing changed.
    let after_first = s.clone();
    let err = apply(
        &mut s,
        Edit::DecideChange {
            id: ids[1],
            accept: true,
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("已经改动"), "{err}");
    assert_eq!(s, after_first);
    assert_ne!(s, before);
}

#[test]
fn formatting_changes_and_unplaced_text_are_listed_not_dropped() {
    let s = sample();
    let r = returned(&s, |_, t| match t {
        "要抓好项目建设。" => Some(vec![para(&[
            Seg::Keep("这一段在本稿里没有，"),
            Seg::Ins("张局长", "新增"),
        ])]),
        _ => None,
    });
    let review = review(&s, &r, "改稿.docx");
    assert!(
        review.left_out.iter().any(|n| n.contains("找不到")),
        "{:?}",
        review.left_out
    );
}

#[test]
fn places_follow_the_words_when_the_drafter_types_before_them() {
    let mut s = sample();
    let r = returned(&s, |_, t| match t {
        "要抓好项目建设。" => Some(vec![major_projects()]),
        _ => None,
    });
    let loaded = review(&s, &r, "改稿.docx");
    apply(&mut s, Edit::LoadReview(loaded)).unwrap();
    let para = s.sections[1].paragraphs[0].id;
    let at = |s: &Speech| match &s.review.changes[0].kind {
        ChangeKind::Text { at, .. } => *at,
        k => panic!("{k:?}"),
    };
    assert_eq!(at(&s), 3);
    // Typed before it: the place moves on; typed after it: it stays.
    let set = |s: &mut Speech, text: &str| {
        apply(
            s,
            Edit::SetText {
                target: TextRef::Paragraph(para),
                text: text.into(),
            },
        )
        .unwrap();
    };
    set(&mut s, "首先，要抓好项目建设。");
    assert_eq!(at(&s), 6);
    set(&mut s, "首先，要抓好项目建设工作。");
    assert_eq!(at(&s), 6);
    // At the very place: the typed words come before the insertion, which stays before 项目.
    set(&mut s, "首先，要抓好新的项目建设工作。");
    assert_eq!(at(&s), 8);
    assert_eq!(accept_all(&mut s), 1);
    assert_eq!(
        s.sections[1].paragraphs[0].text,
        "首先，要抓好新的重大项目建设工作。"
    );
}

#[test]
fn what_a_speech_cannot_hold_is_listed_by_kind() {
    let s = sample();
    let mut docx = Docx::new();
    for l in lines(&s) {
        docx = docx.add_paragraph(para(&[Seg::Keep(&l.text)]));
    }
    let cell = docx_rs::TableCell::new()
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("表里的字")));
    docx = docx.add_table(docx_rs::Table::new(vec![docx_rs::TableRow::new(vec![
        cell,
    ])]));
    let review = review(&s, &pack(docx), "改稿.docx");
    assert!(review.changes.is_empty());
    assert!(
        review.left_out.iter().any(|n| n.contains("1 处表格")),
        "{:?}",
        review.left_out
    );
}

#[test]
fn a_file_with_more_changes_than_a_review_has_is_listed_in_part_and_says_so() {
    let s = sample();
    let first = lines(&s)[0].text.clone();
    let mut paras = vec![read::Para {
        runs: vec![read::Run {
            mark: Mark::Kept,
            rev: None,
            text: first,
        }],
        end: Mark::Kept,
        end_rev: None,
    }];
    // Inserted paragraphs by two reviewers in turn: each one a change of its own.
    for i in 0..=MAX_ITEMS {
        paras.push(read::Para {
            runs: vec![read::Run {
                mark: Mark::Inserted,
                rev: Some(i % 2),
                text: format!("第{i}段。"),
            }],
            end: Mark::Inserted,
            end_rev: Some(i % 2),
        });
    }
    let who = |a: &str| read::Revision {
        author: a.into(),
        date: String::new(),
    };
    let returned = Returned {
        paras,
        revisions: vec![who("甲"), who("乙")],
        ..Returned::default()
    };
    let review = review(&s, &returned, "巨大.docx");
    assert_eq!(review.changes.len(), MAX_ITEMS);
    assert!(
        review
            .left_out
            .iter()
            .any(|n| n.contains(&format!("修订共 {} 处", MAX_ITEMS + 1))),
        "{:?}",
        review.left_out
    );
}

#[test]
fn a_paragraph_cut_and_pasted_with_move_tracking_off_is_a_move() {
    let mut s = sample();
    let r = returned(&s, |_, t| match t {
        "要把党的建设摆在首位。" => {
            Some(vec![para(&[Seg::Del("王科长", "要把党的建设摆在首位。")])])
        }
        "坚持从严治党不放松。" => Some(vec![
            para(&[Seg::Keep("坚持从严治党不放松。")]),
            para(&[Seg::Ins("王科长", "要把党的建设摆在首位。")]),
        ]),
        // Deleted and typed again in its place: no move, a deletion and an insertion.
        "作风建设永远在路上。" => Some(vec![
            para(&[Seg::Del("王科长", "作风建设永远在路上。")]),
            para(&[Seg::Ins("王科长", "作风建设永远在路上。")]),
        ]),
        _ => None,
    });
    let review = review(&s, &r, "改稿.docx");
    assert_eq!(
        kinds(&review),
        ["move", "delete", "insert"],
        "{:?}",
        review.changes
    );
    let id = s.sections[0].paragraphs[0].id;
    apply(&mut s, Edit::LoadReview(review)).unwrap();
    assert_eq!(accept_all(&mut s), 3);
    assert_eq!(s.sections[0].paragraphs[1].id, id);
    assert_eq!(s.sections[2].paragraphs[0].text, "作风建设永远在路上。");
}

#[test]
fn a_whole_section_struck_out_is_one_deletion_refused_once_it_has_new_words() {
    let mut s = sample();
    let r = returned(&s, |_, t| match t {
        "三、改进工作作风" | "作风建设永远在路上。" => {
            Some(vec![para(&[Seg::Del("张局长", t)])])
        }
        _ => None,
    });
    let review = review(&s, &r, "改稿.docx");
    let summaries: Vec<String> = review.changes.iter().map(|c| c.summary()).collect();
    assert_eq!(summaries, ["删除小节“改进工作作风”"]);
    let mut later = s.clone();
    apply(&mut s, Edit::LoadReview(review.clone())).unwrap();
    assert_eq!(accept_all(&mut s), 1);
    assert_eq!(s.sections.len(), 2);
    assert!(!texts(&s).contains("作风建设"));
    // Words written in it since: the section stays, and so does the change.
    later.sections[2].paragraphs[0]
        .text
        .push_str("必须常抓不懈。");
    apply(&mut later, Edit::LoadReview(review)).unwrap();
    assert_eq!(accept_all(&mut later), 0);
    assert_eq!(later.sections.len(), 3);
    assert_eq!(later.review.changes.len(), 1);
}

mod any_file {
    use super::*;
    use proptest::prelude::*;

    /// A paragraph of a returned file: pieces of the sample's own lines and of other words,
    /// each kept, inserted, deleted or moved, by one of three reviewers.
    fn para_strategy(lines: Vec<String>) -> impl Strategy<Value = Para> {
        let piece = (0usize..64, 0usize..5, 0usize..3, 0usize..6, 0usize..8);
        (proptest::collection::vec(piece, 0..5), 0usize..5).prop_map(move |(pieces, end)| {
            let marks = [
                Mark::Kept,
                Mark::Inserted,
                Mark::Deleted,
                Mark::MovedFrom,
                Mark::MovedTo,
            ];
            let runs = pieces
                .into_iter()
                .map(|(line, mark, rev, from, len)| {
                    let text: String = if line < lines.len() {
                        lines[line].chars().skip(from).take(len * 3 + 1).collect()
                    } else {
                        "新加的字".chars().take(len + 1).collect()
                    };
                    let mark = marks[mark];
                    read::Run {
                        mark,
                        rev: (mark != Mark::Kept).then_some(rev),
                        text,
                    }
                })
                .collect();
            Para {
                runs,
                end: marks[end],
                end_rev: (end > 0).then_some(0),
            }
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever a file holds, its review is placed without a panic; refusing every change
        /// leaves the speech as it was, and accepting every one leaves a speech that saves and
        /// reads back.
        #[test]
        fn any_returned_file_is_reviewed_safely(
            paras in proptest::collection::vec(
                para_strategy(lines(&sample()).into_iter().map(|l| l.text).collect()),
                0..24,
            ),
            spots in proptest::collection::vec((0usize..24, 0usize..40, 0usize..40, 0usize..3), 0..4),
        ) {
            let s = sample();
            let comments = spots
                .iter()
                .enumerate()
                .filter(|(_, (p, ..))| *p < paras.len())
                .map(|(k, &(p, a, b, parent))| {
                    let len = paras[p].before().chars().count();
                    read::RawComment {
                        id: k.to_string(),
                        author: "甲".into(),
                        text: "批注".into(),
                        start: Some(read::Spot { para: p, offset: a.min(len) }),
                        end: Some(read::Spot { para: p, offset: b.min(len) }),
                        parent: (parent < k).then(|| parent.to_string()),
                        ..read::RawComment::default()
                    }
                })
                .collect();
            let who = |a: &str| read::Revision { author: a.into(), date: String::new() };
            let returned = Returned {
                paras,
                revisions: vec![who("甲"), who("乙"), who("丙")],
                comments,
                ..Returned::default()
            };
            let review = review(&s, &returned, "任意.docx");
            for (accept, same) in [(false, true), (true, false)] {
                let mut t = s.clone();
                apply(&mut t, Edit::LoadReview(review.clone())).unwrap();
                apply(&mut t, Edit::DecideAll { accept, author: None }).unwrap();
                if same {
                    prop_assert_eq!(texts(&t), texts(&s));
                    prop_assert!(t.review.changes.is_empty());
                }
                let saved = crate::store::draft::to_string(&t).unwrap();
                let back = crate::store::draft::from_str(&saved, std::path::Path::new("a.ron"));
                prop_assert!(back.is_ok(), "{:?}", back.err());
            }
        }
    }
}

/// Regression: a heading with no words of its own comes back as a line of only its number,
/// which was read as a paragraph the reviewer had inserted.
#[test]
fn a_line_of_only_a_number_is_no_insertion() {
    let mut s = sample();
    s.sections[2].heading.clear();
    let r = returned(&s, |_, t| match t {
        "要抓好项目建设。" => Some(vec![major_projects()]),
        _ => None,
    });
    let review = review(&s, &r, "改稿.docx");
    assert_eq!(kinds(&review), ["text"], "{:?}", review.changes);
}
