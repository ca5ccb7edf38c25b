//! `handout build`: write the selected handouts as PDF files.

use crate::batch::{self, Built, ExportSettings, Pipeline};
use crate::cli::{BuildArgs, Selection};
use crate::clinic::Clinic;
use crate::error::{Error, Result};
use crate::handout::{self, Print};
use crate::i18n::{edition, Edition};

/// Build the selected handouts and write them into `<out>/<locale>/`.
pub fn run(pipeline: &Pipeline, args: &BuildArgs) -> Result<()> {
    let (editions, print) = plan(pipeline, &args.selection)?;
    let selection = &args.selection;
    let handouts = handout::select(&editions, selection.doc, selection.type_id.as_deref(), &print)
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
    for edition in &editions {
        let dir = args.out.join(edition.locale.code);
        let files: Vec<Built> = built.iter().filter(|b| b.locale == edition.locale.code).cloned().collect();
        batch::write_all(&dir, &files)?;
        for file in &files {
            let pages = if file.pages == 1 { "page" } else { "pages" };
            let size = file.bytes.len().div_ceil(1024);
            println!("{}  ({} {pages}, {size} KB)", dir.join(&file.file_name).display(), file.pages);
        }
    }
    Ok(())
}

/// The editions and print settings a selection asks for: options first, then the clinic
/// profile's defaults. Fallbacks to English are printed as warnings.
pub fn plan(pipeline: &Pipeline, selection: &Selection) -> Result<(Vec<Edition>, Print)> {
    let clinic = selection.clinic.as_deref().map(Clinic::load).transpose()?;
    if let Some(clinic) = &clinic {
        pipeline.use_clinic(clinic);
    }
    let profile_locales = clinic.as_ref().and_then(|c| c.locales.as_ref()).map(|l| l.join(","));
    let locale = selection.locale.clone().or(profile_locales).unwrap_or_else(|| "en".into());
    let paper = selection.paper.or(clinic.as_ref().and_then(|c| c.paper)).unwrap_or_default();
    let locales = edition::requested(&pipeline.data, &locale)?;
    let editions = pipeline.editions(&locales, selection.strict)?;
    for edition in &editions {
        for warning in &edition.warnings {
            eprintln!("warning: {warning}");
        }
    }
    Ok((editions, Print { paper, large: selection.large_print, clinic }))
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention, when set.
fn source_date_epoch() -> Result<Option<i64>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) if !value.trim().is_empty() => value.trim().parse().map(Some).map_err(|_| {
            Error::input(format!("SOURCE_DATE_EPOCH: `{value}` is not a whole number of seconds"))
        }),
        _ => Ok(None),
    }
}
