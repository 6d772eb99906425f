//! Section numbers (序号), derived from position — never typed, never stored.
//!
//! Follows GB/T 9704-2012 §7.3.3 for standalone headings (一、 → （一） → 1. → （1）) and the
//! run-in forms speeches use (一是, 一要, 第一，, 首先，…). Any count renders: Chinese numerals
//! are produced for every `u64`.

use crate::model::{Numbering, Section, SectionId, Speech};

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// Chinese numeral for `n` as used in headings: 1 → 一, 10 → 十, 11 → 十一, 20 → 二十,
/// 105 → 一百零五, 1000 → 一千, 10000 → 一万.
pub fn chinese_numeral(n: u64) -> String {
    if n == 0 {
        return DIGITS[0].to_owned();
    }
    // Split into groups of four digits (万, 亿, 万亿 …), most significant first.
    let mut groups = Vec::new();
    let mut rest = n;
    while rest > 0 {
        groups.push(rest % 10_000);
        rest /= 10_000;
    }
    const BIG: [&str; 5] = ["", "万", "亿", "万亿", "亿亿"];
    let mut out = String::new();
    let mut pending_zero = false;
    for (gi, &g) in groups.iter().enumerate().rev() {
        if g == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if pending_zero || (!out.is_empty() && g < 1000) {
            out.push_str(DIGITS[0]);
        }
        pending_zero = false;
        out.push_str(&group_numeral(g, out.is_empty()));
        out.push_str(BIG[gi]);
    }
    out
}

/// A group of up to four digits. `leading` is true for the most significant group, where
/// 10–19 read 十…, not 一十….
fn group_numeral(g: u64, leading: bool) -> String {
    const UNITS: [&str; 4] = ["千", "百", "十", ""];
    let digits = [g / 1000, g / 100 % 10, g / 10 % 10, g % 10];
    let mut out = String::new();
    let mut zero = false;
    let mut started = false;
    for (i, &d) in digits.iter().enumerate() {
        if d == 0 {
            zero = started;
            continue;
        }
        if zero {
            out.push_str(DIGITS[0]);
            zero = false;
        }
        let skip_one = leading && !started && i == 2 && d == 1;
        if !skip_one {
            out.push_str(DIGITS[d as usize]);
        }
        out.push_str(UNITS[i]);
        started = true;
    }
    out
}

/// The number label of the member at `index` (0-based) of a sibling group of `count` members
/// at `depth` (0 = top level), numbered in `style`. Lead sentences have an empty label.
pub fn label(style: Numbering, depth: usize, index: usize, count: usize) -> String {
    let n = index as u64 + 1;
    match style {
        Numbering::Heading => match depth {
            0 => format!("{}、", chinese_numeral(n)),
            1 => format!("（{}）", chinese_numeral(n)),
            2 => format!("{n}."),
            3 => format!("（{n}）"),
            // Below the four GB/T 9704 levels, circled numbers are the common continuation.
            _ => circled(n),
        },
        Numbering::Shi => format!("{}是", chinese_numeral(n)),
        Numbering::Yao => format!("{}要", chinese_numeral(n)),
        Numbering::Di => format!("第{}，", chinese_numeral(n)),
        Numbering::Sequence => sequence_word(index, count),
        Numbering::Lead | Numbering::Plain => String::new(),
    }
}

fn circled(n: u64) -> String {
    match n {
        1..=20 => char::from_u32(0x2460 + n as u32 - 1).map_or_else(String::new, String::from),
        _ => format!("{n})"),
    }
}

/// 首先，其次，再次，最后， — the words only fit groups of up to four; longer groups fall back
/// to 第N， so that every member still gets a distinct word.
fn sequence_word(index: usize, count: usize) -> String {
    if count > 4 {
        return format!("第{}，", chinese_numeral(index as u64 + 1));
    }
    let word = match index {
        0 => "首先",
        _ if index + 1 == count && count >= 3 => "最后",
        1 => "其次",
        _ => "再次",
    };
    format!("{word}，")
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
    fn chinese_numerals() {
        let cases = [
            (1, "一"),
            (9, "九"),
            (10, "十"),
            (11, "十一"),
            (19, "十九"),
            (20, "二十"),
            (21, "二十一"),
            (99, "九十九"),
            (100, "一百"),
            (101, "一百零一"),
            (110, "一百一十"),
            (111, "一百一十一"),
            (1000, "一千"),
            (1001, "一千零一"),
            (1010, "一千零一十"),
            (10_000, "一万"),
            (10_001, "一万零一"),
            (10_010, "一万零一十"),
            (100_000, "十万"),
            (110_000, "十一万"),
            (1_000_000, "一百万"),
            (100_000_000, "一亿"),
            (100_000_001, "一亿零一"),
        ];
        for (n, want) in cases {
            assert_eq!(chinese_numeral(n), want, "n = {n}");
        }
    }

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
