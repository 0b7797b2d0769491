//! Event matching on the dependency parse.
//!
//! Every verb and noun of a sentence is a candidate trigger: its lemma (or lower-cased form)
//! selects the dictionary's patterns, most specific first, and the first pattern whose
//! particle and required dependents are present wins (a null-code pattern wins and emits
//! nothing). Source and target are found by following the pattern's slots from the trigger,
//! with the grammar handled here rather than in the dictionary:
//!
//! - passives: `subj` is the by-agent, `obj` the passive subject ("Y was attacked by X");
//! - coordination: conjoined actors each give an event ("spoke with Putin and Zelensky"),
//!   conjoined verbs share their subject ("met X and signed Y");
//! - control and raising: a complement verb without a subject takes its governor's
//!   ("Iran is preparing to supply", "agreed to send");
//! - relative and participial clauses: a relative pronoun stands for the noun it modifies
//!   ("Erdogan, who spoke with Putin"), a participle's subject is the noun it modifies;
//! - reported speech needs no rule: the reported clause is coded as any clause, and the
//!   speaker's statement only where the dictionary gives the speech verb a code.

use crate::actors::Mention;
use dyad_lexicon::verbs::{
    Codebook, Pattern, PatternId, PloverOverride, Rel, Slot, Step, Sym, TriggerPos, VerbDict,
};
use dyad_text::{Doc, Token};

/// An event mention found in a sentence, before context (status, date, place) is added.
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    pub sentence: usize,
    /// The trigger word.
    pub trigger: usize,
    pub code: String,
    /// Index into the mentions of the source and target (and which actor of a group mention).
    pub source: Option<(usize, usize)>,
    pub target: Option<(usize, usize)>,
    pub pattern: PatternId,
    /// `file:line pattern-text` of the entry that fired.
    pub rule: String,
    /// True when this is the paired (reverse) event of a pattern.
    pub reverse: bool,
    /// The pattern has no target slot ("resign", `target=-`): an event without a target is
    /// complete, not a target the parse missed.
    pub targetless: bool,
    /// The dictionary's own PLOVER category for this trigger and code, replacing the
    /// codebook's (`plover=` on the entry, or on an entry of the same trigger and code).
    pub plover: Option<PloverOverride>,
    /// One direction of a joint act (see `EventRecord::reciprocal`).
    pub reciprocal: bool,
}

/// What the matcher tried on one trigger, for `dyad explain`.
#[derive(Clone, Debug, PartialEq)]
pub struct Attempt {
    pub trigger: usize,
    pub pattern: PatternId,
    pub outcome: String,
}

/// The matcher's options.
#[derive(Clone, Copy, Debug, Default)]
pub struct MatchOptions {
    /// Emit events of `weak` patterns (generic statements such as "say").
    pub weak: bool,
    /// Record every pattern tried (for `explain`).
    pub trace: bool,
}

/// Matches a dictionary against a parsed document.
pub struct Matcher<'a> {
    dict: &'a VerbDict,
    codebook: &'a Codebook,
    opts: MatchOptions,
}

/// Words looked at on each side of a trigger by the `before` and `after` relations.
const LINEAR_WINDOW: usize = 8;

fn rel_name(t: Token<'_>) -> &'static str {
    t.deprel().name()
}

fn universal(t: Token<'_>) -> &'static str {
    t.deprel().universal()
}

fn is_passive(t: Token<'_>) -> bool {
    t.children()
        .any(|c| matches!(rel_name(c), "aux:pass" | "nsubj:pass" | "csubj:pass"))
        || (t.xpos().name() == "VBN"
            && matches!(universal(t), "acl")
            && !t.children().any(|c| universal(c) == "obj"))
}

/// Lower-cased lemma of a word (its form when no lemma is set).
fn lemma_lower(t: Token<'_>) -> String {
    let l = t.lemma();
    if l == "_" {
        t.form().to_lowercase()
    } else {
        l.to_lowercase()
    }
}

/// Whether a word is `want` (a lower-cased dictionary word) by lemma or by form.
fn is_word(t: Token<'_>, want: &str) -> bool {
    lemma_lower(t) == want || t.form().to_lowercase() == want
}

/// The preposition/marker of a dependent: its `case` or `mark` child, with `fixed` words
/// joined by `_` ("out of" -> `out_of`).
fn marker(t: Token<'_>) -> Option<String> {
    let c = t
        .children()
        .find(|c| matches!(universal(*c), "case" | "mark"))?;
    let mut s = lemma_lower(c);
    for f in c.children().filter(|f| universal(*f) == "fixed") {
        s.push('_');
        s.push_str(&lemma_lower(f));
    }
    Some(s)
}

impl<'a> Matcher<'a> {
    pub fn new(dict: &'a VerbDict, codebook: &'a Codebook, opts: MatchOptions) -> Matcher<'a> {
        Matcher {
            dict,
            codebook,
            opts,
        }
    }

    pub fn codebook(&self) -> &'a Codebook {
        self.codebook
    }

    pub fn dict(&self) -> &'a VerbDict {
        self.dict
    }

    /// Whether a word matches a lemma set (by lemma or lower-cased form). A quantity
    /// ("hundreds of drones", "a shipment of arms") is looked through to what it counts.
    fn word_in_set(&self, t: Token<'_>, set: dyad_lexicon::verbs::SetId) -> bool {
        if self.word_in_set_exact(t, set) {
            return true;
        }
        let quantity = matches!(t.upos().name(), "NUM" | "DET" | "PRON")
            || matches!(
                lemma_lower(t).as_str(),
                "hundred"
                    | "thousand"
                    | "million"
                    | "dozen"
                    | "number"
                    | "lot"
                    | "batch"
                    | "shipment"
                    | "consignment"
                    | "supply"
                    | "load"
                    | "range"
                    | "type"
                    | "kind"
                    | "variety"
                    | "set"
                    | "package"
                    | "tranche"
                    | "fleet"
                    | "series"
                    | "wave"
                    | "barrage"
                    | "round"
                    | "part"
                    | "portion"
                    | "half"
                    | "rest"
                    | "bulk"
                    | "share"
                    | "majority"
                    | "kg"
                    | "kilogram"
                    | "ton"
                    | "tonne"
                    | "pound"
                    | "litre"
                    | "liter"
                    | "gallon"
                    | "barrel"
                    | "crate"
                    | "box"
                    | "bag"
                    | "sack"
                    | "carton"
                    | "container"
                    | "truckload"
                    | "planeload"
            );
        quantity
            && t.children()
                .filter(|c| universal(*c) == "nmod" && marker(*c).as_deref() == Some("of"))
                .any(|c| self.word_in_set_exact(c, set))
    }

    fn word_in_set_exact(&self, t: Token<'_>, set: dyad_lexicon::verbs::SetId) -> bool {
        let set = self.dict.set(set);
        let lemma = lemma_lower(t);
        let form = t.form().to_lowercase();
        let mut words = vec![lemma, form];
        // A plural the lemmatizer left as it is ("supplies"): its regular singulars.
        if t.xpos().name() == "NNS" && words[0] == words[1] {
            words.extend(singulars(&words[1]));
        }
        for w in &words {
            let Some(sym) = self.dict.sym(w) else {
                continue;
            };
            if !set.has_head(sym) {
                continue;
            }
            for item in set.items_with_head(sym) {
                if item.modifiers().iter().all(|m| self.in_subtree(t, *m)) {
                    return true;
                }
            }
        }
        false
    }

    fn in_subtree(&self, t: Token<'_>, sym: Sym) -> bool {
        let want = self.dict.word(sym);
        let sub = t.subtree();
        sub.tokens()
            .any(|w| w.index() != t.index() && is_word(w, want))
    }

    /// Words reached from `t` by one step.
    fn step(&self, t: Token<'a>, step: Step, out: &mut Vec<Token<'a>>)
    where
        'a: 'a,
    {
        let prep = step.prep.map(|s| self.dict.word(s));
        let passive = is_passive(t);
        match step.rel {
            Rel::Subj => {
                let found: Vec<Token<'_>> = if passive {
                    t.children()
                        .filter(|c| {
                            rel_name(*c) == "obl:agent"
                                || (universal(*c) == "obl" && marker(*c).as_deref() == Some("by"))
                        })
                        .collect()
                } else {
                    t.children()
                        .filter(|c| matches!(rel_name(*c), "nsubj" | "nsubj:outer"))
                        .collect()
                };
                if found.is_empty() && !passive {
                    out.extend(self.inherited_subject(t));
                } else {
                    for w in found {
                        out.push(self.reported_subject(t, w));
                    }
                }
            }
            Rel::Obj => {
                if passive {
                    let subj: Vec<_> = t
                        .children()
                        .filter(|c| rel_name(*c) == "nsubj:pass")
                        .collect();
                    if subj.is_empty() {
                        // A passive participle modifying a noun: "troops stationed ..." — the noun.
                        if universal(t) == "acl" {
                            out.extend(t.head());
                        } else if universal(t) == "xcomp" || universal(t) == "conj" {
                            if let Some(h) = t.head() {
                                out.extend(h.children().filter(|c| rel_name(*c) == "nsubj:pass"));
                            }
                        }
                    }
                    out.extend(subj);
                } else {
                    out.extend(t.children().filter(|c| universal(*c) == "obj"));
                }
            }
            Rel::Iobj => out.extend(t.children().filter(|c| universal(*c) == "iobj")),
            Rel::Obl | Rel::Nmod => {
                let want = if step.rel == Rel::Obl { "obl" } else { "nmod" };
                let before = out.len();
                for c in t.children() {
                    if universal(c) != want || rel_name(c) == "nmod:poss" {
                        continue;
                    }
                    if passive && rel_name(c) == "obl:agent" {
                        continue;
                    }
                    match prep {
                        None => out.push(c),
                        Some(p) => {
                            if marker(c).as_deref() == Some(p) {
                                out.push(c);
                            }
                        }
                    }
                }
                // The commonest parse error: a verb's prepositional phrase attached to its
                // object ("supplied drones [to Russia]"). Look there when the verb has none.
                if out.len() == before && step.rel == Rel::Obl && prep.is_some() {
                    let objs: Vec<_> = t.children().filter(|c| universal(*c) == "obj").collect();
                    for o in objs {
                        self.nmod_with(o, prep, 3, out);
                    }
                }
            }
            Rel::Poss => out.extend(t.children().filter(|c| rel_name(*c) == "nmod:poss")),
            Rel::Amod => out.extend(t.children().filter(|c| universal(*c) == "amod")),
            Rel::Compound => out.extend(t.children().filter(|c| rel_name(*c) == "compound")),
            Rel::Xcomp => out.extend(t.children().filter(|c| universal(*c) == "xcomp")),
            Rel::Ccomp => out.extend(t.children().filter(|c| universal(*c) == "ccomp")),
            Rel::Advcl | Rel::Acl => {
                let want = if step.rel == Rel::Advcl {
                    "advcl"
                } else {
                    "acl"
                };
                for c in t.children().filter(|c| universal(*c) == want) {
                    if prep.is_none() || marker(c).as_deref() == prep {
                        out.push(c);
                    }
                }
            }
            Rel::Up => out.extend(t.head()),
            Rel::Any => out.extend(t.children()),
            Rel::Before => {
                let sent = t.sentence();
                let from = t.index().saturating_sub(LINEAR_WINDOW).max(sent.start);
                out.extend((from..t.index()).rev().map(|i| t.doc().token(i)));
            }
            Rel::After => {
                let sent = t.sentence();
                let to = (t.index() + 1 + LINEAR_WINDOW).min(sent.end);
                out.extend((t.index() + 1..to).map(|i| t.doc().token(i)));
            }
        }
    }

    /// `nmod` dependents with preposition `prep` in the phrase of `t`, `depth` levels down.
    fn nmod_with(&self, t: Token<'a>, prep: Option<&str>, depth: usize, out: &mut Vec<Token<'a>>) {
        if depth == 0 {
            return;
        }
        for c in t.children().filter(|c| universal(*c) == "nmod") {
            if marker(c).as_deref() == prep {
                out.push(c);
            } else {
                self.nmod_with(c, prep, depth - 1, out);
            }
        }
    }

    /// The commitment word a trigger is the open complement of ("agreed to send", "is ready
    /// to contribute", "pledged to provide"), if any.
    fn intent_word(&self, t: Token<'a>) -> Option<String> {
        // An open complement, or one the parser made a purpose clause ("offered to mediate").
        let purpose = universal(t) == "advcl"
            && t.children()
                .any(|c| universal(c) == "mark" && lemma_lower(c) == "to");
        if universal(t) != "xcomp" && !purpose {
            return None;
        }
        let h = t.head()?;
        let w = lemma_lower(h);
        matches!(
            w.as_str(),
            "agree"
                | "pledge"
                | "promise"
                | "offer"
                | "vow"
                | "commit"
                | "undertake"
                | "volunteer"
                | "willing"
                | "ready"
                | "prepared"
        )
        .then_some(w)
    }

    /// "Ethiopia indicated it would act": "it" or "they" as the subject of a clausal
    /// complement stands for the governing verb's subject.
    fn reported_subject(&self, t: Token<'a>, subj: Token<'a>) -> Token<'a> {
        if !matches!(lemma_lower(subj).as_str(), "it" | "they") || universal(t) != "ccomp" {
            return subj;
        }
        // Expletive "it" ("it is unclear whether") has a copula or adjective head, not a
        // verb taking a complement.
        t.head()
            .and_then(|h| h.children().find(|c| rel_name(*c) == "nsubj"))
            .filter(|s| matches!(s.upos().name(), "PROPN" | "NOUN"))
            .unwrap_or(subj)
    }

    /// The subject a verb without its own takes: a conjoined verb's, a complement's
    /// governor's (control), a relative clause's noun, or the noun a participle modifies.
    fn inherited_subject(&self, t: Token<'a>) -> Vec<Token<'a>> {
        let mut cur = t;
        for _ in 0..4 {
            let Some(h) = cur.head() else { break };
            match universal(cur) {
                "conj" | "xcomp" => {
                    let subj: Vec<_> = h
                        .children()
                        .filter(|c| matches!(rel_name(*c), "nsubj" | "nsubj:pass" | "nsubj:outer"))
                        .collect();
                    if !subj.is_empty() {
                        // "X was asked to leave" — the passive subject controls; "Syria says
                        // it is willing to withdraw" — "it" is the reporting verb's subject.
                        return subj
                            .into_iter()
                            .map(|s| self.reported_subject(h, s))
                            .collect();
                    }
                    cur = h;
                }
                "acl" => return vec![h],
                // "accused Iran of selling", parsed with the clause on the noun.
                "advcl"
                    if matches!(h.upos().name(), "NOUN" | "PROPN")
                        && cur.children().any(|c| {
                            universal(c) == "mark"
                                && matches!(lemma_lower(c).as_str(), "of" | "for")
                        }) =>
                {
                    return vec![h];
                }
                "advcl"
                    if cur.children().any(|c| {
                        universal(c) == "mark" && matches!(lemma_lower(c).as_str(), "of" | "for")
                    }) && h.children().any(|c| universal(c) == "obj") =>
                {
                    // Object control: "accused Iran of preparing", "thanked X for sending".
                    return h.children().filter(|c| universal(*c) == "obj").collect();
                }
                "advcl" => {
                    // The subject of a true passive is its patient, not the subject of its
                    // reason clause ("was arrested for spying"); an adjectival participle's
                    // is ("it was prepared to meet").
                    let adjectival = !h.children().any(|c| rel_name(c) == "aux:pass");
                    return h
                        .children()
                        .filter(|c| {
                            rel_name(*c) == "nsubj" || (adjectival && rel_name(*c) == "nsubj:pass")
                        })
                        .map(|s| self.reported_subject(h, s))
                        .collect();
                }
                _ => break,
            }
        }
        Vec::new()
    }

    /// Words a slot leads to, with conjuncts, relative pronouns mapped to their nouns.
    fn follow(&self, t: Token<'a>, slot: &Slot) -> Vec<Token<'a>> {
        let mut cur = vec![t];
        let mut next = Vec::new();
        for step in slot.steps.iter() {
            next.clear();
            for w in &cur {
                self.step(*w, *step, &mut next);
            }
            std::mem::swap(&mut cur, &mut next);
            if cur.is_empty() {
                return cur;
            }
        }
        let mut out = Vec::new();
        for w in cur {
            let w = self.antecedent(w);
            push_unique(&mut out, w);
            // Conjuncts: "Putin and Zelensky".
            for c in w.children().filter(|c| universal(*c) == "conj") {
                push_unique(&mut out, c);
            }
            // A noun conjunct the parser hung on the verb instead ("spoke with Putin and
            // his counterpart" with "counterpart" as the verb's conjunct).
            if let Some(h) = w
                .head()
                .filter(|h| h.upos().name() == "VERB" && w.index() > t.index())
            {
                for c in h.children().filter(|c| {
                    universal(*c) == "conj"
                        && c.index() > w.index()
                        && matches!(c.upos().name(), "NOUN" | "PROPN")
                }) {
                    push_unique(&mut out, c);
                }
            }
        }
        out
    }

    /// A relative pronoun stands for the noun its clause modifies.
    fn antecedent(&self, w: Token<'a>) -> Token<'a> {
        if matches!(lemma_lower(w).as_str(), "who" | "which" | "that" | "whom") {
            if let Some(clause) = w.head() {
                if rel_name(clause) == "acl:relcl" {
                    if let Some(noun) = clause.head() {
                        return noun;
                    }
                }
            }
        }
        w
    }

    fn particle_ok(&self, t: Token<'_>, p: &Pattern) -> bool {
        let Some(part) = p.particle else { return true };
        let want = self.dict.word(part);
        t.children()
            .any(|c| matches!(rel_name(c), "compound:prt" | "advmod") && lemma_lower(c) == want)
            || t.children().any(|c| {
                // "pulled out of Iraq" parsed with "out" as part of the preposition.
                universal(c) == "obl"
                    && marker(c).is_some_and(|m| m.split('_').next() == Some(want))
            })
            || {
                // The particle right after the verb, whatever the parser attached it to
                // ("handed over 200 tons" with "over" on the number).
                let next = t.index() + 1;
                next < t.sentence().end && {
                    let w = t.doc().token(next);
                    matches!(w.upos().name(), "ADP" | "ADV" | "PART") && lemma_lower(w) == want
                }
            }
    }

    /// A `before` constraint: some item of `set` ends right before the trigger, its other
    /// words earlier in order (gaps allowed) within the window.
    fn before_ok(&self, t: Token<'a>, set: dyad_lexicon::verbs::SetId) -> bool {
        let sent = t.sentence();
        if t.index() == sent.start {
            return false;
        }
        let doc = t.doc();
        let from = t.index().saturating_sub(LINEAR_WINDOW).max(sent.start);
        let is = |i: usize, sym: Sym| is_word(doc.token(i), self.dict.word(sym));
        let last = t.index() - 1;
        let set = self.dict.set(set);
        let w = doc.token(last);
        let heads = [lemma_lower(w), w.form().to_lowercase()];
        let mut items = heads
            .iter()
            .filter_map(|h| self.dict.sym(h))
            .flat_map(|sym| set.items_with_head(sym));
        items.any(|item| {
            let mut i = last;
            item.modifiers().iter().rev().all(|&m| {
                while i > from {
                    i -= 1;
                    if is(i, m) {
                        return true;
                    }
                }
                false
            })
        })
    }

    fn constraints_ok(&self, t: Token<'a>, p: &Pattern) -> bool {
        p.constraints.iter().all(|c| {
            c.slots.iter().any(|slot| {
                if let (Some(set), [step]) = (c.set, &slot.steps[..]) {
                    if step.rel == Rel::Before {
                        return self.before_ok(t, set);
                    }
                }
                let words = self.follow(t, slot);
                match c.set {
                    None => !words.is_empty(),
                    Some(set) => words.iter().any(|w| self.word_in_set(*w, set)),
                }
            })
        })
    }

    /// The trigger phrase of a noun pattern ("hunger strike") must be complete.
    fn trigger_ok(&self, t: Token<'_>, p: &Pattern, key: &str) -> bool {
        if self.word_in_set(t, p.trigger) {
            return true;
        }
        // Matched through a stem: the items with that head, their modifiers present.
        let Some(sym) = self.dict.sym(key) else {
            return false;
        };
        self.dict
            .set(p.trigger)
            .items_with_head(sym)
            .any(|item| item.modifiers().iter().all(|m| self.in_subtree(t, *m)))
    }

    /// Actor mentions reached by the first slot (in order) that reaches any.
    fn actors_at(
        &self,
        t: Token<'a>,
        slots: &[Slot],
        mention_of: &[u32],
        mentions: &[Mention],
    ) -> Vec<(usize, usize)> {
        for slot in slots {
            let mut found = Vec::new();
            for w in self.follow(t, slot) {
                for m in mentions_of_word(w, mention_of, mentions) {
                    for a in 0..mentions[m].actors.len() {
                        if !found.contains(&(m, a)) {
                            found.push((m, a));
                        }
                    }
                    // Conjuncts inside the phrase: "the ministers of Egypt and Jordan", and
                    // a first conjunct before it: "Malian and Nigerien officials".
                    let doc = t.doc();
                    let (start, end) = (mentions[m].start, mentions[m].end);
                    for i in start..end {
                        let tok = doc.token(i);
                        let first = tok.head().filter(|h| {
                            universal(tok) == "conj" && !(start..end).contains(&h.index())
                        });
                        let conjuncts = tok.children().filter(|c| universal(*c) == "conj");
                        for c in conjuncts.chain(first) {
                            for m2 in mentions_of_word(c, mention_of, mentions) {
                                if !found.iter().any(|(x, _)| *x == m2) {
                                    found.push((m2, 0));
                                }
                            }
                        }
                    }
                }
            }
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }

    /// When the parse gives a main verb no subject actor: the nearest actor before the verb
    /// in its clause (no other verb, clause mark or strong punctuation in between) — what a
    /// subject is when the parser has misattached it ("Jordan's King Abdullah II urged").
    fn clause_source(
        &self,
        t: Token<'a>,
        mention_of: &[u32],
        mentions: &[Mention],
    ) -> Vec<(usize, usize)> {
        if !matches!(universal(t), "root" | "ccomp" | "conj" | "parataxis") {
            return Vec::new();
        }
        let doc = t.doc();
        let sent = t.sentence();
        let mut i = t.index();
        while i > sent.start {
            i -= 1;
            let w = doc.token(i);
            let m = mention_of[i];
            if m != u32::MAX {
                return (0..mentions[m as usize].actors.len())
                    .map(|a| (m as usize, a))
                    .collect();
            }
            if matches!(w.upos().name(), "VERB" | "SCONJ")
                || matches!(w.form(), ";" | ":" | "\"" | "“" | "”")
            {
                break;
            }
        }
        Vec::new()
    }

    /// When the parser made a noun the root of the sentence (it found no main verb), that
    /// noun, if it is an actor before the verb, is the verb's subject: "Erdogan, who ...,
    /// on Monday spoke with Putin" parsed with "Erdogan" as root.
    fn root_source(
        &self,
        t: Token<'a>,
        mention_of: &[u32],
        mentions: &[Mention],
    ) -> Vec<(usize, usize)> {
        let sent = t.sentence();
        let Some(root) = sent.tokens().find(|w| w.head().is_none()) else {
            return Vec::new();
        };
        if root.index() >= t.index() || !matches!(root.upos().name(), "NOUN" | "PROPN") {
            return Vec::new();
        }
        match mention_of.get(root.index()) {
            Some(&m) if m != u32::MAX => (0..mentions[m as usize].actors.len())
                .map(|a| (m as usize, a))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// When the parse gives no target: the pattern's preposition right after the trigger
    /// and an actor mention right after it ("speak with [Turkish President Erdogan]", what
    /// ever the parser made of the phrase).
    fn linear_target(
        &self,
        t: Token<'a>,
        p: &Pattern,
        sources: &[(usize, usize)],
        mention_of: &[u32],
        mentions: &[Mention],
    ) -> Vec<(usize, usize)> {
        let doc = t.doc();
        let sent = t.sentence();
        let next = t.index() + 1;
        if next >= sent.end {
            return Vec::new();
        }
        let word = doc.token(next).form().to_lowercase();
        let wanted = p.target.iter().any(|slot| {
            slot.steps.len() == 1
                && matches!(slot.steps[0].rel, Rel::Obl)
                && slot.steps[0]
                    .prep
                    .is_some_and(|x| self.dict.word(x) == word)
        });
        if !wanted {
            return Vec::new();
        }
        // The mention may start after a determiner or an adjective or two.
        let end = (next + 4).min(sent.end).min(mention_of.len());
        for (i, &m) in mention_of.iter().enumerate().take(end).skip(next + 1) {
            if m != u32::MAX {
                if sources.iter().any(|(sm, _)| *sm == m as usize) {
                    return Vec::new();
                }
                return (0..mentions[m as usize].actors.len())
                    .map(|a| (m as usize, a))
                    .collect();
            }
            if !matches!(doc.token(i).upos().name(), "DET" | "ADJ") {
                break;
            }
        }
        Vec::new()
    }

    /// When the pattern's target slots find no actor: the first actor in the verb's
    /// complements, in word order ("welcomed the resumption of ties **with X**", "believes
    /// **X** can cope"), with the actors coordinated with it — PETRARCH's reading of a verb
    /// phrase.
    fn phrase_target(
        &self,
        t: Token<'a>,
        sources: &[(usize, usize)],
        mention_of: &[u32],
        mentions: &[Mention],
    ) -> (Vec<(usize, usize)>, Option<usize>) {
        for c in t.children() {
            let locative = universal(c) == "obl"
                && marker(c).is_some_and(|m| {
                    matches!(
                        m.as_str(),
                        "in" | "at"
                            | "near"
                            | "inside"
                            | "outside"
                            | "within"
                            | "across"
                            | "throughout"
                            | "around"
                            | "during"
                            | "after"
                            | "before"
                            | "since"
                            | "until"
                            | "on"
                    )
                });
            if c.index() < t.index()
                || !matches!(universal(c), "obj" | "iobj" | "obl" | "ccomp" | "xcomp")
                || rel_name(c) == "obl:agent"
                || rel_name(c).starts_with("obl:tmod")
                || locative
            {
                continue;
            }
            // In a clausal complement only its subject can be the target ("believes X can
            // cope"); the rest of the clause is coded as its own event.
            let scope = if universal(c) == "ccomp" {
                match c
                    .children()
                    .find(|x| matches!(rel_name(*x), "nsubj" | "nsubj:pass"))
                {
                    Some(subj) => subj,
                    None => continue,
                }
            } else {
                c
            };
            let sub = scope.subtree();
            for w in sub.start..sub.end {
                let m = mention_of[w];
                if m == u32::MAX
                    || sources.iter().any(|(sm, _)| *sm == m as usize)
                    || owned(t.doc(), &mentions[m as usize])
                {
                    continue;
                }
                // The mention and the mentions conjoined with its head.
                let mut found: Vec<(usize, usize)> = Vec::new();
                let head = t.doc().token(mentions[m as usize].head);
                let mut heads = vec![head];
                heads.extend(head.children().filter(|x| universal(*x) == "conj"));
                for h in heads {
                    for mi in mentions_of_word(h, mention_of, mentions) {
                        if sources.iter().any(|(sm, _)| *sm == mi) {
                            continue;
                        }
                        for a in 0..mentions[mi].actors.len() {
                            if !found.contains(&(mi, a)) {
                                found.push((mi, a));
                            }
                        }
                    }
                }
                if found.is_empty() {
                    found.push((m as usize, 0));
                }
                let via = (universal(c) == "xcomp").then_some(c.index());
                return (found, via);
            }
        }
        (Vec::new(), None)
    }

    /// Finds the events of one sentence. `mention_of[word]` is the index of the mention
    /// covering the word (`u32::MAX` for none).
    pub fn sentence(
        &self,
        doc: &'a Doc,
        si: usize,
        mentions: &[Mention],
        mention_of: &[u32],
        out: &mut Vec<Match>,
        trace: &mut Vec<Attempt>,
    ) {
        let sent = doc.sentence(si);
        let first = out.len();
        // Matches whose target was found only inside an open complement, with its head:
        // "prepared to supply drones to Russia" is the supply, not a preparation event,
        // when the complement is coded itself.
        let mut through_xcomp: Vec<(usize, usize)> = Vec::new();
        for t in sent.tokens() {
            let pos = match t.upos().name() {
                "VERB" => TriggerPos::Verb,
                "NOUN" => TriggerPos::Noun,
                _ => continue,
            };
            // Words inside an actor mention are not triggers ("the defence ministry").
            if mention_of.get(t.index()).is_some_and(|&m| m != u32::MAX) {
                continue;
            }
            let mut key = lemma_lower(t);
            let mut cands = self.dict.candidates(pos, &key);
            if cands.is_empty() {
                // The lemmatizer can miss ("shelled" -> "shel"): try the form and its
                // regular stems.
                let form = t.form().to_lowercase();
                for stem in std::iter::once(form.clone()).chain(regular_stems(&form)) {
                    cands = self.dict.candidates(pos, &stem);
                    if !cands.is_empty() {
                        key = stem;
                        break;
                    }
                }
            }
            for &pid in cands {
                let p = self.dict.pattern(pid);
                let why = if !self.trigger_ok(t, p, &key) {
                    Some("trigger phrase incomplete")
                } else if !self.particle_ok(t, p) {
                    Some("particle missing")
                } else if !self.constraints_ok(t, p) {
                    Some("required dependent missing")
                } else {
                    None
                };
                if let Some(why) = why {
                    if self.opts.trace {
                        trace.push(Attempt {
                            trigger: t.index(),
                            pattern: pid,
                            outcome: why.to_string(),
                        });
                    }
                    continue;
                }
                // The first pattern that matches decides.
                let Some(code) = &p.code else {
                    if self.opts.trace {
                        trace.push(Attempt {
                            trigger: t.index(),
                            pattern: pid,
                            outcome: "matched a null code: no event".into(),
                        });
                    }
                    break;
                };
                if p.weak && !self.opts.weak {
                    if self.opts.trace {
                        trace.push(Attempt {
                            trigger: t.index(),
                            pattern: pid,
                            outcome: "weak pattern: not emitted".into(),
                        });
                    }
                    break;
                }
                let mut sources = self.actors_at(t, &p.source, mention_of, mentions);
                if sources.is_empty()
                    && pos == TriggerPos::Verb
                    && !p.source.is_empty()
                    && !is_passive(t)
                {
                    sources = self.clause_source(t, mention_of, mentions);
                    if sources.is_empty() {
                        sources = self.root_source(t, mention_of, mentions);
                    }
                }
                let mut targets = self.actors_at(t, &p.target, mention_of, mentions);
                let mut via_xcomp = None;
                if targets.is_empty() && pos == TriggerPos::Verb && !p.target.is_empty() {
                    (targets, via_xcomp) = self.phrase_target(t, &sources, mention_of, mentions);
                }
                if targets.is_empty() {
                    targets = self.linear_target(t, p, &sources, mention_of, mentions);
                }
                if let Some(x) = via_xcomp {
                    through_xcomp.push((out.len(), x));
                }
                if self.opts.trace {
                    trace.push(Attempt {
                        trigger: t.index(),
                        pattern: pid,
                        outcome: format!(
                            "matched: {} source(s), {} target(s)",
                            sources.len(),
                            targets.len()
                        ),
                    });
                }
                let rule = format!(
                    "{}:{}",
                    self.dict
                        .files()
                        .get(p.origin.file as usize)
                        .map_or("?", |f| &**f),
                    p.origin.line
                );
                // "agreed to provide aid", "is ready to send troops": the commitment is
                // CAMEO's intent code (03x), not the act itself.
                let (code_s, rule, intent) = match self
                    .intent_word(t)
                    .and_then(|w| intent_code(code.as_str()).map(|c| (w, c)))
                    .filter(|(_, c)| self.codebook.contains(c))
                {
                    Some((w, c)) => (c, format!("{rule} (intent: {w:?})"), true),
                    None => (code.as_str().to_string(), rule, false),
                };
                // Entries of this trigger with the same code whose requirements hold here.
                let sibling = |q: PatternId, code_ok: &dyn Fn(&str) -> bool| {
                    let q = self.dict.pattern(q);
                    (q.pos == p.pos
                        && q.code.as_ref().is_some_and(|c| code_ok(c.as_str()))
                        && self.trigger_ok(t, q, &key)
                        && self.particle_ok(t, q)
                        && self.constraints_ok(t, q))
                    .then_some(q)
                };
                let own = code.as_str();
                let same_code = |q: PatternId| sibling(q, &|c| c == own);
                // The generic code of the entry's family ("130" for "1312") or its own.
                let family = |c: &str| c == own || generic_of(c, own);
                // Complete without a target: the entry has no target slot, or the trigger has
                // a targetless entry with the same code, or with its family's generic code,
                // that matches too ("resign ... target=-" makes "the minister resigned"
                // complete under the more specific "subj=minister"; "threaten verb 130
                // target=-", "X threatened to halt the talks").
                let targetless = targets.is_empty()
                    && (p.target.is_empty()
                        || cands
                            .iter()
                            .any(|&q| sibling(q, &family).is_some_and(|q| q.target.is_empty())));
                // Only for the entry's own code (not an intent code).
                let plover = if p.code.as_ref().is_some_and(|c| c.as_str() == code_s) {
                    p.plover
                        .clone()
                        .or_else(|| cands.iter().find_map(|&q| same_code(q)?.plover.clone()))
                } else {
                    None
                };
                // Reciprocal events: "Egypt and Jordan met" is Egypt meeting Jordan and
                // Jordan meeting Egypt (cooperation and consultation codes only).
                let reciprocal = targets.is_empty()
                    && sources.len() >= 2
                    && matches!(code.root(), "03" | "04" | "05" | "06");
                if reciprocal {
                    for (i, s1) in sources.iter().enumerate() {
                        for (j, s2) in sources.iter().enumerate() {
                            if i != j && s1.0 != s2.0 {
                                out.push(Match {
                                    sentence: si,
                                    trigger: t.index(),
                                    code: code_s.clone(),
                                    source: Some(*s1),
                                    target: Some(*s2),
                                    pattern: pid,
                                    rule: format!(
                                        "{}:{} (reciprocal)",
                                        self.dict
                                            .files()
                                            .get(p.origin.file as usize)
                                            .map_or("?", |f| &**f),
                                        p.origin.line
                                    ),
                                    reverse: false,
                                    targetless: false,
                                    plover: plover.clone(),
                                    reciprocal: true,
                                });
                            }
                        }
                    }
                    break;
                }
                let srcs: Vec<Option<(usize, usize)>> = if sources.is_empty() {
                    vec![None]
                } else {
                    sources.iter().copied().map(Some).collect()
                };
                let tgts: Vec<Option<(usize, usize)>> = if targets.is_empty() {
                    vec![None]
                } else {
                    targets.iter().copied().map(Some).collect()
                };
                // A paired event of the same PLOVER category ("met", "held talks with") makes
                // one joint act with its forward event.
                let mirrored = !intent
                    && p.reverse.as_ref().is_some_and(|r| {
                        let cat = |c: &str| self.codebook.get(c).and_then(|i| i.plover.clone());
                        cat(r.as_str()).is_some() && cat(r.as_str()) == cat(&code_s)
                    });
                for s in &srcs {
                    for g in &tgts {
                        if s.is_none() && g.is_none() {
                            continue;
                        }
                        // An actor does not act on itself through one mention, nor on its
                        // own country as part of a group ("Putin ... discussed ties between
                        // the two countries" is not Russia on Russia).
                        if s.is_some() && s == g {
                            continue;
                        }
                        if let (Some((sm, sa)), Some((gm, ga))) = (s, g) {
                            let (src, tgt) = (&mentions[*sm].actors[*sa], &mentions[*gm]);
                            if tgt.actors.len() > 1
                                && src.country.as_deref() == Some(tgt.actors[*ga].code.as_str())
                            {
                                continue;
                            }
                        }
                        out.push(Match {
                            sentence: si,
                            trigger: t.index(),
                            code: code_s.clone(),
                            source: *s,
                            target: *g,
                            pattern: pid,
                            rule: rule.clone(),
                            reverse: false,
                            targetless,
                            plover: plover.clone(),
                            reciprocal: mirrored && s.is_some() && g.is_some(),
                        });
                        if let (Some(rev), Some(_), Some(_), false) = (&p.reverse, s, g, intent) {
                            out.push(Match {
                                sentence: si,
                                trigger: t.index(),
                                code: rev.as_str().to_string(),
                                source: *g,
                                target: *s,
                                pattern: pid,
                                rule: format!("{rule} (reverse)"),
                                reverse: true,
                                targetless: false,
                                plover: None,
                                reciprocal: mirrored,
                            });
                        }
                    }
                }
                break;
            }
        }
        self.drop_through_xcomp(first, &through_xcomp, out, trace);
        // A noun trigger that is the object of a verb coded with both actors is coded by
        // the verb's pattern ("suspended aid to X" is not also aid to X).
        let verbs: Vec<usize> = out[first..]
            .iter()
            .filter(|m| {
                m.source.is_some()
                    && m.target.is_some()
                    && doc.token(m.trigger).upos().name() == "VERB"
            })
            .map(|m| m.trigger)
            .collect();
        let covered: Vec<usize> = out[first..]
            .iter()
            .map(|m| doc.token(m.trigger))
            .filter(|t| {
                t.upos().name() == "NOUN"
                    && matches!(rel_name(*t), "obj" | "nsubj:pass")
                    && t.head().is_some_and(|h| verbs.contains(&h.index()))
            })
            .map(|t| t.index())
            .collect();
        if !covered.is_empty() {
            // The verb's generic code ("not specified below", ending in 0) takes the more
            // specific code of the same family its object carries: "provided humanitarian
            // aid to X" is 073, not 070.
            let refined: Vec<(usize, String, String)> = out[first..]
                .iter()
                .filter(|m| covered.contains(&m.trigger) && !m.reverse)
                .filter_map(|m| {
                    let head = doc.token(m.trigger).head()?.index();
                    Some((head, m.code.clone(), m.rule.clone()))
                })
                .collect();
            for (head, code, rule) in refined {
                for m in out[first..].iter_mut().filter(|m| m.trigger == head) {
                    if code.len() >= 3 && generic_of(&m.code, &code) {
                        m.code = code.clone();
                        m.rule = format!("{}; refined by {rule}", m.rule);
                    }
                }
            }
            self.drop_triggers(first, &covered, "the object of a coded verb", out, trace);
        }
        // What an appeal, a demand or a threat asks for or threatens is not itself an
        // event: "urged Iran to release the sailors", "said Russia must withdraw",
        // "threatened to cut off supplies" code the appeal, demand or threat only.
        // A threat's content is its source's own act (the open complement); "analysts
        // warned that China could blockade Taiwan" is not a threat of the analysts.
        let mut contents: Vec<usize> = out[first..]
            .iter()
            .filter_map(|m| {
                if matches!(m.code.get(..2), Some("02" | "10")) {
                    Some((m, false))
                } else {
                    (is_threat(&m.code) && m.source.is_some()).then_some((m, true))
                }
            })
            .flat_map(|(m, threat)| {
                doc.token(m.trigger)
                    .children()
                    .filter(move |c| match universal(*c) {
                        "xcomp" => true,
                        "ccomp" => !threat,
                        _ => false,
                    })
                    .map(|c| c.index())
            })
            .collect();
        contents.sort_unstable();
        contents.dedup();
        // With the complements of the complement ("demanded that X refuse to recognize Y").
        let mut i = 0;
        while i < contents.len() && contents.len() < 32 {
            for c in doc.token(contents[i]).children() {
                if matches!(universal(c), "xcomp" | "conj") && !contents.contains(&c.index()) {
                    contents.push(c.index());
                }
            }
            i += 1;
        }
        if !contents.is_empty() {
            let why = "it is what an appeal, demand or threat is about";
            self.drop_triggers(first, &contents, why, out, trace);
        }
        // What is rejected does not happen: "rejected a US offer to host a summit" codes the
        // rejection, not the offer's summit.
        let rejected: Vec<usize> = out[first..]
            .iter()
            .filter(|m| m.code.starts_with("12") && m.source.is_some() && m.target.is_some())
            .flat_map(|m| {
                doc.token(m.trigger)
                    .children()
                    .filter(|c| universal(*c) == "obj")
                    .flat_map(|c| {
                        let sub = c.subtree();
                        (sub.start..sub.end).filter(move |&i| i != c.index())
                    })
            })
            .collect();
        if !rejected.is_empty() {
            self.drop_triggers(first, &rejected, "it is what is rejected", out, trace);
        }
    }

    /// Drops the governing verb's matches (pushed from `start` on, for one trigger) when the
    /// complement they reached into produced events of its own.
    fn drop_through_xcomp(
        &self,
        first: usize,
        through_xcomp: &[(usize, usize)],
        out: &mut Vec<Match>,
        trace: &mut [Attempt],
    ) {
        if through_xcomp.is_empty() {
            return;
        }
        let both = |m: &Match| m.source.is_some() && m.target.is_some();
        let mut drop_triggers: Vec<usize> = Vec::new();
        for &(start, x) in through_xcomp {
            let Some(gov) = out.get(start) else {
                continue;
            };
            // A complement coded without a target does not replace a governing verb that
            // found both actors ("threatened to launch an offensive" with the target only
            // reachable from "threatened").
            // A threat is coded as the threat, whatever it threatens ("threatened to
            // deliver blows to X" is 13x, not the blows): see the content rule below.
            if is_threat(&gov.code) {
                continue;
            }
            // ... but a complete event with a more specific code of the governing verb's own
            // family does ("agreed to resign" is 0341, not the generic 030 with the
            // complement's actors).
            let refines = |m: &Match| {
                generic_of(&gov.code, &m.code)
                    && m.code.len() > 3
                    && (m.target.is_some() || m.targetless)
            };
            let mut comp = out[first..].iter().filter(|m| m.trigger == x).peekable();
            let replaces =
                comp.peek().is_some() && (!both(gov) || comp.any(|m| both(m) || refines(m)));
            if replaces {
                drop_triggers.push(gov.trigger);
            }
        }
        let why = "its open complement is coded as the event";
        self.drop_triggers(first, &drop_triggers, why, out, trace);
    }

    /// Drops the matches pushed from `first` on whose trigger is one of `triggers`, and notes
    /// `why` on their attempts in the trace.
    fn drop_triggers(
        &self,
        first: usize,
        triggers: &[usize],
        why: &str,
        out: &mut Vec<Match>,
        trace: &mut [Attempt],
    ) {
        if triggers.is_empty() {
            return;
        }
        let mut k = 0;
        out.retain(|m| {
            k += 1;
            k <= first || !triggers.contains(&m.trigger)
        });
        if self.opts.trace {
            for &t in triggers {
                if let Some(a) = trace.iter_mut().rev().find(|a| a.trigger == t) {
                    let note = format!("; dropped: {why}");
                    if !a.outcome.contains(&note) {
                        a.outcome.push_str(&note);
                    }
                }
            }
        }
    }
}

/// A sector term owned through a possessive ("their armies", "its troops"): in a verb's
/// complement it is mostly the subject's own ("agreed that their armies should patrol"),
/// so it is no fallback target.
fn owned(doc: &Doc, m: &Mention) -> bool {
    crate::actors::possessive(doc.token(m.start).form()).is_some()
}

/// Whether `generic` is the generic code ("not specified below", ending in 0) of the family
/// of `code`, another code: "130" of "1312", "070" of "073".
fn generic_of(generic: &str, code: &str) -> bool {
    generic.len() == 3
        && generic.ends_with('0')
        && code != generic
        && code.starts_with(&generic[..2])
}

/// A CAMEO threat (13x): coded as the threat, not as what it threatens.
fn is_threat(code: &str) -> bool {
    code.starts_with("13")
}

/// CAMEO's "express intent to" code for an act: meeting -> 036, mediation -> 039, cooperation -> 031x,
/// aid -> 033x, yielding -> 035x (release -> 0353, de-escalation -> 0356, ...), political
/// change -> 034x (resignation -> 0341), diplomatic cooperation -> 032.
fn intent_code(code: &str) -> Option<String> {
    let c = match code {
        "040" | "041" | "042" | "043" | "044" | "046" => "036",
        "045" => "039",
        "050" | "051" | "052" | "053" | "054" | "055" | "056" => "032",
        "057" => "030",
        "060" => "031",
        "061" => "0311",
        "062" => "0312",
        "063" => "0313",
        "064" => "0314",
        "070" => "033",
        "071" => "0331",
        "072" => "0332",
        "073" => "0333",
        "074" => "0334",
        "080" => "035",
        "081" | "0811" | "0812" | "0813" | "0814" => "0351",
        "082" => "0352",
        "084" | "0841" | "0842" => "0353",
        "085" => "0354",
        "086" | "0861" | "0862" | "0863" => "0355",
        "087" | "0871" | "0872" | "0873" | "0874" => "0356",
        "083" => "034",
        "0831" => "0341",
        "0832" => "0342",
        "0833" => "0343",
        "0834" => "0344",
        _ => return None,
    };
    Some(c.to_string())
}

/// Regular singulars of a plural noun: "supplies" -> supply; "taxes" -> tax; "talks" -> talk.
fn singulars(form: &str) -> Vec<String> {
    if !form.ends_with('s') {
        return Vec::new();
    }
    let ies = form.strip_suffix("ies").map(|stem| format!("{stem}y"));
    ies.into_iter()
        .filter(|s| s.len() >= 2)
        .chain(regular_stems(form))
        .collect()
}

/// Stems a regular inflection could come from: "shelled" -> shell, shelle; "stopped" ->
/// stop; "talks" -> talk; "raiding" -> raid, raide.
fn regular_stems(form: &str) -> Vec<String> {
    let mut out = Vec::new();
    for suffix in ["ing", "ed", "es", "s", "d"] {
        if let Some(stem) = form.strip_suffix(suffix) {
            if stem.len() < 2 {
                continue;
            }
            out.push(stem.to_string());
            if suffix == "ing" || suffix == "ed" {
                out.push(format!("{stem}e"));
                let b = stem.as_bytes();
                if b.len() >= 2 && b[b.len() - 1] == b[b.len() - 2] {
                    out.push(stem[..stem.len() - 1].to_string());
                }
            }
        }
    }
    out
}

fn push_unique<'a>(v: &mut Vec<Token<'a>>, t: Token<'a>) {
    if !v.iter().any(|x| x.index() == t.index()) {
        v.push(t);
    }
}

/// Mentions for a word: the mention covering it, or, for a noun phrase head, mentions
/// inside its own phrase ("the leaders of Iran" -> Iran, when "leaders" has no code).
fn mentions_of_word(w: Token<'_>, mention_of: &[u32], mentions: &[Mention]) -> Vec<usize> {
    if let Some(&m) = mention_of.get(w.index()) {
        if m != u32::MAX {
            return vec![m as usize];
        }
    }
    // A compound/amod/nmod:poss child that is a mention: "the Iranian delegation".
    let mut out = Vec::new();
    for c in w.children() {
        if matches!(
            c.deprel().name(),
            "compound" | "amod" | "nmod:poss" | "nmod"
        ) {
            if let Some(&m) = mention_of.get(c.index()) {
                if m != u32::MAX && !out.contains(&(m as usize)) {
                    out.push(m as usize);
                }
            }
        }
    }
    let _ = mentions;
    out
}

/// `mention_of[word]` for a document.
pub fn mention_index(doc: &Doc, mentions: &[Mention]) -> Vec<u32> {
    let mut v = vec![u32::MAX; doc.len()];
    for (k, m) in mentions.iter().enumerate() {
        for slot in v.iter_mut().take(m.end).skip(m.start) {
            if *slot == u32::MAX {
                *slot = k as u32;
            }
        }
    }
    v
}
