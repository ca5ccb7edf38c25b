//! Make handouts: render a document's template, compile it at the loosest fit that keeps it
//! within its page limit, export it as PDF and add its form fields.

mod explain;
mod form_fonts;
mod parallel;

use std::time::{Duration, Instant};

use typst::foundations::Datetime;
use typst_layout::PagedDocument;

use crate::assets::{Folder, Inputs};
use crate::cache;
use crate::clinic::Clinic;
use crate::content::{self, Date, Labels, Topic};
use crate::drawings::Drawings;
use crate::error::{Error, Result};
use crate::fits::{self, FitCache, Found, Trial};
use crate::handout::Handout;
use crate::i18n::{edition, Edition, Locale};
use crate::limits::{self, Limits};
use crate::pdf::{self, ExportSettings};
use crate::render::{Fit, Rendered, Renderer, TemplateError, View, FITS, LARGE_FITS};
use crate::typst::{self as compiler, Fonts, Shared};
pub use crate::workers::default_jobs;
use form_fonts::FormFonts;

/// Everything loaded once and shared by every document of a run.
pub struct Pipeline {
    renderer: Renderer,
    shared: Shared,
    /// The fit each source needed, so that a rebuild compiles each document once.
    fit_cache: FitCache,
    /// A fingerprint of the templates, fonts and clinic logo: what decides a layout besides
    /// the generated source.
    layout_context: u128,
    form_fonts: FormFonts,
    limits: Limits,
    /// The data folder, for the translation catalogs.
    pub data: Folder,
    /// The labels every topic shares, in the source language.
    pub labels: Labels,
    /// The topics in the source language.
    pub topics: Vec<Topic>,
}

/// One finished PDF, handed to a [`Sink`] as soon as it is made.
#[derive(Debug, Clone)]
pub struct Built {
    /// The locale code, which names the output subfolder.
    pub locale: &'static str,
    pub file_name: String,
    /// Its size in bytes.
    pub size: u64,
    pub pages: usize,
    /// Where the time went.
    pub timings: Timings,
}

impl Built {
    /// Where the file goes below the output folder: `es/calcinosis-overview.pdf`.
    pub fn path(&self) -> String {
        format!("{}/{}", self.locale, self.file_name)
    }
}

/// What decides every byte of a document's PDF, as two keys (see [`Pipeline::build`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keys {
    /// Its inputs, known before anything is rendered: the translated words of its topic and
    /// labels, the clinic profile, the document and print, the templates, fonts and logo, the
    /// export settings and this binary.
    pub inputs: u128,
    /// Its source at the first fit, once rendered: some changes to the inputs (a label that
    /// only other documents print) leave it as it was.
    pub source: Option<u128>,
}

/// Where finished PDFs go as they are made, so that no run holds more than the documents in
/// progress: the output folder, or nowhere (`check`).
pub trait Sink: Sync {
    /// A file made before from the same inputs, or from the same source when it is known,
    /// still as it was written: its pages and size, to use instead of making it again.
    fn reuse(&self, handout: &Handout, path: &str, keys: Keys) -> Result<Option<(usize, u64)>>;
    /// Keep a finished PDF, made from these inputs and this source.
    fn keep(
        &self,
        handout: &Handout,
        path: &str,
        inputs: u128,
        source: u128,
        bytes: &[u8],
        pages: usize,
    ) -> Result<()>;
}

/// A sink that keeps nothing and reuses nothing: every document is made, as `check` wants.
pub struct Discard;

impl Sink for Discard {
    fn reuse(&self, _: &Handout, _: &str, _: Keys) -> Result<Option<(usize, u64)>> {
        Ok(None)
    }

    fn keep(&self, _: &Handout, _: &str, _: u128, _: u128, _: &[u8], _: usize) -> Result<()> {
        Ok(())
    }
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

impl Pipeline {
    /// Load data, templates and fonts, and the clinic's logo for the templates to show;
    /// report every problem in them.
    pub fn load(inputs: &Inputs, clinic: Option<&Clinic>) -> Result<Self> {
        let labels = content::load_labels(&inputs.data);
        let topics = content::load_topics(&inputs.data);
        let renderer = Renderer::new(&inputs.templates, inputs.limits.template_steps);
        let fonts = Fonts::load(&inputs.fonts);
        let drawings = Drawings::load(&inputs.templates);
        let (labels, topics, renderer, fonts, drawings) = match (labels, topics, renderer, fonts, drawings) {
            (Ok(labels), Ok(topics), Ok(renderer), Ok(fonts), Ok(drawings)) => {
                (labels, topics, renderer, fonts, drawings)
            }
            (labels, topics, renderer, fonts, drawings) => {
                let errors = [labels.err(), topics.err(), renderer.err(), fonts.err(), drawings.err()];
                return Err(Error::merge(errors.into_iter().flatten().collect()));
            }
        };
        content::check_pictures(&inputs.data, &topics, &labels, &drawings)?;
        limits::limit_memory(&inputs.limits);
        let mut layout_context = cache::fingerprint((fonts.digest(), inputs.templates.digest()?));
        let mut shared = Shared::new(fonts, inputs.templates.clone()).with_drawings(drawings);
        if let Some((path, bytes)) = clinic.and_then(|c| Some((c.logo.as_ref()?, c.logo_bytes.as_ref()?))) {
            let shown = clinic.and_then(|c| c.logo_origin.clone()).unwrap_or_else(|| path.clone());
            shared = shared.with_file(path, bytes.clone(), shown);
            layout_context = cache::fingerprint((layout_context, path, bytes));
        }
        Ok(Pipeline {
            layout_context,
            fit_cache: FitCache::default(),
            renderer,
            shared,
            form_fonts: FormFonts::default(),
            limits: inputs.limits,
            data: inputs.data.clone(),
            labels,
            topics,
        })
    }

    /// Translate the topics into these locales.
    pub fn editions(&self, locales: &[&'static Locale], strict: bool) -> Result<Vec<Edition>> {
        edition::editions(&self.data, &self.labels, &self.topics, locales, strict)
    }

    /// The labels in these locales, to translate topics into a few at a time
    /// ([`Pipeline::with_topics`]).
    pub fn languages(&self, locales: &[&'static Locale], strict: bool) -> Result<Vec<Edition>> {
        edition::languages(&self.data, &self.labels, &self.topics, locales, strict)
    }

    /// These topics in each of the languages, `jobs` languages at once.
    pub fn with_topics(
        &self,
        languages: &[Edition],
        topics: &[&Topic],
        strict: bool,
        jobs: usize,
    ) -> Result<Vec<Edition>> {
        edition::with_topics(&self.data, languages, topics, strict, jobs)
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

    /// The loaded templates.
    pub fn renderer(&self) -> &Renderer {
        &self.renderer
    }

    /// The fonts this run embeds.
    pub fn fonts(&self) -> &Fonts {
        self.shared.fonts()
    }

    /// The maps and icons of the templates folder.
    pub fn drawings(&self) -> &Drawings {
        self.shared.drawings()
    }

    /// The Typst source of a handout at a fit.
    pub fn source(&self, handout: &Handout, fit: Fit) -> Result<Rendered> {
        let view = View::new(handout, fit, self.drawings())?;
        self.renderer.render(handout.kind.template, &view).map_err(|error| self.explain(handout, error))
    }

    /// A template error in a handout, naming the catalog entry of the text it failed on.
    pub fn explain(&self, handout: &Handout, error: TemplateError) -> Error {
        explain::template(&self.data, handout, error)
    }

    /// Render and compile a handout at the loosest fit that keeps it within its page limit
    /// (see [`fits::search`]). Returns the document and its source.
    pub fn compile(&self, handout: &Handout) -> Result<(PagedDocument, Rendered)> {
        self.compile_timed(handout, &mut Timings::default())
    }

    fn compile_timed(&self, handout: &Handout, timings: &mut Timings) -> Result<(PagedDocument, Rendered)> {
        let first = self.render_timed(handout, fits_of(handout)[0], timings)?;
        self.compile_from(handout, first, timings)
    }

    /// Compile a handout from its source at the first fit, trying the others as needed.
    fn compile_from(
        &self,
        handout: &Handout,
        first: Rendered,
        timings: &mut Timings,
    ) -> Result<(PagedDocument, Rendered)> {
        let fits = fits_of(handout);
        let max = handout.max_pages();
        let key = FitCache::key(self.layout_context, &first.source, max);
        let hint = self.fit_cache.get(key);
        let found = fits::search(fits, max, hint, |i| {
            let rendered = if i == 0 { first.clone() } else { self.render_timed(handout, fits[i], timings)? };
            let (document, rendered) = self.compile_rendered(handout, fits[i], rendered, timings)?;
            let (pages, filled) = (document.pages().len(), compiler::pages_of_text(&document));
            Ok::<_, Error>(Trial { document: (document, rendered), pages, filled })
        })?;
        match found {
            Found::Fits { document, fit } => {
                let strays = compiler::strays(&document.0);
                if !strays.is_empty() {
                    return Err(explain::strays(&self.data, handout, &strays));
                }
                if hint != Some(fit) {
                    self.fit_cache.put(key, fit);
                }
                Ok(document)
            }
            Found::TooLong { pages, document: (document, rendered) } => {
                Err(too_long(handout, &document, pages, fits, &self.renderer.display(rendered.template)))
            }
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
        let today = updated(handout)?;
        let what = format!("{} ({})", handout.display_name(), self.renderer.display(rendered.template));
        let timed = limits::time(what, &self.limits);
        let result = compiler::compile(&self.shared, rendered.source.clone(), today)
            .map_err(|e| e.context(&handout.display_name()))?;
        drop(timed);
        timings.compile += start.elapsed();
        timings.compiles += 1;
        match result {
            Ok(document) => Ok((document, rendered)),
            Err(diagnostics) => {
                let view = View::new(handout, fit, self.drawings())?;
                Err(explain::diagnostics(&self.renderer, handout, &rendered, &view, &diagnostics))
            }
        }
    }

    /// Build one handout into a PDF and hand it to `sink`, unless the sink still has the file
    /// an earlier build made from the same inputs (then nothing is rendered), or from the same
    /// source with the same templates, fonts, settings and binary.
    pub fn build(&self, handout: &Handout, settings: &ExportSettings, sink: &dyn Sink) -> Result<Built> {
        let words = handout.edition.words(handout.topic);
        if let Some(built) = self.unchanged(handout, words, settings, sink)? {
            return Ok(built);
        }
        let mut timings = Timings::default();
        let locale = handout.edition.locale.code;
        let (file_name, path, inputs) = self.target(handout, words, settings);
        let first = self.render_timed(handout, fits_of(handout)[0], &mut timings)?;
        let key = self.document_key(handout, &first, settings);
        if let Some((pages, size)) = sink.reuse(handout, &path, Keys { inputs, source: Some(key) })? {
            return Ok(Built { locale, file_name, size, pages, timings });
        }
        let (document, _) = self.compile_from(handout, first, &mut timings)?;
        let name = handout.display_name();
        let timestamp = match settings.timestamp {
            Some(fixed) => fixed,
            None => updated(handout)?,
        };
        let start = Instant::now();
        let mut bytes = pdf::export(&document, &name, timestamp, &settings.standards)?;
        timings.export = start.elapsed();
        let start = Instant::now();
        if !settings.no_forms {
            let anchors = pdf::read_anchors(&document).map_err(|e| e.context(&name))?;
            if !anchors.is_empty() {
                let locale = handout.edition.locale;
                let font = self.form_fonts.get(self.fonts(), locale)?;
                bytes = pdf::add_form_fields(&bytes, &anchors, &font, locale.rtl)?;
            }
        }
        timings.forms = start.elapsed();
        let pages = document.pages().len();
        sink.keep(handout, &path, inputs, key, &bytes, pages)?;
        Ok(Built { locale, file_name, size: bytes.len() as u64, pages, timings })
    }

    /// The file an earlier build made of a handout, if `sink` still has it as made from the
    /// same inputs, its words known by their key ([`Edition::words`]): nothing rendered.
    pub fn unchanged(
        &self,
        handout: &Handout,
        words: u128,
        settings: &ExportSettings,
        sink: &dyn Sink,
    ) -> Result<Option<Built>> {
        let (file_name, path, inputs) = self.target(handout, words, settings);
        let found = sink.reuse(handout, &path, Keys { inputs, source: None })?;
        let locale = handout.edition.locale.code;
        Ok(found.map(|(pages, size)| Built { locale, file_name, size, pages, timings: Timings::default() }))
    }

    /// A handout's file name, its path below the output folder, and the key of its inputs.
    fn target(&self, handout: &Handout, words: u128, settings: &ExportSettings) -> (String, String, u128) {
        let file_name = format!("{}.pdf", handout.file_stem());
        let path = format!("{}/{file_name}", handout.edition.locale.code);
        let inputs = self.inputs_key(handout, &path, words, settings);
        (file_name, path, inputs)
    }

    /// What decides every byte of a handout's PDF, before it is rendered: the words of its
    /// topic and labels in its language and whether they are drafts (`words`,
    /// [`Edition::words`]), its document and print (its `path`,
    /// `es/calcinosis-dystrophic-large.pdf`, names its language, topic, type and edition), the
    /// clinic profile, the templates, fonts and logo, its page limit, the export settings, and
    /// this binary (which holds the locales and the kinds of document).
    fn inputs_key(&self, handout: &Handout, path: &str, words: u128, settings: &ExportSettings) -> u128 {
        cache::fingerprint((
            self.layout_context,
            path,
            words,
            handout.kind.name,
            handout.print.paper.typst_name(),
            handout.clinic.map(|clinic| clinic.digest),
            handout.max_pages(),
            &settings.standards,
            settings.no_forms,
            settings.timestamp,
        ))
    }

    /// What decides every byte of a handout's PDF: its source at the first fit (the data,
    /// translation, paper and clinic as rendered), the templates, fonts and logo, its page
    /// limit, the export settings, and this binary.
    fn document_key(&self, handout: &Handout, first: &Rendered, settings: &ExportSettings) -> u128 {
        cache::fingerprint((
            self.layout_context,
            &first.source,
            handout.max_pages(),
            &settings.standards,
            settings.no_forms,
            settings.timestamp,
        ))
    }
}

/// The fits a handout tries, loosest first: tighter spacing first, then smaller text, never
/// below 11 pt (18 pt in large print).
fn fits_of(handout: &Handout) -> &'static [Fit] {
    if handout.print.large {
        &LARGE_FITS
    } else {
        &FITS
    }
}

/// The text of a page of handout at its smallest type holds thousands of characters; a
/// document with fewer than this many per page has pages its data cannot fill.
const FEWEST_CHARS_PER_PAGE: usize = 200;

/// Why a document cannot be made within its page limit: too much text in the data, or, when
/// the pages hold almost no text, a template that makes pages of its own.
fn too_long(
    handout: &Handout,
    document: &PagedDocument,
    pages: usize,
    fits: &[Fit],
    template: &str,
) -> Error {
    let (name, kind, max) = (handout.display_name(), handout.kind.name, handout.max_pages());
    let chars = compiler::plain_text(document).chars().filter(|c| !c.is_whitespace()).count();
    if chars < pages * FEWEST_CHARS_PER_PAGE {
        return Error::input(format!(
            "{name}: the {kind} takes {pages} pages for only {chars} characters of text, so the data cannot be what fills them: {template} makes pages of its own (look for a loop or page breaks in it); it must fit on {max}"
        ));
    }
    let smallest = fits.last().map_or(0.0, |fit| fit.size);
    Error::input(format!(
        "{name}: the {kind} takes {pages} pages and would not fit on {max} even at {smallest} pt. Shorten its text in the data."
    ))
}

/// The day the topic's text last changed, midnight UTC: the date Typst's `today` gives, and
/// the PDF's creation time unless `SOURCE_DATE_EPOCH` fixes one.
fn updated(handout: &Handout) -> Result<Datetime> {
    let date = Date::from_toml(&handout.topic.topic.updated).unwrap_or(Date { year: 2000, month: 1, day: 1 });
    Datetime::from_ymd(i32::from(date.year), date.month, date.day)
        .ok_or_else(|| Error::internal(format!("{}: invalid review date", handout.display_name())))
}
