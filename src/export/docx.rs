//! Word (.docx) export in two layouts.
//!
//! - `Official`: GB/T 9704-2012 as far as a speech applies — A4, top 37 mm and left 28 mm
//!   margins around a 156 × 225 mm type area, 22 lines × 28 characters per page held by the
//!   document grid, title 2号 小标宋, body 3号 仿宋_GB2312, 一、 headings 黑体, （一） headings
//!   楷体_GB2312, page numbers `— 1 —` in 4号 宋体 (odd pages right, even pages left, one
//!   character in, 7 mm below the type area).
//! - `Reading`: the copy a leader reads aloud — large type (the size a setting), lines twice
//!   the type size apart, wide margins, headings set off, large page numbers.
//!
//! Both are measured as [`super::pages`] lays out the page view and the PDF.
//!
//! The words are the plain-text export's ([`crate::doc::blocks::blocks`]), paragraph by paragraph:
//! derived numbers, the author's words. Every font is set in the East Asian slot (`w:eastAsia`)
//! as well as the Latin ones and the package has no theme, so Chinese punctuation never falls
//! back to a Latin font. Headings keep with the next paragraph and never break inside
//! themselves, so none is left alone at the bottom of a page.

use docx_rs::{
    AlignmentType, DocGrid, DocGridType, Docx, FieldCharType, Footer, InstrText, LineSpacing,
    LineSpacingType, PageMargin, Paragraph, Run, RunFonts, SpecialIndentType, Style, StyleType,
};

use crate::compare::Piece;
use crate::doc::blocks::{self, Block, Role, blocks};
use crate::doc::model::{Speech, TextRef};

/// Type sizes a reading copy can be set in.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum ReadingSize {
    /// 三号, 16 pt.
    San,
    /// 小二, 18 pt.
    #[default]
    XiaoEr,
    /// 二号, 22 pt.
    Er,
    /// 小一, 24 pt.
    XiaoYi,
}

impl ReadingSize {
    pub const ALL: [ReadingSize; 4] = [
        ReadingSize::San,
        ReadingSize::XiaoEr,
        ReadingSize::Er,
        ReadingSize::XiaoYi,
    ];

    /// The Chinese size name.
    pub fn label(self) -> &'static str {
        match self {
            ReadingSize::San => "三号",
            ReadingSize::XiaoEr => "小二",
            ReadingSize::Er => "二号",
            ReadingSize::XiaoYi => "小一",
        }
    }

    /// Size in points.
    pub fn points(self) -> f32 {
        self.half_points() as f32 / 2.0
    }

    /// Size in half-points, the unit of `w:sz`.
    fn half_points(self) -> usize {
        match self {
            ReadingSize::San => 32,
            ReadingSize::XiaoEr => 36,
            ReadingSize::Er => 44,
            ReadingSize::XiaoYi => 48,
        }
    }

    /// Reads a size name (`小二`) or its point size (`18`).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().trim_end_matches('号');
        Self::ALL.into_iter().find(|z| {
            z.label().trim_end_matches('号') == s || (z.half_points() / 2).to_string() == s
        })
    }
}

/// Which layout a .docx is written in.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Layout {
    /// GB/T 9704 official layout.
    #[default]
    Official,
    /// Large type for reading aloud.
    Reading(ReadingSize),
}

impl Layout {
    /// The name shown to users.
    pub fn label(self) -> String {
        match self {
            Layout::Official => "公文格式（GB/T 9704）".to_owned(),
            Layout::Reading(size) => format!("大字念稿（{}）", size.label()),
        }
    }
}

/// Millimetres to twentieths of a point.
fn mm(v: f64) -> i32 {
    (v / 25.4 * 1440.0).round() as i32
}

/// A typeface with the common face that stands in for it where it is not installed
/// (written as the font table's `w:altName`).
struct Face {
    name: &'static str,
    alt: &'static str,
    /// `roman` for the serif faces, `modern` for 黑体.
    family: &'static str,
}

const fn face(name: &'static str, alt: &'static str, family: &'static str) -> Face {
    Face { name, alt, family }
}

const XIAOBIAOSONG: Face = face("方正小标宋简体", "华文中宋", "roman");
const FANGSONG: Face = face("仿宋_GB2312", "仿宋", "roman");
const HEITI: Face = face("黑体", "SimHei", "modern");
const KAITI: Face = face("楷体_GB2312", "楷体", "roman");
const SONGTI: Face = face("宋体", "SimSun", "roman");

/// The typefaces and sizes (half-points) of one layout.
struct Look {
    title: (&'static Face, usize),
    body: (&'static Face, usize),
    /// Faces of standalone headings by depth: 一、 （一） 1. （1）.
    levels: [&'static Face; 4],
    byline: &'static Face,
    page_number: (&'static Face, usize),
    /// The width of one body character in twips (type size plus character spacing).
    pitch: i32,
}

fn look(layout: Layout) -> Look {
    match layout {
        Layout::Official => Look {
            title: (&XIAOBIAOSONG, 44),
            body: (&FANGSONG, 32),
            levels: [&HEITI, &KAITI, &FANGSONG, &FANGSONG],
            byline: &KAITI,
            page_number: (&SONGTI, 28),
            pitch: 320 + official_character_spacing(32),
        },
        Layout::Reading(size) => {
            let body = size.half_points();
            Look {
                // The title one step above the body, at least 二号.
                title: (&HEITI, (body + 8).max(44)),
                body: (&FANGSONG, body),
                levels: [&HEITI, &KAITI, &HEITI, &FANGSONG],
                byline: &KAITI,
                page_number: (&HEITI, body),
                pitch: body as i32 * 10,
            }
        }
    }
}

/// Fonts for every script slot: Latin letters and digits in Times New Roman, everything else
/// in `face`. `hint="eastAsia"` makes Word treat shared punctuation (“ ” — …) as Chinese.
fn fonts(face: &Face) -> RunFonts {
    RunFonts::new()
        .east_asia(face.name)
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .cs("Times New Roman")
        .hint("eastAsia")
}

/// Punctuation Unicode shares between Chinese and Western text. Word sets it in the Chinese
/// face when the run's hint says so, but LibreOffice takes it for Latin and sets it in Times
/// New Roman (a short, low `——`, a baseline `……`); runs of these characters therefore name
/// the Chinese face in every slot.
fn shared_punctuation(c: char) -> bool {
    matches!(
        c,
        '—' | '―'
            | '…'
            | '·'
            | '‘'
            | '’'
            | '“'
            | '”'
            | '～'
            | '‖'
            | '※'
            | '℃'
            | '°'
            | '№'
    )
}

/// Characters a Word document cannot hold: XML 1.0 forbids the C0 controls other than tab
/// and line ends (the checker reports them as errors in the text).
pub fn unwritable(c: char) -> bool {
    (c < ' ' && c != '\t') || c == '\u{fffe}' || c == '\u{ffff}'
}

/// How many characters of the speech a .docx leaves out (see [`unwritable`]).
pub fn unwritable_count(speech: &Speech) -> usize {
    blocks(speech)
        .iter()
        .map(|b| {
            b.lead
                .chars()
                .chain(b.text.chars())
                .filter(|c| unwritable(*c))
                .count()
        })
        .sum()
}

/// The runs of `text` in `face`: shared punctuation in runs of its own (see
/// [`shared_punctuation`]). Characters a Word document cannot hold are left out, or Word would
/// refuse the whole file; the export says how many.
fn runs(text: &str, face: &Face, size: usize) -> Vec<Run> {
    runs_as(text, face, size, false)
}

/// [`runs`] of text a tracked change removes (`w:delText`) when `deleted`.
fn runs_as(text: &str, face: &Face, size: usize, deleted: bool) -> Vec<Run> {
    let cleaned: String;
    let text = if text.contains(unwritable) {
        cleaned = text.chars().filter(|c| !unwritable(*c)).collect();
        cleaned.as_str()
    } else {
        text
    };
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let shared = shared_punctuation(c);
        let len = rest
            .find(|c: char| shared_punctuation(c) != shared)
            .unwrap_or(rest.len());
        let run = if deleted {
            Run::new().add_delete_text(&rest[..len])
        } else {
            Run::new().add_text(&rest[..len])
        }
        .size(size);
        out.push(if shared {
            run.fonts(
                RunFonts::new()
                    .east_asia(face.name)
                    .ascii(face.name)
                    .hi_ansi(face.name)
                    .cs(face.name)
                    .hint("eastAsia"),
            )
        } else {
            run.fonts(fonts(face))
        });
        rest = &rest[len..];
    }
    out
}

trait AddRuns {
    fn add_runs(self, runs: Vec<Run>) -> Self;
}

impl AddRuns for Paragraph {
    fn add_runs(self, runs: Vec<Run>) -> Self {
        runs.into_iter().fold(self, Paragraph::add_run)
    }
}

/// Style ids. Word's built-in ids, so that Word and WPS show them as 标题/标题 1… and their
/// navigation pane lists the headings.
const TITLE: &str = "Title";
const SUBTITLE: &str = "Subtitle";
const SALUTATION: &str = "Salutation";
const HEADINGS: [&str; 4] = ["Heading1", "Heading2", "Heading3", "Heading4"];

fn no_spacing() -> LineSpacing {
    LineSpacing::new().before(0).after(0)
}

/// The styles every paragraph refers to: changing 标题 1 in Word changes every 一、 heading.
fn styles(docx: Docx, layout: Layout, look: &Look) -> Docx {
    let (title_face, title_size) = look.title;
    let (body_face, body_size) = look.body;
    let reading = matches!(layout, Layout::Reading(_));
    // Reading copies set headings off with half a line above.
    let heading_spacing = if reading {
        LineSpacing::new().before(body_size as u32 * 10).after(0)
    } else {
        no_spacing()
    };
    let mut normal = Style::new("Normal", StyleType::Paragraph)
        .name("Normal")
        .fonts(fonts(body_face))
        .size(body_size)
        .align(AlignmentType::Both);
    if layout == Layout::Official {
        normal.run_property = normal
            .run_property
            .character_spacing(official_character_spacing(body_size));
    }
    let mut docx = docx
        .add_style(normal)
        .add_style(
            Style::new(TITLE, StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .next("Normal")
                .fonts(fonts(title_face))
                .size(title_size)
                .align(AlignmentType::Center)
                .line_spacing(no_spacing()),
        )
        .add_style(
            Style::new(SUBTITLE, StyleType::Paragraph)
                .name("Subtitle")
                .based_on("Normal")
                .next("Normal")
                .fonts(fonts(look.byline))
                .size(body_size)
                .align(AlignmentType::Center)
                .line_spacing(no_spacing()),
        )
        .add_style(
            Style::new(SALUTATION, StyleType::Paragraph)
                .name("Salutation")
                .based_on("Normal")
                .next("Normal")
                .align(AlignmentType::Left),
        );
    for (depth, id) in HEADINGS.iter().enumerate() {
        docx = docx.add_style(
            Style::new(*id, StyleType::Paragraph)
                .name(format!("heading {}", depth + 1))
                .based_on("Normal")
                .next("Normal")
                .fonts(fonts(look.levels[depth]))
                .size(body_size)
                .outline_lvl(depth)
                .line_spacing(heading_spacing.clone()),
        );
    }
    docx
}

/// Character spacing (twentieths of a point, negative = tighter) that fits 28 characters of
/// `body_size` (half-points) into the 156 mm line: 3号 needs −0.25 pt.
fn official_character_spacing(body_size: usize) -> i32 {
    let pitch_twips = 156.0 / 25.4 * 1440.0 / 28.0;
    (pitch_twips - body_size as f64 * 10.0).floor() as i32
}

/// A comment's mark at a character of a block's lead or text.
enum Note {
    Start(Box<docx_rs::Comment>),
    End(usize),
}

/// A block's comment marks: in its lead and in its text, each at a character offset.
#[derive(Default)]
struct Notes {
    lead: Vec<(usize, Note)>,
    text: Vec<(usize, Note)>,
}

/// Who the tracked changes of an export for review are by, and when, and the version they are
/// made against.
pub struct Track<'a> {
    pub base: &'a Speech,
    pub author: String,
    /// As Word writes it: `2026-12-07T10:30:00Z`.
    pub date: String,
}

/// Now, as Word dates its tracked changes (UTC, to the second): `2026-12-07T10:30:00Z`.
pub fn utc_now() -> String {
    iso_utc(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    )
}

/// A time in seconds since 1970 as Word dates a change.
fn iso_utc(secs: u64) -> String {
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // The civil date of a day count since 1970-01-01, by 400-year eras of 146 097 days.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3_600,
        rest / 60 % 60,
        rest % 60
    )
}

impl Track<'_> {
    fn insert(&self) -> docx_rs::Insert {
        docx_rs::Insert::new_with_empty()
            .author(&self.author)
            .date(&self.date)
    }

    fn delete(&self) -> docx_rs::Delete {
        docx_rs::Delete::new().author(&self.author).date(&self.date)
    }
}

/// `p` with the runs of `pieces`: kept text as it is, added text as a tracked insertion and
/// removed text as a tracked deletion (when `track` is given; otherwise only the kept and added
/// text, plainly), with the comment marks at their characters of the text as it now reads.
fn add_pieces(
    mut p: Paragraph,
    pieces: &[Piece],
    (face, size): (&Face, usize),
    notes: &[(usize, Note)],
    track: Option<&Track>,
) -> Paragraph {
    let mut at = 0;
    let mut next = notes.iter().peekable();
    let note = |p: Paragraph, note: &Note| match note {
        Note::Start(c) => p.add_comment_start((**c).clone()),
        Note::End(id) => p.add_comment_end(*id),
    };
    let put = |p: Paragraph, text: &str, added: bool| match (added, track) {
        (true, Some(t)) => {
            let ins = runs(text, face, size)
                .into_iter()
                .fold(t.insert(), docx_rs::Insert::add_run);
            p.add_insert(ins)
        }
        _ => p.add_runs(runs(text, face, size)),
    };
    for piece in pieces {
        let (text, added) = match piece {
            Piece::Same(t) | Piece::Added(t) | Piece::Removed(t) if t.is_empty() => continue,
            Piece::Removed(text) => {
                if let Some(t) = track {
                    let del = runs_as(text, face, size, true)
                        .into_iter()
                        .fold(t.delete(), docx_rs::Delete::add_run);
                    p = p.add_delete(del);
                }
                continue;
            }
            Piece::Same(text) => (text, false),
            Piece::Added(text) => (text, true),
        };
        let chars: Vec<char> = text.chars().collect();
        let mut from = 0;
        while let Some((o, n)) = next.next_if(|(o, _)| *o < at + chars.len()) {
            let k = o.saturating_sub(at).clamp(from, chars.len());
            if k > from {
                p = put(p, &chars[from..k].iter().collect::<String>(), added);
            }
            from = k;
            p = note(p, n);
        }
        if from < chars.len() {
            p = put(p, &chars[from..].iter().collect::<String>(), added);
        }
        at += chars.len();
    }
    for (_, n) in next {
        p = note(p, n);
    }
    p
}

/// The comments of a returned file still open, as Word comments (with their replies) on the
/// blocks they are on, so that the next round sees them. Resolved ones were dealt with and are
/// left out.
fn comment_notes(speech: &Speech, all: &[Block]) -> Vec<Notes> {
    let mut out: Vec<Notes> = all.iter().map(|_| Notes::default()).collect();
    if speech.review.comments.iter().all(|c| c.resolved) {
        return out;
    }
    // Where each text stands: its block, whether in the lead, and the offset its trimmed
    // words start at there.
    let mut place: std::collections::HashMap<TextRef, (usize, bool, usize)> =
        std::collections::HashMap::new();
    for (i, b) in all.iter().enumerate() {
        for shown in b.shown(speech) {
            place
                .entry(shown.target)
                .or_insert((i, shown.in_lead, shown.at));
        }
    }
    let mut id = 0usize;
    for c in speech.review.comments.iter().filter(|c| !c.resolved) {
        let Some(target) = c.target else { continue };
        let (Some(&(block, lead, base)), Some(text)) = (place.get(&target), speech.text(target))
        else {
            continue;
        };
        let trimmed = text.chars().take_while(|c| c.is_whitespace()).count();
        let start = base + c.at.saturating_sub(trimmed);
        let end = start + c.quote.chars().count();
        let comment = |id: usize, author: &str, date: &str, text: &str| {
            let mut note = docx_rs::Comment::new(id).author(author);
            if !date.is_empty() {
                note = note.date(date);
            }
            note.add_paragraph(Paragraph::new().add_run(Run::new().add_text(text)))
        };
        let notes = if lead {
            &mut out[block].lead
        } else {
            &mut out[block].text
        };
        let first = id;
        notes.push((
            start,
            Note::Start(Box::new(comment(id, &c.author, &c.date, &c.text))),
        ));
        let mut ids = vec![id];
        for r in &c.replies {
            id += 1;
            let reply = comment(id, &r.author, &r.date, &r.text).parent_comment_id(first);
            notes.push((start, Note::Start(Box::new(reply))));
            ids.push(id);
        }
        id += 1;
        notes.extend(ids.into_iter().map(|i| (end, Note::End(i))));
    }
    for n in &mut out {
        // By place; at one place a comment's end comes before the next one's start.
        n.lead
            .sort_by_key(|(at, note)| (*at, matches!(note, Note::Start(_))));
        n.text
            .sort_by_key(|(at, note)| (*at, matches!(note, Note::Start(_))));
    }
    out
}

/// What a block's lead and text read as runs: kept, added and removed words (only kept ones
/// outside an export for review), and whether the whole paragraph is new or gone.
struct Words {
    lead: Vec<Piece>,
    text: Vec<Piece>,
    mark: Option<bool>,
}

impl Words {
    fn of(block: &Block) -> Self {
        Words {
            lead: vec![Piece::Same(block.lead.clone())],
            text: vec![Piece::Same(block.text.clone())],
            mark: None,
        }
    }
}

/// The paragraph a block becomes.
fn paragraph(
    block: &Block,
    look: &Look,
    notes: &Notes,
    (words, track): (&Words, Option<&Track>),
) -> Paragraph {
    let p = paragraph_of(block, look, notes, (words, track));
    // A paragraph a tracked change added or removed has its mark inserted or deleted too.
    match (words.mark, track) {
        (Some(added), Some(t)) => {
            let mut p = p;
            let rp = p.property.run_property.clone();
            p.property.run_property = if added {
                rp.insert(t.insert())
            } else {
                rp.delete(t.delete())
            };
            p
        }
        _ => p,
    }
}

fn paragraph_of(
    block: &Block,
    look: &Look,
    notes: &Notes,
    (words, track): (&Words, Option<&Track>),
) -> Paragraph {
    let (body_face, body_size) = look.body;
    // Two characters, in twips: docx-rs does not write `w:firstLineChars`.
    let indent = 2 * look.pitch;
    let indented = || {
        Paragraph::new().indent(
            Some(0),
            Some(SpecialIndentType::FirstLine(indent)),
            None,
            None,
        )
    };
    match block.role {
        // Off the line grid: a 2号 line snapped to a grid of 3号 lines takes two of them in
        // LibreOffice; exact spacing holds it to one, as Word and the page view have it.
        Role::Title => {
            let p = Paragraph::new().style(TITLE);
            add_pieces(
                p,
                &words.text,
                (look.title.0, look.title.1),
                &notes.text,
                track,
            )
            .keep_next(true)
            .keep_lines(true)
            .snap_to_grid(false)
        }
        Role::Byline(_) => {
            let p = Paragraph::new().style(SUBTITLE);
            add_pieces(p, &words.text, (look.byline, body_size), &notes.text, track).keep_next(true)
        }
        Role::Salutation => {
            let p = Paragraph::new().style(SALUTATION);
            add_pieces(p, &words.text, (body_face, body_size), &notes.text, track).keep_next(true)
        }
        // The manuscript's empty lines are never blocks.
        Role::Appendix => add_pieces(
            indented().widow_control(true),
            &words.text,
            (body_face, body_size),
            &notes.text,
            track,
        ),
        Role::Body | Role::Empty => add_pieces(
            indented().widow_control(true),
            &words.text,
            (body_face, body_size),
            &notes.text,
            track,
        ),
        Role::Heading { depth } => {
            let level = depth.min(3);
            add_pieces(
                indented().style(HEADINGS[level]),
                &words.lead,
                (look.levels[level], body_size),
                &notes.lead,
                track,
            )
            .keep_next(true)
            .keep_lines(true)
        }
        Role::RunIn { depth, strong } => {
            // The marker and lead sentence start the paragraph in the heading's face at the
            // top level; deeper run-in items, and clauses of a list, read as body text.
            let face = if depth == 0 && strong {
                look.levels[0]
            } else {
                body_face
            };
            let p = add_pieces(
                indented().widow_control(true),
                &words.lead,
                (face, body_size),
                &notes.lead,
                track,
            );
            add_pieces(p, &words.text, (body_face, body_size), &notes.text, track)
        }
    }
}

/// Page numbers: `— 1 —` with em dashes, as GB/T 9704 §7.5 has them.
fn page_number(look: &Look, align: AlignmentType, official: bool) -> Footer {
    let (face, size) = look.page_number;
    let mut p = Paragraph::new()
        .add_runs(runs("— ", face, size))
        .add_run(
            Run::new()
                .fonts(fonts(face))
                .size(size)
                .add_field_char(FieldCharType::Begin, false)
                .add_instr_text(InstrText::PAGE(docx_rs::InstrPAGE::new()))
                .add_field_char(FieldCharType::Separate, false)
                .add_text("1")
                .add_field_char(FieldCharType::End, false),
        )
        .add_runs(runs(" —", face, size))
        .align(align)
        // The page number sits on its own line height, not on the body's grid.
        .snap_to_grid(false)
        .line_spacing(
            LineSpacing::new()
                .before(0)
                .after(0)
                .line(size as i32 * 10)
                .line_rule(LineSpacingType::Exact),
        );
    if official {
        // One character in from the edge of the type area.
        let em = size as i32 * 10;
        p = match align {
            AlignmentType::Right => p.indent(None, None, Some(em), None),
            _ => p.indent(Some(em), None, None, None),
        };
    }
    Footer::new().add_paragraph(p)
}

/// A block of the version the speech no longer has: after which block of the speech it goes
/// (`None`: before the first), and its words, all removed.
type Gone = (Option<usize>, (Block, Words));

/// The words of each block against the version in `base` (matched by the ids versions keep),
/// and the version's blocks the speech no longer has, each after the index of the block it
/// followed (`None`: before the first).
fn tracked_words(speech: &Speech, base: &Speech, all: &[Block]) -> (Vec<Words>, Vec<Gone>) {
    use crate::compare::char_diff;
    let diff = |old: Option<&str>, new: &str| -> (Vec<Piece>, bool) {
        match old {
            Some(old) if old == new => (vec![Piece::Same(new.to_owned())], false),
            Some(old) => (char_diff(old, new), false),
            None => (vec![Piece::Added(new.to_owned())], true),
        }
    };
    let heading = |s: &Speech, id| s.section(id).map(|x| x.heading.trim().to_owned());
    let text = |s: &Speech, t: TextRef| {
        s.text(t)
            .map(|x| x.trim().to_owned())
            .filter(|x| !(matches!(t, TextRef::Field(_)) && x.is_empty()))
    };
    let old_salutation: Vec<String> = blocks::salutation_text(&base.salutation)
        .lines()
        .map(str::to_owned)
        .collect();
    let mut salutation_line = 0;
    let mut words = Vec::with_capacity(all.len());
    for b in all {
        let w = match (b.role, b.at) {
            (Role::Heading { .. } | Role::RunIn { .. }, Some(TextRef::Heading(id))) => {
                let new = heading(speech, id).unwrap_or_default();
                // The derived number: what the lead shows before the heading's words.
                let number = b.shown(speech).first().map_or(0, |s| s.at);
                let label: String = b.lead.chars().take(number).collect();
                let (mut lead, added) = diff(heading(base, id).as_deref(), &new);
                // The number is derived: the speech's own, not a change of words.
                lead.insert(
                    0,
                    if added {
                        Piece::Added(label)
                    } else {
                        Piece::Same(label)
                    },
                );
                let first = speech
                    .section(id)
                    .and_then(|s| s.paragraphs.first())
                    .map(|p| TextRef::Paragraph(p.id));
                let text = match first {
                    Some(t) if matches!(b.role, Role::RunIn { .. }) => {
                        diff(text(base, t).as_deref(), &b.text).0
                    }
                    _ => vec![Piece::Same(b.text.clone())],
                };
                Words {
                    lead,
                    text,
                    mark: added.then_some(true),
                }
            }
            (Role::Salutation, _) => {
                let old = old_salutation.get(salutation_line).map(String::as_str);
                salutation_line += 1;
                let (text, added) = diff(old, &b.text);
                Words {
                    lead: Vec::new(),
                    text,
                    mark: added.then_some(true),
                }
            }
            (_, Some(t)) => {
                let (text, added) = diff(text(base, t).as_deref(), &b.text);
                Words {
                    lead: vec![Piece::Same(b.lead.clone())],
                    text,
                    mark: added.then_some(true),
                }
            }
            _ => Words::of(b),
        };
        words.push(w);
    }
    // The version's blocks whose text the speech no longer has.
    let present = |t: TextRef| match t {
        TextRef::Heading(id) => speech.section(id).is_some(),
        _ => text(speech, t).is_some(),
    };
    let index: std::collections::HashMap<TextRef, usize> = all
        .iter()
        .enumerate()
        .filter_map(|(i, b)| b.at.map(|t| (t, i)))
        .collect();
    let mut gone = Vec::new();
    let mut after: Option<usize> = None;
    for b in blocks(base) {
        match b.at {
            Some(t) if present(t) => after = index.get(&t).copied().or(after),
            Some(_) => {
                let w = Words {
                    lead: vec![Piece::Removed(b.lead.clone())],
                    text: vec![Piece::Removed(b.text.clone())],
                    mark: Some(false),
                };
                gone.push((after, (b, w)));
            }
            None => {}
        }
    }
    (words, gone)
}

/// Builds the document.
pub fn document(speech: &Speech, layout: Layout) -> Docx {
    document_tracked(speech, layout, None)
}

/// Builds the document; with `track`, what changed since its version shows as Word's tracked
/// changes (修订), so a reader sees in Word's own review pane what the drafter changed.
pub fn document_tracked(speech: &Speech, layout: Layout, track: Option<&Track>) -> Docx {
    let look = look(layout);
    let (body_face, body_size) = look.body;
    let mut docx = Docx::new()
        .page_size(11906, 16838)
        .default_fonts(fonts(body_face))
        .default_size(body_size);
    docx = styles(docx, layout, &look);
    docx = match layout {
        Layout::Official => {
            // Type area 156 × 225 mm: 22 lines of 28 characters of 3号 (16 pt). The lines are
            // held by a line grid and exact line spacing; the 28 characters by tightening the
            // body text a quarter point (see `official_character_spacing`), not by a character
            // grid: Word squeezes characters into a grid narrower than the type size, but
            // LibreOffice gives each such character two cells (14 a line).
            let line_pitch = (f64::from(mm(225.0)) / 22.0).floor() as usize;
            let number_height = look.page_number.1 as f64 / 2.0 / 72.0 * 25.4;
            let mut d = docx
                .page_margin(
                    PageMargin::new()
                        .top(mm(37.0))
                        .left(mm(28.0))
                        .right(mm(210.0 - 28.0 - 156.0))
                        .bottom(mm(297.0 - 37.0 - 225.0))
                        // The page number's top 7 mm below the type area.
                        .footer(mm(297.0 - 37.0 - 225.0 - 7.0 - number_height))
                        .header(mm(15.0)),
                )
                .default_line_spacing(
                    LineSpacing::new()
                        .before(0)
                        .after(0)
                        .line(line_pitch as i32)
                        .line_rule(LineSpacingType::Exact),
                );
            d.document = d.document.doc_grid(
                DocGrid::new()
                    .grid_type(DocGridType::Lines)
                    .line_pitch(line_pitch),
            );
            d.footer(page_number(&look, AlignmentType::Right, true))
                .even_footer(page_number(&look, AlignmentType::Left, true))
        }
        Layout::Reading(_) => docx
            .page_margin(
                PageMargin::new()
                    .top(mm(30.0))
                    .left(mm(30.0))
                    .right(mm(30.0))
                    .bottom(mm(30.0))
                    .footer(mm(12.0))
                    .header(mm(15.0)),
            )
            // Exactly twice the type size (about one and a half lines of a Chinese face):
            // room to mark pauses by hand, and the same line on every machine, so the pages
            // break where the page view shows them (see `pages::reading_line`).
            .default_line_spacing(
                LineSpacing::new()
                    .before(0)
                    .after(0)
                    .line(body_size as i32 * 20)
                    .line_rule(LineSpacingType::Exact),
            )
            .footer(page_number(&look, AlignmentType::Center, false)),
    };

    let all = blocks(speech);
    let head = all
        .iter()
        .take_while(|b| matches!(b.role, Role::Title | Role::Byline(_)))
        .count();
    let notes = comment_notes(speech, &all);
    let (words, gone) = match track {
        Some(t) => tracked_words(speech, t.base, &all),
        None => (all.iter().map(Words::of).collect(), Vec::new()),
    };
    // The paragraphs the version had and the speech has not, after the block they followed.
    let removed = |i: Option<usize>| gone.iter().filter(move |g| g.0 == i).map(|g| &g.1);
    let docx_removed = |mut docx: Docx, i: Option<usize>| {
        for (b, w) in removed(i) {
            docx = docx.add_paragraph(paragraph(b, &look, &Notes::default(), (w, track)));
        }
        docx
    };
    docx = docx_removed(docx, None);
    for (i, (b, n)) in all[..head].iter().zip(&notes).enumerate() {
        docx = docx.add_paragraph(paragraph(b, &look, n, (&words[i], track)));
        docx = docx_removed(docx, Some(i));
    }
    if head > 0 {
        // An empty line under the title block, as GB/T 9704 has one below the title.
        docx = docx.add_paragraph(Paragraph::new());
    }
    let mut before = all[..head].last().map(|b| b.role);
    for (i, (b, n)) in all.iter().zip(&notes).enumerate().skip(head) {
        let mut p = paragraph(b, &look, n, (&words[i], track));
        // The back matter starts a page of its own, as a 公文's 附件 does.
        if b.role.starts_back_matter(before) {
            p = p.page_break_before(true);
        }
        before = Some(b.role);
        docx = docx.add_paragraph(p);
        docx = docx_removed(docx, Some(i));
    }
    docx
}

/// The font table: every face the document names, with the Chinese character set (GB2312,
/// `86`) and the common face that stands in for it, so that a machine without 仿宋_GB2312
/// substitutes 仿宋 rather than a Latin font.
fn font_table() -> String {
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:font w:name="Times New Roman"><w:charset w:val="00" /><w:family w:val="roman" /><w:pitch w:val="variable" /></w:font>"#,
    );
    for f in [&XIAOBIAOSONG, &FANGSONG, &HEITI, &KAITI, &SONGTI] {
        out.push_str(&format!(
            r#"<w:font w:name="{}"><w:altName w:val="{}" /><w:charset w:val="86" /><w:family w:val="{}" /><w:pitch w:val="fixed" /></w:font>"#,
            f.name, f.alt, f.family
        ));
    }
    out.push_str("</w:fonts>");
    out
}

/// The package's parts as docx-rs builds them, with two corrections:
/// - docx-rs always writes an empty `Normal` style before the styles it is given; it is taken
///   out so that ours, which carries the body size the grid is measured in, is the only one;
/// - the font table lists the Chinese faces (see [`font_table`]).
pub fn parts(speech: &Speech, layout: Layout) -> docx_rs::XMLDocx {
    finish(document(speech, layout))
}

/// The package of `docx`, with the corrections of [`parts`].
fn finish(docx: Docx) -> docx_rs::XMLDocx {
    let mut xml = docx.build();
    let styles = String::from_utf8_lossy(&xml.styles).into_owned();
    let empty_normal = r#"<w:style w:type="paragraph" w:styleId="Normal">"#;
    if let Some(start) = styles.find(empty_normal)
        && styles[start + 1..].contains(empty_normal)
        && let Some(len) = styles[start..].find("</w:style>")
    {
        let end = start + len + "</w:style>".len();
        xml.styles = format!("{}{}", &styles[..start], &styles[end..]).into_bytes();
    }
    xml.font_table = font_table().into_bytes();
    xml
}

/// The .docx file's bytes, with what changed since `track`'s version as tracked changes.
pub fn bytes_tracked(speech: &Speech, layout: Layout, track: &Track) -> Result<Vec<u8>, String> {
    let mut out = std::io::Cursor::new(Vec::new());
    finish(document_tracked(speech, layout, Some(track)))
        .pack(&mut out)
        .map_err(|e| e.to_string())?;
    compressed(&out.into_inner())
}

/// The .docx file's bytes.
pub fn bytes(speech: &Speech, layout: Layout) -> Result<Vec<u8>, String> {
    let mut out = std::io::Cursor::new(Vec::new());
    parts(speech, layout)
        .pack(&mut out)
        .map_err(|e| e.to_string())?;
    compressed(&out.into_inner())
}

/// The package with every part deflated, in the same order. docx-rs stores its parts
/// uncompressed: a long speech's Word file was as large as its XML, ten times what Word writes.
fn compressed(stored: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::{Read, Write};
    let err = |e: zip::result::ZipError| e.to_string();
    let mut input = zip::ZipArchive::new(std::io::Cursor::new(stored)).map_err(err)?;
    let mut output = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut buf = Vec::new();
    for k in 0..input.len() {
        let mut part = input.by_index(k).map_err(err)?;
        let name = part.name().to_owned();
        if part.is_dir() {
            output.add_directory(name, options).map_err(err)?;
            continue;
        }
        buf.clear();
        part.read_to_end(&mut buf).map_err(|e| e.to_string())?;
        output.start_file(name, options).map_err(err)?;
        output.write_all(&buf).map_err(|e| e.to_string())?;
    }
    Ok(output.finish().map_err(err)?.into_inner())
}

/// A comparison (修改对照) as a Word document: removed text struck through in red, added text
/// underlined in blue, every changed part under its heading.
pub fn comparison_bytes(c: &crate::compare::Comparison) -> Result<Vec<u8>, String> {
    use crate::compare::{ParaChange, Piece};
    let size = 28; // 四号: a document to read at a desk.
    let plain = |text: &str| runs(text, &FANGSONG, size);
    let piece_runs = |pieces: &[Piece]| -> Vec<Run> {
        pieces
            .iter()
            .flat_map(|p| match p {
                Piece::Same(t) => plain(t),
                Piece::Added(t) => runs(t, &FANGSONG, size)
                    .into_iter()
                    .map(|r| r.underline("single").color("0050B0"))
                    .collect(),
                Piece::Removed(t) => runs(t, &FANGSONG, size)
                    .into_iter()
                    .map(|r| r.strike().color("C00000"))
                    .collect(),
            })
            .collect()
    };
    let line = |rs: Vec<Run>| Paragraph::new().add_runs(rs);
    let mut docx = Docx::new()
        .page_size(11906, 16838)
        .default_fonts(fonts(&FANGSONG))
        .default_size(size)
        .add_paragraph(
            Paragraph::new()
                .add_runs(runs("修改对照", &HEITI, 36))
                .align(AlignmentType::Center),
        )
        .add_paragraph(line(plain(&format!("原稿：{}", c.old_name))))
        .add_paragraph(line(plain(&format!("新稿：{}", c.new_name))))
        .add_paragraph(line(
            [
                plain("标记："),
                piece_runs(&[Piece::Removed("删去的文字".into())]),
                plain("　"),
                piece_runs(&[Piece::Added("新增的文字".into())]),
            ]
            .concat(),
        ));
    let summary = if c.is_equal() {
        "两稿相同。".to_owned()
    } else {
        format!("{}。", c.totals().summary())
    };
    docx = docx.add_paragraph(line(plain(&summary)));
    for f in &c.fields {
        docx = docx.add_paragraph(line(
            [plain(&format!("{}：", f.field)), piece_runs(&f.pieces)].concat(),
        ));
    }
    for part in c.parts.iter().filter(|p| p.is_change()) {
        let notes = part.notes();
        let head = if notes.is_empty() {
            part.title()
        } else {
            format!("{}　〔{}〕", part.title(), notes.join("，"))
        };
        docx = docx.add_paragraph(
            Paragraph::new()
                .add_runs(runs(&head, &HEITI, size))
                .keep_next(true)
                .line_spacing(LineSpacing::new().before(200)),
        );
        if part.renamed {
            docx = docx.add_paragraph(line(
                [plain("标题："), piece_runs(&part.heading_pieces)].concat(),
            ));
        }
        for p in &part.paragraphs {
            let rs = match p {
                ParaChange::Same { .. } => continue,
                ParaChange::Changed { pieces } => piece_runs(pieces),
                ParaChange::Added { text } => piece_runs(&[Piece::Added(text.clone())]),
                ParaChange::Removed { text } => piece_runs(&[Piece::Removed(text.clone())]),
            };
            docx = docx.add_paragraph(line(rs).indent(
                Some(0),
                Some(SpecialIndentType::FirstLine(560)),
                None,
                None,
            ));
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    let mut xml = docx.build();
    xml.font_table = font_table().into_bytes();
    xml.pack(&mut out).map_err(|e| e.to_string())?;
    compressed(&out.into_inner())
}

#[cfg(test)]
mod tests {
    #[test]
    fn change_dates_are_utc_civil_dates() {
        assert_eq!(super::iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::iso_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(super::iso_utc(1_796_639_405), "2026-12-07T10:30:05Z");
        assert_eq!(super::iso_utc(4_107_542_400), "2100-03-01T00:00:00Z");
    }
}
