//! The PO reader and writer: round trips, parsing details, msgmerge-style wrapping.

use handout::i18n::po::{Catalog, Message};

mod fuzz;

const MSGMERGE_STYLE: &str = r#"# Spanish translation of the calcinosis handouts.
# Copyright (C) 2026 handout contributors
#
msgid ""
msgstr ""
"Project-Id-Version: handout calcinosis\n"
"Language: es\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"
"X-Review-Status: draft\n"

# A translator's note.
#. Printed above the title.
#: data/calcinosis.toml
msgctxt "labels.card_kind"
msgid "Fact card"
msgstr "Ficha informativa"

#, fuzzy
#| msgid "Calcium settles in skin that was hurt"
msgctxt "types.dystrophic.summary"
msgid "Calcium settles in skin or tissue that was hurt or inflamed"
msgstr "El calcio se deposita en piel que sufrió una lesión"

msgctxt "overview.what_is.0"
msgid ""
"Calcinosis means calcium builds up where it does not belong. It forms hard "
"lumps, called deposits, in or under the skin.\n"
"Second line with a \"quote\" and a \\ backslash."
msgstr ""
"La calcinosis significa que el calcio se acumula donde no debe. Forma bultos "
"duros.\n"
"Segunda línea con \"comillas\" y una \\ barra."

msgid "One deposit"
msgid_plural "%d deposits"
msgstr[0] "Un depósito"
msgstr[1] "%d depósitos"

#, c-format, fuzzy
msgctxt "labels.page_of"
msgid "Page {page} of {total}"
msgstr ""

#~ msgctxt "labels.old"
#~ msgid "Removed text"
#~ msgstr "Texto eliminado"
"#;

#[test]
fn a_msgmerge_style_file_round_trips_byte_for_byte() {
    let catalog = Catalog::parse(MSGMERGE_STYLE).expect("parses");
    assert_eq!(catalog.write(), MSGMERGE_STYLE);
}

#[test]
fn parsing_reads_contexts_flags_plurals_escapes_and_obsolete_entries() {
    let catalog = Catalog::parse(MSGMERGE_STYLE).expect("parses");
    assert_eq!(catalog.header_field("Language").as_deref(), Some("es"));
    assert_eq!(catalog.header_field("X-Review-Status").as_deref(), Some("draft"));
    assert_eq!(catalog.messages.len(), 6);
    let card = catalog.find("labels.card_kind").expect("entry");
    assert_eq!(card.translation(), "Ficha informativa");
    assert!(card.is_translated());
    let summary = catalog.find("types.dystrophic.summary").expect("entry");
    assert!(summary.is_fuzzy() && !summary.is_translated());
    assert_eq!(summary.previous_msgid().as_deref(), Some("Calcium settles in skin that was hurt"));
    let what = catalog.find("overview.what_is.0").expect("entry");
    assert!(what.msgid.value.ends_with("with a \"quote\" and a \\ backslash."));
    assert!(what.msgid.value.contains("skin.\nSecond"));
    let plural = &catalog.messages[3];
    assert_eq!(plural.msgstr.len(), 2);
    assert_eq!(plural.msgstr[1].value, "%d depósitos");
    assert_eq!(catalog.messages[4].flags, ["c-format", "fuzzy"]);
    assert!(catalog.messages[5].obsolete);
    assert_eq!(catalog.messages[5].translation(), "Texto eliminado");
}

#[test]
fn new_strings_wrap_like_msgmerge() {
    let mut catalog = Catalog::default();
    let long =
        "Calcinosis means calcium builds up where it does not belong. It forms hard lumps, called deposits.";
    catalog.messages.push(Message::new("a.b", long));
    let text = catalog.write();
    assert!(text.contains("msgid \"\"\n\"Calcinosis means calcium builds up where it does not belong. It forms hard \"\n\"lumps, called deposits.\"\n"), "{text}");
    assert_eq!(Catalog::parse(&text).expect("parses").messages[0].msgid.value, long);
}

#[test]
fn bad_lines_are_reported_with_their_number() {
    let err = Catalog::parse("msgid \"a\"\nmsgstr \"b\nmsgid").expect_err("fails");
    assert_eq!(err.0, 2);
}

/// A catalog with a header and two entries; `{}` marks where a test puts more.
fn small(header_extra: &str, more: &str) -> String {
    format!(
        "msgid \"\"\nmsgstr \"\"\n\"Language: es\\n\"\n{header_extra}\nmsgctxt \"labels.a\"\nmsgid \"A\"\nmsgstr \"Á\"\n\nmsgctxt \"labels.b\"\nmsgid \"B\"\nmsgstr \"Be\"\n{more}"
    )
}

#[test]
fn a_second_entry_for_a_context_is_refused_naming_both_lines() {
    let text = small("", "\nmsgctxt \"labels.a\"\nmsgid \"A again\"\nmsgstr \"Otra\"\n");
    let (line, message) = Catalog::parse(&text).expect_err("a duplicate");
    assert_eq!(line, 13);
    assert_eq!(
        message,
        "msgctxt \"labels.a\": a second entry for this context (the first is at line 5); remove one"
    );
    // An obsolete entry with the context of a live one is what msgmerge leaves: allowed.
    let obsolete = small("", "\n#~ msgctxt \"labels.a\"\n#~ msgid \"A before\"\n#~ msgstr \"Antes\"\n");
    assert!(Catalog::parse(&obsolete).is_ok());
    // Without a context, the source text is the key, as msgfmt keys it.
    let plain = "msgid \"Yes\"\nmsgstr \"Sí\"\n\nmsgid \"Yes\"\nmsgstr \"Vale\"\n";
    assert_eq!(
        Catalog::parse(plain).expect_err("a duplicate").1,
        "msgid \"Yes\": a second entry for this text (the first is at line 1); remove one"
    );
}

#[test]
fn a_byte_order_mark_is_skipped_and_not_written_back() {
    let text = small("", "");
    let with_bom = format!("\u{feff}{text}");
    let catalog = Catalog::parse(&with_bom).expect("a BOM is accepted");
    assert_eq!(catalog, Catalog::parse(&text).expect("parses"));
    assert_eq!(catalog.header_field("Language").as_deref(), Some("es"));
    assert_eq!(catalog.write(), text, "written back without the BOM, as msgmerge writes");
    // Anywhere else it is an invisible character before a keyword: refused, named.
    let inside = small("", "\n\u{feff}msgctxt \"labels.c\"\nmsgid \"C\"\nmsgstr \"Ce\"\n");
    let (line, message) = Catalog::parse(&inside).expect_err("refused");
    assert_eq!(line, 13);
    assert!(message.contains("byte-order mark"), "{message}");
}

#[test]
fn crlf_line_ends_read_like_lf() {
    let text = small("", "");
    assert_eq!(Catalog::parse(&text.replace('\n', "\r\n")), Catalog::parse(&text));
}

#[test]
fn a_broken_plural_forms_header_is_refused_naming_its_line() {
    let text = small("\"Plural-Forms: nplurals=2; plural=(n != 1;\\n\"\n", "");
    let (line, message) = Catalog::parse(&text).expect_err("refused");
    assert_eq!(line, 4);
    assert!(message.starts_with("header Plural-Forms: expected `)`, found `;`"), "{message}");
    for value in ["nplurals=2; plural=n != 1;", "nplurals=6; plural=n%6;", "nplurals=1; plural=0;"] {
        let good = small(&format!("\"Plural-Forms: {value}\\n\"\n"), "");
        assert!(Catalog::parse(&good).is_ok(), "{value}");
    }
    for value in [
        "nplurals=0; plural=0;",
        "nplurals=2; plural=n;",
        "nplurals=2",
        "plural=n!=1;",
        "nplurals=2; plural=(n != 1) + m;",
    ] {
        let bad = small(&format!("\"Plural-Forms: {value}\\n\"\n"), "");
        assert_eq!(Catalog::parse(&bad).expect_err(value).0, 4, "{value}");
    }
}

#[test]
fn keywords_out_of_msgfmt_order_are_refused_not_dropped() {
    for (text, line, problem) in [
        ("msgid \"a\"\nmsgstr \"b\"\nmsgstr \"c\"\n", 3, "a second msgstr in one entry"),
        ("msgid \"a\"\nmsgid \"b\"\nmsgstr \"c\"\n", 2, "a second msgid before the entry's msgstr"),
        ("msgid \"a\"\nmsgctxt \"x\"\nmsgstr \"c\"\n", 2, "msgctxt after msgid"),
        ("msgid \"a\"\nmsgstr[0] \"b\"\n", 2, "msgstr[0] without msgid_plural"),
        (
            "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"b\"\nmsgstr[99999999999] \"c\"\n",
            4,
            "msgstr[99999999999] where msgstr[1] comes next",
        ),
        ("msgid \"a\"\nmsgid_plural \"as\"\nmsgstr \"b\"\n", 3, "msgstr after msgid_plural"),
        ("msgctxt \"x\"\nmsgstr \"b\"\n", 2, "msgstr before the entry's msgid"),
        ("msgctxt \"x\"\nmsgid \"a\"\n\nmsgid \"b\"\nmsgstr \"\"\n", 1, "an entry without msgstr"),
        ("msgid \"a\"\nmsgstr \"b\"\n#~ msgstr \"c\"\n", 3, "mixes obsolete"),
        ("msgid \"a\"\nmsgstr \"say \"hi\"\"\n", 2, "a quote inside a string must be written \\\""),
        ("msgid \"a\"\nmsgstr \"\"\n\"bad \\q\"\n", 3, "unknown escape `\\q`"),
    ] {
        let (at, message) = Catalog::parse(text).expect_err(text);
        assert_eq!((at, message.contains(problem)), (line, true), "{text:?}: {message}");
    }
}

#[test]
fn msgmerge_s_previous_text_of_an_obsolete_entry_is_kept() {
    let text = "#~| msgctxt \"labels.old\"\n#~| msgid \"Older text\"\n#~ msgctxt \"labels.old\"\n#~ msgid \"Removed text\"\n#~ msgstr \"Texto eliminado\"\n";
    let catalog = Catalog::parse(text).expect("parses");
    assert!(catalog.messages[0].obsolete);
    assert_eq!(catalog.write(), text);
}
