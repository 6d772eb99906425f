//! The importer and checker on the corpus of real speeches beside the repository
//! (`../shared/corpus`, read at run time, never copied). Skipped when the folder is absent.
//! `cargo run --release --example corpus_report` prints the full per-file figures.

use std::path::PathBuf;

#[path = "support/corpus_measure.rs"]
mod measure;

/// Rules whose error findings on a published speech are typos kept in the source (a
/// half-width comma or question mark between Chinese characters, `，，`), not a misjudged style.
const TYPO_RULES: [&str; 2] = ["punct-halfwidth", "punct-doubled"];

#[test]
fn real_speeches_import_with_their_structure_and_every_word() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    let Some(expected) = measure::load(&dir) else {
        eprintln!("no corpus beside the repository: skipped");
        return;
    };
    let expected = expected.expect("expected.json parses");
    let figures: Vec<measure::Figures> = expected
        .iter()
        .map(|e| measure::measure(&dir, e).expect("corpus file reads"))
        .collect();
    let titles = figures.iter().filter(|f| f.title_ok).count();
    let found: usize = figures.iter().map(|f| f.found).sum();
    let headings: usize = figures.iter().map(|f| f.headings).sum();
    assert!(
        titles * 100 >= figures.len() * 95,
        "titles {titles}/{}",
        figures.len()
    );
    assert!(
        found * 100 >= headings * 95,
        "top-level headings found {found}/{headings}"
    );
    // Structure that is not there is as wrong as structure missed.
    let extra: usize = figures.iter().map(|f| f.extra).sum();
    assert!(
        extra * 100 <= headings * 5,
        "sections that are no heading: {extra}"
    );
    let salutations = figures.iter().filter(|f| f.salutation_ok).count();
    eprintln!(
        "corpus: titles {titles}/{n}, salutations {salutations}/{n}, headings {found}/{headings} (+{extra})",
        n = figures.len()
    );
    for f in &figures {
        assert_ne!(
            f.closing_ok,
            Some(false),
            "{}: closing not found; found {:?}, the body ends {:?}",
            f.file,
            f.closing_found,
            f.body_last
        );
        assert!(f.lost.is_empty(), "{} lost lines: {:#?}", f.file, f.lost);
        assert_eq!(f.false_blanks, 0, "{} false blanks", f.file);
        let misjudged: Vec<_> = f
            .errors
            .iter()
            .filter(|(rule, _)| !TYPO_RULES.contains(rule))
            .collect();
        assert!(misjudged.is_empty(), "{}: {misjudged:?}", f.file);
    }
}

#[test]
fn markdown_posts_lose_their_markup_and_keep_their_title() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    let Some(expected) = measure::load(&dir) else {
        return;
    };
    for e in expected.expect("expected.json parses") {
        let text = std::fs::read_to_string(dir.join(&e.file)).expect("corpus file reads");
        let text = text.split_once('\n').map_or("", |(_, r)| r);
        // Blog posts kept as Markdown with front matter: the title comes from it, cleaned.
        if !text.trim_start().starts_with("---") {
            continue;
        }
        let imported = jianggao::import::import_text(text);
        if let Some(title) = &e.title {
            // A `——……上的讲话` part is the subtitle: the same words.
            let s = &imported.speech;
            assert_eq!(
                measure::plain(&format!("{}{}", s.title, s.subtitle)),
                measure::plain(title),
                "{}",
                e.file
            );
        }
        let body = jianggao::export::render(&imported.speech);
        assert!(
            !body.contains("**") && !body.contains("](http"),
            "{}",
            e.file
        );
    }
}

/// Every real speech, once imported, survives the trip through Word: written as .docx in
/// either layout and imported from it, it is the same speech.
#[test]
fn real_speeches_come_back_from_word_unchanged() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    let Some(expected) = measure::load(&dir) else {
        eprintln!("no corpus beside the repository: skipped");
        return;
    };
    use jianggao::export::docx::{Layout, ReadingSize};
    use jianggao::export::render;
    for e in expected.expect("expected.json parses") {
        let text = std::fs::read_to_string(dir.join(&e.file)).unwrap();
        let text = text.split_once('\n').map_or("", |(_, rest)| rest);
        let speech = jianggao::import::import_text(text).speech;
        for layout in [Layout::Official, Layout::Reading(ReadingSize::XiaoEr)] {
            let bytes = jianggao::export::docx::bytes(&speech, layout).unwrap();
            let read = jianggao::import::source::docx::read(&bytes).unwrap();
            let back = jianggao::import::import_text(&read.text).speech;
            assert_eq!(render(&back), render(&speech), "{} in {layout:?}", e.file);
        }
    }
}

/// 把讲稿变成模板 on every real speech: only dates, numbers, percentages and names are replaced,
/// each is listed, the rest of every text stays as it was, and keeping all changes nothing.
#[test]
fn the_template_maker_replaces_only_what_it_lists_on_real_speeches() {
    use jianggao::doc::templatize::{self, Kind};
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no corpus beside the repository: skipped");
        return;
    };
    let mut speeches = vec![jianggao::session::sample_speech()];
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    for path in &files {
        speeches.push(jianggao::import::import_file(path).unwrap().speech);
    }
    let mut counts = std::collections::BTreeMap::new();
    for speech in &speeches {
        let found = templatize::find(speech);
        assert_eq!(
            &templatize::apply(speech, &found, &vec![true; found.len()], false),
            speech,
            "{}: keeping all changed the speech",
            speech.title
        );
        let made = templatize::apply(speech, &found, &[], false);
        for r in &found {
            *counts.entry(r.kind).or_insert(0) += 1;
            let ok = match r.kind {
                Kind::Name => {
                    (2..=3).contains(&r.original.chars().count())
                        && r.original.chars().all(jianggao::text::chars::is_han)
                }
                _ => r.original.chars().all(|c| {
                    c.is_ascii_digit()
                        || ('０'..='９').contains(&c)
                        || ".．,〇零一二三四五六七八九十百点".contains(c)
                }),
            };
            assert!(ok, "{}: {:?} is no {:?}", speech.title, r.original, r.kind);
        }
        // Outside the listed ranges every text is as it was: cutting the blanks out of the new
        // text and the listed values out of the old gives the same pieces.
        speech.for_each_text(&mut |target, old| {
            let new = made.text(target).unwrap();
            let mut ranges: Vec<_> = found
                .iter()
                .filter(|r| r.target == target)
                .map(|r| r.chars.clone())
                .collect();
            ranges.sort_by_key(|r| r.start);
            let chars: Vec<char> = old.chars().collect();
            let mut pieces = Vec::new();
            let mut at = 0;
            for r in &ranges {
                assert!(r.start >= at, "overlapping replacements in {old}");
                pieces.push(chars[at..r.start].iter().collect::<String>());
                at = r.end;
            }
            pieces.push(chars[at..].iter().collect::<String>());
            assert_eq!(pieces.join(templatize::BLANK), new);
        });
    }
    eprintln!("template maker on {} speeches: {counts:?}", speeches.len());
    // The speeches name dates and figures: the maker finds some of each kind.
    assert!(
        counts.get(&Kind::Date).copied().unwrap_or(0) >= 20,
        "{counts:?}"
    );
    assert!(
        counts.get(&Kind::Number).copied().unwrap_or(0) >= 20,
        "{counts:?}"
    );
}
