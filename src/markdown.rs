//! Markdown to safe HTML, done once per text at load time.
//!
//! pulldown-cmark escapes text itself; what it passes through untouched is raw HTML and link
//! destinations. So raw HTML goes through ammonia (unless the site trusts its authors), and links
//! are filtered to safe schemes here, which keeps the common case (no raw HTML) fast.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

use crate::model::{Html, Markdown};

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

/// What makes a site path (`/…`) lead off the site in a browser, if anything: the URL standard
/// strips tabs and line breaks anywhere in a URL and reads `\` as `/` in http(s) URLs, so
/// `/\t/evil.example` and `/\evil.example` both mean `//evil.example`, another host. Other
/// control characters have no place in a path either.
pub fn site_path_hazard(dest: &str) -> Option<&'static str> {
    if dest.contains(['\t', '\n', '\r']) {
        Some("a tab or line break (browsers remove them)")
    } else if dest.contains('\\') {
        Some("a backslash (browsers read it as `/`)")
    } else if dest.contains(char::is_control) {
        Some("a control character")
    } else {
        None
    }
}

/// True when a browser reads `dest` as a path on the page's own host, or would once tabs, line
/// breaks and leading controls are dropped and `\` read as `/` (such a link is checked as a
/// site link, and refused); a plain `//host/` link is written as one means it, off the site.
fn is_site_path(dest: &str) -> bool {
    if dest.starts_with("//") {
        return false;
    }
    let seen = dest
        .trim_start_matches(|c: char| c.is_ascii_control() || c == ' ')
        .chars()
        .find(|c| !matches!(c, '\t' | '\n' | '\r'));
    matches!(seen, Some('/' | '\\'))
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
                if is_site_path(dest) {
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
                other => other,
            }
        })
}

/// [`render`], also returning the site-relative links found, in source order.
pub fn render_with_links(source: &str, opts: &MarkdownOptions) -> (Markdown, Vec<SiteLink>) {
    let mut found = Found::default();
    if opts.validate_only {
        // A link to a site path needs a `[`: inline, reference and footnote links and images
        // all start with one, and autolinks (`<https://…>`) always carry a scheme. Most texts
        // have none, and their parse was most of `check`'s Markdown time.
        if source.contains('[') {
            events(source, opts, &mut found).for_each(drop);
        }
        return (Markdown::new(source, Html::default()), found.links);
    }
    let mut out = String::with_capacity(source.len() + source.len() / 4);
    html::push_html(&mut out, events(source, opts, &mut found));
    let html = if found.has_raw_html && !opts.trusted_html {
        let clean = ammonia::Builder::default()
            .link_rel(Some("noopener noreferrer"))
            .clean(&out)
            .to_string();
        Html::new(&clean)
    } else {
        Html::new(&out)
    };
    (Markdown::new(source, html), found.links)
}

/// The text of HTML without its markup, as summaries and the search index want it: tags
/// dropped (those that start a block or a line become a space), character references decoded,
/// every run of whitespace one space and none at the ends. Stops after `limit` characters.
///
/// It reads the HTML this module writes (pulldown-cmark's, or ammonia's when there was raw
/// HTML), so the model need not keep a plain copy of every text: that was ~29 MB at 20,000
/// talks. Comments are skipped; a named reference other than the ones HTML writers emit
/// (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;`) is kept as written.
pub fn html_text(html: &str, limit: usize) -> String {
    let mut out = Plain {
        text: String::with_capacity(html.len().min(limit.saturating_mul(4))),
        chars: 0,
        limit,
        space: false,
    };
    let mut rest = html;
    while !out.full() {
        let Some(at) = memchr::memchr2(b'<', b'&', rest.as_bytes()) else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |end| &rest[end + 3..]);
        } else if rest.starts_with('<') {
            match tag(rest) {
                Some((len, block)) => {
                    if block {
                        out.space = true;
                    }
                    rest = &rest[len..];
                }
                None => {
                    out.push_str("<");
                    rest = &rest[1..];
                }
            }
        } else {
            let (decoded, len) = reference(rest);
            match decoded {
                Some(c) => out.push(c),
                None => out.push_str(&rest[..len]),
            }
            rest = &rest[len..];
        }
    }
    out.text
}

/// [`html_text`]'s output, folding whitespace as it goes.
struct Plain {
    text: String,
    chars: usize,
    limit: usize,
    /// A space is due before the next character (never at the start).
    space: bool,
}

impl Plain {
    fn full(&self) -> bool {
        self.chars >= self.limit
    }

    fn push(&mut self, c: char) {
        let mut buf = [0; 4];
        self.push_str(c.encode_utf8(&mut buf));
    }

    /// Word by word: most of a text is runs of letters, copied whole. Bytes, not chars: only a
    /// byte past ASCII needs decoding to know whether it starts a space.
    fn push_str(&mut self, s: &str) {
        let bytes = s.as_bytes();
        // The length of the character at `i` (a character boundary), and whether it is a space.
        let at = |i: usize| -> (usize, bool) {
            match bytes[i] {
                b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' => (1, true),
                b if b < 0x80 => (1, false),
                _ => s[i..]
                    .chars()
                    .next()
                    .map_or((1, false), |c| (c.len_utf8(), c.is_whitespace())),
            }
        };
        let mut i = 0;
        while i < bytes.len() && !self.full() {
            let (len, space) = at(i);
            if space {
                self.space = true;
                i += len;
                continue;
            }
            let start = i;
            i += len;
            while i < bytes.len() {
                let (len, space) = at(i);
                if space {
                    break;
                }
                i += len;
            }
            self.push_word(&s[start..i]);
        }
    }

    fn push_word(&mut self, word: &str) {
        if self.space && !self.text.is_empty() {
            self.text.push(' ');
            self.chars += 1;
        }
        self.space = false;
        if self.limit == usize::MAX {
            self.text.push_str(word);
            return;
        }
        let room = self.limit.saturating_sub(self.chars);
        let cut = if word.len() <= room {
            word.len()
        } else {
            word.char_indices().nth(room).map_or(word.len(), |(i, _)| i)
        };
        self.text.push_str(&word[..cut]);
        self.chars += word[..cut].chars().count();
    }
}

/// The length of the tag `html` starts with, and whether it separates words (any element but
/// the inline ones). `None` when the `<` starts no tag.
fn tag(html: &str) -> Option<(usize, bool)> {
    let bytes = html.as_bytes();
    let name_at = if bytes.get(1) == Some(&b'/') { 2 } else { 1 };
    let name_len = bytes[name_at..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 && !matches!(bytes.get(1), Some(b'!' | b'?')) {
        return None;
    }
    let name = &html[name_at..name_at + name_len];
    // Attribute values may hold a `>` (ammonia does not escape it there).
    let mut quote = None;
    let end = bytes[name_at + name_len..]
        .iter()
        .position(|&b| match quote {
            Some(q) => {
                if b == q {
                    quote = None;
                }
                false
            }
            None if b == b'"' || b == b'\'' => {
                quote = Some(b);
                false
            }
            None => b == b'>',
        })
        .map_or(html.len(), |i| name_at + name_len + i + 1);
    const INLINE: &[&str] = &[
        "a", "abbr", "b", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s",
        "small", "span", "strong", "sub", "sup", "u",
    ];
    let inline = INLINE.iter().any(|t| t.eq_ignore_ascii_case(name));
    Some((end, !inline))
}

/// The character a reference (`&amp;`, `&#233;`, `&#xe9;`) at the start of `html` stands for,
/// and its length; `None` with the length of what to keep as written.
fn reference(html: &str) -> (Option<char>, usize) {
    let Some(semi) = html[1..].find(';').filter(|&i| i <= 10).map(|i| i + 1) else {
        return (None, 1);
    };
    let body = &html[1..semi];
    let c = match body {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let number = match body.strip_prefix('#') {
                Some(hex) if hex.starts_with(['x', 'X']) => u32::from_str_radix(&hex[1..], 16).ok(),
                Some(dec) => dec.parse().ok(),
                None => None,
            };
            number.and_then(char::from_u32)
        }
    };
    (c, semi + 1)
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

    fn text(src: &str) -> String {
        html_text(&html(src), usize::MAX)
    }

    #[test]
    fn plain_text_is_the_html_without_markup() {
        assert_eq!(text("A *short* text."), "A short text.");
        assert_eq!(
            text("# Title\n\nOne **bold** and `code`.\n\n- a\n- b & c\n\nx < y > z \"q\""),
            "Title One bold and code. a b & c x < y > z \"q\""
        );
        assert_eq!(text("[a link](https://x.org/?a=1&b=2) here"), "a link here");
        assert_eq!(text("a  \nhard break\nsoft"), "a hard break soft");
        // Raw HTML goes through ammonia: attribute values may hold `>`; comments are dropped.
        assert_eq!(
            text("<p title=\"a>b\">in</p><!-- note -->out &eacute; &#233;&#xE9;"),
            "in out é éé"
        );
        assert_eq!(
            html_text("a &bogus; b &amp c &", 100),
            "a &bogus; b &amp c &"
        );
        assert_eq!(html_text("1 < 2", 100), "1 < 2");
        assert_eq!(html_text("<p>end</p", 100), "end");
        assert_eq!(text(""), "");
        // Spaces beyond ASCII fold too; letters beyond ASCII stay whole.
        assert_eq!(
            html_text("<p>a\u{2003}b\u{a0}\u{a0}c ée\tñ</p>", 100),
            "a b c ée ñ"
        );
    }

    #[test]
    fn plain_text_stops_at_the_limit() {
        let long = format!("*Intro* {} **end-word**", "word ".repeat(100));
        let whole = text(&long);
        assert!(whole.starts_with("Intro word word"), "{whole}");
        assert!(whole.ends_with("word end-word"), "{whole}");
        let start = html_text(&html(&long), 301);
        assert_eq!(start.chars().count(), 301);
        assert!(whole.starts_with(&start));
        // The limit counts characters, not bytes.
        assert_eq!(html_text("<p>ééé é</p>", 5), "ééé é");
        assert_eq!(html_text("<p>ééé é</p>", 4), "ééé ");
    }

    #[test]
    fn validation_finds_the_same_links_as_rendering() {
        let check = MarkdownOptions {
            validate_only: true,
            ..MarkdownOptions::default()
        };
        for src in [
            "no links at all, <https://example.org/> and <me@example.org>",
            "</talks/x/> is not an autolink, nor is </speakers/y/>",
            "<a href=\"/talks/raw/\">raw HTML is not a Markdown link</a>",
            "[t](/talks/x/) and ![i](/img/y.png)",
            "[ref]\n\n[ref]: /talks/z/",
            "text[^1]\n\n[^1]: see [here](/tracks/a/)",
            "[x]: /unused/\n",
        ] {
            let (_, rendered) = render_with_links(src, &MarkdownOptions::default());
            let (_, checked) = render_with_links(src, &check);
            assert_eq!(checked, rendered, "{src}");
        }
        let (_, links) = render_with_links("[t](/talks/x/)", &check);
        assert_eq!(links.len(), 1);
    }
}
