//! Fill the minijinja templates with a view of the content to make Typst source.

pub mod escape;
mod view;

pub use view::{local_digits, Fit, View, FITS, LARGE_FITS};

use minijinja::value::{Kwargs, Serde, Value, ValueKind};
use minijinja::{AutoEscape, Environment, OutputSpanKind, UndefinedBehavior};

use crate::assets::Folder;
use crate::error::{Error, Result};
use crate::limits::RAISE_STEPS;

/// The subfolder of the templates that holds the download site's HTML templates and files.
pub const SITE: &str = "site";

/// The auto-escape mode of every `*.typ.j2` template.
fn typst_mode() -> AutoEscape {
    AutoEscape::Custom("typst".into())
}

/// The loaded templates, ready to render.
pub struct Renderer {
    env: Environment<'static>,
    folder: Folder,
    /// The steps a template run may take.
    steps: u64,
}

/// How deep includes, macros and loops may nest; the shipped templates need under 30.
const RECURSION_LIMIT: usize = 200;

/// A template that could not be rendered.
#[derive(Debug)]
pub struct TemplateError {
    /// What went wrong, in which template part and line, and where that part was included.
    pub message: String,
    /// The text from the data or a catalog that the template could not use (a label with a
    /// placeholder the template does not fill), so that the caller can say where it came from.
    pub text: Option<String>,
}

impl From<TemplateError> for Error {
    fn from(error: TemplateError) -> Self {
        Error::input(error.message)
    }
}

/// A label's placeholder that the template printing it does not fill.
#[derive(Debug, thiserror::Error)]
#[error("the text `{text}` has a placeholder {{{name}}} that this template does not fill")]
struct UnfilledPlaceholder {
    text: String,
    name: String,
}

/// Generated Typst source and the template it came from.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub source: String,
    pub template: &'static str,
}

impl Renderer {
    /// Load and parse every `*.j2` template of the folder; syntax errors name file and line.
    /// A template run may take `steps` steps (see [`crate::limits::Limits`]).
    pub fn new(folder: &Folder, steps: u64) -> Result<Self> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_fuel(Some(steps));
        env.set_recursion_limit(RECURSION_LIMIT);
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .build()
                .map_err(|e| Error::internal(e.to_string()))?,
        );
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".typ.j2") {
                typst_mode()
            } else if name.ends_with(".html.j2") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(format_value);
        env.add_filter("str", str_filter);
        env.add_filter("fill", fill_filter);
        env.add_filter("tel", tel_filter);
        let mut errors = Vec::new();
        let mut names = folder.list(".j2")?;
        names.extend(folder.list_in(SITE, ".j2")?);
        for name in names {
            let text = folder.read_text(&name)?;
            if let Err(e) = env.add_template_owned(name.clone(), text) {
                errors.push(template_error(folder, &e));
            }
        }
        if !errors.is_empty() {
            return Err(Error::Input(errors.into_iter().map(|e| e.message).collect()));
        }
        Ok(Renderer { env, folder: folder.clone(), steps })
    }

    /// Render one template with a view into Typst source.
    pub fn render(&self, template: &'static str, view: &View) -> Result<Rendered, TemplateError> {
        let source = self.render_any(template, view)?;
        Ok(Rendered { source, template })
    }

    /// Render a page of the download site (`site/<name>`) from any view.
    pub fn render_page(&self, name: &str, view: &impl serde::Serialize) -> Result<String, TemplateError> {
        self.render_any(&format!("{SITE}/{name}"), view)
    }

    fn render_any(&self, name: &str, view: &impl serde::Serialize) -> Result<String, TemplateError> {
        let tmpl = self.env.get_template(name).map_err(|e| template_error(&self.folder, &e))?;
        tmpl.render(Value::from(Serde(view))).map_err(|e| match e.kind() {
            minijinja::ErrorKind::OutOfFuel => TemplateError {
                message: format!(
                    "{}: the template took more than {} steps and was stopped; look for a loop in it, or raise the limit with {RAISE_STEPS}",
                    self.folder.display(name),
                    self.steps
                ),
                text: None,
            },
            _ => template_error(&self.folder, &e),
        })
    }

    /// How to name a template file in a message.
    pub fn display(&self, name: &str) -> String {
        self.folder.display(name)
    }

    /// Find the template file and line that wrote the byte `offset` of a rendered source.
    pub fn origin(&self, rendered: &Rendered, view: &View, offset: usize) -> Option<(String, usize)> {
        let tmpl = self.env.get_template(rendered.template).ok()?;
        let (_, spans) = tmpl.render_with_spans(Value::from(Serde(view))).ok()?;
        let span = spans.iter().find(|s| s.output_range().contains(&offset))?;
        // Verbatim template text maps line for line; an expression sits on its own line.
        let lines_in = match span.kind() {
            OutputSpanKind::Raw => {
                rendered.source.get(span.output_range().start..offset).map_or(0, |s| s.matches('\n').count())
            }
            _ => 0,
        };
        Some((self.folder.display(span.name()), span.line() + lines_in))
    }
}

/// Escape every printed value for the template's language (Typst markup, HTML) unless the
/// template marked it safe.
fn format_value(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    let escape = match state.auto_escape() {
        _ if value.is_safe() => return minijinja::escape_formatter(out, state, value),
        AutoEscape::Html => escape::html,
        mode if *mode == typst_mode() => escape::markup,
        _ => return minijinja::escape_formatter(out, state, value),
    };
    let text = match value.kind() {
        ValueKind::String => escape(value.as_str().unwrap_or_default()),
        ValueKind::Number | ValueKind::Bool => value.to_string(),
        kind => {
            return Err(minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                format!("cannot print a {kind} into a page; print its items or fields"),
            ))
        }
    };
    out.write_str(&text).map_err(minijinja::Error::from)
}

/// `{{ x | str }}`: a quoted Typst string literal, for code such as `set document(title: …)`.
/// A misspelt field is an error, as it is when printed without the filter.
fn str_filter(value: Value) -> Result<Value, minijinja::Error> {
    if value.is_undefined() {
        return Err(minijinja::Error::from(minijinja::ErrorKind::UndefinedError));
    }
    let text = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
    Ok(Value::from_safe_string(escape::quoted(&text)))
}

/// `{{ labels.page_of | fill(page=code|safe, total=n) }}`: escape the label's text for the
/// template's language (Typst markup or HTML) and put each slot where the label says `{page}`;
/// slots marked safe are trusted template code, others are escaped like any value.
fn fill_filter(state: &minijinja::State, text: &str, slots: Kwargs) -> Result<Value, minijinja::Error> {
    let escape = |text: &str| {
        if *state.auto_escape() == typst_mode() {
            escape::markup(text)
        } else {
            escape::html(text)
        }
    };
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + len];
        if !slots.has(name) {
            let unfilled = UnfilledPlaceholder { text: text.to_string(), name: name.to_string() };
            return Err(minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, unfilled.to_string())
                .with_source(unfilled));
        }
        out.push_str(&escape(&rest[..start]));
        let slot: Value = slots.get(name)?;
        match slot.as_str() {
            Some(code) if slot.is_safe() => out.push_str(code),
            Some(plain) => out.push_str(&escape(plain)),
            None => out.push_str(&escape(&slot.to_string())),
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(&escape(rest));
    Ok(Value::from_safe_string(out))
}

/// `{{ clinic.phone | tel }}`: a phone number as a `tel:` link target, digits and `+` only.
fn tel_filter(number: &str) -> String {
    let digits: String = number.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    format!("tel:{digits}")
}

/// Name the innermost template part that failed and its line, then each place it was
/// included from: minijinja wraps an error inside an included part in one at the include.
fn template_error(folder: &Folder, error: &minijinja::Error) -> TemplateError {
    let place = |error: &minijinja::Error| {
        let file = error.name().map_or_else(|| folder.display("?"), |n| folder.display(n));
        error.line().map_or(file.clone(), |line| format!("{file}:{line}"))
    };
    let (mut failed, mut included_from, mut text) = (error, Vec::new(), None);
    while let Some(cause) = std::error::Error::source(failed) {
        if let Some(inner) = cause.downcast_ref::<minijinja::Error>() {
            included_from.push(place(failed));
            failed = inner;
        } else {
            text = cause.downcast_ref::<UnfilledPlaceholder>().map(|p| p.text.clone());
            break;
        }
    }
    let detail = failed.detail().map_or(String::new(), |d| format!(": {d}"));
    // The expression that failed, as written: "undefined value" alone does not say which.
    let written = failed
        .template_source()
        .zip(failed.range())
        .and_then(|(source, range)| source.get(range))
        .map_or(String::new(), |code| format!(" in `{}`", code.trim()));
    let from: String = included_from.iter().rev().map(|p| format!(" (included from {p})")).collect();
    TemplateError {
        message: format!("{}: template error: {}{detail}{written}{from}", place(failed), failed.kind()),
        text,
    }
}
