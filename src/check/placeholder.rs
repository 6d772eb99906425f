//! The placeholder rule: unfilled blanks (待填项) in every form drafters use (conventions §4).
//!
//! Guarantees: finds `*`/`＊` runs, X-runs (`XX`, `××`, `xx`, and a single `X` only where a
//! unit follows, as in `X月X日`), `某某`, `○○`, `☆`, underscore runs, empty or instruction
//! brackets (`【 】`, `【待补】`, `（ ）`) and the `年 月 日` skeleton — and stays silent on the
//! traps: `〔2024〕`, `〇` in years, a single `○` between numerals (a number-usage matter),
//! Latin letters in words and codes (`X光`, `XML`, `5G`), `3×4`, single `某` (`某些`).

use std::ops::Range;
use std::sync::LazyLock;

/// One blank found in a text: its character range and what form it takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blank {
    /// Character (not byte) offsets into the text.
    pub chars: Range<usize>,
    /// A short Chinese description of the form, for the message.
    pub form: &'static str,
}

/// Whether a text may hold a blank: a few SIMD byte and substring searches that let the vast
/// majority of paragraphs skip the full scan. Brackets, 年 and the like are common in speeches,
/// so they only count when the next character could make them a blank.
fn needs_scan(text: &str) -> bool {
    let b = text.as_bytes();
    if memchr::memchr3(b'*', b'X', b'x', b).is_some() || memchr::memchr(b'_', b).is_some() {
        return true;
    }
    if FINDERS.always.iter().any(|f| f.find(b).is_some()) {
        return true;
    }
    let next_is = |at: usize, len: usize, ok: &dyn Fn(char) -> bool| {
        text[at + len..].chars().next().is_some_and(ok)
    };
    let empty_bracket = |n: char| is_space(n) || n == '）' || n == ')';
    memchr::memchr_iter(b'(', b).any(|at| next_is(at, 1, &empty_bracket))
        || FINDERS
            .paren
            .find_iter(b)
            .any(|at| next_is(at, '（'.len_utf8(), &empty_bracket))
        || FINDERS.lenticular.find_iter(b).any(|at| {
            next_is(at, '【'.len_utf8(), &|n| {
                is_space(n) || n == '】' || n == '待'
            })
        })
        || FINDERS
            .year
            .find_iter(b)
            .any(|at| next_is(at, '年'.len_utf8(), &is_space))
}

struct Finders {
    /// Characters that are always worth a full scan: ＊ Ｘ ｘ × 某 ○ ☆ ＿
    always: Vec<memchr::memmem::Finder<'static>>,
    paren: memchr::memmem::Finder<'static>,
    lenticular: memchr::memmem::Finder<'static>,
    year: memchr::memmem::Finder<'static>,
}

static FINDERS: LazyLock<Finders> = LazyLock::new(|| {
    let finder = |s: &str| memchr::memmem::Finder::new(s.as_bytes()).into_owned();
    Finders {
        always: "＊Ｘｘ×某○☆＿"
            .chars()
            .map(|c| finder(c.encode_utf8(&mut [0; 4])))
            .collect(),
        paren: finder("（"),
        lenticular: finder("【"),
        year: finder("年"),
    }
});

fn is_x(c: char) -> bool {
    matches!(c, 'X' | 'x' | '×' | 'Ｘ' | 'ｘ')
}

/// Characters after which a single `X` reads as "a number or name goes here".
fn is_unit(c: char) -> bool {
    "年月日号时分届次个家名人位项条件万亿元市县区省州镇乡村同局厅部委办处科".contains(c)
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}' || c == '\t' || c == '\u{a0}'
}

fn is_chinese_digit(c: char) -> bool {
    "〇零一二三四五六七八九十".contains(c)
}

/// How far a bracket may reach for its partner; blanks are short, and a limit keeps the scan
/// linear on pathological input.
const BRACKET_REACH: usize = 16;

/// Finds every blank in `text`, in order, without overlaps.
pub fn scan(text: &str, out: &mut Vec<Blank>) {
    if needs_scan(text) {
        scan_all(text, out);
    }
}

/// The full scan, without the prefilter.
fn scan_all(text: &str, out: &mut Vec<Blank>) {
    let cs: Vec<char> = text.chars().collect();
    let at = |i: usize| cs.get(i).copied();
    let before = |i: usize| if i == 0 { None } else { cs.get(i - 1).copied() };
    let run_end = |i: usize, pred: &dyn Fn(char) -> bool| {
        let mut j = i;
        while j < cs.len() && pred(cs[j]) {
            j += 1;
        }
        j
    };
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        let found: Option<(usize, &'static str)> = match c {
            '*' | '＊' => Some((run_end(i, &|c| c == '*' || c == '＊'), "星号")),
            _ if is_x(c) => {
                let j = run_end(i, &is_x);
                let prev = before(i);
                let next = at(j);
                let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
                let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
                let is_blank = if latin(prev) || latin(next) {
                    false // part of a word or code: XML, GDP-X, Xbox
                } else if j - i >= 2 {
                    true
                } else if c == '×' && digit(prev) && digit(next) {
                    false // multiplication: 3×4
                } else {
                    next.is_some_and(is_unit)
                };
                if is_blank {
                    Some((j, "X 占位"))
                } else {
                    i = j;
                    continue;
                }
            }
            '某' => {
                let j = run_end(i, &|c| c == '某');
                if j - i >= 2 {
                    Some((j, "某某"))
                } else {
                    None
                }
            }
            '○' => {
                let j = run_end(i, &|c| c == '○');
                let by_numeral =
                    before(i).is_some_and(is_chinese_digit) || at(j).is_some_and(is_chinese_digit);
                if by_numeral {
                    // 二○二三: a wrongly typed 〇, for the number-usage rule, not a blank.
                    i = j;
                    continue;
                }
                if j - i >= 2 || at(j).is_some_and(is_unit) {
                    Some((j, "○○"))
                } else {
                    None
                }
            }
            '☆' => Some((run_end(i, &|c| c == '☆'), "☆")),
            '_' => {
                let j = run_end(i, &|c| c == '_');
                if j - i >= 2 {
                    Some((j, "下划线"))
                } else {
                    None
                }
            }
            '＿' => Some((run_end(i, &|c| c == '＿' || c == '_'), "下划线")),
            '【' => bracket(&cs, i, '】', true).map(|j| (j, "空括号或待补说明")),
            '（' => bracket(&cs, i, '）', false).map(|j| (j, "空括号")),
            '(' => bracket(&cs, i, ')', false).map(|j| (j, "空括号")),
            '年' => date_skeleton(&cs, i).map(|j| (j, "空日期")),
            _ => None,
        };
        match found {
            Some((end, form)) => {
                let start = if c == '年' {
                    // The year slot in front of 年 is part of the skeleton.
                    let mut s = i;
                    while s > 0 && is_space(cs[s - 1]) {
                        s -= 1;
                    }
                    s
                } else {
                    i
                };
                out.push(Blank {
                    chars: start..end,
                    form,
                });
                i = end;
            }
            None => i += 1,
        }
    }
}

/// An empty (whitespace-only) bracket pair, or with `instruction`, `【待…】`. Returns the
/// index after the closing bracket.
fn bracket(cs: &[char], open: usize, close: char, instruction: bool) -> Option<usize> {
    let limit = (open + 1 + BRACKET_REACH).min(cs.len());
    let end = (open + 1..limit).find(|&k| cs[k] == close)?;
    let inner = &cs[open + 1..end];
    let empty = inner.iter().all(|&c| is_space(c));
    let todo = instruction && inner.first() == Some(&'待');
    (empty || todo).then_some(end + 1)
}

/// `年 月 日` with empty slots. Returns the index after `日`.
fn date_skeleton(cs: &[char], year: usize) -> Option<usize> {
    let mut k = year + 1;
    let slot = |k: &mut usize, unit: char| -> bool {
        let start = *k;
        while *k < cs.len() && is_space(cs[*k]) {
            *k += 1;
        }
        let ok = *k > start && cs.get(*k) == Some(&unit);
        *k += 1;
        ok
    };
    (slot(&mut k, '月') && slot(&mut k, '日')).then_some(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blanks(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        scan(text, &mut out);
        let cs: Vec<char> = text.chars().collect();
        out.iter()
            .map(|b| cs[b.chars.clone()].iter().collect())
            .collect()
    }

    #[test]
    fn finds_every_form_of_the_conventions() {
        let cases: &[(&str, &[&str])] = &[
            ("在*年全市", &["*"]),
            ("增长**%以上，共******人", &["**", "******"]),
            ("由＊＊同志主持", &["＊＊"]),
            ("20XX年X月X日", &["XX", "X", "X"]),
            ("XX同志、XXX市", &["XX", "XXX"]),
            ("××局，xx县", &["××", "xx"]),
            ("某某同志和某某某", &["某某", "某某某"]),
            ("○○同志", &["○○"]),
            ("☆☆项目", &["☆☆"]),
            ("金额___元，＿＿＿人", &["___", "＿＿＿"]),
            (
                "【 】【】【待补】【待核实】",
                &["【 】", "【】", "【待补】", "【待核实】"],
            ),
            ("（  ）和( )", &["（  ）", "( )"]),
            ("    年  月  日", &["    年  月  日"]),
        ];
        for (text, want) in cases {
            assert_eq!(blanks(text), *want, "in {text}");
        }
    }

    #[test]
    fn avoids_the_traps() {
        for text in [
            "国办发〔2024〕3号",
            "二〇二三年",
            "二○二三年",
            "拍X光片",
            "XML 文件",
            "5G 基站和GDP",
            "面积3×4米",
            "某些地方、某种程度",
            "【笔尖耕耘】",
            "（一）加强领导",
            "(2020年)",
            "2023年3月6日",
            "年月日",
            "Xi",
            "x86",
        ] {
            assert_eq!(blanks(text), Vec::<String>::new(), "false alarm in {text}");
        }
    }

    proptest::proptest! {
        /// The prefilter never hides a blank the full scan would find, and ranges stay in
        /// bounds and in order on any input.
        #[test]
        fn prefilter_is_exact_and_ranges_are_sound(
            text in "[年月日 　（）()【】待补*＊XxＸｘ×某○〇☆_＿一二三光0-9a-z]{0,24}"
        ) {
            let mut fast = Vec::new();
            scan(&text, &mut fast);
            let mut full = Vec::new();
            scan_all(&text, &mut full);
            proptest::prop_assert_eq!(&fast, &full);
            let n = text.chars().count();
            let mut last = 0;
            for b in &fast {
                proptest::prop_assert!(b.chars.start >= last && b.chars.start < b.chars.end);
                proptest::prop_assert!(b.chars.end <= n);
                last = b.chars.end;
            }
        }
    }

    #[test]
    fn ranges_are_in_characters() {
        let mut out = Vec::new();
        scan("确保未来*年", &mut out);
        assert_eq!(out[0].chars, 4..5);
    }
}
