//! The checker: a pure function from a speech (or plain text) to a list of findings.
//!
//! Findings are derived data — recomputed from the document, never stored. Each carries a rule
//! id, a severity, a location precise to the character and an excerpt, so the CLI can print it
//! and the app can jump to it.

pub mod hit;
pub mod invisible;
pub mod placeholder;
pub mod proof;
pub mod rules;

use std::fmt;
use std::ops::Range;

use serde::Serialize;

use crate::doc::model::{Field, Speech, TextRef};
use crate::doc::numbering;

/// The rule id of unfilled blanks.
pub const PLACEHOLDER: &str = "placeholder";
/// The rule id of direction controls, which gate export like blanks.
pub const BIDI: &str = "bidi-control";
/// The rule id of control characters (NUL, escape…), which gate export too: a text handed
/// over with them breaks other programs or hides text.
pub const CONTROL: &str = "control-char";

/// Whether a rule's findings block export (unless forced): such a rule cannot be switched off
/// or its findings dismissed, by the app or by a draft's settings.
pub fn gates_export(rule: &str) -> bool {
    rule == PLACEHOLDER || rule == BIDI || rule == CONTROL
}

/// How sure the checker is that something is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// 必错: must be fixed before handing over; blocks export.
    Error,
    /// 疑似: probably wrong.
    Warning,
    /// 提示: worth a look.
    Hint,
}

impl Severity {
    /// The Chinese name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "疑似",
            Severity::Hint => "提示",
        }
    }
}

/// Which part of the speech a finding is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    Field(Field),
    Opening,
    Body,
    Closing,
    /// The back matter after the speech.
    Appendix,
    /// A line of a plain-text input.
    Line,
}

/// Where a finding is, precise to the character.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    pub part: Part,
    /// Sibling indices from the top level down to the section (empty outside the body).
    pub section_path: Vec<usize>,
    /// The derived labels along `section_path`, e.g. `["二、", "一要"]`.
    pub section_labels: Vec<String>,
    /// 0-based paragraph index in its container (or line index for plain text); `None` for a
    /// field or heading.
    pub paragraph: Option<usize>,
    /// Character offsets into the text.
    pub chars: Range<usize>,
    /// The text the finding is in (absent for plain text).
    #[serde(skip)]
    pub target: Option<TextRef>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.part {
            Part::Field(field) => write!(f, "{}", field.label())?,
            Part::Opening => write!(f, "开头")?,
            Part::Closing => write!(f, "结尾")?,
            Part::Appendix => write!(f, "附件")?,
            Part::Line => {}
            Part::Body => {
                for (depth, (label, index)) in self
                    .section_labels
                    .iter()
                    .zip(&self.section_path)
                    .enumerate()
                {
                    if depth > 0 {
                        write!(f, "·")?;
                    }
                    if label.is_empty() {
                        // Lead sentences have no number; name them by position.
                        write!(f, "第{}条", index + 1)?;
                    } else {
                        write!(f, "{}", label.trim_end_matches(['、', '，']))?;
                    }
                }
                if self.paragraph.is_none() {
                    write!(f, " 标题")?;
                }
            }
        }
        match (self.part, self.paragraph) {
            (Part::Line, Some(p)) => write!(f, "第{}行", p + 1)?,
            (_, Some(p)) => write!(f, " 第{}段", p + 1)?,
            _ => {}
        }
        let Range { start, end } = self.chars;
        if end > start + 1 {
            write!(f, " 第{}–{}字", start + 1, end)
        } else {
            write!(f, " 第{}字", start + 1)
        }
    }
}

/// One thing the checker found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule id, e.g. `"placeholder"`.
    pub rule: &'static str,
    pub severity: Severity,
    pub location: Location,
    /// The offending text itself.
    pub matched: String,
    /// The offending text with a little context either side.
    pub excerpt: String,
    /// What to do, in Chinese.
    pub message: String,
    /// The certain replacement of the matched text (a quick fix), if any.
    pub fix: Option<String>,
    /// For a word finding, the written word it is about, as it stands in the text: what
    /// 加入词典 and 本文忽略 accept.
    pub word: Option<String>,
}

/// The user's own lists, kept in the data folder: common errors (`错 → 对`) and accepted
/// words the proofreader takes as written.
#[derive(Clone, Debug, Default)]
pub struct UserLists {
    pub errors: Vec<(String, String)>,
    /// Leave the scored typos out while the proofreader's tables are still being built (the
    /// app, which checks again once they are), instead of waiting for them.
    pub words_when_ready: bool,
    words: Vec<String>,
    packed: rustc_hash::FxHashSet<u128>,
}

impl UserLists {
    pub fn new(errors: Vec<(String, String)>, words: Vec<String>) -> UserLists {
        let mut lists = UserLists {
            errors,
            ..UserLists::default()
        };
        for w in words {
            lists.accept(w);
        }
        lists
    }

    /// Takes a word as written from now on.
    pub fn accept(&mut self, word: String) {
        let chars: Vec<char> = word.chars().collect();
        if let Some(key) = proof::lexicon::pack(&chars) {
            self.packed.insert(key);
        }
        if !self.words.contains(&word) {
            self.words.push(word);
        }
    }

    /// The accepted words.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    fn accepts(&self, word: &[char]) -> bool {
        !self.packed.is_empty()
            && proof::lexicon::pack(word).is_some_and(|k| self.packed.contains(&k))
    }
}

/// Characters of context either side of a match in an excerpt.
const CONTEXT: usize = 6;

/// Checks a whole speech with its own settings. Findings come in document order.
pub fn check(speech: &Speech) -> Vec<Finding> {
    check_with(speech, &UserLists::default())
}

/// Extra inputs of a check that do not live in the draft.
/// The names of people a speech writes (for [`proof::names`]).
pub fn census(speech: &Speech) -> proof::names::Census {
    let mut texts: Vec<&str> = Vec::new();
    speech.for_each_text(&mut |_, t| texts.push(t));
    proof::names::Census::of(texts)
}

fn context<'a>(
    speech: &Speech,
    user: &'a UserLists,
    names: &'a proof::names::Census,
) -> rules::Context<'a> {
    rules::Context {
        level: speech
            .settings
            .level
            .or_else(|| rules::Level::from_title(&speech.title)),
        extra_errors: &user.errors,
        user: Some(user),
        names: Some(names),
        is_title: false,
        is_salutation: false,
        is_byline: false,
    }
}

/// Findings of one text: blanks and rule hits, in order, minus switched-off rules and
/// dismissed findings.
fn findings_of(
    speech: &Speech,
    text: &str,
    loc: &Location,
    target: TextRef,
    paragraph: Option<usize>,
    ctx: &rules::Context<'_>,
    out: &mut Vec<Finding>,
) {
    let settings = &speech.settings;
    // Blanks gate export: no setting in a draft can switch them off or dismiss them.
    let enabled =
        |rule: &str| gates_export(rule) || !settings.disabled_rules.iter().any(|r| r == rule);
    let mut hits: Vec<hit::Hit> = Vec::new();
    let mut blanks = Vec::new();
    placeholder::scan(text, &mut blanks);
    hits.extend(blanks.into_iter().map(|b| {
        hit::hit(
            PLACEHOLDER,
            b.chars,
            format!("待填项（{}）未填写：请填入实际内容", b.form),
            None,
        )
    }));
    let ctx = rules::Context {
        is_title: target == TextRef::Field(Field::Title),
        is_salutation: target == TextRef::Field(Field::Salutation),
        is_byline: matches!(
            target,
            TextRef::Field(Field::Speaker | Field::DateLine | Field::Subtitle)
        ),
        ..ctx.clone()
    };
    rules::scan(text, &ctx, &mut hits);
    // A byline or salutation is names and titles, not prose: no word model applies.
    let words_now = !ctx.user.is_some_and(|u| u.words_when_ready) || proof::ready();
    if !ctx.is_byline && !ctx.is_salutation && enabled(proof::TYPO) && words_now {
        let accepted = |w: &[char]| {
            ctx.user.is_some_and(|u| u.accepts(w))
                || settings
                    .accepted_words
                    .iter()
                    .any(|a| a.chars().eq(w.iter().copied()))
        };
        proof::scan(text, &accepted, &mut hits);
    }
    if enabled(rules::COMMON_ERROR) {
        proof::phrases::scan(text, &mut hits);
    }
    if !ctx.is_byline && enabled(proof::institutions::RENAMED) {
        proof::institutions::scan(text, &mut hits);
    }
    if let Some(names) = ctx.names
        && enabled(proof::names::NAME_VARIANT)
    {
        proof::names::scan(text, names, &mut hits);
    }
    // A certain error says it all: no guess on the same characters besides it.
    let certain: Vec<Range<usize>> = hits
        .iter()
        .filter(|h| h.rule == rules::COMMON_ERROR)
        .map(|h| h.chars.clone())
        .collect();
    if !certain.is_empty() {
        hits.retain(|h| {
            h.rule != proof::TYPO
                || !certain
                    .iter()
                    .any(|c| c.start < h.chars.end && h.chars.start < c.end)
        });
    }
    hits.retain(|h| enabled(h.rule));
    // Blanks and rule hits interleave: keep the text's findings in reading order.
    hits.sort_by_key(|h| (h.chars.start, h.chars.end));
    // The same finding from two lists (the user's and the built-in one) is reported once.
    let mut k = 0;
    while k < hits.len() {
        let same = |h: &hit::Hit| {
            h.rule == hits[k].rule && h.chars == hits[k].chars && h.fix == hits[k].fix
        };
        if hits[..k].iter().any(same) {
            hits.remove(k);
        } else {
            k += 1;
        }
    }
    for h in hits {
        let (matched, excerpt) = excerpt(text, h.chars.clone());
        let word = h
            .word
            .as_ref()
            .map(|r| text.chars().skip(r.start).take(r.len()).collect());
        let dismissed = !gates_export(h.rule)
            && settings
                .dismissed
                .iter()
                .any(|d| d.rule == h.rule && d.target == target && d.matched == matched);
        if dismissed {
            continue;
        }
        let mut location = loc.clone();
        location.target = Some(target);
        location.paragraph = paragraph;
        location.chars = h.chars;
        let severity = rules::rule(h.rule).map_or(Severity::Warning, |r| r.severity);
        out.push(Finding {
            rule: h.rule,
            severity,
            location,
            matched,
            excerpt,
            message: h.message,
            fix: h.fix,
            word,
        });
    }
}

/// Checks a whole speech with the user's own lists.
pub fn check_with(speech: &Speech, user: &UserLists) -> Vec<Finding> {
    check_named(speech, user, &census(speech))
}

/// [`check_with`] given the speech's [`census`] of names (the derived data keeps one).
pub fn check_named(
    speech: &Speech,
    user: &UserLists,
    names: &proof::names::Census,
) -> Vec<Finding> {
    let ctx = context(speech, user, names);
    let mut out = Vec::new();
    let mut visit = |text: &str, base: &Location, target: TextRef, paragraph: Option<usize>| {
        findings_of(speech, text, base, target, paragraph, &ctx, &mut out);
    };
    let base = |part: Part| Location {
        part,
        section_path: Vec::new(),
        section_labels: Vec::new(),
        paragraph: None,
        chars: 0..0,
        target: None,
    };
    for field in Field::ALL {
        let loc = base(Part::Field(field));
        visit(speech.field(field), &loc, TextRef::Field(field), None);
    }
    let opening = base(Part::Opening);
    for (i, p) in speech.opening.iter().enumerate() {
        visit(&p.text, &opening, TextRef::Paragraph(p.id), Some(i));
    }
    let mut labels: Vec<String> = Vec::new();
    let mut path: Vec<usize> = Vec::new();
    numbering::walk_labelled(speech, &mut |depth, label, section| {
        labels.truncate(depth);
        labels.push(label.to_owned());
        // The walk gives depth but not index; recover the index from the previous path.
        if path.len() > depth {
            path.truncate(depth + 1);
            path[depth] += 1;
        } else {
            path.push(0);
        }
        let loc = Location {
            section_path: path.clone(),
            section_labels: labels.clone(),
            ..base(Part::Body)
        };
        visit(&section.heading, &loc, TextRef::Heading(section.id), None);
        for (i, p) in section.paragraphs.iter().enumerate() {
            visit(&p.text, &loc, TextRef::Paragraph(p.id), Some(i));
        }
    });
    let closing = base(Part::Closing);
    for (i, p) in speech.closing.iter().enumerate() {
        visit(&p.text, &closing, TextRef::Paragraph(p.id), Some(i));
    }
    let appendix = base(Part::Appendix);
    for (i, p) in speech.appendix.iter().enumerate() {
        visit(&p.text, &appendix, TextRef::Paragraph(p.id), Some(i));
    }
    out
}

/// The findings [`check_with`] gives for one text, computed without scanning the others: what
/// the app uses to stay live while typing in a long speech. (A title edit can change the
/// speech's level, a name the `names` census, and so every text's findings: callers recheck
/// everything then.)
pub fn check_one(
    speech: &Speech,
    target: TextRef,
    user: &UserLists,
    names: &proof::names::Census,
) -> Vec<Finding> {
    let (Some(text), Some(loc)) = (speech.text(target), location_of(speech, target)) else {
        return Vec::new();
    };
    let ctx = context(speech, user, names);
    let mut out = Vec::new();
    let paragraph = loc.paragraph;
    findings_of(speech, text, &loc, target, paragraph, &ctx, &mut out);
    out
}

/// Where a text is, as [`check`] reports it (with an empty character range).
pub fn location_of(speech: &Speech, target: TextRef) -> Option<Location> {
    let mut loc = Location {
        part: Part::Body,
        section_path: Vec::new(),
        section_labels: Vec::new(),
        paragraph: None,
        chars: 0..0,
        target: Some(target),
    };
    let section = match target {
        TextRef::Field(f) => {
            loc.part = Part::Field(f);
            return Some(loc);
        }
        TextRef::Heading(id) => id,
        TextRef::Paragraph(p) => {
            let (container, index) = speech.locate_paragraph(p)?;
            loc.paragraph = Some(index);
            match container {
                crate::doc::model::Container::Opening => {
                    loc.part = Part::Opening;
                    return Some(loc);
                }
                crate::doc::model::Container::Closing => {
                    loc.part = Part::Closing;
                    return Some(loc);
                }
                crate::doc::model::Container::Appendix => {
                    loc.part = Part::Appendix;
                    return Some(loc);
                }
                crate::doc::model::Container::Section(id) => id,
            }
        }
    };
    let mut current = Some(section);
    while let Some(id) = current {
        let (parent, index) = speech.locate_section(id)?;
        loc.section_path.insert(0, index);
        loc.section_labels
            .insert(0, numbering::section_label(speech, id)?);
        current = parent;
    }
    Some(loc)
}

/// Checks plain text, one paragraph per line. The level comes from the first line (the title).
pub fn check_text(text: &str) -> Vec<Finding> {
    check_text_with(text, &UserLists::default())
}

/// [`check_text`] with the user's own lists.
pub fn check_text_with(text: &str, user: &UserLists) -> Vec<Finding> {
    let mut speech = Speech::new();
    speech.title = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_owned();
    let names = proof::names::Census::of(text.lines());
    let ctx = context(&speech, user, &names);
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let loc = Location {
            part: Part::Line,
            section_path: Vec::new(),
            section_labels: Vec::new(),
            paragraph: Some(i),
            chars: 0..0,
            target: None,
        };
        // Plain text has no field roles; every line is checked as body text.
        let target = TextRef::Paragraph(crate::doc::model::ParaId(u64::MAX));
        let start = out.len();
        findings_of(&speech, line, &loc, target, Some(i), &ctx, &mut out);
        for f in &mut out[start..] {
            f.location.target = None;
        }
    }
    out
}

/// Every certain fix of `rule` applied: the texts they change, each with its new text, for one
/// undo step (全部修正). Fixes are applied from the end of a text backwards, so each keeps its
/// place; one that overlaps a fix already taken is left for the next check. Outside the fixed
/// spans not a character changes.
pub fn fix_all(
    speech: &Speech,
    findings: &[Finding],
    rule: &str,
) -> Vec<(crate::doc::model::TextRef, String)> {
    /// A text's fixes: each span and its replacement.
    type Spans<'a> = Vec<(Range<usize>, &'a str)>;
    let mut by_text: Vec<(crate::doc::model::TextRef, Spans)> = Vec::new();
    for f in findings.iter().filter(|f| f.rule == rule) {
        let (Some(target), Some(fix)) = (f.location.target, f.fix.as_deref()) else {
            continue;
        };
        let span = (f.location.chars.clone(), fix);
        match by_text.iter_mut().find(|(t, _)| *t == target) {
            Some((_, spans)) => spans.push(span),
            None => by_text.push((target, vec![span])),
        }
    }
    let mut out = Vec::new();
    for (target, mut spans) in by_text {
        let Some(text) = speech.text(target) else {
            continue;
        };
        spans.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
        let mut chars: Vec<char> = text.chars().collect();
        let mut limit = usize::MAX;
        for (range, fix) in spans {
            if range.end > limit || range.end > chars.len() {
                continue;
            }
            chars.splice(range.clone(), fix.chars());
            limit = range.start;
        }
        out.push((target, chars.into_iter().collect()));
    }
    out
}

/// The most serious severity among the findings (`Error` before `Warning` before `Hint`).
pub fn worst(findings: &[Finding]) -> Option<Severity> {
    // Declared from the most serious down.
    findings.iter().map(|f| f.severity).min()
}

/// Whether any finding is an error (the `check` command's exit status).
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// The findings that block export: unfilled blanks, direction controls and control characters.
pub fn gating(findings: &[Finding]) -> impl Iterator<Item = &Finding> {
    findings.iter().filter(|f| gates_export(f.rule))
}

/// Unfilled blanks.
pub fn blanks(findings: &[Finding]) -> impl Iterator<Item = &Finding> {
    findings.iter().filter(|f| f.rule == PLACEHOLDER)
}

/// The matched text and an excerpt with context, both cut at character boundaries.
fn excerpt(text: &str, chars: Range<usize>) -> (String, String) {
    let from = chars.start.saturating_sub(CONTEXT);
    let mut matched = String::new();
    let mut ex = String::new();
    if from > 0 {
        ex.push('…');
    }
    let mut more = false;
    for (i, c) in text.chars().enumerate().skip(from) {
        if i >= chars.end + CONTEXT {
            more = true;
            break;
        }
        if chars.contains(&i) {
            matched.push(c);
        }
        ex.push(c);
    }
    if more {
        ex.push('…');
    }
    (matched, ex)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::model::Numbering;

    #[test]
    fn spaces_set_apart_title_phrases_and_bylines_by_convention() {
        let mut s = Speech::new();
        s.title = "不忘初心 打赢扶贫攻坚战".into();
        s.speaker = "县委副书记、县长 陈立新".into();
        s.opening[0].text = "我们要 加强领导。".into();
        let spaces: Vec<String> = check(&s)
            .into_iter()
            .filter(|f| f.rule == "space-between-han")
            .map(|f| f.location.to_string())
            .collect();
        assert_eq!(spaces, ["开头 第1段 第4字"]);
        // A stray space in a title is no phrase boundary.
        s.title = "在全市 工作会议上的讲话".into();
        let spaces = check(&s)
            .into_iter()
            .filter(|f| f.rule == "space-between-han")
            .count();
        assert_eq!(spaces, 2);
    }

    #[test]
    fn a_salutation_over_several_lines_breaks_after_its_commas_only() {
        let mut s = Speech::new();
        s.salutation = "全国同胞们，\n尊敬的各位来宾，\n全体受阅将士们，\n同志们、朋友们".into();
        let breaks = |s: &Speech| {
            check(s)
                .into_iter()
                .filter(|f| f.rule == "control-char")
                .count()
        };
        assert_eq!(breaks(&s), 0);
        // A break inside a line of it (after the first) is still found.
        s.salutation = "全国同胞们，\n尊敬的各位\n来宾，\n同志们".into();
        assert_eq!(breaks(&s), 1);
    }

    #[test]
    fn fix_all_applies_every_certain_fix_of_a_rule_and_nothing_else() {
        let mut s = Speech::new();
        s.opening[0].text = "我们,要加强,领导,抓好落实。".into();
        let found = check(&s);
        let commas = found.iter().filter(|f| f.rule == "punct-halfwidth").count();
        assert_eq!(commas, 3, "{found:?}");
        let texts = fix_all(&s, &found, "punct-halfwidth");
        let opening = crate::doc::model::TextRef::Paragraph(s.opening[0].id);
        assert_eq!(
            texts,
            [(opening, "我们，要加强，领导，抓好落实。".to_owned())]
        );
        // Another rule's findings are not touched, and a rule without fixes changes nothing.
        assert!(fix_all(&s, &found, "placeholder").is_empty());
    }

    /// Regression: the status bar's 问题 N was red even when every finding was a hint.
    #[test]
    fn the_worst_severity_is_the_most_serious_one() {
        let mut s = Speech::new();
        s.opening[0].text = "我们要 加强领导。".into();
        let found = check(&s);
        assert!(!found.is_empty());
        assert_ne!(worst(&found), Some(Severity::Error), "{found:?}");
        s.title = "在*年会议上的讲话".into();
        assert_eq!(worst(&check(&s)), Some(Severity::Error));
        assert_eq!(worst(&[]), None);
    }

    #[test]
    fn locations_name_part_section_and_paragraph() {
        let mut s = Speech::new();
        s.title = "在*年会议上的讲话".into();
        let mut a = s.new_section("一节".into());
        a.child_numbering = Numbering::Yao;
        let mut b = s.new_section("要求".into());
        let p = s.new_paragraph("培育*家以上".into());
        b.paragraphs.push(s.new_paragraph("无".into()));
        b.paragraphs.push(p);
        a.children.push(b);
        let before = s.new_section("前".into());
        s.sections.push(before);
        s.sections.push(a);
        let found = check(&s);
        let shown: Vec<String> = found
            .iter()
            .map(|f| format!("{} {}", f.location, f.excerpt))
            .collect();
        assert_eq!(
            shown,
            [
                "标题 第2字 在*年会议上的讲…",
                "二·一要 第2段 第3字 培育*家以上"
            ]
        );
        let target = found[1].location.target.unwrap();
        assert_eq!(s.text(target), Some("培育*家以上"));
        assert!(has_errors(&found));
    }

    #[test]
    fn check_one_agrees_with_the_whole_check() {
        let speech = crate::store::draft::from_str(
            include_str!("../../assets/sample-speech.ron"),
            std::path::Path::new("sample"),
        )
        .unwrap();
        let all = check(&speech);
        let (user, names) = (UserLists::default(), census(&speech));
        let mut pieced = Vec::new();
        speech.for_each_text(&mut |t, _| pieced.extend(check_one(&speech, t, &user, &names)));
        assert_eq!(pieced, all);
        assert_eq!(blanks(&all).count(), 14);
    }

    #[test]
    fn plain_text_lines_are_paragraphs() {
        let found = check_text("第一行\n第二行有XX同志\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].location.to_string(), "第2行 第5–6字");
        assert_eq!(found[0].matched, "XX");
    }
}
