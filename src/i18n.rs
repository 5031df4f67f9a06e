//! The site's language: its `<html lang>` tag, dates and times written the way its readers write
//! them, and the theme's UI strings.
//!
//! Month and day names come from glibc's locale data (through chrono's `unstable-locales`, which
//! embeds `pure-rust-locales`), so no name is spelt here by hand; what this module adds is the
//! order of the parts, which glibc only gives for numeric dates. The UI strings live in
//! `theme/strings/<lang>.yaml`, embedded in the binary and parsed once; English is the fallback
//! for any key a translation lacks, and a site may override any key by name.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use jiff::civil::{Date, Time};

/// A language the theme ships strings and date formats for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    En,
    De,
    Fr,
    Es,
}

impl Language {
    /// Every language, English (the fallback) first.
    pub const ALL: [Language; 4] = [Language::En, Language::De, Language::Fr, Language::Es];

    /// The ISO 639-1 code, as written in `conference.yaml` and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::De => "de",
            Language::Fr => "fr",
            Language::Es => "es",
        }
    }

    /// The language's English name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::De => "German",
            Language::Fr => "French",
            Language::Es => "Spanish",
        }
    }

    fn from_code(code: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The glibc locale whose names a tag without a known region uses.
    fn default_data(self) -> chrono::Locale {
        match self {
            Language::En => chrono::Locale::en_GB,
            Language::De => chrono::Locale::de_DE,
            Language::Fr => chrono::Locale::fr_FR,
            Language::Es => chrono::Locale::es_ES,
        }
    }

    /// The embedded `theme/strings/<lang>.yaml`.
    fn strings_source(self) -> &'static str {
        match self {
            Language::En => include_str!("theme/strings/en.yaml"),
            Language::De => include_str!("theme/strings/de.yaml"),
            Language::Fr => include_str!("theme/strings/fr.yaml"),
            Language::Es => include_str!("theme/strings/es.yaml"),
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A language with an optional region (`de-CH`, `en-US`, `es-419`): what `language:` in
/// `conference.yaml` says.
///
/// The region picks glibc's regional names where they differ (Austrian German says "Jänner"),
/// and `en-US` writes dates month first and times with AM/PM; every other tag uses 24-hour times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locale {
    /// Normalised BCP 47 form: language lower case, region upper case, joined by `-`.
    tag: String,
    language: Language,
    /// glibc's locale for the names (the tag's own when glibc has it, else the language's).
    data: chrono::Locale,
}

impl Default for Locale {
    /// English, with 24-hour times and the day before the month ("Saturday 20 August 2016").
    fn default() -> Self {
        Locale {
            tag: "en".into(),
            language: Language::En,
            data: Language::En.default_data(),
        }
    }
}

impl Locale {
    /// Reads a tag such as `de`, `de-CH`, `en_GB` or `ES-mx` (case and `_` or `-` do not matter).
    /// The error says which languages there are.
    pub fn parse(input: &str) -> Result<Locale, String> {
        let trimmed = input.trim();
        let mut parts = trimmed.split(['-', '_']);
        let code = parts.next().unwrap_or("").to_ascii_lowercase();
        let Some(language) = Language::from_code(&code) else {
            let what = if trimmed.is_empty() {
                "an empty language".to_string()
            } else {
                format!("unknown language `{trimmed}`")
            };
            return Err(format!("{what}: {}", supported_languages()));
        };
        let region = match (parts.next(), parts.next()) {
            (None, _) => None,
            (Some(r), None) if is_region(r) => Some(r.to_ascii_uppercase()),
            _ => {
                return Err(format!(
                    "`{trimmed}` is not a language tag: after the language may come only a region \
                     of two letters or three digits, such as `{code}-{}` or `es-419`",
                    example_region(language)
                ))
            }
        };
        let (tag, data) = match region {
            None => (code, language.default_data()),
            Some(region) => {
                let data = chrono::Locale::from_str(&format!("{code}_{region}"))
                    .unwrap_or_else(|_| language.default_data());
                (format!("{code}-{region}"), data)
            }
        };
        Ok(Locale {
            tag,
            language,
            data,
        })
    }

    /// The tag for `<html lang>`: `en`, `de-CH`.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// The region of the tag, upper case (`CH`, `419`), if it has one.
    pub fn region(&self) -> Option<&str> {
        self.tag.split_once('-').map(|(_, r)| r)
    }

    fn style(&self) -> Style {
        match self.language {
            Language::En if self.region() == Some("US") => Style::EnUs,
            Language::En => Style::En,
            Language::De => Style::De,
            Language::Fr => Style::Fr,
            Language::Es => Style::Es,
        }
    }

    /// The plural form of a count, for picking `talk_count_one` or `talk_count_other`: French
    /// says "0 conférence", English "0 talks".
    pub fn plural(&self, n: u64) -> Plural {
        let one = match self.language {
            Language::Fr => n <= 1,
            _ => n == 1,
        };
        if one {
            Plural::One
        } else {
            Plural::Other
        }
    }

    /// A day with its weekday, for headings: "Saturday 20 August 2016", "Samstag, 20. August
    /// 2016", "samedi 20 août 2016", "sábado, 20 de agosto de 2016" ("Saturday, August 20, 2016"
    /// in en-US).
    pub fn day_label(&self, date: Date) -> String {
        let weekday = self.names(date, "%A");
        let day = self.date(date);
        match self.style() {
            Style::En | Style::Fr => format!("{weekday} {day}"),
            Style::EnUs | Style::De | Style::Es => format!("{weekday}, {day}"),
        }
    }

    /// A day in a few letters, for tabs and chips: "Sat 20 Aug", "Sa., 20. Aug.",
    /// "sam. 20 août", "sáb 20 ago" ("Sat, Aug 20" in en-US).
    pub fn day_short(&self, date: Date) -> String {
        let weekday = self.names(date, "%a");
        let day = self.day_number(date.day());
        match self.style() {
            Style::En => format!("{weekday} {day} {}", self.names(date, "%b")),
            Style::EnUs => format!("{weekday}, {} {day}", self.names(date, "%b")),
            // glibc's German abbreviations have no full stop ("Sa", "Aug"); German writes one,
            // and keeps short months whole ("Mai", "Juni") as the Duden does.
            Style::De => {
                let full = self.names(date, "%B");
                let month = if full.chars().count() <= 4 {
                    full
                } else {
                    with_stop(self.names(date, "%b"))
                };
                format!("{}, {day}. {month}", with_stop(weekday))
            }
            Style::Fr | Style::Es => format!("{weekday} {day} {}", self.names(date, "%b")),
        }
    }

    /// A date without its weekday: "20 August 2016", "20. August 2016", "1er août 2016",
    /// "20 de agosto de 2016" ("August 20, 2016" in en-US).
    pub fn date(&self, date: Date) -> String {
        let (day, month) = (self.day_number(date.day()), self.names(date, "%B"));
        let year = date.year();
        match self.style() {
            Style::En | Style::Fr => format!("{day} {month} {year}"),
            Style::EnUs => format!("{month} {day}, {year}"),
            Style::De => format!("{day}. {month} {year}"),
            Style::Es => format!("{day} de {month} de {year}"),
        }
    }

    /// A month, for an archive's index: "August 2016", "août 2016", "agosto de 2016". A month
    /// outside 1–12 is written `2016-13` rather than failing.
    pub fn month_label(&self, year: i16, month: i8) -> String {
        let Ok(first) = Date::new(year, month, 1) else {
            return format!("{year}-{month:02}");
        };
        let name = self.names(first, "%B");
        match self.style() {
            Style::Es => format!("{name} de {year}"),
            _ => format!("{name} {year}"),
        }
    }

    /// The dates of a conference, repeating only what changes: "19–21 August 2016",
    /// "30 August – 2 September 2016", "30 December 2016 – 2 January 2017"; "19.–21. August
    /// 2016", "19–21 août 2016", "19–21 de agosto de 2016", "August 19–21, 2016" (en-US). One
    /// day is one date; the two may come in either order.
    pub fn date_range(&self, start: Date, end: Date) -> String {
        let (start, end) = if start <= end {
            (start, end)
        } else {
            (end, start)
        };
        if start == end {
            return self.date(start);
        }
        if start.year() != end.year() {
            return format!("{} – {}", self.date(start), self.date(end));
        }
        let (d1, d2) = (self.day_number(start.day()), self.day_number(end.day()));
        let (m1, m2) = (self.names(start, "%B"), self.names(end, "%B"));
        let year = end.year();
        let same_month = start.month() == end.month();
        match (self.style(), same_month) {
            (Style::En | Style::Fr, true) => format!("{d1}–{d2} {m2} {year}"),
            (Style::En | Style::Fr, false) => format!("{d1} {m1} – {d2} {m2} {year}"),
            (Style::EnUs, true) => format!("{m2} {d1}–{d2}, {year}"),
            (Style::EnUs, false) => format!("{m1} {d1} – {m2} {d2}, {year}"),
            (Style::De, true) => format!("{d1}.–{d2}. {m2} {year}"),
            (Style::De, false) => format!("{d1}. {m1} – {d2}. {m2} {year}"),
            (Style::Es, true) => format!("{d1}–{d2} de {m2} de {year}"),
            (Style::Es, false) => format!("{d1} de {m1} – {d2} de {m2} de {year}"),
        }
    }

    /// A time of day: "10:00", or "10:00 AM" in en-US (the one region here that reads a
    /// 12-hour clock; its AM/PM come from glibc's en_US).
    pub fn time(&self, time: Time) -> String {
        if self.style() != Style::EnUs {
            return format!("{:02}:{:02}", time.hour(), time.minute());
        }
        let naive = chrono::NaiveTime::from_hms_opt(time.hour() as u32, time.minute() as u32, 0)
            .unwrap_or_default();
        chrono::NaiveDate::default()
            .and_time(naive)
            .and_utc()
            .format_localized("%-I:%M %p", self.data)
            .to_string()
    }

    /// The day of the month as a date writes it: French says "1er" for the first.
    fn day_number(&self, day: i8) -> String {
        if self.language == Language::Fr && day == 1 {
            "1er".into()
        } else {
            day.to_string()
        }
    }

    /// One of glibc's names of `date` (`%A`, `%a`, `%B`, `%b`) in this locale.
    fn names(&self, date: Date, spec: &str) -> String {
        to_chrono(date)
            .format_localized(spec, self.data)
            .to_string()
    }
}

impl FromStr for Locale {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Locale::parse(s)
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag)
    }
}

/// The plural form of a count (see [`Locale::plural`]); its [`Plural::suffix`] completes a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    One,
    Other,
}

impl Plural {
    /// `"one"` or `"other"`, as in `talk_count_one`.
    pub fn suffix(self) -> &'static str {
        match self {
            Plural::One => "one",
            Plural::Other => "other",
        }
    }
}

/// How a locale orders the parts of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    En,
    EnUs,
    De,
    Fr,
    Es,
}

fn to_chrono(date: Date) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(
        i32::from(date.year()),
        date.month() as u32,
        date.day() as u32,
    )
    .unwrap_or_default()
}

fn with_stop(abbreviation: String) -> String {
    if abbreviation.ends_with('.') {
        abbreviation
    } else {
        abbreviation + "."
    }
}

fn is_region(s: &str) -> bool {
    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic()))
        || (s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()))
}

fn example_region(language: Language) -> &'static str {
    match language {
        Language::En => "GB",
        Language::De => "CH",
        Language::Fr => "CA",
        Language::Es => "MX",
    }
}

fn supported_languages() -> String {
    let names: Vec<String> = Language::ALL
        .iter()
        .map(|l| format!("`{}` ({})", l.code(), l.name()))
        .collect();
    format!(
        "talkgen speaks {} and {}, each optionally with a region such as `de-CH`",
        names[..names.len() - 1].join(", "),
        names[names.len() - 1]
    )
}

/// The theme's UI strings in one language: key → text.
pub type Strings = BTreeMap<String, String>;

/// The built-in strings of a language, parsed from the embedded YAML on first use.
///
/// The files ship inside the binary and a unit test parses each, so a broken one cannot reach a
/// user; should one fail anyway, it reads as empty and English fills in.
fn builtin(language: Language) -> &'static Strings {
    static PARSED: [OnceLock<Strings>; 4] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    PARSED[language as usize].get_or_init(|| parse_strings(language).unwrap_or_default())
}

fn parse_strings(language: Language) -> Result<Strings, serde_yaml::Error> {
    serde_yaml::from_str(language.strings_source())
}

/// Every key a site may override: the keys of the English strings, sorted.
pub fn known_keys() -> impl Iterator<Item = &'static str> {
    builtin(Language::En).keys().map(String::as_str)
}

/// The UI strings for a site: its language's, English for any key the translation lacks, then
/// the site's `strings:` overrides. Every override with an unknown key is reported at once.
pub fn strings(locale: &Locale, overrides: &[(String, String)]) -> Result<Strings, StringsError> {
    let mut strings = with_fallback(builtin(locale.language));
    let unknown: Vec<UnknownKey> = overrides
        .iter()
        .filter_map(|(key, _)| check_key(key).err())
        .collect();
    if !unknown.is_empty() {
        return Err(StringsError { unknown });
    }
    for (key, text) in overrides {
        strings.insert(key.clone(), text.clone());
    }
    Ok(strings)
}

/// A translation completed with English: every known key, in the translation where it has one.
fn with_fallback(translation: &Strings) -> Strings {
    let mut strings = builtin(Language::En).clone();
    for (key, text) in translation {
        strings.insert(key.clone(), text.clone());
    }
    strings
}

/// Whether `key` is a UI string a site may override; the error suggests the nearest known key,
/// so `load` can report each key of `strings:` at its own line.
pub fn check_key(key: &str) -> Result<(), UnknownKey> {
    if builtin(Language::En).contains_key(key) {
        return Ok(());
    }
    let suggestion = known_keys()
        .map(|k| (strsim::damerau_levenshtein(key, k), k))
        .filter(|(d, k)| *d <= (key.len().max(k.len()) / 3).max(2))
        .min()
        .map(|(_, k)| k);
    Err(UnknownKey {
        key: key.to_string(),
        suggestion,
    })
}

/// A key of `strings:` that the theme has no string for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    pub key: String,
    /// The nearest known key, when one is near enough to be a misspelling.
    pub suggestion: Option<&'static str>,
}

impl UnknownKey {
    /// "did you mean `nav_schedule`?", or where the keys are listed.
    pub fn help(&self) -> String {
        match self.suggestion {
            Some(k) => format!("did you mean `{k}`?"),
            None => "the keys are those of the theme's strings/en.yaml".into(),
        }
    }
}

impl fmt::Display for UnknownKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown UI string `{}`: {}", self.key, self.help())
    }
}

impl std::error::Error for UnknownKey {}

/// The overrides [`strings`] refused, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringsError {
    pub unknown: Vec<UnknownKey>,
}

impl fmt::Display for StringsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, key) in self.unknown.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{key}")?;
        }
        Ok(())
    }
}

impl std::error::Error for StringsError {}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    fn loc(tag: &str) -> Locale {
        Locale::parse(tag).unwrap()
    }

    fn placeholders(text: &str) -> Vec<&str> {
        let mut found: Vec<&str> = text
            .match_indices('{')
            .filter_map(|(i, _)| text[i..].find('}').map(|j| &text[i..=i + j]))
            .collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn every_language_file_parses_with_exactly_the_english_keys() {
        let english = parse_strings(Language::En).unwrap();
        assert!(english.len() >= 71, "{}", english.len());
        for language in Language::ALL {
            let strings = parse_strings(language).unwrap_or_else(|e| panic!("{language}: {e}"));
            let missing: Vec<_> = english
                .keys()
                .filter(|k| !strings.contains_key(*k))
                .collect();
            let extra: Vec<_> = strings
                .keys()
                .filter(|k| !english.contains_key(*k))
                .collect();
            assert!(missing.is_empty(), "{language} lacks {missing:?}");
            assert!(extra.is_empty(), "{language} has unknown keys {extra:?}");
            for (key, text) in &strings {
                assert!(!text.trim().is_empty(), "{language}: {key} is empty");
                assert_eq!(
                    placeholders(text),
                    placeholders(&english[key]),
                    "{language}: {key} must keep the English placeholders"
                );
            }
        }
    }

    #[test]
    fn english_has_the_contract_keys() {
        for key in [
            "skip_to_content",
            "nav_schedule",
            "talk_count_one",
            "talk_count_other",
            "times_local",
            "page_n_of",
            "print_schedule",
        ] {
            assert!(known_keys().any(|k| k == key), "{key}");
        }
        assert_eq!(builtin(Language::En)["page_n_of"], "Page {n} of {total}");
    }

    #[test]
    fn day_labels_in_every_language() {
        let d = date(2016, 8, 20);
        assert_eq!(loc("en").day_label(d), "Saturday 20 August 2016");
        assert_eq!(loc("de").day_label(d), "Samstag, 20. August 2016");
        assert_eq!(loc("fr").day_label(d), "samedi 20 août 2016");
        assert_eq!(loc("es").day_label(d), "sábado, 20 de agosto de 2016");
        assert_eq!(loc("en-US").day_label(d), "Saturday, August 20, 2016");
        assert_eq!(
            loc("fr").day_label(date(2016, 9, 1)),
            "jeudi 1er septembre 2016"
        );
        assert_eq!(Locale::default().day_label(d), "Saturday 20 August 2016");
    }

    #[test]
    fn short_days_in_every_language() {
        let d = date(2016, 8, 20);
        assert_eq!(loc("en").day_short(d), "Sat 20 Aug");
        assert_eq!(loc("de").day_short(d), "Sa., 20. Aug.");
        assert_eq!(loc("de").day_short(date(2016, 5, 3)), "Di., 3. Mai");
        assert_eq!(loc("de").day_short(date(2016, 6, 3)), "Fr., 3. Juni");
        assert_eq!(loc("fr").day_short(d), "sam. 20 août");
        assert_eq!(loc("es").day_short(d), "sáb 20 ago");
        assert_eq!(loc("en-US").day_short(d), "Sat, Aug 20");
    }

    #[test]
    fn regional_names_come_from_the_region() {
        assert_eq!(loc("de-AT").month_label(2017, 1), "Jänner 2017");
        assert_eq!(loc("de-CH").month_label(2017, 1), "Januar 2017");
        // A region glibc does not know uses the language's names.
        assert_eq!(loc("de-US").month_label(2017, 1), "Januar 2017");
    }

    #[test]
    fn month_labels() {
        assert_eq!(loc("en").month_label(2016, 8), "August 2016");
        assert_eq!(loc("de").month_label(2016, 8), "August 2016");
        assert_eq!(loc("fr").month_label(2016, 8), "août 2016");
        assert_eq!(loc("es").month_label(2016, 8), "agosto de 2016");
        assert_eq!(loc("en").month_label(2016, 13), "2016-13");
    }

    #[test]
    fn ranges_repeat_only_what_changes() {
        let (a, b) = (date(2016, 8, 19), date(2016, 8, 21));
        let (c, d) = (date(2016, 8, 30), date(2016, 9, 2));
        let (e, f) = (date(2016, 12, 30), date(2017, 1, 2));
        let en = loc("en");
        assert_eq!(en.date_range(a, b), "19–21 August 2016");
        assert_eq!(en.date_range(c, d), "30 August – 2 September 2016");
        assert_eq!(en.date_range(e, f), "30 December 2016 – 2 January 2017");
        assert_eq!(en.date_range(a, a), "19 August 2016");
        assert_eq!(en.date_range(b, a), "19–21 August 2016");
        let de = loc("de");
        assert_eq!(de.date_range(a, b), "19.–21. August 2016");
        assert_eq!(de.date_range(c, d), "30. August – 2. September 2016");
        assert_eq!(de.date_range(e, f), "30. Dezember 2016 – 2. Januar 2017");
        let fr = loc("fr");
        assert_eq!(fr.date_range(a, b), "19–21 août 2016");
        assert_eq!(fr.date_range(c, d), "30 août – 2 septembre 2016");
        assert_eq!(fr.date_range(date(2016, 9, 1), d), "1er–2 septembre 2016");
        let es = loc("es");
        assert_eq!(es.date_range(a, b), "19–21 de agosto de 2016");
        assert_eq!(
            es.date_range(c, d),
            "30 de agosto – 2 de septiembre de 2016"
        );
        assert_eq!(es.date_range(a, a), "19 de agosto de 2016");
        let us = loc("en-US");
        assert_eq!(us.date_range(a, b), "August 19–21, 2016");
        assert_eq!(us.date_range(c, d), "August 30 – September 2, 2016");
        assert_eq!(us.date_range(e, f), "December 30, 2016 – January 2, 2017");
    }

    #[test]
    fn times_are_24_hour_except_in_the_us() {
        for tag in ["en", "en-GB", "de", "fr-CA", "es-MX"] {
            assert_eq!(loc(tag).time(time(10, 0, 0, 0)), "10:00", "{tag}");
            assert_eq!(loc(tag).time(time(0, 5, 0, 0)), "00:05", "{tag}");
        }
        let us = loc("en-US");
        assert_eq!(us.time(time(10, 0, 0, 0)), "10:00 AM");
        assert_eq!(us.time(time(13, 30, 0, 0)), "1:30 PM");
        assert_eq!(us.time(time(0, 5, 0, 0)), "12:05 AM");
    }

    #[test]
    fn tags_parse_case_insensitively_with_a_region() {
        assert_eq!(loc("de").tag(), "de");
        assert_eq!(loc("de-CH").tag(), "de-CH");
        assert_eq!(loc("en_GB").tag(), "en-GB");
        assert_eq!(loc("ES-mx").tag(), "es-MX");
        assert_eq!(loc(" fr ").tag(), "fr");
        assert_eq!(loc("es-419").tag(), "es-419");
        assert_eq!(loc("es-419").region(), Some("419"));
        assert_eq!(loc("es-MX").language(), Language::Es);
        assert_eq!(Locale::default().tag(), "en");
        assert_eq!(Locale::default(), loc("en"));
        assert_eq!("de-ch".parse::<Locale>().unwrap().to_string(), "de-CH");
    }

    #[test]
    fn bad_tags_name_the_supported_languages() {
        let err = Locale::parse("it").unwrap_err();
        assert_eq!(
            err,
            "unknown language `it`: talkgen speaks `en` (English), `de` (German), `fr` (French) \
             and `es` (Spanish), each optionally with a region such as `de-CH`"
        );
        assert!(Locale::parse("")
            .unwrap_err()
            .starts_with("an empty language:"));
        for bad in ["de-Schweiz", "de-CH-1996", "en-", "fr-C1"] {
            let err = Locale::parse(bad).unwrap_err();
            assert!(err.contains("is not a language tag"), "{bad}: {err}");
        }
    }

    #[test]
    fn plurals() {
        let (en, fr) = (loc("en"), loc("fr"));
        assert_eq!(en.plural(1), Plural::One);
        assert_eq!(en.plural(0), Plural::Other);
        assert_eq!(fr.plural(0), Plural::One);
        assert_eq!(fr.plural(2).suffix(), "other");
    }

    #[test]
    fn strings_translate_fall_back_and_take_overrides() {
        let de = strings(&loc("de-CH"), &[]).unwrap();
        assert_eq!(de["nav_schedule"], "Programm");
        assert_eq!(de.len(), known_keys().count());
        let over = [("nav_schedule".to_string(), "Fahrplan".to_string())];
        let de = strings(&loc("de"), &over).unwrap();
        assert_eq!(de["nav_schedule"], "Fahrplan");
        assert_eq!(de["nav_talks"], "Vorträge");
        assert_eq!(
            strings(&loc("fr"), &[]).unwrap()["filter_track"],
            "Parcours\u{a0}:"
        );
    }

    #[test]
    fn english_fills_in_what_a_translation_lacks() {
        let partial: Strings = [("nav_home".to_string(), "Start".to_string())].into();
        let strings = with_fallback(&partial);
        assert_eq!(strings["nav_home"], "Start");
        assert_eq!(strings["nav_talks"], "Talks");
        assert_eq!(strings.len(), known_keys().count());
    }

    #[test]
    fn unknown_override_names_the_key_and_the_nearest() {
        let over = [
            ("nav_shedule".to_string(), "Plan".to_string()),
            ("nav_home".to_string(), "Start".to_string()),
            ("completely_else".to_string(), "x".to_string()),
        ];
        let err = strings(&loc("en"), &over).unwrap_err();
        assert_eq!(err.unknown.len(), 2);
        assert_eq!(err.unknown[0].key, "nav_shedule");
        assert_eq!(err.unknown[0].suggestion, Some("nav_schedule"));
        assert_eq!(
            err.unknown[0].to_string(),
            "unknown UI string `nav_shedule`: did you mean `nav_schedule`?"
        );
        assert_eq!(err.unknown[1].suggestion, None);
        assert!(check_key("bio_of").is_ok());
    }
}
