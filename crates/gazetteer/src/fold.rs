//! Folding names into matching atoms.
//!
//! A name (or a token) is cut into *atoms*: maximal runs of letters and digits, lower-cased
//! and stripped of accents ("Erdoğan" -> `erdogan`, "Kraków" -> `krakow`). Apostrophes are
//! dropped inside an atom ("Sana'a" -> `sanaa`, "Khar'kov" -> `kharkov`); every other
//! character (space, hyphen, period, comma...) ends an atom ("Ivano-Frankivsk" -> `ivano`
//! `frankivsk`, "St." -> `st`). Each atom remembers whether it was written capitalised, for
//! the case rule of [`crate::Gazetteer::lookup`].

/// One atom of a folded name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Atom {
    /// Lower-case ASCII (or lower-cased transliteration) form.
    pub text: String,
    /// Whether the atom's first character was an upper-case letter (or a digit).
    pub capitalised: bool,
}

/// Characters dropped inside a word: apostrophes and the letters used for them.
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}'
            | '\u{2018}'
            | '\u{02BC}'
            | '\u{02BB}'
            | '\u{02BE}'
            | '\u{02BF}'
            | '`'
            | '\u{00B4}'
    )
}

/// Appends the folded form of `c` (a letter or digit) to `out`.
fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match deunicode::deunicode_char(c) {
        Some(s) if !s.is_empty() => {
            for d in s.chars() {
                if d.is_alphanumeric() {
                    out.push(d.to_ascii_lowercase());
                }
            }
        }
        _ => out.extend(c.to_lowercase()),
    }
}

/// Atoms of one name or token, folded into a reusable buffer.
#[derive(Clone, Debug, Default)]
pub(crate) struct AtomBuf {
    pub text: String,
    /// (start, end, capitalised) of each atom in `text`.
    pub spans: Vec<(u32, u32, bool)>,
}

impl AtomBuf {
    /// Folds `s`, replacing the buffer's content.
    pub fn fold(&mut self, s: &str) {
        self.text.clear();
        self.spans.clear();
        let mut start: Option<(usize, bool)> = None;
        for c in s.chars() {
            if c.is_alphanumeric() {
                if start.is_none() {
                    start = Some((self.text.len(), c.is_uppercase() || c.is_numeric()));
                }
                push_folded(c, &mut self.text);
            } else if is_apostrophe(c) && start.is_some() {
                // "Sana'a": stays inside the atom.
            } else if let Some((b, cap)) = start.take() {
                self.close(b, cap);
            }
        }
        if let Some((b, cap)) = start {
            self.close(b, cap);
        }
    }

    fn close(&mut self, b: usize, cap: bool) {
        if self.text.len() > b {
            self.spans.push((b as u32, self.text.len() as u32, cap));
        }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Atom `i`: its text and whether it was capitalised.
    pub fn get(&self, i: usize) -> (&str, bool) {
        let (a, b, cap) = self.spans[i];
        (&self.text[a as usize..b as usize], cap)
    }
}

/// Cuts `s` into atoms, appending them to `out`.
pub fn atoms_into(s: &str, out: &mut Vec<Atom>) {
    let mut buf = AtomBuf::default();
    buf.fold(s);
    for i in 0..buf.len() {
        let (text, capitalised) = buf.get(i);
        out.push(Atom {
            text: text.to_string(),
            capitalised,
        });
    }
}

/// The atoms of `s`.
pub fn atoms(s: &str) -> Vec<Atom> {
    let mut v = Vec::new();
    atoms_into(s, &mut v);
    v
}

/// The matching key of a name: its atoms joined by single spaces ("Kyiv" -> `kyiv`,
/// "Rostov-on-Don" -> `rostov on don`).
pub fn key(s: &str) -> String {
    let mut k = String::new();
    for a in atoms(s) {
        if !k.is_empty() {
            k.push(' ');
        }
        k.push_str(&a.text);
    }
    k
}

/// Whether a token with no atoms may sit inside a multi-word name: hyphens, dashes,
/// apostrophes and periods ("Ivano" "-" "Frankivsk"), but not commas, brackets or quotes.
pub(crate) fn is_joiner_token(t: &str) -> bool {
    !t.is_empty()
        && t.chars().all(|c| {
            matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '.') || is_apostrophe(c)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        atoms(s).into_iter().map(|a| a.text).collect()
    }

    #[test]
    fn folds_accents_case_and_apostrophes() {
        assert_eq!(texts("Erdoğan"), ["erdogan"]);
        assert_eq!(texts("Łódź"), ["lodz"]);
        assert_eq!(texts("Ḩimş"), ["hims"]);
        assert_eq!(texts("Sana'a"), ["sanaa"]);
        assert_eq!(texts("Khar\u{2019}kov"), ["kharkov"]);
        assert_eq!(texts("Ivano-Frankivsk"), ["ivano", "frankivsk"]);
        assert_eq!(texts("St. Petersburg"), ["st", "petersburg"]);
        assert_eq!(texts("Straße"), ["strasse"]);
        assert_eq!(texts("--"), Vec::<String>::new());
        assert_eq!(key("Rostov-on-Don"), "rostov on don");
        assert_eq!(key("  Kyiv "), "kyiv");
    }

    #[test]
    fn remembers_capitals() {
        let a = atoms("Rostov-on-Don");
        assert!(a[0].capitalised && !a[1].capitalised && a[2].capitalised);
        assert!(atoms("KYIV")[0].capitalised);
        assert!(!atoms("kyiv")[0].capitalised);
    }

    #[test]
    fn joiner_tokens() {
        assert!(is_joiner_token("-"));
        assert!(is_joiner_token("'"));
        assert!(!is_joiner_token(","));
        assert!(!is_joiner_token(""));
        assert!(!is_joiner_token("("));
    }
}
