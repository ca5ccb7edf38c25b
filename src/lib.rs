//! handout: structured, translatable content → minijinja → Typst → accessible PDF handouts.

pub mod assets;
pub mod batch;
pub mod cache;
pub mod cli;
pub mod clinic;
pub mod commands;
pub mod content;
pub mod error;
pub mod fits;
pub mod handout;
pub mod i18n;
pub mod pdf;
pub mod render;
pub mod site;
pub mod typst;

pub use error::{Error, Result};

/// Run a parsed command line.
pub fn run(cli: cli::Cli) -> Result<()> {
    commands::run(cli)
}
