//! Names of dictionary entries are tokenized by dyad's text tokenizer, so they match text
//! token for token.
//!
//! Matching folds case and apostrophes: see [`fold`].

/// Splits a dictionary name into words with dyad's own tokenizer (`dyad_text`), so that
/// names are cut exactly as article text is: "Iran's" -> "Iran" "'s", "al-Shabaab" -> "al"
/// "-" "Shabaab", "U.S." and "Gen." whole.
pub fn name_tokens(s: &str) -> Vec<&str> {
    let t = dyad_text::tokenize::tokenize(s);
    t.pieces
        .iter()
        .map(|p| &s[p.start as usize..p.end as usize])
        .collect()
}

/// The matching form of one character: lower-cased, with curly apostrophes made straight.
#[inline]
pub(crate) fn fold_char(c: char) -> impl Iterator<Item = char> {
    let c = if c == '\u{2019}' || c == '\u{2018}' {
        '\''
    } else {
        c
    };
    c.to_lowercase()
}

/// The matching form of a word: lower-cased, curly apostrophes made straight.
pub fn fold(s: &str) -> String {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return s.to_string();
    }
    s.chars().flat_map(fold_char).collect()
}

/// Whether a dictionary name is an all-capitals acronym of two to five letters (`UN`, `AU`,
/// `NATO`), which dyad matches case-sensitively.
pub fn is_case_sensitive_acronym(tokens: &[&str]) -> bool {
    match tokens {
        [t] => (2..=5).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_uppercase()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_ud_conventions() {
        assert_eq!(name_tokens("Iran's army"), ["Iran", "'s", "army"]);
        assert_eq!(
            name_tokens("Iran\u{2019}s army"),
            ["Iran", "\u{2019}s", "army"]
        );
        assert_eq!(name_tokens("the U.S. Senate"), ["the", "U.S.", "Senate"]);
        assert_eq!(name_tokens("al-Shabaab"), ["al", "-", "Shabaab"]);
        assert_eq!(name_tokens("George W. Bush"), ["George", "W.", "Bush"]);
        assert_eq!(name_tokens("Acme Co."), ["Acme", "Co."]);
        assert_eq!(name_tokens("Samoa, American"), ["Samoa", ",", "American"]);
        assert_eq!(
            name_tokens("Islamic Army of Aden (IAA)"),
            ["Islamic", "Army", "of", "Aden", "(", "IAA", ")"]
        );
        assert_eq!(name_tokens("veterans' union"), ["veterans", "'", "union"]);
        assert_eq!(name_tokens("Côte d'Ivoire"), ["Côte", "d'Ivoire"]);
        assert_eq!(name_tokens("won't"), ["wo", "n't"]);
        assert_eq!(name_tokens("the end."), ["the", "end", "."]);
        assert_eq!(name_tokens("  "), Vec::<&str>::new());
        assert_eq!(name_tokens("\"Fatah\""), ["\"", "Fatah", "\""]);
    }

    #[test]
    fn folds_case_and_apostrophes() {
        assert_eq!(fold("Iran\u{2019}S"), "iran's");
        assert_eq!(fold("ERDOĞAN"), "erdoğan");
        assert_eq!(fold("plain"), "plain");
        assert!(is_case_sensitive_acronym(&["UN"]));
        assert!(is_case_sensitive_acronym(&["NATO"]));
        assert!(!is_case_sensitive_acronym(&["UNHCR1"]));
        assert!(!is_case_sensitive_acronym(&["ASEAN", "summit"]));
        assert!(!is_case_sensitive_acronym(&["Un"]));
        assert!(!is_case_sensitive_acronym(&["U"]));
    }
}
