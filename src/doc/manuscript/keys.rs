//! What a key does to the manuscript, as pure functions of the speech, its lines and the
//! selection: the edit to make and where the caret goes, or why the key is refused. The editor
//! widget only turns key presses into these calls and carries out the [`Outcome`]; the rules
//! live here, where they are tested without a window (see the tests' caret notation).
//!
//! The rules a drafter meets:
//! - typing replaces the selection; a selection over a standalone heading is refused by the
//!   range edit (headings are deleted in the outline, where it can be seen);
//! - Backspace at the start of a paragraph joins it to the paragraph before in the same part;
//!   at the start of the first paragraph after a heading it is refused with the way to do it
//!   (调整标题分界); an empty first paragraph is deleted;
//! - Delete at the end of a paragraph joins the next one of the same part; at a run-in seam
//!   (`一是抓学习。|第一段`) it takes the paragraph's first character;
//! - Enter splits a paragraph; at the end of a heading it opens a first paragraph; in the
//!   middle of a heading it is refused; in a field it moves to the next line;
//! - Ctrl+← / Ctrl+→ move by clause (between Chinese punctuation marks).

use std::cmp::Ordering;

use super::{Manuscript, len, text};
use crate::doc::edit::Edit;
use crate::doc::model::{Container, Field, Speech, Spot, TextPos, TextRef};

/// The caret and the other end of the selection (equal when nothing is selected).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    pub anchor: TextPos,
    pub caret: TextPos,
}

impl Selection {
    /// Nothing selected: the caret alone.
    pub fn caret(at: TextPos) -> Self {
        Selection {
            anchor: at,
            caret: at,
        }
    }
}

/// What a key does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Apply `edit`; then the caret goes to `caret`, or where the edit's effect says when
    /// `None` (a range edit knows where its text ended, a new paragraph takes the caret).
    Edit { edit: Edit, caret: Option<TextPos> },
    /// Only the caret moves (the selection is dropped).
    Move(TextPos),
    /// The key does nothing here; the reason is shown to the user.
    Refused(&'static str),
    /// The key does nothing, and nothing needs saying.
    Nothing,
}

/// Backspace at the start of a section's first paragraph.
pub const NO_JOIN_INTO_HEADING: &str =
    "段首退格不会把正文并入标题；要调整标题和正文的分界，请右键标题选“调整标题分界…”";
/// Backspace at the start of the first paragraph of the opening or the closing.
pub const NOTHING_BEFORE: &str = "这是这一部分的第一段，前面没有可以并入的段落";
/// Enter in the middle of a heading.
pub const NO_SPLIT_HEADING: &str =
    "标题中间不能分段；要把标题后半移入正文，请右键标题选“调整标题分界…”";

/// The selection in reading order, if anything is selected. A selection that only spans a
/// run-in seam selects nothing.
pub fn selected(m: &Manuscript, speech: &Speech, sel: Selection) -> Option<(TextPos, TextPos)> {
    let (a, b) = (sel.anchor, sel.caret);
    let (from, to) = m.settled(speech, a, b);
    if from == to {
        return None;
    }
    Some(if m.cmp(a, b) == Ordering::Greater {
        (b, a)
    } else {
        (a, b)
    })
}

/// Typing, pasting or an input method's text: replaces the selection, or goes in at the caret.
pub fn insert(m: &Manuscript, speech: &Speech, sel: Selection, new: &str) -> Outcome {
    let (a, b) = selected(m, speech, sel).unwrap_or((sel.caret, sel.caret));
    replace(m, speech, a, b, new)
}

/// Replaces what lies between two places with `new`.
pub fn replace(m: &Manuscript, speech: &Speech, a: TextPos, b: TextPos, new: &str) -> Outcome {
    if a == b && new.is_empty() {
        return Outcome::Nothing;
    }
    let (edit, caret) = m.replace(speech, a, b, new);
    Outcome::Edit { edit, caret }
}

/// Backspace (see the module's rules).
pub fn backspace(m: &Manuscript, speech: &Speech, sel: Selection) -> Outcome {
    if selected(m, speech, sel).is_some() {
        return insert(m, speech, sel, "");
    }
    let c = sel.caret;
    if c.offset > 0 {
        let a = TextPos {
            offset: c.offset - 1,
            ..c
        };
        return replace(m, speech, a, c, "");
    }
    let Some((i, k)) = m.locate(c.spot) else {
        return Outcome::Nothing;
    };
    if k > 0 {
        // The seam of a run-in item: the heading's last character goes.
        let prev = m.prev(speech, c);
        if len(speech, prev.spot) <= prev.offset {
            return Outcome::Nothing;
        }
        let end = TextPos {
            offset: prev.offset + 1,
            ..prev
        };
        return replace(m, speech, prev, end, "");
    }
    let Spot::Text(TextRef::Paragraph(p)) = c.spot else {
        return Outcome::Nothing;
    };
    let Some((container, index)) = speech.locate_paragraph(p) else {
        return Outcome::Nothing;
    };
    if index > 0 {
        // Joins the paragraph before.
        return replace(m, speech, m.line_end(speech, i - 1), c, "");
    }
    if len(speech, c.spot) == 0 {
        return Outcome::Edit {
            edit: Edit::DeleteParagraph { para: p },
            caret: Some(m.line_end(speech, i.saturating_sub(1))),
        };
    }
    match container {
        Container::Section(_) => Outcome::Refused(NO_JOIN_INTO_HEADING),
        _ => Outcome::Refused(NOTHING_BEFORE),
    }
}

/// Delete (see the module's rules).
pub fn delete(m: &Manuscript, speech: &Speech, sel: Selection) -> Outcome {
    if selected(m, speech, sel).is_some() {
        return insert(m, speech, sel, "");
    }
    let c = sel.caret;
    if c.offset < len(speech, c.spot) {
        let b = TextPos {
            offset: c.offset + 1,
            ..c
        };
        return replace(m, speech, c, b, "");
    }
    let Some((i, k)) = m.locate(c.spot) else {
        return Outcome::Nothing;
    };
    if let Some(&next) = m.lines[i].spots.get(k + 1) {
        // The seam of a run-in item: the paragraph's first character goes.
        if len(speech, next) == 0 {
            return Outcome::Nothing;
        }
        let a = TextPos {
            spot: next,
            offset: 0,
        };
        return replace(m, speech, a, TextPos { offset: 1, ..a }, "");
    }
    let Spot::Text(TextRef::Paragraph(p)) = c.spot else {
        return Outcome::Nothing;
    };
    let next = m.lines.get(i + 1).map(|l| l.spots[0]);
    if let (Some((container, index)), Some(Spot::Text(TextRef::Paragraph(q)))) =
        (speech.locate_paragraph(p), next)
        && speech.locate_paragraph(q) == Some((container, index + 1))
    {
        return replace(m, speech, c, TextPos::new(TextRef::Paragraph(q), 0), "");
    }
    Outcome::Nothing
}

/// Enter (see the module's rules).
pub fn enter(m: &Manuscript, speech: &Speech, sel: Selection) -> Outcome {
    let c = sel.caret;
    let salutation = Spot::Text(TextRef::Field(Field::Salutation));
    if matches!(c.spot, Spot::Text(TextRef::Paragraph(_))) || c.spot == salutation {
        return insert(m, speech, sel, "\n");
    }
    if selected(m, speech, sel).is_some() {
        // A heading or a field holds no line break: Enter would only delete the selection.
        return Outcome::Nothing;
    }
    match c.spot {
        Spot::Text(TextRef::Heading(id)) if c.offset == len(speech, c.spot) => {
            first_paragraph(Container::Section(id))
        }
        Spot::Text(TextRef::Heading(_)) => Outcome::Refused(NO_SPLIT_HEADING),
        Spot::Empty(container) => first_paragraph(container),
        Spot::Text(_) => {
            // A field is one line: Enter goes on to the next line.
            match m.locate(c.spot) {
                Some((i, _)) if i + 1 < m.lines.len() => Outcome::Move(m.line_start(i + 1)),
                _ => Outcome::Nothing,
            }
        }
    }
}

/// Opens a first, empty paragraph in `container`; its effect puts the caret in it.
fn first_paragraph(container: Container) -> Outcome {
    Outcome::Edit {
        edit: Edit::InsertParagraph {
            container,
            index: 0,
            text: String::new(),
        },
        caret: None,
    }
}

/// Where ← or → takes the caret: one character, or a clause with `by_clause` (Ctrl or Alt).
/// Without `extend` (Shift), a selection collapses to its start or end first.
pub fn step(
    m: &Manuscript,
    speech: &Speech,
    sel: Selection,
    forward: bool,
    by_clause: bool,
    extend: bool,
) -> TextPos {
    let c = sel.caret;
    if !extend && let Some((a, b)) = selected(m, speech, sel) {
        return if forward { b } else { a };
    }
    if by_clause {
        let (s, e) = clause(speech, c);
        match forward {
            true if e != c => return e,
            false if s != c => return s,
            _ => {}
        }
    }
    if forward {
        m.next(speech, c)
    } else {
        m.prev(speech, c)
    }
}

/// The clause around a place: between the punctuation marks before and after it (the mark
/// after it included).
pub fn clause(speech: &Speech, pos: TextPos) -> (TextPos, TextPos) {
    let chars: Vec<char> = text(speech, pos.spot).chars().collect();
    let at = pos.offset.min(chars.len());
    let stop = |c: &char| "，。、；：？！,.;:?!\n".contains(*c);
    let start = chars[..at].iter().rposition(stop).map_or(0, |i| i + 1);
    let end = chars[at..]
        .iter()
        .position(stop)
        .map_or(chars.len(), |i| at + i + 1);
    (
        TextPos {
            offset: start,
            ..pos
        },
        TextPos { offset: end, ..pos },
    )
}

#[cfg(test)]
mod tests;
