//! The conference.yaml keys and content of issue 19 (branding, language, breaks, day change,
//! feed limit, free-form pages) and what they do to the written site: pagination, relative
//! links, `--file-links`, the favicon. Each site is written here, small, for the one thing.

use std::fs;

use crate::support::common::*;
use crate::support::outputs::*;

/// A site in a temp folder: `conference` is the whole conference.yaml; each talk is
/// `(slug, front matter lines)`, all in track `main` unless the lines say otherwise.
fn write_site(conference: &str, talks: &[(String, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    fs::create_dir_all(content.join("talks")).unwrap();
    fs::create_dir_all(content.join("speakers")).unwrap();
    fs::write(content.join("conference.yaml"), conference).unwrap();
    fs::write(
        content.join("speakers/ada.md"),
        "---\nname: Ada Lovelace\n---\nShe wrote the first program.\n",
    )
    .unwrap();
    for (slug, front) in talks {
        fs::write(
            content.join(format!("talks/{slug}.md")),
            format!("---\n{front}\n---\nAn abstract.\n"),
        )
        .unwrap();
    }
    dir
}

const CONF: &str = "name: Keys Conf\ntimezone: Europe/Berlin\ntracks:\n  - slug: main\n    name: Main\n  - slug: side\n    name: Side\n";

fn talk(i: usize, extra: &str) -> (String, String) {
    (
        format!("talk-{i:03}"),
        format!(
            "title: Talk {i:03}\nspeakers: [ada]\ntrack: main\ndescription: Number {i}.\n{extra}"
        ),
    )
}

#[test]
fn bad_values_of_the_new_keys_are_errors_at_their_line() {
    let conf = format!(
        "{CONF}language: klingon\naccent: \"#12345\"\nday_change: \"25:00\"\nfeed_limit: 0\nstrings:\n  nav_shedule: Programm\nbreaks:\n  - title: Lunch\n    start: 2026-05-04T13:00:00\n    end: 2026-05-04T12:00:00\n"
    );
    let site = write_site(&conf, &[talk(1, "")]);
    let run = talkgen(
        &["check", "--root", site.path().to_str().unwrap()],
        site.path(),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let err = &run.stderr;
    for (what, line) in [
        ("invalid `language`", 8),
        ("invalid `accent`", 9),
        ("invalid `day_change`", 10),
        ("`feed_limit` must be at least 1", 11),
        ("unknown UI string `nav_shedule`", 13),
        ("the break `Lunch` ends before it starts", 17),
    ] {
        assert!(err.contains(what), "{what} missing:\n{err}");
        assert!(
            err.contains(&format!("content/conference.yaml:{line}:")),
            "{what} not at line {line}:\n{err}"
        );
    }
    assert!(err.contains("did you mean `nav_schedule`?"), "{err}");
    assert!(err.contains("`de` (German)"), "{err}");
}

#[test]
fn long_lists_are_split_into_pages_that_link_each_other() {
    let talks: Vec<_> = (0..250).map(|i| talk(i, "")).collect();
    let site = write_site(CONF, &talks);
    let (_tmp, out, _) = build_ok(site.path(), &[]);
    let count = |page: &str| read(out.join(page)).matches("href=\"../").count();
    for dir in ["talks/", "tracks/main/"] {
        let first = read(out.join(format!("{dir}index.html")));
        let third = read(out.join(format!("{dir}page/3/index.html")));
        assert!(
            first.contains("Talk 000") && !first.contains("Talk 100"),
            "{dir}"
        );
        assert!(
            third.contains("Talk 249") && !third.contains("Talk 199"),
            "{dir}"
        );
        assert!(!out.join(format!("{dir}page/4")).exists(), "{dir}");
        assert!(
            !out.join(format!("{dir}page/1")).exists(),
            "{dir}: page 1 is the list itself"
        );
        // Each page links the next (rel=next), relative to itself.
        assert!(first.contains("rel=\"next\""), "{dir}");
        assert!(count(&format!("{dir}page/2/index.html")) > 0);
    }
    // A track of one talk is one page, with no paginator.
    assert!(!out.join("tracks/side/page").exists());
    // The overview of a programme this big does not list every talk; it links `talks/`.
    let index = read(out.join("index.html"));
    assert!(!index.contains("Talk 150"), "the overview lists every talk");
    assert!(index.contains("href=\"./talks/\""));
    assert_internal_links_resolve(&out, "/");
}

#[test]
fn file_links_name_each_page_so_the_site_works_from_disk() {
    let site = write_site(CONF, &[talk(1, ""), talk(2, "")]);
    let (_tmp, out, _) = build_ok(site.path(), &["--file-links"]);
    let talk_page = read(out.join("talks/talk-001/index.html"));
    assert!(
        talk_page.contains("href=\"../../speakers/ada/index.html\""),
        "{talk_page}"
    );
    assert!(
        talk_page.contains("href=\"../../index.html\""),
        "{talk_page}"
    );
    for page in [
        "index.html",
        "talks/talk-002/index.html",
        "speakers/index.html",
    ] {
        let html = read(out.join(page));
        let dir = out.join(page).parent().unwrap().to_path_buf();
        for link in links_of(&html) {
            if link.starts_with("http") || link.starts_with('#') {
                continue;
            }
            let path = link.split(['#', '?']).next().unwrap();
            // From disk, a folder is no page: every link names a file.
            assert!(!path.ends_with('/') && !path.is_empty(), "{page}: {link}");
            assert!(resolve(&dir, path).is_file(), "{page}: {link}");
        }
    }
    // The search index's URLs name the page too.
    let index = read(out.join("search-index/d0.js"));
    assert!(index.contains("talks/talk-001/index.html"), "{index}");
}

#[test]
fn the_feed_holds_feed_limit_talks() {
    let talks: Vec<_> = (0..60).map(|i| talk(i, "")).collect();
    let site = write_site(CONF, &talks);
    let (_tmp, out, _) = build_ok(site.path(), &[]);
    assert_eq!(feed(&out).entries().len(), 50, "the default, as Zola's");
    let conf = format!("{CONF}feed_limit: 7\n");
    fs::write(site.path().join("content/conference.yaml"), conf).unwrap();
    let (_tmp, out, _) = build_ok(site.path(), &[]);
    assert_eq!(feed(&out).entries().len(), 7);
}

#[test]
fn a_talk_after_midnight_stays_on_its_conference_day() {
    let talks = vec![
        talk(
            1,
            "slot:\n  start: 2026-05-04T20:00:00\n  end: 2026-05-04T21:00:00\n  room: Hall",
        ),
        talk(
            2,
            "slot:\n  start: 2026-05-05T00:30:00\n  end: 2026-05-05T01:30:00\n  room: Hall",
        ),
        talk(
            3,
            "slot:\n  start: 2026-05-05T10:00:00\n  end: 2026-05-05T11:00:00\n  room: Hall",
        ),
    ];
    let site = write_site(CONF, &talks);
    let (_tmp, out, _) = build_ok(site.path(), &[]);
    // The night talk is on the 4th's day, in the schedule export and on its page.
    let json: serde_json::Value = serde_json::from_str(&read(out.join("schedule.json"))).unwrap();
    let days = json["schedule"]["conference"]["days"].as_array().unwrap();
    assert_eq!(days.len(), 2);
    let titles = |d: &serde_json::Value| -> Vec<String> {
        d["rooms"]["Hall"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["title"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(titles(&days[0]), ["Talk 001", "Talk 002"]);
    assert_eq!(titles(&days[1]), ["Talk 003"]);
    let page = read(out.join("talks/talk-002/index.html"));
    assert!(page.contains("Monday 4 May 2026"), "{page}");
    // With the day changing at midnight, it is the 5th's.
    fs::write(
        site.path().join("content/conference.yaml"),
        format!("{CONF}day_change: \"00:00\"\n"),
    )
    .unwrap();
    let (_tmp, out, _) = build_ok(site.path(), &[]);
    let page = read(out.join("talks/talk-002/index.html"));
    assert!(page.contains("Tuesday 5 May 2026"), "{page}");
}

#[test]
fn language_sets_the_page_language_and_its_dates() {
    let talks = vec![talk(
        1,
        "slot:\n  start: 2026-05-04T10:00:00\n  end: 2026-05-04T11:00:00\n  room: Hall",
    )];
    let site = write_site(&format!("{CONF}language: de-CH\n"), &talks);
    let (_tmp, out, _) = build_ok(site.path(), &[]);
    let page = read(out.join("talks/talk-001/index.html"));
    assert!(page.contains("<html lang=\"de-CH\""), "{page}");
    assert!(page.contains("Montag, 4. Mai 2026"), "{page}");
    let feed = read(out.join("feed.xml"));
    assert!(feed.contains("xml:lang=\"de-CH\""), "{feed}");
    // The theme speaks German, from its strings file, and a site may replace any string.
    let de: std::collections::BTreeMap<String, String> =
        serde_yaml::from_str(&read(repo_root().join("src/theme/strings/de.yaml"))).unwrap();
    let text = text_of(&page);
    for key in ["nav_speakers", "skip_to_content", "add_to_calendar"] {
        assert!(text.contains(&de[key]), "{key}: {text}");
    }
    fs::write(
        site.path().join("content/conference.yaml"),
        format!("{CONF}language: fr\nstrings:\n  nav_speakers: Les voix\n"),
    )
    .unwrap();
    let (_tmp, out, _) = build_ok(site.path(), &[]);
    let text = text_of(&read(out.join("talks/talk-001/index.html")));
    assert!(
        text.contains("Les voix") && text.contains("lundi 4 mai 2026"),
        "{text}"
    );
    assert!(
        !text.contains("Intervenants"),
        "the site's string replaces the theme's"
    );
}

#[test]
fn free_form_pages_are_rendered_and_listed_in_the_organisers_order() {
    let site = write_site(CONF, &[talk(1, "")]);
    let pages = site.path().join("content/pages");
    fs::create_dir_all(&pages).unwrap();
    let write = |name: &str, text: &str| fs::write(pages.join(name), text).unwrap();
    write("venue.md", "---\ntitle: Venue\nweight: 2\n---\nFive minutes from the **station**; see [the talks](/talks/).\n");
    write(
        "code-of-conduct.md",
        "---\ntitle: Code of conduct\nweight: 1\n---\nBe kind.\n",
    );
    write(
        "press.md",
        "---\ntitle: Press kit\nnav: false\n---\nLogos.\n",
    );
    let (_tmp, out, _) = build_ok(site.path(), &[]);
    let venue = read(out.join("venue/index.html"));
    assert!(
        venue.contains("Five minutes from the <strong>station</strong>"),
        "{venue}"
    );
    assert!(
        venue.contains("<a href=\"../talks/\">the talks</a>"),
        "{venue}"
    );
    assert!(out.join("press/index.html").is_file());
    let index = read(out.join("index.html"));
    let coc = index.find("Code of conduct").expect("in the navigation");
    let v = index.find(">Venue<").expect("in the navigation");
    assert!(coc < v, "weight 1 before weight 2");
    assert!(
        !index.contains("Press kit"),
        "nav: false stays out of the navigation"
    );
    assert_internal_links_resolve(&out, "/");
    // A page may not take a path talkgen writes, nor a broken link pass.
    write("schedule.md", "---\ntitle: Clash\n---\nx\n");
    write("venue.md", "---\ntitle: Venue\n---\n[gone](/talks/nope/)\n");
    let (_tmp, _out, run) = build(site.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/pages/schedule.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("collides with a path talkgen writes"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/pages/venue.md:4:"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_favicon_is_drawn_in_the_accent_unless_the_site_has_one() {
    let site = write_site(&format!("{CONF}accent: \"#7b1fa2\"\n"), &[talk(1, "")]);
    let (_tmp, out, _) = build_ok(site.path(), &[]);
    let svg = read(out.join("favicon.svg"));
    assert!(svg.starts_with("<svg") && svg.contains("#7b1fa2"), "{svg}");
    let index = read(out.join("index.html"));
    assert!(index.contains("href=\"./favicon.svg\""), "{index}");
    let root = site.path();
    fs::create_dir_all(root.join("static")).unwrap();
    fs::write(root.join("static/icon.png"), b"png").unwrap();
    fs::write(
        root.join("content/conference.yaml"),
        format!("{CONF}favicon: /icon.png\n"),
    )
    .unwrap();
    let (_tmp, out, _) = build_ok(root, &[]);
    assert!(!out.join("favicon.svg").exists());
    assert!(read(out.join("index.html")).contains("href=\"./icon.png\""));
}

#[test]
fn branding_shows_the_logo_the_call_to_actions_and_the_social_image() {
    let conf = format!(
        "{CONF}logo: /logo.svg\nsocial_image: /card.png\nbase_url: https://keys.example/\nlinks:\n  - label: Get tickets\n    url: https://tickets.example/keys\n  - label: Call for papers\n    url: /cfp/\n"
    );
    let site = write_site(&conf, &[talk(1, "")]);
    let root = site.path();
    fs::create_dir_all(root.join("static/cfp")).unwrap();
    for f in ["logo.svg", "card.png", "cfp/index.html"] {
        fs::write(root.join("static").join(f), b"x").unwrap();
    }
    let (_tmp, out, _) = build_ok(root, &[]);
    let index = read(out.join("index.html"));
    assert!(index.contains("src=\"./logo.svg\""), "{index}");
    let hero = &index[index.find("<h1").unwrap()..];
    let tickets = hero.find(">Get tickets</a>").expect("first call to action");
    let cfp = hero
        .find(">Call for papers</a>")
        .expect("second call to action");
    assert!(tickets < cfp, "in the order written");
    assert!(hero.contains("href=\"https://tickets.example/keys\""));
    assert!(hero.contains("href=\"./cfp/\""));
    // A page without a better image shares the site's social image, absolute.
    assert!(
        index.contains("<meta property=\"og:image\" content=\"https://keys.example/card.png\">")
    );
    assert_internal_links_resolve(&out, "/");
}

#[test]
fn a_speakers_own_page_does_not_repeat_their_name_on_each_talk() {
    let mut talks: Vec<_> = (1..=3).map(|i| talk(i, "")).collect();
    talks.push((
        "pair".into(),
        "title: Pair talk\nspeakers: [ada, bob]\ntrack: main".into(),
    ));
    let site = write_site(CONF, &talks);
    fs::write(
        site.path().join("content/speakers/bob.md"),
        "---\nname: Bob Babbage\n---\nBob.\n",
    )
    .unwrap();
    let (_tmp, out, _) = build_ok(site.path(), &[]);
    let page = read(out.join("speakers/ada/index.html"));
    let list = &page[page.find("class=\"talk-list").expect("her talks")..];
    assert_eq!(list.matches("Ada Lovelace").count(), 0, "{list}");
    assert_eq!(
        list.matches("Bob Babbage").count(),
        1,
        "the co-speaker stays"
    );
    // Elsewhere every card names its speakers.
    let all = read(out.join("talks/index.html"));
    assert_eq!(all.matches(">Ada Lovelace<").count(), 4);
    // The filters' facets are on the cards of a list, and not on a page without filters.
    assert!(all.contains("data-live-filters"));
    assert!(
        all.contains("data-talk=\"pair\" data-track=\"Main\""),
        "{all}"
    );
    assert!(!page.contains("data-live-filters"));
    assert!(
        !list.contains("data-talk=") && !list.contains("data-tags="),
        "{list}"
    );
    assert_eq!(
        list.matches("data-star=").count(),
        4,
        "every talk keeps its star"
    );
}

#[test]
fn the_time_zone_control_names_the_conference_zone_and_leaves_the_visitors_to_the_script() {
    let slot = "slot:\n  start: 2026-05-04T09:00:00\n  end: 2026-05-04T09:45:00\n  room: A";
    let conf = format!("{CONF}strings:\n  tz_label: \"Zeit: {{tz}}\"\n");
    let site = write_site(&conf, &[talk(1, slot)]);
    let (_tmp, out, _) = build_ok(site.path(), &[]);
    let label = "<span data-tz-label data-tz=\"Europe/Berlin\" data-conf=\"Zeit: Europe/Berlin\" \
                 data-yours=\"Zeit: {tz} (your time zone)\">Zeit: Europe/Berlin</span>";
    for page in [
        "index.html",
        "talks/talk-001/index.html",
        "speakers/ada/index.html",
    ] {
        let html = read(out.join(page));
        assert!(html.contains(label), "{page}: {html}");
    }
}

#[test]
fn breaks_and_plenary_talks_span_every_room_of_the_grid() {
    let conf = format!(
        "{CONF}breaks:\n  - title: Lunch\n    start: 2026-05-04T12:00:00\n    end: 2026-05-04T13:00:00\n  - title: Coffee in A\n    start: 2026-05-04T15:00:00\n    end: 2026-05-04T15:30:00\n    room: A\n"
    );
    let slot = |start: &str, end: &str, room: &str, plenary: bool| {
        format!("slot:\n  start: 2026-05-04T{start}:00\n  end: 2026-05-04T{end}:00\n  room: {room}\n  plenary: {plenary}")
    };
    let talks = vec![
        talk(1, &slot("09:00", "09:45", "A", true)),
        talk(2, &slot("10:00", "10:30", "A", false)),
        talk(3, &slot("10:15", "11:00", "B", false)),
        talk(4, &slot("10:00", "10:45", "C", false)),
    ];
    let site = write_site(&conf, &talks);
    let (_tmp, out, _) = build_ok(site.path(), &[]);
    let html = read(out.join("schedule/index.html"));
    // Three rooms: columns 2, 3, 4; all of them is 2/5. Rows: 5 minutes from 09:00 (line 2).
    let style_before = |needle: &str| -> String {
        let at = html
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} on the grid"));
        let head = &html[..at];
        let s = &head[head.rfind("style=\"").unwrap() + 7..];
        s[..s.find('"').unwrap()].to_owned()
    };
    assert!(style_before(">Talk 001<").starts_with("grid-row:2/11;grid-column:2/5"));
    // Rooms in order of first use (A 09:00, C 10:00, B 10:15), as the schedule exports.
    assert!(style_before(">Talk 003<").starts_with("grid-row:17/26;grid-column:4/5"));
    assert!(style_before(">Talk 004<").starts_with("grid-row:14/23;grid-column:3/4"));
    assert!(style_before(">Lunch<").starts_with("grid-row:38/50;grid-column:2/5"));
    assert!(style_before(">Coffee in A<").starts_with("grid-row:74/80;grid-column:2/3"));
}

#[test]
fn each_page_loads_at_most_30_kb_of_css_and_javascript_gzipped() {
    let (_tmp, out, _) = build_ok(&repo_root(), &[]);
    let gz = |path: &std::path::Path| -> usize {
        let o = std::process::Command::new("gzip")
            .args(["-9", "-c"])
            .arg(path)
            .output()
            .expect("gzip runs");
        o.stdout.len()
    };
    let mut pages = 0;
    for (path, bytes) in tree(&out) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let dir = out.join(&path).parent().unwrap().to_path_buf();
        let mut total = 0;
        for tag in ["<link rel=\"stylesheet\" href=\"", "<script src=\""] {
            let mut rest = html.as_str();
            while let Some(i) = rest.find(tag) {
                rest = &rest[i + tag.len()..];
                let url = &rest[..rest.find('"').unwrap()];
                let file = if url.starts_with('/') {
                    out.join(url.trim_start_matches('/'))
                } else {
                    resolve(&dir, url)
                };
                total += gz(&file);
            }
        }
        assert!(
            total > 0 && total <= 30 * 1024,
            "{}: {total} bytes",
            path.display()
        );
        pages += 1;
    }
    assert!(pages > 50);
}
