//! Bad input gets one clear message naming file, line and field, exit code 1, and loses nothing.

use std::fs;

use crate::common::*;

fn build_with_data(text: &str, extra: &[&str]) -> (i32, String) {
    build_with_labels(text, None, extra)
}

/// Build with this topic text and, if given, this text of the shared labels.
fn build_with_labels(text: &str, labels: Option<&str>, extra: &[&str]) -> (i32, String) {
    let dir = temp();
    let data = data_folder(dir.path(), text);
    if let Some(labels) = labels {
        fs::write(data.join("labels.toml"), labels).expect("labels");
    }
    let mut args = vec!["--data", "data", "build"];
    args.extend_from_slice(extra);
    let output = run(dir.path(), &args);
    (output.status.code().unwrap_or(-1), stderr(&output))
}

fn default_text() -> String {
    fs::read_to_string(repo().join("data/topics/calcinosis.toml")).expect("data")
}

#[test]
fn malformed_toml_names_file_line_and_column() {
    let text = default_text().replacen("[overview]", "[overview\n", 1);
    let line = text.lines().position(|l| l == "[overview").expect("line") + 1;
    let (code, err) = build_with_data(&text, &[]);
    assert_eq!(code, 1);
    assert!(err.contains(&format!("calcinosis.toml:{line}:")), "{err}");
}

#[test]
fn missing_field_is_named_by_its_path() {
    let mut data = default_data();
    data["types"].as_array_mut().expect("types")[2].as_table_mut().expect("type").remove("name");
    let (code, err) = build_with_data(&toml::to_string(&data).expect("toml"), &[]);
    assert_eq!(code, 1);
    assert!(err.contains("types[2].name"), "{err}");
    assert!(err.contains("missing field"), "{err}");
}

#[test]
fn mistyped_field_is_named_with_its_line() {
    let text = default_text().replacen("short_name = \"Metastatic\"", "short_name = 42", 1);
    let line = text.lines().position(|l| l == "short_name = 42").expect("line") + 1;
    let (code, err) = build_with_data(&text, &[]);
    assert_eq!(code, 1);
    assert!(err.contains(&format!("calcinosis.toml:{line}:")), "{err}");
    assert!(err.contains("types[1].short_name"), "{err}");
}

#[test]
fn unknown_field_is_refused() {
    let text = default_text().replacen("[urgent]\n", "[urgent]\ncolour = \"red\"\n", 1);
    let (code, err) = build_with_data(&text, &[]);
    assert_eq!(code, 1);
    assert!(err.contains("unknown field `colour`"), "{err}");
}

#[test]
fn validation_reports_every_problem_at_once() {
    let text = default_text().replacen("id = \"idiopathic\"", "id = \"dystrophic\"", 1).replacen(
        "url = \"https://",
        "url = \"ftp://",
        1,
    );
    let labels = fs::read_to_string(repo().join("data/labels.toml")).expect("labels").replacen(
        "page_of = \"Page {page} of {total}\"",
        "page_of = \"Page {page}\"",
        1,
    );
    let (code, err) = build_with_labels(&text, Some(&labels), &[]);
    assert_eq!(code, 1);
    assert!(err.contains("types[2].id: `dystrophic` is used twice"), "{err}");
    assert!(
        err.contains("labels.toml:") && err.contains("labels.page_of: must contain the placeholder {total}"),
        "{err}"
    );
    assert!(err.contains("overview.groups[0].url"), "{err}");
    assert_eq!(err.lines().filter(|l| l.starts_with("error:")).count(), 3, "{err}");
}

#[test]
fn unknown_type_lists_the_valid_ones() {
    let dir = temp();
    let output = run(dir.path(), &["build", "--doc", "card", "--type", "nope"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("unknown type `nope`"), "{err}");
    assert!(err.contains("dystrophic, metastatic, idiopathic, iatrogenic, calciphylaxis, tumoral"), "{err}");
}

#[test]
fn template_syntax_error_names_template_and_line() {
    let dir = temp();
    let text = edit_template(dir.path(), "card.typ.j2", "{{ labels.card_what }}", "{{ labels.card_what | }}");
    let line = text.lines().position(|l| l.contains("{{ labels.card_what | }}")).expect("line") + 1;
    let output = run(dir.path(), &["--templates", "templates", "check"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains(&format!("card.typ.j2:{line}")), "{err}");
    assert!(err.contains("syntax error"), "{err}");
}

#[test]
fn typst_error_names_generated_line_and_template_line() {
    let dir = temp();
    let text = edit_template(
        dir.path(),
        "card.typ.j2",
        "== {{ labels.card_outlook }}",
        "== {{ labels.card_outlook }}\n#undefined-function({{ type.outlook | str }})",
    );
    let line = text.lines().position(|l| l.starts_with("#undefined-function")).expect("line") + 1;
    let output =
        run(dir.path(), &["--templates", "templates", "build", "--doc", "card", "--type", "tumoral"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("calcinosis-tumoral.typ:"), "{err}");
    assert!(err.contains(&format!("card.typ.j2:{line}")), "{err}");
    assert!(err.contains("unknown variable: undefined-function"), "{err}");
}

#[test]
fn unwritable_output_is_a_clear_error() {
    let dir = temp();
    fs::write(dir.path().join("blocker"), "a file where the folder should be").expect("file");
    let output = run(dir.path(), &["build", "--doc", "overview", "--out", "blocker"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("blocker") && err.contains("cannot write"), "{err}");
}

#[test]
fn a_failed_run_keeps_earlier_good_output() {
    let dir = temp();
    let good = run(dir.path(), &["build", "--doc", "card", "--type", "tumoral"]);
    assert!(good.status.success());
    let path = dir.path().join("out/en/calcinosis-tumoral.pdf");
    let before = fs::read(&path).expect("pdf");

    // The same card with far too much text fails, and the earlier PDF stays as it was.
    let long = "A long sentence that will never fit on one page at any size. ".repeat(30);
    let mut data = default_data();
    let types = data["types"].as_array_mut().expect("types");
    for field in ["outlook", "what"] {
        types[5].as_table_mut().expect("type").insert(field.into(), toml::Value::String(long.clone()));
    }
    data_folder(dir.path(), &toml::to_string(&data).expect("toml"));
    let bad = run(dir.path(), &["--data", "data", "build", "--doc", "card", "--type", "tumoral"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("would not fit on 1"), "{}", stderr(&bad));
    assert_eq!(fs::read(&path).expect("pdf"), before);
    let leftovers: Vec<_> = fs::read_dir(dir.path().join("out/en"))
        .expect("folder")
        .map(|e| e.expect("entry").file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn a_broken_shared_template_part_names_that_part_and_its_line() {
    let dir = temp();
    let text = edit_template(
        dir.path(),
        "_setup.typ.j2",
        "author: {{ topic.author | str }}",
        "author: {{ topic.no_such_field | str }}",
    );
    let line = text.lines().position(|l| l.contains("topic.no_such_field")).expect("line") + 1;
    let output =
        run(dir.path(), &["--templates", "templates", "build", "--topic", "calcinosis", "--doc", "overview"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains(&format!("_setup.typ.j2:{line}: template error: undefined value")), "{err}");
    assert!(err.contains("(included from ") && err.contains("overview.typ.j2:2)"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_translation_that_breaks_a_placeholder_names_its_catalog_entry() {
    let po = fs::read_to_string(repo().join("data/locales/es/labels.po")).expect("labels.po");
    let context = "msgctxt \"labels.page_of\"";
    let entry = po.lines().position(|l| l == context).expect("the entry") + 1;
    let (before, after) = po.split_once(context).expect("the entry");
    let (msgid, rest) = after.split_once("msgstr ").expect("its msgstr");
    let rest = rest.split_once('\n').expect("the rest").1;
    for (broken, problem) in [
        ("Página {pagina} de {total}", "has the placeholder {pagina} where the English has {page}"),
        ("Página de {total}", "lacks the placeholder {page}"),
    ] {
        let dir = temp();
        let data = data_folder(dir.path(), &default_text());
        copy_catalogs(&data, "es");
        let text = format!("{before}{context}{msgid}msgstr \"{broken}\"\n{rest}");
        fs::write(data.join("locales/es/labels.po"), text).expect("labels.po");
        for args in [
            &["--data", "data", "build", "--locale", "es", "--doc", "overview"][..],
            &["--data", "data", "check"],
            &["--data", "data", "i18n", "status"],
        ] {
            let output = run(dir.path(), args);
            assert_eq!(output.status.code(), Some(1), "{args:?}");
            let err = stderr(&output);
            assert!(
                err.contains(&format!(
                    "locales/es/labels.po:{entry} (es, {context}): the translation {problem}"
                )),
                "{args:?}: {err}"
            );
        }
        assert!(!dir.path().join("out").exists(), "nothing is printed with a broken placeholder");
    }
}

#[test]
fn usage_errors_are_the_users_and_exit_1() {
    let dir = temp();
    for args in [
        &["--no-such-flag"][..],
        &["build", "--paper", "b5"],
        &["build", "--standard", "ua-2"],
        &["build", "--jobs", "-1"],
        &["build", "--out", ""],
    ] {
        let output = run(dir.path(), args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {}", stderr(&output));
        assert!(!stderr(&output).trim().is_empty(), "{args:?} says why");
    }
    let output =
        handout().current_dir(dir.path()).env("HANDOUT_PAPER", "b5").arg("build").output().expect("runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("b5"), "{}", stderr(&output));
    assert_eq!(run(dir.path(), &["--help"]).status.code(), Some(0));
    assert!(!dir.path().join("out").exists(), "nothing was written");
}

#[test]
fn an_overlong_id_is_refused_by_validation_naming_the_field() {
    let long = "a".repeat(300);
    let text = default_text().replacen("id = \"dystrophic\"", &format!("id = \"{long}\""), 1);
    let (code, err) = build_with_data(&text, &[]);
    assert_eq!(code, 1);
    assert!(err.contains("types[0].id: must be lowercase letters, digits and dashes (at most 64)"), "{err}");
    assert_eq!(err.lines().count(), 1, "one message, before anything is written: {err}");
}

#[test]
fn an_empty_list_is_refused_instead_of_printing_an_empty_heading() {
    let text = default_text().replacen("causes = [", "causes = [] \nold_causes = [", 1);
    let start = text.find("old_causes = [").expect("moved");
    let end = start + text[start..].find("]\n").expect("end") + 2;
    let text = format!("{}{}", &text[..start], &text[end..]);
    let (code, err) = build_with_data(&text, &[]);
    assert_eq!(code, 1);
    assert!(err.contains("types[0].causes: needs at least one entry"), "{err}");
}

#[test]
fn control_and_bidi_override_characters_are_refused_naming_the_field() {
    for (hidden, what) in [
        ("\\u0007", "a control character (U+0007)"),
        ("\\u202E", "a bidirectional override, which reorders the text (U+202E)"),
    ] {
        let text = default_text().replacen(
            "summary = \"Calcium settles",
            &format!("summary = \"Take{hidden} Calcium settles"),
            1,
        );
        let (code, err) = build_with_data(&text, &[]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(&format!("types[0].summary: has {what}")), "{err}");
    }
    // In a translation: the PO file, line and msgctxt.
    let dir = temp();
    let data = data_folder(dir.path(), &default_text());
    copy_catalogs(&data, "es");
    let po = fs::read_to_string(data.join("locales/es/calcinosis.po")).expect("po");
    let context = "msgctxt \"topic.name\"";
    let entry = po.lines().position(|l| l == context).expect("the entry") + 1;
    let (before, after) = po.split_once(context).expect("the entry");
    let (msgid, rest) = after.split_once("msgstr ").expect("its msgstr");
    let rest = rest.split_once('\n').expect("the rest").1;
    fs::write(
        data.join("locales/es/calcinosis.po"),
        format!("{before}{context}{msgid}msgstr \"\u{202E}Calcinosis\"\n{rest}"),
    )
    .expect("po");
    let output = run(dir.path(), &["--data", "data", "build", "--locale", "es"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains(&format!("locales/es/calcinosis.po:{entry} (es, {context}): the translation has a bidirectional override, which reorders the text (U+202E) at character 1")), "{err}");
}

#[test]
fn a_runtime_error_in_an_included_part_names_the_part_line_cause_and_expression() {
    for (expression, cause) in [
        ("{{ topic.no_such_field }}", "`topic.no_such_field` is undefined"),
        ("{{ topic.name | no_such_filter }}", "unknown filter"),
        ("{{ 1 // 0 }}", "invalid operation"),
    ] {
        let dir = temp();
        let text = edit_template(dir.path(), "_setup.typ.j2", "#import", &format!("{expression}\n#import"));
        let line = text.lines().position(|l| l.contains(expression)).expect("line") + 1;
        let output = run(
            dir.path(),
            &["--templates", "templates", "build", "--topic", "calcinosis", "--doc", "overview"],
        );
        assert_eq!(output.status.code(), Some(1));
        let err = stderr(&output);
        assert!(err.contains(&format!("_setup.typ.j2:{line}: template error: ")), "{expression}: {err}");
        assert!(err.contains(cause), "{expression}: {err}");
        assert!(err.contains("(included from ") && err.contains("overview.typ.j2:2)"), "{err}");
    }
}

#[test]
fn stale_temporary_files_and_staging_folders_of_a_killed_run_are_removed() {
    let dir = temp();
    let en = dir.path().join("out/en");
    fs::create_dir_all(&en).expect("folder");
    // Left by runs that were killed: an old-style temporary file (an hour old), one of a
    // process that has ended, and a staging folder; and a file of the user's, kept.
    let old = en.join(".calcinosis-overview.pdf.AbC123.tmp");
    fs::write(&old, "half a pdf").expect("temp");
    let file = fs::File::options().write(true).open(&old).expect("open");
    file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(7200)).expect("age");
    fs::write(en.join(".calcinosis-card.pdf.handout-4000000.XyZ789.tmp"), "half").expect("temp");
    fs::create_dir_all(dir.path().join("out/.handout-4000000-abcdef/en")).expect("stage");
    fs::write(en.join("notes.txt"), "mine").expect("user file");
    let output = run(dir.path(), &["build", "--doc", "overview"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut left: Vec<String> = fs::read_dir(&en)
        .expect("en")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".handout-built")
        .collect();
    left.sort();
    assert_eq!(left, ["calcinosis-overview.pdf", "kidney-stones-overview.pdf", "notes.txt"]);
    let top: Vec<String> = fs::read_dir(dir.path().join("out"))
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(top, ["en"]);
}

#[test]
fn a_multi_language_build_that_fails_to_write_one_language_replaces_none() {
    let dir = temp();
    let good = run(dir.path(), &["build", "--doc", "overview", "--topic", "calcinosis"]);
    assert!(good.status.success(), "{}", stderr(&good));
    let path = dir.path().join("out/en/calcinosis-overview.pdf");
    fs::write(&path, "the earlier file").expect("mark");
    // Spanish cannot be written: a file stands where its folder goes.
    fs::write(dir.path().join("out/es"), "in the way").expect("blocker");
    let output =
        run(dir.path(), &["build", "--doc", "overview", "--topic", "calcinosis", "--locale", "en,es"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("out/es: cannot write the output folder") && err.contains("nothing was replaced"),
        "{err}"
    );
    assert_eq!(fs::read(&path).expect("en"), b"the earlier file", "English was not replaced");
    let top: Vec<String> = fs::read_dir(dir.path().join("out"))
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(top.is_empty(), "no staging folder is left: {top:?}");
}
