//! The event itself from `conference.yaml`: its dates, time zone and `base_url` checked.

use super::values::{parse_date, parse_link};
use super::Linker;
use crate::diagnostics::Diagnostic;
use crate::load::raw::RawConference;
use crate::model::Conference;

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
        Conference {
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
                self.diags.push(
                    Diagnostic::error(&self.conf_file, format!("unknown time zone `{name}`"))
                        .at(self.at_conf("timezone", name))
                        .with_help(
                            "use an IANA name such as `Europe/Berlin` or `America/Los_Angeles`",
                        ),
                );
                None
            }
        }
    }

    /// `base_url` must be an absolute http(s) URL: feeds, sitemaps and previews are made from it.
    fn check_base_url(&mut self, url: &str) {
        if let Err(e) = parse_link(url).and_then(|l| {
            if l.is_site_relative() {
                Err("base_url must be an absolute http(s) URL".into())
            } else {
                Ok(l)
            }
        }) {
            self.diags.push(
                Diagnostic::error(&self.conf_file, format!("invalid `base_url`: {e}"))
                    .at(self.at_conf("base_url", url)),
            );
        }
    }
}
