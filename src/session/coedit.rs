//! A shared speech in the window: the writer's copy (snapshot and journal in a folder of the
//! data folder), kept in step with the hub by two threads, one sending and one listening.
//!
//! Guarantees:
//! - Every local step and every change taken in is journaled (synced to disk) before the
//!   window shows it: a crash loses nothing typed.
//! - Sending never loses or reorders a change: what the hub has acknowledged is tracked, and
//!   after a connection breaks everything past it is sent again, once the link is back (the
//!   engine ignores what it already has). Work goes on offline meanwhile.
//! - A person without access is told so on connecting; a reader's copy takes no edit.
//! - No egui here: the window passes a waker, called when news arrives.
//!
//! Cost: a local step is one Loro commit, one journal record (one `fsync`) and one message to
//! the sending thread; the threads wait on channels and on the server's notifications, never
//! by polling faster than once a second.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use loro::VersionVector;

use crate::doc::edit::{Edit, Effect};
use crate::doc::model::TextPos;
use crate::shared::hub::{Hub, HubError, Present};
use crate::shared::journal::{self, Journal};
use crate::shared::{SharedError, SharedSpeech};

/// Calls the window back when news arrived (a repaint request).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// Where a shared speech is on the hub and who connects.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Address {
    /// `server[:port]/database`, or a whole `postgres://…` URL.
    pub server: String,
    pub person: String,
    pub password: String,
    /// The speech's name on the hub (what IT granted).
    pub speech: String,
}

impl Address {
    /// The connection URL: the person and password percent-encoded into it.
    pub fn url(&self) -> String {
        let server = self.server.trim();
        if server.starts_with("postgres://") || server.starts_with("postgresql://") {
            return server.to_owned();
        }
        let server = server.trim_start_matches('/');
        let with_db = if server.contains('/') {
            server.to_owned()
        } else {
            format!("{server}/jianggao")
        };
        format!(
            "postgres://{}:{}@{with_db}",
            encode(self.person.trim()),
            encode(&self.password)
        )
    }

    /// The server as shown and remembered: a whole URL without the person and password in it.
    pub fn server_shown(&self) -> String {
        let server = self.server.trim();
        match (server.split_once("://"), server.rsplit_once('@')) {
            (Some((scheme, _)), Some((_, host))) => format!("{scheme}://{host}"),
            _ => server.to_owned(),
        }
    }

    /// What is missing before connecting, in the dialog's words.
    pub fn missing(&self) -> Option<&'static str> {
        if self.server.trim().is_empty() {
            Some("请填写服务器地址")
        } else if self.person.trim().is_empty() && !self.server.contains("://") {
            Some("请填写用户名")
        } else if self.speech.trim().is_empty() {
            Some("请填写讲稿名")
        } else {
            None
        }
    }

    /// The folder of this speech's copy in the data folder: its name and the server's, so two
    /// speeches (or one name on two servers) never share a folder.
    pub fn folder(&self, data_dir: &Path) -> PathBuf {
        let safe: String = self
            .speech
            .trim()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '_' })
            .take(40)
            .collect();
        let key = format!("{}\n{}", self.server.trim(), self.speech.trim());
        data_dir.join("shared").join(format!(
            "{safe}-{:08x}.shared",
            crc32fast::hash(key.as_bytes())
        ))
    }
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// How the link to the hub stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    Online,
    /// Cut off: why, as the server or the network said it. Work goes on and is sent later.
    Offline(String),
}

/// A co-writer present in the speech.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoWriter {
    pub person: String,
    /// Where their caret stands in this copy, when they have one here.
    pub caret: Option<TextPos>,
    /// A stable colour index for the person.
    pub hue: usize,
}

/// What the window sends the threads.
enum Out {
    Push {
        epoch: u64,
        bytes: Vec<u8>,
        upto: VersionVector,
    },
    Announce(Option<Vec<u8>>),
}

/// What the threads tell the window.
enum In {
    Acked {
        epoch: u64,
        upto: VersionVector,
    },
    /// The sender's link broke (it reconnects by itself); pushes of an older epoch are dropped.
    SendOffline {
        epoch: u64,
        why: String,
    },
    SendOnline {
        epoch: u64,
    },
    Updates(Vec<Vec<u8>>),
    ListenOffline(String),
    ListenOnline,
    Present(Vec<Present>),
    /// The server refused a push (row security: no write access now).
    Refused(String),
    /// What the person may do, as the hub says on (re)connecting.
    Access(Option<bool>),
}

/// A connection being made on a thread ([`Session::begin_share`]).
pub struct Connecting {
    rx: Receiver<Result<Coedit, String>>,
}

impl Connecting {
    /// The connected speech or why not, once the thread has it.
    pub fn answer(&self) -> Option<Result<Coedit, String>> {
        self.rx.try_recv().ok()
    }
}

/// What [`Session::poll_shared`] brought.
#[derive(Debug, Default)]
pub struct SharedNews {
    /// Co-writers' changes were taken in: what changed.
    pub step: Option<Applied>,
    /// The places asked to be kept, where they stand now (when `step` is some).
    pub kept: Vec<TextPos>,
    /// Something to tell the user.
    pub problem: Option<String>,
}

/// What [`Coedit::poll`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Polled {
    /// Co-writers' changes came in: the speech was re-made.
    pub changed: bool,
    /// The link or the co-writers' places changed: worth a repaint.
    pub news: bool,
    /// A change from the hub the engine could not read (left out; the others were taken).
    pub unreadable: Option<String>,
}

/// How long a writer stays listed without a word from it.
const PRESENT_FOR: Duration = Duration::from_secs(30);
/// How often a writer says it is still there.
const HEARTBEAT: Duration = Duration::from_secs(10);
/// The fewest time between two caret announcements while it moves.
const CARET_EVERY: Duration = Duration::from_millis(250);

/// A shared speech open in the window.
pub struct Coedit {
    shared: SharedSpeech,
    journal: Journal,
    folder: PathBuf,
    address: Address,
    peer: u64,
    writable: bool,
    /// Everything the hub has acknowledged from this copy.
    acked: VersionVector,
    epoch: u64,
    send_online: bool,
    listen_online: bool,
    why_offline: Option<String>,
    /// Why the server refused this copy's changes (access taken away): none are sent again.
    refused: Option<String>,
    present: Vec<Present>,
    /// Derived from `present` and the speech by `refresh`.
    writers: Vec<CoWriter>,
    issues: Vec<crate::shared::MergeIssue>,
    to_hub: Sender<Out>,
    from_hub: Receiver<In>,
    stop: Arc<AtomicBool>,
    caret: Option<Vec<u8>>,
    caret_sent: Option<Instant>,
    caret_due: bool,
    /// How many steps the journal held when folding it into a snapshot last failed: tried
    /// again only once more steps come, not at every frame of a pause.
    compact_failed_at: Option<usize>,
    /// Held while the copy is open.
    _lock: std::fs::File,
}

/// Why a shared speech could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum CoeditError {
    #[error(transparent)]
    Hub(#[from] HubError),
    #[error(transparent)]
    Journal(#[from] journal::JournalError),
    #[error(transparent)]
    Shared(#[from] SharedError),
    #[error("你没有这篇讲稿（{0}）的权限：请管理员用 jianggao hub grant 授权")]
    NoAccess(String),
    #[error("当前讲稿还有没处理完的修改稿：请先处理完，再共享")]
    ReviewOpen,
    #[error("同事刚刚共享了同名讲稿：请再点一次「连接」打开它")]
    Raced,
    #[error("这篇共享讲稿已在另一个窗口打开")]
    InUse,
    #[error("共享讲稿的本机副本无法加锁（{0}）")]
    Lock(std::io::Error),
    #[error("你只有阅读权限，不能修改这篇共享讲稿")]
    ReadOnly,
    #[error("服务器上还没有这篇讲稿，而你只有阅读权限，不能把当前讲稿共享上去")]
    NothingToRead,
}

impl Coedit {
    /// Connects to the hub and opens the speech: this copy's folder if there is one, else the
    /// hub's changes; a speech the hub has nothing of yet starts as `current` (sharing it).
    /// Returns with the link up and the first changes taken in, or with why not.
    pub fn connect(
        address: Address,
        data_dir: &Path,
        current: &crate::doc::model::Speech,
        waker: Waker,
    ) -> Result<Coedit, CoeditError> {
        let url = address.url();
        let name = address.speech.trim().to_owned();
        let folder = address.folder(data_dir);
        // One window a copy: two would write one journal at once.
        let lock = lock_copy(&folder)?;
        let kept = journal::is_shared_folder(&folder);
        let mut listen = match Hub::connect(&url, &name) {
            Ok(hub) => Some(hub),
            // The server out of reach, but this copy is on disk: work offline from it; the
            // threads connect when they can.
            Err(HubError::Connect(_)) if kept => None,
            Err(e) => return Err(e.into()),
        };
        let (writable, rows) = match &mut listen {
            Some(hub) => {
                let writable = hub
                    .access()?
                    .ok_or_else(|| CoeditError::NoAccess(name.clone()))?;
                (writable, hub.pull_all()?)
            }
            None => (read_access(&folder), Vec::new()),
        };
        let (mut shared, mut journal) = if kept {
            let opened = Journal::open(&folder)?;
            (opened.shared, opened.journal)
        } else if rows.is_empty() {
            if !writable {
                return Err(CoeditError::NothingToRead);
            }
            if !current.review.is_empty() {
                return Err(CoeditError::ReviewOpen);
            }
            let shared = SharedSpeech::create(current, journal::fresh_peer())?;
            let journal = Journal::create(&folder, &shared)?;
            (shared, journal)
        } else {
            let shared = SharedSpeech::blank(journal::fresh_peer())?;
            let journal = Journal::create(&folder, &shared)?;
            (shared, journal)
        };
        if listen.is_some() {
            // Kept for opening the copy offline next time.
            write_access(&folder, writable);
        }
        for r in &rows {
            shared.import(r)?;
        }
        journal.record(&shared)?;
        let peer = shared.peer();
        // What the hub sent, it has; the rest of this copy is to send.
        let acked = if let (true, false, Some(hub)) = (rows.is_empty(), kept, &mut listen) {
            // Sharing a speech: the hub has it before this returns, so whoever connects next
            // gets it rather than sharing a speech of their own under the same name. Not put
            // there, the copy just made goes (it would stand for a share that never was).
            let shared_it = shared
                .snapshot()
                .map_err(CoeditError::from)
                .and_then(|bytes| Ok(hub.share(&bytes)?));
            match shared_it {
                Ok(true) => {}
                Ok(false) => {
                    drop(journal);
                    let _ = std::fs::remove_dir_all(&folder);
                    return Err(CoeditError::Raced);
                }
                Err(e) => {
                    drop(journal);
                    let _ = std::fs::remove_dir_all(&folder);
                    return Err(e);
                }
            }
            shared.version_vector()
        } else if rows.is_empty() {
            VersionVector::default()
        } else {
            let hub_has = loro::LoroDoc::new();
            hub_has
                .import_batch(&rows)
                .map_err(|e| SharedError::Engine(e.to_string()))?;
            hub_has.oplog_vv()
        };
        let online = listen.is_some();
        let send = match listen {
            Some(_) => Some(Hub::connect(&url, &name)?),
            None => None,
        };
        let (to_hub, from_out) = channel();
        let (to_window, from_hub) = channel();
        let stop = Arc::new(AtomicBool::new(false));
        spawn_sender(
            send,
            from_out,
            to_window.clone(),
            waker.clone(),
            stop.clone(),
            (peer, url.clone(), name.clone()),
        );
        spawn_listener(listen, to_window, waker, stop.clone(), url, name);
        let mut coedit = Coedit {
            shared,
            journal,
            folder,
            address,
            peer,
            writable,
            acked,
            epoch: 0,
            send_online: online,
            listen_online: online,
            why_offline: (!online).then(|| "无法连接共享服务器，正在重试".to_owned()),
            refused: None,
            compact_failed_at: None,
            present: Vec::new(),
            writers: Vec::new(),
            issues: Vec::new(),
            to_hub,
            from_hub,
            stop,
            caret: None,
            caret_sent: None,
            caret_due: true,
            _lock: lock,
        };
        coedit.refresh();
        coedit.send_unacked();
        Ok(coedit)
    }

    /// The speech as it stands in this copy.
    pub fn speech(&self) -> &crate::doc::model::Speech {
        self.shared.speech()
    }

    /// The shared document itself (for what only it knows: the 回收站, merge issues).
    pub fn shared(&self) -> &SharedSpeech {
        &self.shared
    }

    pub fn address(&self) -> &Address {
        &self.address
    }

    /// The folder of this copy.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Whether this person may change the speech (else a reader).
    pub fn writable(&self) -> bool {
        self.writable
    }

    /// How the link stands.
    pub fn link(&self) -> Link {
        if let Some(why) = &self.refused {
            return Link::Offline(format!("服务器不收本机的修改（{why}），它们只存在本机"));
        }
        match &self.why_offline {
            Some(why) if !(self.send_online && self.listen_online) => Link::Offline(why.clone()),
            _ => Link::Online,
        }
    }

    /// A local step: applied, journaled, sent. A reader's is refused.
    pub fn apply(&mut self, edit: Edit) -> Result<Effect, CoeditError> {
        if !self.writable {
            return Err(CoeditError::ReadOnly);
        }
        // Refused, the engine may still have taken part of it: whatever it holds is kept.
        let result = self.shared.apply(edit);
        self.after_local()?;
        Ok(result?)
    }

    /// Takes back this writer's last step. Whether there was one.
    pub fn undo(&mut self) -> Result<bool, CoeditError> {
        let done = self.shared.undo();
        self.after_local()?;
        Ok(done?)
    }

    /// Does again the step last taken back.
    pub fn redo(&mut self) -> Result<bool, CoeditError> {
        let done = self.shared.redo();
        self.after_local()?;
        Ok(done?)
    }

    fn after_local(&mut self) -> Result<(), CoeditError> {
        self.refresh();
        self.journal.record(&self.shared)?;
        if self.send_online {
            self.send_unacked();
        }
        // The caret's place is now in a new text state: announce it again.
        self.caret_due = true;
        Ok(())
    }

    /// Sends everything past what the hub acknowledged (nothing when it has it all).
    fn send_unacked(&mut self) {
        let upto = self.shared.version_vector();
        // Refused by the server: sending again would be refused again.
        if upto == self.acked || self.refused.is_some() {
            return;
        }
        if let Ok(bytes) = self.shared.updates_since(&self.acked) {
            let _ = self.to_hub.send(Out::Push {
                epoch: self.epoch,
                bytes,
                upto,
            });
        }
    }

    /// Takes in what the threads reported: co-writers' changes (journaled, then the speech
    /// re-made), acknowledgements, the link's state and who is where.
    pub fn poll(&mut self) -> Result<Polled, CoeditError> {
        let mut polled = Polled::default();
        let mut unreadable = None;
        while let Ok(message) = self.from_hub.try_recv() {
            polled.news = true;
            match message {
                In::Acked { epoch, upto } => {
                    if epoch == self.epoch {
                        self.acked.merge(&upto);
                    }
                }
                In::SendOffline { epoch, why } => {
                    self.epoch = epoch;
                    self.send_online = false;
                    self.why_offline = Some(why);
                }
                In::SendOnline { epoch } => {
                    self.epoch = epoch;
                    self.send_online = true;
                    self.send_unacked();
                    self.caret_due = true;
                }
                In::Updates(rows) => {
                    // A row the engine cannot read is left out; the rest still count.
                    for r in &rows {
                        if let Err(e) = self.shared.import(r) {
                            unreadable.get_or_insert(e);
                        }
                    }
                    polled.changed = true;
                }
                In::ListenOffline(why) => {
                    self.listen_online = false;
                    // Where co-writers were is unknown until the link is back.
                    self.present.clear();
                    self.why_offline = Some(why);
                }
                In::ListenOnline => self.listen_online = true,
                In::Present(list) => self.present = list,
                In::Refused(why) => self.refused = Some(why),
                In::Access(access) => {
                    self.writable = access == Some(true);
                    write_access(&self.folder, self.writable);
                    match access {
                        None => {
                            self.refused =
                                Some(format!("已没有「{}」的权限", self.address.speech.trim()));
                        }
                        Some(true) if self.refused.is_some() => {
                            // Granted again: what waited goes now.
                            self.refused = None;
                            self.send_unacked();
                        }
                        Some(_) => {}
                    }
                }
            }
        }
        if self.send_online && self.listen_online {
            self.why_offline = None;
        }
        if polled.news {
            self.refresh();
        }
        if polled.changed {
            self.journal.record(&self.shared)?;
        }
        polled.unreadable = unreadable.map(|e: SharedError| e.to_string());
        Ok(polled)
    }

    /// Says where this writer's caret is, at most every quarter second while it moves and
    /// every ten seconds while it rests (so co-writers keep seeing it). Returns when it wants
    /// to be called again.
    pub fn show_caret(&mut self, at: Option<TextPos>) -> Duration {
        let caret = at.and_then(|at| self.shared.cursor_at(at));
        if caret != self.caret {
            self.caret = caret;
            self.caret_due = true;
        }
        let since = self.caret_sent.map(|t| t.elapsed());
        let due = match since {
            None => true,
            Some(s) => (self.caret_due && s >= CARET_EVERY) || s >= HEARTBEAT,
        };
        if due && self.send_online {
            let _ = self.to_hub.send(Out::Announce(self.caret.clone()));
            self.caret_sent = Some(Instant::now());
            self.caret_due = false;
        }
        // Offline, nothing is sent: no frames four times a second for it.
        if self.caret_due && self.send_online {
            CARET_EVERY
        } else {
            HEARTBEAT
        }
    }

    /// The co-writers present (this copy left out), each with where their caret stands here.
    /// Kept from the last change or news, not worked out again at every frame.
    pub fn co_writers(&self) -> &[CoWriter] {
        &self.writers
    }

    /// Works out again what depends on the speech and on who is present: the co-writers'
    /// places and the merge issues. After every change and every piece of news.
    fn refresh(&mut self) {
        self.writers = self
            .present
            .iter()
            .filter(|p| p.peer != self.peer)
            .map(|p| CoWriter {
                person: p.person.clone(),
                caret: p.caret.as_deref().and_then(|c| self.shared.position_of(c)),
                hue: (crc32fast::hash(p.person.as_bytes()) % 6) as usize,
            })
            .collect();
        self.issues = self.shared.merge_issues();
    }

    /// The sections deleted by anyone, kept with everything typed in them (回收站).
    pub fn deleted(&self) -> Vec<crate::shared::Deleted> {
        self.shared.deleted()
    }

    /// Brings a deleted section back where it stood.
    pub fn restore(&mut self, node: loro::TreeID) -> Result<(), CoeditError> {
        if !self.writable {
            return Err(CoeditError::ReadOnly);
        }
        let result = self.shared.restore(node);
        self.after_local()?;
        Ok(result?)
    }

    /// What merges have left that an edit would have refused (too deep, two versions of one
    /// name): said, never refused.
    pub fn merge_issues(&self) -> &[crate::shared::MergeIssue] {
        &self.issues
    }

    /// Writes a fresh snapshot of the copy (the journal emptied).
    pub fn compact(&mut self) -> Result<(), CoeditError> {
        Ok(self.journal.compact(&self.shared)?)
    }

    /// Steps journaled since the copy's last snapshot.
    pub fn journaled_steps(&self) -> usize {
        self.journal.records()
    }

    /// [`Coedit::compact`] once the journal holds [`COMPACT_AFTER`] steps, so that it stays
    /// short (and the copy quick to open) without a Ctrl+S. Whether it did. After a failure it
    /// waits for more steps before trying again; the journal keeps them all meanwhile.
    pub fn compact_if_long(&mut self) -> Result<bool, CoeditError> {
        let steps = self.journal.records();
        if steps < COMPACT_AFTER || self.compact_failed_at.is_some_and(|at| steps <= at) {
            return Ok(false);
        }
        match self.compact() {
            Ok(()) => {
                self.compact_failed_at = None;
                Ok(true)
            }
            Err(e) => {
                self.compact_failed_at = Some(steps);
                Err(e)
            }
        }
    }
}

/// How many journaled steps a copy's snapshot is written afresh after, at a pause in typing:
/// a long speech's snapshot takes some milliseconds, a thousand steps about a page of typing.
pub const COMPACT_AFTER: usize = 1000;

impl Drop for Coedit {
    fn drop(&mut self) {
        // The sender ends (and leaves the list of those present) when its channel closes.
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Locks a copy's folder for this window (`FOLDER.lock` beside it).
fn lock_copy(folder: &Path) -> Result<std::fs::File, CoeditError> {
    let mut name = folder.as_os_str().to_owned();
    name.push(".lock");
    let path = PathBuf::from(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(CoeditError::Lock)?;
    }
    let file = crate::store::files::open_lock_file(&path).map_err(CoeditError::Lock)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(CoeditError::InUse),
        Err(std::fs::TryLockError::Error(e)) => Err(CoeditError::Lock(e)),
    }
}

/// What the person may do with the speech, as the hub last said (kept beside the copy, for
/// opening it offline). Writable when unknown: the hub refuses a reader's changes anyway.
fn read_access(folder: &Path) -> bool {
    std::fs::read_to_string(folder.join(ACCESS)).map_or(true, |s| s.trim() != "read")
}

fn write_access(folder: &Path, writable: bool) {
    // Best effort: without it an offline reader's window offers edits the hub will refuse.
    let _ = std::fs::write(folder.join(ACCESS), if writable { "write" } else { "read" });
}

/// The file beside the copy that says what the person may do.
const ACCESS: &str = "access";

/// Tries to connect again with growing pauses (1 s to 10 s) until it works or `stop` is set.
fn reconnect(url: &str, name: &str, stop: &AtomicBool) -> Option<Hub> {
    let mut pause = Duration::from_secs(1);
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(pause);
        if let Ok(hub) = Hub::connect(url, name) {
            return Some(hub);
        }
        pause = (pause * 2).min(Duration::from_secs(10));
    }
    None
}

/// The sending thread: pushes in order; on a break, says so under a new epoch, reconnects and
/// drops the pushes of the old epoch (the window sends everything unacknowledged again).
fn spawn_sender(
    hub: Option<Hub>,
    from_window: Receiver<Out>,
    to_window: Sender<In>,
    waker: Waker,
    stop: Arc<AtomicBool>,
    (peer, url, name): (u64, String, String),
) {
    std::thread::spawn(move || {
        let mut epoch = 0u64;
        let tell = |m: In| {
            let _ = to_window.send(m);
            waker();
        };
        let mut hub = match hub {
            Some(hub) => hub,
            None => {
                // Opened offline: online once the server answers.
                let Some(hub) = reconnect(&url, &name, &stop) else {
                    return;
                };
                tell(In::SendOnline { epoch });
                hub
            }
        };
        while let Ok(message) = from_window.recv() {
            let caret = matches!(message, Out::Announce(_));
            let result = match message {
                Out::Push {
                    epoch: e,
                    bytes,
                    upto,
                } => {
                    if e != epoch {
                        continue;
                    }
                    hub.push(&bytes).map(|_| tell(In::Acked { epoch, upto }))
                }
                Out::Announce(caret) => hub.announce(peer, caret.as_deref()),
            };
            if let Err(HubError::Refused(why)) = &result {
                // The server said no (the link is fine): trying again would be refused again.
                // A caret refused is only not shown to co-writers: changes go on being sent.
                if !caret {
                    tell(In::Refused(why.clone()));
                }
                continue;
            }
            if let Err(e) = result {
                epoch += 1;
                tell(In::SendOffline {
                    epoch,
                    why: e.to_string(),
                });
                let Some(again) = reconnect(&url, &name, &stop) else {
                    return;
                };
                hub = again;
                tell(In::SendOnline { epoch });
            }
        }
        // The window closed the speech: leave the list of those present.
        let _ = hub.leave(peer);
    });
}

/// The listening thread: waits for the hub's news, pulls new changes and who is present.
fn spawn_listener(
    hub: Option<Hub>,
    to_window: Sender<In>,
    waker: Waker,
    stop: Arc<AtomicBool>,
    url: String,
    name: String,
) {
    std::thread::spawn(move || {
        let tell = |m: In| {
            let ok = to_window.send(m).is_ok();
            waker();
            ok
        };
        // What the person may do, said again whenever the link comes back (a grant may have
        // changed meanwhile); unknown when the question fails.
        let tell_access = |hub: &mut Hub| match hub.access() {
            Ok(access) => tell(In::Access(access)),
            Err(_) => true,
        };
        let last_present: Mutex<Vec<Present>> = Mutex::new(Vec::new());
        let round = |hub: &mut Hub| -> Result<bool, HubError> {
            let rows = hub.pull_all()?;
            if !rows.is_empty() && !tell(In::Updates(rows)) {
                return Ok(false);
            }
            // Who is present is shown when the server answers it; a refusal there (a hub set
            // up by another version) must not stop the changes from coming in.
            let present = match hub.present(PRESENT_FOR) {
                Err(HubError::Refused(_)) => Vec::new(),
                other => other?,
            };
            let mut last = last_present.lock().unwrap_or_else(|e| e.into_inner());
            if *last != present {
                *last = present.clone();
                if !tell(In::Present(present)) {
                    return Ok(false);
                }
            }
            Ok(true)
        };
        let mut hub = match hub {
            Some(hub) => hub,
            None => {
                let Some(mut hub) = reconnect(&url, &name, &stop) else {
                    return;
                };
                if !tell(In::ListenOnline) || !tell_access(&mut hub) {
                    return;
                }
                hub
            }
        };
        while !stop.load(Ordering::Relaxed) {
            let result = hub
                .wait(Duration::from_secs(1))
                .and_then(|_| round(&mut hub));
            match result {
                Ok(true) => {}
                Ok(false) => return,
                Err(e) => {
                    if !tell(In::ListenOffline(e.to_string())) {
                        return;
                    }
                    let seen = hub.seen();
                    let Some(again) = reconnect(&url, &name, &stop) else {
                        return;
                    };
                    hub = again;
                    hub.resume(seen);
                    last_present
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .clear();
                    if !tell(In::ListenOnline) || !tell_access(&mut hub) {
                        return;
                    }
                }
            }
        }
    });
}

// ---- The window's session sharing a speech ----

use super::{Session, Step};
use crate::doc::history::Applied;

impl Session {
    /// The shared speech this window edits, if any.
    pub fn coedit(&self) -> Option<&Coedit> {
        self.coedit.as_ref()
    }

    /// 共享: connects to the hub and puts the shared speech in the window — the current one,
    /// shared, when the hub has none of that name yet, else the hub's. Refused with unsaved
    /// changes (the window's text would be replaced) and without a data folder (the copy has
    /// nowhere to live). Waits for the server: the window uses [`Session::begin_share`].
    pub fn share(&mut self, address: Address, waker: Waker) -> Result<(), String> {
        let connecting = self.begin_share(address, waker)?;
        let coedit = connecting.rx.recv().map_err(|_| "连接中断".to_owned())??;
        self.adopt_shared(coedit);
        Ok(())
    }

    /// [`Session::share`] on a thread of its own, so the window goes on drawing while the
    /// server answers (or is waited for, up to its timeout): the answer is
    /// [`Connecting::answer`], then [`Session::adopt_shared`].
    pub fn begin_share(&mut self, address: Address, waker: Waker) -> Result<Connecting, String> {
        if let Some(missing) = address.missing() {
            return Err(missing.to_owned());
        }
        let Some(dir) = self.data_dir.clone() else {
            return Err("没有数据文件夹：共享讲稿的本机副本无处保存".to_owned());
        };
        if self.doc.is_modified() && self.coedit.is_none() {
            return Err("当前讲稿有未保存的修改：请先保存，再共享或打开共享讲稿".to_owned());
        }
        if self
            .coedit
            .as_ref()
            .is_some_and(|c| c.folder() == address.folder(&dir))
        {
            // Connecting again to the speech open here: its copy is let go first (and should
            // this fail, the window holds an unsaved copy, as after 断开共享).
            self.stop_sharing();
        }
        let current = self.speech().clone();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let result =
                Coedit::connect(address, &dir, &current, waker.clone()).map_err(|e| e.to_string());
            let _ = tx.send(result);
            waker();
        });
        Ok(Connecting { rx })
    }

    /// Puts a connected shared speech in the window.
    pub fn adopt_shared(&mut self, coedit: Coedit) {
        let name = coedit.address().speech.trim().to_owned();
        self.replace(coedit.speech().clone(), None);
        self.untitled = format!("{name}（共享）");
        self.status = Some(if let Link::Offline(_) = coedit.link() {
            format!("已打开本机的共享讲稿「{name}」副本：服务器连不上，修改先存在本机")
        } else if coedit.writable() {
            format!("已连接共享讲稿「{name}」：每一步都存在本机，并发给同事")
        } else {
            format!("已打开共享讲稿「{name}」：你只有阅读权限")
        });
        let a = coedit.address();
        let place = super::SharedPlace {
            server: a.server_shown(),
            person: a.person.trim().to_owned(),
            speech: name,
        };
        self.update_preferences(|p| p.shared = place);
        self.coedit = Some(coedit);
    }

    /// The address last connected to, without its password, for the 共享… dialog.
    pub fn last_shared(&self) -> Address {
        let place = self
            .data_dir
            .as_deref()
            .map(|d| super::Preferences::load(d).shared)
            .unwrap_or_default();
        Address {
            server: place.server,
            person: place.person,
            password: String::new(),
            speech: place.speech,
        }
    }

    /// 断开共享: the window keeps the text as an unsaved draft; the shared copy stays in its
    /// folder.
    pub fn stop_sharing(&mut self) {
        let Some(c) = self.coedit.take() else {
            return;
        };
        self.untitled = format!("{}（副本）", c.address().speech.trim());
        self.doc.mark_unsaved();
        self.status = Some("已断开共享：窗口里是一份未保存的副本".to_owned());
    }

    /// Ends the current burst of typing: the next keystroke is a new undo step.
    pub fn seal(&mut self) {
        self.doc.seal();
        if let Some(c) = &mut self.coedit {
            c.shared.seal();
            // A pause in typing is when a long journal is folded into a fresh snapshot; should
            // that fail, the journal keeps every step and a pause after more steps tries again.
            if let Err(e) = c.compact_if_long() {
                self.status = Some(format!("共享讲稿的本机副本没有写好：{e}"));
            }
        }
    }

    /// Applies an edit: to the shared speech when sharing (then the window follows it), else
    /// to the document's own history.
    pub fn apply(&mut self, edit: Edit) -> Result<Applied, String> {
        match &mut self.coedit {
            None => self.doc.apply(edit).map_err(|e| e.to_string()),
            Some(c) => {
                let result = c.apply(edit);
                // Refused or not, the window shows what the shared copy holds.
                let speech = c.speech().clone();
                match result {
                    Ok(effect) => Ok(self.doc.follow(speech, effect)),
                    Err(e) => {
                        self.doc.follow(speech, Effect::None);
                        Err(e.to_string())
                    }
                }
            }
        }
    }

    /// Undo (`redo` false) or redo: when sharing, this writer's own steps only. Whether there
    /// was one.
    pub fn undo_redo(&mut self, redo: bool) -> Result<bool, String> {
        match &mut self.coedit {
            None => Ok(if redo {
                self.doc.redo()
            } else {
                self.doc.undo()
            }),
            Some(c) => {
                let done = if redo { c.redo() } else { c.undo() };
                let speech = c.speech().clone();
                self.doc.follow(speech, Effect::None);
                done.map_err(|e| e.to_string())
            }
        }
    }

    /// Whether there is a step to undo (when sharing, one of this writer's).
    pub fn can_undo(&self) -> bool {
        match &self.coedit {
            Some(c) => c.shared().can_undo(),
            None => self.doc.can_undo(),
        }
    }

    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        match &self.coedit {
            Some(c) => c.shared().can_redo(),
            None => self.doc.can_redo(),
        }
    }

    /// Takes in the hub's news; when co-writers' changes came in, the window's speech follows
    /// and this says what changed. `keep` are places in the text (the caret and the selection's
    /// other end) to keep among the same words: returned where they stand now. A problem to
    /// show comes with it (a change the engine could not read, the journal not written).
    pub fn poll_shared(&mut self, keep: &[TextPos]) -> SharedNews {
        let mut news = SharedNews::default();
        let Some(c) = &mut self.coedit else {
            return news;
        };
        // The places as the engine's cursors before the changes come in.
        let cursors: Vec<Option<Vec<u8>>> = keep.iter().map(|p| c.shared.cursor_at(*p)).collect();
        let polled = match c.poll() {
            Ok(p) => p,
            Err(e) => {
                news.problem = Some(e.to_string());
                // What was taken in before the journal failed is still shown.
                Polled {
                    changed: true,
                    ..Polled::default()
                }
            }
        };
        if let Some(u) = polled.unreadable {
            news.problem = Some(format!("同事的一处修改无法读取，已略过：{u}"));
        }
        if polled.changed {
            news.kept = cursors
                .iter()
                .zip(keep)
                .map(|(cursor, p)| {
                    cursor
                        .as_deref()
                        .and_then(|b| c.shared.position_of(b))
                        .unwrap_or(*p)
                })
                .collect();
            let speech = c.speech().clone();
            news.step = Some(self.doc.follow(speech, Effect::None));
        }
        news
    }

    /// 回收站 → 恢复: a deleted section back where it stood (when sharing).
    pub fn restore_deleted(&mut self, node: loro::TreeID) -> Result<Applied, String> {
        let Some(c) = &mut self.coedit else {
            return Err("没有共享讲稿".to_owned());
        };
        let result = c.restore(node);
        let speech = c.speech().clone();
        let step = self.doc.follow(speech, Effect::None);
        result.map(|()| step).map_err(|e| e.to_string())
    }

    /// Says where this writer's caret is; returns when to be called again.
    pub fn show_caret(&mut self, at: Option<TextPos>) -> Option<Duration> {
        self.coedit.as_mut().map(|c| c.show_caret(at))
    }

    pub(super) fn save_shared(&mut self) -> Step {
        let Some(c) = &mut self.coedit else {
            return Step::Done;
        };
        match c.compact() {
            Ok(()) => {
                self.status = Some("共享讲稿的每一步都已存在本机".to_owned());
                Step::Done
            }
            Err(e) => Step::message("共享讲稿的本机副本没有写好", e.to_string()),
        }
    }
}
