//! Problems found while making a document, told in terms of the files a person edits: Typst's
//! diagnostics point at the template line that wrote the failing source, and a template error
//! caused by a translated text names its catalog entry.

use crate::assets::Folder;
use crate::error::Error;
use crate::handout::Handout;
use crate::i18n::edition;
use crate::render::{Rendered, Renderer, TemplateError, View};
use crate::typst::{Diagnostic, Location, Stray, StrayProblem, EDGE};

/// A template error in a handout, with the catalog entry of the text it failed on.
pub fn template(data: &Folder, handout: &Handout, error: TemplateError) -> Error {
    let origin = error
        .text
        .as_deref()
        .and_then(|text| edition::origin(data, handout.edition, handout.topic, |entry| entry == text))
        .map_or_else(String::new, |origin| format!("; the text comes from {origin}"));
    Error::input(format!("{}: {}{origin}", handout.display_name(), error.message))
}

/// Typst's diagnostics as messages naming the generated line and the template line behind it.
pub fn diagnostics(
    renderer: &Renderer,
    handout: &Handout,
    rendered: &Rendered,
    view: &View,
    diagnostics: &[Diagnostic],
) -> Error {
    let name = handout.display_name();
    let lines = diagnostics.iter().map(|d| {
        let place = match &d.location {
            Location::Generated { offset, line, text } => {
                let origin = renderer
                    .origin(rendered, view, *offset)
                    .map_or_else(String::new, |(file, l)| format!(" (from {file}:{l})"));
                format!("{name}.typ:{line}{origin}: `{text}`")
            }
            Location::Template { file, line, column } => format!("{file}:{line}:{column}"),
            Location::Input { name } => name.clone(),
            Location::Nowhere => name.clone(),
        };
        // Typst's CLI hints (`--root`) name options handout does not have.
        let hints: String =
            d.hints.iter().filter(|h| !h.contains("--root")).map(|h| format!("\n  hint: {h}")).collect();
        format!("{place}: {}{hints}", d.message)
    });
    let lines: Vec<String> = lines.collect();
    if lines.is_empty() {
        return Error::internal(format!("{name}: Typst failed without a diagnostic"));
    }
    Error::Input(lines)
}

/// Text a reader would not see whole (see [`crate::typst::strays`]), each run named with the
/// data field or catalog entry its longest word comes from; the first few, as the rest are
/// likely the same mistake.
pub fn strays(data: &Folder, handout: &Handout, strays: &[Stray]) -> Error {
    let name = handout.display_name();
    let mut lines: Vec<String> = strays
        .iter()
        .take(5)
        .map(|stray| {
            let word = stray.text.split_whitespace().max_by_key(|w| w.chars().count()).unwrap_or("");
            let shown = shorten(word, 60);
            let origin = edition::origin(data, handout.edition, handout.topic, |entry| entry.contains(word))
                .map_or_else(String::new, |origin| format!(" (from {origin})"));
            let page = stray.page;
            match stray.problem {
                StrayProblem::NearEdge { edge, distance } => format!(
                    "{name}: page {page}: `{shown}`{origin} prints {distance:.1} pt from the {edge} edge of the paper, where many printers cannot print; the template must keep every word {EDGE} pt (0.25 in) from each edge"
                ),
                StrayProblem::Overflows { by } => format!(
                    "{name}: page {page}: `{shown}`{origin} is {by:.1} pt wider than its column and runs into what is beside it; add a space, or a soft hyphen (U+00AD) where it may break"
                ),
            }
        })
        .collect();
    if strays.len() > lines.len() {
        lines.push(format!("{name}: and {} more like these", strays.len() - lines.len()));
    }
    Error::Input(lines)
}

/// A word cut to `most` characters, with an ellipsis when cut.
fn shorten(word: &str, most: usize) -> String {
    match word.char_indices().nth(most) {
        Some((end, _)) => format!("{}…", &word[..end]),
        None => word.to_string(),
    }
}
