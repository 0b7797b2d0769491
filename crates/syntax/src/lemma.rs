//! Lemmatizer learned from a treebank: an exception table for seen (form, XPOS) pairs whose
//! lemma the rules get wrong, and longest-suffix rewrite rules per XPOS for everything else.

use std::collections::HashMap;

use dyad_text::Xpos;

use crate::hash::{hash_ascii_lower, hash_bytes};
use crate::io::{Reader, Writer};
use crate::perceptron::IdMap;
use crate::Error;

/// Longest suffix (in chars) that rules are keyed on.
const MAX_SUFFIX: usize = 6;

/// A rewrite: remove `strip` chars from the end, then append `add`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Rule {
    strip: u8,
    add: String,
}

#[derive(Clone, Default)]
pub struct Lemmatizer {
    /// hash(lowercased form, xpos) -> index into `strings`.
    exceptions: IdMap<u64, u32>,
    strings: Vec<String>,
    /// hash(xpos, lowercased suffix of k chars) -> index into `rules`.
    suffix_rules: IdMap<u64, u16>,
    rules: Vec<Rule>,
    /// Hashes of the lowercased lemmas seen in training (model format 4): a rule whose
    /// result is not a known lemma gives way to a shorter suffix's rule, or to a plain
    /// inflection, whose result is.
    known: IdMap<u64, ()>,
}

/// Key of a lemma in `known`: its lowercased form's hash (ASCII lowercased in place).
fn known_key(lemma: &str) -> u64 {
    if lemma.is_ascii() {
        hash_ascii_lower(0x4B_0000, lemma.as_bytes())
    } else {
        hash_bytes(0x4B_0000, lemma.to_lowercase().as_bytes())
    }
}

/// Plain English inflections undone, for unseen forms whose learned rules give no known
/// lemma: (suffix, replacement) by XPOS.
fn plain_inflections(x: Xpos) -> &'static [(&'static str, &'static str)] {
    match x.name() {
        "VBD" | "VBN" => &[("ed", "e"), ("ed", ""), ("ied", "y"), ("ed", "-")],
        "VBG" => &[("ing", "e"), ("ing", ""), ("ing", "-")],
        "VBZ" => &[("es", ""), ("s", ""), ("ies", "y")],
        "NNS" => &[("s", ""), ("es", ""), ("ies", "y")],
        _ => &[],
    }
}

fn is_proper(x: Xpos) -> bool {
    matches!(x.name(), "NNP" | "NNPS")
}

fn exc_key(lower: &str, x: Xpos) -> u64 {
    hash_bytes(0x1E44A + x.0 as u64, lower.as_bytes())
}

fn suf_key(suffix: &str, x: Xpos, k: usize) -> u64 {
    hash_bytes(0x5F0000 + ((x.0 as u64) << 8) + k as u64, suffix.as_bytes())
}

/// Lowercases `form` into `out`.
fn lowercase_into(form: &str, out: &mut String) {
    out.clear();
    for c in form.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Byte offset where the last `k` chars of `s` start (0 if `s` is shorter).
fn suffix_start(s: &str, k: usize) -> usize {
    if k == 0 {
        return s.len();
    }
    s.char_indices().rev().nth(k - 1).map_or(0, |(i, _)| i)
}

/// The base a rule applies to: the form for proper nouns, else the lowercased form.
fn base<'a>(form: &'a str, lower: &'a str, x: Xpos) -> &'a str {
    if is_proper(x) {
        form
    } else {
        lower
    }
}

fn rule_between(base: &str, lemma: &str) -> Option<Rule> {
    let common = base
        .char_indices()
        .zip(lemma.chars())
        .take_while(|((_, a), b)| a == b)
        .last()
        .map_or(0, |((i, a), _)| i + a.len_utf8());
    let strip = base[common..].chars().count();
    if strip > u8::MAX as usize {
        return None;
    }
    Some(Rule {
        strip: strip as u8,
        add: lemma[common..].to_string(),
    })
}

fn apply(rule: &Rule, base: &str, out: &mut String) {
    let cut = suffix_start(base, rule.strip as usize);
    out.push_str(&base[..cut]);
    out.push_str(&rule.add);
}

impl Lemmatizer {
    /// Learns from (form, xpos, lemma) triples.
    pub fn train<'a>(data: impl Iterator<Item = (&'a str, Xpos, &'a str)>) -> Lemmatizer {
        // Most frequent lemma of each (lowercased form, xpos).
        let mut by_pair: HashMap<(String, Xpos), HashMap<String, u32>> = HashMap::new();
        let mut forms: HashMap<(String, Xpos), String> = HashMap::new();
        let mut lower = String::new();
        for (form, x, lemma) in data {
            if lemma == "_" || form.is_empty() {
                continue;
            }
            lowercase_into(form, &mut lower);
            let key = (lower.clone(), x);
            *by_pair
                .entry(key.clone())
                .or_default()
                .entry(lemma.to_string())
                .or_default() += 1;
            forms.entry(key).or_insert_with(|| form.to_string());
        }
        let mut pairs: Vec<((String, Xpos), String)> = by_pair
            .into_iter()
            .map(|(k, m)| {
                let best = m
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .map(|e| e.0)
                    .unwrap_or_default();
                (k, best)
            })
            .collect();
        pairs.sort();
        // Rule counts per (xpos, suffix length, suffix), over word types.
        let mut counts: HashMap<(Xpos, usize, String), HashMap<Rule, u32>> = HashMap::new();
        for ((lw, x), lemma) in &pairs {
            let form = &forms[&(lw.clone(), *x)];
            let b = base(form, lw, *x);
            // Rules rewrite the base; proper-noun lemmas keep their case.
            let target = if is_proper(*x) {
                lemma.clone()
            } else {
                lemma.to_lowercase()
            };
            let Some(rule) = rule_between(b, &target) else {
                continue;
            };
            let nchars = lw.chars().count();
            for k in 0..=MAX_SUFFIX.min(nchars) {
                let suf = &lw[suffix_start(lw, k)..];
                *counts
                    .entry((*x, k, suf.to_string()))
                    .or_default()
                    .entry(rule.clone())
                    .or_default() += 1;
            }
        }
        let mut best: HashMap<(Xpos, usize, String), (Rule, u32)> = counts
            .into_iter()
            .map(|(k, m)| {
                let r = m
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .unwrap();
                (k, r)
            })
            .collect();
        // Keep an entry only where it changes the answer of its shorter suffix.
        let mut keys: Vec<(Xpos, usize, String)> = best.keys().cloned().collect();
        keys.sort();
        let mut keep = Vec::new();
        for key in &keys {
            let (x, k, suf) = key;
            let (rule, n) = &best[key];
            if *k == 0 {
                keep.push((key.clone(), rule.clone()));
                continue;
            }
            let parent_suf = &suf[suffix_start(suf, k - 1)..];
            let parent = best.get(&(*x, k - 1, parent_suf.to_string()));
            if *n >= 2 && parent.is_none_or(|p| p.0 != *rule) {
                keep.push((key.clone(), rule.clone()));
            }
        }
        best.clear();
        let mut lem = Lemmatizer::default();
        let mut rule_ids: HashMap<Rule, u16> = HashMap::new();
        // Entries whose rule was dropped fall back to the shorter suffix; fill `suffix_rules`.
        for ((x, k, suf), rule) in keep {
            let next = rule_ids.len() as u16;
            let id = *rule_ids.entry(rule.clone()).or_insert(next);
            if id == next {
                lem.rules.push(rule);
            }
            lem.suffix_rules.insert(suf_key(&suf, x, k), id);
        }
        for (_, lemma) in &pairs {
            lem.known.insert(known_key(lemma), ());
        }
        // Exceptions: seen pairs the rules get wrong.
        let mut out = String::new();
        for ((lw, x), lemma) in &pairs {
            let form = &forms[&(lw.clone(), *x)];
            out.clear();
            lem.by_rules(form, lw, *x, &mut out);
            if out != *lemma {
                lem.strings.push(lemma.clone());
                lem.exceptions
                    .insert(exc_key(lw, *x), (lem.strings.len() - 1) as u32);
            }
        }
        lem
    }

    fn is_known(&self, lemma: &str) -> bool {
        self.known.contains_key(&known_key(lemma))
    }

    /// The lemma by suffix rules, longest suffix first. With a set of known lemmas, the first
    /// rule giving a known lemma wins, then a plain inflection giving one, then the first
    /// rule's answer.
    fn by_rules(&self, form: &str, lower: &str, x: Xpos, out: &mut String) {
        let b = base(form, lower, x);
        let nchars = lower.chars().count();
        let start = out.len();
        let mut first: Option<usize> = None;
        for k in (0..=MAX_SUFFIX.min(nchars)).rev() {
            let suf = &lower[suffix_start(lower, k)..];
            if let Some(&id) = self.suffix_rules.get(&suf_key(suf, x, k)) {
                let rule = &self.rules[id as usize];
                if (rule.strip as usize) < b.chars().count() {
                    apply(rule, b, out);
                    if self.known.is_empty() || self.is_known(&out[start..]) {
                        return;
                    }
                    first.get_or_insert(id as usize);
                    out.truncate(start);
                }
            }
        }
        if !self.known.is_empty() && !is_proper(x) {
            for &(suf, add) in plain_inflections(x) {
                let Some(stem) = b.strip_suffix(suf) else {
                    continue;
                };
                let bytes = stem.as_bytes();
                let stem = if add == "-" {
                    // Doubled final consonant: "bombed" no, "planned" -> "plan".
                    match bytes {
                        [.., a, c] if a == c && !b"aeiou".contains(c) => &stem[..stem.len() - 1],
                        _ => continue,
                    }
                } else {
                    stem
                };
                if stem.chars().count() < 2 {
                    continue;
                }
                out.push_str(stem);
                if add != "-" {
                    out.push_str(add);
                }
                if self.is_known(&out[start..]) {
                    return;
                }
                out.truncate(start);
            }
        }
        match first {
            Some(id) => apply(&self.rules[id], b, out),
            None => out.push_str(b),
        }
    }

    /// Writes the lemma of `form` tagged `x` into `out` (cleared first); `lower` is scratch.
    pub fn lemma_into(&self, form: &str, x: Xpos, lower: &mut String, out: &mut String) {
        out.clear();
        lowercase_into(form, lower);
        if let Some(&i) = self.exceptions.get(&exc_key(lower, x)) {
            out.push_str(&self.strings[i as usize]);
            return;
        }
        self.by_rules(form, lower, x, out);
        if out.is_empty() {
            out.push_str(form);
        }
    }

    /// The lemma of `form` tagged `x` (allocating convenience wrapper).
    pub fn lemma(&self, form: &str, x: Xpos) -> String {
        let (mut lower, mut out) = (String::new(), String::new());
        self.lemma_into(form, x, &mut lower, &mut out);
        out
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.varint(self.rules.len() as u64);
        for r in &self.rules {
            w.u8(r.strip);
            w.str(&r.add);
        }
        let mut sr: Vec<(u64, u16)> = self.suffix_rules.iter().map(|(&k, &v)| (k, v)).collect();
        sr.sort_unstable();
        w.varint(sr.len() as u64);
        for (k, v) in sr {
            w.u64(k);
            w.varint(v as u64);
        }
        let mut ex: Vec<(u64, &str)> = self
            .exceptions
            .iter()
            .map(|(&k, &v)| (k, self.strings[v as usize].as_str()))
            .collect();
        ex.sort_unstable();
        w.varint(ex.len() as u64);
        for (k, s) in ex {
            w.u64(k);
            w.str(s);
        }
        let mut known: Vec<u64> = self.known.keys().copied().collect();
        known.sort_unstable();
        w.varint(known.len() as u64);
        for k in known {
            w.u64(k);
        }
    }

    /// Reads what `write` wrote; formats before 4 have no known lemmas.
    pub(crate) fn read(r: &mut Reader, with_known: bool) -> Result<Lemmatizer, Error> {
        let mut lem = Lemmatizer::default();
        let n = r.len(2)?;
        for _ in 0..n {
            let strip = r.u8()?;
            let add = r.str()?.to_string();
            lem.rules.push(Rule { strip, add });
        }
        let n = r.len(9)?;
        for _ in 0..n {
            let k = r.u64()?;
            let v = r.varint()?;
            if v as usize >= lem.rules.len() {
                return Err(Error::Model("lemma rule out of range".into()));
            }
            lem.suffix_rules.insert(k, v as u16);
        }
        let n = r.len(9)?;
        for _ in 0..n {
            let k = r.u64()?;
            lem.strings.push(r.str()?.to_string());
            lem.exceptions.insert(k, (lem.strings.len() - 1) as u32);
        }
        if with_known {
            let n = r.len(8)?;
            for _ in 0..n {
                lem.known.insert(r.u64()?, ());
            }
        }
        Ok(lem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x(n: &str) -> Xpos {
        Xpos::from_name(n).unwrap()
    }

    fn toy() -> Lemmatizer {
        let data = [
            ("walked", "VBD", "walk"),
            ("talked", "VBD", "talk"),
            ("jumped", "VBD", "jump"),
            ("used", "VBD", "use"),
            ("caused", "VBD", "cause"),
            ("refused", "VBD", "refuse"),
            ("carried", "VBD", "carry"),
            ("tried", "VBD", "try"),
            ("married", "VBD", "marry"),
            ("went", "VBD", "go"),
            ("dogs", "NNS", "dog"),
            ("cats", "NNS", "cat"),
            ("talks", "NNS", "talk"),
            ("The", "DT", "the"),
            ("I", "PRP", "I"),
            ("Americans", "NNPS", "American"),
            ("Russians", "NNPS", "Russian"),
            ("Iran", "NNP", "Iran"),
            ("running", "VBG", "run"),
            ("making", "VBG", "make"),
            ("walking", "VBG", "walk"),
            ("talking", "VBG", "talk"),
            ("resume", "VB", "resume"),
            ("bomb", "NN", "bomb"),
            ("robbed", "VBD", "rob"),
            ("grabbed", "VBD", "grab"),
            ("stopped", "VBD", "stop"),
            ("plan", "NN", "plan"),
        ];
        Lemmatizer::train(data.iter().map(|&(f, t, l)| (f, x(t), l)))
    }

    #[test]
    fn learned_rules_and_exceptions() {
        let l = toy();
        assert_eq!(l.lemma("went", x("VBD")), "go");
        assert_eq!(l.lemma("Went", x("VBD")), "go");
        assert_eq!(l.lemma("kicked", x("VBD")), "kick");
        assert_eq!(l.lemma("supplied", x("VBD")), "supply");
        assert_eq!(l.lemma("accused", x("VBD")), "accuse");
        assert_eq!(l.lemma("talks", x("NNS")), "talk");
        assert_eq!(l.lemma("Rebels", x("NNS")), "rebel");
        assert_eq!(l.lemma("Germans", x("NNPS")), "German");
        assert_eq!(l.lemma("Tehran", x("NNP")), "Tehran");
        assert_eq!(l.lemma("I", x("PRP")), "I");
        assert_eq!(l.lemma("THE", x("DT")), "the");
        assert_eq!(l.lemma("walking", x("VBG")), "walk");
        assert_eq!(l.lemma("", x("NN")), "");
        // Unseen forms whose learned rule gives no known lemma: a plain inflection that does.
        assert_eq!(l.lemma("resumed", x("VBD")), "resume");
        assert_eq!(l.lemma("bombed", x("VBD")), "bomb");
        assert_eq!(l.lemma("planned", x("VBN")), "plan");
        // Doubled consonants still undone by the learned rule when nothing is known.
        assert_eq!(l.lemma("throbbed", x("VBD")), "throb");
        assert_eq!(l.lemma("été", x("NN")), "été");
    }

    #[test]
    fn round_trip() {
        let l = toy();
        let mut w = Writer::default();
        l.write(&mut w);
        let l2 = Lemmatizer::read(&mut Reader::new(&w.buf), true).unwrap();
        for (f, t) in [
            ("went", "VBD"),
            ("supplied", "VBD"),
            ("Germans", "NNPS"),
            ("talks", "NNS"),
        ] {
            assert_eq!(l.lemma(f, x(t)), l2.lemma(f, x(t)));
        }
    }
}
