//! The files this program wrote and nobody changed since: an export or an import may replace
//! such a file again without asking. Any other existing file — a draft, a Word file, an export
//! someone edited afterwards — is someone's work: replacing it needs the user's word, and the
//! previous version is kept as `NAME.bak`.
//!
//! The record lives in the data folder (`written.json`): for each file its path, length and
//! modification time as left. It holds the last 500 files; a lost or unreadable record
//! only means being asked once more.

use std::path::{Path, PathBuf};

/// How many files the record remembers.
const KEEP: usize = 500;
const FILE_NAME: &str = "written.json";

/// What wrote a file: a file is ours to replace only for the same kind of write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    /// An export (plain text or Word).
    Export,
    /// A comparison (修改对照) written out.
    Comparison,
    /// A draft written by the command-line import.
    Import,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Entry {
    path: PathBuf,
    kind: Kind,
    /// The file as written: (length, modification time in nanoseconds since the epoch). The
    /// last two writes: one noted just before its rename may not have happened (the program was
    /// killed), and the file is then still the one before.
    stamps: Vec<(u64, u128)>,
}

/// What an existing file at an output path is to this program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// No file there.
    Free,
    /// Written by this program as the same kind of output, and left as it was.
    Ours,
    /// Written by this program, and changed since (someone edited or saved over it).
    Changed,
    /// Not written by this program (or the record was lost).
    Foreign,
}

/// The record of the files this program wrote; `None` for a session without a data folder
/// (every existing file then counts as someone's).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
    file: Option<PathBuf>,
}

impl Ledger {
    /// The record kept in `data_dir`.
    pub fn in_dir(data_dir: Option<&Path>) -> Ledger {
        Ledger {
            file: data_dir.map(|d| d.join(FILE_NAME)),
        }
    }

    fn entries(&self) -> Vec<Entry> {
        self.file
            .as_ref()
            .and_then(|f| std::fs::read(f).ok())
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Whether writing `path` as `kind` would replace someone else's file: it exists and is not
    /// a file this program wrote as `kind` and left as it is.
    pub fn is_foreign(&self, path: &Path, kind: Kind) -> bool {
        matches!(
            self.standing(path, kind),
            Standing::Changed | Standing::Foreign
        )
    }

    /// What is at `path`, for a write as `kind`.
    pub fn standing(&self, path: &Path, kind: Kind) -> Standing {
        let Ok(meta) = std::fs::metadata(path) else {
            return Standing::Free; // Nothing there (or nothing we can see): nothing to replace.
        };
        let Some(key) = key(path) else {
            return Standing::Foreign;
        };
        let now = stamp(&meta);
        let entries = self.entries();
        match entries.iter().find(|e| e.path == key && e.kind == kind) {
            Some(e) if e.stamps.contains(&now) => Standing::Ours,
            Some(_) => Standing::Changed,
            None => Standing::Foreign,
        }
    }

    /// Records that the file `meta` describes is (or is about to be, by a rename) at `path`,
    /// written by this program as `kind`. Best effort: a record that cannot be written costs a
    /// question later, never a file.
    pub fn note(&self, path: &Path, kind: Kind, meta: &std::fs::Metadata) {
        let (Some(file), Some(key)) = (&self.file, key(path)) else {
            return;
        };
        if let Some(dir) = file.parent() {
            let _ = crate::store::data_dir::ensure(dir);
        }
        // Several commands or windows may note at once: one at a time reads, changes and
        // writes the record, or one's entry would be lost. Unlocked when dropped.
        let _lock = lock(file);
        let mut entries = self.entries();
        let mut stamps = match entries.iter().position(|e| e.path == key) {
            Some(at) => {
                let old = entries.remove(at);
                if old.kind == kind {
                    old.stamps
                } else {
                    Vec::new()
                }
            }
            None => Vec::new(),
        };
        stamps.push(stamp(meta));
        let excess = stamps.len().saturating_sub(2);
        stamps.drain(..excess);
        entries.push(Entry {
            path: key,
            kind,
            stamps,
        });
        let start = entries.len().saturating_sub(KEEP);
        let Ok(bytes) = serde_json::to_vec(&entries[start..]) else {
            return;
        };
        // It names the files written: the user's alone.
        let options = crate::store::files::WriteOptions::owner_only();
        let _ = crate::store::files::replace(file, &bytes, &options);
    }
}

/// Takes the record's lock (`written.json.lock`), waiting for another writer; `None` where no
/// lock can be had (then the write goes ahead unlocked, as it is best effort anyway).
fn lock(file: &Path) -> Option<std::fs::File> {
    let mut name = file.as_os_str().to_owned();
    name.push(".lock");
    let handle = crate::store::files::open_lock_file(Path::new(&name)).ok()?;
    handle.lock().ok()?;
    Some(handle)
}

/// One name per file: the absolute path with links resolved (of its folder, for a file not
/// there yet).
fn key(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok().or_else(|| {
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        Some(std::fs::canonicalize(folder).ok()?.join(path.file_name()?))
    })
}

fn stamp(meta: &std::fs::Metadata) -> (u64, u128) {
    (meta.len(), crate::store::files::modified_nanos(meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Ledger {
        /// Records `path` as it is now, as the writes record it just before their rename.
        fn remember(&self, path: &Path, kind: Kind) {
            self.note(path, kind, &std::fs::metadata(path).unwrap());
        }
    }

    #[test]
    fn a_file_is_ours_while_it_stays_as_we_wrote_it() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = Ledger::in_dir(Some(&dir.path().join("data")));
        let out = dir.path().join("讲话.txt");
        assert!(!ledger.is_foreign(&out, Kind::Export), "nothing there yet");
        std::fs::write(&out, "别人的文字").unwrap();
        assert!(ledger.is_foreign(&out, Kind::Export), "someone's file");
        ledger.remember(&out, Kind::Export);
        assert!(!ledger.is_foreign(&out, Kind::Export), "our export");
        assert!(
            ledger.is_foreign(&out, Kind::Import),
            "ours only for the same kind of write"
        );
        // Someone edits the export afterwards: it is theirs now.
        std::fs::write(&out, "改过的文字，长度也变了").unwrap();
        assert!(ledger.is_foreign(&out, Kind::Export));
    }

    /// A write noted just before its rename and then killed: the file is still the one before,
    /// and still ours.
    #[test]
    fn a_noted_write_that_never_happened_leaves_the_file_ours() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = Ledger::in_dir(Some(&dir.path().join("data")));
        let out = dir.path().join("讲话.txt");
        std::fs::write(&out, "第一次导出").unwrap();
        ledger.remember(&out, Kind::Export);
        let next = dir.path().join("next");
        std::fs::write(&next, "第二次导出，更长一些").unwrap();
        ledger.note(&out, Kind::Export, &std::fs::metadata(&next).unwrap());
        assert!(
            !ledger.is_foreign(&out, Kind::Export),
            "killed before the rename"
        );
        std::fs::rename(&next, &out).unwrap();
        assert!(!ledger.is_foreign(&out, Kind::Export), "after the rename");
    }

    #[test]
    fn without_a_data_folder_every_existing_file_is_someones() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = Ledger::in_dir(None);
        let out = dir.path().join("讲话.txt");
        std::fs::write(&out, "x").unwrap();
        ledger.remember(&out, Kind::Export);
        assert!(ledger.is_foreign(&out, Kind::Export));
    }

    #[test]
    fn the_record_keeps_the_latest_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        let old: Vec<Entry> = (0..KEEP)
            .map(|k| Entry {
                path: PathBuf::from(format!("/{k}.txt")),
                kind: Kind::Export,
                stamps: vec![(1, 1)],
            })
            .collect();
        std::fs::write(data.join(FILE_NAME), serde_json::to_vec(&old).unwrap()).unwrap();
        let ledger = Ledger::in_dir(Some(&data));
        let p = dir.path().join("new.txt");
        std::fs::write(&p, "x").unwrap();
        ledger.remember(&p, Kind::Export);
        let entries = ledger.entries();
        assert_eq!(entries.len(), KEEP);
        assert_eq!(
            entries[0].path,
            PathBuf::from("/1.txt"),
            "the oldest is forgotten"
        );
        assert!(!ledger.is_foreign(&p, Kind::Export));
    }

    /// Regression: two commands noting at once could each write the record without the
    /// other's entry, and the lost file was then "someone's" at the next run.
    #[test]
    fn notes_made_at_once_are_all_kept() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let files: Vec<PathBuf> = (0..8)
            .map(|i| {
                let p = dir.path().join(format!("导出{i}.txt"));
                std::fs::write(&p, format!("第{i}份")).unwrap();
                p
            })
            .collect();
        std::thread::scope(|scope| {
            for p in &files {
                let ledger = Ledger::in_dir(Some(&data));
                scope.spawn(move || ledger.remember(p, Kind::Export));
            }
        });
        let ledger = Ledger::in_dir(Some(&data));
        for p in &files {
            assert_eq!(
                ledger.standing(p, Kind::Export),
                Standing::Ours,
                "{}",
                p.display()
            );
        }
    }
}
