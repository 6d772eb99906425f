//! The outline: the section tree as plain data (number, heading, children), built from the
//! speech and then printed, serialised or drawn.

use serde::Serialize;

use crate::doc::model::{Section, SectionId, Speech};
use crate::doc::numbering;

/// One row of the outline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    #[serde(skip)]
    pub id: SectionId,
    /// The derived label: `一、`, `（二）`, `一是`… (empty for lead sentences).
    pub number: String,
    pub heading: String,
    pub children: Vec<Node>,
}

/// The whole outline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outline {
    pub title: String,
    pub salutation: String,
    pub sections: Vec<Node>,
}

/// Builds the outline of a speech.
pub fn outline(speech: &Speech) -> Outline {
    Outline {
        title: speech.title.clone(),
        salutation: speech.salutation.clone(),
        sections: nodes(&speech.sections, speech.numbering, 0),
    }
}

fn nodes(list: &[Section], style: crate::doc::model::Numbering, depth: usize) -> Vec<Node> {
    list.iter()
        .enumerate()
        .map(|(i, s)| Node {
            id: s.id,
            number: numbering::label(style, depth, i, list.len()),
            heading: s.heading.clone(),
            children: nodes(&s.children, s.child_numbering, depth + 1),
        })
        .collect()
}

impl std::fmt::Display for Outline {
    /// An indented text tree, two spaces per level.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn rows(f: &mut std::fmt::Formatter<'_>, list: &[Node], depth: usize) -> std::fmt::Result {
            for n in list {
                writeln!(f, "{}{}{}", "  ".repeat(depth), n.number, n.heading)?;
                rows(f, &n.children, depth + 1)?;
            }
            Ok(())
        }
        writeln!(f, "{}", self.title)?;
        rows(f, &self.sections, 0)
    }
}
