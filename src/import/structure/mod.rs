//! Structure: the paragraphs become a speech — title block, salutation, opening, numbered sections,
//! closing.

pub(in crate::import) mod head;
pub(in crate::import) mod headings;
pub(in crate::import) mod items;
pub(in crate::import) mod lead;

use crate::doc::marker;
use crate::doc::model::{Numbering, Paragraph, Section, Speech};
use crate::import::report::Report;
use crate::import::report::{Detected, Renumbered};
use crate::import::structure::head::{
    find_salutation, is_audience_line, is_date_line, is_thanks, starts_closing_paragraph,
    title_block,
};
use crate::import::structure::headings::{
    certain_heading_endings, check_level_numbers, section_from,
};
use crate::import::structure::items::{append_text, items};
use crate::import::{kept_as_written, unspaced};
use crate::text::chars::is_sentence_end;

pub(in crate::import) fn is_numeral(c: char) -> bool {
    marker::is_numeral_char(c)
}

pub(in crate::import) fn numeral_value(s: &str) -> Option<u64> {
    marker::numeral_value(&s.chars().collect::<Vec<_>>())
}

/// A standalone heading marker at the start of `cs[at..]`: (level, number, marker length).
/// Level 1 `一、`, 2 `（一）`, 3 `1.`/`1、`, 4 `（1）`.
pub(in crate::import) fn heading_marker(cs: &[char], at: usize) -> Option<(usize, u64, usize)> {
    as_heading(marker::parse(&cs[at..])?)
}

/// A run-in marker at `cs[at..]`: (style, number, marker length).
pub(in crate::import) fn run_in_marker(cs: &[char], at: usize) -> Option<(Numbering, u64, usize)> {
    as_run_in(marker::parse(&cs[at..])?)
}

/// [`heading_marker`] at the start of a paragraph, reading only its first characters: every
/// pass over the paragraphs asks this, and copying each whole paragraph into characters made
/// the import's cost grow with the length of the paragraphs, not the number of them.
pub(in crate::import) fn heading_marker_start(p: &str) -> Option<(usize, u64, usize)> {
    as_heading(marker::parse_str(p)?)
}

/// [`run_in_marker`] at the start of a paragraph, reading only its first characters.
pub(in crate::import) fn run_in_marker_start(p: &str) -> Option<(Numbering, u64, usize)> {
    as_run_in(marker::parse_str(p)?)
}

fn as_heading(m: marker::Marker) -> Option<(usize, u64, usize)> {
    let level = m.form.level().filter(|l| *l <= 4)?;
    Some((level, m.number, m.len))
}

fn as_run_in(m: marker::Marker) -> Option<(Numbering, u64, usize)> {
    m.form
        .level()
        .is_none()
        .then(|| (m.form.numbering(), m.number, m.len))
}

/// The byte offset of character `n` in `p` (its length when shorter).
pub(in crate::import) fn char_offset(p: &str, n: usize) -> usize {
    p.char_indices().nth(n).map_or(p.len(), |(i, _)| i)
}

/// One top-level part found in the paragraphs.
pub(in crate::import) struct Part {
    pub(in crate::import) number: u64,
    pub(in crate::import) marker: String,
    /// Heading plus glued text, before the heading split.
    pub(in crate::import) first: String,
    pub(in crate::import) rest: Vec<String>,
}

pub(in crate::import) fn build(
    paragraphs: Vec<String>,
    bold: &[String],
    report: &mut Report,
) -> Speech {
    let mut speech = Speech::new();
    speech.opening.clear();
    speech.salutation.clear();
    let mut paragraphs = paragraphs;
    let back = split_back_matter(&mut paragraphs);
    let mut paras = paragraphs.into_iter();
    let (mut opening, body_start) = read_head(&mut paras, &mut speech, report);

    // Opening: until the first top-level heading or run-in item.
    let body: Vec<String> = body_start.into_iter().chain(paras).collect();
    let top = top_level(&body, report);
    let (mut parts, mut closing) = partition(body, top, &mut opening, report);
    if parts.is_empty()
        && closing.is_empty()
        && let Some(at) = headless_closing(&opening)
    {
        closing = opening.split_off(at);
    }
    summing_up(&mut parts, &mut closing, &mut opening);
    let (leads, plain) = if parts.is_empty() {
        unnumbered_sections(&mut speech, &mut opening, bold, report)
    } else {
        (Vec::new(), Vec::new())
    };
    speech.opening = new_paragraphs(&mut speech, opening);
    report.detected.push(Detected::Opening {
        paragraphs: speech.opening.len(),
    });
    if !leads.is_empty() {
        speech.numbering = Numbering::Lead;
        speech.sections = leads;
    }
    if !plain.is_empty() {
        speech.numbering = Numbering::Plain;
        speech.sections = plain;
    }

    if parts.len() == 1 && parts[0].number == 0 {
        // Only run-in items, no headings: they become the top-level group.
        let part = parts.remove(0);
        let (paras, children, style) = items(&mut speech, part.rest, report, "正文");
        let more = new_paragraphs(&mut speech, paras);
        speech.opening.extend(more);
        speech.numbering = style;
        speech.sections = children;
    } else {
        check_level_numbers(&parts, "", 1, report);
        let learned = certain_heading_endings(&parts);
        for (k, part) in parts.into_iter().enumerate() {
            let label = crate::doc::numbering::label(Numbering::Heading, 0, k, usize::MAX);
            let section = section_from(&mut speech, part, &label, &learned, top.level, report);
            speech.sections.push(section);
        }
        report.detected.push(Detected::TopHeadings {
            count: speech.sections.len(),
        });
    }
    speech.closing = new_paragraphs(&mut speech, closing);
    report.detected.push(Detected::Closing {
        paragraphs: speech.closing.len(),
    });
    if let Some(first) = back.first() {
        report.detected.push(Detected::Appendix {
            first: first.chars().take(20).collect(),
            paragraphs: back.len(),
        });
        speech.appendix = new_paragraphs(&mut speech, back);
    }
    speech
}

/// Where the closing starts in a speech with no headings at all: the last `同志们，…`
/// paragraph, or one of the last three that addresses the audience again or thanks it (a
/// re-address further up, `来宾们，朋友们，同志们！`, is inside the speech), or a paragraph in
/// the second half of the words that opens with an address (`同志们、朋友们！`,
/// `同志们！党的十大…`). Never the first.
fn headless_closing(opening: &[String]) -> Option<usize> {
    let words: usize = opening.iter().map(|p| p.chars().count()).sum();
    let mut after = 0;
    for (i, t) in opening.iter().enumerate().rev() {
        // Characters after this paragraph; the ones before it are the rest.
        let before = words - after - t.chars().count();
        if t.starts_with("同志们，")
            || (i + 3 >= opening.len() && starts_closing_paragraph(t))
            || (2 * before >= words && readdresses(t))
        {
            return (i > 0).then_some(i);
        }
        after += t.chars().count();
    }
    None
}

/// The paragraphs that end a speech as a closing does (see [`closing_start`]), at the end of
/// the last section (or run of run-in items) — or of the opening, in a speech without
/// headings — are its closing, or open it before the thanks found; a sum-up just before a
/// re-address opens it; an exclamation just before the thanks is the closing's; and a paragraph
/// of thanks just before a closing opens it.
fn summing_up(parts: &mut [Part], closing: &mut Vec<String>, opening: &mut Vec<String>) {
    // A section keeps its heading (and the text glued to it) whatever follows it moves; an
    // opening keeps at least its first paragraph.
    let (body, least) = match parts.last_mut() {
        Some(part) => (&mut part.rest, 0),
        None => (opening, 1),
    };
    // A closing opened by a re-address or a sum-up is where the author turned to it: only a
    // sum-up just before it moves its start. One of thanks or slogans alone may start earlier.
    let opened = closing
        .first()
        .is_some_and(|c| !is_thanks(c) && !is_sign_off(c) && !is_slogan(c));
    let at = if opened {
        sum_up_start(body)
    } else {
        closing_start(body)
    };
    let mut at = at.filter(|&at| at >= least && at < body.len());
    // An exclamation just before the thanks is the speech's last call (`…对党许下的忠诚诺言！`
    // / `谢谢大家！`).
    if at.is_none()
        && closing.first().is_some_and(|c| is_thanks(c))
        && body.len() > least
        && body
            .last()
            .is_some_and(|p| p.trim_end().ends_with(['！', '!']))
    {
        at = Some(body.len() - 1);
    }
    // Thanks to those who did the work (`在此，…致以崇高的敬意和诚挚的谢意！`) lead into a
    // closing found after them (as the last paragraph, `closing_start` takes them itself).
    let start = at.unwrap_or(body.len());
    if (at.is_some() || !closing.is_empty())
        && start > least
        && thanks_those_present(&body[start - 1])
    {
        at = Some(start - 1);
    }
    if let Some(at) = at {
        let mut moved = body.split_off(at);
        moved.append(closing);
        *closing = moved;
    }
}

/// Where the closing starts in a run of paragraphs that ends a speech (signature and date
/// lines, a sign-off `我的话完了。` and closing slogans after it aside): a sum-up among the
/// last three (`以上四点意见…`, `总之，…`, `今天我所讲的…`); good wishes (`我祝愿：`); the
/// audience addressed again in one of the last three (`各位代表！我们…`, the later of two);
/// the paragraph before the slogans (`…万岁！`,
/// short exclamations); or a last paragraph that calls the audience to act (`让我们…`,
/// `…而奋斗！`), is sure of what will come (`我们深信，…一定能…`), turns to the meeting's
/// task (`这次会议…`), or thanks or greets (`…谢谢大家…`, `…致以新春的祝福！`).
fn closing_start(paras: &[String]) -> Option<usize> {
    if let Some(at) = sum_up_start(paras) {
        return Some(at);
    }
    // Signed and dated: `总经理：王敏敏`, `杭州西软科技有限公司`, `2013年3月26日`.
    let signature = paras
        .iter()
        .rev()
        .take(4)
        .take_while(|p| {
            let t = p.trim();
            t.chars().count() <= 30 && !t.contains(is_sentence_end) && !t.contains('，')
        })
        .count();
    let end = paras.len() - signature;
    if let Some(at) = wish_start(&paras[..end]) {
        return Some(at);
    }
    let from = end.saturating_sub(3);
    // The last such turn, as in the body (a report re-addresses before each last point).
    if let Some(k) = (from..end).rev().find(|&k| readdresses(&paras[k])) {
        return Some(k);
    }
    let sign_off = paras[..end]
        .iter()
        .rev()
        .take_while(|p| is_sign_off(p))
        .count();
    let end = end - sign_off;
    let last = end.checked_sub(1)?;
    if calls_to_act(paras[last].trim()) || thanks_or_greets(paras[last].trim()) {
        return Some(last);
    }
    let slogans = paras[..end]
        .iter()
        .rev()
        .take_while(|p| is_slogan(p))
        .count();
    // One short exclamation alone (`向各位来宾表示欢迎！`) may be the speech's own last
    // words; two, two in one paragraph, or a `…万岁！` are cheers.
    let cheers = slogans >= 2
        || slogans == 1 && {
            let t = paras[last].trim();
            t.ends_with("万岁！") || t.matches(['！', '!']).count() >= 2
        };
    if cheers {
        return end.checked_sub(slogans + 1);
    }
    None
}

/// Good wishes near the end (`我祝愿：`, `最后，祝大家…`) open the closing: among the last
/// three paragraphs, or the last 300 characters (wishes set out as short lines).
fn wish_start(paras: &[String]) -> Option<usize> {
    const WISHES: [&str; 7] = [
        "我祝愿",
        "祝愿大家",
        "衷心祝愿",
        "最后，祝",
        "最后祝",
        "最后，我祝",
        "祝大家",
    ];
    let mut after = 0;
    for (k, p) in paras.iter().enumerate().rev() {
        after += p.chars().count();
        if k + 3 < paras.len() && after > 300 {
            return None;
        }
        let t = p.trim_start();
        if WISHES.iter().any(|w| t.starts_with(w)) {
            return Some(k);
        }
    }
    None
}

/// The audience addressed again at a paragraph's start: `同志们，…`, `各位代表！我们…`,
/// `同学们、老师们！`. Thanks alone are not: they follow a closing.
fn readdresses(t: &str) -> bool {
    !is_thanks(t) && starts_closing_paragraph(t)
}

/// A line that ends the talk: `我的话完了。`, `我就讲这些。`.
fn is_sign_off(t: &str) -> bool {
    let t = t.trim();
    t.chars().count() <= 12
        && [
            "我的话完了",
            "我就讲这些",
            "我就讲到这里",
            "就讲这些",
            "我的讲话完了",
        ]
        .iter()
        .any(|w| t.starts_with(w))
}

/// A closing slogan: a short paragraph of exclamations only (`中华人民共和国万岁！`,
/// `我们要在…方面，力争上游！`, `中华民族伟大复兴势不可挡！…必将胜利！`).
fn is_slogan(t: &str) -> bool {
    let t = t.trim();
    t.chars().count() <= 40
        && t.ends_with(['！', '!'])
        && !t.contains(['。', '？', '：', '；'])
        && !is_thanks(t)
        && !readdresses(t)
}

/// A last paragraph that calls the audience to act, is sure of the future, or turns to the
/// meeting's task: words a body's point rarely ends on.
fn calls_to_act(p: &str) -> bool {
    if p.contains("让我们") && p.ends_with(['！', '。', '!']) {
        return true;
    }
    // `…为完成和超额完成…计划而奋斗！`, `…而不懈努力。`
    let stem = p.trim_end_matches(['！', '。', '!']);
    if stem.len() < p.len() {
        // The last eight characters.
        let tail = &stem[stem.char_indices().rev().nth(7).map_or(0, |(i, _)| i)..];
        if let Some(k) = tail.rfind('而')
            && ["奋斗", "努力", "奋进", "拼搏"]
                .iter()
                .any(|w| tail[k..].ends_with(w))
        {
            return true;
        }
    }
    // `我们深信，只要…就一定能…`: sure of what the work will bring.
    if ["我们深信", "我们坚信", "我们相信", "相信每个人", "相信大家"]
        .iter()
        .any(|w| p.contains(w))
        && p.contains("一定")
    {
        return true;
    }
    // The meeting's task: `这次会议赋予我们的任务很重…`, `今天的会议，标志着…`.
    [
        "这次会议",
        "今天的会议",
        "本次会议",
        "这次大会",
        "今天的大会",
    ]
    .iter()
    .any(|w| p.starts_with(w))
}

/// A last paragraph that thanks the audience or sends greetings: `…谢谢大家给了我这么大的
/// 信任。`, `在此，我谨代表…向全体员工致以新春的祝福！`, `…再次感谢…，恭祝大家…`.
fn thanks_or_greets(p: &str) -> bool {
    ["谢谢大家", "谢谢各位", "恭祝", "祝大家", "祝各位"]
        .iter()
        .any(|w| p.contains(w))
        || p.contains("致以") && ["祝福", "问候", "敬意", "谢意"].iter().any(|w| p.contains(w))
        // Thanks on someone's behalf: `我谨代表…再次感谢…`.
        || p.contains("代表") && p.contains("感谢")
}

/// Thanks to those present or who did the work, ending a paragraph that leads into the
/// closing: `在此，我们谨代表学院向全体教职员工，致以崇高的敬意和诚挚的谢意！`,
/// `回顾过往，满怀感激。感谢全校师生员工…`.
fn thanks_those_present(p: &str) -> bool {
    let p = p.trim();
    let head: String = p.chars().take(12).collect();
    (p.contains("致以") && ["谢意", "敬意", "感谢"].iter().any(|w| p.contains(w)))
        || head.contains("感激")
        || head.starts_with("感谢")
}

/// A sum-up among the last three paragraphs: it opens the closing.
fn sum_up_start(paras: &[String]) -> Option<usize> {
    const SUM_UPS: [&str; 9] = [
        "总之，",
        "总而言之",
        "综上所述",
        "今天我所讲的",
        "今天我讲的",
        "我今天讲的",
        "今天讲的",
        "今天就讲",
        "以上",
    ];
    let from = paras.len().saturating_sub(3);
    paras.iter().enumerate().skip(from).find_map(|(k, p)| {
        let t = p.trim_start();
        let opener = SUM_UPS.iter().find(|w| t.starts_with(**w))?;
        // `以上` sums up only what was said: `以上四点意见`, `以上几点`, `以上是我讲的`.
        let said = *opener != "以上" || {
            let head: String = t.chars().take(8).collect();
            ["意见", "几点", "点", "讲的", "所讲", "是我", "几个方面"]
                .iter()
                .any(|w| head.contains(w))
        };
        said.then_some(k)
    })
}

/// Words a line of back matter starts with: what follows a speech, never part of it.
const BACK_MATTER: [&str; 7] = ["附件", "附表", "附录", "附：", "附:", "名词解释", "注释"];

/// Whether a paragraph opens the back matter: one of [`BACK_MATTER`] alone, numbered (`附件2`)
/// or with a short name after it (`附件1：参会人员名单`, `名词解释：`) — a label, not a
/// sentence.
pub(in crate::import) fn opens_back_matter(p: &str) -> bool {
    // A label set out with spaces (`注　　释`) reads as written close.
    let squeezed: String;
    let p = if p.trim().chars().count() <= 12 {
        squeezed = unspaced(p);
        squeezed.as_str()
    } else {
        p.trim()
    };
    let Some(rest) = BACK_MATTER.iter().find_map(|w| p.strip_prefix(w)) else {
        return false;
    };
    let rest = rest
        .trim_start_matches(|c: char| c.is_ascii_digit() || is_numeral(c) || c == '－' || c == '-');
    let rest = rest.trim_start_matches([':', '：', ' ', '\u{3000}']);
    // `注释　　〔1〕见……`: the label and the first note on one line.
    if note_mark(rest).is_some() {
        return true;
    }
    // `附件管理要规范。` is a sentence about attachments.
    rest.chars().count() <= 40
        && !rest.ends_with(['。', '！', '？', '；', '，'])
        && !rest.starts_with(['的', '和', '及', '是', '要', '在'])
}

/// Cuts the back matter (附件, 名词解释…) off the end of the paragraphs: from the first label
/// that opens it, once the speech has said something. It is kept as written — its own numbers
/// are the author's, never the body's.
fn split_back_matter(paragraphs: &mut Vec<String>) -> Vec<String> {
    let mut spoken = false;
    for (i, p) in paragraphs.iter().enumerate() {
        if spoken && i >= 3 && (opens_back_matter(p) || is_distribution(p)) {
            return paragraphs.split_off(with_rule_above(paragraphs, i));
        }
        spoken |= p.trim_end().ends_with(['。', '！', '？', '”']);
    }
    // An editor's note on the source at the very end (`（这是邓小平同志在……上的讲话。）`,
    // `出处：……`), after the notes or alone.
    let sources = paragraphs
        .iter()
        .rev()
        .take(2)
        .take_while(|p| is_source_note(p))
        .count();
    // Notes without a label: the last lines each open with a note mark (`[1]`, `〔2〕`) the
    // speech's text carries, under a rule or not.
    let notes = paragraphs
        .iter()
        .rev()
        .skip(sources)
        .take_while(|p| note_mark(p).is_some())
        .count();
    let start = paragraphs.len() - sources - notes;
    if notes == 0 && sources > 0 && start >= 3 {
        return paragraphs.split_off(start);
    }
    if notes > 0 && start >= 3 {
        // The marks the text cites, in one pass (a search per note costs notes × text).
        let mut marks: std::collections::HashSet<&str> = Default::default();
        for p in &paragraphs[..start] {
            for (at, _) in p.match_indices(['[', '［', '〔']) {
                if let Some(m) = note_mark(&p[at..]).or_else(|| cited_mark(&p[at..])) {
                    marks.insert(m);
                }
            }
        }
        let cited = paragraphs[start..paragraphs.len() - sources]
            .iter()
            .filter_map(|p| note_mark(p))
            .all(|m| marks.contains(m));
        if cited {
            return paragraphs.split_off(with_rule_above(paragraphs, start));
        }
    }
    Vec::new()
}

/// An editor's note on where the text comes from: `（这是……的讲话。）`, `（原载……）`,
/// `出处：……`, short and set apart.
fn is_source_note(p: &str) -> bool {
    let t = p.trim().trim_start_matches('?').trim_start();
    if t.len() > 600 {
        return false;
    }
    let bracketed = ["（这是", "（本文", "（原载", "（选自", "（摘自", "（根据"]
        .iter()
        .any(|w| t.starts_with(w))
        && (t.ends_with(['）', ')'])
            // A bracket misplaced in the source (`…邓小）平同志的…`): still the note on the
            // speech it names.
            || t.contains(['）', ')']) && t.chars().take(60).collect::<String>().contains("的讲话"));
    bracketed || t.starts_with("出处：") || t.starts_with("出处:")
}

/// A document's distribution lines at its end (版记): `发：各区、县（市）党委…`, `抄送：…`,
/// `中共绍兴市委办公室 2019 年5 月27 日印发`.
fn is_distribution(p: &str) -> bool {
    if p.len() > 480 {
        return false;
    }
    let t = unspaced(p);
    let n = t.chars().count();
    let listed = ["发：", "抄送：", "抄报：", "报送：", "分送：", "主送："]
        .iter()
        .any(|w| t.starts_with(w));
    let issued = t.ends_with("印发") && t.contains('年') && t.contains('月') && n <= 40;
    n <= 120 && (listed || issued)
}

/// Where the back matter starting at `at` (past the first line) starts with a rule drawn
/// above it (`------`), which belongs to it.
fn with_rule_above(paragraphs: &[String], at: usize) -> usize {
    if is_rule(&paragraphs[at - 1]) {
        at - 1
    } else {
        at
    }
}

/// A line drawn across the page: dashes, rules or stars alone, three or more.
fn is_rule(p: &str) -> bool {
    let t = p.trim();
    t.chars().count() >= 3
        && t.chars()
            .all(|c| matches!(c, '-' | '—' | '─' | '_' | '*' | '='))
}

/// The note mark a note line opens with (`[1]`, `［1］`, `〔1〕`), when it has words after it.
fn note_mark(p: &str) -> Option<&str> {
    note_mark_with(p, 2)
}

/// A note mark where the text cites it (`…改革[1]。`): no words need follow.
fn cited_mark(p: &str) -> Option<&str> {
    note_mark_with(p, 0)
}

fn note_mark_with(p: &str, words_after: usize) -> Option<&str> {
    let t = p.trim_start();
    let close = match t.chars().next()? {
        '[' => ']',
        '［' => '］',
        '〔' => '〕',
        _ => return None,
    };
    // One to three digits, then the closing bracket: a look at a few characters, never a
    // search through the rest of a long line.
    let open_len = t.chars().next()?.len_utf8();
    let digits = t[open_len..]
        .bytes()
        .take(4)
        .take_while(u8::is_ascii_digit)
        .count();
    let end = open_len + digits;
    if !(1..=3).contains(&digits) || !t[end..].starts_with(close) {
        return None;
    }
    let after = end + close.len_utf8();
    let words = t[after..].trim_start().chars().take(words_after).count() >= words_after;
    words.then_some(&t[..after])
}

/// Reads the head of the speech off `paras`: the title block (title, subtitle, date, speaker)
/// and the salutation, set on `speech`. Returns the opening text that followed the salutation
/// on its line, and the lines read while looking for a salutation that turn out to be body text
/// (when there is none).
fn read_head(
    paras: &mut std::vec::IntoIter<String>,
    speech: &mut Speech,
    report: &mut Report,
) -> (Vec<String>, Vec<String>) {
    // Title block: lines before the salutation (the salutation may be glued to the title).
    let mut head: Vec<String> = Vec::new();
    let mut opening: Vec<String> = Vec::new();
    for p in paras.by_ref() {
        let cs: Vec<char> = p.chars().collect();
        if let Some((at, len)) = find_salutation(&cs) {
            let before: String = cs[..at].iter().collect();
            if !before.trim().is_empty() {
                head.push(before.trim().to_owned());
            }
            // `各位代表！` keeps its exclamation mark; a colon is the layout's.
            let keep = usize::from(matches!(cs[at + len - 1], '！' | '!'));
            let mut sal: String = cs[at..at + len - 1 + keep].iter().collect();
            // A salutation over several lines: `亲爱的同学们，` / `各位老师、各位来宾：`, or the
            // five lines of a national address.
            while at == 0
                && sal.matches('\n').count() < 6
                && let Some(prev) = head.last()
                && is_audience_line(prev)
            {
                sal = format!("{}\n{sal}", head.pop().unwrap_or_default());
            }
            report.detected.push(Detected::Salutation {
                text: sal.clone(),
                half_width_colon: cs[at + len - 1] == ':',
            });
            speech.salutation = sal;
            let after: String = cs[at + len..].iter().collect();
            if !after.trim().is_empty() {
                opening.push(after.trim().to_owned());
            }
            break;
        }
        // Title, subtitle, date, speaker, a credit, record fields, the first line of a
        // two-line salutation: short lines that end no sentence. A long line or a sentence is
        // the speech itself.
        let body = p.chars().count() > 60 || p.ends_with(['。', '！', '？', '!', '?', '；']);
        head.push(p);
        if head.len() > 10 || body && head.len() > 1 {
            break;
        }
    }
    // Lines read while looking for a salutation that turn out to be body text: they go
    // through structure detection like every other body line.
    let mut body_start: Vec<String> = Vec::new();
    if speech.salutation.is_empty() {
        // No salutation: the first line is the title, the rest is body — unless the first line
        // is a sentence of the speech (long, or ending in a full stop): then there is no title.
        let mut lines = std::mem::take(&mut head).into_iter();
        if let Some(t) = lines.next() {
            let sentence =
                t.chars().count() > 60 || t.ends_with(['。', '！', '？', '!', '?', '；']);
            if sentence {
                body_start.push(t);
            } else {
                head.push(t);
                // The title's own block under it: a `——…` subtitle and a date line, each
                // once, before any other line.
                let (mut subtitle, mut date) = (false, false);
                while let Some(l) = lines.as_slice().first() {
                    let dash = !subtitle
                        && (l.starts_with("——") || l.starts_with("--"))
                        && l.chars().count() <= 60
                        && !l.ends_with(['。', '！', '？', '!', '?', '；']);
                    let dated = !date && is_date_line(l);
                    if !(dash || dated) {
                        break;
                    }
                    subtitle |= dash;
                    date |= dated;
                    head.extend(lines.next());
                }
            }
        }
        body_start.extend(lines);
        speech.salutation = String::new();
        report.detected.push(Detected::NoSalutation);
    }
    title_block(speech, head, report);
    (opening, body_start)
}

/// The top level of a speech's headings.
#[derive(Clone, Copy)]
struct Top {
    /// The heading level that is the top: 1 for `一、`, 2 for `（一）`, 3 for `1．`.
    level: usize,
    /// Sections are marked only by a numeral alone on a line (`一` … `五`).
    bare: bool,
    /// Sections are headed as books set them: a numeral, a space, the heading (`一　形势和任务`).
    spaced: bool,
}

/// Finds the top level of the body's headings; a top level not written `一、` is listed.
fn top_level(body: &[String], report: &mut Report) -> Top {
    // The top level is `一、`, or `（一）` where the speech has no `一、` but two or more short
    // `（一）` lines of their own (a report's parts).
    let standalone = |level: usize| {
        body.iter()
            .filter(|p| {
                heading_marker_start(p).is_some_and(|(l, _, _)| l == level)
                    && p.chars().count() <= 40
                    && !p.contains(is_sentence_end)
            })
            .count()
    };
    let any_level = |level: usize| {
        body.iter()
            .any(|p| heading_marker_start(p).is_some_and(|(l, _, _)| l == level))
    };
    let any_level_one = any_level(1);
    // Sections marked only by a numeral alone on a line (`一` … `五`), counting from 一.
    let bare: Vec<u64> = body.iter().filter_map(|p| bare_numeral(p.trim())).collect();
    let bare_top = !any_level_one && bare.len() >= 2 && bare.first() == Some(&1);
    if bare_top {
        report.renumbered.push(Renumbered::BareNumeralHeadings);
    }
    // Or headed `一　形势和任务` (a numeral, a space, a short heading line), two or more, from
    // 一 on in order: as the selected works of the 1940s–80s are set. A group, decided as one:
    // a single `一　…` line is a sentence's business.
    let spaced: Vec<u64> = body
        .iter()
        .filter_map(|p| spaced_numeral(p).map(|(n, _, _)| n))
        .collect();
    let spaced_top = !any_level_one
        && !bare_top
        && spaced.len() >= 2
        && spaced.iter().zip(1..).all(|(n, k)| *n == k);
    if spaced_top {
        report.renumbered.push(Renumbered::SpacedNumeralHeadings);
    }
    // Or `1．` where the speech has neither `一、` nor `（一）`: three or more, numbered from 1
    // on in order (a summary's points; a list inside a section counts alongside a heading).
    let arabic: Vec<u64> = body
        .iter()
        .filter_map(|p| {
            heading_marker_start(p)
                .filter(|(l, _, _)| *l == 3)
                .map(|(_, n, _)| n)
        })
        .collect();
    let arabic_top = !any_level_one
        && !bare_top
        && !spaced_top
        && !any_level(2)
        && arabic.len() >= 3
        && arabic.iter().zip(1..).all(|(n, k)| *n == k);
    let level = if !any_level_one && !bare_top && !spaced_top && standalone(2) >= 2 {
        report.renumbered.push(Renumbered::BracketedTopHeadings);
        2
    } else if arabic_top {
        report.renumbered.push(Renumbered::ArabicTopHeadings);
        3
    } else {
        1
    };
    Top {
        level,
        bare: bare_top,
        spaced: spaced_top,
    }
}

/// The marker's length when `p` opens the next top-level part in another style: `第三，`
/// after `一、` and `二、` numbered in order, with no `第一，` list in the part it follows.
fn ordinal_next_heading(p: &str, parts: &[Part], top: Top) -> Option<usize> {
    if top.level != 1 || top.bare || top.spaced || parts.len() < 2 || !p.starts_with('第') {
        return None;
    }
    let (style, number, len) = run_in_marker_start(p)?;
    if style != Numbering::Di || number != parts.len() as u64 + 1 {
        return None;
    }
    // Only now, for the rare candidate, look back over the part it would follow.
    let in_order = parts
        .iter()
        .enumerate()
        .all(|(k, q)| q.number == k as u64 + 1);
    let own_list = parts.last()?.rest.iter().any(|q| {
        q.starts_with('第') && run_in_marker_start(q).is_some_and(|(s, n, _)| s == style && n == 1)
    });
    (in_order && !own_list).then_some(len)
}

/// Splits the body into the opening (appended to `opening`), the top-level parts and the
/// closing. Run-in items at the top level, before any heading, make one implicit part
/// (number 0).
fn partition(
    body: Vec<String>,
    top: Top,
    opening: &mut Vec<String>,
    report: &mut Report,
) -> (Vec<Part>, Vec<String>) {
    let mut parts: Vec<Part> = Vec::new();
    let mut closing: Vec<String> = Vec::new();
    let mut top_run_in: Option<Numbering> = None;
    // Run-in styles with a second item somewhere: a lone `首先，` is a sentence, not a list.
    let second_items: Vec<Numbering> = body
        .iter()
        .filter_map(|p| match run_in_marker_start(p) {
            Some((style, 2, _)) => Some(style),
            _ => None,
        })
        .collect();
    for p in body {
        let heading = heading_marker_start(&p);
        let top_heading = heading.is_some_and(|(l, _, _)| l == top.level)
            || (top.bare && bare_numeral(p.trim()).is_some())
            || (top.spaced && spaced_numeral(&p).is_some());
        let body_heading = top_heading || heading.is_some_and(|(l, _, _)| l >= top.level);
        if body_heading
            && !closing.is_empty()
            && let Some(part) = parts.last_mut()
        {
            // A heading of the body's levels after `同志们！…` (a next section, or a `（一）`
            // within this one): that was a re-address inside the speech, not its closing.
            part.rest.append(&mut closing);
        }
        if !closing.is_empty()
            && readdresses(&p)
            && let Some(part) = parts.last_mut()
        {
            // The audience addressed once more: a long report re-addresses it before each of
            // its last points (`各位代表！`); the closing is the last such turn.
            part.rest.append(&mut closing);
        }
        if !closing.is_empty()
            || (!parts.is_empty() || !opening.is_empty()) && starts_closing_paragraph(&p)
        {
            if parts.is_empty() && closing.is_empty() && top_run_in.is_none() {
                // 同志们，… inside the opening is still opening text.
                opening.push(p);
                continue;
            }
            closing.push(p);
            continue;
        }
        if top.bare
            && let Some(number) = bare_numeral(p.trim())
        {
            parts.push(Part {
                number,
                marker: p.trim().to_owned(),
                first: String::new(),
                rest: Vec::new(),
            });
            continue;
        }
        // A heading of the top level: its number and its marker's length in characters.
        let top_marker = if top.spaced {
            spaced_numeral(&p).map(|(number, _, len)| (number, len))
        } else {
            heading
                .filter(|(level, _, _)| *level == top.level)
                .map(|(_, number, len)| (number, len))
        };
        if let Some((number, len)) = top_marker {
            let at = char_offset(&p, len);
            parts.push(Part {
                number,
                marker: p[..at].to_owned(),
                first: p[at..].to_owned(),
                rest: Vec::new(),
            });
            continue;
        }
        if let Some(len) = ordinal_next_heading(&p, &parts, top) {
            // `第三，…` after `一、` `二、`: the author's third point, written another way.
            let at = char_offset(&p, len);
            report.renumbered.push(Renumbered::OrdinalTopHeading {
                marker: p[..at].to_owned(),
            });
            parts.push(Part {
                number: parts.len() as u64 + 1,
                marker: p[..at].to_owned(),
                first: p[at..].to_owned(),
                rest: Vec::new(),
            });
            continue;
        }
        if parts.is_empty()
            && top_run_in.is_none()
            && let Some((style, 1, _)) = run_in_marker_start(&p)
            && second_items.contains(&style)
        {
            top_run_in = Some(style);
        }
        match parts.last_mut() {
            Some(part) => part.rest.push(p),
            None if top_run_in.is_some() => {
                // Run-in items at the top level: keep them as the body of one implicit part.
                parts.push(Part {
                    number: 0,
                    marker: String::new(),
                    first: String::new(),
                    rest: vec![p],
                });
            }
            None => opening.push(p),
        }
    }
    (parts, closing)
}

/// A body with no headings and no run-in items: parallel lead sentences opening paragraphs
/// may be its sections, or else short heading lines without a number. Takes them out of
/// `opening`; returns (lead sections, plain sections), at most one of them not empty.
fn unnumbered_sections(
    speech: &mut Speech,
    opening: &mut Vec<String>,
    bold: &[String],
    report: &mut Report,
) -> (Vec<Section>, Vec<Section>) {
    // No headings and no run-in items: parallel lead sentences opening paragraphs may be the
    // speech's sections.
    let mut leads: Vec<Section> = Vec::new();
    if let Some(starts) = lead_paragraphs(opening, bold) {
        let mut rest = opening.split_off(starts[0]).into_iter().enumerate();
        let first = starts[0];
        for (k, p) in rest.by_ref() {
            let at = k + first;
            // `starts` is sorted: a binary search keeps this pass linear-logarithmic.
            if starts.binary_search(&at).is_ok() {
                let cs: Vec<char> = p.chars().collect();
                let end = cs
                    .iter()
                    .position(|c| *c == '。')
                    .map_or(cs.len(), |e| e + 1);
                let mut sec = speech.new_section(cs[..end].iter().collect());
                if end < cs.len() {
                    append_text(speech, &mut sec, cs[end..].iter().collect());
                }
                leads.push(sec);
            } else if let Some(last) = leads.last_mut() {
                append_text(speech, last, p);
            }
        }
        report
            .detected
            .push(Detected::LeadParagraphs { count: leads.len() });
    }
    // Nor lead sentences: short heading lines without a number may be.
    let mut plain: Vec<Section> = Vec::new();
    if leads.is_empty()
        && let Some(starts) = plain_headings(opening)
    {
        let rest = opening.split_off(starts[0]);
        for (k, p) in rest.into_iter().enumerate() {
            if starts.binary_search(&(k + starts[0])).is_ok() {
                plain.push(speech.new_section(p));
            } else if let Some(last) = plain.last_mut() {
                append_text(speech, last, p);
            }
        }
        report
            .detected
            .push(Detected::PlainHeadings { count: plain.len() });
    }
    (leads, plain)
}

/// The value of a paragraph that is nothing but a Chinese numeral (`一`, `十二`).
pub(in crate::import) fn bare_numeral(p: &str) -> Option<u64> {
    let n = p.chars().count();
    ((1..=3).contains(&n) && p.chars().all(is_numeral))
        .then(|| numeral_value(p))
        .flatten()
}

/// A heading line as books set it: a numeral of one to three characters, a space (ideographic
/// or not), then a heading of 2 to 40 characters that ends no sentence (`一　解放思想是当前的一个
/// 重大政治问题`, `一　三三制政权的实质是民主`; or `1 找人是管理的第一个切入点`, as posts set
/// them): its number, the numeral's length in characters, and that length with its spaces. A
/// long paragraph is not read.
pub(in crate::import) fn spaced_numeral(p: &str) -> Option<(u64, usize, usize)> {
    const LONGEST: usize = 3 + 4 + 40;
    if p.len() > LONGEST * 4 {
        return None;
    }
    let cs: Vec<char> = p.chars().collect();
    let n = cs.iter().take_while(|c| is_numeral(**c)).count();
    // Or Arabic, as posts set them (` 1 找人是管理的第一个切入点`): one or two digits.
    let digits = cs.iter().take_while(|c| c.is_ascii_digit()).count();
    let arabic = n == 0 && (1..=2).contains(&digits);
    let n = if arabic { digits } else { n };
    if !(1..=3).contains(&n) {
        return None;
    }
    let spaces = cs[n..]
        .iter()
        .take_while(|c| matches!(c, ' ' | '\u{3000}'))
        .count();
    let heading = cs[n + spaces..].iter().collect::<String>();
    let len = heading.trim_end().chars().count();
    let ok = (1..=4).contains(&spaces)
        && (2..=40).contains(&len)
        && !heading.contains(is_sentence_end)
        && !heading.contains(['；', ';'])
        // A colon introduces a list or a quotation, unless the line is a short heading whose
        // words go on after it (`未来：全面升级`).
        && (!heading.contains(['：', ':'])
            || len <= 20 && !heading.trim_end().ends_with(['：', ':']))
        // `1 000元` is a number, `3 km` a measure: an Arabic-numbered heading says something
        // in Chinese.
        && (!arabic
            || heading.chars().next().is_some_and(|c| !c.is_ascii())
                && heading.chars().any(crate::text::chars::is_han));
    let value = if arabic {
        cs[..n].iter().collect::<String>().parse().ok()
    } else {
        marker::numeral_value(&cs[..n])
    };
    ok.then_some(value).flatten().map(|v| (v, n, n + spaces))
}

/// Paragraphs opening with parallel lead sentences: a short first sentence (6 to 40
/// characters, ending in `。`) whose first four characters it shares with at least two other
/// such paragraphs (`要始终坚守…。` ×5, `2019年，是南开…。` ×7), or that the author set in bold
/// (two or more). Every such group counts; their paragraphs, in order, or `None` when there
/// are fewer than three.
pub(in crate::import) fn lead_paragraphs(
    paragraphs: &[String],
    bold: &[String],
) -> Option<Vec<usize>> {
    let first_sentence = |p: &str| -> Option<String> {
        let cs: Vec<char> = p.chars().collect();
        let end = cs.iter().position(|c| *c == '。')?;
        (6..=40)
            .contains(&(end + 1))
            .then(|| cs[..=end].iter().collect())
    };
    let mut groups: std::collections::HashMap<String, Vec<(usize, Vec<char>)>> = Default::default();
    for (i, p) in paragraphs.iter().enumerate() {
        if kept_as_written(p) {
            continue;
        }
        if let Some(s) = first_sentence(p) {
            let key: String = s.chars().take(4).collect();
            groups
                .entry(key)
                .or_default()
                .push((i, s.chars().collect()));
        }
    }
    // Parallel, not merely about one subject: the sentences share more than four opening
    // characters (`南开大学的100年，是…`) or an ending (`…的一年。`). Paragraphs that each open
    // with `陈毅同志…` in a memorial speech are its prose.
    let parallel = |g: &[(usize, Vec<char>)]| {
        let shared = |f: &dyn Fn(&Vec<char>, usize) -> Option<char>| {
            (0..)
                .take_while(|&k| {
                    let c = f(&g[0].1, k);
                    c.is_some() && g.iter().all(|(_, s)| f(s, k) == c)
                })
                .count()
        };
        let prefix = shared(&|s, k| s.get(k).copied());
        // Before the full stop.
        let suffix = shared(&|s, k| s.iter().rev().nth(k + 1).copied());
        prefix >= 5 || suffix >= 2
    };
    let mut starts: Vec<usize> = groups
        .into_values()
        .filter(|g| g.len() >= 3 && parallel(g))
        .flatten()
        .map(|(i, _)| i)
        .collect();
    // Sentences the author set in bold at the start of their paragraphs, when there are several.
    let bold: std::collections::HashSet<&str> = bold.iter().map(String::as_str).collect();
    let bolded: Vec<usize> = paragraphs
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            !kept_as_written(p) && first_sentence(p).is_some_and(|s| bold.contains(s.as_str()))
        })
        .map(|(i, _)| i)
        .collect();
    if bolded.len() >= 2 {
        starts.extend(bolded);
    }
    starts.sort_unstable();
    starts.dedup();
    // Sections carry the speech: parallel sentences in a paragraph run near its end (`我们必须…`
    // as a summing-up) are the author's rhetoric, not its structure.
    let size = |ps: &[String]| ps.iter().map(|p| p.chars().count()).sum::<usize>();
    let before = starts.first().map_or(0, |&k| size(&paragraphs[..k]));
    (starts.len() >= 3 && before * 2 <= size(paragraphs)).then_some(starts)
}

/// Where a speech without numbers has heading lines: two or more short lines without
/// punctuation that ends or splits a sentence, each between a paragraph that ends a sentence
/// and a longer paragraph. A line that continues a sentence (the one before does not end) is
/// link text or a broken line, not a heading.
pub(in crate::import) fn plain_headings(paragraphs: &[String]) -> Option<Vec<usize>> {
    let ends_sentence = |p: &str| {
        p.trim_end()
            .ends_with(['。', '！', '？', '!', '?', '…', '”', '）', '」', '』'])
    };
    let heading_like = |p: &str| {
        let n = p.chars().count();
        (4..=30).contains(&n)
            && p.chars().filter(|c| crate::text::chars::is_han(*c)).count() * 2 > n
            && !p.contains(|c: char| "。！？；：，,.!?;:()（）[]【】".contains(c))
            // No space but one set before a dash (`“百年梦” ——以百年精神引领`): a spaced
            // name or a signature is no heading.
            && (!p.contains(char::is_whitespace)
                || p.contains(" —") && p.chars().filter(|c| c.is_whitespace()).count() <= 2)
            && !is_date_line(p)
    };
    let starts: Vec<usize> = (1..paragraphs.len().saturating_sub(1))
        .filter(|&i| {
            let (before, line, after) = (&paragraphs[i - 1], &paragraphs[i], &paragraphs[i + 1]);
            heading_like(line)
                && !kept_as_written(line)
                && ends_sentence(before)
                && after.chars().count() >= (2 * line.chars().count()).max(40)
                && !after.starts_with(|c: char| "》」』”，。、；：".contains(c))
        })
        .collect();
    (starts.len() >= 2).then_some(starts)
}

/// Paragraphs with fresh ids for texts.
pub(in crate::import) fn new_paragraphs(speech: &mut Speech, texts: Vec<String>) -> Vec<Paragraph> {
    texts.into_iter().map(|t| speech.new_paragraph(t)).collect()
}
