//! Values written as strings in the YAML (URLs, dates, slot times) turned into typed ones.

use jiff::civil::{Date, DateTime};

use crate::model::Link;

/// Accepts http(s) URLs and site-relative paths; anything else (javascript:, data:, file:) is
/// refused because it would end up in an `href` or `src`.
pub fn parse_link(s: &str) -> std::result::Result<Link, String> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        if t.contains(char::is_whitespace) {
            return Err(format!("`{t}` contains spaces"));
        }
        return Ok(Link(t.to_owned()));
    }
    if t.starts_with('/') && !t.starts_with("//") && !t.contains("..") {
        return Ok(Link(t.to_owned()));
    }
    Err(format!(
        "`{t}` is not an http(s) URL or a path starting with `/`"
    ))
}

/// A date written `YYYY-MM-DD`, exactly ten characters.
pub(super) fn parse_date(s: &str) -> Option<Date> {
    (s.len() == 10).then(|| s.parse::<Date>().ok()).flatten()
}

/// A slot time: local (`2016-08-20T10:00:00`) or with an offset, then converted to the
/// conference's local time when it has a time zone.
pub(super) fn parse_datetime(s: &str, tz: Option<&jiff::tz::TimeZone>) -> Option<DateTime> {
    let s = s.trim();
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return Some(match tz {
            Some(tz) => ts.to_zoned(tz.clone()).datetime(),
            None => s.parse::<DateTime>().ok()?,
        });
    }
    s.parse::<DateTime>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links() {
        assert!(parse_link("https://example.org/x").is_ok());
        assert!(parse_link("/images/a.jpg").is_ok());
        assert!(parse_link("javascript:alert(1)").is_err());
        assert!(parse_link("JAVASCRIPT:alert(1)").is_err());
        assert!(parse_link("//evil.example/").is_err());
        assert!(parse_link("data:text/html,x").is_err());
        assert!(parse_link("/../etc/passwd").is_err());
    }

    #[test]
    fn datetimes() {
        let tz = jiff::tz::TimeZone::get("America/Los_Angeles").unwrap();
        assert_eq!(
            parse_datetime("2016-08-20T10:00:00", Some(&tz))
                .unwrap()
                .to_string(),
            "2016-08-20T10:00:00"
        );
        assert_eq!(
            parse_datetime("2016-08-20T17:00:00Z", Some(&tz))
                .unwrap()
                .to_string(),
            "2016-08-20T10:00:00"
        );
        assert!(parse_datetime("2016-13-20T10:00:00", None).is_none());
        assert!(parse_date("2016-02-30").is_none());
        assert!(parse_date("2016-02-29").is_some());
    }
}
