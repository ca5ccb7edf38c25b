//! The content model: what a topic file says, exactly as deserialized.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One topic (`data/topics/<id>.toml`): every text of its handouts in the source language,
/// besides the labels every topic shares.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// The topic file's path in the data folder (`topics/calcinosis.toml`); not content.
    #[serde(skip)]
    pub file: String,
    pub topic: TopicInfo,
    pub overview: Overview,
    pub urgent: Urgent,
    pub types: Vec<ConditionType>,
    pub questions: Vec<Question>,
    pub glossary: Vec<GlossaryEntry>,
    pub sources: Vec<Source>,
}

/// A list of urgent signs with its icons, one per sign.
pub struct SignIcons<'a> {
    /// The icons' field path: `types[2].call_icons`.
    pub path: String,
    pub icons: &'a [String],
    /// The signs' field, as messages name it: `urgent.emergency`, or a card's `call`.
    pub signs: &'static str,
    pub count: usize,
}

impl Topic {
    /// Every list of urgent signs with its icons: the overview's, then each card's.
    pub fn sign_icons(&self) -> Vec<SignIcons<'_>> {
        let urgent = &self.urgent;
        let mut lists = vec![
            SignIcons::of(
                "urgent.emergency_icons".into(),
                &urgent.emergency_icons,
                "urgent.emergency",
                &urgent.emergency,
            ),
            SignIcons::of("urgent.call_icons".into(), &urgent.call_icons, "urgent.call", &urgent.call),
        ];
        for (i, ty) in self.types.iter().enumerate() {
            lists.push(SignIcons::of(
                format!("types[{i}].emergency_icons"),
                &ty.emergency_icons,
                "emergency",
                &ty.emergency,
            ));
            lists.push(SignIcons::of(format!("types[{i}].call_icons"), &ty.call_icons, "call", &ty.call));
        }
        lists
    }
}

impl<'a> SignIcons<'a> {
    fn of(path: String, icons: &'a [String], signs: &'static str, of: &[String]) -> Self {
        SignIcons { path, icons, signs, count: of.len() }
    }
}

/// What the topic is, when its text last changed and who reviewed it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicInfo {
    /// Stable id, used in file names (`calcinosis-overview.pdf`).
    pub id: String,
    pub name: String,
    pub overview_title: String,
    pub questions_title: String,
    pub summary: String,
    /// The day the text last changed.
    #[schemars(with = "DateSchema")]
    pub updated: toml::value::Datetime,
    /// The medical review, once a named reviewer has checked the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    pub author: String,
    pub keywords: Vec<String>,
    pub disclaimer: String,
    /// The overview's first heading: `What is calcinosis?`
    pub what_is: String,
    /// The heading over the overview's table of types: `Types of calcinosis`.
    pub types_heading: String,
    /// The heading over a fact card's `locations`: `Where deposits form`.
    pub where_heading: String,
    /// Do not stop or change medicines without asking: printed on the overview and on cards
    /// with `medicines = true`.
    pub do_not_stop: String,
    /// The drawing that maps where each type happens (`body`, `urinary-tract`: a file of the
    /// templates' `drawings/`), its regions named by each type's `regions`; none for no map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drawing: Option<String>,
}

/// A medical review of the topic's text.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// The reviewer's full name.
    pub reviewer: String,
    /// Degrees and field, e.g. `MD, rheumatology`.
    pub credentials: String,
    #[schemars(with = "DateSchema")]
    pub date: toml::value::Datetime,
    #[schemars(with = "DateSchema")]
    pub next_review: toml::value::Datetime,
}

/// The shared labels file (`data/labels.toml`): one `[labels]` table.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelsFile {
    pub labels: Labels,
}

/// Every fixed word the templates print, whatever the topic.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    pub overview_kind: String,
    pub card_kind: String,
    pub questions_kind: String,
    pub table_type: String,
    pub table_what: String,
    pub table_who: String,
    pub symptoms_heading: String,
    pub tests_heading: String,
    pub treatment_heading: String,
    pub glossary_heading: String,
    pub sources_heading: String,
    /// Over the signs that need the emergency room now.
    pub emergency_title: String,
    /// Over the signs that need a call to the care team soon.
    pub call_title: String,
    /// The write-in line for the care team's number, without a clinic profile.
    pub care_team_phone: String,
    /// Over the patient groups on the overview.
    pub groups_heading: String,
    pub card_what: String,
    pub card_causes: String,
    /// Over a card's causes when they are risk factors.
    pub card_risks: String,
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
    /// Footer line of a reviewed topic, with `{reviewer}`, `{date}` and `{next}`.
    pub reviewed_by: String,
    /// Footer line of a topic no one has reviewed, with `{date}`.
    pub updated_on: String,
    /// Printed at the top of a topic no one has reviewed.
    pub not_reviewed: String,
    /// How a date is written, with `{day}`, `{month}` and `{year}`.
    pub date_format: String,
    /// The twelve month names.
    pub months: Vec<String>,
    /// Printed on handouts of a locale whose translation no medical translator has checked.
    pub draft_note: String,
    /// On every handout in a language other than English: a free interpreter can be asked for.
    pub interpreter: String,
    /// Before the clinic's phone number in the urgent box.
    pub call_us: String,
    /// Before the clinic's after-hours number.
    pub after_hours: String,
    /// Under the QR code.
    pub qr_caption: String,
    /// The QR code's alternative text, with `{url}`.
    pub qr_alt: String,
    /// What each drawing shows, by its id.
    pub drawings: BTreeMap<String, String>,
    /// A map's alternative text, with `{drawing}` (what it shows) and `{places}` (what it marks).
    pub map_marked: String,
    /// What each urgent sign's icon shows, by its id: its alternative text.
    pub icons: BTreeMap<String, String>,
    /// The words of the download site.
    pub site: SiteLabels,
}

/// The download site's own words (`handout site`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
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
    /// The heading over a language's list of topics.
    pub topics: String,
    /// The link from a handout's page back to the list of topics.
    pub all_topics: String,
    /// The link from a handout's page back to its topic's list of handouts.
    pub all_handouts: String,
    pub download: String,
    pub large_print: String,
    /// The link to a handout's web page.
    pub read_online: String,
    /// A PDF's page count, with `{count}`.
    pub pages: String,
    /// Under the question list: its PDF can be filled in.
    pub fillable: String,
    /// The label of the search box over the list of topics.
    pub search: String,
    /// The hint inside the empty search box.
    pub search_placeholder: String,
    /// The count of what a search found, with `{count}`.
    pub search_found: String,
    /// What a search that found nothing says.
    pub search_none: String,
    /// The heading of a handout page's links to its translations.
    pub other_languages: String,
}

/// The overview sheet's own text.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Overview {
    pub what_is: Vec<String>,
    pub types_intro: String,
    pub symptoms: Vec<String>,
    pub tests: Vec<String>,
    pub treatment: Vec<String>,
    /// Patient groups with their web addresses.
    pub groups: Vec<Group>,
}

/// A patient group.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// The group's name, as it writes it.
    pub name: String,
    /// Who it is for.
    pub about: String,
    pub url: String,
}

/// Warning signs, in two tiers.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Urgent {
    /// Go to the emergency room or call an emergency number now.
    pub emergency: Vec<String>,
    /// Call the care team within a day or two.
    pub call: Vec<String>,
    /// An icon per emergency sign, in order (ids of the templates' `drawings/icons/`).
    #[serde(default)]
    pub emergency_icons: Vec<String>,
    /// An icon per call sign, in order.
    #[serde(default)]
    pub call_icons: Vec<String>,
}

/// One type of the condition; each gets a fact card.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConditionType {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub summary: String,
    pub who: String,
    pub what: String,
    /// The causes are risk factors: printed under "Risk factors".
    #[serde(default)]
    pub risk_factors: bool,
    pub causes: Vec<String>,
    pub locations: Vec<String>,
    /// For each `locations` item, the regions of the topic's drawing it names (`["hand",
    /// "finger"]`; `[]` for an item that names no place).
    #[serde(default)]
    pub regions: Vec<Vec<String>>,
    pub symptoms: Vec<String>,
    pub tests: Vec<String>,
    pub treatments: Vec<String>,
    pub outlook: String,
    /// The card names medicines, binders or supplements: print the "do not stop" line.
    pub medicines: bool,
    /// Go to the emergency room or call an emergency number now.
    pub emergency: Vec<String>,
    /// Call the care team within a day or two.
    #[serde(default)]
    pub call: Vec<String>,
    /// An icon per emergency sign, in order (ids of the templates' `drawings/icons/`).
    #[serde(default)]
    pub emergency_icons: Vec<String>,
    /// An icon per call sign, in order.
    #[serde(default)]
    pub call_icons: Vec<String>,
    /// Ids of the sources this card cites.
    pub sources: Vec<String>,
}

/// A question to ask the doctor.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub text: String,
}

/// A word and its plain meaning.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    pub term: String,
    pub definition: String,
}

/// A source the text is based on.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub url: String,
}

/// A TOML local date (`2026-12-02`), as JSON Schema sees it.
#[derive(JsonSchema)]
#[schemars(extend("format" = "date"))]
#[allow(dead_code)]
struct DateSchema(String);
