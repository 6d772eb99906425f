//! What one rule found in one text: the one value every scanner (blanks, rules, invisible
//! characters, and what comes next) produces before the checker turns it into a finding.

use std::ops::Range;

/// What a rule found in one text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub rule: &'static str,
    pub chars: Range<usize>,
    pub message: String,
    /// The certain replacement of `chars`, if any.
    pub fix: Option<String>,
    /// For a word finding, the written word it is about (what 加入词典 accepts).
    pub word: Option<Range<usize>>,
}

/// A [`Hit`], written in one line by the scanners.
pub fn hit(rule: &'static str, chars: Range<usize>, message: String, fix: Option<String>) -> Hit {
    Hit {
        rule,
        chars,
        message,
        fix,
        word: None,
    }
}

/// What a scanner finds in a text, as (the characters matched, the fix): for its tests.
#[cfg(test)]
pub fn found_by(scan: fn(&str, &mut Vec<Hit>), text: &str) -> Vec<(String, Option<String>)> {
    let mut hits = Vec::new();
    scan(text, &mut hits);
    let chars: Vec<char> = text.chars().collect();
    hits.into_iter()
        .map(|h| (chars[h.chars].iter().collect(), h.fix))
        .collect()
}
