//! Templates (范文模板): speeches to start a new draft from. The built-in ones are written for
//! this project and bundled; the user's own are drafts in the data folder's `templates/`.
//!
//! Guarantees: every built-in template loads, is valid and has blanks the checker finds (tested);
//! listing the user's templates reads no file's contents and looks at a bounded number of
//! entries; a template is read only when chosen, as a draft, within the draft's size limit; a
//! new template never replaces another.

use std::path::{Path, PathBuf};

use crate::doc::model::Speech;
use crate::store::draft::{self, DraftError};

/// A template bundled with the app.
#[derive(Clone, Copy, Debug)]
pub struct BuiltIn {
    /// The kind of speech, as the gallery names it.
    pub name: &'static str,
    /// What its parts are, in a few words.
    pub about: &'static str,
    ron: &'static str,
}

/// The bundled templates, in the gallery's order.
pub const BUILT_IN: [BuiltIn; 7] = [
    BuiltIn {
        name: "工作会议讲话",
        about: "总结成绩、分析形势、部署任务",
        ron: include_str!("../../assets/templates/work-meeting.ron"),
    },
    BuiltIn {
        name: "动员部署会讲话",
        about: "认识意义、明确任务、强化保障",
        ron: include_str!("../../assets/templates/mobilization.ron"),
    },
    BuiltIn {
        name: "表彰大会讲话",
        about: "祝贺先进、学习先进、营造氛围",
        ron: include_str!("../../assets/templates/commendation.ron"),
    },
    BuiltIn {
        name: "座谈会讲话",
        about: "评价发言、提出希望",
        ron: include_str!("../../assets/templates/symposium.ron"),
    },
    BuiltIn {
        name: "开学典礼致辞",
        about: "欢迎新生、回顾成绩、提出希望（毕业典礼同样适用）",
        ron: include_str!("../../assets/templates/school-opening.ron"),
    },
    BuiltIn {
        name: "开幕式致辞",
        about: "欢迎来宾、介绍概况、预祝成功",
        ron: include_str!("../../assets/templates/opening-ceremony.ron"),
    },
    BuiltIn {
        name: "党课讲稿",
        about: "领会内涵、查找差距、转化成效",
        ron: include_str!("../../assets/templates/party-lecture.ron"),
    },
];

impl BuiltIn {
    /// The template's speech.
    pub fn speech(&self) -> Result<Speech, DraftError> {
        draft::from_str(self.ron, Path::new(self.name))
    }
}

/// How many of the user's templates the gallery lists at most.
pub const MAX_LISTED: usize = 500;

/// The folder of the user's templates in the data folder.
pub fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join("templates")
}

/// The user's templates: their names and files, by name. Only the folder is read.
pub fn user_templates(data_dir: &Path) -> Vec<(String, PathBuf)> {
    let dir = folder(data_dir);
    crate::store::files::list_folder(&dir, &["ron"], MAX_LISTED)
        .into_iter()
        .filter(|(_, is_folder)| !is_folder)
        .map(|(file, _)| {
            let path = dir.join(&file);
            let name = Path::new(&file)
                .file_stem()
                .map_or_else(|| file.clone(), |s| s.to_string_lossy().into_owned());
            (name, path)
        })
        .collect()
}

/// A speech made ready to start from: its versions and dismissed findings belong to the speech
/// it was made from, not to a new one.
pub fn as_template(speech: &Speech) -> Speech {
    let mut out = speech.clone();
    out.versions.clear();
    out.settings.dismissed.clear();
    out
}

/// A file name for a template called `name`: characters no file system takes become `_`,
/// at most 60 characters, never empty.
pub fn file_name(name: &str) -> String {
    let cleaned: String = name
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .take(60)
        .collect();
    let cleaned = cleaned.trim_start_matches('.').trim().to_owned();
    if cleaned.is_empty() {
        "模板".to_owned()
    } else {
        cleaned
    }
}

/// Saves `speech` as a template called `name` in the data folder. A name already taken gets
/// a number (`名称（2）`): a template never replaces another. Returns the file written.
pub fn save(data_dir: &Path, name: &str, speech: &Speech) -> Result<PathBuf, DraftError> {
    let dir = folder(data_dir);
    crate::store::data_dir::ensure(&dir).map_err(|source| DraftError::Io {
        action: "创建模板文件夹",
        source,
        path: dir.clone(),
    })?;
    let base = file_name(name);
    let path = free_path(&dir, &base).map_err(|source| DraftError::Io {
        action: "保存模板",
        source,
        path: dir.join(&base),
    })?;
    let options = crate::store::files::WriteOptions::owner_only();
    draft::save_with(&as_template(speech), &path, &options)?;
    Ok(path)
}

/// Takes one of the user's templates out of the gallery: the file moves to the data folder's
/// `backups/` (named `模板-NAME.ron`, numbered if taken), so a deletion can still be undone by
/// hand. Only a `.ron` file directly in the templates folder is moved. Returns where it went.
pub fn remove(data_dir: &Path, path: &Path) -> std::io::Result<PathBuf> {
    let inside = path.parent() == Some(folder(data_dir).as_path())
        && path.extension().is_some_and(|x| x == "ron")
        && std::fs::symlink_metadata(path)?.is_file();
    if !inside {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "不是模板文件夹里的模板",
        ));
    }
    let backups = crate::store::data_dir::backups(data_dir);
    crate::store::data_dir::ensure(&backups)?;
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let to = free_path(&backups, &format!("模板-{stem}"))?;
    std::fs::rename(path, &to)?;
    Ok(to)
}

/// `STEM.ron` in `dir`, or `STEM（2）.ron`, `STEM（3）.ron`… : the first that nothing holds
/// (at most a thousand are tried).
fn free_path(dir: &Path, stem: &str) -> std::io::Result<PathBuf> {
    (1..=1000)
        .map(|n| match n {
            1 => dir.join(format!("{stem}.ron")),
            n => dir.join(format!("{stem}（{n}）.ron")),
        })
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::AlreadyExists, "同名文件过多"))
}

/// Reads a user's template (a draft; see [`draft::load`]).
pub fn load(path: &Path) -> Result<Speech, DraftError> {
    draft::load(path).map(|s| as_template(&s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_template_loads_numbers_itself_and_has_blanks_that_gate_export() {
        for t in BUILT_IN {
            let speech = t.speech().unwrap_or_else(|e| panic!("{}: {e}", t.name));
            assert!(!speech.title.is_empty(), "{}", t.name);
            assert!(!speech.salutation.is_empty(), "{}", t.name);
            let findings = crate::check::check(&speech);
            let blanks = crate::check::gating(&findings).count();
            assert!(blanks >= 5, "{}: {blanks} blanks", t.name);
            // Blanks are the only findings: a template teaches nothing wrong.
            let other: Vec<_> = findings
                .iter()
                .filter(|f| f.rule != "placeholder")
                .map(|f| &f.message)
                .collect();
            assert!(other.is_empty(), "{}: {other:?}", t.name);
            // Its sections number themselves: 一、二、三、 at the top, 一是 or （一） below.
            let mut top = Vec::new();
            crate::doc::numbering::walk_labelled(&speech, &mut |depth, label, _| {
                if depth == 0 {
                    top.push(label.to_owned());
                }
            });
            let want: Vec<String> = (0..top.len())
                .map(|i| crate::doc::numbering::label(speech.numbering, 0, i, top.len()))
                .collect();
            assert_eq!(top, want, "{}", t.name);
            if let Some(first) = top.first() {
                assert_eq!(first, "一、", "{}", t.name);
            }
            // Written for this project, in its own words: no two templates share a paragraph.
            assert!(
                speech.opening.iter().all(|p| !p.text.is_empty()),
                "{}",
                t.name
            );
        }
        let openings: std::collections::HashSet<String> = BUILT_IN
            .iter()
            .map(|t| t.speech().unwrap().opening[0].text.clone())
            .collect();
        assert_eq!(openings.len(), BUILT_IN.len());
    }

    #[test]
    fn file_names_are_safe_and_never_empty() {
        assert_eq!(file_name("在*年全市会议上的讲话"), "在_年全市会议上的讲话");
        assert_eq!(file_name("../上级/文件"), "_上级_文件");
        assert_eq!(file_name("  "), "模板");
        assert_eq!(file_name("..."), "模板");
        assert_eq!(file_name(&"长".repeat(100)).chars().count(), 60);
    }

    #[test]
    fn a_saved_template_is_listed_loads_and_never_replaces_another() {
        let dir = tempfile::tempdir().unwrap();
        let speech = BUILT_IN[0].speech().unwrap();
        let first = save(dir.path(), "我的模板", &speech).unwrap();
        let second = save(dir.path(), "我的模板", &speech).unwrap();
        assert_ne!(first, second);
        assert!(second.ends_with("我的模板（2）.ron"));
        let listed = user_templates(dir.path());
        let names: Vec<&str> = listed.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["我的模板", "我的模板（2）"]);
        assert_eq!(load(&first).unwrap(), speech);
    }

    #[test]
    fn a_template_leaves_the_versions_and_dismissals_of_its_speech_behind() {
        let mut speech = BUILT_IN[1].speech().unwrap();
        speech.settings.target_minutes = Some(20);
        speech
            .settings
            .dismissed
            .push(crate::doc::model::Dismissal {
                rule: "placeholder".into(),
                target: crate::doc::model::TextRef::Field(crate::doc::model::Field::Title),
                matched: "*".into(),
            });
        speech
            .versions
            .push(std::sync::Arc::new(crate::doc::model::Version {
                name: "一稿".into(),
                saved: "2026-12-06 10:00".into(),
                note: String::new(),
                speech: Speech::new(),
            }));
        let template = as_template(&speech);
        assert!(template.versions.is_empty() && template.settings.dismissed.is_empty());
        assert_eq!(template.settings.target_minutes, Some(20));
    }

    #[test]
    fn a_removed_template_leaves_the_list_for_the_backups_and_nothing_else_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let speech = BUILT_IN[3].speech().unwrap();
        let path = save(dir.path(), "座谈", &speech).unwrap();
        let kept = remove(dir.path(), &path).unwrap();
        assert!(user_templates(dir.path()).is_empty());
        assert!(kept.ends_with("backups/模板-座谈.ron"));
        assert_eq!(draft::load(&kept).unwrap(), speech);
        // A second template of that name keeps the first copy.
        let path = save(dir.path(), "座谈", &speech).unwrap();
        assert!(
            remove(dir.path(), &path)
                .unwrap()
                .ends_with("模板-座谈（2）.ron")
        );
        // A file elsewhere is never moved.
        let other = dir.path().join("别处.ron");
        std::fs::write(&other, "x").unwrap();
        assert!(remove(dir.path(), &other).is_err());
        assert!(other.exists());
    }

    #[test]
    fn a_missing_templates_folder_lists_nothing() {
        let dir = tempfile::tempdir().unwrap();
        assert!(user_templates(dir.path()).is_empty());
    }
}
