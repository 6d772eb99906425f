//! Measures the proofreader on a file of sentences with typos: `N \t SOURCE \t TARGET` a line,
//! N the number of wrong characters (0: the sentence is correct), TARGET the corrected
//! sentence. Shared by the report example and the test that keeps the figures from slipping.

use jianggao::check::{self, Finding};

/// What the proofreader did on one file.
#[derive(Debug, Default)]
pub struct Figures {
    pub typo_sentences: usize,
    /// Typo sentences with at least one word finding.
    pub detected: usize,
    /// Typo sentences that the findings' fixes turn into the target exactly.
    pub corrected: usize,
    pub correct_sentences: usize,
    /// Correct sentences with a word finding.
    pub false_alarms: usize,
    /// Each false alarm: the sentence and its findings.
    pub alarms: Vec<(String, Vec<Finding>)>,
    /// Each typo sentence not corrected: source, target, findings.
    pub misses: Vec<(String, String, Vec<Finding>)>,
}

/// The word findings of one sentence (the checker's form rules left out).
pub fn word_findings(sentence: &str) -> Vec<Finding> {
    check::check_text(sentence)
        .into_iter()
        .filter(|f| check::proof::is_word_rule(f.rule))
        .collect()
}

/// The sentence with every finding's fix applied.
pub fn apply(sentence: &str, findings: &[Finding]) -> String {
    let mut chars: Vec<String> = sentence.chars().map(String::from).collect();
    for f in findings {
        if let Some(fix) = &f.fix {
            let r = f.location.chars.clone();
            chars[r.start] = fix.clone();
            for c in &mut chars[r.start + 1..r.end] {
                c.clear();
            }
        }
    }
    chars.concat()
}

pub fn measure(tsv: &str) -> Figures {
    let mut fig = Figures::default();
    for line in tsv.lines() {
        let mut parts = line.split('\t');
        let (Some(n), Some(source), Some(target)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let found = word_findings(source);
        if n.trim() == "0" {
            fig.correct_sentences += 1;
            if !found.is_empty() {
                fig.false_alarms += 1;
                fig.alarms.push((source.to_owned(), found));
            }
        } else {
            fig.typo_sentences += 1;
            if !found.is_empty() {
                fig.detected += 1;
            }
            if apply(source, &found) == target {
                fig.corrected += 1;
            } else {
                fig.misses
                    .push((source.to_owned(), target.to_owned(), found));
            }
        }
    }
    fig
}

pub fn percent(part: usize, whole: usize) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}
