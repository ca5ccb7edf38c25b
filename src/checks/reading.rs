//! Reading level: the classic formulas, computed the way Python's textstat counts sentences,
//! words and syllables, so a person can check a figure with the tool editors already use.

/// Sentences of a text that end in `.`, `?` or `!`: list items without an end mark are
/// fragments and do not count.
pub fn full_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let next = chars.get(i + 1).map(|&(_, n)| n);
        if matches!(c, '.' | '?' | '!' | '。' | '？' | '！' | '؟')
            && next.is_none_or(|n| n.is_whitespace() || matches!(c, '。' | '？' | '！'))
        {
            let end = at + c.len_utf8();
            let sentence = text[start..end].trim();
            if !sentence.is_empty() {
                out.push(sentence);
            }
            start = end;
        }
    }
    out
}

/// The words of a text as textstat lists them: punctuation removed (apostrophes and hyphens
/// inside a word kept as one word), split on white space.
pub fn words(text: &str) -> Vec<String> {
    let cleaned: String = text
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace() || *c == '\'' || *c == '’')
        .collect();
    cleaned.split_whitespace().map(str::to_lowercase).collect()
}

/// Syllables of an English word, by vowel groups with the usual corrections (silent final e,
/// -le, -ed, -es, and vowel pairs that are said as two).
pub fn english_syllables(word: &str) -> usize {
    let w: Vec<char> = word.to_lowercase().chars().filter(|c| c.is_ascii_alphabetic()).collect();
    if w.is_empty() {
        return if word.chars().any(|c| c.is_ascii_digit()) { digits_syllables(word) } else { 0 };
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut count: usize = 0;
    let mut previous = false;
    for (i, &c) in w.iter().enumerate() {
        let v = vowel(c) && !(c == 'y' && i == 0);
        if v && !previous {
            count += 1;
        }
        previous = v;
    }
    let s: String = w.iter().collect();
    // Vowel pairs said as two syllables: bacteria, radio, usual (not language, quality).
    for pair in ["ia", "io", "ua", "uo", "iu", "ii"] {
        count += s.matches(pair).count();
    }
    count -= s.matches("gua").count() + s.matches("qua").count();
    for exception in ["tion", "sion", "cious", "tious", "cial", "tial"] {
        count -= s.matches(exception).count().min(count.saturating_sub(1));
    }
    let ends = |suffix: &str| s.ends_with(suffix);
    let consonant_at = |from_end: usize| w.len() > from_end && !vowel(w[w.len() - 1 - from_end]);
    // A silent e (make, rarely, movement, sometimes), but not in -le after a consonant (table) or -ue (tissue).
    let sounded_e = ["ee", "ie", "ue"].iter().any(|e| ends(e)) || (ends("le") && consonant_at(2));
    let silent_e = (ends("e") && !sounded_e)
        || (ends("ely") && consonant_at(3))
        || (ends("ement") && consonant_at(5))
        || (s.starts_with("some") && s.len() > 5);
    // -ed and -es are silent after most consonants (moved, makes), not in -ted, -ies, -ches…
    let silent_ending = (ends("ed") && !ends("ted") && !ends("ded") && !ends("eed"))
        || (ends("es")
            && !["ses", "zes", "ches", "shes", "ges", "ces", "xes", "ies", "ees"].iter().any(|e| ends(e))
            && !(ends("les") && consonant_at(3)));
    if silent_e && count > 1 {
        count -= 1;
    }
    if silent_ending && count > 1 {
        count -= 1;
    }
    count.max(1)
}

/// Numbers said aloud: about one syllable a digit.
fn digits_syllables(word: &str) -> usize {
    word.chars().filter(char::is_ascii_digit).count().max(1)
}

/// Syllables of a Spanish word: its vowel nuclei (a, e, o are strong; i, u weak, joining a
/// neighbour into a diphthong unless accented).
pub fn spanish_syllables(word: &str) -> usize {
    let w: Vec<char> = word.to_lowercase().chars().filter(|c| c.is_alphabetic()).collect();
    let strong = |c: char| matches!(c, 'a' | 'e' | 'o' | 'á' | 'é' | 'ó' | 'í' | 'ú');
    let weak = |c: char| matches!(c, 'i' | 'u' | 'ü' | 'y');
    let mut count = 0;
    let mut previous: Option<char> = None;
    for (i, &c) in w.iter().enumerate() {
        let is_vowel = strong(c) || (weak(c) && !(c == 'y' && i + 1 < w.len()));
        if is_vowel {
            let joins = previous.is_some_and(|p| !(strong(p) && strong(c)));
            if !joins {
                count += 1;
            }
            previous = Some(c);
        } else {
            previous = None;
        }
    }
    count.max(1)
}

/// The counts the formulas use.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub sentences: usize,
    pub words: usize,
    pub syllables: usize,
    /// Words of three syllables or more.
    pub polysyllables: usize,
    /// Words of more than six letters.
    pub long_words: usize,
    /// Letters and digits, for scripts written without spaces.
    pub characters: usize,
}

impl Counts {
    /// Count sentences, words and syllables, with `syllables` for the language.
    /// Like textstat, a "sentence" of two words or fewer does not count as one.
    pub fn of(sentences: &[String], syllables: fn(&str) -> usize) -> Self {
        let mut counts = Counts::default();
        for sentence in sentences {
            counts.characters += sentence.chars().filter(|c| c.is_alphanumeric()).count();
            let words = words(sentence);
            counts.sentences += usize::from(words.len() > 2 || !sentence.contains(' '));
            for word in words {
                let n = syllables(&word);
                counts.words += 1;
                counts.syllables += n;
                counts.polysyllables += usize::from(n >= 3);
                counts.long_words += usize::from(word.chars().filter(|c| c.is_alphabetic()).count() > 6);
            }
        }
        counts
    }

    fn per_sentence(&self) -> f64 {
        self.words as f64 / self.sentences.max(1) as f64
    }

    fn per_word(&self) -> f64 {
        self.syllables as f64 / self.words.max(1) as f64
    }

    /// Flesch-Kincaid grade level (English): a school grade.
    pub fn flesch_kincaid(&self) -> f64 {
        0.39 * self.per_sentence() + 11.8 * self.per_word() - 15.59
    }

    /// SMOG grade (English), from words of three syllables or more.
    pub fn smog(&self) -> f64 {
        1.043 * (30.0 * self.polysyllables as f64 / self.sentences.max(1) as f64).sqrt() + 3.1291
    }

    /// Fernández-Huerta reading ease (Spanish): higher is easier; 70 and above is easy.
    pub fn fernandez_huerta(&self) -> f64 {
        206.84 - 60.0 * self.per_word() - 1.02 * self.per_sentence()
    }

    /// LIX (any alphabetic script): words per sentence plus the share of long words; below
    /// 40 is easy.
    pub fn lix(&self) -> f64 {
        self.per_sentence() + 100.0 * self.long_words as f64 / self.words.max(1) as f64
    }

    /// Characters per sentence, for scripts written without spaces (Chinese).
    pub fn characters_per_sentence(&self) -> f64 {
        self.characters as f64 / self.sentences.max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_syllables_of_common_and_medical_words() {
        for (word, n) in [
            ("calcium", 3),
            ("the", 1),
            ("phosphate", 2),
            ("deposits", 3),
            ("treatment", 2),
            ("medicine", 3),
            ("kidney", 2),
            ("tissue", 2),
            ("surgery", 3),
            ("dialysis", 4),
            ("biopsy", 3),
            ("painful", 2),
        ] {
            assert_eq!(english_syllables(word), n, "{word}");
        }
    }

    #[test]
    fn spanish_syllables_count_diphthongs_once() {
        for (word, n) in [("calcio", 2), ("enfermedad", 4), ("médico", 3), ("día", 2), ("riñones", 3)] {
            assert_eq!(spanish_syllables(word), n, "{word}");
        }
    }

    /// Grades Python's textstat 0.7 (cmudict syllables) gives for the same texts.
    #[test]
    fn grades_agree_with_textstat_within_half_a_grade() {
        let cases = [
            ("Calcium is a mineral that keeps your bones strong. Sometimes it builds up in the skin. These hard lumps can hurt. Your doctor may take pictures to find them. Treatment depends on the cause.", 1.99, 6.74),
            ("No single treatment works for everyone. Small studies show that some medicines help some people. Surgery can remove lumps that hurt or limit movement. Some lumps come back after surgery. Tell your care team about any new or changing bumps.", 4.94, 8.24),
            ("Kidneys clean your blood and keep the right balance of minerals. When they do not work well, phosphate can build up in the blood. A low-phosphate diet and pills taken with meals can lower it. Regular blood tests help your team track your levels over time.", 4.29, 8.08),
            ("The inflammation associated with connective tissue diseases frequently precipitates dystrophic calcification within previously damaged subcutaneous tissues. Consequently, therapeutic interventions emphasize immunosuppression alongside symptomatic management.", 27.93, 20.27),
        ];
        for (text, fk, smog) in cases {
            let sentences: Vec<String> = full_sentences(text).into_iter().map(str::to_string).collect();
            let counts = Counts::of(&sentences, english_syllables);
            assert!(
                (counts.flesch_kincaid() - fk).abs() <= 0.5,
                "FK {} vs {fk}: {text}",
                counts.flesch_kincaid()
            );
            assert!((counts.smog() - smog).abs() <= 0.5, "SMOG {} vs {smog}: {text}", counts.smog());
        }
    }

    #[test]
    fn only_sentences_with_an_end_mark_count() {
        assert_eq!(full_sentences("Hard lumps. They hurt! A list item"), vec!["Hard lumps.", "They hurt!"]);
        assert_eq!(full_sentences("钙沉积。会痛。"), vec!["钙沉积。", "会痛。"]);
    }
}
