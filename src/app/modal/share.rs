//! 共享…: where the office's shared speeches are, and who connects; once connected, the link's
//! state, who else is in the speech and 断开共享.

use super::{Choice, buttons};
use crate::app::{Cmd, Modal, View, theme};
use crate::session::coedit::{Address, Link};

/// The form as filled in, and why the last try failed.
#[derive(Clone, Debug, Default)]
pub struct ShareForm {
    pub address: Address,
    pub error: Option<String>,
    /// 连接 pressed: the server is being waited for.
    pub busy: bool,
}

pub(super) fn share_ui(app: &mut View, ui: &mut egui::Ui, mut form: ShareForm) -> Choice {
    ui.heading("共享讲稿");
    if let Some(c) = app.session.coedit() {
        let a = c.address();
        egui::Grid::new("share-state")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                ui.label("讲稿");
                ui.label(a.speech.trim());
                ui.end_row();
                ui.label("服务器");
                ui.label(a.server_shown());
                ui.end_row();
                ui.label("用户");
                ui.label(a.person.trim());
                ui.end_row();
                ui.label("权限");
                ui.label(if c.writable() { "可修改" } else { "只读" });
                ui.end_row();
                ui.label("连接");
                match c.link() {
                    Link::Online => ui.colored_label(theme::OK, "在线"),
                    Link::Offline(why) => ui.colored_label(theme::WARNING, format!("离线：{why}")),
                };
                ui.end_row();
                ui.label("同时在编辑");
                let names: Vec<String> = c.co_writers().iter().map(|w| w.person.clone()).collect();
                ui.label(if names.is_empty() {
                    "（没有别人）".to_owned()
                } else {
                    names.join("、")
                });
                ui.end_row();
            });
        let deleted = c.deleted();
        let mut restore = None;
        if !deleted.is_empty() {
            ui.add_space(6.0);
            ui.strong("回收站");
            ui.label("删掉的小节连同同事在里面写的字都留在这里，可以恢复。");
            egui::ScrollArea::vertical()
                .max_height(160.0)
                .show(ui, |ui| {
                    for d in &deleted {
                        ui.horizontal(|ui| {
                            let heading = if d.heading.trim().is_empty() {
                                "（无标题）"
                            } else {
                                d.heading.as_str()
                            };
                            ui.label(heading);
                            if ui.button("恢复").clicked() {
                                restore = Some(d.node);
                            }
                        });
                    }
                });
        }
        if let Some(node) = restore {
            return Choice::UpdateAndRun(Modal::Share(Box::new(form)), vec![Cmd::Restore(node)]);
        }
        ui.label("每一步都先存在本机，再发给同事；离线时照常编辑，连上后自动合并。");
        return match buttons(ui, &["关闭", "断开共享"]) {
            Some(0) => Choice::Close,
            Some(_) => Choice::run(Cmd::Disconnect),
            None => Choice::None,
        };
    }
    ui.label(
        "和同事同时编辑一篇讲稿：修改经单位的共享服务器交换，不出内网。\
         服务器上还没有这篇讲稿时，共享当前讲稿；已有时，在本窗口打开它。",
    );
    ui.add_space(4.0);
    let a = &mut form.address;
    let mut enter = false;
    // While connecting, the form is what is being tried: not to be changed.
    ui.add_enabled_ui(!form.busy, |ui| {
        egui::Grid::new("share-form")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                for (label, value, hint, secret) in [
                    (
                        "服务器地址",
                        &mut a.server,
                        "如 192.168.1.10/jianggao",
                        false,
                    ),
                    ("用户名", &mut a.person, "管理员建的用户名", false),
                    ("密码", &mut a.password, "", true),
                    ("讲稿名", &mut a.speech, "管理员授权时用的名称", false),
                ] {
                    let l = ui.label(label);
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(value)
                                .desired_width(300.0)
                                .password(secret)
                                .hint_text(hint),
                        )
                        .labelled_by(l.id);
                    enter |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    ui.end_row();
                }
            });
    });
    if let Some(e) = &form.error {
        ui.colored_label(theme::ERROR, e);
    }
    if form.busy {
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("正在连接共享服务器…");
        });
        return match buttons(ui, &["取消"]) {
            Some(_) => Choice::Close,
            None => Choice::None,
        };
    }
    let choice = buttons(ui, &["连接", "取消"]);
    if enter || choice == Some(0) {
        if let Some(missing) = form.address.missing() {
            form.error = Some(missing.to_owned());
            return Choice::Update(Modal::Share(Box::new(form)));
        }
        return Choice::run(Cmd::Connect(Box::new(form.address)));
    }
    if choice.is_some() {
        return Choice::Close;
    }
    Choice::Update(Modal::Share(Box::new(form)))
}
