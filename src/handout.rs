//! What a user asks for: which handouts, of which kinds and types, printed how.

use crate::clinic::Clinic;
use crate::content::{ConditionType, Topic};
use crate::i18n::Edition;
use crate::kind::{self, Kind};
use crate::print::Print;

/// One handout to build: a document of a topic, in a language, printed one way.
#[derive(Debug, Clone)]
pub struct Handout<'a> {
    pub edition: &'a Edition,
    pub topic: &'a Topic,
    pub kind: &'static Kind,
    /// The type a per-type document (a fact card) is about.
    pub condition: Option<&'a ConditionType>,
    pub print: Print,
    /// The clinic handing it out, if a profile was given.
    pub clinic: Option<&'a Clinic>,
}

impl<'a> Handout<'a> {
    /// The file name without extension, e.g. `calcinosis-dystrophic` or `…-overview-large`.
    pub fn file_stem(&self) -> String {
        let stem = self
            .kind
            .file
            .replace("{topic}", &self.topic.topic.id)
            .replace("{type}", self.condition.map_or("", |t| t.id.as_str()));
        if self.print.large {
            stem + "-large"
        } else {
            stem
        }
    }

    /// The document title, exactly as written in the data.
    pub fn title(&self) -> &'a str {
        (self.kind.title)(&self.edition.labels, self.topic, self.condition)
    }

    /// The short name in the footer of its pages.
    pub fn footer_title(&self) -> &'a str {
        (self.kind.footer_title)(&self.edition.labels, self.topic, self.condition)
    }

    /// The line under its title in the site's list.
    pub fn summary(&self) -> &'a str {
        (self.kind.summary)(&self.edition.labels, self.topic, self.condition)
    }

    /// The texts it prints, for measuring how hard they are to read.
    pub fn prose(&self) -> Vec<&'a str> {
        (self.kind.prose)(&self.edition.labels, self.topic, self.condition)
    }

    /// Whether its translation is a draft no medical translator has checked.
    pub fn draft(&self) -> bool {
        self.edition.draft(self.topic)
    }

    /// The most pages this document may take.
    pub fn max_pages(&self) -> usize {
        if self.print.large {
            self.kind.large_max_pages
        } else {
            self.kind.max_pages
        }
    }

    /// Which to start first in a parallel build: documents with form fields (a script whose
    /// form font must be subset takes longest), then the longer ones, then the short cards.
    pub fn cost_rank(&self) -> (bool, std::cmp::Reverse<usize>, bool) {
        let kind = self.kind;
        (!kind.forms, std::cmp::Reverse(kind.max_pages), !self.edition.locale.form_font_subset)
    }

    /// How messages name this handout: `es/calcinosis-dystrophic`.
    pub fn display_name(&self) -> String {
        format!("{}/{}", self.edition.locale.code, self.file_stem())
    }

    /// The same document in the same language, whatever the print.
    pub fn same_document(&self, other: &Handout) -> bool {
        self.edition.locale == other.edition.locale
            && self.kind == other.kind
            && self.topic.topic.id == other.topic.topic.id
            && self.condition.map(|t| &t.id) == other.condition.map(|t| &t.id)
    }
}

/// Which documents a command asks for.
#[derive(Debug, Clone, Default)]
pub struct Documents {
    /// One kind, or every kind.
    pub kind: Option<&'static Kind>,
    /// Only the per-type documents of this type.
    pub type_id: Option<String>,
    /// Only these topics (ids); empty for every topic.
    pub topics: Vec<String>,
}

impl Documents {
    /// The topics it asks for, in their order; an unknown `--topic` or `--type` lists the
    /// valid ones.
    pub fn topics<'t>(&self, all: &'t [Topic]) -> Result<Vec<&'t Topic>, String> {
        if let Some(id) = self.topics.iter().find(|id| !all.iter().any(|t| t.topic.id == **id)) {
            let valid: Vec<&str> = all.iter().map(|t| t.topic.id.as_str()).collect();
            return Err(format!("unknown topic `{id}`; topics: {}", valid.join(", ")));
        }
        let topics: Vec<&Topic> = all.iter().filter(|t| self.wants(t)).collect();
        if let Some(id) = self.type_id.as_deref() {
            let known = topics.iter().any(|t| t.types.iter().any(|ty| ty.id == id));
            if !known {
                let valid: Vec<&str> =
                    topics.iter().flat_map(|t| t.types.iter().map(|ty| ty.id.as_str())).collect();
                return Err(format!("unknown type `{id}`; valid types: {}", valid.join(", ")));
            }
            if self.kind.is_some_and(|kind| !kind.per_type) {
                let per_type: Vec<&str> = kind::KINDS.iter().filter(|k| k.per_type).map(|k| k.name).collect();
                return Err(format!(
                    "--type selects a fact card; use it with --doc {} or --doc all",
                    per_type.join(", --doc ")
                ));
            }
        }
        Ok(topics)
    }

    fn wants(&self, topic: &Topic) -> bool {
        self.topics.is_empty() || self.topics.contains(&topic.topic.id)
    }
}

/// Select the handouts a command asks for, in each print; an unknown `--type` lists the valid
/// ones.
pub fn select<'a>(
    editions: &'a [Edition],
    documents: &Documents,
    prints: &[Print],
    clinic: Option<&'a Clinic>,
) -> Result<Vec<Handout<'a>>, String> {
    documents.topics(editions.first().map_or(&[], |e| &e.topics))?;
    Ok(of(editions, documents, prints, clinic))
}

/// The handouts of these editions a command asks for, in each print, its `--topic` and
/// `--type` already checked ([`Documents::topics`]).
pub fn of<'a>(
    editions: &'a [Edition],
    documents: &Documents,
    prints: &[Print],
    clinic: Option<&'a Clinic>,
) -> Vec<Handout<'a>> {
    let pairs: Vec<_> = editions.iter().flat_map(|e| e.topics.iter().map(move |t| (e, t))).collect();
    of_pairs(&pairs, documents, prints, clinic)
}

/// The handouts a command asks for of these topics, each in its edition, in each print.
pub fn of_pairs<'a>(
    pairs: &[(&'a Edition, &'a Topic)],
    documents: &Documents,
    prints: &[Print],
    clinic: Option<&'a Clinic>,
) -> Vec<Handout<'a>> {
    let type_id = documents.type_id.as_deref();
    let mut handouts = Vec::new();
    for &print in prints {
        for &(edition, topic) in pairs.iter().filter(|(_, topic)| documents.wants(topic)) {
            for kind in kind::KINDS.iter().filter(|k| documents.kind.is_none_or(|wanted| wanted == *k)) {
                let handout = |condition| Handout { edition, topic, kind, condition, print, clinic };
                if kind.per_type {
                    let types = topic.types.iter().filter(|ty| type_id.is_none_or(|id| id == ty.id));
                    handouts.extend(types.map(|ty| handout(Some(ty))));
                } else if type_id.is_none() {
                    handouts.push(handout(None));
                }
            }
        }
    }
    handouts
}
