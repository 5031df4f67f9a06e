//! Typed access to the fields of an export's JSON objects, and the values parsed from them
//! (durations, ids), each checked and reported with the entry it belongs to.

use serde_json::{Map, Number, Value};

use super::program::{BadSpan, Problems, SourceTime, System, MAX_MINUTES};

/// Typed access to an object's fields, reporting wrong types and missing keys with a label.
pub(super) struct Fields<'a, 'p> {
    label: String,
    obj: &'a Map<String, Value>,
    pub(super) problems: &'p mut Problems,
}

impl<'a, 'p> Fields<'a, 'p> {
    pub(super) fn new(
        label: &str,
        obj: &'a Map<String, Value>,
        problems: &'p mut Problems,
    ) -> Self {
        Fields {
            label: label.to_owned(),
            obj,
            problems,
        }
    }

    pub(super) fn type_error(&mut self, key: &str, want: &str, got: &Value) {
        let got = match got {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        };
        self.problems.error(format!(
            "{}: `{key}` must be {want}, found {got}",
            self.label
        ));
    }

    /// A string that may be absent or null; kept untrimmed (texts).
    pub(super) fn opt_raw_str(&mut self, key: &str) -> Option<String> {
        match self.obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(v) => {
                self.type_error(key, "a string", v);
                None
            }
        }
    }

    pub(super) fn opt_str(&mut self, key: &str) -> Option<String> {
        self.opt_raw_str(key)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    }

    pub(super) fn req_str(&mut self, key: &str) -> Option<String> {
        if !self.obj.contains_key(key) {
            self.problems
                .error(format!("{}: missing `{key}`", self.label));
            return None;
        }
        let v = self.opt_str(key);
        if v.is_none()
            && self
                .obj
                .get(key)
                .is_some_and(|v| v.is_string() || v.is_null())
        {
            self.problems
                .error(format!("{}: `{key}` is empty", self.label));
        }
        v
    }

    /// A number or a string, as ids come in both.
    pub(super) fn opt_id(&mut self, key: &str) -> Option<String> {
        match self.obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => match whole_number(n) {
                Some(id) => Some(id),
                None => {
                    self.problems.error(format!(
                        "{}: `{key}` must be a whole number (at most 20 digits) or a string, \
                         found `{n}`",
                        self.label
                    ));
                    None
                }
            },
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Some(v) => {
                self.type_error(key, "a number or a string", v);
                None
            }
        }
    }

    pub(super) fn opt_array(&mut self, key: &str) -> Vec<Value> {
        match self.obj.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a.clone(),
            Some(v) => {
                self.type_error(key, "a list", v);
                Vec::new()
            }
        }
    }

    pub(super) fn req_object(&mut self, key: &str) -> Option<Map<String, Value>> {
        match self.obj.get(key) {
            None => {
                self.problems
                    .error(format!("{}: missing `{key}`", self.label));
                None
            }
            Some(Value::Object(m)) => Some(m.clone()),
            Some(v) => {
                self.type_error(key, "an object", v);
                None
            }
        }
    }

    pub(super) fn opt_date(&mut self, key: &str) -> Option<jiff::civil::Date> {
        let s = self.opt_str(key)?;
        // `2020-12-14` or a date-time whose day is meant.
        match s.get(..10).and_then(|d| d.parse().ok()) {
            Some(d) => Some(d),
            None => {
                self.problems.error(format!(
                    "{}: `{key}` is not a date: `{s}` (expected YYYY-MM-DD)",
                    self.label
                ));
                None
            }
        }
    }

    pub(super) fn req_time(&mut self, key: &str) -> Option<SourceTime> {
        let s = self.req_str(key)?;
        let t = SourceTime::parse(&s);
        if t.is_none() {
            self.problems.error(format!(
                "{}: `{key}` is not a date-time: `{s}` (expected e.g. 2020-12-14T09:00:00+01:00)",
                self.label
            ));
        }
        t
    }

    /// `HH:MM` or `HH:MM:SS`, in minutes, between 1 and [`MAX_MINUTES`].
    pub(super) fn req_duration(&mut self, key: &str) -> Option<i64> {
        let s = self.req_str(key)?;
        match parse_duration(&s) {
            Ok(m) => Some(m),
            Err(bad) => {
                let msg = bad.describe(&format!("`{key}`"), &s);
                self.problems.error(format!("{}: {msg}", self.label));
                None
            }
        }
    }

    /// The event's id for re-imports: `code` (pretalx), else the code in a pretalx talk URL,
    /// else the numeric `id` (frab), else the `guid`.
    pub(super) fn event_id(&mut self, system: System) -> Option<String> {
        let code = self.opt_str("code");
        let url_code = (system == System::Pretalx)
            .then(|| {
                self.obj
                    .get("url")
                    .and_then(Value::as_str)
                    .and_then(pretalx_code)
            })
            .flatten();
        let id = self.opt_id("id");
        let guid = self.opt_str("guid");
        let found = code.or(url_code).or(id).or(guid);
        if found.is_none() {
            self.problems.error(format!(
                "{}: no `code`, `id` or `guid`: talkgen needs one to recognise the event on re-import",
                self.label
            ));
        }
        found
    }
}

/// Why a duration was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadDuration {
    /// Not `HH:MM` or `HH:MM:SS` (digits only, minutes and seconds below 60).
    Syntax,
    /// Zero, or longer than [`MAX_MINUTES`].
    Span(BadSpan),
}

impl BadDuration {
    /// What is wrong with the duration `value` of the field `what`.
    pub fn describe(self, what: &str, value: &str) -> String {
        match self {
            BadDuration::Syntax => format!("{what} is not a positive HH:MM: `{value}`"),
            BadDuration::Span(BadSpan::TooLong) => {
                format!("{what} is `{value}`, longer than 99:59: no talk or break lasts that long")
            }
            BadDuration::Span(_) => {
                format!("{what} is `{value}`: a talk or break lasts at least a minute")
            }
        }
    }
}

/// `HH:MM` or `HH:MM:SS` → minutes (seconds round up), between 1 and [`MAX_MINUTES`].
pub fn parse_duration(s: &str) -> Result<i64, BadDuration> {
    let parts: Vec<&str> = s.trim().split(':').collect();
    let digits = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !(2..=3).contains(&parts.len()) || !parts.iter().all(digits) {
        return Err(BadDuration::Syntax);
    }
    // Digits only, so a number too big for u64 is a duration too long, not a typo.
    let num = |p: Option<&&str>| p.map_or(Ok(0), |p| p.parse::<u64>()).unwrap_or(u64::MAX);
    let (h, m, sec) = (num(parts.first()), num(parts.get(1)), num(parts.get(2)));
    if m >= 60 || sec >= 60 {
        return Err(BadDuration::Syntax);
    }
    let minutes = h
        .checked_mul(60)
        .and_then(|x| x.checked_add(m))
        .and_then(|x| x.checked_add(u64::from(sec > 0)))
        .and_then(|x| i64::try_from(x).ok());
    match minutes {
        Some(0) => Err(BadDuration::Span(BadSpan::NotAfter)),
        Some(x) if x <= MAX_MINUTES => Ok(x),
        _ => Err(BadDuration::Span(BadSpan::TooLong)),
    }
}

/// An id written as a JSON number: only whole numbers (JSON numbers beyond 64 bits, or with a
/// fraction or exponent, are floating point, and would not name the same entry next time).
pub fn whole_number(n: &Number) -> Option<String> {
    (n.is_u64() || n.is_i64()).then(|| n.to_string())
}

/// The submission code in a pretalx talk URL: `https://host/event/talk/G9JGWY/` → `G9JGWY`.
fn pretalx_code(url: &str) -> Option<String> {
    let mut it = url.trim_end_matches('/').rsplit('/');
    let code = it.next()?;
    (it.next()? == "talk"
        && !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
    .then(|| code.to_owned())
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    reason = "in tests a failed unwrap is a failed test"
)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("00:30"), Ok(30));
        assert_eq!(parse_duration("01:45"), Ok(105));
        assert_eq!(parse_duration("25:00"), Ok(1500));
        assert_eq!(parse_duration("00:30:00"), Ok(30));
        assert_eq!(parse_duration("00:30:01"), Ok(31));
        assert_eq!(parse_duration("99:59"), Ok(MAX_MINUTES));
        for bad in [
            "0:75",
            "half an hour",
            "-00:30",
            "01:-5",
            "+1:00",
            "1:00:00:00",
            ":30",
        ] {
            assert_eq!(parse_duration(bad), Err(BadDuration::Syntax), "{bad}");
        }
        assert_eq!(
            parse_duration("00:00"),
            Err(BadDuration::Span(BadSpan::NotAfter))
        );
        for long in [
            "100:00",
            "200000000:00",
            "9223372036854775807:00",
            "99999999999999999999:00",
            "00:30:99999999999999999999",
        ] {
            let want = if long.starts_with("00:30") {
                BadDuration::Syntax
            } else {
                BadDuration::Span(BadSpan::TooLong)
            };
            assert_eq!(parse_duration(long), Err(want), "{long}");
        }
    }

    #[test]
    fn ids_are_whole_numbers() {
        let n = |s: &str| serde_json::from_str::<Number>(s).unwrap();
        assert_eq!(whole_number(&n("42")).as_deref(), Some("42"));
        assert_eq!(whole_number(&n("-1")).as_deref(), Some("-1"));
        for bad in ["1.5", "1e300", "18446744073709551616"] {
            assert_eq!(whole_number(&n(bad)), None, "{bad}");
        }
    }

    #[test]
    fn codes_from_urls() {
        assert_eq!(
            pretalx_code("http://localhost/democon/talk/G9JGWY/").as_deref(),
            Some("G9JGWY")
        );
        assert_eq!(pretalx_code("https://x.org/events/10386.html"), None);
    }
}
