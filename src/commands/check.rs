//! `handout check`: render and compile every handout on every paper and in large print, and
//! the download site's pages, without writing files.

use crate::cli::Folders;
use crate::error::Result;
use crate::print::{Paper, Print};
use crate::run::{Options, Run};
use crate::site;

/// Build everything in memory; any problem fails the check.
pub fn run(folders: &Folders) -> Result<()> {
    let options = Options { default_locales: "all", ..Options::new(super::inputs(folders)?) };
    let print = |paper, large| Print { paper, large };
    let prints = vec![print(Paper::Letter, false), print(Paper::Letter, true), print(Paper::A4, false)];
    let run = Run { prints, ..Run::new(options)? };
    let pipeline = run.pipeline()?;
    let editions = run.editions(&pipeline)?;
    let handouts = run.handouts(&editions)?;
    let built = pipeline.build_all(&handouts, &run.export, run.jobs, &|_| {})?;
    // The site made of the letter editions, as `handout site` would write it.
    let (site_handouts, site_built): (Vec<_>, Vec<_>) = handouts
        .iter()
        .zip(built)
        .filter(|(handout, _)| handout.print.paper == Paper::Letter)
        .map(|(handout, built)| (handout.clone(), built))
        .unzip();
    site::site_files(&pipeline, &run.inputs, &editions, &site_handouts, &site_built)?;
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
