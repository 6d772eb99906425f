//! The editing pane: the speech as one manuscript, drawn and edited as a page.
//!
//! The lines come from [`crate::doc::manuscript`]: title, bylines, salutation, paragraphs with
//! their two-character indent, headings in the look of their level, run-in items, with the derived
//! numbers drawn before the headings (never editable). One caret and one selection run over the
//! whole speech; keys become edits on the model through [`Cmd`]s, so undo and the derived numbers
//! stay the model's. Lines break by the Chinese rules of [`crate::text::linebreak`]. Only the lines
//! near the viewport are laid out; the others take their measured or estimated height, which keeps
//! a frame cheap on a 100 000-字 speech. Nothing animates: the caret does not blink, so an idle
//! window draws no frames.

mod input;
mod layout;
mod paint;

pub use input::{input, take_events, take_typing};
pub use paint::editor_ui;

use std::collections::HashMap;

use egui::{Event, Id, Pos2, Rect};

use crate::doc::manuscript::{self, Manuscript};
use crate::doc::model::{Speech, Spot, TextPos, TextRef};

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
    /// Typing taken out of egui's input before its pass ([`input::take_typing`]), and the keys
    /// whose press was taken, so that their release is taken too.
    typed: Vec<Event>,
    held: std::collections::HashSet<egui::Key>,
    /// The line a context menu was opened on.
    menu_line: Option<usize>,
    /// The place in the text a context menu was opened on (for a finding there).
    menu_pos: Option<crate::doc::model::TextPos>,
    /// Where the column was drawn in the last frame.
    geometry: Option<Geometry>,
    /// The caret's line when it was last seen, where it goes if its text disappears.
    line: usize,
    /// Where the caret was drawn last frame (screen coordinates).
    caret_rect: Option<Rect>,
    /// The caret sits at the end of a row rather than the start of the next (after End, or a
    /// click past a row's end), where a line was broken.
    upstream: bool,
    /// How far the page is scrolled down (points), as of the last frame.
    offset: f32,
    /// How many characters of body text a line of the column holds, as of the last frame.
    column_chars: f32,
    /// The 字数 of the selection (`None`: nothing selected), and the selection and document
    /// revision it was counted for.
    selected_han: Option<usize>,
    counted: Option<((TextPos, TextPos), u64)>,
    /// The next paste drops the numbering markers at its lines' starts (粘贴（去掉编号）).
    plain_paste: bool,
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

    /// The selection where co-writers' changes moved it (nothing scrolls, the focus stays).
    pub fn keep_selection(&mut self, anchor: TextPos, caret: TextPos) {
        if self.caret.is_some() {
            self.anchor = Some(anchor);
            self.caret = Some(caret);
        }
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

    /// Whether the next paste drops numbering markers at line starts.
    pub fn paste_plain(&mut self, plain: bool) {
        self.plain_paste = plain;
    }

    /// A clipboard or selection command from a menu, run as its key would be, in the next
    /// frame (the caller gives the text the focus back).
    pub fn command(&mut self, event: egui::Event) {
        self.pending.push(event);
    }

    /// How far the page was scrolled down in the last frame.
    pub fn offset(&self) -> f32 {
        self.offset
    }

    /// The 字数 of the selection in the last frame, if anything was selected.
    pub fn selected_han(&self) -> Option<usize> {
        self.selected_han
    }

    /// How many body characters a line held in the last frame.
    pub fn column_chars(&self) -> f32 {
        self.column_chars
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

/// Where the column was drawn last frame (screen coordinates), for moving by rows and pages.
#[derive(Clone, Copy, Debug)]
struct Geometry {
    origin: Pos2,
    viewport_height: f32,
}

#[cfg(test)]
mod tests;
