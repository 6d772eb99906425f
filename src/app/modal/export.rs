//! The export dialog (format, encoding, layout) and the blank gate that stops an export.

use super::{Choice, buttons};
use crate::app::{Cmd, Modal, View};
use crate::check::Finding;
use crate::export::docx::{Layout, ReadingSize};
use crate::export::{Encoding, Format, LineEnding};
use crate::session::ExportSettings;

pub(super) fn export_options_ui(
    app: &View,
    ui: &mut egui::Ui,
    mut settings: Box<ExportSettings>,
) -> Choice {
    ui.heading("导出");
    ui.label("格式");
    ui.radio_value(&mut settings.format, Format::Text, "纯文本（.txt）");
    ui.radio_value(&mut settings.format, Format::Docx, "Word 文档（.docx）");
    ui.radio_value(
        &mut settings.format,
        Format::Pdf,
        "PDF（.pdf，字体嵌入，与页面视图一致）",
    );
    ui.separator();
    // Both formats' options take the room of the taller (the text's), so the dialog keeps its
    // size and place when the format changes (it jumped).
    let rows = 2 + Encoding::ALL.len() + 2;
    let row = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    ui.scope(|ui| {
        ui.set_min_height(rows as f32 * row);
        format_options_ui(ui, &mut settings);
        // Within the same room: the Word options with it are still shorter than the text's.
        if settings.format == Format::Docx {
            tracked_ui(app, ui, &mut settings);
        }
    });
    match buttons(ui, &["选择位置并导出…", "取消"]) {
        Some(0) => Choice::run(Cmd::BeginExport(settings)),
        Some(_) => Choice::Close,
        None => Choice::Update(Modal::ExportOptions(settings)),
    }
}

/// The chosen format's own options: encoding and line ends, or layout and size (Word and PDF
/// share them: the same pages).
fn format_options_ui(ui: &mut egui::Ui, settings: &mut ExportSettings) {
    match settings.format {
        Format::Text => {
            ui.label("文字格式");
            for e in Encoding::ALL {
                ui.radio_value(&mut settings.options.encoding, e, e.plain_label());
            }
            // Line ends, named by the computers that expect them.
            ui.label("给哪种电脑用");
            ui.radio_value(
                &mut settings.options.line_ending,
                LineEnding::CrLf,
                LineEnding::CrLf.plain_label(),
            );
            ui.radio_value(
                &mut settings.options.line_ending,
                LineEnding::Lf,
                LineEnding::Lf.plain_label(),
            );
        }
        Format::Docx | Format::Pdf => {
            ui.label("版式");
            let reading = matches!(settings.layout, Layout::Reading(_));
            if ui
                .radio(
                    !reading,
                    "公文格式（GB/T 9704，A4，每页 22 行、每行 28 字）",
                )
                .clicked()
            {
                settings.layout = Layout::Official;
            }
            if ui
                .radio(reading, "大字念稿（领导念稿用，字大行宽）")
                .clicked()
            {
                settings.layout = Layout::Reading(settings.reading_size);
            }
            if reading {
                ui.horizontal(|ui| {
                    ui.label("字号");
                    for z in ReadingSize::ALL {
                        if ui.radio(settings.reading_size == z, z.label()).clicked() {
                            settings.reading_size = z;
                            settings.layout = Layout::Reading(z);
                        }
                    }
                });
            }
        }
    }
}

/// 标出修改: a Word file for review shows what changed since a version as Word's tracked
/// changes, by the drafter's name.
fn tracked_ui(app: &View, ui: &mut egui::Ui, settings: &mut ExportSettings) {
    let versions: Vec<&str> = app
        .speech()
        .versions
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    // A version chosen for another draft is not this one's.
    if settings
        .changes_since
        .as_deref()
        .is_some_and(|n| !versions.contains(&n))
    {
        settings.changes_since = None;
    }
    ui.separator();
    if versions.is_empty() {
        ui.label(egui::RichText::new("保存过版本后，可以把此后的修改以 Word 修订标出。").weak());
        return;
    }
    ui.horizontal(|ui| {
        ui.label("标出修改");
        let shown = settings
            .changes_since
            .as_deref()
            .map_or_else(|| "不标出".to_owned(), |v| format!("自“{v}”以来"));
        egui::ComboBox::from_id_salt("changes-since")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut settings.changes_since, None, "不标出");
                for v in versions.iter().rev() {
                    ui.selectable_value(
                        &mut settings.changes_since,
                        Some((*v).to_owned()),
                        format!("自“{v}”以来"),
                    );
                }
            });
    });
    if settings.changes_since.is_some() {
        ui.horizontal(|ui| {
            ui.label("修订人");
            ui.add(
                egui::TextEdit::singleline(&mut settings.author)
                    .hint_text("起草人")
                    .desired_width(140.0),
            );
        });
    }
}

pub(super) fn export_blocked_ui(ui: &mut egui::Ui, blanks: &[Finding]) -> Choice {
    let bidi = blanks
        .iter()
        .filter(|f| f.rule == crate::check::BIDI)
        .count();
    let others = blanks.len() - crate::check::blanks(blanks).count();
    ui.heading(if others == 0 {
        "还有待填项"
    } else {
        "还有待处理的问题"
    });
    ui.label(format!(
        "{}。导出的文本会带着这些问题交给领导。",
        crate::export::gate_summary(blanks)
    ));
    if bidi > 0 {
        ui.label("隐藏的方向符号看不见，却会让文字在别人的电脑上以另一种顺序显示。");
    }
    if others > bidi {
        ui.label("隐藏的控制符号看不见，会让别的程序读错或截断文字。");
    }
    egui::ScrollArea::vertical()
        .max_height(220.0)
        .show(ui, |ui| {
            for f in blanks {
                ui.label(format!("{}  {}", f.location, f.excerpt));
            }
        });
    match buttons(ui, &["返回修改", "仍然导出"]) {
        Some(1) => Choice::run(Cmd::ExportAnyway),
        Some(_) => Choice::Run(
            blanks
                .first()
                .and_then(|f| {
                    Some(Cmd::GoTo {
                        target: f.location.target?,
                        chars: f.location.chars.clone(),
                    })
                })
                .into_iter()
                .collect(),
        ),
        None => Choice::None,
    }
}
