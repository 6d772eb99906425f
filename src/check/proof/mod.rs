//! The proofreader's word layer: characters that break a common word where a character of the
//! same or a similar sound or shape makes one (`规划刚要` → `规划纲要`).
//!
//! A noisy-channel test. The text and each correction are scored by the best split of the
//! nine characters around the spot into dictionary words (log probabilities of a word
//! unigram model, each word paying a fixed cost so that a split into common single characters
//! does not beat one real word); the correction pays for how unlikely the slip is (same sound
//! cheapest, look-alike dearer). Only a correction that wins by a wide margin is reported, and
//! as a warning with its reason: the model knows words, not meaning, so it cannot be certain.
//! A second model, of characters in context ([`context`]), vetoes a correction it finds much
//! less likely than the text, and lets through one that the words prefer less strongly when
//! it prefers it strongly: the two err in different places.
//!
//! Two characters wrong at once, a word typed for another of the same sound (`征服` for
//! `政府`), are weighed the same way over the whole run of Han characters ([`pairs`]).
//!
//! Where the text is plainly a name (an unknown pair before 镇, 村, 同志, 公司…) a correction
//! is made only if it makes the whole name a common word (`国务完院` → `国务院`).
//!
//! Cost: a few hash lookups per character, and the window's split only where a similar
//! character completes a word; the tables load once, on first use.

pub mod chars;
pub mod context;
pub mod institutions;
pub mod lexicon;
pub mod names;
pub mod pairs;
pub mod phrases;

use std::ops::Range;
use std::sync::LazyLock;

use super::hit::Hit;
use lexicon::{Lexicon, MAX_SLOT_WORD, MAX_WORD};

/// The rule id of scored typos.
pub const TYPO: &str = "typo";

/// Whether the proofreader's tables are built, so that a check need not wait for them.
pub fn ready() -> bool {
    lexicon::Lexicon::ready() && chars::ready() && pairs::ready()
}

/// Builds the proofreader's tables (about 0.1 s): the app does it on a thread of its own at
/// start, so that the window is not kept waiting.
pub fn warm_up() {
    lexicon::Lexicon::get();
    chars::is_common('一');
    pairs::homophones();
    phrases::entries();
    institutions::entries();
}

/// Whether a rule is about the words (not the form): what the proofreading report counts.
pub fn is_word_rule(rule: &str) -> bool {
    rule == TYPO || rule == super::rules::COMMON_ERROR
}

/// Characters either side of a spot that its score looks at.
const REACH: usize = 4;
/// The cost of each word in a split (natural log): favours one word over loose characters.
const WORD_COST: f64 = 3.0;
/// How much more likely (natural log) the words must find a correction to report it, when
/// the context model does not find it much less likely (see [`context`]).
const THRESHOLD: f64 = 10.0;
/// How much less likely (natural log) the context model may find such a correction.
const CONTEXT_DOUBT: f64 = -5.0;
/// A correction the words find likely, but less so, is reported when the context model also
/// finds it [`CONTEXT_SURE`] more likely: the two models err in different places.
const WEAKER_THRESHOLD: f64 = 8.0;
const CONTEXT_SURE: f64 = 14.0;
/// What a look-alike of the same phonetic series costs: between a near sound and a loose
/// likeness of codes, since a series holds characters that share their larger part only.
const SERIES_COST: f64 = 4.5;
/// How much the context counts when corrections are ranked against each other.
const CONTEXT_WEIGHT: f64 = 0.5;

/// How common a word must be for its characters to be taken as written (see `inside_words`).
const SURE_WORD: u32 = 1000;

/// Suffixes of names of places, units and people: the unknown pair or triple before one is
/// taken for a name.
const NAME_SUFFIXES: [&str; 34] = [
    "镇", "村", "乡", "街道", "社区", "县", "旗", "嘎查", "苏木", "屯", "寨", "州", "公司", "集团",
    "百货", "超市", "商场", "局", "舰", "同志", "教授", "老师", "同学", "院士", "校长", "书记",
    "主任", "先生", "女士", "记者", "局长", "县长", "市长", "省长",
];
/// How common the word a correction makes of a name must be.
const NAME_WORD_COUNT: u32 = 50;

/// One suspected typo: the character at `at` should probably be `fix`.
#[derive(Clone, Debug, PartialEq)]
pub struct Typo {
    pub at: usize,
    pub fix: char,
    /// The word the correction makes.
    pub word: String,
    /// Where that word stands in the text (as written, it is what the user may accept).
    pub span: Range<usize>,
    /// The correction's margin (natural log of the words' likelihood ratio, less the slip's
    /// cost, plus a part of the context model's): what ranks corrections.
    pub score: f64,
    /// How the two characters are alike: 音同, 音近 or 形近.
    pub likeness: &'static str,
}

impl Typo {
    /// The one-line reason shown with the finding.
    pub fn reason(&self, text: &[char]) -> String {
        format!(
            "“{}”与“{}”{}，“{}”是常用词",
            text[self.at], self.fix, self.likeness, self.word
        )
    }
}

/// Finds suspected typos in one text (a paragraph, heading or title), best first applied: a
/// correction is taken into account when the characters next to it are weighed.
pub fn typos(text: &[char], accepted: &dyn Fn(&[char]) -> bool) -> Vec<Typo> {
    let lexicon = Lexicon::get();
    let runs = RunSplit::all(text, lexicon);
    let names = name_spans(text, lexicon);
    typos_in(text, &runs, &names, accepted)
}

/// [`typos`] given the text's runs and names.
fn typos_in(
    text: &[char],
    runs: &[RunSplit],
    names: &[(Range<usize>, usize)],
    accepted: &dyn Fn(&[char]) -> bool,
) -> Vec<Typo> {
    let lexicon = Lexicon::get();
    let mut work = text.to_vec();
    let mut found: Vec<Typo> = Vec::new();
    let in_word = inside_words(text, runs, lexicon);
    let mut best: Vec<Option<Typo>> = (0..text.len())
        .map(|i| {
            if in_word[i] {
                None
            } else {
                weigh(&work, i, lexicon, names, accepted)
            }
        })
        .collect();
    // Each round takes the strongest correction and weighs its neighbours again; a text has
    // at most one correction per character, so this ends.
    while let Some(i) = strongest(&best) {
        let typo = best[i].take().expect("strongest is some");
        work[i] = typo.fix;
        found.push(typo);
        let near = i.saturating_sub(REACH + 1)..(i + REACH + 2).min(text.len());
        for j in near {
            if j != i && !in_word[j] && !found.iter().any(|t| t.at == j) {
                best[j] = weigh(&work, j, lexicon, names, accepted);
            }
        }
    }
    found.sort_by_key(|t| t.at);
    found
}

/// Which characters the best split of their run of Han characters puts inside a common word of
/// two or more: such a character is almost never a slip (and a slip that makes a common word
/// is beyond a word model). Skipping them makes the scan about three times faster for one
/// correction in a thousand sentences.
fn inside_words(text: &[char], runs: &[RunSplit], lexicon: &Lexicon) -> Vec<bool> {
    let mut inside = vec![false; text.len()];
    for run in runs {
        let start = run.at.start;
        for (w, &s) in run.starts.iter().enumerate() {
            let e = run.starts.get(w + 1).copied().unwrap_or(run.at.len());
            if e - s >= 2 && lexicon.count(&text[start + s..start + e]).unwrap_or(0) >= SURE_WORD {
                inside[start + s..start + e].fill(true);
            }
        }
    }
    inside
}

/// The runs of Han characters of `text`, in order.
fn han_runs(text: &[char]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        while start < text.len() && !chars::is_han(text[start]) {
            start += 1;
        }
        if start == text.len() {
            return None;
        }
        let from = start;
        while start < text.len() && chars::is_han(text[start]) {
            start += 1;
        }
        Some(from..start)
    })
}

/// A run of Han characters with its best split into words: what both the one-character and
/// the two-character scans start from, found once.
struct RunSplit {
    /// Where the run stands in the text.
    at: Range<usize>,
    /// Where each word of the best split starts (from the run's start).
    starts: Vec<usize>,
    /// For each point of the run, the best score of a split of the rest.
    after: Vec<f64>,
    /// For each point, the best score of a split up to it: found on first need.
    before: std::cell::OnceCell<Vec<f64>>,
}

impl RunSplit {
    /// The runs of Han characters of `text`.
    fn all(text: &[char], lexicon: &Lexicon) -> Vec<RunSplit> {
        han_runs(text)
            .map(|run| RunSplit::of(text, run, lexicon))
            .collect()
    }

    fn of(text: &[char], at: Range<usize>, lexicon: &Lexicon) -> RunSplit {
        let run = &text[at.clone()];
        let first = best_after(run, lexicon);
        let mut starts = Vec::new();
        let mut i = 0;
        while i < run.len() {
            starts.push(i);
            i += first[i].1;
        }
        RunSplit {
            at,
            starts,
            after: first.into_iter().map(|b| b.0).collect(),
            before: std::cell::OnceCell::new(),
        }
    }

    /// The best score of a split of the run up to each point (`text` is the one it was
    /// found in).
    fn before(&self, text: &[char], lexicon: &Lexicon) -> &[f64] {
        self.before
            .get_or_init(|| best_before(&text[self.at.clone()], lexicon))
    }
}

fn strongest(best: &[Option<Typo>]) -> Option<usize> {
    best.iter()
        .enumerate()
        .filter_map(|(i, t)| Some((i, t.as_ref()?.score)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// The best correction of the character at `i`, if one is clearly better than the text.
fn weigh(
    text: &[char],
    i: usize,
    lexicon: &Lexicon,
    names: &[(Range<usize>, usize)],
    accepted: &dyn Fn(&[char]) -> bool,
) -> Option<Typo> {
    let c = text[i];
    // Numbers are checked by the number rules; a word model would read 三十二亿 as 三十二年.
    if is_numeral(c) {
        return None;
    }
    // 的 before a number is the particle of a formulation (`党的十九届五中全会`), not 第.
    if c == '的' && text.get(i + 1).is_some_and(|&n| is_numeral(n)) {
        return None;
    }
    let me = chars::index_of(c)?;
    let like_me = chars::alike_to(me);
    if in_parallel_phrase(text, i) || in_short_quote(text, i) {
        return None;
    }
    let win = Window::of(text, i);
    let window = &text[win.lo..win.hi];
    let k = i - win.lo;
    if covered_by_accepted(window, k, accepted) {
        return None;
    }
    let name = names.iter().find(|(span, _)| span.contains(&i));
    let mut sides: Option<Sides> = None;
    let mut spot: Option<Option<context::Spot>> = None;
    // The best candidate: its character, slip cost and likeness, and its score through the
    // word it completes (the words a fill completes are the ones that can lift the score).
    let mut best: Option<(char, f64, &'static str, f64, f64)> = None;
    for len in 2..=MAX_SLOT_WORD.min(window.len()) {
        let first = k.saturating_sub(len - 1);
        let last = k.min(window.len() - len);
        for start in first..=last {
            for &(d, ln_p) in lexicon.fills(&window[start..start + len], k - start) {
                if d == c || is_numeral(d) {
                    continue;
                }
                let Some(alike) = chars::index_of(d).and_then(|j| like_me.get(j)) else {
                    continue;
                };
                let sound_cost = match alike.sound {
                    3 => 0.0,
                    2 => 1.0,
                    1 => 3.0,
                    _ => f64::INFINITY,
                };
                // One corner or one short Cangjie group apart is a loose likeness: many such
                // pairs are never confused (介/弟, 分/离), so it costs as much as a far sound.
                let shape_cost = match alike.shape {
                    2 => 1.5,
                    1 => 6.0,
                    _ => f64::INFINITY,
                };
                // Characters built on one phonetic component look alike in their larger part
                // (培/部, 往/住), whatever their codes say.
                let shape_cost = if alike.series {
                    shape_cost.min(SERIES_COST)
                } else {
                    shape_cost
                };
                let cost = sound_cost.min(shape_cost);
                let sides = sides.get_or_insert_with(|| Sides::of(window, lexicon));
                let score =
                    sides.before[start] + (f64::from(ln_p) - WORD_COST) + sides.after[start + len]
                        - sides.base()
                        - cost;
                if score <= WEAKER_THRESHOLD {
                    continue;
                }
                // Without the context model only the words speak.
                let spot = spot.get_or_insert_with(|| {
                    context::Spot::new(window, k, win.starts_run, win.ends_run)
                });
                let gain = spot.as_ref().map(|s| s.gain(d));
                let sure = clearly_better(score, gain);
                let gain = gain.unwrap_or(0.0);
                if !sure || best.is_some_and(|b| score + CONTEXT_WEIGHT * gain <= b.3) {
                    continue;
                }
                if let Some((span, end)) = name
                    && !names_a_common_word(text, i, d, span.start..*end, lexicon)
                {
                    continue;
                }
                let likeness = if sound_cost <= shape_cost {
                    if alike.sound == 3 { "音同" } else { "音近" }
                } else {
                    "形近"
                };
                best = Some((d, cost, likeness, score + CONTEXT_WEIGHT * gain, gain));
            }
        }
    }
    let (d, cost, likeness, _, gain) = best?;
    let sides = sides.as_ref()?;
    // The exact score: the best split with the correction, whatever word holds it.
    let mut trial = window.to_vec();
    trial[k] = d;
    let (score, span) = sides.with(&trial, k, lexicon);
    Some(Typo {
        at: i,
        fix: d,
        word: trial[span.clone()].iter().collect(),
        span: win.lo + span.start..win.lo + span.end,
        score: score - sides.base() - cost + CONTEXT_WEIGHT * gain,
        likeness,
    })
}

/// The window a spot is weighed in: up to [`REACH`] characters either side of it, within its
/// run of Han characters.
struct Window {
    lo: usize,
    hi: usize,
    /// Whether the window's ends are the ends of the run (what the context model reads).
    starts_run: bool,
    ends_run: bool,
}

impl Window {
    fn of(text: &[char], i: usize) -> Window {
        let mut lo = i;
        while lo > 0 && i - lo < REACH && chars::is_han(text[lo - 1]) {
            lo -= 1;
        }
        let mut hi = i + 1;
        while hi < text.len() && hi - i <= REACH && chars::is_han(text[hi]) {
            hi += 1;
        }
        Window {
            lo,
            hi,
            starts_run: lo == 0 || !chars::is_han(text[lo - 1]),
            ends_run: hi == text.len() || !chars::is_han(text[hi]),
        }
    }
}

/// Whether the proofreader takes the character at `i` as written whatever its neighbours: in
/// a name (`names`, see [`name_spans`]), a parallel phrase, a short quotation or a word the
/// user accepted.
fn left_as_written(
    text: &[char],
    i: usize,
    names: &[(Range<usize>, usize)],
    accepted: &dyn Fn(&[char]) -> bool,
) -> bool {
    names.iter().any(|(span, _)| span.contains(&i))
        || in_parallel_phrase(text, i)
        || in_short_quote(text, i)
        || {
            let lo = i.saturating_sub(MAX_WORD - 1);
            let hi = (i + MAX_WORD).min(text.len());
            covered_by_accepted(&text[lo..hi], i - lo, accepted)
        }
}

/// Whether a correction the words find `words` more likely is clearly better than the text,
/// given how much more likely the context model finds it (`None`: the model is not there, and
/// only the words speak).
fn clearly_better(words: f64, context: Option<f64>) -> bool {
    match context {
        Some(g) => {
            (words > THRESHOLD && g > CONTEXT_DOUBT)
                || (words > WEAKER_THRESHOLD && g > CONTEXT_SURE)
        }
        None => words > THRESHOLD,
    }
}

/// Whether the character is in a four-character phrase built on a repeated character
/// (`大鸣大放`, `宜居宜业`, `强农兴农`): coined parallel phrases pair characters a word model
/// has never seen together.
fn in_parallel_phrase(text: &[char], i: usize) -> bool {
    (i.saturating_sub(3)..=i).any(|start| {
        let Some(q) = text.get(start..start + 4) else {
            return false;
        };
        q.iter().all(|&c| chars::is_han(c)) && (q[0] == q[2] || q[1] == q[3])
    }) || in_parallel_list(text, i)
}

/// Whether the character is in a two-character item of a list (`抽贷、断贷`, `自缚、自怜`)
/// next to another with a character in common at the same place: items coined in parallel,
/// which a word model reads as slips. Longer items (`教育部、财政部`, `边疆地区、贫困地区`)
/// share a suffix or a word, which says nothing of the rest.
fn in_parallel_list(text: &[char], i: usize) -> bool {
    let han = |k: usize| text.get(k).is_some_and(|&c| chars::is_han(c));
    // A two-character item standing alone between non-Han characters, starting at `at`.
    let item = |at: usize| han(at) && han(at + 1) && (at == 0 || !han(at - 1)) && !han(at + 2);
    let Some(at) = [i.checked_sub(1), Some(i)]
        .into_iter()
        .flatten()
        .find(|&at| item(at))
    else {
        return false;
    };
    let shares =
        |other: usize| item(other) && (text[other] == text[at] || text[other + 1] == text[at + 1]);
    (at >= 3 && text[at - 1] == '、' && shares(at - 3))
        || (text.get(at + 2) == Some(&'、') && shares(at + 3))
}

/// Whether the character is inside a quotation of at most 12 characters (`“永矢弗谖”`,
/// `“四风”`): a coined term or a classical line, where a word model misreads.
fn in_short_quote(text: &[char], i: usize) -> bool {
    const LONGEST: usize = 12;
    // Only marks within the longest quotation's reach matter: the look stays bounded.
    let from = i.saturating_sub(LONGEST + 1);
    let to = (i + LONGEST + 1).min(text.len());
    let is_mark = |c: &char| *c == '“' || *c == '”';
    let open = text[from..i].iter().rposition(is_mark).map(|o| from + o);
    let close = text[i..to].iter().position(is_mark).map(|c| i + c);
    match (open, close) {
        (Some(o), Some(c)) => text[o] == '“' && text[c] == '”' && c - o - 1 <= LONGEST,
        _ => false,
    }
}

/// A digit or unit of a number written in characters (with 几, as in 七点几 and 十几).
fn is_numeral(c: char) -> bool {
    // A match, not a search of a string: the scan asks for every candidate.
    matches!(
        c,
        '〇' | '零'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '万'
            | '亿'
            | '两'
            | '廿'
            | '卅'
            | '几'
    )
}

/// Whether a word the user accepted covers the character at `k`.
fn covered_by_accepted(window: &[char], k: usize, accepted: &dyn Fn(&[char]) -> bool) -> bool {
    (2..=MAX_WORD.min(window.len())).any(|len| {
        (k.saturating_sub(len - 1)..=k.min(window.len() - len))
            .any(|start| accepted(&window[start..start + len]))
    })
}

/// The score of one word of a split (its log probability less the cost of a word).
fn word_score(word: &[char], lexicon: &Lexicon) -> Option<f64> {
    let unknown = lexicon.ln_p_unknown();
    match (word.len(), lexicon.ln_p(word)) {
        (_, Some(p)) => Some(p.max(unknown) - WORD_COST),
        (1, None) => Some(unknown - WORD_COST),
        _ => None,
    }
}

/// For each `i`, the best score of a split of `chars[i..]` and the length of its first word.
fn best_after(chars: &[char], lexicon: &Lexicon) -> Vec<(f64, usize)> {
    let n = chars.len();
    let mut best = vec![(0.0, 0usize); n + 1];
    for i in (0..n).rev() {
        let mut here = (f64::NEG_INFINITY, 1);
        for len in 1..=MAX_WORD.min(n - i) {
            if let Some(w) = word_score(&chars[i..i + len], lexicon) {
                let score = w + best[i + len].0;
                if score > here.0 {
                    here = (score, len);
                }
            }
        }
        best[i] = here;
    }
    best
}

/// For each `e`, the best score of a split of `chars[..e]`.
fn best_before(chars: &[char], lexicon: &Lexicon) -> Vec<f64> {
    let n = chars.len();
    let mut before = vec![f64::NEG_INFINITY; n + 1];
    before[0] = 0.0;
    for e in 1..=n {
        for len in 1..=MAX_WORD.min(e) {
            if let Some(w) = word_score(&chars[e - len..e], lexicon) {
                before[e] = before[e].max(before[e - len] + w);
            }
        }
    }
    before
}

/// The best splits of a window's text before and after each point: a correction at `k`
/// changes only the words that hold `k`, so trying one needs only those words' scores.
struct Sides {
    /// `before[s]`: the best score of a split of `window[..s]`.
    before: Vec<f64>,
    /// `after[e]`: the best score of a split of `window[e..]`.
    after: Vec<f64>,
}

impl Sides {
    fn of(window: &[char], lexicon: &Lexicon) -> Sides {
        let after = best_after(window, lexicon)
            .into_iter()
            .map(|b| b.0)
            .collect();
        Sides {
            before: best_before(window, lexicon),
            after,
        }
    }

    /// The score of the window as it is.
    fn base(&self) -> f64 {
        self.after[0]
    }

    /// The best score of `trial` (the window with its character at `k` replaced) and the
    /// span of the word that holds `k` in that split.
    fn with(&self, trial: &[char], k: usize, lexicon: &Lexicon) -> (f64, Range<usize>) {
        let n = trial.len();
        let mut best = (f64::NEG_INFINITY, k..k + 1);
        for len in 1..=MAX_WORD.min(n) {
            for start in k.saturating_sub(len - 1)..=k.min(n - len) {
                if let Some(w) = word_score(&trial[start..start + len], lexicon) {
                    let score = self.before[start] + w + self.after[start + len];
                    if score > best.0 {
                        best = (score, start..start + len);
                    }
                }
            }
        }
        best
    }
}

/// Spans that look like names — an unknown pair or triple of Han characters just before a
/// suffix of a place, unit or person — each with where its suffix ends.
fn name_spans(text: &[char], lexicon: &Lexicon) -> Vec<(Range<usize>, usize)> {
    // The suffixes as characters, and their first characters sorted: one look per character.
    static SUFFIXES: LazyLock<(Vec<Vec<char>>, Vec<char>)> = LazyLock::new(|| {
        let all: Vec<Vec<char>> = NAME_SUFFIXES.iter().map(|s| s.chars().collect()).collect();
        let mut firsts: Vec<char> = all.iter().map(|s| s[0]).collect();
        firsts.sort_unstable();
        firsts.dedup();
        (all, firsts)
    });
    let (suffixes, firsts) = &*SUFFIXES;
    let mut spans = Vec::new();
    for at in 0..text.len() {
        if firsts.binary_search(&text[at]).is_err() {
            continue;
        }
        for suffix in suffixes {
            if !text[at..].starts_with(suffix) {
                continue;
            }
            for len in [2, 3] {
                if at >= len {
                    let name = &text[at - len..at];
                    if !lexicon.is_word(name) && name.iter().all(|&c| chars::is_han(c)) {
                        spans.push((at - len..at, at + suffix.len()));
                    }
                }
            }
        }
    }
    spans.extend(
        listed_names(text, lexicon)
            .into_iter()
            .map(|r| (r.clone(), r.end)),
    );
    spans
}

/// The hundred commonest surnames (by the 2020 census), in that order.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘\
    袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎\
    史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易";

/// Names in a list (`徐文伟、张平安、陈…`): items of two or three Han characters next to a 、
/// that begin with a common surname and are no word, when a text has two or more of them.
fn listed_names(text: &[char], lexicon: &Lexicon) -> Vec<Range<usize>> {
    if !text.contains(&'、') {
        return Vec::new();
    }
    let mut found: Vec<Range<usize>> = han_runs(text)
        .filter(|run| {
            let listed =
                (run.start > 0 && text[run.start - 1] == '、') || text.get(run.end) == Some(&'、');
            listed
                && (2..=3).contains(&run.len())
                && SURNAMES.contains(text[run.start])
                && !lexicon.is_word(&text[run.clone()])
        })
        .collect();
    if found.len() < 2 {
        found.clear();
    }
    found
}

/// Whether correcting a name to `d` at `i` makes all of it, with its suffix (`whole`), part of
/// a common word (`国务完院` → `国务院`): else the name is taken as written.
fn names_a_common_word(
    text: &[char],
    i: usize,
    d: char,
    whole: Range<usize>,
    lexicon: &Lexicon,
) -> bool {
    let end = whole.end.min(text.len());
    let from = end.saturating_sub(MAX_WORD);
    if from > whole.start {
        return false;
    }
    let mut corrected = text[from..end].to_vec();
    corrected[i - from] = d;
    (0..=whole.start - from).any(|start| {
        lexicon
            .count(&corrected[start..])
            .is_some_and(|n| n >= NAME_WORD_COUNT)
    })
}

/// The checker's hits for one text.
pub fn scan(text: &str, accepted: &dyn Fn(&[char]) -> bool, out: &mut Vec<Hit>) {
    // Cheap test first: a text with no common Han character has nothing to weigh.
    if !text.chars().any(chars::is_common) {
        return;
    }
    let cs: Vec<char> = text.chars().collect();
    let lexicon = Lexicon::get();
    let mut runs = RunSplit::all(&cs, lexicon);
    let names = name_spans(&cs, lexicon);
    let found = typos_in(&cs, &runs, &names, accepted);
    // Pairs are weighed on the text with the single characters corrected, and never where
    // one of them is.
    let mut work = cs.clone();
    let mut taken = vec![false; cs.len()];
    for t in &found {
        work[t.at] = t.fix;
        taken[t.at] = true;
    }
    for run in &mut runs {
        if taken[run.at.clone()].contains(&true) {
            *run = RunSplit::of(&work, run.at.clone(), lexicon);
        }
    }
    let leave = |i: usize| taken[i] || left_as_written(&cs, i, &names, accepted);
    for pair in pairs::pair_typos(&work, &runs, &leave, lexicon) {
        let mut hit = super::hit::hit(
            TYPO,
            pair.at..pair.at + 2,
            pair.reason(&cs),
            Some(pair.fix.iter().collect()),
        );
        hit.word = Some(pair.span.clone());
        out.push(hit);
    }
    for typo in found {
        let mut hit = super::hit::hit(
            TYPO,
            typo.at..typo.at + 1,
            typo.reason(&cs),
            Some(typo.fix.to_string()),
        );
        hit.word = Some(typo.span.clone());
        out.push(hit);
    }
}

/// Why the character at `i` is or is not corrected to `d`: how alike the two are, whether the
/// spot is skipped (inside a common word, a name, a parallel phrase, a short quotation), and
/// both models' margins. A line for the proofreading report's `--why`.
#[doc(hidden)]
pub fn explain(text: &[char], i: usize, d: char) -> String {
    let lexicon = Lexicon::get();
    let runs = RunSplit::all(text, lexicon);
    let names = name_spans(text, lexicon);
    let in_word = inside_words(text, &runs, lexicon);
    let c = text[i];
    let alike = chars::index_of(c)
        .zip(chars::index_of(d))
        .and_then(|(a, b)| chars::how_alike(a, b));
    let win = Window::of(text, i);
    let window = &text[win.lo..win.hi];
    let k = i - win.lo;
    let sides = Sides::of(window, lexicon);
    let mut trial = window.to_vec();
    trial[k] = d;
    let (score, span) = sides.with(&trial, k, lexicon);
    let gain = context::gain(window, k, d, win.starts_run, win.ends_run);
    format!(
        "{c}->{d} alike={:?} inword={} name={} par={} quote={} words={:.1} word={} ctx={:?}",
        alike.map(|a| (a.sound, a.shape, a.series)),
        in_word[i],
        names.iter().any(|(s, _)| s.contains(&i)),
        in_parallel_phrase(text, i),
        in_short_quote(text, i),
        score - sides.base(),
        trial[span].iter().collect::<String>(),
        gain.map(|g| (g * 10.0).round() / 10.0),
    )
}

#[cfg(test)]
mod tests;
