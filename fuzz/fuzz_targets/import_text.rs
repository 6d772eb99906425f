//! Text import on any bytes: decoded as a text file is, then imported. Never panics, and the
//! import keeps every word: what the speech holds comes from the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Some((text, _)) = jianggao::import::source::textfile::decode(bytes) else {
        return;
    };
    let imported = jianggao::import::import_text(&text);
    // Every character shown (whitespace and derived numbers aside) was in the input.
    let input: std::collections::HashSet<char> = text.chars().collect();
    imported.speech.for_each_text(&mut |_, t| {
        for c in t.chars().filter(|c| !c.is_whitespace()) {
            assert!(input.contains(&c) || c == '：', "{c:?} not in the input");
        }
    });
});
