//! Section numbers (序号), derived from position — never typed, never stored.
//!
//! Follows GB/T 9704-2012 §7.3.3 for standalone headings (一、 → （一） → 1. → （1）) and the
//! run-in forms speeches use (一是, 一要, 第一，, 首先，…). Any count renders: Chinese numerals
//! are produced for every `u64`.

use crate::doc::model::{Numbering, Section, SectionId, Speech};

pub use crate::doc::marker::chinese_numeral;
use crate::doc::marker::{Form, render};

/// The number label of the member at `index` (0-based) of a sibling group of `count` members
/// at `depth` (0 = top level), numbered in `style`. Lead sentences have an empty label.
pub fn label(style: Numbering, depth: usize, index: usize, count: usize) -> String {
    let n = index as u64 + 1;
    match style {
        Numbering::Heading => render(Form::for_depth(depth), n),
        Numbering::Shi => render(Form::Shi, n),
        Numbering::Yao => render(Form::Yao, n),
        Numbering::Di => render(Form::Di, n),
        Numbering::Sequence => sequence_word(index, count),
        Numbering::Lead | Numbering::Plain => String::new(),
    }
}

/// 首先，其次，再次，最后， — the words only fit groups of up to four; longer groups fall back
/// to 第N， so that every member still gets a distinct word.
fn sequence_word(index: usize, count: usize) -> String {
    if count > 4 {
        return render(Form::Di, index as u64 + 1);
    }
    let word = match index {
        0 => 1,
        _ if index + 1 == count && count >= 3 => 4,
        1 => 2,
        _ => 3,
    };
    render(Form::Sequence, word)
}

/// The label of a section in its current position, or `None` if the id is unknown.
pub fn section_label(speech: &Speech, id: SectionId) -> Option<String> {
    let (parent, index) = speech.locate_section(id)?;
    let style = speech.group_numbering(parent)?;
    let count = speech.children(parent)?.len();
    Some(label(style, depth_of(speech, parent), index, count))
}

/// Depth of the children of `parent` (top level is 0).
fn depth_of(speech: &Speech, mut parent: Option<SectionId>) -> usize {
    let mut depth = 0;
    while let Some(p) = parent {
        depth += 1;
        parent = speech.locate_section(p).and_then(|(pp, _)| pp);
    }
    depth
}

/// Visits every section in document order with its depth and derived label, in one pass.
pub fn walk_labelled<'a>(speech: &'a Speech, f: &mut dyn FnMut(usize, &str, &'a Section)) {
    fn walk<'a>(
        list: &'a [Section],
        style: Numbering,
        depth: usize,
        f: &mut dyn FnMut(usize, &str, &'a Section),
    ) {
        for (i, s) in list.iter().enumerate() {
            let l = label(style, depth, i, list.len());
            f(depth, &l, s);
            walk(&s.children, s.child_numbering, depth + 1, f);
        }
    }
    walk(&speech.sections, speech.numbering, 0, f);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_labels_follow_gb9704_levels() {
        assert_eq!(label(Numbering::Heading, 0, 0, 3), "一、");
        assert_eq!(label(Numbering::Heading, 0, 10, 12), "十一、");
        assert_eq!(label(Numbering::Heading, 1, 1, 3), "（二）");
        assert_eq!(label(Numbering::Heading, 2, 2, 3), "3.");
        assert_eq!(label(Numbering::Heading, 3, 3, 4), "（4）");
        assert_eq!(label(Numbering::Heading, 4, 0, 4), "①");
    }

    #[test]
    fn run_in_labels() {
        assert_eq!(label(Numbering::Shi, 1, 3, 4), "四是");
        assert_eq!(label(Numbering::Yao, 1, 0, 4), "一要");
        assert_eq!(label(Numbering::Di, 1, 1, 4), "第二，");
        assert_eq!(label(Numbering::Lead, 1, 1, 4), "");
    }

    #[test]
    fn sequence_words_fit_the_group_size() {
        let words = |n: usize| -> Vec<String> {
            (0..n)
                .map(|i| label(Numbering::Sequence, 1, i, n))
                .collect()
        };
        assert_eq!(words(2), ["首先，", "其次，"]);
        assert_eq!(words(3), ["首先，", "其次，", "最后，"]);
        assert_eq!(words(4), ["首先，", "其次，", "再次，", "最后，"]);
        assert_eq!(words(5)[4], "第五，");
    }

    #[test]
    fn section_label_matches_walk() {
        let mut s = Speech::new();
        let mut a = s.new_section("甲".into());
        a.child_numbering = Numbering::Shi;
        for _ in 0..3 {
            let c = s.new_section("子".into());
            a.children.push(c);
        }
        let b = s.new_section("乙".into());
        s.sections.push(a);
        s.sections.push(b);
        let mut seen = Vec::new();
        walk_labelled(&s, &mut |_, l, sec| {
            assert_eq!(section_label(&s, sec.id).as_deref(), Some(l));
            seen.push(l.to_owned());
        });
        assert_eq!(seen, ["一、", "一是", "二是", "三是", "二、"]);
    }
}
