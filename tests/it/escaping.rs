//! Data never becomes code: hostile strings in every kind of field come out as the same text.

use handout::assets::Folder;
use handout::render::escape;
use handout::typst::{compile, Fonts, Shared};
use proptest::prelude::*;
use toml::Value;
use typst::model::Document as _;

use crate::common::*;

/// Every character Typst markup or string literals treat specially, shorthands, other scripts,
/// an emoji and a newline.
const HOSTILE: &str = "#*_$@<>[]\\\"'/=+-~` -- ... // x: https://x.org 🙂 محمد x\n- next";

/// Set a value inside the data table by path.
fn set(data: &mut toml::Table, path: &[&str], index: Option<usize>, value: &str) {
    let mut table = &mut *data;
    for key in &path[..path.len() - 1] {
        table = match table.get_mut(*key) {
            Some(Value::Table(t)) => t,
            Some(Value::Array(items)) => items[index.unwrap_or(0)].as_table_mut().expect("table in array"),
            _ => panic!("no {key}"),
        };
    }
    let last = path[path.len() - 1];
    match (table.get_mut(last), index) {
        (Some(Value::Array(items)), Some(i)) if items[i].is_str() => items[i] = Value::String(value.into()),
        (Some(slot), _) => *slot = Value::String(value.into()),
        (None, _) => panic!("no {last}"),
    }
}

#[test]
fn hostile_strings_in_every_field_kind_print_as_themselves() {
    let mut data = default_data();
    let title = format!("T: {HOSTILE}");
    set(&mut data, &["topic", "overview_title"], None, &title);
    set(&mut data, &["topic", "name"], None, &format!("N {HOSTILE}"));
    set(&mut data, &["topic", "author"], None, HOSTILE);
    set(&mut data, &["topic", "keywords"], Some(0), HOSTILE);
    let mut labels: toml::Table =
        std::fs::read_to_string(repo().join("data/labels.toml")).expect("labels").parse().expect("TOML");
    set(&mut labels, &["labels", "emergency_title"], None, &format!("U {HOSTILE}"));
    set(&mut labels, &["labels", "page_of"], None, "{page} #of* {total} $");
    set(&mut data, &["overview", "what_is"], Some(0), &format!("P {HOSTILE}"));
    set(&mut data, &["overview", "symptoms"], Some(0), &format!("L {HOSTILE}"));
    set(&mut data, &["types", "short_name"], Some(2), "S*#[x]");
    set(&mut data, &["types", "name"], Some(2), &format!("C {HOSTILE}"));
    set(&mut data, &["glossary", "term"], Some(0), "G #t");
    set(&mut data, &["glossary", "definition"], Some(0), &format!("D {HOSTILE}"));
    set(&mut data, &["questions", "text"], Some(0), &format!("Q {HOSTILE}"));
    set(&mut data, &["sources", "title"], Some(0), &format!("R {HOSTILE}"));
    set(&mut data, &["sources", "url"], Some(0), "https://example.org/a_b?c=1&d=\"x\"#y");

    let dir = temp();
    let data_dir = data_folder(dir.path(), &toml::to_string(&data).expect("TOML"));
    std::fs::write(data_dir.join("labels.toml"), toml::to_string(&labels).expect("TOML")).expect("labels");
    let output = run(dir.path(), &["--data", data_dir.to_str().expect("path"), "build"]);
    assert!(output.status.success(), "{}", stderr(&output));

    // pdftotext guesses spaces around right-to-left runs; compare without whitespace.
    let tight = |s: &str| normalize(s).replace(' ', "");
    let hostile = tight(HOSTILE);
    let overview = Pdf::open(dir.path().join("out/en/calcinosis-overview.pdf"));
    assert_eq!(overview.title(), title, "the title metadata holds the text exactly");
    assert_eq!(overview.info_text(b"Author").as_deref(), Some(HOSTILE));
    let text = tight(&overview.text());
    for prefix in ["T:", "U", "P", "L", "D", "R"] {
        let expected = format!("{prefix}{hostile}");
        assert!(text.contains(&expected), "overview lacks `{expected}`:\n{text}");
    }
    for expected in ["1#of*2$", "S*#[x]", "G#t", "https://example.org/a_b?c=1&d=\"x\"#y"] {
        assert!(text.contains(expected), "overview lacks `{expected}`");
    }
    let card = Pdf::open(dir.path().join("out/en/calcinosis-idiopathic.pdf"));
    assert_eq!(card.title(), format!("C {HOSTILE}"));
    let card_text = tight(&card.text());
    assert!(card_text.contains(&format!("C{hostile}")));
    assert!(card_text.contains(&format!("N{hostile}")), "the topic name in the kind line");
    let questions = tight(&Pdf::open(dir.path().join("out/en/calcinosis-questions.pdf")).text());
    assert!(questions.contains(&format!("Q{hostile}")));
}

/// The shared World state, with Typst's memo cache emptied now and then: a long fuzzing run
/// compiles millions of distinct sources, whose cached layouts would fill the memory.
fn shared() -> &'static Shared {
    static CALLS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    if CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % 1000 == 999 {
        typst::comemo::evict(0);
    }
    static SHARED: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts = Fonts::load(&Folder::default_fonts()).expect("fonts");
        Shared::new(fonts, Folder::default_templates())
    })
}

/// Typst that turns content back into the text it shows; any element that is not plain text
/// (strong, emphasis, smart quote, raw, math, a reference…) shows up as `<name>`.
const TO_STRING: &str = r#"
#let to-string(it) = {
  if type(it) == str { it }
  else if it.has("text") { it.text }
  else if it.func() == [ ].func() { " " }
  else if it.func() == linebreak { "\n" }
  else if it.has("children") { (it.children.map(to-string) + ("",)).join() }
  else { "<" + repr(it.func()) + ">" }
}
"#;

/// Put text through markup escaping and read back what Typst made of it.
fn round_trip(text: &str) -> String {
    let source = format!(
        "{TO_STRING}\n#let body = [{}]\n#set document(title: to-string(body))\n#body\n",
        escape::markup(text)
    );
    let today = typst::foundations::Datetime::from_ymd(2026, 11, 1).expect("a date");
    let document = match compile(shared(), source.clone(), today).expect("compiles") {
        Ok(document) => document,
        Err(diagnostics) => panic!("{source}\n{diagnostics:?}"),
    };
    document.info().title.as_deref().unwrap_or_default().to_string()
}

/// Whitespace runs as single spaces, trimmed: how Typst sets text.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzz_cases(256), ..ProptestConfig::default() })]

    #[test]
    fn fuzz_escaper_any_string_comes_out_as_the_same_text(text in "[ -~\u{a0}-\u{17f}\u{621}-\u{63a}\u{641}-\u{64a}\n\t]{0,40}") {
        prop_assert_eq!(squeeze(&round_trip(&text)), squeeze(&text));
    }

    #[test]
    fn fuzz_escaper_any_unicode_string_is_escaped_into_valid_source(text in "\\PC{0,24}") {
        // Arbitrary Unicode: fonts may lack glyphs, but the source must compile and the title
        // must hold the text exactly.
        let source = format!("#set document(title: {})\n{}\n", escape::quoted(&text), escape::markup(&text));
        let today = typst::foundations::Datetime::from_ymd(2026, 11, 1).expect("a date");
        let result = match compile(shared(), source.clone(), today) {
            Ok(result) => result,
            // Some rare sequences set off a bug in Typst's shaping (see
            // `a_typst_panic_on_some_text_is_an_error_naming_the_document`): reported, not a crash.
            Err(handout::Error::Input(lines)) if lines.iter().any(|l| l.contains("Typst stopped with an internal error")) => return Ok(()),
            Err(error) => panic!("{source}\n{error}"),
        };
        if let Ok(document) = result {
            prop_assert_eq!(document.info().title.as_deref().unwrap_or_default(), text.as_str());
        } else if let Err(diagnostics) = result {
            // Only a missing glyph is acceptable: it is reported, never silently dropped.
            prop_assert!(diagnostics.iter().all(|d| d.message.contains("no bundled font")), "{source}\n{diagnostics:?}");
        }
    }
}

#[test]
fn a_typst_panic_on_some_text_is_an_error_naming_the_document() {
    // Found by the fuzzer above: Arabic mathematical letters beside an emoji and a Tulu-Tigalari
    // sign make Typst 0.15.1 panic while shaping ("glyphs fell out of range").
    let text = "\u{1EE24}0\u{1F39E}\u{113E1}\u{1EEAB}";
    let dir = temp();
    let data = std::fs::read_to_string(repo().join("data/topics/calcinosis.toml")).expect("data").replacen(
        "\"Sores that leak a chalky, white paste\"",
        &format!("\"Sores that leak a chalky, white paste {text}\""),
        1,
    );
    data_folder(dir.path(), &data);
    let output = run(dir.path(), &["--data", "data", "build", "--doc", "overview"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("en/calcinosis-overview: Typst stopped with an internal error while laying it out"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "no panic report: {err}");
}
