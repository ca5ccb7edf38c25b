//! Build many handouts at once: one plain worker thread per job, each taking the next
//! document from a shared list, costliest first.

use super::{Built, Pipeline, Sink};
use crate::error::{Error, Result};
use crate::handout::Handout;
use crate::pdf::ExportSettings;
use crate::workers;

impl Pipeline {
    /// Build many handouts with `jobs` workers, each PDF handed to `sink` as it is made,
    /// calling `done` with each handout's name as it finishes; every failure is reported, not
    /// only the first. What was built comes back in the order of `handouts`.
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
        let results = workers::map(&order, jobs, |&i| {
            let handout = &handouts[i];
            let built = self.build(handout, settings, sink);
            // Documents share little of typst's memo cache; keep memory flat.
            typst::comemo::evict(3);
            done(&handout.display_name());
            (i, built)
        })?;
        let mut results = results;
        results.sort_by_key(|(i, _)| *i);
        let (built, errors): (Vec<_>, Vec<_>) = results.into_iter().map(|(_, r)| r).partition(Result::is_ok);
        if !errors.is_empty() {
            return Err(Error::merge(errors.into_iter().filter_map(Result::err).collect()));
        }
        Ok(built.into_iter().filter_map(Result::ok).collect())
    }
}
