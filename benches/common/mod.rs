//! Generated long speeches shared by the benchmarks.

use jianggao::doc::model::{Numbering, Speech};
use jianggao::store::draft;

/// A speech grown until `done(han, bytes)` holds, built from the sample's paragraphs, with blanks
/// and traps sprinkled in so the slow paths of the scanner run too.
pub fn long_speech(done: impl Fn(usize, usize) -> bool) -> Speech {
    let sample = draft::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/sample-speech.ron"
    )))
    .expect("sample loads");
    let mut texts = Vec::new();
    sample.for_each_text(&mut |_, t| {
        if t.chars().count() > 20 {
            texts.push(t.to_owned());
        }
    });
    texts.push("请XX同志于20XX年X月X日前报送，拍X光片，国办发〔2024〕3号，二〇二三年。".into());
    let mut s = Speech::new();
    s.title = "在全市工作会议上的讲话".into();
    let mut bytes = 0;
    let mut han = 0;
    let mut k = 0;
    while !done(han, bytes) {
        let mut sec = s.new_section(format!("第{k}部分工作要求"));
        sec.child_numbering = Numbering::Shi;
        for _ in 0..4 {
            let mut item = s.new_section("在重点任务上求突破。".into());
            for _ in 0..3 {
                let t = texts[k % texts.len()].clone();
                bytes += t.len();
                han += jianggao::doc::stats::han_count(&t);
                k += 1;
                let p = s.new_paragraph(t);
                item.paragraphs.push(p);
            }
            sec.children.push(item);
        }
        s.sections.push(sec);
    }
    s
}
