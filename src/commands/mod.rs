//! One module per command; each turns options into calls on the library and prints results.

mod build;
mod check;
mod i18n;
mod list;
mod site;
mod source;
mod watch;

use crate::assets::Folder;
use crate::batch::{Inputs, Pipeline};
use crate::cli::{Cli, Command, Folders};
use crate::error::Result;
use crate::fits::FitCache;

/// Run a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match &cli.command {
        Command::I18n(command) => return i18n::run(&cli.folders, command),
        Command::Watch(args) => return watch::run(&cli.folders, args),
        _ => {}
    }
    let loading = std::time::Instant::now();
    let inputs = inputs(&cli.folders)?;
    let pipeline = Pipeline::load(&inputs)?.with_fit_cache(FitCache::open());
    let loading = loading.elapsed();
    match cli.command {
        Command::Build(args) => build::run(&pipeline, &args, loading),
        Command::Site(args) => site::run(&pipeline, &inputs, &args, loading),
        Command::Check => check::run(&pipeline, &inputs),
        Command::List => list::run(&pipeline),
        Command::Source(args) => source::run(&pipeline, &args),
        Command::I18n(_) | Command::Watch(_) => Ok(()),
    }
}

/// The folders a run reads, from the override options or the embedded defaults.
pub fn inputs(folders: &Folders) -> Result<Inputs> {
    Ok(Inputs {
        templates: Folder::choose(folders.templates.as_deref(), "templates", Folder::default_templates)?,
        data: Folder::choose(folders.data.as_deref(), "data", Folder::default_data)?,
        fonts: Folder::choose(folders.fonts.as_deref(), "fonts", Folder::default_fonts)?,
    })
}
