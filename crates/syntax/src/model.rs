//! The complete model (tagger, lemmatizer, parser): annotation, (de)serialisation, builtin.

use std::cell::RefCell;
use std::sync::OnceLock;

use dyad_text::{Doc, Upos, NO_HEAD};

use crate::io::{Reader, Writer};
use crate::lemma::Lemmatizer;
use crate::parser::{Parser, State};
use crate::tagger::Tagger;
use crate::words::{WordBuf, WordInfo};
use crate::Error;

/// Format 2: three zstd frames, each preceded by its compressed length (u64 LE): tagger and
/// lemmatizer; the parser without its weight entries; the parser's weight entries. They are
/// decompressed in parallel.
const MAGIC_V2: &[u8; 8] = b"DYADSYN2";
/// Format 3: format 2 with the tagger's ambiguity classes.
const MAGIC_V3: &[u8; 8] = b"DYADSYN3";
/// Format 4: format 3 with an optional arc labeller in the parser's first part (unlabelled
/// transitions).
const MAGIC_V4: &[u8; 8] = b"DYADSYN4";
/// Format 5: format 4 with the parser's beam width after the labeller.
const MAGIC: &[u8; 8] = b"DYADSYN5";

/// The builtin English model (trained on UD English EWT), compressed.
static BUILTIN: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/en-ewt.dyadsyn"
));

/// The builtin model with a beam-search parser (more accurate, three to four times slower).
static BUILTIN_BEAM: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/en-ewt-beam.dyadsyn"
));

/// The builtin English models: same tagger and lemmatizer, two parsers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Builtin {
    /// Greedy parser (`models/en-ewt.dyadsyn`): the default, fastest.
    #[default]
    Greedy,
    /// Parser trained for and parsing with a beam of 4 (`models/en-ewt-beam.dyadsyn`).
    Beam,
}

/// A model installed in place of the builtin one (`Model::install`).
static INSTALLED: OnceLock<Model> = OnceLock::new();

/// Tagger, lemmatizer and parser together.
#[derive(Clone, Default)]
pub struct Model {
    pub(crate) tagger: Tagger,
    pub(crate) lemmatizer: Lemmatizer,
    pub(crate) parser: Parser,
}

/// Per-thread reusable buffers for `annotate`.
#[derive(Default)]
struct Scratch {
    wbuf: WordBuf,
    words: Vec<WordInfo>,
    classes: Vec<u8>,
    xpos: Vec<u8>,
    feats: Vec<u32>,
    scores: Vec<f32>,
    state: State,
    punct: Vec<bool>,
    punct_scratch: crate::punct::Scratch,
    lower: String,
    lemma: String,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

fn truncated() -> Error {
    Error::Model("truncated model".into())
}

fn done(r: &Reader) -> Result<(), Error> {
    if r.is_done() {
        Ok(())
    } else {
        Err(Error::Model("trailing bytes in model".into()))
    }
}

fn read_tagging(r: &mut Reader, version: u8) -> Result<(Tagger, Lemmatizer), Error> {
    let tagger = Tagger::read(r, version >= 3)?;
    let lemmatizer = Lemmatizer::read(r, version >= 4)?;
    Ok((tagger, lemmatizer))
}

/// Decompresses one zstd frame, straight into a buffer of the right size when the frame
/// records its content size (frames written by `to_bytes` do).
fn decompress(data: &[u8]) -> Result<Vec<u8>, Error> {
    let err = |e: std::io::Error| Error::Model(format!("decompression: {e}"));
    match zstd::zstd_safe::get_frame_content_size(data) {
        // Bounded to guard against absurd sizes in corrupt data.
        Ok(Some(n)) if n <= 1 << 31 => zstd::bulk::decompress(data, n as usize).map_err(err),
        _ => zstd::stream::decode_all(data).map_err(err),
    }
}

impl Model {
    /// The model in use: the one given to `install`, else the builtin model (trained on UD
    /// English EWT), decoded once on first use.
    pub fn builtin() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        if let Some(m) = INSTALLED.get() {
            return m;
        }
        MODEL.get_or_init(Model::decode_builtin)
    }

    /// A fresh copy of the default builtin model (to change, then `install`).
    pub fn decode_builtin() -> Model {
        Model::decode_builtin_kind(Builtin::Greedy)
    }

    /// A fresh copy of one of the builtin models.
    pub fn decode_builtin_kind(kind: Builtin) -> Model {
        let bytes = match kind {
            Builtin::Greedy => BUILTIN,
            Builtin::Beam => BUILTIN_BEAM,
        };
        Model::from_bytes(bytes).expect("the builtin models are valid")
    }

    /// Makes `model` the one `builtin()` returns for the rest of the process. Only the first
    /// call has an effect; it returns false when a model was already installed.
    pub fn install(model: Model) -> bool {
        INSTALLED.set(model).is_ok()
    }

    /// Decodes a model written by `to_bytes` (or by format version 2).
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, Error> {
        let (version, body) = if let Some(b) = bytes.strip_prefix(MAGIC.as_slice()) {
            (5, b)
        } else if let Some(b) = bytes.strip_prefix(MAGIC_V4.as_slice()) {
            (4, b)
        } else if let Some(b) = bytes.strip_prefix(MAGIC_V3.as_slice()) {
            (3, b)
        } else if let Some(b) = bytes.strip_prefix(MAGIC_V2.as_slice()) {
            (2, b)
        } else {
            return Err(Error::Model("not a dyad syntax model (bad magic)".into()));
        };
        let mut r = Reader::new(body);
        let n = r.u64()?;
        let part1 = r.take(usize::try_from(n).map_err(|_| truncated())?)?;
        let n = r.u64()?;
        let part2 = r.take(usize::try_from(n).map_err(|_| truncated())?)?;
        let n = r.u64()?;
        let part3 = r.take(usize::try_from(n).map_err(|_| truncated())?)?;
        done(&r)?;
        // The parser is the larger part: decode it here while two threads decompress its
        // entries and decode the tagger and lemmatizer.
        let (tagging, parser) = std::thread::scope(|sc| {
            let body = sc.spawn(|| decompress(part3));
            let t = sc.spawn(|| -> Result<(Tagger, Lemmatizer), Error> {
                let raw = decompress(part1)?;
                let mut r = Reader::new(&raw);
                let out = read_tagging(&mut r, version)?;
                done(&r)?;
                Ok(out)
            });
            let parser = decompress(part2).and_then(|head| {
                let body = body
                    .join()
                    .unwrap_or_else(|_| Err(Error::Model("decoder thread panicked".into())))?;
                let (mut h, mut b) = (Reader::new(&head), Reader::new(&body));
                let p = Parser::read_split(&mut h, &mut b, version)?;
                done(&h)?;
                done(&b)?;
                Ok(p)
            });
            let tagging = t
                .join()
                .unwrap_or_else(|_| Err(Error::Model("decoder thread panicked".into())));
            (tagging, parser)
        });
        let (tagger, lemmatizer) = tagging?;
        Ok(Model {
            tagger,
            lemmatizer,
            parser: parser?,
        })
    }

    /// Encodes the model (zstd-compressed, weights quantised to 16 bits).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        self.tagger.write(&mut w);
        self.lemmatizer.write(&mut w);
        let part1 = zstd::bulk::compress(&w.buf, 12).expect("in-memory zstd");
        let mut w = Writer::default();
        self.parser.write_head(&mut w);
        let part2 = zstd::bulk::compress(&w.buf, 12).expect("in-memory zstd");
        let mut w = Writer::default();
        self.parser.write_body(&mut w);
        // The weight entries are near-random 16-bit numbers: level 12 saves 14% of their
        // size over level 1 but decompresses 3.5 times slower (210 against 745 MB/s), and
        // this frame is the longest step of loading.
        let part3 = zstd::bulk::compress(&w.buf, 1).expect("in-memory zstd");
        let mut out = MAGIC.to_vec();
        for part in [part1, part2, part3] {
            out.extend_from_slice(&(part.len() as u64).to_le_bytes());
            out.extend(part);
        }
        out
    }

    /// Writes `to_bytes` to a file.
    pub fn save(&self, path: impl AsRef<std::path::Path>) -> Result<(), Error> {
        std::fs::write(path.as_ref(), self.to_bytes())
            .map_err(|e| Error::Io(format!("{}: {e}", path.as_ref().display())))
    }

    /// Reads a model file.
    pub fn load(path: impl AsRef<std::path::Path>) -> Result<Model, Error> {
        let bytes = std::fs::read(path.as_ref())
            .map_err(|e| Error::Io(format!("{}: {e}", path.as_ref().display())))?;
        Model::from_bytes(&bytes)
    }

    /// Drops tagger and parser weights below `min` in magnitude (smaller, faster model).
    pub fn prune(&mut self, min: f32) {
        self.tagger.prune(min);
        self.parser.prune(min);
    }

    /// Parses with a beam of `width` partial parses (1: greedy). A parser trained with a
    /// beam parses best with its own width, which it keeps unless told otherwise.
    pub fn set_beam(&mut self, width: u8) {
        self.parser.beam = width.max(1);
    }

    /// The parser's beam width (1: greedy).
    pub fn beam(&self) -> u8 {
        self.parser.beam
    }

    /// Sizes for reports: (tagger features, tagger weights, parser features, parser weights).
    pub fn sizes(&self) -> (usize, usize, usize, usize) {
        let (a, b) = self.tagger.weights_size();
        let (c, d) = self.parser.weights_size();
        (a, b, c, d)
    }

    /// Fills `doc.upos`, `doc.xpos`, lemmas, `doc.head` and `doc.deprel` for every sentence.
    /// Previous annotations are replaced. Never panics on any input.
    pub fn annotate(&self, doc: &mut Doc) {
        doc.reset_annotations();
        SCRATCH.with(|s| match s.try_borrow_mut() {
            Ok(mut s) => self.annotate_with(doc, &mut s),
            // Re-entrant call on this thread (cannot happen in normal use): fresh buffers.
            Err(_) => self.annotate_with(doc, &mut Scratch::default()),
        });
    }

    fn annotate_with(&self, doc: &mut Doc, s: &mut Scratch) {
        for si in 0..doc.sentence_count() {
            let (start, end) = {
                let sp = doc.sentence(si);
                (sp.start, sp.end)
            };
            if start >= end {
                continue;
            }
            s.words.clear();
            for i in start..end {
                let w = WordInfo::new(doc.token(i).form(), &mut s.wbuf);
                s.words.push(w);
            }
            self.tagger
                .tag(&s.words, &mut s.classes, &mut s.feats, &mut s.scores);
            s.xpos.clear();
            for (k, &c) in s.classes.iter().enumerate() {
                let (u, x) = self.tagger.class(c);
                doc.upos[start + k] = u;
                doc.xpos[start + k] = x;
                s.xpos.push(x.0);
            }
            for i in start..end {
                let x = doc.xpos[i];
                self.lemmatizer
                    .lemma_into(doc.token(i).form(), x, &mut s.lower, &mut s.lemma);
                doc.set_lemma(i, &s.lemma);
            }
            self.parser
                .parse(&s.words, &s.xpos, &mut s.state, &mut s.feats, &mut s.scores);
            s.punct.clear();
            s.punct
                .extend((start..end).map(|i| doc.upos[i] == Upos::PUNCT));
            let n = end - start;
            let st = &mut s.state;
            crate::punct::attach(
                &mut st.heads[..n],
                &mut st.labels[..n],
                &s.punct,
                |i| doc.token(start + i).form(),
                self.parser.punct_label(),
                &mut s.punct_scratch,
            );
            let (head, deprel) = (&mut doc.head, &mut doc.deprel);
            self.parser.read_out(&s.state, |i, h, r| {
                head[start + i] = if h == NO_HEAD {
                    NO_HEAD
                } else {
                    start as u32 + h
                };
                deprel[start + i] = r;
            });
        }
    }
}
