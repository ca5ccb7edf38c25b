//! The command line: clap types only, each field documented.

use std::path::PathBuf;

use clap::builder::PossibleValuesParser;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::kind;
use crate::limits::Limits;
use crate::pdf::Standard;
use crate::print::Paper;

/// Accessible, translatable PDF patient handouts from structured content.
#[derive(Debug, Parser)]
#[command(name = "handout", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub folders: Folders,
}

impl Cli {
    /// Parse the process's arguments; print help or a usage error and exit on a bad one.
    /// A usage error (unknown flag, bad value) is the user's, so it exits 1 like every other
    /// problem with the input; `--help` and `--version` exit 0.
    pub fn from_args() -> Self {
        Self::try_parse().unwrap_or_else(|error| {
            let _ = error.print();
            std::process::exit(if error.use_stderr() { 1 } else { 0 });
        })
    }
}

/// Folders that replace the embedded defaults.
#[derive(Debug, Args, Clone, Default)]
pub struct Folders {
    /// Content folder with topic files (default: the embedded data).
    #[arg(long, global = true, env = "HANDOUT_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Templates folder (default: the embedded templates).
    #[arg(long, global = true, env = "HANDOUT_TEMPLATES", value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Fonts folder (default: the embedded fonts); system fonts are never used.
    #[arg(long, global = true, env = "HANDOUT_FONTS", value_name = "DIR")]
    pub fonts: Option<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// What a run may spend before it is stopped with a message (see the README's Safety section).
#[derive(Debug, Args, Clone, Default)]
pub struct LimitArgs {
    /// Steps one template run may take [default: 20000000].
    #[arg(long, global = true, env = "HANDOUT_MAX_TEMPLATE_STEPS", value_name = "N")]
    pub max_template_steps: Option<u64>,
    /// Seconds one document may take to compile [default: 60].
    #[arg(long, global = true, env = "HANDOUT_MAX_SECONDS", value_name = "SECS")]
    pub max_seconds: Option<u64>,
    /// Memory the run may use, in MB (Linux) [default: 4096].
    #[arg(long, global = true, env = "HANDOUT_MAX_MEMORY", value_name = "MB")]
    pub max_memory: Option<u64>,
}

impl LimitArgs {
    /// The limits asked for, the defaults elsewhere.
    pub fn limits(&self) -> Limits {
        let default = Limits::default();
        Limits {
            template_steps: self.max_template_steps.unwrap_or(default.template_steps),
            seconds: self.max_seconds.unwrap_or(default.seconds),
            memory_mb: self.max_memory.unwrap_or(default.memory_mb),
        }
    }
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build handouts as PDF files.
    Build(BuildArgs),
    /// Build, then rebuild whenever a data, catalog, template or profile file is saved.
    Watch(BuildArgs),
    /// Build a static download site: every handout as PDF (regular and large print) and as
    /// a web page, a list per language and a language chooser.
    Site(SiteArgs),
    /// Validate data and templates, render every handout without writing anything, and
    /// check the content: reading level and the content rules.
    Check(CheckArgs),
    /// List topics, documents and types.
    List,
    /// Print the generated Typst source of one document, exactly as `build` compiles it.
    Source(SourceArgs),
    /// Translation catalogs: update them from the English, or see how far each is.
    #[command(subcommand)]
    I18n(I18nCommand),
    /// Start something new: a topic.
    #[command(subcommand)]
    New(NewCommand),
    /// Print the JSON Schema of a data file, for editors that check TOML while typing
    /// (Taplo, Even Better TOML).
    Schema {
        #[arg(value_enum)]
        file: SchemaArg,
    },
}

/// `handout i18n …`
#[derive(Debug, Subcommand)]
pub enum I18nCommand {
    /// Regenerate the templates (locales/templates/*.pot) from the English data and merge
    /// them into every language's catalogs, making a new topic's; a new or changed entry is
    /// pre-filled (fuzzy) when the language already translated the same English elsewhere.
    Update,
    /// Per language and catalog: translated, fuzzy, untranslated, obsolete, percent and
    /// review status.
    Status {
        /// Print JSON for machines.
        #[arg(long)]
        json: bool,
        /// Only this catalog: a topic id, or `labels`.
        #[arg(long, value_name = "ID")]
        topic: Option<String>,
    },
    /// Start the catalogs of a new language (locales/LL/*.po) from the templates.
    New {
        /// Locale code, e.g. `es` or `zh-Hans`.
        locale: String,
    },
    /// Move catalogs of the old layout (locales/LL.po, one per language) into one catalog per
    /// language and topic, losing no translation.
    Migrate,
}

/// `handout new …`
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Write a commented starter topic (data/topics/ID.toml) that builds as it is, and the
    /// JSON Schemas editors check it with (data/schema/).
    Topic {
        /// The topic id: lowercase letters, digits and dashes, e.g. `gout`.
        id: String,
    },
}

/// Which data file a JSON Schema describes.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaArg {
    /// A topic file (data/topics/*.toml).
    Topic,
    /// The shared labels (data/labels.toml).
    Labels,
    /// A clinic profile.
    Clinic,
}

/// Which languages, on which paper, for which clinic.
#[derive(Debug, Args, Clone, Default)]
pub struct Profile {
    /// Languages, comma separated (`es,ar`), or `all` for every catalog (default: the clinic
    /// profile's, else `en`; `all` for `site`).
    #[arg(long, env = "HANDOUT_LOCALE", value_name = "LL,..|all")]
    pub locale: Option<String>,
    /// Clinic profile (TOML; see data/clinic.example.toml): name, contacts, logo, colour and
    /// QR codes to the online copies.
    #[arg(long, env = "HANDOUT_CLINIC", value_name = "FILE")]
    pub clinic: Option<PathBuf>,
    /// Paper size (default: the clinic profile's, else letter).
    #[arg(long, value_enum, env = "HANDOUT_PAPER")]
    pub paper: Option<PaperArg>,
    /// Fail instead of falling back to English for untranslated or fuzzy entries.
    #[arg(long)]
    pub strict: bool,
}

/// Which handouts, in which languages, on which paper.
#[derive(Debug, Args, Clone)]
pub struct Selection {
    #[command(flatten)]
    pub profile: Profile,
    /// Only these topics, comma separated (see `handout list`; default: every topic).
    #[arg(long, value_name = "ID,..", value_delimiter = ',')]
    pub topic: Vec<String>,
    /// Which document to build.
    #[arg(long, default_value = "all", value_parser = doc_names())]
    pub doc: String,
    /// Only the fact card of this type (see `handout list`).
    #[arg(long = "type", value_name = "ID")]
    pub type_id: Option<String>,
    /// Large print: body text 18 pt and headings to match; files end in `-large`.
    #[arg(long)]
    pub large_print: bool,
}

/// `all` and the name of every kind of document.
fn doc_names() -> PossibleValuesParser {
    PossibleValuesParser::new(std::iter::once("all").chain(kind::names()))
}

/// How PDFs are made, and what is printed while they are.
#[derive(Debug, Args, Clone)]
pub struct Making {
    /// PDF standards to conform to, comma separated, or `none` for plain PDF.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "ua-1,a-2b")]
    pub standard: Vec<StandardArg>,
    /// Number of documents compiled at once (default: one per core).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Print the time of each stage (data, render, compile, PDF export, forms, write).
    #[arg(long)]
    pub timings: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Make every document again, even those whose sources, templates, fonts and options are
    /// unchanged since the output folder's last build.
    #[arg(long)]
    pub force: bool,
    /// Make only part K of N of the documents (a stable split by topic, language, document and
    /// edition), for N machines to share a build; see `--parts`.
    #[arg(long, value_name = "K/N", value_parser = crate::rebuild::Shard::parse)]
    pub shard: Option<crate::rebuild::Shard>,
    /// Output folders of earlier builds or shards to take unchanged PDFs from, comma
    /// separated: `--parts parts/1,parts/2` assembles what shards built.
    #[arg(long, value_name = "DIR,..", value_delimiter = ',')]
    pub parts: Vec<PathBuf>,
}

/// Options of `handout check`.
#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// Print the reading level of every document in every language, with its hardest sentences.
    #[arg(long)]
    pub reading: bool,
    /// Fail on a document over its reading target and on any broken content rule.
    #[arg(long)]
    pub strict: bool,
}

/// Options of `handout source`.
#[derive(Debug, Args, Clone)]
pub struct SourceArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// Write every selected document's source as `<DIR>/<locale>/<file>.typ` instead of
    /// printing one (for comparing with `typst compile --root templates --font-path fonts`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Options of `handout site`.
#[derive(Debug, Args, Clone)]
pub struct SiteArgs {
    #[command(flatten)]
    pub profile: Profile,
    /// Output folder: `index.html`, then `<locale>/index.html`, `.html` and `.pdf` files.
    #[arg(long, default_value = "public", value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub making: Making,
}

/// Options of `handout build`.
#[derive(Debug, Args, Clone)]
pub struct BuildArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// Output folder; files go to `<DIR>/<locale>/`.
    #[arg(long, default_value = "out", env = "HANDOUT_OUT", value_name = "DIR")]
    pub out: PathBuf,
    /// Leave out the fillable form fields (the print-only question list).
    #[arg(long)]
    pub no_forms: bool,
    #[command(flatten)]
    pub making: Making,
    /// Also print each document's compile and export time.
    #[arg(long, short, conflicts_with = "quiet")]
    pub verbose: bool,
}

/// Paper sizes, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// US Letter, 8.5 × 11 in.
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
}

impl From<PaperArg> for Paper {
    fn from(paper: PaperArg) -> Self {
        match paper {
            PaperArg::Letter => Paper::Letter,
            PaperArg::A4 => Paper::A4,
        }
    }
}

/// PDF standards, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StandardArg {
    /// PDF/UA-1, the accessibility standard.
    #[value(name = "ua-1")]
    Ua1,
    /// PDF/A-2b, for long-term archiving.
    #[value(name = "a-2b")]
    A2b,
    /// PDF/A-2a: archiving with a tagged structure.
    #[value(name = "a-2a")]
    A2a,
    /// No declared standard: still tagged, titled and in its language, without the rules
    /// a validator holds a declared standard to.
    None,
}

impl StandardArg {
    /// The standards these arguments ask for; `none` asks for none.
    pub fn standards(args: &[StandardArg]) -> Vec<Standard> {
        args.iter()
            .filter_map(|standard| match standard {
                StandardArg::Ua1 => Some(Standard::Ua1),
                StandardArg::A2b => Some(Standard::A2b),
                StandardArg::A2a => Some(Standard::A2a),
                StandardArg::None => None,
            })
            .collect()
    }
}
