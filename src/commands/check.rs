//! `handout check`: render and compile every handout on every paper and in large print, and
//! the download site's pages, without writing files; then check the content: the reading
//! level of every document and the content rules.

use crate::checks::{self, Checks};
use crate::cli::{CheckArgs, Folders};
use crate::error::{Error, Result};
use crate::pipeline::Discard;
use crate::print::{Paper, Print};
use crate::run::{Options, Run};
use crate::site::Site;

/// Build everything in memory and check the content; any build problem fails the check, and
/// with `--strict` so does a missed reading target or a broken content rule.
pub fn run(folders: &Folders, args: &CheckArgs) -> Result<()> {
    let options = Options { default_locales: "all", ..Options::new(super::inputs(folders)?) };
    let print = |paper, large| Print { paper, large };
    let prints = vec![print(Paper::Letter, false), print(Paper::Letter, true), print(Paper::A4, false)];
    let run = Run { prints, ..Run::new(options)? };
    let pipeline = run.pipeline()?;
    let editions = run.editions(&pipeline)?;
    let handouts = run.handouts(&editions);
    let built = pipeline.build_all(&handouts, &run.export, &Discard, run.jobs, &|_| {})?;
    // The site made of the letter editions, as `handout site` would write it.
    let (site_handouts, site_built): (Vec<_>, Vec<_>) = handouts
        .iter()
        .zip(built)
        .filter(|(handout, _)| handout.print.paper == Paper::Letter)
        .map(|(handout, built)| (handout.clone(), built))
        .unzip();
    let mut site = Site::new(&pipeline, &run.inputs, &editions, run.clinic.as_ref());
    site.add(&editions, &site_handouts, &site_built, &mut |_, _| Ok(()))?;
    site.finish()?;

    let checks = Checks::load(&pipeline.data)?;
    let mut failures = Vec::new();
    for topic in &pipeline.topics {
        for (warning, message) in checks::lint(&pipeline.data, topic, &checks)? {
            if args.strict && !warning {
                failures.push(message);
            } else {
                eprintln!("warning: {message}");
            }
        }
    }
    let regular = handouts.iter().filter(|h| h.print == Print::default());
    for reading in regular.map(|handout| checks::reading(handout, &checks)) {
        let missed: Vec<&checks::Measure> = reading.measures.iter().filter(|m| m.misses()).collect();
        if args.reading {
            println!("{:<34} {}", reading.name, figures(reading.measures.iter()).join(" · "));
            for sentence in &reading.hardest {
                println!("    {sentence}");
            }
        }
        if args.strict && !missed.is_empty() {
            let hardest =
                reading.hardest.first().map_or(String::new(), |s| format!("; hardest sentence: \"{s}\""));
            failures.push(format!(
                "{}: over its reading target: {}{hardest}",
                reading.name,
                figures(missed.into_iter()).join(", ")
            ));
        }
    }
    if !failures.is_empty() {
        return Err(Error::Input(failures));
    }
    for warning in editions.iter().flat_map(|e| &e.stray_catalogs) {
        eprintln!("warning: {warning}");
    }
    let fallbacks: usize = editions.iter().map(|e| e.warnings.len()).sum();
    for edition in editions.iter().filter(|e| !e.warnings.is_empty()) {
        println!(
            "{}: {} entries fall back to English (see `handout i18n status`)",
            edition.locale.code,
            edition.warnings.len()
        );
    }
    println!(
        "ok: {} handouts rendered ({} locales, letter, A4 and large print) and the site's pages; {fallbacks} untranslated entries",
        handouts.len(),
        editions.len()
    );
    Ok(())
}

/// `SMOG grade 7.4 (target ≤ 8)` for each measure; no target, no brackets.
fn figures<'a>(measures: impl Iterator<Item = &'a checks::Measure>) -> Vec<String> {
    measures
        .map(|m| {
            let bound = if m.higher_is_easier { "≥" } else { "≤" };
            let target = m.target.map_or(String::new(), |t| format!(" (target {bound} {t})"));
            format!("{} {:.1}{target}", m.name, m.value)
        })
        .collect()
}
