//! The PO reader and writer: round trips, parsing details, msgmerge-style wrapping.

use handout::i18n::po::{Catalog, Message};

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
