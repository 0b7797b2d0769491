#![no_main]
//! Readers never panic on any bytes, in any format, and always say why they skip.
use dyad::readers::{read_bytes, Event, InputFormat, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for (ext, format) in [
        ("txt", InputFormat::Auto),
        ("jsonl", InputFormat::Jsonl),
        ("conllu", InputFormat::Conllu),
        ("txt", InputFormat::Dated),
    ] {
        let opts = ReadOptions { format, ..ReadOptions::default() };
        read_bytes("fuzz", ext, data.to_vec(), &opts, &mut |ev| {
            if let Event::Item(item) = ev {
                let _ = dyad::cli::analyse(&mut dyad_text::Segmenter::new(), item);
            }
        });
    }
});
