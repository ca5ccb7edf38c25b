//! What `handout check` measures in the content besides building it: the reading level of
//! every document in every language against targets kept in `data/checks.toml`, and content
//! rules (see [`lint`]).

pub mod lint;
pub mod reading;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::assets::Folder;
use crate::content::{locate, Topic, CHECKS};
use crate::error::Result;
use crate::handout::Handout;
use crate::i18n::Locale;
use reading::Counts;

/// The checks' settings, as `data/checks.toml` writes them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checks {
    /// Reading targets by locale code.
    #[serde(default)]
    pub reading: BTreeMap<String, Targets>,
    /// Medical terms that must be in the glossary or explained where they are used.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Medicines, binders and supplements: a card whose treatments name one must say not to
    /// stop or change medicines without asking.
    #[serde(default)]
    pub medicines: Vec<String>,
    /// Colour words that describe a sign on the skin.
    #[serde(default)]
    pub colours: Vec<String>,
    /// What a text with a colour word must also say: how the sign looks on dark skin.
    pub dark_skin: Option<String>,
}

/// Reading targets for one language; a measure without a target is reported only.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// Flesch-Kincaid grade, at most.
    pub flesch_kincaid: Option<f64>,
    /// SMOG grade, at most.
    pub smog: Option<f64>,
    /// Fernández-Huerta reading ease, at least.
    pub fernandez_huerta: Option<f64>,
    /// LIX, at most.
    pub lix: Option<f64>,
    /// Characters per sentence, at most.
    pub characters_per_sentence: Option<f64>,
}

impl Checks {
    /// Read `checks.toml` from the data folder; without one, nothing has a target.
    pub fn load(data: &Folder) -> Result<Self> {
        if data.read(CHECKS).ok().flatten().is_none() {
            return Ok(Checks::default());
        }
        locate::parse_toml(&data.read_text(CHECKS)?, &data.display(CHECKS))
    }
}

/// One reading measure of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub name: &'static str,
    pub value: f64,
    /// A higher value reads easier (an ease score, not a grade).
    pub higher_is_easier: bool,
    pub target: Option<f64>,
}

impl Measure {
    /// Whether the value misses its target.
    pub fn misses(&self) -> bool {
        self.target.is_some_and(|target| self.difficulty() > self.difficulty_of(target))
    }

    /// The value turned so that higher is harder, for ranking sentences.
    pub fn difficulty(&self) -> f64 {
        self.difficulty_of(self.value)
    }

    fn difficulty_of(&self, value: f64) -> f64 {
        if self.higher_is_easier {
            -value
        } else {
            value
        }
    }
}

/// The reading level of one document.
#[derive(Debug, Clone)]
pub struct Reading {
    pub name: String,
    pub measures: Vec<Measure>,
    /// The three sentences that push the level up most, hardest first.
    pub hardest: Vec<String>,
}

/// How a language's text is measured: its formulas and a sentence's difficulty.
fn measures(locale: &Locale, counts: &Counts, targets: Targets) -> Vec<Measure> {
    let m =
        |name, value, target: Option<f64>, higher| Measure { name, value, higher_is_easier: higher, target };
    match locale.lang {
        "en" => vec![
            m("Flesch-Kincaid grade", counts.flesch_kincaid(), targets.flesch_kincaid, false),
            m("SMOG grade", counts.smog(), targets.smog, false),
        ],
        "es" => vec![m("Fernández-Huerta ease", counts.fernandez_huerta(), targets.fernandez_huerta, true)],
        "zh" => vec![m(
            "characters per sentence",
            counts.characters_per_sentence(),
            targets.characters_per_sentence,
            false,
        )],
        _ => vec![m("LIX", counts.lix(), targets.lix, false)],
    }
}

fn syllables(locale: &Locale) -> fn(&str) -> usize {
    if locale.lang == "es" {
        reading::spanish_syllables
    } else {
        reading::english_syllables
    }
}

/// The full sentences a document prints, with the words of glossary terms left out (they are
/// explained on the overview).
fn sentences(handout: &Handout) -> Vec<(String, String)> {
    let topic: &Topic = handout.topic;
    let mut terms: Vec<&str> = topic.glossary.iter().map(|g| g.term.as_str()).collect();
    terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
    let mut out = Vec::new();
    for text in handout.prose() {
        for sentence in reading::full_sentences(text) {
            let mut plain = sentence.to_string();
            for term in &terms {
                plain = remove_word(&plain, term);
            }
            out.push((sentence.to_string(), plain));
        }
    }
    out
}

/// `text` without the words that start with `term`, ignoring case.
fn remove_word(text: &str, term: &str) -> String {
    let lower = text.to_lowercase();
    let term = term.to_lowercase();
    let mut out = String::new();
    let mut rest = 0;
    for (at, _) in lower.match_indices(&term) {
        if at < rest || lower[..at].chars().next_back().is_some_and(char::is_alphanumeric) {
            continue;
        }
        let end =
            lower[at..].find(|c: char| !c.is_alphanumeric() && c != '-').map_or(lower.len(), |e| at + e);
        out.push_str(&text[rest..at]);
        rest = end;
    }
    out.push_str(&text[rest..]);
    out
}

/// The reading level of a document against the targets of its language.
pub fn reading(handout: &Handout, checks: &Checks) -> Reading {
    let locale = handout.edition.locale;
    let targets = checks.reading.get(locale.code).copied().unwrap_or_default();
    let sentences = sentences(handout);
    let plain: Vec<String> = sentences.iter().map(|(_, plain)| plain.clone()).collect();
    let counts = Counts::of(&plain, syllables(locale));
    let difficulty = |plain: &String| {
        let alone = Counts::of(std::slice::from_ref(plain), syllables(locale));
        measures(locale, &alone, Targets::default())[0].difficulty()
    };
    let mut ranked: Vec<(f64, &String)> =
        sentences.iter().map(|(text, plain)| (difficulty(plain), text)).collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    Reading {
        name: handout.display_name(),
        measures: measures(locale, &counts, targets),
        hardest: ranked.into_iter().take(3).map(|(_, text)| text.clone()).collect(),
    }
}

/// The content rules' findings for a topic, each located in its file.
pub fn lint(data: &Folder, topic: &Topic, checks: &Checks) -> Result<Vec<(bool, String)>> {
    let text = data.read_text(&topic.file)?;
    let display = data.display(&topic.file);
    Ok(lint::lint(topic, checks)
        .into_iter()
        .map(|f| (f.warning, locate::problem_at(&text, &display, &f.path, &f.message)))
        .collect())
}
