//! dyad-lexicon: dictionaries (actors, agents, discards, event verbs), in dyad's own
//! format and in PETRARCH's, with loading, checking and matching.

pub mod verbs;
