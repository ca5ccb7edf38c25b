//! `handout site`: the static download site, PDFs and pages built in one run.

use std::time::Instant;

use super::build::{build_with_progress, print_timings, report, warn_fallbacks};
use crate::cli::{Folders, SiteArgs};
use crate::error::Result;
use crate::run::{Editions, Options, Run};
use crate::site;

/// Build every handout, regular and large print, and the pages that list and show them.
pub fn run(folders: &Folders, args: &SiteArgs) -> Result<()> {
    let start = Instant::now();
    let quiet = args.making.quiet;
    let options = super::making(super::options(folders, &args.profile)?, &args.making);
    let options =
        Options { default_locales: "all", editions: Editions::Both, out: args.out.clone(), ..options };
    let run = Run::new(options)?;
    let pipeline = run.pipeline()?;
    let editions = run.editions(&pipeline)?;
    warn_fallbacks(&editions, quiet);
    let handouts = run.handouts(&editions)?;
    let data = start.elapsed();
    let compiling = Instant::now();
    let output = run.output(site::FOLDERS)?;
    let built = build_with_progress(&pipeline, &run, &handouts, &output, quiet)?;
    let wall = compiling.elapsed();
    let writing = Instant::now();
    // A shard makes its part of the PDFs; the pages come when the parts are assembled.
    let pages = if run.shard.is_none() {
        site::site_files(&pipeline, &run.inputs, &editions, &handouts, &built)?
    } else {
        Vec::new()
    };
    let (nested, loose): (Vec<_>, Vec<_>) = pages.iter().partition(|(path, _)| path.contains('/'));
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
        let pages = pages.iter().filter(|(path, _)| path.ends_with(".html")).count();
        println!(
            "{}: {} languages, {} PDFs, {pages} web pages; open {}",
            run.out.display(),
            editions.len(),
            built.len(),
            run.out.join("index.html").display()
        );
    }
    Ok(())
}
