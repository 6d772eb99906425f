//! Adjusting where a section's heading ends and its first paragraph begins.

use egui::RichText;

use super::{Choice, buttons};
use crate::app::{Cmd, Modal, View};
use crate::doc::edit::Edit;
use crate::doc::model::SectionId;

pub(super) fn boundary_ui(
    app: &mut View,
    ui: &mut egui::Ui,
    id: SectionId,
    mut at: usize,
) -> Choice {
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
