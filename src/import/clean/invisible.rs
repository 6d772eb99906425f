//! Invisible characters that are certainly furniture: zero-width characters between Han, soft
//! hyphens, no-break spaces used as indentation.

use crate::import::report::{Normalised, Report};

pub(in crate::import) fn zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// A line break inside a paragraph, as Word's Shift+Enter copies out (U+000B, U+2028).
pub(in crate::import) fn soft_break(c: char) -> bool {
    matches!(c, '\u{000B}' | '\u{2028}')
}

pub(in crate::import) fn no_break_space(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2007}')
}

/// Every character the three tests above look for, searched for all at once (a SIMD search:
/// most texts have none, and a character-by-character test was a tenth of a large import).
static INVISIBLE: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
    let all: Vec<String> = ['\u{000B}', '\u{2028}', '\u{00A0}', '\u{202F}', '\u{2007}']
        .into_iter()
        .chain(['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'])
        .map(String::from)
        .collect();
    aho_corasick::AhoCorasick::new(all).expect("fixed characters")
});

/// Removes the invisible characters that are certainly furniture and lists each change:
/// zero-width characters between two Han characters (web pages put them there to allow line
/// breaks), and no-break spaces in a line's indentation or at its end. Everything else —
/// direction controls above all — is kept for the checker to show.
pub(in crate::import) fn normalise_invisible<'a>(
    text: &'a str,
    report: &mut Report,
) -> std::borrow::Cow<'a, str> {
    if !INVISIBLE.is_match(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let cs: Vec<char> = line.chars().collect();
        let lead = cs.iter().take_while(|c| c.is_whitespace()).count();
        let trail = cs.len() - cs.iter().rev().take_while(|c| c.is_whitespace()).count();
        // The nearest visible neighbour on each side, skipping other zero-width characters.
        let han_at = |from: Option<usize>, step: isize| {
            let mut j = from?;
            loop {
                let c = *cs.get(j)?;
                if !zero_width(c) {
                    return Some(crate::text::chars::is_han(c));
                }
                j = j.checked_add_signed(step)?;
            }
        };
        let mut drops: Vec<(usize, &'static str)> = Vec::new();
        for (i, &c) in cs.iter().enumerate() {
            if no_break_space(c) && (i < lead || i >= trail) {
                drops.push((
                    i,
                    if i < lead {
                        "行首缩进中的"
                    } else {
                        "行尾的"
                    },
                ));
            } else if zero_width(c)
                && han_at(i.checked_sub(1), -1) == Some(true)
                && han_at(Some(i + 1), 1) == Some(true)
            {
                drops.push((i, "汉字之间的"));
            } else if soft_break(c) {
                // Word's Shift+Enter inside a paragraph: the paragraph goes on.
                drops.push((i, "段落内的软回车："));
            }
        }
        let mut dropped = vec![false; cs.len()];
        for &(i, _) in &drops {
            dropped[i] = true;
        }
        out.extend(
            cs.iter()
                .zip(&dropped)
                .filter(|(_, d)| !**d)
                .map(|(c, _)| c),
        );
        // One report line per kind of removal on this line.
        let mut listed: Vec<(String, usize, usize, String)> = Vec::new();
        for &(i, place) in &drops {
            let what = format!("删除{place}{}", crate::check::invisible::describe(cs[i]));
            match listed.iter_mut().find(|l| l.0 == what) {
                Some(l) => {
                    l.1 += 1;
                    l.3.push(cs[i]);
                }
                None => listed.push((what, 1, i, cs[i].to_string())),
            }
        }
        for (what, count, first, removed) in listed {
            let visible = |r: std::ops::Range<usize>| -> String {
                cs[r]
                    .iter()
                    .filter(|c| !zero_width(**c) && !no_break_space(**c))
                    .collect()
            };
            let context = format!(
                "{}|{}",
                visible(first.saturating_sub(8)..first).trim_start(),
                visible(first + 1..(first + 9).min(cs.len())).trim_end()
            );
            report.normalised.push(Normalised {
                line: n + 1,
                what,
                count,
                context,
                removed,
            });
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick search finds every character the three tests name, and nothing else.
    #[test]
    fn quick_search_covers_every_invisible_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let named = zero_width(c) || no_break_space(c) || soft_break(c);
            assert_eq!(INVISIBLE.is_match(c.to_string().as_str()), named, "{c:?}");
        }
    }
}
