//! The content model: what a topic file says, exactly as deserialized.

use serde::{Deserialize, Serialize};

/// One topic: every text of its handouts in the source language.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub topic: TopicInfo,
    pub labels: Labels,
    pub overview: Overview,
    pub urgent: Urgent,
    pub types: Vec<ConditionType>,
    pub questions: Vec<Question>,
    pub glossary: Vec<GlossaryEntry>,
    pub sources: Vec<Source>,
}

/// What the topic is and when its text was reviewed.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TopicInfo {
    /// Stable id, used in file names (`calcinosis-overview.pdf`).
    pub id: String,
    pub name: String,
    pub overview_title: String,
    pub questions_title: String,
    pub summary: String,
    pub reviewed: toml::value::Datetime,
    pub next_review: toml::value::Datetime,
    pub author: String,
    pub keywords: Vec<String>,
    pub disclaimer: String,
}

/// Every fixed word the templates print.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    pub overview_kind: String,
    pub card_kind: String,
    pub questions_kind: String,
    pub what_is: String,
    pub types_heading: String,
    pub table_type: String,
    pub table_what: String,
    pub table_who: String,
    pub symptoms_heading: String,
    pub tests_heading: String,
    pub treatment_heading: String,
    pub glossary_heading: String,
    pub sources_heading: String,
    pub urgent_title: String,
    pub urgent_generic_contact: String,
    pub card_what: String,
    pub card_causes: String,
    pub card_where: String,
    pub card_symptoms: String,
    pub card_tests: String,
    pub card_treatments: String,
    pub card_outlook: String,
    pub questions_intro: String,
    pub ask_this: String,
    pub answer_space: String,
    pub patient_name: String,
    pub visit_date: String,
    pub doctor_name: String,
    pub own_questions: String,
    /// Footer page label with `{page}` and `{total}`.
    pub page_of: String,
    /// Footer review line with `{date}`.
    pub reviewed_on: String,
    /// How a date is written, with `{day}`, `{month}` and `{year}`.
    pub date_format: String,
    /// The twelve month names.
    pub months: Vec<String>,
    /// Printed on handouts of a locale whose translation no medical translator has checked.
    pub draft_note: String,
    /// Before the clinic's phone number in the urgent box.
    pub call_us: String,
    /// Before the clinic's after-hours number.
    pub after_hours: String,
    /// Under the QR code.
    pub qr_caption: String,
    /// The QR code's alternative text, with `{url}`.
    pub qr_alt: String,
    /// The words of the download site.
    pub site: SiteLabels,
}

/// The download site's own words (`handout site`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteLabels {
    /// The heading of a language's list of handouts.
    pub heading: String,
    /// One or two sentences under it.
    pub intro: String,
    /// The heading of the language chooser.
    pub choose_language: String,
    /// The link to the language chooser.
    pub languages: String,
    /// The link back to the list of handouts.
    pub all_handouts: String,
    pub download: String,
    pub large_print: String,
    /// The link to a handout's web page.
    pub read_online: String,
    /// A PDF's page count, with `{count}`.
    pub pages: String,
    /// Under the question list: its PDF can be filled in.
    pub fillable: String,
}

/// The overview sheet's own text.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Overview {
    pub what_is: Vec<String>,
    pub types_intro: String,
    pub symptoms: Vec<String>,
    pub tests: Vec<String>,
    pub treatment: Vec<String>,
}

/// Warning signs that need help right away.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Urgent {
    pub signs: Vec<String>,
}

/// One type of the condition; each gets a fact card.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionType {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub summary: String,
    pub who: String,
    pub what: String,
    pub causes: Vec<String>,
    pub locations: Vec<String>,
    pub symptoms: Vec<String>,
    pub tests: Vec<String>,
    pub treatments: Vec<String>,
    pub outlook: String,
    pub red_flags: Vec<String>,
    /// Ids of the sources this card cites.
    pub sources: Vec<String>,
}

/// A question to ask the doctor.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub text: String,
}

/// A word and its plain meaning.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    pub term: String,
    pub definition: String,
}

/// A source the text is based on.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub url: String,
}
