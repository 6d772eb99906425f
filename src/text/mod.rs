//! Text primitives: what a character is (Han, CJK punctuation, sentence ends, invisible
//! classes), character and byte offsets, and Chinese line breaking. Knows nothing of speeches.

pub mod chars;
pub mod index;
pub mod linebreak;
