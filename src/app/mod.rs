//! The desktop app: a thin egui shell over the core.
//!
//! This file is the shell's entry and layout. The parts of the window — `tree`, `editor`,
//! `panels` (menu, find bar, checker, status), `modals`, `versions`, `commands` (the command
//! table) — each keep their own state and see the rest only through a [`View`]: the session,
//! the derived data and a queue. They never change the speech or each other: they push
//! [`Cmd`]s, which `dispatch` runs once per frame, turning them into [`Edit`]s on the
//! document or into steps of the file [`Session`].

mod commands;
mod dialogs;
mod dispatch;
mod editor;
mod find;
pub mod fonts;
mod keyloop;
mod modal;
mod pageview;
mod panels;
mod rehearsal;
mod review;
mod theme;
mod tree;

mod view;

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;

pub use crate::session::{
    AUTOSAVE_DELAY, ChangedChoice, ConflictChoice, DialogKind, DialogPurpose, ExportSettings,
    Pending, SAMPLE, UnsavedChoice, sample_speech,
};
pub use commands::{Menu, UiCommand};
pub use dialogs::{DialogAnswer, FileDialogs, NativeDialogs, ScriptedDialogs};
pub use editor::editor_id;
pub use view::View;

use crate::check::{self, Finding};
use crate::derived::Derived;
use crate::doc::edit::Edit;
use crate::doc::history::Document;
use crate::doc::model::{SectionId, Speech, TextRef};
use crate::session::Session;
use crate::store::recovery;

/// How the app starts.
pub struct Options {
    /// A draft to open; `None` opens the sample speech.
    pub file: Option<PathBuf>,
    /// Where recovery and recent files live; `None` disables both.
    pub data_dir: Option<PathBuf>,
    pub dialogs: Box<dyn FileDialogs>,
}

/// Something to do, pushed by a part of the window and run by `dispatch` once per frame.
/// What a user asks for by name (menu, shortcut, palette, or a button that does the same) is a
/// [`UiCommand`] of the table, run as `Cmd::Run`; the other commands carry data, grouped by
/// what they touch: the file session, the document, the window.
#[derive(Clone, Debug, PartialEq)]
pub enum Cmd {
    /// A command of the table, run as the user asked for it (recorded as the last command).
    Run(UiCommand),

    // The file session: the data and answers its steps wait for.
    OpenPath(PathBuf),
    /// Import pasted text as a new document.
    ImportText(String),
    /// Export with these settings: the blank gate, then the path.
    BeginExport(Box<ExportSettings>),
    /// 仍然导出: past the blank gate.
    ExportAnyway,
    /// Ask where to write a comparison.
    ExportComparison(std::sync::Arc<crate::compare::Comparison>),
    /// The answer to the unsaved-changes prompt.
    ResolveUnsaved(Pending, UnsavedChoice),
    /// The answer to the recovery prompt: restore or discard.
    ResolveRecovery(bool),
    /// A path chosen in the app's own path entry.
    Chose(DialogPurpose, PathBuf),
    /// The user confirmed replacing someone's file at the path.
    Overwrite(DialogPurpose, PathBuf),
    /// The answer to a save that found the draft changed on disk.
    ResolveConflict(PathBuf, Option<Pending>, ConflictChoice),
    /// The answer to the notice that the open draft changed on disk.
    ResolveChanged(ChangedChoice),
    /// 新建 (blank or from a template), once unsaved changes are dealt with.
    RequestNew(Pending),
    /// Save a speech as one of the user's templates, under this name.
    SaveTemplate(Box<crate::doc::model::Speech>, String),
    /// Take one of the user's templates (its file and name) out of the gallery.
    RemoveTemplate(PathBuf, String),
    /// 加入词典: the proofreader takes this word as written, in every speech.
    AcceptWord(String),
    /// 校对词典 → 保存: both lists as edited (checked already).
    SaveDictionary {
        words: String,
        errors: String,
    },

    /// 共享 → 连接: connect to the hub and open the shared speech.
    Connect(Box<crate::session::coedit::Address>),
    /// 断开共享.
    Disconnect,
    /// 回收站 → 恢复: a section a writer deleted from the shared speech, back.
    Restore(loro::TreeID),

    // The document.
    /// Any edit on the document.
    Edit(Edit),
    /// An edit typed in the manuscript, and where the caret goes after it.
    EditAt(Edit, crate::doc::model::TextPos),
    /// End the current undo step: the next edit is a step of its own.
    Seal,

    // The window: what is selected and shown, and dialogs about one section.
    /// Select a section in the tree and scroll the editor to its heading.
    Select(SectionId),
    /// Select the section of a text and scroll the editor to it, leaving the focus where it is.
    Reveal(TextRef),
    /// The caret went into a text: its section becomes the selected one (no scrolling).
    Entered(TextRef),
    /// Put the caret on a character range of a text (from a finding or a search hit).
    GoTo {
        target: TextRef,
        chars: std::ops::Range<usize>,
    },
    /// A line for the status bar.
    Status(String),
    /// Ask for a section's new heading.
    Rename(SectionId),
    /// Ask before deleting a section.
    AskDelete(SectionId),
    /// Adjust where a heading ends and its first paragraph begins.
    AdjustBoundary(SectionId),
}

/// The modal on screen, if any.
#[derive(Clone, Debug)]
pub enum Modal {
    Unsaved(Pending),
    ConfirmDelete(SectionId),
    Rename(SectionId, String),
    /// The export settings being chosen.
    ExportOptions(Box<ExportSettings>),
    ExportBlocked(Vec<Finding>),
    /// Ask before replacing a file that is not one of the app's exports.
    ConfirmOverwrite(DialogPurpose, PathBuf),
    Message {
        title: String,
        body: String,
    },
    /// Text pasted for import, being edited.
    Paste(String),
    /// The import report.
    /// The import's report, and the guesses to go to and fix.
    ImportReport(String, Vec<crate::import::ReviewSpot>),
    /// Heading/paragraph boundary being adjusted: the section and the heading length chosen.
    Boundary(SectionId, usize),
    /// Checker settings being edited.
    Settings(Box<crate::doc::model::CheckSettings>),
    /// 校对词典: the user's word list and common errors being edited.
    Dictionary(Box<modal::dictionary::Dictionary>),
    Recover(Box<recovery::Recovery>),
    /// A save would write over a version someone saved since: 比较 / 另存为 / 覆盖 / 取消.
    SaveConflict {
        path: PathBuf,
        then: Option<Pending>,
    },
    /// The open draft changed on disk: 保留当前文本 / 重新载入 / 比较.
    ChangedOnDisk(PathBuf),
    /// The app's own path entry, when the native file dialog cannot open.
    PathEntry(Box<PathEntry>),
    /// A version being named.
    SaveVersion {
        name: String,
        note: String,
    },
    /// The list of versions, with the two sides chosen for a comparison.
    Versions {
        old: modal::versions::Side,
        new: modal::versions::Side,
    },
    RenameVersion {
        index: usize,
        name: String,
        note: String,
    },
    /// A version's text, read-only.
    ViewVersion(usize),
    Compare(Box<modal::versions::CompareView>),
    /// 帮助 → 关于讲稿: version, licences, the data folder.
    About,
    /// 从模板新建: the gallery.
    Gallery(Box<modal::templates::Gallery>),
    /// 把讲稿变成模板: what would be replaced, and the name.
    MakeTemplate(Box<modal::templates::Maker>),
    /// 共享…: where to connect, or the shared speech's state.
    Share(Box<modal::share::ShareForm>),
    /// The command palette: the query typed and the highlighted row.
    Palette {
        query: String,
        selected: usize,
    },
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
    /// The folder last listed under the path and what it holds: read again only when the
    /// typed folder changes, not at every frame (shared: the modal is copied every frame).
    pub listing: Option<(PathBuf, Listing)>,
}

/// A folder's entries for the path entry: (name, is a folder).
pub type Listing = std::sync::Arc<Vec<(String, bool)>>;

/// The parts' view of the app: its fields borrowed apart, so a part's own state can be
/// borrowed mutably beside it.
macro_rules! view {
    ($app:ident) => {
        View::new(
            &$app.session,
            &$app.derived,
            $app.selected,
            (
                $app.show_tree,
                $app.show_checker,
                $app.show_review,
                $app.page_view.is_some(),
            ),
            (
                &$app.status,
                $app.selected_han,
                $app.page_count.as_ref().map(|c| c.pages),
            ),
            &mut $app.queue,
        )
    };
}

/// Where the system's opener says whether it found a program for a file.
type OpenerAnswer = std::sync::mpsc::Receiver<Result<(), String>>;

/// The status bar's page count: laid out again after a pause in typing, not at every key (a
/// 100 000-字 speech takes a few milliseconds).
struct PageCount {
    pages: usize,
    /// The speech it was counted on: generation and revision.
    of: (u64, u64),
    /// The speech's state when a change was first seen, and when.
    seen: (u64, u64),
    seen_at: f64,
}

/// How long typing must pause before the pages are counted again, in seconds: the autosave's
/// pause, so that both run in the one frame that pause wakes (a frame of its own after every
/// burst of keys would cost a frame a key on a machine that renders in software).
const PAGE_COUNT_PAUSE: f64 = crate::session::AUTOSAVE_DELAY;

/// The application state. Each part of the window owns its state; the shell owns the rest.
pub struct JianggaoApp {
    session: Session,
    derived: Derived,
    selected: Option<SectionId>,
    queue: Vec<Cmd>,
    modal: Option<Modal>,
    /// 共享 → 连接, while the server answers.
    connecting: Option<crate::session::coedit::Connecting>,
    /// 念稿排练, while it is on.
    rehearsal: Option<rehearsal::RehearsalView>,
    /// 页面视图, while it stands in the manuscript's place.
    page_view: Option<pageview::PageView>,
    /// A file handed to the system's opener (打印…): its path, the opener's answer, and when.
    opening: Option<(PathBuf, OpenerAnswer, f64)>,
    /// The input time of the frame being run.
    last_time: f64,
    dialogs: Box<dyn FileDialogs>,
    dialog: Option<(DialogPurpose, DialogKind, Receiver<DialogAnswer>)>,
    find: find::FindBar,
    checker: panels::CheckerState,
    editor: editor::EditorState,
    /// Whether the side panels are shown (视图, Alt+1 / Alt+2, the menu bar's buttons).
    show_tree: bool,
    show_checker: bool,
    /// Whether the review panel is shown while a returned file is reviewed (on when one is
    /// loaded).
    show_review: bool,
    /// The review's panel took the checker's place: it comes back when the review ends.
    review_hid_checker: bool,
    /// The editor's width in the last frame (the narrow-window layout is tested on it).
    editor_width: f32,
    /// The last command run from the table (menu, shortcut or palette).
    last_command: Option<UiCommand>,
    /// The session's document generation the parts' state belongs to.
    generation: u64,
    window_title: String,
    status: String,
    startup_logged: bool,
    /// The user's own checker lists (common errors, accepted words) from the data folder.
    user_lists: check::UserLists,
    /// Watches the open draft on disk (the native window only; tests send focus events).
    watch: Option<crate::store::watch::Watcher>,
    /// The window came to the foreground or the draft's time changed: look whether someone
    /// saved it, once no dialog is open.
    disk_check_due: bool,
    /// The text the caret was in last frame (the 提纲 follows it into other sections).
    caret_text: Option<TextRef>,
    /// The status line as last seen, and the document's revision then.
    status_seen: (String, u64),
    /// The 字数 of the editor's selection, for the status bar.
    selected_han: Option<usize>,
    /// The speech's pages in the official layout, for the status bar.
    page_count: Option<PageCount>,
    /// The side panels' widths drawn last frame (`None`: hidden).
    panel_widths: (Option<f32>, Option<f32>),
    /// A changed window layout and when it was first seen: kept once it has settled.
    layout_pending: Option<(crate::session::WindowLayout, f64)>,
    /// The widths the user gave the side panels, and whether one was dragged since the layout
    /// was last kept.
    panel_want: (f32, f32),
    panels_dragged: bool,
    /// The window was checked against the screen's size.
    fitted_to_screen: bool,
    /// Whether keys now go to the manuscript, for the window's event loop ([`keyloop`]).
    typing: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

impl JianggaoApp {
    /// Creates the app: installs the font, opens the file or the sample, offers recovery.
    pub fn new(ctx: &egui::Context, options: Options) -> Self {
        fonts::install(ctx);
        // No blinking caret in any text box: a blink is a repaint twice a second, which on a
        // machine that renders in software is the whole of the idle cost.
        ctx.all_styles_mut(|s| s.visuals.text_cursor.blink = false);
        // In the light theme an unticked radio button or check box was a near-white circle on
        // a near-white panel: the choices of the export dialog could not be told apart.
        ctx.style_mut_of(egui::Theme::Light, |s| {
            s.visuals.widgets.inactive.bg_fill = egui::Color32::from_gray(200);
        });
        // The system's theme where it says one; else light, as office software is.
        ctx.options_mut(|o| o.fallback_theme = egui::Theme::Light);
        let mut user_lists: check::UserLists = options
            .data_dir
            .as_deref()
            .map(crate::store::user_lists::load)
            .unwrap_or_default();
        // The proofreader's tables take about 0.1 s to build: on a thread of their own, so the
        // first frame does not wait; the typos appear when they are ready.
        user_lists.words_when_ready = true;
        if !check::proof::ready() {
            let ctx = ctx.clone();
            std::thread::spawn(move || {
                check::proof::warm_up();
                ctx.request_repaint();
            });
        }
        let (session, step) = Session::start(options.file, options.data_dir);
        // The theme and text size chosen last time.
        let (theme, zoom) = session.view_preferences();
        if let Some(theme) = theme {
            set_theme(ctx, theme);
        }
        if let Some(zoom) = zoom.filter(|z| (0.5..=3.0).contains(z)) {
            ctx.set_zoom_factor(zoom);
        }
        let layout = session.window_layout();
        let mut app = JianggaoApp {
            selected: session.speech().sections.first().map(|s| s.id),
            generation: session.generation(),
            session,
            derived: Derived::default(),
            queue: Vec::new(),
            modal: None,
            connecting: None,
            rehearsal: None,
            page_view: None,
            opening: None,
            last_time: 0.0,
            dialogs: options.dialogs,
            dialog: None,
            find: find::FindBar::default(),
            checker: panels::CheckerState::default(),
            editor: editor::EditorState::default(),
            show_tree: !layout.hide_tree,
            show_checker: !layout.hide_checker,
            show_review: true,
            review_hid_checker: false,
            editor_width: 0.0,
            last_command: None,
            window_title: String::new(),
            status: String::new(),
            startup_logged: false,
            user_lists,
            watch: None,
            disk_check_due: false,
            caret_text: None,
            status_seen: (String::new(), 0),
            selected_han: None,
            page_count: None,
            panel_widths: (None, None),
            layout_pending: None,
            panel_want: (
                layout.tree_width.unwrap_or(300.0),
                layout.checker_width.unwrap_or(320.0),
            ),
            panels_dragged: false,
            fitted_to_screen: false,
            typing: None,
        };
        app.review_panel_for_document();
        app.follow(step);
        app
    }

    /// The document being edited.
    /// The file session (and the shared speech, when sharing).
    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn document(&self) -> &Document {
        self.session.doc()
    }

    /// The current speech.
    pub fn speech(&self) -> &Speech {
        self.session.speech()
    }

    /// The file the document belongs to.
    pub fn path(&self) -> Option<&Path> {
        self.session.path()
    }

    /// The section selected in the tree.
    pub fn selected(&self) -> Option<SectionId> {
        self.selected
    }

    /// 念稿排练, while it is on.
    pub fn rehearsal(&self) -> Option<&crate::doc::rehearsal::Rehearsal> {
        self.rehearsal.as_ref().map(|v| &v.r)
    }

    /// The modal on screen.
    pub fn modal(&self) -> Option<&Modal> {
        self.modal.as_ref()
    }

    /// Counts the pages for the status bar: at once for a new document, otherwise once typing
    /// has paused.
    fn count_pages(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        let state = (self.session.generation(), self.session.doc().revision());
        let due = match &mut self.page_count {
            Some(c) if c.of == state => false,
            Some(c) => {
                if c.seen != state {
                    c.seen = state;
                    c.seen_at = now;
                }
                let waited = now - c.seen_at;
                if waited < PAGE_COUNT_PAUSE {
                    // When the autosave wakes too (see `Session::tick`).
                    ctx.request_repaint_after(std::time::Duration::from_secs_f64(
                        PAGE_COUNT_PAUSE - waited + 0.05,
                    ));
                }
                c.of.0 != state.0 || waited >= PAGE_COUNT_PAUSE
            }
            None => true,
        };
        if due {
            let pages = crate::export::pages::paginate(
                self.session.speech(),
                crate::export::docx::Layout::Official,
            )
            .pages
            .len();
            self.page_count = Some(PageCount {
                pages,
                of: state,
                seen: state,
                seen_at: now,
            });
        }
    }

    /// The status bar's page count (official layout), as last counted.
    pub fn page_count(&self) -> Option<usize> {
        self.page_count.as_ref().map(|c| c.pages)
    }

    /// Whether the page view stands in the manuscript's place.
    pub fn page_view_shown(&self) -> bool {
        self.page_view.is_some()
    }

    /// The status line.
    pub fn status(&self) -> &str {
        &self.status
    }

    /// This window's recovery file, once an autosave has written it.
    pub fn recovery_file(&self) -> Option<&Path> {
        self.session.recovery_file()
    }

    /// The finding whose whole text the checker panel shows at its foot.
    pub fn finding_detail(&self) -> Option<&Finding> {
        self.checker
            .detail()
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

    /// Takes the typing meant for the manuscript out of the input before egui's pass
    /// ([`editor::take_typing`]); the window calls it before every frame.
    pub fn take_typing(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        let free = self.free();
        editor::take_typing(&mut self.editor, ctx, raw_input, free);
    }

    /// No dialog is open over the page and the manuscript is shown (not the page view). (A
    /// menu or a tooltip takes no typing: the manuscript reads its keys with one open, as it
    /// always did.)
    fn free(&self) -> bool {
        self.modal.is_none() && self.rehearsal.is_none() && self.page_view.is_none()
    }

    /// Tells the window's event loop, after each frame, whether keys go to the manuscript.
    fn publish_typing(&self, ctx: &egui::Context) {
        if let Some(flag) = &self.typing {
            let typing = self.free() && ctx.memory(|m| m.has_focus(editor::editor_id()));
            flag.store(typing, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// The side panels' widths drawn last frame (`None`: hidden).
    pub fn panel_widths(&self) -> (Option<f32>, Option<f32>) {
        self.panel_widths
    }

    /// Keeps the window's layout once it has settled: not in the middle of a drag, and the same
    /// for half a second (a window being resized changes at every frame).
    fn keep_layout(&mut self, ctx: &egui::Context) {
        let kept = self.session.window_layout();
        let (inner, maximized, now, dragging) = ctx.input(|i| {
            let v = i.viewport();
            (
                v.inner_rect,
                v.maximized.unwrap_or(false),
                i.time,
                i.pointer.any_down(),
            )
        });
        let zoom = ctx.zoom_factor();
        // A size kept from a larger screen (a laptop taken off its monitor) is fitted to this
        // one, once, at the start.
        if !self.fitted_to_screen {
            let monitor = ctx.input(|i| i.viewport().monitor_size);
            if let (Some(m), Some(r)) = (monitor, inner) {
                self.fitted_to_screen = true;
                if !maximized && (r.width() > m.x || r.height() > m.y) {
                    let fit = egui::vec2(r.width().min(m.x), r.height().min(m.y));
                    ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(fit));
                }
            }
        }
        let mut layout = crate::session::WindowLayout {
            // A maximised window keeps the size it had before, to go back to.
            size: match (maximized, inner) {
                (false, Some(r)) => Some([(r.width() * zoom).round(), (r.height() * zoom).round()]),
                _ => kept.size,
            },
            maximized,
            hide_tree: !self.show_tree,
            // A checker the review's panel stands in for is the user's choice to show it.
            hide_checker: !(self.show_checker || self.review_hid_checker),
            ..kept
        };
        // Only widths the user dragged to are kept: not one a narrow window squeezed a panel
        // to.
        if self.panels_dragged {
            layout.tree_width = Some(self.panel_want.0);
            layout.checker_width = Some(self.panel_want.1);
        }
        if layout == kept || dragging {
            self.layout_pending = None;
            return;
        }
        match self.layout_pending {
            Some((l, since)) if l == layout => {
                if now - since >= 0.5 {
                    self.session.set_window_layout(layout);
                    self.layout_pending = None;
                    self.panels_dragged = false;
                } else {
                    ctx.request_repaint_after_secs((0.5 - (now - since)) as f32 + 0.05);
                }
            }
            _ => {
                self.layout_pending = Some((layout, now));
                ctx.request_repaint_after_secs(0.55);
            }
        }
    }

    /// The editor's selection: (anchor, caret); equal when nothing is selected.
    pub fn editor_selection(
        &self,
    ) -> Option<(crate::doc::model::TextPos, crate::doc::model::TextPos)> {
        self.editor.selection()
    }

    /// How many characters of body text a line of the editor held in the last frame.
    pub fn editor_column_chars(&self) -> f32 {
        self.editor.column_chars()
    }

    /// How far the editor's page was scrolled down in the last frame (points).
    pub fn editor_offset(&self) -> f32 {
        self.editor.offset()
    }

    /// Where the editor drew its caret in the last frame (screen coordinates).
    pub fn editor_caret_rect(&self) -> Option<egui::Rect> {
        self.editor.caret_rect()
    }

    /// The find bar's match on show, if any.
    pub fn find_current(&self) -> Option<(TextRef, std::ops::Range<usize>)> {
        self.find.current().cloned()
    }

    /// How the next export will be written (remembered across starts).
    pub fn session_export_settings(&self) -> ExportSettings {
        self.session.export.clone()
    }

    /// The current findings.
    pub fn findings(&self) -> &[Finding] {
        &self.derived.findings
    }

    /// The rows of the outline: numbered headings with their 字数 and findings.
    pub fn derived_tree(&self) -> &[crate::derived::TreeRow] {
        &self.derived.tree
    }

    /// Compares the cached derived data (findings, stats, tree rows) with a fresh computation.
    /// For tests of the incremental updates made while typing.
    #[doc(hidden)]
    pub fn verify_derived(&self) -> Result<(), String> {
        self.derived.verify(
            self.session.speech(),
            self.session.doc().revision(),
            &self.user_lists,
        )
    }

    /// The window title: file name and an unsaved marker.
    pub fn title(&self) -> String {
        self.session.title()
    }

    /// Queues a command, as a widget would.
    pub fn push(&mut self, cmd: Cmd) {
        self.queue.push(cmd);
    }

    /// Replaces the document as 新建 or 打开 would, without asking. For benchmarks.
    pub fn replace_document(&mut self, speech: Speech, path: Option<PathBuf>) {
        self.session.replace_document(speech, path);
        self.sync_generation();
    }

    /// Watches the open draft from a thread, waking the window when it changes on disk.
    pub fn watch_disk(&mut self, ctx: &egui::Context) {
        let ctx = ctx.clone();
        let watcher = crate::store::watch::Watcher::spawn(Box::new(move || ctx.request_repaint()));
        watcher.set_path(self.session.path());
        self.watch = Some(watcher);
    }

    /// Writes the recovery file now (normally done after a quiet moment).
    pub fn autosave(&mut self) {
        self.session.autosave();
    }

    /// The whole UI, without eframe's frame: used by the app and by the frame benchmark.
    pub fn ui_main(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.begin_frame(&ctx);
        if let Some(mut state) = self.rehearsal.take() {
            // 念稿 takes the whole window and its keys; the page comes back as it was.
            let open = rehearsal::rehearsal_ui(&mut state, &mut view!(self), ui);
            if open {
                self.rehearsal = Some(state);
            } else {
                self.status = "已退出念稿排练".into();
            }
            self.run_commands(&ctx);
            self.after_frame(&ctx);
            self.publish_typing(&ctx);
            return;
        }
        if self.modal.is_none() {
            // Before any widget: a focused text box would otherwise run its own Ctrl+Z.
            commands::consume_shortcuts(&mut view!(self), &ctx);
        }
        // Keys typed into the manuscript are applied before anything is drawn, so the frame
        // that reads a key shows its result: one frame a keystroke.
        let mut events = if self.page_view.is_some() {
            // The page view shows no caret: keys typed there must not edit unseen text, and a
            // copy or cut asked for from the menu is dropped, not kept for later.
            ctx.memory_mut(|m| m.surrender_focus(editor::editor_id()));
            drop(editor::take_events(&mut self.editor, &ctx));
            Vec::new()
        } else {
            editor::take_events(&mut self.editor, &ctx)
        };
        loop {
            self.run_queue(&ctx);
            if events.is_empty() {
                break;
            }
            events = editor::input(&mut self.editor, &self.find, &mut view!(self), &ctx, events);
        }

        self.count_pages(&ctx);
        let mut view = view!(self);
        egui::Panel::top("menu")
            .frame(bare(egui::Frame::side_top_panel(ui.style())))
            .show(ui, |ui| panels::menu_ui(&mut view, ui));
        if let Some(c) = self.session.coedit() {
            // Offline or read-only: said above the text, where the drafter looks.
            let notice = match c.link() {
                crate::session::coedit::Link::Offline(why) => {
                    Some(format!("离线：{why}。修改都已存在本机，连上后自动合并。"))
                }
                crate::session::coedit::Link::Online if !c.writable() => {
                    Some("只读：你只有阅读权限，不能修改这篇共享讲稿。".to_owned())
                }
                crate::session::coedit::Link::Online => None,
            };
            // What a merge left that an edit would have refused: said until it is put right.
            let issues: Vec<String> = c.merge_issues().iter().map(|i| i.to_string()).collect();
            let notice = match (notice, issues.is_empty()) {
                (n, true) => n,
                (None, false) => Some(issues.join("；")),
                (Some(n), false) => Some(format!("{n}　{}", issues.join("；"))),
            };
            if let Some(notice) = notice {
                egui::Panel::top("shared-notice")
                    .frame(
                        egui::Frame::side_top_panel(ui.style())
                            .fill(theme::WARNING.linear_multiply(0.18)),
                    )
                    .show(ui, |ui| {
                        ui.colored_label(ui.visuals().strong_text_color(), notice);
                    });
            }
        }
        if self.find.is_open() {
            egui::Panel::top("find")
                .frame(bare(egui::Frame::side_top_panel(ui.style())))
                .show(ui, |ui| find::find_ui(&mut self.find, &mut view, ui));
        }
        egui::Panel::bottom("status")
            .frame(bare(egui::Frame::side_top_panel(ui.style())))
            .show(ui, |ui| panels::status_ui(&view, ui));
        // The side panels share what the text column (640 px, about 30 字) leaves, at most a
        // fifth of a narrow window each (the editor keeps 60 %) and 420 px on a wide one; their
        // widths are bounded, so long rows never widen them by themselves.
        let width = ctx.content_rect().width();
        // (Not `clamp`: past 2100 px the fifth is more than 420 and clamp would panic.)
        let side = ((width - 640.0) / 2.0).max(width * 0.2).min(420.0);
        // Each panel has the width the user gave it (dragged to, now or at an earlier start);
        // a narrow window squeezes it, and it comes back when the window widens. While the
        // user drags, the panel follows the pointer.
        let dragging = ctx.input(|i| i.pointer.any_down());
        // A side panel at the width the user wants, at least `least`, within today's bounds;
        // its contents never shrink it.
        let sized = |panel: egui::Panel, want: f32, least: f32| {
            let floor = if dragging {
                least.min(side)
            } else {
                want.min(side).max(least.min(side))
            };
            panel
                .frame(bare(egui::Frame::side_top_panel(&ctx.global_style())))
                .default_size(want.min(side))
                .min_size(floor)
                .max_size(side)
                .resizable(true)
        };
        let before = self.panel_widths;
        self.panel_widths = (None, None);
        if self.show_tree {
            let shown = sized(egui::Panel::left("tree"), self.panel_want.0, 160.0).show(ui, |ui| {
                ui.set_min_width(ui.available_width());
                tree::tree_ui(&mut view, ui);
            });
            self.panel_widths.0 = Some(shown.response.rect.width());
        }
        if self.show_checker {
            let shown =
                sized(egui::Panel::right("checker"), self.panel_want.1, 180.0).show(ui, |ui| {
                    ui.set_min_width(ui.available_width());
                    panels::findings_ui(&mut self.checker, &mut view, ui);
                });
            self.panel_widths.1 = Some(shown.response.rect.width());
        }
        // A returned file under review: its panel beside the checker's, as wide as the checker.
        if self.show_review && !self.session.speech().review.is_empty() {
            sized(egui::Panel::right("review"), self.panel_want.1, 200.0).show(ui, |ui| {
                ui.set_min_width(ui.available_width());
                review::review_ui(&mut view, ui);
            });
        }
        if dragging {
            let a = follow(&mut self.panel_want.0, self.panel_widths.0, before.0);
            let b = follow(&mut self.panel_want.1, self.panel_widths.1, before.1);
            self.panels_dragged |= a | b;
        }
        let page_view = &mut self.page_view;
        let editor = egui::CentralPanel::default()
            .frame(bare(egui::Frame::central_panel(ui.style())))
            .show(ui, |ui| match page_view {
                Some(pages) => pageview::pages_ui(pages, &mut view, ui),
                None => editor::editor_ui(&mut self.editor, &self.find, &mut view, ui),
            });
        self.editor_width = editor.response.rect.width();
        let selected = self.editor.selected_han();
        if selected != self.selected_han {
            // The status bar was drawn before the editor: show the new count.
            self.selected_han = selected;
            ctx.request_repaint();
        }
        modal::modal_ui(&mut self.modal, &mut view, &ctx);

        self.follow_caret();
        self.run_commands(&ctx);
        self.after_frame(&ctx);
        self.publish_typing(&ctx);
    }
}

/// While a panel is dragged, the width it is drawn at becomes the width the user wants it at.
/// Returns whether it changed.
fn follow(want: &mut f32, now: Option<f32>, before: Option<f32>) -> bool {
    match now {
        Some(w) if now != before => {
            *want = w.round();
            true
        }
        _ => false,
    }
}

/// A panel's frame without its fill. The window is cleared to the panels' colour instead
/// ([`eframe::App::clear_color`]): on a machine that renders in software every filled pixel
/// runs egui's shader, and the panels' fills covered the whole window once more every frame.
pub(crate) fn bare(frame: egui::Frame) -> egui::Frame {
    frame.fill(egui::Color32::TRANSPARENT)
}

impl eframe::App for JianggaoApp {
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }

    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        self.take_typing(ctx, raw_input);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_main(ui);
        DREW.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t0) = STARTED.get()
            && std::env::var_os("JIANGGAO_STARTUP_LOG").is_some()
            && !self.startup_logged
        {
            // Measured to the end of the first frame's UI pass, before it is painted.
            eprintln!("首帧：启动后 {} 毫秒", t0.elapsed().as_millis());
            self.startup_logged = true;
        }
        if *FRAME_LOG.get_or_init(|| std::env::var_os("JIANGGAO_FRAME_LOG").is_some()) {
            // One line a frame, to count the frames an action costs.
            eprintln!("帧 {:.3}", ui.input(|i| i.time));
        }
    }
}

/// Whether the window drew a frame.
static DREW: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether each frame is logged (`JIANGGAO_FRAME_LOG`).
static FRAME_LOG: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// When the process started the window, for the start-up time log.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Shows the window in the theme the user chose.
fn set_theme(ctx: &egui::Context, theme: crate::session::Theme) {
    ctx.set_theme(match theme {
        crate::session::Theme::Light => egui::Theme::Light,
        crate::session::Theme::Dark => egui::Theme::Dark,
    });
}

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

/// Runs the app in a native window.
pub fn run(file: Option<PathBuf>) -> eframe::Result {
    STARTED.get_or_init(std::time::Instant::now);
    let data_dir = crate::store::data_dir::default();
    // The size the window had when it was last closed, if it is a sensible one.
    let kept = data_dir
        .as_deref()
        .map(|d| crate::session::Preferences::load(d).window)
        .unwrap_or_default();
    let size = kept
        .size
        .filter(|[w, h]| (800.0..=16384.0).contains(w) && (500.0..=16384.0).contains(h))
        .unwrap_or([1280.0, 800.0]);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("讲稿")
            .with_inner_size(size)
            .with_maximized(kept.maximized)
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true)
            // The name the desktop entry's StartupWMClass and the icon theme know it by.
            .with_app_id("jianggao")
            .with_icon(
                eframe::icon_data::from_png_bytes(include_bytes!(
                    "../../packaging/icons/128x128.png"
                ))
                .unwrap_or_default(),
            ),
        ..Default::default()
    };
    // eframe's event loop, run here so that key releases can be held back (see `keyloop`).
    let typing = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let shared = typing.clone();
    let event_loop =
        winit::event_loop::EventLoop::<eframe::UserEvent>::with_user_event().build()?;
    let app = eframe::create_native(
        "讲稿",
        options,
        Box::new(move |cc| {
            let mut app = JianggaoApp::new(
                &cc.egui_ctx,
                Options {
                    file,
                    data_dir: data_dir.clone(),
                    dialogs: Box::new(NativeDialogs),
                },
            );
            app.watch_disk(&cc.egui_ctx);
            app.typing = Some(shared);
            Ok(Box::new(app))
        }),
        &event_loop,
    );
    event_loop.run_app(&mut keyloop::KeyLoop::new(app, typing))?;
    // eframe logs why a window could not be opened and ends the loop; say it.
    if !DREW.load(std::sync::atomic::Ordering::Relaxed) {
        return Err(eframe::Error::AppCreation(
            "无法打开窗口：图形系统（OpenGL）不可用".into(),
        ));
    }
    Ok(())
}
