//! A gettext PO file: parse, edit, write. Unchanged strings keep their original line
//! breaks, so a file written by Poedit or msgmerge comes back byte for byte.

use std::fmt::Write;

mod parse;

pub use parse::ParseError;

/// A string of a PO entry with the quoted lines it was read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PoString {
    pub value: String,
    /// The quoted segments as written in the file (without quotes), if read from one.
    raw: Vec<String>,
}

impl PoString {
    /// A new string, to be wrapped the way msgmerge wraps.
    pub fn new(value: impl Into<String>) -> Self {
        PoString { value: value.into(), raw: Vec::new() }
    }

    /// Replace the value; the original line breaks are dropped if it changed.
    pub fn set(&mut self, value: impl Into<String>) {
        let value = value.into();
        if value != self.value {
            self.value = value;
            self.raw.clear();
        }
    }

    fn write(&self, out: &mut String, prefix: &str, keyword: &str) {
        let segments =
            if self.raw.is_empty() { wrap(&self.value, keyword.len() + 1) } else { self.raw.clone() };
        let _ = writeln!(out, "{prefix}{keyword} \"{}\"", segments.first().map_or("", String::as_str));
        for segment in segments.iter().skip(1) {
            let _ = writeln!(out, "{prefix}\"{segment}\"");
        }
    }
}

/// One entry: comments, flags, context, source text and translations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    /// Comment lines other than flags, as written (`# …`, `#. …`, `#: …`, `#| …`).
    pub comments: Vec<String>,
    pub flags: Vec<String>,
    pub msgctxt: Option<PoString>,
    pub msgid: PoString,
    pub msgid_plural: Option<PoString>,
    /// `msgstr`, or `msgstr[0]`, `msgstr[1]`… with a plural.
    pub msgstr: Vec<PoString>,
    /// An obsolete entry (`#~`), kept so no translation is ever lost.
    pub obsolete: bool,
    /// Where the flags line sat among the comments, to write it back in place.
    flags_at: Option<usize>,
}

impl Message {
    /// An entry with a context and source text and no translation yet.
    pub fn new(context: &str, source: &str) -> Self {
        Message {
            msgctxt: Some(PoString::new(context)),
            msgid: PoString::new(source),
            msgstr: vec![PoString::default()],
            ..Message::default()
        }
    }

    /// The context, or "" without one.
    pub fn context(&self) -> &str {
        self.msgctxt.as_ref().map_or("", |c| c.value.as_str())
    }

    /// The first translation, or "".
    pub fn translation(&self) -> &str {
        self.msgstr.first().map_or("", |s| s.value.as_str())
    }

    pub fn is_fuzzy(&self) -> bool {
        self.flags.iter().any(|f| f == "fuzzy")
    }

    /// Mark or unmark the entry fuzzy.
    pub fn set_fuzzy(&mut self, fuzzy: bool) {
        let has = self.is_fuzzy();
        if fuzzy && !has {
            self.flags.insert(0, "fuzzy".into());
        } else if !fuzzy && has {
            self.flags.retain(|f| f != "fuzzy");
        }
    }

    /// Whether a usable translation is present.
    pub fn is_translated(&self) -> bool {
        !self.obsolete && !self.is_fuzzy() && !self.translation().is_empty()
    }

    /// The previous source text recorded by a fuzzy match (`#| msgid "…"`).
    pub fn previous_msgid(&self) -> Option<String> {
        let mut raw = Vec::new();
        let mut inside = false;
        for line in &self.comments {
            if let Some(rest) = line.strip_prefix("#| msgid ") {
                inside = true;
                raw.push(rest.trim().trim_matches('"').to_string());
            } else if inside && line.starts_with("#| \"") {
                raw.push(line[3..].trim().trim_matches('"').to_string());
            } else {
                inside = false;
            }
        }
        (!raw.is_empty()).then(|| raw.iter().filter_map(|s| unescape(s).ok()).collect())
    }

    fn write(&self, out: &mut String) {
        let mut comments = self.comments.iter().map(String::as_str).collect::<Vec<_>>();
        let flags = (!self.flags.is_empty()).then(|| format!("#, {}", self.flags.join(", ")));
        if let Some(flags) = &flags {
            // Flags go where they were, or before the `#|` lines as msgmerge writes them.
            let at = self.flags_at.unwrap_or_else(|| {
                comments.iter().position(|c| c.starts_with("#|")).unwrap_or(comments.len())
            });
            comments.insert(at.min(comments.len()), flags);
        }
        for comment in comments {
            let _ = writeln!(out, "{comment}");
        }
        let prefix = if self.obsolete { "#~ " } else { "" };
        if let Some(ctxt) = &self.msgctxt {
            ctxt.write(out, prefix, "msgctxt");
        }
        self.msgid.write(out, prefix, "msgid");
        match &self.msgid_plural {
            Some(plural) => {
                plural.write(out, prefix, "msgid_plural");
                for (i, s) in self.msgstr.iter().enumerate() {
                    s.write(out, prefix, &format!("msgstr[{i}]"));
                }
            }
            None => self.msgstr.first().cloned().unwrap_or_default().write(out, prefix, "msgstr"),
        }
    }
}

/// A whole PO file: the header entry and every message in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    pub header: Message,
    pub messages: Vec<Message>,
}

impl Catalog {
    /// Parse PO text as msgfmt reads it; an error names the line. A byte-order mark at the
    /// start is skipped; a second live entry for a context, entries out of order and a broken
    /// `Plural-Forms` header are refused.
    pub fn parse(text: &str) -> Result<Catalog, ParseError> {
        parse::parse(text)
    }

    /// Write the catalog as PO text.
    pub fn write(&self) -> String {
        let mut out = String::new();
        if !self.header.msgstr.is_empty() || !self.header.comments.is_empty() {
            self.header.write(&mut out);
        }
        for message in &self.messages {
            if !out.is_empty() {
                out.push('\n');
            }
            message.write(&mut out);
        }
        out
    }

    /// A header field such as `Language`.
    pub fn header_field(&self, name: &str) -> Option<String> {
        self.header.translation().lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            (key.trim() == name).then(|| value.trim().to_string())
        })
    }

    /// Set a header field, adding it at the end if missing.
    pub fn set_header_field(&mut self, name: &str, value: &str) {
        let mut lines: Vec<String> = self.header.translation().lines().map(str::to_string).collect();
        let new = format!("{name}: {value}");
        match lines.iter_mut().find(|l| l.split_once(':').is_some_and(|(k, _)| k.trim() == name)) {
            Some(line) => *line = new,
            None => lines.push(new),
        }
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        match self.header.msgstr.first_mut() {
            Some(s) => s.set(text),
            None => self.header.msgstr.push(PoString::new(text)),
        }
    }

    /// The live (not obsolete) message with this context.
    pub fn find(&self, context: &str) -> Option<&Message> {
        self.messages.iter().find(|m| !m.obsolete && m.context() == context)
    }
}

fn unescape(segment: &str) -> Result<String, String> {
    let mut out = String::with_capacity(segment.len());
    let mut rest = segment;
    // The text between escapes is copied a run at a time: catalogs are mostly plain text.
    while let Some(at) = rest.find(['\\', '"']) {
        out.push_str(&rest[..at]);
        if rest.as_bytes()[at] == b'"' {
            return Err("a quote inside a string must be written \\\"".into());
        }
        let mut after = rest[at + 1..].chars();
        out.push(match after.next() {
            Some('n') => '\n',
            Some('t') => '\t',
            Some('r') => '\r',
            Some('"') => '"',
            Some('\\') => '\\',
            Some('a') => '\u{7}',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('v') => '\u{b}',
            other => return Err(format!("unknown escape `\\{}`", other.map_or(String::new(), String::from))),
        });
        rest = after.as_str();
    }
    out.push_str(rest);
    Ok(out)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// Split a string into quoted segments the way msgmerge does: one line if it fits in 79
/// columns and has no inner newline, else an empty first line and lines of at most 79
/// columns, broken after spaces and after every `\n`.
fn wrap(value: &str, keyword_width: usize) -> Vec<String> {
    let escaped = escape(value);
    let inner_newline = value.find('\n').is_some_and(|i| i + 1 < value.len());
    if !inner_newline && keyword_width + escaped.chars().count() + 2 <= 79 {
        return vec![escaped];
    }
    let mut segments = vec![String::new()];
    for piece in escaped.split_inclusive("\\n") {
        let mut line = String::new();
        for word in piece.split_inclusive(' ') {
            if !line.is_empty() && line.chars().count() + word.chars().count() > 77 {
                segments.push(std::mem::take(&mut line));
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            segments.push(line);
        }
    }
    segments
}
