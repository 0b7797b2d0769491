//! CAMEO-style actor codes: a three-letter prefix (country, region, IGO/NGO/...) followed by
//! three-letter role codes (`USAGOV`, `IGOUNOWFP`, `LBNREB`).

use crate::prefixes::{ISO3_CURRENT, ISO3_WITHDRAWN};
use std::fmt;

/// What a code's three-letter prefix stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrefixKind {
    /// A country or territory in force (ISO 3166-1 alpha-3, plus `KSV`/`XKX` for Kosovo).
    Country,
    /// A former country (ISO 3166-3 withdrawn code: `SUN`, `YUG`, `DDR`, ...).
    FormerCountry,
    /// A CAMEO region (`AFR`, `MEA`, `WST`, ...).
    Region,
    /// Intergovernmental organisation (`IGO`).
    Igo,
    /// Non-governmental organisation (`NGO`).
    Ngo,
    /// Other transnational CAMEO prefixes: `IMG` (international militarized group), `NGM`
    /// (non-governmental movement), `MNC` (multinational corporation), `UIS` (unidentified
    /// state actor), `INT` (international, unspecified).
    Transnational,
}

/// CAMEO region prefixes (CAMEO manual, "regions"), plus `WEU` (Western Europe) and `USR`
/// (the former Soviet space) which PETRARCH's dictionaries use.
const REGIONS: &[&str] = &[
    "AFR", "ASA", "BLK", "CAS", "CAU", "CEU", "CFR", "CRB", "EAF", "EEU", "EIN", "EUR", "LAM",
    "MDT", "MEA", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SCN", "SEA", "USR", "WAF", "WEU",
    "WST",
];

const TRANSNATIONAL: &[&str] = &["IMG", "INT", "MNC", "NGM", "UIS"];

/// Role (sector) codes of CAMEO, the second and later segments of an actor code, that name a
/// sector rather than an organisation or a group.
pub const SECTOR_CODES: &[&str] = &[
    "AGR", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "INS",
    "JUD", "LAB", "LEG", "MED", "MIL", "OPP", "PTY", "REB", "REF", "REL", "SEP", "SPY", "UAF",
];

/// Classifies a three-letter prefix; `None` if unknown.
pub fn prefix_kind(prefix: &str) -> Option<PrefixKind> {
    if prefix.len() != 3 {
        return None;
    }
    if ISO3_CURRENT.binary_search(&prefix).is_ok() || prefix == "KSV" || prefix == "XKX" {
        Some(PrefixKind::Country)
    } else if ISO3_WITHDRAWN.binary_search(&prefix).is_ok() {
        Some(PrefixKind::FormerCountry)
    } else if REGIONS.contains(&prefix) {
        Some(PrefixKind::Region)
    } else if prefix == "IGO" {
        Some(PrefixKind::Igo)
    } else if prefix == "NGO" {
        Some(PrefixKind::Ngo)
    } else if TRANSNATIONAL.contains(&prefix) {
        Some(PrefixKind::Transnational)
    } else {
        None
    }
}

/// Whether `code` is an ISO 3166-1 alpha-3 code in force.
pub fn is_iso3(code: &str) -> bool {
    ISO3_CURRENT.binary_search(&code).is_ok()
}

/// Why a code was refused by [`ActorCode::parse`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeError {
    /// Not made of three-letter upper-case segments.
    Syntax(String),
    /// Well formed, but the first segment is no known country, region or IGO/NGO prefix.
    UnknownPrefix(String),
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeError::Syntax(c) => write!(
                f,
                "bad code `{c}`: expected upper-case letters in segments of three (e.g. `USAGOV`)"
            ),
            CodeError::UnknownPrefix(c) => write!(
                f,
                "unknown country prefix `{}` in code `{c}` (expected an ISO 3166-1 alpha-3 code, a CAMEO region, IGO, NGO, IMG, NGM, MNC, UIS or INT)",
                &c[..3]
            ),
        }
    }
}

/// An actor code. Codes read from dyad's own files are validated ([`ActorCode::parse`]);
/// codes read from PETRARCH files are kept as written ([`ActorCode::lenient`]), since those
/// files hold codes such as `NGOHINDEN211DEV` that follow no strict syntax.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActorCode(Box<str>);

impl ActorCode {
    /// A validated code: non-empty, upper-case ASCII letters, a multiple of three long, with a
    /// known prefix.
    pub fn parse(s: &str) -> Result<ActorCode, CodeError> {
        if !is_well_formed(s) {
            return Err(CodeError::Syntax(s.to_string()));
        }
        if prefix_kind(&s[..3]).is_none() {
            return Err(CodeError::UnknownPrefix(s.to_string()));
        }
        Ok(ActorCode(s.into()))
    }

    /// A code taken as written (trimmed, upper-cased).
    pub fn lenient(s: &str) -> ActorCode {
        ActorCode(s.trim().to_ascii_uppercase().into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the code is made of three-letter segments.
    pub fn is_well_formed(&self) -> bool {
        is_well_formed(&self.0)
    }

    /// The first three letters (the whole code if shorter).
    pub fn prefix(&self) -> &str {
        self.0.get(..3).unwrap_or(&self.0)
    }

    /// What the prefix stands for, if known.
    pub fn prefix_kind(&self) -> Option<PrefixKind> {
        prefix_kind(self.prefix())
    }

    /// The country of the code: its prefix when that is a (current or former) country.
    pub fn country(&self) -> Option<&str> {
        match self.prefix_kind() {
            Some(PrefixKind::Country | PrefixKind::FormerCountry) => Some(self.prefix()),
            _ => None,
        }
    }

    /// The three-letter segments after the prefix (`USAGOVMIL` -> `GOV`, `MIL`). Empty for
    /// codes that are not well formed.
    pub fn roles(&self) -> impl Iterator<Item = &str> + '_ {
        let s: &str = if self.is_well_formed() {
            &self.0[3..]
        } else {
            ""
        };
        (0..s.len() / 3).map(move |i| &s[i * 3..i * 3 + 3])
    }

    /// The first role segment that is a CAMEO sector code ([`SECTOR_CODES`]), if any.
    pub fn sector(&self) -> Option<&str> {
        self.roles().find(|r| SECTOR_CODES.contains(r))
    }
}

fn is_well_formed(s: &str) -> bool {
    !s.is_empty() && s.len().is_multiple_of(3) && s.bytes().all(|b| b.is_ascii_uppercase())
}

impl fmt::Display for ActorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ActorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ActorCode({})", self.0)
    }
}

/// Where an agent's role code goes relative to the code of the actor it qualifies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Placement {
    /// Appended: `~COP` (or plain `COP`) after `IRQ` gives `IRQCOP`.
    Suffix,
    /// Prepended: `NGO~` before `IRQ` gives `NGOIRQ`.
    Prefix,
}

/// An agent code: role segments plus where they go.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AgentCode {
    pub code: Box<str>,
    pub placement: Placement,
}

impl AgentCode {
    /// Parses `COP`, `~COP`, `~GOVFRM` or `NGO~` strictly (segments of three upper-case letters).
    pub fn parse(s: &str) -> Result<AgentCode, CodeError> {
        let (body, placement) = split_placement(s);
        if !is_well_formed(body) {
            return Err(CodeError::Syntax(s.to_string()));
        }
        Ok(AgentCode {
            code: body.into(),
            placement,
        })
    }

    /// Takes a PETRARCH agent code as written (`~COP`, `NGO~`, `~LEG}`).
    pub fn lenient(s: &str) -> AgentCode {
        let s = s
            .trim()
            .trim_matches(|c| c == '[' || c == ']' || c == '{' || c == '}');
        let (body, placement) = split_placement(s);
        AgentCode {
            code: body.trim_matches('~').to_ascii_uppercase().into(),
            placement,
        }
    }

    /// The three-letter role segments.
    pub fn roles(&self) -> impl Iterator<Item = &str> + '_ {
        let s: &str = if is_well_formed(&self.code) {
            &self.code
        } else {
            ""
        };
        (0..s.len() / 3).map(move |i| &s[i * 3..i * 3 + 3])
    }

    /// Combines with an actor code: `~COP` + `IRQ` = `IRQCOP`; `NGO~` + `IRQ` = `NGOIRQ`.
    pub fn apply(&self, actor: &str) -> String {
        match self.placement {
            Placement::Suffix => format!("{actor}{}", self.code),
            Placement::Prefix => format!("{}{actor}", self.code),
        }
    }
}

impl fmt::Display for AgentCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.placement {
            Placement::Suffix => write!(f, "~{}", self.code),
            Placement::Prefix => write!(f, "{}~", self.code),
        }
    }
}

fn split_placement(s: &str) -> (&str, Placement) {
    if let Some(rest) = s.strip_prefix('~') {
        (rest, Placement::Suffix)
    } else if let Some(rest) = s.strip_suffix('~') {
        (rest, Placement::Prefix)
    } else {
        (s, Placement::Suffix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_splits_codes() {
        let c = ActorCode::parse("USAGOVMIL").unwrap();
        assert_eq!(c.prefix(), "USA");
        assert_eq!(c.country(), Some("USA"));
        assert_eq!(c.roles().collect::<Vec<_>>(), ["GOV", "MIL"]);
        assert_eq!(c.sector(), Some("GOV"));
        let igo = ActorCode::parse("IGOUNOWFP").unwrap();
        assert_eq!(igo.country(), None);
        assert_eq!(igo.prefix_kind(), Some(PrefixKind::Igo));
        assert_eq!(igo.sector(), None);
        assert_eq!(
            ActorCode::parse("SUNGOV").unwrap().prefix_kind(),
            Some(PrefixKind::FormerCountry)
        );
        assert_eq!(
            ActorCode::parse("MEAREB").unwrap().prefix_kind(),
            Some(PrefixKind::Region)
        );
    }

    #[test]
    fn refuses_bad_codes() {
        for bad in ["", "US", "USAG", "usagov", "USA GOV", "USA1", "G77"] {
            assert!(
                matches!(ActorCode::parse(bad), Err(CodeError::Syntax(_))),
                "{bad}"
            );
        }
        assert_eq!(
            ActorCode::parse("QQQGOV"),
            Err(CodeError::UnknownPrefix("QQQGOV".into()))
        );
        // Lenient codes keep what PETRARCH files hold.
        let odd = ActorCode::lenient("NGOHINDEN211DEV");
        assert!(!odd.is_well_formed());
        assert_eq!(odd.roles().count(), 0);
    }

    #[test]
    fn agent_codes_place_roles() {
        let cop = AgentCode::parse("~COP").unwrap();
        assert_eq!(cop.apply("IRQ"), "IRQCOP");
        assert_eq!(AgentCode::parse("COP").unwrap(), cop);
        let ngo = AgentCode::parse("NGO~").unwrap();
        assert_eq!(ngo.apply("IRQ"), "NGOIRQ");
        assert_eq!(ngo.to_string(), "NGO~");
        assert!(AgentCode::parse("~CO").is_err());
        assert_eq!(AgentCode::lenient("~LEG}").code.as_ref(), "LEG");
    }
}
