//! Command-line interface: argument parsing and the commands.

use crate::readers::{self, Diagnostic, Event, InputFormat, Item, ReadOptions, Severity};
use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use dyad_text::{Date, Doc, Segmenter};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};

#[derive(Parser, Debug)]
#[command(
    name = "dyad",
    version,
    about = "Political event data from news articles: who did what to whom, when and where."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Tokenize, split sentences (and tag and parse, where models are built in); write CoNLL-U.
    Parse(ParseArgs),
    /// Code articles into events: one JSON object per event and line on standard output.
    Code(CodeArgs),
    /// Evaluate against a gold file: CoNLL-U (tokenization and sentence splitting on the raw
    /// text rebuilt from the file).
    Eval(EvalArgs),
    /// Measure speed and memory: documents/s, words/s and peak memory of the pipeline.
    Bench(BenchArgs),
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Process the inputs this many times.
    #[arg(long, default_value_t = 5)]
    pub repeat: usize,
}

/// Input selection shared by the commands that read articles.
#[derive(Args, Debug, Clone)]
pub struct InputArgs {
    /// Files or directories to read (`-` for standard input). Directories are read
    /// recursively; `.gz` and `.zst` files are decompressed.
    #[arg(default_value = "-")]
    pub inputs: Vec<String>,
    /// Input format (default: by extension and content).
    #[arg(long = "input", value_enum, default_value_t = InputFormat::Auto)]
    pub format: InputFormat,
    /// Date of plain-text inputs (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Skip documents larger than this many bytes.
    #[arg(long, default_value_t = 8 * 1024 * 1024)]
    pub max_bytes: usize,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

impl InputArgs {
    fn read_options(&self) -> ReadOptions {
        ReadOptions {
            format: self.format,
            date: self.date,
            max_bytes: self.max_bytes,
        }
    }
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse_iso(s).ok_or_else(|| format!("{s:?} is not a date of the form YYYY-MM-DD"))
}

#[derive(Args, Debug)]
pub struct ParseArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ParseOutput::Conllu)]
    pub output: ParseOutput,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ParseOutput {
    /// CoNLL-U with `TokenRange=START:END` character offsets in MISC.
    Conllu,
    /// One sentence per line, words separated by spaces.
    Tokens,
}

#[derive(Args, Debug)]
pub struct CodeArgs {
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Gold file (`.conllu`).
    pub gold: String,
    /// Print up to this many token errors.
    #[arg(long, default_value_t = 0)]
    pub show_errors: usize,
}

/// Runs the program; returns the process exit code.
pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Parse(a) => cmd_parse(a),
        Command::Code(a) => cmd_code(a),
        Command::Eval(a) => cmd_eval(a),
        Command::Bench(a) => cmd_bench(a),
    }
}

/// Counts of a batch run, for the exit status.
#[derive(Default)]
struct RunStats {
    documents: usize,
    skipped: usize,
}

impl RunStats {
    fn exit_code(&self) -> i32 {
        if self.skipped > 0 {
            eprintln!(
                "dyad: {} document(s) processed, {} skipped (see messages above)",
                self.documents, self.skipped
            );
            1
        } else {
            0
        }
    }
}

fn report(d: &Diagnostic, stats: &mut RunStats) {
    if d.severity == Severity::Error {
        stats.skipped += 1;
    }
    eprintln!("{d}");
}

/// Reads inputs in batches, processes each batch in parallel with `work`, and writes the
/// results in input order. `work` turns one item into output text.
fn run_batches<F>(input: &InputArgs, work: F) -> Result<RunStats>
where
    F: Fn(&mut Segmenter, Item) -> String + Sync,
{
    if let Some(n) = input.threads {
        // Ignore the error if a global pool exists already (tests call this repeatedly).
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
    let opts = input.read_options();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let progress = progress_bar();
    let mut stats = RunStats::default();
    let mut batch: Vec<Item> = Vec::new();
    let mut batch_bytes = 0usize;
    let mut write_err: Option<std::io::Error> = None;

    let mut flush = |batch: &mut Vec<Item>, stats: &mut RunStats, out: &mut dyn Write| {
        let items = std::mem::take(batch);
        let n = items.len();
        let results: Vec<String> = items
            .into_par_iter()
            .map_init(Segmenter::new, |seg, item| work(seg, item))
            .collect();
        for r in results {
            if let Err(e) = out.write_all(r.as_bytes()) {
                write_err.get_or_insert(e);
            }
        }
        stats.documents += n;
        if let Some(p) = &progress {
            p.inc(n as u64);
        }
    };

    readers::read_inputs(&input.inputs, &opts, &mut |ev| match ev {
        Event::Diagnostic(d) => {
            if let Some(p) = &progress {
                p.suspend(|| report(&d, &mut stats));
            } else {
                report(&d, &mut stats);
            }
        }
        Event::Item(item) => {
            batch_bytes += item.article().text.len();
            batch.push(item);
            if batch.len() >= 256 || batch_bytes >= 4 << 20 {
                flush(&mut batch, &mut stats, &mut out);
                batch_bytes = 0;
            }
        }
    });
    flush(&mut batch, &mut stats, &mut out);
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    if let Some(e) = write_err {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e).context("writing output");
        }
    }
    out.flush().or_else(|e| {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Ok(())
        } else {
            Err(e)
        }
    })?;
    Ok(stats)
}

fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let p = indicatif::ProgressBar::new_spinner();
    p.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {pos} documents ({per_sec}) {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    p.enable_steady_tick(std::time::Duration::from_millis(200));
    Some(p)
}

/// Turns an input item into an analysed `Doc` (segmentation for raw text).
pub fn analyse(seg: &mut Segmenter, item: Item) -> (dyad_text::Article, Doc) {
    match item {
        Item::Article(a) => {
            let doc = seg.segment(a.text.clone());
            (a, doc)
        }
        Item::Parsed(a, doc) => (a, *doc),
    }
}

/// One article coded: its events and the diagnostics of coding it.
#[derive(Debug)]
pub struct Coded {
    pub article: dyad_text::Article,
    pub events: Vec<dyad_coder::EventRecord>,
    pub diagnostics: Vec<String>,
}

/// Codes one input item into events. Never fails: problems become diagnostics.
pub fn code_item(seg: &mut Segmenter, item: Item) -> Coded {
    let (article, _doc) = analyse(seg, item);
    // Event coding is not built yet: no events.
    Coded {
        article,
        events: Vec::new(),
        diagnostics: Vec::new(),
    }
}

fn cmd_parse(args: ParseArgs) -> Result<i32> {
    let output = args.output;
    let stats = run_batches(&args.input, |seg, item| {
        let (article, doc) = analyse(seg, item);
        let mut s = String::new();
        match output {
            ParseOutput::Conllu => crate::conllu::write_doc(&mut s, &article.id, &doc),
            ParseOutput::Tokens => {
                for sent in doc.sentences() {
                    let words: Vec<&str> = sent.tokens().map(|t| t.form()).collect();
                    s.push_str(&words.join(" ").replace('\n', " "));
                    s.push('\n');
                }
            }
        }
        s
    })?;
    Ok(stats.exit_code())
}

fn cmd_code(args: CodeArgs) -> Result<i32> {
    let stats = run_batches(&args.input, |seg, item| {
        let coded = code_item(seg, item);
        let mut out = String::new();
        for e in &coded.events {
            match serde_json::to_string(e) {
                Ok(line) => {
                    out.push_str(&line);
                    out.push('\n');
                }
                Err(err) => eprintln!("error: {}: cannot write event: {err}", coded.article.id),
            }
        }
        out
    })?;
    Ok(stats.exit_code())
}

fn cmd_eval(args: EvalArgs) -> Result<i32> {
    let text =
        std::fs::read_to_string(&args.gold).with_context(|| format!("reading {}", args.gold))?;
    let (docs, errors) = crate::conllu::parse(&text);
    for e in &errors {
        eprintln!(
            "warning: {}:{}: {}; sentence left out",
            args.gold, e.line, e.message
        );
    }
    let scores = crate::eval_tokens::evaluate(&docs, args.show_errors);
    for e in &scores.examples {
        println!("missed {e}");
    }
    print!("{}", scores.report());
    Ok(0)
}

fn cmd_bench(args: BenchArgs) -> Result<i32> {
    let threads = args.input.threads.unwrap_or(1).max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("building the thread pool")?;
    let mut items = Vec::new();
    let mut skipped = 0;
    readers::read_inputs(&args.input.inputs, &args.input.read_options(), &mut |ev| match ev {
        Event::Item(i) => items.push(i),
        Event::Diagnostic(d) => {
            if d.severity == Severity::Error {
                skipped += 1;
            }
            eprintln!("{d}");
        }
    });
    anyhow::ensure!(!items.is_empty(), "no documents to measure");
    let bytes: usize = items.iter().map(|i| i.article().text.len()).sum();
    let rss_before = peak_rss_kib();
    let start = std::time::Instant::now();
    let mut words = 0usize;
    let mut sentences = 0usize;
    for _ in 0..args.repeat.max(1) {
        let counts: Vec<(usize, usize)> = pool.install(|| {
            items
                .par_iter()
                .map_init(Segmenter::new, |seg, item| {
                    let (_, doc) = analyse(seg, item.clone());
                    (doc.len(), doc.sentence_count())
                })
                .collect()
        });
        for (w, s) in counts {
            words += w;
            sentences += s;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let docs = items.len() * args.repeat.max(1);
    println!("pipeline      segment (tokenize + sentence split)");
    println!("threads       {threads}");
    println!("documents     {docs} ({} x {})", items.len(), args.repeat.max(1));
    println!("words         {words}");
    println!("sentences     {sentences}");
    println!("seconds       {secs:.3}");
    println!("docs/s        {:.0}", docs as f64 / secs);
    println!("words/s       {:.0}", words as f64 / secs);
    println!("MB/s          {:.1}", (bytes * args.repeat.max(1)) as f64 / secs / 1e6);
    match (rss_before, peak_rss_kib()) {
        (_, Some(peak)) => println!("peak memory   {:.1} MB", peak as f64 / 1024.0),
        _ => println!("peak memory   unknown (no /proc/self/status)"),
    }
    Ok(if skipped > 0 { 1 } else { 0 })
}

/// Peak resident memory of this process (Linux: VmHWM), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
