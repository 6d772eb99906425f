//! Unit tests of the import stages.

use super::clean::invisible::*;
use super::report::*;
use super::structure::{head::*, *};
use super::verify::*;
use super::*;
use crate::doc::model::{Numbering, Speech};

fn speech_with(sections: &[(&str, Numbering)], top: Numbering) -> Speech {
    let mut s = Speech::new();
    s.title = "标题".into();
    s.opening.clear();
    s.salutation.clear();
    s.numbering = top;
    for (h, _) in sections {
        let sec = s.new_section((*h).into());
        s.sections.push(sec);
    }
    s
}

/// Every paragraph text of a speech, in order, headings included.
/// The top-level headings, in order.
fn top_headings(s: &Speech) -> Vec<&str> {
    s.sections.iter().map(|x| x.heading.as_str()).collect()
}

fn all_text(s: &Speech) -> String {
    crate::export::render(s)
}

#[test]
fn long_numbered_paragraphs_with_text_between_are_not_document_chunks() {
    let one = format!(
        "1、{}",
        "我们要坚持以人民为中心的发展思想，这是根本出发点。".repeat(3)
    );
    let two = format!(
        "2、{}",
        "我们要坚持新发展理念，推动高质量发展，长期坚持。".repeat(3)
    );
    let input = format!("讲话\n{one}\n中间这一段是作者自己的话。\n{two}\n");
    let imported = import_text(&input);
    let text = all_text(&imported.speech);
    assert!(text.contains("中间这一段是作者自己的话。"), "{text}");
    assert_eq!(imported.speech.title, "讲话");
    assert!(
        imported.report.removed.is_empty(),
        "{:?}",
        imported.report.removed
    );
    // The same lines cut by a document site: mid-sentence, nothing between.
    let input = format!("讲话\n{}\n\n2、{}\n", &one[..one.len() - 3], &two[7..]);
    let imported = import_text(&input);
    let kinds: Vec<&str> = imported.report.removed.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "分块标记").count(),
        2,
        "{kinds:?}"
    );
}

#[test]
fn a_text_without_line_breaks_is_split_at_its_paragraph_indents() {
    let body = "我们要坚持以人民为中心的发展思想，这是根本出发点和落脚点。".repeat(3);
    let input = format!(
        "讲话\n各位代表，同志们：\u{3000}\u{3000}大家上午好。\u{3000}\u{3000}{body}\u{a0} \u{a0} 一、总体要求\u{3000}\u{3000}{body}二、主要任务\u{3000}\u{3000}{body}"
    );
    let imported = import_text(&input);
    let s = &imported.speech;
    assert_eq!(s.salutation, "各位代表，同志们");
    let headings = top_headings(s);
    assert_eq!(headings, ["总体要求", "主要任务"]);
    assert_eq!(s.opening.len(), 2, "{:?}", s.opening);
    assert!(
        imported
            .report
            .detected
            .contains(&Detected::SplitAtIndents { count: 5 })
    );
    // Blanks left as wide space inside a paragraph are the author's: no cut there.
    let blanks = format!(
        "讲话\n同志们：\n{body}请各单位于2024年\u{3000}\u{3000}月\u{3000}\u{3000}日前报送（\u{3000}\u{3000}）份材料，{body}\n"
    );
    let imported = import_text(&blanks);
    assert_eq!(
        imported.speech.opening.len(),
        1,
        "{:?}",
        imported.speech.opening
    );
    assert!(
        imported.speech.opening[0]
            .text
            .contains("2024年\u{3000}\u{3000}月\u{3000}\u{3000}日前报送（\u{3000}\u{3000}）份")
    );
    // A short line with wide gaps stays one line.
    let imported = import_text("讲话\u{3000}\u{3000}张三\u{3000}\u{3000}2024年");
    assert!(
        imported
            .report
            .detected
            .iter()
            .all(|d| !matches!(d, Detected::SplitAtIndents { .. }))
    );
}

#[test]
fn a_text_wrapped_at_a_fixed_width_is_joined_into_its_paragraphs() {
    let para = |text: &str| -> String {
        let cs: Vec<char> = text.chars().collect();
        let rows: Vec<String> = cs.chunks(24).map(|c| c.iter().collect()).collect();
        format!("　　{}", rows.join("\n"))
    };
    let one = "今年以来，全县上下坚持稳中求进工作总基调，统筹发展和安全，经济运行总体平稳、稳中有进，各项工作取得了新的成效。";
    let two = "同时也要看到，我们面临的困难和挑战依然不少，有效需求不足，部分企业经营困难，基层财政收支矛盾比较突出，必须高度重视。";
    let input = format!(
        "在全县经济工作会议上的讲话\n张三\n同志们：\n{}\n一、关于当前经济形势\n{}\n二、关于明年的主要任务\n{}\n",
        para(one),
        para(two),
        para(one)
    );
    let imported = import_text(&input);
    let s = &imported.speech;
    assert_eq!(s.title, "在全县经济工作会议上的讲话");
    assert_eq!(s.speaker, "张三");
    assert_eq!(s.salutation, "同志们");
    assert_eq!(s.opening.len(), 1);
    assert_eq!(s.opening[0].text, one);
    let headings = top_headings(s);
    assert_eq!(headings, ["关于当前经济形势", "关于明年的主要任务"]);
    assert_eq!(s.sections[0].paragraphs.len(), 1);
    assert_eq!(s.sections[0].paragraphs[0].text, two);
    assert!(
        imported
            .report
            .detected
            .iter()
            .any(|d| matches!(d, Detected::JoinedLines { .. })),
        "{:?}",
        imported.report.detected
    );
    // An item starting with a marker is no continuation, even under a full-width line.
    let items = format!(
        "{input}1.加强组织领导建立健全工作机制和责任体系建设\n2.强化督促检查确保各项任务落到实处见到实效\n"
    );
    let imported = import_text(&items);
    let last = &imported.speech.sections[1];
    let texts: Vec<&str> = last.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert!(
        texts.contains(&"1.加强组织领导建立健全工作机制和责任体系建设") || last.children.len() == 2,
        "{texts:?}"
    );
    // Lines of a text that is not wrapped stay as they are.
    let plain = format!("讲话\n同志们：\n　　{one}\n　　{two}\n");
    let imported = import_text(&plain);
    assert_eq!(imported.speech.opening.len(), 2);
    assert!(
        imported
            .report
            .detected
            .iter()
            .all(|d| !matches!(d, Detected::JoinedLines { .. }))
    );
}

#[test]
fn one_list_in_two_forms_is_kept_as_written_and_reported() {
    let input = "讲话\n同志们：\n一、关于总体要求\n一要提高站位。各级各部门要充分认识重要性。\n二是要狠抓落实。各地要结合实际制定方案。\n三是要强化督查。要加强跟踪问效。\n二、关于重点任务\n一是抓好项目。今年安排重点项目一百个。\n二是抓好招商。要瞄准重点产业。\n";
    let imported = import_text(input);
    let s = &imported.speech;
    assert_eq!(s.sections.len(), 2);
    // As written: no items, every marker in its paragraph.
    assert!(s.sections[0].children.is_empty());
    let texts: Vec<&str> = s.sections[0]
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(texts[1], "二是要狠抓落实。各地要结合实际制定方案。");
    assert!(
        imported
            .report
            .review
            .iter()
            .any(|r| matches!(r, Review::MixedItemMarkers { written, .. } if written.join("、").contains("一要、二是、三是"))),
        "{:?}",
        imported.report.review
    );
    // Nested lists are no mix.
    let nested = "讲话\n同志们：\n一、关于总体要求\n第一，要提高站位。要认识重要性。\n第二，要狠抓落实。具体有两点。\n一是定方案。要明确时间表。\n二是抓督查。要跟踪问效。\n第三，要强化保障。要加大投入。\n二、关于重点任务\n任务很重。\n";
    let imported = import_text(nested);
    assert!(
        imported
            .report
            .review
            .iter()
            .all(|r| !matches!(r, Review::MixedItemMarkers { .. }))
    );
    assert_eq!(imported.speech.sections[0].children.len(), 3);
    // A list in one form still becomes items.
    assert_eq!(s.sections[1].child_numbering, Numbering::Shi);
    assert_eq!(s.sections[1].children.len(), 2);
    assert!(imported.report.renumbered.is_empty());
}

#[test]
fn an_editors_note_is_listed_and_a_heading_after_a_caption_is_found() {
    let input = "在全市工作会议上的讲话\n编者按：本文是市长在会上的讲话，有删节。\n同志们：\n今天召开会议，部署工作。\n图为会议现场。（记者 张三 摄）\n一、关于总体要求\n要充分认识这项工作的重要性。\n二、关于重点任务\n今年安排重点项目一百个。\n";
    let imported = import_text(input);
    let s = &imported.speech;
    assert_eq!(s.speaker, "");
    assert_eq!(s.subtitle, "");
    let headings = top_headings(s);
    assert_eq!(headings, ["关于总体要求", "关于重点任务"]);
    let kinds: Vec<(&str, &str)> = imported
        .report
        .removed
        .iter()
        .map(|r| (r.kind, r.text.as_str()))
        .collect();
    assert!(kinds.contains(&("编者按", "编者按：本文是市长在会上的讲话，有删节。")));
    assert!(kinds.iter().any(|(k, _)| *k == "图片说明"));
}

#[test]
fn quotes_underscore_emphasis_and_html_tags_are_markup_template_blanks_stay() {
    let input = "# 在全市工作会议上的讲话\n\n> 导读：本文是市长的讲话。\n\n<div align=\"center\">张三</div>\n\n同志们：\n\n今天召开会议，__主要任务__，是部署工作。<br>\n\n## 一、关于总体要求\n\n要认识这项工作的**重要性**。\n\n<p>二、关于重点任务</p>\n\n今年总投资____亿元，投资__亿元，__年__月完成，比例<5%。\n";
    let imported = import_text(input);
    let s = &imported.speech;
    assert_eq!(s.title, "在全市工作会议上的讲话");
    assert_eq!(s.speaker, "张三");
    let headings = top_headings(s);
    assert_eq!(headings, ["关于总体要求", "关于重点任务"]);
    assert_eq!(s.opening[0].text, "今天召开会议，主要任务，是部署工作。");
    // Underscore blanks and a `<` that is no tag are the author's.
    assert_eq!(
        s.sections[1].paragraphs[0].text,
        "今年总投资____亿元，投资__亿元，__年__月完成，比例<5%。"
    );
    let what: Vec<&str> = imported
        .report
        .normalised
        .iter()
        .map(|n| n.what.as_str())
        .collect();
    for w in [
        "删除行首的引用符号“>”",
        "删除网页代码标记（如 <br>、<p>）",
        "删除表示强调的“_”",
    ] {
        assert!(what.contains(&w), "{w} in {what:?}");
    }
    assert!(imported.report.removed.iter().any(|r| r.kind == "导读"));
    // Tags in a text that is no Markdown are markup too; its `**` blanks stay.
    let imported = import_text("讲话\n同志们：\n<p>今年投资**亿元。</p>\n");
    assert_eq!(imported.speech.opening[0].text, "今年投资**亿元。");
}

#[test]
fn a_second_list_restarting_at_one_is_never_renumbered_into_the_first() {
    let input = "讲话\n同志们：\n我讲三点。\n第一，要加强领导。各级要负起责任。\n第二，要加强协调。各部门要密切配合。\n第三，要加强督查。要跟踪问效。\n对下一步工作，再提两点要求。\n第一，要抓好落实。不能搞形式主义。\n第二，要总结经验。及时推广好做法。\n";
    let imported = import_text(input);
    let s = &imported.speech;
    assert_eq!(s.numbering, Numbering::Di);
    assert_eq!(s.sections.len(), 3);
    assert!(
        imported.report.renumbered.is_empty(),
        "{:?}",
        imported.report.renumbered
    );
    let all = crate::export::render(s);
    assert!(all.contains("　　第一，要抓好落实。"), "{all}");
    assert!(all.contains("　　第二，要总结经验。"), "{all}");
    assert!(
        imported
            .report
            .review
            .iter()
            .any(|r| matches!(r, Review::SecondItemSeries { first, .. } if first == "第一"))
    );
    // A list that starts at 三 (its 一 and 二 are elsewhere) is text.
    let imported = import_text(
        "讲话\n同志们：\n一、总体要求\n要求很多。\n第三，要加强督查。要跟踪问效。\n二、主要任务\n任务很重。\n",
    );
    assert!(imported.speech.sections[0].children.is_empty());
    assert!(imported.report.renumbered.is_empty());
}

#[test]
fn a_marker_after_a_comma_in_a_heading_line_is_the_authors_text() {
    let input = "讲话\n同志们：\n一、总体要求\n（一）着力稳市场主体保就业，一是加大政策力度。要落实好各项政策。\n（二）着力扩大内需一是扩大有效投资。要加快项目建设。\n二、主要任务\n任务很重。\n";
    let imported = import_text(input);
    let subs = &imported.speech.sections[0].children;
    // Glued (no punctuation): the heading ends where 一是 begins.
    assert_eq!(subs[1].heading, "着力扩大内需");
    // After a comma, 一是 is inside the sentence: no cut there.
    assert!(!subs[0].heading.ends_with('，'), "{:?}", subs[0].heading);
}

#[test]
fn the_character_ledger_catches_a_lost_or_an_added_character() {
    let input = "讲话\n同志们：\n一、总体要求\n要加强领导。\n";
    let imported = import_text(input);
    assert!(
        all_accounted_for(
            input,
            &imported.report,
            &imported.speech,
            &["一、".to_owned()]
        )
        .is_ok()
    );
    let mut lost = imported.speech.clone();
    lost.sections[0].paragraphs[0].text = "要加强。".into();
    let err = all_accounted_for(input, &imported.report, &lost, &["一、".to_owned()]).unwrap_err();
    assert!(err.contains("“领”+1") && err.contains("“导”+1"), "{err}");
    let mut added = imported.speech.clone();
    added.title = "讲话稿".into();
    let err = all_accounted_for(input, &imported.report, &added, &["一、".to_owned()]).unwrap_err();
    assert!(err.contains("“稿”-1"), "{err}");
    // Numerals and commas count too: only the markers that became structure are exempt.
    let mut digits = imported.speech.clone();
    digits.sections[0].paragraphs[0].text = "要加强领导".into();
    let err =
        all_accounted_for(input, &imported.report, &digits, &["一、".to_owned()]).unwrap_err();
    assert!(err.contains("“。”+1"), "{err}");
    let err = all_accounted_for(input, &imported.report, &imported.speech, &[]).unwrap_err();
    assert!(err.contains("“一”+1") && err.contains("“、”+1"), "{err}");
    // A listed removal accounts for its characters.
    let mut report = imported.report.clone();
    report.removed.push(Removed {
        kind: "页脚",
        text: "领导".into(),
    });
    assert!(all_accounted_for(input, &report, &lost, &["一、".to_owned()]).is_ok());
}

#[test]
fn a_speech_about_copyright_keeps_its_closing_and_body_lines_stay_body() {
    let input = "在版权工作会议上的讲话\n同志们：\n今年版权工作成效明显。\n本作品登记工作取得新进展。\n要推动更多作品依法进入公有领域。\n谢谢大家！\n";
    let imported = import_text(input);
    assert!(
        imported.report.removed.is_empty(),
        "{:?}",
        imported.report.removed
    );
    // The thanks are kept, as the closing.
    assert_eq!(imported.speech.opening.len(), 3);
    assert_eq!(imported.speech.closing.len(), 1);
    assert_eq!(imported.speech.closing[0].text, "谢谢大家！");
    // Short sentences before a line that looks like a salutation are the speech, not its
    // title block.
    let input = "新春致辞\n春节就要到了。\n大家辛苦了。\n今年成绩很大。\n明年任务更重。\n我们要再加油。\n向各位来宾表示欢迎！\n";
    let imported = import_text(input);
    let s = &imported.speech;
    assert_eq!(s.title, "新春致辞");
    assert_eq!(s.subtitle, "");
    assert_eq!(s.salutation, "");
    assert_eq!(s.opening.len(), 6, "{:?}", s.opening);
}

#[test]
fn soft_line_breaks_from_word_are_joined_and_listed() {
    let input =
        "讲话\n同志们：\n今天召开会议，\u{000B}主要任务是部署工作。\u{2028}请大家认真落实。\n";
    let imported = import_text(input);
    assert_eq!(
        imported.speech.opening[0].text,
        "今天召开会议，主要任务是部署工作。请大家认真落实。"
    );
    let n = &imported.report.normalised;
    assert_eq!(n.iter().map(|x| x.count).sum::<usize>(), 2, "{n:?}");
    assert!(n.iter().all(|x| x.what.contains("软回车")), "{n:?}");
}

#[test]
fn title_block_lines_find_their_fields() {
    let input = "## 高举旗帜\n为全面建设现代化国家而团结奋斗\n——在代表大会上的报告\n国务院总理\n李强\n（2022年10月16日）\n同志们：\n今天开会。\n";
    let imported = import_text(input);
    let s = &imported.speech;
    assert_eq!(s.title, "高举旗帜");
    assert_eq!(
        s.subtitle,
        "为全面建设现代化国家而团结奋斗 ——在代表大会上的报告"
    );
    assert_eq!(s.speaker, "国务院总理 李强");
    assert_eq!(s.date_line, "（2022年10月16日）");
    // A name and the journal it was printed in are not one speaker.
    let imported = import_text("改革\n邓小平\n新华月报\n同志们：\n今天开会。\n");
    assert_eq!(imported.speech.speaker, "邓小平");
}

#[test]
fn the_words_check_allows_derived_numbers_and_nothing_else() {
    let lines = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    // A heading's marker gives way to its derived number.
    let ok = speech_with(&[("加强领导", Numbering::Heading)], Numbering::Heading);
    assert_eq!(
        words_kept(&lines(&["标题", "一、加强领导"]), &ok),
        Ok(vec!["一、".to_owned()])
    );
    // A number where the author wrote none is invented.
    assert!(words_kept(&lines(&["标题", "加强领导"]), &ok).is_err());
    // An item cut out of a sentence after `；` drops the author's 二是.
    let mut cut = speech_with(&[], Numbering::Heading);
    let p = cut.new_paragraph("工作有两点：一是甲；".into());
    cut.opening.push(p);
    cut.numbering = Numbering::Shi;
    let item = cut.new_section("乙。".into());
    cut.sections.push(item);
    assert!(words_kept(&lines(&["标题", "工作有两点：一是甲；二是乙。"]), &cut).is_err());
    // A dropped sentence is caught.
    let short = speech_with(&[("加强领导", Numbering::Heading)], Numbering::Heading);
    assert!(words_kept(&lines(&["标题", "一、加强领导", "多出一句。"]), &short).is_err());
}

#[test]
fn a_pages_embedded_player_and_its_label_are_removed_and_listed_words_beside_them_stay() {
    let input = "# 致辞\n\n同学们：\n\n今天是你们毕业的日子。\n\n我们讲视频：\n\n<h3>视频：</h3>\n\n<object width=\"640\"><param name=\"movie\" value=\"http://x.net/a.swf\"></param><embed src=\"http://x.net/a.swf\"></embed></object>\n\n<iframe src=\"http://x.net/v\"></iframe>还有话\n";
    let imported = import_text(input);
    let removed: Vec<(&str, &str)> = imported
        .report
        .removed
        .iter()
        .map(|r| (r.kind, r.text.as_str()))
        .collect();
    assert_eq!(removed.len(), 2, "{removed:?}");
    assert_eq!(removed[0], ("网页视频或嵌入内容", "视频："));
    assert!(removed[1].1.starts_with("<object"));
    let text = crate::export::text::render(&imported.speech);
    assert!(
        !text.contains("object") && !text.contains("\n视频："),
        "{text}"
    );
    // A sentence ending in the label's words, and a frame with words after it, stay.
    assert!(text.contains("我们讲视频："), "{text}");
    assert!(text.contains("还有话"), "{text}");
}

#[test]
fn a_reposts_own_words_before_the_speech_and_a_thematic_break_are_removed_and_listed() {
    let input = "# 看北大毕业致辞的感受\n\n有人说，理想是廉价的。\n\n而我觉得，理想是昂贵的。\n\n以下是原文，演讲全文仅535字：\n\n---\n\n## 做自己尊重的人\n\n在祝福裹着告诫呼啸而来的毕业季，请原谅我不敢祝愿每一位毕业生都成功。\n\n超越动物欲望总和的每一位毕业生都应做自己尊重的人。\n";
    let imported = import_text(input);
    let reposts: Vec<&str> = imported
        .report
        .removed
        .iter()
        .filter(|r| r.kind == "转载者的话")
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(
        reposts,
        [
            "看北大毕业致辞的感受",
            "有人说，理想是廉价的。",
            "而我觉得，理想是昂贵的。",
            "以下是原文，演讲全文仅535字："
        ]
    );
    assert_eq!(imported.speech.title, "做自己尊重的人");
    assert!(
        imported
            .report
            .normalised
            .iter()
            .any(|n| n.what == "删除分隔线" && n.removed == "---")
    );
    // A speech that announces a document it quotes goes on with sentences: nothing goes.
    let input = "在会议上的讲话\n同志们：\n今天开会。\n以下是通知全文：\n各单位要认真学习，抓好落实。\n要加强领导。\n我们要团结奋斗，这是根本。\n我们要改进作风，这是保证。\n";
    let imported = import_text(input);
    assert!(
        !imported
            .report
            .removed
            .iter()
            .any(|r| r.kind == "转载者的话"),
        "{:?}",
        imported.report.removed
    );
    assert_eq!(imported.speech.title, "在会议上的讲话");
}

#[test]
fn markdown_markup_is_removed_and_listed_template_blanks_stay() {
    let md = "---\ntitle: 某大学->在开学典礼上的讲话 | example.org\ndate: 2020-09-20\n---\n**亲爱的同学们：**\n# 今天我们相聚。\n**惟守正方能创新。**我们要每一****位同学都好。\n![图](http://x/y.jpg)\n[转入文章首发地址](http://x/z)\n";
    let imported = import_text(md);
    let s = &imported.speech;
    assert_eq!(s.title, "在开学典礼上的讲话");
    assert_eq!(s.salutation, "亲爱的同学们");
    let body = crate::export::render(s);
    assert!(!body.contains('*') && !body.contains('#'), "{body}");
    assert!(
        body.contains("惟守正方能创新。我们要每一位同学都好。"),
        "{body}"
    );
    let removed: Vec<&str> = imported
        .report
        .removed
        .iter()
        .map(|r| r.text.as_str())
        .collect();
    for piece in [
        "title: 某大学->",
        "| example.org",
        "date: 2020-09-20",
        "![图](http://x/y.jpg)",
    ] {
        assert!(removed.contains(&piece), "{piece} in {removed:?}");
    }
    assert!(
        imported
            .report
            .normalised
            .iter()
            .any(|n| n.what.contains("加粗"))
    );
    assert!(
        imported
            .report
            .normalised
            .iter()
            .any(|n| n.what.contains("标题符号"))
    );
    assert!(
        crate::check::blanks(&crate::check::check(s))
            .next()
            .is_none()
    );

    // Front matter without its opening `---`, and a `# ` title line.
    let loose = "title: \"在毕业典礼上的致辞\"\ndate: 2016-07-07\n---\n同学们：\n　　祝贺你们。\n";
    assert_eq!(import_text(loose).speech.title, "在毕业典礼上的致辞");
    let hashed = "# 在宣传工作会议上的讲话\n　　各位同志！这次会议开得很好。\n";
    assert_eq!(import_text(hashed).speech.title, "在宣传工作会议上的讲话");

    // A template's `**` blanks are not Markdown: kept, and found.
    let template = "在全市工作会议上的讲话\n同志们：\n　　今年完成投资**亿元，增长**%。\n";
    let imported = import_text(template);
    assert!(imported.report.normalised.is_empty());
    assert_eq!(
        crate::check::blanks(&crate::check::check(&imported.speech)).count(),
        2
    );
}

#[test]
fn invisible_furniture_is_removed_and_listed_the_rest_kept() {
    let input = "标题\n\u{00A0}\u{00A0}推进\u{200B}工作，GDP\u{200B}growth。\n\u{3000}\u{3000}方向\u{202E}控制。\n";
    let mut report = Report::default();
    let out = normalise_invisible(input, &mut report);
    assert_eq!(
        out,
        "标题\n推进工作，GDP\u{200B}growth。\n\u{3000}\u{3000}方向\u{202E}控制。\n"
    );
    let listed: Vec<(usize, &str, usize)> = report
        .normalised
        .iter()
        .map(|n| (n.line, n.what.as_str(), n.count))
        .collect();
    assert_eq!(
        listed,
        [
            (2, "删除行首缩进中的不间断空格", 2),
            (2, "删除汉字之间的看不见的空格", 1),
        ]
    );
    assert_eq!(report.normalised[1].context, "推进|工作，GDPg");
    // Ideographic-space indentation is layout the importer always handled; not listed.
    let mut quiet = Report::default();
    assert_eq!(
        normalise_invisible("\u{3000}\u{3000}正文", &mut quiet),
        "\u{3000}\u{3000}正文"
    );
    assert!(quiet.normalised.is_empty());
}

#[test]
fn markers() {
    let cs: Vec<char> = "五、强化".chars().collect();
    assert_eq!(heading_marker(&cs, 0), Some((1, 5, 2)));
    let cs: Vec<char> = "（十二）加强".chars().collect();
    assert_eq!(heading_marker(&cs, 0), Some((2, 12, 4)));
    let cs: Vec<char> = "(3)加强".chars().collect();
    assert_eq!(heading_marker(&cs, 0), Some((4, 3, 3)));
    let cs: Vec<char> = "1、加强".chars().collect();
    assert_eq!(heading_marker(&cs, 0), Some((3, 1, 2)));
    let cs: Vec<char> = "2.5亿元".chars().collect();
    assert_eq!(heading_marker(&cs, 0), None);
    let cs: Vec<char> = "四要实施".chars().collect();
    assert_eq!(run_in_marker(&cs, 0), Some((Numbering::Yao, 4, 2)));
    let cs: Vec<char> = "第三，要".chars().collect();
    assert_eq!(run_in_marker(&cs, 0), Some((Numbering::Di, 3, 3)));
}

#[test]
fn fused_title_date_and_speaker() {
    let (t, d, s) =
        split_fused_title("在中央政治局常委会会议研究应对疫情工作时的讲话（2020年2月3日）习近平");
    assert_eq!(t, "在中央政治局常委会会议研究应对疫情工作时的讲话");
    assert_eq!(d.as_deref(), Some("（2020年2月3日）"));
    assert_eq!(s.as_deref(), Some("习近平"));
}

#[test]
fn a_long_salutation_that_only_names_the_audience_is_found_a_sentence_ending_in_a_colon_is_not() {
    let s = import_text(
        "在第三届农业博览会开幕式上的致辞\n尊敬的各位领导、各位来宾，女士们、先生们、朋友们：\n　　大家上午好！今天博览会隆重开幕了。\n",
    )
    .speech;
    assert_eq!(
        s.salutation,
        "尊敬的各位领导、各位来宾，女士们、先生们、朋友们"
    );
    assert_eq!(s.title, "在第三届农业博览会开幕式上的致辞");
    assert_eq!(s.opening.len(), 1);
    // At the start of the first paragraph, before its first sentence.
    let s = import_text("在开幕式上的讲话\n诸位代表先生们：我们有一个共同的感觉。\n").speech;
    assert_eq!(s.salutation, "诸位代表先生们");
    assert_eq!(s.opening[0].text, "我们有一个共同的感觉。");
    let s = import_text("在宣传工作会议上的讲话\n各位同志！这次会议开得很好。\n").speech;
    assert_eq!(s.salutation, "各位同志！");
    for line in [
        "过去一年，我们主要做了以下几个方面的工作：",
        "会议强调，各级领导干部、广大党员：",
        "我们：",
    ] {
        let cs: Vec<char> = line.chars().collect();
        assert_eq!(find_salutation(&cs), None, "{line}");
    }
}

#[test]
fn a_closing_starts_where_the_audience_is_addressed_again_or_thanked() {
    // With headings: the last section ends where the audience is addressed again.
    let s = import_text(
        "在全校开学典礼上的致辞\n亲爱的同学们：\n　　大家好！\n一、志存高远\n　　希望同学们立大志。\n二、勤学笃行\n　　希望同学们勤学。\n　　同学们、老师们，新的学年已经开始。\n　　谢谢大家！\n",
    )
    .speech;
    assert_eq!(s.sections.len(), 2);
    assert_eq!(s.sections[1].paragraphs.len(), 1);
    let closing: Vec<&str> = s.closing.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        closing,
        ["同学们、老师们，新的学年已经开始。", "谢谢大家！"]
    );
    // Without headings: thanks at the end are the closing; a re-address further up is not.
    let s = import_text(
        "在国庆招待会上的致辞\n各位来宾：\n　　今天我们欢聚一堂。\n　　来宾们，朋友们，我们的事业蒸蒸日上。\n　　国际形势深刻变化。\n　　我们愿同各国加强合作。\n　　让我们共同举杯。\n　　谢谢！\n",
    )
    .speech;
    let closing: Vec<&str> = s.closing.iter().map(|p| p.text.as_str()).collect();
    // The call to raise a glass before the thanks is the closing's too.
    assert_eq!(closing, ["让我们共同举杯。", "谢谢！"]);
    // Words that only look like an address stay body text.
    for t in [
        "各级领导，要高度重视。",
        "我们，要团结一心。",
        "谢谢大家的支持，我们会努力。",
    ] {
        assert!(!head::starts_closing_paragraph(t), "{t}");
    }
}

#[test]
fn a_re_address_followed_by_a_sub_heading_is_inside_the_section() {
    let s = import_text(
        "在全市工作会议上的讲话\n同志们：\n　　今天开会。\n一、抓好发展\n　　要抓好发展。\n二、加强党建\n　　同志们！党的建设是根本。\n（一）加强政治建设。\n　　要加强政治建设。\n（二）加强作风建设。\n　　要加强作风建设。\n",
    )
    .speech;
    assert!(s.closing.is_empty(), "{:?}", s.closing);
    assert_eq!(s.sections.len(), 2);
    assert_eq!(s.sections[1].paragraphs[0].text, "同志们！党的建设是根本。");
    assert_eq!(s.sections[1].children.len(), 2);
}

#[test]
fn a_subtitle_naming_the_occasion_fused_to_the_title_is_the_subtitle() {
    let s = import_text(
        "决胜全面建成小康社会——在中国共产党第十九次全国代表大会上的报告\n同志们：\n　　现在，我代表第十八届中央委员会向大会作报告。\n",
    )
    .speech;
    assert_eq!(s.title, "决胜全面建成小康社会");
    assert_eq!(s.subtitle, "——在中国共产党第十九次全国代表大会上的报告");
    // A dash that opens no such subtitle stays in the title.
    for title in ["改革开放——中国的第二次革命", "——在全市工作会议上的讲话"]
    {
        let s = import_text(&format!("{title}\n同志们：\n　　今天开会。\n")).speech;
        assert_eq!(s.title, title);
        assert_eq!(s.subtitle, "");
    }
}

#[test]
fn back_matter_after_the_speech_is_kept_as_written_and_never_renumbered() {
    let input = "在全市工作会议上的讲话\n同志们：\n今天召开会议，部署工作。\n一、抓好三件事\n第一件事要抓紧。\n二、压实责任\n责任要落实到人。\n三、加强保障\n保障要到位。\n同志们，让我们共同努力！\n附件\n一、参会人员名单\n张三、李四。\n二、会议日程\n上午报到。\n";
    let imported = import_text(input);
    let s = &imported.speech;
    assert_eq!(s.sections.len(), 3, "{:#?}", s.sections);
    assert_eq!(s.closing.len(), 1);
    assert_eq!(s.closing[0].text, "同志们，让我们共同努力！");
    let back: Vec<&str> = s.appendix.iter().map(|p| p.text.as_str()).collect();
    // The author's numbers stay: the body's run ends at 三、.
    assert_eq!(
        back,
        [
            "附件",
            "一、参会人员名单",
            "张三、李四。",
            "二、会议日程",
            "上午报到。"
        ]
    );
    assert!(
        imported
            .report
            .detected
            .iter()
            .any(|d| matches!(d, Detected::Appendix { paragraphs: 5, .. }))
    );
    assert!(
        imported.report.renumbered.is_empty(),
        "{:?}",
        imported.report.renumbered
    );
    // Exported after the speech, set off by an empty line.
    let text = crate::export::render(s);
    assert!(
        text.contains(
            "让我们共同努力！\n\n\u{3000}\u{3000}附件\n\u{3000}\u{3000}一、参会人员名单\n"
        ),
        "{text}"
    );
}

#[test]
fn back_matter_labels_are_labels_not_sentences() {
    for label in [
        "附件",
        "附件2",
        "附件1：参会人员名单",
        "名词解释",
        "附：",
        "注释",
        "附表3 项目清单",
    ] {
        assert!(opens_back_matter(label), "{label}");
    }
    for sentence in [
        "附件管理要规范。",
        "附件是会议材料的一部分，要认真阅读。",
        "附表的格式要统一，",
        "注意安全",
        "附近的群众",
    ] {
        assert!(!opens_back_matter(sentence), "{sentence}");
    }
    // Before the speech has said anything, `附件` is no back matter.
    let imported = import_text("通知\n附件\n一、甲\n乙。\n");
    assert!(imported.speech.appendix.is_empty());
}

#[test]
fn one_doubtful_paragraph_is_kept_as_written_and_the_rest_keeps_its_structure() {
    // Read as items, the second paragraph's `一是` list would lose its `二是`/`三是` markers
    // to derived numbers inside a sentence.
    let input = "在全市工作会议上的讲话\n同志们：\n二是要压实责任。\n一是加强领导；二是压实责任；三是强化考核。\n一、总体要求\n要求要明确。\n二、重点任务\n项目要抓实。\n三、保障措施\n资金要到位。\n";
    let imported = import_text(input);
    let s = &imported.speech;
    let headings = top_headings(s);
    assert_eq!(headings, ["总体要求", "重点任务", "保障措施"]);
    let doubts: Vec<_> = imported
        .report
        .review
        .iter()
        .filter_map(|r| match r {
            Review::KeptAsWritten { at, .. } => Some(*at),
            _ => None,
        })
        .collect();
    assert!(!doubts.is_empty(), "{:#?}", imported.report.review);
    // Each doubt points at a paragraph that holds its words as written, markers and all.
    for at in doubts {
        let text = s.text(at.expect("a place")).expect("it exists");
        assert!(
            text.starts_with("二是") || text.starts_with("一是"),
            "{text}"
        );
    }
    assert!(
        !imported
            .report
            .review
            .iter()
            .any(|r| matches!(r, Review::StructureChangesWords { .. }))
    );
    // Every word is there, in order.
    let text = crate::export::render(s);
    assert!(
        text.contains(
            "二是要压实责任。\n\u{3000}\u{3000}一是加强领导；二是压实责任；三是强化考核。"
        ),
        "{text}"
    );
}

#[test]
fn a_page_note_glued_to_a_sentence_goes_and_the_sentence_stays() {
    let input = "在全市工作会议上的讲话\n同志们：\n今天召开会议，部署全年工作。\n一是保持宏观政策连续性针对性，推动经济运行保持在合理区间。（来源：人民日报）\n（责任编辑：张三）全区上下要坚持稳中求进的工作总基调。\n来源：市政府网站\n";
    let imported = import_text(input);
    let text = crate::export::render(&imported.speech);
    assert!(text.contains("推动经济运行保持在合理区间。\n"), "{text}");
    assert!(
        text.contains("全区上下要坚持稳中求进的工作总基调。"),
        "{text}"
    );
    assert!(
        !text.contains("来源") && !text.contains("责任编辑"),
        "{text}"
    );
    let removed: Vec<&str> = imported
        .report
        .removed
        .iter()
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(
        removed,
        [
            "（来源：人民日报）",
            "（责任编辑：张三）",
            "来源：市政府网站"
        ]
    );
}

#[test]
fn a_dateline_goes_and_the_words_after_it_stay_whole() {
    for (line, dateline, kept) in [
        (
            "本报讯（记者 王明）电力工业要加快发展。",
            "本报讯（记者 王明）",
            "电力工业要加快发展。",
        ),
        (
            "（新华社北京3月6日电）电网建设要提速。",
            "（新华社北京3月6日电）",
            "电网建设要提速。",
        ),
        (
            "新华社北京3月6日电 今天上午召开会议。",
            "新华社北京3月6日电",
            "今天上午召开会议。",
        ),
        ("本报讯 电话会议今天召开。", "本报讯", "电话会议今天召开。"),
    ] {
        let mut report = Report::default();
        let rest = super::clean::furniture::strip_news_dateline(line, &mut report);
        assert_eq!(rest.as_deref(), Some(kept), "{line}");
        assert_eq!(report.removed[0].text, dateline);
    }
    // 电 inside the text, no date before it: not a dateline.
    let mut report = Report::default();
    assert_eq!(
        super::clean::furniture::strip_news_dateline("新华社记者发来电报说明情况。", &mut report),
        None
    );
}

#[test]
fn a_list_that_repeats_a_number_ends_there_and_no_number_is_rewritten() {
    let input = "讲话\n同志们：\n今天讲两点。\n一、关于激励\n激励有几种。\n第一，要有机制。\n机制要健全。\n第二，要有分享。\n分享要公平。\n首先要有著作权，这是前提。\n第二，我们也要进行物质激励。\n第三，精神激励也很重要。\n二、关于队伍\n队伍要建好。\n";
    let imported = import_text(input);
    assert!(
        imported.report.renumbered.is_empty(),
        "{:?}",
        imported.report.renumbered
    );
    let text = crate::export::render(&imported.speech);
    assert!(text.contains("第二，我们也要进行物质激励。"), "{text}");
    assert!(text.contains("第三，精神激励也很重要。"), "{text}");
    assert_eq!(imported.speech.sections[0].children.len(), 2);
    assert!(
        imported
            .report
            .review
            .iter()
            .any(|r| matches!(r, Review::SecondItemSeries { first, .. } if first == "第二")),
        "{:?}",
        imported.report.review
    );
}

#[test]
fn points_numbered_one_dot_are_the_top_level_when_nothing_else_is() {
    let input = "在全市教育大会上的讲话\n同志们：\n今天召开全市教育大会。下面，我讲三点意见。\n1．全面落实立德树人根本任务。培养全面发展的建设者和接班人。\n（1）坚持德育为先。要把立德树人融入各环节。\n（2）发展素质教育。要提升关键能力。\n2．加快补齐短板弱项。坚持问题导向。\n3．持续深化教育改革。改革要奔着问题去。\n同志们，让我们共同努力！\n";
    let imported = import_text(input);
    let s = &imported.speech;
    let heads = top_headings(s);
    assert_eq!(
        heads,
        [
            "全面落实立德树人根本任务。",
            "加快补齐短板弱项。",
            "持续深化教育改革。"
        ]
    );
    assert_eq!(s.sections[0].children.len(), 2);
    assert!(
        imported
            .report
            .renumbered
            .contains(&Renumbered::ArabicTopHeadings)
    );
    // A `1.` list inside a speech with `一、` headings stays under its heading.
    let nested = import_text(
        "讲话\n同志们：\n开场。\n一、总体要求\n1.甲要做好。\n2.乙要做好。\n3.丙要做好。\n二、重点任务\n任务很重。\n",
    );
    let heads: Vec<&str> = nested
        .speech
        .sections
        .iter()
        .map(|x| x.heading.as_str())
        .collect();
    assert_eq!(heads, ["总体要求", "重点任务"]);
    assert!(
        !nested
            .report
            .renumbered
            .contains(&Renumbered::ArabicTopHeadings)
    );
}

#[test]
fn a_page_headline_repeated_as_the_title_block_and_a_name_with_a_date() {
    let input = "走 向 远 方——在2020届高三学生毕业典礼上的讲话\n走 向 远 方\n——在2020届高三学生毕业典礼上的讲话\n王  琛  2020.6.20\n同学们、老师们：\n今天我们在这里举行毕业典礼。\n";
    let imported = import_text(input);
    let s = &imported.speech;
    assert_eq!(s.title, "走 向 远 方");
    assert_eq!(s.subtitle, "——在2020届高三学生毕业典礼上的讲话");
    assert_eq!(s.speaker, "王  琛");
    assert_eq!(s.date_line, "2020.6.20");
    let repeats: Vec<&str> = imported
        .report
        .removed
        .iter()
        .filter(|r| r.kind == "重复的标题")
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(
        repeats,
        ["走 向 远 方", "——在2020届高三学生毕业典礼上的讲话"]
    );
    // A title line repeated inside a sentence is no repeat; nor is a longer line.
    let kept = import_text("走向远方\n同学们：\n在走向远方之时，大家要记住母校。\n走向远方\n");
    assert!(crate::export::render(&kept.speech).contains("在走向远方之时"));
    assert!(
        !import_text("工作报告\n2020.6.20 以来\n各位代表：\n报告如下。\n")
            .speech
            .date_line
            .contains("以来")
    );
}

/// The kinds of the report's removals that hold `text`.
fn removed_as<'a>(imported: &'a Imported, text: &str) -> Vec<&'a str> {
    imported
        .report
        .removed
        .iter()
        .filter(|r| r.text.contains(text))
        .map(|r| r.kind)
        .collect()
}

#[test]
fn a_page_headline_over_the_articles_own_title_block_is_listed_not_the_title() {
    // The headline names the speaker; the article's title is the outline's.
    let input = "马卫光书记在2018年干部教育培训秋季学期开学典礼上的讲话\n在2018年干部教育培训秋季学期开学典礼上的讲话提纲\n（2018年9月3日）\n马卫光\n同志们：\n今天开学了。\n";
    let imported = import_text(input);
    assert_eq!(
        imported.speech.title,
        "在2018年干部教育培训秋季学期开学典礼上的讲话提纲"
    );
    assert_eq!(imported.speech.date_line, "（2018年9月3日）");
    assert_eq!(
        removed_as(&imported, "马卫光书记"),
        ["网页上的标题（文章自带标题）"]
    );
    // The article's subtitle repeats the headline.
    let input = "九届二次教代会学校工作报告\n求真务实 创先争优 再铸辉煌\n——九届二次教代会学校工作报告\n各位代表：\n现在作报告。\n";
    let s = import_text(input).speech;
    assert_eq!(s.title, "求真务实 创先争优 再铸辉煌");
    assert_eq!(s.subtitle, "——九届二次教代会学校工作报告");
    // A column's name before the title.
    let input = "领导致辞\n实干托起百年梦\n--致第三届高峰会议\n春回大地千峰秀。\n";
    let imported = import_text(input);
    assert_eq!(imported.speech.title, "实干托起百年梦");
    assert_eq!(imported.speech.subtitle, "--致第三届高峰会议");
    assert_eq!(removed_as(&imported, "领导致辞"), ["网站栏目名称"]);
    // A title and its subtitle that say different things stay both.
    let s = import_text("坚定信心 真抓实干\n在全市经济工作会议上的讲话\n同志们：\n开会。\n").speech;
    assert_eq!(s.title, "坚定信心 真抓实干");
    assert_eq!(s.subtitle, "在全市经济工作会议上的讲话");
    // A speech titled like a column, with its salutation next, keeps its title.
    assert_eq!(
        import_text("领导讲话\n同志们：\n开会。\n").speech.title,
        "领导讲话"
    );
}

#[test]
fn a_breadcrumb_trail_is_page_navigation_and_a_title_without_salutation_keeps_its_block() {
    let input = "外交时期 > 综述 > 钱其琛：在纪念会上的讲话\n> 文章内容\n在陈毅同志九十诞辰纪念会上的讲话\n同志们：\n今天是纪念日。\n";
    let imported = import_text(input);
    assert_eq!(imported.speech.title, "在陈毅同志九十诞辰纪念会上的讲话");
    assert_eq!(removed_as(&imported, "综述"), ["网页导航"]);
    assert_eq!(removed_as(&imported, "文章内容"), ["网页导航"]);
    assert!(crate::import::clean::furniture::is_breadcrumb(
        "首页 › 新闻 › 讲话"
    ));
    // A comparison in a sentence, or a quote, is no trail.
    for t in [
        "收入 > 支出 > 零，这是底线。",
        "> 习近平总书记指出，要实干。",
        "甲 > 乙",
    ] {
        assert!(!crate::import::clean::furniture::is_breadcrumb(t), "{t}");
    }
    // No salutation: a `——` subtitle and a date line under the title are its block.
    let input = "# 目前我们的形势和任务\n\n——任正非在1995年总结大会上的讲话\n1995年12月26日\n\n【编者按：这是总结大会讲话。】\n\n一、历史回顾\n\n十五年前，我们开放改革。\n\n二、目前形势\n\n我们要努力。\n";
    let s = import_text(input).speech;
    assert_eq!(s.subtitle, "——任正非在1995年总结大会上的讲话");
    assert_eq!(s.date_line, "1995年12月26日");
    assert_eq!(s.sections.len(), 2);
    assert_eq!(s.opening.len(), 0);
    // The editor's note, spaced out or in brackets, is listed, not the speech's words.
    let imported = import_text(input);
    assert_eq!(removed_as(&imported, "这是总结大会讲话"), ["编者按"]);
    let imported = import_text("讲话\n【导  读】华为大谈危机。\n同志们：\n开会。\n");
    assert_eq!(removed_as(&imported, "华为大谈危机"), ["导读"]);
}

#[test]
fn an_audience_addressed_by_office_or_respect_is_the_salutation() {
    for (line, sal) in [
        ("各位教官、各位老师、同学们：", "各位教官、各位老师、同学们"),
        (
            "尊敬的西软客户、员工及其家属们：",
            "尊敬的西软客户、员工及其家属们",
        ),
    ] {
        let s = import_text(&format!("开营式上的讲话\n{line}\n今天开营。\n")).speech;
        assert_eq!(s.salutation, sal);
    }
    // An exclamation, or a sentence before a colon, is no salutation.
    for line in ["亲爱的祖国！", "各位要记住一句话：", "各位请注意："] {
        let s = import_text(&format!("讲话\n{line}\n今天开营。\n")).speech;
        assert_eq!(s.salutation, "", "{line}");
    }
}

/// The closing's paragraphs, for the closing tests.
fn closing_of(input: &str) -> Vec<String> {
    import_text(input)
        .speech
        .closing
        .iter()
        .map(|p| p.text.clone())
        .collect()
}

#[test]
fn a_closing_is_found_where_a_speech_sums_up_calls_to_act_or_cheers() {
    let sections = "同志们：\n今天开会，讲三点意见。\n一、抓发展\n我们要抓发展，这是第一要务。\n二、抓民生\n我们要抓民生，这是根本目的。\n";
    // A sum-up among the last paragraphs of the last section starts the closing, and a
    // re-address after it stays in it.
    let closing = closing_of(&format!(
        "{sections}民生要一件一件办。\n以上两点意见，供大家参考。\n同志们，让我们共同努力！\n"
    ));
    assert_eq!(
        closing,
        ["以上两点意见，供大家参考。", "同志们，让我们共同努力！"]
    );
    // A sum-up right after the last heading's own text starts the closing too: the section
    // keeps its heading.
    let closing = closing_of(
        "同志们：\n今天开会，讲两点意见。\n一、抓发展。我们要抓发展，这是第一要务。\n二、抓民生。我们要抓民生，这是根本目的。\n以上两点意见，供大家参考。\n同志们，让我们共同努力！\n",
    );
    assert_eq!(
        closing,
        ["以上两点意见，供大家参考。", "同志们，让我们共同努力！"]
    );
    // A call to act that ends the speech, signature and date after it.
    let closing = closing_of(&format!(
        "{sections}民生要一件一件办。\n新的一年，让我们携手同行，创造美好未来！\n总经理：王敏\n2013年1月1日\n"
    ));
    assert_eq!(closing[0], "新的一年，让我们携手同行，创造美好未来！");
    assert_eq!(closing.len(), 3);
    // The paragraph before the closing slogans.
    let closing = closing_of(&format!(
        "{sections}中国人民将会看见，中国的命运操在人民自己手里。\n中华人民共和国万岁！\n全国人民大团结万岁！\n"
    ));
    assert_eq!(closing.len(), 3);
    assert!(closing[0].starts_with("中国人民将会看见"));
    // The last of several re-addresses near the end opens the closing; the earlier ones stay
    // in the last section.
    let closing = closing_of(&format!(
        "{sections}各位代表！\n我们要加强国防建设。\n各位代表！\n让我们团结奋斗！\n谢谢大家！\n"
    ));
    assert_eq!(closing, ["各位代表！", "让我们团结奋斗！", "谢谢大家！"]);
    // None of these: a last paragraph that only reports, `以上` about work done.
    for end in [
        "民生要一件一件办，这是我们的承诺。\n",
        "以上这些成绩来之不易。\n今后还要继续努力。\n",
    ] {
        assert!(closing_of(&format!("{sections}{end}")).is_empty(), "{end}");
    }
}

#[test]
fn a_closing_is_found_by_a_readdress_with_words_slogans_a_sure_future_or_the_meetings_task() {
    let sections = "同志们：\n今天开会，讲两点意见。\n一、抓发展\n我们要抓发展，这是第一要务。\n二、抓民生\n我们要抓民生，这是根本目的。\n";
    let closing = |end: &str| closing_of(&format!("{sections}{end}"));
    // The audience addressed again with words after it, among the last three paragraphs.
    assert_eq!(
        closing("民生要一件一件办。\n各位代表！我们要更加紧密地团结起来。\n"),
        ["各位代表！我们要更加紧密地团结起来。"]
    );
    // Short exclamations at the end are slogans: the paragraph before them opens the closing.
    let c = closing(
        "民生要一件一件办。\n历史承载过去，也启迪未来。全国各族人民要坚定不移走自己的道路，踔厉奋发、勇毅前行，为民族复兴伟业团结奋斗！\n民族复兴势不可挡！正义事业必将胜利！\n",
    );
    assert_eq!(c.len(), 2);
    assert!(c[0].starts_with("历史承载过去"));
    // A sign-off after the cheers stays with them.
    let c = closing(
        "民生要一件一件办。\n刘少奇同志讲到力争上游，我们一定要力争上游。\n我们要在坚持优良作风方面，力争上游！\n我们要在执行民主集中制方面，力争上游！\n我的话完了。\n",
    );
    assert_eq!(c.len(), 4);
    assert!(c[0].starts_with("刘少奇同志讲到"));
    // A last paragraph sure of what the work will bring, calling to strive, or turning to
    // the meeting's task.
    for last in [
        "我们深信，只要坚持基本路线，我们就一定能作出新贡献。",
        "我们要继承优良传统，为祖国的繁荣昌盛而不懈努力。",
        "这次会议赋予我们的任务很重，要加强领导，狠抓落实。",
    ] {
        assert_eq!(
            closing(&format!("民生要一件一件办。\n{last}\n")),
            [last],
            "{last}"
        );
    }
    // Good wishes, set out over short lines.
    let c = closing(
        "民生要一件一件办。\n我祝愿：\n退休之日，你觉得自己值得尊重；\n迟暮之年，你感到自己值得尊重。\n不要问我如何做到，\n五十年后告诉母校。\n",
    );
    assert_eq!(c.len(), 5);
    assert_eq!(c[0], "我祝愿：");
    // Thanks to those who did the work lead into a closing found after them.
    assert_eq!(
        closing(
            "民生要一件一件办。\n在此，我们谨代表学院向全体教职员工，致以崇高的敬意和诚挚的谢意！\n老师们、同学们！新的一年，我们要奋楫直行。\n"
        ),
        [
            "在此，我们谨代表学院向全体教职员工，致以崇高的敬意和诚挚的谢意！",
            "老师们、同学们！新的一年，我们要奋楫直行。"
        ]
    );
    // A last paragraph of thanks or greetings, signature after it.
    for last in [
        "在此，向全体教职员工致以崇高的敬意和诚挚的谢意！",
        "在此，我谨代表集团再次感谢各位业主的支持，恭祝大家羊年吉祥！",
        "今天获得这个奖，再一次感谢评委会，谢谢大家给了我这么大的信任。",
        "最后祝贺你们，终于走出困境了。",
    ] {
        let c = closing(&format!("民生要一件一件办。\n{last}\n集团总裁\n"));
        assert_eq!(c, [last, "集团总裁"], "{last}");
    }
    // Of two re-addresses among the last paragraphs, the later one opens the closing.
    assert_eq!(
        closing(
            "各位代表！建设人民满意的政府，必须改进作风。\n要办好惠民实事。\n各位代表！实干兴省，奋斗圆梦。\n"
        ),
        ["各位代表！实干兴省，奋斗圆梦。"]
    );
    // None of these: a belief without a promise, the meeting named in passing, thanks
    // further up, and a call before a closing the audience was addressed in (`同志们，`
    // opened it).
    for end in [
        "我们相信，这些成绩来之不易。\n",
        "民生工作在这次会议上也有讨论，要抓好落实。\n",
        "我们向全体教职员工致以崇高的敬意。\n民生还要继续改善，这是根本目的。\n",
    ] {
        assert!(closing(end).is_empty(), "{end}");
    }
    assert_eq!(
        closing("我们要为民生而奋斗！\n同志们，让我们共同努力！\n"),
        ["同志们，让我们共同努力！"]
    );
}

#[test]
fn a_speech_without_headings_finds_its_closing_at_the_last_plain_readdress() {
    let input = "在招待会上的讲话\n女士们，先生们：\n今天，我们欢聚一堂，庆祝国庆。\n同志们、朋友们！\n新中国成立以来，取得了辉煌成就，这是全国人民奋斗的结果，我们倍加珍惜。\n今年以来，我们战胜了许多困难，经济稳中有进，社会大局稳定。\n同志们、朋友们！\n实现民族复兴是伟大的事业。\n现在，我提议：\n为祖国繁荣昌盛，\n干杯！\n";
    let closing = closing_of(input);
    assert_eq!(
        closing.first().map(String::as_str),
        Some("同志们、朋友们！")
    );
    assert_eq!(closing.last().map(String::as_str), Some("干杯！"));
    assert_eq!(closing.len(), 5);
}

#[test]
fn a_speech_without_headings_closes_at_the_last_readdress_with_words_in_its_second_half() {
    let input = "在大会上的报告\n同志们！\n今天开会，总结过去，部署任务。\n同志们！\n在半个世纪中，我们经历了许多斗争，积累了经验。\n我们要学习理论，改造世界观，提高本领。\n我们要联系群众，转变作风，提高效率，这是根本要求。\n同志们！党的大会将有深远的影响，人民寄托着很大的希望。\n前途是光明的，道路是曲折的，我们要去争取胜利。\n伟大的党万岁！\n人民万岁！\n";
    let closing = closing_of(input);
    // The re-address may stand apart from its words.
    let joined = closing.concat();
    assert!(joined.starts_with("同志们！党的大会"), "{closing:?}");
    assert!(joined.ends_with("人民万岁！"), "{closing:?}");
    // In the first half of the words it is the speech going on.
    let input = "在大会上的报告\n同志们！\n同学们，今天开会。\n我们要学习理论，改造世界观，提高本领，这是长期任务。\n我们要联系群众，转变作风，提高效率，这是根本要求。\n我们要严守纪律，廉洁自律，树立形象，这是基本底线。\n";
    assert!(closing_of(input).is_empty());
}

#[test]
fn notes_after_a_rule_or_cited_by_their_marks_are_back_matter() {
    let body = "同志们：\n今天开会⑴，讲一个问题〔1〕。\n我们要团结[1]，要奋斗〔2〕。\n中华人民共和国万岁！\n";
    let s = import_text(&format!(
        "讲话\n{body}------------------\n注　　释\n〔1〕会议于六月召开。\n〔2〕见本卷注。\n"
    ))
    .speech;
    let back: Vec<&str> = s.appendix.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        back,
        [
            "------------------",
            "注　　释",
            "〔1〕会议于六月召开。",
            "〔2〕见本卷注。"
        ]
    );
    // Footnotes the text cites, without a label.
    let s = import_text(&format!("讲话\n{body}[1] 拉宾用土地换和平。\n")).speech;
    assert_eq!(s.appendix.len(), 1);
    // A last line with a mark the text never cites is the speech's.
    let s = import_text(&format!("讲话\n{body}[3] 这是正文。\n")).speech;
    assert!(s.appendix.is_empty());
}

#[test]
fn a_third_point_written_di_san_after_yi_and_er_is_the_third_heading_and_listed() {
    let body = "同志们：\n今天讲三点。\n一、秘书群体是服务主体。\n秘书要服务好。\n二、秘书的规范化服务很重要。\n规范才能高效。\n";
    let imported = import_text(&format!(
        "{body}第三，秘书体系默默无闻地奋斗。\n十年来照亮我们发展的道路。\n"
    ));
    let s = &imported.speech;
    assert_eq!(s.sections.len(), 3);
    assert_eq!(s.sections[2].heading, "秘书体系默默无闻地奋斗。");
    assert!(
        imported
            .report
            .renumbered
            .contains(&Renumbered::OrdinalTopHeading {
                marker: "第三，".into()
            })
    );
    // A `第一，` list of its own inside the second part keeps its `第三，`.
    let s = import_text(&format!(
        "{body}第一，要学习。\n第二，要实践。\n第三，要总结。\n"
    ))
    .speech;
    assert_eq!(s.sections.len(), 2);
    // Not the next number: text.
    let s = import_text(&format!("{body}第四，要总结。\n")).speech;
    assert_eq!(s.sections.len(), 2);
}

#[test]
fn a_run_in_heading_is_its_first_sentence_or_ends_at_a_pause_never_inside_a_word() {
    let long = "现代科学技术的发展越来越复杂，变化越来越快，高科技产业稍不慎，就会落在后面，出现危机。华为作为一个高科技企业，必须居安思危。";
    let s = import_text(&format!(
        "讲话\n各位领导：\n感谢光临。\n1、{long}\n2、华为从创建就借助了国际公司的管理经验，建立了现代企业制度。我们会继续学习。\n3、我们正在奋力开拓国际市场。努力扩展生存空间。\n"
    ))
    .speech;
    assert_eq!(
        s.sections[0].heading,
        "现代科学技术的发展越来越复杂，变化越来越快，高科技产业稍不慎，就会落在后面，出现危机。"
    );
    // A first sentence past a heading's length ends at its last pause within it.
    let words = "我们要在全面深化改革中坚持问题导向和目标导向相统一，在推动高质量发展中坚持稳中求进工作总基调，在保障和改善民生中坚持尽力而为量力而行，在防范化解重大风险中坚持底线思维和系统观念并重，不断开创新局面。后面还有话。";
    let s = import_text(&format!(
        "讲话\n同志们：\n开会。\n一、{words}\n二、抓落实。\n"
    ))
    .speech;
    let heading = &s.sections[0].heading;
    assert!(heading.ends_with('，'), "{heading}");
    assert!(words.starts_with(heading.as_str()));
}

#[test]
fn an_unnumbered_heading_may_set_a_space_before_its_dash_but_a_spaced_name_is_none() {
    let para = "2012年，公司经历了第三个完整的经营年度，面对复杂严峻的形势，全体员工奋力拼搏，取得了好成绩。";
    let input = format!(
        "实干托起百年梦\n春回大地千峰秀。\n“百年梦”——靠百年道路实现\n{para}\n“百年梦” ——以百年精神引领\n{para}\n"
    );
    let s = import_text(&input).speech;
    let headings = top_headings(&s);
    assert_eq!(
        headings,
        ["“百年梦”——靠百年道路实现", "“百年梦” ——以百年精神引领"]
    );
    let input = format!("讲话\n开头。\n王  琛  同志\n{para}\n李  明  同志\n{para}\n");
    assert!(import_text(&input).speech.sections.is_empty());
}

#[test]
fn paragraphs_opening_with_one_subject_are_prose_parallel_leads_are_sections() {
    let prose = "陈毅同志以极大的热情加强同非洲国家的团结。他多次出访。\n陈毅同志对发展同拉美国家的关系很重视。他接见来宾。\n陈毅同志对西方国家稳妥地开展工作。他善于交友。\n陈毅同志一贯支持阿拉伯国家的正义斗争。他仗义执言。\n";
    let s = import_text(&format!(
        "纪念会上的讲话\n同志们：\n今天纪念陈毅同志。\n{prose}"
    ))
    .speech;
    assert!(s.sections.is_empty());
    let leads = "要始终坚守人才培养的政治方向。培养人才。\n要始终坚守科学研究的学术取向。贡献成果。\n要始终坚守社会服务的价值导向。服务社会。\n";
    let s = import_text(&format!("讲话\n同志们：\n今天讲五个坚守。\n{leads}")).speech;
    assert_eq!(s.sections.len(), 3);
    assert_eq!(s.numbering, Numbering::Lead);
}

#[test]
fn a_documents_header_is_listed_and_its_distribution_lines_are_back_matter() {
    let input = "绍市委办〔2019〕12号\n签发人：张  三\n在全市教育大会上的讲话\n同志们：\n教育是国之大计。\n我们要办好人民满意的教育！\n发：各区、县（市）党委和人民政府，市级各部门、各单位。\n中共绍兴市委办公室 2019 年5 月27 日印发\n";
    let imported = import_text(input);
    let s = &imported.speech;
    assert_eq!(s.title, "在全市教育大会上的讲话");
    assert_eq!(removed_as(&imported, "12号"), ["公文版头"]);
    assert_eq!(removed_as(&imported, "签发人"), ["公文版头"]);
    let back: Vec<&str> = s.appendix.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(back.len(), 2);
    assert!(back[0].starts_with("发："));
    // A number inside a sentence, or after the head, is the speech's.
    for t in [
        "按照市委〔2019〕12号文件精神，做好工作。",
        "签发人：这是一个很长的句子，不是一个人的名字而已。",
    ] {
        assert!(
            !crate::import::clean::furniture::is_document_header(t),
            "{t}"
        );
    }
    let s = import_text("讲话\n同志们：\n开会。\n要抄送有关部门。\n我们要努力！\n").speech;
    assert!(s.appendix.is_empty());
}

#[test]
fn an_editors_source_note_at_the_end_is_back_matter_and_the_closing_is_found_before_it() {
    let input = "讲话\n同志们：\n今天开会。\n一要学习，学习理论。\n二要实践，实践出真知。\n只要我们大家团结一致，让我们为建成现代化强国而奋勇前进！\n（这是邓小平同志在中央工作会议闭幕会上的讲话。）\n";
    let s = import_text(input).speech;
    assert_eq!(s.appendix.len(), 1);
    assert!(s.appendix[0].text.starts_with("（这是"));
    assert_eq!(s.closing.len(), 1);
    assert!(s.closing[0].text.starts_with("只要我们"));
    // The notes' label glued to the first note, and the source after the notes.
    let input = "讲话\n同志们：\n解放思想〔1〕，实事求是〔2〕。\n我们要继续前进。\n要勇于改革。\n注释　　〔1〕见《解放思想》。\n〔2〕见本卷注。\n出处：文选第一卷\n";
    let s = import_text(input).speech;
    let back: Vec<&str> = s.appendix.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(back.len(), 3, "{back:?}");
    assert!(back[0].starts_with("注释"));
    // A bracketed aside in the speech's last paragraph stays the speech's.
    let s =
        import_text("讲话\n同志们：\n开会。\n要学习。\n（这是我们的责任）我们要努力。\n").speech;
    assert!(s.appendix.is_empty());
}

#[test]
fn front_matter_without_its_closing_rule_ends_before_the_first_line_of_the_speech() {
    let input = "---\ntitle: 在开学典礼上的讲话\ndate: 2019-10-18\ntags:\n- 南开大学\n只有不忘走过的路，才能更好地开辟未来。\n同学们：\n今天开学。\n---\n我们要努力。\n";
    let imported = import_text(input);
    assert_eq!(imported.speech.title, "在开学典礼上的讲话");
    assert!(removed_as(&imported, "只有不忘走过的路").is_empty());
    assert!(
        crate::export::render(&imported.speech).contains("只有不忘走过的路，才能更好地开辟未来。")
    );
}

#[test]
fn a_title_over_two_lines_and_a_salutation_over_five_are_read_whole() {
    let input = "在纪念中国人民抗日战争暨\n世界反法西斯战争胜利80周年大会上的讲话\n习近平\n全国同胞们，\n尊敬的各位国家元首、政府首脑和国际组织代表，\n尊敬的各位来宾，\n全体受阅将士们，\n同志们、朋友们：\n今天，我们隆重集会。\n";
    let imported = import_text(input);
    let s = &imported.speech;
    assert_eq!(
        s.title,
        "在纪念中国人民抗日战争暨世界反法西斯战争胜利80周年大会上的讲话"
    );
    assert_eq!(s.speaker, "习近平");
    assert_eq!(s.salutation.lines().count(), 5);
    assert!(s.salutation.starts_with("全国同胞们，"));
    assert!(
        imported
            .report
            .detected
            .iter()
            .any(|d| matches!(d, Detected::TwoLineTitle { .. }))
    );
    // A title and a subtitle that says the occasion stay two fields.
    let s = import_text("坚定信心 真抓实干\n在全市经济工作会议上的讲话\n同志们：\n开会。\n").speech;
    assert_eq!(s.title, "坚定信心 真抓实干");
    // `我们，` is no audience.
    assert!(!head::is_audience_line("我们，"));
}

#[test]
fn a_date_line_with_the_pages_source_after_it_keeps_the_date() {
    let input = "在纪念大会上的讲话\n（2025年9月3日，上午） 来源：新华社\n习近平\n同志们：\n今天我们隆重集会。\n";
    let imported = import_text(input);
    assert_eq!(imported.speech.date_line, "（2025年9月3日，上午）");
    assert_eq!(removed_as(&imported, "新华社"), ["网页附加信息"]);
    assert!(head::is_date_line("（2025年9月30日，晚上）"));
    assert!(!head::is_date_line("今天上午"));
}

#[test]
fn a_link_back_to_the_site_is_page_furniture_not_the_title() {
    let input = "<html><body><p>返回学院网站</p><p>2016年新年致辞</p><p>老师们、同学们：</p><p>春华秋实，岁月流金。</p></body></html>";
    let imported = import_text(input);
    assert_eq!(imported.speech.title, "2016年新年致辞");
    assert_eq!(removed_as(&imported, "返回学院网站"), ["网页附加信息"]);
    // A sentence that begins with 返回 is the speech's.
    assert!(!crate::import::clean::furniture::is_page_line(
        "返回家乡建设新农村"
    ));
}

#[test]
fn a_page_whose_title_is_a_picture_takes_its_tabs_title_and_says_so() {
    let page = "<html><head><title>成都工业职业技术学院2016年新年致辞</title></head><body><p><img src=\"t.png\"></p><p>老师们、同学们：</p><p>春华秋实，岁月流金。</p><p>祝大家新年快乐！</p></body></html>";
    let imported = import_text(page);
    assert_eq!(imported.speech.title, "成都工业职业技术学院2016年新年致辞");
    assert!(
        imported
            .report
            .detected
            .iter()
            .any(|d| matches!(d, Detected::TabTitle { .. }))
    );
    // A page with a title in words keeps it; the tab's (the site's name) is not read.
    let page = "<html><head><title>某某大学新闻网</title></head><body><p>在开学典礼上的讲话</p><p>同学们：</p><p>今天开学。</p></body></html>";
    let imported = import_text(page);
    assert_eq!(imported.speech.title, "在开学典礼上的讲话");
    assert!(
        !imported
            .report
            .detected
            .iter()
            .any(|d| matches!(d, Detected::TabTitle { .. }))
    );
}

#[test]
fn headings_set_as_books_set_them_a_numeral_and_a_space_are_the_top_level() {
    let input = "坚持四项基本原则\n同志们：\n会议已经开了一段时间了。\n　　一　形势和任务\n现在的形势很好。\n　　二　三三制政权的实质是民主\n要讲民主。\n　　三　研究新情况，解决新问题\n要研究新情况。\n";
    let imported = import_text(input);
    let s = &imported.speech;
    let headings = top_headings(s);
    // A heading starting with a numeral of its own (`三三制`) keeps it: the space ends the
    // number.
    assert_eq!(
        headings,
        [
            "形势和任务",
            "三三制政权的实质是民主",
            "研究新情况，解决新问题"
        ]
    );
    assert_eq!(s.sections[0].paragraphs[0].text, "现在的形势很好。");
    assert!(
        imported
            .report
            .renumbered
            .contains(&Renumbered::SpacedNumeralHeadings)
    );
    // One such line is a sentence's, and a group not counting from 一 no headings; nor is a
    // line that ends a sentence.
    for text in [
        "讲话\n同志们：\n开头。\n一　形势和任务\n正文。\n",
        "讲话\n同志们：\n开头。\n二　形势和任务\n正文。\n三　思想工作\n正文。\n",
        "讲话\n同志们：\n开头。\n一　形势很好。\n正文。\n二　任务很重。\n正文。\n",
    ] {
        let imported = import_text(text);
        assert!(imported.speech.sections.is_empty(), "{text}");
        assert!(
            imported
                .speech
                .opening
                .iter()
                .any(|p| p.text.starts_with(['一', '二'])),
            "{text}"
        );
    }
}

#[test]
fn headings_set_as_posts_set_them_an_arabic_numeral_and_a_space_are_the_top_level() {
    let input = "尊敬的各位领导、各位老师：\n今天很荣幸获奖。\n 1 找人是管理的第一个切入点\n创业要找人。\n 2 简单机械的KPI，不能保证长期的竞争力\n不要简单考核。\n 3 未来：全面升级\n我们要升级。\n";
    let imported = import_text(input);
    let s = &imported.speech;
    let headings = top_headings(s);
    assert_eq!(
        headings,
        [
            "找人是管理的第一个切入点",
            "简单机械的KPI，不能保证长期的竞争力",
            "未来：全面升级"
        ]
    );
    assert!(
        imported
            .report
            .renumbered
            .contains(&Renumbered::SpacedNumeralHeadings)
    );
    // Numbers and measures are none, and a line ending in a colon introduces a list.
    for text in [
        "讲话\n同志们：\n开头。\n1 000元\n正文。\n2 000元\n正文。\n",
        "讲话\n同志们：\n开头。\n1 km\n正文。\n2 km\n正文。\n",
        "讲话\n同志们：\n开头。\n1 主要做法：\n正文。\n2 主要经验：\n正文。\n",
    ] {
        assert!(import_text(text).speech.sections.is_empty(), "{text}");
    }
}

#[test]
fn a_paragraph_tag_inside_a_line_ends_a_paragraph() {
    // A post kept in one line of a data file: its paragraphs are `<p>` elements.
    let input = "致辞\n\"content\": \"<p>很高兴在这里与大家见面。</p><p><a href='v.jsp'>开封市第三十三中学</a>地处包公湖畔。</p><p>谢谢大家！</p><p></p>\",\n";
    let imported = import_text(input);
    let texts: Vec<&str> = imported
        .speech
        .opening
        .iter()
        .chain(&imported.speech.closing)
        .map(|p| p.text.as_str())
        .collect();
    assert!(texts.contains(&"很高兴在这里与大家见面。"), "{texts:?}");
    // An inline tag (`<a>`) joins its words to the sentence.
    assert!(
        texts.contains(&"开封市第三十三中学地处包公湖畔。"),
        "{texts:?}"
    );
    assert!(texts.contains(&"谢谢大家！"), "{texts:?}");
    // Every tag is listed once, for the line it was in.
    let listed: Vec<&Normalised> = imported
        .report
        .normalised
        .iter()
        .filter(|n| n.what.starts_with("删除网页代码标记"))
        .collect();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].line, 2);
    assert_eq!(listed[0].count, 10);
}
