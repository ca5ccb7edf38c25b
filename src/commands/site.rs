//! `handout site`: the static download site, PDFs and pages built in one run.

use std::time::Instant;

use super::build::{build_with_progress, print_timings, warn_fallbacks};
use crate::cli::{Folders, SiteArgs};
use crate::error::Result;
use crate::output;
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
    let built = build_with_progress(&pipeline, &run, &handouts, quiet)?;
    let wall = compiling.elapsed();
    let writing = Instant::now();
    let pages = site::site_files(&pipeline, &run.inputs, &editions, &handouts, &built)?;
    // The PDFs first and the pages last in each folder, so a page never links to a missing PDF.
    let mut files: Vec<(String, &[u8])> =
        built.iter().map(|file| (file.path(), file.bytes.as_slice())).collect();
    files.extend(pages.iter().map(|(path, bytes)| (path.clone(), bytes.as_slice())));
    files.sort_by_key(|(path, _)| path.ends_with(".html"));
    output::write_tree(&run.out, files)?;
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
