//! Helpers for the tests: temporary stores, synthetic records and a full dump of a store.

use crate::Store;
use dyad_coder::{ActorRef, EventRecord, Status, TextSpan};
use dyad_text::{Article, Date};
use std::path::PathBuf;

/// A fresh directory under the system temp dir; removed when dropped.
pub struct TempDir(pub PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl std::ops::Deref for TempDir {
    type Target = PathBuf;
    fn deref(&self) -> &PathBuf {
        &self.0
    }
}

pub fn temp_dir(name: &str) -> TempDir {
    let d = std::env::temp_dir().join(format!("dyad-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    TempDir(d)
}

pub fn temp_store(name: &str) -> (TempDir, Store) {
    let d = temp_dir(name);
    let s = Store::open(d.join("events.db")).unwrap();
    (d, s)
}

pub fn actor(code: &str, start: usize) -> ActorRef {
    ActorRef {
        code: code.into(),
        country: Some(code[..3.min(code.len())].into()),
        sector: (code.len() >= 6).then(|| code[3..6].into()),
        name: Some(format!("{code} name")),
        text: code.into(),
        start,
        end: start + code.len(),
        entity: None,
    }
}

/// A synthetic record: `source` `cameo` `target`, dated by its article.
pub fn rec(source: &str, target: &str, cameo: &str) -> EventRecord {
    let root = cameo[..2].to_string();
    let (plover, goldstein, quad) = match root.as_str() {
        "01" | "02" | "03" | "04" | "05" => ("CONSULT", 1.0, 1),
        "06" | "07" | "08" => ("AID", 6.0, 2),
        "09" | "10" | "11" | "12" | "13" => ("ACCUSE", -2.0, 3),
        _ => ("ASSAULT", -10.0, 4),
    };
    EventRecord {
        id: format!("{source}-{cameo}-{target}"),
        doc_id: String::new(),
        sentence: 0,
        date: None,
        date_precision: None,
        date_text: None,
        source: Some(actor(source, 0)),
        target: Some(actor(target, source.len() + 9)),
        cameo: cameo.into(),
        cameo_root: root,
        plover: Some(plover.into()),
        plover_mode: None,
        reciprocal: false,
        goldstein,
        quad_class: quad,
        status: Status::Asserted,
        modality: vec![],
        attributed_to: None,
        location: None,
        trigger: TextSpan {
            text: "accused".into(),
            start: source.len() + 1,
            end: source.len() + 8,
        },
        rule: "test".into(),
        confidence: 0.9,
    }
}

pub type Coded = (Article, Vec<EventRecord>, Vec<String>);

pub fn coded(id: &str, date: &str, text: &str, records: &[EventRecord]) -> Coded {
    let mut a = Article::new(id, text);
    a.date = Date::parse_iso(date);
    let records = records
        .iter()
        .map(|r| EventRecord {
            doc_id: id.into(),
            ..r.clone()
        })
        .collect();
    (a, records, vec![])
}

pub fn coded_from(id: &str, date: &str, outlet: &str, text: &str, r: &[EventRecord]) -> Coded {
    let mut c = coded(id, date, text, r);
    c.0.source = Some(outlet.into());
    c
}

/// Every row of every table, in a fixed order, as text.
pub fn dump(store: &Store) -> String {
    let conn = store.connection();
    let mut out = String::new();
    for (table, order) in [
        ("meta", "key"),
        ("articles", "id"),
        ("diagnostics", "article, seq"),
        ("events", "id"),
        ("mentions", "id"),
        ("actor_mentions", "mention, role"),
    ] {
        out.push_str(&format!("## {table}\n"));
        let mut st = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))
            .unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i).unwrap();
                out.push_str(&format!("{v:?}\t"));
            }
            out.push('\n');
        }
    }
    out
}

/// The contents of a store without its surrogate ids: every row keyed by natural keys
/// (article id, record id, event codes and day), sorted.
pub fn content(store: &Store) -> Vec<String> {
    let conn = store.connection();
    let queries = [
        "SELECT 'meta', key, value FROM meta",
        "SELECT 'article', doc_id, hex(text_hash), day, source, url, title, extra, chars, records \
         FROM articles",
        "SELECT 'diagnostic', a.doc_id, d.seq, d.message FROM diagnostics d \
         JOIN articles a ON a.id = d.article",
        "SELECT 'event', e.source, e.target, e.cameo, e.day, e.month, e.cameo_root, \
         e.source_country, e.source_sector, e.source_name, e.target_country, e.target_sector, \
         e.target_name, e.plover, e.plover_mode, e.goldstein, e.quad_class, e.status, \
         e.confidence, e.location, e.location_country, e.mentions, e.articles, e.sources, \
         e.first_seen, e.last_seen FROM events e",
        "SELECT 'mention', a.doc_id, m.record_id, m.sentence, e.source, e.target, e.cameo, e.day, \
         m.day, m.status, m.confidence, m.evidence, m.record FROM mentions m \
         JOIN articles a ON a.id = m.article JOIN events e ON e.id = m.event",
        "SELECT 'actor', a.doc_id, m.record_id, am.role, am.code, am.country, am.sector, am.name, \
         am.entity, am.text, am.start, am.\"end\" FROM actor_mentions am \
         JOIN mentions m ON m.id = am.mention JOIN articles a ON a.id = m.article",
    ];
    let mut lines = Vec::new();
    for sql in queries {
        let mut st = conn.prepare(sql).unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let mut line = String::new();
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i).unwrap();
                line.push_str(&format!("{v:?}\t"));
            }
            lines.push(line);
        }
    }
    lines.sort();
    lines
}

/// A short description of where two dumps differ.
pub fn first_difference(a: &[String], b: &[String]) -> String {
    let only_a: Vec<&String> = a
        .iter()
        .filter(|l| b.binary_search(l).is_err())
        .take(3)
        .collect();
    let only_b: Vec<&String> = b
        .iter()
        .filter(|l| a.binary_search(l).is_err())
        .take(3)
        .collect();
    format!(
        "{} vs {} rows; only in the first: {only_a:#?}; only in the second: {only_b:#?}",
        a.len(),
        b.len()
    )
}
