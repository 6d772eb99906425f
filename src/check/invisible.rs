//! Characters nobody sees and letters that only look right: what text copied from web pages and
//! chat tools brings into a speech.
//!
//! - `bidi-control` (error, gates export): direction controls (U+202A–U+202E, U+2066–U+2069,
//!   U+200E/U+200F, U+061C). They make text display in another order than it reads.
//! - `control-char` (error): C0 and C1 control characters, DEL, line and paragraph separators.
//! - `invisible-space` (warning): zero-width spaces and joiners, word joiner, a BOM inside text,
//!   no-break spaces, soft hyphens, tabs.
//! - `lookalike` (warning): Latin, Cyrillic or Greek O/o and the digit 0 inside a Chinese numeral
//!   (`二OO一` → `二〇〇一`; the circle `○` in `一九八○年` is found by the number rules);
//!   Cyrillic or Greek letters inside a Latin word or standing alone in Chinese (`GDР` with a
//!   Cyrillic Р).
//! - `digit-width` (warning): one number mixing half- and full-width digits.
//!
//! Every finding names the character with its code point, since the excerpt cannot show it.

use super::hit::{Hit, hit};

/// What kind of invisible character a character is, with its Chinese name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invisible {
    Bidi(&'static str),
    Control(&'static str),
    ZeroWidth(&'static str),
    NoBreakSpace(&'static str),
    /// Soft hyphen, tab: invisible or layout only.
    Layout(&'static str),
}

/// Classifies a character that does not show (or shows as something else).
pub fn classify(c: char) -> Option<Invisible> {
    use Invisible::*;
    Some(match c {
        '\u{202A}' => Bidi("从左到右嵌入"),
        '\u{202B}' => Bidi("从右到左嵌入"),
        '\u{202C}' => Bidi("方向格式结束"),
        '\u{202D}' => Bidi("从左到右强制"),
        '\u{202E}' => Bidi("从右到左强制"),
        '\u{2066}' => Bidi("从左到右隔离"),
        '\u{2067}' => Bidi("从右到左隔离"),
        '\u{2068}' => Bidi("方向隔离"),
        '\u{2069}' => Bidi("方向隔离结束"),
        '\u{200E}' => Bidi("从左到右标记"),
        '\u{200F}' => Bidi("从右到左标记"),
        '\u{061C}' => Bidi("阿拉伯字母标记"),
        '\t' => Layout("制表符"),
        '\u{00AD}' => Layout("软连字符"),
        '\u{2028}' => Control("行分隔符"),
        '\u{2029}' => Control("段分隔符"),
        '\u{0000}'..='\u{001F}' | '\u{007F}'..='\u{009F}' => Control("控制符号"),
        '\u{200B}' => ZeroWidth("零宽空格"),
        '\u{200C}' => ZeroWidth("零宽不连字"),
        '\u{200D}' => ZeroWidth("零宽连字"),
        '\u{2060}' => ZeroWidth("零宽不换行空格"),
        '\u{FEFF}' => ZeroWidth("字节顺序标记（BOM）"),
        '\u{180E}' => ZeroWidth("蒙古文元音分隔符"),
        '\u{00A0}' => NoBreakSpace("不换行空格"),
        '\u{202F}' => NoBreakSpace("窄不换行空格"),
        '\u{2007}' => NoBreakSpace("数字空格"),
        _ => return None,
    })
}

/// A character's name as a drafter knows it: `看不见的空格`, `不间断空格` (Word's word), without
/// the character tables' names and numbers.
pub fn describe(c: char) -> String {
    match classify(c) {
        Some(Invisible::Bidi(_)) => "隐藏的方向符号",
        Some(Invisible::Control(_)) if matches!(c, '\u{2028}' | '\u{2029}') => "段落内的软回车",
        Some(Invisible::Control(_)) => "隐藏的控制符号",
        Some(Invisible::ZeroWidth(_)) => "看不见的空格",
        Some(Invisible::NoBreakSpace(_)) => "不间断空格",
        Some(Invisible::Layout(_)) if c == '\t' => "制表符（Tab 键）",
        Some(Invisible::Layout(_)) => "看不见的连字符",
        None => "看不见的字符",
    }
    .to_owned()
}

/// Chinese numerals a zero look-alike can sit between.
const NUMERALS: &str = "〇零一二三四五六七八九十";

/// Latin, full-width Latin, Cyrillic and Greek O/o and the digit zero.
fn zero_like(c: char) -> bool {
    matches!(
        c,
        'O' | 'o' | '0' | 'Ｏ' | 'ｏ' | '０' | 'О' | 'о' | 'Ο' | 'ο'
    )
}

/// The Latin letter a Cyrillic or Greek letter is mistaken for.
fn latin_twin(c: char) -> Option<char> {
    Some(match c {
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'Е' | 'Ε' => 'E',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Н' | 'Η' => 'H',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'С' => 'C',
        'Т' | 'Τ' => 'T',
        'Х' | 'Χ' => 'X',
        'І' | 'Ι' => 'I',
        'Ζ' => 'Z',
        'Ν' => 'N',
        'ο' => 'o',
        'ν' => 'v',
        _ => return None,
    })
}

fn is_foreign_letter(c: char) -> bool {
    matches!(c, '\u{0370}'..='\u{03FF}' | '\u{0400}'..='\u{04FF}')
}

fn is_chinese(c: Option<char>) -> bool {
    c.is_some_and(crate::text::chars::is_chinese)
}

/// Whether a text may hold anything this module reports: one pass over the bytes (vectorised:
/// no branch per byte), plus a look before each ASCII O/o/0. The full-width cases (E2 and EF
/// lead bytes) are classified by the caller's survey.
pub fn survey_bytes(b: &[u8]) -> bool {
    let lead = |x: u8| {
        (x < 0x20)
            | (x == 0x7F)
            // C1 controls, no-break space, soft hyphen: U+0080–U+00BF
            | (x == 0xC2)
            // Greek and Cyrillic: U+0370–U+04FF
            | (x.wrapping_sub(0xCD) < 7)
            // U+061C
            | (x == 0xD8)
            // U+180E
            | (x == 0xE1)
    };
    if b.chunks(64)
        .any(|chunk| chunk.iter().fold(false, |a, &x| a | lead(x)))
    {
        return true;
    }
    // `二O一` / `二0二三年`: an O, o or 0 right after a Chinese numeral.
    memchr::memchr3_iter(b'O', b'o', b'0', b).any(|i| {
        i >= 3
            && std::str::from_utf8(&b[i - 3..i])
                .ok()
                .and_then(|s| s.chars().next())
                .is_some_and(|c| NUMERALS.contains(c))
    })
}

/// Whether a full-width sequence starting with E2 or EF (three bytes) is one this module
/// reports: zero-width and direction characters, separators, BOM, full-width digits and O/o.
pub fn full_width_suspect(seq: &[u8]) -> bool {
    matches!(
        seq,
        [0xE2, 0x80, 0x8B..=0x8F | 0xA8..=0xAF]
            | [0xE2, 0x81, 0xA0..=0xA9]
            | [0xEF, 0xBB, 0xBF]
            | [0xEF, 0xBC, 0x90..=0x99 | 0xAF]
            | [0xEF, 0xBD, 0x8F]
    )
}

/// Runs the five rules over a text's characters.
pub fn scan(cs: &[char], out: &mut Vec<Hit>) {
    invisible(cs, out);
    lookalikes(cs, out);
    digit_width(cs, out);
}

fn invisible(cs: &[char], out: &mut Vec<Hit>) {
    for (i, &c) in cs.iter().enumerate() {
        let Some(kind) = classify(c) else {
            continue;
        };
        let what = describe(c);
        out.push(match kind {
            Invisible::Bidi(_) => hit(
                "bidi-control",
                i..i + 1,
                format!("{what}：会让文字显示顺序与实际顺序不同，导出前必须删除"),
                Some(String::new()),
            ),
            Invisible::Control(_) => hit(
                crate::check::CONTROL,
                i..i + 1,
                format!("{what}：看不见，应删除"),
                Some(String::new()),
            ),
            Invisible::ZeroWidth(_) | Invisible::Layout(_) => hit(
                "invisible-space",
                i..i + 1,
                format!("{what}：看不见，会影响查找和字数，建议删除"),
                Some(String::new()),
            ),
            Invisible::NoBreakSpace(_) => {
                // Between Chinese it is a stray gap: remove. Elsewhere an ordinary space.
                let around = (i == 0 || is_chinese(cs.get(i - 1).copied()))
                    && (i + 1 == cs.len() || is_chinese(cs.get(i + 1).copied()));
                hit(
                    "invisible-space",
                    i..i + 1,
                    format!("{what}：网页排版留下的空格，建议改为普通空格或删除"),
                    Some(if around { String::new() } else { " ".into() }),
                )
            }
        });
    }
}

fn lookalikes(cs: &[char], out: &mut Vec<Hit>) {
    let mut zeros = vec![false; 0];
    let mut i = 0;
    while i < cs.len() {
        if !zero_like(cs[i]) {
            i += 1;
            continue;
        }
        let run = cs[i..].iter().take_while(|&&c| zero_like(c)).count();
        let before = i.checked_sub(1).map(|j| cs[j]);
        let after = cs.get(i + run).copied();
        let numeral = |c: Option<char>| c.is_some_and(|c| NUMERALS.contains(c));
        // Not a run of ordinary digits in a number (`2020`): the run must touch numerals.
        if numeral(before) && (numeral(after) || after == Some('年')) {
            if zeros.is_empty() {
                zeros = vec![false; cs.len()];
            }
            zeros[i..i + run].iter_mut().for_each(|z| *z = true);
            let shown: String = cs[i..i + run].iter().collect();
            out.push(hit(
                "lookalike",
                i..i + run,
                format!("汉字数字中的“{shown}”不是“〇”（可能是字母 O 或数字 0）"),
                Some("〇".repeat(run)),
            ));
        }
        i += run;
    }
    // Letter runs: Latin, Cyrillic and Greek letters together.
    let letter = |c: char| c.is_ascii_alphabetic() || is_foreign_letter(c);
    let mut i = 0;
    while i < cs.len() {
        if !letter(cs[i]) {
            i += 1;
            continue;
        }
        let run = cs[i..].iter().take_while(|&&c| letter(c)).count();
        let word = &cs[i..i + run];
        let latin = word.iter().any(char::is_ascii_alphabetic);
        let foreign = word.iter().filter(|c| is_foreign_letter(**c)).count();
        // A real Russian or Greek word stays; a lone letter in Chinese or a mixed word does not.
        let alone = run <= 2
            && is_chinese(i.checked_sub(1).map(|j| cs[j]))
            && is_chinese(cs.get(i + run).copied());
        if foreign > 0 && (latin || alone) {
            for (k, &c) in word.iter().enumerate() {
                let at = i + k;
                if zeros.get(at) == Some(&true) {
                    continue;
                }
                if let Some(twin) = latin_twin(c) {
                    out.push(hit(
                        "lookalike",
                        at..at + 1,
                        format!(
                            "“{c}”是{}字母，样子像英文字母“{twin}”",
                            if ('\u{0400}'..='\u{04FF}').contains(&c) {
                                "俄文"
                            } else {
                                "希腊"
                            },
                        ),
                        Some(twin.to_string()),
                    ));
                }
            }
        }
        i += run;
    }
}

fn digit_width(cs: &[char], out: &mut Vec<Hit>) {
    let half = |c: char| c.is_ascii_digit();
    let full = |c: char| ('０'..='９').contains(&c);
    let mut i = 0;
    while i < cs.len() {
        if !half(cs[i]) && !full(cs[i]) {
            i += 1;
            continue;
        }
        let run = cs[i..].iter().take_while(|&&c| half(c) || full(c)).count();
        let digits = &cs[i..i + run];
        if digits.iter().any(|&c| half(c)) && digits.iter().any(|&c| full(c)) {
            let fixed: String = digits
                .iter()
                .map(|&c| {
                    if full(c) {
                        char::from_u32(u32::from(c) - 0xFF10 + u32::from(b'0')).unwrap_or(c)
                    } else {
                        c
                    }
                })
                .collect();
            out.push(hit(
                "digit-width",
                i..i + run,
                format!("同一个数中全角与半角数字混用，应为“{fixed}”"),
                Some(fixed),
            ));
        }
        i += run;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<(&'static str, String, Option<String>)> {
        let cs: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        scan(&cs, &mut out);
        out.into_iter()
            .map(|h| (h.rule, cs[h.chars].iter().collect(), h.fix))
            .collect()
    }

    #[test]
    fn bidi_controls_are_errors_removed_by_the_fix() {
        for c in [
            '\u{202E}', '\u{202A}', '\u{2066}', '\u{2069}', '\u{200F}', '\u{061C}',
        ] {
            let found = rules(&format!("全面推进{c}乡村振兴"));
            assert_eq!(
                found,
                [("bidi-control", c.to_string(), Some(String::new()))]
            );
        }
    }

    #[test]
    fn control_characters_are_errors() {
        for c in ['\u{0007}', '\u{001B}', '\u{007F}', '\u{0085}', '\u{2028}'] {
            let found = rules(&format!("加强{c}管理"));
            assert_eq!(found.len(), 1, "{c:?}");
            assert_eq!(found[0].0, "control-char");
        }
    }

    #[test]
    fn zero_width_and_no_break_spaces_are_warnings_with_fixes() {
        let found = rules("推进\u{200B}工作");
        assert_eq!(
            found,
            [("invisible-space", "\u{200B}".into(), Some(String::new()))]
        );
        // Between Han: removed; between Latin words: an ordinary space.
        assert_eq!(rules("推进\u{00A0}工作")[0].2, Some(String::new()));
        assert_eq!(rules("GDP\u{00A0}growth")[0].2, Some(" ".into()));
        assert_eq!(rules("软\u{00AD}连")[0].0, "invisible-space");
        assert_eq!(rules("词\u{FEFF}语")[0].0, "invisible-space");
    }

    #[test]
    fn ideographic_space_and_plain_text_are_not_findings() {
        assert!(rules("\u{3000}\u{3000}同志们，大家好！").is_empty());
        assert!(rules("二〇二三年，GDP增长5.2%，全年2023年。").is_empty());
        assert!(rules("Office 2019 与 WPS").is_empty());
    }

    #[test]
    fn zero_lookalikes_inside_chinese_numerals() {
        assert_eq!(
            rules("二OO一年"),
            [("lookalike", "OO".into(), Some("〇〇".into()))]
        );
        assert_eq!(rules("二0二三年")[0].2, Some("〇".into()));
        assert_eq!(rules("二〇о一年")[0].1, "о", "Cyrillic o");
        // 〇 itself and ordinary numbers are fine.
        assert!(rules("二〇〇一年").is_empty());
        assert!(rules("第10次会议，O型血").is_empty());
    }

    #[test]
    fn cyrillic_letters_in_latin_words_or_alone_in_chinese() {
        assert_eq!(
            rules("GDР增长"),
            [("lookalike", "Р".into(), Some("P".into()))]
        );
        assert_eq!(rules("这是а的问题")[0].2, Some("a".into()));
        // A real Russian word is left alone.
        assert!(rules("俄文“Москва”即莫斯科").is_empty());
    }

    #[test]
    fn digits_mixing_widths_within_one_number() {
        assert_eq!(
            rules("共２0２3人"),
            [("digit-width", "２0２3".into(), Some("2023".into()))]
        );
        assert!(rules("共２０２３人，2023年").is_empty());
    }

    #[test]
    fn the_byte_survey_sees_every_class() {
        let texts = [
            "推进\u{202E}工作",
            "加强\u{0007}管理",
            "推进\u{200B}工作",
            "推进\u{00A0}工作",
            "二OO一年",
            "二0二三年",
            "GDР",
            "共２0２3人",
            "词\u{FEFF}语",
        ];
        for t in texts {
            let b = t.as_bytes();
            let full = memchr::memchr2_iter(0xE2, 0xEF, b)
                .any(|i| b.get(i..i + 3).is_some_and(full_width_suspect));
            assert!(survey_bytes(b) || full, "{t:?}");
        }
        assert!(!survey_bytes("同志们，二〇二三年，2023年。".as_bytes()));
    }
}
