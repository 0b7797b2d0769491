//! Temporal expressions: finding them in a sentence and resolving them against the article
//! date.
//!
//! Recognised: ISO dates (`2022-03-05`), day-month(-year) and month-day(-year) with or
//! without ordinals and commas (`5 March`, `March 5, 2022`, `5th of March`), months (`in
//! March`, `March 2022`, `early July`), years (`in 2021`), weekdays (`on Tuesday`, `last
//! Friday`, `next Monday`), deictic days (`yesterday`, `today`, `tomorrow`, `tonight`, `last
//! night`), weeks, months and years relative to the article (`last week`, `next month`, `this
//! year`, `earlier this year`) and counted offsets (`two days ago`, `three weeks ago`).
//!
//! Ambiguous expressions resolve toward the past for events reported as happened and toward
//! the future for planned ones (`Direction`).

use crate::record::DatePrecision;
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Which way to resolve an ambiguous expression ("Tuesday", "March").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Past,
    Future,
}

/// A temporal expression found in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateExpr {
    /// Word range `[start, end)` relative to the slice given to `find`.
    pub start: usize,
    pub end: usize,
    pub kind: DateKind,
}

/// What an expression denotes, before resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateKind {
    /// A full calendar date.
    Absolute(NaiveDate),
    /// Day and month, year unknown.
    DayMonth {
        day: u32,
        month: u32,
    },
    /// A month, year maybe given.
    Month {
        month: u32,
        year: Option<i32>,
    },
    Year(i32),
    /// A weekday; `shift` -1 "last", +1 "next", 0 plain / "this".
    Weekday {
        weekday: Weekday,
        shift: i8,
    },
    /// Days relative to the article date (yesterday -1, today 0, tomorrow +1, "3 days ago" -3).
    DayOffset(i32),
    /// Weeks relative to the article's week (last week -1, this week 0, next week +1).
    WeekOffset(i32),
    MonthOffset(i32),
    YearOffset(i32),
}

/// A resolved date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// The day, or the first day of the week (Monday), month or year.
    pub date: NaiveDate,
    pub precision: DatePrecision,
}

const MONTHS: &[(&str, u32)] = &[
    ("apr", 4),
    ("apr.", 4),
    ("april", 4),
    ("aug", 8),
    ("aug.", 8),
    ("august", 8),
    ("dec", 12),
    ("dec.", 12),
    ("december", 12),
    ("feb", 2),
    ("feb.", 2),
    ("february", 2),
    ("jan", 1),
    ("jan.", 1),
    ("january", 1),
    ("july", 7),
    ("jun", 6),
    ("june", 6),
    ("mar.", 3),
    ("march", 3),
    ("may", 5),
    ("nov", 11),
    ("nov.", 11),
    ("november", 11),
    ("oct", 10),
    ("oct.", 10),
    ("october", 10),
    ("sep", 9),
    ("sep.", 9),
    ("sept", 9),
    ("sept.", 9),
    ("september", 9),
];

fn month_of(w: &str, capitalised_only: bool) -> Option<u32> {
    // "may" and "march" are common words: only capitalised forms count as months.
    if capitalised_only && !w.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let lower = w.to_lowercase();
    MONTHS
        .binary_search_by(|(m, _)| m.cmp(&lower.as_str()))
        .ok()
        .map(|i| MONTHS[i].1)
}

/// Whether a word names a month (capitalised), a weekday or a deictic day: such words are
/// not parts of names.
pub fn is_calendar_word(w: &str) -> bool {
    month_of(w, true).is_some()
        || weekday_of(w).is_some()
        || matches!(
            w.to_lowercase().as_str(),
            "today" | "yesterday" | "tomorrow" | "tonight"
        )
}

fn weekday_of(w: &str) -> Option<Weekday> {
    Some(match w.to_lowercase().as_str() {
        "monday" | "mon." => Weekday::Mon,
        "tuesday" | "tue." | "tues." => Weekday::Tue,
        "wednesday" | "wed." => Weekday::Wed,
        "thursday" | "thu." | "thur." | "thurs." => Weekday::Thu,
        "friday" | "fri." => Weekday::Fri,
        "saturday" | "sat." => Weekday::Sat,
        "sunday" | "sun." => Weekday::Sun,
        _ => return None,
    })
}

fn day_number(w: &str) -> Option<u32> {
    let digits = w
        .strip_suffix("st")
        .or_else(|| w.strip_suffix("nd"))
        .or_else(|| w.strip_suffix("rd"))
        .or_else(|| w.strip_suffix("th"))
        .unwrap_or(w);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_number(w: &str) -> Option<i32> {
    if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
        w.parse().ok().filter(|y| (1900..=2100).contains(y))
    } else {
        None
    }
}

fn count_word(w: &str) -> Option<i32> {
    Some(match w.to_lowercase().as_str() {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "several" | "few" => return None,
        n => return n.parse().ok().filter(|n| (1..=60).contains(n)),
    })
}

/// Finds temporal expressions in a sentence given as word forms. Expressions do not overlap;
/// the longest one starting at each position wins.
pub fn find(words: &[&str]) -> Vec<DateExpr> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if let Some((len, kind)) = match_at(words, i) {
            out.push(DateExpr {
                start: i,
                end: i + len,
                kind,
            });
            i += len;
        } else {
            i += 1;
        }
    }
    out
}

fn lower(w: &str) -> String {
    w.to_lowercase()
}

fn match_at(w: &[&str], i: usize) -> Option<(usize, DateKind)> {
    let at = |k: usize| w.get(i + k).copied().unwrap_or("");
    let l0 = lower(at(0));
    // ISO date, whole or split at its hyphens ("2022 - 03 - 07").
    if let Some(d) = iso_date(at(0)) {
        return Some((1, DateKind::Absolute(d)));
    }
    if at(0).len() == 4 && at(1) == "-" && at(3) == "-" {
        if let Some(d) = iso_date(&format!("{}-{}-{}", at(0), at(2), at(4))) {
            return Some((5, DateKind::Absolute(d)));
        }
    }
    // Day Month [Year] / Day "of" Month [Year]
    if let Some(day) = day_number(at(0)) {
        let (k, month) = if lower(at(1)) == "of" {
            (2, month_of(at(2), false))
        } else {
            (1, month_of(at(1), false))
        };
        if let Some(month) = month {
            let (len, year) = match year_number(at(k + 1)) {
                Some(y) => (k + 2, Some(y)),
                None => (k + 1, None),
            };
            return Some((len, day_month_kind(day, month, year)?));
        }
    }
    // Month Day[,] [Year] / Month Year / Month
    if let Some(month) = month_of(at(0), true) {
        if let Some(day) = day_number(at(1)) {
            let comma = usize::from(at(2) == ",");
            return match year_number(at(2 + comma)) {
                Some(y) => Some((3 + comma, day_month_kind(day, month, Some(y))?)),
                None => Some((2, day_month_kind(day, month, None)?)),
            };
        }
        if let Some(y) = year_number(at(1)) {
            return Some((
                2,
                DateKind::Month {
                    month,
                    year: Some(y),
                },
            ));
        }
        // A bare month needs a cue before it, or a capitalised unambiguous name.
        let prev = if i > 0 {
            lower(w[i - 1])
        } else {
            String::new()
        };
        let cue = matches!(
            prev.as_str(),
            "in" | "since"
                | "until"
                | "by"
                | "early"
                | "mid"
                | "late"
                | "last"
                | "next"
                | "this"
                | "of"
                | "from"
        );
        if cue || !matches!(l0.as_str(), "may" | "march") {
            return Some((1, DateKind::Month { month, year: None }));
        }
    }
    // Weekday, with "last"/"next"/"this" before it.
    if let Some(wd) = weekday_of(at(0)) {
        return Some((
            1,
            DateKind::Weekday {
                weekday: wd,
                shift: 0,
            },
        ));
    }
    if matches!(l0.as_str(), "last" | "next" | "this" | "past" | "coming") {
        let shift: i32 = match l0.as_str() {
            "last" | "past" => -1,
            "next" | "coming" => 1,
            _ => 0,
        };
        if let Some(wd) = weekday_of(at(1)) {
            return Some((
                2,
                DateKind::Weekday {
                    weekday: wd,
                    shift: shift as i8,
                },
            ));
        }
        let unit = lower(at(1));
        let kind = match unit.as_str() {
            "week" | "weekend" => Some(DateKind::WeekOffset(shift)),
            "month" => Some(DateKind::MonthOffset(shift)),
            "year" => Some(DateKind::YearOffset(shift)),
            "night" if shift == -1 => Some(DateKind::DayOffset(-1)),
            "morning" | "afternoon" | "evening" if shift == 0 => Some(DateKind::DayOffset(0)),
            _ => None,
        };
        if let Some(kind) = kind {
            return Some((2, kind));
        }
    }
    // "earlier this year", "later this month"
    if matches!(l0.as_str(), "earlier" | "later") && lower(at(1)) == "this" {
        let kind = match lower(at(2)).as_str() {
            "week" => DateKind::WeekOffset(0),
            "month" => DateKind::MonthOffset(0),
            "year" => DateKind::YearOffset(0),
            _ => return None,
        };
        return Some((3, kind));
    }
    match l0.as_str() {
        "yesterday" => return Some((1, DateKind::DayOffset(-1))),
        "today" | "tonight" => return Some((1, DateKind::DayOffset(0))),
        "tomorrow" => return Some((1, DateKind::DayOffset(1))),
        _ => {}
    }
    // "two days ago", "a week ago", "3 months ago"
    if let Some(n) = count_word(at(0)) {
        if lower(at(2)) == "ago" {
            let kind = match lower(at(1)).trim_end_matches('s') {
                "day" => DateKind::DayOffset(-n),
                "week" => DateKind::WeekOffset(-n),
                "month" => DateKind::MonthOffset(-n),
                "year" => DateKind::YearOffset(-n),
                _ => return None,
            };
            return Some((3, kind));
        }
    }
    // "in 2021"
    if let Some(y) = year_number(at(0)) {
        let prev = if i > 0 {
            lower(w[i - 1])
        } else {
            String::new()
        };
        if matches!(
            prev.as_str(),
            "in" | "since" | "until" | "by" | "of" | "early" | "late" | "mid"
        ) {
            return Some((1, DateKind::Year(y)));
        }
    }
    None
}

fn iso_date(w: &str) -> Option<NaiveDate> {
    if w.len() == 10 && w.as_bytes()[4] == b'-' && w.as_bytes()[7] == b'-' {
        NaiveDate::parse_from_str(w, "%Y-%m-%d").ok()
    } else {
        None
    }
}

fn day_month_kind(day: u32, month: u32, year: Option<i32>) -> Option<DateKind> {
    match year {
        Some(y) => NaiveDate::from_ymd_opt(y, month, day).map(DateKind::Absolute),
        // Validate against a leap year so 29 February is allowed.
        None => {
            NaiveDate::from_ymd_opt(2024, month, day).map(|_| DateKind::DayMonth { day, month })
        }
    }
}

fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Duration::days(d.weekday().num_days_from_monday() as i64)
}

fn add_months(d: NaiveDate, months: i32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 + months;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1).unwrap_or(d)
}

/// Resolves an expression against the article date.
pub fn resolve(kind: DateKind, article: NaiveDate, dir: Direction) -> Option<Resolved> {
    use DatePrecision::*;
    let r = |date, precision| Some(Resolved { date, precision });
    match kind {
        DateKind::Absolute(d) => r(d, Day),
        DateKind::DayMonth { day, month } => {
            let this = NaiveDate::from_ymd_opt(article.year(), month, day);
            let prev = NaiveDate::from_ymd_opt(article.year() - 1, month, day);
            let next = NaiveDate::from_ymd_opt(article.year() + 1, month, day);
            let d = match (dir, this) {
                (Direction::Past, Some(t)) if t <= article + Duration::days(7) => Some(t),
                (Direction::Past, _) => prev.or(this),
                (Direction::Future, Some(t)) if t >= article - Duration::days(7) => Some(t),
                (Direction::Future, _) => next.or(this),
            }?;
            r(d, Day)
        }
        DateKind::Month { month, year } => {
            let y = match year {
                Some(y) => y,
                None => {
                    let m = article.month();
                    match dir {
                        Direction::Past if month > m => article.year() - 1,
                        Direction::Future if month < m => article.year() + 1,
                        _ => article.year(),
                    }
                }
            };
            r(NaiveDate::from_ymd_opt(y, month, 1)?, Month)
        }
        DateKind::Year(y) => r(NaiveDate::from_ymd_opt(y, 1, 1)?, Year),
        DateKind::Weekday { weekday, shift } => {
            let a = article.weekday().num_days_from_monday() as i64;
            let t = weekday.num_days_from_monday() as i64;
            let d = match (shift, dir) {
                // The most recent such day (today counts): "on Tuesday" said on a Tuesday.
                (0, Direction::Past) | (-1, _) => {
                    let back = (a - t).rem_euclid(7);
                    let back = if shift == -1 && back == 0 { 7 } else { back };
                    article - Duration::days(back)
                }
                _ => {
                    let fwd = (t - a).rem_euclid(7);
                    let fwd = if shift == 1 && fwd == 0 { 7 } else { fwd };
                    article + Duration::days(fwd)
                }
            };
            r(d, Day)
        }
        DateKind::DayOffset(n) => r(article + Duration::days(n as i64), Day),
        DateKind::WeekOffset(n) => r(monday_of(article) + Duration::weeks(n as i64), Week),
        DateKind::MonthOffset(n) => r(add_months(article, n), Month),
        DateKind::YearOffset(n) => r(NaiveDate::from_ymd_opt(article.year() + n, 1, 1)?, Year),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn one(text: &str, article: &str, dir: Direction) -> (String, Resolved) {
        let words: Vec<&str> = text.split(' ').collect();
        let found = find(&words);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        let e = &found[0];
        let r = resolve(e.kind, d(article), dir).unwrap();
        (words[e.start..e.end].join(" "), r)
    }

    #[test]
    fn table_is_sorted() {
        assert!(MONTHS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn weekdays_resolve_by_direction() {
        // 2022-07-12 is a Tuesday.
        let (t, r) = one("talks on Tuesday ended", "2022-07-12", Direction::Past);
        assert_eq!((t.as_str(), r.date), ("Tuesday", d("2022-07-12")));
        let (_, r) = one("spoke on Monday", "2022-07-12", Direction::Past);
        assert_eq!(r.date, d("2022-07-11"));
        let (_, r) = one("will meet on Friday", "2022-07-12", Direction::Future);
        assert_eq!(r.date, d("2022-07-15"));
        let (_, r) = one("met last Friday", "2022-07-12", Direction::Past);
        assert_eq!(r.date, d("2022-07-08"));
        let (_, r) = one("meets next Tuesday", "2022-07-12", Direction::Future);
        assert_eq!(r.date, d("2022-07-19"));
    }

    #[test]
    fn weeks_months_years() {
        let (_, r) = one("visit Tehran next week", "2022-07-12", Direction::Future);
        assert_eq!(
            (r.date, r.precision),
            (d("2022-07-18"), DatePrecision::Week)
        );
        let (_, r) = one("fighting last week", "2022-07-12", Direction::Past);
        assert_eq!(r.date, d("2022-07-04"));
        let (_, r) = one("talks last month", "2022-01-10", Direction::Past);
        assert_eq!(
            (r.date, r.precision),
            (d("2021-12-01"), DatePrecision::Month)
        );
        let (t, r) = one("signed earlier this year", "2022-07-12", Direction::Past);
        assert_eq!(
            (t.as_str(), r.date, r.precision),
            ("earlier this year", d("2022-01-01"), DatePrecision::Year)
        );
        let (_, r) = one("elections in 2019 were", "2022-07-12", Direction::Past);
        assert_eq!(r.date, d("2019-01-01"));
    }

    #[test]
    fn explicit_dates() {
        let (t, r) = one("on March 5 , 2022 troops", "2023-01-01", Direction::Past);
        assert_eq!((t.as_str(), r.date), ("March 5 , 2022", d("2022-03-05")));
        let (_, r) = one("on 5 March the", "2022-07-12", Direction::Past);
        assert_eq!(r.date, d("2022-03-05"));
        let (_, r) = one("on 2022-03-05 the", "2022-07-12", Direction::Past);
        assert_eq!(r.date, d("2022-03-05"));
        let (t, r) = one("on 2022 - 03 - 05 the", "2022-07-12", Direction::Past);
        assert_eq!((t.as_str(), r.date), ("2022 - 03 - 05", d("2022-03-05")));
        let (_, r) = one("the 5th of December", "2022-07-12", Direction::Past);
        assert_eq!(r.date, d("2021-12-05"));
        let (_, r) = one("due on 5 December", "2022-07-12", Direction::Future);
        assert_eq!(r.date, d("2022-12-05"));
        let (_, r) = one("began in early July", "2022-07-12", Direction::Past);
        assert_eq!(
            (r.date, r.precision),
            (d("2022-07-01"), DatePrecision::Month)
        );
        let (_, r) = one("in March", "2022-07-12", Direction::Future);
        assert_eq!(r.date, d("2023-03-01"));
    }

    #[test]
    fn deictic_and_counted() {
        let (_, r) = one("arrived yesterday", "2022-03-01", Direction::Past);
        assert_eq!(r.date, d("2022-02-28"));
        let (_, r) = one("left two days ago", "2022-03-01", Direction::Past);
        assert_eq!(r.date, d("2022-02-27"));
        let (_, r) = one("said last night", "2022-03-01", Direction::Past);
        assert_eq!(r.date, d("2022-02-28"));
    }

    #[test]
    fn common_words_are_not_dates() {
        for s in [
            "it may rain",
            "they march on",
            "a 31 st",
            "in 1066 AD",
            "the 32 March",
        ] {
            let words: Vec<&str> = s.split(' ').collect();
            assert!(find(&words).is_empty(), "{s}");
        }
    }
}
