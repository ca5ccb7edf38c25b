//! A library of topics: catalogs per topic and language that survive topics coming and going,
//! a translation memory, the starter topic and its schema, and the move from the old layout.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use handout::i18n::po::Catalog;

use crate::common::*;

/// Every file below a folder, by relative path, with its bytes.
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![PathBuf::new()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(root.join(&dir)).expect("folder") {
            let entry = entry.expect("entry");
            let relative = dir.join(entry.file_name());
            if entry.file_type().expect("type").is_dir() {
                dirs.push(relative);
            } else {
                out.insert(relative.display().to_string(), fs::read(entry.path()).expect("file"));
            }
        }
    }
    out
}

/// A copy of the shipped data folder (labels, checks, topics and catalogs).
fn shipped_data(parent: &Path) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        fs::create_dir_all(to).expect("folder");
        for entry in fs::read_dir(from).expect("folder") {
            let path = entry.expect("entry").path();
            let target = to.join(path.file_name().expect("name"));
            if path.is_dir() {
                copy(&path, &target);
            } else {
                fs::copy(&path, target).expect("copy");
            }
        }
    }
    let data = parent.join("data");
    copy(&repo().join("data"), &data);
    data
}

/// `handout new topic ID` in the fixture's data folder.
fn new_topic(dir: &Path, id: &str) {
    let output = run(dir, &["--data", "data", "new", "topic", id]);
    assert!(output.status.success(), "{}", stderr(&output));
}

fn update(dir: &Path) {
    let output = run(dir, &["--data", "data", "i18n", "update"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

fn catalog(data: &Path, code: &str, component: &str) -> Catalog {
    let text = fs::read_to_string(data.join(format!("locales/{code}/{component}.po"))).expect("catalog");
    Catalog::parse(&text).expect("parses")
}

/// The catalogs (templates included) that belong to these components.
fn catalogs_of(data: &Path, components: &[&str]) -> BTreeMap<String, Vec<u8>> {
    files(&data.join("locales"))
        .into_iter()
        .filter(|(path, _)| {
            let name = Path::new(path).file_stem().and_then(|s| s.to_str()).unwrap_or("");
            components.contains(&name)
        })
        .collect()
}

#[test]
fn the_shipped_catalogs_are_up_to_date() {
    let dir = temp();
    let data = shipped_data(dir.path());
    let before = files(&data);
    update(dir.path());
    assert_eq!(files(&data), before, "`handout i18n update` changes nothing in the shipped data");
}

#[test]
fn adding_renaming_and_removing_a_topic_leaves_every_other_catalog_byte_identical() {
    let dir = temp();
    let data = shipped_data(dir.path());
    let shipped = ["labels", "calcinosis", "kidney-stones"];
    let before = catalogs_of(&data, &shipped);

    // Add a third topic: the starter.
    new_topic(dir.path(), "gout");
    update(dir.path());
    assert_eq!(catalogs_of(&data, &shipped), before, "a new topic changes no other catalog");
    for code in ["es", "ar", "zh-Hans"] {
        assert!(data.join(format!("locales/{code}/gout.po")).is_file(), "{code}: the new topic's catalog");
    }
    assert!(data.join("locales/templates/gout.pot").is_file());
    // Both shipped topics stay fully translated in every language.
    let status = run(dir.path(), &["--data", "data", "i18n", "status", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&status.stdout).expect("JSON");
    let rows = rows.as_array().expect("rows");
    assert_eq!(rows.len(), 8 * 4);
    for row in rows.iter().filter(|row| row["catalog"] != "gout") {
        assert_eq!(row["percent"], 100, "{row}");
    }

    // Rename kidney-stones: the translation memory pre-fills the renamed catalog, fuzzy.
    let old = fs::read_to_string(data.join("topics/kidney-stones.toml")).expect("topic");
    fs::remove_file(data.join("topics/kidney-stones.toml")).expect("remove");
    let renamed = old.replacen("id = \"kidney-stones\"", "id = \"renal-stones\"", 1);
    fs::write(data.join("topics/renal-stones.toml"), renamed).expect("renamed");
    update(dir.path());
    let unrelated = |catalogs: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        catalogs
            .iter()
            .filter(|(path, _)| !path.contains("kidney-stones"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    assert_eq!(catalogs_of(&data, &["labels", "calcinosis"]), unrelated(&before));
    for code in ["es", "ar", "zh-Hans"] {
        let was = catalog(&data, code, "kidney-stones");
        let now = catalog(&data, code, "renal-stones");
        let live: Vec<_> = now.messages.iter().filter(|m| !m.obsolete).collect();
        assert!(!live.is_empty());
        for message in live {
            assert!(
                message.is_fuzzy(),
                "{code}: {} is pre-filled fuzzy, for a translator to confirm",
                message.context()
            );
            let earlier = was.find(message.context()).expect("the same entry");
            assert_eq!(message.translation(), earlier.translation(), "{code}: {}", message.context());
        }
    }

    // Remove the renamed topic again: the others stay as they were.
    fs::remove_file(data.join("topics/renal-stones.toml")).expect("remove");
    update(dir.path());
    assert_eq!(catalogs_of(&data, &["labels", "calcinosis", "gout"]).len(), 3 * 9);
    assert_eq!(catalogs_of(&data, &["labels", "calcinosis"]), unrelated(&before));
}

#[test]
fn the_memory_fills_a_phrase_another_topic_already_translated() {
    let dir = temp();
    let data = shipped_data(dir.path());
    new_topic(dir.path(), "gout");
    update(dir.path());
    // The starter's disclaimer is the shipped topics' own: Spanish already has it.
    let es = catalog(&data, "es", "gout");
    let disclaimer = es.find("topic.disclaimer").expect("entry");
    assert!(disclaimer.is_fuzzy());
    assert_eq!(
        disclaimer.translation(),
        catalog(&data, "es", "calcinosis").find("topic.disclaimer").expect("entry").translation()
    );
    // A phrase no catalog has stays empty.
    assert_eq!(es.find("topic.summary").expect("entry").translation(), "");
}

#[test]
fn a_new_topic_builds_as_it_is_and_names_its_schema() {
    let dir = temp();
    let data = shipped_data(dir.path());
    new_topic(dir.path(), "gout");
    let starter = fs::read_to_string(data.join("topics/gout.toml")).expect("starter");
    assert!(starter.starts_with("#:schema ../schema/topic.schema.json\n"));
    assert!(starter.contains("id = \"gout\"") && starter.contains("name = \"Gout\""));
    let schema: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(data.join("schema/topic.schema.json")).expect("schema"))
            .expect("JSON");
    assert_eq!(schema["additionalProperties"], false);

    let output = run(dir.path(), &["--data", "data", "build", "--out", "out"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let overview = Pdf::open(dir.path().join("out/en/gout-overview.pdf"));
    assert_eq!(overview.title(), "Gout: what it is and what helps");
    assert_eq!(Pdf::open(dir.path().join("out/en/gout-first-type.pdf")).pages(), 1);

    // Twice is an error that changes nothing.
    let again = run(dir.path(), &["--data", "data", "new", "topic", "gout"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("gout.toml: already exists"), "{}", stderr(&again));
    assert_eq!(fs::read_to_string(data.join("topics/gout.toml")).expect("starter"), starter);
    // An id that is not a slug, or names the labels' catalog, is refused.
    for bad in ["Gout", "labels"] {
        let output = run(dir.path(), &["--data", "data", "new", "topic", bad]);
        assert_eq!(output.status.code(), Some(1), "{bad}");
        assert!(!data.join(format!("topics/{bad}.toml")).exists());
    }
}

#[test]
fn the_shipped_schemas_are_the_ones_the_types_make() {
    for (file, name) in [("topic", "topic"), ("labels", "labels"), ("clinic", "clinic")] {
        let output = run(repo(), &["schema", file]);
        assert!(output.status.success(), "{}", stderr(&output));
        let shipped =
            fs::read_to_string(repo().join(format!("data/schema/{name}.schema.json"))).expect("schema");
        assert_eq!(String::from_utf8_lossy(&output.stdout).trim_end(), shipped.trim_end(), "{name}");
    }
    let topic: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(repo().join("data/schema/topic.schema.json")).expect("schema"),
    )
    .expect("JSON");
    // Every table of a shipped topic file is described, with its doc comment.
    let text = fs::read_to_string(repo().join("data/topics/kidney-stones.toml")).expect("topic");
    let table: toml::Table = text.parse().expect("TOML");
    for key in table.keys() {
        assert!(topic["properties"].get(key).is_some(), "the schema lacks `{key}`");
    }
    let required: Vec<&str> =
        topic["required"].as_array().expect("required").iter().filter_map(|v| v.as_str()).collect();
    assert_eq!(required, ["topic", "overview", "urgent", "types", "questions", "glossary", "sources"]);
}

#[test]
fn an_error_in_a_topic_names_its_file_and_the_old_layout_says_what_to_do() {
    let dir = temp();
    let data = shipped_data(dir.path());
    let text = fs::read_to_string(data.join("topics/kidney-stones.toml")).expect("topic");
    fs::write(
        data.join("topics/kidney-stones.toml"),
        text.replacen("name = \"Kidney stones\"", "name = 3", 1),
    )
    .expect("write");
    let output = run(dir.path(), &["--data", "data", "build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("topics/kidney-stones.toml:"), "{}", stderr(&output));

    // A topic file of the old layout, with its labels, at the top of the data folder.
    let old = temp();
    let folder = old.path().join("data");
    fs::create_dir_all(&folder).expect("folder");
    fs::copy(repo().join("tests/fixtures/old-layout/calcinosis.toml"), folder.join("calcinosis.toml"))
        .expect("copy");
    fs::copy(repo().join("data/labels.toml"), folder.join("labels.toml")).expect("copy");
    let output = run(old.path(), &["--data", "data", "build"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains(
            "`calcinosis.toml` is a topic file of the old layout: move it to topics/calcinosis.toml"
        ),
        "{err}"
    );
}

#[test]
fn migrating_the_old_catalogs_loses_no_translation() {
    let dir = temp();
    let data = dir.path().join("data");
    fs::create_dir_all(data.join("topics")).expect("folder");
    fs::create_dir_all(data.join("locales")).expect("folder");
    for file in ["labels.toml", "checks.toml", "topics/calcinosis.toml"] {
        fs::copy(repo().join("data").join(file), data.join(file)).expect("copy");
    }
    let fixtures = repo().join("tests/fixtures/old-layout/locales");
    let old: Vec<(String, Catalog)> = fs::read_dir(&fixtures)
        .expect("fixtures")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "po"))
        .map(|path| {
            fs::copy(&path, data.join("locales").join(path.file_name().expect("name"))).expect("copy");
            let code = path.file_stem().expect("stem").to_string_lossy().into_owned();
            (code, Catalog::parse(&fs::read_to_string(&path).expect("po")).expect("parses"))
        })
        .collect();
    assert_eq!(old.len(), 8);
    fs::copy(fixtures.join("handout.pot"), data.join("locales/handout.pot")).expect("pot");

    let output = run(dir.path(), &["--data", "data", "i18n", "migrate"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!data.join("locales/es.po").exists() && !data.join("locales/handout.pot").exists());

    // Where each old entry lives now: labels that named the topic moved into it.
    let moved = |context: &str| -> (&'static str, String) {
        match context {
            "labels.what_is" => ("calcinosis", "topic.what_is".into()),
            "labels.types_heading" => ("calcinosis", "topic.types_heading".into()),
            "labels.card_where" => ("calcinosis", "topic.where_heading".into()),
            "labels.do_not_stop" => ("calcinosis", "topic.do_not_stop".into()),
            c if c.starts_with("labels.") => ("labels", c.into()),
            c => ("calcinosis", c.into()),
        }
    };
    let mut checked = 0;
    for (code, before) in &old {
        for message in before.messages.iter().filter(|m| m.is_translated()) {
            let (component, context) = moved(message.context());
            let migrated = catalog(&data, code, component);
            let shipped = catalog(&repo().join("data"), code, component);
            for after in [&migrated, &shipped] {
                let entry = after.find(&context).expect("the entry");
                assert!(!entry.obsolete, "{code}: {context} is live");
                if entry.msgid.value != message.msgid.value {
                    // The labels whose English changed: the site's intro named calcinosis, and
                    // two headings said "it" where a topic may be plural.
                    let changed = ["labels.site.intro", "labels.tests_heading", "labels.treatment_heading"];
                    assert!(changed.contains(&context.as_str()), "{code}: {context}");
                    continue;
                }
                // Soft hyphens added since, as places a long word may break, change no word.
                let words = |text: &str| text.replace('\u{AD}', "");
                assert_eq!(words(entry.translation()), words(message.translation()), "{code}: {context}");
                assert!(!entry.is_fuzzy(), "{code}: {context} stays finished");
            }
            checked += 1;
        }
    }
    assert!(checked > 8 * 300, "only {checked} translations compared");
}
