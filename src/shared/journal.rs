//! A writer's copy of a shared speech on disk, so that work goes on offline and nothing typed is
//! lost to a crash: a snapshot of the document (`speech.loro`) and a journal of every change
//! since (`speech.journal`), in one folder.
//!
//! Guarantees:
//! - A change recorded ([`Journal::record`]) is on disk (written and synced) before the call
//!   returns; reopening the folder gives it back, whatever happened after.
//! - A record cut short by a crash in the middle of writing it is recognised (its length and
//!   checksum do not hold) and left out, with every complete record before it kept.
//! - The snapshot is replaced only by a complete new one (a safe write: a temporary file
//!   renamed over it), and the journal emptied only after that; a crash in between replays
//!   changes the snapshot already holds, which the engine ignores.
//! - Every opening takes a new writer id: changes made after a crash can never collide with
//!   changes of the same id that were sent but not journaled.
//!
//! Format of the journal: `JGJ1`, then records of a length (u32, little end), a CRC-32 of the
//! bytes and the bytes (an update of the engine's). Cost: a record is one append and one sync;
//! opening reads the snapshot and each record once.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use loro::VersionVector;

use crate::shared::{SharedError, SharedSpeech};

const MAGIC: &[u8; 4] = b"JGJ1";
/// The snapshot's file in the folder.
pub const SNAPSHOT: &str = "speech.loro";
/// The journal's file in the folder.
pub const JOURNAL: &str = "speech.journal";
/// The largest record read back: larger lengths can only be damage.
const MAX_RECORD: u32 = 256 << 20;
/// The largest snapshot read: some thousand times a long speech's.
const MAX_SNAPSHOT: u64 = 1 << 30;

/// Why a shared speech's folder could not be used.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("无法读写共享讲话稿的本地副本（{path}）：{source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("共享讲话稿的本地副本已损坏（{path}）：{reason}")]
    Damaged { path: PathBuf, reason: String },
    #[error(transparent)]
    Shared(#[from] SharedError),
}

/// The journal of a writer's copy, open for appending.
pub struct Journal {
    dir: PathBuf,
    file: std::fs::File,
    /// What the snapshot and the journal hold.
    journaled: VersionVector,
    /// Records in the journal since the snapshot.
    records: usize,
}

/// What opening a folder found.
pub struct Opened {
    pub shared: SharedSpeech,
    pub journal: Journal,
    /// Complete records replayed from the journal.
    pub replayed: usize,
    /// Bytes at the journal's end left out: a record cut short by a crash.
    pub torn: usize,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> JournalError + '_ {
    move |source| JournalError::Io {
        path: path.to_owned(),
        source,
    }
}

impl Journal {
    /// Makes a folder for a writer's copy: the snapshot of `shared` and an empty journal.
    pub fn create(dir: &Path, shared: &SharedSpeech) -> Result<Journal, JournalError> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        write_snapshot(dir, shared)?;
        let path = dir.join(JOURNAL);
        let mut file = std::fs::File::create(&path).map_err(io(&path))?;
        file.write_all(MAGIC).map_err(io(&path))?;
        file.sync_all().map_err(io(&path))?;
        Ok(Journal {
            dir: dir.to_owned(),
            file,
            journaled: shared.version_vector(),
            records: 0,
        })
    }

    /// Opens a writer's copy: the snapshot, then every complete record of the journal.
    pub fn open(dir: &Path) -> Result<Opened, JournalError> {
        let (shared, replayed, good, torn) = read_folder(dir)?;
        let path = dir.join(JOURNAL);
        let file = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .map_err(io(&path))?;
        // A torn record goes: the next record is written where it began.
        file.set_len(good as u64).map_err(io(&path))?;
        file.sync_all().map_err(io(&path))?;
        let journal = Journal {
            dir: dir.to_owned(),
            file,
            journaled: shared.version_vector(),
            records: replayed,
        };
        Ok(Opened {
            shared,
            journal,
            replayed,
            torn,
        })
    }

    /// Appends what `shared` holds beyond what is journaled (local edits and changes taken in
    /// from others alike) and syncs it to disk. Nothing to add writes nothing.
    pub fn record(&mut self, shared: &SharedSpeech) -> Result<(), JournalError> {
        let now = shared.version_vector();
        if now == self.journaled {
            return Ok(());
        }
        let update = shared.updates_since(&self.journaled)?;
        let path = self.dir.join(JOURNAL);
        let len = u32::try_from(update.len())
            .ok()
            .filter(|n| *n <= MAX_RECORD)
            .ok_or_else(|| JournalError::Damaged {
                path: path.clone(),
                reason: "一次改动过大".to_owned(),
            })?;
        let mut record = Vec::with_capacity(update.len() + 8);
        record.extend_from_slice(&len.to_le_bytes());
        record.extend_from_slice(&crc32fast::hash(&update).to_le_bytes());
        record.extend_from_slice(&update);
        self.file.write_all(&record).map_err(io(&path))?;
        self.file.sync_data().map_err(io(&path))?;
        self.journaled = now;
        self.records += 1;
        Ok(())
    }

    /// Records in the journal since the last snapshot.
    pub fn records(&self) -> usize {
        self.records
    }

    /// Writes a new snapshot of `shared`, then empties the journal.
    pub fn compact(&mut self, shared: &SharedSpeech) -> Result<(), JournalError> {
        write_snapshot(&self.dir, shared)?;
        let path = self.dir.join(JOURNAL);
        self.file.set_len(MAGIC.len() as u64).map_err(io(&path))?;
        self.file.sync_all().map_err(io(&path))?;
        self.journaled = shared.version_vector();
        self.records = 0;
        Ok(())
    }
}

/// Reads a writer's copy without writing to it (to export it, say): the speech as the snapshot
/// and the journal's complete records hold it.
pub fn read(dir: &Path) -> Result<SharedSpeech, JournalError> {
    Ok(read_folder(dir)?.0)
}

/// The copy in a folder, the records replayed, where the good ones end and the torn bytes.
fn read_folder(dir: &Path) -> Result<(SharedSpeech, usize, usize, usize), JournalError> {
    let snap = dir.join(SNAPSHOT);
    let bytes = crate::store::files::read_bounded(&snap, MAX_SNAPSHOT).map_err(io(&snap))?;
    let mut shared = SharedSpeech::open(&bytes, fresh_peer())?;
    let path = dir.join(JOURNAL);
    let mut data = Vec::new();
    std::fs::File::open(&path)
        .and_then(|mut f| f.read_to_end(&mut data))
        .map_err(io(&path))?;
    if data.len() < MAGIC.len() || &data[..MAGIC.len()] != MAGIC {
        return Err(JournalError::Damaged {
            path,
            reason: "文件头不对".to_owned(),
        });
    }
    let (updates, good) = records(&data);
    for u in &updates {
        shared.import(u)?;
    }
    Ok((shared, updates.len(), good, data.len() - good))
}

/// Whether a folder holds a writer's copy of a shared speech.
pub fn is_shared_folder(dir: &Path) -> bool {
    dir.join(SNAPSHOT).is_file() && dir.join(JOURNAL).is_file()
}

/// The complete records of a journal's bytes, and where the last one ends.
fn records(data: &[u8]) -> (Vec<Vec<u8>>, usize) {
    let mut out = Vec::new();
    let mut at = MAGIC.len();
    while let Some(head) = data.get(at..at + 8) {
        let len = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
        let sum = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
        if len > MAX_RECORD {
            break;
        }
        let Some(body) = data.get(at + 8..at + 8 + len as usize) else {
            break;
        };
        if crc32fast::hash(body) != sum {
            break;
        }
        out.push(body.to_vec());
        at += 8 + len as usize;
    }
    (out, at)
}

fn write_snapshot(dir: &Path, shared: &SharedSpeech) -> Result<(), JournalError> {
    let path = dir.join(SNAPSHOT);
    let bytes = shared.snapshot()?;
    crate::store::files::replace(&path, &bytes, &crate::store::files::WriteOptions::default())
        .map_err(|e| JournalError::Io {
            path: path.clone(),
            source: e.source,
        })?;
    Ok(())
}

/// A writer id no one has used: the engine draws it at random.
pub fn fresh_peer() -> u64 {
    loro::LoroDoc::new().peer_id()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::edit::Edit;
    use crate::doc::model::{Speech, TextRef};

    fn typed(shared: &mut SharedSpeech, text: &str) {
        let target = TextRef::Paragraph(shared.speech().opening[0].id);
        let now = shared.speech().opening[0].text.clone();
        shared
            .apply(Edit::SetText {
                target,
                text: now + text,
            })
            .unwrap();
    }

    #[test]
    fn every_recorded_change_comes_back_and_a_torn_record_is_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let mut shared = SharedSpeech::create(&Speech::new(), 1).unwrap();
        let mut journal = Journal::create(dir.path(), &shared).unwrap();
        for w in ["同志们", "，今天", "开会。"] {
            typed(&mut shared, w);
            journal.record(&shared).unwrap();
        }
        assert_eq!(journal.records(), 3);
        let path = dir.path().join(JOURNAL);
        let whole = std::fs::read(&path).unwrap();
        // A crash at every byte of the last record: the two before it always come back.
        let (_, end_of_second) = records(&whole[..whole.len() - 1]);
        for cut in end_of_second..whole.len() {
            std::fs::write(&path, &whole[..cut]).unwrap();
            let opened = Journal::open(dir.path()).unwrap();
            assert_eq!(opened.shared.speech().opening[0].text, "同志们，今天");
            assert_eq!(opened.replayed, 2);
            assert_eq!(opened.torn, cut - end_of_second);
        }
        std::fs::write(&path, &whole).unwrap();
        let mut opened = Journal::open(dir.path()).unwrap();
        assert_eq!(opened.shared.speech().opening[0].text, "同志们，今天开会。");
        // Work goes on after reopening, under a new writer id, and is journaled again.
        typed(&mut opened.shared, "谢谢。");
        opened.journal.record(&opened.shared).unwrap();
        opened.journal.compact(&opened.shared).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), MAGIC);
        let again = Journal::open(dir.path()).unwrap();
        assert_eq!(
            again.shared.speech().opening[0].text,
            "同志们，今天开会。谢谢。"
        );
        assert_ne!(again.shared.version_vector().len(), 1);
    }

    #[test]
    fn a_flipped_byte_ends_the_journal_there_and_a_foreign_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut shared = SharedSpeech::create(&Speech::new(), 1).unwrap();
        let mut journal = Journal::create(dir.path(), &shared).unwrap();
        typed(&mut shared, "甲");
        journal.record(&shared).unwrap();
        typed(&mut shared, "乙");
        journal.record(&shared).unwrap();
        let path = dir.path().join(JOURNAL);
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&path, &bytes).unwrap();
        let opened = Journal::open(dir.path()).unwrap();
        assert_eq!(opened.shared.speech().opening[0].text, "甲");
        std::fs::write(&path, b"not a journal").unwrap();
        assert!(matches!(
            Journal::open(dir.path()),
            Err(JournalError::Damaged { .. })
        ));
    }
}
