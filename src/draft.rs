//! `.ron` drafts: reading and writing a speech on disk.
//!
//! Guarantees:
//! - The file is versioned. A file written by a newer version is refused with a clear error
//!   instead of being half-read.
//! - Loading never changes the file; a broken, truncated or non-RON file yields an error with
//!   line, column and path.
//! - Saving is atomic: the text goes to a temporary file in the same folder, is flushed to disk,
//!   then renamed over the target. The previous good file survives any failure before the
//!   rename, and the rename itself is all-or-nothing.
//! - Output is pretty RON with Chinese left unescaped, so drafts diff well.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::Speech;

/// The draft format written by this version.
pub const FORMAT_VERSION: u32 = 1;

/// Why a draft could not be read or written. The path comes last in every message.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    /// The file could not be opened, read, created or renamed.
    #[error("无法{action}：{source}：{path}")]
    Io {
        action: &'static str,
        source: std::io::Error,
        path: PathBuf,
    },
    /// The file is not valid UTF-8 RON of the draft format (broken, truncated, another kind
    /// of file).
    #[error("草稿格式错误，第 {line} 行第 {col} 列：{message}：{path}")]
    Parse {
        line: usize,
        col: usize,
        message: String,
        path: PathBuf,
    },
    /// The file was written by a newer version of the program.
    #[error(
        "草稿由更新版本（格式 {found}）保存，本版本只能读取格式 {FORMAT_VERSION} 及以下，请升级：{path}"
    )]
    NewerVersion { found: u32, path: PathBuf },
    /// The file parses but breaks an invariant (e.g. two paragraphs share an id).
    #[error("草稿内容无效：{message}：{path}")]
    Invalid { message: String, path: PathBuf },
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

/// Serialises a speech to draft text.
pub fn to_string(speech: &Speech) -> String {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .struct_names(false)
        .escape_strings(false);
    let draft = DraftOut {
        version: FORMAT_VERSION,
        speech,
    };
    // Serialising plain data structs with string keys into a String cannot fail.
    let mut text = ron::ser::to_string_pretty(&draft, config).unwrap_or_default();
    text.push('\n');
    text
}

/// Parses draft text; `path` is only used in error messages.
pub fn from_str(text: &str, path: &Path) -> Result<Speech, DraftError> {
    let parse_error = |e: ron::error::SpannedError| DraftError::Parse {
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
        path: path.to_owned(),
    };
    let options = ron::Options::default();
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

/// Loads a draft. The file is only read.
pub fn load(path: &Path) -> Result<Speech, DraftError> {
    let bytes = std::fs::read(path).map_err(|source| DraftError::Io {
        action: "读取草稿",
        source,
        path: path.to_owned(),
    })?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
        Err(e) => {
            let (line, col) = line_col(&bytes[..e.valid_up_to()]);
            return Err(DraftError::Parse {
                line,
                col,
                message: "不是 UTF-8 文本，可能不是讲稿草稿文件".into(),
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

/// Saves a draft atomically (see the module docs).
pub fn save(speech: &Speech, path: &Path) -> Result<(), DraftError> {
    write_atomic(path, to_string(speech).as_bytes()).map_err(|(action, source)| DraftError::Io {
        action,
        source,
        path: path.to_owned(),
    })
}

/// Writes `bytes` to `path` atomically: temp file in the same folder, fsync, rename, fsync of
/// the folder. On error, says which step failed; `path` is untouched unless the rename happened.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), (&'static str, std::io::Error)> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".jianggao-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| ("创建临时文件", e))?;
    tmp.write_all(bytes).map_err(|e| ("写入临时文件", e))?;
    tmp.as_file().sync_all().map_err(|e| ("写入磁盘", e))?;
    tmp.persist(path).map_err(|e| ("替换文件", e.error))?;
    // Make the rename itself durable. Folders cannot be opened for syncing on every platform;
    // a failure here leaves a complete file either way, so it is not an error.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Numbering;

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
        let text = to_string(&s);
        assert!(text.contains("在全市“科技”工作会议上的讲话"), "{text}");
        assert!(text.starts_with("(\n    version: 1,"), "{text}");
        let back = from_str(&text, Path::new("x.ron")).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn newer_version_is_refused() {
        let text = to_string(&sample()).replace("version: 1,", "version: 9,");
        let err = from_str(&text, Path::new("新.ron")).unwrap_err();
        assert!(
            matches!(err, DraftError::NewerVersion { found: 9, .. }),
            "{err}"
        );
        assert!(err.to_string().ends_with("：新.ron"), "{err}");
    }

    #[test]
    fn broken_text_reports_line_and_column() {
        let text = to_string(&sample());
        let cut = &text[..text.len() / 2];
        let err = from_str(cut, Path::new("坏.ron")).unwrap_err();
        let DraftError::Parse { line, .. } = err else {
            panic!("expected a parse error, got {err}")
        };
        assert!(line > 1);
        assert!(from_str("不是草稿", Path::new("a.ron")).is_err());
    }

    #[test]
    fn duplicate_ids_are_invalid() {
        let mut s = sample();
        let dup = s.opening[0].clone();
        s.closing.push(dup);
        let err = from_str(&to_string(&s), Path::new("a.ron")).unwrap_err();
        assert!(matches!(err, DraftError::Invalid { .. }), "{err}");
    }
}
