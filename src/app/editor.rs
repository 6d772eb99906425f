//! The editing pane: the speech as one manuscript, drawn and edited as a page.
//!
//! The lines come from [`crate::doc::manuscript`]: title, bylines, salutation, paragraphs with their
//! two-character indent, headings in the look of their level, run-in items, with the derived
//! numbers drawn before the headings (never editable). One caret and one selection run over
//! the whole speech; keys become edits on the model through [`Cmd`]s, so undo and the derived
//! numbers stay the model's. Lines break by the Chinese rules of [`crate::text::linebreak`]. Only the
//! lines near the viewport are laid out; the others take their measured or estimated height,
//! which keeps a frame cheap on a 100 000-字 speech. Nothing animates: the caret does not blink,
//! so an idle window draws no frames.

use std::collections::HashMap;
use std::sync::Arc;

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{
    Color32, Event, FontId, Galley, Id, Key, Modifiers, Pos2, Rect, Sense, Stroke, pos2, vec2,
};

use super::find::FindBar;
use super::{Cmd, View, theme};
use crate::check::{Finding, Severity, placeholder};
use crate::doc::manuscript::keys::{self, Outcome, Selection};
use crate::doc::manuscript::{self, Manuscript, Role};
use crate::doc::model::{Container, Field, Speech, Spot, TextPos, TextRef};
use crate::text::index::match_ranges;

/// Extra space kept laid out above and below the viewport.
const OVERDRAW: f32 = 300.0;
/// Line spacing, as a multiple of the font size.
const LEADING: f32 = 1.65;
/// The widest the text column gets: about 38 characters a line, comfortable for Chinese.
const MAX_COLUMN: f32 = 720.0;

/// The manuscript widget's id (kept across frames for focus).
pub fn editor_id() -> Id {
    Id::unique("jianggao-manuscript")
}

/// The editor's own state: the caret and selection, what to scroll to, measured heights.
#[derive(Default)]
pub struct EditorState {
    caret: Option<TextPos>,
    /// The other end of the selection (equal to the caret when nothing is selected).
    anchor: Option<TextPos>,
    /// The x the caret keeps while moving up and down.
    goal_x: Option<f32>,
    /// Text being composed by an input method, shown at the caret, not yet in the speech.
    preedit: Option<String>,
    /// A text to scroll into view.
    reveal: Option<Spot>,
    /// Scroll the caret into view.
    scroll_caret: bool,
    /// Take the keyboard focus.
    focus: bool,
    /// Measured line heights, keyed by the line's first spot, at `width`.
    heights: HashMap<Spot, f32>,
    width: f32,
    /// Input left for the next frame: after an edit, the rest waits until it has been applied.
    pending: Vec<Event>,
    /// The line a context menu was opened on.
    menu_line: Option<usize>,
    /// Where the column was drawn in the last frame.
    geometry: Option<Geometry>,
    /// The caret's line when it was last seen, where it goes if its text disappears.
    line: usize,
    /// Where the caret was drawn last frame (screen coordinates).
    caret_rect: Option<Rect>,
    /// The caret sits at the end of a row rather than the start of the next (after End, or a
    /// click past a row's end), where a line was broken.
    upstream: bool,
}

impl EditorState {
    /// Puts the caret on a character range of a text (selecting it) and scrolls to it.
    pub fn place_caret(&mut self, target: TextRef, chars: std::ops::Range<usize>) {
        self.anchor = Some(TextPos::new(target, chars.start));
        self.set_caret(TextPos::new(target, chars.end));
        self.focus = true;
        self.reveal = Some(Spot::Text(target));
    }

    /// Puts the caret at a place (after an edit).
    pub fn place_caret_at(&mut self, pos: TextPos) {
        self.anchor = Some(pos);
        self.set_caret(pos);
        self.focus = true;
    }

    fn set_caret(&mut self, pos: TextPos) {
        self.caret = Some(pos);
        self.scroll_caret = true;
    }

    /// Scrolls a text into view.
    pub fn reveal(&mut self, target: TextRef) {
        self.reveal = Some(Spot::Text(target));
    }

    /// Forgets everything about the previous document.
    pub fn reset(&mut self) {
        *self = EditorState::default();
    }

    /// Whether something waits for the next frame.
    pub fn waiting(&self) -> bool {
        self.focus || self.reveal.is_some() || self.scroll_caret || !self.pending.is_empty()
    }

    /// Keeps the caret and the anchor on places that exist (after undo, or an edit elsewhere
    /// that removed their text): a place whose text is gone moves to the start of the line
    /// that now stands where it was, an offset past the end of its text to the end.
    fn validate(&mut self, speech: &Speech, m: &Manuscript) {
        if m.lines.is_empty() {
            return;
        }
        let last = m.lines.len() - 1;
        let fix = |p: Option<TextPos>, line: &mut usize| {
            p.map(|p| match m.locate(p.spot) {
                Some((i, _)) => {
                    *line = i;
                    TextPos {
                        offset: p.offset.min(manuscript::len(speech, p.spot)),
                        ..p
                    }
                }
                None => m.line_start((*line).min(last)),
            })
        };
        let mut line = self.line;
        self.anchor = fix(self.anchor, &mut line.clone());
        self.caret = fix(self.caret, &mut line);
        self.line = line;
    }

    /// Where the caret was drawn in the last frame.
    pub fn caret_rect(&self) -> Option<Rect> {
        self.caret_rect
    }

    /// The selection: (anchor, caret).
    pub fn selection(&self) -> Option<(TextPos, TextPos)> {
        Some((self.anchor.or(self.caret)?, self.caret?))
    }
}

/// The look of the page: sizes and colours for this frame.
struct Look {
    body: f32,
    text: Color32,
    strong: Color32,
    weak: Color32,
    accent: Color32,
    selection: Color32,
}

impl Look {
    fn new(ctx: &egui::Context) -> Self {
        let style = ctx.global_style();
        let v = &style.visuals;
        let font = egui::TextStyle::Body.resolve(&style);
        let body = ctx.fonts_mut(|f| f.row_height(&font)) * 1.25;
        Look {
            body,
            text: v.text_color(),
            strong: v.strong_text_color(),
            weak: v.weak_text_color(),
            accent: theme::accent(v.dark_mode),
            selection: v.selection.bg_fill.gamma_multiply(0.6),
        }
    }

    /// Font size of a line.
    fn size(&self, role: Role) -> f32 {
        match role {
            Role::Title => self.body * 1.45,
            Role::Heading { depth: 0 } => self.body * 1.08,
            _ => self.body,
        }
    }

    fn color(&self, role: Role) -> Color32 {
        match role {
            Role::Title | Role::Heading { depth: 0 } => self.strong,
            Role::Heading { depth: 1 } => self.accent,
            _ => self.text,
        }
    }

    /// The two-character first-line indent of a line.
    fn indent(&self, role: Role) -> f32 {
        if role.indented() {
            2.0 * self.size(role)
        } else {
            0.0
        }
    }

    /// Space above a line.
    fn space_above(&self, role: Role) -> f32 {
        match role {
            Role::Heading { depth: 0 } => self.body * 0.6,
            Role::Heading { .. } | Role::RunIn { .. } => self.body * 0.2,
            Role::Salutation => self.body * 0.5,
            _ => self.body * 0.15,
        }
    }
}

/// What an empty line shows (in a weak colour), so that every line can be found.
fn hint(role: Role, spot: Spot) -> &'static str {
    match (role, spot) {
        (Role::Title, _) => "标题",
        (Role::Byline(Field::Subtitle), _) => "副标题",
        (Role::Byline(Field::DateLine), _) => "日期",
        (Role::Byline(_), _) => "讲话人",
        (Role::Salutation, _) => "称谓",
        (_, Spot::Empty(Container::Opening)) => "开头（在此输入）",
        (_, Spot::Empty(_)) => "结尾（在此输入）",
        (Role::Heading { .. } | Role::RunIn { .. }, _) => "小节标题",
        _ => "段落",
    }
}

/// A line laid out: its galley and how display characters map to the texts.
struct Laid {
    galley: Arc<Galley>,
    /// Display index where each spot's text starts (after the label).
    starts: Vec<usize>,
    lens: Vec<usize>,
    /// Display indices before which a line break was inserted.
    breaks: Vec<usize>,
    /// The line shows a hint, not text.
    hint: bool,
    /// The input method's text: in spot `k` at `offset`, this many characters.
    preedit: Option<(usize, usize, usize)>,
    /// Where the galley is drawn, relative to the line's top left.
    offset: egui::Vec2,
    /// Paint twice, a hair apart: the heavier top-level headings (the bundled face has no
    /// bold).
    heavy: bool,
    height: f32,
}

impl Laid {
    /// Display index of a place in spot `k`.
    fn display(&self, k: usize, offset: usize) -> usize {
        if self.hint {
            return 0;
        }
        let mut d = self.starts[k] + offset.min(self.lens[k]);
        if let Some((pk, po, pn)) = self.preedit
            && pk == k
            && offset >= po
        {
            d += pn;
        }
        d
    }

    fn galley_index(&self, d: usize) -> usize {
        d + self.breaks.iter().filter(|b| **b <= d).count()
    }

    /// Whether a galley index is the end of a row that a line break was inserted after (a
    /// caret there belongs to that row, not to the start of the next).
    fn ends_row(&self, g: usize) -> bool {
        self.breaks.iter().enumerate().any(|(j, b)| b + j == g)
    }

    /// The display index at a galley index.
    fn display_at(&self, g: usize) -> usize {
        let before = self
            .breaks
            .iter()
            .enumerate()
            .filter(|(j, b)| **b + j < g)
            .count();
        g - before
    }

    /// The place (spot index, offset) at a display index. The seam of a run-in line belongs to
    /// the paragraph; the label and the input method's text to the place before them.
    fn place(&self, d: usize) -> (usize, usize) {
        if self.hint {
            return (0, 0);
        }
        // Spots after the input method's text start later by its length (see `display`).
        let (mut d, pre) = (d, self.preedit);
        if let Some((pk, po, pn)) = pre {
            let at = self.starts[pk] + po;
            if d > at && d < at + pn {
                d = at;
            }
        }
        for k in (0..self.starts.len()).rev() {
            if d >= self.starts[k] {
                let mut offset = d - self.starts[k];
                if let Some((pk, po, pn)) = pre
                    && pk == k
                    && offset >= po + pn
                {
                    offset -= pn;
                }
                return (k, offset.min(self.lens[k]));
            }
        }
        (0, 0)
    }

    /// The galley index of a display index; at a break, `upstream` is the end of the row
    /// before rather than the start of the next.
    fn galley_index_at(&self, d: usize, upstream: bool) -> usize {
        if upstream {
            d + self.breaks.iter().filter(|b| **b < d).count()
        } else {
            self.galley_index(d)
        }
    }

    /// The caret's rectangle (galley coordinates) at a place.
    fn caret_rect(&self, k: usize, offset: usize) -> Rect {
        self.caret_rect_at(k, offset, false)
    }

    fn caret_rect_at(&self, k: usize, offset: usize, upstream: bool) -> Rect {
        let g = self.galley_index_at(self.display(k, offset), upstream);
        self.galley.pos_from_cursor(CCursor::new(g))
    }
}

/// Per-frame context for laying out lines.
struct Page<'a> {
    speech: &'a Speech,
    m: &'a Manuscript,
    findings: &'a [Finding],
    find: &'a FindBar,
    look: Look,
    width: f32,
}

/// Character styles, combined per run: base, background and underline.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Style {
    base: u8,
    back: u8,
    under: u8,
}

impl Page<'_> {
    fn lay_out(&self, ctx: &egui::Context, i: usize, preedit: Option<(TextPos, &str)>) -> Laid {
        let line = &self.m.lines[i];
        let look = &self.look;
        let size = look.size(line.role);
        let font = FontId::proportional(size);
        let color = look.color(line.role);
        let texts: Vec<&str> = line
            .spots
            .iter()
            .map(|s| manuscript::text(self.speech, *s))
            .collect();
        let composing = preedit.is_some_and(|(p, _)| line.spots.contains(&p.spot));
        let hinted = line.label.is_empty() && !composing && texts.iter().all(|t| t.is_empty());
        let mut chars: Vec<char> = Vec::new();
        let mut style: Vec<Style> = Vec::new();
        let plain = |base| Style {
            base,
            back: 0,
            under: 0,
        };
        let mut starts = Vec::new();
        let mut lens = Vec::new();
        let mut pre = None;
        if hinted {
            let h = hint(line.role, line.spots[0]);
            chars.extend(h.chars());
            style.extend(h.chars().map(|_| plain(3)));
            starts.push(0);
            lens.push(0);
        } else {
            chars.extend(line.label.chars());
            style.extend(line.label.chars().map(|_| plain(1)));
            for (k, (spot, t)) in line.spots.iter().zip(&texts).enumerate() {
                starts.push(chars.len());
                let n = t.chars().count();
                lens.push(n);
                let base = if k == 0 && matches!(line.role, Role::RunIn { .. }) {
                    2
                } else {
                    0
                };
                let first = chars.len();
                chars.extend(t.chars());
                style.extend((0..n).map(|_| plain(base)));
                let mut mark = |r: &std::ops::Range<usize>, f: &mut dyn FnMut(&mut Style)| {
                    for s in
                        &mut style[(first + r.start).min(first + n)..(first + r.end).min(first + n)]
                    {
                        f(s);
                    }
                };
                if let Spot::Text(target) = spot {
                    for f in self
                        .findings
                        .iter()
                        .filter(|f| f.location.target == Some(*target))
                    {
                        let u = match f.severity {
                            Severity::Error => 1,
                            Severity::Warning => 2,
                            Severity::Hint => 3,
                        };
                        mark(&f.location.chars, &mut |s| s.under = s.under.max(u));
                    }
                    let mut blanks = Vec::new();
                    placeholder::scan(t, &mut blanks);
                    for b in &blanks {
                        mark(&b.chars, &mut |s| s.back = s.back.max(1));
                    }
                    let current = self
                        .find
                        .current()
                        .filter(|(t, _)| t == target)
                        .map(|(_, r)| r.clone());
                    for r in match_ranges(t, self.find.query_on_show()) {
                        let v = if current.as_ref() == Some(&r) { 3 } else { 2 };
                        mark(&r, &mut |s| s.back = s.back.max(v));
                    }
                }
                if let Some((pos, text)) = preedit
                    && pos.spot == *spot
                {
                    let at = first + pos.offset.min(n);
                    let pn = text.chars().count();
                    chars.splice(at..at, text.chars());
                    style.splice(
                        at..at,
                        (0..pn).map(|_| Style {
                            under: 4,
                            ..plain(base)
                        }),
                    );
                    pre = Some((k, pos.offset.min(n), pn));
                }
            }
            // The input method's characters sit inside a spot: later spots start later.
            if let Some((pk, _, pn)) = pre {
                for s in starts.iter_mut().skip(pk + 1) {
                    *s += pn;
                }
            }
        }
        // Lines break by the Chinese rules, here, not by egui.
        let indent = look.indent(line.role);
        let widths: Vec<f32> =
            ctx.fonts_mut(|f| chars.iter().map(|c| f.glyph_width(&font, *c)).collect());
        let breaks = crate::text::linebreak::breaks(&chars, &widths, indent, self.width);
        let mut job = LayoutJob::default();
        job.wrap.max_width = self.width + 4.0;
        let centered = matches!(line.role, Role::Title | Role::Byline(_)) && !hinted;
        if centered {
            job.halign = egui::Align::Center;
        }
        let format = |s: Style| {
            let mut f = TextFormat::simple(font.clone(), color);
            // Chinese reads best with generous leading.
            f.line_height = Some((size * LEADING).round());
            f.color = match s.base {
                // The derived number and a run-in item's heading.
                1 | 2 => look.strong,
                3 => look.weak,
                _ => color,
            };
            match s.back {
                1 => {
                    (f.background, f.color) = theme::BLANK;
                }
                2 => f.background = theme::find_match(),
                3 => {
                    (f.background, f.color) = theme::CURRENT_MATCH;
                }
                _ => {}
            }
            f.underline = match s.under {
                1 => Stroke::new(1.5, theme::severity(Severity::Error)),
                2 => Stroke::new(1.5, theme::severity(Severity::Warning)),
                3 => Stroke::new(1.0, theme::severity(Severity::Hint).gamma_multiply(0.7)),
                4 => Stroke::new(1.0, look.text),
                _ => Stroke::NONE,
            };
            f
        };
        let mut text = String::with_capacity(chars.len() * 3 + breaks.len());
        let mut run_start = 0;
        let mut next_break = breaks.iter().peekable();
        let mut first = true;
        for i in 0..=chars.len() {
            let at_break = next_break.peek().is_some_and(|b| **b == i);
            if i == chars.len() || at_break || style[i] != style[run_start] {
                if i > run_start {
                    let piece: String = chars[run_start..i].iter().collect();
                    job.append(
                        &piece,
                        if first { indent } else { 0.0 },
                        format(style[run_start]),
                    );
                    first = false;
                    text.push_str(&piece);
                }
                run_start = i;
            }
            if at_break {
                next_break.next();
                job.append("\n", 0.0, format(style[i.min(chars.len() - 1)]));
                text.push('\n');
            }
        }
        if chars.is_empty() {
            job.append("", indent, format(plain(0)));
        }
        let galley = ctx.fonts_mut(|f| f.layout_job(job));
        let above = look.space_above(line.role);
        let offset = vec2(if centered { self.width / 2.0 } else { 0.0 }, above);
        let height = above + galley.size().y + look.body * 0.35;
        Laid {
            galley,
            starts,
            lens,
            breaks,
            hint: hinted,
            preedit: pre,
            offset,
            heavy: line.role == (Role::Heading { depth: 0 }),
            height,
        }
    }

    /// Lays out line `i` into `laid` unless it is there, with the input method's text if the
    /// caret is in it.
    fn lay_out_once(
        &self,
        ctx: &egui::Context,
        laid: &mut HashMap<usize, Laid>,
        i: usize,
        preedit: &Option<(TextPos, String)>,
    ) {
        laid.entry(i).or_insert_with(|| {
            let p = preedit
                .as_ref()
                .filter(|(c, _)| self.m.locate(c.spot).map(|x| x.0) == Some(i))
                .map(|(c, s)| (*c, s.as_str()));
            self.lay_out(ctx, i, p)
        });
    }

    /// A line's height before it is laid out.
    fn estimate(&self, i: usize) -> f32 {
        let line = &self.m.lines[i];
        let size = self.look.size(line.role);
        let per_line = (self.width / size).max(4.0);
        let rows = ((line.chars as f32 + 2.0) / per_line).ceil().max(1.0);
        self.look.space_above(line.role) + rows * (size * LEADING).round() + self.look.body * 0.35
    }
}

/// Where the lines are: the top of each line in the column, and the total height.
struct Tops {
    y: Vec<f32>,
}

impl Tops {
    /// The line at height `y` (the last one below it).
    fn line_at(&self, y: f32) -> usize {
        let n = self.y.len() - 1;
        self.y[..n]
            .partition_point(|t| *t <= y)
            .saturating_sub(1)
            .min(n.saturating_sub(1))
    }
}

/// The page of this frame: the speech, its lines and findings, the look and the column.
fn page<'a>(
    derived: &'a crate::derived::Derived,
    speech: &'a Speech,
    find: &'a FindBar,
    ctx: &egui::Context,
    width: f32,
) -> Page<'a> {
    Page {
        speech,
        m: &derived.manuscript,
        findings: &derived.findings,
        find,
        look: Look::new(ctx),
        width,
    }
}

/// The tops of the lines: measured heights where known, estimates elsewhere.
fn tops(state: &EditorState, page: &Page) -> Tops {
    let mut y = Vec::with_capacity(page.m.lines.len() + 1);
    let mut at = 0.0;
    for (i, line) in page.m.lines.iter().enumerate() {
        y.push(at);
        at += state
            .heights
            .get(&line.spots[0])
            .copied()
            .unwrap_or_else(|| page.estimate(i));
    }
    y.push(at);
    Tops { y }
}

/// The input for the manuscript this frame: what waited from the last one, and this frame's
/// events when the manuscript has the keyboard.
pub fn take_events(state: &mut EditorState, ctx: &egui::Context) -> Vec<Event> {
    let pending = std::mem::take(&mut state.pending);
    if !ctx.memory(|m| m.has_focus(editor_id())) {
        return Vec::new();
    }
    pending
        .into_iter()
        .chain(ctx.input(|i| i.events.clone()))
        .collect()
}

/// Handles keys, clipboard and input method before anything is drawn, so that the frame that
/// reads a key also shows what it did: one frame a keystroke. Stops after the first edit and
/// returns the rest, to be handled once the shell has applied it.
pub fn input(
    state: &mut EditorState,
    find: &FindBar,
    view: &mut View,
    ctx: &egui::Context,
    events: Vec<Event>,
) -> Vec<Event> {
    let (derived, session) = (view.derived, view.session);
    let Some(geometry) = state.geometry else {
        return Vec::new();
    };
    let page = page(derived, session.speech(), find, ctx, state.width);
    if page.m.lines.is_empty() {
        return Vec::new();
    }
    state.validate(page.speech, page.m);
    let tops = tops(state, &page);
    let preedit: Option<(TextPos, String)> = state.caret.zip(state.preedit.clone());
    let lay = |laid: &mut HashMap<usize, Laid>, i: usize| page.lay_out_once(ctx, laid, i, &preedit);
    let mut laid = HashMap::new();
    let mut keys = Keys {
        page: &page,
        state,
        view,
        laid: &mut laid,
        tops: &tops,
        origin: geometry.origin,
        viewport_height: geometry.viewport_height,
        ctx,
        lay: &lay,
    };
    keys.handle(events)
}

/// Where the column was drawn last frame (screen coordinates), for moving by rows and pages.
#[derive(Clone, Copy, Debug)]
struct Geometry {
    origin: Pos2,
    viewport_height: f32,
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
    egui::ScrollArea::vertical()
        .id_salt("editor")
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, viewport| {
            let total = tops.y[tops.y.len() - 1] + page.look.body * 4.0;
            let (rect, _) = ui.allocate_exact_size(vec2(page_width, total), Sense::hover());
            let origin = pos2(
                rect.min.x + ((page_width - width) / 2.0).max(8.0),
                rect.min.y + 8.0,
            );
            let response = ui.interact(rect, id, Sense::click_and_drag());
            response
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "讲稿正文"));
            let mut laid: HashMap<usize, Laid> = HashMap::new();
            let caret_line = state
                .caret
                .and_then(|c| page.m.locate(c.spot))
                .map(|(i, _)| i);
            let preedit: Option<(TextPos, String)> = state.caret.zip(state.preedit.clone());
            let lay = |laid: &mut HashMap<usize, Laid>, i: usize| {
                page.lay_out_once(&ctx, laid, i, &preedit);
            };
            // The visible lines, and the lines the caret or a reveal needs.
            let first = tops.line_at(viewport.min.y - OVERDRAW);
            let last = tops.line_at(viewport.max.y + OVERDRAW);
            for i in first..=last {
                lay(&mut laid, i);
            }
            for i in [caret_line, reveal_line].into_iter().flatten() {
                lay(&mut laid, i);
            }
            let at = |i: usize| origin + vec2(0.0, tops.y[i]);
            if let Some(i) = reveal_line {
                let h = laid.get(&i).map_or(40.0, |l| l.height);
                ui.scroll_to_rect(
                    Rect::from_min_size(at(i), vec2(width, h)),
                    Some(egui::Align::Center),
                );
            }

            // Mouse: click, shift-click, drag and double-click place the caret and select.
            // The place under a point, and whether it is the end of a row.
            let hit = |laid: &mut HashMap<usize, Laid>, p: Pos2| -> (TextPos, bool) {
                let i = tops.line_at(p.y - origin.y);
                lay(laid, i);
                let l = &laid[&i];
                let local = p - at(i) - l.offset;
                let g = l.galley.cursor_from_pos(local).index.0;
                let (k, offset) = l.place(l.display_at(g));
                let pos = TextPos {
                    spot: page.m.lines[i].spots[k],
                    offset,
                };
                (pos, l.ends_row(g))
            };
            if let Some(p) = response.interact_pointer_pos() {
                let shift = ui.input(|i| i.modifiers.shift);
                if response.double_clicked() {
                    let (pos, _) = hit(&mut laid, p);
                    let (a, b) = keys::clause(page.speech, pos);
                    state.anchor = Some(a);
                    state.caret = Some(b);
                    state.upstream = false;
                } else if response.drag_started() || response.clicked() {
                    let (pos, end_of_row) = hit(&mut laid, p);
                    if !shift || state.caret.is_none() {
                        state.anchor = Some(pos);
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
                    let (pos, end_of_row) = hit(&mut laid, p);
                    state.caret = Some(pos);
                    state.upstream = end_of_row;
                    // Dragging past the top or bottom scrolls, so a selection can run on.
                    let seen = viewport.translate(rect.min.to_vec2());
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
            if response.secondary_clicked()
                && let Some(p) = response.interact_pointer_pos()
            {
                state.menu_line = Some(tops.line_at(p.y - origin.y));
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
                origin,
                viewport_height: viewport.height(),
            });

            // Paint: selection, text, marks, caret.
            let painter = ui.painter();
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
                let top = at(i) + l.offset;
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
                mark_invisible(painter, &page, i, l, top);
            }
            // Changed heights are kept for the next frame.
            for (i, l) in &laid {
                state.heights.insert(page.m.lines[*i].spots[0], l.height);
            }
            if let Some(c) = state.caret
                && let Some((i, k)) = page.m.locate(c.spot)
                && let Some(l) = laid.get(&i)
            {
                let r = l
                    .caret_rect_at(k, c.offset, state.upstream)
                    .translate(at(i).to_vec2() + l.offset);
                // As tall as the characters, not the line spacing.
                let h = (page.look.body * 1.25).min(r.height());
                let mid = r.center().y;
                let caret = Rect::from_min_max(
                    pos2(r.min.x - 0.5, mid - h / 2.0),
                    pos2(r.max.x + 1.0, mid + h / 2.0),
                );
                state.caret_rect = Some(caret);
                if focused {
                    painter.rect_filled(caret, 0.0, page.look.strong);
                    let to_global = ui
                        .ctx()
                        .layer_transform_to_global(ui.layer_id())
                        .unwrap_or_default();
                    ui.output_mut(|o| {
                        o.ime = Some(egui::output::IMEOutput {
                            purpose: egui::IMEPurpose::Normal,
                            rect: to_global
                                * rect.intersect(viewport.translate(rect.min.to_vec2())),
                            cursor_rect: to_global * caret,
                            should_interrupt_composition: false,
                        });
                    });
                }
                if state.scroll_caret {
                    state.scroll_caret = false;
                    // Only when it is out of sight: a scroll is an animation, frames on end.
                    let want = caret.expand2(vec2(0.0, page.look.body));
                    let seen = viewport.translate(rect.min.to_vec2());
                    if !seen.contains_rect(want) {
                        ui.scroll_to_rect(want, None);
                    }
                }
            }
            // The message of a finding under the pointer.
            if response.hovered()
                && let Some(p) = response.hover_pos()
                && !response.dragged()
            {
                let (pos, _) = hit(&mut laid, p);
                if let Spot::Text(target) = pos.spot
                    && let Some(f) = page.findings.iter().find(|f| {
                        f.location.target == Some(target)
                            && f.location.chars.start <= pos.offset
                            && pos.offset < f.location.chars.end.max(f.location.chars.start + 1)
                    })
                {
                    response.on_hover_text_at_pointer(format!(
                        "{}：{}",
                        f.severity.label(),
                        f.message
                    ));
                }
            }
        });
}

/// Paints the selection's background between two galley indices.
fn paint_selection(
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
fn mark_invisible(painter: &egui::Painter, page: &Page, i: usize, l: &Laid, top: Pos2) {
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
fn context_menu(page: &Page, state: &mut EditorState, view: &mut View, ui: &mut egui::Ui) {
    let section = state
        .menu_line
        .and_then(|i| page.m.lines.get(i))
        .filter(|l| matches!(l.role, Role::Heading { .. } | Role::RunIn { .. }))
        .and_then(|l| l.section);
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
    if let Some(id) = section {
        ui.separator();
        for (label, cmd) in [
            ("调整标题分界…", Cmd::AdjustBoundary(id)),
            ("重命名…", Cmd::Rename(id)),
            ("添加下级", Cmd::AddChild),
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

/// Which row of a line a vertical move lands on.
#[derive(Clone, Copy)]
enum Row {
    First,
    Last,
    /// The row at this height (screen coordinates).
    At(f32),
}

/// Keyboard and input-method handling for one frame.
struct Keys<'a, 'b, F: Fn(&mut HashMap<usize, Laid>, usize)> {
    page: &'a Page<'a>,
    state: &'a mut EditorState,
    view: &'a mut View<'b>,
    laid: &'a mut HashMap<usize, Laid>,
    tops: &'a Tops,
    origin: Pos2,
    viewport_height: f32,
    ctx: &'a egui::Context,
    lay: &'a F,
}

impl<F: Fn(&mut HashMap<usize, Laid>, usize)> Keys<'_, '_, F> {
    /// Handles events in order up to the first edit; returns the rest, which must see the
    /// edit's result.
    fn handle(&mut self, events: Vec<Event>) -> Vec<Event> {
        let mut rest = events.into_iter();
        while let Some(e) = rest.next() {
            if self.event(e) {
                return rest.collect();
            }
        }
        Vec::new()
    }

    /// Returns whether an edit was pushed.
    fn event(&mut self, e: Event) -> bool {
        match e {
            Event::Text(t) if !t.chars().any(char::is_control) => self.insert(&t),
            Event::Paste(t) => self.insert(&t.replace("\r\n", "\n").replace('\r', "\n")),
            Event::Copy => {
                self.copy();
                false
            }
            Event::Cut => self.copy() && self.insert(""),
            Event::Ime(egui::ImeEvent::Preedit { text, .. }) => {
                self.state.preedit = (!text.is_empty()).then_some(text);
                false
            }
            Event::Ime(egui::ImeEvent::Commit(t)) => {
                self.state.preedit = None;
                !t.is_empty() && t != "\n" && t != "\r" && self.insert(&t)
            }
            Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => self.key(key, modifiers),
            _ => false,
        }
    }

    fn speech(&self) -> &Speech {
        self.page.speech
    }

    fn caret(&self) -> Option<TextPos> {
        self.state.caret
    }

    fn selection(&self) -> Option<Selection> {
        let (anchor, caret) = self.state.selection()?;
        Some(Selection { anchor, caret })
    }

    /// The selection in reading order, if anything is selected.
    fn selected(&self) -> Option<(TextPos, TextPos)> {
        keys::selected(self.page.m, self.speech(), self.selection()?)
    }

    fn copy(&mut self) -> bool {
        let Some((a, b)) = self.selected() else {
            return false;
        };
        let text = self.page.m.text_between(self.speech(), a, b);
        self.ctx.copy_text(text);
        true
    }

    /// Replaces the selection (or inserts at the caret) with `text`.
    fn insert(&mut self, text: &str) -> bool {
        let Some(sel) = self.selection() else {
            return false;
        };
        self.outcome(keys::insert(self.page.m, self.speech(), sel, text))
    }

    /// Carries out what a key does; returns whether an edit was pushed.
    fn outcome(&mut self, outcome: Outcome) -> bool {
        match outcome {
            Outcome::Edit { edit, caret } => {
                // The shell applies it and places the caret (here or where the step says);
                // refused, the selection stays.
                self.view.push(match caret {
                    Some(at) => Cmd::EditAt(edit, at),
                    None => Cmd::Edit(edit),
                });
                self.state.goal_x = None;
                self.state.upstream = false;
                true
            }
            Outcome::NewParagraph(container) => {
                self.view.push(Cmd::NewParagraph {
                    container,
                    index: 0,
                });
                true
            }
            Outcome::Move(to) => {
                self.move_to(to, false);
                false
            }
            Outcome::Refused(why) => {
                self.view.push(Cmd::Status(why.to_owned()));
                false
            }
            Outcome::Nothing => false,
        }
    }

    fn move_to(&mut self, pos: TextPos, extend: bool) {
        if !extend {
            self.state.anchor = Some(pos);
        }
        self.state.caret = Some(pos);
        self.state.scroll_caret = true;
        self.state.preedit = None;
    }

    fn key(&mut self, key: Key, mods: Modifiers) -> bool {
        let Some(c) = self.caret() else {
            return false;
        };
        let m = self.page.m;
        let speech = self.page.speech;
        let shift = mods.shift;
        let word = mods.command || mods.alt;
        let horizontal = |s: &mut EditorState| {
            s.goal_x = None;
            s.upstream = false;
        };
        match key {
            Key::ArrowLeft | Key::ArrowRight => {
                horizontal(self.state);
                let Some(sel) = self.selection() else {
                    return false;
                };
                let to = keys::step(m, speech, sel, key == Key::ArrowRight, word, shift);
                self.move_to(to, shift);
            }
            Key::ArrowUp | Key::ArrowDown => {
                let down = key == Key::ArrowDown;
                if let Some(to) = self.vertical(c, down, None) {
                    self.move_to(to, shift);
                }
            }
            Key::PageUp | Key::PageDown => {
                let down = key == Key::PageDown;
                let h = self.viewport_height * 0.9;
                if let Some(to) = self.vertical(c, down, Some(h)) {
                    self.move_to(to, shift);
                }
            }
            Key::Home | Key::End if mods.command => {
                horizontal(self.state);
                let to = if key == Key::Home {
                    m.start()
                } else {
                    m.end(speech)
                };
                self.move_to(to, shift);
            }
            Key::Home | Key::End => {
                horizontal(self.state);
                if let Some(to) = self.row_edge(c, key == Key::End) {
                    self.move_to(to, shift);
                    self.state.upstream = key == Key::End;
                }
            }
            Key::A if mods.command => {
                horizontal(self.state);
                self.state.anchor = Some(m.start());
                self.state.caret = Some(m.end(speech));
            }
            Key::Escape => {
                self.state.anchor = Some(c);
            }
            Key::Backspace | Key::Delete | Key::Enter => {
                let Some(sel) = self.selection() else {
                    return false;
                };
                let outcome = match key {
                    Key::Enter => keys::enter(m, speech, sel),
                    // Ctrl+Backspace and the like are left to the system.
                    _ if !(mods.is_none() || mods.shift_only() && key == Key::Backspace)
                        && self.selected().is_none() =>
                    {
                        return false;
                    }
                    Key::Backspace => keys::backspace(m, speech, sel),
                    _ => keys::delete(m, speech, sel),
                };
                return self.outcome(outcome);
            }
            _ => {}
        }
        false
    }

    /// The place one row up or down (or a page, `distance`), keeping the column.
    fn vertical(&mut self, c: TextPos, down: bool, distance: Option<f32>) -> Option<TextPos> {
        let (i, k) = self.page.m.locate(c.spot)?;
        (self.lay)(self.laid, i);
        let l = &self.laid[&i];
        let top = self.line_top(i) + l.offset;
        let r = l
            .caret_rect_at(k, c.offset, self.state.upstream)
            .translate(top.to_vec2());
        let x = *self.state.goal_x.get_or_insert(r.center().x);
        let (first_row, last_row) = (
            r.min.y <= top.y + 1.0,
            r.max.y >= top.y + l.galley.size().y - 1.0,
        );
        let n = self.page.m.lines.len();
        let target = match distance {
            Some(h) => {
                let y = if down {
                    r.center().y + h
                } else {
                    r.center().y - h
                };
                if y < self.origin.y {
                    return Some(self.page.m.start());
                }
                if y > self.origin.y + self.tops.y[n] {
                    return Some(self.page.m.end(self.page.speech));
                }
                let j = self.tops.line_at(y - self.origin.y);
                (j, Row::At(y))
            }
            None if down && last_row => {
                if i + 1 == n {
                    return Some(self.page.m.end(self.page.speech));
                }
                (i + 1, Row::First)
            }
            None if !down && first_row => {
                if i == 0 {
                    return Some(self.page.m.start());
                }
                (i - 1, Row::Last)
            }
            None => {
                let y = if down { r.max.y + 1.0 } else { r.min.y - 1.0 };
                (i, Row::At(y))
            }
        };
        Some(self.hit_in_line(target.0, x, target.1))
    }

    /// The top left of line `i`.
    fn line_top(&self, i: usize) -> Pos2 {
        self.origin + vec2(0.0, self.tops.y[i])
    }

    /// The place in line `i` at `x`, on the row given.
    fn hit_in_line(&mut self, i: usize, x: f32, row: Row) -> TextPos {
        (self.lay)(self.laid, i);
        let l = &self.laid[&i];
        let top = self.line_top(i) + l.offset;
        let h = l.galley.size().y;
        let y = match row {
            Row::First => 1.0,
            Row::Last => h - 1.0,
            Row::At(y) => y - top.y,
        }
        .clamp(0.5, (h - 0.5).max(0.5));
        let g = l.galley.cursor_from_pos(vec2(x - top.x, y)).index.0;
        let (k, offset) = l.place(l.display_at(g));
        self.state.upstream = l.ends_row(g);
        TextPos {
            spot: self.page.m.lines[i].spots[k],
            offset,
        }
    }

    /// The start or end of the caret's row on screen.
    fn row_edge(&mut self, c: TextPos, end: bool) -> Option<TextPos> {
        let (i, k) = self.page.m.locate(c.spot)?;
        (self.lay)(self.laid, i);
        let l = &self.laid[&i];
        let g = l.galley_index_at(l.display(k, c.offset), self.state.upstream);
        let cursor = CCursor::new(g);
        let edge = if end {
            l.galley.cursor_end_of_row(&cursor)
        } else {
            l.galley.cursor_begin_of_row(&cursor)
        };
        let (k, offset) = l.place(l.display_at(edge.index.0));
        Some(TextPos {
            spot: self.page.m.lines[i].spots[k],
            offset,
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A laid line without a real galley: only the index arithmetic is tested.
    fn laid(
        starts: Vec<usize>,
        lens: Vec<usize>,
        breaks: Vec<usize>,
        pre: Option<(usize, usize, usize)>,
    ) -> Laid {
        let ctx = egui::Context::default();
        let mut galley = None;
        let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
            galley = Some(ui.fonts_mut(|f| f.layout_job(LayoutJob::default())));
        });
        out.textures_delta.clear();
        Laid {
            galley: galley.unwrap(),
            starts,
            lens,
            breaks,
            hint: false,
            preedit: pre,
            offset: egui::Vec2::ZERO,
            heavy: false,
            height: 0.0,
        }
    }

    #[test]
    fn places_map_to_the_galley_and_back_across_breaks_labels_and_composition() {
        // `一是` (label, 2) + heading of 3 + paragraph of 5, broken before display 4 and 8.
        let l = laid(vec![2, 5], vec![3, 5], vec![4, 8], None);
        for (k, n) in [(0, 3), (1, 5)] {
            for off in 0..=n {
                let d = l.display(k, off);
                let back = l.place(l.display_at(l.galley_index(d)));
                // The seam of the run-in line is one place: the paragraph's start.
                let expect = if k == 0 && off == n { (1, 0) } else { (k, off) };
                assert_eq!(back, expect, "{k} {off}");
            }
        }
        // At a break, the end of the row before and the start of the next row are one place.
        assert_eq!(l.galley_index_at(4, true) + 1, l.galley_index_at(4, false));
        assert_eq!(l.display_at(l.galley_index_at(4, true)), 4);
        // A click on the label lands at the start of the first text.
        assert_eq!(l.place(1), (0, 0));
        // Composing 2 characters at offset 1 of the paragraph: the places after it move on,
        // the places inside it fall back to where it started.
        let c = laid(vec![2, 5], vec![3, 5], vec![], Some((1, 1, 2)));
        assert_eq!(c.display(1, 1), 8);
        assert_eq!(c.place(8), (1, 1));
        assert_eq!(c.place(7), (1, 1));
        assert_eq!(c.place(9), (1, 2));
        assert_eq!(c.place(5), (1, 0));
    }

    #[test]
    fn find_matches_are_found_as_char_ranges() {
        let text = "全区要抓，全区要管，*年完成";
        assert_eq!(match_ranges(text, "全区").collect::<Vec<_>>(), [0..2, 5..7]);
        assert_eq!(match_ranges(text, "").count(), 0);
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
