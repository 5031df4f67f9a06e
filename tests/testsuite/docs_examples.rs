//! The documentation's examples are run, so the docs cannot drift from the code.
//!
//! Convention (docs/content.md, "How the examples are checked"): a fenced block whose info string
//! has `title="PATH"` is the file PATH of an example site. docs/content.md's blocks together form
//! one site that must load with no error and no warning; docs/templates.md's titled blocks are
//! template overrides that must build and show up in the pages; the deploy recipes' `talkgen`
//! commands are run.

use std::fs;
use std::path::Path;

use crate::support::common::{self, read, repo_root, talkgen, tree};

/// One fenced code block of a Markdown file.
#[derive(Debug)]
struct Block {
    lang: String,
    title: Option<String>,
    body: String,
    /// 1-based line of the opening fence, for messages.
    line: usize,
}

/// The fenced blocks of `md` (``` or longer fences; a fence closes with at least as many).
fn blocks(md: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lines = md.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        let fence_len = line.chars().take_while(|c| *c == '`').count();
        if fence_len < 3 {
            continue;
        }
        let info = line[fence_len..].trim();
        let lang = info.split_whitespace().next().unwrap_or("").to_string();
        let title = info.find("title=\"").map(|at| {
            let rest = &info[at + 7..];
            rest[..rest.find('"').expect("closing quote of title")].to_string()
        });
        let mut body = String::new();
        for (_, l) in lines.by_ref() {
            let t = l.trim_start();
            if t.starts_with(&"`".repeat(fence_len)) && t.trim_matches('`').is_empty() {
                break;
            }
            body.push_str(l);
            body.push('\n');
        }
        out.push(Block {
            lang,
            title,
            body,
            line: i + 1,
        });
    }
    out
}

fn doc(name: &str) -> String {
    read(repo_root().join(name))
}

/// Writes docs/content.md's example files into `dir`; returns how many talk and speaker files.
fn write_content_examples(dir: &Path) -> (usize, usize) {
    let md = doc("docs/content.md");
    let (mut talks, mut speakers) = (0, 0);
    for b in blocks(&md) {
        if !matches!(b.lang.as_str(), "yaml" | "markdown" | "md") {
            continue;
        }
        let title = b.title.unwrap_or_else(|| {
            panic!(
                "docs/content.md:{}: a {} block without title=\"PATH\" would go untested",
                b.line, b.lang
            )
        });
        assert!(
            title.starts_with("content/"),
            "docs/content.md:{}: {title}",
            b.line
        );
        talks += usize::from(title.starts_with("content/talks/"));
        speakers += usize::from(title.starts_with("content/speakers/"));
        let path = dir.join(&title);
        assert!(
            !path.exists(),
            "docs/content.md:{}: {title} given twice",
            b.line
        );
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        // A photo under static/ is an image the organiser adds; stand one in.
        for line in b.body.lines() {
            if let Some(photo) = line.strip_prefix("photo: /") {
                let img = dir.join("static").join(photo.trim());
                fs::create_dir_all(img.parent().unwrap()).unwrap();
                fs::write(img, b"\xFF\xD8\xFF").unwrap();
            }
        }
        fs::write(&path, b.body).unwrap();
    }
    (talks, speakers)
}

#[test]
fn content_reference_examples_form_a_valid_site() {
    let site = tempfile::tempdir().unwrap();
    let (talks, speakers) = write_content_examples(site.path());
    assert!(site.path().join("content/conference.yaml").is_file());
    assert!(
        talks >= 2 && speakers >= 2,
        "{talks} talks, {speakers} speakers"
    );

    let (loaded, urls) = talkgen::load_site(site.path(), None, false)
        .unwrap_or_else(|e| panic!("docs/content.md's examples do not load:\n{e}"));
    let warnings: Vec<String> = loaded.warnings.iter().map(|w| w.to_string()).collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
    let s = &loaded.site;
    assert_eq!((s.talks.len(), s.speakers.len()), (talks, speakers));
    assert_eq!(urls.base_path, "/pybay/2016/");
    // What the examples promise: the .yaml forms' body keys, subfolders, both page kinds.
    let xonsh = s.talks.iter().find(|t| t.slug.as_str() == "xonsh").unwrap();
    assert!(xonsh.abstract_.html.contains("Xonsh brings Python"));
    assert!(s.pages.iter().all(|p| !p.talks.is_empty()));
    let m = s
        .speakers
        .iter()
        .find(|x| x.slug.as_str() == "matthias-bussonnier")
        .unwrap();
    assert!(m.bio.html.contains("IPython"));
}

#[test]
fn every_key_in_the_content_tables_is_in_an_example() {
    let md = doc("docs/content.md");
    let examples: String = blocks(&md)
        .into_iter()
        .filter(|b| b.title.is_some())
        .map(|b| b.body)
        .collect();
    let used = |key: &str| {
        examples.lines().any(|l| {
            let l = l.trim_start().trim_start_matches("- ");
            l.starts_with(&format!("{key}:"))
        })
    };
    let mut keys = Vec::new();
    for row in md.lines().filter(|l| l.starts_with("| `")) {
        let first = row.split('|').nth(1).unwrap();
        for k in first.split(',') {
            keys.push(k.trim().trim_matches('`').to_string());
        }
    }
    assert!(keys.len() > 30, "the tables were found: {keys:?}");
    let missing: Vec<&String> = keys.iter().filter(|k| !used(k)).collect();
    assert!(
        missing.is_empty(),
        "documented keys without an example: {missing:?}"
    );
}

/// The longest line of a template with no Tera in it: text that must reach the page.
fn literal_line(template: &str) -> String {
    template
        .lines()
        .map(str::trim)
        .filter(|l| !l.contains('{') && !l.contains('}'))
        .max_by_key(|l| l.len())
        .unwrap()
        .to_string()
}

#[test]
fn template_override_examples_build_and_are_used() {
    let site = tempfile::tempdir().unwrap();
    write_content_examples(site.path());
    let md = doc("docs/templates.md");
    let overrides: Vec<Block> = blocks(&md)
        .into_iter()
        .filter(|b| b.title.is_some())
        .collect();
    assert!(overrides.len() >= 2, "{overrides:?}");
    let root = site.path();
    let out = root.join("public");
    // Without the overrides, none of their text is on any page.
    assert_eq!(talkgen(&["build", "-q"], root).code, 0);
    let before: String = tree(&out)
        .into_values()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect();
    for b in &overrides {
        let title = b.title.as_deref().unwrap();
        assert!(
            title.starts_with("templates/"),
            "docs/templates.md:{}",
            b.line
        );
        assert!(!before.contains(&literal_line(&b.body)));
        let path = root.join(title);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, &b.body).unwrap();
    }
    let run = talkgen(&["build"], root);
    assert_eq!(
        run.code, 0,
        "docs/templates.md's overrides fail:\n{}",
        run.stderr
    );
    let pages = tree(&out);
    for b in &overrides {
        let line = literal_line(&b.body);
        let title = b.title.as_deref().unwrap();
        let hits = pages
            .values()
            .filter(|bytes| String::from_utf8_lossy(bytes).contains(&line))
            .count();
        assert!(hits > 0, "{title}: `{line}` is on no page");
    }
    let talk = read(out.join("talks/xonsh/index.html"));
    assert!(talk.contains("Back to the programme:"), "{talk}");
    assert!(talk.contains("href=\"../../\""), "{talk}");
}

/// Splits a shell command line into words (double and single quotes), like `sh` would.
pub(crate) fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            (None, c) => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

const EXAMPLE_URL: &str = "https://owner.example.io/conf";

/// The files of docs/examples/ (release.rs checks their versions, caches and installs).
const DEPLOY_RECIPES: &[&str] = &[
    "github-pages.yml",
    "gitlab-ci.yml",
    "netlify.toml",
    "cloudflare-pages.yml",
    "s3.yml",
    "install-talkgen.sh",
];

/// Replaces the hosts' variables for the site's address with an example address.
fn substitute(cmd: &str) -> String {
    cmd.replace("${{ steps.pages.outputs.base_url }}", EXAMPLE_URL)
        .replace("${{ vars.SITE_URL }}", EXAMPLE_URL)
        .replace("$CI_PAGES_URL", EXAMPLE_URL)
        .replace("$SITE_URL", EXAMPLE_URL)
        .replace("$URL", EXAMPLE_URL)
}

/// Every `talkgen SUBCOMMAND ...` command in the code of a document, as words.
fn talkgen_commands(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for line in code.lines() {
        let line = line.trim();
        // Comments and YAML step names are prose, not commands.
        if line.starts_with('#') || line.trim_start_matches("- ").starts_with("name:") {
            continue;
        }
        // A TOML string value: the command is inside the quotes.
        let line = match line.split_once("= '") {
            Some((_, rest)) => rest.trim_end_matches('\''),
            None => line,
        };
        let line = line.split(" #").next().unwrap();
        let mut rest = line;
        while let Some(at) = rest.find("talkgen ") {
            let cmd = &rest[at..];
            let end = ["&&", "||", "|", ";", ">"]
                .iter()
                .filter_map(|s| cmd.find(s))
                .min()
                .unwrap_or(cmd.len());
            let words = shell_words(&substitute(&cmd[..end]));
            if words.get(1).is_some_and(|w| {
                w.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && !w.contains('`')
            }) {
                out.push(words);
            }
            rest = &cmd[end..];
        }
    }
    out
}

/// The subcommands `talkgen --help` lists.
fn subcommands() -> Vec<String> {
    let help = talkgen(&["--help"], &repo_root()).stdout;
    let section = help.split("Commands:").nth(1).unwrap();
    section
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| *w != "help")
        .map(String::from)
        .collect()
}

#[test]
fn every_talkgen_command_in_the_docs_is_valid() {
    let subs = subcommands();
    assert!(subs.len() >= 5, "{subs:?}");
    let mut sources: Vec<(String, String)> = Vec::new();
    for name in [
        "README.md",
        "docs/content.md",
        "docs/templates.md",
        "docs/deploying.md",
    ] {
        for b in blocks(&doc(name)) {
            sources.push((format!("{name}:{}", b.line), b.body));
        }
    }
    for recipe in DEPLOY_RECIPES {
        let name = format!("docs/examples/{recipe}");
        sources.push((name.clone(), doc(&name)));
    }
    let mut checked = 0;
    for (whence, code) in &sources {
        for words in talkgen_commands(code) {
            assert!(
                subs.contains(&words[1]),
                "{whence}: `{}` is not a talkgen command ({subs:?})",
                words.join(" ")
            );
            // clap rejects unknown options and bad values before it prints the help.
            let mut args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
            args.push("--help");
            let run = talkgen(&args, &repo_root());
            assert_eq!(
                run.code,
                0,
                "{whence}: `{}` is refused:\n{}",
                words.join(" "),
                run.stderr
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} commands found");
    // The README's command table names every command.
    let readme = doc("README.md");
    for sub in &subs {
        assert!(
            readme.contains(&format!("| `talkgen {sub}")),
            "README.md's command list lacks `{sub}`"
        );
    }
}

/// Runs a documented `talkgen build` command on the content.md site and returns the site.
fn run_documented_build(words: &[String]) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    write_content_examples(site.path());
    let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
    let run = talkgen(&args, site.path());
    assert_eq!(run.code, 0, "`{}`: {}", words.join(" "), run.stderr);
    site
}

#[test]
fn github_pages_workflow_builds_what_it_uploads() {
    let text = doc("docs/examples/github-pages.yml");
    let wf: serde_yaml::Value = serde_yaml::from_str(&text).expect("valid YAML");
    assert!(wf["on"]["push"].is_mapping());
    assert_eq!(wf["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(wf["permissions"]["id-token"].as_str(), Some("write"));
    let steps = wf["jobs"]["build"]["steps"].as_sequence().unwrap();
    let builds: Vec<Vec<String>> = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .flat_map(talkgen_commands)
        .filter(|w| w[1] == "build")
        .collect();
    assert_eq!(builds.len(), 1, "{builds:?}");
    assert!(builds[0].contains(&"--base-url".to_string()));
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-pages-artifact"))
        })
        .expect("an upload-pages-artifact step");
    let uploaded = upload["with"]["path"].as_str().unwrap();
    let deploy = &wf["jobs"]["deploy"];
    assert_eq!(deploy["needs"].as_str(), Some("build"));

    let site = run_documented_build(&builds[0]);
    let out = site.path().join(uploaded);
    assert!(
        out.join("index.html").is_file(),
        "{uploaded} holds the site"
    );
    assert!(out.join("404.html").is_file());
    common::assert_internal_links_resolve(&out, "/conf/");
    // Pages link relative to themselves, so the same files work under /conf/ or anywhere.
    let talks = read(out.join("talks/index.html"));
    assert!(talks.contains("href=\"../talks/xonsh/\""), "{talks}");
}

#[test]
fn gitlab_and_other_deploy_recipes_run() {
    let md = doc("docs/deploying.md");
    let all = blocks(&md);
    let gitlab = doc("docs/examples/gitlab-ci.yml");
    let ci: serde_yaml::Value = serde_yaml::from_str(&gitlab).expect("valid YAML");
    let pages = &ci["pages"];
    assert_eq!(pages["artifacts"]["paths"][0].as_str(), Some("public"));
    let script: Vec<&str> = pages["script"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|l| l.as_str())
        .collect();
    let builds: Vec<Vec<String>> = script
        .iter()
        .flat_map(|l| talkgen_commands(l))
        .filter(|w| w[1] == "build")
        .collect();
    assert_eq!(builds.len(), 1);
    let site = run_documented_build(&builds[0]);
    common::assert_internal_links_resolve(&site.path().join("public"), "/conf/");

    // Every `talkgen build` of the recipes (Netlify, Cloudflare Pages, S3) runs.
    for recipe in DEPLOY_RECIPES {
        for words in talkgen_commands(&doc(&format!("docs/examples/{recipe}")))
            .into_iter()
            .filter(|w| w[1] == "build")
        {
            let site = run_documented_build(&words);
            common::assert_internal_links_resolve(&site.path().join("public"), "/conf/");
        }
    }

    // Every documented `talkgen build` (Netlify, S3, the base URL section) runs.
    let mut ran = 0;
    for b in &all {
        for words in talkgen_commands(&b.body)
            .into_iter()
            .filter(|w| w[1] == "build")
        {
            let site = run_documented_build(&words);
            assert!(site.path().join("public/index.html").is_file());
            ran += 1;
        }
    }
    assert!(ran >= 4, "{ran}");

    // The conference.yaml excerpt is valid: merged into the content.md example, it loads.
    let excerpt = all
        .iter()
        .find(|b| {
            b.title
                .as_deref()
                .is_some_and(|t| t.starts_with("content/conference.yaml"))
        })
        .expect("a conference.yaml excerpt");
    let site = tempfile::tempdir().unwrap();
    write_content_examples(site.path());
    let conf_path = site.path().join("content/conference.yaml");
    let mut conf: serde_yaml::Mapping = serde_yaml::from_str(&read(&conf_path)).unwrap();
    let part: serde_yaml::Mapping = serde_yaml::from_str(&excerpt.body).unwrap();
    conf.extend(part);
    fs::write(&conf_path, serde_yaml::to_string(&conf).unwrap()).unwrap();
    let (_, urls) = talkgen::load_site(site.path(), None, false)
        .unwrap_or_else(|e| panic!("docs/deploying.md's excerpt: {e}"));
    assert_eq!(urls.base_path, "/pybay/2016/");
}

#[test]
fn shell_words_split_like_sh() {
    assert_eq!(
        shell_words(r#"talkgen new talk "A b" --speaker 'c d'"#),
        ["talkgen", "new", "talk", "A b", "--speaker", "c d"]
    );
    let cmds = talkgen_commands("cargo install talkgen && talkgen build --base-url \"$URL/\"\n");
    assert_eq!(cmds.len(), 1);
    assert_eq!(cmds[0][3], format!("{EXAMPLE_URL}/"));
}

#[test]
fn readme_own_conference_walkthrough_runs() {
    let readme = doc("README.md");
    let section = readme
        .split("## Your own conference")
        .nth(1)
        .expect("README.md has the walkthrough");
    let block = &blocks(section)[0];
    let tmp = tempfile::tempdir().unwrap();
    let mut cwd = tmp.path().to_path_buf();
    let mut ran = Vec::new();
    for line in block.body.lines() {
        let line = line.split(" #").next().unwrap().trim();
        if let Some(dir) = line.strip_prefix("cd ") {
            cwd = cwd.join(dir.trim());
            continue;
        }
        let words = shell_words(line);
        if words.first().map(String::as_str) != Some("talkgen") {
            continue; // `cargo install`: the test runs the binary it built
        }
        let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
        let run = talkgen(&args, &cwd);
        assert_eq!(run.code, 0, "README.md: `{line}`:\n{}", run.stderr);
        ran.push(words[1].clone());
    }
    assert_eq!(ran, ["init", "new", "new", "build"]);
    assert!(cwd.join("public/index.html").is_file());
    let (loaded, _) = talkgen::load_site(&cwd, None, false).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(talkgen(&["check"], &cwd).code, 0);
}
