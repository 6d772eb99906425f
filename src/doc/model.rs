//! The speech document: what a drafter edits and what a `.ron` draft stores.
//!
//! Guarantees: every section and paragraph carries an id that is unique in its speech and never
//! reused while the speech lives, so the UI, the checker and the history can point at a piece of
//! text across edits. Section numbers are *not* stored: they are derived from position by
//! [`crate::doc::numbering`] whenever they are shown or exported.

use serde::{Deserialize, Serialize};

/// A returned file's review, kept with the speech (see [`Speech::review`]).
pub mod review;

/// How deep sections may nest (一、 is level 1, （一） level 2, …). Real speeches use four to
/// six levels; the cap keeps every draft loadable and every recursive walk shallow. Edits that
/// would go deeper are refused.
pub const MAX_DEPTH: usize = 20;

/// Ids at or above this are renumbered on load, so that handing out new ids can never
/// overflow (and ids stay exact as JSON numbers).
pub const ID_LIMIT: u64 = 1 << 53;

/// Identifies a [`Section`] for the life of a speech.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SectionId(pub u64);

/// Identifies a [`Paragraph`] for the life of a speech.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ParaId(pub u64);

/// One paragraph (段落): a single line of running text in the export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub id: ParaId,
    pub text: String,
}

/// How the members of one sibling group are numbered (序号).
///
/// The style belongs to the group, not to the member: a section moved into another group takes
/// that group's style, just as it takes its position-derived number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Numbering {
    /// Standalone headings on their own line, styled by depth: 一、 → （一） → 1. → （1）.
    #[default]
    Heading,
    /// Run-in items: 一是 / 二是 …
    Shi,
    /// Run-in items: 一要 / 二要 …
    Yao,
    /// Run-in items: 第一， / 第二， …
    Di,
    /// Run-in items: 首先， / 其次， / 再次， / 最后，
    Sequence,
    /// Unnumbered lead sentences (e.g. `锚定创新发展目标强担当。`), often set bold.
    Lead,
    /// Unnumbered headings on their own line (`开展主题教育的重大意义`). Drafts using it are
    /// format 2.
    Plain,
}

impl Numbering {
    /// Every style, in the order a menu offers them.
    pub const ALL: [Numbering; 7] = [
        Numbering::Heading,
        Numbering::Shi,
        Numbering::Yao,
        Numbering::Di,
        Numbering::Sequence,
        Numbering::Lead,
        Numbering::Plain,
    ];

    /// A short Chinese name for menus and messages.
    pub fn label(self) -> &'static str {
        match self {
            Numbering::Heading => "标题（一、（一）1.（1））",
            Numbering::Shi => "一是、二是",
            Numbering::Yao => "一要、二要",
            Numbering::Di => "第一，第二，",
            Numbering::Sequence => "首先，其次，最后，",
            Numbering::Lead => "引领句（不编号）",
            Numbering::Plain => "标题（不编号）",
        }
    }

    /// Whether members of the group carry a number (or a word such as 首先) before them.
    pub fn is_numbered(self) -> bool {
        !matches!(self, Numbering::Lead | Numbering::Plain)
    }

    /// Whether members of the group run into their first paragraph instead of standing alone.
    pub fn is_run_in(self) -> bool {
        !matches!(self, Numbering::Heading | Numbering::Plain)
    }
}

/// A numbered part of the body (小节) with its paragraphs and sub-sections.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub id: SectionId,
    /// The heading (or lead sentence) without its number.
    pub heading: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paragraphs: Vec<Paragraph>,
    /// How `children` are numbered.
    #[serde(default)]
    pub child_numbering: Numbering,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Section>,
}

/// A single-line text field of the speech.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    Title,
    Subtitle,
    DateLine,
    Speaker,
    Salutation,
}

impl Field {
    /// Every field, in document order.
    pub const ALL: [Field; 5] = [
        Field::Title,
        Field::Subtitle,
        Field::DateLine,
        Field::Speaker,
        Field::Salutation,
    ];

    /// The Chinese name shown in the UI and in finding locations.
    pub fn label(self) -> &'static str {
        match self {
            Field::Title => "标题",
            Field::Subtitle => "副标题",
            Field::DateLine => "日期",
            Field::Speaker => "讲话人",
            Field::Salutation => "称谓",
        }
    }
}

/// Where a list of paragraphs lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Container {
    Opening,
    Section(SectionId),
    Closing,
    /// The back matter after the speech (附件, 名词解释…).
    Appendix,
}

/// Points at one editable text of a speech.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TextRef {
    Field(Field),
    Heading(SectionId),
    Paragraph(ParaId),
}

/// Where a caret can stand: in a text, or in a container that has no paragraph yet (typing
/// there makes its first one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Spot {
    Text(TextRef),
    Empty(Container),
}

/// A place between two characters of a text (`offset` counts characters), or in an empty
/// container (offset 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TextPos {
    pub spot: Spot,
    pub offset: usize,
}

impl TextPos {
    pub fn new(target: TextRef, offset: usize) -> Self {
        TextPos {
            spot: Spot::Text(target),
            offset,
        }
    }
}

/// A whole speech (讲话稿).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speech {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub subtitle: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date_line: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub speaker: String,
    pub salutation: String,
    #[serde(default)]
    pub opening: Vec<Paragraph>,
    /// How the top-level sections are numbered.
    #[serde(default)]
    pub numbering: Numbering,
    #[serde(default)]
    pub sections: Vec<Section>,
    #[serde(default)]
    pub closing: Vec<Paragraph>,
    /// Back matter after the speech (附件, 附表, 名词解释, 注释): kept as written, its own
    /// numbers as text, never numbered into the body, not spoken. Drafts holding any are
    /// format 4.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub appendix: Vec<Paragraph>,
    /// The next id to hand out; larger than every id in the speech.
    pub next_id: u64,
    /// Checker settings kept with the draft: rules switched off, findings dismissed, the
    /// speech's level and its length target.
    #[serde(default, skip_serializing_if = "CheckSettings::is_empty")]
    pub settings: CheckSettings,
    /// Named versions of the speech (一稿, 二稿, 领导修改稿…), oldest first. Shared, so that the
    /// undo history's snapshots of a speech with many versions stay cheap.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<std::sync::Arc<Version>>,
    /// A returned Word file's tracked changes still to decide, and its comments. Drafts
    /// holding one are format 5.
    #[serde(
        default,
        skip_serializing_if = "crate::doc::model::review::Review::is_empty"
    )]
    pub review: crate::doc::model::review::Review,
}

/// A named version: the speech as it was when the version was saved. Its sections and
/// paragraphs keep their ids, so a comparison with the current text matches them by identity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub name: String,
    /// When it was saved, in local time (`2026-11-30 16:50`).
    pub saved: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The speech, without versions of its own.
    pub speech: Speech,
}

/// The administrative level a speech is given at (for jurisdiction consistency).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Level {
    Province,
    City,
    District,
    County,
}

/// A finding the user dismissed: the same rule on the same matched text in the same text stays
/// hidden.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Dismissal {
    pub rule: String,
    pub target: TextRef,
    pub matched: String,
}

/// Per-speech checker settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckSettings {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disabled_rules: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissed: Vec<Dismissal>,
    /// Words the proofreader takes as written in this speech (本文忽略): names and terms of
    /// its own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted_words: Vec<String>,
    /// The speech's level; `None`: taken from the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// Target speaking time in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_minutes: Option<u32>,
    /// Speaking rate in 字/分钟; `None`: the default 170.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<u32>,
}

/// Speaking rates a draft may set (字/分钟): the slowest reading to the fastest briefing.
pub const RATES: std::ops::RangeInclusive<u32> = 60..=400;
/// Target speaking times a draft may set, in minutes.
pub const TARGET_MINUTES: std::ops::RangeInclusive<u32> = 1..=600;

impl CheckSettings {
    /// Whether nothing is set (then the draft omits the settings).
    pub fn is_empty(&self) -> bool {
        *self == CheckSettings::default()
    }
}

impl Default for Speech {
    fn default() -> Self {
        Speech::new()
    }
}

impl Speech {
    /// An empty speech with the usual salutation and one empty opening paragraph.
    pub fn new() -> Self {
        let mut speech = Speech {
            title: String::new(),
            subtitle: String::new(),
            date_line: String::new(),
            speaker: String::new(),
            salutation: "同志们".to_owned(),
            opening: Vec::new(),
            numbering: Numbering::Heading,
            sections: Vec::new(),
            closing: Vec::new(),
            appendix: Vec::new(),
            next_id: 1,
            settings: CheckSettings::default(),
            versions: Vec::new(),
            review: Default::default(),
        };
        let para = speech.new_paragraph(String::new());
        speech.opening.push(para);
        speech
    }

    /// Hands out a fresh id (used for both sections and paragraphs, so they never collide).
    pub fn alloc_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// A new paragraph with a fresh id, not yet placed anywhere.
    pub fn new_paragraph(&mut self, text: String) -> Paragraph {
        Paragraph {
            id: ParaId(self.alloc_id()),
            text,
        }
    }

    /// A new empty section with a fresh id, not yet placed anywhere.
    pub fn new_section(&mut self, heading: String) -> Section {
        Section {
            id: SectionId(self.alloc_id()),
            heading,
            paragraphs: Vec::new(),
            child_numbering: Numbering::Heading,
            children: Vec::new(),
        }
    }

    /// The text of a single-line field.
    pub fn field(&self, field: Field) -> &str {
        match field {
            Field::Title => &self.title,
            Field::Subtitle => &self.subtitle,
            Field::DateLine => &self.date_line,
            Field::Speaker => &self.speaker,
            Field::Salutation => &self.salutation,
        }
    }

    /// Mutable access to a single-line field.
    pub fn field_mut(&mut self, field: Field) -> &mut String {
        match field {
            Field::Title => &mut self.title,
            Field::Subtitle => &mut self.subtitle,
            Field::DateLine => &mut self.date_line,
            Field::Speaker => &mut self.speaker,
            Field::Salutation => &mut self.salutation,
        }
    }

    /// The section with this id, anywhere in the tree.
    pub fn section(&self, id: SectionId) -> Option<&Section> {
        find_section(&self.sections, id)
    }

    /// Mutable access to the section with this id.
    pub fn section_mut(&mut self, id: SectionId) -> Option<&mut Section> {
        find_section_mut(&mut self.sections, id)
    }

    /// Where a section sits: its parent (`None` for top level) and index among its siblings.
    pub fn locate_section(&self, id: SectionId) -> Option<(Option<SectionId>, usize)> {
        fn walk(
            list: &[Section],
            parent: Option<SectionId>,
            id: SectionId,
        ) -> Option<(Option<SectionId>, usize)> {
            for (i, s) in list.iter().enumerate() {
                if s.id == id {
                    return Some((parent, i));
                }
                if let Some(found) = walk(&s.children, Some(s.id), id) {
                    return Some(found);
                }
            }
            None
        }
        walk(&self.sections, None, id)
    }

    /// The sibling list under `parent` (`None`: the top level).
    pub fn children(&self, parent: Option<SectionId>) -> Option<&Vec<Section>> {
        match parent {
            None => Some(&self.sections),
            Some(id) => self.section(id).map(|s| &s.children),
        }
    }

    /// Mutable sibling list under `parent`.
    pub fn children_mut(&mut self, parent: Option<SectionId>) -> Option<&mut Vec<Section>> {
        match parent {
            None => Some(&mut self.sections),
            Some(id) => self.section_mut(id).map(|s| &mut s.children),
        }
    }

    /// How the group under `parent` is numbered.
    pub fn group_numbering(&self, parent: Option<SectionId>) -> Option<Numbering> {
        match parent {
            None => Some(self.numbering),
            Some(id) => self.section(id).map(|s| s.child_numbering),
        }
    }

    /// The paragraphs of a container.
    pub fn paragraphs(&self, container: Container) -> Option<&Vec<Paragraph>> {
        match container {
            Container::Opening => Some(&self.opening),
            Container::Closing => Some(&self.closing),
            Container::Appendix => Some(&self.appendix),
            Container::Section(id) => self.section(id).map(|s| &s.paragraphs),
        }
    }

    /// Mutable paragraphs of a container.
    pub fn paragraphs_mut(&mut self, container: Container) -> Option<&mut Vec<Paragraph>> {
        match container {
            Container::Opening => Some(&mut self.opening),
            Container::Closing => Some(&mut self.closing),
            Container::Appendix => Some(&mut self.appendix),
            Container::Section(id) => self.section_mut(id).map(|s| &mut s.paragraphs),
        }
    }

    /// Where a paragraph sits: its container and index.
    pub fn locate_paragraph(&self, id: ParaId) -> Option<(Container, usize)> {
        if let Some(i) = self.opening.iter().position(|p| p.id == id) {
            return Some((Container::Opening, i));
        }
        if let Some(i) = self.closing.iter().position(|p| p.id == id) {
            return Some((Container::Closing, i));
        }
        if let Some(i) = self.appendix.iter().position(|p| p.id == id) {
            return Some((Container::Appendix, i));
        }
        let mut found = None;
        self.walk_sections(&mut |_, s| {
            if found.is_none()
                && let Some(i) = s.paragraphs.iter().position(|p| p.id == id)
            {
                found = Some((Container::Section(s.id), i));
            }
        });
        found
    }

    /// The text a [`TextRef`] points at.
    pub fn text(&self, target: TextRef) -> Option<&str> {
        match target {
            TextRef::Field(f) => Some(self.field(f)),
            TextRef::Heading(id) => self.section(id).map(|s| s.heading.as_str()),
            TextRef::Paragraph(id) => {
                let (c, i) = self.locate_paragraph(id)?;
                self.paragraphs(c).map(|ps| ps[i].text.as_str())
            }
        }
    }

    /// Mutable text a [`TextRef`] points at.
    pub fn text_mut(&mut self, target: TextRef) -> Option<&mut String> {
        match target {
            TextRef::Field(f) => Some(self.field_mut(f)),
            TextRef::Heading(id) => self.section_mut(id).map(|s| &mut s.heading),
            TextRef::Paragraph(id) => {
                let (c, i) = self.locate_paragraph(id)?;
                self.paragraphs_mut(c).map(|ps| &mut ps[i].text)
            }
        }
    }

    /// Visits every section depth-first in document order with its path of sibling indices.
    pub fn walk_sections<'a>(&'a self, f: &mut dyn FnMut(&[usize], &'a Section)) {
        fn walk<'a>(
            list: &'a [Section],
            path: &mut Vec<usize>,
            f: &mut dyn FnMut(&[usize], &'a Section),
        ) {
            for (i, s) in list.iter().enumerate() {
                path.push(i);
                f(path, s);
                walk(&s.children, path, f);
                path.pop();
            }
        }
        walk(&self.sections, &mut Vec::new(), f);
    }

    /// Visits every editable text in document order.
    pub fn for_each_text<'a>(&'a self, f: &mut dyn FnMut(TextRef, &'a str)) {
        for field in Field::ALL {
            f(TextRef::Field(field), self.field(field));
        }
        for p in &self.opening {
            f(TextRef::Paragraph(p.id), &p.text);
        }
        self.walk_sections(&mut |_, s| {
            f(TextRef::Heading(s.id), &s.heading);
            for p in &s.paragraphs {
                f(TextRef::Paragraph(p.id), &p.text);
            }
        });
        for p in self.closing.iter().chain(&self.appendix) {
            f(TextRef::Paragraph(p.id), &p.text);
        }
    }

    /// Visits every editable text mutably, in document order (used by replace-all).
    pub fn for_each_text_mut(&mut self, f: &mut dyn FnMut(TextRef, &mut String)) {
        fn walk(list: &mut [Section], f: &mut dyn FnMut(TextRef, &mut String)) {
            for s in list {
                f(TextRef::Heading(s.id), &mut s.heading);
                for p in &mut s.paragraphs {
                    f(TextRef::Paragraph(p.id), &mut p.text);
                }
                walk(&mut s.children, f);
            }
        }
        for field in Field::ALL {
            f(TextRef::Field(field), self.field_mut(field));
        }
        for p in &mut self.opening {
            f(TextRef::Paragraph(p.id), &mut p.text);
        }
        walk(&mut self.sections, f);
        for p in self.closing.iter_mut().chain(&mut self.appendix) {
            f(TextRef::Paragraph(p.id), &mut p.text);
        }
    }

    /// Number of sections in the whole tree.
    pub fn section_count(&self) -> usize {
        let mut n = 0;
        self.walk_sections(&mut |_, _| n += 1);
        n
    }

    /// How deep the section tree goes: 0 without sections, 1 with top-level sections only.
    pub fn depth(&self) -> usize {
        self.sections.iter().map(Section::height).max().unwrap_or(0)
    }

    /// Whether any group of sections is numbered in `style`.
    pub fn uses_numbering(&self, style: Numbering) -> bool {
        let mut used = self.numbering == style && !self.sections.is_empty();
        self.walk_sections(&mut |_, s| {
            used |= s.child_numbering == style && !s.children.is_empty();
        });
        used
    }

    /// The level of a section: 1 at the top level.
    pub fn section_depth(&self, id: SectionId) -> Option<usize> {
        let mut depth = None;
        self.walk_sections(&mut |path, s| {
            if s.id == id {
                depth = Some(path.len());
            }
        });
        depth
    }

    /// Checks the invariants a loaded file must satisfy: ids unique and below `next_id`, depth
    /// at most [`MAX_DEPTH`]. Repairs a too-small or too-large `next_id` and renumbers ids near
    /// the top of the range (both harmless: ids are not shown and the file is not touched);
    /// reports duplicate ids (ambiguous, not fixable) and too deep a tree.
    pub fn validate(&mut self) -> Result<(), String> {
        if let Some(rate) = self.settings.rate
            && !RATES.contains(&rate)
        {
            return Err(format!(
                "设置中的语速为每分钟 {rate} 字，应在 {} 到 {} 之间",
                RATES.start(),
                RATES.end()
            ));
        }
        if let Some(target) = self.settings.target_minutes
            && !TARGET_MINUTES.contains(&target)
        {
            return Err(format!(
                "设置中的目标时长为 {target} 分钟，应在 {} 到 {} 之间",
                TARGET_MINUTES.start(),
                TARGET_MINUTES.end()
            ));
        }
        let depth = self.depth();
        if depth > MAX_DEPTH {
            return Err(format!("小节层级 {depth} 层，超过上限 {MAX_DEPTH} 层"));
        }
        let mut seen = std::collections::HashSet::new();
        let mut max = 0u64;
        let mut dup = None;
        let mut note = |id: u64| {
            max = max.max(id);
            if !seen.insert(id) && dup.is_none() {
                dup = Some(id);
            }
        };
        for p in self
            .opening
            .iter()
            .chain(&self.closing)
            .chain(&self.appendix)
        {
            note(p.id.0);
        }
        self.walk_sections(&mut |_, s| {
            note(s.id.0);
            for p in &s.paragraphs {
                note(p.id.0);
            }
        });
        if let Some(id) = dup {
            return Err(format!("编号 {id} 重复出现"));
        }
        // Ids handed out later must not meet a version's ids either: a comparison matches by id.
        for v in &mut self.versions {
            let v = std::sync::Arc::make_mut(v);
            v.speech.versions.clear();
            v.speech.validate()?;
            max = max.max(v.speech.next_id.saturating_sub(1));
        }
        if max >= ID_LIMIT {
            self.renumber_ids();
        } else if self.next_id <= max || self.next_id >= ID_LIMIT {
            self.next_id = max + 1;
        }
        Ok(())
    }

    /// Gives every section and paragraph a new id counting from 1, in document order, and
    /// points dismissed findings at the new ids. Ids must be unique.
    fn renumber_ids(&mut self) {
        fn walk(
            list: &mut [Section],
            next: &mut u64,
            map: &mut std::collections::HashMap<u64, u64>,
        ) {
            for s in list {
                map.insert(s.id.0, *next);
                s.id = SectionId(*next);
                *next += 1;
                paras(&mut s.paragraphs, next, map);
                walk(&mut s.children, next, map);
            }
        }
        fn paras(
            list: &mut [Paragraph],
            next: &mut u64,
            map: &mut std::collections::HashMap<u64, u64>,
        ) {
            for p in list {
                map.insert(p.id.0, *next);
                p.id = ParaId(*next);
                *next += 1;
            }
        }
        let mut map = std::collections::HashMap::new();
        let mut next = 1;
        paras(&mut self.opening, &mut next, &mut map);
        walk(&mut self.sections, &mut next, &mut map);
        paras(&mut self.closing, &mut next, &mut map);
        paras(&mut self.appendix, &mut next, &mut map);
        self.next_id = next;
        // A dismissal of a text that no longer exists keeps an id no text has.
        for d in &mut self.settings.dismissed {
            match &mut d.target {
                TextRef::Heading(id) => id.0 = map.get(&id.0).copied().unwrap_or(0),
                TextRef::Paragraph(id) => id.0 = map.get(&id.0).copied().unwrap_or(0),
                TextRef::Field(_) => {}
            }
        }
    }
}

impl Section {
    /// Levels of sections from this one down: 1 without children.
    pub fn height(&self) -> usize {
        1 + self.children.iter().map(Section::height).max().unwrap_or(0)
    }
}

fn find_section(list: &[Section], id: SectionId) -> Option<&Section> {
    for s in list {
        if s.id == id {
            return Some(s);
        }
        if let Some(found) = find_section(&s.children, id) {
            return Some(found);
        }
    }
    None
}

fn find_section_mut(list: &mut [Section], id: SectionId) -> Option<&mut Section> {
    for s in list {
        if s.id == id {
            return Some(s);
        }
        if let Some(found) = find_section_mut(&mut s.children, id) {
            return Some(found);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_speech_has_salutation_and_one_opening_paragraph() {
        let s = Speech::new();
        assert_eq!(s.salutation, "同志们");
        assert_eq!(s.opening.len(), 1);
        assert!(s.next_id > s.opening[0].id.0);
    }

    #[test]
    fn locate_finds_nested_sections_and_paragraphs() {
        let mut s = Speech::new();
        let mut a = s.new_section("甲".into());
        let mut b = s.new_section("乙".into());
        let p = s.new_paragraph("段".into());
        let pid = p.id;
        b.paragraphs.push(p);
        let bid = b.id;
        a.children.push(b);
        let aid = a.id;
        s.sections.push(a);
        assert_eq!(s.locate_section(bid), Some((Some(aid), 0)));
        assert_eq!(s.locate_paragraph(pid), Some((Container::Section(bid), 0)));
        assert_eq!(s.text(TextRef::Paragraph(pid)), Some("段"));
        assert_eq!(s.section_count(), 2);
    }

    #[test]
    fn validate_rejects_duplicate_ids_and_repairs_next_id() {
        let mut s = Speech::new();
        s.next_id = 0;
        assert!(s.validate().is_ok());
        assert!(s.next_id > s.opening[0].id.0);
        let dup = s.opening[0].clone();
        s.closing.push(dup);
        assert!(s.validate().is_err());
    }
}
