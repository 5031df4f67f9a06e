//! The chunked search index (`search-index/`), read back from what `talkgen build` wrote: every
//! chunk holds exactly the terms between its first term and the next chunk's, sizes stay
//! bounded, the details name each talk, speaker and track with its page, and the site's own
//! script (run under node on those files) loads only the files a query needs.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::time::Instant;

use crate::support::common::*;
use crate::support::outputs::*;
use crate::synth::gen;

/// The data of `search-index/<name>.js`: `TALKGEN_SEARCH_DATA("<name>",<json>);`.
fn data(out: &Path, name: &str) -> serde_json::Value {
    let text = read(out.join("search-index").join(format!("{name}.js")));
    let head = format!("TALKGEN_SEARCH_DATA(\"{name}\",");
    let json = text
        .strip_prefix(&head)
        .and_then(|t| t.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("{name}.js is not a data script: {}", &text[..80]));
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}.js: {e}"))
}

fn strs(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

/// JavaScript's `<` on strings: UTF-16 order.
fn js_lt(a: &str, b: &str) -> bool {
    a.encode_utf16().lt(b.encode_utf16())
}

/// A built synthetic site of `talks` talks (the benchmark generator), shared by the tests.
fn synth_site(talks: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let src = tempfile::tempdir().unwrap();
    gen::write_talkgen(&gen::Spec::scaled(talks), src.path()).unwrap();
    let (tmp, out, _) = build_ok(src.path(), &[]);
    (tmp, out)
}

/// Checks the whole index of `out` and returns every term with its chunk.
fn check_index(out: &Path) -> Vec<(String, usize)> {
    let meta = data(out, "meta");
    let firsts = strs(&meta["chunks"]);
    let files: BTreeSet<String> = fs::read_dir(out.join("search-index"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let chunks = files.iter().filter(|f| f.starts_with('t')).count();
    assert_eq!(chunks, firsts.len(), "one chunk file per first term");
    let mut all = Vec::new();
    for (n, first) in firsts.iter().enumerate() {
        let chunk = data(out, &format!("t{n}"));
        let terms: Vec<String> = chunk
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e[0].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(&terms[0], first, "chunk {n} starts with its first term");
        assert!(
            terms.windows(2).all(|w| js_lt(&w[0], &w[1])),
            "chunk {n} is sorted"
        );
        if let Some(next) = firsts.get(n + 1) {
            assert!(
                js_lt(terms.last().unwrap(), next),
                "chunk {n} ends before the next"
            );
        }
        all.extend(terms.into_iter().map(|t| (t, n)));
    }
    let docs = meta["docs"].as_u64().unwrap() as usize;
    let per = meta["per_file"].as_u64().unwrap() as usize;
    assert_eq!(
        files.iter().filter(|f| f.starts_with('d')).count(),
        docs.div_ceil(per)
    );
    all
}

#[test]
fn the_example_index_holds_every_talk_speaker_and_track_with_its_page() {
    let (_tmp, out, _) = build_ok(&repo_root(), &[]);
    let terms = check_index(&out);
    let words: BTreeSet<&str> = terms.iter().map(|(t, _)| t.as_str()).collect();
    // Folded as the script folds a query.
    assert!(words.contains("tracing") && words.contains("systemtap"));
    let meta = data(&out, "meta");
    let per = meta["per_file"].as_u64().unwrap() as usize;
    let mut details = Vec::new();
    for n in 0..meta["docs"].as_u64().unwrap() as usize / per + 1 {
        details.extend(data(&out, &format!("d{n}")).as_array().unwrap().clone());
    }
    let found = |kind: u64, title: &str, url: &str| {
        details
            .iter()
            .any(|d| d[0] == kind && d[1] == title && d[2] == url)
    };
    // Every page of a talk, a speaker and a track is a result (kinds 0, 1, 2), with its title
    // as the page shows it and its site path.
    let json = talks_json(&out);
    let talks = json["talks"].as_array().unwrap();
    for t in talks {
        let slug = t["slug"].as_str().unwrap();
        let title = t["title"].as_str().unwrap();
        assert!(found(0, title, &format!("talks/{slug}/")), "{slug}");
        assert!(out.join(format!("talks/{slug}/index.html")).is_file());
    }
    let speakers = fs::read_dir(out.join("speakers"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("index.html").is_file())
        .filter(|e| e.as_ref().unwrap().file_name() != "page")
        .count();
    let tracks = fs::read_dir(out.join("tracks"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("index.html").is_file())
        .count();
    let count = |k: u64| details.iter().filter(|d| d[0] == k).count();
    assert_eq!(
        (count(0), count(1), count(2)),
        (talks.len(), speakers, tracks)
    );
    assert!(found(1, "Eben Freeman", "speakers/eben-freeman/"));
    assert!(found(2, "Performant Python", "tracks/performant-python/"));
    assert_eq!(meta["strings"]["search_kind_speaker"], "Speaker");
}

#[test]
fn a_query_loads_only_the_chunks_of_its_words_and_the_details_it_shows() {
    let (_tmp, out) = synth_site(3000);
    let terms = check_index(&out);
    let meta = data(&out, "meta");
    let firsts = strs(&meta["chunks"]);
    assert!(
        firsts.len() > 4,
        "3,000 talks make several chunks: {}",
        firsts.len()
    );
    // Sizes: a chunk is cut at 48 KB unless one term alone is larger; a details file is small.
    for entry in fs::read_dir(out.join("search-index")).unwrap() {
        let entry = entry.unwrap();
        let size = entry.metadata().unwrap().len();
        let name = entry.file_name().to_string_lossy().into_owned();
        let bound = if name.starts_with('d') {
            16 * 1024
        } else {
            200 * 1024
        };
        assert!(size < bound, "{name}: {size} bytes");
    }
    // A word of every chunk's range: the query loads the manifest, that word's chunk(s) and
    // only details files, and every result holds the word.
    let (word, chunk) = terms
        .iter()
        .find(|(t, _)| t.len() > 6 && t.chars().all(|c| c.is_ascii_lowercase()))
        .unwrap();
    let (urls, files) = search_with_files(&out, word);
    assert!(!urls.is_empty(), "{word}");
    assert_eq!(files[0], "meta");
    let chunks: Vec<&String> = files.iter().filter(|f| f.starts_with('t')).collect();
    assert!(chunks.contains(&&format!("t{chunk}")), "{files:?}");
    assert!(chunks.len() <= 3, "{files:?}");
    assert!(files
        .iter()
        .all(|f| f == "meta" || f.starts_with('t') || f.starts_with('d')));
    // The prefix of a word finds what the word finds.
    let prefix: String = word.chars().take(4).collect();
    let by_prefix = search(&out, &prefix);
    assert!(
        urls.iter().all(|u| by_prefix.contains(u)),
        "{prefix} ⊇ {word}"
    );
    // Each result's page holds the word (case and accents aside).
    for url in urls.iter().take(5) {
        let page = text_of(&read(out.join(url).join("index.html")));
        assert!(fold(&page).contains(word.as_str()), "{url} holds {word}");
    }
}

#[test]
fn hostile_queries_are_bounded_and_find_nothing_they_should_not() {
    let (_tmp, out, _) = build_ok(&repo_root(), &[]);
    let long = "tracing ".repeat(1_250); // 10,000 characters
    let started = Instant::now();
    for q in [
        long.as_str(),
        "!!! ... ??? ***",
        "<img src=x onerror=alert(1)>",
        "日本語のテスト",
        "Ω≈ç√∫",
    ] {
        let (urls, files) = search_with_files(&out, q);
        if q.starts_with("tracing") {
            assert!(!urls.is_empty(), "a long query is read by its start");
        } else if !q.starts_with('<') {
            assert!(urls.is_empty(), "{q}: {urls:?}");
        }
        assert!(files.len() <= 1 + 3 * 6 + 50, "{q}: {} files", files.len());
    }
    assert!(started.elapsed().as_secs() < 30);
    // Only punctuation loads nothing at all.
    assert!(search_with_files(&out, "!!! ... ???").1.is_empty());
}
