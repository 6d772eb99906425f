//! The editing pane: every text of the speech in document order, one box per paragraph.
//!
//! Only rows near the visible part are laid out; the others take their measured (or
//! estimated) height, which keeps a frame cheap on a 100 000-字 speech.

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::text_selection::CCursorRange;
use std::collections::HashMap;

use egui::{Align, Color32, Id, TextEdit};

use super::panels::FindBar;
use super::{Cmd, View};
use crate::checker::placeholder;
use crate::derived::{Row, RowKey};
use crate::edit::Edit;
use crate::model::{Container, Field, TextRef};

/// Extra space kept drawn above and below the viewport.
const OVERDRAW: f32 = 300.0;
/// Indent per tree level, in points.
const INDENT: f32 = 18.0;

/// A pending caret placement, applied when the target text box is drawn.
#[derive(Clone, Debug, PartialEq)]
struct FocusRequest {
    target: TextRef,
    chars: std::ops::Range<usize>,
    /// Further frames to retry if the focus is refused.
    tries: u8,
}

impl FocusRequest {
    fn new(target: TextRef, chars: std::ops::Range<usize>) -> Self {
        FocusRequest {
            target,
            chars,
            tries: 3,
        }
    }
}

/// The editor's own state: where the caret and the view are asked to go, and what it measured.
#[derive(Default)]
pub struct EditorState {
    focus_request: Option<FocusRequest>,
    scroll_to: Option<TextRef>,
    /// The text box focused last frame, to seal typing bursts when focus moves.
    focused: Option<TextRef>,
    /// Measured heights of rows, for drawing only what is visible.
    row_heights: HashMap<RowKey, f32>,
}

impl EditorState {
    /// Puts the caret on a character range of a text (selecting it) when the text is drawn.
    pub fn place_caret(&mut self, target: TextRef, chars: std::ops::Range<usize>) {
        self.focus_request = Some(FocusRequest::new(target, chars));
    }

    /// Puts the caret at a place (after an edit).
    pub fn place_caret_at(&mut self, pos: crate::model::TextPos) {
        if let crate::model::Spot::Text(t) = pos.spot {
            self.place_caret(t, pos.offset..pos.offset);
        }
    }

    /// Scrolls a text into view.
    pub fn reveal(&mut self, target: TextRef) {
        self.scroll_to = Some(target);
    }

    /// Forgets everything about the previous document.
    pub fn reset(&mut self) {
        *self = EditorState::default();
    }

    /// Whether a caret placement or a scroll waits for the next frame.
    pub fn waiting(&self) -> bool {
        self.focus_request.is_some() || self.scroll_to.is_some()
    }
}

fn row_target(key: RowKey) -> Option<TextRef> {
    match key {
        RowKey::Field(f) => Some(TextRef::Field(f)),
        RowKey::Heading(id) => Some(TextRef::Heading(id)),
        RowKey::Para(p) => Some(TextRef::Paragraph(p)),
        RowKey::Part(_) | RowKey::AddPara(_) => None,
    }
}

/// The id of the text box showing a text.
pub fn text_id(target: TextRef) -> Id {
    Id::unique(("jianggao-text", target))
}

pub fn editor_ui(state: &mut EditorState, find: &FindBar, view: &mut View, ui: &mut egui::Ui) {
    let derived = view.derived;
    let rows = &derived.rows;
    let wanted = state
        .scroll_to
        .or_else(|| state.focus_request.as_ref().map(|f| f.target));
    let mut ed = Ed { state, find, view };
    let mut focused_now = None;
    egui::ScrollArea::vertical()
        .id_salt("editor")
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, viewport| {
            ui.set_width(ui.available_width().min(900.0));
            let width = ui.available_width();
            let origin = ui.cursor().top();
            for row in rows {
                let target = row_target(row.key);
                let y = ui.cursor().top() - origin;
                let estimate = ed
                    .state
                    .row_heights
                    .get(&row.key)
                    .copied()
                    .unwrap_or_else(|| estimate_height(row, width));
                let visible =
                    y + estimate >= viewport.min.y - OVERDRAW && y <= viewport.max.y + OVERDRAW;
                let forced = target.is_some() && target == wanted;
                if !(visible || forced) {
                    ui.add_space(estimate);
                    continue;
                }
                let top = ui.cursor().top();
                if let Some(t) = row_ui(&mut ed, ui, row)
                    && target.is_some()
                {
                    focused_now = Some(t);
                }
                ed.state
                    .row_heights
                    .insert(row.key, ui.cursor().top() - top);
            }
        });
    if focused_now != ed.state.focused {
        ed.view.push(Cmd::Seal);
        ed.state.focused = focused_now;
    }
}

/// What drawing a row needs: the editor's state, the find bar's matches and the view.
struct Ed<'s, 'v, 'a> {
    state: &'s mut EditorState,
    find: &'s FindBar,
    view: &'v mut View<'a>,
}

fn estimate_height(row: &Row, width: f32) -> f32 {
    let per_line = ((width - 40.0) / 15.0).max(10.0);
    let lines = (row.chars as f32 / per_line).ceil().max(1.0);
    lines * 20.0 + 14.0
}

/// Draws one row; returns its text if it has focus.
fn row_ui(app: &mut Ed, ui: &mut egui::Ui, row: &Row) -> Option<TextRef> {
    match row.key {
        RowKey::Part(name) => {
            ui.add_space(6.0);
            ui.label(
                egui::RichText::new(name)
                    .strong()
                    .color(ui.visuals().weak_text_color()),
            );
            None
        }
        RowKey::Field(f) => {
            let target = TextRef::Field(f);
            let text = app.view.speech().field(f).to_owned();
            ui.horizontal(|ui| {
                let label = ui.add_sized([56.0, 20.0], egui::Label::new(f.label()));
                let big = f == Field::Title;
                // A salutation may run over two lines (`亲爱的同学们，` / `各位老师：`).
                let multiline = f == Field::Salutation;
                text_box(app, ui, target, &text, multiline, big, Some(label.id))
            })
            .inner
        }
        RowKey::Heading(id) => {
            let target = TextRef::Heading(id);
            let sec = app.view.speech().section(id)?;
            let text = sec.heading.clone();
            let selected = app.view.selected == Some(id);
            ui.horizontal(|ui| {
                ui.add_space(row.depth as f32 * INDENT);
                let label_text = if row.label.is_empty() {
                    "◇".to_owned()
                } else {
                    row.label.clone()
                };
                let mut rich = egui::RichText::new(label_text).strong();
                if selected {
                    rich = rich.color(ui.visuals().selection.stroke.color);
                }
                let label = ui.label(rich);
                if ui
                    .small_button("分界")
                    .on_hover_text("调整标题在哪里结束、第一段从哪里开始")
                    .clicked()
                {
                    app.view.push(Cmd::AdjustBoundary(id));
                }
                text_box(
                    app,
                    ui,
                    target,
                    &text,
                    false,
                    row.depth == 0,
                    Some(label.id),
                )
            })
            .inner
        }
        RowKey::Para(p) => {
            let target = TextRef::Paragraph(p);
            let text = app.view.speech().text(target)?.to_owned();
            ui.horizontal(|ui| {
                ui.add_space(row.depth as f32 * INDENT + 12.0);
                text_box(app, ui, target, &text, true, false, None)
            })
            .inner
        }
        RowKey::AddPara(container) => {
            ui.horizontal(|ui| {
                ui.add_space(row.depth as f32 * INDENT + 12.0);
                if ui.small_button("＋ 添加段落").clicked() {
                    app.view.push(Cmd::NewParagraph {
                        container,
                        index: 0,
                    });
                }
            });
            None
        }
    }
}

/// A text box bound to one text of the speech. Returns its target if focused.
fn text_box(
    app: &mut Ed,
    ui: &mut egui::Ui,
    target: TextRef,
    text: &str,
    multiline: bool,
    big: bool,
    labelled_by: Option<Id>,
) -> Option<TextRef> {
    let id = text_id(target);
    let ctx = ui.ctx().clone();
    if let Some(req) = app.state.focus_request.clone()
        && req.target == target
    {
        let mut state = egui::text_edit::TextEditState::load(&ctx, id).unwrap_or_default();
        state.cursor.set_char_range(Some(CCursorRange::two(
            CCursor::new(req.chars.start),
            CCursor::new(req.chars.end),
        )));
        state.store(&ctx, id);
        ctx.memory_mut(|m| m.request_focus(id));
    }
    let mut buf = text.to_owned();
    let font = if big {
        egui::TextStyle::Heading
    } else {
        egui::TextStyle::Body
    };
    let font_id = font.resolve(ui.style());
    let normal = ui.visuals().text_color();
    // Matches of an open find bar, the one on show marked apart.
    let query = app.find.query_on_show().to_owned();
    let current = app
        .find
        .current()
        .filter(|(t, _)| *t == target)
        .map(|(_, r)| r.clone());
    let mut layouter = |ui: &egui::Ui, b: &dyn egui::TextBuffer, wrap: f32| {
        let marks = find_marks(b.as_str(), &query, current.as_ref());
        let job = highlight(b.as_str(), &font_id, normal, wrap, &marks);
        ui.fonts_mut(|f| f.layout_job(job))
    };
    let edit = if multiline {
        TextEdit::multiline(&mut buf).desired_rows(1).hint_text(
            if matches!(target, TextRef::Paragraph(_)) {
                "段落"
            } else {
                ""
            },
        )
    } else {
        TextEdit::singleline(&mut buf).hint_text(match target {
            TextRef::Heading(_) => "小节标题",
            _ => "",
        })
    };
    let output = edit
        .id(id)
        .font(font)
        .desired_width(f32::INFINITY)
        .layouter(&mut layouter)
        .show(ui);
    // The line break of a two-line salutation is the author's layout, not a stray control.
    let shown = if target == TextRef::Field(Field::Salutation) {
        std::borrow::Cow::Owned(text.replace('\n', " "))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    mark_invisible(ui, &shown, &output);
    let mut response = output.response.response.clone();
    if let Some(l) = labelled_by {
        response = response.labelled_by(l);
    }
    if app.state.scroll_to == Some(target) {
        response.scroll_to_me(Some(Align::Center));
        app.state.scroll_to = None;
    }
    let caret = output.cursor_range.map(|r| r.primary.index.0);
    if let Some(req) = &mut app.state.focus_request
        && req.target == target
    {
        // A modal closing this frame can refuse the focus; keep asking for a few frames.
        if response.has_focus() || req.tries == 0 {
            app.state.focus_request = None;
        } else {
            req.tries -= 1;
        }
    }
    // A text box may report a change without one (Backspace at the start): only a real
    // difference is an edit; otherwise the key is ours to interpret.
    if response.changed() && buf != text {
        on_change(app, target, text, buf, caret);
    } else if response.has_focus() {
        on_keys(app, ui, target, text, &output);
    }
    if response.gained_focus() {
        app.view.push(Cmd::Entered(target));
    }
    response.has_focus().then_some(target)
}

fn on_change(app: &mut Ed, target: TextRef, old: &str, new: String, caret: Option<usize>) {
    match target {
        TextRef::Paragraph(para) if new.contains('\n') => {
            // Enter (or a multi-line paste) splits the paragraph; the caret follows the text
            // after the last break into its new paragraph.
            let caret = caret.unwrap_or(0);
            let before_caret: String = new.chars().take(caret).collect();
            let caret_in_last = before_caret
                .rfind('\n')
                .map_or(caret, |b| before_caret[b + 1..].chars().count());
            let lines: Vec<String> = new
                .split('\n')
                .map(|l| l.trim_end_matches('\r').to_owned())
                .collect();
            app.view.push(Cmd::Lines {
                para,
                lines,
                caret: caret_in_last,
            });
        }
        _ => {
            // Single-line fields never hold a line break (a paste may bring one); a salutation
            // holds at most one, between its two lines.
            let text = match target {
                TextRef::Paragraph(_) => new,
                TextRef::Field(Field::Salutation) => {
                    let flat = new.replace('\r', "");
                    match flat.split_once('\n') {
                        Some((a, b)) => format!("{a}\n{}", b.replace('\n', "")),
                        None => flat,
                    }
                }
                _ => new.replace(['\n', '\r'], ""),
            };
            if text != old {
                app.view.push(Cmd::Edit(Edit::SetText { target, text }));
            }
        }
    }
}

fn on_keys(
    app: &mut Ed,
    ui: &egui::Ui,
    target: TextRef,
    text: &str,
    output: &egui::text_edit::TextEditOutput,
) {
    let at_start = output
        .cursor_range
        .is_some_and(|r| r.is_empty() && r.primary.index.0 == 0);
    let backspace = ui.input(|i| i.key_pressed(egui::Key::Backspace) && i.modifiers.is_none());
    let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
    match target {
        TextRef::Paragraph(para) if backspace && at_start => {
            let speech = app.view.speech();
            let Some((container, index)) = speech.locate_paragraph(para) else {
                return;
            };
            let prev = index
                .checked_sub(1)
                .and_then(|i| speech.paragraphs(container).map(|ps| &ps[i]));
            let focus = match (prev, container) {
                (Some(p), _) => {
                    let n = p.text.chars().count();
                    Some(FocusRequest::new(TextRef::Paragraph(p.id), n..n))
                }
                (None, Container::Section(sid)) => speech.section(sid).map(|s| {
                    let n = s.heading.chars().count();
                    FocusRequest::new(TextRef::Heading(sid), n..n)
                }),
                (None, _) => None,
            };
            let edit = if text.is_empty() {
                Some(Edit::DeleteParagraph { para })
            } else if prev.is_some() {
                Some(Edit::MergeWithPrevious { para })
            } else {
                None
            };
            if let Some(edit) = edit {
                app.view.push(Cmd::Edit(edit));
                app.state.focus_request = focus;
            }
        }
        TextRef::Heading(sid) if enter => {
            let first = app
                .view
                .speech()
                .section(sid)
                .and_then(|s| s.paragraphs.first().map(|p| p.id));
            match first {
                Some(p) => {
                    app.state.focus_request = Some(FocusRequest::new(TextRef::Paragraph(p), 0..0));
                }
                None => app.view.push(Cmd::NewParagraph {
                    container: Container::Section(sid),
                    index: 0,
                }),
            }
        }
        _ => {}
    }
}

/// Where the invisible characters of a text are (char index, and whether it is an error: a
/// direction or control character), so the editor can mark them.
pub fn invisible_marks(text: &str) -> Vec<(usize, bool)> {
    use crate::checker::invisible::{Invisible, classify};
    text.chars()
        .enumerate()
        .filter_map(|(i, c)| {
            classify(c).map(|k| (i, matches!(k, Invisible::Bidi(_) | Invisible::Control(_))))
        })
        .collect()
}

/// Draws a small mark on every invisible character: a drafter sees where a finding points,
/// also for characters that take no room at all. The text itself is not changed.
fn mark_invisible(ui: &egui::Ui, text: &str, output: &egui::text_edit::TextEditOutput) {
    // Most texts have none: one cheap test before any layout query.
    if text.is_ascii()
        || !text
            .chars()
            .any(|c| crate::checker::invisible::classify(c).is_some())
    {
        return;
    }
    let painter = ui.painter_at(output.text_clip_rect);
    for (i, error) in invisible_marks(text) {
        let at = output
            .galley
            .pos_from_cursor(CCursor::new(i))
            .translate(output.galley_pos.to_vec2());
        let color = if error {
            Color32::from_rgb(210, 40, 40)
        } else {
            Color32::from_rgb(220, 130, 0)
        };
        // A thin bar the height of the line with a small flag on top: visible between two
        // characters even when the character itself has no width.
        let bar =
            egui::Rect::from_min_size(at.min - egui::vec2(1.0, 0.0), egui::vec2(2.0, at.height()));
        painter.rect_filled(bar, 0.0, color);
        let flag = egui::Rect::from_min_size(at.min - egui::vec2(1.0, 0.0), egui::vec2(6.0, 4.0));
        painter.rect_filled(flag, 1.0, color);
    }
}

/// Where `query` occurs in `text`, as char ranges (none for an empty query).
pub fn match_ranges<'a>(
    text: &'a str,
    query: &'a str,
) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
    let qlen = query.chars().count();
    text.match_indices(query)
        .filter(move |_| qlen > 0)
        .map(move |(b, _)| {
            let start = text[..b].chars().count();
            start..start + qlen
        })
}

/// Where `query` occurs in `text` (char ranges), each with whether it is the match on show.
pub fn find_marks(
    text: &str,
    query: &str,
    current: Option<&std::ops::Range<usize>>,
) -> Vec<(std::ops::Range<usize>, bool)> {
    match_ranges(text, query)
        .map(|r| {
            let on_show = current == Some(&r);
            (r, on_show)
        })
        .collect()
}

/// Lays out a text with its blanks and find matches (`marks`, char ranges; `true` for the
/// match on show) highlighted.
pub fn highlight(
    text: &str,
    font_id: &egui::FontId,
    color: Color32,
    wrap: f32,
    marks: &[(std::ops::Range<usize>, bool)],
) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap;
    let normal = TextFormat::simple(font_id.clone(), color);
    let mut blanks = Vec::new();
    placeholder::scan(text, &mut blanks);
    if blanks.is_empty() && marks.is_empty() {
        job.append(text, 0.0, normal);
        return job;
    }
    let blank = TextFormat {
        background: Color32::from_rgb(255, 214, 102),
        color: Color32::from_rgb(140, 30, 0),
        ..normal.clone()
    };
    let hit = TextFormat {
        background: Color32::from_rgb(120, 170, 255).gamma_multiply(0.45),
        ..normal.clone()
    };
    let on_show = TextFormat {
        background: Color32::from_rgb(255, 140, 0),
        color: Color32::BLACK,
        ..normal.clone()
    };
    // Char index → style: 0 normal, 1 blank, 2 match, 3 match on show (the strongest wins).
    let n = text.chars().count();
    let mut style = vec![0u8; n];
    let mut paint = |r: &std::ops::Range<usize>, s: u8| {
        for v in &mut style[r.start.min(n)..r.end.min(n)] {
            *v = (*v).max(s);
        }
    };
    for b in &blanks {
        paint(&b.chars, 1);
    }
    for (r, show) in marks {
        paint(r, if *show { 3 } else { 2 });
    }
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let mut start = 0;
    for i in 1..=n {
        if i == n || style[i] != style[start] {
            let format = match style[start] {
                0 => normal.clone(),
                1 => blank.clone(),
                2 => hit.clone(),
                _ => on_show.clone(),
            };
            job.append(&text[bytes[start]..bytes[i]], 0.0, format);
            start = i;
        }
    }
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_matches_are_marked_and_the_one_on_show_stands_out() {
        let text = "全区要抓，全区要管，*年完成";
        let marks = find_marks(text, "全区", Some(&(5..7)));
        assert_eq!(marks, [(0..2, false), (5..7, true)]);
        let job = highlight(
            text,
            &egui::FontId::proportional(14.0),
            Color32::WHITE,
            500.0,
            &marks,
        );
        let pieces: Vec<(&str, Color32)> = job
            .sections
            .iter()
            .map(|s| {
                (
                    &job.text[s.byte_range.start.0..s.byte_range.end.0],
                    s.format.background,
                )
            })
            .collect();
        assert_eq!(pieces[0].0, "全区");
        assert_eq!(pieces[2].0, "全区");
        assert_ne!(
            pieces[0].1, pieces[2].1,
            "the match on show looks different"
        );
        assert_eq!(pieces[4].0, "*", "the blank keeps its mark");
        assert_eq!(job.text, text);
    }

    #[test]
    fn invisible_characters_are_found_for_marking() {
        assert_eq!(
            invisible_marks("推进\u{200B}工作\u{202E}，\u{00A0}GDP"),
            [(2, false), (5, true), (7, false)]
        );
        assert!(invisible_marks("\u{3000}\u{3000}同志们，二〇二三年").is_empty());
    }
}
