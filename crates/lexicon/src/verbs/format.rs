//! Reader and checker of dyad's own event dictionary format (see
//! `docs/event-dictionary.md`).
//!
//! ```text
//! &SANCTION = sanction embargo boycott trade_restriction
//! # 163 Impose embargo, boycott, or sanctions
//! impose     verb 163 obj=&SANCTION target=obl:on|obl:against|obj>nmod:on|obj>nmod:against
//! pull_out   verb 0874 target=obl:of|obl:from      # "pulled out of the town"
//! talk       noun 040 target=nmod:with              # "talks with Iran"
//! say        verb 010 weak                          # generic statement
//! ```

use std::collections::{HashMap, HashSet};

use super::dict::{
    default_roles, Builder, Constraint, Item, Origin, Pattern, PloverOverride, Rel, SetId, Slot,
    Step, TriggerPos, VerbDict,
};
use super::{Code, Codebook, Diagnostic, PLOVER_CATEGORIES};

/// Words accepted as verb particles in triggers (`pull_out`, `crack_down`).
pub const PARTICLES: &[&str] = &[
    "about", "across", "ahead", "along", "apart", "around", "aside", "away", "back", "by", "down",
    "forth", "forward", "in", "off", "on", "out", "over", "round", "through", "together", "up",
];

struct SynsetDef {
    file: usize,
    line: u32,
    /// Raw items, references unresolved.
    items: Vec<String>,
}

/// Loads dyad-format files (synsets are shared across all of them) into one dictionary.
/// Every problem is reported; bad lines are skipped, the rest is loaded. Codes are checked
/// against `codebook` when given.
pub fn load(files: &[(&str, &str)], codebook: Option<&Codebook>) -> (VerbDict, Vec<Diagnostic>) {
    let mut b = Builder::default();
    let mut diags = Vec::new();
    for (name, _) in files {
        b.add_file(name);
    }

    // Pass 1: synsets.
    let mut defs: HashMap<String, SynsetDef> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for (fi, (fname, text)) in files.iter().enumerate() {
        for (i, raw) in text.lines().enumerate() {
            let line = i as u32 + 1;
            let content = strip_comment(raw).0.trim();
            if !content.starts_with('&') {
                continue;
            }
            let (head, rest, append) = if let Some((h, r)) = content.split_once("+=") {
                (h.trim(), r, true)
            } else if let Some((h, r)) = content.split_once('=') {
                (h.trim(), r, false)
            } else {
                diags.push(Diagnostic::error(
                    fname,
                    line,
                    "synset line needs `&NAME = items` or `&NAME += items`",
                ));
                continue;
            };
            let name = &head[1..];
            if !valid_name(name) {
                diags.push(Diagnostic::error(
                    fname,
                    line,
                    format!("bad synset name {head:?} (letters, digits and _)"),
                ));
                continue;
            }
            let items: Vec<String> = rest.split_whitespace().map(str::to_lowercase).collect();
            if items.is_empty() {
                diags.push(Diagnostic::error(
                    fname,
                    line,
                    format!("synset {head} is empty"),
                ));
            }
            for it in &items {
                if let Err(m) = check_item_syntax(it) {
                    diags.push(Diagnostic::error(fname, line, m));
                }
            }
            match defs.get_mut(name) {
                Some(d) if append => d.items.extend(items),
                Some(d) => diags.push(Diagnostic::error(
                    fname,
                    line,
                    format!(
                        "synset &{name} defined twice (first in {} line {}); use += to extend",
                        files[d.file].0, d.line
                    ),
                )),
                None if append => diags.push(Diagnostic::error(
                    fname,
                    line,
                    format!("&{name} += before any &{name} = definition"),
                )),
                None => {
                    order.push(name.to_string());
                    defs.insert(
                        name.to_string(),
                        SynsetDef {
                            file: fi,
                            line,
                            items,
                        },
                    );
                }
            }
        }
    }
    // Resolve references (nested synsets), reporting unknown names and cycles.
    let mut resolved: HashMap<String, Vec<String>> = HashMap::new();
    for name in &order {
        let mut stack = Vec::new();
        resolve(name, &defs, &mut resolved, &mut stack, files, &mut diags);
    }
    for name in &order {
        let items = resolved[name]
            .iter()
            .map(|w| item_from_str(&mut b, w))
            .collect();
        b.named_set(name, items);
    }

    // Pass 2: entries.
    let mut seen: HashMap<String, (usize, u32)> = HashMap::new();
    for (fi, (fname, text)) in files.iter().enumerate() {
        for (i, raw) in text.lines().enumerate() {
            let line = i as u32 + 1;
            let (content, note) = strip_comment(raw);
            let content = content.trim();
            if content.is_empty() || content.starts_with('&') {
                continue;
            }
            let origin = Origin {
                file: fi as u16,
                line,
            };
            match parse_entry(&mut b, content, note, origin, codebook) {
                Ok(p) => {
                    let key = dup_key(&b.dict, &p);
                    if let Some((f0, l0)) = seen.get(&key) {
                        diags.push(Diagnostic::error(
                            fname,
                            line,
                            format!("duplicate entry (first in {} line {l0})", files[*f0].0),
                        ));
                        continue;
                    }
                    seen.insert(key, (fi, line));
                    b.push_pattern(p);
                }
                Err(errs) => {
                    for m in errs {
                        diags.push(Diagnostic::error(fname, line, m));
                    }
                }
            }
        }
    }
    (b.finish(), diags)
}

/// Checks dyad-format files: every problem as a [`Diagnostic`] (unknown CAMEO code, bad
/// syntax, duplicate entry, unknown synset, unknown dependency slot, unknown particle,
/// synset cycles). Codes are checked against the built-in codebook.
pub fn check(files: &[(&str, &str)]) -> Vec<Diagnostic> {
    load(files, Some(Codebook::builtin())).1
}

fn resolve(
    name: &str,
    defs: &HashMap<String, SynsetDef>,
    resolved: &mut HashMap<String, Vec<String>>,
    stack: &mut Vec<String>,
    files: &[(&str, &str)],
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    if let Some(v) = resolved.get(name) {
        return v.clone();
    }
    let def = &defs[name];
    if stack.iter().any(|s| s == name) {
        diags.push(Diagnostic::error(
            files[def.file].0,
            def.line,
            format!(
                "synset &{name} refers to itself (through {})",
                stack.join(" > &")
            ),
        ));
        return Vec::new();
    }
    stack.push(name.to_string());
    let mut out = Vec::new();
    for it in &def.items {
        if let Some(r) = it.strip_prefix('&') {
            let r = r.to_uppercase();
            if defs.contains_key(&r) {
                out.extend(resolve(&r, defs, resolved, stack, files, diags));
            } else {
                diags.push(Diagnostic::error(
                    files[def.file].0,
                    def.line,
                    format!("unknown synset &{r}"),
                ));
            }
        } else {
            out.push(it.clone());
        }
    }
    stack.pop();
    out.sort();
    out.dedup();
    resolved.insert(name.to_string(), out.clone());
    out
}

/// Splits off a `#` comment (the note).
fn strip_comment(raw: &str) -> (&str, Option<&str>) {
    match raw.find('#') {
        Some(i) => {
            let n = raw[i + 1..].trim();
            (&raw[..i], (!n.is_empty()).then_some(n))
        }
        None => (raw, None),
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn valid_word(w: &str) -> bool {
    !w.is_empty()
        && w.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '\'' || c == '.' || c == '/')
}

fn check_item_syntax(it: &str) -> Result<(), String> {
    if let Some(n) = it.strip_prefix('&') {
        return if valid_name(n) {
            Ok(())
        } else {
            Err(format!("bad synset reference {it:?}"))
        };
    }
    if it.split('_').all(valid_word) {
        Ok(())
    } else {
        Err(format!("bad word or phrase {it:?}"))
    }
}

fn item_from_str(b: &mut Builder, s: &str) -> Item {
    let words: Vec<_> = s.split('_').map(|w| b.intern(w)).collect();
    if words.len() == 1 {
        Item::Word(words[0])
    } else {
        Item::Phrase(words.into_boxed_slice())
    }
}

/// Parses `a|b_c|&SET` into a set (a lone `&SET` is the synset itself).
fn parse_items(b: &mut Builder, value: &str) -> Result<SetId, String> {
    let parts: Vec<&str> = value.split('|').collect();
    if parts.len() == 1 {
        if let Some(n) = parts[0].strip_prefix('&') {
            return b
                .dict
                .synset(&n.to_uppercase())
                .ok_or_else(|| format!("unknown synset &{}", n.to_uppercase()));
        }
    }
    let mut items = Vec::new();
    for p in parts {
        let p = p.to_lowercase();
        check_item_syntax(&p)?;
        if let Some(n) = p.strip_prefix('&') {
            let id = b
                .dict
                .synset(&n.to_uppercase())
                .ok_or_else(|| format!("unknown synset &{}", n.to_uppercase()))?;
            items.extend(b.dict.set(id).items.iter().cloned());
        } else {
            items.push(item_from_str(b, &p));
        }
    }
    Ok(b.inline_set(items))
}

/// Parses `obj>nmod:on` (one slot).
pub(crate) fn parse_slot(b: &mut Builder, s: &str) -> Result<Slot, String> {
    let mut steps = Vec::new();
    for step in s.split('>') {
        let (rel, prep) = match step.split_once(':') {
            Some((r, p)) => (r, Some(p)),
            None => (step, None),
        };
        let Some(rel) = Rel::from_name(rel) else {
            return Err(format!("unknown dependency slot {step:?} in {s:?}"));
        };
        let prep = match prep {
            Some(_) if !rel.takes_prep() => {
                return Err(format!(
                    "slot {:?} takes no preposition ({s:?})",
                    rel.name()
                ))
            }
            Some(p) if p.is_empty() || !p.split('_').all(valid_word) => {
                return Err(format!("bad preposition {p:?} in {s:?}"))
            }
            Some(p) => Some(b.intern(&p.to_lowercase())),
            None => None,
        };
        steps.push(Step { rel, prep });
    }
    if steps.iter().skip(1).any(|s| s.rel == Rel::Up) {
        return Err(format!("`up` may only start a slot path ({s:?})"));
    }
    Ok(Slot {
        steps: steps.into_boxed_slice(),
    })
}

fn parse_slots(b: &mut Builder, s: &str) -> Result<Vec<Slot>, String> {
    if s == "-" {
        return Ok(Vec::new());
    }
    s.split('|').map(|x| parse_slot(b, x)).collect()
}

fn parse_code(s: &str, codebook: Option<&Codebook>) -> Result<Option<Code>, String> {
    if s == "---" {
        return Ok(None);
    }
    let c = Code::new(s).ok_or_else(|| format!("bad code {s:?}"))?;
    if let Some(cb) = codebook {
        if !cb.contains(s) {
            return Err(format!("unknown CAMEO code {s}"));
        }
    }
    Ok(Some(c))
}

fn parse_entry(
    b: &mut Builder,
    content: &str,
    note: Option<&str>,
    origin: Origin,
    codebook: Option<&Codebook>,
) -> Result<Pattern, Vec<String>> {
    let toks: Vec<&str> = content.split_whitespace().collect();
    if toks.len() < 3 {
        return Err(vec![format!(
            "an entry needs at least `TRIGGER POS CODE`, found {content:?}"
        )]);
    }
    let mut errs = Vec::new();
    let pos = match toks[1] {
        "verb" => TriggerPos::Verb,
        "noun" => TriggerPos::Noun,
        other => {
            return Err(vec![format!(
                "unknown part of speech {other:?} (verb or noun)"
            )])
        }
    };
    // Trigger.
    let trig = toks[0].to_lowercase();
    let mut particle = None;
    let trigger = if let Some(n) = trig.strip_prefix('&') {
        match b.dict.synset(&n.to_uppercase()) {
            Some(id) => {
                if pos == TriggerPos::Verb
                    && b.dict
                        .set(id)
                        .items
                        .iter()
                        .any(|i| matches!(i, Item::Phrase(_)))
                {
                    errs.push(format!(
                        "verb trigger synset &{} has phrases (write particles as verb_particle entries)",
                        n.to_uppercase()
                    ));
                }
                Some(id)
            }
            None => {
                errs.push(format!("unknown synset &{}", n.to_uppercase()));
                None
            }
        }
    } else {
        let alts: Vec<&str> = trig.split('|').collect();
        let mut items = Vec::new();
        for a in &alts {
            let words: Vec<&str> = a.split('_').collect();
            if !words.iter().all(|w| valid_word(w)) {
                errs.push(format!("bad trigger {a:?}"));
                continue;
            }
            match pos {
                TriggerPos::Verb => {
                    if words.len() > 2 {
                        errs.push(format!(
                            "verb trigger {a:?}: write VERB or VERB_PARTICLE; put objects and prepositions in fields"
                        ));
                        continue;
                    }
                    if words.len() == 2 {
                        if alts.len() > 1 {
                            errs.push("a trigger with a particle cannot have alternatives".into());
                            continue;
                        }
                        if !PARTICLES.contains(&words[1]) {
                            errs.push(format!(
                                "unknown particle {:?} in {a:?} (objects go in obj=, prepositions in obl:PREP)",
                                words[1]
                            ));
                            continue;
                        }
                        particle = Some(b.intern(words[1]));
                    }
                    items.push(Item::Word(b.intern(words[0])));
                }
                TriggerPos::Noun => items.push(item_from_str(b, a)),
            }
        }
        (!items.is_empty()).then(|| b.inline_set(items))
    };
    // Code.
    let code = match parse_code(toks[2], codebook) {
        Ok(c) => c,
        Err(m) => {
            errs.push(m);
            None
        }
    };
    // Fields.
    let (mut source, mut target) = default_roles(pos);
    let mut constraints: Vec<Constraint> = Vec::new();
    let mut reverse = None;
    let mut plover = None;
    let mut weak = false;
    let mut keys_seen = HashSet::new();
    for f in &toks[3..] {
        if *f == "weak" {
            weak = true;
            continue;
        }
        let Some((k, v)) = f.split_once('=') else {
            errs.push(format!(
                "unknown flag {f:?} (fields are KEY=VALUE; flags: weak)"
            ));
            continue;
        };
        if v.is_empty() {
            errs.push(format!("empty value in {f:?}"));
            continue;
        }
        if !keys_seen.insert(k.to_string()) {
            errs.push(format!("field {k:?} given twice"));
            continue;
        }
        match k {
            "source" => match parse_slots(b, v) {
                Ok(s) => source = s,
                Err(m) => errs.push(m),
            },
            "target" => match parse_slots(b, v) {
                Ok(s) => target = s,
                Err(m) => errs.push(m),
            },
            "rev" => match parse_code(v, codebook) {
                Ok(c) => reverse = c,
                Err(m) => errs.push(m),
            },
            "plover" => match parse_plover(v) {
                Ok(o) => plover = Some(o),
                Err(m) => errs.push(m),
            },
            _ => {
                let slots = match parse_slots(b, k) {
                    Ok(s) if s.is_empty() => {
                        errs.push(format!("no slot in {f:?}"));
                        continue;
                    }
                    Ok(s) => s,
                    Err(m) => {
                        errs.push(m);
                        continue;
                    }
                };
                let set = if v == "*" {
                    None
                } else {
                    match parse_items(b, v) {
                        Ok(id) => Some(id),
                        Err(m) => {
                            errs.push(m);
                            continue;
                        }
                    }
                };
                constraints.push(Constraint {
                    slots: slots.into_boxed_slice(),
                    set,
                });
            }
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let Some(trigger) = trigger else {
        return Err(vec!["no trigger".into()]);
    };
    constraints.sort();
    Ok(Pattern {
        pos,
        trigger,
        particle,
        constraints: constraints.into_boxed_slice(),
        source: source.into_boxed_slice(),
        target: target.into_boxed_slice(),
        code,
        reverse,
        weak,
        plover,
        specificity: 0,
        origin,
        note: note.map(Into::into),
    })
}

/// `CATEGORY` or `CATEGORY:mode` of a `plover=` field.
fn parse_plover(v: &str) -> Result<PloverOverride, String> {
    let (cat, mode) = match v.split_once(':') {
        Some((c, m)) => (c, Some(m)),
        None => (v, None),
    };
    if !PLOVER_CATEGORIES.contains(&cat) {
        return Err(format!(
            "unknown PLOVER category {cat:?} (one of {})",
            PLOVER_CATEGORIES.join(", ")
        ));
    }
    if let Some(m) = mode {
        if m.is_empty() || !m.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Err(format!("bad PLOVER mode {m:?} (lowercase letters and _)"));
        }
    }
    Ok(PloverOverride {
        category: cat.into(),
        mode: mode.map(Into::into),
    })
}

/// Two entries are duplicates when everything but code, flags and note is equal.
fn dup_key(d: &VerbDict, p: &Pattern) -> String {
    let mut p2 = p.clone();
    p2.code = None;
    p2.reverse = None;
    p2.weak = false;
    d.pattern_text(&p2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verbs::TriggerPos::{Noun, Verb};

    fn load_ok(text: &str) -> VerbDict {
        let (d, diags) = load(&[("t.txt", text)], Some(Codebook::builtin()));
        assert!(diags.is_empty(), "{diags:?}");
        d
    }

    #[test]
    fn parses_entries_and_lookups() {
        let d = load_ok(
            "&SANCTION = sanction embargo trade_restriction\n\
             # a comment\n\
             impose verb 163 obj=&SANCTION target=obl:on|obl:against|obj>nmod:on # impose sanctions\n\
             impose verb --- obj=tax\n\
             pull_out verb 0874 target=obl:of|obl:from\n\
             talk noun 040 target=nmod:with\n\
             hunger_strike noun 142 target=-\n\
             say verb 010 weak\n\
             resign verb 0831 target=- plover=RETREAT:resign\n\
             visit verb 042 rev=043\n\
             supply verb 070\n\
             supply verb 072 obj=weapon|arm|drone\n",
        );
        assert_eq!(d.len(), 10);
        let c = d.candidates(Verb, "impose");
        assert_eq!(c.len(), 2);
        let p = d.pattern(c[0]);
        assert_eq!(p.code.unwrap().as_str(), "163");
        assert_eq!(p.note.as_deref(), Some("impose sanctions"));
        assert_eq!(p.target.len(), 3);
        assert_eq!(d.slot_text(&p.target[2]), "obj>nmod:on");
        assert!(d.set_has(p.constraints[0].set.unwrap(), "embargo"));
        assert!(!d.set_has(p.constraints[0].set.unwrap(), "tax"));
        assert!(d.pattern(c[1]).code.is_none());
        // Most specific first.
        let s = d.candidates(Verb, "supply");
        assert_eq!(d.pattern(s[0]).code.unwrap().as_str(), "072");
        assert_eq!(d.pattern(s[1]).code.unwrap().as_str(), "070");
        let po = d.pattern(d.candidates(Verb, "pull")[0]);
        assert_eq!(d.word(po.particle.unwrap()), "out");
        assert_eq!(d.candidates(Noun, "talk").len(), 1);
        assert!(d.candidates(Verb, "talk").is_empty());
        let hs = d.pattern(d.candidates(Noun, "strike")[0]);
        assert!(hs.target.is_empty());
        assert_eq!(d.set(hs.trigger).items[0].modifiers().len(), 1);
        let say = d.pattern(d.candidates(Verb, "say")[0]);
        assert!(say.weak && say.specificity < po.specificity);
        let r = d.pattern(d.candidates(Verb, "resign")[0]);
        assert_eq!(
            r.plover,
            Some(PloverOverride {
                category: "RETREAT".into(),
                mode: Some("resign".into())
            })
        );
        assert_eq!(
            d.pattern_text(r),
            "resign verb 0831 target=- plover=RETREAT:resign"
        );
        let v = d.pattern(d.candidates(Verb, "visit")[0]);
        assert_eq!(v.reverse.unwrap().as_str(), "043");
        // Round trip through pattern_text.
        let text = d.pattern_text(p);
        assert_eq!(
            text,
            "impose verb 163 obj=&SANCTION target=obl:on|obl:against|obj>nmod:on"
        );
        assert!(d.candidates(Verb, "nothing").is_empty());
    }

    #[test]
    fn nested_synsets_and_extension() {
        let d = load_ok(
            "&GUN = rifle gun\n&WEAPON = weapon &GUN\n&WEAPON += missile\n\
             supply verb 072 obj=&WEAPON|ammunition\n",
        );
        let w = d.synset("WEAPON").unwrap();
        for x in ["rifle", "gun", "weapon", "missile"] {
            assert!(d.set_has(w, x), "{x}");
        }
        let p = d.pattern(d.candidates(Verb, "supply")[0]);
        let set = p.constraints[0].set.unwrap();
        assert!(d.set_has(set, "ammunition") && d.set_has(set, "rifle"));
    }

    fn diag_lines(text: &str) -> Vec<(u32, String)> {
        check(&[("t.txt", text)])
            .into_iter()
            .map(|d| (d.line, d.message))
            .collect()
    }

    #[test]
    fn checker_reports_each_error_kind_with_its_line() {
        let text = "\
accuse verb 112\n\
accuse verb 999\n\
accuse noun\n\
blame verb 112 obj=&NOPE\n\
blame verb 112 target=obx\n\
accuse verb 1121\n\
&A = a &B\n\
&B = b &A\n\
pull_into verb 0874\n\
deny verb 016 subj:with=x\n\
deny noun 016 flag\n\
&C = c\n\
&C = d\n\
deny adj 016\n\
deny verb 016 rev=0-x\n\
resign verb 0831 plover=RETIRE\n\
resign verb 0831 obj=post plover=RETREAT:Resign\n";
        let got = diag_lines(text);
        let want_lines = [2, 3, 4, 5, 6, 7, 9, 10, 11, 13, 14, 15, 16, 17];
        let lines: Vec<u32> = got.iter().map(|g| g.0).collect();
        for l in want_lines {
            assert!(lines.contains(&l), "no diagnostic on line {l}: {got:?}");
        }
        let msg = |l: u32| {
            got.iter()
                .filter(|g| g.0 == l)
                .map(|g| g.1.clone())
                .collect::<Vec<_>>()
                .join("; ")
        };
        assert!(msg(2).contains("unknown CAMEO code 999"), "{}", msg(2));
        assert!(msg(3).contains("at least"));
        assert!(msg(4).contains("unknown synset &NOPE"));
        assert!(msg(5).contains("unknown dependency slot"));
        assert!(msg(6).contains("duplicate entry (first in t.txt line 1)"));
        assert!(msg(7).contains("refers to itself") || msg(8).contains("refers to itself"));
        assert!(msg(9).contains("unknown particle"));
        assert!(msg(10).contains("takes no preposition"));
        assert!(msg(11).contains("unknown flag"));
        assert!(msg(13).contains("defined twice"));
        assert!(msg(14).contains("part of speech"));
        assert!(msg(15).contains("bad code"));
        assert!(msg(16).contains("unknown PLOVER category \"RETIRE\""));
        assert!(msg(17).contains("bad PLOVER mode \"Resign\""));
        // Line 1 and 12 are fine.
        assert!(!lines.contains(&1) && !lines.contains(&12), "{got:?}");
    }

    #[test]
    fn bad_lines_are_skipped_rest_loaded() {
        let (d, diags) = load(
            &[
                ("a.txt", "warn verb 130\nwarn verb 9\n"),
                ("b.txt", "warn verb 130\n"),
            ],
            Some(Codebook::builtin()),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(diags.len(), 2);
        assert_eq!(&*diags[1].file, "b.txt");
        assert!(diags[1].message.contains("a.txt line 1"));
    }
}
