//! The plain text of a speech (conventions §3) and its encodings: UTF-8 with or without BOM,
//! GB18030, and GBK, which names every character it cannot hold and never writes `&#NNNN;`.

use crate::doc::blocks::{INDENT, blocks};
use crate::doc::model::Speech;

use super::{ExportError, Options};

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

    /// The name in the window: what it is for, with its technical name for those told to use
    /// "GBK" by the office that takes the file.
    pub fn plain_label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "通用（UTF-8，推荐）",
            Encoding::Utf8Bom => "通用，兼容老版记事本（UTF-8 带标记）",
            Encoding::Gb18030 => "国标 GB18030（老版 WPS、公文系统）",
            Encoding::Gbk => "老国标 GBK（少数生僻字写不进去）",
        }
    }

    /// The technical name (command line, import report).
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

impl LineEnding {
    /// The name in the window: the computers that expect these line ends.
    pub fn plain_label(self) -> &'static str {
        match self {
            LineEnding::CrLf => "Windows（记事本、WPS）",
            LineEnding::Lf => "苹果电脑、Linux、国产系统",
        }
    }
}

/// Renders the speech as plain text with `\n` line ends (one per line, including the last).
pub fn render(speech: &Speech) -> String {
    let mut out = String::new();
    let mut before = None;
    for b in blocks(speech) {
        // An empty line sets the back matter off from the speech.
        if b.role.starts_back_matter(before) {
            out.push('\n');
        }
        before = Some(b.role);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::model::Numbering;
    use crate::export::ExportError;

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
