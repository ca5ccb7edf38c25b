//! The folder where a run keeps what saves the next one work: the fit each document needed
//! ([`crate::fits::FitCache`]) and the form fonts ([`crate::pdf::FormFont::save`]). Everything
//! in it is keyed by what it was made from, so a stale or damaged file is only ignored.

use std::fmt::Debug;
use std::fs;
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::SystemTime;

use serde::Serialize;

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
    static BINARY: OnceLock<Option<(u64, Option<SystemTime>)>> = OnceLock::new();
    let binary = BINARY.get_or_init(|| {
        std::env::current_exe().and_then(fs::metadata).map(|m| (m.len(), m.modified().ok())).ok()
    });
    typst::utils::hash128(&(env!("CARGO_PKG_VERSION"), binary, parts))
}

/// A hash of every field of a value of the content model (which derives `Serialize` and
/// `Debug` but not `Hash`), from its JSON text; from its debug text, slower, should a value ever
/// not serialize.
pub fn digest_of<T: Serialize + Debug>(value: &T) -> u128 {
    match serde_json::to_vec(value) {
        Ok(json) => typst::utils::hash128(&json),
        Err(_) => typst::utils::hash128(&format!("{value:?}")),
    }
}
