//! Reading a returned Word file as its reviewers left it: every paragraph as runs of kept,
//! inserted, deleted and moved text with who changed it and when, and the comments with the
//! stretch of text each one marks.
//!
//! Read: `w:ins`, `w:del`, `w:moveFrom`, `w:moveTo` around runs; a paragraph mark's own
//! insertion or deletion (in `w:pPr/w:rPr`); `w:commentRangeStart`/`End` and
//! `w:commentReference`; `word/comments.xml` and the threads of `word/commentsExtended.xml`.
//! Counted and reported, not read: formatting changes (`w:rPrChange`, `w:pPrChange`…), tables,
//! pictures, footnotes. Cost: one pass over each part, O(size of the XML); parts are limited as
//! for import.

use std::collections::HashMap;
use std::io::{Read, Seek};

use quick_xml::events::{BytesStart, Event};

use crate::import::source::docx::{DocxError, MAX_PART, Package, attr, entity, xml_error};

/// What a run of text is in the returned file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Text that was there before the review and still is.
    Kept,
    Inserted,
    Deleted,
    /// Text moved away from here (in the text before the review, not after).
    MovedFrom,
    /// Text moved to here (after the review only).
    MovedTo,
}

impl Mark {
    /// Whether the text stood here before the review.
    pub fn before(self) -> bool {
        matches!(self, Mark::Kept | Mark::Deleted | Mark::MovedFrom)
    }

    /// Whether the text stands here after the review.
    pub fn after(self) -> bool {
        matches!(self, Mark::Kept | Mark::Inserted | Mark::MovedTo)
    }
}

/// Who made a change and when.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Revision {
    pub author: String,
    pub date: String,
}

/// A run of text with one mark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub mark: Mark,
    /// Index into [`Returned::revisions`]; `None` for kept text.
    pub rev: Option<usize>,
    pub text: String,
}

/// A paragraph of the returned file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Para {
    pub runs: Vec<Run>,
    /// The paragraph mark's own change: an inserted mark split a paragraph or made a new one;
    /// a deleted one joins the paragraph with the next.
    pub end: Mark,
    pub end_rev: Option<usize>,
}

impl Para {
    /// The paragraph before the review.
    pub fn before(&self) -> String {
        self.runs
            .iter()
            .filter(|r| r.mark.before())
            .map(|r| r.text.as_str())
            .collect()
    }

    /// The paragraph after the review.
    pub fn after(&self) -> String {
        self.runs
            .iter()
            .filter(|r| r.mark.after())
            .map(|r| r.text.as_str())
            .collect()
    }

    /// Whether every character of the paragraph has mark `mark` (and it has some).
    pub fn all(&self, mark: Mark) -> bool {
        self.runs.iter().any(|r| !r.text.is_empty())
            && self
                .runs
                .iter()
                .all(|r| r.mark == mark || r.text.is_empty())
    }
}

/// A place in the returned file: a paragraph and a character offset into its text before the
/// review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spot {
    pub para: usize,
    pub offset: usize,
}

/// A comment as the file gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawComment {
    pub id: String,
    pub author: String,
    pub date: String,
    pub text: String,
    /// Where its range starts and ends; a comment with only a reference mark has both there.
    pub start: Option<Spot>,
    pub end: Option<Spot>,
    /// The comment it answers (its id), from `commentsExtended.xml`.
    pub parent: Option<String>,
    /// Marked done (已解决) in Word.
    pub done: bool,
}

/// A returned file, read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Returned {
    pub paras: Vec<Para>,
    pub revisions: Vec<Revision>,
    pub comments: Vec<RawComment>,
    /// Formatting changes by reviewer index: they change no words, and a speech has no
    /// formatting to change.
    pub formatting: HashMap<usize, usize>,
    /// What else the file holds that a speech cannot: tables, pictures, footnotes (counts).
    pub tables: usize,
    pub pictures: usize,
    pub footnotes: usize,
}

impl Returned {
    /// Whether the file has any tracked change or comment.
    pub fn has_review(&self) -> bool {
        !self.comments.is_empty()
            || !self.formatting.is_empty()
            || self
                .paras
                .iter()
                .any(|p| p.end != Mark::Kept || p.runs.iter().any(|r| r.mark != Mark::Kept))
    }
}

/// Reads a returned .docx file.
pub fn read_from(file: std::fs::File) -> Result<Returned, DocxError> {
    read_package(std::io::BufReader::new(file))
}

/// Reads a returned .docx from its bytes.
pub fn read(bytes: &[u8]) -> Result<Returned, DocxError> {
    read_package(std::io::Cursor::new(bytes))
}

fn read_package(reader: impl Read + Seek) -> Result<Returned, DocxError> {
    let mut package = Package::open(reader, MAX_PART)?;
    let document = package.document()?;
    let mut out = Returned::default();
    let mut revisions = Revisions::default();
    let anchors = read_document(&document, &mut out, &mut revisions)?;
    let mut comments = match package.part("word/comments.xml")? {
        Some(xml) => read_comments(&xml)?,
        None => Vec::new(),
    };
    if let Some(xml) = package.part("word/commentsExtended.xml")? {
        threads(&xml, &mut comments)?;
    }
    out.comments = comments
        .into_iter()
        .map(|(mut c, _)| {
            if let Some((start, end)) = anchors.get(&c.id) {
                c.start = *start;
                c.end = *end;
            }
            c
        })
        .collect();
    out.revisions = revisions.list;
    Ok(out)
}

#[derive(Default)]
struct Revisions {
    list: Vec<Revision>,
    index: HashMap<Revision, usize>,
}

impl Revisions {
    fn of(&mut self, e: &BytesStart) -> usize {
        let rev = Revision {
            author: attr(e, b"author").unwrap_or_default(),
            date: attr(e, b"date").unwrap_or_default(),
        };
        if let Some(&i) = self.index.get(&rev) {
            return i;
        }
        self.list.push(rev.clone());
        self.index.insert(rev, self.list.len() - 1);
        self.list.len() - 1
    }
}

/// A paragraph being read, with the comment anchors met in it.
#[derive(Default)]
struct Open {
    runs: Vec<Run>,
    end: Option<(Mark, usize)>,
    /// Characters before the review so far.
    before_len: usize,
    starts: Vec<(String, usize)>,
    ends: Vec<(String, usize)>,
}

impl Open {
    fn push(&mut self, mark: Mark, rev: Option<usize>, text: &str) {
        if text.is_empty() {
            return;
        }
        if mark.before() {
            self.before_len += text.chars().count();
        }
        match self.runs.last_mut() {
            Some(last) if last.mark == mark && last.rev == rev => last.text.push_str(text),
            _ => self.runs.push(Run {
                mark,
                rev,
                text: text.to_owned(),
            }),
        }
    }
}

type Anchors = HashMap<String, (Option<Spot>, Option<Spot>)>;

/// Elements whose content is formatting as it was before a change: counted, not read.
fn is_formatting_change(name: &[u8]) -> bool {
    matches!(
        name,
        b"rPrChange"
            | b"pPrChange"
            | b"sectPrChange"
            | b"tblPrChange"
            | b"trPrChange"
            | b"tcPrChange"
            | b"numberingChange"
            | b"tblGridChange"
    )
}

fn read_document(
    xml: &str,
    out: &mut Returned,
    revisions: &mut Revisions,
) -> Result<Anchors, DocxError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut anchors: Anchors = HashMap::new();
    let mut stack: Vec<Open> = Vec::new();
    // The marks around the current run, innermost last.
    let mut marks: Vec<(Mark, usize)> = Vec::new();
    let mut in_text = false;
    let mut in_run = 0usize;
    // Inside `w:pPr`, and inside its `w:rPr` (the paragraph mark's properties).
    let mut in_ppr = false;
    let mut in_mark_rpr = false;
    let mut skipping = 0usize;
    let current = |marks: &[(Mark, usize)]| {
        marks
            .last()
            .map_or((Mark::Kept, None), |&(m, r)| (m, Some(r)))
    };
    loop {
        let event = reader.read_event().map_err(xml_error)?;
        match event {
            Event::Start(e) => {
                if skipping > 0 {
                    skipping += 1;
                    continue;
                }
                let name = e.local_name();
                let name = name.as_ref();
                if is_formatting_change(name) {
                    let rev = revisions.of(&e);
                    *out.formatting.entry(rev).or_default() += 1;
                    skipping = 1;
                    continue;
                }
                match name {
                    b"Fallback" | b"instrText" | b"delInstrText" | b"footnoteReference"
                    | b"endnoteReference" => {
                        if name == b"footnoteReference" || name == b"endnoteReference" {
                            out.footnotes += 1;
                        }
                        skipping = 1;
                    }
                    b"drawing" | b"pict" | b"object" => {
                        out.pictures += 1;
                        skipping = 1;
                    }
                    b"tbl" => out.tables += 1,
                    b"p" => stack.push(Open::default()),
                    b"pPr" => in_ppr = true,
                    b"rPr" if in_ppr && in_run == 0 => in_mark_rpr = true,
                    b"ins" | b"del" if in_mark_rpr => mark_change(&e, name, &mut stack, revisions),
                    b"ins" => marks.push((Mark::Inserted, revisions.of(&e))),
                    b"del" => marks.push((Mark::Deleted, revisions.of(&e))),
                    b"moveFrom" => marks.push((Mark::MovedFrom, revisions.of(&e))),
                    b"moveTo" => marks.push((Mark::MovedTo, revisions.of(&e))),
                    b"r" => in_run += 1,
                    b"t" | b"delText" => in_text = true,
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skipping > 0 {
                    continue;
                }
                let name = e.local_name();
                let name = name.as_ref();
                if is_formatting_change(name) {
                    let rev = revisions.of(&e);
                    *out.formatting.entry(rev).or_default() += 1;
                    continue;
                }
                let Some(p) = stack.last_mut() else {
                    continue;
                };
                match name {
                    b"ins" | b"del" if in_mark_rpr => mark_change(&e, name, &mut stack, revisions),
                    b"tab" if in_run > 0 => {
                        let (m, r) = current(&marks);
                        p.push(m, r, "\t");
                    }
                    b"commentRangeStart" => {
                        if let Some(id) = attr(&e, b"id") {
                            p.starts.push((id, p.before_len));
                        }
                    }
                    b"commentRangeEnd" => {
                        if let Some(id) = attr(&e, b"id") {
                            p.ends.push((id, p.before_len));
                        }
                    }
                    // A comment with no range marks the point of its reference.
                    b"commentReference" => {
                        if let Some(id) = attr(&e, b"id") {
                            p.ends.push((id, p.before_len));
                        }
                    }
                    b"drawing" | b"pict" => out.pictures += 1,
                    b"footnoteReference" | b"endnoteReference" => out.footnotes += 1,
                    _ => {}
                }
            }
            Event::End(e) => {
                if skipping > 0 {
                    skipping -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    b"t" | b"delText" => in_text = false,
                    b"r" => in_run = in_run.saturating_sub(1),
                    b"pPr" => in_ppr = false,
                    b"rPr" if in_mark_rpr => in_mark_rpr = false,
                    b"ins" | b"del" | b"moveFrom" | b"moveTo" if !in_mark_rpr => {
                        marks.pop();
                    }
                    b"p" => {
                        if let Some(p) = stack.pop() {
                            finish(p, out, &mut anchors);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skipping == 0 => {
                if let Some(p) = stack.last_mut() {
                    let (m, r) = current(&marks);
                    p.push(m, r, &t.xml10_content().map_err(xml_error)?);
                }
            }
            Event::GeneralRef(r) if in_text && skipping == 0 => {
                if let (Some(p), Some(s)) = (stack.last_mut(), entity(&r)?) {
                    let (m, rev) = current(&marks);
                    p.push(m, rev, &s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(anchors)
}

/// A paragraph mark's insertion or deletion.
fn mark_change(e: &BytesStart, name: &[u8], stack: &mut [Open], revisions: &mut Revisions) {
    if let Some(p) = stack.last_mut() {
        let mark = if name == b"ins" {
            Mark::Inserted
        } else {
            Mark::Deleted
        };
        p.end = Some((mark, revisions.of(e)));
    }
}

fn finish(p: Open, out: &mut Returned, anchors: &mut Anchors) {
    let index = out.paras.len();
    for (id, offset) in p.starts {
        anchors.entry(id).or_default().0 = Some(Spot {
            para: index,
            offset,
        });
    }
    for (id, offset) in p.ends {
        let entry = anchors.entry(id).or_default();
        // The reference mark follows the range's end: the end stays where the range put it.
        if entry.1.is_none() {
            entry.1 = Some(Spot {
                para: index,
                offset,
            });
        }
    }
    out.paras.push(Para {
        runs: p.runs,
        end: p.end.map_or(Mark::Kept, |e| e.0),
        end_rev: p.end.map(|e| e.1),
    });
}

/// `word/comments.xml`: each comment with the `w14:paraId` of its last paragraph (replies refer
/// to their parent by it).
fn read_comments(xml: &str) -> Result<Vec<(RawComment, Option<String>)>, DocxError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<(RawComment, Option<String>)> = None;
    let mut in_text = false;
    let mut paras = 0usize;
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"comment" => {
                current = Some((
                    RawComment {
                        id: attr(&e, b"id").unwrap_or_default(),
                        author: attr(&e, b"author").unwrap_or_default(),
                        date: attr(&e, b"date").unwrap_or_default(),
                        ..RawComment::default()
                    },
                    None,
                ));
                paras = 0;
            }
            Event::Start(e) if e.local_name().as_ref() == b"p" => {
                if let Some((c, para_id)) = current.as_mut() {
                    if paras > 0 {
                        c.text.push('\n');
                    }
                    paras += 1;
                    if let Some(id) = attr(&e, b"paraId") {
                        *para_id = Some(id);
                    }
                }
            }
            Event::Start(e) if e.local_name().as_ref() == b"t" => in_text = true,
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"comment" => out.extend(current.take()),
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some((c, _)) = current.as_mut() {
                    c.text.push_str(&t.xml10_content().map_err(xml_error)?);
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let (Some((c, _)), Some(s)) = (current.as_mut(), entity(&r)?) {
                    c.text.push_str(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// `word/commentsExtended.xml`: which comment answers which, and which are done.
fn threads(xml: &str, comments: &mut [(RawComment, Option<String>)]) -> Result<(), DocxError> {
    let by_para: HashMap<String, String> = comments
        .iter()
        .filter_map(|(c, p)| p.clone().map(|p| (p, c.id.clone())))
        .collect();
    let index: HashMap<String, usize> = comments
        .iter()
        .enumerate()
        .map(|(k, (c, _))| (c.id.clone(), k))
        .collect();
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"commentEx" => {
                let Some(id) = attr(&e, b"paraId").and_then(|p| by_para.get(&p)) else {
                    continue;
                };
                let parent = attr(&e, b"paraIdParent").and_then(|p| by_para.get(&p).cloned());
                let done = attr(&e, b"done").is_some_and(|d| d == "1" || d == "true");
                if let Some(&k) = index.get(id.as_str()) {
                    let c = &mut comments[k].0;
                    c.parent = parent.filter(|p| p != &c.id);
                    c.done = done;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> Returned {
        let xml = format!(
            r#"<w:document xmlns:w="w" xmlns:mc="mc"><w:body>{body}</w:body></w:document>"#
        );
        let mut out = Returned::default();
        let mut revisions = Revisions::default();
        read_document(&xml, &mut out, &mut revisions).unwrap();
        out.revisions = revisions.list;
        out
    }

    #[test]
    fn formatting_tables_pictures_and_footnotes_are_counted_not_read_as_words() {
        let r = doc(concat!(
            r#"<w:p><w:r><w:rPr><w:b/><w:rPrChange w:id="1" w:author="甲" w:date="d"><w:rPr/></w:rPrChange></w:rPr><w:t>加粗的字</w:t></w:r>"#,
            r#"<w:r><w:drawing><wp:inline><w:t>图里的字</w:t></wp:inline></w:drawing></w:r>"#,
            r#"<w:r><w:footnoteReference w:id="2"/></w:r></w:p>"#,
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>表里的字</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        ));
        assert_eq!(r.paras[0].before(), "加粗的字");
        assert_eq!(r.formatting.values().sum::<usize>(), 1);
        assert_eq!(r.revisions[0].author, "甲");
        assert_eq!((r.pictures, r.footnotes, r.tables), (1, 1, 1));
        assert!(r.has_review());
    }

    #[test]
    fn a_paragraph_marks_own_change_and_deleted_text_are_read() {
        let r = doc(concat!(
            r#"<w:p><w:pPr><w:rPr><w:ins w:id="1" w:author="乙" w:date="d"/></w:rPr></w:pPr>"#,
            r#"<w:ins w:id="2" w:author="乙" w:date="d"><w:r><w:t>新的一段</w:t></w:r></w:ins></w:p>"#,
            r#"<w:p><w:r><w:t>留下</w:t></w:r><w:del w:id="3" w:author="丙" w:date="d"><w:r><w:delText>删去</w:delText></w:r></w:del>"#,
            r#"<w:r><w:t xml:space="preserve">&amp;&#x4E00;</w:t></w:r></w:p>"#,
        ));
        assert_eq!(r.paras[0].end, Mark::Inserted);
        assert!(r.paras[0].all(Mark::Inserted));
        assert_eq!(r.paras[0].before(), "");
        assert_eq!(r.paras[1].before(), "留下删去&一");
        assert_eq!(r.paras[1].after(), "留下&一");
        let authors: Vec<&str> = r.revisions.iter().map(|v| v.author.as_str()).collect();
        assert_eq!(authors, ["乙", "丙"]);
    }

    #[test]
    fn a_file_that_is_no_word_document_is_refused_with_a_reason() {
        let err = read(b"PK\x03\x04 no zip").unwrap_err();
        assert!(err.to_string().starts_with("不是 Word 文档"), "{err}");
    }
}
