//! Ingest: articles, diagnostics, mentions and actor mentions in, merged events kept exact.

use crate::days::{day_number, month_key, parse_day};
use crate::{Result, Store};
use dyad_coder::{ActorRef, EventRecord};
use dyad_text::Article;
use rusqlite::{params, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// SHA-256 of an article's text: the identity of its content.
pub fn text_hash(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// How an ingest treats articles.
#[derive(Clone, Copy, Debug, Default)]
pub struct IngestOptions {
    /// Replace the events of articles whose text is unchanged too (after a new coder).
    pub recode: bool,
}

/// What an ingest did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct IngestStats {
    /// Articles given.
    pub articles: u64,
    /// New articles stored.
    pub added: u64,
    /// Stored articles whose text (or, with `recode`, coding) was replaced.
    pub replaced: u64,
    /// Articles stored already with the same text: nothing done.
    pub unchanged: u64,
    /// Articles whose text is stored under another id: skipped.
    pub duplicates: u64,
    /// Event mentions stored.
    pub mentions_added: u64,
    /// Event mentions removed (replaced articles).
    pub mentions_removed: u64,
    /// Merged events created.
    pub events_created: u64,
    /// Merged events deleted because no mention was left.
    pub events_deleted: u64,
    /// Diagnostics stored.
    pub diagnostics: u64,
}

impl std::ops::AddAssign for IngestStats {
    fn add_assign(&mut self, o: IngestStats) {
        self.articles += o.articles;
        self.added += o.added;
        self.replaced += o.replaced;
        self.unchanged += o.unchanged;
        self.duplicates += o.duplicates;
        self.mentions_added += o.mentions_added;
        self.mentions_removed += o.mentions_removed;
        self.events_created += o.events_created;
        self.events_deleted += o.events_deleted;
        self.diagnostics += o.diagnostics;
    }
}

/// What the store knows of an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArticleState {
    /// Neither its id nor its text is stored.
    New,
    /// Stored with this id and text.
    Unchanged,
    /// Its id is stored with another text.
    Changed,
    /// Its text is stored under another id.
    Duplicate { of: String },
}

impl Store {
    /// What ingesting `article` would do (without `recode`): lets a caller skip coding
    /// articles that are stored already.
    pub fn article_state(&self, article: &Article) -> Result<ArticleState> {
        article_state(&self.conn, &article.id, &text_hash(&article.text))
    }

    /// Ingests a batch of coded articles in one transaction.
    pub fn ingest_batch(
        &mut self,
        batch: &[(Article, Vec<EventRecord>, Vec<String>)],
    ) -> Result<IngestStats> {
        self.ingest_batch_with(batch, &IngestOptions::default())
    }

    /// Ingests a batch of coded articles in one transaction, with options.
    pub fn ingest_batch_with(
        &mut self,
        batch: &[(Article, Vec<EventRecord>, Vec<String>)],
        opts: &IngestOptions,
    ) -> Result<IngestStats> {
        let window = self.window as i64;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut stats = IngestStats::default();
        let mut b = Batch::default();
        for (article, records, diagnostics) in batch {
            stats.articles += 1;
            ingest_one(
                &tx,
                window,
                opts,
                article,
                records,
                diagnostics,
                &mut stats,
                &mut b,
            )?;
        }
        // Every mention with an id from the first one inserted on was inserted by this batch
        // (new ids are larger than all ids present at the time).
        if let Some(first) = b.first_new_mention {
            tx.prepare_cached(
                "INSERT INTO mention_text(rowid, evidence) SELECT id, evidence FROM mentions \
                 WHERE id >= ?1",
            )?
            .execute([first])?;
        }
        let touched = b.touched;
        for event in touched {
            if recompute_event(&tx, event)? {
                stats.events_deleted += 1;
            }
        }
        tx.commit()?;
        Ok(stats)
    }
}

fn article_state(conn: &rusqlite::Connection, id: &str, hash: &[u8; 32]) -> Result<ArticleState> {
    let stored: Option<Vec<u8>> = conn
        .prepare_cached("SELECT text_hash FROM articles WHERE doc_id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    if let Some(h) = stored {
        return Ok(if h == hash {
            ArticleState::Unchanged
        } else {
            ArticleState::Changed
        });
    }
    let other: Option<String> = conn
        .prepare_cached("SELECT doc_id FROM articles WHERE text_hash = ?1 ORDER BY id LIMIT 1")?
        .query_row([&hash[..]], |r| r.get(0))
        .optional()?;
    Ok(match other {
        Some(of) => ArticleState::Duplicate { of },
        None => ArticleState::New,
    })
}

/// What a batch keeps track of.
#[derive(Default)]
struct Batch {
    /// Events whose mentions changed.
    touched: BTreeSet<i64>,
    /// The id of the first mention inserted (not yet in the full-text index).
    first_new_mention: Option<i64>,
}

#[allow(clippy::too_many_arguments)]
fn ingest_one(
    tx: &Transaction,
    window: i64,
    opts: &IngestOptions,
    article: &Article,
    records: &[EventRecord],
    diagnostics: &[String],
    stats: &mut IngestStats,
    batch: &mut Batch,
) -> Result<()> {
    let touched = &mut batch.touched;
    let hash = text_hash(&article.text);
    let existing: Option<(i64, Vec<u8>)> = tx
        .prepare_cached("SELECT id, text_hash FROM articles WHERE doc_id = ?1")?
        .query_row([&article.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let article_day = article.date.map(day_number);
    let extra = extra_json(article);
    let chars = article.text.chars().count() as i64;
    let aid = match existing {
        Some((_, h)) if h == hash && !opts.recode => {
            stats.unchanged += 1;
            return Ok(());
        }
        Some((aid, _)) => {
            {
                let mut st =
                    tx.prepare_cached("SELECT DISTINCT event FROM mentions WHERE article = ?1")?;
                for e in st.query_map([aid], |r| r.get::<_, i64>(0))? {
                    touched.insert(e?);
                }
            }
            // Mentions inserted before this batch are in the full-text index.
            tx.prepare_cached(
                "INSERT INTO mention_text(mention_text, rowid, evidence) \
                 SELECT 'delete', id, evidence FROM mentions WHERE article = ?1 AND id < ?2",
            )?
            .execute([aid, batch.first_new_mention.unwrap_or(i64::MAX)])?;
            stats.mentions_removed += tx
                .prepare_cached("DELETE FROM mentions WHERE article = ?1")?
                .execute([aid])? as u64;
            tx.prepare_cached("DELETE FROM diagnostics WHERE article = ?1")?
                .execute([aid])?;
            tx.prepare_cached(
                "UPDATE articles SET text_hash = ?2, day = ?3, source = ?4, url = ?5, \
                 title = ?6, extra = ?7, chars = ?8, records = ?9 WHERE id = ?1",
            )?
            .execute(params![
                aid,
                &hash[..],
                article_day,
                article.source,
                article.url,
                article.title,
                extra,
                chars,
                records.len() as i64
            ])?;
            stats.replaced += 1;
            aid
        }
        None => {
            if let ArticleState::Duplicate { .. } = article_state(tx, &article.id, &hash)? {
                stats.duplicates += 1;
                return Ok(());
            }
            tx.prepare_cached(
                "INSERT INTO articles (doc_id, text_hash, day, source, url, title, extra, \
                 chars, records) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                article.id,
                &hash[..],
                article_day,
                article.source,
                article.url,
                article.title,
                extra,
                chars,
                records.len() as i64
            ])?;
            stats.added += 1;
            tx.last_insert_rowid()
        }
    };
    {
        let mut st = tx.prepare_cached(
            "INSERT INTO diagnostics (article, seq, message) VALUES (?1, ?2, ?3)",
        )?;
        for (i, d) in diagnostics.iter().enumerate() {
            st.execute(params![aid, i as i64, d])?;
        }
        stats.diagnostics += diagnostics.len() as u64;
    }
    if records.is_empty() {
        return Ok(());
    }
    let offsets: Vec<usize> = article
        .text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(article.text.len()))
        .collect();
    for rec in records {
        let day = rec.date.as_deref().and_then(parse_day).or(article_day);
        let source = rec.source.as_ref().map_or("", |a| a.code.as_str());
        let target = rec.target.as_ref().map_or("", |a| a.code.as_str());
        let event = find_or_create_event(tx, window, source, target, &rec.cameo, day, stats)?;
        touched.insert(event);
        let evidence = evidence(&article.text, &offsets, rec);
        let json = serde_json::to_string(rec)?;
        let actor = |a: &Option<ActorRef>, f: fn(&ActorRef) -> Option<&String>| {
            a.as_ref().and_then(f).cloned()
        };
        tx.prepare_cached(
            "INSERT INTO mentions (event, article, record_id, sentence, day, status, \
             confidence, cameo_root, source_country, source_sector, source_name, \
             target_country, target_sector, target_name, plover, plover_mode, goldstein, \
             quad_class, location, location_country, evidence, record) VALUES (?1, ?2, ?3, \
             ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, \
             ?21, ?22)",
        )?
        .execute(params![
            event,
            aid,
            rec.id,
            rec.sentence as i64,
            day,
            rec.status.as_str(),
            rec.confidence as f64,
            rec.cameo_root,
            actor(&rec.source, |a| a.country.as_ref()),
            actor(&rec.source, |a| a.sector.as_ref()),
            actor(&rec.source, |a| a.name.as_ref()),
            actor(&rec.target, |a| a.country.as_ref()),
            actor(&rec.target, |a| a.sector.as_ref()),
            actor(&rec.target, |a| a.name.as_ref()),
            rec.plover,
            rec.plover_mode,
            rec.goldstein as f64,
            rec.quad_class as i64,
            rec.location.as_ref().map(|l| &l.name),
            rec.location.as_ref().and_then(|l| l.country.as_ref()),
            evidence,
            json
        ])?;
        let mention = tx.last_insert_rowid();
        batch.first_new_mention.get_or_insert(mention);
        stats.mentions_added += 1;
        let mut st = tx.prepare_cached(
            "INSERT INTO actor_mentions (mention, role, code, country, sector, name, entity, \
             text, start, \"end\") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for (role, a) in [
            ("source", &rec.source),
            ("target", &rec.target),
            ("attributed", &rec.attributed_to),
        ] {
            if let Some(a) = a {
                st.execute(params![
                    mention,
                    role,
                    a.code,
                    a.country,
                    a.sector,
                    a.name,
                    a.entity,
                    a.text,
                    a.start as i64,
                    a.end as i64
                ])?;
            }
        }
    }
    Ok(())
}

/// The event a mention joins (see the crate docs for the rule), created if none.
fn find_or_create_event(
    tx: &Transaction,
    window: i64,
    source: &str,
    target: &str,
    cameo: &str,
    day: Option<i64>,
    stats: &mut IngestStats,
) -> Result<i64> {
    if let Some(day) = day {
        let found: Option<i64> = tx
            .prepare_cached(
                "SELECT id FROM events WHERE source = ?1 AND target = ?2 AND cameo = ?3 \
                 AND day > ?4 - ?5 AND day < ?4 + ?5 ORDER BY abs(day - ?4), day LIMIT 1",
            )?
            .query_row(params![source, target, cameo, day, window], |r| r.get(0))
            .optional()?;
        if let Some(id) = found {
            return Ok(id);
        }
    }
    tx.prepare_cached(
        "INSERT INTO events (source, target, cameo, day, month) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![source, target, cameo, day, day.map(month_key)])?;
    stats.events_created += 1;
    Ok(tx.last_insert_rowid())
}

/// Recomputes an event's counts and fields from its mentions, or deletes it when it has
/// none. Returns whether it was deleted.
fn recompute_event(tx: &Transaction, event: i64) -> Result<bool> {
    let deleted = tx
        .prepare_cached(
            "DELETE FROM events WHERE id = ?1 AND NOT EXISTS \
             (SELECT 1 FROM mentions WHERE event = ?1)",
        )?
        .execute([event])?;
    if deleted > 0 {
        return Ok(true);
    }
    tx.prepare_cached(
        "UPDATE events SET \
         (mentions, articles, sources, first_seen, last_seen, confidence) = \
           (SELECT count(*), count(DISTINCT m.article), count(DISTINCT a.source), \
                   min(coalesce(a.day, m.day)), max(coalesce(a.day, m.day)), max(m.confidence) \
            FROM mentions m JOIN articles a ON a.id = m.article WHERE m.event = ?1), \
         (cameo_root, source_country, source_sector, source_name, target_country, \
          target_sector, target_name, plover, plover_mode, goldstein, quad_class, location, \
          location_country) = \
           (SELECT cameo_root, source_country, source_sector, source_name, target_country, \
                   target_sector, target_name, plover, plover_mode, goldstein, quad_class, \
                   location, location_country \
            FROM mentions WHERE event = ?1 ORDER BY id LIMIT 1), \
         status = (SELECT status FROM mentions WHERE event = ?1 GROUP BY status \
                   ORDER BY count(*) DESC, min(id) LIMIT 1), \
         reciprocal = (SELECT coalesce(max(json_extract(record, '$.reciprocal') = 1), 0) \
                       FROM mentions WHERE event = ?1) \
         WHERE id = ?1",
    )?
    .execute([event])?;
    Ok(false)
}

/// The article's unknown fields as one JSON object (values kept as given), or `None`.
fn extra_json(article: &Article) -> Option<String> {
    if article.extra.is_empty() {
        return None;
    }
    let map: serde_json::Map<String, serde_json::Value> = article
        .extra
        .iter()
        .map(|(k, v)| {
            let value = serde_json::from_str(v).unwrap_or_else(|_| v.clone().into());
            (k.clone(), value)
        })
        .collect();
    Some(serde_json::Value::Object(map).to_string())
}

/// The longest evidence text kept, in characters; longer spans are shortened to their parts.
const MAX_EVIDENCE: usize = 400;

/// The text that shows a mention: from the first to the last of its actor and trigger spans,
/// with runs of white space made one space; when that is longer than `MAX_EVIDENCE`
/// characters, the spans themselves joined by " … ".
fn evidence(text: &str, offsets: &[usize], rec: &EventRecord) -> String {
    let n = offsets.len() - 1;
    let mut spans: Vec<(usize, usize)> = [
        rec.source.as_ref().map(|a| (a.start, a.end)),
        rec.target.as_ref().map(|a| (a.start, a.end)),
        Some((rec.trigger.start, rec.trigger.end)),
    ]
    .into_iter()
    .flatten()
    .filter(|&(s, e)| s < e && e <= n)
    .collect();
    if spans.is_empty() {
        return squeeze(&rec.trigger.text);
    }
    spans.sort_unstable();
    let lo = spans[0].0;
    let hi = spans.iter().map(|s| s.1).max().unwrap_or(lo);
    if hi - lo <= MAX_EVIDENCE {
        return squeeze(&text[offsets[lo]..offsets[hi]]);
    }
    let parts: Vec<String> = spans
        .iter()
        .map(|&(s, e)| squeeze(&text[offsets[s]..offsets[e.min(s + MAX_EVIDENCE / 3)]]))
        .collect();
    parts.join(" … ")
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::*;

    #[test]
    fn ingesting_twice_changes_nothing() {
        let (_dir, mut store) = temp_store("twice");
        let batch = vec![
            coded(
                "a1",
                "2024-03-01",
                "Iran accused Russia.",
                &[rec("IRN", "RUS", "112")],
            ),
            coded(
                "a2",
                "2024-03-02",
                "Russia met Iran.",
                &[rec("RUS", "IRN", "040")],
            ),
        ];
        let first = store.ingest_batch(&batch).unwrap();
        assert_eq!(first.added, 2);
        assert_eq!(first.mentions_added, 2);
        let before = dump(&store);
        let second = store.ingest_batch(&batch).unwrap();
        assert_eq!(second.unchanged, 2);
        assert_eq!(second.mentions_added, 0);
        assert!(
            dump(&store) == before,
            "the second ingest changed the database"
        );
        assert!(store.check().unwrap().is_empty());
    }

    #[test]
    fn same_text_under_two_ids_is_one_article() {
        let (_dir, mut store) = temp_store("twoids");
        let text = "Iran accused Russia of lying.";
        let r = [rec("IRN", "RUS", "112")];
        let s1 = store
            .ingest_batch(&[coded("x", "2024-03-01", text, &r)])
            .unwrap();
        let s2 = store
            .ingest_batch(&[coded("y", "2024-03-01", text, &r)])
            .unwrap();
        assert_eq!((s1.added, s2.duplicates, s2.added), (1, 1, 0));
        let c = store.counts().unwrap();
        assert_eq!((c.articles, c.events, c.mentions), (1, 1, 1));
        assert_eq!(
            store
                .article_state(&coded("z", "2024-03-01", text, &r).0)
                .unwrap(),
            ArticleState::Duplicate { of: "x".into() }
        );
        // Both in one batch too.
        let (_dir2, mut store2) = temp_store("twoids-batch");
        let s = store2
            .ingest_batch(&[
                coded("x", "2024-03-01", text, &r),
                coded("y", "2024-03-01", text, &r),
            ])
            .unwrap();
        assert_eq!((s.added, s.duplicates, s.mentions_added), (1, 1, 1));
    }

    #[test]
    fn two_articles_same_event_make_one_event_with_two_mentions() {
        let (_dir, mut store) = temp_store("merge");
        let mut r2 = rec("IRN", "RUS", "112");
        r2.confidence = 0.5;
        store
            .ingest_batch(&[
                coded_from(
                    "a",
                    "2024-03-01",
                    "ap",
                    "Iran accused Russia.",
                    &[rec("IRN", "RUS", "112")],
                ),
                coded_from(
                    "b",
                    "2024-03-02",
                    "afp",
                    "Tehran accused Moscow yesterday.",
                    &[{
                        let mut r = r2.clone();
                        r.date = Some("2024-03-01".into());
                        r
                    }],
                ),
            ])
            .unwrap();
        let c = store.counts().unwrap();
        assert_eq!((c.events, c.mentions), (1, 2));
        let ev = store.events(&crate::Filter::default(), None).unwrap();
        assert_eq!(ev.len(), 1);
        let e = &ev[0];
        assert_eq!((e.mentions, e.articles, e.sources), (2, 2, 2));
        assert_eq!(e.date.as_deref(), Some("2024-03-01"));
        assert_eq!(e.first_seen.as_deref(), Some("2024-03-01"));
        assert_eq!(e.last_seen.as_deref(), Some("2024-03-02"));
        assert!((e.confidence - 0.9).abs() < 1e-6);
        // A different day, code or direction is another event.
        store
            .ingest_batch(&[
                coded(
                    "c",
                    "2024-03-05",
                    "Iran accused Russia again.",
                    &[rec("IRN", "RUS", "112")],
                ),
                coded(
                    "d",
                    "2024-03-01",
                    "Russia accused Iran.",
                    &[rec("RUS", "IRN", "112")],
                ),
                coded(
                    "e",
                    "2024-03-01",
                    "Iran threatened Russia.",
                    &[rec("IRN", "RUS", "138")],
                ),
            ])
            .unwrap();
        assert_eq!(store.counts().unwrap().events, 4);
    }

    #[test]
    fn merged_events_keep_the_joint_act_flag() {
        let (_dir, mut store) = temp_store("reciprocal");
        let joint = |s: &str, t: &str| {
            let mut r = rec(s, t, "040");
            r.reciprocal = true;
            r
        };
        store
            .ingest_batch(&[
                coded(
                    "a",
                    "2024-03-01",
                    "Egypt and Jordan held talks.",
                    &[joint("EGY", "JOR"), joint("JOR", "EGY")],
                ),
                coded(
                    "b",
                    "2024-03-01",
                    "Egypt called Israel.",
                    &[rec("EGY", "ISR", "040")],
                ),
            ])
            .unwrap();
        let ev = store.events(&crate::Filter::default(), None).unwrap();
        let flag = |s: &str, t: &str| {
            ev.iter()
                .find(|e| e.source == s && e.target == t)
                .map(|e| e.reciprocal)
        };
        assert_eq!(flag("EGY", "JOR"), Some(true));
        assert_eq!(flag("JOR", "EGY"), Some(true));
        assert_eq!(flag("EGY", "ISR"), Some(false));
    }

    #[test]
    fn version_1_databases_gain_the_joint_act_flag() {
        let (dir, mut store) = temp_store("migrate");
        let mut r = rec("EGY", "JOR", "040");
        r.reciprocal = true;
        store
            .ingest_batch(&[coded("a", "2024-03-01", "Egypt and Jordan met.", &[r])])
            .unwrap();
        let path = dir.join("events.db");
        drop(store);
        // Back to version 1: without the column.
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(
                "ALTER TABLE events DROP COLUMN reciprocal; PRAGMA user_version = 1;",
            )
            .unwrap();
        }
        let store = crate::Store::open(&path).unwrap();
        let ev = store.events(&crate::Filter::default(), None).unwrap();
        assert_eq!(ev.len(), 1);
        assert!(ev[0].reciprocal);
    }

    #[test]
    fn wider_windows_merge_nearby_days() {
        let dir = temp_dir("window");
        let path = dir.join("w.db");
        let mut store = Store::open_with(
            &path,
            &crate::Options {
                window_days: Some(3),
                ..Default::default()
            },
        )
        .unwrap();
        let days = ["2024-03-01", "2024-03-03", "2024-03-04", "2024-03-06"];
        let batch: Vec<_> = days
            .iter()
            .enumerate()
            .map(|(i, d)| {
                coded(
                    &format!("w{i}"),
                    d,
                    &format!("Story {i}."),
                    &[rec("USA", "CHN", "036")],
                )
            })
            .collect();
        store.ingest_batch(&batch).unwrap();
        // 03-01 anchors an event; 03-03 is within 2 days of it; 03-04 is 3 days away and
        // anchors a new one; 03-06 joins that.
        let ev = store.events(&crate::Filter::default(), None).unwrap();
        let got: Vec<(Option<String>, i64)> =
            ev.iter().map(|e| (e.date.clone(), e.mentions)).collect();
        assert_eq!(
            got,
            vec![
                (Some("2024-03-01".into()), 2),
                (Some("2024-03-04".into()), 2)
            ]
        );
        drop(store);
        let err = Store::open_with(
            &path,
            &crate::Options {
                window_days: Some(1),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(matches!(
            err,
            crate::Error::Window {
                stored: 3,
                asked: 1
            }
        ));
        assert_eq!(Store::open(&path).unwrap().window_days(), 3);
    }

    #[test]
    fn changed_text_replaces_events_and_fixes_counts() {
        let (_dir, mut store) = temp_store("replace");
        store
            .ingest_batch(&[
                coded(
                    "a",
                    "2024-03-01",
                    "Iran accused Russia.",
                    &[rec("IRN", "RUS", "112")],
                ),
                coded(
                    "b",
                    "2024-03-01",
                    "Iran also accused Russia.",
                    &[rec("IRN", "RUS", "112"), rec("USA", "IRN", "040")],
                ),
            ])
            .unwrap();
        assert_eq!(store.counts().unwrap().events, 2);
        let e = &store
            .events(
                &crate::Filter {
                    cameo: Some("112".into()),
                    ..Default::default()
                },
                None,
            )
            .unwrap()[0];
        assert_eq!(e.mentions, 2);
        // b's new text codes only a different event.
        let s = store
            .ingest_batch(&[(
                coded(
                    "b",
                    "2024-03-01",
                    "Iran praised China.",
                    &[rec("IRN", "CHN", "051")],
                )
                .0,
                vec![rec("IRN", "CHN", "051")],
                vec!["note: recoded".into()],
            )])
            .unwrap();
        assert_eq!(
            (
                s.replaced,
                s.mentions_removed,
                s.mentions_added,
                s.events_deleted
            ),
            (1, 2, 1, 1)
        );
        let all = store.events(&crate::Filter::default(), None).unwrap();
        let mut got: Vec<(String, String, String, i64)> = all
            .iter()
            .map(|e| {
                (
                    e.source.clone(),
                    e.target.clone(),
                    e.cameo.clone(),
                    e.mentions,
                )
            })
            .collect();
        got.sort();
        assert_eq!(
            got,
            vec![
                ("IRN".into(), "CHN".into(), "051".into(), 1),
                ("IRN".into(), "RUS".into(), "112".into(), 1)
            ]
        );
        let c = store.counts().unwrap();
        assert_eq!((c.articles, c.mentions, c.diagnostics), (2, 2, 1));
        assert!(store.check().unwrap().is_empty());
        // With recode, an unchanged text is coded again.
        let s = store
            .ingest_batch_with(
                &[coded(
                    "a",
                    "2024-03-01",
                    "Iran accused Russia.",
                    &[rec("IRN", "RUS", "111")],
                )],
                &IngestOptions { recode: true },
            )
            .unwrap();
        assert_eq!((s.replaced, s.events_deleted, s.events_created), (1, 1, 1));
    }

    #[test]
    fn evidence_spans_the_actors_and_trigger() {
        let text = "Officials said that Iran\n accused   Russia on Monday.";
        let offsets: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .collect();
        let mut r = rec("IRN", "RUS", "112");
        r.source.as_mut().unwrap().start = 20;
        r.source.as_mut().unwrap().end = 24;
        r.trigger = dyad_coder::TextSpan {
            text: "accused".into(),
            start: 26,
            end: 33,
        };
        r.target.as_mut().unwrap().start = 36;
        r.target.as_mut().unwrap().end = 42;
        assert_eq!(evidence(text, &offsets, &r), "Iran accused Russia");
        // Out-of-range offsets fall back to the trigger text.
        r.source.as_mut().unwrap().end = 999;
        r.target.as_mut().unwrap().end = 999;
        r.trigger.end = 999;
        assert_eq!(evidence(text, &offsets, &r), "accused");
    }
}
