//! `handout new topic ID` and `handout schema`: start a topic, and describe the data files to
//! editors that check TOML against a JSON Schema while typing.

use std::path::PathBuf;

use crate::cli::{Folders, NewCommand, SchemaArg};
use crate::clinic::ClinicFile;
use crate::content::{self, validate::is_slug, LabelsFile, Topic};
use crate::error::{Error, Result};
use crate::output::write_file;

/// The starter topic, with `{id}`, `{name}`, `{today}` and `{next_year}` to fill in.
const STARTER: &str = include_str!("starter.toml");

/// Where the schemas go in the data folder, for the starter's `#:schema` line.
const SCHEMA_FOLDER: &str = "schema";

/// Run `handout new …`.
pub fn run(folders: &Folders, command: &NewCommand) -> Result<()> {
    let NewCommand::Topic { id } = command;
    if !is_slug(id) || id.len() > 64 {
        return Err(Error::input(format!(
            "`{id}`: a topic id is lowercase letters, digits and dashes (at most 64), e.g. `gout`"
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
fn starter(id: &str, (year, month, day): (i32, u32, u32)) -> String {
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
fn today() -> (i32, u32, u32) {
    let seconds =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    civil_from_days((seconds / 86_400) as i64)
}

/// The calendar date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_789), (2026, 12, 2));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
