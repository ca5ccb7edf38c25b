//! Snapshots of the generated Typst, so a template change shows up as a readable diff.

use crate::common::*;

fn source(args: &[&str]) -> String {
    let dir = temp();
    let mut all = vec!["source"];
    all.extend_from_slice(args);
    let output = run(dir.path(), &all);
    assert!(output.status.success(), "{}", stderr(&output));
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn overview_source() {
    insta::assert_snapshot!(source(&["--topic", "calcinosis", "--doc", "overview"]));
}

#[test]
fn card_source() {
    insta::assert_snapshot!(source(&["--doc", "card", "--type", "calciphylaxis"]));
}

#[test]
fn questions_source() {
    insta::assert_snapshot!(source(&["--topic", "calcinosis", "--doc", "questions"]));
}
