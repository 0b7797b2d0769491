//! Dictionary selection from the command line (`--actors`, `--agents`, `--discards`,
//! `--verbs`) and `dyad lexicon check`.

use anyhow::{Context, Result};
use clap::Args;
use dyad_lexicon::verbs::{self, Codebook, VerbDict};
use dyad_lexicon::{DictKind, Lexicon, Source};

/// Dictionary flags shared by the commands that code.
#[derive(Args, Debug, Clone, Default)]
pub struct DictArgs {
    /// Actor dictionary (dyad or PETRARCH format); repeatable; replaces the built-in actors.
    #[arg(long = "actors", value_name = "FILE")]
    pub actors: Vec<String>,
    /// Agent dictionary (dyad or PETRARCH format); repeatable; replaces the built-in agents.
    #[arg(long = "agents", value_name = "FILE")]
    pub agents: Vec<String>,
    /// Discard list (dyad or PETRARCH format); repeatable; replaces the built-in discards.
    #[arg(long = "discards", value_name = "FILE")]
    pub discards: Vec<String>,
    /// Event dictionary (dyad format, or PETRARCH's CAMEO verb format); repeatable; replaces
    /// the built-in event dictionary.
    #[arg(long = "verbs", value_name = "FILE")]
    pub verbs: Vec<String>,
}

/// Dictionaries loaded for a run.
pub struct Dictionaries {
    pub lexicon: Lexicon,
    pub verbs: Option<VerbDict>,
}

fn read_all(paths: &[String]) -> Result<Vec<(String, String)>> {
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).with_context(|| format!("reading dictionary {p}"))?;
            // PETRARCH's files are mostly ASCII with some Latin-1: read leniently.
            Ok((p.clone(), String::from_utf8_lossy(&bytes).into_owned()))
        })
        .collect()
}

fn sources(v: &[(String, String)]) -> Vec<Source<'_>> {
    v.iter()
        .map(|(n, t)| Source::new(n.as_str(), t.as_str()))
        .collect()
}

fn non_empty<'a, 'b>(v: &'a [Source<'b>]) -> Option<&'a [Source<'b>]> {
    (!v.is_empty()).then_some(v)
}

/// Whether a verb dictionary text is in PETRARCH's format.
pub fn is_petrarch_verbs(text: &str) -> bool {
    text.lines()
        .any(|l| l.starts_with("--- ") || l.starts_with("####### VERB PATTERNS"))
}

impl DictArgs {
    pub fn is_default(&self) -> bool {
        self.actors.is_empty()
            && self.agents.is_empty()
            && self.discards.is_empty()
            && self.verbs.is_empty()
    }

    /// Loads the dictionaries named; errors (with file and line) are printed and make this
    /// fail; warnings are printed.
    pub fn load(&self) -> Result<Dictionaries> {
        let actors = read_all(&self.actors)?;
        let agents = read_all(&self.agents)?;
        let discards = read_all(&self.discards)?;
        let (a, g, d) = (sources(&actors), sources(&agents), sources(&discards));
        let (lexicon, diags) = Lexicon::with_overrides(non_empty(&a), non_empty(&g), non_empty(&d));
        let mut errors = 0;
        for d in &diags {
            if d.severity == dyad_lexicon::Severity::Error {
                errors += 1;
            }
            eprintln!("{d}");
        }
        let verbs = if self.verbs.is_empty() {
            None
        } else {
            let files = read_all(&self.verbs)?;
            let (dict, vd) = load_verbs(&files);
            for d in &vd {
                if d.severity == dyad_lexicon::Severity::Error {
                    errors += 1;
                }
                eprintln!("{d}");
            }
            Some(dict)
        };
        anyhow::ensure!(errors == 0, "{errors} error(s) in the dictionaries");
        Ok(Dictionaries { lexicon, verbs })
    }
}

/// Loads verb dictionaries: PETRARCH files one by one (merged when several are given is not
/// supported: the first PETRARCH file wins), or dyad-format files together.
fn load_verbs(files: &[(String, String)]) -> (VerbDict, Vec<verbs::Diagnostic>) {
    let codebook = Codebook::builtin();
    if let Some((name, text)) = files.iter().find(|(_, t)| is_petrarch_verbs(t)) {
        let (dict, _stats, diags) = verbs::petrarch::load(text, name, Some(codebook));
        return (dict, diags);
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    verbs::format::load(&refs, Some(codebook))
}

/// `dyad lexicon check`: every problem of the given (or built-in) dictionaries.
pub fn check(args: &DictArgs) -> Result<i32> {
    let mut problems = 0usize;
    let mut errors = 0usize;
    let mut report = |diags: Vec<dyad_lexicon::Diagnostic>| {
        for d in diags {
            if d.severity == dyad_lexicon::Severity::Error {
                errors += 1;
            }
            problems += 1;
            println!("{d}");
        }
    };
    if args.is_default() {
        for kind in [DictKind::Actors, DictKind::Agents, DictKind::Discards] {
            report(dyad_lexicon::check(
                kind,
                &dyad_lexicon::builtin_sources(kind),
            ));
        }
        let files: Vec<(&str, &str)> = verbs::BUILTIN_FILES.to_vec();
        report(verbs::format::check(&files));
    } else {
        for (kind, paths) in [
            (DictKind::Actors, &args.actors),
            (DictKind::Agents, &args.agents),
            (DictKind::Discards, &args.discards),
        ] {
            let texts = read_all(paths)?;
            let sources: Vec<Source<'_>> = texts
                .iter()
                .map(|(n, t)| Source::new(n.as_str(), t.as_str()))
                .collect();
            if !sources.is_empty() {
                report(dyad_lexicon::check(kind, &sources));
            }
        }
        let texts = read_all(&args.verbs)?;
        if !texts.is_empty() {
            report(load_verbs(&texts).1);
        }
    }
    println!("{problems} problem(s), {errors} error(s)");
    Ok(if errors > 0 { 1 } else { 0 })
}
