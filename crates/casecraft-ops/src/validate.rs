//! Input rules shared by every record: required text, sizes, dates. Each
//! check names the field and says what to do.

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::{Error, Result};

/// The largest body a record accepts (1 MiB of UTF-8).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// The largest one-line field (names, references, titles).
pub const MAX_LINE_CHARS: usize = 500;

/// A required one-line value: trimmed, not empty, not too long.
pub fn required_line(field: &str, value: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::invalid(
            field,
            "is required; type at least one visible character",
        ));
    }
    line_len(field, v)?;
    Ok(v.to_string())
}

/// An optional one-line value: trimmed; empty becomes `None`.
pub fn optional_line(field: &str, value: Option<&str>) -> Result<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => {
            line_len(field, v)?;
            Ok(Some(v.to_string()))
        }
    }
}

/// A required body (Markdown): not blank, at most [`MAX_BODY_BYTES`]. Kept
/// exactly as typed.
pub fn required_body(field: &str, value: &str) -> Result<String> {
    if value.trim().is_empty() {
        return Err(Error::invalid(
            field,
            "is required; write at least a few words",
        ));
    }
    body(field, value)
}

/// A body that may be empty, at most [`MAX_BODY_BYTES`]. Kept exactly as typed.
pub fn body(field: &str, value: &str) -> Result<String> {
    if value.len() > MAX_BODY_BYTES {
        return Err(Error::invalid(
            field,
            format!(
                "is {} KiB, over the 1024 KiB limit; split it into several records or attach less text",
                value.len() / 1024
            ),
        ));
    }
    Ok(value.to_string())
}

fn line_len(field: &str, v: &str) -> Result<()> {
    if v.chars().count() > MAX_LINE_CHARS {
        return Err(Error::invalid(
            field,
            format!("is longer than {MAX_LINE_CHARS} characters; shorten it"),
        ));
    }
    if v.contains(['\n', '\r']) {
        return Err(Error::invalid(field, "must be a single line"));
    }
    Ok(())
}

/// A calendar day as people in the UK write it, read **day first** whatever the machine's
/// locale: `14/03/2026`, `14/3/26`, `14.03.2026`, `14-03-2026`, `14 Mar 2026`, `Sat 14 March
/// 2026`, `14th March, 2026`, `March 14th 2026` (a month written as a word is never ambiguous),
/// or `2026-03-14` (year first, as exported). A two-digit year is 2000–2069 up to `69`, else
/// 1900s.
pub fn date(field: &str, value: &str) -> Result<NaiveDate> {
    parse_day(value).ok_or_else(|| {
        Error::invalid(
            field,
            format!(
                "\"{}\" is not a day; write it day first, e.g. 14/03/2026 or 14 Mar 2026",
                crate::ids::shorten(value)
            ),
        )
    })
}

fn parse_day(value: &str) -> Option<NaiveDate> {
    let v = value.trim();
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        return Some(d);
    }
    let lower = v.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '/' | '.' | '-'))
        .filter(|t| !t.is_empty())
        .collect();
    let month_of = |t: &str| {
        let t = t.trim_end_matches('.');
        (t.len() >= 3)
            .then(|| (0..12).find(|&i| is_month_word(t, i)))
            .flatten()
            .and_then(|i| u32::try_from(i + 1).ok())
    };
    // A weekday in front ("Tue 1 Dec 2026") says nothing the rest does not.
    let tokens: Vec<&str> = tokens
        .into_iter()
        .filter(|t| !(t.len() >= 3 && is_weekday_word(t)))
        .collect();
    if tokens.len() != 3 {
        return None;
    }
    let number = |t: &str| -> Option<u32> {
        let digits = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &t[digits.len()..];
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if !suffix.is_empty() && !matches!(suffix, "st" | "nd" | "rd" | "th") {
            return None;
        }
        digits.parse().ok()
    };
    let year = |t: &str| -> Option<i32> {
        if !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: i32 = t.parse().ok()?;
        match t.len() {
            4 => Some(n),
            2 if n <= 69 => Some(2000 + n),
            2 => Some(1900 + n),
            _ => None,
        }
    };
    let (day, month, y) = if let Some(m) = tokens.iter().position(|t| month_of(t).is_some()) {
        let month = month_of(tokens[m])?;
        let rest: Vec<&str> = tokens
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != m)
            .map(|(_, t)| *t)
            .collect();
        // "14 Mar 2026", "Mar 14 2026" or "2026 Mar 14": the year is the four-digit one, or
        // the last.
        let four_digits = |t: &str| t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit());
        let (d, yr) = if four_digits(rest[0]) {
            (rest[1], rest[0])
        } else {
            (rest[0], rest[1])
        };
        (number(d)?, month, year(yr)?)
    } else {
        if tokens
            .iter()
            .any(|t| !t.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        if tokens[0].len() == 4 {
            (number(tokens[2])?, number(tokens[1])?, year(tokens[0])?)
        } else {
            (number(tokens[0])?, number(tokens[1])?, year(tokens[2])?)
        }
    };
    NaiveDate::from_ymd_opt(y, month, day)
}

/// A time of day on a 24-hour clock, as typed: `14:02`, `9:05`, `14.02` or `1402`; `2:02 pm`
/// is read too.
pub fn time(field: &str, value: &str) -> Result<chrono::NaiveTime> {
    let v = value.trim().to_lowercase();
    let (clock, half) = match v.strip_suffix("pm").or_else(|| v.strip_suffix("p.m.")) {
        Some(rest) => (rest.trim().to_string(), Some(12)),
        None => match v.strip_suffix("am").or_else(|| v.strip_suffix("a.m.")) {
            Some(rest) => (rest.trim().to_string(), Some(0)),
            None => (v.clone(), None),
        },
    };
    let digits: String = clock.chars().filter(|c| !matches!(c, ':' | '.')).collect();
    let parsed = (clock.chars().filter(|c| matches!(c, ':' | '.')).count() <= 1
        && (3..=4).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit()))
    .then(|| {
        let (h, m) = digits.split_at(digits.len() - 2);
        Some((h.parse::<u32>().ok()?, m.parse::<u32>().ok()?))
    })
    .flatten()
    .and_then(|(h, m)| match half {
        Some(offset) if (1..=12).contains(&h) => Some((h % 12 + offset, m)),
        Some(_) => None,
        None => Some((h, m)),
    })
    .and_then(|(h, m)| chrono::NaiveTime::from_hms_opt(h, m, 0));
    parsed.ok_or_else(|| {
        Error::invalid(
            field,
            format!(
                "\"{}\" is not a time; write it on the 24-hour clock, e.g. 14:05",
                crate::ids::shorten(value)
            ),
        )
    })
}

/// Whether `t` is month `i` written as a word ("mar", "march", "sept").
fn is_month_word(t: &str, i: usize) -> bool {
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    FULL[i].starts_with(t) || (i == 8 && t == "sept")
}

/// Whether `t` is a weekday written as a word ("tue", "tues", "tuesday").
fn is_weekday_word(t: &str) -> bool {
    const FULL: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    FULL.iter().any(|w| w.starts_with(t)) || matches!(t, "tues" | "thur" | "thurs")
}

/// A moment written in RFC 3339 (`2026-03-14T10:30:00+00:00`), or a date,
/// read as midnight UTC.
pub fn moment(field: &str, value: &str) -> Result<DateTime<Utc>> {
    let v = value.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        if let Some(t) = d.and_hms_opt(0, 0, 0) {
            return Ok(t.and_utc());
        }
    }
    Err(Error::invalid(
        field,
        format!(
            "\"{}\" is not a date and time; write it as 2026-03-14T10:30:00+00:00 (or just 2026-03-14)",
            crate::ids::shorten(v)
        ),
    ))
}

/// A short label (flag, tag): trimmed, lower-case, no spaces at the ends,
/// letters, digits, `-` and `_` only.
pub fn label(field: &str, value: &str) -> Result<String> {
    let v = value.trim().to_lowercase();
    if v.is_empty() {
        return Err(Error::invalid(field, "cannot be empty"));
    }
    if v.chars().count() > 60
        || !v
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Error::invalid(
            field,
            format!(
                "\"{}\" is not a valid label; use up to 60 letters, digits, '-' or '_' (e.g. lone-working-risk)",
                crate::ids::shorten(value)
            ),
        ));
    }
    Ok(v)
}

/// A de-duplicated, sorted list of labels.
pub fn labels(field: &str, values: &[String]) -> Result<Vec<String>> {
    let mut out = values
        .iter()
        .map(|v| label(field, v))
        .collect::<Result<Vec<_>>>()?;
    out.sort();
    out.dedup();
    Ok(out)
}

/// Formats a UTC moment the way the store keeps it: sortable text with
/// millisecond precision.
pub fn stored_moment(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

#[cfg(test)]
mod day_variants {
    use super::*;
    use chrono::Datelike;
    use proptest::prelude::*;

    fn ordinal(d: u32) -> &'static str {
        match (d % 10, d % 100) {
            (1, n) if n != 11 => "st",
            (2, n) if n != 12 => "nd",
            (3, n) if n != 13 => "rd",
            _ => "th",
        }
    }

    proptest! {
        /// Every common way of writing a day, in any case and spacing, reads as that day.
        #[test]
        fn every_common_spelling_reads_as_its_day(
            days in 0i64..50_000,
            style in 0usize..12,
            upper in any::<bool>(),
            spaces in 0usize..3,
        ) {
            let day = NaiveDate::from_ymd_opt(1935, 1, 1).unwrap() + chrono::Duration::days(days);
            let d = day.day();
            let written = match style {
                0 => day.format("%d/%m/%Y").to_string(),
                1 => day.format("%-d/%-m/%Y").to_string(),
                2 => day.format("%d.%m.%Y").to_string(),
                3 => day.format("%d-%m-%Y").to_string(),
                4 => day.format("%-d %b %Y").to_string(),
                5 => day.format("%a %-d %b %Y").to_string(),
                6 => day.format("%-d %B %Y").to_string(),
                7 => day.format("%B %-d, %Y").to_string(),
                8 => format!("{d}{} {}", ordinal(d), day.format("%B %Y")),
                9 => format!("{} {d}{}, {}", day.format("%A"), ordinal(d), day.format("%B %Y")),
                10 => day.format("%Y-%m-%d").to_string(),
                _ => day.format("%-d %b. %Y").to_string(),
            };
            let written = if upper { written.to_uppercase() } else { written };
            let written = format!("{}{written}{}", " ".repeat(spaces), " ".repeat(spaces));
            prop_assert_eq!(date("day", &written).ok(), Some(day), "{}", written);
            // Two-digit years stand for 1970–2069.
            if (1970..2070).contains(&day.year()) {
                let short = day.format("%d/%m/%y").to_string();
                prop_assert_eq!(date("day", &short).ok(), Some(day), "{}", short);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_required_fields_are_refused_with_the_field_name() {
        for blank in ["", "   ", "\t\n"] {
            let e = required_line("subject", blank).unwrap_err();
            assert_eq!(e.field(), Some("subject"));
        }
        assert_eq!(
            required_line("subject", "  Amy Smith ").unwrap(),
            "Amy Smith"
        );
    }

    #[test]
    fn bodies_over_one_mebibyte_are_refused() {
        let big = "a".repeat(MAX_BODY_BYTES + 1);
        assert!(body("body", &big).is_err());
        assert!(body("body", &big[1..]).is_ok());
    }

    #[test]
    fn dates_and_moments() {
        assert!(date("due", "2026-02-30").is_err());
        assert!(date("due", "2026-02-28").is_ok());
        let dec1 = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        for written in [
            "01/12/2026",
            "1/12/2026",
            "1/12/26",
            "01.12.2026",
            "1-12-2026",
            "1 Dec 2026",
            "Tue 1 Dec 2026",
            "tuesday 1 december 2026",
            "1st December, 2026",
            "December 1st 2026",
            "Dec. 1, 2026",
            "2026-12-01",
            " 1 / 12 / 2026 ",
            "2026 Dec 1",
        ] {
            assert_eq!(date("day", written).ok(), Some(dec1), "{written}");
        }
        let t = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0);
        for (typed, want) in [
            ("14:02", t(14, 2)),
            ("9:05", t(9, 5)),
            ("14.02", t(14, 2)),
            ("1402", t(14, 2)),
            ("2:02 pm", t(14, 2)),
            ("12:10am", t(0, 10)),
            ("12:10 PM", t(12, 10)),
        ] {
            assert_eq!(time("time", typed).ok(), want, "{typed}");
        }
        for bad in ["", "25:00", "14:60", "2pm", "13:00 pm", "noon", "1:2:3"] {
            assert!(time("time", bad).is_err(), "{bad}");
        }
        // Day first, always: 12/01/2026 is 12 January, never 1 December.
        assert_eq!(
            date("day", "12/01/2026").ok(),
            NaiveDate::from_ymd_opt(2026, 1, 12)
        );
        for bad in [
            "",
            "31/02/2026",
            "1/13/2026",
            "1 Foo 2026",
            "1/12",
            "1 2 3 4",
            "tomorrow",
            "32nd Dec 2026",
            "1xx Dec 2026",
        ] {
            let err = date("day", bad).unwrap_err();
            assert!(err.to_string().contains("day first"), "{bad}: {err}");
        }
        let t = moment("at", "2026-03-14T10:30:00+01:00").unwrap();
        assert_eq!(stored_moment(t), "2026-03-14T09:30:00.000Z");
        assert!(moment("at", "yesterday").is_err());
    }

    #[test]
    fn labels_are_normalised() {
        assert_eq!(label("flag", " Safeguarding ").unwrap(), "safeguarding");
        assert!(label("flag", "two words").is_err());
        assert_eq!(
            labels("tag", &["b".into(), "a".into(), "b".into()]).unwrap(),
            vec!["a", "b"]
        );
    }
}
