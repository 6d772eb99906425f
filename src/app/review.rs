//! The review panel (审阅): a returned file's tracked changes, each with who made it, when and
//! where, and 接受 / 拒绝; 全部接受 / 全部拒绝 for all or for one reviewer; the comments with
//! their replies, resolvable; and what the file held that the review left out. Every decision
//! is one undoable edit.

use egui::RichText;

use super::{Cmd, View, theme};
use crate::doc::edit::Edit;
use crate::doc::model::TextRef;
use crate::doc::model::review::{ChangeKind, Review, show_date};

pub fn review_ui(app: &mut View, ui: &mut egui::Ui) {
    // The session outlives the view's borrow: the review is read while commands are queued.
    let session = app.session;
    let speech = session.speech();
    let review = &speech.review;
    let dark = ui.visuals().dark_mode;
    let authors = review.authors();
    let colour = |author: &str| {
        let i = authors.iter().position(|a| *a == author).unwrap_or(0);
        theme::reviewer(i, dark)
    };
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading(format!("审阅（{}）", review.changes.len()));
        if ui
            .button("结束审阅")
            .on_hover_text("不再显示这份修改稿：未处理的修订不采用，批注一并移去（可以撤销）")
            .clicked()
        {
            app.push(Cmd::Edit(Edit::LoadReview(Review::default())));
        }
    });
    ui.label(RichText::new(format!("修改稿：{}", review.source)).weak());
    if !review.changes.is_empty() {
        ui.horizontal(|ui| {
            if ui.button("全部接受").clicked() {
                app.push(Cmd::Edit(Edit::DecideAll {
                    accept: true,
                    author: None,
                }));
            }
            if ui.button("全部拒绝").clicked() {
                app.push(Cmd::Edit(Edit::DecideAll {
                    accept: false,
                    author: None,
                }));
            }
        });
        // Per reviewer, when there are several.
        if authors.len() > 1 {
            for a in &authors {
                let n = review.changes.iter().filter(|c| c.author == *a).count();
                if n == 0 {
                    continue;
                }
                ui.horizontal(|ui| {
                    ui.label(RichText::new(format!("■ {a}（{n}）")).color(colour(a)));
                    if ui
                        .small_button("接受")
                        .on_hover_text(format!("接受 {a} 的全部修订"))
                        .clicked()
                    {
                        app.push(Cmd::Edit(Edit::DecideAll {
                            accept: true,
                            author: Some((*a).to_owned()),
                        }));
                    }
                    if ui
                        .small_button("拒绝")
                        .on_hover_text(format!("拒绝 {a} 的全部修订"))
                        .clicked()
                    {
                        app.push(Cmd::Edit(Edit::DecideAll {
                            accept: false,
                            author: Some((*a).to_owned()),
                        }));
                    }
                });
            }
        }
    }
    ui.separator();
    // The changes a screenful at a time, however many there are; the comments and what was
    // left out below them, in the rest (at least 45 % of the panel when there are any).
    let foot = !review.comments.is_empty() || !review.left_out.is_empty();
    let room = ui.available_height() * if foot { 0.55 } else { 1.0 };
    if review.changes.is_empty() {
        ui.label(RichText::new("√ 修订都已处理。").color(theme::OK));
    } else {
        // Every change takes three lines: only those in view are drawn.
        let line = super::row_height(ui);
        let height = 3.0 * line + 3.0 * ui.spacing().item_spacing.y;
        egui::ScrollArea::vertical()
            .id_salt("review")
            .max_height(room)
            .auto_shrink([false, true])
            .show_rows(ui, height, review.changes.len(), |ui, range| {
                for c in &review.changes[range] {
                    ui.push_id(("change", c.id), |ui| {
                        super::fixed_height(ui, height, |ui| change_ui(app, ui, c, &colour));
                    });
                }
            });
    }
    if foot {
        egui::ScrollArea::vertical()
            .id_salt("review-comments")
            .auto_shrink([false, false])
            .show(ui, |ui| comments_ui(app, ui, &colour));
    }
}

/// One change: who and when; what, leading to it; where, with 接受 and 拒绝.
fn change_ui(
    app: &mut View,
    ui: &mut egui::Ui,
    c: &crate::doc::model::review::TrackedChange,
    colour: &dyn Fn(&str) -> egui::Color32,
) {
    let speech = app.session.speech();
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("■ {}", c.author)).color(colour(&c.author)));
        ui.label(RichText::new(show_date(&c.date)).weak().small());
    });
    let place = crate::review::change_place(speech, c);
    let summary = egui::Label::new(RichText::new(c.summary()).color(ui.visuals().hyperlink_color))
        .truncate()
        .sense(egui::Sense::click());
    if ui
        .add(summary)
        .on_hover_text(format!("{place}：{}（点击到稿面）", c.summary()))
        .clicked()
    {
        app.push(match crate::review::change_chars(c) {
            Some(chars) => Cmd::GoTo {
                target: c.target(),
                chars,
            },
            None => Cmd::Reveal(c.target()),
        });
    }
    // Words changed since: said before 接受 is tried (it would be refused).
    let stale = !crate::doc::edit::review::applicable(speech, c);
    ui.horizontal(|ui| {
        if ui.small_button("接受").clicked() {
            app.push(Cmd::Edit(Edit::DecideChange {
                id: c.id,
                accept: true,
            }));
        }
        if ui.small_button("拒绝").clicked() {
            app.push(Cmd::Edit(Edit::DecideChange {
                id: c.id,
                accept: false,
            }));
        }
        if stale {
            ui.label(RichText::new("文字已改动，请对照后手动修改").color(theme::WARNING).small())
                .on_hover_text("这处修订所在的文字在导入修改稿后又改过，不能自动接受；可以拒绝，或照着修订手动修改");
        } else {
            ui.add(egui::Label::new(RichText::new(place).weak().small()).truncate());
        }
    });
    ui.separator();
}

/// The comments with their threads, then what the review left out.
fn comments_ui(app: &mut View, ui: &mut egui::Ui, colour: &dyn Fn(&str) -> egui::Color32) {
    let speech = app.session.speech();
    let review = &speech.review;
    if !review.comments.is_empty() {
        let open = review.comments.iter().filter(|c| !c.resolved).count();
        ui.strong(format!(
            "批注（{open} 条未解决，共 {} 条）",
            review.comments.len()
        ));
    }
    for c in &review.comments {
        ui.push_id(("comment", c.id), |ui| {
            let weak = c.resolved;
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("■ {}", c.author)).color(colour(&c.author)));
                ui.label(RichText::new(show_date(&c.date)).weak().small());
                if weak {
                    ui.label(RichText::new("已解决").weak().small());
                }
            });
            if !c.quote.is_empty() {
                let quote = RichText::new(format!("“{}”", c.quote)).italics();
                let link = ui.link(quote).on_hover_text(format!(
                    "{}：到稿面看批注的文字",
                    crate::review::comment_place(speech, c)
                ));
                if link.clicked()
                    && let Some(target) = c.target
                {
                    app.push(Cmd::GoTo {
                        target,
                        chars: c.at..c.at + c.quote.chars().count(),
                    });
                }
            }
            let text = RichText::new(&c.text);
            ui.label(if weak { text.weak() } else { text });
            for r in &c.replies {
                ui.label(RichText::new(format!("　回复 {}：{}", r.author, r.text)).small());
            }
            let (label, tip) = if c.resolved {
                ("重新打开", "把这条批注标回未解决")
            } else {
                ("已解决", "把这条批注标为已解决（仍保留在稿中）")
            };
            if ui.small_button(label).on_hover_text(tip).clicked() {
                app.push(Cmd::Edit(Edit::ResolveComment {
                    id: c.id,
                    resolved: !c.resolved,
                }));
            }
            ui.separator();
        });
    }
    if !review.left_out.is_empty() {
        egui::CollapsingHeader::new(format!("未列入（{}）", review.left_out.len()))
            .id_salt("left-out")
            .show(ui, |ui| {
                for n in &review.left_out {
                    ui.label(RichText::new(n).small());
                }
            });
    }
}

/// The right-click menu on a change or comment in the manuscript (a click lands between
/// characters: either edge of the words counts, and an insertion's place): 接受修订 / 拒绝修订,
/// as Word offers them there, and a comment's words with 已解决. Whether it offered anything.
pub(crate) fn change_menu(
    app: &mut View,
    ui: &mut egui::Ui,
    target: TextRef,
    offset: usize,
) -> bool {
    let session = app.session;
    let review = &session.speech().review;
    let change = review.changes.iter().find(|c| match &c.kind {
        ChangeKind::Text {
            target: t, at, old, ..
        } => *t == target && (*at..=at + old.chars().count()).contains(&offset),
        _ => false,
    });
    let comment = review.comments.iter().find(|c| {
        c.target == Some(target)
            && !c.resolved
            && (c.at..=c.at + c.quote.chars().count()).contains(&offset)
    });
    if let Some(c) = change {
        ui.label(RichText::new(format!("{}：{}", c.author, c.summary())).small());
        for (label, accept) in [("接受修订", true), ("拒绝修订", false)] {
            if ui.button(label).clicked() {
                app.push(Cmd::Edit(Edit::DecideChange { id: c.id, accept }));
                ui.close();
            }
        }
    }
    if let Some(c) = comment {
        ui.label(RichText::new(format!("批注 {}：{}", c.author, c.text)).small());
        if ui.button("批注已解决").clicked() {
            app.push(Cmd::Edit(Edit::ResolveComment {
                id: c.id,
                resolved: true,
            }));
            ui.close();
        }
    }
    change.is_some() || comment.is_some()
}
