//! What an import found and did, item by item: detected, renumbered, removed, normalised, for review.

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
    /// What was removed and where: `汉字之间的零宽空格（U+200B）`.
    pub what: String,
    pub count: usize,
    /// The visible text around the first removal.
    pub context: String,
    /// The characters removed, in order (for accounting).
    pub removed: String,
}

/// What the import found and did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    pub detected: Vec<String>,
    pub renumbered: Vec<String>,
    pub removed: Vec<Removed>,
    /// Invisible characters removed (zero-width between Han, no-break spaces as indentation).
    pub normalised: Vec<Normalised>,
    pub review: Vec<String>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sections: [(&str, Vec<String>); 5] = [
            ("识别", self.detected.clone()),
            ("重新编号", self.renumbered.clone()),
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
            ("请核对", self.review.clone()),
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
