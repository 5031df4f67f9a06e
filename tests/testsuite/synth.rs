//! The benchmark generator (`benches/synth/gen.rs`, run by `examples/synth.rs`) is
//! deterministic, and what it writes is a valid site: it loads without errors or warnings, and
//! builds. No timing here: performance lives in the benchmarks (BENCHMARKS.md).

#[path = "../../benches/synth/gen.rs"]
mod gen;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Every file under `root`, relative path → bytes.
fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(root).unwrap();
            out.insert(
                rel.to_string_lossy().into_owned(),
                fs::read(entry.path()).unwrap(),
            );
        }
    }
    out
}

#[test]
fn generator_is_deterministic() {
    let spec = gen::Spec::scaled(60);
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    gen::write_talkgen(&spec, a.path()).unwrap();
    gen::write_talkgen(&spec, b.path()).unwrap();
    gen::write_hugo(&spec, &a.path().join("hugo")).unwrap();
    gen::write_hugo(&spec, &b.path().join("hugo")).unwrap();
    let (sa, sb) = (snapshot(a.path()), snapshot(b.path()));
    // 60 talks and 36 speakers, plus the conference file, plus the Hugo copy.
    let talks = sa
        .keys()
        .filter(|k| k.starts_with("content/talks/"))
        .count();
    let speakers = sa
        .keys()
        .filter(|k| k.starts_with("content/speakers/"))
        .count();
    assert_eq!((talks, speakers), (60, 36));
    assert!(sa.keys().any(|k| k.starts_with("hugo/content/talks/")));
    assert_eq!(sa, sb);

    // Another seed gives other text.
    let c = tempfile::tempdir().unwrap();
    gen::write_talkgen(&gen::Spec { seed: 2, ..spec }, c.path()).unwrap();
    assert_ne!(
        snapshot(c.path()),
        sb.into_iter()
            .filter(|(k, _)| !k.starts_with("hugo/"))
            .collect()
    );
}

#[test]
fn generated_site_loads_cleanly_and_builds() {
    let spec = gen::Spec::scaled(300);
    let dir = tempfile::tempdir().unwrap();
    gen::write_talkgen(&spec, dir.path()).unwrap();
    let (loaded, _urls) = match talkgen::load_site(dir.path(), None, false) {
        Ok(l) => l,
        Err(e) => panic!("generated site does not load: {e}"),
    };
    assert!(loaded.warnings.is_empty(), "{}", loaded.warnings);
    let site = &loaded.site;
    assert_eq!(
        (site.talks.len(), site.speakers.len(), site.tracks.len()),
        (300, 180, 7)
    );
    // Realistic content: 1–3 speakers, multi-paragraph abstracts, mostly slotted.
    assert!(site
        .talks
        .iter()
        .all(|t| (1..=3).contains(&t.speakers.len())));
    assert!(site.talks.iter().any(|t| t.speakers.len() > 1));
    assert!(site
        .talks
        .iter()
        .all(|t| t.abstract_.html.matches("<p>").count() >= 2));
    assert!(site
        .speakers
        .iter()
        .all(|s| !s.talks.is_empty() && !s.bio.is_empty()));
    let slotted = site.talks.iter().filter(|t| t.slot.is_some()).count();
    assert!(slotted > 200, "{slotted}");
    // No two talks share a room at overlapping times.
    let mut slots: Vec<_> = site
        .talks
        .iter()
        .filter_map(|t| t.slot.as_ref())
        .map(|s| (s.room().to_owned(), s.start(), s.end()))
        .collect();
    slots.sort();
    for w in slots.windows(2) {
        assert!(
            w[0].0 != w[1].0 || w[0].2 <= w[1].1,
            "overlap in {}: {:?} and {:?}",
            w[0].0,
            w[0],
            w[1]
        );
    }

    let out = dir.path().join("public");
    let summary = talkgen::build(&talkgen::BuildOptions::new(dir.path())).unwrap();
    assert_eq!(summary.talks, 300);
    let talk_pages = fs::read_dir(out.join("talks")).unwrap().count();
    assert_eq!(talk_pages, 300);
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(index.matches("class=\"talk-item\"").count(), 300);
}

/// The links of the "Filter talks" navigation's track line on `page`.
fn track_filter_links(page: &str) -> Vec<String> {
    let nav = &page[page.find("<nav class=\"filters\"").expect("a filter bar")..];
    let line = &nav[..nav.find("</p>").unwrap()];
    line.split("href=\"")
        .skip(1)
        .map(|l| l[..l.find('"').unwrap()].to_owned())
        .collect()
}

#[test]
fn filters_link_the_largest_tracks_and_then_all_of_them() {
    // 60 talks in 30 tracks: every track has a talk, the first ones two.
    let spec = gen::Spec {
        tracks: 30,
        ..gen::Spec::scaled(60)
    };
    let dir = tempfile::tempdir().unwrap();
    gen::write_talkgen(&spec, dir.path()).unwrap();
    talkgen::build(&talkgen::BuildOptions::new(dir.path())).unwrap();
    let (loaded, _) = talkgen::load_site(dir.path(), None, false).unwrap();
    let site = &loaded.site;
    let out = dir.path().join("public");
    let links = track_filter_links(&fs::read_to_string(out.join("index.html")).unwrap());
    assert_eq!(links.len(), 25, "{links:?}");
    assert_eq!(links[24], "/tracks/", "then a link to all of them");
    // The 24 with the most talks, in the conference's order.
    let mut largest: Vec<usize> = (0..site.tracks.len()).collect();
    largest.sort_by_key(|&i| std::cmp::Reverse(site.tracks[i].talks.len()));
    largest.truncate(24);
    largest.sort_unstable();
    let expected: Vec<String> = largest
        .iter()
        .map(|&i| format!("/tracks/{}/", site.tracks[i].slug))
        .collect();
    assert_eq!(links[..24], expected[..]);
    let left_out = (0..site.tracks.len())
        .find(|i| !largest.contains(i))
        .unwrap();
    let smallest = &site.tracks[left_out];
    assert!(!links.contains(&format!("/tracks/{}/", smallest.slug)));
    // Every listing page says how many there are; the tracks page lists every one.
    let own = fs::read_to_string(out.join(format!("tracks/{}/index.html", smallest.slug))).unwrap();
    assert!(own.contains("all 30 tracks"), "the link says how many");
    let all = fs::read_to_string(out.join("tracks/index.html")).unwrap();
    for t in &site.tracks {
        assert!(
            all.contains(&format!("href=\"/tracks/{}/\"", t.slug)),
            "{}",
            t.slug
        );
    }
}

/// The output formats the generated Hugo config declares: name → base name, in order.
fn hugo_output_formats(config: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in config.lines() {
        if let Some(name) = line
            .strip_prefix("[outputFormats.")
            .and_then(|l| l.strip_suffix(']'))
        {
            out.push((name.to_owned(), String::new()));
        } else if let Some(base) = line.strip_prefix("baseName = ") {
            let last = out.last_mut().expect("baseName outside an output format");
            last.1 = base.trim_matches('"').to_owned();
        }
    }
    out
}

/// The benchmark compares like with like: every file talkgen writes at the root of the site, and
/// every `talk.ics`, has a counterpart the Hugo site makes (an output format with a template, a
/// static file, or robots.txt), and every folder has a Hugo section or taxonomy. A new talkgen
/// export makes this fail until the Hugo side models it too.
#[test]
fn hugo_site_writes_what_talkgen_writes() {
    let spec = gen::Spec::scaled(120);
    let dir = tempfile::tempdir().unwrap();
    gen::write_talkgen(&spec, dir.path()).unwrap();
    let hugo = dir.path().join("hugo");
    gen::write_hugo(&spec, &hugo).unwrap();
    talkgen::build(&talkgen::BuildOptions::new(dir.path())).unwrap();
    let out = dir.path().join("public");
    let layouts = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/hugo/layouts");

    let config = fs::read_to_string(hugo.join("config.toml")).unwrap();
    let home_line = config
        .lines()
        .find(|l| l.starts_with("home = "))
        .expect("the config sets the home page's outputs");
    // Each declared format renders through a template named after it (Hugo would otherwise skip
    // it silently); its file name is the base name plus the template's suffix.
    let mut home_files = Vec::new();
    let mut page_files = Vec::new();
    for (name, base) in hugo_output_formats(&config) {
        let mut found = None;
        for (kind, prefix) in [("home", "index."), ("page", "_default/single.")] {
            let folder = layouts.join(Path::new(prefix).parent().unwrap_or(Path::new("")));
            let stem = format!(
                "{}{name}.",
                Path::new(prefix).file_name().unwrap().to_string_lossy()
            );
            for entry in fs::read_dir(&folder).unwrap() {
                let file = entry.unwrap().file_name().to_string_lossy().into_owned();
                if let Some(ext) = file.strip_prefix(&stem) {
                    found = Some((kind, format!("{base}.{ext}")));
                }
            }
        }
        match found {
            Some(("home", file)) => {
                assert!(
                    home_line.contains(&format!("\"{name}\"")),
                    "{name} not on home"
                );
                home_files.push(file);
            }
            Some((_, file)) => page_files.push((name, file)),
            None => panic!(
                "output format {name} has no template in {}",
                layouts.display()
            ),
        }
    }

    for entry in fs::read_dir(&out).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            let modelled = hugo.join("content").join(&name).is_dir()
                || config.contains(&format!("= \"{name}\""));
            assert!(
                modelled,
                "talkgen writes {name}/, the Hugo site has no {name} section"
            );
            continue;
        }
        let modelled = match name.as_str() {
            ".talkgen-output" => true, // talkgen's own marker of an output folder
            "index.html" => layouts.join("index.html").is_file(),
            "404.html" => layouts.join("404.html").is_file(),
            "robots.txt" => {
                config.contains("enableRobotsTXT = true") && layouts.join("robots.txt").is_file()
            }
            _ => home_files.contains(&name) || hugo.join("static").join(&name).is_file(),
        };
        assert!(modelled, "talkgen writes {name}, the Hugo site does not");
    }

    // A scheduled talk's talk.ics: the talk's Hugo page asks for the calendar format.
    let (ics_format, ics_file) = page_files
        .iter()
        .find(|(_, file)| file == "talk.ics")
        .expect("an output format for talk.ics");
    let mut calendars = 0;
    for entry in fs::read_dir(out.join("talks")).unwrap() {
        let slug = entry.unwrap().file_name().to_string_lossy().into_owned();
        let page =
            fs::read_to_string(hugo.join("content/talks").join(format!("{slug}.md"))).unwrap();
        let asks = page
            .lines()
            .any(|l| l.starts_with("outputs: ") && l.contains(ics_format.as_str()));
        assert_eq!(
            asks,
            out.join("talks").join(&slug).join(ics_file).is_file(),
            "{slug}"
        );
        calendars += usize::from(asks);
    }
    assert!(calendars > 50, "{calendars}");
}
