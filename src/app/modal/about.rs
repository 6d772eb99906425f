//! 帮助 → 关于讲稿: what this copy is, under which licences, and where it keeps its data.

use egui::RichText;

use super::{Choice, buttons};
use crate::app::View;

/// The program's version, as `jianggao --version` and the package give it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub(super) fn about_ui(app: &mut View, ui: &mut egui::Ui) -> Choice {
    ui.heading("讲稿 Jianggao");
    ui.label(format!("版本 {VERSION}"));
    ui.label("起草、检查、交付领导讲话稿的桌面编辑器，离线工作。");
    ui.add_space(6.0);
    ui.label(format!("许可：{}（任选其一）", env!("CARGO_PKG_LICENSE")));
    ui.label(
        "字体：Jianggao Sans，Noto Sans CJK SC 的字符子集（改名），\
         © 2014-2021 Adobe，SIL 开放字体许可 1.1（OFL）。",
    );
    ui.add_space(6.0);
    let folder = app
        .session
        .data_dir()
        .map_or_else(|| "（未使用）".to_owned(), |d| d.display().to_string());
    ui.label("数据文件夹（恢复文件、备份、最近打开；仅本人可读）：");
    ui.label(RichText::new(&folder).monospace());
    match buttons(ui, &["确定", "复制数据文件夹路径"]) {
        Some(1) => {
            ui.ctx().copy_text(folder);
            Choice::None
        }
        Some(_) => Choice::Close,
        None => Choice::None,
    }
}
