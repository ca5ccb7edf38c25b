//! Every word where a reader sees it whole: a quarter inch from each edge of the paper, where
//! office printers print, and inside its column. Text that is not is an error naming the
//! document and where the text came from.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::*;

/// How near a word may come to an edge: 0.25 in.
const EDGE: f64 = 18.0;

/// Each word `pdftotext -bbox` reads in a PDF whose box comes nearer an edge than [`EDGE`]:
/// the page, the word and its distance.
fn words_near_edges(pdf: &Path) -> Vec<(usize, String, f64)> {
    let output = Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed; .ci/run installs it");
    assert!(output.status.success(), "pdftotext failed on {}", pdf.display());
    let html = String::from_utf8(output.stdout).expect("UTF-8");
    let number = |line: &str, key: &str| -> f64 {
        let start = line.find(&format!("{key}=\"")).expect(key) + key.len() + 2;
        line[start..].split('"').next().expect("value").parse().expect("a number")
    };
    let (mut page, mut size, mut near) = (0, (0.0, 0.0), Vec::new());
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            page += 1;
            size = (number(line, "width"), number(line, "height"));
        } else if line.starts_with("<word ") {
            let (x0, y0) = (number(line, "xMin"), number(line, "yMin"));
            let (x1, y1) = (number(line, "xMax"), number(line, "yMax"));
            let distance = [x0, y0, size.0 - x1, size.1 - y1].into_iter().fold(f64::INFINITY, f64::min);
            if distance < EDGE {
                let word = line.split('>').nth(1).unwrap_or("").trim_end_matches("</word");
                near.push((page, word.to_string(), distance));
            }
        }
    }
    near
}

#[test]
fn every_word_of_every_edition_keeps_a_quarter_inch_from_the_edges() {
    let clinic = repo().join("data/clinic.example.toml").display().to_string();
    let mut checked = 0;
    let mut near = Vec::new();
    for paper in ["letter", "a4"] {
        for large in [false, true] {
            for with_clinic in [false, true] {
                let dir = temp();
                let mut args = vec!["build", "--locale", "all", "--paper", paper];
                if large {
                    args.push("--large-print");
                }
                if with_clinic {
                    args.extend(["--clinic", &clinic]);
                }
                let output = run(dir.path(), &args);
                assert!(output.status.success(), "{args:?}: {}", stderr(&output));
                for language in fs::read_dir(dir.path().join("out")).expect("out") {
                    for pdf in fs::read_dir(language.expect("entry").path()).expect("language folder") {
                        let pdf = pdf.expect("entry").path();
                        if pdf.extension().is_some_and(|e| e == "pdf") {
                            checked += 1;
                            let name =
                                format!("{paper} large={large} clinic={with_clinic} {}", pdf.display());
                            near.extend(words_near_edges(&pdf).into_iter().map(|w| (name.clone(), w)));
                        }
                    }
                }
            }
        }
    }
    // 9 languages × 2 topics × 8 documents × 8 editions.
    assert!(checked >= 9 * 2 * 7 * 8, "only {checked} PDFs were read");
    assert!(
        near.is_empty(),
        "{} words nearer an edge than 0.25 in, e.g. {:?}",
        near.len(),
        &near[..near.len().min(5)]
    );
}

/// A build that fails, with the exit code and message, after a good build whose files must
/// stay as they were.
fn fails_and_keeps_earlier_output(dir: &Path, args: &[&str]) -> String {
    let good = run(dir, &["build", "--doc", "card", "--type", "dystrophic"]);
    assert!(good.status.success(), "{}", stderr(&good));
    let earlier = fs::read(dir.join("out/en/calcinosis-dystrophic.pdf")).expect("earlier output");
    let output = run(dir, args);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(fs::read(dir.join("out/en/calcinosis-dystrophic.pdf")).expect("kept"), earlier);
    stderr(&output)
}

#[test]
fn a_template_that_prints_near_the_edge_fails_naming_the_document_and_edge() {
    let dir = temp();
    // The footer 2 pt from the bottom of the paper.
    edit_template(dir.path(), "handout.typ", "let edge = 0.27in", "let edge = 2pt");
    let err =
        fails_and_keeps_earlier_output(dir.path(), &["--templates", "templates", "build", "--doc", "card"]);
    assert!(err.contains("en/calcinosis-dystrophic: page 1: `"), "{err}");
    assert!(err.contains("pt from the bottom edge of the paper, where many printers cannot print"), "{err}");
}

/// The calcinosis data with a word in the overview's first sign to look for, in the left of
/// two columns.
fn data_with_word(word: &str) -> String {
    let text = fs::read_to_string(repo().join("data/topics/calcinosis.toml")).expect("data");
    let from = "\"Hard white or yellow bumps in or under the skin, which may hurt\"";
    assert!(text.contains(from));
    text.replacen(from, &format!("\"Hard white or yellow bumps, as in {word}\""), 1)
}

#[test]
fn a_word_wider_than_its_column_fails_naming_the_field() {
    let dir = temp();
    // An underscore-joined place: no point where a line may break.
    let word = "Santa_Maria_de_los_Buenos_Aires_del_Rio_Grande_do_Sul";
    let text = data_with_word(word);
    let line = text.lines().position(|l| l.contains(word)).expect("line") + 1;
    data_folder(dir.path(), &text);
    let err = fails_and_keeps_earlier_output(dir.path(), &["--data", "data", "build", "--doc", "overview"]);
    assert!(err.contains(&format!("en/calcinosis-overview: page 1: `{word}` (from")), "{err}");
    assert!(
        err.contains(&format!("calcinosis.toml:{line}:3 (overview.symptoms[0]))")),
        "file, line, field: {err}"
    );
    assert!(err.contains("pt wider than its column and runs into what is beside it"), "{err}");
}

#[test]
fn soft_hyphens_are_break_hints_that_print_only_where_a_line_breaks() {
    let dir = temp();
    // The same long word with soft hyphens (U+00AD) where it may break.
    let word = "Santa_Maria\u{AD}_de_los\u{AD}_Buenos\u{AD}_Aires\u{AD}_del_Rio\u{AD}_Grande\u{AD}_do_Sul";
    data_folder(dir.path(), &data_with_word(word));
    let output = run(dir.path(), &["--data", "data", "build", "--doc", "overview"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = Pdf::open(dir.path().join("out/en/calcinosis-overview.pdf")).text();
    // It breaks at a soft hyphen, where a hyphen is drawn (its text stays the soft hyphen, so
    // the word reads back whole), and nowhere else.
    let pieces: Vec<&str> = word.split('\u{AD}').collect();
    let breaks =
        pieces.windows(2).filter(|pair| text.contains(&format!("{}\u{AD}\u{AD}\n{}", pair[0], pair[1])));
    assert_eq!(breaks.count(), 1, "the word breaks once, at a soft hyphen: {text}");
    let mut lines = text.lines().filter(|line| pieces.iter().any(|piece| line.contains(piece)));
    assert!(lines.all(|line| !line.contains('-')), "no hyphen where no line breaks: {text}");
    assert_eq!(text.replace(['\u{AD}', '\n'], "").matches(&word.replace('\u{AD}', "")).count(), 1);
}
