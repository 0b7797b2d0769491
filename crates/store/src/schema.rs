//! The schema and its migrations. `PRAGMA user_version` holds the schema version; each
//! migration runs in its own transaction, so a database is always at one version.

use rusqlite::Connection;

/// The schema version this code writes and reads.
pub const VERSION: i64 = 2;

/// Migrations: `MIGRATIONS[i]` takes a database from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[V1, V2];

/// Version 1.
///
/// Dates are day numbers (days since 1970-01-01); `events.month` is `year * 100 + month`.
/// Actor codes that are absent are stored as `''` so that they take part in keys.
const V1: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE articles (
    id        INTEGER PRIMARY KEY,
    doc_id    TEXT NOT NULL UNIQUE,
    text_hash BLOB NOT NULL,
    day       INTEGER,
    source    TEXT,
    url       TEXT,
    title     TEXT,
    extra     TEXT,
    chars     INTEGER NOT NULL,
    records   INTEGER NOT NULL
);
CREATE INDEX articles_hash ON articles(text_hash);

CREATE TABLE diagnostics (
    article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (article, seq)
) WITHOUT ROWID;

CREATE TABLE events (
    id               INTEGER PRIMARY KEY,
    source           TEXT NOT NULL,
    target           TEXT NOT NULL,
    cameo            TEXT NOT NULL,
    day              INTEGER,
    month            INTEGER,
    cameo_root       TEXT NOT NULL DEFAULT '',
    source_country   TEXT,
    source_sector    TEXT,
    source_name      TEXT,
    target_country   TEXT,
    target_sector    TEXT,
    target_name      TEXT,
    plover           TEXT,
    plover_mode      TEXT,
    goldstein        REAL NOT NULL DEFAULT 0,
    quad_class       INTEGER NOT NULL DEFAULT 0,
    status           TEXT NOT NULL DEFAULT 'asserted',
    confidence       REAL NOT NULL DEFAULT 0,
    location         TEXT,
    location_country TEXT,
    mentions         INTEGER NOT NULL DEFAULT 0,
    articles         INTEGER NOT NULL DEFAULT 0,
    sources          INTEGER NOT NULL DEFAULT 0,
    first_seen       INTEGER,
    last_seen        INTEGER
);
CREATE INDEX events_key ON events(source, target, cameo, day);
CREATE INDEX events_target ON events(target, day);
CREATE INDEX events_day ON events(day);
CREATE INDEX events_cameo ON events(cameo, day);

CREATE TABLE mentions (
    id               INTEGER PRIMARY KEY,
    event            INTEGER NOT NULL REFERENCES events(id),
    article          INTEGER NOT NULL REFERENCES articles(id),
    record_id        TEXT NOT NULL,
    sentence         INTEGER NOT NULL,
    day              INTEGER,
    status           TEXT NOT NULL,
    confidence       REAL NOT NULL,
    cameo_root       TEXT NOT NULL,
    source_country   TEXT,
    source_sector    TEXT,
    source_name      TEXT,
    target_country   TEXT,
    target_sector    TEXT,
    target_name      TEXT,
    plover           TEXT,
    plover_mode      TEXT,
    goldstein        REAL NOT NULL,
    quad_class       INTEGER NOT NULL,
    location         TEXT,
    location_country TEXT,
    evidence         TEXT NOT NULL,
    record           TEXT NOT NULL
);
CREATE INDEX mentions_event ON mentions(event);
CREATE INDEX mentions_article ON mentions(article);

CREATE TABLE actor_mentions (
    mention INTEGER NOT NULL REFERENCES mentions(id) ON DELETE CASCADE,
    role    TEXT NOT NULL,
    code    TEXT NOT NULL,
    country TEXT,
    sector  TEXT,
    name    TEXT,
    entity  TEXT,
    text    TEXT NOT NULL,
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    PRIMARY KEY (mention, role)
) WITHOUT ROWID;
CREATE INDEX actor_mentions_code ON actor_mentions(code);

-- Full-text index of the mentions' evidence, kept by the ingest (one statement per batch:
-- FTS5 flushes its buffer at every statement that writes to it).
CREATE VIRTUAL TABLE mention_text USING fts5(
    evidence, content='mentions', content_rowid='id'
);
"#;

/// Version 2: `events.reciprocal`, 1 when a mention of the event is one direction of a joint
/// act ("X and Y held talks": X->Y and Y->X), filled from the mentions' stored records.
const V2: &str = r#"
ALTER TABLE events ADD COLUMN reciprocal INTEGER NOT NULL DEFAULT 0;
UPDATE events SET reciprocal = 1 WHERE id IN
    (SELECT event FROM mentions WHERE json_extract(record, '$.reciprocal') = 1);
"#;

/// Brings the database to `VERSION`. Returns the version found before.
pub fn migrate(conn: &mut Connection) -> Result<i64, crate::Error> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > VERSION {
        return Err(crate::Error::TooNew {
            found,
            known: VERSION,
        });
    }
    for (v, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now > v as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", v + 1))?;
        tx.commit()?;
    }
    Ok(found)
}
