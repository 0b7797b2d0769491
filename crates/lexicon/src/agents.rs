//! Agent dictionaries: common nouns that give a role code to the actor they go with
//! ("police" -> `~COP`, so "Iraqi police" -> `IRQCOP`).
//!
//! dyad's format, one entry per line, names separated by ` | `, the code last:
//! ```text
//! police | policeman | policemen | police officer | police officers   COP
//!   kind: group
//! human rights group | human rights groups   NGO~
//! ```
//! A bare code or `~CODE` is appended to the actor's code; `CODE~` is put before it.
//! Plurals are written out (no automatic plurals).

use crate::code::AgentCode;
use crate::diag::Diagnostic;
use crate::text::{split_names, strip_comment, NameIndex};
use crate::tokenize::name_tokens;
use crate::trie::{TokenTrie, TrieBuilder, TrieMatch};
use crate::{Format, Source};

/// Agent kinds: a single person ("minister"), a group of people ("troops"), an
/// institution ("ministry", "army").
pub const AGENT_KINDS: &[&str] = &["person", "group", "org"];

/// One agent term with its forms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentEntry {
    /// All forms (the first is the canonical one).
    pub names: Vec<String>,
    pub code: AgentCode,
    /// `person`, `group` or `org` when given.
    pub kind: Option<String>,
    /// `note:` and `source:` attributes.
    pub attrs: Vec<(String, String)>,
    pub file: u32,
    pub line: u32,
}

/// A dictionary of agent terms with a name trie.
#[derive(Clone, Debug, Default)]
pub struct AgentDict {
    files: Vec<String>,
    entries: Vec<AgentEntry>,
    trie: TokenTrie,
}

impl AgentDict {
    /// Loads agent files (dyad's or PETRARCH's format); never panics on bad input.
    pub fn load(sources: &[Source<'_>]) -> (AgentDict, Vec<Diagnostic>) {
        let mut dict = AgentDict::default();
        let mut diags = Vec::new();
        for src in sources {
            let file = dict.files.len() as u32;
            dict.files.push(src.name.to_string());
            let format = src
                .format
                .unwrap_or_else(|| crate::detect_format(crate::DictKind::Agents, &src.text));
            match format {
                Format::Dyad => {
                    parse_dyad(file, &src.name, &src.text, &mut dict.entries, &mut diags)
                }
                Format::Petrarch => crate::petrarch::read_agents(
                    file,
                    &src.name,
                    &src.text,
                    &mut dict.entries,
                    &mut diags,
                ),
            }
        }
        let mut b = TrieBuilder::new();
        for (i, e) in dict.entries.iter().enumerate() {
            for n in &e.names {
                b.insert(&name_tokens(n), i as u32, false, false);
            }
        }
        dict.trie = b.build();
        (dict, diags)
    }

    pub fn entries(&self) -> &[AgentEntry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn files(&self) -> &[String] {
        &self.files
    }

    pub fn trie(&self) -> &TokenTrie {
        &self.trie
    }

    /// The longest agent term starting at `tokens[start]`. Allocates nothing.
    pub fn longest_match<S: AsRef<str>>(
        &self,
        tokens: &[S],
        start: usize,
    ) -> Option<AgentMatch<'_>> {
        self.trie
            .longest_match(tokens, start)
            .map(|m| AgentMatch { dict: self, m })
    }
}

/// An agent term found in text.
#[derive(Clone, Copy, Debug)]
pub struct AgentMatch<'a> {
    dict: &'a AgentDict,
    m: TrieMatch<'a>,
}

impl<'a> AgentMatch<'a> {
    pub fn start(&self) -> usize {
        self.m.start
    }

    pub fn len(&self) -> usize {
        self.m.len
    }

    pub fn is_empty(&self) -> bool {
        self.m.len == 0
    }

    /// The entries matched (usually one).
    pub fn entries(&self) -> impl Iterator<Item = &'a AgentEntry> + 'a {
        let dict = self.dict;
        self.m.ids().map(move |i| &dict.entries[i as usize])
    }
}

fn parse_dyad(
    file: u32,
    name: &str,
    text: &str,
    out: &mut Vec<AgentEntry>,
    diags: &mut Vec<Diagnostic>,
) {
    let first = out.len();
    let mut index = NameIndex::default();
    let mut cur: Option<usize> = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        let line = strip_comment(raw);
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            let Some(ci) = cur else {
                diags.push(Diagnostic::error(
                    name,
                    line_no,
                    "indented line outside an entry (entries start at column 0)",
                ));
                continue;
            };
            let content = line.trim();
            let Some((key, value)) = content.split_once(':') else {
                diags.push(Diagnostic::error(
                    name,
                    line_no,
                    format!("bad line `{content}`: expected `key: value`"),
                ));
                continue;
            };
            let (key, value) = (key.trim(), value.trim());
            match key {
                "kind" if AGENT_KINDS.contains(&value) => {
                    out[ci].kind = Some(value.to_string());
                }
                "kind" => diags.push(Diagnostic::error(
                    name,
                    line_no,
                    format!("unknown agent kind `{value}` (expected person, group or org)"),
                )),
                "note" | "source" if !value.is_empty() => {
                    out[ci].attrs.push((key.to_string(), value.to_string()))
                }
                _ => diags.push(Diagnostic::error(
                    name,
                    line_no,
                    format!("bad attribute `{key}: {value}` (agents take kind, note and source)"),
                )),
            }
            continue;
        }
        cur = None;
        let trimmed = line.trim_end();
        let split = trimmed.rfind(char::is_whitespace);
        let (names_s, code_s) = match split {
            Some(p) => (&trimmed[..p], &trimmed[p + 1..]),
            None => ("", trimmed),
        };
        if names_s.trim().is_empty() || code_s.chars().any(|c| c.is_lowercase()) {
            diags.push(Diagnostic::error(
                name,
                line_no,
                format!("agent line `{trimmed}` has no code: expected `name | name   CODE`"),
            ));
            continue;
        }
        let code = match AgentCode::parse(code_s) {
            Ok(c) => c,
            Err(e) => {
                diags.push(Diagnostic::error(name, line_no, e.to_string()));
                continue;
            }
        };
        let names = split_names(names_s, name, line_no, diags);
        if names.is_empty() {
            continue;
        }
        let idx = out.len();
        let label = names[0].clone();
        for n in &names {
            index.add(name, n, idx, line_no, &label, diags);
        }
        out.push(AgentEntry {
            names,
            code,
            kind: None,
            attrs: Vec::new(),
            file,
            line: line_no,
        });
        cur = Some(idx);
    }
    let _ = first;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Placement;

    #[test]
    fn parses_dyad_agents() {
        let text = "\
# agents
police | policeman | policemen   COP
  kind: group
foreign minister | foreign ministers   ~GOV   # with a tilde
human rights group | human rights groups   NGO~
";
        let (dict, diags) = AgentDict::load(&[Source::dyad("a.txt", text)]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(dict.len(), 3);
        assert_eq!(dict.entries()[0].kind.as_deref(), Some("group"));
        assert_eq!(dict.entries()[1].code.code.as_ref(), "GOV");
        assert_eq!(dict.entries()[2].code.placement, Placement::Prefix);
        let toks = ["Iraqi", "Foreign", "Ministers", "met"];
        let m = dict.longest_match(&toks, 1).unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(m.entries().next().unwrap().code.code.as_ref(), "GOV");
    }

    #[test]
    fn reports_agent_errors() {
        let text = "\
  kind: group
police | police officers
soldier   MI
troops   MIL
  kind: army
  colour: green
army | troops   MIL
";
        let (_, diags) = AgentDict::load(&[Source::dyad("a.txt", text)]);
        let lines: Vec<u32> = diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.line)
            .collect();
        assert_eq!(lines, [1, 2, 3, 5, 6, 7], "{diags:?}");
    }
}
