//! Unit tests of `check::rules`.

use super::*;

fn hits(text: &str) -> Vec<(&'static str, String, Option<String>)> {
    hits_with(text, &Context::default())
}

fn hits_with(text: &str, ctx: &Context<'_>) -> Vec<(&'static str, String, Option<String>)> {
    let mut out = Vec::new();
    scan(text, ctx, &mut out);
    let cs: Vec<char> = text.chars().collect();
    out.into_iter()
        .map(|h| (h.rule, cs[h.chars].iter().collect(), h.fix))
        .collect()
}

fn rules_of(text: &str) -> Vec<&'static str> {
    hits(text).into_iter().map(|h| h.0).collect()
}

proptest::proptest! {
    /// The whole-text tests never hide a finding the character passes would make, except
    /// unpaired marks whose counts balance (documented as not reported).
    #[test]
    fn whole_text_tests_hide_nothing(
        text in "[，。、；：！？“”‘’（）《》【】…—○〇年月一二三0-9a-zOРоа０-９,.;:!?() 　全区市厅系统抗在肩上再接励\u{200B}\u{202E}\u{00A0}\u{0007}\u{FEFF}\u{2028}\u{00AD}]{0,20}"
    ) {
        let ctx = Context { level: Some(Level::City), ..Context::default() };
        let (mut fast, mut full) = (Vec::new(), Vec::new());
        scan_with(&text, &ctx, &mut fast, false);
        scan_with(&text, &ctx, &mut full, true);
        let unpaired = |h: &Hit| h.rule == "punct-unpaired";
        let strip = |v: &[Hit]| v.iter().filter(|h| !unpaired(h)).cloned().collect::<Vec<_>>();
        proptest::prop_assert_eq!(strip(&fast), strip(&full));
        for h in fast.iter().filter(|h| unpaired(h)) {
            proptest::prop_assert!(full.contains(h));
        }
    }
}

#[test]
fn half_width_punctuation_in_chinese() {
    assert_eq!(
        hits("同志们:刚才,大家"),
        [
            ("punct-halfwidth", ":".into(), Some("：".into())),
            ("punct-halfwidth", ",".into(), Some("，".into())),
        ]
    );
    // A bracket pair is one finding, fixed together (regression: fixing `(` alone left
    // `（区)`, a new unpaired bracket).
    assert_eq!(
        hits("市县(区)的积极性"),
        [("punct-halfwidth", "(区)".into(), Some("（区）".into()))]
    );
    // ASCII quotes and `--` in Chinese (regression: not flagged at all).
    assert_eq!(
        hits("要坚持\"两个毫不动摇\"的方针"),
        [(
            "punct-halfwidth",
            "\"两个毫不动摇\"".into(),
            Some("“两个毫不动摇”".into())
        )]
    );
    assert_eq!(
        hits("要坚持\"两个"),
        [("punct-halfwidth", "\"".into(), None)]
    );
    assert_eq!(
        hits("这是关键--也是难点"),
        [("punct-dash", "--".into(), Some("——".into()))]
    );
    for ok in ["say \"hi\" now", "2020--2021", "---", "a--b"] {
        assert!(hits(ok).is_empty(), "{ok}: {:?}", hits(ok));
    }
    // A `(` without its `)` is fixed alone.
    assert_eq!(
        hits("市县(区的积极性"),
        [("punct-halfwidth", "(".into(), Some("（".into()))]
    );
    // Not in Chinese context, or numbers and codes.
    for ok in [
        "3.5亿元",
        "10:30开会",
        "GDP增长5.2%",
        "www.gov.cn",
        "Hello, world",
        "第1.2节",
        "讲话稿.docx",
    ] {
        assert_eq!(rules_of(ok), Vec::<&str>::new(), "{ok}");
    }
}

#[test]
fn ellipsis_doubled_dash_and_titles() {
    assert_eq!(rules_of("等等..."), ["punct-ellipsis"]);
    assert_eq!(rules_of("等等。。。"), ["punct-ellipsis"]);
    assert_eq!(rules_of("等等…"), ["punct-ellipsis"]);
    assert_eq!(rules_of("等等……"), Vec::<&str>::new());
    assert_eq!(rules_of("好。。再来"), ["punct-doubled"]);
    assert_eq!(rules_of("一，，二"), ["punct-doubled"]);
    assert_eq!(rules_of("任务—抓落实"), ["punct-dash"]);
    assert_eq!(rules_of("任务——抓落实"), Vec::<&str>::new());
    assert_eq!(
        rules_of("2021—2025年"),
        Vec::<&str>::new(),
        "a range, not a dash"
    );
    assert_eq!(rules_of("《宪法》、《民法典》"), ["punct-between-titles"]);
    assert_eq!(rules_of("“三农”、“五化”"), ["punct-between-titles"]);
    assert_eq!(rules_of("《宪法》《民法典》"), Vec::<&str>::new());
}

#[test]
fn unpaired_marks() {
    assert_eq!(rules_of("坚持“四个面向战略"), ["punct-unpaired"]);
    assert_eq!(
        rules_of("学习《决定》和“两个确立”（全文）"),
        Vec::<&str>::new()
    );
    assert_eq!(rules_of("多余的）括号"), ["punct-unpaired"]);
}

#[test]
fn english_punctuation_after_curly_quotes_is_english() {
    assert_eq!(
        rules_of("called for “growth”, Turkey said"),
        Vec::<&str>::new()
    );
    assert_eq!(rules_of("他说“好”,我们走"), ["punct-halfwidth"]);
}

#[test]
fn spaces_between_han() {
    assert_eq!(
        hits("加强 领导"),
        [("space-between-han", " ".into(), Some(String::new()))]
    );
    assert_eq!(rules_of("市长 张三"), ["space-between-han"]);
    assert_eq!(rules_of("GDP 增长"), Vec::<&str>::new());
    assert_eq!(rules_of("　　段首缩进"), Vec::<&str>::new());
}

#[test]
fn numbering_markers_in_text() {
    assert_eq!(
        hits("1、加强领导"),
        [("numbering-marker", "、".into(), Some(".".into()))]
    );
    assert_eq!(rules_of("（一）、加强领导"), ["numbering-marker"]);
    assert_eq!(rules_of("1.加强领导"), Vec::<&str>::new());
    assert_eq!(rules_of("（一）加强领导"), Vec::<&str>::new());
}

#[test]
fn number_usage() {
    assert_eq!(
        hits("二○二三年"),
        [("lookalike", "○".into(), Some("〇".into()))]
    );
    assert_eq!(rules_of("二〇二三年"), Vec::<&str>::new());
    assert_eq!(
        rules_of("○○同志"),
        Vec::<&str>::new(),
        "a blank, not a number"
    );
    assert_eq!(rules_of("2023年三月"), ["number-usage"]);
    assert_eq!(rules_of("二〇二三年3月"), ["number-usage"]);
    assert_eq!(rules_of("2023年3月6日"), Vec::<&str>::new());
    assert_eq!(rules_of("二〇二三年三月"), Vec::<&str>::new());
}

#[test]
fn title_rules() {
    let ctx = Context {
        is_title: true,
        ..Context::default()
    };
    assert_eq!(
        hits_with("在全市会议上的讲话。", &ctx),
        [("title-punct", "。".into(), Some(String::new()))]
    );
    let long = "在".to_owned() + &"全市科技创新".repeat(7) + "会议上的讲话";
    assert_eq!(
        hits_with(&long, &ctx)
            .into_iter()
            .map(|h| h.0)
            .collect::<Vec<_>>(),
        ["title-length"]
    );
    assert_eq!(hits_with("在全市会议上的讲话", &ctx), []);
}

#[test]
fn jurisdiction_by_level() {
    assert_eq!(
        Level::from_title("在*年全市科技创新工作上的讲话"),
        Some(Level::City)
    );
    assert_eq!(
        Level::from_title("在全县安全生产工作会议上的讲话"),
        Some(Level::County)
    );
    let ctx = Context {
        level: Some(Level::City),
        ..Context::default()
    };
    let found = hits_with("全区科技系统和厅系统各级党组织，在全省考核中争先", &ctx);
    let words: Vec<&str> = found.iter().map(|h| h.1.as_str()).collect();
    assert_eq!(
        words,
        ["全区", "厅系统"],
        "全省 is legitimate in a city speech"
    );
    assert!(found.iter().all(|h| h.0 == "jurisdiction" && h.2.is_none()));
    assert_eq!(hits("全区科技系统"), [], "no level known, no finding");
}

#[test]
fn common_errors_and_user_list() {
    assert_eq!(
        hits("重任就抗在在座各位肩上"),
        [(COMMON_ERROR, "抗".into(), Some("扛".into()))]
    );
    assert_eq!(rules_of("抗在前线"), Vec::<&str>::new());
    assert_eq!(rules_of("抗洪抢险"), Vec::<&str>::new());
    assert_eq!(rules_of("再接再励"), [COMMON_ERROR]);
    let extra = parse_error_list("# 用户词表\n帐号 → 账号\n截止目前=截至目前\n");
    assert_eq!(extra.len(), 2);
    let ctx = Context {
        extra_errors: &extra,
        ..Context::default()
    };
    assert_eq!(
        hits_with("截止目前", &ctx),
        [(COMMON_ERROR, "截止目前".into(), Some("截至目前".into()))]
    );
}
