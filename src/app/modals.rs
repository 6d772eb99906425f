//! Modals: unsaved changes, delete confirmation, rename, export options and the blank gate,
//! messages (errors and reports) and crash recovery.

use egui::{Id, RichText};

use super::{Cmd, JianggaoApp, Modal};
use crate::edit::Edit;
use crate::export::{Encoding, LineEnding};
use crate::model::TextRef;
use crate::numbering;

/// What the user chose in a modal this frame.
enum Choice {
    None,
    Close,
    Then(Box<dyn FnOnce(&mut JianggaoApp)>),
}

pub fn modal_ui(app: &mut JianggaoApp, ctx: &egui::Context) {
    let Some(modal) = app.modal.clone() else {
        return;
    };
    let choice = egui::Modal::new(Id::unique("jianggao-modal"))
        .show(ctx, |ui| {
            ui.set_max_width(460.0);
            body_ui(app, ui, modal)
        })
        .inner;
    match choice {
        Choice::None => {}
        Choice::Close => app.modal = None,
        Choice::Then(f) => {
            app.modal = None;
            f(app);
        }
    }
}

fn buttons(ui: &mut egui::Ui, labels: &[&str]) -> Option<usize> {
    let mut clicked = None;
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        for (i, label) in labels.iter().enumerate() {
            let b = ui.button(*label);
            if i == 0 && !ui.ctx().memory(|m| m.focused().is_some()) {
                // The first button is the default: Enter activates it.
                b.request_focus();
            }
            if b.clicked() {
                clicked = Some(i);
            }
        }
    });
    clicked
}

fn body_ui(app: &mut JianggaoApp, ui: &mut egui::Ui, modal: Modal) -> Choice {
    match modal {
        Modal::Unsaved(then) => {
            ui.heading("有未保存的修改");
            ui.label(format!(
                "“{}”有未保存的修改。要先保存吗？",
                display_name(app)
            ));
            match buttons(ui, &["保存", "不保存", "取消"]) {
                Some(0) => Choice::Then(Box::new(move |app| {
                    app.save(Some(then));
                })),
                Some(1) => Choice::Then(Box::new(move |app| {
                    // The user chose to drop the changes: mark them handled, then go on.
                    app.doc.mark_saved();
                    app.continue_pending(Some(then));
                })),
                Some(_) => Choice::Close,
                None => Choice::None,
            }
        }
        Modal::ConfirmDelete(id) => {
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
            match buttons(ui, &["取消", "删除"]) {
                Some(1) => Choice::Then(Box::new(move |app| {
                    app.queue.push(Cmd::Edit(Edit::DeleteSection { id }));
                })),
                Some(_) => Choice::Close,
                None => Choice::None,
            }
        }
        Modal::Rename(id, mut text) => {
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
                return Choice::Then(Box::new(move |app| {
                    app.queue.push(Cmd::Edit(Edit::SetText {
                        target: TextRef::Heading(id),
                        text,
                    }));
                }));
            }
            app.modal = Some(Modal::Rename(id, text));
            if choice == Some(1) {
                Choice::Close
            } else {
                Choice::None
            }
        }
        Modal::ExportOptions => {
            ui.heading("导出纯文本");
            ui.label("编码");
            for e in Encoding::ALL {
                ui.radio_value(&mut app.export_options.encoding, e, e.label());
            }
            ui.label("换行");
            ui.radio_value(
                &mut app.export_options.line_ending,
                LineEnding::Lf,
                "LF（Linux、macOS）",
            );
            ui.radio_value(
                &mut app.export_options.line_ending,
                LineEnding::CrLf,
                "CRLF（Windows 记事本）",
            );
            match buttons(ui, &["选择位置并导出…", "取消"]) {
                Some(0) => Choice::Then(Box::new(|app| app.begin_export())),
                Some(_) => Choice::Close,
                None => Choice::None,
            }
        }
        Modal::ExportBlocked(blanks) => {
            ui.heading("还有待填项");
            ui.label(format!(
                "还有 {} 处待填项未填写。导出的文本会带着这些空白交给领导。",
                blanks.len()
            ));
            egui::ScrollArea::vertical()
                .max_height(220.0)
                .show(ui, |ui| {
                    for f in &blanks {
                        ui.label(format!("{}  {}", f.location, f.excerpt));
                    }
                });
            match buttons(ui, &["返回修改", "仍然导出"]) {
                Some(1) => Choice::Then(Box::new(|app| app.ask_export_path(true))),
                Some(_) => Choice::Then(Box::new(move |app| {
                    if let Some(f) = blanks.first()
                        && let Some(target) = f.location.target
                    {
                        app.queue.push(Cmd::GoTo {
                            target,
                            chars: f.location.chars.clone(),
                        });
                    }
                })),
                None => Choice::None,
            }
        }
        Modal::Message { title, body } => {
            ui.heading(title);
            ui.label(body);
            match buttons(ui, &["确定"]) {
                Some(_) => Choice::Close,
                None => Choice::None,
            }
        }
        Modal::Paste(mut text) => {
            ui.heading("从剪贴板新建");
            ui.label("把讲话稿文本粘贴到下面（Ctrl+V），自动识别标题、称谓、层次和结尾。");
            let l = ui.label("讲话稿文本");
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    ui.add(
                        egui::TextEdit::multiline(&mut text)
                            .desired_rows(12)
                            .desired_width(440.0),
                    )
                    .labelled_by(l.id);
                });
            let choice = buttons(ui, &["导入", "取消"]);
            match choice {
                Some(0) if !text.trim().is_empty() => {
                    Choice::Then(Box::new(move |app| app.import(&text)))
                }
                Some(1) => Choice::Close,
                _ => {
                    app.modal = Some(Modal::Paste(text));
                    Choice::None
                }
            }
        }
        Modal::ImportReport(report) => {
            ui.heading("导入报告");
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    ui.label(report);
                });
            match buttons(ui, &["确定"]) {
                Some(_) => Choice::Close,
                None => Choice::None,
            }
        }
        Modal::Boundary(id, mut at) => {
            let Some(section) = app.speech().section(id) else {
                return Choice::Close;
            };
            let old = section.heading.chars().count();
            let joined: Vec<char> = section
                .heading
                .chars()
                .chain(
                    section
                        .paragraphs
                        .first()
                        .map_or("", |p| p.text.as_str())
                        .chars(),
                )
                .collect();
            ui.heading("调整标题分界");
            ui.label("标题在“｜”处结束，其后的文字属于第一段。");
            let heading: String = joined[..at].iter().collect();
            let tail: String = joined[at..].iter().take(24).collect();
            ui.label(RichText::new(format!("{heading}｜{tail}…")).strong());
            let is_mark = |c: &char| "，。；：、！？,".contains(*c);
            let mut moved = None;
            ui.horizontal(|ui| {
                if ui.button("« 上一标点").clicked() {
                    moved = Some(
                        (0..at.saturating_sub(1))
                            .rev()
                            .find(|&i| is_mark(&joined[i]))
                            .map_or(0, |i| i + 1),
                    );
                }
                if ui.button("‹ 少一字").clicked() {
                    moved = Some(at.saturating_sub(1));
                }
                if ui.button("多一字 ›").clicked() {
                    moved = Some((at + 1).min(joined.len()));
                }
                if ui.button("下一标点 »").clicked() {
                    moved = Some(
                        (at + 1..joined.len())
                            .find(|&i| is_mark(&joined[i - 1]))
                            .unwrap_or(joined.len()),
                    );
                }
            });
            if let Some(m) = moved {
                at = m;
            }
            app.modal = Some(Modal::Boundary(id, at));
            match buttons(ui, &["确定", "取消"]) {
                Some(0) => Choice::Then(Box::new(move |app| {
                    let chars = at as isize - old as isize;
                    if chars != 0 {
                        app.queue
                            .push(Cmd::Edit(Edit::ShiftHeadingBoundary { id, chars }));
                    }
                })),
                Some(_) => Choice::Close,
                None => Choice::None,
            }
        }
        Modal::Settings(mut settings) => {
            ui.heading("检查规则");
            let mut rules: Vec<crate::checker::rules::Rule> = crate::checker::rules::RULES.to_vec();
            rules.extend(crate::checker::rules::rule(
                crate::checker::rules::COMMON_ERROR,
            ));
            egui::ScrollArea::vertical()
                .max_height(420.0)
                .show(ui, |ui| {
                    for r in rules {
                        let mut on = !settings.disabled_rules.iter().any(|d| d == r.id);
                        let label = format!("{}（{}）", r.name, r.severity.label());
                        if ui
                            .checkbox(&mut on, label)
                            .on_hover_text(r.description)
                            .changed()
                        {
                            settings.disabled_rules.retain(|d| d != r.id);
                            if !on {
                                settings.disabled_rules.push(r.id.to_owned());
                            }
                        }
                    }
                });
            ui.separator();
            ui.horizontal(|ui| {
                let l = ui.label("讲话层级");
                let auto = "按标题判断";
                let shown = settings.level.map_or(auto, |lv| lv.label());
                egui::ComboBox::from_id_salt("level")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut settings.level, None, auto);
                        for lv in crate::checker::rules::Level::ALL {
                            ui.selectable_value(&mut settings.level, Some(lv), lv.label());
                        }
                    })
                    .response
                    .labelled_by(l.id);
            });
            ui.horizontal(|ui| {
                let l = ui.label("语速（字/分）");
                let mut rate = settings.rate.unwrap_or(crate::stats::DEFAULT_RATE);
                ui.add(egui::DragValue::new(&mut rate).range(120..=220))
                    .labelled_by(l.id);
                settings.rate = (rate != crate::stats::DEFAULT_RATE).then_some(rate);
            });
            ui.horizontal(|ui| {
                let l = ui.label("目标时长（分钟，0 为不设）");
                let mut target = settings.target_minutes.unwrap_or(0);
                ui.add(egui::DragValue::new(&mut target).range(0..=180))
                    .labelled_by(l.id);
                settings.target_minutes = (target > 0).then_some(target);
            });
            let dismissed = settings.dismissed.len();
            if dismissed > 0 && ui.button(format!("恢复已忽略的 {dismissed} 处")).clicked() {
                settings.dismissed.clear();
            }
            let choice = buttons(ui, &["确定", "取消"]);
            match choice {
                Some(0) => Choice::Then(Box::new(move |app| {
                    if app.speech().settings != *settings {
                        app.queue.push(Cmd::Edit(Edit::SetSettings(*settings)));
                    }
                })),
                Some(_) => Choice::Close,
                None => {
                    app.modal = Some(Modal::Settings(settings));
                    Choice::None
                }
            }
        }
        Modal::Recover(r) => {
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
                Some(0) => Choice::Then(Box::new(move |app| {
                    let r = *r;
                    app.replace_document(r.speech, r.original);
                    // Restored text is not on disk yet: keep the unsaved marker, and keep the
                    // recovery file until the user saves.
                    app.doc.mark_unsaved();
                    app.autosave();
                    app.status = "已恢复自动保存的内容，请保存".into();
                })),
                Some(_) => Choice::Then(Box::new(|app| app.clear_recovery())),
                None => Choice::None,
            }
        }
    }
}

fn display_name(app: &JianggaoApp) -> String {
    app.path.as_ref().and_then(|p| p.file_name()).map_or_else(
        || "未命名讲稿".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    )
}
