//! The view a template sees: the topic's content plus what this one document needs.

use serde::Serialize;

use crate::clinic::{qr_svg, Clinic};
use crate::content::{ConditionType, Date, Labels, Source, Topic};
use crate::drawings::{Drawings, Picture};
use crate::error::Result;
use crate::handout::Handout;
use crate::kind::Cites;

/// How tightly a document is set; one that runs over its page limit steps down until it fits.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Fit {
    /// Body text size in points.
    pub size: f64,
    /// Space between lines, in em.
    pub leading: f64,
    /// Space between blocks, in em.
    pub spacing: f64,
    /// The last resort: narrower side margins, and a card's sources without their web
    /// addresses printed (they stay links, and the overview prints them).
    pub compact: bool,
    /// The height of a topic's map, in em: smaller as the fit tightens.
    pub map: f64,
}

/// The settings a document tries in turn: first tighter spacing, then smaller text, never
/// below 11 pt, then compact. English fits by the second; long translations beside a
/// clinic's header and QR code may need the last.
pub const FITS: [Fit; 5] = [
    Fit { size: 12.0, leading: 0.7, spacing: 1.0, compact: false, map: 6.0 },
    Fit { size: 12.0, leading: 0.6, spacing: 0.75, compact: false, map: 5.5 },
    Fit { size: 11.5, leading: 0.58, spacing: 0.7, compact: false, map: 5.0 },
    Fit { size: 11.0, leading: 0.55, spacing: 0.65, compact: false, map: 4.5 },
    Fit { size: 11.0, leading: 0.5, spacing: 0.5, compact: true, map: 3.5 },
];

/// Large print never goes below 18 pt; it only tightens spacing.
pub const LARGE_FITS: [Fit; 2] = [
    Fit { size: 18.0, leading: 0.65, spacing: 0.9, compact: false, map: 6.0 },
    Fit { size: 18.0, leading: 0.55, spacing: 0.7, compact: false, map: 5.0 },
];

/// Everything a template may print.
#[derive(Debug, Serialize)]
pub struct View<'a> {
    /// The topic's content at the top level: `topic`, `labels`, `overview`, `types`, …
    #[serde(flatten)]
    pub content: &'a Topic,
    /// The words every topic shares, in the handout's language.
    pub labels: &'a Labels,
    pub doc: DocView<'a>,
    /// The type of a fact card.
    #[serde(rename = "type")]
    pub condition: Option<&'a ConditionType>,
    pub fit: Fit,
    /// The clinic handing the sheet out, if a profile was given.
    pub clinic: Option<&'a Clinic>,
    /// A QR code leading to this handout's online copy.
    pub qr: Option<Qr>,
    /// The sources this document cites: a card's own, all of them on the overview.
    pub cited: Vec<&'a Source>,
    /// Its pictures: the map and the urgent signs' icons.
    pub pictures: Pictures,
}

/// The pictures of a document: on a card its type's map and the icons of its signs, on the
/// overview every type's map and the topic's signs' icons.
#[derive(Debug, Default, Serialize)]
pub struct Pictures {
    pub map: Option<Picture>,
    /// One per emergency sign, in order; empty when the signs have none.
    pub emergency: Vec<Option<Picture>>,
    /// One per call sign, in order.
    pub call: Vec<Option<Picture>>,
}

impl Pictures {
    /// Every picture of the document: the map, then the icons.
    pub fn all(&self) -> impl Iterator<Item = &Picture> {
        self.map.iter().chain(self.emergency.iter().chain(&self.call).flatten())
    }
}

/// A QR code and the address it holds.
#[derive(Debug, Serialize)]
pub struct Qr {
    pub url: String,
    pub svg: String,
}

/// A medical review as the footer prints it, dates written the locale's way.
#[derive(Debug, Serialize)]
pub struct ReviewView {
    /// The name and credentials: `Ana Ruiz, MD`.
    pub reviewer: String,
    pub date: String,
    pub next: String,
}

/// Facts about the document being rendered.
#[derive(Debug, Serialize)]
pub struct DocView<'a> {
    pub kind: &'static str,
    pub title: &'a str,
    /// The short name in the footer: the topic's, or a card's type.
    pub footer_title: &'a str,
    /// ISO 639 language for `text(lang:)` and the PDF's /Lang.
    pub lang: &'a str,
    /// Region for `text(region:)`, or empty.
    pub region: &'a str,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
    /// Font families in order of preference.
    pub fonts: &'static [&'static str],
    /// Typst numbering pattern for page and question numbers (`1`, or `١` in Arabic).
    pub numbering: &'static str,
    /// Top edge of lines in em, or 0 for the font's cap height.
    pub top_edge: f64,
    /// The note that the translation is unreviewed, or empty.
    pub draft_note: &'a str,
    /// In a language other than the content's own: say a free interpreter can be asked for.
    pub translated: bool,
    pub paper: &'static str,
    /// The day the text last changed, written the locale's way.
    pub updated: String,
    /// The medical review, if a named reviewer checked the text.
    pub review: Option<ReviewView>,
    /// The large-print edition.
    pub large: bool,
    /// The most pages the document may take: a one-page card has no page numbers.
    pub max_pages: usize,
    /// Print its sources without their web addresses (they stay links): the compact fit.
    pub brief_sources: bool,
    /// The tool that made the file, for the PDF's metadata.
    pub generator: &'static str,
}

impl<'a> View<'a> {
    /// Build the view of one handout with a fit.
    pub fn new(handout: &Handout<'a>, fit: Fit, drawings: &Drawings) -> Result<Self> {
        let topic = handout.topic;
        let labels = &handout.edition.labels;
        let locale = handout.edition.locale;
        let date = |d| Date::from_toml(d).map_or_else(String::new, |d| format_date(d, labels, locale.digits));
        let clinic = handout.clinic;
        let qr = match clinic.and_then(|c| c.download_link(locale.code, &handout.file_stem())) {
            Some(url) => Some(Qr { svg: qr_svg(&url)?, url }),
            None => None,
        };
        Ok(View {
            content: topic,
            labels,
            clinic,
            qr,
            doc: DocView {
                kind: handout.kind.name,
                title: handout.title(),
                footer_title: handout.footer_title(),
                lang: locale.lang,
                region: locale.region.unwrap_or(""),
                dir: if locale.rtl { "rtl" } else { "ltr" },
                fonts: locale.fonts,
                numbering: locale.numbering,
                max_pages: handout.max_pages(),
                brief_sources: fit.compact && handout.kind.brief_sources,
                top_edge: locale.top_edge,
                draft_note: if handout.draft() { &labels.draft_note } else { "" },
                translated: locale != crate::i18n::locale::source(),
                paper: handout.print.paper.typst_name(),
                large: handout.print.large,
                updated: date(&topic.topic.updated),
                review: topic.topic.review.as_ref().map(|review| ReviewView {
                    reviewer: format!("{}, {}", review.reviewer, review.credentials),
                    date: date(&review.date),
                    next: date(&review.next_review),
                }),
                generator: concat!("handout ", env!("CARGO_PKG_VERSION")),
            },
            pictures: pictures(handout, drawings),
            condition: handout.condition,
            fit: Fit { leading: fit.leading * locale.leading_scale, ..fit },
            cited: match handout.kind.cites {
                Cites::All => topic.sources.iter().collect(),
                Cites::OwnType => topic
                    .sources
                    .iter()
                    .filter(|s| handout.condition.is_some_and(|ty| ty.sources.contains(&s.id)))
                    .collect(),
                Cites::Nothing => Vec::new(),
            },
        })
    }
}

/// The pictures a handout's kind shows.
fn pictures(handout: &Handout, drawings: &Drawings) -> Pictures {
    let (topic, labels) = (handout.topic, &handout.edition.labels);
    if !handout.kind.pictures {
        return Pictures::default();
    }
    match handout.condition {
        Some(ty) => Pictures {
            map: drawings.card_map(topic, ty, labels),
            emergency: drawings.icons(&ty.emergency_icons, labels),
            call: drawings.icons(&ty.call_icons, labels),
        },
        None => Pictures {
            map: drawings.overview_map(topic, labels),
            emergency: drawings.icons(&topic.urgent.emergency_icons, labels),
            call: drawings.icons(&topic.urgent.call_icons, labels),
        },
    }
}

/// Write a date with the labels' format and month names, in the locale's digits.
pub fn format_date(date: Date, labels: &Labels, digits: &str) -> String {
    let month = labels.months.get(usize::from(date.month).saturating_sub(1)).map_or("", String::as_str);
    labels
        .date_format
        .replace("{day}", &local_digits(&date.day.to_string(), digits))
        .replace("{month}", month)
        .replace("{year}", &local_digits(&date.year.to_string(), digits))
}

/// Write the ASCII digits of a text in a locale's ten digits.
pub fn local_digits(text: &str, digits: &str) -> String {
    let digit = |c: char| c.to_digit(10).and_then(|d| digits.chars().nth(d as usize)).unwrap_or(c);
    text.chars().map(digit).collect()
}
