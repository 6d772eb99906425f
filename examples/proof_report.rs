//! Measures the proofreader on sentences with typos.
//!
//! `cargo run --release --example proof_report [FILE] [--alarms] [--misses]` (default
//! `../shared/proofreading/odw.dev.tsv`): prints how many typo sentences the word findings
//! detect and correct exactly, and how many correct sentences they raise a false alarm on.
//! `--alarms` lists the false alarms, `--misses` the typo sentences not corrected, `--why` each
//! wrong character not found, with why (how alike it is to the right one, whether its spot is
//! skipped, both models' margins for the right correction). The file is read at run time;
//! none of it is copied anywhere.
//!
//! `--speeches FOLDER...` instead checks every `.txt` and `.md` file of the folders (edited,
//! published speeches such as `../shared/corpus`) and lists each word finding: on such texts
//! nearly every one is a false alarm, so the count is the figure to keep low. Old names of
//! institutions (hints) are counted apart and listed on standard error.

use std::path::PathBuf;

#[path = "../tests/support/proof_measure.rs"]
mod measure;

fn speeches(folders: &[String]) {
    let (mut files, mut chars, mut found, mut renamed) = (0, 0, 0, 0);
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(folder) else {
            eprintln!("无法读取 {folder}");
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if !path.extension().is_some_and(|e| e == "txt" || e == "md") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            files += 1;
            chars += text.chars().count();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let findings = jianggao::check::check_text(&text);
            for f in findings
                .iter()
                .filter(|f| f.rule == jianggao::check::proof::institutions::RENAMED)
            {
                renamed += 1;
                eprintln!("{name}\t{}\t{}", f.excerpt, f.message);
            }
            for f in findings
                .into_iter()
                .filter(|f| jianggao::check::proof::is_word_rule(f.rule))
            {
                found += 1;
                println!(
                    "{name}\t{}\t{}→{}\t{}",
                    f.excerpt,
                    f.matched,
                    f.fix.as_deref().unwrap_or("?"),
                    f.message
                );
            }
        }
    }
    println!("{files} 个文件，{chars} 字：词语问题 {found} 处；机构旧名（提示）{renamed} 处");
}

/// Each wrong character of the typo sentences that no finding covers, with why.
fn why(tsv: &str) {
    for line in tsv.lines() {
        let parts: Vec<&str> = line.split('\t').collect();
        let [n, source, target, ..] = parts[..] else {
            continue;
        };
        let (s, t): (Vec<char>, Vec<char>) = (source.chars().collect(), target.chars().collect());
        if n == "0" || s.len() != t.len() {
            continue;
        }
        let found = measure::word_findings(source);
        for i in (0..s.len()).filter(|&i| s[i] != t[i]) {
            if found.iter().any(|f| f.location.chars.contains(&i)) {
                continue;
            }
            let near: String = s[i.saturating_sub(4)..(i + 5).min(s.len())]
                .iter()
                .collect();
            println!(
                "漏 {near}\t{}",
                jianggao::check::proof::explain(&s, i, t[i])
            );
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(k) = args.iter().position(|a| a == "--speeches") {
        speeches(&args[k + 1..]);
        return;
    }
    let file = args.iter().find(|a| !a.starts_with("--")).map_or_else(
        || PathBuf::from("../shared/proofreading/odw.dev.tsv"),
        PathBuf::from,
    );
    let tsv = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("无法读取 {}：{e}", file.display());
            std::process::exit(2);
        }
    };
    let fig = measure::measure(&tsv);
    let show = |f: &jianggao::check::Finding| {
        format!(
            "{}→{}（{}）",
            f.matched,
            f.fix.as_deref().unwrap_or("?"),
            f.message
        )
    };
    if args.iter().any(|a| a == "--alarms") {
        for (s, found) in &fig.alarms {
            let list: Vec<String> = found.iter().map(show).collect();
            println!("误报 {s}\n     {}", list.join("；"));
        }
    }
    if args.iter().any(|a| a == "--why") {
        why(&tsv);
    }
    if args.iter().any(|a| a == "--misses") {
        for (s, t, found) in &fig.misses {
            let list: Vec<String> = found.iter().map(show).collect();
            println!("未改对 {s}\n       {t}\n       {}", list.join("；"));
        }
    }
    println!(
        "有错句 {}：查出 {}（{:.1}%），改对 {}（{:.1}%）；无错句 {}：误报 {}（{:.1}%）",
        fig.typo_sentences,
        fig.detected,
        measure::percent(fig.detected, fig.typo_sentences),
        fig.corrected,
        measure::percent(fig.corrected, fig.typo_sentences),
        fig.correct_sentences,
        fig.false_alarms,
        measure::percent(fig.false_alarms, fig.correct_sentences),
    );
}
