//! The speech as a manuscript: its lines in reading order, as the editor shows them and the
//! caret walks them, and what a caret, a selection and a key do to it. No egui here: the
//! editor lays these lines out and turns keys into the edits made here.
//!
//! A line is one paragraph of the page: the title, a byline, the salutation, a body paragraph,
//! a standalone heading, or a run-in item (`一是…。` followed by its first paragraph). A line
//! holds one or two *spots* (a run-in item: the heading, then the paragraph) after its derived
//! number, which is drawn and copied but never edited. A caret is a [`TextPos`].

pub mod keys;

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::doc::blocks::INDENT;
use crate::doc::edit::Edit;
use crate::doc::model::{
    Container, Field, Paragraph, Section, SectionId, Speech, Spot, TextPos, TextRef,
};
use crate::doc::numbering;

pub use crate::doc::blocks::Role;

/// One line of the manuscript.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub role: Role,
    /// The derived number drawn before the first spot (`一、`, `（二）`, `三是`), or empty.
    pub label: String,
    pub spots: Vec<Spot>,
    /// The section the line belongs to, if any.
    pub section: Option<SectionId>,
    /// Characters in the line when it was built, for height estimates (a keystroke does not
    /// rebuild the lines).
    pub chars: usize,
}

/// The lines of a speech and where each spot is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Manuscript {
    pub lines: Vec<Line>,
    at: HashMap<Spot, (usize, usize)>,
}

impl Manuscript {
    pub fn new(speech: &Speech) -> Self {
        let texts = Texts::new(speech);
        let mut lines = Vec::new();
        let mut push = |role, label: String, spots: Vec<Spot>, section| {
            let chars = label.chars().count()
                + spots
                    .iter()
                    .map(|s| texts.get(*s).chars().count())
                    .sum::<usize>();
            lines.push(Line {
                role,
                label,
                spots,
                section,
                chars,
            });
        };
        for (role, f) in [
            (Role::Title, Field::Title),
            (Role::Byline(Field::Subtitle), Field::Subtitle),
            (Role::Byline(Field::DateLine), Field::DateLine),
            (Role::Byline(Field::Speaker), Field::Speaker),
            (Role::Salutation, Field::Salutation),
        ] {
            push(
                role,
                String::new(),
                vec![Spot::Text(TextRef::Field(f))],
                None,
            );
        }
        let body = |c: Container, ps: &[Paragraph], push: &mut dyn FnMut(Role, Vec<Spot>)| {
            if ps.is_empty() {
                push(Role::Empty, vec![Spot::Empty(c)]);
            }
            for p in ps {
                push(Role::Body, vec![Spot::Text(TextRef::Paragraph(p.id))]);
            }
        };
        body(Container::Opening, &speech.opening, &mut |role, spots| {
            push(role, String::new(), spots, None);
        });
        fn group(
            list: &[Section],
            style: crate::doc::model::Numbering,
            depth: usize,
            out: &mut dyn FnMut(Role, String, Vec<Spot>, SectionId),
        ) {
            let strong = style.is_run_in() && crate::doc::blocks::strong_leads(list);
            for (i, s) in list.iter().enumerate() {
                let label = numbering::label(style, depth, i, list.len());
                let heading = Spot::Text(TextRef::Heading(s.id));
                let mut rest = s.paragraphs.iter();
                if style.is_run_in() {
                    let mut spots = vec![heading];
                    spots.extend(rest.next().map(|p| Spot::Text(TextRef::Paragraph(p.id))));
                    out(Role::RunIn { depth, strong }, label, spots, s.id);
                } else {
                    out(Role::Heading { depth }, label, vec![heading], s.id);
                }
                for p in rest {
                    let spot = Spot::Text(TextRef::Paragraph(p.id));
                    out(Role::Body, String::new(), vec![spot], s.id);
                }
                group(&s.children, s.child_numbering, depth + 1, out);
            }
        }
        group(
            &speech.sections,
            speech.numbering,
            0,
            &mut |role, label, spots, id| push(role, label, spots, Some(id)),
        );
        body(Container::Closing, &speech.closing, &mut |role, spots| {
            push(role, String::new(), spots, None);
        });
        // The back matter has lines only when there is some: most speeches have none.
        for p in &speech.appendix {
            let spot = Spot::Text(TextRef::Paragraph(p.id));
            push(Role::Appendix, String::new(), vec![spot], None);
        }
        let mut at = HashMap::new();
        for (i, l) in lines.iter().enumerate() {
            for (k, s) in l.spots.iter().enumerate() {
                at.insert(*s, (i, k));
            }
        }
        Manuscript { lines, at }
    }

    /// The line and the place in it of a spot.
    pub fn locate(&self, spot: Spot) -> Option<(usize, usize)> {
        self.at.get(&spot).copied()
    }

    /// Reading order of two places (unknown spots sort last).
    pub fn cmp(&self, a: TextPos, b: TextPos) -> Ordering {
        let key = |p: TextPos| (self.locate(p.spot).unwrap_or((usize::MAX, 0)), p.offset);
        key(a).cmp(&key(b))
    }

    /// The start of the speech.
    pub fn start(&self) -> TextPos {
        TextPos {
            spot: self.lines[0].spots[0],
            offset: 0,
        }
    }

    /// The end of the speech.
    pub fn end(&self, speech: &Speech) -> TextPos {
        let last = self.lines.last().and_then(|l| l.spots.last()).copied();
        let spot = last.unwrap_or(self.lines[0].spots[0]);
        TextPos {
            spot,
            offset: len(speech, spot),
        }
    }

    /// The start of line `i`.
    pub fn line_start(&self, i: usize) -> TextPos {
        TextPos {
            spot: self.lines[i].spots[0],
            offset: 0,
        }
    }

    /// The end of line `i`.
    pub fn line_end(&self, speech: &Speech, i: usize) -> TextPos {
        let spot = *self.lines[i]
            .spots
            .last()
            .unwrap_or(&self.lines[i].spots[0]);
        TextPos {
            spot,
            offset: len(speech, spot),
        }
    }

    /// One character on. The end of a run-in heading and the start of its paragraph are one
    /// place on the page, so stepping over that seam also steps over a character.
    pub fn next(&self, speech: &Speech, p: TextPos) -> TextPos {
        let Some((i, k)) = self.locate(p.spot) else {
            return p;
        };
        if p.offset < len(speech, p.spot) {
            return TextPos {
                offset: p.offset + 1,
                ..p
            };
        }
        // An empty paragraph after a run-in heading is no place of its own on the page.
        if let Some(&spot) = self.lines[i].spots.get(k + 1)
            && len(speech, spot) > 0
        {
            return TextPos { spot, offset: 1 };
        }
        if i + 1 < self.lines.len() {
            self.line_start(i + 1)
        } else {
            p
        }
    }

    /// One character back (see [`Manuscript::next`]).
    pub fn prev(&self, speech: &Speech, p: TextPos) -> TextPos {
        let Some((i, k)) = self.locate(p.spot) else {
            return p;
        };
        if p.offset > 0 {
            return TextPos {
                offset: p.offset - 1,
                ..p
            };
        }
        if k > 0 && len(speech, self.lines[i].spots[k - 1]) > 0 {
            let spot = self.lines[i].spots[k - 1];
            return TextPos {
                spot,
                offset: len(speech, spot) - 1,
            };
        }
        if i > 0 {
            self.line_end(speech, i - 1)
        } else {
            p
        }
    }

    /// The text between two places as it is copied: line by line, a whole line as the plain
    /// text export writes it (indent, derived number, the salutation's colon; empty title and
    /// bylines left out), a part of a line as it stands.
    pub fn text_between(&self, speech: &Speech, a: TextPos, b: TextPos) -> String {
        let (a, b) = if self.cmp(a, b) == Ordering::Greater {
            (b, a)
        } else {
            (a, b)
        };
        let (Some((ia, ka)), Some((ib, kb))) = (self.locate(a.spot), self.locate(b.spot)) else {
            return String::new();
        };
        let all = Texts::new(speech);
        let mut out: Vec<String> = Vec::new();
        for i in ia..=ib {
            let line = &self.lines[i];
            // The back matter is set off by an empty line, as in the plain-text export.
            let before = (i > ia).then(|| self.lines[i - 1].role);
            if line.role.starts_back_matter(before) {
                out.push(String::new());
            }
            let texts: Vec<&str> = line.spots.iter().map(|s| all.get(*s)).collect();
            let from_start = i > ia || (ka == 0 && a.offset == 0);
            let to_end =
                i < ib || (kb + 1 == line.spots.len() && b.offset >= texts[kb].chars().count());
            if from_start && to_end {
                let whole = texts.iter().map(|t| t.trim()).collect::<String>();
                match line.role {
                    Role::Title | Role::Byline(_) | Role::Salutation | Role::Empty
                        if whole.is_empty() => {}
                    Role::Salutation => out.push(crate::doc::blocks::salutation_text(&whole)),
                    role => out.push(format!(
                        "{}{}{whole}",
                        if role.indented() { INDENT } else { "" },
                        line.label
                    )),
                }
                continue;
            }
            let mut piece = String::new();
            if from_start {
                if line.role.indented() {
                    piece.push_str(INDENT);
                }
                piece.push_str(&line.label);
            }
            for (k, t) in texts.iter().enumerate() {
                let n = t.chars().count();
                let lo = match (i == ia, k.cmp(&ka)) {
                    (true, Ordering::Equal) => a.offset,
                    (true, Ordering::Less) => n,
                    _ => 0,
                };
                let hi = match (i == ib, k.cmp(&kb)) {
                    (true, Ordering::Equal) => b.offset,
                    (true, Ordering::Greater) => 0,
                    _ => n,
                };
                if hi > lo {
                    piece.extend(t.chars().skip(lo).take(hi - lo));
                }
            }
            out.push(piece);
        }
        out.join("\n")
    }

    /// The edit that replaces what lies between two places with `text`, and where the caret
    /// goes when it is a plain text edit (otherwise the edit's effect says). Within one text
    /// and without a line break it is a `SetText`, so typing coalesces into one undo step.
    pub fn replace(
        &self,
        speech: &Speech,
        a: TextPos,
        b: TextPos,
        text: &str,
    ) -> (Edit, Option<TextPos>) {
        // A run-in line's seam: a range that ends at the start of the paragraph ends at the
        // end of the heading, and one that starts at the end of the heading starts at the
        // start of the paragraph, so it stays within one text.
        let (from, to) = self.settled(speech, a, b);
        if let (Spot::Text(target), Spot::Text(other)) = (from.spot, to.spot)
            && target == other
            && !text.contains('\n')
            && to.offset >= from.offset
        {
            let old = speech.text(target).unwrap_or_default();
            let new = crate::text::index::splice(old, from.offset..to.offset, text);
            let caret = TextPos::new(target, from.offset + text.chars().count());
            return (Edit::SetText { target, text: new }, Some(caret));
        }
        (
            Edit::ReplaceRange {
                from,
                to,
                text: text.to_owned(),
            },
            None,
        )
    }

    /// A range in reading order with its ends moved off a run-in seam into the text they
    /// select. A range that only spans the seam (nothing between its ends) is empty, at its
    /// start.
    pub fn settled(&self, speech: &Speech, a: TextPos, b: TextPos) -> (TextPos, TextPos) {
        let (a, b) = if self.cmp(a, b) == Ordering::Greater {
            (b, a)
        } else {
            (a, b)
        };
        if a == b {
            return (a, b);
        }
        let (from, to) = (self.settle(speech, a, true), self.settle(speech, b, false));
        if self.cmp(from, to) == Ordering::Less {
            (from, to)
        } else {
            (a, a)
        }
    }

    /// Moves a place off a run-in seam into the text on the side given (`forward`: into the
    /// next spot when at the end of the heading; otherwise into the heading when at the start
    /// of the paragraph).
    fn settle(&self, speech: &Speech, p: TextPos, forward: bool) -> TextPos {
        let Some((i, k)) = self.locate(p.spot) else {
            return p;
        };
        let spots = &self.lines[i].spots;
        if forward && p.offset == len(speech, p.spot) && k + 1 < spots.len() {
            TextPos {
                spot: spots[k + 1],
                offset: 0,
            }
        } else if !forward && p.offset == 0 && k > 0 {
            TextPos {
                spot: spots[k - 1],
                offset: len(speech, spots[k - 1]),
            }
        } else {
            p
        }
    }
}

/// Every text of a speech by its place, looked up in constant time (`Speech::text` walks the
/// speech to find a paragraph).
struct Texts<'a>(HashMap<TextRef, &'a str>);

impl<'a> Texts<'a> {
    fn new(speech: &'a Speech) -> Self {
        let mut map = HashMap::new();
        speech.for_each_text(&mut |target, t| {
            map.insert(target, t);
        });
        Texts(map)
    }

    fn get(&self, spot: Spot) -> &'a str {
        match spot {
            Spot::Text(t) => self.0.get(&t).copied().unwrap_or_default(),
            Spot::Empty(_) => "",
        }
    }
}

/// The text at a spot ("" for an empty container).
pub fn text(speech: &Speech, spot: Spot) -> &str {
    match spot {
        Spot::Text(t) => speech.text(t).unwrap_or_default(),
        Spot::Empty(_) => "",
    }
}

/// Characters at a spot.
pub fn len(speech: &Speech, spot: Spot) -> usize {
    text(speech, spot).chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::history::Document;
    use crate::doc::model::Numbering;

    fn speech() -> Speech {
        let mut s = Speech::new();
        s.title = "标题".into();
        s.opening[0].text = "开头一。".into();
        let p2 = s.new_paragraph("开头二。".into());
        s.opening.push(p2);
        let mut sec = s.new_section("总体要求".into());
        let p = s.new_paragraph("第一段。".into());
        sec.paragraphs.push(p);
        let q = s.new_paragraph("第二段。".into());
        sec.paragraphs.push(q);
        s.sections.push(sec);
        s
    }

    fn para(s: &Speech, c: Container, i: usize) -> TextRef {
        TextRef::Paragraph(s.paragraphs(c).unwrap()[i].id)
    }

    #[test]
    fn lines_follow_the_page() {
        let s = speech();
        let m = Manuscript::new(&s);
        let roles: Vec<Role> = m.lines.iter().map(|l| l.role).collect();
        assert_eq!(
            roles,
            [
                Role::Title,
                Role::Byline(Field::Subtitle),
                Role::Byline(Field::DateLine),
                Role::Byline(Field::Speaker),
                Role::Salutation,
                Role::Body,
                Role::Body,
                Role::Heading { depth: 0 },
                Role::Body,
                Role::Body,
                Role::Empty,
            ]
        );
        assert_eq!(m.lines[7].label, "一、");
    }

    #[test]
    fn a_run_in_item_is_one_line_with_two_spots() {
        let mut s = speech();
        s.numbering = Numbering::Shi;
        let m = Manuscript::new(&s);
        let id = s.sections[0].id;
        assert_eq!(
            m.lines[7].role,
            Role::RunIn {
                depth: 0,
                strong: true
            }
        );
        assert_eq!(m.lines[7].label, "一是");
        let first = para(&s, Container::Section(id), 0);
        assert_eq!(
            m.lines[7].spots,
            [Spot::Text(TextRef::Heading(id)), Spot::Text(first)]
        );
        // Right from the end of the heading steps over the paragraph's first character.
        let end = TextPos::new(TextRef::Heading(id), 4);
        assert_eq!(m.next(&s, end), TextPos::new(first, 1));
        assert_eq!(
            m.prev(&s, TextPos::new(first, 0)),
            TextPos::new(TextRef::Heading(id), 3)
        );
    }

    #[test]
    fn the_caret_walks_every_line() {
        let s = speech();
        let m = Manuscript::new(&s);
        let mut p = m.start();
        let mut steps = 0;
        while p != m.end(&s) {
            let n = m.next(&s, p);
            assert_eq!(m.cmp(p, n), Ordering::Less, "{p:?} → {n:?}");
            assert_eq!(m.prev(&s, n), p, "back from {n:?}");
            p = n;
            steps += 1;
        }
        // Every character but the derived numbers, plus one step per line break.
        let chars: usize = m
            .lines
            .iter()
            .map(|l| l.chars - l.label.chars().count())
            .sum();
        assert_eq!(steps, chars + m.lines.len() - 1);
    }

    #[test]
    fn copying_three_paragraphs_gives_the_export_layout() {
        let s = speech();
        let m = Manuscript::new(&s);
        let id = s.sections[0].id;
        let a = TextPos::new(para(&s, Container::Opening, 1), 2);
        let b = TextPos::new(para(&s, Container::Section(id), 0), 2);
        assert_eq!(
            m.text_between(&s, a, b),
            "二。\n\u{3000}\u{3000}一、总体要求\n\u{3000}\u{3000}第一"
        );
        assert_eq!(m.text_between(&s, b, a), m.text_between(&s, a, b));
    }

    #[test]
    fn copying_everything_gives_the_plain_text_export() {
        let mut s = speech();
        s.salutation = "同志们".into();
        s.numbering = Numbering::Shi;
        let m = Manuscript::new(&s);
        let all = m.text_between(&s, m.start(), m.end(&s));
        assert_eq!(format!("{all}\n"), crate::export::render(&s));
        // With back matter too.
        for t in ["附件", "一、名单"] {
            let p = s.new_paragraph(t.into());
            s.appendix.push(p);
        }
        let m = Manuscript::new(&s);
        let all = m.text_between(&s, m.start(), m.end(&s));
        assert_eq!(format!("{all}\n"), crate::export::render(&s));
        assert!(
            all.ends_with("\n\n\u{3000}\u{3000}附件\n\u{3000}\u{3000}一、名单"),
            "{all}"
        );
    }

    #[test]
    fn deleting_over_paragraphs_joins_the_ends_and_undoes_at_once() {
        let s = speech();
        let m = Manuscript::new(&s);
        let id = s.sections[0].id;
        let a = TextPos::new(para(&s, Container::Section(id), 0), 2);
        let b = TextPos::new(para(&s, Container::Section(id), 1), 2);
        let (edit, _) = m.replace(&s, a, b, "");
        let mut doc = Document::new(s.clone());
        doc.apply(edit).unwrap();
        let texts: Vec<&str> = doc.speech().sections[0]
            .paragraphs
            .iter()
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(texts, ["第一段。"]);
        assert!(doc.undo());
        assert_eq!(doc.speech(), &s);
    }

    #[test]
    fn a_range_over_a_heading_from_outside_is_refused() {
        let s = speech();
        let m = Manuscript::new(&s);
        let id = s.sections[0].id;
        let a = TextPos::new(para(&s, Container::Opening, 0), 1);
        let b = TextPos::new(para(&s, Container::Section(id), 0), 1);
        let (edit, _) = m.replace(&s, a, b, "");
        let mut t = s.clone();
        assert_eq!(
            crate::doc::edit::apply(&mut t, edit),
            Err(crate::doc::edit::EditError::AcrossParts)
        );
        assert_eq!(t, s);
    }

    #[test]
    fn pasting_three_lines_into_a_paragraph_makes_three_paragraphs() {
        let s = speech();
        let m = Manuscript::new(&s);
        let p = para(&s, Container::Opening, 0);
        let at = TextPos::new(p, 2);
        let (edit, _) = m.replace(&s, at, at, "甲\n乙\n丙");
        let mut t = s.clone();
        let effect = crate::doc::edit::apply(&mut t, edit).unwrap();
        let texts: Vec<&str> = t.opening.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["开头甲", "乙", "丙一。", "开头二。"]);
        assert_eq!(
            effect,
            crate::doc::edit::Effect::Caret(TextPos::new(TextRef::Paragraph(t.opening[2].id), 1))
        );
    }

    #[test]
    fn a_line_break_a_salutation_cannot_hold_changes_nothing_and_is_no_undo_step() {
        let mut s = speech();
        s.salutation = "同志们\n朋友们".into();
        let m = Manuscript::new(&s);
        let end = TextPos::new(TextRef::Field(Field::Salutation), 6);
        let (edit, _) = m.replace(&s, end, end, "\n");
        let mut doc = Document::new(s.clone());
        let effect = doc.apply(edit).unwrap().effect;
        assert_eq!(
            effect,
            crate::doc::edit::Effect::Caret(end),
            "the caret stays in the text"
        );
        assert_eq!(doc.speech(), &s);
        assert!(!doc.can_undo() && !doc.is_modified());
    }

    #[test]
    fn typing_into_an_empty_closing_makes_its_paragraph() {
        let s = speech();
        let m = Manuscript::new(&s);
        let at = TextPos {
            spot: Spot::Empty(Container::Closing),
            offset: 0,
        };
        let (edit, _) = m.replace(&s, at, at, "谢谢大家！");
        let mut t = s.clone();
        crate::doc::edit::apply(&mut t, edit).unwrap();
        assert_eq!(t.closing.len(), 1);
        assert_eq!(t.closing[0].text, "谢谢大家！");
    }

    #[test]
    fn a_run_in_seam_deletes_from_both_texts() {
        let mut s = speech();
        s.numbering = Numbering::Shi;
        s.sections[0].heading = "坚持目标导向。".into();
        let m = Manuscript::new(&s);
        let id = s.sections[0].id;
        let first = para(&s, Container::Section(id), 0);
        let a = TextPos::new(TextRef::Heading(id), 4);
        let b = TextPos::new(first, 2);
        let (edit, _) = m.replace(&s, a, b, "");
        let mut t = s.clone();
        crate::doc::edit::apply(&mut t, edit).unwrap();
        assert_eq!(t.sections[0].heading, "坚持目标");
        assert_eq!(t.sections[0].paragraphs[0].text, "段。");
        // Typing at either side of the seam stays in that text.
        let end = TextPos::new(TextRef::Heading(id), 7);
        let (edit, caret) = m.replace(&s, end, end, "好");
        assert!(matches!(
            edit,
            Edit::SetText {
                target: TextRef::Heading(_),
                ..
            }
        ));
        assert_eq!(caret, Some(TextPos::new(TextRef::Heading(id), 8)));
        let start = TextPos::new(first, 0);
        let (edit, _) = m.replace(&s, start, start, "好");
        assert!(matches!(
            edit,
            Edit::SetText {
                target: TextRef::Paragraph(_),
                ..
            }
        ));
        // A range that only spans the seam is empty: typing goes in at its start.
        let (edit, _) = m.replace(&s, start, end, "好");
        assert!(
            matches!(
                edit,
                Edit::SetText {
                    target: TextRef::Heading(_),
                    ..
                }
            ),
            "{edit:?}"
        );
        assert_eq!(m.settled(&s, start, end), (end, end));
        // A range from the start of the paragraph stays in the paragraph.
        let (edit, _) = m.replace(&s, start, TextPos::new(first, 1), "");
        assert!(matches!(
            edit,
            Edit::SetText {
                target: TextRef::Paragraph(_),
                ..
            }
        ));
    }
}
