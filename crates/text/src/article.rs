//! The article: one dated document as handed to dyad.

use std::collections::BTreeMap;

/// A calendar date (proleptic Gregorian), validated on construction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A date if `year-month-day` exists in the calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` (exactly four, two and two digits).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        Date::new(
            digits(0..4)? as i32,
            digits(5..7)? as u8,
            digits(8..10)? as u8,
        )
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Days in a month of a year.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// One article: identity, metadata and text. Extra fields of the input are kept as
/// strings of JSON in `extra`, in their original key order sorted by key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Article {
    pub id: String,
    pub date: Option<Date>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub text: String,
    /// Unknown input fields, kept verbatim (key -> JSON value as text).
    pub extra: BTreeMap<String, String>,
}

impl Article {
    /// An article with an id and text and nothing else.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Article {
        Article {
            id: id.into(),
            text: text.into(),
            ..Article::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_validate() {
        assert_eq!(
            Date::parse_iso("2022-07-12").unwrap().to_string(),
            "2022-07-12"
        );
        assert!(Date::parse_iso("2022-02-29").is_none());
        assert!(Date::parse_iso("2024-02-29").is_some());
        assert!(Date::parse_iso("2022-13-01").is_none());
        assert!(Date::parse_iso("22-07-12").is_none());
        assert!(Date::parse_iso("2022-7-12x").is_none());
        assert!(Date::parse_iso("+022-07-12").is_none());
    }
}
