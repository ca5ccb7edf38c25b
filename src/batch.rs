//! Build many handouts: render, compile and export them in parallel, then write them atomically.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use typst::foundations::Datetime;
use typst_layout::PagedDocument;

use crate::assets::Folder;
use crate::cache;
use crate::clinic::Clinic;
use crate::content::{self, Date, Topic};
use crate::error::{Error, Result};
use crate::fits::{self, FitCache};
use crate::handout::Handout;
use crate::i18n::{edition, Edition, Locale};
use crate::pdf::{self, FormFont, Standard};
use crate::render::{Fit, Rendered, Renderer, View, FITS, LARGE_FITS};
use crate::typst::{self as compiler, Diagnostic, Fonts, Location, Shared};

/// The folders a run reads: templates, data and fonts (embedded defaults or overrides).
#[derive(Debug, Clone)]
pub struct Inputs {
    pub templates: Folder,
    pub data: Folder,
    pub fonts: Folder,
}

impl Inputs {
    /// The templates, data and fonts compiled into the binary.
    pub fn embedded() -> Self {
        Inputs {
            templates: Folder::default_templates(),
            data: Folder::default_data(),
            fonts: Folder::default_fonts(),
        }
    }
}

/// Everything loaded once and shared by every document of a run.
pub struct Pipeline {
    renderer: Renderer,
    shared: Shared,
    /// The fit each source needed, so that a rebuild compiles each document once.
    fit_cache: FitCache,
    /// A fingerprint of the templates, fonts and clinic logo: what decides a layout besides
    /// the generated source.
    layout_context: Mutex<u128>,
    /// Form fonts by family, read when a question list first needs one. Each family has a
    /// lock of its own, so that building the Chinese one never holds up a Latin list.
    form_fonts: Mutex<HashMap<&'static str, FormFontSlot>>,
    /// The data folder, for the translation catalogs.
    pub data: Folder,
    /// The topics in the source language.
    pub topics: Vec<Topic>,
}

/// A form font, once one document has read it.
type FormFontSlot = Arc<Mutex<Option<Arc<FormFont>>>>;

/// One finished PDF, not yet written.
#[derive(Debug, Clone)]
pub struct Built {
    /// The locale code, which names the output subfolder.
    pub locale: &'static str,
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Where the time went.
    pub timings: Timings,
}

/// Time spent per stage on one document.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Filling the templates (every fit tried).
    pub render: Duration,
    /// Typst compilation (every fit tried).
    pub compile: Duration,
    pub export: Duration,
    pub forms: Duration,
    /// How many times the document was compiled to find a fit.
    pub compiles: u32,
}

/// PDF settings that hold for a whole run.
#[derive(Debug, Clone, Default)]
pub struct ExportSettings {
    pub standards: Vec<Standard>,
    /// Leave out the fillable fields: the print-only version.
    pub no_forms: bool,
    /// Seconds since 1970 from `SOURCE_DATE_EPOCH`; else the content's review date is used.
    pub source_date_epoch: Option<i64>,
}

impl ExportSettings {
    /// Settings for a run, with `SOURCE_DATE_EPOCH` (the reproducible-builds convention) when set.
    pub fn new(standards: Vec<Standard>, no_forms: bool) -> Result<Self> {
        let source_date_epoch = match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(value) if !value.trim().is_empty() => Some(value.trim().parse().map_err(|_| {
                Error::input(format!("SOURCE_DATE_EPOCH: `{value}` is not a whole number of seconds"))
            })?),
            _ => None,
        };
        Ok(ExportSettings { standards, no_forms, source_date_epoch })
    }
}

impl Pipeline {
    /// Load data, templates and fonts; report every problem in them.
    pub fn load(inputs: &Inputs) -> Result<Self> {
        let topics = content::load_topics(&inputs.data);
        let renderer = Renderer::new(&inputs.templates);
        let fonts = Fonts::load(&inputs.fonts);
        match (topics, renderer, fonts) {
            (Ok(topics), Ok(renderer), Ok(fonts)) => Ok(Pipeline {
                layout_context: Mutex::new(cache::fingerprint((
                    fonts.digest(),
                    folder_digest(&inputs.templates)?,
                ))),
                fit_cache: FitCache::default(),
                renderer,
                shared: Shared::new(fonts, inputs.templates.clone()),
                form_fonts: Mutex::new(HashMap::new()),
                data: inputs.data.clone(),
                topics,
            }),
            (topics, renderer, fonts) => {
                Err(Error::merge([topics.err(), renderer.err(), fonts.err()].into_iter().flatten().collect()))
            }
        }
    }

    /// Translate the topics into these locales.
    pub fn editions(&self, locales: &[&'static Locale], strict: bool) -> Result<Vec<Edition>> {
        edition::editions(&self.data, &self.topics, locales, strict)
    }

    /// Make a clinic's logo readable by the templates.
    pub fn use_clinic(&self, clinic: &Clinic) {
        if let (Some(path), Some(bytes)) = (&clinic.logo, &clinic.logo_bytes) {
            self.shared.add_file(path, bytes.clone());
            if let Ok(mut context) = self.layout_context.lock() {
                *context = cache::fingerprint((*context, path, bytes));
            }
        }
    }

    /// Use a cache of fits kept between runs (see [`FitCache::open`]).
    pub fn with_fit_cache(mut self, cache: FitCache) -> Self {
        self.fit_cache = cache;
        self
    }

    /// Save the fits this run found for the next one.
    pub fn save_fit_cache(&self) {
        self.fit_cache.save();
    }

    fn layout_context(&self) -> u128 {
        self.layout_context.lock().map_or(0, |context| *context)
    }

    /// The font form fields of a locale type in, read once.
    fn form_font(&self, locale: &Locale) -> Result<Arc<FormFont>> {
        let family = locale.form_font;
        let poisoned = || Error::internal("form font cache poisoned");
        let slot = self.form_fonts.lock().map_err(|_| poisoned())?.entry(family).or_default().clone();
        let mut slot = slot.lock().map_err(|_| poisoned())?;
        if let Some(font) = &*slot {
            return Ok(font.clone());
        }
        let data = self.shared.fonts().regular_data(family).ok_or_else(|| {
            Error::input(format!(
                "the fonts folder has no `{family}`, which form fields in {} need",
                locale.english
            ))
        })?;
        // The CJK fonts are megabytes: embed the common characters only.
        let subset = locale.fonts.first() == Some(&family) && locale.lang == "zh";
        let key = cache::fingerprint((self.fonts().digest(), family, subset));
        let file =
            cache::folder().map(|folder| folder.join(format!("form-font-{}", family.replace(' ', ""))));
        let font = Arc::new(FormFont::cached(file.as_deref(), key, || {
            if subset {
                FormFont::subset(data.to_vec(), &pdf::common_chinese)
            } else {
                FormFont::new(data.to_vec())
            }
        })?);
        *slot = Some(font.clone());
        Ok(font)
    }

    /// The loaded templates.
    pub fn renderer(&self) -> &Renderer {
        &self.renderer
    }

    /// The fonts this run embeds.
    pub fn fonts(&self) -> &Fonts {
        self.shared.fonts()
    }

    /// The Typst source of a handout at a fit.
    pub fn source(&self, handout: &Handout, fit: Fit) -> Result<Rendered> {
        let view = View::new(handout, fit)?;
        self.renderer.render(handout.template(), &view).map_err(|e| e.context(&handout.display_name()))
    }

    /// Render and compile a handout at the loosest fit that keeps it within its page limit:
    /// the one the fit cache remembers for this source, else found by stepping through the
    /// fits, skipping those that surely run over. Returns the document and its source.
    pub fn compile(&self, handout: &Handout) -> Result<(PagedDocument, Rendered)> {
        self.compile_timed(handout, &mut Timings::default())
    }

    fn compile_timed(&self, handout: &Handout, timings: &mut Timings) -> Result<(PagedDocument, Rendered)> {
        // Tighter spacing first, then smaller text, never below 11 pt.
        let fits: &[Fit] = if handout.print.large { &LARGE_FITS } else { &FITS };
        let max = handout.max_pages();
        let first = self.render_timed(handout, fits[0], timings)?;
        let key = FitCache::key(self.layout_context(), &first.source, max);
        if let Some((k, fit)) = self.fit_cache.get(key).and_then(|k| Some((k, fits.get(k)?))) {
            let rendered = if k == 0 { first.clone() } else { self.render_timed(handout, *fit, timings)? };
            let (document, rendered) = self.compile_rendered(handout, *fit, rendered, timings)?;
            if document.pages().len() <= max {
                return Ok((document, rendered));
            }
        }
        let (mut tried, mut rendered) = (0, first);
        loop {
            let (document, done) = self.compile_rendered(handout, fits[tried], rendered, timings)?;
            let pages = document.pages().len();
            if pages <= max {
                self.fit_cache.put(key, tried);
                return Ok((document, done));
            }
            if tried + 1 == fits.len() {
                return Err(Error::input(format!(
                    "{}: the {} takes {pages} pages even at {} pt; it must fit on {max}. Shorten its text in the data.",
                    handout.display_name(),
                    handout.kind_name(),
                    fits[tried].size,
                )));
            }
            tried = fits::next_fit(fits, tried, compiler::pages_of_text(&document), max);
            rendered = self.render_timed(handout, fits[tried], timings)?;
        }
    }

    /// Render and compile a handout at one fit, whatever its page count.
    pub fn compile_at(&self, handout: &Handout, fit: Fit) -> Result<PagedDocument> {
        let timings = &mut Timings::default();
        let rendered = self.render_timed(handout, fit, timings)?;
        Ok(self.compile_rendered(handout, fit, rendered, timings)?.0)
    }

    fn render_timed(&self, handout: &Handout, fit: Fit, timings: &mut Timings) -> Result<Rendered> {
        let start = Instant::now();
        let rendered = self.source(handout, fit);
        timings.render += start.elapsed();
        rendered
    }

    /// Compile a rendered source; Typst's diagnostics become messages naming the template line.
    fn compile_rendered(
        &self,
        handout: &Handout,
        fit: Fit,
        rendered: Rendered,
        timings: &mut Timings,
    ) -> Result<(PagedDocument, Rendered)> {
        let start = Instant::now();
        let result = compiler::compile(
            &self.shared,
            &handout.file_stem(),
            rendered.source.clone(),
            review_date(handout),
        )?;
        timings.compile += start.elapsed();
        timings.compiles += 1;
        match result {
            Ok(document) => Ok((document, rendered)),
            Err(diagnostics) => Err(self.explain(handout, &rendered, fit, &diagnostics)),
        }
    }

    /// Build one handout into PDF bytes.
    pub fn build(&self, handout: &Handout, settings: &ExportSettings) -> Result<Built> {
        let mut timings = Timings::default();
        let (document, _) = self.compile_timed(handout, &mut timings)?;
        let name = handout.display_name();
        let timestamp = timestamp(settings.source_date_epoch, review_date(handout))?;
        let start = Instant::now();
        let mut bytes = pdf::export(&document, &name, timestamp, &settings.standards)?;
        timings.export = start.elapsed();
        let start = Instant::now();
        if !settings.no_forms {
            let anchors = pdf::read_anchors(&document).map_err(|e| e.context(&name))?;
            if !anchors.is_empty() {
                let font = self.form_font(handout.edition.locale)?;
                bytes = pdf::add_form_fields(&bytes, &anchors, &font, handout.edition.locale.rtl)?;
            }
        }
        timings.forms = start.elapsed();
        Ok(Built {
            locale: handout.edition.locale.code,
            file_name: format!("{}.pdf", handout.file_stem()),
            bytes,
            pages: document.pages().len(),
            timings,
        })
    }

    /// Build many handouts in parallel; every failure is reported, not only the first.
    pub fn build_all(&self, handouts: &[Handout], settings: &ExportSettings) -> Result<Vec<Built>> {
        self.build_all_with(handouts, settings, default_jobs(), &|_| {})
    }

    /// Like `build_all`, calling `done` with each file name as its document finishes.
    ///
    /// One plain worker thread per job, each building one document at a time: unlike rayon's
    /// work stealing, a worker never nests a second document inside the first, so memory
    /// stays flat and each stage's time is its own.
    pub fn build_all_with(
        &self,
        handouts: &[Handout],
        settings: &ExportSettings,
        jobs: usize,
        done: &(dyn Fn(&str) + Sync),
    ) -> Result<Vec<Built>> {
        // The costliest first (question lists carry form fields, overviews are the longest),
        // so that no long document starts last and keeps one core busy alone.
        let mut order: Vec<usize> = (0..handouts.len()).collect();
        order.sort_by_key(|&i| handouts[i].cost_rank());
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<(usize, Result<Built>)>> = Mutex::new(Vec::with_capacity(handouts.len()));
        let workers = jobs.clamp(1, handouts.len().max(1));
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let handout = &handouts[i];
                        let built = self.build(handout, settings);
                        // Documents share little of typst's memo cache; keep memory flat.
                        typst::comemo::evict(3);
                        done(&handout.display_name());
                        if let Ok(mut results) = results.lock() {
                            results.push((i, built));
                        }
                    }
                });
            }
        });
        let mut results = results.into_inner().map_err(|_| Error::internal("a worker thread panicked"))?;
        if results.len() != handouts.len() {
            return Err(Error::internal("a worker thread panicked"));
        }
        results.sort_by_key(|(i, _)| *i);
        let (built, errors): (Vec<_>, Vec<_>) = results.into_iter().map(|(_, r)| r).partition(Result::is_ok);
        if !errors.is_empty() {
            return Err(Error::merge(errors.into_iter().filter_map(Result::err).collect()));
        }
        Ok(built.into_iter().filter_map(Result::ok).collect())
    }

    /// Turn Typst diagnostics into messages naming the generated line and its template line.
    fn explain(&self, handout: &Handout, rendered: &Rendered, fit: Fit, diagnostics: &[Diagnostic]) -> Error {
        let name = handout.display_name();
        let Ok(view) = View::new(handout, fit) else { return Error::Input(Vec::new()) };
        Error::Input(
            diagnostics
                .iter()
                .map(|d| {
                    let place = match &d.location {
                        Location::Generated { offset, line, text } => {
                            let origin = self
                                .renderer
                                .origin(rendered, &view, *offset)
                                .map_or_else(String::new, |(file, l)| format!(" (from {file}:{l})"));
                            format!("{name}.typ:{line}{origin}: `{text}`")
                        }
                        Location::Template { file, line, column } => {
                            format!("{file}:{line}:{column}")
                        }
                        Location::Nowhere => name.clone(),
                    };
                    let hints: String = d.hints.iter().map(|h| format!("\n  hint: {h}")).collect();
                    format!("{place}: {}{hints}", d.message)
                })
                .collect(),
        )
    }
}

fn review_date(handout: &Handout) -> Date {
    Date::from_toml(&handout.topic.topic.reviewed).unwrap_or(Date { year: 2000, month: 1, day: 1 })
}

/// One worker per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// The PDF creation time: `SOURCE_DATE_EPOCH` when set, else the review date at midnight UTC.
fn timestamp(epoch: Option<i64>, reviewed: Date) -> Result<Datetime> {
    let (year, month, day, h, m, s) = match epoch {
        Some(secs) => {
            let days = secs.div_euclid(86_400);
            let rem = secs.rem_euclid(86_400);
            let (y, mo, d) = civil_from_days(days);
            (y, mo, d, (rem / 3600) as u8, (rem % 3600 / 60) as u8, (rem % 60) as u8)
        }
        None => (i32::from(reviewed.year), reviewed.month, reviewed.day, 0, 0, 0),
    };
    Datetime::from_ymd_hms(year, month, day, h, m, s).ok_or_else(|| {
        Error::input(format!("SOURCE_DATE_EPOCH: {year}-{month}-{day} is not a date a PDF can hold"))
    })
}

/// A fingerprint of every file of a folder, names and bytes.
fn folder_digest(folder: &Folder) -> Result<u128> {
    let mut files = Vec::new();
    for name in folder.list_all()? {
        let bytes = folder.read(&name).ok().flatten();
        files.push((name, bytes));
    }
    Ok(typst::utils::hash128(&files))
}

/// Days since 1970-01-01 to a (year, month, day) in the proleptic Gregorian calendar.
fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32, month, day)
}

/// Write one file atomically: a temporary file beside it, renamed into place.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    write_all(dir, [(name.as_str(), bytes)])
}

/// Write files into `dir` atomically: each is written and synced beside its place first,
/// several at once (syncing waits on the disk, not the processor), then all are renamed into
/// place. A failure before the renames changes nothing and never removes a good earlier file.
pub fn write_all<'a>(dir: &Path, files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Result<()> {
    let cannot =
        |e: std::io::Error| Error::input(format!("{}: cannot write the output folder: {e}", dir.display()));
    fs::create_dir_all(dir).map_err(cannot)?;
    let files: Vec<(&str, &[u8])> = files.into_iter().collect();
    let write = |name: &str, bytes: &[u8]| -> std::io::Result<tempfile::NamedTempFile> {
        let mut builder = tempfile::Builder::new();
        let prefix = format!(".{name}.");
        builder.prefix(&prefix).suffix(".tmp");
        // Readable by a web server, like any file the user writes.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
        let mut temp = builder.tempfile_in(dir)?;
        temp.write_all(bytes)?;
        temp.as_file().sync_all()?;
        Ok(temp)
    };
    let temps: Vec<std::io::Result<tempfile::NamedTempFile>> = std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(files.len().div_ceil(4).max(1))
            .map(|part| {
                scope.spawn(move || part.iter().map(|(name, bytes)| write(name, bytes)).collect::<Vec<_>>())
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker.join().unwrap_or_else(|_| vec![Err(std::io::Error::other("a writer panicked"))])
            })
            .collect()
    });
    let temps = temps.into_iter().collect::<std::io::Result<Vec<_>>>().map_err(cannot)?;
    for ((name, _), temp) in files.iter().zip(temps) {
        temp.persist(dir.join(name)).map_err(|e| cannot(e.error))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_from_epoch_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_393), (2025, 11, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
