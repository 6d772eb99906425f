//! The bundled CJK font (Jianggao Sans, a GB2312 subset of Noto Sans CJK SC under the OFL).
//!
//! It is added after egui's default Latin font in every family, so Latin text keeps egui's look
//! and Chinese falls through to ours; eframe's system-font provider still covers rarer
//! characters. The page has a family of its own with ours first: the quotation marks, `·` and
//! `…` that Chinese shares with Latin are full width there, as on a printed page (egui's Latin
//! font set `“”` at Latin width).

use std::sync::Arc;

const NAME: &str = "jianggao-sans";

/// The family the page is set in (made once: every line laid out at every frame names it).
pub fn page_family() -> egui::FontFamily {
    static PAGE: std::sync::LazyLock<egui::FontFamily> =
        std::sync::LazyLock::new(|| egui::FontFamily::Name("page".into()));
    PAGE.clone()
}
/// The bundled face, the one copy in the binary (the PDF falls back to it too).
static FONT: &[u8] = crate::export::pdf::BUNDLED_FONT;

/// Installs the bundled font into a context.
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts
        .font_data
        .insert(NAME.to_owned(), Arc::new(egui::FontData::from_static(FONT)));
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        let list = fonts.families.entry(family).or_default();
        let at = 1.min(list.len());
        list.insert(at, NAME.to_owned());
    }
    let mut page = fonts.families[&egui::FontFamily::Proportional].clone();
    page.retain(|f| f != NAME);
    page.insert(0, NAME.to_owned());
    fonts.families.insert(page_family(), page);
    ctx.set_fonts(fonts);
}
