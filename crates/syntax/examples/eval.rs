//! Evaluates a model on gold CoNLL-U files (gold words).
//!
//! cargo run --release -p dyad-syntax --example eval -- [MODEL|builtin] FILE.conllu...
//! (with a model file, PRUNE=MIN drops small weights and BEAM=WIDTH sets the beam width)

use dyad_syntax::{conllu, evaluate, Model};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: eval MODEL|builtin FILE.conllu...");
        std::process::exit(2);
    }
    let t = std::time::Instant::now();
    let owned;
    let model: &Model = if args[0] == "builtin" {
        Model::builtin()
    } else {
        let mut m = Model::load(&args[0]).expect("model");
        if let Ok(p) = std::env::var("PRUNE") {
            m.prune(p.parse().expect("PRUNE=number"));
            eprintln!("pruned below {p}: sizes {:?}", m.sizes());
        }
        if let Ok(b) = std::env::var("BEAM") {
            m.set_beam(b.parse().expect("BEAM=width"));
        }
        eprintln!("beam width {}", m.beam());
        owned = m;
        &owned
    };
    eprintln!("model loaded in {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    for f in &args[1..] {
        let gold = conllu::read_file(f).expect("conllu");
        let t = std::time::Instant::now();
        let s = evaluate(model, &gold);
        println!("{f}: {s} ({:.2}s)", t.elapsed().as_secs_f64());
    }
}
