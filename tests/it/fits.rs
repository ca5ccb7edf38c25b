//! Choosing fits: the bounds that skip trial compilations, and the cache kept between runs,
//! which must make builds faster and never different.

use std::collections::BTreeMap;
use std::path::Path;

use handout::assets::Inputs;
use handout::fits::next_fit;
use handout::handout::{select, Documents};
use handout::i18n::edition;
use handout::pipeline::Pipeline;
use handout::print::Print;
use handout::render::{FITS, LARGE_FITS};
use handout::typst::pages_of_text;

use crate::common::{edit_template, handout, pdfs_in, temp};

#[test]
fn bounds_skip_only_fits_that_surely_run_over() {
    // Just over one page: the next fit might do.
    assert_eq!(next_fit(&FITS, 0, Some(1.05), 1), 1);
    // A fifth over: tighter spacing alone cannot bring it back, smaller text might.
    assert_eq!(next_fit(&FITS, 0, Some(1.2), 1), 2);
    // Far over: only the last fit is left to try, and it is tried.
    assert_eq!(next_fit(&FITS, 0, Some(1.9), 1), 4);
    assert_eq!(next_fit(&FITS, 2, Some(9.0), 1), 4);
    // Nothing measured, or another ladder: one step at a time.
    assert_eq!(next_fit(&FITS, 0, None, 1), 1);
    assert_eq!(next_fit(&LARGE_FITS, 0, Some(5.0), 2), 1);
}

#[test]
fn pages_of_text_shrink_with_every_tighter_fit_and_never_exceed_the_pages() {
    let pipeline = Pipeline::load(&Inputs::embedded(), None).expect("loads");
    let editions =
        pipeline.editions(&edition::requested(&pipeline.data, "ru").expect("ru"), false).expect("ru");
    let handouts = select(&editions, &Documents::default(), &[Print::default()], None).expect("handouts");
    for handout in
        handouts.iter().filter(|h| h.file_stem().ends_with("overview") || h.file_stem().ends_with("tumoral"))
    {
        let measured: Vec<(usize, f64)> = FITS
            .iter()
            .map(|&fit| {
                let document = pipeline.compile_at(handout, fit).expect("compiles");
                (document.pages().len(), pages_of_text(&document).expect("the end marker"))
            })
            .collect();
        let name = handout.display_name();
        // Russian runs over at the first fit and needs a later one.
        assert!(measured[0].0 > handout.max_pages(), "{name}: {measured:?}");
        for (pages, text) in &measured {
            assert!(*text > (*pages - 1) as f64 * 0.5 && *text <= *pages as f64, "{name}: {measured:?}");
        }
        for pair in measured.windows(2) {
            assert!(pair[1].1 < pair[0].1, "{name}: tighter type must hold less: {measured:?}");
        }
    }
}

/// Build Spanish (its documents need every fit) with a cache folder; return the files and
/// how many times each document was compiled.
fn build(cache: &str, dir: &Path, templates: Option<&Path>) -> (BTreeMap<String, Vec<u8>>, Vec<u32>) {
    let out = dir.join("out");
    let mut command = handout();
    command.env("HANDOUT_CACHE", cache).current_dir(dir);
    if let Some(templates) = templates {
        command.arg("--templates").arg(templates);
    }
    let output = command
        .args(["build", "--locale", "es", "--verbose", "--force", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let compiles = stderr
        .lines()
        .filter_map(|line| line.split_once(" ms (")?.1.split_once("x)")?.0.parse().ok())
        .collect::<Vec<u32>>();
    assert_eq!(compiles.len(), 15, "{stderr}");
    let files = pdfs_in(&out.join("es"))
        .into_iter()
        .map(|path| (path.display().to_string(), std::fs::read(&path).expect("pdf")))
        .collect();
    (files, compiles)
}

#[test]
fn a_warm_cache_compiles_each_document_once_and_changes_no_byte() {
    let dir = temp();
    let cache = dir.path().join("cache");
    let cache = cache.to_str().expect("utf-8 path");
    let (cold, cold_compiles) = build(cache, dir.path(), None);
    assert!(cold_compiles.iter().any(|&n| n > 1), "Spanish needs trial compilations: {cold_compiles:?}");
    let saved = std::fs::read_to_string(Path::new(cache).join("fits")).expect("the cache is saved");
    let (checksum, entries) = saved.split_once('\n').expect("a checksum line");
    assert!(checksum.starts_with("# handout fits "), "{saved}");
    assert_eq!(entries.lines().count(), 15, "{saved}");
    assert!(entries
        .lines()
        .all(|line| line.len() == 34 && line[..32].chars().all(|c| c.is_ascii_hexdigit())));

    let (warm, warm_compiles) = build(cache, dir.path(), None);
    assert_eq!(warm_compiles, vec![1; 15]);
    assert!(cold == warm, "a warm build must write the same bytes");
}

#[test]
fn a_template_change_or_a_damaged_cache_never_reuses_a_stale_fit() {
    let dir = temp();
    let cache = dir.path().join("cache");
    let cache_path = cache.to_str().expect("utf-8 path");
    build(cache_path, dir.path(), None);
    // A smaller bottom margin: documents have more room, and looser fits than the cached ones
    // now fit. The generated sources stay the same.
    edit_template(dir.path(), "handout.typ", "(size * 1.2, size * 0.7)", "(size * 1.2, size * 0.1)");
    let templates = dir.path().join("templates");
    let (cached, _) = build(cache_path, dir.path(), Some(&templates));
    let (uncached, _) = build("off", dir.path(), Some(&templates));
    assert!(cached == uncached, "a changed template must choose its fits afresh");

    std::fs::write(cache.join("fits"), "not a cache\n\u{0}\u{1}zz 7\n").expect("damage");
    let (damaged, _) = build(cache_path, dir.path(), Some(&templates));
    assert!(damaged == uncached);
}

#[test]
fn a_cache_edited_to_tighter_fits_is_not_trusted() {
    let dir = temp();
    let cache = dir.path().join("cache");
    let cache_path = cache.to_str().expect("utf-8 path");
    let (uncached, _) = build("off", dir.path(), None);
    build(cache_path, dir.path(), None);
    // Every document one fit tighter than it needs: smaller type than a cold build would choose.
    let saved = std::fs::read_to_string(cache.join("fits")).expect("the cache is saved");
    let (checksum, entries) = saved.split_once('\n').expect("a checksum line");
    let tighter: String = entries
        .lines()
        .map(|line| {
            let (key, fit) = line.split_once(' ').expect("an entry");
            format!("{key} {}\n", fit.parse::<u8>().expect("a fit") + 1)
        })
        .collect();
    std::fs::write(cache.join("fits"), format!("{checksum}\n{tighter}")).expect("edit");
    let (edited, compiles) = build(cache_path, dir.path(), None);
    assert!(edited == uncached, "an edited cache must not change the type");
    assert!(compiles.iter().any(|&n| n > 1), "the edited entries are ignored: {compiles:?}");
}
