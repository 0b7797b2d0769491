#![no_main]
//! The tokenizer and splitter never panic and keep their span invariants on any UTF-8 text.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let doc = dyad_text::segment(text);
    let mut last = 0;
    for t in doc.tokens() {
        let r = t.byte_range();
        assert!(r.start >= last && r.start < r.end && r.end <= text.len());
        assert!(t.start() <= t.end());
        last = r.end;
    }
    let words: usize = doc.sentences().map(|s| s.len()).sum();
    assert_eq!(words, doc.len());
});
