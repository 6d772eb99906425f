//! Draft loading on any text: a clear error or a speech that saves and loads back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let path = std::path::Path::new("fuzz.ron");
    if let Ok(speech) = jianggao::store::draft::from_str(text, path) {
        let saved = jianggao::store::draft::to_string(&speech).expect("a loaded draft saves");
        let again = jianggao::store::draft::from_str(&saved, path).expect("a saved draft loads");
        assert_eq!(again, speech);
    }
});
