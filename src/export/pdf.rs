//! PDF export: the pages of [`super::pages`] drawn glyph by glyph, with every face embedded as
//! a subset, so the file prints the same on any machine.
//!
//! Written with krilla, a maintained PDF library (the typst project's PDF writer) that embeds
//! and subsets OpenType and TrueType fonts, CJK collections included, and writes the text's
//! Unicode map, so text copied or extracted from the PDF is the speech's text. The layout
//! places every glyph itself; krilla does no shaping here.
//!
//! Faces: the GB faces (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋, 宋体) when installed,
//! otherwise a free stand-in (Noto Serif/Sans CJK when installed), otherwise the bundled
//! Jianggao Sans; a character a face lacks is drawn from the bundled face. The report names
//! the face used for each role.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use krilla::Document;
use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::MetadataProvider;

use super::docx::Layout;
use super::pages::{self, Face, MM_PER_PT, Pages};
use crate::doc::model::Speech;

/// The bundled face (a GB2312 subset of Noto Sans CJK SC under the OFL): the app's font and
/// the PDF's last resort.
pub static BUNDLED_FONT: &[u8] = include_bytes!("../../fonts/JianggaoSans-Regular.otf");
/// Its family name.
pub const BUNDLED_NAME: &str = "Jianggao Sans";

/// Family names of each face as Windows, WPS and font vendors install them, in order of
/// preference.
fn gb_names(face: Face) -> &'static [&'static str] {
    match face {
        Face::XiaoBiaoSong => &[
            "方正小标宋简体",
            "方正小标宋_GBK",
            "FZXiaoBiaoSong-B05S",
            "FZXiaoBiaoSong-B05",
        ],
        Face::FangSong => &[
            "仿宋_GB2312",
            "FangSong_GB2312",
            "仿宋",
            "FangSong",
            "华文仿宋",
            "STFangsong",
        ],
        Face::HeiTi => &["黑体", "SimHei", "华文黑体", "STHeiti"],
        Face::KaiTi => &[
            "楷体_GB2312",
            "KaiTi_GB2312",
            "楷体",
            "KaiTi",
            "华文楷体",
            "STKaiti",
        ],
        Face::SongTi => &["宋体", "SimSun", "华文宋体", "STSong"],
    }
}

/// Free faces that stand in for each (serif for the 宋/仿宋/楷 faces, sans for 黑体).
fn stand_ins(face: Face) -> &'static [&'static str] {
    match face {
        Face::HeiTi => &[
            "Noto Sans CJK SC",
            "Source Han Sans SC",
            "WenQuanYi Zen Hei",
        ],
        _ => &["Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN"],
    }
}

/// A face's font: its bytes, index in a collection, name, and whether it stands in.
#[derive(Clone)]
struct Loaded {
    font: Font,
    data: Arc<Vec<u8>>,
    index: u32,
    name: String,
    stand_in: bool,
}

impl Loaded {
    fn bundled() -> Option<Loaded> {
        let data = Arc::new(BUNDLED_FONT.to_vec());
        Some(Loaded {
            font: Font::new(data.clone().into(), 0)?,
            data,
            index: 0,
            name: BUNDLED_NAME.to_owned(),
            stand_in: true,
        })
    }
}

/// Where the faces come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FontSource {
    /// The machine's installed fonts, then the bundled face.
    System,
    /// Only the bundled face (the same file on every machine: tests).
    Bundled,
}

/// The machine's fonts, read once (a directory scan of names, not of glyphs).
static SYSTEM: LazyLock<fontdb::Database> = LazyLock::new(|| {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    db
});

/// Finds the first of `names` installed (regular weight preferred). A face already read for
/// another role is shared (one stand-in may serve four roles: its file is read once).
fn installed(names: &[&str], read: &mut HashMap<fontdb::ID, Loaded>) -> Option<Loaded> {
    let db = &*SYSTEM;
    for name in names {
        let mut found: Vec<&fontdb::FaceInfo> = db
            .faces()
            .filter(|f| f.families.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)))
            .collect();
        found.sort_by_key(|f| (f.weight.0 as i32 - 400).abs());
        for f in found {
            if let Some(l) = read.get(&f.id) {
                return Some(Loaded {
                    name: (*name).to_owned(),
                    ..l.clone()
                });
            }
            let Some(data) = db.with_face_data(f.id, |data, _| data.to_vec()) else {
                continue;
            };
            let data = Arc::new(data);
            if let Some(font) = Font::new(data.clone().into(), f.index) {
                read.insert(
                    f.id,
                    Loaded {
                        font: font.clone(),
                        data: data.clone(),
                        index: f.index,
                        name: (*name).to_owned(),
                        stand_in: false,
                    },
                );
                return Some(Loaded {
                    font,
                    data,
                    index: f.index,
                    name: (*name).to_owned(),
                    stand_in: false,
                });
            }
        }
    }
    None
}

/// The faces of one export.
struct Faces {
    by_face: HashMap<Face, Loaded>,
    bundled: Loaded,
    /// Character maps, by font name: which glyph draws a character.
    maps: HashMap<String, HashMap<char, u32>>,
}

impl Faces {
    fn new(source: FontSource) -> Result<Faces, String> {
        let bundled = Loaded::bundled().ok_or("内置字体无法读取")?;
        let mut by_face = HashMap::new();
        let mut read = HashMap::new();
        for face in Face::ALL {
            let chosen = match source {
                FontSource::Bundled => None,
                FontSource::System => installed(gb_names(face), &mut read).or_else(|| {
                    installed(stand_ins(face), &mut read).map(|l| Loaded {
                        stand_in: true,
                        ..l
                    })
                }),
            };
            by_face.insert(face, chosen.unwrap_or_else(|| bundled.clone()));
        }
        Ok(Faces {
            by_face,
            bundled,
            maps: HashMap::new(),
        })
    }

    /// The glyph of `c` in `loaded`, if the font has one.
    fn glyph(
        maps: &mut HashMap<String, HashMap<char, u32>>,
        loaded: &Loaded,
        c: char,
    ) -> Option<u32> {
        // Looked up without a key allocated: this runs for every character drawn.
        let g = match maps.get(&loaded.name).and_then(|m| m.get(&c)) {
            Some(g) => *g,
            None => {
                let g = skrifa::FontRef::from_index(&loaded.data, loaded.index)
                    .ok()
                    .and_then(|f| f.charmap().map(c))
                    .map_or(0, |g| g.to_u32());
                maps.entry(loaded.name.clone()).or_default().insert(c, g);
                g
            }
        };
        (g != 0).then_some(g)
    }
}

/// The face that set a role in a PDF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaceUsed {
    pub face: Face,
    pub name: String,
    /// A free face standing in for a GB face that is not installed.
    pub stand_in: bool,
}

/// What a PDF holds besides its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PdfFacts {
    pub pages: usize,
    /// The faces used, for every face the layout sets text in.
    pub faces: Vec<FaceUsed>,
    /// Characters that no face has (drawn as blanks).
    pub missing: Vec<char>,
}

impl PdfFacts {
    /// `仿宋：仿宋_GB2312；黑体：Noto Sans CJK SC（代用）…`
    pub fn faces_line(&self) -> String {
        self.faces
            .iter()
            .map(|f| {
                format!(
                    "{}：{}{}",
                    f.face.label(),
                    f.name,
                    if f.stand_in { "（代用）" } else { "" }
                )
            })
            .collect::<Vec<_>>()
            .join("；")
    }
}

/// Millimetres to points.
fn pt(mm: f32) -> f32 {
    mm / MM_PER_PT
}

/// The PDF of a speech in `layout`.
pub fn bytes(
    speech: &Speech,
    layout: Layout,
    source: FontSource,
) -> Result<(Vec<u8>, PdfFacts), String> {
    let pages = pages::paginate(speech, layout);
    render(&pages, speech.title.trim(), source)
}

/// The most pages a PDF is made of: about 2.4 million 字 in the official layout, some 6 s and
/// 200 MB of work (measured: 1 000 000 字, 2 046 pages, 2.9 s and 165 MB; twice that, 4 092
/// pages, 4.7 s and 188 MB). Past it the export says so and writes nothing.
pub const MAX_PAGES: usize = 5_000;

/// Refuses a layout past [`MAX_PAGES`], with what to do.
pub fn check_size(pages: &Pages) -> Result<(), String> {
    let n = pages.pages.len();
    if n > MAX_PAGES {
        return Err(format!(
            "讲稿排出 {n} 页，超过 PDF 的上限 {MAX_PAGES} 页；请分成几篇导出"
        ));
    }
    Ok(())
}

/// Draws laid-out pages.
pub fn render(
    pages: &Pages,
    title: &str,
    source: FontSource,
) -> Result<(Vec<u8>, PdfFacts), String> {
    check_size(pages)?;
    let mut faces = Faces::new(source)?;
    let g = &pages.geometry;
    let mut document = Document::new();
    let mut metadata = Metadata::new()
        .creator("讲稿 Jianggao".to_owned())
        .language("zh-CN".to_owned());
    if !title.is_empty() {
        metadata = metadata.title(title.to_owned());
    }
    document.set_metadata(metadata);
    let mut used: Vec<Face> = Vec::new();
    let mut missing: Vec<char> = Vec::new();
    let mut missing_seen: std::collections::HashSet<char> = std::collections::HashSet::new();
    let mut draw = |surface: &mut krilla::surface::Surface,
                    faces: &mut Faces,
                    chars: &[char],
                    xs: &[f32],
                    face: Face,
                    size: f32,
                    baseline: f32| {
        // Runs of characters drawn from one font: the face's, or the bundled one where the
        // face lacks a character.
        let primary = faces.by_face[&face].clone();
        let bundled = faces.bundled.clone();
        let picks: Vec<(bool, Option<u32>)> = chars
            .iter()
            .map(|&c| match Faces::glyph(&mut faces.maps, &primary, c) {
                Some(g) => (true, Some(g)),
                None => (false, Faces::glyph(&mut faces.maps, &bundled, c)),
            })
            .collect();
        let mut i = 0;
        while i < chars.len() {
            let from_primary = picks[i].0;
            let loaded = if from_primary { &primary } else { &bundled };
            let mut text = String::new();
            let mut glyphs = Vec::new();
            let mut j = i;
            let mut start_x = xs[i];
            while j < chars.len() && picks[j].0 == from_primary {
                let c = chars[j];
                let id = picks[j].1;
                if id.is_none() && !c.is_whitespace() && missing_seen.insert(c) {
                    missing.push(c);
                }
                if id.is_none() && c.is_whitespace() {
                    // A space or line break no face draws is room, not a glyph.
                    let room = pt(xs[j + 1] - xs[j]) / size;
                    match glyphs.last_mut() {
                        Some(g) => {
                            let g: &mut KrillaGlyph = g;
                            g.x_advance += room;
                        }
                        None => start_x = xs[j + 1],
                    }
                    j += 1;
                    continue;
                }
                let start = text.len();
                text.push(c);
                glyphs.push(KrillaGlyph {
                    glyph_id: GlyphId::new(id.unwrap_or(0)),
                    text_range: start..text.len(),
                    x_advance: pt(xs[j + 1] - xs[j]) / size,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    y_advance: 0.0,
                    location: None,
                });
                j += 1;
            }
            if glyphs.is_empty() {
                i = j;
                continue;
            }
            surface.draw_glyphs(
                Point::from_xy(pt(start_x), pt(baseline)),
                &glyphs,
                loaded.font.clone(),
                &text,
                size,
                false,
            );
            i = j;
        }
        if !used.contains(&face) {
            used.push(face);
        }
    };
    for (k, range) in pages.pages.iter().enumerate() {
        let settings =
            PageSettings::from_wh(pt(g.page_width), pt(g.page_height)).ok_or("页面尺寸无效")?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for line in &pages.lines[range.clone()] {
            let p = &pages.paragraphs[line.paragraph];
            let xs = pages.xs(line);
            let chars = &p.chars[line.chars.clone()];
            let baseline = baseline(line.y, g.line, p.size);
            // One run per face: a run-in item's lead and its text.
            let mut s = 0;
            while s < chars.len() {
                let face = p.face_at(line.chars.start + s);
                let mut e = s + 1;
                while e < chars.len() && p.face_at(line.chars.start + e) == face {
                    e += 1;
                }
                draw(
                    &mut surface,
                    &mut faces,
                    &chars[s..e],
                    &xs[s..=e],
                    face,
                    p.size,
                    baseline,
                );
                s = e;
            }
        }
        let (text, x, top) = pages.folio_at(k);
        let f = g.folio;
        let chars: Vec<char> = text.chars().collect();
        let mut xs = vec![x];
        for &c in &chars {
            xs.push(xs.last().copied().unwrap_or(x) + pages::ems(c) * f.size * MM_PER_PT);
        }
        let folio_line = f.size * MM_PER_PT;
        draw(
            &mut surface,
            &mut faces,
            &chars,
            &xs,
            f.face,
            f.size,
            baseline(top, folio_line, f.size),
        );
        surface.finish();
        page.finish();
    }
    let bytes = document
        .finish()
        .map_err(|e| format!("PDF 生成失败：{e:?}"))?;
    let faces_used = Face::ALL
        .into_iter()
        .filter(|f| used.contains(f))
        .map(|face| {
            let l = &faces.by_face[&face];
            FaceUsed {
                face,
                name: l.name.clone(),
                stand_in: l.stand_in,
            }
        })
        .collect();
    Ok((
        bytes,
        PdfFacts {
            pages: pages.pages.len(),
            faces: faces_used,
            missing,
        },
    ))
}

/// The baseline of a line of type `size` (points) in a line box of `height` (mm) whose top is
/// at `top`: the em box centred in the line, the baseline 0.88 em below its top (the
/// ideographic face's ascent).
fn baseline(top: f32, height: f32, size: f32) -> f32 {
    let em = size * MM_PER_PT;
    top + (height - em) / 2.0 + 0.88 * em
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_past_the_page_limit_is_refused_with_what_to_do() {
        let mut pages = pages::paginate_blocks(&[], Layout::Official);
        pages.pages = vec![0..0; MAX_PAGES];
        assert!(check_size(&pages).is_ok());
        pages.pages.push(0..0);
        let e = render(&pages, "", FontSource::Bundled).unwrap_err();
        assert!(e.contains("5001 页") && e.contains("分成几篇"), "{e}");
    }
}
