//! Crash safety and concurrent reading: a real child process killed with SIGKILL in the middle
//! of an ingest, and a reader querying while a writer ingests.

use crate::testutil::*;
use crate::{Filter, Period, Store};
use dyad_coder::EventRecord;
use std::time::{Duration, Instant};

/// The child process ingests into the database named by this variable.
const CHILD_DB: &str = "DYAD_STORE_TEST_CHILD_DB";

const ACTORS: &[&str] = &["IRN", "RUS", "USAGOV", "YEMREB", "SAU", "CHN"];
const CODES: &[&str] = &["112", "040", "190", "036", "051"];

/// A deterministic workload: 20 batches of 100 articles, two records each, with repeated
/// texts under new ids and changed texts under old ids mixed in.
fn workload() -> Vec<Vec<Coded>> {
    let pick = |n: usize, k: usize| {
        let a = ACTORS[(n * 7 + k * 3) % ACTORS.len()];
        if k == 1 && a == ACTORS[(n * 7) % ACTORS.len()] {
            "TUR"
        } else {
            a
        }
    };
    let text = |n: usize| format!("{} and {}: story {n}.", pick(n, 0), pick(n, 1));
    let mut batches = Vec::new();
    let mut n = 0usize;
    for b in 0..20 {
        let mut batch = Vec::new();
        for i in 0..100 {
            n += 1;
            let date = crate::day_string(19723 + (n % 40) as i64);
            let (s, t) = (pick(n, 0), pick(n, 1));
            let records: Vec<EventRecord> = vec![
                rec(s, t, CODES[n % CODES.len()]),
                rec(t, s, CODES[(n / 3) % CODES.len()]),
            ];
            let (id, text) = if i % 50 == 49 {
                // The text of the previous article under a new id: a duplicate.
                (format!("dup-{b}-{i}"), text(n - 1))
            } else if i % 40 == 39 && b > 0 {
                // An article of the first batch with a new text: a replacement.
                (
                    format!("a{}", i + 1),
                    format!("{s} and {t}: revised story {n}."),
                )
            } else {
                (format!("a{n}"), text(n))
            };
            let mut c = coded(&id, &date, &text, &records);
            c.0.source = Some(["ap", "afp", "reuters"][n % 3].into());
            c.2 = vec![format!("diagnostic for {id}")];
            batch.push(c);
        }
        batches.push(batch);
    }
    batches
}

fn ingest_all(store: &mut Store, pause: Duration) {
    for batch in workload() {
        store.ingest_batch(&batch).unwrap();
        std::thread::sleep(pause);
    }
}

/// In a child process (with `CHILD_DB` set) this ingests the workload slowly and is killed
/// by the parent; in the normal test run it ingests the workload and checks the totals.
#[test]
fn child_ingest() {
    if let Ok(path) = std::env::var(CHILD_DB) {
        let mut store = Store::open(path).unwrap();
        ingest_all(&mut store, Duration::from_millis(20));
        return;
    }
    let (_d, mut store) = temp_store("workload");
    ingest_all(&mut store, Duration::ZERO);
    let c = store.counts().unwrap();
    // 2000 articles given: 40 duplicates, 19 * 2 replacements of earlier ones.
    assert_eq!(c.articles, 2000 - 40 - 38);
    assert_eq!(c.mentions, 2 * c.articles);
    assert!(c.events < c.mentions / 4, "{c:?}");
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn kill_9_in_the_middle_of_an_ingest_then_rerun_equals_a_clean_run() {
    let dir = temp_dir("crash");
    let crashed = dir.join("crashed.db");
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "crash_tests::child_ingest", "--test-threads=1"])
        .env(CHILD_DB, &crashed)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some batches are committed, then kill -9.
    let start = Instant::now();
    let at_kill = loop {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "child made no progress"
        );
        if let Ok(store) = Store::open_read_only(&crashed) {
            if let Ok(c) = store.counts() {
                if c.articles >= 400 {
                    break c.articles;
                }
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "the child finished before it was killed");
    assert!(
        at_kill < 1800,
        "killed too late to test anything: {at_kill}"
    );

    let mut store = Store::open(&crashed).unwrap();
    assert!(store.check().unwrap().is_empty());
    let after_kill = store.counts().unwrap();
    assert!(after_kill.articles >= at_kill);
    ingest_all(&mut store, Duration::ZERO);

    let mut clean = Store::open(dir.join("clean.db")).unwrap();
    ingest_all(&mut clean, Duration::ZERO);
    // Replacements in the input are replayed by the rerun, so rows may have other ids:
    // compare contents by natural keys.
    let (a, b) = (content(&store), content(&clean));
    assert!(a == b, "{}", first_difference(&a, &b));
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn a_reader_queries_while_an_ingest_runs() {
    let dir = temp_dir("concurrent");
    let path = dir.join("c.db");
    // Create the database before the reader opens it.
    drop(Store::open(&path).unwrap());
    let writer_path = path.clone();
    let writer = std::thread::spawn(move || {
        let mut store = Store::open(writer_path).unwrap();
        ingest_all(&mut store, Duration::from_millis(2));
        store.counts().unwrap()
    });
    let reader = Store::open_read_only(&path).unwrap();
    let mut last = 0;
    let mut queries = 0;
    while !writer.is_finished() {
        let n = reader.counts().unwrap().articles;
        assert!(n >= last);
        last = n;
        reader.timeline(&Filter::default(), Period::Day).unwrap();
        reader.events(&Filter::default(), Some(100)).unwrap();
        // A query sees whole batches only: merged counts agree with the mentions.
        let (sum, count): (Option<i64>, i64) = reader
            .connection()
            .query_row(
                "SELECT (SELECT sum(mentions) FROM events), (SELECT count(*) FROM mentions)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(sum.unwrap_or(0), count);
        queries += 1;
    }
    let final_counts = writer.join().unwrap();
    assert!(queries > 1, "the reader got no turn");
    assert_eq!(reader.counts().unwrap(), final_counts);
}
