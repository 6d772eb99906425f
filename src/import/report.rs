//! What an import found and did, item by item: detected, renumbered, removed, normalised, for
//! review.

/// Something removed from the input, with its text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Removed {
    /// What it was: 页眉, 页脚, 分块标记, 新闻电头, 报纸版面信息, 广告, 图片说明…
    pub kind: &'static str,
    pub text: String,
}

/// Invisible characters removed from one line because they were certainly furniture.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Normalised {
    /// The input line, counting from 1.
    pub line: usize,
    /// What was removed and where: `汉字之间的看不见的空格`.
    pub what: String,
    pub count: usize,
    /// The visible text around the first removal.
    pub context: String,
    /// The characters removed, in order (for accounting).
    pub removed: String,
}

/// What the import found and did. Every item is a value (what it is, with its data); the
/// words a user reads are made in one place, the `Display` of each item, and the JSON carries
/// both (`kind`, the data, and `text`). An item's own text is `value` in the JSON: two `text`
/// keys in one object would leave a reader only one of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    #[serde(serialize_with = "with_text")]
    pub detected: Vec<Detected>,
    #[serde(serialize_with = "with_text")]
    pub renumbered: Vec<Renumbered>,
    pub removed: Vec<Removed>,
    /// Invisible characters removed (zero-width between Han, no-break spaces as indentation).
    pub normalised: Vec<Normalised>,
    #[serde(serialize_with = "with_text")]
    pub review: Vec<Review>,
}

/// What the import recognised in the input.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Detected {
    /// A text file in an encoding other than UTF-8.
    Encoding {
        name: String,
    },
    /// The input was a Word document.
    Word,
    /// The input was a web page (or a Word file saved as one): read as the text it shows.
    WebPage,
    /// Paragraphs numbered by Word's lists, read with the numbers Word shows.
    WordNumbering {
        paragraphs: usize,
    },
    /// Paragraphs split at first-line indents inside a line (the line breaks were lost).
    SplitAtIndents {
        count: usize,
    },
    /// Line breaks of a text wrapped at a fixed width joined back.
    JoinedLines {
        count: usize,
    },
    /// Lines broken inside a book title's marks (`《…》`) joined back.
    JoinedAtTitleMarks {
        count: usize,
    },
    /// A web page that shows no title in words: its tab's title (`<title>`) taken instead.
    TabTitle {
        #[serde(rename = "value")]
        text: String,
    },
    /// A title set over two lines, the first ending mid-phrase (`在纪念……暨` /
    /// `……大会上的讲话`), read as one.
    TwoLineTitle {
        #[serde(rename = "value")]
        text: String,
    },
    Title {
        #[serde(rename = "value")]
        text: String,
    },
    /// A subtitle, date or speaker line; `field` names it (副标题, 日期, 讲话人).
    Byline {
        field: &'static str,
        #[serde(rename = "value")]
        text: String,
    },
    /// The salutation; `half_width_colon` when the input ended it with `:`.
    Salutation {
        #[serde(rename = "value")]
        text: String,
        half_width_colon: bool,
    },
    NoSalutation,
    /// Paragraphs of the opening.
    Opening {
        paragraphs: usize,
    },
    /// Top-level headings.
    TopHeadings {
        count: usize,
    },
    /// Paragraphs of the closing.
    Closing {
        paragraphs: usize,
    },
    /// Back matter after the speech, kept as written; `first` is how it starts.
    Appendix {
        first: String,
        paragraphs: usize,
    },
    /// Lead sentences at the top level: parallel short sentences opening paragraphs.
    LeadParagraphs {
        count: usize,
    },
    /// Headings without a number: short lines standing between paragraphs.
    PlainHeadings {
        count: usize,
    },
    /// Run-in items under the section numbered `section`, in the numbering `style`.
    Items {
        section: String,
        count: usize,
        style: &'static str,
    },
    /// Lead sentences under the section numbered `section`, sharing the ending `suffix`.
    LeadSentences {
        section: String,
        count: usize,
        suffix: String,
    },
}

/// A number of the input that the speech does not keep: numbers are derived from position.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Renumbered {
    /// Top-level headings written as a numeral alone on a line (`一`), shown as `一、`.
    BareNumeralHeadings,
    /// Top-level headings written as books set them, a numeral and a space (`一　形势和任务`),
    /// shown as `一、`.
    SpacedNumeralHeadings,
    /// Top-level headings written `（一）`, shown as `一、`.
    BracketedTopHeadings,
    /// Top-level headings written `1．` (or `1.` `1、`), shown as `一、`.
    ArabicTopHeadings,
    /// A top-level heading written in another style than those before it (`第三，` after
    /// `一、` `二、`), shown in theirs.
    OrdinalTopHeading { marker: String },
    /// A heading whose number skipped or repeated (`repeated`), under the section numbered
    /// `under` (empty at the top level): written `marker` + `heading`, now `new`, where the
    /// position asks for `want`.
    Heading {
        under: String,
        marker: String,
        heading: String,
        new: String,
        repeated: bool,
        want: u64,
    },
    /// The item at `position` (from 1) under the section numbered `section` was numbered `was`.
    Item {
        section: String,
        position: usize,
        was: u64,
    },
}

/// Something the user should look at: a guess, or a structure left as written.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Review {
    NoTitle,
    /// A line that may be a photo caption (`图为…`), kept.
    PossibleCaption {
        #[serde(rename = "value")]
        text: String,
    },
    /// Where a heading glued to its paragraph ends was guessed: the heading's last words and
    /// the paragraph's first.
    GuessedBoundary {
        section: String,
        heading_end: String,
        paragraph_start: String,
    },
    /// Items numbered in mixed ways (`written`), kept as prose.
    MixedItemMarkers {
        section: String,
        written: Vec<String>,
    },
    /// A second list of items restarting at `first`, kept as prose.
    SecondItemSeries {
        section: String,
        first: String,
    },
    /// An unpaired Markdown bold mark removed on input line `line` (from 1).
    UnpairedBold {
        line: usize,
    },
    /// A paragraph whose structure was in doubt (reading it as a heading or an item would have
    /// changed its words), kept as a paragraph, as written; `at` is where it went.
    KeptAsWritten {
        near: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        at: Option<crate::doc::model::TextRef>,
    },
    /// The structure found would have changed the words near `near`: imported as written.
    StructureChangesWords {
        near: String,
    },
    /// Characters could not be accounted for (`missing`): imported line by line, as written.
    Unaccounted {
        missing: String,
    },
}

impl std::fmt::Display for Detected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Detected::Encoding { name } => write!(f, "文字格式：{name}"),
            Detected::WebPage => write!(
                f,
                "网页（或另存为网页的 Word 文件）：按网页显示的文字读入，标签、脚本和样式不是正文"
            ),
            Detected::Word => write!(f, "来源：Word 文档（.docx）"),
            Detected::WordNumbering { paragraphs } => {
                write!(f, "Word 自动编号：{paragraphs} 段的编号按显示的文字识别")
            }
            Detected::SplitAtIndents { count } => {
                write!(f, "段落：行内的段首缩进处分段 {count} 处（原文换行丢失）")
            }
            Detected::JoinedLines { count } => {
                write!(
                    f,
                    "断行：按固定宽度折行的文本，段落内的换行已接回 {count} 处"
                )
            }
            Detected::JoinedAtTitleMarks { count } => {
                write!(f, "断行：书名号处被拆开的行已接回 {count} 处")
            }
            Detected::TabTitle { text } => {
                write!(
                    f,
                    "网页正文没有文字标题，标题取自网页标签页上的标题：{text}"
                )
            }
            Detected::TwoLineTitle { text } => {
                write!(f, "标题分两行排，已接为一行：{text}")
            }
            Detected::Title { text } => write!(f, "标题：{text}"),
            Detected::Byline { field, text } => write!(f, "{field}：{text}"),
            Detected::Salutation {
                text,
                half_width_colon,
            } => {
                write!(f, "称谓：{text}")?;
                if *half_width_colon {
                    write!(f, "（原文为半角冒号“:”，已按全角处理）")?;
                }
                Ok(())
            }
            Detected::NoSalutation => write!(f, "未找到称谓"),
            Detected::Opening { paragraphs } => write!(f, "开头：{paragraphs} 段"),
            Detected::TopHeadings { count } => write!(f, "一级标题：{count} 个"),
            Detected::Closing { paragraphs } => write!(f, "结尾：{paragraphs} 段"),
            Detected::Appendix { first, paragraphs } => write!(
                f,
                "附件：从“{first}”起 {paragraphs} 段，放在讲话之后，按原文保留（序号不改）"
            ),
            Detected::LeadParagraphs { count } => {
                write!(f, "正文：{count} 条引领句（段首的并列短句）")
            }
            Detected::PlainHeadings { count } => {
                write!(f, "正文：{count} 个不带序号的标题（单独成行的短句）")
            }
            Detected::Items {
                section,
                count,
                style,
            } => write!(f, "{}：{count} 项（{style}）", name(section)),
            Detected::LeadSentences {
                section,
                count,
                suffix,
            } => write!(f, "{}：{count} 条引领句（以“{suffix}”结尾）", name(section)),
        }
    }
}

impl std::fmt::Display for Renumbered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Renumbered::BareNumeralHeadings => {
                write!(
                    f,
                    "一级标题原为单独一行的数字（“一”），按层级显示为“一、”式"
                )
            }
            Renumbered::SpacedNumeralHeadings => {
                write!(
                    f,
                    "一级标题原为数字加空格（“一　”或“1 ”），按层级显示为“一、”式"
                )
            }
            Renumbered::BracketedTopHeadings => {
                write!(f, "一级标题原为“（一）”式，按层级显示为“一、”式")
            }
            Renumbered::ArabicTopHeadings => {
                write!(f, "一级标题原为“1．”式，按层级显示为“一、”式")
            }
            Renumbered::OrdinalTopHeading { marker } => write!(
                f,
                "一级标题“{marker}”与前面的写法不同，按位置显示为“{}”",
                marker
                    .trim_start_matches('第')
                    .trim_end_matches(['，', ',', '、'])
                    .to_owned()
                    + "、"
            ),
            Renumbered::Heading {
                under,
                marker,
                heading,
                new,
                repeated,
                want,
            } => {
                if !under.is_empty() {
                    write!(f, "{}下的", name(under))?;
                }
                let kind = if *repeated { "重复" } else { "跳号" };
                write!(
                    f,
                    "{marker}{} → {new}（原文编号{kind}，应为{}）",
                    shorten(heading, 12),
                    crate::doc::numbering::chinese_numeral(*want)
                )
            }
            Renumbered::Item {
                section,
                position,
                was,
            } => write!(
                f,
                "{}下第 {position} 项原编号为{}，已按位置编号",
                name(section),
                crate::doc::numbering::chinese_numeral(*was)
            ),
        }
    }
}

impl std::fmt::Display for Review {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Review::NoTitle => write!(f, "未找到标题"),
            Review::PossibleCaption { text } => {
                write!(f, "疑似图片说明，已保留：{}", shorten(text, 30))
            }
            Review::GuessedBoundary {
                section,
                heading_end,
                paragraph_start,
            } => write!(
                f,
                "{}标题与正文的分界是推测的：“{heading_end}｜{paragraph_start}”，可在提纲中右键该小节，用“调整标题分界…”修改",
                name(section)
            ),
            Review::MixedItemMarkers { section, written } => write!(
                f,
                "{}的分项序号写法不一致（{}），已按原文保留、未分项；如需分项，请统一写法后在提纲中调整",
                name(section),
                written.join("、")
            ),
            Review::SecondItemSeries { section, first } => write!(
                f,
                "{}有第二组从“{first}”重新编号的分项，已按原文保留在正文中、未分项",
                name(section)
            ),
            Review::UnpairedBold { line } => write!(
                f,
                "第 {line} 行：多出一个表示加粗的“**”，已删除；如果它是待填项，请补回"
            ),
            Review::KeptAsWritten { near, .. } => write!(
                f,
                "“{near}”这一段的层次拿不准（按标题或条目识别会改动原文），已按原文作为段落保留，其余层次照常识别：如是标题，可在该段右键“设为标题”"
            ),
            Review::StructureChangesWords { near } => write!(
                f,
                "识别出的层次会改动原文（“{near}”附近），已按原文逐段导入、未分层次，请在提纲中手动调整"
            ),
            Review::Unaccounted { missing } => write!(
                f,
                "导入时有文字未能核对（{missing}），已按原文逐行导入、未做任何清理，请手动整理"
            ),
        }
    }
}

/// Serialises items with their data and, as `text`, the words the user reads.
fn with_text<T, S>(items: &[T], serializer: S) -> Result<S::Ok, S::Error>
where
    T: serde::Serialize + std::fmt::Display,
    S: serde::Serializer,
{
    #[derive(serde::Serialize)]
    struct Shown<'a, T: serde::Serialize> {
        #[serde(flatten)]
        item: &'a T,
        text: String,
    }
    serializer.collect_seq(items.iter().map(|item| Shown {
        item,
        text: item.to_string(),
    }))
}

/// A guess of the import the user can go to and undo in one click: a paragraph kept as
/// written, where the back matter starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewSpot {
    pub what: String,
    pub at: crate::doc::model::TextRef,
}

impl Report {
    /// The items of the report that point at a text of `speech`, the speech it made.
    pub fn spots(&self, speech: &crate::doc::model::Speech) -> Vec<ReviewSpot> {
        let mut out: Vec<ReviewSpot> = self
            .review
            .iter()
            .filter_map(|r| match r {
                Review::KeptAsWritten { near, at: Some(at) } => Some(ReviewSpot {
                    what: format!("“{near}”：层次拿不准，按原文作为段落保留"),
                    at: *at,
                }),
                _ => None,
            })
            .collect();
        if let Some(first) = speech.appendix.first()
            && let Some(d) = self
                .detected
                .iter()
                .find(|d| matches!(d, Detected::Appendix { .. }))
        {
            out.push(ReviewSpot {
                what: d.to_string(),
                at: crate::doc::model::TextRef::Paragraph(first.id),
            });
        }
        out
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn texts<T: ToString>(items: &[T]) -> Vec<String> {
            items.iter().map(ToString::to_string).collect()
        }
        let sections: [(&str, Vec<String>); 5] = [
            ("识别", texts(&self.detected)),
            ("重新编号", texts(&self.renumbered)),
            (
                "已删除",
                self.removed
                    .iter()
                    .map(|r| format!("{}：{}", r.kind, shorten(&r.text, 40)))
                    .collect(),
            ),
            (
                "已清除的格式字符",
                self.normalised
                    .iter()
                    .map(|n| {
                        format!(
                            "第 {} 行：{} {} 个（“{}”）",
                            n.line, n.what, n.count, n.context
                        )
                    })
                    .collect(),
            ),
            ("请核对", texts(&self.review)),
        ];
        for (title, lines) in sections {
            writeln!(f, "{title}（{}）", lines.len())?;
            for l in lines {
                writeln!(f, "  {l}")?;
            }
        }
        Ok(())
    }
}

/// A section label for messages: `一、` → `一`, `一、（二）` → `一、（二）` stays readable.
pub(in crate::import) fn name(label: &str) -> String {
    format!("“{}”", label.trim_end_matches(['、', '，']))
}

/// The last `max` characters, `…` before them when cut.
pub(in crate::import) fn shorten_start(text: &str, max: usize) -> String {
    let n = text.chars().count();
    if n <= max {
        return text.to_owned();
    }
    let mut s = String::from("…");
    s.extend(text.chars().skip(n - max));
    s
}

pub(in crate::import) fn shorten(text: &str, max: usize) -> String {
    let mut s: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        s.push('…');
    }
    s
}
