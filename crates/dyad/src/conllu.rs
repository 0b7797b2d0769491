//! CoNLL-U: reading documents (for `--input conllu` and evaluation) and writing parses.

use dyad_text::{Article, Doc, DocBuilder};
use std::fmt::Write as _;

/// One word line of a CoNLL-U sentence (the columns dyad uses).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    /// 0 = root.
    pub head: usize,
    pub deprel: String,
    pub space_after: bool,
}

/// A multiword token line `a-b form`.
#[derive(Clone, Debug, PartialEq)]
pub struct MultiWordLine {
    /// First and last word index (0-based, inclusive) within the sentence.
    pub first: usize,
    pub last: usize,
    pub form: String,
    pub space_after: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sentence {
    pub sent_id: Option<String>,
    pub text: Option<String>,
    pub newpar: bool,
    pub words: Vec<Word>,
    pub multiwords: Vec<MultiWordLine>,
    /// Line number (1-based) of the sentence's first line in the file.
    pub line: usize,
}

/// A document: the sentences after a `# newdoc` comment (or all, if none).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    pub id: Option<String>,
    pub sentences: Vec<Sentence>,
}

/// A problem in a CoNLL-U file, with its 1-based line number.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ConlluError {
    pub line: usize,
    pub message: String,
}

fn space_after(misc: &str) -> bool {
    !misc.split('|').any(|m| m == "SpaceAfter=No")
}

/// Parses CoNLL-U text into documents. Malformed lines are errors; the caller decides
/// whether to continue (the returned documents hold every well-formed sentence).
pub fn parse(text: &str) -> (Vec<Document>, Vec<ConlluError>) {
    let mut docs: Vec<Document> = Vec::new();
    let mut errors = Vec::new();
    let mut cur = Sentence::default();
    let mut pending_doc: Option<Option<String>> = None;
    let mut bad_sentence = false;

    let flush = |cur: &mut Sentence,
                 docs: &mut Vec<Document>,
                 pending: &mut Option<Option<String>>,
                 bad: &mut bool| {
        if let Some(id) = pending.take() {
            docs.push(Document {
                id,
                sentences: Vec::new(),
            });
        }
        if !cur.words.is_empty() && !*bad {
            if docs.is_empty() {
                docs.push(Document::default());
            }
            docs.last_mut()
                .expect("a document exists")
                .sentences
                .push(std::mem::take(cur));
        }
        *cur = Sentence::default();
        *bad = false;
    };

    for (k, raw) in text.lines().enumerate() {
        let lineno = k + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut cur, &mut docs, &mut pending_doc, &mut bad_sentence);
            continue;
        }
        if cur.line == 0 {
            cur.line = lineno;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim();
            if let Some(id) = c.strip_prefix("newdoc") {
                let id = id
                    .trim_start()
                    .strip_prefix("id")
                    .and_then(|r| r.trim_start().strip_prefix('='))
                    .map(|s| s.trim().to_string());
                pending_doc = Some(id);
            } else if c.starts_with("newpar") {
                cur.newpar = true;
            } else if let Some(t) = c.strip_prefix("text =") {
                cur.text = Some(t.trim_start().to_string());
            } else if let Some(t) = c.strip_prefix("sent_id =") {
                cur.sent_id = Some(t.trim().to_string());
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            errors.push(ConlluError {
                line: lineno,
                message: format!("expected 10 tab-separated columns, found {}", cols.len()),
            });
            bad_sentence = true;
            continue;
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty node of the enhanced graph
        }
        if let Some((a, b)) = id.split_once('-') {
            match (a.parse::<usize>(), b.parse::<usize>()) {
                (Ok(a), Ok(b)) if a >= 1 && b >= a => cur.multiwords.push(MultiWordLine {
                    first: a - 1,
                    last: b - 1,
                    form: cols[1].to_string(),
                    space_after: space_after(cols[9]),
                }),
                _ => {
                    errors.push(ConlluError {
                        line: lineno,
                        message: format!("bad multiword range {id:?}"),
                    });
                    bad_sentence = true;
                }
            }
            continue;
        }
        let Ok(n) = id.parse::<usize>() else {
            errors.push(ConlluError {
                line: lineno,
                message: format!("bad word id {id:?}"),
            });
            bad_sentence = true;
            continue;
        };
        if n != cur.words.len() + 1 {
            errors.push(ConlluError {
                line: lineno,
                message: format!(
                    "word id {n} out of sequence (expected {})",
                    cur.words.len() + 1
                ),
            });
            bad_sentence = true;
        }
        let head = match cols[6] {
            "_" => 0,
            h => match h.parse() {
                Ok(h) => h,
                Err(_) => {
                    errors.push(ConlluError {
                        line: lineno,
                        message: format!("bad head {h:?}"),
                    });
                    bad_sentence = true;
                    0
                }
            },
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            head,
            deprel: cols[7].to_string(),
            space_after: space_after(cols[9]),
        });
    }
    flush(&mut cur, &mut docs, &mut pending_doc, &mut bad_sentence);
    for d in &mut docs {
        for s in &mut d.sentences {
            let n = s.words.len();
            s.multiwords.retain(|m| m.last < n);
            for w in &mut s.words {
                if w.head > n {
                    w.head = 0;
                }
            }
        }
    }
    (docs, errors)
}

impl Sentence {
    /// The sentence text: `# text` if given, else rebuilt from forms and SpaceAfter.
    pub fn surface_text(&self) -> String {
        if let Some(t) = &self.text {
            return t.clone();
        }
        let mut out = String::new();
        let mut i = 0;
        while i < self.words.len() {
            if let Some(m) = self.multiwords.iter().find(|m| m.first == i) {
                out.push_str(&m.form);
                if m.space_after {
                    out.push(' ');
                }
                i = m.last + 1;
            } else {
                let w = &self.words[i];
                out.push_str(&w.form);
                if w.space_after {
                    out.push(' ');
                }
                i += 1;
            }
        }
        out.truncate(out.trim_end().len());
        out
    }

    /// Surface tokens as (form, first word, last word).
    pub fn surface_tokens(&self) -> Vec<(&str, usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.words.len() {
            if let Some(m) = self.multiwords.iter().find(|m| m.first == i) {
                out.push((m.form.as_str(), m.first, m.last));
                i = m.last + 1;
            } else {
                out.push((self.words[i].form.as_str(), i, i));
                i += 1;
            }
        }
        out
    }
}

/// The raw text of a document: sentence texts joined by a space, a blank line before each
/// `# newpar` (the UD convention for "raw text" evaluation).
pub fn document_text(doc: &Document) -> String {
    let mut text = String::new();
    for (k, s) in doc.sentences.iter().enumerate() {
        if k > 0 {
            text.push_str(if s.newpar { "\n\n" } else { " " });
        }
        text.push_str(&s.surface_text());
    }
    text
}

/// A byte range `(start, end)` in a document's text.
pub type ByteSpan = (usize, usize);

/// Byte span of each sentence and of each surface token within `document_text(doc)`.
/// Tokens are located by searching their form from the previous token's end; a token that
/// cannot be found gets `None`.
pub fn gold_spans(doc: &Document) -> (Vec<ByteSpan>, Vec<Option<ByteSpan>>) {
    let mut sent_spans = Vec::new();
    let mut tok_spans = Vec::new();
    let mut offset = 0;
    for (k, s) in doc.sentences.iter().enumerate() {
        if k > 0 {
            offset += if s.newpar { 2 } else { 1 };
        }
        let st = s.surface_text();
        let mut pos = 0;
        let (mut first, mut last) = (None, None);
        for (form, _, _) in s.surface_tokens() {
            match st[pos..].find(form) {
                Some(p) => {
                    let a = pos + p;
                    let b = a + form.len();
                    tok_spans.push(Some((offset + a, offset + b)));
                    first.get_or_insert(offset + a);
                    last = Some(offset + b);
                    pos = b;
                }
                None => tok_spans.push(None),
            }
        }
        sent_spans.push((first.unwrap_or(offset), last.unwrap_or(offset + st.len())));
        offset += st.len();
    }
    (sent_spans, tok_spans)
}

/// Builds an article and a `Doc` from a CoNLL-U document, keeping the given words exactly.
/// Word offsets point into the rebuilt text; a word whose form is not found in its token's
/// text gets the whole token's span.
pub fn to_doc(doc: &Document, id: String) -> (Article, Doc) {
    let text = document_text(doc);
    let (_, tok_spans) = gold_spans(doc);
    let mut b = DocBuilder::new(text.clone());
    let mut t = 0;
    for s in &doc.sentences {
        for (_, first, last) in s.surface_tokens() {
            let span = tok_spans[t].unwrap_or((b.text().len(), b.text().len()));
            t += 1;
            let start_word = b.len();
            let mut pos = span.0;
            for w in &s.words[first..=last] {
                let hay = &text[pos..span.1];
                match hay.find(w.form.as_str()) {
                    Some(p) if !w.form.is_empty() => {
                        b.push_word(pos + p..pos + p + w.form.len(), Some(&w.form));
                        pos += p + w.form.len();
                    }
                    _ => b.push_word(span.0..span.1, Some(&w.form)),
                }
            }
            b.mark_multiword(start_word, span.0..span.1);
        }
        b.end_sentence();
    }
    let article = Article::new(id, text);
    (article, b.finish())
}

/// Writes a `Doc` as CoNLL-U: `# newdoc id`, `# sent_id`/`# text` per sentence, multiword
/// range lines, and `TokenRange=START:END` (char offsets into the article text) in MISC.
pub fn write_doc(out: &mut String, doc_id: &str, doc: &Doc) {
    let _ = writeln!(out, "# newdoc id = {doc_id}");
    let mut mw = doc.multiwords().iter().peekable();
    for (si, sent) in doc.sentences().enumerate() {
        let _ = writeln!(out, "# sent_id = {doc_id}-{}", si + 1);
        let text = sent.text().replace(['\n', '\r'], " ");
        let _ = writeln!(out, "# text = {text}");
        for tok in sent.tokens() {
            let i = tok.index();
            while mw.peek().is_some_and(|m| (m.words.end as usize) <= i) {
                mw.next();
            }
            if let Some(m) = mw.peek().filter(|m| m.words.start as usize == i) {
                let a = doc.char_offset(m.bytes.start as usize);
                let b = doc.char_offset(m.bytes.end as usize);
                let last = doc.token(m.words.end as usize - 1);
                let _ = writeln!(
                    out,
                    "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}",
                    i - sent.start + 1,
                    m.words.end as usize - sent.start,
                    escape(&doc.text()[m.bytes.range()]),
                    misc(last.space_after(), a, b)
                );
            }
            let head = match tok.head() {
                Some(h) => (h.index() - sent.start + 1).to_string(),
                None if doc.is_parsed() => "0".to_string(),
                None => "_".to_string(),
            };
            let opt = |s: &str| {
                if s.is_empty() {
                    "_".to_string()
                } else {
                    escape(s)
                }
            };
            let in_mwt = doc
                .multiwords()
                .iter()
                .any(|m| (m.words.start as usize..m.words.end as usize).contains(&i));
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t{}",
                i - sent.start + 1,
                opt(tok.form()),
                opt(tok.lemma()),
                tok.upos(),
                tok.xpos(),
                head,
                tok.deprel(),
                misc(tok.space_after() || in_mwt, tok.start(), tok.end())
            );
        }
        out.push('\n');
    }
}

fn misc(space_after: bool, start: usize, end: usize) -> String {
    if space_after {
        format!("TokenRange={start}:{end}")
    } else {
        format!("SpaceAfter=No|TokenRange={start}:{end}")
    }
}

/// CoNLL-U fields may not contain tabs or newlines; spaces are allowed in FORM since v2.
fn escape(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# sent_id = s1\n# newpar\n# text = They don't know.\n1\tThey\tthey\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n# sent_id = s2\n# text = Yes.\n1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\tSpaceAfter=No\n2\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n\n# newdoc id = d2\n# newpar\n1\tNo\tno\tINTJ\tUH\t_\t0\troot\t_\t_\n\n";

    #[test]
    fn parses_documents_and_multiwords() {
        let (docs, errs) = parse(SAMPLE);
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id.as_deref(), Some("d1"));
        assert_eq!(docs[0].sentences.len(), 2);
        let s = &docs[0].sentences[0];
        assert_eq!(s.multiwords[0].first, 1);
        assert_eq!(s.surface_tokens().len(), 4);
        assert_eq!(document_text(&docs[0]), "They don't know. Yes.");
        assert_eq!(docs[1].sentences[0].surface_text(), "No");
    }

    #[test]
    fn reports_bad_lines_and_keeps_the_rest() {
        let bad =
            "1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_\n2\tcat\n\n1\tOk\tok\tINTJ\tUH\t_\t0\troot\t_\t_\n";
        let (docs, errs) = parse(bad);
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 2);
        assert_eq!(docs[0].sentences.len(), 1);
        assert_eq!(docs[0].sentences[0].words[0].form, "Ok");
    }

    #[test]
    fn doc_round_trip_keeps_words_and_offsets() {
        let (docs, _) = parse(SAMPLE);
        let (article, doc) = to_doc(&docs[0], "d1".into());
        assert_eq!(doc.len(), 7);
        assert_eq!(doc.token(2).form(), "n't");
        assert_eq!(doc.token(2).text(), "n't");
        assert_eq!(doc.sentence_count(), 2);
        let mut out = String::new();
        write_doc(&mut out, &article.id, &doc);
        assert!(out.contains("2-3\tdon't\t"), "{out}");
        assert!(out.contains("TokenRange=5:10"), "{out}");
        assert!(out.contains("# text = Yes."));
        // Re-reading our own output gives the same words.
        let (again, errs) = parse(&out);
        assert!(errs.is_empty());
        assert_eq!(again[0].sentences[0].words.len(), 5);
    }
}
