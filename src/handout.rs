//! What a user asks for: which handout, on which paper.

use serde::Serialize;

use crate::clinic::Clinic;
use crate::content::{ConditionType, Topic};
use crate::i18n::Edition;

/// Paper sizes clinics print on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// US Letter, 8.5 × 11 in.
    #[default]
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
}

impl Paper {
    /// The name Typst's `page(paper:)` knows it by.
    pub fn typst_name(self) -> &'static str {
        match self {
            Paper::Letter => "us-letter",
            Paper::A4 => "a4",
        }
    }
}

/// The kinds of document, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum DocChoice {
    /// Every document.
    #[default]
    All,
    /// The overview sheet.
    Overview,
    /// One fact card per type (or only `--type`).
    Card,
    /// The list of questions to ask the doctor.
    Questions,
}

/// One document of a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Overview,
    /// The fact card of the type with this index in `Topic::types`.
    Card(usize),
    Questions,
}

/// How the handouts of a run are printed.
#[derive(Debug, Clone, Default)]
pub struct Print {
    pub paper: Paper,
    /// 18 pt body text for readers with low vision.
    pub large: bool,
    pub clinic: Option<Clinic>,
}

/// One handout to build: a document of a topic, in a language, printed one way.
#[derive(Debug, Clone)]
pub struct Handout<'a> {
    pub edition: &'a Edition,
    pub topic: &'a Topic,
    pub kind: Kind,
    pub print: &'a Print,
}

impl<'a> Handout<'a> {
    /// The type a fact card is about.
    pub fn condition_type(&self) -> Option<&'a ConditionType> {
        match self.kind {
            Kind::Card(i) => self.topic.types.get(i),
            _ => None,
        }
    }

    /// The file name without extension, e.g. `calcinosis-dystrophic`.
    pub fn file_stem(&self) -> String {
        let id = &self.topic.topic.id;
        let edition = if self.print.large { "-large" } else { "" };
        match self.kind {
            Kind::Overview => format!("{id}-overview{edition}"),
            Kind::Card(_) => format!("{id}-{}{edition}", self.condition_type().map_or("", |t| t.id.as_str())),
            Kind::Questions => format!("{id}-questions{edition}"),
        }
    }

    /// The document title, exactly as written in the data.
    pub fn title(&self) -> &'a str {
        match self.kind {
            Kind::Overview => &self.topic.topic.overview_title,
            Kind::Card(_) => self.condition_type().map_or("", |t| t.name.as_str()),
            Kind::Questions => &self.topic.topic.questions_title,
        }
    }

    /// The template that renders this kind.
    pub fn template(&self) -> &'static str {
        match self.kind {
            Kind::Overview => "overview.typ.j2",
            Kind::Card(_) => "card.typ.j2",
            Kind::Questions => "questions.typ.j2",
        }
    }

    /// The most pages this document may take; large print may run longer but never cuts.
    pub fn max_pages(&self) -> usize {
        match (self.kind, self.print.large) {
            (Kind::Card(_), false) => 1,
            // 18 pt text in the longer translations needs a third page.
            (Kind::Card(_), true) => 3,
            (_, false) => 2,
            (_, true) => 8,
        }
    }

    /// Which to start first in a parallel build: question lists (form fields; the CJK form
    /// font takes longest), then overviews, then the short cards.
    pub fn cost_rank(&self) -> (u8, bool) {
        let kind = match self.kind {
            Kind::Questions => 0,
            Kind::Overview => 1,
            Kind::Card(_) => 2,
        };
        (kind, self.edition.locale.lang != "zh")
    }

    /// How messages name this handout: `es/calcinosis-dystrophic`.
    pub fn display_name(&self) -> String {
        format!("{}/{}", self.edition.locale.code, self.file_stem())
    }

    /// The short kind name used in the generated source and messages.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            Kind::Overview => "overview",
            Kind::Card(_) => "card",
            Kind::Questions => "questions",
        }
    }
}

/// Select the handouts a command asks for; an unknown `--type` lists the valid ones.
pub fn select<'a>(
    editions: &'a [Edition],
    doc: DocChoice,
    type_id: Option<&str>,
    print: &'a Print,
) -> Result<Vec<Handout<'a>>, String> {
    let topics: Vec<&Topic> = editions.first().map(|e| e.topics.iter().collect()).unwrap_or_default();
    if let Some(id) = type_id {
        let known = topics.iter().any(|t| t.types.iter().any(|ty| ty.id == id));
        if !known {
            let valid: Vec<&str> =
                topics.iter().flat_map(|t| t.types.iter().map(|ty| ty.id.as_str())).collect();
            return Err(format!("unknown type `{id}`; valid types: {}", valid.join(", ")));
        }
        if matches!(doc, DocChoice::Overview | DocChoice::Questions) {
            return Err("--type selects a fact card; use it with --doc card or --doc all".into());
        }
    }
    let mut handouts = Vec::new();
    for (edition, topic) in editions.iter().flat_map(|e| e.topics.iter().map(move |t| (e, t))) {
        let mut push = |kind| handouts.push(Handout { edition, topic, kind, print });
        if type_id.is_none() && matches!(doc, DocChoice::All | DocChoice::Overview) {
            push(Kind::Overview);
        }
        if matches!(doc, DocChoice::All | DocChoice::Card) {
            for (i, ty) in topic.types.iter().enumerate() {
                if type_id.is_none_or(|id| id == ty.id) {
                    push(Kind::Card(i));
                }
            }
        }
        if type_id.is_none() && matches!(doc, DocChoice::All | DocChoice::Questions) {
            push(Kind::Questions);
        }
    }
    Ok(handouts)
}
