//! Outputs on small sites made to break them: markup in titles, iCalendar's special characters,
//! a daylight-saving change, a site without a time zone, a base URL, overlapping slots.

use std::fs;

use crate::support::common::*;
use crate::support::outputs::*;
use icalendar::{CalendarDateTime, Component, DatePerhapsTime};

const TITLE: &str =
    "Closing </script><script>alert(1)</script> tags, commas; semicolons & “quotes”\u{2028}end";

#[test]
fn a_title_with_script_tags_cannot_break_out_of_json_ld() {
    let (_tmp, out, _) = build_ok(&fixture("outputs-escape"), &[]);
    let html = read(out.join("talks/script-breaker/index.html"));
    // Every </script> in the page closes a <script> the theme opened.
    assert_eq!(
        html.matches("</script>").count(),
        html.matches("<script").count(),
        "{html}"
    );
    assert!(!html.contains("<script>alert(1)"));
    let ld = json_ld(&html);
    assert_eq!(ld.len(), 1);
    assert_eq!(ld[0]["name"], TITLE);
    assert_eq!(ld[0]["performer"][0]["name"], "Zoë </script> O'Neil");
    assert_eq!(ld[0]["location"]["address"], "Hall <1>");
    let speaker = read(out.join("speakers/zoe/index.html"));
    assert_eq!(
        speaker.matches("</script>").count(),
        speaker.matches("<script").count()
    );
    assert_eq!(json_ld(&speaker)[0]["name"], "Zoë </script> O'Neil");
}

#[test]
fn ics_escapes_text_folds_long_lines_and_crosses_daylight_saving() {
    let (_tmp, out, _) = build_ok(&fixture("outputs-escape"), &[]);
    let raw = read(out.join("talks/script-breaker/talk.ics"));
    assert!(raw.contains("tags\\, commas\\; semicolo"), "{raw}");
    assert!(
        raw.contains("LOCATION:Room A\\; north\\, upstairs"),
        "{raw}"
    );
    assert!(raw.contains("X-WR-CALNAME:"), "{raw}");
    // parse_ics checks CRLF and 75-octet lines (the description is long and has umlauts).
    let cal = parse_ics(&out.join("talks/script-breaker/talk.ics"));
    let ev = events(&cal)[0];
    let unescaped = |s: &str| {
        s.replace("\\,", ",")
            .replace("\\;", ";")
            .replace("\\n", "\n")
            .replace("\\\\", "\\")
    };
    assert_eq!(unescaped(ev.get_summary().unwrap()), TITLE);
    assert!(unescaped(ev.get_description().unwrap()).contains("Line one, with a comma; and"));
    // 01:30 CET is 00:30 UTC; 03:30 is after the clocks went forward, CEST, 01:30 UTC.
    let utc = |e: Option<DatePerhapsTime>| match e {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(t))) => t.to_rfc3339(),
        other => panic!("not a UTC time: {other:?}"),
    };
    assert_eq!(utc(ev.get_start()), "2030-03-31T00:30:00+00:00");
    assert_eq!(utc(ev.get_end()), "2030-03-31T01:30:00+00:00");
    let doc = talks_json(&out);
    let t = doc["talks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["slug"] == "script-breaker")
        .unwrap();
    assert_eq!(t["slot"]["start"], "2030-03-31T01:30:00+01:00");
    assert_eq!(t["slot"]["end"], "2030-03-31T03:30:00+02:00");
    assert_eq!(t["slot"]["duration_minutes"], 60);
    assert_eq!(t["title"], TITLE);
}

#[test]
fn tags_that_differ_in_case_share_a_page_and_a_tag_without_a_slug_gets_none() {
    let (_tmp, out, _) = build_ok(&fixture("outputs-escape"), &[]);
    let tags: Vec<String> = fs::read_dir(out.join("tags"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut tags = tags;
    tags.sort();
    assert_eq!(tags, ["index.html", "security"]);
    let talk = read(out.join("talks/script-breaker/index.html"));
    assert!(talk.contains("<span class=\"tag\">!!!</span>"));
    assert_eq!(
        talk.matches("href=\"../../tags/security/\"").count(),
        2,
        "both spellings link the one page"
    );
}

#[test]
fn a_talk_may_start_when_the_previous_one_in_its_room_ends() {
    let (_tmp, out, run) = build_ok(&fixture("outputs-escape"), &[]);
    assert!(!run.stderr.contains("overlaps"), "{}", run.stderr);
    let sched = read(out.join("schedule/index.html"));
    assert!(sched.contains("Winter talk") && sched.contains("Back to back"));
}

#[test]
fn a_site_without_time_zone_gets_floating_times() {
    let (_tmp, out, _) = build_ok(&fixture("minimal"), &[]);
    let cal = parse_ics(&out.join("schedule.ics"));
    let evs = events(&cal);
    assert_eq!(evs.len(), 1);
    match evs[0].get_start() {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Floating(t))) => {
            assert_eq!(t.to_string(), "2024-05-04 10:00:00")
        }
        other => panic!("expected a floating time, got {other:?}"),
    }
    let doc = talks_json(&out);
    let alpha = doc["talks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["slug"] == "alpha-talk")
        .unwrap();
    assert_eq!(alpha["slot"]["start"], "2024-05-04T10:00:00");
    // Talks without a slot have no calendar file.
    assert!(!out.join("talks/zebra-talk/talk.ics").exists());
    assert!(!read(out.join("talks/zebra-talk/index.html")).contains("talk.ics"));
}

#[test]
fn with_a_base_url_every_export_uses_absolute_urls() {
    let base = "https://example.org/pybay/2016/";
    let (_tmp, out, run) = build_ok(&repo_root(), &["--base-url", base]);
    assert!(!run.stderr.contains("sitemap"), "{}", run.stderr);
    // sitemap.xml, read with an XML parser: every page but 404 and search, absolute.
    let xml = read(out.join("sitemap.xml"));
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut locs = Vec::new();
    let mut in_loc = false;
    loop {
        match reader.read_event().expect("sitemap.xml is XML") {
            quick_xml::events::Event::Start(e) => in_loc = e.name().as_ref() == b"loc",
            quick_xml::events::Event::Text(t) if in_loc => {
                locs.push(t.decode().unwrap().into_owned())
            }
            quick_xml::events::Event::End(_) => in_loc = false,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    let html_pages = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "html")
        })
        .count();
    assert_eq!(
        locs.len(),
        html_pages - 4,
        "all pages but 404, search, the agenda and offline.html"
    );
    assert!(locs.iter().all(|l| l.starts_with(base)), "{locs:?}");
    assert!(locs.contains(&format!("{base}talks/xonsh/")));
    assert!(locs.contains(&format!("{base}schedule/")));
    assert!(read(out.join("robots.txt")).contains(&format!("Sitemap: {base}sitemap.xml")));
    // The feed, talks.json, the calendars and the previews point at the published site.
    let feed = feed(&out);
    assert!(feed
        .entries()
        .iter()
        .all(|e| e.id().starts_with(base) && e.links()[0].href().starts_with(base)));
    let doc = talks_json(&out);
    assert_eq!(doc["conference"]["base_url"], base);
    assert_eq!(
        doc["talks"][0]["url"].as_str().unwrap(),
        format!("{base}talks/{}/", doc["talks"][0]["slug"].as_str().unwrap())
    );
    let cal = parse_ics(&out.join("talks/xonsh/talk.ics"));
    assert_eq!(
        events(&cal)[0].get_url(),
        Some(format!("{base}talks/xonsh/").as_str())
    );
    let talk = read(out.join("talks/xonsh/index.html"));
    assert!(talk.contains(&format!(
        "<meta property=\"og:url\" content=\"{base}talks/xonsh/\">"
    )));
    assert_eq!(json_ld(&talk)[0]["url"], format!("{base}talks/xonsh/"));
    assert_internal_links_resolve(&out, "/pybay/2016/");
}

#[test]
fn overlapping_talks_in_one_room_are_an_error_naming_both() {
    let site = tempfile::tempdir().unwrap();
    for dir in ["content", "templates", "static"] {
        copy_dir(&repo_root().join(dir), &site.path().join(dir));
    }
    // Xonsh is on Sunday 13:30–14:15 in Byers Hall; move it into Robertson Auditorium at 13:45.
    let path = site.path().join("content/talks/xonsh.md");
    let text = read(&path);
    let moved = text
        .replace("start: 2016-08-21T13:30:00", "start: 2016-08-21T13:45:00")
        .replace("end: 2016-08-21T14:15:00", "end: 2016-08-21T14:30:00")
        .replace("room: Byers Hall", "room: Robertson Auditorium");
    assert_ne!(
        moved, text,
        "the example's xonsh slot changed; update this test"
    );
    fs::write(&path, moved).unwrap();
    let run = talkgen(&["build"], site.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!site.path().join("public").exists());
    assert!(
        run.stderr.contains(
            "talk `xonsh` (2016-08-21 13:45–14:30) overlaps talk `python-tracing-superpowers` \
             (2016-08-21 13:30–14:15) in room `Robertson Auditorium`"
        ),
        "{}",
        run.stderr
    );
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("start:"))
        .unwrap()
        + 1;
    assert!(
        run.stderr
            .contains(&format!("--> content/talks/xonsh.md:{line}:3")),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .contains("content/talks/python-tracing-superpowers.md"));
}

#[test]
fn schedule_columns_follow_the_rooms_of_conference_yaml() {
    let site = tempfile::tempdir().unwrap();
    for dir in ["content", "templates", "static"] {
        copy_dir(&repo_root().join(dir), &site.path().join(dir));
    }
    let conf = site.path().join("content/conference.yaml");
    let text = read(&conf).replace(
        "venue: ",
        "rooms: [Robertson Auditorium, Byers Hall]\nvenue: ",
    );
    fs::write(&conf, text).unwrap();
    let (_tmp, out, _) = build_ok(site.path(), &[]);
    let html = read(out.join("schedule/index.html"));
    // The room headers of a day come before its first talk block.
    let saturday = &html[html.find("id=\"day-2016-08-20\"").unwrap()..];
    let head = &saturday[..saturday.find("class=\"slot-talk\"").unwrap()];
    let r = head.find("Robertson Auditorium").unwrap();
    let b = head.find("Byers Hall").unwrap();
    let f = head.find("Fisher Banquet Room").unwrap();
    assert!(
        r < b && b < f,
        "listed rooms first, then the others: {head}"
    );
    // Friday has no talk in Byers Hall, so no column for it.
    let friday = &html[html.find("id=\"day-2016-08-19\"").unwrap()..];
    let head = &friday[..friday.find("class=\"slot-talk\"").unwrap()];
    assert!(!head.contains("Byers Hall"), "{head}");
}

#[test]
fn a_topic_page_cannot_take_the_tags_path() {
    let site = site("minimal");
    let conf = site.path().join("content/conference.yaml");
    fs::write(&conf, read(&conf).replace("slug: highlights", "slug: tags")).unwrap();
    let run = talkgen(&["build"], site.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("`tags`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/conference.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn previews_use_the_speaker_photo_as_an_absolute_image() {
    let (_tmp, out, _) = build_ok(
        &fixture("minimal"),
        &["--base-url", "https://example.org/mini/"],
    );
    let image = "<meta property=\"og:image\" content=\"https://example.org/mini/images/ada.svg\">";
    assert!(read(out.join("speakers/ada-lovelace/index.html")).contains(image));
    assert!(read(out.join("talks/alpha-talk/index.html")).contains(image));
    // Without a base URL a site path is no image URL: no og:image at all.
    let (_tmp2, out2, _) = build_ok(&fixture("minimal"), &[]);
    assert!(!read(out2.join("speakers/ada-lovelace/index.html")).contains("og:image"));
}
