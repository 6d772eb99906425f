//! Pasting a speech for import, and the import report.

use super::{Choice, buttons};
use crate::app::{Cmd, Modal};
use crate::doc::edit::Edit;

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

pub(super) fn import_report_ui(
    app: &crate::app::View,
    ui: &mut egui::Ui,
    report: String,
    mut spots: Vec<crate::import::ReviewSpot>,
) -> Choice {
    ui.heading("导入报告");
    egui::ScrollArea::vertical()
        // Each report from its top, not at the last report's scroll position.
        .id_salt((
            "import-report",
            crate::store::files::content_hash(report.as_bytes()),
        ))
        .max_height(if spots.is_empty() { 360.0 } else { 240.0 })
        .show(ui, |ui| {
            ui.label(&report);
        });
    let mut ran = None;
    if !spots.is_empty() {
        ui.separator();
        ui.strong("请核对这些猜测（一键改正，可撤销）");
        egui::ScrollArea::vertical()
            .id_salt("import-report-spots")
            .max_height(200.0)
            .show(ui, |ui| {
                for (k, spot) in spots.iter().enumerate() {
                    ui.label(&spot.what);
                    ui.horizontal_wrapped(|ui| {
                        if ui.button("转到").clicked() {
                            ran = Some((
                                k,
                                Cmd::GoTo {
                                    target: spot.at,
                                    chars: 0..0,
                                },
                            ));
                        }
                        // What the text may become now: a fix made above can change it.
                        for role in crate::doc::edit::roles_for(app.speech(), spot.at) {
                            if ui.button(role.label()).clicked() {
                                ran = Some((
                                    k,
                                    Cmd::Edit(Edit::SetRole {
                                        target: spot.at,
                                        role,
                                    }),
                                ));
                            }
                        }
                    });
                }
            });
    }
    if let Some((k, cmd)) = ran {
        // Going there closes the report; a fix keeps it open for the next guess.
        if matches!(cmd, Cmd::GoTo { .. }) {
            return Choice::run(cmd);
        }
        spots.remove(k);
        return Choice::UpdateAndRun(Modal::ImportReport(report, spots), vec![cmd]);
    }
    match buttons(ui, &["确定"]) {
        Some(_) => Choice::Close,
        None => Choice::None,
    }
}
