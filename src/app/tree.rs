//! The section-tree side panel: derived numbers and headings, nested by depth, with counts and
//! finding badges. Buttons, a context menu, shortcuts and drag and drop all push [`Cmd`]s.

use egui::RichText;

use super::{Cmd, View};
use crate::app::UiCommand;
use crate::derived::TreeRow;
use crate::doc::edit::Edit;
use crate::doc::model::{Numbering, ParaId, SectionId};
use crate::doc::stats;

pub fn tree_ui(app: &mut View, ui: &mut egui::Ui) {
    ui.add_space(4.0);
    ui.heading("提纲");
    toolbar_ui(app, ui);
    ui.separator();
    // The numbering menus at the foot, however tall they wrap; the rows take the rest.
    egui::Panel::bottom("tree-foot")
        .frame(super::bare(egui::Frame::side_top_panel(ui.style())))
        .show_separator_line(true)
        .show(ui, |ui| {
            // The selected section's whole heading: rows are cut to the panel's width.
            if let Some(id) = app.selected
                && let (Some(label), Some(s)) = (
                    crate::doc::numbering::section_label(app.speech(), id),
                    app.speech().section(id),
                )
            {
                // Painted, not a widget: the row already carries this text for screen readers.
                let galley = ui.painter().layout(
                    format!("{label}{}", s.heading),
                    egui::TextStyle::Body.resolve(ui.style()),
                    ui.visuals().strong_text_color(),
                    ui.available_width(),
                );
                let (rect, _) = ui.allocate_exact_size(galley.size(), egui::Sense::hover());
                ui.painter()
                    .galley(rect.min, galley, ui.visuals().strong_text_color());
                length_ui(app, ui, id);
            }
            numbering_ui(app, ui);
            target_ui(app, ui);
        });
    let rows = &app.derived.tree;
    let row_height = super::row_height(ui);
    // The back matter, after the sections: one row leading to it.
    let appendix = &app.speech().appendix;
    let back = appendix
        .first()
        .zip(appendix.last())
        .map(|(first, last)| (first.id, last.id, appendix.len()));
    let count = rows.len() + usize::from(back.is_some());
    // Who of the co-writers is in which section: their names on its row.
    let writers = app.writers_by_section();
    egui::ScrollArea::vertical()
        .id_salt(("tree", app.session.generation()))
        .auto_shrink([false, false])
        .show_rows(ui, row_height, count.max(1), |ui, range| {
            if count == 0 {
                ui.weak("还没有小节。点“添加同级”开始。");
            }
            // Only the visible rows are drawn: a long speech has hundreds of sections.
            for i in range {
                match (rows.get(i), back) {
                    (Some(row), _) => {
                        let here = writers.get(&Some(row.id)).map_or(&[][..], |w| &w[..]);
                        super::fixed_height(ui, row_height, |ui| row_ui(app, ui, row, here));
                    }
                    (None, Some((first, last, paragraphs))) => {
                        super::fixed_height(ui, row_height, |ui| {
                            back_matter_row(app, ui, [first, last], paragraphs);
                        });
                    }
                    (None, None) => {}
                }
            }
        });
}

/// The back matter's row: it goes to its first paragraph. Its menu is its last paragraph's:
/// the parts keep their order, so 设为结尾 or 设为正文 there makes all of it so.
fn back_matter_row(
    app: &mut View,
    ui: &mut egui::Ui,
    [first, last]: [ParaId; 2],
    paragraphs: usize,
) {
    let at = |id| crate::doc::model::TextRef::Paragraph(id);
    let label = ui.add(
        egui::Button::selectable(false, RichText::new("附件").weak())
            .right_text(RichText::new(format!("{paragraphs} 段")).weak())
            .min_size(egui::vec2(ui.available_width(), 0.0)),
    );
    if label.clicked() {
        app.push(Cmd::GoTo {
            target: at(first),
            chars: 0..0,
        });
    }
    label.context_menu(|ui| role_buttons(app, ui, at(last)));
}

fn toolbar_ui(app: &mut View, ui: &mut egui::Ui) {
    let sel = app.selected;
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("添加同级")
            .on_hover_text("在所选小节后添加同级小节（Alt+N）")
            .clicked()
        {
            app.push(Cmd::Run(UiCommand::AddSibling));
        }
        if ui
            .button("添加下级")
            .on_hover_text("在所选小节下添加下级小节（Alt+Shift+N）")
            .clicked()
        {
            app.push(Cmd::Run(UiCommand::AddChild));
        }
        // The selected section's commands of the table, as buttons.
        let buttons: [(&str, &str, UiCommand); 6] = [
            ("上移", "Alt+↑", UiCommand::MoveUp),
            ("下移", "Alt+↓", UiCommand::MoveDown),
            ("降级", "变为上一项的下级（Alt+→）", UiCommand::Indent),
            ("升级", "变为上级的同级（Alt+←）", UiCommand::Outdent),
            ("重命名", "F2", UiCommand::Rename),
            (
                "删除",
                "删除所选小节及其内容（Alt+Delete，可撤销）",
                UiCommand::Delete,
            ),
        ];
        for (label, tip, command) in buttons {
            let b = ui.add_enabled(sel.is_some(), egui::Button::new(label));
            if b.on_hover_text(tip).clicked() && sel.is_some() {
                app.push(Cmd::Run(command));
            }
        }
    });
}

fn row_ui(
    app: &mut View,
    ui: &mut egui::Ui,
    row: &TreeRow,
    writers: &[crate::session::coedit::CoWriter],
) {
    let selected = app.selected == Some(row.id);
    ui.horizontal(|ui| {
        ui.add_space(row.depth as f32 * 14.0);
        let mut text = RichText::new(&row.text);
        if row.depth == 0 {
            text = text.strong();
        }
        // Count and badge sit at the right edge; a long heading is cut off before them.
        let right = if let Some(w) = writers.first() {
            // Co-writers here: their names, in the first one's colour.
            let names: Vec<&str> = writers.iter().map(|w| w.person.as_str()).collect();
            RichText::new(format!("{}  {}字", names.join("、"), row.han))
                .color(super::theme::WRITERS[w.hue % super::theme::WRITERS.len()])
        } else if row.findings > 0 {
            RichText::new(format!("⚠{}  {}字", row.findings, row.han)).color(super::theme::WARNING)
        } else {
            RichText::new(format!("{}字", row.han)).weak()
        };
        let width = ui.available_width();
        // Whether the heading is cut off: only then, or with findings to count, does hovering
        // say more than the row (a tooltip repeating it covers the next row for nothing).
        // Measured for the row under the pointer only, not for every row at every frame.
        let counts = right.text().to_owned();
        let cut = |ui: &egui::Ui| {
            let font = egui::TextStyle::Button.resolve(ui.style());
            let measure = |t: &str| {
                ui.fonts_mut(|f| {
                    f.layout_no_wrap(t.to_owned(), font.clone(), egui::Color32::WHITE)
                        .size()
                        .x
                })
            };
            let room = width - measure(&counts) - 4.0 * ui.spacing().button_padding.x;
            measure(&row.text) > room
        };
        // One widget both clicks (select) and drags (reorder): a separate drag wrapper would
        // swallow the clicks.
        let mut label = ui
            .add(
                egui::Button::selectable(selected, text)
                    .truncate()
                    .right_text(right)
                    .min_size(egui::vec2(width, 0.0)),
            )
            .interact(egui::Sense::drag());
        // Not under a dialog: the dialog is what the user is looking at.
        let under_dialog = ui.ctx().memory(|m| m.top_modal_layer().is_some());
        if !under_dialog && (row.findings > 0 || label.hovered() && cut(ui)) {
            label = label.on_hover_text(if row.findings > 0 {
                format!("{}（{} 处问题）", row.text, row.findings)
            } else {
                row.text.clone()
            });
        }
        label.dnd_set_drag_payload(row.id);
        if label.clicked() {
            app.push(Cmd::Select(row.id));
        }
        if let Some(dragged) = label.dnd_hover_payload::<SectionId>()
            && *dragged != row.id
        {
            let r = label.rect;
            ui.painter().hline(
                r.x_range(),
                r.top(),
                egui::Stroke::new(2.0, ui.visuals().selection.stroke.color),
            );
        }
        if let Some(dragged) = label.dnd_release_payload::<SectionId>() {
            drop_on(app, *dragged, row.id);
        }
        label.context_menu(|ui| context_menu_ui(app, ui, row.id));
    });
}

/// Dropping a section on a row moves it next to that row, among that row's siblings: before it
/// when dragged upwards or from elsewhere, after it when dragged downwards in the same group.
fn drop_on(app: &mut View, dragged: SectionId, target: SectionId) {
    if dragged == target {
        return;
    }
    // `MoveSection` counts the index after the dragged section is taken out, so the target's
    // current index means "before it" for a section coming from below or from another group,
    // and "after it" for one coming from above — what the drop indicator suggests.
    let Some((parent, index)) = app.speech().locate_section(target) else {
        return;
    };
    app.push(Cmd::Edit(Edit::MoveSection {
        id: dragged,
        parent,
        index,
    }));
}

fn context_menu_ui(app: &mut View, ui: &mut egui::Ui, id: SectionId) {
    // Selecting without scrolling: the menu stays open over several frames.
    if app.selected != Some(id) {
        app.push(Cmd::Entered(crate::doc::model::TextRef::Heading(id)));
    }
    let items: [(&str, Cmd); 9] = [
        ("添加同级", Cmd::Run(UiCommand::AddSibling)),
        ("添加下级", Cmd::Run(UiCommand::AddChild)),
        ("重命名", Cmd::Rename(id)),
        ("调整标题分界…", Cmd::AdjustBoundary(id)),
        ("上移", Cmd::Edit(Edit::MoveUp { id })),
        ("下移", Cmd::Edit(Edit::MoveDown { id })),
        ("降级", Cmd::Edit(Edit::Indent { id })),
        ("升级", Cmd::Edit(Edit::Outdent { id })),
        ("删除", Cmd::AskDelete(id)),
    ];
    for (label, cmd) in items {
        if ui.button(label).clicked() {
            app.push(cmd);
            ui.close();
        }
    }
    role_buttons(app, ui, crate::doc::model::TextRef::Heading(id));
}

/// 设为…标题 / 正文 / 开头 / 结尾 / 附件: what a text may be made now, one button each.
pub(crate) fn role_buttons(app: &mut View, ui: &mut egui::Ui, target: crate::doc::model::TextRef) {
    let roles = crate::doc::edit::roles_for(app.speech(), target);
    if roles.is_empty() {
        return;
    }
    ui.separator();
    for role in roles {
        if ui.button(role.label()).clicked() {
            app.push(Cmd::Edit(Edit::SetRole { target, role }));
            ui.close();
        }
    }
}

/// The selected section's length and speaking time (its subsections included), and, when the
/// speech runs over its target, how much of it to cut: its share of the overrun.
fn length_ui(app: &View, ui: &mut egui::Ui, id: SectionId) {
    let Some(row) = app
        .derived
        .tree_index
        .get(&id)
        .and_then(|i| app.derived.tree.get(*i))
    else {
        return;
    };
    let settings = &app.speech().settings;
    let rate = settings.rate.unwrap_or(stats::DEFAULT_RATE);
    let minutes = row.han as f64 / f64::from(rate.max(1));
    ui.weak(format!("本节 {} 字，约 {minutes:.1} 分钟", row.han));
    if let (Some(target), Some(st)) = (settings.target_minutes, app.derived.stats)
        && let Some(cut) = stats::cut_share(row.han, st.han, target, rate)
    {
        ui.colored_label(
            super::theme::WARNING,
            format!("全文超出目标 {target} 分钟，本节宜删约 {cut} 字"),
        );
    }
}

/// Progress against the speech's length target, if one is set.
fn target_ui(app: &View, ui: &mut egui::Ui) {
    let settings = &app.speech().settings;
    let (Some(target), Some(st)) = (settings.target_minutes, app.derived.stats) else {
        return;
    };
    let minutes = st.minutes(settings.rate.unwrap_or(stats::DEFAULT_RATE));
    let share = minutes / f64::from(target.max(1));
    let text = if share > 1.0 {
        format!(
            "比目标 {target} 分钟长 {:.1} 分钟",
            minutes - f64::from(target)
        )
    } else {
        format!("目标 {target} 分钟，已写 {minutes:.1} 分钟")
    };
    ui.add(egui::ProgressBar::new(share.min(1.0) as f32).text(text));
}

fn numbering_ui(app: &mut View, ui: &mut egui::Ui) {
    let top = app.speech().numbering;
    if let Some(n) = numbering_combo(ui, "一级编号", top) {
        app.push(Cmd::Edit(Edit::SetNumbering {
            parent: None,
            numbering: n,
        }));
    }
    // A section without subsections has no numbering of its own to choose.
    if let Some(id) = app.selected
        && let Some(s) = app.speech().section(id)
        && !s.children.is_empty()
        && let Some(n) = numbering_combo(ui, "所选小节的下级编号", s.child_numbering)
    {
        app.push(Cmd::Edit(Edit::SetNumbering {
            parent: Some(id),
            numbering: n,
        }));
    }
}

fn numbering_combo(ui: &mut egui::Ui, label: &str, current: Numbering) -> Option<Numbering> {
    let mut chosen = current;
    // Wrapped: in a narrow panel the menu goes under its label instead of out of sight.
    ui.horizontal_wrapped(|ui| {
        let l = ui.label(label);
        egui::ComboBox::from_id_salt(label)
            .selected_text(current.label())
            .show_ui(ui, |ui| {
                for n in Numbering::ALL {
                    ui.selectable_value(&mut chosen, n, n.label());
                }
            })
            .response
            .labelled_by(l.id);
    });
    (chosen != current).then_some(chosen)
}
