//! Noticing that the open draft changed on disk while the window is idle.
//!
//! A thread looks at the file's length and modification time every [`INTERVAL`] (one `stat`,
//! no read) and wakes the window when they change; the session then reads the file and decides
//! whether it really changed and whether to ask ([`crate::session::Session::check_disk`]).
//! Polling rather than OS notifications: on a shared network drive (SMB, NFS) the notifications
//! do not report another machine's save, a `stat` does. The window itself repaints only when
//! something changed, so an idle window stays idle.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How often the thread looks.
pub const INTERVAL: Duration = Duration::from_secs(2);

#[derive(Default)]
struct Shared {
    path: Mutex<Option<PathBuf>>,
    changed: AtomicBool,
    stop: AtomicBool,
}

/// What the watcher last saw: the path and its (length, time), `None` when absent.
type Seen = Option<(PathBuf, Option<(u64, u128)>)>;

/// Watches one file at a time; stops when dropped.
pub struct Watcher {
    shared: Arc<Shared>,
    seen: Arc<Mutex<Seen>>,
}

impl Watcher {
    /// A watcher with no thread: [`Watcher::poll`] looks once (for tests, and the thread).
    pub fn new() -> Watcher {
        Watcher {
            shared: Arc::default(),
            seen: Arc::default(),
        }
    }

    /// Starts the thread; `wake` is called (from it) when the file's length or time changed.
    pub fn spawn(wake: Box<dyn Fn() + Send>) -> Watcher {
        let watcher = Watcher::new();
        let (shared, seen) = (watcher.shared.clone(), watcher.seen.clone());
        let started = std::thread::Builder::new()
            .name("draft-watch".into())
            .spawn(move || {
                while !shared.stop.load(Ordering::Relaxed) {
                    std::thread::sleep(INTERVAL);
                    if poll(&shared, &seen) {
                        wake();
                    }
                }
            });
        // Without the thread, changes are still noticed when the window gets the focus.
        drop(started);
        watcher
    }

    /// Sets the file to watch (`None`: none). Its present state is the starting point.
    pub fn set_path(&self, path: Option<&Path>) {
        if let Ok(mut p) = self.shared.path.lock()
            && p.as_deref() != path
        {
            *p = path.map(Path::to_owned);
        }
    }

    /// Looks at the file once; true when its length or time changed since the last look at the
    /// same path. Also sets the flag [`Watcher::take_changed`] reads.
    pub fn poll(&self) -> bool {
        poll(&self.shared, &self.seen)
    }

    /// Whether a change was seen since the last call.
    pub fn take_changed(&self) -> bool {
        self.shared.changed.swap(false, Ordering::Relaxed)
    }
}

impl Default for Watcher {
    fn default() -> Self {
        Watcher::new()
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
    }
}

fn poll(shared: &Shared, seen: &Mutex<Seen>) -> bool {
    let Some(path) = shared.path.lock().ok().and_then(|p| p.clone()) else {
        return false;
    };
    let now = std::fs::metadata(&path)
        .ok()
        .map(|m| (m.len(), crate::store::files::modified_nanos(&m)));
    let Ok(mut seen) = seen.lock() else {
        return false;
    };
    let changed = matches!(&*seen, Some((p, before)) if *p == path && *before != now);
    *seen = Some((path, now));
    if changed {
        shared.changed.store(true, Ordering::Relaxed);
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_of_length_is_seen_once_a_new_path_starts_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("甲.ron");
        let b = dir.path().join("乙.ron");
        std::fs::write(&a, "一").unwrap();
        std::fs::write(&b, "二").unwrap();
        let w = Watcher::new();
        assert!(!w.poll(), "no path yet");
        w.set_path(Some(&a));
        assert!(!w.poll(), "the first look is the starting point");
        assert!(!w.poll());
        std::fs::write(&a, "一二三").unwrap();
        assert!(w.poll());
        assert!(w.take_changed());
        assert!(!w.take_changed(), "taken once");
        assert!(!w.poll(), "seen already");
        w.set_path(Some(&b));
        assert!(!w.poll(), "another file: its present state is the start");
        std::fs::remove_file(&b).unwrap();
        assert!(w.poll(), "gone is a change too");
    }
}
