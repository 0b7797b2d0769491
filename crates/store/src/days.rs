//! Day numbers: days since 1970-01-01 in the proleptic Gregorian calendar, the store's
//! integer form of a date (cheap to compare, bucket and index).

use dyad_text::Date;

/// Days since 1970-01-01 (negative before it).
pub fn day_number(d: Date) -> i64 {
    // Howard Hinnant's days_from_civil.
    let (y, m, dd) = (d.year as i64, d.month as i64, d.day as i64);
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The date of a day number.
pub fn from_day_number(z: i64) -> Date {
    // Howard Hinnant's civil_from_days.
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    Date {
        year: y as i32,
        month: m,
        day: d,
    }
}

/// `YYYY-MM-DD` of a day number.
pub fn day_string(z: i64) -> String {
    from_day_number(z).to_string()
}

/// Parses `YYYY-MM-DD` into a day number.
pub fn parse_day(s: &str) -> Option<i64> {
    Date::parse_iso(s).map(day_number)
}

/// `year * 100 + month` of a day number (the store's month key).
pub fn month_key(z: i64) -> i64 {
    let d = from_day_number(z);
    d.year as i64 * 100 + d.month as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_known_values() {
        assert_eq!(day_number(Date::new(1970, 1, 1).unwrap()), 0);
        assert_eq!(day_number(Date::new(2000, 3, 1).unwrap()), 11017);
        assert_eq!(day_number(Date::new(1969, 12, 31).unwrap()), -1);
        assert_eq!(day_string(19185), "2022-07-12");
        for z in (-800_000..800_000).step_by(997) {
            assert_eq!(day_number(from_day_number(z)), z);
        }
        let mut prev = day_number(Date::new(2023, 12, 31).unwrap());
        for m in 1..=12u8 {
            for d in 1..=dyad_text::article::days_in_month(2024, m) {
                let z = day_number(Date::new(2024, m, d).unwrap());
                assert_eq!(z, prev + 1);
                prev = z;
            }
        }
        assert_eq!(month_key(19185), 202207);
    }
}
