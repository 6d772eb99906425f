//! 讲稿 Jianggao: an editor for Chinese official speeches.
//!
//! The core (everything except `app`) is pure Rust with no GUI dependency: the document model,
//! derived numbering, edits and history, the checker, drafts, import and export.

pub mod checker;
pub mod compare;
pub mod derived;
pub mod docx;
pub mod docx_import;
pub mod draft;
pub mod edit;
pub mod export;
pub mod files;
pub mod history;
pub mod import;
pub mod linebreak;
pub mod manuscript;
pub mod marker;
pub mod model;
pub mod numbering;
pub mod outline;
pub mod recovery;
pub mod session;
pub mod stats;
pub mod textfile;

#[cfg(feature = "gui")]
pub mod app;
