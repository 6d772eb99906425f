use super::*;

fn run(text: &str) -> Vec<(String, char)> {
    let cs: Vec<char> = text.chars().collect();
    typos(&cs, &|_| false)
        .into_iter()
        .map(|t| (cs[t.at].to_string(), t.fix))
        .collect()
}

#[test]
fn a_character_that_breaks_a_common_word() {
    assert_eq!(run("要坚持以人民为中心的发展思相"), [("相".into(), '想')]);
    assert_eq!(run("加快推进乡村振性。"), [("性".into(), '兴')]);
    assert_eq!(run("提高组织力和政治工能。"), [("工".into(), '功')]);
    // A look-alike, not a sound-alike.
    assert_eq!(run("坚决打赢抉贫攻坚战。"), [("抉".into(), '扶')]);
}

#[test]
fn correct_text_is_left_alone() {
    for text in [
        "要坚持以人民为中心的发展思想，认真抓好各项工作的贯彻落实。",
        "截至2024年12月31日，全市共完成固定资产投资三百亿元。",
        "再接再厉，乘势而上，奋力谱写高质量发展新篇章。",
        "营商环境持续优化，“放管服”改革不断深化。",
    ] {
        assert_eq!(run(text), [], "{text}");
    }
}

#[test]
fn names_before_a_place_or_title_are_not_typos() {
    assert_eq!(run("王家湾村党支部书记李涛同志"), []);
    assert_eq!(run("调研了青山镇石柱村"), []);
    assert_eq!(run("龚克教授正式就任"), []);
}

#[test]
fn the_reason_names_the_likeness_and_the_word() {
    let cs: Vec<char> = "发展思相".chars().collect();
    let found = typos(&cs, &|_| false);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].word, "思想");
    assert_eq!(found[0].reason(&cs), "“相”与“想”音近，“思想”是常用词");
}

#[test]
fn an_accepted_word_silences_its_characters() {
    let cs: Vec<char> = "发展思相".chars().collect();
    let accepted = |w: &[char]| w == ['思', '相'];
    assert_eq!(typos(&cs, &accepted), []);
}

#[test]
fn numbers_parallel_phrases_and_short_quotes_are_left_alone() {
    // 亿 and 年 look alike, and 三十二年 is a word; 大鸣大放 pairs rare neighbours.
    assert_eq!(run("发电量三十二亿五千万度"), []);
    assert_eq!(run("开展大鸣大放"), []);
    assert_eq!(run("借助“科技支宁”的力量"), []);
}

#[test]
fn a_word_it_makes_twice_is_found_twice() {
    // Both slips are found, each weighed with the other corrected.
    let found = run("加快推进乡村振性，提高组织力和政治工能。");
    assert_eq!(found, [("性".into(), '兴'), ("工".into(), '功')]);
}
