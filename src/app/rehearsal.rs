//! 念稿排练: the speech in large type over the whole window, its marker moving at the speaking
//! rate (自动) or at the reader's presses (计时), with the clock against the target. The
//! arithmetic is `doc::rehearsal`'s; this draws it and turns keys into its steps.

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{Align, Color32, FontId, Key, RichText};

use crate::app::{Cmd, View};
use crate::doc::edit::Edit;
use crate::doc::rehearsal::{Mode, Rehearsal, clock};

/// The rehearsal on screen.
#[derive(Clone, Debug)]
pub struct RehearsalView {
    pub r: Rehearsal,
    /// The input time of the last frame that ran the clock.
    last: Option<f64>,
    /// The marker's row, as its height in the text, when the view last scrolled to it: a
    /// scroll is asked for only when the row changes (each asks for another frame).
    scrolled_to: Option<f32>,
    /// The part the list of parts last showed as current (the list scrolls to a new one).
    listed: Option<crate::doc::rehearsal::Part>,
}

/// Type size of the text read, in points.
const SIZE: f32 = 30.0;

impl RehearsalView {
    pub fn new(speech: &crate::doc::model::Speech) -> RehearsalView {
        let rate = speech
            .settings
            .rate
            .unwrap_or(crate::doc::stats::DEFAULT_RATE);
        RehearsalView {
            r: Rehearsal::new(speech, rate, Mode::Auto),
            last: None,
            scrolled_to: None,
            listed: None,
        }
    }
}

/// The key hints under the text.
pub const KEYS: &str = "空格 开始/暂停　↑↓ 上一段/下一段　←→ 上一部分/下一部分　+ - 语速　Esc 退出";

/// Draws the rehearsal; returns whether it stays open.
pub fn rehearsal_ui(state: &mut RehearsalView, app: &mut View, ui: &mut egui::Ui) -> bool {
    let ctx = ui.ctx().clone();
    let now = ctx.input(|i| i.time);
    if let Some(last) = state.last {
        state.r.tick(now - last);
    }
    state.last = Some(now);
    if !keys(state, &ctx) {
        return false;
    }
    let mut open = true;
    egui::Panel::top("rehearsal-top")
        .frame(crate::app::bare(egui::Frame::side_top_panel(ui.style())))
        .show(ui, |ui| open = top_ui(state, ui));
    egui::Panel::bottom("rehearsal-keys")
        .frame(crate::app::bare(egui::Frame::side_top_panel(ui.style())))
        .show(ui, |ui| bottom_ui(state, app, ui));
    egui::Panel::left("rehearsal-parts")
        .frame(crate::app::bare(egui::Frame::side_top_panel(ui.style())))
        .default_size(260.0)
        .resizable(false)
        .show(ui, |ui| parts_ui(state, ui));
    egui::CentralPanel::default()
        .frame(crate::app::bare(egui::Frame::central_panel(ui.style())))
        .show(ui, |ui| text_ui(state, ui));
    if state.r.running {
        // A frame when the marker reaches the next character or the clock the next second,
        // and none between: about three a second, cheap on a software renderer.
        ctx.request_repaint_after_secs(state.r.next_change().max(0.02) as f32);
    }
    open
}

/// The keys of the view; false when it closes.
fn keys(state: &mut RehearsalView, ctx: &egui::Context) -> bool {
    let r = &mut state.r;
    let mut open = true;
    ctx.input_mut(|i| {
        let mut take = |key: Key| i.consume_key(egui::Modifiers::NONE, key);
        if take(Key::Escape) {
            open = false;
        }
        if take(Key::Space) {
            r.toggle();
        }
        if take(Key::ArrowUp) {
            r.back();
        }
        if take(Key::ArrowDown) {
            r.forward();
        }
        if take(Key::ArrowLeft) {
            r.previous_part();
        }
        if take(Key::ArrowRight) {
            r.next_part();
        }
        let plus = take(Key::Plus) || take(Key::Equals);
        if plus {
            r.change_rate(true);
        }
        if take(Key::Minus) {
            r.change_rate(false);
        }
    });
    open
}

fn top_ui(state: &mut RehearsalView, ui: &mut egui::Ui) -> bool {
    let r = &mut state.r;
    let mut open = true;
    ui.horizontal(|ui| {
        ui.heading("念稿排练");
        ui.label(RichText::new(&r.script.title).weak());
        ui.with_layout(egui::Layout::right_to_left(Align::Center), |ui| {
            if ui.button("退出（Esc）").clicked() {
                open = false;
            }
            let mut mode = r.mode;
            ui.selectable_value(&mut mode, Mode::Stopwatch, "计时朗读")
                .on_hover_text("标记不自己走：读完一段按 ↓，量出实际语速");
            ui.selectable_value(&mut mode, Mode::Auto, "自动滚动")
                .on_hover_text("标记按语速前进，跟着它念");
            r.set_mode(mode);
        });
    });
    ui.horizontal(|ui| {
        let label = if r.running {
            "暂停（空格）"
        } else if r.finished() {
            "重新开始（空格）"
        } else {
            "开始（空格）"
        };
        if ui.button(label).clicked() {
            r.toggle();
        }
        ui.separator();
        ui.label(RichText::new(format!("用时 {}", clock(r.elapsed))).size(20.0));
        ui.label(format!("剩余约 {}", clock(r.remaining())));
        ui.label(format!("预计共 {}", clock(r.projected())));
        if let (Some(t), Some(over)) = (r.target_minutes, r.over_target()) {
            let text = if over > 0.5 {
                RichText::new(format!("目标 {t} 分钟，超出 {}", clock(over)))
                    .color(ui.visuals().error_fg_color)
            } else {
                RichText::new(format!("目标 {t} 分钟，还余 {}", clock(-over)))
            };
            ui.label(text);
        }
        ui.separator();
        if ui.small_button("-").on_hover_text("慢一些（-）").clicked() {
            r.change_rate(false);
        }
        ui.label(format!("语速 {} 字/分钟", r.rate));
        if ui.small_button("+").on_hover_text("快一些（+）").clicked() {
            r.change_rate(true);
        }
    });
    open
}

fn bottom_ui(state: &mut RehearsalView, app: &mut View, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(KEYS).small().weak());
        if let Some(rate) = state.r.measured_rate() {
            ui.separator();
            ui.label(format!("实测语速 {rate} 字/分钟"));
            let current = app.speech().settings.rate;
            if current == Some(rate) {
                ui.label(RichText::new("已是本稿语速").small().weak());
            } else if ui
                .button("用作本稿语速")
                .on_hover_text("时长估计和提纲的分钟数都按这个语速算；可以撤销")
                .clicked()
            {
                let mut settings = app.speech().settings.clone();
                settings.rate = Some(rate);
                app.push(Cmd::Edit(Edit::SetSettings(settings)));
                app.push(Cmd::Status(format!("本稿语速已设为 {rate} 字/分钟")));
            }
        }
    });
}

fn parts_ui(state: &mut RehearsalView, ui: &mut egui::Ui) {
    ui.label(RichText::new("各部分用时").strong());
    let r = &state.r;
    let now = r.cue_now();
    let part_now = r.script.cues.get(now).map(|c| c.part);
    let mut jump = None;
    egui::ScrollArea::vertical()
        .id_salt("rehearsal-parts")
        .show(ui, |ui| {
            for (p, (name, secs)) in r.script.parts.iter().zip(r.part_seconds()) {
                let short: String = name.chars().take(14).collect();
                let more = if name.chars().count() > 14 { "…" } else { "" };
                let text = format!("{short}{more}  {}", clock(secs));
                let row = ui
                    .selectable_label(Some(p.part) == part_now, text)
                    .on_hover_text(format!("{name}：{} 字", p.han));
                if row.clicked() {
                    jump = Some(p.start as f64);
                }
                if Some(p.part) == part_now && state.listed != part_now {
                    row.scroll_to_me(Some(Align::Center));
                }
            }
        });
    state.listed = part_now;
    if let Some(at) = jump {
        state.r.position = at;
    }
}

fn text_ui(state: &mut RehearsalView, ui: &mut egui::Ui) {
    let r = &state.r;
    let now = r.cue_now();
    let into = r.script.cues.get(now).map_or(0, |c| {
        (r.position - c.start as f64).floor().max(0.0) as usize
    });
    let font = FontId::new(SIZE, crate::app::fonts::page_family());
    let visuals = ui.visuals().clone();
    let mut marker = None;
    let mut scrolled_to = state.scrolled_to;
    egui::ScrollArea::vertical()
        .id_salt("rehearsal-text")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let origin = ui.min_rect().top();
            let width = ui.available_width().min(SIZE * 30.0);
            let margin = ((ui.available_width() - width) / 2.0).max(0.0);
            for (i, cue) in r.script.cues.iter().enumerate() {
                let words = cue.words();
                let at = if i < now {
                    usize::MAX
                } else if i == now {
                    cue.offset_after(into)
                } else {
                    0
                };
                let mut job = LayoutJob::default();
                job.wrap.max_width = width;
                let indent = if cue.block.indented() {
                    "\u{3000}\u{3000}"
                } else {
                    ""
                };
                let format = |color: Color32, background: Color32| TextFormat {
                    font_id: font.clone(),
                    color,
                    background,
                    line_height: Some(SIZE * 1.6),
                    ..Default::default()
                };
                let read = format(visuals.weak_text_color(), Color32::TRANSPARENT);
                let ahead = format(visuals.strong_text_color(), Color32::TRANSPARENT);
                let here = format(
                    visuals.strong_text_color(),
                    visuals.selection.bg_fill.gamma_multiply(0.8),
                );
                job.append(indent, 0.0, read.clone());
                let chars: Vec<char> = words.chars().collect();
                let split = at.min(chars.len());
                let done: String = chars[..split].iter().collect();
                job.append(&done, 0.0, read.clone());
                if split < chars.len() {
                    let cur: String = chars[split..split + 1].iter().collect();
                    let rest: String = chars[split + 1..].iter().collect();
                    if i == now {
                        job.append(&cur, 0.0, here);
                    } else {
                        job.append(&cur, 0.0, ahead.clone());
                    }
                    job.append(&rest, 0.0, ahead);
                }
                let galley = ui.fonts_mut(|f| f.layout_job(job));
                ui.horizontal(|ui| {
                    ui.add_space(margin);
                    let response = ui.label(galley.clone());
                    if i == now {
                        let offset = indent.chars().count() + split;
                        let rect = galley
                            .pos_from_cursor(CCursor::new(offset))
                            .translate(response.rect.min.to_vec2());
                        // A bar beside the line being read.
                        let bar = egui::Rect::from_min_max(
                            egui::pos2(response.rect.left() - 14.0, response.rect.top()),
                            egui::pos2(response.rect.left() - 8.0, response.rect.bottom()),
                        );
                        ui.painter()
                            .rect_filled(bar, 2.0, visuals.selection.stroke.color);
                        marker = Some(rect);
                    }
                });
                ui.add_space(SIZE * 0.4);
            }
            // Room after the last line, so that it can come up to the reading height.
            ui.add_space(ui.clip_rect().height() * 0.6);
            if let Some(rect) = marker
                && scrolled_to.is_none_or(|y| (y - (rect.top() - origin)).abs() > 0.5)
            {
                scrolled_to = Some(rect.top() - origin);
                // The line read stays a third down the window, with what comes before it above.
                let above = ui.clip_rect().height() / 3.0;
                let target = egui::Rect::from_min_max(rect.min - egui::vec2(0.0, above), rect.max);
                // At once, not animated: an animation draws a frame per screen refresh.
                ui.scroll_to_rect_animation(
                    target,
                    Some(Align::Min),
                    egui::style::ScrollAnimation::none(),
                );
            }
        });
    state.scrolled_to = scrolled_to;
}
