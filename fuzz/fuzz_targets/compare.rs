//! The comparison on any two texts: never panics, stays within its time budget, and a
//! paragraph called changed shows a change.
#![no_main]

use jianggao::compare::{ParaChange, Piece};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let (a, b) = text.split_at(
        text.char_indices()
            .nth(text.chars().count() / 2)
            .map_or(0, |(i, _)| i),
    );
    let old = jianggao::import::import_text(a).speech;
    let new = jianggao::import::import_text(b).speech;
    let c = jianggao::compare::compare_within(
        &old,
        &new,
        "甲",
        "乙",
        std::time::Duration::from_millis(50),
    );
    for part in &c.parts {
        for p in &part.paragraphs {
            if let ParaChange::Changed { pieces } = p {
                assert!(pieces.iter().any(|x| !matches!(x, Piece::Same(_))));
            }
        }
    }
    let _ = c.to_text();
});
