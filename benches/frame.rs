//! One full frame of the app — logic, layout and tessellation, headless — on a generated
//! 100 000-字 speech, idle and while typing. Baseline in the same run: the sample speech
//! (about 3 300 字), idle; and the page view of both.
//!
//! Run with `cargo bench --bench frame`.

mod common;

use std::hint::black_box;

use common::long_speech;
use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Event, Pos2, RawInput, Rect, vec2};
use jianggao::app::{Cmd, JianggaoApp, Options, ScriptedDialogs, UiCommand};
use jianggao::doc::model::{Speech, TextRef};

struct Bench {
    ctx: egui::Context,
    app: JianggaoApp,
    time: f64,
}

impl Bench {
    fn new(speech: Option<Speech>) -> Self {
        let ctx = egui::Context::default();
        // Measured frames are typing frames, not the proofreader's tables loading.
        jianggao::check::proof::warm_up();
        let mut app = JianggaoApp::new(
            &ctx,
            Options {
                file: None,
                data_dir: None,
                dialogs: Box::new(ScriptedDialogs::default()),
            },
        );
        if let Some(s) = speech {
            app.replace_document(s, None);
        }
        let mut b = Bench {
            ctx,
            app,
            time: 0.0,
        };
        for _ in 0..5 {
            b.frame(Vec::new());
        }
        b
    }

    fn frame(&mut self, events: Vec<Event>) -> usize {
        self.time += 1.0 / 60.0;
        let raw = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))),
            time: Some(self.time),
            events,
            ..Default::default()
        };
        let app = &mut self.app;
        let out = self.ctx.run_ui(raw, |ui| app.ui_main(ui));
        self.ctx.tessellate(out.shapes, out.pixels_per_point).len()
    }
}

fn frame_bench(c: &mut Criterion) {
    let long = long_speech(|han, _| han >= 100_000);
    let han = jianggao::doc::stats::stats(&long).han;
    assert!(han >= 100_000, "generated {han} 字");
    let mut g = c.benchmark_group("frame");

    let mut sample = Bench::new(None);
    g.bench_function("idle_sample_baseline", |b| {
        b.iter(|| black_box(sample.frame(Vec::new())));
    });

    let mut idle = Bench::new(Some(long.clone()));
    g.bench_function("idle_100k", |b| {
        b.iter(|| black_box(idle.frame(Vec::new())));
    });

    // The page view: only the pages in view are drawn, so a long speech costs what a short
    // one does (the layout is made once, then kept while the speech is unchanged).
    let mut pages_sample = Bench::new(None);
    pages_sample.app.push(Cmd::Run(UiCommand::PageView));
    pages_sample.frame(Vec::new());
    g.bench_function("page_view_sample_baseline", |b| {
        b.iter(|| black_box(pages_sample.frame(Vec::new())));
    });
    let mut pages_long = Bench::new(Some(long.clone()));
    pages_long.app.push(Cmd::Run(UiCommand::PageView));
    pages_long.frame(Vec::new());
    assert!(pages_long.app.page_view_shown());
    g.bench_function("page_view_100k", |b| {
        b.iter(|| black_box(pages_long.frame(Vec::new())));
    });

    let mut typing = Bench::new(Some(long));
    let para = typing.app.speech().sections[0].children[0].paragraphs[0].id;
    typing.app.push(Cmd::GoTo {
        target: TextRef::Paragraph(para),
        chars: 0..0,
    });
    for _ in 0..3 {
        typing.frame(Vec::new());
    }
    let before = typing
        .app
        .speech()
        .text(TextRef::Paragraph(para))
        .map(str::len);
    // Keystrokes alternate between typing a character and deleting it, so the paragraph keeps
    // its length however many iterations criterion runs.
    let mut k = 0u64;
    g.bench_function("typing_100k", |b| {
        b.iter(|| {
            k += 1;
            let event = if !k.is_multiple_of(2) {
                Event::Text("字".into())
            } else {
                Event::Key {
                    key: egui::Key::Backspace,
                    physical_key: None,
                    pressed: true,
                    repeat: false,
                    modifiers: egui::Modifiers::NONE,
                }
            };
            black_box(typing.frame(vec![event]))
        });
    });
    if k.is_multiple_of(2) {
        typing.frame(vec![Event::Text("字".into())]);
    }
    let after = typing
        .app
        .speech()
        .text(TextRef::Paragraph(para))
        .map(str::len);
    // The keystrokes really reached the paragraph (one net character), so the figure measures
    // typing.
    assert_eq!(
        after,
        before.map(|n| n + "字".len()),
        "typing missed the paragraph"
    );
    g.finish();
}

criterion_group!(benches, frame_bench);
criterion_main!(benches);
