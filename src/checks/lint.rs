//! Content rules a program can see: glossary terms that are used, medical terms that are
//! explained, urgent signs with an emergency tier, the "do not stop" line where medicines are
//! named, colour signs that say how they look on dark skin, and a named medical reviewer.

use super::Checks;
use crate::content::Topic;
use crate::i18n::paths;

/// One broken rule: the field it is about, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub path: String,
    pub message: String,
    /// Only a warning, even with `--strict`.
    pub warning: bool,
}

fn finding(path: impl Into<String>, message: impl Into<String>) -> Finding {
    Finding { path: path.into(), message: message.into(), warning: false }
}

/// Where `term` starts a word in `text`, ignoring case.
fn find_word(text: &str, term: &str) -> Vec<usize> {
    let (text, term) = (text.to_lowercase(), term.to_lowercase());
    text.match_indices(&term)
        .map(|(at, _)| at)
        .filter(|&at| text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric()))
        .collect()
}

/// Whether `term` is a whole word of `text` (a plural `s` allowed), ignoring case.
fn has_whole_word(text: &str, term: &str) -> bool {
    let lower = text.to_lowercase();
    find_word(text, term).into_iter().any(|at| {
        let rest = &lower[at + term.to_lowercase().len()..];
        let rest = rest.strip_prefix('s').unwrap_or(rest);
        rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Words right after a term that say what it is.
const EXPLAINED_BY: &[&str] = &[
    " (",
    ", a ",
    ", an ",
    ", the ",
    ", which ",
    ", who ",
    ", also called ",
    " means ",
    " is a ",
    " is an ",
];

/// Whether some use of `term` in `text` is followed by its meaning.
fn explained(text: &str, term: &str) -> bool {
    let lower = text.to_lowercase();
    find_word(text, term).into_iter().any(|at| {
        // After the whole term and any ending it takes (NSAIDs).
        let rest = &lower[at + term.len()..];
        let end = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
        EXPLAINED_BY.iter().any(|marker| rest[end..].starts_with(marker))
    })
}

/// Check the English topic against the rules.
pub fn lint(topic: &Topic, checks: &Checks) -> Vec<Finding> {
    let mut findings = Vec::new();
    let entries = paths::entries(topic);
    let body: Vec<&(String, String)> =
        entries.iter().filter(|(path, _)| !path.starts_with("glossary.")).collect();
    let text: String = body.iter().map(|(_, text)| text.as_str()).collect::<Vec<_>>().join("\n");
    let glossary: String =
        topic.glossary.iter().map(|g| format!("{} {}", g.term, g.definition)).collect::<Vec<_>>().join("\n");

    for (i, entry) in topic.glossary.iter().enumerate() {
        if find_word(&text, &entry.term).is_empty() {
            findings.push(finding(
                format!("glossary[{i}].term"),
                format!("`{}` is in the glossary but nowhere in the text; remove it or use it", entry.term),
            ));
        }
    }
    for term in &checks.terms {
        let Some((path, _)) = body.iter().find(|(_, text)| has_whole_word(text, term)) else { continue };
        if !has_whole_word(&glossary, term) && !explained(&text, term) {
            findings.push(finding(
                paths::field_path(topic, path),
                format!("`{term}` is a medical term: add it to the glossary or say what it means where it is used, e.g. `{term} (…)`"),
            ));
        }
    }
    if topic.urgent.emergency.is_empty() {
        findings.push(finding(
            "urgent.emergency",
            "the overview needs at least one sign to go to the emergency room for",
        ));
    }
    for (i, ty) in topic.types.iter().enumerate() {
        if ty.emergency.is_empty() {
            findings.push(finding(
                format!("types[{i}].emergency"),
                "every card needs at least one sign to go to the emergency room for",
            ));
        }
        let named = ty.treatments.iter().find_map(|t| checks.medicines.iter().find(|m| has_whole_word(t, m)));
        if let (Some(medicine), false) = (named, ty.medicines) {
            findings.push(finding(
                format!("types[{i}].medicines"),
                format!("the treatments name `{medicine}`: set `medicines = true` so the card says not to stop or change medicines without asking the care team"),
            ));
        }
    }
    if let Some(hint) = &checks.dark_skin {
        for (path, text) in &entries {
            let colour = checks.colours.iter().find(|c| has_whole_word(text, c));
            if let (Some(colour), false) = (colour, text.to_lowercase().contains(&hint.to_lowercase())) {
                findings.push(finding(
                    paths::field_path(topic, path),
                    format!("a sign told by its colour (`{colour}`) must also say how it looks on {hint} (darker, gray or brown; warm, hard or painful)"),
                ));
            }
        }
    }
    if topic.topic.review.is_none() {
        findings.push(Finding {
            path: "topic".into(),
            message: "no medical review yet: add [topic.review] once a named reviewer has checked the text"
                .into(),
            warning: true,
        });
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_explanations() {
        assert!(has_whole_word("Ask before taking NSAIDs such as", "NSAID"));
        assert!(!has_whole_word("reduce the dose", "red"));
        assert!(explained("ask about NSAIDs (pain pills)", "NSAID"));
        assert!(explained("Idiopathic means no cause", "idiopathic"));
        assert!(!explained("calcium, phosphate, parathyroid hormone, vitamin D", "parathyroid hormone"));
        assert!(explained("A palliative care team, who focus on comfort", "palliative care team"));
    }
}
