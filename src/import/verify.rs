//! The words check: the speech built must hold the author's words in order (markers aside), and
//! every input character must be in the speech or listed as removed.

use crate::doc::model::{Numbering, Section, Speech};
use crate::import::report::{Report, shorten};
use crate::import::structure::{heading_marker, is_numeral, run_in_marker, spaced_numeral};

/// Every character of the input is in the speech or listed in the report, and the speech holds
/// no character the input lacks: counted character by character over the whole import (the
/// check above follows order and markers through the structure step only). `markers` are the
/// numbering markers that became structure (their numbers are derived); beyond them only the
/// colon the salutation's layout supplies may go uncounted.
pub(in crate::import) fn all_accounted_for(
    input: &str,
    report: &Report,
    speech: &Speech,
    markers: &[String],
) -> Result<(), String> {
    // Counts by code point: an array for the Basic Multilingual Plane (cheaper than hashing
    // every character of a long speech), a map for the rest.
    let mut bmp = vec![0i32; 0x1_0000];
    let mut astral: std::collections::HashMap<char, i32> = Default::default();
    let mut add = |text: &str, sign: i32| {
        for c in compared(text) {
            match usize::try_from(u32::from(c)) {
                Ok(i) if i < bmp.len() => bmp[i] += sign,
                _ => *astral.entry(c).or_default() += sign,
            }
        }
    };
    add(input, 1);
    for n in &report.normalised {
        add(&n.removed, -1);
    }
    for r in &report.removed {
        add(&r.text, -1);
    }
    for m in markers {
        add(m, -1);
    }
    speech.for_each_text(&mut |_, text| add(text, -1));
    // The salutation's colon is the layout's (`同志们` is stored, `同志们：` shown).
    let uncounted = |c: char| c == '：';
    let counts = bmp
        .iter()
        .enumerate()
        .filter(|(_, n)| **n != 0)
        .filter_map(|(i, n)| char::from_u32(i as u32).map(|c| (c, *n)))
        .chain(astral);
    let mut off: Vec<(char, i32)> = counts
        .filter(|&(c, n)| n < 0 || n > 0 && !uncounted(c))
        .collect();
    off.sort_unstable();
    match off.first() {
        None => Ok(()),
        Some(_) => Err(off
            .iter()
            .take(6)
            .map(|(c, n)| format!("“{c}”{n:+}"))
            .collect::<Vec<_>>()
            .join("，")),
    }
}

/// A text's characters as the check below compares them: no whitespace, `:` as `：`.
pub(in crate::import) fn compared(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == ':' { '：' } else { c })
}

/// Checks that the speech holds every word of the paragraphs it was built from, in order:
/// the title block's fields anywhere near the start (their order is the layout's), the body
/// exactly — except numbering markers where a paragraph or heading starts, which are replaced
/// by derived numbers. A marker inside a sentence (after `；：，、`) must stay as it was. On a
/// difference, returns the text around it.
/// On success, the numbering markers that became structure (their numbers are derived).
pub(in crate::import) fn words_kept(
    paragraphs: &[String],
    speech: &Speech,
) -> Result<Vec<String>, Doubt> {
    // The input's words, which of them start a paragraph, and which paragraph each is in.
    let mut input: Vec<char> = Vec::new();
    let mut para_start: Vec<bool> = Vec::new();
    let mut para_of: Vec<usize> = Vec::new();
    // At a paragraph's first character, the length of a book-set numeral (`一　形势和任务`):
    // the space that made it a marker is gone from the compared text.
    let mut spaced: Vec<u8> = Vec::new();
    for (k, p) in paragraphs.iter().enumerate() {
        // Markers kept: the walk below consumes them where numbers are derived.
        let w: Vec<char> = compared(p).collect();
        let numeral = spaced_numeral(p).map_or(0, |(_, numeral, _)| numeral as u8);
        spaced.extend((0..w.len()).map(|k| if k == 0 { numeral } else { 0 }));
        para_start.extend((0..w.len()).map(|k| k == 0));
        para_of.extend(std::iter::repeat_n(k, w.len()));
        input.extend(w);
    }
    let last = paragraphs.len().saturating_sub(1);
    let salutation = if speech.salutation.is_empty() || speech.salutation.ends_with(['！', '!']) {
        speech.salutation.clone()
    } else {
        format!("{}：", speech.salutation)
    };
    let fields = [
        &speech.title,
        &speech.subtitle,
        &speech.date_line,
        &speech.speaker,
        &salutation,
    ];
    // A field may join several input lines with a space: find each piece.
    for piece in fields.iter().flat_map(|f| f.split_whitespace()) {
        // As written: a field keeps any marker it starts with (`80. 习近平…` is a title).
        let w: Vec<char> = compared(piece).collect();
        if w.is_empty() {
            continue;
        }
        let Some(at) = input.windows(w.len()).position(|x| x == w.as_slice()) else {
            return Err(Doubt {
                near: shorten(piece, 16),
                paragraph: 0,
            });
        };
        input.drain(at..at + w.len());
        para_start.drain(at..at + w.len());
        para_of.drain(at..at + w.len());
        spaced.drain(at..at + w.len());
        // What follows a removed field (a glued salutation's paragraph) starts a paragraph.
        if let Some(s) = para_start.get_mut(at) {
            *s = true;
        }
    }
    // The body, where each of its paragraphs and headings starts, and which headings are shown
    // with a number (there the input must have had a marker: a number is never invented).
    let mut body: Vec<char> = Vec::new();
    // Positions in `body`, in order (sorted lists: `starts` is searched, `numbered` walked).
    let mut starts: Vec<usize> = Vec::new();
    let mut numbered: Vec<usize> = Vec::new();
    let mut unit = |text: &str, number: bool, body: &mut Vec<char>| {
        starts.push(body.len());
        if number {
            numbered.push(body.len());
        }
        // As written: a marker in a text is the author's; derived numbers are not in texts.
        body.extend(compared(text));
    };
    for p in &speech.opening {
        unit(&p.text, false, &mut body);
    }
    fn sections(
        list: &[Section],
        style: Numbering,
        unit: &mut dyn FnMut(&str, bool, &mut Vec<char>),
        body: &mut Vec<char>,
    ) {
        for s in list {
            unit(&s.heading, style.is_numbered(), body);
            for p in &s.paragraphs {
                unit(&p.text, false, body);
            }
            sections(&s.children, s.child_numbering, unit, body);
        }
    }
    sections(&speech.sections, speech.numbering, &mut unit, &mut body);
    for p in speech.closing.iter().chain(&speech.appendix) {
        unit(&p.text, false, &mut body);
    }
    let (mut i, mut j) = (0, 0);
    let mut marked = usize::MAX;
    let mut consumed: Vec<String> = Vec::new();
    // `j` only grows: the next numbered position is found by walking, not searching.
    let mut next_numbered = 0;
    while i < input.len() {
        while numbered.get(next_numbered).is_some_and(|&n| n < j) {
            next_numbered += 1;
        }
        let owes_marker = marked != j && numbered.get(next_numbered) == Some(&j);
        if !owes_marker && j < body.len() && input[i] == body[j] {
            i += 1;
            j += 1;
            continue;
        }
        // A marker may give way to a derived number where a paragraph started in the input,
        // or right after a heading it was glued to (no punctuation between); never after
        // punctuation inside a paragraph.
        let at_start = starts.binary_search(&j).is_ok() || j == body.len();
        let glued =
            i > 0 && (crate::text::chars::is_han(input[i - 1]) || input[i - 1].is_alphanumeric());
        // A numeral alone on its line is a marker too (`一` … `五`).
        let bare = || {
            let len = input[i..].iter().take_while(|c| is_numeral(**c)).count();
            let whole = para_start[i] && para_start.get(i + len).is_none_or(|s| *s);
            ((1..=3).contains(&len) && whole).then_some(len)
        };
        // Or a numeral set off by a space at a paragraph's start (`一　形势和任务`).
        let book = || (spaced[i] > 0).then_some(usize::from(spaced[i]));
        let marker = heading_marker(&input, i)
            .map(|(_, _, len)| len)
            .or_else(|| run_in_marker(&input, i).map(|(_, _, len)| len))
            .or_else(bare)
            .or_else(book);
        match marker {
            Some(len) if at_start && (para_start[i] || glued) => {
                consumed.push(input[i..i + len].iter().collect());
                i += len;
                marked = j;
            }
            _ => {
                return Err(Doubt {
                    near: input[i.saturating_sub(6)..(i + 10).min(input.len())]
                        .iter()
                        .collect(),
                    paragraph: para_of[i],
                });
            }
        }
    }
    if j < body.len() {
        return Err(Doubt {
            near: body[j..(j + 16).min(body.len())].iter().collect(),
            paragraph: last,
        });
    }
    Ok(consumed)
}

/// Where the speech's words part from the input's: the text around the spot and the input
/// paragraph it is in (the first for a field, the last for words the input never had).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(in crate::import) struct Doubt {
    pub(in crate::import) near: String,
    pub(in crate::import) paragraph: usize,
}
