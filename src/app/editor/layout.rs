//! The manuscript laid out as a page: the look of each kind of line, lines broken by the Chinese
//! rules and laid out as galleys (only those near the view), their tops, and the map between a
//! galley's characters and places in the speech.

use std::collections::HashMap;
use std::sync::Arc;

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{Color32, FontId, Galley, Rect, Stroke, vec2};

use crate::app::find::FindBar;
use crate::app::theme;
use crate::check::{Finding, Severity, placeholder};
use crate::doc::manuscript::{self, Manuscript, Role};
use crate::doc::model::review::ChangeKind;
use crate::doc::model::{Container, Field, Speech, Spot, TextPos};
use crate::text::index::match_ranges;

use super::*;

/// The look of the page: sizes and colours for this frame.
pub(super) struct Look {
    pub(super) body: f32,
    pub(super) text: Color32,
    pub(super) strong: Color32,
    pub(super) weak: Color32,
    pub(super) accent: Color32,
    pub(super) selection: Color32,
    pub(super) dark: bool,
}

impl Look {
    pub(super) fn new(ctx: &egui::Context) -> Self {
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
            dark: v.dark_mode,
        }
    }

    /// Font size of a line.
    pub(super) fn size(&self, role: Role) -> f32 {
        match role {
            Role::Title => self.body * 1.45,
            Role::Heading { depth: 0 } => self.body * 1.08,
            _ => self.body,
        }
    }

    pub(super) fn color(&self, role: Role) -> Color32 {
        match role {
            Role::Title | Role::Heading { depth: 0 } => self.strong,
            Role::Heading { depth: 1 } => self.accent,
            _ => self.text,
        }
    }

    /// The two-character first-line indent of a line.
    pub(super) fn indent(&self, role: Role) -> f32 {
        if role.indented() {
            2.0 * self.size(role)
        } else {
            0.0
        }
    }

    /// Space above a line.
    pub(super) fn space_above(&self, role: Role) -> f32 {
        match role {
            Role::Heading { depth: 0 } => self.body * 0.6,
            Role::Heading { .. } | Role::RunIn { .. } => self.body * 0.2,
            Role::Salutation => self.body * 0.5,
            _ => self.body * 0.15,
        }
    }
}

/// What an empty line shows (in a weak colour), so that every line can be found.
pub(super) fn hint(role: Role, spot: Spot) -> &'static str {
    match (role, spot) {
        (Role::Title, _) => "标题",
        (Role::Byline(Field::Subtitle), _) => "副标题",
        (Role::Byline(Field::DateLine), _) => "日期",
        (Role::Byline(_), _) => "讲话人",
        (Role::Salutation, _) => "称谓",
        (_, Spot::Empty(Container::Opening)) => "开头（在此输入）",
        (_, Spot::Empty(Container::Appendix)) => "附件（在此输入）",
        (_, Spot::Empty(_)) => "结尾（在此输入）",
        (Role::Heading { .. } | Role::RunIn { .. }, _) => "小节标题",
        _ => "段落",
    }
}

/// A line laid out: its galley and how display characters map to the texts.
pub(super) struct Laid {
    pub(super) galley: Arc<Galley>,
    /// Display index where each spot's text starts (after the label).
    pub(super) starts: Vec<usize>,
    pub(super) lens: Vec<usize>,
    /// Display indices before which a line break was inserted.
    pub(super) breaks: Vec<usize>,
    /// The line shows a hint, not text.
    pub(super) hint: bool,
    /// Characters shown that are no text's own: the input method's text being composed and a
    /// returned file's inserted words. Each is (spot `k`, at `offset`, this many characters),
    /// in order; a caret at that offset stands after them.
    pub(super) ghosts: Vec<(usize, usize, usize)>,
    /// Where the galley is drawn, relative to the line's top left.
    pub(super) offset: egui::Vec2,
    /// Paint twice, a hair apart: the heavier top-level headings (the bundled face has no
    /// bold).
    pub(super) heavy: bool,
    pub(super) height: f32,
}

impl Laid {
    /// Display index of a place in spot `k`.
    pub(super) fn display(&self, k: usize, offset: usize) -> usize {
        if self.hint {
            return 0;
        }
        let offset = offset.min(self.lens[k]);
        let ghosts: usize = self
            .ghosts
            .iter()
            .filter(|&&(gk, go, _)| gk == k && offset >= go)
            .map(|g| g.2)
            .sum();
        self.starts[k] + offset + ghosts
    }

    pub(super) fn galley_index(&self, d: usize) -> usize {
        d + self.breaks.iter().filter(|b| **b <= d).count()
    }

    /// Whether a galley index is the end of a row that a line break was inserted after (a
    /// caret there belongs to that row, not to the start of the next).
    pub(super) fn ends_row(&self, g: usize) -> bool {
        self.breaks.iter().enumerate().any(|(j, b)| b + j == g)
    }

    /// The display index at a galley index.
    pub(super) fn display_at(&self, g: usize) -> usize {
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
    pub(super) fn place(&self, d: usize) -> (usize, usize) {
        if self.hint {
            return (0, 0);
        }
        // Spots start after the ghosts of the spots before them (see `display`); a place
        // inside a ghost is where it stands.
        for k in (0..self.starts.len()).rev() {
            if d >= self.starts[k] {
                let at = d - self.starts[k];
                let mut shift = 0;
                for &(_, go, n) in self.ghosts.iter().filter(|g| g.0 == k) {
                    let start = go + shift;
                    if at < start {
                        break;
                    }
                    if at < start + n {
                        return (k, go.min(self.lens[k]));
                    }
                    shift += n;
                }
                return (k, (at - shift).min(self.lens[k]));
            }
        }
        (0, 0)
    }

    /// The galley index of a display index; at a break, `upstream` is the end of the row
    /// before rather than the start of the next.
    pub(super) fn galley_index_at(&self, d: usize, upstream: bool) -> usize {
        if upstream {
            d + self.breaks.iter().filter(|b| **b < d).count()
        } else {
            self.galley_index(d)
        }
    }

    /// The caret's rectangle (galley coordinates) at a place.
    pub(super) fn caret_rect(&self, k: usize, offset: usize) -> Rect {
        self.caret_rect_at(k, offset, false)
    }

    pub(super) fn caret_rect_at(&self, k: usize, offset: usize, upstream: bool) -> Rect {
        let g = self.galley_index_at(self.display(k, offset), upstream);
        self.galley.pos_from_cursor(CCursor::new(g))
    }
}

/// Per-frame context for laying out lines.
pub(super) struct Page<'a> {
    pub(super) speech: &'a Speech,
    /// The reviewers of a returned file under review, in the order their colours go: found once
    /// a frame, not for every line.
    reviewers: Vec<&'a str>,
    pub(super) m: &'a Manuscript,
    pub(super) findings: &'a [Finding],
    pub(super) find: &'a FindBar,
    pub(super) look: Look,
    pub(super) width: f32,
}

/// Character styles, combined per run: base, background and underline.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Style {
    pub(super) base: u8,
    pub(super) back: u8,
    pub(super) under: u8,
    /// A returned file's change on these characters: 1 + the reviewer's index, struck through
    /// in their colour (words a change removes or replaces); with `inserted`, words it inserts
    /// (shown, not the text's own), underlined in that colour instead.
    pub(super) review: u8,
    pub(super) inserted: bool,
}

/// A line's characters as drawn, each with its style: the derived number, the texts (with the
/// input method's text inside one), or a hint for an empty line.
struct Styled {
    chars: Vec<char>,
    style: Vec<Style>,
    /// Where each spot's text starts in `chars`, and its length (without the input method's).
    starts: Vec<usize>,
    lens: Vec<usize>,
    /// Characters shown that are no text's own (see [`Laid::ghosts`]).
    ghosts: Vec<(usize, usize, usize)>,
    hinted: bool,
}

fn plain(base: u8) -> Style {
    Style {
        base,
        back: 0,
        under: 0,
        review: 0,
        inserted: false,
    }
}

impl Page<'_> {
    pub(super) fn lay_out(
        &self,
        ctx: &egui::Context,
        i: usize,
        preedit: Option<(TextPos, &str)>,
    ) -> Laid {
        let line = &self.m.lines[i];
        let look = &self.look;
        let size = look.size(line.role);
        let font = FontId::new(size, crate::app::fonts::page_family());
        let styled = self.styled(line, preedit);
        // Lines break by the Chinese rules, here, not by egui.
        let indent = look.indent(line.role);
        let widths: Vec<f32> = ctx.fonts_mut(|f| {
            styled
                .chars
                .iter()
                .map(|c| f.glyph_width(&font, *c))
                .collect()
        });
        use crate::text::linebreak::{Shape, breaks, display_breaks};
        let breaks = match line.role {
            Role::Title | Role::Byline(_) => {
                display_breaks(&styled.chars, &widths, indent, self.width, Shape::Balanced)
            }
            Role::Heading { .. } => {
                display_breaks(&styled.chars, &widths, indent, self.width, Shape::Filled)
            }
            _ => breaks(&styled.chars, &widths, indent, self.width),
        };
        let centered = matches!(line.role, Role::Title | Role::Byline(_)) && !styled.hinted;
        let mut job = self.job(line.role, &styled, &breaks, &font);
        job.wrap.max_width = self.width + 4.0;
        if centered {
            job.halign = egui::Align::Center;
        }
        let galley = ctx.fonts_mut(|f| f.layout_job(job));
        let above = look.space_above(line.role);
        let offset = vec2(if centered { self.width / 2.0 } else { 0.0 }, above);
        let height = above + galley.size().y + look.body * 0.35;
        Laid {
            galley,
            starts: styled.starts,
            lens: styled.lens,
            breaks,
            hint: styled.hinted,
            ghosts: styled.ghosts,
            offset,
            heavy: line.role == (Role::Heading { depth: 0 }),
            height,
        }
    }

    /// The characters of a line with their styles.
    fn styled(&self, line: &manuscript::Line, preedit: Option<(TextPos, &str)>) -> Styled {
        let texts: Vec<&str> = line
            .spots
            .iter()
            .map(|s| manuscript::text(self.speech, *s))
            .collect();
        let composing = preedit.is_some_and(|(p, _)| line.spots.contains(&p.spot));
        let hinted = line.label.is_empty() && !composing && texts.iter().all(|t| t.is_empty());
        let mut out = Styled {
            chars: Vec::new(),
            style: Vec::new(),
            starts: Vec::new(),
            lens: Vec::new(),
            ghosts: Vec::new(),
            hinted,
        };
        if hinted {
            let h = hint(line.role, line.spots[0]);
            out.chars.extend(h.chars());
            out.style.extend(h.chars().map(|_| plain(3)));
            out.starts.push(0);
            out.lens.push(0);
            return out;
        }
        out.chars.extend(line.label.chars());
        out.style.extend(line.label.chars().map(|_| plain(1)));
        for (k, (spot, t)) in line.spots.iter().zip(&texts).enumerate() {
            out.starts.push(out.chars.len());
            let n = t.chars().count();
            out.lens.push(n);
            let base = if k == 0 && matches!(line.role, Role::RunIn { strong: true, .. }) {
                2
            } else {
                0
            };
            let first = out.chars.len();
            out.chars.extend(t.chars());
            out.style.extend((0..n).map(|_| plain(base)));
            let mut ghosts: Vec<(usize, Vec<char>, Style)> = Vec::new();
            if let Spot::Text(target) = spot {
                self.mark(*target, t, &mut out.style[first..first + n]);
                ghosts = self.inserted_words(*target, n, base);
            }
            if let Some((pos, text)) = preedit
                && pos.spot == *spot
            {
                let style = Style {
                    under: 4,
                    ..plain(base)
                };
                ghosts.push((pos.offset.min(n), text.chars().collect(), style));
            }
            // In order of place (stable: the input method's text after a change's at one
            // place), spliced in from the last so that the earlier places stay true.
            ghosts.sort_by_key(|g| g.0);
            for (at, chars, style) in ghosts.iter().rev() {
                let i = first + at;
                out.chars.splice(i..i, chars.iter().copied());
                out.style
                    .splice(i..i, std::iter::repeat_n(*style, chars.len()));
            }
            out.ghosts
                .extend(ghosts.iter().map(|(at, chars, _)| (k, *at, chars.len())));
        }
        // The export's `：` after a salutation is drawn, not edited.
        if line.role == Role::Salutation {
            let suffix = crate::doc::blocks::salutation_suffix(texts[0]);
            out.chars.extend(suffix.chars());
            out.style.extend(suffix.chars().map(|_| plain(0)));
        }
        out
    }

    /// A returned file's words to insert in a text of `n` characters, shown where they go (after
    /// the words a change replaces), underlined in the reviewer's colour.
    fn inserted_words(
        &self,
        target: TextRef,
        n: usize,
        base: u8,
    ) -> Vec<(usize, Vec<char>, Style)> {
        let review = &self.speech.review;
        if review.changes.is_empty() {
            return Vec::new();
        }
        review
            .changes
            .iter()
            .filter_map(|c| match &c.kind {
                ChangeKind::Text {
                    target: t,
                    at,
                    old,
                    new,
                    ..
                } if *t == target && !new.is_empty() => {
                    let style = Style {
                        review: self.reviewer(&c.author),
                        inserted: true,
                        ..plain(base)
                    };
                    let at = (at + old.chars().count()).min(n);
                    Some((at, new.chars().collect(), style))
                }
                _ => None,
            })
            .collect()
    }

    /// The style's number of a reviewer: 1 + their place in the order of colours.
    fn reviewer(&self, author: &str) -> u8 {
        let i = self
            .reviewers
            .iter()
            .position(|a| *a == author)
            .unwrap_or(0);
        u8::try_from(i + 1).unwrap_or(u8::MAX)
    }

    /// Marks the findings, blanks and find matches of one text on its characters' styles.
    fn mark(&self, target: TextRef, text: &str, style: &mut [Style]) {
        let n = style.len();
        let mut mark = |r: &std::ops::Range<usize>, f: &mut dyn FnMut(&mut Style)| {
            for s in &mut style[r.start.min(n)..r.end.min(n)] {
                f(s);
            }
        };
        for f in self
            .findings
            .iter()
            .filter(|f| f.location.target == Some(target))
        {
            let u = match f.severity {
                Severity::Error => 1,
                Severity::Warning => 2,
                Severity::Hint => 3,
            };
            mark(&f.location.chars, &mut |s| s.under = s.under.max(u));
        }
        let mut blanks = Vec::new();
        placeholder::scan(text, &mut blanks);
        for b in &blanks {
            mark(&b.chars, &mut |s| s.back = s.back.max(1));
        }
        let current = self
            .find
            .current()
            .filter(|(t, _)| *t == target)
            .map(|(_, r)| r.clone());
        for r in match_ranges(text, self.find.query_on_show()) {
            let v = if current.as_ref() == Some(&r) { 3 } else { 2 };
            mark(&r, &mut |s| s.back = s.back.max(v));
        }
        self.mark_review(target, style);
    }

    /// Marks a returned file's pending changes and comments on one text, as Word shows them:
    /// removed words struck through in the reviewer's colour, inserted words
    /// shown after them underlined (see `inserted_words`), commented words on a tinted
    /// background.
    fn mark_review(&self, target: TextRef, style: &mut [Style]) {
        let review = &self.speech.review;
        if review.is_empty() {
            return;
        }
        let n = style.len();
        for c in &review.comments {
            if c.target == Some(target) && !c.resolved {
                let end = (c.at + c.quote.chars().count()).max(c.at + 1);
                for s in &mut style[c.at.min(n)..end.min(n)] {
                    s.back = s.back.max(4);
                }
            }
        }
        for c in &review.changes {
            let ChangeKind::Text {
                target: t, at, old, ..
            } = &c.kind
            else {
                continue;
            };
            if *t != target {
                continue;
            }
            let who = self.reviewer(&c.author);
            let len = old.chars().count();
            // Removed words struck through; inserted ones are shown after them (see
            // `inserted_words`).
            for s in &mut style[(*at).min(n)..(at + len).min(n)] {
                s.review = who;
            }
        }
    }

    /// The text format of a style in a line of `role`.
    fn format(&self, role: Role, font: &FontId, s: Style) -> TextFormat {
        let look = &self.look;
        let color = look.color(role);
        let mut f = TextFormat::simple(font.clone(), color);
        // Chinese reads best with generous leading.
        f.line_height = Some((font.size * LEADING).round());
        f.color = match s.base {
            // The derived number and a run-in item's heading.
            1 | 2 => look.strong,
            3 => look.weak,
            _ => color,
        };
        match s.back {
            1 => (f.background, f.color) = theme::BLANK,
            2 => f.background = theme::find_match(),
            3 => (f.background, f.color) = theme::CURRENT_MATCH,
            4 => f.background = theme::commented(look.dark),
            _ => {}
        }
        f.underline = match s.under {
            1 => Stroke::new(1.5, theme::severity(Severity::Error)),
            2 => Stroke::new(1.5, theme::severity(Severity::Warning)),
            3 => Stroke::new(1.0, theme::severity(Severity::Hint).gamma_multiply(0.7)),
            4 => Stroke::new(1.0, look.text),
            _ => Stroke::NONE,
        };
        if s.review > 0 {
            let colour = theme::reviewer(usize::from(s.review - 1), look.dark);
            f.color = colour;
            if s.inserted {
                f.underline = Stroke::new(1.5, colour);
            } else {
                f.strikethrough = Stroke::new(1.5, colour);
                f.color = colour;
            }
        }
        f
    }

    /// The layout job of a line: runs of one style, a line break at each of `breaks`.
    fn job(&self, role: Role, styled: &Styled, breaks: &[usize], font: &FontId) -> LayoutJob {
        let (chars, style) = (&styled.chars, &styled.style);
        let indent = self.look.indent(role);
        let mut job = LayoutJob::default();
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
                        self.format(role, font, style[run_start]),
                    );
                    first = false;
                }
                run_start = i;
            }
            if at_break {
                next_break.next();
                job.append(
                    "\n",
                    0.0,
                    self.format(role, font, style[i.min(chars.len() - 1)]),
                );
            }
        }
        if chars.is_empty() {
            job.append("", indent, self.format(role, font, plain(0)));
        }
        job
    }

    /// Lays out line `i` into `laid` unless it is there, with the input method's text if the
    /// caret is in it.
    pub(super) fn lay_out_once(
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
    pub(super) fn estimate(&self, i: usize) -> f32 {
        let line = &self.m.lines[i];
        let size = self.look.size(line.role);
        let per_line = (self.width / size).max(4.0);
        let rows = ((line.chars as f32 + 2.0) / per_line).ceil().max(1.0);
        self.look.space_above(line.role) + rows * (size * LEADING).round() + self.look.body * 0.35
    }
}

/// Where the lines are: the top of each line in the column, and the total height.
pub(super) struct Tops {
    pub(super) y: Vec<f32>,
}

impl Tops {
    /// The line at height `y` (the last one below it).
    pub(super) fn line_at(&self, y: f32) -> usize {
        let n = self.y.len() - 1;
        self.y[..n]
            .partition_point(|t| *t <= y)
            .saturating_sub(1)
            .min(n.saturating_sub(1))
    }
}

/// The page of this frame: the speech, its lines and findings, the look and the column.
pub(super) fn page<'a>(
    derived: &'a crate::derived::Derived,
    speech: &'a Speech,
    find: &'a FindBar,
    ctx: &egui::Context,
    width: f32,
) -> Page<'a> {
    Page {
        speech,
        reviewers: speech.review.authors(),
        m: &derived.manuscript,
        findings: &derived.findings,
        find,
        look: Look::new(ctx),
        width,
    }
}

/// The tops of the lines: measured heights where known, estimates elsewhere.
pub(super) fn tops(state: &EditorState, page: &Page) -> Tops {
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
