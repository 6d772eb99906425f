//! The proofreader's word list: which strings are words and how common they are, and which
//! characters complete a word with one character missing.
//!
//! Built once, on first use (about 30 ms), from `assets/proof/words.txt` (the jieba project's
//! dictionary, see `assets/proof/README.md`) and `assets/proof/terms.txt` (recent official
//! vocabulary the dictionary predates).

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

static WORDS: &str = include_str!("../../../assets/proof/words.txt");
static TERMS: &str = include_str!("../../../assets/proof/terms.txt");

/// The count a term of `terms.txt` gets: a word met now and then (the dictionary's median
/// word of two characters is counted about 40 times; 200 is a common but not a frequent one).
const TERM_COUNT: u32 = 200;

/// The longest word the model knows.
pub const MAX_WORD: usize = 6;

/// The longest word with one character missing that the index answers for.
pub const MAX_SLOT_WORD: usize = 4;

/// The character slot value that stands for "missing".
const BLANK: u128 = 0xFFFF;

/// A string of at most 7 characters of the main CJK block as one number: exact and cheap to
/// hash. Anything else is not a word the model knows.
pub fn pack(chars: &[char]) -> Option<u128> {
    pack_leaving(chars, None)
}

/// [`pack`] with the character at `blank` left out.
pub fn pack_blank(chars: &[char], blank: usize) -> Option<u128> {
    pack_leaving(chars, Some(blank))
}

fn pack_leaving(chars: &[char], blank: Option<usize>) -> Option<u128> {
    if chars.len() > 7 {
        return None;
    }
    let mut key = chars.len() as u128;
    for (k, &c) in chars.iter().enumerate() {
        let code = c as u32;
        let slot = if Some(k) == blank {
            BLANK
        } else if (0x4E00..=0x9FFF).contains(&code) {
            u128::from(code - 0x4E00 + 1)
        } else {
            return None;
        };
        key = (key << 16) | slot;
    }
    Some(key)
}

/// The characters of a [`pack`]ed word (no blank in it).
fn unpack(key: u128) -> Vec<char> {
    // The length is the field above the characters: only the right length finds itself there.
    let len = (1..=7).find(|&n| key >> (16 * n) == n as u128).unwrap_or(0);
    (0..len)
        .rev()
        .filter_map(|k| char::from_u32(((key >> (16 * k)) & 0xFFFF) as u32 + 0x4E00 - 1))
        .collect()
}

static LEXICON: OnceLock<Lexicon> = OnceLock::new();

/// The gaps of the words of 2–4 characters: each word once per character left out (a word is
/// in the table once, so a gap never lists a character twice).
fn slots_of(counts: &FxHashMap<u128, (u32, f32)>) -> FxHashMap<u128, Vec<(char, f32)>> {
    let mut slots: FxHashMap<u128, Vec<(char, f32)>> = FxHashMap::default();
    slots.reserve(300_000);
    for (&key, &(_, ln_p)) in counts {
        let word = unpack(key);
        if !(2..=MAX_SLOT_WORD).contains(&word.len()) {
            continue;
        }
        for (k, &c) in word.iter().enumerate() {
            if let Some(gap) = pack_blank(&word, k) {
                slots.entry(gap).or_default().push((c, ln_p));
            }
        }
    }
    slots
}

pub struct Lexicon {
    /// A word → its count and the log of its probability.
    counts: FxHashMap<u128, (u32, f32)>,
    /// A word of 2–4 characters with one left out → the characters that fill the gap, each
    /// with the log probability of the word it makes.
    slots: FxHashMap<u128, Vec<(char, f32)>>,
    ln_total: f64,
}

impl Lexicon {
    /// The shared lexicon, built on first use.
    pub fn get() -> &'static Lexicon {
        LEXICON.get_or_init(Lexicon::build)
    }

    /// Whether the shared lexicon is built.
    pub fn ready() -> bool {
        LEXICON.get().is_some()
    }

    /// Builds the tables afresh (what [`Lexicon::get`] does once; public for the benchmark).
    pub fn build() -> Lexicon {
        Lexicon::parse(WORDS, TERMS)
    }

    fn parse(words: &str, terms: &str) -> Lexicon {
        let mut counts = FxHashMap::default();
        counts.reserve(140_000);
        let mut total: u64 = 0;
        let mut word: Vec<char> = Vec::with_capacity(MAX_WORD);
        let entries = words
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once(' '))
            .filter_map(|(w, n)| Some((w, n.trim().parse::<u32>().ok()?)));
        for (w, n) in entries {
            word.clear();
            word.extend(w.chars());
            if let Some(key) = pack(&word) {
                counts.insert(key, (n, 0.0));
                total += u64::from(n);
            }
        }
        for line in terms.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            word.clear();
            word.extend(line.chars());
            if let Some(key) = pack(&word) {
                counts.entry(key).or_insert((TERM_COUNT, 0.0));
            }
        }
        let ln_total = (total.max(1) as f64).ln();
        for (n, ln_p) in counts.values_mut() {
            *ln_p = (f64::from(*n).ln() - ln_total) as f32;
        }
        let slots = slots_of(&counts);
        Lexicon {
            counts,
            slots,
            ln_total,
        }
    }

    /// How often the dictionary counts this word (or single character), if it knows it.
    pub fn count(&self, word: &[char]) -> Option<u32> {
        self.counts.get(&pack(word)?).map(|e| e.0)
    }

    /// Whether the string is a word of two characters or more.
    pub fn is_word(&self, word: &[char]) -> bool {
        word.len() >= 2 && self.count(word).is_some()
    }

    /// The characters that make a word of `chars` with the one at `blank` replaced, each with
    /// the log probability of that word.
    pub fn fills(&self, chars: &[char], blank: usize) -> &[(char, f32)] {
        pack_blank(chars, blank)
            .and_then(|key| self.slots.get(&key))
            .map_or(&[], Vec::as_slice)
    }

    /// The natural log of a word's probability, if known.
    pub fn ln_p(&self, word: &[char]) -> Option<f64> {
        self.counts.get(&pack(word)?).map(|e| f64::from(e.1))
    }

    /// Every word of `len` characters, with its count.
    pub fn words_of(&self, len: usize) -> impl Iterator<Item = (Vec<char>, u32)> + '_ {
        self.counts.iter().filter_map(move |(&key, &(n, _))| {
            let word = unpack(key);
            (word.len() == len).then_some((word, n))
        })
    }

    /// The log probability of a character the dictionary does not know at all.
    pub fn ln_p_unknown(&self) -> f64 {
        0.5f64.ln() - self.ln_total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn packing_is_exact_and_refuses_what_it_cannot_hold() {
        assert_ne!(pack(&chars("纲要")), pack(&chars("要纲")));
        assert_ne!(pack(&chars("一")), pack(&chars("一一")));
        assert_eq!(pack(&chars("A要")), None);
        assert_eq!(pack(&chars("一二三四五六七八")), None);
        assert_ne!(pack_blank(&chars("纲要"), 0), pack(&chars("纲要")));
        for w in ["一", "纲要", "乡村振兴", "鿿一二三四五六"] {
            assert_eq!(unpack(pack(&chars(w)).unwrap()), chars(w), "{w}");
        }
        assert_eq!(pack_blank(&chars("纲要"), 0), pack_blank(&chars("刚要"), 0));
    }

    #[test]
    fn knows_words_their_counts_and_the_characters_that_fill_a_gap() {
        let lex = Lexicon::get();
        assert!(lex.is_word(&chars("纲要")));
        assert!(lex.is_word(&chars("营商环境")), "a term of terms.txt");
        assert!(!lex.is_word(&chars("刚要")));
        assert!(lex.count(&chars("的")).unwrap() > lex.count(&chars("纲")).unwrap());
        let fills = lex.fills(&chars("刚要"), 0);
        let gang = fills.iter().find(|f| f.0 == '纲').expect("纲 fills 刚要");
        assert_eq!(f64::from(gang.1), lex.ln_p(&chars("纲要")).unwrap());
        assert!(lex.fills(&chars("刚Z"), 0).is_empty());
        assert!(lex.ln_p(&chars("纲要")).unwrap() > lex.ln_p_unknown());
    }
}
