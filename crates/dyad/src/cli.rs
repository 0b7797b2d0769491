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
    /// Tag and parse with this model (written by `dyad train`) instead of the built-in one.
    #[arg(long, global = true, value_name = "FILE")]
    pub model: Option<std::path::PathBuf>,
    /// Parse with a beam of this many partial parses (1: greedy, fastest) instead of the
    /// model's own width.
    #[arg(long, global = true, value_name = "WIDTH", value_parser = clap::value_parser!(u8).range(1..=64))]
    pub beam: Option<u8>,
    /// Which builtin parser to use: `greedy` (fast, the default) or `beam` (trained for a
    /// beam of 4: about 0.6 UAS and 0.5 LAS better on EWT test, three to four times slower).
    #[arg(long, global = true, value_enum, default_value_t = ParserKind::Greedy, conflicts_with = "model")]
    pub parser: ParserKind,
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
    /// Train the tagger, lemmatizer and parser on a CoNLL-U treebank.
    Train(TrainArgs),
    /// Dictionaries: check them.
    #[command(subcommand)]
    Lexicon(LexiconCommand),
    #[command(flatten)]
    Store(crate::store_cmds::StoreCommand),
    /// List the actor mentions found in articles: one JSON object per mention and line
    /// (text, character offsets, code, country, sector, name, entity, how it was resolved).
    ActorsIn(CodeArgs),
    /// Show how a sentence is coded: tokens, tags and dependencies, actors, every trigger
    /// tried and why it matched or not, and the events.
    Explain(ExplainArgs),
}

#[derive(Subcommand, Debug)]
pub enum LexiconCommand {
    /// Report every problem of the built-in dictionaries, or of the files given, with file
    /// and line (exit status 1 when there are errors).
    Check(crate::dicts::DictArgs),
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The text to explain (one or more sentences).
    pub text: Option<String>,
    /// Article date for the text (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<Date>,
    /// Explain a sentence of an input file instead.
    #[arg(long, conflicts_with = "text")]
    pub doc: Option<String>,
    /// With --doc: the sentence index (0-based); all sentences when omitted.
    #[arg(long)]
    pub sentence: Option<usize>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub dicts: crate::dicts::DictArgs,
    #[command(flatten)]
    pub coding: CodingArgs,
}

#[derive(Args, Debug)]
pub struct TrainArgs {
    /// Training treebank (CoNLL-U).
    #[arg(long)]
    pub train: String,
    /// Development treebank (CoNLL-U), for choosing epochs.
    #[arg(long)]
    pub dev: String,
    /// Where to write the model.
    #[arg(long, default_value = "models/en-ewt.dyadsyn")]
    pub out: String,
    /// Random seed (training is deterministic for a seed).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Most tagger epochs (dev keeps the best; without dev, all are run).
    #[arg(long, default_value_t = dyad_syntax::TrainOptions::default().tagger_epochs)]
    pub tagger_epochs: usize,
    /// Most parser epochs (dev keeps the best; without dev, all are run).
    #[arg(long, default_value_t = dyad_syntax::TrainOptions::default().parser_epochs)]
    pub parser_epochs: usize,
    /// Probability that a greedy parser epoch follows its own move rather than the oracle's.
    #[arg(long, default_value_t = dyad_syntax::TrainOptions::default().explore_p)]
    pub explore_p: f64,
    /// Beam width the parser is trained for and parses with (1: greedy).
    #[arg(long, default_value_t = dyad_syntax::TrainOptions::default().beam)]
    pub parser_beam: usize,
    /// First parser epoch trained with the beam (earlier ones are greedy).
    #[arg(long, default_value_t = dyad_syntax::TrainOptions::default().beam_from)]
    pub parser_beam_from: usize,
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Process the inputs this many times.
    #[arg(long, default_value_t = 5)]
    pub repeat: usize,
    /// Last stage to run: `parse` measures raw text to full parse (tokens, sentences, tags,
    /// lemmas, dependencies), `events` the whole pipeline.
    #[arg(long, value_enum, default_value_t = BenchStage::Events)]
    pub until: BenchStage,
}

/// Where `dyad bench` stops.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BenchStage {
    Parse,
    Events,
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

/// Output formats of `dyad code`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum EventFormat {
    /// One JSON object per event and line (schema/event.schema.json).
    #[default]
    Jsonl,
    /// CSV with a header line.
    Csv,
    /// GDELT 2.0 event-table columns, tab-separated, those dyad can fill.
    CameoTsv,
    /// PLOVER JSON records, one per line, with dyad's evidence fields.
    Plover,
}

#[derive(Args, Debug)]
pub struct CodeArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long = "format", id = "event_format", value_enum, default_value_t = EventFormat::Jsonl)]
    pub event_format: EventFormat,
    #[command(flatten)]
    pub dicts: crate::dicts::DictArgs,
    #[command(flatten)]
    pub coding: CodingArgs,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Gold file: `.conllu` (tokenization, sentence splitting, tagging and parsing) or
    /// `.jsonl` (events: PETRARCH validation records or PLOVER gold-standard records).
    pub gold: String,
    /// Print up to this many errors (missed tokens, or records whose events differ).
    #[arg(long, default_value_t = 0)]
    pub show_errors: usize,
    #[command(flatten)]
    pub dicts: crate::dicts::DictArgs,
    #[command(flatten)]
    pub coding: CodingArgs,
}

/// Options of event coding.
#[derive(Args, Debug, Clone, Default)]
pub struct CodingArgs {
    /// Also emit generic statement events (weak patterns such as "say" -> 010).
    #[arg(long)]
    pub weak: bool,
    /// Also emit events with only a source or only a target.
    #[arg(long)]
    pub one_sided: bool,
}

impl CodingArgs {
    pub fn options(&self) -> dyad_coder::CodeOptions {
        dyad_coder::CodeOptions {
            weak: self.weak,
            one_sided: self.one_sided,
            trace: false,
        }
    }
}

/// Builds a coder over loaded dictionaries (built-in ones where none were given).
pub fn make_coder<'a>(
    d: &'a crate::dicts::Dictionaries,
    opts: dyad_coder::CodeOptions,
) -> dyad_coder::Coder<'a> {
    dyad_coder::Coder {
        lexicon: &d.lexicon,
        verbs: d
            .verbs
            .as_ref()
            .unwrap_or_else(|| dyad_lexicon::verbs::builtin()),
        codebook: dyad_lexicon::verbs::Codebook::builtin(),
        gazetteer: dyad_gazetteer::Gazetteer::builtin(),
        options: opts,
    }
}

/// The builtin parsers (`--parser`).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParserKind {
    Greedy,
    Beam,
}

/// Runs the program; returns the process exit code.
pub fn run(cli: Cli) -> Result<i32> {
    // A model other than the default builtin one, installed before anything parses.
    let model = match &cli.model {
        Some(path) => Some(
            dyad_syntax::Model::load(path)
                .with_context(|| format!("loading the model {}", path.display()))?,
        ),
        None if cli.beam.is_some() || cli.parser != ParserKind::Greedy => {
            Some(dyad_syntax::Model::decode_builtin_kind(match cli.parser {
                ParserKind::Greedy => dyad_syntax::Builtin::Greedy,
                ParserKind::Beam => dyad_syntax::Builtin::Beam,
            }))
        }
        None => None,
    };
    if let Some(mut model) = model {
        if let Some(w) = cli.beam {
            model.set_beam(w);
        }
        dyad_syntax::Model::install(model);
    }
    // Commands that parse and code load the model on another thread meanwhile they parse
    // the dictionaries (the first `Model::builtin()` caller waits for it).
    if matches!(
        cli.command,
        Command::Code(_)
            | Command::Explain(_)
            | Command::Store(crate::store_cmds::StoreCommand::Ingest(_))
    ) {
        std::thread::spawn(|| {
            let _ = dyad_syntax::Model::builtin();
        });
    }
    match cli.command {
        Command::Parse(a) => cmd_parse(a),
        Command::Code(a) => cmd_code(a),
        Command::Eval(a) => cmd_eval(a),
        Command::Bench(a) => cmd_bench(a),
        Command::Train(a) => cmd_train(a),
        Command::Explain(a) => cmd_explain(a),
        Command::Lexicon(LexiconCommand::Check(a)) => crate::dicts::check(&a),
        Command::ActorsIn(a) => cmd_actors_in(a),
        Command::Store(c) => crate::store_cmds::run(c),
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
    let (article, mut doc) = match item {
        Item::Article(a) => {
            let doc = seg.segment(a.text.clone());
            (a, doc)
        }
        Item::Parsed(a, doc) => (a, *doc),
    };
    dyad_syntax::Model::builtin().annotate(&mut doc);
    (article, doc)
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
    code_item_with(
        &dyad_coder::Coder::builtin(dyad_coder::CodeOptions::default()),
        seg,
        item,
    )
}

/// Codes one input item with the given coder (dictionaries and options).
pub fn code_item_with(coder: &dyad_coder::Coder<'_>, seg: &mut Segmenter, item: Item) -> Coded {
    let (article, doc) = analyse(seg, item);
    let coded = coder.code(&article.id, article.date, &doc);
    Coded {
        article,
        events: coded.events,
        diagnostics: coded.diagnostics,
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
    let dicts = args.dicts.load()?;
    let coder = make_coder(&dicts, args.coding.options());
    let format = args.event_format;
    if format == EventFormat::Csv {
        print!("{}", crate::formats::csv_header());
    }
    let stats = run_batches(&args.input, |seg, item| {
        let coded = code_item_with(&coder, seg, item);
        for d in &coded.diagnostics {
            eprintln!("warning: {d}");
        }
        let a = &coded.article;
        let mut out = String::new();
        for (i, e) in coded.events.iter().enumerate() {
            match format {
                EventFormat::Jsonl => match serde_json::to_string(e) {
                    Ok(line) => {
                        out.push_str(&line);
                        out.push('\n');
                    }
                    Err(err) => eprintln!("error: {}: cannot write event: {err}", a.id),
                },
                EventFormat::Csv => out.push_str(&crate::formats::csv_record(e)),
                EventFormat::CameoTsv => {
                    out.push_str(&crate::formats::gdelt_row(
                        e,
                        &crate::formats::GdeltExtra::single(a.url.as_deref()),
                    ));
                }
                EventFormat::Plover => {
                    if crate::formats::is_mirror_of_earlier(e, &coded.events[..i]) {
                        continue;
                    }
                    let cite = crate::formats::Cite {
                        url: a.url.as_deref(),
                        title: a.title.as_deref(),
                        corpus: a.source.as_deref(),
                    };
                    out.push_str(&crate::formats::plover_record(e, &cite).to_string());
                    out.push('\n');
                }
            }
        }
        out
    })?;
    Ok(stats.exit_code())
}

fn cmd_eval(args: EvalArgs) -> Result<i32> {
    let text =
        std::fs::read_to_string(&args.gold).with_context(|| format!("reading {}", args.gold))?;
    if args.gold.ends_with(".jsonl") || args.gold.ends_with(".json") {
        let (kind, records) = crate::eval_events::read_gold(&text)
            .map_err(|e| anyhow::anyhow!("{}: {e}", args.gold))?;
        let dicts = args.dicts.load()?;
        let coder = make_coder(&dicts, args.coding.options());
        let start = std::time::Instant::now();
        let scores = crate::eval_events::evaluate(&coder, kind, &records);
        println!(
            "{}: {} records ({:?} gold), coded in {:.2}s",
            args.gold,
            records.len(),
            kind,
            start.elapsed().as_secs_f64()
        );
        print!("{}", scores.report(args.show_errors));
        return Ok(0);
    }
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
    let gold =
        dyad_syntax::conllu::parse(&text).with_context(|| format!("reading {}", args.gold))?;
    let model = dyad_syntax::Model::builtin();
    let start = std::time::Instant::now();
    let s = dyad_syntax::evaluate(model, &gold);
    println!(
        "syntax on gold words ({} words, {:.2}s): UPOS {:.4}  XPOS {:.4}  lemma {:.4}  UAS {:.4}  LAS {:.4}",
        s.words,
        start.elapsed().as_secs_f64(),
        s.upos,
        s.xpos,
        s.lemma,
        s.uas,
        s.las
    );
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
    readers::read_inputs(
        &args.input.inputs,
        &args.input.read_options(),
        &mut |ev| match ev {
            Event::Item(i) => items.push(i),
            Event::Diagnostic(d) => {
                if d.severity == Severity::Error {
                    skipped += 1;
                }
                eprintln!("{d}");
            }
        },
    );
    anyhow::ensure!(!items.is_empty(), "no documents to measure");
    let bytes: usize = items.iter().map(|i| i.article().text.len()).sum();
    let coder = (args.until == BenchStage::Events)
        .then(|| dyad_coder::Coder::builtin(dyad_coder::CodeOptions::default()));
    // Load models and dictionaries before timing.
    let _ = dyad_syntax::Model::builtin();
    let rss_before = peak_rss_kib();
    let start = std::time::Instant::now();
    let (mut words, mut tokens, mut events) = (0usize, 0usize, 0usize);
    for _ in 0..args.repeat.max(1) {
        let counts: Vec<(usize, usize, usize)> = pool.install(|| {
            items
                .par_iter()
                .map_init(Segmenter::new, |seg, item| {
                    let (article, doc) = analyse(seg, item.clone());
                    let events = coder
                        .as_ref()
                        .map_or(0, |c| c.code(&article.id, article.date, &doc).events.len());
                    let words = article.text.split_whitespace().count();
                    (words, doc.len(), events)
                })
                .collect()
        });
        for (w, t, e) in counts {
            words += w;
            tokens += t;
            events += e;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let docs = items.len() * args.repeat.max(1);
    match args.until {
        BenchStage::Events => println!(
            "pipeline      read text -> tokenize -> split -> tag -> parse -> actors -> events"
        ),
        BenchStage::Parse => {
            println!("pipeline      read text -> tokenize -> split -> tag -> lemma -> parse")
        }
    }
    println!("threads       {threads}");
    println!(
        "documents     {docs} ({} x {})",
        items.len(),
        args.repeat.max(1)
    );
    println!("words         {words} (whitespace-separated)");
    println!("tokens        {tokens} (dyad's tokens: words and punctuation)");
    if args.until == BenchStage::Events {
        println!("events        {events}");
    }
    println!("seconds       {secs:.3}");
    println!("docs/s        {:.0}", docs as f64 / secs);
    println!("words/s       {:.0}", words as f64 / secs);
    println!("tokens/s      {:.0}", tokens as f64 / secs);
    println!(
        "MB/s          {:.1}",
        (bytes * args.repeat.max(1)) as f64 / secs / 1e6
    );
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

fn cmd_train(args: TrainArgs) -> Result<i32> {
    let read = |p: &str| -> Result<Vec<dyad_syntax::conllu::GoldSentence>> {
        let text = std::fs::read_to_string(p).with_context(|| format!("reading {p}"))?;
        dyad_syntax::conllu::parse(&text).with_context(|| format!("reading {p}"))
    };
    let train = read(&args.train)?;
    let dev = read(&args.dev)?;
    let opts = dyad_syntax::TrainOptions {
        seed: args.seed,
        tagger_epochs: args.tagger_epochs,
        parser_epochs: args.parser_epochs,
        explore_p: args.explore_p,
        beam: args.parser_beam,
        beam_from: args.parser_beam_from,
        ..dyad_syntax::TrainOptions::default()
    };
    let model = dyad_syntax::train(&train, &dev, &opts, &mut |msg| eprintln!("{msg}"));
    model
        .save(&args.out)
        .with_context(|| format!("writing {}", args.out))?;
    let s = dyad_syntax::evaluate(&model, &dev);
    eprintln!(
        "dev: UPOS {:.4} XPOS {:.4} lemma {:.4} UAS {:.4} LAS {:.4}; model written to {}",
        s.upos, s.xpos, s.lemma, s.uas, s.las, args.out
    );
    Ok(0)
}

fn cmd_explain(args: ExplainArgs) -> Result<i32> {
    let dicts = args.dicts.load()?;
    let mut opts = args.coding.options();
    opts.trace = true;
    let coder = make_coder(&dicts, opts);
    let mut seg = Segmenter::new();
    let items: Vec<Item> = match (&args.text, &args.doc) {
        (Some(t), _) => {
            let mut a = dyad_text::Article::new("explain", t.clone());
            a.date = args.date;
            vec![Item::Article(a)]
        }
        (None, Some(path)) => {
            let mut items = Vec::new();
            let opts = ReadOptions {
                date: args.date,
                ..ReadOptions::default()
            };
            readers::read_inputs(std::slice::from_ref(path), &opts, &mut |ev| match ev {
                Event::Item(i) => items.push(i),
                Event::Diagnostic(d) => eprintln!("{d}"),
            });
            items
        }
        (None, None) => anyhow::bail!("give a sentence to explain, or --doc FILE"),
    };
    for item in items {
        let (article, doc) = analyse(&mut seg, item);
        if let Some(s) = args.sentence {
            anyhow::ensure!(
                s < doc.sentence_count(),
                "{} has {} sentences (0..{})",
                article.id,
                doc.sentence_count(),
                doc.sentence_count().saturating_sub(1)
            );
        }
        print!(
            "{}",
            crate::explain::explain(
                &coder,
                &article.id,
                article.date,
                &doc,
                args.sentence,
                args.json
            )
        );
    }
    Ok(0)
}

fn cmd_actors_in(args: CodeArgs) -> Result<i32> {
    let dicts = args.dicts.load()?;
    let coder = make_coder(&dicts, args.coding.options());
    let stats = run_batches(&args.input, |seg, item| {
        let (article, doc) = analyse(seg, item);
        let resolver = dyad_coder::actors::Resolver::new(coder.lexicon, article.date);
        let mut out = String::new();
        for m in resolver.resolve(&doc) {
            let span = doc.span(m.start, m.end);
            for a in &m.actors {
                let v = serde_json::json!({
                    "doc_id": article.id, "sentence": m.sentence, "text": span.text(),
                    "start": span.char_start(), "end": span.char_end(),
                    "code": a.code, "country": a.country, "sector": a.sector,
                    "name": a.name, "entity": a.entity, "via": m.via.as_str(), "rule": m.rule,
                });
                out.push_str(&v.to_string());
                out.push('\n');
            }
        }
        out
    })?;
    Ok(stats.exit_code())
}
