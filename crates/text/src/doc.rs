//! The `Doc`: an article's text plus flat, parallel arrays of per-word annotations.
//!
//! Words (UD "syntactic words") are the unit of every array. A surface token that UD splits
//! into several words ("don't" -> "do" + "n't") is recorded once in `multiwords`; each of its
//! words still has its own character span inside the token. Pipeline stages fill the arrays in
//! place; `Token` and `Span` are cheap, copyable views borrowing the `Doc`.

use crate::tags::{DepRel, Upos, Xpos};

/// Half-open range `[start, end)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Range32 {
    pub start: u32,
    pub end: u32,
}

impl Range32 {
    pub fn new(start: usize, end: usize) -> Range32 {
        Range32 {
            start: start as u32,
            end: end as u32,
        }
    }
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A surface token made of several words (UD multiword token).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MultiWord {
    /// The words it covers, `[start, end)`.
    pub words: Range32,
    /// Byte range of the surface token in the text.
    pub bytes: Range32,
}

/// Head value meaning "no head": the word is the root of its sentence, or unparsed.
pub const NO_HEAD: u32 = u32::MAX;

/// An article's text and its annotations as flat arrays indexed by word.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    text: String,
    /// Byte offset of every char boundary index, built lazily when needed: `char_of_byte`.
    char_index: CharIndex,
    // --- words ---
    /// Byte range of each word in `text`.
    bytes: Vec<Range32>,
    /// Word forms that differ from their text slice ("n't" written "nt" in the text, or words
    /// given by a CoNLL-U file): index into `alt_forms`, `u32::MAX` when the form is the slice.
    alt_form: Vec<u32>,
    alt_forms: Vec<String>,
    /// Whether whitespace follows the word in the text.
    space_after: Vec<bool>,
    multiwords: Vec<MultiWord>,
    /// Sentences as word ranges, in order, covering words without overlap.
    sentences: Vec<Range32>,
    // --- annotations, empty until a stage fills them (then one entry per word) ---
    pub upos: Vec<Upos>,
    pub xpos: Vec<Xpos>,
    /// Lemma of each word: byte range into `lemma_arena`.
    lemma: Vec<Range32>,
    lemma_arena: String,
    /// Head of each word as a document-level word index, or `NO_HEAD` for roots.
    pub head: Vec<u32>,
    pub deprel: Vec<DepRel>,
}

#[derive(Clone, Debug, Default)]
struct CharIndex {
    /// For ASCII-only texts this stays empty and char offsets equal byte offsets.
    /// Otherwise: sorted (byte offset, char offset) of every non-ASCII char's next boundary.
    marks: Vec<(u32, u32)>,
}

impl CharIndex {
    fn build(text: &str) -> CharIndex {
        let mut marks = Vec::new();
        if !text.is_ascii() {
            let mut chars = 0u32;
            for (b, c) in text.char_indices() {
                chars += 1;
                if c.len_utf8() > 1 {
                    marks.push(((b + c.len_utf8()) as u32, chars));
                }
            }
        }
        CharIndex { marks }
    }

    fn char_of_byte(&self, byte: u32) -> u32 {
        // Number of chars before `byte` = byte - (extra bytes of multibyte chars before it).
        match self.marks.partition_point(|&(b, _)| b <= byte) {
            0 => byte,
            i => {
                let (b, c) = self.marks[i - 1];
                c + (byte - b)
            }
        }
    }
}

/// Builds a `Doc` word by word (used by the tokenizer and the CoNLL-U reader).
#[derive(Debug)]
pub struct DocBuilder {
    doc: Doc,
    sent_start: u32,
}

impl DocBuilder {
    pub fn new(text: impl Into<String>) -> DocBuilder {
        let text = text.into();
        let char_index = CharIndex::build(&text);
        DocBuilder {
            doc: Doc {
                text,
                char_index,
                ..Doc::default()
            },
            sent_start: 0,
        }
    }

    pub fn text(&self) -> &str {
        &self.doc.text
    }

    /// Number of words pushed so far.
    pub fn len(&self) -> usize {
        self.doc.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.doc.bytes.is_empty()
    }

    /// Adds a word covering `bytes` of the text. `form` overrides the text slice as the
    /// word's form when given and different.
    pub fn push_word(&mut self, bytes: std::ops::Range<usize>, form: Option<&str>) {
        debug_assert!(bytes.start <= bytes.end && bytes.end <= self.doc.text.len());
        let slice = &self.doc.text[bytes.clone()];
        let alt = match form {
            Some(f) if f != slice => {
                self.doc.alt_forms.push(f.to_string());
                (self.doc.alt_forms.len() - 1) as u32
            }
            _ => u32::MAX,
        };
        let space = self.doc.text[bytes.end..]
            .chars()
            .next()
            .is_some_and(char::is_whitespace);
        if let Some(last) = self.doc.space_after.last_mut() {
            let prev_end = self.doc.bytes.last().map_or(0, |r| r.end as usize);
            *last = prev_end < bytes.start
                && self.doc.text[prev_end..bytes.start]
                    .chars()
                    .next()
                    .is_some_and(char::is_whitespace);
        }
        self.doc.bytes.push(Range32::new(bytes.start, bytes.end));
        self.doc.alt_form.push(alt);
        self.doc.space_after.push(space);
    }

    /// Marks the words pushed since the last call of `start..` as one multiword token.
    pub fn mark_multiword(&mut self, first_word: usize, bytes: std::ops::Range<usize>) {
        let end = self.len();
        if end > first_word + 1 {
            self.doc.multiwords.push(MultiWord {
                words: Range32::new(first_word, end),
                bytes: Range32::new(bytes.start, bytes.end),
            });
        }
    }

    /// Ends the current sentence (no-op if it would be empty).
    pub fn end_sentence(&mut self) {
        let end = self.len() as u32;
        if end > self.sent_start {
            self.doc.sentences.push(Range32 {
                start: self.sent_start,
                end,
            });
            self.sent_start = end;
        }
    }

    pub fn finish(mut self) -> Doc {
        self.end_sentence();
        self.doc
    }
}

impl Doc {
    /// The article text the offsets point into.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Converts a byte offset into the text to a char (Unicode scalar) offset.
    pub fn char_offset(&self, byte: usize) -> usize {
        self.char_index.char_of_byte(byte as u32) as usize
    }

    /// A view of word `i`.
    pub fn token(&self, i: usize) -> Token<'_> {
        assert!(i < self.len(), "word index out of range");
        Token { doc: self, i }
    }

    /// All words in order.
    pub fn tokens(&self) -> impl ExactSizeIterator<Item = Token<'_>> + '_ {
        (0..self.len()).map(move |i| Token { doc: self, i })
    }

    /// Sentences in order.
    pub fn sentences(&self) -> impl ExactSizeIterator<Item = Span<'_>> + '_ {
        self.sentences.iter().map(move |r| Span {
            doc: self,
            start: r.start as usize,
            end: r.end as usize,
        })
    }

    /// Number of sentences.
    pub fn sentence_count(&self) -> usize {
        self.sentences.len()
    }

    /// Sentence `i` as a span.
    pub fn sentence(&self, i: usize) -> Span<'_> {
        let r = self.sentences[i];
        Span {
            doc: self,
            start: r.start as usize,
            end: r.end as usize,
        }
    }

    /// Index of the sentence containing word `i`.
    pub fn sentence_of(&self, i: usize) -> usize {
        self.sentences.partition_point(|r| (r.end as usize) <= i)
    }

    /// A span of words `[start, end)`.
    pub fn span(&self, start: usize, end: usize) -> Span<'_> {
        assert!(start <= end && end <= self.len(), "span out of range");
        Span {
            doc: self,
            start,
            end,
        }
    }

    /// Multiword tokens, in order.
    pub fn multiwords(&self) -> &[MultiWord] {
        &self.multiwords
    }

    /// Byte ranges of the words.
    pub fn word_bytes(&self) -> &[Range32] {
        &self.bytes
    }

    /// Whether lemmas have been set.
    pub fn has_lemmas(&self) -> bool {
        self.lemma.len() == self.len()
    }

    /// Whether the dependency arrays are filled.
    pub fn is_parsed(&self) -> bool {
        self.head.len() == self.len() && self.deprel.len() == self.len()
    }

    /// Prepares the annotation arrays (all unset) so that stages can write by index.
    pub fn reset_annotations(&mut self) {
        let n = self.len();
        self.upos.clear();
        self.upos.resize(n, Upos::NONE);
        self.xpos.clear();
        self.xpos.resize(n, Xpos::NONE);
        self.head.clear();
        self.head.resize(n, NO_HEAD);
        self.deprel.clear();
        self.deprel.resize(n, DepRel::NONE);
        self.lemma.clear();
        self.lemma.resize(n, Range32::default());
        self.lemma_arena.clear();
    }

    /// Sets the lemma of word `i` (the arrays must have been prepared by `reset_annotations`).
    pub fn set_lemma(&mut self, i: usize, lemma: &str) {
        if self.lemma.len() != self.len() {
            self.lemma.resize(self.len(), Range32::default());
        }
        let start = self.lemma_arena.len();
        self.lemma_arena.push_str(lemma);
        self.lemma[i] = Range32::new(start, self.lemma_arena.len());
    }

    /// Sets the lemma of word `i` to its own form (no allocation in the arena).
    fn lemma_str(&self, i: usize) -> &str {
        match self.lemma.get(i) {
            Some(r) if !r.is_empty() => &self.lemma_arena[r.range()],
            _ => "_",
        }
    }
}

/// A cheap view of one word.
#[derive(Clone, Copy)]
pub struct Token<'a> {
    doc: &'a Doc,
    i: usize,
}

impl<'a> Token<'a> {
    pub fn index(self) -> usize {
        self.i
    }
    pub fn doc(self) -> &'a Doc {
        self.doc
    }
    /// The word's form (the text slice, unless a reader gave another form).
    pub fn form(self) -> &'a str {
        match self.doc.alt_form[self.i] {
            u32::MAX => self.text(),
            k => &self.doc.alt_forms[k as usize],
        }
    }
    /// The text slice the word covers.
    pub fn text(self) -> &'a str {
        &self.doc.text[self.doc.bytes[self.i].range()]
    }
    pub fn byte_range(self) -> std::ops::Range<usize> {
        self.doc.bytes[self.i].range()
    }
    /// Char offset of the word's start in the text.
    pub fn start(self) -> usize {
        self.doc.char_offset(self.doc.bytes[self.i].start as usize)
    }
    /// Char offset just past the word's end.
    pub fn end(self) -> usize {
        self.doc.char_offset(self.doc.bytes[self.i].end as usize)
    }
    pub fn space_after(self) -> bool {
        self.doc.space_after[self.i]
    }
    pub fn upos(self) -> Upos {
        self.doc.upos.get(self.i).copied().unwrap_or_default()
    }
    pub fn xpos(self) -> Xpos {
        self.doc.xpos.get(self.i).copied().unwrap_or_default()
    }
    /// The lemma, or `"_"` when not set.
    pub fn lemma(self) -> &'a str {
        self.doc.lemma_str(self.i)
    }
    /// The head word, `None` for a root or an unparsed doc.
    pub fn head(self) -> Option<Token<'a>> {
        match self.doc.head.get(self.i) {
            Some(&h) if h != NO_HEAD => Some(Token {
                doc: self.doc,
                i: h as usize,
            }),
            _ => None,
        }
    }
    pub fn deprel(self) -> DepRel {
        self.doc.deprel.get(self.i).copied().unwrap_or_default()
    }
    /// The sentence containing this word.
    pub fn sentence(self) -> Span<'a> {
        self.doc.sentence(self.doc.sentence_of(self.i))
    }
    /// Dependents of this word, in order (scans the sentence; no allocation).
    pub fn children(self) -> impl Iterator<Item = Token<'a>> + 'a {
        let s = self.sentence();
        let doc = self.doc;
        let me = self.i as u32;
        (s.start..s.end)
            .filter(move |&j| doc.head.get(j) == Some(&me))
            .map(move |j| Token { doc, i: j })
    }
    /// The smallest span covering this word and all its descendants.
    pub fn subtree(self) -> Span<'a> {
        let s = self.sentence();
        let (mut lo, mut hi) = (self.i, self.i + 1);
        for j in s.start..s.end {
            if j >= lo && j < hi {
                continue;
            }
            // Is j a descendant of self?  Walk up (bounded by sentence length).
            let mut k = j;
            let mut steps = 0;
            while let Some(&h) = self.doc.head.get(k) {
                if h == NO_HEAD || steps > s.end - s.start {
                    break;
                }
                k = h as usize;
                steps += 1;
                if k == self.i {
                    lo = lo.min(j);
                    hi = hi.max(j + 1);
                    break;
                }
            }
        }
        Span {
            doc: self.doc,
            start: lo,
            end: hi,
        }
    }
}

impl std::fmt::Debug for Token<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Token({}, {:?})", self.i, self.form())
    }
}

/// A cheap view of a range of words `[start, end)`.
#[derive(Clone, Copy)]
pub struct Span<'a> {
    doc: &'a Doc,
    pub start: usize,
    pub end: usize,
}

impl<'a> Span<'a> {
    pub fn doc(self) -> &'a Doc {
        self.doc
    }
    pub fn len(self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(self) -> bool {
        self.end == self.start
    }
    pub fn tokens(self) -> impl ExactSizeIterator<Item = Token<'a>> + 'a {
        let doc = self.doc;
        (self.start..self.end).map(move |i| Token { doc, i })
    }
    pub fn byte_range(self) -> std::ops::Range<usize> {
        if self.is_empty() {
            return 0..0;
        }
        self.doc.bytes[self.start].start as usize..self.doc.bytes[self.end - 1].end as usize
    }
    /// The text the span covers, from its first word's start to its last word's end.
    pub fn text(self) -> &'a str {
        &self.doc.text[self.byte_range()]
    }
    /// Char offset of the span's start.
    pub fn char_start(self) -> usize {
        self.doc.char_offset(self.byte_range().start)
    }
    /// Char offset just past the span's end.
    pub fn char_end(self) -> usize {
        self.doc.char_offset(self.byte_range().end)
    }
}

impl std::fmt::Debug for Span<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Span({}..{}, {:?})", self.start, self.end, self.text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Doc {
        let mut b = DocBuilder::new("Iran didn't reply. Ça va?");
        b.push_word(0..4, None);
        let first = b.len();
        b.push_word(5..8, None);
        b.push_word(8..11, None);
        b.mark_multiword(first, 5..11);
        b.push_word(12..17, None);
        b.push_word(17..18, None);
        b.end_sentence();
        b.push_word(19..22, None);
        b.push_word(23..25, None);
        b.push_word(25..26, None);
        b.finish()
    }

    #[test]
    fn views_and_offsets() {
        let d = sample();
        assert_eq!(d.len(), 8);
        assert_eq!(d.sentence_count(), 2);
        assert_eq!(d.token(2).form(), "n't");
        assert_eq!(d.multiwords().len(), 1);
        assert_eq!(d.sentence(1).text(), "Ça va?");
        // "Ça" starts at byte 19 = char 19; "va" at byte 23 = char 22 (Ç is 2 bytes).
        assert_eq!(d.token(5).start(), 19);
        assert_eq!(d.token(6).start(), 22);
        assert_eq!(d.token(7).end(), 25);
        assert!(!d.token(1).space_after());
        assert!(d.token(2).space_after());
        assert!(!d.token(3).space_after());
        assert_eq!(d.sentence_of(4), 0);
        assert_eq!(d.sentence_of(5), 1);
    }

    #[test]
    fn tree_views() {
        let mut d = sample();
        d.reset_annotations();
        // reply <- Iran, did, n't, .
        d.head[0] = 3;
        d.head[1] = 3;
        d.head[2] = 3;
        d.head[4] = 3;
        d.set_lemma(3, "reply");
        let t = d.token(3);
        assert_eq!(t.children().count(), 4);
        assert_eq!(t.subtree().text(), "Iran didn't reply.");
        assert_eq!(d.token(0).head().unwrap().lemma(), "reply");
        assert!(t.head().is_none());
    }
}
