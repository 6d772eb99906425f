//! The versions of a speech: saving one, the list (view, compare, restore, rename, delete)
//! and the comparison of any two texts, change by change.

use egui::text::{LayoutJob, TextFormat};
use egui::{FontId, RichText, Stroke};

use super::{Choice, buttons};
use crate::app::UiCommand;
use crate::app::{Cmd, Modal, View};
use crate::compare::{Comparison, ParaChange, PartChange, Piece};
use crate::doc::edit::Edit;

/// Which text a comparison side shows: a version by index, or the current text.
pub type Side = Option<usize>;

/// A comparison on screen.
#[derive(Clone, Debug)]
pub struct CompareView {
    /// Shared: the modal is copied every frame, the comparison is not.
    pub comparison: std::sync::Arc<Comparison>,
    /// The change the view is on (index into [`change_items`]).
    pub current: usize,
    /// Scroll to the current change on the next frame.
    pub scroll: bool,
    pub only_changes: bool,
    /// The older side is the draft on disk at this path (someone else's save), not a version:
    /// the way on is to reload it or to save over it, not back to the versions.
    pub disk: Option<std::path::PathBuf>,
}

impl CompareView {
    /// A comparison shown from its first change, changes only.
    pub fn new(comparison: std::sync::Arc<Comparison>) -> CompareView {
        CompareView {
            comparison,
            current: 0,
            scroll: true,
            only_changes: true,
            disk: None,
        }
    }
}

/// The name of a side.
pub fn side_name(app: &View, side: Side) -> String {
    match side.and_then(|i| app.speech().versions.get(i)) {
        Some(v) => format!("{}（{}）", v.name, v.saved),
        None => "当前文本".into(),
    }
}

fn side_speech(app: &View, side: Side) -> crate::doc::model::Speech {
    match side.and_then(|i| app.speech().versions.get(i)) {
        Some(v) => v.speech.clone(),
        None => {
            let mut s = app.speech().clone();
            s.versions.clear();
            s
        }
    }
}

/// Compares two sides and shows the comparison.
pub fn open_comparison(app: &View, old: Side, new: Side) -> Choice {
    let comparison = crate::compare::compare(
        &side_speech(app, old),
        &side_speech(app, new),
        &side_name(app, old),
        &side_name(app, new),
    );
    Choice::Update(Modal::Compare(Box::new(CompareView::new(
        std::sync::Arc::new(comparison),
    ))))
}

/// Where each change is: (part index, paragraph index or `None` for the part itself).
pub fn change_items(c: &Comparison) -> Vec<(usize, Option<usize>)> {
    let mut out = Vec::new();
    for (i, part) in c.parts.iter().enumerate() {
        if part.moved || part.swapped || part.renamed || part.added() || part.removed() {
            out.push((i, None));
            if part.added() || part.removed() {
                continue;
            }
        }
        for (k, p) in part.paragraphs.iter().enumerate() {
            if p.is_change() {
                out.push((i, Some(k)));
            }
        }
    }
    out
}

pub fn save_version_ui(ui: &mut egui::Ui, mut name: String, mut note: String) -> Choice {
    ui.heading("把当前文本存为版本");
    ui.label("把当前文本存为一个版本，以后可以查看、对比或恢复。版本随草稿一起保存。");
    let l = ui.label("版本名称");
    let r = ui
        .add(egui::TextEdit::singleline(&mut name).desired_width(420.0))
        .labelled_by(l.id);
    // Focus the name, but not on the frame Enter took it away (that Enter saves).
    if !r.has_focus() && !r.lost_focus() && !ui.ctx().memory(|m| m.focused().is_some()) {
        r.request_focus();
    }
    let l = ui.label("备注（可不填）");
    ui.add(
        egui::TextEdit::singleline(&mut note)
            .desired_width(420.0)
            .hint_text("如：按王书记意见修改"),
    )
    .labelled_by(l.id);
    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let choice = buttons(ui, &["保存版本", "取消"]);
    if enter || choice == Some(0) {
        // The version is part of the draft: it is written at once (dispatch saves after it).
        return Choice::Run(vec![Cmd::Edit(Edit::SaveVersion {
            name,
            saved: now(),
            note,
        })]);
    }
    if choice.is_some() {
        return Choice::Close;
    }
    Choice::Update(Modal::SaveVersion { name, note })
}

/// The local time, as versions show it.
pub fn now() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M").to_string()
}

pub fn versions_ui(app: &mut View, ui: &mut egui::Ui, mut old: Side, mut new: Side) -> Choice {
    ui.heading("版本");
    let versions = app.speech().versions.clone();
    if versions.is_empty() {
        ui.label("还没有保存过版本。用“保存版本…”把当前文本存为一稿、二稿……");
    }
    let mut then: Option<Choice> = None;
    egui::ScrollArea::vertical()
        .max_height(300.0)
        .show(ui, |ui| {
            for (i, v) in versions.iter().enumerate() {
                ui.separator();
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&v.name).strong());
                    ui.weak(&v.saved);
                    ui.weak(format!("{} 字", crate::doc::stats::stats(&v.speech).han));
                });
                if !v.note.is_empty() {
                    ui.label(&v.note);
                }
                ui.horizontal(|ui| {
                    if ui.button("查看").clicked() {
                        then = Some(Choice::Update(Modal::ViewVersion(i)));
                    }
                    if ui.button("与当前对比").clicked() {
                        then = Some(open_comparison(app, Some(i), None));
                    }
                    if ui
                        .button("恢复")
                        .on_hover_text("当前文本换成这个版本（可撤销）")
                        .clicked()
                    {
                        then = Some(restore(app, i));
                    }
                    if ui.button("改名").clicked() {
                        let (name, note) = (v.name.clone(), v.note.clone());
                        then = Some(Choice::Update(Modal::RenameVersion {
                            index: i,
                            name,
                            note,
                        }));
                    }
                    if ui.button("删除").on_hover_text("可撤销").clicked() {
                        let name = v.name.clone();
                        then = Some(Choice::Run(vec![
                            Cmd::Status(format!("已删除版本“{name}”（可撤销）")),
                            Cmd::Edit(Edit::DeleteVersion { index: i }),
                            Cmd::Run(UiCommand::Versions),
                        ]));
                    }
                });
            }
        });
    if let Some(choice) = then {
        return choice;
    }
    ui.separator();
    // Any two: versions or the current text.
    let sides: Vec<(Side, String)> = (0..versions.len())
        .map(|i| (Some(i), versions[i].name.clone()))
        .chain(std::iter::once((None, "当前文本".to_owned())))
        .collect();
    let name_of = |s: Side| {
        sides
            .iter()
            .find(|(x, _)| *x == s)
            .map_or_else(|| "当前文本".to_owned(), |(_, n)| n.clone())
    };
    ui.horizontal(|ui| {
        let l = ui.label("对比原稿");
        egui::ComboBox::from_id_salt("version-old")
            .selected_text(name_of(old))
            .show_ui(ui, |ui| {
                for (s, n) in &sides {
                    ui.selectable_value(&mut old, *s, n);
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label("与新稿");
        egui::ComboBox::from_id_salt("version-new")
            .selected_text(name_of(new))
            .show_ui(ui, |ui| {
                for (s, n) in &sides {
                    ui.selectable_value(&mut new, *s, n);
                }
            })
            .response
            .labelled_by(l.id);
    });
    match buttons(ui, &["对比", "保存版本…", "关闭"]) {
        Some(0) => open_comparison(app, old, new),
        Some(1) => Choice::run(Cmd::Run(UiCommand::SaveVersion)),
        Some(_) => Choice::Close,
        None => Choice::Update(Modal::Versions { old, new }),
    }
}

fn restore(app: &View, index: usize) -> Choice {
    let name = app
        .speech()
        .versions
        .get(index)
        .map(|v| v.name.clone())
        .unwrap_or_default();
    Choice::Run(vec![
        Cmd::Status(format!("已恢复为版本“{name}”，可撤销（Ctrl+Z）")),
        Cmd::Edit(Edit::RestoreVersion { index }),
    ])
}

pub fn rename_version_ui(
    ui: &mut egui::Ui,
    index: usize,
    mut name: String,
    mut note: String,
) -> Choice {
    ui.heading("版本改名");
    let l = ui.label("版本名称");
    ui.add(egui::TextEdit::singleline(&mut name).desired_width(420.0))
        .labelled_by(l.id);
    let l = ui.label("备注");
    ui.add(egui::TextEdit::singleline(&mut note).desired_width(420.0))
        .labelled_by(l.id);
    match buttons(ui, &["确定", "取消"]) {
        Some(0) => Choice::Run(vec![
            Cmd::Edit(Edit::RenameVersion { index, name, note }),
            Cmd::Run(UiCommand::Versions),
        ]),
        Some(_) => Choice::run(Cmd::Run(UiCommand::Versions)),
        None => Choice::Update(Modal::RenameVersion { index, name, note }),
    }
}

pub fn view_version_ui(app: &mut View, ui: &mut egui::Ui, index: usize) -> Choice {
    let Some(v) = app.speech().versions.get(index).cloned() else {
        return Choice::Close;
    };
    ui.heading(format!("{}（只读）", v.name));
    ui.weak(format!("{}　{}", v.saved, v.note));
    let text = crate::export::render(&v.speech);
    egui::ScrollArea::vertical()
        .max_height(ui.ctx().content_rect().height() * 0.6)
        .show(ui, |ui| {
            ui.add(egui::Label::new(text).wrap());
        });
    match buttons(ui, &["关闭", "与当前对比", "恢复此版本"]) {
        Some(1) => open_comparison(app, Some(index), None),
        Some(2) => restore(app, index),
        Some(_) => Choice::run(Cmd::Run(UiCommand::Versions)),
        None => Choice::None,
    }
}

/// A changed text as one layout: removed text struck through in red, added text underlined in
/// green.
fn pieces_job(ui: &egui::Ui, pieces: &[Piece]) -> LayoutJob {
    let font = FontId::proportional(ui.style().text_styles[&egui::TextStyle::Body].size);
    let normal = ui.visuals().text_color();
    let (added, removed) = crate::app::theme::change_marks(ui.visuals().dark_mode);
    let mut job = LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    for p in pieces {
        let (text, format) = match p {
            Piece::Same(t) => (t, TextFormat::simple(font.clone(), normal)),
            Piece::Added(t) => (
                t,
                TextFormat {
                    underline: Stroke::new(1.5, added),
                    background: added.gamma_multiply(0.15),
                    ..TextFormat::simple(font.clone(), added)
                },
            ),
            Piece::Removed(t) => (
                t,
                TextFormat {
                    strikethrough: Stroke::new(1.5, removed),
                    ..TextFormat::simple(font.clone(), removed)
                },
            ),
        };
        job.append(text, 0.0, format);
    }
    job
}

/// A frame around the change the view is on (underlining is taken: it marks added text).
fn mark_current(ui: &egui::Ui, r: &egui::Response) {
    ui.painter().rect_stroke(
        r.rect.expand(3.0),
        3.0,
        Stroke::new(2.0, ui.visuals().selection.stroke.color),
        egui::StrokeKind::Outside,
    );
}

fn part_header(part: &PartChange) -> String {
    let notes = part.notes();
    if notes.is_empty() {
        part.title()
    } else {
        format!("{}　〔{}〕", part.title(), notes.join("，"))
    }
}

pub fn compare_ui(ui: &mut egui::Ui, mut view: CompareView) -> Choice {
    let c = view.comparison.clone();
    let items = change_items(&c);
    let t = c.totals();
    ui.heading("对比");
    ui.label(format!("{} → {}", c.old_name, c.new_name));
    if c.is_equal() {
        ui.label("两稿相同。");
    } else {
        ui.label(t.summary());
    }
    if c.coarse {
        ui.colored_label(crate::app::theme::WARNING, crate::compare::COARSE_NOTE);
    }
    let mut nav = None;
    ui.horizontal(|ui| {
        let n = items.len();
        if ui.add_enabled(n > 0, egui::Button::new("上一处")).clicked() {
            nav = Some((view.current + n - 1) % n);
        }
        if ui.add_enabled(n > 0, egui::Button::new("下一处")).clicked() {
            nav = Some((view.current + 1) % n);
        }
        if n > 0 {
            ui.label(format!("第 {}/{n} 处", view.current + 1));
        }
        ui.checkbox(&mut view.only_changes, "只看改动");
    });
    if let Some(k) = nav {
        view.current = k;
        view.scroll = true;
    }
    let (added, removed) = crate::app::theme::change_marks(ui.visuals().dark_mode);
    egui::ScrollArea::vertical()
        .max_height(ui.ctx().content_rect().height() * 0.6)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for f in &c.fields {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(format!("{}：", f.field)).strong());
                    ui.label(pieces_job(ui, &f.pieces));
                });
            }
            for (i, part) in c.parts.iter().enumerate() {
                if view.only_changes && !part.is_change() {
                    continue;
                }
                let here = items.get(view.current) == Some(&(i, None));
                let header = ui.label(RichText::new(part_header(part)).strong().color(
                    if part.added() {
                        added
                    } else if part.removed() {
                        removed
                    } else {
                        ui.visuals().strong_text_color()
                    },
                ));
                if here {
                    if view.scroll {
                        header.scroll_to_me(Some(egui::Align::Center));
                    }
                    mark_current(ui, &header);
                }
                if part.renamed {
                    ui.label(pieces_job(ui, &part.heading_pieces));
                }
                for (k, p) in part.paragraphs.iter().enumerate() {
                    if view.only_changes && !p.is_change() {
                        continue;
                    }
                    let pieces = match p {
                        ParaChange::Same { text } => vec![Piece::Same(text.clone())],
                        ParaChange::Added { text } => vec![Piece::Added(text.clone())],
                        ParaChange::Removed { text } => vec![Piece::Removed(text.clone())],
                        ParaChange::Changed { pieces } => pieces.clone(),
                    };
                    let r = ui.label(pieces_job(ui, &pieces));
                    if items.get(view.current) == Some(&(i, Some(k))) {
                        if view.scroll {
                            r.scroll_to_me(Some(egui::Align::Center));
                        }
                        mark_current(ui, &r);
                    }
                }
                ui.add_space(6.0);
            }
        });
    view.scroll = false;
    let labels: &[&str] = if view.disk.is_some() {
        &[
            "关闭",
            "导出修改对照…",
            "重新载入磁盘上的版本",
            "保存本窗口的文本（覆盖）",
        ]
    } else {
        &["关闭", "导出修改对照…", "返回版本"]
    };
    match (buttons(ui, labels), view.disk.clone()) {
        (Some(1), _) => Choice::run(Cmd::ExportComparison(view.comparison.clone())),
        (Some(2), None) => Choice::run(Cmd::Run(UiCommand::Versions)),
        (Some(2), Some(_)) => {
            Choice::run(Cmd::ResolveChanged(crate::session::ChangedChoice::Reload))
        }
        (Some(3), Some(path)) => Choice::run(Cmd::ResolveConflict(
            path,
            None,
            crate::session::ConflictChoice::Overwrite,
        )),
        (Some(_), _) => Choice::Close,
        (None, _) => Choice::Update(Modal::Compare(Box::new(view))),
    }
}
