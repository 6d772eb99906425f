//! Two characters side by side typed as another word of the same sound: the slip of a pinyin
//! input method that takes the wrong candidate (`部署` typed as `不熟`, `政府` as `征服`).
//! Both characters are wrong, so the one-character model ([`super::typos`]) cannot see it.
//!
//! The same noisy-channel test as for one character: the run of Han characters is split into
//! words once, and the pair replaced by a common word of the same syllables is rescored
//! through the words that hold its characters; the context model of characters is asked only
//! when its answer can let the correction in. Only words of two characters that share both
//! syllables (tone aside) are tried, so each pair of the text costs a hash lookup or two
//! unless such a word exists.

use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::lexicon::{Lexicon, MAX_WORD};
use super::{
    RunSplit, THRESHOLD, WEAKER_THRESHOLD, chars, clearly_better, context, is_numeral, word_score,
};

/// How common a word must be to be offered as the word the author meant.
const MIN_COUNT: u32 = 20;
/// How much likelier the context model must find a correction that makes a longer word.
const JOIN_CONTEXT: f64 = 10.0;
/// How common a correction that stands alone as a word must be, and how much likelier the
/// context model must find it.
const COMMON_FIX: u32 = 1000;
const COMMON_CONTEXT: f64 = 20.0;
/// How common a written word must be to be taken as meant.
const COMMON_WRITTEN: u32 = 2000;
/// A written pair that is itself a word: how much likelier the words, and far likelier the
/// context, must find the correction, and how common it must be.
const REAL_WORD: f64 = 4.0;
const REAL_WORD_CONTEXT: f64 = 25.0;
const REAL_WORD_FIX: u32 = 300;
/// What a character of another tone costs: the input method ignores tones, so little.
const TONE_COST: f64 = 0.5;

/// One suspected pair: the characters at `at` and `at + 1` should probably be `fix`.
#[derive(Clone, Debug, PartialEq)]
pub struct PairTypo {
    pub at: usize,
    pub fix: [char; 2],
    /// The word the correction makes, and where it stands in the text.
    pub word: String,
    pub span: Range<usize>,
    pub score: f64,
    /// 音同 when both characters keep their tones, else 音近.
    pub likeness: &'static str,
}

impl PairTypo {
    /// The one-line reason shown with the finding.
    pub fn reason(&self, text: &[char]) -> String {
        let written: String = text[self.at..self.at + 2].iter().collect();
        let fix: String = self.fix.iter().collect();
        format!(
            "“{written}”与“{fix}”{}，“{}”是常用词",
            self.likeness, self.word
        )
    }
}

/// Words of two characters by their two syllables (tone aside).
pub type Homophones = FxHashMap<u32, Vec<[char; 2]>>;

static TABLE: OnceLock<Homophones> = OnceLock::new();

/// The shared table of [`Homophones`], built on first use.
pub fn homophones() -> &'static Homophones {
    TABLE.get_or_init(|| build(Lexicon::get()))
}

/// Whether the shared table is built.
pub fn ready() -> bool {
    TABLE.get().is_some()
}

/// The common words of two characters by their two syllables (about 10 ms).
pub fn build(lexicon: &Lexicon) -> Homophones {
    let mut table = Homophones::default();
    for (word, n) in lexicon.words_of(2) {
        if n < MIN_COUNT || word.iter().any(|&c| is_numeral(c)) {
            continue;
        }
        for a in chars::syllables(word[0]) {
            for b in chars::syllables(word[1]) {
                let list = table.entry(sound_key(a, b)).or_default();
                if !list.contains(&[word[0], word[1]]) {
                    list.push([word[0], word[1]]);
                }
            }
        }
    }
    table
}

fn sound_key(a: u16, b: u16) -> u32 {
    (u32::from(a) << 16) | u32::from(b)
}

/// Finds pairs typed as another word of the same sound. `leave(i)`: the character at `i` is
/// already corrected or must be left as written (asked only where a correction is tried).
pub(super) fn pair_typos(
    text: &[char],
    runs: &[RunSplit],
    leave: &dyn Fn(usize) -> bool,
    lexicon: &Lexicon,
) -> Vec<PairTypo> {
    let mut best: Vec<PairTypo> = Vec::new();
    for run in runs.iter().filter(|r| r.at.len() >= 2) {
        Run::new(text, run, lexicon).scan(leave, &mut best);
    }
    // The strongest first; a weaker one that overlaps it goes.
    best.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut kept: Vec<PairTypo> = Vec::new();
    for t in best {
        if kept.iter().all(|k| k.at.abs_diff(t.at) >= 2) {
            kept.push(t);
        }
    }
    kept.sort_by_key(|t| t.at);
    kept
}

/// One run of Han characters with its best split into words: a replaced pair changes only
/// the words that hold its characters.
struct Run<'a> {
    text: &'a [char],
    /// Where the run stands in the text.
    at: Range<usize>,
    lexicon: &'a Lexicon,
    split: &'a RunSplit,
    /// For each character of the run, the word of the best split that holds it.
    word: Vec<Range<usize>>,
}

impl<'a> Run<'a> {
    fn new(text: &'a [char], split: &'a RunSplit, lexicon: &'a Lexicon) -> Run<'a> {
        let n = split.at.len();
        let mut word = Vec::with_capacity(n);
        for (w, &s) in split.starts.iter().enumerate() {
            let e = split.starts.get(w + 1).copied().unwrap_or(n);
            word.extend((s..e).map(|_| s..e));
        }
        Run {
            text,
            at: split.at.clone(),
            lexicon,
            split,
            word,
        }
    }

    fn scan(&self, leave: &dyn Fn(usize) -> bool, out: &mut Vec<PairTypo>) {
        let table = homophones();
        let run = &self.text[self.at.clone()];
        let mut candidates: Vec<[char; 2]> = Vec::new();
        for k in 0..run.len() - 1 {
            let i = self.at.start + k;
            let (c1, c2) = (run[k], run[k + 1]);
            if is_numeral(c1) || is_numeral(c2) {
                continue;
            }
            // A pair that shares a character with a longer word of the split is two words'
            // edges, not one word mistyped: `为圆满` is 为 + 圆满.
            let pair = k..k + 2;
            if [&self.word[k], &self.word[k + 1]]
                .iter()
                .any(|w| **w != pair && w.len() >= 2)
            {
                continue;
            }
            // A common word as written is taken as meant: the models could overrule it only
            // on rare evidence, and the scan is spared most pairs of official prose.
            let written = self.lexicon.count(&run[pair.clone()]).unwrap_or(0);
            if pair == self.word[k] && written >= COMMON_WRITTEN {
                continue;
            }
            // A pair before a colon is a speaker's name in a transcript (`李杰：`) or a label.
            if matches!(self.text.get(i + 2), Some('：' | ':')) {
                continue;
            }
            candidates.clear();
            for a in chars::syllables(c1) {
                for b in chars::syllables(c2) {
                    let words = table.get(&sound_key(a, b)).into_iter().flatten();
                    candidates.extend(words.filter(|w| w[0] != c1 && w[1] != c2));
                }
            }
            // A character with two readings can find a word twice.
            candidates.sort_unstable();
            candidates.dedup();
            if !candidates.is_empty()
                && let Some(found) = self.weigh(k, written, &candidates)
                && !leave(i)
                && !leave(i + 1)
            {
                out.push(found);
            }
        }
    }

    /// The best of the candidates for the pair at `k` of the run (counted `written` times as
    /// a word), if one is clearly better than the text.
    fn weigh(&self, k: usize, written: u32, candidates: &[[char; 2]]) -> Option<PairTypo> {
        let run = &self.text[self.at.clone()];
        let i = self.at.start + k;
        // No correction with a smaller margin of the words passes [`accept`].
        let floor = if written > 0 {
            REAL_WORD
        } else {
            WEAKER_THRESHOLD
        };
        // The context model reads two characters either side (and whether the run ends).
        let (lo, hi) = (k.saturating_sub(2), (k + 4).min(run.len()));
        let mut spot = None;
        // The words a correction can change lie within a word's length of the pair.
        let from = k.saturating_sub(MAX_WORD - 1);
        let to = (k + 1 + MAX_WORD).min(run.len());
        let mut near = run[from..to].to_vec();
        let mut found: Option<PairTypo> = None;
        for &[a, b] in candidates {
            near[k - from] = a;
            near[k + 1 - from] = b;
            let tones_apart = [(run[k], a), (run[k + 1], b)]
                .iter()
                .filter(|(x, y)| !chars::same_tone(*x, *y))
                .count();
            let cost = tones_apart as f64 * TONE_COST;
            let (with, span) = self.with(&near, from, k);
            let score = with - self.split.after[0] - cost;
            if score < floor {
                continue;
            }
            let joins = span.len() > 2;
            // Four characters standing alone between stops are a set or coined phrase
            // (`诚实守信、明礼知耻`), which a word model cannot judge unless the correction
            // makes a longer word of them.
            if run.len() == 4 && !joins {
                continue;
            }
            let fix_count = self.lexicon.count(&[a, b]).unwrap_or(0);
            // The context model is dear: asked only when its answer can let the correction in.
            if !accept(score, f64::INFINITY, joins, fix_count, written) {
                continue;
            }
            let gain = spot
                .get_or_insert_with(|| {
                    context::Spot::span(&run[lo..hi], k - lo, 2, lo == 0, hi == run.len())
                })
                .as_ref()
                .map_or(0.0, |s| s.gain_of(&[a, b]));
            if !accept(score, gain, joins, fix_count, written) {
                continue;
            }
            let rank = score + 0.5 * gain;
            if found.as_ref().is_some_and(|f| f.score >= rank) {
                continue;
            }
            found = Some(PairTypo {
                at: i,
                fix: [a, b],
                word: near[span.start - from..span.end - from].iter().collect(),
                span: self.at.start + span.start..self.at.start + span.end,
                score: rank,
                likeness: if tones_apart == 0 { "音同" } else { "音近" },
            });
        }
        found
    }

    /// The best score of the run with the pair at `k` replaced (`near` holds the run from
    /// `from`, replaced), and the word that holds the pair (the pair itself when its two
    /// characters fall in two words).
    fn with(&self, near: &[char], from: usize, k: usize) -> (f64, Range<usize>) {
        let n = self.at.len();
        let before = self.split.before(self.text, self.lexicon);
        let after = &self.split.after;
        let score = |s: usize, e: usize| word_score(&near[s - from..e - from], self.lexicon);
        // One word holds both characters.
        let mut best = (f64::NEG_INFINITY, k..k + 2);
        let first = k.saturating_sub(MAX_WORD - 2);
        for (s, b) in before.iter().enumerate().take(k + 1).skip(first) {
            let last = (s + MAX_WORD).min(n);
            for (e, a) in after.iter().enumerate().take(last + 1).skip(k + 2) {
                if let Some(w) = score(s, e) {
                    let total = b + w + a;
                    if total > best.0 {
                        best = (total, s..e);
                    }
                }
            }
        }
        // A word ends between them.
        let left = (k.saturating_sub(MAX_WORD - 1)..=k)
            .filter_map(|s| Some(before[s] + score(s, k + 1)?))
            .fold(f64::NEG_INFINITY, f64::max);
        let right = (k + 2..=(k + 1 + MAX_WORD).min(n))
            .filter_map(|e| Some(score(k + 1, e)? + after[e]))
            .fold(f64::NEG_INFINITY, f64::max);
        if left + right > best.0 {
            best = (left + right, k..k + 2);
        }
        best
    }
}

/// Whether a correction is clearly better than the text: `words` and `gain` are the word and
/// context models' margins, `joins` whether it makes a longer word with the text around it,
/// `fix` and `written` how common the correction and the written pair are as words.
fn accept(words: f64, gain: f64, joins: bool, fix: u32, written: u32) -> bool {
    // A word typed for another of the same sound (`咫尺` for `支持`, `时长` for `市场`): the
    // words barely tell them apart, so the context model must find the correction far
    // likelier, and the correction must be a word met often.
    if written > 0 && words >= REAL_WORD && gain >= REAL_WORD_CONTEXT && fix >= REAL_WORD_FIX {
        return true;
    }
    let sure = clearly_better(words, Some(gain));
    // An input method offers words, so the written pair is often a name or a word of its
    // own: the correction must make a longer word with the text around it (`联席会议`,
    // `人民政府`) or be a common word the context model finds far likelier.
    sure && ((joins && gain >= JOIN_CONTEXT)
        || (fix >= COMMON_FIX && gain >= COMMON_CONTEXT && words >= THRESHOLD))
}
