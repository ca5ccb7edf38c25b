//! Escape text for the two places it lands in Typst source: markup and string literals.

/// Escape text so Typst markup shows it literally: no markup, code, math, smart quotes or
/// shorthands, and newlines become line breaks.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("#linebreak()");
            }
            '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{0B}' | '\u{0C}' => out.push_str("#linebreak()"),
            // A lone space or tab is safe; a backslash before whitespace would be a line break.
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            // Control characters are not text; keep the source valid and the text readable.
            c if c.is_control() && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Escape text for the inside of a Typst string literal (without the quotes).
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A quoted Typst string literal holding `text`.
pub fn quoted(text: &str) -> String {
    format!("\"{}\"", string_literal(text))
}

/// Escape text for HTML content and quoted attribute values: `&`, `<`, `>`, `"` and `'`.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_escapes_every_special_character() {
        assert_eq!(markup("#set *a* _b_ $x$"), "\\#set \\*a\\* \\_b\\_ \\$x\\$");
        assert_eq!(markup("= Head\n- item"), "\\= Head#linebreak()\\- item");
        assert_eq!(markup("https://x.org // c"), "https\\:\\/\\/x\\.org \\/\\/ c");
        assert_eq!(markup("a\\b"), "a\\\\b");
    }

    #[test]
    fn markup_keeps_letters_and_other_scripts() {
        assert_eq!(markup("Nguyễn محمد 张伟 🙂"), "Nguyễn محمد 张伟 🙂");
    }

    #[test]
    fn string_literal_escapes_quotes_and_backslashes() {
        assert_eq!(quoted("say \"hi\" \\ now\n"), "\"say \\\"hi\\\" \\\\ now\\n\"");
        assert_eq!(quoted("Calcinosis: a #title"), "\"Calcinosis: a #title\"");
    }
}
