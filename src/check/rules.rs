//! The checker's rules beyond blanks: numbering markers typed into text, punctuation, title,
//! number usage, jurisdiction consistency and a curated list of common errors.
//!
//! Every rule follows "宁可漏报，不可误报": it fires only on patterns that are wrong in an
//! official speech whatever the context, and says what to do. A quick fix is offered only where
//! the right text is certain.

use super::hit::{Hit, hit};
use crate::text::chars::{is_cjk_punct, is_han};

mod table;

pub use table::{COMMON_ERROR, COMMON_ERRORS, RULES, Rule, rule};

pub use crate::doc::model::Level;

impl Level {
    /// The Chinese name: 省 / 市 / 区 / 县.
    pub fn label(self) -> &'static str {
        match self {
            Level::Province => "省",
            Level::City => "市",
            Level::District => "区",
            Level::County => "县",
        }
    }

    /// Every level, for a menu.
    pub const ALL: [Level; 4] = [Level::Province, Level::City, Level::District, Level::County];

    /// The level named by a title: 全市 / 市委 / 市政府 → 市, and so on.
    pub fn from_title(title: &str) -> Option<Level> {
        let probes = [
            (Level::Province, ["全省", "省委", "省政府"]),
            (Level::City, ["全市", "市委", "市政府"]),
            (Level::County, ["全县", "县委", "县政府"]),
            (Level::District, ["全区", "区委", "区政府"]),
        ];
        probes
            .iter()
            .find(|(_, words)| words.iter().any(|w| title.contains(w)))
            .map(|(l, _)| *l)
    }

    /// Words that betray a speech copied from another level.
    fn strays(self) -> &'static [&'static str] {
        match self {
            // An autonomous region (区) and its departments (厅) are province-level: a city
            // speech has neither. 全省 is left alone — cities report to their province.
            Level::City => &["全区", "全县", "厅系统", "全厅", "厅机关", "厅党组"],
            Level::County => &["全区", "厅系统", "全厅", "厅机关"],
            Level::District => &["全县", "厅系统", "全厅", "厅机关"],
            Level::Province => &["全县", "全市上下"],
        }
    }
}

/// What the rules need to know about the whole speech.
#[derive(Clone, Debug, Default)]
pub struct Context<'a> {
    pub level: Option<Level>,
    /// User additions to the common-errors list.
    pub extra_errors: &'a [(String, String)],
    /// The user's lists, for the words they accept.
    pub user: Option<&'a crate::check::UserLists>,
    /// The names of people the whole speech writes, and how often.
    pub names: Option<&'a crate::check::proof::names::Census>,
    /// The text is the title.
    pub is_title: bool,
    /// The text is the salutation.
    pub is_salutation: bool,
    /// The text is the speaker or date line, where `县长 陈立新` spacing is the convention.
    pub is_byline: bool,
}

/// A character of the main CJK block: none of the rules' marks, brackets or spaces.
fn is_plain_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

fn chinese_side(c: Option<char>) -> bool {
    c.is_some_and(|c| is_han(c) || is_cjk_punct(c))
}

fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        '.' => '。',
        ';' => '；',
        ':' => '：',
        '!' => '！',
        '?' => '？',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// Runs every rule on one text.
pub fn scan(text: &str, ctx: &Context<'_>, out: &mut Vec<Hit>) {
    scan_with(text, ctx, out, false);
}

/// `force` runs every character pass regardless of the whole-text tests (for tests that pin
/// the tests to the passes).
fn scan_with(text: &str, ctx: &Context<'_>, out: &mut Vec<Hit>, force: bool) {
    if text.is_empty() {
        return;
    }
    // Cheap whole-text tests decide which character passes are needed: most paragraphs of a
    // clean speech need none.
    let marker = text.starts_with(|c: char| c.is_ascii_digit()) || text.starts_with('（');
    let (suspicious, unbalanced, exotic) = if force {
        (true, true, true)
    } else {
        survey(text)
    };
    if marker || suspicious || unbalanced || exotic || ctx.is_title || ctx.is_salutation {
        let cs: Vec<char> = text.chars().collect();
        if exotic {
            let mut found = Vec::new();
            super::invisible::scan(&cs, &mut found);
            // A salutation over several lines breaks where its author broke it: after each
            // line but the last, which ends in a comma (`全国同胞们，`).
            // The first break is the author's wherever it stands.
            if ctx.is_salutation {
                let first = cs.iter().position(|c| *c == '\n');
                found.retain(|h| {
                    let at = h.chars.start;
                    let after_comma = cs[at] == '\n'
                        && at > 0
                        && matches!(cs[at - 1], '，' | ',' | '、')
                        && at + 1 < cs.len();
                    Some(at) != first && !after_comma
                });
            }
            out.extend(found);
        }
        if marker {
            numbering_marker(&cs, out);
        }
        if suspicious {
            punctuation(&cs, out);
            // A space sets apart a title's two phrases (`不忘初心 牢记使命`) and a byline's
            // office and name by convention; a stray one in a title is still found.
            if ctx.is_title {
                let han_run = |mut k: usize, step: isize| {
                    let mut n = 0;
                    while let Some(&c) = cs.get(k) {
                        if !is_han(c) {
                            break;
                        }
                        n += 1;
                        match k.checked_add_signed(step) {
                            Some(next) => k = next,
                            None => break,
                        }
                    }
                    n
                };
                let mut found = Vec::new();
                spaces(&cs, &mut found);
                found.retain(|h| {
                    let before = h.chars.start.checked_sub(1).map_or(0, |k| han_run(k, -1));
                    before < 4 || han_run(h.chars.end, 1) < 4
                });
                out.extend(found);
            } else if !ctx.is_byline {
                spaces(&cs, out);
            }
            number_usage(&cs, out);
        }
        if unbalanced {
            unpaired(&cs, out);
        }
        if ctx.is_title {
            title(&cs, out);
        }
        if ctx.is_salutation && cs.last() == Some(&':') {
            out.push(Hit {
                rule: "salutation-colon",
                chars: cs.len() - 1..cs.len(),
                message: "称谓后应为全角冒号“：”".into(),
                fix: Some("：".into()),
                word: None,
            });
        }
    }
    words(text, ctx.level, out);
    user_errors(text, ctx.extra_errors, out);
    out.sort_by_key(|h| (h.chars.start, h.chars.end));
}

/// `1、` at the start of a text → `1.`; `（一）、` → `（一）`.
fn numbering_marker(cs: &[char], out: &mut Vec<Hit>) {
    use crate::doc::marker::{Form, parse};
    let Some(m) = parse(cs) else { return };
    match m.form {
        Form::DigitDun => out.push(hit(
            "numbering-marker",
            m.len - 1..m.len,
            "阿拉伯数字序号后用“.”，不用“、”".into(),
            Some(".".into()),
        )),
        Form::Paren if cs.get(m.len) == Some(&'、') => out.push(hit(
            "numbering-marker",
            m.len..m.len + 1,
            "“（一）”这类序号后不加顿号".into(),
            Some(String::new()),
        )),
        _ => {}
    }
}

fn punctuation(cs: &[char], out: &mut Vec<Hit>) {
    let at = |i: usize| cs.get(i).copied();
    let before = |i: usize| if i == 0 { None } else { cs.get(i - 1).copied() };
    // The `)` already fixed with its `(`, as one pair.
    let mut paired: Option<usize> = None;
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if is_plain_han(c) {
            // Most characters: nothing to check. Keeping this first keeps the loop fast.
            i += 1;
            continue;
        }
        // Ellipsis first: ... / 。。。 / a lone …
        if c == '.' || c == '。' {
            let run = cs[i..].iter().take_while(|&&d| d == c).count();
            if run >= 3 {
                out.push(hit(
                    "punct-ellipsis",
                    i..i + run,
                    "省略号应为“……”".into(),
                    Some("……".into()),
                ));
                i += run;
                continue;
            }
            if c == '。' && run == 2 {
                out.push(hit(
                    "punct-doubled",
                    i..i + 2,
                    "句号重复".into(),
                    Some("。".into()),
                ));
                i += 2;
                continue;
            }
        }
        if c == '…' {
            let run = cs[i..].iter().take_while(|&&d| d == '…').count();
            if run == 1 {
                out.push(hit(
                    "punct-ellipsis",
                    i..i + 1,
                    "省略号应为两个“…”：“……”".into(),
                    Some("……".into()),
                ));
            }
            i += run;
            continue;
        }
        if matches!(c, '，' | '、' | '；') && at(i + 1) == Some(c) {
            out.push(hit(
                "punct-doubled",
                i..i + 2,
                format!("“{c}”重复"),
                Some(c.to_string()),
            ));
            i += 2;
            continue;
        }
        if c == '—' {
            let run = cs[i..].iter().take_while(|&&d| d == '—').count();
            let numeric = |x: Option<char>| x.is_some_and(|x| x.is_ascii_digit() || x == '年');
            if run == 1 && !(numeric(before(i)) && at(i + 1).is_some_and(|x| x.is_ascii_digit())) {
                out.push(hit(
                    "punct-dash",
                    i..i + 1,
                    "破折号应为两个“—”：“——”".into(),
                    Some("——".into()),
                ));
            }
            i += run;
            continue;
        }
        // ASCII quotes in Chinese: a pair is one finding, fixed to “…” together; a lone one
        // cannot say which way it faces, so it has no fix.
        if c == '"' && (chinese_side(before(i)) || chinese_side(at(i + 1))) {
            match cs[i + 1..].iter().position(|&d| d == '"') {
                Some(k) => {
                    let j = i + 1 + k;
                    out.push(hit(
                        "punct-halfwidth",
                        i..j + 1,
                        "中文中的半角引号应为全角引号“”".into(),
                        Some(enclosed(&cs[i + 1..j], '“', '”')),
                    ));
                    i = j + 1;
                }
                None => {
                    out.push(hit(
                        "punct-halfwidth",
                        i..i + 1,
                        "中文中的半角引号应为全角引号（“或”）".into(),
                        None,
                    ));
                    i += 1;
                }
            }
            continue;
        }
        // `--` typed for a dash between Chinese words.
        if c == '-' && at(i + 1) == Some('-') {
            let run = cs[i..].iter().take_while(|&&d| d == '-').count();
            if chinese_side(before(i)) || chinese_side(at(i + run)) {
                out.push(hit(
                    "punct-dash",
                    i..i + run,
                    "中文的破折号应为“——”".into(),
                    Some("——".into()),
                ));
            }
            i += run;
            continue;
        }
        if c == '、'
            && matches!(
                (before(i), at(i + 1)),
                (Some('》'), Some('《')) | (Some('”'), Some('“'))
            )
        {
            out.push(hit(
                "punct-between-titles",
                i..i + 1,
                "并列的书名号或引号之间的顿号通常省略（可保留）".into(),
                Some(String::new()),
            ));
        }
        if let Some(full) = full_width(c) {
            let (b, a) = (before(i), at(i + 1));
            let digits =
                b.is_some_and(|x| x.is_ascii_digit()) && a.is_some_and(|x| x.is_ascii_digit());
            let latin = (b.is_some_and(|x| x.is_ascii_alphanumeric()) && !chinese_side(a))
                // A file name or address: 讲话.docx, 政府网.gov.cn
                || (c == '.' && a.is_some_and(|x| x.is_ascii_alphanumeric()))
                // Curly quotes are English too: `“growth”, Turkey`.
                || (b.is_some_and(|x| "“”‘’".contains(x))
                    && a.is_none_or(|x| x.is_ascii_whitespace() || x.is_ascii_alphanumeric()));
            let chinese = chinese_side(b) || (chinese_side(a) && c != '.');
            if paired == Some(i) {
                // The `)` of a pair reported with its `(`.
                paired = None;
            } else if chinese && !digits && !latin {
                // A `(` with its `)` later in the text: one finding for the pair, fixed
                // together (fixing `(` alone left `（…)`, a new unpaired bracket).
                let close = (c == '(')
                    .then(|| {
                        cs[i + 1..]
                            .iter()
                            .position(|&d| matches!(d, '(' | ')' | '（' | '）'))
                            .map(|k| i + 1 + k)
                    })
                    .flatten()
                    .filter(|&j| cs[j] == ')');
                out.push(match close {
                    Some(j) => {
                        paired = Some(j);
                        hit(
                            "punct-halfwidth",
                            i..j + 1,
                            "中文中的半角括号“()”应为全角“（）”".into(),
                            Some(enclosed(&cs[i + 1..j], '（', '）')),
                        )
                    }
                    None => hit(
                        "punct-halfwidth",
                        i..i + 1,
                        format!("中文中的半角“{c}”应为全角“{full}”"),
                        Some(full.to_string()),
                    ),
                });
            }
        }
        i += 1;
    }
}

/// `inner` between full-width marks: the fix of a half-width pair.
fn enclosed(inner: &[char], open: char, close: char) -> String {
    std::iter::once(open)
        .chain(inner.iter().copied())
        .chain(std::iter::once(close))
        .collect()
}

/// One cheap look at a text's bytes: whether the punctuation, space or number-usage rules can
/// fire on it, and whether some pair of marks is unbalanced. ASCII marks are found by SIMD
/// byte search; the full-width marks all start with the UTF-8 lead bytes E2, E3 or EF, whose
/// positions are visited once and classified. (A text with balanced counts in the wrong order
/// is not reported as unpaired: rare, and cheaper to miss than to scan for.)
fn survey(text: &str) -> (bool, bool, bool) {
    let b = text.as_bytes();
    let mut exotic = super::invisible::survey_bytes(b);
    let mut suspicious = memchr::memchr3(b',', b'.', b';', b).is_some()
        || memchr::memchr3(b':', b'!', b'?', b).is_some()
        || memchr::memchr3(b'(', b')', b' ', b).is_some()
        || memchr::memchr2(b'"', b'-', b).is_some();
    // “” ‘’ （） 《》 【】: openers count up, closers down.
    let mut balance = [0i32; 5];
    let dunhao = "、".as_bytes();
    for i in memchr::memchr3_iter(0xE2, 0xE3, 0xEF, b) {
        let Some(seq) = b.get(i..i + 3) else {
            continue;
        };
        let next = b.get(i + 3..i + 6);
        match seq {
            [0xE2, 0x80, 0x9C] => balance[0] += 1,
            [0xE2, 0x80, 0x9D] => {
                balance[0] -= 1;
                suspicious |= next == Some(dunhao); // ”、“
            }
            [0xE2, 0x80, 0x98] => balance[1] += 1,
            [0xE2, 0x80, 0x99] => balance[1] -= 1,
            [0xEF, 0xBC, 0x88] => balance[2] += 1,
            [0xEF, 0xBC, 0x89] => balance[2] -= 1,
            [0xE3, 0x80, 0x8A] => balance[3] += 1,
            [0xE3, 0x80, 0x8B] => {
                balance[3] -= 1;
                suspicious |= next == Some(dunhao); // 》、《
            }
            [0xE3, 0x80, 0x90] => balance[4] += 1,
            [0xE3, 0x80, 0x91] => balance[4] -= 1,
            // … — ○ and the ideographic space
            [0xE2, 0x80, 0xA6 | 0x94] | [0xE2, 0x97, 0x8B] | [0xE3, 0x80, 0x80] => {
                suspicious = true;
            }
            // 。。 、、 ，， ；；
            [0xE3, 0x80, 0x82 | 0x81] | [0xEF, 0xBC, 0x8C | 0x9B] => {
                suspicious |= next == Some(seq);
            }
            _ => exotic |= super::invisible::full_width_suspect(seq),
        }
    }
    // A date mixing numeral systems has 年 followed by a month numeral.
    suspicious = suspicious
        || YEAR.find_iter(b).any(|at| {
            text[at + "年".len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || "〇零一二三四五六七八九十".contains(c))
        });
    (suspicious, balance.iter().any(|n| *n != 0), exotic)
}

static YEAR: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("年".as_bytes()).into_owned());

fn unpaired(cs: &[char], out: &mut Vec<Hit>) {
    const PAIRS: [(char, char); 5] = [
        ('“', '”'),
        ('‘', '’'),
        ('（', '）'),
        ('《', '》'),
        ('【', '】'),
    ];
    // One pass for all five pairs: open positions per pair, and the first stray closer.
    let mut open: [Vec<usize>; 5] = Default::default();
    let mut stray: [Option<usize>; 5] = [None; 5];
    for (i, &c) in cs.iter().enumerate() {
        if is_plain_han(c) {
            continue;
        }
        let (k, is_open) = match c {
            '“' => (0, true),
            '”' => (0, false),
            '‘' => (1, true),
            '’' => (1, false),
            '（' => (2, true),
            '）' => (2, false),
            '《' => (3, true),
            '》' => (3, false),
            '【' => (4, true),
            '】' => (4, false),
            _ => continue,
        };
        if is_open {
            open[k].push(i);
        } else if open[k].pop().is_none() && stray[k].is_none() {
            stray[k] = Some(i);
        }
    }
    for (k, (o, cl)) in PAIRS.iter().enumerate() {
        if let Some(i) = open[k].first().copied().or(stray[k]) {
            out.push(hit(
                "punct-unpaired",
                i..i + 1,
                format!("“{o}{cl}”在本段中不成对"),
                None,
            ));
        }
    }
}

fn spaces(cs: &[char], out: &mut Vec<Hit>) {
    let mut i = 1;
    while i < cs.len() {
        if is_plain_han(cs[i]) {
            i += 1;
            continue;
        }
        if cs[i] == ' ' || cs[i] == '\u{3000}' {
            let run = cs[i..]
                .iter()
                .take_while(|&&c| c == ' ' || c == '\u{3000}')
                .count();
            if is_han(cs[i - 1]) && cs.get(i + run).is_some_and(|&c| is_han(c)) {
                out.push(hit(
                    "space-between-han",
                    i..i + run,
                    "汉字之间多了空格".into(),
                    Some(String::new()),
                ));
            }
            i += run;
        } else {
            i += 1;
        }
    }
}

fn number_usage(cs: &[char], out: &mut Vec<Hit>) {
    let numeral = |c: char| "〇零一二三四五六七八九十".contains(c);
    for (i, &c) in cs.iter().enumerate() {
        if c == '○' && !is_plain_han(c) {
            let b = i.checked_sub(1).map(|j| cs[j]);
            let a = cs.get(i + 1).copied();
            let around = |x: Option<char>| x.is_some_and(|x| numeral(x) || x == '○');
            if around(b) && around(a) || (around(b) && a == Some('年')) {
                // Looks the same and reads the same: the wrong character, not a wrong text
                // (older publishing systems had no 〇). A warning, like the other look-alikes.
                out.push(hit(
                    "lookalike",
                    i..i + 1,
                    "汉字数字中的零应为“〇”，不是圆圈符号“○”（两者样子相近）".into(),
                    Some("〇".into()),
                ));
            }
        }
    }
    // A date mixing systems: 2023年三月, 二〇二三年3月.
    for (i, &c) in cs.iter().enumerate() {
        if c != '年' {
            continue;
        }
        let year_start = (0..i)
            .rev()
            .take_while(|&j| cs[j].is_ascii_digit() || numeral(cs[j]))
            .last();
        let Some(ys) = year_start else { continue };
        if i - ys != 4 {
            continue;
        }
        let arabic_year = cs[ys].is_ascii_digit();
        let month_len = cs[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit() || numeral(**c))
            .count();
        if month_len == 0 || cs.get(i + 1 + month_len) != Some(&'月') {
            continue;
        }
        let arabic_month = cs[i + 1].is_ascii_digit();
        if arabic_year != arabic_month {
            out.push(hit(
                "number-usage",
                ys..i + 2 + month_len,
                "同一日期中阿拉伯数字与汉字数字混用".into(),
                None,
            ));
        }
    }
}

fn title(cs: &[char], out: &mut Vec<Hit>) {
    if let Some(&last) = cs.last()
        && "。，；：、！？,.;:!?".contains(last)
    {
        out.push(hit(
            "title-punct",
            cs.len() - 1..cs.len(),
            "标题末尾不加标点".into(),
            Some(String::new()),
        ));
    }
    let han = cs.iter().filter(|c| is_han(**c)).count();
    if han > 36 {
        out.push(hit(
            "title-length",
            0..cs.len(),
            format!("标题 {han} 个字，超过 36 个字，可考虑拆出副标题"),
            None,
        ));
    }
}

/// Every stray jurisdiction word of every level.
const STRAY_WORDS: [&str; 7] = [
    "全区",
    "全县",
    "厅系统",
    "全厅",
    "厅机关",
    "厅党组",
    "全市上下",
];

/// One SIMD multi-pattern searcher (aho-corasick's packed "Teddy") for the built-in common
/// errors and all stray words: a single fast pass per text instead of one search per entry.
static WORDS: std::sync::LazyLock<Option<aho_corasick::packed::Searcher>> =
    std::sync::LazyLock::new(|| {
        let patterns = COMMON_ERRORS
            .iter()
            .map(|(w, _)| *w)
            .chain(STRAY_WORDS)
            .chain(["抗在"]);
        aho_corasick::packed::Config::new()
            .builder()
            .extend(patterns)
            .build()
    });

fn words(text: &str, level: Option<Level>, out: &mut Vec<Hit>) {
    let Some(ac) = &*WORDS else {
        return;
    };
    let n_errors = COMMON_ERRORS.len();
    let mut char_index = CharIndex::new(text);
    for m in ac.find_iter(text) {
        let k = m.pattern().as_usize();
        let start = char_index.of(m.start());
        let len = text[m.start()..m.end()].chars().count();
        if k < n_errors {
            let (wrong, right) = COMMON_ERRORS[k];
            out.push(hit(
                COMMON_ERROR,
                start..start + len,
                format!("“{wrong}”应为“{right}”"),
                Some(right.to_owned()),
            ));
        } else if k < n_errors + STRAY_WORDS.len() {
            let word = STRAY_WORDS[k - n_errors];
            if let Some(level) = level
                && level.strays().contains(&word)
            {
                out.push(hit(
                    "jurisdiction",
                    start..start + len,
                    format!(
                        "这是一篇{}级讲话，“{word}”可能是套用其他讲话的遗留，请核对",
                        level.label()
                    ),
                    None,
                ));
            }
        } else {
            // 扛在肩上 is carried, not resisted: 抗在…肩上 (the seed's 重任就抗在在座各位肩上).
            let after: String = text[m.end()..].chars().take(10).collect();
            if after.contains("肩上") {
                out.push(hit(
                    COMMON_ERROR,
                    start..start + 1,
                    "“抗在…肩上”应为“扛在…肩上”".into(),
                    Some("扛".into()),
                ));
            }
        }
    }
}

/// Byte offsets to char offsets, moving forward only (matches come in order).
struct CharIndex<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharIndex<'a> {
    fn new(text: &'a str) -> Self {
        CharIndex {
            text,
            byte: 0,
            chars: 0,
        }
    }

    fn of(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

fn user_errors(text: &str, extra: &[(String, String)], out: &mut Vec<Hit>) {
    for (wrong, right) in extra {
        if wrong.is_empty() {
            continue;
        }
        for (b, _) in text.match_indices(wrong.as_str()) {
            let start = text[..b].chars().count();
            out.push(hit(
                COMMON_ERROR,
                start..start + wrong.chars().count(),
                format!("“{wrong}”应为“{right}”"),
                Some(right.clone()),
            ));
        }
    }
}

/// Parses a user list of common errors: one `错 → 对` (or `错=对`, `错<TAB>对`) per line;
/// `#` starts a comment.
pub fn parse_error_list(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| {
            let l = l.split('#').next()?.trim();
            let (w, r) = l
                .split_once('→')
                .or_else(|| l.split_once("->"))
                .or_else(|| l.split_once('='))
                .or_else(|| l.split_once('\t'))?;
            let (w, r) = (w.trim(), r.trim());
            (!w.is_empty()).then(|| (w.to_owned(), r.to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests;
