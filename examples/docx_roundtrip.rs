//! Imports a text, writes it as .docx, reads it back and prints where the two imports differ.
//! `cargo run --example docx_roundtrip FILE.txt [--skip-first-line]`
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let text = std::fs::read_to_string(&args[0]).unwrap();
    let text = if args.iter().any(|a| a == "--skip-first-line") {
        text.split_once('\n')
            .map_or(String::new(), |(_, r)| r.to_owned())
    } else {
        text
    };
    let speech = jianggao::import::import_text(&text).speech;
    let bytes =
        jianggao::export::docx::bytes(&speech, jianggao::export::docx::Layout::Official).unwrap();
    let read = jianggao::import::source::docx::read(&bytes).unwrap();
    let plain = jianggao::export::render(&speech);
    let from_plain = jianggao::export::render(&jianggao::import::import_text(&plain).speech);
    println!("plain text imports back the same: {}", from_plain == plain);
    if from_plain != plain {
        let cut = |s: &str| s.chars().take(60).collect::<String>();
        if let Some((x, y)) = plain.lines().zip(from_plain.lines()).find(|(x, y)| x != y) {
            println!("  export: {}\n  again:  {}", cut(x), cut(y));
        }
    }
    let back = jianggao::import::import_text(&read.text).speech;
    let again = jianggao::export::render(&back);
    let a: Vec<&str> = plain.lines().collect();
    let b: Vec<&str> = again.lines().collect();
    let w: Vec<&str> = read.text.lines().collect();
    for (i, (x, y)) in a.iter().zip(b.iter()).enumerate() {
        if x != y {
            let cut = |s: &str| s.chars().take(40).collect::<String>();
            println!("line {i}:\n  text: {}\n  word: {}", cut(x), cut(y));
            for l in w.iter().skip(i.saturating_sub(1)).take(4) {
                println!("  read: {}", cut(l));
            }
            return;
        }
    }
    println!("same ({} vs {} lines)", a.len(), b.len());
}
