//! Business hours (issue 29): when an inbox is open, in its own time zone,
//! with a weekly schedule and holidays. The hub uses them to send away
//! replies and to count service-level targets in business time; the desktop
//! uses the same arithmetic on its own copy, so "open until 18:00" stays
//! right offline.
//!
//! ```
//! use switchboard_protocol::{BusinessHours, Schedule, Shift, Weekday};
//! let hours = BusinessHours {
//!     time_zone: "America/Sao_Paulo".into(),
//!     shifts: vec![Shift { day: Weekday::Mon, open: "09:00".into(), close: "18:00".into() }],
//!     holidays: vec![],
//! };
//! let schedule = Schedule::new(&hours).unwrap();
//! // Monday 2026-12-07 12:00 in São Paulo (UTC-3) is 15:00 UTC.
//! let noon = 1_765_119_600 + 365 * 86_400;
//! assert!(schedule.state(noon).open);
//! ```

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How far ahead the schedule is searched for the next opening (a year and
/// a week: a schedule closed longer than that counts as never open).
const HORIZON_DAYS: i64 = 372;

/// A day of the week.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    fn index(self) -> usize {
        self as usize
    }
}

/// One opening on a weekday, in the inbox's time zone: from `open` to
/// `close` ("HH:MM", 24-hour). A `close` not after `open` runs past
/// midnight into the next day ("22:00"–"06:00"); "00:00"–"00:00" is the
/// whole day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Shift {
    pub day: Weekday,
    pub open: String,
    pub close: String,
}

/// When an inbox is open. An inbox without business hours is always open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct BusinessHours {
    /// An IANA time zone name ("America/Sao_Paulo", "Asia/Kolkata", "UTC").
    pub time_zone: String,
    /// The weekly openings, at most 50.
    pub shifts: Vec<Shift>,
    /// Days the inbox stays closed ("YYYY-MM-DD" in its time zone), at most
    /// 400. A shift that started the day before still runs to its close.
    #[serde(default)]
    pub holidays: Vec<String>,
}

/// Whether an inbox is open at an instant, and until when.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema,
)]
#[ts(export)]
pub struct OpenState {
    pub open: bool,
    /// Unix seconds of the next change (closing when open, opening when
    /// closed); none when it never changes within a year.
    pub until: Option<i64>,
}

/// [`BusinessHours`] checked and ready to answer questions about instants.
#[derive(Debug, Clone)]
pub struct Schedule {
    tz: TimeZone,
    /// Per weekday (Monday first), openings as minutes from that day's
    /// midnight: `(open, close)` with `open < close <= open + 1440`.
    days: [Vec<(i64, i64)>; 7],
    holidays: BTreeSet<Date>,
}

/// Parses "HH:MM" (00:00–24:00) into minutes from midnight.
fn minutes(s: &str) -> Option<i64> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    let total = h * 60 + m;
    ((0..24).contains(&h) && (0..60).contains(&m) || total == 1440).then_some(total)
}

impl Schedule {
    /// Checks `hours`: a known time zone, well-formed times and dates, and
    /// not too many of them. The error is a sentence for the person who
    /// typed them.
    pub fn new(hours: &BusinessHours) -> Result<Schedule, &'static str> {
        let tz = TimeZone::get(&hours.time_zone).map_err(|_| "unknown time zone")?;
        if hours.shifts.len() > 50 {
            return Err("at most 50 shifts a week");
        }
        if hours.holidays.len() > 400 {
            return Err("at most 400 holidays");
        }
        let mut days: [Vec<(i64, i64)>; 7] = Default::default();
        for s in &hours.shifts {
            let (Some(open), Some(close)) = (minutes(&s.open), minutes(&s.close)) else {
                return Err("a shift's times are HH:MM, from 00:00 to 24:00");
            };
            if open == 1440 {
                return Err("a shift opens before 24:00");
            }
            let close = if close <= open { close + 1440 } else { close };
            days[s.day.index()].push((open, close));
        }
        for d in &mut days {
            d.sort_unstable();
        }
        let mut holidays = BTreeSet::new();
        for h in &hours.holidays {
            let date: Date = h.parse().map_err(|_| "a holiday is a date, YYYY-MM-DD")?;
            holidays.insert(date);
        }
        Ok(Schedule { tz, days, holidays })
    }

    /// The local date an instant falls on.
    fn date_of(&self, at: i64) -> Option<Date> {
        let ts = jiff::Timestamp::from_second(at).ok()?;
        Some(self.tz.to_datetime(ts).date())
    }

    /// The instant of `minute` minutes after `date`'s midnight, local time
    /// (a time a daylight-saving change skips counts from after the gap).
    fn instant(&self, date: Date, minute: i64) -> Option<i64> {
        let date = date
            .checked_add(jiff::Span::new().days(minute.div_euclid(1440)))
            .ok()?;
        let m = minute.rem_euclid(1440);
        let dt = DateTime::from_parts(
            date,
            jiff::civil::time((m / 60) as i8, (m % 60) as i8, 0, 0),
        );
        let ts = self.tz.to_ambiguous_timestamp(dt).compatible().ok()?;
        Some(ts.as_second())
    }

    /// The openings that end after `from`, in order, overlapping ones joined.
    fn openings(&self, from: i64) -> impl Iterator<Item = (i64, i64)> + '_ {
        let first = self
            .date_of(from)
            .and_then(|d| d.checked_sub(jiff::Span::new().days(1)).ok());
        let raw = (0..HORIZON_DAYS).flat_map(move |n| {
            let date = first.and_then(|d| d.checked_add(jiff::Span::new().days(n)).ok());
            let shifts: &[(i64, i64)] = match date {
                Some(d) if !self.holidays.contains(&d) => {
                    &self.days[d.weekday().to_monday_zero_offset() as usize]
                }
                _ => &[],
            };
            shifts.iter().filter_map(move |&(open, close)| {
                let d = date?;
                Some((self.instant(d, open)?, self.instant(d, close)?))
            })
        });
        Joined {
            raw: Box::new(raw),
            pending: None,
        }
        .filter(move |&(_, end)| end > from)
    }

    /// Whether the inbox is open at `at`, and until when.
    pub fn state(&self, at: i64) -> OpenState {
        match self.openings(at).next() {
            Some((start, end)) if start <= at => OpenState {
                open: true,
                until: Some(end),
            },
            Some((start, _)) => OpenState {
                open: false,
                until: Some(start),
            },
            None => OpenState {
                open: false,
                until: None,
            },
        }
    }

    /// The instant `seconds` of open time after `start`: when a target of
    /// that many business seconds falls due. None when the schedule does
    /// not open enough within a year.
    pub fn add(&self, start: i64, seconds: i64) -> Option<i64> {
        let mut left = seconds.max(0);
        for (open, close) in self.openings(start) {
            let from = open.max(start);
            if close - from >= left {
                return Some(from + left);
            }
            left -= close - from;
        }
        None
    }

    /// The open seconds between `a` and `b` (0 when `b` is not after `a`).
    pub fn between(&self, a: i64, b: i64) -> i64 {
        let mut total = 0;
        for (open, close) in self.openings(a) {
            if open >= b {
                break;
            }
            total += close.min(b) - open.max(a);
        }
        total.max(0)
    }
}

/// Joins overlapping or touching openings of a sorted stream (a shift past
/// midnight running into the next day's first one reads as one opening).
struct Joined<'a> {
    raw: Box<dyn Iterator<Item = (i64, i64)> + 'a>,
    pending: Option<(i64, i64)>,
}

impl Iterator for Joined<'_> {
    type Item = (i64, i64);

    fn next(&mut self) -> Option<(i64, i64)> {
        loop {
            match (self.pending, self.raw.next()) {
                (None, None) => return None,
                (Some(p), None) => {
                    self.pending = None;
                    return Some(p);
                }
                (None, Some(n)) => self.pending = Some(n),
                (Some((s, e)), Some((ns, ne))) => {
                    if ns <= e {
                        self.pending = Some((s.min(ns), e.max(ne)));
                    } else {
                        self.pending = Some((ns, ne));
                        return Some((s, e));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hours(tz: &str, shifts: &[(Weekday, &str, &str)], holidays: &[&str]) -> Schedule {
        let h = BusinessHours {
            time_zone: tz.into(),
            shifts: shifts
                .iter()
                .map(|&(day, open, close)| Shift {
                    day,
                    open: open.into(),
                    close: close.into(),
                })
                .collect(),
            holidays: holidays.iter().map(|s| s.to_string()).collect(),
        };
        match Schedule::new(&h) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        }
    }

    /// Unix seconds of a local time in `tz`.
    fn at(tz: &str, local: &str) -> i64 {
        let dt: DateTime = local.parse().unwrap_or_default();
        TimeZone::get(tz)
            .ok()
            .and_then(|z| z.to_ambiguous_timestamp(dt).compatible().ok())
            .map(|t| t.as_second())
            .unwrap_or(i64::MIN)
    }

    fn weekdays(
        open: &'static str,
        close: &'static str,
    ) -> Vec<(Weekday, &'static str, &'static str)> {
        use Weekday::*;
        [Mon, Tue, Wed, Thu, Fri]
            .iter()
            .map(|&d| (d, open, close))
            .collect()
    }

    #[test]
    fn open_and_closed_with_until() {
        let tz = "America/Sao_Paulo";
        let s = hours(tz, &weekdays("09:00", "18:00"), &[]);
        // Monday 2026-12-07.
        let noon = at(tz, "2026-12-07T12:00");
        assert_eq!(
            s.state(noon),
            OpenState {
                open: true,
                until: Some(at(tz, "2026-12-07T18:00"))
            }
        );
        let night = at(tz, "2026-12-07T20:00");
        assert_eq!(
            s.state(night),
            OpenState {
                open: false,
                until: Some(at(tz, "2026-12-08T09:00"))
            }
        );
        // Friday evening: closed until Monday.
        let friday = at(tz, "2026-12-11T18:00");
        assert_eq!(
            s.state(friday),
            OpenState {
                open: false,
                until: Some(at(tz, "2026-12-14T09:00"))
            }
        );
        // The opening instant is open; the closing instant is closed.
        assert!(s.state(at(tz, "2026-12-08T09:00")).open);
        assert!(!s.state(at(tz, "2026-12-08T18:00")).open);
    }

    #[test]
    fn holidays_skip_the_day_but_not_a_shift_begun_the_day_before() {
        let tz = "Asia/Kolkata";
        use Weekday::*;
        let s = hours(
            tz,
            &[(Thu, "22:00", "06:00"), (Fri, "22:00", "06:00")],
            &["2026-12-25"],
        );
        // Thursday 24th's night shift runs into the holiday.
        assert!(s.state(at(tz, "2026-12-25T03:00")).open);
        // The holiday's own shift does not happen.
        assert!(!s.state(at(tz, "2026-12-25T23:00")).open);
        assert_eq!(
            s.state(at(tz, "2026-12-25T23:00")).until,
            Some(at(tz, "2026-12-31T22:00"))
        );
    }

    #[test]
    fn a_night_shift_runs_past_midnight_and_joins_the_next_day() {
        let tz = "Europe/Lisbon";
        use Weekday::*;
        let s = hours(tz, &[(Mon, "20:00", "00:00"), (Tue, "00:00", "08:00")], &[]);
        let st = s.state(at(tz, "2026-12-07T21:00"));
        assert_eq!(
            st.until,
            Some(at(tz, "2026-12-08T08:00")),
            "joined into one opening"
        );
        assert_eq!(
            s.between(at(tz, "2026-12-07T19:00"), at(tz, "2026-12-08T09:00")),
            12 * 3600
        );
    }

    #[test]
    fn daylight_saving_changes_count_real_seconds() {
        // New York springs forward on 2027-03-14 at 02:00 (to 03:00).
        let tz = "America/New_York";
        use Weekday::*;
        let s = hours(tz, &[(Sun, "00:00", "00:00")], &[]);
        let day = s.between(at(tz, "2027-03-14T00:00"), at(tz, "2027-03-15T00:00"));
        assert_eq!(day, 23 * 3600, "the short day is 23 hours open");
        // And falls back on 2027-11-07: a 25-hour day.
        let long = s.between(at(tz, "2027-11-07T00:00"), at(tz, "2027-11-08T00:00"));
        assert_eq!(long, 25 * 3600);
        // A shift opening in the skipped hour opens after the gap.
        let g = hours(tz, &[(Sun, "02:30", "04:00")], &[]);
        assert_eq!(
            g.state(at(tz, "2027-03-14T01:00")).until,
            Some(at(tz, "2027-03-14T03:30"))
        );
    }

    #[test]
    fn a_target_counts_only_open_time() {
        let tz = "UTC";
        let s = hours(tz, &weekdays("09:00", "17:00"), &[]);
        // Friday 16:00 + 2 business hours = Monday 10:00.
        let due = s.add(at(tz, "2026-12-11T16:00"), 2 * 3600);
        assert_eq!(due, Some(at(tz, "2026-12-14T10:00")));
        // Written at night: the clock starts at opening.
        assert_eq!(
            s.add(at(tz, "2026-12-08T02:00"), 1800),
            Some(at(tz, "2026-12-08T09:30"))
        );
        // Never open: never due.
        assert_eq!(hours(tz, &[], &[]).add(0, 60), None);
        assert_eq!(
            hours(tz, &[], &[]).state(0),
            OpenState {
                open: false,
                until: None
            }
        );
    }

    #[test]
    fn bad_hours_are_refused_with_a_reason() {
        let bad = |tz: &str, open: &str, close: &str, holiday: &str| {
            Schedule::new(&BusinessHours {
                time_zone: tz.into(),
                shifts: vec![Shift {
                    day: Weekday::Mon,
                    open: open.into(),
                    close: close.into(),
                }],
                holidays: if holiday.is_empty() {
                    vec![]
                } else {
                    vec![holiday.into()]
                },
            })
            .err()
        };
        assert_eq!(
            bad("Mars/Olympus", "09:00", "17:00", ""),
            Some("unknown time zone")
        );
        assert!(bad("UTC", "9:00", "17:00", "").is_some());
        assert!(bad("UTC", "09:60", "17:00", "").is_some());
        assert!(bad("UTC", "24:00", "17:00", "").is_some());
        assert!(bad("UTC", "09:00", "17:00", "2026-13-01").is_some());
        assert_eq!(bad("UTC", "09:00", "24:00", "2026-12-25"), None);
    }

    const ZONES: &[&str] = &[
        "UTC",
        "America/Sao_Paulo",
        "America/New_York",
        "Europe/London",
        "Asia/Kolkata",
        "Australia/Lord_Howe",
        "Pacific/Chatham",
        "Asia/Jakarta",
    ];

    fn any_schedule() -> impl Strategy<Value = Schedule> {
        let shift = (0usize..7, 0i64..96, 0i64..96);
        (
            0..ZONES.len(),
            proptest::collection::vec(shift, 0..8),
            proptest::collection::vec(0i64..800, 0..6),
        )
            .prop_map(|(z, shifts, holidays)| {
                let days = [
                    Weekday::Mon,
                    Weekday::Tue,
                    Weekday::Wed,
                    Weekday::Thu,
                    Weekday::Fri,
                    Weekday::Sat,
                    Weekday::Sun,
                ];
                let hm = |q: i64| format!("{:02}:{:02}", q / 4, (q % 4) * 15);
                let base: Date = jiff::civil::date(2026, 1, 1);
                Schedule::new(&BusinessHours {
                    time_zone: ZONES[z].into(),
                    shifts: shifts
                        .iter()
                        .map(|&(d, o, c)| Shift {
                            day: days[d],
                            open: hm(o),
                            close: hm(c),
                        })
                        .collect(),
                    holidays: holidays
                        .iter()
                        .filter_map(|&n| base.checked_add(jiff::Span::new().days(n)).ok())
                        .map(|d| d.to_string())
                        .collect(),
                })
                .unwrap_or_else(|e| panic!("{e}"))
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The state's `until` is the next change: the state holds up to
        /// it and flips at it.
        #[test]
        fn until_is_where_the_state_flips(s in any_schedule(), t in 1_767_225_600i64..1_830_297_600) {
            let st = s.state(t);
            if let Some(until) = st.until {
                prop_assert!(until > t);
                prop_assert_eq!(s.state(until - 1).open, st.open);
                prop_assert_eq!(s.state(until).open, !st.open);
            }
        }

        /// Adding business time and measuring it agree, and the due
        /// instant is never earlier than the start plus the time asked.
        #[test]
        fn add_and_between_agree(s in any_schedule(), t in 1_767_225_600i64..1_830_297_600, secs in 0i64..400_000) {
            if let Some(due) = s.add(t, secs) {
                prop_assert!(due >= t + secs);
                prop_assert_eq!(s.between(t, due), secs);
                if secs > 0 {
                    prop_assert!(s.state(due - 1).open, "the last second counted is open");
                }
            }
        }
    }
}
