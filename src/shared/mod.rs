//! Co-editing: a speech held as a Loro document beside the model, so that several drafters'
//! edits — made at the same time, or offline and merged later — come together without a word
//! lost.
//!
//! Guarantees:
//! - Every local change is an [`Edit`] through the one validating [`crate::doc::edit::apply`];
//!   what it changed is written into the Loro document as one commit. Remote changes re-make
//!   the [`Speech`] from the document ([`SharedSpeech::import`]).
//! - Numbers stay derived, never stored: the document holds the section tree, the texts and the
//!   numbering styles.
//! - A section is never removed from the document: deleting it marks it deleted (回收站), so a
//!   co-writer's typing inside it stays and [`SharedSpeech::restore`] brings it back.
//! - Undo and redo are the writer's own: they take back this writer's steps, not a co-writer's.
//! - What a merge may break and an edit would have refused (nesting past [`MAX_DEPTH`], two
//!   versions of one name) is flagged by [`SharedSpeech::merge_issues`], never refused.
//!
//! The document's layout (its schema):
//! - texts `title`, `subtitle`, `date_line`, `speaker`, `salutation`;
//! - texts `opening`, `closing`, `appendix`: one paragraph per line, each ended by `\n`, so that
//!   a split or a join by one writer is one character and a co-writer's typing on either side
//!   stays where it was typed;
//! - tree `sections` (fractional order): each node's map holds `numbering` (its children's
//!   style) and `deleted`; maps `headings` and `bodies` hold its heading and its paragraphs (as
//!   above) as texts, by the node's id;
//! - map `doc`: `numbering` (the top level's style), `settings` and `review` (JSON, the last
//!   writer's);
//! - list `versions`: maps of `name`, `saved`, `note` and `at` (the document's frontiers when
//!   the version was kept, encoded): a version is the document as it was then.
//!
//! Ids: sections and paragraphs carry ids local to each writer's copy. A section's identity
//! across writers is its tree node ([`TreeID`]: the writer and a counter, unique by
//! construction); a paragraph keeps its local id as long as its text or its place in its
//! container says it is the same paragraph.
//!
//! Cost: a local edit compares the texts it may have changed with the copy's (one pass over
//! the speech, no copy of unchanged texts into the document) and diffs the changed ones; a
//! remote change re-reads the whole document: linear in the speech, under a millisecond for
//! 30 000 字 (`cargo bench --bench core -- shared`).

pub mod hub;
pub mod journal;

use std::collections::HashMap;
use std::sync::Arc;

use loro::{
    Container, ContainerTrait, ExportMode, Frontiers, LoroDoc, LoroMap, LoroText, LoroTree,
    LoroValue, TreeID, UndoManager, ValueOrContainer, VersionVector,
};

use crate::doc::edit::{Edit, EditError, Effect};
use crate::doc::model::{
    CheckSettings, Field, MAX_DEPTH, Numbering, ParaId, Paragraph, Section, SectionId, Speech,
    Spot, TextPos, TextRef, Version,
};

/// Why a shared speech could not take a change.
#[derive(Debug, thiserror::Error)]
pub enum SharedError {
    /// The edit itself was refused; nothing changed.
    #[error(transparent)]
    Edit(#[from] EditError),
    /// The engine refused an operation or an update (a damaged or foreign update).
    #[error("共享文档无法更新：{0}")]
    Engine(String),
}

impl From<loro::LoroError> for SharedError {
    fn from(e: loro::LoroError) -> Self {
        SharedError::Engine(e.to_string())
    }
}

/// What a merge can leave that a single writer's edit would have been refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MergeIssue {
    /// A section nests deeper than [`MAX_DEPTH`] levels (two writers indented at once).
    TooDeep { heading: String, depth: usize },
    /// Two versions share a name (two writers kept `二稿` at once).
    DuplicateVersionName(String),
}

impl std::fmt::Display for MergeIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergeIssue::TooDeep { heading, depth } => write!(
                f,
                "合并后小节“{heading}”在第 {depth} 层，超过 {MAX_DEPTH} 层：请调整层级"
            ),
            MergeIssue::DuplicateVersionName(name) => {
                write!(f, "合并后有两个名为“{name}”的版本：请改名区分")
            }
        }
    }
}

/// A section in the 回收站: deleted by a writer, kept with all its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deleted {
    /// The section's identity in the shared document.
    pub node: TreeID,
    pub heading: String,
}

/// The maps holding each section's heading and body texts, by tree node. (Not in the node's own
/// map: the engine's undo mis-places a step in a text made inside a node of the writer's own.)
const HEADINGS: &str = "headings";
const BODIES: &str = "bodies";

const FIELD_KEYS: [(Field, &str); 5] = [
    (Field::Title, "title"),
    (Field::Subtitle, "subtitle"),
    (Field::DateLine, "date_line"),
    (Field::Speaker, "speaker"),
    (Field::Salutation, "salutation"),
];

/// A speech several writers edit: the Loro document and this writer's model of it.
pub struct SharedSpeech {
    doc: LoroDoc,
    tree: LoroTree,
    undo: UndoManager,
    /// The text a burst of typing goes into: its keystrokes are one undo step (a group), as
    /// with a draft of one's own, until another edit or a pause ([`SharedSpeech::seal`]).
    typing: Option<TextRef>,
    /// Dismissed findings whose text this copy does not show (a deleted section's): kept, so
    /// that they come back with it.
    unplaced: Vec<SharedDismissal>,
    /// The speech as the document holds it now, with this copy's ids.
    speech: Speech,
    /// Tree node ↔ this copy's section id. Never shrinks: a deleted section may come back.
    sections: HashMap<TreeID, SectionId>,
    nodes: HashMap<SectionId, TreeID>,
    /// Versions already read from the document, by where they were kept and their labels.
    versions: HashMap<(Vec<u8>, String, String, String), Arc<Version>>,
}

impl SharedSpeech {
    /// A new shared document holding `speech` (its first writer's copy). `peer` names this
    /// writer in the document; every writer's must differ.
    pub fn create(speech: &Speech, peer: u64) -> Result<Self, SharedError> {
        let mut shared = Self::empty(peer)?;
        shared.speech.next_id = speech.next_id;
        // A version is a point in the shared history: the draft's versions are written as
        // that history, oldest first (each one's text, then kept as a version), and the
        // current text last. Parts deleted since a version are in the 回收站, as any deletion.
        let mut kept: Vec<Arc<Version>> = Vec::new();
        for v in &speech.versions {
            let mut then = v.speech.clone();
            then.next_id = speech.next_id;
            then.versions = kept.clone();
            shared.step(then.clone())?;
            kept.push(v.clone());
            then.versions = kept.clone();
            shared.step(then)?;
        }
        let mut start = speech.clone();
        start.versions = kept;
        shared.step(start)?;
        shared.write_dismissed()?;
        shared.doc.commit();
        // The starting text is no step to undo.
        shared.undo = UndoManager::new(&shared.doc);
        Ok(shared)
    }

    /// Writes `next` over the speech and commits it: one point of the history.
    fn step(&mut self, next: Speech) -> Result<(), SharedError> {
        self.write(&next)?;
        self.speech = next;
        self.doc.commit();
        Ok(())
    }

    /// A writer's copy made from a document's bytes (a snapshot or updates).
    pub fn open(bytes: &[u8], peer: u64) -> Result<Self, SharedError> {
        let mut shared = Self::empty(peer)?;
        shared.doc.import(bytes)?;
        shared.rebuild()?;
        shared.undo = UndoManager::new(&shared.doc);
        Ok(shared)
    }

    /// A writer's copy of a document it has nothing of yet (to join one on the hub): every
    /// change comes in by [`SharedSpeech::import`].
    pub fn blank(peer: u64) -> Result<Self, SharedError> {
        let mut shared = Self::empty(peer)?;
        shared.rebuild()?;
        Ok(shared)
    }

    fn empty(peer: u64) -> Result<Self, SharedError> {
        let doc = LoroDoc::new();
        doc.set_peer_id(peer)?;
        let tree = doc.get_tree("sections");
        tree.enable_fractional_index(0);
        let undo = UndoManager::new(&doc);
        let mut speech = Speech::new();
        speech.opening.clear();
        speech.salutation.clear();
        Ok(SharedSpeech {
            doc,
            tree,
            undo,
            typing: None,
            unplaced: Vec::new(),
            speech,
            sections: HashMap::new(),
            nodes: HashMap::new(),
            versions: HashMap::new(),
        })
    }

    /// This writer's id in the document.
    pub fn peer(&self) -> u64 {
        self.doc.peer_id()
    }

    /// The speech as it stands, with this copy's ids.
    pub fn speech(&self) -> &Speech {
        &self.speech
    }

    /// Applies a local edit: validated by the model's `apply`, then written into the document
    /// as one commit. On error nothing changed.
    pub fn apply(&mut self, edit: Edit) -> Result<Effect, SharedError> {
        let mut next = self.speech.clone();
        let typed = match &edit {
            Edit::SetText { target, .. } => Some(*target),
            _ => None,
        };
        let effect = crate::doc::edit::apply(&mut next, edit)?;
        match typed {
            Some(target) if self.typing == Some(target) => {}
            Some(target) => {
                self.seal();
                if self.undo.group_start().is_ok() {
                    self.typing = Some(target);
                }
            }
            None => self.seal(),
        }
        let settings = self.speech.settings != next.settings;
        let mut written = self.write(&next);
        if written.is_ok() {
            self.speech = next;
            if settings {
                written = self.write_dismissed();
            }
        }
        if let Err(e) = written {
            // The engine refused part of the change: what it took is committed and the speech
            // re-made from the document, so the two never differ.
            self.doc.commit();
            self.rebuild()?;
            return Err(e);
        }
        self.doc.commit();
        Ok(effect)
    }

    /// Takes back this writer's last step (a co-writer's steps stay). Whether there was one.
    pub fn undo(&mut self) -> Result<bool, SharedError> {
        self.seal();
        let done = self.undo.undo()?;
        self.rebuild()?;
        Ok(done)
    }

    /// Ends the current burst of typing: the next keystroke starts a new undo step.
    pub fn seal(&mut self) {
        if self.typing.take().is_some() {
            self.undo.group_end();
        }
    }

    /// Whether this writer has a step to take back.
    pub fn can_undo(&self) -> bool {
        self.undo.can_undo()
    }

    /// Whether a step taken back can be done again.
    pub fn can_redo(&self) -> bool {
        self.undo.can_redo()
    }

    /// Does again the step last taken back.
    pub fn redo(&mut self) -> Result<bool, SharedError> {
        self.seal();
        let done = self.undo.redo()?;
        self.rebuild()?;
        Ok(done)
    }

    /// This copy's version vector: what it has of each writer.
    pub fn version_vector(&self) -> VersionVector {
        self.doc.oplog_vv()
    }

    /// The changes this copy has that one with version vector `since` lacks.
    pub fn updates_since(&self, since: &VersionVector) -> Result<Vec<u8>, SharedError> {
        self.doc
            .export(ExportMode::updates(since))
            .map_err(|e| SharedError::Engine(e.to_string()))
    }

    /// The whole document, for a new writer or a local copy on disk.
    pub fn snapshot(&self) -> Result<Vec<u8>, SharedError> {
        self.doc
            .export(ExportMode::Snapshot)
            .map_err(|e| SharedError::Engine(e.to_string()))
    }

    /// Takes in a co-writer's changes (in any order, repeated or not: changes whose causes
    /// have not arrived wait for them) and re-makes the speech.
    pub fn import(&mut self, bytes: &[u8]) -> Result<(), SharedError> {
        self.doc.import(bytes)?;
        self.rebuild()
    }

    /// The sections in the 回收站, in document order.
    pub fn deleted(&self) -> Vec<Deleted> {
        let mut out = Vec::new();
        for node in self.tree.nodes() {
            if self.is_deleted(node) {
                out.push(Deleted {
                    node,
                    heading: text_of(&self.doc, HEADINGS, node),
                });
            }
        }
        out
    }

    /// Brings a deleted section back where it stood, with everything typed in it since.
    pub fn restore(&mut self, node: TreeID) -> Result<(), SharedError> {
        self.seal();
        let meta = self.tree.get_meta(node)?;
        meta.insert("deleted", false)?;
        self.doc.commit();
        self.rebuild()
    }

    /// What the merges so far have left that an edit would have refused.
    pub fn merge_issues(&self) -> Vec<MergeIssue> {
        let mut out = Vec::new();
        fn walk(list: &[Section], depth: usize, out: &mut Vec<MergeIssue>) {
            for s in list {
                if depth > MAX_DEPTH {
                    out.push(MergeIssue::TooDeep {
                        heading: s.heading.clone(),
                        depth,
                    });
                }
                walk(&s.children, depth + 1, out);
            }
        }
        walk(&self.speech.sections, 1, &mut out);
        let mut seen = std::collections::HashSet::new();
        for v in &self.speech.versions {
            if !seen.insert(v.name.as_str()) {
                out.push(MergeIssue::DuplicateVersionName(v.name.clone()));
            }
        }
        out
    }

    /// The tree node of a section of this copy.
    pub fn node_of(&self, id: SectionId) -> Option<TreeID> {
        self.nodes.get(&id).copied()
    }

    /// A caret in the document's terms (encoded), for co-writers to show: it stays between the
    /// same two characters while anyone types around it. `None` where the place is not a text
    /// of this speech.
    pub fn cursor_at(&self, at: TextPos) -> Option<Vec<u8>> {
        let (text, offset) = match at.spot {
            Spot::Text(TextRef::Field(field)) => (self.field_text(field), at.offset),
            Spot::Text(TextRef::Heading(id)) => {
                let node = self.nodes.get(&id)?;
                (self.existing_text(HEADINGS, *node)?, at.offset)
            }
            Spot::Text(TextRef::Paragraph(p)) => {
                let (container, index) = self.speech.locate_paragraph(p)?;
                let list = self.speech.paragraphs(container)?;
                // Paragraphs are stored one per line: the caret's place counts the lines before.
                let before: usize = list[..index]
                    .iter()
                    .map(|p| p.text.chars().count() + 1)
                    .sum();
                (self.body_text(container)?, before + at.offset)
            }
            Spot::Empty(container) => (self.body_text(container)?, 0),
        };
        let len = text.len_unicode();
        text.get_cursor(offset.min(len), loro::cursor::Side::Middle)
            .map(|c| c.encode())
    }

    /// Where a caret made by [`SharedSpeech::cursor_at`] (by any writer) stands now in this
    /// copy's speech. `None` for bytes that are no caret, a text this copy does not show (a
    /// deleted section's) or one it has not yet received.
    pub fn position_of(&self, cursor: &[u8]) -> Option<TextPos> {
        let cursor = loro::cursor::Cursor::decode(cursor).ok()?;
        let pos = self.doc.get_cursor_pos(&cursor).ok()?.current.pos;
        let id = &cursor.container;
        for (field, key) in FIELD_KEYS {
            if self.doc.get_text(key).id() == *id {
                return Some(TextPos::new(TextRef::Field(field), pos));
            }
        }
        use crate::doc::model::Container as C;
        let mut containers = vec![
            (C::Opening, self.doc.get_text("opening").id()),
            (C::Closing, self.doc.get_text("closing").id()),
            (C::Appendix, self.doc.get_text("appendix").id()),
        ];
        let mut found = None;
        self.speech.walk_sections(&mut |_, s| {
            let Some(node) = self.nodes.get(&s.id) else {
                return;
            };
            if let Some(t) = self.existing_text(HEADINGS, *node)
                && t.id() == *id
            {
                found = Some(TextPos::new(TextRef::Heading(s.id), pos));
            }
            if let Some(t) = self.existing_text(BODIES, *node) {
                containers.push((C::Section(s.id), t.id()));
            }
        });
        if found.is_some() {
            return found;
        }
        let (container, _) = containers.into_iter().find(|(_, c)| c == id)?;
        let list = self.speech.paragraphs(container)?;
        // The line the place falls in, and the place within it.
        let mut rest = pos;
        for p in list {
            let n = p.text.chars().count();
            if rest <= n {
                return Some(TextPos::new(TextRef::Paragraph(p.id), rest));
            }
            rest -= n + 1;
        }
        match list.last() {
            Some(p) => Some(TextPos::new(
                TextRef::Paragraph(p.id),
                p.text.chars().count(),
            )),
            None => Some(TextPos {
                spot: Spot::Empty(container),
                offset: 0,
            }),
        }
    }

    fn field_text(&self, field: Field) -> LoroText {
        let key = FIELD_KEYS
            .iter()
            .find(|(f, _)| *f == field)
            .map_or("title", |(_, k)| k);
        self.doc.get_text(key)
    }

    fn existing_text(&self, kind: &str, node: TreeID) -> Option<LoroText> {
        match self.doc.get_map(kind).get(&node.to_string()) {
            Some(ValueOrContainer::Container(Container::Text(t))) => Some(t),
            _ => None,
        }
    }

    fn body_text(&self, container: crate::doc::model::Container) -> Option<LoroText> {
        use crate::doc::model::Container as C;
        match container {
            C::Opening => Some(self.doc.get_text("opening")),
            C::Closing => Some(self.doc.get_text("closing")),
            C::Appendix => Some(self.doc.get_text("appendix")),
            C::Section(id) => self.existing_text(BODIES, *self.nodes.get(&id)?),
        }
    }

    // ---- Writing a local change ----

    /// Writes what differs between the copy's speech and `next` into the document.
    fn write(&mut self, next: &Speech) -> Result<(), SharedError> {
        let current = std::mem::take(&mut self.speech);
        let result = self.write_from(&current, next);
        self.speech = current;
        result
    }

    fn write_from(&mut self, old: &Speech, next: &Speech) -> Result<(), SharedError> {
        for (field, key) in FIELD_KEYS {
            if old.field(field) != next.field(field) {
                update(&self.doc.get_text(key), next.field(field))?;
            }
        }
        for (key, old, new) in [
            ("opening", &old.opening, &next.opening),
            ("closing", &old.closing, &next.closing),
            ("appendix", &old.appendix, &next.appendix),
        ] {
            if texts_differ(old, new) {
                update(&self.doc.get_text(key), &joined(new))?;
            }
        }
        let meta = self.doc.get_map("doc");
        if old.numbering != next.numbering || meta.get("numbering").is_none() {
            meta.insert("numbering", numbering_name(next.numbering))?;
        }
        if old.settings != next.settings {
            // Dismissed findings point at texts by this copy's ids: they are written apart, by
            // places every copy can read (`write_dismissed`).
            let mut plain = next.settings.clone();
            plain.dismissed.clear();
            meta.insert("settings", to_json(&plain))?;
        }
        if old.review != next.review {
            meta.insert("review", to_json(&next.review))?;
        }
        self.write_sections(old, next)?;
        self.write_versions(old, next)?;
        Ok(())
    }

    fn write_sections(&mut self, current: &Speech, next: &Speech) -> Result<(), SharedError> {
        let mut old: HashMap<SectionId, &Section> = HashMap::new();
        current.walk_sections(&mut |_, s| {
            old.insert(s.id, s);
        });
        let mut kept = std::collections::HashSet::new();
        next.walk_sections(&mut |_, s| {
            kept.insert(s.id);
        });
        // Gone from the speech: deleted, never removed. Only the outermost part gone is marked:
        // its parts go to the 回收站 inside it and come back with it, and a part a co-writer
        // moves out of it meanwhile stays in the speech.
        let mut parent: HashMap<SectionId, SectionId> = HashMap::new();
        for (id, p) in shape(&current.sections) {
            if let Some(p) = p {
                parent.insert(id, p);
            }
        }
        for id in old.keys() {
            let outermost = parent.get(id).is_none_or(|p| kept.contains(p));
            if !kept.contains(id)
                && outermost
                && let Some(node) = self.nodes.get(id)
            {
                self.tree.get_meta(*node)?.insert("deleted", true)?;
            }
        }
        if shape(&current.sections) != shape(&next.sections) {
            self.place(None, &next.sections)?;
        }
        let mut all: Vec<&Section> = Vec::new();
        next.walk_sections(&mut |_, s| all.push(s));
        for s in all {
            let Some(node) = self.nodes.get(&s.id).copied() else {
                continue;
            };
            let before = old.get(&s.id);
            if before.is_none_or(|b| b.heading != s.heading) {
                update(&text_container(&self.doc, HEADINGS, node)?, &s.heading)?;
            }
            if before.is_none_or(|b| texts_differ(&b.paragraphs, &s.paragraphs)) {
                update(
                    &text_container(&self.doc, BODIES, node)?,
                    &joined(&s.paragraphs),
                )?;
            }
            if before.is_none_or(|b| b.child_numbering != s.child_numbering) {
                self.tree
                    .get_meta(node)?
                    .insert("numbering", numbering_name(s.child_numbering))?;
            }
        }
        Ok(())
    }

    /// Puts the sections of `list` under `parent` in the tree, in order: new ones created,
    /// moved ones moved, each after the one before it.
    fn place(&mut self, parent: Option<TreeID>, list: &[Section]) -> Result<(), SharedError> {
        let mut prev: Option<TreeID> = None;
        for s in list {
            let node = match self.nodes.get(&s.id) {
                Some(n) => {
                    // A section back in the speech (a version restored, an undo): out of the
                    // 回收站.
                    if self.is_deleted(*n) {
                        self.tree.get_meta(*n)?.insert("deleted", false)?;
                    }
                    *n
                }
                None => {
                    let node = self.tree.create(parent)?;
                    let meta = self.tree.get_meta(node)?;
                    meta.insert("deleted", false)?;
                    for kind in [HEADINGS, BODIES] {
                        self.doc
                            .get_map(kind)
                            .insert_container(&node.to_string(), LoroText::new())?;
                    }
                    self.nodes.insert(s.id, node);
                    self.sections.insert(node, s.id);
                    node
                }
            };
            let visible = self.visible_children(parent);
            let at = prev.map_or(0, |p| {
                visible.iter().position(|v| *v == p).map_or(0, |i| i + 1)
            });
            if visible.get(at) != Some(&node) {
                match prev {
                    Some(p) => self.tree.mov_after(node, p)?,
                    None => match visible.first() {
                        Some(first) => self.tree.mov_before(node, *first)?,
                        None => self.tree.mov(node, parent)?,
                    },
                }
            }
            self.place(Some(node), &s.children)?;
            prev = Some(node);
        }
        Ok(())
    }

    fn write_versions(&mut self, current: &Speech, next: &Speech) -> Result<(), SharedError> {
        let list = self.doc.get_list("versions");
        let old = &current.versions;
        let new = &next.versions;
        let same = |a: &Arc<Version>, b: &Arc<Version>| Arc::ptr_eq(a, b);
        if old.len() == new.len() && old.iter().zip(new).all(|(a, b)| same(a, b)) {
            return Ok(());
        }
        // One version kept, removed or renamed per edit: find where the lists part.
        let common = old.iter().zip(new).take_while(|(a, b)| same(a, b)).count();
        if new.len() == old.len() + 1 && common == old.len() {
            // Kept now: the document as it stands before this edit's changes.
            let v = &new[common];
            let map = list.insert_container(common, LoroMap::new())?;
            map.insert("name", v.name.as_str())?;
            map.insert("saved", v.saved.as_str())?;
            map.insert("note", v.note.as_str())?;
            map.insert("at", self.doc.state_frontiers().encode())?;
        } else if new.len() + 1 == old.len() {
            list.delete(common, 1)?;
        } else if new.len() == old.len() {
            for (i, (a, b)) in old.iter().zip(new).enumerate() {
                if !same(a, b)
                    && let Some(ValueOrContainer::Container(Container::Map(map))) = list.get(i)
                {
                    if a.name != b.name {
                        map.insert("name", b.name.as_str())?;
                    }
                    if a.note != b.note {
                        map.insert("note", b.note.as_str())?;
                    }
                }
            }
        }
        Ok(())
    }

    fn visible_children(&self, parent: Option<TreeID>) -> Vec<TreeID> {
        self.tree
            .children(parent)
            .unwrap_or_default()
            .into_iter()
            .filter(|n| !self.is_deleted(*n))
            .collect()
    }

    fn is_deleted(&self, node: TreeID) -> bool {
        self.tree.get_meta(node).is_ok_and(|m| {
            matches!(
                m.get("deleted"),
                Some(ValueOrContainer::Value(LoroValue::Bool(true)))
            )
        })
    }

    // ---- Reading the document ----

    /// Re-makes the speech from the document, keeping this copy's ids where the same section
    /// or paragraph is still there.
    fn rebuild(&mut self) -> Result<(), SharedError> {
        let old = std::mem::take(&mut self.speech);
        let mut next_id = old.next_id;
        let mut speech = read_speech(
            &self.doc,
            &mut Ids {
                sections: &mut self.sections,
                nodes: &mut self.nodes,
                next_id: &mut next_id,
            },
            Some(&old),
        );
        let list = self.doc.get_list("versions");
        for i in 0..list.len() {
            let Some(ValueOrContainer::Container(Container::Map(map))) = list.get(i) else {
                continue;
            };
            let label = |k: &str| match map.get(k) {
                Some(ValueOrContainer::Value(LoroValue::String(s))) => s.to_string(),
                _ => String::new(),
            };
            let at = match map.get("at") {
                Some(ValueOrContainer::Value(LoroValue::Binary(b))) => b.to_vec(),
                _ => continue,
            };
            let key = (at, label("name"), label("saved"), label("note"));
            if let Some(v) = self.versions.get(&key) {
                speech.versions.push(v.clone());
                continue;
            }
            let Ok(frontiers) = Frontiers::decode(&key.0) else {
                continue;
            };
            let Ok(then) = self.doc.fork_at(&frontiers) else {
                continue;
            };
            let mut text = read_speech(
                &then,
                &mut Ids {
                    sections: &mut self.sections,
                    nodes: &mut self.nodes,
                    next_id: &mut next_id,
                },
                None,
            );
            text.versions.clear();
            // As the model keeps a version: the text, no review in progress.
            text.review = Default::default();
            let v = Arc::new(Version {
                name: key.1.clone(),
                saved: key.2.clone(),
                note: key.3.clone(),
                speech: text,
            });
            self.versions.insert(key, v.clone());
            speech.versions.push(v);
        }
        speech.next_id = next_id;
        self.speech = speech;
        self.read_dismissed();
        Ok(())
    }

    /// Writes the dismissed findings with their texts as carets at each text's start, which
    /// every copy reads back as its own text (by [`SharedSpeech::position_of`]).
    fn write_dismissed(&mut self) -> Result<(), SharedError> {
        let mut list: Vec<SharedDismissal> = self
            .speech
            .settings
            .dismissed
            .iter()
            .filter_map(|d| {
                Some(SharedDismissal {
                    rule: d.rule.clone(),
                    at: self.cursor_at(TextPos::new(d.target, 0))?,
                    matched: d.matched.clone(),
                })
            })
            .collect();
        list.extend(self.unplaced.iter().cloned());
        self.doc
            .get_map("doc")
            .insert("dismissed", to_json(&list))?;
        Ok(())
    }

    /// Reads the dismissed findings back onto this copy's texts; one whose text this copy does
    /// not show is kept aside, and written back with the others.
    fn read_dismissed(&mut self) {
        let Some(ValueOrContainer::Value(LoroValue::String(json))) =
            self.doc.get_map("doc").get("dismissed")
        else {
            return;
        };
        let Ok(list) = serde_json::from_str::<Vec<SharedDismissal>>(&json) else {
            return;
        };
        let mut dismissed = Vec::new();
        let mut unplaced = Vec::new();
        for d in list {
            match self.position_of(&d.at).map(|p| p.spot) {
                Some(Spot::Text(target)) => dismissed.push(crate::doc::model::Dismissal {
                    rule: d.rule,
                    target,
                    matched: d.matched,
                }),
                _ => unplaced.push(d),
            }
        }
        self.speech.settings.dismissed = dismissed;
        self.unplaced = unplaced;
    }
}

/// A dismissed finding as the shared document holds it: its text named by a caret.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct SharedDismissal {
    rule: String,
    at: Vec<u8>,
    matched: String,
}

/// The id maps a reading fills in.
struct Ids<'a> {
    sections: &'a mut HashMap<TreeID, SectionId>,
    nodes: &'a mut HashMap<SectionId, TreeID>,
    next_id: &'a mut u64,
}

impl Ids<'_> {
    fn alloc(&mut self) -> u64 {
        let id = *self.next_id;
        *self.next_id += 1;
        id
    }

    fn section(&mut self, node: TreeID) -> SectionId {
        if let Some(id) = self.sections.get(&node) {
            return *id;
        }
        let id = SectionId(self.alloc());
        self.sections.insert(node, id);
        self.nodes.insert(id, node);
        id
    }
}

/// Reads a speech (without versions) from a document; `old` lends its paragraph ids.
fn read_speech(doc: &LoroDoc, ids: &mut Ids, old: Option<&Speech>) -> Speech {
    let mut speech = Speech::new();
    speech.opening.clear();
    for (field, key) in FIELD_KEYS {
        *speech.field_mut(field) = doc.get_text(key).to_string();
    }
    let empty = Vec::new();
    let before = |f: fn(&Speech) -> &Vec<Paragraph>| old.map_or(&empty, f);
    speech.opening = paragraphs(
        &doc.get_text("opening").to_string(),
        before(|s| &s.opening),
        ids,
    );
    speech.closing = paragraphs(
        &doc.get_text("closing").to_string(),
        before(|s| &s.closing),
        ids,
    );
    speech.appendix = paragraphs(
        &doc.get_text("appendix").to_string(),
        before(|s| &s.appendix),
        ids,
    );
    let meta = doc.get_map("doc");
    let value = |k: &str| match meta.get(k) {
        Some(ValueOrContainer::Value(LoroValue::String(s))) => Some(s.to_string()),
        _ => None,
    };
    speech.numbering = value("numbering")
        .and_then(|n| numbering_from(&n))
        .unwrap_or_default();
    speech.settings = value("settings")
        .and_then(|s| serde_json::from_str::<CheckSettings>(&s).ok())
        .unwrap_or_default();
    speech.review = value("review")
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let mut old_paragraphs: HashMap<SectionId, &[Paragraph]> = HashMap::new();
    if let Some(o) = old {
        o.walk_sections(&mut |_, s| {
            old_paragraphs.insert(s.id, &s.paragraphs);
        });
    }
    let tree = doc.get_tree("sections");
    speech.sections = read_sections(doc, &tree, None, ids, &old_paragraphs, 0);
    speech
}

fn read_sections(
    doc: &LoroDoc,
    tree: &LoroTree,
    parent: Option<TreeID>,
    ids: &mut Ids,
    old: &HashMap<SectionId, &[Paragraph]>,
    depth: usize,
) -> Vec<Section> {
    let mut out = Vec::new();
    // The engine keeps the tree acyclic; the bound only keeps a damaged one from recursing
    // without end.
    if depth > 4 * MAX_DEPTH {
        return out;
    }
    for node in tree.children(parent).unwrap_or_default() {
        let Ok(meta) = tree.get_meta(node) else {
            continue;
        };
        if matches!(
            meta.get("deleted"),
            Some(ValueOrContainer::Value(LoroValue::Bool(true)))
        ) {
            continue;
        }
        let id = ids.section(node);
        let body = text_of(doc, BODIES, node);
        let child_numbering = match meta.get("numbering") {
            Some(ValueOrContainer::Value(LoroValue::String(s))) => numbering_from(&s),
            _ => None,
        }
        .unwrap_or_default();
        let paras = paragraphs(&body, old.get(&id).copied().unwrap_or(&[]), ids);
        out.push(Section {
            id,
            heading: text_of(doc, HEADINGS, node),
            paragraphs: paras,
            child_numbering,
            children: read_sections(doc, tree, Some(node), ids, old, depth + 1),
        });
    }
    out
}

/// A container's paragraphs from its text (one per line; a last line without its `\n`, left
/// by two writers' edits, is a paragraph too), keeping the ids of `old` where the same
/// paragraph is still there: the same text at the start or the end, or, between them, as many
/// paragraphs as before (one of them typed in).
fn paragraphs(text: &str, old: &[Paragraph], ids: &mut Ids) -> Vec<Paragraph> {
    let mut lines: Vec<&str> = text.split('\n').collect();
    if lines.last() == Some(&"") {
        lines.pop();
    }
    let head = lines
        .iter()
        .zip(old)
        .take_while(|(l, p)| **l == p.text)
        .count();
    let tail = lines[head..]
        .iter()
        .rev()
        .zip(old[head..].iter().rev())
        .take_while(|(l, p)| **l == p.text)
        .count();
    let same_count = lines.len() == old.len();
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let from_end = lines.len() - i;
            let id = if i < head {
                old[i].id
            } else if from_end <= tail {
                old[old.len() - from_end].id
            } else if same_count {
                old[i].id
            } else {
                ParaId(ids.alloc())
            };
            Paragraph {
                id,
                text: (*l).to_owned(),
            }
        })
        .collect()
}

/// A container's text: each paragraph ended by a line break.
fn joined(paras: &[Paragraph]) -> String {
    let mut out = String::with_capacity(paras.iter().map(|p| p.text.len() + 1).sum());
    for p in paras {
        out.push_str(&p.text);
        out.push('\n');
    }
    out
}

fn texts_differ(a: &[Paragraph], b: &[Paragraph]) -> bool {
    a.len() != b.len() || a.iter().zip(b).any(|(x, y)| x.text != y.text)
}

/// Makes a document text read `new` by changing only what differs. A change in one place
/// (every keystroke, split, join) is found by its common start and end in one pass; a text
/// changed in several places (replace all) is diffed, within a time bound, so that a
/// co-writer's typing between the places stays untouched.
fn update(text: &LoroText, new: &str) -> Result<(), SharedError> {
    let old = text.to_string();
    if old == new {
        return Ok(());
    }
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let (prefix, suffix) = crate::text::index::common_ends(&a, &b);
    let removed = a.len() - prefix - suffix;
    let inserted: String = b[prefix..b.len() - suffix].iter().collect();
    let short = removed.max(b.len() - prefix - suffix) <= 64;
    if removed == 0 || inserted.is_empty() || short {
        text.splice(prefix, removed, &inserted)?;
        return Ok(());
    }
    let options = loro::UpdateOptions {
        timeout_ms: Some(50.0),
        use_refined_diff: true,
    };
    if text.update(new, options).is_err() {
        text.splice(prefix, removed, &inserted)?;
    }
    Ok(())
}

/// A section's text to write to: made with its node (by the writer who made the node, so no
/// two writers make it at once).
fn text_container(doc: &LoroDoc, kind: &str, node: TreeID) -> Result<LoroText, SharedError> {
    let map = doc.get_map(kind);
    let key = node.to_string();
    match map.get(&key) {
        Some(ValueOrContainer::Container(Container::Text(t))) => Ok(t),
        _ => Ok(map.insert_container(&key, LoroText::new())?),
    }
}

/// A section's text; empty where there is none yet. Reading writes nothing.
fn text_of(doc: &LoroDoc, kind: &str, node: TreeID) -> String {
    match doc.get_map(kind).get(&node.to_string()) {
        Some(ValueOrContainer::Container(Container::Text(t))) => t.to_string(),
        _ => String::new(),
    }
}

/// The tree's shape: each section with its parent, in order.
fn shape(list: &[Section]) -> Vec<(SectionId, Option<SectionId>)> {
    let mut out = Vec::new();
    fn go(
        list: &[Section],
        parent: Option<SectionId>,
        out: &mut Vec<(SectionId, Option<SectionId>)>,
    ) {
        for s in list {
            out.push((s.id, parent));
            go(&s.children, Some(s.id), out);
        }
    }
    go(list, None, &mut out);
    out
}

fn numbering_name(n: Numbering) -> &'static str {
    match n {
        Numbering::Heading => "Heading",
        Numbering::Shi => "Shi",
        Numbering::Yao => "Yao",
        Numbering::Di => "Di",
        Numbering::Sequence => "Sequence",
        Numbering::Lead => "Lead",
        Numbering::Plain => "Plain",
    }
}

fn numbering_from(name: &str) -> Option<Numbering> {
    Numbering::ALL
        .into_iter()
        .find(|n| numbering_name(*n) == name)
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
