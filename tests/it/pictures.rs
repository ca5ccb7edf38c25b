//! Pictures: each fact card's map with its regions striped from the data, each urgent sign's
//! icon, all tagged figures with alternative text in every language; marks print in grey.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::*;

/// A page rendered in 8-bit grey by pdftoppm, as printers without colour see it:
/// (width, height, one byte per pixel, row by row).
fn grey_page(pdf: &Path, dpi: u32) -> (usize, usize, Vec<u8>) {
    let output = Command::new("pdftoppm")
        .args(["-gray", "-r", &dpi.to_string(), "-f", "1", "-l", "1"])
        .arg(pdf)
        .output()
        .expect("pdftoppm (poppler-utils) is installed; .ci/run installs it");
    assert!(output.status.success(), "pdftoppm failed on {}", pdf.display());
    // A binary PGM: `P5`, width, height, 255, each after one whitespace, then the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        let start = at;
        while !output.stdout[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&output.stdout[start..at]).into_owned());
        at += 1;
    }
    assert_eq!(fields[0], "P5", "a binary grey map");
    let (width, height) = (fields[1].parse().expect("width"), fields[2].parse().expect("height"));
    (width, height, output.stdout[at..].to_vec())
}

/// Each region's box in the body drawing (viewBox units), per view it appears in: its paths'
/// absolute coordinates, shifted by their view's `translate`.
fn body_regions() -> BTreeMap<String, Vec<[f32; 4]>> {
    let svg = fs::read_to_string(repo().join("templates/drawings/body.svg")).expect("body.svg");
    let mut regions: BTreeMap<String, Vec<[f32; 4]>> = BTreeMap::new();
    for view in svg.split("<g transform=\"translate(").skip(1) {
        let dx: f32 = view.split([' ', ')']).next().and_then(|x| x.parse().ok()).expect("a shift");
        for path in view.split("<path class=\"").skip(1) {
            let class = path.split('"').next().expect("class");
            let d = path.split("d=\"").nth(1).and_then(|d| d.split('"').next()).expect("d");
            let numbers: Vec<f32> = d
                .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
                .filter_map(|n| n.parse().ok())
                .collect();
            let (xs, ys): (Vec<f32>, Vec<f32>) = numbers.chunks(2).map(|p| (p[0], p[1])).unzip();
            let min = |v: &[f32]| v.iter().copied().fold(f32::MAX, f32::min);
            let max = |v: &[f32]| v.iter().copied().fold(f32::MIN, f32::max);
            let bbox = [min(&xs) + dx, min(&ys), max(&xs) + dx, max(&ys)];
            regions.entry(class.to_string()).or_default().push(bbox);
        }
    }
    regions
}

/// How many dark pixels (the hatch's black stripes) each of the regions' boxes holds on the
/// card's map, found by its figure's box in the structure tree.
fn dark_pixels(pdf: &Path, regions: &[&str]) -> BTreeMap<String, usize> {
    const DPI: f32 = 300.0;
    let figures = Pdf::open(pdf).figures();
    let (_, bbox) =
        figures.iter().find(|(alt, _)| alt.starts_with("Drawing of a body")).expect("the map's figure");
    let [left, bottom, right, top] = bbox.expect("the map's figure has a box");
    let (width, height, pixels) = grey_page(pdf, DPI as u32);
    let page_height = height as f32 * 72.0 / DPI;
    let boxes = body_regions();
    let scale = (right - left) / 1100.0;
    assert!(((top - bottom) / scale - 960.0).abs() < 5.0, "the map keeps the drawing's shape");
    let mut counts = BTreeMap::new();
    for &region in regions {
        let mut dark = 0;
        for [x0, y0, x1, y1] in &boxes[region] {
            let px = |x: f32| ((left + x * scale) * DPI / 72.0) as usize;
            let py = |y: f32| ((page_height - top + y * scale) * DPI / 72.0) as usize;
            for y in py(*y0)..=py(*y1).min(height - 1) {
                for x in px(*x0)..=px(*x1).min(width - 1) {
                    dark += usize::from(pixels[y * width + x] < 80);
                }
            }
        }
        counts.insert(region.to_string(), dark);
    }
    counts
}

#[test]
fn a_cards_map_stripes_each_region_the_data_names_in_grey() {
    let dir = temp();
    let shipped = fs::read_to_string(repo().join("data/topics/calcinosis.toml")).expect("topic");
    let data = data_folder(dir.path(), &shipped);
    let build = |out: &str| {
        let args = ["--data", "data", "build", "--topic", "calcinosis", "--type", "dystrophic", "--out", out];
        let output = run(dir.path(), &args);
        assert!(output.status.success(), "{}", stderr(&output));
        dir.path().join(out).join("en/calcinosis-dystrophic.pdf")
    };
    let marked = build("marked");
    // The same card with its regions moved to the toes: the control.
    let topic = data.join("topics/calcinosis.toml");
    let text = fs::read_to_string(&topic).expect("topic");
    let moved = text.replacen(
        r#"regions = [["finger", "hand"], ["forearm", "elbow"], ["knee"]]"#,
        r#"regions = [["toe"], [], []]"#,
        1,
    );
    assert_ne!(moved, text, "the dystrophic card's regions are as shipped");
    fs::write(&topic, moved).expect("write");
    let control = build("control");

    let regions = ["finger", "hand", "forearm", "elbow", "knee"];
    let (striped, plain) = (dark_pixels(&marked, &regions), dark_pixels(&control, &regions));
    for region in regions {
        let (on, off) = (striped[region], plain[region]);
        assert!(on > 40 && on > 2 * off, "{region}: {on} dark pixels striped, {off} without marks");
    }
    // And the toes, marked only in the control.
    let toes = (dark_pixels(&marked, &["toe"])["toe"], dark_pixels(&control, &["toe"])["toe"]);
    assert!(toes.1 > 2 * toes.0, "toe: {} dark pixels when marked, {} when not", toes.1, toes.0);
}

#[test]
fn every_card_and_overview_shows_its_map_and_icons_with_words_in_every_language() {
    let dir = temp();
    let output = run(dir.path(), &["build", "--locale", "all", "--doc", "card", "--out", "out"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = run(dir.path(), &["build", "--locale", "all", "--doc", "overview", "--out", "out"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let languages =
        fs::read_dir(dir.path().join("out")).expect("out").map(|entry| entry.expect("entry").path());
    let pdfs: Vec<_> = languages.flat_map(|folder| pdfs_in(&folder)).collect();
    assert!(pdfs.len() > 90, "{} PDFs", pdfs.len());
    for pdf in pdfs {
        let figures = Pdf::open(&pdf).figures();
        // Cards: the map and at least one icon per tier; the overview: the map and one icon per sign.
        // A map is some 40 to 80 points tall, an icon under 20.
        let maps = figures.iter().filter(|(_, bbox)| bbox.is_some_and(|[_, b, _, t]| t - b > 30.0)).count();
        assert!(maps >= 1, "{}: no map among {figures:?}", pdf.display());
        assert!(figures.len() >= 3, "{}: a map and icons, found {figures:?}", pdf.display());
        for (alt, _) in &figures {
            assert!(!alt.trim().is_empty(), "{}: a figure without words", pdf.display());
            assert!(!alt.contains('{'), "{}: a placeholder left in `{alt}`", pdf.display());
        }
    }
}

#[test]
fn a_region_or_icon_the_drawings_lack_is_named_at_its_line() {
    let dir = temp();
    let shipped = fs::read_to_string(repo().join("data/topics/kidney-stones.toml")).expect("topic");
    let data = data_folder(dir.path(), "");
    fs::remove_file(data.join("topics/calcinosis.toml")).expect("only kidney stones");
    let topic = data.join("topics/kidney-stones.toml");
    let fails = |text: &str, expected: &[&str]| {
        fs::write(&topic, text).expect("write");
        let output = run(dir.path(), &["--data", "data", "build", "--out", "out"]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let message = stderr(&output);
        for expected in expected {
            assert!(message.contains(expected), "`{expected}` in:\n{message}");
        }
        assert!(!dir.path().join("out").exists(), "nothing written");
    };
    let unknown = shipped
        .replacen(r#"regions = [["kidney"], ["ureter"]]"#, r#"regions = [["kidney"], ["liver"]]"#, 1)
        .replacen(
            r#"emergency_icons = ["chills", "pain"]"#,
            r#"emergency_icons = ["chills", "headache"]"#,
            1,
        );
    fails(
        &unknown,
        &[
            "data/topics/kidney-stones.toml:",
            "types[0].regions[1][0]: the drawing `urinary-tract` has no region `liver`; its regions: bladder, kidney, ureter",
            "types[0].emergency_icons[1]: no icon `headache` in the templates' drawings/icons/",
        ],
    );
    let miscounted = shipped.replacen(r#"regions = [["kidney"], []]"#, r#"regions = [["kidney"]]"#, 1);
    assert_ne!(miscounted, shipped);
    fails(&miscounted, &["needs one list of region ids per `locations` item (2 items, 1 lists)"]);
    let no_drawing = shipped.replacen("drawing = \"urinary-tract\"\n", "", 1);
    assert_ne!(no_drawing, shipped);
    fails(&no_drawing, &["names regions, but the topic has no drawing to mark them on"]);
}

#[test]
fn written_sources_come_with_every_picture_they_show_at_its_path() {
    let dir = temp();
    let output = run(dir.path(), &["source", "--topic", "calcinosis", "--locale", "en,ar", "--out", "src"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let root = dir.path().join("src");
    let mut shown = 0;
    for (name, source) in tree(&root).into_iter().filter(|(name, _)| name.ends_with(".typ")) {
        let source = String::from_utf8(source).expect("UTF-8");
        for path in source.split("picture(\"").skip(1).filter_map(|rest| rest.split('"').next()) {
            let svg = fs::read_to_string(root.join(path.trim_start_matches('/')))
                .unwrap_or_else(|e| panic!("{name} shows {path}, which was not written: {e}"));
            assert!(svg.contains("<svg"), "{path} is an SVG");
            if let Some(marked) = path.strip_prefix("/drawings/marked/body/") {
                let selector: Vec<String> =
                    marked.trim_end_matches(".svg").split(',').map(|r| format!(".{r}")).collect();
                assert!(svg.contains(&format!("{}{{", selector.join(","))), "{path} stripes its regions");
            }
            shown += 1;
        }
    }
    assert!(shown > 20, "maps and icons on the cards and overviews: {shown}");
}
