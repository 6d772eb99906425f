//! Cleaning: what is certainly not the author's words, taken out and listed — invisible furniture,
//! Markdown and HTML markup, page furniture.

pub(in crate::import) mod furniture;
pub(in crate::import) mod invisible;
pub(in crate::import) mod markdown;
