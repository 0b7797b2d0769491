//! `dyad explain`: why a sentence gave the events it gave.

use dyad_coder::Coder;
use dyad_text::Doc;
use serde_json::json;
use std::fmt::Write as _;

/// Codes `doc` with tracing on and renders the explanation of sentence `only` (or all).
pub fn explain(
    coder: &Coder<'_>,
    doc_id: &str,
    date: Option<dyad_text::Date>,
    doc: &Doc,
    only: Option<usize>,
    as_json: bool,
) -> String {
    let coded = coder.code(doc_id, date, doc);
    let sentences: Vec<usize> = match only {
        Some(s) => vec![s],
        None => (0..doc.sentence_count()).collect(),
    };
    if as_json {
        let mut out = Vec::new();
        for &si in &sentences {
            let sent = doc.sentence(si);
            let tokens: Vec<_> = sent
                .tokens()
                .map(|t| {
                    json!({"i": t.index() - sent.start + 1, "form": t.form(), "lemma": t.lemma(), "upos": t.upos().name(),
                           "xpos": t.xpos().name(), "head": t.head().map_or(0, |h| h.index() - sent.start + 1),
                           "deprel": t.deprel().name(), "start": t.start(), "end": t.end()})
                })
                .collect();
            let mentions: Vec<_> = coded
                .mentions
                .iter()
                .filter(|m| m.sentence == si)
                .map(|m| {
                    json!({"text": doc.span(m.start, m.end).text(), "codes": m.actors.iter().map(|a| a.code.clone()).collect::<Vec<_>>(),
                           "via": m.via.as_str(), "rule": m.rule})
                })
                .collect();
            let attempts: Vec<_> = coded
                .attempts
                .iter()
                .filter(|a| doc.sentence_of(a.trigger) == si)
                .map(|a| {
                    json!({"trigger": doc.token(a.trigger).form(), "pattern": coder.verbs.pattern_text(coder.verbs.pattern(a.pattern)), "outcome": a.outcome})
                })
                .collect();
            let events: Vec<_> = coded.events.iter().filter(|e| e.sentence == si).collect();
            out.push(
                json!({"sentence": si, "text": sent.text(), "tokens": tokens, "actors": mentions,
                            "triggers": attempts, "events": events}),
            );
        }
        return serde_json::to_string_pretty(&out).unwrap_or_default() + "\n";
    }
    let mut s = String::new();
    for &si in &sentences {
        let sent = doc.sentence(si);
        let _ = writeln!(s, "sentence {si}: {}", sent.text().replace('\n', " "));
        let _ = writeln!(s, "\n  tokens");
        for t in sent.tokens() {
            let head = t.head().map_or(0, |h| h.index() - sent.start + 1);
            let _ = writeln!(
                s,
                "  {:>3} {:<16} {:<14} {:<6} {:<5} {:>3} {}",
                t.index() - sent.start + 1,
                t.form(),
                t.lemma(),
                t.upos().name(),
                t.xpos().name(),
                head,
                t.deprel().name()
            );
        }
        let _ = writeln!(s, "\n  actors");
        for m in coded.mentions.iter().filter(|m| m.sentence == si) {
            let codes: Vec<&str> = m.actors.iter().map(|a| a.code.as_str()).collect();
            let _ = writeln!(
                s,
                "  {:<40} {:<14} ({}) {}",
                format!("{:?}", doc.span(m.start, m.end).text()),
                codes.join(","),
                m.via.as_str(),
                m.rule
            );
        }
        let _ = writeln!(s, "\n  triggers tried");
        for a in coded
            .attempts
            .iter()
            .filter(|a| doc.sentence_of(a.trigger) == si)
        {
            let _ = writeln!(
                s,
                "  {:<14} {:<60} {}",
                doc.token(a.trigger).form(),
                coder.verbs.pattern_text(coder.verbs.pattern(a.pattern)),
                a.outcome
            );
        }
        let _ = writeln!(s, "\n  events");
        for e in coded.events.iter().filter(|e| e.sentence == si) {
            let _ = writeln!(
                s,
                "  {} -> {}  {} {} ({})  trigger {:?}  status {} {:?}{}  date {} {}  rule {}",
                e.source.as_ref().map_or("-", |a| a.code.as_str()),
                e.target.as_ref().map_or("-", |a| a.code.as_str()),
                e.cameo,
                e.plover.as_deref().unwrap_or("-"),
                coder.codebook.get(&e.cameo).map_or("", |c| c.name.as_str()),
                e.trigger.text,
                e.status.as_str(),
                e.modality.iter().map(|m| m.as_str()).collect::<Vec<_>>(),
                e.attributed_to
                    .as_ref()
                    .map_or(String::new(), |a| format!(" by {}", a.code)),
                e.date.as_deref().unwrap_or("-"),
                e.date_text
                    .as_deref()
                    .map_or(String::new(), |t| format!("({t:?})")),
                e.rule
            );
        }
        s.push('\n');
    }
    for d in &coded.diagnostics {
        let _ = writeln!(s, "note: {d}");
    }
    s
}
