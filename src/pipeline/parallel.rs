//! Build many handouts at once: one plain worker thread per job, each taking the next
//! document from a shared list, costliest first.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::{Built, Pipeline, Sink};
use crate::error::{Error, Result};
use crate::handout::Handout;
use crate::pdf::ExportSettings;

/// One worker per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

impl Pipeline {
    /// Build many handouts with `jobs` workers, each PDF handed to `sink` as it is made,
    /// calling `done` with each handout's name as it finishes; every failure is reported, not
    /// only the first. What was built comes back in the order of `handouts`.
    ///
    /// Unlike rayon's work stealing, a worker never nests a second document inside the first,
    /// so memory stays flat and each stage's time is its own.
    pub fn build_all(
        &self,
        handouts: &[Handout],
        settings: &ExportSettings,
        sink: &dyn Sink,
        jobs: usize,
        done: &(dyn Fn(&str) + Sync),
    ) -> Result<Vec<Built>> {
        // The costliest first (form fields, then the longest), so that no long document
        // starts last and keeps one core busy alone.
        let mut order: Vec<usize> = (0..handouts.len()).collect();
        order.sort_by_key(|&i| handouts[i].cost_rank());
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<(usize, Result<Built>)>> = Mutex::new(Vec::with_capacity(handouts.len()));
        let workers = jobs.clamp(1, handouts.len().max(1));
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let handout = &handouts[i];
                        let built = self.build(handout, settings, sink);
                        // Documents share little of typst's memo cache; keep memory flat.
                        typst::comemo::evict(3);
                        done(&handout.display_name());
                        if let Ok(mut results) = results.lock() {
                            results.push((i, built));
                        }
                    }
                });
            }
        });
        let mut results = results.into_inner().map_err(|_| Error::internal("a worker thread panicked"))?;
        if results.len() != handouts.len() {
            return Err(Error::internal("a worker thread panicked"));
        }
        results.sort_by_key(|(i, _)| *i);
        let (built, errors): (Vec<_>, Vec<_>) = results.into_iter().map(|(_, r)| r).partition(Result::is_ok);
        if !errors.is_empty() {
            return Err(Error::merge(errors.into_iter().filter_map(Result::err).collect()));
        }
        Ok(built.into_iter().filter_map(Result::ok).collect())
    }
}
