//! The grammar of numbering markers (序号): how `一、` `（一）` `1.` `（1）` `①` and the run-in
//! forms `一是` `一要` `第一，` `首先，` are written and read, Chinese numerals included.
//!
//! One grammar for the whole program: [`crate::doc::numbering`] renders labels with it, the
//! importer reads markers at paragraph starts with it, the checker finds markers typed into text
//! with it. `parse(render(form, n))` gives back `form` and `n` for every number a marker takes
//! (1–99; 1–4 for 首先…最后).

use crate::doc::model::Numbering;

/// How a marker is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// `一、` — standalone heading, level 1.
    Dun,
    /// `（一）` — level 2. Read also with half-width parentheses.
    Paren,
    /// `1.` — level 3. Read also as `1．`.
    Dot,
    /// `1、` — level 3 as people type it; GB/T 9704 writes `1.`.
    DigitDun,
    /// `（1）` — level 4.
    DigitParen,
    /// `①` — below the four GB/T 9704 levels (1–20; `21)` on).
    Circled,
    /// `一是`
    Shi,
    /// `一要`
    Yao,
    /// `第一，`
    Di,
    /// `首先，` `其次，` `再次，` `最后，`
    Sequence,
}

impl Form {
    /// The heading level of a standalone form (1 = `一、`), `None` for run-in forms.
    pub fn level(self) -> Option<usize> {
        match self {
            Form::Dun => Some(1),
            Form::Paren => Some(2),
            Form::Dot | Form::DigitDun => Some(3),
            Form::DigitParen => Some(4),
            Form::Circled => Some(5),
            Form::Shi | Form::Yao | Form::Di | Form::Sequence => None,
        }
    }

    /// The numbering style of a group written with this form.
    pub fn numbering(self) -> Numbering {
        match self {
            Form::Shi => Numbering::Shi,
            Form::Yao => Numbering::Yao,
            Form::Di => Numbering::Di,
            Form::Sequence => Numbering::Sequence,
            _ => Numbering::Heading,
        }
    }

    /// The standalone form GB/T 9704 gives a heading at `depth` (0 = top level).
    pub fn for_depth(depth: usize) -> Form {
        match depth {
            0 => Form::Dun,
            1 => Form::Paren,
            2 => Form::Dot,
            3 => Form::DigitParen,
            _ => Form::Circled,
        }
    }
}

impl From<Numbering> for Form {
    /// The form a group numbered in `style` is written in at the top level.
    fn from(style: Numbering) -> Form {
        match style {
            Numbering::Shi => Form::Shi,
            Numbering::Yao => Form::Yao,
            Numbering::Di => Form::Di,
            Numbering::Sequence => Form::Sequence,
            Numbering::Heading | Numbering::Lead | Numbering::Plain => Form::Dun,
        }
    }
}

/// A marker found at the start of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marker {
    pub form: Form,
    /// 1-based; for `Sequence`, 首先 1, 其次 2, 再次 3, 最后 4.
    pub number: u64,
    /// Length in characters.
    pub len: usize,
}

/// The words of the `Sequence` form, in order.
pub const SEQUENCE_WORDS: [&str; 4] = ["首先", "其次", "再次", "最后"];

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Whether `c` is one of the characters Chinese numerals in markers are made of.
pub fn is_numeral_char(c: char) -> bool {
    matches!(
        c,
        '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '千'
    )
}

/// Chinese numeral for `n` as used in headings: 1 → 一, 10 → 十, 11 → 十一, 20 → 二十,
/// 105 → 一百零五, 1000 → 一千, 10000 → 一万.
pub fn chinese_numeral(n: u64) -> String {
    if n == 0 {
        return DIGITS[0].to_string();
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
            out.push(DIGITS[0]);
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
            out.push(DIGITS[0]);
            zero = false;
        }
        let skip_one = leading && !started && i == 2 && d == 1;
        if !skip_one {
            out.push(DIGITS[d as usize]);
        }
        out.push_str(UNITS[i]);
        started = true;
    }
    out
}

/// The value of a Chinese numeral below 万 written as [`chinese_numeral`] writes it (一, 十二,
/// 二十, 一百零五, 一千零一十); `None` for anything else (`一二`, `十十`, `零`).
pub fn numeral_value(cs: &[char]) -> Option<u64> {
    if cs.is_empty() || cs.len() > 8 {
        return None;
    }
    let mut total = 0;
    let mut digit: Option<u64> = None;
    // The unit of the last place written: places must fall (千 > 百 > 十 > 个).
    let mut last_unit = u64::MAX;
    let mut zero = false;
    // The place a 零 follows: it stands for at least one skipped place, so the next place must
    // be two or more below (一百零五, 一千零五十; not 一百零五十 or 二十零五).
    let mut zero_after = u64::MAX;
    for (i, &c) in cs.iter().enumerate() {
        match c {
            '零' => {
                if digit.is_some() || zero || i == 0 {
                    return None;
                }
                zero = true;
                zero_after = last_unit;
            }
            '十' | '百' | '千' => {
                let unit = match c {
                    '十' => 10,
                    '百' => 100,
                    _ => 1000,
                };
                if unit >= last_unit || zero && unit * 10 >= zero_after {
                    return None;
                }
                // 十二 has an unwritten 一, but only at the very start.
                let d = match digit.take() {
                    Some(d) => d,
                    None if unit == 10 && i == 0 => 1,
                    None => return None,
                };
                total += d * unit;
                last_unit = unit;
                zero = false;
            }
            _ => {
                let d = DIGITS.iter().position(|x| *x == c)? as u64;
                if d == 0 || digit.is_some() {
                    return None;
                }
                // After 零 only a units digit may follow a place two or more below.
                digit = Some(d);
            }
        }
    }
    if zero && (digit.is_none() || zero_after <= 10) {
        return None;
    }
    if let Some(d) = digit {
        // The last digit is ones, or the place below the last unit written (一百五 is not 150
        // in headings: only the full form is read).
        if last_unit != u64::MAX && last_unit > 10 && !zero {
            return None;
        }
        total += d;
    }
    (total > 0).then_some(total)
}

/// `①` … `⑳`, then `21)`.
pub fn circled(n: u64) -> String {
    match n {
        1..=20 => char::from_u32(0x2460 + n as u32 - 1).map_or_else(String::new, String::from),
        _ => format!("{n})"),
    }
}

/// How a marker of `form` numbered `n` is written. For `Sequence`, `n` picks the word
/// (1 首先 … 4 最后); which word a member of a group gets is [`crate::doc::numbering`]'s choice.
pub fn render(form: Form, n: u64) -> String {
    let cn = || chinese_numeral(n);
    match form {
        Form::Dun => format!("{}、", cn()),
        Form::Paren => format!("（{}）", cn()),
        Form::Dot => format!("{n}."),
        Form::DigitDun => format!("{n}、"),
        Form::DigitParen => format!("（{n}）"),
        Form::Circled => circled(n),
        Form::Shi => format!("{}是", cn()),
        Form::Yao => format!("{}要", cn()),
        Form::Di => format!("第{}，", cn()),
        Form::Sequence => {
            let word = SEQUENCE_WORDS[(n.clamp(1, 4) - 1) as usize];
            format!("{word}，")
        }
    }
}

/// The marker at the start of `cs`, if any. Numbers below 100, in Chinese numerals or Arabic
/// digits; half-width brackets, stops and commas are read
/// as their full-width forms. Whether a marker is structure or text is the caller's question:
/// this only says what is written.
pub fn parse(cs: &[char]) -> Option<Marker> {
    let numeral_run = |from: usize| -> usize {
        cs.get(from..)
            .map_or(0, |r| r.iter().take_while(|c| is_numeral_char(**c)).count())
    };
    let digit_run = |from: usize| -> usize {
        cs.get(from..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let value = |r: std::ops::Range<usize>| numeral_value(&cs[r]);
    let arabic = |r: std::ops::Range<usize>| -> Option<u64> {
        cs[r]
            .iter()
            .collect::<String>()
            .parse()
            .ok()
            .filter(|n| *n > 0)
    };
    let marker = |form, number, len| Some(Marker { form, number, len });

    // Markers number below 100: `二百、三百名干部` is a sentence.
    let value = |r: std::ops::Range<usize>| value(r).filter(|v| *v < 100);
    let n = numeral_run(0);
    if (1..=5).contains(&n) {
        let form = match cs.get(n) {
            Some('、') => Some(Form::Dun),
            Some('是') => Some(Form::Shi),
            Some('要') => Some(Form::Yao),
            _ => None,
        };
        if let (Some(form), Some(v)) = (form, value(0..n)) {
            return marker(form, v, n + 1);
        }
    }
    match cs.first() {
        Some('（' | '(') => {
            let n = numeral_run(1);
            if (1..=5).contains(&n)
                && matches!(cs.get(n + 1), Some('）' | ')'))
                && let Some(v) = value(1..n + 1)
            {
                return marker(Form::Paren, v, n + 2);
            }
            let d = digit_run(1);
            if (1..=2).contains(&d)
                && matches!(cs.get(d + 1), Some('）' | ')'))
                && let Some(v) = arabic(1..d + 1)
            {
                return marker(Form::DigitParen, v, d + 2);
            }
        }
        Some('第') => {
            let n = numeral_run(1);
            if (1..=5).contains(&n)
                && matches!(cs.get(n + 1), Some('，' | ','))
                && let Some(v) = value(1..n + 1)
            {
                return marker(Form::Di, v, n + 2);
            }
        }
        Some(&c) if ('\u{2460}'..='\u{2473}').contains(&c) => {
            return marker(Form::Circled, c as u64 - 0x2460 + 1, 1);
        }
        _ => {}
    }
    let d = digit_run(0);
    if (1..=2).contains(&d)
        && let Some(v) = arabic(0..d)
    {
        match cs.get(d) {
            // Not a decimal number: `1.5亿`.
            Some('.' | '．') if !cs.get(d + 1).is_some_and(char::is_ascii_digit) => {
                return marker(Form::Dot, v, d + 1);
            }
            // Not numbers listed: `1、2、3月`.
            Some('、') if !cs.get(d + 1).is_some_and(char::is_ascii_digit) => {
                return marker(Form::DigitDun, v, d + 1);
            }
            // `21)`, as circled numbers go on past ⑳.
            Some(')') if v > 20 => return marker(Form::Circled, v, d + 1),
            _ => {}
        }
    }
    for (k, w) in SEQUENCE_WORDS.iter().enumerate() {
        let n = w.chars().count();
        if cs.len() > n
            && cs.iter().zip(w.chars()).all(|(a, b)| *a == b)
            && matches!(cs[n], '，' | ',')
        {
            return marker(Form::Sequence, k as u64 + 1, n + 1);
        }
    }
    None
}

/// How many characters [`parse`] can look at: the longest marker (`（二十五）`, five numerals
/// in brackets) and the character after it, with room to spare.
pub const MARKER_WINDOW: usize = 12;

/// [`parse`] on the start of a text, without copying the whole text into characters: an
/// import asks this of every paragraph, several times.
/// `line` without a standalone numbering marker at its start (`一、` `（一）` `1.` `（1）` `①`,
/// and the spaces after it): what 粘贴（去掉编号） keeps, since the app numbers sections itself.
/// Run-in markers (`一是` `首先，`) are words read aloud and stay.
pub fn strip_standalone(line: &str) -> &str {
    match parse_str(line) {
        Some(m) if m.form.level().is_some() => {
            let at = line
                .char_indices()
                .nth(m.len)
                .map_or(line.len(), |(i, _)| i);
            line[at..].trim_start_matches([' ', '\u{3000}'])
        }
        _ => line,
    }
}

pub fn parse_str(text: &str) -> Option<Marker> {
    let mut head = ['\0'; MARKER_WINDOW];
    let mut n = 0;
    for (slot, c) in head.iter_mut().zip(text.chars()) {
        *slot = c;
        n += 1;
    }
    parse(&head[..n])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standalone_markers_are_stripped_run_in_ones_kept() {
        assert_eq!(strip_standalone("一、加强领导"), "加强领导");
        assert_eq!(strip_standalone("（二） 抓好落实"), "抓好落实");
        assert_eq!(strip_standalone("3.压实责任"), "压实责任");
        assert_eq!(strip_standalone("一是要加强领导"), "一是要加强领导");
        assert_eq!(strip_standalone("首先，统一思想"), "首先，统一思想");
        assert_eq!(strip_standalone("同志们："), "同志们：");
        assert_eq!(strip_standalone("3.5亿元的投资"), "3.5亿元的投资");
    }
    use proptest::prelude::*;

    proptest! {
        /// Reading the head of a text reads the same marker as reading all of it.
        #[test]
        fn parse_str_reads_what_parse_reads(
            s in "[一二三四五六七八九十百零（()）、是要第，,.．0-9首先其次最后①⑳ 　a同]{0,20}"
        ) {
            let all: Vec<char> = s.chars().collect();
            let whole = parse(&all).map(|m| (m.form, m.number, m.len));
            let head = parse_str(&s).map(|m| (m.form, m.number, m.len));
            prop_assert_eq!(whole, head);
        }
    }

    const ALL: [Form; 10] = [
        Form::Dun,
        Form::Paren,
        Form::Dot,
        Form::DigitDun,
        Form::DigitParen,
        Form::Circled,
        Form::Shi,
        Form::Yao,
        Form::Di,
        Form::Sequence,
    ];

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn chinese_numerals() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (99, "九十九"),
            (100, "一百"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1000, "一千"),
            (1001, "一千零一"),
            (1010, "一千零一十"),
            (10_000, "一万"),
            (10_001, "一万零一"),
            (100_000_000, "一亿"),
        ];
        for (n, want) in cases {
            assert_eq!(chinese_numeral(n), want, "n = {n}");
        }
    }

    #[test]
    fn every_numeral_below_ten_thousand_reads_back() {
        for n in 1..10_000 {
            let s = chinese_numeral(n);
            assert_eq!(numeral_value(&chars(&s)), Some(n), "{s}");
        }
        for bad in [
            "一二",
            "十十",
            "零",
            "零一",
            "一零",
            "百",
            "二十百",
            "一百五",
            "十零",
            "二十零五",
            "一百零五十",
            "一百零一十",
            "一千零一百",
        ] {
            assert_eq!(numeral_value(&chars(bad)), None, "{bad}");
        }
    }

    #[test]
    fn every_form_reads_back_what_it_writes() {
        for form in ALL {
            let top = if form == Form::Sequence { 4 } else { 99 };
            for n in 1..=top {
                let text = render(form, n);
                let cs = chars(&format!("{text}加强领导"));
                let m = parse(&cs).unwrap_or_else(|| panic!("{text} not read"));
                assert_eq!((m.form, m.number), (form, n), "{text}");
                assert_eq!(m.len, text.chars().count(), "{text}");
            }
        }
    }

    #[test]
    fn half_width_variants_and_what_is_no_marker() {
        let read = |s: &str| parse(&chars(s)).map(|m| (m.form, m.number, m.len));
        assert_eq!(read("(三)要求"), Some((Form::Paren, 3, 3)));
        assert_eq!(read("(12)要求"), Some((Form::DigitParen, 12, 4)));
        assert_eq!(read("3．要求"), Some((Form::Dot, 3, 2)));
        assert_eq!(read("第二,要求"), Some((Form::Di, 2, 3)));
        assert_eq!(read("其次,要求"), Some((Form::Sequence, 2, 3)));
        assert_eq!(read("⑤要求"), Some((Form::Circled, 5, 1)));
        for text in [
            "1.5亿元",
            "一二、",
            "2024年",
            "一些地方",
            "第一次会议",
            "首先要",
            "（2024）",
            "100、",
            "0.",
            "1、2、3月份",
            "二百、三百名干部",
            "一百是",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
        // 十是 is 10是: a run-in marker by the grammar; whether it is one here is context.
        assert_eq!(read("十是"), Some((Form::Shi, 10, 2)));
    }

    #[test]
    fn levels_and_styles() {
        assert_eq!(Form::for_depth(0).level(), Some(1));
        assert_eq!(Form::for_depth(3), Form::DigitParen);
        assert_eq!(Form::Shi.level(), None);
        assert_eq!(Form::Di.numbering(), Numbering::Di);
        assert_eq!(Form::Paren.numbering(), Numbering::Heading);
    }
}
