//! The command palette: every command of the table, found by its name or pinyin initials.

use egui::Key;

use super::Choice;
use crate::app::commands::{UiCommand, run};
use crate::app::{Modal, View};

/// The command palette: type part of a label or its pinyin initials, Up/Down to choose, Enter
/// to run.
pub(super) fn palette_ui(
    app: &mut View,
    ui: &mut egui::Ui,
    mut query: String,
    mut selected: usize,
) -> Choice {
    ui.heading("查找功能");
    let l = ui.label("输入命令名称或拼音首字母");
    let r = ui
        .add(egui::TextEdit::singleline(&mut query).desired_width(420.0))
        .labelled_by(l.id);
    if !r.has_focus() && !r.lost_focus() {
        r.request_focus();
    }
    let found: Vec<UiCommand> = UiCommand::ALL
        .iter()
        .copied()
        .filter(|c| {
            *c != UiCommand::Palette && c.matches(&query) && c.enabled(app.session, app.selected)
        })
        .collect();
    if r.changed() {
        selected = 0;
    }
    let (up, down, enter, escape) = ui.input(|i| {
        (
            i.key_pressed(Key::ArrowUp),
            i.key_pressed(Key::ArrowDown),
            i.key_pressed(Key::Enter),
            i.key_pressed(Key::Escape),
        )
    });
    if !found.is_empty() {
        if down {
            selected = (selected + 1) % found.len();
        }
        if up {
            selected = (selected + found.len() - 1) % found.len();
        }
    }
    selected = selected.min(found.len().saturating_sub(1));
    let ctx = ui.ctx().clone();
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .max_height(320.0)
        .show(ui, |ui| {
            if found.is_empty() {
                ui.weak("没有这样的命令");
            }
            for (k, c) in found.iter().enumerate() {
                let text = format!("{}    {}", c.label(), c.shortcut_text(&ctx));
                if ui.selectable_label(k == selected, text).clicked() {
                    clicked = Some(*c);
                }
            }
        });
    if escape {
        return Choice::Close;
    }
    let chosen = clicked.or_else(|| enter.then(|| found.get(selected).copied()).flatten());
    match chosen {
        Some(c) => {
            run(app, c);
            Choice::Close
        }
        None => Choice::Update(Modal::Palette { query, selected }),
    }
}
