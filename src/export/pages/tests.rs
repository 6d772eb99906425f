use super::*;
use crate::export::docx::ReadingSize;

fn sample() -> Speech {
    crate::store::draft::from_str(
        include_str!("../../../assets/sample-speech.ron"),
        std::path::Path::new("sample-speech.ron"),
    )
    .unwrap()
}

fn body(text: &str) -> Block {
    Block {
        role: Role::Body,
        lead: String::new(),
        text: text.to_owned(),
        at: None,
    }
}

fn heading(text: &str) -> Block {
    Block {
        role: Role::Heading { depth: 0 },
        lead: text.to_owned(),
        text: String::new(),
        at: None,
    }
}

/// A body paragraph of `n` Chinese characters (no punctuation, so lines fill exactly).
fn chars(n: usize) -> String {
    "的".repeat(n)
}

/// Cells (ems) a line of the page takes.
fn cells(pages: &Pages, line: &Line) -> f32 {
    pages.paragraphs[line.paragraph].chars[line.chars.clone()]
        .iter()
        .map(|&c| ems(c))
        .sum()
}

#[test]
fn the_official_layout_holds_22_lines_of_28_characters() {
    let g = Geometry::of(Layout::Official);
    assert_eq!(g.lines_per_page(), 22);
    let pages = paginate_blocks(&[body(&chars(26 + 28 * 30))], Layout::Official);
    // 2 indent cells + 26, then 28 a line: 31 lines, 22 on the first page.
    assert_eq!(pages.lines.len(), 31);
    assert_eq!(pages.pages.len(), 2);
    assert_eq!(pages.lines_on(0), 22);
    assert_eq!(pages.lines_on(1), 9);
    for l in &pages.lines[1..] {
        assert!(cells(&pages, l) <= 28.0);
    }
    assert_eq!(cells(&pages, &pages.lines[0]), 26.0);
    assert_eq!(cells(&pages, &pages.lines[1]), 28.0);
    // Every full line ends at the type area's right edge.
    let line = &pages.lines[1];
    let end = *pages.xs(line).last().unwrap();
    assert!((end - (g.left + g.width)).abs() < 0.5, "{end}");
}

#[test]
fn the_sample_lays_out_as_word_and_libreoffice_break_it() {
    // Page counts and lines per page of the sample: LibreOffice's rendering of the Word export
    // breaks its pages at the same lines.
    let speech = sample();
    let official = paginate(&speech, Layout::Official);
    let per_page: Vec<usize> = (0..official.pages.len())
        .map(|k| official.lines_on(k))
        .collect();
    assert_eq!(per_page, vec![22, 22, 22, 20, 22, 22, 15]);
    let reading = paginate(&speech, Layout::Reading(ReadingSize::XiaoEr));
    assert_eq!(reading.geometry.lines_per_page(), 18);
    assert_eq!(reading.pages.len(), 10);
    for (k, range) in official.pages.iter().enumerate() {
        for l in &official.lines[range.clone()] {
            assert_eq!(l.page, k);
            assert!(l.y + official.geometry.line <= official.geometry.top + 225.0 + 0.05);
        }
    }
}

#[test]
fn no_line_starts_with_closing_punctuation_or_ends_with_an_opening_one() {
    let speech = sample();
    for layout in [Layout::Official, Layout::Reading(ReadingSize::Er)] {
        let pages = paginate(&speech, layout);
        let mut checked = 0;
        for l in &pages.lines {
            let p = &pages.paragraphs[l.paragraph];
            let row = &p.chars[l.chars.clone()];
            if l.chars.start > 0 {
                assert!(!linebreak::no_start(row[0]), "{}", pages.text(l));
                checked += 1;
            }
            if l.chars.end < p.chars.len() {
                assert!(
                    !linebreak::no_end(*row.last().unwrap()),
                    "{}",
                    pages.text(l)
                );
            }
        }
        assert!(checked > 50);
    }
}

#[test]
fn every_character_is_on_a_page_once_in_order() {
    let speech = sample();
    let pages = paginate(&speech, Layout::Official);
    let laid: String = pages.lines.iter().map(|l| pages.text(l)).collect();
    let blocks: String = blocks(&speech)
        .iter()
        .map(|b| format!("{}{}", b.lead, b.text))
        .collect();
    assert_eq!(laid, blocks);
    // Pages cover the lines in order, without gaps.
    let mut next = 0;
    for r in &pages.pages {
        assert_eq!(r.start, next);
        next = r.end;
    }
    assert_eq!(next, pages.lines.len());
}

#[test]
fn a_heading_goes_to_the_next_page_with_its_first_lines() {
    // 20 lines fill most of page 1; a heading there would stand with one line of its text.
    let para = chars(26 + 28 * 19);
    let blocks = [
        body(&para),
        heading("一、总体要求"),
        body(&chars(26 + 28 * 5)),
    ];
    let pages = paginate_blocks(&blocks, Layout::Official);
    assert_eq!(pages.lines_on(0), 20);
    let h = &pages.lines[pages.paragraphs[1].lines.start];
    assert_eq!(h.page, 1);
    assert_eq!(pages.lines[pages.pages[1].start].paragraph, 1);
    assert!(
        !pages
            .warnings
            .iter()
            .any(|w| matches!(w, Warning::HeadingAtFoot { .. }))
    );
    // With room for the heading and two lines it stays.
    let para = chars(26 + 28 * 18);
    let blocks = [
        body(&para),
        heading("一、总体要求"),
        body(&chars(26 + 28 * 5)),
    ];
    let pages = paginate_blocks(&blocks, Layout::Official);
    assert_eq!(pages.lines[pages.paragraphs[1].lines.start].page, 0);
    assert_eq!(pages.lines_on(0), 22);
}

#[test]
fn a_paragraph_leaves_no_line_alone_at_a_page_foot_or_top() {
    // 21 lines used: the next paragraph's first line alone at the foot moves down with it.
    let blocks = [body(&chars(26 + 28 * 20)), body(&chars(26 + 28 * 4))];
    let pages = paginate_blocks(&blocks, Layout::Official);
    assert_eq!(pages.lines_on(0), 21);
    assert_eq!(pages.lines[pages.paragraphs[1].lines.start].page, 1);
    // A 23-line paragraph: 22 then 1 would leave its last line alone; 21 and 2 it is.
    let pages = paginate_blocks(&[body(&chars(26 + 28 * 22))], Layout::Official);
    assert_eq!(pages.lines.len(), 23);
    assert_eq!((pages.lines_on(0), pages.lines_on(1)), (21, 2));
}

#[test]
fn a_last_line_of_one_or_two_characters_is_a_warning() {
    // 26 on the first line, then one character with its full stop.
    let pages = paginate_blocks(&[body(&format!("{}。", chars(27)))], Layout::Official);
    assert_eq!(pages.lines.len(), 2);
    assert_eq!(
        pages.warnings,
        vec![Warning::LoneCharacters {
            paragraph: 0,
            chars: 1
        }]
    );
    assert!(pages.warnings[0].message(&pages).contains("孤字"));
    let two = paginate_blocks(&[body(&chars(28))], Layout::Official);
    assert_eq!(
        two.warnings,
        vec![Warning::LoneCharacters {
            paragraph: 0,
            chars: 2
        }]
    );
    // Three characters, or a one-line paragraph, are not.
    let three = paginate_blocks(&[body(&chars(29))], Layout::Official);
    assert!(three.warnings.is_empty());
    let short = paginate_blocks(&[body(&chars(2))], Layout::Official);
    assert!(short.warnings.is_empty());
}

#[test]
fn a_last_page_of_one_or_two_lines_is_a_warning() {
    let pages = paginate_blocks(
        &[body(&chars(26 + 28 * 20)), body(&chars(40))],
        Layout::Official,
    );
    assert_eq!(pages.pages.len(), 2);
    assert_eq!(pages.warnings, vec![Warning::ShortLastPage { lines: 2 }]);
    let one_page = paginate_blocks(&[body(&chars(40))], Layout::Official);
    assert!(one_page.warnings.is_empty());
}

#[test]
fn a_heading_at_a_page_foot_is_a_warning_where_it_cannot_be_kept() {
    // An outline with no text yet: sixty headings keep together longer than a page, so the
    // pages break where they fall.
    let blocks: Vec<Block> = (0..60).map(|i| heading(&format!("标题{i}"))).collect();
    let pages = paginate_blocks(&blocks, Layout::Official);
    assert_eq!(pages.lines_on(0), 22);
    assert_eq!(
        pages.warnings,
        vec![
            Warning::HeadingAtFoot {
                paragraph: 21,
                page: 0
            },
            Warning::HeadingAtFoot {
                paragraph: 37,
                page: 1
            }
        ]
    );
    assert!(pages.warnings[0].message(&pages).contains("第 1 页"));
}

#[test]
fn the_reading_copy_sets_headings_off_and_centres_its_folio() {
    let g = Geometry::of(Layout::Reading(ReadingSize::XiaoEr));
    // 150 mm of 18 pt: 23 characters a line.
    let pages = paginate_blocks(
        &[body(&chars(21 + 23)), heading("一、标题"), body(&chars(5))],
        Layout::Reading(ReadingSize::XiaoEr),
    );
    assert_eq!(pages.lines.len(), 4);
    let [a, b, h, _] = &pages.lines[..] else {
        panic!()
    };
    assert!((b.y - a.y - g.line).abs() < 1e-3);
    assert!((h.y - b.y - g.line - g.heading_gap).abs() < 1e-3);
    let (text, x, _) = pages.folio_at(0);
    assert_eq!(text, "— 1 —");
    // `— 1 —`: two dashes of an em, a digit of half an em (Times), two spaces of a quarter.
    let width = 3.0 * g.folio.size * MM_PER_PT;
    assert!((x + width / 2.0 - (g.left + g.width / 2.0)).abs() < 0.01);
}

#[test]
fn official_folios_alternate_right_and_left() {
    let pages = paginate_blocks(&[body(&chars(28 * 40))], Layout::Official);
    let g = pages.geometry;
    let (_, right, _) = pages.folio_at(0);
    let (_, left, _) = pages.folio_at(1);
    assert!(right > g.left + g.width / 2.0);
    assert!((left - (g.left + g.folio.inset)).abs() < 0.01);
}

#[test]
fn latin_text_takes_its_times_width_and_a_quarter_em_from_chinese() {
    let pages = paginate_blocks(
        &[body("在2022年增长8.1%。")],
        Layout::Reading(ReadingSize::XiaoEr),
    );
    let xs = pages.xs(&pages.lines[0]);
    let em = 18.0 * MM_PER_PT;
    let advance = |i: usize| (xs[i + 1] - xs[i]) / em;
    // 在 and a quarter before the digits; four digits of half an em, the last with a quarter.
    assert!((advance(0) - 1.25).abs() < 1e-4);
    assert!((advance(1) - 0.5).abs() < 1e-4);
    assert!((advance(4) - 0.75).abs() < 1e-4);
    assert!((advance(5) - 1.0).abs() < 1e-4, "年 then 增: no space");
    // `8.1%`: the full stop a quarter, the per cent sign as wide as in Times; none before 。
    assert!((advance(9) - 0.25).abs() < 1e-4);
    assert!((advance(11) - 0.833).abs() < 1e-4);
}

/// The layout as text: each page's lines with where they start and the gap justification
/// adds, for a reviewed snapshot.
fn dump(pages: &Pages) -> String {
    let mut out = String::new();
    for (k, range) in pages.pages.iter().enumerate() {
        out.push_str(&format!("== 第 {} 页，{} 行\n", k + 1, range.len()));
        for l in &pages.lines[range.clone()] {
            out.push_str(&format!(
                "{:6.1} {:5.1} {:+.2} {}\n",
                l.y,
                l.x,
                l.gap,
                pages.text(l)
            ));
        }
    }
    out
}

#[test]
fn the_sample_matches_its_reviewed_layouts() {
    let speech = sample();
    insta::assert_snapshot!(
        "sample_official",
        dump(&paginate(&speech, Layout::Official))
    );
    insta::assert_snapshot!(
        "sample_reading_xiaoer",
        dump(&paginate(&speech, Layout::Reading(ReadingSize::XiaoEr)))
    );
}

#[test]
fn a_line_break_in_a_text_ends_its_line() {
    let pages = paginate_blocks(&[body("第一行\n第二行")], Layout::Official);
    let rows: Vec<String> = pages.lines.iter().map(|l| pages.text(l)).collect();
    assert_eq!(rows, ["第一行\n", "第二行"]);
    assert_eq!(pages.lines[0].gap, 0.0, "not spread across the line");
}

#[test]
fn a_long_run_of_headings_is_laid_out_page_by_page() {
    // An outline of 3 000 empty sections: one chain of headings, broken where it falls.
    let blocks: Vec<Block> = (0..3000).map(|i| heading(&format!("标题{i}"))).collect();
    let pages = paginate_blocks(&blocks, Layout::Official);
    assert_eq!(pages.lines.len(), 3000);
    assert!(pages.pages.len() >= 3000 / 22);
    assert!((0..pages.pages.len()).all(|k| pages.lines_on(k) <= 22));
}
