//! No input, however large or hostile, hangs a build or eats the machine's memory: each limit
//! ends the run with a message naming what reached it and how to raise it, exit code 1, and
//! earlier output untouched.

use std::fs;
use std::path::Path;

use crate::common::*;

fn default_text() -> String {
    fs::read_to_string(repo().join("data/topics/calcinosis.toml")).expect("data")
}

/// Build the English overview with this topic text and template folder; return the exit code
/// and standard error.
fn build_in(dir: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["--data", "data", "build", "--doc", "overview"];
    args.extend_from_slice(extra);
    let output = run(dir, &args);
    (output.status.code().unwrap_or(-1), stderr(&output))
}

/// A folder with the default data and the overview template with `line` added after its
/// setup, holding an earlier good build in `out/en/`.
fn with_overview_line(line: &str) -> tempfile::TempDir {
    let dir = temp();
    data_folder(dir.path(), &default_text());
    let (code, err) = build_in(dir.path(), &[]);
    assert_eq!(code, 0, "{err}");
    edit_template(
        dir.path(),
        "overview.typ.j2",
        "{% include \"_setup.typ.j2\" %}\n",
        &format!("{{% include \"_setup.typ.j2\" %}}\n\n{line}\n"),
    );
    dir
}

fn overview_bytes(dir: &Path) -> Vec<u8> {
    fs::read(dir.join("out/en/calcinosis-overview.pdf")).expect("the earlier overview")
}

#[test]
fn an_oversized_data_file_is_refused_before_it_is_read() {
    let dir = temp();
    let padding = format!("# {}\n", "x".repeat(200)).repeat(6_000);
    data_folder(dir.path(), &format!("{padding}{}", default_text()));
    let (code, err) = build_in(dir.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("topics/calcinosis.toml: the file is 1.2 MB and the limit is 1.0 MB"), "{err}");
}

#[test]
fn an_overlong_list_or_text_is_refused_stating_the_limit() {
    let entries: String = (0..150)
        .map(|i| format!("[[glossary]]\nterm = \"term {i}\"\ndefinition = \"meaning\"\n\n"))
        .collect();
    let text = default_text().replacen("[[glossary]]", &format!("{entries}[[glossary]]"), 1);
    let dir = temp();
    data_folder(dir.path(), &text);
    let (code, err) = build_in(dir.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("glossary: has 165 items"), "{err}");
    assert!(err.contains("items; a list may have at most 100"), "{err}");

    let long = "word ".repeat(500);
    let text = default_text().replacen(
        "summary = \"Calcium settles",
        &format!("summary = \"{long}Calcium settles"),
        1,
    );
    data_folder(dir.path(), &text);
    let (code, err) = build_in(dir.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("types[0].summary: is 2"), "{err}");
    assert!(err.contains("characters long; a text may have at most 2000"), "{err}");
}

#[test]
fn a_runaway_template_loop_runs_out_of_steps() {
    let dir = with_overview_line(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    );
    let before = overview_bytes(dir.path());
    let (code, err) = build_in(dir.path(), &["--templates", "templates"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("overview.typ.j2: the template took more than 20000000 steps and was stopped"),
        "{err}"
    );
    assert!(err.contains("--max-template-steps"), "{err}");
    assert_eq!(overview_bytes(dir.path()), before, "earlier output is untouched");
}

#[test]
fn a_compilation_past_its_time_is_stopped_naming_the_document_and_template() {
    let dir = with_overview_line("#for i in range(1000000000) {}");
    let before = overview_bytes(dir.path());
    let (code, err) = build_in(dir.path(), &["--templates", "templates", "--max-seconds", "2"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("en/calcinosis-overview ("), "names the document: {err}");
    assert!(err.contains("overview.typ.j2) took more than 2 s to compile and was stopped"), "{err}");
    assert!(err.contains("--max-seconds"), "{err}");
    assert_eq!(overview_bytes(dir.path()), before, "earlier output is untouched");
}

#[test]
fn a_compilation_past_its_memory_is_stopped() {
    let dir = with_overview_line("#let s = \"xy\"\n#for i in range(34) { s = s + s }");
    let before = overview_bytes(dir.path());
    let (code, err) = build_in(dir.path(), &["--templates", "templates", "--max-memory", "400"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("more than its limit of 400 MB, and was stopped"), "{err}");
    assert!(err.contains("while making en/calcinosis-overview ("), "{err}");
    assert_eq!(overview_bytes(dir.path()), before, "earlier output is untouched");
}

#[test]
fn a_template_that_makes_thousands_of_pages_is_blamed_after_one_compilation() {
    let dir = with_overview_line("#for i in range(3000) { pagebreak(weak: false) }");
    let (code, err) = build_in(dir.path(), &["--templates", "templates"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("the overview takes 300"), "{err}");
    assert!(err.contains("overview.typ.j2 makes pages of its own"), "{err}");
}

#[test]
fn data_far_too_long_for_its_page_limit_fails_at_once_and_says_to_shorten_it() {
    let paragraph = format!("\"{}\",\n", "Calcium can settle in the skin. ".repeat(55));
    let text = default_text().replacen("what_is = [", &format!("what_is = [\n{}", paragraph.repeat(60)), 1);
    let dir = temp();
    data_folder(dir.path(), &text);
    let (code, err) = build_in(dir.path(), &["--verbose"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("and would not fit on 2 even at 11 pt. Shorten its text in the data."), "{err}");
}
