//! Reading plain-text input in the encodings Chinese users actually have: UTF-8 (with or
//! without BOM), UTF-16 with BOM, and GB18030/GBK (what Windows Notepad and WPS write on a
//! Chinese system).
//!
//! Guarantees: text is returned only when it decodes without a single replacement character;
//! anything else is refused with an error naming the path, never mangled silently.

use std::path::{Path, PathBuf};

/// Why a text file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// The file could not be read.
    #[error("无法读取文本：{source}：{path}")]
    Io {
        source: std::io::Error,
        path: PathBuf,
    },
    /// The bytes are neither valid UTF-8/UTF-16 nor GB18030.
    #[error("无法识别文本编码（不是 UTF-8、UTF-16 或 GB18030/GBK）：{path}")]
    Undecodable { path: PathBuf },
}

/// The encoding a text was decoded from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detected {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

/// Decodes bytes of a text file, or `None` when no supported encoding fits.
pub fn decode(bytes: &[u8]) -> Option<(String, Detected)> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let detected = if enc == encoding_rs::UTF_8 {
            Detected::Utf8Bom
        } else if enc == encoding_rs::UTF_16LE {
            Detected::Utf16Le
        } else {
            Detected::Utf16Be
        };
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (!had_errors).then(|| (text.into_owned(), detected));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some((text.to_owned(), Detected::Utf8));
    }
    // GB18030 is a superset of GBK and GB2312, so one decoder covers all three.
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    (!had_errors).then(|| (text.into_owned(), Detected::Gb18030))
}

/// Reads and decodes a text file.
pub fn read(path: &Path) -> Result<(String, Detected), TextError> {
    let bytes = std::fs::read(path).map_err(|source| TextError::Io {
        source,
        path: path.to_owned(),
    })?;
    decode(&bytes).ok_or_else(|| TextError::Undecodable {
        path: path.to_owned(),
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
    fn refuses_garbage() {
        assert_eq!(decode(&[0x81, 0x20, 0xFF, 0xFE, 0x00][2..]), None);
        assert_eq!(decode(&[0xA1, 0x41, 0xFF]), None);
    }
}
