//! Event (verb) dictionaries: dyad's own format, the built-in CAMEO/PLOVER dictionary, the
//! PETRARCH verb-dictionary reader, and the CAMEO codebook.
//!
//! * [`Codebook`]: every CAMEO code with name, root, Goldstein value, quad class and PLOVER
//!   category/mode/context (`data/events/codebook.tsv`).
//! * [`VerbDict`]: patterns (trigger lemma + particle + required dependents + where source
//!   and target are found + code) with [`VerbDict::candidates`], the lookup by lemma the
//!   matcher starts from. Built from dyad's format ([`format::load`], [`builtin`]) or from
//!   PETRARCH's ([`petrarch::load`]): both give the same representation.
//! * [`format::check`]: all problems of dyad-format files as [`Diagnostic`]s.
//!
//! The format is documented in `docs/event-dictionary.md`.

mod builtin;
mod code;
mod codebook;
mod dict;
pub mod format;
pub mod petrarch;

pub use builtin::{builtin, builtin_sources, BUILTIN_FILES};
pub use code::Code;
pub use codebook::{plover_quad, CodeInfo, Codebook, Quad, PLOVER_CATEGORIES};
pub use dict::{
    default_roles, Constraint, Interner, Item, LemmaSet, Origin, Pattern, PatternId,
    PloverOverride, Rel, SetId, Slot, Step, Sym, TriggerPos, Unconverted, VerbDict,
};

/// Problems are reported with the crate's shared [`Diagnostic`] (file, line, severity,
/// message), as for the actor dictionaries.
pub use crate::diag::{Diagnostic, Severity};
