//! Tokenization and sentence-splitting evaluation against a gold CoNLL-U file, scored by
//! exact character spans over the raw text rebuilt from the file (see `conllu::document_text`).

use crate::conllu::{self, Document};
use std::collections::HashSet;

/// Precision, recall and F1 from counts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Prf {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, gold: &HashSet<(usize, usize)>, pred: &HashSet<(usize, usize)>) {
        self.gold += gold.len();
        self.predicted += pred.len();
        self.correct += gold.intersection(pred).count();
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores of segmentation.
#[derive(Clone, Debug, Default)]
pub struct SegmentationScores {
    pub documents: usize,
    /// Surface tokens (a multiword token such as "don't" counts once).
    pub tokens: Prf,
    /// Syntactic words.
    pub words: Prf,
    pub sentences: Prf,
    /// Up to `max_examples` (gold, predicted) token mismatches with context, for inspection.
    pub examples: Vec<String>,
}

/// Segments the raw text of every gold document with dyad's tokenizer and splitter and
/// compares spans.
pub fn evaluate(docs: &[Document], max_examples: usize) -> SegmentationScores {
    let mut scores = SegmentationScores::default();
    let mut seg = dyad_text::Segmenter::new();
    for d in docs {
        scores.documents += 1;
        let text = conllu::document_text(d);
        let (gold_sents, gold_toks) = conllu::gold_spans(d);
        // Gold words: words of single-word tokens have the token's span; words inside a
        // multiword token are located within it.
        let mut gold_words = HashSet::new();
        let mut t = 0;
        for s in &d.sentences {
            for (_, first, last) in s.surface_tokens() {
                if let Some((a, b)) = gold_toks[t] {
                    if first == last {
                        gold_words.insert((a, b));
                    } else {
                        let mut pos = a;
                        for w in &s.words[first..=last] {
                            if let Some(p) = text[pos..b].find(w.form.as_str()) {
                                gold_words.insert((pos + p, pos + p + w.form.len()));
                                pos += p + w.form.len();
                            }
                        }
                    }
                }
                t += 1;
            }
        }
        let gold_tok_set: HashSet<_> = gold_toks.iter().flatten().copied().collect();
        let gold_sent_set: HashSet<_> = gold_sents.iter().copied().collect();

        let doc = seg.segment(text.clone());
        let mut pred_toks = HashSet::new();
        let mut k = 0;
        let mw = doc.multiwords();
        let mut m = 0;
        while k < doc.len() {
            if m < mw.len() && mw[m].words.start as usize == k {
                pred_toks.insert((mw[m].bytes.start as usize, mw[m].bytes.end as usize));
                k = mw[m].words.end as usize;
                m += 1;
            } else {
                let r = doc.token(k).byte_range();
                pred_toks.insert((r.start, r.end));
                k += 1;
            }
        }
        let pred_words: HashSet<_> = doc
            .tokens()
            .map(|t| (t.byte_range().start, t.byte_range().end))
            .collect();
        let pred_sents: HashSet<_> = doc
            .sentences()
            .map(|s| (s.byte_range().start, s.byte_range().end))
            .collect();
        scores.tokens.add(&gold_tok_set, &pred_toks);
        scores.words.add(&gold_words, &pred_words);
        scores.sentences.add(&gold_sent_set, &pred_sents);

        if scores.examples.len() < max_examples {
            let mut missed: Vec<_> = gold_tok_set.difference(&pred_toks).copied().collect();
            missed.sort_unstable();
            for (a, b) in missed {
                if scores.examples.len() >= max_examples {
                    break;
                }
                let lo = text.floor_char_boundary(a.saturating_sub(20));
                let hi = text.ceil_char_boundary((b + 20).min(text.len()));
                scores.examples.push(format!(
                    "token {:?} in …{}…",
                    &text[a..b],
                    text[lo..hi].replace('\n', "⏎")
                ));
            }
        }
    }
    scores
}

impl SegmentationScores {
    /// A human-readable report.
    pub fn report(&self) -> String {
        let line = |name: &str, p: &Prf| {
            format!(
                "{name:<10} P {:.4}  R {:.4}  F1 {:.4}  (gold {}, predicted {}, correct {})\n",
                p.precision(),
                p.recall(),
                p.f1(),
                p.gold,
                p.predicted,
                p.correct
            )
        };
        let mut s = format!(
            "segmentation of {} documents (raw text, exact character spans)\n",
            self.documents
        );
        s += &line("tokens", &self.tokens);
        s += &line("words", &self.words);
        s += &line("sentences", &self.sentences);
        s
    }
}
