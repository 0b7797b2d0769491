//! Data-driven actor resolution tests: `tests/data/actors.txt` (format described there).

use dyad_coder::actors::Resolver;
use dyad_text::Date;

#[test]
fn actor_cases() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/actors.txt");
    let data = std::fs::read_to_string(path).unwrap();
    let lex = dyad_lexicon::builtin();
    let mut failures = Vec::new();
    let mut cases = 0;
    for block in data.split("\n@ ").skip(1) {
        cases += 1;
        let mut lines = block.lines();
        let date = Date::parse_iso(lines.next().unwrap().trim()).expect("case date");
        let mut text = String::new();
        let mut expect = Vec::new();
        let mut reject = Vec::new();
        for l in lines {
            if let Some(e) = l.strip_prefix("=> ") {
                let (t, c) = e.rsplit_once(" = ").expect("TEXT = CODE");
                expect.push((t.to_string(), c.to_string()));
            } else if let Some(r) = l.strip_prefix("!> ") {
                reject.push(r.to_string());
            } else if !l.trim().is_empty() && !l.starts_with('#') {
                text.push_str(l);
                text.push('\n');
            }
        }
        let doc = dyad_text::segment(text.trim_end().to_string());
        let found: Vec<(String, String)> = Resolver::new(lex, Some(date))
            .resolve(&doc)
            .iter()
            .map(|m| {
                let codes: Vec<&str> = m.actors.iter().map(|a| a.code.as_str()).collect();
                (doc.span(m.start, m.end).text().to_string(), codes.join(","))
            })
            .collect();
        for e in &expect {
            if !found.contains(e) {
                failures.push(format!(
                    "{:?}: expected {e:?}, found {found:?}",
                    text.trim()
                ));
            }
        }
        for r in &reject {
            if found.iter().any(|(t, _)| t == r) {
                failures.push(format!(
                    "{:?}: {r:?} must not be a mention, found {found:?}",
                    text.trim()
                ));
            }
        }
    }
    assert!(cases >= 12);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
