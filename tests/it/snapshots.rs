//! Snapshots of the generated Typst, so a template change shows up as a readable diff.

use crate::common::*;

fn source(args: &[&str]) -> String {
    let dir = temp();
    let mut all = vec!["source"];
    all.extend_from_slice(args);
    let output = run(dir.path(), &all);
    assert!(output.status.success(), "{}", stderr(&output));
    without_drawings(&String::from_utf8(output.stdout).expect("UTF-8"))
}

/// The source with each picture's SVG, a long string of path data, as its length: the
/// drawings are checked by the pictures tests, the snapshot shows where they go.
fn without_drawings(source: &str) -> String {
    const START: &str = "picture(\"";
    let mut out = String::new();
    let mut rest = source;
    while let Some(at) = rest.find(START) {
        out.push_str(&rest[..at + START.len()]);
        let mut chars = rest[at + START.len()..].char_indices();
        let mut end = 0;
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        out.push_str(&format!("<svg: {end} bytes>"));
        rest = &rest[at + START.len() + end..];
    }
    out.push_str(rest);
    out
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
