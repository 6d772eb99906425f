//! The key rules in a caret notation: a speech written one manuscript line per text line, `|`
//! for the caret and `^` for the other end of a selection.
//!
//! ```text
//! T 标题           title (ST subtitle, D date, SP speaker: shown only when not empty)
//! S 同志们         salutation
//! O 开头。         opening paragraph (`_O` an empty opening)
//! # 总体要求       standalone heading (`##` one level down)
//! * 抓学习。/第一段 run-in item: heading / its first paragraph (`**` one level down)
//! P 正文。         a paragraph of the section above
//! C 结尾。         closing paragraph (`_C` an empty closing)
//! ```

use super::*;
use crate::doc::edit;
use crate::doc::model::{Numbering, Section};

/// A speech and a selection from the notation.
fn parse(notation: &str) -> (Speech, Selection) {
    let mut s = Speech::new();
    s.opening.clear();
    s.salutation.clear();
    let mut caret = None;
    let mut anchor = None;
    // Strips the marks from a text, noting where they were.
    let mut marks = |text: &str, spot: Spot| -> String {
        let mut out = String::new();
        for c in text.chars() {
            let here = TextPos {
                spot,
                offset: out.chars().count(),
            };
            match c {
                '|' => caret = Some(here),
                '^' => anchor = Some(here),
                _ => out.push(c),
            }
        }
        out
    };
    let mut path: Vec<usize> = Vec::new();
    let mut in_closing = false;
    for line in notation.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (tag, rest) = line.split_once(' ').unwrap_or((line, ""));
        let field = |f: Field| Spot::Text(TextRef::Field(f));
        match tag {
            "T" => s.title = marks(rest, field(Field::Title)),
            "ST" => s.subtitle = marks(rest, field(Field::Subtitle)),
            "D" => s.date_line = marks(rest, field(Field::DateLine)),
            "SP" => s.speaker = marks(rest, field(Field::Speaker)),
            "S" => s.salutation = marks(rest, field(Field::Salutation)),
            "_O" | "_O|" => {
                marks(&tag[2..], Spot::Empty(Container::Opening));
            }
            "_C" | "_C|" => {
                in_closing = true;
                marks(&tag[2..], Spot::Empty(Container::Closing));
            }
            "O" | "P" | "C" => {
                let p = s.new_paragraph(String::new());
                let id = p.id;
                let text = marks(rest, Spot::Text(TextRef::Paragraph(id)));
                let p = crate::doc::model::Paragraph { id, text };
                match tag {
                    "O" => s.opening.push(p),
                    "C" => {
                        in_closing = true;
                        s.closing.push(p);
                    }
                    _ => section_at(&mut s.sections, &path).paragraphs.push(p),
                }
            }
            _ if tag.starts_with('#') || tag.starts_with('*') => {
                assert!(!in_closing, "a heading after the closing: {line}");
                let depth = tag.len() - 1;
                let style = if tag.starts_with('*') {
                    Numbering::Shi
                } else {
                    Numbering::Heading
                };
                let mut sec = s.new_section(String::new());
                let (heading, first) = rest.split_once('/').unwrap_or((rest, ""));
                sec.heading = marks(heading, Spot::Text(TextRef::Heading(sec.id)));
                if rest.contains('/') {
                    let p = s.new_paragraph(String::new());
                    let text = marks(first, Spot::Text(TextRef::Paragraph(p.id)));
                    sec.paragraphs
                        .push(crate::doc::model::Paragraph { text, ..p });
                }
                path.truncate(depth);
                let (siblings, numbering) = if depth == 0 {
                    (&mut s.sections, &mut s.numbering)
                } else {
                    let parent = section_at(&mut s.sections, &path);
                    (&mut parent.children, &mut parent.child_numbering)
                };
                // Siblings share one numbering style.
                assert!(
                    siblings.is_empty() || *numbering == style,
                    "mixed styles: {line}"
                );
                *numbering = style;
                siblings.push(sec);
                path.push(siblings.len() - 1);
            }
            _ => panic!("unknown line: {line}"),
        }
    }
    let caret = caret.expect("no caret `|` in the notation");
    let sel = Selection {
        anchor: anchor.unwrap_or(caret),
        caret,
    };
    (s, sel)
}

fn section_at<'a>(list: &'a mut [Section], path: &[usize]) -> &'a mut Section {
    let (first, rest) = path.split_first().expect("a paragraph before any heading");
    let s = &mut list[*first];
    if rest.is_empty() {
        s
    } else {
        section_at(&mut s.children, rest)
    }
}

/// The notation of a speech and a selection.
fn render(s: &Speech, sel: Selection) -> String {
    let m = Manuscript::new(s);
    let marked = |spot: Spot| -> String {
        let mut out = String::new();
        let t: Vec<char> = text(s, spot).chars().collect();
        for i in 0..=t.len() {
            let here = TextPos { spot, offset: i };
            if sel.anchor == here && sel.anchor != sel.caret {
                out.push('^');
            }
            if sel.caret == here {
                out.push('|');
            }
            if let Some(c) = t.get(i) {
                out.push(*c);
            }
        }
        out
    };
    let mut lines = Vec::new();
    for line in &m.lines {
        let first = line.spots[0];
        let tag = match (line.role, first) {
            (super::super::Role::Title, _) => "T".to_owned(),
            (super::super::Role::Byline(f), _) => {
                let has_mark = [sel.caret.spot, sel.anchor.spot].contains(&first);
                if text(s, first).is_empty() && !has_mark {
                    continue;
                }
                match f {
                    Field::Subtitle => "ST",
                    Field::DateLine => "D",
                    _ => "SP",
                }
                .to_owned()
            }
            (super::super::Role::Salutation, _) => "S".to_owned(),
            (super::super::Role::Heading { depth }, _) => "#".repeat(depth + 1),
            (super::super::Role::RunIn { depth, .. }, _) => "*".repeat(depth + 1),
            (super::super::Role::Empty, Spot::Empty(c)) => {
                let tag = if c == Container::Opening { "_O" } else { "_C" };
                lines.push(format!("{tag}{}", marked(first)));
                continue;
            }
            (_, Spot::Text(TextRef::Paragraph(p))) => match s.locate_paragraph(p) {
                Some((Container::Opening, _)) => "O",
                Some((Container::Closing, _)) => "C",
                _ => "P",
            }
            .to_owned(),
            _ => unreachable!("a line of no known kind"),
        };
        let texts: Vec<String> = line.spots.iter().map(|&spot| marked(spot)).collect();
        lines.push(format!("{tag} {}", texts.join("/")));
    }
    lines.join("\n")
}

/// A key, as the editor turns it into a call.
#[derive(Clone, Copy)]
enum Key<'a> {
    Type(&'a str),
    Backspace,
    Delete,
    Enter,
    Left,
    Right,
    ClauseLeft,
    ClauseRight,
    ShiftRight,
}

/// Presses `key` on the speech of `before`: the notation after it, and the message shown.
fn press(before: &str, key: Key) -> (String, Option<String>) {
    let (mut s, sel) = parse(before);
    let m = Manuscript::new(&s);
    let outcome = match key {
        Key::Type(t) => insert(&m, &s, sel, t),
        Key::Backspace => backspace(&m, &s, sel),
        Key::Delete => delete(&m, &s, sel),
        Key::Enter => enter(&m, &s, sel),
        Key::Left | Key::Right | Key::ClauseLeft | Key::ClauseRight | Key::ShiftRight => {
            let forward = matches!(key, Key::Right | Key::ClauseRight | Key::ShiftRight);
            let by_clause = matches!(key, Key::ClauseLeft | Key::ClauseRight);
            let extend = matches!(key, Key::ShiftRight);
            let to = step(&m, &s, sel, forward, by_clause, extend);
            let anchor = if extend { sel.anchor } else { to };
            return (render(&s, Selection { anchor, caret: to }), None);
        }
    };
    // What the shell does with the outcome.
    match outcome {
        Outcome::Edit { edit, caret } => match edit::apply(&mut s, edit) {
            Ok(effect) => {
                let at = caret.or(match effect {
                    edit::Effect::Caret(p) => Some(p),
                    edit::Effect::Paragraph(p) => Some(TextPos::new(TextRef::Paragraph(p), 0)),
                    _ => None,
                });
                let sel = at.map_or(sel, Selection::caret);
                (render(&s, sel), None)
            }
            Err(e) => (render(&s, sel), Some(e.to_string())),
        },
        Outcome::Move(to) => (render(&s, Selection::caret(to)), None),
        Outcome::Refused(why) => (render(&s, sel), Some(why.to_owned())),
        Outcome::Nothing => (render(&s, sel), None),
    }
}

/// Asserts that `key` turns `before` into `after` with no message.
#[track_caller]
fn check(before: &str, key: Key, after: &str) {
    let (got, message) = press(before, key);
    assert_eq!(got, norm(after), "from\n{}", norm(before));
    assert_eq!(message, None);
}

/// Asserts that `key` changes nothing and says why.
#[track_caller]
fn refused(before: &str, key: Key, why: &str) {
    let (got, message) = press(before, key);
    assert_eq!(got, norm(before));
    let message = message.expect("a reason");
    assert!(message.contains(why), "{message}");
}

fn norm(notation: &str) -> String {
    let (s, sel) = parse(notation);
    render(&s, sel)
}

#[test]
fn the_notation_reads_back_as_written() {
    let text = "T 讲|话\nS 同志们\nO 开头。\n# 总体要求\nP 正文^。\n## 下级\n*** 抓学习。/第一段。\n*** 抓落实。\nC 结尾。";
    assert_eq!(norm(text), text);
    let (s, sel) = parse(text);
    assert_eq!(s.sections[0].children[0].child_numbering, Numbering::Shi);
    assert_eq!(sel.caret, TextPos::new(TextRef::Field(Field::Title), 1));
    assert_eq!(norm("T \nS 同志们\n_O|\n_C"), "T \nS 同志们\n_O|\n_C");
}

#[test]
fn typing_goes_in_at_the_caret_or_over_the_selection() {
    check(
        "T 标题\nS 同志们\nO 甲|乙",
        Key::Type("丙"),
        "T 标题\nS 同志们\nO 甲丙|乙",
    );
    // Over two paragraphs: the ends join, one paragraph is left.
    check(
        "T 标题\nS 同志们\nO 甲^乙。\nO 丙|丁。",
        Key::Type("X"),
        "T 标题\nS 同志们\nO 甲X|丁。",
    );
    // Into an empty opening: its first paragraph.
    check(
        "T 标题\nS 同志们\n_O|",
        Key::Type("开"),
        "T 标题\nS 同志们\nO 开|",
    );
}

#[test]
fn a_selection_over_a_standalone_heading_is_not_deleted() {
    let (got, message) = press("T 标题\nS 同志们\nO 甲^。\n# 要求\nP 乙|。", Key::Backspace);
    assert_eq!(got, norm("T 标题\nS 同志们\nO 甲^。\n# 要求\nP 乙|。"));
    assert!(message.is_some_and(|m| m.contains("标题")));
}

#[test]
fn backspace_deletes_a_character_or_joins_the_paragraph_before() {
    check(
        "T 标题\nS 同志们\nO 甲乙|丙",
        Key::Backspace,
        "T 标题\nS 同志们\nO 甲|丙",
    );
    check(
        "T 标题\nS 同志们\nO 甲。\nO |乙。",
        Key::Backspace,
        "T 标题\nS 同志们\nO 甲。|乙。",
    );
    check(
        "T 标题\nS 同志们\n# 要求\nP 一。\nP |二。",
        Key::Backspace,
        "T 标题\nS 同志们\n# 要求\nP 一。|二。",
    );
}

#[test]
fn backspace_at_a_heading_or_a_part_refuses_and_says_why() {
    refused(
        "T 标题\nS 同志们\n# 总体要求\nP |第一段。",
        Key::Backspace,
        "调整标题分界",
    );
    refused(
        "T 标题\nS 同志们\nO |开头。",
        Key::Backspace,
        "前面没有可以并入的段落",
    );
    refused(
        "T 标题\nS 同志们\nO 开头。\nC |结尾。",
        Key::Backspace,
        "前面没有可以并入的段落",
    );
}

#[test]
fn backspace_in_an_empty_first_paragraph_deletes_it() {
    check(
        "T 标题\nS 同志们\n# 要求\nP |\nP 第二段。",
        Key::Backspace,
        "T 标题\nS 同志们\n# 要求|\nP 第二段。",
    );
}

#[test]
fn backspace_at_a_run_in_seam_takes_the_headings_last_character() {
    check(
        "T 标题\nS 同志们\n* 抓学习。/|第一段。",
        Key::Backspace,
        "T 标题\nS 同志们\n* 抓学习|/第一段。",
    );
    // An empty run-in heading: nothing to take.
    check(
        "T 标题\nS 同志们\n* /|第一段。",
        Key::Backspace,
        "T 标题\nS 同志们\n* /|第一段。",
    );
}

#[test]
fn delete_joins_the_next_paragraph_of_the_same_part_only() {
    check(
        "T 标题\nS 同志们\nO 甲。|\nO 乙。",
        Key::Delete,
        "T 标题\nS 同志们\nO 甲。|乙。",
    );
    check(
        "T 标题\nS 同志们\nO 甲。|\n# 要求",
        Key::Delete,
        "T 标题\nS 同志们\nO 甲。|\n# 要求",
    );
    check(
        "T 标题\nS 同志们\n# 要求\nP 末段。|\nC 结尾。",
        Key::Delete,
        "T 标题\nS 同志们\n# 要求\nP 末段。|\nC 结尾。",
    );
}

#[test]
fn delete_at_a_run_in_seam_takes_the_paragraphs_first_character() {
    check(
        "T 标题\nS 同志们\n* 抓学习。|/第一段。",
        Key::Delete,
        "T 标题\nS 同志们\n* 抓学习。/|一段。",
    );
}

#[test]
fn enter_splits_a_paragraph_and_opens_one_after_a_heading() {
    check(
        "T 标题\nS 同志们\nO 甲|乙",
        Key::Enter,
        "T 标题\nS 同志们\nO 甲\nO |乙",
    );
    check(
        "T 标题\nS 同志们\n# 要求|\nP 第一段。",
        Key::Enter,
        "T 标题\nS 同志们\n# 要求\nP |\nP 第一段。",
    );
    check(
        "T 标题\nS 同志们\nO 开头。\n_C|",
        Key::Enter,
        "T 标题\nS 同志们\nO 开头。\nC |",
    );
}

#[test]
fn enter_in_a_heading_refuses_and_in_a_field_moves_on() {
    refused(
        "T 标题\nS 同志们\n# 总体|要求",
        Key::Enter,
        "标题中间不能分段",
    );
    // The title is one line: Enter goes to the (empty) subtitle line.
    check(
        "T 标|题\nS 同志们\nO 甲",
        Key::Enter,
        "T 标题\nST |\nS 同志们\nO 甲",
    );
    // A heading's selection is not deleted by Enter.
    check(
        "T 标题\nS 同志们\n# 总^体|要求",
        Key::Enter,
        "T 标题\nS 同志们\n# 总^体|要求",
    );
}

#[test]
fn arrows_step_by_character_and_by_clause() {
    check(
        "T 标题\nS 同志们\nO |一是抓，二是干。\nO 乙",
        Key::ClauseRight,
        "T 标题\nS 同志们\nO 一是抓，|二是干。\nO 乙",
    );
    check(
        "T 标题\nS 同志们\nO 一是抓，二是干。|\nO 乙",
        Key::ClauseRight,
        "T 标题\nS 同志们\nO 一是抓，二是干。\nO |乙",
    );
    check(
        "T 标题\nS 同志们\nO 一是抓，二是|干。",
        Key::ClauseLeft,
        "T 标题\nS 同志们\nO 一是抓，|二是干。",
    );
    // A selection collapses to the side the arrow points to.
    check(
        "T 标题\nS 同志们\nO ^甲乙|丙",
        Key::Left,
        "T 标题\nS 同志们\nO |甲乙丙",
    );
    check(
        "T 标题\nS 同志们\nO ^甲|乙丙",
        Key::ShiftRight,
        "T 标题\nS 同志们\nO ^甲乙|丙",
    );
    // The seam of a run-in line is one place: stepping over it steps over a character.
    check(
        "T 标题\nS 同志们\n* 抓学习|/第一段",
        Key::Right,
        "T 标题\nS 同志们\n* 抓学习/第|一段",
    );
}
