//! dyad-lexicon: dictionaries (actors, agents, discards, event verbs), in dyad's own
//! format and in PETRARCH's, with loading, checking and matching.
//!
//! - [`ActorDict`], [`AgentDict`], [`DiscardList`]: typed dictionaries loaded from
//!   [`Source`]s in dyad's format (`docs/dictionaries.md`) or PETRARCH's, each with a
//!   token trie for longest-match lookup.
//! - [`check`]: every problem of a set of files as [`Diagnostic`]s with file and line.
//! - [`builtin()`]: the dictionaries of `data/actors/`, compiled into the binary.

pub mod actors;
pub mod agents;
pub mod code;
pub mod date;
pub mod diag;
pub mod discards;
pub mod petrarch;
mod prefixes;
mod text;
pub mod tokenize;
pub mod trie;
pub mod verbs;

pub use actors::{ActorDict, ActorEntry, ActorMatch, CodeSpan, Kind, NameRole};
pub use agents::{AgentDict, AgentEntry, AgentMatch};
pub use code::{ActorCode, AgentCode, CodeError, Placement, PrefixKind};
pub use date::{Date, DateBound, DateRange, Precision};
pub use diag::{error_count, Diagnostic, Severity};
pub use discards::{Discard, DiscardHit, DiscardList, Scope};
pub use trie::{TokenTrie, TrieBuilder, TrieMatch};

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

/// A dictionary file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// dyad's own format (`docs/dictionaries.md`).
    Dyad,
    /// PETRARCH/TABARI formats (PETRARCH2's `dictionaries.rst`).
    Petrarch,
}

/// The three kinds of actor-side dictionary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DictKind {
    Actors,
    Agents,
    Discards,
}

/// The text of one dictionary file, its name (for diagnostics) and its format (`None`:
/// detect it, see [`detect_format`]).
#[derive(Clone, Debug)]
pub struct Source<'a> {
    pub name: Cow<'a, str>,
    pub text: Cow<'a, str>,
    pub format: Option<Format>,
}

impl<'a> Source<'a> {
    /// A source whose format is detected from its text.
    pub fn new(name: impl Into<Cow<'a, str>>, text: impl Into<Cow<'a, str>>) -> Source<'a> {
        Source {
            name: name.into(),
            text: text.into(),
            format: None,
        }
    }

    pub fn dyad(name: impl Into<Cow<'a, str>>, text: impl Into<Cow<'a, str>>) -> Source<'a> {
        Source {
            format: Some(Format::Dyad),
            ..Source::new(name, text)
        }
    }

    pub fn petrarch(name: impl Into<Cow<'a, str>>, text: impl Into<Cow<'a, str>>) -> Source<'a> {
        Source {
            format: Some(Format::Petrarch),
            ..Source::new(name, text)
        }
    }

    /// Reads a file (invalid UTF-8 is replaced, never refused); format detected.
    pub fn read(path: impl AsRef<std::path::Path>) -> std::io::Result<Source<'static>> {
        let path = path.as_ref();
        let bytes = std::fs::read(path)?;
        let text = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        Ok(Source::new(path.display().to_string(), text))
    }
}

/// Guesses the format of a file of `kind`:
/// - a first non-blank line starting with `# dyad` means dyad's format;
/// - actors: PETRARCH if a content line starts with `+`, `[` or `<!`, or holds `[`; else dyad;
/// - agents: PETRARCH if a content line holds `[` or starts with `!` or `<!`; else dyad;
/// - discards: PETRARCH unless the `# dyad` header is there (the two formats look alike).
pub fn detect_format(kind: DictKind, text: &str) -> Format {
    let mut lines = text.lines().map(|l| l.trim_start_matches('\u{feff}'));
    if lines
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim_start().starts_with("# dyad"))
    {
        return Format::Dyad;
    }
    let content = || {
        text.lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter(|l| !l.is_empty())
    };
    let petrarch = match kind {
        DictKind::Actors => {
            content().any(|l| l.starts_with(['+', '[']) || l.starts_with("<!") || l.contains('['))
        }
        DictKind::Agents => {
            content().any(|l| l.contains('[') || l.starts_with('!') || l.starts_with("<!"))
        }
        DictKind::Discards => true,
    };
    if petrarch {
        Format::Petrarch
    } else {
        Format::Dyad
    }
}

/// Loads `sources` as dictionaries of `kind` and returns every problem found: the checker
/// behind `dyad lexicon check`. Errors make a file unfit; warnings are advice.
pub fn check(kind: DictKind, sources: &[Source<'_>]) -> Vec<Diagnostic> {
    match kind {
        DictKind::Actors => ActorDict::load(sources).1,
        DictKind::Agents => AgentDict::load(sources).1,
        DictKind::Discards => DiscardList::load(sources).1,
    }
}

/// Actors, agents and discards used together for a run.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    actors: Arc<ActorDict>,
    agents: Arc<AgentDict>,
    discards: Arc<DiscardList>,
}

mod builtin_files {
    include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));
}

/// Which kind a built-in file (path relative to `data/actors/`) holds.
fn builtin_kind(rel: &str) -> DictKind {
    match rel {
        "agents.txt" => DictKind::Agents,
        "discards.txt" => DictKind::Discards,
        _ => DictKind::Actors,
    }
}

/// The built-in files of `kind`, named `data/actors/<file>`, in dyad's format.
pub fn builtin_sources(kind: DictKind) -> Vec<Source<'static>> {
    builtin_files::BUILTIN_FILES
        .iter()
        .filter(|(rel, _)| builtin_kind(rel) == kind)
        .map(|(rel, text)| Source::dyad(format!("data/actors/{rel}"), *text))
        .collect()
}

/// The built-in dictionaries, parsed once on first use.
pub fn builtin() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::load_builtin().0)
}

impl Lexicon {
    /// Parses the built-in files (what [`builtin()`] keeps), with their diagnostics.
    pub fn load_builtin() -> (Lexicon, Vec<Diagnostic>) {
        Lexicon::load(
            &builtin_sources(DictKind::Actors),
            &builtin_sources(DictKind::Agents),
            &builtin_sources(DictKind::Discards),
        )
    }

    /// Loads the three kinds from the given sources.
    pub fn load(
        actors: &[Source<'_>],
        agents: &[Source<'_>],
        discards: &[Source<'_>],
    ) -> (Lexicon, Vec<Diagnostic>) {
        let (a, mut diags) = ActorDict::load(actors);
        let (g, d2) = AgentDict::load(agents);
        let (d, d3) = DiscardList::load(discards);
        diags.extend(d2);
        diags.extend(d3);
        (
            Lexicon {
                actors: Arc::new(a),
                agents: Arc::new(g),
                discards: Arc::new(d),
            },
            diags,
        )
    }

    /// The built-in lexicon with some kinds replaced for a run (`--actors FILE`,
    /// `--agents FILE`, `--discards FILE`): a kind given here replaces the built-in
    /// dictionary of that kind entirely; `None` keeps the built-in one.
    pub fn with_overrides(
        actors: Option<&[Source<'_>]>,
        agents: Option<&[Source<'_>]>,
        discards: Option<&[Source<'_>]>,
    ) -> (Lexicon, Vec<Diagnostic>) {
        let base = builtin();
        let mut lex = base.clone();
        let mut diags = Vec::new();
        if let Some(s) = actors {
            let (a, d) = ActorDict::load(s);
            lex.actors = Arc::new(a);
            diags.extend(d);
        }
        if let Some(s) = agents {
            let (a, d) = AgentDict::load(s);
            lex.agents = Arc::new(a);
            diags.extend(d);
        }
        if let Some(s) = discards {
            let (a, d) = DiscardList::load(s);
            lex.discards = Arc::new(a);
            diags.extend(d);
        }
        (lex, diags)
    }

    pub fn actors(&self) -> &ActorDict {
        &self.actors
    }

    pub fn agents(&self) -> &AgentDict {
        &self.agents
    }

    pub fn discards(&self) -> &DiscardList {
        &self.discards
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_data_checks_clean() {
        let t = std::time::Instant::now();
        let (lex, diags) = Lexicon::load_builtin();
        let ms = t.elapsed().as_secs_f64() * 1e3;
        for d in &diags {
            println!("{d}");
        }
        assert_eq!(
            error_count(&diags),
            0,
            "the built-in dictionaries have errors"
        );
        for s in builtin_sources(DictKind::Actors) {
            let (d, _) = ActorDict::load(std::slice::from_ref(&s));
            println!("{}: {} entries, {} names", s.name, d.len(), d.name_count());
        }
        println!(
            "built-in: {} actors ({} names), {} agents, {} discards; parsed in {ms:.1} ms (test profile)",
            lex.actors().len(),
            lex.actors().name_count(),
            lex.agents().len(),
            lex.discards().len()
        );
        let t = std::time::Instant::now();
        let again = builtin();
        let first = t.elapsed();
        let t = std::time::Instant::now();
        assert!(std::ptr::eq(again, builtin()));
        println!(
            "builtin(): first call {:.1} ms, later calls {:?}",
            first.as_secs_f64() * 1e3,
            t.elapsed()
        );
    }

    #[test]
    fn builtin_countries_resolve() {
        let lex = builtin();
        let d = Date::parse_iso("2024-05-01").unwrap();
        let code = |name: &str| -> Vec<String> {
            lex.actors()
                .lookup(name)
                .into_iter()
                .filter_map(|(e, _)| lex.actors().get(e)?.code_at(d))
                .map(|c| c.to_string())
                .collect()
        };
        assert_eq!(code("Iran"), ["IRN"]);
        assert_eq!(code("Kyiv"), ["UKR"]);
        assert_eq!(code("Kiev"), ["UKR"]);
        assert_eq!(code("Türkiye"), ["TUR"]);
        assert_eq!(code("Eswatini"), ["SWZ"]);
        assert_eq!(code("Czechia"), ["CZE"]);
        assert_eq!(code("North Macedonia"), ["MKD"]);
        assert_eq!(code("the Kremlin"), ["RUS"]);
        assert_eq!(code("the White House"), ["USA"]);
        assert_eq!(code("Downing Street"), ["GBR"]);
        assert_eq!(code("Puerto Rico"), ["USAPRI"]);
        assert!(code("us").is_empty());
        assert_eq!(code("US"), ["USA"]);
        // Every ISO 3166-1 country and territory is there.
        let iso3: std::collections::HashSet<&str> = lex
            .actors()
            .entries()
            .iter()
            .flat_map(|e| e.attr("iso3"))
            .collect();
        for c in crate::prefixes::ISO3_CURRENT {
            assert!(iso3.contains(c), "{c} missing");
        }
        // Matching in a sentence of words, as the coder will do it.
        let toks = [
            "Tehran",
            "'s",
            "envoy",
            "met",
            "Iranian",
            "and",
            "Turkish",
            "officials",
        ];
        let found: Vec<String> = lex
            .actors()
            .trie()
            .scan(&toks)
            .map(|m| toks[m.start..m.start + m.len].join(" "))
            .collect();
        assert_eq!(found, ["Tehran", "Iranian", "Turkish"]);
    }
}
