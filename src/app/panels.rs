//! The menu bar, the checker panel and the status bar.

use egui::{Color32, RichText};

use std::collections::HashMap;

use super::{Cmd, View};
use crate::app::UiCommand;
use crate::check::{self, Finding, Severity};
use crate::doc::edit::Edit;
use crate::doc::model::TextRef;
use crate::doc::stats;
use crate::text::index::splice;

/// The checker panel's own state: values typed into 填入 boxes and what is pointed at.
#[derive(Clone, Debug, Default)]
pub struct CheckerState {
    /// Values typed into the fill boxes, per blank (text and start).
    fill_values: HashMap<(TextRef, usize), String>,
    /// The 填入 box to focus next: the blank after the one just filled.
    fill_focus: Option<(TextRef, usize)>,
    /// The finding whose whole text the foot shows (the one pointed at).
    detail: Option<usize>,
}

impl CheckerState {
    pub fn detail(&self) -> Option<usize> {
        self.detail
    }

    /// Forgets the values typed for the previous document.
    pub fn reset(&mut self) {
        *self = CheckerState::default();
    }
}

pub fn menu_ui(app: &mut View, ui: &mut egui::Ui) {
    egui::MenuBar::new().ui(ui, |ui| {
        // Every item comes from the command table: labels, shortcuts and enabled states.
        for menu in super::Menu::ALL {
            ui.menu_button(menu.label(), |ui| {
                super::commands::menu_items(app, ui, menu);
            });
        }
        // The side panels, one click away on narrow screens.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            // While a returned file is reviewed, its panel has a switch too.
            let reviewing = !app.speech().review.is_empty();
            let review = reviewing.then_some((
                "审阅栏",
                app.show_review,
                Cmd::Run(UiCommand::ToggleReview),
                "显示或隐藏审阅面板（Alt+4）",
            ));
            for (label, shown, cmd, tip) in review.into_iter().chain([
                (
                    "检查栏",
                    app.show_checker,
                    Cmd::Run(UiCommand::ToggleChecker),
                    "显示或隐藏检查面板（Alt+2）",
                ),
                (
                    "提纲栏",
                    app.show_tree,
                    Cmd::Run(UiCommand::ToggleTree),
                    "显示或隐藏提纲面板（Alt+1）",
                ),
            ]) {
                if ui
                    .selectable_label(shown, label)
                    .on_hover_text(tip)
                    .clicked()
                {
                    app.push(cmd);
                }
            }
        });
    });
}

pub fn findings_ui(state: &mut CheckerState, app: &mut View, ui: &mut egui::Ui) {
    ui.add_space(4.0);
    let findings = &app.derived.findings;
    let errors = check::blanks(findings).count();
    ui.horizontal(|ui| {
        ui.heading(format!("检查（{}）", findings.len()));
        if ui
            .button("规则…")
            .on_hover_text("开关规则、设定讲话层级和目标时长")
            .clicked()
        {
            app.push(Cmd::Run(UiCommand::CheckSettings));
        }
        if ui
            .button("词典…")
            .on_hover_text("校对词典：照写法接受的词，自己的常见错误")
            .clicked()
        {
            app.push(Cmd::Run(UiCommand::Dictionary));
        }
    });
    if findings.is_empty() {
        ui.label(RichText::new("√ 没有发现问题，可以导出。").color(super::theme::OK));
    } else {
        if errors > 0 {
            ui.label(format!("有 {errors} 处待填项，导出前需要填写。"));
        }
        ui.separator();
        // The whole excerpt and message of the finding pointed at (rows are cut to the
        // panel's width), painted at the foot so that reading it needs no tooltip. The foot is
        // always there: rows never jump when it fills.
        let detail = state.detail.and_then(|k| findings.get(k));
        egui::Panel::bottom("finding-detail")
            .frame(super::bare(egui::Frame::side_top_panel(ui.style())))
            .show_separator_line(true)
            .show(ui, |ui| {
                let lines: Vec<(&str, Color32)> = match detail {
                    Some(f) => vec![
                        (f.excerpt.as_str(), ui.visuals().strong_text_color()),
                        (f.message.as_str(), ui.visuals().text_color()),
                    ],
                    None => vec![(
                        "指向一条问题，这里显示全文。",
                        ui.visuals().weak_text_color(),
                    )],
                };
                for (text, color) in lines {
                    let galley = ui.painter().layout(
                        text.to_owned(),
                        egui::TextStyle::Body.resolve(ui.style()),
                        color,
                        ui.available_width(),
                    );
                    let (rect, _) = ui.allocate_exact_size(galley.size(), egui::Sense::hover());
                    ui.painter().galley(rect.min, galley, color);
                }
            });
        // How many certain fixes each rule has (全部修正), counted once a frame, not per row.
        let mut fixable: Vec<(&str, usize)> = Vec::new();
        for f in findings.iter().filter(|f| f.fix.is_some()) {
            match fixable.iter_mut().find(|(r, _)| *r == f.rule) {
                Some((_, n)) => *n += 1,
                None => fixable.push((f.rule, 1)),
            }
        }
        // Every finding takes three lines, so only the visible ones need drawing.
        let line = super::row_height(ui);
        let height = 3.0 * line + 3.0 * ui.spacing().item_spacing.y;
        egui::ScrollArea::vertical()
            .id_salt("findings")
            .auto_shrink([false, false])
            .show_rows(ui, height, findings.len(), |ui, range| {
                for i in range {
                    let f = &findings[i];
                    let next_blank = findings[i + 1..]
                        .iter()
                        .find(|x| x.rule == check::PLACEHOLDER && x.location.target.is_some());
                    let top = ui.cursor().top();
                    super::fixed_height(ui, height, |ui| {
                        let same = fixable
                            .iter()
                            .find(|(r, _)| *r == f.rule)
                            .map_or(0, |(_, n)| *n);
                        finding_ui(state, app, ui, (f, same), next_blank);
                    });
                    let rect = egui::Rect::from_x_y_ranges(
                        ui.max_rect().x_range(),
                        top..=ui.cursor().top(),
                    );
                    if ui.rect_contains_pointer(rect) {
                        state.detail = Some(i);
                    }
                }
            });
    }
}

/// One finding's rows; `same` is how many findings of its rule have a certain fix.
fn finding_ui(
    state: &mut CheckerState,
    app: &mut View,
    ui: &mut egui::Ui,
    (f, same): (&Finding, usize),
    next_blank: Option<&Finding>,
) {
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(f.severity.label())
                .color(super::theme::severity(f.severity))
                .strong(),
        );
        if ui.link(f.location.to_string()).clicked()
            && let Some(target) = f.location.target
        {
            app.push(Cmd::GoTo {
                target,
                chars: f.location.chars.clone(),
            });
        }
    });
    let excerpt = ui
        .add(egui::Label::new(RichText::new(&f.excerpt).monospace()).truncate())
        .on_hover_text(&f.message);
    if let (Some(word), Some(target)) = (&f.word, f.location.target) {
        excerpt.context_menu(|ui| word_menu(app, ui, f, target, word));
    }
    match f.location.target {
        Some(target) if f.rule == check::PLACEHOLDER => {
            let key = (target, f.location.chars.start);
            ui.horizontal(|ui| {
                let value = state.fill_values.entry(key).or_default();
                let l = ui.label("填入");
                // The box belongs to its blank, not to its place in the list: when the list
                // reflows after a fill, a focused box never becomes another blank's.
                let r = ui
                    .add(
                        egui::TextEdit::singleline(value)
                            .id(egui::Id::unique(("fill", key)))
                            .desired_width((ui.available_width() - 70.0).clamp(50.0, 120.0))
                            .hint_text(format!("替换“{}”", f.matched)),
                    )
                    .labelled_by(l.id);
                if state.fill_focus == Some(key) {
                    r.request_focus();
                    r.scroll_to_me(None);
                    state.fill_focus = None;
                }
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let value = value.clone();
                let button = ui.add_enabled(!value.is_empty(), egui::Button::new("填写"));
                if (button.clicked() || enter) && !value.is_empty() {
                    fill_blank(
                        state,
                        app,
                        target,
                        f.location.chars.clone(),
                        &value,
                        next_blank,
                    );
                }
            });
        }
        Some(target) => {
            ui.horizontal(|ui| {
                if let Some(fix) = &f.fix {
                    let shown = if fix.is_empty() {
                        "删除".to_owned()
                    } else {
                        format!("改为“{fix}”")
                    };
                    if ui.button("修正").on_hover_text(shown).clicked() {
                        apply_fix(app, f, target, fix);
                    }
                    if same > 1
                        && ui
                            .button(format!("全部修正（{same}）"))
                            .on_hover_text("这一类的每一处都按建议修正，一步可撤销")
                            .clicked()
                    {
                        let texts = check::fix_all(app.speech(), &app.derived.findings, f.rule);
                        app.push(Cmd::Seal);
                        app.push(Cmd::Edit(Edit::SetTexts(texts)));
                        app.push(Cmd::Seal);
                        app.push(Cmd::Status(format!("已修正 {same} 处")));
                    }
                }
                if let Some(word) = &f.word {
                    ui.menu_button("忽略…", |ui| word_menu(app, ui, f, target, word));
                }
                // What gates export can only be fixed, never dismissed.
                if f.word.is_none()
                    && !check::gates_export(f.rule)
                    && ui
                        .button("忽略")
                        .on_hover_text("不再提示这一处（保存在草稿中）")
                        .clicked()
                {
                    dismiss(app, f, target);
                }
                ui.add(egui::Label::new(RichText::new(&f.message).weak()).truncate());
            });
        }
        None => {
            ui.add(egui::Label::new(RichText::new(&f.message).weak()).truncate());
        }
    }
}

/// 忽略: this finding no more (kept in the draft, undoable).
fn dismiss(app: &mut View, f: &Finding, target: TextRef) {
    let mut settings = app.speech().settings.clone();
    settings.dismissed.push(crate::doc::model::Dismissal {
        rule: f.rule.to_owned(),
        target,
        matched: f.matched.clone(),
    });
    app.push(Cmd::Edit(Edit::SetSettings(settings)));
}

/// The menu of the finding with a fix, or about a word, at `offset` of a text, if there is
/// one (a right click on its underline in the manuscript): 改为 and what [`word_menu`] offers
/// (忽略此处 alone for a finding not about a word). Whether it showed one.
pub(crate) fn finding_menu(
    app: &mut View,
    ui: &mut egui::Ui,
    target: TextRef,
    offset: usize,
) -> bool {
    let Some(f) = app
        .derived
        .findings
        .iter()
        .find(|f| {
            (f.word.is_some() || f.fix.is_some())
                && !check::gates_export(f.rule)
                && f.location.target == Some(target)
                // A click lands between characters: either edge of the word counts.
                && (f.location.chars.start..=f.location.chars.end).contains(&offset)
        })
        .cloned()
    else {
        return false;
    };
    ui.label(RichText::new(&f.message).small());
    if let Some(fix) = &f.fix
        && ui.button(format!("改为“{fix}”")).clicked()
    {
        apply_fix(app, &f, target, fix);
        ui.close();
    }
    match &f.word {
        Some(word) => word_menu(app, ui, &f, target, word),
        None => {
            if ui.button("忽略此处").clicked() {
                dismiss(app, &f, target);
                ui.close();
            }
        }
    }
    true
}

/// What a word finding can be told (its 忽略… menu, and its right-click menu): ignore this
/// place, accept the word in this speech (kept in the draft, undoable), or in every speech
/// (the user's dictionary in the data folder).
fn word_menu(app: &mut View, ui: &mut egui::Ui, f: &Finding, target: TextRef, word: &str) {
    if ui
        .button("忽略此处")
        .on_hover_text("不再提示这一处（保存在草稿中）")
        .clicked()
    {
        dismiss(app, f, target);
        ui.close();
    }
    if ui
        .button(format!("本文忽略“{word}”"))
        .on_hover_text("这篇讲稿里不再把这个词当作错字（保存在草稿中，可撤销）")
        .clicked()
    {
        let mut settings = app.speech().settings.clone();
        if !settings.accepted_words.iter().any(|w| w == word) {
            settings.accepted_words.push(word.to_owned());
        }
        app.push(Cmd::Edit(Edit::SetSettings(settings)));
        ui.close();
    }
    if ui
        .button(format!("加入词典“{word}”"))
        .on_hover_text("所有讲稿都照这个写法（保存在数据文件夹的 proof-words.txt）")
        .clicked()
    {
        app.push(Cmd::AcceptWord(word.to_owned()));
        ui.close();
    }
}

/// Fills a blank, then moves on to the next blank's 填入 box (showing that blank in the
/// editor), or, after the last one, puts the caret after the value.
fn fill_blank(
    state: &mut CheckerState,
    app: &mut View,
    target: TextRef,
    chars: std::ops::Range<usize>,
    value: &str,
    next: Option<&Finding>,
) {
    state.fill_values.remove(&(target, chars.start));
    // Blanks after this one in the same text move by the length change.
    let delta = value.chars().count() as isize - chars.len() as isize;
    let moved = |(t, s): (TextRef, usize)| {
        if t == target && s > chars.start {
            (t, (s as isize + delta).max(0) as usize)
        } else {
            (t, s)
        }
    };
    state.fill_values = std::mem::take(&mut state.fill_values)
        .into_iter()
        .map(|(k, v)| (moved(k), v))
        .collect();
    let next = next.and_then(|n| Some(moved((n.location.target?, n.location.chars.start))));
    let end = chars.start + value.chars().count();
    fill(app, target, chars, value);
    match next {
        // The box takes the focus, not the text: the next value typed goes to the next blank.
        Some(key) => {
            state.fill_focus = Some(key);
            app.push(Cmd::Reveal(key.0));
        }
        // After the last blank, the caret goes after the value.
        None => app.push(Cmd::GoTo {
            target,
            chars: end..end,
        }),
    }
}

/// Replaces a character range of a text with `value`, as an undo step of its own.
/// A finding's fix as one undoable edit, the caret after it.
fn apply_fix(app: &mut View, f: &Finding, target: TextRef, fix: &str) {
    let chars = f.location.chars.clone();
    let end = chars.start + fix.chars().count();
    fill(app, target, chars, fix);
    app.push(Cmd::GoTo {
        target,
        chars: end..end,
    });
}

fn fill(app: &mut View, target: TextRef, chars: std::ops::Range<usize>, value: &str) {
    let Some(text) = app.speech().text(target) else {
        return;
    };
    let new = splice(text, chars, value);
    app.push(Cmd::Seal);
    app.push(Cmd::Edit(Edit::SetText { target, text: new }));
    app.push(Cmd::Seal);
}

pub fn status_ui(app: &View, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        if let Some(st) = app.derived.stats {
            let settings = &app.speech().settings;
            let rate = settings.rate.unwrap_or(stats::DEFAULT_RATE);
            let minutes = st.minutes(rate);
            ui.label(match app.selected_han {
                Some(n) => format!("选中 {n} 字 / 共 {}", st.han),
                None => format!("字数 {}", st.han),
            });
            ui.separator();
            ui.label(format!("预计时长 {minutes:.1} 分钟（{rate} 字/分）"));
            if let Some(target) = settings.target_minutes {
                let share = minutes / f64::from(target.max(1));
                let text = format!("目标 {target} 分钟：{:.0}%", share * 100.0);
                let color = if share > 1.1 {
                    super::theme::severity(Severity::Warning)
                } else {
                    ui.visuals().text_color()
                };
                // As wide as its text: a fixed width cut `131%` to `13`.
                let font = egui::TextStyle::Button.resolve(ui.style());
                let width = ui.fonts_mut(|f| {
                    f.layout_no_wrap(text.clone(), font, egui::Color32::WHITE)
                        .size()
                        .x
                });
                ui.add(
                    egui::ProgressBar::new(share.min(1.0) as f32)
                        .desired_width(width + 4.0 * ui.spacing().button_padding.x)
                        .fill(color.gamma_multiply(0.6))
                        .text(text),
                );
            }
            ui.separator();
            match app.pages {
                Some(n) => ui.label(format!("{n} 页")).on_hover_text(
                    "公文格式（A4，每页 22 行 × 28 字）排出的页数，停笔两秒后更新；分页见页面视图（Alt+3）",
                ),
                None => ui.label(format!("约 {:.1} 页", st.pages())),
            };
            ui.separator();
        }
        let n = app.derived.findings.len();
        let text = RichText::new(format!("问题 {n}"));
        // In the colour of the most serious finding: hints alone are not shown as errors.
        ui.label(match crate::check::worst(&app.derived.findings) {
            Some(s) => text.color(super::theme::severity(s)),
            None => text,
        });
        if !app.status.is_empty() {
            ui.separator();
            match app.status.strip_prefix(super::dispatch::REFUSED) {
                Some(refused) => {
                    ui.colored_label(super::theme::WARNING, format!("未执行：{refused}"));
                }
                None => {
                    ui.weak(app.status);
                }
            }
        }
    });
}
