//! The web addresses in a profile: the clinic's website, and where its handouts are online.

use url::Url;

use crate::content::validate::hidden_character;

/// The longest `download_url`: with a locale and a file name after it, the QR code printed
/// 0.85 in wide keeps modules large enough for a phone to read.
pub const MAX_DOWNLOAD_URL: usize = 120;

/// Parse a web address as written in a profile: http or https, with a host, and nothing a QR
/// code or a link would carry wrongly (a query, a fragment, a user name, quotes, spaces).
pub fn parse(text: &str) -> Result<Url, String> {
    // Hidden characters shown as escapes, so the message says what the file holds.
    let shown: String = text
        .chars()
        .map(|c| match hidden_character(&c.to_string()) {
            Some(_) => c.escape_unicode().to_string(),
            None if c.is_whitespace() && c != ' ' => c.escape_unicode().to_string(),
            None => c.to_string(),
        })
        .collect();
    let not = |why: &str| format!("`{shown}` is not a usable web address: {why}");
    if let Some(hidden) = hidden_character(text) {
        return Err(not(&format!("it {hidden}")));
    }
    if let Some(c) = text.chars().find(|c| c.is_whitespace()) {
        return Err(not(&format!("it has a space (U+{:04X}); write spaces as %20", u32::from(c))));
    }
    if let Some(c) = text.chars().find(|c| matches!(c, '"' | '\'' | '`' | '<' | '>' | '\\')) {
        return Err(not(&format!("it has `{c}`, which does not belong in a web address")));
    }
    let lower = text.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(not("it must start with https:// (or http://)"));
    }
    let url = Url::parse(text).map_err(|e| not(&e.to_string()))?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err(not("it names no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(not("it holds a user name or password, which would be printed for all to read"));
    }
    if url.query().is_some() {
        return Err(not("it has a query (`?…`); a file name added after it would land inside the query"));
    }
    if url.fragment().is_some() {
        return Err(not(
            "it has a fragment (`#…`); a file name added after it would land inside the fragment",
        ));
    }
    Ok(url)
}

/// A handout's own copy below a download address: `<url>/<locale>/<file>`, whether or not the
/// address ends in a slash, each part percent-encoded as a path segment.
pub fn join(base: &Url, parts: &[&str]) -> String {
    let mut url = base.clone();
    let trailing_empty = url.path_segments().map_or(0, |s| s.rev().take_while(|s| s.is_empty()).count());
    if let Ok(mut segments) = url.path_segments_mut() {
        for _ in 0..trailing_empty {
            segments.pop();
        }
        segments.extend(parts);
    }
    url.to_string()
}
