//! The in-memory event dictionary shared by dyad's own format and PETRARCH's: lemma sets,
//! dependency slots, patterns, and the lemma index that makes matching cheap.

use std::collections::HashMap;
use std::fmt;

use super::Code;

/// An interned lower-case word or lemma.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(pub u32);

/// Index of a lemma set in [`VerbDict::set`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SetId(pub u32);

/// Index of a pattern in [`VerbDict::pattern`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PatternId(pub u32);

/// Interns lower-case strings.
#[derive(Clone, Debug, Default)]
pub struct Interner {
    map: HashMap<Box<str>, Sym>,
    strs: Vec<Box<str>>,
}

impl Interner {
    pub fn intern(&mut self, s: &str) -> Sym {
        if let Some(&sym) = self.map.get(s) {
            return sym;
        }
        let sym = Sym(self.strs.len() as u32);
        self.strs.push(s.into());
        self.map.insert(s.into(), sym);
        sym
    }

    pub fn get(&self, s: &str) -> Option<Sym> {
        self.map.get(s).copied()
    }

    pub fn resolve(&self, sym: Sym) -> &str {
        &self.strs[sym.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.strs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.strs.is_empty()
    }
}

/// One member of a lemma set: a word, or a phrase whose last word is the head and whose
/// other words must be in the head's subtree (compound, amod, flat...) in the parse.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    Word(Sym),
    /// Words in text order; the last is the head.
    Phrase(Box<[Sym]>),
}

impl Item {
    /// The head word.
    pub fn head(&self) -> Sym {
        match self {
            Item::Word(s) => *s,
            Item::Phrase(w) => *w.last().expect("phrases are not empty"),
        }
    }

    /// The words besides the head (empty for a word).
    pub fn modifiers(&self) -> &[Sym] {
        match self {
            Item::Word(_) => &[],
            Item::Phrase(w) => &w[..w.len() - 1],
        }
    }
}

/// A set of lemmas (a synset, or the alternatives `a|b|&SET` of one constraint).
///
/// A word of the parse matches an item when its lemma or its lower-cased form equals the
/// item's head and, for a phrase, each modifier equals the lemma or form of some word in
/// that word's subtree ("human rights abuses" for `human_rights_abuse`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LemmaSet {
    /// Name for synsets (`"WEAPON"`, without `&`), `None` for inline sets.
    pub name: Option<Box<str>>,
    /// Items, sorted and deduplicated.
    pub items: Vec<Item>,
    /// Heads of all items, sorted and deduplicated: the fast test.
    heads: Vec<Sym>,
}

impl LemmaSet {
    pub(crate) fn new(name: Option<&str>, mut items: Vec<Item>) -> LemmaSet {
        items.sort();
        items.dedup();
        let mut heads: Vec<Sym> = items.iter().map(Item::head).collect();
        heads.sort();
        heads.dedup();
        LemmaSet {
            name: name.map(Into::into),
            items,
            heads,
        }
    }

    /// Whether some item has this head (the cheap first test of a match).
    pub fn has_head(&self, sym: Sym) -> bool {
        self.heads.binary_search(&sym).is_ok()
    }

    /// Items whose head is `sym`.
    pub fn items_with_head(&self, sym: Sym) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.head() == sym)
    }

    pub fn heads(&self) -> &[Sym] {
        &self.heads
    }
}

/// A dependency relation, as seen from a word (the trigger or the word reached by the
/// previous step of a [`Slot`]). Relations are logical: the matcher maps passives so that
/// `Subj` is the active subject or the passive agent (`obl:agent`, "by ..."), and `Obj` the
/// active object or the passive subject (`nsubj:pass`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rel {
    /// `subj`: nsubj (active) or the by-agent (passive).
    Subj,
    /// `obj`: obj (active) or nsubj:pass (passive).
    Obj,
    /// `iobj`.
    Iobj,
    /// `obl` / `obl:PREP`: an oblique, optionally with its preposition (case/mark, with
    /// `fixed` words joined by `_`: `obl:out_of`).
    Obl,
    /// `nmod` / `nmod:PREP`: a noun's prepositional modifier.
    Nmod,
    /// `poss`: nmod:poss ("Russia's attack").
    Poss,
    /// `amod`: adjectival modifier ("Israeli airstrikes").
    Amod,
    /// `compound`: noun compound modifier ("US sanctions").
    Compound,
    /// `xcomp`: open clausal complement ("agreed to send").
    Xcomp,
    /// `ccomp`: clausal complement ("said that ...").
    Ccomp,
    /// `advcl` / `advcl:MARK`: adverbial clause ("accused X of supplying").
    Advcl,
    /// `acl`: clausal modifier of a noun ("a plan to withdraw").
    Acl,
    /// `up`: the word's own head (governor), e.g. `up>subj` = the subject of the verb that
    /// governs a noun trigger ("X launched an attack").
    Up,
    /// `any`: any dependent.
    Any,
    /// `before`: the words just before the trigger, in text order (PETRARCH's words before
    /// the verb: `WILL NOT * ...`): a phrase's last word right before the trigger, its
    /// other words earlier, in order, within eight words.
    Before,
    /// `after`: any of the eight words after the trigger (PETRARCH's plain words after the
    /// verb, matched in text order).
    After,
}

impl Rel {
    pub const ALL: &'static [(Rel, &'static str)] = &[
        (Rel::Subj, "subj"),
        (Rel::Obj, "obj"),
        (Rel::Iobj, "iobj"),
        (Rel::Obl, "obl"),
        (Rel::Nmod, "nmod"),
        (Rel::Poss, "poss"),
        (Rel::Amod, "amod"),
        (Rel::Compound, "compound"),
        (Rel::Xcomp, "xcomp"),
        (Rel::Ccomp, "ccomp"),
        (Rel::Advcl, "advcl"),
        (Rel::Acl, "acl"),
        (Rel::Up, "up"),
        (Rel::Any, "any"),
        (Rel::Before, "before"),
        (Rel::After, "after"),
    ];

    pub fn from_name(name: &str) -> Option<Rel> {
        Rel::ALL.iter().find(|(_, n)| *n == name).map(|(r, _)| *r)
    }

    pub fn name(self) -> &'static str {
        Rel::ALL
            .iter()
            .find(|(r, _)| *r == self)
            .map(|(_, n)| *n)
            .unwrap_or("?")
    }

    /// Whether the relation may carry a preposition or marker (`obl:with`).
    pub fn takes_prep(self) -> bool {
        matches!(self, Rel::Obl | Rel::Nmod | Rel::Advcl | Rel::Acl)
    }
}

/// One step of a slot path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Step {
    pub rel: Rel,
    /// Required preposition/marker (interned, lower case, multiword joined by `_`).
    pub prep: Option<Sym>,
}

/// A path from the trigger to a word: `obj`, `obl:with`, `obj>nmod:on`, `up>subj`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slot {
    pub steps: Box<[Step]>,
}

/// A requirement on the trigger's dependents: one of `slots` must lead to a word, and that
/// word must match `set` when one is given (`None`: any word).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Constraint {
    pub slots: Box<[Slot]>,
    pub set: Option<SetId>,
}

/// The part of speech of a trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TriggerPos {
    Verb,
    Noun,
}

impl TriggerPos {
    pub fn name(self) -> &'static str {
        match self {
            TriggerPos::Verb => "verb",
            TriggerPos::Noun => "noun",
        }
    }
}

/// Which file (of those loaded into a dictionary) and line a pattern comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    /// Index into [`VerbDict::files`].
    pub file: u16,
    pub line: u32,
}

/// One pattern: a trigger, the dependents it requires, where source and target are found,
/// and the code it gives.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    pub pos: TriggerPos,
    /// Lemmas of the trigger word (items may be phrases for nouns: `hunger_strike`).
    pub trigger: SetId,
    /// Verb particle (`pull out`): a dependent with deprel compound:prt or advmod, or the
    /// first word of the preposition of the target's slot ("pulled out of Iraq" parsed with
    /// `out` as case), with this lemma.
    pub particle: Option<Sym>,
    /// Required dependents.
    pub constraints: Box<[Constraint]>,
    /// Where the source actor is found, in order of preference; empty: none.
    pub source: Box<[Slot]>,
    /// Where the target actor is found, in order of preference; empty: none.
    pub target: Box<[Slot]>,
    /// The event code; `None` is the null code (`---`): the pattern matches, wins over less
    /// specific ones, and emits no event.
    pub code: Option<Code>,
    /// Paired event (PETRARCH `[042:043]`, dyad `rev=043`): the target does this to the
    /// source as well.
    pub reverse: Option<Code>,
    /// Low priority: a generic statement-like trigger ("say"); the matcher may skip it.
    pub weak: bool,
    /// PLOVER category (and mode) that replaces the codebook's for this entry, where the
    /// PLOVER manual is finer than CAMEO (`resign ... plover=RETREAT:resign`: a resignation is
    /// RETREAT, though CAMEO 0831 is CONCEDE in the conversion table).
    pub plover: Option<PloverOverride>,
    /// Higher is more specific; candidates are sorted by it, most specific first.
    pub specificity: u16,
    pub origin: Origin,
    /// The entry's comment.
    pub note: Option<Box<str>>,
}

/// An entry's own PLOVER category and mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PloverOverride {
    pub category: Box<str>,
    pub mode: Option<Box<str>>,
}

/// A PETRARCH pattern (or other line) that could not be expressed on a dependency parse:
/// kept, with the reason, never silently dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unconverted {
    pub file: u16,
    pub line: u32,
    pub text: Box<str>,
    pub reason: Box<str>,
}

/// A compact event dictionary with lookup by trigger lemma.
#[derive(Clone, Debug, Default)]
pub struct VerbDict {
    pub(crate) syms: Interner,
    pub(crate) sets: Vec<LemmaSet>,
    pub(crate) synsets: HashMap<Box<str>, SetId>,
    pub(crate) patterns: Vec<Pattern>,
    pub(crate) verb_index: HashMap<Sym, Box<[PatternId]>>,
    pub(crate) noun_index: HashMap<Sym, Box<[PatternId]>>,
    pub(crate) files: Vec<Box<str>>,
    pub(crate) unconverted: Vec<Unconverted>,
}

static EMPTY: [PatternId; 0] = [];

impl VerbDict {
    /// Candidate patterns whose trigger has this lemma (or lower-case form), most specific
    /// first. The matcher tests them in order and keeps the first that matches.
    pub fn candidates(&self, pos: TriggerPos, lemma: &str) -> &[PatternId] {
        match self.syms.get(lemma) {
            Some(sym) => self.candidates_sym(pos, sym),
            None => &EMPTY,
        }
    }

    /// Like [`candidates`](Self::candidates) with an interned word (see [`sym`](Self::sym)).
    pub fn candidates_sym(&self, pos: TriggerPos, sym: Sym) -> &[PatternId] {
        let index = match pos {
            TriggerPos::Verb => &self.verb_index,
            TriggerPos::Noun => &self.noun_index,
        };
        index.get(&sym).map_or(&EMPTY[..], |v| &v[..])
    }

    /// The interned symbol of a word, if any pattern or set uses it. Interning a sentence's
    /// lemmas once lets the matcher compare integers.
    pub fn sym(&self, word: &str) -> Option<Sym> {
        self.syms.get(word)
    }

    pub fn word(&self, sym: Sym) -> &str {
        self.syms.resolve(sym)
    }

    pub fn pattern(&self, id: PatternId) -> &Pattern {
        &self.patterns[id.0 as usize]
    }

    pub fn patterns(&self) -> impl Iterator<Item = (PatternId, &Pattern)> {
        self.patterns
            .iter()
            .enumerate()
            .map(|(i, p)| (PatternId(i as u32), p))
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    pub fn set(&self, id: SetId) -> &LemmaSet {
        &self.sets[id.0 as usize]
    }

    /// A named synset (`"WEAPON"` or `"&WEAPON"`).
    pub fn synset(&self, name: &str) -> Option<SetId> {
        self.synsets
            .get(name.strip_prefix('&').unwrap_or(name))
            .copied()
    }

    /// Names of all synsets, sorted.
    pub fn synset_names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.synsets.keys().map(|k| &**k).collect();
        v.sort_unstable();
        v
    }

    /// Files loaded, indexed by [`Origin::file`].
    pub fn files(&self) -> &[Box<str>] {
        &self.files
    }

    /// PETRARCH lines kept without conversion.
    pub fn unconverted(&self) -> &[Unconverted] {
        &self.unconverted
    }

    /// Whether a word (lemma, or lower-case form) matches a set item's head.
    pub fn set_has(&self, set: SetId, word: &str) -> bool {
        self.syms
            .get(word)
            .is_some_and(|s| self.set(set).has_head(s))
    }

    /// Distinct codes used by the patterns.
    pub fn codes(&self) -> Vec<Code> {
        let mut v: Vec<Code> = self
            .patterns
            .iter()
            .flat_map(|p| p.code.into_iter().chain(p.reverse))
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Writes a slot in dyad's syntax (`obj>nmod:on`).
    pub fn slot_text(&self, slot: &Slot) -> String {
        let mut s = String::new();
        for (i, step) in slot.steps.iter().enumerate() {
            if i > 0 {
                s.push('>');
            }
            s.push_str(step.rel.name());
            if let Some(p) = step.prep {
                s.push(':');
                s.push_str(self.word(p));
            }
        }
        s
    }

    /// Writes a set in dyad's syntax (`&NAME`, or `a|b_c`).
    pub fn set_text(&self, id: SetId) -> String {
        let set = self.set(id);
        if let Some(n) = &set.name {
            return format!("&{n}");
        }
        let items: Vec<String> = set.items.iter().map(|i| self.item_text(i)).collect();
        items.join("|")
    }

    pub fn item_text(&self, item: &Item) -> String {
        match item {
            Item::Word(s) => self.word(*s).to_string(),
            Item::Phrase(w) => w
                .iter()
                .map(|s| self.word(*s))
                .collect::<Vec<_>>()
                .join("_"),
        }
    }

    /// Writes a pattern as one line of dyad's format (for `dyad lexicon` listings and for
    /// converting PETRARCH dictionaries to dyad's format).
    pub fn pattern_text(&self, p: &Pattern) -> String {
        let trig = self.set(p.trigger);
        let mut out = match &trig.name {
            Some(n) => format!("&{n}"),
            None => self.set_text(p.trigger),
        };
        if let Some(prt) = p.particle {
            out.push('_');
            out.push_str(self.word(prt));
        }
        out.push(' ');
        out.push_str(p.pos.name());
        out.push(' ');
        match p.code {
            Some(c) => out.push_str(c.as_str()),
            None => out.push_str("---"),
        }
        for c in p.constraints.iter() {
            out.push(' ');
            let slots: Vec<String> = c.slots.iter().map(|s| self.slot_text(s)).collect();
            out.push_str(&slots.join("|"));
            out.push('=');
            match c.set {
                Some(set) => out.push_str(&self.set_text(set)),
                None => out.push('*'),
            }
        }
        let roles = |slots: &[Slot]| {
            if slots.is_empty() {
                "-".to_string()
            } else {
                slots
                    .iter()
                    .map(|s| self.slot_text(s))
                    .collect::<Vec<_>>()
                    .join("|")
            }
        };
        let (ds, dt) = default_roles(p.pos);
        if *p.source != *ds {
            out.push_str(" source=");
            out.push_str(&roles(&p.source));
        }
        if *p.target != *dt {
            out.push_str(" target=");
            out.push_str(&roles(&p.target));
        }
        if let Some(r) = p.reverse {
            out.push_str(" rev=");
            out.push_str(r.as_str());
        }
        if let Some(o) = &p.plover {
            out.push_str(" plover=");
            out.push_str(&o.category);
            if let Some(m) = &o.mode {
                out.push(':');
                out.push_str(m);
            }
        }
        if p.weak {
            out.push_str(" weak");
        }
        out
    }
}

/// Default source and target slots of a trigger part of speech: verbs `subj` / `obj`;
/// nouns `poss|amod|compound|up>subj` / none.
pub fn default_roles(pos: TriggerPos) -> (Vec<Slot>, Vec<Slot>) {
    let one = |rel| Slot {
        steps: Box::new([Step { rel, prep: None }]),
    };
    match pos {
        TriggerPos::Verb => (vec![one(Rel::Subj)], vec![one(Rel::Obj)]),
        TriggerPos::Noun => (
            vec![
                one(Rel::Poss),
                one(Rel::Amod),
                one(Rel::Compound),
                Slot {
                    steps: Box::new([
                        Step {
                            rel: Rel::Up,
                            prep: None,
                        },
                        Step {
                            rel: Rel::Subj,
                            prep: None,
                        },
                    ]),
                },
            ],
            vec![],
        ),
    }
}

impl fmt::Display for Rel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Builds a [`VerbDict`]: the format readers add sets and patterns, `finish` builds the
/// index.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    pub dict: VerbDict,
    /// Inline sets deduplicated by content.
    inline_sets: HashMap<Vec<Item>, SetId>,
}

impl Builder {
    pub fn add_file(&mut self, name: &str) -> u16 {
        self.dict.files.push(name.into());
        (self.dict.files.len() - 1) as u16
    }

    pub fn intern(&mut self, s: &str) -> Sym {
        self.dict.syms.intern(s)
    }

    /// Adds (or reuses) an unnamed set.
    pub fn inline_set(&mut self, mut items: Vec<Item>) -> SetId {
        items.sort();
        items.dedup();
        if let Some(&id) = self.inline_sets.get(&items) {
            return id;
        }
        let id = SetId(self.dict.sets.len() as u32);
        self.dict.sets.push(LemmaSet::new(None, items.clone()));
        self.inline_sets.insert(items, id);
        id
    }

    /// Defines or replaces a named synset.
    pub fn named_set(&mut self, name: &str, items: Vec<Item>) -> SetId {
        if let Some(&id) = self.dict.synsets.get(name) {
            self.dict.sets[id.0 as usize] = LemmaSet::new(Some(name), items);
            return id;
        }
        let id = SetId(self.dict.sets.len() as u32);
        self.dict.sets.push(LemmaSet::new(Some(name), items));
        self.dict.synsets.insert(name.into(), id);
        id
    }

    pub fn push_pattern(&mut self, mut p: Pattern) -> PatternId {
        let mods = self.dict.sets[p.trigger.0 as usize]
            .items
            .iter()
            .map(|i| i.modifiers().len())
            .min()
            .unwrap_or(0);
        p.specificity = specificity(&p, mods);
        self.dict.patterns.push(p);
        PatternId(self.dict.patterns.len() as u32 - 1)
    }

    /// Builds the lemma index.
    pub fn finish(mut self) -> VerbDict {
        let mut verb: HashMap<Sym, Vec<PatternId>> = HashMap::new();
        let mut noun: HashMap<Sym, Vec<PatternId>> = HashMap::new();
        for (i, p) in self.dict.patterns.iter().enumerate() {
            let index = match p.pos {
                TriggerPos::Verb => &mut verb,
                TriggerPos::Noun => &mut noun,
            };
            for &h in self.dict.sets[p.trigger.0 as usize].heads() {
                index.entry(h).or_default().push(PatternId(i as u32));
            }
        }
        let pats = &self.dict.patterns;
        let finish = |m: HashMap<Sym, Vec<PatternId>>| {
            m.into_iter()
                .map(|(k, mut v)| {
                    v.sort_by_key(|id| {
                        let p = &pats[id.0 as usize];
                        (std::cmp::Reverse(p.specificity), id.0)
                    });
                    v.dedup();
                    (k, v.into_boxed_slice())
                })
                .collect()
        };
        self.dict.verb_index = finish(verb);
        self.dict.noun_index = finish(noun);
        self.dict
    }
}

/// Specificity: the more the pattern requires, the higher. Constraints with a lemma set
/// count 4 (plus 1 per extra path step), presence-only constraints 2, a particle 3, trigger
/// modifiers ("hunger strike") 2 each; weak patterns sit below every normal one.
fn specificity(p: &Pattern, trigger_mods: usize) -> u16 {
    let mut s: u16 = 10;
    if p.particle.is_some() {
        s += 3;
    }
    s += 2 * trigger_mods as u16;
    for c in p.constraints.iter() {
        s += if c.set.is_some() { 4 } else { 2 };
        s += c
            .slots
            .iter()
            .map(|sl| sl.steps.len() as u16 - 1)
            .max()
            .unwrap_or(0);
    }
    if p.weak {
        s = s.saturating_sub(9).min(9);
    }
    s
}
