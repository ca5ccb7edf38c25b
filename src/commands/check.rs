//! `handout check`: render and compile every handout on every paper without writing files.

use crate::batch::{ExportSettings, Pipeline};
use crate::error::{Error, Result};
use crate::handout::{self, DocChoice, Paper, Print};
use crate::i18n::edition;

/// Build everything in memory; any problem fails the check.
pub fn run(pipeline: &Pipeline) -> Result<()> {
    let locales = edition::requested(&pipeline.data, "all")?;
    let editions = pipeline.editions(&locales, false)?;
    let mut count = 0;
    for paper in [Paper::Letter, Paper::A4] {
        let print = Print { paper, ..Print::default() };
        let handouts = handout::select(&editions, DocChoice::All, None, &print).map_err(Error::input)?;
        pipeline.build_all(&handouts, &ExportSettings::default())?;
        count += handouts.len();
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
        "ok: {count} handouts rendered ({} locales, letter and A4; {fallbacks} untranslated entries)",
        editions.len()
    );
    Ok(())
}
