//! The folder where a run keeps what saves the next one work: the fit each document needed
//! ([`crate::fits::FitCache`]) and the form fonts ([`crate::pdf::FormFont::save`]). Everything
//! in it is keyed by what it was made from, so a stale or damaged file is only ignored.

use std::fs;
use std::hash::Hash;
use std::path::{Path, PathBuf};

/// `HANDOUT_CACHE` (a folder, or `off` for none), else the user's cache folder:
/// `$XDG_CACHE_HOME/handout` or `~/.cache/handout`.
pub fn folder() -> Option<PathBuf> {
    match std::env::var_os("HANDOUT_CACHE") {
        Some(value) if value == "off" => None,
        Some(value) => Some(PathBuf::from(value)),
        None => std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache")))
            .map(|cache| cache.join("handout")),
    }
}

/// A fingerprint of `parts` and of this binary, for keying what a run keeps: a rebuilt
/// handout (or typst) may lay out or subset differently.
pub fn fingerprint(parts: impl Hash) -> u128 {
    let binary = std::env::current_exe().and_then(fs::metadata).map(|m| (m.len(), m.modified().ok())).ok();
    typst::utils::hash128(&(env!("CARGO_PKG_VERSION"), binary, parts))
}
