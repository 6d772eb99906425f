//! Edits of the section tree: numbering styles, inserting, deleting, moving, indenting and
//! outdenting sections, and the boundary between a heading and its first paragraph.

use super::*;

/// [`Edit::SetNumbering`].
pub(super) fn set_numbering(
    speech: &mut Speech,
    parent: Option<SectionId>,
    numbering: Numbering,
) -> Result<Effect, EditError> {
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

/// [`Edit::InsertSection`].
pub(super) fn insert_section(
    speech: &mut Speech,
    parent: Option<SectionId>,
    index: usize,
    heading: String,
) -> Result<Effect, EditError> {
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

/// [`Edit::DeleteSection`].
pub(super) fn delete_section(speech: &mut Speech, id: SectionId) -> Result<Effect, EditError> {
    let (parent, index) = locate(speech, id)?;
    siblings_mut(speech, parent)?.remove(index);
    Ok(Effect::None)
}

/// [`Edit::MoveSection`].
pub(super) fn move_section(
    speech: &mut Speech,
    id: SectionId,
    parent: Option<SectionId>,
    index: usize,
) -> Result<Effect, EditError> {
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

/// [`Edit::MoveUp`].
pub(super) fn move_up(speech: &mut Speech, id: SectionId) -> Result<Effect, EditError> {
    let (parent, index) = locate(speech, id)?;
    if index == 0 {
        return Err(EditError::CannotMove("已是同级第一项，不能上移"));
    }
    siblings_mut(speech, parent)?.swap(index - 1, index);
    Ok(Effect::Section(id))
}

/// [`Edit::MoveDown`].
pub(super) fn move_down(speech: &mut Speech, id: SectionId) -> Result<Effect, EditError> {
    let (parent, index) = locate(speech, id)?;
    let list = siblings_mut(speech, parent)?;
    if index + 1 >= list.len() {
        return Err(EditError::CannotMove("已是同级最后一项，不能下移"));
    }
    list.swap(index, index + 1);
    Ok(Effect::Section(id))
}

/// [`Edit::Indent`].
pub(super) fn indent(speech: &mut Speech, id: SectionId) -> Result<Effect, EditError> {
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

/// [`Edit::Outdent`].
pub(super) fn outdent(speech: &mut Speech, id: SectionId) -> Result<Effect, EditError> {
    let (parent, index) = locate(speech, id)?;
    let Some(parent) = parent else {
        return Err(EditError::CannotMove("已是最高一级，不能升级"));
    };
    let (grand, parent_index) = locate(speech, parent)?;
    let section = siblings_mut(speech, Some(parent))?.remove(index);
    siblings_mut(speech, grand)?.insert(parent_index + 1, section);
    Ok(Effect::Section(id))
}

/// [`Edit::ShiftHeadingBoundary`].
pub(super) fn shift_heading_boundary(
    speech: &mut Speech,
    id: SectionId,
    chars: isize,
) -> Result<Effect, EditError> {
    move_boundary(speech, id, chars)?;
    Ok(Effect::Section(id))
}

fn move_boundary(speech: &mut Speech, id: SectionId, chars: isize) -> Result<(), EditError> {
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
