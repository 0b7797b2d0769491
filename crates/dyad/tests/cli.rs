//! End-to-end tests of the `dyad` binary: exit status, diagnostics, formats, order.

use std::io::Write;
use std::process::{Command, Stdio};

fn dyad(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dyad");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("dyad-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn bundled_example_codes_without_errors() {
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/summit-2024-03-05.txt"
    );
    let (code, _out, err) = dyad(&["code", example], b"");
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn bad_lines_are_reported_and_the_rest_goes_on() {
    let input = b"{\"id\":\"a\",\"date\":\"2020-01-02\",\"text\":\"First one.\"}\nnot json\n{\"id\":\"c\",\"date\":\"2020-02-31\",\"text\":\"Bad date.\"}\n{\"id\":\"d\",\"date\":\"2020-01-03\",\"text\":\"Last one.\"}\n";
    let (code, out, err) = dyad(&["parse", "--input", "jsonl", "-"], input);
    assert_eq!(code, 1);
    assert!(
        out.contains("# newdoc id = a") && out.contains("# newdoc id = d"),
        "{out}"
    );
    assert!(err.contains("<stdin>:2: malformed JSON"), "{err}");
    assert!(err.contains("<stdin>:3: bad date \"2020-02-31\""), "{err}");
}

#[test]
fn directories_compression_and_order() {
    let d = tempdir("dirs");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::write(d.join("a.txt"), "date 2020-01-01 Alpha went home.").unwrap();
    std::fs::write(d.join("sub/c.txt"), "date 2020-01-03 Gamma stayed.").unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"{\"id\":\"b\",\"date\":\"2020-01-02\",\"text\":\"Beta left.\"}\n")
        .unwrap();
    std::fs::write(d.join("b.jsonl.gz"), gz.finish().unwrap()).unwrap();
    let zst = zstd::encode_all(&b"date 2020-01-04 Delta spoke."[..], 0).unwrap();
    std::fs::write(d.join("sub/d.txt.zst"), zst).unwrap();
    std::fs::write(d.join("e.txt"), b"\xff\xfe\x00binary").unwrap();
    let dir = d.to_string_lossy().to_string();
    let (code, out, err) = dyad(
        &["parse", "--output", "tokens", &dir, "--threads", "2"],
        b"",
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        out,
        "Alpha went home .\nBeta left .\nGamma stayed .\nDelta spoke .\n"
    );
    assert!(err.contains("e.txt:1: not valid UTF-8"), "{err}");
    let (code1, out1, _) = dyad(&["parse", &dir, "--threads", "1"], b"");
    let (_, out2, _) = dyad(&["parse", &dir, "--threads", "2"], b"");
    assert_eq!(code1, 1);
    assert_eq!(out1, out2);
}

#[test]
fn plain_text_with_date_and_conllu_round_trip() {
    let (code, out, err) = dyad(
        &["parse", "--input", "text", "--date", "2021-05-05", "-"],
        "Talks began in Doha. They didn't end.".as_bytes(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("2-3\tdidn't") || out.contains("didn't"),
        "{out}"
    );
    // Our own CoNLL-U output read back as --input conllu keeps the words.
    let (code, again, err) = dyad(&["parse", "--input", "conllu", "-"], out.as_bytes());
    assert_eq!(code, 0, "{err}");
    let words = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
            .map(|l| l.split('\t').nth(1).unwrap().to_string())
            .collect()
    };
    assert_eq!(words(&out), words(&again));
}

#[test]
fn bad_arguments_exit_2() {
    let (code, _, err) = dyad(&["parse", "--date", "2021-02-30", "-"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("2021-02-30"), "{err}");
    let (code, _, err) = dyad(&["--parser", "beam", "--model", "x", "parse", "-"], b"");
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = dyad(&["--beam", "0", "parse", "-"], b"");
    assert_eq!(code, 2, "{err}");
}

#[test]
fn beam_parser_and_beam_width_give_trees() {
    let text = "Rebels attacked the village on Monday, officials said.";
    let parse = ["parse", "--input", "text", "--date", "2021-05-05", "-"];
    for options in [["--parser", "beam"], ["--beam", "3"]] {
        let args: Vec<&str> = options.iter().chain(&parse).copied().collect();
        let (code, out, err) = dyad(&args, text.as_bytes());
        assert_eq!(code, 0, "{err}");
        let rows: Vec<Vec<&str>> = out
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
            .map(|l| l.split('\t').collect())
            .collect();
        assert_eq!(rows.len(), 10, "{out}");
        assert_eq!(rows.iter().filter(|r| r[6] == "0").count(), 1, "{out}");
        let attacked = rows.iter().find(|r| r[1] == "attacked").unwrap();
        let rebels = rows.iter().find(|r| r[1] == "Rebels").unwrap();
        assert_eq!(rebels[6], attacked[0], "{out}");
        assert_eq!(rebels[7], "nsubj", "{out}");
    }
}

const CODING_TEXT: &str = "date 2023-03-14\nOn Tuesday, France accused Algeria of supporting rebels in Mali.\n\nIndia will host Japan's prime minister in March.\n";

#[test]
fn every_output_format_parses_and_jsonl_matches_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../schema/event.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let statuses: Vec<&str> = schema["$defs"]["status"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();

    let (code, out, err) = dyad(&["code", "--input", "dated", "-"], CODING_TEXT.as_bytes());
    assert_eq!(code, 0, "{err}");
    let events: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(events.len() >= 2, "{out}");
    for e in &events {
        for key in &required {
            assert!(e.get(*key).is_some(), "missing {key} in {e}");
        }
        assert!(statuses.contains(&e["status"].as_str().unwrap()));
        let start = e["trigger"]["start"].as_u64().unwrap() as usize;
        let end = e["trigger"]["end"].as_u64().unwrap() as usize;
        let body = CODING_TEXT.strip_prefix("date 2023-03-14\n").unwrap();
        let text: String = body.chars().skip(start).take(end - start).collect();
        assert_eq!(text, e["trigger"]["text"].as_str().unwrap());
    }

    let (code, out, _) = dyad(
        &["code", "--format", "csv", "--input", "dated", "-"],
        CODING_TEXT.as_bytes(),
    );
    assert_eq!(code, 0);
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    assert!(headers.iter().any(|h| h == "cameo"));
    let rows: Vec<csv::StringRecord> = rdr.records().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), events.len());

    let (code, out, _) = dyad(
        &["code", "--format", "cameo-tsv", "--input", "dated", "-"],
        CODING_TEXT.as_bytes(),
    );
    assert_eq!(code, 0);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .from_reader(out.as_bytes());
    for r in rdr.records() {
        let r = r.unwrap();
        assert_eq!(r.len(), 61, "GDELT 2.0 event table has 61 columns");
        assert!(r[1].len() == 8 && r[1].starts_with("2023"), "{:?}", &r[1]);
    }

    let (code, out, _) = dyad(
        &["code", "--format", "plover", "--input", "dated", "-"],
        CODING_TEXT.as_bytes(),
    );
    assert_eq!(code, 0);
    for l in out.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(
            v["actor"].is_array() && v["recipient"].is_array() && v["event"].is_array(),
            "{v}"
        );
    }
}

/// The users' example article (in `../shared`, skipped where absent): what issue 6 promises
/// about status, dates and attribution, checked on the JSON output.
#[test]
fn shared_example_article_context() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/examples/iran-russia-drones-2022-07-12.txt"
    );
    if !std::path::Path::new(path).exists() {
        println!("skipped: {path} not found");
        return;
    }
    let (code, out, err) = dyad(&["code", path], b"");
    assert_eq!(code, 0, "{err}");
    let events: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let find = |src: &str, tgt: &str, root: &str| -> Vec<&serde_json::Value> {
        events
            .iter()
            .filter(|e| {
                e["source"]["code"]
                    .as_str()
                    .is_some_and(|c| c.starts_with(src))
                    && e["target"]["code"]
                        .as_str()
                        .is_some_and(|c| c.starts_with(tgt))
                    && e["cameo_root"] == root
            })
            .collect()
    };
    let show = || out.to_string();
    // The US accusation: asserted, dated on the Tuesday of publication.
    let acc = find("USA", "IRN", "11");
    assert!(
        acc.iter()
            .any(|e| e["status"] == "asserted" && e["date"] == "2022-07-12" && e["cameo"] == "112"),
        "{}",
        show()
    );
    // The Iranian supply of drones to Russia: never asserted, alleged somewhere.
    let supply = find("IRN", "RUS", "07");
    assert!(!supply.is_empty(), "{}", show());
    assert!(
        supply.iter().all(|e| e["status"] != "asserted"),
        "{}",
        show()
    );
    assert!(supply.iter().any(|e| e["status"] == "alleged"
        && e["modality"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "planned")));
    // "unclear whether Iran has ever delivered": hypothetical, not asserted (covered above).
    assert!(
        supply.iter().any(|e| e["status"] == "hypothetical"),
        "{}",
        show()
    );
    // Putin's visit to Tehran: planned for the week of 2022-07-18.
    let visit = find("RUS", "IRN", "04");
    assert!(
        visit.iter().any(|e| e["status"] == "planned"
            && e["date"] == "2022-07-18"
            && e["date_precision"] == "week"),
        "{}",
        show()
    );
    // Erdogan's calls with Putin and Zelensky on Monday 2022-07-11.
    for tgt in ["RUS", "UKR"] {
        assert!(
            find("TUR", tgt, "04")
                .iter()
                .any(|e| e["date"] == "2022-07-11" && e["status"] == "asserted"),
            "TUR -> {tgt}: {}",
            show()
        );
    }
}

#[test]
fn bench_reports_counts_for_the_whole_pipeline_and_for_parsing_alone() {
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/summit-2024-03-05.txt"
    );
    let field = |out: &str, name: &str| -> f64 {
        let line = out
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} in {out}"));
        line[name.len()..]
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let (code, all, err) = dyad(&["bench", example, "--repeat", "2"], b"");
    assert_eq!(code, 0, "{err}");
    let (code, parse, err) = dyad(
        &["bench", example, "--repeat", "2", "--until", "parse"],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    assert!(all.contains("-> events") && !parse.contains("-> events"));
    assert!(field(&all, "events") > 0.0, "{all}");
    assert!(!parse.lines().any(|l| l.starts_with("events")), "{parse}");
    for name in ["documents", "words", "tokens"] {
        assert_eq!(field(&all, name), field(&parse, name), "{name}");
    }
    assert_eq!(field(&all, "documents"), 2.0);
    assert!(field(&all, "tokens") > field(&all, "words"));
    assert!(field(&parse, "tokens/s") > 0.0 && field(&parse, "peak memory") > 0.0);
}
