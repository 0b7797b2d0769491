//! Tokenizer following UD English (EWT) conventions.
//!
//! The text is cut into whitespace-separated chunks; each chunk into surface tokens (words,
//! numbers, URLs, e-mail addresses, emoticons, punctuation); each surface token into one or
//! more syntactic words (clitics `n't`, `'s`, `'re`, `'m`, `'ll`, `'ve`, `'d`, possessive `'`,
//! and fused forms such as `cannot`, `gonna`). Hyphenated compounds are split at the hyphen as
//! EWT does ("search-engine" -> "search" "-" "engine"), except after common prefixes
//! ("e-mail", "non-profit", "re-elect"), in phone numbers and in dates like "01-Feb-02".
//! Every piece keeps its exact byte range in the text; nothing is normalised away.

/// One syntactic word produced by the tokenizer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Byte range in the text.
    pub start: u32,
    pub end: u32,
    /// Index of the surface token this word belongs to.
    pub token: u32,
}

/// A surface token: a span of text and the words it is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SurfaceToken {
    pub start: u32,
    pub end: u32,
    /// Words `[first_piece, end_piece)` in the piece list.
    pub first_piece: u32,
    pub end_piece: u32,
    /// Number of line breaks in the whitespace before this token.
    pub newlines_before: u32,
}

/// Reusable tokenizer output buffers.
#[derive(Clone, Debug, Default)]
pub struct Tokens {
    pub tokens: Vec<SurfaceToken>,
    pub pieces: Vec<Piece>,
}

impl Tokens {
    pub fn clear(&mut self) {
        self.tokens.clear();
        self.pieces.clear();
    }

    /// Text of surface token `i`.
    pub fn text<'a>(&self, text: &'a str, i: usize) -> &'a str {
        let t = self.tokens[i];
        &text[t.start as usize..t.end as usize]
    }
}

/// Tokenizes `text` into `out` (cleared first).
pub fn tokenize_into(text: &str, out: &mut Tokens) {
    out.clear();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut newlines = 0u32;
    while i < text.len() {
        let c = next_char(text, i);
        if c.is_whitespace() {
            if c == '\n' {
                newlines += 1;
            }
            i += c.len_utf8();
            continue;
        }
        // Chunk: a run of non-whitespace.
        let start = i;
        let mut end = i;
        while end < text.len() {
            let b = bytes[end];
            if b < 0x80 {
                if (b as char).is_ascii_whitespace() {
                    break;
                }
                end += 1;
            } else {
                let c = next_char(text, end);
                if c.is_whitespace() {
                    break;
                }
                end += c.len_utf8();
            }
        }
        let before = out.tokens.len();
        scan_chunk(text, start, end, out);
        if let Some(t) = out.tokens.get_mut(before) {
            t.newlines_before = newlines;
        }
        newlines = 0;
        i = end;
    }
}

/// Convenience: tokenizes into a fresh buffer.
pub fn tokenize(text: &str) -> Tokens {
    let mut t = Tokens::default();
    tokenize_into(text, &mut t);
    t
}

#[inline]
fn next_char(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

#[inline]
fn prev_char(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '`')
}

fn push_token(out: &mut Tokens, start: usize, end: usize) -> u32 {
    let idx = out.tokens.len() as u32;
    let p = out.pieces.len() as u32;
    out.tokens.push(SurfaceToken {
        start: start as u32,
        end: end as u32,
        first_piece: p,
        end_piece: p,
        newlines_before: 0,
    });
    idx
}

fn push_piece(out: &mut Tokens, start: usize, end: usize) {
    let token = out.tokens.len() as u32 - 1;
    out.pieces.push(Piece {
        start: start as u32,
        end: end as u32,
        token,
    });
    out.tokens
        .last_mut()
        .expect("token pushed before piece")
        .end_piece = out.pieces.len() as u32;
}

fn push_simple(out: &mut Tokens, start: usize, end: usize) {
    push_token(out, start, end);
    push_piece(out, start, end);
}

const URL_PREFIXES: &[&str] = &["http://", "https://", "ftp://", "www.", "mailto:"];

/// Characters stripped from the end of URLs and e-mail addresses.
fn is_trailing_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '"' | '\'' | '”' | '’' | '»' | '>'
    )
}

fn scan_chunk(text: &str, start: usize, end: usize, out: &mut Tokens) {
    let chunk = &text[start..end];
    // URLs and e-mail addresses: the whole chunk, minus leading and trailing punctuation.
    let lead = chunk
        .char_indices()
        .find(|&(_, c)| !matches!(c, '(' | '[' | '<' | '"' | '\'' | '“' | '‘' | '{'))
        .map_or(chunk.len(), |(i, _)| i);
    let body = &chunk[lead..];
    let lower_starts_url = URL_PREFIXES.iter().any(|p| {
        body.len() > p.len() && body.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
    });
    if lower_starts_url || is_email(body) {
        let mut tail = body.len();
        while tail > 0 {
            let c = body[..tail].chars().next_back().unwrap_or(' ');
            if is_trailing_punct(c) {
                tail -= c.len_utf8();
            } else {
                break;
            }
        }
        if tail > 0 {
            let mut p = start;
            for c in chunk[..lead].chars() {
                push_simple(out, p, p + c.len_utf8());
                p += c.len_utf8();
            }
            let url_end = start + lead + tail;
            push_simple(out, start + lead, url_end);
            scan_span(text, url_end, end, out);
            return;
        }
    }
    scan_span(text, start, end, out);
}

fn is_email(s: &str) -> bool {
    let Some(at) = s.find('@') else { return false };
    let (user, host) = (&s[..at], &s[at + 1..]);
    !user.is_empty()
        && user
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
        && host.contains('.')
        && host.chars().next().is_some_and(char::is_alphanumeric)
}

const EMOTICONS: &[&str] = &[
    ":-)", ":-(", ":-D", ":-P", ":-p", ";-)", ":)", ":(", ";)", ":D", ":P", ":p", ":/", ":-/",
    "=)", "<3", "^_^", ":'(", ":o", ":O",
];

/// Scans `[start, end)` (no whitespace inside) into tokens.
fn scan_span(text: &str, start: usize, end: usize, out: &mut Tokens) {
    let mut i = start;
    while i < end {
        let c = next_char(text, i);
        if is_word_char(c) {
            let w_end = scan_word(text, i, end);
            emit_word(text, i, w_end, out);
            i = w_end;
            continue;
        }
        // Emoticons.
        if let Some(e) = EMOTICONS.iter().find(|e| text[i..end].starts_with(**e)) {
            let after = i + e.len();
            if after == end || !is_word_char(next_char(text, after)) {
                push_simple(out, i, after);
                i = after;
                continue;
            }
        }
        // Leading apostrophe forms like '90s, 'em, 'cause.
        if is_apostrophe(c) {
            let j = i + c.len_utf8();
            if j < end {
                let rest = &text[j..end];
                let word_end = rest
                    .char_indices()
                    .find(|&(_, d)| !is_word_char(d))
                    .map_or(rest.len(), |(k, _)| k);
                let w = &rest[..word_end];
                let is_decade =
                    w.len() == 3 && w.ends_with('s') && w[..2].bytes().all(|b| b.is_ascii_digit());
                if is_decade || matches!(w.to_ascii_lowercase().as_str(), "em" | "cause" | "til") {
                    push_simple(out, i, j + word_end);
                    i = j + word_end;
                    continue;
                }
            }
        }
        // Punctuation: runs of the same char for . ! ? - * = _ ~ and mixed !? runs.
        let mut j = i + c.len_utf8();
        match c {
            '.' | '-' | '*' | '=' | '_' | '~' | '`' | '#' | '+' | '<' | '>' | '^' => {
                while j < end && next_char(text, j) == c {
                    j += 1;
                }
            }
            '!' | '?' => {
                while j < end && matches!(next_char(text, j), '!' | '?') {
                    j += 1;
                }
            }
            '\'' if j < end && next_char(text, j) == '\'' => j += 1,
            _ => {}
        }
        push_simple(out, i, j);
        i = j;
    }
}

/// Finds the end of a word starting at `i` (a word char), within `[i, end)`.
fn scan_word(text: &str, i: usize, end: usize) -> usize {
    let mut j = i;
    loop {
        while j < end {
            let c = next_char(text, j);
            if is_word_char(c) {
                j += c.len_utf8();
            } else {
                break;
            }
        }
        if j >= end {
            return j;
        }
        let c = next_char(text, j);
        let after = j + c.len_utf8();
        let next = if after < end {
            Some(next_char(text, after))
        } else {
            None
        };
        let next_is_word = next.is_some_and(is_word_char);
        let next_is_digit = next.is_some_and(|d| d.is_ascii_digit());
        let prev = prev_char(text, j).unwrap_or(' ');
        let prev_is_digit = prev.is_ascii_digit();
        let take = match c {
            '.' if next_is_word => {
                // "U.S", "e.g", "1.5", "google.com"; but not "end.The" after a long lowercase word.
                true
            }
            '.' => {
                // Trailing period: part of the word if it is an abbreviation.
                if is_abbreviation(&text[i..j], text, after, end) {
                    return after;
                }
                return j;
            }
            ',' if prev_is_digit && next_is_digit => {
                // 1,000 — exactly three digits follow.
                let digits = text[after..end]
                    .bytes()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                digits == 3
            }
            '\'' | '’' if next_is_word => true,
            '\'' | '’' if (prev == 's' || prev == 'S') && j - i > 1 => {
                // Possessive plural "students'": keep the apostrophe for the clitic split,
                // unless a closing quote pairs it (then it is a quote).
                let rest = &text[after..end];
                if rest.is_empty() || rest.starts_with(['.', ',', ';', ':', '!', '?', ')']) {
                    return after;
                }
                false
            }
            '-' | '&' | '_' if next_is_word => true,
            '/' | ':' if prev_is_digit && next_is_digit => true,
            '@' if next_is_word => true,
            _ => false,
        };
        if !take {
            return j;
        }
        j = after;
    }
}

/// Titles and other abbreviations that keep their period.
const ABBREVIATIONS: &[&str] = &[
    "adm", "al", "approx", "apr", "assn", "attn", "aug", "ave", "blvd", "brig", "bros", "capt",
    "cdr", "cf", "cmdr", "co", "col", "conf", "corp", "cpl", "dec", "dept", "dr", "est", "etc",
    "ext", "feb", "fig", "fri", "ft", "gen", "gov", "hon", "inc", "jan", "jr", "jul", "jun", "lb",
    "lt", "ltd", "maj", "mar", "messrs", "mon", "mr", "mrs", "ms", "mt", "nov", "oct", "oz",
    "para", "ph", "pp", "pres", "prof", "pt", "rep", "reps", "rev", "sec", "sen", "sens", "sep",
    "sept", "sgt", "sr", "st", "supt", "thu", "thur", "thurs", "tue", "tues", "univ", "vol", "vs",
    "wed", "yrs",
];

/// Abbreviations that never end a sentence (they precede a name).
const TITLES: &[&str] = &[
    "adm", "brig", "capt", "cdr", "cmdr", "col", "cpl", "dr", "gen", "gov", "hon", "lt", "maj",
    "messrs", "mr", "mrs", "ms", "mt", "pres", "prof", "rep", "rev", "sen", "sens", "sgt", "st",
    "supt", "vs",
];

fn is_abbreviation(word: &str, text: &str, after: usize, end: usize) -> bool {
    // "U.S", "e.g", "p.m", "Ph.D": single letters (or short parts) joined by periods.
    if word.contains('.') {
        return word.split('.').all(|p| {
            !p.is_empty() && p.chars().count() <= 3 && p.chars().all(char::is_alphabetic)
        });
    }
    let n = word.chars().count();
    if n == 1 {
        return word.chars().all(char::is_alphabetic);
    }
    if n > 6 || !word.chars().all(char::is_alphabetic) {
        return false;
    }
    let lower = word.to_ascii_lowercase();
    if lower == "no" || lower == "nos" {
        // "No. 5" but not "said no."
        return text[after..end].is_empty()
            && text[after..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit());
    }
    ABBREVIATIONS.binary_search(&lower.as_str()).is_ok()
}

/// Whether `word` (a token text ending in '.') is a title abbreviation like "Mr." or "Gen.".
pub fn is_title_abbreviation(word: &str) -> bool {
    let w = word.strip_suffix('.').unwrap_or(word);
    w.len() <= 6
        && TITLES
            .binary_search(&w.to_ascii_lowercase().as_str())
            .is_ok()
}

/// Prefixes after which EWT keeps a hyphenated word whole.
const HYPHEN_PREFIXES: &[&str] = &[
    "anti", "arch", "bi", "co", "counter", "cross", "cyber", "de", "e", "ex", "extra", "hyper",
    "inter", "intra", "macro", "mega", "micro", "mid", "mini", "mis", "multi", "neo", "non",
    "over", "pan", "post", "pre", "pro", "psycho", "quasi", "re", "semi", "socio", "sub", "super",
    "trans", "tri", "ultra", "un", "vice",
];

/// Emits one word-like run `[s, e)` as surface tokens (splitting hyphens) and words
/// (splitting clitics).
fn emit_word(text: &str, s: usize, e: usize, out: &mut Tokens) {
    let w = &text[s..e];
    if w.contains('-') && !keep_hyphenated(w) {
        let mut seg_start = s;
        let mut k = s;
        while k < e {
            let c = next_char(text, k);
            if c == '-' {
                let left = &text[seg_start..k];
                let keep = HYPHEN_PREFIXES
                    .binary_search(&left.to_ascii_lowercase().as_str())
                    .is_ok()
                    || (left.chars().count() == 1 && left.chars().all(char::is_alphabetic));
                if !keep {
                    emit_clitics(text, seg_start, k, out);
                    push_simple(out, k, k + 1);
                    seg_start = k + 1;
                }
            }
            k += c.len_utf8();
        }
        emit_clitics(text, seg_start, e, out);
        return;
    }
    emit_clitics(text, s, e, out);
}

/// Phone numbers, dates like 01-Feb-02, codes like A-1: kept whole.
fn keep_hyphenated(w: &str) -> bool {
    let parts: Vec<&str> = w.split('-').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return false;
    }
    let all_digits = |p: &&str| p.bytes().all(|b| b.is_ascii_digit());
    // Phone numbers: 853-7906, 212-902-3724 (not year ranges like 1990-2000).
    if parts.iter().all(all_digits)
        && parts.len() >= 2
        && parts[0].len() == 3
        && parts.last().is_some_and(|p| p.len() == 4)
    {
        return true;
    }
    // 01-Feb-02
    parts.len() == 3
        && all_digits(&parts[0])
        && all_digits(&parts[2])
        && parts[1].chars().all(char::is_alphabetic)
}

/// Clitic suffixes split off as separate words (lowercase, with ASCII apostrophe).
const CLITICS: &[&str] = &["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"];

/// Fused forms without apostrophe: (form, split point in bytes).
const FUSED: &[(&str, usize)] = &[
    ("aint", 2),
    ("arent", 3),
    ("cannot", 3),
    ("cant", 2),
    ("couldnt", 5),
    ("didnt", 3),
    ("doesnt", 4),
    ("dont", 2),
    ("gimme", 3),
    ("gonna", 3),
    ("gotta", 3),
    ("hadnt", 3),
    ("hasnt", 3),
    ("havent", 4),
    ("isnt", 2),
    ("shouldnt", 6),
    ("wanna", 3),
    ("wasnt", 3),
    ("werent", 4),
    ("wont", 2),
    ("wouldnt", 5),
];

fn emit_clitics(text: &str, s: usize, e: usize, out: &mut Tokens) {
    if s >= e {
        return;
    }
    push_token(out, s, e);
    let w = &text[s..e];
    // Apostrophe clitics.
    if let Some(split) = clitic_split(w) {
        push_piece(out, s, s + split);
        push_piece(out, s + split, e);
        return;
    }
    if w.len() <= 8 && w.is_ascii() {
        let lower = w.to_ascii_lowercase();
        if let Ok(k) = FUSED.binary_search_by(|(f, _)| f.cmp(&lower.as_str())) {
            let split = FUSED[k].1;
            push_piece(out, s, s + split);
            push_piece(out, s + split, e);
            return;
        }
    }
    push_piece(out, s, e);
}

/// Byte offset where a clitic starts in `w`, if `w` ends in one.
fn clitic_split(w: &str) -> Option<usize> {
    let apos = w.rfind(['\'', '’'])?;
    if apos == 0 {
        return None;
    }
    let tail = &w[apos..];
    let tail_norm: String = tail
        .chars()
        .map(|c| {
            if c == '’' {
                '\''
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if tail_norm == "'" {
        // Possessive plural: "students'".
        return w[..apos].ends_with(['s', 'S']).then_some(apos);
    }
    if tail_norm == "'t" {
        // n't: the n belongs to the clitic ("do|n't", "ca|n't").
        let before = &w[..apos];
        if before.ends_with(['n', 'N']) && before.len() > 1 {
            return Some(apos - 1);
        }
        return None;
    }
    CLITICS
        .iter()
        .any(|c| *c == tail_norm)
        .then_some(apos)
        .filter(|_| w[..apos].chars().all(is_word_char))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let t = tokenize(text);
        t.pieces
            .iter()
            .map(|p| &text[p.start as usize..p.end as usize])
            .collect()
    }

    fn surface(text: &str) -> Vec<&str> {
        let t = tokenize(text);
        (0..t.tokens.len()).map(|i| t.text(text, i)).collect()
    }

    #[test]
    fn tables_sorted() {
        for t in [ABBREVIATIONS, TITLES, HYPHEN_PREFIXES] {
            assert!(t.windows(2).all(|w| w[0] < w[1]), "{:?}", t);
        }
        assert!(FUSED.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn clitics_split_as_ud() {
        assert_eq!(
            words("They don't know."),
            ["They", "do", "n't", "know", "."]
        );
        assert_eq!(words("It can't be"), ["It", "ca", "n't", "be"]);
        assert_eq!(words("Tehran’s plan"), ["Tehran", "’s", "plan"]);
        assert_eq!(words("I'm sure we've"), ["I", "'m", "sure", "we", "'ve"]);
        assert_eq!(
            words("the ministers' talks"),
            ["the", "ministers", "'", "talks"]
        );
        assert_eq!(words("You cannot go"), ["You", "can", "not", "go"]);
        assert_eq!(surface("They don't know."), ["They", "don't", "know", "."]);
        assert_eq!(words("O'Brien said"), ["O'Brien", "said"]);
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            words("Mr. Smith met Gen. J. R. Allen in the U.S. on Feb. 3."),
            [
                "Mr.", "Smith", "met", "Gen.", "J.", "R.", "Allen", "in", "the", "U.S.", "on",
                "Feb.", "3", "."
            ]
        );
        assert_eq!(words("e.g. this"), ["e.g.", "this"]);
        assert_eq!(words("He said no."), ["He", "said", "no", "."]);
        assert_eq!(words("No. 5"), ["No.", "5"]);
    }

    #[test]
    fn numbers_urls_emails() {
        assert_eq!(
            words("1,000.5 people (3.4%)"),
            ["1,000.5", "people", "(", "3.4", "%", ")"]
        );
        assert_eq!(
            words("at 10:30 on 3/4/2022"),
            ["at", "10:30", "on", "3/4/2022"]
        );
        assert_eq!(words("$100"), ["$", "100"]);
        assert_eq!(
            words("see https://example.org/a-b?x=1, or mail me@example.com."),
            [
                "see",
                "https://example.org/a-b?x=1",
                ",",
                "or",
                "mail",
                "me@example.com",
                "."
            ]
        );
        assert_eq!(words("(www.example.com)"), ["(", "www.example.com", ")"]);
    }

    #[test]
    fn hyphens_quotes_dashes() {
        assert_eq!(
            words("a long-term plan"),
            ["a", "long", "-", "term", "plan"]
        );
        assert_eq!(words("e-mail and re-elect"), ["e-mail", "and", "re-elect"]);
        assert_eq!(words("call 212-555-1234"), ["call", "212-555-1234"]);
        assert_eq!(
            words("“Yes,” he said—then left..."),
            ["“", "Yes", ",", "”", "he", "said", "—", "then", "left", "..."]
        );
        assert_eq!(words("wait -- what?!"), ["wait", "--", "what", "?!"]);
        assert_eq!(words("nice :-) really"), ["nice", ":-)", "really"]);
        assert_eq!(words("and/or"), ["and", "/", "or"]);
    }

    #[test]
    fn offsets_are_exact() {
        let text = "  Çа va? «Oui» — d'accord.\n\nNext";
        let t = tokenize(text);
        for p in &t.pieces {
            assert!(text.is_char_boundary(p.start as usize));
            assert!(text.is_char_boundary(p.end as usize));
            assert!(p.start < p.end);
        }
        assert_eq!(t.tokens.last().unwrap().newlines_before, 2);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn check(text: &str) {
        let t = tokenize(text);
        let mut last_end = 0usize;
        let mut covered = String::new();
        for (k, tok) in t.tokens.iter().enumerate() {
            let (s, e) = (tok.start as usize, tok.end as usize);
            assert!(s >= last_end && s < e && e <= text.len());
            assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            assert!(tok.first_piece < tok.end_piece);
            // Whitespace only between tokens, never inside.
            assert!(text[last_end..s].chars().all(char::is_whitespace));
            assert!(
                !text[s..e].chars().any(char::is_whitespace),
                "{:?}",
                &text[s..e]
            );
            // Words tile their token exactly.
            let pieces = &t.pieces[tok.first_piece as usize..tok.end_piece as usize];
            assert_eq!(pieces[0].start, tok.start);
            assert_eq!(pieces.last().unwrap().end, tok.end);
            for w in pieces.windows(2) {
                assert_eq!(w[0].end, w[1].start);
            }
            assert!(pieces
                .iter()
                .all(|p| p.token as usize == k && p.start < p.end));
            covered.push_str(&text[s..e]);
            last_end = e;
        }
        assert!(text[last_end..].chars().all(char::is_whitespace));
        let non_ws: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(covered, non_ws);
        // Sentences: increasing token starts.
        let mut starts = Vec::new();
        crate::sentences::split_sentences(text, &t, &mut starts);
        assert!(starts.windows(2).all(|w| w[0] < w[1]));
        assert!(starts.iter().all(|&s| (s as usize) < t.tokens.len().max(1)));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn any_string_tokenizes_soundly(text in any::<String>()) {
            check(&text);
        }

        #[test]
        fn newsy_strings_tokenize_soundly(text in "[A-Za-z0-9 .,;:'’\"“”()\\-!?$%@/&\n]{0,80}") {
            check(&text);
        }
    }
}
