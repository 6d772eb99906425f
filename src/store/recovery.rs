//! Crash recovery and recent files: small state kept in the app's data folder, never beside the
//! user's own files.
//!
//! Guarantees:
//! - One recovery file per open document and window (`recovery/KEY.ron`), keyed by the draft's
//!   path or, for an untitled speech, by an id of its own. Several windows never write, offer or
//!   delete each other's files.
//! - A window holds an OS lock on its slot (`KEY.lock`) while it lives. A recovery file is
//!   offered only when no live process holds its lock, i.e. after a crash; the lock goes with the
//!   process, so a crashed window's work is offered at the next start.
//! - Recovery files are written atomically; a missing or broken one is "nothing to recover",
//!   never an error that blocks start-up.
//! - A recovery file is readable by no more people than its draft (owner-only for an untitled
//!   speech), in an owner-only folder; lock files and the recent list are owner-only.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use crate::doc::model::Speech;
use crate::store::data_dir;
use crate::store::files::{self, Access, Fingerprint, WriteOptions};

const FOLDER: &str = "recovery";
/// The single recovery file of older versions, moved into the folder on first look.
const LEGACY_FILE: &str = "recovery.ron";
const RECENT_FILE: &str = "recent.ron";
/// How many recent files the menu remembers.
pub const RECENT_LIMIT: usize = 8;

/// What an autosave stores: the speech and the file it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recovery {
    /// The draft the user was editing (`None` for an unsaved new speech).
    pub original: Option<PathBuf>,
    pub speech: Speech,
    /// The draft as it was on disk when the editing began (read or last saved): a restored
    /// speech saved over a file someone changed since is asked about, not written silently.
    /// Absent in files of older versions.
    #[serde(default)]
    pub basis: Option<Fingerprint>,
}

/// One window's recovery file for one document, locked while the slot lives.
#[derive(Debug)]
pub struct Slot {
    file: PathBuf,
    lock_path: PathBuf,
    /// Holds the OS lock; closing it (also by a crash) releases the slot.
    _lock: File,
}

impl Slot {
    /// Claims a slot for a document: keyed by its file, or by a fresh id when untitled (or when
    /// another window already edits the same file).
    pub fn claim(data_dir: &Path, original: Option<&Path>) -> std::io::Result<Slot> {
        let folder = data_dir.join(FOLDER);
        data_dir::ensure(data_dir)?;
        data_dir::ensure(&folder)?;
        if let Some(path) = original {
            let key = format!("file-{:016x}", files::path_hash(path));
            // An existing file there is a crashed window's work not yet offered: never write
            // over it.
            if !folder.join(format!("{key}.ron")).exists()
                && let Some(slot) = Slot::lock(&folder, &key)?
            {
                return Ok(slot);
            }
        }
        loop {
            // Unique within the process (counter) and across processes (pid, clock).
            static COUNTER: AtomicU64 = AtomicU64::new(0);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            let key = format!(
                "new-{}-{nanos:x}-{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            );
            if !folder.join(format!("{key}.ron")).exists()
                && let Some(slot) = Slot::lock(&folder, &key)?
            {
                return Ok(slot);
            }
        }
    }

    /// Locks `KEY.lock`; `None` when a live process holds it.
    fn lock(folder: &Path, key: &str) -> std::io::Result<Option<Slot>> {
        let lock_path = folder.join(format!("{key}.lock"));
        let lock = files::open_lock_file(&lock_path)?;
        match lock.try_lock() {
            Ok(()) => Ok(Some(Slot {
                file: folder.join(format!("{key}.ron")),
                lock_path,
                _lock: lock,
            })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(e),
        }
    }

    /// Writes the recovery file, readable by no more people than the draft it belongs to.
    pub fn save(&self, recovery: &Recovery) -> std::io::Result<()> {
        let text = crate::store::draft::ron_text(recovery).map_err(std::io::Error::other)?;
        let access = recovery
            .original
            .as_deref()
            .map_or(Access::OWNER_ONLY, Access::of);
        let options = WriteOptions {
            access: Some(access),
            ..WriteOptions::default()
        };
        files::replace(&self.file, text.as_bytes(), &options)
            .map(|_| ())
            .map_err(|e| e.source)
    }

    /// Reads this slot's recovery file, if there is a usable one.
    pub fn load(&self) -> Option<Recovery> {
        let text = std::fs::read_to_string(&self.file).ok()?;
        let mut r: Recovery = crate::store::draft::ron_value(&text).ok()?;
        r.speech.validate().ok()?;
        Some(r)
    }

    /// Removes the recovery file (after a save, or when the user discards it); the slot stays
    /// claimed.
    pub fn clear(&self) {
        // Absent is the goal; a file that cannot be removed is offered again next start.
        let _ = std::fs::remove_file(&self.file);
    }

    /// Clears the recovery file and gives the slot up.
    pub fn discard(self) {
        self.clear();
        let _ = std::fs::remove_file(&self.lock_path);
    }

    /// The recovery file's path.
    pub fn path(&self) -> &Path {
        &self.file
    }
}

/// Recovery files no live window holds (left by a crash), most recent first, each claimed for
/// the caller so that two windows starting at once never offer the same one.
pub fn orphans(data_dir: &Path) -> Vec<(Slot, Recovery)> {
    let folder = data_dir.join(FOLDER);
    adopt_legacy(data_dir, &folder);
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        if let Some(key) = name.strip_suffix(".lock")
            && !folder.join(format!("{key}.ron")).exists()
            && let Ok(Some(slot)) = Slot::lock(&folder, key)
        {
            // A lock nobody holds, for a file that is gone: left by a crash before any autosave.
            slot.discard();
            continue;
        }
        let Some(key) = name.strip_suffix(".ron") else {
            continue;
        };
        let Ok(Some(slot)) = Slot::lock(&folder, key) else {
            continue; // A live window's, or the folder is unusable.
        };
        let modified = entry.metadata().and_then(|m| m.modified()).ok();
        if let Some(r) = slot.load() {
            found.push((modified, slot, r));
        }
    }
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found.into_iter().map(|(_, s, r)| (s, r)).collect()
}

/// Moves an older version's single recovery file into the folder, so it is offered once.
fn adopt_legacy(data_dir: &Path, folder: &Path) {
    let legacy = data_dir.join(LEGACY_FILE);
    if legacy.is_file() && data_dir::ensure(folder).is_ok() {
        let _ = std::fs::rename(&legacy, folder.join("legacy.ron"));
    }
}

/// The recent-files list, most recent first.
pub fn recent(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_to_string(dir.join(RECENT_FILE))
        .ok()
        .and_then(|t| ron::from_str(&t).ok())
        .unwrap_or_default()
}

/// Puts `path` first in the recent-files list and stores it. Returns the new list.
pub fn push_recent(dir: &Path, path: &Path) -> Vec<PathBuf> {
    let mut list = recent(dir);
    list.retain(|p| p != path);
    list.insert(0, path.to_owned());
    list.truncate(RECENT_LIMIT);
    if data_dir::ensure(dir).is_ok()
        && let Ok(text) = ron::to_string(&list)
    {
        // It names every speech opened: the user's alone. Losing the list is harmless; never
        // block a save on it.
        let _ = files::replace(
            &dir.join(RECENT_FILE),
            text.as_bytes(),
            &WriteOptions::owner_only(),
        );
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recovery(title: &str) -> Recovery {
        let mut speech = Speech::new();
        speech.title = title.into();
        Recovery {
            original: None,
            speech,
            basis: None,
        }
    }

    #[test]
    fn recovery_round_trips_and_clears() {
        let dir = tempfile::tempdir().unwrap();
        let slot = Slot::claim(dir.path(), None).unwrap();
        assert_eq!(slot.load(), None);
        let r = recovery("未保存的讲话");
        slot.save(&r).unwrap();
        assert_eq!(slot.load(), Some(r));
        slot.clear();
        assert_eq!(slot.load(), None);
    }

    #[test]
    fn a_live_slot_is_never_offered_a_released_one_is() {
        let dir = tempfile::tempdir().unwrap();
        let live = Slot::claim(dir.path(), None).unwrap();
        live.save(&recovery("活的窗口")).unwrap();
        assert!(orphans(dir.path()).is_empty(), "its window still runs");
        // A crash closes the lock without removing the file.
        drop(live);
        let found = orphans(dir.path());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1.speech.title, "活的窗口");
        // While one window offers it, another does not.
        assert!(orphans(dir.path()).is_empty());
    }

    #[test]
    fn two_windows_on_one_file_get_two_slots() {
        let dir = tempfile::tempdir().unwrap();
        let draft = dir.path().join("稿.ron");
        let a = Slot::claim(dir.path(), Some(&draft)).unwrap();
        let b = Slot::claim(dir.path(), Some(&draft)).unwrap();
        assert_ne!(a.path(), b.path());
        a.save(&recovery("甲")).unwrap();
        b.save(&recovery("乙")).unwrap();
        a.clear();
        assert_eq!(b.load().unwrap().speech.title, "乙");
    }

    #[test]
    fn a_crashed_windows_file_is_never_claimed_for_writing() {
        let dir = tempfile::tempdir().unwrap();
        let draft = dir.path().join("稿.ron");
        let crashed = Slot::claim(dir.path(), Some(&draft)).unwrap();
        crashed.save(&recovery("崩溃前的内容")).unwrap();
        let crashed_file = crashed.path().to_owned();
        drop(crashed);
        // A new window opens the same draft before anyone was offered the crashed work.
        let fresh = Slot::claim(dir.path(), Some(&draft)).unwrap();
        assert_ne!(fresh.path(), crashed_file);
        fresh.save(&recovery("新窗口")).unwrap();
        let offered = orphans(dir.path());
        assert_eq!(offered.len(), 1);
        assert_eq!(offered[0].1.speech.title, "崩溃前的内容");
    }

    #[test]
    fn broken_recovery_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join(FOLDER);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("new-1-2-3.ron"), "(坏").unwrap();
        assert!(orphans(dir.path()).is_empty());
    }

    #[test]
    fn recent_list_is_most_recent_first_without_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        push_recent(dir.path(), Path::new("a.ron"));
        push_recent(dir.path(), Path::new("b.ron"));
        let list = push_recent(dir.path(), Path::new("a.ron"));
        assert_eq!(list, [PathBuf::from("a.ron"), PathBuf::from("b.ron")]);
        assert_eq!(recent(dir.path()), list);
    }
}
