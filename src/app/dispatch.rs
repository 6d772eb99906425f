//! Where commands change things: each queued [`Cmd`] becomes an edit on the document, a step
//! of the file session, or a change of the shell's own state (selection, modal, panels). The
//! session's steps become modals and file dialogs here.

use std::path::PathBuf;

use super::{Cmd, DialogAnswer, DialogKind, DialogPurpose, JianggaoApp, Modal, PathEntry};
use crate::app::UiCommand;
use crate::derived::Derived;
use crate::doc::edit::{Edit, Effect};
use crate::doc::history::{Applied, Change};
use crate::doc::model::TextPos;
use crate::doc::model::{Container, SectionId, TextRef};
use crate::session::{Pending, Step};

/// The start of a status line that reports an action refused (shown as a warning).
pub(super) const REFUSED: &str = "⚠ ";

impl JianggaoApp {
    /// Brings the frame up to date before anything is drawn: dialog answers, derived data,
    /// dropped files, a close request.
    pub(super) fn begin_frame(&mut self, ctx: &egui::Context) {
        self.last_time = ctx.input(|i| i.time);
        self.poll_dialog();
        self.poll_opening();
        self.sync_generation();
        self.refresh_derived();
        self.poll_shared();
        self.poll_connecting();
        let dropped: Option<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .find(|p| !p.as_os_str().is_empty())
        });
        if let Some(path) = dropped {
            self.queue.push(Cmd::OpenPath(path));
        }
        let focused = ctx.input(|i| {
            i.raw
                .events
                .iter()
                .any(|e| matches!(e, egui::Event::WindowFocused(true)))
        });
        let touched = self.watch.as_ref().is_some_and(|w| w.take_changed());
        self.disk_check_due |= focused || touched;
        // Not over a dialog: the notice waits until the user is back at the text.
        if self.disk_check_due && self.modal.is_none() && self.dialog.is_none() {
            self.disk_check_due = false;
            let step = self.session.check_disk();
            self.follow(step);
        }
        if ctx.input(|i| i.viewport().close_requested()) {
            let step = self.session.close_requested();
            if matches!(step, Step::AskUnsaved(_)) {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            }
            self.follow(step);
        }
    }

    /// Drops what the parts kept about a document that has been replaced.
    pub(super) fn sync_generation(&mut self) {
        if self.generation == self.session.generation() {
            return;
        }
        self.generation = self.session.generation();
        self.selected = self.session.speech().sections.first().map(|s| s.id);
        // Revisions count per document: the old derived data must not pass for the new one.
        self.derived = Derived::default();
        self.editor.reset();
        self.checker.reset();
        self.review_panel_for_document();
    }

    /// A draft opened in the middle of a review: its panel in the checker's place, as when the
    /// returned file was read; the checker back for one that has none.
    pub(super) fn review_panel_for_document(&mut self) {
        if self.session.speech().review.is_empty() {
            if self.review_hid_checker {
                self.review_hid_checker = false;
                self.show_checker = true;
            }
        } else {
            self.show_review = true;
            self.review_hid_checker |= self.show_checker;
            self.show_checker = false;
        }
    }

    fn refresh_derived(&mut self) {
        let revision = self.session.doc().revision();
        // Edits update the derived data as they are applied; this catches the rest (undo, redo,
        // a document replaced).
        // Findings made while the proofreader's tables were loading lack the typos: once they
        // are there, everything is checked again.
        let words_arrived = self.derived.words_pending && crate::check::proof::ready();
        if self.derived.revision != Some(revision) || words_arrived {
            self.recheck_all();
        }
    }

    /// Every finding checked again (the user's lists changed, or the tables arrived).
    fn recheck_all(&mut self) {
        let (speech, revision) = (self.session.speech(), self.session.doc().revision());
        self.derived = Derived::compute(speech, revision, &self.user_lists);
    }

    fn poll_dialog(&mut self) {
        let Some((_, _, rx)) = &self.dialog else {
            return;
        };
        let answer = match rx.try_recv() {
            Ok(a) => a,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                DialogAnswer::Unavailable("文件对话框意外关闭".into())
            }
        };
        let Some((purpose, kind, _)) = self.dialog.take() else {
            return;
        };
        match answer {
            DialogAnswer::Picked(path) => {
                let step = self.session.chose(purpose, path);
                self.follow(step);
            }
            // Cancelled: nothing changes, the document stays as dirty as it was.
            DialogAnswer::Cancelled => {}
            DialogAnswer::Unavailable(why) => {
                let text = self.session.default_entry_path(&kind);
                self.modal = Some(Modal::PathEntry(Box::new(PathEntry {
                    purpose,
                    kind,
                    why,
                    text,
                    problem: None,
                    overwrite: false,
                    listing: None,
                })));
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

    /// 打印…: a PDF of the speech in the page view's layout (or the export's), opened in the
    /// system's viewer to print from.
    fn print(&mut self) {
        let layout = self
            .page_view
            .as_ref()
            .map_or(self.session.export.layout, |p| p.layout);
        match self.session.print_pdf(&self.derived.findings, layout) {
            Ok((path, facts)) => {
                let rx = self.dialogs.open_file(&path);
                self.status = format!(
                    "打印用的 PDF 正在系统的阅读器中打开（{}，共 {} 页）：从那里打印",
                    layout.label(),
                    facts.pages
                );
                self.opening = Some((path, rx, self.last_time));
                self.poll_opening();
            }
            Err(step) => self.follow(step),
        }
    }

    /// How long an opener's failure is waited for: one that runs longer has found its program.
    const OPENING_WAIT: f64 = 10.0;

    /// The answer of the system's opener, if it has come: a failure is a message naming the
    /// PDF to print from.
    pub(super) fn poll_opening(&mut self) {
        let Some((path, rx, started)) = &self.opening else {
            return;
        };
        let answer = match rx.try_recv() {
            Ok(a) => a,
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                if self.last_time - started > Self::OPENING_WAIT {
                    self.opening = None;
                }
                return;
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Ok(()),
        };
        if let Err(why) = answer {
            self.modal = Some(Modal::Message {
                title: "没有打开 PDF".into(),
                body: format!(
                    "没能用系统的程序打开 PDF（{why}）。打印用的 PDF 已生成：\n{}\n请用 PDF 阅读器打开它打印。",
                    path.display()
                ),
            });
            self.status = "打印用的 PDF 没有打开".into();
        }
        self.opening = None;
    }

    /// Shows what a session step asks for.
    pub(super) fn follow(&mut self, step: Step) {
        self.sync_generation();
        if let Some(status) = self.session.take_status() {
            self.status = status;
        }
        let modal = match step {
            Step::Done => return,
            Step::AskUnsaved(then) => Modal::Unsaved(then),
            Step::Dialog(kind, purpose) => return self.request_dialog(kind, purpose),
            Step::Message { title, body } => Modal::Message { title, body },
            Step::ImportReport { report, spots } => Modal::ImportReport(report, spots),
            Step::Review(review) => return self.load_review(*review),
            Step::PasteBox => Modal::Paste(String::new()),
            Step::ExportBlocked(blanks) => Modal::ExportBlocked(blanks),
            Step::ConfirmOverwrite(purpose, path) => Modal::ConfirmOverwrite(purpose, path),
            Step::OfferRecovery(r) => Modal::Recover(r),
            Step::SaveConflict { path, then } => Modal::SaveConflict { path, then },
            Step::ChangedOnDisk(path) => Modal::ChangedOnDisk(path),
            Step::CompareWithDisk(comparison, path) => {
                let mut view = super::modal::versions::CompareView::new(comparison);
                view.disk = Some(path);
                Modal::Compare(Box::new(view))
            }
            Step::Quit => return self.queue.push(Cmd::Run(UiCommand::Quit)),
        };
        self.modal = Some(modal);
    }

    /// Runs the commands the widgets queued while drawing; their result is drawn next frame.
    pub(super) fn run_commands(&mut self, ctx: &egui::Context) {
        if !self.queue.is_empty() {
            ctx.request_repaint();
        }
        self.run_queue(ctx);
    }

    /// Runs the queued commands and brings the derived data up to date.
    pub(super) fn run_queue(&mut self, ctx: &egui::Context) {
        for cmd in std::mem::take(&mut self.queue) {
            self.run(ctx, cmd);
        }
        // A dialog that answers at once (a substituted one) is handled in the same frame.
        self.poll_dialog();
        self.sync_generation();
        self.refresh_derived();
    }

    fn run(&mut self, ctx: &egui::Context, cmd: Cmd) {
        let step = match cmd {
            Cmd::Run(command) => {
                self.last_command = Some(command);
                self.run_command(ctx, command)
            }
            Cmd::OpenPath(p) => self.session.request(Pending::OpenPath(p)),
            Cmd::Connect(address) => {
                let repaint = ctx.clone();
                let waker: crate::session::coedit::Waker =
                    std::sync::Arc::new(move || repaint.request_repaint());
                let (error, busy) = match self.session.begin_share((*address).clone(), waker) {
                    Ok(connecting) => {
                        self.connecting = Some(connecting);
                        (None, true)
                    }
                    Err(error) => (Some(error), false),
                };
                // The dialog stays, saying it connects, until the server answers.
                self.modal = Some(Modal::Share(Box::new(super::modal::share::ShareForm {
                    address: *address,
                    error,
                    busy,
                })));
                Step::Done
            }
            Cmd::Disconnect => {
                self.session.stop_sharing();
                Step::Done
            }
            Cmd::Restore(node) => {
                match self.session.restore_deleted(node) {
                    Ok(step) => {
                        self.derived
                            .update(self.session.speech(), &step, &self.user_lists);
                        self.status = "已从回收站恢复".to_owned();
                    }
                    Err(e) => self.status = format!("{REFUSED}{e}"),
                }
                Step::Done
            }
            Cmd::ImportText(text) => self.session.import_text(&text),
            Cmd::ResolveUnsaved(then, choice) => self.session.resolve_unsaved(then, choice),
            Cmd::ResolveRecovery(restore) => self.session.resolve_recovery(restore),
            Cmd::Chose(purpose, path) => self.session.chose(purpose, path),
            Cmd::Overwrite(purpose, path) => self.session.overwrite(purpose, path),
            Cmd::ResolveConflict(path, then, choice) => {
                self.session.resolve_conflict(path, then, choice)
            }
            Cmd::ResolveChanged(choice) => self.session.resolve_changed(choice),
            Cmd::RequestNew(then) => self.session.request(then),
            Cmd::RemoveTemplate(path, name) => self.session.remove_template(&path, &name),
            Cmd::SaveTemplate(speech, name) => self.session.save_template(&name, &speech),
            Cmd::BeginExport(settings) => {
                self.session.set_export_settings(*settings);
                self.session.export(&self.derived.findings)
            }
            Cmd::ExportAnyway => self.session.export_anyway(),
            Cmd::ExportComparison(comparison) => self.session.export_comparison(comparison),
            Cmd::Edit(Edit::SaveVersion { name, saved, note }) => {
                let name = name.trim().to_owned();
                let edit = Edit::SaveVersion {
                    name: name.clone(),
                    saved,
                    note,
                };
                if self.apply(edit).is_none() {
                    return;
                }
                // A version lives in the draft: write it now, or it would be lost with the
                // unsaved text (an untitled speech asks where).
                let step = self.session.save();
                let saved = self.session.take_status();
                self.status = match (saved, self.session.doc().is_modified()) {
                    (Some(saved), false) => format!("已保存版本“{name}”；{saved}"),
                    _ => format!("已保存版本“{name}”，保存草稿后才会留下"),
                };
                step
            }
            Cmd::Edit(Edit::DecideAll { accept, author }) => {
                let edit = Edit::DecideAll {
                    accept,
                    author: author.clone(),
                };
                if let Some(Applied {
                    effect: Effect::Replaced(n),
                    ..
                }) = self.apply(edit)
                {
                    let verb = if accept { "接受" } else { "拒绝" };
                    let whose = author.as_ref().map_or(String::new(), |a| format!("{a}的"));
                    // What stays of those asked for: changes whose words were rewritten since.
                    let kept = self
                        .speech()
                        .review
                        .changes
                        .iter()
                        .filter(|c| author.as_ref().is_none_or(|a| &c.author == a))
                        .count();
                    self.status = if kept > 0 {
                        format!(
                            "已{verb}{whose}修订 {n} 处；{kept} 处所在的文字已改动，留在列表里请逐条处理"
                        )
                    } else {
                        format!("已{verb}{whose}修订 {n} 处")
                    };
                }
                Step::Done
            }
            Cmd::Edit(Edit::DecideChange { id, accept }) => {
                let summary = self.speech().review.change(id).map(|c| c.summary());
                if self.apply(Edit::DecideChange { id, accept }).is_some()
                    && let Some(summary) = summary
                {
                    let verb = if accept { "已接受" } else { "已拒绝" };
                    self.status = format!("{verb}：{summary}");
                }
                Step::Done
            }
            Cmd::Edit(edit) => {
                self.apply(edit);
                Step::Done
            }
            Cmd::EditAt(edit, caret) => {
                self.apply_at(edit, Some(caret));
                Step::Done
            }
            Cmd::Seal => {
                self.session.seal();
                Step::Done
            }
            cmd => {
                self.run_view(cmd);
                Step::Done
            }
        };
        self.follow(step);
    }

    /// 加入词典: kept in the data folder for every speech; without one, for this session.
    fn accept_word(&mut self, word: String) {
        let saved = self
            .session
            .data_dir()
            .map(|dir| crate::store::user_lists::accept_word(dir, &word));
        let failed = matches!(saved, Some(Err(_)));
        self.status = match saved {
            Some(Err(why)) => why,
            Some(Ok(())) => format!("已加入词典：“{word}”，以后校对照此写法"),
            None => format!("已接受“{word}”（没有数据文件夹，只在这次使用中有效）"),
        };
        if !failed {
            self.user_lists.accept(word);
            self.recheck_all();
        }
    }

    /// 校对词典: the two files as they are, or without a data folder the lists of this run.
    /// 导入修改稿: the text as it was before the round is kept as a version (so the comparison
    /// shows the round later), then the review is loaded and its panel opens.
    fn load_review(&mut self, review: crate::doc::model::review::Review) {
        // Named after the reviewers and the file: `张局长、王科长修改前（讲话稿-改.docx）`.
        let base = format!("{}修改前（{}）", review.authors().join("、"), review.source);
        let mut name = base.clone();
        let mut k = 2;
        while self.speech().versions.iter().any(|v| v.name == name) {
            name = format!("{base}{k}");
            k += 1;
        }
        let (changes, comments) = (review.changes.len(), review.comments.len());
        let authors = review.authors().join("、");
        let version = Edit::SaveVersion {
            name: name.clone(),
            saved: super::modal::versions::now(),
            note: "导入修改稿之前的文本".into(),
        };
        let kept = self.apply(version).is_some();
        if self.apply(Edit::LoadReview(review)).is_none() {
            return;
        }
        // The review panel takes the checker's place, so the manuscript keeps its width (the
        // 检查栏 button brings the checker back beside it).
        self.show_review = true;
        self.review_hid_checker |= self.show_checker;
        self.show_checker = false;
        self.status = format!("已导入修改稿：{authors} 的修订 {changes} 处、批注 {comments} 条");
        if kept {
            self.status
                .push_str(&format!("；导入前的文本已存为版本“{name}”"));
        }
    }

    fn open_dictionary(&mut self) {
        let (words, errors, folder) = match self.session.data_dir() {
            Some(dir) => {
                let (words, errors) = crate::store::user_lists::texts(dir);
                (words, errors, Some(dir.display().to_string()))
            }
            None => {
                let lists = &self.user_lists;
                let errors: Vec<String> = lists
                    .errors
                    .iter()
                    .map(|(w, r)| format!("{w} → {r}"))
                    .collect();
                (lists.words().join("\n"), errors.join("\n"), None)
            }
        };
        self.modal = Some(Modal::Dictionary(Box::new(
            super::modal::dictionary::Dictionary {
                words,
                errors,
                problem: None,
                folder,
            },
        )));
    }

    /// 校对词典 → 保存: written to the data folder (if any), then every finding checked again.
    fn save_dictionary(&mut self, words: &str, errors: &str) {
        if let Some(dir) = self.session.data_dir()
            && let Err(why) = crate::store::user_lists::save_texts(dir, words, errors)
        {
            // Nothing written: the lists stay as they were, and the user is told.
            self.status = why;
            return;
        }
        let when_ready = self.user_lists.words_when_ready;
        self.user_lists = crate::store::user_lists::lists_of(words, errors);
        self.user_lists.words_when_ready = when_ready;
        let (words, errors) = (self.user_lists.words().len(), self.user_lists.errors.len());
        // Without a data folder nothing is on disk: the status must not say it was saved.
        self.status = if self.session.data_dir().is_some() {
            format!("校对词典已保存：{words} 个词，{errors} 条常见错误")
        } else {
            format!(
                "校对词典只在这次使用中有效（没有数据文件夹）：{words} 个词，{errors} 条常见错误"
            )
        };
        self.recheck_all();
    }

    /// 念稿排练: the whole window reads the speech, unless it has nothing to read.
    fn start_rehearsal(&mut self) {
        let view = super::rehearsal::RehearsalView::new(self.speech());
        if view.r.script.total == 0 {
            self.status = "讲稿还没有要念的文字".into();
        } else {
            self.rehearsal = Some(view);
        }
    }

    /// A command of the table: what the user asked for by name, on the selected section.
    fn run_command(&mut self, ctx: &egui::Context, command: UiCommand) -> Step {
        use crate::app::UiCommand as U;
        let selected = self.selected;
        match command {
            U::New => return self.session.request(Pending::New),
            U::NewFromTemplate => {
                let gallery = super::modal::templates::Gallery::new(&self.session);
                self.modal = Some(Modal::Gallery(Box::new(gallery)));
            }
            U::MakeTemplate => {
                let maker = super::modal::templates::Maker::new(self.speech());
                self.modal = Some(Modal::MakeTemplate(Box::new(maker)));
            }
            U::Rehearse => self.start_rehearsal(),
            U::Open => return self.session.request(Pending::Open),
            U::Import => return self.session.request(Pending::Import),
            // The review applies to the speech on screen: nothing to save first.
            U::ImportReview => {
                return Step::Dialog(
                    crate::session::DialogKind::ImportReview,
                    crate::session::DialogPurpose::Review,
                );
            }
            U::PasteNew => return self.session.request(Pending::Paste),
            U::Save => return self.session.save(),
            U::SaveAs => return self.session.save_as(),
            U::Export => {
                let settings = Box::new(self.session.export.clone());
                self.modal = Some(Modal::ExportOptions(settings));
            }
            U::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            U::Undo | U::Redo => {
                let before = self.speech().clone();
                match self.session.undo_redo(command == U::Redo) {
                    Ok(true) => {
                        self.fix_selection();
                        self.show_change(&before);
                    }
                    Ok(false) => {}
                    Err(e) => self.status = format!("{REFUSED}{e}"),
                }
            }
            U::Cut | U::Copy | U::SelectAll | U::Paste | U::PastePlain => {
                // The menu took the focus from the text: give it back, then act as the key.
                ctx.memory_mut(|m| m.request_focus(crate::app::editor_id()));
                match command {
                    U::Cut => self.editor.command(egui::Event::Cut),
                    U::Copy => self.editor.command(egui::Event::Copy),
                    U::SelectAll => self.editor.command(egui::Event::Key {
                        key: egui::Key::A,
                        physical_key: None,
                        pressed: true,
                        repeat: false,
                        modifiers: egui::Modifiers::COMMAND,
                    }),
                    // Only the platform reads the clipboard: it answers with a paste event.
                    _ => {
                        self.editor.paste_plain(command == U::PastePlain);
                        ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaste);
                    }
                }
            }
            U::Find | U::Replace => {
                let caret = self.editor.selection().map(|(_, caret)| caret);
                self.find.open(command == U::Replace, caret);
            }
            U::SaveVersion => {
                self.modal = Some(Modal::SaveVersion {
                    name: crate::doc::edit::next_version_name(self.speech()),
                    note: String::new(),
                });
            }
            U::Versions => {
                let n = self.speech().versions.len();
                self.modal = Some(Modal::Versions {
                    old: n.checked_sub(1),
                    new: None,
                });
            }
            U::CheckSettings => {
                self.modal = Some(Modal::Settings(Box::new(self.speech().settings.clone())));
            }
            U::Dictionary => self.open_dictionary(),
            U::AddSibling => {
                let (parent, index) = match selected.and_then(|s| self.speech().locate_section(s)) {
                    Some((parent, i)) => (parent, i + 1),
                    None => (None, self.speech().sections.len()),
                };
                self.insert_section(parent, index);
            }
            U::AddChild => {
                let len = match selected {
                    Some(id) => self.speech().section(id).map_or(0, |s| s.children.len()),
                    None => self.speech().sections.len(),
                };
                self.insert_section(selected, len);
            }
            U::MoveUp | U::MoveDown | U::Indent | U::Outdent => {
                if let Some(id) = selected {
                    self.apply(match command {
                        U::MoveUp => Edit::MoveUp { id },
                        U::MoveDown => Edit::MoveDown { id },
                        U::Indent => Edit::Indent { id },
                        _ => Edit::Outdent { id },
                    });
                }
            }
            U::Rename => {
                if let Some(id) = selected {
                    self.run_view(Cmd::Rename(id));
                }
            }
            U::Delete => {
                if let Some(id) = selected {
                    self.modal = Some(Modal::ConfirmDelete(id));
                }
            }
            U::ToggleTree => self.show_tree = !self.show_tree,
            U::PageView => {
                self.page_view = match self.page_view.take() {
                    Some(_) => None,
                    None => Some(super::pageview::PageView::new(
                        self.session.export.layout,
                        self.editor
                            .selection()
                            .map(|(a, _)| a.spot)
                            .and_then(|s| match s {
                                crate::doc::model::Spot::Text(t) => Some(t),
                                crate::doc::model::Spot::Empty(_) => None,
                            }),
                    )),
                };
            }
            U::Print => self.print(),
            U::Share => {
                let address = match self.session.coedit() {
                    // The dialog never shows a password it was not typed into.
                    Some(c) => crate::session::coedit::Address {
                        server: c.address().server_shown(),
                        password: String::new(),
                        ..c.address().clone()
                    },
                    None => self.session.last_shared(),
                };
                self.modal = Some(Modal::Share(Box::new(super::modal::share::ShareForm {
                    address,
                    error: None,
                    busy: false,
                })));
            }
            U::ToggleChecker => self.show_checker = !self.show_checker,
            U::ToggleReview => self.show_review = !self.show_review,
            U::ZoomIn | U::ZoomOut | U::LightTheme | U::DarkTheme => {
                let (mut theme, mut zoom) = self.session.view_preferences();
                match command {
                    U::ZoomIn | U::ZoomOut => {
                        let step = if command == U::ZoomIn { 0.1 } else { -0.1 };
                        let z = (ctx.zoom_factor() + step).clamp(0.5, 3.0);
                        ctx.set_zoom_factor(z);
                        zoom = Some(z);
                    }
                    _ => {
                        let chosen = if command == U::LightTheme {
                            crate::session::Theme::Light
                        } else {
                            crate::session::Theme::Dark
                        };
                        super::set_theme(ctx, chosen);
                        theme = Some(chosen);
                    }
                }
                // Found again at the next start.
                self.session.set_view_preferences(theme, zoom);
            }
            U::About => self.modal = Some(Modal::About),
            U::Palette => {
                self.modal = Some(Modal::Palette {
                    query: String::new(),
                    selected: 0,
                });
            }
        }
        Step::Done
    }

    /// Commands on the window: what is selected and shown, dialogs about one section.
    fn run_view(&mut self, cmd: Cmd) {
        match cmd {
            Cmd::Select(id) => {
                self.selected = Some(id);
                self.editor.reveal(TextRef::Heading(id));
                // A section chosen in the outline: the page view shows its page.
                if let Some(pages) = &mut self.page_view {
                    pages.reveal(TextRef::Heading(id));
                }
            }
            Cmd::Reveal(target) => {
                if let Some(id) = self.section_of(target) {
                    self.selected = Some(id);
                }
                if let Some(pages) = &mut self.page_view {
                    pages.reveal(target);
                }
                self.editor.reveal(target);
            }
            Cmd::Entered(target) => {
                if let Some(id) = self.section_of(target) {
                    self.selected = Some(id);
                }
            }
            Cmd::GoTo { target, chars } => {
                if let Some(id) = self.section_of(target) {
                    self.selected = Some(id);
                }
                // Going to a place in the text (a finding, 到稿面修改) leaves the page view.
                self.page_view = None;
                self.editor.reveal(target);
                self.editor.place_caret(target, chars);
            }
            Cmd::Status(s) => self.status = s,
            Cmd::AcceptWord(word) => self.accept_word(word),
            Cmd::SaveDictionary { words, errors } => self.save_dictionary(&words, &errors),
            Cmd::Rename(id) => {
                if let Some(s) = self.speech().section(id) {
                    self.modal = Some(Modal::Rename(id, s.heading.clone()));
                }
            }
            Cmd::AskDelete(id) => self.modal = Some(Modal::ConfirmDelete(id)),
            Cmd::AdjustBoundary(id) => {
                if let Some(s) = self.speech().section(id) {
                    self.modal = Some(Modal::Boundary(id, s.heading.chars().count()));
                }
            }
            // The session's and the document's commands are run by `run`.
            Cmd::Run(_)
            | Cmd::OpenPath(_)
            | Cmd::ImportText(_)
            | Cmd::ResolveUnsaved(..)
            | Cmd::ResolveRecovery(_)
            | Cmd::Chose(..)
            | Cmd::Overwrite(..)
            | Cmd::ResolveConflict(..)
            | Cmd::ResolveChanged(_)
            | Cmd::RequestNew(_)
            | Cmd::SaveTemplate(..)
            | Cmd::RemoveTemplate(..)
            | Cmd::BeginExport(_)
            | Cmd::ExportAnyway
            | Cmd::ExportComparison(_)
            | Cmd::Connect(_)
            | Cmd::Disconnect
            | Cmd::Restore(_)
            | Cmd::Edit(_)
            | Cmd::EditAt(..)
            | Cmd::Seal => {}
        }
    }

    /// Applies an edit, reporting a refusal in the status bar (never a panic). `None` when
    /// refused.
    fn apply(&mut self, edit: Edit) -> Option<Applied> {
        self.apply_at(edit, None)
    }

    /// Applies an edit and follows the step's one description of what it did: the derived
    /// data are updated from it, and the caret goes to `caret` or where the step says. This is
    /// the one place the caret is set after an edit. Refused, the selection stays.
    fn apply_at(&mut self, edit: Edit, caret: Option<TextPos>) -> Option<Applied> {
        let step = match self.session.apply(edit) {
            Ok(step) => step,
            Err(e) => {
                // Marked, so the status bar shows it as a warning: the key did something.
                self.status = format!("{REFUSED}{e}");
                self.fix_selection();
                return None;
            }
        };
        self.derived
            .update(self.session.speech(), &step, &self.user_lists);
        // The review over (ended, or every change and comment gone with undo): the checker the
        // review's panel stood in for comes back.
        if self.review_hid_checker && self.session.speech().review.is_empty() {
            self.review_hid_checker = false;
            self.show_checker = true;
        }
        if let Some(at) = caret.or_else(|| step.caret()) {
            self.editor.place_caret_at(at);
        }
        match step.effect {
            Effect::Section(id) => {
                self.selected = Some(id);
                self.editor.reveal(TextRef::Heading(id));
            }
            Effect::Replaced(n) => self.status = format!("已替换 {n} 处"),
            Effect::Paragraph(p) => self.editor.reveal(TextRef::Paragraph(p)),
            Effect::Caret(_) | Effect::None => {}
        }
        if !matches!(step.change, Change::Text { .. }) {
            self.fix_selection();
        }
        Some(step)
    }

    /// The server answered 连接: the shared speech goes in the window, or the dialog says why
    /// not. Cancelled meanwhile (the dialog closed), the answer is let go.
    fn poll_connecting(&mut self) {
        let Some(answer) = self.connecting.as_ref().and_then(|c| c.answer()) else {
            return;
        };
        self.connecting = None;
        let Some(Modal::Share(form)) = &self.modal else {
            return;
        };
        match answer {
            Ok(coedit) => {
                self.session.adopt_shared(coedit);
                self.modal = None;
            }
            Err(error) => {
                self.modal = Some(Modal::Share(Box::new(super::modal::share::ShareForm {
                    address: form.address.clone(),
                    error: Some(error),
                    busy: false,
                })));
            }
        }
    }

    /// Co-writers' changes: the speech follows them, everything derived is brought up to date
    /// from what changed, and the caret keeps its place among the words.
    fn poll_shared(&mut self) {
        // The caret and the selection's other end keep their places among the words.
        let keep: Vec<TextPos> = self
            .editor
            .selection()
            .map(|(anchor, caret)| vec![anchor, caret])
            .unwrap_or_default();
        let news = self.session.poll_shared(&keep);
        if let Some(problem) = news.problem {
            self.status = format!("{REFUSED}共享讲稿：{problem}");
        }
        let Some(step) = news.step else {
            return;
        };
        self.derived
            .update(self.session.speech(), &step, &self.user_lists);
        if let [anchor, caret] = news.kept[..] {
            self.editor.keep_selection(anchor, caret);
        }
        self.fix_selection();
    }

    /// The 提纲 follows the caret: when it goes into another section's text (by keys as well as
    /// by a click), that section is selected.
    pub(super) fn follow_caret(&mut self) {
        let Some((_, caret)) = self.editor.selection() else {
            return;
        };
        let crate::doc::model::Spot::Text(target) = caret.spot else {
            return;
        };
        if self.caret_text == Some(target) {
            return;
        }
        self.caret_text = Some(target);
        if let Some(id) = self.section_of(target) {
            self.selected = Some(id);
        }
    }

    /// Shows what an undo or redo changed, as Word does: scrolls to it and selects it (or puts
    /// the caret where text went).
    fn show_change(&mut self, before: &crate::doc::model::Speech) {
        let Some((target, chars)) = crate::doc::history::first_change(before, self.speech()) else {
            return;
        };
        if let Some(id) = self.section_of(target) {
            self.selected = Some(id);
        }
        self.editor.place_caret(target, chars);
    }

    fn insert_section(&mut self, parent: Option<SectionId>, index: usize) {
        let edit = Edit::InsertSection {
            parent,
            index,
            heading: "新小节".into(),
        };
        if let Some(Applied {
            effect: Effect::Section(id),
            ..
        }) = self.apply_at(edit, None)
        {
            // The new heading's words are selected, ready to be typed over.
            self.editor
                .place_caret(TextRef::Heading(id), 0.."新小节".chars().count());
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

    /// Bookkeeping after the frame's commands: title, typing bursts, autosave.
    pub(super) fn after_frame(&mut self, ctx: &egui::Context) {
        // A status line is about the last action: the next edit clears it, so an old message
        // (已保存, a refusal) never seems to speak of what was done since.
        let revision = self.session.doc().revision();
        if self.status != self.status_seen.0 {
            self.status_seen = (self.status.clone(), revision);
        } else if revision != self.status_seen.1 && !self.status.is_empty() {
            self.status.clear();
            self.status_seen = (String::new(), revision);
        }
        let title = self.session.title();
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
        if let Some(w) = &self.watch {
            w.set_path(self.session.path());
        }
        self.keep_layout(ctx);
        let now = ctx.input(|i| i.time);
        if let Some(wait) = self.session.tick(now) {
            ctx.request_repaint_after(wait);
        }
        // Co-writers see where this writer's caret is.
        let caret = self.editor.selection().map(|(_, caret)| caret);
        if let Some(wait) = self.session.show_caret(caret) {
            ctx.request_repaint_after(wait);
        }
        if let Some(status) = self.session.take_status() {
            self.status = status;
        }
        if self.dialog.is_some() || self.opening.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        if self.editor.waiting() && self.page_view.is_none() {
            // Applied when the target text box is drawn, which is next frame (not while the
            // page view stands in its place: it waits for the manuscript to come back).
            ctx.request_repaint();
        }
    }
}
