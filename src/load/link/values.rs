//! Values written as strings in the YAML (URLs, dates, slot times) turned into typed ones.

use jiff::civil::{Date, DateTime};

use crate::model::Link;

/// Accepts http(s) URLs and site-relative paths; anything else (javascript:, data:, file:) is
/// refused because it would end up in an `href` or `src`. A site path must stay on the site in
/// a browser too: see [`crate::markdown::site_path_hazard`].
pub fn parse_link(s: &str) -> std::result::Result<Link, String> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        if t.contains(char::is_whitespace) {
            return Err(format!("`{}` contains spaces", t.escape_debug()));
        }
        if t.contains(char::is_control) {
            return Err(format!(
                "`{}` contains a control character",
                t.escape_debug()
            ));
        }
        return Ok(Link(t.to_owned()));
    }
    if t.starts_with('/') && !t.starts_with("//") && !t.contains("..") {
        if let Some(why) = crate::markdown::site_path_hazard(t) {
            return Err(format!(
                "the site path `{}` holds {why}, so browsers would leave the site",
                t.escape_debug()
            ));
        }
        return Ok(Link(t.to_owned()));
    }
    Err(format!(
        "`{}` is not an http(s) URL or a path starting with `/`",
        t.escape_debug()
    ))
}

/// Checks a base URL, from `base_url` in `conference.yaml` or `--base-url` alike: an absolute
/// http(s) URL with a host, no whitespace or control characters (a line break would add lines
/// to `robots.txt`), no backslash, query or fragment (every URL of the site is made by
/// appending a path to it). The trailing `/` is optional: [`crate::layout::Urls`] adds it.
pub fn check_base_url(url: &str) -> std::result::Result<(), String> {
    let shown = url.escape_debug();
    if url.contains(|c: char| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "`{shown}` contains whitespace or a control character"
        ));
    }
    let lower = url.to_ascii_lowercase();
    let rest = (lower.strip_prefix("https://"))
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or_else(|| {
            format!("`{shown}` is not an absolute http(s) URL (e.g. https://example.org/)")
        })?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Err(format!("`{shown}` has no host"));
    }
    if url.contains(['\\', '?', '#']) {
        return Err(format!(
            "`{shown}` holds `\\`, `?` or `#`; a base URL is a scheme, a host and a path"
        ));
    }
    Ok(())
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
        for hostile in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\\evil.example",
            "/a\u{1}b",
        ] {
            assert!(parse_link(hostile).is_err(), "{hostile:?}");
        }
    }

    #[test]
    fn base_urls() {
        assert!(check_base_url("https://example.org").is_ok());
        assert!(check_base_url("http://example.org/pybay/2016/").is_ok());
        for bad in [
            "https://example.org/\nSitemap: https://evil.example/s.xml",
            "https://exa mple.org/",
            "ftp://example.org/",
            "/pybay/",
            "https:///x",
            "https://example.org/?q",
            "https://example.org\\evil.example/",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad:?}");
        }
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
