//! The CAMEO codebook: for every event code its name, root, Goldstein value, quad class and
//! PLOVER category, mode and context (`data/events/codebook.tsv`).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::Diagnostic;

/// Quad class of a CAMEO code (CAMEO/GDELT convention, by root).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quad {
    /// Roots 01-04.
    VerbalCooperation = 1,
    /// Roots 05-08.
    MaterialCooperation = 2,
    /// Roots 09-13.
    VerbalConflict = 3,
    /// Roots 14-20.
    MaterialConflict = 4,
}

impl Quad {
    pub fn from_number(n: u8) -> Option<Quad> {
        match n {
            1 => Some(Quad::VerbalCooperation),
            2 => Some(Quad::MaterialCooperation),
            3 => Some(Quad::VerbalConflict),
            4 => Some(Quad::MaterialConflict),
            _ => None,
        }
    }

    pub fn number(self) -> u8 {
        self as u8
    }
}

/// The PLOVER categories (manual draft 0.8).
pub const PLOVER_CATEGORIES: &[&str] = &[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

/// PLOVER's own quad class of a PLOVER category (manual, table "Quad categories in PLOVER"),
/// which differs from the CAMEO quad class of some codes (e.g. SANCTION is verbal conflict).
pub fn plover_quad(category: &str) -> Option<Quad> {
    Some(match category {
        "AGREE" | "CONSULT" | "SUPPORT" | "CONCEDE" => Quad::VerbalCooperation,
        "COOPERATE" | "AID" | "RETREAT" => Quad::MaterialCooperation,
        "REQUEST" | "ACCUSE" | "REJECT" | "SANCTION" | "THREATEN" => Quad::VerbalConflict,
        "PROTEST" | "MOBILIZE" | "COERCE" | "ASSAULT" => Quad::MaterialConflict,
        _ => return None,
    })
}

/// One CAMEO code.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeInfo {
    /// `"112"`; two-digit codes are the roots (cue categories).
    pub code: String,
    /// `"11"`.
    pub root: String,
    /// `"Accuse, not specified below"`; roots in capitals (`"DISAPPROVE"`).
    pub name: String,
    pub goldstein: f32,
    pub quad: Quad,
    /// PLOVER category, `None` for codes PLOVER drops (roots 01 and 02) and for root 08,
    /// which PLOVER splits.
    pub plover: Option<String>,
    pub plover_mode: Option<String>,
    /// PLOVER context codes (CAMEO2PLOVER gives up to two).
    pub plover_context: Vec<String>,
    /// Remarks on the row (uncertain values, departures from the sources).
    pub note: Option<String>,
}

impl CodeInfo {
    /// Whether this is a root (two-digit cue category).
    pub fn is_root(&self) -> bool {
        self.code.len() == 2
    }
}

/// All CAMEO codes with lookups by code.
#[derive(Clone, Debug, Default)]
pub struct Codebook {
    entries: Vec<CodeInfo>,
    by_code: HashMap<String, usize>,
}

const BUILTIN_TSV: &str = include_str!("../../../../data/events/codebook.tsv");

impl Codebook {
    /// The built-in codebook (`data/events/codebook.tsv`, compiled in), parsed once.
    pub fn builtin() -> &'static Codebook {
        static CELL: OnceLock<Codebook> = OnceLock::new();
        CELL.get_or_init(|| {
            Codebook::parse(BUILTIN_TSV, "data/events/codebook.tsv")
                .expect("the built-in codebook parses (tested)")
        })
    }

    /// Parses a codebook TSV (columns: code, root, name, goldstein, quad, plover,
    /// plover_mode, plover_context, note; `#` lines are comments; the header row starts
    /// with `code`).
    pub fn parse(text: &str, file: &str) -> Result<Codebook, Vec<Diagnostic>> {
        let mut book = Codebook::default();
        let mut errors = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let lineno = i as u32 + 1;
            if line.trim().is_empty() || line.starts_with('#') || line.starts_with("code\t") {
                continue;
            }
            let mut err = |m: String| errors.push(Diagnostic::error(file, lineno, m));
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 8 {
                err(format!(
                    "expected 8 or 9 tab-separated columns, found {}",
                    cols.len()
                ));
                continue;
            }
            let code = cols[0].trim();
            if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
                err(format!("bad CAMEO code {code:?}"));
                continue;
            }
            if cols[1] != &code[..2] {
                err(format!("root {:?} does not match code {code}", cols[1]));
            }
            let Ok(goldstein) = cols[3].trim().parse::<f32>() else {
                err(format!("bad Goldstein value {:?}", cols[3]));
                continue;
            };
            if !(-10.0..=10.0).contains(&goldstein) {
                err(format!("Goldstein value {goldstein} outside -10..10"));
            }
            let Some(quad) = cols[4]
                .trim()
                .parse::<u8>()
                .ok()
                .and_then(Quad::from_number)
            else {
                err(format!("bad quad class {:?}", cols[4]));
                continue;
            };
            let opt = |s: &str| {
                let s = s.trim();
                (!s.is_empty()).then(|| s.to_string())
            };
            let plover = opt(cols[5]);
            if let Some(p) = &plover {
                if !PLOVER_CATEGORIES.contains(&p.as_str()) {
                    err(format!("unknown PLOVER category {p:?}"));
                }
            }
            if book.by_code.contains_key(code) {
                err(format!("code {code} listed twice"));
                continue;
            }
            book.by_code.insert(code.to_string(), book.entries.len());
            book.entries.push(CodeInfo {
                code: code.to_string(),
                root: code[..2].to_string(),
                name: cols[2].trim().to_string(),
                goldstein,
                quad,
                plover,
                plover_mode: opt(cols[6]),
                plover_context: cols[7]
                    .split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
                note: cols.get(8).and_then(|s| opt(s)),
            });
        }
        if errors.is_empty() {
            Ok(book)
        } else {
            Err(errors)
        }
    }

    /// Looks a code up (`"112"`, `"0874"`, roots as `"11"`).
    pub fn get(&self, code: &str) -> Option<&CodeInfo> {
        self.by_code.get(code).map(|&i| &self.entries[i])
    }

    pub fn contains(&self, code: &str) -> bool {
        self.by_code.contains_key(code)
    }

    /// The root row of a code (`"1121"` -> the `"11"` row).
    pub fn root_of(&self, code: &str) -> Option<&CodeInfo> {
        self.get(code.get(..2)?)
    }

    /// All codes in codebook order (roots first within each root, then sub-codes).
    pub fn iter(&self) -> impl Iterator<Item = &CodeInfo> {
        self.entries.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lookups() {
        let b = Codebook::builtin();
        assert!(b.len() > 300, "{} codes", b.len());
        let acc = b.get("112").unwrap();
        assert_eq!(acc.plover.as_deref(), Some("ACCUSE"));
        assert_eq!(acc.quad, Quad::VerbalConflict);
        assert_eq!(acc.quad.number(), 3);
        assert_eq!(acc.goldstein, -2.0);
        assert_eq!(acc.root, "11");
        assert_eq!(b.root_of("112").unwrap().name, "DISAPPROVE");
        let war = b.get("190").unwrap();
        assert_eq!(war.plover.as_deref(), Some("ASSAULT"));
        assert_eq!(war.quad, Quad::MaterialConflict);
        assert_eq!(war.goldstein, -10.0);
        let aid = b.get("072").unwrap();
        assert_eq!(aid.plover.as_deref(), Some("AID"));
        assert_eq!(aid.plover_context, vec!["military".to_string()]);
        assert_eq!(aid.quad, Quad::MaterialCooperation);
        assert_eq!(b.get("041").unwrap().plover_mode.as_deref(), Some("phone"));
        assert_eq!(b.get("1124").unwrap().plover_context.len(), 2);
        assert!(b.get("010").unwrap().plover.is_none());
        assert_eq!(b.get("0874").unwrap().goldstein, 10.0);
        assert!(b.get("999").is_none());
    }

    #[test]
    fn builtin_is_complete_and_consistent() {
        let b = Codebook::builtin();
        let roots: Vec<_> = b
            .iter()
            .filter(|c| c.is_root())
            .map(|c| c.code.clone())
            .collect();
        let want: Vec<String> = (1..=20).map(|r| format!("{r:02}")).collect();
        assert_eq!(roots, want);
        for c in b.iter() {
            assert!(b.root_of(&c.code).is_some(), "{}", c.code);
            // Every sub-code's parent exists.
            if c.code.len() == 4 {
                assert!(b.contains(&c.code[..3]), "{}", c.code);
            }
            // Every code outside roots 01/02/08 has a PLOVER category.
            if !c.is_root() && c.root != "01" && c.root != "02" {
                assert!(c.plover.is_some(), "{} has no PLOVER category", c.code);
            }
            assert!(!c.name.is_empty());
        }
        assert_eq!(
            plover_quad(b.get("163").unwrap().plover.as_deref().unwrap()),
            Some(Quad::MaterialConflict)
        );
    }

    #[test]
    fn parse_errors_have_lines() {
        let text = "# c\ncode\troot\tname\n010\t01\tMake statement\t0.0\t1\t\t\t\t\n\
                    0x1\t01\tBad\t0.0\t1\t\t\t\t\n011\t01\tDecline\tabc\t1\t\t\t\t\n\
                    012\t01\tPess\t-0.4\t7\t\t\t\t\n013\t01\tOpt\t0.4\t1\tNOPE\t\t\t\n";
        let errs = Codebook::parse(text, "cb.tsv").unwrap_err();
        let lines: Vec<u32> = errs.iter().map(|d| d.line).collect();
        assert_eq!(lines, vec![4, 5, 6, 7], "{errs:?}");
        assert!(errs[3].message.contains("PLOVER"));
    }
}
