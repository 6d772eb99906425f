//! Native file dialogs behind a trait, so tests substitute them and the window never freezes.
//!
//! A request returns a channel at once; the real implementation runs the rfd dialog on its own
//! thread and sends the answer. The app polls the channel each frame. A dialog that cannot open
//! at all (no desktop portal and no zenity, as on many minimal and remote desktops) answers
//! [`DialogAnswer::Unavailable`], and the app offers its own path entry instead.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

pub use crate::session::DialogKind;

/// How a dialog ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogAnswer {
    Picked(PathBuf),
    Cancelled,
    /// The dialog could not be shown; the reason, for the user.
    Unavailable(String),
}

/// A source of file paths chosen by the user.
pub trait FileDialogs {
    /// Starts a dialog; the answer arrives on the returned channel.
    fn request(&mut self, kind: DialogKind) -> Receiver<DialogAnswer>;

    /// Opens a file in the program the system opens it with (the PDF viewer, to print). The
    /// answer arrives when the opener ends: an error if it found no program.
    fn open_file(&mut self, path: &std::path::Path) -> Receiver<Result<(), String>>;
}

/// The real dialogs (rfd: the desktop portal, GTK or zenity on Linux; native elsewhere).
#[derive(Default)]
pub struct NativeDialogs;

/// Set once a native dialog has failed to open: later requests go straight to the path entry.
static UNAVAILABLE: AtomicBool = AtomicBool::new(false);

/// rfd answers "nothing chosen" both when the user cancels and when no dialog could be shown.
/// No person opens a file dialog and cancels it this fast, so a quicker "nothing" is a failure.
const TOO_FAST_TO_BE_A_PERSON: Duration = Duration::from_millis(250);

/// Opens a file the platform's usual way: `xdg-open` on Linux and BSD, `open` on macOS,
/// Explorer on Windows. The opener is waited for on a thread of its own; the answer says
/// whether it failed (no program for the file), or `Ok` once it ends well.
pub fn open_with_system(path: &std::path::Path) -> Receiver<Result<(), String>> {
    let (tx, rx) = channel();
    match start_opener(path) {
        Ok(mut child) => {
            std::thread::spawn(move || {
                let answer = match child.wait() {
                    // Explorer's exit code says nothing about the file.
                    Ok(s) if s.success() || cfg!(target_os = "windows") => Ok(()),
                    Ok(s) => Err(format!("系统没有找到能打开它的程序，{s}")),
                    Err(e) => Err(e.to_string()),
                };
                let _ = tx.send(answer);
            });
        }
        Err(e) => {
            let _ = tx.send(Err(e));
        }
    }
    rx
}

fn start_opener(path: &std::path::Path) -> Result<std::process::Child, String> {
    let mut command = if cfg!(target_os = "windows") {
        // Explorer opens a file with its program, and takes the path as one argument: `cmd /C
        // start` would read `&` or `%` in a file's name as commands.
        let mut c = std::process::Command::new("explorer.exe");
        c.arg(path);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(path);
        c
    } else {
        if !on_path("xdg-open") {
            return Err("没有 xdg-open".into());
        }
        let mut c = std::process::Command::new("xdg-open");
        c.arg(path);
        c
    };
    command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())
}

impl FileDialogs for NativeDialogs {
    fn open_file(&mut self, path: &std::path::Path) -> Receiver<Result<(), String>> {
        open_with_system(path)
    }

    fn request(&mut self, kind: DialogKind) -> Receiver<DialogAnswer> {
        let (tx, rx) = channel();
        if let Some(why) = known_unavailable() {
            let _ = tx.send(DialogAnswer::Unavailable(why));
            return rx;
        }
        std::thread::spawn(move || {
            let started = Instant::now();
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
                DialogKind::ImportReview => dialog
                    .set_title("导入修改稿（带修订和批注的 Word 文档）")
                    .add_filter("Word 文档", &["docx"])
                    .pick_file(),
                DialogKind::ImportText => dialog
                    .set_title("导入文本或 Word 文档")
                    .add_filter("纯文本、Word 文档或网页", &crate::import::IMPORTABLE)
                    .pick_file(),
                DialogKind::ExportText { suggested } => dialog
                    .set_title("导出纯文本")
                    .add_filter("纯文本", &["txt"])
                    .set_file_name(suggested)
                    .save_file(),
                DialogKind::ExportDocx { suggested } => dialog
                    .set_title("导出 Word 文档")
                    .add_filter("Word 文档", &["docx"])
                    .set_file_name(suggested)
                    .save_file(),
                DialogKind::ExportPdf { suggested } => dialog
                    .set_title("导出 PDF")
                    .add_filter("PDF", &["pdf"])
                    .set_file_name(suggested)
                    .save_file(),
                DialogKind::ExportComparison { suggested } => dialog
                    .set_title("导出修改对照")
                    .add_filter("纯文本", &["txt"])
                    .add_filter("Word 文档", &["docx"])
                    .set_file_name(suggested)
                    .save_file(),
            };
            let answer = match path {
                Some(p) => DialogAnswer::Picked(p),
                None if started.elapsed() < TOO_FAST_TO_BE_A_PERSON => {
                    UNAVAILABLE.store(true, Ordering::Relaxed);
                    DialogAnswer::Unavailable(if on_path("zenity") {
                        "桌面门户和 zenity 都没有显示对话框".into()
                    } else {
                        "桌面门户没有响应，也没有 zenity".into()
                    })
                }
                None => DialogAnswer::Cancelled,
            };
            // The app may have closed meanwhile; then nobody is listening and that is fine.
            let _ = tx.send(answer);
        });
        rx
    }
}

/// Why native dialogs cannot open here, when that is known before trying.
fn known_unavailable() -> Option<String> {
    if std::env::var_os("JIANGGAO_NO_NATIVE_DIALOGS").is_some() {
        return Some("已设置不使用系统文件对话框（JIANGGAO_NO_NATIVE_DIALOGS）".into());
    }
    if UNAVAILABLE.load(Ordering::Relaxed) {
        return Some("系统文件对话框无法打开".into());
    }
    if cfg!(any(target_os = "windows", target_os = "macos")) {
        return None;
    }
    // rfd asks the desktop portal over the session bus, then runs zenity.
    let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|d| std::path::Path::new(&d).join("bus").exists());
    if bus || on_path("zenity") {
        None
    } else {
        Some("没有桌面门户（xdg-desktop-portal），也没有 zenity".into())
    }
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
}

/// Scripted dialogs for tests: answers are taken in order, and every request is recorded.
#[derive(Clone, Default)]
pub struct ScriptedDialogs {
    pub answers: std::sync::Arc<std::sync::Mutex<Vec<DialogAnswer>>>,
    pub requests: std::sync::Arc<std::sync::Mutex<Vec<DialogKind>>>,
    /// The files asked to be opened in the system's viewer.
    pub opened: std::sync::Arc<std::sync::Mutex<Vec<PathBuf>>>,
    /// When set, opening a file fails with this reason (a machine with no viewer).
    pub no_viewer: std::sync::Arc<std::sync::Mutex<Option<String>>>,
}

impl ScriptedDialogs {
    /// Queues the answer to the next request: a path, or `None` for a cancelled dialog.
    pub fn answer(&self, path: Option<PathBuf>) {
        self.answer_with(path.map_or(DialogAnswer::Cancelled, DialogAnswer::Picked));
    }

    /// Queues any answer, e.g. [`DialogAnswer::Unavailable`].
    pub fn answer_with(&self, answer: DialogAnswer) {
        if let Ok(mut a) = self.answers.lock() {
            a.push(answer);
        }
    }

    /// The requests made so far.
    pub fn requests(&self) -> Vec<DialogKind> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

impl FileDialogs for ScriptedDialogs {
    fn open_file(&mut self, path: &std::path::Path) -> Receiver<Result<(), String>> {
        let (tx, rx) = channel();
        let answer = match self.no_viewer.lock().ok().and_then(|w| w.clone()) {
            Some(why) => Err(why),
            None => {
                if let Ok(mut o) = self.opened.lock() {
                    o.push(path.to_owned());
                }
                Ok(())
            }
        };
        let _ = tx.send(answer);
        rx
    }

    fn request(&mut self, kind: DialogKind) -> Receiver<DialogAnswer> {
        if let Ok(mut r) = self.requests.lock() {
            r.push(kind);
        }
        let answer = self
            .answers
            .lock()
            .ok()
            .and_then(|mut a| (!a.is_empty()).then(|| a.remove(0)))
            .unwrap_or(DialogAnswer::Cancelled);
        let (tx, rx) = channel();
        let _ = tx.send(answer);
        rx
    }
}
