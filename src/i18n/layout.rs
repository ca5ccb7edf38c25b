//! Where catalogs live in the data folder, laid out as Weblate and Pontoon find components:
//! one template per component in `locales/templates/<component>.pot`, and one catalog per
//! language and component in `locales/<locale>/<component>.po`. A component is the shared
//! labels (`labels`) or one topic (its id).

use crate::assets::Folder;
use crate::error::Result;

/// The component of the labels every topic shares.
pub const LABELS: &str = "labels";

/// The folder of the templates, beside the languages' folders.
const TEMPLATES: &str = "templates";

/// Names a topic id may not take: they name the labels' catalog or the templates' folder.
pub const RESERVED: [&str; 2] = [LABELS, TEMPLATES];

/// The template of a component: `locales/templates/calcinosis.pot`.
pub fn template_file(component: &str) -> String {
    format!("locales/{TEMPLATES}/{component}.pot")
}

/// A language's catalog of a component: `locales/es/calcinosis.po`.
pub fn catalog_file(code: &str, component: &str) -> String {
    format!("locales/{code}/{component}.po")
}

/// The codes of every language folder in `locales/`, sorted.
pub fn locale_codes(data: &Folder) -> Result<Vec<String>> {
    Ok(data.subfolders("locales")?.into_iter().filter(|name| name != TEMPLATES).collect())
}

/// Catalogs of the old layout, one per language for every topic (`locales/es.po`), that
/// `handout i18n migrate` moves into the new one.
pub fn old_catalogs(data: &Folder) -> Result<Vec<(String, String)>> {
    Ok(data
        .list_in("locales", ".po")?
        .into_iter()
        .map(|file| (file.trim_start_matches("locales/").trim_end_matches(".po").to_string(), file))
        .collect())
}
