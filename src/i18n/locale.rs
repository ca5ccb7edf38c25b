//! The locales handout knows: language tag, name in its own script, direction and fonts.

use serde::Serialize;

/// A language handouts can be built in.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// The form font is too large to embed whole (CJK): embed its common characters only.
    /// Making that subset is the slowest step of a build, so these question lists start first.
    pub form_font_subset: bool,
    /// The ten digits numbers are written with.
    pub digits: &'static str,
    /// Typst numbering pattern for page and question numbers.
    pub numbering: &'static str,
    /// The gettext `Plural-Forms` header of the language.
    pub plural_forms: &'static str,
    /// How much more space between lines the script needs (tall marks, stacked diacritics).
    pub leading_scale: f64,
    /// Where a line's top sits above the baseline, in em, when the font's cap height does
    /// not reach the script's tall letters (Noto Sans Arabic's is 0.42 em); 0 keeps it.
    pub top_edge: f64,
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
        form_font_subset: false,
        digits: "0123456789",
        numbering: "1",
        plural_forms: "nplurals=2; plural=(n != 1);",
        leading_scale: 1.0,
        top_edge: 0.0,
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
        form_font_subset: true,
        plural_forms: "nplurals=1; plural=0;",
        ..locale("zh-Hans", "zh", "中文（简体）", "Chinese (Simplified)", LATIN)
    },
    Locale {
        plural_forms: "nplurals=1; plural=0;",
        leading_scale: 1.15,
        ..locale("vi", "vi", "Tiếng Việt", "Vietnamese", NOTO)
    },
    Locale {
        rtl: true,
        form_font: "Noto Sans Arabic",
        digits: "٠١٢٣٤٥٦٧٨٩",
        numbering: "١",
        leading_scale: 1.1,
        top_edge: 0.85,
        plural_forms: "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
        fonts: &["Noto Sans Arabic", "Noto Sans", "Noto Emoji"],
        ..locale("ar", "ar", "العربية", "Arabic", LATIN)
    },
    Locale {
        plural_forms: "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
        ..locale("ru", "ru", "Русский", "Russian", NOTO)
    },
    Locale { plural_forms: "nplurals=2; plural=(n > 1);", ..locale("fr", "fr", "Français", "French", LATIN) },
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
