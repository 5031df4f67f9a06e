//! The benchmark generator (`benches/synth/gen.rs`, run by `examples/synth.rs`) is
//! deterministic, and what it writes is a valid site: it loads without errors or warnings, and
//! builds. No timing here: performance lives in the benchmarks (BENCHMARKS.md).

#[path = "../benches/synth/gen.rs"]
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
