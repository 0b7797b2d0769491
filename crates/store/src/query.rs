//! Queries: filters over merged events, typed rows, aggregations.

use crate::days::{day_number, day_string};
use crate::{Error, Result, Store};
use dyad_coder::EventRecord;
use dyad_text::Date;
use rusqlite::types::Value;
use serde::Serialize;

/// Which events a query covers. Every field is optional; all given ones must hold.
///
/// Actor codes match as prefixes (`IRN` matches `IRN`, `IRNGOV`, `IRNMIL`...), and so does
/// the CAMEO code (`19` is the root, `193` a code and its subcodes).
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Actor code prefix on either side.
    pub actor: Option<String>,
    /// Source actor code prefix.
    pub source: Option<String>,
    /// Target actor code prefix.
    pub target: Option<String>,
    /// Events between these two actor code prefixes, in either direction.
    pub between: Option<(String, String)>,
    /// ISO alpha-3 country of either actor.
    pub country: Option<String>,
    /// Sector code (`GOV`, `MIL`, ...) of either actor.
    pub sector: Option<String>,
    /// CAMEO code or root prefix.
    pub cameo: Option<String>,
    /// PLOVER category.
    pub plover: Option<String>,
    /// Status (`asserted`, `alleged`, ...) of the event (the most frequent of its mentions).
    pub status: Option<String>,
    /// First day, inclusive.
    pub since: Option<Date>,
    /// Last day, inclusive.
    pub until: Option<Date>,
    /// Place: a country code (alpha-3) or part of the location name.
    pub place: Option<String>,
    /// Words or a phrase in the evidence text of a mention (full-text search).
    pub text: Option<String>,
    /// At least this many mentions.
    pub min_mentions: Option<u32>,
}

/// Time buckets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Day,
    /// Weeks from Monday.
    Week,
    Month,
    Year,
}

impl Period {
    /// The SQL expression of an event's bucket key.
    fn sql(self) -> &'static str {
        match self {
            Period::Day => "e.day",
            Period::Week => "((e.day + 700003) / 7 - 100000)",
            Period::Month => "e.month",
            Period::Year => "(e.month / 100)",
        }
    }

    /// The label of a bucket key: `2024-03-05` (day; the Monday of a week), `2024-03`, `2024`.
    pub fn label(self, key: i64) -> String {
        match self {
            Period::Day => day_string(key),
            Period::Week => day_string(key * 7 - 3),
            Period::Month => format!("{:04}-{:02}", key / 100, key % 100),
            Period::Year => format!("{key:04}"),
        }
    }

    fn next(self, key: i64) -> i64 {
        match self {
            Period::Month if key % 100 == 12 => (key / 100 + 1) * 100 + 1,
            _ => key + 1,
        }
    }
}

/// How event listings are sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EventOrder {
    /// By date, oldest first.
    #[default]
    Oldest,
    /// By date, newest first.
    Newest,
    /// Most mentioned first.
    Mentions,
}

/// A merged event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventRow {
    pub id: i64,
    /// The event's day (`YYYY-MM-DD`): the date of the mention that anchored it.
    pub date: Option<String>,
    pub source: String,
    pub source_name: Option<String>,
    pub source_country: Option<String>,
    pub source_sector: Option<String>,
    pub target: String,
    pub target_name: Option<String>,
    pub target_country: Option<String>,
    pub target_sector: Option<String>,
    pub cameo: String,
    pub cameo_root: String,
    pub plover: Option<String>,
    pub plover_mode: Option<String>,
    pub goldstein: f64,
    pub quad_class: u8,
    pub status: String,
    pub confidence: f64,
    pub mentions: i64,
    pub articles: i64,
    pub sources: i64,
    /// Earliest and latest article date among its mentions.
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub location: Option<String>,
    pub location_country: Option<String>,
    /// One direction of a joint act (see `EventRecord::reciprocal`).
    pub reciprocal: bool,
}

/// One stored event mention, with its article and merged event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MentionRow {
    pub mention_id: i64,
    pub event_id: i64,
    pub doc_id: String,
    pub url: Option<String>,
    /// The article's outlet (`Article::source`).
    pub outlet: Option<String>,
    pub article_date: Option<String>,
    pub evidence: String,
    pub record: EventRecord,
}

/// An actor and how often it appears.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorRow {
    pub code: String,
    pub name: Option<String>,
    pub country: Option<String>,
    pub sector: Option<String>,
    /// Events with this actor on either side.
    pub events: i64,
    /// Mentions of those events.
    pub mentions: i64,
    pub as_source: i64,
    pub as_target: i64,
}

/// Events of one directed pair in one period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DyadRow {
    pub period: String,
    pub source: String,
    pub target: String,
    pub events: i64,
    pub mentions: i64,
    /// Sum of the events' Goldstein scores.
    pub goldstein: f64,
}

/// Events of one period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineRow {
    pub period: String,
    pub events: i64,
    pub mentions: i64,
    pub goldstein: f64,
}

/// A WHERE clause over `events e` and its parameters.
struct Where {
    sql: String,
    params: Vec<Value>,
}

impl Where {
    fn push(&mut self, clause: &str, params: impl IntoIterator<Item = Value>) {
        self.sql.push_str(" AND ");
        self.sql.push_str(clause);
        self.params.extend(params);
    }
}

fn code_prefix(what: &str, s: &str) -> Result<Value> {
    let s = s.trim();
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Error::Invalid(format!(
            "{what} {s:?} is not a code (letters and digits)"
        )));
    }
    Ok(Value::Text(format!("{}*", s.to_ascii_uppercase())))
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

const STATUSES: &[&str] = &[
    "asserted",
    "alleged",
    "planned",
    "negated",
    "hypothetical",
    "denied",
];

fn build_where(f: &Filter) -> Result<Where> {
    let mut w = Where {
        sql: "1".into(),
        params: Vec::new(),
    };
    if let Some(a) = &f.actor {
        let p = code_prefix("actor", a)?;
        w.push("(e.source GLOB ? OR e.target GLOB ?)", [p.clone(), p]);
    }
    if let Some(a) = &f.source {
        w.push("e.source GLOB ?", [code_prefix("source", a)?]);
    }
    if let Some(a) = &f.target {
        w.push("e.target GLOB ?", [code_prefix("target", a)?]);
    }
    if let Some((a, b)) = &f.between {
        let (a, b) = (code_prefix("actor", a)?, code_prefix("actor", b)?);
        w.push(
            "((e.source GLOB ? AND e.target GLOB ?) OR (e.source GLOB ? AND e.target GLOB ?))",
            [a.clone(), b.clone(), b, a],
        );
    }
    if let Some(c) = &f.country {
        let c = text(&c.trim().to_ascii_uppercase());
        w.push(
            "(e.source_country = ? OR e.target_country = ?)",
            [c.clone(), c],
        );
    }
    if let Some(s) = &f.sector {
        let s = text(&s.trim().to_ascii_uppercase());
        w.push(
            "(e.source_sector = ? OR e.target_sector = ?)",
            [s.clone(), s],
        );
    }
    if let Some(c) = &f.cameo {
        let c = c.trim();
        if c.is_empty() || !c.chars().all(|c| c.is_ascii_digit()) {
            return Err(Error::Invalid(format!("CAMEO code {c:?} is not digits")));
        }
        w.push("e.cameo GLOB ?", [Value::Text(format!("{c}*"))]);
    }
    if let Some(p) = &f.plover {
        w.push("e.plover = ?", [text(&p.trim().to_ascii_uppercase())]);
    }
    if let Some(s) = &f.status {
        let s = s.trim().to_ascii_lowercase();
        if !STATUSES.contains(&s.as_str()) {
            return Err(Error::Invalid(format!(
                "status {s:?} is not one of {}",
                STATUSES.join(", ")
            )));
        }
        w.push("e.status = ?", [Value::Text(s)]);
    }
    if let Some(d) = f.since {
        w.push("e.day >= ?", [Value::Integer(day_number(d))]);
    }
    if let Some(d) = f.until {
        w.push("e.day <= ?", [Value::Integer(day_number(d))]);
    }
    if let Some(p) = &f.place {
        let p = p.trim();
        let like = format!(
            "%{}%",
            p.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        w.push(
            "(e.location_country = ? OR e.location LIKE ? ESCAPE '\\')",
            [text(&p.to_ascii_uppercase()), Value::Text(like)],
        );
    }
    if let Some(t) = &f.text {
        w.push(
            "e.id IN (SELECT m2.event FROM mentions m2 WHERE m2.id IN \
             (SELECT rowid FROM mention_text WHERE mention_text MATCH ?))",
            [Value::Text(fts_phrase(t)?)],
        );
    }
    if let Some(n) = f.min_mentions {
        w.push("e.mentions >= ?", [Value::Integer(n as i64)]);
    }
    Ok(w)
}

/// A full-text query matching the words of `s` as a phrase.
fn fts_phrase(s: &str) -> Result<String> {
    let s = s.trim();
    if s.is_empty() {
        return Err(Error::Invalid("empty text search".into()));
    }
    Ok(format!("\"{}\"", s.replace('"', "\"\"")))
}

const EVENT_COLS: &str = "e.id, e.day, e.source, e.source_name, e.source_country, \
    e.source_sector, e.target, e.target_name, e.target_country, e.target_sector, e.cameo, \
    e.cameo_root, e.plover, e.plover_mode, e.goldstein, e.quad_class, e.status, e.confidence, \
    e.mentions, e.articles, e.sources, e.first_seen, e.last_seen, e.location, \
    e.location_country, e.reciprocal";

fn event_row(r: &rusqlite::Row) -> rusqlite::Result<EventRow> {
    let day = |i: usize| -> rusqlite::Result<Option<String>> {
        Ok(r.get::<_, Option<i64>>(i)?.map(day_string))
    };
    Ok(EventRow {
        id: r.get(0)?,
        date: day(1)?,
        source: r.get(2)?,
        source_name: r.get(3)?,
        source_country: r.get(4)?,
        source_sector: r.get(5)?,
        target: r.get(6)?,
        target_name: r.get(7)?,
        target_country: r.get(8)?,
        target_sector: r.get(9)?,
        cameo: r.get(10)?,
        cameo_root: r.get(11)?,
        plover: r.get(12)?,
        plover_mode: r.get(13)?,
        goldstein: r.get(14)?,
        quad_class: r.get::<_, i64>(15)? as u8,
        status: r.get(16)?,
        confidence: r.get(17)?,
        mentions: r.get(18)?,
        articles: r.get(19)?,
        sources: r.get(20)?,
        first_seen: day(21)?,
        last_seen: day(22)?,
        location: r.get(23)?,
        location_country: r.get(24)?,
        reciprocal: r.get::<_, i64>(25)? != 0,
    })
}

fn limit_sql(limit: Option<usize>) -> String {
    match limit {
        Some(n) => format!(" LIMIT {n}"),
        None => String::new(),
    }
}

impl Store {
    /// Events matching `f`, oldest first, at most `limit`.
    pub fn events(&self, f: &Filter, limit: Option<usize>) -> Result<Vec<EventRow>> {
        let mut out = Vec::new();
        self.for_each_event(f, EventOrder::Oldest, limit, |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }

    /// Streams the events matching `f` to `each`; returns how many.
    pub fn for_each_event(
        &self,
        f: &Filter,
        order: EventOrder,
        limit: Option<usize>,
        mut each: impl FnMut(EventRow) -> Result<()>,
    ) -> Result<u64> {
        let w = build_where(f)?;
        let order = match order {
            EventOrder::Oldest => "e.day, e.id",
            EventOrder::Newest => "e.day DESC, e.id DESC",
            EventOrder::Mentions => "e.mentions DESC, e.day, e.id",
        };
        let sql = format!(
            "SELECT {EVENT_COLS} FROM events e WHERE {} ORDER BY {order}{}",
            w.sql,
            limit_sql(limit)
        );
        let mut st = self.conn.prepare(&sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(w.params))?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            each(event_row(r)?)?;
            n += 1;
        }
        Ok(n)
    }

    /// Streams the mentions of the events matching `f` (with a text search, only the
    /// mentions whose evidence matches), in storage order; returns how many.
    pub fn for_each_mention(
        &self,
        f: &Filter,
        limit: Option<usize>,
        mut each: impl FnMut(MentionRow) -> Result<()>,
    ) -> Result<u64> {
        let mut w = build_where(f)?;
        if let Some(t) = &f.text {
            w.push(
                "m.id IN (SELECT rowid FROM mention_text WHERE mention_text MATCH ?)",
                [Value::Text(fts_phrase(t)?)],
            );
        }
        let sql = format!(
            "SELECT m.id, m.event, a.doc_id, a.url, a.source, a.day, m.evidence, m.record \
             FROM mentions m JOIN events e ON e.id = m.event JOIN articles a ON a.id = m.article \
             WHERE {} ORDER BY m.id{}",
            w.sql,
            limit_sql(limit)
        );
        let mut st = self.conn.prepare(&sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(w.params))?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            let record: String = r.get(7)?;
            each(MentionRow {
                mention_id: r.get(0)?,
                event_id: r.get(1)?,
                doc_id: r.get(2)?,
                url: r.get(3)?,
                outlet: r.get(4)?,
                article_date: r.get::<_, Option<i64>>(5)?.map(day_string),
                evidence: r.get(6)?,
                record: serde_json::from_str(&record)?,
            })?;
            n += 1;
        }
        Ok(n)
    }

    /// The actors of the events matching `f`, most frequent first.
    pub fn actors(&self, f: &Filter, limit: Option<usize>) -> Result<Vec<ActorRow>> {
        let w = build_where(f)?;
        let side = |col: &str, n: u8| {
            format!(
                "SELECT e.{col} AS code, e.{col}_name AS name, e.{col}_country AS country, \
                 e.{col}_sector AS sector, e.mentions AS mentions, {n} AS side FROM events e \
                 WHERE {} AND e.{col} <> ''",
                w.sql
            )
        };
        let sql = format!(
            "SELECT code, max(name), max(country), max(sector), count(*) AS n, sum(mentions), \
             sum(side = 0), sum(side = 1) FROM ({} UNION ALL {}) GROUP BY code \
             ORDER BY n DESC, code{}",
            side("source", 0),
            side("target", 1),
            limit_sql(limit)
        );
        let params = w.params.iter().chain(w.params.iter());
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(params), |r| {
            Ok(ActorRow {
                code: r.get(0)?,
                name: r.get(1)?,
                country: r.get(2)?,
                sector: r.get(3)?,
                events: r.get(4)?,
                mentions: r.get(5)?,
                as_source: r.get(6)?,
                as_target: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Event counts and Goldstein sums by directed pair and period (dated events only),
    /// by period then most events; with `top`, only the `top` pairs of each period.
    pub fn dyads(&self, f: &Filter, period: Period, top: Option<usize>) -> Result<Vec<DyadRow>> {
        let w = build_where(f)?;
        let inner = format!(
            "SELECT {} AS p, e.source AS s, e.target AS t, count(*) AS n, sum(e.mentions) AS m, \
             sum(e.goldstein) AS g FROM events e WHERE {} AND e.day IS NOT NULL \
             GROUP BY p, s, t",
            period.sql(),
            w.sql
        );
        let sql = match top {
            Some(k) => format!(
                "SELECT p, s, t, n, m, g FROM (SELECT *, row_number() OVER \
                 (PARTITION BY p ORDER BY n DESC, s, t) AS r FROM ({inner})) WHERE r <= {k} \
                 ORDER BY p, n DESC, s, t"
            ),
            None => format!("{inner} ORDER BY p, n DESC, s, t"),
        };
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(w.params), |r| {
            Ok(DyadRow {
                period: period.label(r.get(0)?),
                source: r.get(1)?,
                target: r.get(2)?,
                events: r.get(3)?,
                mentions: r.get(4)?,
                goldstein: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Counts per period of the (dated) events matching `f`, with empty periods between the
    /// first and the last filled in.
    pub fn timeline(&self, f: &Filter, period: Period) -> Result<Vec<TimelineRow>> {
        let w = build_where(f)?;
        let sql = format!(
            "SELECT {} AS p, count(*), sum(e.mentions), sum(e.goldstein) FROM events e \
             WHERE {} AND e.day IS NOT NULL GROUP BY p ORDER BY p",
            period.sql(),
            w.sql
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows: Vec<(i64, i64, i64, f64)> = st
            .query_map(rusqlite::params_from_iter(w.params), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::with_capacity(rows.len());
        let fill = match (rows.first(), rows.last()) {
            (Some(a), Some(b)) => b.0 - a.0 <= 200_000,
            _ => false,
        };
        let mut next: Option<i64> = None;
        for (p, n, m, g) in rows {
            if let Some(mut k) = next.filter(|_| fill) {
                while k < p {
                    out.push(TimelineRow {
                        period: period.label(k),
                        events: 0,
                        mentions: 0,
                        goldstein: 0.0,
                    });
                    k = period.next(k);
                }
            }
            out.push(TimelineRow {
                period: period.label(p),
                events: n,
                mentions: m,
                goldstein: g,
            });
            next = Some(period.next(p));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::*;

    fn sample() -> (TempDir, Store) {
        let (d, mut store) = temp_store("query");
        let mut yem = rec("SAU", "YEMREB", "190");
        yem.location = Some(dyad_coder::Location {
            name: "Sanaa".into(),
            country: Some("YEM".into()),
            start: 0,
            end: 0,
        });
        let mut alleged = rec("USA", "IRN", "112");
        alleged.status = dyad_coder::Status::Alleged;
        store
            .ingest_batch(&[
                coded(
                    "q1",
                    "2024-02-10",
                    "IRN accused RUS of meddling.",
                    &[rec("IRN", "RUS", "112")],
                ),
                coded(
                    "q2",
                    "2024-02-10",
                    "RUSGOV accused IRN strongly.",
                    &[rec("RUSGOV", "IRN", "112")],
                ),
                coded(
                    "q3",
                    "2024-03-03",
                    "SAU bombed YEMREB in Sanaa.",
                    &[yem.clone()],
                ),
                coded(
                    "q4",
                    "2024-03-20",
                    "SAU shelled YEMREB positions.",
                    &[yem.clone()],
                ),
                coded("q5", "2024-04-02", "SAU attacked YEMREB again.", &[yem]),
                coded(
                    "q6",
                    "2024-04-03",
                    "USA said IRN may have hacked.",
                    &[alleged],
                ),
                coded(
                    "q7",
                    "2024-04-03",
                    "USA says IRN hacked it.",
                    &[rec("USA", "IRN", "112")],
                ),
            ])
            .unwrap();
        (d, store)
    }

    fn ids(store: &Store, f: Filter) -> Vec<(String, String, String)> {
        store
            .events(&f, None)
            .unwrap()
            .into_iter()
            .map(|e| (e.date.unwrap_or_default(), e.source, e.target))
            .collect()
    }

    #[test]
    fn filters_select_events() {
        let (_d, store) = sample();
        assert_eq!(store.counts().unwrap().events, 6);
        let between = ids(
            &store,
            Filter {
                between: Some(("irn".into(), "RUS".into())),
                ..Default::default()
            },
        );
        assert_eq!(
            between,
            vec![
                ("2024-02-10".into(), "IRN".into(), "RUS".into()),
                ("2024-02-10".into(), "RUSGOV".into(), "IRN".into())
            ]
        );
        let f = Filter {
            country: Some("YEM".into()),
            cameo: Some("19".into()),
            since: Date::parse_iso("2024-03-01"),
            until: Date::parse_iso("2024-03-31"),
            ..Default::default()
        };
        assert_eq!(ids(&store, f).len(), 2);
        let f = Filter {
            sector: Some("REB".into()),
            place: Some("sana".into()),
            ..Default::default()
        };
        assert_eq!(ids(&store, f).len(), 3);
        let f = Filter {
            source: Some("USA".into()),
            ..Default::default()
        };
        let ev = store.events(&f, None).unwrap();
        assert_eq!(ev.len(), 1);
        // One asserted and one alleged mention: the tie goes to the earlier one.
        assert_eq!((ev[0].mentions, ev[0].status.as_str()), (2, "alleged"));
        let f = Filter {
            plover: Some("accuse".into()),
            status: Some("alleged".into()),
            ..Default::default()
        };
        assert_eq!(ids(&store, f).len(), 1);
        let f = Filter {
            text: Some("accused RUS".into()),
            ..Default::default()
        };
        assert_eq!(
            ids(&store, f),
            vec![("2024-02-10".into(), "IRN".into(), "RUS".into())]
        );
        let f = Filter {
            min_mentions: Some(2),
            ..Default::default()
        };
        assert_eq!(ids(&store, f).len(), 1);
        assert!(store
            .events(
                &Filter {
                    actor: Some("I R".into()),
                    ..Default::default()
                },
                None
            )
            .is_err());
        assert!(store
            .events(
                &Filter {
                    status: Some("maybe".into()),
                    ..Default::default()
                },
                None
            )
            .is_err());
    }

    #[test]
    fn mentions_follow_the_filter() {
        let (_d, store) = sample();
        let mut got = Vec::new();
        store
            .for_each_mention(
                &Filter {
                    actor: Some("USA".into()),
                    ..Default::default()
                },
                None,
                |m| {
                    got.push((m.doc_id, m.record.status, m.evidence));
                    Ok(())
                },
            )
            .unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, "q6");
        assert_eq!(got[0].1, dyad_coder::Status::Alleged);
        let mut n = 0;
        store
            .for_each_mention(
                &Filter {
                    text: Some("says IRN".into()),
                    ..Default::default()
                },
                None,
                |m| {
                    assert_eq!(m.doc_id, "q7");
                    n += 1;
                    Ok(())
                },
            )
            .unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn aggregations() {
        let (_d, store) = sample();
        let actors = store.actors(&Filter::default(), Some(2)).unwrap();
        assert_eq!(actors[0].code, "IRN");
        assert_eq!(
            (actors[0].events, actors[0].as_source, actors[0].as_target),
            (3, 1, 2)
        );
        assert_eq!(actors[1].code, "SAU");
        let dy = store
            .dyads(&Filter::default(), Period::Month, None)
            .unwrap();
        let got: Vec<(String, String, String, i64)> = dy
            .iter()
            .map(|d| {
                (
                    d.period.clone(),
                    d.source.clone(),
                    d.target.clone(),
                    d.events,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("2024-02".into(), "IRN".into(), "RUS".into(), 1),
                ("2024-02".into(), "RUSGOV".into(), "IRN".into(), 1),
                ("2024-03".into(), "SAU".into(), "YEMREB".into(), 2),
                ("2024-04".into(), "SAU".into(), "YEMREB".into(), 1),
                ("2024-04".into(), "USA".into(), "IRN".into(), 1),
            ]
        );
        assert_eq!(dy[2].goldstein, -20.0);
        let top = store
            .dyads(&Filter::default(), Period::Month, Some(1))
            .unwrap();
        assert_eq!(top.len(), 3);
        let tl = store
            .timeline(
                &Filter {
                    cameo: Some("19".into()),
                    ..Default::default()
                },
                Period::Week,
            )
            .unwrap();
        // 2024-03-03 is a Sunday: its week starts on 2024-02-26.
        assert_eq!(tl.first().unwrap().period, "2024-02-26");
        assert_eq!(tl.last().unwrap().period, "2024-04-01");
        assert_eq!(tl.len(), 6);
        assert_eq!(tl.iter().map(|t| t.events).sum::<i64>(), 3);
        let months = store.timeline(&Filter::default(), Period::Month).unwrap();
        let got: Vec<(String, i64)> = months.into_iter().map(|t| (t.period, t.events)).collect();
        assert_eq!(
            got,
            vec![
                ("2024-02".into(), 2),
                ("2024-03".into(), 2),
                ("2024-04".into(), 2)
            ]
        );
        assert_eq!(Period::Month.next(202412), 202501);
        assert_eq!(Period::Year.label(2024), "2024");
    }
}
