//! `handout build`: write the selected handouts as PDF files.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{BuildArgs, Folders};
use crate::error::Result;
use crate::handout::Handout;
use crate::i18n::Edition;
use crate::pipeline::{Built, Pipeline, Sink};
use crate::rebuild::Tally;
use crate::run::{Options, Run};

/// Build the selected handouts and write them into `<out>/<locale>/`.
pub fn run(folders: &Folders, args: &BuildArgs) -> Result<()> {
    let start = Instant::now();
    let quiet = args.making.quiet;
    let options = super::making(super::selected(folders, &args.selection)?, &args.making);
    let run = Run::new(Options { no_forms: args.no_forms, out: args.out.clone(), ..options })?;
    let pipeline = run.pipeline()?;
    let editions = run.editions(&pipeline)?;
    warn_fallbacks(&editions, quiet);
    let handouts = run.handouts(&editions)?;
    let data = start.elapsed();
    let compiling = Instant::now();
    let output = run.output(&[])?;
    let built = build_with_progress(&pipeline, &run, &handouts, &output, quiet)?;
    let wall = compiling.elapsed();
    let writing = Instant::now();
    let tally = output.commit(|path, scope| run.makes(path, scope), [])?;
    for file in built.iter().filter(|_| !quiet) {
        let pages = if file.pages == 1 { "page" } else { "pages" };
        let size = file.size.div_ceil(1024);
        println!("{}  ({} {pages}, {size} KB)", run.out.join(file.path()).display(), file.pages);
    }
    report(&tally, quiet);
    if args.making.timings {
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

/// Say what a rebuild kept and removed, when it did.
pub fn report(tally: &Tally, quiet: bool) {
    if !quiet && (tally.kept > 0 || tally.removed > 0) {
        println!(
            "{} made, {} unchanged since the last build (--force makes them again), {} no longer made and removed",
            tally.made, tally.kept, tally.removed
        );
    }
}

/// Print the entries that fell back to English and the catalogs no handout uses, unless quiet.
pub fn warn_fallbacks(editions: &[Edition], quiet: bool) {
    let warnings = editions.iter().flat_map(|e| e.warnings.iter().chain(&e.stray_catalogs));
    for warning in warnings.filter(|_| !quiet) {
        eprintln!("warning: {warning}");
    }
}

/// Build handouts in parallel with a progress bar on a terminal (nothing on a pipe, in CI or
/// with --quiet), and keep the fits found for the next run.
pub fn build_with_progress(
    pipeline: &Pipeline,
    run: &Run,
    handouts: &[Handout],
    sink: &dyn Sink,
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
    let built = pipeline.build_all(handouts, &run.export, sink, run.jobs, &|name| {
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
