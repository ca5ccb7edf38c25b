//! Translations: every locale builds strictly, cards stay one page, titles are translated,
//! Arabic reads in logical order, and `i18n update` marks exactly the changed entry fuzzy.

use std::fs;

use handout::i18n::po::Catalog;

use crate::common::*;

const LOCALES: [&str; 8] = ["es", "zh-Hans", "vi", "ar", "ru", "fr", "tl", "ht"];

/// Whether the words of `phrase` appear in `text` in the order they were written.
///
/// Punctuation and spacing are ignored, and so are the Arabic words pdftotext misspells.
fn reads_in_order(text: &str, phrase: &str) -> bool {
    let haystack: String = normalize(text).split_whitespace().map(letters).collect::<Vec<_>>().join(" ");
    let mut from = 0;
    for word in phrase.split_whitespace().filter(|w| !quirky(w)).map(letters).filter(|w| !w.is_empty()) {
        match haystack[from..].find(&word) {
            Some(at) => from += at + word.len(),
            None => return false,
        }
    }
    true
}

/// A word's letters and digits only.
fn letters(word: &str) -> String {
    word.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Arabic words pdftotext misspells: a lam ligature (its letters come out backwards) or a
/// vowel mark (letters under a shadda come out twice).
fn quirky(word: &str) -> bool {
    word.contains('ل') || word.chars().any(|c| matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}'))
}

/// A shipped catalog: `catalog("es", "labels")`.
fn catalog(code: &str, component: &str) -> Catalog {
    read_catalog(&repo().join("data"), code, component)
}

/// A catalog of a data folder.
fn read_catalog(data: &std::path::Path, code: &str, component: &str) -> Catalog {
    let text = fs::read_to_string(data.join(format!("locales/{code}/{component}.po"))).expect("catalog");
    Catalog::parse(&text).expect("parses")
}

/// Every locale, built once with --strict.
fn all_locales() -> &'static std::path::Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = temp();
        let output = run(dir.path(), &["build", "--locale", "all", "--strict"]);
        assert!(output.status.success(), "strict build of every locale failed: {}", stderr(&output));
        dir
    })
    .path()
}

#[test]
fn every_locale_builds_strictly_with_one_page_cards_and_translated_titles() {
    let topics: [(&str, &[&str]); 2] = [
        ("calcinosis", &["dystrophic", "metastatic", "idiopathic", "iatrogenic", "calciphylaxis", "tumoral"]),
        ("kidney-stones", &["calcium-oxalate", "calcium-phosphate", "uric-acid", "struvite", "cystine"]),
    ];
    for code in LOCALES {
        let dir = all_locales().join("out").join(code);
        let note = catalog(code, "labels").find("labels.draft_note").expect("note").translation().to_string();
        for (topic, types) in topics {
            let catalog = catalog(code, topic);
            assert_eq!(
                catalog.header_field("X-Review-Status").as_deref(),
                Some("draft"),
                "{code} is a draft until reviewed"
            );
            let title = catalog.find("topic.overview_title").expect("title entry").translation().to_string();
            let overview = Pdf::open(dir.join(format!("{topic}-overview.pdf")));
            assert_eq!(overview.title(), title, "{code}: metadata title");
            assert!(overview.pages() <= 2, "{code}/{topic}: overview pages");
            let lang = overview.lang();
            assert!(lang.starts_with(code.split('-').next().expect("lang")), "{code}: /Lang is {lang}");
            let text = overview.text();
            assert!(reads_in_order(&text, &title), "{code}: the overview text lacks its title `{title}`");
            assert!(reads_in_order(&text, &note), "{code}: the draft note is printed");
            for ty in types {
                let card = Pdf::open(dir.join(format!("{topic}-{ty}.pdf")));
                assert_eq!(card.pages(), 1, "{code}/{topic}-{ty} must be one page");
            }
            let questions = Pdf::open(dir.join(format!("{topic}-questions.pdf")));
            assert!(questions.pages() <= 2, "{code}/{topic}: question list pages");
            assert!(
                questions.doc.catalog().expect("catalog").get(b"AcroForm").is_ok(),
                "{code}: form fields"
            );
        }
    }
}

#[test]
fn arabic_reads_right_to_left_in_logical_order() {
    let catalog = catalog("ar", "calcinosis");
    let pdf = Pdf::open(all_locales().join("out/ar/calcinosis-overview.pdf"));
    assert_eq!(pdf.lang(), "ar");
    let text = pdf.text();
    let lines: Vec<Vec<String>> =
        text.lines().map(|l| normalize(l).split_whitespace().map(letters).collect()).collect();
    // Within each line pdftotext gives, neighbouring words of a sentence come in the order
    // they were written, never mirrored.
    let (mut in_order, mut mirrored) = (0, Vec::new());
    for message in catalog.messages.iter().filter(|m| {
        !m.obsolete && (m.context().starts_with("overview.") || m.context().starts_with("urgent."))
    }) {
        let words: Vec<String> = message
            .translation()
            .split_whitespace()
            .filter(|w| !quirky(w))
            .map(letters)
            .filter(|w| w.chars().count() > 2)
            .collect();
        // Only lines that hold at least four of the sentence's words belong to it.
        let own: Vec<&Vec<String>> =
            lines.iter().filter(|l| words.iter().filter(|w| l.contains(w)).count() >= 4).collect();
        for pair in words.windows(2) {
            for line in &own {
                let first: Vec<usize> = (0..line.len()).filter(|&i| line[i] == pair[0]).collect();
                let second: Vec<usize> = (0..line.len()).filter(|&i| line[i] == pair[1]).collect();
                if first.is_empty() || second.is_empty() {
                    continue;
                }
                if first.iter().any(|a| second.iter().any(|b| a < b)) {
                    in_order += 1;
                } else {
                    mirrored.push(format!("{}: {} / {}", message.context(), pair[0], pair[1]));
                }
            }
        }
    }
    assert!(in_order > 50, "only {in_order} word pairs found");
    assert!(mirrored.is_empty(), "pairs read mirrored: {mirrored:?}");
    // Whole headings and short sentences read as written.
    for context in ["topic.what_is", "topic.types_heading", "overview.what_is.0", "urgent.emergency.0"] {
        let sentence = catalog.find(context).expect("entry").translation();
        assert!(reads_in_order(&text, sentence), "{context}: `{sentence}` not in logical order");
    }
}

#[test]
fn chinese_uses_the_cjk_font_and_vietnamese_one_font() {
    let zh = Pdf::open(all_locales().join("out/zh-Hans/calcinosis-overview.pdf"));
    assert!(zh.font_names().iter().any(|n| n.starts_with("NotoSansSC")), "{:?}", zh.font_names());
    let vi = Pdf::open(all_locales().join("out/vi/calcinosis-dystrophic.pdf"));
    let fonts = vi.font_names();
    assert!(
        fonts.iter().all(|n| !n.starts_with("AtkinsonHyperlegible")),
        "Vietnamese mixes fonts: {fonts:?}"
    );
}

#[test]
fn changing_one_english_string_marks_exactly_that_entry_fuzzy_everywhere() {
    let dir = temp();
    let english = fs::read_to_string(repo().join("data/topics/calcinosis.toml")).expect("data");
    let data = data_folder(dir.path(), &english);
    let labels = fs::read_to_string(data.join("labels.toml")).expect("labels");
    let changed = labels.replacen("card_kind = \"Fact card\"", "card_kind = \"Fact sheet\"", 1);
    assert_ne!(labels, changed);
    fs::write(data.join("labels.toml"), changed).expect("labels");
    LOCALES.iter().for_each(|code| copy_catalogs(&data, code));
    let output = run(dir.path(), &["--data", "data", "i18n", "update"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let pot = fs::read_to_string(data.join("locales/templates/labels.pot")).expect("template written");
    assert!(pot.contains("msgid \"Fact sheet\""));
    for code in LOCALES {
        assert_eq!(
            read_catalog(&data, code, "calcinosis"),
            catalog(code, "calcinosis"),
            "{code}: the topic's catalog is untouched"
        );
        let before = catalog(code, "labels");
        let after = read_catalog(&data, code, "labels");
        let fuzzy: Vec<&str> =
            after.messages.iter().filter(|m| m.is_fuzzy() && !m.obsolete).map(|m| m.context()).collect();
        assert_eq!(fuzzy, ["labels.card_kind"], "{code}");
        let entry = after.find("labels.card_kind").expect("entry");
        assert_eq!(entry.previous_msgid().as_deref(), Some("Fact card"), "{code}: previous English kept");
        assert_eq!(
            entry.translation(),
            before.find("labels.card_kind").expect("entry").translation(),
            "{code}: translation kept"
        );
        assert_eq!(after.messages.len(), before.messages.len(), "{code}: no entry lost");
    }
    // A strict build now refuses the fuzzy entry, naming it.
    let strict = run(
        dir.path(),
        &["--data", "data", "build", "--locale", "es", "--doc", "card", "--type", "tumoral", "--strict"],
    );
    assert_eq!(strict.status.code(), Some(1));
    assert!(stderr(&strict).contains("labels.card_kind: fuzzy"), "{}", stderr(&strict));
    // Without --strict it falls back to English with a warning.
    let lenient =
        run(dir.path(), &["--data", "data", "build", "--locale", "es", "--doc", "card", "--type", "tumoral"]);
    assert!(lenient.status.success(), "{}", stderr(&lenient));
    assert!(stderr(&lenient).contains("warning:") && stderr(&lenient).contains("labels.card_kind"));
    assert!(
        normalize(&Pdf::open(dir.path().join("out/es/calcinosis-tumoral.pdf")).text()).contains("Fact sheet")
    );
}

#[test]
fn removed_entries_become_obsolete_and_keep_their_translation() {
    let dir = temp();
    let english = fs::read_to_string(repo().join("data/topics/calcinosis.toml")).expect("data");
    // Drop the last glossary entry.
    let cut = english.rfind("[[glossary]]").expect("glossary");
    let end = english[cut..].find("[[sources]]").map_or(english.len(), |i| cut + i);
    let data = data_folder(dir.path(), &format!("{}{}", &english[..cut], &english[end..]));
    copy_catalogs(&data, "fr");
    let before = catalog("fr", "calcinosis").messages.iter().filter(|m| m.obsolete).count();
    let output = run(dir.path(), &["--data", "data", "i18n", "update"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let after = read_catalog(&data, "fr", "calcinosis");
    let obsolete: Vec<&str> = after.messages.iter().filter(|m| m.obsolete).map(|m| m.context()).collect();
    assert_eq!(obsolete.len(), before + 2, "term and definition: {obsolete:?}");
    assert!(after.messages.iter().filter(|m| m.obsolete).all(|m| !m.translation().is_empty()));
}

#[test]
fn status_reports_every_locale_and_json_for_machines() {
    let dir = temp();
    let output = run(dir.path(), &["i18n", "status", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let rows = rows.as_array().expect("array");
    assert_eq!(rows.len(), LOCALES.len() * 3, "every language's labels and both topics");
    for row in rows {
        assert_eq!(row["percent"], 100, "{row}");
        assert_eq!(row["fuzzy"], 0);
        assert_eq!(row["review"], "draft");
    }
}

#[test]
fn unknown_locale_is_a_clear_error() {
    let dir = temp();
    let output = run(dir.path(), &["build", "--locale", "xx"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("unknown locale `xx`"), "{}", stderr(&output));
}

#[test]
fn every_shipped_catalog_round_trips_byte_for_byte() {
    let mut files = 0;
    for folder in fs::read_dir(repo().join("data/locales")).expect("locales") {
        for file in fs::read_dir(folder.expect("folder").path()).expect("catalogs") {
            let path = file.expect("file").path();
            let text = fs::read_to_string(&path).expect("catalog");
            assert_eq!(Catalog::parse(&text).expect("parses").write(), text, "{}", path.display());
            files += 1;
        }
    }
    assert_eq!(files, (LOCALES.len() + 1) * 3, "labels and two topics, per language and as templates");
}

/// A data folder with the calcinosis topic and the Spanish catalogs, the Spanish labels
/// catalog changed by `edit`; the folder's parent is the working folder.
fn spanish_data(edit: impl FnOnce(Vec<u8>) -> Vec<u8>) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = temp();
    let english = fs::read_to_string(repo().join("data/topics/calcinosis.toml")).expect("data");
    let data = data_folder(dir.path(), &english);
    copy_catalogs(&data, "es");
    let labels = data.join("locales/es/labels.po");
    fs::write(&labels, edit(fs::read(&labels).expect("catalog"))).expect("catalog");
    (dir, data)
}

/// Each command that reads catalogs refuses with exit code 1 and this message, and
/// `i18n update` writes nothing.
fn refused_everywhere(dir: &std::path::Path, data: &std::path::Path, message: &str) {
    let before = tree(data);
    let commands: [&[&str]; 5] = [
        &["--data", "data", "build", "--locale", "es"],
        &["--data", "data", "build", "--locale", "all"],
        &["--data", "data", "check"],
        &["--data", "data", "i18n", "status"],
        &["--data", "data", "i18n", "update"],
    ];
    for args in commands {
        let output = run(dir, args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: expected `{message}` in:\n{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    assert_eq!(tree(data), before, "nothing written");
    assert!(!dir.join("out").exists(), "no handout written");
}

#[test]
fn a_second_entry_for_a_context_is_refused_by_every_command() {
    let mut first = 0;
    let (dir, data) = spanish_data(|bytes| {
        let text = String::from_utf8(bytes).expect("UTF-8");
        first = text.lines().position(|l| l == "msgctxt \"labels.card_kind\"").expect("entry") + 1;
        format!("{text}\nmsgctxt \"labels.card_kind\"\nmsgid \"Fact card\"\nmsgstr \"Otra ficha\"\n")
            .into_bytes()
    });
    let lines = fs::read_to_string(data.join("locales/es/labels.po")).expect("catalog").lines().count();
    let message = format!(
        "data/locales/es/labels.po:{}: msgctxt \"labels.card_kind\": a second entry for this context (the first is at line {first}); remove one",
        lines - 2
    );
    refused_everywhere(dir.path(), &data, &message);
}

#[test]
fn a_broken_plural_forms_header_is_refused_by_every_command() {
    let mut line = 0;
    let (dir, data) = spanish_data(|bytes| {
        let text = String::from_utf8(bytes).expect("UTF-8");
        line = text.lines().position(|l| l.starts_with("\"Plural-Forms:")).expect("header") + 1;
        text.replacen("plural=(n != 1);", "plural=(n != 1;", 1).into_bytes()
    });
    let message = format!("data/locales/es/labels.po:{line}: header Plural-Forms: expected `)`, found `;`");
    refused_everywhere(dir.path(), &data, &message);
}

#[test]
fn a_catalog_not_in_utf8_is_refused_naming_line_column_and_byte() {
    let mut place = (0, 0, 0);
    let (dir, data) = spanish_data(|mut bytes| {
        // Saved as Latin-1: é is one byte, 0xE9.
        let at = bytes.windows(2).position(|w| w == "é".as_bytes()).expect("an é");
        let before = String::from_utf8(bytes[..at].to_vec()).expect("UTF-8");
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().expect("line").chars().count() + 1;
        place = (line, column, at);
        bytes.splice(at..at + 2, [0xE9]);
        bytes
    });
    let (line, column, offset) = place;
    let message = format!(
        "data/locales/es/labels.po:{line}:{column}: not valid UTF-8 (byte 0xE9 at offset {offset}); save the file as UTF-8"
    );
    refused_everywhere(dir.path(), &data, &message);
}

#[test]
fn a_locale_folder_of_no_supported_locale_is_refused_by_every_command_naming_it() {
    let (dir, data) = spanish_data(|bytes| bytes);
    fs::create_dir_all(data.join("locales/xx-Klingon")).expect("folder");
    fs::copy(data.join("locales/es/labels.po"), data.join("locales/xx-Klingon/labels.po")).expect("copy");
    refused_everywhere(
        dir.path(),
        &data,
        "data/locales/xx-Klingon: unknown locale `xx-Klingon`; known locales: en, es, zh-Hans, vi, ar, ru, fr, tl, ht",
    );
    fs::rename(data.join("locales/xx-Klingon"), data.join("locales/ES")).expect("rename");
    refused_everywhere(dir.path(), &data, "data/locales/ES: the folder of locale `es` must be named `es`");
    fs::rename(data.join("locales/ES"), data.join("locales/en")).expect("rename");
    refused_everywhere(dir.path(), &data, "data/locales/en: English is the source language");
    let new = run(dir.path(), &["--data", "data", "i18n", "new", "en"]);
    assert_eq!(new.status.code(), Some(1));
    // English alone reads no catalog.
    assert!(run(dir.path(), &["--data", "data", "list"]).status.success());
}

#[test]
fn a_catalog_no_topic_has_is_a_warning_naming_it() {
    // The data folder has one topic; the Spanish catalogs include kidney-stones.po.
    let (dir, data) = spanish_data(|bytes| bytes);
    fs::rename(data.join("locales/es/calcinosis.po"), data.join("locales/es/calcinsis.po")).expect("rename");
    let status = run(dir.path(), &["--data", "data", "i18n", "status"]);
    assert!(status.status.success(), "{}", stderr(&status));
    for name in ["kidney-stones", "calcinsis"] {
        let warning = format!(
            "warning: {}: no catalog is named `{name}` (catalogs: labels, calcinosis), so no handout uses it",
            data.join(format!("locales/es/{name}.po")).canonicalize().expect("path").display()
        );
        assert!(stderr(&status).contains(&warning), "{}", stderr(&status));
        let source = run(
            dir.path(),
            &[
                "--data",
                "data",
                "source",
                "--locale",
                "es",
                "--topic",
                "calcinosis",
                "--doc",
                "card",
                "--type",
                "tumoral",
            ],
        );
        assert!(source.status.success(), "{}", stderr(&source));
        assert!(stderr(&source).contains(&warning), "{}", stderr(&source));
    }
}

#[test]
fn a_byte_order_mark_is_accepted_and_update_keeps_the_file_sound() {
    let (dir, data) = spanish_data(|bytes| [b"\xEF\xBB\xBF".as_slice(), &bytes].concat());
    let file = data.join("locales/es/labels.po");
    let with_bom = fs::read(&file).expect("catalog");
    let status = run(dir.path(), &["--data", "data", "i18n", "status", "--json"]);
    assert!(status.status.success(), "{}", stderr(&status));
    let rows: serde_json::Value = serde_json::from_slice(&status.stdout).expect("JSON");
    let labels = rows.as_array().expect("rows").iter().find(|r| r["catalog"] == "labels").expect("labels");
    assert_eq!(labels["percent"], 100, "{labels}");
    let update = run(dir.path(), &["--data", "data", "i18n", "update"]);
    assert!(update.status.success(), "{}", stderr(&update));
    assert_eq!(fs::read(&file).expect("catalog"), with_bom, "nothing changed: the file is left as it was");
    // A change rewrites the file without the mark, as msgmerge writes; the rest is kept.
    let labels_toml = data.join("labels.toml");
    let english = fs::read_to_string(&labels_toml).expect("labels");
    fs::write(&labels_toml, english.replacen("card_kind = \"Fact card\"", "card_kind = \"Fact sheet\"", 1))
        .expect("labels");
    let update = run(dir.path(), &["--data", "data", "i18n", "update"]);
    assert!(update.status.success(), "{}", stderr(&update));
    let written = fs::read_to_string(&file).expect("catalog");
    assert!(!written.starts_with('\u{feff}') && written.starts_with("# Spanish"), "{}", &written[..40]);
    assert_eq!(
        read_catalog(&data, "es", "labels").find("labels.card_kind").expect("entry").msgid.value,
        "Fact sheet"
    );
}
