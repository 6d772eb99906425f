//! Reviewing a returned Word file (导入修改稿): its tracked changes and comments placed on the
//! speech they were made on, as a [`Review`] the drafter decides change by change.
//!
//! The file's paragraphs as they read before the review are matched to the speech's lines as
//! the export writes them (the same blocks: derived numbers, salutation, run-in leads): equal
//! lines first, in order, then like ones between them. Every change then lands on the text and
//! character offset it was made at. What cannot be placed (a change over two paragraphs, a
//! paragraph of the file with no counterpart, a section moved where no section can go) and what
//! a speech cannot hold (formatting, tables, pictures) is listed in [`Review::left_out`], never
//! dropped silently. A change to a derived number (a reviewer's `四、` typed over `三、` on a
//! moved heading) is numbering, not words, and is listed as such.
//!
//! Cost: the line match is a diff of two paragraph lists, O((P + Q)·D); each paragraph of an
//! unlike stretch is compared with the next few lines only; every diff shares one time budget
//! ([`TIME_LIMIT`], 2 s), past which matching settles for what it has; the rest is linear in
//! the text. A review lists at most [`MAX_ITEMS`] changes and comments and says how many more
//! there were. A returned file with a change in every paragraph of a 100 000-字 speech is read
//! in about 6 ms and placed in about 11 ms (`cargo bench --bench core -- review`).

pub mod read;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

use crate::compare::likeness_until;
use crate::doc::blocks::{self, Role};
use crate::doc::marker;
use crate::doc::model::review::{
    ChangeKind, Comment, MoveTarget, Reply, Review, TrackedChange, neighbours, section_texts,
    section_words,
};
use crate::doc::model::{ParaId, SectionId, Speech, TextRef};
use read::{Mark, Para, Returned};

/// How long matching unlike paragraphs may take before the rest is left unmatched (and said).
const TIME_LIMIT: Duration = Duration::from_secs(2);

/// A line of the speech as exported, with the text and offset each character comes from
/// (`None` for what the export derives: numbers, the salutation's `：`).
struct Line {
    text: String,
    map: Vec<Option<(TextRef, usize)>>,
}

impl Line {
    fn key(&self) -> String {
        key(&self.text)
    }

    /// The texts the line shows, in order.
    fn targets(&self) -> Vec<TextRef> {
        let mut out: Vec<TextRef> = Vec::new();
        for (t, _) in self.map.iter().flatten() {
            if out.last() != Some(t) {
                out.push(*t);
            }
        }
        out
    }
}

/// What two lines are compared by: the words, without a numbering marker or spaces.
fn key(text: &str) -> String {
    marker::strip_standalone(text.trim())
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Whether a paragraph of the file is new: words inserted (or moved here), none there before.
/// A kept line of only a number (a heading with no words of its own) is not.
fn is_new(p: &Para) -> bool {
    key(&p.before()).is_empty()
        && p.runs
            .iter()
            .any(|r| matches!(r.mark, Mark::Inserted | Mark::MovedTo) && !r.text.trim().is_empty())
}

/// The characters of `text` trimmed as the export trims it, each with its offset in `text`.
fn trimmed(target: TextRef, text: &str) -> Vec<Option<(TextRef, usize)>> {
    let lead = text.chars().take_while(|c| c.is_whitespace()).count();
    let n = text.trim().chars().count();
    (lead..lead + n).map(|i| Some((target, i))).collect()
}

/// The speech's lines, as the Word export writes them.
fn lines(speech: &Speech) -> Vec<Line> {
    let mut out = Vec::new();
    let mut salutation_at = 0usize;
    for b in blocks::blocks(speech) {
        let mut text = String::new();
        let mut map = Vec::new();
        match (b.role, b.at) {
            (Role::Salutation, Some(target)) => {
                // One line of the salutation, whose `：` the export may add: each character
                // is the salutation's next one if it is the same.
                let source: Vec<char> = speech.salutation.chars().collect();
                for c in b.text.chars() {
                    while source.get(salutation_at).is_some_and(|s| s.is_whitespace()) {
                        salutation_at += 1;
                    }
                    if source.get(salutation_at) == Some(&c) {
                        map.push(Some((target, salutation_at)));
                        salutation_at += 1;
                    } else {
                        map.push(None);
                    }
                }
                text.push_str(&b.text);
            }
            (_, Some(_)) => {
                text.push_str(&b.lead);
                text.push_str(&b.text);
                let chars: Vec<char> = text.chars().collect();
                let lead = b.lead.chars().count();
                map = vec![None; chars.len()];
                // The export wrote something else than the speech holds: no character is
                // mapped rather than a wrong one.
                let mut wrong = false;
                for shown in b.shown(speech) {
                    let source = speech.text(shown.target).unwrap_or("");
                    let from = shown.at + if shown.in_lead { 0 } else { lead };
                    for (k, c) in source.trim().chars().enumerate() {
                        wrong |= chars.get(from + k) != Some(&c);
                    }
                    for (k, place) in trimmed(shown.target, source).into_iter().enumerate() {
                        if let Some(slot) = map.get_mut(from + k) {
                            *slot = place;
                        }
                    }
                }
                if wrong {
                    map = vec![None; chars.len()];
                }
            }
            _ => continue,
        }
        out.push(Line { text, map });
    }
    out
}

/// Lines this alike are one line changed since the file was exported.
const SAME_LINE: f64 = 0.6;

/// The fewest characters (without spaces) a deleted and re-inserted stretch must have to be
/// read as a move.
const MIN_CUT: usize = 6;

/// The most things left out that are listed one by one; the rest are counted.
const MAX_NOTES: usize = 100;

/// The most changes, and the most comments, a review lists: a speech's review has tens, a long
/// report's a few hundred.
pub const MAX_ITEMS: usize = 5_000;

/// How many lines ahead a paragraph of the file looks for its like line.
const LIKE_WINDOW: usize = 32;

/// Which speech line each paragraph of the file stands for (by its text before the review).
fn match_lines(lines: &[Line], paras: &[Para], deadline: Instant) -> Vec<Option<usize>> {
    let mut out = vec![None; paras.len()];
    // Paragraphs with words before the review; the rest are new.
    let old: Vec<usize> = (0..paras.len())
        .filter(|&i| !key(&paras[i].before()).is_empty())
        .collect();
    let old_keys: Vec<String> = old.iter().map(|&i| key(&paras[i].before())).collect();
    let line_keys: Vec<String> = lines.iter().map(Line::key).collect();
    let ops =
        capture_diff_slices_deadline(Algorithm::Patience, &line_keys, &old_keys, Some(deadline));
    for op in ops {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    out[old[new_index + k]] = Some(old_index + k);
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                // In order: each paragraph takes the most alike line after the last one taken,
                // among the next few (a long unlike stretch is not compared pair by pair), while
                // time allows.
                let mut from = old_index;
                for k in 0..new_len {
                    if Instant::now() > deadline {
                        break;
                    }
                    let para_key = &old_keys[new_index + k];
                    let end = (old_index + old_len).min(from + LIKE_WINDOW);
                    let best = (from..end)
                        .map(|l| (l, likeness_until(&line_keys[l], para_key, deadline)))
                        .filter(|&(_, s)| s >= SAME_LINE)
                        .max_by(|a, b| a.1.total_cmp(&b.1));
                    if let Some((l, _)) = best {
                        out[old[new_index + k]] = Some(l);
                        from = l + 1;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Reads the review of a returned file onto `speech`. `source` is the file's name.
pub fn review(speech: &Speech, returned: &Returned, source: &str) -> Review {
    let deadline = Instant::now() + TIME_LIMIT;
    let lines = lines(speech);
    let matched = match_lines(&lines, &returned.paras, deadline);
    // What goes before and after each paragraph of the file, in two passes rather than a
    // search from every new paragraph.
    let mut anchors = Vec::with_capacity(matched.len());
    let mut last = None;
    for m in &matched {
        anchors.push(last);
        if let Some(t) = m.and_then(|l| lines[l].targets().last().copied()) {
            last = Some(t);
        }
    }
    let mut next_text = vec![None; matched.len()];
    let mut next = None;
    for (i, m) in matched.iter().enumerate().rev() {
        next_text[i] = next;
        if let Some(t) = m.and_then(|l| lines[l].targets().first().copied()) {
            next = Some(t);
        }
    }
    let mut b = Builder {
        speech,
        returned,
        lines: &lines,
        matched: &matched,
        anchors,
        next_text,
        deadline,
        noted: std::collections::HashSet::new(),
        to_lines: Default::default(),
        unlisted: 0,
        out: Review {
            source: source.to_owned(),
            ..Review::default()
        },
        next_id: 1,
    };
    b.changes();
    b.comments();
    b.left_out();
    b.bound();
    b.out
}

struct Builder<'a> {
    speech: &'a Speech,
    returned: &'a Returned,
    lines: &'a [Line],
    matched: &'a [Option<usize>],
    /// For each paragraph of the file, the last text shown before it (see `anchor_before`).
    anchors: Vec<Option<TextRef>>,
    /// For each paragraph of the file, the first text of the next matched line after it.
    next_text: Vec<Option<TextRef>>,
    deadline: Instant,
    out: Review,
    next_id: u64,
    /// What was noted, to say each thing once, and how many past the list's length.
    noted: std::collections::HashSet<String>,
    /// Each paragraph's places in its line (see `to_line`).
    to_lines: std::cell::RefCell<HashMap<usize, std::rc::Rc<[Option<usize>]>>>,
    unlisted: usize,
}

/// A run of whole paragraphs that were moved, as read: from where (their speech lines) or to
/// where (the paragraphs of the file), with their text.
struct MovedBlock {
    paras: Vec<usize>,
    text: String,
    rev: Option<usize>,
}

impl Builder<'_> {
    fn rev(&self, rev: Option<usize>) -> (String, String) {
        rev.and_then(|r| self.returned.revisions.get(r))
            .map(|r| (r.author.clone(), r.date.clone()))
            .unwrap_or_default()
    }

    fn push(&mut self, rev: Option<usize>, kind: ChangeKind) {
        let (author, date) = self.rev(rev);
        self.out.changes.push(TrackedChange {
            id: self.next_id,
            author: if author.is_empty() {
                "审阅者".to_owned()
            } else {
                author
            },
            date,
            kind,
        });
        self.next_id += 1;
    }

    /// Lists what was left out, each once; past [`MAX_NOTES`] they are counted, and the count
    /// is said at the end.
    fn note(&mut self, text: String) {
        if self.noted.insert(text.clone()) {
            if self.out.left_out.len() < MAX_NOTES {
                self.out.left_out.push(text);
            } else {
                self.unlisted += 1;
            }
        }
    }

    /// The last text the line of paragraph `i` of the file shows, or the one before it: what
    /// something new after it goes after.
    fn anchor_before(&self, i: usize) -> Option<TextRef> {
        self.anchors.get(i).copied().flatten()
    }

    fn changes(&mut self) {
        let paras = &self.returned.paras;
        let mut moved = vec![false; paras.len()];
        // Moves whose both ends are found: marked as moves, or (with move tracking off) the
        // same words deleted in one place and inserted in another, once each.
        for (from, to) in [
            (Mark::MovedFrom, Mark::MovedTo),
            (Mark::Deleted, Mark::Inserted),
        ] {
            let (froms, tos) = self.moved_blocks(from, to);
            let cut = from == Mark::Deleted;
            let mut by_text: HashMap<&str, Option<&MovedBlock>> = HashMap::new();
            for f in &froms {
                by_text
                    .entry(f.text.as_str())
                    .and_modify(|e| *e = None)
                    .or_insert(Some(f));
            }
            let pasted = |t: &MovedBlock| tos.iter().filter(|x| x.text == t.text).count() == 1;
            for to in &tos {
                let Some(Some(from)) = by_text.get(to.text.as_str()) else {
                    continue;
                };
                // A cut and paste is read as a move only for words enough to be sure of.
                if cut && (to.text.chars().count() < MIN_CUT || !pasted(to)) {
                    continue;
                }
                if self.push_move(from, to) {
                    for &i in from.paras.iter().chain(&to.paras) {
                        moved[i] = true;
                    }
                }
            }
        }
        self.struck_sections(&mut moved);
        let mut i = 0;
        while i < paras.len() {
            if moved[i] {
                i += 1;
                continue;
            }
            let p = &paras[i];
            match self.matched[i] {
                None if is_new(p) => {
                    // New paragraphs, one change for a run of them by one reviewer.
                    let rev = p.runs.iter().find_map(|r| r.rev);
                    let mut texts = Vec::new();
                    let mut k = i;
                    while k < paras.len()
                        && !moved[k]
                        && self.matched[k].is_none()
                        && is_new(&paras[k])
                        && paras[k].runs.iter().find_map(|r| r.rev) == rev
                    {
                        let t = paras[k].after().trim().to_owned();
                        if !t.is_empty() {
                            texts.push(t);
                        }
                        k += 1;
                    }
                    if !texts.is_empty() {
                        if let Some(after) = self.anchor_before(i) {
                            self.push(
                                rev,
                                ChangeKind::Insert {
                                    after,
                                    texts,
                                    first_in: None,
                                },
                            );
                        } else {
                            let first = short(&texts[0]);
                            self.note(format!("新插入的段落找不到位置，未列入：“{first}”"));
                        }
                    }
                    i = k.max(i + 1);
                    continue;
                }
                None => {
                    let before = p.before();
                    let has_changes = p.runs.iter().any(|r| r.mark != Mark::Kept);
                    if has_changes {
                        self.note(format!(
                            "修改稿中的这一段在本稿中找不到，其中的修订未列入：“{}”",
                            short(before.trim())
                        ));
                    }
                }
                Some(l) => self.paragraph_changes(i, l),
            }
            i += 1;
        }
        let marks = paras
            .iter()
            .filter(|p| p.end != Mark::Kept && !(p.all(Mark::Inserted) || p.all(Mark::Deleted)))
            .count();
        if marks > 0 {
            self.note(format!(
                "{marks} 处分段或合段的修订未列入（段落里的文字修订照常列出）"
            ));
        }
    }

    /// Whole sections struck out: a run of wholly deleted paragraphs of the file whose lines
    /// show exactly a section's texts (its heading, its paragraphs, all under it) is one
    /// deletion of that section. Their paragraphs are marked done in `done`.
    fn struck_sections(&mut self, done: &mut [bool]) {
        let paras = &self.returned.paras;
        let struck = |i: usize, done: &[bool]| {
            !done[i] && self.matched[i].is_some() && paras[i].all(Mark::Deleted)
        };
        let mut i = 0;
        while i < paras.len() {
            let Some(TextRef::Heading(id)) = self.matched[i]
                .filter(|_| struck(i, done))
                .and_then(|l| self.lines[l].targets().first().copied())
            else {
                i += 1;
                continue;
            };
            let Some(section) = self.speech.section(id) else {
                i += 1;
                continue;
            };
            let mut own = Vec::new();
            section_texts(section, &mut own);
            // The section's lines, one after another, all struck.
            let mut shown = Vec::new();
            let mut k = i;
            while k < paras.len() && shown.len() < own.len() && struck(k, done) {
                if let Some(l) = self.matched[k] {
                    shown.extend(self.lines[l].targets());
                }
                k += 1;
            }
            if shown != own {
                i += 1;
                continue;
            }
            let rev = paras[i].runs.iter().find_map(|r| r.rev);
            let kind = ChangeKind::DeleteSection {
                id,
                heading: section.heading.trim().to_owned(),
                words: section_words(self.speech, section),
            };
            self.push(rev, kind);
            done[i..k].iter_mut().for_each(|d| *d = true);
            i = k;
        }
    }

    /// Runs of whole paragraphs moved away and moved here.
    fn moved_blocks(&self, from: Mark, to: Mark) -> (Vec<MovedBlock>, Vec<MovedBlock>) {
        let mut froms: Vec<MovedBlock> = Vec::new();
        let mut tos: Vec<MovedBlock> = Vec::new();
        let mut last: Option<(Mark, usize)> = None;
        for (i, p) in self.returned.paras.iter().enumerate() {
            let mark = if p.all(from) {
                from
            } else if p.all(to) {
                to
            } else {
                last = None;
                continue;
            };
            let list = if mark == from { &mut froms } else { &mut tos };
            let text = key(&p.runs.iter().map(|r| r.text.as_str()).collect::<String>());
            match (last, list.last_mut()) {
                (Some((m, k)), Some(b)) if m == mark && k + 1 == i => {
                    b.paras.push(i);
                    b.text.push_str(&text);
                }
                _ => list.push(MovedBlock {
                    paras: vec![i],
                    text,
                    rev: p.runs.iter().find_map(|r| r.rev),
                }),
            }
            last = Some((mark, i));
        }
        (froms, tos)
    }

    /// A move of paragraphs or of a whole section; false when it cannot be placed (then its
    /// ends are read as a deletion and an insertion).
    fn push_move(&mut self, from: &MovedBlock, to: &MovedBlock) -> bool {
        let Some(lines) = from
            .paras
            .iter()
            .map(|&i| self.matched[i])
            .collect::<Option<Vec<usize>>>()
        else {
            return false;
        };
        let targets: Vec<TextRef> = lines
            .iter()
            .flat_map(|&l| self.lines[l].targets())
            .collect();
        let first_to = to.paras[0];
        if let Some(&TextRef::Heading(id)) = targets.first() {
            // A section moves whole: its lines are exactly the moved ones.
            let mut own = Vec::new();
            if let Some(s) = self.speech.section(id) {
                section_texts(s, &mut own);
            }
            if own != targets {
                return false;
            }
            let Some(after) = self.section_place(id, first_to, to.paras.last().copied()) else {
                return false;
            };
            let heading = self
                .speech
                .section(id)
                .map(|s| s.heading.clone())
                .unwrap_or_default();
            self.push(to.rev, ChangeKind::MoveSection { id, heading, after });
            return true;
        }
        let paras: Option<Vec<ParaId>> = targets
            .iter()
            .map(|t| match t {
                TextRef::Paragraph(p) => Some(*p),
                _ => None,
            })
            .collect();
        let (Some(paras), Some(after)) = (paras, self.anchor_before(first_to)) else {
            return false;
        };
        if let TextRef::Paragraph(a) = after
            && paras.contains(&a)
        {
            return false;
        }
        let texts = to
            .paras
            .iter()
            .map(|&i| self.returned.paras[i].after().trim().to_owned())
            .collect();
        self.push(
            to.rev,
            ChangeKind::Move {
                paras,
                texts,
                after,
                first_in: None,
            },
        );
        true
    }

    /// Where a section moved to before file paragraph `first` goes: before the section whose
    /// heading comes next at its depth, or after the one whose lines come before.
    fn section_place(
        &self,
        id: SectionId,
        first: usize,
        last: Option<usize>,
    ) -> Option<MoveTarget> {
        let (parent, _) = self.speech.locate_section(id)?;
        let siblings = self.speech.children(parent)?;
        let sibling = |t: TextRef| match t {
            TextRef::Heading(s) if s != id => siblings.iter().position(|x| x.id == s),
            _ => None,
        };
        // The next sibling heading after the moved lines.
        let next = self.next_text.get(last?).copied().flatten()?;
        if let Some(pos) = sibling(next) {
            return Some(if pos == 0 {
                MoveTarget::First(parent)
            } else {
                MoveTarget::After(siblings[pos - 1].id)
            });
        }
        // Else: after the sibling the line before belongs to.
        let before = self.anchor_before(first)?;
        siblings
            .iter()
            .find(|s| s.id != id && section_holds(s, before))
            .map(|s| MoveTarget::After(s.id))
    }

    /// The text changes inside paragraph `i` of the file, on speech line `l`.
    fn paragraph_changes(&mut self, i: usize, l: usize) {
        let p = &self.returned.paras[i];
        let line = &self.lines[l];
        // A whole body paragraph deleted.
        if (p.all(Mark::Deleted) || p.all(Mark::MovedFrom))
            && let [TextRef::Paragraph(para)] = line.targets()[..]
        {
            let rev = p.runs.iter().find_map(|r| r.rev);
            let text = p.before().trim().to_owned();
            self.push(rev, ChangeKind::Delete { para, text });
            return;
        }
        let to_line = self.to_line(i, l);
        let mut pos = 0usize;
        let mut k = 0usize;
        let runs = &p.runs;
        while k < runs.len() {
            if runs[k].mark == Mark::Kept {
                pos += runs[k].text.chars().count();
                k += 1;
                continue;
            }
            // A group of changed runs by one reviewer.
            let rev = runs[k].rev;
            let author = self.rev(rev).0;
            let start = pos;
            let mut old = String::new();
            let mut new = String::new();
            while k < runs.len() && runs[k].mark != Mark::Kept && self.rev(runs[k].rev).0 == author
            {
                if runs[k].mark.before() {
                    old.push_str(&runs[k].text);
                    pos += runs[k].text.chars().count();
                } else {
                    new.push_str(&runs[k].text);
                }
                k += 1;
            }
            self.text_change(rev, line, &to_line, start, &old, new);
        }
    }

    fn text_change(
        &mut self,
        rev: Option<usize>,
        line: &Line,
        to_line: &[Option<usize>],
        start: usize,
        old: &str,
        new: String,
    ) {
        let len = old.chars().count();
        // The speech characters the change covers, through the line.
        let covered: Vec<Option<(TextRef, usize)>> = (start..start + len)
            .map(|i| to_line.get(i).copied().flatten().and_then(|l| line.map[l]))
            .collect();
        // Derived characters (a number) at its start are numbering, and so is a number typed
        // there: the speech numbers its sections itself.
        let derived = covered.iter().take_while(|c| c.is_none()).count();
        let in_number = derived > 0 || (len == 0 && self.at_derived(line, to_line, start));
        let old: String = old.chars().skip(derived).collect();
        let new = if in_number {
            new.trim_start_matches(numbering_char).to_owned()
        } else {
            new
        };
        if in_number && old.is_empty() && new.is_empty() {
            self.note(format!(
                "编号由本稿按顺序生成，审阅者对编号的修改未列入（{}）",
                short(line.text.trim())
            ));
            return;
        }
        let start = start + derived;
        let covered = &covered[derived..];
        let place = if let Some(Some((t, at))) = covered.first() {
            // Every character in one text, in order.
            let whole = covered
                .iter()
                .enumerate()
                .all(|(k, c)| *c == Some((*t, at + k)));
            whole.then_some((*t, *at))
        } else {
            self.insertion_point(line, to_line, start)
        };
        let Some((target, at)) = place else {
            self.note(format!(
                "跨越两段文字或落在已改动处的修订未列入：{}",
                summary_of(&old, &new)
            ));
            return;
        };
        if old.is_empty() && new.is_empty() {
            return;
        }
        let text: Vec<char> = self.speech.text(target).unwrap_or("").chars().collect();
        let (before, after) = neighbours(&text, at, at + old.chars().count());
        self.push(
            rev,
            ChangeKind::Text {
                target,
                at,
                old,
                new,
                before,
                after,
            },
        );
    }

    /// Whether an insertion at `start` stands in the line's derived number.
    fn at_derived(&self, line: &Line, to_line: &[Option<usize>], start: usize) -> bool {
        let l = to_line.get(start).copied().flatten();
        l.is_some_and(|l| line.map[l].is_none())
    }

    /// Where an insertion at `start` (of the file's text) goes in the speech: after the
    /// character before it, or before the one after it.
    fn insertion_point(
        &self,
        line: &Line,
        to_line: &[Option<usize>],
        start: usize,
    ) -> Option<(TextRef, usize)> {
        if start > 0
            && let Some((t, at)) = to_line
                .get(start - 1)
                .copied()
                .flatten()
                .and_then(|l| line.map[l])
        {
            return Some((t, at + 1));
        }
        (start..to_line.len())
            .find_map(|k| to_line[k].and_then(|l| line.map[l]))
            .or_else(|| {
                // An empty text, or the end of a line: the line's last text, at its end.
                let t = line.targets().last().copied()?;
                Some((t, self.speech.text(t)?.chars().count()))
            })
    }

    fn comments(&mut self) {
        let mut by_id: HashMap<String, usize> = HashMap::new();
        let raw: HashMap<&str, usize> = (self.returned.comments.iter().enumerate())
            .map(|(k, c)| (c.id.as_str(), k))
            .collect();
        let mut pending_replies = Vec::new();
        for (k, c) in self.returned.comments.iter().enumerate() {
            if c.parent.is_some() {
                pending_replies.push(k);
                continue;
            }
            by_id.insert(c.id.clone(), self.out.comments.len());
            self.push_comment(c);
        }
        for k in pending_replies {
            let c = &self.returned.comments[k];
            // A reply to a reply joins its thread.
            let mut parent = c.parent.clone();
            let mut hops = 0;
            while let Some(p) = parent.clone() {
                if by_id.contains_key(&p) || hops > 16 {
                    break;
                }
                parent = raw
                    .get(p.as_str())
                    .and_then(|&k| self.returned.comments[k].parent.clone());
                hops += 1;
            }
            match parent.and_then(|p| by_id.get(&p).copied()) {
                Some(at) => self.out.comments[at].replies.push(Reply {
                    author: c.author.clone(),
                    date: c.date.clone(),
                    text: c.text.trim().to_owned(),
                }),
                // Its thread is not in the file: a comment of its own.
                None => self.push_comment(c),
            }
        }
    }

    /// A comment of the file, placed, as a new thread.
    fn push_comment(&mut self, c: &read::RawComment) {
        let (target, at, quote) = self.comment_place(c);
        self.out.comments.push(Comment {
            id: self.next_id,
            author: c.author.clone(),
            date: c.date.clone(),
            text: c.text.trim().to_owned(),
            target,
            at,
            quote,
            replies: Vec::new(),
            resolved: c.done,
        });
        self.next_id += 1;
    }

    /// For each character of paragraph `i` of the file as it read before the review, its place
    /// in speech line `l`: equal but where the drafter has edited since, carried over through
    /// their diff. Made once a paragraph (its changes and comments all use it).
    fn to_line(&self, i: usize, l: usize) -> std::rc::Rc<[Option<usize>]> {
        if let Some(m) = self.to_lines.borrow().get(&i) {
            return m.clone();
        }
        let before: Vec<char> = self.returned.paras[i].before().chars().collect();
        let line: Vec<char> = self.lines[l].text.chars().collect();
        let m: std::rc::Rc<[Option<usize>]> = position_map(&before, &line, self.deadline).into();
        self.to_lines.borrow_mut().insert(i, m.clone());
        m
    }

    /// The text, offset and marked words of a comment.
    fn comment_place(&self, c: &read::RawComment) -> (Option<TextRef>, usize, String) {
        let Some(start) = c.start.or(c.end) else {
            return (None, 0, String::new());
        };
        let p = &self.returned.paras[start.para];
        let before: Vec<char> = p.before().chars().collect();
        let end = match c.end {
            Some(e) if e.para == start.para => e.offset.max(start.offset),
            _ => before.len(),
        };
        let quote: String = before
            .get(start.offset.min(before.len())..end.min(before.len()))
            .map(|s| s.iter().collect())
            .unwrap_or_default();
        let Some(l) = self.matched[start.para] else {
            return (None, 0, quote.trim().to_owned());
        };
        let line = &self.lines[l];
        let to_line = self.to_line(start.para, l);
        let place = to_line
            .get(start.offset)
            .copied()
            .flatten()
            .and_then(|l| line.map[l])
            .or_else(|| self.insertion_point(line, &to_line, start.offset));
        match place {
            Some((t, at)) => (Some(t), at, quote),
            None => (None, 0, quote),
        }
    }

    /// Holds the review to what a drafter can go through: past [`MAX_ITEMS`] changes (or
    /// comments) the rest are not listed, and the list says how many.
    fn bound(&mut self) {
        for (len, what) in [
            (self.out.changes.len(), "修订"),
            (self.out.comments.len(), "批注"),
        ] {
            if len > MAX_ITEMS {
                self.out.left_out.push(format!(
                    "{what}共 {len} 处，超过 {MAX_ITEMS} 处，只列出前 {MAX_ITEMS} 处（这不像一份审阅稿：请核对文件）"
                ));
            }
        }
        self.out.changes.truncate(MAX_ITEMS);
        self.out.comments.truncate(MAX_ITEMS);
        if self.unlisted > 0 {
            self.out.left_out.push(format!(
                "另有 {} 处未列入的内容，不再逐条列出",
                self.unlisted
            ));
        }
    }

    fn left_out(&mut self) {
        let r = self.returned;
        for (&rev, &n) in &r.formatting {
            let who = self.rev(Some(rev)).0;
            self.note(format!(
                "{who} 的 {n} 处格式修改未列入（讲稿只管文字，格式在导出时统一）"
            ));
        }
        for (n, what) in [
            (r.tables, "表格"),
            (r.pictures, "图片"),
            (r.footnotes, "脚注"),
        ] {
            if n > 0 {
                self.note(format!("修改稿中有 {n} 处{what}，讲稿不含{what}，未导入"));
            }
        }
    }
}

/// Where a text (and, given, a range of its characters) is, as the checker names places:
/// `一 第2段 第5–8字`.
pub fn place(speech: &Speech, target: TextRef, chars: Option<std::ops::Range<usize>>) -> String {
    let Some(mut l) = crate::check::location_of(speech, target) else {
        return "（位置已不在稿中）".to_owned();
    };
    match chars {
        Some(r) => {
            l.chars = r;
            l.to_string()
        }
        None => {
            let s = l.to_string();
            s.rsplit_once(" 第")
                .filter(|(_, tail)| tail.ends_with('字'))
                .map_or_else(|| s.clone(), |(head, _)| head.to_owned())
        }
    }
}

/// The characters a change covers (an insertion: the one it goes before), if it is inside a
/// text.
pub fn change_chars(c: &TrackedChange) -> Option<std::ops::Range<usize>> {
    match &c.kind {
        ChangeKind::Text { at, old, .. } => Some(*at..at + old.chars().count().max(1)),
        _ => None,
    }
}

/// Where a change is, for the list.
pub fn change_place(speech: &Speech, c: &TrackedChange) -> String {
    place(speech, c.target(), change_chars(c))
}

/// Where a comment is, for the list.
pub fn comment_place(speech: &Speech, c: &Comment) -> String {
    match c.target {
        Some(t) => place(speech, t, Some(c.at..c.at + c.quote.chars().count().max(1))),
        None => "（位置未找到）".to_owned(),
    }
}

/// For each character of `a`, the same character's place in `b` (where the two agree).
fn position_map(a: &[char], b: &[char], deadline: Instant) -> Vec<Option<usize>> {
    let mut out = vec![None; a.len()];
    if a == b {
        return (0..a.len()).map(Some).collect();
    }
    for op in capture_diff_slices_deadline(Algorithm::Myers, a, b, Some(deadline)) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for k in 0..len {
                out[old_index + k] = Some(new_index + k);
            }
        }
    }
    out
}

/// Whether section `s` holds text `t`.
fn section_holds(s: &crate::doc::model::Section, t: TextRef) -> bool {
    let mut all = Vec::new();
    section_texts(s, &mut all);
    all.contains(&t)
}

/// What a typed number is made of (`三、` `（三）` `3.`).
fn numbering_char(c: char) -> bool {
    marker::is_numeral_char(c) || c.is_ascii_digit() || "、.．，,（）() \u{3000}".contains(c)
}

fn short(s: &str) -> String {
    if s.chars().count() <= 30 {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(28).collect::<String>())
    }
}

fn summary_of(old: &str, new: &str) -> String {
    match (old.is_empty(), new.is_empty()) {
        (true, _) => format!("插入“{}”", short(new)),
        (_, true) => format!("删除“{}”", short(old)),
        _ => format!("“{}”改为“{}”", short(old), short(new)),
    }
}

#[cfg(test)]
mod tests;
