//! Incremental rebuilds: which pages an edit re-renders, and that the result is exactly what a
//! full build writes.

mod common;
mod serve_support;

use common::*;
use serve_support::*;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use talkgen::render::{PageRef, Views};
use talkgen::serve::incremental::{plan, Plan};

fn load(root: &Path) -> (talkgen::load::Loaded, Views) {
    let (loaded, urls) = talkgen::load_site(root, Some("http://127.0.0.1:1111/"), false).unwrap();
    let views = Views::new(&loaded.site, urls);
    (loaded, views)
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = read(&path);
    assert!(text.contains(from), "{rel} has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn talk_id(site: &talkgen::model::Site, slug: &str) -> talkgen::model::TalkId {
    site.talk_ids()
        .find(|id| site.talk(*id).slug.as_str() == slug)
        .unwrap()
}

#[test]
fn an_abstract_edit_re_renders_only_the_pages_showing_the_talk() {
    let site = site("minimal");
    let (old, old_views) = load(site.path());
    edit(
        site.path(),
        "content/talks/alpha-talk.md",
        "The **abstract** of alpha",
        "A rewritten abstract of alpha",
    );
    let (new, new_views) = load(site.path());
    let Plan::Pages(pages) = plan(&old.site, &old_views, &new.site, &new_views) else {
        panic!("an abstract edit should not need a full rebuild");
    };
    let id = talk_id(&new.site, "alpha-talk");
    let expected: BTreeSet<PageRef> = PageRef::showing_talk(&new.site, id).into_iter().collect();
    assert_eq!(pages.iter().copied().collect::<BTreeSet<_>>(), expected);
    assert!(pages.len() < PageRef::all(&new.site).len());
    assert!(!pages.contains(&PageRef::Talk(talk_id(&new.site, "zebra-talk"))));
}

#[test]
fn moving_a_talk_to_another_speaker_rebuilds_everything() {
    let site = site("minimal");
    let (old, old_views) = load(site.path());
    edit(
        site.path(),
        "content/talks/alpha-talk.md",
        "speakers: [ada-lovelace]",
        "speakers: [grace-hopper]",
    );
    let (new, new_views) = load(site.path());
    // Speaker talk counts changed: the speakers' values differ, so everything is rebuilt.
    assert_eq!(
        plan(&old.site, &old_views, &new.site, &new_views),
        Plan::Full
    );
}

#[test]
fn site_wide_changes_need_a_full_rebuild() {
    let site = site("minimal");
    let (old, old_views) = load(site.path());
    edit(
        site.path(),
        "content/conference.yaml",
        "name: MiniConf",
        "name: MaxiConf",
    );
    let (new, new_views) = load(site.path());
    assert_eq!(
        plan(&old.site, &old_views, &new.site, &new_views),
        Plan::Full
    );

    let site = common::site("minimal");
    let (old, old_views) = load(site.path());
    fs::remove_file(site.path().join("content/talks/draft-talk.md")).unwrap();
    fs::write(
        site.path().join("content/talks/new-talk.md"),
        "---\ntitle: New\nspeakers: [ada-lovelace]\ntrack: web\n---\nNew.\n",
    )
    .unwrap();
    let (new, new_views) = load(site.path());
    assert_eq!(
        plan(&old.site, &old_views, &new.site, &new_views),
        Plan::Full
    );
}

#[test]
fn an_unchanged_reload_re_renders_nothing() {
    let site = site("minimal");
    let (old, old_views) = load(site.path());
    let (new, new_views) = load(site.path());
    assert_eq!(
        plan(&old.site, &old_views, &new.site, &new_views),
        Plan::Pages(vec![])
    );
}

/// The served folder after incremental rebuilds is byte for byte what `talkgen build` writes.
#[test]
fn incremental_output_equals_a_full_build() {
    let site = site("minimal");
    // With a time zone the build also writes schedule.json and schedule.xml, which list talks.
    edit(
        site.path(),
        "content/conference.yaml",
        "venue: Town Hall",
        "venue: Town Hall\ntimezone: Europe/Berlin",
    );
    let server = Server::start(site.path(), &[]);
    let mut live = Live::connect(&server);
    let total = server.status()["last_pages"].as_u64().unwrap();

    edit(
        site.path(),
        "content/talks/alpha-talk.md",
        "The **abstract** of alpha",
        "An *edited* abstract of alpha",
    );
    assert_eq!(live.expect()["type"], "reload");
    let status = server.status();
    assert_eq!(status["last_kind"], "incremental", "{status}");
    let rendered = status["last_pages"].as_u64().unwrap();
    assert!(rendered > 0 && rendered < total, "{rendered} of {total}");
    assert!(server
        .get("/talks/alpha-talk/")
        .body
        .contains("<em>edited</em>"));

    edit(
        site.path(),
        "content/talks/2016/zebra-talk.yaml",
        "Zebra abstract paragraph one.",
        "Zebra abstract, edited.",
    );
    assert_eq!(live.expect()["type"], "reload");
    assert_eq!(server.status()["last_kind"], "incremental");

    let out = tempfile::tempdir().unwrap();
    let base = format!("http://127.0.0.1:{}/", server.port);
    let out_dir = out.path().join("full");
    let run = talkgen(
        &[
            "build",
            "--base-url",
            &base,
            "--output",
            out_dir.to_str().unwrap(),
        ],
        site.path(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let served = tree(&server.served_dir());
    let full = tree(&out_dir);
    assert!(full.contains_key(Path::new("schedule.json")));
    assert_eq!(
        served.keys().collect::<Vec<_>>(),
        full.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &full {
        assert!(
            served[path] == *bytes,
            "{} differs from a full build",
            path.display()
        );
    }
}

#[test]
fn a_cached_load_sees_forgotten_files_and_equals_a_fresh_load() {
    let site = site("minimal");
    let root = site.path().canonicalize().unwrap();
    let urls = talkgen::render::Urls::new(Some("http://127.0.0.1:1111/"));
    let opts = talkgen::load::LoadOptions {
        drafts: false,
        base_path: urls.base_path.clone(),
    };
    let mut cache = talkgen::load::ParseCache::new();
    let first = talkgen::load::load_cached(&root, &opts, &mut cache).unwrap();
    assert_eq!(
        cache.len(),
        5,
        "3 talks (a draft too) and 2 speakers are cached"
    );
    assert_eq!(first.site.talks.len(), 2);

    edit(
        &root,
        "content/talks/alpha-talk.md",
        "The **abstract** of alpha",
        "A cached-then-forgotten abstract",
    );
    edit(
        &root,
        "content/speakers/grace-hopper.md",
        "name: Grace Hopper",
        "name: Grace B. Hopper",
    );
    cache.forget(&root.join("content/talks/alpha-talk.md"));
    cache.forget(&root.join("content/speakers"));
    let cached = talkgen::load::load_cached(&root, &opts, &mut cache).unwrap();
    let fresh = talkgen::load::load(&root, &opts).unwrap();
    let a = Views::new(&cached.site, urls.clone());
    let b = Views::new(&fresh.site, urls.clone());
    assert!(a.talks == b.talks && a.speakers == b.speakers && a.site == b.site);
    assert_eq!(cached.warnings, fresh.warnings);
    let alpha = talk_id(&cached.site, "alpha-talk");
    assert!(cached
        .site
        .talk(alpha)
        .abstract_
        .source
        .contains("cached-then-forgotten"));
    assert!(cached
        .site
        .speakers
        .iter()
        .any(|s| s.name == "Grace B. Hopper"));

    // A file that became invalid is reported from the cache's fresh parse, as a load would.
    edit(
        &root,
        "content/talks/alpha-talk.md",
        "speakers: [ada-lovelace]",
        "speakers: [nobody]",
    );
    cache.forget(&root.join("content/talks/alpha-talk.md"));
    let err = talkgen::load::load_cached(&root, &opts, &mut cache).unwrap_err();
    assert_eq!(
        err.to_string(),
        talkgen::load::load(&root, &opts).unwrap_err().to_string()
    );
}
