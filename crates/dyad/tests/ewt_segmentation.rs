//! Tokenization and sentence splitting on UD English EWT test, as raw text (needs
//! `../shared/data`; skipped with a message when it is absent).

use std::path::Path;

#[test]
fn ewt_test_segmentation_meets_targets() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ud-english-ewt/en_ewt-ud-test.conllu");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "skipped: {} not found (../shared is absent)",
            path.display()
        );
        return;
    };
    let (docs, errors) = dyad::conllu::parse(&text);
    assert!(errors.is_empty(), "{errors:?}");
    let scores = dyad::eval_tokens::evaluate(&docs, 0);
    eprint!("{}", scores.report());
    assert_eq!(scores.documents, 316);
    assert!(
        scores.tokens.f1() >= 0.985,
        "token F1 {}",
        scores.tokens.f1()
    );
    assert!(
        scores.sentences.f1() >= 0.75,
        "sentence F1 {}",
        scores.sentences.f1()
    );
}
