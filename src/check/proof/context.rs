//! The proofreader's context model: how likely a character is after the two before it, in
//! the official language of laws and regulations (`assets/proof/context.bin`, made by
//! `scripts/make-proof-context.py`; see `assets/proof/README.md`).
//!
//! A word model knows that `科学` is a word; it cannot tell that `清洗划分` is odd where
//! `清晰划分` is usual. The context model weighs the characters around a spot: a correction is
//! trusted when both the words and the context prefer it.
//!
//! The tables are read where they lie in the program (sorted fixed-size records, found by
//! binary search): nothing to build at start and no memory beyond the program image.

/// The model's bytes, in the format `scripts/make-proof-context.py` describes.
static DATA: &[u8] = include_bytes!("../../../assets/proof/context.bin");

/// The key of the start and of the end of a run of Han characters.
const START: u16 = 0xFFFE;
const END: u16 = 0xFFFF;
/// The discount of absolute discounting: what each seen n-gram gives to the shorter context.
const DISCOUNT: f64 = 0.75;
/// The count (scaled) of a character never seen, so that it is rare but not impossible.
const UNSEEN: f64 = 0.5;
/// About how many characters there are to give that count to (GB 2312 and a few more).
const ALPHABET: f64 = 7000.0;

/// One table of records: `n` characters of key, then the count.
struct Table {
    bytes: &'static [u8],
    n: usize,
}

impl Table {
    fn width(&self) -> usize {
        2 * self.n + 2
    }

    fn len(&self) -> usize {
        self.bytes.len() / self.width()
    }

    fn key(&self, r: usize) -> &'static [u8] {
        let at = r * self.width();
        &self.bytes[at..at + 2 * self.n]
    }

    /// The first record whose key is not below `key` (a key or a prefix of one).
    fn lower_bound(&self, key: &[u8]) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if &self.key(mid)[..key.len()] < key {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    fn count(&self, key: &[u8]) -> f64 {
        let r = self.lower_bound(key);
        if r < self.len() && self.key(r) == key {
            let at = r * self.width() + 2 * self.n;
            let q = u16::from_be_bytes([self.bytes[at], self.bytes[at + 1]]);
            (f64::from(q) / 2048.0).exp()
        } else {
            0.0
        }
    }

    /// How many different records start with `prefix`.
    fn followers(&self, prefix: &[u8]) -> usize {
        let from = self.lower_bound(prefix);
        let mut past = [0u8; 6];
        let past = &mut past[..prefix.len()];
        past.copy_from_slice(prefix);
        // The next prefix up: records from `from` up to it share `prefix`.
        for b in past.iter_mut().rev() {
            if *b == 0xFF {
                *b = 0;
            } else {
                *b += 1;
                return self.lower_bound(past) - from;
            }
        }
        self.len() - from
    }
}

struct Model {
    tables: [Table; 3],
    total: f64,
    /// How many runs of Han characters were counted: the count of the start as a history.
    runs: f64,
}

fn model() -> Option<&'static Model> {
    static MODEL: std::sync::OnceLock<Option<Model>> = std::sync::OnceLock::new();
    MODEL
        .get_or_init(|| {
            let head = DATA.get(..28)?;
            if &head[..8] != b"JGCTX001" {
                return None;
            }
            let num = |at: usize| -> Option<usize> {
                Some(u32::from_be_bytes(head[at..at + 4].try_into().ok()?) as usize)
            };
            let counts = [num(8)?, num(12)?, num(16)?];
            let total = u64::from_be_bytes(head[20..28].try_into().ok()?) as f64;
            let mut at = 28;
            let mut tables = Vec::new();
            for (k, &count) in counts.iter().enumerate() {
                let n = k + 1;
                let end = at + count * (2 * n + 2);
                tables.push(Table {
                    bytes: DATA.get(at..end)?,
                    n,
                });
                at = end;
            }
            let tables: [Table; 3] = tables.try_into().ok()?;
            let pairs = &tables[1];
            let start = START.to_be_bytes();
            let first = pairs.lower_bound(&start);
            let runs = (first..first + pairs.followers(&start))
                .map(|r| pairs.count(pairs.key(r)))
                .sum();
            Some(Model {
                tables,
                total,
                runs,
            })
        })
        .as_ref()
}

fn key(c: char) -> u16 {
    // Characters outside the main block share one key that no record has.
    let code = c as u32;
    if (0x4E00..=0x9FFF).contains(&code) {
        (code - 0x4E00) as u16
    } else {
        0xFFFD
    }
}

/// Up to three keys as the bytes of a record's key, on the stack: the scan looks up many.
struct Bytes {
    bytes: [u8; 6],
    len: usize,
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

fn bytes(keys: &[u16]) -> Bytes {
    let mut out = Bytes {
        bytes: [0; 6],
        len: 2 * keys.len(),
    };
    for (k, key) in keys.iter().enumerate() {
        out.bytes[2 * k..2 * k + 2].copy_from_slice(&key.to_be_bytes());
    }
    out
}

impl Model {
    fn p1(&self, w: u16) -> f64 {
        (self.tables[0].count(&bytes(&[w])) + UNSEEN) / (self.total + UNSEEN * ALPHABET)
    }

    /// `P(w | v)`, interpolated with `P(w)`.
    fn p2(&self, v: u16, w: u16) -> f64 {
        let history = if v == START {
            self.runs
        } else {
            self.tables[0].count(&bytes(&[v]))
        };
        let low = self.p1(w);
        let followers = self.tables[1].followers(&bytes(&[v]));
        if followers == 0 {
            return low;
        }
        let history = history.max(followers as f64);
        let seen = (self.tables[1].count(&bytes(&[v, w])) - DISCOUNT).max(0.0);
        (seen + DISCOUNT * followers as f64 * low) / history
    }

    /// `P(w | u v)`, interpolated with `P(w | v)`.
    fn p3(&self, u: u16, v: u16, w: u16) -> f64 {
        let low = self.p2(v, w);
        let followers = self.tables[2].followers(&bytes(&[u, v]));
        if followers == 0 {
            return low;
        }
        let history = self.tables[1].count(&bytes(&[u, v])).max(followers as f64);
        let seen = (self.tables[2].count(&bytes(&[u, v, w])) - DISCOUNT).max(0.0);
        (seen + DISCOUNT * followers as f64 * low) / history
    }
}

/// One spot of a run of Han characters, weighed against its corrections: the text's own
/// score is found once for all of them.
pub struct Spot {
    model: &'static Model,
    keys: Vec<u16>,
    k: usize,
    /// How many characters from `k` a correction replaces.
    len: usize,
    starts_run: bool,
    ends_run: bool,
    before: f64,
}

impl Spot {
    /// The spot at `k` of `run`, which must hold the two characters either side of `k` where
    /// there are any; `starts_run` and `ends_run` say whether its ends are the ends of the Han
    /// text. `None` when the model is not available.
    pub fn new(run: &[char], k: usize, starts_run: bool, ends_run: bool) -> Option<Spot> {
        Spot::span(run, k, 1, starts_run, ends_run)
    }

    /// How much more likely (natural log) the model finds the run with `d` at the spot than
    /// as written.
    pub fn gain(&self, d: char) -> f64 {
        self.gain_of(&[d])
    }

    /// The key at `i` (the run's start or end just outside it).
    fn at(&self, keys: &[u16], i: isize) -> Option<u16> {
        if i < 0 {
            (i == -1 && self.starts_run).then_some(START)
        } else if i as usize >= keys.len() {
            (i as usize == keys.len() && self.ends_run).then_some(END)
        } else {
            Some(keys[i as usize])
        }
    }

    /// The spot of `len` characters from `k` of `run` (see [`Spot::new`]), weighed against
    /// corrections of all of them at once ([`Spot::gain_of`]).
    pub fn span(
        run: &[char],
        k: usize,
        len: usize,
        starts_run: bool,
        ends_run: bool,
    ) -> Option<Spot> {
        let mut spot = Spot {
            model: model()?,
            keys: run.iter().map(|&c| key(c)).collect(),
            k,
            len,
            starts_run,
            ends_run,
            before: 0.0,
        };
        spot.before = spot.score(&spot.keys);
        Some(spot)
    }

    /// How much more likely (natural log) the model finds the run with the spot's characters
    /// replaced by `ds` (as many as the spot holds) than as written.
    pub fn gain_of(&self, ds: &[char]) -> f64 {
        let mut trial = self.keys.clone();
        for (k, &d) in ds.iter().enumerate().take(self.len) {
            trial[self.k + k] = key(d);
        }
        self.score(&trial) - self.before
    }

    /// The log probability of the characters the spot's characters bear on: themselves and
    /// the next two (with the run's end when it is among them).
    fn score(&self, keys: &[u16]) -> f64 {
        let k = self.k as isize;
        (k..=k + self.len as isize + 1)
            .filter_map(|j| {
                let w = self.at(keys, j)?;
                let p = match (self.at(keys, j - 2), self.at(keys, j - 1)) {
                    (Some(u), Some(v)) => self.model.p3(u, v, w),
                    (None, Some(v)) => self.model.p2(v, w),
                    _ => self.model.p1(w),
                };
                Some(p.ln())
            })
            .sum()
    }
}

/// [`Spot::gain`] for one replacement.
pub fn gain(run: &[char], k: usize, d: char, starts_run: bool, ends_run: bool) -> Option<f64> {
    Some(Spot::new(run, k, starts_run, ends_run)?.gain(d))
}
