//! End-to-end tests of the store commands: `dyad ingest` (idempotence, duplicates, kill -9
//! and rerun, reading while ingesting), the queries and the exports.

use dyad_coder::{ActorRef, EventRecord, Status, TextSpan};
use dyad_store::Store;
use dyad_text::{Article, Date};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn dyad(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .env_remove("DYAD_DB")
        .stdin(Stdio::null())
        .output()
        .expect("run dyad");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tempdir(name: &str) -> TempDir {
    let d = std::env::temp_dir().join(format!("dyad-store-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    TempDir(d)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// JSONL articles: `n` distinct ones, with a few made-up sentences each.
fn jsonl(ids: impl Iterator<Item = (String, String)>) -> String {
    let mut out = String::new();
    for (id, text) in ids {
        out.push_str(
            &serde_json::json!({"id": id, "date": "2023-05-04", "source": "wire", "text": text})
                .to_string(),
        );
        out.push('\n');
    }
    out
}

fn article_text(i: usize) -> String {
    format!(
        "The council of town {i} met on Tuesday. Its members argued about the budget for \
         {} hours. A spokesperson said the vote would follow next week.",
        i % 7 + 2
    )
}

/// Rows of the article, diagnostic, event and mention tables, as text.
fn dump(path: &Path) -> String {
    let store = Store::open_read_only(path).unwrap();
    let conn = store.connection();
    let mut out = String::new();
    for sql in [
        "SELECT doc_id, hex(text_hash), day, source, url, title, extra, chars, records FROM articles ORDER BY id",
        "SELECT article, seq, message FROM diagnostics ORDER BY article, seq",
        "SELECT * FROM events ORDER BY id",
        "SELECT * FROM mentions ORDER BY id",
    ] {
        let mut st = conn.prepare(sql).unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..n {
                let v: dyad_store::rusqlite::types::Value = r.get(i).unwrap();
                out.push_str(&format!("{v:?}\t"));
            }
            out.push('\n');
        }
        out.push_str("--\n");
    }
    out
}

fn counts(path: &Path) -> dyad_store::Counts {
    Store::open_read_only(path).unwrap().counts().unwrap()
}

#[test]
fn ingesting_twice_changes_nothing_and_a_copy_under_another_id_is_skipped() {
    let d = tempdir("twice");
    let db = d.0.join("sub").join("events.db");
    let input = d.0.join("in.jsonl");
    let mut lines: Vec<(String, String)> =
        (0..5).map(|i| (format!("a{i}"), article_text(i))).collect();
    lines.push(("copy-of-a1".into(), article_text(1)));
    std::fs::write(&input, jsonl(lines.into_iter())).unwrap();
    let (code, out, err) = dyad(&["ingest", "--db", s(&db), s(&input)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("6 article(s)"), "{err}");
    assert!(
        err.contains("5 new, 0 replaced, 0 unchanged, 1 duplicate(s)"),
        "{err}"
    );
    assert_eq!(counts(&db).articles, 5);
    let before = dump(&db);
    let (code, _, err) = dyad(&["ingest", "--db", s(&db), s(&input)]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("0 new, 0 replaced, 5 unchanged, 1 duplicate(s)"),
        "{err}"
    );
    assert_eq!(dump(&db), before);

    // A changed text under a known id replaces that article.
    let changed = d.0.join("changed.jsonl");
    std::fs::write(
        &changed,
        jsonl([("a2".to_string(), article_text(99))].into_iter()),
    )
    .unwrap();
    let (code, _, err) = dyad(&["ingest", "--db", s(&db), s(&changed)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 new, 1 replaced"), "{err}");
    assert_eq!(counts(&db).articles, 5);
    assert_ne!(dump(&db), before);

    // DYAD_DB names the database too.
    let out = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["ingest", s(&input)])
        .env("DYAD_DB", &db)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("0 new, 1 replaced, 4 unchanged, 1 duplicate(s)"),
        "{err}"
    );
}

#[test]
fn kill_9_during_ingest_then_rerun_equals_a_clean_run() {
    let d = tempdir("kill");
    let input = d.0.join("many.jsonl");
    let n = 3000;
    std::fs::write(
        &input,
        jsonl((0..n).map(|i| (format!("doc{i:05}"), article_text(i)))),
    )
    .unwrap();
    let crashed = d.0.join("crashed.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args([
            "ingest",
            "--batch-size",
            "50",
            "--pause-ms",
            "25",
            "--db",
            s(&crashed),
            s(&input),
        ])
        .env_remove("DYAD_DB")
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let at_kill = loop {
        assert!(start.elapsed() < Duration::from_secs(30), "no progress");
        if let Ok(store) = Store::open_read_only(&crashed) {
            if let Ok(c) = store.counts() {
                if c.articles >= 300 {
                    break c.articles;
                }
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    child.kill().unwrap();
    assert!(!child.wait().unwrap().success(), "finished before the kill");
    assert!(at_kill < n as u64, "{at_kill}");
    let store = Store::open(&crashed).unwrap();
    assert!(store.check().unwrap().is_empty());
    drop(store);

    let (code, _, err) = dyad(&["ingest", "--db", s(&crashed), s(&input)]);
    assert_eq!(code, 0, "{err}");
    let clean = d.0.join("clean.db");
    let (code, _, err) = dyad(&["ingest", "--db", s(&clean), s(&input)]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(counts(&clean).articles, n as u64);
    assert_eq!(dump(&crashed), dump(&clean));
}

#[test]
fn queries_run_while_an_ingest_writes() {
    let d = tempdir("concurrent");
    let input = d.0.join("many.jsonl");
    std::fs::write(
        &input,
        jsonl((0..1500).map(|i| (format!("c{i}"), article_text(i)))),
    )
    .unwrap();
    let db = d.0.join("c.db");
    // Create the database first.
    let (code, _, err) = dyad(&[
        "ingest",
        "--db",
        s(&db),
        "--input",
        "jsonl",
        s(&d.0.join("none.jsonl")),
    ]);
    assert_eq!(code, 1, "{err}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args([
            "ingest",
            "--batch-size",
            "50",
            "--pause-ms",
            "10",
            "--db",
            s(&db),
            s(&input),
        ])
        .env_remove("DYAD_DB")
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut runs = 0;
    while child.try_wait().unwrap().is_none() {
        let (code, out, err) = dyad(&["timeline", "--db", s(&db), "--format", "csv"]);
        assert_eq!(code, 0, "{err}");
        assert!(out.starts_with("period,events"), "{out}");
        runs += 1;
    }
    assert!(child.wait().unwrap().success());
    assert!(runs >= 1);
    assert_eq!(counts(&db).articles, 1500);
}

fn actor(code: &str) -> ActorRef {
    ActorRef {
        code: code.into(),
        country: Some(code[..3].into()),
        sector: (code.len() >= 6).then(|| code[3..6].into()),
        name: Some(format!("{code} people")),
        text: code.into(),
        start: 0,
        end: code.len(),
        entity: None,
    }
}

fn record(src: &str, tgt: &str, cameo: &str, plover: &str, goldstein: f32) -> EventRecord {
    EventRecord {
        id: format!("{src}{cameo}{tgt}"),
        doc_id: String::new(),
        sentence: 1,
        date: None,
        date_precision: None,
        date_text: None,
        source: Some(actor(src)),
        target: Some(actor(tgt)),
        cameo: cameo.into(),
        cameo_root: cameo[..2].into(),
        plover: Some(plover.into()),
        plover_mode: None,
        reciprocal: false,
        goldstein,
        quad_class: if goldstein < 0.0 { 4 } else { 1 },
        status: Status::Asserted,
        modality: vec![],
        attributed_to: None,
        location: None,
        trigger: TextSpan {
            text: "hit".into(),
            start: 0,
            end: 3,
        },
        rule: "t".into(),
        confidence: 0.8,
    }
}

/// A database with events made through the library (the coder emits none yet).
fn sample_db(dir: &Path) -> PathBuf {
    let path = dir.join("q.db");
    let mut store = Store::open(&path).unwrap();
    let mut batch = Vec::new();
    let days = [
        "2024-01-15",
        "2024-02-03",
        "2024-02-03",
        "2024-02-20",
        "2024-03-02",
    ];
    for (i, day) in days.iter().enumerate() {
        let mut a = Article::new(format!("q{i}"), format!("Story number {i} about the war."));
        a.date = Date::parse_iso(day);
        a.url = Some(format!("https://news.example/{i}"));
        let recs = vec![
            record("SAU", "YEMREB", "190", "ASSAULT", -10.0),
            record("IRNGOV", "RUS", "040", "CONSULT", 1.0),
        ];
        batch.push((a, recs, vec![]));
    }
    store.ingest_batch(&batch).unwrap();
    path
}

#[test]
fn query_commands_answer_in_every_format() {
    let d = tempdir("queries");
    let db = sample_db(&d.0);
    let (code, out, err) = dyad(&["events", "--db", s(&db), "--between", "RUS", "IRN"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("id  date"), "{out}");
    assert_eq!(lines.len(), 5, "{out}");
    assert!(lines[2].contains("IRNGOV  RUS"), "{out}");

    let (code, out, _) = dyad(&[
        "events",
        "--db",
        s(&db),
        "--cameo",
        "19",
        "--since",
        "2024-02-01",
        "--until",
        "2024-02-29",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["date"], "2024-02-03");
    assert_eq!(rows[0]["mentions"], 2);

    let (code, out, _) = dyad(&["actors", "--db", s(&db), "--format", "csv"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("code,name,country,sector,events,mentions,as_source,as_target\n"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 5);

    let (code, out, _) = dyad(&[
        "dyads",
        "--db",
        s(&db),
        "--period",
        "month",
        "--country",
        "YEM",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "period,source,target,events,mentions,goldstein\n2024-01,SAU,YEMREB,1,1,-10.0\n\
         2024-02,SAU,YEMREB,2,3,-20.0\n2024-03,SAU,YEMREB,1,1,-10.0\n"
    );

    let (code, out, _) = dyad(&[
        "timeline",
        "--db",
        s(&db),
        "--plover",
        "assault",
        "--period",
        "month",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.lines().nth(2).unwrap().starts_with("2024-02       2"),
        "{out}"
    );

    let (code, _, err) = dyad(&["events", "--db", s(&d.0.join("missing.db"))]);
    assert_eq!(code, 2);
    assert!(err.contains("no database at"), "{err}");
    let (code, _, err) = dyad(&["events", "--db", s(&db), "--status", "rumoured"]);
    assert_eq!(code, 2);
    assert!(err.contains("status"), "{err}");
}

#[test]
fn exports_write_every_format() {
    let d = tempdir("exports");
    let db = sample_db(&d.0);
    let (code, out, _) = dyad(&["export", "--db", s(&db), "--format", "jsonl"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 8);
    let (code, out, _) = dyad(&[
        "export",
        "--db",
        s(&db),
        "--what",
        "mentions",
        "--format",
        "csv",
        "--actor",
        "SAU",
    ]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 6);
    assert!(lines[0].starts_with("id,doc_id,sentence"));
    assert!(lines[0].ends_with(",event_id,url,outlet,article_date,evidence"));
    assert!(lines[1].contains("https://news.example/0"), "{}", lines[1]);
    let (code, out, _) = dyad(&["export", "--db", s(&db), "--format", "cameo-tsv"]);
    assert_eq!(code, 0);
    for l in out.lines() {
        assert_eq!(l.split('\t').count(), 61, "{l}");
    }
    let (code, out, _) = dyad(&[
        "export",
        "--db",
        s(&db),
        "--what",
        "mentions",
        "--format",
        "plover",
        "--cameo",
        "04",
    ]);
    assert_eq!(code, 0);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["event"], serde_json::json!(["CONSULT"]));
    assert_eq!(first["actor"][0]["code"], "IRN");
    assert_eq!(first["actor"][0]["sector"], "GOV");
    let pq = d.0.join("events.parquet");
    let (code, _, err) = dyad(&[
        "export",
        "--db",
        s(&db),
        "--format",
        "parquet",
        "-o",
        s(&pq),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("8 row(s)"), "{err}");
    let bytes = std::fs::read(&pq).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
}

#[test]
fn plover_export_of_merged_events_writes_a_joint_act_once() {
    let d = tempdir("joint");
    let path = d.0.join("j.db");
    let mut store = Store::open(&path).unwrap();
    let mut a = Article::new("j0", "Egypt and Jordan held talks.");
    a.date = Date::parse_iso("2024-01-15");
    let joint = |s: &str, t: &str| {
        let mut r = record(s, t, "040", "CONSULT", 1.0);
        r.reciprocal = true;
        r
    };
    store
        .ingest_batch(&[(a, vec![joint("EGY", "JOR"), joint("JOR", "EGY")], vec![])])
        .unwrap();
    drop(store);
    let (code, out, err) = dyad(&["export", "--db", s(&path), "--format", "plover"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(v["actor"].as_array().map(|a| a.len()), Some(2), "{v}");
    assert_eq!(v["recipient"].as_array().map(|a| a.len()), Some(0), "{v}");
    let (code, out, err) = dyad(&[
        "export",
        "--db",
        s(&path),
        "--what",
        "mentions",
        "--format",
        "plover",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 1, "{out}");
    // The JSONL export keeps both directions, marked.
    let (_, out, _) = dyad(&["export", "--db", s(&path), "--format", "jsonl"]);
    assert_eq!(out.lines().count(), 2);
    assert!(
        out.lines().all(|l| l.contains("\"reciprocal\":true")),
        "{out}"
    );
}
