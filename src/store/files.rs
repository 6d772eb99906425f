//! Writing the user's files without losing anything.
//!
//! Guarantees of [`replace`]:
//! - The previous good file survives any failure: the new bytes go to a temporary file beside
//!   the target, are flushed to disk and only then renamed over it (all-or-nothing).
//! - The file keeps what it was: its permission bits, owner and group are carried over, and a
//!   symbolic link is written through to its target instead of being replaced by a file.
//! - Temporary files left by a killed save of this program are removed by the next write in
//!   that folder (only those whose process is gone).
//! - Where no temporary file can be created beside the target (a read-only folder holding a
//!   writable file) or the group cannot be carried over, the file is rewritten in place, but only
//!   after a complete backup copy exists in the fallback folder; without one, the write is
//!   refused with the reason. A rewrite broken off (a full disk) puts the old bytes back, and
//!   every error of an in-place write names where the backup is.
//! - With `backup`, the previous version is kept as `NAME.bak` beside the file (itself written
//!   atomically).
//! - A copy of a user's file — `NAME.bak`, the in-place backup, a recovery file — is never
//!   readable by more people than the file: it gets the file's permission bits and group
//!   ([`Access`]), or owner-only when those cannot be had. The temporary file is given them
//!   before a byte is written.
//! - Only a regular file (or a new one) is written: a device, a pipe or a folder at the path is
//!   refused and left as it is. Likewise only a regular file is read ([`read_bounded`]), and
//!   only up to a stated size.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Start of the names of this program's temporary files; the process id follows.
const TEMP_PREFIX: &str = ".jianggao-";
const TEMP_SUFFIX: &str = ".tmp";
/// Temporary files without a process id in their name (older versions) are stale after this.
const LEGACY_TEMP_AGE: std::time::Duration = std::time::Duration::from_secs(600);
/// How many links are followed before giving up (as the OS does with ELOOP).
const MAX_LINKS: usize = 40;

/// How a file is replaced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Keep the previous version as `NAME.bak` beside the file.
    pub backup: bool,
    /// Where a backup goes when the file has to be rewritten in place (its folder is not
    /// writable). `None`: such a write is refused.
    pub fallback_dir: Option<PathBuf>,
    /// The file written is a copy of a speech (a recovery file) or names documents (the recent
    /// list): it gets this access instead of keeping what the file there had.
    pub access: Option<Access>,
}

impl WriteOptions {
    /// For the app's own files in its data folder (the recent list, the record of files
    /// written, the settings): owner-only, no `.bak`.
    pub fn owner_only() -> WriteOptions {
        WriteOptions {
            access: Some(Access::OWNER_ONLY),
            ..WriteOptions::default()
        }
    }
}

/// Opens a lock file of the app's, creating it owner-only; the caller takes the OS lock.
pub fn open_lock_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Who may read a copy the program makes of a user's file: the file's read and write bits for
/// group and others, and its group. The owner may always read and write a copy (to offer it
/// back and to remove it); nothing is ever executable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Access {
    mode: u32,
    group: Option<u32>,
}

impl Access {
    /// For a new draft, a file whose mode cannot be read, and the app's own lists.
    pub const OWNER_ONLY: Access = Access {
        mode: 0o600,
        group: None,
    };

    /// The access of copies of the file at `path`; owner-only when it cannot be read.
    pub fn of(path: &Path) -> Access {
        std::fs::metadata(path).map_or(Access::OWNER_ONLY, |m| Access::of_meta(&m))
    }

    /// The access of copies of the file `meta` describes.
    #[cfg(unix)]
    pub fn of_meta(meta: &std::fs::Metadata) -> Access {
        use std::os::unix::fs::MetadataExt;
        Access {
            mode: (meta.mode() & 0o066) | 0o600,
            group: Some(meta.gid()),
        }
    }

    /// Elsewhere a new file takes its folder's access rules (see the README).
    #[cfg(not(unix))]
    pub fn of_meta(_meta: &std::fs::Metadata) -> Access {
        Access::OWNER_ONLY
    }

    /// Gives an open file this access. Where the group cannot be given (the user is not in
    /// it), group and others get nothing: a copy under another group is never wider.
    #[cfg(unix)]
    fn apply(&self, file: &std::fs::File) -> std::io::Result<()> {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let mut mode = self.mode;
        if let Some(gid) = self.group
            && file.metadata()?.gid() != gid
            && std::os::unix::fs::fchown(file, None, Some(gid)).is_err()
        {
            mode &= 0o700;
        }
        file.set_permissions(std::fs::Permissions::from_mode(mode))
    }

    #[cfg(not(unix))]
    fn apply(&self, _file: &std::fs::File) -> std::io::Result<()> {
        Ok(())
    }
}

/// What a successful write did besides writing the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// The file actually written (the target of a symbolic link).
    pub target: PathBuf,
    /// The copy of the previous version, if one was made.
    pub backup: Option<PathBuf>,
    /// The file was rewritten in place (its folder is not writable), after a backup.
    pub in_place: bool,
    /// What the file now holds, to tell later whether someone changed it.
    pub fingerprint: Option<Fingerprint>,
}

/// What a file held when this program read or wrote it: its length, modification time and a
/// hash of its bytes. The length and time tell cheaply that a file is as it was; the hash
/// tells a file touched (same bytes, new time) from one changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Fingerprint {
    pub len: u64,
    /// Nanoseconds since the epoch (0 where the system gives no time; 64 bits last until 2554,
    /// and RON has no 128-bit numbers).
    pub modified: u64,
    /// [`content_hash`] of the bytes.
    pub hash: u64,
}

impl Fingerprint {
    /// The fingerprint of `bytes`, the contents of the file `meta` describes.
    pub fn new(bytes: &[u8], meta: &std::fs::Metadata) -> Fingerprint {
        Fingerprint {
            len: bytes.len() as u64,
            modified: modified_u64(meta),
            hash: content_hash(bytes),
        }
    }

    /// Reads the file at `path` (a regular file of at most `limit` bytes) and fingerprints it.
    pub fn read(path: &Path, limit: u64) -> std::io::Result<Fingerprint> {
        let file = open_regular(path)?;
        let meta = file.metadata()?;
        let bytes = read_bounded_from(file, limit)?;
        Ok(Fingerprint::new(&bytes, &meta))
    }

    /// Whether `meta` shows the same length and time: then the file is taken to be unchanged.
    pub fn same_stat(&self, meta: &std::fs::Metadata) -> bool {
        self.len == meta.len() && self.modified == modified_u64(meta)
    }

    /// Whether the bytes are the same (whatever the times say).
    pub fn same_bytes(&self, other: &Fingerprint) -> bool {
        self.len == other.len && self.hash == other.hash
    }
}

fn modified_u64(meta: &std::fs::Metadata) -> u64 {
    u64::try_from(modified_nanos(meta)).unwrap_or(u64::MAX)
}

/// A file's modification time in nanoseconds since the epoch (0 where there is none).
pub(crate) fn modified_nanos(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// FNV-1a (64 bits) of `bytes`: stable across versions and platforms, as it is kept in
/// recovery files. About 1 GB/s; drafts are read whole anyway.
pub fn content_hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

pub use super::reason::Reason;

/// Why a write failed: the step, and the system's reason. The target is untouched, unless
/// an in-place write broke off (the action says so): then `backup` names the complete copy of
/// the previous version.
#[derive(Debug, thiserror::Error)]
#[error("{action}：{}{}", Reason(.source), backup_note(.backup.as_deref()))]
pub struct WriteError {
    pub action: &'static str,
    pub source: std::io::Error,
    /// A complete copy of the file as it was before the write, if one was made.
    pub backup: Option<PathBuf>,
}

fn backup_note(backup: Option<&Path>) -> String {
    backup.map_or(String::new(), |b| {
        format!("（原文件的完整备份在 {}）", b.display())
    })
}

fn step(action: &'static str) -> impl FnOnce(std::io::Error) -> WriteError {
    move |source| WriteError {
        action,
        source,
        backup: None,
    }
}

/// Replaces the contents of `path` with `bytes` (see the module docs).
pub fn replace(path: &Path, bytes: &[u8], options: &WriteOptions) -> Result<Written, WriteError> {
    replace_noting(path, bytes, options, &mut |_, _| {})
}

/// [`replace`], telling `note` the file that is about to appear at the target (its path and
/// metadata) just before it does: a record of the files this program wrote then holds the new
/// file even if the program is killed right after the rename. An in-place write tells `note`
/// after writing.
pub fn replace_noting(
    path: &Path,
    bytes: &[u8],
    options: &WriteOptions,
    note: &mut dyn FnMut(&Path, &std::fs::Metadata),
) -> Result<Written, WriteError> {
    let target = resolve_links(path).map_err(step("无法解析链接"))?;
    // Only regular files are replaced: renaming over a device, a pipe or a folder would turn it
    // into a file of ours.
    let existing = std::fs::metadata(&target).ok();
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        return Err(step("只能写入普通文件")(std::io::Error::other(
            "这是设备、管道或文件夹",
        )));
    }
    let dir = folder_of(&target);
    clean_stale_temps(&dir);

    let mut temp = new_temp(&dir, existing.as_ref(), options.access);
    let keeps_owner = match (&mut temp, &existing, options.access) {
        (Ok(t), Some(m), None) => t.handle().is_ok_and(|f| copy_owner(f, m)),
        _ => true,
    };
    let mut temp = match temp {
        Ok(t) if keeps_owner => t,
        // A writable file in a folder we may not create files in, or a file whose group we
        // cannot give to a new file: rewrite it where it is, after a backup elsewhere.
        Ok(_) if existing.is_some() => {
            let why = std::io::Error::other("新文件无法保留原文件的属组");
            return write_in_place(&target, bytes, options, why, note);
        }
        Err(e) if existing.is_some() && e.kind() == std::io::ErrorKind::PermissionDenied => {
            return write_in_place(&target, bytes, options, e, note);
        }
        Ok(t) => t,
        Err(e) => return Err(step("无法在文件夹中创建临时文件")(e)),
    };
    temp.write_all(bytes).map_err(step("无法写入临时文件"))?;
    let backup = match (&existing, options.backup) {
        (Some(m), true) => {
            let access = options.access.unwrap_or_else(|| Access::of_meta(m));
            Some(backup_beside(&target, &dir, access)?)
        }
        _ => None,
    };
    // A rename keeps the file's length and modification time: what is noted now is what
    // will be at the target.
    let meta = temp.handle().and_then(std::fs::File::metadata).ok();
    if let Some(meta) = &meta {
        note(&target, meta);
    }
    temp.persist(&target).map_err(step("无法替换文件"))?;
    sync_dir(&dir);
    Ok(Written {
        target,
        backup,
        in_place: false,
        fingerprint: meta.map(|m| Fingerprint::new(bytes, &m)),
    })
}

/// Opens a file for reading, only if it is a regular file: reading a pipe or a device (a FIFO,
/// `/dev/zero`) would wait or grow without end.
pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let not_regular = || {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "不是普通文件（是设备、管道或文件夹）",
        )
    };
    // Before opening: opening a pipe waits until someone writes to it.
    if !std::fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    let file = std::fs::File::open(path)?;
    // And what was opened, in case the path was swapped meanwhile.
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

/// Reads a whole regular file of at most `limit` bytes; a larger one is refused before it is
/// read (and while reading, should it grow), with its size and the limit in the message.
pub fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    read_bounded_from(open_regular(path)?, limit)
}

/// [`read_bounded`] on a file already opened (from its current position).
pub fn read_bounded_from(file: std::fs::File, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let too_large = |size: u64| {
        std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!(
                "文件有 {} MB，超过 {} MB 的上限，不像一篇讲话稿",
                size.div_ceil(1 << 20),
                limit >> 20
            ),
        )
    };
    let size = file.metadata()?.len();
    if size > limit {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// What a folder offers a path entry: its subfolders and the files ending in one of
/// `extensions` (every file when empty), each with whether it is a folder; folders first, by
/// name; hidden ones left out. At most `limit` are returned, and at most 10 000 entries are
/// looked at, so a huge folder costs a bounded time.
pub fn list_folder(dir: &Path, extensions: &[&str], limit: usize) -> Vec<(String, bool)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, bool)> = entries
        .take(10_000)
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            if name.starts_with('.') {
                return None;
            }
            let folder = e.file_type().ok()?.is_dir() || e.path().is_dir();
            let wanted = folder
                || extensions.is_empty()
                || Path::new(&name)
                    .extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| extensions.iter().any(|w| x.eq_ignore_ascii_case(w)));
            wanted.then_some((name, folder))
        })
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out.truncate(limit);
    out
}

/// Completes the last part of a typed path, as a shell's Tab does: to the longest name that
/// every entry of its folder starting with it shares (a folder gets its separator). `None`
/// when nothing starts with it.
pub fn complete_path(typed: &str, extensions: &[&str]) -> Option<String> {
    let cut = typed.rfind(std::path::is_separator).map_or(0, |i| i + 1);
    let (folder, prefix) = typed.split_at(cut);
    let dir = if folder.is_empty() { "." } else { folder };
    let found: Vec<(String, bool)> = list_folder(Path::new(dir), extensions, usize::MAX)
        .into_iter()
        .filter(|(n, _)| n.starts_with(prefix))
        .collect();
    let first = &found.first()?.0;
    let mut common = first.clone();
    for (name, _) in &found[1..] {
        let shared = common
            .chars()
            .zip(name.chars())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a.len_utf8())
            .sum();
        common.truncate(shared);
    }
    let mut out = format!("{folder}{common}");
    if found.len() == 1 && found[0].1 {
        out.push(std::path::MAIN_SEPARATOR);
    }
    Some(out)
}

/// Whether two paths name the same existing file (through links, `..`, hard links).
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
        false
    }
    #[cfg(not(unix))]
    {
        match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
}

/// The file a path finally names: symbolic links followed, also a link to a file that does
/// not exist yet (it is then created where the link points).
pub fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_owned();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                current = if link.is_absolute() {
                    link
                } else {
                    folder_of(&current).join(link)
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other("符号链接层数过多"))
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Temporary files this process is writing now: its own leftovers (a failed write whose file
/// could not be removed) are stale, these are not.
static LIVE_TEMPS: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// A temporary file that leaves the live list when it is persisted or dropped (then deleted).
struct Temp {
    file: Option<tempfile::NamedTempFile>,
    path: PathBuf,
}

impl Drop for Temp {
    fn drop(&mut self) {
        if let Ok(mut live) = LIVE_TEMPS.lock() {
            live.retain(|p| p != &self.path);
        }
    }
}

impl Temp {
    fn file(&mut self) -> std::io::Result<&mut tempfile::NamedTempFile> {
        self.file
            .as_mut()
            .ok_or_else(|| std::io::Error::other("临时文件已用过"))
    }

    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let file = self.file()?;
        file.write_all(bytes)?;
        file.as_file().sync_all()
    }

    fn handle(&mut self) -> std::io::Result<&std::fs::File> {
        Ok(self.file()?.as_file())
    }

    /// Renames the file over `target`.
    fn persist(mut self, target: &Path) -> std::io::Result<()> {
        let file = self
            .file
            .take()
            .ok_or_else(|| std::io::Error::other("临时文件已用过"))?;
        file.persist(target).map(|_| ()).map_err(|e| e.error)
    }
}

/// A temporary file beside the target, named with this process's id so the next write can
/// tell a dead save's leftovers from a live one's. It gets `access` if given (a copy), else
/// the existing file's exact mode, else a new file's usual mode; before anything is written.
fn new_temp(
    dir: &Path,
    existing: Option<&std::fs::Metadata>,
    access: Option<Access>,
) -> std::io::Result<Temp> {
    #[cfg(test)]
    if tests::READ_ONLY.with(|r| r.borrow().as_deref() == Some(dir)) {
        return Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied));
    }
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A new file gets the usual 0666 less the umask, as any editor's would; a copy or a
        // replacement starts owner-only and is given its exact mode below.
        let start = if access.is_none() && existing.is_none() {
            0o666
        } else {
            0o600
        };
        builder.permissions(std::fs::Permissions::from_mode(start));
    }
    // Created and listed under the lock, so a cleanup in another thread never sees it unlisted.
    let mut live = LIVE_TEMPS
        .lock()
        .map_err(|_| std::io::Error::other("临时文件登记表不可用"))?;
    let file = builder.tempfile_in(dir)?;
    let path = file.path().to_owned();
    live.push(path.clone());
    drop(live);
    let mut temp = Temp {
        file: Some(file),
        path,
    };
    match (access, existing) {
        (Some(a), _) => a.apply(temp.handle()?)?,
        (None, Some(m)) => temp.handle()?.set_permissions(m.permissions())?,
        (None, None) => {}
    }
    Ok(temp)
}

/// Gives the new file the old one's owner and group. False when the group cannot be kept
/// (the owner can only be changed by the super-user; a group only to one the user is in).
#[cfg(unix)]
fn copy_owner(file: &std::fs::File, old: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let Ok(now) = file.metadata() else {
        return false;
    };
    if now.uid() == old.uid() && now.gid() == old.gid() {
        return true;
    }
    let owner = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()))
        .or_else(|_| std::os::unix::fs::fchown(file, None, Some(old.gid())));
    // chown clears set-id bits: put the exact mode back.
    let mode = std::fs::Permissions::from_mode(old.mode() & 0o7777);
    owner.is_ok() && file.set_permissions(mode).is_ok()
}

#[cfg(not(unix))]
fn copy_owner(_file: &std::fs::File, _old: &std::fs::Metadata) -> bool {
    true
}

/// `NAME.bak` beside the file: the previous version, itself written atomically, readable by no
/// more people than the file.
fn backup_beside(target: &Path, dir: &Path, access: Access) -> Result<PathBuf, WriteError> {
    let mut name = target.file_name().unwrap_or_default().to_owned();
    name.push(".bak");
    let backup = dir.join(name);
    let old = std::fs::read(target).map_err(step("无法读取原文件以备份"))?;
    let mut temp = new_temp(dir, None, Some(access)).map_err(step("无法创建备份"))?;
    temp.write_all(&old).map_err(step("无法写入备份"))?;
    // Renaming over NAME.bak replaces a link someone left there, never writes through it.
    temp.persist(&backup).map_err(step("无法保存备份"))?;
    Ok(backup)
}

/// Rewrites the file where it is, after a complete backup copy in the fallback folder.
fn write_in_place(
    target: &Path,
    bytes: &[u8],
    options: &WriteOptions,
    why: std::io::Error,
    note: &mut dyn FnMut(&Path, &std::fs::Metadata),
) -> Result<Written, WriteError> {
    let Some(fallback) = &options.fallback_dir else {
        return Err(WriteError {
            action: "无法在文件所在文件夹中创建临时文件，且没有可放备份的文件夹，未写入",
            source: why,
            backup: None,
        });
    };
    crate::store::data_dir::ensure(fallback).map_err(step("无法创建备份文件夹"))?;
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let backup = fallback.join(format!("{name}.{:016x}.bak", path_hash(target)));
    let old = std::fs::read(target).map_err(step("无法读取原文件以备份"))?;
    let access = std::fs::metadata(target).map_or(Access::OWNER_ONLY, |m| Access::of_meta(&m));
    let copy = WriteOptions {
        access: Some(options.access.unwrap_or(access)),
        ..WriteOptions::default()
    };
    replace(&backup, &old, &copy).map_err(|e| WriteError {
        action: "无法写入备份，未改动原文件",
        source: e.source,
        backup: None,
    })?;
    let with_backup = |action| {
        let backup = backup.clone();
        move |source| WriteError {
            action,
            source,
            backup: Some(backup),
        }
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(target)
        .map_err(with_backup("无法打开文件写入，原文件未改动"))?;
    if let Err(e) = rewrite(&mut file, bytes) {
        // A full disk mid-write: the old bytes fit where they were, so put them back rather
        // than leave a file cut off mid-character.
        let action = if rewrite(&mut file, &old).is_ok() {
            "写入中断，原文件已恢复原样"
        } else {
            "写入中断，文件只写了一部分"
        };
        return Err(with_backup(action)(e));
    }
    let meta = file.metadata().ok();
    if let Some(meta) = &meta {
        note(target, meta);
    }
    Ok(Written {
        target: target.to_owned(),
        backup: Some(backup),
        in_place: true,
        fingerprint: meta.map(|m| Fingerprint::new(bytes, &m)),
    })
}

/// Writes `bytes` as the whole of `file`, from its start, and flushes it to disk. Writing
/// before truncating keeps the old length's tail only until `set_len` cuts it.
fn rewrite(file: &mut std::fs::File, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Seek;
    file.seek(std::io::SeekFrom::Start(0))?;
    #[cfg(test)]
    if let Some(room) = tests::DISK_ROOM.with(std::cell::Cell::get)
        && bytes.len() > room
    {
        // A disk with `room` bytes left: the write breaks off there.
        file.write_all(&bytes[..room])?;
        return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
    }
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)?;
    file.sync_all()
}

/// A stable name for a path (FNV-1a of the absolute path): one file's in-place backups replace
/// each other, and its recovery file is found again.
pub(crate) fn path_hash(path: &Path) -> u64 {
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    content_hash(absolute.as_os_str().as_encoded_bytes())
}

/// Makes a rename durable. Folders cannot be opened for syncing on every platform; a failure
/// leaves a complete file either way, so it is not an error.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Removes temporary files of this program whose process is gone (a save killed midway).
pub fn clean_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name
            .to_str()
            .and_then(|n| n.strip_prefix(TEMP_PREFIX))
            .and_then(|n| n.strip_suffix(TEMP_SUFFIX))
        else {
            continue;
        };
        let live = LIVE_TEMPS
            .lock()
            .map_or(true, |l| l.iter().any(|p| p.file_name() == Some(&name)));
        let stale = match rest
            .split_once('-')
            .and_then(|(p, _)| p.parse::<u32>().ok())
        {
            Some(pid) if pid == std::process::id() => !live,
            Some(pid) => !process_alive(pid),
            None => entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > LEGACY_TEMP_AGE),
        };
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether a process with this id runs. Where that cannot be asked, assume it does (a
/// leftover then stays until a later write), never remove a live save's file.
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// A folder in which creating files fails, as in a read-only folder (a real one would
        /// not stop the super-user, who runs CI).
        pub static READ_ONLY: std::cell::RefCell<Option<PathBuf>> =
            const { std::cell::RefCell::new(None) };
        /// Bytes left on the disk for an in-place write (`None`: plenty).
        pub static DISK_ROOM: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
    }

    fn draft_options(dir: &Path) -> WriteOptions {
        WriteOptions {
            backup: true,
            fallback_dir: Some(dir.join("data")),
            access: None,
        }
    }

    /// Regression: run as root, exporting to a FIFO or a device renamed the temporary file over
    /// it, turning it into a regular file.
    #[cfg(unix)]
    #[test]
    fn a_pipe_a_device_or_a_folder_is_not_replaced() {
        use std::os::unix::fs::FileTypeExt as _;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("管道");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let folder = dir.path().join("文件夹");
        std::fs::create_dir(&folder).unwrap();
        // A link to the pipe is followed to it, and refused too.
        let link = dir.path().join("链接");
        std::os::unix::fs::symlink(&fifo, &link).unwrap();
        // (Not a real device: were the check ever lost, the test would replace it.)
        for path in [&fifo, &folder, &link] {
            let err = replace(path, b"text", &draft_options(dir.path())).unwrap_err();
            assert_eq!(err.action, "只能写入普通文件", "{}", path.display());
        }
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
        assert!(folder.is_dir());
        // Nothing was left beside them.
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["文件夹", "管道", "链接"]);
    }

    #[test]
    fn replaces_and_keeps_the_previous_version_as_bak() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("稿.ron");
        let first = replace(&path, b"one", &draft_options(dir.path())).unwrap();
        assert_eq!(first.backup, None);
        let second = replace(&path, b"two", &draft_options(dir.path())).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let bak = second.backup.unwrap();
        assert_eq!(bak, dir.path().join("稿.ron.bak"));
        assert_eq!(std::fs::read(bak).unwrap(), b"one");
    }

    #[test]
    fn writable_file_in_read_only_folder_is_rewritten_in_place_after_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("稿.ron");
        std::fs::write(&path, "旧的内容").unwrap();
        READ_ONLY.with(|r| *r.borrow_mut() = Some(dir.path().to_owned()));
        let refused = replace(&path, b"new", &WriteOptions::default());
        let written = replace(&path, "新的内容".as_bytes(), &draft_options(dir.path()));
        READ_ONLY.with(|r| *r.borrow_mut() = None);
        assert!(refused.is_err(), "no backup folder: refused");
        let written = written.unwrap();
        assert!(written.in_place);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "新的内容");
        let backup = written.backup.unwrap();
        assert!(backup.starts_with(dir.path().join("data")));
        assert_eq!(std::fs::read_to_string(backup).unwrap(), "旧的内容");
    }

    /// Regression: on a full disk the in-place write left a file cut mid-character, and the
    /// message did not say where the backup was.
    #[test]
    fn a_full_disk_in_place_restores_the_file_and_names_the_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("稿.ron");
        let old = "旧的内容，一个字也不能少。";
        std::fs::write(&path, old).unwrap();
        READ_ONLY.with(|r| *r.borrow_mut() = Some(dir.path().to_owned()));
        // Room for the old text, not for the new longer one: the cut falls mid-character.
        DISK_ROOM.with(|r| r.set(Some(old.len() + 1)));
        let new = "新的内容要长得多，磁盘放不下这么多字。".repeat(3);
        let result = replace(&path, new.as_bytes(), &draft_options(dir.path()));
        DISK_ROOM.with(|r| r.set(None));
        READ_ONLY.with(|r| *r.borrow_mut() = None);
        let e = result.unwrap_err();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), old, "restored");
        let backup = e.backup.clone().expect("the backup is named");
        assert_eq!(std::fs::read_to_string(&backup).unwrap(), old);
        let message = e.to_string();
        assert!(message.contains("已恢复原样"), "{message}");
        assert!(message.contains(&backup.display().to_string()), "{message}");
    }

    /// Regression: the in-place write's backup and the `.bak` were made 0644 for a 0600 file.
    #[cfg(unix)]
    #[test]
    fn backups_get_the_files_access_never_wider() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        for file_mode in [0o600, 0o640, 0o604] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("稿.ron");
            std::fs::write(&path, "旧的内容").unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(file_mode)).unwrap();
            let bak = replace(&path, b"two", &draft_options(dir.path())).unwrap();
            assert_eq!(mode(&bak.backup.unwrap()), file_mode);
            assert_eq!(mode(&path), file_mode);
            READ_ONLY.with(|r| *r.borrow_mut() = Some(dir.path().to_owned()));
            let written = replace(&path, b"three", &draft_options(dir.path()));
            READ_ONLY.with(|r| *r.borrow_mut() = None);
            let backup = written.unwrap().backup.unwrap();
            assert_eq!(mode(&backup), file_mode, "in-place backup");
            assert_eq!(mode(backup.parent().unwrap()), 0o700, "backup folder");
        }
        // An executable or set-id file's copies are neither.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("稿.ron");
        std::fs::write(&path, "x").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o4755)).unwrap();
        let bak = replace(&path, b"y", &draft_options(dir.path())).unwrap();
        assert_eq!(mode(&bak.backup.unwrap()), 0o644);
    }

    /// A copy for a file whose group the user is not in has no group or other access.
    #[cfg(unix)]
    #[test]
    fn a_copy_whose_group_cannot_be_given_is_owner_only() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("副本");
        let access = Access {
            mode: 0o640,
            // A group no account is in; root could give it, so the test asks what happened.
            group: Some(0xFFFF_FFF0),
        };
        let options = WriteOptions {
            access: Some(access),
            ..WriteOptions::default()
        };
        replace(&copy, b"x", &options).unwrap();
        let meta = std::fs::metadata(&copy).unwrap();
        let expected = if meta.gid() == 0xFFFF_FFF0 {
            0o640
        } else {
            0o600
        };
        assert_eq!(meta.permissions().mode() & 0o7777, expected);
    }

    /// Reading is bounded: a pipe would wait forever and a device never end; a file past the
    /// limit is refused before it is read.
    #[cfg(unix)]
    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("管道.txt");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        let e = read_bounded(&fifo, 1 << 20).unwrap_err();
        assert!(e.to_string().contains("不是普通文件"), "{e}");
        let e = read_bounded(Path::new("/dev/zero"), 1 << 20).unwrap_err();
        assert!(e.to_string().contains("不是普通文件"), "{e}");
        let big = dir.path().join("大.txt");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(3 << 20)
            .unwrap();
        let e = read_bounded(&big, 2 << 20).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::FileTooLarge);
        assert!(e.to_string().contains("3 MB，超过 2 MB"), "{e}");
        assert_eq!(read_bounded(&big, 3 << 20).unwrap().len(), 3 << 20);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_usual_mode_not_0600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("新.ron");
        replace(&path, b"x", &WriteOptions::default()).unwrap();
        // What any program's new file gets here: 0666 less the umask.
        let reference = dir.path().join("reference");
        std::fs::write(&reference, "x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode(&path), mode(&reference));
    }

    #[test]
    fn a_folder_is_listed_for_a_path_entry_and_a_typed_name_completed() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["讲话一稿.ron", "讲话二稿.ron", "讲话.txt", ".隐藏.ron"] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        std::fs::create_dir(dir.path().join("归档")).unwrap();
        let names: Vec<String> = list_folder(dir.path(), &["ron"], 10)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["归档", "讲话一稿.ron", "讲话二稿.ron"]);
        assert_eq!(list_folder(dir.path(), &["ron"], 1).len(), 1);
        let base = format!("{}/", dir.path().display());
        assert_eq!(
            complete_path(&format!("{base}讲"), &["ron"]),
            Some(format!("{base}讲话"))
        );
        assert_eq!(
            complete_path(&format!("{base}讲话一"), &["ron"]),
            Some(format!("{base}讲话一稿.ron"))
        );
        assert_eq!(
            complete_path(&format!("{base}归"), &["ron"]),
            Some(format!("{base}归档/"))
        );
        assert_eq!(complete_path(&format!("{base}无"), &["ron"]), None);
    }

    #[test]
    fn same_file_sees_through_dots_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.ron");
        std::fs::write(&a, "x").unwrap();
        let dotted = dir.path().join(".").join("a.ron");
        assert!(same_file(&a, &dotted));
        assert!(!same_file(&a, &dir.path().join("b.ron")));
        #[cfg(unix)]
        {
            let link = dir.path().join("l.ron");
            std::os::unix::fs::symlink(&a, &link).unwrap();
            assert!(same_file(&a, &link));
        }
    }

    #[test]
    fn temps_of_dead_processes_are_removed_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // The largest pid never names a process.
        let dead = dir
            .path()
            .join(format!("{TEMP_PREFIX}{}-abc{TEMP_SUFFIX}", u32::MAX));
        let ours = dir.path().join(format!(
            "{TEMP_PREFIX}{}-abc{TEMP_SUFFIX}",
            std::process::id()
        ));
        let other = dir.path().join("notes.tmp");
        for f in [&dead, &ours, &other] {
            std::fs::write(f, "x").unwrap();
        }
        clean_stale_temps(dir.path());
        if cfg!(target_os = "linux") {
            assert!(!dead.exists());
        }
        // Ours, but not being written: a failed write's leftover.
        assert!(!ours.exists());
        assert!(other.exists(), "other programs' files are not touched");
    }
}
