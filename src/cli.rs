//! The command line: clap types only, each field documented.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::handout::{DocChoice, Paper};
use crate::pdf::Standard;

/// Accessible, translatable PDF patient handouts from structured content.
#[derive(Debug, Parser)]
#[command(name = "handout", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub folders: Folders,
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
    /// Validate data and templates and render every handout without writing anything.
    Check,
    /// List topics, documents and types.
    List,
    /// Print the generated Typst source of one document, exactly as `build` compiles it.
    Source(SourceArgs),
    /// Translation catalogs: update them from the English, or see how far each is.
    #[command(subcommand)]
    I18n(I18nCommand),
}

/// `handout i18n …`
#[derive(Debug, Subcommand)]
pub enum I18nCommand {
    /// Regenerate locales/handout.pot from the English data and merge it into every PO file.
    Update,
    /// Per locale: translated, fuzzy, untranslated, obsolete, percent and review status.
    Status {
        /// Print JSON for machines.
        #[arg(long)]
        json: bool,
    },
    /// Start a catalog for a new locale from the template.
    New {
        /// Locale code, e.g. `es` or `zh-Hans`.
        locale: String,
    },
}

/// Which handouts, on which paper.
#[derive(Debug, Args, Clone)]
pub struct Selection {
    /// Which document to build.
    #[arg(long, value_enum, default_value_t = DocChoice::All)]
    pub doc: DocChoice,
    /// Only the fact card of this type (see `handout list`).
    #[arg(long = "type", value_name = "ID")]
    pub type_id: Option<String>,
    /// Paper size (default: the clinic profile's, else letter).
    #[arg(long, value_enum, env = "HANDOUT_PAPER")]
    pub paper: Option<Paper>,
    /// Languages, comma separated (`es,ar`), or `all` for every catalog (default: the clinic
    /// profile's, else en).
    #[arg(long, env = "HANDOUT_LOCALE", value_name = "LL,..|all")]
    pub locale: Option<String>,
    /// Clinic profile (TOML; see data/clinic.example.toml): name, contacts, logo, QR code.
    #[arg(long, env = "HANDOUT_CLINIC", value_name = "FILE")]
    pub clinic: Option<PathBuf>,
    /// Large print: body text 18 pt and headings to match; files end in `-large`.
    #[arg(long)]
    pub large_print: bool,
    /// Fail instead of falling back to English for untranslated or fuzzy entries.
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
    /// Output folder: `index.html`, then `<locale>/index.html`, `.html` and `.pdf` files.
    #[arg(long, default_value = "public", value_name = "DIR")]
    pub out: PathBuf,
    /// Languages, comma separated, or `all` (default: the clinic profile's, else all).
    #[arg(long, env = "HANDOUT_LOCALE", value_name = "LL,..|all")]
    pub locale: Option<String>,
    /// Clinic profile: its name and phone on every page, its colour, QR codes to the site.
    #[arg(long, env = "HANDOUT_CLINIC", value_name = "FILE")]
    pub clinic: Option<PathBuf>,
    /// Paper size of the PDFs (default: the clinic profile's, else letter).
    #[arg(long, value_enum, env = "HANDOUT_PAPER")]
    pub paper: Option<Paper>,
    /// Fail instead of falling back to English for untranslated or fuzzy entries.
    #[arg(long)]
    pub strict: bool,
    /// PDF standards to conform to, comma separated.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub standard: Vec<Standard>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the time of each stage.
    #[arg(long)]
    pub timings: bool,
    /// Number of documents compiled at once (default: one per core).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
}

/// Options of `handout build`.
#[derive(Debug, Args, Clone)]
pub struct BuildArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// Output folder; files go to `<DIR>/<locale>/`.
    #[arg(long, default_value = "out", env = "HANDOUT_OUT", value_name = "DIR")]
    pub out: PathBuf,
    /// PDF standards to conform to, comma separated.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub standard: Vec<Standard>,
    /// Leave out the fillable form fields (the print-only question list).
    #[arg(long)]
    pub no_forms: bool,
    /// Print the time of each stage (data, render, compile, PDF export, forms, write).
    #[arg(long)]
    pub timings: bool,
    /// Print nothing but errors.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print each document's compile and export time.
    #[arg(long, short)]
    pub verbose: bool,
    /// Number of documents compiled at once (default: one per core).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
}
