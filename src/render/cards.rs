//! A talk's card in a list (`partials/talk_item.html`), rendered once per build and shared by
//! every list that shows the talk: `talks/`, its track's, level's and tags' pages and the
//! overview. At 20,000 talks each card was rendered about five times, half of all the time
//! spent in templates.
//!
//! A card is rendered with `talk`, `site` and `t` only, so it is the same on every list; a
//! speaker's page renders its cards itself, without that speaker among the people.

use rayon::prelude::*;
use tera::{Context, Value};

use super::{render_error, Capped, Renderer};
use crate::diagnostics::Result;
use crate::layout;
use crate::model::{Site, TalkId};
use crate::render::Views;

/// The template of a card.
const CARD: &str = "partials/talk_item.html";

/// How many cards share one buffer.
const BLOCK: usize = 1024;

/// Every talk's card, by talk id, in buffers of [`BLOCK`] cards with where each card ends (~30
/// MB at 20,000 talks; as 20,000 strings they took a tenth more).
pub struct Cards(Vec<(String, Vec<usize>)>);

impl Cards {
    /// The card of `id`, as a safe string a list template writes as it is.
    fn get(&self, id: TalkId) -> Value {
        let (html, ends) = &self.0[id.index() / BLOCK];
        let i = id.index() % BLOCK;
        let start = i.checked_sub(1).map_or(0, |before| ends[before]);
        Value::safe_string(&html[start..ends[i]])
    }
}

impl Renderer {
    /// Renders every talk's card, on every core.
    pub fn cards(&self, site: &Site, views: &Views) -> Result<Cards> {
        let ids: Vec<TalkId> = site.talk_ids().collect();
        let mut blocks = Vec::with_capacity(ids.len().div_ceil(BLOCK));
        for block in ids.chunks(BLOCK) {
            let made: Vec<String> = (block.par_iter())
                .map(|id| self.card(site, views, *id))
                .collect::<Result<_>>()?;
            let mut html = String::with_capacity(made.iter().map(String::len).sum());
            let mut ends = Vec::with_capacity(made.len());
            for card in made {
                html.push_str(&card);
                ends.push(html.len());
            }
            blocks.push((html, ends));
        }
        Ok(Cards(blocks))
    }

    /// The cards of `ids`, in that order: from `cards` when the build made them, else rendered
    /// now (`serve` renders the few lists an edit touches).
    pub(super) fn card_list(
        &self,
        site: &Site,
        views: &Views,
        cards: Option<&Cards>,
        ids: &[TalkId],
    ) -> Result<Value> {
        let list = ids.iter().map(|id| match cards {
            Some(cards) => Ok(cards.get(*id)),
            None => self
                .card(site, views, *id)
                .map(|html| Value::safe_string(&html)),
        });
        Ok(Value::from(list.collect::<Result<Vec<_>>>()?))
    }

    fn card(&self, site: &Site, views: &Views, id: TalkId) -> Result<String> {
        let mut ctx = Context::new();
        ctx.insert_value("talk", views.talks[id.index()].clone());
        let mut html = Vec::with_capacity(2048);
        let mut capped = Capped {
            html: &mut html,
            over: false,
        };
        let rendered = self.tera.render_to(CARD, &ctx, &mut capped);
        let what = || format!("the card of {}", layout::talk(&site.talk(id).slug));
        if capped.over {
            return Err(super::too_big(CARD, &what()));
        }
        rendered.map_err(|e| render_error(&e, CARD, &what(), &self.files))?;
        // Tera writes only text: nothing is replaced, nothing copied.
        Ok(String::from_utf8(html)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }
}
