//! Actor dictionaries: dyad's own format (see `docs/dictionaries.md`), the typed entries,
//! the checker, time-aware code lookup and name matching.

use crate::code::{ActorCode, CodeError};
use crate::date::{Date, DateRange};
use crate::diag::Diagnostic;
use crate::text::{name_key, split_names, strip_comment, NameIndex};
use crate::tokenize::{is_case_sensitive_acronym, name_tokens};
use crate::trie::{TokenTrie, TrieBuilder, TrieMatch};
use crate::{Format, Source};
use std::fmt;

/// What an actor entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Person,
    Country,
    Territory,
    Org,
    Igo,
    Ngo,
    Group,
    Place,
    Agent,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Person,
        Kind::Country,
        Kind::Territory,
        Kind::Org,
        Kind::Igo,
        Kind::Ngo,
        Kind::Group,
        Kind::Place,
        Kind::Agent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Country => "country",
            Kind::Territory => "territory",
            Kind::Org => "org",
            Kind::Igo => "igo",
            Kind::Ngo => "ngo",
            Kind::Group => "group",
            Kind::Place => "place",
            Kind::Agent => "agent",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The attribute keys of dyad's actor format.
pub const ATTRIBUTE_KEYS: &[&str] = &[
    "kind",
    "alias",
    "adjective",
    "demonym",
    "capital",
    "metonym",
    "iso2",
    "iso3",
    "note",
    "source",
];

/// How a matched name relates to its entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameRole {
    /// The canonical name or an alias (entry line or `alias:`).
    Name,
    Adjective,
    Demonym,
    Capital,
    Metonym,
}

/// One code of an entry, valid over `range`. `code` is `None` for PETRARCH's null code
/// `---` ("no code in this period").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeSpan {
    pub code: Option<ActorCode>,
    pub range: DateRange,
    /// Line of the code in its file.
    pub line: u32,
}

/// One actor: names, identity, attributes and dated codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorEntry {
    /// The canonical name first, then the aliases.
    pub names: Vec<String>,
    /// Wikidata id such as `Q39723`.
    pub qid: Option<String>,
    pub kind: Option<Kind>,
    /// `key: value` attributes in file order (kind and alias excluded; they have fields).
    pub attrs: Vec<(String, String)>,
    pub codes: Vec<CodeSpan>,
    /// Index of the file in its dictionary ([`ActorDict::file_name`]).
    pub file: u32,
    /// Line of the entry in its file.
    pub line: u32,
    pub(crate) format: Format,
}

impl ActorEntry {
    pub(crate) fn new(file: u32, line: u32, format: Format) -> ActorEntry {
        ActorEntry {
            names: Vec::new(),
            qid: None,
            kind: None,
            attrs: Vec::new(),
            codes: Vec::new(),
            file,
            line,
            format,
        }
    }

    pub fn canonical(&self) -> &str {
        self.names.first().map_or("", String::as_str)
    }

    pub fn aliases(&self) -> &[String] {
        self.names.get(1..).unwrap_or(&[])
    }

    /// Values of attribute `key`, in file order.
    pub fn attr<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.attrs
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// All matchable names with their roles.
    pub fn all_names(&self) -> impl Iterator<Item = (&str, NameRole)> + '_ {
        let named = self.names.iter().map(|n| (n.as_str(), NameRole::Name));
        let other = self.attrs.iter().filter_map(|(k, v)| {
            let role = match k.as_str() {
                "adjective" => NameRole::Adjective,
                "demonym" => NameRole::Demonym,
                "capital" => NameRole::Capital,
                "metonym" => NameRole::Metonym,
                _ => return None,
            };
            Some((v.as_str(), role))
        });
        named.chain(other)
    }

    /// The code in force on `date`: the first dated code (in file order) whose range holds
    /// the date, else the first code without dates. `None` when no code applies or the
    /// applicable one is the null code.
    pub fn code_at(&self, date: Date) -> Option<&ActorCode> {
        let dated = self
            .codes
            .iter()
            .find(|c| !c.range.is_always() && c.range.contains(date));
        dated
            .or_else(|| self.codes.iter().find(|c| c.range.is_always()))
            .and_then(|c| c.code.as_ref())
    }

    /// Every (non-null) code in force on `date`, in file order.
    pub fn codes_at(&self, date: Date) -> impl Iterator<Item = &ActorCode> + '_ {
        self.codes
            .iter()
            .filter(move |c| c.range.contains(date))
            .filter_map(|c| c.code.as_ref())
    }

    /// The code for an undated mention: the first code without dates, else the code of the
    /// range that is still open (no end), else the last code listed.
    pub fn default_code(&self) -> Option<&ActorCode> {
        self.codes
            .iter()
            .find(|c| c.range.is_always())
            .or_else(|| self.codes.iter().rev().find(|c| c.range.to.is_none()))
            .or(self.codes.last())
            .and_then(|c| c.code.as_ref())
    }
}

/// A name reference stored in the trie.
#[derive(Clone, Copy, Debug)]
struct NameRef {
    entry: u32,
    role: NameRole,
}

/// A dictionary of actors loaded from one or more files, with a name trie.
#[derive(Clone, Debug, Default)]
pub struct ActorDict {
    files: Vec<String>,
    entries: Vec<ActorEntry>,
    refs: Vec<NameRef>,
    trie: TokenTrie,
}

/// Single-word names from PETRARCH files that are also common English words: PETRARCH
/// upper-cases all text, but dyad keeps case, so these match only when written in capitals.
const PETRARCH_CASED: &[&str] = &[
    "a", "am", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "for", "go", "he",
    "her", "him", "his", "i", "if", "in", "is", "it", "may", "me", "my", "no", "not", "of", "on",
    "one", "or", "our", "so", "the", "to", "up", "us", "was", "we", "who", "will",
];

impl ActorDict {
    /// Loads actor files (dyad's or PETRARCH's format) into one dictionary. Never panics on
    /// bad input: every problem comes back as a diagnostic, and the rest still loads.
    pub fn load(sources: &[Source<'_>]) -> (ActorDict, Vec<Diagnostic>) {
        let mut dict = ActorDict::default();
        let mut diags = Vec::new();
        for src in sources {
            let file = dict.files.len() as u32;
            dict.files.push(src.name.to_string());
            let format = src
                .format
                .unwrap_or_else(|| crate::detect_format(crate::DictKind::Actors, &src.text));
            match format {
                Format::Dyad => {
                    parse_dyad(file, &src.name, &src.text, &mut dict.entries, &mut diags)
                }
                Format::Petrarch => crate::petrarch::read_actors(
                    file,
                    &src.name,
                    &src.text,
                    &mut dict.entries,
                    &mut diags,
                ),
            }
        }
        dict.index();
        (dict, diags)
    }

    /// Builds a dictionary from entries made elsewhere (names matched case-insensitively,
    /// short capitalised acronyms case-sensitively).
    pub fn from_entries(files: Vec<String>, entries: Vec<ActorEntry>) -> ActorDict {
        let mut dict = ActorDict {
            files,
            entries,
            ..ActorDict::default()
        };
        dict.index();
        dict
    }

    fn index(&mut self) {
        let mut b = TrieBuilder::new();
        self.refs.clear();
        for (i, e) in self.entries.iter().enumerate() {
            for (name, role) in e.all_names() {
                let toks = name_tokens(name);
                if toks.is_empty() {
                    continue;
                }
                let cased = match e.format {
                    Format::Dyad => is_case_sensitive_acronym(&toks),
                    Format::Petrarch => {
                        toks.len() == 1
                            && PETRARCH_CASED
                                .iter()
                                .any(|w| w.eq_ignore_ascii_case(toks[0]))
                    }
                };
                let id = self.refs.len() as u32;
                self.refs.push(NameRef {
                    entry: i as u32,
                    role,
                });
                b.insert(&toks, id, cased, false);
                // "the Kremlin" also matches "Kremlin spokesman".
                if toks.len() > 1 && toks[0].eq_ignore_ascii_case("the") {
                    b.insert(&toks[1..], id, cased, false);
                }
            }
        }
        self.trie = b.build();
    }

    pub fn entries(&self) -> &[ActorEntry] {
        &self.entries
    }

    pub fn get(&self, id: u32) -> Option<&ActorEntry> {
        self.entries.get(id as usize)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Number of indexed names (all roles).
    pub fn name_count(&self) -> usize {
        self.refs.len()
    }

    /// The file names, in load order.
    pub fn files(&self) -> &[String] {
        &self.files
    }

    pub fn file_name(&self, entry: &ActorEntry) -> &str {
        self.files
            .get(entry.file as usize)
            .map_or("", String::as_str)
    }

    pub fn trie(&self) -> &TokenTrie {
        &self.trie
    }

    /// Entries having `name` (any role), matched as the trie would match it as a whole.
    pub fn lookup(&self, name: &str) -> Vec<(u32, NameRole)> {
        let toks = name_tokens(name);
        match self.trie.longest_match(&toks, 0) {
            Some(m) if m.len == toks.len() => m
                .ids()
                .map(|r| {
                    let r = self.refs[r as usize];
                    (r.entry, r.role)
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The longest name starting at `tokens[start]`. Allocates nothing.
    pub fn longest_match<S: AsRef<str>>(
        &self,
        tokens: &[S],
        start: usize,
    ) -> Option<ActorMatch<'_>> {
        self.trie
            .longest_match(tokens, start)
            .map(|m| ActorMatch { dict: self, m })
    }
}

/// A name found in text: `len` tokens from `start`, naming one or more entries.
#[derive(Clone, Copy, Debug)]
pub struct ActorMatch<'a> {
    dict: &'a ActorDict,
    m: TrieMatch<'a>,
}

impl<'a> ActorMatch<'a> {
    pub fn start(&self) -> usize {
        self.m.start
    }

    pub fn len(&self) -> usize {
        self.m.len
    }

    pub fn is_empty(&self) -> bool {
        self.m.len == 0
    }

    /// The entries named (entry id, entry, how the name relates to it).
    pub fn hits(&self) -> impl Iterator<Item = (u32, &'a ActorEntry, NameRole)> + 'a {
        let dict = self.dict;
        self.m.ids().map(move |r| {
            let r = dict.refs[r as usize];
            (r.entry, &dict.entries[r.entry as usize], r.role)
        })
    }
}

/// Parses one file of dyad's actor format, appending its entries; reports every problem.
pub(crate) fn parse_dyad(
    file: u32,
    name: &str,
    text: &str,
    out: &mut Vec<ActorEntry>,
    diags: &mut Vec<Diagnostic>,
) {
    let first = out.len();
    let mut cur: Option<ActorEntry> = None;
    // (name, line) of every matchable name of the current entry, for the collision check.
    let mut cur_names: Vec<(String, u32)> = Vec::new();
    let mut all_names: Vec<(usize, Vec<(String, u32)>)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        let line = strip_comment(raw);
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        if !indented {
            if let Some(e) = cur.take() {
                finish_entry(name, e, out, diags);
                all_names.push((out.len() - 1, std::mem::take(&mut cur_names)));
            }
            let mut e = ActorEntry::new(file, line_no, Format::Dyad);
            let mut body = line;
            if let Some(pos) = line.rfind('@') {
                let tail = line[pos..].trim();
                if !tail.contains(char::is_whitespace) && line[..pos].ends_with(char::is_whitespace)
                {
                    let digits = &tail[1..];
                    if digits.len() > 1
                        && digits.starts_with('Q')
                        && digits[1..].bytes().all(|b| b.is_ascii_digit())
                    {
                        e.qid = Some(digits.to_string());
                    } else {
                        diags.push(Diagnostic::error(
                            name,
                            line_no,
                            format!("bad Wikidata id `{tail}`: expected @Q followed by digits"),
                        ));
                    }
                    body = &line[..pos];
                }
            }
            e.names = split_names(body, name, line_no, diags);
            cur_names = e.names.iter().map(|n| (n.clone(), line_no)).collect();
            cur = Some(e);
            continue;
        }
        let Some(e) = cur.as_mut() else {
            diags.push(Diagnostic::error(
                name,
                line_no,
                "indented line outside an entry (entries start at column 0)",
            ));
            continue;
        };
        let content = line.trim();
        let first_word = content.split_whitespace().next().unwrap_or("");
        if let Some(key) = attribute_key(first_word, content) {
            let value = content[key.len() + 1..].trim();
            if value.is_empty() {
                diags.push(Diagnostic::error(
                    name,
                    line_no,
                    format!("`{key}:` has no value"),
                ));
                continue;
            }
            match key {
                "kind" => match Kind::parse(value) {
                    Some(_) if e.kind.is_some() => diags.push(Diagnostic::error(
                        name,
                        line_no,
                        "`kind:` given twice for one entry",
                    )),
                    Some(k) => e.kind = Some(k),
                    None => diags.push(Diagnostic::error(
                        name,
                        line_no,
                        format!(
                            "unknown kind `{value}` (expected one of: {})",
                            Kind::ALL.map(Kind::as_str).join(", ")
                        ),
                    )),
                },
                "alias" => {
                    let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
                    cur_names.push((v.clone(), line_no));
                    e.names.push(v);
                }
                "iso2" | "iso3" => {
                    let n = if key == "iso2" { 2 } else { 3 };
                    if value.len() != n || !value.bytes().all(|b| b.is_ascii_uppercase()) {
                        diags.push(Diagnostic::error(
                            name,
                            line_no,
                            format!("bad `{key}` value `{value}`: expected {n} capital letters"),
                        ));
                    } else {
                        e.attrs.push((key.to_string(), value.to_string()));
                    }
                }
                _ if ATTRIBUTE_KEYS.contains(&key) => {
                    if matches!(key, "adjective" | "demonym" | "capital" | "metonym") {
                        cur_names.push((value.to_string(), line_no));
                    }
                    e.attrs.push((key.to_string(), value.to_string()));
                }
                _ => diags.push(Diagnostic::error(
                    name,
                    line_no,
                    format!(
                        "unknown attribute `{key}` (expected one of: {})",
                        ATTRIBUTE_KEYS.join(", ")
                    ),
                )),
            }
            continue;
        }
        // A code line: CODE [FROM..TO]
        let mut words = content.split_whitespace();
        let code_s = words.next().unwrap_or("");
        let range_s = words.next();
        if let Some(extra) = words.next() {
            diags.push(Diagnostic::error(
                name,
                line_no,
                format!("unexpected `{extra}` after the code line (comments start with ` #`)"),
            ));
            continue;
        }
        let code = match ActorCode::parse(code_s) {
            Ok(c) => c,
            Err(err) => {
                let msg = match err {
                    CodeError::Syntax(_) if code_s.contains(':') => {
                        format!("bad line `{content}`: an attribute is written `key: value`")
                    }
                    other => other.to_string(),
                };
                diags.push(Diagnostic::error(name, line_no, msg));
                continue;
            }
        };
        let range = match range_s.map(DateRange::parse) {
            None => DateRange::ALWAYS,
            Some(Ok(r)) => r,
            Some(Err(msg)) => {
                diags.push(Diagnostic::error(name, line_no, msg));
                continue;
            }
        };
        if range.is_empty() {
            diags.push(Diagnostic::error(
                name,
                line_no,
                format!("date range `{range}` of {code} is reversed or empty (ranges are FROM..TO, TO excluded)"),
            ));
            continue;
        }
        e.codes.push(CodeSpan {
            code: Some(code),
            range,
            line: line_no,
        });
    }
    if let Some(e) = cur.take() {
        finish_entry(name, e, out, diags);
        all_names.push((out.len() - 1, cur_names));
    }
    // Duplicates and collisions within the file.
    let mut index = NameIndex::default();
    for (entry, names) in &all_names {
        let label = out[*entry].canonical().to_string();
        for (n, l) in names {
            index.add(name, n, *entry, *l, &label, diags);
        }
    }
    // Sorted by canonical name (a warning: it only keeps diffs readable).
    for w in out[first..].windows(2) {
        if name_key(w[1].canonical()) < name_key(w[0].canonical()) {
            diags.push(Diagnostic::warning(
                name,
                w[1].line,
                format!(
                    "entries are not sorted: `{}` comes after `{}`",
                    w[1].canonical(),
                    w[0].canonical()
                ),
            ));
            break;
        }
    }
}

/// `kind` in `kind: person`, if the line is an attribute line.
fn attribute_key<'a>(first_word: &'a str, content: &str) -> Option<&'a str> {
    let key = first_word.split(':').next()?;
    let is_key = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit())
        && content.as_bytes().get(key.len()) == Some(&b':');
    is_key.then_some(key)
}

fn finish_entry(file: &str, e: ActorEntry, out: &mut Vec<ActorEntry>, diags: &mut Vec<Diagnostic>) {
    if e.codes.is_empty() {
        diags.push(Diagnostic::warning(
            file,
            e.line,
            format!("entry `{}` has no code", e.canonical()),
        ));
    }
    for (j, b) in e.codes.iter().enumerate() {
        for a in &e.codes[..j] {
            if a.code == b.code && a.range.overlaps(&b.range) {
                diags.push(Diagnostic::error(
                    file,
                    b.line,
                    format!(
                        "{} {} overlaps {} {} at line {} (one code may not hold twice at once)",
                        show_code(&b.code),
                        b.range,
                        show_code(&a.code),
                        a.range,
                        a.line
                    ),
                ));
                break;
            }
        }
    }
    out.push(e);
}

fn show_code(c: &Option<ActorCode>) -> String {
    c.as_ref()
        .map_or_else(|| "---".to_string(), |c| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (ActorDict, Vec<Diagnostic>) {
        ActorDict::load(&[Source::dyad("t.txt", text)])
    }

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    const SAMPLE: &str = "\
# people of a made-up file
Ayla Demirtaş | Demirtas | Ayla Demirtas   @Q123456
  kind: person
  TURGOV 2011-05-02..2016-09-30   # minister
  TURGOV 2019..                   # back in government
  TURPTY ~2004..2011-05-02        # party chair
Kerem Aksoy | Aksoy
  kind: person
  note: fictional
  TURMIL 2015-06..
";

    #[test]
    fn parses_entries() {
        let (dict, diags) = load(SAMPLE);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(dict.len(), 2);
        let a = &dict.entries()[0];
        assert_eq!(a.canonical(), "Ayla Demirtaş");
        assert_eq!(a.aliases(), ["Demirtas", "Ayla Demirtas"]);
        assert_eq!(a.qid.as_deref(), Some("Q123456"));
        assert_eq!(a.kind, Some(Kind::Person));
        assert_eq!(a.line, 2);
        assert_eq!(a.codes.len(), 3);
        assert!(a.codes[2].range.from.unwrap().approx);
        let b = &dict.entries()[1];
        assert_eq!(b.attr("note").collect::<Vec<_>>(), ["fictional"]);
        assert_eq!(dict.file_name(b), "t.txt");
    }

    #[test]
    fn looks_up_codes_by_date() {
        let (dict, _) = load(SAMPLE);
        let a = &dict.entries()[0];
        let at = |s: &str| a.code_at(d(s)).map(|c| c.to_string());
        assert_eq!(at("2010-01-01").as_deref(), Some("TURPTY"));
        assert_eq!(at("2011-05-02").as_deref(), Some("TURGOV"));
        assert_eq!(at("2017-03-01"), None);
        assert_eq!(at("2024-03-01").as_deref(), Some("TURGOV"));
        assert_eq!(at("2001-01-01"), None);
        assert_eq!(a.codes_at(d("2011-01-01")).count(), 1);
        assert_eq!(a.default_code().map(|c| c.as_str()), Some("TURGOV"));
        let b = &dict.entries()[1];
        assert_eq!(b.code_at(d("2015-06-01")).unwrap().as_str(), "TURMIL");
        assert!(b.code_at(d("2015-05-31")).is_none());
    }

    #[test]
    fn undated_codes_are_the_fallback() {
        let (dict, diags) = load("Atlantis\n  kind: country\n  ATA\n  ATAGOV 2020..2021\n");
        assert!(diags.is_empty(), "{diags:?}");
        let e = &dict.entries()[0];
        assert_eq!(e.code_at(d("2020-06-01")).unwrap().as_str(), "ATAGOV");
        assert_eq!(e.code_at(d("2022-06-01")).unwrap().as_str(), "ATA");
        assert_eq!(e.codes_at(d("2020-06-01")).count(), 2);
    }

    #[test]
    fn matches_names_in_tokens() {
        let (dict, _) = load(
            "African Union | AU\n  kind: igo\n  IGOAFRAFU\nAyla Demirtas | Demirtas\n  TURGOV\n",
        );
        let toks = ["the", "AU", "and", "DEMIRTAS", "'s", "party"];
        let m = dict.longest_match(&toks, 1).unwrap();
        assert_eq!(m.len(), 1);
        let hits: Vec<_> = m.hits().map(|(_, e, r)| (e.canonical(), r)).collect();
        assert_eq!(hits, [("African Union", NameRole::Name)]);
        assert!(dict.longest_match(&["au"], 0).is_none());
        assert_eq!(dict.longest_match(&toks, 3).unwrap().hits().count(), 1);
        assert_eq!(dict.lookup("african union").len(), 1);
        assert!(dict.lookup("african").is_empty());
    }

    #[test]
    fn attributes_are_names_with_roles() {
        let (dict, diags) = load(
            "Iran | Islamic Republic of Iran\n  kind: country\n  adjective: Iranian\n  demonym: Iranians\n  capital: Tehran\n  metonym: the Islamic Republic\n  iso2: IR\n  iso3: IRN\n  IRN\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(dict.name_count(), 6);
        assert_eq!(dict.lookup("Tehran"), [(0, NameRole::Capital)]);
        assert_eq!(dict.lookup("iranians"), [(0, NameRole::Demonym)]);
        assert_eq!(dict.entries()[0].attr("iso3").next(), Some("IRN"));
    }

    fn errors(text: &str) -> Vec<(u32, String)> {
        let (_, diags) = load(text);
        diags
            .into_iter()
            .filter(|d| d.is_error())
            .map(|d| (d.line, d.message))
            .collect()
    }

    #[test]
    fn reports_each_error_with_its_line() {
        let bad_code = errors("A\n  usagov\n");
        assert_eq!(bad_code.len(), 1);
        assert_eq!(bad_code[0].0, 2);
        assert!(bad_code[0].1.contains("bad code"), "{bad_code:?}");

        let unknown = errors("A\n  kind: person\n  QQQGOV\n");
        assert_eq!(unknown[0].0, 3);
        assert!(
            unknown[0].1.contains("unknown country prefix `QQQ`"),
            "{unknown:?}"
        );

        let dup = errors("Alpha\n  USA\nBeta\n  FRA\nAlpha\n  DEU\n");
        assert_eq!(dup.len(), 1);
        assert_eq!(dup[0].0, 5);
        assert!(
            dup[0].1.contains("already names entry `Alpha` (line 1)"),
            "{dup:?}"
        );

        let alias = errors("Alpha | Al\n  USA\nBeta\n  adjective: al\n  FRA\n");
        assert_eq!(alias.len(), 1);
        assert_eq!(alias[0].0, 4);

        let overlap = errors("A\n  USAGOV 2001..2005\n  USAPTY 2003..\n  USAGOV 2004-06..2009\n");
        assert_eq!(overlap.len(), 1);
        assert_eq!(overlap[0].0, 4);
        assert!(
            overlap[0]
                .1
                .contains("overlaps USAGOV 2001..2005 at line 2"),
            "{overlap:?}"
        );

        let always = errors("A\n  USA\n  USA 2001..\n");
        assert_eq!(always[0].0, 3);

        let reversed = errors("A\n  USAGOV 2009..2001\n");
        assert_eq!(reversed[0].0, 2);
        assert!(reversed[0].1.contains("reversed"), "{reversed:?}");

        let bad_date = errors("A\n  USAGOV 2009-02-30..\n  USAGOV 2009/01..\n  USAGOV 2001-2003\n");
        assert_eq!(bad_date.iter().map(|e| e.0).collect::<Vec<_>>(), [2, 3, 4]);

        let misc = errors(
            "  USA\nA | | B   @X12\n  kind: robot\n  colour: red\n  iso2: usa\n  USA 2001.. extra\n  note:\n",
        );
        assert_eq!(
            misc.iter().map(|e| e.0).collect::<Vec<_>>(),
            [1, 2, 2, 3, 4, 5, 6, 7]
        );
    }

    #[test]
    fn warns_without_failing() {
        let (_, diags) = load("Zeta\n  USA\nAlpha\n  FRA\nBeta\n  kind: person\n");
        assert!(diags.iter().all(|d| !d.is_error()));
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert!(diags
            .iter()
            .any(|d| d.line == 3 && d.message.contains("not sorted")));
        assert!(diags
            .iter()
            .any(|d| d.line == 5 && d.message.contains("no code")));
    }

    #[test]
    fn never_panics_on_junk() {
        let junk =
            "\u{0}\u{feff}| |\n\t@\n  :\n  ~..~\n@Q\n  X ..\n#\n   \n\u{2028}é | é\n  é: é\n";
        let (_, diags) = load(junk);
        assert!(diags.iter().any(|d| d.is_error()));
        for n in 0..junk.len() {
            if junk.is_char_boundary(n) {
                let _ = load(&junk[..n]);
            }
        }
    }
}
