//! Programme mistakes that every file allows on its own (docs/diagnostics.md, "Programme
//! checks"): each with a site that triggers it, pinned to its file, line, column and words, and
//! a site that must not.

use crate::support::common::*;

use std::fs;
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

/// A talk file of the minimal site: `speakers`, `slot` as (start, end, room), extra lines.
fn talk(root: &Path, slug: &str, speakers: &str, slot: Option<(&str, &str, &str)>, extra: &str) {
    let mut text = format!(
        "---\ntitle: Talk {slug}\nspeakers: [{speakers}]\ntrack: web\ndescription: D.\n{extra}"
    );
    if let Some((start, end, room)) = slot {
        text.push_str(&format!(
            "slot:\n  start: {start}\n  end: {end}\n  room: {room}\n"
        ));
    }
    text.push_str("---\n");
    write(root, &format!("content/talks/{slug}.md"), &text);
}

/// Every problem `talkgen check --format json` reports, but the minimal site's own warnings,
/// one line each: `severity file:line:col message | help`.
fn problems(root: &Path) -> (i32, Vec<String>) {
    let run = talkgen(&["check", "--format", "json"], root);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!("not JSON ({e}): {} {}", run.stdout, run.stderr);
    });
    let list = doc["diagnostics"].as_array().unwrap();
    let lines = list
        .iter()
        .filter(|d| {
            let m = d["message"].as_str().unwrap();
            !m.contains("has no description")
                && !m.contains("has no talks")
                && !m.contains("are not written")
        })
        .map(|d| {
            format!(
                "{} {}:{}:{} {} | {}",
                d["severity"].as_str().unwrap(),
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["message"].as_str().unwrap(),
                d["help"].as_str().unwrap_or("")
            )
        })
        .collect();
    (run.code, lines)
}

fn minimal() -> tempfile::TempDir {
    site("minimal")
}

#[test]
fn a_speaker_in_two_rooms_at_once_is_a_warning_naming_both_files() {
    let s = minimal();
    talk(
        s.path(),
        "clash",
        "ada-lovelace",
        Some(("2024-05-04T10:15:00", "2024-05-04T10:45:00", "Side Room")),
        "",
    );
    let (code, got) = problems(s.path());
    assert_eq!(code, 0, "{got:?}");
    assert_eq!(
        got,
        [
            "warning content/talks/clash.md:3:1 speaker `ada-lovelace` is booked in two places at \
          once: talk `clash` (2024-05-04 10:15–10:45, Side Room) and talk `alpha-talk` \
          (2024-05-04 10:00–10:30, Main Hall) | move a talk, or take the speaker off one: \
          `alpha-talk` (2024-05-04 10:00–10:30, Main Hall, content/talks/alpha-talk.md), \
          `clash` (2024-05-04 10:15–10:45, Side Room, content/talks/clash.md); the speaker is \
          content/speakers/ada-lovelace.md"
        ]
    );
}

#[test]
fn a_speaker_back_to_back_or_a_co_speaker_elsewhere_is_fine() {
    let s = minimal();
    // Starts as alpha-talk (10:00–10:30, ada-lovelace) ends.
    talk(
        s.path(),
        "next",
        "ada-lovelace",
        Some(("2024-05-04T10:30:00", "2024-05-04T11:00:00", "Side Room")),
        "",
    );
    // At the same time, another speaker.
    talk(
        s.path(),
        "parallel",
        "grace-hopper",
        Some(("2024-05-04T10:00:00", "2024-05-04T10:30:00", "Side Room 2")),
        "",
    );
    let (code, got) = problems(s.path());
    assert_eq!((code, got), (0, Vec::<String>::new()));
}

#[test]
fn a_speaker_in_twelve_rooms_is_one_grouped_warning() {
    let s = minimal();
    for i in 0..12 {
        talk(
            s.path(),
            &format!("room-{i:02}"),
            "grace-hopper",
            Some((
                "2024-05-05T14:00:00",
                "2024-05-05T15:00:00",
                &format!("Room {i}"),
            )),
            "",
        );
    }
    let (code, got) = problems(s.path());
    assert_eq!(code, 0, "{got:?}");
    assert_eq!(got.len(), 1, "{got:#?}");
    let one = &got[0];
    assert!(
        one.starts_with(
            "warning content/talks/room-01.md:3:1 speaker `grace-hopper` is booked in 12 talks \
             at the same time | move a talk, or take the speaker off one: `room-00` \
             (2024-05-05 14:00–15:00, Room 0, content/talks/room-00.md), "
        ),
        "{one}"
    );
    assert!(
        one.ends_with(
            "content/talks/room-09.md) and 2 more; the speaker is content/speakers/grace-hopper.md"
        ),
        "{one}"
    );
}

#[test]
fn a_slot_outside_the_conference_dates_is_a_warning() {
    let s = minimal();
    talk(
        s.path(),
        "next-year",
        "ada-lovelace",
        Some(("2026-05-04T10:00:00", "2026-05-04T10:30:00", "Main Hall")),
        "",
    );
    talk(
        s.path(),
        "dated",
        "ada-lovelace",
        None,
        "date: 2024-05-03\n",
    );
    let (code, got) = problems(s.path());
    assert_eq!(code, 0, "{got:?}");
    assert_eq!(
        got,
        [
            "warning content/talks/dated.md:6:1 talk `dated` is on 2024-05-03, outside the \
             conference, which runs from 2024-05-04 to 2024-05-05 | fix the talk's date, or \
             change `start_date` in content/conference.yaml",
            "warning content/talks/next-year.md:7:3 talk `next-year` is on 2026-05-04, outside the \
             conference, which runs from 2024-05-04 to 2024-05-05 | fix the talk's date, or \
             change `end_date` in content/conference.yaml",
        ]
    );
}

#[test]
fn a_late_talk_of_the_last_day_is_inside_the_conference() {
    let s = minimal();
    // 02:00 on the 6th is still the 5th's conference day (day_change 04:00).
    talk(
        s.path(),
        "late-film",
        "grace-hopper",
        Some(("2024-05-06T01:00:00", "2024-05-06T02:30:00", "Cinema")),
        "",
    );
    talk(
        s.path(),
        "midnight",
        "grace-hopper",
        Some(("2024-05-05T23:00:00", "2024-05-06T00:30:00", "Main Hall")),
        "",
    );
    let (code, got) = problems(s.path());
    assert_eq!((code, got), (0, Vec::<String>::new()));
}

#[test]
fn a_talk_running_into_the_next_day_is_a_warning_unless_day_change_says_so() {
    let s = minimal();
    talk(
        s.path(),
        "all-nighter",
        "grace-hopper",
        Some(("2024-05-04T23:00:00", "2024-05-05T05:00:00", "Main Hall")),
        "",
    );
    let (code, got) = problems(s.path());
    assert_eq!(code, 0, "{got:?}");
    assert_eq!(
        got,
        [
            "warning content/talks/all-nighter.md:8:3 talk `all-nighter` starts on 2024-05-04 and \
          ends at 2024-05-05 05:00, after the next conference day began (2024-05-05 04:00) | \
          fix `end`; if talks really run this late, say so with a later `day_change:` in \
          content/conference.yaml (now 04:00)"
        ]
    );
    let conf = s.path().join("content/conference.yaml");
    let text = fs::read_to_string(&conf).unwrap();
    fs::write(&conf, format!("{text}day_change: \"06:00\"\n")).unwrap();
    let (code, got) = problems(s.path());
    assert_eq!((code, got), (0, Vec::<String>::new()));
}

#[test]
fn a_date_that_is_not_the_slots_day_is_an_error() {
    let s = minimal();
    talk(
        s.path(),
        "wrong-day",
        "grace-hopper",
        Some(("2024-05-04T14:00:00", "2024-05-04T14:30:00", "Main Hall")),
        "date: 2024-05-05\n",
    );
    talk(
        s.path(),
        "right-day",
        "grace-hopper",
        Some(("2024-05-05T14:00:00", "2024-05-05T14:30:00", "Main Hall")),
        "date: 2024-05-05\n",
    );
    let (code, got) = problems(s.path());
    assert_eq!(code, 1, "{got:?}");
    assert_eq!(
        got,
        ["error content/talks/wrong-day.md:6:1 `date` is 2024-05-05, but the talk's slot starts \
          on 2024-05-04 | remove `date` (the slot gives the day), or write `date: 2024-05-04`"]
    );
}

#[test]
fn a_room_spelled_two_ways_names_the_canonical_spelling() {
    let s = minimal();
    // "Main Hall" (alpha-talk and one more) against "main  hall" once.
    talk(
        s.path(),
        "b-main",
        "grace-hopper",
        Some(("2024-05-04T11:00:00", "2024-05-04T11:30:00", "Main Hall")),
        "",
    );
    talk(
        s.path(),
        "c-lower",
        "grace-hopper",
        Some(("2024-05-04T12:00:00", "2024-05-04T12:30:00", "main  hall")),
        "",
    );
    let (code, got) = problems(s.path());
    assert_eq!(code, 1, "{got:?}");
    assert_eq!(
        got,
        ["error content/talks/c-lower.md:9:3 room `main  hall` is spelled `Main Hall` elsewhere: \
          one room would show as two schedule columns | write `room: Main Hall` (as 2 talks \
          write it); `main  hall` is written in content/talks/c-lower.md; `Main Hall` is in \
          content/talks/alpha-talk.md, content/talks/b-main.md"]
    );
}

#[test]
fn a_room_listed_in_conference_yaml_wins_and_one_spelling_is_fine() {
    let s = minimal();
    let conf = s.path().join("content/conference.yaml");
    let text = fs::read_to_string(&conf).unwrap();
    fs::write(&conf, format!("{text}rooms: [MAIN HALL]\n")).unwrap();
    let (code, got) = problems(s.path());
    assert_eq!(code, 1, "{got:?}");
    assert_eq!(
        got,
        [
            "error content/talks/alpha-talk.md:11:3 room `Main Hall` is spelled `MAIN HALL` \
          elsewhere: one room would show as two schedule columns | write `room: MAIN HALL` (as \
          `rooms:` in content/conference.yaml lists it); `Main Hall` is written in \
          content/talks/alpha-talk.md"
        ]
    );
    fs::write(&conf, format!("{text}rooms: [Main Hall]\n")).unwrap();
    let (code, got) = problems(s.path());
    assert_eq!((code, got), (0, Vec::<String>::new()));
}

#[test]
fn two_talks_with_one_title_are_a_warning() {
    let s = minimal();
    write(
        s.path(),
        "content/talks/again.md",
        "---\ntitle: \"alpha <talk> &  \\\"Friends\\\"\"\nspeakers: [grace-hopper]\ntrack: web\ndescription: D.\n---\n",
    );
    let (code, got) = problems(s.path());
    assert_eq!(code, 0, "{got:?}");
    assert_eq!(
        got,
        [
            "warning content/talks/alpha-talk.md:2:1 talks `again` and `alpha-talk` have the same \
          title `Alpha <Talk> & \"Friends\"` | attendees cannot tell them apart in listings and \
          search; give each its own title: content/talks/again.md, content/talks/alpha-talk.md"
        ]
    );
    write(
        s.path(),
        "content/talks/again.md",
        "---\ntitle: Alpha, again\nspeakers: [grace-hopper]\ntrack: web\ndescription: D.\n---\n",
    );
    let (code, got) = problems(s.path());
    assert_eq!((code, got), (0, Vec::<String>::new()));
}

#[test]
fn a_topic_page_listing_a_talk_twice_is_an_error() {
    let s = minimal();
    let conf = s.path().join("content/conference.yaml");
    let text = fs::read_to_string(&conf).unwrap();
    fs::write(
        &conf,
        text.replace(
            "talks: [zebra-talk, alpha-talk]",
            "talks: [zebra-talk, alpha-talk, zebra-talk]",
        ),
    )
    .unwrap();
    let (code, got) = problems(s.path());
    assert_eq!(code, 1, "{got:?}");
    assert_eq!(
        got,
        [
            "error content/conference.yaml:16:37 talk `zebra-talk` is listed twice on page \
          `highlights` | a page lists each talk once: remove the second one"
        ]
    );
}

#[test]
fn a_level_no_talk_has_gets_no_page_and_no_filter() {
    // The minimal site's talks are `beginner` and `advanced`: `intermediate` is unused.
    let (_tmp, out, _) = crate::support::outputs::build_ok(
        &fixture("minimal"),
        &["--base-url", "https://example.org/"],
    );
    assert!(out.join("levels/beginner/index.html").is_file());
    assert!(out.join("levels/advanced/index.html").is_file());
    assert!(!out.join("levels/intermediate").exists());
    let talks = text_of(&read(out.join("talks/index.html")));
    assert!(talks.contains("Beginner · Advanced"), "{talks}");
    assert!(!talks.contains("Intermediate"), "{talks}");
    let levels = text_of(&read(out.join("levels/index.html")));
    assert!(
        levels.contains("Beginner") && !levels.contains("Intermediate"),
        "{levels}"
    );
    let sitemap = read(out.join("sitemap.xml"));
    assert!(!sitemap.contains("levels/intermediate"), "{sitemap}");

    // No level used at all: no levels in the navigation or the filters either.
    let s = minimal();
    for f in [
        "content/talks/alpha-talk.md",
        "content/talks/2016/zebra-talk.yaml",
    ] {
        let p = s.path().join(f);
        let text = fs::read_to_string(&p).unwrap();
        let text: String = text
            .lines()
            .filter(|l| !l.starts_with("level:"))
            .map(|l| format!("{l}\n"))
            .collect();
        fs::write(&p, text).unwrap();
    }
    let (_tmp, out, _) = crate::support::outputs::build_ok(s.path(), &[]);
    assert!(!out.join("levels/beginner").exists());
    let talks = read(out.join("talks/index.html"));
    assert!(!talks.contains("/levels/"), "{talks}");
}
