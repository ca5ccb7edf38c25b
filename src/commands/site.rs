//! `handout site`: the static download site, PDFs and pages built in one run.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use super::build::{build_with_progress, plan, print_timings};
use crate::batch::{self, ExportSettings, Inputs, Pipeline};
use crate::cli::{Selection, SiteArgs};
use crate::error::{Error, Result};
use crate::handout::{self, DocChoice, Print};
use crate::site;

/// Build every handout, regular and large print, and the pages that list and show them.
pub fn run(pipeline: &Pipeline, inputs: &Inputs, args: &SiteArgs, loading: Duration) -> Result<()> {
    let start = Instant::now();
    let selection = Selection {
        doc: DocChoice::All,
        type_id: None,
        paper: args.paper,
        locale: args.locale.clone(),
        clinic: args.clinic.clone(),
        large_print: false,
        strict: args.strict,
    };
    let (editions, print) = plan(pipeline, &selection, "all", !args.quiet)?;
    let large = Print { large: true, ..print.clone() };
    let mut handouts = handout::select(&editions, DocChoice::All, None, &print).map_err(Error::input)?;
    handouts.extend(handout::select(&editions, DocChoice::All, None, &large).map_err(Error::input)?);
    let settings = ExportSettings::new(args.standard.clone(), false)?;
    let data = loading + start.elapsed();
    let compiling = Instant::now();
    let built = build_with_progress(pipeline, &handouts, &settings, args.jobs, args.quiet)?;
    let wall = compiling.elapsed();
    let writing = Instant::now();
    let files = site::site_files(pipeline, &inputs.templates, &inputs.fonts, &editions, &handouts, &built)?;
    // One atomic write per folder; the pages go last, so they never link to a missing PDF.
    let mut folders: BTreeMap<&Path, Vec<(&str, &[u8])>> = BTreeMap::new();
    for file in &built {
        folders.entry(Path::new(file.locale)).or_default().push((&file.file_name, &file.bytes));
    }
    for (path, bytes) in &files {
        let path = Path::new(path);
        let (dir, name) = (path.parent().unwrap_or(Path::new("")), path.file_name());
        let name = name.and_then(|n| n.to_str()).unwrap_or_default();
        folders.entry(dir).or_default().push((name, bytes.as_slice()));
    }
    for (dir, mut files) in folders {
        files.sort_by_key(|(name, _)| name.ends_with(".html"));
        batch::write_all(&args.out.join(dir), files)?;
    }
    if args.timings {
        print_timings(&built, data, wall, writing.elapsed());
    }
    if !args.quiet {
        let pages = files.iter().filter(|(path, _)| path.ends_with(".html")).count();
        println!(
            "{}: {} languages, {} PDFs, {pages} web pages; open {}",
            args.out.display(),
            editions.len(),
            built.len(),
            args.out.join("index.html").display()
        );
    }
    Ok(())
}
