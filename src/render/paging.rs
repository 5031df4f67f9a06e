//! The `paginator` value of a list split into pages: where this page is, the neighbours, and a
//! short window of page numbers (first, last, and two either side of this one), so a list of
//! 200 pages links 7 of them, not 200.

use tera::Value;

use super::views::{Obj, Views};
use crate::layout::{self, PageNo, PageRef};
use crate::model::Site;

/// Page numbers shown either side of the current one.
const WINDOW: u32 = 2;

/// The paginator of `page` (page `n` of a list of `len`, `per` to a page), none when the list
/// fits on one page.
pub fn paginator(
    views: &Views,
    page: PageRef,
    n: PageNo,
    len: usize,
    per: usize,
    site: &Site,
) -> Value {
    let total = layout::page_count(len, per);
    if total <= 1 {
        return Value::none();
    }
    let url = |k: u32| {
        page.with_number(PageNo(k))
            .map(|p| views.urls.path(&p.dir(site)))
    };
    let shown = numbers(n.0, total);
    let pages: Vec<Value> = shown
        .iter()
        .enumerate()
        .map(|(i, &k)| {
            Obj::new()
                .set("number", k)
                .set("url", url(k))
                .set("current", k == n.0)
                .set("gap_before", i > 0 && shown[i - 1] + 1 != k)
                .build()
        })
        .collect();
    Obj::new()
        .set("number", n.0)
        .set("total_pages", total)
        .set("total_items", len)
        .set("previous_url", (n.0 > 1).then(|| url(n.0 - 1)).flatten())
        .set("next_url", (n.0 < total).then(|| url(n.0 + 1)).flatten())
        .set("pages", pages)
        .build()
}

/// The page numbers a paginator shows for page `n` of `total`.
fn numbers(n: u32, total: u32) -> Vec<u32> {
    let lo = n.saturating_sub(WINDOW).max(1);
    let hi = (n + WINDOW).min(total);
    let mut v = vec![1];
    v.extend((lo..=hi).filter(|k| *k != 1 && *k != total));
    if total > 1 {
        v.push(total);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::numbers;

    #[test]
    fn a_window_of_numbers() {
        assert_eq!(numbers(1, 2), vec![1, 2]);
        assert_eq!(numbers(1, 200), vec![1, 2, 3, 200]);
        assert_eq!(numbers(100, 200), vec![1, 98, 99, 100, 101, 102, 200]);
        assert_eq!(numbers(200, 200), vec![1, 198, 199, 200]);
        assert_eq!(numbers(3, 5), vec![1, 2, 3, 4, 5]);
    }
}
