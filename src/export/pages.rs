//! The speech laid out into pages: the one place that decides where lines and pages break, for
//! the page view, the PDF and (as a check) the Word file, which is written with the same
//! measures.
//!
//! - Lines break with the manuscript's rules ([`crate::text::linebreak`]); the title is set in
//!   balanced centred rows.
//! - Every character takes a cell: Chinese characters and full-width marks one em of their
//!   type size, Latin letters and digits their width in Times New Roman (the Word file's Latin
//!   face), plus the layout's character spacing (the official layout tightens 3号 a quarter
//!   point so that a line holds 28), and a quarter em between Chinese and Latin text.
//! - Pages break as Word breaks the .docx: the title block, salutation and headings stay
//!   with what follows them, a heading never breaks inside itself, and a paragraph leaves
//!   neither its first line alone at the foot of a page nor its last alone at the top.
//!
//! Lengths are in millimetres, type sizes in points. Cost: one pass over the characters (the
//! title's balancing aside, which is bounded by its own length limit), and for each heading a
//! look at most a page ahead.

use std::ops::Range;

use crate::doc::blocks::{Block, Role, blocks};
use crate::doc::model::{Speech, TextRef};
use crate::text::linebreak::{self, Shape};

use super::docx::Layout;

/// Millimetres in a point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

/// Twips (twentieths of a point) to millimetres: the Word file's unit, so that both agree.
fn twips(v: f32) -> f32 {
    v / 20.0 * MM_PER_PT
}

/// The typefaces a page is set in, by what they set (GB/T 9704 names them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Face {
    /// 方正小标宋: the official title.
    XiaoBiaoSong,
    /// 仿宋_GB2312: the body.
    FangSong,
    /// 黑体: top headings, the reading copy's title.
    HeiTi,
    /// 楷体_GB2312: second-level headings, bylines.
    KaiTi,
    /// 宋体: the official page numbers.
    SongTi,
}

impl Face {
    pub const ALL: [Face; 5] = [
        Face::XiaoBiaoSong,
        Face::FangSong,
        Face::HeiTi,
        Face::KaiTi,
        Face::SongTi,
    ];

    /// The face's name in Chinese.
    pub fn label(self) -> &'static str {
        match self {
            Face::XiaoBiaoSong => "小标宋",
            Face::FangSong => "仿宋",
            Face::HeiTi => "黑体",
            Face::KaiTi => "楷体",
            Face::SongTi => "宋体",
        }
    }
}

/// Where page numbers stand.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Folio {
    pub face: Face,
    pub size: f32,
    /// The top of the number's line, from the top of the page.
    pub top: f32,
    /// Odd pages right and even pages left, `inset` in from the type area's edge (GB/T 9704);
    /// otherwise centred.
    pub alternate: bool,
    pub inset: f32,
}

/// The measures of a layout.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geometry {
    pub page_width: f32,
    pub page_height: f32,
    pub left: f32,
    pub top: f32,
    pub width: f32,
    pub height: f32,
    /// The height of every line (exact line spacing in the Word file).
    pub line: f32,
    pub body_size: f32,
    pub title_size: f32,
    /// Added to every character's advance (negative tightens), in millimetres.
    pub spacing: f32,
    /// Space above a heading that does not start a page (the reading copy sets them off).
    pub heading_gap: f32,
    /// Faces of standalone headings by depth: 一、 （一） 1. （1）.
    pub levels: [Face; 4],
    pub title_face: Face,
    pub byline_face: Face,
    pub folio: Folio,
}

impl Geometry {
    /// The measures of `layout`, as the Word export writes them.
    pub fn of(layout: Layout) -> Geometry {
        match layout {
            Layout::Official => {
                let body = 16.0;
                // The Word file's exact values: the line pitch in whole twips (22 fit in 225 mm)
                // and the character spacing in whole twips (28 fit in 156 mm).
                let pitch = (225.0_f32 / 25.4 * 1440.0 / 22.0).floor();
                let spacing = (156.0_f32 / 25.4 * 1440.0 / 28.0 - body * 20.0).floor();
                Geometry {
                    page_width: 210.0,
                    page_height: 297.0,
                    left: 28.0,
                    top: 37.0,
                    width: 156.0,
                    height: 225.0,
                    line: twips(pitch),
                    body_size: body,
                    title_size: 22.0,
                    spacing: twips(spacing),
                    heading_gap: 0.0,
                    levels: [Face::HeiTi, Face::KaiTi, Face::FangSong, Face::FangSong],
                    title_face: Face::XiaoBiaoSong,
                    byline_face: Face::KaiTi,
                    folio: Folio {
                        face: Face::SongTi,
                        size: 14.0,
                        top: 37.0 + 225.0 + 7.0,
                        alternate: true,
                        inset: 14.0 * MM_PER_PT,
                    },
                }
            }
            Layout::Reading(size) => {
                let body = size.points();
                Geometry {
                    page_width: 210.0,
                    page_height: 297.0,
                    left: 30.0,
                    top: 30.0,
                    width: 150.0,
                    height: 237.0,
                    line: reading_line(body),
                    body_size: body,
                    title_size: (body + 4.0).max(22.0),
                    spacing: 0.0,
                    heading_gap: body * MM_PER_PT,
                    levels: [Face::HeiTi, Face::KaiTi, Face::HeiTi, Face::FangSong],
                    title_face: Face::HeiTi,
                    byline_face: Face::KaiTi,
                    folio: Folio {
                        face: Face::HeiTi,
                        size: body,
                        top: 297.0 - 12.0 - body * MM_PER_PT,
                        alternate: false,
                        inset: 0.0,
                    },
                }
            }
        }
    }

    /// Whole lines a page holds.
    pub fn lines_per_page(&self) -> usize {
        ((self.height + EPSILON) / self.line).floor() as usize
    }
}

/// The reading copy's line height: twice the type size, about one and a half lines of a
/// Chinese face, room to mark pauses by hand.
pub fn reading_line(size: f32) -> f32 {
    2.0 * size * MM_PER_PT
}

/// Rounding slack in millimetres.
const EPSILON: f32 = 0.01;

/// Advance widths of the printable ASCII characters in Times New Roman (and its metric twin
/// Liberation Serif), in thousandths of an em: the face the Word file sets Latin letters and
/// digits in, so that a line of `2.8%` or `GDP` breaks where Word and LibreOffice break it.
const TIMES: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, // ' '../
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, // 0..?
    921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, // @..O
    556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, // P.._
    333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, // `..o
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541, // p..~
];

/// How wide a character is, in ems of its type size: ASCII as Times New Roman sets it, other
/// Latin, Greek and Cyrillic letters half, Chinese characters and marks whole.
pub fn ems(c: char) -> f32 {
    if (' '..='~').contains(&c) {
        f32::from(TIMES[c as usize - 0x20]) / 1000.0
    } else if c < '\u{2000}' && c != '\u{00B7}' || ('\u{FF61}'..='\u{FFDC}').contains(&c) {
        0.5
    } else {
        1.0
    }
}

/// The space Word and LibreOffice add between Chinese and Latin text, in ems.
const AUTOSPACE: f32 = 0.25;

/// Whether `a` and `b` are a Chinese character and a Latin letter or digit, either way round.
fn autospaced(a: char, b: char) -> bool {
    let latin = |c: char| c.is_ascii_alphanumeric();
    let han = crate::text::chars::is_han;
    (han(a) && latin(b)) || (latin(a) && han(b))
}

/// One laid-out line.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// The paragraph it belongs to (an index into [`Pages::paragraphs`]).
    pub paragraph: usize,
    /// Its characters in the paragraph's text.
    pub chars: Range<usize>,
    pub page: usize,
    /// Where its first character starts, from the page's left edge.
    pub x: f32,
    /// The top of its line box, from the page's top edge.
    pub y: f32,
    /// Space added after every character but the last (justification).
    pub gap: f32,
}

/// One paragraph of the page: a block of the speech with its faces and size.
#[derive(Clone, Debug, PartialEq)]
pub struct Paragraph {
    pub role: Role,
    /// The model text it starts from (none for the empty line under the title block).
    pub at: Option<TextRef>,
    pub chars: Vec<char>,
    /// Characters `..lead` are set in `lead_face` (a run-in item's marker and lead sentence,
    /// a heading's whole text), the rest in `face`.
    pub lead: usize,
    pub lead_face: Face,
    pub face: Face,
    pub size: f32,
    /// Its lines: indices into [`Pages::lines`].
    pub lines: Range<usize>,
}

impl Paragraph {
    pub fn face_at(&self, i: usize) -> Face {
        if i < self.lead {
            self.lead_face
        } else {
            self.face
        }
    }
}

/// Something on the pages a drafter may want to fix before handing over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// A paragraph's last line holds one or two characters (孤字).
    LoneCharacters { paragraph: usize, chars: usize },
    /// A heading is the last line of a page, its text on the next.
    HeadingAtFoot { paragraph: usize, page: usize },
    /// The last page holds only one or two lines.
    ShortLastPage { lines: usize },
}

impl Warning {
    /// What is wrong, in a line.
    pub fn message(&self, pages: &Pages) -> String {
        match self {
            Warning::LoneCharacters { paragraph, chars } => {
                let p = &pages.paragraphs[*paragraph];
                let page = pages.lines[p.lines.end - 1].page + 1;
                format!("第 {page} 页：段末一行只有 {chars} 个字（孤字），删改本段一两个字即可收回")
            }
            Warning::HeadingAtFoot { page, .. } => {
                format!("第 {} 页：标题落在页脚，正文在下一页", page + 1)
            }
            Warning::ShortLastPage { lines } => {
                format!("末页只有 {lines} 行：全文删减 {lines} 行即可少一页",)
            }
        }
    }

    /// The paragraph the warning is about, if one.
    pub fn paragraph(&self) -> Option<usize> {
        match self {
            Warning::LoneCharacters { paragraph, .. }
            | Warning::HeadingAtFoot { paragraph, .. } => Some(*paragraph),
            Warning::ShortLastPage { .. } => None,
        }
    }
}

/// The speech laid out into pages.
#[derive(Clone, Debug, PartialEq)]
pub struct Pages {
    pub geometry: Geometry,
    pub paragraphs: Vec<Paragraph>,
    pub lines: Vec<Line>,
    /// Each page's lines: a range of [`Pages::lines`].
    pub pages: Vec<Range<usize>>,
    pub warnings: Vec<Warning>,
}

/// How a paragraph keeps together (the Word file's paragraph properties).
#[derive(Clone, Copy, Debug)]
struct Keep {
    /// On the same page as the next paragraph's first lines.
    next: bool,
    /// Never broken across pages.
    lines: bool,
    /// Neither its first nor its last line alone on a page.
    widows: bool,
}

fn keep(role: Role) -> Keep {
    let k = |next, lines, widows| Keep {
        next,
        lines,
        widows,
    };
    match role {
        Role::Title => k(true, true, false),
        Role::Byline(_) | Role::Salutation | Role::Empty => k(true, false, false),
        Role::Heading { .. } => k(true, true, false),
        Role::Body | Role::RunIn { .. } | Role::Appendix => k(false, false, true),
    }
}

/// Lays the speech out in `layout`.
pub fn paginate(speech: &Speech, layout: Layout) -> Pages {
    paginate_blocks(&blocks(speech), layout)
}

/// Lays out blocks (see [`crate::doc::blocks`]) in `layout`.
pub fn paginate_blocks(all: &[Block], layout: Layout) -> Pages {
    let g = Geometry::of(layout);
    let head = all
        .iter()
        .take_while(|b| matches!(b.role, Role::Title | Role::Byline(_)))
        .count();
    let mut paragraphs = Vec::with_capacity(all.len() + 1);
    let mut lines = Vec::new();
    let mut push = |b: &Block, lines: &mut Vec<Line>| {
        let p = paragraphs.len();
        paragraphs.push(set(b, &g, p, lines));
    };
    for b in &all[..head] {
        push(b, &mut lines);
    }
    if head > 0 {
        // The empty line under the title block, as the Word file has it.
        push(
            &Block {
                role: Role::Empty,
                lead: String::new(),
                text: String::new(),
                at: None,
            },
            &mut lines,
        );
    }
    for b in &all[head..] {
        push(b, &mut lines);
    }
    let pages = break_pages(&paragraphs, &mut lines, &g);
    let mut out = Pages {
        geometry: g,
        paragraphs,
        lines,
        pages,
        warnings: Vec::new(),
    };
    out.warnings = warnings(&out);
    out
}

/// Sets one block into lines (their places on the page come later).
fn set(b: &Block, g: &Geometry, index: usize, lines: &mut Vec<Line>) -> Paragraph {
    let mut chars: Vec<char> = b.lead.chars().collect();
    let lead = match b.role {
        Role::Heading { .. } | Role::RunIn { .. } => chars.len(),
        _ => 0,
    };
    chars.extend(b.text.chars());
    let (size, face, lead_face) = match b.role {
        Role::Title => (g.title_size, g.title_face, g.title_face),
        Role::Byline(_) => (g.body_size, g.byline_face, g.byline_face),
        Role::Heading { depth } => {
            let f = g.levels[depth.min(3)];
            (g.body_size, f, f)
        }
        Role::RunIn { depth, strong } => {
            let lead_face = if depth == 0 && strong {
                g.levels[0]
            } else {
                Face::FangSong
            };
            (g.body_size, Face::FangSong, lead_face)
        }
        _ => (g.body_size, Face::FangSong, Face::FangSong),
    };
    let em = size * MM_PER_PT;
    let mut widths: Vec<f32> = chars.iter().map(|&c| ems(c) * em + g.spacing).collect();
    // A quarter em between Chinese characters and Latin letters or digits, as Word and
    // LibreOffice set them by default (`2022年` is wider than its characters).
    for i in 1..chars.len() {
        if autospaced(chars[i - 1], chars[i]) {
            widths[i - 1] += AUTOSPACE * em;
        }
    }
    let cell = em + g.spacing;
    let indent = if b.role.indented() { 2.0 * cell } else { 0.0 };
    let mut breaks = match b.role {
        Role::Title => linebreak::display_breaks(&chars, &widths, 0.0, g.width, Shape::Balanced),
        _ => linebreak::breaks_hanging(&chars, &widths, indent, g.width, true),
    };
    // A line break inside a text (a hand-edited draft) ends its line; the breaker only
    // measures the next line from it.
    if chars.contains(&'\n') {
        breaks.extend(
            chars
                .iter()
                .enumerate()
                .filter(|&(i, c)| *c == '\n' && i + 1 < chars.len())
                .map(|(i, _)| i + 1),
        );
        breaks.sort_unstable();
        breaks.dedup();
    }
    let first = lines.len();
    let mut start = 0;
    let rows = breaks.len() + 1;
    for (row, end) in breaks
        .iter()
        .copied()
        .chain(std::iter::once(chars.len()))
        .enumerate()
    {
        let used: f32 =
            widths[start..end].iter().sum::<f32>() - if end > start { g.spacing } else { 0.0 };
        let lead_in = if row == 0 { indent } else { 0.0 };
        let room = g.width - lead_in - used;
        let (x, gap) = match b.role {
            Role::Title | Role::Byline(_) => (g.left + room.max(0.0) / 2.0, 0.0),
            // Justified, but a paragraph's last line, or one a line break ends, is set as it
            // comes.
            _ if row + 1 < rows && end - start > 1 && chars[end - 1] != '\n' => {
                (g.left + lead_in, room.max(0.0) / (end - start - 1) as f32)
            }
            _ => (g.left + lead_in, 0.0),
        };
        lines.push(Line {
            paragraph: index,
            chars: start..end,
            page: 0,
            x,
            y: 0.0,
            gap,
        });
        start = end;
    }
    Paragraph {
        role: b.role,
        at: b.at,
        chars,
        lead,
        lead_face,
        face,
        size,
        lines: first..lines.len(),
    }
}

/// Places the lines on pages; returns each page's lines.
fn break_pages(paragraphs: &[Paragraph], lines: &mut [Line], g: &Geometry) -> Vec<Range<usize>> {
    let cap = g.height + EPSILON;
    let mut page = 0;
    let mut used = 0.0_f32;
    let mut starts = vec![0];
    let gap_of = |p: &Paragraph| match p.role {
        Role::Heading { .. } => g.heading_gap,
        _ => 0.0,
    };
    let mut new_page = |page: &mut usize, used: &mut f32, at: usize| {
        *page += 1;
        *used = 0.0;
        starts.push(at);
    };
    for (i, p) in paragraphs.iter().enumerate() {
        let n = p.lines.len();
        let k = keep(p.role);
        let total = n as f32 * g.line;
        // The back matter starts a page of its own, as a 公文's 附件 does.
        let before = i.checked_sub(1).map(|b| paragraphs[b].role);
        if p.role.starts_back_matter(before) && used > 0.0 {
            new_page(&mut page, &mut used, p.lines.start);
        }
        if used > 0.0 {
            // What must come onto this page with the paragraph: the rest of its keep-with-next
            // chain and the first lines of the paragraph that ends it.
            let mut need = gap_of(p) + total;
            if k.next {
                let mut j = i + 1;
                // Past a page the chain is broken where it falls anyway: stopping there keeps
                // the walk within a page's lines (a draft of 200 000 empty sections is an
                // unbroken chain).
                while let Some(q) = paragraphs.get(j)
                    && need <= cap
                {
                    let kq = keep(q.role);
                    let m = q.lines.len();
                    need += gap_of(q);
                    if kq.next {
                        need += m as f32 * g.line;
                        j += 1;
                        continue;
                    }
                    let first = if kq.lines || (kq.widows && m <= 3) {
                        m
                    } else if kq.widows {
                        2
                    } else {
                        1
                    };
                    need += first as f32 * g.line;
                    break;
                }
            }
            let must_fit = k.next || k.lines;
            // A chain longer than a page is broken where it falls.
            if must_fit && used + need > cap && need <= cap {
                new_page(&mut page, &mut used, p.lines.start);
            }
        }
        let mut done = 0;
        while done < n {
            let gap = if done == 0 && used > 0.0 {
                gap_of(p)
            } else {
                0.0
            };
            let fit = (((cap - used - gap) / g.line).floor().max(0.0)) as usize;
            let rest = n - done;
            let mut take = fit.min(rest);
            if take < rest && k.widows {
                // Not the last line alone at the top of the next page…
                if rest - take < 2 {
                    take = rest.saturating_sub(2);
                }
                // …nor the first alone at the foot of this one.
                if done == 0 && take < 2 {
                    take = 0;
                }
            }
            if take == 0 {
                if used > 0.0 {
                    new_page(&mut page, &mut used, p.lines.start + done);
                    continue;
                }
                // An empty page takes what fits, whatever the rules.
                take = fit.clamp(1, rest);
            }
            used += gap;
            for l in &mut lines[p.lines.start + done..p.lines.start + done + take] {
                l.page = page;
                l.y = g.top + used;
                used += g.line;
            }
            done += take;
            if done < n {
                new_page(&mut page, &mut used, p.lines.start + done);
            }
        }
    }
    // A new page is started only before a line, so no page after the first is empty.
    let end = lines.len();
    starts
        .windows(2)
        .map(|w| w[0]..w[1])
        .chain(std::iter::once(*starts.last().expect("one page")..end))
        .collect()
}

/// The warnings of a layout.
pub fn warnings(pages: &Pages) -> Vec<Warning> {
    let mut out = Vec::new();
    for (i, p) in pages.paragraphs.iter().enumerate() {
        if p.lines.len() >= 2 && matches!(p.role, Role::Body | Role::RunIn { .. }) {
            let last = &pages.lines[p.lines.end - 1];
            let n = linebreak::spoken(&p.chars[last.chars.clone()]);
            if (1..=2).contains(&n) {
                out.push(Warning::LoneCharacters {
                    paragraph: i,
                    chars: n,
                });
            }
        }
    }
    for (k, range) in pages.pages.iter().enumerate() {
        if k + 1 == pages.pages.len() || range.is_empty() {
            continue;
        }
        let last = &pages.lines[range.end - 1];
        let p = &pages.paragraphs[last.paragraph];
        if matches!(p.role, Role::Heading { .. }) && p.lines.end - 1 == range.end - 1 {
            out.push(Warning::HeadingAtFoot {
                paragraph: last.paragraph,
                page: k,
            });
        }
    }
    if pages.pages.len() > 1
        && let Some(last) = pages.pages.last()
        && (1..=2).contains(&last.len())
    {
        out.push(Warning::ShortLastPage { lines: last.len() });
    }
    out
}

impl Pages {
    /// The x of every character of a line, and the x where it ends.
    pub fn xs(&self, line: &Line) -> Vec<f32> {
        let p = &self.paragraphs[line.paragraph];
        let em = p.size * MM_PER_PT;
        let mut x = line.x;
        let mut out = Vec::with_capacity(line.chars.len() + 1);
        for i in line.chars.clone() {
            let c = p.chars[i];
            out.push(x);
            x += ems(c) * em + self.geometry.spacing + line.gap;
            if p.chars.get(i + 1).is_some_and(|&d| autospaced(c, d)) {
                x += AUTOSPACE * em;
            }
        }
        out.push(x - line.gap);
        out
    }

    /// The text of a line.
    pub fn text(&self, line: &Line) -> String {
        self.paragraphs[line.paragraph].chars[line.chars.clone()]
            .iter()
            .collect()
    }

    /// Lines used on each page.
    pub fn lines_on(&self, page: usize) -> usize {
        self.pages.get(page).map_or(0, ExactSizeIterator::len)
    }

    /// A page's number as printed: `— 1 —`.
    pub fn folio(page: usize) -> String {
        format!("— {} —", page + 1)
    }

    /// A page's number, where it starts and the top of its line.
    pub fn folio_at(&self, page: usize) -> (String, f32, f32) {
        let g = &self.geometry;
        let f = g.folio;
        let text = Pages::folio(page);
        let width: f32 = text.chars().map(|c| ems(c) * f.size * MM_PER_PT).sum();
        let x = if f.alternate {
            if page.is_multiple_of(2) {
                g.left + g.width - f.inset - width
            } else {
                g.left + f.inset
            }
        } else {
            g.left + (g.width - width) / 2.0
        };
        (text, x, f.top)
    }
}

#[cfg(test)]
mod tests;
