//! The real window, under Xvfb, typed into with xdotool: a keystroke costs one frame, counted
//! by the app's own frame log (`JIANGGAO_FRAME_LOG`). Frames, not time, are what is asserted:
//! timing belongs in `scripts/measure-typing.sh`. Needs Xvfb and xdotool (`.ci/run` installs
//! them).
#![cfg(feature = "gui")]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// Kills the child when dropped, so a failed assertion leaves no process behind.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn xdotool(display: &str, args: &[&str]) -> String {
    let out = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .output()
        .expect("xdotool runs (.ci/run installs it)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn frames(log: &Path) -> usize {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with('帧'))
        .count()
}

/// The display Xvfb names on its `-displayfd` once it is ready; its stdout is read on to its
/// end on a thread, so the server never writes into a closed pipe.
fn ready_display(xvfb: &mut Child) -> String {
    use std::io::BufRead;
    let out = xvfb.stdout.take().expect("stdout is piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = std::io::BufReader::new(out).lines();
        if let Some(Ok(first)) = lines.next() {
            let _ = tx.send(first);
        }
        for _ in lines {}
    });
    let number = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("Xvfb names its display within a minute");
    format!(":{}", number.trim())
}

#[test]
fn a_keystroke_costs_one_frame_and_its_release_none() {
    let dir = tempfile::tempdir().unwrap();
    // A display of our own: Xvfb picks a free number and writes it once it accepts
    // connections, so neither a display in use nor a slow start can fail the test.
    let mut xvfb = Killed(
        Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0", "1280x800x24"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb runs (.ci/run installs it)"),
    );
    let display = ready_display(&mut xvfb.0);
    let log = dir.path().join("frames.log");
    let data = dir.path().join("data");
    let app = Killed(
        Command::new(env!("CARGO_BIN_EXE_jianggao"))
            .env("DISPLAY", &display)
            .env("JIANGGAO_FRAME_LOG", "1")
            .env("JIANGGAO_DATA_DIR", &data)
            .env("LIBGL_ALWAYS_SOFTWARE", "1")
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap(),
    );
    let pid = app.0.id().to_string();
    let started = Instant::now();
    let window = loop {
        let found = xdotool(&display, &["search", "--pid", &pid]);
        if let Some(w) = found.lines().last().filter(|_| frames(&log) > 0) {
            break w.to_owned();
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no window: {}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        sleep(Duration::from_millis(200));
    };
    // The first frames lay the page out; the click must find it laid.
    sleep(Duration::from_millis(1500));
    xdotool(&display, &["windowsize", &window, "1280", "800"]);
    xdotool(&display, &["windowfocus", "--sync", &window]);
    // Into the opening paragraph, at its end; the window settles (its layout is kept after
    // half a second), and a first key marks the speech as changed (the title gains its ●).
    xdotool(&display, &["mousemove", "600", "300", "click", "1"]);
    xdotool(&display, &["key", "End"]);
    sleep(Duration::from_millis(1500));
    xdotool(&display, &["key", "b"]);
    sleep(Duration::from_millis(600));
    let (mut presses, mut releases) = (Vec::new(), Vec::new());
    for _ in 0..8 {
        let before = frames(&log);
        xdotool(&display, &["keydown", "a"]);
        sleep(Duration::from_millis(300));
        let pressed = frames(&log);
        xdotool(&display, &["keyup", "a"]);
        sleep(Duration::from_millis(300));
        presses.push(pressed - before);
        releases.push(frames(&log) - pressed);
    }
    presses.sort_unstable();
    assert_eq!(
        presses[presses.len() / 2],
        1,
        "frames per press: {presses:?}"
    );
    assert_eq!(
        releases.iter().sum::<usize>(),
        0,
        "frames per release: {releases:?}"
    );
    // The keys were typed: the recovery file, written 2 s after typing stops, has them.
    sleep(Duration::from_millis(2800));
    let recovered: String = std::fs::read_dir(data.join("recovery"))
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.unwrap().path()).ok())
        .collect();
    assert!(recovered.contains("baaaaaaaa"), "{recovered}");
}
