//! The document: the speech's model, its numbering markers and derived labels, edits and their
//! history, figures and outline, and the speech as the manuscript's lines with what keys do to
//! them. Depends only on `text`.

pub mod blocks;
pub mod edit;
pub mod history;
pub mod manuscript;
pub mod marker;
pub mod model;
pub mod numbering;
pub mod outline;
pub mod rehearsal;
pub mod stats;
pub mod templatize;
