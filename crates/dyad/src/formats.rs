//! Row-level output formats of event records, shared by `dyad code` and `dyad export`:
//! a flat CSV row, a GDELT 2.0 event-table row (`cameo-tsv`) and a PLOVER JSON record.

use dyad_coder::{ActorRef, DatePrecision, EventRecord, Status};
use serde_json::{json, Map, Value};

/// The CSV columns of an event record, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "doc_id",
    "sentence",
    "date",
    "date_precision",
    "date_text",
    "source",
    "source_country",
    "source_sector",
    "source_name",
    "source_text",
    "source_start",
    "source_end",
    "source_entity",
    "target",
    "target_country",
    "target_sector",
    "target_name",
    "target_text",
    "target_start",
    "target_end",
    "target_entity",
    "cameo",
    "cameo_root",
    "plover",
    "plover_mode",
    "goldstein",
    "quad_class",
    "status",
    "modality",
    "attributed_to",
    "location",
    "location_country",
    "trigger",
    "trigger_start",
    "trigger_end",
    "rule",
    "confidence",
];

fn precision(p: DatePrecision) -> &'static str {
    match p {
        DatePrecision::Day => "day",
        DatePrecision::Week => "week",
        DatePrecision::Month => "month",
        DatePrecision::Year => "year",
    }
}

fn actor_fields(out: &mut Vec<String>, a: Option<&ActorRef>) {
    match a {
        Some(a) => {
            out.push(a.code.clone());
            out.push(a.country.clone().unwrap_or_default());
            out.push(a.sector.clone().unwrap_or_default());
            out.push(a.name.clone().unwrap_or_default());
            out.push(a.text.clone());
            out.push(a.start.to_string());
            out.push(a.end.to_string());
            out.push(a.entity.clone().unwrap_or_default());
        }
        None => out.extend(std::iter::repeat_n(String::new(), 8)),
    }
}

/// The fields of a record in `CSV_COLUMNS` order (absent values are empty; `modality` is
/// joined with `;`).
pub fn csv_fields(r: &EventRecord) -> Vec<String> {
    let mut f = Vec::with_capacity(CSV_COLUMNS.len());
    f.push(r.id.clone());
    f.push(r.doc_id.clone());
    f.push(r.sentence.to_string());
    f.push(r.date.clone().unwrap_or_default());
    f.push(r.date_precision.map(precision).unwrap_or("").into());
    f.push(r.date_text.clone().unwrap_or_default());
    actor_fields(&mut f, r.source.as_ref());
    actor_fields(&mut f, r.target.as_ref());
    f.push(r.cameo.clone());
    f.push(r.cameo_root.clone());
    f.push(r.plover.clone().unwrap_or_default());
    f.push(r.plover_mode.clone().unwrap_or_default());
    f.push(r.goldstein.to_string());
    f.push(r.quad_class.to_string());
    f.push(r.status.as_str().into());
    let modality: Vec<&str> = r.modality.iter().map(|s| s.as_str()).collect();
    f.push(modality.join(";"));
    f.push(
        r.attributed_to
            .as_ref()
            .map(|a| a.code.clone())
            .unwrap_or_default(),
    );
    f.push(
        r.location
            .as_ref()
            .map(|l| l.name.clone())
            .unwrap_or_default(),
    );
    f.push(
        r.location
            .as_ref()
            .and_then(|l| l.country.clone())
            .unwrap_or_default(),
    );
    f.push(r.trigger.text.clone());
    f.push(r.trigger.start.to_string());
    f.push(r.trigger.end.to_string());
    f.push(r.rule.clone());
    f.push(r.confidence.to_string());
    f
}

/// One CSV line (RFC 4180 quoting, ending in `\n`) of any fields.
pub fn csv_line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(fields.iter().map(|f| f.as_ref()));
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The CSV header line of event records.
pub fn csv_header() -> String {
    csv_line(CSV_COLUMNS)
}

/// One CSV line of an event record.
pub fn csv_record(r: &EventRecord) -> String {
    csv_line(&csv_fields(r))
}

/// The 61 columns of the GDELT 2.0 event table, in order (GDELT writes no header line).
pub const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// What a GDELT row needs beyond the record: the event's id and counts (for a merged event)
/// and where it came from.
#[derive(Clone, Debug, Default)]
pub struct GdeltExtra {
    /// `GLOBALEVENTID`; the record id when empty.
    pub event_id: String,
    pub num_mentions: u64,
    pub num_sources: u64,
    pub num_articles: u64,
    /// `DATEADDED` as `YYYYMMDDHHMMSS`; the event date at midnight when empty.
    pub date_added: String,
    pub source_url: String,
}

impl GdeltExtra {
    /// For one record of one article (`dyad code`).
    pub fn single(url: Option<&str>) -> GdeltExtra {
        GdeltExtra {
            num_mentions: 1,
            num_sources: 1,
            num_articles: 1,
            source_url: url.unwrap_or("").into(),
            ..GdeltExtra::default()
        }
    }
}

fn tsv_clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn gdelt_actor(cols: &mut Vec<String>, a: Option<&ActorRef>) {
    let Some(a) = a else {
        cols.extend(std::iter::repeat_n(String::new(), 10));
        return;
    };
    let (known_group, types) = split_code(&a.code);
    cols.push(a.code.clone());
    cols.push(
        a.name
            .as_deref()
            .unwrap_or(&a.text)
            .to_uppercase()
            .to_string(),
    );
    cols.push(a.country.clone().unwrap_or_default());
    cols.push(known_group);
    cols.push(String::new()); // ethnic
    cols.push(String::new()); // religion 1
    cols.push(String::new()); // religion 2
    for i in 0..3 {
        cols.push(types.get(i).cloned().unwrap_or_default());
    }
}

/// Splits a CAMEO actor code into its known-group code (`IGOUNO` -> `UNO`) and its role
/// codes (`USAGOVMIL` -> `[GOV, MIL]`), three letters each after the country or group prefix.
fn split_code(code: &str) -> (String, Vec<String>) {
    let chunks: Vec<String> = code
        .as_bytes()
        .chunks(3)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    if chunks.is_empty() {
        return (String::new(), Vec::new());
    }
    match chunks[0].as_str() {
        "IGO" | "NGO" | "IMG" | "MNC" if chunks.len() > 1 => {
            (chunks[1].clone(), chunks[2..].to_vec())
        }
        _ => (String::new(), chunks[1..].to_vec()),
    }
}

/// One GDELT 2.0 event-table line (61 tab-separated columns, ending in `\n`). Country codes
/// are ISO alpha-3 (as dyad keeps them; GDELT's geography columns use FIPS codes); tone,
/// coordinates and feature ids are left empty.
pub fn gdelt_row(r: &EventRecord, extra: &GdeltExtra) -> String {
    let mut c: Vec<String> = Vec::with_capacity(61);
    let date = r.date.as_deref().and_then(dyad_text::Date::parse_iso);
    c.push(if extra.event_id.is_empty() {
        r.id.clone()
    } else {
        extra.event_id.clone()
    });
    match date {
        Some(d) => {
            c.push(format!("{:04}{:02}{:02}", d.year, d.month, d.day));
            c.push(format!("{:04}{:02}", d.year, d.month));
            c.push(format!("{:04}", d.year));
            let frac = d.year as f64 + (d.month as f64 * 30.0 + d.day as f64) / 365.0;
            c.push(format!("{frac:.4}"));
        }
        None => c.extend(std::iter::repeat_n(String::new(), 4)),
    }
    gdelt_actor(&mut c, r.source.as_ref());
    gdelt_actor(&mut c, r.target.as_ref());
    c.push(if r.sentence == 0 { "1" } else { "0" }.into());
    c.push(r.cameo.clone());
    c.push(r.cameo.chars().take(3).collect());
    c.push(r.cameo_root.clone());
    c.push(r.quad_class.to_string());
    c.push(format!("{}", r.goldstein));
    c.push(extra.num_mentions.to_string());
    c.push(extra.num_sources.to_string());
    c.push(extra.num_articles.to_string());
    c.push(String::new()); // AvgTone
                           // Actor1Geo_*, Actor2Geo_*: unknown.
    c.extend(std::iter::repeat_n(String::new(), 16));
    match &r.location {
        Some(l) => {
            c.push(String::new());
            c.push(l.name.clone());
            c.push(l.country.clone().unwrap_or_default());
            c.extend(std::iter::repeat_n(String::new(), 5));
        }
        None => c.extend(std::iter::repeat_n(String::new(), 8)),
    }
    c.push(if !extra.date_added.is_empty() {
        extra.date_added.clone()
    } else {
        date.map(|d| format!("{:04}{:02}{:02}000000", d.year, d.month, d.day))
            .unwrap_or_default()
    });
    c.push(extra.source_url.clone());
    debug_assert_eq!(c.len(), 61);
    let mut line = c
        .iter()
        .map(|s| tsv_clean(s))
        .collect::<Vec<_>>()
        .join("\t");
    line.push('\n');
    line
}

/// Where a record's text came from, for PLOVER's `cite_info`.
#[derive(Clone, Debug, Default)]
pub struct Cite<'a> {
    pub url: Option<&'a str>,
    pub title: Option<&'a str>,
    pub corpus: Option<&'a str>,
}

fn plover_entity(a: &ActorRef) -> Value {
    let mut m = Map::new();
    let top = a
        .country
        .clone()
        .unwrap_or_else(|| a.code.chars().take(3).collect());
    m.insert("code".into(), top.into());
    let rest: String = a.code.chars().skip(3).collect();
    let sector = if rest.is_empty() {
        a.sector.clone()
    } else {
        Some(rest)
    };
    if let Some(s) = sector {
        m.insert("sector".into(), s.into());
    }
    if !a.text.is_empty() {
        m.insert("entity_text".into(), a.text.clone().into());
    }
    if let Some(e) = &a.entity {
        m.insert("identifier_id".into(), e.clone().into());
    }
    if let Some(n) = &a.name {
        m.insert("identifier_text".into(), n.clone().into());
    }
    m.insert("actor_code".into(), a.code.clone().into());
    Value::Object(m)
}

/// Whether `r` is the second record of a joint act whose first is among `earlier` (the
/// mirror: same trigger and PLOVER category, actors swapped). PLOVER output writes a joint
/// act once, with all its entities as the actor.
pub fn is_mirror_of_earlier(r: &EventRecord, earlier: &[EventRecord]) -> bool {
    fn code(a: &Option<ActorRef>) -> Option<&str> {
        a.as_ref().map(|a| a.code.as_str())
    }
    r.reciprocal
        && earlier.iter().any(|e| {
            e.reciprocal
                && e.sentence == r.sentence
                && e.trigger.start == r.trigger.start
                && e.plover == r.plover
                && code(&e.source) == code(&r.target)
                && code(&e.target) == code(&r.source)
        })
}

/// A PLOVER JSON record (the fields of the PLOVER manual's "Data Fields" chapter, plus
/// dyad's own: `cameo`, `goldstein`, `status`, `modality`, `attributed_to`, `confidence`).
/// Statuses become PLOVER contexts: planned -> `future`, hypothetical -> `hypothetical`,
/// negated and denied -> `negation`.
pub fn plover_record(r: &EventRecord, cite: &Cite) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), r.id.clone().into());
    m.insert("has_event".into(), true.into());
    m.insert("date".into(), r.date.clone().into());
    // A joint act (`reciprocal`): all its entities are the actor, with no recipient.
    let (actor, recipient): (Vec<&ActorRef>, Vec<&ActorRef>) = if r.reciprocal {
        (r.source.iter().chain(&r.target).collect(), Vec::new())
    } else {
        (r.source.iter().collect(), r.target.iter().collect())
    };
    m.insert(
        "actor".into(),
        Value::Array(actor.into_iter().map(plover_entity).collect()),
    );
    m.insert(
        "recipient".into(),
        Value::Array(recipient.into_iter().map(plover_entity).collect()),
    );
    m.insert(
        "event".into(),
        Value::Array(r.plover.iter().map(|p| p.clone().into()).collect()),
    );
    m.insert(
        "mode".into(),
        Value::Array(r.plover_mode.iter().map(|p| p.clone().into()).collect()),
    );
    let mut context: Vec<Value> = Vec::new();
    for s in std::iter::once(&r.status).chain(&r.modality) {
        let c = match s {
            Status::Planned => "future",
            Status::Hypothetical => "hypothetical",
            Status::Negated | Status::Denied => "negation",
            Status::Asserted | Status::Alleged => continue,
        };
        if !context.iter().any(|v| v == c) {
            context.push(c.into());
        }
    }
    m.insert("context".into(), Value::Array(context));
    if let Some(l) = &r.location {
        m.insert(
            "event_loc".into(),
            json!({"name": l.name, "country": l.country, "start": l.start, "end": l.end}),
        );
    }
    if !r.trigger.text.is_empty() {
        m.insert("event_text".into(), json!([r.trigger.text]));
    }
    m.insert("quad_code".into(), r.quad_class.into());
    m.insert(
        "text_info".into(),
        json!({"sequence": r.sentence, "start": r.trigger.start, "end": r.trigger.end}),
    );
    let mut ci = Map::new();
    ci.insert("citation".into(), r.doc_id.clone().into());
    for (k, v) in [
        ("url", cite.url),
        ("title", cite.title),
        ("corpus", cite.corpus),
    ] {
        if let Some(v) = v {
            ci.insert(k.into(), v.into());
        }
    }
    m.insert("cite_info".into(), Value::Object(ci));
    m.insert(
        "coder".into(),
        format!("dyad {}", env!("CARGO_PKG_VERSION")).into(),
    );
    m.insert("cameo".into(), r.cameo.clone().into());
    m.insert("goldstein".into(), json!(r.goldstein));
    m.insert("status".into(), r.status.as_str().into());
    m.insert(
        "modality".into(),
        Value::Array(r.modality.iter().map(|s| s.as_str().into()).collect()),
    );
    m.insert(
        "attributed_to".into(),
        r.attributed_to
            .as_ref()
            .map(|a| a.code.clone().into())
            .unwrap_or(Value::Null),
    );
    m.insert("confidence".into(), json!(r.confidence));
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_coder::{Location, TextSpan};

    fn actor(code: &str, country: Option<&str>, text: &str, start: usize) -> ActorRef {
        ActorRef {
            code: code.into(),
            country: country.map(Into::into),
            sector: (code.len() > 3).then(|| code[3..].into()),
            name: Some(text.into()),
            text: text.into(),
            start,
            end: start + text.len(),
            entity: None,
        }
    }

    fn sample() -> EventRecord {
        EventRecord {
            id: "ev1".into(),
            doc_id: "doc, \"one\"".into(),
            sentence: 0,
            date: Some("2021-11-30".into()),
            date_precision: Some(DatePrecision::Day),
            date_text: Some("on Tuesday".into()),
            source: Some(actor("FRAGOV", Some("FRA"), "the French government", 0)),
            target: Some(actor("IGOUNOPKO", None, "UN peacekeepers", 40)),
            cameo: "0234".into(),
            cameo_root: "02".into(),
            plover: Some("REQUEST".into()),
            plover_mode: None,
            reciprocal: false,
            goldstein: 3.4,
            quad_class: 1,
            status: Status::Planned,
            modality: vec![Status::Planned, Status::Hypothetical],
            attributed_to: None,
            location: Some(Location {
                name: "Bamako".into(),
                country: Some("MLI".into()),
                start: 60,
                end: 66,
            }),
            trigger: TextSpan {
                text: "will ask\tfor".into(),
                start: 22,
                end: 34,
            },
            rule: "r1".into(),
            confidence: 0.75,
        }
    }

    #[test]
    fn csv_quotes_and_keeps_column_count() {
        let r = sample();
        let fields = csv_fields(&r);
        assert_eq!(fields.len(), CSV_COLUMNS.len());
        let line = csv_record(&r);
        assert!(
            line.starts_with("ev1,\"doc, \"\"one\"\"\",0,2021-11-30,day,"),
            "{line}"
        );
        assert!(line.ends_with(",r1,0.75\n"), "{line}");
        assert!(line.contains(",planned;hypothetical,"), "{line}");
        assert_eq!(csv_header().split(',').count(), CSV_COLUMNS.len());
    }

    #[test]
    fn gdelt_rows_have_61_columns_in_place() {
        let r = sample();
        let mut extra = GdeltExtra::single(Some("https://example.org/a"));
        extra.num_mentions = 3;
        let line = gdelt_row(&r, &extra);
        assert!(line.ends_with('\n'));
        let c: Vec<&str> = line.trim_end_matches('\n').split('\t').collect();
        assert_eq!(c.len(), 61);
        let col = |name: &str| c[GDELT_COLUMNS.iter().position(|n| *n == name).unwrap()];
        assert_eq!(col("GLOBALEVENTID"), "ev1");
        assert_eq!(col("SQLDATE"), "20211130");
        assert_eq!(col("MonthYear"), "202111");
        assert_eq!(col("Actor1Code"), "FRAGOV");
        assert_eq!(col("Actor1Name"), "THE FRENCH GOVERNMENT");
        assert_eq!(col("Actor1Type1Code"), "GOV");
        assert_eq!(col("Actor2KnownGroupCode"), "UNO");
        assert_eq!(col("Actor2Type1Code"), "PKO");
        assert_eq!(col("EventCode"), "0234");
        assert_eq!(col("EventBaseCode"), "023");
        assert_eq!(col("EventRootCode"), "02");
        assert_eq!(col("IsRootEvent"), "1");
        assert_eq!(col("GoldsteinScale"), "3.4");
        assert_eq!(col("NumMentions"), "3");
        assert_eq!(col("ActionGeo_FullName"), "Bamako");
        assert_eq!(col("ActionGeo_CountryCode"), "MLI");
        assert_eq!(col("DATEADDED"), "20211130000000");
        assert_eq!(col("SOURCEURL"), "https://example.org/a");
    }

    #[test]
    fn plover_records_follow_the_manual() {
        let r = sample();
        let v = plover_record(
            &r,
            &Cite {
                url: Some("https://example.org/a"),
                ..Cite::default()
            },
        );
        assert_eq!(v["id"], "ev1");
        assert_eq!(v["date"], "2021-11-30");
        assert_eq!(v["actor"][0]["code"], "FRA");
        assert_eq!(v["actor"][0]["sector"], "GOV");
        assert_eq!(v["actor"][0]["entity_text"], "the French government");
        assert_eq!(v["recipient"][0]["actor_code"], "IGOUNOPKO");
        assert_eq!(v["event"], json!(["REQUEST"]));
        assert_eq!(v["context"], json!(["future", "hypothetical"]));
        assert_eq!(v["event_loc"]["name"], "Bamako");
        assert_eq!(v["cite_info"]["url"], "https://example.org/a");
        assert_eq!(v["quad_code"], 1);
    }

    #[test]
    fn a_joint_act_is_one_plover_event_with_all_entities_as_actor() {
        let mut a = sample();
        a.reciprocal = true;
        let mut b = a.clone();
        std::mem::swap(&mut b.source, &mut b.target);
        b.id = "ev2".into();
        let v = plover_record(&a, &Cite::default());
        assert_eq!(v["actor"][0]["code"], "FRA");
        assert_eq!(v["actor"][1]["actor_code"], "IGOUNOPKO");
        assert_eq!(v["recipient"], json!([]));
        assert!(!is_mirror_of_earlier(&a, &[]));
        assert!(is_mirror_of_earlier(&b, std::slice::from_ref(&a)));
        // Not a mirror: another trigger, or a record that is not reciprocal.
        let mut c = b.clone();
        c.trigger.start += 1;
        assert!(!is_mirror_of_earlier(&c, std::slice::from_ref(&a)));
        let mut d = a.clone();
        d.reciprocal = false;
        assert!(!is_mirror_of_earlier(&b, std::slice::from_ref(&d)));
    }
}
