//! The default build: every file, page counts, metadata, fonts, tags, reproducibility.

use crate::common::*;

const TYPES: [&str; 6] = ["dystrophic", "metastatic", "idiopathic", "iatrogenic", "calciphylaxis", "tumoral"];
const STONES: [&str; 5] = ["calcium-oxalate", "calcium-phosphate", "uric-acid", "struvite", "cystine"];

#[test]
fn default_build_writes_the_full_english_set() {
    let dir = default_build().join("out/en");
    let mut expected = vec!["calcinosis-overview.pdf".to_string(), "calcinosis-questions.pdf".to_string()];
    expected.extend(TYPES.iter().map(|t| format!("calcinosis-{t}.pdf")));
    expected.extend(["kidney-stones-overview.pdf".to_string(), "kidney-stones-questions.pdf".to_string()]);
    expected.extend(STONES.iter().map(|t| format!("kidney-stones-{t}.pdf")));
    expected.sort();
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .expect("out/en exists")
        .map(|e| e.expect("entry").file_name().into_string().expect("UTF-8 name"))
        .filter(|name| name != ".handout-built")
        .collect();
    found.sort();
    assert_eq!(found, expected);
}

#[test]
fn every_fact_card_is_exactly_one_page() {
    let cards = TYPES
        .iter()
        .map(|t| format!("calcinosis-{t}"))
        .chain(STONES.iter().map(|t| format!("kidney-stones-{t}")));
    for card in cards {
        let pdf = Pdf::open(default_build().join(format!("out/en/{card}.pdf")));
        assert_eq!(pdf.pages(), 1, "{card}");
    }
}

#[test]
fn overview_and_questions_take_one_or_two_pages() {
    for doc in ["overview", "questions"] {
        let pdf = Pdf::open(default_build().join(format!("out/en/calcinosis-{doc}.pdf")));
        assert!((1..=2).contains(&pdf.pages()), "{doc}: {} pages", pdf.pages());
    }
}

#[test]
fn metadata_title_language_author_and_keywords_come_from_the_data() {
    let data = default_data();
    let topic = data["topic"].as_table().expect("topic");
    let overview = Pdf::open(default_build().join("out/en/calcinosis-overview.pdf"));
    assert_eq!(overview.title(), topic["overview_title"].as_str().expect("title"));
    assert_eq!(overview.lang(), "en");
    assert_eq!(overview.info_text(b"Author").as_deref(), topic["author"].as_str());
    assert!(overview.info_text(b"Keywords").expect("keywords").contains("calciphylaxis"));
    assert!(overview.info_text(b"Creator").expect("creator").starts_with("handout "));
    let card = Pdf::open(default_build().join("out/en/calcinosis-calciphylaxis.pdf"));
    assert_eq!(card.title(), "Calciphylaxis");
    let questions = Pdf::open(default_build().join("out/en/calcinosis-questions.pdf"));
    assert_eq!(questions.title(), topic["questions_title"].as_str().expect("title"));
}

#[test]
fn files_are_tagged_and_embed_only_bundled_fonts() {
    for path in pdfs_in(&default_build().join("out/en")) {
        let pdf = Pdf::open(path);
        assert!(pdf.is_tagged(), "{} is not tagged", pdf.path.display());
        assert_eq!(pdf.fonts_not_embedded(), Vec::<String>::new(), "{}", pdf.path.display());
        for name in pdf.font_names() {
            assert!(
                name.starts_with("AtkinsonHyperlegible") || name.starts_with("Noto"),
                "unexpected font {name}"
            );
        }
    }
}

#[test]
fn text_reads_back_in_order_with_labels_from_the_data() {
    let text = Pdf::open(default_build().join("out/en/calcinosis-overview.pdf")).text();
    let text = normalize(&text);
    let order = [
        "Calcinosis: calcium deposits in the skin and soft tissue",
        "What is calcinosis?",
        "Types of calcinosis",
        "Treatments",
        "Do not stop or change any prescribed medicine",
        "Go to the emergency room or call your emergency number",
        "Call your care team within a day or two",
        "Your care team’s phone:",
        "Support and information",
        "National Kidney Foundation",
        "Words to know",
        "Sources:",
    ];
    let mut from = 0;
    for needle in order {
        let at = text[from..].find(needle).unwrap_or_else(|| panic!("`{needle}` missing or out of order"));
        from += at + needle.len();
    }
    assert!(text.contains("Page 1 of 2"), "page numbers in the footer");
    assert!(text.contains("Last updated December 2, 2026"), "the date of the text in the footer");
    assert!(text.contains("Not yet checked by a medical reviewer."), "no reviewer is named, and it says so");
    assert!(!text.contains("Reviewed"), "no review is claimed");

    let card = normalize(&Pdf::open(default_build().join("out/en/calcinosis-calciphylaxis.pdf")).text());
    for needle in [
        "Fact card",
        "Calciphylaxis",
        "Risk factors",
        "Go to the emergency room",
        "Call your care team within a day or two",
        "do not stop it on your own",
        "Last updated December 2, 2026",
    ] {
        assert!(card.contains(needle), "card lacks `{needle}`");
    }
    assert!(!card.contains("Page 1"), "a one-page card needs no page number");
    let questions = normalize(&Pdf::open(default_build().join("out/en/calcinosis-questions.pdf")).text());
    for needle in ["Your name", "Date of visit", "Doctor’s name", "1. Which tests", "My own questions"] {
        assert!(questions.contains(needle), "question list lacks `{needle}`");
    }
}

#[test]
fn same_input_gives_byte_identical_pdfs_and_source_date_epoch_sets_the_date() {
    let a = temp();
    let b = temp();
    for dir in [&a, &b] {
        let output = run(dir.path(), &["build", "--doc", "card", "--type", "tumoral"]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let read =
        |d: &tempfile::TempDir| std::fs::read(d.path().join("out/en/calcinosis-tumoral.pdf")).expect("pdf");
    assert_eq!(read(&a), read(&b));
    let pdf = Pdf::open(a.path().join("out/en/calcinosis-tumoral.pdf"));
    assert!(pdf.info_text(b"CreationDate").expect("date").starts_with("D:20261202"));

    let c = temp();
    let output = handout()
        .current_dir(c.path())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(["build", "--doc", "card", "--type", "tumoral"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let pdf = Pdf::open(c.path().join("out/en/calcinosis-tumoral.pdf"));
    assert!(pdf.info_text(b"CreationDate").expect("date").starts_with("D:20231114"));
}

#[test]
fn a4_and_options_select_documents() {
    let dir = temp();
    let output = run(
        dir.path(),
        &["build", "--paper", "a4", "--topic", "calcinosis", "--doc", "questions", "--out", "print"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let pdf = Pdf::open(dir.path().join("print/en/calcinosis-questions.pdf"));
    let width = pdf.page_width();
    assert!((width - 595.3).abs() < 1.0, "A4 width, got {width}");
    assert_eq!(pdfs_in(&dir.path().join("print/en")).len(), 1);
}

#[test]
fn list_check_and_source_work_on_the_defaults() {
    let dir = temp();
    let list = run(dir.path(), &["list"]);
    assert!(list.status.success());
    let text = String::from_utf8_lossy(&list.stdout);
    for ty in TYPES {
        assert!(text.contains(ty), "list lacks {ty}");
    }
    let check = run(dir.path(), &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(!dir.path().join("out").exists(), "check writes nothing");
    let source = run(dir.path(), &["source", "--doc", "card", "--type", "idiopathic"]);
    assert!(source.status.success(), "{}", stderr(&source));
    assert!(String::from_utf8_lossy(&source.stdout).contains("#import \"/handout.typ\": *"));
}

#[test]
fn english_body_text_is_at_least_11_pt_in_every_document() {
    let dir = temp();
    let mut docs: Vec<Vec<&str>> = Vec::new();
    for topic in ["calcinosis", "kidney-stones"] {
        docs.push(vec!["--topic", topic, "--doc", "overview"]);
        docs.push(vec!["--topic", topic, "--doc", "questions"]);
    }
    docs.extend(TYPES.iter().chain(&STONES).map(|t| vec!["--doc", "card", "--type", t]));
    for args in docs {
        let mut all = vec!["source"];
        all.extend(args.iter());
        let output = run(dir.path(), &all);
        assert!(output.status.success(), "{}", stderr(&output));
        let source = String::from_utf8_lossy(&output.stdout).into_owned();
        // 12 pt where it fits; the cards with both tiers of urgent signs need 11 or 11.5 pt.
        assert!(
            ["12.0", "11.5", "11.0"].iter().any(|size| source.contains(&format!("  size: {size},"))),
            "{args:?} is set below 11 pt"
        );
    }
}
