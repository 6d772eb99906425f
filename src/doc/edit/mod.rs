//! Edits as values: every change to a speech — from a keystroke to moving a whole section — is an
//! [`Edit`] applied by [`apply`].
//!
//! Guarantees: `apply` validates before it mutates, so a failed edit (a stale id, an index out of
//! range, a move into the section's own subtree) returns an [`EditError`] and leaves the speech
//! exactly as it was. It never panics on any input.

mod paragraphs;
mod range;
pub mod review;
mod roles;
mod structure;
mod versions;

pub use roles::{TextRole, role_of, roles_for};
pub use versions::next_version_name;

use crate::doc::model::{
    Container, Field, MAX_DEPTH, Numbering, ParaId, SectionId, Speech, Spot, TextPos, TextRef,
};
use crate::text::index::{self, CharIdx};

/// One change to a speech.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Replace a whole text (field, heading or paragraph).
    SetText { target: TextRef, text: String },
    /// Replace several texts at once, as one step (全部修正).
    SetTexts(Vec<(TextRef, String)>),
    /// Change how the sibling group under `parent` is numbered (`None`: the top level).
    SetNumbering {
        parent: Option<SectionId>,
        numbering: Numbering,
    },
    /// Insert a new empty section at `index` among the children of `parent`.
    InsertSection {
        parent: Option<SectionId>,
        index: usize,
        heading: String,
    },
    /// Remove a section with everything in it.
    DeleteSection { id: SectionId },
    /// Move a section (with its subtree) to `index` among the children of `parent`; `index`
    /// counts the destination list *after* the section has been taken out.
    MoveSection {
        id: SectionId,
        parent: Option<SectionId>,
        index: usize,
    },
    /// Swap a section with its previous sibling.
    MoveUp { id: SectionId },
    /// Swap a section with its next sibling.
    MoveDown { id: SectionId },
    /// Make a section the last child of its previous sibling.
    Indent { id: SectionId },
    /// Make a section the next sibling of its parent.
    Outdent { id: SectionId },
    /// Insert a new paragraph at `index` in a container.
    InsertParagraph {
        container: Container,
        index: usize,
        text: String,
    },
    /// Split a paragraph at a character offset; the tail becomes a new paragraph after it.
    SplitParagraph { para: ParaId, at: usize },
    /// Replace a paragraph by several: the first line becomes its text, the others new
    /// paragraphs after it. What Enter or a multi-line paste in the editor does.
    ReplaceWithLines { para: ParaId, lines: Vec<String> },
    /// Append a paragraph to the previous paragraph of its container and remove it.
    MergeWithPrevious { para: ParaId },
    /// Remove a paragraph.
    DeleteParagraph { para: ParaId },
    /// Move the first `chars` characters of a section's first paragraph to the end of its
    /// heading — or, with a negative count, the last characters of the heading to the start of
    /// the first paragraph. Fixes an imported heading whose end was guessed wrong.
    ShiftHeadingBoundary { id: SectionId, chars: isize },
    /// Replace what lies between two places with `text`, as a word processor does: the
    /// paragraphs between are removed and the two ends join; line breaks in `text` make new
    /// paragraphs (in a heading or a field they are dropped, but for the salutation's one).
    /// The range may lie in one text, run over paragraphs of one container, or run from a
    /// section's heading into its paragraphs (the heading keeps its start, the paragraph its
    /// end). A range over other boundaries is refused: see [`EditError::AcrossParts`].
    /// `from` must not come after `to`. Its effect is [`Effect::Caret`]: after the new text.
    ReplaceRange {
        from: TextPos,
        to: TextPos,
        text: String,
    },
    /// Replace every occurrence of `find` in every text with `replace`.
    ReplaceAll { find: String, replace: String },
    /// Make a text a heading at some level, a body paragraph, or part of the opening, the
    /// closing or the back matter (设为标题/正文/开头/结尾/附件). See [`TextRole`].
    SetRole { target: TextRef, role: TextRole },
    /// Replace the checker settings (rules on/off, dismissed findings, level, length target).
    SetSettings(crate::doc::model::CheckSettings),
    /// Keep the speech as it is now as a named version; `saved` is the time to show.
    SaveVersion {
        name: String,
        saved: String,
        note: String,
    },
    /// Make version `index` the current text. Versions and checker settings stay as they are.
    RestoreVersion { index: usize },
    /// Remove version `index`.
    DeleteVersion { index: usize },
    /// Hold the tracked changes and comments of a returned file (replacing any review before).
    LoadReview(crate::doc::model::review::Review),
    /// Accept (the speech takes it) or refuse (it is dropped) one tracked change.
    DecideChange { id: u64, accept: bool },
    /// Accept or refuse every tracked change, or every one of one reviewer. A change that can
    /// no longer be applied stays in the list; the effect counts the ones decided.
    DecideAll {
        accept: bool,
        author: Option<String>,
    },
    /// Mark a comment resolved, or open again.
    ResolveComment { id: u64, resolved: bool },
    /// Rename version `index` and replace its note.
    RenameVersion {
        index: usize,
        name: String,
        note: String,
    },
}

/// What an applied edit created, so the caller can select or focus it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Nothing new was created.
    None,
    /// A section was created (or moved) and is worth selecting.
    Section(SectionId),
    /// A paragraph was created (insert, split); the caret goes to its start.
    Paragraph(ParaId),
    /// Replace-all changed this many occurrences.
    Replaced(usize),
    /// Where the caret belongs after the edit.
    Caret(TextPos),
}

/// Why an edit was refused. The speech is unchanged in every case.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The edit names a section that no longer exists (e.g. deleted, then an old command ran).
    #[error("小节不存在（编号 {0}）")]
    NoSuchSection(u64),
    /// The edit names a paragraph that no longer exists.
    #[error("段落不存在（编号 {0}）")]
    NoSuchParagraph(u64),
    /// An insert or move index lies beyond the end of its list.
    #[error("位置 {index} 超出范围（共 {len} 项）")]
    OutOfRange { index: usize, len: usize },
    /// A section would become its own descendant.
    #[error("不能把小节移到它自己的下级")]
    IntoOwnSubtree,
    /// Move up / indent on a first sibling, move down on a last one, outdent at top level.
    #[error("{0}")]
    CannotMove(&'static str),
    /// Merge on the first paragraph of a container.
    #[error("这是第一段，没有可合并的上一段")]
    NothingToMerge,
    /// Replace-all with an empty search text.
    #[error("查找内容为空")]
    EmptySearch,
    /// The section tree would nest deeper than [`MAX_DEPTH`] levels.
    #[error("小节最多 {} 层，不能再加深", MAX_DEPTH)]
    TooDeep,
    /// The edit names a version that does not exist.
    #[error("版本不存在（第 {0} 个）")]
    NoSuchVersion(usize),
    /// A version needs a name, and names tell versions apart.
    #[error("版本名称不能为空")]
    EmptyVersionName,
    #[error("已有名为“{0}”的版本")]
    DuplicateVersionName(String),
    /// A range that runs over a section's heading from outside it, over the bounds of the
    /// opening, the body and the closing, or into a field.
    #[error(
        "选区跨过了小节标题或开头、正文、结尾的分界，不能一起删除或替换：请分开处理；删除整个小节请用提纲里的“删除”"
    )]
    AcrossParts,
    /// A change of role that would turn another heading into a paragraph (设为结尾 with
    /// sections after the text).
    #[error("前面或后面还有小节标题，不能这样改：请先把那些小节设为正文或删除")]
    RoleCrossesHeadings,
    /// A range whose start comes after its end, or an offset beyond its text.
    #[error("选区位置无效")]
    BadRange,
    /// The edit names a tracked change or comment that is no longer in the review.
    #[error("这处修订或批注已不在列表中（编号 {0}）")]
    NoSuchChange(u64),
    /// A tracked change whose words are no longer where it was made (edited since).
    #[error("这处修订所在的文字已经改动，不能自动接受，请对照后手动修改：{0}")]
    ChangeStale(String),
}

/// Applies one edit. On error the speech is untouched.
pub fn apply(speech: &mut Speech, edit: Edit) -> Result<Effect, EditError> {
    // A returned file's changes and comments follow the words they are on when the drafter
    // edits the texts they are in.
    let watched = review::watch(speech, &edit);
    let effect = apply_edit(speech, edit)?;
    review::follow(speech, watched);
    Ok(effect)
}

fn apply_edit(speech: &mut Speech, edit: Edit) -> Result<Effect, EditError> {
    match edit {
        Edit::SetText { target, text } => range::set_text(speech, target, text),
        Edit::SetTexts(texts) => range::set_texts(speech, texts),
        Edit::SetNumbering { parent, numbering } => {
            structure::set_numbering(speech, parent, numbering)
        }
        Edit::InsertSection {
            parent,
            index,
            heading,
        } => structure::insert_section(speech, parent, index, heading),
        Edit::DeleteSection { id } => structure::delete_section(speech, id),
        Edit::MoveSection { id, parent, index } => {
            structure::move_section(speech, id, parent, index)
        }
        Edit::MoveUp { id } => structure::move_up(speech, id),
        Edit::MoveDown { id } => structure::move_down(speech, id),
        Edit::Indent { id } => structure::indent(speech, id),
        Edit::Outdent { id } => structure::outdent(speech, id),
        Edit::InsertParagraph {
            container,
            index,
            text,
        } => paragraphs::insert_paragraph(speech, container, index, text),
        Edit::SplitParagraph { para, at } => paragraphs::split_paragraph(speech, para, at),
        Edit::ReplaceWithLines { para, lines } => {
            paragraphs::replace_with_lines(speech, para, lines)
        }
        Edit::MergeWithPrevious { para } => paragraphs::merge_with_previous(speech, para),
        Edit::DeleteParagraph { para } => paragraphs::delete_paragraph(speech, para),
        Edit::ShiftHeadingBoundary { id, chars } => {
            structure::shift_heading_boundary(speech, id, chars)
        }
        Edit::SetRole { target, role } => roles::set_role(speech, target, role),
        Edit::SetSettings(settings) => {
            speech.settings = settings;
            Ok(Effect::None)
        }
        Edit::SaveVersion { name, saved, note } => versions::save(speech, &name, saved, &note),
        Edit::RestoreVersion { index } => versions::restore(speech, index),
        Edit::DeleteVersion { index } => versions::delete(speech, index),
        Edit::RenameVersion { index, name, note } => versions::rename(speech, index, &name, &note),
        Edit::ReplaceRange { from, to, text } => range::replace_range(speech, from, to, &text),
        Edit::ReplaceAll { find, replace } => range::replace_all(speech, &find, &replace),
        Edit::LoadReview(r) => review::load(speech, r),
        Edit::DecideChange { id, accept } => review::decide(speech, id, accept),
        Edit::DecideAll { accept, author } => review::decide_all(speech, accept, author.as_deref()),
        Edit::ResolveComment { id, resolved } => review::resolve(speech, id, resolved),
    }
}

fn locate(speech: &Speech, id: SectionId) -> Result<(Option<SectionId>, usize), EditError> {
    speech
        .locate_section(id)
        .ok_or(EditError::NoSuchSection(id.0))
}

fn missing(target: TextRef) -> EditError {
    match target {
        TextRef::Heading(id) => EditError::NoSuchSection(id.0),
        TextRef::Paragraph(id) => EditError::NoSuchParagraph(id.0),
        TextRef::Field(_) => EditError::BadRange,
    }
}

fn locate_para(speech: &Speech, id: ParaId) -> Result<(Container, usize), EditError> {
    speech
        .locate_paragraph(id)
        .ok_or(EditError::NoSuchParagraph(id.0))
}

fn no_parent(parent: Option<SectionId>) -> EditError {
    EditError::NoSuchSection(parent.map_or(0, |p| p.0))
}

fn siblings_len(speech: &Speech, parent: Option<SectionId>) -> Result<usize, EditError> {
    speech
        .children(parent)
        .map(Vec::len)
        .ok_or_else(|| no_parent(parent))
}

fn siblings_mut(
    speech: &mut Speech,
    parent: Option<SectionId>,
) -> Result<&mut Vec<crate::doc::model::Section>, EditError> {
    speech.children_mut(parent).ok_or_else(|| no_parent(parent))
}

fn container_error(container: Container) -> EditError {
    match container {
        Container::Section(id) => EditError::NoSuchSection(id.0),
        Container::Opening | Container::Closing | Container::Appendix => {
            EditError::NoSuchSection(0)
        }
    }
}

fn paragraphs_len(speech: &Speech, container: Container) -> Result<usize, EditError> {
    speech
        .paragraphs(container)
        .map(Vec::len)
        .ok_or_else(|| container_error(container))
}

fn paragraphs_mut(
    speech: &mut Speech,
    container: Container,
) -> Result<&mut Vec<crate::doc::model::Paragraph>, EditError> {
    speech
        .paragraphs_mut(container)
        .ok_or_else(|| container_error(container))
}

#[cfg(test)]
mod tests;
