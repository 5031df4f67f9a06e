//! Languages (placeholder until the i18n module lands: parsing only).

/// A supported language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    En,
    De,
    Fr,
    Es,
}

/// A language tag as written (`de-CH`) and the language the theme speaks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locale {
    tag: String,
    language: Language,
}

impl Default for Locale {
    fn default() -> Locale {
        Locale {
            tag: "en".into(),
            language: Language::En,
        }
    }
}

impl Locale {
    pub fn parse(s: &str) -> Result<Locale, String> {
        let s = s.trim().replace('_', "-");
        let (lang, region) = s.split_once('-').unwrap_or((&s, ""));
        let language = match lang.to_ascii_lowercase().as_str() {
            "en" => Language::En,
            "de" => Language::De,
            "fr" => Language::Fr,
            "es" => Language::Es,
            _ => {
                return Err(format!(
                    "unsupported language `{s}`: talkgen speaks en, de, fr and es"
                ))
            }
        };
        let tag = if region.is_empty() {
            lang.to_ascii_lowercase()
        } else {
            format!(
                "{}-{}",
                lang.to_ascii_lowercase(),
                region.to_ascii_uppercase()
            )
        };
        Ok(Locale { tag, language })
    }
    pub fn tag(&self) -> &str {
        &self.tag
    }
    pub fn language(&self) -> Language {
        self.language
    }
}

impl Locale {
    /// Placeholder: English labels.
    pub fn day_label(&self, d: jiff::civil::Date) -> String {
        d.strftime("%A %-d %B %Y").to_string()
    }
    pub fn day_short(&self, d: jiff::civil::Date) -> String {
        d.strftime("%a %-d %b").to_string()
    }
    pub fn month_label(&self, year: i16, month: i8) -> String {
        jiff::civil::date(year, month, 1)
            .strftime("%B %Y")
            .to_string()
    }
    pub fn time(&self, t: jiff::civil::Time) -> String {
        t.strftime("%H:%M").to_string()
    }
    pub fn date_range(&self, s: jiff::civil::Date, e: jiff::civil::Date) -> String {
        if s == e {
            s.strftime("%-d %B %Y").to_string()
        } else {
            format!("{} – {}", s.strftime("%-d %B %Y"), e.strftime("%-d %B %Y"))
        }
    }
}

/// Placeholder: no strings.
pub fn strings(
    _l: &Locale,
    overrides: &[(String, String)],
) -> Result<Vec<(String, String)>, String> {
    Ok(overrides.to_vec())
}
