//! Prints the built-in gazetteer's size, its load time and lookup speed:
//! `cargo run --release -p dyad-gazetteer --example gazetteer_stats [NAME...]`.
//! Names given as arguments are looked up and their candidates printed; `--load-only` just
//! loads the data once (to measure CPU time with `time`).

use dyad_gazetteer::{Gazetteer, PlaceKind, Sources};
use std::time::Instant;

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--load-only") {
        // For `time`: CPU time of one load, free of other processes' load on the machine.
        let g = Gazetteer::from_sources(Sources::builtin()).expect("built-in data");
        std::hint::black_box(g);
        return;
    }
    let runs = 5;
    let mut best = f64::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        let g = Gazetteer::from_sources(Sources::builtin()).expect("built-in data");
        best = best.min(t.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(g);
    }
    let g = Gazetteer::builtin();
    let count = |k| g.places().iter().filter(|p| p.kind == k).count();
    println!(
        "{} places ({} countries, {} regions, {} cities, {} areas), {} distinct names",
        g.len(),
        count(PlaceKind::Country),
        count(PlaceKind::Region),
        count(PlaceKind::City),
        count(PlaceKind::Area),
        g.name_count()
    );
    println!("load: {best:.1} ms (best of {runs})");

    let sentence: Vec<&str> =
        "Russian missiles struck the Kharkiv region and the port of Odesa on Tuesday , while \
         fighting continued in northern Gaza and south Lebanon , officials in Kyiv said ."
            .split(' ')
            .collect();
    let n = 20_000;
    let t = Instant::now();
    let mut found = 0;
    for _ in 0..n {
        found += g.find_all(std::hint::black_box(&sentence), None).len();
    }
    let us = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!(
        "find_all: {us:.2} µs for a {}-token sentence ({} places)",
        sentence.len(),
        found / n
    );

    for arg in std::env::args().skip(1) {
        let tokens: Vec<&str> = arg.split_whitespace().collect();
        match g.lookup(&tokens) {
            None => println!("{arg}: no match"),
            Some(m) => {
                println!(
                    "{arg}: {} token(s), direction {:?}, flag {:?}",
                    m.len, m.direction, m.flag
                );
                for p in m.candidates().iter().take(5) {
                    println!(
                        "  {} ({}, {}) pop {} geonames {:?}",
                        p.name,
                        p.kind,
                        p.country.as_deref().unwrap_or("-"),
                        p.population,
                        p.geonames_id
                    );
                }
            }
        }
    }
}
