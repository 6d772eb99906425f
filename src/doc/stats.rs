//! Length figures: what a drafter weighs against the speaking slot.
//!
//! Counts Han characters only (no punctuation, spaces, Latin or digits), as drafters count
//! 字数. The spoken text is the salutation, opening, headings, paragraphs and closing; the title
//! block is printed but not read aloud, so it is left out.

use crate::doc::model::Speech;
use crate::text::chars::is_han;

/// Default speaking rate, 字/分钟 (conventions §5).
pub const DEFAULT_RATE: u32 = 170;
/// Han characters on one A4 page: 22 lines × 28 characters.
pub const CHARS_PER_PAGE: u32 = 616;

/// Length figures of a speech.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub han: usize,
    pub paragraphs: usize,
    pub sections: usize,
}

impl Stats {
    /// Speaking time in minutes at `rate` 字/分钟.
    pub fn minutes(&self, rate: u32) -> f64 {
        self.han as f64 / f64::from(rate.max(1))
    }

    /// A4 pages (fractional).
    pub fn pages(&self) -> f64 {
        self.han as f64 / f64::from(CHARS_PER_PAGE)
    }
}

/// Han characters in a text.
pub fn han_count(text: &str) -> usize {
    text.chars().filter(|&c| is_han(c)).count()
}

/// Computes the figures of a speech.
pub fn stats(speech: &Speech) -> Stats {
    let mut han = han_count(&speech.salutation);
    let mut paragraphs = speech.opening.len() + speech.closing.len();
    for p in speech.opening.iter().chain(&speech.closing) {
        han += han_count(&p.text);
    }
    let mut sections = 0;
    speech.walk_sections(&mut |_, s| {
        sections += 1;
        han += han_count(&s.heading);
        paragraphs += s.paragraphs.len();
        han += s
            .paragraphs
            .iter()
            .map(|p| han_count(&p.text))
            .sum::<usize>();
    });
    Stats {
        han,
        paragraphs,
        sections,
    }
}

/// The 字数 between two places in document order (`a` before `b`), counted as [`stats`]
/// counts the whole: Han characters of the spoken texts, no numbering labels, no title.
/// Counting starts at `a`'s text: a selection that starts in an empty part counts nothing.
pub fn han_between(
    speech: &Speech,
    a: crate::doc::model::TextPos,
    b: crate::doc::model::TextPos,
) -> usize {
    use crate::doc::model::Spot;
    let (mut inside, mut n) = (false, 0);
    speech.for_each_text(&mut |target, text| {
        let starts = a.spot == Spot::Text(target);
        let ends = b.spot == Spot::Text(target);
        if !(inside || starts) {
            return;
        }
        inside = !ends;
        if !is_spoken(target) {
            return;
        }
        let from = if starts { a.offset } else { 0 };
        let to = if ends { b.offset } else { usize::MAX };
        n += text
            .chars()
            .skip(from)
            .take(to.saturating_sub(from))
            .filter(|&c| is_han(c))
            .count();
    });
    n
}

/// Whether a text counts towards the spoken length (see the module docs).
pub fn is_spoken(target: crate::doc::model::TextRef) -> bool {
    use crate::doc::model::{Field, TextRef};
    !matches!(target, TextRef::Field(f) if f != Field::Salutation)
}

/// Han characters of one section including its sub-sections (for the tree's counts).
pub fn section_han(section: &crate::doc::model::Section) -> usize {
    han_count(&section.heading)
        + section
            .paragraphs
            .iter()
            .map(|p| han_count(&p.text))
            .sum::<usize>()
        + section.children.iter().map(section_han).sum::<usize>()
}

/// How many 字 a part of `part_han` should lose when the speech, `total_han` long, runs over
/// its target of `target_minutes` at `rate` 字/分钟: its share of the overrun, in proportion
/// to its length, rounded up. `None` when the speech is within its target.
pub fn cut_share(
    part_han: usize,
    total_han: usize,
    target_minutes: u32,
    rate: u32,
) -> Option<usize> {
    let allowed = u64::from(target_minutes) * u64::from(rate.max(1));
    let (part, total) = (part_han as u64, total_han as u64);
    let over = total.checked_sub(allowed).filter(|o| *o > 0)?;
    Some((over * part).div_ceil(total.max(1)) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_of_a_speech_over_its_target_is_told_its_share_of_the_cut() {
        // 3 400 字 at 170 字/分 is 20 minutes: 15 minutes allow 2 550, 850 too many.
        assert_eq!(cut_share(1_000, 3_400, 15, 170), Some(250));
        assert_eq!(cut_share(3_400, 3_400, 15, 170), Some(850));
        // Rounded up: the parts' shares cover the overrun.
        assert_eq!(cut_share(1, 3_400, 15, 170), Some(1));
        // Within the target, or exactly on it: nothing to cut.
        assert_eq!(cut_share(1_000, 2_550, 15, 170), None);
        assert_eq!(cut_share(1_000, 2_000, 15, 170), None);
        assert_eq!(cut_share(0, 0, 0, 0), None);
    }

    /// Regression: a selection of the whole speech counted its title and numbering labels and
    /// showed more 字 than the total (`选中 1354 字 / 共 1331`).
    #[test]
    fn a_selection_is_counted_as_the_total_is() {
        use crate::doc::model::{Field, TextPos, TextRef};
        let mut s = Speech::new();
        s.title = "在全市工作会议上的讲话".into();
        s.opening[0].text = "刚才，大家讲得很好。".into();
        let sec = s.new_section("加强领导".into());
        s.sections.push(sec);
        let last = s.opening[0].id;
        let all = han_between(
            &s,
            TextPos::new(TextRef::Field(Field::Title), 0),
            TextPos::new(TextRef::Heading(s.sections[0].id), 4),
        );
        assert_eq!(all, stats(&s).han);
        // Part of one text.
        let part = han_between(
            &s,
            TextPos::new(TextRef::Paragraph(last), 3),
            TextPos::new(TextRef::Paragraph(last), 7),
        );
        assert_eq!(part, 4);
    }

    #[test]
    fn counts_han_only() {
        assert_eq!(han_count("同志们：2023年，GDP增长5%！二〇二三"), 10);
    }

    #[test]
    fn title_is_not_spoken() {
        let mut s = Speech::new();
        s.title = "标题不计".into();
        s.opening[0].text = "一二三四五".into();
        let st = stats(&s);
        assert_eq!(st.han, 3 + 5);
        assert_eq!(st.paragraphs, 1);
        assert!((st.minutes(4) - 2.0).abs() < 1e-9);
    }
}
