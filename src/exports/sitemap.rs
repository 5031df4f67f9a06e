//! `sitemap.xml` (sitemaps.org 0.9, written with quick-xml) and `robots.txt`.
//!
//! The sitemap protocol wants absolute URLs, so the sitemap is written only when the site has an
//! absolute base URL; `robots.txt` is always written and names the sitemap when there is one.

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::context::Context;
use crate::layout::{self, PageRef, Urls};

/// Writes `sitemap.xml`: every HTML page but the 404 and search pages.
pub fn write(cx: &Context, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let (site, urls) = (cx.site, &cx.views.urls);
    let mut locs: Vec<String> = PageRef::all(site)
        .iter()
        .filter(|p| !matches!(p, PageRef::NotFound | PageRef::Search | PageRef::Agenda))
        .map(|p| urls.absolute(&p.dir(site)))
        .collect();
    locs.sort();
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let written: std::io::Result<()> = (|| {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("urlset")
            .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
            .write_inner_content(|w| {
                for loc in &locs {
                    w.create_element("url").write_inner_content(|w| {
                        w.create_element("loc")
                            .write_text_content(BytesText::new(loc))?;
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(())
    })();
    written?;
    out.write_all(&w.into_inner())?;
    out.write_all(b"\n")
}

/// `robots.txt`: everything may be crawled; the sitemap is named when it exists.
pub fn write_robots(urls: &Urls, w: &mut impl std::io::Write) -> std::io::Result<()> {
    let mut s = String::from("User-agent: *\nAllow: /\n");
    if urls.is_absolute() {
        s.push_str(&format!("\nSitemap: {}\n", urls.absolute(layout::SITEMAP)));
    } else {
        s.push_str("\n# No sitemap: the site was built without an absolute base_url.\n");
    }
    w.write_all(s.as_bytes())
}
