//! `sitemap.xml` (sitemaps.org 0.9, written with quick-xml) and `robots.txt`.
//!
//! The sitemap protocol wants absolute URLs, so the sitemap is written only when the site has an
//! absolute base URL; `robots.txt` is always written and names the sitemap when there is one.

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use crate::diagnostics::{Diagnostic, Diagnostics, Error, Result};
use crate::model::Site;
use crate::render::{PageRef, Urls};

/// The bytes of `sitemap.xml`: every HTML page but the 404 and search pages.
pub fn sitemap(site: &Site, urls: &Urls, pages: &[PageRef]) -> Result<Vec<u8>> {
    let mut locs: Vec<String> = pages
        .iter()
        .filter(|p| !matches!(p, PageRef::NotFound | PageRef::Search))
        .map(|p| urls.absolute(p.output_path(site).trim_end_matches("index.html")))
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
    written.map_err(|e| {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::error(
            "sitemap.xml",
            format!("cannot write: {e}"),
        ));
        Error::Content(d)
    })?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

/// `robots.txt`: everything may be crawled; the sitemap is named when it exists.
pub fn robots(urls: &Urls) -> String {
    let mut s = String::from("User-agent: *\nAllow: /\n");
    if urls.is_absolute() {
        s.push_str(&format!("\nSitemap: {}\n", urls.absolute(super::SITEMAP)));
    } else {
        s.push_str("\n# No sitemap: the site was built without an absolute base_url.\n");
    }
    s
}
