//! dyad-syntax: part-of-speech tagger, lemmatizer and dependency parser.
//!
//! * Tagger: greedy left-to-right averaged perceptron predicting joint (UPOS, XPOS) classes,
//!   with a tag dictionary for frequent unambiguous words.
//! * Lemmatizer: exception table learned from the treebank plus longest-suffix rewrite rules
//!   per XPOS.
//! * Parser: greedy arc-hybrid transition parser with labeled moves, trained as an averaged
//!   perceptron with a dynamic oracle and exploration, on tags predicted by jackknifing.
//!
//! Features are hashed to 32-bit keys; weights live in flat arrays with an open-addressing
//! index, so `annotate` allocates nothing per word. `Model::builtin()` is trained on
//! UD English EWT (CC BY-SA 4.0); see `models/README.md`.

mod beam;
pub mod conllu;
mod hash;
mod io;
pub mod lemma;
mod model;
mod parser;
mod perceptron;
mod punct;
mod tagger;
mod train;
mod words;

pub use model::{Builtin, Model};
pub use train::{evaluate, train, Scores, TrainOptions};

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("CoNLL-U line {line}: {msg}")]
    Conllu { line: usize, msg: String },
    #[error("model: {0}")]
    Model(String),
    #[error("{0}")]
    Io(String),
}
