//! Headings: where a numbered heading glued to its paragraph ends, sub-levels, number gaps and
//! repeats.

use crate::doc::model::{Numbering, Section, Speech};
use crate::import::report::{Renumbered, Review};
use crate::import::report::{Report, shorten, shorten_start};
use crate::import::structure::items::items;
use crate::import::structure::lead::{lead_suffix, short_sentences};
use crate::import::structure::{
    Part, char_offset, heading_marker_start, new_paragraphs, run_in_marker,
};
use crate::text::chars::is_sentence_end;
use std::collections::HashSet;

/// A run-in marker glued to the heading before it (`…保就业一是…`): no punctuation between.
/// After `，` `；` `：` the marker is inside the author's sentence.
pub(in crate::import) fn glued_marker(cs: &[char], at: usize) -> bool {
    at > 0
        && (crate::text::chars::is_han(cs[at - 1]) || cs[at - 1].is_alphanumeric())
        && run_in_marker(cs, at).is_some()
}

/// Endings (last three characters) of headings whose end is certain: followed by a run-in
/// marker. Parallel headings usually share them (强担当 / 见实效 / 求突破). A set: every
/// heading looks its endings up, so a list would make the import quadratic in headings.
pub(in crate::import) fn certain_heading_endings(parts: &[Part]) -> HashSet<String> {
    let mut out = HashSet::new();
    for p in parts {
        let cs: Vec<char> = p.first.chars().collect();
        if let Some(at) = (4..cs.len().min(60)).find(|&i| glued_marker(&cs, i))
            && !cs[..at].iter().any(|c| is_sentence_end(*c))
        {
            out.insert(cs[at - 3..at].iter().collect());
        }
    }
    out
}

/// Builds a section at heading `level` (1 = 一、) from its heading line and following text.
pub(in crate::import) fn section_from(
    speech: &mut Speech,
    part: Part,
    label: &str,
    learned: &HashSet<String>,
    level: usize,
    report: &mut Report,
) -> Section {
    let cs: Vec<char> = part.first.chars().collect();
    let mut body: Vec<String> = Vec::new();
    let heading: String;
    let split = heading_split(&cs, &part.rest, learned);
    match split {
        Split::Whole => heading = part.first.clone(),
        // A heading that is one whole sentence on its own line (`（一）是…手段。`): no body text
        // is glued to it.
        Split::At(at, _) if cs[at..].iter().all(|c| c.is_whitespace()) => {
            heading = part.first.clone();
        }
        Split::At(at, certain) => {
            heading = cs[..at].iter().collect();
            let tail: String = cs[at..].iter().collect();
            if !certain {
                report.review.push(Review::GuessedBoundary {
                    section: label.to_owned(),
                    // The end of the heading: where the guessed boundary is.
                    heading_end: shorten_start(&heading, 30),
                    paragraph_start: shorten(&tail, 8),
                });
            }
            body.push(tail);
        }
    }
    body.extend(part.rest);
    let mut section = speech.new_section(heading.trim().to_owned());
    let (paras, children, style) = match sub_parts(&body, level + 1) {
        Some((own, parts)) => {
            check_level_numbers(&parts, label, level + 1, report);
            let n = parts.len();
            let children = parts
                .into_iter()
                .enumerate()
                .map(|(k, p)| {
                    let sub = format!(
                        "{label}{}",
                        crate::doc::numbering::label(Numbering::Heading, level, k, n)
                    );
                    section_from(speech, p, &sub, &HashSet::new(), level + 1, report)
                })
                .collect();
            (own, children, Numbering::Heading)
        }
        None => items(speech, body, report, label),
    };
    section.paragraphs = new_paragraphs(speech, paras);
    section.child_numbering = style;
    section.children = children;
    section
}

/// Paragraphs of a section split at standalone headings of `level` (2: （一）, 3: 1., 4: （1）):
/// the text before the first one, and the sub-parts.
pub(in crate::import) fn sub_parts(
    body: &[String],
    level: usize,
) -> Option<(Vec<String>, Vec<Part>)> {
    if level > 4 {
        return None;
    }
    let mut own = Vec::new();
    let mut parts: Vec<Part> = Vec::new();
    for t in body {
        match heading_marker_start(t) {
            Some((l, number, len)) if l == level => parts.push(Part {
                number,
                marker: t[..char_offset(t, len)].to_owned(),
                first: t[char_offset(t, len)..].to_owned(),
                rest: Vec::new(),
            }),
            _ => match parts.last_mut() {
                Some(p) => p.rest.push(t.clone()),
                None => own.push(t.clone()),
            },
        }
    }
    (!parts.is_empty()).then_some((own, parts))
}

/// Reports numbers in the source that skip or repeat at one heading level; the model numbers
/// by position, so they are renumbered.
pub(in crate::import) fn check_level_numbers(
    parts: &[Part],
    label: &str,
    level: usize,
    report: &mut Report,
) {
    for (k, part) in parts.iter().enumerate() {
        let want = k as u64 + 1;
        if part.number == want {
            continue;
        }
        let new = crate::doc::numbering::label(Numbering::Heading, level - 1, k, parts.len());
        report.renumbered.push(Renumbered::Heading {
            under: label.to_owned(),
            marker: part.marker.clone(),
            heading: part.first.clone(),
            new,
            repeated: parts[..k].iter().any(|p| p.number == part.number),
            want,
        });
    }
}

pub(in crate::import) enum Split {
    Whole,
    /// Char index, and whether it is certain.
    At(usize, bool),
}

/// Where a heading glued to its first paragraph ends.
pub(in crate::import) fn heading_split(
    cs: &[char],
    rest: &[String],
    learned: &HashSet<String>,
) -> Split {
    let has_end = cs.iter().any(|c| is_sentence_end(*c));
    if !has_end && cs.len() <= 50 {
        return Split::Whole; // A heading on its own line.
    }
    let window = cs.len().min(60);
    // Certain: a run-in marker follows directly.
    if let Some(at) = (4..window).find(|&i| glued_marker(cs, i))
        && !cs[..at].iter().any(|c| is_sentence_end(*c))
    {
        return Split::At(at, true);
    }
    // Certain: a lead sentence parallel to later ones follows (要在…强担当。).
    if let Some(at) = glued_lead(cs, rest) {
        return Split::At(at, true);
    }
    // Guess: a parallel ending — of other headings, or of this section's lead sentences
    // (锚定…强担当。 suggests the heading ends in 强担当 too).
    let mut texts = vec![cs.iter().collect::<String>()];
    texts.extend(rest.iter().cloned());
    let own = lead_suffix(&texts).map(|s| s.trim_end_matches('。').to_owned());
    for i in 8..window.min(45) {
        let end: String = cs[i.saturating_sub(3)..i].iter().collect();
        let parallel = learned.contains(&end) || own.as_ref() == Some(&end);
        if parallel && !cs[..i].iter().any(|c| is_sentence_end(*c)) {
            return Split::At(i, false);
        }
    }
    // Guess: the heading is the first sentence if it is short enough for a heading.
    let first_end = cs.iter().position(|c| is_sentence_end(*c));
    if let Some(p) = first_end
        && p < 80
    {
        return Split::At(p + 1, false);
    }
    // A long first sentence: up to its last pause within a heading's length, so that no word
    // is cut; with none, the whole sentence.
    if let Some(p) = (8..window)
        .rev()
        .find(|&i| matches!(cs[i], '，' | '；' | '：' | ','))
    {
        return Split::At(p + 1, false);
    }
    first_end.map_or(Split::Whole, |p| Split::At(p + 1, false))
}

/// A lead sentence glued after the heading: its start, if the later texts have parallel ones
/// sharing both the first two characters and the ending.
pub(in crate::import) fn glued_lead(cs: &[char], rest: &[String]) -> Option<usize> {
    let first_end = cs.iter().position(|c| *c == '。')?;
    // The parallel sentences: later in the same run-on text, and in the following paragraphs.
    let mut later = vec![cs[first_end + 1..].iter().collect::<String>()];
    later.extend(rest.iter().cloned());
    let suffix = lead_suffix(&later)?;
    let first: String = cs[..=first_end].iter().collect();
    if !first.ends_with(&suffix) {
        return None;
    }
    let mut prefixes: Vec<Vec<char>> = Vec::new();
    for t in &later {
        for (_, s) in short_sentences(t) {
            if s.ends_with(&suffix) {
                prefixes.push(s.chars().take(2).collect());
            }
        }
    }
    for pc in prefixes {
        if let Some(at) = (4..first_end).rev().find(|&i| cs[i..].starts_with(&pc))
            && first_end + 1 - at <= 24
        {
            return Some(at);
        }
    }
    None
}
