//! Slugs and URLs to output paths: whatever a file name or a YAML value holds, an accepted slug
//! maps to one safe path segment, and an accepted link is http(s) or a site path.
#![no_main]

use libfuzzer_sys::fuzz_target;
use talkgen::load::parse_link;
use talkgen::markdown::is_safe_link;
use talkgen::model::Slug;
use talkgen::layout;

fn assert_safe_rel(rel: &str, slug: &str) {
    assert!(!rel.starts_with('/'), "{rel}");
    assert!(!rel.contains('\\'), "{rel}");
    assert!(!rel.split('/').any(|s| s == ".." || s == "."), "{rel}");
    assert!(rel.contains(slug), "{rel}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(slug) = Slug::parse(s) {
        let slug_text = slug.as_str();
        assert!(!slug_text.is_empty() && !slug_text.contains(['/', '.', ' ']));
        for rel in [
            layout::talk(&slug),
            layout::speaker(&slug),
            layout::track(&slug),
            layout::level(&slug),
            layout::topic(&slug),
        ] {
            assert_safe_rel(&rel, slug_text);
            assert_eq!(
                rel.matches('/').count(),
                if rel == layout::topic(&slug) { 1 } else { 2 }
            );
        }
    }
    // A suggested slug is always a valid one.
    if let Some(suggested) = Slug::from_text(s) {
        assert!(Slug::parse(suggested.as_str()).is_ok(), "{suggested:?}");
    }
    if let Ok(link) = parse_link(s) {
        let l = link.as_str().to_ascii_lowercase();
        assert!(
            l.starts_with("http://")
                || l.starts_with("https://")
                || (l.starts_with('/') && !l.starts_with("//")),
            "{l}"
        );
        assert!(!l.starts_with('/') || !l.contains(".."), "{l}");
    }
    if is_safe_link(s) {
        let cleaned: String = s
            .chars()
            .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
            .collect::<String>()
            .to_ascii_lowercase();
        for scheme in ["javascript:", "vbscript:", "data:", "file:"] {
            assert!(!cleaned.starts_with(scheme), "{s:?} passed as safe");
        }
    }
});
