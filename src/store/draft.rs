//! `.ron` drafts: reading and writing a speech on disk.
//!
//! Guarantees:
//! - The file is versioned. A file written by a newer version is refused with a clear error
//!   instead of being half-read.
//! - Loading never changes the file; a broken, truncated or non-RON file yields an error with
//!   line, column and path.
//! - Every draft this program writes loads again: a speech that cannot be serialised (or is
//!   nested deeper than [`MAX_DEPTH`]) is an error and nothing is written; the reader accepts
//!   every depth the editor can make.
//! - Saving goes through [`crate::store::files::replace`]: atomic, the file's mode, group and
//!   links kept, the previous version kept as `NAME.ron.bak`.
//! - Output is pretty RON with Chinese left unescaped, so drafts diff well.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::doc::model::{MAX_DEPTH, Speech};
use crate::store::files::{self, WriteOptions};

/// The newest draft format this version reads and writes. Format 2 added unnumbered standalone
/// headings ([`crate::doc::model::Numbering::Plain`]), format 3 named versions
/// ([`crate::doc::model::Version`]), format 4 back matter ([`Speech::appendix`]), format 5 a returned file's review
/// ([`Speech::review`]). A draft is written in the oldest format that holds it, so that
/// earlier versions keep opening drafts that use nothing new.
pub const FORMAT_VERSION: u32 = 5;

/// The oldest format that holds everything in `speech`.
pub fn format_needed(speech: &Speech) -> u32 {
    let plain = |s: &Speech| s.uses_numbering(crate::doc::model::Numbering::Plain);
    let appendix = |s: &Speech| !s.appendix.is_empty();
    if !speech.review.is_empty() {
        5
    } else if appendix(speech) || speech.versions.iter().any(|v| appendix(&v.speech)) {
        4
    } else if !speech.versions.is_empty() {
        3
    } else if plain(speech) {
        2
    } else {
        1
    }
}

/// Why a draft could not be read or written. The path comes last in every message.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    /// The file could not be opened, read, created or renamed.
    #[error("无法{action}：{}：{path}", files::Reason(.source))]
    Io {
        action: &'static str,
        source: std::io::Error,
        path: PathBuf,
    },
    /// The file is not valid UTF-8 RON of the draft format (broken, truncated, another kind
    /// of file).
    #[error(
        "草稿文件已损坏，或不是讲稿的草稿（第 {line} 行第 {col} 个字处：{message}），文件未改动；如有同名的 .bak 备份，可打开它：{path}"
    )]
    Parse {
        line: usize,
        col: usize,
        message: String,
        path: PathBuf,
    },
    /// The file was written by a newer version of the program.
    #[error(
        "这份草稿是用更新版的讲稿保存的（草稿格式 {found}，本版能读到 {FORMAT_VERSION}），请升级讲稿后再打开：{path}"
    )]
    NewerVersion { found: u32, path: PathBuf },
    /// The file parses but breaks an invariant (e.g. two paragraphs share an id).
    #[error("草稿内容无效：{message}：{path}")]
    Invalid { message: String, path: PathBuf },
    /// The speech could not be turned into draft text; nothing was written.
    #[error("无法生成草稿内容：{message}")]
    Serialize { message: String },
    /// The file could not be written; the previous file is untouched.
    #[error("无法保存草稿：{source}：{path}")]
    Write {
        source: files::WriteError,
        path: PathBuf,
    },
}

/// How deep the RON reader and writer may nest. A section level costs three to four (the
/// section, its `children` list, the option and struct layers around them); the rest of the
/// draft a handful. Bounded so that a hostile file cannot overflow the stack; a speech of
/// [`MAX_DEPTH`] levels loads (tested).
/// A version holds a whole speech a few layers down.
const RON_RECURSION_LIMIT: usize = 4 * MAX_DEPTH + 48;

fn ron_options() -> ron::Options {
    ron::Options::default().with_recursion_limit(RON_RECURSION_LIMIT)
}

#[derive(Serialize)]
struct DraftOut<'a> {
    version: u32,
    speech: &'a Speech,
}

#[derive(Deserialize)]
struct DraftIn {
    /// Checked by the probe before the full parse.
    #[serde(rename = "version")]
    _version: u32,
    speech: Speech,
}

/// Reads only the version, so a newer file is recognised even if its speech no longer parses.
#[derive(Deserialize)]
struct VersionProbe {
    version: u32,
}

/// Pretty RON of any value under the draft's limits (recovery files use it too).
pub(crate) fn ron_text<T: Serialize>(value: &T) -> Result<String, DraftError> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .struct_names(false)
        .escape_strings(false);
    let mut text =
        ron_options()
            .to_string_pretty(value, config)
            .map_err(|e| DraftError::Serialize {
                message: e.to_string(),
            })?;
    text.push('\n');
    Ok(text)
}

/// Parses RON written by [`ron_text`].
pub(crate) fn ron_value<T: serde::de::DeserializeOwned>(
    text: &str,
) -> Result<T, ron::error::SpannedError> {
    ron_options().from_str(text)
}

/// Serialises a speech to draft text. Refuses a speech the reader would not load back.
pub fn to_string(speech: &Speech) -> Result<String, DraftError> {
    let depth = speech.depth();
    if depth > MAX_DEPTH {
        return Err(DraftError::Serialize {
            message: format!("小节层级 {depth} 层，超过上限 {MAX_DEPTH} 层"),
        });
    }
    ron_text(&DraftOut {
        version: format_needed(speech),
        speech,
    })
}

/// Parses draft text; `path` is only used in error messages.
pub fn from_str(text: &str, path: &Path) -> Result<Speech, DraftError> {
    let parse_error = |e: ron::error::SpannedError| DraftError::Parse {
        line: e.span.start.line,
        col: e.span.start.col,
        message: match e.code {
            ron::Error::ExceededRecursionLimit => {
                format!("嵌套过深（讲稿小节最多 {MAX_DEPTH} 层）")
            }
            // The parser's own words are English: named as its details, after the plain part.
            code => format!("详情：{code}"),
        },
        path: path.to_owned(),
    };
    let options = ron_options();
    if let Ok(probe) = options.from_str::<VersionProbe>(text)
        && probe.version > FORMAT_VERSION
    {
        return Err(DraftError::NewerVersion {
            found: probe.version,
            path: path.to_owned(),
        });
    }
    let draft: DraftIn = options.from_str(text).map_err(parse_error)?;
    let mut speech = draft.speech;
    speech.validate().map_err(|message| DraftError::Invalid {
        message,
        path: path.to_owned(),
    })?;
    Ok(speech)
}

/// The largest draft opened: 128 MiB, room for a long speech with a hundred versions.
/// Parsing is linear in the file.
pub const MAX_DRAFT: u64 = 128 << 20;

/// Loads a draft (a regular file of at most [`MAX_DRAFT`]). The file is only read.
pub fn load(path: &Path) -> Result<Speech, DraftError> {
    load_fingerprinted(path).map(|(speech, _)| speech)
}

/// [`load`], also saying what the file held when it was read (to tell later whether someone
/// saved over it).
pub fn load_fingerprinted(path: &Path) -> Result<(Speech, files::Fingerprint), DraftError> {
    let io = |source| DraftError::Io {
        action: "读取草稿",
        source,
        path: path.to_owned(),
    };
    let file = files::open_regular(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    let bytes = files::read_bounded_from(file, MAX_DRAFT).map_err(io)?;
    let fingerprint = files::Fingerprint::new(&bytes, &meta);
    parse_bytes(&bytes, path).map(|speech| (speech, fingerprint))
}

fn parse_bytes(bytes: &[u8], path: &Path) -> Result<Speech, DraftError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
        Err(e) => {
            let (line, col) = line_col(&bytes[..e.valid_up_to()]);
            // Nothing wrong but the last bytes, a character begun and not finished: the file
            // was cut off (a copy or a save broken off), not another kind of file.
            let message = if e.error_len().is_none() {
                "文件在一个字的中间断开，草稿不完整（可能复制或保存时中断）；可打开同名的 .bak 备份"
            } else {
                "文件里有不是文字的内容，可能不是讲稿的草稿"
            };
            return Err(DraftError::Parse {
                line,
                col,
                message: message.into(),
                path: path.to_owned(),
            });
        }
    };
    from_str(text, path)
}

fn line_col(valid: &[u8]) -> (usize, usize) {
    let text = String::from_utf8_lossy(valid);
    let line = text.matches('\n').count() + 1;
    let col = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// How drafts are written: previous version kept as `NAME.ron.bak`; when the draft's folder is
/// read-only, the backup goes to `backups/` in the data folder before an in-place write.
pub fn write_options() -> WriteOptions {
    WriteOptions {
        backup: true,
        fallback_dir: crate::store::data_dir::default_backups(),
        access: None,
    }
}

/// Saves a draft (see the module docs). Nothing is written when the speech cannot be
/// serialised.
pub fn save(speech: &Speech, path: &Path) -> Result<files::Written, DraftError> {
    save_with(speech, path, &write_options())
}

/// Saves a draft with explicit write options.
pub fn save_with(
    speech: &Speech,
    path: &Path,
    options: &WriteOptions,
) -> Result<files::Written, DraftError> {
    save_noting(speech, path, options, &mut |_, _| {})
}

/// [`save_with`], telling `note` the file about to appear (see [`files::replace_noting`]).
pub fn save_noting(
    speech: &Speech,
    path: &Path,
    options: &WriteOptions,
    note: &mut dyn FnMut(&Path, &std::fs::Metadata),
) -> Result<files::Written, DraftError> {
    let text = to_string(speech)?;
    files::replace_noting(path, text.as_bytes(), options, note).map_err(|source| {
        DraftError::Write {
            source,
            path: path.to_owned(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::model::Numbering;

    fn sample() -> Speech {
        let mut s = Speech::new();
        s.title = "在全市“科技”工作会议上的讲话".into();
        s.speaker = "张三".into();
        s.opening[0].text = "刚才，\"引号\"与\\反斜杠\n换行".into();
        let mut a = s.new_section("强化真抓实干".into());
        a.child_numbering = Numbering::Yao;
        let b = s.new_section("实施好工程".into());
        a.children.push(b);
        s.sections.push(a);
        let c = s.new_paragraph("同志们，……！".into());
        s.closing.push(c);
        s
    }

    #[test]
    fn round_trip_is_exact_and_chinese_is_readable() {
        let s = sample();
        let text = to_string(&s).unwrap();
        assert!(text.contains("在全市“科技”工作会议上的讲话"), "{text}");
        assert!(text.starts_with("(\n    version: 1,"), "{text}");
        let back = from_str(&text, Path::new("x.ron")).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn unnumbered_headings_make_a_format_2_draft_others_stay_format_1() {
        let mut s = sample();
        assert!(to_string(&s).unwrap().starts_with("(\n    version: 1,"));
        let leaf = s.new_section("无下级".into());
        s.sections.push(leaf);
        s.sections.last_mut().unwrap().child_numbering = Numbering::Plain;
        // A group without members uses nothing.
        assert!(to_string(&s).unwrap().starts_with("(\n    version: 1,"));
        s.numbering = Numbering::Plain;
        let text = to_string(&s).unwrap();
        assert!(text.starts_with("(\n    version: 2,"), "{text}");
        let back = from_str(&text, Path::new("a.ron")).unwrap();
        assert_eq!(back, s);
        // What a version that only reads format 1 would say of it is what this one says of a
        // format newer than its own.
        let next = FORMAT_VERSION + 1;
        let newer = text.replacen("version: 2,", &format!("version: {next},"), 1);
        let err = from_str(&newer, Path::new("a.ron")).unwrap_err();
        assert!(
            err.to_string().contains(&format!("草稿格式 {next}")),
            "{err}"
        );
    }

    #[test]
    fn back_matter_makes_a_format_4_draft_that_reads_back() {
        let mut s = sample();
        let p = s.new_paragraph("附件".into());
        s.appendix.push(p);
        let p = s.new_paragraph("一、参会人员名单".into());
        s.appendix.push(p);
        let text = to_string(&s).unwrap();
        assert!(text.starts_with("(\n    version: 4,"), "{text}");
        let back = from_str(&text, Path::new("a.ron")).unwrap();
        assert_eq!(back, s);
        // A draft without back matter stays readable by the versions before it.
        s.appendix.clear();
        assert!(to_string(&s).unwrap().starts_with("(\n    version: 1,"));
    }

    #[test]
    fn a_review_makes_a_format_5_draft_that_reads_back() {
        use crate::doc::model::review::{ChangeKind, Comment, Review, TrackedChange};
        let mut s = sample();
        let para = s.opening[0].id;
        s.review = Review {
            source: "改稿.docx".into(),
            changes: vec![TrackedChange {
                id: 1,
                author: "张局长".into(),
                date: "2026-12-01T09:30:00Z".into(),
                kind: ChangeKind::Text {
                    target: crate::doc::model::TextRef::Paragraph(para),
                    at: 2,
                    old: "召开".into(),
                    new: "隆重召开".into(),
                    before: "今天".into(),
                    after: "全市".into(),
                },
            }],
            comments: vec![Comment {
                id: 2,
                author: "王科长".into(),
                date: String::new(),
                text: "此处数据再核实".into(),
                target: None,
                at: 0,
                quote: String::new(),
                replies: Vec::new(),
                resolved: true,
            }],
            left_out: vec!["1 处格式修改未列入".into()],
        };
        let text = to_string(&s).unwrap();
        assert!(text.starts_with("(\n    version: 5,"), "{text}");
        assert_eq!(from_str(&text, Path::new("a.ron")).unwrap(), s);
        // Ended, the draft goes back to the format before.
        s.review = Review::default();
        assert!(to_string(&s).unwrap().starts_with("(\n    version: 1,"));
    }

    /// Regression: a speaking rate or target of 0 was accepted (and divided by).
    #[test]
    fn a_rate_or_target_out_of_range_is_refused_by_name() {
        for (rate, target, what) in [(Some(0), None, "语速"), (None, Some(0), "目标时长")] {
            let mut s = sample();
            s.settings.rate = rate;
            s.settings.target_minutes = target;
            let err = from_str(&to_string(&s).unwrap(), Path::new("a.ron")).unwrap_err();
            assert!(err.to_string().contains(what), "{err}");
        }
        let mut s = sample();
        s.settings.rate = Some(200);
        s.settings.target_minutes = Some(30);
        assert!(from_str(&to_string(&s).unwrap(), Path::new("a.ron")).is_ok());
    }

    #[test]
    fn newer_version_is_refused() {
        let text = to_string(&sample())
            .unwrap()
            .replace("version: 1,", "version: 9,");
        let err = from_str(&text, Path::new("新.ron")).unwrap_err();
        assert!(
            matches!(err, DraftError::NewerVersion { found: 9, .. }),
            "{err}"
        );
        assert!(err.to_string().ends_with("：新.ron"), "{err}");
    }

    #[test]
    fn broken_text_reports_line_and_column() {
        let text = to_string(&sample()).unwrap();
        let cut = &text[..text.len() / 2];
        let err = from_str(cut, Path::new("坏.ron")).unwrap_err();
        let DraftError::Parse { line, .. } = err else {
            panic!("expected a parse error, got {err}")
        };
        assert!(line > 1);
        assert!(from_str("不是草稿", Path::new("a.ron")).is_err());
    }

    /// Regression: a draft cut off mid-character was called "not UTF-8", as if it were another
    /// kind of file.
    #[test]
    fn a_draft_cut_mid_character_says_it_is_cut_off() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("断开.ron");
        let text = to_string(&sample()).unwrap();
        let at = text.find('讲').unwrap() + 1; // Inside the character's three bytes.
        std::fs::write(&path, &text.as_bytes()[..at]).unwrap();
        let err = load(&path).unwrap_err().to_string();
        assert!(err.contains("在一个字的中间断开"), "{err}");
        std::fs::write(&path, b"\xff\xfe\x00r\x00o\x00n").unwrap();
        let err = load(&path).unwrap_err().to_string();
        assert!(err.contains("不是文字的内容"), "{err}");
    }

    #[test]
    fn duplicate_ids_are_invalid() {
        let mut s = sample();
        let dup = s.opening[0].clone();
        s.closing.push(dup);
        let err = from_str(&to_string(&s).unwrap(), Path::new("a.ron")).unwrap_err();
        assert!(matches!(err, DraftError::Invalid { .. }), "{err}");
    }
}
