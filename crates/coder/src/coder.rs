//! The coder: a parsed `Doc` in, event records out. Never fails; problems are diagnostics.

use crate::actors::{Mention, Resolver};
use crate::context;
use crate::dates::{self, Direction};
use crate::events::{mention_index, Attempt, Match, MatchOptions, Matcher};
use crate::record::{ActorRef, EventRecord, Status, TextSpan};
use dyad_lexicon::verbs::{Codebook, VerbDict};
use dyad_lexicon::Lexicon;
use dyad_text::{Date, Doc};

/// Options of a coding run.
#[derive(Clone, Copy, Debug, Default)]
pub struct CodeOptions {
    /// Emit generic statement events (`weak` patterns such as "say").
    pub weak: bool,
    /// Keep events with only one actor (source or target missing).
    pub one_sided: bool,
    /// Record what the matcher tried (for `explain`).
    pub trace: bool,
}

/// Dictionaries and options.
pub struct Coder<'a> {
    pub lexicon: &'a Lexicon,
    pub verbs: &'a VerbDict,
    pub codebook: &'a Codebook,
    /// Places for event locations.
    pub gazetteer: &'a dyad_gazetteer::Gazetteer,
    pub options: CodeOptions,
}

/// The result of coding one document.
#[derive(Debug, Default)]
pub struct Coded {
    pub events: Vec<EventRecord>,
    pub mentions: Vec<Mention>,
    /// What the matcher tried, when tracing.
    pub attempts: Vec<Attempt>,
    pub diagnostics: Vec<String>,
}

impl<'a> Coder<'a> {
    /// Built-in dictionaries.
    pub fn builtin(options: CodeOptions) -> Coder<'static> {
        Coder {
            lexicon: dyad_lexicon::builtin(),
            verbs: dyad_lexicon::verbs::builtin(),
            codebook: Codebook::builtin(),
            gazetteer: dyad_gazetteer::Gazetteer::builtin(),
            options,
        }
    }

    /// Codes a parsed document.
    pub fn code(&self, doc_id: &str, date: Option<Date>, doc: &Doc) -> Coded {
        let mut coded = Coded::default();
        if !doc.is_parsed() {
            coded
                .diagnostics
                .push(format!("{doc_id}: document is not parsed; no events coded"));
            return coded;
        }
        let mut mentions = Resolver::new(self.lexicon, date).resolve(doc);
        crate::actors::add_places(doc, self.gazetteer, &mut mentions);
        let mention_of = mention_index(doc, &mentions);
        let matcher = Matcher::new(
            self.verbs,
            self.codebook,
            MatchOptions {
                weak: self.options.weak,
                trace: self.options.trace,
            },
        );
        let mut matches = Vec::new();
        for si in 0..doc.sentence_count() {
            matcher.sentence(
                doc,
                si,
                &mentions,
                &mention_of,
                &mut matches,
                &mut coded.attempts,
            );
        }
        let article_date = date
            .and_then(|d| chrono::NaiveDate::from_ymd_opt(d.year, d.month as u32, d.day as u32));
        // Temporal expressions per sentence, found once.
        let mut sentence_dates: Vec<Vec<dates::DateExpr>> =
            Vec::with_capacity(doc.sentence_count());
        let mut words: Vec<&str> = Vec::new();
        for s in doc.sentences() {
            words.clear();
            words.extend(s.tokens().map(|t| t.form()));
            let mut found = dates::find(&words);
            for e in &mut found {
                e.start += s.start;
                e.end += s.start;
            }
            sentence_dates.push(found);
        }
        // One record per (trigger, source, target, code): two mentions of one actor in a
        // subject ("Israeli helicopters and tanks") make one event.
        let mut seen: std::collections::HashSet<(usize, String, String, String)> =
            std::collections::HashSet::new();
        for m in &matches {
            // Events need both actors, except those of patterns without a target slot
            // ("X resigned"), which need a source (`one_sided` keeps every partial event).
            let complete = match (m.source, m.target) {
                (Some(_), Some(_)) => true,
                // ... and a PLOVER category: "X considered options" (CAMEO 014, no PLOVER
                // category) says too little without a target.
                (Some(_), None) => m.targetless && self.has_plover_category(&m.code),
                _ => false,
            };
            if !complete && !self.options.one_sided {
                continue;
            }
            // An actor acting on itself ("Iran ... Tehran's program") is not an event.
            if let (Some((sm, sa)), Some((tm, ta))) = (m.source, m.target) {
                if mentions[sm].actors[sa].code == mentions[tm].actors[ta].code {
                    continue;
                }
            }
            // The paired event of an announced or refused act ("X will host Y": Y visits;
            // "X refused to meet Y") is not its own source's plan or refusal.
            if m.reverse
                && matches!(
                    context::status(doc, m.trigger, &mentions).status,
                    Status::Planned | Status::Negated
                )
            {
                continue;
            }
            if let Some(rec) = self.record(
                doc_id,
                doc,
                &mentions,
                m,
                article_date,
                &sentence_dates[m.sentence],
            ) {
                let code_of = |a: &Option<ActorRef>| a.as_ref().map(|a| a.code.clone());
                let key = (
                    m.trigger,
                    code_of(&rec.source).unwrap_or_default(),
                    code_of(&rec.target).unwrap_or_default(),
                    rec.cameo.clone(),
                );
                if !seen.insert(key) {
                    continue;
                }
                coded.events.push(rec);
            } else {
                coded.diagnostics.push(format!(
                    "{doc_id}: sentence {}: code {} is not in the codebook; event dropped",
                    m.sentence, m.code
                ));
            }
        }
        coded.mentions = mentions;
        coded
    }

    fn has_plover_category(&self, code: &str) -> bool {
        self.codebook.get(code).is_some_and(|i| i.plover.is_some())
    }

    fn record(
        &self,
        doc_id: &str,
        doc: &Doc,
        mentions: &[Mention],
        m: &Match,
        article_date: Option<chrono::NaiveDate>,
        date_exprs: &[dates::DateExpr],
    ) -> Option<EventRecord> {
        // Codes outside the codebook (user dictionaries may extend CAMEO, as PETRARCH's
        // validation dictionary does with 1717) take the values of their nearest parent.
        let info = self
            .codebook
            .get(&m.code)
            .or_else(|| m.code.get(..3).and_then(|c| self.codebook.get(c)))
            .or_else(|| m.code.get(..2).and_then(|c| self.codebook.get(c)));
        let (root, plover, plover_mode, goldstein, quad) = match info {
            Some(i) => (
                i.root.clone(),
                i.plover.clone(),
                i.plover_mode.clone(),
                i.goldstein,
                i.quad.number(),
            ),
            // Not CAMEO at all: kept as given, without CAMEO-derived fields.
            None => (
                m.code.get(..2).unwrap_or(&m.code).to_string(),
                None,
                None,
                0.0,
                0,
            ),
        };
        let location = context::location(doc, m.trigger, self.gazetteer);
        let mut rule = m.rule.clone();
        let source = self.localise(doc, mentions, m.source, &location, "source", &mut rule);
        let target = self.localise(doc, mentions, m.target, &location, "target", &mut rule);
        let source = source.map(|a| protesters(doc, mentions, m, a, target.as_ref(), &mut rule));
        let trig = doc.token(m.trigger);
        let status = context::status(doc, m.trigger, mentions);
        // The dictionary's own PLOVER category, where it gives one, replaces the codebook's.
        let (plover, plover_mode) = match &m.plover {
            Some(o) => (
                Some(o.category.to_string()),
                o.mode.as_deref().map(str::to_string),
            ),
            None => (plover, plover_mode),
        };
        // Announced, planned or refused acts take PLOVER's single category (AGREE, CONCEDE,
        // THREATEN, REJECT); the CAMEO code stays.
        let (plover, plover_mode) =
            crate::plover::category(self.codebook, &m.code, plover, plover_mode, status.status);
        let direction = if status.modality.contains(&Status::Planned) {
            Direction::Future
        } else {
            Direction::Past
        };
        let (date, date_precision, date_text) = match (
            article_date,
            context::event_date(doc, m.trigger, date_exprs),
        ) {
            (Some(ad), Some(e)) => match dates::resolve(e.kind, ad, direction) {
                Some(r) => (
                    Some(r.date.to_string()),
                    Some(r.precision),
                    Some(doc.span(e.start, e.end).text().to_string()),
                ),
                None => (Some(ad.to_string()), Some(crate::DatePrecision::Day), None),
            },
            (Some(ad), None) => (Some(ad.to_string()), Some(crate::DatePrecision::Day), None),
            (None, _) => (None, None, None),
        };
        let attributed_to = status
            .attributed_to
            .map(|(mi, ai)| actor_ref(doc, &mentions[mi], ai));
        let confidence = confidence(m, &source, &target, &status);
        let key = format!(
            "{doc_id}|{}|{}|{}|{}|{}",
            m.sentence,
            trig.start(),
            source.as_ref().map_or("", |a| a.code.as_str()),
            target.as_ref().map_or("", |a| a.code.as_str()),
            m.code
        );
        Some(EventRecord {
            id: format!("{:016x}", fnv1a(key.as_bytes())),
            doc_id: doc_id.to_string(),
            sentence: m.sentence,
            date,
            date_precision,
            date_text,
            source,
            target,
            cameo: m.code.clone(),
            cameo_root: root,
            plover,
            plover_mode,
            // A planned visit is the visitor's commitment (PLOVER AGREE: "references to
            // future ... state visits"), with the host as recipient; a visit made is a joint
            // act of visitor and host.
            reciprocal: m.reciprocal
                && !(matches!(m.code.as_str(), "042" | "043")
                    && status.modality.contains(&Status::Planned)),
            goldstein,
            quad_class: quad,
            status: status.status,
            modality: status.modality,
            attributed_to,
            location,
            trigger: TextSpan {
                text: trig.text().to_string(),
                start: trig.start(),
                end: trig.end(),
            },
            rule,
            confidence,
        })
    }

    /// The actor of `r`. A sector term with no country ("demonstrators", "gunmen") takes
    /// the country of the place it is in: a place in its own phrase ("protesters in Hong
    /// Kong"), else the event's place ("demonstrators rioted in Monrovia"). The rule notes
    /// it.
    fn localise(
        &self,
        doc: &Doc,
        mentions: &[Mention],
        r: Option<(usize, usize)>,
        event_place: &Option<crate::record::Location>,
        role: &str,
        rule: &mut String,
    ) -> Option<ActorRef> {
        let (mi, ai) = r?;
        let mut a = actor_ref(doc, &mentions[mi], ai);
        if !sector_only(&a) {
            return Some(a);
        }
        let own = context::location(doc, mentions[mi].head, self.gazetteer);
        let Some((place, country)) = own
            .as_ref()
            .or(event_place.as_ref())
            .and_then(|p| Some((p.name.as_str(), p.country.as_deref()?)))
        else {
            return Some(a);
        };
        place_in(&mut a, country);
        rule.push_str(&format!("; {role} country from the place {place:?}"));
        Some(a)
    }
}

/// An actor with a sector and no country (`---CVL`).
fn sector_only(a: &ActorRef) -> bool {
    a.country.is_none() && a.code.starts_with("---")
}

/// Gives a sector-only actor its country: `---CVL` in Kenya is `KENCVL`.
fn place_in(a: &mut ActorRef, country: &str) {
    a.code = format!("{country}{}", &a.code[3..]);
    a.country = Some(country.to_string());
}

/// Protesters with a sector and no country (after `localise`) protest where they live, so
/// they take the country of what they protest against: the target's, else that of the first
/// other actor with a country in the protest's clause ("fundamentalists continued their
/// hunger strike to demand the resignation of the Algerian president"). The rule notes it.
fn protesters(
    doc: &Doc,
    mentions: &[Mention],
    m: &Match,
    mut a: ActorRef,
    target: Option<&ActorRef>,
    rule: &mut String,
) -> ActorRef {
    if !sector_only(&a) || !m.code.starts_with("14") {
        return a;
    }
    let found = match target.and_then(|t| t.country.clone()) {
        Some(c) => Some((c, "the target".to_string())),
        None => {
            // The clause: the trigger's own subtree, or its verb's for a noun object.
            let t = doc.token(m.trigger);
            let top = match t.head() {
                Some(h) if t.upos().name() == "NOUN" && h.upos().name() == "VERB" => h,
                _ => t,
            };
            let sub = top.subtree();
            let source_mention = m.source.map(|(mi, _)| mi);
            mentions.iter().enumerate().find_map(|(k, o)| {
                let [b] = o.actors.as_slice() else {
                    return None;
                };
                let inside = o.sentence == m.sentence && (sub.start..sub.end).contains(&o.head);
                if !inside || Some(k) == source_mention || b.code.starts_with("IGO") {
                    return None;
                }
                let country = b.country.clone()?;
                Some((country, format!("{:?}", doc.span(o.start, o.end).text())))
            })
        }
    };
    let Some((country, from)) = found else {
        return a;
    };
    place_in(&mut a, &country);
    rule.push_str(&format!("; source country from {from} (protesters)"));
    a
}

fn actor_ref(doc: &Doc, m: &Mention, ai: usize) -> ActorRef {
    let a = &m.actors[ai];
    let span = doc.span(m.start, m.end);
    ActorRef {
        code: a.code.clone(),
        country: a.country.clone(),
        sector: a.sector.clone(),
        name: a.name.clone(),
        text: span.text().to_string(),
        start: span.char_start(),
        end: span.char_end(),
        entity: a.entity.clone(),
    }
}

/// Confidence: 0.9 for a direct match with both actors from dictionaries, less for a
/// missing actor, actors found by coreference or titles, and statuses other than asserted.
fn confidence(
    m: &Match,
    source: &Option<ActorRef>,
    target: &Option<ActorRef>,
    st: &context::StatusInfo,
) -> f32 {
    let mut c: f32 = 0.9;
    if source.is_none() || target.is_none() {
        c -= 0.25;
    }
    if m.reverse {
        c -= 0.1;
    }
    if st.status != Status::Asserted {
        c -= 0.1;
    }
    (c * 100.0).round() / 100.0
}

/// FNV-1a, 64 bits: a stable id hash (the same on every platform and run).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}
