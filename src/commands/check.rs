//! `handout check`: render and compile every handout on every paper and in large print, and
//! the download site's pages, without writing files.

use crate::batch::{ExportSettings, Inputs, Pipeline};
use crate::error::{Error, Result};
use crate::handout::{self, DocChoice, Paper, Print};
use crate::i18n::edition;
use crate::site;

/// Build everything in memory; any problem fails the check.
pub fn run(pipeline: &Pipeline, inputs: &Inputs) -> Result<()> {
    let locales = edition::requested(&pipeline.data, "all")?;
    let editions = pipeline.editions(&locales, false)?;
    let settings = ExportSettings::default();
    let mut count = 0;
    let print = |paper, large| Print { paper, large, ..Print::default() };
    for paper in [Paper::Letter, Paper::A4] {
        let regular = print(paper, false);
        let handouts = handout::select(&editions, DocChoice::All, None, &regular).map_err(Error::input)?;
        let mut built = pipeline.build_all(&handouts, &settings)?;
        count += handouts.len();
        if paper == Paper::Letter {
            // Large print too, and the site made of both, as `handout site` would write it.
            let large = print(paper, true);
            let mut all = handouts;
            let start = all.len();
            all.extend(handout::select(&editions, DocChoice::All, None, &large).map_err(Error::input)?);
            built.extend(pipeline.build_all(&all[start..], &settings)?);
            count += all.len() - start;
            site::site_files(pipeline, &inputs.templates, &inputs.fonts, &editions, &all, &built)?;
        }
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
        "ok: {count} handouts rendered ({} locales, letter, A4 and large print) and the site's pages; {fallbacks} untranslated entries",
        editions.len()
    );
    Ok(())
}
