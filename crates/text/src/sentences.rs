//! Sentence splitter over surface tokens.
//!
//! A sentence ends after terminal punctuation (`.`, `!`, `?`, `...`, `…`, or an abbreviation
//! that can end a sentence) plus any closing quotes and brackets, when the next token starts a
//! sentence (capital letter, digit, opening quote or bracket); at a blank line; and at a single
//! line break unless the line is clearly wrapped mid-sentence. Titles such as "Mr." and "Gen."
//! never end a sentence; other abbreviations ("U.S.", "Inc.") end one only before a typical
//! sentence opener ("The", "He", ...).

use crate::tokenize::{is_title_abbreviation, Tokens};

/// Computes sentence boundaries: returns the indices of the surface tokens that start a
/// sentence (the first token always does, when there is one).
pub fn split_sentences(text: &str, toks: &Tokens, starts: &mut Vec<u32>) {
    starts.clear();
    let n = toks.tokens.len();
    if n == 0 {
        return;
    }
    starts.push(0);
    let tok = |i: usize| toks.text(text, i);
    let mut i = 0;
    while i < n {
        let t = tok(i);
        // Line breaks before the next token.
        if i + 1 < n {
            let nl = toks.tokens[i + 1].newlines_before;
            if nl >= 2 || (nl == 1 && !wrapped_line(t, tok(i + 1))) {
                starts.push((i + 1) as u32);
                i += 1;
                continue;
            }
        }
        let ends = if is_terminal(t) {
            true
        } else if t.ends_with('.') && t.len() > 1 {
            // An abbreviation that kept its period.
            !is_title_abbreviation(t) && i + 1 < n && {
                let next = first_after_closers(text, toks, i + 1);
                next.is_some_and(|k| is_opener_word(tok(k)))
            }
        } else {
            false
        };
        if ends {
            // Take closing quotes and brackets into this sentence.
            let mut j = i + 1;
            // A closer belongs here only when attached to the token before it (`said."`).
            while j < n && toks.tokens[j].start == toks.tokens[j - 1].end && is_closer(tok(j)) {
                j += 1;
            }
            if j < n && (toks.tokens[j].newlines_before > 0 || starts_sentence(tok(j))) {
                starts.push(j as u32);
            }
            i = j;
            continue;
        }
        i += 1;
    }
    starts.dedup();
}

fn first_after_closers(text: &str, toks: &Tokens, mut j: usize) -> Option<usize> {
    while j < toks.tokens.len() && is_closer(toks.text(text, j)) {
        j += 1;
    }
    (j < toks.tokens.len()).then_some(j)
}

fn is_terminal(t: &str) -> bool {
    !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇'))
}

fn is_closer(t: &str) -> bool {
    matches!(
        t,
        "\"" | "'" | "”" | "’" | "»" | ")" | "]" | "}" | "''" | "›"
    )
}

fn starts_sentence(t: &str) -> bool {
    let Some(c) = t.chars().next() else {
        return false;
    };
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(
            c,
            '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '`' | '-' | '—' | '*' | '•'
        )
        || (c.is_alphabetic() && !c.is_lowercase())
}

/// Words that typically open a sentence, used after ambiguous abbreviations.
fn is_opener_word(t: &str) -> bool {
    matches!(
        t,
        "The"
            | "A"
            | "An"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "You"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "There"
            | "But"
            | "And"
            | "In"
            | "On"
            | "At"
            | "For"
            | "However"
            | "Meanwhile"
            | "His"
            | "Her"
            | "Their"
            | "Its"
            | "Our"
            | "My"
            | "If"
            | "When"
            | "After"
            | "Before"
            | "As"
            | "So"
            | "Yet"
            | "What"
            | "Why"
            | "How"
            | "Who"
            | "Some"
            | "Many"
            | "Most"
            | "All"
            | "No"
            | "Now"
            | "Then"
            | "Also"
            | "Still"
            | "\""
            | "“"
    )
}

/// A single line break inside a sentence: the line ends without terminal punctuation in a
/// lowercase word or a comma-like token and the next line starts in lowercase.
fn wrapped_line(last: &str, next: &str) -> bool {
    let next_lower = next.chars().next().is_some_and(char::is_lowercase);
    let last_cont = last
        .chars()
        .next_back()
        .is_some_and(|c| c.is_lowercase() || matches!(c, ',' | ';' | '-' | '–' | '(' | ':'))
        || matches!(last, "the" | "a" | "an" | "of" | "and" | "or" | "to");
    next_lower && last_cont
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn sents(text: &str) -> Vec<String> {
        let t = tokenize(text);
        let mut starts = Vec::new();
        split_sentences(text, &t, &mut starts);
        let mut out = Vec::new();
        for (k, &s) in starts.iter().enumerate() {
            let e = starts.get(k + 1).map_or(t.tokens.len(), |&e| e as usize);
            let a = t.tokens[s as usize].start as usize;
            let b = t.tokens[e - 1].end as usize;
            out.push(text[a..b].to_string());
        }
        out
    }

    #[test]
    fn splits_on_terminal_punctuation() {
        assert_eq!(
            sents("Talks began. They ended! Did they? Yes... And then no."),
            [
                "Talks began.",
                "They ended!",
                "Did they?",
                "Yes...",
                "And then no."
            ]
        );
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sents("Mr. Lee met Gen. Park in the U.S. Army base. The U.S. The end."),
            [
                "Mr. Lee met Gen. Park in the U.S. Army base.",
                "The U.S.",
                "The end."
            ]
        );
        assert_eq!(
            sents("It was 5 p.m. on Monday."),
            ["It was 5 p.m. on Monday."]
        );
    }

    #[test]
    fn quotes_and_brackets() {
        assert_eq!(
            sents("He said: “We will go.” Then he left. (It rained.) Later, talks."),
            [
                "He said: “We will go.”",
                "Then he left.",
                "(It rained.)",
                "Later, talks."
            ]
        );
        assert_eq!(sents("“Go,” she said."), ["“Go,” she said."]);
        assert_eq!(
            sents("He said. \"Yes.\" Done."),
            ["He said.", "\"Yes.\"", "Done."]
        );
    }

    #[test]
    fn line_breaks() {
        assert_eq!(
            sents("Headline here\nBody starts now."),
            ["Headline here", "Body starts now."]
        );
        assert_eq!(
            sents("a text wrapped\nin the middle."),
            ["a text wrapped\nin the middle."]
        );
        assert_eq!(sents("one\n\ntwo"), ["one", "two"]);
        assert_eq!(sents("“It ends.”\n\nnext one"), ["“It ends.”", "next one"]);
        assert!(sents("").is_empty());
    }
}
