//! 念稿 (rehearsal): the speech as it is read at the lectern, timed at a speaking rate.
//!
//! The reading is measured in Han characters, as [`crate::doc::stats`] counts length; the
//! numbers read aloud with headings (`一、`) count too, the title block does not (it is not
//! read). A rehearsal either moves its marker at the rate (自动) or follows the reader's own
//! presses, one per line read (计时), which measures this speaker's rate.
//!
//! Guarantees: the marker never leaves the speech; times are linear in the characters left at
//! the rate; changing the rate never moves the marker. Pure arithmetic, no clock of its own:
//! the caller passes the time that went by.

use crate::doc::blocks::{self, Block, Role};
use crate::doc::model::{RATES, Speech};
use crate::text::chars::is_han;

/// Which part of the speech a line belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The salutation and opening.
    Opening,
    /// A top-level section, by its index.
    Section(usize),
    Closing,
}

/// One line read: a block of the page with where it starts in the reading.
#[derive(Clone, Debug, PartialEq)]
pub struct Cue {
    pub block: Block,
    pub part: Part,
    /// Han characters read before this line.
    pub start: usize,
    /// Han characters in this line.
    pub han: usize,
}

impl Cue {
    /// The line's words as read: the lead, then the text.
    pub fn words(&self) -> String {
        format!("{}{}", self.block.lead, self.block.text)
    }

    /// The character offset in [`Cue::words`] reached after reading `han` of its Han
    /// characters (the offset of the next one to read, or the end).
    pub fn offset_after(&self, han: usize) -> usize {
        let words = self.words();
        let mut seen = 0;
        for (i, c) in words.chars().enumerate() {
            if is_han(c) {
                if seen == han {
                    return i;
                }
                seen += 1;
            }
        }
        words.chars().count()
    }
}

/// A part's name and length, for the list of times.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartLength {
    pub part: Part,
    /// `开头`, the heading with its number, or `结尾`.
    pub name: String,
    pub start: usize,
    pub han: usize,
}

/// The speech as lines to read.
#[derive(Clone, Debug, PartialEq)]
pub struct Script {
    pub title: String,
    pub cues: Vec<Cue>,
    pub parts: Vec<PartLength>,
    pub total: usize,
}

fn han_of(text: &str) -> usize {
    text.chars().filter(|&c| is_han(c)).count()
}

/// The lines of `speech` a reader reads, with their parts.
pub fn script(speech: &Speech) -> Script {
    let all = blocks::blocks(speech);
    // The back matter is read by no one: it is not in the script.
    let closing_from = all.len() - speech.appendix.len() - speech.closing.len();
    let mut cues = Vec::new();
    let mut parts: Vec<PartLength> = Vec::new();
    let mut part = Part::Opening;
    let mut sections = 0;
    let mut start = 0;
    for (i, block) in all.into_iter().enumerate() {
        match block.role {
            Role::Title | Role::Byline(_) | Role::Empty | Role::Appendix => continue,
            Role::Heading { depth: 0 } | Role::RunIn { depth: 0, .. } if i < closing_from => {
                part = Part::Section(sections);
                sections += 1;
            }
            _ if i >= closing_from => part = Part::Closing,
            _ => {}
        }
        let han = han_of(&block.lead) + han_of(&block.text);
        if parts.last().is_none_or(|p| p.part != part) {
            let name = match part {
                Part::Opening => "开头".to_owned(),
                Part::Section(_) => block.lead.clone(),
                Part::Closing => "结尾".to_owned(),
            };
            parts.push(PartLength {
                part,
                name,
                start,
                han: 0,
            });
        }
        if let Some(last) = parts.last_mut() {
            last.han += han;
        }
        cues.push(Cue {
            block,
            part,
            start,
            han,
        });
        start += han;
    }
    Script {
        title: speech.title.trim().to_owned(),
        cues,
        parts,
        total: start,
    }
}

/// Seconds to read `han` characters at `rate` 字/分钟.
pub fn seconds(han: f64, rate: u32) -> f64 {
    han * 60.0 / f64::from(rate.max(1))
}

/// `分:秒` of a time in seconds (`12:05`; over an hour `1:02:05`).
pub fn clock(secs: f64) -> String {
    let s = secs.max(0.0).round() as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// How the marker moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// At the speaking rate.
    Auto,
    /// At the reader's presses: each ends the line being read, and the time is measured.
    Stopwatch,
}

/// The step the rate changes by with one key.
pub const RATE_STEP: u32 = 10;

/// A rehearsal under way.
#[derive(Clone, Debug)]
pub struct Rehearsal {
    pub script: Script,
    pub mode: Mode,
    /// 字/分钟 the marker moves at.
    pub rate: u32,
    /// Han characters read: where the marker is.
    pub position: f64,
    /// Seconds on the clock (only while running).
    pub elapsed: f64,
    pub running: bool,
    pub target_minutes: Option<u32>,
    /// Where the marker was when the clock last started from zero: a measured rate counts
    /// what was read since.
    measured_from: f64,
}

impl Rehearsal {
    /// A rehearsal of `speech` from its start, paused.
    pub fn new(speech: &Speech, rate: u32, mode: Mode) -> Rehearsal {
        Rehearsal {
            script: script(speech),
            mode,
            rate: rate.clamp(*RATES.start(), *RATES.end()),
            position: 0.0,
            elapsed: 0.0,
            running: false,
            target_minutes: speech.settings.target_minutes,
            measured_from: 0.0,
        }
    }

    /// 自动 or 计时. A change stops the rehearsal and starts its clock again from where the
    /// marker is, so that a measured rate never mixes the two.
    pub fn set_mode(&mut self, mode: Mode) {
        if mode != self.mode {
            self.mode = mode;
            self.running = false;
            self.elapsed = 0.0;
            self.measured_from = self.position;
        }
    }

    /// `dt` seconds went by. The marker moves (in 自动) and stops at the end.
    pub fn tick(&mut self, dt: f64) {
        if !self.running || !dt.is_finite() || dt <= 0.0 {
            return;
        }
        self.elapsed += dt;
        if self.mode == Mode::Auto {
            self.position += dt * f64::from(self.rate) / 60.0;
        }
        if self.position >= self.total() {
            self.position = self.total();
            self.running = false;
        }
    }

    fn total(&self) -> f64 {
        self.script.total as f64
    }

    /// Whether the marker reached the end.
    pub fn finished(&self) -> bool {
        self.position >= self.total()
    }

    /// Space: pause or go on (from the start again once finished).
    pub fn toggle(&mut self) {
        if self.finished() && !self.running {
            self.position = 0.0;
            self.elapsed = 0.0;
            self.measured_from = 0.0;
        }
        self.running = !self.running;
    }

    /// The line the marker is in (the last line once finished).
    pub fn cue_now(&self) -> usize {
        let pos = self.position;
        let after = self
            .script
            .cues
            .partition_point(|c| (c.start as f64) <= pos && (c.start + c.han) as f64 <= pos);
        after.min(self.script.cues.len().saturating_sub(1))
    }

    /// ↑: back to the start of the line being read, or of the line before when the marker is
    /// at most two seconds into it.
    pub fn back(&mut self) {
        let starts: Vec<usize> = self.script.cues.iter().map(|c| c.start).collect();
        self.step_back(&starts);
    }

    /// ↓: on to the start of the next line (in 计时, the press that ends a line read).
    pub fn forward(&mut self) {
        let starts: Vec<usize> = self.script.cues.iter().map(|c| c.start).collect();
        self.step_on(&starts);
    }

    /// ←: back to the start of the part being read, or of the part before (as ↑ by lines).
    pub fn previous_part(&mut self) {
        let starts: Vec<usize> = self.script.parts.iter().map(|p| p.start).collect();
        self.step_back(&starts);
    }

    /// →: on to the start of the next part.
    pub fn next_part(&mut self) {
        let starts: Vec<usize> = self.script.parts.iter().map(|p| p.start).collect();
        self.step_on(&starts);
    }

    /// Back to the last of `starts` (ascending) at or before the marker, or to the one before
    /// it when the marker is at most two seconds past it.
    fn step_back(&mut self, starts: &[usize]) {
        let now = self.position;
        let here = starts.iter().rposition(|&s| s as f64 <= now).unwrap_or(0);
        let Some(&start) = starts.get(here) else {
            return;
        };
        let grace = f64::from(self.rate) / 60.0 * 2.0;
        let to = if now - start as f64 > grace || here == 0 {
            start
        } else {
            starts[here - 1]
        };
        self.position = to as f64;
    }

    /// On to the first of `starts` after the marker, or the end.
    fn step_on(&mut self, starts: &[usize]) {
        let next = starts
            .iter()
            .map(|&s| s as f64)
            .find(|&s| s > self.position);
        self.position = next.unwrap_or(self.total());
        if self.finished() {
            self.running = false;
        }
    }

    /// + and −: the rate by [`RATE_STEP`], within [`RATES`]. The marker stays where it is.
    pub fn change_rate(&mut self, faster: bool) {
        self.rate = if faster {
            self.rate.saturating_add(RATE_STEP)
        } else {
            self.rate.saturating_sub(RATE_STEP)
        }
        .clamp(*RATES.start(), *RATES.end());
    }

    /// Seconds until what is shown changes while running: the marker reaching its next
    /// character (in 自动) or the clock its next second.
    pub fn next_change(&self) -> f64 {
        let second = 1.0 - self.elapsed.fract();
        match self.mode {
            Mode::Auto => {
                let char = seconds(self.position.floor() + 1.0 - self.position, self.rate);
                char.min(second)
            }
            Mode::Stopwatch => second,
        }
    }

    /// Seconds the rest takes at the rate.
    pub fn remaining(&self) -> f64 {
        seconds(self.total() - self.position, self.rate)
    }

    /// The time on the clock plus the rest at the rate: how long the speech will have taken.
    pub fn projected(&self) -> f64 {
        self.elapsed + self.remaining()
    }

    /// Seconds the projected time runs over the target (negative: under), if there is one.
    pub fn over_target(&self) -> Option<f64> {
        self.target_minutes
            .map(|t| self.projected() - f64::from(t) * 60.0)
    }

    /// Seconds each part takes at the rate, in order.
    pub fn part_seconds(&self) -> Vec<(String, f64)> {
        self.script
            .parts
            .iter()
            .map(|p| (p.name.clone(), seconds(p.han as f64, self.rate)))
            .collect()
    }

    /// The rate the reader read at (计时): characters read per minute on the clock, once at
    /// least ten seconds and fifty characters were read, within [`RATES`].
    pub fn measured_rate(&self) -> Option<u32> {
        let read = self.position - self.measured_from;
        (self.mode == Mode::Stopwatch && self.elapsed >= 10.0 && read >= 50.0).then(|| {
            ((read * 60.0 / self.elapsed).round() as u32).clamp(*RATES.start(), *RATES.end())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Speech {
        crate::session::sample_speech()
    }

    #[test]
    fn the_script_reads_salutation_opening_sections_and_closing_not_the_title() {
        let mut speech = Speech::new();
        speech.title = "在全市工作会议上的讲话".into();
        speech.opening[0].text = "今天开会。".into(); // 4
        let a = speech.new_section("抓落实".into());
        speech.sections.push(a);
        let p = speech.new_paragraph("要抓好。".into()); // 3
        speech.sections[0].paragraphs.push(p);
        speech.closing = vec![speech.new_paragraph("谢谢。".into())]; // 2
        let s = script(&speech);
        // 同志们 3, 今天开会 4, 一、抓落实 4, 要抓好 3, 谢谢 2.
        assert_eq!(s.total, 16);
        let names: Vec<(&str, usize)> = s.parts.iter().map(|p| (p.name.as_str(), p.han)).collect();
        assert_eq!(names, [("开头", 7), ("一、抓落实", 7), ("结尾", 2)]);
        assert_eq!(
            s.cues.iter().map(|c| c.start).collect::<Vec<_>>(),
            [0, 3, 7, 11, 14]
        );
        assert!(s.cues.iter().all(|c| c.block.role != Role::Title));
    }

    #[test]
    fn the_marker_moves_at_the_rate_and_stops_at_the_end() {
        let speech = sample();
        let mut r = Rehearsal::new(&speech, 120, Mode::Auto);
        r.tick(5.0);
        assert_eq!(r.position, 0.0, "paused: nothing moves");
        r.toggle();
        r.tick(30.0);
        assert!((r.position - 60.0).abs() < 1e-9, "{}", r.position);
        assert!((r.elapsed - 30.0).abs() < 1e-9);
        let total = r.script.total as f64;
        assert!((r.remaining() - (total - 60.0) / 2.0).abs() < 1e-9);
        assert!((r.projected() - (30.0 + (total - 60.0) / 2.0)).abs() < 1e-9);
        r.tick(1e6);
        assert!(r.finished() && !r.running);
        assert_eq!(r.position, total);
        assert_eq!(r.cue_now(), r.script.cues.len() - 1);
        // Space once finished starts again.
        r.toggle();
        assert!(r.running && r.position == 0.0 && r.elapsed == 0.0);
    }

    #[test]
    fn the_next_change_is_the_next_character_or_the_next_second() {
        let speech = sample();
        let mut r = Rehearsal::new(&speech, 120, Mode::Auto);
        r.toggle();
        r.tick(0.25);
        // Half a character read at 2 a second: the next in 0.25 s, before the clock's second.
        assert!((r.next_change() - 0.25).abs() < 1e-9, "{}", r.next_change());
        r.mode = Mode::Stopwatch;
        assert!((r.next_change() - 0.75).abs() < 1e-9, "{}", r.next_change());
    }

    #[test]
    fn a_rate_change_keeps_the_marker_and_changes_what_is_left() {
        let speech = sample();
        let mut r = Rehearsal::new(&speech, 170, Mode::Auto);
        r.toggle();
        r.tick(20.0);
        let at = r.position;
        let left = r.remaining();
        r.change_rate(false);
        assert_eq!(r.rate, 160);
        assert_eq!(r.position, at);
        assert!((r.remaining() - left * 170.0 / 160.0).abs() < 1e-6);
        for _ in 0..100 {
            r.change_rate(true);
        }
        assert_eq!(r.rate, *RATES.end());
    }

    #[test]
    fn arrows_go_back_and_on_by_line_and_by_part() {
        let speech = sample();
        let mut r = Rehearsal::new(&speech, 170, Mode::Auto);
        let starts: Vec<f64> = r.script.cues.iter().map(|c| c.start as f64).collect();
        r.forward();
        r.forward();
        assert_eq!(r.position, starts[2]);
        // Well into a line, ↑ goes to its start; at its start, to the line before.
        r.position = starts[2] + 20.0;
        r.back();
        assert_eq!(r.position, starts[2]);
        r.back();
        assert_eq!(r.position, starts[1]);
        let parts: Vec<f64> = r.script.parts.iter().map(|p| p.start as f64).collect();
        r.position = 0.0;
        r.next_part();
        assert_eq!(r.position, parts[1]);
        r.next_part();
        assert_eq!(r.position, parts[2]);
        r.previous_part();
        assert_eq!(r.position, parts[1]);
        r.previous_part();
        r.previous_part();
        assert_eq!(r.position, 0.0);
    }

    #[test]
    fn the_target_and_the_times_of_parts_follow_the_rate() {
        let mut speech = sample();
        speech.settings.target_minutes = Some(1);
        let r = Rehearsal::new(&speech, 170, Mode::Auto);
        let total = r.script.total as f64;
        assert!((r.over_target().unwrap() - (total * 60.0 / 170.0 - 60.0)).abs() < 1e-9);
        let sum: f64 = r.part_seconds().iter().map(|(_, s)| s).sum();
        assert!((sum - total * 60.0 / 170.0).abs() < 1e-6);
    }

    #[test]
    fn a_stopwatch_reading_measures_the_readers_rate() {
        let speech = sample();
        let mut r = Rehearsal::new(&speech, 170, Mode::Stopwatch);
        r.toggle();
        r.tick(15.0);
        assert_eq!(r.position, 0.0, "the marker waits for the reader");
        assert_eq!(r.measured_rate(), None);
        while r.position < 100.0 {
            r.forward();
        }
        let read = r.position;
        r.tick(45.0);
        let expected = (read * 60.0 / 60.0).round() as u32;
        assert!(RATES.contains(&expected), "{expected}");
        assert_eq!(r.measured_rate(), Some(expected));
    }

    #[test]
    fn a_measured_rate_counts_only_the_timed_reading() {
        let speech = sample();
        let mut r = Rehearsal::new(&speech, 170, Mode::Auto);
        r.toggle();
        r.tick(60.0);
        // Switching to 计时 stops, and the clock starts again from the marker.
        let from = r.position;
        r.set_mode(Mode::Stopwatch);
        assert!(!r.running && r.elapsed == 0.0 && r.position == from);
        r.toggle();
        while r.position < from + 100.0 {
            r.forward();
        }
        r.tick(40.0);
        let expected = ((r.position - from) * 60.0 / 40.0).round() as u32;
        assert_eq!(r.measured_rate(), Some(expected.clamp(60, 400)));
    }

    #[test]
    fn an_offset_after_some_han_skips_punctuation_and_labels() {
        let mut speech = Speech::new();
        speech.opening[0].text = "今天，开会。".into();
        let s = script(&speech);
        let cue = &s.cues[1];
        assert_eq!(cue.offset_after(0), 0);
        assert_eq!(cue.offset_after(2), 3);
        assert_eq!(cue.offset_after(4), 6);
        assert_eq!(clock(65.4), "1:05");
        assert_eq!(clock(3725.0), "1:02:05");
    }
}
