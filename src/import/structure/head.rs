//! The head of a speech: title, subtitle, date and speaker lines, the salutation, and where the
//! closing starts.

use crate::doc::model::Speech;
use crate::import::report::Report;
use crate::import::report::{Detected, Review};

pub(in crate::import) const SALUTATIONS: [&str; 9] = [
    "同志们、朋友们",
    "女士们、先生们",
    "女士们，先生们",
    "各位代表",
    "各位委员",
    "各位来宾",
    "各位领导",
    "同志们",
    "大家好",
];

pub(in crate::import) fn starts_closing(cs: &[char], at: usize) -> bool {
    let rest: String = cs[at..cs.len().min(at + 4)].iter().collect();
    starts_closing_str(&rest)
}

/// [`starts_closing`] at the start of a text.
pub(in crate::import) fn starts_closing_str(t: &str) -> bool {
    ["同志们，", "同志们！", "同志们,"]
        .iter()
        .any(|w| t.starts_with(w))
}

/// Whether a paragraph after the body can start the closing: [`starts_closing_str`], the
/// audience addressed again (`同学们、老师们，`, `各位来宾，`, `各位代表！我们…`), or thanks
/// standing alone (`谢谢大家！`). Only for telling the closing from the last section: line splitting keeps
/// to [`starts_closing`], so no paragraph of the author's is cut at these.
pub(in crate::import) fn starts_closing_paragraph(t: &str) -> bool {
    if starts_closing_str(t) {
        return true;
    }
    if is_thanks(t) || is_readdress(t) {
        return true;
    }
    // The address, then words: `各位代表！我们要…`, `同学们、老师们！新的一年…`.
    let lead = t.trim_start();
    if lead
        .char_indices()
        .take(30)
        .find(|(_, c)| matches!(c, '！' | '!'))
        .is_some_and(|(at, c)| is_readdress(&lead[..at + c.len_utf8()]))
    {
        return true;
    }
    // The words before the first comma address the audience, and nothing else.
    let Some(head) = t.split(['，', ',']).next().filter(|h| h.len() < t.len()) else {
        return false;
    };
    let parts: Vec<&str> = head.split('、').collect();
    parts.len() <= 3
        && parts.iter().all(|p| {
            let n = p.chars().count();
            (3..=8).contains(&n)
                && (p.ends_with('们') || p.starts_with("各位") || p.starts_with("亲爱的"))
                && AUDIENCE.iter().any(|w| p.contains(w))
        })
}

/// Thanks standing alone: `谢谢大家！`.
pub(in crate::import) fn is_thanks(t: &str) -> bool {
    matches!(
        t.trim(),
        "谢谢大家！" | "谢谢大家。" | "谢谢！" | "谢谢各位！" | "谢谢大家!"
    )
}

/// A paragraph that addresses the audience again and says nothing else: `同志们、朋友们！`.
pub(in crate::import) fn is_readdress(t: &str) -> bool {
    let t = t.trim();
    // Asked of every paragraph: an address is short, so a long one costs no copy.
    t.ends_with(['！', '!'])
        && t.len() <= 60 * 4
        && is_audience_list(&t.chars().collect::<Vec<_>>())
}

/// A line of a salutation over several lines, before its last: short, naming the audience,
/// ending in a comma.
pub(in crate::import) fn is_audience_line(line: &str) -> bool {
    let words = line.trim_end_matches(['，', ',', '、']);
    line.ends_with(['，', ',', '、'])
        && line.chars().count() <= 40
        && !line.contains(['。', '！', '？', '：'])
        && (AUDIENCE.iter().any(|w| line.contains(w))
            // `全国同胞们，`, `全体受阅将士们，`: people addressed by what they are.
            || words.ends_with('们') && words.chars().count() >= 3 && !words.contains(['我', '你', '他']))
}

/// Words that name a speech's audience.
pub(in crate::import) const AUDIENCE: [&str; 21] = [
    "同志", "代表", "来宾", "嘉宾", "领导", "朋友", "先生", "女士", "委员", "同学", "老师", "家长",
    "校友", "同仁", "乡亲", "同事", "贵宾", "人士", "总统", "主席", "阁下",
];

/// Where a salutation starts in a line, with its length in chars (colon included).
pub(in crate::import) fn find_salutation(cs: &[char]) -> Option<(usize, usize)> {
    // A line of its own that only names the audience: 各位老领导、老同志：
    if is_audience_list(cs) {
        return Some((0, cs.len()));
    }
    // The same at the start of the first paragraph: 诸位代表先生们：我们有一个共同的感觉……
    if let Some(end) = cs
        .iter()
        .take(30)
        .position(|c| matches!(c, '：' | ':' | '！' | '!'))
        && end + 1 < cs.len()
        && is_audience_list(&cs[..=end])
    {
        return Some((0, end + 1));
    }
    for s in SALUTATIONS {
        let sc: Vec<char> = s.chars().collect();
        for at in 0..cs.len().saturating_sub(sc.len()) {
            if cs[at..].starts_with(&sc) && matches!(cs.get(at + sc.len()), Some('：' | ':')) {
                return Some((at, sc.len() + 1));
            }
        }
    }
    None
}

/// A line of its own that only names the audience, ending in a colon (or `！`):
/// `各位代表：`, `尊敬的各位领导、各位来宾，女士们、先生们、朋友们：`. Every part between its
/// commas names someone (ends in `们` or an audience word), so a sentence ending in a colon
/// (`主要做了以下工作：`, `向同志们：`) is none.
fn is_audience_list(cs: &[char]) -> bool {
    if cs.len() > 60 || !matches!(cs.last(), Some('：' | ':' | '！' | '!')) {
        return false;
    }
    let t: String = cs[..cs.len() - 1].iter().collect();
    let parts: Vec<&str> = t.split(['、', '，', ',']).map(str::trim).collect();
    // Before a colon, a part that addresses whoever it names (`各位教官`, `尊敬的西软客户`);
    // `亲爱的祖国！` is an exclamation.
    let colon = matches!(cs.last(), Some('：' | ':'));
    parts.iter().all(|p| {
        let n = p.chars().count();
        !p.is_empty()
                && n <= 12
                // 同学们, 朋友们, not 我们 or 他们.
                && ((p.ends_with('们') && n >= 3)
                    || AUDIENCE.iter().any(|w| p.ends_with(w))
                    || colon && addresses(p))
    })
}

/// `各位教官`, `尊敬的西软客户`: a respectful address and a few characters naming people, no
/// word of a sentence (`各位要记住：`, `各位请注意：`).
fn addresses(p: &str) -> bool {
    let Some(rest) = ["各位", "尊敬的", "亲爱的"]
        .iter()
        .find_map(|w| p.strip_prefix(w))
    else {
        return false;
    };
    (2..=8).contains(&rest.chars().count())
        && rest.chars().all(crate::text::chars::is_han)
        && !rest.contains(['要', '请', '是', '在', '把', '都', '就', '也', '能', '会'])
}

/// Title, with date and speaker lines or a date/speaker fused to it.
pub(in crate::import) fn title_block(speech: &mut Speech, head: Vec<String>, report: &mut Report) {
    let mut lines = head.into_iter();
    let Some(first) = lines.next() else {
        report.review.push(Review::NoTitle);
        return;
    };
    let (title, date, speaker) = split_fused_title(&first);
    // `主标题——在……上的讲话` on one line: the part from the dash is the subtitle.
    match occasion_subtitle(&title) {
        Some(at) => {
            speech.subtitle = title[at..].trim().to_owned();
            speech.title = title[..at].trim().to_owned();
        }
        None => speech.title = title,
    }
    report.detected.push(Detected::Title {
        text: speech.title.clone(),
    });
    if let Some(d) = date {
        speech.date_line = d;
    }
    if let Some(s) = speaker {
        speech.speaker = s;
    }
    for l in lines {
        if speech.speaker.is_empty()
            && speech.date_line.is_empty()
            && let Some((name, date)) = name_and_date(&l)
        {
            // `王  琛  2020.6.20`: the speaker and the date on one line.
            speech.speaker = name.to_owned();
            speech.date_line = date.to_owned();
        } else if is_date_line(&l) && speech.date_line.is_empty() {
            speech.date_line = l;
        } else if speech.subtitle.is_empty() && (l.starts_with("——") || l.starts_with("--")) {
            speech.subtitle = l;
        } else if !speech.speaker.is_empty()
            && !speech.speaker.contains([' ', '\u{3000}'])
            && speech.speaker.chars().count() >= 4
            && speech
                .speaker
                .ends_with(['长', '记', '理', '席', '任', '员', '官', '使', '监', '委'])
            && (2..=4).contains(&l.chars().count())
            && l.chars().all(crate::text::chars::is_han)
        {
            // An office and a name on two lines: `国务院总理` / `李克强`.
            speech.speaker = format!("{} {l}", speech.speaker);
        } else if speech.speaker.is_empty() && name_like(&l) {
            speech.speaker = l;
        } else {
            // Anything else in the title block stays, as a subtitle, rather than being lost.
            if !speech.subtitle.is_empty() {
                speech.subtitle.push(' ');
            }
            speech.subtitle.push_str(&l);
        }
    }
    for (field, v) in [
        ("副标题", &speech.subtitle),
        ("日期", &speech.date_line),
        ("讲话人", &speech.speaker),
    ] {
        if !v.is_empty() {
            report.detected.push(Detected::Byline {
                field,
                text: v.clone(),
            });
        }
    }
}

/// A speaker line: a name (`曹雪涛`), or an office and a name set apart by a space
/// (`县委副书记、县长 陈立新`). A title's second line (`为全面建设…而团结奋斗`) is none.
pub(in crate::import) fn name_like(l: &str) -> bool {
    if l.chars().count() > 30 || l.contains(['。', '，', '：', ':', '！', '？', '；']) {
        return false;
    }
    // A site's column (`招标动态`, `领导讲话`) is no one's name.
    if [
        "动态", "公告", "要闻", "新闻", "信息", "专题", "讲话", "文件", "通知", "资讯", "首页",
    ]
    .iter()
    .any(|w| l.ends_with(w))
    {
        return false;
    }
    let name = l
        .rsplit([' ', '\u{3000}'])
        .next()
        .unwrap_or(l)
        .trim_matches(['（', '）', '(', ')']);
    (2..=5).contains(&name.chars().count())
        && name.chars().all(crate::text::chars::is_han)
        && (name.len() < l.len() || l.chars().count() <= 5)
}

pub(in crate::import) fn is_date_line(l: &str) -> bool {
    let t = l.trim_matches(['（', '）', '(', ')']);
    // `2025年9月30日，晚上`: the time of day after the date.
    let t = ["上午", "下午", "晚上", "早上", "中午"]
        .iter()
        .find_map(|w| t.strip_suffix(w))
        .map_or(t, |d| d.trim_end_matches(['，', ',', ' ', '\u{3000}']));
    t.contains('年') && t.contains('月') && t.ends_with('日') && t.chars().count() <= 16
        || numeric_date(t)
}

/// `2020.6.20`, `2020-06-20`, `2020/6/20`, `2020．6．20`: a year of four digits, a month and a day.
fn numeric_date(t: &str) -> bool {
    let parts: Vec<&str> = t.split(['.', '．', '-', '/']).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && parts[0].len() == 4
        && parts[1].len() <= 2
        && parts[2].len() <= 2
}

/// A name and a date on one line (`王  琛  2020.6.20`, `张三 2024年3月1日`): the name as written
/// (two to four Han characters, perhaps spaced out) and the date.
fn name_and_date(l: &str) -> Option<(&str, &str)> {
    let l = l.trim();
    let at = l.rfind([' ', '\u{3000}'])?;
    let (name, date) = (l[..at].trim(), l[at..].trim());
    let han = name.chars().filter(|c| !c.is_whitespace()).count();
    let name_ok = (2..=4).contains(&han)
        && name
            .chars()
            .all(|c| c.is_whitespace() || crate::text::chars::is_han(c));
    (name_ok && is_date_line(date)).then_some((name, date))
}

/// Where a subtitle naming the occasion starts in a title line (`决胜……伟大胜利——在中国共产党
/// 第十九次全国代表大会上的报告`): a `——` after some words, followed by `在……上` or by words
/// ending in 讲话, 报告, 致辞, 发言, 演讲 or 党课. A dash inside a title that is no such subtitle
/// stays.
fn occasion_subtitle(title: &str) -> Option<usize> {
    let at = title.find("——")?;
    let rest = &title[at..];
    let before = title[..at].trim();
    let end = rest.trim_end_matches(['。', '）', ')']);
    let occasion = (rest.contains('在') && rest.contains('上'))
        || ["讲话", "报告", "致辞", "发言", "演讲", "党课"]
            .iter()
            .any(|w| end.ends_with(w));
    (before.chars().count() >= 4 && occasion).then_some(at)
}

/// `…时的讲话（2020年2月3日）习近平` → title, date line, speaker.
pub(in crate::import) fn split_fused_title(line: &str) -> (String, Option<String>, Option<String>) {
    if let Some(open) = line.find(['（', '('])
        && open > 0
    {
        let rest = &line[open..];
        if let Some(close) = rest.find(['）', ')']) {
            let close_len = rest[close..].chars().next().map_or(1, char::len_utf8);
            let date = &rest[..close + close_len];
            if is_date_line(date) {
                let speaker = rest[close + close_len..].trim();
                return (
                    line[..open].trim().to_owned(),
                    Some(date.to_owned()),
                    (!speaker.is_empty()).then(|| speaker.to_owned()),
                );
            }
        }
    }
    (line.trim().to_owned(), None, None)
}
