//! Summaries: a talk's or speaker's first words as plain text, for meta descriptions, cards and
//! previews, made once per build for pages and exports alike.

use crate::model::{Html, Speaker, Talk};

/// A talk's one-paragraph summary as plain text, for meta descriptions and previews: its
/// description, else the start of its abstract.
pub fn summary(talk: &Talk) -> String {
    let text = if talk.description.is_empty() {
        &talk.abstract_
    } else {
        &talk.description
    };
    shorten(&plain_start(&text.html), SUMMARY_CHARS)
}

/// A speaker's summary: the start of the bio.
pub fn speaker_summary(speaker: &Speaker) -> String {
    shorten(&plain_start(&speaker.bio.html), SUMMARY_CHARS)
}

/// The longest summary, in characters (before its ellipsis).
const SUMMARY_CHARS: usize = 300;

/// Enough of a text's plain form for a summary: one character more than the longest, so
/// [`shorten`] knows whether it cut the text.
fn plain_start(html: &Html) -> String {
    crate::markdown::html_text(html, SUMMARY_CHARS + 1)
}

/// Cuts `text` at a word boundary to at most `max` characters, adding an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_at_words() {
        assert_eq!(shorten("short", 10), "short");
        let s = shorten("one two three four five six", 12);
        assert_eq!(s, "one two…");
    }
}
