//! Character and byte offsets into a text, kept apart by type, with the conversions between
//! them and the one splice every edit of a text goes through.
//!
//! The model counts in characters (a caret, a finding's range, a blank); Rust strings index by
//! bytes. [`CharIdx`] and [`ByteIdx`] say which one a number is where both meet.

use std::ops::Range;

/// An offset counted in characters (Unicode scalar values).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CharIdx(pub usize);

/// An offset counted in UTF-8 bytes, always on a character boundary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ByteIdx(pub usize);

/// The byte offset of character `at` in `text`; the end of the text when `at` is past it.
pub fn byte_of(text: &str, at: CharIdx) -> ByteIdx {
    ByteIdx(text.char_indices().nth(at.0).map_or(text.len(), |(b, _)| b))
}

/// The character offset of byte `at` (a character boundary) in `text`.
pub fn char_of(text: &str, at: ByteIdx) -> CharIdx {
    CharIdx(text[..at.0].chars().count())
}

/// `text` split before character `at`; `None` when `at` is past the end.
pub fn split_at_char(text: &str, at: CharIdx) -> Option<(&str, &str)> {
    let byte = match text.char_indices().nth(at.0) {
        Some((b, _)) => b,
        None if at.0 == text.chars().count() => text.len(),
        None => return None,
    };
    Some(text.split_at(byte))
}

/// `text` with the characters in `chars` replaced by `value`. A range past the end is cut to it.
pub fn splice(text: &str, chars: Range<usize>, value: &str) -> String {
    let start = byte_of(text, CharIdx(chars.start)).0;
    let end = byte_of(text, CharIdx(chars.end.max(chars.start))).0;
    let mut out = String::with_capacity(text.len() - (end - start) + value.len());
    out.push_str(&text[..start]);
    out.push_str(value);
    out.push_str(&text[end..]);
    out
}

/// How many characters `a` and `b` share at their start and, after that, at their end: what
/// an edit that turned one into the other left alone on either side.
pub fn common_ends<T: PartialEq>(a: &[T], b: &[T]) -> (usize, usize) {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (prefix, suffix)
}

/// Where `query` occurs in `text`, as character ranges, left to right without overlaps; none
/// for an empty query.
pub fn match_ranges<'a>(text: &'a str, query: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
    let qlen = query.chars().count();
    // Counting characters from the previous match keeps a text with many matches linear.
    let mut counted = (0, 0);
    text.match_indices(query)
        .filter(move |_| qlen > 0)
        .map(move |(b, _)| {
            let (from_byte, from_char) = counted;
            let start = from_char + text[from_byte..b].chars().count();
            counted = (b, start);
            start..start + qlen
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_meet_at_character_boundaries() {
        let t = "讲a稿";
        assert_eq!(byte_of(t, CharIdx(0)), ByteIdx(0));
        assert_eq!(byte_of(t, CharIdx(1)), ByteIdx(3));
        assert_eq!(byte_of(t, CharIdx(2)), ByteIdx(4));
        assert_eq!(byte_of(t, CharIdx(9)), ByteIdx(7));
        for c in 0..=3 {
            assert_eq!(char_of(t, byte_of(t, CharIdx(c))), CharIdx(c));
        }
    }

    #[test]
    fn split_and_splice() {
        assert_eq!(split_at_char("讲话稿", CharIdx(1)), Some(("讲", "话稿")));
        assert_eq!(split_at_char("讲话稿", CharIdx(3)), Some(("讲话稿", "")));
        assert_eq!(split_at_char("讲话稿", CharIdx(4)), None);
        assert_eq!(splice("XX县城", 0..2, "临安"), "临安县城");
        assert_eq!(splice("讲稿", 1..1, "话"), "讲话稿");
        assert_eq!(splice("讲稿", 1..9, "！"), "讲！");
    }

    #[test]
    fn matches_are_character_ranges() {
        let found: Vec<_> = match_ranges("会议，会议，开会议", "会议").collect();
        assert_eq!(found, [0..2, 3..5, 7..9]);
        assert_eq!(match_ranges("abc", "").count(), 0);
        assert_eq!(match_ranges("aaaa", "aa").collect::<Vec<_>>(), [0..2, 2..4]);
        let text = "全区要抓，全区要管，*年完成";
        assert_eq!(match_ranges(text, "全区").collect::<Vec<_>>(), [0..2, 5..7]);
    }
}
