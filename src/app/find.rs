//! The find / replace bar: its state, and the matches it steps through.

use super::{Cmd, View};
use crate::doc::edit::Edit;
use crate::doc::model::{Spot, TextPos, TextRef};
use crate::text::index::{match_ranges, splice};

/// A match of the find bar: a text and a character range in it.
type Hit = (TextRef, std::ops::Range<usize>);

/// The find / replace bar's state.
#[derive(Clone, Debug, Default)]
pub struct FindBar {
    open: bool,
    replace: bool,
    query: String,
    replacement: String,
    /// The match on show. Enter and the buttons step from it; closing the bar puts the caret
    /// on it.
    current: Option<Hit>,
    focus_query: bool,
    /// Where the caret was when the bar opened: the first search goes on from there, as in
    /// Word, not from the top.
    from: Option<TextPos>,
}

impl FindBar {
    /// Opens the bar (with the replace row, or not) and puts the focus in the search box; the
    /// search starts at `caret`.
    pub fn open(&mut self, replace: bool, caret: Option<TextPos>) {
        self.open = true;
        self.replace |= replace;
        self.focus_query = true;
        self.from = caret;
        self.current = None;
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    /// The match on show, if any.
    pub fn current(&self) -> Option<&Hit> {
        self.current.as_ref()
    }

    /// What the editor marks: the query while the bar is open, otherwise nothing.
    pub fn query_on_show(&self) -> &str {
        if self.open { &self.query } else { "" }
    }
}

/// Every occurrence of `query` as (text, char range), in document order.
fn hits(app: &View, query: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    app.speech().for_each_text(&mut |target, text| {
        out.extend(match_ranges(text, query).map(|r| (target, r)));
    });
    out
}

/// The first hit at or after `from` in document order (`None`: no caret, or none after it).
fn first_after(app: &View, found: &[Hit], from: Option<TextPos>) -> Option<usize> {
    let from = from?;
    let Spot::Text(target) = from.spot else {
        return None;
    };
    let mut order = std::collections::HashMap::new();
    app.speech().for_each_text(&mut |t, _| {
        let n = order.len();
        order.insert(t, n);
    });
    let at = (*order.get(&target)?, from.offset);
    found
        .iter()
        .position(|(t, r)| order.get(t).is_some_and(|i| (*i, r.start) >= at))
}

pub fn find_ui(find: &mut FindBar, app: &mut View, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        let l = ui.label("查找");
        let r = ui
            .add(egui::TextEdit::singleline(&mut find.query).desired_width(180.0))
            .labelled_by(l.id);
        if find.focus_query {
            r.request_focus();
            find.focus_query = false;
        }
        let found = hits(app, &find.query);
        // The match on show, if it is still one (the text may have changed under it).
        let at = find
            .current
            .as_ref()
            .and_then(|c| found.iter().position(|h| h == c));
        ui.weak(match at {
            Some(k) => format!("{}/{} 处", k + 1, found.len()),
            None => format!("{} 处", found.len()),
        });
        // Enter in the search box is "next", Shift+Enter "previous": the box keeps the focus,
        // so a second Enter never reaches the text (where it would split the paragraph).
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let shift = ui.input(|i| i.modifiers.shift);
        let prev = ui.button("上一个").clicked() || (enter && shift);
        let next = ui.button("下一个").clicked() || (enter && !shift);
        if enter {
            find.focus_query = true;
        }
        if (prev || next) && !found.is_empty() {
            let n = found.len();
            let k = match (at, prev) {
                (Some(k), false) => (k + 1) % n,
                (Some(k), true) => (k + n - 1) % n,
                // From the caret: the first match at or after it, the last one before it.
                (None, false) => first_after(app, &found, find.from).unwrap_or(0),
                (None, true) => {
                    first_after(app, &found, find.from).map_or(n - 1, |k| (k + n - 1) % n)
                }
            };
            show_match(find, app, found[k].clone());
        }
        if find.replace {
            let l = ui.label("替换为");
            ui.add(egui::TextEdit::singleline(&mut find.replacement).desired_width(180.0))
                .labelled_by(l.id);
            if ui
                .add_enabled(at.is_some(), egui::Button::new("替换"))
                .on_hover_text("替换当前这一处，再找下一处")
                .clicked()
                && let Some(k) = at
            {
                replace_one(find, app, &found, k);
            }
            if ui
                .add_enabled(!found.is_empty(), egui::Button::new("全部替换"))
                .clicked()
            {
                app.push(Cmd::Edit(Edit::ReplaceAll {
                    find: find.query.clone(),
                    replace: find.replacement.clone(),
                }));
                find.current = None;
            }
        }
        if ui.button("关闭").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            close_find(find, app);
        }
    });
}

/// Closes the find bar. As in WPS and Word, the caret lands on the match on show, selected.
pub fn close_find(find: &mut FindBar, app: &mut View) {
    find.open = false;
    find.replace = false;
    if let Some((target, chars)) = find.current.take() {
        app.push(Cmd::GoTo { target, chars });
    }
}

/// Scrolls to a match and shows it highlighted, leaving the focus in the find bar.
fn show_match(find: &mut FindBar, app: &mut View, hit: Hit) {
    app.push(Cmd::Reveal(hit.0));
    find.current = Some(hit);
}

/// Replaces the match `k` on show, then shows the next one.
fn replace_one(find: &mut FindBar, app: &mut View, found: &[Hit], k: usize) {
    let (target, chars) = found[k].clone();
    let Some(text) = app.speech().text(target) else {
        return;
    };
    let replacement = find.replacement.clone();
    let new = splice(text, chars.clone(), &replacement);
    app.push(Cmd::Edit(Edit::SetText { target, text: new }));
    // The next match, moved by the length change when it is in the same text.
    let delta = replacement.chars().count() as isize - chars.len() as isize;
    find.current = (found.len() > 1).then(|| {
        let (t, r) = found[(k + 1) % found.len()].clone();
        if t == target && r.start > chars.start {
            let shift = |x: usize| (x as isize + delta).max(0) as usize;
            (t, shift(r.start)..shift(r.end))
        } else {
            (t, r)
        }
    });
    if let Some((t, _)) = &find.current {
        app.push(Cmd::Reveal(*t));
    }
}
