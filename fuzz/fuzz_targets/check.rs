//! The checker on any text in every part of a speech: never panics, and every finding points
//! inside the text it names.
#![no_main]

use jianggao::doc::model::Speech;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let mut speech = Speech::new();
    speech.title = text.chars().take(40).collect();
    speech.opening[0].text = text.to_owned();
    let mut section = speech.new_section(text.chars().take(20).collect());
    let p = speech.new_paragraph(text.to_owned());
    section.paragraphs.push(p);
    speech.sections.push(section);
    for f in jianggao::check::check(&speech) {
        if let Some(target) = f.location.target {
            let len = speech.text(target).map_or(0, |t| t.chars().count());
            assert!(f.location.chars.end <= len, "{f:?}");
        }
    }
});
