//! dyad-syntax: tagger, lemmatizer, dependency parser.
