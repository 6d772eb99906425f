//! Line breaking for Chinese text (禁则, after GB/T 15834 and common typesetting practice): no
//! line starts with closing punctuation or ends with an opening bracket, and `——`, `……`,
//! numbers and Latin words are not split. egui breaks CJK text anywhere, so the editor breaks
//! lines itself with [`breaks`] and lays out each line as it comes.

/// Characters a line must not start with.
pub fn no_start(c: char) -> bool {
    "，。、；：？！）》」』’”〉】〕］｝…—·％‰,.;:?!)]}%".contains(c)
}

/// Characters a line must not end with.
pub fn no_end(c: char) -> bool {
    "（《「『‘“〈【〔［｛([{".contains(c)
}

/// Whether a line may not break between `a` and `b`: a number or Latin word, `——`, `……`.
fn joined(a: char, b: char) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    (word(a) && word(b))
        || (a.is_ascii_digit() && matches!(b, '.' | ',' | '%'))
        || (matches!(a, '.' | ',') && b.is_ascii_digit())
        || (a == b && matches!(a, '—' | '…' | '-'))
}

/// Whether a line may start at `chars[b]` (after `chars[b - 1]`).
fn may_break(chars: &[char], b: usize) -> bool {
    !(no_start(chars[b]) || no_end(chars[b - 1]) || joined(chars[b - 1], chars[b]))
}

/// Where lines start (after the first), for `chars` of the given `widths` set in `width`, the
/// first line indented by `indent`. A `\n` in the text ends its line. Lines break greedily, and a
/// break that the rules forbid moves back to the nearest allowed one (the line is left short);
/// when a whole line offers none, it breaks where the width runs out.
pub fn breaks(chars: &[char], widths: &[f32], indent: f32, width: f32) -> Vec<usize> {
    debug_assert_eq!(chars.len(), widths.len());
    let mut out = Vec::new();
    let mut start = 0;
    let mut x = indent;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\n' {
            start = i + 1;
            x = 0.0;
            i += 1;
            continue;
        }
        if x + widths[i] > width && i > start {
            let mut b = i;
            while b > start + 1 && !may_break(chars, b) {
                b -= 1;
            }
            if !may_break(chars, b) || b <= start {
                b = i;
            }
            out.push(b);
            start = b;
            x = widths[b..i].iter().sum();
            continue;
        }
        x += widths[i];
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn lines(text: &str, width: f32, indent: f32) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let widths: Vec<f32> = chars
            .iter()
            .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
            .collect();
        let mut out = Vec::new();
        let mut start = 0;
        for b in breaks(&chars, &widths, indent, width) {
            out.push(chars[start..b].iter().collect());
            start = b;
        }
        out.push(chars[start..].iter().collect());
        out
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // Greedy would put `。` first on the second line; the `作` goes down with it.
        assert_eq!(
            lines("抓好工作。下一步", 4.0, 0.0),
            ["抓好工", "作。下一", "步"]
        );
        assert_eq!(lines("抓好“工作”，下", 5.0, 0.0), ["抓好“工", "作”，下"]);
    }

    #[test]
    fn an_opening_bracket_never_ends_a_line() {
        assert_eq!(
            lines("要抓《条例》落实", 3.0, 0.0),
            ["要抓", "《条", "例》落", "实"]
        );
    }

    #[test]
    fn numbers_dashes_and_ellipses_stay_whole() {
        assert_eq!(lines("增长12.5%以上", 3.0, 0.0), ["增长", "12.5%", "以上"]);
        // A dash may not start a line: 是 goes down with it.
        assert_eq!(lines("一是——二是", 3.0, 0.0), ["一", "是——", "二是"]);
    }

    #[test]
    fn the_first_line_is_indented_and_line_breaks_are_kept() {
        assert_eq!(lines("一二三四五六", 4.0, 2.0), ["一二", "三四五六"]);
        assert_eq!(lines("一二\n三四五六", 4.0, 2.0), ["一二\n三四五六"]);
        assert_eq!(
            lines("一二\n三四五六七", 4.0, 2.0),
            ["一二\n三四五六", "七"]
        );
    }

    fn speechlike() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                4 => proptest::sample::select("发展改革工作会议强调抓落实".chars().collect::<Vec<_>>()),
                2 => proptest::sample::select("，。、；：？！）》」』’”（《「『‘“".chars().collect::<Vec<_>>()),
                1 => proptest::sample::select("0123456789.%AB—…".chars().collect::<Vec<_>>()),
            ],
            0..80,
        )
        .prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        /// Every line fits, none is empty, nothing is lost, and the rules hold wherever the
        /// line had a choice.
        #[test]
        fn lines_fit_and_follow_the_rules(text in speechlike(), width in 3u8..30) {
            let width = f32::from(width);
            let got = lines(&text, width, 2.0);
            prop_assert_eq!(got.concat(), text.clone());
            for (k, line) in got.iter().enumerate() {
                let w: f32 = line.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum();
                let indent = if k == 0 { 2.0 } else { 0.0 };
                prop_assert!(w + indent <= width || line.chars().count() == 1,
                    "{:?} too wide in {:?}", line, got);
                if k > 0 {
                    prop_assert!(!line.is_empty());
                }
            }
            let chars: Vec<char> = text.chars().collect();
            let mut at = 0;
            for pair in got.windows(2) {
                at += pair[0].chars().count();
                // A forced break is allowed only where the whole line had no allowed break.
                if !may_break(&chars, at) {
                    let start = at - pair[0].chars().count();
                    prop_assert!((start + 1..at).all(|b| !may_break(&chars, b)),
                        "break at {} in {:?}: {:?}", at, text, got);
                }
            }
        }
    }
}
