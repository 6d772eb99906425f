//! Unit tests of `session`.

use super::*;
use crate::doc::edit::Edit;
use crate::doc::model::{Field, TextRef};
use crate::store::files;

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
    assert!(matches!(step, Step::ImportReport { .. }), "{step:?}");
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
    assert!(file.is_file(), "{:?}", s.take_status());
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

/// Another window (or a colleague on the shared drive) saves `title` over the draft.
fn someone_saves(path: &Path, title: &str) {
    let mut theirs = draft::load(path).unwrap();
    theirs.title = title.into();
    draft::save_with(&theirs, path, &files::WriteOptions::default()).unwrap();
}

/// Regression: a save wrote over a version someone else had saved since the window opened the
/// draft, and said 已保存; the other version survived only in `.bak` until the next save.
#[test]
fn a_save_over_someone_elses_version_asks_and_each_answer_does_what_it_says() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = saved(dir.path());
    let path = dir.path().join("讲话.ron");
    edit_title(&mut s, "本窗口的标题");
    someone_saves(&path, "别人保存的标题");
    let theirs = std::fs::read_to_string(&path).unwrap();

    let Step::SaveConflict { path: p, then } = s.save() else {
        panic!("no question");
    };
    assert_eq!((p.as_path(), &then), (path.as_path(), &None));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "not written"
    );

    // 取消: nothing happens.
    assert!(matches!(
        s.resolve_conflict(path.clone(), None, ConflictChoice::Cancel),
        Step::Done
    ));
    assert!(s.doc().is_modified());
    // 比较: the version on disk against the text on screen; nothing is written.
    let Step::CompareWithDisk(c, _) =
        s.resolve_conflict(path.clone(), None, ConflictChoice::Compare)
    else {
        panic!("no comparison");
    };
    let text = c.to_text();
    assert!(
        text.contains("标题：[-别人保存-]{+本窗口+}的标题"),
        "{text}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    // 另存为: asks where, the draft stays theirs.
    assert!(matches!(
        s.resolve_conflict(path.clone(), None, ConflictChoice::SaveAs),
        Step::Dialog(
            DialogKind::SaveDraft { .. },
            DialogPurpose::SaveAs { then: None }
        )
    ));
    // 覆盖: written; their version is the .bak, and the next save asks nothing.
    assert!(matches!(
        s.resolve_conflict(path.clone(), None, ConflictChoice::Overwrite),
        Step::Done
    ));
    assert_eq!(draft::load(&path).unwrap().title, "本窗口的标题");
    let status = s.take_status().unwrap();
    assert!(status.contains("原来的版本保留为"), "{status}");
    let bak = dir.path().join("讲话.ron.bak");
    assert_eq!(std::fs::read_to_string(bak).unwrap(), theirs);
    assert!(!s.doc().is_modified());
    edit_title(&mut s, "再改一次");
    assert!(matches!(s.save(), Step::Done));
}

#[test]
fn closing_with_a_save_that_meets_another_version_quits_only_after_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = saved(dir.path());
    let path = dir.path().join("讲话.ron");
    edit_title(&mut s, "本窗口的标题");
    someone_saves(&path, "别人保存的标题");
    let Step::AskUnsaved(then) = s.close_requested() else {
        panic!("no prompt");
    };
    let Step::SaveConflict { then, .. } = s.resolve_unsaved(then, UnsavedChoice::Save) else {
        panic!("no question");
    };
    assert_eq!(then, Some(Pending::Close));
    // 另存为 carries the close along; 覆盖 saves and quits.
    assert!(matches!(
        s.resolve_conflict(path.clone(), then.clone(), ConflictChoice::SaveAs),
        Step::Dialog(
            _,
            DialogPurpose::SaveAs {
                then: Some(Pending::Close)
            }
        )
    ));
    assert!(matches!(
        s.resolve_conflict(path, then, ConflictChoice::Overwrite),
        Step::Quit
    ));
}

/// A file only touched (same bytes, a new time: a copy back, a sync tool) is no change.
#[test]
fn a_touched_draft_is_not_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = saved(dir.path());
    let path = dir.path().join("讲话.ron");
    let later = std::time::SystemTime::now() + Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(later)
        .unwrap();
    assert!(matches!(s.check_disk(), Step::Done));
    edit_title(&mut s, "本窗口的标题");
    assert!(matches!(s.save(), Step::Done));
    assert_eq!(draft::load(&path).unwrap().title, "本窗口的标题");
}

#[test]
fn a_change_while_open_is_announced_once_and_a_reload_can_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = saved(dir.path());
    let path = dir.path().join("讲话.ron");
    assert!(matches!(s.check_disk(), Step::Done), "nothing changed");
    edit_title(&mut s, "本窗口的标题");
    someone_saves(&path, "别人保存的标题");
    assert!(matches!(s.check_disk(), Step::ChangedOnDisk(p) if p == path));
    assert!(matches!(s.check_disk(), Step::Done), "told once");
    // 保留当前文本: editing goes on, and the save still asks.
    assert!(matches!(s.resolve_changed(ChangedChoice::Keep), Step::Done));
    assert_eq!(s.speech().title, "本窗口的标题");
    assert!(matches!(s.save(), Step::SaveConflict { .. }));
    // A newer version on disk is told again.
    someone_saves(&path, "别人又保存了一次，标题也更长");
    assert!(matches!(s.check_disk(), Step::ChangedOnDisk(_)));
    // 比较, then 重新载入: the disk's text, saved; one undo brings this window's back.
    assert!(matches!(
        s.resolve_changed(ChangedChoice::Compare),
        Step::CompareWithDisk(..)
    ));
    assert!(matches!(
        s.resolve_changed(ChangedChoice::Reload),
        Step::Done
    ));
    assert_eq!(s.speech().title, "别人又保存了一次，标题也更长");
    assert!(!s.doc().is_modified());
    assert!(matches!(s.check_disk(), Step::Done));
    assert!(s.doc_mut().undo());
    assert_eq!(s.speech().title, "本窗口的标题");
    assert!(s.doc().is_modified());
}

#[test]
fn a_draft_gone_from_disk_is_told_once_and_saved_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = saved(dir.path());
    let path = dir.path().join("讲话.ron");
    std::fs::remove_file(&path).unwrap();
    assert!(matches!(s.check_disk(), Step::Done));
    assert!(s.take_status().unwrap().contains("已被移走或删除"));
    assert!(matches!(s.check_disk(), Step::Done));
    assert_eq!(s.take_status(), None, "told once");
    edit_title(&mut s, "本窗口的标题");
    assert!(matches!(s.save(), Step::Done));
    assert_eq!(draft::load(&path).unwrap().title, "本窗口的标题");
}

/// A crashed window's work, restored after someone saved the draft, is not saved over their
/// version unasked: the recovery file remembers which version the work began from.
#[test]
fn restored_work_asks_before_saving_over_a_version_saved_after_the_crash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("讲话.ron");
    let data = dir.path().join("data");
    {
        let mut s = saved(dir.path());
        edit_title(&mut s, "崩溃前的标题");
        s.autosave();
        // The window crashes: its slot's lock goes with it, the file stays.
        drop(s.slot.take());
    }
    someone_saves(&path, "崩溃后别人保存的标题");
    let (mut s, step) = Session::start(Some(path.clone()), Some(data));
    assert!(matches!(step, Step::OfferRecovery(_)), "{step:?}");
    assert!(matches!(s.resolve_recovery(true), Step::Done));
    assert!(matches!(s.save(), Step::SaveConflict { .. }));
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

/// Regression: the `.bak`, the recovery file and its lock, and the recent list were made
/// 0644 beside or for a 0600 draft, in a data folder of 0755.
#[cfg(unix)]
#[test]
fn every_copy_is_as_private_as_the_draft_and_the_data_folder_is_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    for draft_mode in [0o600, 0o640] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("讲话.ron");
        let data = dir.path().join("data");
        draft::save(&sample_speech(), &path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(draft_mode)).unwrap();
        let (mut s, _) = Session::start(Some(path.clone()), Some(data.clone()));
        assert_eq!(mode(&data), 0o700);
        edit_title(&mut s, "改过的标题");
        s.autosave();
        let recovery = s.recovery_file().unwrap().to_owned();
        assert_eq!(
            mode(&recovery),
            draft_mode,
            "recovery of a {draft_mode:o} draft"
        );
        assert_eq!(mode(recovery.parent().unwrap()), 0o700);
        assert_eq!(mode(&recovery.with_extension("lock")), 0o600);
        assert!(matches!(s.save(), Step::Done));
        assert_eq!(mode(&path), draft_mode, "the draft keeps its own");
        assert_eq!(mode(&dir.path().join("讲话.ron.bak")), draft_mode);
        assert_eq!(mode(&data.join("recent.ron")), 0o600);
    }
    // An untitled speech's recovery file is owner-only.
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = Session::start(None, Some(dir.path().join("data")));
    edit_title(&mut s, "新讲话");
    s.autosave();
    assert_eq!(mode(s.recovery_file().unwrap()), 0o600);
}

/// Regression: a window that resized wrote all its settings, putting back the export settings
/// another window had changed since it started.
#[test]
fn one_window_keeps_the_settings_another_window_changed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (mut a, _) = Session::start(None, Some(data.clone()));
    let (mut b, _) = Session::start(None, Some(data.clone()));
    let mut export = a.export.clone();
    export.options.line_ending = crate::export::LineEnding::CrLf;
    a.set_export_settings(export);
    b.set_window_layout(WindowLayout {
        tree_width: Some(250.0),
        ..WindowLayout::default()
    });
    let kept = Preferences::load(&data);
    assert_eq!(
        kept.export.options.line_ending,
        crate::export::LineEnding::CrLf
    );
    assert_eq!(kept.window.tree_width, Some(250.0));
}
