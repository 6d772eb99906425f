//! Edits as values: every change to a speech — from a keystroke to moving a whole section — is an
//! [`Edit`] applied by [`apply`].
//!
//! Guarantees: `apply` validates before it mutates, so a failed edit (a stale id, an index out of
//! range, a move into the section's own subtree) returns an [`EditError`] and leaves the speech
//! exactly as it was. It never panics on any input.

use crate::doc::model::{
    Container, Field, MAX_DEPTH, Numbering, ParaId, SectionId, Speech, Spot, TextPos, TextRef,
};
use crate::text::index::{self, CharIdx};

/// One change to a speech.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Replace a whole text (field, heading or paragraph).
    SetText { target: TextRef, text: String },
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
    /// A range whose start comes after its end, or an offset beyond its text.
    #[error("选区位置无效")]
    BadRange,
}

/// A version's name, trimmed: not empty and not another version's (`except` is the one being
/// renamed).
fn version_name(speech: &Speech, name: &str, except: Option<usize>) -> Result<String, EditError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(EditError::EmptyVersionName);
    }
    if speech
        .versions
        .iter()
        .enumerate()
        .any(|(i, v)| Some(i) != except && v.name == name)
    {
        return Err(EditError::DuplicateVersionName(name.to_owned()));
    }
    Ok(name.to_owned())
}

/// The name offered for the next version: 一稿, 二稿, 三稿… (the first not taken).
pub fn next_version_name(speech: &Speech) -> String {
    (speech.versions.len() as u64 + 1..)
        .map(|n| format!("{}稿", crate::doc::marker::chinese_numeral(n)))
        .find(|n| !speech.versions.iter().any(|v| &v.name == n))
        .unwrap_or_default()
}

/// Applies one edit. On error the speech is untouched.
pub fn apply(speech: &mut Speech, edit: Edit) -> Result<Effect, EditError> {
    match edit {
        Edit::SetText { target, text } => {
            let slot = speech.text_mut(target).ok_or(match target {
                TextRef::Heading(id) => EditError::NoSuchSection(id.0),
                TextRef::Paragraph(id) => EditError::NoSuchParagraph(id.0),
                // Fields always exist; this arm is unreachable in practice but harmless.
                TextRef::Field(_) => EditError::NoSuchParagraph(0),
            })?;
            *slot = text;
            Ok(Effect::None)
        }
        Edit::SetNumbering { parent, numbering } => {
            match parent {
                None => speech.numbering = numbering,
                Some(id) => {
                    speech
                        .section_mut(id)
                        .ok_or(EditError::NoSuchSection(id.0))?
                        .child_numbering = numbering;
                }
            }
            Ok(Effect::None)
        }
        Edit::InsertSection {
            parent,
            index,
            heading,
        } => {
            let len = siblings_len(speech, parent)?;
            if index > len {
                return Err(EditError::OutOfRange { index, len });
            }
            if depth_of(speech, parent) + 1 > MAX_DEPTH {
                return Err(EditError::TooDeep);
            }
            let section = speech.new_section(heading);
            let id = section.id;
            siblings_mut(speech, parent)?.insert(index, section);
            Ok(Effect::Section(id))
        }
        Edit::DeleteSection { id } => {
            let (parent, index) = locate(speech, id)?;
            siblings_mut(speech, parent)?.remove(index);
            Ok(Effect::None)
        }
        Edit::MoveSection { id, parent, index } => {
            let (from_parent, from_index) = locate(speech, id)?;
            if let Some(p) = parent {
                let target_exists = speech.section(p).is_some();
                if !target_exists {
                    return Err(EditError::NoSuchSection(p.0));
                }
                let moving = speech.section(id).ok_or(EditError::NoSuchSection(id.0))?;
                if p == id || contains(moving, p) {
                    return Err(EditError::IntoOwnSubtree);
                }
            }
            let mut len = siblings_len(speech, parent)?;
            if parent == from_parent {
                len -= 1;
            }
            if index > len {
                return Err(EditError::OutOfRange { index, len });
            }
            if depth_of(speech, parent) + height_of(speech, id) > MAX_DEPTH {
                return Err(EditError::TooDeep);
            }
            let section = siblings_mut(speech, from_parent)?.remove(from_index);
            siblings_mut(speech, parent)?.insert(index, section);
            Ok(Effect::Section(id))
        }
        Edit::MoveUp { id } => {
            let (parent, index) = locate(speech, id)?;
            if index == 0 {
                return Err(EditError::CannotMove("已是同级第一项，不能上移"));
            }
            siblings_mut(speech, parent)?.swap(index - 1, index);
            Ok(Effect::Section(id))
        }
        Edit::MoveDown { id } => {
            let (parent, index) = locate(speech, id)?;
            let list = siblings_mut(speech, parent)?;
            if index + 1 >= list.len() {
                return Err(EditError::CannotMove("已是同级最后一项，不能下移"));
            }
            list.swap(index, index + 1);
            Ok(Effect::Section(id))
        }
        Edit::Indent { id } => {
            let (parent, index) = locate(speech, id)?;
            if index == 0 {
                return Err(EditError::CannotMove("同级第一项没有上一项，不能降级"));
            }
            if depth_of(speech, parent) + 1 + height_of(speech, id) > MAX_DEPTH {
                return Err(EditError::TooDeep);
            }
            let list = siblings_mut(speech, parent)?;
            let section = list.remove(index);
            list[index - 1].children.push(section);
            Ok(Effect::Section(id))
        }
        Edit::Outdent { id } => {
            let (parent, index) = locate(speech, id)?;
            let Some(parent) = parent else {
                return Err(EditError::CannotMove("已是最高一级，不能升级"));
            };
            let (grand, parent_index) = locate(speech, parent)?;
            let section = siblings_mut(speech, Some(parent))?.remove(index);
            siblings_mut(speech, grand)?.insert(parent_index + 1, section);
            Ok(Effect::Section(id))
        }
        Edit::InsertParagraph {
            container,
            index,
            text,
        } => {
            let len = paragraphs_len(speech, container)?;
            if index > len {
                return Err(EditError::OutOfRange { index, len });
            }
            let para = speech.new_paragraph(text);
            let id = para.id;
            paragraphs_mut(speech, container)?.insert(index, para);
            Ok(Effect::Paragraph(id))
        }
        Edit::SplitParagraph { para, at } => {
            let (container, index) = locate_para(speech, para)?;
            let text = &paragraphs_mut(speech, container)?[index].text;
            let len = text.chars().count();
            if at > len {
                return Err(EditError::OutOfRange { index: at, len });
            }
            let byte = index::byte_of(text, CharIdx(at)).0;
            let mut new_para = speech.new_paragraph(String::new());
            let list = paragraphs_mut(speech, container)?;
            new_para.text = list[index].text.split_off(byte);
            let id = new_para.id;
            list.insert(index + 1, new_para);
            Ok(Effect::Paragraph(id))
        }
        Edit::ReplaceWithLines { para, lines } => {
            let (container, index) = locate_para(speech, para)?;
            let mut lines = lines.into_iter();
            let first = lines.next().unwrap_or_default();
            let extra: Vec<_> = lines.map(|t| speech.new_paragraph(t)).collect();
            let last = extra.last().map_or((para, first.chars().count()), |p| {
                (p.id, p.text.chars().count())
            });
            let list = paragraphs_mut(speech, container)?;
            list[index].text = first;
            list.splice(index + 1..index + 1, extra);
            Ok(Effect::Caret(TextPos::new(
                TextRef::Paragraph(last.0),
                last.1,
            )))
        }
        Edit::MergeWithPrevious { para } => {
            let (container, index) = locate_para(speech, para)?;
            if index == 0 {
                return Err(EditError::NothingToMerge);
            }
            let list = paragraphs_mut(speech, container)?;
            let removed = list.remove(index);
            let joined = &mut list[index - 1];
            let at = joined.text.chars().count();
            joined.text.push_str(&removed.text);
            Ok(Effect::Caret(TextPos::new(
                TextRef::Paragraph(joined.id),
                at,
            )))
        }
        Edit::DeleteParagraph { para } => {
            let (container, index) = locate_para(speech, para)?;
            paragraphs_mut(speech, container)?.remove(index);
            Ok(Effect::None)
        }
        Edit::ShiftHeadingBoundary { id, chars } => {
            shift_heading_boundary(speech, id, chars)?;
            Ok(Effect::Section(id))
        }
        Edit::SetSettings(settings) => {
            speech.settings = settings;
            Ok(Effect::None)
        }
        Edit::SaveVersion { name, saved, note } => {
            let name = version_name(speech, &name, None)?;
            let mut snapshot = speech.clone();
            snapshot.versions.clear();
            speech
                .versions
                .push(std::sync::Arc::new(crate::doc::model::Version {
                    name,
                    saved,
                    note: note.trim().to_owned(),
                    speech: snapshot,
                }));
            Ok(Effect::None)
        }
        Edit::RestoreVersion { index } => {
            let version = speech
                .versions
                .get(index)
                .ok_or(EditError::NoSuchVersion(index))?
                .clone();
            let mut restored = version.speech.clone();
            restored.versions = std::mem::take(&mut speech.versions);
            restored.settings = std::mem::take(&mut speech.settings);
            // Ids are never handed out twice: the current text may have used ids the version
            // never saw.
            restored.next_id = restored.next_id.max(speech.next_id);
            *speech = restored;
            Ok(Effect::None)
        }
        Edit::DeleteVersion { index } => {
            if index >= speech.versions.len() {
                return Err(EditError::NoSuchVersion(index));
            }
            speech.versions.remove(index);
            Ok(Effect::None)
        }
        Edit::RenameVersion { index, name, note } => {
            if index >= speech.versions.len() {
                return Err(EditError::NoSuchVersion(index));
            }
            let name = version_name(speech, &name, Some(index))?;
            let v = std::sync::Arc::make_mut(&mut speech.versions[index]);
            v.name = name;
            v.note = note.trim().to_owned();
            Ok(Effect::None)
        }
        Edit::ReplaceRange { from, to, text } => replace_range(speech, from, to, &text),
        Edit::ReplaceAll { find, replace } => {
            if find.is_empty() {
                return Err(EditError::EmptySearch);
            }
            let mut count = 0;
            speech.for_each_text_mut(&mut |_, text| {
                let n = text.matches(find.as_str()).count();
                if n > 0 {
                    count += n;
                    *text = text.replace(find.as_str(), &replace);
                }
            });
            Ok(Effect::Replaced(count))
        }
    }
}

fn shift_heading_boundary(
    speech: &mut Speech,
    id: SectionId,
    chars: isize,
) -> Result<(), EditError> {
    let section = speech.section(id).ok_or(EditError::NoSuchSection(id.0))?;
    let n = chars.unsigned_abs();
    // Validate first: a refused edit must not even consume an id.
    let len = if chars >= 0 {
        section
            .paragraphs
            .first()
            .map_or(0, |p| p.text.chars().count())
    } else {
        section.heading.chars().count()
    };
    if n > len {
        return Err(EditError::OutOfRange { index: n, len });
    }
    let needs_paragraph = chars < 0 && section.paragraphs.is_empty();
    let fresh = needs_paragraph.then(|| speech.new_paragraph(String::new()));
    let section = speech
        .section_mut(id)
        .ok_or(EditError::NoSuchSection(id.0))?;
    if chars >= 0 {
        if let Some(first) = section.paragraphs.first_mut() {
            let byte = index::byte_of(&first.text, CharIdx(n)).0;
            let moved: String = first.text.drain(..byte).collect();
            section.heading.push_str(&moved);
            if first.text.is_empty() {
                section.paragraphs.remove(0);
            }
        }
    } else {
        let byte = index::byte_of(&section.heading, CharIdx(len - n)).0;
        let moved = section.heading.split_off(byte);
        if let Some(mut para) = fresh {
            para.text = moved;
            section.paragraphs.push(para);
        } else if let Some(first) = section.paragraphs.first_mut() {
            first.text.insert_str(0, &moved);
        }
    }
    Ok(())
}

fn contains(section: &crate::doc::model::Section, id: SectionId) -> bool {
    section
        .children
        .iter()
        .any(|c| c.id == id || contains(c, id))
}

/// The level of the sections under `parent`, less one: 0 for the top level.
fn depth_of(speech: &Speech, parent: Option<SectionId>) -> usize {
    parent.and_then(|p| speech.section_depth(p)).unwrap_or(0)
}

fn height_of(speech: &Speech, id: SectionId) -> usize {
    speech
        .section(id)
        .map_or(1, crate::doc::model::Section::height)
}

fn locate(speech: &Speech, id: SectionId) -> Result<(Option<SectionId>, usize), EditError> {
    speech
        .locate_section(id)
        .ok_or(EditError::NoSuchSection(id.0))
}

/// The characters of `s` before char `at`, and from it on.
fn split_chars(s: &str, at: usize) -> Option<(&str, &str)> {
    index::split_at_char(s, CharIdx(at))
}

/// What a heading or field may hold of `text`: no line breaks, but for the salutation's one.
fn one_line(target: TextRef, text: &str) -> String {
    let flat = text.replace('\r', "");
    match target {
        TextRef::Field(Field::Salutation) => match flat.split_once('\n') {
            Some((a, b)) => format!("{a}\n{}", b.replace('\n', "")),
            None => flat,
        },
        _ => flat.replace('\n', ""),
    }
}

fn replace_range(
    speech: &mut Speech,
    from: TextPos,
    to: TextPos,
    text: &str,
) -> Result<Effect, EditError> {
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    match (from.spot, to.spot) {
        // Typing into an empty opening or closing makes its paragraphs.
        (Spot::Empty(c), Spot::Empty(d)) if c == d => {
            let list = paragraphs_mut(speech, c)?;
            if !list.is_empty() || from.offset != 0 || to.offset != 0 {
                return Err(EditError::BadRange);
            }
            if text.is_empty() {
                return Ok(Effect::None);
            }
            let made: Vec<_> = lines
                .iter()
                .map(|l| speech.new_paragraph((*l).to_owned()))
                .collect();
            let last = made.last().map(|p| (p.id, p.text.chars().count()));
            paragraphs_mut(speech, c)?.extend(made);
            Ok(last.map_or(Effect::None, |(id, n)| {
                Effect::Caret(TextPos::new(TextRef::Paragraph(id), n))
            }))
        }
        (Spot::Text(a), Spot::Text(b)) if a == b && !matches!(a, TextRef::Paragraph(_)) => {
            let old = speech.text(a).ok_or_else(|| missing(a))?;
            let (head, rest) = split_chars(old, from.offset).ok_or(EditError::BadRange)?;
            let skip = to
                .offset
                .checked_sub(from.offset)
                .ok_or(EditError::BadRange)?;
            let (_, tail) = split_chars(rest, skip).ok_or(EditError::BadRange)?;
            let new = one_line(a, &format!("{head}{text}{tail}"));
            // Counted on what is kept: a line break the text cannot hold is no character.
            let caret = one_line(a, &format!("{head}{text}")).chars().count();
            if new == old {
                return Ok(Effect::Caret(TextPos::new(
                    a,
                    caret.min(new.chars().count()),
                )));
            }
            *speech.text_mut(a).ok_or_else(|| missing(a))? = new;
            Ok(Effect::Caret(TextPos::new(a, caret)))
        }
        (Spot::Text(TextRef::Paragraph(p)), Spot::Text(TextRef::Paragraph(q))) => {
            let (c, i) = locate_para(speech, p)?;
            let (d, j) = locate_para(speech, q)?;
            if c != d {
                return Err(EditError::AcrossParts);
            }
            if j < i || (i == j && to.offset < from.offset) {
                return Err(EditError::BadRange);
            }
            let list = paragraphs_mut(speech, c)?;
            let (head, _) = split_chars(&list[i].text, from.offset).ok_or(EditError::BadRange)?;
            let (_, tail) = split_chars(&list[j].text, to.offset).ok_or(EditError::BadRange)?;
            let (head, tail) = (head.to_owned(), tail.to_owned());
            join_paragraphs(speech, c, i, j, &head, &lines, &tail)
        }
        (Spot::Text(TextRef::Heading(id)), Spot::Text(TextRef::Paragraph(q))) => {
            let (d, j) = locate_para(speech, q)?;
            if d != Container::Section(id) {
                return Err(EditError::AcrossParts);
            }
            let heading = &speech
                .section(id)
                .ok_or(EditError::NoSuchSection(id.0))?
                .heading;
            let (head, _) = split_chars(heading, from.offset).ok_or(EditError::BadRange)?;
            let head = head.to_owned();
            let list = paragraphs_mut(speech, d)?;
            let (_, tail) = split_chars(&list[j].text, to.offset).ok_or(EditError::BadRange)?;
            // The heading keeps its start and the first line of the new text; the paragraph
            // its end, after any further lines.
            let tail = tail.to_owned();
            let new_heading = format!("{head}{}", lines[0]);
            let caret_in_heading = new_heading.chars().count();
            list.drain(..j);
            let section = speech
                .section_mut(id)
                .ok_or(EditError::NoSuchSection(id.0))?;
            section.heading = new_heading;
            if lines.len() == 1 {
                section.paragraphs[0].text = tail;
                return Ok(Effect::Caret(TextPos::new(
                    TextRef::Heading(id),
                    caret_in_heading,
                )));
            }
            section.paragraphs[0].text = String::new();
            join_paragraphs(speech, d, 0, 0, "", &lines[1..], &tail)
        }
        _ => Err(EditError::AcrossParts),
    }
}

/// Paragraphs `i..=j` of a container become `head` + the lines + `tail`, one paragraph a line.
fn join_paragraphs(
    speech: &mut Speech,
    c: Container,
    i: usize,
    j: usize,
    head: &str,
    lines: &[&str],
    tail: &str,
) -> Result<Effect, EditError> {
    let n = lines.len();
    let texts: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(k, l)| {
            let mut t = if k == 0 {
                head.to_owned()
            } else {
                String::new()
            };
            t.push_str(l);
            t
        })
        .collect();
    let caret = texts[n - 1].chars().count();
    let extra: Vec<_> = texts[1..]
        .iter()
        .map(|t| speech.new_paragraph(t.clone()))
        .collect();
    let list = paragraphs_mut(speech, c)?;
    list.drain(i + 1..=j);
    list[i].text = texts[0].clone();
    list.splice(i + 1..i + 1, extra);
    let last = &mut list[i + n - 1];
    last.text.push_str(tail);
    Ok(Effect::Caret(TextPos::new(
        TextRef::Paragraph(last.id),
        caret,
    )))
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
        Container::Opening | Container::Closing => EditError::NoSuchSection(0),
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
mod tests {
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
}
