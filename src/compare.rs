//! Comparing two texts of a speech at the level a drafter thinks in: sections matched (by
//! identity when both come from one draft, otherwise by their headings and text), reported as
//! moved or renamed rather than deleted and inserted; paragraphs matched within each section;
//! changes inside a paragraph shown character by character.
//!
//! Cost: a character diff is Myers' O((N + M)·D), quadratic for unlike texts, and matching
//! sections by likeness compares every unmatched pair. So a comparison has a time budget
//! ([`TIME_LIMIT`]): past it every diff settles for what it has (the rest of a text as one
//! change), fuzzy section matching stops, and the comparison says it is [`Comparison::coarse`].
//! The result stays true — every word is shown as kept, added or removed — only less fine.

use std::cell::Cell;
use std::time::{Duration, Instant};

use serde::Serialize;
use similar::{Algorithm, DiffOp, DiffTag, capture_diff_slices_deadline};

use crate::doc::model::{Field, Paragraph, Section, SectionId, Speech};

/// A run of text in a changed text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum Piece {
    Same(String),
    Added(String),
    Removed(String),
}

/// What happened to one paragraph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ParaChange {
    Same { text: String },
    Added { text: String },
    Removed { text: String },
    Changed { pieces: Vec<Piece> },
}

impl ParaChange {
    pub fn is_change(&self) -> bool {
        !matches!(self, ParaChange::Same { .. })
    }
}

/// A field (title, salutation…) that differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub pieces: Vec<Piece>,
}

/// Which part of the speech a [`PartChange`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    Opening,
    Section,
    Closing,
    Appendix,
}

/// One part of the speech (the opening, a section without its subsections, the closing) in
/// the old and the new text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartChange {
    pub kind: PartKind,
    /// The section's numbers down from the top (`三、（二）`) in the old and the new text;
    /// `None` where it is not there.
    pub label_old: Option<String>,
    pub label_new: Option<String>,
    pub heading_old: Option<String>,
    pub heading_new: Option<String>,
    /// The section is in another place (order or parent) in the new text.
    pub moved: bool,
    /// It traded places with a neighbour. Either of the two may be the one the drafter moved
    /// (moving one down is moving the other up): both say so, rather than one being named as
    /// moved by a guess. Only one of the two counts as `moved`.
    pub swapped: bool,
    /// Its heading changed.
    pub renamed: bool,
    /// How the heading changed, character by character (empty unless `renamed`): worked out
    /// once, within the comparison's time budget, not at every frame that shows it.
    pub heading_pieces: Vec<Piece>,
    pub paragraphs: Vec<ParaChange>,
}

impl PartChange {
    pub fn added(&self) -> bool {
        self.heading_old.is_none() && self.kind == PartKind::Section
    }

    pub fn removed(&self) -> bool {
        self.heading_new.is_none() && self.kind == PartKind::Section
    }

    /// Whether anything in the part differs.
    pub fn is_change(&self) -> bool {
        self.added()
            || self.removed()
            || self.moved
            || self.swapped
            || self.renamed
            || self.paragraphs.iter().any(ParaChange::is_change)
    }

    /// The part's name as a drafter reads it: `开头`, `三、加强管理`, with the old form when it
    /// differs.
    pub fn title(&self) -> String {
        match self.kind {
            PartKind::Opening => "开头".into(),
            PartKind::Closing => "结尾".into(),
            PartKind::Appendix => "附件".into(),
            PartKind::Section => {
                let full = |l: &Option<String>, h: &Option<String>| {
                    format!(
                        "{}{}",
                        l.as_deref().unwrap_or(""),
                        h.as_deref().unwrap_or("")
                    )
                };
                let new = full(&self.label_new, &self.heading_new);
                let old = full(&self.label_old, &self.heading_old);
                if self.added() {
                    format!("新增小节 {new}")
                } else if self.removed() {
                    format!("删除小节 {old}")
                } else if new == old {
                    new
                } else if self.heading_old == self.heading_new {
                    // Only the number changed: the section moved, or one before it did.
                    format!("{new}（原 {}）", self.label_old.as_deref().unwrap_or(""))
                } else {
                    format!("{new}（原 {old}）")
                }
            }
        }
    }
    /// What happened to the part, as a drafter reads it: 移动, 改名, 改动 2 段…
    pub fn notes(&self) -> Vec<String> {
        let (c, a, r) = self.counts();
        let mut notes = Vec::new();
        if self.swapped {
            notes.push("与相邻小节对调".to_owned());
        } else if self.moved {
            notes.push("移动".to_owned());
        }
        if self.renamed {
            notes.push("改名".to_owned());
        }
        if !self.added() && !self.removed() {
            for (n, what) in [(c, "改动"), (a, "新增"), (r, "删除")] {
                if n > 0 {
                    notes.push(format!("{what} {n} 段"));
                }
            }
        }
        notes
    }

    /// Counts of paragraphs changed, added and removed.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for p in &self.paragraphs {
            match p {
                ParaChange::Changed { .. } => c.0 += 1,
                ParaChange::Added { .. } => c.1 += 1,
                ParaChange::Removed { .. } => c.2 += 1,
                ParaChange::Same { .. } => {}
            }
        }
        c
    }
}

/// The comparison of two texts of a speech.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub old_name: String,
    pub new_name: String,
    /// Sections and paragraphs were matched by their ids (both texts come from one draft).
    pub by_identity: bool,
    pub fields: Vec<FieldChange>,
    /// Every part, in the new text's order; removed sections where they stood.
    pub parts: Vec<PartChange>,
    /// Numbering styles changed (`一是` → `一要`), which changes labels but no words.
    pub numbering_changed: bool,
    /// The texts were too unlike to compare finely within [`TIME_LIMIT`]: sections were matched
    /// by heading only and changed text may be shown as one removal and one addition.
    pub coarse: bool,
}

/// How long a comparison may take before it settles for a coarser result. Two unlike 1 MB
/// speeches would otherwise take minutes.
pub const TIME_LIMIT: Duration = Duration::from_millis(1500);

/// The time left to a comparison, and whether any step ran out of it.
struct Budget {
    deadline: Instant,
    ran_out: Cell<bool>,
}

impl Budget {
    fn new(limit: Duration) -> Self {
        Budget {
            deadline: Instant::now() + limit,
            ran_out: Cell::new(false),
        }
    }

    /// Whether the time is up (and from now on the result is coarse).
    fn over(&self) -> bool {
        let over = Instant::now() >= self.deadline;
        if over {
            self.ran_out.set(true);
        }
        over
    }

    /// Myers' diff, cut short at the deadline (what is left is then one change).
    fn diff<T: Eq + std::hash::Hash + Ord>(&self, a: &[T], b: &[T]) -> Vec<DiffOp> {
        let ops = capture_diff_slices_deadline(Algorithm::Myers, a, b, Some(self.deadline));
        self.over();
        ops
    }
}

/// Totals of a comparison.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub fields: usize,
    pub paragraphs_changed: usize,
    pub paragraphs_added: usize,
    pub paragraphs_removed: usize,
    pub sections_moved: usize,
    pub sections_renamed: usize,
    pub sections_added: usize,
    pub sections_removed: usize,
}

impl Totals {
    /// `共 3 处修改：改动 2 段，…`: the line every form of a comparison opens with.
    pub fn summary(&self) -> String {
        format!(
            "共 {} 处修改：改动 {} 段，新增 {} 段，删除 {} 段；小节移动 {} 个、改名 {} 个、新增 {} 个、删除 {} 个{}",
            self.all(),
            self.paragraphs_changed,
            self.paragraphs_added,
            self.paragraphs_removed,
            self.sections_moved,
            self.sections_renamed,
            self.sections_added,
            self.sections_removed,
            if self.fields > 0 {
                format!("；标题等 {} 项", self.fields)
            } else {
                String::new()
            }
        )
    }

    /// Every change counted once.
    pub fn all(&self) -> usize {
        self.fields
            + self.paragraphs_changed
            + self.paragraphs_added
            + self.paragraphs_removed
            + self.sections_moved
            + self.sections_renamed
            + self.sections_added
            + self.sections_removed
    }
}

impl Comparison {
    pub fn totals(&self) -> Totals {
        let mut t = Totals {
            fields: self.fields.len(),
            ..Totals::default()
        };
        for p in &self.parts {
            // An added or removed section counts once, not once per paragraph in it.
            if !p.added() && !p.removed() {
                let (c, a, r) = p.counts();
                t.paragraphs_changed += c;
                t.paragraphs_added += a;
                t.paragraphs_removed += r;
            }
            t.sections_moved += usize::from(p.moved);
            t.sections_renamed += usize::from(p.renamed);
            t.sections_added += usize::from(p.added());
            t.sections_removed += usize::from(p.removed());
        }
        t
    }

    /// Whether the two texts say the same thing in the same order.
    pub fn is_equal(&self) -> bool {
        self.totals().all() == 0 && !self.numbering_changed
    }

    /// The comparison as a plain-text 修改对照: deleted text in `[-…-]`, added text in `{+…+}`.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "修改对照\n原稿：{}\n新稿：{}\n标记：[-删去的文字-]　{{+新增的文字+}}\n\n",
            self.old_name, self.new_name
        );
        let t = self.totals();
        if self.is_equal() {
            out.push_str("两稿相同。\n");
            return out;
        }
        out.push_str(&format!("{}。\n", t.summary()));
        if self.coarse {
            out.push_str(COARSE_NOTE);
            out.push('\n');
        }
        if self.numbering_changed {
            out.push_str("编号方式有改动（序号随之变化，文字未变）。\n");
        }
        for f in &self.fields {
            out.push_str(&format!("\n{}：{}\n", f.field, marked(&f.pieces)));
        }
        for part in self.parts.iter().filter(|p| p.is_change()) {
            let notes = part.notes();
            out.push_str(&format!("\n〔{}〕", part.title()));
            if !notes.is_empty() {
                out.push_str(&format!(" {}", notes.join("，")));
            }
            out.push('\n');
            if part.renamed {
                out.push_str(&format!("  标题：{}\n", marked(&part.heading_pieces)));
            }
            let mut number = 0;
            for p in &part.paragraphs {
                if !matches!(p, ParaChange::Removed { .. }) {
                    number += 1;
                }
                match p {
                    ParaChange::Same { .. } => {}
                    ParaChange::Changed { pieces } => {
                        out.push_str(&format!("  第 {number} 段：{}\n", marked(pieces)));
                    }
                    ParaChange::Added { text } => {
                        out.push_str(&format!("  第 {number} 段（新增）：{{+{text}+}}\n"));
                    }
                    ParaChange::Removed { text } => {
                        out.push_str(&format!("  删去一段：[-{text}-]\n"));
                    }
                }
            }
        }
        out
    }
}

/// What a coarse comparison says of itself.
pub const COARSE_NOTE: &str =
    "两稿差异很大，未能在限定时间内逐字比完：小节只按标题对应，部分改动整段标为删去和新增。";

/// Pieces written with `[-…-]` and `{+…+}` marks.
pub fn marked(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Same(s) => out.push_str(s),
            Piece::Added(s) => out.push_str(&format!("{{+{s}+}}")),
            Piece::Removed(s) => out.push_str(&format!("[-{s}-]")),
        }
    }
    out
}

/// The character-level difference of two texts. A one-character change is that one
/// character; runs of change separated by a single unchanged character are read as one change,
/// which is how a rewritten phrase reads.
pub fn char_diff(old: &str, new: &str) -> Vec<Piece> {
    char_diff_within(old, new, &Budget::new(TIME_LIMIT))
}

fn char_diff_within(old: &str, new: &str, budget: &Budget) -> Vec<Piece> {
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let mut raw: Vec<Piece> = Vec::new();
    let text = |cs: &[char]| cs.iter().collect::<String>();
    for op in budget.diff(&a, &b) {
        let (tag, old, new) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => raw.push(Piece::Same(text(&a[old]))),
            DiffTag::Delete => raw.push(Piece::Removed(text(&a[old]))),
            DiffTag::Insert => raw.push(Piece::Added(text(&b[new]))),
            DiffTag::Replace => {
                raw.push(Piece::Removed(text(&a[old])));
                raw.push(Piece::Added(text(&b[new])));
            }
        }
    }
    // A single unchanged character between two changes joins them.
    let is_change = |p: Option<&Piece>| matches!(p, Some(Piece::Added(_) | Piece::Removed(_)));
    let mut joined: Vec<Piece> = Vec::new();
    for (i, p) in raw.iter().enumerate() {
        match p {
            Piece::Same(s)
                if s.chars().count() == 1
                    && is_change(raw.get(i.wrapping_sub(1)))
                    && is_change(raw.get(i + 1)) =>
            {
                joined.push(Piece::Removed(s.clone()));
                joined.push(Piece::Added(s.clone()));
            }
            _ => joined.push(p.clone()),
        }
    }
    // Adjacent changes as one removal followed by one addition.
    let mut out: Vec<Piece> = Vec::new();
    let mut removed = String::new();
    let mut added = String::new();
    let flush = |out: &mut Vec<Piece>, removed: &mut String, added: &mut String| {
        if !removed.is_empty() {
            out.push(Piece::Removed(std::mem::take(removed)));
        }
        if !added.is_empty() {
            out.push(Piece::Added(std::mem::take(added)));
        }
    };
    for p in joined {
        match p {
            Piece::Removed(s) => removed.push_str(&s),
            Piece::Added(s) => added.push_str(&s),
            Piece::Same(s) => {
                flush(&mut out, &mut removed, &mut added);
                match out.last_mut() {
                    Some(Piece::Same(prev)) => prev.push_str(&s),
                    _ => out.push(Piece::Same(s)),
                }
            }
        }
    }
    flush(&mut out, &mut removed, &mut added);
    out
}

/// [`likeness`] with a deadline of its caller's: how alike two texts are, 0 to 1.
pub fn likeness_until(a: &str, b: &str, deadline: Instant) -> f64 {
    let budget = Budget {
        deadline,
        ran_out: Cell::new(false),
    };
    likeness(a, b, &budget)
}

/// How alike two texts are, 0 to 1 (shared characters in order over their average length).
/// Past the budget's deadline it is a lower bound (the shared prefix and suffix).
fn likeness(a: &str, b: &str, budget: &Budget) -> f64 {
    if a == b {
        return 1.0;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let same: usize = budget
        .diff(&a, &b)
        .iter()
        .map(|op| match op {
            DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum();
    2.0 * same as f64 / (a.len() + b.len()) as f64
}

/// Paragraphs this alike are one paragraph changed rather than one removed and one added.
const SAME_PARAGRAPH: f64 = 0.4;

/// A section flattened out of the tree.
struct Flat<'a> {
    id: SectionId,
    parent: Option<usize>,
    path: String,
    section: &'a Section,
}

fn flatten(speech: &Speech) -> Vec<Flat<'_>> {
    let mut out: Vec<Flat> = Vec::new();
    // (index in `out`, path) of the open ancestors by depth.
    let mut stack: Vec<(usize, String)> = Vec::new();
    crate::doc::numbering::walk_labelled(speech, &mut |depth, label, section| {
        stack.truncate(depth);
        let parent = stack.last().map(|(i, _)| *i);
        let path = format!("{}{label}", stack.last().map_or("", |(_, p)| p.as_str()));
        out.push(Flat {
            id: section.id,
            parent,
            path: path.clone(),
            section,
        });
        stack.push((out.len() - 1, path));
    });
    out
}

/// Whether two drafts share their ids' meaning: most paragraphs present in both under one id
/// say the same (a draft and its versions, or a draft saved as another).
fn same_lineage(old: &Speech, new: &Speech, budget: &Budget) -> bool {
    let mut texts = std::collections::HashMap::new();
    old.for_each_text(&mut |r, t| {
        texts.insert(r, t);
    });
    let (mut shared, mut alike) = (0usize, 0usize);
    new.for_each_text(&mut |r, t| {
        if matches!(r, crate::doc::model::TextRef::Field(_)) {
            return;
        }
        if let Some(o) = texts.get(&r) {
            shared += 1;
            alike += usize::from(likeness(o, t, budget) >= SAME_PARAGRAPH);
        }
    });
    shared > 0 && alike * 2 >= shared
}

/// Compares two texts of a speech. `old_name` and `new_name` name them in the report.
pub fn compare(old: &Speech, new: &Speech, old_name: &str, new_name: &str) -> Comparison {
    compare_within(old, new, old_name, new_name, TIME_LIMIT)
}

/// [`compare`] with another time budget (zero: as coarse as it gets, for tests).
pub fn compare_within(
    old: &Speech,
    new: &Speech,
    old_name: &str,
    new_name: &str,
    limit: Duration,
) -> Comparison {
    let budget = Budget::new(limit);
    let by_identity = same_lineage(old, new, &budget);
    let fields = Field::ALL
        .iter()
        .filter_map(|f| {
            let (a, b) = (old.field(*f), new.field(*f));
            (a != b).then(|| FieldChange {
                field: f.label(),
                pieces: char_diff_within(a, b, &budget),
            })
        })
        .collect();
    let fo = flatten(old);
    let fnew = flatten(new);
    let pairs = match_sections(&fo, &fnew, by_identity, &budget);
    // old index → new index
    let mut to_new: Vec<Option<usize>> = vec![None; fo.len()];
    let mut to_old: Vec<Option<usize>> = vec![None; fnew.len()];
    for &(o, n) in &pairs {
        to_new[o] = Some(n);
        to_old[n] = Some(o);
    }
    // Moved: under another parent, or out of the longest run of siblings kept in order. A
    // section that moves with its parent has not moved.
    let mut groups: std::collections::HashMap<Option<usize>, Vec<(usize, usize)>> =
        std::collections::HashMap::new();
    // Sections that came from another parent moved for that reason; they must not push a
    // section that stayed out of its siblings' kept order.
    let parent_moved = |o: usize, n: usize| fo[o].parent.and_then(|p| to_new[p]) != fnew[n].parent;
    for &(o, n) in &pairs {
        if !parent_moved(o, n) {
            groups.entry(fnew[n].parent).or_default().push((o, n));
        }
    }
    let kept: std::collections::HashSet<(usize, usize)> =
        groups.values().flat_map(|g| longest_in_order(g)).collect();
    let swapped: std::collections::HashSet<(usize, usize)> =
        groups.values().flat_map(|g| swaps(g, &kept)).collect();
    let fixed = |kind, paragraphs| PartChange {
        kind,
        label_old: None,
        label_new: None,
        heading_old: None,
        heading_new: None,
        moved: false,
        swapped: false,
        renamed: false,
        heading_pieces: Vec::new(),
        paragraphs,
    };
    let mut parts = vec![fixed(
        PartKind::Opening,
        paragraphs(&old.opening, &new.opening, by_identity, &budget),
    )];
    // Removed sections go after the matched section that preceded them in the old text.
    let mut removed_after: Vec<Vec<usize>> = vec![Vec::new(); fnew.len() + 1];
    let mut anchor = 0; // 0: before every new section; k + 1: after new section k
    for (o, n) in to_new.iter().enumerate() {
        match n {
            Some(n) => anchor = n + 1,
            None => removed_after[anchor].push(o),
        }
    }
    let removed_part = |o: usize| whole_section(&fo[o], false);
    parts.extend(removed_after[0].iter().map(|&o| removed_part(o)));
    for (n, f) in fnew.iter().enumerate() {
        let part = match to_old[n] {
            Some(o) => {
                let g = &fo[o];
                PartChange {
                    kind: PartKind::Section,
                    label_old: Some(g.path.clone()),
                    label_new: Some(f.path.clone()),
                    heading_old: Some(g.section.heading.clone()),
                    heading_new: Some(f.section.heading.clone()),
                    moved: parent_moved(o, n) || !kept.contains(&(o, n)),
                    swapped: swapped.contains(&(o, n)),
                    renamed: g.section.heading != f.section.heading,
                    heading_pieces: if g.section.heading == f.section.heading {
                        Vec::new()
                    } else {
                        char_diff_within(&g.section.heading, &f.section.heading, &budget)
                    },
                    paragraphs: paragraphs(
                        &g.section.paragraphs,
                        &f.section.paragraphs,
                        by_identity,
                        &budget,
                    ),
                }
            }
            None => whole_section(f, true),
        };
        parts.push(part);
        parts.extend(removed_after[n + 1].iter().map(|&o| removed_part(o)));
    }
    parts.push(fixed(
        PartKind::Closing,
        paragraphs(&old.closing, &new.closing, by_identity, &budget),
    ));
    if !old.appendix.is_empty() || !new.appendix.is_empty() {
        parts.push(fixed(
            PartKind::Appendix,
            paragraphs(&old.appendix, &new.appendix, by_identity, &budget),
        ));
    }
    // Labels that differ with no move or rename: a numbering style changed.
    let numbering_changed = old.numbering != new.numbering
        || pairs.iter().any(|&(o, n)| {
            fo[o].section.child_numbering != fnew[n].section.child_numbering
                && !fo[o].section.children.is_empty()
        });
    Comparison {
        old_name: old_name.to_owned(),
        new_name: new_name.to_owned(),
        by_identity,
        fields,
        parts,
        numbering_changed,
        coarse: budget.ran_out.get(),
    }
}

/// A section only one side has: every paragraph added (`added`) or removed.
fn whole_section(f: &Flat, added: bool) -> PartChange {
    let (label, heading) = (Some(f.path.clone()), Some(f.section.heading.clone()));
    let paragraphs = f
        .section
        .paragraphs
        .iter()
        .map(|p| {
            let text = p.text.clone();
            if added {
                ParaChange::Added { text }
            } else {
                ParaChange::Removed { text }
            }
        })
        .collect();
    let (label_old, label_new, heading_old, heading_new) = if added {
        (None, label, None, heading)
    } else {
        (label, None, heading, None)
    };
    PartChange {
        kind: PartKind::Section,
        label_old,
        label_new,
        heading_old,
        heading_new,
        moved: false,
        swapped: false,
        renamed: false,
        heading_pieces: Vec::new(),
        paragraphs,
    }
}

/// Pairs (old index, new index) of the same section.
/// Linear in the sections for identical headings; the likeness of every other pair is
/// compared until the budget runs out.
fn match_sections(
    old: &[Flat],
    new: &[Flat],
    by_identity: bool,
    budget: &Budget,
) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    if by_identity {
        let index: std::collections::HashMap<SectionId, usize> =
            new.iter().enumerate().map(|(i, f)| (f.id, i)).collect();
        for (o, f) in old.iter().enumerate() {
            if let Some(&n) = index.get(&f.id) {
                pairs.push((o, n));
            }
        }
        return pairs;
    }
    let mut used_new = vec![false; new.len()];
    let mut used_old = vec![false; old.len()];
    // Same heading: the same section (the first unused one of that heading, in order).
    let mut by_heading: std::collections::HashMap<&str, std::collections::VecDeque<usize>> =
        std::collections::HashMap::new();
    for (n, g) in new.iter().enumerate() {
        by_heading
            .entry(g.section.heading.trim())
            .or_default()
            .push_back(n);
    }
    for (o, f) in old.iter().enumerate() {
        if let Some(n) = by_heading
            .get_mut(f.section.heading.trim())
            .and_then(|q| q.pop_front())
        {
            used_new[n] = true;
            used_old[o] = true;
            pairs.push((o, n));
        }
    }
    // Otherwise the most alike heading or text, if alike enough.
    let body = |f: &Flat| {
        f.section
            .paragraphs
            .iter()
            .map(|p| p.text.as_str())
            .collect::<String>()
    };
    let bodies_old: Vec<String> = old.iter().map(body).collect();
    let bodies_new: Vec<String> = new.iter().map(body).collect();
    // Texts whose lengths differ this much cannot reach the score: no diff needed.
    let may_reach = |a: &str, b: &str| {
        let (x, y) = (a.chars().count(), b.chars().count());
        x.min(y) * 3 >= x.max(y)
    };
    let mut candidates = Vec::new();
    'pairs: for (o, f) in old.iter().enumerate().filter(|(o, _)| !used_old[*o]) {
        for (n, g) in new.iter().enumerate().filter(|(n, _)| !used_new[*n]) {
            if budget.over() {
                break 'pairs;
            }
            let (ha, hb) = (&f.section.heading, &g.section.heading);
            let heading = if may_reach(ha, hb) {
                likeness(ha, hb, budget)
            } else {
                0.0
            };
            let text = if may_reach(&bodies_old[o], &bodies_new[n]) {
                likeness(&bodies_old[o], &bodies_new[n], budget)
            } else {
                0.0
            };
            let score = heading.max(text);
            if score >= 0.5 {
                candidates.push((score, o, n));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, o, n) in candidates {
        if !used_old[o] && !used_new[n] {
            used_old[o] = true;
            used_new[n] = true;
            pairs.push((o, n));
        }
    }
    pairs.sort_unstable();
    pairs
}

/// The pairs of siblings that traded places (neighbours in both texts, in the other order),
/// one moved and one kept: which of the two was moved cannot be told from the texts. A
/// section in two such pairs (three reversed) is in none: that is more than a swap.
fn swaps(
    pairs: &[(usize, usize)],
    kept: &std::collections::HashSet<(usize, usize)>,
) -> Vec<(usize, usize)> {
    let mut by_old = pairs.to_vec();
    by_old.sort_unstable();
    let old_rank: std::collections::HashMap<(usize, usize), usize> =
        by_old.iter().enumerate().map(|(r, p)| (*p, r)).collect();
    let mut by_new = pairs.to_vec();
    by_new.sort_unstable_by_key(|p| p.1);
    let candidates: Vec<[(usize, usize); 2]> = by_new
        .windows(2)
        .filter(|w| old_rank[&w[0]] == old_rank[&w[1]] + 1)
        .map(|w| [w[0], w[1]])
        .collect();
    let mut count: std::collections::HashMap<(usize, usize), usize> =
        std::collections::HashMap::new();
    for p in candidates.iter().flatten() {
        *count.entry(*p).or_default() += 1;
    }
    candidates
        .into_iter()
        .filter(|[a, b]| count[a] == 1 && count[b] == 1 && kept.contains(a) != kept.contains(b))
        .flatten()
        .collect()
}

/// The largest set of pairs whose old order agrees with their new order (a longest increasing
/// subsequence); the other pairs moved.
fn longest_in_order(pairs: &[(usize, usize)]) -> std::collections::HashSet<(usize, usize)> {
    let mut by_new: Vec<(usize, usize)> = pairs.to_vec();
    by_new.sort_by_key(|p| p.1);
    // Patience: tails[k] is the index in by_new ending the best run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; by_new.len()];
    for i in 0..by_new.len() {
        let old = by_new[i].0;
        let k = tails.partition_point(|&t| by_new[t].0 < old);
        prev[i] = k.checked_sub(1).map(|j| tails[j]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut out = std::collections::HashSet::new();
    let mut at = tails.last().copied();
    while let Some(i) = at {
        out.insert(by_new[i]);
        at = prev[i];
    }
    out
}

/// The paragraph changes between two lists of paragraphs.
fn paragraphs(
    old: &[Paragraph],
    new: &[Paragraph],
    by_identity: bool,
    budget: &Budget,
) -> Vec<ParaChange> {
    let keys = |ps: &[Paragraph]| -> Vec<String> {
        ps.iter()
            .map(|p| {
                if by_identity {
                    p.id.0.to_string()
                } else {
                    p.text.clone()
                }
            })
            .collect()
    };
    let (ka, kb) = (keys(old), keys(new));
    let mut out = Vec::new();
    let pair = |out: &mut Vec<ParaChange>, a: &Paragraph, b: &Paragraph| {
        out.push(if a.text == b.text {
            ParaChange::Same {
                text: b.text.clone(),
            }
        } else {
            ParaChange::Changed {
                pieces: char_diff_within(&a.text, &b.text, budget),
            }
        });
    };
    for op in budget.diff(&ka, &kb) {
        let (tag, o, n) = op.as_tag_tuple();
        let (a, b) = (&old[o], &new[n]);
        match tag {
            DiffTag::Equal => {
                for (x, y) in a.iter().zip(b) {
                    pair(&mut out, x, y);
                }
            }
            DiffTag::Delete => out.extend(a.iter().map(|p| ParaChange::Removed {
                text: p.text.clone(),
            })),
            DiffTag::Insert => out.extend(b.iter().map(|p| ParaChange::Added {
                text: p.text.clone(),
            })),
            DiffTag::Replace => {
                for k in 0..a.len().max(b.len()) {
                    match (a.get(k), b.get(k)) {
                        (Some(x), Some(y))
                            if likeness(&x.text, &y.text, budget) >= SAME_PARAGRAPH =>
                        {
                            pair(&mut out, x, y);
                        }
                        (x, y) => {
                            if let Some(x) = x {
                                out.push(ParaChange::Removed {
                                    text: x.text.clone(),
                                });
                            }
                            if let Some(y) = y {
                                out.push(ParaChange::Added {
                                    text: y.text.clone(),
                                });
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
