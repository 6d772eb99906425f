//! Two windows on one draft, as on a shared drive: what each sees when the other saves.
//! Driven headless through egui_kittest by the prompts' Chinese labels.
#![cfg(feature = "gui")]

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use jianggao::app::{Cmd, JianggaoApp, Modal, Options, ScriptedDialogs};
use jianggao::doc::edit::Edit;
use jianggao::doc::model::{Field, TextRef};
use jianggao::store::draft;

type Window = Harness<'static, JianggaoApp>;

/// A window on `draft`, with a data folder of its own (as another user's would be).
fn window(draft: &Path, data: PathBuf) -> Window {
    let file = Some(draft.to_owned());
    // Built first, the proofreader's tables give every window its findings from the start.
    jianggao::check::proof::warm_up();
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| {
            JianggaoApp::new(
                &cc.egui_ctx,
                Options {
                    file,
                    data_dir: Some(data),
                    dialogs: Box::new(ScriptedDialogs::default()),
                },
            )
        });
    h.run_ok();
    h
}

fn set_title(w: &mut Window, title: &str) {
    w.state_mut().push(Cmd::Edit(Edit::SetText {
        target: TextRef::Field(Field::Title),
        text: title.into(),
    }));
    w.run_ok();
}

fn save(w: &mut Window) {
    w.key_press_modifiers(Modifiers::COMMAND, Key::S);
    w.run_ok();
}

/// The window comes to the foreground.
fn focus(w: &mut Window) {
    w.event(egui::Event::WindowFocused(true));
    w.run_ok();
}

fn click(w: &mut Window, label: &str) {
    w.get_by_label(label).click();
    w.run_ok();
}

fn on_disk(path: &Path) -> String {
    draft::load(path).unwrap().title
}

fn setup() -> (tempfile::TempDir, PathBuf, Window, Window) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("共享讲话.ron");
    draft::save(&jianggao::app::sample_speech(), &path).unwrap();
    let a = window(&path, dir.path().join("甲的数据"));
    let b = window(&path, dir.path().join("乙的数据"));
    (dir, path, a, b)
}

#[test]
fn each_window_saving_in_turn_is_told_and_nothing_is_overwritten_unasked() {
    let (dir, path, mut a, mut b) = setup();
    set_title(&mut a, "甲改的标题");
    save(&mut a);
    assert_eq!(on_disk(&path), "甲改的标题");
    focus(&mut a);
    assert!(
        a.state().modal().is_none(),
        "甲's own save is no one else's"
    );

    // 乙 comes to the foreground: told, not changed.
    focus(&mut b);
    assert!(matches!(b.state().modal(), Some(Modal::ChangedOnDisk(_))));
    b.get_by_label("文件在磁盘上已被修改");
    assert_ne!(b.state().speech().title, "甲改的标题");
    click(&mut b, "重新载入");
    assert_eq!(b.state().speech().title, "甲改的标题");
    assert!(!b.state().document().is_modified());

    // 乙 saves; 甲 keeps its text and saves later: asked, with each way out.
    set_title(&mut b, "乙改的标题");
    save(&mut b);
    assert_eq!(on_disk(&path), "乙改的标题");
    focus(&mut a);
    click(&mut a, "保留当前文本");
    assert!(a.state().modal().is_none());
    focus(&mut a);
    assert!(a.state().modal().is_none(), "told once per version");
    set_title(&mut a, "甲又改的标题");
    save(&mut a);
    assert!(matches!(
        a.state().modal(),
        Some(Modal::SaveConflict { .. })
    ));
    a.get_by_label("文件已被他人修改");
    assert_eq!(on_disk(&path), "乙改的标题", "nothing written yet");
    click(&mut a, "比较");
    let Some(Modal::Compare(view)) = a.state().modal() else {
        panic!("no comparison: {:?}", a.state().modal());
    };
    assert_eq!(view.comparison.old_name, "磁盘上的版本");
    assert!(view.comparison.to_text().contains("{+甲又+}"));
    assert_eq!(on_disk(&path), "乙改的标题");
    a.state_mut().push(Cmd::Run(jianggao::app::UiCommand::Save));
    a.run_ok();
    click(&mut a, "取消");
    assert_eq!(on_disk(&path), "乙改的标题");
    save(&mut a);
    click(&mut a, "覆盖");
    assert_eq!(on_disk(&path), "甲又改的标题");
    let bak = dir.path().join("共享讲话.ron.bak");
    assert_eq!(draft::load(&bak).unwrap().title, "乙改的标题");
    assert!(!a.state().document().is_modified());

    // 乙 hears of it; from the comparison, the ways on are reloading and saving over.
    focus(&mut b);
    click(&mut b, "比较");
    assert!(matches!(b.state().modal(), Some(Modal::Compare(_))));
    assert!(
        b.query_by_label("返回版本").is_none(),
        "not a comparison of versions"
    );
    click(&mut b, "重新载入磁盘上的版本");
    assert_eq!(b.state().speech().title, "甲又改的标题");
    assert!(!b.state().document().is_modified());
    // And a save over from the comparison: 甲, told of 乙's next save, keeps its own text.
    set_title(&mut b, "乙最后的标题");
    save(&mut b);
    set_title(&mut a, "甲最后的标题");
    save(&mut a);
    click(&mut a, "比较");
    click(&mut a, "保存本窗口的文本（覆盖）");
    assert_eq!(on_disk(&path), "甲最后的标题");
    assert_eq!(draft::load(&bak).unwrap().title, "乙最后的标题");
}

#[test]
fn the_notice_waits_while_a_dialog_is_open() {
    let (_dir, path, mut a, mut b) = setup();
    set_title(&mut a, "甲改的标题");
    save(&mut a);
    b.state_mut()
        .push(Cmd::Run(jianggao::app::UiCommand::SaveVersion));
    b.run_ok();
    assert!(matches!(b.state().modal(), Some(Modal::SaveVersion { .. })));
    focus(&mut b);
    assert!(matches!(b.state().modal(), Some(Modal::SaveVersion { .. })));
    click(&mut b, "取消");
    assert!(matches!(b.state().modal(), Some(Modal::ChangedOnDisk(p)) if *p == path));
}
