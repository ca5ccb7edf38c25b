//! Fuzzing the PO reader: generated catalogs, near-valid PO text and arbitrary bytes never
//! panic it, valid catalogs round-trip, and the saved corpus replays on every run.

use handout::i18n::po::{Catalog, Message, PoString};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// What an entry says, without how it was laid out.
type Said = (Option<String>, String, Option<String>, Vec<String>, Vec<String>, Vec<String>, bool);

fn said(catalog: &Catalog) -> Vec<Said> {
    std::iter::once(&catalog.header)
        .chain(&catalog.messages)
        .map(|m| {
            (
                m.msgctxt.as_ref().map(|s| s.value.clone()),
                m.msgid.value.clone(),
                m.msgid_plural.as_ref().map(|s| s.value.clone()),
                m.msgstr.iter().map(|s| s.value.clone()).collect(),
                m.flags.clone(),
                m.comments.clone(),
                m.obsolete,
            )
        })
        .collect()
}

/// Text of a PO string: ASCII, accents, CJK, Arabic, escapes and the odd control character.
fn po_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            6 => "[a-zA-Z0-9 .,:;{}()!?%-]",
            2 => "[éñüçøЖ中文ệ]",
            1 => "[\u{621}-\u{64a}]",
            2 => "[\"\\\\\n\t\r]",
            1 => "[\u{7}\u{8}\u{b}\u{c}\u{feff}\u{2028}\u{200f}\u{0}]",
        ],
        0..30,
    )
    .prop_map(|parts| parts.concat())
}

/// One generated entry: (comments, flags, msgctxt, msgid, plural and msgstrs, obsolete).
#[derive(Debug, Clone)]
struct Entry {
    comments: Vec<String>,
    flags: Vec<String>,
    context: Option<String>,
    msgid: String,
    plural: Option<(String, Vec<String>)>,
    msgstr: String,
    obsolete: bool,
}

fn entry() -> impl Strategy<Value = Entry> {
    let comment = prop_oneof![
        "# [ -~]{0,20}",
        "#\\. [ -~]{0,20}",
        "#: [a-z/.:0-9]{1,20}",
        "#\\| msgid \"[a-z ]{0,10}\""
    ];
    (
        proptest::collection::vec(comment, 0..3),
        proptest::collection::vec("[a-z][a-z-]{0,8}", 0..3),
        proptest::option::weighted(0.8, po_text()),
        po_text(),
        proptest::option::weighted(0.15, (po_text(), proptest::collection::vec(po_text(), 1..4))),
        po_text(),
        proptest::bool::weighted(0.15),
    )
        .prop_map(|(comments, flags, context, msgid, plural, msgstr, obsolete)| Entry {
            comments,
            flags,
            context,
            msgid,
            plural,
            msgstr,
            obsolete,
        })
}

/// Escape a value into tokens that may not be split: one character or one escape.
fn escaped_tokens(value: &str, short_escapes: bool) -> Vec<String> {
    value
        .chars()
        .map(|c| match c {
            '\\' => "\\\\".to_string(),
            '"' => "\\\"".to_string(),
            '\n' => "\\n".to_string(),
            '\t' if short_escapes => "\\t".to_string(),
            '\r' => "\\r".to_string(),
            '\u{7}' if short_escapes => "\\a".to_string(),
            '\u{b}' if short_escapes => "\\v".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// A keyword and its string, in one quoted segment or several (cut where `cuts` says).
fn keyword_lines(out: &mut String, prefix: &str, keyword: &str, value: &str, cuts: &[usize]) {
    let tokens = escaped_tokens(value, cuts.len() % 2 == 1);
    if cuts.is_empty() || tokens.is_empty() {
        out.push_str(&format!("{prefix}{keyword} \"{}\"\n", tokens.concat()));
        return;
    }
    out.push_str(&format!("{prefix}{keyword} \"\"\n"));
    let mut from = 0;
    let mut ends: Vec<usize> = cuts.iter().map(|c| c % tokens.len()).collect();
    ends.push(tokens.len());
    ends.sort();
    for end in ends {
        if end > from {
            out.push_str(&format!("{prefix}\"{}\"\n", tokens[from..end].concat()));
            from = end;
        }
    }
}

/// PO text for generated entries, laid out as `Catalog::write` lays it out; contexts (or, without
/// one, source texts) are made unique so the catalog is valid.
fn po_file(header: Option<&str>, entries: &[Entry], cuts: &[usize]) -> String {
    let mut out = String::new();
    if let Some(plural_forms) = header {
        out.push_str("# A translation.\nmsgid \"\"\nmsgstr \"\"\n\"Language: es\\n\"\n");
        out.push_str(&format!("\"Plural-Forms: {plural_forms}\\n\"\n"));
    }
    for (i, entry) in entries.iter().enumerate() {
        if !out.is_empty() {
            out.push('\n');
        }
        for comment in &entry.comments {
            out.push_str(comment);
            out.push('\n');
        }
        if !entry.flags.is_empty() {
            out.push_str(&format!("#, {}\n", entry.flags.join(", ")));
        }
        let prefix = if entry.obsolete { "#~ " } else { "" };
        let cuts = &cuts[i % cuts.len().max(1)..];
        if let Some(context) = &entry.context {
            keyword_lines(&mut out, prefix, "msgctxt", &format!("{context}#{i}"), cuts);
        }
        let msgid =
            if entry.context.is_none() { format!("{}#{i}", entry.msgid) } else { entry.msgid.clone() };
        keyword_lines(&mut out, prefix, "msgid", &msgid, cuts);
        match &entry.plural {
            Some((plural, forms)) => {
                keyword_lines(&mut out, prefix, "msgid_plural", plural, cuts);
                for (n, form) in forms.iter().enumerate() {
                    keyword_lines(&mut out, prefix, &format!("msgstr[{n}]"), form, cuts);
                }
            }
            None => keyword_lines(&mut out, prefix, "msgstr", &entry.msgstr, cuts),
        }
    }
    out
}

/// A change to PO text that makes it near-valid: a line dropped, doubled or cut, a character
/// put in, the whole cut short, an entry written twice.
#[derive(Debug, Clone)]
enum Mutation {
    DropLine(usize),
    DoubleLine(usize),
    CutLine(usize, usize),
    Insert(usize, char),
    Truncate(usize),
    /// An entry (lines between blank lines) written twice.
    DoubleEntry(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let special = prop_oneof![
        Just('"'),
        Just('\\'),
        Just('\n'),
        Just('#'),
        Just('~'),
        Just('['),
        Just(']'),
        Just(' '),
        Just('\r'),
        Just('\u{feff}'),
        Just('0'),
        Just(';'),
        Just('('),
        any::<char>()
    ];
    prop_oneof![
        any::<usize>().prop_map(Mutation::DropLine),
        any::<usize>().prop_map(Mutation::DoubleLine),
        (any::<usize>(), any::<usize>()).prop_map(|(l, at)| Mutation::CutLine(l, at)),
        (any::<usize>(), special).prop_map(|(at, c)| Mutation::Insert(at, c)),
        any::<usize>().prop_map(Mutation::Truncate),
        any::<usize>().prop_map(Mutation::DoubleEntry),
    ]
}

fn mutate(text: &str, mutation: &Mutation) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let boundary = |at: usize| {
        let at = at % (text.len() + 1);
        (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0)
    };
    match *mutation {
        _ if lines.is_empty() => text.to_string(),
        Mutation::DropLine(l) => {
            let l = l % lines.len();
            lines.iter().enumerate().filter(|(i, _)| *i != l).map(|(_, s)| *s).collect()
        }
        Mutation::DoubleLine(l) => {
            let l = l % lines.len();
            lines.iter().enumerate().flat_map(|(i, s)| if i == l { vec![*s, *s] } else { vec![*s] }).collect()
        }
        Mutation::CutLine(l, at) => {
            let l = l % lines.len();
            let line = lines[l];
            let at = (0..=at % (line.len() + 1)).rev().find(|&i| line.is_char_boundary(i)).unwrap_or(0);
            lines.iter().enumerate().map(|(i, s)| if i == l { &line[..at] } else { *s }).collect()
        }
        Mutation::Insert(at, c) => {
            let at = boundary(at);
            format!("{}{c}{}", &text[..at], &text[at..])
        }
        Mutation::Truncate(at) => text[..boundary(at)].to_string(),
        Mutation::DoubleEntry(e) => {
            let entries: Vec<&str> = text.split_inclusive("\n\n").collect();
            let e = e % entries.len();
            let twice = format!("{}{}", entries[e], if entries[e].ends_with("\n\n") { "" } else { "\n\n" });
            entries
                .iter()
                .enumerate()
                .map(|(i, s)| if i == e { format!("{twice}{s}") } else { s.to_string() })
                .collect()
        }
    }
}

/// Parse, and check what any parse must give: an error on a line of the text with something to
/// say, or a catalog that writes back to text parsing to the same catalog, and to the same text.
fn parse_checked(text: &str) -> Result<Option<Catalog>, TestCaseError> {
    let result = std::panic::catch_unwind(|| Catalog::parse(text));
    let Ok(result) = result else {
        return Err(TestCaseError::fail(format!("the parser panicked on {text:?}")));
    };
    match result {
        Err((line, message)) => {
            prop_assert!(!message.is_empty(), "{:?}", text);
            prop_assert!(
                line >= 1 && line <= text.lines().count().max(1),
                "line {} of {:?}: {}",
                line,
                text,
                message
            );
            Ok(None)
        }
        Ok(catalog) => {
            let written = catalog.write();
            let again = Catalog::parse(&written);
            prop_assert_eq!(again.as_ref(), Ok(&catalog), "{:?} wrote {:?}", text, written);
            prop_assert_eq!(again.map(|c| c.write()).ok(), Some(written.clone()));
            Ok(Some(catalog))
        }
    }
}

const PLURAL_FORMS: [&str; 4] = [
    "nplurals=2; plural=(n != 1);",
    "nplurals=1; plural=0;",
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
];

proptest! {
    #![proptest_config(ProptestConfig {
        cases: crate::common::fuzz_cases(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// A generated valid catalog parses to its entries, writes back byte for byte (its layout is
    /// msgmerge's), and reads the same with a BOM or CRLF line ends; cut about, it parses or is
    /// refused with a line number, never a panic.
    #[test]
    fn fuzz_po_parser_never_panics_and_round_trips(
        header in proptest::option::of(proptest::sample::select(&PLURAL_FORMS[..])),
        entries in proptest::collection::vec(entry(), 0..6),
        cuts in proptest::collection::vec(any::<usize>(), 0..4),
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let text = po_file(header, &entries, &cuts);
        let catalog = parse_checked(&text)?.ok_or_else(|| TestCaseError::fail(format!("valid text refused: {text:?} {:?}", Catalog::parse(&text))))?;
        prop_assert_eq!(catalog.write(), text.clone(), "written back byte for byte");
        prop_assert_eq!(catalog.messages.len(), entries.len());
        for (message, entry) in catalog.messages.iter().zip(&entries) {
            prop_assert_eq!(message.obsolete, entry.obsolete);
            prop_assert_eq!(&message.flags, &entry.flags);
            prop_assert_eq!(&message.comments, &entry.comments);
            prop_assert_eq!(message.msgctxt.is_some(), entry.context.is_some());
            match &entry.plural {
                Some((plural, forms)) => {
                    prop_assert_eq!(message.msgid_plural.as_ref().map(|s| s.value.as_str()), Some(plural.as_str()));
                    prop_assert_eq!(message.msgstr.iter().map(|s| s.value.clone()).collect::<Vec<_>>(), forms.clone());
                }
                None => prop_assert_eq!(message.translation(), entry.msgstr.as_str()),
            }
        }
        let bom = parse_checked(&format!("\u{feff}{text}"))?;
        prop_assert_eq!(bom.as_ref(), Some(&catalog));
        let crlf = parse_checked(&text.replace('\n', "\r\n"))?;
        prop_assert_eq!(crlf.as_ref().map(said), Some(said(&catalog)));
        // The same entries made through the API, wrapped as msgmerge wraps, read back the same.
        let mut made = Catalog { header: catalog.header.clone(), messages: Vec::new() };
        for message in &catalog.messages {
            let mut fresh = Message::new("", "");
            fresh.msgctxt = message.msgctxt.as_ref().map(|s| PoString::new(s.value.clone()));
            fresh.msgid = PoString::new(message.msgid.value.clone());
            fresh.msgid_plural = message.msgid_plural.as_ref().map(|s| PoString::new(s.value.clone()));
            fresh.msgstr = message.msgstr.iter().map(|s| PoString::new(s.value.clone())).collect();
            fresh.comments = message.comments.clone();
            fresh.flags = message.flags.clone();
            fresh.obsolete = message.obsolete;
            made.messages.push(fresh);
        }
        let remade = parse_checked(&made.write())?;
        prop_assert_eq!(remade.as_ref().map(said), Some(said(&catalog)));
        let mut broken = text;
        for mutation in &mutations {
            broken = mutate(&broken, mutation);
        }
        parse_checked(&broken)?;
    }

    /// Arbitrary bytes, read as a file is read (invalid UTF-8 replaced), never panic the parser.
    #[test]
    fn fuzz_po_parser_takes_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        parse_checked(&String::from_utf8_lossy(&bytes))?;
    }

    /// Lines of PO keywords, quotes and comments in any order never panic the parser.
    #[test]
    fn fuzz_po_parser_takes_any_lines(lines in proptest::collection::vec(prop_oneof![
        "(msgctxt|msgid|msgid_plural|msgstr|msgstr\\[[0-9]{1,3}\\]|#~ msgid|#~ msgstr) \"[a-z\\\\\"]{0,6}\"",
        "\"[a-zé\\\\\"n]{0,8}\"",
        "#[,.:|~]? ?[a-z, ]{0,8}",
        "\"Plural-Forms: nplurals=[0-9]; plural=[n0-9()?:<>=!&|%+ ]{0,16};\\\\n\"",
        "[ \t]{0,2}",
        "\u{feff}?[ -~]{0,10}",
    ], 0..24)) {
        parse_checked(&lines.join("\n"))?;
    }
}

/// The saved inputs: each shipped edge case and what the fuzzers found. `roundtrip-` files
/// write back byte for byte, `ok-` files parse, `err-` files are refused (or are not UTF-8).
#[test]
fn fuzz_po_corpus_replays() {
    for (name, bytes) in crate::common::fuzz_corpus("po") {
        let text = String::from_utf8(bytes.clone());
        let result = parse_checked(&String::from_utf8_lossy(&bytes));
        let catalog = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        if name.starts_with("roundtrip-") {
            let text = text.expect("UTF-8");
            assert_eq!(catalog.expect("parses").write(), text.trim_start_matches('\u{feff}'), "{name}");
        } else if name.starts_with("ok-") {
            assert!(text.is_ok() && catalog.is_some(), "{name} parses");
        } else {
            assert!(name.starts_with("err-"), "{name}: roundtrip-, ok- or err-");
            assert!(text.is_err() || catalog.is_none(), "{name} is refused");
        }
    }
}
