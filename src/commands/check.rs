//! `handout check`: render and compile every handout on every paper without writing files.

use crate::batch::{ExportSettings, Pipeline};
use crate::error::{Error, Result};
use crate::handout::{self, DocChoice, Paper};

/// Build everything in memory; any problem fails the check.
pub fn run(pipeline: &Pipeline) -> Result<()> {
    let mut count = 0;
    for paper in [Paper::Letter, Paper::A4] {
        let handouts =
            handout::select(&pipeline.topics, DocChoice::All, None, paper).map_err(Error::input)?;
        pipeline.build_all(&handouts, &ExportSettings::default())?;
        count += handouts.len();
    }
    println!(
        "ok: {count} handouts rendered ({} topics, letter and A4)",
        pipeline.topics.len()
    );
    Ok(())
}
