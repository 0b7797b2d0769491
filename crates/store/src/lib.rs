//! dyad-store: the event store. One SQLite file (WAL mode, foreign keys on, versioned
//! schema) that keeps articles (metadata and a hash of the text), their coding diagnostics,
//! every event mention with its evidence, the actors of each mention, and the merged events
//! that mentions of the same happening form.
//!
//! # Deduplication
//!
//! An event is identified by its source actor code, target actor code and CAMEO code, plus an
//! *anchor day*: the date of the mention that created it. A new mention (its own date, else
//! its article's date) joins the event with the same codes whose anchor day `a` satisfies
//! `|day - a| < window` (the window is in days; default 1, that is the same day); when several
//! do, the one whose anchor is nearest (then earliest) wins. Otherwise the mention starts a new
//! event anchored on its day. With a window of 1 the result does not depend on the order of
//! ingestion; with wider windows it can (a chain of daily reports is split differently when
//! read in another order), but the same inputs in the same order always give the same
//! database. Mentions with no date at all (neither their own nor their article's) never merge.
//! The window is fixed when the database is created and stored in it.
//!
//! Each event keeps its counts (mentions, distinct articles, distinct outlets), the first and
//! last day it was seen (article dates), the most frequent status of its mentions, and the
//! descriptive fields (names, countries, sectors, PLOVER, Goldstein, place) of its earliest
//! stored mention. These are recomputed from the mentions whenever an ingest adds or removes
//! mentions of the event, so replacing an article's coding keeps every count exact; events
//! left without mentions are deleted.
//!
//! # Idempotence and crashes
//!
//! An article is known by its id and by the SHA-256 of its text. Ingesting an article whose id
//! is stored with the same text hash changes nothing; an article whose text hash is stored
//! under another id is skipped as a duplicate; an article whose id is stored with another text
//! has its mentions and diagnostics replaced. Each batch is one transaction: a crash loses at
//! most the batch in flight, and ingesting the same inputs again completes the database.

mod days;
mod export;
mod ingest;
mod query;
mod schema;

pub use days::{day_number, day_string, from_day_number, parse_day};
pub use export::{write_events_parquet, write_mentions_parquet};
pub use ingest::{text_hash, ArticleState, IngestOptions, IngestStats};
pub use query::{ActorRow, DyadRow, EventOrder, EventRow, Filter, MentionRow, Period, TimelineRow};
/// The SQLite binding, for ad-hoc SQL on `Store::connection`.
pub use rusqlite;
pub use schema::VERSION as SCHEMA_VERSION;

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::Path;
use std::time::Duration;

/// What can go wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error(
        "the database has schema version {found}, newer than this dyad knows ({known}): \
         use a newer dyad"
    )]
    TooNew { found: i64, known: i64 },
    #[error(
        "the database merges events within {stored} day(s), not {asked}: the window is fixed \
         when a database is created"
    )]
    Window { stored: u32, asked: u32 },
    #[error("event record: {0}")]
    Json(#[from] serde_json::Error),
    #[error("parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How to open a store.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The deduplication window in days for a new database (default 1). For an existing
    /// database it must be `None` or equal to the stored window.
    pub window_days: Option<u32>,
    /// Open for reading only (the file must exist; no migrations are run).
    pub read_only: bool,
}

/// The default deduplication window, in days.
pub const DEFAULT_WINDOW_DAYS: u32 = 1;

/// An open event store.
pub struct Store {
    conn: Connection,
    window: u32,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.conn.path())
            .field("window", &self.window)
            .finish()
    }
}

impl Store {
    /// Opens (creating or migrating as needed) the store at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Store::open_with(path, &Options::default())
    }

    /// Opens an existing store for reading only.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        Store::open_with(
            path,
            &Options {
                read_only: true,
                ..Options::default()
            },
        )
    }

    /// Opens the store at `path` with options.
    pub fn open_with(path: impl AsRef<Path>, opts: &Options) -> Result<Store> {
        let path = path.as_ref();
        if let Some(0) = opts.window_days {
            return Err(Error::Invalid("the window must be at least 1 day".into()));
        }
        let flags = if opts.read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let mut conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(Duration::from_secs(30))?;
        // A 64 MiB page cache and memory-mapped reads: ingest touches index pages all over
        // the file, and SQLite's default 2 MiB cache makes it re-read them for every batch.
        conn.execute_batch(
            "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824; \
             PRAGMA temp_store = MEMORY",
        )?;
        if opts.read_only {
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if version != schema::VERSION {
                return Err(if version > schema::VERSION {
                    Error::TooNew {
                        found: version,
                        known: schema::VERSION,
                    }
                } else {
                    Error::Invalid(format!(
                        "{} is not a dyad database of this version (schema version {version}); \
                         open it for writing once to migrate it",
                        path.display()
                    ))
                });
            }
        } else {
            let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
                return Err(Error::Invalid(format!(
                    "cannot put {} in WAL mode (journal mode is {mode})",
                    path.display()
                )));
            }
            conn.execute_batch("PRAGMA synchronous = NORMAL")?;
            schema::migrate(&mut conn)?;
        }
        conn.set_prepared_statement_cache_capacity(64);
        // Without the query planner stability guarantee, SQLite re-prepares a statement at
        // every new binding of a parameter that could change its plan: most of ingest time.
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        let stored: Option<String> = conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'window_days'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let window = match stored {
            Some(v) => {
                let stored: u32 = v
                    .parse()
                    .map_err(|_| Error::Invalid(format!("bad stored window {v:?}")))?;
                if let Some(asked) = opts.window_days {
                    if asked != stored {
                        return Err(Error::Window { stored, asked });
                    }
                }
                stored
            }
            None if opts.read_only => DEFAULT_WINDOW_DAYS,
            None => {
                let w = opts.window_days.unwrap_or(DEFAULT_WINDOW_DAYS);
                conn.execute(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES ('window_days', ?1)",
                    [w.to_string()],
                )?;
                conn.query_row(
                    "SELECT value FROM meta WHERE key = 'window_days'",
                    [],
                    |r| r.get::<_, String>(0),
                )?
                .parse()
                .map_err(|_| Error::Invalid("bad stored window".into()))?
            }
        };
        Ok(Store { conn, window })
    }

    /// The deduplication window of this database, in days.
    pub fn window_days(&self) -> u32 {
        self.window
    }

    /// The underlying connection, for ad-hoc SQL (read the schema in `schema.rs`).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Numbers of rows: (articles, events, mentions, diagnostics).
    pub fn counts(&self) -> Result<Counts> {
        let n = |t: &str| -> Result<u64> {
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| {
                    r.get::<_, i64>(0)
                })? as u64)
        };
        Ok(Counts {
            articles: n("articles")?,
            events: n("events")?,
            mentions: n("mentions")?,
            diagnostics: n("diagnostics")?,
            actor_mentions: n("actor_mentions")?,
        })
    }

    /// Checks the database file (`PRAGMA integrity_check` and foreign keys); returns the
    /// problems found (empty when sound).
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut st = self.conn.prepare("PRAGMA integrity_check")?;
        for r in st.query_map([], |r| r.get::<_, String>(0))? {
            let r = r?;
            if r != "ok" {
                problems.push(r);
            }
        }
        if let Err(e) = self.conn.execute(
            "INSERT INTO mention_text(mention_text, rank) VALUES ('integrity-check', 0)",
            [],
        ) {
            problems.push(format!("full-text index: {e}"));
        }
        let mut st = self.conn.prepare("PRAGMA foreign_key_check")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            problems.push(format!(
                "foreign key: {} row {:?} refers to a missing {} row",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?
            ));
        }
        Ok(problems)
    }
}

/// Row counts of a store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub articles: u64,
    pub events: u64,
    pub mentions: u64,
    pub diagnostics: u64,
    pub actor_mentions: u64,
}

#[cfg(test)]
mod crash_tests;
#[cfg(test)]
mod testutil;
