//! `handout build`: write the selected handouts as PDF files.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use crate::cache;
use crate::cli::{BuildArgs, Folders};
use crate::content::Topic;
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
    let languages = run.languages(&pipeline)?;
    warn_fallbacks(&languages, quiet);
    let data = start.elapsed();
    let compiling = Instant::now();
    let output = run.output(&[])?;
    let reported = !quiet || args.making.timings || args.verbose;
    let mut making = Making::new(&pipeline, &run, &output, quiet, reported);
    let topics = making.changed(&languages, run.topics(&pipeline)?)?;
    run.batches(&pipeline, &languages, &topics, |editions| {
        making.make(editions, &run.handouts(editions)).map(drop)
    })?;
    let built = making.finish();
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

/// A run's documents as its batches of topics are made, in parallel, with one progress bar
/// over them all on a terminal (nothing on a pipe, in CI or with --quiet).
pub struct Making<'r> {
    pipeline: &'r Pipeline,
    run: &'r Run,
    sink: &'r dyn Sink,
    quiet: bool,
    bar: ProgressBar,
    /// The last batch's documents.
    batch: Vec<Built>,
    /// Every document's, when they are to be reported; else none, so memory stays flat.
    built: Option<Vec<Built>>,
    /// How many were made.
    count: usize,
}

impl<'r> Making<'r> {
    /// Make with these, keeping what was made to report it (`reported`) or not.
    pub fn new(
        pipeline: &'r Pipeline,
        run: &'r Run,
        sink: &'r dyn Sink,
        quiet: bool,
        reported: bool,
    ) -> Self {
        let bar = if !quiet && std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(0);
            if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
                bar.set_style(style);
            }
            bar
        } else {
            ProgressBar::hidden()
        };
        let built = reported.then(Vec::new);
        Making { pipeline, run, sink, quiet, bar, batch: Vec::new(), built, count: 0 }
    }

    /// Say where these editions fall back to English, then make their handouts: what was
    /// made, in the order of `handouts`.
    pub fn make(&mut self, editions: &[Edition], handouts: &[Handout]) -> Result<&[Built]> {
        self.bar.suspend(|| warn_fallbacks(editions, self.quiet));
        self.bar.inc_length(handouts.len() as u64);
        let bar = &self.bar;
        let built =
            self.pipeline.build_all(handouts, &self.run.export, self.sink, self.run.jobs, &|name| {
                bar.set_message(name.to_string());
                bar.inc(1);
            })?;
        self.add(&built);
        self.batch = built;
        Ok(&self.batch)
    }

    /// Of `topics`, those to translate and make: a topic whose every document an earlier build
    /// left unchanged in the output, as its files tell before it is translated, is counted as
    /// made and left out. With `--strict` each is translated, to find every fallback to English.
    pub fn changed<'t>(&mut self, languages: &[Edition], topics: Vec<&'t Topic>) -> Result<Vec<&'t Topic>> {
        if self.run.strict {
            return Ok(topics);
        }
        let mut changed = Vec::new();
        for topic in topics {
            match self.kept(languages, topic)? {
                Some(built) => {
                    self.bar.inc_length(built.len() as u64);
                    self.bar.inc(built.len() as u64);
                    self.add(&built);
                }
                None => changed.push(topic),
            }
        }
        Ok(changed)
    }

    /// A topic's documents in every language, if the output has each as an earlier build made
    /// it from the same files; none if any is to be made, or a catalog cannot be read (its
    /// translation then says why).
    fn kept(&self, languages: &[Edition], topic: &Topic) -> Result<Option<Vec<Built>>> {
        let english = cache::digest_of(topic);
        let mut built = Vec::new();
        for language in languages {
            let Ok(words) = language.words_unread(&self.pipeline.data, topic, english) else {
                return Ok(None);
            };
            for handout in self.run.handouts_of(language, topic) {
                match self.pipeline.unchanged(&handout, words, &self.run.export, self.sink)? {
                    Some(file) => built.push(file),
                    None => return Ok(None),
                }
            }
        }
        Ok(Some(built))
    }

    /// Count what was made, keeping it if it is to be reported.
    fn add(&mut self, built: &[Built]) {
        self.count += built.len();
        if let Some(all) = &mut self.built {
            all.extend_from_slice(built);
        }
    }

    /// How many documents were made.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Everything made, in order, if it was to be reported, with the fits found kept for the
    /// next run.
    pub fn finish(self) -> Vec<Built> {
        self.bar.finish_and_clear();
        self.pipeline.save_fit_cache();
        self.built.unwrap_or_default()
    }
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
