//! Dates and date ranges of dictionary codes.
//!
//! A range `FROM..TO` is half-open: it holds from the first day of `FROM` up to, but not
//! including, the first day of `TO`. So `2003-03-14..2014-08-28` ends the day before
//! 2014-08-28, and `2014..2019` covers the years 2014 to 2018; a successor range may start
//! on the very date the previous one ends without overlapping it.

pub use dyad_text::Date;
use std::fmt;

/// How much of a date was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// One end of a range: the first day of the period written, its precision, and whether it
/// was marked approximate with `~`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateBound {
    pub date: Date,
    pub precision: Precision,
    pub approx: bool,
}

impl DateBound {
    /// A day-precise bound.
    pub fn day(date: Date) -> DateBound {
        DateBound {
            date,
            precision: Precision::Day,
            approx: false,
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with an optional leading `~`.
    pub fn parse(s: &str) -> Result<DateBound, String> {
        let (approx, body) = match s.strip_prefix('~') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let bad = || format!("bad date `{s}`: expected YYYY, YYYY-MM or YYYY-MM-DD");
        let parts: Vec<&str> = body.split('-').collect();
        let widths = [4, 2, 2];
        if parts.is_empty() || parts.len() > 3 {
            return Err(bad());
        }
        let mut nums = [0u32; 3];
        for (i, p) in parts.iter().enumerate() {
            if p.len() != widths[i] || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            nums[i] = p.parse().map_err(|_| bad())?;
        }
        let (precision, month, day) = match parts.len() {
            1 => (Precision::Year, 1, 1),
            2 => (Precision::Month, nums[1], 1),
            _ => (Precision::Day, nums[1], nums[2]),
        };
        let date = Date::new(nums[0] as i32, month as u8, day as u8)
            .ok_or_else(|| format!("bad date `{s}`: no such day or month"))?;
        Ok(DateBound {
            date,
            precision,
            approx,
        })
    }
}

impl fmt::Display for DateBound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.approx {
            f.write_str("~")?;
        }
        let d = self.date;
        match self.precision {
            Precision::Year => write!(f, "{:04}", d.year),
            Precision::Month => write!(f, "{:04}-{:02}", d.year, d.month),
            Precision::Day => write!(f, "{d}"),
        }
    }
}

/// A half-open range of dates; an absent end is open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DateRange {
    pub from: Option<DateBound>,
    pub to: Option<DateBound>,
}

impl DateRange {
    /// The range of all dates.
    pub const ALWAYS: DateRange = DateRange {
        from: None,
        to: None,
    };

    /// Parses `FROM..TO` where either side may be empty.
    pub fn parse(s: &str) -> Result<DateRange, String> {
        let Some((a, b)) = s.split_once("..") else {
            return Err(format!(
                "bad date range `{s}`: expected FROM..TO (either side may be empty)"
            ));
        };
        let bound = |x: &str| -> Result<Option<DateBound>, String> {
            if x.is_empty() {
                Ok(None)
            } else {
                DateBound::parse(x).map(Some)
            }
        };
        Ok(DateRange {
            from: bound(a)?,
            to: bound(b)?,
        })
    }

    /// Whether the range has no limit on either side.
    pub fn is_always(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// Whether `date` falls inside: `from <= date < to`.
    pub fn contains(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f.date <= date) && self.to.is_none_or(|t| date < t.date)
    }

    /// Whether the range holds no day at all (`to <= from`): reversed or empty.
    pub fn is_empty(&self) -> bool {
        matches!((self.from, self.to), (Some(f), Some(t)) if t.date <= f.date)
    }

    /// Whether two ranges share at least one day.
    pub fn overlaps(&self, other: &DateRange) -> bool {
        if self.is_empty() || other.is_empty() {
            return false;
        }
        // [a, b) and [c, d) overlap iff a < d and c < b (open ends are infinite).
        let before = |from: Option<DateBound>, to: Option<DateBound>| match (from, to) {
            (Some(f), Some(t)) => f.date < t.date,
            _ => true,
        };
        before(self.from, other.to) && before(other.from, self.to)
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(a) = self.from {
            write!(f, "{a}")?;
        }
        f.write_str("..")?;
        if let Some(b) = self.to {
            write!(f, "{b}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn parses_bounds() {
        let b = DateBound::parse("~2004").unwrap();
        assert!(b.approx);
        assert_eq!(b.precision, Precision::Year);
        assert_eq!(b.date, d("2004-01-01"));
        assert_eq!(b.to_string(), "~2004");
        assert_eq!(DateBound::parse("2009-05").unwrap().date, d("2009-05-01"));
        assert_eq!(DateBound::parse("2009-05").unwrap().to_string(), "2009-05");
        for bad in [
            "",
            "209",
            "2009-5",
            "2009-13",
            "2009-02-30",
            "20090101",
            "2009-01-01-01",
            "~",
        ] {
            assert!(DateBound::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ranges_are_half_open() {
        let r = DateRange::parse("2003-03-14..2014-08-28").unwrap();
        assert!(r.contains(d("2003-03-14")));
        assert!(r.contains(d("2014-08-27")));
        assert!(!r.contains(d("2014-08-28")));
        assert!(!r.contains(d("2003-03-13")));
        let next = DateRange::parse("2014-08-28..").unwrap();
        assert!(!r.overlaps(&next));
        assert!(next.contains(d("2100-01-01")));
        let wide = DateRange::parse("..2010").unwrap();
        assert!(wide.overlaps(&r));
        assert!(DateRange::ALWAYS.overlaps(&r));
        assert!(DateRange::parse("2010..2009").unwrap().is_empty());
        assert!(DateRange::parse("2010..2010").unwrap().is_empty());
        assert!(DateRange::parse("2010-2012").is_err());
        assert_eq!(r.to_string(), "2003-03-14..2014-08-28");
        assert_eq!(DateRange::ALWAYS.to_string(), "..");
    }
}
