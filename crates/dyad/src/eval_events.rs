//! Event evaluation against gold JSONL files.
//!
//! Two gold formats are recognised by their event fields:
//! - PETRARCH validation records (`events: [{source, target, code}]`, `active`): compared on
//!   (source code, target code, CAMEO code);
//! - PLOVER gold-standard records (`events: [{source, target, plover, ...}]`): compared on
//!   (source country, PLOVER category) and on (source, target, category).
//!
//! Each record's text is coded as an article dated by the record. A record passes when the
//! set of predicted keys equals the set of gold keys exactly.

use crate::eval_tokens::Prf;
use crate::readers::Item;
use dyad_coder::{Coder, EventRecord};
use dyad_text::{Article, Date, Segmenter};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A gold record.
#[derive(Clone, Debug)]
pub struct GoldRecord {
    pub id: String,
    pub date: Option<Date>,
    pub text: String,
    pub category: String,
    pub events: Vec<GoldEvent>,
}

#[derive(Clone, Debug)]
pub struct GoldEvent {
    pub source: Option<String>,
    pub target: Option<String>,
    /// CAMEO code (PETRARCH) or PLOVER category.
    pub code: String,
}

/// Which comparison a gold file calls for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GoldKind {
    Petrarch,
    Plover,
}

/// Reads a gold JSONL file. Inactive PETRARCH records are left out.
pub fn read_gold(text: &str) -> Result<(GoldKind, Vec<GoldRecord>), String> {
    let mut kind = None;
    let mut out = Vec::new();
    for (k, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).map_err(|e| format!("line {}: {e}", k + 1))?;
        if v.get("active").and_then(Value::as_bool) == Some(false) {
            continue;
        }
        let evs = v
            .get("events")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut events = Vec::new();
        for e in &evs {
            let s = |key: &str| e.get(key).and_then(Value::as_str).map(str::to_string);
            if let Some(code) = s("code") {
                kind.get_or_insert(GoldKind::Petrarch);
                events.push(GoldEvent {
                    source: s("source"),
                    target: s("target"),
                    code,
                });
            } else if let Some(p) = s("plover") {
                kind.get_or_insert(GoldKind::Plover);
                events.push(GoldEvent {
                    source: s("source"),
                    target: s("target"),
                    code: p,
                });
            }
        }
        out.push(GoldRecord {
            id: v
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            date: v
                .get("date")
                .and_then(Value::as_str)
                .and_then(Date::parse_iso),
            text: v
                .get("text")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            category: v
                .get("category")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            events,
        });
    }
    let kind = kind.ok_or("no gold events with `code` or `plover` fields")?;
    Ok((kind, out))
}

type Key = (String, String, String);

/// Keys of one record under a comparison.
fn gold_keys(kind: GoldKind, r: &GoldRecord, with_target: bool) -> BTreeSet<Key> {
    r.events
        .iter()
        .map(|e| match kind {
            GoldKind::Petrarch => (
                e.source.clone().unwrap_or_default(),
                e.target.clone().unwrap_or_default(),
                e.code.clone(),
            ),
            GoldKind::Plover => (
                e.source.clone().unwrap_or_default(),
                if with_target {
                    e.target.clone().unwrap_or_default()
                } else {
                    String::new()
                },
                e.code.clone(),
            ),
        })
        .collect()
}

fn pred_keys(kind: GoldKind, events: &[EventRecord], with_target: bool) -> BTreeSet<Key> {
    let country = |a: &Option<dyad_coder::ActorRef>| -> String {
        a.as_ref()
            .map(|a| {
                a.country
                    .clone()
                    .unwrap_or_else(|| a.code.get(..3).unwrap_or("").to_string())
            })
            .unwrap_or_default()
    };
    events
        .iter()
        .filter_map(|e| match kind {
            GoldKind::Petrarch => Some((
                e.source.as_ref()?.code.clone(),
                e.target.as_ref()?.code.clone(),
                e.cameo.clone(),
            )),
            // PLOVER codes a joint act with all its entities as the actor and no recipient.
            GoldKind::Plover => Some((
                country(&e.source),
                if with_target && !e.reciprocal {
                    country(&e.target)
                } else {
                    String::new()
                },
                e.plover.clone()?,
            )),
        })
        .collect()
}

/// One comparison's scores.
#[derive(Clone, Debug, Default)]
pub struct Comparison {
    pub name: String,
    pub events: Prf,
    pub records: usize,
    pub passed: usize,
    pub by_category: BTreeMap<String, Prf>,
    /// (record id, missing keys, spurious keys) of the records that did not pass.
    pub misses: Vec<(String, Vec<Key>, Vec<Key>)>,
}

/// Everything `dyad eval` prints for a gold JSONL file.
#[derive(Clone, Debug, Default)]
pub struct EventScores {
    pub comparisons: Vec<Comparison>,
    /// PLOVER gold: (gold source/target actors found with the right country, all of them).
    pub actors: Option<(usize, usize)>,
}

/// Codes every gold record and compares.
pub fn evaluate(coder: &Coder<'_>, kind: GoldKind, records: &[GoldRecord]) -> EventScores {
    use rayon::prelude::*;
    let mut scores = EventScores::default();
    // Code each record; keep its events and the countries of its actor mentions.
    let results: Vec<(Vec<EventRecord>, BTreeSet<String>)> = records
        .par_iter()
        .map_init(Segmenter::new, |seg, r| {
            let mut a = Article::new(r.id.clone(), r.text.clone());
            a.date = r.date;
            let (article, doc) = crate::cli::analyse(seg, Item::Article(a));
            let c = coder.code(&article.id, article.date, &doc);
            let countries = c
                .mentions
                .iter()
                .flat_map(|m| m.actors.iter())
                .filter_map(|a| a.country.clone())
                .collect();
            (c.events, countries)
        })
        .collect();
    let coded: Vec<&Vec<EventRecord>> = results.iter().map(|(e, _)| e).collect();
    if kind == GoldKind::Plover {
        // Share of gold source and target actors found with the right country.
        let (mut gold, mut found) = (0usize, 0usize);
        for (r, (_, countries)) in records.iter().zip(&results) {
            for e in &r.events {
                for c in [&e.source, &e.target].into_iter().flatten() {
                    gold += 1;
                    found += countries.contains(c) as usize;
                }
            }
        }
        scores.actors = Some((found, gold));
    }
    let comparisons: Vec<(&str, bool)> = match kind {
        GoldKind::Petrarch => vec![("(source, target, CAMEO code)", true)],
        GoldKind::Plover => vec![
            ("(source country, PLOVER category)", false),
            ("(source, target, PLOVER category)", true),
        ],
    };
    for (name, with_target) in comparisons {
        let mut c = Comparison {
            name: name.to_string(),
            ..Comparison::default()
        };
        for (r, ev) in records.iter().zip(coded.iter().copied()) {
            let g = gold_keys(kind, r, with_target);
            let p = pred_keys(kind, ev, with_target);
            let correct = g.intersection(&p).count();
            c.records += 1;
            if g == p {
                c.passed += 1;
            }
            c.events.gold += g.len();
            c.events.predicted += p.len();
            c.events.correct += correct;
            // Per category: the gold category of each key (PLOVER) or the record's category.
            for key in g.union(&p) {
                let cat = match kind {
                    GoldKind::Plover => key.2.clone(),
                    GoldKind::Petrarch => r.category.clone(),
                };
                let e = c.by_category.entry(cat).or_default();
                e.gold += g.contains(key) as usize;
                e.predicted += p.contains(key) as usize;
                e.correct += (g.contains(key) && p.contains(key)) as usize;
            }
            if g != p {
                c.misses.push((
                    r.id.clone(),
                    g.difference(&p).cloned().collect(),
                    p.difference(&g).cloned().collect(),
                ));
            }
        }
        scores.comparisons.push(c);
    }
    scores
}

impl EventScores {
    pub fn report(&self, misses: usize) -> String {
        let mut s = String::new();
        if let Some((found, gold)) = self.actors {
            s += &format!(
                "actors: {found} of {gold} gold source/target actors found with the right country ({:.1}%)\n",
                100.0 * found as f64 / gold.max(1) as f64
            );
        }
        for c in &self.comparisons {
            s += &format!(
                "{}\n  records {}  passed {} ({:.1}%)\n  events  P {:.4}  R {:.4}  F1 {:.4}  (gold {}, predicted {}, correct {})\n  by category:\n",
                c.name,
                c.records,
                c.passed,
                100.0 * c.passed as f64 / c.records.max(1) as f64,
                c.events.precision(),
                c.events.recall(),
                c.events.f1(),
                c.events.gold,
                c.events.predicted,
                c.events.correct
            );
            for (cat, p) in &c.by_category {
                s += &format!(
                    "    {:<14} P {:.3}  R {:.3}  F1 {:.3}  (gold {}, predicted {})\n",
                    cat,
                    p.precision(),
                    p.recall(),
                    p.f1(),
                    p.gold,
                    p.predicted
                );
            }
        }
        for c in self.comparisons.iter().filter(|_| misses > 0) {
            s += &format!("misses {}:\n", c.name);
            for (id, missing, spurious) in c.misses.iter().take(misses) {
                let show = |v: &[Key]| {
                    v.iter()
                        .map(|(a, b, c)| format!("{a}>{b}:{c}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                s += &format!(
                    "  {id}: missing [{}] spurious [{}]\n",
                    show(missing),
                    show(spurious)
                );
            }
        }
        s
    }
}
