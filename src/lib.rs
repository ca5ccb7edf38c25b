//! handout: structured, translatable content → minijinja → Typst → accessible PDF handouts.

pub mod assets;
pub mod cache;
pub mod checks;
pub mod cli;
pub mod clinic;
pub mod commands;
pub mod content;
pub mod drawings;
pub mod error;
pub mod fits;
pub mod handout;
pub mod i18n;
pub mod kind;
pub mod limits;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod print;
pub mod rebuild;
pub mod render;
pub mod run;
pub mod site;
pub mod typst;
pub mod workers;

pub use error::{Error, Result};

/// Run a parsed command line.
pub fn run(cli: cli::Cli) -> Result<()> {
    commands::run(cli)
}
