//! Page furniture of a speech copied from a web page or a newspaper: site headers and footers,
//! chunk markers, datelines, advertising, certain captions.

use crate::import::report::Review;
use crate::import::report::{Removed, Report};
use crate::text::chars::is_sentence_end;

/// Words that start a site's footer or advertising glued to the end of a speech.
pub(in crate::import) const AD_MARKERS: [&str; 7] = [
    "官方抖音号",
    "关注抖音号",
    "关注公众号",
    "微信公众号",
    "扫码关注",
    "展开阅读全文",
    "下载文档",
];

/// Whole lines that are a document site's or news page's furniture.
pub(in crate::import) const FURNITURE_LINES: [&str; 16] = [
    "上传人",
    "文档编号",
    "下载 相关 举报",
    "资源描述",
    "由会员分享",
    "该文档总共",
    "展开阅读全文",
    "相关资源",
    "猜你喜欢",
    "相关搜索",
    "当前位置",
    "版权所有",
    "ICP备",
    "本站为文档",
    "责任编辑",
    "责编：",
];

/// One pass over a line for all of [`FURNITURE_LINES`] (and one for [`AD_MARKERS`]): a search
/// per word made every line cost 23 searcher set-ups, a third of a large import.
static FURNITURE_SEARCH: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::new(FURNITURE_LINES).expect("fixed word list")
    });
static AD_SEARCH: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(AD_MARKERS)
        .expect("fixed word list")
});

/// Whether a line holds one of [`FURNITURE_LINES`].
pub(in crate::import) fn has_furniture_words(t: &str) -> bool {
    FURNITURE_SEARCH.is_match(t)
}

/// Removes page furniture line by line and returns the remaining lines (trimmed, non-empty).
pub(in crate::import) fn strip_furniture(text: &str, report: &mut Report) -> Vec<String> {
    let raw: Vec<&str> = text.lines().collect();
    let out = join_site_chunks(&raw, report).unwrap_or_else(|| page_lines(&raw, report));
    let mut kept = strip_line_furniture(out, report);
    strip_licence(&mut kept, report);
    strip_repost_lead(&mut kept, report);
    kept
}

/// A repost's own words before the speech, up to the line that hands over to it (`以下是原文，
/// 演讲全文仅535字：`, `讲话全文如下：`): the poster's, not the speaker's — removed and listed.
/// Only in the first two fifths of the text, and only where a title or a salutation follows
/// within five lines: a speech that announces a document it quotes (`以下是通知全文：`) goes on
/// with sentences.
fn strip_repost_lead(kept: &mut Vec<String>, report: &mut Report) {
    let total: usize = kept.iter().map(|l| l.chars().count()).sum();
    let mut before = 0;
    let mut at = None;
    for (i, l) in kept.iter().enumerate() {
        if 5 * before > 2 * total {
            break;
        }
        if hands_over_to_the_text(l.trim()) {
            at = Some(i);
            break;
        }
        before += l.chars().count();
    }
    let Some(at) = at else {
        return;
    };
    let heads_follow = kept[at + 1..]
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .take(5)
        .any(|l| {
            let n = l.chars().count();
            (2..=40).contains(&n) && !l.contains(is_sentence_end) && !l.contains('，')
                || l.ends_with(['：', ':']) && n <= 60
        });
    if !heads_follow {
        return;
    }
    for l in kept.drain(..=at) {
        let t = l.trim();
        if !t.is_empty() {
            report.removed.push(Removed {
                kind: "转载者的话",
                text: t.to_owned(),
            });
        }
    }
}

/// A short line that hands over to the text that follows: `以下是原文：`, `以下为讲话全文：`,
/// `演讲全文如下：`.
fn hands_over_to_the_text(t: &str) -> bool {
    if t.chars().count() > 30 || !t.ends_with(['：', ':']) {
        return false;
    }
    let names_it = ["原文", "全文"].iter().any(|w| t.contains(w));
    names_it
        && (["以下是", "以下为", "下面是", "下文是"]
            .iter()
            .any(|w| t.starts_with(w))
            || t.trim_end_matches(['：', ':']).ends_with("如下"))
}

/// A document site's text cut into numbered chunks (`1、` `2、` …, cut mid-sentence): joined
/// into one, the chunk markers and what stands before and after listed as removed. `None`
/// when the text is not cut so.
fn join_site_chunks(raw: &[&str], report: &mut Report) -> Option<Vec<String>> {
    // Document sites cut the text into chunks `1、` `2、` … whose cuts fall mid-sentence.
    let chunk = |l: &str| -> Option<u64> {
        let t = l.trim_start();
        let d = t.chars().take_while(char::is_ascii_digit).count();
        (d > 0 && t[d..].starts_with('、')).then(|| t[..d].parse().ok())?
    };
    let mut chunk_lines = Vec::new();
    let mut expect = 1;
    for (i, l) in raw.iter().enumerate() {
        if chunk(l) == Some(expect) && l.chars().count() > 60 {
            chunk_lines.push(i);
            expect += 1;
        }
    }
    // Chunks follow each other with nothing but empty lines between, and a cut falls inside a
    // sentence. Long numbered paragraphs of a speech (`1、我们要……。`) end their sentences and
    // have text between them: they are the author's, kept whole.
    let contiguous = chunk_lines
        .windows(2)
        .all(|w| raw[w[0] + 1..w[1]].iter().all(|l| l.trim().is_empty()));
    let cut_mid_sentence = chunk_lines[..chunk_lines.len().saturating_sub(1)]
        .iter()
        .any(|&i| {
            let t = raw[i].trim_end();
            !t.ends_with(is_sentence_end)
                && !t.ends_with(['：', ':', '”', '’', '…', '）', ')', '」', '』', '"'])
        });
    if chunk_lines.len() < 2 || !contiguous || !cut_mid_sentence {
        return None;
    }
    let (first, last) = (chunk_lines[0], chunk_lines[chunk_lines.len() - 1]);
    for l in raw[..first].iter().filter(|l| !l.trim().is_empty()) {
        report.removed.push(Removed {
            kind: "页眉",
            text: l.trim().to_owned(),
        });
    }
    let mut joined = String::new();
    for &i in &chunk_lines {
        let t = raw[i].trim();
        let d = t.chars().take_while(char::is_ascii_digit).count();
        report.removed.push(Removed {
            kind: "分块标记",
            text: t[..=d + 2].to_owned(),
        });
        joined.push_str(&t[d + '、'.len_utf8()..]);
    }
    for l in raw[last + 1..].iter().filter(|l| !l.trim().is_empty()) {
        report.removed.push(Removed {
            kind: "页脚",
            text: l.trim().to_owned(),
        });
    }
    Some(vec![joined])
}

/// The non-empty lines, trimmed, without a web page's furniture lines (navigation, share bars,
/// page counters).
fn page_lines(raw: &[&str], report: &mut Report) -> Vec<String> {
    let mut out = Vec::new();
    for l in raw {
        let t = l.trim_matches(|c: char| c.is_whitespace());
        if t.is_empty() {
            continue;
        }
        if is_breadcrumb(t) {
            report.removed.push(Removed {
                kind: "网页导航",
                text: t.to_owned(),
            });
            continue;
        }
        if has_furniture_words(t) || is_page_counter(t) || is_page_line(t) {
            // Glued to a sentence of the speech, only the furniture goes.
            if let Some((keep, furniture)) = split_glued(t) {
                report.removed.push(Removed {
                    kind: "网页附加信息",
                    text: furniture.to_owned(),
                });
                out.push(keep.to_owned());
                continue;
            }
            report.removed.push(Removed {
                kind: "网页附加信息",
                text: t.to_owned(),
            });
            continue;
        }
        out.push(t.to_owned());
    }
    out
}

/// A page's breadcrumb trail: short steps joined by ` > ` (`外交时期 > 综述 > 钱其琛：在……上的
/// 讲话`), or a last step standing alone (`> 文章内容`). A speech writes no such line: a `>`
/// between spaced words is not Chinese punctuation.
pub(in crate::import) fn is_breadcrumb(t: &str) -> bool {
    const SEPARATORS: [&str; 4] = [" > ", " ＞ ", " › ", " » "];
    let Some(sep) = SEPARATORS
        .iter()
        .find(|s| t.contains(**s) || t.starts_with(s.trim_start()))
    else {
        return false;
    };
    if t.contains(['。', '！', '？', '；']) {
        return false;
    }
    let steps: Vec<&str> = t.split(sep.trim()).map(str::trim).collect();
    let short = |s: &&str| s.chars().count() <= 40;
    match steps.as_slice() {
        ["", last] => (1..=8).contains(&last.chars().count()),
        _ => steps.len() >= 3 && steps.iter().all(|s| !s.is_empty() && short(s)),
    }
}

/// Words that start a page's note on a line: a source, a date, an author, an editor.
const NOTE_WORDS: [&str; 12] = [
    "来源：",
    "图片来源：",
    "信息来源：",
    "稿件来源：",
    "发布时间：",
    "发布日期：",
    "点击数：",
    "浏览次数：",
    "作者：",
    "文章来源：",
    "责任编辑",
    "责编：",
];

/// A furniture line that is really a sentence of the speech with a page's note glued before
/// or after it (`……合理区间。（来源：人民日报）`, `（责任编辑：张三）……`): the sentence and the
/// note, or `None` when the line is the note alone (or a note inside a sentence, which is
/// the author's).
fn split_glued(t: &str) -> Option<(&str, &str)> {
    let at = NOTE_WORDS.iter().filter_map(|w| t.find(w)).min()?;
    let sentence = |s: &str| {
        s.chars().filter(|c| crate::text::chars::is_han(*c)).count() >= 6
            && s.trim_end().ends_with(['。', '！', '？', '”', '…'])
    };
    // After the sentence: the note runs to the end, perhaps in brackets.
    let head = t[..at].trim_end_matches(['（', '(', '【', '[', ' ', '\u{3000}']);
    // A speech's date line with the page's source after it: `（2025年9月3日，上午） 来源：新华社`.
    if sentence(head) || crate::import::structure::head::is_date_line(head.trim()) {
        return Some((head.trim_end(), &t[head.len()..]));
    }
    // Before it: a bracketed note that closes before the sentence starts.
    if head.is_empty() && t.starts_with(['（', '(', '【', '[']) {
        let close = t.find(['）', ')', '】', ']'])?;
        let end = close + t[close..].chars().next()?.len_utf8();
        let rest = t[end..].trim_start();
        if sentence(rest) {
            return Some((rest, &t[..end]));
        }
    }
    None
}

/// Furniture within or as whole lines: advertising, news datelines and trailers, editor's notes,
/// certain photo captions (a possible one is kept and listed for review).
fn strip_line_furniture(out: Vec<String>, report: &mut Report) -> Vec<String> {
    let mut kept = Vec::new();
    for mut line in out {
        if let Some(cut) = AD_SEARCH.find(&line).map(|m| m.start()) {
            report.removed.push(Removed {
                kind: "广告",
                text: line[cut..].to_owned(),
            });
            line.truncate(cut);
        }
        if let Some(rest) = strip_news_dateline(&line, report) {
            line = rest;
        }
        if is_newspaper_trailer(&line) {
            report.removed.push(Removed {
                kind: "报纸版面信息",
                text: line,
            });
            continue;
        }
        // Spaced out as a label often is (`【导  读】`).
        let head: String = line
            .chars()
            .take(10)
            .filter(|c| !c.is_whitespace())
            .collect();
        if [
            "编者按",
            "【编者按",
            "编者的话",
            "【编者的话",
            "编者注",
            "【编者注",
            "导读：",
            "【导读】",
            "【导读：",
        ]
        .iter()
        .any(|k| head.starts_with(k))
        {
            // The editor's words about the speech, not the speaker's.
            report.removed.push(Removed {
                kind: if head.contains("导读") {
                    "导读"
                } else {
                    "编者按"
                },
                text: line,
            });
            continue;
        }
        if kept.len() < 5 && is_document_header(&line) {
            // A document's header over the title: its issuer's number, its signer.
            report.removed.push(Removed {
                kind: "公文版头",
                text: line,
            });
            continue;
        }
        if is_certain_caption(&line) {
            report.removed.push(Removed {
                kind: "图片说明",
                text: line,
            });
            continue;
        }
        if line.starts_with("图为") || line.starts_with("图：") {
            report
                .review
                .push(Review::PossibleCaption { text: line.clone() });
        }
        let trimmed = line.trim();
        if trimmed.len() == line.len() {
            if !line.is_empty() {
                kept.push(line);
            }
        } else if !trimmed.is_empty() {
            kept.push(trimmed.to_owned());
        }
    }
    kept
}

/// A line of a document's header: the signer (`签发人：张三`), or the document's number alone
/// (`绍市委办〔2019〕12号`, `电邮讲话【2013】004号`).
pub(in crate::import) fn is_document_header(line: &str) -> bool {
    let t = crate::import::unspaced(line);
    if let Some(name) = t
        .strip_prefix("签发人：")
        .or_else(|| t.strip_prefix("签发人:"))
    {
        return name.chars().count() <= 12;
    }
    // `…〔2019〕12号`: a year in brackets, digits, 号, and nothing after.
    let Some(rest) = t.strip_suffix('号') else {
        return false;
    };
    let digits = rest.chars().rev().take_while(char::is_ascii_digit).count();
    let before: Vec<char> = rest.chars().rev().skip(digits).take(6).collect();
    digits > 0
        && t.chars().count() <= 24
        && before.len() == 6
        && matches!(before[0], '〕' | '】' | ']' | '）')
        && before[1..5].iter().all(char::is_ascii_digit)
        && matches!(before[5], '〔' | '【' | '[' | '（')
}

/// An online library's licence box at the end of the page.
fn strip_licence(kept: &mut Vec<String>, report: &mut Report) {
    // An online library's licence box closes the page: `本作品是中华人民共和国的…属于公有领域`,
    // its notes, `Public domain`. Only as the page's last lines, and only when it says so.
    // The library's own mark (`Public domain`) must be there: a speech about copyright may
    // well say 本作品 and 公有领域.
    let licence = kept
        .iter()
        .position(|l| l.starts_with("本作品") && l.chars().count() <= 100)
        .filter(|&k| {
            let tail = &kept[k..];
            tail.iter().any(|l| l == "Public domain")
                && tail
                    .iter()
                    .any(|l| l.contains("公有领域") || l.contains("著作权"))
                && tail.iter().map(|l| l.chars().count()).sum::<usize>() <= 4000
        });
    if let Some(k) = licence {
        for line in kept.split_off(k) {
            report.removed.push(Removed {
                kind: "版权声明",
                text: line,
            });
        }
    }
}

/// Whole lines that are a web page's navigation, share bar or link-list headings: short and
/// exactly one of these.
pub(in crate::import) const PAGE_WORDS: [&str; 34] = [
    "首页",
    "新闻",
    "网站首页",
    "返回首页",
    "分享到",
    "分享到：",
    "QQ空间",
    "新浪微博",
    "腾讯微博",
    "人人网",
    "开心网",
    "微信",
    "更多",
    "打印",
    "关闭",
    "关闭窗口",
    "打印本页",
    "【打印正文】【关闭窗口】",
    "返回顶部",
    "相关报道",
    "相关新闻",
    "相关阅读",
    "相关文章",
    "新闻推荐",
    "最新新闻",
    "热点新闻",
    "推荐阅读",
    "热门文章",
    "上一篇",
    "下一篇",
    "【字体：大 中 小】",
    "字体：大 中 小",
    "扫一扫",
    "收藏",
];

/// A line of a web page that is not the speech: navigation words, link lists (`·标题`,
/// `[06-11]` dates), previous/next links, `来源：` and `发布时间：` lines, click counters.
pub(in crate::import) fn is_page_line(t: &str) -> bool {
    let n = t.chars().count();
    PAGE_WORDS.contains(&t)
        // A link in a list: `·遂宁出台物业管理招标投标实施意见`.
        || (t.starts_with(['·', '•']) && n <= 60)
        || ((t.starts_with("上一篇") || t.starts_with("下一篇")) && n <= 80)
        // A link back (`返回学院网站`, `返回列表`), as short as a link is.
        || (t.starts_with("返回")
            && n <= 8
            && ["首页", "网站", "主页", "列表", "顶部", "上页", "上一页"]
                .iter()
                .any(|w| t.ends_with(w)))
        || n <= 60
            && !t.ends_with('。')
            && NOTE_WORDS.iter().any(|k| t.contains(k))
}

pub(in crate::import) fn is_page_counter(t: &str) -> bool {
    // 第3页 / 共8页, x.docx_第3页
    (t.starts_with('第') && t.contains("页") && t.contains('共') && t.chars().count() < 20)
        || (t.contains("_第") && t.ends_with('页'))
}

/// `（新华社北京3月6日电）` or `新华社北京3月6日电` opening a news text.
pub(in crate::import) fn strip_news_dateline(line: &str, report: &mut Report) -> Option<String> {
    let end = if let Some(rest) = line.strip_prefix("本报讯") {
        // `本报讯（记者 王明）` or `本报讯` alone: no 电 to look for.
        let after = if rest.starts_with(['（', '(']) {
            let close = rest.find(['）', ')'])?;
            close + rest[close..].chars().next()?.len_utf8()
        } else {
            0
        };
        "本报讯".len() + after
    } else {
        let close = if line.starts_with('（') {
            "日电）"
        } else if line.starts_with("新华社") || line.starts_with("本报") {
            "日电"
        } else {
            return None;
        };
        // A dateline ends in its date and 电 (`3月6日电`): a 电 of the text (`电力`) is the
        // author's.
        line.find(close)? + close.len()
    };
    let head = &line[..end];
    if head.chars().count() > 30 || !(head.contains("新华社") || head.contains("本报")) {
        return None;
    }
    report.removed.push(Removed {
        kind: "新闻电头",
        text: head.to_owned(),
    });
    Some(line[end..].trim_start_matches(['　', ' ']).to_owned())
}

/// `《 人民日报 》（ 2020年03月07日 02 版）`
pub(in crate::import) fn is_newspaper_trailer(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('《') && t.ends_with("版）") && t.chars().count() < 50
}

/// A line that is certainly a photo caption: it ends with a photographer's credit.
pub(in crate::import) fn is_certain_caption(line: &str) -> bool {
    let t = line.trim();
    // A photographer's credit on a line of its own: `摄影/王晓明`, `摄影：王晓明`.
    if let Some(name) = t.strip_prefix("摄影")
        && let Some(name) = name.strip_prefix(['/', '／', '：', ':'])
        && (2..=12).contains(&name.chars().count())
        && !name.contains(['，', '。'])
    {
        return true;
    }
    (t.ends_with("摄）") || t.ends_with("摄)") || t.ends_with("摄"))
        && t.contains("记者")
        && t.chars().count() < 120
}

/// A browser or site title: `讲话标题- 某某网` / `讲话标题 | 某某网` / `讲话标题_某某网`. The site's
/// name is cut off (and listed) when what precedes it reads as a speech's title.
pub(in crate::import) fn strip_site_suffix(line: &str, report: &mut Report) -> String {
    const TITLE_ENDS: [&str; 9] = [
        "讲话",
        "致辞",
        "报告",
        "发言",
        "贺词",
        "讲稿",
        "说明",
        "讲话稿",
        "发言稿",
    ];
    for sep in [" - ", "- ", " -", " | ", "|", "_", "——"] {
        if let Some(at) = line.rfind(sep) {
            let (title, site) = (line[..at].trim_end(), &line[at..]);
            let site_name = site[sep.len()..].trim();
            let short = (1..=16).contains(&site_name.chars().count());
            if short
                && !site_name.contains(['。', '，', '：'])
                && TITLE_ENDS.iter().any(|e| title.ends_with(e))
            {
                report.removed.push(Removed {
                    kind: "网站名称",
                    text: site.trim().to_owned(),
                });
                return title.to_owned();
            }
        }
    }
    line.to_owned()
}
