//! Tests of the builtin model: robustness, sensible analyses, and accuracy on EWT test.

use dyad_syntax::{conllu, evaluate, Builtin, Model};
use dyad_text::{Doc, DocBuilder, NO_HEAD};

/// A doc from sentences of whitespace-separated words.
fn doc(sentences: &[&str]) -> Doc {
    let text = sentences.join(" ");
    let mut b = DocBuilder::new(text.clone());
    let mut pos = 0;
    for s in sentences {
        for w in s.split_whitespace() {
            let start = text[pos..].find(w).unwrap() + pos;
            b.push_word(start..start + w.len(), None);
            pos = start + w.len();
        }
        b.end_sentence();
    }
    b.finish()
}

fn find(d: &Doc, form: &str) -> usize {
    d.tokens().find(|t| t.form() == form).unwrap().index()
}

fn assert_trees(d: &Doc) {
    assert!(d.is_parsed() && d.has_lemmas());
    for s in d.sentences() {
        let roots = s.tokens().filter(|t| d.head[t.index()] == NO_HEAD).count();
        assert_eq!(roots, 1, "one root in {:?}", s.text());
        for t in s.tokens() {
            let h = d.head[t.index()];
            if h == NO_HEAD {
                assert_eq!(t.deprel().name(), "root");
            } else {
                assert!((s.start..s.end).contains(&(h as usize)));
                assert_ne!(t.deprel().name(), "root");
                // No cycles: walking up reaches the root.
                let mut k = t.index();
                let mut steps = 0;
                while d.head[k] != NO_HEAD {
                    k = d.head[k] as usize;
                    steps += 1;
                    assert!(steps <= s.len());
                }
            }
            assert!(t.upos().is_set() && t.xpos().is_set());
        }
    }
}

#[test]
fn transitive_and_passive_clauses() {
    let m = Model::builtin();
    let mut d = doc(&[
        "The rebels attacked the village on Monday .",
        "The village was attacked by the rebels .",
        "Iran accused the United States of supplying weapons .",
    ]);
    m.annotate(&mut d);
    assert_trees(&d);
    let attacked = find(&d, "attacked");
    let rebels = find(&d, "rebels");
    let village = find(&d, "village");
    assert_eq!(d.token(attacked).upos().name(), "VERB");
    assert_eq!(d.token(attacked).lemma(), "attack");
    assert_eq!(d.head[rebels], attacked as u32);
    assert_eq!(d.token(rebels).deprel().name(), "nsubj");
    assert_eq!(d.token(rebels).lemma(), "rebel");
    assert_eq!(d.head[village], attacked as u32);
    assert_eq!(d.token(village).deprel().name(), "obj");
    assert_eq!(d.head[attacked], NO_HEAD);

    // Passive: subject is nsubj:pass, the agent an obl with "by".
    let s = d.sentence(1);
    let pos = |f: &str| s.tokens().find(|t| t.form() == f).unwrap().index();
    let (village2, attacked2, by, rebels2) =
        (pos("village"), pos("attacked"), pos("by"), pos("rebels"));
    assert_eq!(d.head[village2], attacked2 as u32);
    assert_eq!(d.token(village2).deprel().name(), "nsubj:pass");
    assert_eq!(d.token(pos("was")).deprel().name(), "aux:pass");
    assert_eq!(d.head[rebels2], attacked2 as u32);
    assert_eq!(d.token(rebels2).deprel().universal(), "obl");
    assert_eq!(d.head[by], rebels2 as u32);
    assert_eq!(d.token(by).deprel().name(), "case");

    let s = d.sentence(2);
    let pos = |f: &str| s.tokens().find(|t| t.form() == f).unwrap().index();
    assert_eq!(d.token(pos("accused")).lemma(), "accuse");
    assert_eq!(d.token(pos("Iran")).upos().name(), "PROPN");
    assert_eq!(d.token(pos("Iran")).deprel().name(), "nsubj");
    assert_eq!(d.token(pos("supplying")).lemma(), "supply");
}

#[test]
fn a_sentence_without_a_finite_verb_gets_one_but_a_headline_keeps_its_participle() {
    let m = Model::builtin();
    let mut d = doc(&[
        "The Peruvian defence minister resigned on Monday .",
        "Two soldiers killed in ambush",
    ]);
    m.annotate(&mut d);
    assert_trees(&d);
    let resigned = find(&d, "resigned");
    assert_eq!(d.token(resigned).xpos().name(), "VBD");
    assert_eq!(d.head[resigned], NO_HEAD);
    assert_eq!(d.token(find(&d, "minister")).deprel().name(), "nsubj");
    assert_eq!(d.token(find(&d, "killed")).xpos().name(), "VBN");
}

#[test]
fn lemmas_of_common_verbs_and_nouns() {
    let m = Model::builtin();
    let mut d = doc(&[
        "He accused them and she accuses us while they are accusing him .",
        "Russia supplied drones and went to talks .",
    ]);
    m.annotate(&mut d);
    for (f, l) in [
        ("accused", "accuse"),
        ("accuses", "accuse"),
        ("accusing", "accuse"),
        ("supplied", "supply"),
        ("went", "go"),
        ("talks", "talk"),
        ("drones", "drone"),
        ("are", "be"),
    ] {
        assert_eq!(d.token(find(&d, f)).lemma(), l, "lemma of {f}");
    }
    assert_eq!(d.token(find(&d, "talks")).xpos().name(), "NNS");
}

#[test]
fn never_panics_on_odd_input() {
    never_panics_with(Model::builtin());
    never_panics_with(&Model::decode_builtin_kind(Builtin::Beam));
}

fn never_panics_with(m: &Model) {
    // Empty document.
    let mut d = DocBuilder::new("").finish();
    m.annotate(&mut d);
    assert_eq!(d.len(), 0);
    // Junk, control characters, emoji, combining marks, very long words.
    let long_word = "x".repeat(5000);
    let junk = [
        "\u{0}\u{1}\u{7f} ### @@@ ... ??? !!!",
        "😀 🇺🇸 \u{301}e\u{301} ﷽ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        long_word.as_str(),
        "ＩＳＴＡＮＢＵＬ ２０２２ İstanbul ǅ ß ΣΊΣΥΦΟΣ",
    ];
    let mut d = doc(&junk);
    m.annotate(&mut d);
    assert_trees(&d);
    // A 500-word sentence and a one-word one.
    let many: Vec<String> = (0..500).map(|i| format!("w{i}")).collect();
    let long = many.join(" ");
    let mut d = doc(&[long.as_str(), "Yes"]);
    m.annotate(&mut d);
    assert_trees(&d);
    // Annotating twice gives the same result.
    let heads = d.head.clone();
    m.annotate(&mut d);
    assert_eq!(heads, d.head);
}

#[test]
fn annotates_from_many_threads() {
    fn is_sync<T: Sync + Send>() {}
    is_sync::<Model>();
    let m = Model::builtin();
    let base = {
        let mut d = doc(&["Police arrested two protesters in Tehran on Friday ."]);
        m.annotate(&mut d);
        d.head.clone()
    };
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..20 {
                    let mut d = doc(&["Police arrested two protesters in Tehran on Friday ."]);
                    m.annotate(&mut d);
                    assert_eq!(d.head, base);
                }
            });
        }
    });
}

#[test]
fn model_bytes_round_trip_and_reject_junk() {
    let m = Model::builtin();
    let bytes = m.to_bytes();
    let m2 = Model::from_bytes(&bytes).unwrap();
    let mut a = doc(&["Protesters marched toward the parliament building ."]);
    let mut b = doc(&["Protesters marched toward the parliament building ."]);
    m.annotate(&mut a);
    m2.annotate(&mut b);
    assert_eq!(a.head, b.head);
    assert_eq!(a.xpos, b.xpos);
    assert!(Model::from_bytes(b"not a model").is_err());
    assert!(Model::from_bytes(&bytes[..bytes.len() / 2]).is_err());
    let mut corrupt = bytes.clone();
    let k = corrupt.len() / 3;
    corrupt[k] ^= 0x55;
    // Must return (Ok or Err) without panicking.
    let _ = Model::from_bytes(&corrupt);
}

/// The current format: magic, then three (u64 LE length, zstd frame) parts; written and read
/// back byte for byte.
#[test]
fn model_format_round_trips() {
    let m = Model::builtin();
    let bytes = m.to_bytes();
    assert_eq!(&bytes[..8], b"DYADSYN5");
    let mut at = 8;
    for _ in 0..3 {
        let n = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize;
        assert!(zstd::stream::decode_all(&bytes[at + 8..at + 8 + n]).is_ok());
        at += 8 + n;
    }
    assert_eq!(at, bytes.len());
    assert_eq!(Model::from_bytes(&bytes).unwrap().to_bytes(), bytes);
    // The beam width is part of the model.
    let mut wide = Model::from_bytes(&bytes).unwrap();
    wide.set_beam(6);
    let back = Model::from_bytes(&wide.to_bytes()).unwrap();
    assert_eq!(back.beam(), 6);
    // Another magic is refused with a message, not a panic.
    let mut other = bytes.clone();
    other[..8].copy_from_slice(b"DYADSYN9");
    assert!(Model::from_bytes(&other).is_err());
}

/// EWT test, or `None` (with a message) where ../shared is not beside the project.
fn ewt_test() -> Option<Vec<conllu::GoldSentence>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/ud-english-ewt/en_ewt-ud-test.conllu"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        println!("skipped: {path} not found");
        return None;
    };
    Some(conllu::parse(&text).unwrap())
}

#[test]
fn ewt_test_scores() {
    let Some(gold) = ewt_test() else {
        return;
    };
    let s = evaluate(Model::builtin(), &gold);
    println!("EWT test: {s}");
    assert!(s.words > 25_000);
    // Floors a little under the builtin model's measured scores (see models/README.md).
    assert!(s.upos >= UPOS_FLOOR, "{s}");
    assert!(s.uas >= UAS_FLOOR, "{s}");
    assert!(s.las >= LAS_FLOOR, "{s}");
    assert!(s.lemma >= 0.96, "{s}");
}

/// The beam model meets the floors (0.86 UAS, 0.83 LAS; measured 0.8636 / 0.8326).
#[test]
fn ewt_test_scores_of_the_beam_model() {
    let Some(gold) = ewt_test() else {
        return;
    };
    let m = Model::decode_builtin_kind(Builtin::Beam);
    assert_eq!(m.beam(), 4);
    let s = evaluate(&m, &gold);
    println!("EWT test, beam model: {s}");
    assert!(s.upos >= UPOS_FLOOR, "{s}");
    assert!(s.uas >= 0.86, "{s}");
    assert!(s.las >= 0.83, "{s}");
}

const UPOS_FLOOR: f64 = 0.95;
const UAS_FLOOR: f64 = 0.855;
const LAS_FLOOR: f64 = 0.825;
