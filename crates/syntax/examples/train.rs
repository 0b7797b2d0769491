//! Trains the syntax model on UD CoNLL-U files.
//!
//! cargo run --release -p dyad-syntax --example train -- TRAIN.conllu DEV.conllu OUT.dyadsyn [key=value ...]
//! keys: seed, tagger_epochs, parser_epochs, patience, jackknife, prune, explore_from, explore_p, labeler, beam, beam_from, max_violation,
//! snapshot_prefix, snapshot_from

use dyad_syntax::{conllu, evaluate, train, TrainOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: train TRAIN.conllu DEV.conllu OUT [key=value ...]");
        std::process::exit(2);
    }
    let mut opts = TrainOptions::default();
    for kv in &args[3..] {
        let (k, v) = kv.split_once('=').expect("key=value");
        match k {
            "seed" => opts.seed = v.parse().unwrap(),
            "tagger_epochs" => opts.tagger_epochs = v.parse().unwrap(),
            "parser_epochs" => opts.parser_epochs = v.parse().unwrap(),
            "patience" => opts.patience = v.parse().unwrap(),
            "jackknife" => opts.jackknife = v.parse().unwrap(),
            "prune" => opts.prune = v.parse().unwrap(),
            "explore_from" => opts.explore_from = v.parse().unwrap(),
            "explore_p" => opts.explore_p = v.parse().unwrap(),
            "beam" => opts.beam = v.parse().unwrap(),
            "beam_from" => opts.beam_from = v.parse().unwrap(),
            "max_violation" => opts.max_violation = v.parse().unwrap(),
            "snapshot_prefix" => opts.snapshot_prefix = Some(v.to_string()),
            "snapshot_from" => opts.snapshot_from = v.parse().unwrap(),
            "labeler" => opts.labeler = v.parse().unwrap(),
            _ => panic!("unknown option {k}"),
        }
    }
    eprintln!("{opts:?}");
    let t = std::time::Instant::now();
    let tr = conllu::read_file(&args[0]).expect("train file");
    let dev = conllu::read_file(&args[1]).expect("dev file");
    let model = train(&tr, &dev, &opts, &mut |m| {
        eprintln!("[{:7.1}s] {m}", t.elapsed().as_secs_f64())
    });
    model.save(&args[2]).expect("save");
    let size = std::fs::metadata(&args[2]).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "saved {} ({:.1} MB), sizes {:?}, total {:.1}s",
        args[2],
        size as f64 / 1e6,
        model.sizes(),
        t.elapsed().as_secs_f64()
    );
    let reloaded = dyad_syntax::Model::load(&args[2]).expect("reload");
    eprintln!("dev (reloaded model): {}", evaluate(&reloaded, &dev));
}
