//! Markdown and HTML markup around a speech copied from a web editor or a chat: headings, emphasis,
//! lists, media, tags. Bold sentences are kept as hints for lead sentences.

use crate::import::report::Review;
use crate::import::report::{Normalised, Removed, Report};

/// Whether a line holds a bold sentence: `**` + at least four characters ending in sentence
/// punctuation + `**`. Template blanks (`投资**亿元，增长**%`) never end that way.
pub(in crate::import) fn has_bold_sentence(line: &str) -> bool {
    let marks: Vec<usize> = line.match_indices("**").map(|(i, _)| i).collect();
    marks.windows(2).any(|w| {
        let inner = &line[w[0] + 2..w[1]];
        inner.chars().count() >= 4
            && !inner.starts_with(char::is_whitespace)
            && !inner.contains('*')
            && inner.ends_with(['。', '：', '！', '？', '，', '；', '”'])
    })
}

/// A whole line that is a Markdown image or link: `![图](http…)`, `[转入文章首发地址](http…)`.
pub(in crate::import) fn is_markdown_media(t: &str) -> bool {
    (t.starts_with("![") || t.starts_with('[')) && t.contains("](") && t.ends_with(')')
}

/// A whole line that is a page's player or embedded frame (`<object …><embed …></object>`,
/// `<iframe …></iframe>`, `<video …>`): markup only, no words outside its tags.
pub(in crate::import) fn is_embedded_player(t: &str) -> bool {
    const OPENERS: [&str; 5] = ["<object", "<embed", "<iframe", "<video", "<audio"];
    // Asked of every line of a text: compare the first bytes only, copy nothing.
    let opens = OPENERS.iter().any(|o| {
        t.as_bytes()
            .get(..o.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(o.as_bytes()))
    });
    if !opens || !t.ends_with('>') {
        return false;
    }
    // Outside the tags: nothing but spaces.
    let mut depth = 0usize;
    t.chars().all(|c| match c {
        '<' => {
            depth += 1;
            true
        }
        '>' => {
            depth = depth.saturating_sub(1);
            true
        }
        _ => depth > 0 || c.is_whitespace(),
    })
}

/// A page's label standing over a player: `视频：`, `视频`, `相关视频：`.
fn is_media_label(l: &str) -> bool {
    let t = l.trim().trim_end_matches(['：', ':']);
    ["视频", "音频", "相关视频", "讲话视频", "现场视频"].contains(&t)
}

/// The speech's title from a front-matter `title:` value, without the site's decoration
/// (`南开大学->` before it, ` | nankai.info` after it): (what precedes it in the value, the
/// title, what follows it).
pub(in crate::import) fn front_title(value: &str) -> (&str, &str, &str) {
    let v = value.trim_end();
    let start = v.rfind("->").map_or(0, |i| i + 2);
    let end = v.rfind(" | ").filter(|&e| e > start).unwrap_or(v.len());
    let title = v[start..end].trim_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'');
    let at = start + v[start..end].find(title).unwrap_or(0);
    (&value[..at], title, &value[at + title.len()..])
}

/// Markdown as left by a speech kept in a blog or notes app: the front matter (its title kept
/// as the speech's title), image and link lines, `#` heading signs and `**` bold markers are
/// removed and listed. Only when the text is certainly Markdown — it has front matter, an image
/// or link line, or a bold sentence — so that `**` blanks in a template stay blanks.
/// `bold` receives the bold sentences that open a line (`**惟“守正”方能“创新”。**…`): the
/// author's own marking of lead sentences.
pub(in crate::import) fn strip_markdown<'a>(
    text: &'a str,
    report: &mut Report,
    bold: &mut Vec<String>,
) -> std::borrow::Cow<'a, str> {
    let lines: Vec<&str> = text.split('\n').collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let front = first.and_then(|i| front_matter(&lines, i));
    // A first line `# 标题` (or `## 标题`, as pages nested in a book write it) is a Markdown
    // title.
    let hash_title = first.is_some_and(|i| {
        let t = lines[i].trim_start();
        let rest = t.trim_start_matches('#');
        (1..=6).contains(&(t.len() - rest.len())) && rest.starts_with([' ', '\u{3000}'])
    });
    let markdown = front.is_some()
        || hash_title
        || lines
            .iter()
            .any(|l| is_markdown_media(l.trim()) || has_bold_sentence(l));
    // HTML tags left in a post or a pasted text (`<p>`, `<br>`, `<div align=…>`): markup in any
    // text, Markdown or not. Only known tag names: `<` is text elsewhere.
    let html = lines
        .iter()
        .any(|l| !html_tags(l).is_empty() || is_embedded_player(l.trim()));
    if !markdown && !html {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for (n, line) in lines.iter().enumerate() {
        let t = line.trim();
        if front.as_ref().is_some_and(|f| f.contains(&n)) {
            out.extend(front_line(t, report));
            continue;
        }
        if is_markdown_media(t) {
            report.removed.push(Removed {
                kind: "网页图片或链接",
                text: t.to_owned(),
            });
            continue;
        }
        // A thematic break (`---`, `***`) is layout; a line of `_` may be a blank to fill.
        if markdown
            && t.len() >= 3
            && (t.bytes().all(|b| b == b'-') || t.bytes().all(|b| b == b'*'))
        {
            list_markup(
                report,
                n,
                vec![("删除分隔线", 1, t.to_owned(), String::new())],
            );
            continue;
        }
        if is_embedded_player(t) {
            // The page's label for it (`视频：`) goes with it: it names no words of the speech.
            if let Some(label) = out.iter_mut().rev().find(|l| !l.trim().is_empty())
                && is_media_label(label)
            {
                report.removed.push(Removed {
                    kind: "网页视频或嵌入内容",
                    text: std::mem::take(label).trim().to_owned(),
                });
            }
            report.removed.push(Removed {
                kind: "网页视频或嵌入内容",
                text: t.to_owned(),
            });
            continue;
        }
        let mut l = (*line).to_owned();
        // (what, how many, the characters removed, the text around them)
        let mut listed: Vec<(&str, usize, String, String)> = Vec::new();
        let tags = html_tags(&l);
        let mut pieces: Vec<String> = Vec::new();
        if !tags.is_empty() {
            let cut = cut_at_blocks(line, &tags);
            let removed: String = tags.iter().map(|r| &line[r.clone()]).collect();
            l = cut.concat();
            let context: String = l.trim().chars().take(12).collect();
            listed.push((
                "删除网页代码标记（如 <br>、<p>）",
                tags.len(),
                removed,
                context,
            ));
            if l.trim().is_empty() {
                list_markup(report, n, listed);
                continue;
            }
            // A paragraph or line break tag between words (`…感谢！</p><p>开封市…`, a post kept
            // in one line of a data file) ended a paragraph on the page: it ends one here too.
            pieces = cut.into_iter().filter(|p| !p.trim().is_empty()).collect();
        }
        if pieces.len() < 2 {
            pieces = vec![l];
        }
        for l in pieces {
            if markdown {
                out.push(strip_line_markdown(l, n, &mut listed, report, bold));
            } else {
                out.push(l);
            }
        }
        list_markup(report, n, listed);
    }
    std::borrow::Cow::Owned(out.join("\n"))
}

/// Front matter: `---` … `---`, or (as some blogs write it) `title: …` … `---`, from the first
/// non-empty line `i`.
fn front_matter(lines: &[&str], i: usize) -> Option<std::ops::RangeInclusive<usize>> {
    let t = lines[i].trim();
    let from = if t == "---" {
        i + 1
    } else if t.starts_with("title:") {
        i
    } else {
        return None;
    };
    // The block holds `key: value` lines and their list items; it ends at its closing `---`
    // or, where that is missing, before the first line of another kind (the speech's).
    let yaml = |l: &str| {
        let t = l.trim();
        let key = t.split_once(':').is_some_and(|(k, _)| {
            (1..=30).contains(&k.len())
                && k.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        });
        t.is_empty() || t.starts_with("- ") || t == "-" || key || l.starts_with([' ', '\t'])
    };
    let mut end = None;
    for (k, l) in lines[from..].iter().enumerate().take(40) {
        if l.trim() == "---" {
            return Some(i..=from + k);
        }
        if !yaml(l) {
            end = Some(k);
            break;
        }
    }
    // No closing `---`: the `key: value` lines read, if any.
    let end = end?;
    (end > 0 && from + end > i + 1).then(|| i..=from + end - 1)
}

/// A line of front matter: listed as removed, but for the title, which is the speech's own.
fn front_line(t: &str, report: &mut Report) -> Option<String> {
    let Some(value) = t.strip_prefix("title:") else {
        if !t.is_empty() {
            report.removed.push(Removed {
                kind: "网页文章开头的信息块",
                text: t.to_owned(),
            });
        }
        return None;
    };
    // The title is the speech's own; the key and the site's name are not.
    let (before, title, after) = front_title(value);
    for piece in [format!("title:{before}"), after.to_owned()] {
        if !piece.trim().is_empty() {
            report.removed.push(Removed {
                kind: "网页文章开头的信息块",
                text: piece.trim().to_owned(),
            });
        }
    }
    (!title.is_empty()).then(|| title.to_owned())
}

/// Where `**` runs (two or more stars) stand in a line: byte offset and length.
fn bold_runs(l: &str) -> Vec<(usize, usize)> {
    let b = l.as_bytes();
    let mut v = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'*' {
            let len = b[i..].iter().take_while(|&&c| c == b'*').count();
            if len >= 2 {
                v.push((i, len));
            }
            i += len;
        } else {
            i += 1;
        }
    }
    v
}

/// The Markdown marks of one line of a Markdown text taken out: quotation marks, heading signs,
/// underscore emphasis, bold. What went is added to `listed`; a bold sentence opening the line
/// goes to `bold`.
fn strip_line_markdown(
    mut l: String,
    n: usize,
    listed: &mut Vec<(&'static str, usize, String, String)>,
    report: &mut Report,
    bold: &mut Vec<String>,
) -> String {
    let t = l.trim().to_owned();
    // A quotation block (`> 导读：…`): the marks go, the words stay.
    if t.starts_with('>') {
        let rest = t.trim_start_matches(['>', ' ', '\u{3000}']);
        if rest.len() < t.len() && !rest.is_empty() {
            let marks: String = t[..t.len() - rest.len()]
                .chars()
                .filter(|c| *c == '>')
                .collect();
            listed.push((
                "删除行首的引用符号“>”",
                marks.len(),
                marks,
                rest.chars().take(12).collect(),
            ));
            l = rest.to_owned();
        }
    }
    let t = l.trim().to_owned();
    if let Some(rest) = t.strip_prefix('#') {
        let rest = rest.trim_start_matches('#');
        if rest.starts_with([' ', '\u{3000}']) {
            let signs = &t[..t.len() - rest.len()];
            listed.push((
                "删除行首的标题符号“#”",
                1,
                signs.to_owned(),
                rest.trim().chars().take(12).collect(),
            ));
            l = rest.trim().to_owned();
        }
    }
    let runs = bold_runs(&l);
    // `__强调__`: two or more characters between, no underscore among them (a template's
    // `____年__月` blanks are no emphasis).
    let under: Vec<std::ops::Range<usize>> = underscore_emphasis(&l)
        .into_iter()
        .map(|i| i..i + 2)
        .collect();
    if !under.is_empty() {
        let (kept, removed) = cut(&l, &under);
        let context: String = kept.trim().chars().take(12).collect();
        listed.push(("删除表示强调的“_”", under.len(), removed, context));
        l = kept;
    }
    if let Some(inner) = l.trim_start().strip_prefix("**")
        && let Some(end) = inner.find("**")
        && inner[..end].ends_with('。')
        && inner.len() > end + 2
    {
        bold.push(inner[..end].replace('*', ""));
    }
    // In Markdown every `**` is markup; an unpaired one (bold across lines, or broken) is
    // removed too, but listed for review in case it was meant as a blank.
    if runs.len() % 2 == 1 {
        report.review.push(Review::UnpairedBold { line: n + 1 });
    }
    if !runs.is_empty() {
        let ranges: Vec<std::ops::Range<usize>> = runs.iter().map(|&(i, len)| i..i + len).collect();
        let (kept, removed) = cut(&l, &ranges);
        let context: String = kept.trim().chars().take(12).collect();
        listed.push(("删除表示加粗的“**”", runs.len(), removed, context));
        l = kept;
    }
    l
}

/// A line without the byte ranges `cut` (sorted, apart), and what they held, in order.
pub(in crate::import) fn cut(line: &str, ranges: &[std::ops::Range<usize>]) -> (String, String) {
    let mut kept = String::with_capacity(line.len());
    let mut removed = String::new();
    let mut at = 0;
    for r in ranges {
        kept.push_str(&line[at..r.start]);
        removed.push_str(&line[r.clone()]);
        at = r.end;
    }
    kept.push_str(&line[at..]);
    (kept, removed)
}

/// Tags that end a paragraph or a line on a page.
const BLOCK_TAGS: [&str; 13] = [
    "p", "div", "br", "section", "article", "center", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
];

/// Whether the tag at `r` in `line` is one of [`BLOCK_TAGS`].
fn is_block(line: &str, r: &std::ops::Range<usize>) -> bool {
    let name: String = line[r.clone()]
        .trim_start_matches(['<', '/'])
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    BLOCK_TAGS.contains(&name.to_ascii_lowercase().as_str())
}

/// `line` without its tags, in pieces: a new piece after each block tag.
fn cut_at_blocks(line: &str, tags: &[std::ops::Range<usize>]) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut at = 0;
    for r in tags {
        if let Some(last) = pieces.last_mut() {
            last.push_str(&line[at..r.start]);
        }
        if is_block(line, r) {
            pieces.push(String::new());
        }
        at = r.end;
    }
    if let Some(last) = pieces.last_mut() {
        last.push_str(&line[at..]);
    }
    pieces
}

/// Lists the markup removed from line `n` (0-based): (what, how many, the characters removed,
/// the text around them).
pub(in crate::import) fn list_markup(
    report: &mut Report,
    n: usize,
    listed: Vec<(&str, usize, String, String)>,
) {
    for (what, count, removed, context) in listed {
        report.normalised.push(Normalised {
            line: n + 1,
            what: what.to_owned(),
            count,
            context,
            removed,
        });
    }
}

/// Byte ranges of the HTML tags in a line, for the tags a web page or post holds around text.
pub(in crate::import) fn html_tags(line: &str) -> Vec<std::ops::Range<usize>> {
    const NAMES: [&str; 22] = [
        "p", "div", "span", "br", "b", "strong", "em", "i", "u", "font", "section", "article",
        "center", "a", "img", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    ];
    let b = line.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(k) = line[i..].find('<') {
        let start = i + k;
        let mut j = start + 1;
        if b.get(j) == Some(&b'/') {
            j += 1;
        }
        let name_len = b[j..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let name = line[j..j + name_len].to_ascii_lowercase();
        let after = b.get(j + name_len).copied();
        let ends_name = matches!(after, Some(b'>' | b' ' | b'/' | b'\t'));
        // The tag's end: the first `>` with no `<` before it. Stopping at either keeps a line
        // of many `<` and no `>` linear.
        let close = memchr::memchr2(b'<', b'>', &b[j..])
            .map(|e| j + e)
            .filter(|&e| b[e] == b'>');
        match close {
            Some(end) if NAMES.contains(&name.as_str()) && ends_name => {
                tags.push(start..end + 1);
                i = end + 1;
            }
            _ => i = start + 1,
        }
    }
    tags
}

/// Byte offsets of the `__` pairs of Markdown emphasis in a line (each pair's two offsets). As
/// CommonMark reads them: an opening `__` has no letter or Han character before it, a closing
/// one none after it — `投资__亿元` is a blank, `，__主要任务__，` emphasis.
pub(in crate::import) fn underscore_emphasis(line: &str) -> Vec<usize> {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let marks: Vec<usize> = line
        .match_indices("__")
        .map(|(i, _)| i)
        .filter(|&i| {
            // A lone `__`, not part of a longer run of underscores.
            !line[..i].ends_with('_') && !line[i + 2..].starts_with('_')
        })
        .collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k + 1 < marks.len() {
        let (open, close) = (marks[k], marks[k + 1]);
        let inner = &line[open + 2..close];
        if inner.chars().count() >= 2
            && !inner.contains('_')
            && !inner.starts_with(char::is_whitespace)
            && !inner.ends_with(char::is_whitespace)
            && !word(line[..open].chars().next_back())
            && !word(line[close + 2..].chars().next())
        {
            out.extend([marks[k], marks[k + 1]]);
            k += 2;
        } else {
            k += 1;
        }
    }
    out
}
