//! Saves and exports killed with SIGKILL at random moments always leave the old or the new
//! complete file, and the next save leaves no temporary file behind.
//!
//! The real binary writes a draft (`import -o`) or a text (`export -o`) of a few megabytes and
//! is killed after a delay drawn between half and 1.2 times what a whole run takes, so kills
//! land before, during and after the write.
#![cfg(unix)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const KILLS_PER_KIND: usize = 120;

/// A long plain-text speech: `sections` headings of several paragraphs each.
fn long_text(title: &str, sections: usize) -> String {
    let mut t = format!("{title}\n同志们：\n");
    for i in 0..sections {
        t.push_str(&format!("{}、第{i}项重点工作\n", chinese(i % 9 + 1)));
        for j in 0..6 {
            t.push_str(&format!(
                "　　这是第{i}节第{j}段，要坚持问题导向，狠抓工作落实，确保各项任务按期完成。\n"
            ));
        }
    }
    t
}

fn chinese(n: usize) -> &'static str {
    ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"][n]
}

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn jianggao(args: &[&Path], data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jianggao"));
    c.args(args).env("JIANGGAO_DATA_DIR", data);
    c
}

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".jianggao-") && n.ends_with(".tmp"))
        .collect()
}

/// Runs `make(i)` to completion once per input to learn the outputs, then `KILLS_PER_KIND`
/// times killed at random; after every kill the output must equal one of the known outputs.
fn kill_at_random(dir: &Path, out: &Path, commands: [Command; 2]) -> (usize, usize) {
    let [mut a, mut b] = commands;
    let mut whole = Vec::new();
    let mut took = Duration::ZERO;
    for c in [&mut a, &mut b] {
        let t0 = Instant::now();
        assert!(c.status().unwrap().success());
        took = took.max(t0.elapsed());
        whole.push(std::fs::read(out).unwrap());
    }
    assert_ne!(whole[0], whole[1]);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut changed, mut left_temps) = (0, 0);
    let mut last = std::fs::read(out).unwrap();
    for i in 0..KILLS_PER_KIND {
        let c = if i % 2 == 0 { &mut a } else { &mut b };
        let mut child = c.spawn().unwrap();
        // Most of a run is reading and parsing: aim at its second half, where it writes.
        let run = took.as_micros() as u64;
        let delay = run / 2 + rng.below(run * 7 / 10);
        std::thread::sleep(Duration::from_micros(delay));
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read(out).unwrap();
        assert!(
            whole.contains(&now),
            "kill {i} after {delay} µs left a file that is neither version ({} bytes)",
            now.len()
        );
        changed += usize::from(now != last);
        last = now;
        left_temps += usize::from(!temp_files(dir).is_empty());
    }
    // The next complete run cleans what killed runs left.
    assert!(a.status().unwrap().success());
    assert_eq!(temp_files(dir), Vec::<String>::new());
    (changed, left_temps)
}

#[test]
fn saves_and_exports_killed_at_random_leave_old_or_new_and_no_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (ta, tb) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(&ta, long_text("在全市工作会议上的讲话", 1500)).unwrap();
    std::fs::write(&tb, long_text("在全县工作会议上的讲话", 1600)).unwrap();
    let draft = dir.path().join("稿.ron");
    let import = |t: &Path| jianggao(&[Path::new("import"), t, Path::new("-o"), &draft], &data);
    let (saves_changed, save_temps) =
        kill_at_random(dir.path(), &draft, [import(&ta), import(&tb)]);
    // The backup is a complete earlier version too.
    let bak = dir.path().join("稿.ron.bak");
    jianggao::store::draft::load(&bak).expect("the backup is a whole draft");

    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    let (da, db) = (exports.join("a.ron"), exports.join("b.ron"));
    for (text, copy) in [(&ta, &da), (&tb, &db)] {
        assert!(import(text).status().unwrap().success());
        std::fs::copy(&draft, copy).unwrap();
    }
    let out = exports.join("讲话.txt");
    let export = |d: &Path| {
        jianggao(
            &[
                Path::new("export"),
                d,
                Path::new("-o"),
                &out,
                Path::new("--force"),
            ],
            &data,
        )
    };
    let (exports_changed, export_temps) =
        kill_at_random(&exports, &out, [export(&da), export(&db)]);
    eprintln!(
        "saves: {KILLS_PER_KIND} kills, {saves_changed} completed a new version, {save_temps} left a temp file; \
         exports: {KILLS_PER_KIND} kills, {exports_changed} completed, {export_temps} left a temp file"
    );
}
