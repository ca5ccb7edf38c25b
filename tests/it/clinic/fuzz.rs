//! Fuzzing the clinic loader through the library: any profile either loads, holding what was
//! written, or gets messages naming the profile file; never a panic or an internal error.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use handout::clinic::{parse_hex, Clinic};
use handout::error::Error;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use toml::{Table, Value};

use crate::common::*;

/// A folder of logos for profiles to name, good and bad, made once per test binary.
fn logos() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = temp();
        let png = |width, height| {
            let image =
                image::RgbaImage::from_fn(width, height, |x, y| image::Rgba([x as u8, y as u8, 90, 200]));
            let mut bytes = std::io::Cursor::new(Vec::new());
            image.write_to(&mut bytes, image::ImageFormat::Png).expect("encode");
            bytes.into_inner()
        };
        let small = png(60, 20);
        fs::write(dir.path().join("logo.png"), &small).expect("logo");
        fs::write(dir.path().join("wide.png"), png(900, 120)).expect("logo");
        fs::write(dir.path().join("truncated.png"), &small[..small.len() / 2]).expect("logo");
        fs::copy(repo().join("data/clinic-logo.svg"), dir.path().join("logo.svg")).expect("logo");
        fs::write(dir.path().join("broken.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>")
            .expect("logo");
        fs::write(dir.path().join("text.png"), "not a png").expect("logo");
        fs::create_dir_all(dir.path().join("sub/folder.png")).expect("folder");
        dir
    })
    .path()
}

/// A fresh folder for one test's profile, beside the logos.
fn profile_path(test: &str) -> PathBuf {
    let path = logos().join(format!("{test}.toml"));
    let _ = fs::remove_file(&path);
    path
}

/// Load a profile: messages must each name the file; a loaded profile must hold what was
/// written (when the written table is known).
fn check(path: &Path, written: Option<&Table>) -> Result<Option<Clinic>, TestCaseError> {
    let display = path.display().to_string();
    let clinic = match Clinic::load(path) {
        Err(Error::Internal(message)) => {
            return Err(TestCaseError::fail(format!("internal error: {message}")))
        }
        Err(Error::Input(lines)) => {
            prop_assert!(!lines.is_empty(), "an error with no message");
            for line in &lines {
                prop_assert!(
                    line.starts_with(&format!("{display}:")),
                    "a message not naming the file: {line}"
                );
                prop_assert!(line.len() > display.len() + 4, "an empty message: {line}");
            }
            return Ok(None);
        }
        Ok(clinic) => clinic,
    };
    prop_assert_eq!(&clinic.file, &display);
    let Some(table) = written else { return Ok(Some(clinic)) };
    let text = |key: &str| table.get(key).and_then(Value::as_str).map(str::to_string);
    prop_assert_eq!(Some(clinic.name.clone()), text("name"));
    prop_assert_eq!(&clinic.department, &text("department"));
    prop_assert_eq!(&clinic.address, &text("address"));
    prop_assert_eq!(&clinic.phone, &text("phone"));
    prop_assert_eq!(&clinic.after_hours_phone, &text("after_hours_phone"));
    prop_assert_eq!(&clinic.website, &text("website"));
    let accent =
        text("accent_color").and_then(|c| parse_hex(&c)).map(|[r, g, b]| format!("#{r:02x}{g:02x}{b:02x}"));
    prop_assert_eq!(&clinic.accent_color, &accent);
    prop_assert_eq!(
        clinic.require_review,
        table.get("require_review").and_then(Value::as_bool).unwrap_or(false)
    );
    prop_assert_eq!(
        clinic.paper.map(|p| p.typst_name()),
        text("paper").map(|p| if p == "a4" { "a4" } else { "us-letter" })
    );
    let locales = table.get("locales").and_then(Value::as_array);
    prop_assert_eq!(clinic.locales.is_some(), locales.is_some());
    for code in locales.into_iter().flatten() {
        let code = code.as_str().unwrap_or_default();
        let found = handout::i18n::locale::find(code);
        prop_assert!(
            found.is_some_and(|f| clinic.locales.iter().flatten().any(|l| l.code == f.code)),
            "locale {code} lost"
        );
    }
    prop_assert_eq!(clinic.logo.is_some(), table.contains_key("logo"));
    if let (Some(logo), Some(bytes)) = (&clinic.logo, &clinic.logo_bytes) {
        prop_assert!(logo.starts_with("/clinic-logo."), "{logo}");
        prop_assert!(!bytes.is_empty());
    }
    prop_assert_eq!(clinic.download_url.is_some(), table.contains_key("download_url"));
    if let Some(link) = clinic.download_link("es", "calcinosis-overview") {
        let parsed = url::Url::parse(&link).map_err(|e| TestCaseError::fail(format!("{link}: {e}")))?;
        prop_assert!(matches!(parsed.scheme(), "http" | "https"), "{link}");
        prop_assert!(parsed.query().is_none() && parsed.fragment().is_none(), "{link}");
        prop_assert!(link.ends_with("/es/calcinosis-overview.pdf") && !link.contains("//es/"), "{link}");
        prop_assert!(!link.contains(['"', '\'', ' ', '\\']), "{link}");
    }
    Ok(Some(clinic))
}

fn pick(items: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(items).prop_map(str::to_string)
}

/// Words, odd characters, unicode, and now and then something huge.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-zÀ-ÿ0-9 .,#()+*_/-]{1,40}",
        2 => any::<String>(),
        1 => pick(&["", " ", "\t", "\n", "a\u{0}b", "\u{202E}evil", "\u{200F}", "#[]*_$\\", "\u{1F600}", "ﷺ"]),
        1 => ("\\PC{1,4}", 150usize..60_000).prop_map(|(s, n)| s.repeat(n / s.len().max(1) + 1)),
    ]
}

/// Web addresses near and far from valid.
fn url() -> impl Strategy<Value = String> {
    let scheme = pick(&[
        "https://",
        "http://",
        "HTTPS://",
        "ftp://",
        "",
        "//",
        "https:/",
        "https:",
        "javascript:",
        "file://",
    ]);
    let host = pick(&[
        "valle.example.org",
        "localhost",
        "127.0.0.1",
        "[::1]",
        "clínica.example",
        "xn--clnica-2ya.example",
        "nurse:pw@x.org",
        "@x.org",
        "x.org:8080",
        "x.org:99999",
        "",
        "a..b",
        "-x.org",
        "x_y.org",
        "%41.org",
    ]);
    let part = pick(&[
        "", "/", "pdf", "..", ".", "%2F", "%", "%zz", "ü", " ", "\"", "'", "?", "?a=1", "#", "#top", "\\",
        "\u{0}", "\u{202E}", "//", ";x", "&", "<", "~", "+", ":",
    ]);
    prop_oneof![
        6 => (scheme, host, prop::collection::vec(part, 0..6)).prop_map(|(s, h, p)| format!("{s}{h}{}", p.join(""))),
        1 => any::<String>(),
        1 => (150usize..3000).prop_map(|n| format!("https://x.org/{}", "a".repeat(n))),
    ]
}

fn colour() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "#[0-9a-fA-F]{0,8}",
        2 => pick(&["#000", "#fff", "#0f5c4a", "#ffcc00", "#1D4F7A", "red", " #123456 ", "#", "#ggg", "#12345٣"]),
        1 => any::<String>(),
    ]
}

fn logo_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => pick(&[
            "logo.png", "logo.svg", "wide.png", "broken.svg", "truncated.png", "text.png", "missing.png", "../logo.png",
            "sub/../logo.png", "sub/folder.png", "sub", "/etc/passwd", "/dev/zero", "/dev/null", "/", "", ".", "..",
            "./logo.png", "logo.png/", "logo.png\u{0}", "LOGO.PNG",
        ]),
        1 => Just(logos().join("logo.png").display().to_string()),
        1 => any::<String>(),
    ]
}

/// Any TOML value, of any type.
fn any_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::Integer),
        any::<f64>().prop_map(Value::Float),
        any::<bool>().prop_map(Value::Boolean),
        any::<String>().prop_map(Value::String),
        prop::collection::vec(any::<i64>().prop_map(Value::Integer), 0..3).prop_map(Value::Array),
        Just(Value::Table(Table::new())),
    ]
}

/// A value of the type a key expects, from near-valid to odd.
fn value_for(key: &str) -> BoxedStrategy<Value> {
    let right: BoxedStrategy<Value> = match key {
        "website" | "download_url" => url().prop_map(Value::String).boxed(),
        "accent_color" => colour().prop_map(Value::String).boxed(),
        "logo" => logo_name().prop_map(Value::String).boxed(),
        "paper" => pick(&["letter", "a4", "A4", "legal", ""]).prop_map(Value::String).boxed(),
        "require_review" => any::<bool>().prop_map(Value::Boolean).boxed(),
        "locales" => prop::collection::vec(
            prop_oneof![pick(&["en", "es", "vi", "ar", "zh-Hans", "EN", "es-MX", "xx", ""]), "\\PC{0,6}"]
                .prop_map(Value::String),
            0..5,
        )
        .prop_map(Value::Array)
        .boxed(),
        _ => text().prop_map(Value::String).boxed(),
    };
    prop_oneof![9 => right, 1 => any_value()].boxed()
}

const KEYS: &[&str] = &[
    "department",
    "address",
    "phone",
    "after_hours_phone",
    "website",
    "logo",
    "accent_color",
    "paper",
    "locales",
    "download_url",
    "require_review",
];

/// A profile as a table: a name (nearly always) and some keys, known or not.
fn profile() -> impl Strategy<Value = Table> {
    let key = prop_oneof![12 => pick(KEYS), 1 => "[a-z_]{1,12}"];
    let entries = prop::collection::vec(key.prop_flat_map(|k| (Just(k.clone()), value_for(&k))), 0..12);
    (prop::option::weighted(0.95, value_for("name")), entries).prop_map(|(name, entries)| {
        let mut table = Table::new();
        if let Some(name) = name {
            table.insert("name".into(), name);
        }
        table.extend(entries);
        table
    })
}

/// Profile text: a written table, or one damaged by a cut, an insertion or a swap of bytes.
fn damaged(text: String, at: prop::sample::Index, insert: String, how: u8) -> String {
    if text.is_empty() {
        return insert;
    }
    let mut at = at.index(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    match how % 3 {
        0 => format!("{}{insert}{}", &text[..at], &text[at..]),
        1 => text[..at].to_string(),
        _ => format!("{}{}", &text[at..], &text[..at]),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzz_cases(64), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn fuzz_clinic_profiles_load_as_written_or_are_refused_naming_the_file(table in profile()) {
        let path = profile_path("written");
        let text = toml::to_string(&table).map_err(|e| TestCaseError::reject(e.to_string()))?;
        fs::write(&path, &text).expect("profile");
        check(&path, Some(&table))?;
    }

    #[test]
    fn fuzz_clinic_damaged_and_arbitrary_text_never_panics(
        table in profile(),
        at in any::<prop::sample::Index>(),
        insert in prop_oneof!["[\\[\\]=\"'#.\\n{}, ]{1,3}", any::<String>()],
        how in any::<u8>(),
        raw in prop::option::weighted(0.2, any::<Vec<u8>>()),
    ) {
        let path = profile_path("damaged");
        let bytes = match raw {
            Some(bytes) => bytes,
            None => damaged(toml::to_string(&table).unwrap_or_default(), at, insert, how).into_bytes(),
        };
        fs::write(&path, bytes).expect("profile");
        check(&path, None)?;
    }

    #[test]
    fn fuzz_clinic_good_profiles_always_load(
        name in "[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9 .,#()*_&'-]{0,60}",
        phone in "[+]?[0-9][0-9 ().-]{3,20}",
        host in "[a-z][a-z0-9-]{0,20}(\\.[a-z]{2,6}){1,2}".prop_filter("plain labels (xn-- is punycode)", |h| !h.contains("xn--")),
        path in prop::collection::vec("[A-Za-z0-9._~-]{1,8}|[a-zé]{1,4}|%[0-9A-F]{2}", 0..3),
        slash in any::<bool>(),
        shade in 0u8..0x50,
        logo in pick(&["logo.png", "logo.svg", "wide.png"]),
        locales in prop::collection::vec(pick(&["en", "es", "vi"]), 0..3),
    ) {
        let url = format!("https://{host}/{}{}", path.join("/"), if slash { "/" } else { "" });
        let mut table = Table::new();
        let mut put = |key: &str, value: Value| table.insert(key.into(), value);
        put("name", Value::String(name));
        put("phone", Value::String(phone));
        put("website", Value::String(format!("https://{host}")));
        put("download_url", Value::String(url.clone()));
        put("accent_color", Value::String(format!("#{shade:02x}{shade:02x}{:02x}", shade / 2)));
        put("logo", Value::String(logo));
        put("locales", Value::Array(locales.into_iter().map(Value::String).collect()));
        let path = profile_path("good");
        fs::write(&path, toml::to_string(&table).expect("toml")).expect("profile");
        let clinic = check(&path, Some(&table))?;
        prop_assert!(clinic.is_some(), "refused: {}", toml::to_string(&table).unwrap_or_default());
        if let Some(clinic) = clinic {
            let link = clinic.download_link("en", "x").unwrap_or_default();
            let base = url::Url::parse(&url).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(link, format!("{}/en/x.pdf", base.as_str().trim_end_matches('/')));
        }
    }
}

#[test]
fn fuzz_clinic_corpus_replays() {
    // `ok-*` profiles load, `bad-*` are refused, the rest may do either; none panics.
    for (name, bytes) in fuzz_corpus("clinic") {
        let path = profile_path("corpus");
        fs::write(&path, &bytes).expect("profile");
        let loaded = check(&path, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        match Clinic::load(&path) {
            Err(e) if name.starts_with("ok-") => panic!("{name} is refused: {e}"),
            Ok(_) if name.starts_with("bad-") => panic!("{name} loads"),
            _ => {}
        }
        assert!(loaded.is_some() || !name.starts_with("ok-"), "{name}");
    }
}
