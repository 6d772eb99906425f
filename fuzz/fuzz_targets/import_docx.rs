//! Word import on any bytes (a package that may lie about its sizes, its entries, its lists):
//! never panics, never allocates past the limits.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(read) = jianggao::import::source::docx::read(bytes) {
        let _ = jianggao::import::import_text(&read.text);
    }
});
