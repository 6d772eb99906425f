//! Import of a speech from plain text: structure detection, page furniture removed with a report.
//!
//! Guarantees: nothing is dropped silently. Every removed piece (site headers and footers, chunk
//! markers, news trailers, advertising, certain photo captions) is listed in the report with its
//! text; numbering markers are replaced by derived numbers (gaps and repeats reported); every
//! other character of the input ends up in the speech. Splits the importer had to guess are
//! listed for review.

pub mod source;

use crate::doc::marker;
use crate::doc::model::{Numbering, Paragraph, Section, Speech};
use crate::text::chars::is_sentence_end;

/// Something removed from the input, with its text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Removed {
    /// What it was: 页眉, 页脚, 分块标记, 新闻电头, 报纸版面信息, 广告, 图片说明…
    pub kind: &'static str,
    pub text: String,
}

/// Invisible characters removed from one line because they were certainly furniture.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Normalised {
    /// The input line, counting from 1.
    pub line: usize,
    /// What was removed and where: `汉字之间的零宽空格（U+200B）`.
    pub what: String,
    pub count: usize,
    /// The visible text around the first removal.
    pub context: String,
    /// The characters removed, in order (for accounting).
    pub removed: String,
}

/// What the import found and did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    pub detected: Vec<String>,
    pub renumbered: Vec<String>,
    pub removed: Vec<Removed>,
    /// Invisible characters removed (zero-width between Han, no-break spaces as indentation).
    pub normalised: Vec<Normalised>,
    pub review: Vec<String>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sections: [(&str, Vec<String>); 5] = [
            ("识别", self.detected.clone()),
            ("重新编号", self.renumbered.clone()),
            (
                "已删除",
                self.removed
                    .iter()
                    .map(|r| format!("{}：{}", r.kind, shorten(&r.text, 40)))
                    .collect(),
            ),
            (
                "已清除的格式字符",
                self.normalised
                    .iter()
                    .map(|n| {
                        format!(
                            "第 {} 行：{} {} 个（“{}”）",
                            n.line, n.what, n.count, n.context
                        )
                    })
                    .collect(),
            ),
            ("请核对", self.review.clone()),
        ];
        for (title, lines) in sections {
            writeln!(f, "{title}（{}）", lines.len())?;
            for l in lines {
                writeln!(f, "  {l}")?;
            }
        }
        Ok(())
    }
}

/// The result of an import.
#[derive(Clone, Debug)]
pub struct Imported {
    pub speech: Speech,
    pub report: Report,
}

/// A section label for messages: `一、` → `一`, `一、（二）` → `一、（二）` stays readable.
fn name(label: &str) -> String {
    format!("“{}”", label.trim_end_matches(['、', '，']))
}

/// The last `max` characters, `…` before them when cut.
fn shorten_start(text: &str, max: usize) -> String {
    let n = text.chars().count();
    if n <= max {
        return text.to_owned();
    }
    let mut s = String::from("…");
    s.extend(text.chars().skip(n - max));
    s
}

fn shorten(text: &str, max: usize) -> String {
    let mut s: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        s.push('…');
    }
    s
}

const SALUTATIONS: [&str; 9] = [
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
/// Words that start a site's footer or advertising glued to the end of a speech.
const AD_MARKERS: [&str; 7] = [
    "官方抖音号",
    "关注抖音号",
    "关注公众号",
    "微信公众号",
    "扫码关注",
    "展开阅读全文",
    "下载文档",
];
/// Whole lines that are a document site's or news page's furniture.
const FURNITURE_LINES: [&str; 16] = [
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

fn is_numeral(c: char) -> bool {
    marker::is_numeral_char(c)
}

fn numeral_value(s: &str) -> Option<u64> {
    marker::numeral_value(&s.chars().collect::<Vec<_>>())
}

/// A standalone heading marker at the start of `cs[at..]`: (level, number, marker length).
/// Level 1 `一、`, 2 `（一）`, 3 `1.`/`1、`, 4 `（1）`.
fn heading_marker(cs: &[char], at: usize) -> Option<(usize, u64, usize)> {
    let m = marker::parse(&cs[at..])?;
    let level = m.form.level().filter(|l| *l <= 4)?;
    Some((level, m.number, m.len))
}

/// A run-in marker at `cs[at..]`: (style, number, marker length).
fn run_in_marker(cs: &[char], at: usize) -> Option<(Numbering, u64, usize)> {
    let m = marker::parse(&cs[at..])?;
    m.form
        .level()
        .is_none()
        .then(|| (m.form.numbering(), m.number, m.len))
}

/// Why a text cannot be imported as a speech, if it cannot: a web page's source (HTML) holds
/// the speech among tags and scripts; importing it would make every tag text.
pub fn not_importable(text: &str) -> Option<String> {
    let head = text.trim_start().get(..200).unwrap_or(text.trim_start());
    let lower = head.to_ascii_lowercase();
    let tag_lines = text
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            t.starts_with('<') && t.contains('>')
        })
        .count();
    (lower.starts_with("<!doctype") || lower.starts_with("<html") || tag_lines >= 20).then(|| {
        "这是网页的源代码（HTML），不是讲话正文。请在浏览器中打开这个网页，选中讲话正文复制，再用“从剪贴板新建”导入".to_owned()
    })
}

/// Why a file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error(transparent)]
    Text(#[from] crate::import::source::textfile::TextError),
    #[error("{source}：{path}")]
    Docx {
        source: crate::import::source::docx::DocxError,
        path: std::path::PathBuf,
    },
    /// A legacy binary Word file, which is not read.
    #[error(
        "这是旧版 Word 文档（.doc），无法直接导入。请在 Word 或 WPS 中另存为 .docx（或纯文本）后再导入：{0}"
    )]
    LegacyWord(std::path::PathBuf),
    /// Text that is not a speech (a web page's source).
    #[error("{why}：{path}")]
    NotASpeech {
        why: String,
        path: std::path::PathBuf,
    },
}

/// Whether a file is imported rather than opened as a draft: text and Word documents.
pub fn is_importable_path(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["txt", "md", "text", "docx"].contains(&e.to_ascii_lowercase().as_str()))
}

/// Imports a file: a Word document (.docx, recognised by its content) or a text file in any
/// supported encoding.
pub fn import_file(path: &std::path::Path) -> Result<Imported, FileError> {
    let bytes =
        std::fs::read(path).map_err(|source| crate::import::source::textfile::TextError::Io {
            source,
            path: path.to_owned(),
        })?;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    // The OLE2 signature of .doc (and .wps) files.
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(FileError::LegacyWord(path.to_owned()));
    }
    if crate::import::source::docx::looks_like_docx(&bytes) || extension.as_deref() == Some("docx")
    {
        let read = crate::import::source::docx::read(&bytes).map_err(|source| FileError::Docx {
            source,
            path: path.to_owned(),
        })?;
        let mut imported = import_text(&read.text);
        let mut head = vec!["来源：Word 文档（.docx）".to_owned()];
        if read.numbered > 0 {
            head.push(format!(
                "Word 自动编号：{} 段的编号按显示的文字识别",
                read.numbered
            ));
        }
        imported.report.detected.splice(0..0, head);
        imported
            .report
            .removed
            .extend(read.contents.into_iter().map(|text| Removed {
                kind: "目录（Word 按标题生成）",
                text,
            }));
        return Ok(imported);
    }
    let (text, encoding) = crate::import::source::textfile::decode_bytes(&bytes, path)?;
    if let Some(why) = not_importable(&text) {
        return Err(FileError::NotASpeech {
            why,
            path: path.to_owned(),
        });
    }
    Ok(import_decoded(&text, encoding))
}

/// Imports a decoded text file; an encoding other than UTF-8 is named in the report.
pub fn import_decoded(text: &str, encoding: crate::import::source::textfile::Detected) -> Imported {
    let mut imported = import_text(text);
    if !matches!(
        encoding,
        crate::import::source::textfile::Detected::Utf8
            | crate::import::source::textfile::Detected::Utf8Bom
    ) {
        imported
            .report
            .detected
            .insert(0, format!("编码：{}", encoding.label()));
    }
    imported
}

/// Imports a plain-text speech.
pub fn import_text(input: &str) -> Imported {
    let mut report = Report::default();
    let source = input.replace("\r\n", "\n").replace('\r', "\n");
    let source = source.trim_start_matches('\u{feff}');
    let text = normalise_invisible(source, &mut report);
    let mut bold = Vec::new();
    let text = strip_markdown(&text, &mut report, &mut bold);
    let (text, mut splits) = split_at_indents(&text);
    let text = match join_wrapped_lines(&text, &mut report) {
        // Rows joined back may hold the indents of a text that had lost its line breaks too.
        std::borrow::Cow::Owned(joined) => {
            let (again, more) = split_at_indents(&joined);
            splits += more;
            std::borrow::Cow::Owned(again.into_owned())
        }
        std::borrow::Cow::Borrowed(_) => text,
    };
    if splits > 0 {
        report.detected.push(format!(
            "段落：行内的段首缩进处分段 {splits} 处（原文换行丢失）"
        ));
    }
    let mut lines = strip_furniture(&text, &mut report);
    if let Some(first) = lines.first_mut() {
        *first = strip_site_suffix(first, &mut report);
        // A page repeats its title as the article's heading, under the browser title. Only a
        // title-like first line: a repeated paragraph is the author's (or the user's) to judge.
        let title = first.clone();
        let title_like = title.chars().count() <= 60 && !title.contains(['。', '！', '？', '：']);
        let mut k = 1;
        while title_like && k < lines.len().min(15) {
            if lines[k] == title {
                report.removed.push(Removed {
                    kind: "重复的标题",
                    text: lines.remove(k),
                });
            } else {
                k += 1;
            }
        }
    }
    let lines = rejoin_split_titles(lines, &mut report);
    let paragraphs = split_run_on(&lines);
    let speech = build(paragraphs.clone(), &bold, &mut report);
    let consumed = match words_kept(&paragraphs, &speech) {
        Ok(consumed) => consumed,
        Err(at) => {
            // The structure found would change the author's words: keep the words instead.
            report.review.push(format!(
            "识别出的层次会改动原文（“{at}”附近），已按原文逐段导入、未分层次，请在提纲中手动调整"
        ));
            let speech = plain_speech(paragraphs);
            return Imported { speech, report };
        }
    };
    if let Err(missing) = all_accounted_for(source, &report, &speech, &consumed) {
        // Something between the input and the speech went unlisted: import the text line by
        // line, as written, rather than lose it.
        let mut safe = Report {
            detected: report
                .detected
                .into_iter()
                .filter(|d| d.starts_with("编码"))
                .collect(),
            ..Report::default()
        };
        safe.review.push(format!(
            "导入时有文字未能核对（{missing}），已按原文逐行导入、未做任何清理，请手动整理"
        ));
        let lines: Vec<String> = source
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        return Imported {
            speech: plain_speech(lines),
            report: safe,
        };
    }
    Imported { speech, report }
}

/// Every character of the input is in the speech or listed in the report, and the speech holds
/// no character the input lacks: counted character by character over the whole import (the
/// check above follows order and markers through the structure step only). `markers` are the
/// numbering markers that became structure (their numbers are derived); beyond them only the
/// colon the salutation's layout supplies may go uncounted.
fn all_accounted_for(
    input: &str,
    report: &Report,
    speech: &Speech,
    markers: &[String],
) -> Result<(), String> {
    // Counts by code point: an array for the Basic Multilingual Plane (cheaper than hashing
    // every character of a long speech), a map for the rest.
    let mut bmp = vec![0i32; 0x1_0000];
    let mut astral: std::collections::HashMap<char, i32> = Default::default();
    let mut add = |text: &str, sign: i32| {
        for c in compared(text) {
            match usize::try_from(u32::from(c)) {
                Ok(i) if i < bmp.len() => bmp[i] += sign,
                _ => *astral.entry(c).or_default() += sign,
            }
        }
    };
    add(input, 1);
    for n in &report.normalised {
        add(&n.removed, -1);
    }
    for r in &report.removed {
        add(&r.text, -1);
    }
    for m in markers {
        add(m, -1);
    }
    speech.for_each_text(&mut |_, text| add(text, -1));
    // The salutation's colon is the layout's (`同志们` is stored, `同志们：` shown).
    let uncounted = |c: char| c == '：';
    let counts = bmp
        .iter()
        .enumerate()
        .filter(|(_, n)| **n != 0)
        .filter_map(|(i, n)| char::from_u32(i as u32).map(|c| (c, *n)))
        .chain(astral);
    let mut off: Vec<(char, i32)> = counts
        .filter(|&(c, n)| n < 0 || n > 0 && !uncounted(c))
        .collect();
    off.sort_unstable();
    match off.first() {
        None => Ok(()),
        Some(_) => Err(off
            .iter()
            .take(6)
            .map(|(c, n)| format!("“{c}”{n:+}"))
            .collect::<Vec<_>>()
            .join("，")),
    }
}

/// A text's characters as the check below compares them: no whitespace, `:` as `：`.
fn compared(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == ':' { '：' } else { c })
}

/// Checks that the speech holds every word of the paragraphs it was built from, in order:
/// the title block's fields anywhere near the start (their order is the layout's), the body
/// exactly — except numbering markers where a paragraph or heading starts, which are replaced
/// by derived numbers. A marker inside a sentence (after `；：，、`) must stay as it was. On a
/// difference, returns the text around it.
/// On success, the numbering markers that became structure (their numbers are derived).
fn words_kept(paragraphs: &[String], speech: &Speech) -> Result<Vec<String>, String> {
    // The input's words, and which of them start a paragraph.
    let mut input: Vec<char> = Vec::new();
    let mut para_start: Vec<bool> = Vec::new();
    for p in paragraphs {
        // Markers kept: the walk below consumes them where numbers are derived.
        let w: Vec<char> = compared(p).collect();
        para_start.extend((0..w.len()).map(|k| k == 0));
        input.extend(w);
    }
    let salutation = if speech.salutation.is_empty() || speech.salutation.ends_with(['！', '!']) {
        speech.salutation.clone()
    } else {
        format!("{}：", speech.salutation)
    };
    let fields = [
        &speech.title,
        &speech.subtitle,
        &speech.date_line,
        &speech.speaker,
        &salutation,
    ];
    // A field may join several input lines with a space: find each piece.
    for piece in fields.iter().flat_map(|f| f.split_whitespace()) {
        // As written: a field keeps any marker it starts with (`80. 习近平…` is a title).
        let w: Vec<char> = compared(piece).collect();
        if w.is_empty() {
            continue;
        }
        let Some(at) = input.windows(w.len()).position(|x| x == w.as_slice()) else {
            return Err(shorten(piece, 16));
        };
        input.drain(at..at + w.len());
        para_start.drain(at..at + w.len());
        // What follows a removed field (a glued salutation's paragraph) starts a paragraph.
        if let Some(s) = para_start.get_mut(at) {
            *s = true;
        }
    }
    // The body, where each of its paragraphs and headings starts, and which headings are shown
    // with a number (there the input must have had a marker: a number is never invented).
    let mut body: Vec<char> = Vec::new();
    // Positions in `body` (looked up for every character, hence sorted lists, not sets).
    let mut starts: Vec<usize> = Vec::new();
    let mut numbered: Vec<usize> = Vec::new();
    let mut unit = |text: &str, number: bool, body: &mut Vec<char>| {
        starts.push(body.len());
        if number {
            numbered.push(body.len());
        }
        // As written: a marker in a text is the author's; derived numbers are not in texts.
        body.extend(compared(text));
    };
    for p in &speech.opening {
        unit(&p.text, false, &mut body);
    }
    fn sections(
        list: &[Section],
        style: Numbering,
        unit: &mut dyn FnMut(&str, bool, &mut Vec<char>),
        body: &mut Vec<char>,
    ) {
        for s in list {
            unit(&s.heading, style.is_numbered(), body);
            for p in &s.paragraphs {
                unit(&p.text, false, body);
            }
            sections(&s.children, s.child_numbering, unit, body);
        }
    }
    sections(&speech.sections, speech.numbering, &mut unit, &mut body);
    for p in &speech.closing {
        unit(&p.text, false, &mut body);
    }
    let (mut i, mut j) = (0, 0);
    let mut marked = usize::MAX;
    let mut consumed: Vec<String> = Vec::new();
    while i < input.len() {
        let owes_marker = marked != j && numbered.binary_search(&j).is_ok();
        if !owes_marker && j < body.len() && input[i] == body[j] {
            i += 1;
            j += 1;
            continue;
        }
        // A marker may give way to a derived number where a paragraph started in the input,
        // or right after a heading it was glued to (no punctuation between); never after
        // punctuation inside a paragraph.
        let at_start = starts.binary_search(&j).is_ok() || j == body.len();
        let glued =
            i > 0 && (crate::text::chars::is_han(input[i - 1]) || input[i - 1].is_alphanumeric());
        // A numeral alone on its line is a marker too (`一` … `五`).
        let bare = || {
            let len = input[i..].iter().take_while(|c| is_numeral(**c)).count();
            let whole = para_start[i] && para_start.get(i + len).is_none_or(|s| *s);
            ((1..=3).contains(&len) && whole).then_some(len)
        };
        let marker = heading_marker(&input, i)
            .map(|(_, _, len)| len)
            .or_else(|| run_in_marker(&input, i).map(|(_, _, len)| len))
            .or_else(bare);
        match marker {
            Some(len) if at_start && (para_start[i] || glued) => {
                consumed.push(input[i..i + len].iter().collect());
                i += len;
                marked = j;
            }
            _ => {
                return Err(input[i.saturating_sub(6)..(i + 10).min(input.len())]
                    .iter()
                    .collect());
            }
        }
    }
    if j < body.len() {
        return Err(body[j..(j + 16).min(body.len())].iter().collect());
    }
    Ok(consumed)
}

/// The safe fallback: the first paragraph as the title, every other one as it was.
fn plain_speech(paragraphs: Vec<String>) -> Speech {
    let mut speech = Speech::new();
    speech.opening.clear();
    speech.salutation.clear();
    let mut paras = paragraphs.into_iter();
    if let Some(t) = paras.next() {
        speech.title = t;
    }
    speech.opening = new_paragraphs(&mut speech, paras.collect());
    speech
}

fn zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// A line break inside a paragraph, as Word's Shift+Enter copies out (U+000B, U+2028).
fn soft_break(c: char) -> bool {
    matches!(c, '\u{000B}' | '\u{2028}')
}

fn no_break_space(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2007}')
}

/// Removes the invisible characters that are certainly furniture and lists each change:
/// zero-width characters between two Han characters (web pages put them there to allow line
/// breaks), and no-break spaces in a line's indentation or at its end. Everything else —
/// direction controls above all — is kept for the checker to show.
fn normalise_invisible<'a>(text: &'a str, report: &mut Report) -> std::borrow::Cow<'a, str> {
    if !text.contains(|c: char| zero_width(c) || no_break_space(c) || soft_break(c)) {
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

/// Splits lines whose line breaks were lost (a page's paragraphs run together when its tags are
/// stripped) at the paragraph indents left inside them: runs of `　　` or of three or more
/// spaces after a sentence's end or before a numbering marker. Only long lines with at least
/// two such runs: a title and its date set apart by spaces stay one line. Only whitespace
/// changes; returns how many splits were made, for the report.
fn split_at_indents(text: &str) -> (std::borrow::Cow<'_, str>, usize) {
    let indent_runs = |cs: &[char]| -> Vec<(usize, usize)> {
        let mut runs = Vec::new();
        let mut i = cs.iter().take_while(|c| c.is_whitespace()).count();
        // Where the current paragraph began: a heading line (`（一）加强管理　　这是…`) ends
        // at its indent too.
        let mut from = i;
        while i < cs.len() {
            if !cs[i].is_whitespace() {
                i += 1;
                continue;
            }
            let len = cs[i..].iter().take_while(|c| c.is_whitespace()).count();
            let wide = cs[i..i + len].iter().filter(|c| **c == '\u{3000}').count();
            // A paragraph ends a sentence, or the next one starts with a marker (a heading).
            // Anything else is space the author left inside a paragraph: a blank to fill
            // (`年　　月　　日`, `（　　）`), or layout.
            let next = &cs[i + len..(i + len + 8).min(cs.len())];
            // The heading may also follow the last sentence (`…精神。四、关于…　　`).
            let start = (from..i)
                .rev()
                .find(|&k| is_sentence_end(cs[k]))
                .map_or(from, |k| k + 1);
            let heading = marker::parse(&cs[start..]).is_some() && i - start <= 60;
            // Never the slots of a blank date or bracket: `2024年　　月`, `（　　）`.
            let slot = i > 0 && (cs[i - 1].is_ascii_digit() || "年月（(".contains(cs[i - 1]))
                || next.first().is_some_and(|c| "月日号）)".contains(*c));
            let boundary = i > 0
                && !slot
                && (cs[i - 1] == '：'
                    || cs[i - 1] == '”'
                    || is_sentence_end(cs[i - 1])
                    || marker::parse(next).is_some()
                    || heading);
            if i + len < cs.len() && (wide >= 2 || len >= 3) && boundary {
                runs.push((i, len));
                from = i + len;
            }
            i += len;
        }
        runs
    };
    let mut splits = 0;
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let cs: Vec<char> = line.chars().collect();
        let runs = if cs.len() >= 150 {
            indent_runs(&cs)
        } else {
            Vec::new()
        };
        if runs.len() < 2 {
            out.push_str(line);
            continue;
        }
        let mut from = 0;
        for (at, len) in runs {
            out.extend(&cs[from..at]);
            out.push('\n');
            from = at + len;
            splits += 1;
        }
        out.extend(&cs[from..]);
    }
    if splits == 0 {
        return (std::borrow::Cow::Borrowed(text), 0);
    }
    (std::borrow::Cow::Owned(out), splits)
}

/// Joins the lines of a text wrapped at a fixed width (copied from a PDF, or from Word with soft
/// line breaks): most lines then fill the width and stop mid-sentence. A line is joined to the
/// next when it is as long as the wrap width and does not end a sentence, unless the next line
/// is indented (a new paragraph), is page furniture, or the line is a numbered heading. Only
/// line breaks change; the count is reported.
fn join_wrapped_lines<'a>(text: &'a str, report: &mut Report) -> std::borrow::Cow<'a, str> {
    let lines: Vec<&str> = text.split('\n').collect();
    let len = |l: &str| l.trim().chars().count();
    let ends = |l: &str| {
        l.trim_end().ends_with([
            '。', '！', '？', '!', '?', '；', '：', ':', '…', '”', '’', '）', ')', '」', '』',
        ])
    };
    // Candidates: lines that stop mid-sentence. In wrapped text most lines are such and have
    // about the same length.
    let mut open: Vec<usize> = lines
        .iter()
        .filter(|l| len(l) >= 20 && !ends(l))
        .map(|l| len(l))
        .collect();
    let non_empty = lines.iter().filter(|l| !l.trim().is_empty()).count();
    if open.len() < 5 || open.len() * 10 < non_empty * 3 {
        return std::borrow::Cow::Borrowed(text);
    }
    open.sort_unstable();
    let width = open[open.len() / 2];
    let near = open
        .iter()
        .filter(|&&n| n + 2 >= width && n <= width + 1)
        .count();
    if near * 10 < open.len() * 6 {
        return std::borrow::Cow::Borrowed(text);
    }
    let furniture = |t: &str| {
        FURNITURE_LINES.iter().any(|f| t.contains(f)) || is_page_counter(t) || is_page_line(t)
    };
    let heading = |t: &str| {
        let cs: Vec<char> = t.chars().collect();
        heading_marker(&cs, 0).is_some_and(|(level, _, _)| level <= 2)
            && !cs.iter().any(|c| is_sentence_end(*c))
    };
    // A title's byline or date: short, no punctuation. (A paragraph's last piece ends a
    // sentence.)
    let byline = |t: &str| {
        is_date_line(t)
            || t.chars().count() < 12
                && !t.contains(|c: char| c.is_ascii_punctuation() || "，。、；：！？“”".contains(c))
    };
    let mut out = String::with_capacity(text.len());
    let mut joined = 0;
    let mut continues = false;
    for (k, line) in lines.iter().enumerate() {
        out.push_str(if continues { line.trim_start() } else { line });
        let Some(next) = lines.get(k + 1) else { break };
        let t = line.trim();
        let next_t = next.trim();
        let full = len(line) + 2 >= width;
        let comma = t.ends_with(['，', '、', ',']);
        let next_stands_alone = byline(next_t)
            || find_salutation(&next_t.chars().collect::<Vec<_>>()) == Some((0, len(next_t)))
            || marker::parse(&next_t.chars().take(8).collect::<Vec<_>>()).is_some();
        continues = !ends(line)
            && !next_t.is_empty()
            && !next.starts_with(char::is_whitespace)
            && !furniture(t)
            && !furniture(next_t)
            && !heading(t)
            // A full row after a comma goes on whatever the next line looks like; a short row
            // after a comma (a paragraph's indent inside it made it short: `量。　　第三，`)
            // goes on too, but not into a line that stands alone (a salutation's second line,
            // a marker); and not the first line of a salutation.
            && (full && (comma || !next_stands_alone)
                || comma && !next_stands_alone && !is_audience_line(t));
        if continues {
            // The line's own trailing spaces go with the break.
            out.truncate(out.trim_end().len());
            // Latin words keep their space; Chinese has none, and a number cut in two
            // (`总第7` / `8集`) is one number again.
            if t.ends_with(|c: char| c.is_ascii_alphabetic())
                && next_t.starts_with(|c: char| c.is_ascii_alphabetic())
            {
                out.push(' ');
            }
            joined += 1;
        } else {
            out.push('\n');
        }
    }
    if joined == 0 {
        return std::borrow::Cow::Borrowed(text);
    }
    report.detected.push(format!(
        "断行：按固定宽度折行的文本，段落内的换行已接回 {joined} 处"
    ));
    std::borrow::Cow::Owned(out)
}

/// Whether a line holds a bold sentence: `**` + at least four characters ending in sentence
/// punctuation + `**`. Template blanks (`投资**亿元，增长**%`) never end that way.
fn has_bold_sentence(line: &str) -> bool {
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
fn is_markdown_media(t: &str) -> bool {
    (t.starts_with("![") || t.starts_with('[')) && t.contains("](") && t.ends_with(')')
}

/// The speech's title from a front-matter `title:` value, without the site's decoration
/// (`南开大学->` before it, ` | nankai.info` after it): (what precedes it in the value, the
/// title, what follows it).
fn front_title(value: &str) -> (&str, &str, &str) {
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
fn strip_markdown<'a>(
    text: &'a str,
    report: &mut Report,
    bold: &mut Vec<String>,
) -> std::borrow::Cow<'a, str> {
    let lines: Vec<&str> = text.split('\n').collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    // Front matter: `---` … `---`, or (as some blogs write it) `title: …` … `---`.
    let front = first.and_then(|i| {
        let t = lines[i].trim();
        let from = if t == "---" {
            i + 1
        } else if t.starts_with("title:") {
            i
        } else {
            return None;
        };
        let close = lines[from..]
            .iter()
            .take(40)
            .position(|l| l.trim() == "---")?;
        Some(i..=from + close)
    });
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
    let html = lines.iter().any(|l| !html_tags(l).is_empty());
    if !markdown && !html {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for (n, line) in lines.iter().enumerate() {
        let t = line.trim();
        if front.as_ref().is_some_and(|f| f.contains(&n)) {
            if let Some(value) = t.strip_prefix("title:") {
                // The title is the speech's own; the key and the site's name are not.
                let (before, title, after) = front_title(value);
                for piece in [format!("title:{before}"), after.to_owned()] {
                    if !piece.trim().is_empty() {
                        report.removed.push(Removed {
                            kind: "Markdown 文件头",
                            text: piece.trim().to_owned(),
                        });
                    }
                }
                if !title.is_empty() {
                    out.push(title.to_owned());
                }
            } else if !t.is_empty() {
                report.removed.push(Removed {
                    kind: "Markdown 文件头",
                    text: t.to_owned(),
                });
            }
            continue;
        }
        if is_markdown_media(t) {
            report.removed.push(Removed {
                kind: "Markdown 图片或链接",
                text: t.to_owned(),
            });
            continue;
        }
        let mut l = (*line).to_owned();
        // (what, how many, the characters removed, the text around them)
        let mut listed: Vec<(&str, usize, String, String)> = Vec::new();
        let tags = html_tags(&l);
        if !tags.is_empty() {
            let (kept, removed) = cut(&l, &tags);
            let context: String = kept.trim().chars().take(12).collect();
            listed.push(("删除 HTML 标记", tags.len(), removed, context));
            l = kept;
            if l.trim().is_empty() {
                list_markup(report, n, listed);
                continue;
            }
        }
        if !markdown {
            list_markup(report, n, listed);
            out.push(l);
            continue;
        }
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
                    "删除 Markdown 引用符号",
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
                    "删除 Markdown 标题符号",
                    1,
                    signs.to_owned(),
                    rest.trim().chars().take(12).collect(),
                ));
                l = rest.trim().to_owned();
            }
        }
        let runs: Vec<(usize, usize)> = {
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
        };
        // `__强调__`: two or more characters between, no underscore among them (a template's
        // `____年__月` blanks are no emphasis).
        let under: Vec<std::ops::Range<usize>> = underscore_emphasis(&l)
            .into_iter()
            .map(|i| i..i + 2)
            .collect();
        if !under.is_empty() {
            let (kept, removed) = cut(&l, &under);
            let context: String = kept.trim().chars().take(12).collect();
            listed.push(("删除 Markdown 强调标记", under.len(), removed, context));
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
            report.review.push(format!(
                "第 {} 行：不成对的 Markdown 粗体标记“**”已删除；如果它是待填项，请补回",
                n + 1
            ));
        }
        if !runs.is_empty() {
            let ranges: Vec<std::ops::Range<usize>> =
                runs.iter().map(|&(i, len)| i..i + len).collect();
            let (kept, removed) = cut(&l, &ranges);
            let context: String = kept.trim().chars().take(12).collect();
            listed.push(("删除 Markdown 粗体标记", runs.len(), removed, context));
            l = kept;
        }
        list_markup(report, n, listed);
        out.push(l);
    }
    std::borrow::Cow::Owned(out.join("\n"))
}

/// A line without the byte ranges `cut` (sorted, apart), and what they held, in order.
fn cut(line: &str, ranges: &[std::ops::Range<usize>]) -> (String, String) {
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

/// Lists the markup removed from line `n` (0-based): (what, how many, the characters removed,
/// the text around them).
fn list_markup(report: &mut Report, n: usize, listed: Vec<(&str, usize, String, String)>) {
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
fn html_tags(line: &str) -> Vec<std::ops::Range<usize>> {
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
        let close = line[j..].find('>').map(|e| j + e);
        match close {
            Some(end)
                if NAMES.contains(&name.as_str())
                    && ends_name
                    && !line[start + 1..end].contains('<') =>
            {
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
fn underscore_emphasis(line: &str) -> Vec<usize> {
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

/// Removes page furniture line by line and returns the remaining lines (trimmed, non-empty).
fn strip_furniture(text: &str, report: &mut Report) -> Vec<String> {
    let raw: Vec<&str> = text.lines().collect();
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
    let mut out: Vec<String> = Vec::new();
    if chunk_lines.len() >= 2 && contiguous && cut_mid_sentence {
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
        out.push(joined);
        for l in raw[last + 1..].iter().filter(|l| !l.trim().is_empty()) {
            report.removed.push(Removed {
                kind: "页脚",
                text: l.trim().to_owned(),
            });
        }
    } else {
        for l in &raw {
            let t = l.trim_matches(|c: char| c.is_whitespace());
            if t.is_empty() {
                continue;
            }
            if FURNITURE_LINES.iter().any(|f| t.contains(f))
                || is_page_counter(t)
                || is_page_line(t)
            {
                report.removed.push(Removed {
                    kind: "网页附加信息",
                    text: t.to_owned(),
                });
                continue;
            }
            out.push(t.to_owned());
        }
    }
    let mut kept = Vec::new();
    for mut line in out {
        if let Some(cut) = AD_MARKERS.iter().filter_map(|m| line.find(m)).min() {
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
        if [
            "编者按",
            "【编者按】",
            "编者的话",
            "编者注",
            "导读：",
            "【导读】",
        ]
        .iter()
        .any(|k| line.starts_with(k))
        {
            // The editor's words about the speech, not the speaker's.
            report.removed.push(Removed {
                kind: if line.contains("导读") {
                    "导读"
                } else {
                    "编者按"
                },
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
                .push(format!("疑似图片说明，已保留：{}", shorten(&line, 30)));
        }
        if !line.trim().is_empty() {
            kept.push(line.trim().to_owned());
        }
    }
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
    kept
}

/// Whole lines that are a web page's navigation, share bar or link-list headings: short and
/// exactly one of these.
const PAGE_WORDS: [&str; 34] = [
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
fn is_page_line(t: &str) -> bool {
    let n = t.chars().count();
    PAGE_WORDS.contains(&t)
        // A link in a list: `·遂宁出台物业管理招标投标实施意见`.
        || (t.starts_with(['·', '•']) && n <= 60)
        || ((t.starts_with("上一篇") || t.starts_with("下一篇")) && n <= 80)
        || ["来源：", "发布时间：", "发布日期：", "点击数：", "浏览次数：", "作者：", "文章来源："]
            .iter()
            .any(|k| t.contains(k))
            && n <= 60
            && !t.ends_with('。')
}

fn is_page_counter(t: &str) -> bool {
    // 第3页 / 共8页, x.docx_第3页
    (t.starts_with('第') && t.contains("页") && t.contains('共') && t.chars().count() < 20)
        || (t.contains("_第") && t.ends_with('页'))
}

/// `（新华社北京3月6日电）` or `新华社北京3月6日电` opening a news text.
fn strip_news_dateline(line: &str, report: &mut Report) -> Option<String> {
    let close = if line.starts_with('（') {
        "电）"
    } else if line.starts_with("新华社") || line.starts_with("本报") {
        "电"
    } else {
        return None;
    };
    let end = line.find(close)? + close.len();
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
fn is_newspaper_trailer(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('《') && t.ends_with("版）") && t.chars().count() < 50
}

/// A line that is certainly a photo caption: it ends with a photographer's credit.
fn is_certain_caption(line: &str) -> bool {
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

/// Splits run-on lines (line breaks lost) at markers that can only start a paragraph.
fn split_run_on(lines: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for line in lines {
        let cs: Vec<char> = line.chars().collect();
        // Only after a full stop: a marker after `；`, `：` or `，` is inside a sentence
        // (`主要有三点：一是……；二是……`) and is the author's text, never structure.
        let after_end = |i: usize| matches!(cs[i - 1], '。' | '！' | '？' | '!' | '?');
        let heading_at = |i: usize| heading_marker(&cs, i).is_some_and(|(level, _, _)| level <= 2);
        // Run-in items (`一是` `一要` `第一，`) follow each other inside one paragraph as often
        // as not; they start lines only in text whose line breaks were lost, which shows in a
        // standalone heading sharing the line with body text.
        let run_on = (1..cs.len()).any(|i| after_end(i) && heading_at(i));
        let mut start = 0;
        for i in 1..cs.len() {
            let cut = after_end(i)
                && (heading_at(i)
                    || (run_on && run_in_marker(&cs, i).is_some())
                    || starts_closing(&cs, i));
            if cut && i > start {
                out.push(cs[start..i].iter().collect());
                start = i;
            }
        }
        out.push(cs[start..].iter().collect());
    }
    out.into_iter().filter(|l: &String| !l.is_empty()).collect()
}

fn starts_closing(cs: &[char], at: usize) -> bool {
    let rest: String = cs[at..cs.len().min(at + 4)].iter().collect();
    rest.starts_with("同志们，") || rest.starts_with("同志们！") || rest.starts_with("同志们,")
}

/// Where a salutation starts in a line, with its length in chars (colon included).
/// The first line of a salutation over two lines: short, naming the audience, ending in a
/// comma.
fn is_audience_line(line: &str) -> bool {
    line.ends_with(['，', ',', '、'])
        && line.chars().count() <= 40
        && !line.contains(['。', '！', '？', '：'])
        && AUDIENCE.iter().any(|w| line.contains(w))
}

/// Words that name a speech's audience.
const AUDIENCE: [&str; 15] = [
    "同志", "代表", "来宾", "嘉宾", "领导", "朋友", "先生", "女士", "委员", "同学", "老师", "家长",
    "校友", "同仁", "乡亲",
];

fn find_salutation(cs: &[char]) -> Option<(usize, usize)> {
    // A short line of its own ending in a colon and naming the audience: 各位老领导、老同志：
    if cs.len() <= 24 && matches!(cs.last(), Some('：' | ':' | '！' | '!')) {
        let t: String = cs.iter().collect();
        if AUDIENCE.iter().any(|w| t.contains(w)) {
            return Some((0, cs.len()));
        }
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

/// One top-level part found in the paragraphs.
struct Part {
    number: u64,
    marker: String,
    /// Heading plus glued text, before the heading split.
    first: String,
    rest: Vec<String>,
}

fn build(paragraphs: Vec<String>, bold: &[String], report: &mut Report) -> Speech {
    let mut speech = Speech::new();
    speech.opening.clear();
    speech.salutation.clear();
    let mut paras = paragraphs.into_iter().peekable();

    // Title block: lines before the salutation (the salutation may be glued to the title).
    let mut head: Vec<String> = Vec::new();
    let mut opening: Vec<String> = Vec::new();
    for p in paras.by_ref() {
        let cs: Vec<char> = p.chars().collect();
        if let Some((at, len)) = find_salutation(&cs) {
            let before: String = cs[..at].iter().collect();
            if !before.trim().is_empty() {
                head.push(before.trim().to_owned());
            }
            // `各位代表！` keeps its exclamation mark; a colon is the layout's.
            let keep = usize::from(matches!(cs[at + len - 1], '！' | '!'));
            let mut sal: String = cs[at..at + len - 1 + keep].iter().collect();
            // A salutation over two lines: `亲爱的同学们，` / `各位老师、各位来宾：`.
            if at == 0
                && let Some(prev) = head.last()
                && is_audience_line(prev)
            {
                sal = format!("{}\n{sal}", head.pop().unwrap_or_default());
            }
            if cs[at + len - 1] == ':' {
                report
                    .detected
                    .push(format!("称谓：{sal}（原文为半角冒号“:”，已按全角处理）"));
            } else {
                report.detected.push(format!("称谓：{sal}"));
            }
            speech.salutation = sal;
            let after: String = cs[at + len..].iter().collect();
            if !after.trim().is_empty() {
                opening.push(after.trim().to_owned());
            }
            break;
        }
        // Title, subtitle, date, speaker, a credit, record fields, the first line of a
        // two-line salutation: short lines that end no sentence. A long line or a sentence is
        // the speech itself.
        let body = p.chars().count() > 60 || p.ends_with(['。', '！', '？', '!', '?', '；']);
        head.push(p);
        if head.len() > 10 || body && head.len() > 1 {
            break;
        }
    }
    // Lines read while looking for a salutation that turn out to be body text: they go
    // through structure detection like every other body line.
    let mut body_start: Vec<String> = Vec::new();
    if speech.salutation.is_empty() {
        // No salutation: the first line is the title, the rest is body — unless the first line
        // is a sentence of the speech (long, or ending in a full stop): then there is no title.
        let mut lines = std::mem::take(&mut head).into_iter();
        if let Some(t) = lines.next() {
            let sentence =
                t.chars().count() > 60 || t.ends_with(['。', '！', '？', '!', '?', '；']);
            if sentence {
                body_start.push(t);
            } else {
                head.push(t);
            }
        }
        body_start.extend(lines);
        speech.salutation = String::new();
        report.detected.push("未找到称谓".into());
    }
    title_block(&mut speech, head, report);

    // Opening: until the first top-level heading or run-in item.
    let mut parts: Vec<Part> = Vec::new();
    let mut closing: Vec<String> = Vec::new();
    let mut top_run_in: Option<Numbering> = None;
    let body: Vec<String> = body_start.into_iter().chain(paras).collect();
    // The top level is `一、`, or `（一）` where the speech has no `一、` but two or more short
    // `（一）` lines of their own (a report's parts).
    let standalone = |level: usize| {
        body.iter()
            .filter(|p| {
                let cs: Vec<char> = p.chars().collect();
                heading_marker(&cs, 0).is_some_and(|(l, _, _)| l == level)
                    && cs.len() <= 40
                    && !cs.iter().any(|c| is_sentence_end(*c))
            })
            .count()
    };
    let any_level_one = body.iter().any(|p| {
        let cs: Vec<char> = p.chars().collect();
        heading_marker(&cs, 0).is_some_and(|(l, _, _)| l == 1)
    });
    // Sections marked only by a numeral alone on a line (`一` … `五`), counting from 一.
    let bare: Vec<u64> = body.iter().filter_map(|p| bare_numeral(p.trim())).collect();
    let bare_top = !any_level_one && bare.len() >= 2 && bare.first() == Some(&1);
    if bare_top {
        report
            .renumbered
            .push("一级标题原为单独一行的数字（“一”），按层级显示为“一、”式".into());
    }
    let top_level = if !any_level_one && !bare_top && standalone(2) >= 2 {
        report
            .renumbered
            .push("一级标题原为“（一）”式，按层级显示为“一、”式".into());
        2
    } else {
        1
    };
    // Run-in styles with a second item somewhere: a lone `首先，` is a sentence, not a list.
    let second_items: Vec<Numbering> = body
        .iter()
        .filter_map(|p| match run_in_marker(&p.chars().collect::<Vec<_>>(), 0) {
            Some((style, 2, _)) => Some(style),
            _ => None,
        })
        .collect();
    for p in body {
        let cs: Vec<char> = p.chars().collect();
        let top_heading = heading_marker(&cs, 0).is_some_and(|(l, _, _)| l == top_level)
            || (bare_top && bare_numeral(p.trim()).is_some());
        if top_heading
            && !closing.is_empty()
            && let Some(part) = parts.last_mut()
        {
            // A heading after `同志们！…`: that was a re-address inside the speech, not its
            // closing.
            part.rest.append(&mut closing);
        }
        if !closing.is_empty()
            || (!parts.is_empty() || !opening.is_empty()) && starts_closing(&cs, 0)
        {
            if parts.is_empty() && closing.is_empty() && top_run_in.is_none() {
                // 同志们，… inside the opening is still opening text.
                opening.push(p);
                continue;
            }
            closing.push(p);
            continue;
        }
        if bare_top && let Some(number) = bare_numeral(p.trim()) {
            parts.push(Part {
                number,
                marker: p.trim().to_owned(),
                first: String::new(),
                rest: Vec::new(),
            });
            continue;
        }
        if let Some((level, number, len)) = heading_marker(&cs, 0)
            && level == top_level
        {
            parts.push(Part {
                number,
                marker: cs[..len].iter().collect(),
                first: cs[len..].iter().collect(),
                rest: Vec::new(),
            });
            continue;
        }
        if parts.is_empty()
            && top_run_in.is_none()
            && let Some((style, 1, _)) = run_in_marker(&cs, 0)
            && second_items.contains(&style)
        {
            top_run_in = Some(style);
        }
        match parts.last_mut() {
            Some(part) => part.rest.push(p),
            None if top_run_in.is_some() => {
                // Run-in items at the top level: keep them as the body of one implicit part.
                parts.push(Part {
                    number: 0,
                    marker: String::new(),
                    first: String::new(),
                    rest: vec![p],
                });
            }
            None => opening.push(p),
        }
    }
    if parts.is_empty()
        && closing.is_empty()
        && let Some(at) = opening.iter().rposition(|t| t.starts_with("同志们，"))
        && at > 0
    {
        // No headings at all: the last 同志们，… paragraph is the closing.
        closing = opening.split_off(at);
    }
    // No headings and no run-in items: parallel lead sentences opening paragraphs may be the
    // speech's sections.
    let mut leads: Vec<Section> = Vec::new();
    if parts.is_empty()
        && let Some(starts) = lead_paragraphs(&opening, bold)
    {
        let mut rest = opening.split_off(starts[0]).into_iter().enumerate();
        let first = starts[0];
        for (k, p) in rest.by_ref() {
            let at = k + first;
            if starts.contains(&at) {
                let cs: Vec<char> = p.chars().collect();
                let end = cs
                    .iter()
                    .position(|c| *c == '。')
                    .map_or(cs.len(), |e| e + 1);
                let mut sec = speech.new_section(cs[..end].iter().collect());
                if end < cs.len() {
                    append_text(&mut speech, &mut sec, cs[end..].iter().collect());
                }
                leads.push(sec);
            } else if let Some(last) = leads.last_mut() {
                append_text(&mut speech, last, p);
            }
        }
        report
            .detected
            .push(format!("正文：{} 条引领句（段首的并列短句）", leads.len()));
    }
    // Nor lead sentences: short heading lines without a number may be.
    let mut plain: Vec<Section> = Vec::new();
    if parts.is_empty()
        && leads.is_empty()
        && let Some(starts) = plain_headings(&opening)
    {
        let rest = opening.split_off(starts[0]);
        for (k, p) in rest.into_iter().enumerate() {
            if starts.contains(&(k + starts[0])) {
                plain.push(speech.new_section(p));
            } else if let Some(last) = plain.last_mut() {
                append_text(&mut speech, last, p);
            }
        }
        report.detected.push(format!(
            "正文：{} 个不带序号的标题（单独成行的短句）",
            plain.len()
        ));
    }
    speech.opening = new_paragraphs(&mut speech, opening);
    report
        .detected
        .push(format!("开头：{} 段", speech.opening.len()));
    if !leads.is_empty() {
        speech.numbering = Numbering::Lead;
        speech.sections = leads;
    }
    if !plain.is_empty() {
        speech.numbering = Numbering::Plain;
        speech.sections = plain;
    }

    if parts.len() == 1 && parts[0].number == 0 {
        // Only run-in items, no headings: they become the top-level group.
        let part = parts.remove(0);
        let (paras, children, style) = items(&mut speech, part.rest, report, "正文");
        let more = new_paragraphs(&mut speech, paras);
        speech.opening.extend(more);
        speech.numbering = style;
        speech.sections = children;
    } else {
        check_level_numbers(&parts, "", 1, report);
        let learned = certain_heading_endings(&parts);
        for (k, part) in parts.into_iter().enumerate() {
            let label = crate::doc::numbering::label(Numbering::Heading, 0, k, usize::MAX);
            let section = section_from(&mut speech, part, &label, &learned, top_level, report);
            speech.sections.push(section);
        }
        report
            .detected
            .push(format!("一级标题：{} 个", speech.sections.len()));
    }
    speech.closing = new_paragraphs(&mut speech, closing);
    report
        .detected
        .push(format!("结尾：{} 段", speech.closing.len()));
    speech
}

/// The value of a paragraph that is nothing but a Chinese numeral (`一`, `十二`).
fn bare_numeral(p: &str) -> Option<u64> {
    let n = p.chars().count();
    ((1..=3).contains(&n) && p.chars().all(is_numeral))
        .then(|| numeral_value(p))
        .flatten()
}

/// Paragraphs opening with parallel lead sentences: a short first sentence (6 to 40
/// characters, ending in `。`) whose first four characters it shares with at least two other
/// such paragraphs (`要始终坚守…。` ×5, `2019年，是南开…。` ×7), or that the author set in bold
/// (two or more). Every such group counts; their paragraphs, in order, or `None` when there
/// are fewer than three.
fn lead_paragraphs(paragraphs: &[String], bold: &[String]) -> Option<Vec<usize>> {
    let first_sentence = |p: &str| -> Option<String> {
        let cs: Vec<char> = p.chars().collect();
        let end = cs.iter().position(|c| *c == '。')?;
        (6..=40)
            .contains(&(end + 1))
            .then(|| cs[..=end].iter().collect())
    };
    let mut groups: std::collections::HashMap<String, Vec<usize>> = Default::default();
    for (i, p) in paragraphs.iter().enumerate() {
        if let Some(s) = first_sentence(p) {
            let key: String = s.chars().take(4).collect();
            groups.entry(key).or_default().push(i);
        }
    }
    let mut starts: Vec<usize> = groups
        .into_values()
        .filter(|g| g.len() >= 3)
        .flatten()
        .collect();
    // Sentences the author set in bold at the start of their paragraphs, when there are several.
    let bolded: Vec<usize> = paragraphs
        .iter()
        .enumerate()
        .filter(|(_, p)| first_sentence(p).is_some_and(|s| bold.contains(&s)))
        .map(|(i, _)| i)
        .collect();
    if bolded.len() >= 2 {
        starts.extend(bolded);
    }
    starts.sort_unstable();
    starts.dedup();
    // Sections carry the speech: parallel sentences in a paragraph run near its end (`我们必须…`
    // as a summing-up) are the author's rhetoric, not its structure.
    let size = |ps: &[String]| ps.iter().map(|p| p.chars().count()).sum::<usize>();
    let before = starts.first().map_or(0, |&k| size(&paragraphs[..k]));
    (starts.len() >= 3 && before * 2 <= size(paragraphs)).then_some(starts)
}

/// Where a speech without numbers has heading lines: two or more short lines without
/// punctuation that ends or splits a sentence, each between a paragraph that ends a sentence
/// and a longer paragraph. A line that continues a sentence (the one before does not end) is
/// link text or a broken line, not a heading.
fn plain_headings(paragraphs: &[String]) -> Option<Vec<usize>> {
    let ends_sentence = |p: &str| {
        p.trim_end()
            .ends_with(['。', '！', '？', '!', '?', '…', '”', '）', '」', '』'])
    };
    let heading_like = |p: &str| {
        let n = p.chars().count();
        (4..=30).contains(&n)
            && p.chars().filter(|c| crate::text::chars::is_han(*c)).count() * 2 > n
            && !p.contains(|c: char| {
                "。！？；：，,.!?;:()（）[]【】".contains(c) || c.is_whitespace()
            })
            && !is_date_line(p)
    };
    let starts: Vec<usize> = (1..paragraphs.len().saturating_sub(1))
        .filter(|&i| {
            let (before, line, after) = (&paragraphs[i - 1], &paragraphs[i], &paragraphs[i + 1]);
            heading_like(line)
                && ends_sentence(before)
                && after.chars().count() >= (2 * line.chars().count()).max(40)
                && !after.starts_with(|c: char| "》」』”，。、；：".contains(c))
        })
        .collect();
    (starts.len() >= 2).then_some(starts)
}

/// Joins lines that a page cut around a linked title: `制定《` / `“571工程”纪要` / `》反革命…`.
/// A line ending in `《` runs on into the next, and a line starting with `》` continues the one
/// before. Only line breaks change.
fn rejoin_split_titles(lines: Vec<String>, report: &mut Report) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut joined = 0;
    for line in lines {
        match out.last_mut() {
            Some(last) if last.ends_with('《') || line.starts_with('》') => {
                last.push_str(&line);
                joined += 1;
            }
            _ => out.push(line),
        }
    }
    if joined > 0 {
        report
            .detected
            .push(format!("断行：书名号处被拆开的行已接回 {joined} 处"));
    }
    out
}

/// Paragraphs with fresh ids for texts.
fn new_paragraphs(speech: &mut Speech, texts: Vec<String>) -> Vec<Paragraph> {
    texts.into_iter().map(|t| speech.new_paragraph(t)).collect()
}

/// A browser or site title: `讲话标题- 某某网` / `讲话标题 | 某某网` / `讲话标题_某某网`. The site's
/// name is cut off (and listed) when what precedes it reads as a speech's title.
fn strip_site_suffix(line: &str, report: &mut Report) -> String {
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

/// Title, with date and speaker lines or a date/speaker fused to it.
fn title_block(speech: &mut Speech, head: Vec<String>, report: &mut Report) {
    let mut lines = head.into_iter();
    let Some(first) = lines.next() else {
        report.review.push("未找到标题".into());
        return;
    };
    let (title, date, speaker) = split_fused_title(&first);
    speech.title = title;
    report.detected.push(format!("标题：{}", speech.title));
    if let Some(d) = date {
        speech.date_line = d;
    }
    if let Some(s) = speaker {
        speech.speaker = s;
    }
    for l in lines {
        if is_date_line(&l) && speech.date_line.is_empty() {
            speech.date_line = l;
        } else if speech.subtitle.is_empty() && l.starts_with("——") {
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
    for (name, v) in [
        ("副标题", &speech.subtitle),
        ("日期", &speech.date_line),
        ("讲话人", &speech.speaker),
    ] {
        if !v.is_empty() {
            report.detected.push(format!("{name}：{v}"));
        }
    }
}

/// A speaker line: a name (`曹雪涛`), or an office and a name set apart by a space
/// (`县委副书记、县长 陈立新`). A title's second line (`为全面建设…而团结奋斗`) is none.
fn name_like(l: &str) -> bool {
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

fn is_date_line(l: &str) -> bool {
    let t = l.trim_matches(['（', '）', '(', ')']);
    t.contains('年') && t.contains('月') && t.ends_with('日') && t.chars().count() <= 16
}

/// `…时的讲话（2020年2月3日）习近平` → title, date line, speaker.
fn split_fused_title(line: &str) -> (String, Option<String>, Option<String>) {
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

/// Endings (last three characters) of headings whose end is certain: followed by a run-in
/// marker. Parallel headings usually share them (强担当 / 见实效 / 求突破).
/// A run-in marker glued to the heading before it (`…保就业一是…`): no punctuation between.
/// After `，` `；` `：` the marker is inside the author's sentence.
fn glued_marker(cs: &[char], at: usize) -> bool {
    at > 0
        && (crate::text::chars::is_han(cs[at - 1]) || cs[at - 1].is_alphanumeric())
        && run_in_marker(cs, at).is_some()
}

fn certain_heading_endings(parts: &[Part]) -> Vec<String> {
    let mut out = Vec::new();
    for p in parts {
        let cs: Vec<char> = p.first.chars().collect();
        if let Some(at) = (4..cs.len().min(60)).find(|&i| glued_marker(&cs, i))
            && !cs[..at].iter().any(|c| is_sentence_end(*c))
        {
            out.push(cs[at - 3..at].iter().collect());
        }
    }
    out
}

/// Builds a section at heading `level` (1 = 一、) from its heading line and following text.
fn section_from(
    speech: &mut Speech,
    part: Part,
    label: &str,
    learned: &[String],
    level: usize,
    report: &mut Report,
) -> Section {
    let cs: Vec<char> = part.first.chars().collect();
    let mut body: Vec<String> = Vec::new();
    let heading: String;
    let split = heading_split(&cs, &part.rest, learned);
    match split {
        Split::Whole => heading = part.first.clone(),
        // A heading that is one whole sentence on its own line (`（一）是…手段。`): no body text
        // is glued to it.
        Split::At(at, _) if cs[at..].iter().all(|c| c.is_whitespace()) => {
            heading = part.first.clone();
        }
        Split::At(at, certain) => {
            heading = cs[..at].iter().collect();
            let tail: String = cs[at..].iter().collect();
            if !certain {
                report.review.push(format!(
                    "{}标题与正文的分界是推测的：“{}｜{}”，可在提纲中右键该小节，用“调整标题分界…”修改",
                    name(label),
                    // The end of the heading: where the guessed boundary is.
                    shorten_start(&heading, 30),
                    shorten(&tail, 8)
                ));
            }
            body.push(tail);
        }
    }
    body.extend(part.rest);
    let mut section = speech.new_section(heading.trim().to_owned());
    let (paras, children, style) = match sub_parts(&body, level + 1) {
        Some((own, parts)) => {
            check_level_numbers(&parts, label, level + 1, report);
            let n = parts.len();
            let children = parts
                .into_iter()
                .enumerate()
                .map(|(k, p)| {
                    let sub = format!(
                        "{label}{}",
                        crate::doc::numbering::label(Numbering::Heading, level, k, n)
                    );
                    section_from(speech, p, &sub, &[], level + 1, report)
                })
                .collect();
            (own, children, Numbering::Heading)
        }
        None => items(speech, body, report, label),
    };
    section.paragraphs = new_paragraphs(speech, paras);
    section.child_numbering = style;
    section.children = children;
    section
}

/// Paragraphs of a section split at standalone headings of `level` (2: （一）, 3: 1., 4: （1）):
/// the text before the first one, and the sub-parts.
fn sub_parts(body: &[String], level: usize) -> Option<(Vec<String>, Vec<Part>)> {
    if level > 4 {
        return None;
    }
    let mut own = Vec::new();
    let mut parts: Vec<Part> = Vec::new();
    for t in body {
        let cs: Vec<char> = t.chars().collect();
        match heading_marker(&cs, 0) {
            Some((l, number, len)) if l == level => parts.push(Part {
                number,
                marker: cs[..len].iter().collect(),
                first: cs[len..].iter().collect(),
                rest: Vec::new(),
            }),
            _ => match parts.last_mut() {
                Some(p) => p.rest.push(t.clone()),
                None => own.push(t.clone()),
            },
        }
    }
    (!parts.is_empty()).then_some((own, parts))
}

/// Reports numbers in the source that skip or repeat at one heading level; the model numbers
/// by position, so they are renumbered.
fn check_level_numbers(parts: &[Part], label: &str, level: usize, report: &mut Report) {
    for (k, part) in parts.iter().enumerate() {
        let want = k as u64 + 1;
        if part.number == want {
            continue;
        }
        let new = crate::doc::numbering::label(Numbering::Heading, level - 1, k, parts.len());
        let kind = if parts[..k].iter().any(|p| p.number == part.number) {
            "重复"
        } else {
            "跳号"
        };
        let under = if label.is_empty() {
            String::new()
        } else {
            format!("{}下的", name(label))
        };
        report.renumbered.push(format!(
            "{under}{}{} → {new}（原文编号{kind}，应为{}）",
            part.marker,
            shorten(&part.first, 12),
            crate::doc::numbering::chinese_numeral(want)
        ));
    }
}

enum Split {
    Whole,
    /// Char index, and whether it is certain.
    At(usize, bool),
}

/// Where a heading glued to its first paragraph ends.
fn heading_split(cs: &[char], rest: &[String], learned: &[String]) -> Split {
    let has_end = cs.iter().any(|c| is_sentence_end(*c));
    if !has_end && cs.len() <= 50 {
        return Split::Whole; // A heading on its own line.
    }
    let window = cs.len().min(60);
    // Certain: a run-in marker follows directly.
    if let Some(at) = (4..window).find(|&i| glued_marker(cs, i))
        && !cs[..at].iter().any(|c| is_sentence_end(*c))
    {
        return Split::At(at, true);
    }
    // Certain: a lead sentence parallel to later ones follows (要在…强担当。).
    if let Some(at) = glued_lead(cs, rest) {
        return Split::At(at, true);
    }
    // Guess: a parallel ending — of other headings, or of this section's lead sentences
    // (锚定…强担当。 suggests the heading ends in 强担当 too).
    let mut endings = learned.to_vec();
    let mut texts = vec![cs.iter().collect::<String>()];
    texts.extend(rest.iter().cloned());
    if let Some(suffix) = lead_suffix(&texts) {
        endings.push(suffix.trim_end_matches('。').to_owned());
    }
    for i in 8..window.min(45) {
        let end: String = cs[i.saturating_sub(3)..i].iter().collect();
        if endings.contains(&end) && !cs[..i].iter().any(|c| is_sentence_end(*c)) {
            return Split::At(i, false);
        }
    }
    // Guess: the heading is the first sentence if it is short enough.
    if let Some(p) = cs.iter().position(|c| is_sentence_end(*c))
        && p < 40
    {
        return Split::At(p + 1, false);
    }
    Split::At(window.min(30).min(cs.len()), false)
}

/// Short sentences (lead sentences) in `texts`: (start char index in its text, sentence).
fn short_sentences(text: &str) -> Vec<(usize, String)> {
    let cs: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in cs.iter().enumerate() {
        if *c == '。' {
            if i + 1 - start <= 24 {
                out.push((start, cs[start..=i].iter().collect()));
            }
            start = i + 1;
        }
    }
    out
}

/// The suffix shared by at least two short sentences of the texts (lead sentences), e.g. 强担当。
fn lead_suffix(texts: &[String]) -> Option<String> {
    // Counted in order of first appearance, so that a tie goes to the earliest ending and the
    // same text always imports the same way.
    let mut counts: Vec<(String, usize)> = Vec::new();
    for t in texts {
        for (_, s) in short_sentences(t) {
            let cs: Vec<char> = s.chars().collect();
            if cs.len() >= 8 {
                let suffix: String = cs[cs.len() - 4..].iter().collect();
                match counts.iter_mut().find(|(x, _)| *x == suffix) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((suffix, 1)),
                }
            }
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max().filter(|n| *n >= 2)?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(s, _)| s)
}

/// A lead sentence glued after the heading: its start, if the later texts have parallel ones
/// sharing both the first two characters and the ending.
fn glued_lead(cs: &[char], rest: &[String]) -> Option<usize> {
    let first_end = cs.iter().position(|c| *c == '。')?;
    // The parallel sentences: later in the same run-on text, and in the following paragraphs.
    let mut later = vec![cs[first_end + 1..].iter().collect::<String>()];
    later.extend(rest.iter().cloned());
    let suffix = lead_suffix(&later)?;
    let first: String = cs[..=first_end].iter().collect();
    if !first.ends_with(&suffix) {
        return None;
    }
    let mut prefixes: Vec<Vec<char>> = Vec::new();
    for t in &later {
        for (_, s) in short_sentences(t) {
            if s.ends_with(&suffix) {
                prefixes.push(s.chars().take(2).collect());
            }
        }
    }
    for pc in prefixes {
        if let Some(at) = (4..first_end).rev().find(|&i| cs[i..].starts_with(&pc))
            && first_end + 1 - at <= 24
        {
            return Some(at);
        }
    }
    None
}

/// Splits a section's body into its own paragraphs and child items (run-in or lead sentences).
fn items(
    speech: &mut Speech,
    body: Vec<String>,
    report: &mut Report,
    label: &str,
) -> (Vec<String>, Vec<Section>, Numbering) {
    // Run-in items: paragraphs starting with a marker of one style.
    let style = body.iter().find_map(|t| {
        let cs: Vec<char> = t.chars().collect();
        run_in_marker(&cs, 0).map(|(s, _, _)| s)
    });
    // One list written in two forms (`一要…二是要…三是要…`): the numbers run on across the
    // forms. Structure would renumber what the author wrote in one form into the other: keep
    // the text and say so.
    let markers: Vec<(Numbering, u64, String)> = body
        .iter()
        .filter_map(|t| {
            let cs: Vec<char> = t.chars().collect();
            run_in_marker(&cs, 0).map(|(s, n, len)| (s, n, cs[..len].iter().collect()))
        })
        .collect();
    // Nested lists (`第二，…` / `一是…二是…` / `第三，…`) are no mix: 第三 follows 第二.
    let mut last: Vec<(Numbering, u64)> = Vec::new();
    let mut mixed = false;
    for w in markers.windows(2) {
        let own = last.iter().find(|(s, _)| *s == w[1].0).map(|(_, n)| *n);
        if w[0].0 != w[1].0 && w[1].1 == w[0].1 + 1 && own != Some(w[1].1 - 1) {
            mixed = true;
        }
        match last.iter_mut().find(|(s, _)| *s == w[0].0) {
            Some(l) => l.1 = w[0].1,
            None => last.push((w[0].0, w[0].1)),
        }
    }
    if mixed {
        let written: Vec<&str> = markers.iter().map(|m| m.2.as_str()).collect();
        report.review.push(format!(
            "{}的分项序号写法不一致（{}），已按原文保留、未分项；如需分项，请统一写法后在提纲中调整",
            name(label),
            written.join("、")
        ));
        return (body, Vec::new(), Numbering::Heading);
    }
    // The list: from an item numbered 1 up to (not including) an item numbered 1 again. A list
    // that starts elsewhere (`第三，` alone) or has one item is text; a second list restarting
    // at 1 stays text too, or it would be renumbered into the first (`第一，` → `第六，`).
    let numbers_written: Vec<u64> = style.map_or_else(Vec::new, |style| {
        body.iter()
            .filter_map(|t| match run_in_marker(&t.chars().collect::<Vec<_>>(), 0) {
                Some((s, n, _)) if s == style => Some(n),
                _ => None,
            })
            .collect()
    });
    let list_len = if numbers_written.first() == Some(&1) {
        1 + numbers_written[1..].iter().take_while(|n| **n != 1).count()
    } else {
        0
    };
    if list_len < numbers_written.len() && list_len >= 2 {
        report.review.push(format!(
            "{}有第二组从“{}”重新编号的分项，已按原文保留在正文中、未分项",
            name(label),
            crate::doc::marker::render(
                crate::doc::marker::Form::from(style.unwrap_or_default()),
                1
            )
            .trim_end_matches('，')
        ));
    }
    let style = style.filter(|_| list_len >= 2);
    if let Some(style) = style {
        let mut own = Vec::new();
        let mut children: Vec<Section> = Vec::new();
        let mut numbers = Vec::new();
        for t in body {
            let cs: Vec<char> = t.chars().collect();
            match run_in_marker(&cs, 0) {
                Some((s, n, len)) if s == style && children.len() < list_len => {
                    numbers.push(n);
                    children.push(item_section(speech, &cs[len..]));
                }
                _ => match children.last_mut() {
                    Some(c) => {
                        let p = speech.new_paragraph(t);
                        c.paragraphs.push(p);
                    }
                    None => own.push(t),
                },
            }
        }
        for (k, n) in numbers.iter().enumerate() {
            if *n != k as u64 + 1 {
                report.renumbered.push(format!(
                    "{}下第 {} 项原编号为{}，已按位置编号",
                    name(label),
                    k + 1,
                    crate::doc::numbering::chinese_numeral(*n)
                ));
            }
        }
        report.detected.push(format!(
            "{}：{} 项（{}）",
            name(label),
            children.len(),
            style.label()
        ));
        return (own, children, style);
    }
    // Lead sentences: short sentences sharing an ending, each starting a unit of text.
    let joined = body.clone();
    if let Some(suffix) = lead_suffix(&joined) {
        let mut own = Vec::new();
        let mut children: Vec<Section> = Vec::new();
        for t in body {
            let cs: Vec<char> = t.chars().collect();
            let starts: Vec<usize> = short_sentences(&t)
                .into_iter()
                .filter(|(_, s)| s.ends_with(&suffix))
                .map(|(at, _)| at)
                .collect();
            let mut cursor = 0;
            for &at in &starts {
                if at > cursor {
                    let chunk: String = cs[cursor..at].iter().collect();
                    match children.last_mut() {
                        Some(c) => append_text(speech, c, chunk),
                        None => own.push(chunk),
                    }
                }
                let end = cs[at..]
                    .iter()
                    .position(|c| *c == '。')
                    .map_or(cs.len(), |p| at + p + 1);
                let mut c = speech.new_section(cs[at..end].iter().collect());
                c.child_numbering = Numbering::Heading;
                children.push(c);
                cursor = end;
            }
            if cursor < cs.len() {
                let chunk: String = cs[cursor..].iter().collect();
                match children.last_mut() {
                    Some(c) => append_text(speech, c, chunk),
                    None => own.push(chunk),
                }
            }
        }
        // Each lead sentence opens a unit of text; two sentences with nothing after them are
        // one paragraph of parallel sentences.
        if children.len() >= 2 && children.iter().all(|c| !c.paragraphs.is_empty()) {
            report.detected.push(format!(
                "{}：{} 条引领句（以“{}”结尾）",
                name(label),
                children.len(),
                suffix
            ));
            return (own, children, Numbering::Lead);
        }
        // Not a real group: the paragraphs as they were, none cut at a lead sentence.
        return (joined, Vec::new(), Numbering::Heading);
    }
    (body, Vec::new(), Numbering::Heading)
}

/// Text after a lead sentence: the first chunk continues the item's paragraph list.
fn append_text(speech: &mut Speech, section: &mut Section, text: String) {
    let p = speech.new_paragraph(text);
    section.paragraphs.push(p);
}

/// A run-in item: its first sentence is the heading, the rest its paragraph.
fn item_section(speech: &mut Speech, cs: &[char]) -> Section {
    let end = cs
        .iter()
        // The lead sentence ends with the sentence: a `；` is inside it.
        .position(|c| matches!(c, '。' | '！' | '？'))
        .map_or(cs.len(), |p| p + 1);
    let mut s = speech.new_section(cs[..end].iter().collect());
    if end < cs.len() {
        let p: Paragraph = speech.new_paragraph(cs[end..].iter().collect());
        s.paragraphs.push(p);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speech_with(sections: &[(&str, Numbering)], top: Numbering) -> Speech {
        let mut s = Speech::new();
        s.title = "标题".into();
        s.opening.clear();
        s.salutation.clear();
        s.numbering = top;
        for (h, _) in sections {
            let sec = s.new_section((*h).into());
            s.sections.push(sec);
        }
        s
    }

    /// Every paragraph text of a speech, in order, headings included.
    fn all_text(s: &Speech) -> String {
        crate::export::render(s)
    }

    #[test]
    fn long_numbered_paragraphs_with_text_between_are_not_document_chunks() {
        let one = format!(
            "1、{}",
            "我们要坚持以人民为中心的发展思想，这是根本出发点。".repeat(3)
        );
        let two = format!(
            "2、{}",
            "我们要坚持新发展理念，推动高质量发展，长期坚持。".repeat(3)
        );
        let input = format!("讲话\n{one}\n中间这一段是作者自己的话。\n{two}\n");
        let imported = import_text(&input);
        let text = all_text(&imported.speech);
        assert!(text.contains("中间这一段是作者自己的话。"), "{text}");
        assert_eq!(imported.speech.title, "讲话");
        assert!(
            imported.report.removed.is_empty(),
            "{:?}",
            imported.report.removed
        );
        // The same lines cut by a document site: mid-sentence, nothing between.
        let input = format!("讲话\n{}\n\n2、{}\n", &one[..one.len() - 3], &two[7..]);
        let imported = import_text(&input);
        let kinds: Vec<&str> = imported.report.removed.iter().map(|r| r.kind).collect();
        assert_eq!(
            kinds.iter().filter(|k| **k == "分块标记").count(),
            2,
            "{kinds:?}"
        );
    }

    #[test]
    fn a_text_without_line_breaks_is_split_at_its_paragraph_indents() {
        let body = "我们要坚持以人民为中心的发展思想，这是根本出发点和落脚点。".repeat(3);
        let input = format!(
            "讲话\n各位代表，同志们：\u{3000}\u{3000}大家上午好。\u{3000}\u{3000}{body}\u{a0} \u{a0} 一、总体要求\u{3000}\u{3000}{body}二、主要任务\u{3000}\u{3000}{body}"
        );
        let imported = import_text(&input);
        let s = &imported.speech;
        assert_eq!(s.salutation, "各位代表，同志们");
        let headings: Vec<&str> = s.sections.iter().map(|x| x.heading.as_str()).collect();
        assert_eq!(headings, ["总体要求", "主要任务"]);
        assert_eq!(s.opening.len(), 2, "{:?}", s.opening);
        assert!(
            imported
                .report
                .detected
                .iter()
                .any(|d| d.contains("分段 5 处"))
        );
        // Blanks left as wide space inside a paragraph are the author's: no cut there.
        let blanks = format!(
            "讲话\n同志们：\n{body}请各单位于2024年\u{3000}\u{3000}月\u{3000}\u{3000}日前报送（\u{3000}\u{3000}）份材料，{body}\n"
        );
        let imported = import_text(&blanks);
        assert_eq!(
            imported.speech.opening.len(),
            1,
            "{:?}",
            imported.speech.opening
        );
        assert!(
            imported.speech.opening[0]
                .text
                .contains("2024年\u{3000}\u{3000}月\u{3000}\u{3000}日前报送（\u{3000}\u{3000}）份")
        );
        // A short line with wide gaps stays one line.
        let imported = import_text("讲话\u{3000}\u{3000}张三\u{3000}\u{3000}2024年");
        assert!(imported.report.detected.iter().all(|d| !d.contains("分段")));
    }

    #[test]
    fn a_text_wrapped_at_a_fixed_width_is_joined_into_its_paragraphs() {
        let para = |text: &str| -> String {
            let cs: Vec<char> = text.chars().collect();
            let rows: Vec<String> = cs.chunks(24).map(|c| c.iter().collect()).collect();
            format!("　　{}", rows.join("\n"))
        };
        let one = "今年以来，全县上下坚持稳中求进工作总基调，统筹发展和安全，经济运行总体平稳、稳中有进，各项工作取得了新的成效。";
        let two = "同时也要看到，我们面临的困难和挑战依然不少，有效需求不足，部分企业经营困难，基层财政收支矛盾比较突出，必须高度重视。";
        let input = format!(
            "在全县经济工作会议上的讲话\n张三\n同志们：\n{}\n一、关于当前经济形势\n{}\n二、关于明年的主要任务\n{}\n",
            para(one),
            para(two),
            para(one)
        );
        let imported = import_text(&input);
        let s = &imported.speech;
        assert_eq!(s.title, "在全县经济工作会议上的讲话");
        assert_eq!(s.speaker, "张三");
        assert_eq!(s.salutation, "同志们");
        assert_eq!(s.opening.len(), 1);
        assert_eq!(s.opening[0].text, one);
        let headings: Vec<&str> = s.sections.iter().map(|x| x.heading.as_str()).collect();
        assert_eq!(headings, ["关于当前经济形势", "关于明年的主要任务"]);
        assert_eq!(s.sections[0].paragraphs.len(), 1);
        assert_eq!(s.sections[0].paragraphs[0].text, two);
        assert!(
            imported
                .report
                .detected
                .iter()
                .any(|d| d.contains("换行已接回")),
            "{:?}",
            imported.report.detected
        );
        // An item starting with a marker is no continuation, even under a full-width line.
        let items = format!(
            "{input}1.加强组织领导建立健全工作机制和责任体系建设\n2.强化督促检查确保各项任务落到实处见到实效\n"
        );
        let imported = import_text(&items);
        let last = &imported.speech.sections[1];
        let texts: Vec<&str> = last.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert!(
            texts.contains(&"1.加强组织领导建立健全工作机制和责任体系建设")
                || last.children.len() == 2,
            "{texts:?}"
        );
        // Lines of a text that is not wrapped stay as they are.
        let plain = format!("讲话\n同志们：\n　　{one}\n　　{two}\n");
        let imported = import_text(&plain);
        assert_eq!(imported.speech.opening.len(), 2);
        assert!(imported.report.detected.iter().all(|d| !d.contains("换行")));
    }

    #[test]
    fn one_list_in_two_forms_is_kept_as_written_and_reported() {
        let input = "讲话\n同志们：\n一、关于总体要求\n一要提高站位。各级各部门要充分认识重要性。\n二是要狠抓落实。各地要结合实际制定方案。\n三是要强化督查。要加强跟踪问效。\n二、关于重点任务\n一是抓好项目。今年安排重点项目一百个。\n二是抓好招商。要瞄准重点产业。\n";
        let imported = import_text(input);
        let s = &imported.speech;
        assert_eq!(s.sections.len(), 2);
        // As written: no items, every marker in its paragraph.
        assert!(s.sections[0].children.is_empty());
        let texts: Vec<&str> = s.sections[0]
            .paragraphs
            .iter()
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(texts[1], "二是要狠抓落实。各地要结合实际制定方案。");
        assert!(
            imported
                .report
                .review
                .iter()
                .any(|r| r.contains("一要、二是、三是")),
            "{:?}",
            imported.report.review
        );
        // Nested lists are no mix.
        let nested = "讲话\n同志们：\n一、关于总体要求\n第一，要提高站位。要认识重要性。\n第二，要狠抓落实。具体有两点。\n一是定方案。要明确时间表。\n二是抓督查。要跟踪问效。\n第三，要强化保障。要加大投入。\n二、关于重点任务\n任务很重。\n";
        let imported = import_text(nested);
        assert!(imported.report.review.iter().all(|r| !r.contains("不一致")));
        assert_eq!(imported.speech.sections[0].children.len(), 3);
        // A list in one form still becomes items.
        assert_eq!(s.sections[1].child_numbering, Numbering::Shi);
        assert_eq!(s.sections[1].children.len(), 2);
        assert!(imported.report.renumbered.is_empty());
    }

    #[test]
    fn an_editors_note_is_listed_and_a_heading_after_a_caption_is_found() {
        let input = "在全市工作会议上的讲话\n编者按：本文是市长在会上的讲话，有删节。\n同志们：\n今天召开会议，部署工作。\n图为会议现场。（记者 张三 摄）\n一、关于总体要求\n要充分认识这项工作的重要性。\n二、关于重点任务\n今年安排重点项目一百个。\n";
        let imported = import_text(input);
        let s = &imported.speech;
        assert_eq!(s.speaker, "");
        assert_eq!(s.subtitle, "");
        let headings: Vec<&str> = s.sections.iter().map(|x| x.heading.as_str()).collect();
        assert_eq!(headings, ["关于总体要求", "关于重点任务"]);
        let kinds: Vec<(&str, &str)> = imported
            .report
            .removed
            .iter()
            .map(|r| (r.kind, r.text.as_str()))
            .collect();
        assert!(kinds.contains(&("编者按", "编者按：本文是市长在会上的讲话，有删节。")));
        assert!(kinds.iter().any(|(k, _)| *k == "图片说明"));
    }

    #[test]
    fn quotes_underscore_emphasis_and_html_tags_are_markup_template_blanks_stay() {
        let input = "# 在全市工作会议上的讲话\n\n> 导读：本文是市长的讲话。\n\n<div align=\"center\">张三</div>\n\n同志们：\n\n今天召开会议，__主要任务__，是部署工作。<br>\n\n## 一、关于总体要求\n\n要认识这项工作的**重要性**。\n\n<p>二、关于重点任务</p>\n\n今年总投资____亿元，投资__亿元，__年__月完成，比例<5%。\n";
        let imported = import_text(input);
        let s = &imported.speech;
        assert_eq!(s.title, "在全市工作会议上的讲话");
        assert_eq!(s.speaker, "张三");
        let headings: Vec<&str> = s.sections.iter().map(|x| x.heading.as_str()).collect();
        assert_eq!(headings, ["关于总体要求", "关于重点任务"]);
        assert_eq!(s.opening[0].text, "今天召开会议，主要任务，是部署工作。");
        // Underscore blanks and a `<` that is no tag are the author's.
        assert_eq!(
            s.sections[1].paragraphs[0].text,
            "今年总投资____亿元，投资__亿元，__年__月完成，比例<5%。"
        );
        let what: Vec<&str> = imported
            .report
            .normalised
            .iter()
            .map(|n| n.what.as_str())
            .collect();
        for w in [
            "删除 Markdown 引用符号",
            "删除 HTML 标记",
            "删除 Markdown 强调标记",
        ] {
            assert!(what.contains(&w), "{w} in {what:?}");
        }
        assert!(imported.report.removed.iter().any(|r| r.kind == "导读"));
        // Tags in a text that is no Markdown are markup too; its `**` blanks stay.
        let imported = import_text("讲话\n同志们：\n<p>今年投资**亿元。</p>\n");
        assert_eq!(imported.speech.opening[0].text, "今年投资**亿元。");
    }

    #[test]
    fn a_second_list_restarting_at_one_is_never_renumbered_into_the_first() {
        let input = "讲话\n同志们：\n我讲三点。\n第一，要加强领导。各级要负起责任。\n第二，要加强协调。各部门要密切配合。\n第三，要加强督查。要跟踪问效。\n对下一步工作，再提两点要求。\n第一，要抓好落实。不能搞形式主义。\n第二，要总结经验。及时推广好做法。\n";
        let imported = import_text(input);
        let s = &imported.speech;
        assert_eq!(s.numbering, Numbering::Di);
        assert_eq!(s.sections.len(), 3);
        assert!(
            imported.report.renumbered.is_empty(),
            "{:?}",
            imported.report.renumbered
        );
        let all = crate::export::render(s);
        assert!(all.contains("　　第一，要抓好落实。"), "{all}");
        assert!(all.contains("　　第二，要总结经验。"), "{all}");
        assert!(imported.report.review.iter().any(|r| r.contains("第二组")));
        // A list that starts at 三 (its 一 and 二 are elsewhere) is text.
        let imported = import_text(
            "讲话\n同志们：\n一、总体要求\n要求很多。\n第三，要加强督查。要跟踪问效。\n二、主要任务\n任务很重。\n",
        );
        assert!(imported.speech.sections[0].children.is_empty());
        assert!(imported.report.renumbered.is_empty());
    }

    #[test]
    fn a_marker_after_a_comma_in_a_heading_line_is_the_authors_text() {
        let input = "讲话\n同志们：\n一、总体要求\n（一）着力稳市场主体保就业，一是加大政策力度。要落实好各项政策。\n（二）着力扩大内需一是扩大有效投资。要加快项目建设。\n二、主要任务\n任务很重。\n";
        let imported = import_text(input);
        let subs = &imported.speech.sections[0].children;
        // Glued (no punctuation): the heading ends where 一是 begins.
        assert_eq!(subs[1].heading, "着力扩大内需");
        // After a comma, 一是 is inside the sentence: no cut there.
        assert!(!subs[0].heading.ends_with('，'), "{:?}", subs[0].heading);
    }

    #[test]
    fn the_character_ledger_catches_a_lost_or_an_added_character() {
        let input = "讲话\n同志们：\n一、总体要求\n要加强领导。\n";
        let imported = import_text(input);
        assert!(
            all_accounted_for(
                input,
                &imported.report,
                &imported.speech,
                &["一、".to_owned()]
            )
            .is_ok()
        );
        let mut lost = imported.speech.clone();
        lost.sections[0].paragraphs[0].text = "要加强。".into();
        let err =
            all_accounted_for(input, &imported.report, &lost, &["一、".to_owned()]).unwrap_err();
        assert!(err.contains("“领”+1") && err.contains("“导”+1"), "{err}");
        let mut added = imported.speech.clone();
        added.title = "讲话稿".into();
        let err =
            all_accounted_for(input, &imported.report, &added, &["一、".to_owned()]).unwrap_err();
        assert!(err.contains("“稿”-1"), "{err}");
        // Numerals and commas count too: only the markers that became structure are exempt.
        let mut digits = imported.speech.clone();
        digits.sections[0].paragraphs[0].text = "要加强领导".into();
        let err =
            all_accounted_for(input, &imported.report, &digits, &["一、".to_owned()]).unwrap_err();
        assert!(err.contains("“。”+1"), "{err}");
        let err = all_accounted_for(input, &imported.report, &imported.speech, &[]).unwrap_err();
        assert!(err.contains("“一”+1") && err.contains("“、”+1"), "{err}");
        // A listed removal accounts for its characters.
        let mut report = imported.report.clone();
        report.removed.push(Removed {
            kind: "页脚",
            text: "领导".into(),
        });
        assert!(all_accounted_for(input, &report, &lost, &["一、".to_owned()]).is_ok());
    }

    #[test]
    fn a_speech_about_copyright_keeps_its_closing_and_body_lines_stay_body() {
        let input = "在版权工作会议上的讲话\n同志们：\n今年版权工作成效明显。\n本作品登记工作取得新进展。\n要推动更多作品依法进入公有领域。\n谢谢大家！\n";
        let imported = import_text(input);
        assert!(
            imported.report.removed.is_empty(),
            "{:?}",
            imported.report.removed
        );
        assert_eq!(imported.speech.opening.len(), 4);
        // Short sentences before a line that looks like a salutation are the speech, not its
        // title block.
        let input = "新春致辞\n春节就要到了。\n大家辛苦了。\n今年成绩很大。\n明年任务更重。\n我们要再加油。\n向各位来宾表示欢迎！\n";
        let imported = import_text(input);
        let s = &imported.speech;
        assert_eq!(s.title, "新春致辞");
        assert_eq!(s.subtitle, "");
        assert_eq!(s.salutation, "");
        assert_eq!(s.opening.len(), 6, "{:?}", s.opening);
    }

    #[test]
    fn soft_line_breaks_from_word_are_joined_and_listed() {
        let input =
            "讲话\n同志们：\n今天召开会议，\u{000B}主要任务是部署工作。\u{2028}请大家认真落实。\n";
        let imported = import_text(input);
        assert_eq!(
            imported.speech.opening[0].text,
            "今天召开会议，主要任务是部署工作。请大家认真落实。"
        );
        let n = &imported.report.normalised;
        assert_eq!(n.iter().map(|x| x.count).sum::<usize>(), 2, "{n:?}");
        assert!(n.iter().all(|x| x.what.contains("软回车")), "{n:?}");
    }

    #[test]
    fn title_block_lines_find_their_fields() {
        let input = "## 高举旗帜\n为全面建设现代化国家而团结奋斗\n——在代表大会上的报告\n国务院总理\n李强\n（2022年10月16日）\n同志们：\n今天开会。\n";
        let imported = import_text(input);
        let s = &imported.speech;
        assert_eq!(s.title, "高举旗帜");
        assert_eq!(
            s.subtitle,
            "为全面建设现代化国家而团结奋斗 ——在代表大会上的报告"
        );
        assert_eq!(s.speaker, "国务院总理 李强");
        assert_eq!(s.date_line, "（2022年10月16日）");
        // A name and the journal it was printed in are not one speaker.
        let imported = import_text("改革\n邓小平\n新华月报\n同志们：\n今天开会。\n");
        assert_eq!(imported.speech.speaker, "邓小平");
    }

    #[test]
    fn the_words_check_allows_derived_numbers_and_nothing_else() {
        let lines = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        // A heading's marker gives way to its derived number.
        let ok = speech_with(&[("加强领导", Numbering::Heading)], Numbering::Heading);
        assert_eq!(
            words_kept(&lines(&["标题", "一、加强领导"]), &ok),
            Ok(vec!["一、".to_owned()])
        );
        // A number where the author wrote none is invented.
        assert!(words_kept(&lines(&["标题", "加强领导"]), &ok).is_err());
        // An item cut out of a sentence after `；` drops the author's 二是.
        let mut cut = speech_with(&[], Numbering::Heading);
        let p = cut.new_paragraph("工作有两点：一是甲；".into());
        cut.opening.push(p);
        cut.numbering = Numbering::Shi;
        let item = cut.new_section("乙。".into());
        cut.sections.push(item);
        assert!(words_kept(&lines(&["标题", "工作有两点：一是甲；二是乙。"]), &cut).is_err());
        // A dropped sentence is caught.
        let short = speech_with(&[("加强领导", Numbering::Heading)], Numbering::Heading);
        assert!(words_kept(&lines(&["标题", "一、加强领导", "多出一句。"]), &short).is_err());
    }

    #[test]
    fn markdown_markup_is_removed_and_listed_template_blanks_stay() {
        let md = "---\ntitle: 某大学->在开学典礼上的讲话 | example.org\ndate: 2020-09-20\n---\n**亲爱的同学们：**\n# 今天我们相聚。\n**惟守正方能创新。**我们要每一****位同学都好。\n![图](http://x/y.jpg)\n[转入文章首发地址](http://x/z)\n";
        let imported = import_text(md);
        let s = &imported.speech;
        assert_eq!(s.title, "在开学典礼上的讲话");
        assert_eq!(s.salutation, "亲爱的同学们");
        let body = crate::export::render(s);
        assert!(!body.contains('*') && !body.contains('#'), "{body}");
        assert!(
            body.contains("惟守正方能创新。我们要每一位同学都好。"),
            "{body}"
        );
        let removed: Vec<&str> = imported
            .report
            .removed
            .iter()
            .map(|r| r.text.as_str())
            .collect();
        for piece in [
            "title: 某大学->",
            "| example.org",
            "date: 2020-09-20",
            "![图](http://x/y.jpg)",
        ] {
            assert!(removed.contains(&piece), "{piece} in {removed:?}");
        }
        assert!(
            imported
                .report
                .normalised
                .iter()
                .any(|n| n.what.contains("粗体"))
        );
        assert!(
            imported
                .report
                .normalised
                .iter()
                .any(|n| n.what.contains("标题符号"))
        );
        assert!(
            crate::check::blanks(&crate::check::check(s))
                .next()
                .is_none()
        );

        // Front matter without its opening `---`, and a `# ` title line.
        let loose =
            "title: \"在毕业典礼上的致辞\"\ndate: 2016-07-07\n---\n同学们：\n　　祝贺你们。\n";
        assert_eq!(import_text(loose).speech.title, "在毕业典礼上的致辞");
        let hashed = "# 在宣传工作会议上的讲话\n　　各位同志！这次会议开得很好。\n";
        assert_eq!(import_text(hashed).speech.title, "在宣传工作会议上的讲话");

        // A template's `**` blanks are not Markdown: kept, and found.
        let template = "在全市工作会议上的讲话\n同志们：\n　　今年完成投资**亿元，增长**%。\n";
        let imported = import_text(template);
        assert!(imported.report.normalised.is_empty());
        assert_eq!(
            crate::check::blanks(&crate::check::check(&imported.speech)).count(),
            2
        );
    }

    #[test]
    fn invisible_furniture_is_removed_and_listed_the_rest_kept() {
        let input = "标题\n\u{00A0}\u{00A0}推进\u{200B}工作，GDP\u{200B}growth。\n\u{3000}\u{3000}方向\u{202E}控制。\n";
        let mut report = Report::default();
        let out = normalise_invisible(input, &mut report);
        assert_eq!(
            out,
            "标题\n推进工作，GDP\u{200B}growth。\n\u{3000}\u{3000}方向\u{202E}控制。\n"
        );
        let listed: Vec<(usize, &str, usize)> = report
            .normalised
            .iter()
            .map(|n| (n.line, n.what.as_str(), n.count))
            .collect();
        assert_eq!(
            listed,
            [
                (2, "删除行首缩进中的不换行空格（U+00A0）", 2),
                (2, "删除汉字之间的零宽空格（U+200B）", 1),
            ]
        );
        assert_eq!(report.normalised[1].context, "推进|工作，GDPg");
        // Ideographic-space indentation is layout the importer always handled; not listed.
        let mut quiet = Report::default();
        assert_eq!(
            normalise_invisible("\u{3000}\u{3000}正文", &mut quiet),
            "\u{3000}\u{3000}正文"
        );
        assert!(quiet.normalised.is_empty());
    }

    #[test]
    fn markers() {
        let cs: Vec<char> = "五、强化".chars().collect();
        assert_eq!(heading_marker(&cs, 0), Some((1, 5, 2)));
        let cs: Vec<char> = "（十二）加强".chars().collect();
        assert_eq!(heading_marker(&cs, 0), Some((2, 12, 4)));
        let cs: Vec<char> = "(3)加强".chars().collect();
        assert_eq!(heading_marker(&cs, 0), Some((4, 3, 3)));
        let cs: Vec<char> = "1、加强".chars().collect();
        assert_eq!(heading_marker(&cs, 0), Some((3, 1, 2)));
        let cs: Vec<char> = "2.5亿元".chars().collect();
        assert_eq!(heading_marker(&cs, 0), None);
        let cs: Vec<char> = "四要实施".chars().collect();
        assert_eq!(run_in_marker(&cs, 0), Some((Numbering::Yao, 4, 2)));
        let cs: Vec<char> = "第三，要".chars().collect();
        assert_eq!(run_in_marker(&cs, 0), Some((Numbering::Di, 3, 3)));
    }

    #[test]
    fn fused_title_date_and_speaker() {
        let (t, d, s) = split_fused_title(
            "在中央政治局常委会会议研究应对疫情工作时的讲话（2020年2月3日）习近平",
        );
        assert_eq!(t, "在中央政治局常委会会议研究应对疫情工作时的讲话");
        assert_eq!(d.as_deref(), Some("（2020年2月3日）"));
        assert_eq!(s.as_deref(), Some("习近平"));
    }
}
