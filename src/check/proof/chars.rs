//! How alike two characters are, in sound and in shape: their modern standard readings, their
//! four-corner and Cangjie codes, and their phonetic series, from the Unicode Han Database
//! (`assets/proof/chars.txt`).
//!
//! Only the 6,763 characters of GB 2312 take part: a slip of the pen writes a common
//! character, and a rare one in the text is far more often a name than a typo.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

static CHARS: &str = include_str!("../../../assets/proof/chars.txt");

/// What the proofreader knows of a character.
pub struct Profile {
    /// Each reading as (syllable with tone, syllable, blurred syllable), interned.
    readings: Vec<[u16; 3]>,
    corner: Option<[u8; 4]>,
    cangjie: Option<Box<str>>,
    /// The phonetic series the character belongs to (kPhonetic), interned.
    series: Vec<u16>,
}

/// The profiles, and for each character of the main CJK block the index of its profile plus
/// one (0: not a common character): found without hashing, as the scan asks millions of times.
struct Table {
    profiles: Vec<Profile>,
    index: Vec<u16>,
    /// Profiles by the keys that alike characters share: a blurred syllable, a four-corner
    /// code with one corner left out, a Cangjie code with one group left out or blanked.
    buckets: FxHashMap<Key, Vec<u16>>,
    /// Each profile's alike characters, found on first need.
    alike: Vec<OnceLock<AlikeSet>>,
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    Syllable(u16),
    /// A phonetic series.
    Series(u16),
    Corner([u8; 4]),
    /// A Cangjie code as written.
    Cangjie(Box<str>),
    /// A Cangjie code with one group blanked (`?`): codes one substitution apart share one.
    CangjieBlank(Box<str>),
    /// A Cangjie code with one group left out: shared with the code one group shorter.
    CangjieLess(Box<str>),
}

/// The characters alike one: a bit per profile for the quick test, and the list with grades.
pub struct AlikeSet {
    bits: Box<[u64]>,
    list: Box<[Alike]>,
}

/// A character alike another, and how: its profile index, [`sound`] and [`shape`] grades, and
/// whether the two are built on one phonetic component (`培`/`部`, `往`/`住`).
#[derive(Clone, Copy, Debug)]
pub struct Alike {
    pub profile: u16,
    pub sound: u8,
    pub shape: u8,
    pub series: bool,
}

impl Profile {
    /// The keys this profile is filed under.
    fn keys(&self) -> Vec<Key> {
        let mut keys: Vec<Key> = self.readings.iter().map(|r| Key::Syllable(r[2])).collect();
        keys.extend(self.series.iter().map(|&s| Key::Series(s)));
        if let Some(corner) = self.corner {
            for k in 0..4 {
                let mut blank = corner;
                blank[k] = b'?';
                keys.push(Key::Corner(blank));
            }
        }
        if let Some(code) = &self.cangjie {
            keys.push(Key::Cangjie(code.clone()));
            for k in 0..code.len() {
                let mut blank = code.to_string();
                blank.replace_range(k..=k, "?");
                keys.push(Key::CangjieBlank(blank.into()));
                let mut less = code.to_string();
                less.remove(k);
                keys.push(Key::CangjieLess(less.into()));
            }
        }
        keys
    }

    /// The keys under which alike profiles are filed: the same keys, except that a Cangjie
    /// code one group longer or shorter is found through the other form.
    fn probes(&self) -> Vec<Key> {
        self.keys()
            .into_iter()
            .flat_map(|k| match k {
                Key::Cangjie(c) => vec![Key::Cangjie(c.clone()), Key::CangjieLess(c)],
                Key::CangjieLess(c) => vec![Key::Cangjie(c)],
                other => vec![other],
            })
            .collect()
    }
}

static TABLE: OnceLock<Table> = OnceLock::new();

/// Whether the character table is built.
pub fn ready() -> bool {
    TABLE.get().is_some()
}

fn table() -> &'static Table {
    TABLE.get_or_init(|| {
        let mut profiles = Vec::new();
        let mut index = vec![0u16; 0x9FFF - 0x4E00 + 1];
        let mut names: FxHashMap<String, u16> = FxHashMap::default();
        let mut intern = |s: String| {
            let next = names.len() as u16;
            *names.entry(s).or_insert(next)
        };
        for line in CHARS.lines().filter(|l| !l.starts_with('#')) {
            let mut parts = line.split(' ');
            let (Some(c), Some(corner), Some(cangjie), Some(sounds)) = (
                parts.next().and_then(|p| p.chars().next()),
                parts.next(),
                parts.next(),
                parts.next(),
            ) else {
                continue;
            };
            let series = parts
                .next()
                .unwrap_or("-")
                .split(',')
                .filter(|s| *s != "-")
                .map(|s| intern(format!("#{s}")))
                .collect();
            if !is_han(c) {
                continue;
            }
            let corner = corner
                .as_bytes()
                .try_into()
                .ok()
                .filter(|d: &[u8; 4]| d.iter().all(u8::is_ascii_digit));
            let cangjie = (cangjie != "-").then(|| cangjie.into());
            let readings = sounds
                .split(',')
                .filter(|r| *r != "-")
                .map(|tone| {
                    [
                        intern(tone.to_owned()),
                        intern(format!("-{}", toneless(tone))),
                        intern(format!("~{}", fuzzy(toneless(tone)))),
                    ]
                })
                .collect();
            profiles.push(Profile {
                readings,
                corner,
                cangjie,
                series,
            });
            index[c as usize - 0x4E00] = profiles.len() as u16;
        }
        let mut buckets: FxHashMap<Key, Vec<u16>> = FxHashMap::default();
        for (i, p) in profiles.iter().enumerate() {
            for key in p.keys() {
                buckets.entry(key).or_default().push(i as u16);
            }
        }
        let alike = (0..profiles.len()).map(|_| OnceLock::new()).collect();
        Table {
            profiles,
            index,
            buckets,
            alike,
        }
    })
}

/// A character of the main CJK block, the only one words of the model are made of.
pub fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Whether the character is one of the common characters the proofreader weighs.
pub fn is_common(c: char) -> bool {
    index_of(c).is_some()
}

/// A common character's profile.
fn profile(c: char) -> Option<&'static Profile> {
    index_of(c).map(|i| &table().profiles[usize::from(i)])
}

/// A common character's syllables without tone, interned (equal numbers, equal syllables);
/// empty for any other character.
pub fn syllables(c: char) -> impl Iterator<Item = u16> {
    profile(c)
        .map_or(&[][..], |p| p.readings.as_slice())
        .iter()
        .map(|r| r[1])
}

/// Whether two common characters share a reading with its tone.
pub fn same_tone(a: char, b: char) -> bool {
    sound(a, b) == 3
}

/// The index of a common character's profile.
pub fn index_of(c: char) -> Option<u16> {
    if !is_han(c) {
        return None;
    }
    table().index[c as usize - 0x4E00].checked_sub(1)
}

/// The characters alike the one of profile `i` in sound or shape, by profile index.
fn alike_set(i: u16) -> &'static AlikeSet {
    let t = table();
    t.alike[usize::from(i)].get_or_init(|| {
        let me = &t.profiles[usize::from(i)];
        let mut found: Vec<u16> = me
            .probes()
            .iter()
            .filter_map(|k| t.buckets.get(k))
            .flatten()
            .copied()
            .filter(|&j| j != i)
            .collect();
        found.sort_unstable();
        found.dedup();
        let list: Box<[Alike]> = found
            .into_iter()
            .filter_map(|j| {
                let other = &t.profiles[usize::from(j)];
                let (sound, shape) = (sound_of(me, other), shape_of(me, other));
                let series = me.series.iter().any(|s| other.series.contains(s));
                (sound > 0 || shape > 0 || series).then_some(Alike {
                    profile: j,
                    sound,
                    shape,
                    series,
                })
            })
            .collect();
        let mut bits = vec![0u64; t.profiles.len().div_ceil(64)].into_boxed_slice();
        for a in &list {
            bits[usize::from(a.profile) / 64] |= 1 << (a.profile % 64);
        }
        AlikeSet { bits, list }
    })
}

/// The characters alike the one of profile `i`, by profile index.
pub fn alike(i: u16) -> &'static [Alike] {
    &alike_set(i).list
}

/// How the character of profile `j` is alike the one of profile `i`, if it is.
pub fn how_alike(i: u16, j: u16) -> Option<Alike> {
    alike_set(i).get(j)
}

/// The characters alike the one of profile `i`, to ask of many characters in turn.
pub fn alike_to(i: u16) -> &'static AlikeSet {
    alike_set(i)
}

impl AlikeSet {
    /// How the character of profile `j` is alike, if it is.
    #[inline]
    pub fn get(&self, j: u16) -> Option<Alike> {
        if self.bits[usize::from(j) / 64] & (1 << (j % 64)) == 0 {
            return None;
        }
        let k = self.list.binary_search_by_key(&j, |a| a.profile).ok()?;
        Some(self.list[k])
    }
}

/// How alike two characters sound: 3 the same syllable and tone, 2 the same syllable, 1 a
/// syllable often confused (z/zh, c/ch, s/sh, n/l, an/ang, en/eng, in/ing), 0 not alike. Any
/// of a character's modern readings counts (行 xíng/háng); only common characters have them.
pub fn sound(a: char, b: char) -> u8 {
    match (profile(a), profile(b)) {
        (Some(pa), Some(pb)) => sound_of(pa, pb),
        _ => 0,
    }
}

fn sound_of(pa: &Profile, pb: &Profile) -> u8 {
    let mut grade = 0;
    for x in &pa.readings {
        for y in &pb.readings {
            let g = if x[0] == y[0] {
                3
            } else if x[1] == y[1] {
                2
            } else if x[2] == y[2] {
                1
            } else {
                0
            };
            grade = grade.max(g);
        }
    }
    grade
}

fn toneless(p: &str) -> &str {
    p.trim_end_matches(|c: char| c.is_ascii_digit())
}

/// A syllable with the distinctions many speakers blur removed.
fn fuzzy(p: &str) -> String {
    let mut s = p
        .replace("zh", "z")
        .replace("ch", "c")
        .replace("sh", "s")
        .replace("ang", "an")
        .replace("eng", "en")
        .replace("ing", "in");
    if let Some(rest) = s.strip_prefix('l') {
        s = format!("n{rest}");
    }
    s
}

/// How alike two characters look: 2 the same four-corner code, or Cangjie codes one stroke
/// group apart (of three or more groups); 1 four-corner codes one corner apart, or short
/// Cangjie codes one group apart; 0 not alike.
pub fn shape(a: char, b: char) -> u8 {
    match (profile(a), profile(b)) {
        (Some(pa), Some(pb)) => shape_of(pa, pb),
        _ => 0,
    }
}

fn shape_of(sa: &Profile, sb: &Profile) -> u8 {
    let mut grade = 0;
    if let (Some(x), Some(y)) = (sa.corner, sb.corner) {
        match x.iter().zip(&y).filter(|(p, q)| p != q).count() {
            0 => grade = 2,
            1 => grade = 1,
            _ => {}
        }
    }
    if let (Some(x), Some(y)) = (&sa.cangjie, &sb.cangjie)
        && x.len() >= 2
        && y.len() >= 2
        && x.len().abs_diff(y.len()) <= 1
    {
        match edit_distance(x.as_bytes(), y.as_bytes()) {
            0 => grade = 2,
            1 => grade = grade.max(if x.len().min(y.len()) >= 3 { 2 } else { 1 }),
            _ => {}
        }
    }
    grade
}

fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    // Cangjie codes have at most five groups: one row on the stack.
    let mut row = [0usize; 8];
    if b.len() >= row.len() {
        return usize::MAX;
    }
    for (j, cell) in row.iter_mut().enumerate().take(b.len() + 1) {
        *cell = j;
    }
    for (i, x) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(x != y));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sounds() {
        assert_eq!(sound('刚', '纲'), 3);
        assert_eq!(sound('登', '等'), 2);
        assert_eq!(sound('行', '刑'), 3, "行 reads xíng among its readings");
        assert_eq!(sound('森', '生'), 1, "s/sh and en/eng blur");
        assert_eq!(sound('天', '地'), 0);
    }

    #[test]
    fn shapes_alike() {
        assert!(shape('染', '渠') > 0);
        assert!(shape('白', '自') > 0);
        assert_eq!(shape('天', '鹅'), 0);
        assert_eq!(edit_distance(b"END", b"ESD"), 1);
        assert_eq!(edit_distance(b"", b"AB"), 2);
    }

    #[test]
    fn characters_of_one_phonetic_series_are_alike() {
        let how = |a, b| how_alike(index_of(a).unwrap(), index_of(b).unwrap());
        // 培 and 部 share 咅, which their codes do not show.
        let alike = how('培', '部').expect("培 and 部 are alike");
        assert!(alike.series);
        assert_eq!((alike.sound, alike.shape), (0, 0));
        assert!(how('清', '情').is_some_and(|a| a.series));
        assert!(how('天', '鹅').is_none());
    }

    #[test]
    fn the_alike_lists_hold_every_alike_character() {
        // The buckets must find what a comparison with every character finds.
        for c in ['刚', '染', '白', '登', '森', '行', '培'] {
            let i = index_of(c).unwrap();
            let listed: Vec<u16> = alike(i).iter().map(|a| a.profile).collect();
            let t = table();
            let all: Vec<u16> = (0..t.profiles.len() as u16)
                .filter(|&j| j != i)
                .filter(|&j| {
                    let (a, b) = (&t.profiles[usize::from(i)], &t.profiles[usize::from(j)]);
                    sound_of(a, b) > 0
                        || shape_of(a, b) > 0
                        || a.series.iter().any(|s| b.series.contains(s))
                })
                .collect();
            assert_eq!(listed, all, "{c}");
        }
        let (gang, gang2) = (index_of('刚').unwrap(), index_of('纲').unwrap());
        assert_eq!(how_alike(gang, gang2).map(|a| a.sound), Some(3));
        assert!(how_alike(gang, index_of('天').unwrap()).is_none());
    }

    #[test]
    fn common_characters() {
        assert!(is_common('纲'));
        assert!(!is_common('堃'), "a character of names, outside GB 2312");
        assert!(!is_common('A'));
    }
}
