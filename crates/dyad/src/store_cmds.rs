//! The event store's commands: `ingest`, `events`, `actors`, `dyads`, `timeline`, `export`.

use crate::cli::{code_item, InputArgs};
use crate::formats;
use crate::readers::{self, Event, ReadOptions, Severity};
use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use dyad_coder::{ActorRef, EventRecord, Location, Status, TextSpan};
use dyad_store::{
    ArticleState, EventOrder, EventRow, Filter, IngestOptions, IngestStats, Options, Period, Store,
};
use dyad_text::{Article, Date, Segmenter};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Subcommand, Debug)]
pub enum StoreCommand {
    /// Code articles and store them, their events and diagnostics in the event database.
    Ingest(Box<IngestArgs>),
    /// List merged events from the database.
    Events(Box<EventsArgs>),
    /// The actors that appear most, with their codes.
    Actors(Box<ActorsArgs>),
    /// Event counts and Goldstein sums by directed pair and period.
    Dyads(Box<DyadsArgs>),
    /// Event counts per day, week, month or year.
    Timeline(Box<TimelineArgs>),
    /// Export events or mentions: JSONL, CSV, GDELT-style TSV, PLOVER JSON or Parquet.
    Export(Box<ExportArgs>),
}

/// Runs a store command; returns the exit code.
pub fn run(cmd: StoreCommand) -> Result<i32> {
    match cmd {
        StoreCommand::Ingest(a) => cmd_ingest(*a),
        StoreCommand::Events(a) => cmd_events(*a),
        StoreCommand::Actors(a) => cmd_actors(*a),
        StoreCommand::Dyads(a) => cmd_dyads(*a),
        StoreCommand::Timeline(a) => cmd_timeline(*a),
        StoreCommand::Export(a) => cmd_export(*a),
    }
}

#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// The database file [default: $DYAD_DB, else dyad/events.db in the user's data
    /// directory, e.g. ~/.local/share/dyad/events.db].
    #[arg(long, env = "DYAD_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
}

impl DbArgs {
    /// The database path: `--db`, `$DYAD_DB`, or the default in the data directory.
    pub fn path(&self) -> Result<PathBuf> {
        if let Some(p) = &self.db {
            return Ok(p.clone());
        }
        let base = dirs::data_dir().context(
            "no data directory is known for this user: give the database with --db or DYAD_DB",
        )?;
        Ok(base.join("dyad").join("events.db"))
    }

    fn open_existing(&self) -> Result<Store> {
        let path = self.path()?;
        if !path.exists() {
            bail!(
                "no database at {} (run `dyad ingest` first, or give --db)",
                path.display()
            );
        }
        Store::open_read_only(&path).with_context(|| format!("opening {}", path.display()))
    }
}

#[derive(Args, Debug)]
pub struct IngestArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub db: DbArgs,
    /// Articles per transaction: a crash loses at most the batch in flight.
    #[arg(long, default_value_t = 500)]
    pub batch_size: usize,
    /// Mentions of the same source, target and CAMEO code whose days differ by less than
    /// this form one event. Fixed when the database is created [default: 1].
    #[arg(long)]
    pub window_days: Option<u32>,
    /// Code stored articles again and replace their events (after a new dyad).
    #[arg(long)]
    pub recode: bool,
    /// Wait this long after each stored batch (throttling; used by tests).
    #[arg(long, default_value_t = 0, hide = true)]
    pub pause_ms: u64,
}

/// Filters shared by the query and export commands.
#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Actor code (prefix) on either side: IRN matches IRN, IRNGOV, IRNMIL...
    #[arg(long)]
    pub actor: Option<String>,
    /// Source actor code (prefix).
    #[arg(long)]
    pub source: Option<String>,
    /// Target actor code (prefix).
    #[arg(long)]
    pub target: Option<String>,
    /// Events between two actors (code prefixes), either direction.
    #[arg(long, num_args = 2, value_names = ["ACTOR", "ACTOR"])]
    pub between: Option<Vec<String>>,
    /// Country (ISO alpha-3) of either actor.
    #[arg(long)]
    pub country: Option<String>,
    /// Sector of either actor (GOV, MIL, REB, ...).
    #[arg(long)]
    pub sector: Option<String>,
    /// CAMEO code or root (prefix): 19 is every kind of fight, 193 small arms fighting.
    #[arg(long)]
    pub cameo: Option<String>,
    /// PLOVER category (ASSAULT, ACCUSE, ...).
    #[arg(long)]
    pub plover: Option<String>,
    /// Status: asserted, alleged, planned, negated, hypothetical or denied.
    #[arg(long)]
    pub status: Option<String>,
    /// From this day on (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub since: Option<Date>,
    /// Up to this day, inclusive (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub until: Option<Date>,
    /// Place: country code (alpha-3) or part of the place name.
    #[arg(long)]
    pub place: Option<String>,
    /// Words that must appear, as a phrase, in the evidence text of a mention.
    #[arg(long)]
    pub text: Option<String>,
    /// Only events with at least this many mentions.
    #[arg(long)]
    pub min_mentions: Option<u32>,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse_iso(s).ok_or_else(|| format!("{s:?} is not a date of the form YYYY-MM-DD"))
}

impl FilterArgs {
    pub fn filter(&self) -> Filter {
        Filter {
            actor: self.actor.clone(),
            source: self.source.clone(),
            target: self.target.clone(),
            between: self
                .between
                .as_ref()
                .and_then(|v| Some((v.first()?.clone(), v.get(1)?.clone()))),
            country: self.country.clone(),
            sector: self.sector.clone(),
            cameo: self.cameo.clone(),
            plover: self.plover.clone(),
            status: self.status.clone(),
            since: self.since,
            until: self.until,
            place: self.place.clone(),
            text: self.text.clone(),
            min_mentions: self.min_mentions,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    /// Aligned columns for reading.
    Table,
    /// One JSON object per line.
    Json,
    /// CSV with a header line.
    Csv,
}

#[derive(Args, Debug)]
pub struct QueryArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
    pub format: QueryFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Oldest first.
    Date,
    /// Newest first.
    Newest,
    /// Most mentioned first.
    Mentions,
}

#[derive(Args, Debug)]
pub struct EventsArgs {
    #[command(flatten)]
    pub query: QueryArgs,
    /// At most this many events (0: all).
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    /// Order of the events.
    #[arg(long, value_enum, default_value_t = SortArg::Date)]
    pub sort: SortArg,
}

#[derive(Args, Debug)]
pub struct ActorsArgs {
    #[command(flatten)]
    pub query: QueryArgs,
    /// At most this many actors (0: all).
    #[arg(long, default_value_t = 30)]
    pub limit: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PeriodArg {
    Day,
    Week,
    Month,
    Year,
}

impl From<PeriodArg> for Period {
    fn from(p: PeriodArg) -> Period {
        match p {
            PeriodArg::Day => Period::Day,
            PeriodArg::Week => Period::Week,
            PeriodArg::Month => Period::Month,
            PeriodArg::Year => Period::Year,
        }
    }
}

#[derive(Args, Debug)]
pub struct DyadsArgs {
    #[command(flatten)]
    pub query: QueryArgs,
    /// Period of the counts.
    #[arg(long, value_enum, default_value_t = PeriodArg::Month)]
    pub period: PeriodArg,
    /// Only the pairs with the most events in each period (0: all).
    #[arg(long, default_value_t = 10)]
    pub top: usize,
}

#[derive(Args, Debug)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub query: QueryArgs,
    /// Period of the counts.
    #[arg(long, value_enum, default_value_t = PeriodArg::Month)]
    pub period: PeriodArg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportWhat {
    /// Merged events, one row each.
    Events,
    /// Every event mention with its article and evidence.
    Mentions,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header line.
    Csv,
    /// The 61 tab-separated columns of GDELT 2.0's event table, no header.
    CameoTsv,
    /// PLOVER JSON records, one per line.
    Plover,
    /// Apache Parquet (needs --output or a redirected standard output).
    Parquet,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// What to export.
    #[arg(long, value_enum, default_value_t = ExportWhat::Events)]
    pub what: ExportWhat,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
    /// Output file (default: standard output).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

// ---------------------------------------------------------------------------------------
// ingest

type Coded = (Article, Vec<EventRecord>, Vec<String>);

/// Inputs expanded to single files (directories walked in sorted order, like the readers),
/// with their sizes where known.
fn expand_inputs(inputs: &[String]) -> Vec<(String, Option<u64>)> {
    let mut out = Vec::new();
    for input in inputs {
        let path = Path::new(input);
        if input != "-" && path.is_dir() {
            let mut files: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .follow_links(true)
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file())
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .map(|e| e.into_path())
                .collect();
            files.sort();
            for f in files {
                let size = std::fs::metadata(&f).ok().map(|m| m.len());
                out.push((f.display().to_string(), size));
            }
        } else if input == "-" {
            out.push((input.clone(), None));
        } else {
            out.push((input.clone(), std::fs::metadata(path).ok().map(|m| m.len())));
        }
    }
    out
}

struct Progress {
    bar: Option<indicatif::ProgressBar>,
    start: Instant,
    total: Option<u64>,
}

impl Progress {
    fn new(total: Option<u64>) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let (bar, template) = match total {
                Some(t) => (
                    indicatif::ProgressBar::new(t),
                    "{spinner} {elapsed_precise} [{bar:30}] {percent:>3}% {msg} ETA {eta}",
                ),
                None => (
                    indicatif::ProgressBar::new_spinner(),
                    "{spinner} {elapsed_precise} {msg}",
                ),
            };
            bar.set_style(
                indicatif::ProgressStyle::with_template(template)
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            start: Instant::now(),
            total,
        }
    }

    fn update(&self, position: u64, articles: u64, events: u64) {
        if let Some(b) = &self.bar {
            let secs = self.start.elapsed().as_secs_f64().max(1e-3);
            if let Some(t) = self.total {
                b.set_position(position.min(t));
            }
            b.set_message(format!(
                "{articles} articles ({:.0}/s), {events} events ({:.0}/s)",
                articles as f64 / secs,
                events as f64 / secs
            ));
        }
    }

    fn println(&self, s: &str) {
        match &self.bar {
            Some(b) => b.suspend(|| eprintln!("{s}")),
            None => eprintln!("{s}"),
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

fn cmd_ingest(args: IngestArgs) -> Result<i32> {
    if let Some(n) = args.input.threads {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
    let path = args.db.path()?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let store = Store::open_with(
        &path,
        &Options {
            window_days: args.window_days,
            read_only: false,
        },
    )
    .with_context(|| format!("opening {}", path.display()))?;
    let checker = Store::open_read_only(&path)?;
    let opts = ReadOptions {
        format: args.input.format,
        date: args.input.date,
        max_bytes: args.input.max_bytes,
    };
    let files = expand_inputs(&args.input.inputs);
    let total = files.iter().map(|f| f.1).sum::<Option<u64>>();
    let progress = Progress::new(total);
    let batch_size = args.batch_size.max(1);
    let ingest_opts = IngestOptions {
        recode: args.recode,
    };
    let pause = std::time::Duration::from_millis(args.pause_ms);
    let start = Instant::now();

    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Coded>>(2);
    let writer = std::thread::spawn(move || -> Result<IngestStats> {
        let mut store = store;
        let mut stats = IngestStats::default();
        for batch in rx {
            stats += store.ingest_batch_with(&batch, &ingest_opts)?;
            if !pause.is_zero() {
                std::thread::sleep(pause);
            }
        }
        Ok(stats)
    });

    let mut skipped_docs = 0u64;
    let mut pre = IngestStats::default();
    let mut coded_articles = 0u64;
    let mut coded_events = 0u64;
    let mut done_bytes = 0u64;
    let mut send_failed = false;
    let mut pending: Vec<readers::Item> = Vec::new();

    let flush = |pending: &mut Vec<readers::Item>,
                 pre: &mut IngestStats,
                 coded_articles: &mut u64,
                 coded_events: &mut u64|
     -> bool {
        let items = std::mem::take(pending);
        let mut todo = Vec::with_capacity(items.len());
        for item in items {
            if !args.recode {
                match checker.article_state(item.article()) {
                    Ok(ArticleState::Unchanged) => {
                        pre.articles += 1;
                        pre.unchanged += 1;
                        continue;
                    }
                    Ok(ArticleState::Duplicate { .. }) => {
                        pre.articles += 1;
                        pre.duplicates += 1;
                        continue;
                    }
                    _ => {}
                }
            }
            todo.push(item);
        }
        if todo.is_empty() {
            return true;
        }
        let coded: Vec<Coded> = todo
            .into_par_iter()
            .map_init(Segmenter::new, |seg, item| {
                let c = code_item(seg, item);
                (c.article, c.events, c.diagnostics)
            })
            .collect();
        *coded_articles += coded.len() as u64;
        *coded_events += coded.iter().map(|c| c.1.len() as u64).sum::<u64>();
        tx.send(coded).is_ok()
    };

    for (file, size) in &files {
        let mut file_text_bytes = 0u64;
        readers::read_inputs(std::slice::from_ref(file), &opts, &mut |ev| match ev {
            Event::Diagnostic(d) => {
                if d.severity == Severity::Error {
                    skipped_docs += 1;
                }
                progress.println(&d.to_string());
            }
            Event::Item(item) => {
                if send_failed {
                    return;
                }
                file_text_bytes += item.article().text.len() as u64;
                pending.push(item);
                if pending.len() >= batch_size {
                    send_failed = !flush(
                        &mut pending,
                        &mut pre,
                        &mut coded_articles,
                        &mut coded_events,
                    );
                    let within = size.map_or(0, |s| file_text_bytes.min(s * 98 / 100));
                    progress.update(done_bytes + within, coded_articles, coded_events);
                }
            }
        });
        done_bytes += size.unwrap_or(0);
    }
    if !send_failed && !pending.is_empty() {
        flush(
            &mut pending,
            &mut pre,
            &mut coded_articles,
            &mut coded_events,
        );
    }
    drop(tx);
    let stored = writer
        .join()
        .map_err(|_| anyhow::anyhow!("the database writer panicked"))??;
    progress.update(done_bytes, coded_articles, coded_events);
    progress.finish();
    let mut stats = stored;
    stats += pre;
    let secs = start.elapsed().as_secs_f64().max(1e-9);
    let counts = checker.counts()?;
    eprintln!(
        "dyad: {} article(s) in {secs:.1}s ({:.0}/s): {} new, {} replaced, {} unchanged, {} \
         duplicate(s); {} event mention(s) stored ({:.0}/s), {} event(s) created; the database \
         {} holds {} articles, {} events, {} mentions",
        stats.articles,
        stats.articles as f64 / secs,
        stats.added,
        stats.replaced,
        stats.unchanged,
        stats.duplicates,
        stats.mentions_added,
        stats.mentions_added as f64 / secs,
        stats.events_created,
        path.display(),
        counts.articles,
        counts.events,
        counts.mentions,
    );
    if skipped_docs > 0 {
        eprintln!("dyad: {skipped_docs} document(s) skipped (see messages above)");
        return Ok(1);
    }
    Ok(0)
}

// ---------------------------------------------------------------------------------------
// queries

/// Writes rows as a table, JSON lines or CSV. `cells` gives the table cells of a row.
fn write_rows<T: serde::Serialize>(
    format: QueryFormat,
    headers: &[&str],
    rows: &[T],
    cells: impl Fn(&T) -> Vec<String>,
) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = (|| -> Result<()> {
        match format {
            QueryFormat::Json => {
                for r in rows {
                    serde_json::to_writer(&mut out, r)?;
                    out.write_all(b"\n")?;
                }
            }
            QueryFormat::Csv => {
                let mut w = csv::Writer::from_writer(&mut out);
                for r in rows {
                    w.serialize(r)?;
                }
                if rows.is_empty() {
                    w.write_record(headers)?;
                }
                w.flush()?;
            }
            QueryFormat::Table => {
                let table: Vec<Vec<String>> = rows.iter().map(&cells).collect();
                out.write_all(render_table(headers, &table).as_bytes())?;
            }
        }
        out.flush()?;
        Ok(())
    })();
    match result {
        Err(e) if is_broken_pipe(&e) => Ok(()),
        r => r,
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(|ce| {
                matches!(ce.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
            })
    })
}

/// Aligned columns; numbers right-aligned; cells cut at 32 characters.
fn render_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    const MAX: usize = 32;
    let cut = |s: &str| -> String {
        if s.chars().count() > MAX {
            let mut t: String = s.chars().take(MAX - 1).collect();
            t.push('…');
            t
        } else {
            s.to_string()
        }
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cut(c)).collect())
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let numeric: Vec<bool> = (0..headers.len())
        .map(|i| {
            !rows.is_empty()
                && rows.iter().all(|r| {
                    r.get(i)
                        .is_some_and(|c| c.is_empty() || c.parse::<f64>().is_ok())
                })
        })
        .collect();
    let mut s = String::new();
    let line = |s: &mut String, cells: &[String]| {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(c.chars().count());
            if i > 0 {
                l.push_str("  ");
            }
            if numeric[i] {
                l.push_str(&" ".repeat(pad));
                l.push_str(c);
            } else {
                l.push_str(c);
                l.push_str(&" ".repeat(pad));
            }
        }
        s.push_str(l.trim_end());
        s.push('\n');
    };
    let head: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    line(&mut s, &head);
    for r in &rows {
        line(&mut s, r);
    }
    if rows.is_empty() {
        s.push_str("(none)\n");
    }
    s
}

fn limit(n: usize) -> Option<usize> {
    (n > 0).then_some(n)
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn num(x: f64) -> String {
    let s = format!("{x:.1}");
    if s == "-0.0" {
        "0.0".into()
    } else {
        s
    }
}

fn cmd_events(args: EventsArgs) -> Result<i32> {
    let store = args.query.db.open_existing()?;
    let order = match args.sort {
        SortArg::Date => EventOrder::Oldest,
        SortArg::Newest => EventOrder::Newest,
        SortArg::Mentions => EventOrder::Mentions,
    };
    let mut rows = Vec::new();
    store.for_each_event(&args.query.filter.filter(), order, limit(args.limit), |e| {
        rows.push(e);
        Ok(())
    })?;
    write_rows(
        args.query.format,
        &[
            "id",
            "date",
            "source",
            "target",
            "cameo",
            "plover",
            "status",
            "mentions",
            "articles",
            "first_seen",
            "last_seen",
            "goldstein",
            "place",
        ],
        &rows,
        |e| {
            vec![
                e.id.to_string(),
                opt(&e.date),
                e.source.clone(),
                e.target.clone(),
                e.cameo.clone(),
                opt(&e.plover),
                e.status.clone(),
                e.mentions.to_string(),
                e.articles.to_string(),
                opt(&e.first_seen),
                opt(&e.last_seen),
                num(e.goldstein),
                e.location
                    .clone()
                    .or(e.location_country.clone())
                    .unwrap_or_default(),
            ]
        },
    )?;
    Ok(0)
}

fn cmd_actors(args: ActorsArgs) -> Result<i32> {
    let store = args.query.db.open_existing()?;
    let rows = store.actors(&args.query.filter.filter(), limit(args.limit))?;
    write_rows(
        args.query.format,
        &[
            "code",
            "name",
            "country",
            "sector",
            "events",
            "mentions",
            "as_source",
            "as_target",
        ],
        &rows,
        |a| {
            vec![
                a.code.clone(),
                opt(&a.name),
                opt(&a.country),
                opt(&a.sector),
                a.events.to_string(),
                a.mentions.to_string(),
                a.as_source.to_string(),
                a.as_target.to_string(),
            ]
        },
    )?;
    Ok(0)
}

fn cmd_dyads(args: DyadsArgs) -> Result<i32> {
    let store = args.query.db.open_existing()?;
    let rows = store.dyads(
        &args.query.filter.filter(),
        args.period.into(),
        limit(args.top),
    )?;
    write_rows(
        args.query.format,
        &[
            "period",
            "source",
            "target",
            "events",
            "mentions",
            "goldstein",
        ],
        &rows,
        |d| {
            vec![
                d.period.clone(),
                d.source.clone(),
                d.target.clone(),
                d.events.to_string(),
                d.mentions.to_string(),
                num(d.goldstein),
            ]
        },
    )?;
    Ok(0)
}

fn cmd_timeline(args: TimelineArgs) -> Result<i32> {
    let store = args.query.db.open_existing()?;
    let rows = store.timeline(&args.query.filter.filter(), args.period.into())?;
    let max = rows.iter().map(|r| r.events).max().unwrap_or(0).max(1);
    write_rows(
        args.query.format,
        &["period", "events", "mentions", "goldstein", ""],
        &rows,
        |t| {
            let bar = ((t.events * 40 + max - 1) / max) as usize;
            vec![
                t.period.clone(),
                t.events.to_string(),
                t.mentions.to_string(),
                num(t.goldstein),
                "#".repeat(bar),
            ]
        },
    )?;
    Ok(0)
}

// ---------------------------------------------------------------------------------------
// export

/// An event record standing for a merged event (for the record-level formats).
fn event_as_record(e: &EventRow) -> EventRecord {
    let actor =
        |code: &str, name: &Option<String>, country: &Option<String>, sector: &Option<String>| {
            (!code.is_empty()).then(|| ActorRef {
                code: code.to_string(),
                country: country.clone(),
                sector: sector.clone(),
                name: name.clone(),
                text: String::new(),
                start: 0,
                end: 0,
                entity: None,
            })
        };
    let status = match e.status.as_str() {
        "alleged" => Status::Alleged,
        "planned" => Status::Planned,
        "negated" => Status::Negated,
        "hypothetical" => Status::Hypothetical,
        "denied" => Status::Denied,
        _ => Status::Asserted,
    };
    EventRecord {
        id: e.id.to_string(),
        doc_id: String::new(),
        sentence: 0,
        date: e.date.clone(),
        date_precision: None,
        date_text: None,
        source: actor(
            &e.source,
            &e.source_name,
            &e.source_country,
            &e.source_sector,
        ),
        target: actor(
            &e.target,
            &e.target_name,
            &e.target_country,
            &e.target_sector,
        ),
        cameo: e.cameo.clone(),
        cameo_root: e.cameo_root.clone(),
        plover: e.plover.clone(),
        plover_mode: e.plover_mode.clone(),
        reciprocal: e.reciprocal,
        goldstein: e.goldstein as f32,
        quad_class: e.quad_class,
        status,
        modality: Vec::new(),
        attributed_to: None,
        location: e.location.as_ref().map(|name| Location {
            name: name.clone(),
            country: e.location_country.clone(),
            start: 0,
            end: 0,
        }),
        trigger: TextSpan {
            text: String::new(),
            start: 0,
            end: 0,
        },
        rule: String::new(),
        confidence: e.confidence as f32,
    }
}

fn cmd_export(args: ExportArgs) -> Result<i32> {
    let store = args.db.open_existing()?;
    let filter = args.filter.filter();
    if args.format == ExportFormat::Parquet
        && args.output.is_none()
        && std::io::stdout().is_terminal()
    {
        bail!("Parquet is binary: give --output FILE or redirect standard output");
    }
    let sink: Box<dyn Write + Send> = match &args.output {
        Some(p) => {
            Box::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?)
        }
        None => Box::new(std::io::stdout()),
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, sink);
    let result = export(&store, &filter, args.what, args.format, &mut out)
        .and_then(|n| out.flush().map(|_| n).map_err(Into::into));
    match result {
        Ok(n) => {
            if let Some(p) = &args.output {
                eprintln!("dyad: {n} row(s) written to {}", p.display());
            }
            Ok(0)
        }
        Err(e) if is_broken_pipe(&e) => Ok(0),
        Err(e) => Err(e),
    }
}

fn csv_error(e: csv::Error) -> dyad_store::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => dyad_store::Error::Io(io),
        k => dyad_store::Error::Invalid(format!("CSV: {k:?}")),
    }
}

fn export<W: Write + Send>(
    store: &Store,
    filter: &Filter,
    what: ExportWhat,
    format: ExportFormat,
    out: &mut W,
) -> Result<u64> {
    let io = |e: std::io::Error| dyad_store::Error::Io(e);
    let n = match (what, format) {
        (ExportWhat::Events, ExportFormat::Parquet) => {
            dyad_store::write_events_parquet(store, filter, out)?
        }
        (ExportWhat::Mentions, ExportFormat::Parquet) => {
            dyad_store::write_mentions_parquet(store, filter, out)?
        }
        (ExportWhat::Events, ExportFormat::Csv) => {
            let mut w = csv::Writer::from_writer(&mut *out);
            let n = store.for_each_event(filter, EventOrder::Oldest, None, |e| {
                w.serialize(&e).map_err(csv_error)
            })?;
            w.flush()?;
            n
        }
        (ExportWhat::Events, _) => {
            // PLOVER writes a joint act once (all its entities as the actor): the second
            // direction of a reciprocal pair (actors swapped, same code and day) is skipped.
            let mut joint: std::collections::HashSet<(String, String, String, Option<String>)> =
                std::collections::HashSet::new();
            let n = store.for_each_event(filter, EventOrder::Oldest, None, |e| {
                if format == ExportFormat::Plover && e.reciprocal {
                    let mirror = (
                        e.target.clone(),
                        e.source.clone(),
                        e.cameo.clone(),
                        e.date.clone(),
                    );
                    if joint.contains(&mirror) {
                        return Ok(());
                    }
                    joint.insert((
                        e.source.clone(),
                        e.target.clone(),
                        e.cameo.clone(),
                        e.date.clone(),
                    ));
                }
                match format {
                    ExportFormat::Jsonl => {
                        serde_json::to_writer(&mut *out, &e)?;
                        out.write_all(b"\n").map_err(io)?;
                    }
                    ExportFormat::CameoTsv => {
                        let extra = formats::GdeltExtra {
                            event_id: e.id.to_string(),
                            num_mentions: e.mentions as u64,
                            num_sources: e.sources as u64,
                            num_articles: e.articles as u64,
                            ..Default::default()
                        };
                        out.write_all(formats::gdelt_row(&event_as_record(&e), &extra).as_bytes())
                            .map_err(io)?;
                    }
                    ExportFormat::Plover => {
                        let mut v =
                            formats::plover_record(&event_as_record(&e), &formats::Cite::default());
                        if let Some(m) = v.as_object_mut() {
                            m.remove("text_info");
                            m.insert("num_mentions".into(), e.mentions.into());
                            m.insert("num_articles".into(), e.articles.into());
                            m.insert("first_seen".into(), e.first_seen.clone().into());
                            m.insert("last_seen".into(), e.last_seen.clone().into());
                        }
                        serde_json::to_writer(&mut *out, &v)?;
                        out.write_all(b"\n").map_err(io)?;
                    }
                    ExportFormat::Parquet | ExportFormat::Csv => unreachable!(),
                }
                Ok(())
            })?;
            n
        }
        (ExportWhat::Mentions, _) => {
            if format == ExportFormat::Csv {
                let mut cols: Vec<&str> = formats::CSV_COLUMNS.to_vec();
                cols.extend(["event_id", "url", "outlet", "article_date", "evidence"]);
                out.write_all(formats::csv_line(&cols).as_bytes())?;
            }
            // PLOVER writes a joint act once: the mirror of an earlier reciprocal mention of
            // the same article is skipped.
            let mut recent: Vec<dyad_coder::EventRecord> = Vec::new();
            store.for_each_mention(filter, None, |m| {
                if format == ExportFormat::Plover && m.record.reciprocal {
                    if recent.first().is_some_and(|r| r.doc_id != m.record.doc_id) {
                        recent.clear();
                    }
                    if formats::is_mirror_of_earlier(&m.record, &recent) {
                        return Ok(());
                    }
                    recent.push(m.record.clone());
                }
                match format {
                    ExportFormat::Jsonl => {
                        let mut v = serde_json::to_value(&m.record)?;
                        if let Some(o) = v.as_object_mut() {
                            o.insert("event_id".into(), m.event_id.into());
                            o.insert("url".into(), m.url.clone().into());
                            o.insert("outlet".into(), m.outlet.clone().into());
                            o.insert("article_date".into(), m.article_date.clone().into());
                            o.insert("evidence".into(), m.evidence.clone().into());
                        }
                        serde_json::to_writer(&mut *out, &v)?;
                        out.write_all(b"\n").map_err(io)?;
                    }
                    ExportFormat::Csv => {
                        let mut f = formats::csv_fields(&m.record);
                        f.extend([
                            m.event_id.to_string(),
                            m.url.clone().unwrap_or_default(),
                            m.outlet.clone().unwrap_or_default(),
                            m.article_date.clone().unwrap_or_default(),
                            m.evidence.clone(),
                        ]);
                        out.write_all(formats::csv_line(&f).as_bytes())
                            .map_err(io)?;
                    }
                    ExportFormat::CameoTsv => {
                        let mut extra = formats::GdeltExtra::single(m.url.as_deref());
                        extra.event_id = m.event_id.to_string();
                        out.write_all(formats::gdelt_row(&m.record, &extra).as_bytes())
                            .map_err(io)?;
                    }
                    ExportFormat::Plover => {
                        let mut v = formats::plover_record(
                            &m.record,
                            &formats::Cite {
                                url: m.url.as_deref(),
                                ..Default::default()
                            },
                        );
                        if let Some(o) = v.as_object_mut() {
                            o.insert("event_id".into(), m.event_id.into());
                            o.insert("text".into(), m.evidence.clone().into());
                        }
                        serde_json::to_writer(&mut *out, &v)?;
                        out.write_all(b"\n").map_err(io)?;
                    }
                    ExportFormat::Parquet => unreachable!(),
                }
                Ok(())
            })?
        }
    };
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_and_cut() {
        let t = render_table(
            &["code", "n"],
            &[
                vec!["IRN".into(), "7".into()],
                vec![
                    "A very long name that goes on and on and on".into(),
                    "12".into(),
                ],
            ],
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], format!("code{}   n", " ".repeat(28)));
        assert!(lines[1].starts_with("IRN "));
        assert!(lines[1].ends_with("  7"));
        assert!(lines[2].contains('…'));
        assert_eq!(render_table(&["a"], &[]), "a\n(none)\n");
    }

    #[test]
    fn inputs_expand_in_sorted_order() {
        let d = std::env::temp_dir().join(format!("dyad-expand-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("sub")).unwrap();
        std::fs::write(d.join("b.txt"), "x").unwrap();
        std::fs::write(d.join("sub/a.txt"), "yy").unwrap();
        std::fs::write(d.join(".hidden"), "z").unwrap();
        let got = expand_inputs(&[d.display().to_string(), "-".into()]);
        let names: Vec<(String, Option<u64>)> = got
            .into_iter()
            .map(|(p, s)| (p.rsplit('/').next().unwrap().to_string(), s))
            .collect();
        assert_eq!(
            names,
            vec![
                ("b.txt".into(), Some(1)),
                ("a.txt".into(), Some(2)),
                ("-".into(), None)
            ]
        );
        let _ = std::fs::remove_dir_all(&d);
    }
}
