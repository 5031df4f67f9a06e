//! A site with bad content fails with a message naming the file and line, exits non-zero, and
//! leaves the previous output exactly as it was.

use crate::support::common::*;
use std::fs;

/// Builds the good fixture once, breaks it with `edit`, builds again, and returns stderr after
/// checking the exit code and that `public/` is byte-for-byte unchanged.
fn fails(edit: impl FnOnce(&std::path::Path)) -> String {
    let site = site("minimal");
    assert_eq!(talkgen(&["build"], site.path()).code, 0);
    let before = tree(&site.path().join("public"));
    edit(site.path());
    let run = talkgen(&["build"], site.path());
    assert_eq!(run.code, 1, "stdout: {} stderr: {}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(tree(&site.path().join("public")), before, "public/ changed");
    run.stderr
}

fn write(root: &std::path::Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

#[test]
fn broken_front_matter() {
    let err = fails(|r| {
        write(
            r,
            "content/talks/alpha-talk.md",
            "---\ntitle: \"unclosed\nspeakers: []\ntrack: web\n---\nx\n",
        )
    });
    assert!(err.contains("content/talks/alpha-talk.md:"), "{err}");
    let err = fails(|r| {
        write(
            r,
            "content/talks/alpha-talk.md",
            "---\ntitle: A\ntrack: web\n",
        )
    });
    assert!(err.contains("content/talks/alpha-talk.md:1:1"), "{err}");
    assert!(err.contains("never closed"), "{err}");
}

#[test]
fn yaml_errors_point_at_the_real_line_of_the_file() {
    let err = fails(|r| {
        write(
            r,
            "content/talks/alpha-talk.md",
            "---\ntitle: A\ntrack: web\nspeeker: [ada-lovelace]\n---\n",
        )
    });
    assert!(err.contains("content/talks/alpha-talk.md:4:1"), "{err}");
    assert!(err.contains("unknown key `speeker`"), "{err}");
}

#[test]
fn unknown_speaker_names_the_line_and_the_nearest_slug() {
    let err = fails(|r| {
        write(
            r,
            "content/talks/alpha-talk.md",
            "---\ntitle: A\nspeakers: [ada-lovelac]\ntrack: web\n---\n",
        )
    });
    assert!(err.contains("unknown speaker `ada-lovelac`"), "{err}");
    assert!(err.contains("content/talks/alpha-talk.md:3:12"), "{err}");
    assert!(err.contains("did you mean `ada-lovelace`?"), "{err}");
}

#[test]
fn unknown_track_and_level() {
    let err = fails(|r| {
        write(
            r,
            "content/talks/alpha-talk.md",
            "---\ntitle: A\ntrack: webb\nlevel: expert\n---\n",
        )
    });
    assert!(err.contains("unknown track `webb`"), "{err}");
    assert!(err.contains("content/talks/alpha-talk.md:3:8"), "{err}");
    assert!(err.contains("unknown level `expert`"), "{err}");
    assert!(err.contains("content/talks/alpha-talk.md:4:8"), "{err}");
    assert!(err.contains("beginner, intermediate, advanced"), "{err}");
}

#[test]
fn duplicate_slugs_name_both_files() {
    let err = fails(|r| {
        write(
            r,
            "content/talks/2017/alpha-talk.md",
            "---\ntitle: Again\ntrack: web\n---\n",
        )
    });
    assert!(err.contains("duplicate talk slug `alpha-talk`"), "{err}");
    assert!(
        err.contains("content/talks/2017/alpha-talk.md")
            || err.contains("content/talks/alpha-talk.md"),
        "{err}"
    );
    assert!(
        err.contains("content/talks/2017/alpha-talk.md")
            && err.contains("content/talks/alpha-talk.md"),
        "both files: {err}"
    );
}

#[test]
fn bad_slugs_are_refused() {
    for name in ["Alpha-Talk.md", "two words.md", "a..b.md", "-a.md"] {
        let err = fails(|r| {
            write(
                r,
                &format!("content/talks/{name}"),
                "---\ntitle: A\ntrack: web\n---\n",
            )
        });
        assert!(
            err.contains(&format!("content/talks/{name}")),
            "{name}: {err}"
        );
        assert!(err.contains("invalid slug"), "{name}: {err}");
    }
    let err = fails(|r| {
        let conf = read(r.join("content/conference.yaml"))
            .replace("slug: highlights", "slug: ../highlights");
        write(r, "content/conference.yaml", &conf);
    });
    assert!(err.contains("content/conference.yaml:"), "{err}");
    assert!(err.contains("invalid page slug"), "{err}");
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let err = fails(|r| {
        write(
            r,
            "content/talks/alpha-talk.md",
            "---\ntitle: A\nspeakers: [nobody]\ntrack: web\n---\n",
        );
        write(
            r,
            "content/talks/beta.md",
            "---\ntitle: B\ntrack: nowhere\n---\n",
        );
        write(
            r,
            "content/speakers/ada-lovelace.md",
            "---\nnmae: Ada\n---\n",
        );
    });
    assert!(err.contains("unknown speaker `nobody`"), "{err}");
    assert!(err.contains("unknown track `nowhere`"), "{err}");
    assert!(
        err.contains("content/speakers/ada-lovelace.md:2:1"),
        "{err}"
    );
}

#[test]
fn topic_page_slug_colliding_with_a_built_in_path() {
    let err = fails(|r| {
        let conf =
            read(r.join("content/conference.yaml")).replace("slug: highlights", "slug: talks");
        write(r, "content/conference.yaml", &conf);
    });
    assert!(err.contains("page slug `talks` collides"), "{err}");
    assert!(err.contains("content/conference.yaml:13:11"), "{err}");
}

#[test]
fn a_render_error_names_the_template_file_and_line_where_it_is_and_check_finds_it() {
    let site = site("minimal");
    write(
        site.path(),
        "templates/partials/footer.html",
        "<footer>\n  <p>{{ site.nmae }}</p>\n</footer>\n",
    );
    let root = site.path().to_str().unwrap();
    let build = talkgen(&["build", "--root", root], site.path());
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(
        build
            .stderr
            .contains("--> templates/partials/footer.html:2:14"),
        "{}",
        build.stderr
    );
    assert!(build.stderr.contains("Field `nmae` is not defined"));
    assert!(build.stderr.contains("included from the page's template"));
    // `check` renders a page of each template of a site that has its own: the same error,
    // once (every page includes the footer), not "the site is valid".
    let check = talkgen(&["check", "--root", root], site.path());
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert_eq!(
        check
            .stderr
            .matches("--> templates/partials/footer.html:2:14")
            .count(),
        1,
        "{}",
        check.stderr
    );
}
