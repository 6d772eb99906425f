//! Unit tests of `compare`.

use super::*;

#[test]
fn one_changed_character_is_that_character() {
    let long = "坚持创新目标导向，全力推动全社会研发投入保持较快增长，构建完善多元科技投入体系。";
    let changed = long.replacen("较快", "较好", 1);
    let pieces = char_diff(long, &changed);
    assert_eq!(
        pieces,
        [
            Piece::Same("坚持创新目标导向，全力推动全社会研发投入保持较".into()),
            Piece::Removed("快".into()),
            Piece::Added("好".into()),
            Piece::Same("增长，构建完善多元科技投入体系。".into()),
        ]
    );
    assert_eq!(marked(&pieces).matches("[-").count(), 1);
}

proptest::proptest! {
    /// The pieces give back both texts exactly, whatever they are.
    #[test]
    fn pieces_rebuild_both_texts(a in "[甲乙丙，。a ]{0,40}", b in "[甲乙丙，。a ]{0,40}") {
        let pieces = char_diff(&a, &b);
        let old: String = pieces.iter().filter_map(|p| match p {
            Piece::Same(t) | Piece::Removed(t) => Some(t.as_str()),
            Piece::Added(_) => None,
        }).collect();
        let new: String = pieces.iter().filter_map(|p| match p {
            Piece::Same(t) | Piece::Added(t) => Some(t.as_str()),
            Piece::Removed(_) => None,
        }).collect();
        proptest::prop_assert_eq!(old, a);
        proptest::prop_assert_eq!(new, b);
    }
}

#[test]
fn moves_are_the_pairs_out_of_order() {
    // Sections 0 1 2 3 in the old text; the new text has 0 2 3 1: section 1 moved.
    let pairs = [(0, 0), (1, 3), (2, 1), (3, 2)];
    let kept = longest_in_order(&pairs);
    assert_eq!(kept.len(), 3);
    assert!(!kept.contains(&(1, 3)));
}

/// The pieces of a coarse diff still give back both texts: past the deadline what is left is
/// one change, never a lost word.
#[test]
fn out_of_time_the_diff_is_coarse_but_whole() {
    let a = "坚持创新目标导向，全力推动全社会研发投入保持较快增长。".repeat(20);
    let b = "构建完善多元科技投入体系，提高财政资金使用效益。".repeat(20);
    let spent = Budget::new(Duration::ZERO);
    let pieces = char_diff_within(&a, &b, &spent);
    assert!(spent.ran_out.get());
    let side = |keep_added: bool| -> String {
        pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Same(t) => Some(t.as_str()),
                Piece::Added(t) if keep_added => Some(t.as_str()),
                Piece::Removed(t) if !keep_added => Some(t.as_str()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(side(false), a);
    assert_eq!(side(true), b);
    // A fine diff finds the shared characters (`，` `。` `投入`…): more pieces than a coarse one.
    let fine = char_diff(&a, &b);
    assert!(
        fine.len() > pieces.len(),
        "{} ≤ {}",
        fine.len(),
        pieces.len()
    );
}

/// A comparison that runs out of time says so, in its text too; one in time does not.
#[test]
fn a_comparison_out_of_time_says_it_is_coarse() {
    let old = crate::import::import_text(
        "讲话\n同志们：\n一、加强领导\n坚持创新目标导向。\n二、狠抓落实\n构建完善多元科技投入体系。",
    )
    .speech;
    let new = crate::import::import_text(
        "讲话\n同志们：\n一、加强领导\n坚持创新目标导向，全力推动。\n二、狠抓落实要求\n构建完善体系。",
    )
    .speech;
    let fine = compare(&old, &new, "甲", "乙");
    assert!(!fine.coarse);
    assert!(!fine.to_text().contains(COARSE_NOTE));
    let coarse = compare_within(&old, &new, "甲", "乙", Duration::ZERO);
    assert!(coarse.coarse);
    assert!(coarse.to_text().contains(COARSE_NOTE));
    // Every paragraph of the new text is still there, kept, changed or added.
    let shown: String = coarse
        .parts
        .iter()
        .flat_map(|p| &p.paragraphs)
        .map(|p| match p {
            ParaChange::Same { text } | ParaChange::Added { text } => text.clone(),
            ParaChange::Changed { pieces } => pieces
                .iter()
                .filter_map(|x| match x {
                    Piece::Same(t) | Piece::Added(t) => Some(t.as_str()),
                    Piece::Removed(_) => None,
                })
                .collect(),
            ParaChange::Removed { .. } => String::new(),
        })
        .collect();
    assert_eq!(shown, "坚持创新目标导向，全力推动。构建完善体系。");
}

#[test]
fn only_two_neighbours_trading_places_are_a_swap() {
    // 0 1 2 → 1 0 2: a swap.
    let pairs = [(0, 1), (1, 0), (2, 2)];
    let kept = longest_in_order(&pairs);
    assert_eq!(swaps(&pairs, &kept).len(), 2);
    // 0 1 2 → 2 1 0: reversed, more than a swap.
    let pairs = [(0, 2), (1, 1), (2, 0)];
    let kept = longest_in_order(&pairs);
    assert!(swaps(&pairs, &kept).is_empty());
}
