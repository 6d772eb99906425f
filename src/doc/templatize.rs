//! 把讲稿变成模板: what changes from one year's speech to the next — dates, counts and amounts,
//! percentages, names of people — found and offered for replacement by a `*` blank.
//!
//! Guarantees: only those are offered: a date, number or percentage replacement covers digits
//! (Arabic, full-width or Chinese-numeral) and nothing else; a name is two or three Han
//! characters. Every replacement is listed and each can be kept; keeping all changes nothing,
//! and text outside the replaced ranges is never touched (property-tested). Fixed political
//! formulas (`以习近平同志为核心`), structural counts in Chinese numerals (`三个务必`, `第十三次`),
//! codes (`5G`, `G20`) and document numbers (`〔2024〕`) stay.
//!
//! Cost: linear in the speech's length; names are then looked up with one substring search each.

use std::ops::Range;

use crate::doc::model::{Field, Speech, TextRef};
use crate::text::chars::is_han;

/// What a replacement stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Date,
    Number,
    Percent,
    Name,
}

impl Kind {
    /// Every kind, in the order the preview groups them.
    pub const ALL: [Kind; 4] = [Kind::Date, Kind::Number, Kind::Percent, Kind::Name];

    /// The Chinese name of the kind.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Date => "日期",
            Kind::Number => "数量和金额",
            Kind::Percent => "百分比",
            Kind::Name => "人名",
        }
    }
}

/// One place the maker would blank out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    pub target: TextRef,
    /// Character offsets in the text.
    pub chars: Range<usize>,
    /// The text replaced.
    pub original: String,
    pub kind: Kind,
}

/// The blank that takes a replaced value's place.
pub const BLANK: &str = "*";

/// Leaders' names that are part of fixed formulas (以习近平同志为核心的党中央): never blanked.
const FIXED_NAMES: [&str; 8] = [
    "习近平",
    "毛泽东",
    "邓小平",
    "江泽民",
    "胡锦涛",
    "周恩来",
    "刘少奇",
    "朱德",
];

/// Common surnames that are not also common first characters of words before 同志 (全体, 党员,
/// 和, 时, 文, 高: left out).
pub const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖董袁潘\
    于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹孟熊秦邱尹薛闫段雷侯龙史陶黎\
    贺顾毛郝龚邵钱严覃武戴莫孔汤康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳甘祝\
    包尚符舒阮柯纪梅童凌毕单季裴霍涂苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍喻祁蒲滕屈饶解牟艾尤穆卓\
    缪简项芦麦褚娄窦戚岑景宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬卞姬仇栾隋刁巫寇桑郎甄丛仲虞敖\
    巩佘池麻苑迟邝";

/// Words that start with a surname and stand before 同志 without being a name (许多同志).
pub const NOT_NAMES: [&str; 5] = ["许多", "单位", "方面", "项目", "余下"];

/// Titles: after a name (`李四书记`) or right before it (`市委书记王五同志`).
pub const TITLES: [&str; 14] = [
    "书记",
    "市长",
    "县长",
    "区长",
    "省长",
    "主任",
    "部长",
    "局长",
    "厅长",
    "主席",
    "院长",
    "校长",
    "委员",
    "秘书长",
];

/// Other words after a name that make it one (`张三同志`).
const AFTER_NAME: [&str; 5] = ["同志", "总经理", "董事长", "先生", "女士"];

/// Single characters that may stand right before a name (`由张三同志通报`).
const BEFORE_NAME: &str = "由请和与及向对让同跟为把被给、，。：；！？“”（）《》 \u{3000}";

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_cn_digit(c: char) -> bool {
    "〇零一二三四五六七八九".contains(c)
}

fn is_cn_number(c: char) -> bool {
    "〇零一二三四五六七八九十".contains(c)
}

fn digit_value(c: char) -> Option<u32> {
    c.to_digit(10)
        .or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32))
}

/// What the maker offers to replace in `speech`, in document order (and by position within a
/// text).
pub fn find(speech: &Speech) -> Vec<Replacement> {
    let mut out = Vec::new();
    speech.for_each_text(&mut |target, text| {
        if target == TextRef::Field(Field::Speaker) {
            return;
        }
        let chars: Vec<char> = text.chars().collect();
        let mut taken = vec![false; chars.len()];
        let mut found = Vec::new();
        scan_numbers(&chars, &mut taken, &mut found);
        for (range, kind) in found {
            out.push(Replacement {
                target,
                original: chars[range.clone()].iter().collect(),
                chars: range,
                kind,
            });
        }
    });
    add_names(speech, &mut out);
    let order = text_order(speech);
    out.sort_by_key(|r| (order.get(&r.target).copied(), r.chars.start));
    out
}

fn text_order(speech: &Speech) -> std::collections::HashMap<TextRef, usize> {
    let mut order = std::collections::HashMap::new();
    speech.for_each_text(&mut |target, _| {
        let n = order.len();
        order.insert(target, n);
    });
    order
}

/// Dates, percentages and other Arabic numbers of one text.
fn scan_numbers(chars: &[char], taken: &mut [bool], found: &mut Vec<(Range<usize>, Kind)>) {
    let n = chars.len();
    let at = |i: usize| chars.get(i).copied();
    let mut push = |range: Range<usize>, kind: Kind, taken: &mut [bool]| {
        taken[range.clone()].iter_mut().for_each(|t| *t = true);
        found.push((range, kind));
    };
    // Chinese-numeral dates: 二〇二三年, 五月十二日.
    let mut i = 0;
    while i < n {
        if is_cn_digit(chars[i]) && (i == 0 || !is_cn_number(chars[i - 1])) {
            let end = (i..n).find(|&j| !is_cn_digit(chars[j])).unwrap_or(n);
            if end - i == 4 && at(end) == Some('年') && chars[i..end].iter().any(|&c| c != '〇') {
                push(i..end, Kind::Date, taken);
                i = end;
                continue;
            }
        }
        if is_cn_number(chars[i]) && (i == 0 || !is_cn_number(chars[i - 1])) {
            let month_end = (i..n).find(|&j| !is_cn_number(chars[j])).unwrap_or(n);
            if month_end - i <= 2 && at(month_end) == Some('月') {
                let day = month_end + 1;
                let day_end = (day..n).find(|&j| !is_cn_number(chars[j])).unwrap_or(n);
                if day_end > day && day_end - day <= 3 && at(day_end) == Some('日') {
                    push(i..month_end, Kind::Date, taken);
                    push(day..day_end, Kind::Date, taken);
                    i = day_end;
                    continue;
                }
            }
        }
        i += 1;
    }
    // Arabic numbers: runs of digits with their decimal point and thousands commas.
    let mut i = 0;
    while i < n {
        if !is_digit(chars[i]) || taken[i] {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while end < n {
            let c = chars[end];
            let joins =
                matches!(c, '.' | '．' | ',') && end > start && at(end + 1).is_some_and(is_digit);
            if is_digit(c) || joins {
                end += 1;
            } else {
                break;
            }
        }
        i = end;
        let before = start.checked_sub(1).and_then(at);
        let after = at(end);
        // Codes and words with Latin letters (5G, G20, H7N9), document numbers (〔2024〕5号),
        // and a list marker at the start of a text (1. 1、 （1）) are not values.
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic() || c == '-');
        if latin(before) || latin(after) || matches!(before, Some('〔' | '〕' | '[' | ']')) {
            continue;
        }
        let marker_end = matches!(after, Some('.' | '、' | '．' | '）' | ')'));
        let starts_text = start == 0 || (start == 1 && matches!(chars[0], '（' | '('));
        if starts_text && marker_end {
            continue;
        }
        let value: Option<u32> = chars[start..end]
            .iter()
            .try_fold(0u32, |v, &c| Some(v.saturating_mul(10) + digit_value(c)?));
        let kind = match after {
            Some('年') if end - start == 4 => Kind::Date,
            Some('月') if value.is_some_and(|v| (1..=12).contains(&v)) => Kind::Date,
            // A day of a month (`5月12日`); `15日之内` is a count of days.
            Some('日' | '号') if before == Some('月') && value.is_some_and(|v| v <= 31) => {
                Kind::Date
            }
            Some('%' | '％') => Kind::Percent,
            _ if chars[end..].starts_with(&['个', '百', '分', '点']) => Kind::Percent,
            _ => Kind::Number,
        };
        push(start..end, kind, taken);
    }
    // 百分之十二 (the numeral after 百分之).
    let mut i = 0;
    while i + 3 < n {
        if chars[i..i + 3] == ['百', '分', '之'] {
            let start = i + 3;
            let end = (start..n)
                .find(|&j| !(is_cn_number(chars[j]) || matches!(chars[j], '百' | '点')))
                .unwrap_or(n);
            if end > start && !taken[start..end].iter().any(|&t| t) {
                push(start..end, Kind::Percent, taken);
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
}

/// Names of people: two or three Han characters starting with a common surname, followed by 同志
/// or a title and preceded by punctuation, a title or a linking word; then every other place
/// the same name stands in the speech.
fn add_names(speech: &Speech, out: &mut Vec<Replacement>) {
    let mut names: Vec<String> = Vec::new();
    speech.for_each_text(&mut |_, text| {
        let chars: Vec<char> = text.chars().collect();
        for (at, _) in text.char_indices() {
            let rest = &text[at..];
            if !AFTER_NAME
                .iter()
                .chain(&TITLES)
                .any(|w| rest.starts_with(w))
            {
                continue;
            }
            let i = text[..at].chars().count();
            if let Some(name) = name_before(&chars, i)
                && !names.contains(&name)
            {
                names.push(name);
            }
        }
    });
    if names.is_empty() {
        return;
    }
    // Longer names first, so that 张小明 is not also found as a 张小 inside it.
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    speech.for_each_text(&mut |target, text| {
        if target == TextRef::Field(Field::Speaker) {
            return;
        }
        let mut covered: Vec<Range<usize>> = out
            .iter()
            .filter(|r| r.target == target)
            .map(|r| r.chars.clone())
            .collect();
        for name in &names {
            for range in crate::text::index::match_ranges(text, name) {
                if covered
                    .iter()
                    .any(|c| c.start < range.end && range.start < c.end)
                {
                    continue;
                }
                covered.push(range.clone());
                out.push(Replacement {
                    target,
                    chars: range,
                    original: name.clone(),
                    kind: Kind::Name,
                });
            }
        }
    });
}

/// The name ending at character `end` of `chars`, if one stands there.
fn name_before(chars: &[char], end: usize) -> Option<String> {
    for len in [3, 2] {
        let Some(start) = end.checked_sub(len) else {
            continue;
        };
        let name = &chars[start..end];
        if !SURNAMES.contains(name[0]) || !name.iter().all(|&c| is_han(c)) {
            continue;
        }
        let boundary = start == 0
            || BEFORE_NAME.contains(chars[start - 1])
            || !is_han(chars[start - 1])
            || TITLES.iter().any(|t| {
                let t: Vec<char> = t.chars().collect();
                chars[..start].ends_with(&t)
            });
        let name: String = name.iter().collect();
        if boundary && !FIXED_NAMES.contains(&name.as_str()) && !NOT_NAMES.contains(&name.as_str())
        {
            return Some(name);
        }
    }
    None
}

/// The speech with the replacements whose `keep` is false blanked out (a missing `keep` entry
/// counts as replace). The speaker line, a name as a whole, becomes a blank when `blank_speaker`.
pub fn apply(
    speech: &Speech,
    replacements: &[Replacement],
    keep: &[bool],
    blank_speaker: bool,
) -> Speech {
    let mut out = speech.clone();
    let mut by_target: std::collections::HashMap<TextRef, Vec<Range<usize>>> =
        std::collections::HashMap::new();
    for (i, r) in replacements.iter().enumerate() {
        if !keep.get(i).copied().unwrap_or(false) {
            by_target.entry(r.target).or_default().push(r.chars.clone());
        }
    }
    out.for_each_text_mut(&mut |target, text| {
        if let Some(ranges) = by_target.get_mut(&target) {
            // From the end, so that earlier offsets stay valid.
            ranges.sort_by_key(|r| std::cmp::Reverse(r.start));
            for range in ranges.iter() {
                *text = crate::text::index::splice(text, range.clone(), BLANK);
            }
        }
    });
    if blank_speaker && !out.speaker.trim().is_empty() {
        out.speaker = BLANK.to_owned();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, Kind)> {
        let mut speech = Speech::new();
        speech.opening[0].text = text.to_owned();
        find(&speech)
            .into_iter()
            .map(|r| (r.original, r.kind))
            .collect()
    }

    fn blanked(text: &str) -> String {
        let mut speech = Speech::new();
        speech.opening[0].text = text.to_owned();
        let r = find(&speech);
        apply(&speech, &r, &[], false).opening[0].text.clone()
    }

    #[test]
    fn dates_numbers_percentages_and_names_become_blanks() {
        assert_eq!(
            blanked("2023年5月12日，全市完成投资3.5亿元，增长12.3%，新增企业1,200家。"),
            "*年*月*日，全市完成投资*亿元，增长*%，新增企业*家。"
        );
        assert_eq!(
            blanked("二〇二三年五月十二日，刚才，张小明同志通报了情况。"),
            "*年*月*日，刚才，*同志通报了情况。"
        );
        assert_eq!(
            blanked("市委书记王五同志强调，王五书记多次指出，比上年提高2个百分点、百分之十五。"),
            "市委书记*同志强调，*书记多次指出，比上年提高*个百分点、百分之*。"
        );
        assert_eq!(blanked("由李四同志作报告。"), "由*同志作报告。");
        // A count of days is a number, a day of a month a date.
        assert_eq!(
            found("发出后15日之内，每年1月20日前"),
            [
                ("15".to_owned(), Kind::Number),
                ("1".to_owned(), Kind::Date),
                ("20".to_owned(), Kind::Date)
            ]
        );
    }

    #[test]
    fn formulas_codes_structural_counts_and_markers_stay() {
        for text in [
            "以习近平同志为核心的党中央",
            "推进5G网络和G20峰会成果落实",
            "根据〔2024〕5号文件精神",
            "1. 坚持问题导向",
            "（2）加强组织领导",
            "市第十三次党代会提出三个务必",
            "全体同志、党员同志、老同志、各位同志",
            "许多同志反映，单位同志也说",
            "一月一次调度",
        ] {
            assert_eq!(found(text), [], "{text}");
        }
    }

    #[test]
    fn a_name_found_once_is_found_everywhere_it_stands() {
        let mut speech = Speech::new();
        speech.opening[0].text = "刚才，赵六同志作了讲话。".into();
        speech.closing = vec![speech.new_paragraph("赵六的要求，大家要落实。".into())];
        let r = find(&speech);
        assert_eq!(r.len(), 2);
        assert!(
            r.iter()
                .all(|r| r.kind == Kind::Name && r.original == "赵六")
        );
        assert_eq!(
            apply(&speech, &r, &[], false).closing[0].text,
            "*的要求，大家要落实。"
        );
    }

    #[test]
    fn kept_replacements_stay_and_keeping_all_changes_nothing() {
        let mut speech = Speech::new();
        speech.opening[0].text = "2023年完成投资35亿元。".into();
        let r = find(&speech);
        assert_eq!(r.len(), 2);
        let kept = apply(&speech, &r, &[true, false], false);
        assert_eq!(kept.opening[0].text, "2023年完成投资*亿元。");
        assert_eq!(apply(&speech, &r, &[true, true], false), speech);
    }

    #[test]
    fn the_speaker_line_is_blanked_as_a_whole_when_asked() {
        let mut speech = Speech::new();
        speech.speaker = "张三".into();
        assert!(find(&speech).is_empty());
        assert_eq!(apply(&speech, &[], &[], true).speaker, "*");
        assert_eq!(apply(&speech, &[], &[], false).speaker, "张三");
    }
}
