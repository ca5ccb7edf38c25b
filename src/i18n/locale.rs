//! The locales handout knows: language tag, name in its own script, direction and fonts.

use serde::Serialize;

/// A language handouts can be built in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Locale {
    /// The code used in file names and on the command line: `es`, `zh-Hans`.
    pub code: &'static str,
    /// ISO 639 language for Typst's `text(lang:)` and the PDF's /Lang.
    pub lang: &'static str,
    /// Region for Typst's `text(region:)`, where it matters.
    pub region: Option<&'static str>,
    /// The language's name in its own script.
    pub name: &'static str,
    /// The English name.
    pub english: &'static str,
    pub rtl: bool,
    /// Font families in order; the first covers the script.
    pub fonts: &'static [&'static str],
    /// The family form fields type in: it must cover the script.
    pub form_font: &'static str,
    /// The ten digits numbers are written with.
    pub digits: &'static str,
    /// Typst numbering pattern for page and question numbers.
    pub numbering: &'static str,
}

const LATIN: &[&str] =
    &["Atkinson Hyperlegible", "Noto Sans", "Noto Sans Arabic", "Noto Sans SC", "Noto Emoji"];
/// Scripts Atkinson Hyperlegible does not cover take Noto Sans throughout, so no word mixes two fonts.
const NOTO: &[&str] = &["Noto Sans", "Noto Sans Arabic", "Noto Sans SC", "Noto Emoji"];

const fn locale(
    code: &'static str,
    lang: &'static str,
    name: &'static str,
    english: &'static str,
    fonts: &'static [&'static str],
) -> Locale {
    Locale {
        code,
        lang,
        region: None,
        name,
        english,
        rtl: false,
        fonts,
        form_font: "Noto Sans",
        digits: "0123456789",
        numbering: "1",
    }
}

/// Every locale handout can build, English first.
pub const LOCALES: &[Locale] = &[
    locale("en", "en", "English", "English", LATIN),
    locale("es", "es", "Español", "Spanish", LATIN),
    Locale {
        region: Some("CN"),
        fonts: &["Noto Sans SC", "Noto Sans", "Noto Emoji"],
        form_font: "Noto Sans SC",
        ..locale("zh-Hans", "zh", "中文（简体）", "Chinese (Simplified)", LATIN)
    },
    locale("vi", "vi", "Tiếng Việt", "Vietnamese", NOTO),
    Locale {
        rtl: true,
        form_font: "Noto Sans Arabic",
        digits: "٠١٢٣٤٥٦٧٨٩",
        numbering: "١",
        fonts: &["Noto Sans Arabic", "Noto Sans", "Noto Emoji"],
        ..locale("ar", "ar", "العربية", "Arabic", LATIN)
    },
    locale("ru", "ru", "Русский", "Russian", NOTO),
    locale("fr", "fr", "Français", "French", LATIN),
    locale("tl", "tl", "Tagalog", "Tagalog", LATIN),
    locale("ht", "ht", "Kreyòl ayisyen", "Haitian Creole", LATIN),
];

/// The source language of the content.
pub fn source() -> &'static Locale {
    &LOCALES[0]
}

/// Find a locale by its code.
pub fn find(code: &str) -> Option<&'static Locale> {
    LOCALES.iter().find(|l| l.code.eq_ignore_ascii_case(code))
}
