//! Keys, the clipboard and the input method turned into what the manuscript's key rules say
//! ([`crate::doc::manuscript::keys`]), before anything is drawn; vertical moves and row edges,
//! which need the laid-out rows, are worked out here.

use std::collections::HashMap;

use egui::text::CCursor;
use egui::{Event, Key, Modifiers, Pos2, vec2};

use crate::app::find::FindBar;
use crate::app::{Cmd, View};
use crate::doc::manuscript::keys::{self, Outcome, Selection};
use crate::doc::model::{Speech, TextPos};

use super::layout::*;
use super::*;

/// Pasted text as it goes into the speech: line ends as `\n`, and the paragraph indent a copy
/// carries (full-width spaces at the start of a line, as the plain-text export writes it)
/// left out, since the page indents paragraphs itself (kept, it would be indented twice and
/// differ from the export). `plain` (粘贴（去掉编号）) also drops the numbers at the lines'
/// starts.
fn pasted(text: &str, plain: bool) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .map(|line| {
            let line = line.trim_start_matches('\u{3000}');
            if plain {
                crate::doc::marker::strip_standalone(line)
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The input for the manuscript this frame: what waited from the last one, and this frame's
/// events when the manuscript has the keyboard. Typing taken for the manuscript when the focus
/// has moved on since (Shift+Tab) is kept, to go back to egui at the next frame.
pub fn take_events(state: &mut EditorState, ctx: &egui::Context) -> Vec<Event> {
    let pending = std::mem::take(&mut state.pending);
    if !ctx.memory(|m| m.has_focus(editor_id())) {
        return Vec::new();
    }
    let typed = std::mem::take(&mut state.typed);
    pending
        .into_iter()
        .chain(typed)
        .chain(ctx.input(|i| i.events.clone()))
        .collect()
}

/// Takes the typing meant for the manuscript out of egui's input before egui's pass: the
/// characters, the input method, and plain keys (no Ctrl or Alt; not Esc, Tab or a function
/// key), with their releases. egui runs a second pass after every pass that had input: on a
/// machine that renders in software every pass is a frame drawn by the CPU. Taken out here, a
/// keystroke costs the frame that reads it (the window's loop holds back its release, see
/// `app::keyloop`). Only the typing before the first key egui keeps (a shortcut, a paste) is
/// taken, so that the manuscript reads all keys in the order they came. `free`: no dialog is
/// open over the page.
pub fn take_typing(
    state: &mut EditorState,
    ctx: &egui::Context,
    raw: &mut egui::RawInput,
    free: bool,
) {
    let typing = free && ctx.memory(|m| m.has_focus(editor_id()));
    // Typing taken when the manuscript had the keyboard, which it has no longer: egui's.
    if !typing && !state.typed.is_empty() {
        raw.events.splice(0..0, std::mem::take(&mut state.typed));
    }
    let mut modifiers = ctx.input(|i| i.modifiers);
    let held = &mut state.held;
    let typed = &mut state.typed;
    // Taking stops at the first key egui keeps: what follows it must come after it.
    let mut open = typing;
    raw.events.retain(|e| {
        let take = match e {
            Event::Text(_) | Event::Ime(_) => open,
            Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => {
                let plain = !(modifiers.ctrl || modifiers.alt || modifiers.command);
                let name = key.name();
                let function = name.len() > 1
                    && name.starts_with('F')
                    && name[1..].bytes().all(|b| b.is_ascii_digit());
                let special = function || matches!(key, Key::Escape | Key::Tab);
                let take = open && plain && !special;
                if take {
                    held.insert(*key);
                } else {
                    open = false;
                }
                take
            }
            // The release of a key taken; once the manuscript has not the keyboard, egui's
            // (which never saw the press: it changes nothing there).
            Event::Key {
                key,
                pressed: false,
                ..
            } => held.remove(key) && open,
            Event::Paste(_) | Event::Copy | Event::Cut => {
                open = false;
                false
            }
            // The window repeats the modifiers with every key: a repeat that changes nothing
            // is dropped (egui keeps the modifiers from these, so a change stays).
            Event::ModifiersChanged(m) if typing => {
                if std::mem::replace(&mut modifiers, *m) == *m {
                    return false;
                }
                false
            }
            _ => false,
        };
        if take {
            typed.push(e.clone());
        }
        !take
    });
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

/// Which row of a line a vertical move lands on.
#[derive(Clone, Copy)]
pub(super) enum Row {
    First,
    Last,
    /// The row at this height (screen coordinates).
    At(f32),
}

/// Keyboard and input-method handling for one frame.
pub(super) struct Keys<'a, 'b, F: Fn(&mut HashMap<usize, Laid>, usize)> {
    pub(super) page: &'a Page<'a>,
    pub(super) state: &'a mut EditorState,
    pub(super) view: &'a mut View<'b>,
    pub(super) laid: &'a mut HashMap<usize, Laid>,
    pub(super) tops: &'a Tops,
    pub(super) origin: Pos2,
    pub(super) viewport_height: f32,
    pub(super) ctx: &'a egui::Context,
    pub(super) lay: &'a F,
}

impl<F: Fn(&mut HashMap<usize, Laid>, usize)> Keys<'_, '_, F> {
    /// Handles events in order up to the first edit; returns the rest, which must see the
    /// edit's result.
    pub(super) fn handle(&mut self, events: Vec<Event>) -> Vec<Event> {
        let mut rest = events.into_iter();
        while let Some(e) = rest.next() {
            if self.event(e) {
                return rest.collect();
            }
        }
        Vec::new()
    }

    /// Returns whether an edit was pushed.
    pub(super) fn event(&mut self, e: Event) -> bool {
        match e {
            Event::Text(t) if !t.chars().any(char::is_control) => self.insert(&t),
            Event::Paste(t) => {
                let plain = std::mem::take(&mut self.state.plain_paste);
                self.insert(&pasted(&t, plain))
            }
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

    pub(super) fn speech(&self) -> &Speech {
        self.page.speech
    }

    pub(super) fn caret(&self) -> Option<TextPos> {
        self.state.caret
    }

    pub(super) fn selection(&self) -> Option<Selection> {
        let (anchor, caret) = self.state.selection()?;
        Some(Selection { anchor, caret })
    }

    /// The selection in reading order, if anything is selected.
    pub(super) fn selected(&self) -> Option<(TextPos, TextPos)> {
        keys::selected(self.page.m, self.speech(), self.selection()?)
    }

    pub(super) fn copy(&mut self) -> bool {
        let Some((a, b)) = self.selected() else {
            return false;
        };
        let text = self.page.m.text_between(self.speech(), a, b);
        self.ctx.copy_text(text);
        true
    }

    /// Replaces the selection (or inserts at the caret) with `text`.
    pub(super) fn insert(&mut self, text: &str) -> bool {
        let Some(sel) = self.selection() else {
            return false;
        };
        self.outcome(keys::insert(self.page.m, self.speech(), sel, text))
    }

    /// Carries out what a key does; returns whether an edit was pushed.
    pub(super) fn outcome(&mut self, outcome: Outcome) -> bool {
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

    pub(super) fn move_to(&mut self, pos: TextPos, extend: bool) {
        if !extend {
            self.state.anchor = Some(pos);
        }
        self.state.caret = Some(pos);
        self.state.scroll_caret = true;
        self.state.preedit = None;
    }

    pub(super) fn key(&mut self, key: Key, mods: Modifiers) -> bool {
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
                // Ctrl+Backspace and the like are left to the system, but for a selection.
                let plain = mods.is_none()
                    || key == Key::Backspace && mods.shift_only()
                    || self.selected().is_some();
                let outcome = match key {
                    Key::Enter => keys::enter(m, speech, sel),
                    Key::Backspace if plain => keys::backspace(m, speech, sel),
                    Key::Delete if plain => keys::delete(m, speech, sel),
                    _ => return false,
                };
                return self.outcome(outcome);
            }
            _ => {}
        }
        false
    }

    /// The place one row up or down (or a page, `distance`), keeping the column.
    pub(super) fn vertical(
        &mut self,
        c: TextPos,
        down: bool,
        distance: Option<f32>,
    ) -> Option<TextPos> {
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
    pub(super) fn line_top(&self, i: usize) -> Pos2 {
        self.origin + vec2(0.0, self.tops.y[i])
    }

    /// The place in line `i` at `x`, on the row given.
    pub(super) fn hit_in_line(&mut self, i: usize, x: f32, row: Row) -> TextPos {
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
    pub(super) fn row_edge(&mut self, c: TextPos, end: bool) -> Option<TextPos> {
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
