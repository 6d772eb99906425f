//! Line repair: paragraphs glued at an indent, lines wrapped by a page or a PDF joined back, run-on
//! paragraphs split at a closing, titles broken over two lines joined.

use crate::doc::marker;
use crate::import::clean::furniture::{has_furniture_words, is_page_counter, is_page_line};
use crate::import::report::Detected;
use crate::import::report::Report;
use crate::import::structure::head::{
    find_salutation, is_audience_line, is_date_line, starts_closing,
};
use crate::import::structure::{heading_marker, run_in_marker};
use crate::text::chars::is_sentence_end;

/// Splits lines whose line breaks were lost (a page's paragraphs run together when its tags are
/// stripped) at the paragraph indents left inside them: runs of `　　` or of three or more
/// spaces after a sentence's end or before a numbering marker. Only long lines with at least
/// two such runs: a title and its date set apart by spaces stay one line. Only whitespace
/// changes; returns how many splits were made, for the report.
pub(in crate::import) fn split_at_indents(text: &str) -> (std::borrow::Cow<'_, str>, usize) {
    let indent_runs = |cs: &[char]| -> Vec<(usize, usize)> {
        let mut runs = Vec::new();
        let mut i = cs.iter().take_while(|c| c.is_whitespace()).count();
        // Where the current paragraph began: a heading line (`（一）加强管理　　这是…`) ends
        // at its indent too.
        let mut from = i;
        // The last sentence end seen: kept as the scan goes, so that a long line with many
        // spaces and no full stop is not scanned back over and over (quadratic).
        let mut last_end: Option<usize> = None;
        while i < cs.len() {
            if !cs[i].is_whitespace() {
                if is_sentence_end(cs[i]) {
                    last_end = Some(i);
                }
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
            let start = last_end.filter(|&k| k >= from).map_or(from, |k| k + 1);
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
pub(in crate::import) fn join_wrapped_lines<'a>(
    text: &'a str,
    report: &mut Report,
) -> std::borrow::Cow<'a, str> {
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
    let furniture = |t: &str| has_furniture_words(t) || is_page_counter(t) || is_page_line(t);
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
    report
        .detected
        .push(Detected::JoinedLines { count: joined });
    std::borrow::Cow::Owned(out)
}

/// Splits run-on lines (line breaks lost) at markers that can only start a paragraph.
pub(in crate::import) fn split_run_on(lines: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        // A cut falls only after a full stop inside the line: most lines have none, and are
        // kept as they are without being taken apart.
        let inner = line
            .char_indices()
            .next_back()
            .map_or("", |(last, _)| &line[..last]);
        if !inner.contains(['。', '！', '？', '!', '?']) {
            if !line.is_empty() {
                out.push(line);
            }
            continue;
        }
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

/// Joins lines that a page cut around a linked title: `制定《` / `“571工程”纪要` / `》反革命…`.
/// A line ending in `《` runs on into the next, and a line starting with `》` continues the one
/// before. Only line breaks change.
pub(in crate::import) fn rejoin_split_titles(
    lines: Vec<String>,
    report: &mut Report,
) -> Vec<String> {
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
            .push(Detected::JoinedAtTitleMarks { count: joined });
    }
    // A title over two lines whose first stops mid-phrase: `在纪念中国人民抗日战争暨` /
    // `世界反法西斯战争胜利80周年大会上的讲话`.
    if out.len() > 2 && two_line_title(&out[0], &out[1]) {
        let second = out.remove(1);
        out[0].push_str(&second);
        report.detected.push(Detected::TwoLineTitle {
            text: out[0].clone(),
        });
    }
    out
}

/// Whether two first lines are one title: the first ends in a word that joins (`暨`, `和`,
/// `的`, `在`…), the second ends as a speech's title does, and neither is a sentence.
fn two_line_title(first: &str, second: &str) -> bool {
    let title_like = |l: &str| {
        let n = l.chars().count();
        (2..=40).contains(&n) && !l.contains(['。', '！', '？', '；', '：', '，'])
    };
    title_like(first)
        && title_like(second)
        && first.ends_with(['暨', '和', '与', '及', '的', '在', '上', '、', '之'])
        && ["讲话", "报告", "致辞", "发言", "贺词", "讲话提纲", "演讲"]
            .iter()
            .any(|w| second.ends_with(w))
}
