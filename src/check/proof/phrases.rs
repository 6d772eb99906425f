//! Fixed phrases written wrong (`针贬时弊` → `针砭时弊`, `截止目前` → `截至目前`): a curated list,
//! `assets/proof/phrases.txt`, of forms that are wrong in any context, found in one pass.
//! Findings are errors: each is certain.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::check::hit::{Hit, hit};
use crate::check::rules::COMMON_ERROR;

static PHRASES: &str = include_str!("../../../assets/proof/phrases.txt");

struct List {
    pairs: Vec<(String, String)>,
    searcher: Option<AhoCorasick>,
}

static LIST: LazyLock<List> = LazyLock::new(|| {
    let pairs: Vec<(String, String)> = crate::check::rules::parse_error_list(PHRASES)
        .into_iter()
        .filter(|(w, r)| w != r && !w.is_empty())
        .collect();
    let searcher = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(pairs.iter().map(|(w, _)| w))
        .ok();
    List { pairs, searcher }
});

/// The list's entries (wrong, right).
pub fn entries() -> &'static [(String, String)] {
    &LIST.pairs
}

/// Finds the list's wrong forms, and 截止 before a date (`截止2023年底` → `截至`).
pub fn scan(text: &str, out: &mut Vec<Hit>) {
    let list = &*LIST;
    if let Some(searcher) = &list.searcher {
        for m in searcher.find_iter(text) {
            let (wrong, right) = &list.pairs[m.pattern().as_usize()];
            let start = text[..m.start()].chars().count();
            out.push(hit(
                COMMON_ERROR,
                start..start + wrong.chars().count(),
                format!("“{wrong}”应为“{right}”"),
                Some(right.clone()),
            ));
        }
    }
    for (b, _) in text.match_indices("截止") {
        let next = text[b + "截止".len()..].chars().next();
        if next.is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || c == '二') {
            let start = text[..b].chars().count();
            out.push(hit(
                COMMON_ERROR,
                start..start + 2,
                "时间前用“截至”（到某时为止）；“截止”是到期停止，时间在它前面".into(),
                Some("截至".into()),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, Option<String>)> {
        crate::check::hit::found_by(scan, text)
    }

    #[test]
    fn wrong_phrases_and_the_date_rule() {
        assert_eq!(
            found("要针贬时弊。"),
            [("针贬时弊".into(), Some("针砭时弊".into()))]
        );
        assert_eq!(
            found("截止目前，已完成"),
            [("截止目前".into(), Some("截至目前".into()))]
        );
        assert_eq!(
            found("截止2023年底"),
            [("截止".into(), Some("截至".into()))]
        );
        assert_eq!(
            found("截止二〇二三年底"),
            [("截止".into(), Some("截至".into()))]
        );
    }

    #[test]
    fn policies_and_regulations_are_made_with_zhiding() {
        assert_eq!(
            found("研究制订政策措施"),
            [("制订政策".into(), Some("制定政策".into()))]
        );
        assert_eq!(
            found("依法制订地方性法规"),
            [("制订地方性法规".into(), Some("制定地方性法规".into()))]
        );
        // Plans and programmes are 制订; 制定 is right with all of them.
        assert_eq!(
            found("制订工作计划，制订法律援助实施方案，制定政策，制定规章。"),
            []
        );
    }

    #[test]
    fn right_forms_are_left_alone() {
        assert_eq!(
            found("要针砭时弊，截至目前，报名截止日期是5月1日，到6月底截止。"),
            []
        );
    }

    #[test]
    fn the_list_is_well_formed() {
        assert!(entries().len() >= 100);
        for (wrong, right) in entries() {
            assert_ne!(wrong, right);
            assert!(
                !right.contains(wrong.as_str()),
                "{wrong} → {right} would be found again"
            );
        }
    }
}
