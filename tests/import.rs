//! Import of real speech texts: the seed scraped from a document site, a line-broken county
//! speech in several encodings, a news page with trailers and captions, a speech without
//! numbered headings. Every one must keep every character that is not reported as removed.

use std::path::Path;

use jianggao::check;
use jianggao::doc::model::{Numbering, Speech};
use jianggao::export;
use jianggao::import::source::textfile;
use jianggao::import::{Imported, Renumbered, Review, import_text};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    textfile::read(&path).unwrap().0
}

/// The text with whitespace and numbering markers taken out, colons unified: what must be
/// equal between an input (minus what the report says was removed) and the export.
fn essence(text: &str) -> String {
    let cs: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == ':' { '：' } else { c })
        .collect();
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    let mut out = String::new();
    let mut i = 0;
    while i < cs.len() {
        let run = cs[i..].iter().take_while(|c| numeral(**c)).count();
        let digits = cs[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let skip = if run > 0 && matches!(cs.get(i + run), Some('、' | '是' | '要')) {
            run + 1
        } else if cs[i] == '（' || cs[i] == '(' {
            let r = cs[i + 1..]
                .iter()
                .take_while(|c| numeral(**c) || c.is_ascii_digit())
                .count();
            if r > 0 && matches!(cs.get(i + 1 + r), Some('）' | ')')) {
                r + 2
            } else {
                0
            }
        } else if cs[i] == '第' {
            let r = cs[i + 1..].iter().take_while(|c| numeral(**c)).count();
            if r > 0 && cs.get(i + 1 + r) == Some(&'，') {
                r + 2
            } else {
                0
            }
        } else if digits > 0 && digits <= 2 && matches!(cs.get(i + digits), Some('.' | '、')) {
            digits + 1
        } else {
            0
        };
        if skip > 0 {
            i += skip;
        } else {
            out.push(cs[i]);
            i += 1;
        }
    }
    out
}

/// Nothing but the reported removals is lost between input and export.
fn assert_no_loss(input: &str, imported: &Imported) {
    let mut rest = input.to_owned();
    for r in &imported.report.removed {
        assert!(
            rest.contains(&r.text),
            "removed text not in input: {}",
            r.text
        );
        rest = rest.replacen(&r.text, "", 1);
    }
    let exported = export::render(&imported.speech);
    let (a, b) = (essence(&rest), essence(&exported));
    if a != b {
        let at = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
        let ctx = |s: &str| {
            s.chars()
                .skip(at.saturating_sub(15))
                .take(40)
                .collect::<String>()
        };
        panic!(
            "text lost or changed near:\n input:  {}\n export: {}",
            ctx(&a),
            ctx(&b)
        );
    }
}

fn headings(s: &Speech) -> Vec<String> {
    s.sections.iter().map(|s| s.heading.clone()).collect()
}

#[test]
fn seed_speech_imports_into_its_real_structure() {
    let input = fixture("seed-speech-scraped.txt");
    let imported = import_text(&input);
    let s = &imported.speech;
    assert_eq!(s.title, "在*年全市科技创新工作上的讲话");
    assert_eq!(s.salutation, "同志们");
    assert_eq!(s.opening.len(), 1);
    assert!(s.opening[0].text.starts_with("刚才,*同志通报了"));
    assert!(s.opening[0].text.ends_with("先讲几点意见。"));
    assert_eq!(
        headings(s),
        [
            "强化真抓实干,在深入实施创新驱动战略上强担当",
            "强化真抓实做,在打造区域科技创新高地上见实效",
            "强化真抓实建,在高水平建设全国东西部科技合作引领区上求突破",
            "强化真抓实管,在推动科技系统全面从严治党上强担当",
        ]
    );
    let styles: Vec<Numbering> = s.sections.iter().map(|s| s.child_numbering).collect();
    assert_eq!(
        styles,
        [
            Numbering::Lead,
            Numbering::Yao,
            Numbering::Shi,
            Numbering::Lead
        ]
    );
    for sec in &s.sections {
        assert_eq!(sec.children.len(), 4, "{}", sec.heading);
    }
    assert_eq!(
        s.sections[0].children[0].heading,
        "锚定创新发展目标强担当。"
    );
    assert_eq!(
        s.sections[3].children[0].heading,
        "要在强化创新理论武装上强担当。"
    );
    assert_eq!(
        s.sections[1].children[0].heading,
        "实施好创新力量厚植工程,在完善科技创新体系上见实效。"
    );
    assert_eq!(s.closing.len(), 1);
    assert!(
        s.closing[0]
            .text
            .starts_with("同志们,全市科技创新工作的重任就抗在")
    );
    assert!(s.closing[0].text.ends_with("贡献科技力量。"));

    let blanks = check::check(s)
        .iter()
        .filter(|f| f.rule == check::PLACEHOLDER)
        .count();
    assert_eq!(blanks, 14);

    let r = &imported.report;
    assert_eq!(r.renumbered.len(), 1);
    assert!(
        matches!(&r.renumbered[0], Renumbered::Heading { marker, new, repeated: false, want: 4, .. }
            if marker == "五、" && new == "四、"),
        "{:?}",
        r.renumbered
    );
    // The words a user reads come from the item.
    assert!(r.renumbered[0].to_string().starts_with("五、"));
    let kinds = |k: &str| r.removed.iter().filter(|x| x.kind == k).count();
    assert_eq!(kinds("分块标记"), 12);
    assert!(kinds("页眉") > 10 && kinds("页脚") >= 5);
    assert!(
        r.removed
            .iter()
            .any(|x| x.kind == "广告" && x.text.starts_with("官方抖音号"))
    );
    assert_eq!(
        r.review.len(),
        1,
        "only 一's heading end is a guess: {:?}",
        r.review
    );
    assert_no_loss(&input, &imported);
}

#[test]
fn line_broken_speech_in_every_encoding() {
    let input = fixture("linebroken-county.txt");
    let encodings: [(&str, Vec<u8>); 4] = [
        ("utf8", input.as_bytes().to_vec()),
        ("gbk", encoding_rs::GBK.encode(&input).0.into_owned()),
        (
            "gb18030",
            encoding_rs::GB18030.encode(&input).0.into_owned(),
        ),
        ("utf16", {
            let mut b = vec![0xFF, 0xFE];
            for u in input.encode_utf16() {
                b.extend_from_slice(&u.to_le_bytes());
            }
            b
        }),
    ];
    for (name, bytes) in encodings {
        let (text, _) = textfile::decode(&bytes).unwrap_or_else(|| panic!("{name} decodes"));
        assert_eq!(text, input, "{name}");
    }
    let imported = import_text(&input);
    let s = &imported.speech;
    assert_eq!(s.title, "在全县安全生产工作会议上的讲话");
    assert_eq!(s.date_line, "（2024年4月12日）");
    assert_eq!(s.speaker, "县委副书记、县长 陈立新");
    assert_eq!(s.salutation, "各位代表");
    assert_eq!(
        headings(s),
        [
            "清醒认识当前安全生产形势",
            "突出抓好重点领域专项整治",
            "切实压紧压实安全生产责任",
        ]
    );
    let first = &s.sections[0];
    assert_eq!(first.paragraphs.len(), 2);
    let subs: Vec<&str> = first.children.iter().map(|c| c.heading.as_str()).collect();
    assert_eq!(subs, ["思想认识还不到位", "基层力量还比较薄弱"]);
    assert_eq!(first.child_numbering, Numbering::Heading);
    assert_eq!(first.children[1].paragraphs.len(), 1);
    assert_eq!(s.sections[1].child_numbering, Numbering::Shi);
    assert_eq!(s.sections[1].children.len(), 3);
    assert_eq!(s.sections[1].children[2].heading, "抓好消防安全。");
    assert_eq!(s.closing.len(), 1);
    assert!(imported.report.renumbered.is_empty());
    assert!(imported.report.removed.is_empty());
    assert_no_loss(&input, &imported);
}

#[test]
fn news_page_trailers_and_captions_are_removed_and_reported() {
    let input = fixture("news-with-trailer.txt");
    let imported = import_text(&input);
    let s = &imported.speech;
    assert_eq!(s.title, "在全省春季农业生产工作会议上的讲话");
    assert_eq!(s.date_line, "（2024年3月6日）");
    assert_eq!(s.speaker, "张明");
    assert_eq!(s.salutation, "同志们");
    assert_eq!(headings(s), ["稳住粮食播种面积", "抓好农资保障供应"]);
    let kinds: Vec<&str> = imported.report.removed.iter().map(|r| r.kind).collect();
    assert!(kinds.contains(&"新闻电头"), "{kinds:?}");
    assert!(kinds.contains(&"图片说明"), "{kinds:?}");
    assert!(kinds.contains(&"报纸版面信息"), "{kinds:?}");
    assert!(kinds.contains(&"网页附加信息"), "{kinds:?}");
    // 图为… without a photographer's credit is kept and flagged, never dropped on a guess.
    assert!(
        imported
            .report
            .review
            .iter()
            .any(|r| matches!(r, Review::PossibleCaption { text } if text.starts_with("图为农民")))
    );
    assert!(export::render(s).contains("图为农民在田间查看小麦长势。"));
    assert_no_loss(&input, &imported);
}

#[test]
fn speech_without_numbered_headings() {
    let input = fixture("no-headings.txt");
    let imported = import_text(&input);
    let s = &imported.speech;
    assert_eq!(s.title, "在全市离退休干部迎新春座谈会上的讲话");
    assert_eq!(s.salutation, "各位老领导、老同志");
    assert!(s.sections.is_empty());
    assert!(s.opening.iter().any(|p| p.text == "同志们！"));
    assert_eq!(s.closing.len(), 1);
    assert!(s.closing[0].text.starts_with("同志们，祝大家"));
    assert_no_loss(&input, &imported);
}

#[test]
fn undecodable_input_is_refused() {
    assert!(textfile::decode(&[0xFF, 0xFE, 0x00]).is_none());
    assert!(textfile::decode(&[0xC0, 0xFF, 0xFF, 0x81]).is_none());
}

#[test]
fn the_no_loss_check_catches_a_dropped_sentence() {
    let input = fixture("linebroken-county.txt");
    let mut imported = import_text(&input);
    imported.speech.sections[0].paragraphs.pop();
    let caught = std::panic::catch_unwind(|| assert_no_loss(&input, &imported));
    assert!(caught.is_err());
}

/// Real speech texts without errors give no error-severity finding once imported (the
/// half-width colon of the county text's salutation is normalised by the import and
/// reported there).
#[test]
fn clean_texts_have_no_error_findings() {
    for name in [
        "linebroken-county.txt",
        "news-with-trailer.txt",
        "no-headings.txt",
    ] {
        let imported = import_text(&fixture(name));
        let errors: Vec<String> = check::check(&imported.speech)
            .into_iter()
            .filter(|f| f.severity == check::Severity::Error)
            .map(|f| format!("{} {} {}", f.location, f.rule, f.excerpt))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}

#[test]
fn enumerations_inside_sentences_stay_the_authors_words() {
    // An earlier run-in list, then lists inside sentences (after ：and ；) and items that
    // follow each other inside one paragraph: none of them is structure, none renumbered.
    let input = "在全市工作会议上的讲话\n同志们：\n　　一是抓落实。要把任务分解到人。\n　　二是抓督查。要定期通报。\n　　今年的工作主要有三点：一是稳增长；二是调结构；三是惠民生。\n　　我讲两个要求。一要讲政治。二要守纪律。\n　　同志们，加油！\n";
    let imported = import_text(input);
    let exported = export::render(&imported.speech);
    for sentence in [
        "今年的工作主要有三点：一是稳增长；二是调结构；三是惠民生。",
        "我讲两个要求。一要讲政治。二要守纪律。",
    ] {
        assert!(exported.contains(sentence), "{sentence} in:\n{exported}");
    }
    assert!(
        imported.report.renumbered.is_empty(),
        "{:?}",
        imported.report.renumbered
    );
    assert_no_loss(input, &imported);
}

#[test]
fn top_level_run_in_items_without_a_salutation_are_found() {
    // Short speeches often open without 称谓: the lines read while looking for one are body.
    let input = "牢记重托 砥砺奋进\n今天是党委第一次全体会议。\n一是要在政治坚定上作表率。旗帜鲜明讲政治。\n二是要在务实担当上作表率。真抓实干。\n";
    let imported = import_text(input);
    let s = &imported.speech;
    assert_eq!(s.numbering, Numbering::Shi);
    assert_eq!(
        headings(s),
        ["要在政治坚定上作表率。", "要在务实担当上作表率。"]
    );
    assert_no_loss(input, &imported);
}

#[test]
fn items_inside_a_sentence_of_run_on_text_stay_text() {
    // Run-on text (headings share the line) in which a 二是 follows a `；` inside a sentence:
    // the headings are structure, the items are the author's sentence.
    let input = "关于年检工作的讲话\n同志们：\n　　下面讲两点。一、做好年检。有两个要求：一是要遵守法律法规；二是要熟悉规章制度。二、做好服务。要提高效率。\n";
    let imported = import_text(input);
    let exported = export::render(&imported.speech);
    assert!(
        exported.contains("一是要遵守法律法规；二是要熟悉规章制度。"),
        "{exported}"
    );
    assert_no_loss(input, &imported);
}

#[test]
fn parallel_lead_sentences_opening_paragraphs_become_sections() {
    let input = "在座谈会上的讲话\n各位老师：\n　　今天我们召开座谈会。\n　　要始终坚守人才培养的政治方向。人才培养是首要职能。\n　　要始终坚守科学研究的学术取向。我们取得了成果。\n　　要始终坚守社会服务的价值导向。把论文写在大地上。\n";
    let imported = import_text(input);
    let s = &imported.speech;
    assert_eq!(s.numbering, Numbering::Lead);
    assert_eq!(
        headings(s),
        [
            "要始终坚守人才培养的政治方向。",
            "要始终坚守科学研究的学术取向。",
            "要始终坚守社会服务的价值导向。"
        ]
    );
    assert_eq!(s.opening.len(), 1);
    assert_no_loss(input, &imported);
    // Two alike paragraphs are no group.
    let two = "讲话\n同志们：\n　　要始终坚守方向。甲。\n　　要始终坚守取向。乙。\n";
    assert!(import_text(two).speech.sections.is_empty());
}

#[test]
fn a_report_whose_parts_are_numbered_like_sub_headings() {
    let input = "关于计划的报告\n各位代表：\n　　现在我作报告。\n（一）去年的胜利\n　　去年完成了计划。\n（二）今年的任务\n　　今年要继续努力。\n";
    let imported = import_text(input);
    let s = &imported.speech;
    assert_eq!(headings(s), ["去年的胜利", "今年的任务"]);
    assert!(
        imported
            .report
            .renumbered
            .contains(&Renumbered::BracketedTopHeadings),
        "the style change is listed"
    );
    assert_no_loss(input, &imported);
}

#[test]
fn a_re_address_inside_the_speech_is_not_its_closing() {
    let input = "报告\n同志们：\n　　开头。\n一、第一部分\n　　内容。\n　　同志们！我们要继续努力。\n二、第二部分\n　　内容二。\n　　同志们，让我们团结起来！\n";
    let imported = import_text(input);
    let s = &imported.speech;
    assert_eq!(headings(s), ["第一部分", "第二部分"]);
    assert_eq!(s.closing.len(), 1);
    assert!(s.closing[0].text.starts_with("同志们，让我们"));
    assert_no_loss(input, &imported);
}

#[test]
fn titles_behind_site_names_and_speeches_without_titles() {
    // A browser title: the site's name is cut off and listed.
    let page = "在全市工作会议上的讲话- 某某市政府网\n同志们：\n　　今天开会。\n";
    let imported = import_text(page);
    assert_eq!(imported.speech.title, "在全市工作会议上的讲话");
    assert!(
        imported
            .report
            .removed
            .iter()
            .any(|r| r.text == "- 某某市政府网")
    );
    assert_no_loss(page, &imported);
    // An old-style salutation with its exclamation mark, and no title at all.
    let report = "各位代表！\n　　我代表国务院作报告。\n";
    let imported = import_text(report);
    assert_eq!(imported.speech.title, "");
    assert_eq!(imported.speech.salutation, "各位代表！");
    assert!(export::render(&imported.speech).starts_with("各位代表！\n"));
    assert_no_loss(report, &imported);
    // A first line that is a sentence of the speech is no title.
    let run_in = "各位代表，现在，我代表国务院作政府工作报告，请予审议。\n　　过去一年成绩显著。\n";
    let imported = import_text(run_in);
    assert_eq!(imported.speech.title, "");
    assert_no_loss(run_in, &imported);
}

#[test]
fn a_whole_web_page_loses_its_navigation_share_bar_and_link_lists() {
    let page = "在全市工作会议上的讲话- 某某市政府网\n首页\n新闻\n在全市工作会议上的讲话\n2011年09月26日 来源：市政府办公室\n分享到：\nQQ空间\n新浪微博\n同志们：\n　　今天开会。\n　　我们要抓好落实。\n相关报道\n·某某县召开工作会议\n·某某区部署重点工作\n上一篇：关于春节的通知\n";
    let imported = import_text(page);
    let s = &imported.speech;
    assert_eq!(s.title, "在全市工作会议上的讲话");
    assert_eq!(s.salutation, "同志们");
    let body = export::render(s);
    for furniture in [
        "首页",
        "分享到",
        "QQ空间",
        "相关报道",
        "·某某县",
        "上一篇",
        "来源",
    ] {
        assert!(!body.contains(furniture), "{furniture} in:\n{body}");
    }
    let kinds: Vec<&str> = imported.report.removed.iter().map(|r| r.kind).collect();
    assert!(
        kinds.contains(&"重复的标题") && kinds.contains(&"网页附加信息"),
        "{kinds:?}"
    );
    assert_no_loss(page, &imported);
}

#[test]
fn a_guessed_heading_end_is_shown_where_it_is() {
    // A long heading glued to its paragraph: the review item shows the heading's end, where
    // the guessed boundary lies, not only its beginning.
    let input = "讲话\n同志们：\n一、根据预计今年全市粮食产量增加五十亿斤达到三千七百亿斤；棉花增加三百九十万担，达到三千二百八十万担。\n二、第二部分\n　　内容。\n";
    let imported = import_text(input);
    assert!(
        imported.report.review.iter().any(
            |r| matches!(r, Review::GuessedBoundary { heading_end, paragraph_start, .. }
                if heading_end.ends_with("亿斤；") && paragraph_start.starts_with("棉花")
                    && r.to_string().contains("亿斤；｜棉花"))
        ),
        "{:?}",
        imported.report.review
    );
    assert_no_loss(input, &imported);
}

#[test]
fn parallel_sentences_without_text_after_them_stay_one_paragraph() {
    // Found by the import/export property test: two short sentences sharing an ending, alone
    // in one paragraph under a heading, were cut into two lead-sentence items.
    let text = "在全市工作会议上的讲话\n同志们：\n　　今天召开会议。\n　　一、抓好落实\n　　要把工作做实。\n　　（一）抓好基础\n　　要夯实基础。\n　　（二）抓好创新\n　　加快推进建实务。统筹推进建实务。\n　　同志们，让我们一起努力。\n";
    let imported = import_text(text);
    assert_eq!(export::render(&imported.speech), text);
    let s = &imported.speech;
    let second = &s.sections[0].children[1];
    assert!(second.children.is_empty(), "{:?}", second.children);
    assert_eq!(
        second.paragraphs[0].text,
        "加快推进建实务。统筹推进建实务。"
    );
}

#[test]
fn the_same_text_always_imports_the_same_way() {
    // Two endings shared by two lead sentences each: which one leads the group was left to a
    // hash map's order, so the same text imported differently from run to run.
    let text = "在全市工作会议上的讲话\n同志们：\n　　今天召开会议。\n　　一、抓好落实\n　　围绕发展目标强担当。要把工作做实做细。\n　　突出工作重点见实效。要把力量集中起来。\n　　聚焦发展任务强担当。要把责任压实压紧。\n　　抓住关键环节见实效。要把措施落到实处。\n　　二、改进作风\n　　要把作风建设抓在手上。\n";
    let outline = || {
        let mut out = Vec::new();
        jianggao::doc::numbering::walk_labelled(&import_text(text).speech, &mut |d, l, s| {
            out.push(format!("{d}{l}{}", s.heading));
        });
        out
    };
    let first = outline();
    for _ in 0..20 {
        assert_eq!(outline(), first);
    }
}

#[test]
fn a_sentence_heading_on_its_own_line_gets_no_empty_paragraph() {
    // Found by the Word round trip: `（一）是…手段。` glued to its text imports as a heading and
    // a paragraph; exported, the heading stands on its own line, and importing that gave the
    // heading an empty first paragraph.
    let text = "在全市工作会议上的讲话\n同志们：\n　　今天召开会议。\n　　一、充分认识重要性\n　　（一）是加强管理的重要手段。\n　　要把工作做实做细，确保取得实效。\n　　（二）是规范活动的重要内容。\n　　要把责任压实压紧，确保落到实处。\n　　二、改进作风\n　　要把作风建设抓在手上。\n";
    let imported = import_text(text);
    assert_eq!(export::render(&imported.speech), text);
    let first = &imported.speech.sections[0].children[0];
    assert_eq!(first.heading, "是加强管理的重要手段。");
    assert_eq!(first.paragraphs.len(), 1);
}

/// A Word file saved as a web page (.htm, GBK, Word's markup and conditional comments) reads
/// as the same speech as its text.
#[test]
fn a_word_file_saved_as_a_web_page_imports_as_its_text() {
    let input = fixture("linebroken-county.txt");
    let body: String = input
        .lines()
        .map(|l| {
            let l = l.replace('&', "&amp;").replace('<', "&lt;");
            format!(
                "<p class=MsoNormal style='text-indent:32.0pt'><span style='font-family:仿宋_GB2312'>{l}<o:p></o:p></span></p>\n"
            )
        })
        .collect();
    let page = format!(
        "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">\n<head>\n<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\">\n<title>讲话</title>\n<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>办公室</o:Author></o:DocumentProperties></xml><![endif]-->\n<style>\n<!-- p.MsoNormal {{font-size:16.0pt}} -->\n</style>\n</head>\n<body lang=ZH-CN>\n<div class=WordSection1>\n{body}</div>\n</body>\n</html>\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("讲话.htm");
    std::fs::write(&path, encoding_rs::GBK.encode(&page).0).unwrap();
    assert!(jianggao::import::is_importable_path(&path));
    let from_page = jianggao::import::import_file(&path).unwrap();
    let from_text = import_text(&input);
    assert_eq!(from_page.speech.title, from_text.speech.title);
    assert_eq!(headings(&from_page.speech), headings(&from_text.speech));
    assert_eq!(
        export::render(&from_page.speech),
        export::render(&from_text.speech)
    );
    assert!(
        from_page
            .report
            .detected
            .iter()
            .any(|d| matches!(d, jianggao::import::Detected::WebPage))
    );
    assert_no_loss(&input, &from_page);
}
