use super::*;

fn mentions(text: &str, date: &str) -> Vec<(String, Vec<String>)> {
    let doc = dyad_text::segment(text);
    let lex = dyad_lexicon::builtin();
    let r = Resolver::new(lex, Date::parse_iso(date));
    r.resolve(&doc)
        .into_iter()
        .map(|m| {
            let span = doc.span(m.start, m.end).text().to_string();
            (span, m.actors.iter().map(|a| a.code.clone()).collect())
        })
        .collect()
}

#[test]
fn former_is_elite() {
    let m = mentions(
        "Former Iranian President Hassan Rouhani spoke.",
        "2023-01-01",
    );
    assert!(m.iter().any(|(_, c)| c == &["IRNELI"]), "{m:?}");
}

#[test]
fn unknown_title_name() {
    let m = mentions(
        "Iranian Foreign Minister Parviz Tabrizi met envoys.",
        "2023-01-01",
    );
    assert!(
        m.iter()
            .any(|(t, c)| t == "Iranian Foreign Minister Parviz Tabrizi" && c == &["IRNGOV"]),
        "{m:?}"
    );
}

#[test]
fn possessive_pronouns_give_sector_terms_their_owner() {
    let m = mentions(
        "Chile said it would pull its troops out of Bolivia. The rebels said their forces had left.",
        "2023-01-01",
    );
    assert!(
        m.iter().any(|(t, c)| t == "its troops" && c == &["CHLMIL"]),
        "{m:?}"
    );
    // The nearest actor ("the rebels") has no country: the sector term stays without one.
    assert!(
        m.iter().any(|(t, c)| t == "forces" && c == &["---MIL"]),
        "{m:?}"
    );
    let m = mentions(
        "Chile said the rebels would move their forces.",
        "2023-01-01",
    );
    assert!(
        m.iter().any(|(t, c)| t == "forces" && c == &["---MIL"]),
        "{m:?}"
    );
    let m = mentions(
        "Vladimir Putin said his government would answer.",
        "2023-01-01",
    );
    assert!(
        m.iter()
            .any(|(t, c)| t == "his government" && c == &["RUSGOV"]),
        "{m:?}"
    );
}

#[test]
fn coordinated_demonyms_share_their_heads_sector() {
    let m = mentions(
        "French, German and Italian troops arrived. Russia and Ukrainian officials met.",
        "2023-01-01",
    );
    for (t, c) in [
        ("French", "FRAMIL"),
        ("German", "DEUMIL"),
        ("Italian troops", "ITAMIL"),
    ] {
        assert!(m.iter().any(|(x, y)| x == t && y == &[c]), "{t}: {m:?}");
    }
    // A country's own name is not a demonym: "Russia" stays the country.
    assert!(
        m.iter().any(|(x, y)| x == "Russia" && y == &["RUS"]),
        "{m:?}"
    );
}
