//! Incremental rebuilds: which pages an edit re-renders, and that the result is exactly what a
//! full build writes.

use crate::support::common::{self, *};
use crate::support::serve::*;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use talkgen::layout::PageRef;
use talkgen::render::Views;
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

/// The served folder after incremental rebuilds is byte for byte what `talkgen build` writes:
/// after edits taken by the fast path (one talk file checked alone), after edits it must leave
/// to a whole load, and after a broken save that keeps the last good site.
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
    // A talk on no topic page, tagged, with a level: a title edit of it can be taken alone.
    fs::write(
        site.path().join("content/talks/gamma-talk.md"),
        "---\ntitle: Gamma talk\nspeakers: [grace-hopper]\ntrack: web\nlevel: beginner\n\
         description: Gamma.\ntags: [web, gamma]\n---\nGamma abstract.\n",
    )
    .unwrap();
    let server = Server::start(site.path(), &[]);
    let mut live = Live::connect(&server);
    let total = server.status()["last_pages"].as_u64().unwrap();
    let save = |live: &mut Live, rel: &str, from: &str, to: &str| {
        edit(site.path(), rel, from, to);
        assert_eq!(live.expect()["type"], "reload");
        let status = server.status();
        let kind = status["last_kind"].as_str().unwrap().to_owned();
        let rendered = status["last_pages"].as_u64().unwrap();
        if kind != "full" {
            assert!(rendered > 0 && rendered < total, "{rendered} of {total}");
        }
        kind
    };

    // Abstract edits (Markdown body, YAML key): the fast path.
    let kind = save(
        &mut live,
        "content/talks/alpha-talk.md",
        "The **abstract** of alpha",
        "An *edited* abstract of alpha",
    );
    assert_eq!(kind, "edited");
    assert!(server
        .get("/talks/alpha-talk/")
        .body
        .contains("<em>edited</em>"));
    let kind = save(
        &mut live,
        "content/talks/2016/zebra-talk.yaml",
        "Zebra abstract paragraph one.",
        "Zebra abstract, edited.",
    );
    assert_eq!(kind, "edited");
    // A description edit changes the summary pages and exports show: still the fast path.
    let kind = save(
        &mut live,
        "content/talks/2016/zebra-talk.yaml",
        "description: Stripes.",
        "description: Black *and* white stripes.",
    );
    assert_eq!(kind, "edited");
    assert!(server
        .get("/talks/zebra-talk/")
        .body
        .contains("Black <em>and</em> white"));
    // A title edit moves the talk in sorted lists (here on its speaker's page, after zebra).
    let kind = save(
        &mut live,
        "content/talks/gamma-talk.md",
        "title: Gamma talk",
        "title: Zulu talk",
    );
    assert_eq!(kind, "edited");
    assert!(server.get("/tags/gamma/").body.contains("Zulu talk"));
    // What the fast path alone made is already what a build writes.
    assert_served_equals_a_build(&server, site.path());
    // On a topic page the order may be the one written: left to the whole load.
    let kind = save(
        &mut live,
        "content/talks/alpha-talk.md",
        "title: Alpha",
        "title: Omega",
    );
    assert_eq!(kind, "incremental");
    // A changed reference or order (weight) is left to the whole load too.
    let kind = save(
        &mut live,
        "content/talks/gamma-talk.md",
        "track: web",
        "track: web\nweight: -1",
    );
    assert_eq!(kind, "incremental");
    assert_eq!(
        save(
            &mut live,
            "content/talks/gamma-talk.md",
            "speakers: [grace-hopper]",
            "speakers: [ada-lovelace]",
        ),
        "full"
    );

    // A broken save: the error is reported with its place, the last good site stays served.
    let builds = server.builds();
    edit(
        site.path(),
        "content/talks/2016/zebra-talk.yaml",
        "Zebra abstract, edited.",
        "Zebra abstract, see [nothing](/talks/no-such-talk/).",
    );
    assert_eq!(live.expect()["type"], "errors");
    assert_eq!(server.builds(), builds + 1);
    let errors = server.status()["errors"].to_string();
    assert!(errors.contains("zebra-talk.yaml"), "{errors}");
    assert!(errors.contains("no-such-talk"), "{errors}");
    wait_for("the error on stderr", || {
        server
            .stderr_text()
            .contains("content/talks/2016/zebra-talk.yaml:7:")
    });
    assert!(server
        .get("/talks/zebra-talk/")
        .body
        .contains("Zebra abstract, edited."));
    // Fixed again: the fast path takes it from the last good site.
    let kind = save(
        &mut live,
        "content/talks/2016/zebra-talk.yaml",
        "see [nothing](/talks/no-such-talk/)",
        "see [alpha](/talks/alpha-talk/)",
    );
    assert_eq!(kind, "edited");

    assert_served_equals_a_build(&server, site.path());
}

/// Every file served equals, byte for byte, what `talkgen build` writes for the site now.
fn assert_served_equals_a_build(server: &Server, root: &Path) {
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
        root,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let served = tree(&server.served_dir());
    let mut full = tree(&out_dir);
    assert!(full.contains_key(Path::new("schedule.json")));
    // By design (docs/offline.md) a preview keeps nothing offline: no worker's list, no
    // registration script in the pages, and a `sw.js` that removes itself.
    for name in ["sw-precache.json", "offline.js", "offline.html"] {
        assert!(full.remove(Path::new(name)).is_some(), "{name}");
    }
    assert!(String::from_utf8_lossy(&served[Path::new("sw.js")]).contains("unregister()"));
    full.insert("sw.js".into(), served[Path::new("sw.js")].clone());
    for (path, bytes) in full.iter_mut() {
        if path.extension().is_some_and(|e| e == "html") {
            let html = String::from_utf8(bytes.clone()).unwrap();
            let line = html
                .lines()
                .find(|l| l.contains("offline.js\" defer></script>"))
                .map(|l| format!("{l}\n"));
            if let Some(line) = line {
                *bytes = html.replacen(&line, "", 1).into_bytes();
            }
        }
    }
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
    let urls = talkgen::layout::Urls::new(Some("http://127.0.0.1:1111/"));
    let opts = talkgen::load::LoadOptions {
        drafts: false,
        base_path: urls.base_path.clone(),
        ..Default::default()
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
        .source()
        .unwrap()
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
