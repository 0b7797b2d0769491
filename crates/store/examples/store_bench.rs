//! Builds a synthetic event database (default: 5.2 million mentions forming over 5 million
//! events) and times ingest and queries.
//!
//! ```text
//! cargo run --release -p dyad-store --example store_bench -- [DB] [MENTIONS] [bulk]
//! ```
//! An existing database at DB is reused (only the queries are timed). With `bulk`, the events
//! table is filled by one SQL statement instead of through ingest (to build a 5-million-event
//! database in minutes; it has no mentions, so the text search finds nothing).

use dyad_coder::{ActorRef, EventRecord, Status, TextSpan};
use dyad_store::{EventOrder, Filter, Period, Store};
use dyad_text::{Article, Date};
use std::time::Instant;

const COUNTRIES: &[&str] = &[
    "IRN", "RUS", "USA", "CHN", "YEM", "SAU", "ISR", "PSE", "UKR", "TUR", "SYR", "IRQ", "AFG",
    "PAK", "IND", "GBR", "FRA", "DEU", "EGY", "LBN", "QAT", "ARE", "JOR", "PRK", "KOR", "JPN",
    "NGA", "ETH", "SDN", "MLI",
];
const SECTORS: &[&str] = &["", "GOV", "MIL", "REB", "OPP", "COP", "BUS", "MED", "CVL"];
const CODES: &[(&str, &str, f32, u8)] = &[
    ("010", "CONSULT", 0.0, 1),
    ("036", "AGREE", 4.0, 1),
    ("040", "CONSULT", 1.0, 1),
    ("042", "CONSULT", 1.9, 1),
    ("043", "CONSULT", 2.8, 1),
    ("051", "SUPPORT", 3.4, 1),
    ("057", "AGREE", 8.0, 1),
    ("061", "COOPERATE", 6.4, 2),
    ("070", "AID", 7.0, 2),
    ("111", "ACCUSE", -2.0, 3),
    ("112", "ACCUSE", -2.0, 3),
    ("120", "REJECT", -4.0, 3),
    ("130", "THREATEN", -4.4, 3),
    ("141", "PROTEST", -6.5, 4),
    ("163", "SANCTION", -8.0, 4),
    ("173", "COERCE", -5.0, 4),
    ("180", "ASSAULT", -9.0, 4),
    ("190", "ASSAULT", -10.0, 4),
    ("193", "ASSAULT", -10.0, 4),
    ("195", "ASSAULT", -10.0, 4),
];
const WORDS: &[&str] = &[
    "accused",
    "met",
    "attacked",
    "praised",
    "warned",
    "shelled",
    "hosted",
    "sanctioned",
    "urged",
    "rejected",
    "visited",
    "threatened",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // SplitMix64.
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn actor(rng: &mut Rng, start: usize) -> ActorRef {
    // Skewed: low indexes are much more frequent.
    let c = COUNTRIES[rng.below(COUNTRIES.len()).min(rng.below(COUNTRIES.len()))];
    let s = SECTORS[rng.below(SECTORS.len())];
    let code = format!("{c}{s}");
    ActorRef {
        code: code.clone(),
        country: Some(c.into()),
        sector: (!s.is_empty()).then(|| s.into()),
        name: Some(format!("{c} {s}").trim().to_string()),
        text: code.clone(),
        start,
        end: start + code.len(),
        entity: None,
    }
}

fn article(
    rng: &mut Rng,
    i: usize,
    per_article: usize,
) -> (Article, Vec<EventRecord>, Vec<String>) {
    // Five years of news; 10% of articles report a story of an earlier one.
    let day = 18628 + rng.below(1826) as i64; // 2021-01-01 ..
    let date = dyad_store::from_day_number(day);
    let mut text = String::new();
    let mut records = Vec::with_capacity(per_article);
    for k in 0..per_article {
        let start = text.chars().count();
        let src = actor(rng, start);
        let verb = WORDS[rng.below(WORDS.len())];
        let tgt_start = start + src.code.len() + 1 + verb.len() + 1;
        let tgt = actor(rng, tgt_start);
        text.push_str(&format!(
            "{} {verb} {} in story {i}-{k}. ",
            src.code, tgt.code
        ));
        let (cameo, plover, goldstein, quad) = CODES[rng.below(CODES.len())];
        records.push(EventRecord {
            id: format!("{i}-{k}"),
            doc_id: format!("art{i}"),
            sentence: k,
            date: Some(date.to_string()),
            date_precision: None,
            date_text: None,
            trigger: TextSpan {
                text: verb.into(),
                start: start + src.code.len() + 1,
                end: start + src.code.len() + 1 + verb.len(),
            },
            source: Some(src),
            target: Some(tgt),
            cameo: cameo.into(),
            cameo_root: cameo[..2].into(),
            plover: Some(plover.into()),
            plover_mode: None,
            reciprocal: false,
            goldstein,
            quad_class: quad,
            status: if rng.below(10) == 0 {
                Status::Alleged
            } else {
                Status::Asserted
            },
            modality: vec![],
            attributed_to: None,
            location: None,
            rule: "synthetic".into(),
            confidence: 0.8,
        });
    }
    let mut a = Article::new(format!("art{i}"), text);
    a.date = Some(date);
    a.source = Some(["ap", "afp", "reuters", "bbc"][i % 4].into());
    (a, records, vec![])
}

fn time<T>(label: &str, runs: usize, mut f: impl FnMut() -> T) -> T {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{label:<58} median {:>9.1} ms  (min {:.1}, {runs} runs)",
        times[times.len() / 2],
        times[0]
    );
    last.unwrap()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "/tmp/dyad-store-bench.db".into());
    let mentions: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5_200_000);
    let per_article = 4;
    let bulk = args.next().as_deref() == Some("bulk");
    let exists = std::path::Path::new(&path).exists();
    let mut store = Store::open(&path).expect("open");
    if !exists && bulk {
        let start = Instant::now();
        let countries: String = COUNTRIES.concat();
        let sectors: String = SECTORS.iter().map(|s| format!("{s:3}")).collect();
        let codes: String = CODES.iter().map(|c| c.0).collect();
        let sql = format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {mentions}), \
             r AS (SELECT i, 18628 + (i * 104729) % 1826 AS day, \
                   substr('{countries}', 1 + 3 * min((i * 7919) % 30, (i * 104723) % 30), 3) AS sc, \
                   rtrim(substr('{sectors}', 1 + 3 * ((i * 31) % 9), 3)) AS ss, \
                   substr('{countries}', 1 + 3 * min((i * 6011) % 30, (i * 15485863) % 30), 3) AS tc, \
                   rtrim(substr('{sectors}', 1 + 3 * ((i * 17) % 9), 3)) AS ts, \
                   substr('{codes}', 1 + 3 * ((i * 13) % 20), 3) AS cameo FROM n) \
             INSERT INTO events (source, target, cameo, day, month, cameo_root, source_country, \
               source_sector, source_name, target_country, target_sector, target_name, plover, \
               goldstein, quad_class, status, confidence, mentions, articles, sources, \
               first_seen, last_seen) \
             SELECT sc || ss, tc || ts, cameo, day, \
               CAST(strftime('%Y%m', day * 86400, 'unixepoch') AS INTEGER), substr(cameo, 1, 2), \
               sc, nullif(ss, ''), sc || ' ' || ss, tc, nullif(ts, ''), tc || ' ' || ts, \
               CASE WHEN cameo >= '18' THEN 'ASSAULT' WHEN cameo >= '11' THEN 'ACCUSE' \
                    ELSE 'CONSULT' END, \
               CASE WHEN cameo >= '18' THEN -10.0 WHEN cameo >= '11' THEN -2.0 ELSE 1.0 END, \
               CASE WHEN cameo >= '18' THEN 4 WHEN cameo >= '11' THEN 3 ELSE 1 END, \
               CASE WHEN i % 10 = 0 THEN 'alleged' ELSE 'asserted' END, 0.8, \
               1 + i % 3, 1 + i % 2, 1, day, day + i % 2 FROM r"
        );
        store
            .connection()
            .execute_batch(&format!("BEGIN; {sql}; COMMIT;"))
            .expect("bulk");
        println!(
            "bulk insert of {mentions} events: {:.1} s",
            start.elapsed().as_secs_f64()
        );
        store
            .connection()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")
            .expect("analyze");
    }
    if !exists && !bulk {
        let articles = mentions / per_article;
        let mut rng = Rng(42);
        let start = Instant::now();
        let mut stats = dyad_store::IngestStats::default();
        let mut i = 0;
        let mut gen_secs = 0.0;
        while i < articles {
            let g = Instant::now();
            let batch: Vec<_> = (i..(i + 5000).min(articles))
                .map(|j| article(&mut rng, j, per_article))
                .collect();
            gen_secs += g.elapsed().as_secs_f64();
            i += batch.len();
            stats += store.ingest_batch(&batch).expect("ingest");
            if i % 100_000 == 0 {
                let secs = start.elapsed().as_secs_f64() - gen_secs;
                eprintln!(
                    "{i} articles, {} mentions, {} events, {:.0} articles/s, {:.0} mentions/s",
                    stats.mentions_added,
                    stats.events_created,
                    i as f64 / secs,
                    stats.mentions_added as f64 / secs
                );
            }
        }
        let secs = start.elapsed().as_secs_f64() - gen_secs;
        println!(
            "ingest (store alone): {} articles, {} mentions, {} events in {secs:.1} s: \
             {:.0} articles/s, {:.0} mentions/s",
            stats.added,
            stats.mentions_added,
            stats.events_created - stats.events_deleted,
            stats.added as f64 / secs,
            stats.mentions_added as f64 / secs
        );
        store
            .connection()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")
            .expect("analyze");
    }
    let c = store.counts().expect("counts");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "database: {} articles, {} events, {} mentions, {:.2} GB",
        c.articles,
        c.events,
        c.mentions,
        size as f64 / 1e9
    );
    let all = Filter::default();
    let rows = time("dyads by month, all events", 3, || {
        store.dyads(&all, Period::Month, None).unwrap().len()
    });
    println!("    -> {rows} rows");
    let rows = time("dyads by month, top 10 per month", 3, || {
        store.dyads(&all, Period::Month, Some(10)).unwrap().len()
    });
    println!("    -> {rows} rows");
    let iran = Filter {
        country: Some("IRN".into()),
        ..Filter::default()
    };
    let rows = time("dyads by month, country IRN on either side", 3, || {
        store.dyads(&iran, Period::Month, None).unwrap().len()
    });
    println!("    -> {rows} rows");
    let between = Filter {
        between: Some(("IRN".into(), "RUS".into())),
        since: Date::parse_iso("2024-02-01"),
        ..Filter::default()
    };
    let rows = time(
        "events between IRN and RUS since 2024-02-01 (all rows)",
        3,
        || store.events(&between, None).unwrap().len(),
    );
    println!("    -> {rows} rows");
    let yemen = Filter {
        cameo: Some("19".into()),
        country: Some("YEM".into()),
        since: Date::parse_iso("2025-01-01"),
        until: Date::parse_iso("2025-03-31"),
        ..Filter::default()
    };
    let rows = time("events: CAMEO 19, YEM, one quarter (all rows)", 3, || {
        store.events(&yemen, None).unwrap().len()
    });
    println!("    -> {rows} rows");
    let rows = time("events: newest 100 of all", 3, || {
        let mut n = 0;
        store
            .for_each_event(&all, EventOrder::Newest, Some(100), |_| {
                n += 1;
                Ok(())
            })
            .unwrap();
        n
    });
    println!("    -> {rows} rows");
    let rows = time("timeline by month: CAMEO 19 in YEM", 3, || {
        store
            .timeline(
                &Filter {
                    cameo: Some("19".into()),
                    country: Some("YEM".into()),
                    ..Filter::default()
                },
                Period::Month,
            )
            .unwrap()
            .len()
    });
    println!("    -> {rows} rows");
    let rows = time("timeline by week: ASSAULT by SAUMIL", 3, || {
        store
            .timeline(
                &Filter {
                    plover: Some("ASSAULT".into()),
                    source: Some("SAUMIL".into()),
                    ..Filter::default()
                },
                Period::Week,
            )
            .unwrap()
            .len()
    });
    println!("    -> {rows} rows");
    let rows = time("actors, top 30, all events", 3, || {
        store.actors(&all, Some(30)).unwrap().len()
    });
    println!("    -> {rows} rows");
    let text = Filter {
        text: Some("shelled ISRMIL".into()),
        since: Date::parse_iso("2025-06-01"),
        ..Filter::default()
    };
    let rows = time("text search 'shelled ISRMIL' since 2025-06-01", 3, || {
        store.events(&text, None).unwrap().len()
    });
    println!("    -> {rows} rows");
}
