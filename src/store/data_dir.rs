//! The app's data folder: where recovery files, the recent list and in-place backups live.
//! Never beside the user's own files.

use std::path::{Path, PathBuf};

/// The data folder: `$JIANGGAO_DATA_DIR`, else the platform's per-user data folder.
pub fn default() -> Option<PathBuf> {
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

/// Where backups go before an in-place write, when a file's own folder is read-only.
pub fn backups(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

/// [`backups`] of the [`default`] data folder.
pub fn default_backups() -> Option<PathBuf> {
    default().map(|d| backups(&d))
}
