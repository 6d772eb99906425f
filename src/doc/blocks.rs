//! The speech as the blocks of a page, in reading order: title, bylines, salutation, opening,
//! headings and run-in items with their derived numbers, paragraphs, closing, back matter. The plain text,
//! the Word file and the manuscript lay out these same blocks, so all carry the same words.

use crate::doc::model::{Field, Paragraph, Section, Speech, TextRef};
use crate::doc::numbering;

/// Two ideographic spaces: the paragraph indent.
pub const INDENT: &str = "\u{3000}\u{3000}";

/// What a line of the page is, for its look: one list for the plain text, the Word file and
/// the manuscript, so all lay out the same lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Title,
    /// Subtitle, date or speaker line under the title.
    Byline(Field),
    /// The salutation; in the export, one block a line, the last ending in the layout's `：`.
    Salutation,
    /// A body paragraph.
    Body,
    /// A standalone heading at `depth` (0 = top level): derived number and heading text.
    Heading {
        depth: usize,
    },
    /// A paragraph that starts with a run-in marker or lead sentence at `depth`.
    RunIn {
        depth: usize,
        /// The lead is set as a heading: false in a list of clauses (`一是……；二是……。`), whose
        /// items read as body text.
        strong: bool,
    },
    /// A paragraph of the back matter (附件…), as written: set like a body paragraph, on a
    /// new page after the speech.
    Appendix,
    /// In the manuscript only: an opening or closing with no paragraph yet.
    Empty,
}

impl Role {
    /// Whether a line of this role after one of role `before` starts the back matter: set off
    /// by a new page or an empty line, in every layout alike.
    pub fn starts_back_matter(self, before: Option<Role>) -> bool {
        self == Role::Appendix && before.is_some_and(|r| r != Role::Appendix)
    }

    /// Whether the line takes the two-character first-line indent.
    pub fn indented(self) -> bool {
        matches!(
            self,
            Role::Body | Role::Heading { .. } | Role::RunIn { .. } | Role::Appendix
        )
    }
}

/// One exported line: `lead` is the heading (with its derived number) a run-in paragraph starts
/// with, or a standalone heading's whole text; `text` is the rest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub role: Role,
    pub lead: String,
    pub text: String,
    /// The text of the speech the block starts with: the page view leads back to it.
    pub at: Option<TextRef>,
}

impl Block {
    fn plain(role: Role, text: &str, at: TextRef) -> Self {
        Block {
            role,
            lead: String::new(),
            text: text.to_owned(),
            at: Some(at),
        }
    }

    /// Whether the line takes the two-character paragraph indent.
    pub fn indented(&self) -> bool {
        self.role.indented()
    }
}

/// A text of the speech a block shows: its words, trimmed, start at character `at` of the
/// block's lead (`in_lead`) or of its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shown {
    pub target: TextRef,
    pub in_lead: bool,
    pub at: usize,
}

impl Block {
    /// The texts the block shows, in order: a heading's after its derived number, a run-in
    /// item's first paragraph after its lead, any other block's own. (A line of a salutation
    /// over several lines is only part of its text.)
    pub fn shown(&self, speech: &Speech) -> Vec<Shown> {
        let Some(at) = self.at else {
            return Vec::new();
        };
        match (self.role, at) {
            (Role::Heading { .. } | Role::RunIn { .. }, TextRef::Heading(id)) => {
                let Some(section) = speech.section(id) else {
                    return Vec::new();
                };
                let label = self
                    .lead
                    .chars()
                    .count()
                    .saturating_sub(section.heading.trim().chars().count());
                let mut out = vec![Shown {
                    target: at,
                    in_lead: true,
                    at: label,
                }];
                if let (Role::RunIn { .. }, Some(first)) = (self.role, section.paragraphs.first()) {
                    out.push(Shown {
                        target: TextRef::Paragraph(first.id),
                        in_lead: false,
                        at: 0,
                    });
                }
                out
            }
            _ => vec![Shown {
                target: at,
                in_lead: false,
                at: 0,
            }],
        }
    }
}

/// A salutation as it is exported: `各位代表！` keeps the author's mark; otherwise the
/// layout's `：` ends it.
pub fn salutation_text(salutation: &str) -> String {
    let salutation = salutation.trim();
    if salutation.ends_with(['！', '!']) {
        salutation.to_owned()
    } else {
        format!("{}：", salutation.trim_end_matches([':', '：']))
    }
}

/// What the export adds after a salutation (`：` unless the author ended it), shown after it on
/// screen too, so that the page and the export agree.
pub fn salutation_suffix(salutation: &str) -> &'static str {
    let s = salutation.trim_end();
    if s.trim().is_empty() || s.ends_with(['！', '!', '：', ':']) {
        ""
    } else {
        "："
    }
}

/// The speech as export lines, in order.
pub fn blocks(speech: &Speech) -> Vec<Block> {
    let mut out = Vec::new();
    if !speech.title.trim().is_empty() {
        out.push(Block::plain(
            Role::Title,
            speech.title.trim(),
            TextRef::Field(Field::Title),
        ));
    }
    for (field, head) in [
        (Field::Subtitle, &speech.subtitle),
        (Field::DateLine, &speech.date_line),
        (Field::Speaker, &speech.speaker),
    ] {
        if !head.trim().is_empty() {
            out.push(Block::plain(
                Role::Byline(field),
                head.trim(),
                TextRef::Field(field),
            ));
        }
    }
    let salutation = speech.salutation.trim();
    if !salutation.is_empty() {
        // A salutation over two lines keeps its break.
        for line in salutation_text(salutation).lines() {
            out.push(Block::plain(
                Role::Salutation,
                line,
                TextRef::Field(Field::Salutation),
            ));
        }
    }
    let body = |ps: &[Paragraph], out: &mut Vec<Block>| {
        out.extend(
            ps.iter()
                .map(|p| Block::plain(Role::Body, p.text.trim(), TextRef::Paragraph(p.id))),
        );
    };
    body(&speech.opening, &mut out);
    group_blocks(&speech.sections, speech.numbering, 0, &mut out);
    body(&speech.closing, &mut out);
    out.extend(
        speech
            .appendix
            .iter()
            .map(|p| Block::plain(Role::Appendix, p.text.trim(), TextRef::Paragraph(p.id))),
    );
    out
}

/// Whether a run-in list's leads read as headings: not when an item ends in a clause mark
/// (`一是……；`), for then each item is a clause of one list, not a lead sentence.
pub fn strong_leads(list: &[Section]) -> bool {
    !list.iter().any(|s| ends_in_clause_mark(&s.heading))
}

/// Whether a heading ends as a clause of a list does (`；`, `，`, `、`).
pub fn ends_in_clause_mark(heading: &str) -> bool {
    heading.trim_end().ends_with(['；', ';', '，', ',', '、'])
}

fn group_blocks(
    list: &[Section],
    style: crate::doc::model::Numbering,
    depth: usize,
    out: &mut Vec<Block>,
) {
    let strong = style.is_run_in() && strong_leads(list);
    for (i, s) in list.iter().enumerate() {
        let label = numbering::label(style, depth, i, list.len());
        let lead = format!("{label}{}", s.heading.trim());
        let mut rest = s.paragraphs.iter();
        if style.is_run_in() {
            // The marker and lead sentence start the first paragraph's line.
            let first = rest.next().map_or("", |p| p.text.trim());
            out.push(Block {
                role: Role::RunIn { depth, strong },
                lead,
                text: first.to_owned(),
                at: Some(TextRef::Heading(s.id)),
            });
        } else {
            out.push(Block {
                role: Role::Heading { depth },
                lead,
                text: String::new(),
                at: Some(TextRef::Heading(s.id)),
            });
        }
        out.extend(rest.map(|p| Block::plain(Role::Body, p.text.trim(), TextRef::Paragraph(p.id))));
        group_blocks(&s.children, s.child_numbering, depth + 1, out);
    }
}
