//! The app's colours, in one place: what a severity, a blank, a match, an invisible character
//! and a change look like, each readable in the light and the dark theme.

use egui::Color32;

use crate::check::Severity;

/// A finding's colour: its underline in the text, its mark in the checker.
pub fn severity(s: Severity) -> Color32 {
    match s {
        Severity::Error => ERROR,
        Severity::Warning => WARNING,
        Severity::Hint => Color32::from_rgb(60, 120, 200),
    }
}

/// Errors: findings, direction and control characters.
pub const ERROR: Color32 = Color32::from_rgb(205, 45, 45);
/// Warnings: findings, invisible characters that are merely suspicious, the tree's badge.
pub const WARNING: Color32 = Color32::from_rgb(210, 125, 0);
/// "Nothing found": the checker's all-clear.
pub const OK: Color32 = Color32::from_rgb(40, 140, 60);

/// Co-writers' carets and names, one colour a person (by `CoWriter::hue`); none is the
/// warning orange or the error red.
pub const WRITERS: [Color32; 6] = [
    Color32::from_rgb(30, 110, 220),
    Color32::from_rgb(150, 60, 190),
    Color32::from_rgb(0, 140, 140),
    Color32::from_rgb(200, 50, 140),
    Color32::from_rgb(90, 120, 30),
    Color32::from_rgb(110, 80, 40),
];

/// An unfilled blank in the text: background and letters.
pub const BLANK: (Color32, Color32) = (
    Color32::from_rgb(255, 214, 102),
    Color32::from_rgb(140, 30, 0),
);
/// A find match (half transparent, so the selection shows through).
pub fn find_match() -> Color32 {
    Color32::from_rgb(120, 170, 255).gamma_multiply(0.45)
}
/// The find match on show: background and letters.
pub const CURRENT_MATCH: (Color32, Color32) = (Color32::from_rgb(255, 140, 0), Color32::BLACK);

/// The second-level headings' colour.
pub fn accent(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(150, 190, 255)
    } else {
        Color32::from_rgb(30, 70, 150)
    }
}

/// Added and removed text in a comparison.
pub fn change_marks(dark: bool) -> (Color32, Color32) {
    if dark {
        (
            Color32::from_rgb(110, 200, 140),
            Color32::from_rgb(240, 120, 110),
        )
    } else {
        (
            Color32::from_rgb(0, 110, 40),
            Color32::from_rgb(190, 30, 30),
        )
    }
}

/// A reviewer's colour, by the order reviewers first appear in a returned file: each one's
/// changes and comments in their own colour, as Word shows them.
pub fn reviewer(index: usize, dark: bool) -> Color32 {
    const LIGHT: [Color32; 5] = [
        Color32::from_rgb(190, 30, 90),
        Color32::from_rgb(20, 90, 190),
        Color32::from_rgb(20, 130, 70),
        Color32::from_rgb(130, 60, 170),
        Color32::from_rgb(180, 100, 0),
    ];
    const DARK: [Color32; 5] = [
        Color32::from_rgb(250, 120, 160),
        Color32::from_rgb(120, 170, 255),
        Color32::from_rgb(110, 210, 150),
        Color32::from_rgb(200, 150, 250),
        Color32::from_rgb(250, 180, 90),
    ];
    let set = if dark { &DARK } else { &LIGHT };
    set[index % set.len()]
}

/// The background of words a comment is on.
pub fn commented(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(110, 95, 30)
    } else {
        Color32::from_rgb(255, 240, 170)
    }
}
