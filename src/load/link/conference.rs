//! The event itself from `conference.yaml`: its dates, time zone and `base_url` checked.

use jiff::civil::Time;

use super::values::{parse_date, parse_datetime, parse_link};
use super::Linker;
use crate::colors::Color;
use crate::diagnostics::Diagnostic;
use crate::i18n::Locale;
use crate::load::raw::{RawBreak, RawCallToAction, RawConference};
use crate::model::{Branding, Break, Conference, Link, DEFAULT_DAY_CHANGE, DEFAULT_FEED_LIMIT};

impl Linker<'_> {
    /// The conference, with its tracks, levels and pages already taken out of `raw` (they are
    /// linked on their own).
    pub(super) fn conference(&mut self, raw: RawConference) -> Conference {
        let RawConference {
            name,
            tagline,
            description,
            start_date,
            end_date,
            timezone,
            venue,
            rooms,
            base_url,
            levels: _,
            tracks: _,
            pages: _,
            trusted_html: _,
            language,
            strings,
            logo,
            favicon,
            social_image,
            accent,
            links,
            day_change,
            feed_limit,
            breaks,
            offline,
        } = raw;
        let start_date = self.date("start_date", start_date);
        let end_date = self.date("end_date", end_date);
        if let (Some(s), Some(e)) = (start_date, end_date) {
            if e < s {
                self.diags.push(
                    Diagnostic::error(&self.conf_file, "`end_date` is before `start_date`")
                        .at(self.at_conf("end_date", &e.to_string())),
                );
            }
        }
        let tz = timezone.as_deref().and_then(|name| self.time_zone(name));
        if let Some(url) = &base_url {
            self.check_base_url(url);
        }
        let locale = match language.as_deref().map(Locale::parse) {
            None => Locale::default(),
            Some(Ok(l)) => l,
            Some(Err(e)) => {
                let written = language.as_deref().unwrap_or_default();
                self.diags.push(
                    Diagnostic::error(&self.conf_file, format!("invalid `language`: {e}"))
                        .at(self.at_conf("language", written)),
                );
                Locale::default()
            }
        };
        let branding = Branding {
            logo: logo.and_then(|l| self.conf_link("logo", &l)),
            favicon: favicon.and_then(|l| self.conf_link("favicon", &l)),
            social_image: social_image.and_then(|l| self.conf_link("social_image", &l)),
            accent: accent.and_then(|c| self.color("accent", &c)),
        };
        let links = links
            .into_iter()
            .filter_map(|RawCallToAction { label, url }| {
                Some((label, self.conf_link("url", &url)?))
            })
            .collect();
        let day_change = match day_change {
            None => DEFAULT_DAY_CHANGE,
            Some(text) => self.day_change(&text).unwrap_or(DEFAULT_DAY_CHANGE),
        };
        let feed_limit = match feed_limit {
            None => DEFAULT_FEED_LIMIT,
            Some(0) => {
                self.diags.push(
                    Diagnostic::error(&self.conf_file, "`feed_limit` must be at least 1")
                        .at(self.at_conf("feed_limit", "0")),
                );
                DEFAULT_FEED_LIMIT
            }
            Some(n) => n as usize,
        };
        let mut breaks: Vec<Break> = breaks
            .into_iter()
            .filter_map(|b| self.break_(b, tz.as_ref()))
            .collect();
        breaks.sort_by(|a, b| (a.start, &a.room).cmp(&(b.start, &b.room)));
        for (key, value) in &strings.0 {
            if let Err(unknown) = crate::i18n::check_key(key) {
                self.diags.push(
                    Diagnostic::error(
                        &self.conf_file,
                        format!("unknown UI string `{key}` in `strings`"),
                    )
                    .at(self.at_conf(key, value))
                    .with_help(unknown.help()),
                );
            }
        }
        Conference {
            locale,
            strings: strings.0,
            branding,
            links,
            day_change,
            feed_limit,
            breaks,
            offline: offline.unwrap_or(true),
            name,
            tagline,
            start_date,
            end_date,
            timezone: tz,
            timezone_name: timezone,
            venue,
            rooms: rooms.into_iter().map(|r| r.trim().to_owned()).collect(),
            base_url,
            description: self.render_md(description.as_deref(), "description"),
        }
    }

    /// A link written for `key` in `conference.yaml`, reported where written when it is not one.
    fn conf_link(&mut self, key: &str, url: &str) -> Option<Link> {
        match parse_link(url) {
            Ok(l) => Some(l),
            Err(e) => {
                self.diags.push(
                    Diagnostic::error(&self.conf_file, format!("invalid `{key}` `{url}`: {e}"))
                        .at(self.at_conf(key, url)),
                );
                None
            }
        }
    }

    /// A colour written for `key` (`accent`, a track's `color`).
    pub(super) fn color(&mut self, key: &str, text: &str) -> Option<Color> {
        match Color::parse(text) {
            Ok(c) => Some(c),
            Err(e) => {
                self.diags.push(
                    Diagnostic::error(&self.conf_file, format!("invalid `{key}` `{text}`: {e}"))
                        .at(self.at_conf(key, text))
                        .with_help("write colours as #rrggbb, e.g. \"#0b57d0\""),
                );
                None
            }
        }
    }

    /// `day_change`: a time of day, `HH:MM`.
    fn day_change(&mut self, text: &str) -> Option<Time> {
        let parsed = text.trim().parse::<Time>().ok();
        if parsed.is_none() {
            self.diags.push(
                Diagnostic::error(&self.conf_file, format!("invalid `day_change` `{text}`"))
                    .at(self.at_conf("day_change", text))
                    .with_help("write the time of day a conference day ends, e.g. \"04:00\""),
            );
        }
        parsed
    }

    /// One of `breaks`: its times in the conference's time zone, ending after they start.
    fn break_(&mut self, b: RawBreak, tz: Option<&jiff::tz::TimeZone>) -> Option<Break> {
        let start = parse_datetime(&b.start, tz);
        let end = parse_datetime(&b.end, tz);
        for (key, raw, parsed) in [("start", &b.start, start), ("end", &b.end, end)] {
            if parsed.is_none() {
                self.diags.push(
                    Diagnostic::error(&self.conf_file, format!("invalid break {key} `{raw}`"))
                        .at(self.at_conf(key, raw))
                        .with_help("write times as 2016-08-20T12:00:00 (local)"),
                );
            }
        }
        let (start, end) = (start?, end?);
        if end <= start {
            self.diags.push(
                Diagnostic::error(
                    &self.conf_file,
                    format!("the break `{}` ends before it starts", b.title),
                )
                .at(self.at_conf("end", &b.end)),
            );
            return None;
        }
        let room = b
            .room
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty());
        Some(Break {
            title: b.title,
            start,
            end,
            room,
        })
    }

    /// The date written for `key`, if any, reported when it is not `YYYY-MM-DD`.
    fn date(&mut self, key: &str, v: Option<String>) -> Option<jiff::civil::Date> {
        let v = v?;
        let d = parse_date(&v);
        if d.is_none() {
            self.diags.push(
                Diagnostic::error(&self.conf_file, format!("invalid date `{v}` for `{key}`"))
                    .at(self.at_conf(key, &v))
                    .with_help("write dates as YYYY-MM-DD"),
            );
        }
        d
    }

    /// The time zone named `name`, reported when the IANA database has no such zone.
    fn time_zone(&mut self, name: &str) -> Option<jiff::tz::TimeZone> {
        match jiff::tz::TimeZone::get(name) {
            Ok(tz) => Some(tz),
            Err(_) => {
                let help = match crate::load::locate::nearest_zone(name) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => {
                        "use an IANA name such as `Europe/Berlin` or `America/Los_Angeles`".into()
                    }
                };
                self.diags.push(
                    Diagnostic::error(&self.conf_file, format!("unknown time zone `{name}`"))
                        .at(self.at_conf("timezone", name))
                        .with_help(help),
                );
                None
            }
        }
    }

    /// `base_url` must be an absolute http(s) URL: feeds, sitemaps and previews are made from it.
    fn check_base_url(&mut self, url: &str) {
        if let Err(e) = super::values::check_base_url(url.trim()) {
            let mut d = Diagnostic::error(&self.conf_file, format!("invalid `base_url`: {e}"))
                .at(self.at_conf("base_url", url));
            if let Some(fixed) = with_scheme(url) {
                d = d.with_help(format!("write `base_url: {fixed}`"));
            }
            self.diags.push(d);
        }
    }
}

/// `example.org/conf` → `https://example.org/conf/`: a `base_url` written without its scheme
/// (a host name with a dot before the first `/`, no spaces).
fn with_scheme(url: &str) -> Option<String> {
    let url = url.trim();
    let host = url.split('/').next()?;
    if url.contains("://") || url.contains(char::is_whitespace) || !host.contains('.') {
        return None;
    }
    let slash = if url.ends_with('/') { "" } else { "/" };
    Some(format!("https://{url}{slash}"))
}
