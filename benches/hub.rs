//! Remote keystroke latency through the hub: five writers type at 10 keys/s each on loopback,
//! and a sixth copy, waiting on the server's notifications, notes when each key arrives in its
//! speech. Prints the median, the 95th percentile and the worst, from the moment a key is
//! typed to the moment the other copy's speech holds it.
//!
//! `JIANGGAO_TEST_PG=postgres://ADMIN:PASSWORD@127.0.0.1/postgres cargo bench --bench hub`
//! (an administrator's URL, as for `tests/hub.rs`); without it the bench says so and stops.

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
    drop(c);
    if let Ok(mut c) = postgres::Client::connect(&admin, postgres::NoTls) {
        let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
        let _ = c.batch_execute(&format!("DROP ROLE IF EXISTS \"{person}\""));
    }
}
