//! Re-encodes a model file in the current format (weights unchanged).
//!
//! cargo run --release -p dyad-syntax --example recode -- IN.dyadsyn OUT.dyadsyn

use dyad_syntax::Model;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 {
        eprintln!("usage: recode IN OUT");
        std::process::exit(2);
    }
    let m = Model::load(&args[0]).expect("model");
    m.save(&args[1]).expect("save");
    let back = Model::load(&args[1]).expect("re-read");
    assert_eq!(back.to_bytes(), m.to_bytes(), "round trip");
    eprintln!("{} -> {}", args[0], args[1]);
}
