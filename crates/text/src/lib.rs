//! dyad-text: the article model, the `Doc` (flat per-word arrays with views), the
//! tokenizer and the sentence splitter.
//!
//! This crate knows nothing of files, JSON or terminals: it turns strings into `Doc`s.

pub mod article;
pub mod doc;
pub mod sentences;
pub mod tags;
pub mod tokenize;

pub use article::{Article, Date};
pub use doc::{Doc, DocBuilder, MultiWord, Range32, Span, Token, NO_HEAD};
pub use tags::{DepRel, Upos, Xpos};

/// Tokenizes and sentence-splits text into a `Doc`, reusing its buffers between calls.
#[derive(Debug, Default)]
pub struct Segmenter {
    tokens: tokenize::Tokens,
    starts: Vec<u32>,
}

impl Segmenter {
    pub fn new() -> Segmenter {
        Segmenter::default()
    }

    /// Segments `text` into a `Doc` of words and sentences.
    pub fn segment(&mut self, text: impl Into<String>) -> Doc {
        let text = text.into();
        tokenize::tokenize_into(&text, &mut self.tokens);
        sentences::split_sentences(&text, &self.tokens, &mut self.starts);
        let mut b = DocBuilder::new(text);
        let mut next_start = 1;
        for (i, t) in self.tokens.tokens.iter().enumerate() {
            if self.starts.get(next_start) == Some(&(i as u32)) {
                b.end_sentence();
                next_start += 1;
            }
            let first = b.len();
            for p in &self.tokens.pieces[t.first_piece as usize..t.end_piece as usize] {
                b.push_word(p.start as usize..p.end as usize, None);
            }
            b.mark_multiword(first, t.start as usize..t.end as usize);
        }
        b.finish()
    }
}

/// Segments `text` into a `Doc` (convenience over `Segmenter`).
pub fn segment(text: impl Into<String>) -> Doc {
    Segmenter::new().segment(text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn segment_builds_doc() {
        let d = super::segment("Iran didn't reply. Russia did.");
        assert_eq!(d.sentence_count(), 2);
        assert_eq!(d.len(), 8);
        assert_eq!(d.multiwords().len(), 1);
        assert_eq!(d.sentence(1).text(), "Russia did.");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn docs_are_consistent(text in "[A-Za-zÀ-ÿ0-9 .,'’\"!?\n-]{0,120}") {
            let d = super::segment(text.clone());
            let mut covered = 0;
            for (k, s) in d.sentences().enumerate() {
                prop_assert_eq!(s.start, covered);
                prop_assert!(s.end > s.start);
                covered = s.end;
                for t in s.tokens() {
                    prop_assert_eq!(d.sentence_of(t.index()), k);
                    let chars: String = text.chars().skip(t.start()).take(t.end() - t.start()).collect();
                    prop_assert_eq!(chars.as_str(), t.text());
                }
            }
            prop_assert_eq!(covered, d.len());
        }
    }
}
