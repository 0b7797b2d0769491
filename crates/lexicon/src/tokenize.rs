//! The name tokenizer for dictionary entries, following the conventions of dyad's text
//! tokenizer (UD English): words split at whitespace; punctuation split off; the possessive
//! `'s` (and a bare `'` after a plural `s`) and `n't` made words of their own ("Iran's" ->
//! "Iran" "'s"); hyphenated words kept whole ("al-Shabaab"); abbreviations with inner
//! periods kept whole ("U.S.", "D.P.R.K."), as are initials ("George W. Bush") and common
//! title abbreviations ("Gen.", "St.", "Inc.").
//!
//! Matching folds case and apostrophes: see [`fold`].

/// Abbreviations that keep their final period.
const ABBREVIATIONS: &[&str] = &[
    "adm", "bros", "capt", "co", "col", "corp", "dept", "dr", "ft", "gen", "gov", "inc", "jr",
    "lt", "ltd", "maj", "messrs", "mr", "mrs", "ms", "mt", "no", "prof", "rep", "rev", "sen",
    "sgt", "sr", "st", "univ", "vs",
];

/// Characters split off the start of a word.
fn is_lead_punct(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '"' | '\'' | '\u{2018}' | '\u{201C}' | '\u{00BF}' | '\u{00A1}' | '<'
    )
}

/// Characters split off the end of a word (the period is handled apart).
fn is_trail_punct(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '}' | '"' | ',' | ';' | ':' | '!' | '?' | '\u{201D}' | '>' | '\u{2026}'
    )
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Splits a dictionary name into words.
pub fn name_tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for chunk in s.split_whitespace() {
        split_chunk(chunk, &mut out);
    }
    out
}

fn split_chunk<'a>(mut w: &'a str, out: &mut Vec<&'a str>) {
    // Leading punctuation.
    while let Some(c) = w.chars().next() {
        if is_lead_punct(c) && w.len() > c.len_utf8() {
            out.push(&w[..c.len_utf8()]);
            w = &w[c.len_utf8()..];
        } else {
            break;
        }
    }
    // Trailing punctuation, collected in reverse.
    let mut tail: Vec<&'a str> = Vec::new();
    while let Some(c) = w.chars().next_back() {
        let cut = w.len() - c.len_utf8();
        if cut == 0 {
            break;
        }
        let split = is_trail_punct(c)
            || (c == '\u{2019}' && !w[..cut].ends_with(['s', 'S']))
            || (c == '.' && !keeps_period(&w[..cut]));
        if !split {
            break;
        }
        tail.push(&w[cut..]);
        w = &w[..cut];
    }
    // Clitics: 's, n't, and the bare apostrophe of plural possessives.
    let lower_end = |suffix: &str| -> bool {
        w.len() > suffix.len()
            && w.is_char_boundary(w.len() - suffix.len())
            && w[w.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    let mut clitic = None;
    for (plain, curly) in [("'s", "\u{2019}s"), ("n't", "n\u{2019}t")] {
        for suffix in [plain, curly] {
            if clitic.is_none() && lower_end(suffix) {
                clitic = Some(w.len() - suffix.len());
            }
        }
    }
    if clitic.is_none() {
        if let Some(c) = w.chars().next_back() {
            let cut = w.len() - c.len_utf8();
            if is_apostrophe(c) && cut > 0 && w[..cut].ends_with(['s', 'S']) {
                clitic = Some(cut);
            }
        }
    }
    match clitic {
        Some(cut) => {
            out.push(&w[..cut]);
            out.push(&w[cut..]);
        }
        None => out.push(w),
    }
    out.extend(tail.into_iter().rev());
}

/// Whether a word keeps its final period: it has an inner period ("U.S"), is a single
/// letter (an initial), or is a known abbreviation.
fn keeps_period(stem: &str) -> bool {
    if stem.contains('.') {
        return true;
    }
    let mut chars = stem.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_alphabetic();
    }
    ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(stem))
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
        assert_eq!(name_tokens("al-Shabaab"), ["al-Shabaab"]);
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
