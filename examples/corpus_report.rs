//! Measures the importer and the checker on a corpus of real speeches.
//!
//! `cargo run --release --example corpus_report [FOLDER] [--lost]` (default `../shared/corpus`;
//! `--lost` prints the lines counted as lost): for each
//! file listed in the folder's `expected.json`, imports the text and prints whether the title
//! was found, how many expected top-level headings were found, how many input lines lost words,
//! and how many blank and error findings the imported speech has (the corpus has no blanks, so
//! every blank is a false one). The texts are read at run time; none is copied anywhere.

use std::path::PathBuf;

use jianggao::checker::{self, Severity};
use jianggao::import::import_text;

/// What the corpus says about one file.
#[derive(serde::Deserialize)]
struct Expected {
    file: String,
    title: Option<String>,
    salutation: Option<String>,
    top_headings: Vec<String>,
    blanks: usize,
}

/// Text as compared: no markdown bold, no whitespace (also U+3000 and U+00A0).
fn plain(s: &str) -> String {
    s.replace("**", "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// An input line's words without a leading numbering marker (replaced by derived numbers).
fn words_of(line: &str) -> String {
    let p = plain(line);
    let numeral = |c: char| "一二三四五六七八九十".contains(c) || c.is_ascii_digit();
    let cs: Vec<char> = p.chars().collect();
    let mut skip = cs.iter().take_while(|c| numeral(**c)).count();
    if skip > 0 && matches!(cs.get(skip), Some('、' | '是' | '要' | '.' | '．')) {
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

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `--lost` also prints the lines counted as lost.
    let show_lost = args.iter().any(|a| a == "--lost");
    let folder = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map_or_else(|| PathBuf::from("../shared/corpus"), PathBuf::from);
    let Ok(list) = std::fs::read_to_string(folder.join("expected.json")) else {
        eprintln!("没有找到语料：{}", folder.join("expected.json").display());
        std::process::exit(2);
    };
    let expected: Vec<Expected> = match serde_json::from_str(&list) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("expected.json 无法读取：{e}");
            std::process::exit(2);
        }
    };
    println!(
        "{:<48} {:>4} {:>4} {:>9} {:>4} {:>6} {:>6} {:>6}",
        "file", "标题", "称谓", "一级标题", "多出", "丢行", "假空白", "错误"
    );
    let (mut titles, mut salutations, mut heads_found, mut heads_all) = (0, 0, 0, 0);
    let (mut lost_all, mut blanks_all, mut errors_all, mut extra_all) = (0, 0, 0, 0);
    for e in &expected {
        let Ok(text) = std::fs::read_to_string(folder.join(&e.file)) else {
            println!("{:<48} 无法读取", e.file);
            continue;
        };
        // Line 1 names the corpus file's source; it is not part of the text.
        let text = text
            .split_once('\n')
            .map_or("", |(_, rest)| rest)
            .to_owned();
        let imported = import_text(&text);
        let s = &imported.speech;
        // A date fused to the title is kept in the date line: the same words.
        let title_ok = e.title.as_ref().map_or(s.title.trim().is_empty(), |t| {
            plain(t) == plain(&s.title) || plain(t) == plain(&format!("{}{}", s.title, s.date_line))
        });
        // A two-line salutation is given joined by a line break; we keep one line of it.
        // The expected form keeps its colon; the speech stores the salutation without it.
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
        // Top-level sections that are no expected heading: structure that is not there.
        let extra = got
            .iter()
            .filter(|g| !e.top_headings.iter().any(|h| plain(h) == **g))
            .count();
        // Lines whose words are neither in the speech nor among the reported removals.
        let exported = plain(&jianggao::export::render(s));
        // Everything the report lists as taken out: furniture, markup, invisible characters.
        let removed: Vec<String> = imported
            .report
            .removed
            .iter()
            .map(|r| plain(&r.text))
            .chain(imported.report.normalised.iter().map(|n| plain(&n.removed)))
            .filter(|r| !r.is_empty())
            .collect::<Vec<_>>();
        // Longest first: a short removal (`新闻`) may also occur inside a longer one.
        let mut removed = removed;
        removed.sort_by_key(|r| std::cmp::Reverse(r.len()));
        let lost_lines: Vec<String> = text
            .lines()
            .map(words_of)
            .filter(|w| !w.is_empty())
            .filter(|w| {
                // What is left of the line once the listed removals are taken out of it.
                let mut rest = w.clone();
                for r in &removed {
                    // Removals are whole lines, a line's start or end (a dateline, an advert),
                    // or markup inside it; a short one (`、`) only as a whole line, or it would
                    // cut kept text apart.
                    if rest == *r {
                        rest.clear();
                    } else if let Some(x) = rest.strip_prefix(r.as_str()) {
                        rest = x.to_owned();
                    } else if let Some(x) = rest.strip_suffix(r.as_str()) {
                        rest = x.to_owned();
                    } else if r.chars().count() >= 4 && rest.contains(r.as_str()) {
                        rest = rest.replacen(r.as_str(), "", 1);
                    }
                }
                // A line may also be a piece of a listed removal (lines joined first).
                !rest.is_empty()
                    && !exported.contains(rest.as_str())
                    && !removed.iter().any(|r| r.contains(rest.as_str()))
            })
            .collect();
        let lost = lost_lines.len();
        if show_lost {
            for l in &lost_lines {
                eprintln!(
                    "  丢行 {}：{}",
                    e.file,
                    l.chars().take(60).collect::<String>()
                );
            }
        }
        let findings = checker::check(s);
        let blanks = checker::blanks(&findings).count().saturating_sub(e.blanks);
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error && f.rule != checker::PLACEHOLDER)
            .count();
        println!(
            "{:<48} {:>4} {:>4} {:>9} {:>4} {:>6} {:>6} {:>6}",
            e.file,
            if title_ok { "✓" } else { "✗" },
            if salutation_ok { "✓" } else { "✗" },
            format!("{found}/{}", e.top_headings.len()),
            extra,
            lost,
            blanks,
            errors
        );
        titles += usize::from(title_ok);
        salutations += usize::from(salutation_ok);
        heads_found += found;
        extra_all += extra;
        heads_all += e.top_headings.len();
        lost_all += lost;
        blanks_all += blanks;
        errors_all += errors;
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            100.0
        } else {
            a as f64 * 100.0 / b as f64
        }
    };
    println!(
        "合计：标题 {titles}/{}（{:.0}%），称谓 {salutations}/{}，一级标题 {heads_found}/{heads_all}（{:.0}%，多出 {extra_all}），丢行 {lost_all}，假空白 {blanks_all}，错误 {errors_all}",
        expected.len(),
        pct(titles, expected.len()),
        expected.len(),
        pct(heads_found, heads_all)
    );
}
