//! Prints the text the importer reads from a .docx: one line per paragraph, Word's list
//! numbers written out. `cargo run --example docx_text FILE.docx`
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: docx_text FILE.docx");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    match jianggao::import::source::docx::read(&bytes) {
        Ok(read) => {
            print!("{}", read.text);
            eprintln!("（Word 自动编号 {} 段）", read.numbered);
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
