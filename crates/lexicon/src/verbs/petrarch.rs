//! Reader of PETRARCH verb dictionaries (`CAMEO.2.0.txt`, `PETR.Validate.verbs.txt`):
//! synsets (`&NAME` + `+word` lines), verb blocks (`--- DESCRIPTION [code] ---`, verbs with
//! `{irregular forms}`, multiword verbs marked with `+`, own `[code]`s) and patterns
//! (`- PRE * POST [code] # comment`), converted into the same [`VerbDict`] representation
//! as dyad's own format, with PETRARCH's meaning:
//!
//! * a block's patterns apply to every verb of the block; a verb's own code (or the block's)
//!   is a pattern with no requirements;
//! * words before `*` restrict the subject (`&MILITARY * EXERCISES`: `subj=&MILITARY`);
//! * the first bare particle after `*` is the verb particle (`* OFF TALK`), other bare words
//!   and `{...}` phrases are the object (`obj=talk`), later ones any dependent;
//! * `(PREP X)` is an oblique with that preposition (`obl:prep=x`, or the object's
//!   `nmod:prep` when it follows an object), `(PREP)` one that must be there, `(PREP +)`
//!   the target, `(PREP $)` the source; a bare preposition followed by a word or `+` the
//!   same (TABARI style);
//! * `+`/`$` after the verb mark the target/source slot at that position (the object when
//!   no object word came before);
//! * when a pattern gives no `+`, the target is the object if the pattern does not restrict
//!   it (else the indirect object), then the obliques the pattern requires without
//!   restricting their word, then a restricted object (it may name an actor: "attacked the
//!   government");
//! * `[A:B]` is code A plus the paired event B from target to source; `[:B]` is only B from
//!   target to source; `[---]` the null code; `^` (skip) is dropped.
//!
//! What cannot be expressed on a dependency parse is kept in [`VerbDict::unconverted`] with
//! the reason (and counted in [`PetrarchStats`]): transformations (`~` lines), compound
//! actors (`%`), targets before the verb, auxiliaries or negation glued to the verb
//! (`WILL NOT *`, `NOT_*`), clause markers (`THAT +`), patterns with undefined synsets.

use std::collections::HashMap;

use super::dict::{
    default_roles, Builder, Constraint, Item, Origin, Pattern, Rel, SetId, Slot, Step, TriggerPos,
    Unconverted, VerbDict,
};
use super::format::PARTICLES;
use super::{Code, Codebook, Diagnostic};

/// Counts from reading one PETRARCH verb dictionary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PetrarchStats {
    pub synsets: usize,
    pub blocks: usize,
    /// Verb lines (lemmas), multiword ones included.
    pub verbs: usize,
    pub multiword_verbs: usize,
    /// Pattern lines (`- ...`).
    pub pattern_lines: usize,
    /// Pattern lines converted.
    pub converted: usize,
    /// Pattern and transformation lines kept unconverted.
    pub unconverted: usize,
    pub transformations: usize,
    /// dyad patterns made (block patterns for each verb variant, plus verbs' own codes).
    pub dyad_patterns: usize,
    /// Distinct codes that are not in the CAMEO codebook (WEIS codes in the validation file).
    pub non_cameo_codes: usize,
}

/// Prepositions recognised bare in patterns (TABARI style `TALKS WITH +`) and at the end of
/// multiword verbs (`+ASK_FOR`).
const PREPOSITIONS: &[&str] = &[
    "about",
    "above",
    "across",
    "after",
    "against",
    "along",
    "amid",
    "among",
    "amongst",
    "around",
    "as",
    "at",
    "before",
    "behind",
    "below",
    "beside",
    "between",
    "beyond",
    "by",
    "despite",
    "during",
    "for",
    "from",
    "in",
    "inside",
    "into",
    "near",
    "of",
    "off",
    "on",
    "onto",
    "out",
    "outside",
    "over",
    "per",
    "since",
    "through",
    "throughout",
    "to",
    "toward",
    "towards",
    "under",
    "until",
    "upon",
    "via",
    "with",
    "within",
    "without",
];

/// Words that, glued to or before the verb, make a pattern about auxiliaries or negation.
const AUX: &[&str] = &[
    "will", "would", "not", "n't", "did", "does", "do", "has", "have", "had", "is", "are", "was",
    "were", "be", "been", "can", "could", "should", "may", "might", "must", "to", "never", "no",
];

/// Largest set a `{...}` phrase with synsets may expand to.
const MAX_EXPANSION: usize = 2000;

/// Reads a PETRARCH verb dictionary. Never fails: lines it cannot read are reported as
/// diagnostics (warnings) and kept in [`VerbDict::unconverted`]. Codes not in `codebook`
/// (when given) are kept and reported once each as warnings.
pub fn load(
    text: &str,
    file: &str,
    codebook: Option<&Codebook>,
) -> (VerbDict, PetrarchStats, Vec<Diagnostic>) {
    let mut r = Reader {
        b: Builder::default(),
        stats: PetrarchStats::default(),
        diags: Vec::new(),
        file: file.to_string(),
        file_id: 0,
        synsets: HashMap::new(),
        codebook,
        bad_codes: HashMap::new(),
    };
    r.file_id = r.b.add_file(file);
    r.read(text);
    let mut bad: Vec<_> = r.bad_codes.into_iter().collect();
    bad.sort_by_key(|(_, l)| *l);
    r.stats.non_cameo_codes = bad.len();
    for (code, line) in bad {
        r.diags.push(Diagnostic::warning(
            file,
            line,
            format!("code {code} is not a CAMEO code (kept as is)"),
        ));
    }
    (r.b.finish(), r.stats, r.diags)
}

/// A synset as PETRARCH defines it: items as word lists (a phrase = consecutive words).
#[derive(Clone, Debug)]
struct RawSynset {
    items: Vec<Vec<String>>,
}

/// One verb of a block: lemma plus what its multiword form adds.
#[derive(Clone, Debug)]
struct VerbVariant {
    lemma: String,
    particle: Option<String>,
    /// Extra words of a multiword verb: prepositions (obl:P) or other words (any dependent).
    preps: Vec<String>,
    others: Vec<String>,
    code: Option<Option<Code>>,
    line: u32,
    note: Option<String>,
}

impl VerbVariant {
    fn is_simple(&self) -> bool {
        self.particle.is_none() && self.preps.is_empty() && self.others.is_empty()
    }
}

struct Block {
    code: Option<Code>,
    verbs: Vec<VerbVariant>,
    /// Raw pattern lines: (line number, body, code text, comment).
    patterns: Vec<(u32, String, String, Option<String>)>,
}

struct Reader<'a> {
    b: Builder,
    stats: PetrarchStats,
    diags: Vec<Diagnostic>,
    file: String,
    file_id: u16,
    synsets: HashMap<String, RawSynset>,
    codebook: Option<&'a Codebook>,
    bad_codes: HashMap<String, u32>,
}

enum Tok {
    Word(String),
    Brace(Vec<String>),
    Paren(Vec<Tok>),
}

fn split_comment(line: &str) -> (&str, Option<&str>) {
    match line.find('#') {
        Some(i) => {
            let c = line[i + 1..].trim();
            (&line[..i], (!c.is_empty()).then_some(c))
        }
        None => (line, None),
    }
}

/// Regular plural, PETRARCH's way.
fn plural(w: &str) -> String {
    if let Some(stem) = w.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'o', 'u']) {
            return format!("{stem}ies");
        }
    }
    if w.ends_with("ss") || w.ends_with("sh") || w.ends_with("ch") || w.ends_with('x') {
        return format!("{w}es");
    }
    format!("{w}s")
}

/// A singular for a plural-looking word (`talks` -> `talk`), to match lemmas.
fn singular(w: &str) -> Option<String> {
    if w.len() < 4 || w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return None;
    }
    if matches!(
        w,
        "news" | "arms" | "series" | "species" | "means" | "politics"
    ) {
        return (w == "arms").then(|| "arm".to_string());
    }
    if let Some(s) = w.strip_suffix("ies") {
        // "ties", "lies": a one-letter stem keeps its "ie".
        if s.len() <= 1 {
            return Some(format!("{s}ie"));
        }
        return Some(format!("{s}y"));
    }
    if let Some(s) = w.strip_suffix("sses") {
        return Some(format!("{s}ss"));
    }
    w.strip_suffix('s').map(str::to_string)
}

impl Reader<'_> {
    fn warn(&mut self, line: u32, msg: impl Into<String>) {
        let d = Diagnostic::warning(&self.file, line, msg);
        self.diags.push(d);
    }

    fn keep(&mut self, line: u32, text: &str, reason: &str) {
        self.stats.unconverted += 1;
        self.b.dict.unconverted.push(Unconverted {
            file: self.file_id,
            line,
            text: text.trim().into(),
            reason: reason.into(),
        });
    }

    fn read(&mut self, text: &str) {
        let mut synset: Option<String> = None;
        let mut block: Option<Block> = None;
        for (i, raw) in text.lines().enumerate() {
            let line = i as u32 + 1;
            let t = raw.trim();
            if t.starts_with("<!--") {
                continue;
            }
            let (content, comment) = split_comment(t);
            let content = content.trim();
            if content.is_empty() {
                continue;
            }
            if content.starts_with('&') {
                let name = content.split_whitespace().next().unwrap_or("")[1..].to_string();
                let name = name.trim_end_matches('_').to_uppercase();
                if name.is_empty() {
                    self.warn(line, "synset without a name");
                    synset = None;
                    continue;
                }
                if self.synsets.contains_key(&name) {
                    self.warn(
                        line,
                        format!("synset &{name} defined again: replaces the first"),
                    );
                }
                // Remember whether plurals are generated (label ending in `_`).
                let no_plural = content
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .ends_with('_');
                self.synsets
                    .insert(name.clone(), RawSynset { items: Vec::new() });
                self.stats.synsets += 1;
                synset = Some(if no_plural { format!("{name}_") } else { name });
                continue;
            }
            if let (Some(sname), Some(item)) = (&synset, content.strip_prefix('+')) {
                let no_plural_set = sname.ends_with('_');
                let key = sname.trim_end_matches('_').to_string();
                let items = self.synset_item(item.trim(), no_plural_set, line);
                self.synsets
                    .get_mut(&key)
                    .expect("defined")
                    .items
                    .extend(items);
                continue;
            }
            synset = None;
            if content.starts_with("---") {
                if let Some(b) = block.take() {
                    self.flush_block(b);
                }
                let code = content
                    .find('[')
                    .and_then(|s| {
                        content[s + 1..]
                            .find(']')
                            .map(|e| &content[s + 1..s + 1 + e])
                    })
                    .unwrap_or("---")
                    .trim()
                    .to_string();
                let code = self.code(&code, line).map(|(c, _)| c).unwrap_or(None);
                self.stats.blocks += 1;
                block = Some(Block {
                    code,
                    verbs: Vec::new(),
                    patterns: Vec::new(),
                });
                continue;
            }
            if content.starts_with('~') {
                self.stats.transformations += 1;
                self.keep(
                    line,
                    t,
                    "transformation (verb-on-verb rule): left to the matcher",
                );
                continue;
            }
            let Some(bl) = block.as_mut() else {
                self.warn(line, format!("line outside any verb block: {content:?}"));
                self.keep(line, t, "line outside any verb block");
                continue;
            };
            if let Some(body) = content.strip_prefix('-') {
                self.stats.pattern_lines += 1;
                let (body, code) = match (body.rfind('['), body.rfind(']')) {
                    (Some(s), Some(e)) if s < e => (
                        body[..s].trim().to_string(),
                        body[s + 1..e].trim().to_string(),
                    ),
                    _ => (body.trim().to_string(), String::new()),
                };
                bl.patterns
                    .push((line, body, code, comment.map(str::to_string)));
                continue;
            }
            // A verb line.
            match self.verb_line(content, line, comment) {
                Some(v) => bl.verbs.push(v),
                None => self.keep(line, t, "unreadable verb line"),
            }
        }
        if let Some(b) = block.take() {
            self.flush_block(b);
        }
    }

    fn synset_item(&mut self, item: &str, no_plural_set: bool, line: u32) -> Vec<Vec<String>> {
        let no_plural = no_plural_set || item.ends_with('_');
        let words: Vec<String> = item
            .split(|c: char| c == '_' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            return Vec::new();
        }
        // Nested synsets inside a synset.
        let mut out: Vec<Vec<String>> = vec![Vec::new()];
        for w in &words {
            if let Some(n) = w.strip_prefix('&') {
                let n = n.trim_end_matches('_').to_uppercase();
                let Some(s) = self.synsets.get(&n) else {
                    self.warn(
                        line,
                        format!("unknown synset &{n} in a synset: item skipped"),
                    );
                    return Vec::new();
                };
                let sub = s.items.clone();
                out = out
                    .into_iter()
                    .flat_map(|pre| {
                        sub.iter().map(move |s| {
                            let mut v = pre.clone();
                            v.extend(s.iter().cloned());
                            v
                        })
                    })
                    .collect();
            } else {
                for o in &mut out {
                    o.push(w.clone());
                }
            }
        }
        if !no_plural && !words.last().is_some_and(|w| w.starts_with('&')) {
            let mut plurals = Vec::new();
            for o in &out {
                let mut p = o.clone();
                let last = p.pop().expect("not empty");
                p.push(plural(&last));
                plurals.push(p);
            }
            out.extend(plurals);
        }
        out
    }

    fn code(&mut self, s: &str, line: u32) -> Option<(Option<Code>, Option<Code>)> {
        // Returns (code, reverse) for `A`, `A:B`, `:B` (reverse only: reported as
        // (None, Some(B)) and turned into a swapped pattern by the caller), `---`.
        let s = s.trim().trim_end_matches('!');
        let one = |r: &mut Self, c: &str| -> Option<Option<Code>> {
            let c = c.trim();
            if c.is_empty() || c == "---" {
                return Some(None);
            }
            match Code::new(c) {
                Some(code) => {
                    if let Some(cb) = r.codebook {
                        if !cb.contains(c) {
                            r.bad_codes.entry(c.to_string()).or_insert(line);
                        }
                    }
                    Some(Some(code))
                }
                None => {
                    r.warn(line, format!("unreadable code {c:?}"));
                    None
                }
            }
        };
        match s.split_once(':') {
            Some((a, b)) => Some((one(self, a)?, one(self, b)?)),
            None => Some((one(self, s)?, None)),
        }
    }

    fn verb_line(
        &mut self,
        content: &str,
        line: u32,
        comment: Option<&str>,
    ) -> Option<VerbVariant> {
        // WORD {forms} [code]
        let mut rest = content;
        let mut code = None;
        if let (Some(s), Some(e)) = (rest.find('['), rest.rfind(']')) {
            if s < e {
                let c = rest[s + 1..e].to_string();
                code = Some(self.code(&c, line).map(|(c, _)| c).unwrap_or(None));
                rest = &rest[..s];
            }
        }
        if let Some(s) = rest.find('{') {
            rest = &rest[..s];
        }
        let word = rest.split_whitespace().next()?.to_lowercase();
        self.stats.verbs += 1;
        let parts: Vec<&str> = word.split('_').filter(|p| !p.is_empty()).collect();
        let vi = if parts.len() > 1 {
            self.stats.multiword_verbs += 1;
            parts.iter().position(|p| p.starts_with('+')).unwrap_or(0)
        } else {
            0
        };
        let lemma = parts.get(vi)?.trim_start_matches('+').to_string();
        if lemma.is_empty() {
            return None;
        }
        let mut v = VerbVariant {
            lemma,
            particle: None,
            preps: Vec::new(),
            others: Vec::new(),
            code,
            line,
            note: comment.map(str::to_string),
        };
        for (k, p) in parts.iter().enumerate() {
            let p = p.trim_start_matches('+');
            if k == vi || p.is_empty() {
                continue;
            }
            if k == vi + 1 && PARTICLES.contains(&p) && !matches!(p, "on" | "in" | "by") {
                v.particle = Some(p.to_string());
            } else if k > vi && PREPOSITIONS.contains(&p) && k == parts.len() - 1 {
                v.preps.push(p.to_string());
            } else {
                v.others.push(p.to_string());
            }
        }
        Some(v)
    }

    fn flush_block(&mut self, bl: Block) {
        // Isolated verbs with a code.
        for v in &bl.verbs {
            let code = v.code.unwrap_or(bl.code);
            if code.is_none() {
                continue;
            }
            let (trigger, particle, mut cons, target) = self.variant_parts(std::slice::from_ref(v));
            cons.sort();
            let (source, dt) = default_roles(TriggerPos::Verb);
            let p = Pattern {
                pos: TriggerPos::Verb,
                trigger,
                particle,
                constraints: cons.into_boxed_slice(),
                source: source.into_boxed_slice(),
                target: if target.is_empty() { dt } else { target }.into_boxed_slice(),
                code,
                reverse: None,
                weak: false,
                plover: None,
                specificity: 0,
                origin: Origin {
                    file: self.file_id,
                    line: v.line,
                },
                note: v.note.as_deref().map(Into::into),
            };
            self.b.push_pattern(p);
            self.stats.dyad_patterns += 1;
        }
        if bl.patterns.is_empty() || bl.verbs.is_empty() {
            return;
        }
        // Trigger variants: all simple verbs share one; each multiword verb has its own.
        let simple: Vec<VerbVariant> = bl.verbs.iter().filter(|v| v.is_simple()).cloned().collect();
        let mut variants: Vec<Vec<VerbVariant>> = Vec::new();
        if !simple.is_empty() {
            variants.push(simple);
        }
        for v in bl.verbs.iter().filter(|v| !v.is_simple()) {
            variants.push(vec![v.clone()]);
        }
        for (line, body, code, comment) in &bl.patterns {
            let conv = match self.convert(body, *line) {
                Ok(c) => c,
                Err(reason) => {
                    let text = format!("- {body} [{code}]");
                    self.keep(*line, &text, &reason);
                    continue;
                }
            };
            let Some((code, rev)) = self.code(code, *line) else {
                let text = format!("- {body} [{code}]");
                self.keep(*line, &text, "unreadable code");
                continue;
            };
            self.stats.converted += 1;
            for vs in &variants {
                let (trigger, particle0, mut cons, vtarget) = self.variant_parts(vs);
                let particle = match (particle0, conv.particle) {
                    (Some(a), Some(b)) if a != b => continue, // contradictory: skip variant
                    (a, b) => a.or(b),
                };
                cons.extend(conv.constraints.iter().cloned());
                cons.sort();
                cons.dedup();
                let mut target = conv.target.clone();
                if !conv.explicit_target {
                    let mut t = vtarget.clone();
                    t.extend(target);
                    target = t;
                }
                let mut source = conv.source.clone();
                let (code, reverse) = match (code, rev) {
                    (None, Some(r)) => {
                        // `[:B]`: only the event from target to source.
                        std::mem::swap(&mut source, &mut target);
                        (Some(r), None)
                    }
                    (c, r) => (c, r),
                };
                let p = Pattern {
                    pos: TriggerPos::Verb,
                    trigger,
                    particle,
                    constraints: cons.into_boxed_slice(),
                    source: source.into_boxed_slice(),
                    target: target.into_boxed_slice(),
                    code,
                    reverse,
                    weak: false,
                    plover: None,
                    specificity: 0,
                    origin: Origin {
                        file: self.file_id,
                        line: *line,
                    },
                    note: comment.as_deref().map(Into::into),
                };
                self.b.push_pattern(p);
                self.stats.dyad_patterns += 1;
            }
        }
    }

    /// Trigger set, particle, constraints and preferred target slots of a group of verbs
    /// (all simple, or one multiword verb).
    #[allow(clippy::type_complexity)]
    fn variant_parts(
        &mut self,
        vs: &[VerbVariant],
    ) -> (SetId, Option<super::Sym>, Vec<Constraint>, Vec<Slot>) {
        let items: Vec<Item> = vs
            .iter()
            .map(|v| Item::Word(self.b.intern(&v.lemma)))
            .collect();
        let trigger = self.b.inline_set(items);
        let mut cons = Vec::new();
        let mut target = Vec::new();
        let mut particle = None;
        if let [v] = vs {
            particle = v.particle.as_deref().map(|p| self.b.intern(p));
            for p in &v.preps {
                let slot = self.slot1(Rel::Obl, Some(p));
                target.push(slot.clone());
                cons.push(Constraint {
                    slots: Box::new([slot]),
                    set: None,
                });
            }
            for o in &v.others {
                let set = self.words_set(std::slice::from_ref(o));
                cons.push(Constraint {
                    slots: Box::new([self.slot1(Rel::Any, None)]),
                    set: Some(set),
                });
            }
        }
        (trigger, particle, cons, target)
    }

    fn slot1(&mut self, rel: Rel, prep: Option<&str>) -> Slot {
        let prep = prep.map(|p| self.b.intern(p));
        Slot {
            steps: Box::new([Step { rel, prep }]),
        }
    }

    fn slot2(&mut self, a: Rel, b: Rel, prep: Option<&str>) -> Slot {
        let prep = prep.map(|p| self.b.intern(p));
        Slot {
            steps: Box::new([Step { rel: a, prep: None }, Step { rel: b, prep }]),
        }
    }

    /// A set from pattern words: each word with its singular when it looks plural.
    fn words_set(&mut self, words: &[String]) -> SetId {
        let mut items = Vec::new();
        for w in words {
            items.push(Item::Word(self.b.intern(w)));
            if let Some(s) = singular(w) {
                items.push(Item::Word(self.b.intern(&s)));
            }
        }
        self.b.inline_set(items)
    }

    /// Expands a phrase of pattern words (synsets allowed) into items (head last).
    fn phrase_items(&mut self, words: &[String], line: u32) -> Result<Vec<Vec<String>>, String> {
        let mut out: Vec<Vec<String>> = vec![Vec::new()];
        let n = words.len();
        for (k, w) in words.iter().enumerate() {
            let alts: Vec<Vec<String>> = if let Some(name) = w.strip_prefix('&') {
                let name = name.trim_end_matches('_').to_uppercase();
                match self.synsets.get(&name) {
                    Some(s) => s.items.clone(),
                    None => {
                        self.warn(
                            line,
                            format!("unknown synset &{name}: pattern not converted"),
                        );
                        return Err(format!("undefined synset &{name}"));
                    }
                }
            } else if k == n - 1 {
                let mut v = vec![vec![w.clone()]];
                if let Some(s) = singular(w) {
                    v.push(vec![s]);
                }
                v
            } else {
                vec![vec![w.clone()]]
            };
            out = out
                .into_iter()
                .flat_map(|pre| {
                    alts.iter().map(move |a| {
                        let mut v = pre.clone();
                        v.extend(a.iter().cloned());
                        v
                    })
                })
                .collect();
            if out.len() > MAX_EXPANSION {
                return Err("synset expansion too large".into());
            }
        }
        Ok(out)
    }

    fn set_of(&mut self, words: &[String], line: u32) -> Result<SetId, String> {
        if words.len() == 1 && words[0].starts_with('&') {
            let name = words[0][1..].trim_end_matches('_').to_uppercase();
            if !self.synsets.contains_key(&name) {
                self.warn(
                    line,
                    format!("unknown synset &{name}: pattern not converted"),
                );
                return Err(format!("undefined synset &{name}"));
            }
            if let Some(id) = self.b.dict.synset(&name) {
                return Ok(id);
            }
            let raw = self.synsets[&name].items.clone();
            let items = raw.iter().map(|ws| self.item(ws)).collect();
            return Ok(self.b.named_set(&name, items));
        }
        let expanded = self.phrase_items(words, line)?;
        let items = expanded.iter().map(|ws| self.item(ws)).collect();
        Ok(self.b.inline_set(items))
    }

    /// Adds the constraint "one of `slots` is a word matching `words`" (a word, a synset, or
    /// a `{...}` phrase, head last). Phrases with synsets are split into a constraint on the
    /// head and one per modifier (`slot>any`), instead of expanding every combination.
    fn constrain(
        &mut self,
        c: &mut Converted,
        slots: Vec<Slot>,
        words: &[String],
        line: u32,
    ) -> Result<(), String> {
        let has_synset = words.len() > 1 && words.iter().any(|w| w.starts_with('&'));
        if !has_synset {
            let set = self.set_of(words, line)?;
            c.constraints.push(Constraint {
                slots: slots.into_boxed_slice(),
                set: Some(set),
            });
            return Ok(());
        }
        let (head, mods) = words.split_last().expect("not empty");
        for m in mods {
            let set = self.set_of(std::slice::from_ref(m), line)?;
            let any: Vec<Slot> = slots
                .iter()
                .map(|s| {
                    let mut steps = s.steps.to_vec();
                    steps.push(Step {
                        rel: Rel::Any,
                        prep: None,
                    });
                    Slot {
                        steps: steps.into_boxed_slice(),
                    }
                })
                .collect();
            c.constraints.push(Constraint {
                slots: any.into_boxed_slice(),
                set: Some(set),
            });
        }
        let set = self.set_of(std::slice::from_ref(head), line)?;
        c.constraints.push(Constraint {
            slots: slots.into_boxed_slice(),
            set: Some(set),
        });
        Ok(())
    }

    fn item(&mut self, ws: &[String]) -> Item {
        let syms: Vec<_> = ws.iter().map(|w| self.b.intern(w)).collect();
        if syms.len() == 1 {
            Item::Word(syms[0])
        } else {
            Item::Phrase(syms.into_boxed_slice())
        }
    }

    fn convert(&mut self, body: &str, line: u32) -> Result<Converted, String> {
        let toks = tokenize(body)?;
        let star = toks
            .iter()
            .position(|t| matches!(t, Tok::Word(w) if w.split('_').any(|p| p == "*")));
        let Some(star) = star else {
            return Err("no verb position `*`".into());
        };
        let mut c = Converted::default();
        let mut glued_before: Vec<String> = Vec::new();
        // The verb token itself may carry glued words: `*_UP`, `NOT_*`.
        if let Tok::Word(w) = &toks[star] {
            let parts: Vec<&str> = w.split('_').filter(|p| !p.is_empty()).collect();
            let si = parts.iter().position(|p| *p == "*").expect("has *");
            glued_before = parts[..si].iter().map(|p| p.to_lowercase()).collect();
            for p in &parts[si + 1..] {
                let p = p.to_lowercase();
                if c.particle.is_none() && PARTICLES.contains(&p.as_str()) {
                    c.particle = Some(self.b.intern(&p));
                } else {
                    return Err(format!("word {p:?} glued after the verb"));
                }
            }
        }
        // Before the verb: the subject, or words read in text order (`WILL NOT *`).
        let mut subj_words: Vec<String> = Vec::new();
        let mut pre_words: Vec<String> = Vec::new();
        let mut k = 0;
        while k < star {
            match &toks[k] {
                Tok::Word(w) if w == "$" || w == "^" => {}
                Tok::Word(w) if w == "+" => return Err("target before the verb".into()),
                Tok::Word(w) if w == "%" => return Err("compound actor `%`".into()),
                Tok::Word(w) if w.contains('+') || w.contains('$') || w.contains('%') => {
                    return Err("actor marker glued to a word".into())
                }
                Tok::Word(w) => {
                    let lw = w.to_lowercase();
                    pre_words.extend(lw.split('_').filter(|p| !p.is_empty()).map(str::to_string));
                    if PREPOSITIONS.contains(&lw.as_str()) && k + 1 < star {
                        // `&REFUGEE FROM + *`: the subject's nmod.
                        let slot = self.slot2(Rel::Subj, Rel::Nmod, Some(&lw));
                        k += 1;
                        match &toks[k] {
                            Tok::Word(x) if x == "+" => {
                                c.target = vec![slot];
                                c.explicit_target = true;
                            }
                            Tok::Word(x) if x == "$" => c.source = vec![slot],
                            t => {
                                let ws = tok_words(t);
                                self.constrain(&mut c, vec![slot], &ws, line)?;
                            }
                        }
                    } else {
                        subj_words = lw.split('_').map(str::to_string).collect();
                    }
                }
                Tok::Brace(ws) => subj_words = ws.iter().map(|w| w.to_lowercase()).collect(),
                Tok::Paren(inner) => {
                    let (prep, rest) = paren_parts(inner)?;
                    let slot = self.slot2(Rel::Subj, Rel::Nmod, Some(&prep));
                    self.pp(&mut c, slot, rest, line)?;
                }
            }
            k += 1;
        }
        pre_words.extend(glued_before);
        let linear = pre_words.len() >= 2 || pre_words.iter().any(|w| self.is_aux_like(w));
        if linear {
            // Auxiliaries, negation, adverbs, a governing verb: the words right before the
            // verb, in order.
            let slot = self.slot1(Rel::Before, None);
            let set = self.set_of(&pre_words, line)?;
            c.constraints.push(Constraint {
                slots: Box::new([slot]),
                set: Some(set),
            });
        } else if !subj_words.is_empty() {
            let slot = self.slot1(Rel::Subj, None);
            self.constrain(&mut c, vec![slot], &subj_words, line)?;
        }
        // After the verb.
        let mut obj_used = false;
        let mut presence_pps: Vec<Slot> = Vec::new();
        // Obliques whose object the pattern names: the target may sit in their phrase
        // ("acted on a resolution against + ").
        let mut named_pps: Vec<Slot> = Vec::new();
        let mut k = star + 1;
        let mut first = true;
        while k < toks.len() {
            let next_is_actor =
                matches!(toks.get(k + 1), Some(Tok::Word(x)) if x == "+" || x == "$");
            match &toks[k] {
                Tok::Word(w) if w == "^" => {}
                Tok::Word(w) if w == "%" => return Err("compound actor `%`".into()),
                Tok::Word(w) if w == "+" || w == "$" => {
                    let slots = if obj_used {
                        vec![
                            self.slot1(Rel::Iobj, None),
                            self.slot2(Rel::Obj, Rel::Nmod, None),
                            self.slot1(Rel::Obl, None),
                        ]
                    } else {
                        obj_used = true;
                        vec![self.slot1(Rel::Obj, None)]
                    };
                    if w == "+" {
                        c.target = slots;
                        c.explicit_target = true;
                    } else {
                        c.source = slots;
                    }
                }
                Tok::Word(w) if w.contains('+') || w.contains('$') || w.contains('%') => {
                    return Err("actor marker glued to a word".into())
                }
                Tok::Word(w) => {
                    let lw = w.to_lowercase();
                    if lw == "that" || lw == "whether" {
                        return Err("clause marker after the verb".into());
                    }
                    if first
                        && c.particle.is_none()
                        && PARTICLES.contains(&lw.as_str())
                        && !next_is_actor
                        && !matches!(lw.as_str(), "on" | "in" | "by")
                    {
                        c.particle = Some(self.b.intern(&lw));
                    } else if let Some(preps) = self.prepositions_of(&lw) {
                        // A TABARI-style bare preposition, or a synset of prepositions
                        // (`* &PREPOSIT1 RESOLUTION`): an oblique with any of them, taking
                        // the next token as its object.
                        let mut slots = Vec::new();
                        for p in &preps {
                            slots.extend(self.pp_slots(p, obj_used));
                        }
                        let rest: Vec<&Tok> = match toks.get(k + 1) {
                            Some(t @ Tok::Word(x))
                                if !PREPOSITIONS.contains(&x.to_lowercase().as_str()) =>
                            {
                                k += 1;
                                vec![t]
                            }
                            Some(t @ Tok::Brace(_)) => {
                                k += 1;
                                vec![t]
                            }
                            _ => vec![],
                        };
                        if rest.is_empty() {
                            presence_pps.extend(slots.iter().cloned());
                        } else if !has_marker(rest.iter().map(|t| &**t)) {
                            named_pps.extend(slots.iter().map(with_nmod));
                        }
                        self.pp_multi(&mut c, slots, &rest, line)?;
                    } else {
                        // Consecutive plain words form one noun phrase, head last:
                        // `- * DIPLOMATIC TIES` is "ties" modified by "diplomatic" (and
                        // matches "full diplomatic ties").
                        let mut ws: Vec<String> = lw.split('_').map(str::to_string).collect();
                        while let Some(Tok::Word(x)) = toks.get(k + 1) {
                            let lx = x.to_lowercase();
                            let plain = !matches!(x.as_str(), "+" | "$" | "^" | "%")
                                && !x.contains(['+', '$', '%', '*'])
                                && !PREPOSITIONS.contains(&lx.as_str())
                                && lx != "that"
                                && lx != "whether"
                                && !matches!(toks.get(k + 2), Some(Tok::Word(y)) if y == "+" || y == "$");
                            if !plain {
                                break;
                            }
                            ws.extend(lx.split('_').map(str::to_string));
                            k += 1;
                        }
                        self.noun(&mut c, &ws, &mut obj_used, line)?;
                    }
                }
                Tok::Brace(ws) => {
                    let ws: Vec<String> = ws.iter().map(|w| w.to_lowercase()).collect();
                    self.noun(&mut c, &ws, &mut obj_used, line)?;
                }
                Tok::Paren(inner) => {
                    let (prep, rest) = paren_parts(inner)?;
                    if let Some(name) = prep.strip_prefix('&') {
                        // A synset of prepositions: any of them.
                        let name = name.trim_end_matches('_').to_uppercase();
                        let Some(s) = self.synsets.get(&name) else {
                            return Err(format!("undefined synset &{name}"));
                        };
                        let preps: Vec<String> = s
                            .items
                            .iter()
                            .filter(|i| i.len() == 1)
                            .map(|i| i[0].clone())
                            .filter(|p| PREPOSITIONS.contains(&p.as_str()))
                            .collect();
                        let mut slots = Vec::new();
                        for p in &preps {
                            slots.extend(self.pp_slots(p, obj_used));
                        }
                        if rest.is_empty() {
                            presence_pps.extend(slots.iter().cloned());
                        } else if !has_marker(rest.iter()) {
                            named_pps.extend(slots.iter().map(with_nmod));
                        }
                        let rest: Vec<&Tok> = rest.iter().collect();
                        self.pp_multi(&mut c, slots, &rest, line)?;
                    } else {
                        let slots = self.pp_slots(&prep, obj_used);
                        if rest.is_empty() {
                            presence_pps.extend(slots.iter().cloned());
                        } else if !has_marker(rest.iter()) {
                            named_pps.extend(slots.iter().map(with_nmod));
                        }
                        let rest: Vec<&Tok> = rest.iter().collect();
                        self.pp_multi(&mut c, slots, &rest, line)?;
                    }
                }
            }
            first = false;
            k += 1;
        }
        if !c.explicit_target {
            // PETRARCH's target: the object when the pattern leaves it free, then the
            // obliques the pattern requires.
            let mut t = Vec::new();
            if obj_used {
                t.push(self.slot1(Rel::Iobj, None));
            } else {
                t.push(self.slot1(Rel::Obj, None));
            }
            t.extend(presence_pps);
            t.extend(named_pps);
            if obj_used {
                // Last resort: the restricted object itself, when it names an actor
                // ("attacked the government").
                t.push(self.slot1(Rel::Obj, None));
            }
            c.target = t;
        }
        if c.source.is_empty() {
            c.source = vec![self.slot1(Rel::Subj, None)];
        }
        Ok(c)
    }

    /// An auxiliary or negation, or a synset with one among its items' words.
    fn is_aux_like(&self, word: &str) -> bool {
        if AUX.contains(&word) {
            return true;
        }
        let Some(name) = word.strip_prefix('&') else {
            return false;
        };
        let name = name.trim_end_matches('_').to_uppercase();
        self.synsets.get(&name).is_some_and(|s| {
            s.items
                .iter()
                .any(|i| i.iter().any(|w| AUX.contains(&w.as_str())))
        })
    }

    /// The prepositions a pattern word stands for: itself if it is one, or those of
    /// `&NAME` when every one-word item of that synset is one.
    fn prepositions_of(&self, word: &str) -> Option<Vec<String>> {
        if PREPOSITIONS.contains(&word) {
            return Some(vec![word.to_string()]);
        }
        let name = word.strip_prefix('&')?.trim_end_matches('_').to_uppercase();
        let s = self.synsets.get(&name)?;
        let preps: Vec<String> = s
            .items
            .iter()
            .filter(|i| i.len() == 1)
            .map(|i| i[0].clone())
            .collect();
        (!preps.is_empty() && preps.iter().all(|p| PREPOSITIONS.contains(&p.as_str())))
            .then_some(preps)
    }

    /// Slots for a PP: the verb's oblique, or the object's nmod when an object came first.
    fn pp_slots(&mut self, prep: &str, obj_used: bool) -> Vec<Slot> {
        let mut v = vec![self.slot1(Rel::Obl, Some(prep))];
        if obj_used {
            v.push(self.slot2(Rel::Obj, Rel::Nmod, Some(prep)));
        }
        v
    }

    fn pp(&mut self, c: &mut Converted, slot: Slot, rest: &[Tok], line: u32) -> Result<(), String> {
        let rest: Vec<&Tok> = rest.iter().collect();
        self.pp_multi(c, vec![slot], &rest, line)
    }

    fn pp_multi(
        &mut self,
        c: &mut Converted,
        slots: Vec<Slot>,
        rest: &[&Tok],
        line: u32,
    ) -> Result<(), String> {
        let mut words: Vec<String> = Vec::new();
        let mut actor = None;
        for t in rest {
            match t {
                Tok::Word(w) if w == "+" || w == "$" => actor = Some(w.clone()),
                Tok::Word(w) if w == "^" => {}
                Tok::Word(w) if w == "%" => return Err("compound actor `%`".into()),
                Tok::Word(w) if w.contains('+') || w.contains('$') => {
                    return Err("actor marker glued to a word".into())
                }
                Tok::Word(w) => words = w.to_lowercase().split('_').map(str::to_string).collect(),
                Tok::Brace(ws) => words = ws.iter().map(|w| w.to_lowercase()).collect(),
                Tok::Paren(_) => return Err("nested parentheses".into()),
            }
        }
        if !words.is_empty() {
            self.constrain(c, slots.clone(), &words, line)?;
            if let Some(a) = actor {
                // `(TO + BORDER)`: the actor is a modifier of the PP's word.
                let mut t = Vec::new();
                for s in &slots {
                    for rel in [Rel::Poss, Rel::Nmod, Rel::Compound, Rel::Amod] {
                        let mut steps = s.steps.to_vec();
                        steps.push(Step { rel, prep: None });
                        t.push(Slot {
                            steps: steps.into_boxed_slice(),
                        });
                    }
                }
                if a == "+" {
                    c.target = t;
                    c.explicit_target = true;
                } else {
                    c.source = t;
                }
            }
        } else {
            match actor.as_deref() {
                Some("+") => {
                    c.target = slots;
                    c.explicit_target = true;
                }
                Some(_) => c.source = slots,
                None => c.constraints.push(Constraint {
                    slots: slots.into_boxed_slice(),
                    set: None,
                }),
            }
        }
        Ok(())
    }

    fn noun(
        &mut self,
        c: &mut Converted,
        ws: &[String],
        obj_used: &mut bool,
        line: u32,
    ) -> Result<(), String> {
        // PETRARCH reads these words in text order after the verb: besides the parse
        // positions, any of the words that follow ("* NOW").
        let slots = if *obj_used {
            vec![
                self.slot1(Rel::Any, None),
                self.slot2(Rel::Obj, Rel::Any, None),
                self.slot1(Rel::After, None),
            ]
        } else {
            *obj_used = true;
            vec![self.slot1(Rel::Obj, None), self.slot1(Rel::After, None)]
        };
        self.constrain(c, slots, ws, line)
    }
}

#[derive(Default)]
struct Converted {
    particle: Option<super::Sym>,
    constraints: Vec<Constraint>,
    source: Vec<Slot>,
    target: Vec<Slot>,
    explicit_target: bool,
}

/// Whether tokens hold an actor marker (`+`, `$`, `%`).
fn has_marker<'t>(mut toks: impl Iterator<Item = &'t Tok>) -> bool {
    toks.any(|t| tok_words(t).iter().any(|w| w.contains(['+', '$', '%'])))
}

/// `slot` followed by one `nmod` step.
fn with_nmod(slot: &Slot) -> Slot {
    let mut steps = slot.steps.to_vec();
    steps.push(Step {
        rel: Rel::Nmod,
        prep: None,
    });
    Slot {
        steps: steps.into_boxed_slice(),
    }
}

fn tok_words(t: &Tok) -> Vec<String> {
    match t {
        Tok::Word(w) => w.to_lowercase().split('_').map(str::to_string).collect(),
        Tok::Brace(ws) => ws.iter().map(|w| w.to_lowercase()).collect(),
        Tok::Paren(_) => Vec::new(),
    }
}

/// `(PREP rest...)` -> (lower-case prep, rest).
fn paren_parts(inner: &[Tok]) -> Result<(String, &[Tok]), String> {
    match inner.first() {
        Some(Tok::Word(p)) if !p.contains(['+', '$', '%', '*']) => {
            Ok((p.to_lowercase(), &inner[1..]))
        }
        _ => Err("parenthesis without a leading preposition".into()),
    }
}

/// Splits a pattern body into words, `{...}` phrases and `(...)` groups.
fn tokenize(body: &str) -> Result<Vec<Tok>, String> {
    fn group(
        chars: &mut std::iter::Peekable<std::str::Chars>,
        close: Option<char>,
    ) -> Result<Vec<Tok>, String> {
        let mut out = Vec::new();
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut Vec<Tok>| {
            if !word.is_empty() {
                out.push(Tok::Word(std::mem::take(word)));
            }
        };
        while let Some(ch) = chars.next() {
            match ch {
                c if c.is_whitespace() => flush(&mut word, &mut out),
                '(' => {
                    flush(&mut word, &mut out);
                    out.push(Tok::Paren(group(chars, Some(')'))?));
                }
                '{' => {
                    flush(&mut word, &mut out);
                    let mut ws = Vec::new();
                    let mut w = String::new();
                    let mut closed = false;
                    for ch in chars.by_ref() {
                        match ch {
                            '}' => {
                                closed = true;
                                break;
                            }
                            c if c.is_whitespace() || c == '_' => {
                                if !w.is_empty() {
                                    ws.push(std::mem::take(&mut w));
                                }
                            }
                            c => w.push(c),
                        }
                    }
                    if !w.is_empty() {
                        ws.push(w);
                    }
                    if !closed {
                        return Err("unclosed `{`".into());
                    }
                    if ws.is_empty() {
                        return Err("empty `{}`".into());
                    }
                    out.push(Tok::Brace(ws));
                }
                c if Some(c) == close => {
                    flush(&mut word, &mut out);
                    return Ok(out);
                }
                ')' | '}' => return Err(format!("unbalanced `{ch}`")),
                c => word.push(c),
            }
        }
        if close.is_some() {
            return Err("unclosed `(`".into());
        }
        flush(&mut word, &mut out);
        Ok(out)
    }
    group(&mut body.chars().peekable(), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verbs::TriggerPos::Verb;

    /// The patterns of verb `lemma`, as text.
    fn pattern_texts(d: &VerbDict, lemma: &str) -> Vec<String> {
        d.candidates(Verb, lemma)
            .iter()
            .map(|&id| d.pattern_text(d.pattern(id)))
            .collect()
    }

    const SAMPLE: &str = "\
# a comment\n\
&ARMS_\n\
+WEAPON\n\
+MISSILE\n\
&TROOP\n\
+SOLDIER\n\
+ARMED_FORCE\n\
\n\
--- SEND [---] ---\n\
SEND {SENDS SENDING SENT}\n\
DISPATCH [070]\n\
+SHIP_OFF\n\
- * &ARMS (TO +) [072] # SEND\n\
- * (TO +) [042:043] # SEND\n\
- * {HUMANITARIAN AID} [073] # SEND\n\
- &TROOP * (INTO +) [192] # SEND\n\
- * OFF TROOPS [154] # SEND\n\
- * (FROM $) [:112] # SEND\n\
- WILL NOT * AID [---] # SEND\n\
- % * TALK [040] # SEND\n\
- * ROCKET [s] # odd\n\
~ a (a b ATTACK) SAY = a b 015\n";

    #[test]
    fn phrases_and_preposition_synsets() {
        let text = "&PREPS_\n+ON\n+IN\n\n--- ACT [100] ---\nACT\n\
                    - * DIPLOMATIC TIES [901]\n- * &PREPS RESOLUTION [102]\n";
        let (d, st, _) = load(text, "t.txt", Some(Codebook::builtin()));
        assert_eq!(st.converted, 2, "{:?}", d.unconverted());
        let texts = pattern_texts(&d, "act");
        let has = |s: &str| texts.iter().any(|t| t == s);
        // One noun phrase, head last (not "diplomatic" as object and "ties" anywhere).
        assert!(
            has("act verb 901 obj|after=diplomatic_ties|diplomatic_tie target=iobj|obj"),
            "{texts:#?}"
        );
        // A synset of prepositions is an oblique; the target may be in its phrase.
        assert!(
            has("act verb 102 obl:on|obl:in=resolution target=obj|obl:on>nmod|obl:in>nmod"),
            "{texts:#?}"
        );
    }

    #[test]
    fn reads_inline_sample() {
        let (d, st, diags) = load(SAMPLE, "sample.txt", Some(Codebook::builtin()));
        assert_eq!(st.synsets, 2);
        assert_eq!(st.blocks, 1);
        assert_eq!(st.verbs, 3);
        assert_eq!(st.multiword_verbs, 1);
        assert_eq!(st.pattern_lines, 9);
        assert_eq!(st.converted, 8);
        assert_eq!(st.unconverted, 2, "{:?}", d.unconverted());
        assert_eq!(st.transformations, 1);
        assert_eq!(st.non_cameo_codes, 1);
        assert!(
            diags.iter().any(|d| d.message.contains("code s")),
            "{diags:?}"
        );
        // Every pattern applies to send and dispatch; ship_off gets its own copies.
        let send = d.candidates(Verb, "send");
        let disp = d.candidates(Verb, "dispatch");
        assert_eq!(send.len(), 8);
        assert_eq!(disp.len(), 9); // plus its own code 070
        let ship = d.candidates(Verb, "ship");
        assert!(ship
            .iter()
            .all(|&id| d.word(d.pattern(id).particle.unwrap()) == "off"));
        let texts = pattern_texts(&d, "send");
        let has = |s: &str| texts.iter().any(|t| t == s);
        assert!(
            has("dispatch|send verb 072 obj|after=&ARMS target=obl:to|obj>nmod:to"),
            "{texts:#?}"
        );
        assert!(
            has("dispatch|send verb 042 target=obl:to rev=043"),
            "{texts:#?}"
        );
        assert!(
            has("dispatch|send verb 073 obj|after=humanitarian_aid target=iobj|obj"),
            "{texts:#?}"
        );
        assert!(
            has("dispatch|send verb 192 subj=&TROOP target=obl:into"),
            "{texts:#?}"
        );
        assert!(
            has("dispatch|send_off verb 154 obj|after=troops|troop target=iobj|obj"),
            "{texts:#?}"
        );
        // `[:112]`: the event goes from the target side to the source side.
        assert!(
            has("dispatch|send verb 112 source=obj target=obl:from"),
            "{texts:#?}"
        );
        assert!(
            has("dispatch|send verb s obj|after=rocket target=iobj|obj"),
            "{texts:#?}"
        );
        // Words before the verb are read in text order (`WILL NOT *`): a null code.
        assert!(
            has("dispatch|send verb --- obj|after=aid before=will_not target=iobj|obj"),
            "{texts:#?}"
        );
        // Synset without plurals (label ends in `_`) vs with plurals.
        let arms = d.synset("ARMS").unwrap();
        assert!(d.set_has(arms, "weapon") && !d.set_has(arms, "weapons"));
        let troop = d.synset("TROOP");
        assert!(troop.is_some());
        let reasons: Vec<&str> = d.unconverted().iter().map(|u| &*u.reason).collect();
        assert!(reasons.iter().any(|r| r.contains("compound actor")));
        assert!(reasons.iter().any(|r| r.contains("transformation")));
    }

    #[test]
    fn tokenizer_groups() {
        let t = tokenize("&MIL * (FOR {FINANCIAL AID}) + [x]").unwrap();
        assert_eq!(t.len(), 5);
        assert!(matches!(&t[2], Tok::Paren(v) if v.len() == 2));
        assert!(tokenize("* (FOR").is_err());
        assert!(tokenize("* {A").is_err());
    }

    #[test]
    fn plurals_and_singulars() {
        assert_eq!(plural("army"), "armies");
        assert_eq!(plural("day"), "days");
        assert_eq!(plural("pass"), "passes");
        assert_eq!(singular("talks").as_deref(), Some("talk"));
        assert_eq!(singular("rallies").as_deref(), Some("rally"));
        assert_eq!(singular("arms").as_deref(), Some("arm"));
        assert_eq!(singular("news"), None);
        assert_eq!(singular("crisis"), None);
    }

    fn shared(name: &str) -> Option<String> {
        let p = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/petrarch2-dictionaries/"
        );
        std::fs::read_to_string(format!("{p}{name}")).ok()
    }

    #[test]
    fn loads_petrarch_dictionaries() {
        for name in ["CAMEO.2.0.txt", "PETR.Validate.verbs.txt"] {
            let Some(text) = shared(name) else {
                println!("skipped: ../shared/data/petrarch2-dictionaries/{name} not found");
                return;
            };
            let t = std::time::Instant::now();
            let (d, st, diags) = load(&text, name, Some(Codebook::builtin()));
            let ms = t.elapsed().as_secs_f64() * 1e3;
            println!(
                "{name}: {st:?}; {} dyad patterns, {} synsets, loaded in {ms:.1} ms (test profile)",
                d.len(),
                d.synset_names().len()
            );
            let mut reasons: HashMap<&str, usize> = HashMap::new();
            for u in d.unconverted() {
                *reasons.entry(&u.reason).or_default() += 1;
            }
            println!("  unconverted by reason: {reasons:?}");
            println!("  diagnostics: {}", diags.len());
            assert!(diags
                .iter()
                .all(|d| d.severity == super::super::Severity::Warning));
            assert_eq!(
                st.converted + st.unconverted,
                st.pattern_lines + st.transformations
            );
            assert!(!d.is_empty());
            if name == "CAMEO.2.0.txt" {
                assert!(st.pattern_lines > 4000);
                assert!(st.converted * 100 / st.pattern_lines >= 95, "{st:?}");
                // A known pattern: `- * (TO BORDER) [154]` under ACCELERATE (RUSH).
                let rush = d.candidates(Verb, "rush");
                assert!(rush.iter().any(|&id| {
                    let p = d.pattern(id);
                    p.code.map(|c| c.to_string()).as_deref() == Some("154")
                        && d.pattern_text(p).contains("obl:to=border")
                }));
                // Only the two undefined synsets are reported.
                assert_eq!(st.non_cameo_codes, 0, "{diags:?}");
                assert_eq!(diags.len(), 2, "{diags:?}");
            }
        }
    }
}
