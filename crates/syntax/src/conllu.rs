//! A reader for gold CoNLL-U files (training and evaluation data).
//!
//! Multiword range lines (`3-4`) and empty nodes (`8.1`) are skipped: sentences are made of
//! syntactic words. Heads are 0-based word indices within the sentence, `NO_HEAD` for the root.

use dyad_text::{DepRel, Doc, DocBuilder, Upos, Xpos, NO_HEAD};

use crate::Error;

/// One annotated sentence, as flat parallel arrays (one entry per word).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoldSentence {
    pub sent_id: Option<String>,
    pub text: Option<String>,
    pub forms: Vec<String>,
    pub lemmas: Vec<String>,
    pub upos: Vec<Upos>,
    pub xpos: Vec<Xpos>,
    /// Head of each word as a 0-based index into the sentence, `NO_HEAD` for the root.
    pub heads: Vec<u32>,
    pub deprels: Vec<DepRel>,
}

impl GoldSentence {
    /// Number of words.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// Whether every word has a head and the heads form one tree with a single root.
    pub fn is_tree(&self) -> bool {
        is_tree(&self.heads)
    }
}

/// Whether `heads` (0-based, `NO_HEAD` = root) form a tree with exactly one root.
pub fn is_tree(heads: &[u32]) -> bool {
    let n = heads.len();
    if heads.iter().filter(|&&h| h == NO_HEAD).count() != 1 {
        return false;
    }
    for i in 0..n {
        let mut k = i;
        let mut steps = 0;
        while heads[k] != NO_HEAD {
            k = heads[k] as usize;
            if k >= n {
                return false;
            }
            steps += 1;
            if steps > n {
                return false;
            }
        }
    }
    true
}

fn err(line: usize, msg: impl Into<String>) -> Error {
    Error::Conllu {
        line,
        msg: msg.into(),
    }
}

fn tag<T>(
    v: &str,
    line: usize,
    what: &str,
    f: impl Fn(&str) -> Option<T>,
    none: T,
) -> Result<T, Error> {
    if v == "_" {
        return Ok(none);
    }
    f(v).ok_or_else(|| err(line, format!("unknown {what} {v:?}")))
}

/// Parses CoNLL-U text into sentences.
pub fn parse(text: &str) -> Result<Vec<GoldSentence>, Error> {
    let mut out = Vec::new();
    let mut cur = GoldSentence::default();
    let mut raw_heads: Vec<(u32, usize)> = Vec::new();
    let finish = |cur: &mut GoldSentence,
                  raw: &mut Vec<(u32, usize)>,
                  out: &mut Vec<GoldSentence>|
     -> Result<(), Error> {
        if cur.forms.is_empty() {
            *cur = GoldSentence::default();
            raw.clear();
            return Ok(());
        }
        let n = cur.forms.len() as u32;
        for &(h, line) in raw.iter() {
            let v = if h == u32::MAX || h == 0 {
                NO_HEAD
            } else if h <= n {
                h - 1
            } else {
                return Err(err(line, format!("head {h} out of range")));
            };
            cur.heads.push(v);
        }
        raw.clear();
        out.push(std::mem::take(cur));
        Ok(())
    };
    for (ln, line) in text.lines().enumerate() {
        let lineno = ln + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            finish(&mut cur, &mut raw_heads, &mut out)?;
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim_start();
            if let Some(v) = c.strip_prefix("sent_id") {
                cur.sent_id = Some(v.trim_start_matches([' ', '=']).trim().to_string());
            } else if let Some(v) = c.strip_prefix("text ") {
                cur.text = Some(v.trim_start_matches([' ', '=']).to_string());
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 8 {
            return Err(err(
                lineno,
                format!("expected 10 columns, found {}", cols.len()),
            ));
        }
        let id = cols[0];
        if id.contains('-') || id.contains('.') {
            continue;
        }
        let id: usize = id
            .parse()
            .map_err(|_| err(lineno, format!("bad word id {id:?}")))?;
        if id != cur.forms.len() + 1 {
            return Err(err(lineno, format!("word id {id} out of sequence")));
        }
        cur.forms.push(cols[1].to_string());
        cur.lemmas.push(cols[2].to_string());
        cur.upos
            .push(tag(cols[3], lineno, "UPOS", Upos::from_name, Upos::NONE)?);
        cur.xpos
            .push(tag(cols[4], lineno, "XPOS", Xpos::from_name, Xpos::NONE)?);
        let h = match cols[6] {
            "_" => u32::MAX,
            h => h
                .parse::<u32>()
                .map_err(|_| err(lineno, format!("bad head {h:?}")))?,
        };
        raw_heads.push((h, lineno));
        let rel = tag(
            cols[7],
            lineno,
            "relation",
            |r| DepRel::from_name(r).or_else(|| DepRel::from_name(r.split(':').next()?)),
            DepRel::NONE,
        )?;
        cur.deprels.push(rel);
    }
    finish(&mut cur, &mut raw_heads, &mut out)?;
    Ok(out)
}

/// Reads and parses a CoNLL-U file.
pub fn read_file(path: impl AsRef<std::path::Path>) -> Result<Vec<GoldSentence>, Error> {
    let text = std::fs::read_to_string(path.as_ref())
        .map_err(|e| Error::Io(format!("{}: {e}", path.as_ref().display())))?;
    parse(&text)
}

/// Builds an unannotated `Doc` from the words of gold sentences: the text is the forms joined
/// by single spaces, one `Doc` sentence per gold sentence.
pub fn to_doc(sentences: &[GoldSentence]) -> Doc {
    let mut text = String::new();
    let mut ranges = Vec::new();
    for s in sentences {
        for f in &s.forms {
            if !text.is_empty() {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(f);
            ranges.push(start..text.len());
        }
    }
    let mut b = DocBuilder::new(text);
    let mut it = ranges.into_iter();
    for s in sentences {
        for _ in 0..s.len() {
            if let Some(r) = it.next() {
                b.push_word(r, None);
            }
        }
        b.end_sentence();
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = a-1\n# text = Rebels didn't attack.\n\
1\tRebels\trebel\tNOUN\tNNS\tNumber=Plur\t4\tnsubj\t4:nsubj\t_\n\
2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t4:aux\t_\n\
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_\n\
4\tattack\tattack\tVERB\tVB\t_\t0\troot\t0:root\t_\n\
4.1\tx\tx\tX\tFW\t_\t_\t_\t4:dep\t_\n\
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_\n\
\n\
1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t0:root\t_\n\
2\t!\t!\tPUNCT\t.\t_\t1\tobl:unknownsub\t1:punct\t_\n";

    #[test]
    fn reads_words_and_skips_ranges_and_empty_nodes() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].sent_id.as_deref(), Some("a-1"));
        assert_eq!(s[0].text.as_deref(), Some("Rebels didn't attack."));
        assert_eq!(s[0].forms, ["Rebels", "did", "n't", "attack", "."]);
        assert_eq!(s[0].lemmas[2], "not");
        assert_eq!(s[0].heads, [3, 3, 3, NO_HEAD, 3]);
        assert_eq!(s[0].deprels[0].name(), "nsubj");
        assert_eq!(s[0].upos[1].name(), "AUX");
        assert_eq!(s[0].xpos[0].name(), "NNS");
        assert!(s[0].is_tree());
        // Unknown subtype falls back to the universal relation.
        assert_eq!(s[1].deprels[1].name(), "obl");
        let doc = to_doc(&s);
        assert_eq!(doc.len(), 7);
        assert_eq!(doc.sentence_count(), 2);
        assert_eq!(doc.token(2).form(), "n't");
        assert_eq!(doc.sentence(1).text(), "Yes !");
    }

    #[test]
    fn rejects_malformed_lines() {
        assert!(parse("1\ta\ta\tNOUN\n").is_err());
        assert!(parse("1\ta\ta\tNOUN\tNN\t_\t5\tnsubj\t_\t_\n").is_err());
        assert!(parse("2\ta\ta\tNOUN\tNN\t_\t0\troot\t_\t_\n").is_err());
        assert!(parse("1\ta\ta\tBOGUS\tNN\t_\t0\troot\t_\t_\n").is_err());
        assert!(parse("").unwrap().is_empty());
    }

    #[test]
    fn tree_check() {
        assert!(is_tree(&[1, NO_HEAD, 1]));
        assert!(!is_tree(&[1, 0, NO_HEAD]));
        assert!(!is_tree(&[NO_HEAD, NO_HEAD]));
    }
}
