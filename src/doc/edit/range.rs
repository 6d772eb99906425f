//! Edits of text: one text replaced, a range replaced as a word processor does (paragraphs between
//! removed, ends joined), every occurrence replaced.

use super::*;

/// [`Edit::SetText`].
pub(super) fn set_text(
    speech: &mut Speech,
    target: TextRef,
    text: String,
) -> Result<Effect, EditError> {
    let slot = speech.text_mut(target).ok_or(match target {
        TextRef::Heading(id) => EditError::NoSuchSection(id.0),
        TextRef::Paragraph(id) => EditError::NoSuchParagraph(id.0),
        // Fields always exist; this arm is unreachable in practice but harmless.
        TextRef::Field(_) => EditError::NoSuchParagraph(0),
    })?;
    *slot = text;
    Ok(Effect::None)
}

/// [`Edit::SetTexts`]: every target is checked before any text changes, so a refusal changes
/// nothing.
pub(super) fn set_texts(
    speech: &mut Speech,
    texts: Vec<(TextRef, String)>,
) -> Result<Effect, EditError> {
    if let Some((target, _)) = texts.iter().find(|(t, _)| speech.text(*t).is_none()) {
        return Err(match target {
            TextRef::Heading(id) => EditError::NoSuchSection(id.0),
            TextRef::Paragraph(id) => EditError::NoSuchParagraph(id.0),
            TextRef::Field(_) => EditError::NoSuchParagraph(0),
        });
    }
    for (target, text) in texts {
        set_text(speech, target, text)?;
    }
    Ok(Effect::None)
}

/// [`Edit::ReplaceAll`].
pub(super) fn replace_all(
    speech: &mut Speech,
    find: &str,
    replace: &str,
) -> Result<Effect, EditError> {
    if find.is_empty() {
        return Err(EditError::EmptySearch);
    }
    let mut count = 0;
    speech.for_each_text_mut(&mut |_, text| {
        let n = text.matches(find).count();
        if n > 0 {
            count += n;
            *text = text.replace(find, replace);
        }
    });
    Ok(Effect::Replaced(count))
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

/// [`Edit::ReplaceRange`].
pub(super) fn replace_range(
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
