//! The speech against itself: a person's name written two ways (`张三同志` … `张山同志`).
//!
//! Names are read where a speech names people: two or three characters, the first a common
//! surname, just before 同志 or a title (书记, 市长, 教授…). Two names of one length and
//! surname that differ in one character, the two alike in sound or shape, are probably one
//! person written two ways: the rarer form is flagged (both, when equally often), with the other
//! as its fix. A warning: two people may really be called 张三 and 张山.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use rustc_hash::FxHashMap;

use super::chars;
use crate::check::hit::{Hit, hit};
use crate::doc::templatize::{NOT_NAMES, SURNAMES, TITLES};

/// The rule id.
pub const NAME_VARIANT: &str = "name-variant";

/// What follows a name besides the titles of office ([`TITLES`]).
const AFTER: [&str; 6] = ["同志", "教授", "院士", "先生", "女士", "董事长"];

/// One pass finds every word of [`AFTER`] and [`TITLES`] (each keystroke counts the whole
/// speech's names).
static AFTER_SEARCH: LazyLock<Option<AhoCorasick>> =
    LazyLock::new(|| AhoCorasick::new(AFTER.iter().chain(&TITLES)).ok());

/// How often each name is written in the speech.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Census(FxHashMap<String, u32>);

impl Census {
    /// Counts the names of these texts.
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Census {
        let mut counts: FxHashMap<String, u32> = FxHashMap::default();
        for text in texts {
            for (_, name) in names_in(text) {
                *counts.entry(name).or_default() += 1;
            }
        }
        Census(counts)
    }

    fn count(&self, name: &str) -> u32 {
        self.0.get(name).copied().unwrap_or(0)
    }
}

/// The names in a text: where each stands and how it is written (a name before a title is read
/// both as two and as three characters: 张三 in `向张三同志`, 王小明 in `王小明同志`).
fn names_in(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let Some(search) = &*AFTER_SEARCH else {
        return out;
    };
    let mut chars_before = 0;
    let mut byte_before = 0;
    for m in search.find_iter(text) {
        chars_before += text[byte_before..m.start()].chars().count();
        byte_before = m.start();
        let before: Vec<char> = text[..m.start()].chars().rev().take(3).collect();
        for len in [2, 3] {
            if before.len() < len {
                continue;
            }
            let name: Vec<char> = before[..len].iter().rev().copied().collect();
            let written: String = name.iter().collect();
            if SURNAMES.contains(name[0])
                && name.iter().all(|&c| chars::is_han(c))
                && !NOT_NAMES.contains(&written.as_str())
            {
                out.push((chars_before - len..chars_before, written));
            }
        }
    }
    out
}

/// Flags the names of one text that the speech writes more often (or as often) another way.
pub fn scan(text: &str, census: &Census, out: &mut Vec<Hit>) {
    if census.0.len() < 2 {
        return;
    }
    for (span, name) in names_in(text) {
        let mine: Vec<char> = name.chars().collect();
        let here = census.count(&name);
        let other = census.0.iter().find_map(|(other, &n)| {
            let theirs: Vec<char> = other.chars().collect();
            if theirs.len() != mine.len() || theirs[0] != mine[0] || n < here || *other == name {
                return None;
            }
            let differ: Vec<usize> = (1..mine.len()).filter(|&k| mine[k] != theirs[k]).collect();
            let [k] = differ[..] else {
                return None;
            };
            let (a, b) = (chars::index_of(mine[k])?, chars::index_of(theirs[k])?);
            let alike = chars::how_alike(a, b)?;
            let how = if alike.sound >= 1 {
                "音近"
            } else if alike.shape == 2 {
                "形近"
            } else {
                return None;
            };
            Some((other.clone(), n, how))
        });
        if let Some((other, n, how)) = other {
            out.push(hit(
                NAME_VARIANT,
                span,
                format!(
                    "“{name}”与“{other}”只差一字（{how}），本稿写了 {here} 次“{name}”、{n} 次“{other}”：是否同一人？"
                ),
                Some(other),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(texts: &[&str]) -> Vec<(usize, String, Option<String>)> {
        let census = Census::of(texts.iter().copied());
        let mut out = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            let mut hits = Vec::new();
            scan(t, &census, &mut hits);
            let cs: Vec<char> = t.chars().collect();
            out.extend(
                hits.into_iter()
                    .map(|h| (i, cs[h.chars].iter().collect(), h.fix)),
            );
        }
        out
    }

    #[test]
    fn the_rarer_form_of_a_name_is_flagged_with_the_other_as_fix() {
        let texts = [
            "张三同志讲得很好。",
            "请张三同志牵头。",
            "由张山同志负责落实。",
        ];
        assert_eq!(flagged(&texts), [(2, "张山".into(), Some("张三".into()))]);
    }

    #[test]
    fn names_written_as_often_are_both_flagged() {
        let texts = ["王小明同志主持会议。", "王晓明同志作总结。"];
        let found = flagged(&texts);
        assert_eq!(found.len(), 2, "{found:?}");
    }

    #[test]
    fn different_people_and_unlike_names_are_left_alone() {
        // 张三 and 张伟 are not alike; 李强 and 王强 have other surnames.
        let texts = ["张三同志、张伟同志、李强同志和王强同志出席。"];
        assert_eq!(flagged(&texts), []);
        assert_eq!(flagged(&["许多同志提出", "许朵同志"]), []);
    }
}
