//! Readers of the PETRARCH/TABARI dictionary formats (actors, agents, discards), as
//! described in PETRARCH2's `dictionaries.rst`, into dyad's in-memory types.
//!
//! The readers accept everything PETRARCH accepts. What PETRARCH would silently mis-read
//! (a date with too many digits, an unknown substitution marker) is reported as a warning
//! and repaired or skipped; nothing in these formats is an error.
//!
//! Simplifications: a blank inside an agent phrase (which PETRARCH reads as "other words
//! may come between") is read as `_` (consecutive words); plurals of agent nouns follow
//! English spelling (`-ies` after a consonant + y, `-es` after s, sh, ch, x, z).

use crate::actors::{ActorEntry, CodeSpan};
use crate::agents::AgentEntry;
use crate::code::{ActorCode, AgentCode};
use crate::date::{Date, DateBound, DateRange};
use crate::diag::Diagnostic;
use crate::discards::{Discard, Scope};
use crate::Format;
use std::collections::HashMap;

/// Content lines of a PETRARCH file: `(line number, text without comments)`, skipping
/// blank lines, `#` comments and `<!-- ... -->` blocks.
fn content_lines(text: &str) -> impl Iterator<Item = (u32, &str)> {
    let mut in_block = false;
    text.lines().enumerate().filter_map(move |(i, raw)| {
        let raw = raw.trim_start_matches('\u{feff}');
        if in_block {
            if raw.contains("-->") {
                in_block = false;
            }
            return None;
        }
        if raw.trim_start().starts_with("<!") {
            in_block = !raw.contains("-->");
            return None;
        }
        let mut s = raw.split('#').next().unwrap_or("");
        // TABARI comments: `; note` after whitespace.
        if let Some(p) = s.find(" ;").or_else(|| s.find("\t;")) {
            s = &s[..p];
        }
        let s = s.trim_end();
        if s.trim().is_empty() {
            None
        } else {
            Some((i as u32 + 1, s))
        }
    })
}

/// `AFGHANISTAN_` / `CARLOS SANTOS_CRUZ_` -> `AFGHANISTAN` / `CARLOS SANTOS CRUZ`.
fn phrase(s: &str) -> String {
    s.replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The bracketed groups of a line: `[CODE DATE]` (a group may end at `]`, `}` or the end
/// of the line).
fn brackets(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(p) = rest.find('[') {
        let after = &rest[p + 1..];
        let end = after.find([']', '}']).unwrap_or(after.len());
        out.push(after[..end].trim());
        rest = after.get(end + 1..).unwrap_or("");
    }
    out
}

/// A PETRARCH date: `YYMMDD` (00-30 -> 20YY, else 19YY) or `YYYYMMDD`.
fn petr_date(s: &str) -> Option<Date> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    match s.len() {
        6 => {
            let yy = n(0..2)? as i32;
            let year = if yy <= 30 { 2000 + yy } else { 1900 + yy };
            Date::new(year, n(2..4)? as u8, n(4..6)? as u8)
        }
        8 => Date::new(n(0..4)? as i32, n(4..6)? as u8, n(6..8)? as u8),
        _ => None,
    }
}

/// Reads a date, repairing a stray extra digit (`201005011`, `1920030320`) with a warning.
fn read_date(s: &str, file: &str, line: u32, diags: &mut Vec<Diagnostic>) -> Option<Date> {
    if let Some(d) = petr_date(s) {
        return Some(d);
    }
    if s.len() > 8 && s.is_ascii() {
        // Both readings (first or last eight digits) may be dates: the later one is the
        // likelier in a news dictionary (`1920030320` is 2003-03-20 with a stray `19`).
        let best = [&s[..8], &s[s.len() - 8..]]
            .into_iter()
            .filter_map(|c| petr_date(c).map(|d| (d, c)))
            .max();
        if let Some((d, cand)) = best {
            diags.push(Diagnostic::warning(
                file,
                line,
                format!("date `{s}` has more than 8 digits; read as `{cand}`"),
            ));
            return Some(d);
        }
    }
    diags.push(Diagnostic::warning(
        file,
        line,
        format!("unreadable date `{s}` (expected YYMMDD or YYYYMMDD); code ignored"),
    ));
    None
}

/// One `[CODE restriction]` group as a code span; `None` (with a warning) if unreadable.
fn code_span(group: &str, file: &str, line: u32, diags: &mut Vec<Diagnostic>) -> Option<CodeSpan> {
    let mut words = group.split_whitespace();
    let Some(code_s) = words.next() else {
        diags.push(Diagnostic::warning(file, line, "empty code `[]` ignored"));
        return None;
    };
    let code = if code_s.chars().all(|c| c == '-') {
        None
    } else {
        Some(ActorCode::lenient(code_s))
    };
    let restr: String = words.collect();
    let range = if restr.is_empty() {
        DateRange::ALWAYS
    } else if let Some(d) = restr.strip_prefix('<') {
        DateRange {
            from: None,
            to: Some(DateBound::day(read_date(d, file, line, diags)?)),
        }
    } else if let Some(d) = restr.strip_prefix('>') {
        DateRange {
            from: Some(DateBound::day(read_date(d, file, line, diags)?)),
            to: None,
        }
    } else if let Some((a, b)) = restr.split_once('-') {
        let a = read_date(a, file, line, diags)?;
        let b = read_date(b, file, line, diags)?;
        let r = DateRange {
            from: Some(DateBound::day(a)),
            to: Some(DateBound::day(b)),
        };
        if r.is_empty() {
            diags.push(Diagnostic::warning(
                file,
                line,
                format!("date range `{restr}` is reversed or empty: it never applies"),
            ));
        }
        r
    } else {
        diags.push(Diagnostic::warning(
            file,
            line,
            format!("date restriction `{restr}` has no `<`, `>` or `-`; read as `>{restr}`"),
        ));
        DateRange {
            from: Some(DateBound::day(read_date(&restr, file, line, diags)?)),
            to: None,
        }
    };
    Some(CodeSpan { code, range, line })
}

/// Reads a PETRARCH actor dictionary: `PRIMARY_PHRASE [CODE]`, `+SYNONYM` lines and
/// tab-indented `[CODE DATE]` restrictions (`<date`, `>date`, `date-date`).
pub(crate) fn read_actors(
    file: u32,
    name: &str,
    text: &str,
    out: &mut Vec<ActorEntry>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut cur: Option<ActorEntry> = None;
    for (line, s) in content_lines(text) {
        let t = s.trim();
        if t.starts_with('[') {
            match cur.as_mut() {
                Some(e) => {
                    for g in brackets(t) {
                        if let Some(c) = code_span(g, name, line, diags) {
                            e.codes.push(c);
                        }
                    }
                }
                None => diags.push(Diagnostic::warning(
                    name,
                    line,
                    "code line before any actor: ignored",
                )),
            }
            continue;
        }
        let (is_syn, body) = match t.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let text_part = body.split('[').next().unwrap_or("");
        let ph = phrase(text_part);
        if !is_syn || cur.is_none() {
            if is_syn {
                diags.push(Diagnostic::warning(
                    name,
                    line,
                    "synonym before any actor: read as a new actor",
                ));
            }
            if let Some(e) = cur.take() {
                out.push(e);
            }
            cur = Some(ActorEntry::new(file, line, Format::Petrarch));
        }
        let e = cur.as_mut().expect("an entry is open");
        if ph.is_empty() {
            diags.push(Diagnostic::warning(name, line, "empty phrase ignored"));
        } else {
            e.names.push(ph);
        }
        for g in brackets(body) {
            if let Some(c) = code_span(g, name, line, diags) {
                e.codes.push(c);
            }
        }
    }
    if let Some(e) = cur.take() {
        out.push(e);
    }
}

/// Regular English plural of the last word of an upper- or lower-case phrase.
pub(crate) fn plural(phrase: &str) -> String {
    let (head, last) = match phrase.rfind(' ') {
        Some(p) => (&phrase[..=p], &phrase[p + 1..]),
        None => ("", phrase),
    };
    let upper = last.chars().any(char::is_uppercase) && !last.chars().any(char::is_lowercase);
    let l = last.to_lowercase();
    let vowel_y =
        l.len() >= 2 && matches!(l.as_bytes()[l.len() - 2], b'a' | b'e' | b'i' | b'o' | b'u');
    let suffixed = if l.ends_with('y') && !vowel_y {
        format!("{}ies", &last[..last.len() - 1])
    } else if ["s", "sh", "ch", "x", "z"].iter().any(|x| l.ends_with(x)) {
        format!("{last}es")
    } else {
        format!("{last}s")
    };
    let suffixed = if upper {
        suffixed.to_uppercase()
    } else {
        suffixed
    };
    format!("{head}{suffixed}")
}

/// Reads a PETRARCH agent dictionary: `PHRASE {PLURALS} [~CODE]` lines and
/// `!SET! = A, B` substitution sets.
pub(crate) fn read_agents(
    file: u32,
    name: &str,
    text: &str,
    out: &mut Vec<AgentEntry>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    for (line, s) in content_lines(text) {
        let t = s.trim();
        if t.starts_with('!') {
            if let Some((k, v)) = t.split_once('=') {
                let items = v.split(',').map(phrase).filter(|x| !x.is_empty()).collect();
                sets.insert(k.trim().to_ascii_uppercase(), items);
                continue;
            }
        }
        let Some(p) = t.find('[') else {
            diags.push(Diagnostic::warning(
                name,
                line,
                format!("agent `{t}` has no `[code]`: ignored"),
            ));
            continue;
        };
        let group = brackets(&t[p..]).into_iter().next().unwrap_or("");
        let code = AgentCode::lenient(group);
        if code.code.is_empty() {
            diags.push(Diagnostic::warning(name, line, "empty agent code: ignored"));
            continue;
        }
        let head = &t[..p];
        let (root, plurals) = match head.find('{') {
            Some(b) => {
                let inner = head[b + 1..].split('}').next().unwrap_or("");
                let forms: Vec<String> = inner
                    .split_whitespace()
                    .map(phrase)
                    .filter(|x| !x.is_empty())
                    .collect();
                (&head[..b], Some(forms))
            }
            None => (head, None),
        };
        let root = phrase(root);
        if root.is_empty() {
            diags.push(Diagnostic::warning(
                name,
                line,
                "empty agent phrase: ignored",
            ));
            continue;
        }
        let mut names = Vec::new();
        if root.contains('!') {
            // Substitution: every item of the set replaces the marker, no plurals added.
            let start = root.find('!').unwrap_or(0);
            let end = root[start + 1..].find('!').map(|e| start + 1 + e);
            let Some(end) = end else {
                diags.push(Diagnostic::warning(
                    name,
                    line,
                    format!("unclosed marker in `{root}`: ignored"),
                ));
                continue;
            };
            let marker = root[start..=end].to_ascii_uppercase();
            let Some(items) = sets.get(&marker) else {
                diags.push(Diagnostic::warning(
                    name,
                    line,
                    format!("undefined substitution set {marker}: agent ignored"),
                ));
                continue;
            };
            for it in items {
                names.push(phrase(&format!(
                    "{}{}{}",
                    &root[..start],
                    it,
                    &root[end + 1..]
                )));
            }
        } else {
            names.push(root.clone());
            match plurals {
                Some(forms) => names.extend(forms),
                None => names.push(plural(&root)),
            }
        }
        names.dedup();
        out.push(AgentEntry {
            names,
            code,
            kind: None,
            attrs: Vec::new(),
            file,
            line,
        });
    }
}

/// Reads a PETRARCH discard list: one phrase per line, `+` for whole stories, a final `_`
/// for whole words (otherwise the last word is a stem).
pub(crate) fn read_discards(
    file: u32,
    _name: &str,
    text: &str,
    out: &mut Vec<Discard>,
    _diags: &mut [Diagnostic],
) {
    for (line, s) in content_lines(text) {
        let t = s.trim();
        let (scope, body) = match t.strip_prefix('+') {
            Some(rest) => (Scope::Article, rest.trim()),
            None => (Scope::Sentence, t),
        };
        let stem = !body.ends_with('_');
        let ph = phrase(body);
        if ph.is_empty() {
            continue;
        }
        out.push(Discard {
            phrase: ph,
            scope,
            stem,
            file,
            line,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ActorDict, AgentDict, DiscardList, Source};

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    const ACTORS: &str = "\
<!-- a header
   spanning lines -->
# comment
ELBONIA_  [ELB]
+ELBONIAN_
+REPUBLIC_OF_ELBONIA # inline comment

MARA_VOSS_  ; CountryInfo.txt
+M._VOSS
\t[ELBELI 950101-990815]
\t[ELBGOV >990815]
\t[ELBREB <950101]
TOM_BAKER_\t[ELBGOV 010101-050101] [ELI]
ODD_ONE [ELB 201005011]
GAP_DATES\t[ELBOPP > 140608]\t[---]
";

    #[test]
    fn reads_actor_entries_with_dates() {
        let (dict, diags) = ActorDict::load(&[Source::petrarch("p.txt", ACTORS)]);
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
        let names: Vec<&str> = dict.entries().iter().map(|e| e.canonical()).collect();
        assert_eq!(
            names,
            ["ELBONIA", "MARA VOSS", "TOM BAKER", "ODD ONE", "GAP DATES"]
        );
        let elb = &dict.entries()[0];
        assert_eq!(elb.aliases(), ["ELBONIAN", "REPUBLIC OF ELBONIA"]);
        assert_eq!(elb.line, 4);
        let mara = &dict.entries()[1];
        assert_eq!(mara.aliases(), ["M. VOSS"]);
        let at = |s: &str| mara.code_at(d(s)).map(|c| c.to_string());
        assert_eq!(at("1994-12-31").as_deref(), Some("ELBREB"));
        assert_eq!(at("1995-01-01").as_deref(), Some("ELBELI"));
        assert_eq!(at("1999-08-15").as_deref(), Some("ELBGOV"));
        let tom = &dict.entries()[2];
        assert_eq!(tom.code_at(d("2003-01-01")).unwrap().as_str(), "ELBGOV");
        assert_eq!(tom.code_at(d("2007-01-01")).unwrap().as_str(), "ELI");
        // A nine-digit date is repaired with a warning.
        assert!(diags
            .iter()
            .any(|x| x.line == 14 && x.message.contains("201005011")));
        let odd = &dict.entries()[3];
        assert_eq!(odd.codes[0].range.from.unwrap().date, d("2010-05-01"));
        // `> 140608` with a blank; `[---]` is the null code.
        let gap = &dict.entries()[4];
        assert_eq!(gap.code_at(d("2015-01-01")).unwrap().as_str(), "ELBOPP");
        assert_eq!(gap.code_at(d("2013-01-01")), None);
        // Names match case-insensitively in text.
        let toks = ["the", "Republic", "of", "Elbonia", "said"];
        let m = dict.longest_match(&toks, 1).unwrap();
        assert_eq!(m.len(), 3);
    }

    #[test]
    fn reads_agents_with_plurals_and_sets() {
        let text = "\
!PERSON! = MAN, MEN, WOMAN
POLICE {} [~COP] # no plural
FERRY_WORKER [~LAB]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~JUD]
MILITIA [~MIL}
WATCH!PERSON! [~CVL]
HUMAN_RIGHTS_GROUP [NGO~]
NO_CODE_HERE
";
        let (dict, diags) = AgentDict::load(&[Source::petrarch("a.txt", text)]);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].line, 8);
        let e = dict.entries();
        assert_eq!(e[0].names, ["POLICE"]);
        assert_eq!(e[1].names, ["FERRY WORKER", "FERRY WORKERS"]);
        assert_eq!(e[2].names, ["ATTORNEY GENERAL", "ATTORNEYS GENERAL"]);
        assert_eq!(e[3].names, ["MILITIA", "MILITIAS"]);
        assert_eq!(e[3].code.to_string(), "~MIL");
        assert_eq!(e[4].names, ["WATCHMAN", "WATCHMEN", "WATCHWOMAN"]);
        assert_eq!(e[5].code.to_string(), "NGO~");
        let m = dict.longest_match(&["ferry", "workers"], 0).unwrap();
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn plurals_follow_spelling() {
        assert_eq!(plural("PARTY"), "PARTIES");
        assert_eq!(plural("ENVOY"), "ENVOYS");
        assert_eq!(plural("CONGRESS"), "CONGRESSES");
        assert_eq!(plural("church"), "churches");
        assert_eq!(plural("army chief"), "army chiefs");
    }

    #[test]
    fn reads_discards() {
        let text = "# c\n+ACADEMY AWARD   # x\nWORLD CUP\nBASEBALL_\n+ESPN2 \n";
        let (list, diags) = DiscardList::load(&[Source::petrarch("d.txt", text)]);
        assert!(diags.is_empty());
        let e = list.entries();
        assert_eq!(e.len(), 4);
        assert_eq!((e[0].scope, e[0].stem), (Scope::Article, true));
        assert_eq!(e[0].phrase, "ACADEMY AWARD");
        assert_eq!((e[2].scope, e[2].stem), (Scope::Sentence, false));
        let toks = ["He", "won", "two", "Academy", "Awards"];
        let hit = list.find(&toks).unwrap();
        assert_eq!(
            (hit.start, hit.len, hit.discard.scope),
            (3, 2, Scope::Article)
        );
        assert!(list.find(&["baseballs"]).is_none());
        assert!(list.find(&["Baseball", "."]).is_some());
    }

    const DIR: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/petrarch2-dictionaries/"
    );

    fn read(file: &str) -> Option<Source<'static>> {
        let path = std::path::Path::new(DIR).join(file);
        if !path.exists() {
            println!("skipped: {} is absent", path.display());
            return None;
        }
        Some(Source::read(path).expect("readable"))
    }

    fn no_errors(diags: &[Diagnostic]) {
        let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }

    #[test]
    fn loads_every_petrarch_dictionary() {
        let actor_files = [
            "Phoenix.Countries.actors.txt",
            "Phoenix.International.actors.txt",
            "Phoenix.MilNonState.actors.txt",
            "PETR.Validate.actors.txt",
        ];
        let Some(sources) = actor_files
            .iter()
            .map(|f| read(f))
            .collect::<Option<Vec<_>>>()
        else {
            return;
        };
        for s in &sources {
            assert_eq!(
                crate::detect_format(crate::DictKind::Actors, &s.text),
                Format::Petrarch
            );
            let (dict, diags) = ActorDict::load(std::slice::from_ref(s));
            no_errors(&diags);
            for w in &diags {
                println!("  {w}");
            }
            assert!(dict.len() > 100, "{}: {}", s.name, dict.len());
            println!(
                "{}: {} entries, {} names, {} warnings",
                s.name,
                dict.len(),
                dict.name_count(),
                diags.len()
            );
        }
        // The largest set: the three actor files PETRARCH2's configuration loads.
        let t = std::time::Instant::now();
        let (dict, diags) = ActorDict::load(&sources[..3]);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        no_errors(&diags);
        println!(
            "Phoenix actors (3 files): {} entries, {} names, {} trie nodes, loaded in {ms:.1} ms",
            dict.len(),
            dict.name_count(),
            dict.trie().node_count()
        );
        // Spot checks on the real data.
        let hits = dict.lookup("Afghanistan");
        assert!(hits.iter().any(|&(e, _)| {
            dict.get(e)
                .unwrap()
                .code_at(d("2010-01-01"))
                .map(|c| c.as_str())
                == Some("AFG")
        }));
        for (file, kind) in [
            ("Phoenix.agents.txt", crate::DictKind::Agents),
            ("PETR.Validate.agents.txt", crate::DictKind::Agents),
            ("Phoenix.discards.txt", crate::DictKind::Discards),
            ("PETR.Validate.discards.txt", crate::DictKind::Discards),
        ] {
            let src = read(file).expect("present with the others");
            assert_eq!(crate::detect_format(kind, &src.text), Format::Petrarch);
            let diags = crate::check(kind, std::slice::from_ref(&src));
            no_errors(&diags);
            println!("{file}: {} warnings", diags.len());
        }
        let (agents, _) = AgentDict::load(&[read("Phoenix.agents.txt").unwrap()]);
        let m = agents.longest_match(&["police", "officers"], 0).unwrap();
        assert_eq!(m.entries().next().unwrap().code.code.as_ref(), "COP");
        println!("Phoenix.agents.txt: {} entries", agents.len());
    }
}
