//! A trie over token sequences: folded (lower-cased) words -> value ids, with longest-match
//! lookup over a slice of token strings that allocates nothing.
//!
//! Each value may be *case-sensitive* (it then matches only the exact tokens it was inserted
//! with: dyad's rule for short acronyms such as `UN`) and may end in a *stem* (its last word
//! matches any token that starts with it: PETRARCH's discard phrases).

use crate::tokenize::fold_char;
use std::cmp::Ordering;
use std::collections::BTreeMap;

const NONE: u32 = u32::MAX;

#[derive(Clone, Copy, Debug, Default)]
struct Node {
    edges_start: u32,
    edges_len: u32,
    vals_start: u32,
    vals_len: u32,
    stems_start: u32,
    stems_len: u32,
}

#[derive(Clone, Copy, Debug)]
struct Edge {
    label_start: u32,
    label_len: u32,
    child: u32,
}

#[derive(Clone, Copy, Debug)]
struct Val {
    id: u32,
    /// Exact tokens (joined by U+001F) in `exact`, or `NONE` when case-insensitive.
    exact_start: u32,
    exact_len: u32,
}

#[derive(Clone, Copy, Debug)]
struct Stem {
    label_start: u32,
    label_len: u32,
    val: Val,
}

/// A frozen token trie. Build it with [`TrieBuilder`].
#[derive(Clone, Debug, Default)]
pub struct TokenTrie {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    vals: Vec<Val>,
    stems: Vec<Stem>,
    labels: String,
    exact: String,
}

/// Collects sequences, then freezes them into a [`TokenTrie`].
#[derive(Debug, Default)]
pub struct TrieBuilder {
    nodes: Vec<BNode>,
    exact: String,
    count: usize,
}

#[derive(Debug, Default)]
struct BNode {
    children: BTreeMap<String, usize>,
    vals: Vec<Val>,
    stems: Vec<(String, Val)>,
}

impl TrieBuilder {
    pub fn new() -> TrieBuilder {
        TrieBuilder {
            nodes: vec![BNode::default()],
            exact: String::new(),
            count: 0,
        }
    }

    /// Number of sequences inserted.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Adds `tokens` (as written; they are folded here) with value `id`. With
    /// `case_sensitive`, the value matches only these exact tokens; with `stem`, the last
    /// token matches any word it begins. Empty sequences are ignored.
    pub fn insert(&mut self, tokens: &[&str], id: u32, case_sensitive: bool, stem: bool) {
        let Some((last, init)) = tokens.split_last() else {
            return;
        };
        let val = if case_sensitive {
            let start = self.exact.len() as u32;
            for (i, t) in tokens.iter().enumerate() {
                if i > 0 {
                    self.exact.push('\u{1F}');
                }
                self.exact.push_str(t);
            }
            Val {
                id,
                exact_start: start,
                exact_len: self.exact.len() as u32 - start,
            }
        } else {
            Val {
                id,
                exact_start: NONE,
                exact_len: 0,
            }
        };
        let path = if stem { init } else { tokens };
        let mut node = 0usize;
        for t in path {
            let key: String = t.chars().flat_map(fold_char).collect();
            node = match self.nodes[node].children.get(&key) {
                Some(&c) => c,
                None => {
                    let c = self.nodes.len();
                    self.nodes.push(BNode::default());
                    self.nodes[node].children.insert(key, c);
                    c
                }
            };
        }
        if stem {
            let key: String = last.chars().flat_map(fold_char).collect();
            self.nodes[node].stems.push((key, val));
        } else {
            self.nodes[node].vals.push(val);
        }
        self.count += 1;
    }

    /// Freezes the trie (nodes numbered breadth-first, edges sorted by label).
    pub fn build(self) -> TokenTrie {
        let mut t = TokenTrie {
            exact: self.exact,
            ..TokenTrie::default()
        };
        let mut order = Vec::with_capacity(self.nodes.len());
        let mut new_id = vec![0u32; self.nodes.len()];
        order.push(0usize);
        let mut i = 0;
        while i < order.len() {
            let n = order[i];
            for &c in self.nodes[n].children.values() {
                new_id[c] = order.len() as u32;
                order.push(c);
            }
            i += 1;
        }
        for &n in &order {
            let b = &self.nodes[n];
            let mut node = Node {
                edges_start: t.edges.len() as u32,
                edges_len: b.children.len() as u32,
                vals_start: t.vals.len() as u32,
                vals_len: b.vals.len() as u32,
                stems_start: t.stems.len() as u32,
                stems_len: b.stems.len() as u32,
            };
            // BTreeMap iterates in byte order of the folded labels, as lookup expects.
            for (label, &c) in &b.children {
                let start = t.labels.len() as u32;
                t.labels.push_str(label);
                t.edges.push(Edge {
                    label_start: start,
                    label_len: label.len() as u32,
                    child: new_id[c],
                });
            }
            t.vals.extend_from_slice(&b.vals);
            for (label, val) in &b.stems {
                let start = t.labels.len() as u32;
                t.labels.push_str(label);
                t.stems.push(Stem {
                    label_start: start,
                    label_len: label.len() as u32,
                    val: *val,
                });
            }
            if node.edges_len == 0 {
                node.edges_start = 0;
            }
            t.nodes.push(node);
        }
        t
    }
}

/// Compares the folded form of `token` with an already folded `label`, char by char.
fn cmp_folded(token: &str, label: &str) -> Ordering {
    if token.is_ascii() {
        // Fast path: ASCII folds byte by byte.
        let a = token.as_bytes();
        let b = label.as_bytes();
        for (i, &x) in a.iter().enumerate() {
            let Some(&y) = b.get(i) else {
                return Ordering::Greater;
            };
            match x.to_ascii_lowercase().cmp(&y) {
                Ordering::Equal => {}
                o => return o,
            }
        }
        return a.len().cmp(&b.len());
    }
    token.chars().flat_map(fold_char).cmp(label.chars())
}

/// Whether the folded form of `token` starts with the folded `label`.
fn starts_with_folded(token: &str, label: &str) -> bool {
    let mut t = token.chars().flat_map(fold_char);
    label.chars().all(|c| t.next() == Some(c))
}

/// A match: `len` tokens from `start`.
#[derive(Clone, Copy, Debug)]
pub struct TrieMatch<'a> {
    pub start: usize,
    pub len: usize,
    trie: &'a TokenTrie,
    found: Found,
}

#[derive(Clone, Copy, Debug)]
enum Found {
    /// Values of a node; bit i of the mask is set when value i passed its case check
    /// (values past the 64th pass only when case-insensitive).
    Node(u32, u64),
    /// One stem value.
    Stem(u32),
}

impl<'a> TrieMatch<'a> {
    /// The ids of the values that matched.
    pub fn ids(&self) -> impl Iterator<Item = u32> + 'a {
        let trie = self.trie;
        let (vals, mask, single): (&'a [Val], u64, Option<u32>) = match self.found {
            Found::Node(n, mask) => {
                let node = trie.nodes[n as usize];
                let s = node.vals_start as usize;
                (&trie.vals[s..s + node.vals_len as usize], mask, None)
            }
            Found::Stem(i) => (&[], 0, Some(trie.stems[i as usize].val.id)),
        };
        vals.iter()
            .enumerate()
            .filter(move |(i, v)| {
                if *i < 64 {
                    mask & (1 << i) != 0
                } else {
                    v.exact_start == NONE
                }
            })
            .map(|(_, v)| v.id)
            .chain(single)
    }
}

impl TokenTrie {
    pub fn builder() -> TrieBuilder {
        TrieBuilder::new()
    }

    /// Number of nodes (the root included).
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    fn child(&self, node: u32, token: &str) -> Option<u32> {
        let n = self.nodes[node as usize];
        let edges = &self.edges[n.edges_start as usize..(n.edges_start + n.edges_len) as usize];
        edges
            .binary_search_by(|e| {
                let label =
                    &self.labels[e.label_start as usize..(e.label_start + e.label_len) as usize];
                cmp_folded(token, label).reverse()
            })
            .ok()
            .map(|i| edges[i].child)
    }

    fn exact_ok<S: AsRef<str>>(&self, v: &Val, tokens: &[S]) -> bool {
        if v.exact_start == NONE {
            return true;
        }
        let exact = &self.exact[v.exact_start as usize..(v.exact_start + v.exact_len) as usize];
        let mut parts = exact.split('\u{1F}');
        let ok = tokens
            .iter()
            .all(|t| parts.next().is_some_and(|p| p == t.as_ref()));
        ok && parts.next().is_none()
    }

    /// The longest sequence starting at `tokens[start]` that has a value passing its case
    /// check. Allocates nothing.
    pub fn longest_match<S: AsRef<str>>(
        &self,
        tokens: &[S],
        start: usize,
    ) -> Option<TrieMatch<'_>> {
        if self.nodes.is_empty() {
            return None;
        }
        let mut best: Option<TrieMatch<'_>> = None;
        let mut node = 0u32;
        let mut i = start;
        loop {
            let n = self.nodes[node as usize];
            // Values ending here (not at the root: empty sequences are never inserted).
            if i > start && n.vals_len > 0 {
                let vals = &self.vals[n.vals_start as usize..(n.vals_start + n.vals_len) as usize];
                let mut mask = 0u64;
                let mut any = false;
                for (k, v) in vals.iter().enumerate() {
                    if self.exact_ok(v, &tokens[start..i]) {
                        any = true;
                        if k < 64 {
                            mask |= 1 << k;
                        }
                    }
                }
                if any {
                    best = Some(TrieMatch {
                        start,
                        len: i - start,
                        trie: self,
                        found: Found::Node(node, mask),
                    });
                }
            }
            let Some(tok) = tokens.get(i) else {
                break;
            };
            let tok = tok.as_ref();
            // Stems whose last word begins this token.
            for k in n.stems_start..n.stems_start + n.stems_len {
                let s = self.stems[k as usize];
                let label =
                    &self.labels[s.label_start as usize..(s.label_start + s.label_len) as usize];
                if starts_with_folded(tok, label) && self.exact_ok(&s.val, &tokens[start..=i]) {
                    let better = best.as_ref().is_none_or(|b| b.len < i + 1 - start);
                    if better {
                        best = Some(TrieMatch {
                            start,
                            len: i + 1 - start,
                            trie: self,
                            found: Found::Stem(k),
                        });
                    }
                    break;
                }
            }
            match self.child(node, tok) {
                Some(c) => {
                    node = c;
                    i += 1;
                }
                None => break,
            }
        }
        best
    }

    /// All longest matches, scanning left to right and resuming after each match.
    pub fn scan<'t, S: AsRef<str>>(&'t self, tokens: &'t [S]) -> Scan<'t, S> {
        Scan {
            trie: self,
            tokens,
            pos: 0,
        }
    }
}

/// Iterator of [`TokenTrie::scan`].
#[derive(Debug)]
pub struct Scan<'t, S> {
    trie: &'t TokenTrie,
    tokens: &'t [S],
    pos: usize,
}

impl<'t, S: AsRef<str>> Iterator for Scan<'t, S> {
    type Item = TrieMatch<'t>;
    fn next(&mut self) -> Option<TrieMatch<'t>> {
        while self.pos < self.tokens.len() {
            if let Some(m) = self.trie.longest_match(self.tokens, self.pos) {
                self.pos += m.len;
                return Some(m);
            }
            self.pos += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trie() -> TokenTrie {
        let mut b = TrieBuilder::new();
        b.insert(&["United", "States"], 1, false, false);
        b.insert(&["United", "States", "Army"], 2, false, false);
        b.insert(&["United", "Nations"], 3, false, false);
        b.insert(&["UN"], 4, true, false);
        b.insert(&["Iran"], 5, false, false);
        b.insert(&["world", "cup"], 6, false, true);
        b.insert(&["Iran"], 7, false, false);
        b.insert(&["Türkiye"], 8, false, false);
        b.insert(&["Women", "'s", "Front"], 9, false, false);
        b.build()
    }

    fn ids(m: &TrieMatch<'_>) -> Vec<u32> {
        m.ids().collect()
    }

    #[test]
    fn longest_match_wins() {
        let t = trie();
        let toks = ["the", "UNITED", "states", "army", "said"];
        assert!(t.longest_match(&toks, 0).is_none());
        let m = t.longest_match(&toks, 1).unwrap();
        assert_eq!((m.start, m.len), (1, 3));
        assert_eq!(ids(&m), [2]);
        let toks = ["United", "States", "Navy"];
        let m = t.longest_match(&toks, 0).unwrap();
        assert_eq!((m.len, ids(&m)), (2, vec![1]));
        // A prefix of an entry is no match.
        assert!(t.longest_match(&["United"], 0).is_none());
        // Several values on one sequence.
        assert_eq!(ids(&t.longest_match(&["iran"], 0).unwrap()), [5, 7]);
        assert_eq!(ids(&t.longest_match(&["TÜRKIYE"], 0).unwrap()), [8]);
        assert_eq!(
            ids(&t
                .longest_match(&["women", "\u{2019}s", "front"], 0)
                .unwrap()),
            [9]
        );
    }

    #[test]
    fn acronyms_match_case_sensitively() {
        let t = trie();
        assert_eq!(ids(&t.longest_match(&["UN"], 0).unwrap()), [4]);
        assert!(t.longest_match(&["un"], 0).is_none());
        assert!(t.longest_match(&["Un"], 0).is_none());
    }

    #[test]
    fn stems_match_word_beginnings() {
        let t = trie();
        let m = t.longest_match(&["World", "Cups", "final"], 0).unwrap();
        assert_eq!((m.len, ids(&m)), (2, vec![6]));
        assert!(t.longest_match(&["world", "series"], 0).is_none());
    }

    #[test]
    fn scans_left_to_right() {
        let t = trie();
        let toks = ["Iran", "and", "the", "United", "Nations", "at", "the", "UN"];
        let found: Vec<(usize, usize)> = t.scan(&toks).map(|m| (m.start, m.len)).collect();
        assert_eq!(found, [(0, 1), (3, 2), (7, 1)]);
        let empty = TrieBuilder::new().build();
        assert!(empty.longest_match(&toks, 0).is_none());
        assert!(empty.longest_match(&toks, 99).is_none());
    }
}
