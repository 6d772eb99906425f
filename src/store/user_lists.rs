//! The user's own checker lists in the data folder: `common-errors.txt` (`错 → 对` a line) and
//! `proof-words.txt` (words the proofreader takes as written, a word a line). Plain text the
//! user may also edit by hand; `#` starts a comment.

use std::path::Path;

use crate::check::UserLists;

/// The file of common errors.
pub const ERRORS: &str = "common-errors.txt";
/// The file of accepted words.
pub const WORDS: &str = "proof-words.txt";

/// The most either file is read: a list of words, not a book.
const LIMIT: u64 = 4 << 20;

fn read(dir: &Path, name: &str) -> String {
    super::files::read_bounded(&dir.join(name), LIMIT)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

fn words_of(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.split('#').next())
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Both lists; a missing or unreadable file is an empty list.
pub fn load(dir: &Path) -> UserLists {
    UserLists::new(
        crate::check::rules::parse_error_list(&read(dir, ERRORS)),
        words_of(&read(dir, WORDS)),
    )
}

/// Adds a word to the accepted words (加入词典), keeping what the file holds.
pub fn accept_word(dir: &Path, word: &str) -> Result<(), String> {
    let word = word.trim();
    if word.is_empty() || word.contains(['\n', '#']) {
        return Err(format!("“{word}”不能加入词典"));
    }
    let mut text = read(dir, WORDS);
    if words_of(&text).iter().any(|w| w == word) {
        return Ok(());
    }
    if text.is_empty() {
        text.push_str("# 校对时照写法接受的词（人名、地名、本单位用语），一行一个\n");
    } else if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(word);
    text.push('\n');
    super::data_dir::ensure(dir)
        .map_err(|e| format!("词典未保存：{}", super::reason::Reason(&e)))?;
    super::files::replace(
        &dir.join(WORDS),
        text.as_bytes(),
        &super::files::WriteOptions::owner_only(),
    )
    .map(|_| ())
    .map_err(|e| format!("词典未保存：{}", super::reason::Reason(&e.source)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_added_are_kept_with_what_the_file_held_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(WORDS), "张山  # 局长\n").unwrap();
        accept_word(dir.path(), "思相").unwrap();
        accept_word(dir.path(), "思相").unwrap();
        let text = std::fs::read_to_string(dir.path().join(WORDS)).unwrap();
        assert_eq!(text, "张山  # 局长\n思相\n");
        assert_eq!(load(dir.path()).words(), ["张山", "思相"]);
        assert!(accept_word(dir.path(), "a\nb").is_err());
    }

    #[test]
    fn a_missing_folder_gives_empty_lists_and_is_made_on_the_first_word() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        assert!(load(&data).words().is_empty());
        accept_word(&data, "龚克").unwrap();
        assert_eq!(load(&data).words(), ["龚克"]);
    }
}
