//! One run: every setting resolved once, from the options, the environment and the clinic
//! profile, before anything is built. Commands make a run, call the library, report.

use std::path::PathBuf;

use crate::assets::Inputs;
use crate::clinic::Clinic;
use crate::content::Topic;
use crate::error::{Error, Result};
use crate::fits::FitCache;
use crate::handout::{self, Documents, Handout};
use crate::i18n::{edition, Edition, Locale};
use crate::pdf::{self, ExportSettings, Standard};
use crate::pipeline::{self, Pipeline};
use crate::print::{Paper, Print};
use crate::rebuild::{Output, Scope, Shard};

/// How many topics a run translates and builds at once ([`Run::batches`]): their text in
/// every language is all it holds, so memory stays flat however large the library, and 8
/// topics are some 60 documents a language, enough to keep every worker busy.
pub const TOPICS_AT_ONCE: usize = 8;

/// What a command asks for. A setting left `None` takes the clinic profile's, then the
/// default.
#[derive(Debug, Clone)]
pub struct Options {
    pub inputs: Inputs,
    /// Locale codes, comma separated, or `all`.
    pub locales: Option<String>,
    /// The locales when neither the options nor the profile name any: `en` or `all`.
    pub default_locales: &'static str,
    /// The clinic profile to read.
    pub clinic: Option<PathBuf>,
    pub paper: Option<Paper>,
    /// Build the large-print edition only, or both editions.
    pub editions: Editions,
    pub strict: bool,
    pub documents: Documents,
    pub standards: Vec<Standard>,
    pub no_forms: bool,
    pub jobs: Option<usize>,
    pub out: PathBuf,
    /// Make every document again.
    pub force: bool,
    /// Make only this part of the documents.
    pub shard: Option<Shard>,
    /// Other output folders to take unchanged PDFs from.
    pub parts: Vec<PathBuf>,
}

/// Which print editions a run makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Editions {
    Regular,
    Large,
    /// Regular and large print, as the download site offers them.
    Both,
}

impl Options {
    /// Every default: English, letter, regular print, every document, PDF/UA-1 and PDF/A-2b,
    /// into `out`.
    pub fn new(inputs: Inputs) -> Self {
        Options {
            inputs,
            locales: None,
            default_locales: "en",
            clinic: None,
            paper: None,
            editions: Editions::Regular,
            strict: false,
            documents: Documents::default(),
            standards: Standard::DEFAULT.to_vec(),
            no_forms: false,
            jobs: None,
            out: PathBuf::from("out"),
            force: false,
            shard: None,
            parts: Vec::new(),
        }
    }
}

/// Every setting of one run, resolved.
#[derive(Debug, Clone)]
pub struct Run {
    pub inputs: Inputs,
    pub clinic: Option<Clinic>,
    pub locales: Vec<&'static Locale>,
    /// Fail instead of falling back to English.
    pub strict: bool,
    /// Each way the handouts are printed, in order.
    pub prints: Vec<Print>,
    pub documents: Documents,
    pub export: ExportSettings,
    /// How many documents are built at once.
    pub jobs: usize,
    pub out: PathBuf,
    pub force: bool,
    pub shard: Option<Shard>,
    pub parts: Vec<PathBuf>,
}

impl Run {
    /// Resolve the options: read the clinic profile and `SOURCE_DATE_EPOCH`, find the locales.
    pub fn new(options: Options) -> Result<Self> {
        let clinic = options.clinic.as_deref().map(Clinic::load).transpose()?;
        let profile = clinic.as_ref();
        let locales = match (&options.locales, profile.and_then(|c| c.locales.clone())) {
            (Some(value), _) => edition::requested(&options.inputs.data, value)?,
            (None, Some(locales)) => locales,
            (None, None) => edition::requested(&options.inputs.data, options.default_locales)?,
        };
        let paper = options.paper.or(profile.and_then(|c| c.paper)).unwrap_or_default();
        let print = |large| Print { paper, large };
        let prints = match options.editions {
            Editions::Regular => vec![print(false)],
            Editions::Large => vec![print(true)],
            Editions::Both => vec![print(false), print(true)],
        };
        Ok(Run {
            inputs: options.inputs,
            clinic,
            locales,
            strict: options.strict,
            prints,
            documents: options.documents,
            export: ExportSettings {
                standards: options.standards,
                no_forms: options.no_forms,
                timestamp: source_date_epoch()?,
            },
            jobs: options.jobs.unwrap_or_else(pipeline::default_jobs),
            out: options.out,
            force: options.force,
            shard: options.shard,
            parts: options.parts,
        })
    }

    /// Load the data, templates, fonts and logo this run uses, with the fits of earlier runs.
    /// A clinic that requires a medical review refuses every topic without one.
    pub fn pipeline(&self) -> Result<Pipeline> {
        let pipeline = Pipeline::load(&self.inputs, self.clinic.as_ref())?.with_fit_cache(FitCache::open());
        if let Some(clinic) = self.clinic.as_ref().filter(|c| c.require_review) {
            let unreviewed = pipeline.topics.iter().filter(|t| t.topic.review.is_none());
            let problems: Vec<String> = unreviewed
                .map(|topic| {
                    format!(
                        "{}: topic `{}` has no medical review ([topic.review] with a named reviewer), and the clinic profile {} requires one (require_review = true)",
                        pipeline.data.display(&topic.file),
                        topic.topic.id,
                        clinic.file
                    )
                })
                .collect();
            if !problems.is_empty() {
                return Err(Error::Input(problems));
            }
        }
        Ok(pipeline)
    }

    /// The topics in each locale of the run, all at once (see [`Run::batches`] for a library).
    /// An unknown `--topic` or `--type` lists the valid ones.
    pub fn editions(&self, pipeline: &Pipeline) -> Result<Vec<Edition>> {
        self.topics(pipeline)?;
        pipeline.editions(&self.locales, self.strict)
    }

    /// The labels in each locale of the run, to translate its topics into a few at a time.
    pub fn languages(&self, pipeline: &Pipeline) -> Result<Vec<Edition>> {
        pipeline.languages(&self.locales, self.strict)
    }

    /// The topics the run makes documents of, in order. An unknown `--topic` or `--type`
    /// lists the valid ones.
    pub fn topics<'p>(&self, pipeline: &'p Pipeline) -> Result<Vec<&'p Topic>> {
        self.documents.topics(&pipeline.topics).map_err(Error::input)
    }

    /// Translate `topics` into the `languages` a few at a time, [`TOPICS_AT_ONCE`], and hand
    /// `each` their editions, so that a run holds only those few topics' text however large
    /// the library. Every translation problem is reported, all together; after the first,
    /// later topics are translated to find the rest but no longer handed on.
    pub fn batches(
        &self,
        pipeline: &Pipeline,
        languages: &[Edition],
        topics: &[&Topic],
        mut each: impl FnMut(&[Edition]) -> Result<()>,
    ) -> Result<()> {
        let mut errors = Vec::new();
        for topics in topics.chunks(TOPICS_AT_ONCE) {
            let made = pipeline.with_topics(languages, topics, self.strict, self.jobs);
            match made {
                Ok(editions) if errors.is_empty() => errors.extend(each(&editions).err()),
                Ok(_) => {}
                Err(error) => errors.push(error),
            }
        }
        if !errors.is_empty() {
            return Err(Error::merge(errors));
        }
        Ok(())
    }

    /// The handouts the run makes from these editions, in each of its prints (those of its
    /// shard only, with `--shard`).
    pub fn handouts<'a>(&'a self, editions: &'a [Edition]) -> Vec<Handout<'a>> {
        self.of_shard(handout::of(editions, &self.documents, &self.prints, self.clinic.as_ref()))
    }

    /// The handouts the run makes of an English `topic` in a `language` whose edition does not
    /// have it yet: which documents there are (they are the same in every language), not what
    /// they say.
    pub fn handouts_of<'a>(&'a self, language: &'a Edition, topic: &'a Topic) -> Vec<Handout<'a>> {
        let pairs = [(language, topic)];
        self.of_shard(handout::of_pairs(&pairs, &self.documents, &self.prints, self.clinic.as_ref()))
    }

    /// Those of `handouts` in the run's shard, when it has one.
    fn of_shard<'a>(&self, mut handouts: Vec<Handout<'a>>) -> Vec<Handout<'a>> {
        if let Some(shard) = self.shard {
            handouts.retain(|handout| shard.has(handout));
        }
        handouts
    }

    /// The output folder, its language folders (and `more`, such as the site's `fonts`)
    /// staged for writing, with what earlier builds made there and in `--parts`.
    pub fn output(&self, more: &[&str]) -> Result<Output> {
        let mut tops: Vec<&str> = self.locales.iter().map(|locale| locale.code).collect();
        tops.extend_from_slice(more);
        Output::open(&self.out, &tops, &self.parts, self.force)
    }

    /// Whether this run makes the document a file below the output folder is, if it still
    /// exists: a file it made before and no longer makes is removed.
    pub fn makes(&self, path: &str, scope: &Scope) -> bool {
        scope.selected(&self.documents, &self.prints)
            && self.shard.is_none_or(|shard| shard.contains(path, scope.large))
    }
}

/// The PDF creation time `SOURCE_DATE_EPOCH` fixes (the reproducible-builds convention).
fn source_date_epoch() -> Result<Option<typst::foundations::Datetime>> {
    let Ok(value) = std::env::var("SOURCE_DATE_EPOCH") else { return Ok(None) };
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let secs: i64 = value.parse().map_err(|_| {
        Error::input(format!("SOURCE_DATE_EPOCH: `{value}` is not a whole number of seconds"))
    })?;
    pdf::datetime_from_epoch(secs)
        .map(Some)
        .ok_or_else(|| Error::input(format!("SOURCE_DATE_EPOCH: {secs} is not a time a PDF can hold")))
}
