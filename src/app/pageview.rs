//! 页面视图: the speech as its pages will print, from the same layout as the PDF
//! ([`crate::export::pages`]). A click on a line goes back to the manuscript at that
//! paragraph; the layout's warnings (孤字, a heading at a page foot, a short last page) are
//! listed above the pages, each leading to its paragraph.
//!
//! Cost: the layout is made again only when the speech or the layout changes; a frame draws
//! only the pages in view, so scrolling costs the same in a long speech as in a short one.

use std::sync::Arc;

use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Stroke, StrokeKind, Vec2};

use crate::app::{Cmd, UiCommand, View};
use crate::doc::model::{ParaId, Section, SectionId, TextRef};
use crate::export::docx::Layout;
use crate::export::pages::{self, MM_PER_PT, Pages, Warning};

/// The page view's state.
pub struct PageView {
    pub layout: Layout,
    /// The layout, with the speech's state and the layout it was made for.
    laid: Option<((u64, u64, Layout), Arc<Pages>)>,
    /// A text to show the page of, on the next frame (the caret's, when the view opens).
    reveal: Option<TextRef>,
    /// Whole pages in the window's height (to see where pages break), rather than pages as
    /// wide as the window allows (to read them).
    pub whole_page: bool,
}

impl PageView {
    pub fn new(layout: Layout, reveal: Option<TextRef>) -> PageView {
        PageView {
            layout,
            laid: None,
            reveal,
            whole_page: false,
        }
    }

    /// Shows the page of a text on the next frame.
    pub fn reveal(&mut self, target: TextRef) {
        self.reveal = Some(target);
    }

    /// The pages of the speech as it is now.
    pub fn pages(&mut self, app: &View) -> Arc<Pages> {
        let key = (
            app.session.generation(),
            app.session.doc().revision(),
            self.layout,
        );
        match &self.laid {
            Some((k, p)) if *k == key => p.clone(),
            _ => {
                let p = Arc::new(pages::paginate(app.speech(), self.layout));
                self.laid = Some((key, p.clone()));
                p
            }
        }
    }
}

/// Space between pages and around them, in points.
const GAP: f32 = 16.0;
/// The widest a page is drawn.
const MAX_WIDTH: f32 = 760.0;

pub fn pages_ui(state: &mut PageView, app: &mut View, ui: &mut egui::Ui) {
    let pages = state.pages(app);
    toolbar_ui(state, app, ui, &pages);
    if !pages.warnings.is_empty() {
        warnings_ui(app, ui, &pages);
    }
    ui.separator();
    let g = pages.geometry;
    let fit_width = (ui.available_width() - 2.0 * GAP).clamp(200.0, MAX_WIDTH);
    let width = if state.whole_page {
        let fit_height = (ui.available_height() - 2.0 * GAP).max(120.0);
        (fit_height * g.page_width / g.page_height).min(fit_width)
    } else {
        fit_width
    };
    let scale = width / g.page_width;
    let height = g.page_height * scale;
    let stride = height + GAP;
    let count = pages.pages.len();
    let reveal = state.reveal.take().and_then(|target| {
        // A run-in item's first paragraph is laid out with its lead: found by the heading.
        let target = match target {
            TextRef::Paragraph(id) if !pages.paragraphs.iter().any(|p| p.at == Some(target)) => {
                TextRef::Heading(run_in_owner(&app.speech().sections, id)?)
            }
            t => t,
        };
        let line = pages
            .paragraphs
            .iter()
            .position(|p| p.at == Some(target))
            .map(|p| pages.paragraphs[p].lines.start)?;
        Some(pages.lines[line].page)
    });
    let mut scroll = egui::ScrollArea::vertical().auto_shrink([false, false]);
    if let Some(page) = reveal {
        scroll = scroll.vertical_scroll_offset(page as f32 * stride);
    }
    scroll.show_viewport(ui, |ui, viewport| {
        let full = Vec2::new(ui.available_width(), count as f32 * stride + GAP);
        let (rect, response) = ui.allocate_exact_size(full, Sense::click());
        let left = rect.left() + ((rect.width() - width) / 2.0).max(0.0);
        // Only the pages in view are drawn.
        let first = ((viewport.min.y - GAP) / stride).floor().max(0.0) as usize;
        let last = ((viewport.max.y / stride).ceil() as usize).min(count);
        let painter = ui.painter_at(rect);
        let visuals = ui.visuals();
        let paper = Color32::from_gray(if visuals.dark_mode { 235 } else { 255 });
        let ink = Color32::from_gray(20);
        let faint = visuals.weak_text_color();
        let flagged: Vec<usize> = pages
            .warnings
            .iter()
            .filter_map(|w| match w {
                Warning::LoneCharacters { paragraph, .. } => {
                    Some(pages.paragraphs[*paragraph].lines.end - 1)
                }
                Warning::HeadingAtFoot { paragraph, .. } => {
                    Some(pages.paragraphs[*paragraph].lines.end - 1)
                }
                Warning::ShortLastPage { .. } => None,
            })
            .collect();
        for k in first..last {
            let top = rect.top() + GAP + k as f32 * stride;
            let page = Rect::from_min_size(Pos2::new(left, top), Vec2::new(width, height));
            painter.rect_filled(
                page.translate(Vec2::splat(2.0)),
                2.0,
                Color32::from_black_alpha(40),
            );
            painter.rect_filled(page, 0.0, paper);
            painter.rect_stroke(
                page,
                0.0,
                Stroke::new(1.0, Color32::from_gray(180)),
                StrokeKind::Inside,
            );
            let at = |x: f32, y: f32| Pos2::new(left + x * scale, top + y * scale);
            // The type area, faintly: where 22 lines of 28 characters go.
            painter.rect_stroke(
                Rect::from_min_max(at(g.left, g.top), at(g.left + g.width, g.top + g.height)),
                0.0,
                Stroke::new(0.5, Color32::from_rgba_unmultiplied(120, 140, 200, 60)),
                StrokeKind::Outside,
            );
            painter.text(
                at(g.left + g.width, g.top / 2.0),
                Align2::RIGHT_CENTER,
                format!("第 {} 页　{} 行", k + 1, pages.lines_on(k)),
                FontId::proportional(11.0),
                faint,
            );
            let range = pages.pages[k].clone();
            for i in range {
                let line = &pages.lines[i];
                let p = &pages.paragraphs[line.paragraph];
                if flagged.contains(&i) {
                    painter.rect_filled(
                        Rect::from_min_max(
                            at(g.left, line.y),
                            at(g.left + g.width, line.y + g.line),
                        ),
                        0.0,
                        Color32::from_rgba_unmultiplied(230, 80, 60, 50),
                    );
                }
                let font =
                    FontId::new(p.size * MM_PER_PT * scale, crate::app::fonts::page_family());
                let xs = pages.xs(line);
                let mid = line.y + g.line / 2.0;
                for (j, &c) in p.chars[line.chars.clone()].iter().enumerate() {
                    // The screen has one face: 黑体 and 小标宋 are drawn twice, a hair apart,
                    // to read heavier, as they print.
                    let heavy = matches!(
                        p.face_at(line.chars.start + j),
                        pages::Face::HeiTi | pages::Face::XiaoBiaoSong
                    );
                    let pos = at(xs[j], mid);
                    for dx in if heavy { &[0.0, 0.6][..] } else { &[0.0][..] } {
                        painter.text(
                            pos + Vec2::new(*dx, 0.0),
                            Align2::LEFT_CENTER,
                            c,
                            font.clone(),
                            ink,
                        );
                    }
                }
            }
            let (folio, x, y) = pages.folio_at(k);
            painter.text(
                at(x, y + g.folio.size * MM_PER_PT / 2.0),
                Align2::LEFT_CENTER,
                folio,
                FontId::new(
                    g.folio.size * MM_PER_PT * scale,
                    crate::app::fonts::page_family(),
                ),
                ink,
            );
        }
        // The line under a point of the pages, if one (not the margins, not between pages).
        let line_at = |pos: Pos2| {
            let k = ((pos.y - rect.top() - GAP) / stride).floor();
            if k < 0.0 || k as usize >= count {
                return None;
            }
            let k = k as usize;
            let x = (pos.x - left) / scale;
            if !(g.left..g.left + g.width).contains(&x) {
                return None;
            }
            let y = (pos.y - rect.top() - GAP - k as f32 * stride) / scale;
            pages.pages[k]
                .clone()
                .find(|&i| (pages.lines[i].y..pages.lines[i].y + g.line).contains(&y))
        };
        // A click on a line goes back to its paragraph in the manuscript.
        if let Some(pos) = response.interact_pointer_pos()
            && response.clicked()
            && let Some(i) = line_at(pos)
        {
            back_to(app, &pages, pages.lines[i].paragraph);
        }
        if response.hover_pos().and_then(line_at).is_some() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        }
    });
}

/// The section whose first paragraph `id` is.
fn run_in_owner(list: &[Section], id: ParaId) -> Option<SectionId> {
    list.iter().find_map(|s| {
        if s.paragraphs.first().is_some_and(|p| p.id == id) {
            Some(s.id)
        } else {
            run_in_owner(&s.children, id)
        }
    })
}

/// Back to the manuscript at a paragraph (going there leaves the page view).
fn back_to(app: &mut View, pages: &Pages, paragraph: usize) {
    if let Some(target) = pages.paragraphs[paragraph].at {
        app.push(Cmd::GoTo {
            target,
            chars: 0..0,
        });
    }
}

fn toolbar_ui(state: &mut PageView, app: &mut View, ui: &mut egui::Ui, pages: &Pages) {
    ui.horizontal_wrapped(|ui| {
        ui.strong("页面视图");
        let reading = matches!(state.layout, Layout::Reading(_));
        if ui
            .selectable_label(!reading, "公文格式")
            .on_hover_text("GB/T 9704：A4，每页 22 行、每行 28 字")
            .clicked()
        {
            state.layout = Layout::Official;
        }
        if ui
            .selectable_label(reading, "大字念稿")
            .on_hover_text("领导念稿用：字大行宽（字号在“导出…”中选）")
            .clicked()
        {
            state.layout = Layout::Reading(app.session.export.reading_size);
        }
        ui.label(format!("共 {} 页", pages.pages.len()));
        ui.separator();
        ui.selectable_value(&mut state.whole_page, false, "适合宽度")
            .on_hover_text("页面与窗口同宽，便于阅读");
        ui.selectable_value(&mut state.whole_page, true, "整页")
            .on_hover_text("每页整页显示，便于看分页");
        ui.separator();
        if ui.button("导出 PDF…").clicked() {
            let mut settings = app.session.export.clone();
            settings.format = crate::export::Format::Pdf;
            settings.layout = state.layout;
            app.push(Cmd::BeginExport(Box::new(settings)));
        }
        if ui.button("打印…").clicked() {
            app.push(Cmd::Run(UiCommand::Print));
        }
        if ui
            .button("返回稿面")
            .on_hover_text("Alt+3；点击页面上的一行，也回到稿面的这一段")
            .clicked()
        {
            app.push(Cmd::Run(UiCommand::PageView));
        }
    });
}

fn warnings_ui(app: &mut View, ui: &mut egui::Ui, pages: &Pages) {
    egui::CollapsingHeader::new(format!("版面提示（{}）", pages.warnings.len()))
        .id_salt("page-warnings")
        .default_open(true)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("page-warnings-list")
                .max_height(120.0)
                .show(ui, |ui| {
                    for w in &pages.warnings {
                        ui.horizontal(|ui| {
                            ui.label(w.message(pages));
                            if let Some(p) = w.paragraph()
                                && ui
                                    .small_button("到稿面修改")
                                    .on_hover_text("回到稿面的这一段")
                                    .clicked()
                            {
                                back_to(app, pages, p);
                            }
                        });
                    }
                });
        });
}
