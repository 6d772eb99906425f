//! The app's own file chooser, shown when the native dialog cannot open, so that saving
//! always works.

use egui::RichText;

use super::{Choice, buttons};
use crate::app::{Cmd, DialogKind, Modal, PathEntry, View};

/// The app's own file chooser: a path to type, with the current and recent folders one click
/// away. Shown when the native dialog cannot open, so that saving always works.
pub(super) fn path_entry_ui(app: &mut View, ui: &mut egui::Ui, mut entry: PathEntry) -> Choice {
    let (heading, action) = match entry.kind {
        DialogKind::Open => ("打开草稿", "打开"),
        DialogKind::ImportText => ("导入文本或 Word 文档", "导入"),
        DialogKind::ImportReview => ("导入修改稿（带修订和批注的 Word 文档）", "导入"),
        DialogKind::SaveDraft { .. } => ("保存草稿", "保存"),
        DialogKind::ExportText { .. } => ("导出纯文本", "导出"),
        DialogKind::ExportDocx { .. } => ("导出 Word 文档", "导出"),
        DialogKind::ExportPdf { .. } => ("导出 PDF", "导出"),
        DialogKind::ExportComparison { .. } => ("导出修改对照（.txt 或 .docx）", "导出"),
    };
    ui.heading(heading);
    ui.label("系统的选择文件窗口打不开，请在下面输入文件的位置（Tab 键补全名字，或点选下面的文件夹和文件）。");
    // The technical reason, for whoever looks after the computer.
    ui.label(
        egui::RichText::new(format!("原因（供电脑管理员参考）：{}", entry.why))
            .small()
            .weak(),
    );
    let l = ui.label("文件位置");
    let field = egui::Id::unique("jianggao-path-entry");
    // Tab completes the name typed, as a shell does, instead of leaving the field.
    let tab = ui.memory(|m| m.has_focus(field))
        && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Tab));
    if tab
        && let Some(done) = crate::store::files::complete_path(&entry.text, entry.kind.extensions())
    {
        entry.text = done;
        let end = egui::text::CCursor::new(entry.text.chars().count());
        set_cursor(ui.ctx(), field, egui::text::CCursorRange::one(end));
    }
    let r = ui
        .add(
            egui::TextEdit::singleline(&mut entry.text)
                .id(field)
                .desired_width(440.0),
        )
        .labelled_by(l.id);
    // Read before focus is requested again: Enter is what made the field lose it.
    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if !r.lost_focus() && !ui.ctx().memory(|m| m.focused().is_some()) {
        r.request_focus();
        // As a save dialog does: the file's name is selected, ready to be typed over (the
        // caret where the last entry left it landed inside the new name).
        select_name(ui.ctx(), r.id, &entry.text, entry.kind.is_save());
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
    folder_list_ui(ui, &mut entry);
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
            // Replacing the file was confirmed here already: not asked again.
            Ok(path) if entry.overwrite => return Choice::run(Cmd::Overwrite(entry.purpose, path)),
            Ok(path) => return Choice::run(Cmd::Chose(entry.purpose, path)),
            Err((problem, overwrite)) => {
                entry.problem = Some(problem);
                entry.overwrite = overwrite;
            }
        }
    }
    Choice::Update(Modal::PathEntry(Box::new(entry)))
}

/// What the folder of the typed path holds (its subfolders and the files of this kind), one
/// click to take: a folder goes into the path, a file becomes it.
fn folder_list_ui(ui: &mut egui::Ui, entry: &mut PathEntry) {
    let typed = std::path::Path::new(&entry.text);
    let folder = if entry.text.ends_with(std::path::is_separator) {
        typed.to_owned()
    } else {
        typed
            .parent()
            .map(std::path::Path::to_owned)
            .unwrap_or_default()
    };
    if folder.as_os_str().is_empty() {
        return;
    }
    let listed = match &entry.listing {
        Some((listed_folder, listed)) if *listed_folder == folder => listed.clone(),
        _ => {
            let listed = std::sync::Arc::new(crate::store::files::list_folder(
                &folder,
                entry.kind.extensions(),
                200,
            ));
            entry.listing = Some((folder.clone(), listed.clone()));
            listed
        }
    };
    if listed.is_empty() {
        return;
    }
    let mut chosen = None;
    egui::ScrollArea::vertical()
        .id_salt("path-entry-list")
        .max_height(140.0)
        .show(ui, |ui| {
            for (name, is_folder) in listed.iter() {
                let label = if *is_folder {
                    format!("{name}/")
                } else {
                    name.clone()
                };
                if ui.small_button(label).clicked() {
                    chosen = Some((name.clone(), *is_folder));
                }
            }
        });
    if let Some((name, is_folder)) = chosen {
        let kept = typed
            .file_name()
            .filter(|_| !entry.text.ends_with(std::path::is_separator))
            .map(|n| n.to_owned());
        entry.text = if is_folder {
            // Into the folder, keeping a name being written.
            let inside = folder.join(&name);
            match (entry.kind.is_save(), kept) {
                (true, Some(n)) => inside.join(n).display().to_string(),
                _ => format!("{}{}", inside.display(), std::path::MAIN_SEPARATOR),
            }
        } else {
            folder.join(&name).display().to_string()
        };
        entry.problem = None;
        entry.overwrite = false;
    }
}

/// Selects the file name without its extension (a file to write), or puts the caret at the end
/// (a file to read).
fn select_name(ctx: &egui::Context, id: egui::Id, text: &str, save: bool) {
    use egui::text::{CCursor, CCursorRange};
    let end = text.chars().count();
    let range = if save {
        let name_start = text
            .rfind(std::path::is_separator)
            .map_or(0, |i| text[..=i].chars().count());
        let stem_end = text[..]
            .rfind('.')
            .map(|i| text[..i].chars().count())
            .filter(|e| *e > name_start)
            .unwrap_or(end);
        CCursorRange::two(CCursor::new(name_start), CCursor::new(stem_end))
    } else {
        CCursorRange::one(CCursor::new(end))
    };
    set_cursor(ctx, id, range);
}

/// Puts the cursor (or selection) of the text box `id` on `range`.
fn set_cursor(ctx: &egui::Context, id: egui::Id, range: egui::text::CCursorRange) {
    let mut state = egui::text_edit::TextEditState::load(ctx, id).unwrap_or_default();
    state.cursor.set_char_range(Some(range));
    state.store(ctx, id);
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
