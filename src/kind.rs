//! The kinds of document a topic makes, as one table: a new kind is a row here, its Typst
//! template and its part of the site's handout page.

use crate::content::{ConditionType, Labels, Topic};

/// Which sources a document lists at its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cites {
    /// Every source of the topic.
    All,
    /// The sources of its own type.
    OwnType,
    /// None: it states no facts of its own.
    Nothing,
}

/// A text that a kind shows, from the labels or the topic, given the type of a per-type
/// document.
type Text = for<'a> fn(&'a Labels, &'a Topic, Option<&'a ConditionType>) -> &'a str;

/// Every sentence-like text a kind prints, for measuring its reading level.
type Prose = for<'a> fn(&'a Labels, &'a Topic, Option<&'a ConditionType>) -> Vec<&'a str>;

/// One kind of document.
#[derive(Debug)]
pub struct Kind {
    /// The name on the command line (`--doc`), in templates (`doc.kind`) and in messages.
    pub name: &'static str,
    /// The Typst template that renders it.
    pub template: &'static str,
    /// The site's template part that shows it as a web page.
    pub site_part: &'static str,
    /// The site's search finds its web page (by title and summary), beside the topics.
    pub site_search: bool,
    /// One document per type of the topic (`--type` picks one), else one per topic.
    pub per_type: bool,
    /// The file name without extension: `{topic}` is the topic id, `{type}` the type id.
    pub file: &'static str,
    /// The most pages it may take; a one-page document has no page numbers.
    pub max_pages: usize,
    /// The same in large print, which may run longer but never cuts.
    pub large_max_pages: usize,
    /// It has fillable form fields.
    pub forms: bool,
    pub cites: Cites,
    /// At the last, compact fit its sources lose their printed web addresses (they stay links).
    pub brief_sources: bool,
    /// It shows the topic's map and the urgent signs' icons.
    pub pictures: bool,
    /// Its title, exactly as written in the data.
    pub title: Text,
    /// The short name the footer of every page carries, so that a loose page says where it
    /// belongs and the footer keeps to one line even in large print.
    pub footer_title: Text,
    /// The small line over the title on the site: `Fact card`.
    pub label: fn(&Labels) -> &str,
    /// The line under its title in the site's list.
    pub summary: Text,
    /// The texts it prints, for measuring how hard they are to read.
    pub prose: Prose,
}

/// Every kind, in the order a topic's documents are listed and built.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "overview",
        template: "overview.typ.j2",
        site_part: "site/_overview.html.j2",
        site_search: false,
        per_type: false,
        file: "{topic}-overview",
        max_pages: 2,
        large_max_pages: 8,
        forms: false,
        cites: Cites::All,
        brief_sources: false,
        pictures: true,
        title: |_, topic, _| &topic.topic.overview_title,
        footer_title: |_, topic, _| &topic.topic.name,
        label: |labels| &labels.overview_kind,
        summary: |_, topic, _| &topic.topic.summary,
        prose: |_, topic, _| {
            let overview = &topic.overview;
            let mut texts =
                vec![topic.topic.summary.as_str(), &overview.types_intro, &topic.topic.do_not_stop];
            for list in [&overview.what_is, &overview.symptoms, &overview.tests, &overview.treatment] {
                texts.extend(list.iter().map(String::as_str));
            }
            texts.extend(topic.urgent.emergency.iter().chain(&topic.urgent.call).map(String::as_str));
            texts.extend(topic.types.iter().flat_map(|t| [t.summary.as_str(), &t.who]));
            texts.extend(topic.glossary.iter().map(|g| g.definition.as_str()));
            texts.push(&topic.topic.disclaimer);
            texts
        },
    },
    Kind {
        name: "card",
        template: "card.typ.j2",
        site_part: "site/_card.html.j2",
        site_search: true,
        per_type: true,
        file: "{topic}-{type}",
        max_pages: 1,
        // 18 pt text in the longer translations needs a third page.
        large_max_pages: 3,
        forms: false,
        cites: Cites::OwnType,
        brief_sources: true,
        pictures: true,
        title: |_, _, ty| ty.map_or("", |t| &t.name),
        footer_title: |_, _, ty| ty.map_or("", |t| &t.name),
        label: |labels| &labels.card_kind,
        summary: |_, _, ty| ty.map_or("", |t| &t.summary),
        prose: |_, topic, ty| {
            let Some(ty) = ty else { return Vec::new() };
            let mut texts = vec![ty.summary.as_str(), &ty.what, &ty.outlook, &topic.topic.disclaimer];
            for list in
                [&ty.causes, &ty.locations, &ty.symptoms, &ty.tests, &ty.treatments, &ty.emergency, &ty.call]
            {
                texts.extend(list.iter().map(String::as_str));
            }
            if ty.medicines {
                texts.push(&topic.topic.do_not_stop);
            }
            texts
        },
    },
    Kind {
        name: "questions",
        template: "questions.typ.j2",
        site_part: "site/_questions.html.j2",
        site_search: false,
        per_type: false,
        file: "{topic}-questions",
        max_pages: 2,
        large_max_pages: 8,
        forms: true,
        cites: Cites::Nothing,
        brief_sources: false,
        pictures: false,
        title: |_, topic, _| &topic.topic.questions_title,
        footer_title: |_, topic, _| &topic.topic.name,
        label: |labels| &labels.questions_kind,
        summary: |labels, _, _| &labels.questions_intro,
        prose: |labels, topic, _| {
            let questions = topic.questions.iter().map(|q| q.text.as_str());
            [labels.questions_intro.as_str(), &topic.topic.disclaimer].into_iter().chain(questions).collect()
        },
    },
];

/// Find a kind by its name.
pub fn find(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|kind| kind.name == name)
}

/// The names of every kind, for the command line and messages.
pub fn names() -> impl Iterator<Item = &'static str> {
    KINDS.iter().map(|kind| kind.name)
}

impl PartialEq for Kind {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}
