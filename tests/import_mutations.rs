//! The author's words survive import whatever shape a real text arrives in.
//!
//! Real speeches from `../shared/corpus` (read at run time; skipped when absent) are mutated —
//! lines deleted, swapped, duplicated, joined (lost line breaks, with or without the paragraph
//! indent), wrapped at a fixed width, left in HTML tags, numbering markers inserted at line
//! starts and inside sentences, page furniture inserted — and imported. An oracle written
//! here, independently of the importer, checks the speech against the input less what the
//! report lists as removed:
//! - nothing added or rewritten: the speech holds no character more often than the input (a
//!   renumbered marker inside a sentence changes a numeral and is caught);
//! - nothing dropped: what the input holds more of is made of numbering markers only (those
//!   that became structure, whose numbers are derived);
//! - nothing reordered: every paragraph and heading of the body comes in input order.
//!
//! - only the furniture goes: a sentence a dateline, a caption or a source note was glued to
//!   (before or after it, no line break) stays whole.
//!
//! `cargo test --test import_mutations` runs a few hundred cases; `PROPTEST_CASES=2000` more.

use std::collections::HashMap;
use std::path::PathBuf;

use jianggao::import::{Review, import_text};
use proptest::prelude::*;

fn corpus_texts() -> Vec<String> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        // Line 1 names the file's source; it is not part of the text.
        .map(|t| {
            t.split_once('\n')
                .map_or(String::new(), |(_, r)| r.to_owned())
        })
        .collect()
}

const MARKERS: [&str; 11] = [
    "一、",
    "（一）",
    "1、",
    "1．",
    "1.",
    "（1）",
    "一是",
    "一要",
    "第一，",
    "首先，",
    "二、",
];

/// Every character a numbering marker is made of.
const MARKER_CHARS: &str = "一二三四五六七八九十、是要第，,（）()0123456789.．首先其次再最后";

const FURNITURE: [&str; 5] = [
    "当前位置：首页 > 新闻中心 > 领导讲话",
    "【打印正文】【关闭窗口】",
    "责任编辑：张三",
    "上一篇：关于做好春节期间工作的通知",
    "版权所有：某某市人民政府办公室",
];

/// Furniture a page glues to a sentence, before or after it with no line break: a dateline,
/// a caption, a source.
const GLUED: [&str; 6] = [
    "（新华社北京3月6日电）",
    "本报讯（记者 王明）",
    "图为会议现场。",
    "（来源：人民日报）",
    "（图片来源：市政府网站）",
    "【字体：大 中 小】",
];

#[derive(Clone, Debug)]
enum Mutation {
    /// Furniture glued to the start (`true`) or the end of a line.
    Glue(usize, usize, bool),
    Delete(usize),
    Swap(usize, usize),
    Duplicate(usize),
    Join(usize),
    MarkerAtStart(usize, usize),
    MarkerInside(usize, usize),
    Furniture(usize, usize),
    /// A line wrapped at a fixed width (copied from a PDF or with soft line breaks).
    Wrap(usize, usize),
    /// Two lines run together with the second one's paragraph indent kept (tags stripped).
    JoinIndented(usize),
    /// Every line wrapped at a fixed width, its paragraph indent kept on the first row.
    WrapAll(usize),
    /// A line left inside HTML tags (`<p>…</p>`, `…<br>`).
    Tagged(usize, bool),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let i = 0usize..400;
    prop_oneof![
        i.clone().prop_map(Mutation::Delete),
        (i.clone(), i.clone()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        i.clone().prop_map(Mutation::Duplicate),
        i.clone().prop_map(Mutation::Join),
        (i.clone(), 0..MARKERS.len()).prop_map(|(a, m)| Mutation::MarkerAtStart(a, m)),
        (i.clone(), 0..MARKERS.len()).prop_map(|(a, m)| Mutation::MarkerInside(a, m)),
        (i.clone(), 0..FURNITURE.len()).prop_map(|(a, f)| Mutation::Furniture(a, f)),
        (i.clone(), 12usize..40).prop_map(|(a, w)| Mutation::Wrap(a, w)),
        i.clone().prop_map(Mutation::JoinIndented),
        (16usize..40).prop_map(Mutation::WrapAll),
        (0usize..400, any::<bool>()).prop_map(|(a, p)| Mutation::Tagged(a, p)),
        (i, 0..GLUED.len(), any::<bool>()).prop_map(|(a, g, b)| Mutation::Glue(a, g, b)),
    ]
}

/// The mutated text, and the sentences furniture was glued to (each must survive whole).
fn apply(text: &str, mutations: &[Mutation]) -> (String, Vec<String>) {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut glued = Vec::new();
    for m in mutations {
        let n = lines.len().max(1);
        match *m {
            Mutation::Glue(a, g, before) => {
                let l = &mut lines[a % n];
                // A paragraph of the author's: long enough, ending as a sentence does, one
                // paragraph (no indent inside: a text whose line breaks were lost is many).
                let t = l.trim();
                let n = t.chars().count();
                if (12..=400).contains(&n)
                    && t.ends_with(['。', '！', '？'])
                    && !t.contains(['<', '\u{3000}'])
                    && !t.starts_with(['#', '>', '-', '*', '|'])
                    && !GLUED.iter().any(|g| t.contains(g))
                    && !t.contains("   ")
                {
                    glued.push(t.to_owned());
                    *l = if before {
                        format!("{}{}", GLUED[g], t)
                    } else {
                        format!("{t}{}", GLUED[g])
                    };
                }
            }
            Mutation::Delete(a) if lines.len() > 3 => {
                lines.remove(a % n);
            }
            Mutation::Swap(a, b) => lines.swap(a % n, b % n),
            Mutation::Duplicate(a) => {
                let l = lines[a % n].clone();
                lines.insert(a % n, l);
            }
            Mutation::Join(a) if a % n + 1 < lines.len() => {
                let next = lines.remove(a % n + 1);
                lines[a % n].push_str(&next);
            }
            Mutation::MarkerAtStart(a, k) => {
                let l = &mut lines[a % n];
                let indent = l.len() - l.trim_start().len();
                l.insert_str(indent, MARKERS[k]);
            }
            Mutation::MarkerInside(a, k) => {
                let l = &mut lines[a % n];
                if let Some((at, c)) = l.char_indices().find(|(_, c)| "，；：".contains(*c)) {
                    l.insert_str(at + c.len_utf8(), MARKERS[k]);
                }
            }
            Mutation::Furniture(a, f) => lines.insert(a % n, FURNITURE[f].to_owned()),
            Mutation::Wrap(a, width) => {
                let at = a % n;
                let cs: Vec<char> = lines[at].chars().collect();
                lines.splice(at..=at, wrap(&cs, width));
            }
            Mutation::WrapAll(width) => {
                lines = lines
                    .iter()
                    .flat_map(|l| {
                        let cs: Vec<char> = l.chars().collect();
                        if cs.is_empty() {
                            return vec![String::new()];
                        }
                        wrap(&cs, width)
                    })
                    .collect();
            }
            Mutation::Tagged(a, paragraph) => {
                let l = &mut lines[a % n];
                if paragraph {
                    *l = format!("<p style=\"text-indent:2em\">{l}</p>");
                } else {
                    l.push_str("<br/>");
                }
            }
            Mutation::JoinIndented(a) if a % n + 1 < lines.len() => {
                let next = lines.remove(a % n + 1);
                lines[a % n].push_str("\u{3000}\u{3000}");
                lines[a % n].push_str(next.trim_start());
            }
            _ => {}
        }
    }
    // A later mutation may have cut or joined a glued line: only those still whole count.
    let joined = lines.join("\n");
    glued.retain(|g| joined.contains(g.as_str()));
    (joined, glued)
}

/// The characters the oracle compares: no whitespace, no colons (the salutation's is added).
fn essence(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '：' | ':'))
        .collect()
}

/// The length of a numbering marker at the start of `cs`: 一、 （一） 1、 1. 一是 一要 第一，.
fn marker_at(cs: &[char]) -> usize {
    let numeral = |c: &char| "一二三四五六七八九十".contains(*c);
    let n = cs.iter().take_while(|c| numeral(c)).count();
    if (1..=3).contains(&n) && matches!(cs.get(n), Some('、' | '是' | '要')) {
        return n + 1;
    }
    let d = cs.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=2).contains(&d) && matches!(cs.get(d), Some('、' | '．')) {
        return d + 1;
    }
    if cs.first() == Some(&'（') {
        let r = cs[1..]
            .iter()
            .take_while(|c| numeral(c) || c.is_ascii_digit())
            .count();
        if r > 0 && cs.get(1 + r) == Some(&'）') {
            return r + 2;
        }
    }
    if cs.first() == Some(&'第') {
        let r = cs[1..].iter().take_while(|c| numeral(c)).count();
        if r > 0 && cs.get(1 + r) == Some(&'，') {
            return r + 2;
        }
    }
    0
}

/// Rows of at most `width` characters (one more where a cut would split Markdown's `**`: the
/// texts that hold it are posts, never wrapped by a PDF or a word processor).
fn wrap(cs: &[char], width: usize) -> Vec<String> {
    // Nor is a line with HTML tags (a page's text, not a PDF's).
    if cs.contains(&'<') {
        return vec![cs.iter().collect()];
    }
    let mut rows = Vec::new();
    let mut from = 0;
    while from < cs.len() {
        let mut to = (from + width).min(cs.len());
        if to < cs.len() && cs[to - 1] == '*' && cs[to] == '*' {
            to += 1;
        }
        rows.push(cs[from..to].iter().collect());
        from = to;
    }
    rows
}

/// Where `needle` stands in `hay` when line breaks (and the indents after them) inside it are
/// ignored: the byte range in `hay`.
fn find_across_lines(hay: &str, needle: &str) -> Option<std::ops::Range<usize>> {
    let want: Vec<char> = needle.chars().collect();
    let first = *want.first()?;
    for (start, c) in hay.char_indices() {
        if c != first {
            continue;
        }
        let mut k = 0;
        let mut end = start;
        let mut after_break = false;
        for (i, h) in hay[start..].char_indices() {
            if k == want.len() {
                break;
            }
            if h == '\n' {
                after_break = true;
                continue;
            }
            if after_break && h.is_whitespace() && want[k] != h {
                continue;
            }
            if h != want[k] {
                break;
            }
            after_break = false;
            k += 1;
            end = start + i + h.len_utf8();
        }
        if k == want.len() {
            return Some(start..end);
        }
    }
    None
}

/// A line cut at the paragraph indents inside it.
fn paragraph_pieces(line: &str) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let mut gap = String::new();
    let cs: Vec<char> = line.trim().chars().collect();
    for (i, &c) in cs.iter().enumerate() {
        if c.is_whitespace() {
            gap.push(c);
            continue;
        }
        let wide = gap.chars().filter(|g| *g == '\u{3000}').count();
        // An indent is a paragraph's start where the text before it ends a sentence, the text
        // after it starts with a marker, or the piece before it is a heading (starts with a
        // marker, short). Space inside a sentence (a blank's slots) is no paragraph break.
        let boundary = || {
            let piece = pieces.last().unwrap();
            piece.ends_with(['。', '！', '？', '；', '：', '”'])
                || marker_at(&cs[i..]) > 0
                || piece.chars().count() <= 60 && marker_at(&piece.chars().collect::<Vec<_>>()) > 0
        };
        if (wide >= 2 || gap.chars().count() >= 3) && boundary() {
            pieces.push(String::new());
        }
        gap.clear();
        pieces.last_mut().unwrap().push(c);
    }
    pieces
}

fn counts(s: &str) -> HashMap<char, isize> {
    let mut m = HashMap::new();
    for c in s.chars() {
        *m.entry(c).or_default() += 1;
    }
    m
}

proptest! {
    // A fixed seed: the same cases on every run, so CI is reproducible; `PROPTEST_RNG_SEED`
    // or more `PROPTEST_CASES` explore further.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300),
        rng_seed: proptest::test_runner::RngSeed::Fixed(
            std::env::var("PROPTEST_RNG_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(2026),
        ),
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_real_speeches_keep_every_word(
        pick in 0usize..100,
        mutations in prop::collection::vec(mutation(), 0..8),
    ) {
        keeps_every_word(pick, &mutations)?;
    }

    /// Datelines, captions and source notes glued to the author's sentences, with nothing
    /// else changed: the oracle's last check (the sentence stays whole) meets many of them.
    #[test]
    fn furniture_glued_to_sentences_takes_none_of_them(
        pick in 0usize..100,
        glue in prop::collection::vec((0usize..400, 0..GLUED.len(), any::<bool>()), 1..5),
    ) {
        let mutations: Vec<Mutation> = glue.into_iter().map(|(a, g, b)| Mutation::Glue(a, g, b)).collect();
        keeps_every_word(pick, &mutations)?;
    }
}

/// Imports corpus text `pick` after `mutations` and checks it against the oracle (see the
/// module's notes).
fn keeps_every_word(pick: usize, mutations: &[Mutation]) -> Result<(), TestCaseError> {
    let texts = corpus_texts();
    if texts.is_empty() {
        return Ok(()); // No corpus beside the repository.
    }
    let (input, glued) = apply(&texts[pick % texts.len()], mutations);
    if let Ok(dump) = std::env::var("MUTATION_DUMP") {
        std::fs::write(dump, &input).unwrap();
    }
    let imported = import_text(&input);
    // The importer's own ledger never had to step in: no stage lost a character unlisted.
    prop_assert!(
        !imported
            .report
            .review
            .iter()
            .any(|r| matches!(r, Review::Unaccounted { .. })),
        "{:?}\nmutations {:?}",
        imported.report.review,
        mutations
    );
    // The input less what the report lists as taken out: markup and invisible characters
    // from their lines, then furniture.
    let mut lines: Vec<String> = input.split('\n').map(str::to_owned).collect();
    for n in &imported.report.normalised {
        let Some(line) = lines.get_mut(n.line - 1) else {
            prop_assert!(false, "normalised line {} does not exist", n.line);
            unreachable!();
        };
        // Whole pieces first (a tag), then what is left character by character.
        let mut left = String::new();
        for piece in n.removed.split_inclusive('>') {
            match line.find(piece) {
                Some(at) if piece.starts_with('<') => line.replace_range(at..at + piece.len(), ""),
                _ => left.push_str(piece),
            }
        }
        for c in left.chars() {
            if let Some(at) = line.find(c) {
                line.replace_range(at..at + c.len_utf8(), "");
            }
        }
    }
    let mut rest = lines.join("\n");
    // (Furniture is replaced by a line break so the lines around it stay apart.)
    // Longest first: a short removal (`新闻`) may also occur inside a longer one.
    let mut removed: Vec<(&str, bool)> = imported
        .report
        .removed
        .iter()
        .map(|r| (r.text.as_str(), matches!(r.kind, "版权声明" | "页脚")))
        .collect();
    removed.sort_by_key(|r| std::cmp::Reverse(r.0.len()));
    for (r, at_end) in removed {
        // The same text may also stand inside a kept line: prefer a whole line, the last
        // one for what closes a page.
        let padded = format!("\n{rest}\n");
        let whole = format!("\n{r}\n");
        // `padded` is `rest` one character on: where `\n{r}\n` starts there, `r` starts here.
        let whole_line = if at_end {
            padded.rfind(&whole)
        } else {
            padded.find(&whole)
        };
        // Then at a line's start (a dateline), then anywhere.
        let at = whole_line
            .or_else(|| padded.find(&format!("\n{r}")))
            .or_else(|| rest.find(r));
        if let Some(at) = at {
            rest.replace_range(at..at + r.len(), "\n");
        } else if let Some(span) = find_across_lines(&rest, r) {
            // Lines the importer joined before removing them (a wrapped licence box).
            rest.replace_range(span, "\n");
        }
    }
    let speech = &imported.speech;
    // Markers inside a sentence (after ；，、：) are the author's text: remember each with
    // what follows it, to find it unchanged in the speech.
    let mut inner: Vec<String> = Vec::new();
    for line in rest.lines().flat_map(paragraph_pieces) {
        let cs: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
        for i in (1..cs.len()).filter(|&i| "；，、：".contains(cs[i - 1])) {
            let len = marker_at(&cs[i..]);
            if len > 0 {
                inner.push(essence(
                    &cs[i..(i + len + 3).min(cs.len())]
                        .iter()
                        .collect::<String>(),
                ));
            }
        }
    }
    // A paragraph may also end where the input's paragraph indent (`　　`, or three or more
    // spaces) stands inside a line whose line breaks were lost.
    let rest_lines: Vec<String> = rest
        .lines()
        .flat_map(paragraph_pieces)
        .map(|p| essence(&p))
        .collect();
    let rest = essence(&rest);
    // The speech's texts in document order, as the model holds them: a numbering marker
    // that became structure is not text (its number is derived), one kept as text is.
    // The title block's fields in the order they came (the layout has its own order).
    let mut out_lines: Vec<String> = [
        &speech.title,
        &speech.subtitle,
        &speech.date_line,
        &speech.speaker,
        &speech.salutation,
    ]
    .iter()
    .map(|f| essence(f))
    .collect();
    out_lines.sort_by_key(|f| rest.find(f.as_str()).unwrap_or(usize::MAX));
    let mut body: Vec<String> = speech.opening.iter().map(|p| essence(&p.text)).collect();
    speech.walk_sections(&mut |_, sec| {
        body.push(essence(&sec.heading));
        body.extend(sec.paragraphs.iter().map(|p| essence(&p.text)));
    });
    body.extend(speech.closing.iter().map(|p| essence(&p.text)));
    body.extend(speech.appendix.iter().map(|p| essence(&p.text)));
    out_lines.extend(body.iter().cloned());
    // Nothing added or rewritten: the speech has no character the input lacks. Nothing
    // dropped: what the input has more of is numbering markers only.
    let (a, b) = (counts(&rest), counts(&out_lines.concat()));
    let mut diff: Vec<(char, isize)> = a
        .keys()
        .chain(b.keys())
        .map(|c| {
            (
                *c,
                a.get(c).copied().unwrap_or(0) - b.get(c).copied().unwrap_or(0),
            )
        })
        .filter(|(c, d)| *d < 0 || (*d > 0 && !MARKER_CHARS.contains(*c)))
        .collect();
    diff.sort_unstable();
    diff.dedup();
    // No paragraph ends inside a sentence unless a line of the input did, or the report
    // lists the cut as a guess to review (`…发展，｜合计…`).
    let tail = |s: &str| -> String {
        let cs: Vec<char> = s.chars().collect();
        cs[cs.len().saturating_sub(6)..].iter().collect()
    };
    // (A line shorter than the tail, a wrapped row, ends it where the tail ends with it.)
    // (A line shorter than the tail, a wrapped row, ends it where the line before and it
    // together end with the tail.)
    let ends_a_line = |unit: &str| {
        let t = tail(unit);
        rest_lines.iter().enumerate().any(|(k, l)| {
            l.ends_with(t.as_str())
                || !l.is_empty()
                    && t.ends_with(l.as_str())
                    && k > 0
                    && format!("{}{l}", rest_lines[k - 1]).ends_with(t.as_str())
        })
    };
    let listed = |unit: &str| {
        let end: String = unit
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        imported.report.review.iter().any(|r| matches!(r, Review::GuessedBoundary { heading_end, .. } if essence(heading_end).ends_with(&end)))
    };
    for unit in &body {
        if unit.ends_with(['；', '，', '、']) && !listed(unit) {
            prop_assert!(
                ends_a_line(unit),
                "a paragraph was cut inside a sentence: …{}\nmutations {:?}",
                tail(unit),
                mutations
            );
        }
    }
    let all = out_lines.concat();
    // Only the furniture goes: the sentence it was glued to stays, whole (the report must not
    // list it removed with its furniture).
    // (A line a swap moved into an online library's licence box at the page's end goes
    // with the box: the page says so, not the line.)
    let licence = input.find("\n本作品").unwrap_or(input.len());
    for sentence in glued
        .iter()
        .filter(|g| input.find(g.as_str()).is_some_and(|at| at < licence))
    {
        // Less a marker at its start, which may have become a derived number, and less
        // Markdown's bold marks, which are markup.
        let cs: Vec<char> = essence(&sentence.replace("**", "")).chars().collect();
        let e: String = cs[marker_at(&cs)..].iter().collect();
        if std::env::var("GLUED_COUNT").is_ok() {
            eprintln!("GLUED-CHECKED");
        }
        prop_assert!(
            all.contains(e.as_str()),
            "a sentence went with the furniture glued to it: {}\nmutations {:?}",
            sentence,
            mutations
        );
    }
    for snippet in &inner {
        prop_assert!(
            all.contains(snippet.as_str()),
            "a marker inside a sentence was changed: {}\nmutations {:?}",
            snippet,
            mutations
        );
    }
    prop_assert!(
        diff.is_empty(),
        "characters differ {:?}\nmutations {:?}",
        diff,
        mutations
    );
    // In order: each paragraph and heading of the body is found after the one before (the
    // title block's fields may be laid out in another order than they came).
    let flat = rest.replace('\n', "");
    let mut from = 0;
    // A text that stands more than once in the input is ambiguous to place (which copy
    // went where): the character counts above cover it.
    let once = |l: &str| flat.matches(l).count() == 1;
    for line in body.iter().filter(|l| !l.is_empty() && once(l)) {
        match flat[from..].find(line.as_str()) {
            Some(at) => from += at + line.len(),
            None => prop_assert!(
                false,
                "out of order or changed: {}\nmutations {:?}",
                line,
                mutations
            ),
        }
    }
    Ok(())
}
