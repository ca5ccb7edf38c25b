//! Embed the default templates, data and fonts: list their files into `embedded.rs`, so that
//! a new topic or catalog is compiled in without editing a list.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

/// Whether a file of a folder, by its path inside it, is embedded.
type Wanted = fn(&str) -> bool;

/// (constant, folder, which of its files)
const FOLDERS: &[(&str, &str, Wanted)] = &[
    ("TEMPLATES", "templates", |_| true),
    ("DATA", "data", |path| {
        matches!(path, "labels.toml" | "checks.toml")
            || (path.starts_with("topics/") && path.ends_with(".toml"))
            || (path.starts_with("locales/") && path.ends_with(".po"))
    }),
    ("FONTS", "fonts", |path| path.ends_with(".ttf") || path.starts_with("OFL-")),
];

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut out = String::new();
    for (name, folder, wanted) in FOLDERS {
        let dir = root.join(folder);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files = Vec::new();
        walk(&dir, "", &mut files);
        files.retain(|path| wanted(path));
        files.sort();
        writeln!(out, "const {name}: &[Embedded] = &[").unwrap();
        for path in files {
            let full = dir.join(&path);
            writeln!(out, "    ({path:?}, include_bytes!({:?})),", full.display().to_string()).unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    let target = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    fs::write(target, out).expect("write embedded.rs");
}

/// Every file below `dir`, as `/`-separated paths relative to it; hidden ones left out.
fn walk(dir: &Path, prefix: &str, files: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = format!("{prefix}{name}");
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&entry.path(), &format!("{path}/"), files),
            Ok(t) if t.is_file() => files.push(path),
            _ => {}
        }
    }
}
