//! Unit tests of `session`.

use super::*;
use crate::doc::edit::Edit;
use crate::doc::model::{Field, TextRef};

/// A session on a saved draft in a fresh folder, with a data folder for recovery files.
fn saved(dir: &Path) -> Session {
    let path = dir.join("讲话.ron");
    draft::save(&sample_speech(), &path).unwrap();
    let (session, step) = Session::start(Some(path), Some(dir.join("data")));
    assert!(matches!(step, Step::Done), "{step:?}");
    session
}

fn edit_title(s: &mut Session, title: &str) {
    s.doc_mut()
        .apply(Edit::SetText {
            target: TextRef::Field(Field::Title),
            text: title.into(),
        })
        .unwrap();
}

#[test]
fn the_sample_is_named_and_unmodified() {
    let (s, step) = Session::start(None, None);
    assert!(matches!(step, Step::Done));
    assert_eq!(s.title(), "示例讲稿 — 讲稿");
    assert!(!s.doc().is_modified());
}

#[test]
fn an_unmodified_document_is_replaced_without_asking() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = saved(dir.path());
    let generation = s.generation();
    assert!(matches!(s.request(Pending::New), Step::Done));
    assert_eq!(s.generation(), generation + 1);
    assert_eq!(s.title(), "未命名 — 讲稿");
    assert_eq!(s.take_status().as_deref(), Some("已新建"));
}

#[test]
fn cancel_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = saved(dir.path());
    edit_title(&mut s, "改过的标题");
    let Step::AskUnsaved(then) = s.request(Pending::New) else {
        panic!("no prompt");
    };
    assert!(matches!(
        s.resolve_unsaved(then, UnsavedChoice::Cancel),
        Step::Done
    ));
    assert_eq!(s.speech().title, "改过的标题");
    assert!(s.doc().is_modified());
    assert_eq!(s.title(), "讲话.ron ● — 讲稿");
}

#[test]
fn discard_then_a_cancelled_open_keeps_the_edits_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = saved(dir.path());
    edit_title(&mut s, "改过的标题");
    let step = s.resolve_unsaved(Pending::Open, UnsavedChoice::Discard);
    // The dialog opens; the user cancels it (the shell never calls `chose`).
    assert!(matches!(
        step,
        Step::Dialog(DialogKind::Open, DialogPurpose::Open)
    ));
    assert_eq!(s.speech().title, "改过的标题");
    assert!(
        s.doc().is_modified(),
        "不保存 must not mark the draft saved"
    );
    // And the edits are still offered when the window closes.
    assert!(matches!(
        s.close_requested(),
        Step::AskUnsaved(Pending::Close)
    ));
}

#[test]
fn save_then_new_writes_the_draft_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = saved(dir.path());
    edit_title(&mut s, "改过的标题");
    let step = s.resolve_unsaved(Pending::New, UnsavedChoice::Save);
    assert!(matches!(step, Step::Done));
    let on_disk = draft::load(&dir.path().join("讲话.ron")).unwrap();
    assert_eq!(on_disk.title, "改过的标题");
    assert_eq!(s.speech().title, "", "then 新建 ran");
    assert!(
        dir.path().join("讲话.ron.bak").exists(),
        "the previous copy is kept"
    );
}

#[test]
fn save_of_an_untitled_draft_asks_for_a_path_and_only_then_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = Session::start(None, None);
    edit_title(&mut s, "在全市工作会议上的讲话");
    let Step::Dialog(kind, purpose) = s.resolve_unsaved(Pending::New, UnsavedChoice::Save) else {
        panic!("no dialog");
    };
    assert_eq!(
        kind,
        DialogKind::SaveDraft {
            suggested: "在全市工作会议上的讲话.ron".into()
        }
    );
    // Nothing was replaced while the dialog is open.
    assert_eq!(s.speech().title, "在全市工作会议上的讲话");
    let step = s.chose(purpose, dir.path().join("稿子"));
    assert!(matches!(step, Step::Done));
    let path = dir.path().join("稿子.ron");
    assert_eq!(draft::load(&path).unwrap().title, "在全市工作会议上的讲话");
    assert_eq!(s.speech().title, "", "then 新建 ran");
}

#[test]
fn a_failed_save_stops_the_action_and_keeps_the_edits() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = Session::start(None, None);
    edit_title(&mut s, "改过的标题");
    let Step::Dialog(_, purpose) = s.resolve_unsaved(Pending::Close, UnsavedChoice::Save) else {
        panic!("no dialog");
    };
    let step = s.chose(purpose, dir.path().join("没有这个文件夹").join("稿.ron"));
    assert!(
        matches!(&step, Step::Message { title, .. } if title == "保存失败"),
        "{step:?}"
    );
    assert!(s.doc().is_modified());
    assert_eq!(s.speech().title, "改过的标题");
}

#[test]
fn close_asks_once_and_quits_after_discard() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = saved(dir.path());
    assert!(matches!(s.close_requested(), Step::Done));
    edit_title(&mut s, "改过的标题");
    let Step::AskUnsaved(then) = s.close_requested() else {
        panic!("no prompt");
    };
    assert!(matches!(
        s.resolve_unsaved(then, UnsavedChoice::Discard),
        Step::Quit
    ));
    // The close that follows is allowed.
    assert!(matches!(s.close_requested(), Step::Done));
}

#[test]
fn a_broken_draft_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = saved(dir.path());
    let broken = dir.path().join("坏.ron");
    std::fs::write(&broken, "(title: \"未完").unwrap();
    let step = s.request(Pending::OpenPath(broken.clone()));
    assert!(
        matches!(&step, Step::Message { title, .. } if title == "无法打开草稿"),
        "{step:?}"
    );
    assert_eq!(std::fs::read_to_string(&broken).unwrap(), "(title: \"未完");
    assert_eq!(s.path(), Some(dir.path().join("讲话.ron").as_path()));
}

#[test]
fn pasted_text_becomes_an_unsaved_import_named_for_the_title_bar() {
    let (mut s, _) = Session::start(None, None);
    let step = s.import_text("在全市工作会议上的讲话\n同志们：\n今天开会。\n");
    assert!(matches!(step, Step::ImportReport(_)), "{step:?}");
    assert!(s.doc().is_modified());
    assert_eq!(s.title(), "粘贴的讲稿（导入） ● — 讲稿");
    let step = s.import_text("   ");
    assert!(matches!(step, Step::Message { .. }), "{step:?}");
}

#[test]
fn export_waits_at_the_blank_gate_and_forcing_it_asks_for_a_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = saved(dir.path());
    edit_title(&mut s, "在*会议上的讲话");
    let findings = check::check(s.speech());
    assert!(matches!(s.export(&findings), Step::ExportBlocked(b) if !b.is_empty()));
    s.export.format = export::Format::Docx;
    let Step::Dialog(kind, purpose) = s.export_anyway() else {
        panic!("no dialog");
    };
    assert_eq!(
        kind,
        DialogKind::ExportDocx {
            suggested: "讲话.docx".into()
        }
    );
    assert_eq!(purpose, DialogPurpose::Export { force: true });
    // A name typed without an extension gets the format's.
    let step = s.chose(purpose, dir.path().join("念稿"));
    assert!(
        matches!(&step, Step::Message { title, .. } if title == "导出完成"),
        "{step:?}"
    );
    assert!(dir.path().join("念稿.docx").is_file());
}

#[test]
fn autosave_waits_for_quiet_and_a_save_removes_the_recovery_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = saved(dir.path());
    edit_title(&mut s, "改过的标题");
    let wait = s.tick(10.0).expect("a write is due later");
    assert!(wait.as_secs_f64() > AUTOSAVE_DELAY - 0.1);
    assert!(s.recovery_file().is_none());
    assert!(s.tick(10.0 + AUTOSAVE_DELAY).is_none());
    let file = s.recovery_file().expect("written after quiet").to_owned();
    assert!(file.is_file());
    assert!(matches!(s.save(), Step::Done));
    assert!(!file.exists(), "saved: the recovery file goes");
}

#[test]
fn what_a_crashed_window_left_is_offered_and_restored_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    {
        let mut s = saved(dir.path());
        edit_title(&mut s, "崩溃前的标题");
        s.autosave();
        // The window dies without cleaning up: its lock goes, its file stays.
        drop(s);
    }
    let (mut s, step) = Session::start(None, Some(data));
    let Step::OfferRecovery(r) = step else {
        panic!("nothing offered: {step:?}");
    };
    assert_eq!(r.speech.title, "崩溃前的标题");
    assert!(matches!(s.resolve_recovery(true), Step::Done));
    assert_eq!(s.speech().title, "崩溃前的标题");
    assert!(s.doc().is_modified(), "restored text is not on disk yet");
    assert_eq!(s.path(), Some(dir.path().join("讲话.ron").as_path()));
}

/// Regression: a save killed midway left its temporary file beside the draft until the next
/// save in that folder. Opening the draft clears it.
#[cfg(target_os = "linux")]
#[test]
fn opening_a_draft_clears_a_killed_saves_leftover() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("讲话.ron");
    draft::save(&sample_speech(), &path).unwrap();
    // The largest pid never names a process: a save that died.
    let leftover = dir.path().join(format!(".jianggao-{}-abc.tmp", u32::MAX));
    std::fs::write(&leftover, "半截").unwrap();
    let (_s, _) = Session::start(Some(path), Some(dir.path().join("data")));
    assert!(!leftover.exists());
}
