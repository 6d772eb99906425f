//! Data derived from the speech for the shell: findings, counts, the tree's rows, the
//! editor's manuscript lines, and the incremental patch that keeps them current while typing
//! without rescanning a long speech. No egui here: it is tested on its own.

use std::collections::HashMap;

use crate::check::{self, Finding};
use crate::doc::blocks;
use crate::doc::history::{Applied, Change};
use crate::doc::model::{ParaId, SectionId, Speech, TextRef};
use crate::doc::numbering;
use crate::doc::stats::{self, Stats};

/// One row of the tree, built from the speech before anything is drawn.
pub struct TreeRow {
    pub id: SectionId,
    pub depth: usize,
    /// `二、强化真抓实做…` — the derived number and the heading.
    pub text: String,
    pub han: usize,
    pub findings: usize,
}

/// Builds the rows of the tree (once per document revision).
pub fn tree_rows(
    speech: &crate::doc::model::Speech,
    per_section: &std::collections::HashMap<SectionId, usize>,
) -> Vec<TreeRow> {
    let mut rows = Vec::new();
    numbering::walk_labelled(speech, &mut |depth, label, s| {
        rows.push(TreeRow {
            id: s.id,
            depth,
            text: format_row(label, &s.heading),
            han: stats::section_han(s),
            findings: per_section.get(&s.id).copied().unwrap_or(0),
        });
    });
    rows
}

pub fn format_row(label: &str, heading: &str) -> String {
    if heading.is_empty() {
        format!("{label}（无标题）")
    } else {
        format!("{label}{heading}")
    }
}

/// The row text of one section in its current position.
pub fn row_text(speech: &crate::doc::model::Speech, id: SectionId) -> String {
    let label = numbering::section_label(speech, id).unwrap_or_default();
    let heading = speech.section(id).map_or("", |s| s.heading.as_str());
    format_row(&label, heading)
}

/// Derived data, recomputed when the document's revision changes.
#[derive(Default)]
pub struct Derived {
    pub revision: Option<u64>,
    pub findings: Vec<Finding>,
    pub stats: Option<Stats>,
    /// The section each paragraph belongs to.
    pub para_section: HashMap<ParaId, SectionId>,
    /// The rows of the section tree.
    pub tree: Vec<TreeRow>,
    /// The editor's lines (rebuilt when the structure changes; typing keeps them).
    pub manuscript: crate::doc::manuscript::Manuscript,
    /// Where each section's row is in `tree`.
    pub tree_index: HashMap<SectionId, usize>,
    /// Document order of every text, to keep findings in order on incremental updates.
    pub order: HashMap<TextRef, usize>,
    /// The findings were made before the proofreader's tables were built, without typos.
    pub words_pending: bool,
    /// The names of people the speech writes: a text's name findings depend on the others'.
    pub names: check::proof::names::Census,
}

impl Derived {
    /// Computes everything from the speech.
    pub fn compute(speech: &Speech, revision: u64, user: &check::UserLists) -> Derived {
        let words_pending = user.words_when_ready && !check::proof::ready();
        let names = check::census(speech);
        let findings = check::check_named(speech, user, &names);
        let mut para_section = HashMap::new();
        speech.walk_sections(&mut |_, s| {
            for p in &s.paragraphs {
                para_section.insert(p.id, s.id);
            }
        });
        let mut per_section: HashMap<SectionId, usize> = HashMap::new();
        for f in &findings {
            let section = match f.location.target {
                Some(TextRef::Heading(id)) => Some(id),
                Some(TextRef::Paragraph(p)) => para_section.get(&p).copied(),
                _ => None,
            };
            if let Some(id) = section {
                *per_section.entry(id).or_default() += 1;
            }
        }
        let tree = tree_rows(speech, &per_section);
        let tree_index = tree.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let mut order = HashMap::new();
        speech.for_each_text(&mut |t, _| {
            let n = order.len();
            order.insert(t, n);
        });
        Derived {
            revision: Some(revision),
            stats: Some(stats::stats(speech)),
            findings,
            para_section,
            manuscript: crate::doc::manuscript::Manuscript::new(speech),
            tree,
            tree_index,
            order,
            words_pending,
            names,
        }
    }

    /// Brings the derived data up to date after one step of the document, from the step's own
    /// description: a text edit on data that was current before it is patched in (a keystroke
    /// stays cheap on a long speech); anything else is recomputed. Returns whether it was
    /// patched.
    pub fn update(&mut self, speech: &Speech, step: &Applied, user: &check::UserLists) -> bool {
        if self.revision == Some(step.to) {
            return false;
        }
        if let Change::Text { target, before } = &step.change
            && self.revision == Some(step.from)
            && self.patch(speech, *target, before, step.to, user)
        {
            return true;
        }
        *self = Derived::compute(speech, step.to, user);
        false
    }

    /// Updates the derived data for one changed text, which read `before`, without rescanning
    /// the speech. Returns false when a full recompute is needed.
    fn patch(
        &mut self,
        speech: &Speech,
        target: TextRef,
        before: &str,
        revision: u64,
        user: &check::UserLists,
    ) -> bool {
        let old_han = stats::han_count(before);
        let d = self;
        let Some(&ord) = d.order.get(&target) else {
            return false;
        };
        let order_of = |f: &Finding| f.location.target.and_then(|t| d.order.get(&t).copied());
        let start = d.findings.partition_point(|f| order_of(f) < Some(ord));
        let end = start
            + d.findings[start..]
                .iter()
                .take_while(|f| f.location.target == Some(target))
                .count();
        if target == TextRef::Field(crate::doc::model::Field::Title) {
            // The title sets the speech's level, which every text's findings depend on.
            return false;
        }
        if let TextRef::Heading(_) = target {
            // A lead ending in `；` sets its whole list as clauses: the lines' look changes.
            let now = speech.text(target).unwrap_or_default();
            if blocks::ends_in_clause_mark(before) != blocks::ends_in_clause_mark(now) {
                return false;
            }
        }
        // A name written, changed or removed can flag or clear a name in another text.
        if check::census(speech) != d.names {
            return false;
        }
        let new = check::check_one(speech, target, user, &d.names);
        let delta_findings = new.len() as isize - (end - start) as isize;
        d.findings.splice(start..end, new);
        let text = speech.text(target).unwrap_or_default();
        let new_han = stats::han_count(text);
        if stats::is_spoken(target)
            && let Some(st) = &mut d.stats
        {
            st.han = st.han + new_han - old_han.min(st.han);
        }
        let section = match target {
            TextRef::Heading(id) => Some(id),
            TextRef::Paragraph(p) => d.para_section.get(&p).copied(),
            TextRef::Field(_) => None,
        };
        if let Some(id) = section {
            if let Some(&i) = d.tree_index.get(&id) {
                let row = &mut d.tree[i];
                row.findings = row.findings.saturating_add_signed(delta_findings);
                if let TextRef::Heading(_) = target {
                    row.text = row_text(speech, id);
                }
            }
            // A section's count includes its sub-sections: walk up through the ancestors.
            let mut current = Some(id);
            while let Some(sid) = current {
                if let Some(&i) = d.tree_index.get(&sid) {
                    let row = &mut d.tree[i];
                    row.han = row.han + new_han - old_han.min(row.han);
                }
                current = speech.locate_section(sid).and_then(|(parent, _)| parent);
            }
        }
        d.revision = Some(revision);
        true
    }

    /// Compares this (possibly patched) data with a fresh computation.
    pub fn verify(
        &self,
        speech: &Speech,
        revision: u64,
        user: &check::UserLists,
    ) -> Result<(), String> {
        let fresh = Derived::compute(speech, revision, user);
        if fresh.findings != self.findings {
            return Err(format!(
                "findings differ: cached {}, fresh {}",
                self.findings.len(),
                fresh.findings.len()
            ));
        }
        if fresh.stats != self.stats {
            return Err("stats differ".into());
        }
        let row = |r: &TreeRow| (r.id, r.depth, r.text.clone(), r.han, r.findings);
        let cached: Vec<_> = self.tree.iter().map(row).collect();
        let again: Vec<_> = fresh.tree.iter().map(row).collect();
        if cached != again {
            return Err(format!("tree rows differ: {cached:?} vs {again:?}"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::edit::Edit;
    use crate::doc::history::Document;
    use crate::doc::model::Field;

    fn sample() -> Speech {
        crate::store::draft::from_str(
            include_str!("../assets/sample-speech.ron"),
            std::path::Path::new("sample-speech.ron"),
        )
        .unwrap()
    }

    /// Types `text` into `target` the way the shell does: apply, then update the derived data
    /// from the step. Returns whether it was patched rather than recomputed.
    fn type_into(doc: &mut Document, d: &mut Derived, target: TextRef, text: &str) -> bool {
        let step = doc
            .apply(Edit::SetText {
                target,
                text: text.to_owned(),
            })
            .unwrap();
        d.update(doc.speech(), &step, &check::UserLists::default())
    }

    #[test]
    fn patching_while_typing_equals_recomputing() {
        let mut doc = Document::new(sample());
        let mut d = Derived::compute(doc.speech(), doc.revision(), &check::UserLists::default());
        let s = doc.speech().clone();
        let heading = TextRef::Heading(s.sections[1].id);
        let para = TextRef::Paragraph(s.sections[0].children[0].paragraphs[0].id);
        let opening = TextRef::Paragraph(s.opening[0].id);
        // Fill a blank, add a finding (a half-width comma), rename a heading, empty a paragraph.
        // (Not with a name: a name written changes the census of names, a full recompute.)
        let filled = s.text(opening).unwrap().replacen('*', "十", 1);
        assert!(type_into(&mut doc, &mut d, opening, &filled));
        d.verify(doc.speech(), doc.revision(), &check::UserLists::default())
            .unwrap();
        let with_comma = format!("{},新增一句。", s.text(para).unwrap());
        assert!(type_into(&mut doc, &mut d, para, &with_comma));
        d.verify(doc.speech(), doc.revision(), &check::UserLists::default())
            .unwrap();
        assert!(type_into(
            &mut doc,
            &mut d,
            heading,
            "强化真抓实做，在打造高地上见实效"
        ));
        d.verify(doc.speech(), doc.revision(), &check::UserLists::default())
            .unwrap();
        assert!(type_into(&mut doc, &mut d, para, ""));
        d.verify(doc.speech(), doc.revision(), &check::UserLists::default())
            .unwrap();
        assert_eq!(d.revision, Some(doc.revision()));
    }

    #[test]
    fn a_name_written_two_ways_is_found_after_typing_and_cleared_after_undoing() {
        let mut speech = sample();
        speech.opening[0].text = "张三同志讲得很好，请张三同志牵头。".into();
        let p = speech.new_paragraph("由张三同志负责。".into());
        let target = TextRef::Paragraph(p.id);
        speech.opening.push(p);
        let mut doc = Document::new(speech);
        let user = check::UserLists::default();
        let mut d = Derived::compute(doc.speech(), doc.revision(), &user);
        let variants = |d: &Derived| {
            d.findings
                .iter()
                .filter(|f| f.rule == check::proof::names::NAME_VARIANT)
                .count()
        };
        assert_eq!(variants(&d), 0);
        // The name changed: a full recompute, and the finding is there.
        assert!(!type_into(&mut doc, &mut d, target, "由张山同志负责。"));
        assert_eq!(variants(&d), 1);
        d.verify(doc.speech(), doc.revision(), &user).unwrap();
        // Typing elsewhere in that text patches, and keeps the finding in place.
        assert!(type_into(&mut doc, &mut d, target, "由张山同志负责落实。"));
        d.verify(doc.speech(), doc.revision(), &user).unwrap();
        assert!(!type_into(&mut doc, &mut d, target, "由张三同志负责落实。"));
        assert_eq!(variants(&d), 0);
    }

    #[test]
    fn the_title_sets_the_level_so_it_is_recomputed() {
        let mut doc = Document::new(sample());
        let mut d = Derived::compute(doc.speech(), doc.revision(), &check::UserLists::default());
        let title = TextRef::Field(Field::Title);
        assert!(!type_into(
            &mut doc,
            &mut d,
            title,
            "在全区科技创新工作上的讲话"
        ));
        d.verify(doc.speech(), doc.revision(), &check::UserLists::default())
            .unwrap();
    }

    #[test]
    fn rows_follow_the_speech() {
        let s = sample();
        let d = Derived::compute(&s, 0, &check::UserLists::default());
        let mut sections = 0;
        s.walk_sections(&mut |_, _| sections += 1);
        assert_eq!(d.tree.len(), sections);
        assert_eq!(
            d.tree[0].text,
            "一、强化真抓实干，在深入实施创新驱动战略上强担当"
        );
        assert_eq!(d.tree[0].findings, 3);
        let headings = d
            .manuscript
            .lines
            .iter()
            .filter(|l| {
                matches!(
                    l.role,
                    crate::doc::manuscript::Role::Heading { .. }
                        | crate::doc::manuscript::Role::RunIn { .. }
                )
            })
            .count();
        assert_eq!(headings, d.tree.len());
        assert_eq!(d.para_section.len(), {
            let mut n = 0;
            s.walk_sections(&mut |_, sec| n += sec.paragraphs.len());
            n
        });
    }
}
