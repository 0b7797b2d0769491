//! Data-driven event tests: `tests/data/events.txt` (format described there). Needs the
//! built-in tagger and parser, so it lives with the coder's integration tests.

use dyad_coder::{CodeOptions, Coder, EventRecord};
use dyad_text::Date;

/// An expectation line: positional SOURCE TARGET CAMEO STATUS DATE, then `key=value`
/// fields (a bare trailing word is a location name, as `at=`).
struct Expect {
    fields: Vec<String>,
    keys: Vec<(String, String)>,
}

fn parse_expect(line: &str) -> Expect {
    let mut fields = Vec::new();
    let mut keys = Vec::new();
    for w in line.split_whitespace() {
        match w.split_once('=') {
            Some((k, v)) => keys.push((k.to_string(), v.replace('_', " "))),
            None if fields.len() >= 5 => keys.push(("at".into(), w.replace('_', " "))),
            None => fields.push(w.to_string()),
        }
    }
    Expect { fields, keys }
}

fn code_of(a: &Option<dyad_coder::ActorRef>) -> String {
    a.as_ref().map_or("-".into(), |a| a.code.clone())
}

/// Whether `e` has field `key` equal to `value`; `Err` for an unknown key.
fn key_ok(e: &EventRecord, key: &str, value: &str) -> Result<bool, String> {
    Ok(match key {
        "at" => e.location.as_ref().map_or("-", |l| l.name.as_str()) == value,
        "in" => e.location.as_ref().and_then(|l| l.country.as_deref()) == Some(value),
        "by" => code_of(&e.attributed_to) == value,
        "precision" => {
            let p = e.date_precision.map(|p| format!("{p:?}").to_lowercase());
            p.as_deref().unwrap_or("-") == value
        }
        "modality" => {
            let mut want: Vec<&str> = value.split(',').filter(|s| !s.is_empty()).collect();
            let mut got: Vec<&str> = e.modality.iter().map(|m| m.as_str()).collect();
            want.sort_unstable();
            got.sort_unstable();
            want == got
        }
        "plover" => e.plover.as_deref() == Some(value),
        "reciprocal" => e.reciprocal.to_string() == value,
        _ => return Err(format!("unknown key {key}")),
    })
}

/// A CAMEO field matches exactly, or by prefix when it ends in `*`.
fn cameo_ok(pattern: &str, code: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(p) => code.starts_with(p),
        None => code == pattern,
    }
}

fn describe(e: &EventRecord) -> String {
    format!(
        "{} {} {} {} {} at={} by={} precision={:?} modality={:?}",
        code_of(&e.source),
        code_of(&e.target),
        e.cameo,
        e.status.as_str(),
        e.date.as_deref().unwrap_or("-"),
        e.location.as_ref().map_or("-", |l| l.name.as_str()),
        code_of(&e.attributed_to),
        e.date_precision,
        e.modality
    )
}

#[test]
fn event_cases() {
    let data = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/events.txt"
    ))
    .unwrap();
    let coder = Coder::builtin(CodeOptions::default());
    let model = dyad_syntax::Model::builtin();
    let mut failures = Vec::new();
    let mut cases = 0;
    for block in data.split("\n@ ").skip(1) {
        cases += 1;
        let mut lines = block.lines();
        let date = Date::parse_iso(lines.next().unwrap().trim()).unwrap();
        let mut text = String::new();
        let (mut expect, mut reject) = (Vec::new(), Vec::new());
        for l in lines {
            if let Some(e) = l.strip_prefix("=> ") {
                expect.push(parse_expect(e));
            } else if let Some(r) = l.strip_prefix("!> ") {
                reject.push(r.split_whitespace().map(str::to_string).collect::<Vec<_>>());
            } else if !l.trim().is_empty() && !l.starts_with('#') {
                text.push_str(l);
                text.push('\n');
            }
        }
        let mut doc = dyad_text::segment(text.trim_end().to_string());
        model.annotate(&mut doc);
        let events = coder.code("case", Some(date), &doc).events;
        let found: Vec<String> = events.iter().map(describe).collect();
        for x in &expect {
            assert_eq!(x.fields.len(), 5, "bad expectation in {text:?}");
            let ok = events.iter().any(|e| {
                let pos = [
                    code_of(&e.source),
                    code_of(&e.target),
                    e.cameo.clone(),
                    e.status.as_str().to_string(),
                    e.date.clone().unwrap_or("-".into()),
                ];
                pos.iter()
                    .zip(&x.fields)
                    .enumerate()
                    .all(|(i, (got, want))| {
                        want == "*"
                            || if i == 2 {
                                cameo_ok(want, got)
                            } else {
                                got == want
                            }
                    })
                    && x.keys
                        .iter()
                        .all(|(k, v)| key_ok(e, k, v).unwrap_or_else(|err| panic!("{err}")))
            });
            if !ok {
                failures.push(format!(
                    "{:?}: expected {} {:?}, found {found:#?}",
                    text.trim(),
                    x.fields.join(" "),
                    x.keys
                ));
            }
        }
        // `!> SOURCE TARGET CAMEO [STATUS]`: no such event (`*` matches anything, a CAMEO
        // ending in `*` is a prefix).
        for r in &reject {
            let hit = events.iter().any(|e| {
                let got = [
                    code_of(&e.source),
                    code_of(&e.target),
                    e.cameo.clone(),
                    e.status.as_str().to_string(),
                ];
                r.iter().enumerate().all(|(i, want)| {
                    want == "*"
                        || if i == 2 {
                            cameo_ok(want, &got[i])
                        } else {
                            got[i] == *want
                        }
                })
            });
            if hit {
                failures.push(format!(
                    "{:?}: must not find {r:?}, found {found:#?}",
                    text.trim()
                ));
            }
        }
    }
    assert!(cases >= 20, "only {cases} cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
