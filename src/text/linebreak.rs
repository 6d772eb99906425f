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
    breaks_hanging(chars, widths, indent, width, false)
}

/// Marks that may hang past the end of a full line, as Word's and LibreOffice's Chinese
/// typesetting lets them (标点悬挂): the line keeps its last word instead of losing it.
pub fn hangs(c: char) -> bool {
    matches!(c, '，' | '。' | '、' | '．')
}

/// [`breaks`], with `hang`: a comma or full stop that would start a line hangs at the end of
/// the full line before it instead (see [`hangs`]). The printed page does this; the editor
/// keeps every character inside its column.
pub fn breaks_hanging(
    chars: &[char],
    widths: &[f32],
    indent: f32,
    width: f32,
    hang: bool,
) -> Vec<usize> {
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
            if hang && hangs(chars[i]) && x <= width {
                x += widths[i];
                i += 1;
                continue;
            }
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

/// How a short display line (a title, a heading) is set when it needs more than one row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Filled row by row, but a last row of one character takes one more from the row above
    /// (`问/题` is never left alone).
    Filled,
    /// Centred rows of even length, broken where the phrases part (a space, `，`, `：`) when that
    /// costs little evenness, so a two-part title breaks between its parts, not inside a word.
    Balanced,
}

/// Longest line [`display_breaks`] balances; longer ones are filled (the search grows with the
/// square of the length).
const BALANCE_LIMIT: usize = 240;

/// Breaks for a display line: as many rows as [`breaks`] needs, shaped by `shape`. Forced
/// line breaks (`\n`) and over-long lines are filled as [`breaks`] fills them.
pub fn display_breaks(
    chars: &[char],
    widths: &[f32],
    indent: f32,
    width: f32,
    shape: Shape,
) -> Vec<usize> {
    let mut greedy = breaks(chars, widths, indent, width);
    if greedy.is_empty() || chars.contains(&'\n') {
        return greedy;
    }
    if shape == Shape::Balanced
        && chars.len() <= BALANCE_LIMIT
        && let Some(b) = balanced(chars, widths, indent, width, greedy.len() + 1)
    {
        return b;
    }
    // A lone last character (with its closing punctuation) takes one more from the row above.
    let last = *greedy.last().expect("not empty");
    let start = greedy.len().checked_sub(2).map_or(0, |k| greedy[k]);
    if spoken(&chars[last..]) == 1
        && let Some(b) = (start + 1..last)
            .rev()
            .find(|b| may_break(chars, *b) && !chars[*b].is_whitespace())
        && widths[b..].iter().sum::<f32>() <= width
        && spoken(&chars[start..b]) > 0
    {
        *greedy.last_mut().expect("not empty") = b;
    }
    greedy
}

/// Characters of a row other than punctuation and spaces: those read aloud.
pub fn spoken(row: &[char]) -> usize {
    row.iter()
        .filter(|c| !c.is_whitespace() && !no_start(**c) && !no_end(**c))
        .count()
}

/// Whether a break before `chars[b]` parts two phrases: after a space or a pause mark.
fn phrase_boundary(chars: &[char], b: usize) -> bool {
    let before = chars[b - 1];
    before.is_whitespace() || "，、；：！？。".contains(before)
}

/// The breaks giving `rows` rows whose widths differ least, counting a break inside a phrase
/// as a few characters of unevenness. None when no such set fits.
fn balanced(
    chars: &[char],
    widths: &[f32],
    indent: f32,
    width: f32,
    rows: usize,
) -> Option<Vec<usize>> {
    let n = chars.len();
    let em = widths
        .iter()
        .copied()
        .fold(0.0_f32, f32::max)
        .max(f32::EPSILON);
    // A break inside a phrase costs as much as rows differing by about three characters.
    const INSIDE_PHRASE: f32 = 9.0;
    let mut prefix = vec![0.0_f32; n + 1];
    for i in 0..n {
        prefix[i + 1] = prefix[i] + widths[i];
    }
    // A row's width without the spaces it ends with (they are not seen).
    let row_width = |s: usize, e: usize| {
        let mut e2 = e;
        while e2 > s && chars[e2 - 1].is_whitespace() {
            e2 -= 1;
        }
        prefix[e2] - prefix[s] + if s == 0 { indent } else { 0.0 }
    };
    let allowed: Vec<bool> = (0..=n)
        .map(|b| b == 0 || b == n || (may_break(chars, b) && !chars[b].is_whitespace()))
        .collect();
    let ideal = (prefix[n] + indent) / rows as f32;
    // cost[r][e]: the best cost of `r` rows ending before `e`; from[r][e] its last row's start.
    let inf = f32::INFINITY;
    let mut cost = vec![vec![inf; n + 1]; rows + 1];
    let mut from = vec![vec![0usize; n + 1]; rows + 1];
    cost[0][0] = 0.0;
    for r in 1..=rows {
        for e in 1..=n {
            if !allowed[e] || (r == rows) != (e == n) {
                continue;
            }
            for s in (r - 1)..e {
                if !allowed[s] || cost[r - 1][s] == inf {
                    continue;
                }
                let w = row_width(s, e);
                // The spaces a row ends with are not seen, but they must fit: a row that
                // overflowed by them would wrap them onto a blank row of their own.
                let whole = prefix[e] - prefix[s] + if s == 0 { indent } else { 0.0 };
                if whole > width || spoken(&chars[s..e]) == 0 {
                    continue;
                }
                let uneven = ((w - ideal) / em).powi(2);
                let inside = if e < n && !phrase_boundary(chars, e) {
                    INSIDE_PHRASE
                } else {
                    0.0
                };
                let lone = if spoken(&chars[s..e]) == 1 {
                    100.0
                } else {
                    0.0
                };
                let c = cost[r - 1][s] + uneven + inside + lone;
                if c < cost[r][e] {
                    cost[r][e] = c;
                    from[r][e] = s;
                }
            }
        }
    }
    if cost[rows][n] == inf {
        return None;
    }
    let mut out = Vec::with_capacity(rows - 1);
    let mut e = n;
    for r in (1..=rows).rev() {
        let s = from[r][e];
        if s > 0 {
            out.push(s);
        }
        e = s;
    }
    out.reverse();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The rows `text` is cut into by `cut`, ASCII half as wide as the rest.
    fn rows(text: &str, cut: impl Fn(&[char], &[f32]) -> Vec<usize>) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let widths: Vec<f32> = chars
            .iter()
            .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
            .collect();
        let mut out = Vec::new();
        let mut start = 0;
        for b in cut(&chars, &widths) {
            out.push(chars[start..b].iter().collect());
            start = b;
        }
        out.push(chars[start..].iter().collect());
        out
    }

    fn lines(text: &str, width: f32, indent: f32) -> Vec<String> {
        rows(text, |c, w| breaks(c, w, indent, width))
    }

    fn display(text: &str, width: f32, indent: f32, shape: Shape) -> Vec<String> {
        rows(text, |c, w| display_breaks(c, w, indent, width, shape))
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
    fn on_the_page_a_comma_or_full_stop_hangs_past_a_full_line() {
        let hanging =
            |text: &str, width: f32| rows(text, |c, w| breaks_hanging(c, w, 0.0, width, true));
        assert_eq!(hanging("抓好工作。下一步", 4.0), ["抓好工作。", "下一步"]);
        // One mark hangs, not two; a closing quote does not.
        assert_eq!(hanging("抓好工作。”下", 4.0), ["抓好工", "作。”下"]);
        assert_eq!(hanging("抓好工作”下", 4.0), ["抓好工", "作”下"]);
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

    #[test]
    fn a_two_part_title_breaks_between_its_parts() {
        let title = "体悟弘扬“川农大精神”精髓  建设国际知名一流农业大学";
        // Filled, the second part is cut inside a word.
        assert_eq!(lines(title, 22.0, 0.0)[1], "农业大学");
        assert_eq!(
            display(title, 22.0, 0.0, Shape::Balanced),
            ["体悟弘扬“川农大精神”精髓  ", "建设国际知名一流农业大学"]
        );
        // Without a phrase boundary, rows are even.
        assert_eq!(
            display(
                "在全市加快建设世界一流农业大学推进大会上的讲话",
                20.0,
                0.0,
                Shape::Balanced
            ),
            ["在全市加快建设世界一流", "农业大学推进大会上的讲话"]
        );
        // A comma near the middle is preferred to an exact middle.
        assert_eq!(
            display(
                "不忘初心牢记使命，打赢脱贫攻坚战",
                12.0,
                0.0,
                Shape::Balanced
            ),
            ["不忘初心牢记使命，", "打赢脱贫攻坚战"]
        );
        // A line that fits is one row.
        assert_eq!(
            display("角色转变 初心不变", 20.0, 0.0, Shape::Balanced),
            ["角色转变 初心不变"]
        );
    }

    #[test]
    fn a_heading_never_leaves_one_character_alone() {
        assert_eq!(
            lines("着力解决群众反映强烈的突出问题", 14.0, 0.0)
                .last()
                .unwrap(),
            "题"
        );
        assert_eq!(
            display("着力解决群众反映强烈的突出问题", 14.0, 0.0, Shape::Filled),
            ["着力解决群众反映强烈的突出", "问题"]
        );
        // With its full stop, still one character.
        assert_eq!(
            display("着力解决群众反映强烈的突出问题。", 15.0, 0.0, Shape::Filled),
            ["着力解决群众反映强烈的突出", "问题。"]
        );
        // Two characters are left as they are.
        assert_eq!(
            display("着力解决群众反映强烈的突出问题", 13.0, 0.0, Shape::Filled),
            ["着力解决群众反映强烈的突出", "问题"]
        );
    }

    fn speechlike() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                4 => proptest::sample::select("发展改革工作会议强调抓落实".chars().collect::<Vec<_>>()),
                2 => proptest::sample::select("，。、；：？！）》」』’”（《「『‘“".chars().collect::<Vec<_>>()),
                1 => proptest::sample::select("0123456789.%AB—… ".chars().collect::<Vec<_>>()),
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
            for shape in [Shape::Filled, Shape::Balanced] {
                let shaped = display(&text, width, 2.0, shape);
                prop_assert_eq!(shaped.concat(), text.clone());
                // No more rows than filling needs, and each row fits but for a lone character.
                prop_assert_eq!(shaped.len(), got.len(), "{:?} vs {:?}", shaped, got);
                for (k, row) in shaped.iter().enumerate() {
                    // Spaces at a row's end count: egui would wrap them onto a row of their own.
                    let w: f32 = row.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum();
                    let indent = if k == 0 { 2.0 } else { 0.0 };
                    prop_assert!(w + indent <= width || row.chars().count() == 1 || *row == got[k]);
                }
                // Shaping only moves breaks to allowed places.
                let chars: Vec<char> = text.chars().collect();
                let mut at = 0;
                for row in &shaped[..shaped.len() - 1] {
                    at += row.chars().count();
                    let greedy_break = got.iter().scan(0, |a, r| { *a += r.chars().count(); Some(*a) }).any(|g| g == at);
                    prop_assert!(may_break(&chars, at) || greedy_break);
                }
            }
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
