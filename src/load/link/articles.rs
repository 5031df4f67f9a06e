//! The free-form pages of `content/pages/`: each file's slug checked against the paths talkgen
//! writes and the topic pages, then the pages put in navigation order.

use super::Linker;
use crate::diagnostics::Diagnostic;
use crate::layout::RESERVED_SLUGS;
use crate::load::parse::Parsed;
use crate::load::raw::RawArticle;
use crate::load::walk::Statics;
use crate::model::Article;

impl Linker<'_> {
    /// Adds every free-form page whose slug is free; topic pages are known by now.
    pub(super) fn add_articles(&mut self, files: Vec<Parsed<RawArticle>>, statics: &Statics) {
        for f in files {
            // A file whose name makes no slug was reported when it was parsed.
            let Some(slug) = f.slug else { continue };
            let taken =
                RESERVED_SLUGS.contains(&slug.as_str()) || statics.top.contains(slug.as_str());
            if taken || self.page_slugs.contains(&slug) {
                let why = if taken {
                    "a path talkgen writes"
                } else {
                    "a topic page of conference.yaml"
                };
                self.diags.push(
                    Diagnostic::error(&f.file, format!("page `{slug}` collides with {why}"))
                        .with_help("rename the file: its name is the page's URL"),
                );
                continue;
            }
            self.page_slugs.insert(slug.clone());
            self.pending.extend(f.links);
            self.articles.push(Article {
                slug,
                title: f.raw.title,
                description: f.raw.description,
                weight: f.raw.weight,
                nav: f.raw.nav,
                body: f.body,
                source: f.file,
            });
        }
        self.articles
            .sort_by(|a, b| (a.weight, &a.title, &a.slug).cmp(&(b.weight, &b.title, &b.slug)));
    }
}
