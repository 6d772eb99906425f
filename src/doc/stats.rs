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

#[cfg(test)]
mod tests {
    use super::*;

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
