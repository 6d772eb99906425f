//! Lead sentences: the short sentences that open a paragraph, and the suffix parallel ones
//! share (`…上下功夫`), which tells a heading or an item from prose.

/// Short sentences (lead sentences) in `texts`: (start char index in its text, sentence).
pub(in crate::import) fn short_sentences(text: &str) -> Vec<(usize, String)> {
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
pub(in crate::import) fn lead_suffix(texts: &[String]) -> Option<String> {
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
