//! Export: the speech handed over as plain text ([`text`]), a Word file ([`docx`]) or a PDF
//! ([`pdf`]), all laid out from the same [`crate::doc::blocks`]; the Word file and the PDF
//! are measured as [`pages`] lays out the page view.
//!
//! Every format goes through one entry ([`write_checked`]): it refuses to write over the draft
//! the speech came from, refuses to replace an existing file that is not one of its own
//! exports unless told to (then the old one is kept as `.bak`), refuses while findings that
//! gate export remain unless forced, and writes the file atomically. GBK export names every
//! character GBK cannot encode and refuses unless forced (then writes `?`), and never writes
//! `&#NNNN;`.

pub mod docx;
pub mod pages;
pub mod pdf;
pub mod text;

pub use text::{Encoding, LineEnding, encode, gbk_readable, render};

use std::path::Path;

use crate::check::{self, Finding};
use crate::doc::model::Speech;
use crate::store::written::{Kind, Ledger};

/// Where an export goes and what it may replace.
#[derive(Clone, Copy, Debug)]
pub struct Destination<'a> {
    pub path: &'a Path,
    /// The draft the speech came from: never written over.
    pub draft: Option<&'a Path>,
    /// Replace an existing file that is not one of this program's exports (it is kept as
    /// `NAME.bak` beside the new one).
    pub overwrite: bool,
    /// The record of the files this program wrote.
    pub ledger: &'a Ledger,
}

/// What an export writes.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Format {
    /// Plain text in a chosen encoding.
    #[default]
    Text,
    /// A Word document in a chosen layout.
    Docx,
    /// A PDF in a chosen layout, fonts embedded.
    Pdf,
}

impl Format {
    /// The file extension a format writes.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }

    /// Whether the format may be written to `path`: Word only to a `.docx`, PDF only to a
    /// `.pdf`; text anywhere but
    /// to a file whose extension names a draft or a document of another program.
    pub fn fits(self, path: &Path) -> bool {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match self {
            Format::Docx => ext.as_deref() == Some("docx"),
            Format::Pdf => ext.as_deref() == Some("pdf"),
            Format::Text => !ext.as_deref().is_some_and(|e| {
                [
                    "ron", "docx", "doc", "dotx", "wps", "wpt", "rtf", "odt", "pdf",
                ]
                .contains(&e)
            }),
        }
    }
}

/// Export settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Options {
    pub encoding: Encoding,
    pub line_ending: LineEnding,
    /// Export even with unfilled blanks or unencodable characters.
    pub force: bool,
}

/// Why an export did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Findings that gate export (unfilled blanks, direction controls) remain and the export
    /// was not forced.
    #[error("{}，未导出（可强制导出）", gate_summary(.0))]
    Blocked(Vec<Finding>),
    /// GBK cannot encode these characters and the export was not forced.
    #[error("GBK 无法编码这些字符：{}（可改用 GB18030 或 UTF-8，或强制导出以“?”代替）", .0.iter().collect::<String>())]
    Unencodable(Vec<char>),
    /// The output is the draft being exported: writing would replace the speech with text.
    #[error("导出文件不能是草稿本身（会用纯文本覆盖草稿），请换一个文件名：{}", .0.display())]
    OwnDraft(std::path::PathBuf),
    /// A file is at the path that is not one of this program's exports (someone's document, a
    /// draft, an export edited since), and replacing it was not asked for.
    #[error("{} 已存在，不是讲稿导出的文件（或导出后改过），未导出；确认覆盖时原文件会保留为同名的 .bak", .0.display())]
    Exists(std::path::PathBuf),
    /// The output's extension names another kind of file than the one written (text into a
    /// `.ron` draft or a Word file, Word into anything but a `.docx`).
    #[error("{}的文件名应以 .{} 结尾，不能写进草稿或其他格式的文件：{}", match .format { Format::Text => "纯文本", Format::Docx => "Word 文档", Format::Pdf => "PDF" }, .format.extension(), .path.display())]
    WrongType {
        format: Format,
        path: std::path::PathBuf,
    },
    /// Writing the file failed; an existing file is untouched.
    #[error("{source}：{}", .path.display())]
    Io {
        source: crate::store::files::WriteError,
        path: std::path::PathBuf,
    },
}

/// `还有 3 处待填项未填写、1 处方向控制字符未删除`: what blocks an export, in words.
pub fn gate_summary(findings: &[Finding]) -> String {
    let count = |rule: &str| findings.iter().filter(|f| f.rule == rule).count();
    let mut parts = Vec::new();
    for (n, what) in [
        (count(check::PLACEHOLDER), "待填项未填写"),
        (count(check::BIDI), "隐藏的方向符号未删除"),
        (count(check::CONTROL), "隐藏的控制符号未删除"),
    ] {
        if n > 0 {
            parts.push(format!("{n} 处{what}"));
        }
    }
    format!("还有 {}", parts.join("、"))
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub bytes: usize,
    pub encoding: Encoding,
    /// Characters replaced by `?` in a forced GBK export.
    pub replaced: Vec<char>,
    /// Gating findings (blanks, control characters) that a forced export let through.
    pub blanks_left: usize,
    /// Where the replaced file's previous version was kept, if one was.
    pub backup: Option<std::path::PathBuf>,
}

/// Checks, renders, encodes and atomically writes the speech to `to.path`; never over the
/// draft it came from, nor over someone's file unless `to.overwrite`. Nothing is written when
/// the export is refused.
pub fn export_to_file(
    speech: &Speech,
    to: &Destination,
    options: &Options,
) -> Result<Report, ExportError> {
    let mut replaced = Vec::new();
    let (bytes, blanks_left, backup) =
        write_checked(speech, to, Format::Text, options.force, || {
            let (bytes, bad) = encode(&render(speech), options)?;
            replaced = bad;
            Ok(bytes)
        })?;
    Ok(Report {
        bytes,
        encoding: options.encoding,
        replaced,
        blanks_left,
        backup,
    })
}

/// What a Word export wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocxReport {
    pub bytes: usize,
    /// Gating findings (blanks, control characters) that a forced export let through.
    pub blanks_left: usize,
    /// Control characters left out: a Word document cannot hold them.
    pub dropped: usize,
    /// Where the replaced file's previous version was kept, if one was.
    pub backup: Option<std::path::PathBuf>,
}

/// Exports the speech as a Word document in `layout`, with the same gate and the same refusal
/// to overwrite its own draft as the text export.
/// With `track`, what changed since its version is written as Word's tracked changes.
pub fn export_docx_to_file(
    speech: &Speech,
    to: &Destination,
    layout: docx::Layout,
    force: bool,
    track: Option<&docx::Track>,
) -> Result<DocxReport, ExportError> {
    let path = to.path;
    let (bytes, blanks_left, backup) = write_checked(speech, to, Format::Docx, force, || {
        match track {
            Some(t) => docx::bytes_tracked(speech, layout, t),
            None => docx::bytes(speech, layout),
        }
        .map_err(|e| not_made("生成 Word 文档", e, path))
    })?;
    Ok(DocxReport {
        bytes,
        blanks_left,
        dropped: docx::unwritable_count(speech),
        backup,
    })
}

/// A file that could not be made (the Word or PDF writer failed): nothing was written.
fn not_made(action: &'static str, why: String, path: &Path) -> ExportError {
    ExportError::Io {
        source: crate::store::files::WriteError {
            action,
            source: std::io::Error::other(why),
            backup: None,
        },
        path: path.to_owned(),
    }
}

/// What a PDF export wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PdfReport {
    pub bytes: usize,
    /// Pages, faces used, characters no face has.
    pub facts: pdf::PdfFacts,
    /// Gating findings (blanks, control characters) that a forced export let through.
    pub blanks_left: usize,
    /// Where the replaced file's previous version was kept, if one was.
    pub backup: Option<std::path::PathBuf>,
}

/// Exports the speech as a PDF in `layout` (see [`pages`]), with the same gate and the same
/// refusals as every export.
pub fn export_pdf_to_file(
    speech: &Speech,
    to: &Destination,
    layout: docx::Layout,
    force: bool,
    fonts: pdf::FontSource,
) -> Result<PdfReport, ExportError> {
    let path = to.path;
    let mut facts = None;
    let (bytes, blanks_left, backup) = write_checked(speech, to, Format::Pdf, force, || {
        let (bytes, f) =
            pdf::bytes(speech, layout, fonts).map_err(|e| not_made("生成 PDF", e, path))?;
        facts = Some(f);
        Ok(bytes)
    })?;
    Ok(PdfReport {
        bytes,
        facts: facts.expect("made when written"),
        blanks_left,
        backup,
    })
}

/// The one way an export reaches the disk: not over the speech's own draft, not into a file
/// whose extension names another kind of file than `format`, not over someone's file unless
/// told to, not while gating findings remain unless `force`d, then the bytes from `make`
/// written atomically. Returns the bytes written, how many gating findings a forced export
/// let through, and where the replaced file's previous version is (`NAME.bak`, or in the data
/// folder after an in-place write).
fn write_checked(
    speech: &Speech,
    to: &Destination,
    format: Format,
    force: bool,
    make: impl FnOnce() -> Result<Vec<u8>, ExportError>,
) -> Result<(usize, usize, Option<std::path::PathBuf>), ExportError> {
    let path = to.path;
    if let Some(draft) = to.draft
        && (crate::store::files::same_file(draft, path)
            || crate::store::files::resolve_links(path).is_ok_and(|p| p == draft))
    {
        return Err(ExportError::OwnDraft(path.to_owned()));
    }
    if !format.fits(path) {
        return Err(ExportError::WrongType {
            format,
            path: path.to_owned(),
        });
    }
    let errors: Vec<Finding> = check::gating(&check::check(speech)).cloned().collect();
    if !errors.is_empty() && !force {
        return Err(ExportError::Blocked(errors));
    }
    let foreign = to.ledger.is_foreign(path, Kind::Export);
    if foreign && !to.overwrite {
        return Err(ExportError::Exists(path.to_owned()));
    }
    let bytes = make()?;
    let options = crate::store::files::WriteOptions {
        // Someone's file replaced at the user's word: its old version stays beside it.
        backup: foreign,
        fallback_dir: crate::store::data_dir::default_backups(),
        access: None,
    };
    let written = crate::store::files::replace_noting(path, &bytes, &options, &mut |t, m| {
        to.ledger.note(t, Kind::Export, m);
    })
    .map_err(|source| ExportError::Io {
        source,
        path: path.to_owned(),
    })?;
    Ok((bytes.len(), errors.len(), written.backup))
}

/// Writes a comparison (修改对照): Word when the name ends in `.docx`, otherwise UTF-8 text;
/// not over someone's file unless told to (then kept as `.bak`). Returns where the replaced
/// file's previous version is, if one was kept.
pub fn write_comparison(
    comparison: &crate::compare::Comparison,
    to: &Destination,
) -> Result<Option<std::path::PathBuf>, ExportError> {
    let path = to.path;
    let io = |source: crate::store::files::WriteError| ExportError::Io {
        source,
        path: path.to_owned(),
    };
    let format = if Format::Docx.fits(path) {
        Format::Docx
    } else {
        Format::Text
    };
    if !format.fits(path) {
        return Err(ExportError::WrongType {
            format,
            path: path.to_owned(),
        });
    }
    let foreign = to.ledger.is_foreign(path, Kind::Comparison);
    if foreign && !to.overwrite {
        return Err(ExportError::Exists(path.to_owned()));
    }
    let bytes = match format {
        Format::Pdf => unreachable!("a comparison is written as Word or text"),
        Format::Docx => docx::comparison_bytes(comparison).map_err(|e| {
            io(crate::store::files::WriteError {
                action: "生成 Word 文档",
                source: std::io::Error::other(e),
                backup: None,
            })
        })?,
        Format::Text => comparison.to_text().into_bytes(),
    };
    let options = crate::store::files::WriteOptions {
        backup: foreign,
        fallback_dir: crate::store::data_dir::default_backups(),
        access: None,
    };
    let written = crate::store::files::replace_noting(path, &bytes, &options, &mut |t, m| {
        to.ledger.note(t, Kind::Comparison, m);
    })
    .map_err(io)?;
    Ok(written.backup)
}
