//! Drawing the page: the visible lines, the selection, the caret, the marks of findings and
//! invisible characters, hover messages and the right-click menu.

use std::collections::HashMap;

use egui::text::CCursor;
use egui::{Color32, Event, Galley, Pos2, Rect, Sense, pos2, vec2};

use crate::app::UiCommand;
use crate::app::find::FindBar;
use crate::app::{Cmd, View, theme};
use crate::doc::manuscript::keys::{self};
use crate::doc::manuscript::{self, Role};
use crate::doc::model::{Spot, TextPos};

use super::layout::*;
use super::*;

/// One frame's page on screen: where each line stands and how to lay one out.
struct Screen<'p, 'a> {
    page: &'p Page<'a>,
    tops: &'p Tops,
    /// The top left of the text column.
    origin: Pos2,
    ctx: &'p egui::Context,
    preedit: Option<(TextPos, String)>,
}

impl Screen<'_, '_> {
    /// The top left of line `i`.
    fn at(&self, i: usize) -> Pos2 {
        self.origin + vec2(0.0, self.tops.y[i])
    }

    fn lay(&self, laid: &mut HashMap<usize, Laid>, i: usize) {
        self.page.lay_out_once(self.ctx, laid, i, &self.preedit);
    }

    /// The place under a point, and whether it is the end of a row.
    fn hit(&self, laid: &mut HashMap<usize, Laid>, p: Pos2) -> (TextPos, bool) {
        let i = self.tops.line_at(p.y - self.origin.y);
        self.lay(laid, i);
        let l = &laid[&i];
        let local = p - self.at(i) - l.offset;
        let g = l.galley.cursor_from_pos(local).index.0;
        let (k, offset) = l.place(l.display_at(g));
        let pos = TextPos {
            spot: self.page.m.lines[i].spots[k],
            offset,
        };
        (pos, l.ends_row(g))
    }
}

/// Where the page was allocated this frame: the whole page and the part in view, in the
/// scroll area's coordinates.
struct Area {
    rect: Rect,
    viewport: Rect,
}

impl Area {
    /// The part of the page in view, on screen.
    fn seen(&self) -> Rect {
        self.viewport.translate(self.rect.min.to_vec2())
    }
}

pub fn editor_ui(state: &mut EditorState, find: &FindBar, view: &mut View, ui: &mut egui::Ui) {
    let (derived, session) = (view.derived, view.session);
    let ctx = ui.ctx().clone();
    let page_width = ui.available_width();
    let width = (page_width - 48.0).clamp(160.0, MAX_COLUMN);
    let page = page(derived, session.speech(), find, &ctx, width);
    if page.m.lines.is_empty() {
        return;
    }
    state.validate(page.speech, page.m);
    state.column_chars = width / page.look.body;
    // Counted as the status bar's 字数 is, and only when the selection or the text changed:
    // a whole speech selected is not gathered again at every frame (a scroll, a hover).
    let key = state
        .selection()
        .filter(|(a, c)| a != c)
        .map(|sel| (sel, session.doc().revision()));
    if key != state.counted {
        state.counted = key;
        state.selected_han = key
            .and_then(|((anchor, caret), _)| {
                keys::selected(page.m, page.speech, keys::Selection { anchor, caret })
            })
            .map(|(a, b)| crate::doc::stats::han_between(page.speech, a, b));
    }
    if (state.width - width).abs() > 0.5 {
        state.heights.clear();
        state.width = width;
    }
    let tops = tops(state, &page);
    let id = editor_id();
    let reveal_line = state
        .reveal
        .take()
        .and_then(|s| page.m.locate(s))
        .map(|(i, _)| i);
    let output = egui::ScrollArea::vertical()
        // A new document is a new scroll area: it starts at its top, not where the last one was.
        .id_salt(("editor", session.generation()))
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, viewport| {
            let total = tops.y[tops.y.len() - 1] + page.look.body * 4.0;
            let (rect, _) = ui.allocate_exact_size(vec2(page_width, total), Sense::hover());
            let area = Area { rect, viewport };
            let screen = Screen {
                page: &page,
                tops: &tops,
                origin: pos2(
                    rect.min.x + ((page_width - width) / 2.0).max(8.0),
                    rect.min.y + 8.0,
                ),
                ctx: &ctx,
                preedit: state.caret.zip(state.preedit.clone()),
            };
            let response = ui.interact(rect, id, Sense::click_and_drag());
            response
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "讲稿正文"));
            let mut laid: HashMap<usize, Laid> = HashMap::new();
            let caret_line = state
                .caret
                .and_then(|c| page.m.locate(c.spot))
                .map(|(i, _)| i);
            // The visible lines, and the lines the caret or a reveal needs.
            let first = tops.line_at(viewport.min.y - OVERDRAW);
            let last = tops.line_at(viewport.max.y + OVERDRAW);
            for i in (first..=last).chain(caret_line).chain(reveal_line) {
                screen.lay(&mut laid, i);
            }
            if let Some(i) = reveal_line {
                let h = laid.get(&i).map_or(40.0, |l| l.height);
                ui.scroll_to_rect(
                    Rect::from_min_size(screen.at(i), vec2(width, h)),
                    Some(egui::Align::Center),
                );
            }
            pointer(&screen, &mut laid, state, view, &response, &area, ui);
            if response.secondary_clicked()
                && let Some(p) = response.interact_pointer_pos()
            {
                state.menu_line = Some(tops.line_at(p.y - screen.origin.y));
                state.menu_pos = Some(screen.hit(&mut laid, p).0);
            }
            response.context_menu(|ui| context_menu(&page, state, view, ui));
            if state.focus {
                state.focus = false;
                response.request_focus();
            }
            let focused = response.has_focus();
            if focused {
                ui.memory_mut(|m| {
                    m.set_focus_lock_filter(
                        id,
                        egui::EventFilter {
                            horizontal_arrows: true,
                            vertical_arrows: true,
                            tab: false,
                            // Esc collapses the selection; it does not leave the text.
                            escape: true,
                        },
                    );
                });
            }
            state.geometry = Some(Geometry {
                origin: screen.origin,
                viewport_height: viewport.height(),
            });
            paint_lines(&screen, &laid, state, ui.painter());
            // Changed heights are kept for the next frame.
            for (i, l) in &laid {
                state.heights.insert(page.m.lines[*i].spots[0], l.height);
            }
            paint_caret(&screen, &laid, state, focused, &area, ui);
            paint_co_writers(&screen, &laid, session, ui);
            hover_finding(&screen, &mut laid, &response);
        });
    state.offset = output.state.clamped_offset().y;
}

/// Mouse: click, shift-click, drag and double-click place the caret and select.
fn pointer(
    screen: &Screen,
    laid: &mut HashMap<usize, Laid>,
    state: &mut EditorState,
    view: &mut View,
    response: &egui::Response,
    area: &Area,
    ui: &egui::Ui,
) {
    let Some(p) = response.interact_pointer_pos() else {
        return;
    };
    let shift = ui.input(|i| i.modifiers.shift);
    if response.double_clicked() {
        let (pos, _) = screen.hit(laid, p);
        let (a, b) = keys::clause(screen.page.speech, pos);
        state.anchor = Some(a);
        state.caret = Some(b);
        state.upstream = false;
    } else if response.drag_started() || response.clicked() {
        // A drag is recognised once the pointer has moved a little (or, when it moves fast, a
        // long way): the selection starts where the button went down.
        let origin = if response.drag_started() {
            ui.input(|i| i.pointer.press_origin()).unwrap_or(p)
        } else {
            p
        };
        let (start, _) = screen.hit(laid, origin);
        let (pos, end_of_row) = screen.hit(laid, p);
        if !shift || state.caret.is_none() {
            state.anchor = Some(start);
        }
        state.caret = Some(pos);
        state.goal_x = None;
        state.preedit = None;
        state.upstream = end_of_row;
        response.request_focus();
        if let Spot::Text(t) = pos.spot {
            view.push(Cmd::Entered(t));
        }
    } else if response.dragged() {
        let (pos, end_of_row) = screen.hit(laid, p);
        state.caret = Some(pos);
        state.upstream = end_of_row;
        // Dragging past the top or bottom scrolls, so a selection can run on.
        let seen = area.seen();
        let over = if p.y > seen.max.y - 12.0 {
            -(p.y - seen.max.y + 12.0).min(40.0)
        } else if p.y < seen.min.y + 12.0 {
            (seen.min.y + 12.0 - p.y).min(40.0)
        } else {
            0.0
        };
        if over != 0.0 {
            ui.scroll_with_delta(vec2(0.0, over));
        }
    }
}

/// Paints the laid lines: the selection behind, the text, the marks of invisible characters.
fn paint_lines(
    screen: &Screen,
    laid: &HashMap<usize, Laid>,
    state: &EditorState,
    painter: &egui::Painter,
) {
    let page = screen.page;
    let sel = state.selection().filter(|(a, b)| a != b).map(|(a, b)| {
        if page.m.cmp(a, b) == std::cmp::Ordering::Greater {
            (b, a)
        } else {
            (a, b)
        }
    });
    let sel_lines =
        sel.and_then(|(a, b)| Some((page.m.locate(a.spot)?.0, page.m.locate(b.spot)?.0)));
    let mut lines: Vec<usize> = laid.keys().copied().collect();
    lines.sort_unstable();
    for i in lines {
        let l = &laid[&i];
        let top = screen.at(i) + l.offset;
        if let (Some((a, b)), Some((la, lb))) = (sel, sel_lines)
            && (la..=lb).contains(&i)
        {
            let from = if i == la {
                let k = page.m.locate(a.spot).map_or(0, |x| x.1);
                l.galley_index(l.display(k, a.offset))
            } else {
                0
            };
            let to = if i == lb {
                let k = page.m.locate(b.spot).map_or(0, |x| x.1);
                l.galley_index(l.display(k, b.offset))
            } else {
                l.galley.end().index.0 + 1
            };
            paint_selection(painter, &l.galley, top, from, to, page.look.selection);
        }
        painter.galley(top, l.galley.clone(), page.look.text);
        if l.heavy {
            painter.galley(top + vec2(0.6, 0.0), l.galley.clone(), page.look.text);
        }
        mark_invisible(painter, page, i, l, top);
    }
}

/// Paints the caret (when the text has the focus), tells the input method where it is, and
/// scrolls it into view when asked.
fn paint_caret(
    screen: &Screen,
    laid: &HashMap<usize, Laid>,
    state: &mut EditorState,
    focused: bool,
    area: &Area,
    ui: &egui::Ui,
) {
    let page = screen.page;
    let Some(c) = state.caret else {
        return;
    };
    let Some(r) = caret_at(screen, laid, c, state.upstream) else {
        return;
    };
    let caret = Rect::from_x_y_ranges(r.min.x - 0.5..=r.max.x + 1.0, r.y_range());
    state.caret_rect = Some(caret);
    if focused {
        ui.painter().rect_filled(caret, 0.0, page.look.strong);
        let to_global = ui
            .ctx()
            .layer_transform_to_global(ui.layer_id())
            .unwrap_or_default();
        ui.output_mut(|o| {
            o.ime = Some(egui::output::IMEOutput {
                purpose: egui::IMEPurpose::Normal,
                rect: to_global * area.rect.intersect(area.seen()),
                cursor_rect: to_global * caret,
                should_interrupt_composition: false,
            });
        });
    }
    if state.scroll_caret {
        state.scroll_caret = false;
        // Only when it is out of sight: a scroll is an animation, frames on end.
        let want = caret.expand2(vec2(0.0, page.look.body));
        if !area.seen().contains_rect(want) {
            ui.scroll_to_rect(want, None);
        }
    }
}

/// Where a caret at `at` stands on screen, as tall as the characters (not the line spacing);
/// `None` when its line is not laid out (out of sight).
fn caret_at(
    screen: &Screen,
    laid: &HashMap<usize, Laid>,
    at: TextPos,
    upstream: bool,
) -> Option<Rect> {
    let (i, k) = screen.page.m.locate(at.spot)?;
    let l = laid.get(&i)?;
    let r = l
        .caret_rect_at(k, at.offset, upstream)
        .translate(screen.at(i).to_vec2() + l.offset);
    let h = (screen.page.look.body * 1.25).min(r.height());
    let mid = r.center().y;
    Some(Rect::from_x_y_ranges(
        r.x_range(),
        mid - h / 2.0..=mid + h / 2.0,
    ))
}

/// Co-writers' carets on the lines in sight: a bar in the person's colour with the name above
/// it, so a drafter sees where a colleague is typing.
fn paint_co_writers(
    screen: &Screen,
    laid: &HashMap<usize, Laid>,
    session: &crate::session::Session,
    ui: &egui::Ui,
) {
    let Some(c) = session.coedit() else {
        return;
    };
    let page = screen.page;
    for w in c.co_writers() {
        let Some(at) = w.caret else {
            continue;
        };
        let Some(r) = caret_at(screen, laid, at, false) else {
            continue;
        };
        let colour = crate::app::theme::WRITERS[w.hue % crate::app::theme::WRITERS.len()];
        let bar = Rect::from_x_y_ranges(r.min.x - 1.0..=r.min.x + 1.0, r.y_range());
        let painter = ui.painter();
        painter.rect_filled(bar, 0.0, colour);
        let font = egui::FontId::proportional((page.look.body * 0.55).max(10.0));
        let name = painter.layout_no_wrap(w.person.clone(), font, egui::Color32::WHITE);
        let tag = Rect::from_min_size(
            pos2(bar.min.x, bar.min.y - name.size().y - 2.0),
            name.size() + vec2(6.0, 2.0),
        );
        painter.rect_filled(tag, 2.0, colour);
        painter.galley(tag.min + vec2(3.0, 1.0), name, egui::Color32::WHITE);
    }
}

/// The message of a finding under the pointer.
fn hover_finding(screen: &Screen, laid: &mut HashMap<usize, Laid>, response: &egui::Response) {
    if !response.hovered() || response.dragged() {
        return;
    }
    let Some(p) = response.hover_pos() else {
        return;
    };
    let (pos, _) = screen.hit(laid, p);
    if let Spot::Text(target) = pos.spot
        && let Some(f) = screen.page.findings.iter().find(|f| {
            f.location.target == Some(target)
                && f.location.chars.start <= pos.offset
                && pos.offset < f.location.chars.end.max(f.location.chars.start + 1)
        })
    {
        response
            .clone()
            .on_hover_text_at_pointer(format!("{}：{}", f.severity.label(), f.message));
    }
}

/// Paints the selection's background between two galley indices.
pub(super) fn paint_selection(
    painter: &egui::Painter,
    galley: &Galley,
    top: Pos2,
    from: usize,
    to: usize,
    color: Color32,
) {
    let mut index = 0;
    for row in &galley.rows {
        let n = row.char_count_including_newline().0;
        let visible = row.char_count_excluding_newline().0;
        let (lo, hi) = (from.max(index), to.min(index + n));
        if lo < hi || (lo == hi && n == 0 && from <= index && index < to) {
            let x0 = galley.pos_from_cursor(CCursor::new(lo)).min.x;
            let mut x1 = galley
                .pos_from_cursor(CCursor::new(hi.min(index + visible)))
                .min
                .x;
            if hi > index + visible {
                // The line break is selected too: show it as a little space.
                x1 += 6.0;
            }
            let r = Rect::from_min_max(pos2(x0, row.min_y()), pos2(x1.max(x0 + 2.0), row.max_y()));
            painter.rect_filled(r.translate(top.to_vec2()), 0.0, color);
        }
        index += n;
    }
}

/// Marks every invisible character with a thin bar and a flag: a drafter sees where a finding
/// points, also for characters that take no room at all.
pub(super) fn mark_invisible(painter: &egui::Painter, page: &Page, i: usize, l: &Laid, top: Pos2) {
    if l.hint {
        return;
    }
    for (k, spot) in page.m.lines[i].spots.iter().enumerate() {
        let t = manuscript::text(page.speech, *spot);
        if t.is_ascii()
            || !t
                .chars()
                .any(|c| crate::check::invisible::classify(c).is_some())
        {
            continue;
        }
        for (at, error) in invisible_marks(t) {
            let r = l.caret_rect(k, at).translate(top.to_vec2());
            let color = if error { theme::ERROR } else { theme::WARNING };
            painter.rect_filled(
                Rect::from_min_size(r.min - vec2(1.0, 0.0), vec2(2.0, r.height())),
                0.0,
                color,
            );
            painter.rect_filled(
                Rect::from_min_size(r.min - vec2(1.0, 0.0), vec2(6.0, 4.0)),
                1.0,
                color,
            );
        }
    }
}

/// The right-click menu: on a heading, what can be done to its section.
pub(super) fn context_menu(
    page: &Page,
    state: &mut EditorState,
    view: &mut View,
    ui: &mut egui::Ui,
) {
    let section = state
        .menu_line
        .and_then(|i| page.m.lines.get(i))
        .filter(|l| matches!(l.role, Role::Heading { .. } | Role::RunIn { .. }))
        .and_then(|l| l.section);
    // On a returned file's change or comment: what the review panel offers for it, first.
    if let Some(pos) = state.menu_pos
        && let Spot::Text(target) = pos.spot
        && crate::app::review::change_menu(view, ui, target, pos.offset)
    {
        ui.separator();
    }
    // On a finding's underline: what the findings list offers for it.
    if let Some(pos) = state.menu_pos
        && let Spot::Text(target) = pos.spot
        && crate::app::panels::finding_menu(view, ui, target, pos.offset)
    {
        ui.separator();
    }
    let has_selection = state.selection().is_some_and(|(a, b)| a != b);
    if ui
        .add_enabled(has_selection, egui::Button::new("复制"))
        .clicked()
    {
        state.pending.push(Event::Copy);
        ui.close();
    }
    if ui
        .add_enabled(has_selection, egui::Button::new("剪切"))
        .clicked()
    {
        state.pending.push(Event::Cut);
        ui.close();
    }
    for command in [UiCommand::Paste, UiCommand::SelectAll] {
        if ui.button(command.label()).clicked() {
            view.push(Cmd::Run(command));
            ui.close();
        }
    }
    // What the text under the pointer is: the fix for a structure guessed wrong.
    if let Some(pos) = state.menu_pos
        && let Spot::Text(target @ (TextRef::Paragraph(_) | TextRef::Heading(_))) = pos.spot
    {
        crate::app::tree::role_buttons(view, ui, target);
    }
    if let Some(id) = section {
        ui.separator();
        for (label, cmd) in [
            ("调整标题分界…", Cmd::AdjustBoundary(id)),
            ("重命名…", Cmd::Rename(id)),
            ("添加下级", Cmd::Run(UiCommand::AddChild)),
            ("删除小节…", Cmd::AskDelete(id)),
        ] {
            if ui.button(label).clicked() {
                view.push(Cmd::Select(id));
                view.push(cmd);
                ui.close();
            }
        }
    }
}

/// Where the invisible characters of a text are (char index, and whether it is an error: a
/// direction or control character), so the editor can mark them.
pub fn invisible_marks(text: &str) -> Vec<(usize, bool)> {
    use crate::check::invisible::{Invisible, classify};
    text.chars()
        .enumerate()
        .filter_map(|(i, c)| {
            classify(c).map(|k| (i, matches!(k, Invisible::Bidi(_) | Invisible::Control(_))))
        })
        .collect()
}
