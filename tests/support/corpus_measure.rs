//! How the importer and checker are measured on a corpus of real speeches: shared by the corpus
//! test and the `corpus_report` example (included by path in both). The texts are read at run
//! time; none is copied anywhere.

use std::path::Path;

use jianggao::check::{self, Severity};
use jianggao::import::import_text;

/// What the corpus says about one file (`expected.json`).
#[derive(serde::Deserialize)]
pub struct Expected {
    pub file: String,
    pub title: Option<String>,
    pub salutation: Option<String>,
    pub top_headings: Vec<String>,
    #[serde(default)]
    pub blanks: usize,
    /// The first characters of the closing: `Some("")` for a speech without one, `None` where
    /// the list does not say.
    #[serde(default)]
    pub closing_first: Option<String>,
}

/// The figures for one file.
pub struct Figures {
    pub file: String,
    pub title_ok: bool,
    pub salutation_ok: bool,
    /// Expected top-level headings found, of how many.
    pub found: usize,
    pub headings: usize,
    /// Top-level sections that are no expected heading.
    pub extra: usize,
    /// Input lines whose words are neither in the speech nor among the reported removals.
    pub lost: Vec<String>,
    /// How far the blank findings are from the expected count (false or lost blanks).
    pub false_blanks: usize,
    /// Error findings other than blanks: (rule, excerpt).
    pub errors: Vec<(&'static str, String)>,
    /// Whether the closing is where the list says (`None`: it does not say).
    pub closing_ok: Option<bool>,
    /// The closing's first paragraph as found (empty: none).
    pub closing_found: String,
    /// The last body paragraph before the closing (or the speech's end).
    pub body_last: String,
}

/// The corpus's expectations, or `None` when the folder or its list is missing.
pub fn load(dir: &Path) -> Option<Result<Vec<Expected>, String>> {
    let list = std::fs::read_to_string(dir.join("expected.json")).ok()?;
    Some(serde_json::from_str(&list).map_err(|e| e.to_string()))
}

/// Text as compared: no markdown bold, no whitespace (also U+3000 and U+00A0).
pub fn plain(s: &str) -> String {
    s.replace("**", "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// An input line's words without a leading numbering marker (replaced by derived numbers).
/// Written out here rather than taken from the program: the measure must not share its
/// mistakes.
fn words_of(line: &str) -> String {
    let p = plain(line);
    let numeral = |c: char| "一二三四五六七八九十".contains(c) || c.is_ascii_digit();
    let cs: Vec<char> = p.chars().collect();
    let mut skip = cs.iter().take_while(|c| numeral(**c)).count();
    // `一　形势和任务`: a numeral set off by a space, as books set headings.
    let t = line.trim_start();
    let spaced = skip > 0
        && t.chars()
            .nth(t.chars().take_while(|c| numeral(*c)).count())
            .is_some_and(char::is_whitespace);
    // `第三，` shown as a heading's number.
    let ordinal = cs.first() == Some(&'第') && {
        let n = cs[1..].iter().take_while(|c| numeral(**c)).count();
        n > 0 && matches!(cs.get(1 + n), Some('，' | ','))
    };
    if spaced {
        // The numeral only.
    } else if ordinal {
        skip = cs[1..].iter().take_while(|c| numeral(**c)).count() + 2;
    } else if skip > 0 && matches!(cs.get(skip), Some('、' | '是' | '要' | '.' | '．')) {
        skip += 1;
    } else if matches!(cs.first(), Some('（' | '(')) {
        let r = cs[1..].iter().take_while(|c| numeral(**c)).count();
        skip = if r > 0 && matches!(cs.get(1 + r), Some('）' | ')')) {
            r + 2
        } else {
            0
        };
    } else {
        skip = 0;
    }
    cs[skip..].iter().collect()
}

/// Imports one corpus file and measures the result; `None` if the file cannot be read.
pub fn measure(dir: &Path, e: &Expected) -> Option<Figures> {
    let text = std::fs::read_to_string(dir.join(&e.file)).ok()?;
    // Line 1 names the corpus file's source; it is not part of the text.
    let text = text
        .split_once('\n')
        .map_or("", |(_, rest)| rest)
        .to_owned();
    let imported = import_text(&text);
    // A web page's words are what it shows, read here by a crude scan of the measure's own.
    let text = if text.trim_start().starts_with('<') {
        shown_text(&text)
    } else {
        text
    };
    let s = &imported.speech;
    // A date fused to the title is kept in the date line, a subtitle (`——在……上的讲话`) in
    // the subtitle: the same words.
    let title_ok = e.title.as_ref().map_or(s.title.trim().is_empty(), |t| {
        plain(t) == plain(&s.title)
            || plain(t) == plain(&format!("{}{}", s.title, s.date_line))
            || plain(t) == plain(&format!("{}{}", s.title, s.subtitle))
    });
    // A two-line salutation is given joined by a line break. The expected form keeps its
    // colon; the speech stores the salutation without it.
    let bare = |x: &str| plain(x).trim_end_matches(['：', ':']).to_owned();
    let salutation_ok = e
        .salutation
        .as_ref()
        .map_or(s.salutation.is_empty(), |x| bare(x) == bare(&s.salutation));
    // A `——` before a lead sentence is its marker in expected.json, text in the speech.
    let got: Vec<String> = s
        .sections
        .iter()
        .map(|x| plain(&x.heading).trim_start_matches('—').to_owned())
        .collect();
    let found = e
        .top_headings
        .iter()
        .filter(|h| got.iter().any(|g| *g == plain(h)))
        .count();
    let extra = got
        .iter()
        .filter(|g| !e.top_headings.iter().any(|h| plain(h) == **g))
        .count();
    let exported = plain(&jianggao::export::render(s));
    // Everything the report lists as taken out: furniture, markup, invisible characters.
    // Longest first: a short removal (`新闻`) may also occur inside a longer one.
    // Each with whether it may stand inside a line: markup and invisible characters may;
    // furniture is a whole line or a line's start or end (a repeated title `走向远方` is not
    // taken out of a sentence that says it).
    let mut removed: Vec<(String, bool)> = imported
        .report
        .removed
        .iter()
        .map(|r| (plain(&r.text), false))
        .chain(
            imported
                .report
                .normalised
                .iter()
                .map(|n| (plain(&n.removed), true)),
        )
        .filter(|(r, _)| !r.is_empty())
        .collect();
    removed.sort_by_key(|(r, _)| std::cmp::Reverse(r.len()));
    // Tags taken out of a line are listed together (`<p></p><p>`); each may stand anywhere.
    let mut tags: Vec<String> = imported
        .report
        .normalised
        .iter()
        .flat_map(|n| {
            plain(&n.removed)
                .split_inclusive('>')
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|t| t.starts_with('<') && t.ends_with('>'))
        .collect();
    tags.sort();
    tags.dedup();
    let lost = text
        .lines()
        .map(words_of)
        .filter(|w| !w.is_empty())
        .filter(|w| {
            // What is left of the line once the listed removals are taken out of it.
            let mut rest = w.clone();
            for t in &tags {
                rest = rest.replace(t.as_str(), "");
            }
            for (r, inside) in &removed {
                // Removals are whole lines, a line's start or end (a dateline, an advert), or
                // markup inside it; a short one (`、`) only as a whole line, or it would cut
                // kept text apart.
                if rest == *r {
                    rest.clear();
                } else if let Some(x) = rest.strip_prefix(r.as_str()) {
                    rest = x.to_owned();
                } else if let Some(x) = rest.strip_suffix(r.as_str()) {
                    rest = x.to_owned();
                } else if *inside && r.chars().count() >= 4 && rest.contains(r.as_str()) {
                    rest = rest.replacen(r.as_str(), "", 1);
                }
            }
            // A title line may hold the date or speaker, kept in their own fields (laid out
            // in their own order).
            for field in [&s.title, &s.date_line, &s.speaker, &s.subtitle] {
                let f = plain(field);
                if f.is_empty() {
                    continue;
                }
                if let Some(x) = rest.strip_prefix(f.as_str()) {
                    rest = x.to_owned();
                } else if let Some(x) = rest.strip_suffix(f.as_str()) {
                    rest = x.to_owned();
                }
            }
            // A line may also be a piece of a listed removal (lines joined first).
            !rest.is_empty()
                && !exported.contains(rest.as_str())
                && !removed.iter().any(|(r, _)| r.contains(rest.as_str()))
        })
        .collect();
    let findings = check::check(s);
    // Either way: a blank found that is none, or a blank lost on the way.
    let false_blanks = check::blanks(&findings).count().abs_diff(e.blanks);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.rule != check::PLACEHOLDER)
        .map(|f| (f.rule, f.excerpt.clone()))
        .collect();
    // The closing found starts with the expected words (or there is none when none is
    // expected).
    let closing_ok = e.closing_first.as_ref().map(|want| {
        // Joined: the importer may set a re-address (`同志们！`) apart from the words after it.
        let first: String = s.closing.iter().take(2).map(|p| plain(&p.text)).collect();
        if want.is_empty() {
            first.is_empty()
        } else {
            !first.is_empty() && first.starts_with(plain(want).as_str())
        }
    });
    let body_last = s
        .sections
        .last()
        .map(last_text)
        .or_else(|| s.opening.last().map(|p| plain(&p.text)))
        .unwrap_or_default();
    Some(Figures {
        closing_found: s
            .closing
            .first()
            .map(|p| plain(&p.text))
            .unwrap_or_default(),
        body_last,
        closing_ok,
        file: e.file.clone(),
        title_ok,
        salutation_ok,
        found,
        headings: e.top_headings.len(),
        extra,
        lost,
        false_blanks,
        errors,
    })
}

/// What a web page shows, crudely: no scripts, styles, titles or comments, a line break for
/// each paragraph, cell or line-break tag, no other tags, entities decoded. Spaces are not
/// compared, so how they collapse does not matter.
fn shown_text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::new();
    let mut i = 0;
    while i < html.len() {
        let rest = &lower[i..];
        let skip_to = |end: &str| rest.find(end).map_or(html.len(), |k| i + k + end.len());
        if rest.starts_with("<!--") {
            i = skip_to("-->");
        } else if rest.starts_with("<?php") || rest.starts_with("<?=") {
            // Server code: runs to its own end, whatever `>` it holds.
            i = skip_to("?>");
        } else if rest.starts_with("<%") {
            i = skip_to("%>");
        } else if rest.starts_with("<?") {
            // XML processing instructions: the server's, not the page's words.
            i = skip_to(">");
        } else if rest.starts_with("<script") {
            i = skip_to("</script>");
        } else if rest.starts_with("<style") {
            i = skip_to("</style>");
        } else if rest.starts_with("<title") {
            i = skip_to("</title>");
        } else if rest.starts_with('<')
            && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
        {
            // The tag's end: the first `>` outside a quoted attribute value (which may hold
            // server code with its own `>`).
            let mut quote: Option<char> = None;
            let end = rest
                .char_indices()
                .find(|&(_, c)| {
                    match (quote, c) {
                        (None, '"' | '\'') => quote = Some(c),
                        (Some(q), c) if c == q => quote = None,
                        (None, '>') => return true,
                        _ => {}
                    }
                    false
                })
                .map_or(html.len(), |(k, _)| i + k + 1);
            let name: String = rest[1..]
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            if [
                "p", "br", "div", "td", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6",
            ]
            .contains(&name.as_str())
            {
                out.push('\n');
            }
            i = end;
        } else {
            let c = html[i..].chars().next().unwrap_or(' ');
            // A source line break inside a paragraph is no paragraph's end.
            out.push(if c == '\n' { ' ' } else { c });
            i += c.len_utf8();
        }
    }
    html_escape::decode_html_entities(&out).into_owned()
}

/// The last paragraph of a section's subtree.
fn last_text(sec: &jianggao::doc::model::Section) -> String {
    match sec.children.last() {
        Some(c) => last_text(c),
        None => sec
            .paragraphs
            .last()
            .map_or_else(|| plain(&sec.heading), |p| plain(&p.text)),
    }
}
