//! The content checks: reading level against the targets in `data/checks.toml`, the content
//! rules, and an honest review status.

use std::fs;

use crate::common::*;

/// A data folder with this English text and the shipped checks, and no translations.
fn english_only(dir: &std::path::Path, text: &str) {
    let data = data_folder(dir, text);
    fs::copy(repo().join("data/checks.toml"), data.join("checks.toml")).expect("checks.toml");
}

#[test]
fn strict_check_names_each_broken_rule_and_the_sentence_over_its_target() {
    let dir = temp();
    let text = fs::read_to_string(repo().join("data/topics/calcinosis.toml")).expect("data");
    let broken = text
        .replacen("[[glossary]]", "[[glossary]]\nterm = \"Zebra\"\ndefinition = \"An animal.\"\n\n[[glossary]]", 1)
        .replacen("NSAIDs (pain pills such as ibuprofen)", "NSAIDs", 1)
        .replacen("\nmedicines = true", "\nmedicines = false", 1)
        .replacen("\"A purple, net-like pattern on the skin (on dark skin: darker or gray patches)\"", "\"A purple, net-like pattern on the skin\"", 1)
        .replacen("emergency = [\n  \"Fever, or redness and warmth that spread from a bump (on dark skin: a darker, hot area)\",\n]", "emergency = []", 1)
        .replacen("emergency_icons = [\"spreading-redness\"]\n", "emergency_icons = []\n", 1)
        .replacen(
            "outlook = \"Most deposits fade on their own over a few months.",
            "outlook = \"Consequently, therapeutic interventions emphasize immunosuppression alongside symptomatic management.",
            1,
        );
    english_only(dir.path(), &broken);
    let output = run(dir.path(), &["--data", "data", "check", "--strict"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    for needle in [
        "glossary[0].term: `Zebra` is in the glossary but nowhere in the text",
        "`NSAID` is a medical term",
        "types[0].medicines: the treatments name",
        "types[1].call[1]: a sign told by its colour (`purple`)",
        "types[2].emergency: every card needs at least one sign to go to the emergency room",
        "en/calcinosis-iatrogenic: over its reading target",
        "Consequently, therapeutic interventions",
    ] {
        assert!(err.contains(needle), "`{needle}` not in:\n{err}");
    }
    // Each rule names the topic file and line.
    assert!(err.lines().filter(|l| l.contains("data/topics/calcinosis.toml:")).count() >= 5, "{err}");
    // Without --strict the rules are warnings and the check passes.
    let lenient = run(dir.path(), &["--data", "data", "check"]);
    assert!(lenient.status.success(), "{}", stderr(&lenient));
    assert!(stderr(&lenient).contains("warning:"), "{}", stderr(&lenient));
}

#[test]
fn the_shipped_english_meets_its_reading_targets() {
    let dir = temp();
    let text = fs::read_to_string(repo().join("data/topics/calcinosis.toml")).expect("data");
    english_only(dir.path(), &text);
    let output = run(dir.path(), &["--data", "data", "check", "--strict", "--reading"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        out.lines().filter(|l| l.contains("Flesch-Kincaid grade") && l.contains("(target ≤ 6)")).count(),
        8,
        "{out}"
    );
    // The only warning is the missing medical review.
    let err = stderr(&output);
    assert!(err.contains("no medical review yet"), "{err}");
    assert_eq!(err.lines().filter(|l| l.starts_with("warning:")).count(), 1, "{err}");
}

#[test]
fn a_clinic_that_requires_review_refuses_an_unreviewed_topic_and_a_review_is_printed() {
    let dir = temp();
    let profile = dir.path().join("clinic.toml");
    fs::write(&profile, "name = \"Riverside Clinic\"\nrequire_review = true\n").expect("profile");
    let refused = run(dir.path(), &["build", "--doc", "overview", "--clinic", "clinic.toml"]);
    assert_eq!(refused.status.code(), Some(1));
    let err = stderr(&refused);
    assert!(err.contains("calcinosis.toml: topic `calcinosis` has no medical review"), "{err}");
    assert!(err.contains("require_review = true"), "{err}");
    assert!(!dir.path().join("out").exists(), "nothing written");

    let text = fs::read_to_string(repo().join("data/topics/calcinosis.toml")).expect("data");
    let reviewed = text.replacen(
        "# [topic.review]",
        "[topic.review]\nreviewer = \"Ana Ruiz\"\ncredentials = \"MD\"\ndate = 2026-11-20\nnext_review = 2027-11-20\n#",
        1,
    );
    data_folder(dir.path(), &reviewed);
    let built = run(dir.path(), &["--data", "data", "build", "--doc", "overview", "--clinic", "clinic.toml"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let pdf = normalize(&Pdf::open(dir.path().join("out/en/calcinosis-overview.pdf")).text());
    assert!(
        pdf.contains("Reviewed by Ana Ruiz, MD on November 20, 2026. Next review: November 20, 2027"),
        "{pdf}"
    );
    assert!(!pdf.contains("Not yet checked by a medical reviewer"), "{pdf}");
}
