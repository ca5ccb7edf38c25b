//! Clinic profiles and print editions: name, phones, website, logo, QR code, paper, large print.

use std::fs;
use std::path::Path;

use handout::clinic::Clinic;
use handout::error::Error;

use crate::common::*;

mod fuzz;
mod logo;

fn example() -> String {
    repo().join("data/clinic.example.toml").display().to_string()
}

/// A fixture profile in a temporary folder, with a PNG logo far too large for the header.
fn fixture(dir: &Path, extra: &str) -> String {
    let png = {
        // A 1×1 PNG scaled by Typst: the header must still hold it.
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.extend_from_slice(&[
            0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53,
            0xDE, 0, 0, 0, 12, b'I', b'D', b'A', b'T', 8, 0xD7, 0x63, 0xF8, 0xCF, 0xC0, 0, 0, 3, 1, 1, 0,
            0x18, 0xDD, 0x8D, 0xB0, 0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82,
        ]);
        bytes
    };
    fs::write(dir.join("logo.png"), png).expect("logo");
    let text = format!(
        "name = \"Clínica del Valle #1 *test*\"\nphone = \"+1 555 0100\"\nafter_hours_phone = \"+1 555 0199\"\nwebsite = \"https://valle.example.org\"\nlogo = \"logo.png\"\npaper = \"a4\"\ndownload_url = \"https://valle.example.org/pdf/\"\n{extra}"
    );
    let path = dir.join("clinic.toml");
    fs::write(&path, text).expect("profile");
    path.display().to_string()
}

#[test]
fn the_example_profile_prints_name_phones_and_website_on_every_handout() {
    let dir = temp();
    let output = run(dir.path(), &["build", "--clinic", &example(), "--locale", "en"]);
    assert!(output.status.success(), "{}", stderr(&output));
    for path in pdfs_in(&dir.path().join("out/en")) {
        let pdf = Pdf::open(path);
        let text = normalize(&pdf.text());
        assert!(text.contains("Riverside Rheumatology Clinic"), "{}: clinic name", pdf.path.display());
        assert!(text.contains("https://riverside.example.org"), "{}: website", pdf.path.display());
        let name = pdf.path.file_name().expect("name").to_string_lossy().into_owned();
        if !name.ends_with("-questions.pdf") {
            assert!(text.contains("Call us: (555) 010-2000"), "{name}: phone in the urgent box");
            assert!(text.contains("After hours: (555) 010-2999"), "{name}: after-hours phone");
        }
        assert!(
            pdf.pages() <= if name.contains("overview") || name.contains("questions") { 2 } else { 1 },
            "{name}"
        );
    }
}

#[test]
fn without_a_profile_handouts_say_your_care_team() {
    let text = normalize(&Pdf::open(default_build().join("out/en/calcinosis-tumoral.pdf")).text());
    assert!(text.contains("Call your care team"));
    assert!(!text.contains("Call us"));
}

#[test]
fn a_fixture_profile_sets_paper_and_its_qr_code_scans_to_the_online_copy() {
    let dir = temp();
    let profile = fixture(dir.path(), "");
    let output = run(dir.path(), &["build", "--clinic", &profile, "--doc", "card", "--type", "tumoral"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let path = dir.path().join("out/en/calcinosis-tumoral.pdf");
    let pdf = Pdf::open(&path);
    let text = normalize(&pdf.text());
    assert!(text.contains("Clínica del Valle #1 *test*"), "the name is printed as written");
    assert!(text.contains("Call us: +1 555 0100"));
    assert!((pdf.page_width() - 595.3).abs() < 1.0, "the profile's A4");
    assert_eq!(pdf.pages(), 1);

    assert_eq!(qr_code(&path), "https://valle.example.org/pdf/en/calcinosis-tumoral.pdf");
}

#[test]
fn the_qr_code_has_alternative_text() {
    let dir = temp();
    let output = run(
        dir.path(),
        &["source", "--clinic", &example(), "--locale", "en", "--topic", "calcinosis", "--doc", "overview"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let source = String::from_utf8_lossy(&output.stdout);
    assert!(source.contains("alt: \"QR code that opens this handout online at https://riverside.example.org/handouts/en/calcinosis-overview.pdf\""));
}

#[test]
fn bad_profiles_get_clear_errors() {
    let cases: [(&str, &str); 5] = [
        ("colour = \"red\"\n", "unknown field `colour`"),
        ("accent_color = \"blue\"\n", "accent_color: `blue` is not a colour"),
        ("accent_color = \"#ffcc00\"\n", "contrast"),
        (
            "website = \"ftp://x.org\"\n",
            "website: `ftp://x.org` is not a usable web address: it must start with https://",
        ),
        ("", ""),
    ];
    for (extra, expected) in cases.iter().filter(|c| !c.0.is_empty()) {
        let dir = temp();
        let text = fs::read_to_string(fixture(dir.path(), extra)).expect("profile");
        // The website key appears twice in the website case; keep the bad one only.
        let text = if extra.starts_with("website") {
            text.replacen("website = \"https://valle.example.org\"\n", "", 1)
        } else {
            text
        };
        fs::write(dir.path().join("clinic.toml"), text).expect("write");
        let output = run(dir.path(), &["build", "--clinic", "clinic.toml", "--doc", "overview"]);
        assert_eq!(output.status.code(), Some(1), "{extra}");
        let err = stderr(&output);
        assert!(err.contains("clinic.toml:") && err.contains(expected), "{extra}: {err}");
    }
    let dir = temp();
    let profile = fixture(dir.path(), "");
    fs::remove_file(dir.path().join("logo.png")).expect("remove logo");
    let missing = run(dir.path(), &["build", "--clinic", &profile, "--doc", "overview"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("logo:"), "{}", stderr(&missing));
    fs::write(dir.path().join("logo.png"), "not an image").expect("write");
    let not_image = run(dir.path(), &["build", "--clinic", &profile, "--doc", "overview"]);
    assert_eq!(not_image.status.code(), Some(1));
    assert!(stderr(&not_image).contains("is not a PNG, JPEG or SVG image"), "{}", stderr(&not_image));
}

/// Every PDF of a folder keeps its page limit: `longer` for overviews and question lists,
/// `card` for fact cards.
fn assert_page_limits(folder: &Path, longer: usize, card: usize) {
    for path in pdfs_in(folder) {
        let name = path.file_name().expect("name").to_string_lossy().into_owned();
        let limit = if name.contains("overview") || name.contains("questions") { longer } else { card };
        assert!(Pdf::open(&path).pages() <= limit, "{}", path.display());
    }
}

#[test]
fn every_document_fits_letter_and_a4_and_large_print_grows_without_cutting() {
    for paper in ["letter", "a4"] {
        let dir = temp();
        let output = run(dir.path(), &["build", "--paper", paper]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert_page_limits(&dir.path().join("out/en"), 2, 1);
    }
    // The clinic's header and QR code take room: every card in every language still fits.
    let dir = temp();
    let output =
        run(dir.path(), &["build", "--clinic", &example(), "--locale", "all", "--paper", "a4", "--no-forms"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let dir = temp();
    let output = run(dir.path(), &["build", "--large-print", "--locale", "all", "--no-forms"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_page_limits(&dir.path().join("out/vi"), 8, 3);
    let card = Pdf::open(dir.path().join("out/en/calcinosis-calciphylaxis-large.pdf"));
    assert!((1..=3).contains(&card.pages()));
    let text = normalize(&card.text());
    assert!(text.contains("Management of cutaneous calciphylaxis"), "nothing cut: the last source is there");
    let source = run(dir.path(), &["source", "--large-print", "--doc", "card", "--type", "calciphylaxis"]);
    assert!(String::from_utf8_lossy(&source.stdout).contains("  size: 18.0,"), "18 pt body");
    assert!(dir.path().join("out/en/calcinosis-overview-large.pdf").exists());
    assert!(!dir.path().join("out/en/calcinosis-overview.pdf").exists());
}

/// Load a profile with the library: the clinic, or each line of its error.
pub fn load(path: &Path) -> Result<Clinic, Vec<String>> {
    match Clinic::load(path) {
        Ok(clinic) => Ok(clinic),
        Err(Error::Input(lines)) => Err(lines),
        Err(Error::Internal(message)) => panic!("{}: internal error: {message}", path.display()),
    }
}

#[test]
fn web_addresses_that_would_open_the_wrong_page_are_refused_naming_line_and_key() {
    let cases = [
        ("https://valle.example.org/pdf?lang=en", "has a query"),
        ("https://valle.example.org/pdf?", "has a query"),
        ("https://valle.example.org/pdf#top", "has a fragment"),
        // As written in TOML: a quote and a bell character, escaped.
        (r#"https://valle.example.org/pdf\"x"#, "has `\"`"),
        ("https://valle.example.org/it's", "has `'`"),
        ("https://valle.example.org/my pdfs", "has a space (U+0020)"),
        (r"https://valle.example.org/\u0007", "has a control character (U+0007) at character 27"),
        ("https://nurse:secret@valle.example.org/pdf", "user name or password"),
        ("ftp://valle.example.org/pdf", "must start with https://"),
        ("valle.example.org/pdf", "must start with https://"),
        ("https://", "empty host"),
        ("https://valle.example.org:99999/", "invalid port number"),
    ];
    let dir = temp();
    let profile = fixture(dir.path(), "");
    let written = fs::read_to_string(&profile).expect("profile");
    for (url, expected) in cases {
        for (key, line) in [("download_url", 7), ("website", 4)] {
            let text = written
                .lines()
                .map(|l| {
                    if l.starts_with(&format!("{key} =")) {
                        format!("{key} = \"{url}\"")
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            fs::write(&profile, text).expect("write");
            let errors = load(Path::new(&profile)).expect_err(url);
            assert_eq!(errors.len(), 1, "{url}: {errors:?}");
            let prefix = format!("{profile}:{line}:");
            assert!(errors[0].starts_with(&prefix), "{url}: {}", errors[0]);
            assert!(errors[0].contains(&format!(": {key}: `")), "{url}: {}", errors[0]);
            assert!(errors[0].contains(expected), "{url}: {}", errors[0]);
        }
    }
    // The binary says the same, with exit code 1.
    fs::write(&profile, written.replace("/pdf/", "/pdf/?x=1")).expect("write");
    let output = run(dir.path(), &["build", "--clinic", &profile, "--doc", "card"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains(&format!("error: {profile}:7:16: download_url: `https://valle.example.org/pdf/?x=1` is not a usable web address: it has a query")), "{}", stderr(&output));
    assert!(!dir.path().join("out").exists(), "nothing written");
}

#[test]
fn a_download_address_joins_the_same_with_or_without_a_trailing_slash() {
    let dir = temp();
    let profile = fixture(dir.path(), "");
    let written = fs::read_to_string(&profile).expect("profile");
    let link = |url: &str| {
        fs::write(&profile, written.replace("https://valle.example.org/pdf/", url)).expect("write");
        load(Path::new(&profile)).expect(url).download_link("en", "calcinosis-tumoral").expect("a link")
    };
    for url in [
        "https://valle.example.org/pdf",
        "https://valle.example.org/pdf/",
        "https://valle.example.org/pdf//",
        "HTTPS://Valle.Example.org/pdf/",
    ] {
        assert_eq!(link(url), "https://valle.example.org/pdf/en/calcinosis-tumoral.pdf", "{url}");
    }
    assert_eq!(link("https://valle.example.org"), "https://valle.example.org/en/calcinosis-tumoral.pdf");
    assert_eq!(link("https://valle.example.org/"), "https://valle.example.org/en/calcinosis-tumoral.pdf");
    // Written with or without percent-encoding, the link is the same.
    let encoded = "https://valle.example.org/folletos/cl%C3%ADnica/en/calcinosis-tumoral.pdf";
    assert_eq!(link("https://valle.example.org/folletos/clínica"), encoded);
    assert_eq!(link("https://valle.example.org/folletos/cl%C3%ADnica/"), encoded);
    assert_eq!(link("https://valle.example.org/a/../folletos/./clínica"), encoded);

    // The printed code reads back the same without the slash.
    fs::write(&profile, written.replace("https://valle.example.org/pdf/", "https://valle.example.org/pdf"))
        .expect("write");
    let output = run(dir.path(), &["build", "--clinic", &profile, "--doc", "card", "--type", "tumoral"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let pdf = dir.path().join("out/en/calcinosis-tumoral.pdf");
    assert_eq!(qr_code(&pdf), "https://valle.example.org/pdf/en/calcinosis-tumoral.pdf");
}
