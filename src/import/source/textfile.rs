//! Reading plain-text input in the encodings Chinese users actually have: UTF-8 (with or
//! without BOM), UTF-16 with BOM, GB18030/GBK (what Windows Notepad and WPS write on a Chinese
//! system), and the other East Asian legacy encodings a copied text can arrive in (Big5 from
//! Taiwan and Hong Kong sites, Shift_JIS, EUC-JP, EUC-KR), told apart by chardetng.
//!
//! Guarantees: text is returned only when it decodes without a single replacement character;
//! anything else is refused with an error naming the path and the encoding it looks like, never
//! read as mojibake.

use std::path::{Path, PathBuf};

/// Why a text file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// The file could not be read.
    #[error("无法读取文本：{}：{path}", crate::store::files::Reason(.source))]
    Io {
        source: std::io::Error,
        path: PathBuf,
    },
    /// The bytes decode in none of the supported encodings.
    #[error(
        "读不出这个文件里的文字{}。请用记事本或 WPS 打开它，另存为 Word 文档或“UTF-8”文本后再导入：{path}",
        guess.map(|g| format!("（它像是西文的 {g} 格式）")).unwrap_or_default()
    )]
    Undecodable {
        path: PathBuf,
        /// The encoding the bytes look like, when it is one we do not read.
        guess: Option<&'static str>,
    },
}

/// The encoding a text was decoded from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detected {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
    /// Traditional Chinese (Taiwan, Hong Kong).
    Big5,
    ShiftJis,
    EucJp,
    EucKr,
}

impl Detected {
    /// The encoding's name, for reports.
    pub fn label(self) -> &'static str {
        match self {
            Detected::Utf8 => "UTF-8",
            Detected::Utf8Bom => "UTF-8（带 BOM）",
            Detected::Utf16Le => "UTF-16LE",
            Detected::Utf16Be => "UTF-16BE",
            Detected::Gb18030 => "GB18030/GBK",
            Detected::Big5 => "Big5（繁体中文）",
            Detected::ShiftJis => "Shift_JIS（日文）",
            Detected::EucJp => "EUC-JP（日文）",
            Detected::EucKr => "EUC-KR（韩文）",
        }
    }
}

/// Why [`decode`] found no fit: the encoding the bytes look like, if one was guessed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoFit {
    pub guess: Option<&'static str>,
}

/// Decodes bytes of a text file, or `None` when no supported encoding fits.
pub fn decode(bytes: &[u8]) -> Option<(String, Detected)> {
    decode_or_guess(bytes).ok()
}

/// Decodes bytes of a text file, or says what they look like.
pub fn decode_or_guess(bytes: &[u8]) -> Result<(String, Detected), NoFit> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let detected = if enc == encoding_rs::UTF_8 {
            Detected::Utf8Bom
        } else if enc == encoding_rs::UTF_16LE {
            Detected::Utf16Le
        } else {
            Detected::Utf16Be
        };
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (!had_errors)
            .then(|| (text.into_owned(), detected))
            .ok_or(NoFit {
                guess: Some(enc.name()),
            });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), Detected::Utf8));
    }
    // Most legacy text here is GBK, and many byte sequences are valid in GBK and Big5 alike:
    // chardetng weighs the characters each decoding would give.
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (encoding, detected) = if guess == encoding_rs::BIG5 {
        (encoding_rs::BIG5, Detected::Big5)
    } else if guess == encoding_rs::SHIFT_JIS {
        (encoding_rs::SHIFT_JIS, Detected::ShiftJis)
    } else if guess == encoding_rs::EUC_JP {
        (encoding_rs::EUC_JP, Detected::EucJp)
    } else if guess == encoding_rs::EUC_KR {
        (encoding_rs::EUC_KR, Detected::EucKr)
    } else if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 {
        // GB18030 is a superset of GBK and GB2312, so one decoder covers all three.
        (encoding_rs::GB18030, Detected::Gb18030)
    } else {
        // A single-byte Western or Cyrillic guess: GB18030 still decides if it fits cleanly
        // (short Chinese texts can look like anything), else the guess is named.
        let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
        return (!had_errors)
            .then(|| (text.into_owned(), Detected::Gb18030))
            .ok_or(NoFit {
                guess: Some(guess.name()),
            });
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    (!had_errors)
        .then(|| (text.into_owned(), detected))
        .ok_or(NoFit {
            guess: Some(guess.name()),
        })
}

/// Reads and decodes a text file (a regular file of at most [`crate::import::MAX_TEXT_FILE`]).
pub fn read(path: &Path) -> Result<(String, Detected), TextError> {
    let bytes = crate::store::files::read_bounded(path, crate::import::MAX_TEXT_FILE).map_err(
        |source| TextError::Io {
            source,
            path: path.to_owned(),
        },
    )?;
    decode_bytes(&bytes, path)
}

/// Decodes a file's bytes already read; `path` names it in the error.
pub fn decode_bytes(bytes: &[u8], path: &Path) -> Result<(String, Detected), TextError> {
    decode_or_guess(bytes).map_err(|no| TextError::Undecodable {
        path: path.to_owned(),
        guess: no.guess,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_common_encodings() {
        let text = "同志们：刚才，";
        assert_eq!(decode(text.as_bytes()), Some((text.into(), Detected::Utf8)));
        let bom = [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap().1, Detected::Utf8Bom);
        let gbk = encoding_rs::GBK.encode(text).0;
        assert_eq!(decode(&gbk), Some((text.into(), Detected::Gb18030)));
        let mut u16 = vec![0xFF, 0xFE];
        for unit in text.encode_utf16() {
            u16.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&u16), Some((text.into(), Detected::Utf16Le)));
    }

    #[test]
    fn big5_and_japanese_are_decoded_not_read_as_gbk() {
        let traditional =
            "各位同仁：今天我們在這裡召開年度工作會議，總結過去一年的成績，部署新一年的工作。";
        let big5 = encoding_rs::BIG5.encode(traditional).0;
        assert_eq!(decode(&big5), Some((traditional.into(), Detected::Big5)));
        let japanese = "皆様、本日はお忙しいところお集まりいただき、誠にありがとうございます。";
        let sjis = encoding_rs::SHIFT_JIS.encode(japanese).0;
        assert_eq!(decode(&sjis), Some((japanese.into(), Detected::ShiftJis)));
        // GBK stays GBK.
        let simplified = "同志们：今天我们在这里召开全市工作会议，总结过去一年的成绩。";
        let gbk = encoding_rs::GBK.encode(simplified).0;
        assert_eq!(decode(&gbk), Some((simplified.into(), Detected::Gb18030)));
    }

    #[test]
    fn a_refusal_names_what_the_text_looks_like() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.txt");
        // French in Windows-1252: no East Asian encoding reads it.
        let latin = encoding_rs::WINDOWS_1252
            .encode("Le président a prononcé un discours à la séance d'ouverture.")
            .0;
        std::fs::write(&path, &latin).unwrap();
        let err = read(&path).unwrap_err().to_string();
        assert!(err.starts_with("读不出这个文件里的文字"), "{err}");
        assert!(err.contains("windows-1252"), "{err}");
    }

    #[test]
    fn refuses_garbage() {
        assert_eq!(decode(&[0x81, 0x20, 0xFF, 0xFE, 0x00][2..]), None);
        assert_eq!(decode(&[0xA1, 0x41, 0xFF]), None);
    }
}
