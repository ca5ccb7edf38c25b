//! One module per command; each makes a run from its options, calls the library and reports.

mod build;
mod check;
mod i18n;
mod list;
mod new;
mod site;
mod source;
mod watch;

use crate::assets::{Folder, Inputs};
use crate::cli::{Cli, Command, Folders, Making, Profile, Selection, StandardArg};
use crate::error::{Error, Result};
use crate::handout::Documents;
use crate::kind;
use crate::run::{Editions, Options};

/// Run a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let folders = &cli.folders;
    match &cli.command {
        Command::Build(args) => build::run(folders, args),
        Command::Watch(args) => watch::run(folders, args),
        Command::Site(args) => site::run(folders, args),
        Command::Check(args) => check::run(folders, args),
        Command::List => list::run(folders),
        Command::Source(args) => source::run(folders, args),
        Command::I18n(command) => i18n::run(folders, command),
        Command::New(command) => new::run(folders, command),
        Command::Schema { file } => new::schema(*file),
    }
}

/// The folders a run reads, from the override options or the embedded defaults.
pub fn inputs(folders: &Folders) -> Result<Inputs> {
    Ok(Inputs {
        templates: Folder::choose(folders.templates.as_deref(), "templates", Folder::default_templates)?,
        data: Folder::choose(folders.data.as_deref(), "data", Folder::default_data)?,
        fonts: Folder::choose(folders.fonts.as_deref(), "fonts", Folder::default_fonts)?,
        limits: folders.limits.limits(),
    })
}

/// The options a profile, and perhaps a selection and the PDF options, ask for.
fn options(folders: &Folders, profile: &Profile) -> Result<Options> {
    Ok(Options {
        locales: profile.locale.clone(),
        clinic: profile.clinic.clone(),
        paper: profile.paper.map(Into::into),
        strict: profile.strict,
        ..Options::new(inputs(folders)?)
    })
}

/// Options for the handouts a selection names.
fn selected(folders: &Folders, selection: &Selection) -> Result<Options> {
    let documents = Documents {
        kind: match selection.doc.as_str() {
            "all" => None,
            name => Some(kind::find(name).ok_or_else(|| Error::input(format!("unknown document `{name}`")))?),
        },
        type_id: selection.type_id.clone(),
        topics: selection.topic.clone(),
    };
    let editions = if selection.large_print { Editions::Large } else { Editions::Regular };
    Ok(Options { documents, editions, ..options(folders, &selection.profile)? })
}

/// Add how the PDFs are made.
fn making(options: Options, making: &Making) -> Options {
    Options {
        standards: StandardArg::standards(&making.standard),
        jobs: making.jobs,
        force: making.force,
        shard: making.shard,
        parts: making.parts.clone(),
        ..options
    }
}
