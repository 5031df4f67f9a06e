//! Dynamic shell completion: the binary answers `COMPLETE=SHELL talkgen -- WORDS...` with the
//! speaker slugs, track slugs and template names of the site it is run in, and the script
//! `talkgen completions bash` prints makes real bash offer them at Tab.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::common::{talkgen, BIN};

/// A starter site with a third speaker, so the candidates are not only the starter's.
fn site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for args in [&["init"][..], &["new", "speaker", "Grace Hopper"]] {
        let run = talkgen(args, tmp.path());
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
    tmp
}

/// The speaker slugs as the site's files name them, sorted.
fn speaker_files(root: &Path) -> Vec<String> {
    let mut slugs: Vec<String> = fs::read_dir(root.join("content/speakers"))
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            path.file_stem().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    slugs.sort();
    slugs
}

/// The track slugs of the site's conference.yaml, in its order.
fn conference_tracks(root: &Path) -> Vec<String> {
    let text = fs::read_to_string(root.join("content/conference.yaml")).unwrap();
    let conf: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    conf["tracks"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|t| t["slug"].as_str().unwrap().to_string())
        .collect()
}

struct Answer {
    code: i32,
    candidates: Vec<String>,
    stderr: String,
}

/// What the binary answers bash's script for the command line `words`, the last one being
/// completed (as `_clap_complete_talkgen` calls it: index of the word, IFS between answers).
fn complete(shell: &str, cwd: &Path, words: &[&str]) -> Answer {
    complete_at(shell, cwd, words, words.len() - 1)
}

/// [`complete`] for the word at `index`.
fn complete_at(shell: &str, cwd: &Path, words: &[&str], index: usize) -> Answer {
    let out = Command::new(BIN)
        .arg("--")
        .args(words)
        .current_dir(cwd)
        .env("COMPLETE", shell)
        .env("_CLAP_COMPLETE_INDEX", index.to_string())
        .env("_CLAP_IFS", "\n")
        .output()
        .expect("run talkgen");
    Answer {
        code: out.status.code().unwrap_or(-1),
        candidates: String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .filter(|l| !l.is_empty())
            .collect(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The candidates that are not options (an empty word at a positional also offers `--root` etc.).
fn values(answer: Answer) -> Vec<String> {
    answer
        .candidates
        .into_iter()
        .filter(|c| !c.starts_with('-'))
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn speaker_track_and_template_candidates_are_the_sites() {
    let site = site();
    let root = site.path();
    let speakers = speaker_files(root);
    assert!(
        speakers.contains(&"grace-hopper".to_string()),
        "{speakers:?}"
    );
    let got = complete(
        "bash",
        root,
        &["talkgen", "new", "talk", "X", "--speaker", ""],
    );
    assert_eq!((got.code, got.stderr.as_str()), (0, ""));
    assert_eq!(sorted(got.candidates), speakers);
    let got = complete("bash", root, &["talkgen", "new", "talk", "X", "-s", "gr"]);
    assert_eq!(got.candidates, ["grace-hopper"]);

    let tracks = conference_tracks(root);
    assert!(tracks.len() >= 2, "{tracks:?}");
    let got = complete(
        "bash",
        root,
        &["talkgen", "new", "talk", "X", "--track", ""],
    );
    assert_eq!(got.candidates, tracks);
    let first = &tracks[1][..1];
    let got = complete("bash", root, &["talkgen", "new", "talk", "X", "-t", first]);
    let want: Vec<&String> = tracks.iter().filter(|t| t.starts_with(first)).collect();
    assert_eq!(got.candidates.iter().collect::<Vec<_>>(), want);

    // Every built-in template, until the site has its own copy of one.
    let builtin: Vec<String> = talkgen::theme::TEMPLATES
        .iter()
        .chain(talkgen::theme::FILES)
        .map(|(n, _)| n.to_string())
        .collect();
    let got = complete("bash", root, &["talkgen", "new", "template", ""]);
    assert!(got.candidates.contains(&"--root".to_string()));
    assert_eq!(sorted(values(got)), sorted(builtin.clone()));
    for name in ["talk.html", "partials/footer.html", "style.css"] {
        assert_eq!(talkgen(&["new", "template", name], root).code, 0);
    }
    let got = complete("bash", root, &["talkgen", "new", "template", ""]);
    let left: Vec<String> = builtin
        .into_iter()
        .filter(|n| !["talk.html", "partials/footer.html", "style.css"].contains(&n.as_str()))
        .collect();
    assert_eq!(sorted(values(got)), sorted(left));
    let got = complete("bash", root, &["talkgen", "new", "template", "partials/f"]);
    assert_eq!(got.candidates, ["partials/filters.html"]);
}

#[test]
fn the_site_is_found_from_a_subfolder_and_from_root() {
    let site = site();
    let root = site.path();
    let speakers = speaker_files(root);
    let talks = root.join("content/talks");
    let got = complete(
        "bash",
        &talks,
        &["talkgen", "new", "talk", "X", "--speaker", ""],
    );
    assert_eq!(sorted(got.candidates), speakers);

    let elsewhere = tempfile::tempdir().unwrap();
    let dir = root.to_str().unwrap();
    let root_eq = format!("--root={dir}");
    // `--root DIR`, `--root=DIR` (zsh, fish) and bash's `--root = DIR` (split at `=`).
    for words in [
        &[
            "talkgen",
            "new",
            "talk",
            "X",
            "--root",
            dir,
            "--speaker",
            "",
        ][..],
        &["talkgen", "new", "talk", "X", &root_eq, "--speaker", ""],
        &[
            "talkgen",
            "new",
            "talk",
            "X",
            "--root",
            "=",
            dir,
            "--speaker",
            "",
        ],
    ] {
        let got = complete("bash", elsewhere.path(), words);
        assert_eq!(sorted(got.candidates), speakers, "{words:?}");
    }
    // `--root` typed after the word being completed counts too.
    let words = [
        "talkgen",
        "new",
        "talk",
        "X",
        "--speaker",
        "",
        "--root",
        dir,
    ];
    let got = complete_at("bash", elsewhere.path(), &words, 5);
    assert_eq!(sorted(got.candidates), speakers);
}

#[test]
fn no_site_or_a_broken_one_gives_no_candidates_and_no_errors() {
    let empty = tempfile::tempdir().unwrap();
    let got = complete(
        "bash",
        empty.path(),
        &["talkgen", "new", "talk", "X", "--speaker", ""],
    );
    assert_eq!(
        (got.code, got.candidates.len(), got.stderr.as_str()),
        (0, 0, "")
    );

    let broken = tempfile::tempdir().unwrap();
    fs::create_dir_all(broken.path().join("content/speakers")).unwrap();
    fs::write(
        broken.path().join("content/conference.yaml"),
        "tracks: [\n  {slug: ",
    )
    .unwrap();
    let got = complete(
        "bash",
        broken.path(),
        &["talkgen", "new", "talk", "X", "--track", ""],
    );
    assert_eq!(
        (got.code, got.candidates.len(), got.stderr.as_str()),
        (0, 0, "")
    );

    // A word index past the line is a failed request: exit 1, still silent.
    let out = Command::new(BIN)
        .args(["--", "talkgen", "new"])
        .env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", "9")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
}

#[test]
fn fish_and_zsh_get_the_same_candidates() {
    let site = site();
    let root = site.path();
    let speakers = speaker_files(root);
    for shell in ["fish", "zsh"] {
        let got = complete(
            shell,
            root,
            &["talkgen", "new", "talk", "X", "--speaker", ""],
        );
        assert_eq!(got.code, 0, "{shell}: {}", got.stderr);
        // fish gets `value<TAB>help`; none of these candidates has a help text.
        assert_eq!(sorted(got.candidates), speakers, "{shell}");
    }
}

/// The script of `talkgen completions SHELL` registers a function that calls this binary back.
#[test]
fn completions_prints_the_script_that_calls_talkgen_back() {
    for (shell, marker) in [
        ("bash", "-F _clap_complete_talkgen talkgen"),
        ("zsh", "#compdef talkgen"),
        (
            "fish",
            "complete --keep-order --exclusive --command talkgen",
        ),
        ("elvish", "set edit:completion:arg-completer[talkgen]"),
        (
            "powershell",
            "Register-ArgumentCompleter -Native -CommandName talkgen",
        ),
    ] {
        let run = talkgen(&["completions", shell], Path::new("."));
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains(marker), "{shell}: {}", run.stdout);
        assert!(run.stdout.contains(BIN), "{shell} calls {BIN} back");
        assert!(
            run.stdout.contains(&format!("COMPLETE=\"{shell}\""))
                || run.stdout.contains(&format!("COMPLETE={shell}"))
                || run.stdout.contains(&format!("COMPLETE = \"{shell}\"")),
            "{shell}: {}",
            run.stdout
        );
        // `COMPLETE=SHELL talkgen` prints the same script.
        let env = Command::new(BIN).env("COMPLETE", shell).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&env.stdout), run.stdout, "{shell}");
    }
}

/// Run from PATH, as installed (and as the release archives make it), the script calls plain
/// `talkgen`, not a path of the machine it was made on.
#[test]
fn a_script_made_from_path_calls_talkgen_by_name() {
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .args(["-c", "talkgen completions bash"])
        .env("PATH", path)
        .output()
        .unwrap();
    let script = String::from_utf8_lossy(&out.stdout);
    assert!(
        script.contains("\"talkgen\" -- \"${words[@]}\""),
        "{script}"
    );
    assert!(!script.contains(&bin_dir.display().to_string()), "{script}");
}

/// Real bash: source the script, check `complete -p`, press Tab after `--speaker` and
/// `new template par` by calling the registered function as bash's completion does.
#[test]
fn bash_offers_the_sites_speakers_at_tab() {
    let site = site();
    let root = site.path();
    let run = talkgen(&["completions", "bash"], root);
    let dir = tempfile::tempdir().unwrap();
    let file: PathBuf = dir.path().join("talkgen.bash");
    fs::write(&file, &run.stdout).unwrap();
    let tab = |line: &[&str]| -> Vec<String> {
        let words: Vec<String> = line.iter().map(|w| format!("'{w}'")).collect();
        let script = format!(
            "source '{file}' || exit 9; complete -p talkgen | grep -q _clap_complete_talkgen \
             || exit 8; COMP_WORDS=({words}); COMP_CWORD={cword}; COMP_LINE='{text}'; \
             COMP_POINT=${{#COMP_LINE}}; COMP_TYPE=9; \
             _clap_complete_talkgen talkgen '{cur}' '{prev}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            file = file.display(),
            words = words.join(" "),
            cword = line.len() - 1,
            text = line.join(" "),
            cur = line[line.len() - 1],
            prev = line[line.len() - 2],
        );
        let out = Command::new("bash")
            .args(["--norc", "-c", &script])
            .current_dir(root)
            .output()
            .expect("run bash");
        assert!(out.status.success(), "{out:?}");
        assert!(out.stderr.is_empty(), "{out:?}");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    let got = tab(&["talkgen", "new", "talk", "Rust in space", "--speaker", ""]);
    assert_eq!(sorted(got), speaker_files(root));
    let got = tab(&["talkgen", "new", "talk", "X", "--track", ""]);
    assert_eq!(got, conference_tracks(root));
    let got = tab(&["talkgen", "new", "template", "partials/fo"]);
    assert_eq!(got, ["partials/footer.html"]);
    // Subcommands still complete as before.
    let got = tab(&["talkgen", "new", ""]);
    assert!(
        ["talk", "speaker", "template"]
            .iter()
            .all(|s| got.contains(&s.to_string())),
        "{got:?}"
    );
}
