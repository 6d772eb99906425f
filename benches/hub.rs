//! Remote keystroke latency through the hub: five writers type at 10 keys/s each on loopback,
//! and a sixth copy, waiting on the server's notifications, notes when each key arrives in its
//! speech. Prints the median, the 95th percentile and the worst, from the moment a key is
//! typed to the moment the other copy's speech holds it.
//!
//! Then, with the window (the `gui` feature): a window sharing a 30 000-字 speech while another
//! writer types into it through the hub; prints the frame that takes in each key (the change
//! taken in, the speech re-made, everything derived brought up to date, the frame laid out and
//! tessellated, headless) against an idle frame of the same window.
//!
//! `JIANGGAO_TEST_PG=postgres://ADMIN:PASSWORD@127.0.0.1/postgres cargo bench --bench hub`
//! (an administrator's URL, as for `tests/hub.rs`); without it the bench says so and stops.

#[cfg(feature = "gui")]
mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jianggao::doc::edit::Edit;
use jianggao::doc::model::{Speech, TextRef};
use jianggao::shared::SharedSpeech;
use jianggao::shared::hub::{self, Hub};

const WRITERS: usize = 5;
const KEYS: usize = 100;

fn main() {
    let Ok(admin) = std::env::var("JIANGGAO_TEST_PG") else {
        eprintln!("hub bench skipped: set JIANGGAO_TEST_PG to an administrator's URL");
        return;
    };
    let db = format!("jianggao_bench_{}", std::process::id());
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).expect("admin connects");
    c.batch_execute(&format!("CREATE DATABASE {db}"))
        .expect("database");
    let (base, _) = admin.rsplit_once('/').expect("database in URL");
    let admin_db = format!("{base}/{db}");
    let host = admin
        .split('@')
        .nth(1)
        .and_then(|h| h.split('/').next())
        .expect("host");
    hub::init(&admin_db).expect("hub");
    let person = format!("bench_{}", std::process::id());
    hub::add_user(&admin_db, &person, "bench").expect("user");
    hub::grant(&admin_db, "讲话", &person, true).expect("grant");
    let url = format!("postgres://{person}:bench@{host}/{db}");

    let mut start = Speech::new();
    start.title = "讲话".to_owned();
    let first = SharedSpeech::create(&start, 1).expect("create");
    Hub::connect(&url, "讲话")
        .expect("connect")
        .push(&first.snapshot().expect("snapshot"))
        .expect("push");

    // When each key was typed, by its character.
    let typed: Arc<Mutex<HashMap<char, Instant>>> = Arc::default();
    let observer = {
        let url = url.clone();
        std::thread::spawn(move || {
            let mut hub = Hub::connect(&url, "讲话").expect("observer connects");
            let updates = hub.pull().expect("pull");
            let mut copy = SharedSpeech::open(&updates[0], 100).expect("open");
            let mut arrived: HashMap<char, Instant> = HashMap::new();
            let deadline = Instant::now() + Duration::from_secs(60);
            while arrived.len() < WRITERS * KEYS && Instant::now() < deadline {
                hub.wait(Duration::from_millis(200)).expect("wait");
                for u in hub.pull().expect("pull") {
                    copy.import(&u).expect("import");
                }
                let now = Instant::now();
                for c in copy.speech().opening[0].text.chars() {
                    arrived.entry(c).or_insert(now);
                }
            }
            arrived
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let url = url.clone();
            let typed = typed.clone();
            std::thread::spawn(move || {
                let mut hub = Hub::connect(&url, "讲话").expect("connect");
                let updates = hub.pull().expect("pull");
                let mut copy = SharedSpeech::open(&updates[0], 10 + w as u64).expect("open");
                let mut sent = copy.version_vector();
                for k in 0..KEYS {
                    let c = char::from_u32(0x4E00 + (w * KEYS + k) as u32).expect("a Han");
                    let target = TextRef::Paragraph(copy.speech().opening[0].id);
                    let text = format!("{}{c}", copy.speech().opening[0].text);
                    typed.lock().expect("lock").insert(c, Instant::now());
                    copy.apply(Edit::SetText { target, text }).expect("typed");
                    hub::sync(&mut copy, &mut hub, &mut sent).expect("sync");
                    std::thread::sleep(Duration::from_millis(100));
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer");
    }
    let arrived = observer.join().expect("observer");
    let typed = typed.lock().expect("lock");
    let mut ms: Vec<f64> = typed
        .iter()
        .filter_map(|(c, t)| {
            arrived
                .get(c)
                .map(|a| a.duration_since(*t).as_secs_f64() * 1e3)
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "hub/remote_keystroke {WRITERS} writers × 10 keys/s: {} of {} keys arrived; median {:.1} ms, p95 {:.1} ms, worst {:.1} ms",
        ms.len(),
        typed.len(),
        at(0.5),
        at(0.95),
        at(1.0)
    );
    #[cfg(feature = "gui")]
    window_frames(&admin_db, &format!("{host}/{db}"), &person);
    drop(c);
    if let Ok(mut c) = postgres::Client::connect(&admin, postgres::NoTls) {
        let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
        let _ = c.batch_execute(&format!("DROP ROLE IF EXISTS \"{person}\""));
    }
}

/// A window sharing a 30 000-字 speech; another writer types 200 keys into it through the hub.
#[cfg(feature = "gui")]
fn window_frames(admin_db: &str, server: &str, person: &str) {
    use egui::{Pos2, RawInput, Rect, vec2};
    use jianggao::app::{Cmd, JianggaoApp, Options, ScriptedDialogs};
    use jianggao::session::coedit::Address;

    const NAME: &str = "长讲话";
    hub::grant(admin_db, NAME, person, true).expect("grant");
    let speech = common::long_speech(|han, _| han >= 30_000);
    let data = tempfile::tempdir().expect("data folder");
    jianggao::check::proof::warm_up();
    let ctx = egui::Context::default();
    let mut app = JianggaoApp::new(
        &ctx,
        Options {
            file: None,
            data_dir: Some(data.path().to_owned()),
            dialogs: Box::new(ScriptedDialogs::default()),
        },
    );
    app.replace_document(speech, None);
    let mut time = 0.0;
    let mut frame = |app: &mut JianggaoApp| {
        time += 1.0 / 60.0;
        let raw = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))),
            time: Some(time),
            ..Default::default()
        };
        let t = Instant::now();
        let out = ctx.run_ui(raw, |ui| app.ui_main(ui));
        std::hint::black_box(ctx.tessellate(out.shapes, out.pixels_per_point).len());
        t.elapsed().as_secs_f64() * 1e3
    };
    frame(&mut app);
    app.push(Cmd::Connect(Box::new(Address {
        server: server.to_owned(),
        person: person.to_owned(),
        password: "bench".to_owned(),
        speech: NAME.to_owned(),
    })));
    // The server answers on a thread: frames until it has.
    for _ in 0..500 {
        frame(&mut app);
        if app.session().coedit().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        app.session().coedit().is_some(),
        "the window did not connect"
    );
    let han = jianggao::doc::stats::stats(app.speech()).han;

    // The other writer joins from the hub.
    let mut hub = Hub::connect(&format!("postgres://{person}:bench@{server}"), NAME)
        .expect("writer connects");
    let mut other = SharedSpeech::blank(777).expect("copy");
    for r in hub.pull_all().expect("pull") {
        other.import(&r).expect("import");
    }
    let mut sent = other.version_vector();
    let target_of = |s: &Speech| TextRef::Paragraph(s.sections[0].children[0].paragraphs[0].id);
    let (mut keyed, mut idle) = (Vec::new(), Vec::new());
    for k in 0..200u32 {
        let target = target_of(other.speech());
        let mut text = other.speech().text(target).expect("paragraph").to_owned();
        text.push(char::from_u32(0x4E00 + k).expect("a Han"));
        other
            .apply(Edit::SetText {
                target,
                text: text.clone(),
            })
            .expect("typed");
        let bytes = other.updates_since(&sent).expect("updates");
        hub.push(&bytes).expect("push");
        sent = other.version_vector();
        // Frames until the window shows the key: the one that takes it in is timed apart.
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let ms = frame(&mut app);
            if app.speech().text(target_of(app.speech())) == Some(text.as_str()) {
                keyed.push(ms);
                break;
            }
            idle.push(ms);
            assert!(
                Instant::now() < deadline,
                "key {k} never reached the window"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    let stats = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let at = |q: f64| v[((v.len() as f64 - 1.0) * q).round() as usize];
        (at(0.5), at(0.95), at(1.0))
    };
    let (km, kp, kw) = stats(&mut keyed);
    let (im, ip, _) = stats(&mut idle);
    println!(
        "hub/window_remote_key {han} 字: the frame taking a co-writer's key in: median {km:.2} ms, p95 {kp:.2} ms, worst {kw:.2} ms ({} keys); an idle frame of the same window: median {im:.2} ms, p95 {ip:.2} ms; ratio of medians {:.2}",
        keyed.len(),
        km / im
    );
}
