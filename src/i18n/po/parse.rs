//! Reading PO text the way msgfmt does: keywords in order, one entry per context, a header
//! whose `Plural-Forms` gettext can use. Each error names the line it is about.

use std::collections::HashMap;

use super::{escape, Catalog, Message, PoString};
use crate::i18n::plural;

/// A parse error: the line (from 1) and what is wrong there.
pub type ParseError = (usize, String);

/// Parse PO text into a catalog.
pub fn parse(text: &str) -> Result<Catalog, ParseError> {
    // Poedit and Notepad may start the file with a byte-order mark: skip it. `write` never
    // writes one (msgmerge does not), so a catalog `i18n update` changes loses it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parser = Parser::default();
    for (index, line) in text.lines().enumerate() {
        parser.number = index + 1;
        parser.line(line)?;
    }
    parser.end_entry()?;
    let mut catalog = Catalog::default();
    let mut header_line = None;
    // Where each live entry's key was first seen: its msgctxt (the content path, which is how
    // handout finds a translation), or its msgid when it has no context (as msgfmt keys it).
    let mut seen: HashMap<(Option<String>, String), usize> = HashMap::new();
    for (entry, line) in parser.entries.into_iter().zip(parser.starts) {
        let is_header = entry.msgid.value.is_empty() && entry.msgctxt.is_none() && !entry.obsolete;
        if !entry.obsolete {
            let key = match &entry.msgctxt {
                Some(context) => (Some(context.value.clone()), String::new()),
                None => (None, entry.msgid.value.clone()),
            };
            if let Some(first) = seen.insert(key, line) {
                return Err((line, duplicate(&entry, first)));
            }
        }
        if is_header && header_line.is_none() && catalog.messages.is_empty() {
            header_line = Some(line);
            catalog.header = entry;
        } else {
            catalog.messages.push(entry);
        }
    }
    if let Some(value) = catalog.header_field("Plural-Forms") {
        plural::check(&value).map_err(|problem| {
            let from = header_line.unwrap_or(1);
            let line = text
                .lines()
                .enumerate()
                .skip(from - 1)
                .find(|(_, l)| l.trim_start_matches("msgstr").trim_start().starts_with("\"Plural-Forms:"))
                .map_or(from, |(i, _)| i + 1);
            (line, format!("header Plural-Forms: {problem}"))
        })?;
    }
    Ok(catalog)
}

/// What to say about a second live entry with the key of the one at line `first`.
fn duplicate(entry: &Message, first: usize) -> String {
    let shown = |s: &PoString| {
        let text = escape(&s.value);
        match text.char_indices().nth(60) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text,
        }
    };
    match &entry.msgctxt {
        Some(context) => format!(
            "msgctxt \"{}\": a second entry for this context (the first is at line {first}); remove one",
            shown(context)
        ),
        None if entry.msgid.value.is_empty() => {
            format!("msgid \"\": a second header entry (the first is at line {first}); remove one")
        }
        None => format!(
            "msgid \"{}\": a second entry for this text (the first is at line {first}); remove one",
            shown(&entry.msgid)
        ),
    }
}

/// Line-by-line reading state.
#[derive(Default)]
struct Parser {
    entries: Vec<Message>,
    /// The line of each entry's first keyword.
    starts: Vec<usize>,
    current: Message,
    /// The line being read, from 1.
    number: usize,
    /// The line of the current entry's first keyword; 0 until it has one.
    start: usize,
    /// Whether the current entry has its msgid yet.
    has_msgid: bool,
    /// The keyword whose quoted lines are being read, its segments and their value so far.
    target: Option<(String, Vec<String>, String)>,
}

impl Parser {
    fn fail<T>(&self, message: impl Into<String>) -> Result<T, ParseError> {
        Err((self.number, message.into()))
    }

    fn line(&mut self, line: &str) -> Result<(), ParseError> {
        if line.starts_with('\u{feff}') {
            return self
                .fail("a byte-order mark (U+FEFF) starts this line; only the file may start with one");
        }
        // `#~|` is the previous source text of an obsolete entry: a comment, like `#|`.
        let (body, obsolete) = match line.strip_prefix("#~") {
            Some(rest) if !rest.starts_with('|') => (rest.trim_start(), true),
            _ => (line, false),
        };
        if !obsolete && body.trim().is_empty() {
            return self.end_entry();
        }
        if !obsolete && body.starts_with('#') {
            if self.start != 0 {
                self.end_entry()?;
            }
            if let Some(flags) = body.strip_prefix("#,") {
                let flags = flags.split(',').map(|f| f.trim().to_string()).filter(|f| !f.is_empty());
                let before = self.current.flags.len();
                self.current.flags.extend(flags);
                // A `#,` line with no flag is not written back, so it places nothing.
                if self.current.flags.len() > before {
                    self.current.flags_at = Some(self.current.comments.len());
                }
            } else {
                self.current.comments.push(line.to_string());
            }
            return Ok(());
        }
        let body = body.trim();
        if body.starts_with('"') {
            let segment = self.quoted(body)?;
            let value = self.unescape(&segment)?;
            return match &mut self.target {
                Some((_, raw, so_far)) => {
                    raw.push(segment);
                    so_far.push_str(&value);
                    Ok(())
                }
                None => self.fail("a quoted line outside a msgid or msgstr"),
            };
        }
        let Some((keyword, rest)) = body.split_once([' ', '\t']) else {
            return self.fail(format!("cannot read `{}`", line.escape_debug()));
        };
        self.finish_string();
        // An entry that already has its translation ends where the next one begins.
        if matches!(keyword, "msgctxt" | "msgid") && !self.current.msgstr.is_empty() {
            self.end_entry()?;
        }
        if self.start != 0 && obsolete != self.current.obsolete {
            return self.fail("an entry mixes obsolete `#~` lines with live ones");
        }
        self.keyword_in_order(keyword)?;
        if self.start == 0 {
            self.start = self.number;
        }
        self.current.obsolete = obsolete;
        let segment = self.quoted(rest.trim())?;
        let value = self.unescape(&segment)?;
        self.target = Some((keyword.to_string(), vec![segment], value));
        Ok(())
    }

    /// Refuse a keyword out of msgfmt's order: msgctxt, msgid, msgid_plural, then msgstr or
    /// msgstr[0], msgstr[1]…, each once. Two of one would silently drop the first.
    fn keyword_in_order(&mut self, keyword: &str) -> Result<(), ParseError> {
        let current = &self.current;
        match keyword {
            "msgctxt" if current.msgctxt.is_some() => self.fail("a second msgctxt in one entry"),
            "msgctxt" if self.has_msgid => self.fail("msgctxt after msgid; msgctxt comes first"),
            "msgid" if self.has_msgid => self.fail("a second msgid before the entry's msgstr"),
            "msgctxt" | "msgid" => {
                self.has_msgid |= keyword == "msgid";
                Ok(())
            }
            "msgid_plural"
                if !self.has_msgid || current.msgid_plural.is_some() || !current.msgstr.is_empty() =>
            {
                self.fail("msgid_plural must follow the entry's msgid")
            }
            "msgid_plural" => Ok(()),
            _ if !keyword.starts_with("msgstr") => {
                self.fail(format!("unknown keyword `{}`", keyword.escape_debug()))
            }
            _ if !self.has_msgid => self.fail(format!("{keyword} before the entry's msgid")),
            "msgstr" if current.msgid_plural.is_some() => {
                self.fail("msgstr after msgid_plural; write msgstr[0], msgstr[1]…")
            }
            "msgstr" if !current.msgstr.is_empty() => self.fail("a second msgstr in one entry"),
            "msgstr" => Ok(()),
            _ => {
                let next = current.msgstr.len();
                let index = keyword.strip_prefix("msgstr[").and_then(|r| r.strip_suffix(']'));
                match index.map(str::parse::<usize>) {
                    None | Some(Err(_)) => self.fail(format!("unknown keyword `{}`", keyword.escape_debug())),
                    Some(Ok(_)) if current.msgid_plural.is_none() => {
                        self.fail(format!("{keyword} without msgid_plural; write msgstr"))
                    }
                    Some(Ok(i)) if i != next => {
                        self.fail(format!("{keyword} where msgstr[{next}] comes next"))
                    }
                    Some(Ok(_)) => Ok(()),
                }
            }
        }
    }

    /// Store the string being read in the keyword's field; the keyword order is checked.
    fn finish_string(&mut self) {
        let Some((keyword, raw, value)) = self.target.take() else { return };
        let value = PoString { value, raw };
        let current = &mut self.current;
        match keyword.as_str() {
            "msgctxt" => current.msgctxt = Some(value),
            "msgid" => current.msgid = value,
            "msgid_plural" => current.msgid_plural = Some(value),
            // `msgstr` or the next `msgstr[i]`.
            _ => current.msgstr.push(value),
        }
    }

    fn end_entry(&mut self) -> Result<(), ParseError> {
        self.finish_string();
        if self.start == 0 {
            return Ok(());
        }
        if !self.has_msgid || self.current.msgstr.is_empty() {
            let missing = if self.has_msgid { "msgstr" } else { "msgid" };
            return Err((self.start, format!("an entry without {missing}")));
        }
        self.entries.push(std::mem::take(&mut self.current));
        self.starts.push(self.start);
        self.start = 0;
        self.has_msgid = false;
        Ok(())
    }

    fn quoted(&self, text: &str) -> Result<String, ParseError> {
        match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            Some(inner) => Ok(inner.to_string()),
            None => self.fail(format!("expected a quoted string, found `{}`", text.escape_debug())),
        }
    }

    fn unescape(&self, segment: &str) -> Result<String, ParseError> {
        super::unescape(segment).map_err(|message| (self.number, message))
    }
}
