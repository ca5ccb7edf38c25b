//! Fuzzing the topic loader: mutated topic files never panic it; each is loaded or refused
//! with messages naming the file. `HANDOUT_FUZZ_CASES=N` makes a long run (see the README).

use handout::content::{check_topic, parse_topic};
use proptest::prelude::*;

use crate::common::*;

const FILE: &str = "data/topics/calcinosis.toml";

/// Load a topic's text as `handout build` does, and check what it says.
fn load(text: &str) -> Result<(), String> {
    let result = std::panic::catch_unwind(|| {
        let topic = parse_topic(text, FILE)?;
        check_topic(&topic, text, FILE)
    });
    match result {
        Err(_) => Err(format!("the loader panicked on:\n{text}")),
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => {
            let message = error.to_string();
            let lines: Vec<&str> = message.lines().filter(|l| l.starts_with("error: ")).collect();
            if lines.is_empty() || !lines.iter().all(|l| l.contains(FILE)) {
                return Err(format!("a message names no file: {message}"));
            }
            Ok(())
        }
    }
}

/// One change to a topic file's text.
#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the text of the n-th quoted string.
    Value(usize, String),
    DeleteLine(usize),
    DuplicateLine(usize),
    Insert(usize, String),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let text = prop_oneof![
        "\\PC{0,30}",
        "[\"\\\\#\\[\\]{}=\\n\\t\\u{0}\\u{7}\\u{202e}\\u{ad} a-z0-9]{0,30}",
        Just("x".repeat(3000)),
        Just("{{ labels }}{% for %}".to_string()),
        Just("#import \"/etc/passwd\"".to_string()),
    ];
    prop_oneof![
        (any::<usize>(), text.clone()).prop_map(|(n, s)| Mutation::Value(n, s)),
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), text).prop_map(|(n, s)| Mutation::Insert(n, s)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(text: &str, mutation: &Mutation) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let pick = |n: usize, len: usize| if len == 0 { 0 } else { n % len };
    match mutation {
        Mutation::Value(n, value) => {
            let starts: Vec<usize> = text.match_indices("= \"").map(|(i, _)| i + 3).collect();
            let Some(&start) = starts.get(pick(*n, starts.len())) else { return text.to_string() };
            let end = text[start..].find('"').map_or(text.len(), |e| start + e);
            let escaped = value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
            format!("{}{escaped}{}", &text[..start], &text[end..])
        }
        Mutation::DeleteLine(n) => {
            let at = pick(*n, lines.len());
            lines.iter().enumerate().filter(|(i, _)| *i != at).map(|(_, l)| format!("{l}\n")).collect()
        }
        Mutation::DuplicateLine(n) => {
            let at = pick(*n, lines.len());
            lines
                .iter()
                .enumerate()
                .flat_map(|(i, l)| if i == at { vec![*l, *l] } else { vec![*l] })
                .map(|l| format!("{l}\n"))
                .collect()
        }
        Mutation::Insert(n, value) => {
            let mut at = pick(*n, text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            format!("{}{value}{}", &text[..at], &text[at..])
        }
        Mutation::Truncate(n) => {
            let mut at = pick(*n, text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text[..at].to_string()
        }
    }
}

fn default_topic() -> String {
    std::fs::read_to_string(repo().join(FILE)).expect("the default topic")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzz_cases(64), ..ProptestConfig::default() })]

    #[test]
    fn fuzz_topic_loader_never_panics_and_names_the_file(mutations in proptest::collection::vec(mutation(), 1..6)) {
        let text = mutations.iter().fold(default_topic(), |text, m| apply(&text, m));
        if let Err(problem) = load(&text) {
            prop_assert!(false, "{}", problem);
        }
    }
}

#[test]
fn fuzz_topic_corpus_is_loaded_or_refused_naming_the_file() {
    for (name, bytes) in fuzz_corpus("topic") {
        let text = String::from_utf8_lossy(&bytes);
        load(&text).unwrap_or_else(|problem| panic!("{name}: {problem}"));
    }
}
