//! Regression tests for the ways work was lost: one test per failure found, named after it.
//! The app's share (prompts, dialogs, windows) is in `app.rs`.

use std::path::Path;
use std::process::{Command, Output};

use jianggao::check;
use jianggao::doc::edit::{Edit, EditError};
use jianggao::doc::history::Document;
use jianggao::doc::model::{CheckSettings, Dismissal, MAX_DEPTH, Speech, TextRef};
use jianggao::export;
use jianggao::store::draft;

fn run(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jianggao"))
        .args(args)
        .env("JIANGGAO_DATA_DIR", data)
        .output()
        .expect("the binary runs")
}

fn speech_with_blank() -> Speech {
    let mut s = Speech::new();
    s.title = "在全市工作会议上的讲话".into();
    s.opening[0].text = "今年全市完成投资*亿元。".into();
    s
}

/// Adds a child under the deepest section until the editor refuses.
fn nest_until_refused(doc: &mut Document) -> (usize, EditError) {
    let mut parent = None;
    for level in 1.. {
        match doc
            .apply(Edit::InsertSection {
                parent,
                index: 0,
                heading: format!("第{level}层"),
            })
            .map(|step| step.effect)
        {
            Ok(jianggao::doc::edit::Effect::Section(id)) => parent = Some(id),
            Ok(other) => panic!("unexpected effect {other:?}"),
            Err(e) => return (level - 1, e),
        }
    }
    unreachable!()
}

#[test]
fn deep_nesting_saves_as_a_one_byte_file_or_cannot_be_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = Document::new(Speech::new());
    let (levels, refusal) = nest_until_refused(&mut doc);
    assert_eq!(levels, MAX_DEPTH, "the editor stops at the cap");
    assert_eq!(refusal, EditError::TooDeep);
    assert!(refusal.to_string().contains(&MAX_DEPTH.to_string()));
    // The deepest speech the editor can make saves and loads back equal.
    let path = dir.path().join("深.ron");
    draft::save(doc.speech(), &path).unwrap();
    assert_eq!(&draft::load(&path).unwrap(), doc.speech());

    // Indenting or moving a subtree below the cap is refused too, and changes nothing.
    let top = doc.speech().sections[0].id;
    let before = doc.speech().clone();
    doc.apply(Edit::InsertSection {
        parent: None,
        index: 0,
        heading: "前一节".into(),
    })
    .unwrap();
    assert_eq!(doc.apply(Edit::Indent { id: top }), Err(EditError::TooDeep));
    assert_eq!(doc.speech().sections[1], before.sections[0]);
}

#[test]
fn serialiser_errors_are_not_swallowed_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("稿.ron");
    std::fs::write(&path, "上一次的好稿").unwrap();
    // Built past the editor's cap, as a hand-made or corrupted speech could be.
    let mut s = Speech::new();
    let mut chain = s.new_section("最深".into());
    for _ in 0..100 {
        let mut parent = s.new_section("上级".into());
        parent.children.push(chain);
        chain = parent;
    }
    s.sections.push(chain);
    let err = draft::save(&s, &path).unwrap_err();
    assert!(err.to_string().contains("层级"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "上一次的好稿");
}

#[test]
fn a_draft_too_deep_to_read_gives_a_clear_error() {
    // What older versions wrote for a 40-level speech: readable text, refused clearly.
    let mut text = String::from(
        "(version: 1, speech: (title: \"\", salutation: \"\", next_id: 1, sections: [",
    );
    for i in 0..40 {
        text.push_str(&format!("(id: {}, heading: \"x\", children: [", i + 1));
    }
    for _ in 0..40 {
        text.push_str("])");
    }
    text.push_str("]))");
    let err = draft::from_str(&text, Path::new("深.ron")).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains(&format!("最多 {MAX_DEPTH} 层")),
        "{message}"
    );
}

fn settings_off_and_dismissed(s: &Speech) -> CheckSettings {
    CheckSettings {
        disabled_rules: vec![check::PLACEHOLDER.into()],
        dismissed: vec![Dismissal {
            rule: check::PLACEHOLDER.into(),
            target: TextRef::Paragraph(s.opening[0].id),
            matched: "*".into(),
        }],
        ..CheckSettings::default()
    }
}

#[test]
fn blank_gate_switched_off_by_settings_or_dismissals() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = speech_with_blank();
    s.settings = settings_off_and_dismissed(&s);
    let draft_path = dir.path().join("关了待填项.ron");
    draft::save(&s, &draft_path).unwrap();

    let blanks = check::check(&s);
    assert_eq!(
        check::blanks(&blanks).count(),
        1,
        "the blank is still found"
    );

    let out = dir.path().join("out.txt");
    let refused = run(
        &[
            "export",
            draft_path.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(!out.exists(), "nothing written");
    let check = run(&["check", draft_path.to_str().unwrap()], dir.path());
    assert_eq!(
        check.status.code(),
        Some(1),
        "check fails while blanks remain"
    );
    let forced = run(
        &[
            "export",
            draft_path.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--force",
        ],
        dir.path(),
    );
    assert_eq!(forced.status.code(), Some(0));
    assert!(std::fs::read_to_string(&out).unwrap().contains('*'));
}

#[test]
fn export_over_its_own_draft_replaces_it_with_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("稿.ron");
    let mut s = speech_with_blank();
    s.opening[0].text = "今年全市完成投资三亿元。".into();
    draft::save(&s, &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let p = path.to_str().unwrap();
    let same = run(&["export", p, "-o", p, "--force"], dir.path());
    assert_eq!(same.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&same.stderr).contains("草稿本身"));
    // The same file under another name: `./`, and a link.
    let dotted = dir.path().join(".").join("稿.ron");
    let r = run(
        &["export", p, "-o", dotted.to_str().unwrap(), "--force"],
        dir.path(),
    );
    assert_eq!(r.status.code(), Some(2));
    #[cfg(unix)]
    {
        let link = dir.path().join("链接.txt");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        let r = run(
            &["export", p, "-o", link.to_str().unwrap(), "--force"],
            dir.path(),
        );
        assert_eq!(r.status.code(), Some(2));
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the draft is untouched"
    );
    assert_eq!(draft::load(&path).unwrap(), s);
}

#[cfg(unix)]
#[test]
fn save_turns_0644_into_0600_drops_the_group_and_replaces_links() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("稿.ron");
    let s = speech_with_blank();
    draft::save(&s, &path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    // A group the file did not have; changing it needs to be allowed (the super-user, or a
    // member of the group). Where it is not, the mode is still checked.
    let my_gid = std::fs::metadata(&path).unwrap().gid();
    let other_gid = if my_gid == 100 { 0 } else { 100 };
    let regrouped = std::os::unix::fs::chown(&path, None, Some(other_gid)).is_ok();
    let mut edited = s.clone();
    edited.title = "改过的标题".into();
    draft::save(&edited, &path).unwrap();
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
    if regrouped {
        assert_eq!(meta.gid(), other_gid, "group kept");
    }

    // Through a link: the real file is written, the link stays a link.
    let link = dir.path().join("快捷方式.ron");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    edited.title = "经由链接保存".into();
    draft::save(&edited, &link).unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(draft::load(&path).unwrap().title, "经由链接保存");

    // The previous version is kept beside the file.
    let bak = dir.path().join("稿.ron.bak");
    assert_eq!(draft::load(&bak).unwrap().title, "改过的标题");
}

#[cfg(target_os = "linux")]
#[test]
fn a_killed_save_leaves_temp_files_that_nothing_removes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("稿.ron");
    // What a save killed midway leaves: a temp file of a process that no longer runs.
    let leftover = dir
        .path()
        .join(format!(".jianggao-{}-a1b2c3.tmp", u32::MAX));
    std::fs::write(&leftover, vec![b'x'; 1 << 20]).unwrap();
    draft::save(&speech_with_blank(), &path).unwrap();
    let temps: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .map(|e| e.file_name())
        .collect();
    assert!(temps.is_empty(), "the next save removes them: {temps:?}");
}

#[test]
fn ids_near_u64_max_give_duplicates_after_adding_a_section() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Speech::new();
    s.opening[0].id.0 = u64::MAX - 1;
    let mut sec = s.new_section("甲".into());
    sec.id.0 = u64::MAX;
    s.sections.push(sec);
    s.next_id = u64::MAX;
    s.settings.dismissed.push(Dismissal {
        rule: "common-error".into(),
        target: TextRef::Heading(s.sections[0].id),
        matched: "甲".into(),
    });
    let path = dir.path().join("极端.ron");
    std::fs::write(&path, draft::to_string(&s).unwrap()).unwrap();
    let loaded = draft::load(&path).unwrap();
    let mut doc = Document::new(loaded);
    for i in 0..3 {
        doc.apply(Edit::InsertSection {
            parent: None,
            index: 0,
            heading: format!("新{i}"),
        })
        .unwrap();
    }
    draft::save(doc.speech(), &path).unwrap();
    let again = draft::load(&path).expect("reopens: no duplicate id");
    assert_eq!(&again, doc.speech());
    // The dismissal follows its heading to the new id.
    let heading = again
        .sections
        .iter()
        .find(|x| x.heading == "甲")
        .unwrap()
        .id;
    assert_eq!(
        again.settings.dismissed[0].target,
        TextRef::Heading(heading)
    );
}

#[test]
fn gbk_export_writes_gb18030_only_characters_without_refusing() {
    let mut s = Speech::new();
    s.title = "关于刘䶮的讲话".into();
    let opts = export::Options {
        encoding: export::Encoding::Gbk,
        ..export::Options::default()
    };
    let text = export::render(&s);
    match export::encode(&text, &opts) {
        Err(export::ExportError::Unencodable(chars)) => assert_eq!(chars, ['䶮']),
        other => panic!("expected a refusal, got {other:?}"),
    }
    let forced = export::Options {
        force: true,
        ..opts
    };
    let (bytes, replaced) = export::encode(&text, &forced).unwrap();
    assert_eq!(replaced, ['䶮']);
    assert!(!bytes.windows(2).any(|w| w == [0xFE, 0x9F]));
}

/// Every character the GBK export accepts is read back by an independent GBK decoder (the
/// system's iconv), and every one it refuses is not: checked over the whole BMP.
#[test]
fn gbk_export_agrees_with_an_independent_decoder() {
    let Ok(probe) = Command::new("iconv").arg("--version").output() else {
        eprintln!("iconv not installed: the independent check is skipped");
        return;
    };
    assert!(probe.status.success());
    let mut accepted = Vec::new();
    let mut refused = Vec::new();
    for c in (0x80u32..0x10000).filter_map(char::from_u32) {
        let one = c.to_string();
        let (bytes, _, unmappable) = encoding_rs::GBK.encode(&one);
        if unmappable || bytes.len() != 2 {
            continue;
        }
        if export::gbk_readable(c) {
            accepted.push((c, bytes.into_owned()));
        } else {
            refused.push((c, bytes.into_owned()));
        }
    }
    let decode = |pairs: &[(char, Vec<u8>)]| -> Vec<String> {
        // One character per line; iconv -c drops what it cannot read.
        let mut input = Vec::new();
        for (_, b) in pairs {
            input.extend_from_slice(b);
            input.push(b'\n');
        }
        let mut child = Command::new("iconv")
            .args(["-c", "-f", "GBK", "-t", "UTF-8"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(&input).unwrap();
        let out = child.wait_with_output().unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    };
    let back = decode(&accepted);
    assert_eq!(back.len(), accepted.len());
    for ((c, _), line) in accepted.iter().zip(&back) {
        assert_eq!(
            line,
            &c.to_string(),
            "U+{:04X} accepted but not read back",
            *c as u32
        );
    }
    let back = decode(&refused);
    for ((c, _), line) in refused.iter().zip(&back) {
        assert_ne!(
            line,
            &c.to_string(),
            "U+{:04X} refused but readable",
            *c as u32
        );
    }
    assert!(accepted.len() > 20_000, "{}", accepted.len());
}
