//! Core benchmarks: checker throughput and draft load + save on generated long speeches.
//!
//! Run with `cargo bench --bench core`. Baselines in the same run give the figures meaning on any
//! machine: `checker/baseline_char_count` is a plain pass over the same text (the floor any
//! scanner pays), and `draft/baseline_read_write` copies the same bytes without parsing.

mod common;

use std::hint::black_box;

use common::long_speech;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jianggao::check;
use jianggao::doc::model::Speech;
use jianggao::store::draft;

fn text_bytes(s: &Speech) -> u64 {
    let mut n = 0;
    s.for_each_text(&mut |_, t| n += t.len() as u64);
    n
}

fn checker_bench(c: &mut Criterion) {
    let speech = long_speech(|_, bytes| bytes >= 1 << 20);
    let mut g = c.benchmark_group("checker");
    g.throughput(Throughput::Bytes(text_bytes(&speech)));
    g.bench_function("check_1MB", |b| {
        b.iter(|| check::check(black_box(&speech)));
    });
    // The same text with every blank filled: a finished speech, the common case at export.
    let mut clean = speech.clone();
    clean.for_each_text_mut(&mut |_, t| *t = t.replace('*', "五").replace('X', "十"));
    assert_eq!(check::blanks(&check::check(&clean)).count(), 0);
    g.bench_function("check_1MB_filled", |b| {
        b.iter(|| check::check(black_box(&clean)));
    });
    g.bench_function("scan_only_filled", |b| {
        b.iter(|| {
            let mut v = Vec::new();
            black_box(&clean).for_each_text(&mut |_, t| {
                jianggao::check::placeholder::scan(t, &mut v);
            });
            v.len()
        });
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
    let speech = long_speech(|_, bytes| bytes >= 1 << 20);
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
    // What a save adds to make sure no one saved the draft since: read it and hash it.
    g.bench_function("disk_check_1MB", |b| {
        b.iter(|| {
            jianggao::store::files::Fingerprint::read(black_box(&path), draft::MAX_DRAFT)
                .expect("read")
        });
    });
    g.bench_function("baseline_read_write", |b| {
        b.iter(|| {
            let bytes = std::fs::read(&path).expect("read");
            jianggao::store::files::replace(&path, &bytes, &Default::default()).expect("write");
        });
    });
    g.finish();
}

fn import_bench(c: &mut Criterion) {
    // A 10 000-字 speech as plain text, plus the seed scraped from a document site.
    let speech = long_speech(|han, _| han >= 10_000);
    let text = jianggao::export::render(&speech);
    let han = jianggao::doc::stats::han_count(&text);
    assert!(han >= 10_000, "{han}");
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seed-speech-scraped.txt"
    ))
    .expect("seed fixture");
    let mut g = c.benchmark_group("import");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("import_10k_zi", |b| {
        b.iter(|| jianggao::import::import_text(black_box(&text)));
    });
    // The same text as it arrives broken: line breaks lost (paragraphs only set apart by their
    // indents), and wrapped at 30 characters (copied from a PDF).
    let one_line = text.replace('\n', "");
    g.bench_function("import_10k_zi_one_line", |b| {
        b.iter(|| jianggao::import::import_text(black_box(&one_line)));
    });
    let wrapped: String = text
        .lines()
        .flat_map(|l| {
            let cs: Vec<char> = l.chars().collect();
            cs.chunks(30)
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>()
        .join("\n");
    g.bench_function("import_10k_zi_wrapped", |b| {
        b.iter(|| jianggao::import::import_text(black_box(&wrapped)));
    });
    g.bench_function("baseline_render_10k_zi", |b| {
        b.iter(|| jianggao::export::render(black_box(&speech)));
    });
    g.throughput(Throughput::Bytes(seed.len() as u64));
    g.bench_function("import_seed", |b| {
        b.iter(|| jianggao::import::import_text(black_box(&seed)));
    });
    // The same 10 000 字 as a Word file saved as a web page: a styled paragraph each, entities
    // for the indent; and a hostile page of 200 000 nested tags (linear: no tree is built).
    let page: String = text
        .lines()
        .map(|l| {
            format!(
                "<p class=MsoNormal style='text-indent:2em'><span style='font-family:仿宋'>&nbsp;{l}<o:p></o:p></span></p>\n"
            )
        })
        .collect();
    let page = format!("<html><head><style>p{{}}</style></head><body>{page}</body></html>");
    g.throughput(Throughput::Bytes(page.len() as u64));
    g.bench_function("import_10k_zi_web_page", |b| {
        b.iter(|| jianggao::import::import_text(black_box(&page)));
    });
    let nested = format!(
        "<html><body>{}深{}</body></html>",
        "<div>".repeat(200_000),
        "</div>".repeat(200_000)
    );
    g.throughput(Throughput::Bytes(nested.len() as u64));
    g.bench_function("web_page_200k_nested_tags", |b| {
        b.iter(|| jianggao::import::source::html::to_text(black_box(&nested)));
    });
    g.finish();
}

fn docx_bench(c: &mut Criterion) {
    // Word in and out for a 10 000-字 speech, against rendering its plain text.
    let speech = long_speech(|han, _| han >= 10_000);
    let layout = jianggao::export::docx::Layout::Official;
    let bytes = jianggao::export::docx::bytes(&speech, layout).expect("docx");
    let mut g = c.benchmark_group("docx");
    g.bench_function("export_docx_10k_zi", |b| {
        b.iter(|| jianggao::export::docx::bytes(black_box(&speech), layout));
    });
    g.bench_function("read_docx_10k_zi", |b| {
        b.iter(|| jianggao::import::source::docx::read(black_box(&bytes)));
    });
    g.bench_function("baseline_render_10k_zi", |b| {
        b.iter(|| jianggao::export::render(black_box(&speech)));
    });
    g.finish();
}

fn review_bench(c: &mut Criterion) {
    // A returned Word file on a 100 000-字 speech with a change in every paragraph (some 600):
    // read, placed on the speech, every change accepted; against reading the same file as an
    // import does (its words only).
    use jianggao::doc::edit::{Edit, apply};
    use jianggao::export::docx::{Layout, Track, bytes_tracked};
    let base = long_speech(|han, _| han >= 100_000);
    let mut speech = base.clone();
    let mut n = 0;
    speech.for_each_text_mut(&mut |t, text| {
        if matches!(t, jianggao::doc::model::TextRef::Paragraph(_)) && text.chars().count() > 10 {
            let mut cs: Vec<char> = text.chars().collect();
            cs.splice(3..5, "改过的字".chars());
            *text = cs.into_iter().collect();
            n += 1;
        }
    });
    let track = Track {
        base: &base,
        author: "审阅人".into(),
        date: "2026-12-07T10:00:00Z".into(),
    };
    let bytes = bytes_tracked(&speech, Layout::Official, &track).expect("docx");
    let read = jianggao::review::read::read(&bytes).expect("read");
    let review = jianggao::review::review(&base, &read, "x.docx");
    assert!(review.changes.len() >= n, "{} of {n}", review.changes.len());
    let mut g = c.benchmark_group("review");
    g.sample_size(10);
    g.bench_function("read_100k_zi", |b| {
        b.iter(|| jianggao::review::read::read(black_box(&bytes)));
    });
    g.bench_function("place_100k_zi", |b| {
        b.iter(|| jianggao::review::review(black_box(&base), &read, "x.docx"));
    });
    g.bench_function("accept_all_100k_zi", |b| {
        b.iter(|| {
            let mut s = base.clone();
            s.review = review.clone();
            apply(
                &mut s,
                Edit::DecideAll {
                    accept: true,
                    author: None,
                },
            )
        });
    });
    g.bench_function("baseline_import_read_100k_zi", |b| {
        b.iter(|| jianggao::import::source::docx::read(black_box(&bytes)));
    });
    g.finish();
}

fn pages_bench(c: &mut Criterion) {
    // The page layout of a 100 000-字 speech in both layouts (the page view, the PDF), against
    // rendering its plain text; and the PDF of a 10 000-字 speech with the bundled face.
    use jianggao::export::docx::{Layout, ReadingSize};
    let long = long_speech(|han, _| han >= 100_000);
    let mut g = c.benchmark_group("pages");
    g.throughput(Throughput::Bytes(text_bytes(&long)));
    g.bench_function("paginate_official_100k_zi", |b| {
        b.iter(|| jianggao::export::pages::paginate(black_box(&long), Layout::Official));
    });
    g.bench_function("paginate_reading_100k_zi", |b| {
        b.iter(|| {
            jianggao::export::pages::paginate(
                black_box(&long),
                Layout::Reading(ReadingSize::XiaoEr),
            )
        });
    });
    g.bench_function("baseline_render_100k_zi", |b| {
        b.iter(|| jianggao::export::render(black_box(&long)));
    });
    // An outline of 20 000 empty sections: one unbroken keep-with-next chain.
    let mut outline = jianggao::doc::model::Speech::new();
    for i in 0..20_000 {
        let s = outline.new_section(format!("标题{i}"));
        outline.sections.push(s);
    }
    g.bench_function("paginate_outline_20k_headings", |b| {
        b.iter(|| jianggao::export::pages::paginate(black_box(&outline), Layout::Official));
    });
    let ten = long_speech(|han, _| han >= 10_000);
    g.bench_function("pdf_10k_zi", |b| {
        b.iter(|| {
            jianggao::export::pdf::bytes(
                black_box(&ten),
                Layout::Official,
                jianggao::export::pdf::FontSource::Bundled,
            )
        });
    });
    g.finish();
}

fn versions_bench(c: &mut Criterion) {
    use jianggao::doc::edit::Edit;
    use jianggao::doc::model::TextRef;
    // A 10 000-字 speech with 20 versions, each a little different from the one before.
    let base = long_speech(|han, _| han >= 10_000);
    let mut doc = jianggao::doc::history::Document::new(base.clone());
    let mut paras = Vec::new();
    base.for_each_text(&mut |r, _| {
        if matches!(r, TextRef::Paragraph(_)) {
            paras.push(r);
        }
    });
    for k in 0..20 {
        let target = paras[k * 3 % paras.len()];
        let text = format!("{}第{k}稿改。", doc.speech().text(target).unwrap_or(""));
        doc.apply(Edit::SetText { target, text }).expect("edit");
        doc.apply(Edit::SaveVersion {
            name: format!("{k}稿"),
            saved: "2026-11-30 09:00".into(),
            note: String::new(),
        })
        .expect("version");
    }
    let with_versions = doc.speech().clone();
    let dir = tempfile::tempdir().expect("temp dir");
    let plain_path = dir.path().join("无版本.ron");
    let path = dir.path().join("二十版.ron");
    draft::save(&base, &plain_path).expect("save");
    draft::save(&with_versions, &path).expect("save");
    let mut g = c.benchmark_group("versions");
    g.sample_size(20);
    g.bench_function("load_save_10k_zi_20_versions", |b| {
        b.iter(|| {
            let s = draft::load(&path).expect("load");
            draft::save(&s, &path).expect("save");
        });
    });
    g.bench_function("baseline_load_save_10k_zi", |b| {
        b.iter(|| {
            let s = draft::load(&plain_path).expect("load");
            draft::save(&s, &plain_path).expect("save");
        });
    });
    // Typing: the first key of a burst snapshots the speech for undo; two documents take turns
    // so that every key is the first of a burst.
    let target = paras[1];
    let keystroke = |speech: &Speech| {
        let mut docs = [
            jianggao::doc::history::Document::new(speech.clone()),
            jianggao::doc::history::Document::new(speech.clone()),
        ];
        let mut k = 0usize;
        move || {
            k += 1;
            let d = &mut docs[k % 2];
            let text = d.speech().text(target).unwrap_or("").to_owned() + "字";
            d.apply(Edit::SetText { target, text }).expect("edit");
        }
    };
    let mut key = keystroke(&with_versions);
    g.bench_function("keystroke_20_versions", |b| b.iter(&mut key));
    let mut key = keystroke(&base);
    g.bench_function("baseline_keystroke_no_versions", |b| b.iter(&mut key));
    let first = &with_versions.versions[0].speech;
    g.bench_function("compare_10k_zi", |b| {
        b.iter(|| {
            jianggao::compare::compare(black_box(first), black_box(&with_versions), "一稿", "当前")
        });
    });
    // Texts without shared ids: sections matched by their words.
    let imported = jianggao::import::import_text(&jianggao::export::render(&with_versions)).speech;
    g.bench_function("compare_10k_zi_by_words", |b| {
        b.iter(|| {
            jianggao::compare::compare(black_box(first), black_box(&imported), "一稿", "文本")
        });
    });
    g.finish();
}

/// The editor's core on a 100 000-字 speech: its lines (rebuilt on every structural edit), a
/// whole-speech copy, and line breaking of one long paragraph. Baseline: the plain-text render.
fn manuscript_bench(c: &mut Criterion) {
    use jianggao::doc::manuscript::Manuscript;
    let speech = long_speech(|han, _| han >= 100_000);
    let mut g = c.benchmark_group("manuscript");
    g.bench_function("lines_100k", |b| {
        b.iter(|| Manuscript::new(black_box(&speech)));
    });
    let m = Manuscript::new(&speech);
    g.bench_function("copy_all_100k", |b| {
        b.iter(|| m.text_between(black_box(&speech), m.start(), m.end(&speech)));
    });
    g.bench_function("baseline_render_100k", |b| {
        b.iter(|| jianggao::export::render(black_box(&speech)));
    });
    let chars: Vec<char> = "坚持创新目标导向，全力推动全社会研发投入保持较快增长。"
        .repeat(40)
        .chars()
        .collect();
    let widths = vec![18.0; chars.len()];
    g.bench_function("break_1000_chars", |b| {
        b.iter(|| jianggao::text::linebreak::breaks(black_box(&chars), &widths, 36.0, 700.0));
    });
    g.finish();
}

/// 把讲稿变成模板 and 念稿 on a 100 000-字 speech: finding what to replace (dates, numbers,
/// names), applying it, and making the rehearsal's lines. Baseline: the plain-text render.
fn template_bench(c: &mut Criterion) {
    use jianggao::doc::{rehearsal, templatize};
    let speech = long_speech(|han, _| han >= 100_000);
    let mut g = c.benchmark_group("templates");
    g.bench_function("find_100k", |b| {
        b.iter(|| templatize::find(black_box(&speech)));
    });
    let found = templatize::find(&speech);
    g.bench_function("apply_100k", |b| {
        b.iter(|| templatize::apply(black_box(&speech), &found, &[], false));
    });
    g.bench_function("rehearsal_script_100k", |b| {
        b.iter(|| rehearsal::script(black_box(&speech)));
    });
    g.bench_function("baseline_render_100k", |b| {
        b.iter(|| jianggao::export::render(black_box(&speech)));
    });
    g.finish();
}

/// The bounds stated for hostile and huge input (see `tests/hostile.rs` for what each refuses):
/// import of a million short lines, a comparison of two unlike 1 MB speeches (a time budget,
/// then a coarser result), and Word files of 200 MB refused or read part by part.
fn bounded_bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("bounded");
    g.sample_size(10);
    // A million short lines: a long speech cut at every comma and full stop.
    let text = jianggao::export::render(&long_speech(|_, bytes| bytes >= 1 << 20));
    let pieces: Vec<&str> = text
        .split_inclusive(['，', '。', '\n'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let lines: Vec<&str> = pieces.iter().cycle().take(1_000_000).copied().collect();
    let million = lines.join("\n");
    g.bench_function("import_1M_short_lines", |b| {
        b.iter(|| jianggao::import::import_text(black_box(&million)));
    });
    g.bench_function("baseline_lines_1M_short_lines", |b| {
        b.iter(|| black_box(&million).lines().map(str::len).sum::<usize>());
    });

    // Two unlike 1 MB speeches: the same headings, every paragraph replaced by another one's
    // characters reversed.
    let old = long_speech(|_, bytes| bytes >= 1 << 20);
    let mut paragraphs = Vec::new();
    old.for_each_text(&mut |r, t| {
        if matches!(r, jianggao::doc::model::TextRef::Paragraph(_)) {
            paragraphs.push((r, t.chars().rev().collect::<String>()));
        }
    });
    let mut new = old.clone();
    for (k, (r, _)) in paragraphs.iter().enumerate() {
        let other = &paragraphs[(k + 7) % paragraphs.len()].1;
        *new.text_mut(*r).expect("a paragraph") = other.clone();
    }
    g.bench_function("compare_unlike_1MB", |b| {
        b.iter(|| jianggao::compare::compare(black_box(&old), black_box(&new), "甲", "乙"));
    });

    // Word files of 200 MB: one whose text would unpack to 200 MB (refused from the size its
    // package declares), one holding a 200 MB picture beside a short speech (read part by part).
    let dir = tempfile::tempdir().expect("temp dir");
    let bomb = dir.path().join("200MB-text.docx");
    let with_picture = dir.path().join("200MB-picture.docx");
    write_docx(&bomb, 200 << 20, 0);
    write_docx(&with_picture, 0, 200 << 20);
    g.bench_function("word_200MB_text_refused", |b| {
        b.iter(|| {
            let r = jianggao::import::import_file(black_box(&bomb));
            assert!(r.is_err());
        });
    });
    g.bench_function("word_200MB_picture_imported", |b| {
        b.iter(|| jianggao::import::import_file(black_box(&with_picture)).expect("imports"));
    });
    g.finish();
}

/// A .docx with `text` bytes of paragraph text (spaces, deflated to almost nothing) and a
/// stored picture of `picture` bytes, written in pieces.
fn write_docx(path: &std::path::Path, text: usize, picture: usize) {
    use std::io::Write;
    let file = std::fs::File::create(path).expect("create");
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("word/document.xml", deflated).expect("part");
    zip.write_all("<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>在全市工作会议上的讲话</w:t></w:r></w:p><w:p><w:r><w:t>同志们：".as_bytes())
        .expect("write");
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..text >> 20 {
        zip.write_all(&chunk).expect("write");
    }
    zip.write_all(b"</w:t></w:r></w:p></w:body></w:document>")
        .expect("write");
    if picture > 0 {
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(true);
        zip.start_file("word/media/image1.png", stored)
            .expect("part");
        let noise: Vec<u8> = (0..1u32 << 20)
            .map(|k| (k.wrapping_mul(2654435761) >> 24) as u8)
            .collect();
        for _ in 0..picture >> 20 {
            zip.write_all(&noise).expect("write");
        }
    }
    zip.finish().expect("finish");
}

/// The proofreader's word layer on a 100 000-字 speech and on one 500-字 paragraph (what a
/// keystroke re-checks), and the building of its tables (once, on first use). Baseline: the
/// whole check with the word layer switched off.
fn proof_bench(c: &mut Criterion) {
    use jianggao::check::proof;
    let speech = long_speech(|han, _| han >= 100_000);
    let mut g = c.benchmark_group("proof");
    g.bench_function("load_tables", |b| {
        b.iter(proof::lexicon::Lexicon::build);
    });
    g.bench_function("load_homophones", |b| {
        let lexicon = proof::lexicon::Lexicon::get();
        b.iter(|| proof::pairs::build(lexicon));
    });
    g.bench_function("check_100k", |b| {
        b.iter(|| check::check(black_box(&speech)));
    });
    let mut off = speech.clone();
    off.settings.disabled_rules.push(proof::TYPO.to_owned());
    g.bench_function("baseline_check_100k_without_words", |b| {
        b.iter(|| check::check(black_box(&off)));
    });
    let mut paragraph = String::new();
    speech.for_each_text(&mut |_, t| {
        if paragraph.chars().count() < 500 {
            paragraph.push_str(t);
        }
    });
    let paragraph: String = paragraph.chars().take(500).collect();
    // Every keystroke counts the speech's names again (a name's findings depend on the others).
    g.bench_function("names_census_100k", |b| {
        b.iter(|| check::census(black_box(&speech)));
    });
    g.bench_function("paragraph_500", |b| {
        b.iter(|| {
            let mut hits = Vec::new();
            proof::scan(black_box(&paragraph), &|_| false, &mut hits);
            hits
        });
    });
    g.finish();
}

/// Co-editing: a remote keystroke on a 30 000-字 speech (typed by one writer, sent, taken in and
/// the speech re-made by another), the re-making alone, and a local keystroke.
fn shared_bench(c: &mut Criterion) {
    use jianggao::doc::edit::Edit;
    use jianggao::doc::model::TextRef;
    use jianggao::shared::SharedSpeech;
    let base = long_speech(|han, _| han >= 30_000);
    let mut a = SharedSpeech::create(&base, 1).expect("create");
    let mut b = SharedSpeech::open(&a.snapshot().expect("snapshot"), 2).expect("open");
    let mut paras = Vec::new();
    a.speech().for_each_text(&mut |r, _| {
        if matches!(r, TextRef::Paragraph(_)) {
            paras.push(r);
        }
    });
    let target = paras[paras.len() / 2];
    let mut g = c.benchmark_group("shared");
    g.sample_size(30);
    g.bench_function("remote_keystroke_30k_zi", |bench| {
        bench.iter(|| {
            let since = a.version_vector();
            let text = a.speech().text(target).unwrap_or("").to_owned() + "字";
            a.apply(Edit::SetText { target, text }).expect("edit");
            let bytes = a.updates_since(&since).expect("export");
            b.import(&bytes).expect("import");
        });
    });
    g.bench_function("rebuild_30k_zi", |bench| {
        // An empty update: only the re-making is left.
        let none = a.updates_since(&a.version_vector()).expect("export");
        bench.iter(|| b.import(&none).expect("import"));
    });
    g.bench_function("local_keystroke_30k_zi", |bench| {
        bench.iter(|| {
            let text = a.speech().text(target).unwrap_or("").to_owned() + "字";
            a.apply(Edit::SetText { target, text }).expect("edit");
        });
    });
    g.bench_function("baseline_render_30k_zi", |bench| {
        bench.iter(|| jianggao::export::render(black_box(a.speech())));
    });
    // What a pause in typing costs once a copy's journal is long: a fresh snapshot of the
    // speech and its history so far, written safely and synced, and the journal emptied.
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut journal = jianggao::shared::journal::Journal::create(dir.path(), &a).expect("copy");
    g.bench_function("compact_30k_zi", |bench| {
        bench.iter(|| journal.compact(&a).expect("compact"));
    });
    g.finish();
}

criterion_group!(
    benches,
    proof_bench,
    bounded_bench,
    checker_bench,
    draft_bench,
    import_bench,
    docx_bench,
    review_bench,
    pages_bench,
    versions_bench,
    manuscript_bench,
    template_bench,
    shared_bench
);
criterion_main!(benches);
