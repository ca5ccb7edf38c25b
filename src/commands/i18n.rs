//! `handout i18n`: keep the translation catalogs in step with the English data.

use std::path::PathBuf;

use crate::assets::Folder;
use crate::cli::{Folders, I18nCommand};
use crate::content;
use crate::error::{Error, Result};
use crate::i18n::catalog::{self, Status};
use crate::i18n::edition::{catalog_files, read_catalog, unknown as unknown_locale};
use crate::i18n::locale;
use crate::output::write_file;

/// Where the template lives inside the data folder.
const TEMPLATE: &str = "locales/handout.pot";

/// Run an i18n command on the data folder.
pub fn run(folders: &Folders, command: &I18nCommand) -> Result<()> {
    let data = match command {
        I18nCommand::Status { .. } => Folder::choose(folders.data.as_deref(), "data", Folder::default_data)?,
        _ => Folder::disk(&writable_data(folders)?, "data")?,
    };
    let topics = content::load_topics(&data)?;
    let template = catalog::template(&topics);
    match command {
        I18nCommand::Update => {
            let root = data.path().map(PathBuf::from).unwrap_or_default();
            write_file(&root.join(TEMPLATE), template.write().as_bytes())?;
            for (code, file) in catalog_files(&data)? {
                let old = read_catalog(&data, &file)?;
                let merged = catalog::merge(&old, &template);
                if merged != old {
                    write_file(&root.join(&file), merged.write().as_bytes())?;
                }
                print_status(&catalog::status(&code, &merged, &template));
            }
            println!("{}: {} entries", data.display(TEMPLATE), template.messages.len());
            Ok(())
        }
        I18nCommand::Status { json } => {
            let mut rows = Vec::new();
            for (code, file) in catalog_files(&data)? {
                rows.push(catalog::status(&code, &read_catalog(&data, &file)?, &template));
            }
            if *json {
                let text = serde_json::to_string_pretty(&rows).map_err(|e| Error::internal(e.to_string()))?;
                println!("{text}");
            } else {
                println!(
                    "{:<8} {:>10} {:>6} {:>12} {:>8} {:>5}  review",
                    "locale", "translated", "fuzzy", "untranslated", "obsolete", "%"
                );
                rows.iter().for_each(print_status);
            }
            Ok(())
        }
        I18nCommand::New { locale: code } => {
            let known = locale::find(code).ok_or_else(|| unknown_locale(code))?;
            let path =
                data.path().map(PathBuf::from).unwrap_or_default().join(format!("locales/{}.po", known.code));
            if path.exists() {
                return Err(Error::input(format!(
                    "{}: already exists; use `handout i18n update`",
                    path.display()
                )));
            }
            let fresh = catalog::new_translation(&template, known);
            write_file(&path, fresh.write().as_bytes())?;
            println!("{}: {} entries to translate", path.display(), fresh.messages.len());
            Ok(())
        }
    }
}

fn print_status(s: &Status) {
    println!(
        "{:<8} {:>10} {:>6} {:>12} {:>8} {:>4}%  {}",
        s.locale, s.translated, s.fuzzy, s.untranslated, s.obsolete, s.percent, s.review
    );
}

/// The data folder to write catalogs into: `--data`, or `./data` in a checkout.
fn writable_data(folders: &Folders) -> Result<PathBuf> {
    match &folders.data {
        Some(path) => Ok(path.clone()),
        None if PathBuf::from("data").is_dir() => Ok(PathBuf::from("data")),
        None => Err(Error::input(
            "i18n update writes catalogs into the data folder: run it in the repository or pass --data DIR",
        )),
    }
}
