//! Modals: unsaved changes, delete confirmation, rename, export options and the blank gate,
//! messages (errors and reports) and crash recovery.

use egui::{Id, RichText};

use super::{Cmd, DialogKind, Modal, PathEntry, UnsavedChoice, View};
use crate::docx::{Layout, ReadingSize};
use crate::edit::Edit;
use crate::export::{Encoding, Format, LineEnding};
use crate::model::TextRef;
use crate::numbering;

/// What the user chose in a modal this frame.
pub(super) enum Choice {
    /// Nothing yet: the modal stays as it is.
    None,
    Close,
    /// Close the modal and run these.
    Run(Vec<Cmd>),
    /// The modal stays, with this state.
    Update(Modal),
}

impl Choice {
    pub(super) fn run(cmd: Cmd) -> Choice {
        Choice::Run(vec![cmd])
    }
}

/// Draws the modal on show, if any; what it asks for goes to the queue.
pub fn modal_ui(current: &mut Option<Modal>, app: &mut View, ctx: &egui::Context) {
    let Some(modal) = current.clone() else {
        return;
    };
    // A comparison or a version's text is read like a page, wider than a question.
    let width = match modal {
        Modal::Compare(_) | Modal::ViewVersion(_) => (ctx.content_rect().width() - 80.0).min(900.0),
        _ => 460.0,
    };
    let choice = egui::Modal::new(Id::unique("jianggao-modal"))
        .show(ctx, |ui| {
            ui.set_max_width(width);
            body_ui(app, ui, modal)
        })
        .inner;
    match choice {
        Choice::None => {}
        Choice::Update(m) => *current = Some(m),
        Choice::Close => *current = None,
        Choice::Run(cmds) => {
            *current = None;
            for cmd in cmds {
                app.push(cmd);
            }
        }
    }
}

pub(super) fn buttons(ui: &mut egui::Ui, labels: &[&str]) -> Option<usize> {
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

fn body_ui(app: &mut View, ui: &mut egui::Ui, modal: Modal) -> Choice {
    match modal {
        Modal::SaveVersion { name, note } => super::versions::save_version_ui(ui, name, note),
        Modal::Versions { old, new } => super::versions::versions_ui(app, ui, old, new),
        Modal::RenameVersion { index, name, note } => {
            super::versions::rename_version_ui(ui, index, name, note)
        }
        Modal::ViewVersion(index) => super::versions::view_version_ui(app, ui, index),
        Modal::Compare(view) => super::versions::compare_ui(ui, *view),
        Modal::Palette { query, selected } => super::commands::palette_ui(app, ui, query, selected),
        Modal::Unsaved(then) => {
            ui.heading("有未保存的修改");
            ui.label(format!(
                "“{}”有未保存的修改。要先保存吗？",
                app.session.name()
            ));
            let choice = match buttons(ui, &["保存", "不保存", "取消"]) {
                Some(0) => UnsavedChoice::Save,
                Some(1) => UnsavedChoice::Discard,
                Some(_) => UnsavedChoice::Cancel,
                None => return Choice::None,
            };
            Choice::run(Cmd::ResolveUnsaved(then, choice))
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
                Some(1) => Choice::run(Cmd::Edit(Edit::DeleteSection { id })),
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
        Modal::ExportOptions(mut settings) => {
            ui.heading("导出");
            ui.label("格式");
            ui.radio_value(&mut settings.format, Format::Text, "纯文本（.txt）");
            ui.radio_value(&mut settings.format, Format::Docx, "Word 文档（.docx）");
            ui.separator();
            match settings.format {
                Format::Text => {
                    ui.label("编码");
                    for e in Encoding::ALL {
                        ui.radio_value(&mut settings.options.encoding, e, e.label());
                    }
                    ui.label("换行");
                    ui.radio_value(
                        &mut settings.options.line_ending,
                        LineEnding::Lf,
                        "LF（Linux、macOS）",
                    );
                    ui.radio_value(
                        &mut settings.options.line_ending,
                        LineEnding::CrLf,
                        "CRLF（Windows 记事本）",
                    );
                }
                Format::Docx => {
                    ui.label("版式");
                    let reading = matches!(settings.layout, Layout::Reading(_));
                    if ui
                        .radio(
                            !reading,
                            "公文格式（GB/T 9704，A4，每页 22 行、每行 28 字）",
                        )
                        .clicked()
                    {
                        settings.layout = Layout::Official;
                    }
                    if ui
                        .radio(reading, "大字念稿（领导念稿用，字大行宽）")
                        .clicked()
                    {
                        settings.layout = Layout::Reading(settings.reading_size);
                    }
                    if reading {
                        ui.horizontal(|ui| {
                            ui.label("字号");
                            for z in ReadingSize::ALL {
                                if ui.radio(settings.reading_size == z, z.label()).clicked() {
                                    settings.reading_size = z;
                                    settings.layout = Layout::Reading(z);
                                }
                            }
                        });
                    }
                }
            }
            match buttons(ui, &["选择位置并导出…", "取消"]) {
                Some(0) => Choice::run(Cmd::BeginExport(settings)),
                Some(_) => Choice::Close,
                None => Choice::Update(Modal::ExportOptions(settings)),
            }
        }
        Modal::ExportBlocked(blanks) => {
            let bidi = blanks.len() - crate::checker::blanks(&blanks).count();
            ui.heading(if bidi == 0 {
                "还有待填项"
            } else {
                "还有待处理的问题"
            });
            ui.label(format!(
                "{}。导出的文本会带着这些问题交给领导。",
                crate::export::gate_summary(&blanks)
            ));
            if bidi > 0 {
                ui.label("方向控制字符看不见，却会让文字在别人的电脑上以另一种顺序显示。");
            }
            egui::ScrollArea::vertical()
                .max_height(220.0)
                .show(ui, |ui| {
                    for f in &blanks {
                        ui.label(format!("{}  {}", f.location, f.excerpt));
                    }
                });
            match buttons(ui, &["返回修改", "仍然导出"]) {
                Some(1) => Choice::run(Cmd::ExportAnyway),
                Some(_) => Choice::Run(
                    blanks
                        .first()
                        .and_then(|f| {
                            Some(Cmd::GoTo {
                                target: f.location.target?,
                                chars: f.location.chars.clone(),
                            })
                        })
                        .into_iter()
                        .collect(),
                ),
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
                Some(0) if !text.trim().is_empty() => Choice::run(Cmd::ImportText(text)),
                Some(1) => Choice::Close,
                _ => Choice::Update(Modal::Paste(text)),
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
            match buttons(ui, &["确定", "取消"]) {
                Some(0) => {
                    let chars = at as isize - old as isize;
                    Choice::Run(
                        (chars != 0)
                            .then_some(Cmd::Edit(Edit::ShiftHeadingBoundary { id, chars }))
                            .into_iter()
                            .collect(),
                    )
                }
                Some(_) => Choice::Close,
                None => Choice::Update(Modal::Boundary(id, at)),
            }
        }
        Modal::Settings(mut settings) => {
            ui.heading("检查规则");
            let mut rules: Vec<crate::checker::rules::Rule> = crate::checker::rules::RULES.to_vec();
            rules.extend(crate::checker::rules::rule(
                crate::checker::rules::COMMON_ERROR,
            ));
            // Tall enough for every rule on an ordinary screen, scrolling on a small one.
            let room = (ui.ctx().content_rect().height() - 300.0).clamp(200.0, 560.0);
            egui::ScrollArea::vertical()
                .max_height(room)
                .show(ui, |ui| {
                    for r in rules {
                        let label = format!("{}（{}）", r.name, r.severity.label());
                        if crate::checker::gates_export(r.id) {
                            // Gates export: shown as always on, never a switch.
                            ui.add_enabled(false, egui::Checkbox::new(&mut true, label))
                                .on_disabled_hover_text("始终检查，导出前必须处理，不能关闭");
                            continue;
                        }
                        let mut on = !settings.disabled_rules.iter().any(|d| d == r.id);
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
                Some(0) if app.speech().settings != *settings => {
                    Choice::run(Cmd::Edit(Edit::SetSettings(*settings)))
                }
                Some(_) => Choice::Close,
                None => Choice::Update(Modal::Settings(settings)),
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
                Some(choice) => Choice::run(Cmd::ResolveRecovery(choice == 0)),
                None => Choice::None,
            }
        }
        Modal::PathEntry(entry) => path_entry_ui(app, ui, *entry),
    }
}

/// The app's own file chooser: a path to type, with the current and recent folders one click
/// away. Shown when the native dialog cannot open, so that saving always works.
fn path_entry_ui(app: &mut View, ui: &mut egui::Ui, mut entry: PathEntry) -> Choice {
    let (heading, action) = match entry.kind {
        DialogKind::Open => ("打开草稿", "打开"),
        DialogKind::ImportText => ("导入文本或 Word 文档", "导入"),
        DialogKind::SaveDraft { .. } => ("保存草稿", "保存"),
        DialogKind::ExportText { .. } => ("导出纯文本", "导出"),
        DialogKind::ExportDocx { .. } => ("导出 Word 文档", "导出"),
        DialogKind::ExportComparison { .. } => ("导出修改对照（.txt 或 .docx）", "导出"),
    };
    ui.heading(heading);
    ui.label(format!(
        "无法打开系统的文件对话框（{}）。请直接输入文件的完整路径。",
        entry.why
    ));
    let l = ui.label("文件路径");
    let r = ui
        .add(egui::TextEdit::singleline(&mut entry.text).desired_width(440.0))
        .labelled_by(l.id);
    // Read before focus is requested again: Enter is what made the field lose it.
    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if !r.lost_focus() && !ui.ctx().memory(|m| m.focused().is_some()) {
        r.request_focus();
    }
    if r.changed() {
        entry.problem = None;
        entry.overwrite = false;
    }
    ui.label(RichText::new("文件夹：").weak());
    for folder in app.session.recent_folders() {
        if ui.small_button(folder.display().to_string()).clicked() {
            // Keep the typed file name, change its folder.
            let typed = std::path::PathBuf::from(&entry.text);
            let name = typed
                .file_name()
                .map(|n| n.to_owned())
                .unwrap_or_else(|| entry.kind.suggested().unwrap_or_default().into());
            entry.text = folder.join(name).display().to_string();
            entry.problem = None;
            entry.overwrite = false;
        }
    }
    if let Some(problem) = &entry.problem {
        ui.colored_label(ui.visuals().warn_fg_color, problem);
    }
    let confirm = if entry.overwrite {
        format!("覆盖并{action}")
    } else {
        action.to_owned()
    };
    let choice = buttons(ui, &[&confirm, "取消"]);
    if choice == Some(1) {
        return Choice::Close;
    }
    if enter || choice == Some(0) {
        match check_entry(&entry, &app.session.current_folder()) {
            Ok(path) => return Choice::run(Cmd::Chose(entry.purpose, path)),
            Err((problem, overwrite)) => {
                entry.problem = Some(problem);
                entry.overwrite = overwrite;
            }
        }
    }
    Choice::Update(Modal::PathEntry(Box::new(entry)))
}

/// The path typed, if it can be used: a file to read must exist; a file to write needs an
/// existing folder and, if it exists, a second confirmation. Otherwise the problem, and
/// whether the next confirmation overwrites.
fn check_entry(
    entry: &PathEntry,
    folder: &std::path::Path,
) -> Result<std::path::PathBuf, (String, bool)> {
    let text = entry.text.trim();
    if text.is_empty() {
        return Err(("请输入文件路径".into(), false));
    }
    let mut path = match (text.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::PathBuf::from(home).join(rest),
        _ => std::path::PathBuf::from(text),
    };
    if path.is_relative() {
        path = folder.join(path);
    }
    if path.is_dir() {
        return Err(("这是一个文件夹，请在后面加上文件名".into(), false));
    }
    if !entry.kind.is_save() {
        return if path.is_file() {
            Ok(path)
        } else {
            Err((format!("找不到文件：{}", path.display()), false))
        };
    }
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    if folder.is_some_and(|f| !f.is_dir()) {
        return Err(("文件夹不存在".into(), false));
    }
    let path = crate::session::with_extension(path, entry.kind.extension());
    if path.exists() && !entry.overwrite {
        return Err((
            format!("文件已存在：{}。再按一次将覆盖它。", path.display()),
            true,
        ));
    }
    Ok(path)
}
