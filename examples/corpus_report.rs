//! Measures the importer and the checker on a corpus of real speeches.
//!
//! `cargo run --release --example corpus_report [FOLDER] [--lost] [--errors] [--closings]
//! [--closings-from FILE]` (default
//! `../shared/corpus`): for each file listed in the folder's `expected.json`, imports the text
//! and prints whether the title and salutation were found, how many expected top-level headings
//! were found (and how many sections are none of them), how many input lines lost words, and
//! how many false blank and error findings the imported speech has, and, where the list gives
//! the closing's first words, whether the closing was found there. `--lost` also prints the
//! lines counted as lost, `--errors` the error findings, `--closings` each
//! closing missed (expected, found and the body's last paragraph). The texts are read at run time; none is
//! copied anywhere.

use std::path::PathBuf;

#[path = "../tests/support/corpus_measure.rs"]
mod measure;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show_lost = args.iter().any(|a| a == "--lost");
    let show_errors = args.iter().any(|a| a == "--errors");
    let show_closings = args.iter().any(|a| a == "--closings");
    let folder = args
        .iter()
        .enumerate()
        .find(|(k, a)| !a.starts_with("--") && (*k == 0 || args[k - 1] != "--closings-from"))
        .map(|(_, a)| a)
        .map_or_else(|| PathBuf::from("../shared/corpus"), PathBuf::from);
    let expected = match measure::load(&folder) {
        None => {
            eprintln!("没有找到语料：{}", folder.join("expected.json").display());
            std::process::exit(2);
        }
        Some(Err(e)) => {
            eprintln!("expected.json 无法读取：{e}");
            std::process::exit(2);
        }
        Some(Ok(e)) => e,
    };
    // Closings judged apart from a corpus's list (`--closings-from FILE`: file name → the
    // closing's first words), for a corpus whose list does not say.
    let mut expected = expected;
    if let Some(path) = args
        .iter()
        .position(|a| a == "--closings-from")
        .and_then(|k| args.get(k + 1))
    {
        let extra: std::collections::HashMap<String, String> =
            match std::fs::read_to_string(path).map(|t| serde_json::from_str(&t)) {
                Ok(Ok(m)) => m,
                _ => {
                    eprintln!("无法读取结尾标注：{path}");
                    std::process::exit(2);
                }
            };
        for e in &mut expected {
            if let Some(c) = extra.get(&e.file) {
                e.closing_first = Some(c.clone());
            }
        }
    }
    println!(
        "{:<48} {:>4} {:>4} {:>9} {:>4} {:>6} {:>6} {:>6} {:>4}",
        "file", "标题", "称谓", "一级标题", "多出", "丢行", "假空白", "错误", "结尾"
    );
    let (mut closings, mut closings_known) = (0, 0);
    let (mut titles, mut salutations, mut found, mut headings) = (0, 0, 0, 0);
    let (mut lost, mut blanks, mut errors, mut extra) = (0, 0, 0, 0);
    for e in &expected {
        let Some(f) = measure::measure(&folder, e) else {
            println!("{:<48} 无法读取", e.file);
            continue;
        };
        if show_lost {
            for l in &f.lost {
                eprintln!(
                    "  丢行 {}：{}",
                    f.file,
                    l.chars().take(60).collect::<String>()
                );
            }
        }
        if show_errors {
            for (rule, excerpt) in &f.errors {
                eprintln!("  错误 {}：{rule} {excerpt}", f.file);
            }
        }
        if show_closings && f.closing_ok.is_none() {
            let cut = |t: &str| t.chars().take(50).collect::<String>();
            eprintln!(
                "  结尾 {}：（未标注）\n    找到「{}」\n    正文末段「{}」",
                f.file,
                cut(&f.closing_found),
                cut(&f.body_last)
            );
        }
        if show_closings && f.closing_ok == Some(false) {
            let cut = |t: &str| t.chars().take(50).collect::<String>();
            eprintln!(
                "  结尾 {}：期望「{}」\n    找到「{}」\n    正文末段「{}」",
                f.file,
                cut(&e.closing_first.clone().unwrap_or_default()),
                cut(&f.closing_found),
                cut(&f.body_last)
            );
        }
        let mark = |ok: bool| if ok { "✓" } else { "✗" };
        let closing = f.closing_ok.map_or("-", mark);
        closings += usize::from(f.closing_ok == Some(true));
        closings_known += usize::from(f.closing_ok.is_some());
        println!(
            "{:<48} {:>4} {:>4} {:>9} {:>4} {:>6} {:>6} {:>6} {:>4}",
            f.file,
            mark(f.title_ok),
            mark(f.salutation_ok),
            format!("{}/{}", f.found, f.headings),
            f.extra,
            f.lost.len(),
            f.false_blanks,
            f.errors.len(),
            closing
        );
        titles += usize::from(f.title_ok);
        salutations += usize::from(f.salutation_ok);
        found += f.found;
        headings += f.headings;
        extra += f.extra;
        lost += f.lost.len();
        blanks += f.false_blanks;
        errors += f.errors.len();
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            100.0
        } else {
            a as f64 * 100.0 / b as f64
        }
    };
    println!(
        "合计：标题 {titles}/{}（{:.0}%），称谓 {salutations}/{}，一级标题 {found}/{headings}（{:.0}%，多出 {extra}），丢行 {lost}，假空白 {blanks}，错误 {errors}，结尾 {closings}/{closings_known}",
        expected.len(),
        pct(titles, expected.len()),
        expected.len(),
        pct(found, headings)
    );
}
