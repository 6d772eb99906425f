//! The app's data folder: where recovery files, the recent list and in-place backups live.
//! Never beside the user's own files.
//!
//! The folder holds copies of speeches and the names of the documents opened, so it is the
//! user's alone: created owner-only (0700) with its subfolders, and tightened at start when an
//! older version or another program left it wider.

use std::path::{Path, PathBuf};

/// The subfolders [`tighten`] looks after.
const SUBFOLDERS: [&str; 3] = ["recovery", "backups", "templates"];
/// The files in the folder that name documents (or hold their words): owner-only.
const PRIVATE_FILES: [&str; 6] = [
    "recent.ron",
    "written.json",
    "recovery.ron",
    "common-errors.txt",
    "proof-words.txt",
    "settings.json",
];

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

/// Creates a folder of the app's own (the data folder or one of its subfolders) owner-only,
/// if it is missing. Folders above it are made as any program's would be.
pub fn ensure(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    match builder.create(dir) {
        // Another window made it meanwhile.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        other => other,
    }
}

/// Creates the data folder if missing, and takes group and others' access away from it, its
/// subfolders and the files that name documents, where an older version or another program
/// left them wider. Returns what could not be tightened (a folder someone else owns), for the
/// user to be told; never fails start-up.
pub fn tighten(dir: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    if let Err(e) = ensure(dir) {
        problems.push(format!(
            "无法创建数据文件夹 {}：{}",
            dir.display(),
            super::reason::Reason(&e)
        ));
        return problems;
    }
    let mut paths = vec![(dir.to_owned(), 0o700)];
    paths.extend(SUBFOLDERS.iter().map(|s| (dir.join(s), 0o700)));
    paths.extend(PRIVATE_FILES.iter().map(|f| (dir.join(f), 0o600)));
    for (path, mode) in paths {
        if let Err(e) = owner_only(&path, mode) {
            problems.push(format!(
                "无法把 {} 设为仅本人可读：{}",
                path.display(),
                super::reason::Reason(&e)
            ));
        }
    }
    problems
}

/// Clears group and others' bits of `path` if it has any (leaves the owner's as they are;
/// `mode` is what a missing owner bit is completed to). Absent is fine.
#[cfg(unix)]
fn owner_only(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    // A link is not followed: the app never makes one here, and chmod would reach its target.
    if meta.file_type().is_symlink() {
        return Ok(());
    }
    let now = meta.permissions().mode() & 0o7777;
    if now & 0o077 == 0 {
        return Ok(());
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode((now & 0o700) | mode))
}

#[cfg(not(unix))]
fn owner_only(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn a_new_data_folder_is_owner_only_its_parents_are_not_touched() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("share").join("jianggao");
        ensure(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        // Made as any program's would be: 0777 less the umask, never by us 0700.
        let reference = root.path().join("reference");
        std::fs::create_dir(&reference).unwrap();
        assert_eq!(mode(&root.path().join("share")), mode(&reference));
        ensure(&backups(&dir)).unwrap();
        assert_eq!(mode(&backups(&dir)), 0o700);
    }

    #[test]
    fn wider_folders_and_lists_are_tightened_at_start() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("jianggao");
        std::fs::create_dir_all(dir.join("recovery")).unwrap();
        std::fs::create_dir_all(dir.join("backups")).unwrap();
        std::fs::write(dir.join("recent.ron"), "[]").unwrap();
        std::fs::write(dir.join("written.json"), "[]").unwrap();
        let other = dir.join("别的文件.txt");
        std::fs::write(&other, "x").unwrap();
        for p in [&dir, &dir.join("recovery"), &dir.join("backups")] {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        for p in [&dir.join("recent.ron"), &dir.join("written.json"), &other] {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        assert!(tighten(&dir).is_empty());
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join("recovery")), 0o700);
        assert_eq!(mode(&dir.join("backups")), 0o700);
        assert_eq!(mode(&dir.join("recent.ron")), 0o600);
        assert_eq!(mode(&dir.join("written.json")), 0o600);
        // Not one of the app's files: left as it is (the folder keeps others out).
        assert_eq!(mode(&other), 0o644);
    }
}
