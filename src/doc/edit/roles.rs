//! What a text is — a heading at some level, a body paragraph, the opening, the closing, the
//! back matter — changed in one step: the fix for a structure an import guessed wrong.
//!
//! The speech is read as one list in reading order, each entry a heading (with its level) or a
//! paragraph (with its part); one entry changes; the list is read back into a speech. The parts
//! keep their order (opening, body, closing, back matter): paragraphs between the text and the
//! part it moves to move with it — never a heading, which stays the author's structure until
//! the user changes it. Words are never lost: a heading that becomes a paragraph keeps the
//! number it was shown with as text (`一、`, `一是`), and a run-in item's first paragraph joins
//! it, as the page showed them on one line.

use crate::doc::edit::{EditError, Effect};
use crate::doc::marker;
use crate::doc::model::{
    MAX_DEPTH, Numbering, ParaId, Paragraph, Section, Speech, TextPos, TextRef,
};
use crate::doc::numbering;

/// What a text can be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextRole {
    /// A heading at this level (1 = top).
    Heading(usize),
    /// A paragraph of the section before it.
    Body,
    Opening,
    Closing,
    /// Back matter after the speech (附件…).
    Appendix,
}

impl TextRole {
    /// The menu's words for making a text this.
    pub fn label(self) -> String {
        match self {
            TextRole::Heading(level) => {
                format!("设为{}级标题", numbering::chinese_numeral(level as u64))
            }
            TextRole::Body => "设为正文".into(),
            TextRole::Opening => "设为开头".into(),
            TextRole::Closing => "设为结尾".into(),
            TextRole::Appendix => "设为附件".into(),
        }
    }
}

/// The parts of a speech in reading order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Opening,
    Body,
    Closing,
    Appendix,
}

/// One entry of the reading-order list: a heading or a paragraph.
#[derive(Clone, Debug)]
enum Entry {
    Heading {
        depth: usize,
        /// The section without its paragraphs and children.
        section: Section,
        /// The number it is shown with (`一、`, `一是`, or empty).
        label: String,
        /// Whether its group runs in (its first paragraph shares its line).
        run_in: bool,
    },
    Para(Part, Paragraph),
}

/// What the checks read of an entry: a heading's level, or a paragraph's part, and the text
/// it is. No words: the menus ask this at every frame they are open.
#[derive(Clone, Copy, Debug)]
struct Slot {
    heading: Option<usize>,
    part: Part,
    target: TextRef,
}

/// One place of the reading order, as [`visit`] meets it.
enum Visit<'a> {
    Heading {
        depth: usize,
        section: &'a Section,
        /// The group's numbering, the section's place in it and its size (for its label).
        style: Numbering,
        index: usize,
        count: usize,
    },
    Para(Part, &'a Paragraph),
}

/// Walks the speech in reading order: the opening, each heading followed by its paragraphs
/// and its subsections, the closing, the back matter.
fn visit<'a>(speech: &'a Speech, f: &mut dyn FnMut(Visit<'a>)) {
    fn walk<'a>(list: &'a [Section], style: Numbering, depth: usize, f: &mut dyn FnMut(Visit<'a>)) {
        for (index, s) in list.iter().enumerate() {
            f(Visit::Heading {
                depth,
                section: s,
                style,
                index,
                count: list.len(),
            });
            for p in &s.paragraphs {
                f(Visit::Para(Part::Body, p));
            }
            walk(&s.children, s.child_numbering, depth + 1, f);
        }
    }
    for p in &speech.opening {
        f(Visit::Para(Part::Opening, p));
    }
    walk(&speech.sections, speech.numbering, 1, f);
    for p in &speech.closing {
        f(Visit::Para(Part::Closing, p));
    }
    for p in &speech.appendix {
        f(Visit::Para(Part::Appendix, p));
    }
}

fn slots(speech: &Speech) -> Vec<Slot> {
    let mut out = Vec::new();
    visit(speech, &mut |v| {
        out.push(match v {
            Visit::Heading { depth, section, .. } => Slot {
                heading: Some(depth),
                part: Part::Body,
                target: TextRef::Heading(section.id),
            },
            Visit::Para(part, p) => Slot {
                heading: None,
                part,
                target: TextRef::Paragraph(p.id),
            },
        });
    });
    out
}

fn flatten(speech: &Speech) -> Vec<Entry> {
    let mut out = Vec::new();
    visit(speech, &mut |v| {
        out.push(match v {
            Visit::Heading {
                depth,
                section: s,
                style,
                index,
                count,
            } => Entry::Heading {
                depth,
                section: Section {
                    id: s.id,
                    heading: s.heading.clone(),
                    paragraphs: Vec::new(),
                    child_numbering: s.child_numbering,
                    children: Vec::new(),
                },
                label: numbering::label(style, depth - 1, index, count),
                run_in: style.is_run_in(),
            },
            Visit::Para(part, p) => Entry::Para(part, p.clone()),
        });
    });
    out
}

/// Reads the list back into the speech's parts. Body paragraphs before the first heading are
/// the opening's; a heading deeper than one level below the one before it comes up to that.
fn rebuild(speech: &mut Speech, entries: Vec<Entry>) {
    let mut opening = Vec::new();
    let mut closing = Vec::new();
    let mut appendix = Vec::new();
    let mut heads: Vec<(usize, Section)> = Vec::new();
    for e in entries {
        match e {
            Entry::Heading { depth, section, .. } => {
                let above = heads.last().map_or(0, |(d, _)| *d);
                heads.push((depth.min(above + 1).clamp(1, MAX_DEPTH), section));
            }
            Entry::Para(Part::Opening, p) => opening.push(p),
            Entry::Para(Part::Body, p) => match heads.last_mut() {
                Some((_, s)) => s.paragraphs.push(p),
                None => opening.push(p),
            },
            Entry::Para(Part::Closing, p) => closing.push(p),
            Entry::Para(Part::Appendix, p) => appendix.push(p),
        }
    }
    fn take(
        heads: &mut std::iter::Peekable<std::vec::IntoIter<(usize, Section)>>,
        depth: usize,
    ) -> Vec<Section> {
        let mut out = Vec::new();
        while let Some((_, mut s)) = heads.next_if(|(d, _)| *d == depth) {
            s.children = take(heads, depth + 1);
            out.push(s);
        }
        out
    }
    let mut heads = heads.into_iter().peekable();
    speech.sections = take(&mut heads, 1);
    speech.opening = opening;
    speech.closing = closing;
    speech.appendix = appendix;
}

/// The role a text has now.
pub fn role_of(speech: &Speech, target: TextRef) -> Option<TextRole> {
    match target {
        TextRef::Field(_) => None,
        TextRef::Heading(id) => speech.section_depth(id).map(TextRole::Heading),
        TextRef::Paragraph(id) => match speech.locate_paragraph(id)?.0 {
            crate::doc::model::Container::Opening => Some(TextRole::Opening),
            crate::doc::model::Container::Section(_) => Some(TextRole::Body),
            crate::doc::model::Container::Closing => Some(TextRole::Closing),
            crate::doc::model::Container::Appendix => Some(TextRole::Appendix),
        },
    }
}

/// The roles `target` can be given now, in menu order: headings from level 1 to one below the
/// heading before it, then the parts. Its present role and changes that would have to turn
/// another heading into a paragraph are left out.
pub fn roles_for(speech: &Speech, target: TextRef) -> Vec<TextRole> {
    let Some(now) = role_of(speech, target) else {
        return Vec::new();
    };
    let slots = slots(speech);
    let Some(t) = slots.iter().position(|e| e.target == target) else {
        return Vec::new();
    };
    let above = level_above(&slots, t);
    let mut out: Vec<TextRole> = (1..=(above + 1).min(MAX_DEPTH))
        .map(TextRole::Heading)
        .collect();
    out.extend([
        TextRole::Body,
        TextRole::Opening,
        TextRole::Closing,
        TextRole::Appendix,
    ]);
    out.retain(|&r| r != now && plan(&slots, t, r).is_ok_and(|changes| changes));
    out
}

/// The level of the last heading before entry `t` (0: none): a heading there may be at most
/// one level below it.
fn level_above(slots: &[Slot], t: usize) -> usize {
    slots[..t].iter().rev().find_map(|e| e.heading).unwrap_or(0)
}

/// Checks giving entry `t` the role `role`: whether it changes anything, or why it may not.
fn plan(slots: &[Slot], t: usize, role: TextRole) -> Result<bool, EditError> {
    let part = part_of(role);
    let heading_before = slots[..t].iter().any(|e| e.heading.is_some());
    let heading_after = slots[t + 1..].iter().any(|e| e.heading.is_some());
    // Headings are the body's: the opening ends before the first, the closing starts after
    // the last.
    if part < Part::Body && heading_before || part > Part::Body && heading_after {
        return Err(EditError::RoleCrossesHeadings);
    }
    // A body paragraph with no heading before it is the opening: there is nothing to change.
    let now = match slots[t] {
        Slot {
            heading: Some(depth),
            ..
        } => TextRole::Heading(depth),
        Slot {
            part: Part::Body, ..
        } if !heading_before => TextRole::Opening,
        Slot { part, .. } => role_of_part(part),
    };
    let becomes = if role == TextRole::Body && !heading_before {
        TextRole::Opening
    } else {
        role
    };
    Ok(now != becomes)
}

fn part_of(role: TextRole) -> Part {
    match role {
        TextRole::Heading(_) | TextRole::Body => Part::Body,
        TextRole::Opening => Part::Opening,
        TextRole::Closing => Part::Closing,
        TextRole::Appendix => Part::Appendix,
    }
}

fn role_of_part(part: Part) -> TextRole {
    match part {
        Part::Opening => TextRole::Opening,
        Part::Body => TextRole::Body,
        Part::Closing => TextRole::Closing,
        Part::Appendix => TextRole::Appendix,
    }
}

/// Gives `target` the role `role` (see the module's notes). The caret goes to the start of the
/// text in its new place.
pub(super) fn set_role(
    speech: &mut Speech,
    target: TextRef,
    role: TextRole,
) -> Result<Effect, EditError> {
    if let TextRole::Heading(level) = role
        && !(1..=MAX_DEPTH).contains(&level)
    {
        return Err(EditError::TooDeep);
    }
    let slots = slots(speech);
    let t = slots
        .iter()
        .position(|e| e.target == target)
        .ok_or_else(|| super::missing(target))?;
    if let TextRole::Heading(level) = role
        && level > level_above(&slots, t) + 1
    {
        return Err(EditError::TooDeep);
    }
    if !plan(&slots, t, role)? {
        return Ok(Effect::None);
    }
    // The same order as the slots: `t` is the text's entry.
    let mut entries = flatten(speech);
    let part = part_of(role);
    // A run-in item's first paragraph shares its line: made a paragraph, the item keeps it.
    let joins_first = !matches!(role, TextRole::Heading(_))
        && matches!(entries[t], Entry::Heading { run_in: true, .. })
        && matches!(entries.get(t + 1), Some(Entry::Para(Part::Body, _)));
    // The parts keep their order: paragraphs before the text that belong to a later part, and
    // after it to an earlier one, come into the text's part.
    for e in &mut entries[..t] {
        if let Entry::Para(p, _) = e
            && *p > part
        {
            *p = part;
        }
    }
    for e in &mut entries[t + 1..] {
        if let Entry::Para(p, _) = e
            && *p < part
        {
            *p = part;
        }
    }
    let caret = match (entries[t].clone(), role) {
        (
            Entry::Heading {
                depth,
                section,
                label,
                run_in,
            },
            TextRole::Heading(level),
        ) => {
            let id = section.id;
            entries[t] = Entry::Heading {
                depth: level,
                section,
                label,
                run_in,
            };
            // Its subsections go with it, as with 降级 and 升级.
            for e in &mut entries[t + 1..] {
                match e {
                    Entry::Heading { depth: d, .. } if *d > depth => {
                        *d = (*d + level).saturating_sub(depth).max(1);
                    }
                    Entry::Heading { .. } => break,
                    Entry::Para(..) => {}
                }
            }
            TextRef::Heading(id)
        }
        (Entry::Para(_, p), TextRole::Heading(level)) => {
            // A typed `一、` or `（二）` becomes the derived number; `一是` is words read aloud.
            let heading = marker::strip_standalone(p.text.trim()).to_owned();
            let mut section = speech.new_section(heading);
            section.child_numbering = Numbering::Heading;
            let id = section.id;
            entries[t] = Entry::Heading {
                depth: level,
                section,
                label: String::new(),
                run_in: false,
            };
            TextRef::Heading(id)
        }
        (Entry::Heading { section, label, .. }, _) => {
            let mut text = format!("{label}{}", section.heading);
            if joins_first && let Entry::Para(_, first) = entries.remove(t + 1) {
                text.push_str(&first.text);
            }
            let p = speech.new_paragraph(text);
            let id = p.id;
            entries[t] = Entry::Para(part, p);
            TextRef::Paragraph(id)
        }
        (Entry::Para(_, p), _) => {
            let id: ParaId = p.id;
            entries[t] = Entry::Para(part, p);
            TextRef::Paragraph(id)
        }
    };
    // Children of a heading that became a paragraph come up under the heading before it.
    rebuild(speech, entries);
    Ok(Effect::Caret(TextPos::new(caret, 0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::edit::{Edit, apply};
    use proptest::prelude::*;

    /// 开头 / 一、甲（段 a1, a2；（一）子 with c1）/ 二、乙（b1）/ 结尾 z1, z2.
    fn sample() -> Speech {
        let mut s = Speech::new();
        s.opening[0].text = "开头。".into();
        let mut a = s.new_section("甲".into());
        for t in ["a1。", "a2。"] {
            let p = s.new_paragraph(t.into());
            a.paragraphs.push(p);
        }
        let mut c = s.new_section("子".into());
        let p = s.new_paragraph("c1。".into());
        c.paragraphs.push(p);
        a.children.push(c);
        let mut b = s.new_section("乙".into());
        let p = s.new_paragraph("b1。".into());
        b.paragraphs.push(p);
        s.sections = vec![a, b];
        for t in ["z1。", "z2。"] {
            let p = s.new_paragraph(t.into());
            s.closing.push(p);
        }
        s
    }

    fn para(s: &Speech, text: &str) -> TextRef {
        let mut found = None;
        s.for_each_text(&mut |t, x| {
            if x == text && found.is_none() {
                found = Some(t);
            }
        });
        found.unwrap_or_else(|| panic!("no {text}"))
    }

    fn set(s: &mut Speech, target: TextRef, role: TextRole) -> Result<Effect, EditError> {
        apply(s, Edit::SetRole { target, role })
    }

    fn page(s: &Speech) -> String {
        crate::export::render(s).replace('\u{3000}', "")
    }

    #[test]
    fn a_paragraph_made_a_heading_takes_the_paragraphs_after_it() {
        let mut s = sample();
        let a2 = para(&s, "a2。");
        let effect = set(&mut s, a2, TextRole::Heading(1)).unwrap();
        assert_eq!(
            page(&s),
            "同志们：\n开头。\n一、甲\na1。\n二、a2。\n（一）子\nc1。\n三、乙\nb1。\nz1。\nz2。\n"
        );
        let Effect::Caret(TextPos {
            spot: crate::doc::model::Spot::Text(at),
            offset: 0,
        }) = effect
        else {
            panic!("{effect:?}")
        };
        assert_eq!(s.text(at), Some("a2。"));
    }

    #[test]
    fn a_typed_number_becomes_the_derived_one() {
        let mut s = sample();
        let b1 = para(&s, "b1。");
        s.text_mut(b1).unwrap().replace_range(.., "（二）丙");
        set(&mut s, b1, TextRole::Heading(2)).unwrap();
        assert!(page(&s).contains("二、乙\n（一）丙\n"), "{}", page(&s));
    }

    #[test]
    fn a_heading_made_body_text_keeps_its_number_as_words_and_its_children_come_up() {
        let mut s = sample();
        let a = TextRef::Heading(s.sections[0].id);
        set(&mut s, a, TextRole::Body).unwrap();
        // No heading before it: it and its paragraphs join the opening; 子 comes up.
        assert_eq!(
            page(&s),
            "同志们：\n开头。\n一、甲\na1。\na2。\n一、子\nc1。\n二、乙\nb1。\nz1。\nz2。\n"
        );
        assert_eq!(s.opening.len(), 4);
        assert_eq!(s.sections.len(), 2);
    }

    #[test]
    fn a_heading_given_another_level_takes_its_subsections_along() {
        let mut s = sample();
        // 乙 under 甲: 乙 and b1 become 甲's last subsection, after 子.
        let b = TextRef::Heading(s.sections[1].id);
        set(&mut s, b, TextRole::Heading(2)).unwrap();
        assert_eq!(
            page(&s),
            "同志们：\n开头。\n一、甲\na1。\na2。\n（一）子\nc1。\n（二）乙\nb1。\nz1。\nz2。\n"
        );
        // 甲 under nothing cannot go down; back up, 乙 is top level again and 子 stays 甲's.
        let b = TextRef::Heading(s.sections[0].children[1].id);
        set(&mut s, b, TextRole::Heading(1)).unwrap();
        assert_eq!(s.sections.len(), 2);
        assert_eq!(s.sections[0].children.len(), 1);
        // A heading with a subsection made level 2: the subsection goes to level 3.
        let mut s = sample();
        let p = s.new_paragraph("前。".into());
        let mut first = s.new_section("前节".into());
        first.paragraphs.push(p);
        s.sections.insert(0, first);
        let a = TextRef::Heading(s.sections[1].id);
        set(&mut s, a, TextRole::Heading(2)).unwrap();
        assert_eq!(s.sections.len(), 2);
        assert_eq!(s.sections[0].children[0].heading, "甲");
        assert_eq!(s.sections[0].children[0].children[0].heading, "子");
    }

    #[test]
    fn a_run_in_item_made_a_paragraph_keeps_its_line() {
        let mut s = sample();
        s.sections[0].children[0].heading = "要抓好。".into();
        s.sections[0].child_numbering = Numbering::Shi;
        let before = page(&s);
        assert!(before.contains("一是要抓好。c1。\n"), "{before}");
        let c = TextRef::Heading(s.sections[0].children[0].id);
        set(&mut s, c, TextRole::Body).unwrap();
        assert_eq!(page(&s), before);
        assert!(s.sections[0].children.is_empty());
        assert_eq!(
            s.sections[0].paragraphs.last().unwrap().text,
            "一是要抓好。c1。"
        );
    }

    #[test]
    fn the_last_section_made_the_closing_and_back_matter_split_off() {
        let mut s = sample();
        let b = TextRef::Heading(s.sections[1].id);
        set(&mut s, b, TextRole::Closing).unwrap();
        let closing: Vec<&str> = s.closing.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(closing, ["二、乙", "b1。", "z1。", "z2。"]);
        let z2 = para(&s, "z1。");
        set(&mut s, z2, TextRole::Appendix).unwrap();
        let back: Vec<&str> = s.appendix.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(back, ["z1。", "z2。"]);
        // And back: the closing's paragraph is body text of the last section again.
        let z1 = para(&s, "z1。");
        set(&mut s, z1, TextRole::Closing).unwrap();
        assert_eq!(s.appendix.len(), 1);
    }

    #[test]
    fn a_change_that_would_unmake_other_headings_is_refused_and_changes_nothing() {
        let mut s = sample();
        let before = s.clone();
        let a1 = para(&s, "a1。");
        assert_eq!(
            set(&mut s, a1, TextRole::Closing),
            Err(EditError::RoleCrossesHeadings)
        );
        let b1 = para(&s, "b1。");
        assert_eq!(
            set(&mut s, b1, TextRole::Opening),
            Err(EditError::RoleCrossesHeadings)
        );
        // Two levels below the heading before it.
        assert_eq!(
            set(&mut s, b1, TextRole::Heading(3)),
            Err(EditError::TooDeep)
        );
        assert_eq!(s, before);
        // The menu offers none of them.
        assert_eq!(
            roles_for(&s, a1),
            [TextRole::Heading(1), TextRole::Heading(2)]
        );
    }

    #[test]
    fn the_menu_offers_what_changes_something() {
        let s = sample();
        let z1 = para(&s, "z1。");
        assert_eq!(
            roles_for(&s, z1),
            [
                TextRole::Heading(1),
                TextRole::Heading(2),
                TextRole::Body,
                TextRole::Appendix
            ]
        );
        let opening = para(&s, "开头。");
        // The opening is before every heading: it can only become one, or end the speech
        // (no: headings follow) — a heading at the top level it is.
        assert_eq!(roles_for(&s, opening), [TextRole::Heading(1)]);
        let b = TextRef::Heading(s.sections[1].id);
        // Under 子, the heading before it, it may go two levels down.
        assert_eq!(
            roles_for(&s, b),
            [
                TextRole::Heading(2),
                TextRole::Heading(3),
                TextRole::Body,
                TextRole::Closing,
                TextRole::Appendix
            ]
        );
    }

    /// Every text, in reading order, without derived numbers; `at`'s text as `f` makes it.
    fn words(s: &Speech, at: TextRef, f: &dyn Fn(&str) -> String) -> String {
        let mut out = String::new();
        s.for_each_text(&mut |t, x| {
            if t == at {
                out.push_str(&f(x));
            } else {
                out.push_str(x);
            }
        });
        out
    }

    proptest! {
        /// Whatever role any text is given, the words stay in their order: a heading made a
        /// paragraph adds only the number it was shown with; a refused change changes nothing.
        #[test]
        fn roles_keep_every_word_in_order(picks in prop::collection::vec((0usize..12, 0usize..7), 1..8)) {
            let mut s = sample();
            for (i, r) in picks {
                let mut targets = Vec::new();
                s.for_each_text(&mut |t, _| {
                    if !matches!(t, TextRef::Field(_)) {
                        targets.push(t);
                    }
                });
                let target = targets[i % targets.len()];
                let role = [
                    TextRole::Heading(1),
                    TextRole::Heading(2),
                    TextRole::Heading(3),
                    TextRole::Body,
                    TextRole::Opening,
                    TextRole::Closing,
                    TextRole::Appendix,
                ][r];
                let label = match target {
                    TextRef::Heading(id) => numbering::section_label(&s, id).unwrap(),
                    _ => String::new(),
                };
                let before = s.clone();
                let offered = roles_for(&s, target).contains(&role);
                match set(&mut s, target, role) {
                    Ok(Effect::None) => prop_assert_eq!(&s, &before),
                    Ok(_) => {
                        prop_assert!(offered, "{:?} done but not offered", role);
                        let new = words(&s, target, &|x| x.to_owned());
                        let expected = match (target, role) {
                            // A typed number gives way to the derived one.
                            (TextRef::Paragraph(_), TextRole::Heading(_)) => {
                                words(&before, target, &|x| marker::strip_standalone(x.trim()).to_owned())
                            }
                            (TextRef::Heading(_), TextRole::Heading(_)) => {
                                words(&before, target, &|x| x.to_owned())
                            }
                            _ => words(&before, target, &|x| format!("{label}{x}")),
                        };
                        prop_assert_eq!(new, expected);
                    }
                    Err(_) => {
                        prop_assert!(!offered, "{:?} offered but refused", role);
                        prop_assert_eq!(&s, &before);
                    }
                }
            }
        }
    }
}
