//! Data-driven pipeline tests: every `tests/data/parse/NAME.txt` is read, analysed and
//! written as CoNLL-U, and compared with `NAME.conllu`. Run with `UPDATE_EXPECT=1` to
//! rewrite the expected files after an intended change (then review the diff).

use dyad::readers::{read_bytes, Event, ReadOptions};
use std::path::Path;

#[test]
fn parse_expectations() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/parse");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .expect("test data dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 5, "test inputs missing");
    let mut failures = Vec::new();
    let mut seg = dyad_text::Segmenter::new();
    for input in inputs {
        let name = input.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&input).unwrap();
        let mut actual = String::new();
        read_bytes(
            &name,
            "txt",
            bytes,
            &ReadOptions::default(),
            &mut |ev| match ev {
                Event::Item(item) => {
                    let (article, doc) = dyad::cli::analyse(&mut seg, item);
                    dyad::conllu::write_doc(&mut actual, &article.id, &doc);
                }
                Event::Diagnostic(d) => actual.push_str(&format!("# diagnostic: {d}\n")),
            },
        );
        let expected_path = input.with_extension("conllu");
        if update {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{name}: output differs from {} (UPDATE_EXPECT=1 to accept)\n--- actual ---\n{actual}",
                expected_path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
