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
    // A look-alike of the same phonetic series (咅), which the codes do not see.
    assert_eq!(run("各有关培门要认真落实。"), [("培".into(), '部')]);
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
fn names_in_a_list_and_the_particle_before_a_number_are_not_typos() {
    // Two unknown items that begin with a surname make the list one of names.
    assert_eq!(run("参加讨论的人员为：徐文伟、张平安、陈黎芳等。"), []);
    assert_eq!(run("论文评比中，苏卫军、陈锋、李娜获一等奖。"), []);
    // 党的十九届: 的 is no slip for 第 before a number.
    assert_eq!(run("胜利召开党的十九届六中全会"), []);
    // A list of departments is no list of names: its slip is still found.
    assert_eq!(
        run("发展改革委、才政部、市场监管总局"),
        [("才".into(), '财')]
    );
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
fn short_items_of_a_list_coined_in_parallel_are_left_alone() {
    // Two-character items sharing a character at one place: coined together, not slips.
    for (text, at) in [
        ("防止三种做法：惜贷、抽贷、断贷。", 14),
        ("不要自卑，自闭、自缚、自怜。", 9),
        ("种植：苎麻、野麻。", 7),
    ] {
        let cs: Vec<char> = text.chars().collect();
        assert!(chars::is_han(cs[at]), "{text}");
        assert!(in_parallel_list(&cs, at), "{text}");
        assert!(!typos(&cs, &|_| false).iter().any(|t| t.at == at), "{text}");
    }
    // Items sharing nothing, longer items sharing a suffix or a word, and a character outside
    // the items are weighed as ever.
    for (text, at) in [
        ("抽贷、罚款", 1),
        ("教育部、柴政部", 4),
        ("民族地区、边江地区", 6),
        ("抽贷、断贷的做法", 4),
    ] {
        let cs: Vec<char> = text.chars().collect();
        assert!(!in_parallel_list(&cs, at), "{text}");
    }
    assert_eq!(run("发展改革委、教育部、柴政部"), [("柴".into(), '财')]);
}

#[test]
fn a_word_it_makes_twice_is_found_twice() {
    // Both slips are found, each weighed with the other corrected.
    let found = run("加快推进乡村振性，提高组织力和政治工能。");
    assert_eq!(found, [("性".into(), '兴'), ("工".into(), '功')]);
}

mod properties {
    use super::super::*;
    use proptest::prelude::*;

    const SENTENCES: [&str; 4] = [
        "要坚持以人民为中心的发展思想，认真抓好各项工作的贯彻落实。",
        "加快推进乡村振兴，提高组织力和政治功能，持续优化营商环境。",
        "截至去年底，全市共完成固定资产投资三百亿元，同比增长百分之八。",
        "各级领导干部要带头学习，做到学思用贯通、知信行统一。",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Whatever character is put anywhere, each finding's fix changes exactly its own
        /// character, to another one, and its word holds that character.
        #[test]
        fn a_fix_changes_only_its_span(
            which in 0..SENTENCES.len(),
            at in 0usize..30,
            c in 0x4E00u32..0x9FA5,
        ) {
            let mut text: Vec<char> = SENTENCES[which].chars().collect();
            let at = at % text.len();
            text[at] = char::from_u32(c).unwrap();
            for typo in typos(&text, &|_| false) {
                prop_assert!(typo.at < text.len());
                prop_assert_ne!(typo.fix, text[typo.at]);
                prop_assert!(typo.span.contains(&typo.at));
                // Reported only past a threshold: the words' margin, moved by at most half the
                // context model's veto line, or the weaker margin with a sure context.
                let floor = (THRESHOLD + CONTEXT_WEIGHT * CONTEXT_DOUBT)
                    .min(WEAKER_THRESHOLD + CONTEXT_WEIGHT * CONTEXT_SURE);
                prop_assert!(typo.score > floor, "{} ≤ {floor}", typo.score);
                let mut fixed = text.clone();
                fixed[typo.at] = typo.fix;
                let changed: Vec<usize> =
                    (0..text.len()).filter(|&k| fixed[k] != text[k]).collect();
                prop_assert_eq!(changed, vec![typo.at]);
                let word: String = fixed[typo.span.clone()].iter().collect();
                prop_assert_eq!(word, typo.word.clone());
            }
        }

        /// Whatever two characters are put anywhere, each finding of the scan replaces its
        /// own span by as many characters, each of them another, within the word it names.
        #[test]
        fn a_scan_fix_changes_only_its_span(
            which in 0..SENTENCES.len(),
            at in 0usize..30,
            c in 0x4E00u32..0x9FA5,
            d in 0x4E00u32..0x9FA5,
        ) {
            let mut text: Vec<char> = SENTENCES[which].chars().collect();
            let at = at % (text.len() - 1);
            text[at] = char::from_u32(c).unwrap();
            text[at + 1] = char::from_u32(d).unwrap();
            let s: String = text.iter().collect();
            let mut hits = Vec::new();
            scan(&s, &|_| false, &mut hits);
            for hit in hits {
                let fix: Vec<char> = hit.fix.clone().unwrap_or_default().chars().collect();
                prop_assert!(hit.chars.end <= text.len());
                prop_assert_eq!(fix.len(), hit.chars.len());
                for (k, f) in fix.iter().enumerate() {
                    prop_assert_ne!(*f, text[hit.chars.start + k]);
                }
                let word = hit.word.clone().expect("a word finding names its word");
                prop_assert!(word.start <= hit.chars.start && hit.chars.end <= word.end);
            }
        }
    }
}

#[test]
fn a_wrong_phrase_is_one_error_not_an_error_and_a_guess() {
    let found = crate::check::check_text("要坚持问题导向，针贬时弊。");
    let rules: Vec<&str> = found.iter().map(|f| f.rule).collect();
    assert_eq!(rules, [crate::check::rules::COMMON_ERROR], "{found:?}");
}

fn gain(text: &str, at: usize, d: char) -> f64 {
    let cs: Vec<char> = text.chars().collect();
    context::gain(&cs, at, d, true, true).expect("the context model is built in")
}

#[test]
fn the_context_model_prefers_the_usual_character() {
    // 贯彻落实 and 建立健全 are usual in official prose, their slips are not.
    assert!(gain("认真惯彻落实", 2, '贯') > 5.0);
    assert!(gain("认真贯彻落实", 2, '惯') < -5.0);
    assert!(gain("建立建全机制", 2, '健') > 5.0);
    assert!(gain("坚持依法刑政", 4, '行') > 5.0);
    // A replacement by the same character changes nothing.
    assert!(gain("坚持依法行政", 4, '行').abs() < 1e-9);
}

#[test]
fn the_context_model_reads_the_ends_of_a_run() {
    let cs: Vec<char> = "任何时侯".chars().collect();
    let at_end = context::gain(&cs, 3, '候', true, true).unwrap();
    // Cut from a longer run, the end is not taken for the end of the text.
    let inside = context::gain(&cs, 3, '候', true, false).unwrap();
    assert!(at_end > 0.0 && inside > 0.0);
    assert_ne!(at_end, inside);
}

#[test]
fn the_context_model_lets_a_weaker_word_score_through() {
    // 职则 reads as 职 + 则 nearly well enough for the words alone; the context is sure.
    assert_eq!(run("各级政府要认真履行职则"), [("则".into(), '责')]);
}

#[test]
fn the_context_model_keeps_set_phrases_the_words_doubt() {
    // 孝老爱亲 reads as 孝老 + 父亲 to the words alone; in context 爱亲 is plain.
    assert_eq!(run("崇德向善、孝老爱亲"), []);
}

/// The two-character findings of a text: what was written and the fix.
fn pairs_in(text: &str) -> Vec<(String, String)> {
    let cs: Vec<char> = text.chars().collect();
    let mut hits = Vec::new();
    scan(text, &|_| false, &mut hits);
    hits.into_iter()
        .filter(|h| h.chars.len() == 2)
        .map(|h| (cs[h.chars].iter().collect(), h.fix.unwrap_or_default()))
        .collect()
}

#[test]
fn a_word_typed_for_another_of_the_same_sound() {
    // The correction makes a longer word with its neighbours.
    assert_eq!(
        pairs_in("各级人民征服要认真履行职责。"),
        [("征服".into(), "政府".into())]
    );
    // An unknown pair, a common word in its place, and a context that is sure.
    assert_eq!(
        pairs_in("要认真罐车落实党中央的决策部署。"),
        [("罐车".into(), "贯彻".into())]
    );
    // A word for a word: only a far likelier context lets it through.
    assert_eq!(
        pairs_in("我们要大力咫尺民营企业发展。"),
        [("咫尺".into(), "支持".into())]
    );
}

#[test]
fn a_pair_that_is_no_slip_is_left_alone() {
    for text in [
        // A speaker's name before a colon, in a transcript.
        "李杰：有一部分同志认为要再等一等。",
        // A four-character phrase standing alone (知耻 is no slip for 支持).
        "诚实守信、明礼知耻，做一个对社会有用的人。",
        // Two words' edges: 为 + 圆满.
        "为圆满完成全年目标任务而努力。",
        // A common word as written.
        "市科技局、市财政局联合印发通知。",
        "认真做好预算编制工作，严格执行预算。",
    ] {
        assert_eq!(pairs_in(text), [], "{text}");
    }
}

#[test]
fn a_pair_finding_gives_its_reason_and_word() {
    let text = "各级人民征服要认真履行职责。";
    let cs: Vec<char> = text.chars().collect();
    let mut hits = Vec::new();
    scan(text, &|_| false, &mut hits);
    let hit = hits
        .iter()
        .find(|h| h.chars.len() == 2)
        .expect("a pair finding");
    assert_eq!(hit.message, "“征服”与“政府”音近，“人民政府”是常用词");
    let word: String = cs[hit.word.clone().expect("the word it makes")]
        .iter()
        .collect();
    assert_eq!(word, "人民征服");
}

#[test]
fn an_accepted_word_silences_a_pair() {
    let mut hits = Vec::new();
    scan(
        "要认真罐车落实党中央的决策部署。",
        &|w| w == ['罐', '车'],
        &mut hits,
    );
    assert!(hits.is_empty(), "{hits:?}");
}
