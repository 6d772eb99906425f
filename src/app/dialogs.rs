//! Native file dialogs behind a trait, so tests substitute them and the window never freezes.
//!
//! A request returns a channel at once; the real implementation runs the rfd dialog on its own
//! thread and sends the chosen path (or `None` when cancelled). The app polls the channel each
//! frame.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

/// What a dialog is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogKind {
    /// Pick a `.ron` draft to open.
    Open,
    /// Pick where to save a draft; `suggested` is the file name offered.
    SaveDraft { suggested: String },
    /// Pick where to write exported text.
    ExportText { suggested: String },
    /// Pick a plain-text speech to import.
    ImportText,
}

/// A source of file paths chosen by the user.
pub trait FileDialogs {
    /// Starts a dialog; the answer arrives on the returned channel.
    fn request(&mut self, kind: DialogKind) -> Receiver<Option<PathBuf>>;
}

/// The real dialogs (rfd: the desktop portal, GTK or zenity on Linux; native elsewhere).
#[derive(Default)]
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn request(&mut self, kind: DialogKind) -> Receiver<Option<PathBuf>> {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let dialog = rfd::FileDialog::new();
            let path = match kind {
                DialogKind::Open => dialog
                    .set_title("打开讲稿草稿")
                    .add_filter("讲稿草稿", &["ron"])
                    .pick_file(),
                DialogKind::SaveDraft { suggested } => dialog
                    .set_title("保存讲稿草稿")
                    .add_filter("讲稿草稿", &["ron"])
                    .set_file_name(suggested)
                    .save_file(),
                DialogKind::ImportText => dialog
                    .set_title("导入文本")
                    .add_filter("纯文本", &["txt", "text"])
                    .pick_file(),
                DialogKind::ExportText { suggested } => dialog
                    .set_title("导出纯文本")
                    .add_filter("纯文本", &["txt"])
                    .set_file_name(suggested)
                    .save_file(),
            };
            // The app may have closed meanwhile; then nobody is listening and that is fine.
            let _ = tx.send(path);
        });
        rx
    }
}

/// Scripted dialogs for tests: answers are taken in order, and every request is recorded.
#[derive(Clone, Default)]
pub struct ScriptedDialogs {
    pub answers: std::sync::Arc<std::sync::Mutex<Vec<Option<PathBuf>>>>,
    pub requests: std::sync::Arc<std::sync::Mutex<Vec<DialogKind>>>,
}

impl ScriptedDialogs {
    /// Queues the answer to the next request.
    pub fn answer(&self, path: Option<PathBuf>) {
        if let Ok(mut a) = self.answers.lock() {
            a.push(path);
        }
    }

    /// The requests made so far.
    pub fn requests(&self) -> Vec<DialogKind> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

impl FileDialogs for ScriptedDialogs {
    fn request(&mut self, kind: DialogKind) -> Receiver<Option<PathBuf>> {
        if let Ok(mut r) = self.requests.lock() {
            r.push(kind);
        }
        let answer = self
            .answers
            .lock()
            .ok()
            .and_then(|mut a| (!a.is_empty()).then(|| a.remove(0)))
            .flatten();
        let (tx, rx) = channel();
        let _ = tx.send(answer);
        rx
    }
}
