//! The command line, driven as a user would drive it: the real binary on the bundled sample.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/sample-speech.ron");

/// The commands' data folder (the record of files they wrote): one for this test run, never
/// the user's.
static DATA: std::sync::LazyLock<tempfile::TempDir> =
    std::sync::LazyLock::new(|| tempfile::tempdir().expect("temp dir"));

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jianggao"))
        .args(args)
        .env("JIANGGAO_DATA_DIR", DATA.path())
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// The 14 blanks of the seed speech, in document order, as excerpts' matched text contexts.
const SEED_BLANK_CONTEXTS: [&str; 14] = [
    "在*年",
    "*同志通报",
    "*将作",
    "为*做好",
    "未来*年",
    "增长*燃",
    "通过*年",
    "达到*沆",
    "向*流动",
    "银川、*国家",
    "支持*高新区",
    "培育*家",
    "到*年",
    "达到*家",
];

#[test]
fn check_lists_all_14_seed_blanks_and_exits_1() {
    let o = run(&["check", SAMPLE, "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    let blanks: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["rule"] == "placeholder")
        .collect();
    assert_eq!(blanks.len(), 14);
    for (f, ctx) in blanks.iter().zip(SEED_BLANK_CONTEXTS) {
        assert_eq!(f["severity"], "error");
        assert_eq!(f["matched"], "*");
        let excerpt = f["excerpt"].as_str().unwrap();
        assert!(excerpt.contains(ctx), "{excerpt} should contain {ctx}");
        for key in ["location", "message"] {
            assert!(
                f[key].as_str().is_some_and(|s| !s.is_empty()),
                "{key} in {f}"
            );
        }
    }
    assert_eq!(blanks[0]["location"], "标题 第2字");
    assert_eq!(blanks[4]["location"], "一·第1条 第1段 第63字");
}

#[test]
fn check_human_output_has_location_rule_excerpt() {
    let o = run(&["check", SAMPLE]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("标题 第2字  placeholder  在*年全市科技创…"),
        "{first}"
    );
    assert_eq!(
        out.lines()
            .filter(|l| l.contains("  placeholder  "))
            .count(),
        14
    );
}

#[test]
fn check_plain_text_and_clean_input() {
    let dir = tmp();
    let txt = dir.path().join("稿.txt");
    std::fs::write(
        &txt,
        encoding_rs::GBK.encode("同志们：\n　　请XX同志发言。\n").0,
    )
    .unwrap();
    let o = run(&["check", txt.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let f: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["location"], "第2行 第4–5字");

    std::fs::write(&txt, "同志们：\n　　请张三同志发言。\n").unwrap();
    let o = run(&["check", txt.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn unreadable_input_and_bad_usage_exit_2() {
    let dir = tmp();
    let broken = dir.path().join("坏.ron");
    std::fs::write(&broken, "(version: 1, speech: (title: \"未完").unwrap();
    let before = std::fs::read(&broken).unwrap();
    let o = run(&["check", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("第 1 行"), "{err}");
    assert!(err.trim_end().ends_with("坏.ron"), "{err}");
    assert_eq!(
        std::fs::read(&broken).unwrap(),
        before,
        "a broken file is left untouched"
    );

    assert_eq!(run(&["check", "/nonexistent/x.ron"]).status.code(), Some(2));
    assert_eq!(
        run(&["export", SAMPLE]).status.code(),
        Some(2),
        "missing -o"
    );
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
}

fn export(args: &[&str], out: &Path) -> Output {
    let mut all = vec!["export", SAMPLE, "-o", out.to_str().unwrap()];
    all.extend_from_slice(args);
    run(&all)
}

#[test]
fn export_refuses_blanks_and_writes_nothing() {
    let dir = tmp();
    let out = dir.path().join("讲话.txt");
    let o = export(&[], &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("14 处待填项"), "{}", stderr(&o));
    assert!(!out.exists());
    // An existing file is not touched either.
    std::fs::write(&out, "旧稿").unwrap();
    assert_eq!(export(&[], &out).status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "旧稿");
}

#[test]
fn forced_export_follows_the_conventions() {
    let dir = tmp();
    let out = dir.path().join("讲话.txt");
    let o = export(&["--force"], &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    insta::assert_snapshot!("sample_export", text);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "在*年全市科技创新工作上的讲话");
    assert_eq!(lines[1], "同志们：");
    for l in &lines[2..] {
        assert!(
            l.starts_with("　　") && !l.starts_with("　　　"),
            "indent: {l}"
        );
    }
    for heading in ["　　一、", "　　二、", "　　三、", "　　四、"] {
        assert_eq!(lines.iter().filter(|l| l.starts_with(heading)).count(), 1);
    }
    assert!(!text.contains("五、"), "the numbering gap is fixed");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("　　一要实施好创新力量厚植工程"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("　　四是在创新主体协同发展上求突破。"))
    );
    assert_eq!(text.matches('*').count(), 14);
}

#[test]
fn export_encodings_and_line_ends() {
    let dir = tmp();
    let out = dir.path().join("gbk.txt");
    let o = export(&["--force", "--encoding", "gbk", "--crlf"], &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = std::fs::read(&out).unwrap();
    let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
    assert!(!bad);
    assert!(text.starts_with("在*年全市科技创新工作上的讲话\r\n同志们：\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'));

    let bom = dir.path().join("bom.txt");
    assert_eq!(
        export(&["--force", "--encoding", "utf8-bom"], &bom)
            .status
            .code(),
        Some(0)
    );
    assert!(std::fs::read(&bom).unwrap().starts_with(b"\xEF\xBB\xBF"));
}

#[test]
fn outline_json_has_derived_numbers() {
    let o = run(&["outline", SAMPLE, "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["title"], "在*年全市科技创新工作上的讲话");
    assert_eq!(v["salutation"], "同志们");
    let numbers: Vec<&str> = v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["一、", "二、", "三、", "四、"]);
    assert_eq!(v["sections"][1]["children"][3]["number"], "四要");
    assert_eq!(v["sections"][2]["children"][0]["number"], "一是");
    assert_eq!(v["sections"][0]["children"][0]["number"], "");
    let text = stdout(&run(&["outline", SAMPLE]));
    insta::assert_snapshot!("sample_outline", text);
}

#[test]
fn stats_reports_length_figures() {
    let o = run(&["stats", SAMPLE]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let han: usize = out
        .lines()
        .find_map(|l| l.strip_prefix("字数（汉字）："))
        .and_then(|n| n.parse().ok())
        .unwrap();
    // The seed body has about 3 300 Han characters: close to 20 minutes of speaking.
    assert!((3000..3700).contains(&han), "{out}");
    assert!(out.contains("小节：20"), "{out}");
    assert!(out.contains("分钟（170 字/分）"), "{out}");
}

#[test]
fn draft_round_trips_through_the_sample() {
    let speech = jianggao::store::draft::load(Path::new(SAMPLE)).unwrap();
    let dir = tmp();
    let path: PathBuf = dir.path().join("副本.ron");
    jianggao::store::draft::save(&speech, &path).unwrap();
    assert_eq!(jianggao::store::draft::load(&path).unwrap(), speech);
    // The shipped sample is in canonical form, so saving it produces no diff.
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        std::fs::read_to_string(SAMPLE).unwrap()
    );
}

#[test]
fn import_writes_a_draft_and_prints_the_report() {
    let dir = tmp();
    let out = dir.path().join("seed.ron");
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seed-speech-scraped.txt"
    );
    let o = run(&["import", seed, "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report = stdout(&o);
    assert!(report.contains("重新编号（1）"), "{report}");
    assert!(report.contains("广告：官方抖音号"), "{report}");
    let outline = stdout(&run(&["outline", out.to_str().unwrap()]));
    assert!(outline.contains("四、强化真抓实管"), "{outline}");
    let o = run(&["check", out.to_str().unwrap(), "--json"]);
    let f: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(f.iter().filter(|x| x["rule"] == "placeholder").count(), 14);

    let json = run(&["import", seed, "-o", out.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(v["renumbered"].as_array().unwrap().len(), 1);
    // Each item: its kind, its data, and the words the text report shows.
    let item = &v["renumbered"][0];
    assert_eq!(item["kind"], "heading");
    assert_eq!(item["marker"], "五、");
    assert_eq!(item["new"], "四、");
    assert!(item["text"].as_str().unwrap().starts_with("五、"), "{item}");
    assert!(
        v["detected"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["kind"] == "title" && d["text"].as_str().unwrap().starts_with("标题：")),
        "{v}"
    );
    // The item's own text is `value`, the shown words `text`: no object holds a key twice
    // (a reader would keep one of them only). Counted in the printed JSON, where a second
    // key would show, against the items the parsed value holds.
    let title = v["detected"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "title")
        .unwrap();
    assert!(
        title["value"]
            .as_str()
            .is_some_and(|t| !t.starts_with("标题：")),
        "{title}"
    );
    let printed = stdout(&json);
    let with_text: usize = ["detected", "renumbered", "removed", "normalised", "review"]
        .iter()
        .map(|k| {
            v[k].as_array()
                .unwrap()
                .iter()
                .filter(|x| x.get("text").is_some())
                .count()
        })
        .sum();
    assert_eq!(printed.matches("\"text\":").count(), with_text, "{printed}");

    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, [0xFF, 0xFE, 0x00]).unwrap();
    assert_eq!(
        run(&["import", bad.to_str().unwrap(), "-o", "x.ron"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn seed_text_reports_punctuation_leftovers_and_the_typo() {
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seed-speech-scraped.txt"
    );
    let o = run(&["check", seed, "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let f: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    let has = |rule: &str, excerpt_part: &str, matched: &str| {
        f.iter().any(|x| {
            x["rule"] == rule
                && x["matched"] == matched
                && x["excerpt"].as_str().unwrap().contains(excerpt_part)
        })
    };
    assert!(has("punct-halfwidth", "同志们:", ":"));
    assert!(has("punct-halfwidth", "刚才,", ","));
    assert!(has("jurisdiction", "全区科技系统", "全区"));
    assert!(has("jurisdiction", "厅系统各级", "厅系统"));
    assert!(has("common-error", "抗在在座", "抗"));
    let typo = f.iter().find(|x| x["rule"] == "common-error").unwrap();
    assert_eq!(typo["fix"], "扛");
    assert_eq!(typo["severity"], "error");
}

#[test]
fn check_rules_lists_every_rule_and_user_errors_apply() {
    let o = run(&["check", "--rules"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for id in [
        "placeholder",
        "punct-halfwidth",
        "jurisdiction",
        "number-usage",
        "common-error",
    ] {
        assert!(out.lines().any(|l| l.starts_with(id)), "{id} in {out}");
    }
    let dir = tmp();
    let list = dir.path().join("词表.txt");
    std::fs::write(&list, "截止目前 → 截至目前\n").unwrap();
    let txt = dir.path().join("稿.txt");
    std::fs::write(&txt, "截止目前，全市工作进展顺利。\n").unwrap();
    let o = run(&[
        "check",
        txt.to_str().unwrap(),
        "--json",
        "--errors",
        list.to_str().unwrap(),
    ]);
    let f: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0]["fix"], "截至目前");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn invisible_and_lookalike_characters_are_normalised_or_listed() {
    let dir = tmp();
    let txt = dir.path().join("网页复制.txt");
    let text = "在全市工作会议上的讲话\n同志们：\n\u{00A0}\u{00A0}推进\u{200B}工作要抓实，二OO一年以来共２0２3人参加。\n\u{3000}\u{3000}方向\u{202E}控制与铃声\u{0007}，以及GDР增长，Word\u{200B}文件和\u{00A0}空格。\n";
    std::fs::write(&txt, text).unwrap();
    let out = dir.path().join("稿.ron");
    let o = run(&["import", txt.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report = stdout(&o);
    assert!(report.contains("已清除的格式字符（2）"), "{report}");
    assert!(
        report.contains("第 3 行：删除行首缩进中的不间断空格 2 个"),
        "{report}"
    );
    assert!(
        report.contains("第 3 行：删除汉字之间的看不见的空格 1 个"),
        "{report}"
    );

    let o = run(&["check", out.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(1), "errors remain");
    let f: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    let found: Vec<(String, String)> = f
        .iter()
        .map(|x| {
            (
                x["rule"].as_str().unwrap().to_owned(),
                x["matched"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let has = |rule: &str, m: &str| found.iter().any(|(r, x)| r == rule && x == m);
    assert!(has("lookalike", "OO"), "{found:?}");
    assert!(has("digit-width", "２0２3"), "{found:?}");
    assert!(has("bidi-control", "\u{202E}"), "{found:?}");
    assert!(has("control-char", "\u{0007}"), "{found:?}");
    assert!(has("lookalike", "Р"), "{found:?}");
    assert!(
        has("invisible-space", "\u{200B}"),
        "zero-width not between Han is kept: {found:?}"
    );
    assert!(has("invisible-space", "\u{00A0}"), "{found:?}");
    assert!(
        !found.iter().any(|(_, m)| m.contains('\u{3000}')),
        "indentation is no finding"
    );

    // The direction control gates export like a blank.
    let exported = dir.path().join("导出.txt");
    let o = run(&[
        "export",
        out.to_str().unwrap(),
        "-o",
        exported.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("1 处隐藏的方向符号"), "{}", stderr(&o));
    assert!(!exported.exists());
    let o = run(&[
        "export",
        out.to_str().unwrap(),
        "-o",
        exported.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn a_big5_text_is_decoded_and_its_encoding_reported() {
    let dir = tmp();
    let txt = dir.path().join("繁體.txt");
    let text = "在年度工作會議上的講話\n各位同仁：\n　　今天我們在這裡召開年度工作會議，總結過去一年的成績，部署新一年的工作。\n";
    std::fs::write(&txt, encoding_rs::BIG5.encode(text).0).unwrap();
    let out = dir.path().join("稿.ron");
    let o = run(&["import", txt.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("文字格式：Big5（繁体中文）"),
        "{}",
        stdout(&o)
    );
    let speech = jianggao::store::draft::load(&out).unwrap();
    assert_eq!(speech.title, "在年度工作會議上的講話");
    assert_eq!(speech.salutation, "各位同仁");
}

#[test]
fn a_web_page_source_imports_as_the_text_it_shows() {
    let dir = tmp();
    let html = dir.path().join("网页.txt");
    std::fs::write(
        &html,
        "<!DOCTYPE html>\n<html><head><title>站点</title><script>var x = 1;</script></head>\n<body><div class=\"nav\">首页</div><h1>在开学典礼上的讲话</h1><p>同学们：</p><p>今天我们在这里举行开学典礼。</p></body></html>\n",
    )
    .unwrap();
    let out = dir.path().join("稿.ron");
    let o = run(&[
        "import",
        html.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let speech = jianggao::store::draft::load(&out).unwrap();
    assert_eq!(speech.title, "在开学典礼上的讲话");
    assert_eq!(speech.salutation, "同学们");
    assert!(!jianggao::export::render(&speech).contains("var x"));
}

#[test]
fn export_word_in_both_layouts_and_import_it_back() {
    let dir = tmp();
    let official = dir.path().join("公文.docx");
    let o = run(&["export", SAMPLE, "-o", official.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "the blanks gate .docx too");
    assert!(!official.exists());
    let o = run(&[
        "export",
        SAMPLE,
        "-o",
        official.to_str().unwrap(),
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("公文格式（GB/T 9704）"),
        "{}",
        stdout(&o)
    );
    let reading = dir.path().join("念稿.docx");
    let o = run(&[
        "export",
        SAMPLE,
        "-o",
        reading.to_str().unwrap(),
        "--layout",
        "reading",
        "--size",
        "二号",
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("大字念稿（二号）"), "{}", stdout(&o));
    let o = run(&["export", SAMPLE, "-o", "x.docx", "--size", "八号"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("可选 三号、小二、二号、小一"),
        "{}",
        stderr(&o)
    );

    let back = dir.path().join("回来.ron");
    let o = run(&[
        "import",
        reading.to_str().unwrap(),
        "-o",
        back.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("来源：Word 文档（.docx）"),
        "{}",
        stdout(&o)
    );
    let original = jianggao::store::draft::load(Path::new(SAMPLE)).unwrap();
    let imported = jianggao::store::draft::load(&back).unwrap();
    assert_eq!(
        jianggao::export::render(&imported),
        jianggao::export::render(&original)
    );
}

#[test]
fn diff_compares_drafts_versions_and_texts_with_exit_codes_and_json() {
    use jianggao::doc::edit::Edit;
    let dir = tmp();
    let mut doc = jianggao::doc::history::Document::new(
        jianggao::store::draft::load(Path::new(SAMPLE)).unwrap(),
    );
    doc.apply(Edit::SaveVersion {
        name: "一稿".into(),
        saved: "2026-11-30 09:00".into(),
        note: String::new(),
    })
    .unwrap();
    let para = doc.speech().opening[0].clone();
    doc.apply(Edit::SetText {
        target: jianggao::doc::model::TextRef::Paragraph(para.id),
        text: para.text.replacen("深刻领会", "认真领会", 1),
    })
    .unwrap();
    let draft = dir.path().join("讲话.ron");
    jianggao::store::draft::save(doc.speech(), &draft).unwrap();
    let d = draft.to_str().unwrap();

    let o = run(&["diff", &format!("{d}#一稿"), d]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("共 1 处修改"), "{out}");
    assert!(out.contains("[-深刻-]{+认真+}"), "{out}");
    assert!(out.contains("讲话.ron#一稿（2026-11-30 09:00）"), "{out}");

    let o = run(&["diff", d, d]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("两稿相同"));

    let o = run(&["diff", &format!("{d}#一稿"), d, "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["equal"], false);
    assert_eq!(v["totals"]["paragraphs_changed"], 1);
    assert_eq!(v["comparison"]["by_identity"], true);
    let pieces = &v["comparison"]["parts"][0]["paragraphs"][0]["pieces"];
    assert!(
        pieces
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["kind"] == "removed" && p["text"] == "深刻"),
        "{pieces}"
    );

    // A text file against the draft it was exported from: the same words.
    let txt = dir.path().join("讲话.txt");
    let o = run(&["export", d, "-o", txt.to_str().unwrap(), "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["diff", txt.to_str().unwrap(), d]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    let o = run(&["diff", &format!("{d}#三稿"), d]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("没有名为“三稿”的版本（有：一稿）"),
        "{}",
        stderr(&o)
    );
}

/// Regression: an import's draft that someone edited afterwards was refused only as "not an
/// import's file"; the message now says it was changed, and `--force` (as the app's 覆盖) is
/// the word that replaces it, keeping the edited version as `.bak`.
#[test]
fn import_refuses_a_draft_changed_since_it_wrote_it_unless_forced() {
    let dir = tmp();
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seed-speech-scraped.txt"
    );
    let draft = dir.path().join("导入稿.ron");
    let d = draft.to_str().unwrap();
    assert_eq!(run(&["import", seed, "-o", d]).status.code(), Some(0));
    // A colleague opens it in the app and saves a change.
    let edited =
        std::fs::read_to_string(&draft)
            .unwrap()
            .replacen("version: 1,", "version: 1, ", 1)
            + "\n";
    std::fs::write(&draft, &edited).unwrap();
    let o = run(&["import", seed, "-o", d]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("之后已被修改"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&draft).unwrap(), edited);
    let o = run(&["import", seed, "-o", d, "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_ne!(std::fs::read_to_string(&draft).unwrap(), edited);
    let bak = dir.path().join("导入稿.ron.bak");
    assert_eq!(std::fs::read_to_string(bak).unwrap(), edited);
}

/// The data folder names every file the commands wrote: made owner-only, and tightened when an
/// older version left it open to others.
#[cfg(unix)]
#[test]
fn the_commands_data_folder_is_the_users_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmp();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(data.join("written.json"), "[]").unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let record = data.join("written.json");
    std::fs::set_permissions(&record, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = dir.path().join("讲话.txt");
    let o = Command::new(env!("CARGO_BIN_EXE_jianggao"))
        .args(["export", SAMPLE, "-o", out.to_str().unwrap(), "--force"])
        .env("JIANGGAO_DATA_DIR", &data)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&record), 0o600);
    assert!(
        std::fs::read_to_string(&record)
            .unwrap()
            .contains("讲话.txt")
    );
}

/// The manual page (and the README's command summary) stay in step with `--help`: every command
/// and every long option the program knows is documented in both.
#[test]
fn the_manual_page_and_readme_name_every_command_and_option() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let man = std::fs::read_to_string(root.join("packaging/jianggao.1"))
        .unwrap()
        .replace("\\-", "-");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let commands = [
        "check", "export", "outline", "import", "stats", "diff", "review",
    ];
    for command in commands {
        assert!(man.contains(&format!(".B {command}")), "man: {command}");
        assert!(
            readme.contains(&format!("jianggao {command}")),
            "README: {command}"
        );
        let help = stdout(&run(&[command, "--help"]));
        let options: Vec<&str> = help
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| w.starts_with("--") && w.len() > 2 && *w != "--help")
            .collect();
        assert!(!options.is_empty() || command == "stats", "{help}");
        for option in options {
            assert!(man.contains(option), "man lacks {command} {option}");
            // The README's summary writes `-o`, as a user types it.
            let short = (option == "--output").then_some(" -o ");
            assert!(
                readme.contains(option) || short.is_some_and(|o| readme.contains(o)),
                "README lacks {command} {option}"
            );
        }
    }
    let version = stdout(&run(&["--version"]));
    assert!(man.contains(&format!(
        "jianggao {}",
        version.trim().trim_start_matches("jianggao ")
    )));
}
