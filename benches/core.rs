//! Core benchmarks: checker throughput and draft load + save on generated long speeches.
//!
//! Run with `cargo bench --bench core`. Baselines in the same run give the figures meaning on any
//! machine: `checker/baseline_char_count` is a plain pass over the same text (the floor any
//! scanner pays), and `draft/baseline_read_write` copies the same bytes without parsing.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jianggao::model::{Numbering, Speech};
use jianggao::{checker, draft};

/// A speech of roughly `target_bytes` UTF-8 bytes built from the sample's paragraphs, with blanks
/// and traps sprinkled in so the slow paths of the scanner run too.
fn long_speech(target_bytes: usize) -> Speech {
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
    let mut k = 0;
    while bytes < target_bytes {
        let mut sec = s.new_section(format!("第{k}部分工作要求"));
        sec.child_numbering = Numbering::Shi;
        for _ in 0..4 {
            let mut item = s.new_section("在重点任务上求突破。".into());
            for _ in 0..3 {
                let t = texts[k % texts.len()].clone();
                bytes += t.len();
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

fn text_bytes(s: &Speech) -> u64 {
    let mut n = 0;
    s.for_each_text(&mut |_, t| n += t.len() as u64);
    n
}

fn checker_bench(c: &mut Criterion) {
    let speech = long_speech(1 << 20);
    let mut g = c.benchmark_group("checker");
    g.throughput(Throughput::Bytes(text_bytes(&speech)));
    g.bench_function("check_1MB", |b| {
        b.iter(|| checker::check(black_box(&speech)));
    });
    g.bench_function("baseline_char_count", |b| {
        b.iter(|| {
            let mut n = 0usize;
            black_box(&speech).for_each_text(&mut |_, t| n += t.chars().count());
            n
        });
    });
    g.finish();
}

fn draft_bench(c: &mut Criterion) {
    let speech = long_speech(1 << 20);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("长稿.ron");
    draft::save(&speech, &path).expect("save");
    let size = std::fs::metadata(&path).expect("saved").len();
    let mut g = c.benchmark_group("draft");
    g.throughput(Throughput::Bytes(size));
    g.sample_size(20);
    g.bench_function("load_save_1MB", |b| {
        b.iter(|| {
            let s = draft::load(&path).expect("load");
            draft::save(&s, &path).expect("save");
        });
    });
    g.bench_function("baseline_read_write", |b| {
        b.iter(|| {
            let bytes = std::fs::read(&path).expect("read");
            draft::write_atomic(&path, &bytes).expect("write");
        });
    });
    g.finish();
}

criterion_group!(benches, checker_bench, draft_bench);
criterion_main!(benches);
