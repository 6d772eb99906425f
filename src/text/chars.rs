//! What a character is, for the rules that read Chinese text: Han characters, the full-width
//! punctuation of Chinese prose, and the marks that end a sentence. One definition each, used by
//! the checker, the importer and the figures alike.

/// Whether `c` is a Han character (CJK unified ideographs, extensions, compatibility).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3007 // 〇, a numeral read aloud like 零
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x323AF)
}

/// The full-width punctuation of Chinese prose: what may stand beside a Han character.
pub fn is_cjk_punct(c: char) -> bool {
    "，。、；：？！“”‘’（）《》【】…—".contains(c)
}

/// A Han character or Chinese punctuation: a "Chinese side" of a Latin letter or a space.
pub fn is_chinese(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// A mark that ends a sentence (or a clause closed by `；`).
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_han('讲') && is_han('〇') && is_han('\u{20000}'));
        assert!(!is_han('。') && !is_han('A') && !is_han('○'));
        assert!(is_cjk_punct('，') && !is_cjk_punct(','));
        assert!(is_chinese('稿') && is_chinese('》') && !is_chinese('x'));
        assert!(is_sentence_end('；') && !is_sentence_end('，'));
    }
}
