//! The checker's settings: rules on and off, the jurisdiction level, the target length.

use super::{Choice, buttons};
use crate::app::{Cmd, Modal, View};
use crate::doc::edit::Edit;
use crate::doc::model::CheckSettings;

pub(super) fn settings_ui(
    app: &mut View,
    ui: &mut egui::Ui,
    mut settings: Box<CheckSettings>,
) -> Choice {
    ui.heading("检查规则");
    let mut rules: Vec<crate::check::rules::Rule> = crate::check::rules::RULES.to_vec();
    rules.extend(crate::check::rules::rule(crate::check::rules::COMMON_ERROR));
    // Tall enough for every rule on an ordinary screen, scrolling on a small one.
    let room = (ui.ctx().content_rect().height() - 300.0).clamp(200.0, 560.0);
    egui::ScrollArea::vertical()
        .max_height(room)
        .show(ui, |ui| {
            for r in rules {
                let label = format!("{}（{}）", r.name, r.severity.label());
                if crate::check::gates_export(r.id) {
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
                for lv in crate::check::rules::Level::ALL {
                    ui.selectable_value(&mut settings.level, Some(lv), lv.label());
                }
            })
            .response
            .labelled_by(l.id);
    });
    ui.horizontal(|ui| {
        let l = ui.label("语速（字/分）");
        let mut rate = settings.rate.unwrap_or(crate::doc::stats::DEFAULT_RATE);
        ui.add(egui::DragValue::new(&mut rate).range(120..=220))
            .labelled_by(l.id);
        settings.rate = (rate != crate::doc::stats::DEFAULT_RATE).then_some(rate);
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
    // 本文忽略 words, listed so that a word accepted by mistake can be taken back.
    let accepted = settings.accepted_words.len();
    if accepted > 0 {
        let words = settings.accepted_words.join("、");
        if ui
            .button(format!("恢复本文忽略的 {accepted} 个词"))
            .on_hover_text(format!("校对重新检查：{words}"))
            .clicked()
        {
            settings.accepted_words.clear();
        }
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
