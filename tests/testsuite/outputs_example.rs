//! The example conference's schedule, calendars, JSON, feed, search, tag pages and previews,
//! each read back with a real parser.

use crate::support::common::*;
use crate::support::outputs::*;
use icalendar::{CalendarDateTime, Component, DatePerhapsTime, EventLike};

const TRACING: [&str; 2] = [
    "/talks/python-tracing-superpowers/",
    "/talks/turnkey-distributed-tracing/",
];

#[test]
fn schedule_page_has_a_section_per_day_and_a_column_per_room() {
    let (_tmp, out, run) = build_ok(&repo_root(), &[]);
    assert!(run.stdout.contains("Built 16 talks"), "{}", run.stdout);
    let html = read(out.join("schedule/index.html"));
    for (id, label) in [
        ("day-2016-08-19", "Friday 19 August 2016"),
        ("day-2016-08-20", "Saturday 20 August 2016"),
        ("day-2016-08-21", "Sunday 21 August 2016"),
    ] {
        assert!(
            html.contains(&format!("<h2 id=\"{id}\">{label}</h2>")),
            "{label}"
        );
    }
    // Rooms are the grid's columns, in conference.yaml order after the time column.
    let column_of = |room: &str| -> Option<u32> {
        let at = html.find(&format!("\">{room}</div>"))?;
        let head = &html[..at];
        let style = &head[head.rfind("grid-column:")? + 12..];
        style.split(['"', ';']).next()?.parse().ok()
    };
    for room in ["Byers Hall", "Fisher Banquet Room", "Robertson Auditorium"] {
        assert!(
            column_of(room).is_some_and(|c| c >= 2),
            "{room} heads a column"
        );
    }
    // Each talk is a block whose rows are its minutes (5 a row) from the day's first full hour,
    // in its room's column: checked for every talk, from talks.json.
    let json = talks_json(&out);
    let talks = json["talks"].as_array().unwrap();
    let mut blocks = 0;
    for t in talks {
        let slot = &t["slot"];
        let url = t["url"].as_str().unwrap();
        let href = format!("href=\"..{}\"", &url[url.find("/talks/").unwrap()..]);
        let at = html
            .find(&href)
            .unwrap_or_else(|| panic!("{url} is on the schedule"));
        let head = &html[..at];
        let style = &head[head.rfind("grid-row:").unwrap() + 9..];
        let lines: Vec<u32> = style
            .split(|c: char| !c.is_ascii_digit())
            .filter(|x| !x.is_empty())
            .take(4)
            .map(|x| x.parse().unwrap())
            .collect();
        let (row_start, row_end, col) = (lines[0], lines[1], lines[2]);
        let minutes = slot["duration_minutes"].as_u64().unwrap() as u32;
        assert_eq!(
            (row_end - row_start) * 5,
            minutes,
            "{url}: height is duration"
        );
        let start = slot["start"].as_str().unwrap();
        let minute_of_hour: u32 = start[14..16].parse().unwrap();
        assert_eq!(
            (row_start - 2) % 12,
            minute_of_hour / 5,
            "{url}: top is start"
        );
        assert_eq!(
            Some(col),
            column_of(slot["room"].as_str().unwrap()),
            "{url}"
        );
        blocks += 1;
    }
    assert_eq!(blocks, 16);
    // Parallel talks sit side by side: Friday 10:00 fills two columns of the same rows.
    let friday = &html[html.find("id=\"day-2016-08-19\"").unwrap()..];
    let friday = &friday[..friday.find("id=\"day-2016-08-20\"").unwrap_or(friday.len())];
    assert!(friday.contains("grid-row:2/11;grid-column:2/3"));
    assert!(friday.contains("grid-row:2/11;grid-column:3/4"));
    assert!(html.contains("href=\"../schedule.ics\""));
    assert!(read(out.join("index.html")).contains("href=\"./schedule/\""));
    // A talk page shows its day, time and room, and links its calendar file.
    let talk = read(out.join("talks/python-tracing-superpowers/index.html"));
    assert!(
        text_of(&talk).contains(
            "Sunday 21 August 2016, 13:30–14:15 America/Los_Angeles · Robertson Auditorium"
        ),
        "{}",
        text_of(&talk)
    );
    assert!(talk.contains("href=\"../../talks/python-tracing-superpowers/talk.ics\""));
    assert_internal_links_resolve(&out, "/");
}

#[test]
fn schedule_ics_holds_every_talk_in_utc_with_stable_uids() {
    let (_tmp, out, _) = build_ok(&repo_root(), &[]);
    let cal = parse_ics(&out.join("schedule.ics"));
    let all = events(&cal);
    assert_eq!(all.len(), 16);
    let tracing = all
        .iter()
        .find(|e| e.get_summary() == Some("Python tracing superpowers with systems tools"))
        .expect("the tracing talk is in the calendar");
    // 13:30 in Los Angeles in August (PDT, UTC-7) is 20:30 UTC.
    let utc = |e: Option<DatePerhapsTime>| match e {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(t))) => t.to_rfc3339(),
        other => panic!("not a UTC time: {other:?}"),
    };
    assert_eq!(utc(tracing.get_start()), "2016-08-21T20:30:00+00:00");
    assert_eq!(utc(tracing.get_end()), "2016-08-21T21:15:00+00:00");
    assert_eq!(tracing.get_location(), Some("Robertson Auditorium"));
    let uid = tracing.get_uid().unwrap().to_owned();
    // The talk's own file holds the same event, so importing both updates one event.
    let single = parse_ics(&out.join("talks/python-tracing-superpowers/talk.ics"));
    let single = events(&single);
    assert_eq!(single.len(), 1);
    assert_eq!(single[0].get_uid(), Some(uid.as_str()));
    // Every talk has its own file, and UIDs are unique and the same on the next build.
    let mut uids: Vec<String> = all
        .iter()
        .map(|e| e.get_uid().unwrap().to_owned())
        .collect();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), 16);
    let (_tmp2, out2, _) = build_ok(&repo_root(), &[]);
    let again = parse_ics(&out2.join("schedule.ics"));
    let mut uids2: Vec<String> = events_of(&again);
    uids2.sort();
    assert_eq!(uids, uids2);
    for entry in std::fs::read_dir(out.join("talks")).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        assert!(dir.join("talk.ics").is_file(), "{}", dir.display());
    }
}

fn events_of(cal: &icalendar::Calendar) -> Vec<String> {
    events(cal)
        .iter()
        .map(|e| e.get_uid().unwrap().to_owned())
        .collect()
}

#[test]
fn talks_json_follows_its_schema() {
    let (_tmp, out, _) = build_ok(&repo_root(), &[]);
    let doc = talks_json(&out);
    // The schema shipped beside it is the one in docs/.
    assert_eq!(
        read(out.join("talks.schema.json")),
        read(repo_root().join("docs/talks.schema.json"))
    );
    let talks = doc["talks"].as_array().unwrap();
    assert_eq!(talks.len(), 16);
    assert_eq!(doc["conference"]["timezone"], "America/Los_Angeles");
    assert!(doc["conference"]["base_url"].is_null());
    let t = talks
        .iter()
        .find(|t| t["slug"] == "python-tracing-superpowers")
        .unwrap();
    assert_eq!(t["speakers"][0]["name"], "Eben Freeman");
    assert_eq!(t["track"]["slug"], "performant-python");
    assert_eq!(t["level"]["slug"], "intermediate");
    assert_eq!(t["tags"][0]["name"], "tracing");
    assert_eq!(t["tags"][0]["url"], "/tags/tracing/");
    assert_eq!(t["slot"]["start"], "2016-08-21T13:30:00-07:00");
    assert_eq!(t["slot"]["room"], "Robertson Auditorium");
    assert_eq!(t["slot"]["duration_minutes"], 45);
    assert_eq!(t["url"], "/talks/python-tracing-superpowers/");
    assert_eq!(t["ics"], "/talks/python-tracing-superpowers/talk.ics");
}

#[test]
fn feed_is_atom_with_an_entry_per_talk() {
    let (_tmp, out, _) = build_ok(&repo_root(), &[]);
    let feed = feed(&out);
    assert_eq!(feed.title().as_str(), "PyBay 2016");
    assert_eq!(feed.entries().len(), 16);
    let e = feed
        .entries()
        .iter()
        .find(|e| e.title().as_str() == "Python tracing superpowers with systems tools")
        .unwrap();
    assert_eq!(e.authors()[0].name(), "Eben Freeman");
    assert_eq!(e.links()[0].href(), "/talks/python-tracing-superpowers/");
    let mut ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 16, "entry ids are unique");
}

#[test]
fn without_a_base_url_there_is_no_sitemap_and_robots_txt_says_why() {
    let (_tmp, out, run) = build_ok(&repo_root(), &[]);
    assert!(!out.join("sitemap.xml").exists());
    assert!(!run.stderr.contains("sitemap"), "{}", run.stderr);
    let robots = read(out.join("robots.txt"));
    assert!(robots.starts_with("User-agent: *") && !robots.contains("Sitemap:"));
    assert!(robots.contains("# No sitemap: the site was built without an absolute base_url."));
}

#[test]
fn search_finds_the_two_tracing_talks_with_the_real_script() {
    let (_tmp, out, _) = build_ok(&repo_root(), &[]);
    // The index holds site paths (`talks/x/`), which the script resolves against its own URL:
    // compared here as root paths. Results are talks, speakers and tracks; `talks` keeps the talks.
    let all = |out: &std::path::Path, q: &str| -> Vec<String> {
        search(out, q)
            .into_iter()
            .map(|u| {
                assert!(!u.starts_with('/'), "{u} is a site path");
                format!("/{u}")
            })
            .collect()
    };
    let search = |out: &std::path::Path, q: &str| -> Vec<String> {
        all(out, q)
            .into_iter()
            .filter(|u| u.starts_with("/talks/"))
            .collect()
    };
    // A speaker's name finds the speaker's page first, then the talks; a track's name the track.
    assert_eq!(all(&out, "eben")[0], "/speakers/eben-freeman/");
    assert_eq!(all(&out, "performant")[0], "/tracks/performant-python/");
    let mut found = search(&out, "tracing");
    found.sort();
    assert_eq!(found, TRACING);
    // By speaker, by tag, by track, by abstract word, several words at once, any case.
    assert_eq!(search(&out, "eben"), [TRACING[0]]);
    assert!(search(&out, "memory").contains(&"/talks/python-103-memory-model/".to_owned()));
    assert_eq!(search(&out, "SystemTap")[0], TRACING[0]);
    assert_eq!(search(&out, "opentracing python"), [TRACING[1]]);
    assert_eq!(
        search(&out, "performant").len(),
        3,
        "the Performant Python track"
    );
    assert!(search(&out, "zzzz-nothing").is_empty());
    // A word from the end of a long abstract: the index reads each text whole, not only the
    // start the model keeps for summaries.
    assert_eq!(
        search(&out, "bazaar"),
        ["/talks/good-enough-is-good-enough/"]
    );
    // Every page carries the search box, aimed at the search page that runs the script.
    for (page, action) in [
        ("index.html", "./search/"),
        ("speakers/index.html", "../search/"),
        ("talks/xonsh/index.html", "../../search/"),
    ] {
        let html = read(out.join(page));
        assert!(
            html.contains(&format!("role=\"search\" action=\"{action}\"")),
            "{page}"
        );
    }
    let search_page = read(out.join("search/index.html"));
    assert!(search_page.contains("<script src=\"../search.js\"></script>"));
    assert!(search_page.contains("<meta name=\"robots\" content=\"noindex\">"));
    // The search page does not repeat the talk list (5 MB at 21,700 talks); without JavaScript
    // it points to the list of all talks.
    assert_eq!(search_page.matches("class=\"talk-item\"").count(), 0);
    assert!(search_page.contains("href=\"../talks/\""));
}

#[test]
fn tag_pages_and_filters_are_plain_links() {
    let (_tmp, out, _) = build_ok(&repo_root(), &[]);
    let tag = read(out.join("tags/tracing/index.html"));
    for url in TRACING {
        assert!(tag.contains(&format!("href=\"../..{url}\"")), "{url}");
    }
    assert_eq!(tag.matches("class=\"talk-item\"").count(), 2);
    let tags = read(out.join("tags/index.html"));
    assert!(
        tags.contains("href=\"../tags/tracing/\">tracing</a> · 2 talks"),
        "{tags}"
    );
    // The list of all talks filters by track, level and tag; a tag on a talk page links its
    // page.
    let index = read(out.join("talks/index.html"));
    for link in [
        "../tracks/etc/",
        "../levels/beginner/",
        "../tags/profiling/",
    ] {
        assert!(index.contains(&format!("href=\"{link}\"")), "{link}");
    }
    // Five tracks: all of them, and no link to "all tracks" beside them.
    assert!(!index.contains("all 5 tracks"));
    let talk = read(out.join("talks/python-tracing-superpowers/index.html"));
    assert!(talk.contains("<a class=\"tag\" href=\"../../tags/tracing/\">tracing</a>"));
    let level = read(out.join("levels/advanced/index.html"));
    assert!(level.contains("href=\"../../levels/advanced/\" aria-current=\"page\""));
}

#[test]
fn talk_and_speaker_pages_carry_previews_and_json_ld() {
    let (_tmp, out, _) = build_ok(&repo_root(), &[]);
    let talk = read(out.join("talks/python-tracing-superpowers/index.html"));
    assert!(
        talk.contains("<title>Python tracing superpowers with systems tools · PyBay 2016</title>")
    );
    assert!(
        talk.contains("<meta name=\"description\" content=\"Modern system tracers like SystemTap")
    );
    assert!(talk.contains(
        "<meta property=\"og:title\" content=\"Python tracing superpowers with systems tools\">"
    ));
    let ld = json_ld(&talk);
    assert_eq!(ld.len(), 1);
    let ev = &ld[0];
    assert_eq!(ev["@type"], "Event");
    assert_eq!(ev["name"], "Python tracing superpowers with systems tools");
    assert_eq!(ev["performer"][0]["@type"], "Person");
    assert_eq!(ev["performer"][0]["name"], "Eben Freeman");
    assert_eq!(ev["location"]["name"], "Robertson Auditorium");
    assert_eq!(ev["startDate"], "2016-08-21T13:30:00-07:00");
    let speaker = read(out.join("speakers/eben-freeman/index.html"));
    let ld = json_ld(&speaker);
    assert_eq!(ld[0]["@type"], "Person");
    assert_eq!(ld[0]["name"], "Eben Freeman");
    assert!(speaker.contains("<meta property=\"og:type\" content=\"profile\">"));
}
