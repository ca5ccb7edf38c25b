//! `handout new topic ID` and `handout schema`: start a topic, and describe the data files to
//! editors that check TOML against a JSON Schema while typing.

use std::path::PathBuf;

use crate::cli::{Folders, NewCommand, SchemaArg};
use crate::clinic::ClinicFile;
use crate::content::{
    self,
    validate::{is_slug, MAX_ID},
    LabelsFile, Topic,
};
use crate::error::{Error, Result};
use crate::output::write_file;
use crate::pdf;

/// The starter topic, with `{id}`, `{name}`, `{today}` and `{next_year}` to fill in.
const STARTER: &str = include_str!("starter.toml");

/// Where the schemas go in the data folder, for the starter's `#:schema` line.
const SCHEMA_FOLDER: &str = "schema";

/// Run `handout new …`.
pub fn run(folders: &Folders, command: &NewCommand) -> Result<()> {
    let NewCommand::Topic { id } = command;
    if !is_slug(id) {
        return Err(Error::input(format!(
            "`{id}`: a topic id is lowercase letters, digits and dashes (at most {MAX_ID}), e.g. `gout`"
        )));
    }
    let root = folders.data.clone().unwrap_or_else(|| PathBuf::from("data"));
    let file = root.join(content::TOPICS).join(format!("{id}.toml"));
    if file.exists() {
        return Err(Error::input(format!("{}: already exists", file.display())));
    }
    let text = starter(id, today());
    // The starter must load as it is; a reserved id is refused here, before anything is written.
    let display = file.display().to_string();
    let topic = Topic { file: display.clone(), ..content::parse_topic(&text, &display)? };
    content::check_topic(&topic, &text, &display)?;
    for schema in [SchemaArg::Topic, SchemaArg::Labels, SchemaArg::Clinic] {
        let path = root.join(SCHEMA_FOLDER).join(schema_file(schema));
        write_file(&path, schema_text(schema)?.as_bytes())?;
    }
    write_file(&file, text.as_bytes())?;
    println!("{}: a starter topic; replace its texts, then run `handout build` to see it", file.display());
    Ok(())
}

/// The starter text for a topic id, dated `today` (year, month, day).
fn starter(id: &str, (year, month, day): (i32, u8, u8)) -> String {
    let name = {
        let words = id.replace('-', " ");
        let mut chars = words.chars();
        chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
    };
    STARTER
        .replace("{id}", id)
        .replace("{name}", &name)
        .replace("{today}", &format!("{year:04}-{month:02}-{day:02}"))
        .replace("{next_year}", &format!("{:04}-{month:02}-{day:02}", year + 1))
}

/// Today's date in UTC, from the system clock.
fn today() -> (i32, u8, u8) {
    let seconds =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    pdf::civil_from_days((seconds / 86_400) as i64)
}

/// Run `handout schema FILE`: print the JSON Schema.
pub fn schema(file: SchemaArg) -> Result<()> {
    println!("{}", schema_text(file)?);
    Ok(())
}

/// The file name a schema is saved under.
pub fn schema_file(file: SchemaArg) -> &'static str {
    match file {
        SchemaArg::Topic => "topic.schema.json",
        SchemaArg::Labels => "labels.schema.json",
        SchemaArg::Clinic => "clinic.schema.json",
    }
}

/// The JSON Schema of a data file, generated from the Rust types that read it.
pub fn schema_text(file: SchemaArg) -> Result<String> {
    let schema = match file {
        SchemaArg::Topic => schemars::schema_for!(Topic),
        SchemaArg::Labels => schemars::schema_for!(LabelsFile),
        SchemaArg::Clinic => schemars::schema_for!(ClinicFile),
    };
    serde_json::to_string_pretty(&schema).map_err(|e| Error::internal(e.to_string()))
}
