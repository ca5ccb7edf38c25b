//! Helpers: run the binary with a clean environment, make fixture folders, read PDFs back.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use lopdf::{Document, Object};

/// The repository folder.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The binary with no environment variable that could change its results.
pub fn handout() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_handout"));
    for (key, _) in std::env::vars() {
        if key.starts_with("HANDOUT_") || key == "SOURCE_DATE_EPOCH" {
            command.env_remove(key);
        }
    }
    // No fit cache shared with other runs: each test sees a cold build unless it asks.
    command.env("HANDOUT_CACHE", "off");
    command
}

/// Run the binary with arguments in a folder.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    handout().current_dir(dir).args(args).output().expect("the handout binary runs")
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh temporary folder.
pub fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// The default content, as a TOML table to change in fixtures.
pub fn default_data() -> toml::Table {
    let text = std::fs::read_to_string(repo().join("data/topics/calcinosis.toml")).expect("data file");
    text.parse().expect("the default data parses")
}

/// Write a data folder holding the shared labels and checks and `topics/calcinosis.toml` with
/// this text; return the folder.
pub fn data_folder(parent: &Path, text: &str) -> PathBuf {
    let dir = parent.join("data");
    std::fs::create_dir_all(dir.join("topics")).expect("data folder");
    for file in ["labels.toml", "checks.toml"] {
        std::fs::copy(repo().join("data").join(file), dir.join(file)).expect("shared data file");
    }
    std::fs::write(dir.join("topics/calcinosis.toml"), text).expect("data file");
    dir
}

/// Copy a language's catalogs (`locales/<code>/*.po`) into a data folder.
pub fn copy_catalogs(data: &Path, code: &str) {
    let to = data.join("locales").join(code);
    std::fs::create_dir_all(&to).expect("locales folder");
    for entry in std::fs::read_dir(repo().join("data/locales").join(code)).expect("catalogs") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy catalog");
    }
}

/// Copy the default templates (with the site's subfolder) into `parent/templates` for a
/// fixture to change.
pub fn templates_folder(parent: &Path) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("templates folder");
        for entry in std::fs::read_dir(from).expect("templates") {
            let path = entry.expect("entry").path();
            let target = to.join(path.file_name().expect("name"));
            if path.is_dir() {
                copy(&path, &target);
            } else {
                std::fs::copy(&path, target).expect("copy template");
            }
        }
    }
    let dir = parent.join("templates");
    copy(&repo().join("templates"), &dir);
    dir
}

/// Copy the default templates into `parent/templates` and replace the first `from` in one of
/// them with `to`; return the changed template's text.
pub fn edit_template(parent: &Path, name: &str, from: &str, to: &str) -> String {
    let path = templates_folder(parent).join(name);
    let text = std::fs::read_to_string(&path).expect("template");
    assert!(text.contains(from), "{name} has no `{from}`");
    let text = text.replacen(from, to, 1);
    std::fs::write(&path, &text).expect("write template");
    text
}

/// The PDFs of a folder (not its build manifest), sorted.
pub fn pdfs_in(folder: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display()));
    let mut pdfs: Vec<PathBuf> = entries
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    pdfs
}

/// Every file below a folder with its bytes, by its path inside the folder.
pub fn tree(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let relative = path.strip_prefix(root).expect("inside").display().to_string();
                files.insert(relative, std::fs::read(&path).expect("file"));
            }
        }
    }
    files
}

/// The default English set, built once for every test that only reads it.
pub fn default_build() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = temp();
        let output = run(dir.path(), &["build"]);
        assert!(output.status.success(), "default build failed: {}", stderr(&output));
        dir
    })
    .path()
}

/// A PDF read back with lopdf (structure) and pdftotext (text, an independent reader).
pub struct Pdf {
    pub path: PathBuf,
    pub doc: Document,
}

impl Pdf {
    pub fn open(path: impl AsRef<Path>) -> Pdf {
        let path = path.as_ref().to_path_buf();
        let doc = Document::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Pdf { path, doc }
    }

    pub fn pages(&self) -> usize {
        self.doc.get_pages().len()
    }

    /// The width of the first page, in points.
    pub fn page_width(&self) -> f32 {
        let page = self.doc.get_pages().into_values().next().expect("a page");
        let media = self.doc.get_dictionary(page).expect("page").get(b"MediaBox").expect("MediaBox");
        media.as_array().expect("array")[2].as_float().expect("number")
    }

    fn catalog(&self) -> &lopdf::Dictionary {
        self.doc.catalog().expect("catalog")
    }

    fn info(&self) -> &lopdf::Dictionary {
        let reference = self.doc.trailer.get(b"Info").and_then(Object::as_reference).expect("Info");
        self.doc.get_dictionary(reference).expect("Info dictionary")
    }

    /// A text string of the Info dictionary, decoded.
    pub fn info_text(&self, key: &[u8]) -> Option<String> {
        self.info().get(key).ok().and_then(|o| o.as_str().ok()).map(decode_text)
    }

    pub fn title(&self) -> String {
        self.info_text(b"Title").expect("a title")
    }

    pub fn lang(&self) -> String {
        self.catalog().get(b"Lang").ok().and_then(|o| o.as_str().ok()).map(decode_text).expect("/Lang")
    }

    /// Whether the catalog says the file is tagged and has a structure tree.
    pub fn is_tagged(&self) -> bool {
        let catalog = self.catalog();
        let marked = catalog
            .get(b"MarkInfo")
            .ok()
            .and_then(|o| match o {
                Object::Reference(r) => self.doc.get_dictionary(*r).ok(),
                Object::Dictionary(d) => Some(d),
                _ => None,
            })
            .and_then(|d| d.get(b"Marked").ok())
            .and_then(|o| o.as_bool().ok())
            .unwrap_or(false);
        marked && catalog.has(b"StructTreeRoot")
    }

    /// The base names of fonts whose descriptor lacks an embedded font file.
    pub fn fonts_not_embedded(&self) -> Vec<String> {
        let mut missing = Vec::new();
        let mut seen = 0;
        for object in self.doc.objects.values() {
            let Ok(dict) = object.as_dict() else { continue };
            if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor".as_slice()) {
                continue;
            }
            seen += 1;
            if !(dict.has(b"FontFile") || dict.has(b"FontFile2") || dict.has(b"FontFile3")) {
                let name = dict.get(b"FontName").and_then(Object::as_name).unwrap_or(b"?");
                missing.push(String::from_utf8_lossy(name).into_owned());
            }
        }
        assert!(seen > 0, "{}: no font descriptors at all", self.path.display());
        missing
    }

    /// The font names used, without subset prefixes.
    pub fn font_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .doc
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|d| d.get(b"Type").and_then(Object::as_name).ok() == Some(b"FontDescriptor".as_slice()))
            .filter_map(|d| d.get(b"FontName").and_then(Object::as_name).ok())
            .map(|n| {
                let n = String::from_utf8_lossy(n).into_owned();
                n.split_once('+').map_or(n.clone(), |(_, rest)| rest.to_string())
            })
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Every figure of the structure tree: its alternative text and, where the file gives it,
    /// its box on the page (left, bottom, right, top, in points).
    pub fn figures(&self) -> Vec<(String, Option<[f32; 4]>)> {
        let resolve = |object: &'_ Object| -> Option<lopdf::Dictionary> {
            match object {
                Object::Reference(r) => self.doc.get_dictionary(*r).ok().cloned(),
                Object::Dictionary(d) => Some(d.clone()),
                _ => None,
            }
        };
        let mut figures = Vec::new();
        for object in self.doc.objects.values() {
            let Ok(dict) = object.as_dict() else { continue };
            if dict.get(b"S").and_then(Object::as_name).ok() != Some(b"Figure".as_slice()) {
                continue;
            }
            let alt =
                dict.get(b"Alt").ok().and_then(|o| o.as_str().ok()).map(decode_text).unwrap_or_default();
            let attributes: Vec<lopdf::Dictionary> = match dict.get(b"A") {
                Ok(Object::Array(items)) => items.iter().filter_map(resolve).collect(),
                Ok(other) => resolve(other).into_iter().collect(),
                Err(_) => Vec::new(),
            };
            let bbox = attributes.iter().find_map(|a| {
                let values = a.get(b"BBox").ok()?.as_array().ok()?;
                let n: Vec<f32> = values.iter().filter_map(|v| v.as_float().ok()).collect();
                Some([*n.first()?, *n.get(1)?, *n.get(2)?, *n.get(3)?])
            });
            figures.push((alt, bbox));
        }
        figures
    }

    /// The text as `pdftotext` reads it, in reading order.
    pub fn text(&self) -> String {
        let output = Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&self.path)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) is installed; .ci/run installs it");
        assert!(output.status.success(), "pdftotext failed on {}", self.path.display());
        String::from_utf8(output.stdout).expect("UTF-8 text")
    }
}

/// Decode a PDF text string: UTF-16BE with a byte-order mark, UTF-8 with one, or PDFDocEncoding.
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> =
            rest.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
        String::from_utf16_lossy(&units)
    } else if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

/// Text with whitespace runs made single spaces and bidi controls removed, for comparing.
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Decode the QR code on a PDF's first page from a rendering of it, as a phone would.
pub fn qr_code(pdf: &Path) -> String {
    let dir = temp();
    let png = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", "150", "-png", "-singlefile"])
        .arg(pdf)
        .arg(&png)
        .status()
        .expect("pdftoppm (poppler-utils) is installed; .ci/run installs it");
    assert!(status.success());
    let scan = Command::new("zbarimg")
        .args(["-q", "--raw"])
        .arg(png.with_extension("png"))
        .output()
        .expect("zbarimg (zbar-tools) is installed; .ci/run installs it");
    String::from_utf8_lossy(&scan.stdout).trim().to_string()
}

/// How many cases a property test runs: `default` in the suite, or `HANDOUT_FUZZ_CASES` for a
/// long fuzzing run (`HANDOUT_FUZZ_CASES=2000000 cargo test --release --test it fuzz_ -- --nocapture`).
pub fn fuzz_cases(default: u32) -> u32 {
    std::env::var("HANDOUT_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

/// The saved inputs of a fuzzing target (`tests/fuzz-corpus/<target>/*`), replayed by every run.
pub fn fuzz_corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = repo().join("tests/fuzz-corpus").join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok())
                .filter_map(|entry| {
                    let name = entry.file_name().into_string().ok()?;
                    Some((name, std::fs::read(entry.path()).ok()?))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    assert!(!files.is_empty(), "no corpus in {}", dir.display());
    files
}
