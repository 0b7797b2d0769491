//! Input readers: dated text, plain text, JSONL, CoNLL-U; files, directories (recursive),
//! standard input, and `.gz` / `.zst` compressed files.
//!
//! Readers never stop at a bad document: each problem becomes a `Diagnostic` naming the file
//! and line, and reading goes on with the next document.

use crate::conllu;
use dyad_text::{Article, Date, Doc};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Input formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// Chosen by file extension (and content, for `.txt` and standard input).
    Auto,
    /// `date YYYY-MM-DD` then the text (the format of dyad's examples).
    Dated,
    /// Plain text: the whole file is one article, dated by `--date`.
    Text,
    /// One JSON object per line with `id`, `date`, `text` (and optional fields).
    Jsonl,
    /// CoNLL-U: the given words are used as they are.
    Conllu,
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The document was skipped.
    Error,
    /// The document was read, but something is worth knowing.
    Warning,
}

/// A problem with the input, naming the source and line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub source: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.line {
            Some(l) => write!(f, "{sev}: {}:{l}: {}", self.source, self.message),
            None => write!(f, "{sev}: {}: {}", self.source, self.message),
        }
    }
}

/// One input item: an article to segment, or a pre-segmented document (CoNLL-U).
#[derive(Clone, Debug)]
pub enum Item {
    Article(Article),
    Parsed(Article, Box<Doc>),
}

impl Item {
    pub fn article(&self) -> &Article {
        match self {
            Item::Article(a) | Item::Parsed(a, _) => a,
        }
    }
}

/// Reader options.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    pub format: InputFormat,
    /// Date for plain-text inputs.
    pub date: Option<Date>,
    /// Documents longer than this (bytes of text) are skipped with a diagnostic.
    pub max_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: InputFormat::Auto,
            date: None,
            max_bytes: 8 * 1024 * 1024,
        }
    }
}

/// What reading produced, in input order.
pub enum Event {
    Item(Item),
    Diagnostic(Diagnostic),
}

/// Reads every input (files, directories, `-`) and passes items and diagnostics to `sink`,
/// in input order. Files in a directory are read in sorted path order.
pub fn read_inputs(inputs: &[String], opts: &ReadOptions, sink: &mut dyn FnMut(Event)) {
    for input in inputs {
        if input == "-" {
            let mut bytes = Vec::new();
            match std::io::stdin().lock().read_to_end(&mut bytes) {
                Ok(_) => read_bytes("<stdin>", "-", bytes, opts, sink),
                Err(e) => sink(Event::Diagnostic(error(
                    "<stdin>",
                    None,
                    format!("cannot read: {e}"),
                ))),
            }
            continue;
        }
        let path = Path::new(input);
        if path.is_dir() {
            let mut files: Vec<PathBuf> = Vec::new();
            for entry in walkdir::WalkDir::new(path).follow_links(true) {
                match entry {
                    Ok(e) if e.file_type().is_file() => {
                        let name = e.file_name().to_string_lossy();
                        if !name.starts_with('.') {
                            files.push(e.into_path());
                        }
                    }
                    Ok(_) => {}
                    Err(e) => sink(Event::Diagnostic(error(
                        input,
                        None,
                        format!("cannot list: {e}"),
                    ))),
                }
            }
            files.sort();
            for f in files {
                read_file(&f, opts, sink);
            }
        } else {
            read_file(path, opts, sink);
        }
    }
}

fn error(source: &str, line: Option<usize>, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        source: source.to_string(),
        line,
        message,
    }
}

fn warning(source: &str, line: Option<usize>, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        source: source.to_string(),
        line,
        message,
    }
}

/// Reads one file (decompressing `.gz` / `.zst`).
pub fn read_file(path: &Path, opts: &ReadOptions, sink: &mut dyn FnMut(Event)) {
    let name = path.display().to_string();
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            sink(Event::Diagnostic(error(
                &name,
                None,
                format!("cannot open: {e}"),
            )));
            return;
        }
    };
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let limit = (opts.max_bytes as u64).saturating_mul(64).max(1 << 30);
    let mut bytes = Vec::new();
    let result = match ext {
        "gz" => flate2::read::MultiGzDecoder::new(file)
            .take(limit)
            .read_to_end(&mut bytes),
        "zst" => match zstd::stream::read::Decoder::new(file) {
            Ok(d) => d.take(limit).read_to_end(&mut bytes),
            Err(e) => Err(e),
        },
        _ => file.take(limit).read_to_end(&mut bytes),
    };
    if let Err(e) = result {
        sink(Event::Diagnostic(error(
            &name,
            None,
            format!("cannot read: {e}"),
        )));
        return;
    }
    let inner = match ext {
        "gz" | "zst" => path.file_stem().map(Path::new).unwrap_or(path),
        _ => path,
    };
    let inner_ext = inner
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    read_bytes(&name, &inner_ext, bytes, opts, sink);
}

/// Reads a whole input already in memory. `ext` is the (inner) file extension or `-`.
pub fn read_bytes(
    source: &str,
    ext: &str,
    bytes: Vec<u8>,
    opts: &ReadOptions,
    sink: &mut dyn FnMut(Event),
) {
    let format = match opts.format {
        InputFormat::Auto => match ext {
            "jsonl" | "ndjson" | "json" => InputFormat::Jsonl,
            "conllu" | "conll" => InputFormat::Conllu,
            _ => sniff(&bytes),
        },
        f => f,
    };
    if format == InputFormat::Jsonl {
        read_jsonl(source, &bytes, opts, sink);
        return;
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            sink(Event::Diagnostic(error(
                source,
                Some(line),
                format!(
                    "not valid UTF-8 (byte {}); document skipped",
                    e.utf8_error().valid_up_to()
                ),
            )));
            return;
        }
    };
    match format {
        InputFormat::Conllu => read_conllu(source, &text, sink),
        InputFormat::Dated => read_dated(source, text, opts, sink),
        _ => {
            let mut a = Article::new(source, text);
            a.date = opts.date;
            emit_article(source, None, a, opts, sink);
        }
    }
}

/// Guesses the format from content: JSON objects, CoNLL-U, dated text, or plain text.
fn sniff(bytes: &[u8]) -> InputFormat {
    let head = &bytes[..bytes.len().min(4096)];
    let s = String::from_utf8_lossy(head);
    let t = s.trim_start();
    if t.starts_with('{') {
        InputFormat::Jsonl
    } else if t.starts_with("date ") || t.starts_with("date\t") {
        InputFormat::Dated
    } else if t.lines().any(|l| {
        let c: Vec<&str> = l.split('\t').collect();
        c.len() == 10 && c[0].bytes().all(|b| b.is_ascii_digit())
    }) && (t.starts_with('#') || t.starts_with('1'))
    {
        InputFormat::Conllu
    } else {
        InputFormat::Text
    }
}

/// Checks size and emptiness, then passes the article on.
fn emit_article(
    source: &str,
    line: Option<usize>,
    a: Article,
    opts: &ReadOptions,
    sink: &mut dyn FnMut(Event),
) {
    if a.text.trim().is_empty() {
        sink(Event::Diagnostic(error(
            source,
            line,
            "empty document; skipped".into(),
        )));
        return;
    }
    if a.text.len() > opts.max_bytes {
        sink(Event::Diagnostic(error(
            source,
            line,
            format!(
                "document of {} bytes is larger than the limit of {} bytes (--max-bytes); skipped",
                a.text.len(),
                opts.max_bytes
            ),
        )));
        return;
    }
    let controls = a
        .text
        .chars()
        .filter(|c| c.is_control() && !c.is_whitespace())
        .count();
    if controls * 20 > a.text.chars().count().max(1) {
        sink(Event::Diagnostic(error(
            source,
            line,
            format!("document looks binary ({controls} control characters); skipped"),
        )));
        return;
    }
    sink(Event::Item(Item::Article(a)));
}

/// The dated-text format: optional leading whitespace, `date YYYY-MM-DD`, then the text on
/// the same line and/or the lines after it. Text offsets point into the text after the date.
fn read_dated(source: &str, text: String, opts: &ReadOptions, sink: &mut dyn FnMut(Event)) {
    let lead = text.len() - text.trim_start().len();
    let line = 1 + text[..lead].matches('\n').count();
    let rest = &text[lead..];
    let Some(after) = rest.strip_prefix("date") else {
        sink(Event::Diagnostic(error(
            source,
            Some(line),
            "expected `date YYYY-MM-DD` at the start".into(),
        )));
        return;
    };
    let after = after.trim_start_matches([' ', '\t']);
    let token: String = after.chars().take_while(|c| !c.is_whitespace()).collect();
    let Some(date) = Date::parse_iso(&token) else {
        sink(Event::Diagnostic(error(
            source,
            Some(line),
            format!(
                "bad date {token:?}: expected YYYY-MM-DD, a real calendar date; document skipped"
            ),
        )));
        return;
    };
    let body = after[token.len()..].trim_start_matches([' ', '\t']);
    let body = body
        .strip_prefix("\r\n")
        .or_else(|| body.strip_prefix('\n'))
        .unwrap_or(body);
    let mut a = Article::new(article_id(source), body.trim_end().to_string());
    a.date = Some(date);
    emit_article(source, Some(line), a, opts, sink);
}

/// Article id from a file path: the path as given ("<stdin>" for standard input).
fn article_id(source: &str) -> String {
    source.to_string()
}

fn read_jsonl(source: &str, bytes: &[u8], opts: &ReadOptions, sink: &mut dyn FnMut(Event)) {
    for (k, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = k + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let Ok(s) = std::str::from_utf8(raw) else {
            sink(Event::Diagnostic(error(
                source,
                Some(line),
                "not valid UTF-8; line skipped".into(),
            )));
            continue;
        };
        match parse_json_article(s, source, line) {
            Ok((a, warnings)) => {
                for w in warnings {
                    sink(Event::Diagnostic(warning(source, Some(line), w)));
                }
                emit_article(source, Some(line), a, opts, sink);
            }
            Err(msg) => sink(Event::Diagnostic(error(
                source,
                Some(line),
                format!("{msg}; line skipped"),
            ))),
        }
    }
}

/// Parses one JSON object into an article. Returns warnings for recoverable problems.
pub fn parse_json_article(
    s: &str,
    source: &str,
    line: usize,
) -> Result<(Article, Vec<String>), String> {
    let value: serde_json::Value =
        serde_json::from_str(s).map_err(|e| format!("malformed JSON: {e}"))?;
    let serde_json::Value::Object(mut map) = value else {
        return Err("expected a JSON object".into());
    };
    let mut warnings = Vec::new();
    let text = match map.remove("text") {
        Some(serde_json::Value::String(t)) => t,
        Some(_) => return Err("field `text` must be a string".into()),
        None => return Err("missing field `text`".into()),
    };
    let id = match map.remove("id") {
        Some(serde_json::Value::String(s)) if !s.is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => format!("{source}:{line}"),
    };
    let date = match map.remove("date") {
        Some(serde_json::Value::String(d)) => {
            // Accept a full timestamp by its date part.
            let day = d.get(..10).unwrap_or(&d);
            match Date::parse_iso(day) {
                Some(date) if d.len() == 10 || d[10..].starts_with(['T', ' ']) => Some(date),
                _ => return Err(format!("bad date {d:?}: expected YYYY-MM-DD")),
            }
        }
        Some(serde_json::Value::Null) | None => {
            warnings.push("no date: events will have no date".to_string());
            None
        }
        Some(other) => return Err(format!("bad date {other}: expected a string YYYY-MM-DD")),
    };
    let mut take_str = |k: &str| match map.remove(k) {
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Null) | None => None,
        Some(other) => Some(other.to_string()),
    };
    let title = take_str("title");
    let src = take_str("source");
    let url = take_str("url");
    let extra = map.into_iter().map(|(k, v)| (k, v.to_string())).collect();
    Ok((
        Article {
            id,
            date,
            source: src,
            url,
            title,
            text,
            extra,
        },
        warnings,
    ))
}

fn read_conllu(source: &str, text: &str, sink: &mut dyn FnMut(Event)) {
    let (docs, errors) = conllu::parse(text);
    for e in errors {
        sink(Event::Diagnostic(error(
            source,
            Some(e.line),
            format!("{}; sentence skipped", e.message),
        )));
    }
    let many = docs.len() > 1;
    for (k, d) in docs.iter().enumerate() {
        if d.sentences.is_empty() {
            continue;
        }
        let id = match &d.id {
            Some(id) => id.clone(),
            None if many => format!("{source}#{}", k + 1),
            None => source.to_string(),
        };
        let (article, doc) = conllu::to_doc(d, id);
        sink(Event::Item(Item::Parsed(article, Box::new(doc))));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(ext: &str, bytes: &[u8], opts: &ReadOptions) -> (Vec<Item>, Vec<Diagnostic>) {
        let mut items = Vec::new();
        let mut diags = Vec::new();
        read_bytes("in", ext, bytes.to_vec(), opts, &mut |e| match e {
            Event::Item(i) => items.push(i),
            Event::Diagnostic(d) => diags.push(d),
        });
        (items, diags)
    }

    #[test]
    fn dated_text() {
        let (items, diags) = read(
            "txt",
            b"  date 2021-03-04 Talks began.\nThey ended.\n",
            &ReadOptions::default(),
        );
        assert!(diags.is_empty());
        let a = items[0].article();
        assert_eq!(a.date, Date::new(2021, 3, 4));
        assert_eq!(a.text, "Talks began.\nThey ended.");
        let (items, _) = read(
            "txt",
            b"date 2021-03-04\nBody only.",
            &ReadOptions::default(),
        );
        assert_eq!(items[0].article().text, "Body only.");
    }

    #[test]
    fn dated_text_bad_date() {
        let (items, diags) = read("txt", b"\n\ndate 2021-02-30 Text", &ReadOptions::default());
        assert!(items.is_empty());
        assert_eq!(diags[0].line, Some(3));
        assert!(diags[0].message.contains("2021-02-30"));
    }

    #[test]
    fn plain_text_uses_given_date() {
        let opts = ReadOptions {
            date: Date::new(2020, 1, 2),
            ..ReadOptions::default()
        };
        let (items, _) = read("txt", b"No date line here.", &opts);
        assert_eq!(items[0].article().date, Date::new(2020, 1, 2));
    }

    #[test]
    fn jsonl_good_bad_and_extra() {
        let input = b"{\"id\":\"a\",\"date\":\"2020-05-06\",\"text\":\"One.\",\"lang\":\"en\"}\n{bad json\n{\"id\":\"c\",\"date\":\"2020-13-01\",\"text\":\"x\"}\n\n{\"date\":\"2020-05-06T10:00:00Z\",\"text\":\"Two.\",\"title\":\"T\"}\n{\"id\":\"e\",\"text\":\"\"}\n";
        let (items, diags) = read("jsonl", input, &ReadOptions::default());
        assert_eq!(items.len(), 2);
        let a = items[0].article();
        assert_eq!(a.extra.get("lang").map(String::as_str), Some("\"en\""));
        assert_eq!(items[1].article().id, "in:5");
        assert_eq!(items[1].article().title.as_deref(), Some("T"));
        let errors: Vec<_> = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.line.unwrap())
            .collect();
        assert_eq!(errors, [2, 3, 6]);
        // The undated line 6 is also warned about.
        assert!(diags
            .iter()
            .any(|d| d.severity == Severity::Warning && d.line == Some(6)));
    }

    #[test]
    fn broken_utf8_and_binary() {
        let (items, diags) = read(
            "txt",
            b"date 2020-01-01 ok\n\xff\xfe bad",
            &ReadOptions::default(),
        );
        assert!(items.is_empty());
        assert_eq!(diags[0].line, Some(2));
        let junk: Vec<u8> = (0u8..32).cycle().take(400).collect();
        let (items, diags) = read("txt", &junk, &ReadOptions::default());
        assert!(items.is_empty());
        assert!(diags[0].message.contains("binary"));
    }

    #[test]
    fn oversized_and_empty() {
        let opts = ReadOptions {
            max_bytes: 10,
            ..ReadOptions::default()
        };
        let (items, diags) = read("txt", b"a text longer than ten bytes", &opts);
        assert!(items.is_empty());
        assert!(diags[0].message.contains("larger"));
        let (items, diags) = read("txt", b"   \n ", &ReadOptions::default());
        assert!(items.is_empty());
        assert!(diags[0].message.contains("empty"));
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b"{\"a\":1}"), InputFormat::Jsonl);
        assert_eq!(sniff(b" date 2020-01-01 x"), InputFormat::Dated);
        assert_eq!(
            sniff(b"# text = x\n1\tx\t_\t_\t_\t_\t0\troot\t_\t_\n"),
            InputFormat::Conllu
        );
        assert_eq!(sniff(b"Just text."), InputFormat::Text);
    }
}
