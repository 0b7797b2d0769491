//! Discard lists: phrases that mark a sentence (or a whole article) as not to be coded,
//! such as sports results ("World Cup") or entertainment.
//!
//! dyad's format, one phrase per line:
//! ```text
//! world cup
//! + academy awards      # `+`: discard the whole article
//! basketball*           # `*`: the last word is a stem ("basketballer")
//! ```

use crate::diag::Diagnostic;
use crate::text::{name_key, strip_comment};
use crate::tokenize::name_tokens;
use crate::trie::{TokenTrie, TrieBuilder};
use crate::{Format, Source};
use std::collections::HashMap;

/// What a discard phrase discards.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    Sentence,
    Article,
}

/// One discard phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discard {
    pub phrase: String,
    pub scope: Scope,
    /// Whether the last word matches any word it begins.
    pub stem: bool,
    pub file: u32,
    pub line: u32,
}

/// A discard phrase found in text.
#[derive(Clone, Copy, Debug)]
pub struct DiscardHit<'a> {
    pub start: usize,
    pub len: usize,
    pub discard: &'a Discard,
}

/// A list of discard phrases with a trie.
#[derive(Clone, Debug, Default)]
pub struct DiscardList {
    files: Vec<String>,
    entries: Vec<Discard>,
    trie: TokenTrie,
}

impl DiscardList {
    /// Loads discard files (dyad's or PETRARCH's format); never panics on bad input.
    pub fn load(sources: &[Source<'_>]) -> (DiscardList, Vec<Diagnostic>) {
        let mut list = DiscardList::default();
        let mut diags = Vec::new();
        for src in sources {
            let file = list.files.len() as u32;
            list.files.push(src.name.to_string());
            let format = src
                .format
                .unwrap_or_else(|| crate::detect_format(crate::DictKind::Discards, &src.text));
            match format {
                Format::Dyad => {
                    parse_dyad(file, &src.name, &src.text, &mut list.entries, &mut diags)
                }
                Format::Petrarch => crate::petrarch::read_discards(
                    file,
                    &src.name,
                    &src.text,
                    &mut list.entries,
                    &mut diags,
                ),
            }
        }
        let mut b = TrieBuilder::new();
        for (i, e) in list.entries.iter().enumerate() {
            b.insert(&name_tokens(&e.phrase), i as u32, false, e.stem);
        }
        list.trie = b.build();
        (list, diags)
    }

    pub fn entries(&self) -> &[Discard] {
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

    /// The longest discard phrase starting at `tokens[start]`. Allocates nothing.
    pub fn longest_match<S: AsRef<str>>(
        &self,
        tokens: &[S],
        start: usize,
    ) -> Option<DiscardHit<'_>> {
        let m = self.trie.longest_match(tokens, start)?;
        let id = m.ids().next()?;
        Some(DiscardHit {
            start: m.start,
            len: m.len,
            discard: &self.entries[id as usize],
        })
    }

    /// The first discard phrase in `tokens` (a sentence's words), preferring an
    /// article-level one if any is present.
    pub fn find<S: AsRef<str>>(&self, tokens: &[S]) -> Option<DiscardHit<'_>> {
        let mut first = None;
        for i in 0..tokens.len() {
            if let Some(h) = self.longest_match(tokens, i) {
                if h.discard.scope == Scope::Article {
                    return Some(h);
                }
                first = first.or(Some(h));
            }
        }
        first
    }
}

fn parse_dyad(
    file: u32,
    name: &str,
    text: &str,
    out: &mut Vec<Discard>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<(String, bool), u32> = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        let t = strip_comment(raw).trim();
        if t.is_empty() {
            continue;
        }
        let (scope, body) = match t.strip_prefix('+') {
            Some(rest) => (Scope::Article, rest.trim()),
            None => (Scope::Sentence, t),
        };
        let (stem, body) = match body.strip_suffix('*') {
            Some(rest) => (true, rest.trim_end()),
            None => (false, body),
        };
        if body.is_empty() || body.contains('*') {
            diags.push(Diagnostic::error(
                name,
                line_no,
                format!(
                    "bad discard `{t}`: expected a phrase, optionally `+` before and `*` after"
                ),
            ));
            continue;
        }
        let key = (name_key(body), stem);
        if let Some(l) = seen.get(&key) {
            diags.push(Diagnostic::error(
                name,
                line_no,
                format!("duplicate discard `{body}` (first at line {l})"),
            ));
            continue;
        }
        seen.insert(key, line_no);
        out.push(Discard {
            phrase: body.split_whitespace().collect::<Vec<_>>().join(" "),
            scope,
            stem,
            file,
            line: line_no,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_finds_discards() {
        let text = "# dyad discards\nworld cup\n+ academy awards  # films\nbasketball*\n";
        let (list, diags) = DiscardList::load(&[Source::dyad("d.txt", text)]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(list.len(), 3);
        let hit = list.find(&["The", "basketballer", "scored"]).unwrap();
        assert_eq!((hit.start, hit.len, hit.discard.line), (1, 1, 4));
        let hit = list
            .find(&["World", "Cup", "and", "Academy", "Awards"])
            .unwrap();
        assert_eq!(hit.discard.scope, Scope::Article);
        assert!(list.find(&["world", "cups"]).is_none());
        assert!(list.find(&["the", "cup"]).is_none());
    }

    #[test]
    fn reports_discard_errors() {
        let text = "world cup\n+\n*\nWorld  Cup\nworld cup*\nfoo * bar\n";
        let (_, diags) = DiscardList::load(&[Source::dyad("d.txt", text)]);
        let lines: Vec<u32> = diags.iter().map(|d| d.line).collect();
        assert_eq!(lines, [2, 3, 4, 6], "{diags:?}");
    }
}
