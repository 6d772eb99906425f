//! Reading a Word (.docx) document as text for import: one line per paragraph, in document
//! order, with Word's own list numbering written out as the text it shows (`一、`, `（一）`,
//! `1.`), so that the text importer's structure detection and report apply unchanged.
//!
//! Read: the main document's paragraphs (tables' too, and a text box's, which come before the
//! paragraph holding the box), content controls, inserted text of tracked changes, field
//! results, soft line breaks (as U+000B, which the importer joins and lists), tabs. Left out:
//! deleted text of tracked changes, field codes, the fallback copy of text boxes
//! (`mc:Fallback`, which repeats `mc:Choice`), bullets, headers, footers, footnotes, comments,
//! and a table of contents, whose lines are returned apart so that the import lists them.

use std::collections::HashMap;
use std::io::Read;

use quick_xml::events::{BytesStart, Event};

/// Why a .docx could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("不是 Word 文档（.docx），或文件已损坏：{0}")]
    NotDocx(String),
    #[error("Word 文档内容无法读取：{0}")]
    Xml(String),
    /// A part of the package unpacks to more than [`MAX_PART`] (a speech's text is a few MB of
    /// XML; more is a hostile or unrelated file).
    #[error("Word 文档的 {part} 解压后超过 {} MB，不像一篇讲话稿，未导入", MAX_PART >> 20)]
    TooLarge { part: String },
    /// The package lists more than [`MAX_ENTRIES`] files (a speech's has a few dozen).
    #[error("Word 文档里有 {0} 个以上的文件，不像一篇讲话稿，未导入")]
    TooManyEntries(u64),
}

/// The most a part of a .docx may unpack to: 64 MiB of XML, some twenty times the text of the
/// longest speech in the corpus. Checked against the size the package declares, then while
/// reading (a declared size can lie), so a zip bomb is refused after reading at most this much.
pub const MAX_PART: u64 = 64 << 20;

/// The most files a package may list: a speech's .docx has a few dozen (one per image beyond
/// that). Checked from the package's last record before its directory is read, so a package
/// listing millions of empty files costs nothing.
pub const MAX_ENTRIES: u64 = 10_000;

/// What a .docx holds for import.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocxText {
    /// The paragraphs, one per line, `\n` after each.
    pub text: String,
    /// Paragraphs whose number came from Word's list numbering.
    pub numbered: usize,
    /// The lines of a table of contents (a `TOC` field), left out of `text`: Word generates
    /// them from the headings, which the text holds.
    pub contents: Vec<String>,
}

/// Whether `bytes` start like a .docx (a ZIP package).
pub fn looks_like_docx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads the paragraphs of a .docx package.
pub fn read(bytes: &[u8]) -> Result<DocxText, DocxError> {
    read_limited(std::io::Cursor::new(bytes), MAX_PART)
}

/// Reads the paragraphs of a .docx file, reading only its directory and the parts it needs
/// (images and the rest stay on disk however large the file is).
pub fn read_from(file: std::fs::File) -> Result<DocxText, DocxError> {
    read_limited(std::io::BufReader::new(file), MAX_PART)
}

/// How many files the package says it holds, from its end-of-directory record (`None` when
/// there is none: then it is no ZIP package, which the ZIP reader will say). A ZIP64 count
/// (the field full, 0xFFFF) is more than a speech's package ever lists.
fn declared_entries(reader: &mut (impl Read + std::io::Seek)) -> Option<u64> {
    use std::io::SeekFrom;
    // The record is 22 bytes plus a comment of at most 65 535.
    let len = reader.seek(SeekFrom::End(0)).ok()?;
    let tail = len.min(22 + 65_535);
    reader.seek(SeekFrom::Start(len - tail)).ok()?;
    let mut buf = Vec::with_capacity(tail as usize);
    reader.take(tail).read_to_end(&mut buf).ok()?;
    reader.seek(SeekFrom::Start(0)).ok()?;
    let at = buf.windows(4).rposition(|w| w == b"PK\x05\x06")?;
    let field = buf.get(at + 10..at + 12)?;
    let count = u16::from_le_bytes([field[0], field[1]]);
    Some(if count == u16::MAX {
        u64::MAX
    } else {
        u64::from(count)
    })
}

/// An open .docx package: its directory read and checked, its parts unpacked on demand, each
/// within a limit.
pub(crate) struct Package<R> {
    zip: zip::ZipArchive<R>,
    limit: u64,
}

impl<R: Read + std::io::Seek> Package<R> {
    /// Opens a package whose parts may unpack to at most `limit` bytes each.
    pub(crate) fn open(mut reader: R, limit: u64) -> Result<Self, DocxError> {
        if let Some(n) = declared_entries(&mut reader)
            && n > MAX_ENTRIES
        {
            return Err(DocxError::TooManyEntries(MAX_ENTRIES));
        }
        let zip = zip::ZipArchive::new(reader).map_err(|e| DocxError::NotDocx(e.to_string()))?;
        // The record may understate: the directory as read is checked too.
        if zip.len() as u64 > MAX_ENTRIES {
            return Err(DocxError::TooManyEntries(MAX_ENTRIES));
        }
        Ok(Package { zip, limit })
    }

    /// The text of part `name`, or `None` when the package has no such part.
    pub(crate) fn part(&mut self, name: &str) -> Result<Option<String>, DocxError> {
        let limit = self.limit;
        let Ok(file) = self.zip.by_name(name) else {
            return Ok(None);
        };
        let too_large = || DocxError::TooLarge {
            part: name.to_owned(),
        };
        if file.size() > limit {
            return Err(too_large());
        }
        let mut s = String::new();
        file.take(limit + 1)
            .read_to_string(&mut s)
            .map_err(|e| DocxError::NotDocx(format!("{name}：{e}")))?;
        if s.len() as u64 > limit {
            return Err(too_large());
        }
        Ok(Some(s))
    }

    /// The main document's XML, which every .docx has.
    pub(crate) fn document(&mut self) -> Result<String, DocxError> {
        self.part("word/document.xml")?
            .ok_or_else(|| DocxError::NotDocx("缺少 word/document.xml".into()))
    }
}

/// [`read`], with parts limited to `limit` bytes unpacked.
fn read_limited(reader: impl Read + std::io::Seek, limit: u64) -> Result<DocxText, DocxError> {
    let mut package = Package::open(reader, limit)?;
    let document = package.document()?;
    let numbering = package
        .part("word/numbering.xml")?
        .map(|s| Numbering::parse(&s))
        .transpose()?
        .unwrap_or_default();
    let styles = package
        .part("word/styles.xml")?
        .map(|s| StyleNumbering::parse(&s))
        .transpose()?
        .unwrap_or_default();
    paragraphs(&document, &numbering, &styles)
}

pub(crate) fn xml_error(e: impl std::fmt::Display) -> DocxError {
    DocxError::Xml(e.to_string())
}

/// The text a character or entity reference in a run stands for (`&#x4E00;` `&amp;`); `None`
/// for an entity XML does not define.
pub(crate) fn entity(r: &quick_xml::events::BytesRef) -> Result<Option<String>, DocxError> {
    Ok(match r.resolve_char_ref().map_err(xml_error)? {
        Some(c) => Some(c.to_string()),
        None => {
            let name = r.decode().map_err(xml_error)?;
            quick_xml::escape::resolve_predefined_entity(&name).map(str::to_owned)
        }
    })
}

/// The value of the attribute whose local name is `name` (`w:val` → `val`).
pub(crate) fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| {
            let raw = String::from_utf8_lossy(&a.value);
            quick_xml::escape::unescape(&raw).map_or_else(|_| raw.to_string(), |v| v.into_owned())
        })
}

fn number_attr(e: &BytesStart, name: &[u8]) -> Option<u32> {
    attr(e, name).and_then(|v| v.trim().parse().ok())
}

/// One level of a list definition.
#[derive(Clone, Debug, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
    /// `tab`, `space` or `nothing`: what follows the number.
    suffix: String,
    legal: bool,
}

/// `word/numbering.xml`: list definitions and the instances paragraphs refer to.
#[derive(Debug, Default)]
struct Numbering {
    /// abstractNumId → levels by ilvl.
    abstract_levels: HashMap<u32, HashMap<u32, Level>>,
    /// numId → (abstractNumId, start overrides by ilvl).
    instances: HashMap<u32, (u32, HashMap<u32, u32>)>,
}

impl Numbering {
    fn parse(xml: &str) -> Result<Self, DocxError> {
        let mut out = Numbering::default();
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut abstract_id: Option<u32> = None;
        let mut level: Option<(u32, Level)> = None;
        let mut num: Option<(u32, u32, HashMap<u32, u32>)> = None;
        let mut override_level: Option<u32> = None;
        loop {
            let event = reader.read_event().map_err(xml_error)?;
            match &event {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    b"abstractNum" => abstract_id = number_attr(e, b"abstractNumId"),
                    b"lvl" if abstract_id.is_some() => {
                        level = number_attr(e, b"ilvl").map(|i| {
                            (
                                i,
                                Level {
                                    start: 1,
                                    suffix: "tab".into(),
                                    ..Level::default()
                                },
                            )
                        });
                    }
                    b"start" => {
                        if let (Some((_, l)), Some(v)) = (level.as_mut(), number_attr(e, b"val")) {
                            l.start = v;
                        }
                    }
                    b"numFmt" => {
                        if let (Some((_, l)), Some(v)) = (level.as_mut(), attr(e, b"val")) {
                            l.format = v;
                        }
                    }
                    b"lvlText" => {
                        if let (Some((_, l)), Some(v)) = (level.as_mut(), attr(e, b"val")) {
                            l.text = v;
                        }
                    }
                    b"suff" => {
                        if let (Some((_, l)), Some(v)) = (level.as_mut(), attr(e, b"val")) {
                            l.suffix = v;
                        }
                    }
                    b"isLgl" => {
                        if let Some((_, l)) = level.as_mut() {
                            l.legal = attr(e, b"val").is_none_or(|v| v != "0" && v != "false");
                        }
                    }
                    b"num" => {
                        num = number_attr(e, b"numId").map(|id| (id, u32::MAX, HashMap::new()));
                    }
                    b"abstractNumId" => {
                        if let (Some(n), Some(v)) = (num.as_mut(), number_attr(e, b"val")) {
                            n.1 = v;
                        }
                    }
                    b"lvlOverride" => override_level = number_attr(e, b"ilvl"),
                    b"startOverride" => {
                        if let (Some(n), Some(i), Some(v)) =
                            (num.as_mut(), override_level, number_attr(e, b"val"))
                        {
                            n.2.insert(i, v);
                        }
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
            // Close what an end tag (or a self-closing element) ends.
            let ended = match &event {
                Event::End(e) => Some(e.local_name().as_ref().to_vec()),
                Event::Empty(e) => Some(e.local_name().as_ref().to_vec()),
                _ => None,
            };
            match ended.as_deref() {
                Some(b"lvl") => {
                    if let (Some(a), Some((i, l))) = (abstract_id, level.take()) {
                        out.abstract_levels.entry(a).or_default().insert(i, l);
                    }
                }
                Some(b"abstractNum") => abstract_id = None,
                Some(b"num") => {
                    if let Some((id, a, overrides)) = num.take()
                        && a != u32::MAX
                    {
                        out.instances.insert(id, (a, overrides));
                    }
                }
                Some(b"lvlOverride") => override_level = None,
                _ => {}
            }
        }
        Ok(out)
    }
}

/// What a paragraph style says about list numbering.
#[derive(Clone, Debug, Default)]
struct StyleEntry {
    based_on: Option<String>,
    num_id: Option<u32>,
    ilvl: Option<u32>,
}

/// The list numbering paragraph styles carry (`标题 1` linked to a multilevel list).
#[derive(Debug, Default)]
struct StyleNumbering {
    /// styleId → entry.
    styles: HashMap<String, StyleEntry>,
}

impl StyleNumbering {
    fn parse(xml: &str) -> Result<Self, DocxError> {
        let mut out = StyleNumbering::default();
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut current: Option<(String, StyleEntry)> = None;
        loop {
            match reader.read_event().map_err(xml_error)? {
                Event::Start(e) | Event::Empty(e) => {
                    let name = e.local_name();
                    if name.as_ref() == b"style" {
                        current = attr(&e, b"styleId").map(|id| (id, StyleEntry::default()));
                    } else if let Some((_, c)) = current.as_mut() {
                        match name.as_ref() {
                            b"basedOn" => c.based_on = attr(&e, b"val"),
                            b"numId" => c.num_id = number_attr(&e, b"val"),
                            b"ilvl" => c.ilvl = number_attr(&e, b"val"),
                            _ => {}
                        }
                    }
                }
                Event::End(e) if e.local_name().as_ref() == b"style" => {
                    if let Some((id, entry)) = current.take() {
                        out.styles.insert(id, entry);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(out)
    }

    /// The (numId, ilvl) a style gives its paragraphs, following `basedOn`.
    fn numbering(&self, style: &str) -> Option<(u32, u32)> {
        let mut id = style.to_owned();
        for _ in 0..16 {
            let entry = self.styles.get(&id)?;
            if let Some(n) = entry.num_id {
                return Some((n, entry.ilvl.unwrap_or(0)));
            }
            id = entry.based_on.clone()?;
        }
        None
    }
}

/// A number in a list format Word names.
/// The deepest list level Word has (levels 0–8); deeper ones in a file are not Word's, and get
/// no number.
const MAX_LEVEL: u32 = 8;

/// The largest number Word counts a list to. Beyond it a number is written in digits, so that
/// no label grows with the number (letters repeat, Roman numerals add an M a thousand).
const MAX_COUNT: u32 = 32_767;

fn format_number(n: u32, format: &str) -> String {
    if n > MAX_COUNT {
        return n.to_string();
    }
    let letters = |base: char| {
        // a…z, aa…zz, as Word counts.
        let k = (n.max(1) - 1) as usize;
        let c = char::from_u32(base as u32 + (k % 26) as u32).unwrap_or(base);
        std::iter::repeat_n(c, k / 26 + 1).collect()
    };
    let cycle = |set: &str| -> String {
        let cs: Vec<char> = set.chars().collect();
        cs[(n.max(1) as usize - 1) % cs.len()].to_string()
    };
    match format {
        "chineseLegalSimplified" => crate::doc::marker::chinese_numeral(u64::from(n))
            .chars()
            .map(|c| match c {
                '一' => '壹',
                '二' => '贰',
                '三' => '叁',
                '四' => '肆',
                '五' => '伍',
                '六' => '陆',
                '七' => '柒',
                '八' => '捌',
                '九' => '玖',
                '十' => '拾',
                '百' => '佰',
                '千' => '仟',
                other => other,
            })
            .collect(),
        "chineseCounting"
        | "chineseCountingThousand"
        | "ideographDigital"
        | "taiwaneseCountingThousand" => crate::doc::marker::chinese_numeral(u64::from(n)),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(d as u32 - '0' as u32 + '０' as u32).unwrap_or(d))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => {
            crate::doc::marker::circled(u64::from(n))
        }
        "ideographTraditional" => cycle("甲乙丙丁戊己庚辛壬癸"),
        "ideographZodiac" => cycle("子丑寅卯辰巳午未申酉戌亥"),
        "upperLetter" => letters('A'),
        "lowerLetter" => letters('a'),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// List counters as Word keeps them: per list definition, a deeper level restarting whenever
/// a shallower one moves on.
#[derive(Default)]
struct Counters {
    /// abstractNumId → counter by ilvl.
    lists: HashMap<u32, Vec<Option<u32>>>,
    /// numIds whose start overrides have been applied.
    started: std::collections::HashSet<u32>,
    /// Start values overridden by a list instance: (abstractNumId, ilvl) → start.
    starts: HashMap<(u32, u32), u32>,
}

impl Counters {
    /// The label of the next paragraph in list `num_id` at `ilvl`, or `None` for bullets and
    /// unknown lists.
    fn next(&mut self, numbering: &Numbering, num_id: u32, ilvl: u32) -> Option<String> {
        let (abstract_id, overrides) = numbering.instances.get(&num_id)?;
        let levels = numbering.abstract_levels.get(abstract_id)?;
        let level = levels.get(&ilvl)?;
        if level.format == "bullet" || ilvl > MAX_LEVEL {
            return None;
        }
        let counters = self.lists.entry(*abstract_id).or_default();
        let depth = ilvl as usize;
        if counters.len() <= depth {
            counters.resize(depth + 1, None);
        }
        if self.started.insert(num_id) && !overrides.is_empty() {
            // A list that restarts: every level counts afresh from its (overridden) start.
            counters.iter_mut().for_each(|c| *c = None);
            for (&i, &v) in overrides {
                self.starts.insert((*abstract_id, i), v);
            }
        }
        let starts = &self.starts;
        let start = |i: u32| {
            starts
                .get(&(*abstract_id, i))
                .copied()
                .unwrap_or_else(|| levels.get(&i).map_or(1, |l| l.start))
        };
        counters[depth] = Some(counters[depth].map_or(start(ilvl), |c| c.saturating_add(1)));
        for c in counters.iter_mut().skip(depth + 1) {
            *c = None;
        }
        let mut label = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
            {
                chars.next();
                let i = d.saturating_sub(1);
                let value = counters
                    .get(i as usize)
                    .copied()
                    .flatten()
                    .unwrap_or_else(|| start(i));
                let format = if level.legal {
                    "decimal"
                } else {
                    levels.get(&i).map_or("decimal", |l| l.format.as_str())
                };
                label.push_str(&format_number(value, format));
            } else {
                label.push(c);
            }
        }
        // What follows the number: a number that ends in punctuation (一、 （一）1.) needs
        // nothing more; a bare number is kept apart from the text by a space.
        if !label.is_empty()
            && level.suffix != "nothing"
            && !label.ends_with(|c: char| c.is_ascii_punctuation() || !c.is_ascii())
        {
            label.push(' ');
        }
        Some(label)
    }
}

/// Whether a field instruction makes a table of contents: Word's `TOC` field, or an entry that
/// links to a heading's `_Toc` bookmark (WPS writes each entry as such a link).
fn is_contents_field(instruction: &str) -> bool {
    let i = instruction.trim_start().to_ascii_uppercase();
    i.starts_with("TOC") || (i.starts_with("HYPERLINK") && i.contains("_TOC"))
}

/// Opens, separates or closes a field at a `w:fldChar`; a table of contents marks `contents`.
fn field_char(e: &BytesStart, fields: &mut Vec<(String, bool)>, p: &mut Para) {
    match attr(e, b"fldCharType").as_deref() {
        Some("begin") => fields.push((String::new(), false)),
        Some("separate") => {
            if let Some(f) = fields.last_mut() {
                f.1 = is_contents_field(&f.0);
                p.contents |= f.1;
            }
        }
        Some("end") => {
            fields.pop();
        }
        _ => {}
    }
}

/// One paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    style: Option<String>,
    num: Option<(Option<u32>, Option<u32>)>,
    /// Part of a table of contents.
    contents: bool,
}

/// The text of `word/document.xml`.
fn paragraphs(
    xml: &str,
    numbering: &Numbering,
    styles: &StyleNumbering,
) -> Result<DocxText, DocxError> {
    let mut out = DocxText::default();
    // Open fields: their instruction so far, and whether it is a table of contents.
    let mut fields: Vec<(String, bool)> = Vec::new();
    let in_contents = |fields: &[(String, bool)]| fields.iter().any(|f| f.1);
    let mut in_instr = false;
    let mut counters = Counters::default();
    let mut reader = quick_xml::Reader::from_str(xml);
    // Paragraphs can nest (a text box inside a paragraph): a stack.
    let mut stack: Vec<Para> = Vec::new();
    let mut in_text = false;
    // Inside a run: `w:tab` there is a tab character, in `w:pPr` a tab stop.
    let mut in_run = 0usize;
    // Depth inside elements whose content is not the document's text.
    let mut skipping = 0usize;
    loop {
        let event = reader.read_event().map_err(xml_error)?;
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if skipping > 0 {
                    skipping += 1;
                    continue;
                }
                // A form field's fldChar has children; it opens or closes a field all the same.
                if name == b"fldChar"
                    && let Some(p) = stack.last_mut()
                {
                    field_char(&e, &mut fields, p);
                }
                match name {
                    // Text that is not the document's current text: tracked deletions and moves
                    // away, the old properties of tracked formatting changes, a text box's
                    // second copy, footnote marks.
                    b"Fallback" | b"delText" | b"del" | b"moveFrom" | b"pPrChange"
                    | b"rPrChange" | b"numberingChange" | b"footnoteReference" => skipping = 1,
                    b"instrText" => in_instr = true,
                    b"p" => stack.push(Para::default()),
                    b"r" => in_run += 1,
                    b"t" => in_text = true,
                    b"numPr" => {
                        if let Some(p) = stack.last_mut() {
                            p.num = Some((None, None));
                        }
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skipping > 0 {
                    continue;
                }
                if let Some(p) = stack.last_mut() {
                    empty_element(&e, p, &mut fields, in_run > 0);
                }
            }
            Event::End(e) => {
                if skipping > 0 {
                    skipping -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    b"t" => in_text = false,
                    b"instrText" => in_instr = false,
                    b"r" => in_run = in_run.saturating_sub(1),
                    b"p" => {
                        if let Some(p) = stack.pop() {
                            let contents = in_contents(&fields);
                            finish(p, contents, numbering, styles, &mut counters, &mut out);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_instr && skipping == 0 => {
                if let Some(f) = fields.last_mut() {
                    f.0.push_str(&t.xml10_content().map_err(xml_error)?);
                }
            }
            Event::Text(t) if in_text && skipping == 0 => {
                if let Some(p) = stack.last_mut() {
                    p.contents |= in_contents(&fields);
                    p.text.push_str(&t.xml10_content().map_err(xml_error)?);
                }
            }
            Event::GeneralRef(r) if in_text && skipping == 0 => {
                if let (Some(p), Some(s)) = (stack.last_mut(), entity(&r)?) {
                    p.text.push_str(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// An empty element inside paragraph `p`: list properties, a style, a tab, a break, a field
/// mark (`in_run`: inside a run, where `w:tab` is a character, not a tab stop).
fn empty_element(
    e: &quick_xml::events::BytesStart<'_>,
    p: &mut Para,
    fields: &mut Vec<(String, bool)>,
    in_run: bool,
) {
    match e.local_name().as_ref() {
        b"fldChar" => field_char(e, fields, p),
        b"pStyle" => p.style = attr(e, b"val"),
        b"numId" => {
            if let Some(n) = p.num.as_mut() {
                n.0 = number_attr(e, b"val");
            }
        }
        b"ilvl" => {
            if let Some(n) = p.num.as_mut() {
                n.1 = number_attr(e, b"val");
            }
        }
        b"tab" if in_run => p.text.push('\t'),
        // A soft line break: the importer joins and lists it.
        b"br" | b"cr" if in_run && attr(e, b"type").is_none_or(|t| t == "textWrapping") => {
            p.text.push('\u{b}');
        }
        b"noBreakHyphen" if in_run => p.text.push('-'),
        _ => {}
    }
}

/// A paragraph read whole: into the table of contents when it is part of one, otherwise into
/// the text with the number Word shows before it.
fn finish(
    p: Para,
    in_contents: bool,
    numbering: &Numbering,
    styles: &StyleNumbering,
    counters: &mut Counters,
    out: &mut DocxText,
) {
    if p.contents || in_contents {
        if !p.text.trim().is_empty() {
            out.contents.push(p.text);
        }
        return;
    }
    let num = match p.num {
        Some((Some(id), lvl)) => Some((id, lvl.unwrap_or(0))),
        // Only a level: the list is the style's.
        Some((None, Some(lvl))) => p
            .style
            .as_deref()
            .and_then(|s| styles.numbering(s))
            .map(|(id, _)| (id, lvl)),
        Some((None, None)) => None,
        None => p.style.as_deref().and_then(|s| styles.numbering(s)),
    };
    let label = num
        .filter(|(id, _)| *id != 0)
        .and_then(|(id, lvl)| counters.next(numbering, id, lvl));
    if let Some(label) = label.filter(|l| !l.is_empty()) {
        out.numbered += 1;
        out.text.push_str(&label);
    }
    out.text.push_str(&p.text);
    out.text.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn numbering_xml(levels: &str) -> String {
        format!(
            r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0">{levels}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num></w:numbering>"#
        )
    }

    fn para(num: Option<(u32, u32)>, text: &str) -> String {
        let ppr = num.map_or(String::new(), |(id, l)| {
            format!(
                r#"<w:pPr><w:numPr><w:ilvl w:val="{l}"/><w:numId w:val="{id}"/></w:numPr></w:pPr>"#
            )
        });
        format!(r#"<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
    }

    const LEVELS: &str = r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl><w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:suff w:val="nothing"/></w:lvl>"#;

    fn read_body(body: &str) -> DocxText {
        let numbering = Numbering::parse(&numbering_xml(LEVELS)).unwrap();
        let doc = format!(r#"<w:document xmlns:w="w"><w:body>{body}</w:body></w:document>"#);
        paragraphs(&doc, &numbering, &StyleNumbering::default()).unwrap()
    }

    #[test]
    fn word_list_numbers_are_written_out_as_shown() {
        let body = [
            para(None, "同志们："),
            para(Some((1, 0)), "抓落实"),
            para(Some((1, 1)), "抓基础"),
            para(Some((1, 2)), "夯实"),
            para(Some((1, 2)), "巩固"),
            para(Some((1, 1)), "抓创新"),
            para(Some((1, 2)), "突破"),
            para(None, "正文。"),
            para(Some((1, 0)), "抓作风"),
            // A new instance that restarts the list.
            para(Some((2, 0)), "另起"),
        ]
        .concat();
        let got = read_body(&body);
        assert_eq!(
            got.text,
            "同志们：\n一、抓落实\n（一）抓基础\n1.夯实\n2.巩固\n（二）抓创新\n1.突破\n正文。\n二、抓作风\n一、另起\n"
        );
        assert_eq!(got.numbered, 8);
    }

    #[test]
    fn deleted_text_field_codes_and_fallback_copies_are_not_read() {
        let body = r#"<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del><w:ins><w:r><w:t>插入的</w:t></w:r></w:ins><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>3</w:t></w:r><w:r><mc:AlternateContent><mc:Choice><w:t>框</w:t></mc:Choice><mc:Fallback><w:t>框</w:t></mc:Fallback></mc:AlternateContent></w:r><w:r><w:br/><w:t>&amp;&#x4E00;</w:t></w:r></w:p>"#;
        assert_eq!(read_body(body).text, "保留插入的3框\u{b}&一\n");
    }

    #[test]
    fn a_table_of_contents_is_set_apart() {
        let field = |kind: &str| format!(r#"<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>"#);
        let body = [
            para(None, "目录"),
            format!(
                r#"<w:p>{}<w:r><w:instrText xml:space="preserve"> TOC \o "1-3" \h </w:instrText></w:r>{}<w:r><w:t>一、提高认识</w:t></w:r><w:r><w:tab/><w:t>1</w:t></w:r></w:p>"#,
                field("begin"),
                field("separate")
            ),
            format!(r#"<w:p><w:r><w:t>二、压实责任</w:t></w:r><w:r><w:tab/><w:t>2</w:t></w:r>{}</w:p>"#, field("end")),
            para(None, "一、提高认识"),
            format!(r#"<w:p>{}<w:r><w:instrText>PAGE</w:instrText></w:r>{}<w:r><w:t>3</w:t></w:r>{}</w:p>"#, field("begin"), field("separate"), field("end")),
        ]
        .concat();
        let got = read_body(&body);
        assert_eq!(got.text, "目录\n一、提高认识\n3\n");
        assert_eq!(got.contents, ["一、提高认识\t1", "二、压实责任\t2"]);
        assert!(is_contents_field(
            r#" HYPERLINK \l _Toc21104_WPSOffice_Level1 "#
        ));
        assert!(!is_contents_field(r#" HYPERLINK "https://www.gov.cn" "#));
    }

    #[test]
    fn content_controls_simple_fields_and_text_boxes_keep_their_text() {
        // A content control, a simple field's result, and a text box inside a run: each text
        // once, the paragraph's own text whole and after the box's.
        let body = r#"<w:p><w:sdt><w:sdtContent><w:r><w:t>控件</w:t></w:r></w:sdtContent></w:sdt><w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple><w:r><w:t>前</w:t></w:r><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:tab/><w:t>后</w:t></w:r></w:p>"#;
        assert_eq!(read_body(body).text, "框内\n控件7前\t后\n");
    }

    #[test]
    fn tracked_moves_deletions_and_old_properties_are_not_current_text() {
        let body = r#"<w:p><w:moveFrom><w:r><w:t>移走的</w:t></w:r></w:moveFrom><w:r><w:t>中</w:t></w:r><w:del><w:r><w:tab/><w:br/></w:r></w:del><w:moveTo><w:r><w:t>移走的</w:t></w:r></w:moveTo></w:p>"#;
        assert_eq!(read_body(body).text, "中移走的\n");
        // The old paragraph properties of a tracked change do not take the number away.
        let body = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:pPrChange><w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr></w:pPrChange></w:pPr><w:r><w:t>抓落实</w:t></w:r></w:p>"#;
        assert_eq!(read_body(body).text, "一、抓落实\n");
    }

    #[test]
    fn a_level_without_a_list_takes_the_styles_list_and_restarts_count_from_their_start() {
        let numbering = Numbering::parse(&numbering_xml(LEVELS)).unwrap();
        let styles = StyleNumbering::parse(r#"<w:styles xmlns:w="w"><w:style w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>"#).unwrap();
        let styled = |lvl: &str, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="H1"/>{lvl}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let body = [
            styled("", "甲"),
            styled(r#"<w:numPr><w:ilvl w:val="1"/></w:numPr>"#, "乙"),
            // List 2 restarts at level 1 first: its level 0 counts from its start, not from 0.
            para(Some((2, 1)), "丙"),
        ]
        .concat();
        let doc = format!(r#"<w:document xmlns:w="w"><w:body>{body}</w:body></w:document>"#);
        let got = paragraphs(&doc, &numbering, &styles).unwrap();
        assert_eq!(got.text, "一、甲\n（一）乙\n（一）丙\n");
        assert_eq!(format_number(12, "chineseLegalSimplified"), "拾贰");
    }

    /// Regression: a list level of 4 000 000 000 made the reader allocate a counter per level
    /// up to it (32 GB); a list starting at 4 000 000 000 in letters made labels of 150 M
    /// characters.
    #[test]
    fn hostile_list_levels_and_starts_cost_nothing() {
        let levels = r#"<w:lvl w:ilvl="4000000000"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="0"><w:start w:val="4294967295"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="4000000000"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%2."/></w:lvl>"#;
        let numbering = Numbering::parse(&numbering_xml(levels)).unwrap();
        let body = [
            para(Some((1, 4_000_000_000)), "深"),
            para(Some((1, 0)), "甲"),
            // The counter at u32::MAX goes no further (and does not wrap to 0).
            para(Some((1, 0)), "乙"),
            para(Some((1, 1)), "丙"),
        ]
        .concat();
        let doc = format!(r#"<w:document xmlns:w="w"><w:body>{body}</w:body></w:document>"#);
        let got = paragraphs(&doc, &numbering, &StyleNumbering::default()).unwrap();
        assert_eq!(
            got.text,
            "深\n4294967295)甲\n4294967295)乙\n4000000000.丙\n"
        );
        assert_eq!(
            format_number(MAX_COUNT, "lowerLetter").chars().count(),
            1261
        );
        assert_eq!(format_number(MAX_COUNT + 1, "upperRoman"), "32768");
    }

    #[test]
    fn formats_word_names() {
        assert_eq!(format_number(12, "chineseCounting"), "十二");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(7, "decimalFullWidth"), "７");
    }

    /// Regression: a package whose parts unpack to a gigabyte was read whole (and aborted).
    #[test]
    fn a_part_that_unpacks_too_large_is_refused() {
        let mut speech = crate::doc::model::Speech::new();
        speech.title = "讲话".into();
        speech.opening[0].text = "同志们，".repeat(2000);
        let bytes =
            crate::export::docx::bytes(&speech, crate::export::docx::Layout::default()).unwrap();
        assert!(read_limited(std::io::Cursor::new(&bytes), MAX_PART).is_ok());
        let err = read_limited(std::io::Cursor::new(&bytes), 4096).unwrap_err();
        assert!(
            matches!(&err, DocxError::TooLarge { part } if part == "word/document.xml"),
            "{err}"
        );
        assert!(err.to_string().contains("64 MB"), "{err}");
    }

    /// A package listing more files than a speech ever has is refused before its directory
    /// is read (a million empty entries took seconds and hundreds of MB to list).
    #[test]
    fn a_package_of_too_many_files_is_refused() {
        let many = |n: u64| {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            for k in 0..n {
                zip.start_file(format!("{k}"), options).unwrap();
            }
            zip.start_file("word/document.xml", options).unwrap();
            zip.write_all(b"<w:document><w:body><w:p><w:r><w:t>\xe8\xae\xb2</w:t></w:r></w:p></w:body></w:document>")
                .unwrap();
            zip.finish().unwrap().into_inner()
        };
        assert_eq!(read(&many(10)).unwrap().text, "讲\n");
        let err = read(&many(MAX_ENTRIES)).unwrap_err();
        assert!(matches!(err, DocxError::TooManyEntries(_)), "{err}");
        assert!(err.to_string().contains("10000 个以上的文件"), "{err}");
    }

    #[test]
    fn a_broken_package_is_refused_with_a_reason() {
        assert!(matches!(
            read(b"PK\x03\x04garbage"),
            Err(DocxError::NotDocx(_))
        ));
        assert!(matches!(read(b"plain text"), Err(DocxError::NotDocx(_))));
    }
}
