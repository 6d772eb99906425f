//! Deciding a returned file's tracked changes: accepting one edits the speech and drops it from
//! the review; refusing one only drops it. Each decision is one edit, so undo takes it back
//! (the review is part of the speech's snapshot).

use super::{EditError, Effect, locate_para, missing, paragraphs_mut, structure};
use crate::doc::model::review::{
    ChangeKind, MoveTarget, Review, TrackedChange, locate, neighbours, section_words,
};
use crate::doc::model::{Container, Speech, TextPos, TextRef};
use crate::text::index::{common_ends, splice};

/// [`super::Edit::LoadReview`].
pub(super) fn load(speech: &mut Speech, review: Review) -> Result<Effect, EditError> {
    speech.review = review;
    Ok(Effect::None)
}

/// [`super::Edit::DecideChange`].
pub(super) fn decide(speech: &mut Speech, id: u64, accept: bool) -> Result<Effect, EditError> {
    let index = speech
        .review
        .changes
        .iter()
        .position(|c| c.id == id)
        .ok_or(EditError::NoSuchChange(id))?;
    let effect = if accept {
        let change = speech.review.changes[index].clone();
        apply_change(speech, &change)?
    } else {
        Effect::None
    };
    speech.review.changes.retain(|c| c.id != id);
    Ok(effect)
}

/// [`super::Edit::DecideAll`]: every change (of one reviewer, or of all) taken or refused, as one
/// step. A change that can no longer be applied stays in the list; the effect counts those
/// decided.
pub(super) fn decide_all(
    speech: &mut Speech,
    accept: bool,
    author: Option<&str>,
) -> Result<Effect, EditError> {
    let ids: Vec<u64> = speech
        .review
        .changes
        .iter()
        .filter(|c| author.is_none_or(|a| c.author == a))
        .map(|c| c.id)
        .collect();
    let mut decided = 0;
    for id in ids {
        // A failed change leaves the speech as it was: the others still go ahead.
        if decide(speech, id, accept).is_ok() {
            decided += 1;
        }
    }
    Ok(Effect::Replaced(decided))
}

/// [`super::Edit::ResolveComment`].
pub(super) fn resolve(speech: &mut Speech, id: u64, resolved: bool) -> Result<Effect, EditError> {
    let c = speech
        .review
        .comments
        .iter_mut()
        .find(|c| c.id == id)
        .ok_or(EditError::NoSuchChange(id))?;
    c.resolved = resolved;
    Ok(Effect::None)
}

/// Whether `change` can still be accepted as it stands: its words (or, for an insertion, its
/// neighbours) are where it was made, and what it deletes is as it was. The review panel warns
/// of one that cannot before it is tried.
pub fn applicable(speech: &Speech, change: &TrackedChange) -> bool {
    match &change.kind {
        ChangeKind::Text {
            target,
            at,
            old,
            before,
            after,
            ..
        } => speech
            .text(*target)
            .is_some_and(|t| locate(t, *at, old, before, after).is_some()),
        ChangeKind::Delete { para, text } => speech
            .locate_paragraph(*para)
            .and_then(|(c, i)| speech.paragraphs(c).and_then(|ps| ps.get(i)))
            .is_some_and(|p| p.text.trim() == text.trim()),
        ChangeKind::DeleteSection { id, words, .. } => speech
            .section(*id)
            .is_some_and(|s| section_words(speech, s) == *words),
        ChangeKind::Insert {
            after, first_in, ..
        } => place(speech, *after, *first_in).is_some(),
        ChangeKind::Move {
            paras,
            after,
            first_in,
            ..
        } => {
            paras.iter().all(|p| speech.locate_paragraph(*p).is_some())
                && !matches!(after, TextRef::Paragraph(a) if paras.contains(a))
                && place(speech, *after, *first_in).is_some()
        }
        ChangeKind::MoveSection { id, after, .. } => {
            speech.section(*id).is_some()
                && match after {
                    MoveTarget::After(s) => speech.section(*s).is_some(),
                    MoveTarget::First(parent) => parent.is_none_or(|p| speech.section(p).is_some()),
                }
        }
    }
}

/// Applies one change to the speech, or says why it cannot.
fn apply_change(speech: &mut Speech, change: &TrackedChange) -> Result<Effect, EditError> {
    match &change.kind {
        ChangeKind::Text {
            target,
            at,
            old,
            new,
            before,
            after,
        } => {
            let text = speech.text(*target).ok_or_else(|| missing(*target))?;
            let at = locate(text, *at, old, before, after)
                .ok_or_else(|| EditError::ChangeStale(change.summary()))?;
            let replaced = splice(text, at..at + old.chars().count(), new);
            *speech.text_mut(*target).ok_or_else(|| missing(*target))? = replaced;
            shift(
                &mut speech.review,
                change.id,
                *target,
                at,
                old.chars().count(),
                new.chars().count(),
            );
            Ok(Effect::Caret(TextPos::new(
                *target,
                at + new.chars().count(),
            )))
        }
        ChangeKind::Insert {
            after,
            texts,
            first_in,
        } => {
            let (container, index) =
                place(speech, *after, *first_in).ok_or_else(|| missing(*after))?;
            let paras: Vec<_> = texts
                .iter()
                .map(|t| speech.new_paragraph(t.clone()))
                .collect();
            let first = paras.first().map(|p| p.id);
            let list = paragraphs_mut(speech, container)?;
            let index = index.min(list.len());
            list.splice(index..index, paras);
            Ok(first.map_or(Effect::None, Effect::Paragraph))
        }
        ChangeKind::Delete { para, text } => {
            let (container, index) = locate_para(speech, *para)?;
            let list = paragraphs_mut(speech, container)?;
            // Never delete words the drafter has written since the file went out.
            if list[index].text.trim() != text.trim() {
                return Err(EditError::ChangeStale(change.summary()));
            }
            list.remove(index);
            let previous = index
                .checked_sub(1)
                .and_then(|i| list.get(i))
                .map(|p| TextRef::Paragraph(p.id));
            let fallback = previous.or(match container {
                Container::Section(s) => Some(TextRef::Heading(s)),
                _ => None,
            });
            // What was to go after it now goes after what came before it, or first where it
            // was.
            reanchor(
                &mut speech.review,
                TextRef::Paragraph(*para),
                fallback.ok_or(container),
            );
            Ok(Effect::None)
        }
        ChangeKind::Move {
            paras,
            after,
            first_in,
            ..
        } => {
            if let TextRef::Paragraph(a) = after
                && paras.contains(a)
            {
                return Err(EditError::ChangeStale(change.summary()));
            }
            for p in paras {
                locate_para(speech, *p)?;
            }
            place(speech, *after, *first_in).ok_or_else(|| missing(*after))?;
            let mut taken = Vec::new();
            for p in paras {
                let (container, index) = locate_para(speech, *p)?;
                taken.push(paragraphs_mut(speech, container)?.remove(index));
            }
            let (container, index) =
                place(speech, *after, *first_in).ok_or_else(|| missing(*after))?;
            let list = paragraphs_mut(speech, container)?;
            let index = index.min(list.len());
            list.splice(index..index, taken);
            Ok(Effect::None)
        }
        ChangeKind::DeleteSection { id, words, .. } => {
            let section = speech.section(*id).ok_or(EditError::NoSuchSection(id.0))?;
            // Never strike words written since the file went out.
            if section_words(speech, section) != *words {
                return Err(EditError::ChangeStale(change.summary()));
            }
            structure::delete_section(speech, *id)
        }
        ChangeKind::MoveSection { id, after, .. } => {
            let (parent, index) = match after {
                MoveTarget::First(parent) => (*parent, 0),
                MoveTarget::After(s) => {
                    let (parent, i) = super::locate(speech, *s)?;
                    let (own_parent, own) = super::locate(speech, *id)?;
                    // The index counts the list after the moved section is taken out.
                    let i = if own_parent == parent && own < i {
                        i
                    } else {
                        i + 1
                    };
                    (parent, i)
                }
            };
            structure::move_section(speech, *id, parent, index)
        }
    }
}

/// After a change at `at` replaced `old_len` characters of `target` with `new_len`, the
/// offsets of the changes and comments after it move with the text.
fn shift(
    review: &mut Review,
    done: u64,
    target: TextRef,
    at: usize,
    old_len: usize,
    new_len: usize,
) {
    let moved = |x: &mut usize| {
        if *x >= at + old_len {
            *x = *x - old_len + new_len;
        } else if *x > at {
            *x = at;
        }
    };
    for c in &mut review.changes {
        if c.id == done {
            continue;
        }
        if let ChangeKind::Text {
            target: t, at: x, ..
        } = &mut c.kind
            && *t == target
        {
            moved(x);
        }
    }
    for c in &mut review.comments {
        if c.target == Some(target) {
            moved(&mut c.at);
        }
    }
}

/// Changes placed after `from` now go after `to`, or first in its container.
fn reanchor(review: &mut Review, from: TextRef, to: Result<TextRef, Container>) {
    for c in &mut review.changes {
        match &mut c.kind {
            ChangeKind::Insert {
                after, first_in, ..
            }
            | ChangeKind::Move {
                after, first_in, ..
            } if *after == from && first_in.is_none() => match to {
                Ok(t) => *after = t,
                Err(container) => *first_in = Some(container),
            },
            _ => {}
        }
    }
}

/// Where paragraphs placed after `after` go: after a paragraph, in its list; after a heading,
/// first in its section; after a field of the title block, first in the opening. Or first in
/// `first_in`, once what they followed was taken out.
fn place(
    speech: &Speech,
    after: TextRef,
    first_in: Option<Container>,
) -> Option<(Container, usize)> {
    match (first_in, after) {
        (Some(c), _) => speech.paragraphs(c).map(|_| (c, 0)),
        (None, TextRef::Paragraph(p)) => speech.locate_paragraph(p).map(|(c, i)| (c, i + 1)),
        (None, TextRef::Heading(s)) => speech.section(s).map(|_| (Container::Section(s), 0)),
        (None, TextRef::Field(_)) => Some((Container::Opening, 0)),
    }
}

/// The texts a review's changes and comments are on, as they read before `edit`, when the edit
/// is the drafter's own (a review's decisions move its places themselves).
pub(super) fn watch(speech: &Speech, edit: &super::Edit) -> Vec<(TextRef, String)> {
    use super::Edit as E;
    let review = &speech.review;
    if review.is_empty()
        || matches!(
            edit,
            E::LoadReview(_)
                | E::DecideChange { .. }
                | E::DecideAll { .. }
                | E::ResolveComment { .. }
                | E::RestoreVersion { .. }
        )
    {
        return Vec::new();
    }
    let mut targets: Vec<TextRef> = Vec::new();
    let all = review
        .changes
        .iter()
        .filter_map(|c| match &c.kind {
            ChangeKind::Text { target, .. } => Some(*target),
            _ => None,
        })
        .chain(review.comments.iter().filter_map(|c| c.target));
    for t in all {
        if !targets.contains(&t) {
            targets.push(t);
        }
    }
    targets
        .into_iter()
        .filter_map(|t| speech.text(t).map(|s| (t, s.to_owned())))
        .collect()
}

/// After an edit, the places on each watched text move with the words: a place after the
/// stretch that changed moves by its change in length; one before it stays; one inside it is
/// left to be found again by its words when it is decided.
pub(super) fn follow(speech: &mut Speech, watched: Vec<(TextRef, String)>) {
    for (target, before) in watched {
        let Some(after) = speech.text(target) else {
            continue;
        };
        if after == before {
            continue;
        }
        let (b, a): (Vec<char>, Vec<char>) = (before.chars().collect(), after.chars().collect());
        let (_, suffix) = common_ends(&b, &a);
        let edited_end = b.len() - suffix;
        let moved = |x: &mut usize| {
            if *x >= edited_end {
                *x = *x + a.len() - b.len();
            }
        };
        for c in &mut speech.review.changes {
            if let ChangeKind::Text {
                target: t,
                at,
                old,
                before: left,
                after: right,
                ..
            } = &mut c.kind
                && *t == target
            {
                moved(at);
                // Its words still there: its neighbours are what stands beside them now.
                let end = *at + old.chars().count();
                if end <= a.len() && a[*at..end].iter().copied().eq(old.chars()) {
                    (*left, *right) = neighbours(&a, *at, end);
                }
            }
        }
        for c in &mut speech.review.comments {
            if c.target == Some(target) {
                moved(&mut c.at);
            }
        }
    }
}
