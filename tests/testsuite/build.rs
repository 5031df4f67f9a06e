//! `talkgen build` on small sites: what it writes, and what it refuses to write.

use crate::support::common::*;
use std::fs;

#[test]
fn builds_a_site_without_templates_folder() {
    let site = site("minimal");
    assert!(!site.path().join("templates").exists());
    let run = talkgen(&["build"], site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Built 2 talks, 2 speakers, 2 tracks"),
        "{}",
        run.stdout
    );
    let out = site.path().join("public");
    // Titles are escaped; Markdown is rendered.
    let talk = read(out.join("talks/alpha-talk/index.html"));
    assert!(
        talk.contains("<h1>Alpha &lt;Talk&gt; &amp; &quot;Friends&quot;</h1>"),
        "{talk}"
    );
    assert!(talk.contains("<title>Alpha &lt;Talk&gt; &amp; &quot;Friends&quot; · MiniConf</title>"));
    assert!(talk.contains("<strong>abstract</strong>"));
    // A .yaml talk in a subfolder keeps its file name as slug; its abstract is the `abstract` key.
    let zebra = read(out.join("talks/zebra-talk/index.html"));
    assert!(zebra.contains("<p>Zebra abstract paragraph one.</p>"));
    assert!(
        text_of(&zebra).contains("Ada Lovelace, Grace Hopper"),
        "billing order"
    );
    // The explicit page order is kept; the track page is in listing order.
    let hl = text_of(&read(out.join("highlights/index.html")));
    assert!(hl.find("Zebra talk").unwrap() < hl.find("Alpha <Talk>").unwrap());
    // Drafts are left out.
    assert!(!out.join("talks/draft-talk").exists());
    assert!(!read(out.join("index.html")).contains("Secret draft"));
    // static/ is copied verbatim; the theme's stylesheet is there.
    assert_eq!(
        fs::read(out.join("images/ada.svg")).unwrap(),
        fs::read(site.path().join("static/images/ada.svg")).unwrap()
    );
    assert!(read(out.join("style.css")).contains("talkgen built-in theme"));
    // Speakers A–Z, with their talks.
    let speakers = text_of(&read(out.join("speakers/index.html")));
    assert!(speakers.find("Ada Lovelace").unwrap() < speakers.find("Grace Hopper").unwrap());
    assert!(text_of(&read(out.join("speakers/grace-hopper/index.html"))).contains("Zebra talk"));
    assert_internal_links_resolve(&out, "/");
}

#[test]
fn drafts_flag_includes_drafts() {
    let site = site("minimal");
    let run = talkgen(&["build", "--drafts"], site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site
        .path()
        .join("public/talks/draft-talk/index.html")
        .is_file());
}

#[test]
fn site_templates_override_the_built_in_theme_by_name() {
    let site = site("minimal");
    fs::create_dir_all(site.path().join("templates/partials")).unwrap();
    fs::write(
        site.path().join("templates/talk.html"),
        "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">{{ talk.title }} by {{ talk.speakers | length }}</p>{% endblock content %}",
    )
    .unwrap();
    fs::write(
        site.path().join("templates/partials/footer.html"),
        "<footer>custom footer</footer>",
    )
    .unwrap();
    let run = talkgen(&["build"], site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let talk = read(site.path().join("public/talks/zebra-talk/index.html"));
    assert!(
        talk.contains("<p class=\"custom\">Zebra talk by 2</p>"),
        "{talk}"
    );
    assert!(talk.contains("<footer>custom footer</footer>"));
    // Pages whose template was not overridden still use the built-in one.
    assert!(read(site.path().join("public/speakers/index.html")).contains("<h1>Speakers</h1>"));
}

#[test]
fn a_broken_template_is_reported_with_its_file_and_nothing_is_written() {
    let site = site("minimal");
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::write(
        site.path().join("templates/talk.html"),
        "{% extends \"base.html\" %}\n{% block content %}{{ talk.title \n{% endblock content %}",
    )
    .unwrap();
    let run = talkgen(&["build"], site.path());
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("templates/talk.html"), "{}", run.stderr);
    assert!(!site.path().join("public").exists());
}

#[test]
fn refuses_to_replace_a_folder_talkgen_did_not_create() {
    let site = site("minimal");
    fs::create_dir_all(site.path().join("src")).unwrap();
    fs::write(site.path().join("src/main.rs"), "fn main() {}").unwrap();
    let run = talkgen(&["build", "--output", "src"], site.path());
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    assert_eq!(read(site.path().join("src/main.rs")), "fn main() {}");
    fs::create_dir_all(site.path().join("notes")).unwrap();
    fs::write(site.path().join("notes/todo.txt"), "keep me").unwrap();
    let run = talkgen(&["build", "--output", "notes"], site.path());
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not created by talkgen"),
        "{}",
        run.stderr
    );
    assert_eq!(read(site.path().join("notes/todo.txt")), "keep me");
    // Its own output is replaced without fuss, and stale files go away.
    assert_eq!(talkgen(&["build"], site.path()).code, 0);
    fs::write(site.path().join("public/stale.html"), "old").unwrap();
    assert_eq!(talkgen(&["build"], site.path()).code, 0);
    assert!(!site.path().join("public/stale.html").exists());
    // No temporary folders are left beside the output.
    let names: Vec<String> = fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("talkgen-tmp"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn refuses_the_site_root_as_output() {
    let site = site("minimal");
    for out in [".", ".."] {
        let run = talkgen(&["build", "--output", out], site.path());
        assert_eq!(run.code, 2, "{out}: {}", run.stderr);
        assert!(
            run.stderr.contains("contains the site itself"),
            "{}",
            run.stderr
        );
    }
    assert!(site.path().join("content/conference.yaml").is_file());
}
