//! Compile generated Typst source in-process, in a sandboxed World with bundled fonts.

mod bounds;
mod fonts;
mod measure;
mod text;
mod world;

pub use bounds::{strays, Problem as StrayProblem, Stray, EDGE};
pub use fonts::{book_entries, BookEntry, Fonts};
pub use measure::pages_of_text;
pub use text::{missing_glyphs, plain_text};
pub use world::{DocWorld, Shared};

use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::Datetime;
use typst::syntax::FileId;
use typst::WorldExt;
use typst_layout::PagedDocument;

use crate::error::{Error, Result};

/// One Typst error or warning, located for a person to read.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub message: String,
    pub hints: Vec<String>,
    pub location: Location,
}

/// Where a diagnostic points.
#[derive(Debug, Clone)]
pub enum Location {
    /// Into the generated source: byte offset, 1-based line and the line's text.
    Generated {
        offset: usize,
        line: usize,
        text: String,
    },
    /// Into a file of the templates folder.
    Template {
        file: String,
        line: usize,
        column: usize,
    },
    /// Into a file the user named outside the templates folder: `clinic.toml:9:8: logo: logo.svg`.
    Input {
        name: String,
    },
    Nowhere,
}

/// Compile one document, with `today` fixed for reproducible output. Any warning fails it
/// too: a handout with a missing font or a layout that did not settle is not one to print.
pub fn compile(
    shared: &Shared,
    source: String,
    today: Datetime,
) -> Result<std::result::Result<PagedDocument, Vec<Diagnostic>>> {
    let world = DocWorld::new(shared, source, today)?;
    let warned = guarded(|| typst::compile::<PagedDocument>(&world)).map_err(|bug| {
        Error::input(format!(
            "Typst stopped with an internal error while laying it out: {bug}. This is a bug in Typst that some text of this document sets off; change or remove that text (look for unusual characters) and report it to https://github.com/typst/typst/issues"
        ))
    })?;
    let locate = |d: &SourceDiagnostic| locate(&world, shared, d);
    let result = match warned.output {
        Err(errors) => Err(errors.iter().chain(&warned.warnings).map(locate).collect()),
        Ok(_) if !warned.warnings.is_empty() => Err(warned.warnings.iter().map(locate).collect()),
        Ok(document) => match missing_glyphs(&document) {
            missing if missing.is_empty() => Ok(document),
            missing => Err(vec![Diagnostic {
                message: format!(
                    "no bundled font can show {}; add a font that covers them to the fonts folder",
                    missing
                        .iter()
                        .map(|c| format!("`{c}` (U+{:04X})", *c as u32))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                hints: Vec::new(),
                location: Location::Nowhere,
            }]),
        },
    };
    Ok(result)
}

fn locate(world: &DocWorld, shared: &Shared, diagnostic: &SourceDiagnostic) -> Diagnostic {
    let kind = if diagnostic.severity == Severity::Warning { "warning: " } else { "" };
    let location = match (diagnostic.span.id(), world.range(diagnostic.span)) {
        (Some(id), Some(range)) if id == world.main_source().id() => {
            let source = world.main_source();
            let line = source.lines().byte_to_line(range.start).unwrap_or(0);
            let text = source.text().lines().nth(line).unwrap_or("").trim().to_string();
            Location::Generated { offset: range.start, line: line + 1, text }
        }
        (Some(id), Some(range)) => template_location(world, shared, id, range.start),
        _ => Location::Nowhere,
    };
    Diagnostic {
        message: format!("{kind}{}", diagnostic.message),
        hints: diagnostic.hints.iter().map(|h| h.v.to_string()).collect(),
        location,
    }
}

fn template_location(world: &DocWorld, shared: &Shared, id: FileId, offset: usize) -> Location {
    use typst::World;
    if let Some(name) = shared.served(id) {
        return Location::Input { name: name.to_string() };
    }
    let file = shared.templates().display(id.vpath().get_without_slash());
    match world.source(id) {
        Ok(source) => {
            let (line, column) = source.lines().byte_to_line_column(offset).unwrap_or((0, 0));
            Location::Template { file, line: line + 1, column: column + 1 }
        }
        Err(_) => Location::Template { file, line: 1, column: 1 },
    }
}

/// Run Typst code that may panic on some input (a bug of Typst's, which user text can set
/// off): the panic becomes its message, printed by whoever reports the error instead of by the
/// panic hook.
pub fn guarded<T>(work: impl FnOnce() -> T) -> std::result::Result<T, String> {
    use std::cell::Cell;
    use std::panic::{self, AssertUnwindSafe};
    thread_local! {
        static GUARDED: Cell<bool> = const { Cell::new(false) };
    }
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                default(info);
            }
        }));
    });
    GUARDED.with(|g| g.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    GUARDED.with(|g| g.set(false));
    result.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string());
        message.chars().take(300).collect()
    })
}
