//! A speech's own Word export, returned with a reviewer's pen: tracked changes and comments
//! written into its `document.xml` as Word writes them (runs split at the change, `w:del` /
//! `w:ins` with author and date, a comment range with its reference, `comments.xml` and the
//! reply thread in `commentsExtended.xml`).

use std::io::{Read, Write};

use jianggao::doc::model::Speech;

pub const DATE: &str = "2026-12-01T09:30:00Z";

/// One edit a reviewer makes inside a run of text: `old` (in the exported text) becomes `new`.
pub struct Pen<'a> {
    pub author: &'a str,
    pub old: &'a str,
    pub new: &'a str,
}

/// A comment on `quote` by `author`, with a reply by `replier`.
pub struct Note<'a> {
    pub author: &'a str,
    pub quote: &'a str,
    pub text: &'a str,
    pub replier: &'a str,
    pub reply: &'a str,
}

const RUN_TEXT: &str = r#"<w:t xml:space="preserve">"#;

/// The .docx of `speech` (official layout) with `pens` and `notes` applied.
pub fn returned(speech: &Speech, pens: &[Pen], notes: &[Note]) -> Vec<u8> {
    let bytes =
        jianggao::export::docx::bytes(speech, jianggao::export::docx::Layout::Official).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        parts.push((f.name().to_owned(), data));
    }
    let doc = parts
        .iter_mut()
        .find(|(n, _)| n == "word/document.xml")
        .unwrap();
    let mut xml = String::from_utf8(doc.1.clone()).unwrap();
    let mut id = 900;
    for pen in pens {
        id += 1;
        let del = if pen.old.is_empty() {
            String::new()
        } else {
            format!(
                r#"<w:del w:id="{id}" w:author="{a}" w:date="{DATE}"><w:r><w:delText xml:space="preserve">{o}</w:delText></w:r></w:del>"#,
                a = pen.author,
                o = pen.old
            )
        };
        id += 1;
        let ins = if pen.new.is_empty() {
            String::new()
        } else {
            format!(
                r#"<w:ins w:id="{id}" w:author="{a}" w:date="{DATE}"><w:r><w:t xml:space="preserve">{n}</w:t></w:r></w:ins>"#,
                a = pen.author,
                n = pen.new
            )
        };
        split_at(&mut xml, pen.old, &format!("{del}{ins}"));
    }
    let mut comments = String::new();
    let mut extended = String::new();
    for (k, note) in notes.iter().enumerate() {
        let (c, r) = (k * 2, k * 2 + 1);
        split_at(
            &mut xml,
            note.quote,
            &format!(
                r#"<w:commentRangeStart w:id="{c}"/><w:r><w:t xml:space="preserve">{q}</w:t></w:r><w:commentRangeEnd w:id="{c}"/><w:r><w:commentReference w:id="{c}"/></w:r><w:commentRangeStart w:id="{r}"/><w:commentRangeEnd w:id="{r}"/><w:r><w:commentReference w:id="{r}"/></w:r>"#,
                q = note.quote
            ),
        );
        for (id, who, text, para, parent) in [
            (c, note.author, note.text, format!("1000{c}"), None),
            (
                r,
                note.replier,
                note.reply,
                format!("1000{r}"),
                Some(format!("1000{c}")),
            ),
        ] {
            comments.push_str(&format!(
                r#"<w:comment w:id="{id}" w:author="{who}" w:date="{DATE}" w:initials=""><w:p w14:paraId="{para}"><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:comment>"#
            ));
            let parent = parent.map_or(String::new(), |p| format!(r#" w15:paraIdParent="{p}""#));
            extended.push_str(&format!(
                r#"<w15:commentEx w15:paraId="{para}"{parent} w15:done="0"/>"#
            ));
        }
    }
    doc.1 = xml.into_bytes();
    let ns = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml""#;
    for (name, body) in [
        (
            "word/comments.xml",
            format!("<w:comments {ns}>{comments}</w:comments>"),
        ),
        (
            "word/commentsExtended.xml",
            format!("<w15:commentsEx {ns}>{extended}</w15:commentsEx>"),
        ),
    ] {
        if let Some(p) = parts.iter_mut().find(|(n, _)| n == name) {
            p.1 = body.into_bytes();
        }
    }
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in parts {
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Splits the run holding `old` around it, putting `middle` in its place: the run's text before
/// it and after it stay runs of their own.
fn split_at(xml: &mut String, old: &str, middle: &str) {
    let at = xml
        .find(old)
        .unwrap_or_else(|| panic!("“{old}” is in the exported text"));
    // The run it is in: its properties repeat for the text after.
    let run_start = xml[..at].rfind("<w:r>").unwrap();
    let text_start = xml[..at].rfind(RUN_TEXT).unwrap() + RUN_TEXT.len();
    let rpr = xml[run_start + "<w:r>".len()..text_start - RUN_TEXT.len()].to_owned();
    let replaced = format!("</w:t></w:r>{middle}<w:r>{rpr}{RUN_TEXT}");
    xml.replace_range(at..at + old.len(), &replaced);
}
