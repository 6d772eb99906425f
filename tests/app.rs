//! The real app, driven headless through egui_kittest by its Chinese labels.
#![cfg(feature = "gui")]

use std::path::PathBuf;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use jianggao::app::{DialogKind, JianggaoApp, Menu, Modal, Options, ScriptedDialogs, UiCommand};
use jianggao::doc::model::{Numbering, Speech, TextPos, TextRef};
use jianggao::doc::numbering;
use jianggao::store::{draft, recovery};

struct Fixture {
    harness: Harness<'static, JianggaoApp>,
    dialogs: ScriptedDialogs,
    dir: tempfile::TempDir,
}

fn start_with(file: Option<PathBuf>, dir: tempfile::TempDir) -> Fixture {
    let data_dir = dir.path().join("data");
    start_in(file, data_dir, dir)
}

/// A window on `file` with its recovery and recent files in `data_dir`.
fn start_in(file: Option<PathBuf>, data_dir: PathBuf, dir: tempfile::TempDir) -> Fixture {
    start_sized(file, data_dir, dir, [1280.0, 800.0])
}

/// A window of `size` on the sample speech, with a data folder of its own.
fn start_of_size(size: [f32; 2]) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    start_sized(None, dir.path().join("data"), dir, size)
}

fn start_sized(
    file: Option<PathBuf>,
    data_dir: PathBuf,
    dir: tempfile::TempDir,
    size: [f32; 2],
) -> Fixture {
    // The app builds the proofreader's tables on a thread of its own; built first, every test
    // sees the same findings from its first frame.
    jianggao::check::proof::warm_up();
    let dialogs = ScriptedDialogs::default();
    let d = dialogs.clone();
    let harness = Harness::builder().with_size(size).build_eframe(move |cc| {
        JianggaoApp::new(
            &cc.egui_ctx,
            Options {
                file,
                data_dir: Some(data_dir),
                dialogs: Box::new(d),
            },
        )
    });
    let mut f = Fixture {
        harness,
        dialogs,
        dir,
    };
    f.harness.run_ok();
    f
}

fn start() -> Fixture {
    start_with(None, tempfile::tempdir().unwrap())
}

fn blank_count(app: &JianggaoApp) -> usize {
    jianggao::check::blanks(app.findings()).count()
}

fn labels(app: &JianggaoApp) -> Vec<String> {
    let mut out = Vec::new();
    numbering::walk_labelled(app.speech(), &mut |_, l, s| {
        out.push(format!("{l}{}", s.heading));
    });
    out
}

fn top_ids(app: &JianggaoApp) -> Vec<jianggao::doc::model::SectionId> {
    app.speech().sections.iter().map(|s| s.id).collect()
}

impl Fixture {
    fn app(&self) -> &JianggaoApp {
        self.harness.state()
    }

    fn click(&mut self, label: &str) {
        self.harness.get_by_label(label).click();
        self.harness.run_ok();
    }

    fn click_tree_row(&mut self, starts_with: &str) {
        self.harness.get_by_label_contains(starts_with).click();
        self.harness.run_ok();
    }

    fn press(&mut self, modifiers: Modifiers, key: Key) {
        self.harness.key_press_modifiers(modifiers, key);
        self.harness.run_ok();
    }

    /// The title and text of the message on show.
    fn message(&self) -> (String, String) {
        match self.app().modal() {
            Some(Modal::Message { title, body }) => (title.clone(), body.clone()),
            other => panic!("expected a message, got {other:?}"),
        }
    }

    fn tree_has(&self, text: &str) -> bool {
        self.harness.query_all_by_role(Role::Button).any(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with(text))
        })
    }
}

#[test]
fn opens_the_sample_with_its_findings_and_title() {
    let f = start();
    assert_eq!(f.app().speech().title, "在*年全市科技创新工作上的讲话");
    assert_eq!(blank_count(f.app()), 14);
    assert!(f.tree_has("二、强化真抓实做"));
    let total = f.app().findings().len();
    assert!(
        total > 14,
        "the sample also has the seed's 全区/厅/抗 leftovers"
    );
    f.harness.get_by_label(&format!("检查（{total}）"));
    assert_eq!(f.app().title(), "示例讲稿 — 讲稿");
}

#[test]
fn selecting_a_section_in_the_tree() {
    let mut f = start();
    let third = top_ids(f.app())[2];
    f.click_tree_row("三、强化真抓实建");
    assert_eq!(f.app().selected(), Some(third));
}

#[test]
fn structure_edits_renumber_everywhere() {
    let mut f = start();
    f.click_tree_row("一、强化真抓实干");
    f.click("添加同级");
    assert_eq!(labels(f.app())[5], "二、新小节");
    assert!(f.tree_has("二、新小节"));
    assert!(f.tree_has("三、强化真抓实做"));
    assert!(f.app().document().is_modified());
    assert!(f.app().title().contains('●'));

    f.click("上移");
    assert!(f.tree_has("一、新小节"));
    assert!(f.tree_has("二、强化真抓实干"));

    f.click("下移");
    f.click("降级");
    // Now the last child of 一, among its lead sentences (unnumbered group).
    let first = f.app().speech().sections[0].clone();
    assert_eq!(first.children.last().unwrap().heading, "新小节");
    assert!(f.tree_has("二、强化真抓实做"), "top level renumbered back");

    f.click("升级");
    assert_eq!(f.app().speech().sections[1].heading, "新小节");

    f.press(Modifiers::ALT, Key::ArrowDown);
    assert_eq!(f.app().speech().sections[2].heading, "新小节");
    assert!(f.tree_has("三、新小节"));

    f.click("删除");
    assert!(matches!(f.app().modal(), Some(Modal::ConfirmDelete(_))));
    // The confirmation's own 删除 button is the last one with that label.
    let buttons: Vec<_> = f.harness.get_all_by_label("删除").collect();
    buttons.last().unwrap().click();
    f.harness.run_ok();
    assert!(f.app().modal().is_none());
    assert_eq!(f.app().speech().sections.len(), 4);
    assert!(f.tree_has("四、强化真抓实管"));
}

#[test]
fn undo_and_redo_a_structural_edit() {
    let mut f = start();
    f.click_tree_row("二、强化真抓实做");
    f.press(Modifiers::ALT, Key::ArrowUp);
    assert!(f.tree_has("一、强化真抓实做"));
    f.press(Modifiers::COMMAND, Key::Z);
    assert!(f.tree_has("一、强化真抓实干"));
    assert!(f.tree_has("二、强化真抓实做"));
    assert!(!f.app().document().is_modified());
    f.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert!(f.tree_has("一、强化真抓实做"));
    f.press(Modifiers::COMMAND, Key::Z);
    f.press(Modifiers::COMMAND, Key::Y);
    assert!(f.tree_has("一、强化真抓实做"));
}

fn opening_text(app: &JianggaoApp) -> String {
    app.speech().opening[0].text.clone()
}

#[test]
fn typing_and_ime_commit_reach_the_paragraph_and_undo_is_ours() {
    let mut f = start();
    let before = opening_text(f.app());
    // The checker's link puts the caret on the opening's first blank, selecting the `*`.
    f.click("开头 第1段 第4字");
    f.harness.event(egui::Event::Text("张".into()));
    f.harness.run_ok();
    f.harness
        .event(egui::Event::Ime(egui::ImeEvent::Commit("三".into())));
    f.harness.run_ok();
    f.harness.event(egui::Event::Text("，".into()));
    f.harness.run_ok();
    let after = opening_text(f.app());
    assert_eq!(after, before.replacen('*', "张三，", 1));
    assert_eq!(blank_count(f.app()), 13);
    // Typing patches the findings, counts and tree in place; they equal a full recompute.
    f.app().verify_derived().unwrap();

    // One Ctrl+Z undoes the burst through the core history (the text box's own undo would
    // leave part of it).
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(opening_text(f.app()), before);
}

#[test]
fn enter_splits_and_backspace_removes_an_empty_paragraph() {
    let mut f = start();
    let opening = opening_text(f.app());
    let len = opening.chars().count();
    let id = f.app().speech().opening[0].id;
    f.harness.state_mut().push(jianggao::app::Cmd::GoTo {
        target: TextRef::Paragraph(id),
        chars: len..len,
    });
    f.harness.run_ok();
    f.press(Modifiers::NONE, Key::Enter);
    assert_eq!(f.app().speech().opening.len(), 2);
    assert_eq!(f.app().speech().opening[1].text, "");
    // The caret is in the new paragraph: typing goes there.
    let new_id = f.app().speech().opening[1].id;
    assert_selected(&f, TextRef::Paragraph(new_id), 0..0);
    f.harness.event(egui::Event::Text("新段".into()));
    f.harness.run_ok();
    assert_eq!(f.app().speech().opening[1].text, "新段");
    f.app().verify_derived().unwrap();
    // Empty it again, then Backspace in the empty paragraph removes it.
    f.press(Modifiers::NONE, Key::Backspace);
    f.press(Modifiers::NONE, Key::Backspace);
    assert_eq!(f.app().speech().opening[1].text, "");
    f.press(Modifiers::NONE, Key::Backspace);
    assert_eq!(f.app().speech().opening.len(), 1);
    assert_eq!(f.app().speech().opening[0].text, opening);
}

/// Asserts that the manuscript has the focus and selects `chars` of `target`.
fn assert_selected(f: &Fixture, target: TextRef, chars: std::ops::Range<usize>) {
    assert_eq!(
        f.harness.ctx.memory(|m| m.focused()),
        Some(jianggao::app::editor_id()),
        "the manuscript has the focus"
    );
    let (anchor, caret) = f.app().editor_selection().expect("a caret");
    let (a, b) = if anchor.offset <= caret.offset {
        (anchor, caret)
    } else {
        (caret, anchor)
    };
    assert_eq!(a, TextPos::new(target, chars.start));
    assert_eq!(b, TextPos::new(target, chars.end));
}

#[test]
fn clicking_a_finding_lands_on_it() {
    let mut f = start();
    let finding = f.app().findings()[5].clone();
    let location = finding.location.to_string();
    f.click(&location);
    let target = finding.location.target.unwrap();
    assert_selected(&f, target, finding.location.chars.clone());
    let para = match target {
        TextRef::Paragraph(p) => p,
        _ => panic!("the sixth blank is in a paragraph"),
    };
    let (container, _) = f.app().speech().locate_paragraph(para).unwrap();
    assert_eq!(
        container,
        jianggao::doc::model::Container::Section(f.app().selected().unwrap())
    );
}

#[test]
fn filling_a_blank_from_the_panel() {
    let mut f = start();
    let field = f.harness.get_all_by_label("填入").next().unwrap();
    field.click();
    f.harness.run_ok();
    f.harness
        .get_all_by_label("填入")
        .next()
        .unwrap()
        .type_text("2023");
    f.harness.run_ok();
    f.harness.get_all_by_label("填写").next().unwrap().click();
    f.harness.run_ok();
    assert_eq!(f.app().speech().title, "在2023年全市科技创新工作上的讲话");
    assert_eq!(blank_count(f.app()), 13);
    f.app().verify_derived().unwrap();
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(f.app().speech().title, "在*年全市科技创新工作上的讲话");
}

#[test]
fn export_with_blanks_asks_first_then_writes() {
    let mut f = start();
    let out = f.dir.path().join("导出.txt");
    f.press(Modifiers::COMMAND, Key::E);
    assert!(matches!(f.app().modal(), Some(Modal::ExportOptions(_))));
    f.click("老国标 GBK（少数生僻字写不进去）");
    f.click("Windows（记事本、WPS）");
    f.click("选择位置并导出…");
    assert!(matches!(f.app().modal(), Some(Modal::ExportBlocked(b)) if b.len() == 14));
    f.harness.get_by_label("返回修改");
    f.dialogs.answer(Some(out.clone()));
    f.click("仍然导出");
    f.harness.run_ok();
    let (title, body) = f.message();
    assert_eq!(title, "导出完成");
    assert!(
        body.contains("文字格式：老国标 GBK") && body.contains("给哪种电脑用：Windows"),
        "{body}"
    );
    let bytes = std::fs::read(&out).unwrap();
    let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
    assert!(!bad);
    assert!(text.starts_with("在*年全市科技创新工作上的讲话\r\n同志们：\r\n"));
}

#[test]
fn export_gate_back_to_editing_writes_nothing() {
    let mut f = start();
    f.press(Modifiers::COMMAND, Key::E);
    f.click("选择位置并导出…");
    f.click("返回修改");
    assert!(f.app().modal().is_none());
    assert!(f.dialogs.requests().is_empty(), "no file dialog was opened");
    let first = &f.app().findings()[0].location;
    let (target, chars) = (first.target.unwrap(), first.chars.clone());
    assert_selected(&f, target, chars);
}

#[test]
fn save_through_the_dialog_and_reload_an_equal_document() {
    let mut f = start();
    f.click_tree_row("一、强化真抓实干");
    f.click("添加下级");
    let path = f.dir.path().join("我的讲话");
    f.dialogs.answer(Some(path.clone()));
    f.press(Modifiers::COMMAND, Key::S);
    f.harness.run_ok();
    let saved = path.with_extension("ron");
    assert_eq!(f.app().path(), Some(saved.as_path()));
    assert!(!f.app().document().is_modified());
    assert_eq!(f.app().title(), "我的讲话.ron — 讲稿");
    let reloaded = draft::load(&saved).unwrap();
    assert_eq!(&reloaded, f.app().speech());

    // A second save writes to the same file without asking.
    f.click("添加同级");
    f.press(Modifiers::COMMAND, Key::S);
    assert_eq!(f.dialogs.requests().len(), 1);
    assert_eq!(&draft::load(&saved).unwrap(), f.app().speech());

    // And opening it in a fresh app shows the same document.
    let g = start_with(Some(saved), tempfile::tempdir().unwrap());
    assert_eq!(g.app().speech(), f.app().speech());
}

#[test]
fn broken_draft_gives_a_readable_error_and_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("坏.ron");
    std::fs::write(&bad, "(version: 1, speech: (title: ").unwrap();
    let f = start_with(Some(bad.clone()), dir);
    let (title, body) = f.message();
    assert_eq!(title, "无法打开草稿");
    assert!(
        body.contains("第 1 行") && body.ends_with("坏.ron"),
        "{body}"
    );
    f.harness.get_by_label("确定");
    assert_eq!(
        std::fs::read_to_string(&bad).unwrap(),
        "(version: 1, speech: (title: "
    );
}

fn request_close(f: &mut Fixture) {
    f.harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    f.harness.run_ok();
}

#[test]
fn closing_with_unsaved_changes_asks() {
    let mut f = start();
    f.click_tree_row("一、强化真抓实干");
    f.click("添加同级");
    request_close(&mut f);
    assert!(matches!(f.app().modal(), Some(Modal::Unsaved(_))));
    // The prompt names the document as the title bar does.
    f.harness
        .get_by_label("“示例讲稿”有未保存的修改。要先保存吗？");
    f.harness.get_by_label("保存");
    f.harness.get_by_label("不保存");
    f.click("取消");
    assert!(f.app().modal().is_none());
    assert!(f.app().document().is_modified(), "nothing was lost");

    // 新建 asks the same question.
    f.press(Modifiers::COMMAND, Key::N);
    assert!(matches!(f.app().modal(), Some(Modal::Unsaved(_))));
    f.click("不保存");
    assert_eq!(f.app().speech(), &Speech::new());
}

#[test]
fn autosave_writes_recovery_and_next_start_restores_it() {
    let mut f = start();
    f.click_tree_row("一、强化真抓实干");
    f.click("添加同级");
    assert!(f.app().recovery_file().is_none(), "not before the pause");
    // Let the quiet period pass on the harness clock.
    for _ in 0..40 {
        f.harness.step();
    }
    f.harness.run_ok();
    let file = f
        .app()
        .recovery_file()
        .expect("recovery written after the pause");
    let r: recovery::Recovery = ron::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    assert_eq!(&r.speech, f.app().speech());
    let edited = f.app().speech().clone();

    // "Crash": drop the app without saving, then start again on the same data folder.
    let dir = std::mem::replace(&mut f.dir, tempfile::tempdir().unwrap());
    drop(f.harness);
    let mut g = start_with(None, dir);
    assert!(matches!(g.app().modal(), Some(Modal::Recover(_))));
    g.click("恢复");
    assert_eq!(g.app().speech(), &edited);
    assert!(g.app().document().is_modified());
}

#[test]
fn find_and_replace_all_is_one_undo_step() {
    let mut f = start();
    f.press(Modifiers::COMMAND, Key::H);
    // Ctrl+H opens the bar with the caret in the search box.
    f.harness.event(egui::Event::Text("全区".into()));
    f.harness.run_ok();
    f.harness.get_by_label("替换为").focus();
    f.harness.run_ok();
    f.harness.get_by_label("替换为").type_text("全市");
    f.harness.run_ok();
    f.click("全部替换");
    let count = |app: &JianggaoApp| {
        let mut n = 0;
        app.speech()
            .for_each_text(&mut |_, t| n += t.matches("全区").count());
        n
    };
    assert_eq!(count(f.app()), 0);
    f.press(Modifiers::COMMAND, Key::Z);
    assert!(count(f.app()) > 3);
}

#[test]
fn zoom_and_theme() {
    let mut f = start();
    let before = f.harness.ctx.zoom_factor();
    f.press(Modifiers::COMMAND, Key::Equals);
    assert!(f.harness.ctx.zoom_factor() > before);
    f.press(Modifiers::COMMAND, Key::Minus);
    assert!((f.harness.ctx.zoom_factor() - before).abs() < 1e-3);
    f.click("视图");
    f.click("浅色主题");
    assert_eq!(f.harness.ctx.theme(), egui::Theme::Light);
}

#[test]
fn rename_from_the_tree_and_numbering_style() {
    let mut f = start();
    f.click_tree_row("四、强化真抓实管");
    f.press(Modifiers::NONE, Key::F2);
    assert!(matches!(f.app().modal(), Some(Modal::Rename(..))));
    f.harness.get_by_label("新标题").focus();
    f.harness.run_ok();
    f.press(Modifiers::COMMAND, Key::A);
    f.harness.get_by_label("新标题").type_text("从严治党");
    f.harness.run_ok();
    f.click("确定");
    assert_eq!(f.app().speech().sections[3].heading, "从严治党");
}

#[test]
fn a_salutation_runs_over_two_lines() {
    let mut f = start();
    let salutation = TextRef::Field(jianggao::doc::model::Field::Salutation);
    let len = f.app().speech().salutation.chars().count();
    f.harness.state_mut().push(jianggao::app::Cmd::GoTo {
        target: salutation,
        chars: 0..len,
    });
    f.harness.run_ok();
    f.harness.event(egui::Event::Text("亲爱的同学们，".into()));
    f.harness.run_ok();
    f.press(Modifiers::NONE, Key::Enter);
    f.harness.event(egui::Event::Text("各位老师".into()));
    f.harness.run_ok();
    assert_eq!(f.app().speech().salutation, "亲爱的同学们，\n各位老师");
    // The line break is the author's layout: no finding, and the export keeps it.
    let findings = jianggao::check::check(f.app().speech());
    assert!(
        findings.iter().all(|x| x.rule != "control-char"),
        "{findings:?}"
    );
    let text = jianggao::export::render(f.app().speech());
    assert!(text.contains("\n亲爱的同学们，\n各位老师：\n"), "{text}");
}

#[test]
fn unnumbered_headings_are_a_numbering_style_of_their_own() {
    let mut f = start();
    assert!(f.tree_has("四、强化真抓实管"));
    f.click("一级编号");
    f.harness.get_by_label("标题（不编号）").hover();
    f.harness.run_ok();
    f.click("标题（不编号）");
    assert_eq!(f.app().speech().numbering, Numbering::Plain);
    // The headings stand without numbers; the sub-levels keep theirs.
    assert!(f.tree_has("强化真抓实管"));
    assert!(!f.tree_has("四、强化真抓实管"));
    let text = jianggao::export::render(f.app().speech());
    assert!(text.contains("\n　　强化真抓实管"), "{text}");
    f.press(Modifiers::COMMAND, Key::Z);
    assert!(f.tree_has("四、强化真抓实管"));
}

#[test]
fn drag_and_drop_in_the_tree_moves_a_section() {
    let mut f = start();
    let from = f
        .harness
        .get_by_label_contains("四、强化真抓实管")
        .rect()
        .center();
    let to = f
        .harness
        .get_by_label_contains("二、强化真抓实做")
        .rect()
        .center();
    f.harness.hover_at(from);
    f.harness.run_ok();
    f.harness.drag_at(from);
    f.harness.run_ok();
    // Move in steps so egui sees a drag, not a click.
    for k in 1..=8 {
        let t = k as f32 / 8.0;
        f.harness.hover_at(from + (to - from) * t);
        f.harness.run_ok();
    }
    f.harness.drop_at(to);
    f.harness.run_ok();
    assert!(f.tree_has("二、强化真抓实管"), "dropped before 二");
    assert!(f.tree_has("三、强化真抓实做"));
    assert!(f.tree_has("四、强化真抓实建"));
    f.press(Modifiers::COMMAND, Key::Z);
    assert!(f.tree_has("四、强化真抓实管"), "a drop is one undo step");
}

#[test]
fn typing_in_a_section_keeps_counts_and_badges_exact() {
    let mut f = start();
    // The first lead item of 一 holds four blanks; type over one of them and add text.
    let item = f.app().speech().sections[0].children[0].clone();
    let para = item.paragraphs[0].id;
    let text = item.paragraphs[0].text.clone();
    let star = text.chars().position(|c| c == '*').unwrap();
    f.harness.state_mut().push(jianggao::app::Cmd::GoTo {
        target: TextRef::Paragraph(para),
        chars: star..star + 1,
    });
    f.harness.run_ok();
    for piece in ["三", "年", "以上"] {
        f.harness.event(egui::Event::Text(piece.into()));
        f.harness.run_ok();
        f.app().verify_derived().unwrap();
    }
    assert!(f.tree_has("锚定创新发展目标强担当。"));
    assert_eq!(blank_count(f.app()), 13);
    // Editing a heading updates its tree row.
    f.harness.state_mut().push(jianggao::app::Cmd::GoTo {
        target: TextRef::Heading(item.id),
        chars: 0..0,
    });
    f.harness.run_ok();
    f.harness.event(egui::Event::Text("一要".into()));
    f.harness.run_ok();
    f.app().verify_derived().unwrap();
    assert!(f.tree_has("一要锚定创新发展目标强担当。"));
}

fn seed_path() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seed-speech-scraped.txt"
    ))
}

#[test]
fn import_a_text_file_shows_the_report_and_the_structure() {
    let mut f = start();
    f.dialogs.answer(Some(seed_path()));
    f.click("文件");
    f.click("导入文本或 Word…");
    f.harness.run_ok();
    let Some(Modal::ImportReport(report, _)) = f.app().modal() else {
        panic!("expected the import report, got {:?}", f.app().modal());
    };
    assert!(
        report.contains("重新编号（1）") && report.contains("请核对（1）"),
        "{report}"
    );
    f.click("确定");
    assert_eq!(f.app().speech().sections.len(), 4);
    assert!(f.tree_has("四、强化真抓实管"));
    assert!(
        f.app().document().is_modified(),
        "an import is not saved yet"
    );
    assert_eq!(blank_count(f.app()), 14);
}

#[test]
fn paste_a_speech_into_a_new_document() {
    let mut f = start();
    f.click("文件");
    f.click("从剪贴板新建…");
    assert!(matches!(f.app().modal(), Some(Modal::Paste(_))));
    // The box has the focus already (regression: it had to be clicked first).
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/linebroken-county.txt"
    ))
    .unwrap();
    f.harness.event(egui::Event::Paste(text));
    f.harness.run_ok();
    f.click("导入");
    assert!(matches!(f.app().modal(), Some(Modal::ImportReport(..))));
    f.click("确定");
    assert_eq!(f.app().speech().title, "在全县安全生产工作会议上的讲话");
    let heads: Vec<String> = f
        .app()
        .speech()
        .sections
        .iter()
        .map(|s| s.heading.clone())
        .collect();
    assert!(f.tree_has("二、突出抓好重点领域专项整治"), "{heads:?}");
    assert!(f.tree_has("三是抓好消防安全。"));
}

#[test]
fn adjusting_a_guessed_heading_boundary() {
    let mut f = start();
    f.dialogs.answer(Some(seed_path()));
    f.harness
        .state_mut()
        .push(jianggao::app::Cmd::Run(UiCommand::Import));
    f.harness.run_ok();
    f.click("确定");
    let id = f.app().speech().sections[0].id;
    f.harness
        .state_mut()
        .push(jianggao::app::Cmd::AdjustBoundary(id));
    f.harness.run_ok();
    f.click("多一字 ›");
    f.click("多一字 ›");
    f.click("确定");
    let sec = &f.app().speech().sections[0];
    assert!(sec.heading.ends_with("强担当党的"), "{}", sec.heading);
    assert!(sec.paragraphs[0].text.starts_with("二十大报告"));
    f.harness
        .state_mut()
        .push(jianggao::app::Cmd::AdjustBoundary(id));
    f.harness.run_ok();
    f.click("« 上一标点");
    f.click("确定");
    let sec = &f.app().speech().sections[0];
    assert_eq!(sec.heading, "强化真抓实干,");
    f.press(Modifiers::COMMAND, Key::Z);
    f.press(Modifiers::COMMAND, Key::Z);
    let sec = &f.app().speech().sections[0];
    assert!(sec.heading.ends_with("上强担当"), "{}", sec.heading);
}

/// Regression: revisions count per document, so opening a file used to keep the previous
/// document's findings and tree when both were at revision 0.
#[test]
fn opening_a_file_replaces_findings_and_tree() {
    let mut f = start();
    let mut clean = Speech::new();
    clean.title = "在全市会议上的讲话".into();
    let s = clean.new_section("加强领导".into());
    clean.sections.push(s);
    let path = f.dir.path().join("干净.ron");
    draft::save(&clean, &path).unwrap();
    f.dialogs.answer(Some(path.clone()));
    f.press(Modifiers::COMMAND, Key::O);
    f.harness.run_ok();
    assert_eq!(f.app().path(), Some(path.as_path()));
    assert!(f.app().findings().is_empty());
    f.harness.get_by_label("检查（0）");
    assert!(f.tree_has("一、加强领导"));
    assert!(!f.tree_has("二、强化真抓实做"));
}

#[test]
fn opening_a_text_file_from_the_command_line_imports_it() {
    let f = start_with(Some(seed_path()), tempfile::tempdir().unwrap());
    assert!(matches!(f.app().modal(), Some(Modal::ImportReport(..))));
    f.harness.get_by_label("导入报告");
    assert_eq!(f.app().speech().sections.len(), 4);
    assert_eq!(
        f.app().path(),
        None,
        "saving asks where: the .txt is never overwritten"
    );
    assert!(f.app().document().is_modified());
}

fn start_on(speech: &Speech) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("稿.ron");
    draft::save(speech, &path).unwrap();
    start_with(Some(path), dir)
}

fn small_speech() -> Speech {
    let mut s = Speech::new();
    s.title = "在全市工作会议上的讲话".into();
    s.opening[0].text = "全区上下要再接再励。".into();
    s
}

#[test]
fn quick_fix_and_dismiss_survive_save_and_load() {
    let mut f = start_on(&small_speech());
    let rules: Vec<&str> = f.app().findings().iter().map(|x| x.rule).collect();
    assert_eq!(rules, ["jurisdiction", "common-error"]);
    // The common error has a certain fix; the jurisdiction warning has none.
    let fixes: Vec<_> = f.harness.get_all_by_label("修正").collect();
    assert_eq!(fixes.len(), 1);
    fixes[0].click();
    f.harness.run_ok();
    assert_eq!(f.app().speech().opening[0].text, "全区上下要再接再厉。");
    f.click("忽略");
    assert!(f.app().findings().is_empty());
    f.press(Modifiers::COMMAND, Key::S);
    let path = f.app().path().unwrap().to_owned();
    let reloaded = draft::load(&path).unwrap();
    assert_eq!(reloaded.settings.dismissed.len(), 1);
    assert!(
        jianggao::check::check(&reloaded).is_empty(),
        "dismissal kept in the draft"
    );
    // Both are undoable edits.
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(f.app().findings().len(), 1);
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(f.app().speech().opening[0].text, "全区上下要再接再励。");
}

#[test]
fn rules_can_be_switched_off_and_a_length_target_set() {
    let mut f = start_on(&small_speech());
    f.click("规则…");
    assert!(matches!(f.app().modal(), Some(Modal::Settings(_))));
    // The list of rules may scroll: the row is brought into view first.
    f.harness
        .get_by_label("地域层级不一致（疑似）")
        .scroll_to_me();
    f.harness.run_ok();
    f.click("地域层级不一致（疑似）");
    f.harness.get_by_label("目标时长（分钟，0 为不设）").focus();
    f.harness.run_ok();
    f.press(Modifiers::COMMAND, Key::A);
    f.harness.event(egui::Event::Text("15".into()));
    f.harness.run_ok();
    f.press(Modifiers::NONE, Key::Tab);
    f.click("确定");
    let settings = &f.app().speech().settings;
    assert_eq!(settings.disabled_rules, ["jurisdiction"]);
    assert_eq!(settings.target_minutes, Some(15));
    let rules: Vec<&str> = f.app().findings().iter().map(|x| x.rule).collect();
    assert_eq!(rules, ["common-error"]);
    // Progress shows in the status bar and under the tree.
    assert_eq!(
        f.harness.get_all_by_label_contains("目标 15 分钟").count(),
        2
    );
}

// ---- No lost work: the unsaved-changes prompt, file dialogs that cannot open, windows ----

/// An action that first deals with unsaved changes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Action {
    New,
    Open,
    Import,
    PasteNew,
    Close,
}

const ACTIONS: [Action; 5] = [
    Action::New,
    Action::Open,
    Action::Import,
    Action::PasteNew,
    Action::Close,
];

fn trigger(f: &mut Fixture, action: Action) {
    match action {
        Action::New => f.press(Modifiers::COMMAND, Key::N),
        Action::Open => f.press(Modifiers::COMMAND, Key::O),
        Action::Import => {
            f.harness
                .state_mut()
                .push(jianggao::app::Cmd::Run(UiCommand::Import));
            f.harness.run_ok();
        }
        Action::PasteNew => {
            f.harness
                .state_mut()
                .push(jianggao::app::Cmd::Run(UiCommand::PasteNew));
            f.harness.run_ok();
        }
        Action::Close => request_close(f),
    }
}

/// Makes an edit and lets the autosave pause pass.
fn edit_and_autosave(f: &mut Fixture) -> Speech {
    f.click_tree_row("一、强化真抓实干");
    f.click("添加同级");
    for _ in 0..40 {
        f.harness.step();
    }
    f.harness.run_ok();
    assert!(f.app().recovery_file().is_some_and(|p| p.exists()));
    f.app().speech().clone()
}

/// After the follow-up action did not happen: the edits are on screen, unsaved, recoverable,
/// and closing still asks.
fn assert_still_unsaved(f: &mut Fixture, edited: &Speech, context: &str) {
    assert_eq!(f.app().speech(), edited, "{context}: edits kept");
    assert!(f.app().document().is_modified(), "{context}: still unsaved");
    assert!(
        f.app().recovery_file().is_some_and(|p| p.exists()),
        "{context}: recovery file kept"
    );
    assert!(f.app().title().contains('●'), "{context}");
}

#[test]
fn discard_then_cancelled_dialog_marks_the_document_saved() {
    for action in [Action::Open, Action::Import, Action::PasteNew] {
        let mut f = start();
        let edited = edit_and_autosave(&mut f);
        f.dialogs.answer(None);
        trigger(&mut f, action);
        assert!(matches!(f.app().modal(), Some(Modal::Unsaved(_))));
        f.click("不保存");
        if action == Action::PasteNew {
            assert!(matches!(f.app().modal(), Some(Modal::Paste(_))));
            // The pointer moves onto the new modal's button, as a hand would.
            f.harness.get_by_label("取消").hover();
            f.harness.run_ok();
            f.click("取消");
        }
        assert!(f.app().modal().is_none(), "{action:?}");
        assert_still_unsaved(&mut f, &edited, &format!("不保存 + {action:?} cancelled"));
        request_close(&mut f);
        assert!(
            matches!(f.app().modal(), Some(Modal::Unsaved(_))),
            "{action:?}: closing still asks"
        );
    }
}

#[test]
fn unsaved_prompt_composes_with_every_action() {
    for action in ACTIONS {
        // 取消: nothing happens, no dialog opens.
        let mut f = start();
        let edited = edit_and_autosave(&mut f);
        trigger(&mut f, action);
        f.click("取消");
        assert!(f.app().modal().is_none());
        assert!(f.dialogs.requests().is_empty(), "{action:?}");
        assert_still_unsaved(&mut f, &edited, &format!("取消 {action:?}"));

        // 保存 on an untitled speech, save dialog cancelled: not saved, and the action waits.
        f.dialogs.answer(None);
        trigger(&mut f, action);
        f.click("保存");
        assert_eq!(
            f.dialogs.requests().len(),
            1,
            "{action:?}: only the save dialog"
        );
        assert!(matches!(
            f.dialogs.requests()[0],
            jianggao::app::DialogKind::SaveDraft { .. }
        ));
        assert!(f.app().modal().is_none(), "{action:?}");
        assert_still_unsaved(&mut f, &edited, &format!("保存 cancelled, {action:?}"));

        // 保存 on a draft with a file, then the action's own dialog cancelled: saved, kept.
        let mut g = start_on(&small_speech());
        g.click("添加同级");
        let edited = g.app().speech().clone();
        let path = g.app().path().unwrap().to_owned();
        g.dialogs.answer(None);
        trigger(&mut g, action);
        g.click("保存");
        assert!(!g.app().document().is_modified(), "{action:?}: saved");
        assert_eq!(draft::load(&path).unwrap(), edited);
        match action {
            Action::New => assert_eq!(g.app().speech(), &Speech::new()),
            Action::Open | Action::Import => {
                assert_eq!(g.dialogs.requests().len(), 1, "{action:?}");
                assert_eq!(g.app().speech(), &edited);
            }
            Action::PasteNew => assert!(matches!(g.app().modal(), Some(Modal::Paste(_)))),
            Action::Close => assert_eq!(g.app().speech(), &edited),
        }
    }
}

/// Types into the path entry's field, replacing what it holds.
fn type_path(f: &mut Fixture, path: &std::path::Path) {
    f.harness.get_by_label("文件位置").focus();
    f.harness.run_ok();
    f.press(Modifiers::COMMAND, Key::A);
    f.harness
        .event(egui::Event::Text(path.display().to_string()));
    f.harness.run_ok();
}

#[test]
fn dialogs_that_cannot_open_do_nothing_at_all() {
    let unavailable =
        || jianggao::app::DialogAnswer::Unavailable("没有桌面门户，也没有 zenity".into());
    let mut f = start();
    f.click_tree_row("一、强化真抓实干");
    f.click("添加同级");
    f.dialogs.answer_with(unavailable());
    f.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    assert!(matches!(f.app().modal(), Some(Modal::PathEntry(_))));
    // The reason is shown, and the field starts in a folder with the suggested name.
    f.harness
        .get_by_label_contains("没有桌面门户，也没有 zenity");
    let target = f.dir.path().join("新讲话");
    type_path(&mut f, &target);
    f.click("保存");
    let saved = target.with_extension("ron");
    assert_eq!(f.app().path(), Some(saved.as_path()));
    assert!(!f.app().document().is_modified());
    assert_eq!(&draft::load(&saved).unwrap(), f.app().speech());

    // An existing file is only overwritten after a second confirmation.
    f.click("添加同级");
    f.dialogs.answer_with(unavailable());
    f.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    type_path(&mut f, &saved);
    f.click("保存");
    assert!(matches!(f.app().modal(), Some(Modal::PathEntry(_))));
    f.harness.get_by_label_contains("文件已存在");
    // Enter confirms, as the button does.
    f.press(Modifiers::NONE, Key::Enter);
    assert!(!f.app().document().is_modified());
    assert_eq!(&draft::load(&saved).unwrap(), f.app().speech());

    // Opening a file that does not exist says so and stays open.
    f.dialogs.answer_with(unavailable());
    f.press(Modifiers::COMMAND, Key::O);
    let missing = f.dir.path().join("没有这个文件.ron");
    type_path(&mut f, &missing);
    f.click("打开");
    f.harness.get_by_label_contains("找不到文件");

    // From the close prompt of an untitled speech: 保存 → path entry → saved.
    let mut g = start();
    g.click_tree_row("一、强化真抓实干");
    g.click("添加同级");
    request_close(&mut g);
    g.dialogs.answer_with(unavailable());
    g.click("保存");
    let target = g.dir.path().join("关闭前保存.ron");
    type_path(&mut g, &target);
    g.click("保存");
    assert_eq!(&draft::load(&target).unwrap(), g.app().speech());
    assert!(!g.app().document().is_modified());
}

/// A window on an existing data folder, with its own folder for files.
fn start_sharing(data: &std::path::Path) -> Fixture {
    start_in(None, data.to_owned(), tempfile::tempdir().unwrap())
}

#[test]
fn two_windows_overwrite_each_others_autosave() {
    let data = tempfile::tempdir().unwrap();
    let mut a = start_sharing(data.path());
    let mut b = start_sharing(data.path());
    let a_speech = edit_and_autosave(&mut a);
    b.click_tree_row("二、强化真抓实做");
    b.click("添加下级");
    for _ in 0..40 {
        b.harness.step();
    }
    b.harness.run_ok();
    let b_speech = b.app().speech().clone();
    assert_ne!(a_speech, b_speech);
    let read = |f: &Fixture| -> recovery::Recovery {
        let text = std::fs::read_to_string(f.app().recovery_file().unwrap()).unwrap();
        ron::from_str(&text).unwrap()
    };
    assert_ne!(a.app().recovery_file(), b.app().recovery_file());
    assert_eq!(read(&a).speech, a_speech);
    assert_eq!(read(&b).speech, b_speech);

    // Saving in one window leaves the other's autosave alone.
    let b_file = b.app().recovery_file().unwrap().to_owned();
    a.dialogs.answer(Some(a.dir.path().join("甲.ron")));
    a.press(Modifiers::COMMAND, Key::S);
    assert!(!a.app().document().is_modified());
    assert!(b_file.exists(), "b's recovery survives a's save");

    // A window started meanwhile does not offer b's live work as a crash.
    let c = start_sharing(data.path());
    assert!(c.app().modal().is_none(), "nothing crashed");
    drop(c);
    assert!(b_file.exists());

    // b crashes: the next window offers exactly b's work; 丢弃 removes only that.
    drop(b);
    let mut d = start_sharing(data.path());
    let Some(Modal::Recover(r)) = d.app().modal() else {
        panic!("b's work is offered after its crash")
    };
    assert_eq!(r.speech, b_speech);
    d.click("恢复");
    assert_eq!(d.app().speech(), &b_speech);
    assert!(d.app().document().is_modified());
}

#[test]
fn blank_gate_can_be_switched_off_in_the_rules_dialog() {
    let mut f = start();
    f.click("规则…");
    // Shown as always on; clicking it changes nothing.
    f.click("待填项（错误）");
    f.click("确定");
    assert!(f.app().speech().settings.disabled_rules.is_empty());
    assert_eq!(blank_count(f.app()), 14);
}

#[test]
fn export_over_its_own_draft_from_the_app_is_refused() {
    let mut f = start_on(&small_speech());
    let own = f.app().path().unwrap().to_owned();
    let before = std::fs::read(&own).unwrap();
    f.dialogs.answer(Some(own.clone()));
    f.press(Modifiers::COMMAND, Key::E);
    f.click("选择位置并导出…");
    let (title, body) = f.message();
    assert_eq!(title, "未能导出");
    assert!(body.contains("草稿本身"), "{body}");
    assert_eq!(std::fs::read(&own).unwrap(), before);
}

/// Someone's file at the chosen path is replaced only at the user's word, and kept as `.bak`;
/// the app's own export there is replaced again without asking.
#[test]
fn export_over_someones_file_asks_and_keeps_a_bak() {
    let mut f = start_on(&small_speech());
    let out = f.dir.path().join("领导改过的.txt");
    std::fs::write(&out, "领导的批注稿").unwrap();
    let export = |f: &mut Fixture| {
        f.dialogs.answer(Some(out.clone()));
        f.press(Modifiers::COMMAND, Key::E);
        f.click("选择位置并导出…");
    };
    export(&mut f);
    assert!(
        matches!(f.app().modal(), Some(Modal::ConfirmOverwrite(_, p)) if *p == out),
        "{:?}",
        f.app().modal()
    );
    f.harness.get_by_label_contains("不是讲稿导出的文件");
    f.click("取消");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "领导的批注稿");
    export(&mut f);
    f.click("覆盖");
    let (title, body) = f.message();
    assert_eq!(title, "导出完成");
    let bak = f.dir.path().join("领导改过的.txt.bak");
    assert!(body.contains(&bak.display().to_string()), "{body}");
    assert_eq!(std::fs::read_to_string(&bak).unwrap(), "领导的批注稿");
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("在全市"));
    // Our own export, as left: replaced without a question.
    f.click("确定");
    export(&mut f);
    assert!(
        matches!(f.app().modal(), Some(Modal::Message { title, .. }) if title == "导出完成"),
        "{:?}",
        f.app().modal()
    );
}

/// Through the app's own path entry, replacing someone's file is confirmed once there (覆盖并导出)
/// and not asked again; the old file is still kept as `.bak`.
#[test]
fn export_through_the_path_entry_asks_once_before_replacing() {
    let mut f = start_on(&small_speech());
    let out = f.dir.path().join("别人的.txt");
    std::fs::write(&out, "别人的文字").unwrap();
    f.dialogs
        .answer_with(jianggao::app::DialogAnswer::Unavailable(
            "没有 zenity".into(),
        ));
    f.press(Modifiers::COMMAND, Key::E);
    f.click("选择位置并导出…");
    type_path(&mut f, &out);
    f.click("导出");
    f.harness.get_by_label_contains("文件已存在");
    f.click("覆盖并导出");
    let Some(Modal::Message { title, .. }) = f.app().modal() else {
        panic!("expected the export report, got {:?}", f.app().modal());
    };
    assert_eq!(title, "导出完成");
    assert_eq!(
        std::fs::read_to_string(f.dir.path().join("别人的.txt.bak")).unwrap(),
        "别人的文字"
    );
}

#[test]
fn direction_controls_gate_export_and_are_fixed_not_dismissed() {
    let mut s = small_speech();
    s.opening[0].text = "方向\u{202E}控制。".into();
    let mut f = start_on(&s);
    let rules: Vec<&str> = f.app().findings().iter().map(|x| x.rule).collect();
    assert_eq!(rules, ["bidi-control"]);
    assert_eq!(
        f.harness.query_all_by_label("忽略").count(),
        0,
        "cannot be dismissed"
    );
    f.press(Modifiers::COMMAND, Key::E);
    f.click("选择位置并导出…");
    assert!(matches!(f.app().modal(), Some(Modal::ExportBlocked(_))));
    f.harness.get_by_label_contains("1 处隐藏的方向符号未删除");
    f.click("返回修改");
    f.click("修正");
    assert_eq!(f.app().speech().opening[0].text, "方向控制。");
    assert!(f.app().findings().is_empty());
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(
        f.app().speech().opening[0].text,
        "方向\u{202E}控制。",
        "undoable"
    );
}

#[test]
fn export_a_reading_copy_as_word_through_the_dialog() {
    let mut f = start();
    let out = f.dir.path().join("念稿");
    f.press(Modifiers::COMMAND, Key::E);
    f.click("Word 文档（.docx）");
    // The text options give way to the layouts.
    assert!(
        f.harness
            .query_all_by_label_contains("GBK")
            .next()
            .is_none()
    );
    f.click("大字念稿（领导念稿用，字大行宽）");
    f.click("二号");
    f.click("选择位置并导出…");
    assert!(matches!(f.app().modal(), Some(Modal::ExportBlocked(b)) if b.len() == 14));
    f.dialogs.answer(Some(out.clone()));
    f.click("仍然导出");
    f.harness.run_ok();
    assert!(
        matches!(
            &f.dialogs.requests()[..],
            [DialogKind::ExportDocx { suggested }] if suggested.ends_with(".docx")
        ),
        "{:?}",
        f.dialogs.requests()
    );
    let (title, body) = f.message();
    assert_eq!(title, "导出完成");
    assert!(body.contains("大字念稿（二号）"), "{body}");
    // The name without an extension gets .docx, and the file is the reading copy.
    let written = f.dir.path().join("念稿.docx");
    let bytes = std::fs::read(&written).unwrap();
    let text = jianggao::import::source::docx::read(&bytes).unwrap().text;
    assert!(
        text.starts_with("在*年全市科技创新工作上的讲话\n"),
        "{text}"
    );
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/styles.xml").unwrap(), &mut styles)
        .unwrap();
    assert!(styles.contains(r#"<w:sz w:val="44" />"#), "二号 body");
}

#[test]
fn import_a_word_document_through_the_menu() {
    let mut f = start();
    let path = f.dir.path().join("去年的讲话.docx");
    let mut speech = draft::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/sample-speech.ron"
    )))
    .unwrap();
    speech.title = "在2025年全市科技创新工作上的讲话".into();
    std::fs::write(
        &path,
        jianggao::export::docx::bytes(&speech, jianggao::export::docx::Layout::Official).unwrap(),
    )
    .unwrap();
    f.dialogs.answer(Some(path));
    f.click("文件");
    f.click("导入文本或 Word…");
    f.harness.run_ok();
    let Some(Modal::ImportReport(report, _)) = f.app().modal() else {
        panic!("expected the import report, got {:?}", f.app().modal());
    };
    assert!(report.contains("来源：Word 文档（.docx）"), "{report}");
    f.click("确定");
    assert_eq!(f.app().speech().title, "在2025年全市科技创新工作上的讲话");
    assert_eq!(f.app().title(), "去年的讲话.docx（导入） ● — 讲稿");
    assert_eq!(
        jianggao::export::render(f.app().speech()),
        jianggao::export::render(&speech)
    );
    assert!(
        f.app().document().is_modified(),
        "an import is not saved yet"
    );
}

#[test]
fn a_legacy_word_file_is_refused_with_what_to_do() {
    let mut f = start();
    let path = f.dir.path().join("旧稿.doc");
    std::fs::write(&path, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).unwrap();
    f.dialogs.answer(Some(path));
    f.click("文件");
    f.click("导入文本或 Word…");
    f.harness.run_ok();
    let (title, body) = f.message();
    assert_eq!(title, "无法导入");
    assert!(body.contains("另存为 .docx"), "{body}");
    assert_eq!(f.app().speech().title, "在*年全市科技创新工作上的讲话");
}

#[test]
fn save_a_version_edit_compare_it_and_export_the_comparison() {
    let mut f = start();
    f.click("文件");
    f.click("保存版本…");
    assert!(matches!(f.app().modal(), Some(Modal::SaveVersion { name, .. }) if name == "一稿"));
    // The name has the focus; Enter saves, as the button does.
    f.harness.run_ok();
    f.press(Modifiers::NONE, Key::Enter);
    assert_eq!(f.app().speech().versions.len(), 1);
    assert_eq!(f.app().speech().versions[0].name, "一稿");
    assert!(
        f.app().document().is_modified(),
        "a version is saved with the draft"
    );

    // Change one word of the opening, as the editor would.
    let para = f.app().speech().opening[0].clone();
    f.harness.state_mut().push(jianggao::app::Cmd::Edit(
        jianggao::doc::edit::Edit::SetText {
            target: TextRef::Paragraph(para.id),
            text: para.text.replacen("深刻领会", "认真领会", 1),
        },
    ));
    f.harness.run_ok();

    f.click("文件");
    f.click("版本与对比…");
    f.click("与当前对比");
    let Some(Modal::Compare(view)) = f.app().modal() else {
        panic!("expected the comparison, got {:?}", f.app().modal());
    };
    assert_eq!(view.comparison.totals().all(), 1);
    f.harness.get_by_label_contains("第 1/1 处");
    f.click("下一处");

    let out = f.dir.path().join("对照.txt");
    f.dialogs.answer(Some(out.clone()));
    f.click("导出修改对照…");
    f.harness.run_ok();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("[-深刻-]{+认真+}"), "{text}");
    assert!(text.contains("原稿：一稿（"), "{text}");
}

/// Saves a version (一稿) through the menu, then makes the edit `edit` gives for the first
/// section.
fn version_then(
    f: &mut Fixture,
    edit: impl FnOnce(jianggao::doc::model::SectionId) -> jianggao::doc::edit::Edit,
) {
    f.click("文件");
    f.click("保存版本…");
    f.click("保存版本");
    let first = f.app().speech().sections[0].id;
    f.harness
        .state_mut()
        .push(jianggao::app::Cmd::Edit(edit(first)));
    f.harness.run_ok();
}

#[test]
fn restore_a_version_from_the_list_and_undo_it() {
    let mut f = start();
    version_then(&mut f, |first| jianggao::doc::edit::Edit::DeleteSection {
        id: first,
    });
    assert_eq!(f.app().speech().sections.len(), 3);
    let edited = jianggao::export::render(f.app().speech());

    f.click("文件");
    f.click("版本与对比…");
    f.click("恢复");
    f.harness.run_ok();
    assert_eq!(f.app().speech().sections.len(), 4);
    assert!(f.tree_has("一、强化真抓实干"));
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(jianggao::export::render(f.app().speech()), edited);
    assert_eq!(f.app().speech().versions.len(), 1, "undo keeps the version");
}

/// Every occurrence of `query`, in document order.
fn occurrences(app: &JianggaoApp, query: &str) -> Vec<(TextRef, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    app.speech().for_each_text(&mut |t, text| {
        for (b, _) in text.match_indices(query) {
            let s = text[..b].chars().count();
            out.push((t, s..s + query.chars().count()));
        }
    });
    out
}

#[test]
fn enter_in_the_find_bar_goes_to_the_next_match_and_never_edits() {
    let mut f = start();
    let before = jianggao::export::render(f.app().speech());
    let all = occurrences(f.app(), "创新");
    assert!(all.len() > 3);
    f.press(Modifiers::COMMAND, Key::F);
    f.harness.event(egui::Event::Text("创新".into()));
    f.harness.run_ok();
    // Enter, Enter, Enter: the first, second and third match; Shift+Enter back to the second.
    for (k, hit) in all.iter().take(3).enumerate() {
        f.press(Modifiers::NONE, Key::Enter);
        assert_eq!(f.app().find_current(), Some(hit.clone()), "Enter {}", k + 1);
    }
    f.press(Modifiers::SHIFT, Key::Enter);
    assert_eq!(f.app().find_current(), Some(all[1].clone()));
    f.harness.get_by_label(&format!("2/{} 处", all.len()));
    assert_eq!(
        jianggao::export::render(f.app().speech()),
        before,
        "no Enter reached the text"
    );
    // Esc closes the bar and leaves the caret on the match, selected.
    f.press(Modifiers::NONE, Key::Escape);
    f.harness.run_ok();
    let (target, chars) = all[1].clone();
    assert_selected(&f, target, chars);
    assert_eq!(jianggao::export::render(f.app().speech()), before);
}

#[test]
fn replace_one_match_then_the_next() {
    let mut f = start();
    let all = occurrences(f.app(), "全区");
    assert!(all.len() >= 3, "{all:?}");
    f.press(Modifiers::COMMAND, Key::H);
    f.harness.event(egui::Event::Text("全区".into()));
    f.harness.run_ok();
    f.press(Modifiers::NONE, Key::Enter);
    f.harness.get_by_label("替换为").focus();
    f.harness.run_ok();
    f.harness.get_by_label("替换为").type_text("全市");
    f.harness.run_ok();
    f.click("替换");
    f.harness.run_ok();
    let left = occurrences(f.app(), "全区");
    assert_eq!(left.len(), all.len() - 1, "one replaced");
    assert_eq!(left[0], all[1], "the first went, the second is next");
    assert_eq!(f.app().find_current(), Some(all[1].clone()));
    f.click("替换");
    f.harness.run_ok();
    assert_eq!(occurrences(f.app(), "全区").len(), all.len() - 2);
    // Each replacement is its own undo step.
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(occurrences(f.app(), "全区").len(), all.len() - 1);
}

#[test]
fn filling_a_blank_moves_on_to_the_next_blank_and_never_fills_the_wrong_one() {
    let mut f = start();
    let opening = f.app().speech().opening[0].id;
    f.harness.get_all_by_label("填入").next().unwrap().click();
    f.harness.run_ok();
    // Typed and confirmed with Enter, one value after another, as a drafter fills a template.
    for value in ["2023", "李明", "王书记"] {
        f.harness.event(egui::Event::Text(value.into()));
        f.harness.run_ok();
        f.press(Modifiers::NONE, Key::Enter);
        f.harness.run_ok();
    }
    assert_eq!(f.app().speech().title, "在2023年全市科技创新工作上的讲话");
    let text = f
        .app()
        .speech()
        .text(TextRef::Paragraph(opening))
        .unwrap()
        .to_owned();
    assert!(
        text.starts_with("刚才，李明同志通报了全市科技创新工作考评情况，等下，王书记将作重要讲话"),
        "{text}"
    );
    assert_eq!(blank_count(f.app()), 11);
    // The focus is on the fourth blank's box, which is empty.
    let focused = f.harness.ctx.memory(|m| m.focused());
    let next = f
        .app()
        .findings()
        .iter()
        .find(|x| x.rule == "placeholder")
        .unwrap()
        .clone();
    assert_eq!(
        focused,
        Some(egui::Id::unique((
            "fill",
            (next.location.target.unwrap(), next.location.chars.start)
        )))
    );
}

#[test]
fn a_narrow_window_keeps_a_usable_editor_and_panels_fold_away() {
    let mut f = start_of_size([900.0, 600.0]);
    let harness = &mut f.harness;
    let both = harness.state().editor_width();
    assert!(both >= 0.6 * 900.0, "editor {both} px of 900");
    // Alt+1 folds the 提纲, the 检查 button the checker: the editor takes the room.
    harness.key_press_modifiers(Modifiers::ALT, Key::Num1);
    harness.run_ok();
    let no_tree = harness.state().editor_width();
    assert!(no_tree > both + 100.0, "{no_tree} vs {both}");
    harness.get_by_label("检查栏").click();
    harness.run_ok();
    let alone = harness.state().editor_width();
    assert!(alone > 850.0, "{alone}");
    // And back: Alt+1 and the 检查栏 button again.
    harness.key_press_modifiers(Modifiers::ALT, Key::Num1);
    harness.run_ok();
    harness.get_by_label("检查栏").click();
    harness.run_ok();
    assert!((harness.state().editor_width() - both).abs() < 2.0);
    // Typing does not widen the tree: its width stays bounded.
    assert!(
        harness
            .get_by_label_contains("一、强化真抓实干")
            .rect()
            .width()
            <= 0.2 * 900.0
    );
}

#[test]
fn every_shortcut_in_the_command_table_fires_its_command() {
    let mut checked = 0;
    for command in UiCommand::ALL {
        for shortcut in command.shortcuts() {
            let mut f = start();
            // Undo and redo need something to undo and redo.
            if matches!(command, UiCommand::Undo | UiCommand::Redo) {
                let title = TextRef::Field(jianggao::doc::model::Field::Title);
                f.harness.state_mut().push(jianggao::app::Cmd::Edit(
                    jianggao::doc::edit::Edit::SetText {
                        target: title,
                        text: "新标题".into(),
                    },
                ));
                f.harness.run_ok();
                if command == UiCommand::Redo {
                    f.harness
                        .state_mut()
                        .push(jianggao::app::Cmd::Run(UiCommand::Undo));
                    f.harness.run_ok();
                }
            }
            // The review panel's switch needs a returned file under review.
            if command == UiCommand::ToggleReview {
                f.harness.state_mut().push(jianggao::app::Cmd::Edit(
                    jianggao::doc::edit::Edit::LoadReview(jianggao::doc::model::review::Review {
                        source: "改稿.docx".into(),
                        ..Default::default()
                    }),
                ));
                f.harness.run_ok();
            }
            assert!(
                command.enabled(f.app().session(), f.app().selected()),
                "{command:?}"
            );
            f.harness
                .key_press_modifiers(shortcut.modifiers, shortcut.logical_key);
            f.harness.run_ok();
            assert_eq!(
                f.app().last_command(),
                Some(command),
                "{command:?} by {shortcut:?}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 24, "{checked}");
}

#[test]
fn menus_are_made_from_the_command_table() {
    let mut f = start();
    for menu in Menu::ALL {
        f.click(menu.label());
        for command in UiCommand::ALL.iter().filter(|c| c.menu() == menu) {
            // An item's accessible name is its label followed by its shortcut.
            let found = f
                .harness
                .query_all_by_label_contains(command.label())
                .any(|n| {
                    n.accesskit_node()
                        .label()
                        .is_some_and(|l| l.starts_with(command.label()))
                });
            assert!(found, "{} has {}", menu.label(), command.label());
        }
        f.press(Modifiers::NONE, Key::Escape);
    }
    // A menu item runs its command through the same table.
    f.click("小节");
    f.harness.get_by_label_contains("小节下移").click();
    f.harness.run_ok();
    assert_eq!(f.app().last_command(), Some(UiCommand::MoveDown));
    assert!(
        f.tree_has("一、强化真抓实做"),
        "the first section moved down"
    );
}

#[test]
fn the_command_palette_finds_commands_by_name_and_pinyin_initials() {
    let mut f = start();
    f.press(Modifiers::COMMAND, Key::K);
    assert!(matches!(f.app().modal(), Some(Modal::Palette { .. })));
    f.harness.event(egui::Event::Text("bcbb".into()));
    f.harness.run_ok();
    f.harness.get_by_label_contains("保存版本…");
    f.press(Modifiers::NONE, Key::Enter);
    f.harness.run_ok();
    assert_eq!(f.app().last_command(), Some(UiCommand::SaveVersion));
    assert!(matches!(f.app().modal(), Some(Modal::SaveVersion { .. })));
    f.click("取消");
    // By a part of the name, choosing the second match with Down.
    f.harness
        .key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    f.harness.run_ok();
    f.harness.event(egui::Event::Text("主题".into()));
    f.harness.run_ok();
    f.press(Modifiers::NONE, Key::ArrowDown);
    f.press(Modifiers::NONE, Key::Enter);
    f.harness.run_ok();
    assert_eq!(f.app().last_command(), Some(UiCommand::DarkTheme));
}

#[test]
fn pointing_at_a_finding_shows_its_whole_text_at_the_foot() {
    let mut f = start();
    assert!(f.app().finding_detail().is_none());
    let finding = f.app().findings()[4].clone();
    f.harness
        .get_by_label(&finding.location.to_string())
        .hover();
    f.harness.run_ok();
    let shown = f.app().finding_detail().cloned();
    assert_eq!(shown.map(|x| x.message), Some(finding.message));
}

// The manuscript editor: one caret and one selection over the whole speech.

fn caret(f: &Fixture) -> TextPos {
    f.app().editor_selection().expect("a caret").1
}

fn go(f: &mut Fixture, target: TextRef, chars: std::ops::Range<usize>) {
    f.harness
        .state_mut()
        .push(jianggao::app::Cmd::GoTo { target, chars });
    f.harness.run_ok();
}

/// Sends a clipboard event (what the platform makes of Ctrl+C / Ctrl+X) and returns what the
/// frame that handled it put on the clipboard.
fn clipboard(f: &mut Fixture, event: egui::Event) -> Vec<String> {
    f.harness.event(event);
    f.harness.step();
    let out = copied(f);
    f.harness.run_ok();
    out
}

/// What the last frame put on the clipboard.
fn copied(f: &Fixture) -> Vec<String> {
    f.harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

fn four_paragraphs() -> Speech {
    let mut s = Speech::new();
    s.title = "在全市工作会议上的讲话".into();
    s.opening[0].text = "第一段甲乙。".into();
    for t in ["第二段丙丁。", "第三段戊己。", "第四段。"] {
        let p = s.new_paragraph(t.into());
        s.opening.push(p);
    }
    let mut sec = s.new_section("总体要求".into());
    let p = s.new_paragraph("要抓好落实。".into());
    sec.paragraphs.push(p);
    s.sections.push(sec);
    let p = s.new_paragraph("谢谢大家！".into());
    s.closing.push(p);
    s
}

fn opening_texts(f: &Fixture) -> Vec<String> {
    f.app()
        .speech()
        .opening
        .iter()
        .map(|p| p.text.clone())
        .collect()
}

#[test]
fn the_caret_crosses_paragraphs_headings_and_parts_with_every_movement_key() {
    let mut f = start_on(&four_paragraphs());
    let s = f.app().speech().clone();
    let last = TextRef::Paragraph(s.opening[3].id);
    let heading = TextRef::Heading(s.sections[0].id);
    let body = TextRef::Paragraph(s.sections[0].paragraphs[0].id);
    let closing = TextRef::Paragraph(s.closing[0].id);
    go(&mut f, last, 4..4);
    // Right from the opening's end: the heading of the body's first section.
    f.press(Modifiers::NONE, Key::ArrowRight);
    assert_eq!(caret(&f), TextPos::new(heading, 0));
    f.press(Modifiers::NONE, Key::ArrowLeft);
    assert_eq!(caret(&f), TextPos::new(last, 4));
    // Down: into the heading, then its paragraph, then the closing; Up back again.
    f.press(Modifiers::NONE, Key::ArrowDown);
    assert_eq!(caret(&f).spot, jianggao::doc::model::Spot::Text(heading));
    f.press(Modifiers::NONE, Key::ArrowDown);
    assert_eq!(caret(&f).spot, jianggao::doc::model::Spot::Text(body));
    f.press(Modifiers::NONE, Key::ArrowDown);
    assert_eq!(caret(&f).spot, jianggao::doc::model::Spot::Text(closing));
    f.press(Modifiers::NONE, Key::ArrowUp);
    assert_eq!(caret(&f).spot, jianggao::doc::model::Spot::Text(body));
    // Home and End: the ends of the row.
    f.press(Modifiers::NONE, Key::End);
    assert_eq!(caret(&f), TextPos::new(body, 6));
    f.press(Modifiers::NONE, Key::Home);
    assert_eq!(caret(&f), TextPos::new(body, 0));
    // Ctrl+Home and Ctrl+End: the start and the end of the speech.
    f.press(Modifiers::COMMAND, Key::Home);
    assert_eq!(
        caret(&f),
        TextPos::new(TextRef::Field(jianggao::doc::model::Field::Title), 0)
    );
    f.press(Modifiers::COMMAND, Key::End);
    assert_eq!(caret(&f), TextPos::new(closing, 5));
    // PageUp from the end goes up by a screen: this short speech fits, so to its start.
    f.press(Modifiers::NONE, Key::PageUp);
    assert_eq!(
        caret(&f),
        TextPos::new(TextRef::Field(jianggao::doc::model::Field::Title), 0)
    );
    f.press(Modifiers::NONE, Key::PageDown);
    assert_eq!(caret(&f), TextPos::new(closing, 5));
    // Nothing moved the text.
    assert_eq!(f.app().speech(), &s);
}

#[test]
fn a_selection_over_three_paragraphs_copies_cuts_and_undoes_as_one() {
    let mut f = start_on(&four_paragraphs());
    let before = opening_texts(&f);
    let first = TextRef::Paragraph(f.app().speech().opening[0].id);
    go(&mut f, first, 3..3);
    // Shift+Down twice: from the first paragraph into the third, in the same column.
    f.press(Modifiers::SHIFT, Key::ArrowDown);
    f.press(Modifiers::SHIFT, Key::ArrowDown);
    let third = TextRef::Paragraph(f.app().speech().opening[2].id);
    assert_eq!(caret(&f), TextPos::new(third, 3));
    // Ctrl+C (the platform turns it into a copy event).
    assert_eq!(
        clipboard(&mut f, egui::Event::Copy),
        ["甲乙。\n\u{3000}\u{3000}第二段丙丁。\n\u{3000}\u{3000}第三段"]
    );
    assert_eq!(opening_texts(&f), before, "copying changes nothing");
    // Ctrl+X: the ends join, as in a word processor, in one undo step.
    assert_eq!(clipboard(&mut f, egui::Event::Cut).len(), 1);
    assert_eq!(opening_texts(&f), ["第一段戊己。", "第四段。"]);
    assert_eq!(caret(&f), TextPos::new(first, 3));
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(opening_texts(&f), before);
    // Delete over the same selection does the same; undo again.
    go(&mut f, first, 3..3);
    f.press(Modifiers::SHIFT, Key::ArrowDown);
    f.press(Modifiers::SHIFT, Key::ArrowDown);
    f.press(Modifiers::NONE, Key::Delete);
    assert_eq!(opening_texts(&f), ["第一段戊己。", "第四段。"]);
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(opening_texts(&f), before);
    f.app().verify_derived().unwrap();
}

#[test]
fn a_selection_over_a_heading_is_copied_but_not_cut() {
    let mut f = start_on(&four_paragraphs());
    let s = f.app().speech().clone();
    go(&mut f, TextRef::Paragraph(s.opening[3].id), 0..0);
    f.press(Modifiers::SHIFT, Key::ArrowDown);
    f.press(Modifiers::SHIFT, Key::ArrowDown);
    let text = &clipboard(&mut f, egui::Event::Copy)[0];
    assert!(text.contains("一、总体要求"), "{text:?}");
    f.press(Modifiers::NONE, Key::Backspace);
    assert_eq!(f.app().speech(), &s, "refused, nothing changed");
    let status = f
        .harness
        .query_by_label_contains("选区跨过了小节标题")
        .is_some();
    assert!(status, "the reason is in the status bar");
}

#[test]
fn ctrl_a_copies_the_whole_speech_as_the_plain_text_export() {
    let mut f = start();
    go(
        &mut f,
        TextRef::Field(jianggao::doc::model::Field::Title),
        0..0,
    );
    f.press(Modifiers::COMMAND, Key::A);
    let export = jianggao::export::render(f.app().speech());
    assert_eq!(
        clipboard(&mut f, egui::Event::Copy),
        [export.trim_end_matches('\n').to_owned()]
    );
}

#[test]
fn pasting_three_lines_makes_three_paragraphs() {
    let mut f = start_on(&four_paragraphs());
    let fourth = TextRef::Paragraph(f.app().speech().opening[3].id);
    go(&mut f, fourth, 0..0);
    f.harness
        .event(egui::Event::Paste("一要\n二要\r\n三要".into()));
    f.harness.run_ok();
    assert_eq!(
        opening_texts(&f),
        [
            "第一段甲乙。",
            "第二段丙丁。",
            "第三段戊己。",
            "一要",
            "二要",
            "三要第四段。"
        ]
    );
    // The caret is after the pasted text; typing goes on there.
    f.harness.event(egui::Event::Text("好".into()));
    f.harness.run_ok();
    assert_eq!(f.app().speech().opening[5].text, "三要好第四段。");
    f.press(Modifiers::COMMAND, Key::Z);
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(f.app().speech().opening.len(), 4);
    // The caret's paragraph is gone with the undo: the caret stands at the line now there,
    // and typing goes on.
    f.harness.event(egui::Event::Text("再".into()));
    f.harness.run_ok();
    let text = jianggao::export::render(f.app().speech());
    assert_eq!(text.matches('再').count(), 1, "{text}");
}

#[test]
fn input_method_composes_at_the_caret_in_a_heading_and_a_paragraph() {
    let mut f = start_on(&four_paragraphs());
    let s = f.app().speech().clone();
    let heading = TextRef::Heading(s.sections[0].id);
    let body = TextRef::Paragraph(s.sections[0].paragraphs[0].id);
    for (target, at, expect) in [
        (heading, 4, "总体要求和目标"),
        (body, 2, "要抓和目标好落实。"),
    ] {
        go(&mut f, target, at..at);
        f.harness.event(egui::Event::Ime(egui::ImeEvent::Preedit {
            text: "he mu".into(),
            active_range_chars: None,
        }));
        f.harness.run_ok();
        // Composition is shown, not yet written, and the candidate window goes to the caret.
        assert_eq!(f.app().speech().text(target), s.text(target));
        let ime = f.harness.output().platform_output.ime;
        assert!(ime.is_some_and(|i| i.cursor_rect.height() > 0.0));
        f.harness
            .event(egui::Event::Ime(egui::ImeEvent::Commit("和目标".into())));
        f.harness.run_ok();
        assert_eq!(f.app().speech().text(target), Some(expect));
        assert_eq!(caret(&f), TextPos::new(target, at + 3));
    }
}

#[test]
fn enter_in_a_heading_starts_its_first_paragraph() {
    let mut f = start_on(&four_paragraphs());
    let s = f.app().speech().clone();
    let heading = TextRef::Heading(s.sections[0].id);
    go(&mut f, heading, 4..4);
    f.press(Modifiers::NONE, Key::Enter);
    let paras = &f.app().speech().sections[0].paragraphs;
    assert_eq!(paras.len(), 2);
    assert_eq!(paras[0].text, "");
    assert_eq!(caret(&f), TextPos::new(TextRef::Paragraph(paras[0].id), 0));
    // Backspace in the empty paragraph removes it again.
    f.press(Modifiers::NONE, Key::Backspace);
    assert_eq!(f.app().speech().sections[0].paragraphs.len(), 1);
}

#[test]
fn a_keystroke_is_shown_by_the_frame_that_reads_it_and_an_idle_window_draws_nothing() {
    let mut f = start_on(&four_paragraphs());
    let first = TextRef::Paragraph(f.app().speech().opening[0].id);
    go(&mut f, first, 0..0);
    // Settled, with the caret in the text: no frame is asked for (no blinking caret).
    f.harness.step();
    let idle = f
        .harness
        .output()
        .viewport_output
        .values()
        .map(|v| v.repaint_delay)
        .min();
    assert_eq!(idle, Some(std::time::Duration::MAX), "idle");
    // The first edit also puts ● in the window title, which takes a frame of its own once.
    f.harness.event(egui::Event::Text("新".into()));
    f.harness.run_ok();
    // What egui does after any input, for a key nobody handles: the frames that follow.
    f.harness.key_press(Key::F20);
    f.harness.step();
    let egui_own = f.harness.run_ok();
    // The frame that reads a key applies it and draws it; what follows is only egui's own.
    f.harness.event(egui::Event::Text("的".into()));
    f.harness.step();
    assert_eq!(f.app().speech().opening[0].text, "新的第一段甲乙。");
    assert_eq!(f.harness.run_ok(), egui_own);
    f.harness.key_press(Key::ArrowRight);
    f.harness.step();
    assert_eq!(caret(&f), TextPos::new(first, 3));
    assert_eq!(f.harness.run_ok(), egui_own);
    assert!(egui_own.is_some_and(|n| n <= 2), "{egui_own:?}");
}

#[test]
fn pointing_at_a_finding_in_the_text_shows_its_message() {
    let mut f = start_on(&small_speech());
    f.harness
        .ctx
        .global_style_mut(|s| s.interaction.tooltip_delay = 0.0);
    let finding = f
        .app()
        .findings()
        .iter()
        .find(|x| x.rule == "common-error")
        .unwrap()
        .clone();
    let target = finding.location.target.unwrap();
    let start = finding.location.chars.start;
    go(&mut f, target, start..start);
    let caret = f.app().editor_caret_rect().expect("the caret is drawn");
    // The tooltip says the severity and the message (the checker row shows them apart).
    let tip = format!("{}：{}", finding.severity.label(), finding.message);
    assert!(
        f.harness.query_by_label(&tip).is_none(),
        "not before pointing"
    );
    // Half a character to the right of the caret: on the finding's first character.
    f.harness.hover_at(caret.center() + egui::vec2(8.0, 0.0));
    f.harness.run_ok();
    f.harness.step();
    assert!(
        f.harness.query_by_label(&tip).is_some(),
        "the message shows: {tip}"
    );
}

/// 帮助 → 关于讲稿 says which version this is, under which licences, and where the data is.
#[test]
fn about_names_the_version_the_licences_and_the_data_folder() {
    let mut f = start();
    f.click("帮助");
    f.click("关于讲稿…");
    assert!(matches!(f.app().modal(), Some(Modal::About)));
    f.harness
        .get_by_label(&format!("版本 {}", env!("CARGO_PKG_VERSION")));
    f.harness.get_by_label_contains("MIT OR Apache-2.0");
    f.harness.get_by_label_contains("SIL 开放字体许可 1.1");
    let data = f.dir.path().join("data").display().to_string();
    f.harness.get_by_label(&data);
    f.click("确定");
    assert!(f.app().modal().is_none());
}

/// Regression: 保存版本 kept the version in memory only and said 已保存版本; closing with 不保存
/// threw it away without a word. Now the version is written with the draft at once.
#[test]
fn saving_a_version_writes_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("讲话.ron");
    draft::save(&jianggao::app::sample_speech(), &path).unwrap();
    let mut f = start_with(Some(path.clone()), dir);
    f.click("文件");
    f.click("保存版本…");
    f.click("保存版本");
    assert_eq!(draft::load(&path).unwrap().versions[0].name, "一稿");
    assert!(!f.app().document().is_modified());
    // The status says both: the version, and the draft written.
    f.harness.get_by_label_contains("已保存版本“一稿”；已保存");
}

/// An untitled speech's version waits for a path; if the user does not give one, closing says
/// which versions 不保存 would lose.
#[test]
fn the_unsaved_prompt_names_the_versions_that_would_be_lost() {
    let mut f = start();
    f.click("文件");
    f.click("保存版本…");
    f.click("保存版本");
    assert!(
        matches!(
            f.dialogs.requests().last(),
            Some(DialogKind::SaveDraft { .. })
        ),
        "an untitled speech asks where"
    );
    assert!(f.app().document().is_modified(), "the dialog was cancelled");
    f.harness.get_by_label_contains("保存草稿后才会留下");
    f.press(Modifiers::COMMAND, Key::N);
    assert!(matches!(f.app().modal(), Some(Modal::Unsaved(_))));
    f.harness
        .get_by_label_contains("其中版本“一稿”还没有写入草稿，不保存就会丢失。");
}

/// Regression: a document opened after another showed at the old one's scroll position, so its
/// top (title, salutation) was out of view.
#[test]
fn a_newly_opened_document_starts_at_its_top() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("另一篇.ron");
    draft::save(&jianggao::app::sample_speech(), &other).unwrap();
    let mut f = start_with(None, dir);
    let last = f.app().speech().closing.last().unwrap().id;
    f.harness
        .state_mut()
        .push(jianggao::app::Cmd::Reveal(TextRef::Paragraph(last)));
    f.harness.run_ok();
    assert!(
        f.app().editor_offset() > 500.0,
        "{}",
        f.app().editor_offset()
    );
    f.harness
        .state_mut()
        .push(jianggao::app::Cmd::OpenPath(other));
    f.harness.run_ok();
    assert_eq!(f.app().path().unwrap().file_name().unwrap(), "另一篇.ron");
    assert_eq!(f.app().editor_offset(), 0.0);
}

/// Regression: the path entry kept the last entry's caret, so typing landed inside the new
/// default name (`…讲|话.txt`). Now the name is selected for a file to write, as in a save
/// dialog, and the caret is at the end for a file to read.
#[test]
fn the_path_entry_selects_the_name_to_type_over() {
    let unavailable = || jianggao::app::DialogAnswer::Unavailable("没有对话框".into());
    let mut f = start();
    for _ in 0..2 {
        f.dialogs.answer_with(unavailable());
        f.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
        let Some(Modal::PathEntry(entry)) = f.app().modal() else {
            panic!("no path entry: {:?}", f.app().modal());
        };
        let folder = std::path::Path::new(&entry.text)
            .parent()
            .unwrap()
            .to_owned();
        f.harness.event(egui::Event::Text("新名".into()));
        f.harness.run_ok();
        let Some(Modal::PathEntry(entry)) = f.app().modal() else {
            panic!("no path entry");
        };
        assert_eq!(entry.text, folder.join("新名.ron").display().to_string());
        f.click("取消");
    }
    f.dialogs.answer_with(unavailable());
    f.press(Modifiers::COMMAND, Key::O);
    let Some(Modal::PathEntry(entry)) = f.app().modal() else {
        panic!("no path entry");
    };
    let before = entry.text.clone();
    f.harness.event(egui::Event::Text("稿.ron".into()));
    f.harness.run_ok();
    let Some(Modal::PathEntry(entry)) = f.app().modal() else {
        panic!("no path entry");
    };
    assert_eq!(entry.text, format!("{before}稿.ron"));
}

/// Regression: Esc did not close dialogs. It cancels them now, as in any desktop dialog;
/// an answer that is needed (restore or discard a crashed window's work) still waits.
#[test]
fn escape_cancels_a_dialog() {
    let mut f = start();
    f.click_tree_row("一、强化真抓实干");
    f.click("添加同级");
    let sections = f.app().speech().sections.len();
    // The unsaved-changes prompt: Esc is 取消, nothing happens.
    f.press(Modifiers::COMMAND, Key::N);
    assert!(matches!(f.app().modal(), Some(Modal::Unsaved(_))));
    f.press(Modifiers::NONE, Key::Escape);
    assert!(f.app().modal().is_none());
    assert_eq!(f.app().speech().sections.len(), sections);
    assert!(f.app().document().is_modified());
    // The export dialog.
    f.press(Modifiers::COMMAND, Key::E);
    assert!(matches!(f.app().modal(), Some(Modal::ExportOptions(_))));
    f.press(Modifiers::NONE, Key::Escape);
    assert!(f.app().modal().is_none());
    // Renaming, with the focus in its text box: nothing renamed.
    let id = f.app().selected().unwrap();
    let heading = f.app().speech().section(id).unwrap().heading.clone();
    f.press(Modifiers::NONE, Key::F2);
    assert!(matches!(f.app().modal(), Some(Modal::Rename(r, _)) if *r == id));
    f.harness.event(egui::Event::Text("改".into()));
    f.harness.run_ok();
    assert!(matches!(f.app().modal(), Some(Modal::Rename(_, t)) if t.ends_with('改')));
    f.press(Modifiers::NONE, Key::Escape);
    assert!(f.app().modal().is_none());
    assert_eq!(f.app().speech().section(id).unwrap().heading, heading);
}

/// Regression: at 1024 × 600 both side panels kept 300 px and the text column held about
/// 13 字. The panels share what a column of 28 字 leaves.
#[test]
fn at_1024_px_the_text_column_keeps_28_characters() {
    // And a 4K screen (regression: the layout panicked past 2100 px).
    for (w, h) in [(1024.0, 600.0), (1366.0, 768.0), (3840.0, 2160.0)] {
        let f = start_of_size([w, h]);
        let harness = &f.harness;
        let chars = harness.state().editor_column_chars();
        assert!(chars >= 28.0, "{chars:.1} 字 at {w} px");
        // Both panels are still there.
        harness.get_by_label("提纲");
        harness.get_by_label_contains("检查（");
    }
}

/// Regression: the first start was dark (office software is light unless the system says
/// otherwise), and the theme menu showed no tick.
#[test]
fn the_first_start_is_light_and_the_menu_ticks_the_theme() {
    let mut f = start();
    // The harness sets a theme of its own, as a system would; without one, light is used.
    assert_eq!(
        f.harness.ctx.options(|o| o.fallback_theme),
        egui::Theme::Light
    );
    f.click("视图");
    f.click("浅色主题");
    f.click("视图");
    let light = f.harness.get_by_label("浅色主题");
    assert_eq!(
        light.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True)
    );
    f.click("深色主题");
    assert_eq!(f.harness.ctx.theme(), egui::Theme::Dark);
    f.click("视图");
    let dark = f.harness.get_by_label("深色主题");
    assert_eq!(
        dark.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True)
    );
}

/// Regression: undo and redo changed the text where the user could not see it: the view stayed
/// and the caret did not move. Now the change is scrolled to and selected, as in Word.
#[test]
fn undo_and_redo_show_and_select_what_changed() {
    let mut f = start();
    let last = f.app().speech().closing.last().unwrap().clone();
    f.harness.state_mut().push(jianggao::app::Cmd::Edit(
        jianggao::doc::edit::Edit::SetText {
            target: TextRef::Paragraph(last.id),
            text: format!("{}谢谢大家！", last.text),
        },
    ));
    f.harness.run_ok();
    f.harness
        .state_mut()
        .push(jianggao::app::Cmd::Reveal(TextRef::Field(
            jianggao::doc::model::Field::Title,
        )));
    f.harness.run_ok();
    assert!(f.app().editor_offset() < 100.0, "at the top");
    let end = last.text.chars().count();
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(f.app().speech().closing.last().unwrap().text, last.text);
    assert!(f.app().editor_offset() > 500.0, "scrolled to the change");
    let at = TextPos::new(TextRef::Paragraph(last.id), end);
    assert_eq!(
        f.app().editor_selection(),
        Some((at, at)),
        "the caret where text went"
    );
    f.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    let selected = (at, TextPos::new(TextRef::Paragraph(last.id), end + 5));
    assert_eq!(
        f.app().editor_selection(),
        Some(selected),
        "the text that came back"
    );
}

/// Regression: find started at the top of the speech, not at the caret, and the 提纲 did not
/// follow the caret when keys moved it into another section.
#[test]
fn find_starts_at_the_caret_and_the_outline_follows_it() {
    let mut f = start();
    // The caret at the end of the last text of 一、's last part; → moves into 二、's heading.
    let first = f.app().speech().sections[0].clone();
    let last_child = first.children.last().unwrap();
    let para = last_child.paragraphs.last().unwrap();
    let end = para.text.chars().count();
    f.harness.state_mut().push(jianggao::app::Cmd::GoTo {
        target: TextRef::Paragraph(para.id),
        chars: end..end,
    });
    f.harness.run_ok();
    assert_eq!(f.app().selected(), Some(last_child.id));
    f.press(Modifiers::NONE, Key::ArrowRight);
    let second = f.app().speech().sections[1].id;
    assert_eq!(
        f.app().editor_selection().map(|(_, c)| c),
        Some(TextPos::new(TextRef::Heading(second), 0))
    );
    assert_eq!(
        f.app().selected(),
        Some(second),
        "the 提纲 follows the caret"
    );

    // 全区 occurs in 一、 (before the caret) and later: the first search finds the later one.
    f.press(Modifiers::COMMAND, Key::F);
    f.harness.event(egui::Event::Text("科技".into()));
    f.harness.run_ok();
    f.press(Modifiers::NONE, Key::Enter);
    let (target, _) = f.app().find_current().expect("a match");
    let mut order = Vec::new();
    f.app().speech().for_each_text(&mut |t, _| order.push(t));
    let at = |t: TextRef| order.iter().position(|x| *x == t).unwrap();
    assert!(at(target) >= at(TextRef::Heading(second)), "{target:?}");
    assert!(
        f.app().speech().sections[0].heading.contains("科技")
            || first.paragraphs.iter().any(|p| p.text.contains("科技")),
        "the query also occurs before the caret"
    );
}

/// Regression: the menus wrote `Ctrl+Equals`, `Ctrl+Minus` and `Alt+ArrowUp`.
#[test]
fn menus_write_shortcuts_as_windows_does() {
    let mut f = start();
    // The menus draw them (a glyph the font lacks would fail here).
    f.click("小节");
    f.harness.get_by_label_contains("小节上移");
    f.click("视图");
    let ctx = &f.harness.ctx;
    if cfg!(target_os = "macos") {
        return;
    }
    assert_eq!(UiCommand::ZoomIn.shortcut_text(ctx), "Ctrl+=");
    assert_eq!(UiCommand::ZoomOut.shortcut_text(ctx), "Ctrl+-");
    assert_eq!(UiCommand::MoveUp.shortcut_text(ctx), "Alt+↑");
    assert_eq!(UiCommand::SaveAs.shortcut_text(ctx), "Ctrl+Shift+S");
    assert_eq!(UiCommand::Rename.shortcut_text(ctx), "F2");
    assert_eq!(UiCommand::ToggleTree.shortcut_text(ctx), "Alt+1");
}

/// Regression: a refusal was a plain status line (a WPS user thought the key did nothing), and
/// old messages stayed over later actions. A refusal now reads 未执行, and the next edit clears
/// the line.
#[test]
fn a_refusal_says_so_and_the_next_edit_clears_the_status() {
    let mut f = start();
    let first = f.app().speech().opening[0].clone();
    f.harness.state_mut().push(jianggao::app::Cmd::Edit(
        jianggao::doc::edit::Edit::MergeWithPrevious { para: first.id },
    ));
    f.harness.run_ok();
    f.harness.get_by_label_contains("未执行：");
    f.harness.state_mut().push(jianggao::app::Cmd::Edit(
        jianggao::doc::edit::Edit::SetText {
            target: TextRef::Paragraph(first.id),
            text: format!("{}。", first.text),
        },
    ));
    f.harness.run_ok();
    assert!(f.harness.query_by_label_contains("未执行：").is_none());
    // The same for any message: 已新建 goes with the first edit after it.
    f.press(Modifiers::COMMAND, Key::N);
    f.click("不保存");
    f.harness.get_by_label_contains("已新建");
    f.click("添加同级");
    assert!(f.harness.query_by_label_contains("已新建").is_none());
}

/// Regression: 编辑 had no 剪切 / 复制 / 粘贴 / 全选. From the menu they do what their keys do.
#[test]
fn the_edit_menu_cuts_copies_and_selects_all() {
    let mut f = start_on(&four_paragraphs());
    let second = TextRef::Paragraph(f.app().speech().opening[1].id);
    go(&mut f, second, 1..3);
    let menu_copy = |f: &mut Fixture, label: &str| {
        f.harness.get_by_label("编辑").click();
        f.harness.run_ok();
        // A menu item's label carries its shortcut (`复制 Ctrl+C`).
        f.harness.get_by_label_contains(label).click();
        // The frame of the click queues it; the next one runs it as the key would.
        f.harness.step();
        f.harness.step();
        let out = copied(f);
        f.harness.run_ok();
        out
    };
    assert_eq!(menu_copy(&mut f, "复制"), ["二段"]);
    assert_eq!(menu_copy(&mut f, "剪切"), ["二段"]);
    assert_eq!(f.app().speech().opening[1].text, "第丙丁。");
    f.harness.get_by_label("编辑").click();
    f.harness.run_ok();
    f.harness.get_by_label_contains("全选").click();
    f.harness.run_ok();
    let export = jianggao::export::render(f.app().speech());
    assert_eq!(
        clipboard(&mut f, egui::Event::Copy),
        [export.trim_end_matches('\n').to_owned()]
    );
    // 粘贴 asks the platform for the clipboard (it answers with a paste event).
    f.harness.get_by_label("编辑").click();
    f.harness.run_ok();
    f.harness
        .get_all_by_label_contains("粘贴")
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| !l.contains("去掉编号"))
        })
        .expect("粘贴")
        .click();
    f.harness.step();
    let asked = f.harness.output().viewport_output.values().any(|v| {
        v.commands
            .iter()
            .any(|c| matches!(c, egui::ViewportCommand::RequestPaste))
    });
    assert!(asked);
}

/// Regression: a paragraph cut and pasted back came in with the copied indent (`　　`) as text:
/// indented twice on the page, and unlike the export.
#[test]
fn a_paragraph_cut_and_pasted_keeps_one_indent() {
    let mut f = start_on(&four_paragraphs());
    let second = f.app().speech().opening[1].clone();
    let n = second.text.chars().count();
    go(&mut f, TextRef::Paragraph(second.id), 0..n);
    let cut = clipboard(&mut f, egui::Event::Cut);
    assert_eq!(
        cut,
        ["\u{3000}\u{3000}第二段丙丁。"],
        "a copy carries the indent"
    );
    let fourth = TextRef::Paragraph(f.app().speech().opening[2].id);
    go(&mut f, fourth, 0..0);
    f.harness.event(egui::Event::Paste(cut[0].clone()));
    f.harness.run_ok();
    assert!(
        opening_texts(&f)
            .iter()
            .any(|t| t.starts_with("第二段丙丁。")),
        "{:?}",
        opening_texts(&f)
    );
    assert!(opening_texts(&f).iter().all(|t| !t.starts_with('\u{3000}')));
}

/// Regression: the export format, encoding and line ends, the theme and the text size were
/// forgotten at every start.
#[test]
fn settings_set_once_are_found_at_the_next_start() {
    let data = tempfile::tempdir().unwrap();
    let mut f = start_sharing(data.path());
    f.click("视图");
    // A menu item's label carries its shortcut.
    f.harness.get_by_label_contains("放大字号").click();
    f.harness.run_ok();
    f.click("视图");
    f.click("深色主题");
    let mut settings = f.app().session_export_settings();
    settings.format = jianggao::export::Format::Docx;
    settings.layout =
        jianggao::export::docx::Layout::Reading(jianggao::export::docx::ReadingSize::default());
    settings.options.encoding = jianggao::export::Encoding::Gb18030;
    settings.options.line_ending = jianggao::export::LineEnding::CrLf;
    f.harness
        .state_mut()
        .push(jianggao::app::Cmd::BeginExport(Box::new(settings.clone())));
    f.harness.run_ok();
    drop(f);

    let g = start_sharing(data.path());
    assert_eq!(g.app().session_export_settings(), settings);
    assert!((g.harness.ctx.zoom_factor() - 1.1).abs() < 1e-3);
    let kept = std::fs::read_to_string(data.path().join("settings.json")).unwrap();
    assert!(kept.contains("\"Dark\""), "{kept}");
}

/// Regression: there was no 字数 for a selection. The status bar shows it beside the total.
#[test]
fn the_status_bar_counts_the_selection() {
    let mut f = start_on(&four_paragraphs());
    let second = TextRef::Paragraph(f.app().speech().opening[1].id);
    go(&mut f, second, 0..5);
    f.harness.get_by_label_contains("选中 5 字 / 共");
    go(&mut f, second, 2..2);
    assert!(f.harness.query_by_label_contains("选中").is_none());
    f.harness.get_by_label_contains("字数 ");
}

/// Regression: each certain fix had to be clicked one by one. 全部修正 fixes every one of a
/// rule, as one undo step.
#[test]
fn fix_all_of_a_rule_is_one_undo_step() {
    let mut speech = four_paragraphs();
    speech.opening[0].text = "第一段,甲乙,".into();
    speech.opening[2].text = "第三段,戊己。".into();
    let mut f = start_on(&speech);
    // Each of the three offers it; any one fixes all.
    let buttons: Vec<_> = f.harness.get_all_by_label("全部修正（3）").collect();
    assert_eq!(buttons.len(), 3);
    buttons[1].click();
    f.harness.run_ok();
    assert_eq!(opening_texts(&f)[0], "第一段，甲乙，");
    assert_eq!(opening_texts(&f)[2], "第三段，戊己。");
    f.harness.get_by_label_contains("已修正 3 处");
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(opening_texts(&f)[0], "第一段,甲乙,");
    assert_eq!(opening_texts(&f)[2], "第三段,戊己。");
}

/// Regression: the export dialog jumped when the format changed (its height changed and the
/// dialog is centred). Its buttons now stay where they were.
#[test]
fn the_export_dialog_keeps_its_place_when_the_format_changes() {
    let mut f = start();
    f.press(Modifiers::COMMAND, Key::E);
    f.harness.get_by_label("纯文本（.txt）").click();
    f.harness.run_ok();
    let text = f.harness.get_by_label("选择位置并导出…").rect();
    f.harness.get_by_label("Word 文档（.docx）").click();
    f.harness.run_ok();
    let word = f.harness.get_by_label("选择位置并导出…").rect();
    assert_eq!(text, word);
    f.harness
        .get_by_label("大字念稿（领导念稿用，字大行宽）")
        .click();
    f.harness.run_ok();
    assert_eq!(f.harness.get_by_label("选择位置并导出…").rect(), text);
}

/// Regression: the fallback path entry had no file list and no Tab completion.
#[test]
fn the_path_entry_lists_the_folder_and_completes_with_tab() {
    let mut f = start();
    let dir = f.dir.path().to_owned();
    draft::save(
        &jianggao::app::sample_speech(),
        &dir.join("全市工作会议讲话.ron"),
    )
    .unwrap();
    std::fs::create_dir(dir.join("归档")).unwrap();
    f.dialogs
        .answer_with(jianggao::app::DialogAnswer::Unavailable(
            "没有对话框".into(),
        ));
    f.press(Modifiers::COMMAND, Key::O);
    type_path(&mut f, &dir.join("全"));
    // The folder's drafts and subfolders are listed.
    f.harness.get_by_label("全市工作会议讲话.ron");
    f.harness.get_by_label("归档/");
    // Tab completes the name typed.
    f.press(Modifiers::NONE, Key::Tab);
    let Some(Modal::PathEntry(entry)) = f.app().modal() else {
        panic!("no path entry");
    };
    assert_eq!(
        entry.text,
        dir.join("全市工作会议讲话.ron").display().to_string()
    );
    f.click("打开");
    assert_eq!(
        f.app().path(),
        Some(dir.join("全市工作会议讲话.ron").as_path())
    );
}

/// Regression: there was no 选择性粘贴. 粘贴（去掉编号） drops the numbers at the pasted
/// lines' starts (the app numbers sections itself) and keeps every word.
#[test]
fn paste_without_numbers_drops_standalone_markers_only() {
    let mut f = start_on(&four_paragraphs());
    let fourth = TextRef::Paragraph(f.app().speech().opening[3].id);
    go(&mut f, fourth, 0..0);
    f.harness.get_by_label("编辑").click();
    f.harness.run_ok();
    f.harness.get_by_label_contains("粘贴（去掉编号）").click();
    f.harness.run_ok();
    // What the platform answers RequestPaste with.
    f.harness.event(egui::Event::Paste(
        "一、加强组织领导\n（二）压实工作责任\n一是要抓好落实".into(),
    ));
    f.harness.run_ok();
    let texts = opening_texts(&f);
    assert!(
        texts.starts_with(&[
            "第一段甲乙。".to_owned(),
            "第二段丙丁。".to_owned(),
            "第三段戊己。".to_owned(),
            "加强组织领导".to_owned(),
            "压实工作责任".to_owned(),
            // The last line joins the text after the caret, as any paste does.
            "一是要抓好落实第四段。".to_owned(),
        ]),
        "{texts:?}"
    );
    // The next ordinary paste keeps everything.
    f.harness.event(egui::Event::Paste("二、第二部分".into()));
    f.harness.run_ok();
    assert!(opening_texts(&f).iter().any(|t| t.contains("二、第二部分")));
}

/// The rows drawn on the page (the editor's column, not the panels): each text shape's rows as
/// strings, with its galley.
fn drawn(f: &Fixture) -> Vec<(Vec<String>, std::sync::Arc<egui::Galley>)> {
    type Out = Vec<(Vec<String>, std::sync::Arc<egui::Galley>)>;
    let page = f.harness.get_by_label("讲稿正文").rect();
    fn walk(shape: &egui::Shape, page: egui::Rect, out: &mut Out) {
        match shape {
            egui::Shape::Text(t) if page.x_range().contains(t.pos.x) => {
                let rows = t
                    .galley
                    .rows
                    .iter()
                    .map(|r| r.glyphs.iter().map(|g| g.chr).collect::<String>())
                    .collect();
                out.push((rows, t.galley.clone()));
            }
            egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, page, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for c in &f.harness.output().shapes {
        walk(&c.shape, page, &mut out);
    }
    out
}

/// The galley drawn on the page for a text (the first whose rows join up to it).
fn drawn_text(f: &Fixture, text: &str) -> (Vec<String>, std::sync::Arc<egui::Galley>) {
    drawn(f)
        .into_iter()
        .find(|(rows, _)| rows.concat() == text)
        .unwrap_or_else(|| panic!("{text} is not drawn"))
}

#[test]
fn titles_and_headings_break_where_a_typesetter_would() {
    let mut s = Speech::new();
    // Too long for one row at the title's size; the space parts its two phrases.
    s.title = "体悟弘扬“川农大精神”精髓  建设国际知名一流农业大学".into();
    s.salutation = "同志们".into();
    // Headings of every length from 20 to 60: at any column width, some would end on a lone
    // character if rows were only filled.
    let base: Vec<char> = "着力解决群众反映强烈的突出问题切实提高人民群众的获得感幸福感安全感推动全市经济社会高质量发展取得新成效开创新局面再上新台阶"
        .chars()
        .collect();
    for n in 20..=60 {
        let sec = s.new_section(base[..n].iter().collect());
        s.sections.push(sec);
    }
    let mut f = start_on(&s);
    f.harness.set_size(egui::vec2(1280.0, 6000.0));
    f.harness.run_ok();
    let (title_rows, _) = drawn_text(&f, &s.title);
    assert_eq!(
        title_rows,
        ["体悟弘扬“川农大精神”精髓  ", "建设国际知名一流农业大学"],
        "the title breaks between its phrases"
    );
    let mut wrapped = 0;
    for n in 20..=60 {
        let heading: String = base[..n].iter().collect();
        let label = numbering::label(Numbering::Heading, 0, n - 20, 41);
        let (rows, _) = drawn_text(&f, &format!("{label}{heading}"));
        if rows.len() > 1 {
            wrapped += 1;
            let last = rows.last().unwrap().trim();
            assert!(last.chars().count() >= 2, "{rows:?}: a lone character");
        }
    }
    assert!(wrapped >= 10, "only {wrapped} headings needed two rows");
}

#[test]
fn quotes_are_full_width_and_the_salutation_shows_its_colon() {
    let mut s = Speech::new();
    s.title = "在全市工作会议上的讲话".into();
    s.salutation = "各位代表，同志们".into();
    s.opening[0].text = "大力弘扬“川农大精神”，做到‘三个坚持’。".into();
    let f = start_on(&s);
    // The export's `：` is on the page too.
    drawn_text(&f, "各位代表，同志们：");
    let (_, galley) = drawn_text(&f, &s.opening[0].text);
    let width_of = |c: char| {
        galley
            .rows
            .iter()
            .flat_map(|r| r.glyphs.iter())
            .find(|g| g.chr == c)
            .map(|g| g.advance_width)
            .unwrap()
    };
    let han = width_of('弘');
    for q in ['“', '”', '‘', '’'] {
        assert!(
            (width_of(q) - han).abs() < 0.5,
            "{q} is {} wide, a character {han}",
            width_of(q)
        );
    }
    // An author's `！` or `：` is not doubled.
    let mut s2 = s.clone();
    s2.salutation = "同志们：".into();
    let f2 = start_on(&s2);
    drawn_text(&f2, "同志们：");
}

#[test]
fn a_list_of_clauses_is_body_text_and_lead_sentences_are_set_strong() {
    let mut s = Speech::new();
    s.title = "在全市工作会议上的讲话".into();
    let mut top = s.new_section("抓好重点工作".into());
    top.child_numbering = Numbering::Shi;
    for h in [
        "加强组织领导，落实主体责任；",
        "强化督促检查；",
        "严格考核问责。",
    ] {
        let c = s.new_section(h.into());
        top.children.push(c);
    }
    let mut second = s.new_section("提升服务水平".into());
    second.child_numbering = Numbering::Shi;
    for h in ["优化营商环境。", "提高办事效率。"] {
        let mut c = s.new_section(h.into());
        let p = s.new_paragraph("要对标先进地区，持续改进。".into());
        c.paragraphs.push(p);
        second.children.push(c);
    }
    s.sections = vec![top, second];
    let f = start_on(&s);
    let colour_of = |text: &str, piece: &str| {
        let (_, g) = drawn_text(&f, text);
        let at = g.job.text.find(piece).unwrap();
        g.job
            .sections
            .iter()
            .find(|x| x.byte_range.start.0 <= at && at < x.byte_range.end.0)
            .map(|x| x.format.color)
            .unwrap()
    };
    let body = colour_of("二是强化督促检查；", "强化");
    let lead = colour_of("一是优化营商环境。要对标先进地区，持续改进。", "优化");
    let after_lead = colour_of("一是优化营商环境。要对标先进地区，持续改进。", "要对标");
    assert_ne!(lead, after_lead, "a lead sentence stands out");
    assert_eq!(body, after_lead, "a clause of a list reads as body text");
    // The last clause (ending in `。`) reads as the rest of its list.
    assert_eq!(colour_of("三是严格考核问责。", "严格"), body);
}

/// The nodes whose label contains `text`.
fn count_labelled(f: &Fixture, text: &str) -> usize {
    f.harness.query_all_by_label_contains(text).count()
}

#[test]
fn a_tree_row_explains_itself_only_when_cut_off_and_never_under_a_dialog() {
    let mut s = Speech::new();
    s.title = "在全市工作会议上的讲话".into();
    for h in [
        "加强领导",
        "着力解决群众反映强烈的突出问题切实提高人民群众的获得感幸福感安全感",
    ] {
        let sec = s.new_section(h.into());
        s.sections.push(sec);
    }
    let mut f = start_on(&s);
    let short = count_labelled(&f, "加强领导");
    let long = "着力解决群众反映强烈的突出问题切实提高人民群众的获得感幸福感安全感";
    let long_before = count_labelled(&f, long);
    let hover_long = |f: &mut Fixture| {
        f.harness.get_by_label_contains("二、着力解决").hover();
        f.harness.run_steps(60);
    };
    f.harness.get_by_label_contains("一、加强领导").hover();
    f.harness.run_steps(60);
    assert_eq!(
        count_labelled(&f, "加强领导"),
        short,
        "no tooltip repeats a whole row"
    );
    hover_long(&mut f);
    assert_eq!(
        count_labelled(&f, long),
        long_before + 1,
        "a cut-off heading is shown whole"
    );
    // Under a dialog, none.
    f.click("规则…");
    assert!(f.app().modal().is_some());
    f.harness.get_by_label_contains("一、加强领导").hover();
    f.harness.run_steps(60);
    hover_long(&mut f);
    assert_eq!(count_labelled(&f, long), long_before);
}

#[test]
fn panel_widths_and_hidden_panels_come_back_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut f = start_sized(
        None,
        data.clone(),
        tempfile::tempdir().unwrap(),
        [1280.0, 800.0],
    );
    let (tree, _) = f.app().panel_widths();
    let tree = tree.unwrap();
    // Drag the tree panel's edge 60 px to the left.
    let y = 400.0;
    let x = tree;
    f.harness.event(egui::Event::PointerMoved(egui::pos2(x, y)));
    f.harness.run_ok();
    mouse_button(&mut f, egui::pos2(x, y), true);
    for k in 1..=6 {
        f.harness.event(egui::Event::PointerMoved(egui::pos2(
            x - 10.0 * k as f32,
            y,
        )));
        f.harness.step();
    }
    mouse_button(&mut f, egui::pos2(x - 60.0, y), false);
    f.harness.run_steps(60);
    let dragged = f.app().panel_widths().0.unwrap();
    assert!((dragged - (tree - 60.0)).abs() < 3.0, "{tree} → {dragged}");
    // Hide the checker.
    f.press(Modifiers::ALT, Key::Num2);
    assert_eq!(f.app().panel_widths().1, None);
    f.harness.run_steps(60);
    drop(f);
    let again = start_sized(None, data, tempfile::tempdir().unwrap(), [1280.0, 800.0]);
    let (tree2, checker2) = again.app().panel_widths();
    assert!(
        (tree2.unwrap() - dragged).abs() < 1.5,
        "{dragged} → {tree2:?}"
    );
    assert_eq!(checker2, None, "the checker stays hidden");
}

#[test]
fn the_comparison_shows_two_neighbours_that_traded_places_as_such() {
    let mut f = start();
    version_then(&mut f, |first| jianggao::doc::edit::Edit::MoveDown {
        id: first,
    });
    f.click("文件");
    f.click("版本与对比…");
    f.click("与当前对比");
    assert_eq!(
        f.harness
            .query_all_by_label_contains("与相邻小节对调")
            .count(),
        2
    );
}

/// Regression: a title's two phrases set apart by a space (`不忘初心 牢记使命`) were flagged.
#[test]
fn a_title_in_two_phrases_is_not_flagged_and_a_stray_space_is() {
    let mut s = Speech::new();
    s.title = "不忘初心 打赢扶贫攻坚战".into();
    let f = start_on(&s);
    assert_eq!(count_labelled(&f, "汉字之间多了空格"), 0);
    f.harness.get_by_label("检查（0）");
    let mut s = Speech::new();
    s.title = "在全市 工作会议上的讲话".into();
    let f = start_on(&s);
    assert!(count_labelled(&f, "汉字之间多了空格") >= 1);
}

/// Regression: a GBK export with characters GBK lacks said 强制导出, which the window does not
/// offer here; it says what to choose instead.
#[test]
fn a_character_gbk_lacks_says_which_format_to_choose() {
    let mut s = small_speech();
    s.opening[0].text = "第⑪项已完成。".into();
    let mut f = start_on(&s);
    let out = f.dir.path().join("导出.txt");
    f.press(Modifiers::COMMAND, Key::E);
    f.click("老国标 GBK（少数生僻字写不进去）");
    f.dialogs.answer(Some(out.clone()));
    f.click("选择位置并导出…");
    f.harness.run_ok();
    let (title, body) = f.message();
    assert_eq!(title, "未能导出");
    assert!(body.contains("写不进这些字：⑪"), "{body}");
    assert!(
        body.contains("国标 GB18030") && !body.contains("强制"),
        "{body}"
    );
    assert!(!out.exists());
}

/// Regression: with nothing to report, the checker panel shrank to its one line; a panel
/// squeezed by a narrow window stayed narrow when the window widened, and was remembered so.
#[test]
fn panels_keep_their_width_when_their_contents_are_short_or_the_window_narrows() {
    let mut s = Speech::new();
    s.title = "在全市工作会议上的讲话".into();
    s.opening[0].text = "同志们，今天的会议很重要。".into();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let path = dir.path().join("稿.ron");
    draft::save(&s, &path).unwrap();
    let mut f = start_sized(Some(path), data.clone(), dir, [1280.0, 800.0]);
    f.harness.get_by_label("检查（0）");
    assert_eq!(f.app().panel_widths(), (Some(300.0), Some(320.0)));
    // Squeezed by a narrow window, and not kept so.
    f.harness.set_size(egui::vec2(900.0, 600.0));
    f.harness.run_steps(60);
    let squeezed = f.app().panel_widths();
    assert!(squeezed.0.unwrap() < 300.0, "{squeezed:?}");
    // The window widens again: so do the panels.
    f.harness.set_size(egui::vec2(1280.0, 800.0));
    f.harness.run_steps(10);
    assert_eq!(f.app().panel_widths(), (Some(300.0), Some(320.0)));
    drop(f);
    let again = start_sized(None, data, tempfile::tempdir().unwrap(), [1280.0, 800.0]);
    assert_eq!(again.app().panel_widths(), (Some(300.0), Some(320.0)));
}

/// The primary mouse button goes down or up at `pos`.
fn mouse_button(f: &mut Fixture, pos: egui::Pos2, pressed: bool) {
    f.harness.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

/// Where a text is drawn on the page (its galley's top left).
fn drawn_at(f: &Fixture, text: &str) -> egui::Pos2 {
    fn walk(shape: &egui::Shape, text: &str) -> Option<egui::Pos2> {
        match shape {
            egui::Shape::Text(t) if t.galley.job.text.replace('\n', "") == text => Some(t.pos),
            egui::Shape::Vec(v) => v.iter().find_map(|s| walk(s, text)),
            _ => None,
        }
    }
    f.harness
        .output()
        .shapes
        .iter()
        .find_map(|c| walk(&c.shape, text))
        .unwrap_or_else(|| panic!("{text} is not drawn"))
}

/// Regression: a quick drag selected from where the pointer was when the drag was recognised,
/// not from where the button went down.
#[test]
fn a_fast_drag_selects_from_where_the_button_went_down() {
    let mut s = small_speech();
    s.opening[0].text = "全区上下要再接再厉，坚持以人民为中心的发展思想，着力解决群众急难愁盼问题，推动各项工作取得新成效。".into();
    let mut f = start_on(&s);
    let at = drawn_at(&f, &s.opening[0].text);
    let em = 20.0;
    // Down on the third character of the first row (after the two-character indent).
    let down = at + egui::vec2(em * 4.5, em * 0.6);
    let far = at + egui::vec2(em * 8.5, em * 2.2);
    f.harness.event(egui::Event::PointerMoved(down));
    f.harness.run_ok();
    mouse_button(&mut f, down, true);
    f.harness.step();
    f.harness.event(egui::Event::PointerMoved(far));
    f.harness.step();
    mouse_button(&mut f, far, false);
    f.harness.run_ok();
    let (anchor, caret) = f.app().editor_selection().unwrap();
    assert!(anchor.offset <= 3, "anchor {anchor:?}");
    assert!(caret.offset > 10, "caret {caret:?}");
}

/// Typing into the manuscript is taken out of egui's input before its pass, so that egui does
/// not run (and the window does not draw) a second pass after every key: the pass that reads a
/// key applies it and asks for no other, and the key's release is taken too.
#[test]
fn a_keystroke_costs_one_pass_and_its_release_none_of_egui() {
    let mut f = start_on(&small_speech());
    f.harness.get_by_label("讲稿正文").click();
    f.harness.run_ok();
    // A first key, so that the 提纲 has followed the caret into its text.
    f.harness.event(egui::Event::Text("同".into()));
    f.harness.run_ok();
    let text = |f: &Fixture| jianggao::export::render(f.app().speech());
    let before = text(&f);
    let ctx = f.harness.ctx.clone();
    let key = |key: Key, pressed: bool, modifiers: Modifiers| egui::Event::Key {
        key,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers,
    };
    let mut raw = egui::RawInput {
        events: vec![
            key(Key::A, true, Modifiers::NONE),
            egui::Event::Text("啊".into()),
            key(Key::S, true, Modifiers::COMMAND),
            key(Key::F2, true, Modifiers::NONE),
        ],
        ..Default::default()
    };
    f.harness.state_mut().take_typing(&ctx, &mut raw);
    // The shortcut and the function key stay for egui.
    assert_eq!(
        raw.events,
        [
            key(Key::S, true, Modifiers::COMMAND),
            key(Key::F2, true, Modifiers::NONE)
        ]
    );
    f.harness.step();
    let after = text(&f);
    assert_eq!(after.chars().count(), before.chars().count() + 1, "{after}");
    assert!(after.contains('啊'), "{after}");
    let repaint =
        |f: &Fixture| f.harness.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay;
    assert_ne!(
        repaint(&f),
        std::time::Duration::ZERO,
        "no second pass: {:?}",
        ctx.repaint_causes()
    );
    // The release of a taken key is taken; one egui saw the press of is not.
    let mut raw = egui::RawInput {
        events: vec![
            key(Key::A, false, Modifiers::NONE),
            key(Key::S, false, Modifiers::NONE),
        ],
        ..Default::default()
    };
    f.harness.state_mut().take_typing(&ctx, &mut raw);
    assert_eq!(raw.events, [key(Key::S, false, Modifiers::NONE)]);
    // After a key egui keeps (Ctrl+A, a paste), nothing is taken: the manuscript reads the keys
    // in the order they came.
    let mut raw = egui::RawInput {
        events: vec![
            key(Key::A, true, Modifiers::COMMAND),
            egui::Event::Text("啊".into()),
        ],
        ..Default::default()
    };
    f.harness.state_mut().take_typing(&ctx, &mut raw);
    assert_eq!(raw.events.len(), 2);
    // The input method's composition is taken, and shown at the caret in the pass that
    // reads it.
    let mut raw = egui::RawInput {
        events: vec![egui::Event::Ime(egui::ImeEvent::Preedit {
            text: "jiang".into(),
            active_range_chars: None,
        })],
        ..Default::default()
    };
    f.harness.state_mut().take_typing(&ctx, &mut raw);
    assert!(raw.events.is_empty());
    f.harness.step();
    assert!(
        drawn(&f)
            .iter()
            .any(|(rows, _)| rows.concat().contains("jiang")),
        "the composition is drawn"
    );
    assert_ne!(repaint(&f), std::time::Duration::ZERO, "no second pass");
    // Under a dialog, nothing is taken.
    f.click("规则…");
    let mut raw = egui::RawInput {
        events: vec![egui::Event::Text("啊".into())],
        ..Default::default()
    };
    f.harness.state_mut().take_typing(&ctx, &mut raw);
    assert_eq!(raw.events.len(), 1);
}

/// 最近打开 lists each file by its name first, as Word and WPS do, and opens it.
#[test]
fn the_recent_menu_names_files_first_and_opens_them() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let path = dir.path().join("五个坚守讲话.ron");
    draft::save(&small_speech(), &path).unwrap();
    drop(start_in(
        Some(path.clone()),
        data.clone(),
        tempfile::tempdir().unwrap(),
    ));
    let mut f = start_in(None, data, dir);
    f.click("文件");
    f.click("最近打开");
    f.harness
        .get_by_label_contains("1  五个坚守讲话.ron")
        .click();
    f.harness.run_ok();
    assert_eq!(
        f.app().path().map(|p| p.file_name().unwrap().to_owned()),
        Some(std::ffi::OsString::from("五个坚守讲话.ron"))
    );
}

/// The selected section's length and time are under the outline, and when the speech runs over
/// its target, its share of the cut.
#[test]
fn the_outline_tells_a_sections_time_and_its_share_of_the_cut() {
    let mut s = jianggao::app::sample_speech();
    s.settings.target_minutes = Some(10);
    let f = start_on(&s);
    let first = &f.app().derived_tree()[0];
    let (han, total) = (first.han, jianggao::doc::stats::stats(f.app().speech()).han);
    let minutes = han as f64 / 170.0;
    f.harness
        .get_by_label(&format!("本节 {han} 字，约 {minutes:.1} 分钟"));
    let cut = jianggao::doc::stats::cut_share(han, total, 10, 170).unwrap();
    f.harness
        .get_by_label(&format!("全文超出目标 10 分钟，本节宜删约 {cut} 字"));
    // Within the target, no cut is asked for.
    let mut s = jianggao::app::sample_speech();
    s.settings.target_minutes = Some(60);
    let f = start_on(&s);
    assert_eq!(f.harness.query_all_by_label_contains("宜删").count(), 0);
}

/// Regression: the status bar's target bar had a fixed width, which cut `目标 15 分钟：131%` to
/// `目标 15 分钟：13`.
#[test]
fn the_target_bar_shows_its_whole_text() {
    let mut s = jianggao::app::sample_speech();
    s.settings.target_minutes = Some(15);
    let f = start_on(&s);
    fn texts(shape: &egui::Shape, out: &mut Vec<(String, egui::Rect)>) {
        match shape {
            egui::Shape::Text(t) => out.push((
                t.galley
                    .rows
                    .iter()
                    .flat_map(|r| r.glyphs.iter().map(|g| g.chr))
                    .collect(),
                t.visual_bounding_rect(),
            )),
            egui::Shape::Vec(v) => v.iter().for_each(|s| texts(s, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    for c in &f.harness.output().shapes {
        texts(&c.shape, &mut all);
    }
    let (text, drawn) = all
        .iter()
        .find(|(t, _)| t.starts_with("目标 15 分钟"))
        .expect("the target bar is drawn");
    assert!(text.ends_with('%'), "{text}");
    // Within its bar, which clips what passes its edge.
    let bar = f
        .harness
        .query_all_by_role(Role::ProgressIndicator)
        .map(|n| n.rect())
        .find(|r| r.intersects(*drawn))
        .expect("the bar");
    assert!(drawn.max.x <= bar.max.x, "{drawn:?} in {bar:?}");
}

#[test]
fn a_new_speech_from_a_template_has_its_structure_and_blanks_that_gate_export() {
    let mut f = start();
    f.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::N);
    assert!(matches!(f.app().modal(), Some(Modal::Gallery(_))));
    // Every built-in kind is offered; choosing one shows its outline.
    for t in jianggao::store::templates::BUILT_IN {
        f.harness.get_by_label(t.name);
    }
    f.click("动员部署会讲话");
    f.harness
        .get_by_label_contains("二、突出重点，确保各项任务落地见效");
    f.click("新建");
    // The sample was not modified: no question, the template's speech at once.
    assert!(f.app().modal().is_none(), "{:?}", f.app().modal());
    assert_eq!(f.app().speech().title, "在全*工作动员部署会上的讲话");
    assert_eq!(f.app().path(), None, "a new speech has no file yet");
    assert_eq!(f.app().speech().sections.len(), 3);
    assert!(blank_count(f.app()) >= 10);
    // The gate holds: export asks about the blanks first.
    f.press(Modifiers::COMMAND, Key::E);
    f.click("选择位置并导出…");
    assert!(matches!(f.app().modal(), Some(Modal::ExportBlocked(_))));
}

#[test]
fn a_speech_made_into_a_template_is_listed_and_starts_a_new_speech() {
    let mut s = Speech::new();
    s.title = "在2025年全市招商引资工作会议上的讲话".into();
    s.opening[0].text =
        "刚才，张明同志通报了情况。全年引进项目126个，到位资金85.6亿元，增长12.5%。".into();
    let mut f = start_on(&s);
    f.harness.get_by_label_contains("文件").click();
    f.harness.run_ok();
    f.click("把讲稿变成模板…");
    assert!(matches!(f.app().modal(), Some(Modal::MakeTemplate(_))));
    // The preview lists each replacement; one is kept.
    f.harness.get_by_label_contains("【张明】");
    f.harness.get_by_label_contains("【126】");
    f.harness.get_by_label_contains("【85.6】");
    f.harness.get_by_label_contains("【12.5】");
    f.harness.get_by_label_contains("【2025】").click();
    f.harness.run_ok();
    f.harness.get_by_label("将替换 4 处，共找到 5 处");
    f.click("保存为模板");
    assert!(f.app().modal().is_none());
    // The speech itself is untouched.
    assert_eq!(f.app().speech(), &s);
    // The template is in the gallery, under its name, and makes a new speech.
    f.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::N);
    f.click("在2025年全市招商引资工作会议上的讲话");
    f.click("新建");
    let made = f.app().speech();
    assert_eq!(made.title, "在2025年全市招商引资工作会议上的讲话");
    assert_eq!(
        made.opening[0].text,
        "刚才，*同志通报了情况。全年引进项目*个，到位资金*亿元，增长*%。"
    );
    // It can be taken out of the gallery again, after a question; the file goes to the backups.
    f.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::N);
    f.click("在2025年全市招商引资工作会议上的讲话");
    f.click("删除此模板…");
    f.click("不删");
    f.click("删除此模板…");
    f.click("删除模板");
    assert!(matches!(f.app().modal(), Some(Modal::Gallery(_))));
    assert!(
        f.harness
            .query_by_label("在2025年全市招商引资工作会议上的讲话")
            .is_none()
    );
    let backups = f.dir.path().join("data").join("backups");
    assert!(
        backups
            .join("模板-在2025年全市招商引资工作会议上的讲话.ron")
            .exists()
    );
}

/// Presses a key in 念稿 and runs one frame (a running rehearsal asks for frames as long as
/// it runs, so the harness is stepped, not run until quiet). A frame is a quarter second.
fn tap(f: &mut Fixture, key: Key) {
    f.harness.key_press(key);
    f.harness.step();
}

#[test]
fn rehearsal_reads_in_large_type_and_its_keys_move_pause_and_pace_it() {
    let mut f = start();
    f.press(Modifiers::NONE, Key::F5);
    let r = f.app().rehearsal().expect("念稿 is on");
    assert!(!r.running && r.position == 0.0);
    let rate = r.rate;
    f.harness.get_by_label_contains("各部分用时");
    // The first section in the list of parts, with its time, and in the text read.
    assert_eq!(count_labelled(&f, "一、强化真抓实干"), 2);
    // ↓ goes to the next line, ↑ back; → to the next part.
    tap(&mut f, Key::ArrowDown);
    let second = f.app().rehearsal().unwrap().script.cues[1].start as f64;
    assert_eq!(f.app().rehearsal().unwrap().position, second);
    tap(&mut f, Key::ArrowUp);
    assert_eq!(f.app().rehearsal().unwrap().position, 0.0);
    tap(&mut f, Key::ArrowRight);
    let part = f.app().rehearsal().unwrap().script.parts[1].start as f64;
    assert_eq!(f.app().rehearsal().unwrap().position, part);
    // + and − change the pace; the marker stays.
    tap(&mut f, Key::Plus);
    tap(&mut f, Key::Plus);
    tap(&mut f, Key::Minus);
    let rate = rate + 10;
    assert_eq!(f.app().rehearsal().unwrap().rate, rate);
    assert_eq!(f.app().rehearsal().unwrap().position, part);
    // Space starts it: the marker moves with the clock, at the rate.
    tap(&mut f, Key::Space);
    assert!(f.app().rehearsal().unwrap().running);
    let (at, clock) = {
        let r = f.app().rehearsal().unwrap();
        (r.position, r.elapsed)
    };
    for _ in 0..8 {
        f.harness.step();
    }
    let r = f.app().rehearsal().unwrap();
    let moved = r.position - at;
    let expected = (r.elapsed - clock) * f64::from(rate) / 60.0;
    assert!(r.elapsed - clock >= 1.9, "{}", r.elapsed - clock);
    assert!((moved - expected).abs() < 1e-6, "{moved} {expected}");
    // Space again stops it.
    tap(&mut f, Key::Space);
    let stopped = f.app().rehearsal().unwrap().position;
    for _ in 0..4 {
        f.harness.step();
    }
    assert_eq!(f.app().rehearsal().unwrap().position, stopped);
    // The speech was not touched, and Esc gives the page back.
    tap(&mut f, Key::Escape);
    f.harness.run_ok();
    assert!(f.app().rehearsal().is_none());
    assert!(!f.app().document().is_modified());
    f.harness.get_by_label("讲稿正文");
}

#[test]
fn a_timed_reading_measures_the_rate_and_it_can_become_the_speechs() {
    let mut f = start();
    f.press(Modifiers::NONE, Key::F5);
    f.click("计时朗读");
    tap(&mut f, Key::Space);
    // The marker waits for the reader, who presses ↓ after each line read.
    for _ in 0..8 {
        f.harness.step();
    }
    assert_eq!(f.app().rehearsal().unwrap().position, 0.0);
    let mut lines = 0;
    while f.app().rehearsal().unwrap().position < 300.0 {
        for _ in 0..16 {
            f.harness.step();
        }
        tap(&mut f, Key::ArrowDown);
        lines += 1;
    }
    let r = f.app().rehearsal().unwrap();
    let measured = (r.position * 60.0 / r.elapsed).round() as u32;
    assert!(lines >= 2);
    assert_eq!(r.measured_rate(), Some(measured.clamp(60, 400)));
    tap(&mut f, Key::Space);
    f.harness.run_ok();
    f.harness
        .get_by_label_contains(&format!("实测语速 {} 字/分钟", measured.clamp(60, 400)));
    f.click("用作本稿语速");
    assert_eq!(
        f.app().speech().settings.rate,
        Some(measured.clamp(60, 400))
    );
    tap(&mut f, Key::Escape);
    f.harness.run_ok();
    // One step, undone as any edit.
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(f.app().speech().settings.rate, None);
}

/// The proofreader's findings in the app: a typo is listed (and so underlined) with its
/// reason; 修正 fixes it; 全部修正 fixes every one as one undo step; 本文忽略 keeps the word in
/// the draft (undoable); 加入词典 writes the user's dictionary and silences the word in every
/// speech.
/// The four-paragraph speech with its opening's first paragraphs replaced.
fn start_with_opening(texts: &[&str]) -> Fixture {
    let mut speech = four_paragraphs();
    for (p, text) in speech.opening.iter_mut().zip(texts) {
        p.text = (*text).into();
    }
    start_on(&speech)
}

#[test]
fn word_findings_fix_ignore_and_accept() {
    let mut f = start_with_opening(&[
        "加快推进乡村振性。",
        "全面推进乡村振性。",
        "提高组织力和政治工能。",
    ]);
    let typos = |f: &Fixture| -> Vec<(String, Option<String>)> {
        f.app()
            .findings()
            .iter()
            .filter(|x| x.rule == "typo")
            .map(|x| (x.matched.clone(), x.word.clone()))
            .collect()
    };
    assert_eq!(
        typos(&f),
        [
            ("性".into(), Some("乡村振性".into())),
            ("性".into(), Some("乡村振性".into())),
            ("工".into(), Some("工能".into())),
        ]
    );
    f.harness
        .get_by_label_contains("“工”与“功”音同，“功能”是常用词");

    // 全部修正 of the rule: all three, one undo step.
    f.harness
        .get_all_by_label("全部修正（3）")
        .next()
        .unwrap()
        .click();
    f.harness.run_ok();
    assert_eq!(
        opening_texts(&f)[..3],
        [
            "加快推进乡村振兴。",
            "全面推进乡村振兴。",
            "提高组织力和政治功能。"
        ]
    );
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(opening_texts(&f)[0], "加快推进乡村振性。");
    assert_eq!(typos(&f).len(), 3);

    // 本文忽略 the word: both of its places go, and the draft keeps it; undo brings them back,
    // and so does 规则…'s 恢复本文忽略的 1 个词.
    f.harness.get_all_by_label("忽略…").next().unwrap().click();
    f.harness.run_ok();
    f.click("本文忽略“乡村振性”");
    assert_eq!(typos(&f), [("工".into(), Some("工能".into()))]);
    assert_eq!(f.app().speech().settings.accepted_words, ["乡村振性"]);
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(typos(&f).len(), 3);
    f.press(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(typos(&f).len(), 1);
    f.click("规则…");
    f.click("恢复本文忽略的 1 个词");
    f.click("确定");
    assert!(f.app().speech().settings.accepted_words.is_empty());
    assert_eq!(typos(&f).len(), 3);

    // 加入词典: written to the data folder, and silent from now on.
    let last = f.harness.get_all_by_label("忽略…").count() - 1;
    f.harness
        .get_all_by_label("忽略…")
        .nth(last)
        .unwrap()
        .click();
    f.harness.run_ok();
    f.click("加入词典“工能”");
    let words = std::fs::read_to_string(f.dir.path().join("data/proof-words.txt")).unwrap();
    assert!(words.lines().any(|l| l == "工能"), "{words}");
    assert_eq!(typos(&f).len(), 2);
    f.harness.get_by_label_contains("已加入词典：“工能”");

    // 修正 one place.
    f.harness.get_all_by_label("修正").next().unwrap().click();
    f.harness.run_ok();
    assert_eq!(opening_texts(&f)[0], "加快推进乡村振兴。");
}

#[test]
fn the_dictionary_is_edited_in_the_app() {
    let mut f = start_with_opening(&["加快推进乡村振性。", "提高组织力和政治工能。"]);
    let rules = |f: &Fixture| -> Vec<(String, String)> {
        f.app()
            .findings()
            .iter()
            .filter(|x| x.rule == "typo" || x.rule == "common-error")
            .map(|x| (x.rule.to_owned(), x.matched.clone()))
            .collect()
    };
    assert_eq!(
        rules(&f),
        [("typo".into(), "性".into()), ("typo".into(), "工".into())]
    );
    let words_label = "照写法接受的词（人名、地名、本单位用语），一行一个：";
    let errors_label = "常见错误，一行一条“错 → 对”（检查时报为必错，并给出改法）：";

    // A line that is not 错 → 对 is named, and nothing is written.
    f.click("词典…");
    f.harness.get_by_label(errors_label).focus();
    f.harness.run_ok();
    f.harness.get_by_label(errors_label).type_text("乡村振性");
    f.harness.run_ok();
    f.click("保存");
    f.harness
        .get_by_label_contains("常见错误第 1 行应写成“错 → 对”");
    assert!(!f.dir.path().join("data/common-errors.txt").exists());

    // Both lists saved: the word is taken as written, the pair reported as certain.
    f.harness.get_by_label(errors_label).focus();
    f.harness.run_ok();
    f.press(Modifiers::NONE, Key::End);
    f.harness
        .get_by_label(errors_label)
        .type_text(" → 乡村振兴");
    f.harness.run_ok();
    f.harness.get_by_label(words_label).focus();
    f.harness.run_ok();
    f.harness.get_by_label(words_label).type_text("工能");
    f.harness.run_ok();
    f.click("保存");
    assert!(f.app().modal().is_none(), "{:?}", f.app().modal());
    let data = f.dir.path().join("data");
    let read = |name: &str| std::fs::read_to_string(data.join(name)).unwrap();
    assert_eq!(read("proof-words.txt"), "工能\n");
    assert_eq!(read("common-errors.txt"), "乡村振性 → 乡村振兴\n");
    assert_eq!(rules(&f), [("common-error".into(), "乡村振性".into())]);
    f.harness
        .get_by_label_contains("校对词典已保存：1 个词，1 条常见错误");

    // Opened again it shows the files; a word taken out is checked again.
    f.click("词典…");
    match f.app().modal() {
        Some(Modal::Dictionary(d)) => {
            assert_eq!(
                (d.words.as_str(), d.errors.as_str()),
                ("工能\n", "乡村振性 → 乡村振兴\n")
            );
            assert!(d.folder.is_some());
        }
        other => panic!("expected the dictionary, got {other:?}"),
    }
    f.harness.get_by_label(words_label).focus();
    f.harness.run_ok();
    f.press(Modifiers::COMMAND, Key::A);
    f.press(Modifiers::NONE, Key::Backspace);
    f.click("保存");
    assert_eq!(read("proof-words.txt"), "");
    assert_eq!(
        rules(&f),
        [
            ("common-error".into(), "乡村振性".into()),
            ("typo".into(), "工".into())
        ]
    );
}

/// A right click on the character after place `at` of `target` in the manuscript.
fn right_click_on(f: &mut Fixture, target: TextRef, at: usize) {
    go(f, target, at..at);
    let rect = f.app().editor_caret_rect().expect("the caret is drawn");
    let p = egui::pos2(rect.max.x + 3.0, rect.center().y);
    f.harness.event(egui::Event::PointerMoved(p));
    for pressed in [true, false] {
        f.harness.event(egui::Event::PointerButton {
            pos: p,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    f.harness.run_ok();
}

#[test]
fn a_right_click_on_a_word_finding_in_the_manuscript_offers_its_fix_and_dictionary() {
    let mut f = start_with_opening(&[
        "加快推进乡村振性。",
        "提高组织力和政治工能。",
        "会同国家林业局研究。",
    ]);
    let para = |f: &Fixture, k: usize| TextRef::Paragraph(f.app().speech().opening[k].id);
    let second = para(&f, 1);
    // 工 is the 7th character of 提高组织力和政治工能。
    right_click_on(&mut f, second, 8);
    // The menu names the finding (as the list does), then offers what the list offers.
    let reason = "“工”与“功”音同，“功能”是常用词";
    assert_eq!(f.harness.query_all_by_label_contains(reason).count(), 2);
    f.harness.get_by_label("忽略此处");
    f.click("加入词典“工能”");
    let words = std::fs::read_to_string(f.dir.path().join("data/proof-words.txt")).unwrap();
    assert!(words.lines().any(|l| l == "工能"), "{words}");
    assert!(f.app().findings().iter().all(|x| x.matched != "工"));

    // 改为 fixes it, as the list's 修正 does.
    let first = para(&f, 0);
    right_click_on(&mut f, first, 7);
    f.click("改为“兴”");
    assert_eq!(opening_texts(&f)[0], "加快推进乡村振兴。");
    // A finding with a fix that is not about a word: 改为 and 忽略此处 only.
    let third = para(&f, 2);
    right_click_on(&mut f, third, 4);
    assert!(f.harness.query_by_label_contains("加入词典").is_none());
    f.click("改为“国家林业和草原局”");
    assert_eq!(opening_texts(&f)[2], "会同国家林业和草原局研究。");
    // Elsewhere the menu is the manuscript's own.
    right_click_on(&mut f, first, 1);
    assert!(f.harness.query_by_label_contains("加入词典").is_none());
    f.harness.get_by_label("全选");
}

/// A speech with nothing left to fill, as a draft in the fixture's folder.
fn filled_draft(dir: &std::path::Path) -> PathBuf {
    let mut speech = draft::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/sample-speech.ron"
    )))
    .unwrap();
    let fill = |t: &mut String| *t = t.replace('*', "3");
    fill(&mut speech.title);
    fill(&mut speech.salutation);
    for p in speech.opening.iter_mut().chain(speech.closing.iter_mut()) {
        fill(&mut p.text);
    }
    fn sections(list: &mut [jianggao::doc::model::Section], fill: &dyn Fn(&mut String)) {
        for s in list {
            fill(&mut s.heading);
            for p in &mut s.paragraphs {
                fill(&mut p.text);
            }
            sections(&mut s.children, fill);
        }
    }
    sections(&mut speech.sections, &fill);
    let path = dir.join("填好的讲话.ron");
    draft::save(&speech, &path).unwrap();
    path
}

#[test]
fn the_page_view_shows_the_pages_and_leads_back_to_the_manuscript() {
    let mut f = start();
    f.press(Modifiers::ALT, Key::Num3);
    assert!(f.app().page_view_shown());
    // The sample's seven pages, and its one lone character.
    assert!(f.harness.query_by_label("共 7 页").is_some());
    assert!(f.harness.query_by_label("版面提示（1）").is_some());
    assert!(
        f.harness
            .query_by_label_contains("段末一行只有 1 个字（孤字）")
            .is_some()
    );
    // Keys typed over the pages edit nothing.
    let before = f.app().speech().clone();
    f.harness.event(egui::Event::Text("字".into()));
    f.harness.run_ok();
    assert_eq!(f.app().speech(), &before);
    // A section chosen in the outline keeps the pages, and the window settles (the caret it
    // would place in the manuscript waits; it asked for a frame every frame).
    f.click_tree_row("三、强化真抓实建");
    assert!(f.app().page_view_shown());
    f.harness.run_ok();
    assert!(!f.harness.ctx.has_requested_repaint());
    // The reading copy has more pages.
    f.click("大字念稿");
    assert!(f.harness.query_by_label("共 10 页").is_some());
    f.click("公文格式");
    // 到稿面修改 goes back to the manuscript, at the paragraph with the lone character.
    f.click("到稿面修改");
    assert!(!f.app().page_view_shown());
    let pages = jianggao::export::pages::paginate(
        f.app().speech(),
        jianggao::export::docx::Layout::Official,
    );
    let warned = pages.warnings[0].paragraph().unwrap();
    let target = pages.paragraphs[warned].at.unwrap();
    let selection = f.app().editor_selection().expect("a caret");
    assert_eq!(selection.0.spot, jianggao::doc::model::Spot::Text(target));
    // And the menu brings the pages back.
    f.click(Menu::View.label());
    // The item's label carries its shortcut.
    f.harness.get_by_label_contains("页面视图").click();
    f.harness.run_ok();
    assert!(f.app().page_view_shown());
    f.click("返回稿面");
    assert!(!f.app().page_view_shown());
}

#[test]
fn printing_opens_a_pdf_in_the_system_viewer_or_says_why_not() {
    // With blanks left, nothing is printed and the message says why.
    let mut f = start();
    f.press(Modifiers::COMMAND, Key::P);
    let (title, body) = f.message();
    assert_eq!(title, "未打印");
    assert!(body.contains("14 处待填项未填写"), "{body}");
    assert!(f.dialogs.opened.lock().unwrap().is_empty());

    let dir = tempfile::tempdir().unwrap();
    let file = filled_draft(dir.path());
    let mut f = start_with(Some(file), dir);
    f.press(Modifiers::COMMAND, Key::P);
    let opened = f.dialogs.opened.lock().unwrap().clone();
    assert_eq!(opened.len(), 1, "{opened:?}");
    let pdf = std::fs::read(&opened[0]).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(
        opened[0].starts_with(f.dir.path().join("data")),
        "in the data folder"
    );
    assert!(f.app().status().contains("共 7 页"), "{}", f.app().status());
    // No viewer: the message names the file to print from.
    *f.dialogs.no_viewer.lock().unwrap() = Some("没有 xdg-open".into());
    f.press(Modifiers::ALT, Key::Num3);
    f.click("大字念稿");
    f.click("打印…");
    let (title, body) = f.message();
    assert_eq!(title, "没有打开 PDF");
    assert!(
        body.contains("没有 xdg-open") && body.contains("-打印.pdf"),
        "{body}"
    );
}

#[test]
fn export_a_pdf_through_the_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let file = filled_draft(dir.path());
    let mut f = start_with(Some(file), dir);
    let out = f.dir.path().join("讲话印件");
    f.press(Modifiers::COMMAND, Key::E);
    f.click("PDF（.pdf，字体嵌入，与页面视图一致）");
    f.click("公文格式（GB/T 9704，A4，每页 22 行、每行 28 字）");
    f.dialogs.answer(Some(out));
    f.click("选择位置并导出…");
    f.harness.run_ok();
    assert!(
        matches!(
            &f.dialogs.requests()[..],
            [DialogKind::ExportPdf { suggested }] if suggested.ends_with(".pdf")
        ),
        "{:?}",
        f.dialogs.requests()
    );
    let (title, body) = f.message();
    assert_eq!(title, "导出完成");
    assert!(
        body.contains("共 7 页") && body.contains("字体："),
        "{body}"
    );
    let written = std::fs::read(f.dir.path().join("讲话印件.pdf")).unwrap();
    assert!(written.starts_with(b"%PDF-"));
}

/// A pasted speech whose `一是` paragraph the import doubts, with back matter after it.
const DOUBTFUL: &str = "在全市工作会议上的讲话\n同志们：\n二是要压实责任。\n一是加强领导；二是压实责任；三是强化考核。\n一、总体要求\n要求要明确。\n二、重点任务\n项目要抓实。\n同志们，让我们共同努力！\n附件\n一、参会人员名单\n张三、李四。\n";

#[test]
fn the_import_report_leads_to_its_guesses_and_fixes_them_undoably() {
    let mut f = start();
    f.harness
        .state_mut()
        .push(jianggao::app::Cmd::Run(UiCommand::PasteNew));
    f.harness.run_ok();
    f.harness.event(egui::Event::Paste(DOUBTFUL.into()));
    f.harness.run_ok();
    f.click("导入");
    let Some(Modal::ImportReport(_, spots)) = f.app().modal() else {
        panic!("{:?}", f.app().modal());
    };
    assert_eq!(spots.len(), 2, "{spots:?}");
    let s = f.app().speech();
    assert_eq!(s.sections.len(), 2);
    assert_eq!(s.appendix.len(), 3);
    assert_eq!(s.closing[0].text, "同志们，让我们共同努力！");
    // The doubted paragraph made the first heading, from the report; the report stays.
    assert_eq!(f.harness.query_all_by_label("转到").count(), 2);
    f.harness
        .get_all_by_label("设为一级标题")
        .next()
        .unwrap()
        .click();
    f.harness.run_ok();
    assert!(matches!(f.app().modal(), Some(Modal::ImportReport(_, s)) if s.len() == 1));
    assert_eq!(
        labels(f.app()),
        [
            "一、一是加强领导；二是压实责任；三是强化考核。",
            "二、总体要求",
            "三、重点任务"
        ]
    );
    // The back matter was right: 转到 closes the report at it.
    f.click("转到");
    assert!(f.app().modal().is_none());
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(labels(f.app()), ["一、总体要求", "二、重点任务"]);
}

#[test]
fn right_click_makes_a_section_body_text_and_a_paragraph_a_heading() {
    let mut s = small_speech();
    let mut a = s.new_section("甲".into());
    let p = s.new_paragraph("甲的段落。".into());
    a.paragraphs.push(p);
    let b = s.new_section("乙".into());
    s.sections = vec![a, b];
    let p = s.new_paragraph("谢谢大家！".into());
    s.closing.push(p);
    let mut f = start_on(&s);
    // In the outline: 乙 becomes a paragraph of 甲, its number kept as words.
    f.harness.get_by_label_contains("二、乙").click_secondary();
    f.harness.run_ok();
    f.click("设为正文");
    assert_eq!(labels(f.app()), ["一、甲"]);
    let texts: Vec<&str> = f.app().speech().sections[0]
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(texts, ["甲的段落。", "二、乙"]);
    // In the manuscript: the line under the pointer, the opening's paragraph, before every
    // heading, can only become the first heading.
    f.harness.get_by_label("讲稿正文").click_secondary();
    f.harness.run_ok();
    assert!(f.harness.query_by_label("设为正文").is_none());
    assert!(f.harness.query_by_label("设为结尾").is_none());
    f.click("设为一级标题");
    assert_eq!(labels(f.app()), ["一、全区上下要再接再励。", "二、甲"]);
    assert!(f.app().speech().opening.is_empty());
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(labels(f.app()), ["一、甲"]);
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(labels(f.app()), ["一、甲", "二、乙"]);
}

#[test]
fn the_outline_leads_to_the_back_matter_and_its_menu_moves_where_it_starts() {
    let mut s = small_speech();
    let a = s.new_section("甲".into());
    s.sections.push(a);
    for t in ["附件", "一、参会人员名单"] {
        let p = s.new_paragraph(t.into());
        s.appendix.push(p);
    }
    let first = s.appendix[0].id;
    let mut f = start_on(&s);
    f.harness.get_by_label_contains("2 段").click();
    f.harness.run_ok();
    assert_selected(&f, TextRef::Paragraph(first), 0..0);
    // Not back matter after all: the closing, in one click, undoable.
    f.harness.get_by_label_contains("2 段").click_secondary();
    f.harness.run_ok();
    f.click("设为结尾");
    assert!(f.app().speech().appendix.is_empty());
    let closing: Vec<&str> = f
        .app()
        .speech()
        .closing
        .iter()
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(closing, ["附件", "一、参会人员名单"]);
    assert!(!f.tree_has("附件"));
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(f.app().speech().appendix.len(), 2);
}

#[test]
fn a_word_typed_for_another_is_fixed_whole_and_undone() {
    let mut f = start_with_opening(&["各级人民征服要认真履行职责。"]);
    let typos = |f: &Fixture| -> Vec<(String, Option<String>)> {
        f.app()
            .findings()
            .iter()
            .filter(|x| x.rule == "typo")
            .map(|x| (x.matched.clone(), x.fix.clone()))
            .collect()
    };
    assert_eq!(typos(&f), [("征服".into(), Some("政府".into()))]);
    f.harness
        .get_by_label_contains("“征服”与“政府”音近，“人民政府”是常用词");
    f.harness.get_all_by_label("修正").next().unwrap().click();
    f.harness.run_ok();
    assert_eq!(opening_texts(&f)[0], "各级人民政府要认真履行职责。");
    assert!(typos(&f).is_empty());
    f.press(Modifiers::COMMAND, Key::Z);
    assert_eq!(opening_texts(&f)[0], "各级人民征服要认真履行职责。");
    assert_eq!(typos(&f).len(), 1);
}

#[path = "support/returned.rs"]
mod returned;

/// The sample, returned with two reviewers' tracked changes and a comment thread.
fn returned_sample(f: &Fixture) -> PathBuf {
    use returned::{Note, Pen};
    let pens = [
        Pen {
            author: "王科长",
            old: "先讲几点意见",
            new: "讲三点意见",
        },
        Pen {
            author: "张局长",
            old: "更加突出的位置",
            new: "突出位置",
        },
    ];
    let notes = [Note {
        author: "张局长",
        quote: "理清对策与方法",
        text: "此处数据再核实",
        replier: "王科长",
        reply: "已核实",
    }];
    let file = f.dir.path().join("讲话稿-领导改.docx");
    std::fs::write(&file, returned::returned(f.app().speech(), &pens, &notes)).unwrap();
    file
}

/// 文件 → 导入修改稿, answered with `file`.
fn import_returned(f: &mut Fixture, file: PathBuf) {
    f.dialogs.answer(Some(file));
    f.click("文件");
    f.click("导入修改稿（修订和批注）…");
    f.harness.run_ok();
}

#[test]
fn a_returned_word_file_is_reviewed_change_by_change() {
    let mut f = start();
    let file = returned_sample(&f);
    import_returned(&mut f, file);
    assert_eq!(f.dialogs.requests().last(), Some(&DialogKind::ImportReview));
    // The panel lists both changes and the comment thread; the text before is a version.
    f.harness.get_by_label("审阅（2）");
    f.harness.get_by_label("“先讲几点意见”改为“讲三点意见”");
    f.harness.get_by_label("“更加突出的位置”改为“突出位置”");
    f.harness.get_by_label("此处数据再核实");
    f.harness.get_by_label("　回复 王科长：已核实");
    assert_eq!(
        f.app().speech().versions.last().map(|v| v.name.as_str()),
        Some("王科长、张局长修改前（讲话稿-领导改.docx）")
    );
    assert!(
        f.app().status().contains("修订 2 处、批注 1 条"),
        "{}",
        f.app().status()
    );
    // Accept the first, refuse the second.
    f.harness.get_all_by_label("接受").next().unwrap().click();
    f.harness.run_ok();
    assert!(f.app().speech().opening[0].text.ends_with("讲三点意见。"));
    f.harness.get_by_label("审阅（1）");
    f.harness.get_all_by_label("拒绝").next().unwrap().click();
    f.harness.run_ok();
    assert!(
        f.app().speech().sections[0].paragraphs[0]
            .text
            .contains("更加突出的位置")
    );
    f.harness.get_by_label("√ 修订都已处理。");
    assert!(
        f.harness
            .query_by_label("文字已改动，请对照后手动修改")
            .is_none()
    );
    // Undo brings the refused change back, then the accepted one.
    f.press(Modifiers::COMMAND, Key::Z);
    f.harness.get_by_label("审阅（1）");
    f.press(Modifiers::COMMAND, Key::Z);
    f.harness.get_by_label("审阅（2）");
    assert!(f.app().speech().opening[0].text.ends_with("先讲几点意见。"));
    // The comment is resolved, then the review ended; the comment stays until then.
    f.click("已解决");
    assert!(f.app().speech().review.comments[0].resolved);
    // The review's panel stood in for the checker's; ending the review brings it back.
    assert!(f.harness.query_by_label_contains("检查（").is_none());
    f.click("结束审阅");
    assert!(f.app().speech().review.is_empty());
    assert!(f.harness.query_by_label("审阅（2）").is_none());
    assert!(f.harness.query_by_label_contains("检查（").is_some());
}

#[test]
fn a_word_file_with_no_review_says_so_and_changes_nothing() {
    let mut f = start();
    let file = f.dir.path().join("原样.docx");
    std::fs::write(&file, returned::returned(f.app().speech(), &[], &[])).unwrap();
    let before = f.app().speech().clone();
    import_returned(&mut f, file);
    let (title, _) = f.message();
    assert_eq!(title, "修改稿里没有修订或批注");
    assert_eq!(f.app().speech(), &before);
}

#[test]
fn a_right_click_on_a_change_in_the_manuscript_accepts_or_refuses_it() {
    let mut f = start();
    let file = returned_sample(&f);
    import_returned(&mut f, file);
    let opening = TextRef::Paragraph(f.app().speech().opening[0].id);
    let at = f.app().speech().opening[0]
        .text
        .chars()
        .position(|c| c == '先')
        .unwrap();
    // Right-click inside the struck words.
    right_click_on(&mut f, opening, at + 2);
    f.harness
        .get_by_label("王科长：“先讲几点意见”改为“讲三点意见”");
    f.click("接受修订");
    assert!(f.app().speech().opening[0].text.ends_with("讲三点意见。"));
    f.harness.get_by_label("审阅（1）");
}

#[test]
fn a_draft_saved_in_the_middle_of_a_review_opens_with_it() {
    let mut f = start();
    let file = returned_sample(&f);
    import_returned(&mut f, file);
    let draft = f.dir.path().join("审阅中.ron");
    jianggao::store::draft::save(f.app().speech(), &draft).unwrap();
    let g = start_with(Some(draft), tempfile::tempdir().unwrap());
    g.harness.get_by_label("审阅（2）");
    g.harness.get_by_label("此处数据再核实");
    assert!(g.harness.query_by_label_contains("检查（").is_none());
}

#[test]
fn a_change_whose_words_were_rewritten_since_is_flagged_in_the_panel() {
    let mut f = start();
    let file = returned_sample(&f);
    import_returned(&mut f, file);
    assert!(
        f.harness
            .query_by_label("文字已改动，请对照后手动修改")
            .is_none()
    );
    // The drafter rewrites the words 王科长 changed.
    let opening = TextRef::Paragraph(f.app().speech().opening[0].id);
    let text = f.app().speech().opening[0]
        .text
        .replace("先讲几点意见", "谈三点看法");
    f.harness.state_mut().push(jianggao::app::Cmd::Edit(
        jianggao::doc::edit::Edit::SetText {
            target: opening,
            text,
        },
    ));
    f.harness.run_ok();
    f.harness.get_by_label("文字已改动，请对照后手动修改");
    // All of 王科长's accepted (the first 接受 is his row's): his one change stays, and the
    // status says why.
    f.harness.get_all_by_label("接受").next().unwrap().click();
    f.harness.run_ok();
    assert_eq!(
        f.app().status(),
        "已接受王科长的修订 0 处；1 处所在的文字已改动，留在列表里请逐条处理"
    );
    f.harness.get_by_label("审阅（2）");
    // Tried alone: refused, with the reason.
    f.harness.get_all_by_label("接受").nth(2).unwrap().click();
    f.harness.run_ok();
    assert!(
        f.app().status().contains("已经改动"),
        "{}",
        f.app().status()
    );
    f.harness.get_by_label("审阅（2）");
}
