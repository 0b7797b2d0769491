//! Measures annotation speed on one thread, in words per second.
//!
//! cargo run --release -p dyad-syntax --example speed -- [MODEL|builtin] [FILE.conllu|FILE.jsonl]...
//! A `.jsonl` file is read as articles with a "text" field, split on whitespace, with a
//! sentence break after words ending in `.`, `?` or `!` (or every 60 words).

use dyad_syntax::{conllu, Model};
use dyad_text::{Doc, DocBuilder};

fn doc_from_text(texts: &[String]) -> Doc {
    let text = texts.join("\n");
    let mut b = DocBuilder::new(text.clone());
    let mut in_sent = 0;
    let mut pos = 0;
    for w in text.split_whitespace() {
        let start = text[pos..].find(w).map_or(pos, |i| pos + i);
        let end = start + w.len();
        pos = end;
        b.push_word(start..end, None);
        in_sent += 1;
        if w.ends_with(['.', '?', '!']) || in_sent >= 60 {
            b.end_sentence();
            in_sent = 0;
        }
    }
    b.finish()
}

/// CPU time of this thread in seconds (wall-clock speed is unreliable on a busy machine).
fn thread_cpu_time() -> f64 {
    cpu_time(libc::CLOCK_THREAD_CPUTIME_ID)
}

/// CPU time of a clock (thread or process) in seconds.
fn cpu_time(clock: libc::clockid_t) -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we pass.
    unsafe {
        libc::clock_gettime(clock, &mut ts);
    }
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let t = std::time::Instant::now();
    let (c0, p0) = (thread_cpu_time(), cpu_time(libc::CLOCK_PROCESS_CPUTIME_ID));
    let owned;
    let model: &Model = if args.first().is_none_or(|a| a == "builtin") {
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
    eprintln!(
        "model loaded in {:.0} ms wall; CPU {:.0} ms on the main thread, {:.0} ms in all threads",
        t.elapsed().as_secs_f64() * 1e3,
        (thread_cpu_time() - c0) * 1e3,
        (cpu_time(libc::CLOCK_PROCESS_CPUTIME_ID) - p0) * 1e3
    );
    for f in args.iter().skip(1) {
        let data = std::fs::read_to_string(f).expect("read");
        let mut doc = if f.ends_with(".jsonl") {
            let texts: Vec<String> = data
                .lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_string))
                .collect();
            doc_from_text(&texts)
        } else {
            conllu::to_doc(&conllu::parse(&data).expect("conllu"))
        };
        model.annotate(&mut doc); // warm-up
        let (mut best, mut best_cpu) = (f64::MAX, f64::MAX);
        // ROUNDS=0 annotates once (for cachegrind, whose counts do not vary).
        let rounds: usize = std::env::var("ROUNDS").map_or(5, |r| r.parse().expect("ROUNDS=n"));
        for _ in 0..rounds {
            let (t, c) = (std::time::Instant::now(), thread_cpu_time());
            model.annotate(&mut doc);
            best = best.min(t.elapsed().as_secs_f64());
            best_cpu = best_cpu.min(thread_cpu_time() - c);
        }
        println!(
            "{f}: {} words, {} sentences; wall {:.3}s = {:.0} words/s; thread CPU {:.3}s = {:.0} words/s (one thread, best of {rounds})",
            doc.len(),
            doc.sentence_count(),
            best,
            doc.len() as f64 / best,
            best_cpu,
            doc.len() as f64 / best_cpu,
        );
    }
}
