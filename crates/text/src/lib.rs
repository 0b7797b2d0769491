//! dyad-text: the article model, the `Doc` (flat per-word arrays with views), the
//! tokenizer and the sentence splitter.
//!
//! This crate knows nothing of files, JSON or terminals: it turns strings into `Doc`s.

pub mod article;
pub mod doc;
pub mod tags;

pub use article::{Article, Date};
pub use doc::{Doc, DocBuilder, MultiWord, Range32, Span, Token, NO_HEAD};
pub use tags::{DepRel, Upos, Xpos};
