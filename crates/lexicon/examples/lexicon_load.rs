//! Measures how long the built-in dictionaries take to parse, and how fast actor lookup is.
//! `cargo run --release -p dyad-lexicon --example lexicon_load`

use dyad_lexicon::{error_count, Lexicon};
use std::time::Instant;

fn main() {
    let runs = 10;
    let mut best = f64::MAX;
    let mut lex = None;
    for _ in 0..runs {
        let t = Instant::now();
        let (l, diags) = Lexicon::load_builtin();
        best = best.min(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(error_count(&diags), 0);
        lex = Some(l);
    }
    let lex = lex.expect("loaded");
    println!(
        "built-in lexicon: {} actors ({} names), {} agents, {} discards; parse best of {runs}: {best:.1} ms",
        lex.actors().len(),
        lex.actors().name_count(),
        lex.agents().len(),
        lex.discards().len()
    );
    let text = "The United States accused Iran 's government of supplying drones to Russia , \
                while NATO and the UN Security Council met in New York and Hamas and the Houthis \
                threatened shipping near Yemen .";
    let toks: Vec<&str> = text.split_whitespace().collect();
    let n = 200_000;
    let t = Instant::now();
    let mut hits = 0usize;
    for _ in 0..n {
        for i in 0..toks.len() {
            if lex.actors().longest_match(&toks, i).is_some() {
                hits += 1;
            }
        }
    }
    let ns = t.elapsed().as_secs_f64() * 1e9 / (n * toks.len()) as f64;
    println!(
        "longest_match: {ns:.0} ns per token position ({} hits per pass)",
        hits / n
    );
}
