//! Clinic logos: scaled down to print resolution, refused when absurd or unreadable, and every
//! problem named at the profile's `logo` key.

use std::fs;
use std::path::Path;
use std::process::Command;

use image::{ImageBuffer, Rgba};

use super::{fixture, load};
use crate::common::*;

/// A profile whose `logo` (line 5) is this file, written next to it.
fn with_logo(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let profile = fixture(dir, "");
    fs::write(dir.join(name), bytes).expect("logo");
    let text = fs::read_to_string(&profile)
        .expect("profile")
        .replace("logo = \"logo.png\"", &format!("logo = \"{name}\""));
    fs::write(&profile, text).expect("profile");
    profile
}

/// A PNG of a transparent square holding an opaque disc.
fn disc_png(width: u32, height: u32) -> Vec<u8> {
    let image: ImageBuffer<Rgba<u8>, Vec<u8>> = ImageBuffer::from_fn(width, height, |x, y| {
        let (dx, dy) = (f64::from(x) / f64::from(width) - 0.5, f64::from(y) / f64::from(height) - 0.5);
        if dx * dx + dy * dy < 0.2 {
            Rgba([15, 92, 74, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    });
    let mut bytes = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new_with_quality(
        &mut bytes,
        image::codecs::png::CompressionType::Default,
        image::codecs::png::FilterType::Adaptive,
    );
    image.write_with_encoder(encoder).expect("encode");
    bytes
}

/// The images of a PDF as `pdfimages -list` gives them, page by page: (type, object, width,
/// height, x-ppi, y-ppi).
fn images(pdf: &Path) -> Vec<(String, u32, u32, u32, u32, u32)> {
    let output = Command::new("pdfimages").arg("-list").arg(pdf).output().expect("pdfimages (poppler-utils)");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.lines()
        .skip(2)
        .map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            let n = |i: usize| f[i].parse().unwrap_or_else(|_| panic!("{line}"));
            (f[2].to_string(), n(10), n(3), n(4), n(12), n(13))
        })
        .collect()
}

#[test]
fn a_large_logo_is_scaled_down_once_to_print_resolution_keeping_transparency() {
    let dir = temp();
    let profile = with_logo(dir.path(), "big.png", &disc_png(6000, 6000));
    let clinic = load(Path::new(&profile)).expect("the large logo loads");
    assert_eq!(clinic.logo.as_deref(), Some("/clinic-logo.png"));
    let (max_width, max_height) = handout::clinic::logo::print_pixels();
    assert_eq!((max_width, max_height), (540, 140), "1.8 in × 2.4 em of 14 pt at 300 dpi");
    for large in [false, true] {
        let mut args = vec!["build", "--clinic", &profile, "--doc", "card", "--type", "tumoral"];
        if large {
            args.push("--large-print");
        }
        let output = run(dir.path(), &args);
        assert!(output.status.success(), "{}", stderr(&output));
        let name =
            if large { "out/en/calcinosis-tumoral-large.pdf" } else { "out/en/calcinosis-tumoral.pdf" };
        let found = images(&dir.path().join(name));
        // The logo and its transparency on every page, each embedded once.
        let mut objects: Vec<(&str, u32)> = found.iter().map(|i| (i.0.as_str(), i.1)).collect();
        objects.sort();
        objects.dedup();
        assert_eq!(objects.iter().map(|o| o.0).collect::<Vec<_>>(), ["image", "smask"], "{found:?}");
        for (kind, _, width, height, x_ppi, y_ppi) in found {
            assert_eq!((width, height), (140, 140), "{kind}: a square logo fits 2.4 em of 14 pt high");
            // 2.4 em high: the letterhead stays at 14 pt in large print, 300 dpi; 11 to 12 pt in
            // regular print.
            let most = if large { 301 } else { 300 * 14 / 11 + 1 };
            assert!(x_ppi <= most && y_ppi <= most, "{kind}: {x_ppi}×{y_ppi} ppi");
        }
    }
}

/// A PNG's chunk: length, type, data and CRC.
fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
    out
}

#[test]
fn an_absurd_logo_is_refused_from_its_header_naming_the_profile_and_its_size() {
    // 50,000 × 50,000 pixels claimed in the header; decoding it would take 10 GB.
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = 50_000u32.to_be_bytes().to_vec();
    header.extend_from_slice(&50_000u32.to_be_bytes());
    header.extend_from_slice(&[8, 6, 0, 0, 0]);
    png.extend(chunk(b"IHDR", &header));
    png.extend(chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
    png.extend(chunk(b"IEND", &[]));
    let dir = temp();
    let profile = with_logo(dir.path(), "huge.png", &png);
    let output = run(dir.path(), &["build", "--clinic", &profile, "--doc", "card"]);
    assert_eq!(output.status.code(), Some(1));
    let logo = dir.path().join("huge.png");
    assert_eq!(
        stderr(&output).trim(),
        format!(
            "error: {profile}:5:8: logo: {} is 50000 × 50000 pixels; a logo may have at most 100 million pixels (it prints at most 540 × 140 pixels at 300 dpi)",
            logo.display()
        )
    );
    assert!(!dir.path().join("out").exists());

    // A file past the size cap is refused before it is read through.
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(21_000_000, 0);
    fs::write(&logo, big).expect("write");
    let errors = load(Path::new(&profile)).expect_err("too large a file");
    assert!(errors[0].starts_with(&format!("{profile}:5:8: logo: ")), "{errors:?}");
    assert!(errors[0].ends_with("is 21.0 MB; a logo file may be at most 20 MB"), "{errors:?}");
    let mut svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">".to_vec();
    svg.resize(6_000_000, b' ');
    svg.extend_from_slice(b"</svg>");
    fs::write(dir.path().join("big.svg"), svg).expect("write");
    fs::write(&profile, fs::read_to_string(&profile).expect("profile").replace("huge.png", "big.svg"))
        .expect("write");
    let errors = load(Path::new(&profile)).expect_err("too large an SVG");
    assert!(errors[0].ends_with("is 6.0 MB; a logo file may be at most 5 MB"), "{errors:?}");
}

#[test]
fn an_unreadable_logo_is_named_at_the_profiles_logo_key_not_inside_the_templates() {
    let png = disc_png(40, 40);
    let cases: [(&str, Vec<u8>, &str); 5] = [
        (
            "broken.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><g></svg>".to_vec(),
            "cannot be read as an SVG image: the XML is malformed: expected 'g' tag, not 'svg' at 1:",
        ),
        (
            "empty.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0\" height=\"10\"></svg>".to_vec(),
            "cannot be read as an SVG image: its width, height or viewBox is missing or invalid",
        ),
        (
            "linked.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"10\" height=\"10\"><image xlink:href=\"handout.typ\" width=\"10\" height=\"10\"/></svg>".to_vec(),
            "cannot be read as an SVG image: it links to the file `handout.typ`; embed the image in the SVG",
        ),
        ("truncated.png", png[..png.len() / 2].to_vec(), "cannot be read as a PNG image: "),
        ("logo.png", b"GIF89a".to_vec(), "is not a PNG, JPEG or SVG image"),
    ];
    for (name, bytes, expected) in cases {
        let dir = temp();
        let profile = with_logo(dir.path(), name, &bytes);
        let output = run(dir.path(), &["build", "--clinic", &profile, "--doc", "card"]);
        assert_eq!(output.status.code(), Some(1), "{name}: {}", stderr(&output));
        let err = stderr(&output);
        let start = format!("error: {profile}:5:8: logo: {} {expected}", dir.path().join(name).display());
        assert!(err.starts_with(&start), "{name}:\n{err}\nexpected: {start}");
        assert_eq!(err.lines().count(), 1, "{name}: one message: {err}");
        assert!(!err.contains("templates/") && !err.contains("clinic-logo"), "{name}: {err}");
        assert!(!dir.path().join("out").exists(), "{name}");
    }
}

#[test]
fn a_small_logo_is_served_as_written() {
    let dir = temp();
    let png = disc_png(300, 100);
    let profile = with_logo(dir.path(), "small.png", &png);
    let clinic = load(Path::new(&profile)).expect("loads");
    assert_eq!(clinic.logo_bytes.as_deref(), Some(png.as_slice()), "not re-encoded");
    let svg = fs::read(repo().join("data/clinic-logo.svg")).expect("the example logo");
    let profile = with_logo(dir.path(), "logo.svg", &svg);
    let clinic = load(Path::new(&profile)).expect("loads");
    assert_eq!(clinic.logo.as_deref(), Some("/clinic-logo.svg"));
    assert_eq!(clinic.logo_bytes.as_deref(), Some(svg.as_slice()));
}

#[test]
fn a_typst_diagnostic_inside_the_logo_names_the_profiles_logo_key() {
    use handout::assets::Folder;
    use handout::typst::{compile, Fonts, Location, Shared};
    // A logo the profile check would refuse, served anyway: what Typst says about it must name
    // the profile, not `templates/clinic-logo.svg`.
    let fonts = Fonts::load(&Folder::default_fonts()).expect("fonts");
    let origin = "clinic.toml:5:8: logo: broken.svg".to_string();
    let broken = b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><g></svg>".to_vec();
    let shared =
        Shared::new(fonts, Folder::default_templates()).with_file("/clinic-logo.svg", broken, origin.clone());
    let today = typst::foundations::Datetime::from_ymd(2026, 1, 1).expect("date");
    let result = compile(&shared, "#image(\"/clinic-logo.svg\")".into(), today).expect("compiles");
    let Err(diagnostics) = result else { panic!("the broken logo compiles") };
    assert!(
        diagnostics.iter().any(|d| matches!(&d.location, Location::Input { name } if *name == origin)),
        "{diagnostics:?}"
    );
}
