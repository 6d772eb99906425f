//! 讲稿 Jianggao: an editor for Chinese official speeches.
//!
//! The crate is layered; each folder is one layer and depends only on the layers before it
//! (layers joined by `,` do not use each other):
//!
//! ```text
//! text ← doc ← check, compare ← store ← import, export ← review, shared ← derived, session ← app
//! ```
//!
//! Everything except `app` is pure Rust with no GUI dependency (`cargo check
//! --no-default-features` proves it); `tests/layers.rs` checks the direction and that no
//! modules depend on each other in a circle.

pub mod text;

pub mod doc;

pub mod check;
pub mod compare;

pub mod store;

pub mod export;
pub mod import;
pub mod review;
pub mod shared;

pub mod derived;
pub mod session;

#[cfg(feature = "gui")]
pub mod app;
