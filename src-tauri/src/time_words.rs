//! Dates and times in the user's own words, from the system's locale
//! (`LC_TIME`, which GTK applies when the app starts): the names of the
//! months and the days, a 12- or 24-hour clock, and the order of day,
//! month and year. The page formats its times with these rather than with
//! JavaScript's `Intl`, which makes the web process load ICU's date
//! formatting code and data: 1.3–2 MB more in that process for the same
//! words (BENCHMARKS.md, "Desktop app"), measured on this machine.
use serde::Serialize;

/// The words and orders a date or a time is written with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TimeWords {
    /// The months' names, January first.
    pub months: Vec<String>,
    /// Their abbreviations, January first.
    pub months_short: Vec<String>,
    /// The days' names, Sunday first (as JavaScript's `getDay` counts).
    pub weekdays: Vec<String>,
    /// A 12-hour clock with `am` / `pm` markers, else a 24-hour one.
    pub twelve_hour: bool,
    pub am: String,
    pub pm: String,
    /// The order of a date's parts: `dmy`, `mdy` or `ymd`.
    pub date_order: String,
}

/// Whether a `strftime` time format (the locale's `T_FMT`) is a 12-hour clock.
pub fn is_twelve_hour(time_format: &str) -> bool {
    ["%I", "%l", "%r"].iter().any(|d| time_format.contains(d))
}

/// The order of day, month and year in a `strftime` date format (the
/// locale's `D_FMT`); `None` when it does not hold all three.
pub fn date_order(date_format: &str) -> Option<&'static str> {
    let expanded = date_format
        .replace("%D", "%m/%d/%y")
        .replace("%F", "%Y-%m-%d");
    let at = |directives: &[&str]| directives.iter().filter_map(|d| expanded.find(d)).min();
    let day = at(&["%d", "%e"])?;
    let month = at(&["%m", "%b", "%B", "%h"])?;
    let year = at(&["%y", "%Y"])?;
    Some(if year < month && month < day {
        "ymd"
    } else if month < day {
        "mdy"
    } else {
        "dmy"
    })
}

/// The system's words for dates and times (its `LC_TIME`); `None` when it
/// lacks a month's or a day's name (the page then writes English).
#[cfg(unix)]
pub fn system() -> Option<TimeWords> {
    let names = |items: &[libc::nl_item]| -> Vec<String> {
        items.iter().map(|item| langinfo(*item)).collect()
    };
    let or = |got: String, fallback: &str| {
        if got.is_empty() {
            fallback.to_owned()
        } else {
            got
        }
    };
    let words = TimeWords {
        months: names(&[
            libc::MON_1,
            libc::MON_2,
            libc::MON_3,
            libc::MON_4,
            libc::MON_5,
            libc::MON_6,
            libc::MON_7,
            libc::MON_8,
            libc::MON_9,
            libc::MON_10,
            libc::MON_11,
            libc::MON_12,
        ]),
        months_short: names(&[
            libc::ABMON_1,
            libc::ABMON_2,
            libc::ABMON_3,
            libc::ABMON_4,
            libc::ABMON_5,
            libc::ABMON_6,
            libc::ABMON_7,
            libc::ABMON_8,
            libc::ABMON_9,
            libc::ABMON_10,
            libc::ABMON_11,
            libc::ABMON_12,
        ]),
        weekdays: names(&[
            libc::DAY_1,
            libc::DAY_2,
            libc::DAY_3,
            libc::DAY_4,
            libc::DAY_5,
            libc::DAY_6,
            libc::DAY_7,
        ]),
        twelve_hour: is_twelve_hour(&langinfo(libc::T_FMT)),
        am: or(langinfo(libc::AM_STR), "AM"),
        pm: or(langinfo(libc::PM_STR), "PM"),
        // Day before month where the format does not say.
        date_order: date_order(&langinfo(libc::D_FMT))
            .unwrap_or("dmy")
            .to_owned(),
    };
    let named = [&words.months, &words.months_short, &words.weekdays]
        .iter()
        .all(|names| names.iter().all(|n| !n.is_empty()));
    named.then_some(words)
}

#[cfg(not(unix))]
pub fn system() -> Option<TimeWords> {
    None
}

/// One item of the current locale's data, copied (empty if it has none).
#[cfg(unix)]
#[allow(unsafe_code)]
fn langinfo(item: libc::nl_item) -> String {
    // SAFETY: nl_langinfo returns a pointer to a NUL-terminated string in
    // the C library's locale data (never null on glibc or musl), valid
    // until the locale changes; the app sets its locale once, when GTK
    // starts, before any command runs, and the string is copied at once.
    let ptr = unsafe { libc::nl_langinfo(item) };
    if ptr.is_null() {
        return String::new();
    }
    // SAFETY: as above, a valid NUL-terminated string.
    unsafe { std::ffi::CStr::from_ptr(ptr) }
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_follows_the_locales_time_format() {
        assert!(is_twelve_hour("%r")); // en_US
        assert!(is_twelve_hour("%I:%M:%S %p"));
        assert!(is_twelve_hour("%l:%M %p"));
        assert!(!is_twelve_hour("%T")); // en_GB, de_DE
        assert!(!is_twelve_hour("%H:%M:%S")); // C
    }

    #[test]
    fn the_date_order_is_read_from_the_locales_date_format() {
        assert_eq!(date_order("%m/%d/%Y"), Some("mdy")); // en_US
        assert_eq!(date_order("%D"), Some("mdy"));
        assert_eq!(date_order("%d/%m/%y"), Some("dmy")); // en_GB
        assert_eq!(date_order("%d.%m.%Y"), Some("dmy")); // de_DE
        assert_eq!(date_order("%Y年%m月%d日"), Some("ymd")); // ja_JP
        assert_eq!(date_order("%F"), Some("ymd"));
        assert_eq!(date_order("%e %B"), None);
    }

    #[test]
    fn the_c_locale_gives_twelve_months_seven_days_and_a_24_hour_clock() -> Result<(), String> {
        // No setlocale in the test binary: the C locale.
        let words = system().ok_or("the C locale has no names")?;
        assert_eq!(words.months.len(), 12);
        assert_eq!(words.months_short.len(), 12);
        assert_eq!(words.weekdays.len(), 7);
        assert_eq!(words.months[0], "January");
        assert_eq!(words.weekdays[0], "Sunday");
        assert!(!words.twelve_hour);
        assert_eq!(words.date_order, "mdy");
        Ok(())
    }
}
