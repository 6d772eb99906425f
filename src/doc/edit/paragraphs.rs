//! Edits of paragraphs as wholes: inserting, splitting, replacing by lines, merging, deleting.

use super::*;

/// [`Edit::InsertParagraph`].
pub(super) fn insert_paragraph(
    speech: &mut Speech,
    container: Container,
    index: usize,
    text: String,
) -> Result<Effect, EditError> {
    let len = paragraphs_len(speech, container)?;
    if index > len {
        return Err(EditError::OutOfRange { index, len });
    }
    let para = speech.new_paragraph(text);
    let id = para.id;
    paragraphs_mut(speech, container)?.insert(index, para);
    Ok(Effect::Paragraph(id))
}

/// [`Edit::SplitParagraph`].
pub(super) fn split_paragraph(
    speech: &mut Speech,
    para: ParaId,
    at: usize,
) -> Result<Effect, EditError> {
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

/// [`Edit::ReplaceWithLines`].
pub(super) fn replace_with_lines(
    speech: &mut Speech,
    para: ParaId,
    lines: Vec<String>,
) -> Result<Effect, EditError> {
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

/// [`Edit::MergeWithPrevious`].
pub(super) fn merge_with_previous(speech: &mut Speech, para: ParaId) -> Result<Effect, EditError> {
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

/// [`Edit::DeleteParagraph`].
pub(super) fn delete_paragraph(speech: &mut Speech, para: ParaId) -> Result<Effect, EditError> {
    let (container, index) = locate_para(speech, para)?;
    paragraphs_mut(speech, container)?.remove(index);
    Ok(Effect::None)
}
