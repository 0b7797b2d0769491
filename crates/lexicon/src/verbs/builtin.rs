//! The built-in event dictionary, compiled in.

use std::sync::OnceLock;

use super::{format, Codebook, VerbDict};

/// The built-in dictionary files (name, text), in load order: synsets, hand-written core
/// entries, entries converted from PETRARCH's CAMEO.2.0 verb dictionary.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    (
        "data/events/synsets.txt",
        include_str!("../../../../data/events/synsets.txt"),
    ),
    (
        "data/events/verbs.txt",
        include_str!("../../../../data/events/verbs.txt"),
    ),
    (
        "data/events/nouns.txt",
        include_str!("../../../../data/events/nouns.txt"),
    ),
    (
        "data/events/petrarch.txt",
        include_str!("../../../../data/events/petrarch.txt"),
    ),
];

/// The built-in files, for `dyad lexicon check` and listings.
pub fn builtin_sources() -> &'static [(&'static str, &'static str)] {
    BUILTIN_FILES
}

/// The built-in event dictionary, parsed once (tests keep it free of diagnostics).
pub fn builtin() -> &'static VerbDict {
    static CELL: OnceLock<VerbDict> = OnceLock::new();
    CELL.get_or_init(|| {
        let (dict, diags) = format::load(BUILTIN_FILES, Some(Codebook::builtin()));
        debug_assert!(diags.is_empty(), "built-in event dictionary: {diags:?}");
        dict
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verbs::TriggerPos::{Noun, Verb};
    use std::collections::HashSet;

    #[test]
    fn builtin_has_no_diagnostics() {
        let t = std::time::Instant::now();
        let (dict, diags) = format::load(BUILTIN_FILES, Some(Codebook::builtin()));
        let ms = t.elapsed().as_secs_f64() * 1e3;
        for d in &diags {
            println!("{d}");
        }
        assert!(diags.is_empty(), "{} diagnostics", diags.len());
        println!(
            "built-in: {} patterns, {} synsets, {} words; parsed in {ms:.1} ms (test profile)",
            dict.len(),
            dict.synset_names().len(),
            dict.syms.len()
        );
    }

    #[test]
    fn every_code_has_a_trigger_and_exists() {
        let dict = builtin();
        let book = Codebook::builtin();
        let used: HashSet<String> = dict.codes().iter().map(|c| c.to_string()).collect();
        for c in &used {
            assert!(book.contains(c), "code {c} is not in the codebook");
        }
        let missing: Vec<&str> = book
            .iter()
            .filter(|c| !c.is_root() && !used.contains(&c.code))
            .map(|c| c.code.as_str())
            .collect();
        assert!(missing.is_empty(), "codes without a trigger: {missing:?}");
        // Roots are covered through their sub-codes.
        for c in book.iter().filter(|c| c.is_root()) {
            assert!(used.iter().any(|u| u.starts_with(&c.code)), "{}", c.code);
        }
    }

    #[test]
    fn builtin_lookups_make_sense() {
        let d = builtin();
        let first = |pos, lemma: &str| {
            let c = d.candidates(pos, lemma);
            assert!(!c.is_empty(), "no candidates for {lemma}");
            c.iter().map(|&id| d.pattern(id)).collect::<Vec<_>>()
        };
        let code = |p: &crate::verbs::Pattern| p.code.map(|c| c.to_string()).unwrap_or_default();
        // "accuse" alone is 112; "accuse X of corruption" is the more specific 1121.
        let acc = first(Verb, "accuse");
        assert_eq!(code(acc.last().unwrap()), "112");
        assert!(acc.iter().any(|p| code(p) == "1121"));
        // Military aid outranks generic supply.
        let sup = first(Verb, "supply");
        let i072 = sup.iter().position(|p| code(p) == "072").unwrap();
        let i070 = sup.iter().position(|p| code(p) == "070").unwrap();
        assert!(i072 < i070);
        let wp = d.synset("WEAPON").unwrap();
        assert!(d.set_has(wp, "drone") && d.set_has(wp, "missile"));
        // Nominal triggers.
        assert!(first(Noun, "talk").iter().any(|p| code(p) == "040"));
        assert!(first(Noun, "attack").iter().any(|p| code(p) == "190"));
        assert!(first(Noun, "sanction").iter().any(|p| code(p) == "163"));
        assert!(first(Noun, "visit").iter().any(|p| code(p) == "042"));
        // Particles.
        let pull = first(Verb, "pull");
        assert!(pull
            .iter()
            .any(|p| code(p) == "0874" && p.particle.map(|s| d.word(s)) == Some("out")));
        // "say" is kept but weak.
        let say = first(Verb, "say");
        assert!(say.iter().any(|p| p.weak));
        assert!(say
            .iter()
            .filter(|p| p.constraints.is_empty())
            .all(|p| p.weak));
        // The null code blocks "heart attack".
        assert!(first(Noun, "attack").iter().any(|p| p.code.is_none()));
    }

    #[test]
    fn builtin_load_time() {
        // Parse once more from scratch to time it (the OnceLock value may be cached).
        let t = std::time::Instant::now();
        let (d, _) = format::load(BUILTIN_FILES, Some(Codebook::builtin()));
        let el = t.elapsed();
        println!(
            "built-in parse: {:.1} ms for {} patterns",
            el.as_secs_f64() * 1e3,
            d.len()
        );
        assert!(el.as_secs() < 5);
    }
}
