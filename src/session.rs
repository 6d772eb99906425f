//! A file session: the document being edited and its life on disk — new, open, import, save,
//! save as, export, close and crash recovery — as explicit steps.
//!
//! Each step returns a [`Step`]: what the shell must show or ask next (the unsaved-changes
//! prompt, a file dialog, a message). The shell reports the answer back with another call
//! ([`Session::resolve_unsaved`], [`Session::chose`], …). No step marks the document saved
//! unless it was written, so an action that does not happen (a dialog cancelled, a file that
//! does not open) leaves the edits unsaved and recoverable. egui-free and unit-tested.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::check::{self, Finding};
use crate::compare::Comparison;
use crate::doc::history::Document;
use crate::doc::model::Speech;
use crate::export::{self, docx};
use crate::import;
use crate::store::files::Fingerprint;
use crate::store::written::Ledger;
use crate::store::{data_dir, draft, files, recovery};

/// Seconds of quiet after the last edit before the recovery file is written.
pub const AUTOSAVE_DELAY: f64 = 2.0;
/// Seconds of quiet after which the next keystroke starts a new undo step.
pub const TYPING_PAUSE: f64 = 1.0;

/// The sample speech, compiled in so the binary opens it from anywhere.
pub const SAMPLE: &str = include_str!("../assets/sample-speech.ron");

/// The bundled sample speech.
pub fn sample_speech() -> Speech {
    // The sample is part of the build and covered by tests, so it always parses.
    draft::from_str(SAMPLE, Path::new("sample-speech.ron")).unwrap_or_default()
}

/// What to do once unsaved changes have been dealt with.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    New,
    /// 从模板新建: the template's speech and its name.
    NewFrom(Box<Speech>, String),
    Open,
    OpenPath(PathBuf),
    Import,
    Paste,
    Close,
}

/// The unsaved-changes prompt's answers: each composes with the action that waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsavedChoice {
    /// 保存: save (asking for a path if needed), then go on; if the save does not happen, stay.
    Save,
    /// 不保存: go on; the edits stay and stay unsaved until the action replaces the document.
    Discard,
    /// 取消: nothing happens.
    Cancel,
}

/// The answers when a save finds the draft changed on disk since this window read or saved it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictChoice {
    /// 覆盖: save over it; the other version is kept as `NAME.bak`.
    Overwrite,
    /// 另存为: save this text under another name; the other version stays.
    SaveAs,
    /// 比较: show the version on disk against the text on screen; nothing is saved.
    Compare,
    /// 取消: nothing happens.
    Cancel,
}

/// The answers when the open draft was changed on disk while the window is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangedChoice {
    /// 重新载入: show the version on disk (one undo step brings the text on screen back).
    Reload,
    /// 比较: show the version on disk against the text on screen.
    Compare,
    /// 保留当前文本: go on editing; saving will ask first.
    Keep,
}

/// What a file dialog is for, as the user sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogKind {
    /// Pick a `.ron` draft to open.
    Open,
    /// Pick where to save a draft; `suggested` is the file name offered.
    SaveDraft { suggested: String },
    /// Pick where to write exported text.
    ExportText { suggested: String },
    /// Pick where to write a Word document.
    ExportDocx { suggested: String },
    /// Pick where to write a PDF.
    ExportPdf { suggested: String },
    /// Pick where to write a comparison (.txt or .docx).
    ExportComparison { suggested: String },
    /// Pick a plain-text speech or a Word document to import.
    ImportText,
    /// Pick a returned Word document to review (导入修改稿).
    ImportReview,
}

impl DialogKind {
    /// The file name a save dialog suggests.
    pub fn suggested(&self) -> Option<&str> {
        match self {
            DialogKind::SaveDraft { suggested }
            | DialogKind::ExportText { suggested }
            | DialogKind::ExportDocx { suggested }
            | DialogKind::ExportPdf { suggested }
            | DialogKind::ExportComparison { suggested } => Some(suggested),
            DialogKind::Open | DialogKind::ImportText | DialogKind::ImportReview => None,
        }
    }

    /// The extension a path chosen without one is given.
    pub fn extension(&self) -> &'static str {
        match self {
            DialogKind::Open | DialogKind::SaveDraft { .. } => "ron",
            DialogKind::ExportDocx { .. } | DialogKind::ImportReview => "docx",
            DialogKind::ExportPdf { .. } => "pdf",
            DialogKind::ExportText { .. }
            | DialogKind::ExportComparison { .. }
            | DialogKind::ImportText => "txt",
        }
    }

    /// The extensions of the files the dialog offers.
    pub fn extensions(&self) -> &'static [&'static str] {
        match self {
            DialogKind::Open | DialogKind::SaveDraft { .. } => &["ron"],
            DialogKind::ImportText => &import::IMPORTABLE,
            DialogKind::ExportText { .. } => &["txt"],
            DialogKind::ExportDocx { .. } | DialogKind::ImportReview => &["docx"],
            DialogKind::ExportPdf { .. } => &["pdf"],
            DialogKind::ExportComparison { .. } => &["txt", "docx"],
        }
    }

    /// Whether the dialog names a file to write (rather than one to read).
    pub fn is_save(&self) -> bool {
        self.suggested().is_some()
    }
}

/// What the path a dialog answers with will be used for.
#[derive(Clone, Debug, PartialEq)]
pub enum DialogPurpose {
    Open,
    Import,
    /// A returned Word file, to review against the open speech.
    Review,
    SaveAs {
        then: Option<Pending>,
    },
    Export {
        force: bool,
    },
    ExportComparison(Arc<Comparison>),
}

/// What the shell must show or do after a step.
#[derive(Clone, Debug)]
pub enum Step {
    /// Nothing more to show.
    Done,
    /// Ask whether to save the unsaved changes before the action.
    AskUnsaved(Pending),
    /// Ask for a path; answer with [`Session::chose`] (or nothing, if cancelled).
    Dialog(DialogKind, DialogPurpose),
    /// Tell the user something: an error, or what an export wrote.
    Message { title: String, body: String },
    /// A speech was imported: show its report, and the guesses that point at a text.
    ImportReport {
        report: String,
        spots: Vec<import::ReviewSpot>,
    },
    /// A returned file's review was read onto the speech: the shell keeps the text as a version
    /// (it has the clock) and loads the review.
    Review(Box<crate::doc::model::review::Review>),
    /// Show the box to paste a speech into; answer with [`Session::import_text`].
    PasteBox,
    /// Blanks are left: the export waits (answer with [`Session::export_anyway`]).
    ExportBlocked(Vec<Finding>),
    /// The chosen file exists and is someone's: ask before replacing it (answer with
    /// [`Session::overwrite`]).
    ConfirmOverwrite(DialogPurpose, PathBuf),
    /// Saving would write over a version of the draft that someone saved since this window read
    /// or saved it: ask (answer with [`Session::resolve_conflict`]).
    SaveConflict {
        path: PathBuf,
        then: Option<Pending>,
    },
    /// The open draft was changed on disk: offer to reload or compare (answer with
    /// [`Session::resolve_changed`]).
    ChangedOnDisk(PathBuf),
    /// Show the comparison of the draft on disk (at the path) with the text on screen.
    CompareWithDisk(Arc<Comparison>, PathBuf),
    /// A crashed window left this; answer with [`Session::resolve_recovery`].
    OfferRecovery(Box<recovery::Recovery>),
    /// Close the window.
    Quit,
}

impl Step {
    fn message(title: &str, body: impl Into<String>) -> Step {
        Step::Message {
            title: title.to_owned(),
            body: body.into(),
        }
    }
}

/// How the next export is written; remembered across starts (see [`Preferences`]).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ExportSettings {
    pub options: export::Options,
    pub format: export::Format,
    pub layout: docx::Layout,
    /// The size a reading copy was last set in, kept while the official layout is chosen.
    pub reading_size: docx::ReadingSize,
    /// A Word file for review: what changed since this version shows as tracked changes (a
    /// version of the open draft, so not remembered across starts).
    #[serde(skip)]
    pub changes_since: Option<String>,
    /// Who those tracked changes are by (the drafter's name, remembered).
    pub author: String,
}

/// The light or the dark theme, as the user chose it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Theme {
    Light,
    Dark,
}

/// What a user sets once and expects to find at the next start: how exports are written, the
/// theme, the text size. Kept in the data folder as `settings.json` (owner-only); a missing or
/// unreadable file gives the defaults, never an error.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Preferences {
    pub export: ExportSettings,
    /// `None`: the system's theme.
    pub theme: Option<Theme>,
    /// The window's zoom factor (`None`: 1).
    pub zoom: Option<f32>,
    pub window: WindowLayout,
    /// The shared speech last connected to (the password is never kept).
    pub shared: SharedPlace,
}

/// Where the last shared speech was: the 共享… dialog starts from it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SharedPlace {
    pub server: String,
    pub person: String,
    pub speech: String,
}

/// The window as the user left it: its size and the side panels.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct WindowLayout {
    /// The window's inner size in logical pixels, when not maximised (`None`: the default).
    pub size: Option<[f32; 2]>,
    pub maximized: bool,
    /// The side panels' widths as last dragged (`None`: the default).
    pub tree_width: Option<f32>,
    pub checker_width: Option<f32>,
    pub hide_tree: bool,
    pub hide_checker: bool,
}

const PREFERENCES_FILE: &str = "settings.json";

impl Preferences {
    /// The preferences kept in `data_dir`, or the defaults.
    pub fn load(data_dir: &Path) -> Preferences {
        files::read_bounded(&data_dir.join(PREFERENCES_FILE), 1 << 20)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Stores them in `data_dir`. Best effort: losing them costs the user a setting, not work.
    pub fn store(&self, data_dir: &Path) {
        let mut kept = self.clone();
        // Forcing an export past its gate is asked each time, never remembered.
        kept.export.options.force = false;
        let Ok(bytes) = serde_json::to_vec_pretty(&kept) else {
            return;
        };
        if data_dir::ensure(data_dir).is_ok() {
            let options = files::WriteOptions::owner_only();
            let _ = files::replace(&data_dir.join(PREFERENCES_FILE), &bytes, &options);
        }
    }
}

/// The document being edited and where it lives.
pub struct Session {
    doc: Document,
    path: Option<PathBuf>,
    /// What the window title calls a document without a file: 示例讲稿, an imported file's
    /// name, 未命名.
    untitled: String,
    data_dir: Option<PathBuf>,
    recent: Vec<PathBuf>,
    /// The draft as this window last read or wrote it; `None` when not known (no file, or a
    /// recovery file of an older version).
    disk: Option<Fingerprint>,
    /// A different version on disk the user was already told about: not told again.
    told: Option<Fingerprint>,
    /// The user was told the draft is gone from disk.
    told_missing: bool,
    /// The versions the draft on disk holds (name and time): the others go with unsaved text.
    versions_on_disk: Vec<(String, String)>,
    /// This window's recovery file for the current document, claimed at the first autosave.
    slot: Option<recovery::Slot>,
    /// Recovery files left by crashed windows, offered one after the other at start.
    offered: Vec<(recovery::Slot, recovery::Recovery)>,
    autosaved_revision: Option<u64>,
    seen_revision: u64,
    changed_at: f64,
    /// Counts document replacements, so the shell can drop what it kept about the old one.
    generation: u64,
    status: Option<String>,
    allow_close: bool,
    pub export: ExportSettings,
    /// The theme and zoom as last chosen (the shell applies them at start).
    view_prefs: (Option<Theme>, Option<f32>),
    window: WindowLayout,
    /// The shared speech this window edits with co-writers, if any.
    coedit: Option<coedit::Coedit>,
}

impl Session {
    /// Opens `file` (a draft, or a text or Word file to import), or the sample speech; then
    /// offers what crashed windows left in `data_dir`. The step is what to show first.
    pub fn start(file: Option<PathBuf>, data_dir: Option<PathBuf>) -> (Session, Step) {
        // Before anything is written there: the folder holds copies of speeches.
        let problems = data_dir
            .as_deref()
            .map(data_dir::tighten)
            .unwrap_or_default();
        let recent = data_dir
            .as_deref()
            .map(recovery::recent)
            .unwrap_or_default();
        let mut step = Step::Done;
        let mut untitled = "未命名".to_owned();
        let mut imported = false;
        let mut disk = None;
        let (speech, path) = match file {
            // A text file or Word document is imported: a new, unsaved draft.
            Some(path) if import::is_importable_path(&path) => match import::import_file(&path) {
                Ok(i) => {
                    step = Step::ImportReport {
                        report: i.report.to_string(),
                        spots: i.report.spots(&i.speech),
                    };
                    untitled = imported_name(&path);
                    imported = true;
                    (i.speech, None)
                }
                Err(e) => {
                    step = Step::message("无法导入", e.to_string());
                    (Speech::new(), None)
                }
            },
            Some(path) => match draft::load_fingerprinted(&path) {
                Ok((s, fingerprint)) => {
                    disk = Some(fingerprint);
                    (s, Some(path))
                }
                Err(e) => {
                    step = Step::message("无法打开草稿", e.to_string());
                    (Speech::new(), None)
                }
            },
            None => {
                untitled = "示例讲稿".to_owned();
                (sample_speech(), None)
            }
        };
        // A save killed midway left its temporary file beside the draft: cleared when the
        // draft is opened, not only at its next save.
        if let Some(folder) = path.as_deref().and_then(Path::parent) {
            files::clean_stale_temps(folder);
        }
        let offered = data_dir
            .as_deref()
            .map(recovery::orphans)
            .unwrap_or_default();
        if let Some((_, r)) = offered.first() {
            step = Step::OfferRecovery(Box::new(r.clone()));
        }
        let mut doc = Document::new(speech);
        if imported {
            doc.mark_unsaved();
        }
        let preferences = data_dir
            .as_deref()
            .map(Preferences::load)
            .unwrap_or_default();
        let revision = doc.revision();
        let versions_on_disk = version_keys(&doc, path.is_some());
        let mut session = Session {
            doc,
            path,
            untitled,
            data_dir,
            recent,
            versions_on_disk,
            disk,
            told: None,
            told_missing: false,
            slot: None,
            offered,
            autosaved_revision: Some(revision),
            seen_revision: revision,
            changed_at: 0.0,
            generation: 0,
            status: (!problems.is_empty()).then(|| problems.join("；")),
            allow_close: false,
            export: preferences.export,
            view_prefs: (preferences.theme, preferences.zoom),
            window: preferences.window,
            coedit: None,
        };
        // A draft opened from the file manager or the command line is recent too, as in Word.
        if let Some(path) = session.path.clone() {
            session.remember_recent(&path);
        }
        (session, step)
    }

    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// The document, for edits, undo and redo.
    pub fn doc_mut(&mut self) -> &mut Document {
        &mut self.doc
    }

    pub fn speech(&self) -> &Speech {
        self.doc.speech()
    }

    /// The draft file the document belongs to.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The data folder: recovery files, backups, the recent list (`None`: none kept).
    pub fn data_dir(&self) -> Option<&Path> {
        self.data_dir.as_deref()
    }

    /// The theme and zoom the user chose last time (`None`: not chosen).
    pub fn view_preferences(&self) -> (Option<Theme>, Option<f32>) {
        self.view_prefs
    }

    /// Remembers the theme and zoom chosen, across starts.
    pub fn set_view_preferences(&mut self, theme: Option<Theme>, zoom: Option<f32>) {
        self.view_prefs = (theme, zoom);
        self.update_preferences(|p| (p.theme, p.zoom) = (theme, zoom));
    }

    /// The window's layout as the user left it.
    pub fn window_layout(&self) -> WindowLayout {
        self.window
    }

    /// Remembers the window's layout, across starts (written only when it changed).
    pub fn set_window_layout(&mut self, layout: WindowLayout) {
        if layout != self.window {
            self.window = layout;
            self.update_preferences(|p| p.window = layout);
        }
    }

    /// Remembers how exports are written, across starts.
    pub fn set_export_settings(&mut self, settings: ExportSettings) {
        self.export = settings.clone();
        self.update_preferences(|p| p.export = settings);
    }

    /// Changes one setting in `settings.json` as it is on disk now: another window may have
    /// changed others since this one started, and they stay.
    fn update_preferences(&self, change: impl FnOnce(&mut Preferences)) {
        if let Some(dir) = &self.data_dir {
            let mut p = Preferences::load(dir);
            change(&mut p);
            p.store(dir);
        }
    }

    /// The names of the versions that are not in the draft on disk yet: not saving loses them.
    pub fn unsaved_versions(&self) -> Vec<&str> {
        self.speech()
            .versions
            .iter()
            .filter(|v| {
                !self
                    .versions_on_disk
                    .iter()
                    .any(|(n, s)| *n == v.name && *s == v.saved)
            })
            .map(|v| v.name.as_str())
            .collect()
    }

    /// Recently used files, most recent first.
    pub fn recent(&self) -> &[PathBuf] {
        &self.recent
    }

    /// Changes whenever the document is replaced (new, open, import, recovery).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// This window's recovery file, once an autosave has written it.
    pub fn recovery_file(&self) -> Option<&Path> {
        self.slot.as_ref().map(recovery::Slot::path)
    }

    /// The status line the last steps left, taken once.
    pub fn take_status(&mut self) -> Option<String> {
        self.status.take()
    }

    /// The document's name: the file's, or 示例讲稿 / `名称（导入）` / 未命名.
    pub fn name(&self) -> String {
        match &self.path {
            Some(p) => p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            None => self.untitled.clone(),
        }
    }

    /// The window title: the document's name and an unsaved marker.
    pub fn title(&self) -> String {
        let mark = if self.doc.is_modified() { " ●" } else { "" };
        format!("{}{mark} — 讲稿", self.name())
    }

    /// The name files made from this speech start with: the draft's, or one made from the
    /// title.
    pub fn file_stem(&self) -> String {
        self.path.as_ref().and_then(|p| p.file_stem()).map_or_else(
            || file_stem_for(&self.speech().title),
            |s| s.to_string_lossy().into_owned(),
        )
    }

    /// The folder a path entry starts in: the current draft's, else the working folder.
    pub fn current_folder(&self) -> PathBuf {
        self.path
            .as_deref()
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_owned)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default()
    }

    /// The path a path entry starts with for `kind`.
    pub fn default_entry_path(&self, kind: &DialogKind) -> String {
        let mut path = self.current_folder();
        path.push(kind.suggested().unwrap_or(""));
        path.display().to_string()
    }

    /// Folders of recently used files, most recent first, for the path entry.
    pub fn recent_folders(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = vec![self.current_folder()];
        for p in &self.recent {
            if let Some(d) = p.parent()
                && !out.iter().any(|o| o == d)
            {
                out.push(d.to_owned());
            }
        }
        out.truncate(6);
        out
    }

    /// Asks for an action that replaces the document: first the unsaved changes, if any.
    pub fn request(&mut self, then: Pending) -> Step {
        if self.doc.is_modified() {
            Step::AskUnsaved(then)
        } else {
            self.proceed(Some(then))
        }
    }

    /// Answers the unsaved-changes prompt for the action `then`.
    pub fn resolve_unsaved(&mut self, then: Pending, choice: UnsavedChoice) -> Step {
        match choice {
            UnsavedChoice::Save => self.save_then(Some(then)),
            // The document is not marked saved: if the action does not happen (its dialog is
            // cancelled, the file does not open), the edits stay unsaved and recoverable.
            UnsavedChoice::Discard => self.proceed(Some(then)),
            UnsavedChoice::Cancel => Step::Done,
        }
    }

    /// The window is asked to close: `Done` if it may, otherwise the prompt to show.
    pub fn close_requested(&mut self) -> Step {
        if self.allow_close || !self.doc.is_modified() {
            self.clear_recovery();
            Step::Done
        } else {
            Step::AskUnsaved(Pending::Close)
        }
    }

    /// Carries out an action that waited for unsaved changes to be dealt with.
    fn proceed(&mut self, then: Option<Pending>) -> Step {
        match then {
            None => Step::Done,
            Some(Pending::New) => {
                self.replace(Speech::new(), None);
                self.status = Some("已新建".into());
                Step::Done
            }
            Some(Pending::NewFrom(speech, name)) => {
                self.replace(crate::store::templates::as_template(&speech), None);
                self.status = Some(format!("已按模板“{name}”新建：请填写 * 处待填项"));
                Step::Done
            }
            Some(Pending::Open) => Step::Dialog(DialogKind::Open, DialogPurpose::Open),
            Some(Pending::OpenPath(p)) => self.open_path(&p),
            Some(Pending::Import) => Step::Dialog(DialogKind::ImportText, DialogPurpose::Import),
            Some(Pending::Paste) => Step::PasteBox,
            Some(Pending::Close) => {
                self.allow_close = true;
                self.clear_recovery();
                Step::Quit
            }
        }
    }

    /// 保存: to the draft's file, or asking for one.
    pub fn save(&mut self) -> Step {
        if self.coedit.is_some() {
            return self.save_shared();
        }
        self.save_then(None)
    }

    /// 另存为…
    pub fn save_as(&mut self) -> Step {
        if self.coedit.is_some() {
            return Step::message(
                "共享讲稿",
                "共享讲稿的每一步都已存在本机。要另存一份草稿，请先在「共享…」里断开共享，再另存为。",
            );
        }
        self.ask_save_as(None)
    }

    fn save_then(&mut self, then: Option<Pending>) -> Step {
        match self.path.clone() {
            Some(path) => self.save_checked(path, then),
            None => self.ask_save_as(then),
        }
    }

    /// Saves to `path`, unless it is this window's draft and someone saved another version
    /// there since this window read or wrote it: then asks.
    fn save_checked(&mut self, path: PathBuf, then: Option<Pending>) -> Step {
        if let Some(theirs) = self.changed_on_disk(&path) {
            self.told = theirs.or(self.told);
            return Step::SaveConflict { path, then };
        }
        match self.save_to(path) {
            Ok(_) => self.proceed(then),
            Err(step) => step,
        }
    }

    /// `Some` when `path` is this window's draft and holds other bytes than the window last
    /// read or wrote (with their fingerprint, if they could be read). Bytes are compared, not
    /// times: a file only touched is not a change, and a rewrite within the time's resolution
    /// is one.
    fn changed_on_disk(&self, path: &Path) -> Option<Option<Fingerprint>> {
        let basis = self.disk?;
        let ours = self.path.as_deref()?;
        if !(ours == path || files::same_file(ours, path)) {
            return None;
        }
        match Fingerprint::read(path, draft::MAX_DRAFT) {
            Ok(now) if now.same_bytes(&basis) => None,
            Ok(now) => Some(Some(now)),
            // Gone: saving puts it back. Unreadable: the write reports why.
            Err(e) if e.kind() != std::io::ErrorKind::FileTooLarge => None,
            Err(_) => Some(None),
        }
    }

    /// Answers the prompt of a save that found the draft changed on disk.
    pub fn resolve_conflict(
        &mut self,
        path: PathBuf,
        then: Option<Pending>,
        choice: ConflictChoice,
    ) -> Step {
        match choice {
            ConflictChoice::Overwrite => match self.save_to(path) {
                Ok(written) => {
                    if let (Some(status), Some(bak), false) =
                        (&mut self.status, &written.backup, written.in_place)
                    {
                        status.push_str(&format!("；磁盘上原来的版本保留为 {}", bak.display()));
                    }
                    self.proceed(then)
                }
                Err(step) => step,
            },
            ConflictChoice::SaveAs => self.ask_save_as(then),
            ConflictChoice::Compare => self.compare_with_disk(&path),
            ConflictChoice::Cancel => Step::Done,
        }
    }

    /// Looks whether the open draft was changed on disk by someone else (the shell asks when
    /// the window comes to the foreground and when the file's time changes). A version is
    /// announced once; a draft gone from disk is told in the status line. Costs one `stat`,
    /// and a read of the file when its length or time changed.
    pub fn check_disk(&mut self) -> Step {
        let (Some(path), Some(basis)) = (self.path.clone(), self.disk) else {
            return Step::Done;
        };
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if !self.told_missing {
                    self.told_missing = true;
                    self.status = Some(format!(
                        "磁盘上的 {} 已被移走或删除；保存时会重新写出",
                        path.display()
                    ));
                }
                return Step::Done;
            }
            Err(_) => return Step::Done,
        };
        self.told_missing = false;
        if basis.same_stat(&meta) || self.told.is_some_and(|t| t.same_stat(&meta)) {
            return Step::Done;
        }
        match Fingerprint::read(&path, draft::MAX_DRAFT) {
            Ok(now) if now.same_bytes(&basis) => {
                // Touched, not changed: remember the new time so as not to read it again.
                self.disk = Some(now);
                Step::Done
            }
            Ok(now) if self.told.is_some_and(|t| t.same_bytes(&now)) => {
                self.told = Some(now);
                Step::Done
            }
            Ok(now) => {
                self.told = Some(now);
                Step::ChangedOnDisk(path)
            }
            Err(_) => Step::Done,
        }
    }

    /// Answers the prompt about a draft changed on disk while open.
    pub fn resolve_changed(&mut self, choice: ChangedChoice) -> Step {
        let Some(path) = self.path.clone() else {
            return Step::Done;
        };
        match choice {
            ChangedChoice::Reload => self.reload(&path),
            ChangedChoice::Compare => self.compare_with_disk(&path),
            ChangedChoice::Keep => {
                self.status = Some("保留本窗口的文本；保存时会先询问是否覆盖磁盘上的版本".into());
                Step::Done
            }
        }
    }

    /// Shows the version on disk in place of the text on screen, as one undoable step.
    fn reload(&mut self, path: &Path) -> Step {
        match draft::load_fingerprinted(path) {
            Ok((speech, fingerprint)) => {
                self.doc.reload(speech);
                self.versions_on_disk = version_keys(&self.doc, true);
                self.disk = Some(fingerprint);
                self.told = None;
                self.clear_recovery();
                self.autosaved_revision = Some(self.doc.revision());
                self.status = Some("已重新载入磁盘上的版本（撤销可回到本窗口原来的文本）".into());
                Step::Done
            }
            Err(e) => Step::message("无法重新载入", e.to_string()),
        }
    }

    /// The version on disk (older side) against the text on screen (newer side).
    fn compare_with_disk(&mut self, path: &Path) -> Step {
        match draft::load(path) {
            Ok(mut theirs) => {
                let mut ours = self.speech().clone();
                theirs.versions.clear();
                ours.versions.clear();
                let c = crate::compare::compare(&theirs, &ours, "磁盘上的版本", "本窗口的文本");
                Step::CompareWithDisk(Arc::new(c), path.to_owned())
            }
            Err(e) => Step::message("无法读取磁盘上的版本", e.to_string()),
        }
    }

    fn ask_save_as(&mut self, then: Option<Pending>) -> Step {
        let suggested = self.path.as_ref().and_then(|p| p.file_name()).map_or_else(
            || format!("{}.ron", file_stem_for(&self.speech().title)),
            |n| n.to_string_lossy().into_owned(),
        );
        Step::Dialog(
            DialogKind::SaveDraft { suggested },
            DialogPurpose::SaveAs { then },
        )
    }

    fn save_to(&mut self, path: PathBuf) -> Result<files::Written, Step> {
        let options = files::WriteOptions {
            backup: true,
            fallback_dir: self
                .data_dir
                .as_deref()
                .map(crate::store::data_dir::backups),
            access: None,
        };
        let written = draft::save_with(self.doc.speech(), &path, &options)
            .map_err(|e| Step::message("保存失败", e.to_string()))?;
        self.disk = written.fingerprint;
        self.told = None;
        self.told_missing = false;
        self.versions_on_disk = version_keys(&self.doc, true);
        self.doc.mark_saved();
        self.doc.seal();
        self.remember_recent(&path);
        let mut status = format!("已保存 {}", path.display());
        if let (true, Some(backup)) = (written.in_place, &written.backup) {
            status.push_str(&format!(
                "（文件夹不可写，已直接改写原文件；原版本备份在 {}）",
                backup.display()
            ));
        }
        self.status = Some(status);
        self.path = Some(path);
        self.clear_recovery();
        self.autosaved_revision = Some(self.doc.revision());
        Ok(written)
    }

    /// Carries out what a dialog (or the path entry standing in for one) chose.
    pub fn chose(&mut self, purpose: DialogPurpose, path: PathBuf) -> Step {
        self.chose_with(purpose, path, false)
    }

    /// Carries out a choice again, now replacing the existing file the user confirmed.
    pub fn overwrite(&mut self, purpose: DialogPurpose, path: PathBuf) -> Step {
        self.chose_with(purpose, path, true)
    }

    /// The record of the files this session's exports wrote.
    fn ledger(&self) -> Ledger {
        Ledger::in_dir(self.data_dir.as_deref())
    }

    fn chose_with(&mut self, purpose: DialogPurpose, path: PathBuf, overwrite: bool) -> Step {
        match purpose {
            DialogPurpose::Open => self.open_path(&path),
            DialogPurpose::Import => match import::import_file(&path) {
                Ok(imported) => self.imported(imported, imported_name(&path)),
                Err(e) => Step::message("无法导入", e.to_string()),
            },
            DialogPurpose::Review => self.read_review(&path),
            DialogPurpose::SaveAs { then } => self.save_checked(with_extension(path, "ron"), then),
            DialogPurpose::ExportComparison(comparison) => {
                self.export_comparison_to(&with_extension(path, "txt"), comparison, overwrite)
            }
            DialogPurpose::Export { force } => {
                let path = with_extension(path, self.export.format.extension());
                self.export_to(&path, force, overwrite)
            }
        }
    }

    fn open_path(&mut self, path: &Path) -> Step {
        match draft::load_fingerprinted(path) {
            Ok((speech, fingerprint)) => {
                if let Some(folder) = path.parent() {
                    files::clean_stale_temps(folder);
                }
                self.replace(speech, Some(path.to_owned()));
                self.disk = Some(fingerprint);
                self.remember_recent(path);
                self.status = Some(format!("已打开 {}", path.display()));
                Step::Done
            }
            Err(e) => Step::message("无法打开草稿", e.to_string()),
        }
    }

    /// 导入修改稿: reads a returned Word file's tracked changes and comments onto the speech.
    pub fn read_review(&mut self, path: &Path) -> Step {
        if self.coedit.is_some() {
            // A review's changes point at texts by this copy's ids, which co-writers' copies
            // do not share.
            return Step::message(
                "共享讲稿不能导入修改稿",
                "修改稿的修订按本机的段落记录，同事的副本对不上。请在「共享…」里断开共享，在副本上处理修改稿。",
            );
        }
        let read = std::fs::File::open(path)
            .map_err(|e| format!("{}：{}", files::Reason(&e), path.display()))
            .and_then(|f| crate::review::read::read_from(f).map_err(|e| e.to_string()));
        let read = match read {
            Ok(r) => r,
            Err(e) => return Step::message("无法导入修改稿", e),
        };
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let review = crate::review::review(self.doc.speech(), &read, &name);
        if review.changes.is_empty() && review.comments.is_empty() {
            let mut body = format!("“{name}”与本稿逐段对照后，没有找到修订或批注，本稿未作改动。");
            for n in &review.left_out {
                body.push_str(&format!("\n{n}"));
            }
            return Step::message("修改稿里没有修订或批注", body);
        }
        Step::Review(Box::new(review))
    }

    /// Imports pasted text as a new, unsaved document.
    pub fn import_text(&mut self, text: &str) -> Step {
        if text.trim().is_empty() {
            return Step::message("无法导入", "没有可导入的文字。");
        }
        self.imported(import::import_text(text), "粘贴的讲稿（导入）".to_owned())
    }

    /// Makes an imported speech the new, unsaved document, called `name` until it is saved.
    fn imported(&mut self, imported: import::Imported, name: String) -> Step {
        let step = Step::ImportReport {
            report: imported.report.to_string(),
            spots: imported.report.spots(&imported.speech),
        };
        self.replace(imported.speech, None);
        self.untitled = name;
        self.doc.mark_unsaved();
        self.status = Some("已导入，请核对并保存".into());
        step
    }

    /// Replaces the document (no unsaved-changes check: callers have asked).
    fn replace(&mut self, speech: Speech, path: Option<PathBuf>) {
        // Another document in the window ends the sharing (the shared copy stays in its
        // folder, every step in it).
        self.coedit = None;
        self.doc = Document::new(speech);
        self.versions_on_disk = version_keys(&self.doc, path.is_some());
        self.path = path;
        self.disk = None;
        self.told = None;
        self.told_missing = false;
        self.untitled = "未命名".to_owned();
        self.generation += 1;
        self.seen_revision = self.doc.revision();
        self.autosaved_revision = Some(self.seen_revision);
        self.clear_recovery();
    }

    /// The user's own templates (names and files), from the data folder.
    pub fn user_templates(&self) -> Vec<(String, PathBuf)> {
        self.data_dir
            .as_deref()
            .map(crate::store::templates::user_templates)
            .unwrap_or_default()
    }

    /// Saves `speech` as a template called `name` in the data folder: the status says under
    /// which name, a message why not.
    pub fn save_template(&mut self, name: &str, speech: &Speech) -> Step {
        let Some(dir) = self.data_dir.clone() else {
            return Step::message("模板没有保存", "没有数据文件夹，模板无处保存");
        };
        match crate::store::templates::save(&dir, name, speech) {
            Ok(path) => {
                let saved = path
                    .file_stem()
                    .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
                self.status = Some(format!("已存为模板“{saved}”：从模板新建时在“我的模板”下"));
                Step::Done
            }
            Err(e) => Step::message("模板没有保存", e.to_string()),
        }
    }

    /// Takes one of the user's templates out of the gallery (into the backups): the status says
    /// so, a message why not.
    pub fn remove_template(&mut self, path: &Path, name: &str) -> Step {
        let Some(dir) = self.data_dir.clone() else {
            return Step::message("模板没有删除", "没有数据文件夹");
        };
        match crate::store::templates::remove(&dir, path) {
            Ok(_) => {
                self.status = Some(format!(
                    "已删除模板“{name}”（副本在数据文件夹的 backups 中）"
                ));
                Step::Done
            }
            Err(e) => Step::message(
                "模板没有删除",
                format!("模板“{name}”没有删除：{}", crate::store::reason::Reason(&e)),
            ),
        }
    }

    /// Replaces the document as 新建 or 打开 would, without asking. For benchmarks and tests.
    pub fn replace_document(&mut self, speech: Speech, path: Option<PathBuf>) {
        self.replace(speech, path);
    }

    /// 打印…: the speech as a PDF in `layout`, written where the system's viewer can open it
    /// (the data folder's `print` folder, or a folder of its own in the temporary folder),
    /// refused like an export while blanks or hidden controls remain. Returns the file and
    /// its facts, or the message to show.
    pub fn print_pdf(
        &mut self,
        findings: &[Finding],
        layout: docx::Layout,
    ) -> Result<(PathBuf, export::pdf::PdfFacts), Step> {
        let gating: Vec<Finding> = check::gating(findings).cloned().collect();
        if !gating.is_empty() {
            return Err(Step::message(
                "未打印",
                format!(
                    "{}，未打印。处理后再打印；一定要照现在的样子印出来，可以用“导出…”存成 PDF（仍然导出），再打开打印。",
                    export::gate_summary(&gating)
                ),
            ));
        }
        let failed = |e: String| Step::message("未打印", format!("打印用的 PDF 没有生成：{e}"));
        let (bytes, facts) =
            export::pdf::bytes(self.speech(), layout, export::pdf::FontSource::System)
                .map_err(failed)?;
        let dir = match &self.data_dir {
            Some(d) => d.join("print"),
            None => tempfile::Builder::new()
                .prefix("jianggao-print-")
                .tempdir()
                .map_err(|e| failed(e.to_string()))?
                .keep(),
        };
        std::fs::create_dir_all(&dir).map_err(|e| failed(e.to_string()))?;
        // The last print may still be open in a viewer that locks it (Windows): the next
        // free name then.
        let stem = self.file_stem();
        let mut last = String::new();
        for n in 1..=20 {
            let name = if n == 1 {
                format!("{stem}-打印.pdf")
            } else {
                format!("{stem}-打印（{n}）.pdf")
            };
            let path = dir.join(name);
            match std::fs::write(&path, &bytes) {
                Ok(()) => return Ok((path, facts)),
                Err(e) => last = e.to_string(),
            }
        }
        Err(failed(last))
    }

    /// 导出…: the blank gate first (on the current findings), then the path.
    pub fn export(&mut self, findings: &[Finding]) -> Step {
        let blanks: Vec<Finding> = check::gating(findings).cloned().collect();
        if blanks.is_empty() {
            self.ask_export_path(false)
        } else {
            Step::ExportBlocked(blanks)
        }
    }

    /// 仍然导出: past the blank gate.
    pub fn export_anyway(&mut self) -> Step {
        self.ask_export_path(true)
    }

    fn ask_export_path(&mut self, force: bool) -> Step {
        let suggested = format!("{}.{}", self.file_stem(), self.export.format.extension());
        let kind = match self.export.format {
            export::Format::Text => DialogKind::ExportText { suggested },
            export::Format::Docx => DialogKind::ExportDocx { suggested },
            export::Format::Pdf => DialogKind::ExportPdf { suggested },
        };
        Step::Dialog(kind, DialogPurpose::Export { force })
    }

    /// 导出修改对照…
    pub fn export_comparison(&self, comparison: Arc<Comparison>) -> Step {
        Step::Dialog(
            DialogKind::ExportComparison {
                suggested: format!("修改对照-{}.txt", self.file_stem()),
            },
            DialogPurpose::ExportComparison(comparison),
        )
    }

    /// Writes a comparison: Word when the name ends in .docx, otherwise UTF-8 text.
    fn export_comparison_to(
        &mut self,
        path: &Path,
        comparison: Arc<Comparison>,
        overwrite: bool,
    ) -> Step {
        let ledger = self.ledger();
        let to = export::Destination {
            path,
            draft: self.path.as_deref(),
            overwrite,
            ledger: &ledger,
        };
        match export::write_comparison(&comparison, &to) {
            Ok(backup) => {
                self.status = Some(format!("已导出修改对照 {}", path.display()));
                Step::message(
                    "导出完成",
                    format!("修改对照已写入：{}{}", path.display(), backup_note(&backup)),
                )
            }
            Err(export::ExportError::Exists(p)) => {
                Step::ConfirmOverwrite(DialogPurpose::ExportComparison(comparison), p)
            }
            Err(e) => Step::message("未能导出", e.to_string()),
        }
    }

    fn export_to(&mut self, path: &Path, force: bool, overwrite: bool) -> Step {
        let ledger = self.ledger();
        let to = export::Destination {
            path,
            draft: self.path.as_deref(),
            overwrite,
            ledger: &ledger,
        };
        let (body, blanks_left) = match self.export.format {
            export::Format::Docx => {
                let layout = self.export.layout;
                let speech = self.doc.speech();
                let base = self
                    .export
                    .changes_since
                    .as_ref()
                    .and_then(|name| speech.versions.iter().find(|v| &v.name == name));
                let author = match self.export.author.trim() {
                    "" => "起草人".to_owned(),
                    a => a.to_owned(),
                };
                let track = base.map(|v| docx::Track {
                    base: &v.speech,
                    author,
                    date: docx::utc_now(),
                });
                match export::export_docx_to_file(speech, &to, layout, force, track.as_ref()) {
                    Ok(r) => {
                        let mut body = format!(
                            "文件：{}\n大小：{}\n格式：Word 文档，{}",
                            path.display(),
                            size_text(r.bytes),
                            layout.label()
                        );
                        if let Some(v) = base {
                            body.push_str(&format!(
                                "\n修订：自版本“{}”以来的修改以 Word 修订标出",
                                v.name
                            ));
                        }
                        if r.dropped > 0 {
                            body.push_str(&format!(
                                "\n注意：略去了 {} 个隐藏的控制符号（Word 文档不能含有），请在讲稿中删除",
                                r.dropped
                            ));
                        }
                        body.push_str(&backup_note(&r.backup));
                        (body, r.blanks_left)
                    }
                    Err(e) => return self.export_failed(e, force),
                }
            }
            export::Format::Pdf => {
                let layout = self.export.layout;
                match export::export_pdf_to_file(
                    self.doc.speech(),
                    &to,
                    layout,
                    force,
                    export::pdf::FontSource::System,
                ) {
                    Ok(r) => {
                        let mut body = format!(
                            "文件：{}\n大小：{}\n格式：PDF，{}，共 {} 页\n字体：{}",
                            path.display(),
                            size_text(r.bytes),
                            layout.label(),
                            r.facts.pages,
                            r.facts.faces_line(),
                        );
                        if !r.facts.missing.is_empty() {
                            body.push_str(&format!(
                                "\n注意：所用字体都没有这些字，印出来是空白：{}",
                                r.facts.missing.iter().collect::<String>()
                            ));
                        }
                        body.push_str(&backup_note(&r.backup));
                        (body, r.blanks_left)
                    }
                    Err(e) => return self.export_failed(e, force),
                }
            }
            export::Format::Text => {
                let options = export::Options {
                    force,
                    ..self.export.options
                };
                match export::export_to_file(self.doc.speech(), &to, &options) {
                    Ok(r) => {
                        let mut body = format!(
                            "文件：{}\n大小：{}\n文字格式：{}\n给哪种电脑用：{}",
                            path.display(),
                            size_text(r.bytes),
                            r.encoding.plain_label().replace("，推荐", ""),
                            options.line_ending.plain_label(),
                        );
                        if !r.replaced.is_empty() {
                            body.push_str(&format!(
                                "\n注意：所选文字格式写不进以下的字，已换成“?”：{}",
                                r.replaced.iter().collect::<String>()
                            ));
                        }
                        body.push_str(&backup_note(&r.backup));
                        (body, r.blanks_left)
                    }
                    Err(e) => return self.export_failed(e, force),
                }
            }
        };
        let mut body = body;
        if blanks_left > 0 {
            body.push_str(&format!("\n注意：仍有 {blanks_left} 处待填项或隐藏符号"));
        }
        self.status = Some(format!("已导出 {}", path.display()));
        Step::message("导出完成", body)
    }

    /// An export refused: someone's file at the path is a question, anything else a message.
    fn export_failed(&self, e: export::ExportError, force: bool) -> Step {
        match e {
            export::ExportError::Exists(p) => {
                Step::ConfirmOverwrite(DialogPurpose::Export { force }, p)
            }
            // The window has no way to force this one (the command line has): say what to do.
            export::ExportError::Unencodable(cs) => Step::message(
                "未能导出",
                format!(
                    "老国标 GBK 写不进这些字：{}\n请在导出设置的“文字格式”中改选“通用（UTF-8）”或“国标 GB18030”。",
                    cs.iter().collect::<String>()
                ),
            ),
            e => Step::message("未能导出", e.to_string()),
        }
    }

    fn remember_recent(&mut self, path: &Path) {
        if let Some(dir) = &self.data_dir {
            let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
            self.recent = recovery::push_recent(dir, &absolute);
        }
    }

    /// Removes this window's recovery file (the document is saved, discarded or replaced).
    fn clear_recovery(&mut self) {
        if let Some(slot) = self.slot.take() {
            slot.discard();
        }
    }

    /// Answers the crash-recovery prompt: restore the offered speech, or discard it; then
    /// offer the next one, if several windows crashed.
    pub fn resolve_recovery(&mut self, restore: bool) -> Step {
        if self.offered.is_empty() {
            return Step::Done;
        }
        let (slot, r) = self.offered.remove(0);
        if restore {
            self.replace(r.speech, r.original);
            self.disk = r.basis;
            // Restored text is not on disk: nor, for all this window knows, its versions.
            self.versions_on_disk.clear();
            // Restored text is not on disk yet: keep the unsaved marker, and keep its recovery
            // file (now this window's) until the user saves.
            self.slot = Some(slot);
            self.doc.mark_unsaved();
            self.autosave();
            let mut status = "已恢复自动保存的内容，请保存".to_owned();
            if !self.offered.is_empty() {
                status.push_str(&format!(
                    "；另有 {} 份，下次启动时再提供",
                    self.offered.len()
                ));
                // Unlocked: another window, or the next start, may offer them.
                self.offered.clear();
            }
            self.status = Some(status);
            Step::Done
        } else {
            slot.discard();
            match self.offered.first() {
                Some((_, next)) => Step::OfferRecovery(Box::new(next.clone())),
                None => Step::Done,
            }
        }
    }

    /// Bookkeeping at time `now` (seconds): seals a typing burst after a pause and writes the
    /// recovery file after quiet. Returns when to call again if a write is due later.
    pub fn tick(&mut self, now: f64) -> Option<Duration> {
        if self.doc.revision() != self.seen_revision {
            self.seen_revision = self.doc.revision();
            self.changed_at = now;
        }
        let quiet = now - self.changed_at;
        if quiet >= TYPING_PAUSE {
            self.seal();
        }
        if self.autosaved_revision == Some(self.doc.revision()) {
            return None;
        }
        if !self.doc.is_modified() {
            self.clear_recovery();
            self.autosaved_revision = Some(self.doc.revision());
        } else if quiet >= AUTOSAVE_DELAY {
            self.autosave();
        } else {
            return Some(Duration::from_secs_f64(AUTOSAVE_DELAY - quiet + 0.05));
        }
        None
    }

    /// Writes the recovery file now (normally done by [`Session::tick`]).
    pub fn autosave(&mut self) {
        let Some(dir) = &self.data_dir else {
            return;
        };
        if self.slot.is_none() {
            match recovery::Slot::claim(dir, self.path.as_deref()) {
                Ok(slot) => self.slot = Some(slot),
                Err(e) => {
                    self.status = Some(format!("自动保存失败：{}", files::Reason(&e)));
                    // Not again at every tick: the next edit tries again.
                    self.autosaved_revision = Some(self.doc.revision());
                    return;
                }
            }
        }
        let Some(slot) = &self.slot else {
            return;
        };
        let r = recovery::Recovery {
            original: self.path.clone(),
            speech: self.doc.speech().clone(),
            basis: self.disk,
        };
        if let Err(e) = slot.save(&r) {
            self.status = Some(format!("自动保存失败：{}", files::Reason(&e)));
        }
        self.autosaved_revision = Some(self.doc.revision());
    }
}

/// The versions of a document, by name and time; none when it is not `on_disk` (new,
/// imported).
fn version_keys(doc: &Document, on_disk: bool) -> Vec<(String, String)> {
    if !on_disk {
        return Vec::new();
    }
    doc.speech()
        .versions
        .iter()
        .map(|v| (v.name.clone(), v.saved.clone()))
        .collect()
}

/// The window title's name for a speech imported from `path`.
fn imported_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    format!("{name}（导入）")
}

/// `path`, given the extension `ext` if it has none.
pub fn with_extension(path: PathBuf, ext: &str) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension(ext)
    }
}

/// A file name made from the title, without characters file systems refuse.
fn file_stem_for(title: &str) -> String {
    let stem: String = title
        .chars()
        .filter(|c| !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        .take(40)
        .collect();
    if stem.trim().is_empty() {
        "讲话稿".to_owned()
    } else {
        stem
    }
}

/// A file's size as a file manager shows it.
fn size_text(bytes: usize) -> String {
    match bytes {
        0..1024 => format!("{bytes} 字节"),
        1024..1_048_576 => format!("{:.1} KB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}

/// `原文件已保留为 …`: where a replaced file's previous version went, for the export's message.
fn backup_note(backup: &Option<PathBuf>) -> String {
    backup
        .as_ref()
        .map(|b| format!("\n原文件已保留为：{}", b.display()))
        .unwrap_or_default()
}

pub mod coedit;

#[cfg(test)]
mod tests;
