//! Persistence: `.ron` drafts, safe replacement of a user's file, crash recovery and the app's
//! data folder.

pub mod data_dir;
pub mod draft;
pub mod files;
pub mod reason;
pub mod recovery;
pub mod templates;
pub mod user_lists;
pub mod watch;
pub mod written;
