//! Pasting a speech for import, and the import report.

use super::{Choice, buttons};
use crate::app::{Cmd, Modal};

pub(super) fn paste_ui(ui: &mut egui::Ui, mut text: String) -> Choice {
    ui.heading("从剪贴板新建");
    ui.label("把讲话稿文本粘贴到下面（Ctrl+V），自动识别标题、称谓、层次和结尾。");
    let l = ui.label("讲话稿文本");
    egui::ScrollArea::vertical()
        .max_height(300.0)
        .show(ui, |ui| {
            let r = ui
                .add(
                    egui::TextEdit::multiline(&mut text)
                        .desired_rows(12)
                        .desired_width(440.0),
                )
                .labelled_by(l.id);
            // Ready for Ctrl+V at once.
            if !ui.ctx().memory(|m| m.focused().is_some()) {
                r.request_focus();
            }
        });
    let choice = buttons(ui, &["导入", "取消"]);
    match choice {
        Some(0) if !text.trim().is_empty() => Choice::run(Cmd::ImportText(text)),
        Some(1) => Choice::Close,
        _ => Choice::Update(Modal::Paste(text)),
    }
}

pub(super) fn import_report_ui(ui: &mut egui::Ui, report: String) -> Choice {
    ui.heading("导入报告");
    egui::ScrollArea::vertical()
        // Each report from its top, not at the last report's scroll position.
        .id_salt((
            "import-report",
            crate::store::files::content_hash(report.as_bytes()),
        ))
        .max_height(360.0)
        .show(ui, |ui| {
            ui.label(report);
        });
    match buttons(ui, &["确定"]) {
        Some(_) => Choice::Close,
        None => Choice::None,
    }
}
