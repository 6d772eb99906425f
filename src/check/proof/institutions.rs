//! Institutions under a name they no longer bear (`国家林业局` → `国家林业和草原局` since the
//! 2018 reform): a curated list, `assets/proof/institutions.txt`, each entry with when and by
//! which reform. A speech copied from an older one keeps such names; so does a speech that
//! tells history, which is why the findings are hints and why the text is left alone where it
//! plainly speaks of the change (`原国家林业局`, `更名`, the new name in the same paragraph).

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::check::hit::{Hit, hit};

/// The rule id.
pub const RENAMED: &str = "renamed-institution";

static LIST_TEXT: &str = include_str!("../../../assets/proof/institutions.txt");

/// One entry of the list.
#[derive(Debug)]
pub struct Entry {
    pub old: String,
    /// The present name, when the old one went to one place.
    pub new: Option<String>,
    /// When and by which reform.
    pub when: String,
    /// Only counted where it stands alone (not after another Han character): companies and
    /// schools have departments of the same name (人事部, 文化部).
    pub alone: bool,
}

struct List {
    entries: Vec<Entry>,
    searcher: Option<AhoCorasick>,
}

/// Parses the list's lines: `[*]旧名 → 新名 | 说明`, `-` for no single new name.
fn parse(text: &str) -> Vec<Entry> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter_map(|line| {
            let (names, when) = line.split_once('|')?;
            let (old, new) = names.split_once('→')?;
            let old = old.trim();
            let (alone, old) = match old.strip_prefix('*') {
                Some(rest) => (true, rest),
                None => (false, old),
            };
            let new = new.trim();
            (!old.is_empty()).then(|| Entry {
                old: old.to_owned(),
                new: (new != "-" && !new.is_empty()).then(|| new.to_owned()),
                when: when.trim().to_owned(),
                alone,
            })
        })
        .collect()
}

static LIST: LazyLock<List> = LazyLock::new(|| {
    let entries = parse(LIST_TEXT);
    let searcher = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(entries.iter().map(|e| &e.old))
        .ok();
    List { entries, searcher }
});

/// The list's entries.
pub fn entries() -> &'static [Entry] {
    &LIST.entries
}

/// Characters after a name that make it part of a longer word (`卫生部门`, `建设部署`).
const LONGER: &str = "门署分位队落件";
/// Characters before a name that do not tie it to a longer one.
const SEPARATORS: &str = "、和与及同";
/// Words near a name that show the text speaks of the change itself.
const ABOUT_THE_CHANGE: [&str; 6] = ["更名", "改为", "组建", "撤销", "合并", "改革"];
/// How far (characters) either side such a word counts.
const NEAR: usize = 15;

/// Finds old names of institutions in one text.
pub fn scan(text: &str, out: &mut Vec<Hit>) {
    let list = &*LIST;
    let Some(searcher) = &list.searcher else {
        return;
    };
    // The characters, only once a name is found: most texts hold none.
    let mut chars: Vec<char> = Vec::new();
    for m in searcher.find_iter(text) {
        if chars.is_empty() {
            chars = text.chars().collect();
        }
        let entry = &list.entries[m.pattern().as_usize()];
        let start = text[..m.start()].chars().count();
        let end = start + entry.old.chars().count();
        let before = start.checked_sub(1).map(|k| chars[k]);
        let after = chars.get(end).copied();
        if after.is_some_and(|c| LONGER.contains(c)) {
            continue;
        }
        if entry.alone && before.is_some_and(|c| super::chars::is_han(c) && !SEPARATORS.contains(c))
        {
            continue;
        }
        // 原国家林业局, 前国家旅游局: the old name on purpose.
        if before.is_some_and(|c| c == '原' || c == '前') {
            continue;
        }
        if entry
            .new
            .as_ref()
            .is_some_and(|n| text.contains(n.as_str()))
        {
            continue;
        }
        let near: String = chars[start.saturating_sub(NEAR)..(end + NEAR).min(chars.len())]
            .iter()
            .collect();
        if ABOUT_THE_CHANGE.iter().any(|w| near.contains(w)) {
            continue;
        }
        let message = match &entry.new {
            // The reason may name the new name already: say it once.
            Some(new) if !entry.when.contains(new.as_str()) => format!(
                "“{}”已不用：{}，今为“{new}”（讲历史时可保留）",
                entry.old, entry.when
            ),
            _ => format!("“{}”已不用：{}（讲历史时可保留）", entry.old, entry.when),
        };
        out.push(hit(RENAMED, start..end, message, entry.new.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, Option<String>)> {
        crate::check::hit::found_by(scan, text)
    }

    #[test]
    fn the_list_parses_whole() {
        let lines = LIST_TEXT
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(entries().len(), lines);
        assert!(entries().iter().all(|e| !e.when.is_empty()));
        let forest = entries().iter().find(|e| e.old == "国家林业局").unwrap();
        assert_eq!(forest.new.as_deref(), Some("国家林业和草原局"));
        assert!(forest.when.contains("2018"));
    }

    #[test]
    fn an_old_name_is_hinted_with_the_new_one() {
        assert_eq!(
            found("请国家林业局牵头落实。"),
            [("国家林业局".into(), Some("国家林业和草原局".into()))]
        );
        assert_eq!(
            found("会同农业部、文化部研究"),
            [
                ("农业部".into(), Some("农业农村部".into())),
                ("文化部".into(), Some("文化和旅游部".into())),
            ]
        );
        let mut hits = Vec::new();
        scan("会同县环保局", &mut hits);
        assert_eq!(
            hits[0].message,
            "“环保局”已不用：2018—2019 年地方机构改革后多为生态环境局（讲历史时可保留）"
        );
        scan("银保监会", &mut hits);
        assert!(
            hits[1]
                .message
                .ends_with("今为“金融监管总局”（讲历史时可保留）")
        );
        // Gone to more than one place: a hint with no fix.
        assert_eq!(found("当时，铁道部负责"), [("铁道部".into(), None)]);
    }

    #[test]
    fn history_and_longer_words_are_left_alone() {
        for text in [
            "原国家林业局印发的规划",
            "国家林业局（现国家林业和草原局）",
            "2018年国家林业局更名为国家林业和草原局",
            "各级卫生部门要加强监测",
            "住房和城乡建设部印发通知",
            "公司人事部负责招聘",
            "企业文化部组织活动",
            "农业农村部、生态环境部联合发文",
        ] {
            assert_eq!(found(text), [], "{text}");
        }
    }
}
