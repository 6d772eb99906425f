//! The desktop app: a thin egui shell over the core.
//!
//! Widgets never change the speech: they push [`Cmd`]s, which [`JianggaoApp::run_commands`]
//! turns into [`Edit`]s on the [`Document`] once per frame. Everything shown — numbers, findings,
//! counts — is derived from the document, recomputed only when its revision changes.

mod commands;
mod dialogs;
mod editor;
pub mod fonts;
mod modals;
mod panels;
mod tree;
mod versions;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

pub use commands::{Menu, UiCommand};
pub use dialogs::{DialogAnswer, DialogKind, FileDialogs, NativeDialogs, ScriptedDialogs};

use crate::checker::{self, Finding};
use crate::derived::{Derived, TextChange};
use crate::edit::{Edit, Effect};
use crate::history::Document;
use crate::model::{Container, ParaId, SectionId, Speech, TextRef};
use crate::stats;
use crate::{draft, export, recovery};

/// The sample speech, compiled in so the binary opens it from anywhere.
pub const SAMPLE: &str = include_str!("../../assets/sample-speech.ron");

/// Seconds of quiet after the last edit before the recovery file is written.
pub const AUTOSAVE_DELAY: f64 = 2.0;
/// Seconds of quiet after which the next keystroke starts a new undo step.
const TYPING_PAUSE: f64 = 1.0;

/// How the app starts.
pub struct Options {
    /// A draft to open; `None` opens the sample speech.
    pub file: Option<PathBuf>,
    /// Where recovery and recent files live; `None` disables both.
    pub data_dir: Option<PathBuf>,
    pub dialogs: Box<dyn FileDialogs>,
}

/// Something a user asked for. Widgets push these; the app runs them once per frame.
#[derive(Clone, Debug, PartialEq)]
pub enum Cmd {
    New,
    Open,
    OpenPath(PathBuf),
    /// 导入文本或 Word…: a plain-text speech, structure detected.
    Import,
    /// 从剪贴板新建: paste a speech into a box and import it.
    PasteNew,
    /// Adjust where a heading ends and its first paragraph begins.
    AdjustBoundary(SectionId),
    /// Open the checker settings (rules, level, length target).
    CheckSettings,
    Save,
    SaveAs,
    Export,
    Undo,
    Redo,
    Select(SectionId),
    AddSibling,
    AddChild,
    Rename(SectionId),
    AskDelete(SectionId),
    MoveUp(SectionId),
    MoveDown(SectionId),
    Indent(SectionId),
    Outdent(SectionId),
    /// Any edit on the document.
    Edit(Edit),
    /// Split a paragraph into lines (Enter, multi-line paste); the caret goes to the last one.
    Lines {
        para: ParaId,
        lines: Vec<String>,
        caret: usize,
    },
    /// Insert an empty paragraph and put the caret in it.
    NewParagraph {
        container: Container,
        index: usize,
    },
    /// Put the caret on a character range of a text (from a finding or a search hit).
    GoTo {
        target: TextRef,
        chars: std::ops::Range<usize>,
    },
    /// 保存版本…: name the current text as a version.
    SaveVersion,
    /// 版本与对比…: the list of versions.
    Versions,
    /// Open the command palette.
    Palette,
    /// Show or hide the 提纲 panel.
    ToggleTree,
    /// Show or hide the 检查 panel.
    ToggleChecker,
    Find,
    Replace,
    ZoomIn,
    ZoomOut,
    SetDark(bool),
    Quit,
}

/// What to do once unsaved changes have been dealt with.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    New,
    Open,
    OpenPath(PathBuf),
    Import,
    Paste,
    Close,
}

/// What the open dialog is for.
#[derive(Clone, Debug, PartialEq)]
pub enum DialogPurpose {
    Open,
    Import,
    SaveAs { then: Option<Pending> },
    Export { force: bool },
    ExportComparison(std::sync::Arc<crate::compare::Comparison>),
}

/// The modal on screen, if any.
#[derive(Clone, Debug)]
pub enum Modal {
    Unsaved(Pending),
    ConfirmDelete(SectionId),
    Rename(SectionId, String),
    ExportOptions,
    ExportBlocked(Vec<Finding>),
    Message {
        title: String,
        body: String,
    },
    /// Text pasted for import, being edited.
    Paste(String),
    /// The import report.
    ImportReport(String),
    /// Heading/paragraph boundary being adjusted: the section and the heading length chosen.
    Boundary(SectionId, usize),
    /// Checker settings being edited.
    Settings(Box<crate::model::CheckSettings>),
    Recover(Box<recovery::Recovery>),
    /// The app's own path entry, when the native file dialog cannot open.
    PathEntry(Box<PathEntry>),
    /// A version being named.
    SaveVersion {
        name: String,
        note: String,
    },
    /// The list of versions, with the two sides chosen for a comparison.
    Versions {
        old: versions::Side,
        new: versions::Side,
    },
    RenameVersion {
        index: usize,
        name: String,
        note: String,
    },
    /// A version's text, read-only.
    ViewVersion(usize),
    Compare(Box<versions::CompareView>),
    /// The command palette: the query typed and the highlighted row.
    Palette {
        query: String,
        selected: usize,
    },
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

/// The path entry that stands in for a file dialog.
#[derive(Clone, Debug)]
pub struct PathEntry {
    pub purpose: DialogPurpose,
    pub kind: DialogKind,
    /// Why the native dialog did not open.
    pub why: String,
    /// The path being typed.
    pub text: String,
    /// What is wrong with the path typed, shown under it.
    pub problem: Option<String>,
    /// The user was told the file exists and may now overwrite it.
    pub overwrite: bool,
}

/// Find / replace bar state.
#[derive(Clone, Debug, Default)]
struct FindBar {
    open: bool,
    replace: bool,
    query: String,
    replacement: String,
    /// The match on show: its text and character range. Enter and the buttons step from it;
    /// closing the bar puts the caret on it.
    current: Option<(TextRef, std::ops::Range<usize>)>,
    focus_query: bool,
}

/// A pending caret placement, applied when the target text box is drawn.
#[derive(Clone, Debug, PartialEq)]
struct FocusRequest {
    target: TextRef,
    chars: std::ops::Range<usize>,
    /// Further frames to retry if the focus is refused.
    tries: u8,
}

impl FocusRequest {
    fn new(target: TextRef, chars: std::ops::Range<usize>) -> Self {
        FocusRequest {
            target,
            chars,
            tries: 3,
        }
    }
}

/// The application state.
pub struct JianggaoApp {
    doc: Document,
    path: Option<PathBuf>,
    selected: Option<SectionId>,
    queue: Vec<Cmd>,
    modal: Option<Modal>,
    dialogs: Box<dyn FileDialogs>,
    dialog: Option<(DialogPurpose, DialogKind, Receiver<DialogAnswer>)>,
    data_dir: Option<PathBuf>,
    recent: Vec<PathBuf>,
    export_options: export::Options,
    export_format: export::Format,
    docx_layout: crate::docx::Layout,
    /// The size a reading copy was last set in, kept while the official layout is chosen.
    reading_size: crate::docx::ReadingSize,
    find: FindBar,
    derived: Derived,
    focus_request: Option<FocusRequest>,
    scroll_to: Option<TextRef>,
    /// Values typed into the checker panel's fill boxes, per finding key.
    fill_values: HashMap<(TextRef, usize), String>,
    /// Whether the side panels are shown (视图, Alt+1 / Alt+2, the menu bar's buttons).
    pub(crate) show_tree: bool,
    pub(crate) show_checker: bool,
    /// The editor's width in the last frame (the narrow-window layout is tested on it).
    editor_width: f32,
    /// The finding whose whole text the checker panel shows at its foot (the one pointed at).
    finding_detail: Option<usize>,
    /// The last command run from the table (menu, shortcut or palette).
    last_command: Option<UiCommand>,
    /// What the window title calls a document without a file: 示例讲稿, an imported file's
    /// name, 未命名.
    untitled: String,
    /// The 填入 box to focus next: the blank after the one just filled.
    fill_focus: Option<(TextRef, usize)>,
    /// The text box focused last frame, to seal typing bursts when focus moves.
    focused: Option<TextRef>,
    last_change: f64,
    seen_revision: u64,
    autosaved_revision: Option<u64>,
    allow_close: bool,
    window_title: String,
    /// Measured heights of editor rows, for drawing only what is visible.
    row_heights: HashMap<crate::derived::RowKey, f32>,
    status: String,
    startup_logged: bool,
    text_change: Option<TextChange>,
    /// The user's additions to the common-errors list (`common-errors.txt` in the data folder).
    extra_errors: Vec<(String, String)>,
    /// This window's recovery file for the current document, claimed at the first autosave.
    slot: Option<recovery::Slot>,
    /// Recovery files left by crashed windows, offered one after the other at start.
    offered: Vec<(recovery::Slot, recovery::Recovery)>,
}

impl JianggaoApp {
    /// Creates the app: installs the font, opens the file or the sample, offers recovery.
    pub fn new(ctx: &egui::Context, options: Options) -> Self {
        fonts::install(ctx);
        let data_dir = options.data_dir;
        let extra_errors = data_dir
            .as_deref()
            .and_then(|d| std::fs::read_to_string(d.join("common-errors.txt")).ok())
            .map(|t| checker::rules::parse_error_list(&t))
            .unwrap_or_default();
        let recent = data_dir
            .as_deref()
            .map(recovery::recent)
            .unwrap_or_default();
        let mut modal = None;
        let mut imported_report = None;
        let mut untitled = "未命名".to_owned();
        let (speech, path) = match options.file {
            // A text file or Word document is imported: a new, unsaved draft.
            Some(path) if crate::import::is_importable_path(&path) => {
                match crate::import::import_file(&path) {
                    Ok(imported) => {
                        imported_report = Some(imported.report.to_string());
                        untitled = imported_name(&path);
                        (imported.speech, None)
                    }
                    Err(e) => {
                        modal = Some(Modal::Message {
                            title: "无法导入".into(),
                            body: e.to_string(),
                        });
                        (Speech::new(), None)
                    }
                }
            }
            Some(path) => match draft::load(&path) {
                Ok(s) => (s, Some(path)),
                Err(e) => {
                    modal = Some(Modal::Message {
                        title: "无法打开草稿".into(),
                        body: format!("{e}"),
                    });
                    (Speech::new(), None)
                }
            },
            None => {
                untitled = "示例讲稿".to_owned();
                (sample_speech(), None)
            }
        };
        if let Some(report) = imported_report {
            modal = Some(Modal::ImportReport(report));
        }
        let offered = data_dir
            .as_deref()
            .map(recovery::orphans)
            .unwrap_or_default();
        if let Some((_, r)) = offered.first() {
            modal = Some(Modal::Recover(Box::new(r.clone())));
        }
        let selected = speech.sections.first().map(|s| s.id);
        let mut doc = Document::new(speech);
        if modal
            .as_ref()
            .is_some_and(|m| matches!(m, Modal::ImportReport(_)))
        {
            doc.mark_unsaved();
        }
        let seen_revision = doc.revision();
        JianggaoApp {
            doc,
            path,
            selected,
            queue: Vec::new(),
            modal,
            dialogs: options.dialogs,
            dialog: None,
            data_dir,
            recent,
            export_options: export::Options::default(),
            export_format: export::Format::default(),
            docx_layout: crate::docx::Layout::default(),
            reading_size: crate::docx::ReadingSize::default(),
            find: FindBar::default(),
            derived: Derived::default(),
            focus_request: None,
            scroll_to: None,
            fill_values: HashMap::new(),
            fill_focus: None,
            untitled,
            show_tree: true,
            show_checker: true,
            editor_width: 0.0,
            last_command: None,
            finding_detail: None,
            focused: None,
            last_change: 0.0,
            seen_revision,
            autosaved_revision: Some(seen_revision),
            allow_close: false,
            window_title: String::new(),
            row_heights: HashMap::new(),
            status: String::new(),
            startup_logged: false,
            text_change: None,
            extra_errors,
            slot: None,
            offered,
        }
    }

    /// The document being edited.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The current speech.
    pub fn speech(&self) -> &Speech {
        self.doc.speech()
    }

    /// The file the document belongs to.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The section selected in the tree.
    pub fn selected(&self) -> Option<SectionId> {
        self.selected
    }

    /// The modal on screen.
    pub fn modal(&self) -> Option<&Modal> {
        self.modal.as_ref()
    }

    /// This window's recovery file, once an autosave has written it.
    pub fn recovery_file(&self) -> Option<&Path> {
        self.slot.as_ref().map(recovery::Slot::path)
    }

    /// The current findings.
    /// The finding whose whole text the checker panel shows at its foot.
    pub fn finding_detail(&self) -> Option<&Finding> {
        self.finding_detail
            .and_then(|k| self.derived.findings.get(k))
    }

    /// The last command run from the command table, by menu, shortcut or palette.
    pub fn last_command(&self) -> Option<UiCommand> {
        self.last_command
    }

    /// The editor's width in the last frame.
    pub fn editor_width(&self) -> f32 {
        self.editor_width
    }

    /// The find bar's match on show, if any.
    pub fn find_current(&self) -> Option<(TextRef, std::ops::Range<usize>)> {
        self.find.current.clone()
    }

    pub fn findings(&self) -> &[Finding] {
        &self.derived.findings
    }

    /// Compares the cached derived data (findings, stats, tree rows) with a fresh computation.
    /// For tests of the incremental updates made while typing.
    #[doc(hidden)]
    pub fn verify_derived(&self) -> Result<(), String> {
        self.derived
            .verify(self.doc.speech(), self.doc.revision(), &self.extra_errors)
    }

    /// The window title: file name and an unsaved marker.
    pub fn title(&self) -> String {
        let name = match &self.path {
            Some(p) => p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            None => self.untitled.clone(),
        };
        let mark = if self.doc.is_modified() { " ●" } else { "" };
        format!("{name}{mark} — 讲稿")
    }

    /// Queues a command, as a widget would.
    pub fn push(&mut self, cmd: Cmd) {
        self.queue.push(cmd);
    }

    /// The whole UI, without eframe's frame: used by the app and by the frame benchmark.
    pub fn ui_main(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.shortcuts(&ctx);
        self.poll_dialog();
        self.refresh_derived();
        self.handle_dropped_files(&ctx);
        self.handle_close_request(&ctx);

        egui::Panel::top("menu").show(ui, |ui| panels::menu_ui(self, ui));
        if self.find.open {
            egui::Panel::top("find").show(ui, |ui| panels::find_ui(self, ui));
        }
        egui::Panel::bottom("status").show(ui, |ui| panels::status_ui(self, ui));
        // Side panels take at most a fifth of a narrow window each, so the editor keeps 60 %;
        // their widths are bounded, so long rows never widen them by themselves.
        let width = ctx.content_rect().width();
        let side = if width < 1000.0 {
            width * 0.2
        } else {
            (width * 0.3).min(420.0)
        };
        if self.show_tree {
            egui::Panel::left("tree")
                .default_size(300.0_f32.min(side))
                .min_size(160.0_f32.min(side))
                .max_size(side)
                .resizable(true)
                .show(ui, |ui| tree::tree_ui(self, ui));
        }
        if self.show_checker {
            egui::Panel::right("checker")
                .default_size(320.0_f32.min(side))
                .min_size(180.0_f32.min(side))
                .max_size(side)
                .resizable(true)
                .show(ui, |ui| panels::findings_ui(self, ui));
        }
        let editor = egui::CentralPanel::default().show(ui, |ui| editor::editor_ui(self, ui));
        self.editor_width = editor.response.rect.width();
        modals::modal_ui(self, &ctx);

        self.run_commands(&ctx);
        self.after_frame(&ctx);
    }

    /// Consumes the command table's shortcuts before any widget sees them.
    fn shortcuts(&mut self, ctx: &egui::Context) {
        if self.modal.is_none() {
            commands::consume_shortcuts(self, ctx);
        }
    }

    fn poll_dialog(&mut self) {
        let Some((purpose, kind, rx)) = &self.dialog else {
            return;
        };
        let answer = match rx.try_recv() {
            Ok(a) => a,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                DialogAnswer::Unavailable("文件对话框意外关闭".into())
            }
        };
        let (purpose, kind) = (purpose.clone(), kind.clone());
        self.dialog = None;
        match answer {
            DialogAnswer::Picked(path) => self.dialog_chose(purpose, path),
            // Cancelled: nothing changes, the document stays as dirty as it was.
            DialogAnswer::Cancelled => {}
            DialogAnswer::Unavailable(why) => {
                let text = self.default_entry_path(&kind);
                self.modal = Some(Modal::PathEntry(Box::new(PathEntry {
                    purpose,
                    kind,
                    why,
                    text,
                    problem: None,
                    overwrite: false,
                })));
            }
        }
    }

    /// The folder a path entry starts in: the current draft's, else the working folder.
    fn current_folder(&self) -> PathBuf {
        self.path
            .as_deref()
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_owned)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default()
    }

    fn default_entry_path(&self, kind: &DialogKind) -> String {
        let mut path = self.current_folder();
        path.push(kind.suggested().unwrap_or(""));
        path.display().to_string()
    }

    /// Folders of recently used files, most recent first, for the path entry.
    fn recent_folders(&self) -> Vec<PathBuf> {
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

    /// Carries out what a dialog (or the path entry) chose.
    fn dialog_chose(&mut self, purpose: DialogPurpose, path: PathBuf) {
        match purpose {
            DialogPurpose::Open => self.open_path(&path),
            DialogPurpose::Import => match crate::import::import_file(&path) {
                Ok(imported) => self.show_imported(imported, imported_name(&path)),
                Err(e) => {
                    self.modal = Some(Modal::Message {
                        title: "无法导入".into(),
                        body: e.to_string(),
                    });
                }
            },
            DialogPurpose::SaveAs { then } => {
                let path = with_extension(path, "ron");
                if self.save_to(path) {
                    self.continue_pending(then);
                }
            }
            DialogPurpose::ExportComparison(comparison) => {
                let path = with_extension(path, "txt");
                self.export_comparison_to(&path, &comparison);
            }
            DialogPurpose::Export { force } => {
                let path = with_extension(path, self.export_format.extension());
                self.export_to(&path, force);
            }
        }
    }

    fn refresh_derived(&mut self) {
        if self.derived.revision == Some(self.doc.revision()) {
            return;
        }
        if let Some(change) = self.text_change.take()
            && change.revision == self.doc.revision()
            && self
                .derived
                .patch(self.doc.speech(), change, &self.extra_errors)
        {
            return;
        }
        self.derived = Derived::compute(self.doc.speech(), self.doc.revision(), &self.extra_errors);
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.queue.push(Cmd::OpenPath(path));
        }
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) {
            return;
        }
        if self.allow_close || !self.doc.is_modified() {
            self.clear_recovery();
            return;
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        self.modal = Some(Modal::Unsaved(Pending::Close));
    }

    /// Runs the queued commands.
    fn run_commands(&mut self, ctx: &egui::Context) {
        let queue = std::mem::take(&mut self.queue);
        if !queue.is_empty() {
            // Commands run after the widgets: draw their result.
            ctx.request_repaint();
        }
        for cmd in queue {
            self.run(ctx, cmd);
        }
        // A dialog that answers at once (a substituted one) is handled in the same frame.
        self.poll_dialog();
    }

    fn run(&mut self, ctx: &egui::Context, cmd: Cmd) {
        match cmd {
            Cmd::New => self.guard_unsaved(Pending::New),
            Cmd::Open => self.guard_unsaved(Pending::Open),
            Cmd::OpenPath(p) => self.guard_unsaved(Pending::OpenPath(p)),
            Cmd::Import => self.guard_unsaved(Pending::Import),
            Cmd::PasteNew => self.guard_unsaved(Pending::Paste),
            Cmd::Palette => {
                self.modal = Some(Modal::Palette {
                    query: String::new(),
                    selected: 0,
                });
            }
            Cmd::ToggleTree => self.show_tree = !self.show_tree,
            Cmd::ToggleChecker => self.show_checker = !self.show_checker,
            Cmd::SaveVersion => {
                self.modal = Some(Modal::SaveVersion {
                    name: crate::edit::next_version_name(self.speech()),
                    note: String::new(),
                });
            }
            Cmd::Versions => {
                let n = self.speech().versions.len();
                self.modal = Some(Modal::Versions {
                    old: n.checked_sub(1),
                    new: None,
                });
            }
            Cmd::CheckSettings => {
                self.modal = Some(Modal::Settings(Box::new(self.speech().settings.clone())));
            }
            Cmd::AdjustBoundary(id) => {
                if let Some(s) = self.speech().section(id) {
                    self.modal = Some(Modal::Boundary(id, s.heading.chars().count()));
                }
            }
            Cmd::Save => {
                self.save(None);
            }
            Cmd::SaveAs => self.ask_save_as(None),
            Cmd::Export => self.modal = Some(Modal::ExportOptions),
            Cmd::Undo => {
                if self.doc.undo() {
                    self.fix_selection();
                }
            }
            Cmd::Redo => {
                if self.doc.redo() {
                    self.fix_selection();
                }
            }
            Cmd::Select(id) => {
                self.selected = Some(id);
                self.scroll_to = Some(TextRef::Heading(id));
            }
            Cmd::AddSibling => {
                let (parent, index) =
                    match self.selected.and_then(|s| self.speech().locate_section(s)) {
                        Some((parent, i)) => (parent, i + 1),
                        None => (None, self.speech().sections.len()),
                    };
                self.insert_section(parent, index);
            }
            Cmd::AddChild => {
                if let Some(id) = self.selected {
                    let len = self.speech().section(id).map_or(0, |s| s.children.len());
                    self.insert_section(Some(id), len);
                } else {
                    let len = self.speech().sections.len();
                    self.insert_section(None, len);
                }
            }
            Cmd::Rename(id) => {
                if let Some(s) = self.speech().section(id) {
                    self.modal = Some(Modal::Rename(id, s.heading.clone()));
                }
            }
            Cmd::AskDelete(id) => self.modal = Some(Modal::ConfirmDelete(id)),
            Cmd::MoveUp(id) => self.apply(Edit::MoveUp { id }),
            Cmd::MoveDown(id) => self.apply(Edit::MoveDown { id }),
            Cmd::Indent(id) => self.apply(Edit::Indent { id }),
            Cmd::Outdent(id) => self.apply(Edit::Outdent { id }),
            Cmd::Edit(edit) => self.apply(edit),
            Cmd::Lines { para, lines, caret } => {
                if let Ok(Effect::Paragraph(last)) =
                    self.doc.apply(Edit::ReplaceWithLines { para, lines })
                {
                    self.focus_request =
                        Some(FocusRequest::new(TextRef::Paragraph(last), caret..caret));
                }
            }
            Cmd::NewParagraph { container, index } => {
                let edit = Edit::InsertParagraph {
                    container,
                    index,
                    text: String::new(),
                };
                if let Ok(Effect::Paragraph(p)) = self.doc.apply(edit) {
                    self.focus_request = Some(FocusRequest::new(TextRef::Paragraph(p), 0..0));
                }
            }
            Cmd::GoTo { target, chars } => {
                if let Some(id) = self.section_of(target) {
                    self.selected = Some(id);
                }
                self.scroll_to = Some(target);
                self.focus_request = Some(FocusRequest::new(target, chars));
            }
            Cmd::Find => {
                self.find.open = true;
                self.find.focus_query = true;
            }
            Cmd::Replace => {
                self.find.open = true;
                self.find.replace = true;
                self.find.focus_query = true;
            }
            Cmd::ZoomIn => ctx.set_zoom_factor((ctx.zoom_factor() + 0.1).min(3.0)),
            Cmd::ZoomOut => ctx.set_zoom_factor((ctx.zoom_factor() - 0.1).max(0.5)),
            Cmd::SetDark(dark) => ctx.set_theme(if dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            }),
            Cmd::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    /// Applies an edit, reporting a refusal in the status bar (never a panic).
    fn apply(&mut self, edit: Edit) {
        // A single text edit on up-to-date derived data can be patched in (see
        // `Derived::patch`); the document says what changed.
        let current = self.derived.revision == Some(self.doc.revision());
        self.text_change = None;
        let result = self.doc.apply(edit);
        let is_text = match self.doc.last_change() {
            crate::history::Change::Text { target, before } if result.is_ok() => {
                if current {
                    self.text_change = Some(TextChange {
                        target: *target,
                        old_han: stats::han_count(before),
                        revision: self.doc.revision(),
                    });
                }
                true
            }
            _ => false,
        };
        match result {
            Ok(Effect::Section(id)) => {
                self.selected = Some(id);
                self.scroll_to = Some(TextRef::Heading(id));
            }
            Ok(Effect::Paragraph(_) | Effect::None) => {}
            Ok(Effect::Replaced(n)) => self.status = format!("已替换 {n} 处"),
            Err(e) => self.status = e.to_string(),
        }
        if !is_text {
            self.fix_selection();
        }
    }

    fn insert_section(&mut self, parent: Option<SectionId>, index: usize) {
        let edit = Edit::InsertSection {
            parent,
            index,
            heading: "新小节".into(),
        };
        match self.doc.apply(edit) {
            Ok(Effect::Section(id)) => {
                self.selected = Some(id);
                self.scroll_to = Some(TextRef::Heading(id));
                let len = "新小节".chars().count();
                self.focus_request = Some(FocusRequest::new(TextRef::Heading(id), 0..len));
            }
            Ok(_) => {}
            Err(e) => self.status = e.to_string(),
        }
    }

    /// Keeps the selection on an existing section after structure changes or undo.
    fn fix_selection(&mut self) {
        if let Some(id) = self.selected
            && self.speech().section(id).is_none()
        {
            self.selected = self.speech().sections.first().map(|s| s.id);
        }
    }

    fn section_of(&self, target: TextRef) -> Option<SectionId> {
        match target {
            TextRef::Heading(id) => Some(id),
            TextRef::Paragraph(p) => match self.speech().locate_paragraph(p)? {
                (Container::Section(id), _) => Some(id),
                _ => None,
            },
            TextRef::Field(_) => None,
        }
    }

    fn guard_unsaved(&mut self, then: Pending) {
        if self.doc.is_modified() {
            self.modal = Some(Modal::Unsaved(then));
        } else {
            self.continue_pending(Some(then));
        }
    }

    /// Carries out an action that waited for unsaved changes to be dealt with.
    fn continue_pending(&mut self, then: Option<Pending>) {
        match then {
            None => {}
            Some(Pending::New) => {
                self.replace_document(Speech::new(), None);
                self.status = "已新建".into();
            }
            Some(Pending::Open) => self.request_dialog(DialogKind::Open, DialogPurpose::Open),
            Some(Pending::OpenPath(p)) => self.open_path(&p),
            Some(Pending::Import) => {
                self.request_dialog(DialogKind::ImportText, DialogPurpose::Import);
            }
            Some(Pending::Paste) => self.modal = Some(Modal::Paste(String::new())),
            Some(Pending::Close) => {
                self.allow_close = true;
                self.clear_recovery();
                self.queue.push(Cmd::Quit);
            }
        }
    }

    fn request_dialog(&mut self, kind: DialogKind, purpose: DialogPurpose) {
        if self.dialog.is_some() {
            return; // One dialog at a time.
        }
        let rx = self.dialogs.request(kind.clone());
        self.dialog = Some((purpose, kind, rx));
    }

    /// Answers the unsaved-changes prompt for the action `then`.
    pub fn resolve_unsaved(&mut self, then: Pending, choice: UnsavedChoice) {
        self.modal = None;
        match choice {
            UnsavedChoice::Save => {
                self.save(Some(then));
            }
            // The document is not marked saved: if the action does not happen (its dialog is
            // cancelled, the file does not open), the edits stay unsaved and recoverable.
            UnsavedChoice::Discard => self.continue_pending(Some(then)),
            UnsavedChoice::Cancel => {}
        }
    }

    fn open_path(&mut self, path: &Path) {
        match draft::load(path) {
            Ok(speech) => {
                self.replace_document(speech, Some(path.to_owned()));
                self.remember_recent(path);
                self.status = format!("已打开 {}", path.display());
            }
            Err(e) => {
                self.modal = Some(Modal::Message {
                    title: "无法打开草稿".into(),
                    body: format!("{e}"),
                });
            }
        }
    }

    /// Imports a plain-text speech as a new, unsaved document and shows the report.
    fn import(&mut self, text: &str, encoding: Option<crate::textfile::Detected>) {
        if let Some(why) = crate::import::not_importable(text) {
            self.modal = Some(Modal::Message {
                title: "无法导入".into(),
                body: why,
            });
            return;
        }
        let imported = match encoding {
            Some(e) => crate::import::import_decoded(text, e),
            None => crate::import::import_text(text),
        };
        self.show_imported(imported, "粘贴的讲稿（导入）".to_owned());
    }

    /// Makes an imported speech the new, unsaved document (called `name` until it is saved)
    /// and shows the report.
    fn show_imported(&mut self, imported: crate::import::Imported, name: String) {
        self.replace_document(imported.speech, None);
        self.untitled = name;
        self.doc.mark_unsaved();
        self.status = "已导入，请核对并保存".into();
        self.modal = Some(Modal::ImportReport(imported.report.to_string()));
    }

    /// Replaces the document, as 新建 or 打开 do (no unsaved-changes check).
    pub fn replace_document(&mut self, speech: Speech, path: Option<PathBuf>) {
        self.selected = speech.sections.first().map(|s| s.id);
        self.doc = Document::new(speech);
        // Revisions count per document: the old derived data must not pass for the new one.
        self.derived = Derived::default();
        self.text_change = None;
        self.path = path;
        self.row_heights.clear();
        self.fill_values.clear();
        self.untitled = "未命名".to_owned();
        self.seen_revision = self.doc.revision();
        self.autosaved_revision = Some(self.seen_revision);
        self.clear_recovery();
    }

    /// Saves to the current path, or asks for one. Returns whether the document was saved.
    fn save(&mut self, then: Option<Pending>) -> bool {
        match self.path.clone() {
            Some(path) => {
                let ok = self.save_to(path);
                if ok {
                    self.continue_pending(then);
                }
                ok
            }
            None => {
                self.ask_save_as(then);
                false
            }
        }
    }

    fn ask_save_as(&mut self, then: Option<Pending>) {
        let suggested = self.path.as_ref().and_then(|p| p.file_name()).map_or_else(
            || format!("{}.ron", file_stem_for(&self.speech().title)),
            |n| n.to_string_lossy().into_owned(),
        );
        self.request_dialog(
            DialogKind::SaveDraft { suggested },
            DialogPurpose::SaveAs { then },
        );
    }

    fn save_to(&mut self, path: PathBuf) -> bool {
        let options = crate::files::WriteOptions {
            backup: true,
            fallback_dir: self.data_dir.as_ref().map(|d| d.join("backups")),
        };
        match draft::save_with(self.doc.speech(), &path, &options) {
            Ok(written) => {
                self.doc.mark_saved();
                self.doc.seal();
                self.remember_recent(&path);
                self.status = format!("已保存 {}", path.display());
                if let (true, Some(backup)) = (written.in_place, &written.backup) {
                    self.status.push_str(&format!(
                        "（文件夹不可写，已直接改写原文件；原版本备份在 {}）",
                        backup.display()
                    ));
                }
                self.path = Some(path);
                self.clear_recovery();
                self.autosaved_revision = Some(self.doc.revision());
                true
            }
            Err(e) => {
                self.modal = Some(Modal::Message {
                    title: "保存失败".into(),
                    body: format!("{e}"),
                });
                false
            }
        }
    }

    /// Starts the export after the options modal: the blank gate first, then the dialog.
    fn begin_export(&mut self) {
        let blanks: Vec<Finding> = checker::gating(&self.derived.findings).cloned().collect();
        if blanks.is_empty() {
            self.ask_export_path(false);
        } else {
            self.modal = Some(Modal::ExportBlocked(blanks));
        }
    }

    /// The name files made from this speech start with: the draft's, or one made from the
    /// title.
    fn file_stem(&self) -> String {
        self.path.as_ref().and_then(|p| p.file_stem()).map_or_else(
            || file_stem_for(&self.speech().title),
            |s| s.to_string_lossy().into_owned(),
        )
    }

    /// Writes a comparison: Word when the name ends in .docx, otherwise UTF-8 text.
    fn export_comparison_to(&mut self, path: &Path, comparison: &crate::compare::Comparison) {
        let docx = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
        let bytes = if docx {
            crate::docx::comparison_bytes(comparison)
        } else {
            Ok(comparison.to_text().into_bytes())
        };
        let result = bytes.map_err(|e| e.to_string()).and_then(|b| {
            let options = crate::files::WriteOptions {
                backup: false,
                fallback_dir: None,
            };
            crate::files::replace(path, &b, &options)
                .map(|_| ())
                .map_err(|e| e.to_string())
        });
        self.modal = Some(match result {
            Ok(()) => {
                self.status = format!("已导出修改对照 {}", path.display());
                Modal::Message {
                    title: "导出完成".into(),
                    body: format!("修改对照已写入：{}", path.display()),
                }
            }
            Err(e) => Modal::Message {
                title: "未能导出".into(),
                body: e,
            },
        });
    }

    fn ask_export_path(&mut self, force: bool) {
        let stem = self.file_stem();
        let suggested = format!("{stem}.{}", self.export_format.extension());
        let kind = match self.export_format {
            export::Format::Text => DialogKind::ExportText { suggested },
            export::Format::Docx => DialogKind::ExportDocx { suggested },
        };
        self.request_dialog(kind, DialogPurpose::Export { force });
    }

    fn export_to(&mut self, path: &Path, force: bool) {
        if self.export_format == export::Format::Docx {
            self.export_docx_to(path, force);
            return;
        }
        let options = export::Options {
            force,
            ..self.export_options
        };
        let result =
            export::export_to_file(self.doc.speech(), self.path.as_deref(), path, &options);
        let (title, body) = match result {
            Ok(r) => {
                let mut body = format!(
                    "文件：{}\n大小：{} 字节\n编码：{}，换行：{}",
                    path.display(),
                    r.bytes,
                    r.encoding.label(),
                    match options.line_ending {
                        export::LineEnding::Lf => "LF",
                        export::LineEnding::CrLf => "CRLF",
                    }
                );
                if r.blanks_left > 0 {
                    body.push_str(&format!(
                        "\n注意：仍有 {} 处待填项或方向控制字符",
                        r.blanks_left
                    ));
                }
                if !r.replaced.is_empty() {
                    body.push_str(&format!(
                        "\n注意：以下字符无法编码，已写为“?”：{}",
                        r.replaced.iter().collect::<String>()
                    ));
                }
                self.status = format!("已导出 {}", path.display());
                ("导出完成".to_owned(), body)
            }
            Err(e) => ("未能导出".to_owned(), e.to_string()),
        };
        self.modal = Some(Modal::Message { title, body });
    }

    fn export_docx_to(&mut self, path: &Path, force: bool) {
        let layout = self.docx_layout;
        let result = export::export_docx_to_file(
            self.doc.speech(),
            self.path.as_deref(),
            path,
            layout,
            force,
        );
        let (title, body) = match result {
            Ok(report) => {
                let mut body = format!(
                    "文件：{}\n大小：{} 字节\n格式：Word 文档，{}",
                    path.display(),
                    report.bytes,
                    layout.label()
                );
                if report.blanks_left > 0 {
                    body.push_str(&format!(
                        "\n注意：仍有 {} 处待填项或方向控制字符",
                        report.blanks_left
                    ));
                }
                if report.dropped > 0 {
                    body.push_str(&format!(
                        "\n注意：略去了 {} 个控制字符（Word 文档不能含有），请在讲稿中删除",
                        report.dropped
                    ));
                }
                self.status = format!("已导出 {}", path.display());
                ("导出完成".to_owned(), body)
            }
            Err(e) => ("未能导出".to_owned(), e.to_string()),
        };
        self.modal = Some(Modal::Message { title, body });
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
    pub fn resolve_recovery(&mut self, restore: bool) {
        self.modal = None;
        if self.offered.is_empty() {
            return;
        }
        let (slot, r) = self.offered.remove(0);
        if restore {
            self.replace_document(r.speech, r.original);
            // Restored text is not on disk yet: keep the unsaved marker, and keep its recovery
            // file (now this window's) until the user saves.
            self.slot = Some(slot);
            self.doc.mark_unsaved();
            self.autosave();
            self.status = "已恢复自动保存的内容，请保存".into();
            if !self.offered.is_empty() {
                self.status.push_str(&format!(
                    "；另有 {} 份，下次启动时再提供",
                    self.offered.len()
                ));
                // Unlocked: another window, or the next start, may offer them.
                self.offered.clear();
            }
        } else {
            slot.discard();
            if let Some((_, next)) = self.offered.first() {
                self.modal = Some(Modal::Recover(Box::new(next.clone())));
            }
        }
    }

    /// Bookkeeping after the frame's commands: title, typing bursts, autosave.
    fn after_frame(&mut self, ctx: &egui::Context) {
        let title = self.title();
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
        let now = ctx.input(|i| i.time);
        if self.doc.revision() != self.seen_revision {
            self.seen_revision = self.doc.revision();
            self.last_change = now;
        }
        let quiet = now - self.last_change;
        if quiet >= TYPING_PAUSE {
            self.doc.seal();
        }
        if self.autosaved_revision != Some(self.doc.revision()) {
            if !self.doc.is_modified() {
                self.clear_recovery();
                self.autosaved_revision = Some(self.doc.revision());
            } else if quiet >= AUTOSAVE_DELAY {
                self.autosave();
            } else {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                    AUTOSAVE_DELAY - quiet + 0.05,
                ));
            }
        }
        if self.dialog.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        if self.focus_request.is_some() || self.scroll_to.is_some() {
            // Applied when the target text box is drawn, which is next frame.
            ctx.request_repaint();
        }
    }

    /// Writes the recovery file now (normally called by the timer in `after_frame`).
    pub fn autosave(&mut self) {
        let Some(dir) = &self.data_dir else {
            return;
        };
        if self.slot.is_none() {
            match recovery::Slot::claim(dir, self.path.as_deref()) {
                Ok(slot) => self.slot = Some(slot),
                Err(e) => {
                    self.status = format!("自动保存失败：{e}");
                    // Not again at every frame: the next edit tries again.
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
        };
        match slot.save(&r) {
            Ok(()) => self.autosaved_revision = Some(self.doc.revision()),
            Err(e) => {
                self.status = format!("自动保存失败：{e}");
                self.autosaved_revision = Some(self.doc.revision());
            }
        }
    }
}

impl eframe::App for JianggaoApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_main(ui);
        if let Some(t0) = STARTED.get()
            && std::env::var_os("JIANGGAO_STARTUP_LOG").is_some()
            && !self.startup_logged
        {
            // Measured to the end of the first frame's UI pass, before it is painted.
            eprintln!("首帧：启动后 {} 毫秒", t0.elapsed().as_millis());
            self.startup_logged = true;
        }
    }
}

/// When the process started the window, for the start-up time log.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Computes everything derived from the speech from scratch.
/// Height of one line of widgets (a button or a one-line text box) at the current style.
fn row_height(ui: &egui::Ui) -> f32 {
    let text = ui.text_style_height(&egui::TextStyle::Button);
    (text + 2.0 * ui.spacing().button_padding.y).max(ui.spacing().interact_size.y)
}

/// Draws `add` in a block of exactly `height`, so virtualised lists can compute positions.
fn fixed_height(ui: &mut egui::Ui, height: f32, add: impl FnOnce(&mut egui::Ui)) {
    let width = ui.available_width();
    let top = ui.cursor().top();
    ui.allocate_ui_with_layout(
        egui::vec2(width, height),
        egui::Layout::top_down(egui::Align::Min),
        |ui| {
            ui.set_max_height(height);
            add(ui);
        },
    );
    let used = ui.cursor().top() - top - ui.spacing().item_spacing.y;
    if used < height {
        ui.add_space(height - used);
    }
}

/// The bundled sample speech.
/// The window title's name for a speech imported from `path`.
fn imported_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    format!("{name}（导入）")
}

pub fn sample_speech() -> Speech {
    // The sample is part of the build and covered by tests, so it always parses.
    draft::from_str(SAMPLE, Path::new("sample-speech.ron")).unwrap_or_default()
}

fn with_extension(path: PathBuf, ext: &str) -> PathBuf {
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

/// Runs the app in a native window.
pub fn run(file: Option<PathBuf>) -> eframe::Result {
    STARTED.get_or_init(std::time::Instant::now);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("讲稿")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "讲稿",
        options,
        Box::new(move |cc| {
            Ok(Box::new(JianggaoApp::new(
                &cc.egui_ctx,
                Options {
                    file,
                    data_dir: recovery::default_data_dir(),
                    dialogs: Box::new(NativeDialogs),
                },
            )))
        }),
    )
}
