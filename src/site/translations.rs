//! Which languages each page of the site exists in, so that every page links to its
//! translations (`<link rel="alternate" hreflang>`) and a handout's page names them.

use std::collections::BTreeSet;

use super::{Depth, Language};
use crate::handout::Handout;
use crate::i18n::Edition;

/// Per language, in the chooser's order, the paths of its pages below its folder.
pub(super) struct Translations<'a> {
    pages: Vec<(&'a Edition, BTreeSet<String>)>,
}

impl<'a> Translations<'a> {
    /// Find the pages the site makes: a list of topics per language, a list per topic that has
    /// handouts in it, and one page per handout (large print shares its regular edition's page).
    pub(super) fn new(editions: &'a [Edition], handouts: &[Handout]) -> Self {
        let pages = editions
            .iter()
            .map(|edition| {
                let mut paths = BTreeSet::from(["index.html".to_string()]);
                let ours = handouts.iter().filter(|h| h.edition.locale.code == edition.locale.code);
                for handout in ours.filter(|h| !h.print.large) {
                    paths.insert(format!("{}.html", handout.file_stem()));
                    paths.insert(format!("{}/index.html", handout.topic.topic.id));
                }
                (edition, paths)
            })
            .collect();
        Translations { pages }
    }

    /// The page at `path` below a language's folder in every language that has it, itself
    /// included, each linked from a page at `depth`.
    pub(super) fn of(&self, path: &str, depth: Depth) -> Vec<Language<'a>> {
        self.pages
            .iter()
            .filter(|(_, paths)| paths.contains(path))
            .map(|(edition, _)| {
                Language::new(edition, format!("{}{}/{path}", depth.root(), edition.locale.code))
            })
            .collect()
    }
}
