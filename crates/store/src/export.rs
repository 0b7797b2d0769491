//! Parquet export of events and mentions (flat columns; dates as Parquet DATE; strings as
//! UTF-8; zstd compression), readable by DuckDB, Spark, pandas and polars.

use crate::days::parse_day;
use crate::query::{EventOrder, EventRow, Filter, MentionRow};
use crate::{Result, Store};
use parquet::basic::{Compression, ZstdLevel};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use std::io::Write;
use std::sync::Arc;

/// Rows per row group.
#[cfg(not(test))]
const ROW_GROUP: usize = 65_536;
#[cfg(test)]
const ROW_GROUP: usize = 1000;

#[derive(Clone, Copy)]
enum Kind {
    Str,
    I64,
    I32,
    F64,
    Date,
}

enum Data {
    I64(Vec<i64>),
    I32(Vec<i32>),
    F64(Vec<f64>),
    Bytes(Vec<ByteArray>),
}

struct Col {
    optional: bool,
    defs: Vec<i16>,
    data: Data,
}

impl Col {
    fn new(kind: Kind, optional: bool) -> Col {
        let data = match kind {
            Kind::Str => Data::Bytes(Vec::new()),
            Kind::I64 => Data::I64(Vec::new()),
            Kind::I32 | Kind::Date => Data::I32(Vec::new()),
            Kind::F64 => Data::F64(Vec::new()),
        };
        Col {
            optional,
            defs: Vec::new(),
            data,
        }
    }

    fn clear(&mut self) {
        self.defs.clear();
        match &mut self.data {
            Data::I64(v) => v.clear(),
            Data::I32(v) => v.clear(),
            Data::F64(v) => v.clear(),
            Data::Bytes(v) => v.clear(),
        }
    }
}

/// A value for a column.
enum V<'a> {
    S(Option<&'a str>),
    I(Option<i64>),
    F(f64),
}

/// Buffers rows and writes them as row groups.
struct Table<W: Write + Send> {
    writer: SerializedFileWriter<W>,
    cols: Vec<Col>,
    rows: usize,
}

impl<W: Write + Send> Table<W> {
    fn new(out: W, name: &str, spec: &[(&str, Kind, bool)]) -> Result<Table<W>> {
        let mut schema = format!("message {name} {{\n");
        for &(col, kind, optional) in spec {
            let rep = if optional { "optional" } else { "required" };
            let ty = match kind {
                Kind::Str => "binary",
                Kind::I64 => "int64",
                Kind::I32 => "int32",
                Kind::F64 => "double",
                Kind::Date => "int32",
            };
            let ann = match kind {
                Kind::Str => " (UTF8)",
                Kind::Date => " (DATE)",
                _ => "",
            };
            schema.push_str(&format!("  {rep} {ty} {col}{ann};\n"));
        }
        schema.push('}');
        let schema = Arc::new(parquet::schema::parser::parse_message_type(&schema)?);
        let props = Arc::new(
            WriterProperties::builder()
                .set_compression(Compression::ZSTD(ZstdLevel::try_new(3)?))
                .set_created_by(format!("dyad {}", env!("CARGO_PKG_VERSION")))
                .build(),
        );
        Ok(Table {
            writer: SerializedFileWriter::new(out, schema, props)?,
            cols: spec.iter().map(|&(_, k, o)| Col::new(k, o)).collect(),
            rows: 0,
        })
    }

    fn push(&mut self, row: &[V]) -> Result<()> {
        debug_assert_eq!(row.len(), self.cols.len());
        for (c, v) in self.cols.iter_mut().zip(row) {
            let present = match (v, &mut c.data) {
                (V::S(Some(s)), Data::Bytes(b)) => {
                    b.push(ByteArray::from(s.as_bytes().to_vec()));
                    true
                }
                (V::I(Some(i)), Data::I64(b)) => {
                    b.push(*i);
                    true
                }
                (V::I(Some(i)), Data::I32(b)) => {
                    b.push(*i as i32);
                    true
                }
                (V::F(f), Data::F64(b)) => {
                    b.push(*f);
                    true
                }
                (V::S(None) | V::I(None), _) => false,
                _ => unreachable!("column type mismatch"),
            };
            if c.optional {
                c.defs.push(present as i16);
            } else {
                debug_assert!(present, "missing value in a required column");
            }
        }
        self.rows += 1;
        if self.rows >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut rg = self.writer.next_row_group()?;
        for c in &mut self.cols {
            let mut cw = rg.next_column()?.ok_or_else(|| {
                crate::Error::Invalid("parquet schema has too few columns".into())
            })?;
            let defs = c.optional.then_some(&c.defs[..]);
            match &c.data {
                Data::I64(v) => {
                    cw.typed::<Int64Type>().write_batch(v, defs, None)?;
                }
                Data::I32(v) => {
                    cw.typed::<Int32Type>().write_batch(v, defs, None)?;
                }
                Data::F64(v) => {
                    cw.typed::<DoubleType>().write_batch(v, defs, None)?;
                }
                Data::Bytes(v) => {
                    cw.typed::<ByteArrayType>().write_batch(v, defs, None)?;
                }
            }
            cw.close()?;
            c.clear();
        }
        rg.close()?;
        self.rows = 0;
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        self.flush()?;
        self.writer.close()?;
        Ok(())
    }
}

use Kind::*;

const EVENT_COLUMNS: &[(&str, Kind, bool)] = &[
    ("id", I64, false),
    ("date", Date, true),
    ("source", Str, false),
    ("source_name", Str, true),
    ("source_country", Str, true),
    ("source_sector", Str, true),
    ("target", Str, false),
    ("target_name", Str, true),
    ("target_country", Str, true),
    ("target_sector", Str, true),
    ("cameo", Str, false),
    ("cameo_root", Str, false),
    ("plover", Str, true),
    ("plover_mode", Str, true),
    ("goldstein", F64, false),
    ("quad_class", I32, false),
    ("status", Str, false),
    ("confidence", F64, false),
    ("mentions", I64, false),
    ("articles", I64, false),
    ("sources", I64, false),
    ("first_seen", Date, true),
    ("last_seen", Date, true),
    ("location", Str, true),
    ("location_country", Str, true),
    ("reciprocal", I32, false),
];

fn day(s: &Option<String>) -> Option<i64> {
    s.as_deref().and_then(parse_day)
}

fn event_values(e: &EventRow) -> Vec<V<'_>> {
    vec![
        V::I(Some(e.id)),
        V::I(day(&e.date)),
        V::S(Some(&e.source)),
        V::S(e.source_name.as_deref()),
        V::S(e.source_country.as_deref()),
        V::S(e.source_sector.as_deref()),
        V::S(Some(&e.target)),
        V::S(e.target_name.as_deref()),
        V::S(e.target_country.as_deref()),
        V::S(e.target_sector.as_deref()),
        V::S(Some(&e.cameo)),
        V::S(Some(&e.cameo_root)),
        V::S(e.plover.as_deref()),
        V::S(e.plover_mode.as_deref()),
        V::F(e.goldstein),
        V::I(Some(e.quad_class as i64)),
        V::S(Some(&e.status)),
        V::F(e.confidence),
        V::I(Some(e.mentions)),
        V::I(Some(e.articles)),
        V::I(Some(e.sources)),
        V::I(day(&e.first_seen)),
        V::I(day(&e.last_seen)),
        V::S(e.location.as_deref()),
        V::S(e.location_country.as_deref()),
        V::I(Some(e.reciprocal as i64)),
    ]
}

/// Writes the events matching `f` (oldest first) as Parquet; returns how many.
pub fn write_events_parquet<W: Write + Send>(store: &Store, f: &Filter, out: W) -> Result<u64> {
    let mut t = Table::new(out, "events", EVENT_COLUMNS)?;
    let n = store.for_each_event(f, EventOrder::Oldest, None, |e| t.push(&event_values(&e)))?;
    t.finish()?;
    Ok(n)
}

const MENTION_COLUMNS: &[(&str, Kind, bool)] = &[
    ("mention_id", I64, false),
    ("event_id", I64, false),
    ("doc_id", Str, false),
    ("url", Str, true),
    ("outlet", Str, true),
    ("article_date", Date, true),
    ("record_id", Str, false),
    ("sentence", I64, false),
    ("date", Date, true),
    ("date_precision", Str, true),
    ("date_text", Str, true),
    ("source", Str, true),
    ("source_name", Str, true),
    ("source_country", Str, true),
    ("source_sector", Str, true),
    ("source_text", Str, true),
    ("target", Str, true),
    ("target_name", Str, true),
    ("target_country", Str, true),
    ("target_sector", Str, true),
    ("target_text", Str, true),
    ("cameo", Str, false),
    ("cameo_root", Str, false),
    ("plover", Str, true),
    ("plover_mode", Str, true),
    ("goldstein", F64, false),
    ("quad_class", I32, false),
    ("status", Str, false),
    ("modality", Str, false),
    ("attributed_to", Str, true),
    ("location", Str, true),
    ("location_country", Str, true),
    ("trigger", Str, false),
    ("rule", Str, false),
    ("confidence", F64, false),
    ("evidence", Str, false),
    ("record", Str, false),
];

/// Writes the mentions of the events matching `f` as Parquet (one row per mention; the full
/// record as JSON in `record`); returns how many.
pub fn write_mentions_parquet<W: Write + Send>(store: &Store, f: &Filter, out: W) -> Result<u64> {
    let mut t = Table::new(out, "mentions", MENTION_COLUMNS)?;
    let n = store.for_each_mention(f, None, |m: MentionRow| {
        let r = &m.record;
        let json = serde_json::to_string(r)?;
        let precision = r.date_precision.map(|p| match p {
            dyad_coder::DatePrecision::Day => "day",
            dyad_coder::DatePrecision::Week => "week",
            dyad_coder::DatePrecision::Month => "month",
            dyad_coder::DatePrecision::Year => "year",
        });
        let modality: Vec<&str> = r.modality.iter().map(|s| s.as_str()).collect();
        let modality = modality.join(",");
        let src = r.source.as_ref();
        let tgt = r.target.as_ref();
        let row = [
            V::I(Some(m.mention_id)),
            V::I(Some(m.event_id)),
            V::S(Some(&m.doc_id)),
            V::S(m.url.as_deref()),
            V::S(m.outlet.as_deref()),
            V::I(day(&m.article_date)),
            V::S(Some(&r.id)),
            V::I(Some(r.sentence as i64)),
            V::I(day(&r.date)),
            V::S(precision),
            V::S(r.date_text.as_deref()),
            V::S(src.map(|a| a.code.as_str())),
            V::S(src.and_then(|a| a.name.as_deref())),
            V::S(src.and_then(|a| a.country.as_deref())),
            V::S(src.and_then(|a| a.sector.as_deref())),
            V::S(src.map(|a| a.text.as_str())),
            V::S(tgt.map(|a| a.code.as_str())),
            V::S(tgt.and_then(|a| a.name.as_deref())),
            V::S(tgt.and_then(|a| a.country.as_deref())),
            V::S(tgt.and_then(|a| a.sector.as_deref())),
            V::S(tgt.map(|a| a.text.as_str())),
            V::S(Some(&r.cameo)),
            V::S(Some(&r.cameo_root)),
            V::S(r.plover.as_deref()),
            V::S(r.plover_mode.as_deref()),
            V::F(r.goldstein as f64),
            V::I(Some(r.quad_class as i64)),
            V::S(Some(r.status.as_str())),
            V::S(Some(&modality)),
            V::S(r.attributed_to.as_ref().map(|a| a.code.as_str())),
            V::S(r.location.as_ref().map(|l| l.name.as_str())),
            V::S(r.location.as_ref().and_then(|l| l.country.as_deref())),
            V::S(Some(&r.trigger.text)),
            V::S(Some(&r.rule)),
            V::F(r.confidence as f64),
            V::S(Some(&m.evidence)),
            V::S(Some(&json)),
        ];
        t.push(&row)
    })?;
    t.finish()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::*;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    fn read_rows(bytes: Vec<u8>) -> Vec<parquet::record::Row> {
        let dir = temp_dir("parquet-read");
        let path = dir.join("t.parquet");
        std::fs::write(&path, bytes).unwrap();
        let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
        reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    }

    fn field<'a>(row: &'a parquet::record::Row, name: &str) -> &'a Field {
        row.get_column_iter()
            .find(|(n, _)| n.as_str() == name)
            .map(|(_, f)| f)
            .unwrap_or_else(|| panic!("no column {name}"))
    }

    #[test]
    fn events_and_mentions_round_trip_through_parquet() {
        let (_d, mut store) = temp_store("parquet");
        let mut batch = Vec::new();
        for i in 0..2_500 {
            let day = format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
            batch.push(coded(
                &format!("p{i}"),
                &day,
                &format!("IRN accused RUS, story {i}."),
                &[rec(if i % 2 == 0 { "IRN" } else { "USA" }, "RUS", "112")],
            ));
        }
        store.ingest_batch(&batch).unwrap();
        let n_events = store.counts().unwrap().events;
        let mut out = Vec::new();
        let n = write_events_parquet(&store, &Filter::default(), &mut out).unwrap();
        assert_eq!(n, n_events);
        let rows = read_rows(out);
        assert_eq!(rows.len() as u64, n_events);
        assert_eq!(field(&rows[0], "source"), &Field::Str("IRN".into()));
        assert!(matches!(field(&rows[0], "date"), Field::Date(_)));
        assert_eq!(field(&rows[0], "location"), &Field::Null);

        let mut out = Vec::new();
        let f = Filter {
            source: Some("USA".into()),
            until: dyad_text::Date::parse_iso("2024-02-29"),
            ..Default::default()
        };
        let n = write_mentions_parquet(&store, &f, &mut out).unwrap();
        let rows = read_rows(out);
        assert_eq!(rows.len() as u64, n);
        assert!(n > 0);
        assert_eq!(field(&rows[0], "source"), &Field::Str("USA".into()));
        assert_eq!(field(&rows[0], "cameo"), &Field::Str("112".into()));
        let Field::Str(json) = field(&rows[0], "record") else {
            panic!("record is not a string")
        };
        let r: dyad_coder::EventRecord = serde_json::from_str(json).unwrap();
        assert_eq!(r.cameo, "112");
    }
}
