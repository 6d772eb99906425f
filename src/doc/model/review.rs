//! A review that came back: the tracked changes (修订) and comments (批注) of a returned Word
//! file, placed on the speech's own texts and kept with the draft until each change is taken or
//! refused. Accepting a change edits the speech; refusing one only drops it, since the speech
//! still reads as it did before the reviewer's pen.
//!
//! Places are character offsets into a text, with the text the change expects there and a few
//! characters either side: when the drafter has edited the text since, a change is found again
//! by its words ([`locate`]), or refused with a reason, never applied blindly.

use serde::{Deserialize, Serialize};

use super::{Container, ParaId, SectionId, TextRef};

/// How many characters a change keeps of its neighbours on either side, to be found again.
pub const CONTEXT: usize = 6;

/// The up to [`CONTEXT`] characters of `text` before `at` and after `end`: a change's
/// neighbours, by which it is found again.
pub fn neighbours(text: &[char], at: usize, end: usize) -> (String, String) {
    let at = at.min(text.len());
    let end = end.clamp(at, text.len());
    (
        text[at.saturating_sub(CONTEXT)..at].iter().collect(),
        text[end..(end + CONTEXT).min(text.len())].iter().collect(),
    )
}

/// The tracked changes and comments read from one returned file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// The returned file's name (`讲话稿-张局长改.docx`).
    pub source: String,
    /// The changes still to decide, in document order.
    #[serde(default)]
    pub changes: Vec<TrackedChange>,
    /// The reviewers' comments, in document order; kept after the changes are decided.
    #[serde(default)]
    pub comments: Vec<Comment>,
    /// What the returned file holds that a speech cannot (formatting changes, tables, images)
    /// or that could not be placed: said once, when the file is read, and kept for the list.
    #[serde(default)]
    pub left_out: Vec<String>,
}

impl Review {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.comments.is_empty() && self.source.is_empty()
    }

    /// The reviewers, in the order they first appear.
    pub fn authors(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let all = self
            .changes
            .iter()
            .map(|c| c.author.as_str())
            .chain(self.comments.iter().map(|c| c.author.as_str()));
        for a in all {
            if !out.contains(&a) {
                out.push(a);
            }
        }
        out
    }

    pub fn change(&self, id: u64) -> Option<&TrackedChange> {
        self.changes.iter().find(|c| c.id == id)
    }
}

/// One tracked change, as Word lists it: who, when, what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackedChange {
    /// Unique within the review.
    pub id: u64,
    pub author: String,
    /// As the file gives it (`2026-12-01T09:30:00Z`); empty when it gives none.
    #[serde(default)]
    pub date: String,
    pub kind: ChangeKind,
}

/// What a tracked change does to the speech.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeKind {
    /// Inside one text: `old` (empty for an insertion) at character `at` becomes `new` (empty
    /// for a deletion). `before` and `after` are the characters around it, to find it again.
    Text {
        target: TextRef,
        at: usize,
        old: String,
        new: String,
        before: String,
        after: String,
    },
    /// New paragraphs, placed after `after` (a heading: first in its section; a field: first in
    /// the opening), or first in `first_in` once what they followed was taken out.
    Insert {
        after: TextRef,
        texts: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        first_in: Option<Container>,
    },
    /// A whole paragraph taken out; `text` is what it read.
    Delete { para: ParaId, text: String },
    /// Paragraphs moved to after `after` (or first in `first_in`, as for an insertion), in this
    /// order.
    Move {
        paras: Vec<ParaId>,
        texts: Vec<String>,
        after: TextRef,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        first_in: Option<Container>,
    },
    /// A whole section struck out: its heading and everything under it. `words` is what it
    /// read (every text, in order), so that words written since are never deleted with it.
    DeleteSection {
        id: SectionId,
        heading: String,
        words: String,
    },
    /// A section (heading and all under it) moved to after `after`: a section, among whose
    /// siblings it goes, or a heading's text, first among that section's children.
    MoveSection {
        id: SectionId,
        heading: String,
        after: MoveTarget,
    },
}

/// Where a moved section goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MoveTarget {
    /// Right after this section (as its next sibling).
    After(SectionId),
    /// First among the children of this section (`None`: the top level).
    First(Option<SectionId>),
}

impl TrackedChange {
    /// What the change does, in the words of Word's review pane (删除“…” / 插入“…”).
    pub fn summary(&self) -> String {
        let short = |s: &str| {
            let n = s.chars().count();
            if n <= 24 {
                s.to_owned()
            } else {
                let head: String = s.chars().take(22).collect();
                format!("{head}…")
            }
        };
        match &self.kind {
            ChangeKind::Text { old, new, .. } if old.is_empty() => {
                format!("插入“{}”", short(new))
            }
            ChangeKind::Text { old, new, .. } if new.is_empty() => {
                format!("删除“{}”", short(old))
            }
            ChangeKind::Text { old, new, .. } => {
                format!("“{}”改为“{}”", short(old), short(new))
            }
            ChangeKind::Insert { texts, .. } => {
                let first = texts.first().map_or("", String::as_str);
                if texts.len() > 1 {
                    format!("插入 {} 段：“{}”", texts.len(), short(first))
                } else {
                    format!("插入段落“{}”", short(first))
                }
            }
            ChangeKind::Delete { text, .. } => format!("删除段落“{}”", short(text)),
            ChangeKind::Move { texts, .. } => {
                let first = texts.first().map_or("", String::as_str);
                format!("移动段落“{}”", short(first))
            }
            ChangeKind::MoveSection { heading, .. } => format!("移动小节“{}”", short(heading)),
            ChangeKind::DeleteSection { heading, .. } => format!("删除小节“{}”", short(heading)),
        }
    }

    /// The text the change is in or starts at, to lead the manuscript there.
    pub fn target(&self) -> TextRef {
        match &self.kind {
            ChangeKind::Text { target, .. } => *target,
            ChangeKind::Insert { after, .. } => *after,
            ChangeKind::Delete { para, .. } => TextRef::Paragraph(*para),
            ChangeKind::Move { paras, after, .. } => {
                paras.first().map_or(*after, |p| TextRef::Paragraph(*p))
            }
            ChangeKind::MoveSection { id, .. } | ChangeKind::DeleteSection { id, .. } => {
                TextRef::Heading(*id)
            }
        }
    }
}

/// Every text of a section and all under it, in the order its lines show them.
pub fn section_texts(s: &super::Section, out: &mut Vec<TextRef>) {
    out.push(TextRef::Heading(s.id));
    out.extend(s.paragraphs.iter().map(|p| TextRef::Paragraph(p.id)));
    for c in &s.children {
        section_texts(c, out);
    }
}

/// The words of a section and all under it, one text a line: what a struck-out section read.
pub fn section_words(speech: &super::Speech, s: &super::Section) -> String {
    let mut texts = Vec::new();
    section_texts(s, &mut texts);
    texts
        .iter()
        .filter_map(|t| speech.text(*t))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where `old` stands in `text` now (a character offset): at `at` if it is still there, else at
/// the nearest place where it stands between the same neighbours (or, when none does, beside
/// one of them). `None` when the words are gone, or stand in several such places equally near.
pub fn locate(text: &str, at: usize, old: &str, before: &str, after: &str) -> Option<usize> {
    let chars: Vec<char> = text.chars().collect();
    let old: Vec<char> = old.chars().collect();
    let before: Vec<char> = before.chars().collect();
    let after: Vec<char> = after.chars().collect();
    let fits = |i: usize, need_before: bool, need_after: bool| -> bool {
        let end = i + old.len();
        end <= chars.len()
            && chars[i..end] == old[..]
            && (!need_before || (i >= before.len() && chars[i - before.len()..i] == before[..]))
            && (!need_after
                || (end + after.len() <= chars.len() && chars[end..end + after.len()] == after[..]))
    };
    let at_fits = if old.is_empty() {
        // An insertion has no words of its own: a neighbour must still be there (places
        // follow the drafter's edits, so one side may have new words).
        at <= chars.len() && (fits(at, true, false) || fits(at, false, true))
    } else {
        fits(at, false, false)
    };
    if at_fits {
        return Some(at);
    }
    // The nearest place between both neighbours, then beside one of them; words of its own
    // suffice for a change that has them.
    let mut tries = vec![(true, true), (true, false), (false, true)];
    if !old.is_empty() {
        tries.push((false, false));
    }
    for (need_before, need_after) in tries {
        let needless = (need_before && before.is_empty()) || (need_after && after.is_empty());
        if old.is_empty() && needless && (need_before != need_after) {
            continue;
        }
        let places: Vec<usize> = (0..=chars.len())
            .filter(|&i| fits(i, need_before, need_after))
            .collect();
        if let Some(d) = places.iter().map(|&i| i.abs_diff(at)).min() {
            let mut nearest = places.iter().filter(|&&i| i.abs_diff(at) == d);
            let first = nearest.next().copied();
            return if nearest.next().is_none() {
                first
            } else {
                None
            };
        }
    }
    None
}

/// A reviewer's comment on a stretch of the speech, with the replies to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: u64,
    pub author: String,
    #[serde(default)]
    pub date: String,
    pub text: String,
    /// The text it is on; `None` when its place could not be found (it is still shown).
    pub target: Option<TextRef>,
    /// Where in the text it starts (characters).
    #[serde(default)]
    pub at: usize,
    /// The words it marks (empty for a comment on a point).
    #[serde(default)]
    pub quote: String,
    #[serde(default)]
    pub replies: Vec<Reply>,
    #[serde(default)]
    pub resolved: bool,
}

/// A reply in a comment's thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub author: String,
    #[serde(default)]
    pub date: String,
    pub text: String,
}

/// A date as Word writes it (`2026-12-01T09:30:00Z`), shown as `2026-12-01 09:30`.
pub fn show_date(date: &str) -> String {
    let d = date.trim().trim_end_matches('Z');
    match d.split_once('T') {
        Some((day, time)) => format!("{day} {}", time.get(..5).unwrap_or(time)),
        None => d.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_found_where_it_was_or_by_its_neighbours() {
        assert_eq!(locate("加强党的建设", 2, "党的", "加强", "建设"), Some(2));
        // Text typed before it since: found again by its words and neighbours.
        assert_eq!(
            locate("全面加强党的建设", 2, "党的", "加强", "建设"),
            Some(4)
        );
        // Its words gone.
        assert_eq!(locate("加强建设", 2, "党的", "加强", "建设"), None);
        // An insertion has no words: it goes between the same neighbours.
        assert_eq!(locate("全面加强建设", 2, "", "加强", "建设"), Some(4));
        // Two equally near places: not guessed.
        assert_eq!(locate("甲乙甲乙", 1, "", "", "乙"), Some(1));
        assert_eq!(locate("xx甲乙xx甲乙", 4, "甲乙", "", ""), None);
    }

    #[test]
    fn dates_show_as_day_and_minute() {
        assert_eq!(show_date("2026-12-01T09:30:00Z"), "2026-12-01 09:30");
        assert_eq!(show_date(""), "");
    }
}
