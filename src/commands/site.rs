//! `handout site`: the static download site, PDFs and pages built in one run.

use std::time::Instant;

use super::build::{print_timings, report, warn_fallbacks, Making};
use crate::cli::{Folders, SiteArgs};
use crate::error::Result;
use crate::run::{Editions, Options, Run};
use crate::site::{self, Site};

/// Build every handout, regular and large print, and the pages that list and show them.
pub fn run(folders: &Folders, args: &SiteArgs) -> Result<()> {
    let start = Instant::now();
    let quiet = args.making.quiet;
    let options = super::making(super::options(folders, &args.profile)?, &args.making);
    let options =
        Options { default_locales: "all", editions: Editions::Both, out: args.out.clone(), ..options };
    let run = Run::new(options)?;
    let pipeline = run.pipeline()?;
    let languages = run.languages(&pipeline)?;
    warn_fallbacks(&languages, quiet);
    let data = start.elapsed();
    let compiling = Instant::now();
    let output = run.output(site::FOLDERS)?;
    let mut making = Making::new(&pipeline, &run, &output, quiet, args.making.timings);
    // A shard makes its part of the PDFs; the pages come when the parts are assembled.
    let mut site =
        run.shard.is_none().then(|| Site::new(&pipeline, &run.inputs, &languages, run.clinic.as_ref()));
    // Every topic is translated, unchanged or not: its pages show its words.
    run.batches(&pipeline, &languages, &run.topics(&pipeline)?, |editions| {
        let handouts = run.handouts(editions);
        let built = making.make(editions, &handouts)?;
        match site.as_mut() {
            Some(site) => site.add(editions, &handouts, built, &mut |path, bytes| output.write(path, bytes)),
            None => Ok(()),
        }
    })?;
    let count = making.count();
    let built = making.finish();
    let wall = compiling.elapsed();
    let writing = Instant::now();
    let (pages, files) = match site {
        Some(site) => (site.pages, site.finish()?),
        None => (0, Vec::new()),
    };
    let (nested, loose): (Vec<_>, Vec<_>) = files.iter().partition(|(path, _)| path.contains('/'));
    for (path, bytes) in nested {
        output.write(path, bytes)?;
    }
    let tally = output.commit(
        |path, scope| run.makes(path, scope),
        loose.iter().map(|(p, b)| (p.as_str(), b.as_slice())),
    )?;
    report(&tally, quiet);
    if args.making.timings {
        print_timings(&built, data, wall, writing.elapsed());
    }
    if !quiet {
        println!(
            "{}: {} languages, {} PDFs, {pages} web pages; open {}",
            run.out.display(),
            languages.len(),
            count,
            run.out.join("index.html").display()
        );
    }
    Ok(())
}
