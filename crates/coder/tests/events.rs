//! Data-driven event tests: `tests/data/events.txt` (format described there). Needs the
//! built-in tagger and parser, so it lives with the coder's integration tests.

use dyad_coder::{CodeOptions, Coder};
use dyad_text::Date;

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
                expect.push(e.split_whitespace().map(str::to_string).collect::<Vec<_>>());
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
        let found: Vec<Vec<String>> = events
            .iter()
            .map(|e| {
                let mut v = vec![
                    e.source.as_ref().map_or("-".into(), |a| a.code.clone()),
                    e.target.as_ref().map_or("-".into(), |a| a.code.clone()),
                    e.cameo.clone(),
                    e.status.as_str().to_string(),
                    e.date.clone().unwrap_or("-".into()),
                ];
                if let Some(l) = &e.location {
                    v.push(l.name.clone());
                }
                v
            })
            .collect();
        for e in &expect {
            if !found.iter().any(|f| f == e) {
                failures.push(format!(
                    "{:?}: expected {e:?}, found {found:?}",
                    text.trim()
                ));
            }
        }
        for r in &reject {
            if found.iter().any(|f| f[..3] == r[..]) {
                failures.push(format!("{:?}: must not find {r:?}", text.trim()));
            }
        }
    }
    assert!(cases >= 6);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
