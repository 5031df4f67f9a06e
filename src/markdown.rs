//! Markdown to safe HTML, done once per text at load time.
//!
//! pulldown-cmark escapes text itself; what it passes through untouched is raw HTML and link
//! destinations. So raw HTML goes through ammonia (unless the site trusts its authors), and links
//! are filtered to safe schemes here, which keeps the common case (no raw HTML) fast.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

use crate::model::{Html, Markdown, PLAIN_START};

/// How Markdown is turned into HTML for one build.
#[derive(Debug, Clone)]
pub struct MarkdownOptions {
    /// Prefix for site-relative links (`/talks/x/`), e.g. `/pybay/2016/`. Always ends with `/`.
    pub base_path: String,
    /// Pass raw HTML through unsanitised. Only for sites whose every author is trusted.
    pub trusted_html: bool,
    /// Only find the links: write no HTML or plain text (see `LoadOptions::validate_only`).
    pub validate_only: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            base_path: "/".into(),
            trusted_html: false,
            validate_only: false,
        }
    }
}

/// True for destinations a page may link to: http(s), mailto, fragments and relative paths.
pub fn is_safe_link(dest: &str) -> bool {
    // Browsers ignore ASCII whitespace and control characters inside a scheme (`java\tscript:`).
    let cleaned: String = dest
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned.find(':') {
        None => true,
        Some(colon) => {
            // A colon after the first `/`, `?` or `#` is not a scheme separator.
            if cleaned[..colon].contains(['/', '?', '#']) {
                return true;
            }
            matches!(&cleaned[..colon], "http" | "https" | "mailto")
        }
    }
}

/// A link in Markdown to a path of the site (`/talks/x/`), as written, with the byte offset of the
/// link in the source, so `load` can check that the page or file exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteLink {
    pub dest: String,
    pub offset: usize,
}

/// Renders `source` to HTML with site-relative links prefixed by the base path.
pub fn render(source: &str, opts: &MarkdownOptions) -> Markdown {
    render_with_links(source, opts).0
}

/// What one pass over the Markdown events finds besides the HTML.
#[derive(Default)]
struct Found {
    links: Vec<SiteLink>,
    /// The text without markup, before whitespace is folded.
    plain: String,
    has_raw_html: bool,
}

/// The events of `source`, links rewritten for the site, noting what [`Found`] holds on the way.
fn events<'a>(
    source: &'a str,
    opts: &'a MarkdownOptions,
    found: &'a mut Found,
) -> impl Iterator<Item = Event<'a>> + 'a {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_FOOTNOTES);
    Parser::new_ext(source, options)
        .into_offset_iter()
        .map(move |(event, range)| {
            let mut note = |dest: &str| {
                if dest.starts_with('/') && !dest.starts_with("//") {
                    found.links.push(SiteLink {
                        dest: dest.to_owned(),
                        offset: range.start,
                    });
                }
            };
            match event {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    note(&dest_url);
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url: rewrite_dest(dest_url, opts),
                        title,
                        id,
                    })
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    note(&dest_url);
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url: rewrite_dest(dest_url, opts),
                        title,
                        id,
                    })
                }
                Event::Html(_) | Event::InlineHtml(_) => {
                    found.has_raw_html = true;
                    event
                }
                Event::Text(ref t) | Event::Code(ref t) => {
                    found.plain.push_str(t);
                    event
                }
                Event::SoftBreak | Event::HardBreak | Event::End(_) => {
                    found.plain.push(' ');
                    event
                }
                other => other,
            }
        })
}

/// [`render`], also returning the site-relative links found, in source order.
pub fn render_with_links(source: &str, opts: &MarkdownOptions) -> (Markdown, Vec<SiteLink>) {
    let mut found = Found::default();
    if opts.validate_only {
        events(source, opts, &mut found).for_each(drop);
        let empty = Markdown {
            source: source.to_owned(),
            html: Html::default(),
            plain_start: String::new(),
        };
        return (empty, found.links);
    }
    let mut out = String::with_capacity(source.len() + source.len() / 4);
    html::push_html(&mut out, events(source, opts, &mut found));
    if found.has_raw_html && !opts.trusted_html {
        out = ammonia::Builder::default()
            .link_rel(Some("noopener noreferrer"))
            .clean(&out)
            .to_string();
    }
    // Only the start of the text is kept, for summaries: the whole of it, for every text, was
    // ~29 MB at 20,000 talks, and the one other reader (the search index) reads it again.
    let mut plain = fold_whitespace(&found.plain);
    if let Some((cut, _)) = plain.char_indices().nth(PLAIN_START) {
        plain.truncate(cut);
    }
    plain.shrink_to_fit();
    (
        Markdown {
            source: source.to_owned(),
            html: Html::new(&out),
            plain_start: plain,
        },
        found.links,
    )
}

/// The whole text of `source` without its markup, whitespace folded: what
/// [`Markdown::plain_start`] holds the start of.
pub fn plain_text(source: &str) -> String {
    let mut found = Found::default();
    let opts = MarkdownOptions::default();
    events(source, &opts, &mut found).for_each(drop);
    fold_whitespace(&found.plain)
}

/// `text` with every run of whitespace made one space, and none at the ends.
fn fold_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn rewrite_dest<'a>(dest: CowStr<'a>, opts: &MarkdownOptions) -> CowStr<'a> {
    if !is_safe_link(&dest) {
        return CowStr::Borrowed("#");
    }
    if dest.starts_with('/') && !dest.starts_with("//") && opts.base_path != "/" {
        return CowStr::Boxed(format!("{}{}", opts.base_path, &dest[1..]).into_boxed_str());
    }
    dest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(src: &str) -> String {
        render(src, &MarkdownOptions::default()).html.to_string()
    }

    #[test]
    fn renders_paragraphs_and_lists() {
        let h = html("Hello *world*\n\n- a\n- b\n");
        assert!(h.contains("<p>Hello <em>world</em></p>"), "{h}");
        assert!(h.contains("<li>a</li>"), "{h}");
    }

    #[test]
    fn strips_scripts_and_handlers() {
        let h = html("x <script>alert(1)</script> <img src=x onerror=alert(1)>");
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("onerror"), "{h}");
    }

    #[test]
    fn neutralises_javascript_links() {
        for src in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](&#x6a;avascript:alert(1))",
            "[x](java%09script:alert(1))",
            "[x](<java\tscript:alert(1)>)",
            "[x](data:text/html,hi)",
        ] {
            let h = html(src);
            assert!(!h.to_lowercase().contains("script:"), "{src} -> {h}");
            assert!(!h.contains("data:"), "{src} -> {h}");
        }
        assert!(html("[x](https://example.org/a:b)").contains("https://example.org/a:b"));
        assert!(html("[x](/talks/a/)").contains("href=\"/talks/a/\""));
    }

    #[test]
    fn strips_svg_mathml_and_style_tricks() {
        for src in [
            "<svg><animate onbegin=alert(1) attributeName=x dur=1s></svg>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<math href=\"javascript:alert(1)\">x</math>",
            "<a href=\"&#x6a;avascript:alert(1)\">x</a>",
            "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "<form action=\"https://evil.example/\"><input name=x></form>",
            "<javascript:alert(1)>",
            "![x](javascript:alert(1))",
        ] {
            let h = html(src).to_lowercase();
            for bad in [
                "<svg",
                "<math",
                "<style",
                "<iframe",
                "<form",
                "<input",
                "onerror",
                "onbegin",
                "javascript:",
                "style=",
            ] {
                assert!(
                    !h.contains(bad) || (bad == "javascript:" && !h.contains("href=\"javascript")),
                    "{src} -> {h}"
                );
            }
        }
    }

    #[test]
    fn records_site_links_with_offsets() {
        let src = "a [t](/talks/x/) b ![i](/img/y.png) [e](https://e.org/) [p](//cdn/x)";
        let (_, links) = render_with_links(src, &MarkdownOptions::default());
        let dests: Vec<&str> = links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(dests, ["/talks/x/", "/img/y.png"]);
        assert_eq!(&src[links[0].offset..links[0].offset + 4], "[t](");
    }

    #[test]
    fn site_links_get_the_base_path() {
        let opts = MarkdownOptions {
            base_path: "/pybay/2016/".into(),
            ..MarkdownOptions::default()
        };
        let h = render(
            "[overview](/) and [t](/talks/a/) and [e](https://x.org/)",
            &opts,
        )
        .html;
        assert!(h.contains("href=\"/pybay/2016/\""), "{h}");
        assert!(h.contains("href=\"/pybay/2016/talks/a/\""), "{h}");
        assert!(h.contains("href=\"https://x.org/\""), "{h}");
    }

    #[test]
    fn trusted_html_passes_through() {
        let opts = MarkdownOptions {
            base_path: "/".into(),
            trusted_html: true,
            ..MarkdownOptions::default()
        };
        let h = render("<iframe src=\"https://v.example/\"></iframe>", &opts).html;
        assert!(h.contains("<iframe"), "{h}");
    }

    #[test]
    fn keeps_the_start_of_the_plain_text_and_gives_the_whole_on_demand() {
        let long = format!("*Intro* {} **end-word**", "word ".repeat(100));
        let md = render(&long, &MarkdownOptions::default());
        assert_eq!(md.plain_start.chars().count(), PLAIN_START);
        assert!(md.plain_start.starts_with("Intro word word"));
        let whole = plain_text(&long);
        assert!(whole.starts_with(&md.plain_start));
        assert!(whole.ends_with("end-word"), "{whole}");
        let short = render("A *short* text.", &MarkdownOptions::default());
        assert_eq!(short.plain_start, plain_text("A *short* text."));
    }
}
