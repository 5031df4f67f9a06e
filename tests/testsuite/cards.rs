//! The talk cards of the lists (`partials/talk_item.html`): a build renders each once and every
//! list shows that card; a site's own card replaces the theme's on every list, and a mistake in
//! it is reported at its line.

use std::fs;
use std::path::Path;

use crate::support::common::*;
use crate::support::outputs::*;

/// A site of three talks in two tracks, one level and a shared tag.
fn site(card: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("content");
    fs::create_dir_all(c.join("talks")).unwrap();
    fs::create_dir_all(c.join("speakers")).unwrap();
    fs::create_dir_all(dir.path().join("templates/partials")).unwrap();
    fs::write(
        c.join("conference.yaml"),
        "name: Card Conf\ntracks:\n  - slug: main\n    name: Main\n  - slug: side\n    name: Side\n\
         levels: [intro]\n",
    )
    .unwrap();
    fs::write(
        c.join("speakers/ada.md"),
        "---\nname: Ada Lovelace\n---\nAda.\n",
    )
    .unwrap();
    for (i, track) in [(1, "main"), (2, "main"), (3, "side")] {
        fs::write(
            c.join(format!("talks/t{i}.md")),
            format!(
                "---\ntitle: Talk {i}\nspeakers: [ada]\ntrack: {track}\nlevel: intro\n\
                 tags: [rust]\n---\nAbout {i}.\n"
            ),
        )
        .unwrap();
    }
    fs::write(dir.path().join("templates/partials/talk_item.html"), card).unwrap();
    dir
}

/// The slugs of the cards the page at `rel` shows, in order.
fn cards(out: &Path, rel: &str) -> Vec<String> {
    let html = read(out.join(rel).join("index.html"));
    html.split("<li class=\"mine\" data-slug=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect()
}

#[test]
fn a_sites_own_card_is_what_every_list_shows() {
    let card = "<li class=\"mine\" data-slug=\"{{ talk.slug }}\">{{ talk.title }} · {{ site.name }} · {{ t.nav_talks }}</li>";
    let root = site(card);
    let (_tmp, out, _) = build_ok(root.path(), &[]);
    assert_eq!(cards(&out, "talks"), ["t1", "t2", "t3"]);
    assert_eq!(cards(&out, "tracks/main"), ["t1", "t2"]);
    assert_eq!(cards(&out, "tracks/side"), ["t3"]);
    assert_eq!(cards(&out, "levels/intro"), ["t1", "t2", "t3"]);
    assert_eq!(cards(&out, "tags/rust"), ["t1", "t2", "t3"]);
    // The overview of a small programme lists them too, and a speaker's page renders its own.
    assert_eq!(cards(&out, ""), ["t1", "t2", "t3"]);
    assert_eq!(cards(&out, "speakers/ada"), ["t1", "t2", "t3"]);
    // The card sees the talk, the site and the theme's words; its links are the page's.
    let list = read(out.join("tracks/side/index.html"));
    assert!(list.contains(">Talk 3 · Card Conf · Talks</li>"), "{list}");
}

#[test]
fn the_built_in_card_is_the_same_on_every_list() {
    let root = site("");
    fs::remove_file(root.path().join("templates/partials/talk_item.html")).unwrap();
    let (_tmp, out, _) = build_ok(root.path(), &[]);
    let card_of = |rel: &str, slug: &str| {
        let html = read(out.join(rel).join("index.html"));
        let at = html
            .find(&format!("data-talk=\"{slug}\""))
            .expect("the card");
        let start = html[..at].rfind("<li").unwrap();
        let end = at + html[at..].find("\n</li>").unwrap();
        html[start..end].to_owned()
    };
    // Pages at the same depth show the same card, byte for byte, with its star and links.
    let card = card_of("tracks/side", "t3");
    assert!(card.contains("data-star=\"t3\""), "{card}");
    assert!(card.contains("href=\"../../talks/t3/\""), "{card}");
    assert!(card.contains(">Ada Lovelace<"), "{card}");
    for rel in ["levels/intro", "tags/rust"] {
        assert_eq!(card_of(rel, "t3"), card, "{rel}");
    }
    // One folder up, the same card with its links one step shorter.
    assert_eq!(card_of("talks", "t3").replace("\"../", "\"../../"), card);
}

#[test]
fn a_mistake_in_the_card_is_reported_at_its_line() {
    let root = site("<li>\n{{ talk.title | truncate(length=\"x\") }}</li>");
    let run = talkgen(&["build"], root.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("templates/partials/talk_item.html:2"),
        "{}",
        run.stderr
    );
    assert!(!root.path().join("public").exists(), "nothing written");
}
