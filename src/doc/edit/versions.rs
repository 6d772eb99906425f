//! Named versions of a speech: kept, restored, deleted, renamed.

use super::*;

/// [`Edit::SaveVersion`].
pub(super) fn save(
    speech: &mut Speech,
    name: &str,
    saved: String,
    note: &str,
) -> Result<Effect, EditError> {
    let name = version_name(speech, name, None)?;
    let mut snapshot = speech.clone();
    snapshot.versions.clear();
    // A version is the text; the review in progress belongs to the draft.
    snapshot.review = Default::default();
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

/// [`Edit::RestoreVersion`].
pub(super) fn restore(speech: &mut Speech, index: usize) -> Result<Effect, EditError> {
    let version = speech
        .versions
        .get(index)
        .ok_or(EditError::NoSuchVersion(index))?
        .clone();
    let mut restored = version.speech.clone();
    restored.versions = std::mem::take(&mut speech.versions);
    restored.settings = std::mem::take(&mut speech.settings);
    restored.review = std::mem::take(&mut speech.review);
    // Ids are never handed out twice: the current text may have used ids the version
    // never saw.
    restored.next_id = restored.next_id.max(speech.next_id);
    *speech = restored;
    Ok(Effect::None)
}

/// [`Edit::DeleteVersion`].
pub(super) fn delete(speech: &mut Speech, index: usize) -> Result<Effect, EditError> {
    if index >= speech.versions.len() {
        return Err(EditError::NoSuchVersion(index));
    }
    speech.versions.remove(index);
    Ok(Effect::None)
}

/// [`Edit::RenameVersion`].
pub(super) fn rename(
    speech: &mut Speech,
    index: usize,
    name: &str,
    note: &str,
) -> Result<Effect, EditError> {
    if index >= speech.versions.len() {
        return Err(EditError::NoSuchVersion(index));
    }
    let name = version_name(speech, name, Some(index))?;
    let v = std::sync::Arc::make_mut(&mut speech.versions[index]);
    v.name = name;
    v.note = note.trim().to_owned();
    Ok(Effect::None)
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
