//! Closed tag sets used in the `Doc`: UPOS, Penn Treebank XPOS and UD dependency relations.
//!
//! Tags are stored in the `Doc` as small integers (`u8`) indexing the static tables below, so
//! that annotation arrays are `Copy`, compact and free of allocation. Index 0 of every table
//! is `"_"`: not annotated (yet).

/// Universal part-of-speech tags (UD v2), index 0 = not annotated.
pub const UPOS: &[&str] = &[
    "_", "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
    "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X",
];

/// Penn Treebank tags as used by UD English EWT, index 0 = not annotated.
pub const XPOS: &[&str] = &[
    "_", "$", "''", ",", "-LRB-", "-RRB-", ".", ":", "ADD", "AFX", "CC", "CD", "DT", "EX", "FW",
    "GW", "HYPH", "IN", "JJ", "JJR", "JJS", "LS", "MD", "NFP", "NN", "NNP", "NNPS", "NNS", "PDT",
    "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG", "VBN",
    "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", "XX", "``",
];

/// UD dependency relations (universal part and the English subtypes of EWT),
/// index 0 = not annotated.
pub const DEPREL: &[&str] = &[
    "_",
    "acl",
    "acl:relcl",
    "advcl",
    "advcl:relcl",
    "advmod",
    "amod",
    "appos",
    "aux",
    "aux:pass",
    "case",
    "cc",
    "cc:preconj",
    "ccomp",
    "clf",
    "compound",
    "compound:prt",
    "conj",
    "cop",
    "csubj",
    "csubj:outer",
    "csubj:pass",
    "dep",
    "det",
    "det:predet",
    "discourse",
    "dislocated",
    "expl",
    "fixed",
    "flat",
    "goeswith",
    "iobj",
    "list",
    "mark",
    "nmod",
    "nmod:desc",
    "nmod:poss",
    "nmod:unmarked",
    "nsubj",
    "nsubj:outer",
    "nsubj:pass",
    "nummod",
    "obj",
    "obl",
    "obl:agent",
    "obl:unmarked",
    "orphan",
    "parataxis",
    "punct",
    "reparandum",
    "root",
    "vocative",
    "xcomp",
    "flat:foreign",
    "nmod:tmod",
    "nmod:npmod",
    "obl:tmod",
    "obl:npmod",
    "det:poss",
    "expl:pv",
];

macro_rules! tag_type {
    ($(#[$m:meta])* $name:ident, $table:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u8);

        impl $name {
            /// Not annotated.
            pub const NONE: $name = $name(0);
            /// Number of tags in the table (including `_`).
            pub const COUNT: usize = $table.len();

            /// Looks a tag up by its name; `None` if it is not in the table.
            pub fn from_name(name: &str) -> Option<$name> {
                $table.iter().position(|t| *t == name).map(|i| $name(i as u8))
            }

            /// The tag's name (`"_"` when not annotated).
            pub fn name(self) -> &'static str {
                $table.get(self.0 as usize).copied().unwrap_or("_")
            }

            /// Whether the tag has been set.
            pub fn is_set(self) -> bool {
                self.0 != 0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

tag_type!(
    /// A universal part-of-speech tag.
    Upos,
    UPOS
);
tag_type!(
    /// A Penn Treebank part-of-speech tag.
    Xpos,
    XPOS
);
tag_type!(
    /// A dependency relation, possibly with a subtype (`nsubj:pass`).
    DepRel,
    DEPREL
);

impl Upos {
    /// Punctuation.
    pub const PUNCT: Upos = Upos(13);
}

impl DepRel {
    /// The universal part of the relation (`nsubj:pass` -> `nsubj`).
    pub fn universal(self) -> &'static str {
        let n = self.name();
        n.split(':').next().unwrap_or(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_have_no_duplicates() {
        for table in [UPOS, XPOS, DEPREL] {
            let mut v: Vec<_> = table.to_vec();
            v.sort();
            let n = v.len();
            v.dedup();
            assert_eq!(n, v.len());
            assert!(table.len() < 256);
        }
    }

    #[test]
    fn lookups_round_trip() {
        assert_eq!(Upos::from_name("VERB").unwrap().name(), "VERB");
        assert_eq!(Xpos::from_name("PRP$").unwrap().name(), "PRP$");
        let r = DepRel::from_name("nsubj:pass").unwrap();
        assert_eq!(r.universal(), "nsubj");
        assert_eq!(DepRel::NONE.name(), "_");
        assert!(Upos::from_name("NOPE").is_none());
        assert_eq!(Upos::PUNCT.name(), "PUNCT");
    }
}
