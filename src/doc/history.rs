//! A speech with its undo/redo history: the one door through which the app changes a document.
//!
//! Undo keeps whole-speech snapshots. A speech is at most a few hundred thousand characters, so a
//! snapshot is cheap next to the complexity of inverse edits, and restoring one is exact by
//! construction. A burst of typing into one text is coalesced into a single step until
//! [`Document::seal`] is called (the app seals on a pause or when focus moves).
//!
//! Every state has a revision number; the document is "modified" when the current revision is
//! not the one last saved, so undoing back to the saved state clears the unsaved marker.

use crate::doc::edit::{self, Edit, EditError, Effect};
use crate::doc::model::{Speech, TextPos, TextRef};

/// How many steps undo remembers; older ones are dropped.
pub const UNDO_LIMIT: usize = 200;

#[derive(Clone, Debug)]
struct Snapshot {
    speech: Speech,
    revision: u64,
}

/// A speech plus its history.
#[derive(Clone, Debug)]
pub struct Document {
    speech: Speech,
    revision: u64,
    next_revision: u64,
    saved_revision: Option<u64>,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// The text being typed into, while a burst of `SetText` edits is being coalesced.
    typing: Option<TextRef>,
}

/// What one step did: the one description of a change. The shell places the caret from it
/// ([`Applied::caret`]) and brings everything derived up to date from it
/// (`derived::Derived::update`), without guessing from the edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// What the edit reports: where the caret belongs, what it made, how many it replaced.
    pub effect: Effect,
    /// What changed in the speech.
    pub change: Change,
    /// The revision before the step.
    pub from: u64,
    /// The revision after it (equal to `from` when nothing changed).
    pub to: u64,
}

impl Applied {
    /// Where the caret goes after the step, if the step says: the place the edit reports, or
    /// the start of the paragraph it made.
    pub fn caret(&self) -> Option<TextPos> {
        match self.effect {
            Effect::Caret(at) => Some(at),
            Effect::Paragraph(p) => Some(TextPos::new(TextRef::Paragraph(p), 0)),
            Effect::None | Effect::Section(_) | Effect::Replaced(_) => None,
        }
    }
}

/// What a step changed, so that the shell keeps its derived data current without guessing
/// from the edit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Change {
    /// Nothing (no step yet, or an edit that changed nothing).
    #[default]
    None,
    /// One text, which read `before`.
    Text { target: TextRef, before: String },
    /// Anything else: structure, settings, versions, undo and redo.
    Structure,
}

impl Document {
    /// A document holding `speech`, considered saved (nothing to lose yet).
    pub fn new(speech: Speech) -> Self {
        Document {
            speech,
            revision: 0,
            next_revision: 1,
            saved_revision: Some(0),
            undo: Vec::new(),
            redo: Vec::new(),
            typing: None,
        }
    }

    /// The current speech.
    pub fn speech(&self) -> &Speech {
        &self.speech
    }

    /// Identifies the current state; changes on every edit, undo and redo.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether the document differs from what was last saved.
    pub fn is_modified(&self) -> bool {
        self.saved_revision != Some(self.revision)
    }

    /// Records that the current state is what is on disk.
    pub fn mark_saved(&mut self) {
        self.saved_revision = Some(self.revision);
    }

    /// Marks the document as never saved (e.g. restored from a recovery file).
    pub fn mark_unsaved(&mut self) {
        self.saved_revision = None;
    }

    /// Applies an edit as one undoable step (or as part of the current typing burst), and says
    /// what it did. A failed edit changes nothing, not even the history.
    pub fn apply(&mut self, edit: Edit) -> Result<Applied, EditError> {
        let from = self.revision;
        let (effect, change) = self.step_edit(edit)?;
        Ok(Applied {
            effect,
            change,
            from,
            to: self.revision,
        })
    }

    fn step_edit(&mut self, edit: Edit) -> Result<(Effect, Change), EditError> {
        let coalesce = match &edit {
            Edit::SetText { target, .. } => {
                let same = self.typing == Some(*target);
                self.typing = Some(*target);
                same
            }
            _ => {
                self.typing = None;
                false
            }
        };
        if let Edit::SetText { target, text } = &edit
            && self.speech.text(*target) == Some(text.as_str())
        {
            // No change: keep the history clean (a focus event re-sending the same text).
            return Ok((Effect::None, Change::None));
        }
        let change = match &edit {
            Edit::SetText { target, .. } => Change::Text {
                target: *target,
                before: self.speech.text(*target).unwrap_or_default().to_owned(),
            },
            _ => Change::Structure,
        };
        if coalesce && !self.undo.is_empty() {
            // The burst's snapshot is already on the stack: no copy of the speech per keystroke.
            let effect = edit::apply(&mut self.speech, edit)?;
            self.redo.clear();
            self.revision = self.bump();
            return Ok((effect, change));
        }
        let before = self.speech.clone();
        let effect = edit::apply(&mut self.speech, edit)?;
        if self.speech == before {
            // An edit that changed nothing (a range replaced by itself) is no step to undo.
            return Ok((effect, Change::None));
        }
        self.push_undo(before);
        self.revision = self.bump();
        Ok((effect, change))
    }

    /// Replaces the whole speech with one read from disk, as one undoable step: the text on
    /// screen before it is a Ctrl+Z away. The new state is what is on disk (saved).
    pub fn reload(&mut self, speech: Speech) {
        self.typing = None;
        let before = std::mem::replace(&mut self.speech, speech);
        self.push_undo(before);
        self.revision = self.bump();
        self.saved_revision = Some(self.revision);
    }

    /// Takes the speech as another holder of its history made it (a shared speech, whose undo
    /// is the writer's own there): no undo step here, nothing unsaved (that holder keeps every
    /// step). Says what changed.
    pub fn follow(&mut self, speech: Speech, effect: Effect) -> Applied {
        let from = self.revision;
        let change = change_between(&self.speech, &speech);
        self.typing = None;
        self.undo.clear();
        self.redo.clear();
        if change != Change::None {
            self.speech = speech;
            self.revision = self.bump();
        }
        self.saved_revision = Some(self.revision);
        Applied {
            effect,
            change,
            from,
            to: self.revision,
        }
    }

    /// Ends the current typing burst: the next keystroke starts a new undo step.
    pub fn seal(&mut self) {
        self.typing = None;
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Restores the state before the last step. Returns false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        let (undo, redo) = (&mut self.undo, &mut self.redo);
        Self::step(
            &mut self.speech,
            &mut self.revision,
            &mut self.typing,
            undo,
            redo,
        )
    }

    /// Re-applies the last undone step. Returns false when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        let (undo, redo) = (&mut self.undo, &mut self.redo);
        Self::step(
            &mut self.speech,
            &mut self.revision,
            &mut self.typing,
            redo,
            undo,
        )
    }

    /// Moves to the state on top of `from`, saving the current one on `to`.
    fn step(
        speech: &mut Speech,
        revision: &mut u64,
        typing: &mut Option<TextRef>,
        from: &mut Vec<Snapshot>,
        to: &mut Vec<Snapshot>,
    ) -> bool {
        *typing = None;
        let Some(target) = from.pop() else {
            return false;
        };
        to.push(Snapshot {
            speech: std::mem::replace(speech, target.speech),
            revision: std::mem::replace(revision, target.revision),
        });
        true
    }

    fn push_undo(&mut self, before: Speech) {
        self.undo.push(Snapshot {
            speech: before,
            revision: self.revision,
        });
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    fn bump(&mut self) -> u64 {
        let r = self.next_revision;
        self.next_revision += 1;
        r
    }
}

/// What differs between two states of a speech: nothing, one text (the common case of a
/// co-writer's keystroke), or more. Linear in the speech.
pub fn change_between(before: &Speech, after: &Speech) -> Change {
    let mut old: Vec<(TextRef, &str)> = Vec::new();
    before.for_each_text(&mut |r, t| old.push((r, t)));
    let mut new: Vec<(TextRef, &str)> = Vec::new();
    after.for_each_text(&mut |r, t| new.push((r, t)));
    let same_rest = before.numbering == after.numbering
        && before.settings == after.settings
        && before.review == after.review
        && numberings(before) == numberings(after)
        && before.versions.len() == after.versions.len()
        && before
            .versions
            .iter()
            .zip(&after.versions)
            .all(|(a, b)| std::sync::Arc::ptr_eq(a, b) || a == b);
    if old.len() != new.len() || !same_rest || old.iter().zip(&new).any(|(a, b)| a.0 != b.0) {
        return Change::Structure;
    }
    let mut differ = old.iter().zip(&new).filter(|(a, b)| a.1 != b.1);
    match (differ.next(), differ.next()) {
        (None, _) => Change::None,
        (Some((a, _)), None) => Change::Text {
            target: a.0,
            before: a.1.to_owned(),
        },
        _ => Change::Structure,
    }
}

fn numberings(s: &Speech) -> Vec<crate::doc::model::Numbering> {
    let mut out = Vec::new();
    s.walk_sections(&mut |_, sec| out.push(sec.child_numbering));
    out
}

/// Where `after` first differs from `before`, in document order: the text and the character
/// range of `after` that is new there (empty where text was only removed). For undo and redo,
/// so the window can show and select what changed. `None` when no text differs (a setting or a
/// version changed). Linear in the speech.
pub fn first_change(before: &Speech, after: &Speech) -> Option<(TextRef, std::ops::Range<usize>)> {
    let mut old: Vec<(TextRef, &str)> = Vec::new();
    before.for_each_text(&mut |r, t| old.push((r, t)));
    let mut new: Vec<(TextRef, &str)> = Vec::new();
    after.for_each_text(&mut |r, t| new.push((r, t)));
    let at = old
        .iter()
        .zip(&new)
        .position(|(a, b)| a != b)
        .unwrap_or(old.len().min(new.len()));
    match (old.get(at), new.get(at)) {
        (Some((ra, ta)), Some((rb, tb))) if ra == rb => {
            let (a, b): (Vec<char>, Vec<char>) = (ta.chars().collect(), tb.chars().collect());
            let (prefix, suffix) = crate::text::index::common_ends(&a, &b);
            Some((*rb, prefix..b.len() - suffix))
        }
        // A text came in, went or moved here: the text now in its place, whole.
        (_, Some((rb, tb))) => Some((*rb, 0..tb.chars().count())),
        // Texts went from the end: the last one left.
        (Some(_), None) => new
            .last()
            .map(|(r, t)| (*r, t.chars().count()..t.chars().count())),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::model::Field;

    #[test]
    fn following_another_history_says_what_changed_and_leaves_nothing_unsaved() {
        let mut a = Speech::new();
        a.title = "讲话".into();
        let mut doc = Document::new(a.clone());
        let title = TextRef::Field(Field::Title);
        // One text changed: said as that text, with what it read.
        let mut b = a.clone();
        b.title = "在全市会议上的讲话".into();
        let step = doc.follow(b.clone(), Effect::None);
        assert_eq!(
            step.change,
            Change::Text {
                target: title,
                before: "讲话".into()
            }
        );
        assert!(step.to != step.from && !doc.is_modified() && !doc.can_undo());
        // The same speech again: nothing, and the revision stays.
        let again = doc.follow(b.clone(), Effect::None);
        assert_eq!((again.change, again.to), (Change::None, step.to));
        // Two texts, or a setting: structure.
        let mut c = b.clone();
        c.title = "讲稿".into();
        c.opening[0].text = "同志们：".into();
        assert_eq!(change_between(&b, &c), Change::Structure);
        let mut d = b.clone();
        d.settings.rate = Some(200);
        assert_eq!(change_between(&b, &d), Change::Structure);
        // A paragraph added is structure, even with every old text the same.
        let mut e = b.clone();
        let p = e.new_paragraph(String::new());
        e.opening.push(p);
        assert_eq!(change_between(&b, &e), Change::Structure);
    }

    #[test]
    fn the_first_change_is_the_new_text_in_its_place() {
        let mut a = Speech::new();
        a.title = "在全市工作会议上的讲话".into();
        let mut b = a.clone();
        b.title = "在全市科技工作会议上的讲话".into();
        let title = TextRef::Field(Field::Title);
        assert_eq!(first_change(&a, &b), Some((title, 3..5)));
        // Removed text: an empty range where it was.
        assert_eq!(first_change(&b, &a), Some((title, 3..3)));
        assert_eq!(first_change(&a, &a), None);
        // A section added: its heading, whole.
        let mut c = a.clone();
        let s = c.new_section("新小节".into());
        let id = s.id;
        c.sections.push(s);
        assert_eq!(first_change(&a, &c), Some((TextRef::Heading(id), 0..3)));
    }

    fn type_text(doc: &mut Document, target: TextRef, text: &str) {
        let mut acc = String::new();
        for c in text.chars() {
            acc.push(c);
            doc.apply(Edit::SetText {
                target,
                text: acc.clone(),
            })
            .unwrap();
        }
    }

    #[test]
    fn a_typing_burst_is_one_undo_step() {
        let mut doc = Document::new(Speech::new());
        let title = TextRef::Field(Field::Title);
        type_text(&mut doc, title, "在全市会议上的讲话");
        assert!(doc.is_modified());
        assert!(doc.undo());
        assert_eq!(doc.speech().title, "");
        assert!(!doc.can_undo());
        assert!(
            !doc.is_modified(),
            "undo back to the saved state clears the marker"
        );
        assert!(doc.redo());
        assert_eq!(doc.speech().title, "在全市会议上的讲话");
    }

    #[test]
    fn a_reload_is_saved_and_one_undo_brings_the_screen_text_back() {
        let mut doc = Document::new(Speech::new());
        let title = TextRef::Field(Field::Title);
        type_text(&mut doc, title, "本窗口的标题");
        let mut theirs = Speech::new();
        theirs.title = "别人保存的标题".into();
        doc.reload(theirs);
        assert_eq!(doc.speech().title, "别人保存的标题");
        assert!(!doc.is_modified(), "what is on screen is what is on disk");
        assert!(doc.undo());
        assert_eq!(doc.speech().title, "本窗口的标题");
        assert!(doc.is_modified());
        assert!(doc.redo());
        assert!(!doc.is_modified());
    }

    #[test]
    fn seal_and_other_targets_split_bursts() {
        let mut doc = Document::new(Speech::new());
        let title = TextRef::Field(Field::Title);
        let sal = TextRef::Field(Field::Salutation);
        type_text(&mut doc, title, "甲乙");
        doc.seal();
        type_text(&mut doc, title, "甲乙丙");
        type_text(&mut doc, sal, "各位");
        doc.undo();
        assert_eq!(doc.speech().salutation, "同志们");
        doc.undo();
        assert_eq!(doc.speech().title, "甲乙");
        doc.undo();
        assert_eq!(doc.speech().title, "");
    }

    #[test]
    fn failed_edit_leaves_history_alone() {
        let mut doc = Document::new(Speech::new());
        let r = doc.revision();
        assert!(
            doc.apply(Edit::DeleteSection {
                id: crate::doc::model::SectionId(42)
            })
            .is_err()
        );
        assert_eq!(doc.revision(), r);
        assert!(!doc.can_undo());
    }

    #[test]
    fn new_edit_after_undo_clears_redo() {
        let mut doc = Document::new(Speech::new());
        let title = TextRef::Field(Field::Title);
        type_text(&mut doc, title, "甲");
        doc.undo();
        doc.apply(Edit::SetText {
            target: title,
            text: "乙".into(),
        })
        .unwrap();
        assert!(!doc.can_redo());
    }
}

#[cfg(test)]
mod change_tests {
    use super::*;
    use crate::doc::model::Field;

    #[test]
    fn each_step_says_what_it_changed() {
        let mut doc = Document::new(Speech::new());
        let title = TextRef::Field(Field::Title);
        let set = |doc: &mut Document, text: &str| {
            doc.apply(Edit::SetText {
                target: title,
                text: text.into(),
            })
            .unwrap()
        };
        let a = set(&mut doc, "标题");
        assert_eq!(
            a.change,
            Change::Text {
                target: title,
                before: String::new()
            }
        );
        assert_eq!((a.from, a.to), (0, doc.revision()));
        assert_ne!(a.from, a.to);
        // Typing on: the burst is coalesced, and the change still names the text before.
        let b = set(&mut doc, "标题一");
        assert_eq!(
            b.change,
            Change::Text {
                target: title,
                before: "标题".into()
            }
        );
        assert_eq!(b.from, a.to);
        let c = doc
            .apply(Edit::InsertSection {
                parent: None,
                index: 0,
                heading: "一".into(),
            })
            .unwrap();
        assert_eq!(c.change, Change::Structure);
        assert!(matches!(c.effect, Effect::Section(_)));
        assert_eq!(c.caret(), None);
        // The same text again changes nothing, and the revision stays.
        let d = set(&mut doc, "标题一");
        assert_eq!(d.change, Change::None);
        assert_eq!(d.from, d.to);
    }

    #[test]
    fn a_new_paragraph_takes_the_caret() {
        let mut doc = Document::new(Speech::new());
        let a = doc
            .apply(Edit::InsertParagraph {
                container: crate::doc::model::Container::Opening,
                index: 0,
                text: String::new(),
            })
            .unwrap();
        let Effect::Paragraph(p) = a.effect else {
            panic!("no paragraph made: {:?}", a.effect);
        };
        assert_eq!(a.caret(), Some(TextPos::new(TextRef::Paragraph(p), 0)));
    }
}
