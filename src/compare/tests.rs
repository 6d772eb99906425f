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
