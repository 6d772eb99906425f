//! Run-in items (一是…, 第一，…, 首先，…) inside a section's paragraphs.

use crate::doc::model::{Numbering, Paragraph, Section, Speech};
use crate::import::report::Report;
use crate::import::report::{Detected, Renumbered, Review};
use crate::import::structure::lead::{lead_suffix, short_sentences};
use crate::import::structure::{char_offset, run_in_marker, run_in_marker_start};

/// Splits a section's body into its own paragraphs and child items (run-in or lead sentences).
pub(in crate::import) fn items(
    speech: &mut Speech,
    body: Vec<String>,
    report: &mut Report,
    label: &str,
) -> (Vec<String>, Vec<Section>, Numbering) {
    // Run-in items: paragraphs starting with a marker of one style.
    let style = body
        .iter()
        .find_map(|t| run_in_marker_start(t).map(|(s, _, _)| s));
    if let Some(written) = mixed_markers(&body) {
        report.review.push(Review::MixedItemMarkers {
            section: label.to_owned(),
            written,
        });
        return (body, Vec::new(), Numbering::Heading);
    }
    // The list: from an item numbered 1 up to (not including) an item numbered 1 again. A list
    // that starts elsewhere (`第三，` alone) or has one item is text; a second list restarting
    // at 1 stays text too, or it would be renumbered into the first (`第一，` → `第六，`).
    let numbers_written: Vec<u64> = style.map_or_else(Vec::new, |style| {
        body.iter()
            .filter_map(|t| match run_in_marker_start(t) {
                Some((s, n, _)) if s == style => Some(n),
                _ => None,
            })
            .collect()
    });
    // The list ends where a number repeats or goes back (`第一 第二 … 第二 第三`: a second
    // list whose first item has no number): counted on, its numbers would be rewritten.
    let list_len = if numbers_written.first() == Some(&1) {
        1 + numbers_written
            .windows(2)
            .take_while(|w| w[1] > w[0])
            .count()
    } else {
        0
    };
    if list_len < numbers_written.len() && list_len >= 2 {
        report.review.push(Review::SecondItemSeries {
            section: label.to_owned(),
            first: crate::doc::marker::render(
                crate::doc::marker::Form::from(style.unwrap_or_default()),
                numbers_written[list_len],
            )
            .trim_end_matches('，')
            .to_owned(),
        });
    }
    if let Some(style) = style.filter(|_| list_len >= 2) {
        let (own, children) = run_in_items(speech, body, style, list_len, report, label);
        return (own, children, style);
    }
    // Lead sentences: short sentences sharing an ending, each starting a unit of text.
    if let Some(suffix) = lead_suffix(&body) {
        let (own, children) = lead_items(speech, body.clone(), &suffix);
        // Each lead sentence opens a unit of text; two sentences with nothing after them are
        // one paragraph of parallel sentences.
        if children.len() >= 2 && children.iter().all(|c| !c.paragraphs.is_empty()) {
            report.detected.push(Detected::LeadSentences {
                section: label.to_owned(),
                count: children.len(),
                suffix,
            });
            return (own, children, Numbering::Lead);
        }
        // Not a real group: the paragraphs as they were, none cut at a lead sentence.
    }
    (body, Vec::new(), Numbering::Heading)
}

/// One list written in two forms (`一要…二是要…三是要…`): the numbers run on across the forms.
/// Structure would renumber what the author wrote in one form into the other: the text is kept
/// and this says so, with the markers as written.
fn mixed_markers(body: &[String]) -> Option<Vec<String>> {
    let markers: Vec<(Numbering, u64, String)> = body
        .iter()
        .filter_map(|t| {
            run_in_marker_start(t).map(|(s, n, len)| (s, n, t[..char_offset(t, len)].to_owned()))
        })
        .collect();
    // Nested lists (`第二，…` / `一是…二是…` / `第三，…`) are no mix: 第三 follows 第二.
    let mut last: Vec<(Numbering, u64)> = Vec::new();
    let mut mixed = false;
    for w in markers.windows(2) {
        let own = last.iter().find(|(s, _)| *s == w[1].0).map(|(_, n)| *n);
        if w[0].0 != w[1].0 && w[1].1 == w[0].1 + 1 && own != Some(w[1].1 - 1) {
            mixed = true;
        }
        match last.iter_mut().find(|(s, _)| *s == w[0].0) {
            Some(l) => l.1 = w[0].1,
            None => last.push((w[0].0, w[0].1)),
        }
    }
    mixed.then(|| markers.into_iter().map(|m| m.2).collect())
}

/// The first `list_len` items in `style` become sections, each with the paragraphs after it;
/// what comes before the first stays the parent's. Numbers that are not their position are
/// listed.
fn run_in_items(
    speech: &mut Speech,
    body: Vec<String>,
    style: Numbering,
    list_len: usize,
    report: &mut Report,
    label: &str,
) -> (Vec<String>, Vec<Section>) {
    let mut own = Vec::new();
    let mut children: Vec<Section> = Vec::new();
    let mut numbers = Vec::new();
    for t in body {
        let cs: Vec<char> = t.chars().collect();
        match run_in_marker(&cs, 0) {
            Some((s, n, len)) if s == style && children.len() < list_len => {
                numbers.push(n);
                children.push(item_section(speech, &cs[len..]));
            }
            _ => match children.last_mut() {
                Some(c) => {
                    let p = speech.new_paragraph(t);
                    c.paragraphs.push(p);
                }
                None => own.push(t),
            },
        }
    }
    for (k, n) in numbers.iter().enumerate() {
        if *n != k as u64 + 1 {
            report.renumbered.push(Renumbered::Item {
                section: label.to_owned(),
                position: k + 1,
                was: *n,
            });
        }
    }
    report.detected.push(Detected::Items {
        section: label.to_owned(),
        count: children.len(),
        style: style.label(),
    });
    (own, children)
}

/// Each short sentence ending in `suffix` starts a section (the sentence its heading); the text
/// after it, up to the next, is its paragraphs. What comes before the first stays the parent's.
fn lead_items(speech: &mut Speech, body: Vec<String>, suffix: &str) -> (Vec<String>, Vec<Section>) {
    let mut own = Vec::new();
    let mut children: Vec<Section> = Vec::new();
    for t in body {
        let cs: Vec<char> = t.chars().collect();
        // A paragraph in doubt is cut at no lead sentence.
        let leads = if crate::import::kept_as_written(&t) {
            Vec::new()
        } else {
            short_sentences(&t)
        };
        let starts: Vec<usize> = leads
            .into_iter()
            .filter(|(_, s)| s.ends_with(suffix))
            .map(|(at, _)| at)
            .collect();
        let mut cursor = 0;
        for &at in &starts {
            if at > cursor {
                let chunk: String = cs[cursor..at].iter().collect();
                match children.last_mut() {
                    Some(c) => append_text(speech, c, chunk),
                    None => own.push(chunk),
                }
            }
            let end = cs[at..]
                .iter()
                .position(|c| *c == '。')
                .map_or(cs.len(), |p| at + p + 1);
            let mut c = speech.new_section(cs[at..end].iter().collect());
            c.child_numbering = Numbering::Heading;
            children.push(c);
            cursor = end;
        }
        if cursor < cs.len() {
            let chunk: String = cs[cursor..].iter().collect();
            match children.last_mut() {
                Some(c) => append_text(speech, c, chunk),
                None => own.push(chunk),
            }
        }
    }
    (own, children)
}

/// Text after a lead sentence: the first chunk continues the item's paragraph list.
pub(in crate::import) fn append_text(speech: &mut Speech, section: &mut Section, text: String) {
    let p = speech.new_paragraph(text);
    section.paragraphs.push(p);
}

/// A run-in item: its first sentence is the heading, the rest its paragraph.
pub(in crate::import) fn item_section(speech: &mut Speech, cs: &[char]) -> Section {
    let end = cs
        .iter()
        // The lead sentence ends with the sentence: a `；` is inside it.
        .position(|c| matches!(c, '。' | '！' | '？'))
        .map_or(cs.len(), |p| p + 1);
    let mut s = speech.new_section(cs[..end].iter().collect());
    if end < cs.len() {
        let p: Paragraph = speech.new_paragraph(cs[end..].iter().collect());
        s.paragraphs.push(p);
    }
    s
}
