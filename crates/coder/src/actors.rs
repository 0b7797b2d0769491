//! Actor resolution on a segmented (and, when available, parsed) `Doc`.
//!
//! For each sentence: dictionary names (actors) and sector terms (agents) are found by
//! longest match; adjacent pieces joined by glue words ("'s", "of", "state", "senior", ...)
//! form one mention ("Kremlin spokesman Dmitry Peskov", "Ukraine's army", "the foreign
//! minister of Iran"); a title followed by an unknown proper name takes the name in
//! ("Iranian Foreign Minister Ali Bagheri"). Each mention is coded as of the article date:
//! a person's dated role wins; otherwise the country (from a country name, adjective,
//! capital or seat of government) combines with the agent's sector. "former" turns a
//! government role into an elite (`ELI`). Appositions ("X, the White House national security
//! adviser") give an unknown name its code. Within the article, surnames and `he`/`she`
//! resolve to the person last mentioned, and "the two countries" to the last two countries.

use dyad_lexicon::{ActorEntry, Kind, Lexicon, NameRole};
use dyad_text::{Date, Doc, Upos};

/// How a mention was resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// Names and sector terms from the dictionaries.
    Dictionary,
    /// An unknown name given a code by its title or apposition.
    Title,
    /// A surname, pronoun or "the two countries" resolved to an earlier mention.
    Coreference,
    /// A city or region from the gazetteer, standing for its country ("attacked Odesa").
    Place,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Dictionary => "dictionary",
            Via::Title => "title",
            Via::Coreference => "coreference",
            Via::Place => "place",
        }
    }
}

/// One coded actor.
#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    pub code: String,
    pub country: Option<String>,
    pub sector: Option<String>,
    /// Canonical name when the mention names a known entity.
    pub name: Option<String>,
    /// Wikidata id when known.
    pub entity: Option<String>,
    pub is_person: bool,
}

impl Actor {
    /// A sector term with no country ("rebels": `---REB`).
    pub(crate) fn is_sector_only(&self) -> bool {
        self.country.is_none()
            && !self.is_person
            && self.sector.is_some()
            && self.code.starts_with("---")
    }

    /// Gives a sector term its country: `---REB` of Iraq is `IRQREB`.
    fn place_in(&mut self, country: String) {
        self.code = format!("{country}{}", self.sector.as_deref().unwrap_or_default());
        self.country = Some(country);
    }
}

/// Whether mentions `a` and `b` (in text order) are joined by one or two of the `glue` words
/// only ("Malian and Nigerien", "helicopters, tanks").
fn joined(doc: &Doc, a: &Mention, b: &Mention, glue: &[&str]) -> bool {
    b.start > a.end
        && b.start - a.end <= 2
        && (a.end..b.start).all(|i| glue.contains(&doc.token(i).form()))
}

/// A possessive pronoun: `Some(true)` for a person's (his, her), `Some(false)` for a group's
/// or country's (its, their).
pub(crate) fn possessive(word: &str) -> Option<bool> {
    let is = |w: &str| word.eq_ignore_ascii_case(w);
    if is("its") || is("their") {
        Some(false)
    } else if is("his") || is("her") {
        Some(true)
    } else {
        None
    }
}

/// A mention of one or more actors ("the two countries" is two) in a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub sentence: usize,
    /// Word range `[start, end)` in the doc.
    pub start: usize,
    pub end: usize,
    /// The word that heads the mention (its last noun, or the parse head).
    pub head: usize,
    pub actors: Vec<Actor>,
    pub via: Via,
    /// What fired: dictionary entries (`file:line`) and sector terms.
    pub rule: String,
}

/// A piece found by longest match.
#[derive(Clone, Debug)]
enum PieceKind {
    /// Actor dictionary hits: entry ids and the role of the name.
    Actor(Vec<(u32, NameRole)>),
    /// Agent dictionary entry ids.
    Agent(Vec<u32>),
    /// An unknown proper name (capitalised words) next to a title.
    Name,
}

#[derive(Clone, Debug)]
struct Piece {
    start: usize,
    end: usize,
    kind: PieceKind,
}

/// Words that may sit between the pieces of one mention.
fn is_glue(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "'s" | "’s"
            | "'"
            | "’"
            | "state"
            | "senior"
            | "top"
            | "chief"
            | "deputy"
            | "acting"
            | "interim"
            | "then"
            | "former"
            | "ex"
            | "-"
            | "national"
            | "security"
            | "foreign"
            | "defence"
            | "defense"
            | "interior"
            | "special"
            | "federal"
            | "central"
            | "new"
            | "current"
            | "outgoing"
            | "incoming"
            | "elected"
            | "newly"
            | "of"
            | "the"
            | "for"
            | "affairs"
            | "leading"
            | "prominent"
            | "veteran"
            | "religious"
            | "spiritual"
            | "supreme"
            | "led"
            | "visiting"
    )
}

fn is_former(w: &str) -> bool {
    matches!(w.to_lowercase().as_str(), "former" | "ex" | "then" | "late")
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase) && w.chars().skip(1).any(char::is_lowercase)
}

/// Resolves actor mentions in a whole document.
pub struct Resolver<'a> {
    lex: &'a Lexicon,
    date: Option<Date>,
}

/// Per-article memory for coreference.
#[derive(Default)]
struct Memory {
    /// (surname, actor) of persons mentioned so far, latest last.
    surnames: Vec<(String, Actor)>,
    /// Persons in mention order: (sentence, actor).
    persons: Vec<(usize, Actor)>,
    /// Countries (code without sector) in mention order.
    countries: Vec<Actor>,
}

impl<'a> Resolver<'a> {
    pub fn new(lex: &'a Lexicon, date: Option<Date>) -> Resolver<'a> {
        Resolver { lex, date }
    }

    /// Finds and codes every actor mention in the document, in order.
    pub fn resolve(&self, doc: &Doc) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut memory = Memory::default();
        let mut words: Vec<&str> = Vec::new();
        for (si, sent) in doc.sentences().enumerate() {
            words.clear();
            words.extend(sent.tokens().map(|t| t.form()));
            let pieces = self.pieces(doc, sent.start, &words);
            let mut mentions = self.group(doc, si, sent.start, &words, &pieces);
            self.appositions(doc, sent.start, &words, &mut mentions);
            self.coreference(doc, si, sent.start, &words, &mut mentions, &mut memory);
            mentions.sort_by_key(|m| m.start);
            possessive_owners(doc, &mut mentions);
            shared_heads(doc, &mut mentions);
            shared_countries(doc, &mut mentions);
            out.extend(mentions);
        }
        distribute_sectors(doc, &mut out);
        out
    }

    /// Longest-match pieces of a sentence, skipping discarded phrases.
    fn pieces(&self, doc: &Doc, base: usize, words: &[&str]) -> Vec<Piece> {
        let mut pieces = Vec::new();
        let mut i = 0;
        while i < words.len() {
            if let Some(d) = self.lex.discards().longest_match(words, i) {
                if d.len > 0 {
                    i += d.len;
                    continue;
                }
            }
            let actor = self.lex.actors().longest_match(words, i);
            let agent = self.lex.agents().longest_match(words, i);
            let alen = actor.as_ref().map_or(0, |m| m.len());
            let glen = agent.as_ref().map_or(0, |m| m.len());
            if alen == 0 && glen == 0 {
                i += 1;
                continue;
            }
            if alen >= glen {
                let m = actor.expect("actor match");
                let hits: Vec<(u32, NameRole)> = m.hits().map(|(id, _, role)| (id, role)).collect();
                // A lower-case single word matching a capitalised name ("chad", "turkey") is
                // not that name.
                let text_first = words[i];
                let entry_cap = m
                    .hits()
                    .any(|(_, e, _)| e.canonical().starts_with(|c: char| c.is_uppercase()));
                if alen == 1 && entry_cap && !text_first.starts_with(|c: char| c.is_uppercase()) {
                    i += 1;
                    continue;
                }
                pieces.push(Piece {
                    start: i,
                    end: i + alen,
                    kind: PieceKind::Actor(hits),
                });
                i += alen;
            } else {
                let m = agent.expect("agent match");
                // Agents must be nouns where the tagger says so ("general" as adjective is not).
                let last = base + i + glen - 1;
                let tag = doc.token(last).upos();
                if tag.is_set() && !matches!(tag.name(), "NOUN" | "PROPN" | "X") {
                    i += 1;
                    continue;
                }
                let ids: Vec<u32> = m
                    .entries()
                    .filter_map(|e| {
                        self.lex
                            .agents()
                            .entries()
                            .iter()
                            .position(|x| std::ptr::eq(x, e))
                            .map(|p| p as u32)
                    })
                    .collect();
                pieces.push(Piece {
                    start: i,
                    end: i + glen,
                    kind: PieceKind::Agent(ids),
                });
                i += glen;
            }
        }
        pieces
    }

    /// Groups adjacent pieces into mentions and codes them.
    fn group(
        &self,
        doc: &Doc,
        si: usize,
        base: usize,
        words: &[&str],
        pieces: &[Piece],
    ) -> Vec<Mention> {
        let mut mentions = Vec::new();
        let mut k = 0;
        while k < pieces.len() {
            let mut group = vec![pieces[k].clone()];
            let mut j = k + 1;
            while j < pieces.len() {
                let gap = &words[group.last().expect("non-empty").end..pieces[j].start];
                // "of" joins a sector term to a country ("the army of Ukraine") but not two
                // full actors ("Iran of Russia" never occurs); keep gaps short.
                if gap.len() <= 3 && gap.iter().all(|w| is_glue(w)) && !gap.contains(&",") {
                    group.push(pieces[j].clone());
                    j += 1;
                } else {
                    break;
                }
            }
            // A title followed by an unknown proper name takes the name in.
            let mut end = group.last().expect("non-empty").end;
            let title_last = matches!(group.last().map(|p| &p.kind), Some(PieceKind::Agent(_)));
            if title_last {
                let name_end = proper_name_end(doc, base, words, end);
                if name_end > end {
                    group.push(Piece {
                        start: end,
                        end: name_end,
                        kind: PieceKind::Name,
                    });
                    end = name_end;
                }
            }
            let mut start = group[0].start;
            if start > 0
                && is_former(words[start - 1])
                && !words[start - 1].eq_ignore_ascii_case("late")
            {
                start -= 1;
            }
            // Include a preceding "former"/"ex-" in the mention.
            let former = is_former(words[start])
                || (start > 0 && is_former(words[start - 1]))
                || group
                    .iter()
                    .any(|p| (p.start..p.end).any(|w| is_former(words[w])))
                || (start >= 2 && words[start - 1] == "-" && is_former(words[start - 2]));
            if let Some((actor, rule, via)) = self.code_group(&group, words, former) {
                let head = head_of(doc, base + start, base + end);
                mentions.push(Mention {
                    sentence: si,
                    start: base + start,
                    end: base + end,
                    head,
                    actors: vec![actor],
                    via,
                    rule,
                });
            }
            k = j;
        }
        mentions
    }

    fn entry(&self, id: u32) -> &ActorEntry {
        &self.lex.actors().entries()[id as usize]
    }

    fn code_of(&self, e: &ActorEntry) -> Option<String> {
        match self.date {
            Some(d) => e.code_at(d).map(|c| c.as_str().to_string()),
            None => e.default_code().map(|c| c.as_str().to_string()),
        }
    }

    /// Codes one group of pieces. Returns the actor, the rule text and how it was found.
    fn code_group(
        &self,
        group: &[Piece],
        words: &[&str],
        former: bool,
    ) -> Option<(Actor, String, Via)> {
        let mut person: Option<(&ActorEntry, Option<String>)> = None;
        let mut country: Option<String> = None;
        let mut base_code: Option<String> = None;
        let mut name: Option<String> = None;
        let mut entity: Option<String> = None;
        let mut agent: Option<&dyad_lexicon::AgentEntry> = None;
        let mut unknown_name = false;
        let mut rules: Vec<String> = Vec::new();
        // Countries named in the group help choose among ambiguous person names.
        let mut hint_countries: Vec<String> = Vec::new();
        for p in group {
            if let PieceKind::Actor(hits) = &p.kind {
                for &(id, _) in hits {
                    let e = self.entry(id);
                    if e.kind != Some(Kind::Person) {
                        if let Some(c) = self.code_of(e) {
                            hint_countries.push(c.get(..3).unwrap_or("").to_string());
                        }
                    }
                }
            }
        }
        for p in group {
            match &p.kind {
                PieceKind::Actor(hits) => {
                    let pick = self.pick(hits, &hint_countries);
                    let (id, role) = pick?;
                    let e = self.entry(id);
                    rules.push(format!(
                        "{}:{} {:?}",
                        self.lex.actors().file_name(e),
                        e.line,
                        words[p.start..p.end].join(" ")
                    ));
                    let code = self.code_of(e);
                    if e.kind == Some(Kind::Person) {
                        person = Some((e, code));
                        name = Some(e.canonical().to_string());
                        entity = e.qid.clone();
                    } else {
                        let code =
                            code.or_else(|| e.default_code().map(|c| c.as_str().to_string()));
                        if let Some(code) = code {
                            match role {
                                // "Iranian", "Iranians", "Tehran": the country alone.
                                NameRole::Adjective | NameRole::Demonym | NameRole::Capital => {
                                    country.get_or_insert_with(|| {
                                        code.get(..3).unwrap_or(&code).to_string()
                                    });
                                }
                                _ => {
                                    if base_code.is_none() {
                                        base_code = Some(code);
                                        if name.is_none() {
                                            name = Some(e.canonical().to_string());
                                            entity = e.qid.clone();
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                PieceKind::Agent(ids) => {
                    if let Some(&id) = ids.first() {
                        let a = &self.lex.agents().entries()[id as usize];
                        rules.push(format!(
                            "agent {:?} {}",
                            words[p.start..p.end].join(" "),
                            a.code
                        ));
                        // The head noun's sector wins: keep the last agent.
                        agent = Some(a);
                    }
                }
                PieceKind::Name => {
                    unknown_name = true;
                    name = Some(words[p.start..p.end].join(" "));
                }
            }
        }
        let mut via = Via::Dictionary;
        let is_person = person.is_some();
        let code = if let Some((e, code)) = person {
            match code {
                Some(c) if former && c.ends_with("GOV") => format!("{}ELI", &c[..3]),
                Some(c) => c,
                None => {
                    // Out of office on this date: an elite of their country, if known.
                    let first = e.codes.iter().find_map(|c| c.code.as_ref())?;
                    let cty = first.as_str().get(..3)?.to_string();
                    format!("{cty}ELI")
                }
            }
        } else {
            let stem = base_code.clone().or(country.clone());
            match (stem, agent) {
                (Some(s), Some(a)) => {
                    let mut c = if s.len() > 3
                        && matches!(s.get(3..), Some("GOV" | "MIL"))
                        && a.code.placement == dyad_lexicon::Placement::Suffix
                    {
                        // "Kremlin spokesman": the metonym's country with the agent's sector.
                        a.code.apply(&s[..3])
                    } else {
                        a.code.apply(&s)
                    };
                    if former && c.ends_with("GOV") {
                        c.truncate(c.len() - 3);
                        c.push_str("ELI");
                    }
                    if unknown_name {
                        via = Via::Title;
                    }
                    c
                }
                (Some(s), None) => s,
                (None, Some(a)) => {
                    if unknown_name {
                        via = Via::Title;
                    }
                    // No country in the text: CAMEO's unknown-country prefix `---`.
                    a.code.apply("---")
                }
                (None, None) => return None,
            }
        };
        if code.is_empty() {
            return None;
        }
        let parsed = dyad_lexicon::ActorCode::lenient(&code);
        let sector = match code.strip_prefix("---") {
            Some(roles) => roles.get(..3).map(str::to_string),
            None => parsed.sector().map(str::to_string),
        };
        let actor = Actor {
            country: parsed.country().map(str::to_string),
            sector,
            code,
            name,
            entity,
            is_person: is_person || unknown_name,
        };
        Some((actor, rules.join(" + "), via))
    }

    /// Chooses among the entries a name hits: a person whose country is named nearby, then
    /// one with a code on the article date, then the first.
    fn pick(&self, hits: &[(u32, NameRole)], hint: &[String]) -> Option<(u32, NameRole)> {
        if hits.len() <= 1 {
            return hits.first().copied();
        }
        let in_force = |e: &ActorEntry| match self.date {
            Some(d) => e.code_at(d).is_some(),
            None => true,
        };
        hits.iter()
            .find(|(id, _)| {
                let e = self.entry(*id);
                in_force(e)
                    && self
                        .code_of(e)
                        .is_some_and(|c| hint.iter().any(|h| c.starts_with(h.as_str())))
            })
            .or_else(|| hits.iter().find(|(id, _)| in_force(self.entry(*id))))
            .or(hits.first())
            .copied()
    }

    /// "Name, the X Y" where the name is unknown: the name takes the apposition's code.
    fn appositions(&self, doc: &Doc, base: usize, words: &[&str], mentions: &mut Vec<Mention>) {
        let mut added = Vec::new();
        for m in mentions.iter() {
            // The mention follows ", (the|a)" and an unknown proper name precedes the comma.
            let s = m.start - base;
            let mut k = s;
            if k > 0 && matches!(words[k - 1].to_lowercase().as_str(), "the" | "a" | "an") {
                k -= 1;
            }
            if k < 2 || words[k - 1] != "," {
                continue;
            }
            let name_end = k - 1;
            let mut name_start = name_end;
            while name_start > 0 && is_name_word(doc, base + name_start - 1, words[name_start - 1])
            {
                name_start -= 1;
            }
            if name_start == name_end
                || mentions
                    .iter()
                    .any(|o| o.end > base + name_start && o.start < base + name_end)
            {
                continue;
            }
            // Only a role describes a person ("Sullivan, the national security adviser"), not
            // a bare country ("On Tuesday, France"); and a date or a prepositional phrase is
            // not a name.
            let a = &m.actors[0];
            let preposition =
                name_start > 0 && doc.token(base + name_start - 1).upos().name() == "ADP";
            if (a.sector.is_none() && !a.is_person)
                || preposition
                || words[name_start..name_end]
                    .iter()
                    .any(|w| crate::dates::is_calendar_word(w))
            {
                continue;
            }
            let mut actor = m.actors[0].clone();
            actor.name = Some(words[name_start..name_end].join(" "));
            actor.entity = None;
            actor.is_person = true;
            added.push(Mention {
                sentence: m.sentence,
                start: base + name_start,
                end: base + name_end,
                head: base + name_end - 1,
                actors: vec![actor],
                via: Via::Title,
                rule: format!("apposition: {}", m.rule),
            });
        }
        mentions.extend(added);
    }

    /// Surnames, pronouns and "the two countries".
    fn coreference(
        &self,
        doc: &Doc,
        si: usize,
        base: usize,
        words: &[&str],
        mentions: &mut Vec<Mention>,
        memory: &mut Memory,
    ) {
        mentions.sort_by_key(|m| m.start);
        let covered =
            |ms: &[Mention], i: usize| ms.iter().any(|m| m.start <= base + i && base + i < m.end);
        let mut added: Vec<Mention> = Vec::new();
        let mut next_mention = 0;
        for i in 0..words.len() {
            // Remember the mentions that end before this word.
            while next_mention < mentions.len() && mentions[next_mention].end <= base + i {
                remember(&mentions[next_mention], si, memory);
                next_mention += 1;
            }
            if covered(mentions, i) {
                continue;
            }
            let w = words[i];
            let lower = w.to_lowercase();
            // He/she: the latest person of this or the two previous sentences.
            if matches!(lower.as_str(), "he" | "she" | "him" | "her")
                && (lower != "her" || next_is_verbish(doc, base + i))
            {
                if let Some((_, a)) = memory
                    .persons
                    .iter()
                    .rev()
                    .find(|(s, _)| si.saturating_sub(*s) <= 2)
                {
                    added.push(Mention {
                        sentence: si,
                        start: base + i,
                        end: base + i + 1,
                        head: base + i,
                        actors: vec![a.clone()],
                        via: Via::Coreference,
                        rule: format!("pronoun {w:?}"),
                    });
                }
                continue;
            }
            // Surname of an earlier person.
            if capitalised(w) && is_name_word(doc, base + i, w) {
                let mut end = i + 1;
                while end < words.len()
                    && is_name_word(doc, base + end, words[end])
                    && !covered(mentions, end)
                {
                    end += 1;
                }
                let last = words[end - 1];
                if let Some((_, a)) = memory.surnames.iter().rev().find(|(s, _)| s == last) {
                    added.push(Mention {
                        sentence: si,
                        start: base + i,
                        end: base + end,
                        head: base + end - 1,
                        actors: vec![a.clone()],
                        via: Via::Coreference,
                        rule: format!("surname {last:?}"),
                    });
                }
                continue;
            }
            // "the two countries", "both countries", "the two sides"
            let two = matches!(lower.as_str(), "two" | "both")
                && words.get(i + 1).is_some_and(|n| {
                    matches!(
                        n.to_lowercase().as_str(),
                        "countries" | "nations" | "sides" | "governments" | "states"
                    )
                });
            if two {
                let mut distinct: Vec<Actor> = Vec::new();
                for a in memory.countries.iter().rev() {
                    if !distinct.iter().any(|d| d.code == a.code) {
                        distinct.push(a.clone());
                    }
                    if distinct.len() == 2 {
                        break;
                    }
                }
                if distinct.len() == 2 {
                    distinct.reverse();
                    let start = if i > 0 && words[i - 1].eq_ignore_ascii_case("the") {
                        i - 1
                    } else {
                        i
                    };
                    added.push(Mention {
                        sentence: si,
                        start: base + start,
                        end: base + i + 2,
                        head: base + i + 1,
                        actors: distinct,
                        via: Via::Coreference,
                        rule: "the two countries".into(),
                    });
                }
            }
        }
        while next_mention < mentions.len() {
            remember(&mentions[next_mention], si, memory);
            next_mention += 1;
        }
        for m in &added {
            remember(m, si, memory);
        }
        mentions.extend(added);
    }
}

/// Sector terms shared over a list of countries: "lawmakers and officials in Fornost and
/// Gondor" are the legislators and governments of both; "the ambassadors of Arnor, Osgiliath
/// and Gondor" are all three governments. Mentions must be in text order.
pub fn distribute_sectors(doc: &Doc, mentions: &mut [Mention]) {
    let form = |i: usize| doc.token(i).form().to_lowercase();
    let is_list_glue = |from: usize, to: usize| {
        (from..to).all(|i| matches!(form(i).as_str(), "," | "and" | "the"))
    };
    let bare_country = |m: &Mention| {
        m.actors.len() == 1
            && m.actors[0].sector.is_none()
            && !m.actors[0].is_person
            && m.actors[0].code.len() == 3
            && !m.actors[0].code.starts_with('-')
    };
    let agent_only = |m: &Mention| {
        m.actors.len() == 1 && m.actors[0].code.starts_with("---") && m.actors[0].sector.is_some()
    };
    let n = mentions.len();
    let mut k = 0;
    while k < n {
        // A run of agent-only mentions joined by "and"/",", then "in|of|from" and a list of
        // countries.
        let first = k;
        let mut last = k;
        if agent_only(&mentions[k]) {
            while last + 1 < n
                && mentions[last + 1].sentence == mentions[k].sentence
                && agent_only(&mentions[last + 1])
                && is_list_glue(mentions[last].end, mentions[last + 1].start)
            {
                last += 1;
            }
            let c0 = last + 1;
            // Between them: the preposition, perhaps after a collective noun and before
            // "the" ("opposition groups in Zimbabwe", "rebels in the Ivory Coast").
            let link = |from: usize, to: usize| {
                let mut i = from;
                if i < to
                    && matches!(
                        form(i).as_str(),
                        "group" | "groups" | "member" | "members" | "faction" | "factions"
                    )
                {
                    i += 1;
                }
                if i >= to || !matches!(form(i).as_str(), "in" | "of" | "from") {
                    return false;
                }
                i += 1;
                if i < to && form(i) == "the" {
                    i += 1;
                }
                i == to
            };
            let linked = c0 < n
                && mentions[c0].sentence == mentions[k].sentence
                && mentions[c0].start > mentions[last].end
                && link(mentions[last].end, mentions[c0].start)
                && bare_country(&mentions[c0]);
            if linked {
                let mut countries = vec![c0];
                while let Some(&c) = countries.last() {
                    let next = c + 1;
                    if next < n
                        && bare_country(&mentions[next])
                        && mentions[next].sentence == mentions[c].sentence
                        && is_list_glue(mentions[c].end, mentions[next].start)
                    {
                        countries.push(next);
                    } else {
                        break;
                    }
                }
                let codes: Vec<String> = countries
                    .iter()
                    .map(|&c| mentions[c].actors[0].code.clone())
                    .collect();
                for m in &mut mentions[first..=last] {
                    let a = m.actors[0].clone();
                    m.actors = codes
                        .iter()
                        .map(|c| Actor {
                            code: a.code.replacen("---", c, 1),
                            country: Some(c.clone()),
                            ..a.clone()
                        })
                        .collect();
                    m.rule
                        .push_str(&format!(" + sector shared over {}", codes.join(", ")));
                }
                k = last + 1;
                continue;
            }
        }
        // "the ambassadors of Arnor, Osgiliath and Gondor": the countries listed after a
        // sector-and-country mention ending in its country take the same sector.
        let m = &mentions[k];
        let glued = m.actors.len() == 1
            && m.actors[0].sector.is_some()
            && m.actors[0].code.len() > 3
            && (m.start..m.end).any(|i| matches!(form(i).as_str(), "of" | "in" | "from"));
        if glued {
            let (sector_code, country) = {
                let a = &m.actors[0];
                (a.code.clone(), a.code[..3].to_string())
            };
            let template = m.actors[0].clone();
            let mut prev = k;
            let mut next = k + 1;
            while next < n
                && mentions[next].sentence == mentions[k].sentence
                && bare_country(&mentions[next])
                && is_list_glue(mentions[prev].end, mentions[next].start)
            {
                let c = mentions[next].actors[0].code.clone();
                let code = sector_code.replacen(&country, &c, 1);
                mentions[next].actors = vec![Actor {
                    code,
                    country: Some(c),
                    name: None,
                    entity: None,
                    ..template.clone()
                }];
                mentions[next]
                    .rule
                    .push_str(" + sector of the list's first member");
                prev = next;
                next += 1;
            }
        }
        k += 1;
    }
}

/// Adds a mention for every gazetteer city or region (proper nouns, not a country: those are
/// in the actor dictionary) that no actor mention covers: an attack on a city is an attack on
/// its country. Names that are also common words or people's names are left out. Mentions
/// stay in text order.
pub fn add_places(doc: &Doc, gazetteer: &dyad_gazetteer::Gazetteer, mentions: &mut Vec<Mention>) {
    let mut added = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    let mut covered = vec![false; doc.len()];
    for m in mentions.iter() {
        covered[m.start..m.end].iter_mut().for_each(|c| *c = true);
    }
    for (si, sent) in doc.sentences().enumerate() {
        words.clear();
        words.extend(sent.tokens().map(|t| t.form()));
        let mut i = 0;
        while i < words.len() {
            // Only proper nouns not inside a mention can start a place name here (a compass
            // word before one is read by the gazetteer itself).
            let at = sent.start + i;
            let starts = doc.token(at).upos().name() == "PROPN"
                || (doc.token(at).upos().name() == "ADJ"
                    && doc.token((at + 1).min(sent.end - 1)).upos().name() == "PROPN");
            if !starts || covered[at] {
                i += 1;
                continue;
            }
            let Some(found) = gazetteer.lookup(&words[i..(i + 8).min(words.len())]) else {
                i += 1;
                continue;
            };
            let (start, end) = (at, at + found.len);
            i += found.len;
            let place = found.best();
            let Some(country) = &place.country else {
                continue;
            };
            let proper = (start..end).any(|i| doc.token(i).upos().name() == "PROPN");
            if found.needs_locative()
                || !proper
                || place.kind == dyad_gazetteer::PlaceKind::Country
                || covered[start..end].iter().any(|&c| c)
            {
                continue;
            }
            added.push(Mention {
                sentence: si,
                start,
                end,
                head: end - 1,
                actors: vec![Actor {
                    code: country.clone(),
                    country: Some(country.clone()),
                    sector: None,
                    name: Some(place.name.clone()),
                    entity: None,
                    is_person: false,
                }],
                via: Via::Place,
                rule: format!("place {:?} ({})", place.name, place.kind.as_str()),
            });
        }
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| (m.start, m.end));
    }
    placed_sectors(doc, mentions);
}

/// A sector term with no country takes the country of a place or country that modifies it
/// in its own phrase: "Darfur rebels", "militants in Iraq", "refugees from Syria".
fn placed_sectors(doc: &Doc, mentions: &mut [Mention]) {
    for k in 0..mentions.len() {
        let m = &mentions[k];
        let [a] = m.actors.as_slice() else {
            continue;
        };
        if !a.is_sector_only() {
            continue;
        }
        let head = doc.token(m.head);
        let place = head.children().find_map(|c| {
            let modifies = match c.deprel().name() {
                "compound" => true,
                "nmod" => c.children().any(|x| {
                    x.deprel().name() == "case"
                        && matches!(x.form().to_ascii_lowercase().as_str(), "in" | "from" | "of")
                }),
                _ => false,
            };
            if !modifies {
                return None;
            }
            let i = c.index();
            mentions.iter().find_map(|o| match o.actors.as_slice() {
                [b] if (o.start..o.end).contains(&i) && b.sector.is_none() && !b.is_person => {
                    Some((
                        b.country.clone()?,
                        doc.span(o.start, o.end).text().to_string(),
                    ))
                }
                _ => None,
            })
        });
        let Some((country, name)) = place else {
            continue;
        };
        let m = &mut mentions[k];
        m.actors[0].place_in(country);
        m.rule.push_str(&format!("; of {name:?}"));
    }
}

/// Coordinated demonyms share their head's sector: "French and Egyptian warships" are the
/// French and the Egyptian navies, "Senior Hungarian and Romanian officials" both
/// governments. A one-word country mention that is not the country's own name (a demonym),
/// followed by "and" or "," and a country-and-sector mention, takes that sector. Mentions
/// must be one sentence's, in text order.
fn shared_heads(doc: &Doc, mentions: &mut [Mention]) {
    for k in (0..mentions.len().saturating_sub(1)).rev() {
        let (a, b) = (&mentions[k], &mentions[k + 1]);
        let ([x], [y]) = (a.actors.as_slice(), b.actors.as_slice()) else {
            continue;
        };
        let demonym = a.end == a.start + 1
            && x.sector.is_none()
            && !x.is_person
            && x.country.as_deref() == Some(x.code.as_str())
            && x.name.as_deref() != Some(doc.token(a.start).form());
        let glue = joined(doc, a, b, &["and", ",", "or"]);
        let Some(sector) = y
            .sector
            .as_ref()
            .filter(|_| y.country.is_some() && !y.is_person)
        else {
            continue;
        };
        if !demonym || !glue {
            continue;
        }
        let code = format!("{}{sector}", x.code);
        let sector = sector.clone();
        let m = &mut mentions[k];
        m.actors[0].code = code;
        m.actors[0].sector = Some(sector);
        m.rule.push_str("; sector shared with the next");
    }
}

/// A state sector term without a country right after another one's "and" takes its country:
/// "Israeli helicopters and tanks", "Iraqi police and soldiers". Only among the state's own
/// sectors (government, military, police, intelligence, courts, legislature): "Israeli
/// troops and protesters" leaves the protesters alone. Mentions must be one sentence's, in
/// text order.
fn shared_countries(doc: &Doc, mentions: &mut [Mention]) {
    const STATE: [&str; 7] = ["GOV", "MIL", "COP", "SPY", "JUD", "LEG", "MILCOP"];
    let state = |a: &Actor| a.sector.as_deref().is_some_and(|s| STATE.contains(&s));
    for k in 1..mentions.len() {
        let (a, b) = (&mentions[k - 1], &mentions[k]);
        let ([x], [y]) = (a.actors.as_slice(), b.actors.as_slice()) else {
            continue;
        };
        let Some(country) = x.country.clone() else {
            continue;
        };
        if x.is_person || !y.is_sector_only() || !state(x) || !state(y) {
            continue;
        }
        if !joined(doc, a, b, &["and", ","]) {
            continue;
        }
        let m = &mut mentions[k];
        m.actors[0].place_in(country);
        m.rule.push_str("; country shared with the previous");
    }
}

/// A sector term without a country after "its" or "their" ("Syria said it would withdraw its
/// troops") takes the country of the nearest non-person actor before it in the sentence;
/// after "his" or "her", that of the nearest person. When that actor has no country ("the
/// rebels said their forces had left"), the term stays without one. Mentions must be one
/// sentence's, in text order.
fn possessive_owners(doc: &Doc, mentions: &mut [Mention]) {
    for k in 0..mentions.len() {
        let m = &mentions[k];
        let [a] = m.actors.as_slice() else {
            continue;
        };
        if a.country.is_some() || a.is_person {
            continue;
        }
        if a.sector.is_none() || m.start == doc.sentence(m.sentence).start {
            continue;
        }
        let before = doc.token(m.start - 1);
        let Some(person) = possessive(before.form()) else {
            continue;
        };
        // The nearest actor of the right kind decides, even when it has no country.
        let owner = mentions[..k]
            .iter()
            .rev()
            .find_map(|o| match o.actors.as_slice() {
                [b] if b.is_person == person => Some(b.country.clone()),
                _ => None,
            })
            .flatten();
        let Some(country) = owner else {
            continue;
        };
        let m = &mut mentions[k];
        m.actors[0].place_in(country);
        m.start -= 1;
        m.rule.push_str(&format!("; owner of {:?}", before.form()));
    }
}

fn remember(m: &Mention, si: usize, memory: &mut Memory) {
    for a in &m.actors {
        if a.is_person {
            if let Some(name) = &a.name {
                if let Some(last) = name.split_whitespace().last() {
                    memory.surnames.push((last.to_string(), a.clone()));
                }
            }
            memory.persons.push((si, a.clone()));
        }
        // Every single-actor mention with a country counts as a mention of that country
        // ("Putin ... Tehran ... the two countries" is Russia and Iran).
        if m.actors.len() != 1 {
            continue;
        }
        if let Some(c) = &a.country {
            let same = a.code == *c;
            memory.countries.push(Actor {
                code: c.clone(),
                country: Some(c.clone()),
                sector: None,
                name: a.name.clone().filter(|_| same),
                entity: a.entity.clone().filter(|_| same),
                is_person: false,
            });
        }
    }
}

/// "her" is a pronoun subject/object only when not a possessive determiner.
fn next_is_verbish(doc: &Doc, i: usize) -> bool {
    let t = doc.token(i);
    if t.xpos().is_set() {
        return t.xpos().name() == "PRP";
    }
    true
}

/// Whether word `i` can be part of a person's name.
fn is_name_word(doc: &Doc, i: usize, w: &str) -> bool {
    let tag = doc.token(i).upos();
    if tag.is_set() {
        tag == Upos::from_name("PROPN").unwrap_or_default() && capitalised(w)
    } else {
        capitalised(w)
    }
}

/// End of a proper name starting at `from` (exclusive), or `from` when there is none.
fn proper_name_end(doc: &Doc, base: usize, words: &[&str], from: usize) -> usize {
    let mut e = from;
    while e < words.len() && e - from < 4 && is_name_word(doc, base + e, words[e]) {
        e += 1;
    }
    e
}

/// The head word of a span: the word whose parse head lies outside the span, else the last
/// noun-like word.
fn head_of(doc: &Doc, start: usize, end: usize) -> usize {
    if doc.is_parsed() {
        for i in start..end {
            match doc.token(i).head() {
                Some(h) if h.index() >= start && h.index() < end => {}
                _ => return i,
            }
        }
    }
    end - 1
}

#[cfg(test)]
mod tests;
