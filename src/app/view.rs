//! What a part of the window sees of the rest. Its queue is private here, so the parts can
//! only add to it.

use super::Cmd;
use crate::derived::Derived;
use crate::doc::model::{SectionId, Speech};
use crate::session::Session;

/// What a part of the window sees of the rest: the session (document, file, settings), the
/// derived data, the selection and the panels shown, read-only; and a queue for what the user
/// asks for.
pub struct View<'a> {
    pub session: &'a Session,
    pub derived: &'a Derived,
    pub selected: Option<SectionId>,
    pub show_tree: bool,
    pub show_checker: bool,
    /// Whether the review panel is shown (when a returned file is being reviewed).
    pub show_review: bool,
    /// Whether the page view stands in the manuscript's place.
    pub show_pages: bool,
    pub status: &'a str,
    /// The 字数 of the editor's selection, if anything is selected.
    pub selected_han: Option<usize>,
    /// Pages in the official layout, as last laid out (after a pause in typing).
    pub pages: Option<usize>,
    queue: &'a mut Vec<Cmd>,
}

impl<'a> View<'a> {
    pub(super) fn new(
        session: &'a Session,
        derived: &'a Derived,
        selected: Option<SectionId>,
        (show_tree, show_checker, show_review, show_pages): (bool, bool, bool, bool),
        (status, selected_han, pages): (&'a str, Option<usize>, Option<usize>),
        queue: &'a mut Vec<Cmd>,
    ) -> Self {
        View {
            session,
            derived,
            selected,
            show_tree,
            show_checker,
            show_review,
            show_pages,
            status,
            selected_han,
            pages,
            queue,
        }
    }

    pub fn speech(&self) -> &Speech {
        self.session.speech()
    }

    /// Co-writers present in the shared speech, by the section their caret is in (`None`: the
    /// title block, the opening or the closing).
    pub fn writers_by_section(
        &self,
    ) -> std::collections::HashMap<Option<SectionId>, Vec<crate::session::coedit::CoWriter>> {
        let mut out: std::collections::HashMap<_, Vec<_>> = std::collections::HashMap::new();
        let Some(c) = self.session.coedit() else {
            return out;
        };
        for w in c.co_writers() {
            let section = w.caret.and_then(|at| match at.spot {
                crate::doc::model::Spot::Text(crate::doc::model::TextRef::Heading(id)) => Some(id),
                crate::doc::model::Spot::Text(crate::doc::model::TextRef::Paragraph(p)) => {
                    match self.speech().locate_paragraph(p)? {
                        (crate::doc::model::Container::Section(id), _) => Some(id),
                        _ => None,
                    }
                }
                crate::doc::model::Spot::Empty(crate::doc::model::Container::Section(id)) => {
                    Some(id)
                }
                _ => None,
            });
            out.entry(section).or_default().push(w.clone());
        }
        out
    }

    /// Asks for something; it runs at the end of the frame.
    pub fn push(&mut self, cmd: Cmd) {
        self.queue.push(cmd);
    }
}
