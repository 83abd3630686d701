//! The worker's own time zone. Moments are stored in UTC; a day is a calendar day where the
//! worker is ("seen yesterday" for a visit late last night, not "0 days ago"), and every
//! document shows local dates and times and names its zone. The zone comes from the system
//! (`TZ`, then `/etc/localtime`), read from the system's time zone database, so summer time and
//! its changes are the database's, not ours.

use chrono::{DateTime, NaiveDate, TimeZone as _, Utc};
use jiff::tz::TimeZone;

use crate::error::{Error, Result};

/// A time zone days and times are shown in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    tz: TimeZone,
}

impl Zone {
    /// The worker's zone: the system's (`TZ`, then `/etc/localtime`); UTC when there is none.
    pub fn worker() -> Zone {
        Zone {
            tz: TimeZone::try_system().unwrap_or(TimeZone::UTC),
        }
    }

    /// UTC.
    pub fn utc() -> Zone {
        Zone { tz: TimeZone::UTC }
    }

    /// A zone by its IANA name (`Europe/London`).
    pub fn named(name: &str) -> Result<Zone> {
        TimeZone::get(name)
            .map(|tz| Zone { tz })
            .map_err(|_| Error::invalid("time zone", format!("\"{name}\" is not a time zone this system knows; give an IANA name such as Europe/London")))
    }

    /// The zone's name as a person reads it (`Europe/London`, `UTC`).
    pub fn name(&self) -> String {
        self.tz
            .iana_name()
            .map(str::to_owned)
            .unwrap_or_else(|| self.abbreviation(Utc::now()))
    }

    /// The calendar day `t` falls on in this zone.
    pub fn day(&self, t: DateTime<Utc>) -> NaiveDate {
        let z = self.zoned(t);
        NaiveDate::from_ymd_opt(
            i32::from(z.year()),
            u32::try_from(z.month()).unwrap_or(1),
            u32::try_from(z.day()).unwrap_or(1),
        )
        .unwrap_or_else(|| t.date_naive())
    }

    /// Today, in this zone.
    pub fn today(&self) -> NaiveDate {
        self.day(Utc::now())
    }

    /// Whole calendar days from `then` to `today` (yesterday evening is one day ago).
    pub fn days_since(&self, then: DateTime<Utc>, today: NaiveDate) -> i64 {
        (today - self.day(then)).num_days()
    }

    /// The moment the day `d` starts in this zone.
    pub fn start_of(&self, d: NaiveDate) -> DateTime<Utc> {
        let start = jiff::civil::Date::new(
            i16::try_from(chrono::Datelike::year(&d)).unwrap_or(1970),
            i8::try_from(chrono::Datelike::month(&d)).unwrap_or(1),
            i8::try_from(chrono::Datelike::day(&d)).unwrap_or(1),
        )
        .ok()
        .and_then(|date| date.to_zoned_datetime(self.tz.clone()).ok())
        .map(|z| z.timestamp().as_millisecond());
        start
            .and_then(|ms| Utc.timestamp_millis_opt(ms).single())
            .unwrap_or_else(|| d.and_time(chrono::NaiveTime::MIN).and_utc())
    }

    /// The moment a clock in this zone shows `time` on day `d` (a time the clocks skip in
    /// spring is read as the moment after the gap; one they show twice in autumn, the first).
    pub fn moment_at(&self, d: NaiveDate, time: chrono::NaiveTime) -> DateTime<Utc> {
        use chrono::Timelike;
        let civil = jiff::civil::Date::new(
            i16::try_from(chrono::Datelike::year(&d)).unwrap_or(1970),
            i8::try_from(chrono::Datelike::month(&d)).unwrap_or(1),
            i8::try_from(chrono::Datelike::day(&d)).unwrap_or(1),
        )
        .ok()
        .map(|date| {
            date.at(
                i8::try_from(time.hour()).unwrap_or(0),
                i8::try_from(time.minute()).unwrap_or(0),
                0,
                0,
            )
        });
        civil
            .and_then(|at| at.to_zoned_datetime(self.tz.clone()).ok())
            .and_then(|z| {
                Utc.timestamp_millis_opt(z.timestamp().as_millisecond())
                    .single()
            })
            .unwrap_or_else(|| d.and_time(time).and_utc())
    }

    /// `t` as a local date and time with the zone's abbreviation: `01/07/2026 00:30 BST`.
    pub fn date_time(&self, t: DateTime<Utc>) -> String {
        self.format(t, "%d/%m/%Y %H:%M %Z")
    }

    /// `t` as a local date and time in ISO order: `2026-07-01 00:30`.
    pub fn iso_minute(&self, t: DateTime<Utc>) -> String {
        self.format(t, "%Y-%m-%d %H:%M")
    }

    /// The zone's abbreviation at `t` (`BST`, `GMT`).
    pub fn abbreviation(&self, t: DateTime<Utc>) -> String {
        self.format(t, "%Z")
    }

    /// `t` formatted in this zone with `strftime` directives.
    pub fn format(&self, t: DateTime<Utc>, pattern: &str) -> String {
        self.zoned(t).strftime(pattern).to_string()
    }

    fn zoned(&self, t: DateTime<Utc>) -> jiff::ZonedDateTime {
        let ts = jiff::Timestamp::from_millisecond(t.timestamp_millis())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        ts.to_zoned_datetime(self.tz.clone())
    }
}

impl Default for Zone {
    fn default() -> Self {
        Zone::worker()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_time_is_read_in_the_zone_across_summer_time() {
        let london = Zone::named("Europe/London").unwrap();
        let at = |d: (i32, u32, u32), h: u32, m: u32| {
            london.moment_at(
                NaiveDate::from_ymd_opt(d.0, d.1, d.2).unwrap(),
                chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap(),
            )
        };
        // BST: 00:30 on 1 July is 23:30 UTC the day before; GMT: the same clock reading is UTC.
        assert_eq!(
            at((2026, 7, 1), 0, 30).to_rfc3339(),
            "2026-06-30T23:30:00+00:00"
        );
        assert_eq!(
            at((2026, 12, 1), 14, 2).to_rfc3339(),
            "2026-12-01T14:02:00+00:00"
        );
        // 01:30 on 29 March 2026 does not exist in London: the moment after the gap.
        assert_eq!(
            at((2026, 3, 29), 1, 30).to_rfc3339(),
            "2026-03-29T01:30:00+00:00"
        );
        assert_eq!(
            london.day(at((2026, 7, 1), 0, 30)),
            NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()
        );
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn days_are_calendar_days_in_the_zone_across_summer_time() {
        let london = Zone::named("Europe/London").unwrap();
        // 00:30 BST on 1 July is 23:30 UTC on 30 June.
        let t = at("2026-06-30T23:30:00Z");
        assert_eq!(london.day(t), NaiveDate::from_ymd_opt(2026, 7, 1).unwrap());
        assert_eq!(london.date_time(t), "01/07/2026 00:30 BST");
        assert_eq!(
            Zone::utc().day(t),
            NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()
        );
        // In winter London is on UTC.
        let w = at("2026-12-01T23:30:00Z");
        assert_eq!(london.day(w), NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        assert_eq!(london.date_time(w), "01/12/2026 23:30 GMT");
        // The night the clocks go forward (29 March 2026, 01:00 UTC) and back (25 October).
        assert_eq!(
            london.day(at("2026-03-29T00:59:00Z")),
            NaiveDate::from_ymd_opt(2026, 3, 29).unwrap()
        );
        assert_eq!(
            london.day(at("2026-10-24T23:30:00Z")),
            NaiveDate::from_ymd_opt(2026, 10, 25).unwrap()
        );
        assert_eq!(
            london.day(at("2026-10-25T23:30:00Z")),
            NaiveDate::from_ymd_opt(2026, 10, 25).unwrap()
        );
    }

    #[test]
    fn a_visit_yesterday_evening_was_a_day_ago_whatever_the_hour() {
        let london = Zone::named("Europe/London").unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 7, 2).unwrap();
        // 21:00 BST on 1 July, asked about on 2 July: one day, though under 24 hours.
        assert_eq!(london.days_since(at("2026-07-01T20:00:00Z"), today), 1);
        assert_eq!(london.days_since(at("2026-07-01T23:30:00Z"), today), 0);
        assert_eq!(
            london.start_of(today),
            at("2026-07-01T23:00:00Z"),
            "a BST day starts at 23:00 UTC the day before"
        );
        assert_eq!(
            london.start_of(NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()),
            at("2026-12-02T00:00:00Z")
        );
    }

    #[test]
    fn an_unknown_zone_is_a_clear_error() {
        let err = Zone::named("Mars/Olympus").unwrap_err();
        assert!(err.to_string().contains("Europe/London"), "{err}");
    }
}
