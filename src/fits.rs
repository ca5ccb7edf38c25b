//! Finding a document's fit with few compilations: the search, bounds that skip fits sure to
//! run over, and a cache, kept between runs, of the fit each exact source needed.
//!
//! The fit a build chooses never depends on the cache: an entry is keyed by everything that
//! decides the layout (the generated source, the templates folder, the fonts, this binary),
//! so a hit names the fit the search would find, and saves only the trial compilations.

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;
use std::sync::Mutex;

use typst::utils::hash128;

use crate::render::{Fit, FITS};

/// How much a document's pages of text (see [`crate::typst::pages_of_text`]) can at most
/// shrink going from fit `j` to a later fit `k` of [`FITS`]: `SHRINK[j][k]`. The smallest ratio
/// seen over every shipped document and language, with and without the example clinic's
/// header (`cargo run --release --example fit_table [-- data/clinic.example.toml]`), lowered
/// by 3% so that a fit is skipped only when it surely runs over.
const SHRINK: [[f64; 5]; 5] = [
    [1.0, 0.868, 0.789, 0.705, 0.649],
    [1.0, 1.0, 0.849, 0.765, 0.703],
    [1.0, 1.0, 1.0, 0.843, 0.769],
    [1.0, 1.0, 1.0, 1.0, 0.839],
    [1.0; 5],
];

/// The next fit worth compiling after fit `tried` of `fits` held `filled` pages of text and ran
/// over `max` pages: the first whose least possible shrink could bring it within the limit.
pub fn next_fit(fits: &[Fit], tried: usize, filled: Option<f64>, max: usize) -> usize {
    let last = fits.len().saturating_sub(1);
    let (Some(filled), true) = (filled, fits == FITS) else {
        return (tried + 1).min(last);
    };
    (tried + 1..last).find(|&k| filled * SHRINK[tried][k] <= max as f64).unwrap_or(last)
}

/// Whether a document that took `pages` pages (`filled` pages of text) at fit `tried` runs over
/// `max` pages even at the last fit, so that trying the others would only waste time. Without
/// a measured shrink (large print), no fit is taken to more than halve a document.
pub fn hopeless(fits: &[Fit], tried: usize, pages: usize, filled: Option<f64>, max: usize) -> bool {
    let last = fits.len().saturating_sub(1);
    match (filled, fits == FITS) {
        // A quarter over the bound, so that only a document surely too long stops early.
        (Some(filled), true) => filled * SHRINK[tried.min(last)][last] > max as f64 * 1.25,
        _ => pages as f64 * 0.5 > max as f64,
    }
}

/// One trial of a document at a fit.
pub struct Trial<D> {
    pub document: D,
    pub pages: usize,
    /// Its pages of text, when they could be measured.
    pub filled: Option<f64>,
}

/// What a search found.
pub enum Found<D> {
    /// The loosest fit (its index) that keeps the document within its page limit.
    Fits { document: D, fit: usize },
    /// It runs over even at the last fit, or surely would: the pages it took at the last fit
    /// tried, and the document there.
    TooLong { pages: usize, document: D },
}

/// Find the loosest of `fits` at which a document stays within `max` pages: first the fit a
/// cache remembers (`hint`), then stepping through the fits, skipping those that surely run
/// over, and stopping as soon as no fit could bring it within the limit. `trial(i)` renders
/// and compiles the document at `fits[i]`.
pub fn search<D, E>(
    fits: &[Fit],
    max: usize,
    hint: Option<usize>,
    mut trial: impl FnMut(usize) -> Result<Trial<D>, E>,
) -> Result<Found<D>, E> {
    if let Some(fit) = hint.filter(|&fit| fit < fits.len()) {
        let tried = trial(fit)?;
        if tried.pages <= max {
            return Ok(Found::Fits { document: tried.document, fit });
        }
    }
    let mut fit = 0;
    loop {
        let tried = trial(fit)?;
        if tried.pages <= max {
            return Ok(Found::Fits { document: tried.document, fit });
        }
        if fit + 1 >= fits.len() || hopeless(fits, fit, tried.pages, tried.filled, max) {
            return Ok(Found::TooLong { pages: tried.pages, document: tried.document });
        }
        fit = next_fit(fits, fit, tried.filled, max);
    }
}

/// The first line of a cache file: a checksum of the entries that follow it.
fn checksum_line(entries: &str) -> String {
    format!("# handout fits {:032x}", hash128(&entries))
}

/// Entries older than the newest this many are dropped when the cache is saved.
const CAPACITY: usize = 20_000;

/// The fit index each source needed, loaded from and saved to one small file.
#[derive(Debug, Default)]
pub struct FitCache {
    file: Option<PathBuf>,
    /// What earlier runs found, oldest first, and the same for looking up.
    earlier: Vec<(u128, u8)>,
    known: HashMap<u128, u8>,
    found: Mutex<HashMap<u128, u8>>,
}

impl FitCache {
    /// The cache in the cache folder (see [`crate::cache::folder`]).
    pub fn open() -> Self {
        let Some(file) = crate::cache::folder().map(|folder| folder.join("fits")) else {
            return FitCache::default();
        };
        // A missing, damaged or edited cache is an empty one: its first line is a checksum of
        // the rest, so no entry is trusted that this tool did not write.
        let earlier: Vec<(u128, u8)> = fs::read_to_string(&file)
            .ok()
            .and_then(|text| {
                let (first, rest) = text.split_once('\n')?;
                (first == checksum_line(rest)).then(|| {
                    rest.lines()
                        .filter_map(|line| {
                            let (key, fit) = line.split_once(' ')?;
                            Some((u128::from_str_radix(key, 16).ok()?, fit.parse().ok()?))
                        })
                        .collect()
                })
            })
            .unwrap_or_default();
        let known = earlier.iter().copied().collect();
        FitCache { file: Some(file), earlier, known, found: Mutex::new(HashMap::new()) }
    }

    /// The key of a document: its source at the first fit, and what else decides its layout.
    pub fn key(context: u128, source: &str, max_pages: usize) -> u128 {
        hash128(&(context, source, max_pages))
    }

    /// The fit index a source needed before.
    pub fn get(&self, key: u128) -> Option<usize> {
        if let Some(&fit) = self.found.lock().ok()?.get(&key) {
            return Some(usize::from(fit));
        }
        self.known.get(&key).map(|&fit| usize::from(fit))
    }

    /// Remember the fit a source needed.
    pub fn put(&self, key: u128, fit: usize) {
        if let (Ok(mut found), Ok(fit)) = (self.found.lock(), u8::try_from(fit)) {
            found.insert(key, fit);
        }
    }

    /// Write the cache back, newest entries last; failing to is not an error, only slower.
    pub fn save(&self) {
        let (Some(file), Ok(found)) = (&self.file, self.found.lock()) else { return };
        if found.is_empty() {
            return;
        }
        let mut entries: Vec<(u128, u8)> =
            self.earlier.iter().filter(|(key, _)| !found.contains_key(key)).copied().collect();
        let mut new: Vec<_> = found.iter().map(|(&key, &fit)| (key, fit)).collect();
        new.sort_unstable();
        entries.extend(new);
        let skip = entries.len().saturating_sub(CAPACITY);
        let text: String = entries[skip..].iter().map(|(key, fit)| format!("{key:032x} {fit}\n")).collect();
        let text = format!("{}\n{text}", checksum_line(&text));
        let _ = crate::output::write_file(file, text.as_bytes());
    }
}
