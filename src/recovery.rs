//! Crash recovery and recent files: small state kept in the app's data folder, never beside the
//! user's own files.
//!
//! Guarantees: the recovery file is written atomically and only ever in the data folder, so an
//! autosave can never overwrite the user's draft; a missing or broken recovery file is treated as
//! "nothing to recover" rather than an error that blocks start-up.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::Speech;

const RECOVERY_FILE: &str = "recovery.ron";
const RECENT_FILE: &str = "recent.ron";
/// How many recent files the menu remembers.
pub const RECENT_LIMIT: usize = 8;

/// What an autosave stores: the speech and the file it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recovery {
    /// The draft the user was editing (`None` for an unsaved new speech).
    pub original: Option<PathBuf>,
    pub speech: Speech,
}

/// The data folder: `$JIANGGAO_DATA_DIR`, else the platform's per-user data folder.
pub fn default_data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("JIANGGAO_DATA_DIR") {
        return Some(PathBuf::from(dir));
    }
    if cfg!(windows) {
        return std::env::var_os("APPDATA").map(|d| PathBuf::from(d).join("jianggao"));
    }
    if let Some(d) = std::env::var_os("XDG_DATA_HOME") {
        return Some(PathBuf::from(d).join("jianggao"));
    }
    let home = PathBuf::from(std::env::var_os("HOME")?);
    if cfg!(target_os = "macos") {
        Some(home.join("Library/Application Support/jianggao"))
    } else {
        Some(home.join(".local/share/jianggao"))
    }
}

/// Writes the recovery file.
pub fn save(dir: &Path, recovery: &Recovery) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let text = ron::ser::to_string_pretty(
        recovery,
        ron::ser::PrettyConfig::new().escape_strings(false),
    )
    .map_err(std::io::Error::other)?;
    crate::draft::write_atomic(&dir.join(RECOVERY_FILE), text.as_bytes()).map_err(|(_, e)| e)
}

/// Reads the recovery file, if there is a usable one.
pub fn load(dir: &Path) -> Option<Recovery> {
    let text = std::fs::read_to_string(dir.join(RECOVERY_FILE)).ok()?;
    let mut r: Recovery = ron::from_str(&text).ok()?;
    r.speech.validate().ok()?;
    Some(r)
}

/// Removes the recovery file (after a save, a clean exit, or when the user discards it).
pub fn clear(dir: &Path) {
    // Absent is the goal; a file that cannot be removed is offered again next start.
    let _ = std::fs::remove_file(dir.join(RECOVERY_FILE));
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
    if std::fs::create_dir_all(dir).is_ok()
        && let Ok(text) = ron::to_string(&list)
    {
        // Losing the recent list is harmless; never block a save on it.
        let _ = crate::draft::write_atomic(&dir.join(RECENT_FILE), text.as_bytes());
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_round_trips_and_clears() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), None);
        let mut speech = Speech::new();
        speech.title = "未保存的讲话".into();
        let r = Recovery {
            original: Some(PathBuf::from("稿.ron")),
            speech,
        };
        save(dir.path(), &r).unwrap();
        assert_eq!(load(dir.path()), Some(r));
        clear(dir.path());
        assert_eq!(load(dir.path()), None);
    }

    #[test]
    fn broken_recovery_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(RECOVERY_FILE), "(坏").unwrap();
        assert_eq!(load(dir.path()), None);
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
