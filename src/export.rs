//! Plain-text export following the layout conventions (§3): the text a drafter hands over.
//!
//! Layout: the title on its own line; subtitle, date and speaker lines if present; the
//! salutation flush left, ending in `：`; every paragraph on one line, indented with two U+3000;
//! standalone headings on their own indented line with their derived number; run-in items
//! (`一是`, `第一，`, lead sentences…) starting the line of their first paragraph.
//!
//! Guarantees: export refuses while error-severity findings remain unless forced; GBK export
//! names every character GBK cannot encode and refuses unless forced (then writes `?`), and never
//! writes `&#NNNN;`.

use std::path::Path;

use crate::checker::{self, Finding};
use crate::model::{Paragraph, Section, Speech};
use crate::numbering;

/// Two ideographic spaces: the paragraph indent.
pub const INDENT: &str = "\u{3000}\u{3000}";

/// Character encodings offered for export.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Encoding {
    #[default]
    Utf8,
    Utf8Bom,
    Gb18030,
    Gbk,
}

impl Encoding {
    /// Every encoding, in the order a menu offers them.
    pub const ALL: [Encoding; 4] = [
        Encoding::Utf8,
        Encoding::Utf8Bom,
        Encoding::Gb18030,
        Encoding::Gbk,
    ];

    /// The name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8（带 BOM）",
            Encoding::Gb18030 => "GB18030",
            Encoding::Gbk => "GBK",
        }
    }
}

/// Line endings.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum LineEnding {
    #[default]
    Lf,
    CrLf,
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
}

impl Format {
    /// The file extension a format writes.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Docx => "docx",
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
    /// Writing the file failed; an existing file is untouched.
    #[error("无法导出：{source}：{}", .path.display())]
    Io {
        source: crate::files::WriteError,
        path: std::path::PathBuf,
    },
}

/// `还有 3 处待填项未填写、1 处方向控制字符`: what blocks an export, in words.
pub fn gate_summary(findings: &[Finding]) -> String {
    let blanks = checker::blanks(findings).count();
    let bidi = findings.len() - blanks;
    let mut parts = Vec::new();
    if blanks > 0 {
        parts.push(format!("{blanks} 处待填项未填写"));
    }
    if bidi > 0 {
        parts.push(format!("{bidi} 处方向控制字符未删除"));
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
    /// Gating findings (blanks, direction controls) that a forced export let through.
    pub blanks_left: usize,
}

/// What a line of the exported speech is: the plain text and the .docx export lay out the same
/// blocks, so both carry exactly the same words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Title,
    /// Subtitle, date or speaker line under the title.
    Byline,
    /// One line of the salutation; the last ends in the layout's `：`.
    Salutation,
    /// A body paragraph.
    Body,
    /// A standalone heading at `depth` (0 = top level): derived number and heading text.
    Heading {
        depth: usize,
    },
    /// A paragraph that starts with a run-in marker or lead sentence at `depth`.
    RunIn {
        depth: usize,
    },
}

/// One exported line: `lead` is the heading (with its derived number) a run-in paragraph starts
/// with, or a standalone heading's whole text; `text` is the rest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub role: Role,
    pub lead: String,
    pub text: String,
}

impl Block {
    fn plain(role: Role, text: &str) -> Self {
        Block {
            role,
            lead: String::new(),
            text: text.to_owned(),
        }
    }

    /// Whether the line takes the two-character paragraph indent.
    pub fn indented(&self) -> bool {
        matches!(
            self.role,
            Role::Body | Role::Heading { .. } | Role::RunIn { .. }
        )
    }
}

/// A salutation as it is exported: `各位代表！` keeps the author's mark; otherwise the
/// layout's `：` ends it.
pub fn salutation_text(salutation: &str) -> String {
    let salutation = salutation.trim();
    if salutation.ends_with(['！', '!']) {
        salutation.to_owned()
    } else {
        format!("{}：", salutation.trim_end_matches([':', '：']))
    }
}

/// The speech as export lines, in order.
pub fn blocks(speech: &Speech) -> Vec<Block> {
    let mut out = Vec::new();
    if !speech.title.trim().is_empty() {
        out.push(Block::plain(Role::Title, speech.title.trim()));
    }
    for head in [&speech.subtitle, &speech.date_line, &speech.speaker] {
        if !head.trim().is_empty() {
            out.push(Block::plain(Role::Byline, head.trim()));
        }
    }
    let salutation = speech.salutation.trim();
    if !salutation.is_empty() {
        // A salutation over two lines keeps its break.
        for line in salutation_text(salutation).lines() {
            out.push(Block::plain(Role::Salutation, line));
        }
    }
    let body = |ps: &[Paragraph], out: &mut Vec<Block>| {
        out.extend(ps.iter().map(|p| Block::plain(Role::Body, p.text.trim())));
    };
    body(&speech.opening, &mut out);
    group_blocks(&speech.sections, speech.numbering, 0, &mut out);
    body(&speech.closing, &mut out);
    out
}

fn group_blocks(
    list: &[Section],
    style: crate::model::Numbering,
    depth: usize,
    out: &mut Vec<Block>,
) {
    for (i, s) in list.iter().enumerate() {
        let label = numbering::label(style, depth, i, list.len());
        let lead = format!("{label}{}", s.heading.trim());
        let mut rest = s.paragraphs.iter();
        if style.is_run_in() {
            // The marker and lead sentence start the first paragraph's line.
            let first = rest.next().map_or("", |p| p.text.trim());
            out.push(Block {
                role: Role::RunIn { depth },
                lead,
                text: first.to_owned(),
            });
        } else {
            out.push(Block {
                role: Role::Heading { depth },
                lead,
                text: String::new(),
            });
        }
        out.extend(rest.map(|p| Block::plain(Role::Body, p.text.trim())));
        group_blocks(&s.children, s.child_numbering, depth + 1, out);
    }
}

/// Renders the speech as plain text with `\n` line ends (one per line, including the last).
pub fn render(speech: &Speech) -> String {
    let mut out = String::new();
    for b in blocks(speech) {
        if b.indented() {
            out.push_str(INDENT);
        }
        out.push_str(&b.lead);
        out.push_str(&b.text);
        out.push('\n');
    }
    out
}

/// Encodes rendered text. Returns the bytes and the characters replaced by `?`.
pub fn encode(text: &str, options: &Options) -> Result<(Vec<u8>, Vec<char>), ExportError> {
    let text = match options.line_ending {
        LineEnding::Lf => std::borrow::Cow::Borrowed(text),
        LineEnding::CrLf => std::borrow::Cow::Owned(text.replace('\n', "\r\n")),
    };
    match options.encoding {
        Encoding::Utf8 => Ok((text.as_bytes().to_vec(), Vec::new())),
        Encoding::Utf8Bom => {
            let mut bytes = "\u{feff}".as_bytes().to_vec();
            bytes.extend_from_slice(text.as_bytes());
            Ok((bytes, Vec::new()))
        }
        // GB18030 covers all of Unicode, so nothing can be unencodable.
        Encoding::Gb18030 => encode_strict(&text, encoding_rs::GB18030, true),
        Encoding::Gbk => {
            // encoding_rs's GBK is the web's: it also writes GB18030-only codes (䶮 as FE 9F)
            // and private-use characters that GBK (CP936) readers reject. Those count as
            // unencodable too.
            let mut bad = Vec::new();
            let text: String = text
                .chars()
                .map(|c| {
                    if gbk_readable(c) {
                        c
                    } else {
                        if !bad.contains(&c) {
                            bad.push(c);
                        }
                        '?'
                    }
                })
                .collect();
            if !bad.is_empty() && !options.force {
                let (_, mut more) = encode_strict(&text, encoding_rs::GBK, true)?;
                more.retain(|c| !bad.contains(c));
                bad.extend(more);
                return Err(ExportError::Unencodable(bad));
            }
            let (bytes, more) = encode_strict(&text, encoding_rs::GBK, options.force)?;
            bad.extend(more);
            Ok((bytes, bad))
        }
    }
}

/// Characters that the web's GBK encoder maps to codes only GB18030 defines (checked against
/// a strict GBK decoder in the tests), besides the private use area.
const GB18030_ONLY: [(u32, u32); 56] = [
    (0x01F9, 0x01F9),
    (0x1E3F, 0x1E3F),
    (0x2E81, 0x2E81),
    (0x2E84, 0x2E84),
    (0x2E88, 0x2E88),
    (0x2E8B, 0x2E8C),
    (0x2E97, 0x2E97),
    (0x2EA7, 0x2EA7),
    (0x2EAA, 0x2EAA),
    (0x2EAE, 0x2EAE),
    (0x2EB3, 0x2EB3),
    (0x2EB6, 0x2EB7),
    (0x2EBB, 0x2EBB),
    (0x2ECA, 0x2ECA),
    (0x2FF0, 0x2FFB),
    (0x303E, 0x303E),
    (0x3447, 0x3447),
    (0x3473, 0x3473),
    (0x359E, 0x359E),
    (0x360E, 0x360E),
    (0x361A, 0x361A),
    (0x3918, 0x3918),
    (0x396E, 0x396E),
    (0x39CF, 0x39D0),
    (0x39DF, 0x39DF),
    (0x3A73, 0x3A73),
    (0x3B4E, 0x3B4E),
    (0x3C6E, 0x3C6E),
    (0x3CE0, 0x3CE0),
    (0x4056, 0x4056),
    (0x415F, 0x415F),
    (0x4337, 0x4337),
    (0x43AC, 0x43AC),
    (0x43B1, 0x43B1),
    (0x43DD, 0x43DD),
    (0x44D6, 0x44D6),
    (0x464C, 0x464C),
    (0x4661, 0x4661),
    (0x4723, 0x4723),
    (0x4729, 0x4729),
    (0x477C, 0x477C),
    (0x478D, 0x478D),
    (0x4947, 0x4947),
    (0x497A, 0x497A),
    (0x497D, 0x497D),
    (0x4982, 0x4983),
    (0x4985, 0x4986),
    (0x499B, 0x499B),
    (0x499F, 0x499F),
    (0x49B6, 0x49B7),
    (0x4C77, 0x4C77),
    (0x4C9F, 0x4CA3),
    (0x4D13, 0x4D19),
    (0x4DAE, 0x4DAE),
    (0x9FB4, 0x9FBB),
    (0xFE10, 0xFE19),
];

/// Whether a GBK (CP936) reader gets `c` back from what the GBK encoder writes for it (given the
/// encoder maps it at all).
pub fn gbk_readable(c: char) -> bool {
    let c = u32::from(c);
    if (0xE000..=0xF8FF).contains(&c) {
        return false;
    }
    GB18030_ONLY
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_err()
}

/// Encodes without encoding_rs's HTML-style `&#NNNN;` fallback: unmappable characters are
/// collected, and either refused or replaced with `?`.
fn encode_strict(
    text: &str,
    encoding: &'static encoding_rs::Encoding,
    force: bool,
) -> Result<(Vec<u8>, Vec<char>), ExportError> {
    let mut encoder = encoding.new_encoder();
    let mut out = Vec::with_capacity(text.len());
    let mut bad: Vec<char> = Vec::new();
    let mut rest = text;
    let mut buf = [0u8; 4096];
    loop {
        let (result, read, written) =
            encoder.encode_from_utf8_without_replacement(rest, &mut buf, true);
        out.extend_from_slice(&buf[..written]);
        rest = &rest[read..];
        match result {
            encoding_rs::EncoderResult::InputEmpty => break,
            encoding_rs::EncoderResult::OutputFull => {}
            encoding_rs::EncoderResult::Unmappable(c) => {
                if !bad.contains(&c) {
                    bad.push(c);
                }
                out.push(b'?');
            }
        }
    }
    if !bad.is_empty() && !force {
        return Err(ExportError::Unencodable(bad));
    }
    Ok((out, bad))
}

/// Checks, renders, encodes and atomically writes the speech to `path`. `draft` is the file
/// the speech was loaded from: the export refuses to write over it. Nothing is written when the
/// export is refused.
pub fn export_to_file(
    speech: &Speech,
    draft: Option<&Path>,
    path: &Path,
    options: &Options,
) -> Result<Report, ExportError> {
    if let Some(draft) = draft
        && (crate::files::same_file(draft, path)
            || crate::files::resolve_links(path).is_ok_and(|p| p == draft))
    {
        return Err(ExportError::OwnDraft(path.to_owned()));
    }
    let errors = gate(speech, options.force)?;
    let (bytes, replaced) = encode(&render(speech), options)?;
    write(path, &bytes)?;
    Ok(Report {
        bytes: bytes.len(),
        encoding: options.encoding,
        replaced,
        blanks_left: errors,
    })
}

/// What a Word export wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocxReport {
    pub bytes: usize,
    /// Gating findings (blanks, direction controls) that a forced export let through.
    pub blanks_left: usize,
    /// Control characters left out: a Word document cannot hold them.
    pub dropped: usize,
}

/// Exports the speech as a Word document in `layout`, with the same gate and the same refusal
/// to overwrite its own draft as the text export.
pub fn export_docx_to_file(
    speech: &Speech,
    draft: Option<&Path>,
    path: &Path,
    layout: crate::docx::Layout,
    force: bool,
) -> Result<DocxReport, ExportError> {
    if let Some(draft) = draft
        && (crate::files::same_file(draft, path)
            || crate::files::resolve_links(path).is_ok_and(|p| p == draft))
    {
        return Err(ExportError::OwnDraft(path.to_owned()));
    }
    let errors = gate(speech, force)?;
    let bytes = crate::docx::bytes(speech, layout).map_err(|e| ExportError::Io {
        source: crate::files::WriteError {
            action: "生成 Word 文档",
            source: std::io::Error::other(e),
        },
        path: path.to_owned(),
    })?;
    write(path, &bytes)?;
    Ok(DocxReport {
        bytes: bytes.len(),
        blanks_left: errors,
        dropped: crate::docx::unwritable_count(speech),
    })
}

/// Refuses while gating findings remain, unless forced; returns how many there are.
fn gate(speech: &Speech, force: bool) -> Result<usize, ExportError> {
    let errors: Vec<Finding> = checker::gating(&checker::check(speech)).cloned().collect();
    if !errors.is_empty() && !force {
        return Err(ExportError::Blocked(errors));
    }
    Ok(errors.len())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let options = crate::files::WriteOptions {
        backup: false,
        fallback_dir: crate::recovery::default_data_dir().map(|d| d.join("backups")),
    };
    crate::files::replace(path, bytes, &options)
        .map(|_| ())
        .map_err(|source| ExportError::Io {
            source,
            path: path.to_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Numbering;

    fn speech() -> Speech {
        let mut s = Speech::new();
        s.title = "在全市会议上的讲话".into();
        s.date_line = "（2023年3月6日）".into();
        s.opening[0].text = "刚才，大家发了言。".into();
        let mut a = s.new_section("强化真抓实干".into());
        a.child_numbering = Numbering::Shi;
        let p = s.new_paragraph("党的二十大报告指出。".into());
        a.paragraphs.push(p);
        for h in ["在机制上求突破。", "在人才上求突破。"] {
            let mut c = s.new_section(h.into());
            let p = s.new_paragraph("建立机制。".into());
            c.paragraphs.push(p);
            let p = s.new_paragraph("另起一段。".into());
            c.paragraphs.push(p);
            a.children.push(c);
        }
        s.sections.push(a);
        let c = s.new_paragraph("同志们，加油！".into());
        s.closing.push(c);
        s
    }

    #[test]
    fn layout_follows_the_conventions() {
        let text = render(&speech());
        let want = [
            "在全市会议上的讲话",
            "（2023年3月6日）",
            "同志们：",
            "　　刚才，大家发了言。",
            "　　一、强化真抓实干",
            "　　党的二十大报告指出。",
            "　　一是在机制上求突破。建立机制。",
            "　　另起一段。",
            "　　二是在人才上求突破。建立机制。",
            "　　另起一段。",
            "　　同志们，加油！",
        ];
        assert_eq!(text.lines().collect::<Vec<_>>(), want);
        assert!(text.ends_with('\n'));
    }

    #[test]
    fn half_width_colon_on_the_salutation_is_normalised() {
        let mut s = speech();
        s.salutation = "各位代表:".into();
        assert!(render(&s).contains("\n各位代表：\n"));
    }

    #[test]
    fn crlf_and_bom() {
        let opts = Options {
            encoding: Encoding::Utf8Bom,
            line_ending: LineEnding::CrLf,
            force: false,
        };
        let (bytes, _) = encode("甲\n乙\n", &opts).unwrap();
        assert_eq!(bytes, "\u{feff}甲\r\n乙\r\n".as_bytes());
    }

    #[test]
    fn gbk_names_unencodable_characters_and_never_writes_entities() {
        let mut opts = Options {
            encoding: Encoding::Gbk,
            ..Options::default()
        };
        let text = "中文😀和한，再😀";
        match encode(text, &opts) {
            Err(ExportError::Unencodable(chars)) => assert_eq!(chars, ['😀', '한']),
            other => panic!("expected refusal, got {other:?}"),
        }
        opts.force = true;
        let (bytes, replaced) = encode(text, &opts).unwrap();
        assert_eq!(replaced, ['😀', '한']);
        let (decoded, _, _) = encoding_rs::GBK.decode(&bytes);
        assert_eq!(decoded, "中文?和?，再?");
        assert!(!bytes.windows(2).any(|w| w == b"&#"));
    }

    #[test]
    fn gb18030_round_trips_everything() {
        let opts = Options {
            encoding: Encoding::Gb18030,
            ..Options::default()
        };
        let text = "中文😀和한";
        let (bytes, replaced) = encode(text, &opts).unwrap();
        assert!(replaced.is_empty());
        assert_eq!(encoding_rs::GB18030.decode(&bytes).0, text);
    }
}
