//! Modals: one dialog on top of the window at a time. This front module shows the one on show
//! and carries out what the user chose; each dialog is drawn by its own file and returns a
//! [`Choice`] (stay, update, close, or close and run these commands), never a closure.

mod about;
mod boundary;
pub mod dictionary;
mod export;
mod import;
mod palette;
mod path_entry;
mod prompts;
mod settings;
pub mod share;
pub mod templates;
pub mod versions;

use egui::Id;

use crate::app::{Cmd, Modal, View};

/// What the user chose in a modal this frame.
pub enum Choice {
    /// Nothing yet: the modal stays as it is.
    None,
    Close,
    /// Close the modal and run these.
    Run(Vec<Cmd>),
    /// The modal stays, with this state.
    Update(Modal),
    /// The modal stays, with this state, and these run.
    UpdateAndRun(Modal, Vec<Cmd>),
}

impl Choice {
    pub fn run(cmd: Cmd) -> Choice {
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
        Modal::Gallery(_) | Modal::MakeTemplate(_) => {
            (ctx.content_rect().width() - 80.0).min(640.0)
        }
        _ => 460.0,
    };
    let escape = escape_choice(&modal);
    // The template dialogs are as wide as they may be from the first frame: their columns and
    // wrapped texts then keep one size, and the dialog stays where it opened.
    let fixed = matches!(modal, Modal::Gallery(_) | Modal::MakeTemplate(_));
    let shown = egui::Modal::new(Id::unique("jianggao-modal")).show(ctx, |ui| {
        ui.set_max_width(width);
        if fixed {
            ui.set_min_width(width);
        }
        body_ui(app, ui, modal)
    });
    let mut choice = shown.inner;
    // Esc cancels, as in any desktop dialog (not over a drop-down list it closes first).
    if matches!(choice, Choice::None | Choice::Update(_))
        && shown.is_top_modal
        && !shown.any_popup_open
        && let Some(esc) = escape
        && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
    {
        choice = esc;
    }
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
        Choice::UpdateAndRun(m, cmds) => {
            *current = Some(m);
            for cmd in cmds {
                app.push(cmd);
            }
        }
    }
}

/// What Esc does in a modal: the dialog's 取消 (or 确定 where that is all there is). `None`
/// where an answer is needed (the recovery offer: restore or discard) or the dialog handles
/// the key itself (the palette).
fn escape_choice(modal: &Modal) -> Option<Choice> {
    match modal {
        Modal::Recover(_) | Modal::Palette { .. } => None,
        // Keeping this window's text is the cancel of that notice; it says so in the status.
        Modal::ChangedOnDisk(_) => Some(Choice::run(Cmd::ResolveChanged(
            crate::session::ChangedChoice::Keep,
        ))),
        Modal::Unsaved(_)
        | Modal::Share(_)
        | Modal::ConfirmDelete(_)
        | Modal::Rename(..)
        | Modal::ExportOptions(_)
        | Modal::ExportBlocked(_)
        | Modal::ConfirmOverwrite(..)
        | Modal::Message { .. }
        | Modal::Paste(_)
        | Modal::ImportReport(..)
        | Modal::Boundary(..)
        | Modal::Settings(_)
        | Modal::Dictionary(_)
        | Modal::PathEntry(_)
        | Modal::SaveVersion { .. }
        | Modal::Versions { .. }
        | Modal::RenameVersion { .. }
        | Modal::ViewVersion(_)
        | Modal::Compare(_)
        | Modal::SaveConflict { .. }
        | Modal::Gallery(_)
        | Modal::MakeTemplate(_)
        | Modal::About => Some(Choice::Close),
    }
}

pub fn buttons(ui: &mut egui::Ui, labels: &[&str]) -> Option<usize> {
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
        Modal::SaveVersion { name, note } => versions::save_version_ui(ui, name, note),
        Modal::Versions { old, new } => versions::versions_ui(app, ui, old, new),
        Modal::RenameVersion { index, name, note } => {
            versions::rename_version_ui(ui, index, name, note)
        }
        Modal::ViewVersion(index) => versions::view_version_ui(app, ui, index),
        Modal::Compare(view) => versions::compare_ui(ui, *view),
        Modal::Palette { query, selected } => palette::palette_ui(app, ui, query, selected),
        Modal::Unsaved(then) => prompts::unsaved_ui(app, ui, then),
        Modal::ConfirmDelete(id) => prompts::confirm_delete_ui(app, ui, id),
        Modal::Rename(id, text) => prompts::rename_ui(ui, id, text),
        Modal::ExportOptions(settings) => export::export_options_ui(app, ui, settings),
        Modal::ExportBlocked(blanks) => export::export_blocked_ui(ui, &blanks),
        Modal::ConfirmOverwrite(purpose, path) => prompts::confirm_overwrite_ui(ui, purpose, path),
        Modal::Message { title, body } => prompts::message_ui(ui, title, body),
        Modal::Paste(text) => import::paste_ui(ui, text),
        Modal::ImportReport(report, spots) => import::import_report_ui(app, ui, report, spots),
        Modal::Boundary(id, at) => boundary::boundary_ui(app, ui, id, at),
        Modal::Settings(settings) => settings::settings_ui(app, ui, settings),
        Modal::Dictionary(d) => dictionary::dictionary_ui(ui, d),
        Modal::Recover(r) => prompts::recover_ui(ui, &r),
        Modal::About => about::about_ui(app, ui),
        Modal::Gallery(g) => templates::gallery_ui(ui, *g),
        Modal::MakeTemplate(m) => templates::maker_ui(app, ui, *m),
        Modal::SaveConflict { path, then } => prompts::save_conflict_ui(ui, path, then),
        Modal::ChangedOnDisk(path) => prompts::changed_on_disk_ui(app, ui, path),
        Modal::PathEntry(entry) => path_entry::path_entry_ui(app, ui, *entry),
        Modal::Share(form) => share::share_ui(app, ui, *form),
    }
}
