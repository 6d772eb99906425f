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
    let (words, errors) = texts(dir);
    lists_of(&words, &errors)
}

/// The lists the two files' texts hold.
pub fn lists_of(words: &str, errors: &str) -> UserLists {
    UserLists::new(
        crate::check::rules::parse_error_list(errors),
        words_of(words),
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
    write(dir, &[(WORDS, &text)])
}

/// Writes files of the data folder (made if missing), each safely: the old copy stays until
/// the new one is whole.
fn write(dir: &Path, files: &[(&str, &str)]) -> Result<(), String> {
    super::data_dir::ensure(dir)
        .map_err(|e| format!("词典未保存：{}", super::reason::Reason(&e)))?;
    for (name, text) in files {
        super::files::replace(
            &dir.join(name),
            text.as_bytes(),
            &super::files::WriteOptions::owner_only(),
        )
        .map_err(|e| format!("词典未保存：{}", super::reason::Reason(&e.source)))?;
    }
    Ok(())
}

/// Both files' text as they are (comments kept), for editing in the app: (words, errors).
pub fn texts(dir: &Path) -> (String, String) {
    (read(dir, WORDS), read(dir, ERRORS))
}

/// What is wrong with an edited list of common errors: the first line that is not
/// `错 → 对` with two different sides, by its number from 1.
pub fn check_errors(text: &str) -> Result<(), String> {
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let ok = crate::check::rules::parse_error_list(line)
            .first()
            .is_some_and(|(w, r)| !w.is_empty() && !r.is_empty() && w != r);
        if !ok {
            return Err(format!(
                "常见错误第 {} 行应写成“错 → 对”，两边不同：{line}",
                n + 1
            ));
        }
    }
    Ok(())
}

/// Writes both files as edited in the app. A list of errors with a bad line is refused,
/// nothing written.
pub fn save_texts(dir: &Path, words: &str, errors: &str) -> Result<(), String> {
    check_errors(errors)?;
    if words.len() as u64 > LIMIT || errors.len() as u64 > LIMIT {
        return Err("词典太大（每个文件最多 4 MB）".into());
    }
    let ended = |text: &str| {
        let mut text = text.to_owned();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text
    };
    write(dir, &[(WORDS, &ended(words)), (ERRORS, &ended(errors))])
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
    fn lists_edited_in_the_app_are_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        save_texts(dir.path(), "张山\n龚克", "# 本单位\n规划刚要 → 规划纲要\n").unwrap();
        assert_eq!(
            texts(dir.path()),
            (
                "张山\n龚克\n".to_owned(),
                "# 本单位\n规划刚要 → 规划纲要\n".to_owned()
            )
        );
        let lists = load(dir.path());
        assert_eq!(lists.words(), ["张山", "龚克"]);
        // A bad line is named, and neither file changes.
        let refused = save_texts(dir.path(), "王五", "规划刚要 → 规划纲要\n依法刑政\n");
        assert_eq!(
            refused,
            Err("常见错误第 2 行应写成“错 → 对”，两边不同：依法刑政".to_owned())
        );
        assert_eq!(texts(dir.path()).0, "张山\n龚克\n");
        assert!(check_errors("甲 → 甲").is_err());
        assert!(check_errors("# 只有注释\n\n").is_ok());
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
