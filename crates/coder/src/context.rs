//! Event context on the parse: status and modality (asserted, alleged, planned, negated,
//! hypothetical, denied), who the event is attributed to, and which temporal expression
//! dates it.
//!
//! Cues are collected on the trigger and on each verb above it while the path goes through
//! clausal complements ("accused Iran **of preparing to supply**", "said **that** ...",
//! "unclear **whether** ..."):
//! - negated: `not`/`never`/`n't` on the trigger, `no` before a noun trigger, under
//!   *refuse*, *fail*, *decline* ("refused to meet");
//! - denied: under *deny*, *reject* (a claim), *dismiss*;
//! - hypothetical: `if`/`whether`/`unless` marking the clause, modals *could*, *might*,
//!   *may*, *would* (without a future cue), under *unclear*, *possible*, *consider*;
//! - alleged: under *accuse*, *allege*, *claim*, *charge*, *suspect*, *indicate*, *suggest*,
//!   *believe*, or with *reportedly*, *allegedly*, *apparently*, *purportedly*;
//! - planned: `will`/`shall`/`going to`, under *plan*, *intend*, *prepare*, *aim*, *seek*,
//!   *want*, *expect*, *schedule*, *agree*, *promise*, *pledge*, *vow*, *decide*, *hope*,
//!   *threaten*, or with *planned*, *upcoming*, *proposed* before a noun trigger.
//!
//! `status` is the first of negated, denied, hypothetical, alleged, planned that applies,
//! else asserted; `modality` lists every cue. `attributed_to` is the subject of the nearest
//! speech or claim verb above the trigger ("Sullivan said ...").

use crate::actors::Mention;
use crate::dates::DateExpr;
use crate::record::Status;
use dyad_text::{Doc, Token};

/// Status, modality and attribution of one event.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusInfo {
    pub status: Status,
    pub modality: Vec<Status>,
    /// (mention index, actor index) of who said or claimed it.
    pub attributed_to: Option<(usize, usize)>,
}

fn lemma(t: Token<'_>) -> String {
    let l = t.lemma();
    if l == "_" {
        t.form().to_lowercase()
    } else {
        l.to_lowercase()
    }
}

fn rel(t: Token<'_>) -> &'static str {
    t.deprel().universal()
}

const ALLEGE: &[&str] = &[
    "accuse", "allege", "assert", "believe", "blame", "charge", "claim", "contend", "indicate",
    "insist", "rumor", "rumour", "suggest", "suspect",
];
const SPEECH: &[&str] = &[
    "add", "announce", "confirm", "declare", "note", "report", "say", "state", "tell", "write",
];
const PLAN: &[&str] = &[
    "agree",
    "aim",
    "decide",
    "expect",
    "hope",
    "intend",
    "plan",
    "pledge",
    "prepare",
    "promise",
    "schedule",
    "seek",
    "set",
    "threaten",
    "vow",
    "want",
    "propose",
    "offer",
    "consider",
    "ready",
    "willing",
    "prepared",
    "commit",
    "undertake",
    "volunteer",
];
const REFUSE: &[&str] = &["decline", "fail", "refuse"];
const DENY: &[&str] = &["deny", "dismiss", "refute", "reject"];
const HYPO_HEADS: &[&str] = &[
    "unclear",
    "possible",
    "uncertain",
    "unknown",
    "likely",
    "unlikely",
];

/// Status of the event triggered by word `trigger`.
pub fn status(doc: &Doc, trigger: usize, mentions: &[Mention]) -> StatusInfo {
    let mut modality: Vec<Status> = Vec::new();
    let mut add = |s: Status, m: &mut Vec<Status>| {
        if !m.contains(&s) {
            m.push(s);
        }
    };
    let mut attributed_to = None;
    let t = doc.token(trigger);
    // Cues on the trigger itself.
    own_cues(t, &mut modality, &mut add);
    // Climb through clausal complements.
    let mut cur = t;
    // Plans and refusals of a verb do not reach an event named in its obliques, its subject
    // or a clause modifying an argument ("offered to negotiate after the invasion": the
    // invasion is not planned; "refused to meet the visiting king": the visit happened).
    let mut aside = false;
    for _ in 0..6 {
        let r = rel(cur);
        let Some(h) = cur.head() else { break };
        let mark = cur.children().find(|c| rel(*c) == "mark").map(lemma);
        // Adverbial clauses pass cues only when they are the complement of an accusation or
        // a purpose ("accused X of preparing", "travel ... to speak"), not "while"/"after".
        let complement_advcl =
            r == "advcl" && matches!(mark.as_deref(), Some("of" | "for" | "to" | "by") | None);
        let via_clause = matches!(
            r,
            "xcomp" | "ccomp" | "csubj" | "acl" | "obj" | "nsubj" | "obl"
        ) || complement_advcl;
        if !via_clause {
            break;
        }
        let hl = lemma(h);
        let hl = hl.as_str();
        // A noun trigger that is the object of a planning verb ("plans a visit").
        let case = cur.children().find(|c| rel(*c) == "case").map(lemma);
        let claimed = matches!(r, "ccomp" | "xcomp" | "obj" | "csubj")
            || (r == "advcl" && matches!(mark.as_deref(), Some("of" | "that") | None))
            || (r == "obl" && case.as_deref() == Some("of"));
        if ALLEGE.contains(&hl) && claimed {
            add(Status::Alleged, &mut modality);
            attributed_to = attributed_to.or_else(|| subject_mention(h, mentions, doc));
        } else if DENY.contains(&hl) && claimed {
            add(Status::Denied, &mut modality);
            attributed_to = attributed_to.or_else(|| subject_mention(h, mentions, doc));
        } else if REFUSE.contains(&hl)
            && !aside
            && (r == "xcomp" || (r == "advcl" && mark.as_deref() == Some("to")))
        {
            // "refused to meet", "failed to reach an agreement": the act did not happen.
            add(Status::Negated, &mut modality);
        } else if PLAN.contains(&hl)
            && (matches!(r, "xcomp" | "obj" | "ccomp")
                || (matches!(r, "acl" | "advcl") && mark.as_deref() == Some("to")))
        {
            if !aside {
                add(Status::Planned, &mut modality);
            }
        } else if HYPO_HEADS.contains(&hl) {
            add(Status::Hypothetical, &mut modality);
        } else if SPEECH.contains(&hl) && matches!(r, "ccomp" | "parataxis" | "obj") {
            attributed_to = attributed_to.or_else(|| subject_mention(h, mentions, doc));
        }
        // Cues on the governing verb also apply when the path is a complement
        // ("did not agree to send", "will try to reach").
        if r == "xcomp" || (r == "advcl" && mark.as_deref() == Some("to")) {
            own_cues(h, &mut modality, &mut add);
        }
        aside |= matches!(r, "obl" | "nsubj") || (r == "acl" && mark.as_deref() != Some("to"));
        cur = h;
    }
    // Reported speech with parataxis ("X attacked Y, officials said").
    if attributed_to.is_none() {
        for c in t.children() {
            if c.deprel().name() == "parataxis" && SPEECH.contains(&lemma(c).as_str()) {
                attributed_to = subject_mention(c, mentions, doc);
            }
        }
    }
    let order = [
        Status::Negated,
        Status::Denied,
        Status::Hypothetical,
        Status::Alleged,
        Status::Planned,
    ];
    let status = order
        .iter()
        .copied()
        .find(|s| modality.contains(s))
        .unwrap_or(Status::Asserted);
    // Keep modality in a stable order.
    modality.sort_by_key(|s| order.iter().position(|o| o == s));
    StatusInfo {
        status,
        modality,
        attributed_to,
    }
}

fn own_cues(
    t: Token<'_>,
    modality: &mut Vec<Status>,
    add: &mut impl FnMut(Status, &mut Vec<Status>),
) {
    for c in t.children() {
        let l = lemma(c);
        let form = c.form().to_lowercase();
        match rel(c) {
            "advmod" | "neg" if matches!(l.as_str(), "not" | "never" | "n't") || form == "n't" => {
                add(Status::Negated, modality)
            }
            "det" if l == "no" => add(Status::Negated, modality),
            "advmod"
                if matches!(
                    l.as_str(),
                    "reportedly" | "allegedly" | "apparently" | "purportedly" | "supposedly"
                ) =>
            {
                add(Status::Alleged, modality)
            }
            "aux" if matches!(l.as_str(), "will" | "shall") || form == "'ll" => {
                add(Status::Planned, modality)
            }
            "aux" if matches!(l.as_str(), "could" | "might" | "may" | "would" | "should") => {
                // "would" in reported future ("said Putin would visit") is planned.
                if l == "would" {
                    add(Status::Planned, modality)
                } else {
                    add(Status::Hypothetical, modality)
                }
            }
            "mark" if matches!(l.as_str(), "if" | "whether" | "unless") => {
                add(Status::Hypothetical, modality)
            }
            "amod"
                if matches!(
                    l.as_str(),
                    "planned" | "upcoming" | "proposed" | "scheduled" | "possible" | "future"
                ) =>
            {
                add(
                    if l == "possible" {
                        Status::Hypothetical
                    } else {
                        Status::Planned
                    },
                    modality,
                )
            }
            _ => {}
        }
        // "going to attack"
        if rel(c) == "aux" && l == "be" && t.children().any(|m| m.form() == "to") && form == "going"
        {
            add(Status::Planned, modality);
        }
    }
}

/// The actor mention that is the subject of verb `v`.
fn subject_mention(v: Token<'_>, mentions: &[Mention], doc: &Doc) -> Option<(usize, usize)> {
    let subj = v
        .children()
        .find(|c| matches!(c.deprel().name(), "nsubj" | "nsubj:outer"))?;
    let sub = subj.subtree();
    let _ = doc;
    mentions
        .iter()
        .position(|m| m.start >= sub.start && m.end <= sub.end)
        .map(|i| (i, 0))
}

/// The temporal expression that dates the event of `trigger`, among the sentence's.
pub fn event_date<'e>(doc: &Doc, trigger: usize, exprs: &'e [DateExpr]) -> Option<&'e DateExpr> {
    if exprs.is_empty() {
        return None;
    }
    let t = doc.token(trigger);
    // The trigger's clause chain: itself, then up through complements that share its time
    // ("plans to visit ... next week", "launched an attack on Tuesday").
    let mut chain = vec![t.index()];
    let mut cur = t;
    while let Some(h) = cur.head() {
        let purpose =
            rel(cur) == "advcl" && cur.children().any(|c| rel(c) == "mark" && lemma(c) == "to");
        if !(matches!(rel(cur), "xcomp" | "obj" | "conj" | "compound" | "nsubj") || purpose) {
            break;
        }
        chain.push(h.index());
        cur = h;
        if chain.len() > 5 {
            break;
        }
    }
    let attached = |e: &DateExpr| -> bool {
        // Head of the expression: a word whose head lies outside it.
        let head = (e.start..e.end).map(|i| doc.token(i)).find(|w| {
            w.head()
                .is_none_or(|h| h.index() < e.start || h.index() >= e.end)
        });
        let Some(mut w) = head else { return false };
        for _ in 0..5 {
            let Some(h) = w.head() else { return false };
            if chain.contains(&h.index()) {
                return true;
            }
            if matches!(h.upos().name(), "VERB") {
                return false;
            }
            w = h;
        }
        false
    };
    if let Some(e) = exprs.iter().find(|e| attached(e)) {
        return Some(e);
    }
    // One expression in the sentence, attached to no other verb: the sentence's time.
    if exprs.len() == 1 && chain.iter().any(|&i| doc.token(i).head().is_none()) {
        return exprs.first();
    }
    None
}

/// Prepositions that introduce where an event took place.
const LOCATIVE: &[&str] = &[
    "across",
    "around",
    "at",
    "in",
    "inside",
    "near",
    "outside",
    "throughout",
    "within",
];

/// Where the event of `trigger` took place: a gazetteer place in a locative phrase attached to
/// the trigger or to the verb governing it ("fighting **in Kharkiv region**", "met **in
/// Doha**", "an attack **in south Lebanon**"). Places that are the event's actors (subject,
/// object) are not locations.
pub fn location(
    doc: &Doc,
    trigger: usize,
    gaz: &dyad_gazetteer::Gazetteer,
) -> Option<crate::record::Location> {
    let t = doc.token(trigger);
    let mut heads = vec![t];
    if let Some(h) = t.head() {
        if matches!(rel(t), "xcomp" | "obj" | "conj" | "nsubj" | "nsubj:pass")
            || t.upos().name() == "NOUN"
        {
            heads.push(h);
        }
    }
    // A locative phrase attached to the object by the parser ("shelled troops near X").
    heads.extend(t.children().filter(|c| rel(*c) == "obj"));
    let mut words: Vec<&str> = Vec::new();
    for h in heads {
        for c in h.children() {
            if !matches!(rel(c), "obl" | "nmod" | "advmod") {
                continue;
            }
            let Some(case) = c.children().find(|x| rel(*x) == "case") else {
                continue;
            };
            if !LOCATIVE.contains(&lemma(case).as_str()) {
                continue;
            }
            let sub = c.subtree();
            let from = case.index() + 1;
            if from >= sub.end {
                continue;
            }
            words.clear();
            words.extend((from..sub.end).map(|i| doc.token(i).form()));
            if let Some(f) = gaz.find_all(&words, None).into_iter().next() {
                let p = f.m.best();
                let span = doc.span(from + f.start, from + f.end());
                return Some(crate::record::Location {
                    name: p.name.clone(),
                    country: p.country.clone(),
                    start: span.char_start(),
                    end: span.char_end(),
                });
            }
        }
    }
    None
}
