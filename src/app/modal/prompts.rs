//! Small prompts: unsaved changes, deleting or renaming a section, a message, crash recovery.

use egui::RichText;

use super::{Choice, buttons};
use crate::app::{Cmd, Modal, Pending, UnsavedChoice, View};
use crate::doc::edit::Edit;
use crate::doc::model::{SectionId, TextRef};
use crate::doc::numbering;
use crate::session::{ChangedChoice, ConflictChoice, DialogPurpose};
use crate::store::recovery::Recovery;

pub(super) fn unsaved_ui(app: &mut View, ui: &mut egui::Ui, then: Pending) -> Choice {
    ui.heading("有未保存的修改");
    ui.label(format!(
        "“{}”有未保存的修改。要先保存吗？",
        app.session.name()
    ));
    let lost = app.session.unsaved_versions();
    if !lost.is_empty() {
        ui.colored_label(
            crate::app::theme::WARNING,
            format!(
                "其中版本“{}”还没有写入草稿，不保存就会丢失。",
                lost.join("”“")
            ),
        );
    }
    let choice = match buttons(ui, &["保存", "不保存", "取消"]) {
        Some(0) => UnsavedChoice::Save,
        Some(1) => UnsavedChoice::Discard,
        Some(_) => UnsavedChoice::Cancel,
        None => return Choice::None,
    };
    Choice::run(Cmd::ResolveUnsaved(then, choice))
}

pub(super) fn confirm_delete_ui(app: &mut View, ui: &mut egui::Ui, id: SectionId) -> Choice {
    let Some(label) = numbering::section_label(app.speech(), id) else {
        return Choice::Close;
    };
    let heading = app
        .speech()
        .section(id)
        .map(|s| s.heading.clone())
        .unwrap_or_default();
    ui.heading("删除小节");
    ui.label(format!(
        "删除“{label}{heading}”及其全部段落和下级小节？（可撤销）"
    ));
    if app.session.coedit().is_some() {
        // A co-writer may be typing in it: nothing of theirs is lost.
        ui.label("共享讲稿里删掉的小节连同同事在里面写的字放进回收站，可在「共享…」里恢复。");
    }
    match buttons(ui, &["取消", "删除"]) {
        Some(1) => Choice::run(Cmd::Edit(Edit::DeleteSection { id })),
        Some(_) => Choice::Close,
        None => Choice::None,
    }
}

/// A file is at the chosen path that the app did not export (or that was changed since):
/// someone's work. Replacing it keeps the old one as `.bak`.
pub(super) fn confirm_overwrite_ui(
    ui: &mut egui::Ui,
    purpose: DialogPurpose,
    path: std::path::PathBuf,
) -> Choice {
    ui.heading("覆盖已有的文件？");
    ui.label(format!(
        "{}\n已经存在，不是讲稿导出的文件，或导出后改过。",
        path.display()
    ));
    let mut bak = path.file_name().unwrap_or_default().to_owned();
    bak.push(".bak");
    ui.label(format!(
        "覆盖时，原文件会保留为同一文件夹中的“{}”。",
        bak.to_string_lossy()
    ));
    match buttons(ui, &["取消", "覆盖"]) {
        Some(1) => Choice::run(Cmd::Overwrite(purpose, path)),
        Some(_) => Choice::Close,
        None => Choice::Update(Modal::ConfirmOverwrite(purpose, path)),
    }
}

/// A save found that someone saved another version of the draft since this window read or
/// saved it. The default (Enter) only compares.
pub(super) fn save_conflict_ui(
    ui: &mut egui::Ui,
    path: std::path::PathBuf,
    then: Option<Pending>,
) -> Choice {
    ui.heading("文件已被他人修改");
    ui.label(format!(
        "{}
在本窗口打开（或上次保存）之后，已被其他人或其他程序保存过。直接保存会覆盖对方的修改。",
        path.display()
    ));
    let mut bak = path.file_name().unwrap_or_default().to_owned();
    bak.push(".bak");
    ui.label(format!(
        "覆盖时，磁盘上的版本会保留为“{}”；另存为则两份都在。",
        bak.to_string_lossy()
    ));
    let choice = match buttons(ui, &["比较", "另存为…", "覆盖", "取消"]) {
        Some(0) => ConflictChoice::Compare,
        Some(1) => ConflictChoice::SaveAs,
        Some(2) => ConflictChoice::Overwrite,
        Some(_) => ConflictChoice::Cancel,
        None => return Choice::Update(Modal::SaveConflict { path, then }),
    };
    Choice::run(Cmd::ResolveConflict(path, then, choice))
}

/// The open draft was changed on disk while the window was open: never applied unasked.
pub(super) fn changed_on_disk_ui(
    app: &mut View,
    ui: &mut egui::Ui,
    path: std::path::PathBuf,
) -> Choice {
    ui.heading("文件在磁盘上已被修改");
    ui.label(format!(
        "{}
已被其他人或其他程序保存过，与本窗口的文本不同。",
        path.display()
    ));
    ui.label(if app.session.doc().is_modified() {
        "重新载入会显示磁盘上的版本，本窗口未保存的修改可用“撤销”找回。"
    } else {
        "重新载入会显示磁盘上的版本（可撤销）。"
    });
    let choice = match buttons(ui, &["保留当前文本", "重新载入", "比较"]) {
        Some(0) => ChangedChoice::Keep,
        Some(1) => ChangedChoice::Reload,
        Some(_) => ChangedChoice::Compare,
        None => return Choice::Update(Modal::ChangedOnDisk(path)),
    };
    Choice::run(Cmd::ResolveChanged(choice))
}

pub(super) fn rename_ui(ui: &mut egui::Ui, id: SectionId, mut text: String) -> Choice {
    ui.heading("重命名小节");
    let l = ui.label("新标题");
    let r = ui
        .add(egui::TextEdit::singleline(&mut text).desired_width(420.0))
        .labelled_by(l.id);
    if !r.has_focus() && !r.lost_focus() && !ui.ctx().memory(|m| m.focused().is_some()) {
        r.request_focus();
    }
    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let choice = buttons(ui, &["确定", "取消"]);
    if enter || choice == Some(0) {
        return Choice::run(Cmd::Edit(Edit::SetText {
            target: TextRef::Heading(id),
            text,
        }));
    }
    if choice == Some(1) {
        Choice::Close
    } else {
        Choice::Update(Modal::Rename(id, text))
    }
}

pub(super) fn message_ui(ui: &mut egui::Ui, title: String, body: String) -> Choice {
    ui.heading(title);
    ui.label(body);
    match buttons(ui, &["确定"]) {
        Some(_) => Choice::Close,
        None => Choice::None,
    }
}

pub(super) fn recover_ui(ui: &mut egui::Ui, r: &Recovery) -> Choice {
    ui.heading("恢复未保存的内容");
    let name = r
        .original
        .as_ref()
        .map_or_else(|| "未命名讲稿".to_owned(), |p| p.display().to_string());
    ui.label(format!(
        "上次没有正常退出，自动保存了“{name}”的未保存内容。要恢复吗？"
    ));
    ui.label(RichText::new(format!("标题：{}", r.speech.title)).weak());
    match buttons(ui, &["恢复", "丢弃"]) {
        Some(choice) => Choice::run(Cmd::ResolveRecovery(choice == 0)),
        None => Choice::None,
    }
}
