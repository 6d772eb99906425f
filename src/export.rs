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
    /// Error-severity findings (unfilled blanks) remain and the export was not forced.
    #[error("还有 {} 处待填项未填写，未导出（可强制导出）", .0.len())]
    Blocked(Vec<Finding>),
    /// GBK cannot encode these characters and the export was not forced.
    #[error("GBK 无法编码这些字符：{}（可改用 GB18030 或 UTF-8，或强制导出以“?”代替）", .0.iter().collect::<String>())]
    Unencodable(Vec<char>),
    /// Writing the file failed.
    #[error("无法{action}：{source}：{path}")]
    Io {
        action: &'static str,
        source: std::io::Error,
        path: std::path::PathBuf,
    },
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub bytes: usize,
    pub encoding: Encoding,
    /// Characters replaced by `?` in a forced GBK export.
    pub replaced: Vec<char>,
    /// Error findings that a forced export let through.
    pub blanks_left: usize,
}

/// Renders the speech as plain text with `\n` line ends (one per line, including the last).
pub fn render(speech: &Speech) -> String {
    let mut out = String::new();
    let mut line = |text: &str| {
        out.push_str(text);
        out.push('\n');
    };
    for head in [
        &speech.title,
        &speech.subtitle,
        &speech.date_line,
        &speech.speaker,
    ] {
        if !head.trim().is_empty() {
            line(head.trim());
        }
    }
    let salutation = speech.salutation.trim();
    if !salutation.is_empty() {
        if salutation.ends_with(['：', ':']) {
            let base = salutation.trim_end_matches([':', '：']);
            line(&format!("{base}："));
        } else {
            line(&format!("{salutation}："));
        }
    }
    let paragraphs = |ps: &[Paragraph], line: &mut dyn FnMut(&str)| {
        for p in ps {
            line(&format!("{INDENT}{}", p.text.trim()));
        }
    };
    paragraphs(&speech.opening, &mut line);
    render_group(&speech.sections, speech.numbering, 0, &mut line);
    paragraphs(&speech.closing, &mut line);
    out
}

fn render_group(
    list: &[Section],
    style: crate::model::Numbering,
    depth: usize,
    line: &mut dyn FnMut(&str),
) {
    for (i, s) in list.iter().enumerate() {
        let label = numbering::label(style, depth, i, list.len());
        let heading = s.heading.trim();
        let mut rest = s.paragraphs.iter();
        if style.is_run_in() {
            // The marker and lead sentence start the first paragraph's line.
            let first = rest.next().map_or("", |p| p.text.trim());
            line(&format!("{INDENT}{label}{heading}{first}"));
        } else {
            line(&format!("{INDENT}{label}{heading}"));
        }
        for p in rest {
            line(&format!("{INDENT}{}", p.text.trim()));
        }
        render_group(&s.children, s.child_numbering, depth + 1, line);
    }
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
        Encoding::Gbk => encode_strict(&text, encoding_rs::GBK, options.force),
    }
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

/// Checks, renders, encodes and atomically writes the speech to `path`.
/// Nothing is written when the export is refused.
pub fn export_to_file(
    speech: &Speech,
    path: &Path,
    options: &Options,
) -> Result<Report, ExportError> {
    let errors: Vec<Finding> = checker::blanks(&checker::check(speech)).cloned().collect();
    if !errors.is_empty() && !options.force {
        return Err(ExportError::Blocked(errors));
    }
    let (bytes, replaced) = encode(&render(speech), options)?;
    crate::draft::write_atomic(path, &bytes).map_err(|(action, source)| ExportError::Io {
        action,
        source,
        path: path.to_owned(),
    })?;
    Ok(Report {
        bytes: bytes.len(),
        encoding: options.encoding,
        replaced,
        blanks_left: errors.len(),
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
