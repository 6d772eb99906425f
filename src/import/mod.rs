//! Import of a speech from plain text: structure detection, page furniture removed with a report.
//!
//! Guarantees: nothing is dropped silently. Every removed piece (site headers and footers, chunk
//! markers, news trailers, advertising, certain photo captions) is listed in the report with its
//! text; numbering markers are replaced by derived numbers (gaps and repeats reported); every
//! other character of the input ends up in the speech. Splits the importer had to guess are
//! listed for review.
//!
//! The pipeline, stage by stage (each a module), with its cost in the input's length n
//! (characters) and its number of lines or paragraphs p:
//! 1. [`source`]: the bytes become text (a text file in any common encoding, or a Word file).
//!    O(n); a text file over [`MAX_TEXT_FILE`] or a Word part over its limit is refused.
//! 2. [`clean`]: what is certainly not the author's words is taken out and listed. O(n): one
//!    multi-pattern search per line for furniture words, one for invisible characters.
//! 3. [`lines`]: lines broken by a page or glued at an indent are repaired. O(n): each line is
//!    scanned once (the last full stop is carried along, not searched back for).
//! 4. [`structure`]: the paragraphs become a speech; guesses are listed for review.
//!    O(n + p log p): markers are read from the head of each paragraph, heading endings and
//!    lead starts are looked up in sets and sorted lists.
//! 5. [`verify`]: the speech is checked against the input, word by word and character by
//!    character; on any doubt the text is imported as written. O(n log p).
//! 6. [`report`]: what was found and done, for the user to see. O(size of the report).
//!
//! A million short lines import in about 2 s (`cargo bench --bench core -- bounded`).

mod clean;
mod lines;
mod report;
pub mod source;
mod structure;
mod verify;

pub use report::{Detected, Normalised, Removed, Renumbered, Report, Review, ReviewSpot};

use crate::doc::model::Speech;
use crate::import::clean::furniture::{strip_furniture, strip_site_suffix};
use crate::import::clean::invisible::normalise_invisible;
use crate::import::clean::markdown::strip_markdown;
use crate::import::lines::{
    join_wrapped_lines, rejoin_split_titles, split_at_indents, split_run_on,
};
use crate::import::structure::{build, new_paragraphs};
use crate::import::verify::{all_accounted_for, words_kept};

/// The result of an import.
#[derive(Clone, Debug)]
pub struct Imported {
    pub speech: Speech,
    pub report: Report,
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
}

/// Whether a file is imported rather than opened as a draft: text, Word documents and web
/// pages.
pub fn is_importable_path(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| IMPORTABLE.contains(&e.to_ascii_lowercase().as_str()))
}

/// The file name extensions import reads: text, Markdown, Word, web pages (and Word files
/// saved as web pages).
pub const IMPORTABLE: [&str; 6] = ["txt", "text", "md", "docx", "htm", "html"];

/// The largest text file imported: 64 MiB, some twenty times the longest speech in the
/// corpus. Importing is linear in the text (about 3 s per million short lines).
pub const MAX_TEXT_FILE: u64 = 64 << 20;

/// Imports a file: a Word document (.docx, recognised by its content) or a text file in any
/// supported encoding. Only a regular file is read; a text file over [`MAX_TEXT_FILE`] and a
/// Word file whose text would unpack past its limits are refused with the reason.
pub fn import_file(path: &std::path::Path) -> Result<Imported, FileError> {
    use std::io::{Read, Seek};
    let io = |source| crate::import::source::textfile::TextError::Io {
        source,
        path: path.to_owned(),
    };
    let mut file = crate::store::files::open_regular(path).map_err(io)?;
    let mut head = Vec::with_capacity(4);
    (&mut file).take(4).read_to_end(&mut head).map_err(io)?;
    file.rewind().map_err(io)?;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    // The OLE2 signature of .doc (and .wps) files.
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(FileError::LegacyWord(path.to_owned()));
    }
    if crate::import::source::docx::looks_like_docx(&head) || extension.as_deref() == Some("docx") {
        let read =
            crate::import::source::docx::read_from(file).map_err(|source| FileError::Docx {
                source,
                path: path.to_owned(),
            })?;
        let mut imported = import_text(&read.text);
        let mut head = vec![Detected::Word];
        if read.numbered > 0 {
            head.push(Detected::WordNumbering {
                paragraphs: read.numbered,
            });
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
    let bytes = crate::store::files::read_bounded_from(file, MAX_TEXT_FILE).map_err(io)?;
    let (text, encoding) = crate::import::source::textfile::decode_bytes(&bytes, path)?;
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
        imported.report.detected.insert(
            0,
            Detected::Encoding {
                name: encoding.label().to_owned(),
            },
        );
    }
    imported
}

/// Imports a speech given as text: plain text, Markdown, or a web page (a page's HTML, or a
/// Word file saved as a web page), read as the text a browser shows.
pub fn import_text(input: &str) -> Imported {
    if source::html::looks_like_html(input) {
        let text = source::html::to_text(input);
        let mut imported = import_plain(&text);
        // A page that shows its title only as a picture: the tab's title (`<title>`) is the
        // speech's, read once more with it above the text. Only then: elsewhere the tab holds
        // the site's name.
        if imported.speech.title.is_empty()
            && let Some(title) = source::html::page_title(input)
        {
            imported = import_plain(&format!("{title}\n{text}"));
            imported
                .report
                .detected
                .insert(0, Detected::TabTitle { text: title });
        }
        imported.report.detected.insert(0, Detected::WebPage);
        return imported;
    }
    import_plain(input)
}

/// Imports a plain-text (or Markdown) speech.
fn import_plain(input: &str) -> Imported {
    let mut report = Report::default();
    // Most texts have no carriage return: no copy then.
    let source: std::borrow::Cow<str> = if memchr::memchr(b'\r', input.as_bytes()).is_some() {
        std::borrow::Cow::Owned(input.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(input)
    };
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
        report
            .detected
            .push(Detected::SplitAtIndents { count: splits });
    }
    let mut lines = strip_furniture(&text, &mut report);
    if let Some(first) = lines.first_mut() {
        *first = strip_site_suffix(first, &mut report);
        // A page repeats its title as the article's heading, under the browser title. Only a
        // title-like first line: a repeated paragraph is the author's (or the user's) to judge.
        let title = first.clone();
        let title_like = title.chars().count() <= 60 && !title.contains(['。', '！', '？', '：']);
        // Among the first fifteen lines as they came: counting after each removal let a text
        // of one line repeated lose every repeat, each removal moving the whole rest.
        // A repeat may come over two or three lines (the article's own title block: `走 向 远 方`
        // / `——在……上的讲话` under the page's `走 向 远 方——在……上的讲话`), spaced otherwise.
        let whole = unspaced(&title);
        let mut repeats: Vec<std::ops::Range<usize>> = Vec::new();
        let mut k = 1;
        while title_like && !whole.is_empty() && k < lines.len().min(15) {
            let run = (1..=3)
                .take_while(|m| k + m <= lines.len())
                .find(|&m| unspaced(&lines[k..k + m].concat()) == whole);
            match run {
                Some(m) => {
                    repeats.push(k..k + m);
                    k += m;
                }
                None => k += 1,
            }
        }
        for r in repeats.into_iter().rev() {
            for line in lines.drain(r).collect::<Vec<_>>() {
                report.removed.push(Removed {
                    kind: "重复的标题",
                    text: line,
                });
            }
        }
        if lines.len() > 1 && site_column(&lines[0], &lines[1]) {
            report.removed.push(Removed {
                kind: "网站栏目名称",
                text: lines.remove(0),
            });
        } else if title_like && page_headline(&lines) {
            report.removed.push(Removed {
                kind: "网页上的标题（文章自带标题）",
                text: lines.remove(0),
            });
        }
    }
    let lines = rejoin_split_titles(lines, &mut report);
    let paragraphs = split_run_on(lines);
    let (speech, consumed) = match structure_keeping_words(&paragraphs, &bold, &mut report) {
        Ok(built) => built,
        Err(near) => {
            // The structure found would change the author's words, however many doubtful
            // paragraphs are kept as written: keep all the words as written instead.
            report.review.push(Review::StructureChangesWords { near });
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
                .filter(|d| matches!(d, Detected::Encoding { .. }))
                .collect(),
            ..Report::default()
        };
        safe.review.push(Review::Unaccounted { missing });
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

/// Whether the first line is the name of a site's column (`领导致辞`, `领导讲话`, `要闻`) over
/// the speech's title: a few characters ending in a column's word, then a short line that
/// ends no sentence.
fn site_column(first: &str, next: &str) -> bool {
    const COLUMNS: [&str; 8] = [
        "讲话", "致辞", "动态", "要闻", "新闻", "专题", "资讯", "文稿",
    ];
    let n = first.chars().count();
    (2..=6).contains(&n)
        && first.chars().all(crate::text::chars::is_han)
        && COLUMNS.iter().any(|w| first.ends_with(w))
        && next.chars().count() <= 40
        && !next.contains(['。', '！', '？', '；', '：', '，'])
        && !structure::head::is_date_line(next)
}

/// Whether the first line is a page's headline over the article's own title block: one of the
/// next four lines, short and no sentence, says the same occasion in other words — the
/// headline names the speaker (`马卫光书记在……上的讲话` over `在……上的讲话提纲`), or a column
/// (`每周一学（…）在……上的讲话` over `在……上的讲话`), or the article's subtitle repeats it
/// (`九届二次教代会学校工作报告` over `——九届二次教代会学校工作报告`). A title and its
/// subtitle say different things, so they share no long run of words.
fn page_headline(lines: &[String]) -> bool {
    let squeeze = |t: &str| -> Vec<char> {
        t.chars()
            .filter(|c| !c.is_whitespace())
            .skip_while(|c| matches!(c, '—' | '-'))
            .collect()
    };
    let first = squeeze(&lines[0]);
    lines.iter().skip(1).take(4).any(|l| {
        let other = squeeze(l);
        let short = first.len().min(other.len());
        short >= 8
            && other.len() <= 60
            && !l.contains(['。', '！', '？', '；'])
            && longest_common_run(&first, &other) * 4 >= short * 3
    })
}

/// The length of the longest run of characters two short lines share.
fn longest_common_run(a: &[char], b: &[char]) -> usize {
    let mut best = 0;
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        // Right to left: `row[j]` still holds the previous row's value when read.
        for j in (1..=b.len()).rev() {
            row[j] = if *x == b[j - 1] { row[j - 1] + 1 } else { 0 };
            best = best.max(row[j]);
        }
    }
    best
}

/// How many doubtful paragraphs an import keeps as written before it gives up the structure
/// altogether: each costs one more pass over the text.
const MAX_DOUBTS: usize = 8;

/// Marks a paragraph the structure must leave as written: no marker, heading or item is read
/// at its start. A private-use character no cleaned input holds; removed after the build.
const AS_WRITTEN: char = '\u{E000}';

/// A text without its white space: how a line spaced out for layout (`注　　释`, `走 向 远 方`)
/// is compared.
pub(in crate::import) fn unspaced(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether a paragraph was marked to stay as written (see [`AS_WRITTEN`]).
pub(in crate::import) fn kept_as_written(p: &str) -> bool {
    p.starts_with(AS_WRITTEN)
}

/// Builds the speech and checks it holds the paragraphs' words. Where it does not, the
/// paragraph the difference is in is kept as written — a body paragraph, never a heading —
/// and the speech built again: one doubt costs that paragraph's structure, not the whole
/// speech's. Each paragraph so kept is listed for review. At most [`MAX_DOUBTS`] retries;
/// past them (or for an input that holds the marker), the text near the last difference.
fn structure_keeping_words(
    paragraphs: &[String],
    bold: &[String],
    report: &mut Report,
) -> Result<(Speech, Vec<String>), String> {
    let markable = !paragraphs.iter().any(|p| p.contains(AS_WRITTEN));
    let mut kept: Vec<usize> = Vec::new();
    loop {
        let mut attempt = report.clone();
        let input: Vec<String> = paragraphs
            .iter()
            .enumerate()
            .map(|(k, p)| {
                if kept.contains(&k) {
                    format!("{AS_WRITTEN}{p}")
                } else {
                    p.clone()
                }
            })
            .collect();
        let mut speech = build(input, bold, &mut attempt);
        let mut marked = Vec::new();
        // (Nothing to look for on the first pass, the usual one.)
        if !kept.is_empty() {
            speech.for_each_text_mut(&mut |target, text| {
                if text.contains(AS_WRITTEN) {
                    text.retain(|c| c != AS_WRITTEN);
                    marked.push((target, report::shorten(text.trim(), 16)));
                }
            });
        }
        match words_kept(paragraphs, &speech) {
            Ok(consumed) => {
                for (target, near) in marked {
                    attempt.review.push(Review::KeptAsWritten {
                        near,
                        at: Some(target),
                    });
                }
                *report = attempt;
                return Ok((speech, consumed));
            }
            Err(doubt)
                if markable && kept.len() < MAX_DOUBTS && !kept.contains(&doubt.paragraph) =>
            {
                kept.push(doubt.paragraph);
            }
            Err(doubt) => return Err(doubt.near),
        }
    }
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

#[cfg(test)]
mod tests;
