//! Unit tests of `app::editor`.

use super::layout::*;
use super::paint::invisible_marks;
use egui::text::LayoutJob;

/// A laid line without a real galley: only the index arithmetic is tested.
fn laid(
    starts: Vec<usize>,
    lens: Vec<usize>,
    breaks: Vec<usize>,
    pre: Option<(usize, usize, usize)>,
) -> Laid {
    let ctx = egui::Context::default();
    let mut galley = None;
    let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
        galley = Some(ui.fonts_mut(|f| f.layout_job(LayoutJob::default())));
    });
    out.textures_delta.clear();
    Laid {
        galley: galley.unwrap(),
        starts,
        lens,
        breaks,
        hint: false,
        ghosts: pre.into_iter().collect(),
        offset: egui::Vec2::ZERO,
        heavy: false,
        height: 0.0,
    }
}

#[test]
fn places_map_to_the_galley_and_back_across_breaks_labels_and_composition() {
    // `一是` (label, 2) + heading of 3 + paragraph of 5, broken before display 4 and 8.
    let l = laid(vec![2, 5], vec![3, 5], vec![4, 8], None);
    for (k, n) in [(0, 3), (1, 5)] {
        for off in 0..=n {
            let d = l.display(k, off);
            let back = l.place(l.display_at(l.galley_index(d)));
            // The seam of the run-in line is one place: the paragraph's start.
            let expect = if k == 0 && off == n { (1, 0) } else { (k, off) };
            assert_eq!(back, expect, "{k} {off}");
        }
    }
    // At a break, the end of the row before and the start of the next row are one place.
    assert_eq!(l.galley_index_at(4, true) + 1, l.galley_index_at(4, false));
    assert_eq!(l.display_at(l.galley_index_at(4, true)), 4);
    // A click on the label lands at the start of the first text.
    assert_eq!(l.place(1), (0, 0));
    // Composing 2 characters at offset 1 of the paragraph: the places after it move on,
    // the places inside it fall back to where it started.
    let c = laid(vec![2, 5], vec![3, 5], vec![], Some((1, 1, 2)));
    assert_eq!(c.display(1, 1), 8);
    assert_eq!(c.place(8), (1, 1));
    assert_eq!(c.place(7), (1, 1));
    assert_eq!(c.place(9), (1, 2));
    assert_eq!(c.place(5), (1, 0));
    // A returned file's inserted words (3 at offset 0 of the heading) beside the composition:
    // the places after each move on by its length, and back.
    let mut g = laid(vec![2, 8], vec![3, 5], vec![], Some((1, 1, 2)));
    g.ghosts.insert(0, (0, 0, 3));
    assert_eq!(g.display(0, 0), 5);
    assert_eq!(g.place(3), (0, 0));
    assert_eq!(g.place(5), (0, 0));
    assert_eq!(g.place(6), (0, 1));
    assert_eq!(g.display(1, 1), 11);
    assert_eq!(g.place(11), (1, 1));
    assert_eq!(g.place(12), (1, 2));
    for (k, n) in [(0, 3), (1, 5)] {
        for off in 0..=n {
            let back = g.place(g.display(k, off));
            let expect = if k == 0 && off == n { (1, 0) } else { (k, off) };
            assert_eq!(back, expect, "{k} {off}");
        }
    }
}

#[test]
fn invisible_characters_are_found_for_marking() {
    assert_eq!(
        invisible_marks("推进\u{200B}工作\u{202E}，\u{00A0}GDP"),
        [(2, false), (5, true), (7, false)]
    );
    assert!(invisible_marks("\u{3000}\u{3000}同志们，二〇二三年").is_empty());
}
