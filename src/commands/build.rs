//! `handout build`: write the selected handouts as PDF files.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use crate::batch::{self, Built, ExportSettings, Pipeline};
use crate::cli::{BuildArgs, Selection};
use crate::clinic::Clinic;
use crate::error::{Error, Result};
use crate::handout::{self, Print};
use crate::i18n::{edition, Edition};

/// Build the selected handouts and write them into `<out>/<locale>/`.
pub fn run(pipeline: &Pipeline, args: &BuildArgs, loading: Duration) -> Result<()> {
    let start = Instant::now();
    let (editions, print) = plan(pipeline, &args.selection, "en", !args.quiet)?;
    let selection = &args.selection;
    let handouts = handout::select(&editions, selection.doc, selection.type_id.as_deref(), &print)
        .map_err(Error::input)?;
    let settings = ExportSettings::new(args.standard.clone(), args.no_forms)?;
    let data = loading + start.elapsed();
    let compiling = Instant::now();
    let built = build_with_progress(pipeline, &handouts, &settings, args.jobs, args.quiet)?;
    let wall = compiling.elapsed();
    let writing = Instant::now();
    for edition in &editions {
        let dir = args.out.join(edition.locale.code);
        let files: Vec<&Built> = built.iter().filter(|b| b.locale == edition.locale.code).collect();
        batch::write_all(&dir, files.iter().map(|f| (f.file_name.as_str(), f.bytes.as_slice())))?;
        for file in files.iter().filter(|_| !args.quiet) {
            let pages = if file.pages == 1 { "page" } else { "pages" };
            let size = file.bytes.len().div_ceil(1024);
            println!("{}  ({} {pages}, {size} KB)", dir.join(&file.file_name).display(), file.pages);
        }
    }
    if args.timings {
        print_timings(&built, data, wall, writing.elapsed());
    }
    if args.verbose {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        for file in &built {
            let t = &file.timings;
            eprintln!(
                "{}/{}: compile {:.1} ms ({}x), export {:.1} ms",
                file.locale,
                file.file_name,
                ms(t.compile),
                t.compiles,
                ms(t.export)
            );
        }
    }
    Ok(())
}

/// Build handouts in parallel with a progress bar on a terminal (nothing on a pipe, in CI or
/// with --quiet), and keep the fits found for the next run.
pub fn build_with_progress(
    pipeline: &Pipeline,
    handouts: &[handout::Handout],
    settings: &ExportSettings,
    jobs: Option<usize>,
    quiet: bool,
) -> Result<Vec<Built>> {
    let bar = if !quiet && std::io::stderr().is_terminal() && handouts.len() > 1 {
        let bar = ProgressBar::new(handouts.len() as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let jobs = jobs.unwrap_or_else(batch::default_jobs);
    let built = pipeline.build_all_with(handouts, settings, jobs, &|name| {
        bar.set_message(name.to_string());
        bar.inc(1);
    });
    bar.finish_and_clear();
    pipeline.save_fit_cache();
    built
}

/// Per stage: the total over all documents and the slowest document.
pub fn print_timings(built: &[Built], data: Duration, wall: Duration, write: Duration) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let stage = |name: &str, of: &dyn Fn(&Built) -> Duration| {
        let total: Duration = built.iter().map(of).sum();
        let slowest = built.iter().max_by_key(|b| of(b));
        let (worst, file) = slowest
            .map_or((Duration::ZERO, String::new()), |b| (of(b), format!("{}/{}", b.locale, b.file_name)));
        eprintln!("{name:<12} {:>9.1} ms   slowest {:>7.1} ms  {file}", ms(total), ms(worst));
    };
    eprintln!("{:<12} {:>9.1} ms   (templates, content, catalogs, fonts)", "data", ms(data));
    stage("render", &|b| b.timings.render);
    stage("compile", &|b| b.timings.compile);
    stage("pdf export", &|b| b.timings.export);
    stage("forms", &|b| b.timings.forms);
    eprintln!("{:<12} {:>9.1} ms", "write", ms(write));
    let sum = |of: &dyn Fn(&Built) -> Duration| built.iter().map(of).sum::<Duration>();
    let typst = sum(&|b| b.timings.compile + b.timings.export);
    let around = data + write + sum(&|b| b.timings.render + b.timings.forms);
    eprintln!(
        "{:<12} {:>9.1} %   of the work is outside Typst (data, render, forms, write)",
        "around",
        100.0 * around.as_secs_f64() / (around + typst).as_secs_f64().max(f64::EPSILON)
    );
    eprintln!(
        "{:<12} {:>9.1} ms   ({} documents in parallel; stage totals add up over threads)",
        "wall",
        ms(wall),
        built.len()
    );
}

/// The editions and print settings a selection asks for: options first, then the clinic
/// profile's defaults, then `locales`. Fallbacks to English are printed as warnings.
pub fn plan(
    pipeline: &Pipeline,
    selection: &Selection,
    locales: &str,
    warn: bool,
) -> Result<(Vec<Edition>, Print)> {
    let clinic = selection.clinic.as_deref().map(Clinic::load).transpose()?;
    if let Some(clinic) = &clinic {
        pipeline.use_clinic(clinic);
    }
    let profile_locales = clinic.as_ref().and_then(|c| c.locales.as_ref()).map(|l| l.join(","));
    let locale = selection.locale.clone().or(profile_locales).unwrap_or_else(|| locales.into());
    let paper = selection.paper.or(clinic.as_ref().and_then(|c| c.paper)).unwrap_or_default();
    let locales = edition::requested(&pipeline.data, &locale)?;
    let editions = pipeline.editions(&locales, selection.strict)?;
    for warning in editions.iter().flat_map(|e| &e.warnings).filter(|_| warn) {
        eprintln!("warning: {warning}");
    }
    Ok((editions, Print { paper, large: selection.large_print, clinic }))
}
