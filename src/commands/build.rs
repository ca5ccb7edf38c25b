//! `handout build`: write the selected handouts as PDF files.

use crate::batch::{self, ExportSettings, Pipeline};
use crate::cli::BuildArgs;
use crate::error::{Error, Result};
use crate::handout;

/// The one locale that exists until translations arrive.
const LOCALE: &str = "en";

/// Build the selected handouts and write them into `<out>/<locale>/`.
pub fn run(pipeline: &Pipeline, args: &BuildArgs) -> Result<()> {
    let selection = &args.selection;
    let handouts = handout::select(
        &pipeline.topics,
        selection.doc,
        selection.type_id.as_deref(),
        selection.paper,
    )
    .map_err(Error::input)?;
    let settings = ExportSettings {
        standards: args.standard.clone(),
        no_forms: args.no_forms,
        source_date_epoch: source_date_epoch()?,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::internal(format!("cannot start worker threads: {e}")))?;
    let built = pool.install(|| pipeline.build_all(&handouts, &settings))?;
    let dir = args.out.join(LOCALE);
    batch::write_all(&dir, &built)?;
    for file in &built {
        let pages = if file.pages == 1 { "page" } else { "pages" };
        println!(
            "{}  ({} {pages}, {} KB)",
            dir.join(&file.file_name).display(),
            file.pages,
            file.bytes.len().div_ceil(1024)
        );
    }
    Ok(())
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention, when set.
fn source_date_epoch() -> Result<Option<i64>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) if !value.trim().is_empty() => value.trim().parse().map(Some).map_err(|_| {
            Error::input(format!(
                "SOURCE_DATE_EPOCH: `{value}` is not a whole number of seconds"
            ))
        }),
        _ => Ok(None),
    }
}
