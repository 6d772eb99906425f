//! 校对词典: the user's own lists in the data folder, edited in the app — the words the
//! proofreader takes as written, and the common errors (`错 → 对`) it reports as certain.

use super::{Choice, buttons};
use crate::app::{Cmd, Modal};

/// The two lists as being edited, and what is wrong with them.
#[derive(Clone, Debug, PartialEq)]
pub struct Dictionary {
    pub words: String,
    pub errors: String,
    pub problem: Option<String>,
    /// Where the files live, shown so that the user can find them; `None`: no data folder.
    pub folder: Option<String>,
}

pub(super) fn dictionary_ui(ui: &mut egui::Ui, mut d: Box<Dictionary>) -> Choice {
    ui.heading("校对词典");
    list_ui(
        ui,
        "照写法接受的词（人名、地名、本单位用语），一行一个：",
        "dictionary-words",
        &mut d.words,
    );
    list_ui(
        ui,
        "常见错误，一行一条“错 → 对”（检查时报为必错，并给出改法）：",
        "dictionary-errors",
        &mut d.errors,
    );
    ui.small("“#”起为注释。");
    match &d.folder {
        Some(folder) => {
            ui.small(format!(
                "保存在数据文件夹 {folder} 的 proof-words.txt 与 common-errors.txt，对每篇讲稿都有效"
            ));
        }
        None => {
            ui.colored_label(
                crate::app::theme::WARNING,
                "没有数据文件夹：词典只在这次使用中有效",
            );
        }
    }
    if let Some(problem) = &d.problem {
        ui.colored_label(crate::app::theme::WARNING, problem);
    }
    match buttons(ui, &["保存", "取消"]) {
        Some(0) => match crate::store::user_lists::check_errors(&d.errors) {
            Ok(()) => Choice::run(Cmd::SaveDictionary {
                words: d.words,
                errors: d.errors,
            }),
            Err(why) => {
                d.problem = Some(why);
                Choice::Update(Modal::Dictionary(d))
            }
        },
        Some(_) => Choice::Close,
        None => Choice::Update(Modal::Dictionary(d)),
    }
}

/// One list: its label, and the text under it, scrolling past a few lines.
fn list_ui(ui: &mut egui::Ui, label: &str, id: &str, text: &mut String) {
    let l = ui.label(label);
    egui::ScrollArea::vertical()
        .id_salt(id)
        .max_height(150.0)
        .show(ui, |ui| {
            ui.add(
                egui::TextEdit::multiline(text)
                    .desired_rows(7)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id);
        });
}
