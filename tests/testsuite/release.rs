//! Getting talkgen to users: the crate package, the release workflow and the deployment recipes.
//!
//! - The package holds the code and what it embeds (theme, starter site, the JSON Schema) and
//!   nothing else; `installed_from_the_package_builds_the_example` (ignored by default: it
//!   compiles talkgen once more; `.ci/run` runs it) installs it offline with `cargo install
//!   --path` from the unpacked `.crate` and builds the example with the installed binary.
//! - The recipes in docs/examples/ pin this version, key their caches by it, and download the
//!   archive the release workflow makes: the workflow's own archive step is run here to make a
//!   release, with a stand-in `curl` serving it, and each recipe's install step installs from it.
//!   (docs_examples.rs runs their `talkgen` commands; `.ci/run` lints the files themselves.)

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::common::{read, repo_root, BIN};

const VERSION: &str = env!("CARGO_PKG_VERSION");
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(repo_root());
    cmd
}

fn ok(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every file `include_str!` or `include_bytes!` embeds, relative to the repository.
fn embedded_files() -> Vec<String> {
    let mut found = Vec::new();
    let mut dirs = vec![repo_root().join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = read(&path);
            for macro_name in ["include_str!(\"", "include_bytes!(\""] {
                for (at, _) in text.match_indices(macro_name) {
                    let rest = &text[at + macro_name.len()..];
                    let target = &rest[..rest.find('"').unwrap()];
                    let full = normalise(&path.parent().unwrap().join(target));
                    let rel = full.strip_prefix(repo_root()).unwrap();
                    found.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// `a/b/../c` → `a/c`, without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn package_holds_what_the_build_embeds_and_nothing_else() {
    let list = ok(
        cargo()
            .args(["package", "--list", "--locked", "--allow-dirty"])
            .output()
            .unwrap(),
        "cargo package --list",
    );
    let files: Vec<&str> = list.lines().collect();
    let embedded = embedded_files();
    assert!(embedded.len() > 20, "{embedded:?}");
    for file in &embedded {
        assert!(
            files.contains(&file.as_str()),
            "{file} is embedded but not packaged"
        );
    }
    for needed in [
        "src/main.rs",
        "src/lib.rs",
        "src/theme/templates/base.html",
        "src/theme/style.css",
        "src/scaffold/conference.yaml",
        "docs/talks.schema.json",
        "README.md",
        "CHANGELOG.md",
        "Cargo.lock",
    ] {
        assert!(files.contains(&needed), "{needed} is not packaged");
    }
    let top_level = [
        ".cargo_vcs_info.json",
        "Cargo.toml",
        "Cargo.toml.orig",
        "Cargo.lock",
        "README.md",
        "CHANGELOG.md",
    ];
    for file in &files {
        let allowed = file.starts_with("src/")
            || file.starts_with("LICENSE-")
            || top_level.contains(file)
            || embedded.iter().any(|e| e == file);
        assert!(allowed, "{file} is packaged but the build does not need it");
    }
}

/// Where cargo builds (`CARGO_TARGET_DIR` or the repository's `target/`).
fn target_dir() -> PathBuf {
    let meta = ok(
        cargo()
            .args([
                "metadata",
                "--format-version",
                "1",
                "--no-deps",
                "--offline",
            ])
            .output()
            .unwrap(),
        "cargo metadata",
    );
    let meta: serde_json::Value = serde_json::from_str(&meta).unwrap();
    PathBuf::from(meta["target_directory"].as_str().unwrap())
}

#[test]
#[ignore = "compiles talkgen from the package (about a minute); .ci/run runs it"]
fn installed_from_the_package_builds_the_example() {
    let target = target_dir();
    ok(
        cargo()
            .args(["package", "--locked", "--no-verify", "--allow-dirty"])
            .output()
            .unwrap(),
        "cargo package",
    );
    let crate_file = target.join(format!("package/talkgen-{VERSION}.crate"));
    let tmp = tempfile::tempdir().unwrap();
    ok(
        Command::new("tar")
            .arg("-xzf")
            .arg(&crate_file)
            .arg("-C")
            .arg(tmp.path())
            .output()
            .unwrap(),
        "unpacking the .crate",
    );
    let unpacked = tmp.path().join(format!("talkgen-{VERSION}"));
    assert!(!unpacked.join("tests").exists() && !unpacked.join("benches").exists());
    let root = tmp.path().join("root");
    // Offline: every dependency must come from Cargo.lock and the local registry cache, as
    // `cargo install --locked talkgen` would take them. A debug build, with the shared target
    // folder, so that only talkgen itself is compiled again (CI has 2 cores).
    let started = std::time::Instant::now();
    ok(
        cargo()
            .arg("install")
            .arg("--path")
            .arg(&unpacked)
            .args(["--offline", "--locked", "--debug", "--root"])
            .arg(&root)
            .arg("--target-dir")
            .arg(target.join("install-check"))
            .output()
            .unwrap(),
        "cargo install --path <unpacked package> --offline",
    );
    eprintln!("installed from the package in {:.1?}", started.elapsed());
    let installed = root.join("bin/talkgen");
    let version = ok(
        Command::new(&installed).arg("--version").output().unwrap(),
        "talkgen --version",
    );
    assert!(
        version.starts_with(&format!("talkgen {VERSION}")),
        "{version}"
    );

    let site = tmp.path().join("site");
    let run = Command::new(&installed)
        .arg("build")
        .arg("--root")
        .arg(repo_root())
        .arg("--output")
        .arg(&site)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    ok(run, "the installed talkgen building the example");
    assert!(site.join("index.html").is_file());
    assert!(site.join("talks.json").is_file());
    assert!(site.join("fundamentals-performance/index.html").is_file());
}

// ---- the recipes ----

/// The recipes that are GitHub Actions workflows (each has the same install step).
const WORKFLOW_RECIPES: &[&str] = &["github-pages.yml", "cloudflare-pages.yml", "s3.yml"];

fn recipe(name: &str) -> String {
    read(repo_root().join("docs/examples").join(name))
}

fn yaml(text: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text).expect("valid YAML")
}

/// The step of a workflow job whose name starts with `prefix`.
fn step<'a>(job: &'a serde_yaml::Value, prefix: &str) -> &'a serde_yaml::Value {
    job["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str().is_some_and(|n| n.starts_with(prefix)))
        .unwrap_or_else(|| panic!("no step named {prefix}…"))
}

#[test]
fn recipes_pin_this_version_and_cache_by_it() {
    let mut install_scripts = Vec::new();
    for name in WORKFLOW_RECIPES {
        let wf = yaml(&recipe(name));
        assert_eq!(
            wf["env"]["TALKGEN_VERSION"].as_str(),
            Some(VERSION),
            "{name} pins talkgen {VERSION}"
        );
        let jobs = wf["jobs"].as_mapping().unwrap();
        let job = jobs.values().next().unwrap();
        let cache = step(job, "Cache talkgen");
        assert!(cache["uses"]
            .as_str()
            .unwrap()
            .starts_with("actions/cache@"));
        for key in ["key", "path"] {
            let value = cache["with"][key].as_str().unwrap();
            assert!(
                value.contains("${{ env.TALKGEN_VERSION }}"),
                "{name}: the cache {key} `{value}` does not change with the version"
            );
        }
        let install = step(job, "Install talkgen");
        assert_eq!(
            install["if"].as_str(),
            Some("steps.cache.outputs.cache-hit != 'true'"),
            "{name}"
        );
        let script = install["run"].as_str().unwrap().to_string();
        assert!(
            script.contains(&format!("{REPOSITORY}/releases/download/")),
            "{name}"
        );
        assert!(script.contains("cargo install --locked --force \"talkgen@$TALKGEN_VERSION\""));
        install_scripts.push(script);
    }
    // One install step, copied into each recipe: a fix goes into all of them.
    assert!(
        install_scripts.windows(2).all(|w| w[0] == w[1]),
        "the install steps of {WORKFLOW_RECIPES:?} differ"
    );

    let gitlab = yaml(&recipe("gitlab-ci.yml"));
    assert_eq!(
        gitlab["variables"]["TALKGEN_VERSION"].as_str(),
        Some(VERSION)
    );
    assert_eq!(
        gitlab["pages"]["cache"]["key"].as_str(),
        Some("talkgen-$TALKGEN_VERSION")
    );
    let before: Vec<&str> = gitlab["pages"]["before_script"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|l| l.as_str())
        .collect();
    assert!(before.contains(&"sh install-talkgen.sh"), "{before:?}");

    let netlify = recipe("netlify.toml");
    assert!(netlify.contains(&format!("TALKGEN_VERSION = \"{VERSION}\"")));
    assert!(netlify.contains("publish = \"public\""));
    assert!(netlify.contains("command = 'sh install-talkgen.sh && .talkgen/bin/talkgen build"));
    assert!(netlify.contains("package = \"netlify-plugin-cache\""));

    let script = recipe("install-talkgen.sh");
    assert!(script.contains(&format!("{REPOSITORY}/releases/download/v$version")));
    // deploying.md tells readers which version the recipes use; README's install line pins it.
    let deploying = read(repo_root().join("docs/deploying.md"));
    assert!(deploying.contains(&format!("TALKGEN_VERSION: {VERSION}")));
    let readme = read(repo_root().join("README.md"));
    assert!(
        readme.contains(&format!(
            "talkgen/v{VERSION}/docs/examples/install-talkgen.sh"
        )) && readme.contains(&format!("TALKGEN_VERSION={VERSION} ")),
        "README.md's install command names another version"
    );
}

#[test]
fn release_workflow_builds_every_platform_on_a_version_tag() {
    let wf = yaml(&read(repo_root().join(".github/workflows/release.yml")));
    let tags = wf["on"]["push"]["tags"].as_sequence().unwrap();
    assert_eq!(tags[0].as_str(), Some("v[0-9]+.[0-9]+.[0-9]+*"));
    let targets: Vec<&str> = wf["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|m| m["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        [
            "x86_64-unknown-linux-musl",
            "aarch64-unknown-linux-musl",
            "x86_64-apple-darwin",
            "aarch64-apple-darwin",
            "x86_64-pc-windows-msvc",
        ]
    );
    let release = &wf["jobs"]["release"];
    assert_eq!(release["permissions"]["contents"].as_str(), Some("write"));
    let uploads = step(release, "Create the release")["run"].as_str().unwrap();
    assert!(uploads.contains("dist/SHA256SUMS") && uploads.contains("dist/*.sha256"));
}

/// Makes a release the way .github/workflows/release.yml does, for this machine's Linux target:
/// runs its archive step on a copy of the test binary, then its SHA256SUMS step. Returns the
/// folder of the release's files.
fn fake_release(tmp: &Path, target: &str) -> PathBuf {
    let wf = yaml(&read(repo_root().join(".github/workflows/release.yml")));
    let build = &wf["jobs"]["build"];
    let archive = step(build, "Archive")["run"]
        .as_str()
        .unwrap()
        .replace("${{ matrix.target }}", target)
        .replace("${{ runner.os }}", "Linux");
    let work = tmp.join("checkout");
    let bin_dir = work.join(format!("target/{target}/release"));
    fs::create_dir_all(&bin_dir).unwrap();
    fs::copy(BIN, bin_dir.join("talkgen")).unwrap();
    for file in ["README.md", "CHANGELOG.md"] {
        fs::copy(repo_root().join(file), work.join(file)).unwrap();
    }
    ok(
        Command::new("bash")
            .args(["-e", "-c", &archive])
            .current_dir(&work)
            .env("TAG", format!("v{VERSION}"))
            .output()
            .unwrap(),
        "the release workflow's archive step",
    );
    let sums = step(&wf["jobs"]["release"], "SHA256SUMS")["run"]
        .as_str()
        .unwrap()
        .to_string();
    let dist = work.join("dist");
    ok(
        Command::new("bash")
            .args(["-e", "-c", &sums])
            .current_dir(&dist)
            .output()
            .unwrap(),
        "the release workflow's SHA256SUMS step",
    );
    dist
}

/// A `curl` that serves `{REPOSITORY}/releases/download/v{VERSION}/NAME` from `dist` (both
/// `-o FILE URL` and `-O URL`), and fails like curl -f for anything else.
fn stand_in_curl(bin: &Path, dist: &Path) {
    let prefix = format!("{REPOSITORY}/releases/download/v{VERSION}/");
    let script = format!(
        r#"#!/bin/sh
out=""
remote=0
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out="$2"; shift ;;
    -*O*) remote=1 ;;
    -*) ;;
    *) url="$1" ;;
  esac
  shift
done
name="${{url#{prefix}}}"
[ "$name" != "$url" ] && [ -f "{dist}/$name" ] || {{ echo "curl: (22) 404 $url" >&2; exit 22; }}
if [ "$remote" = 1 ]; then out="${{url##*/}}"; fi
cp "{dist}/$name" "$out"
"#,
        dist = dist.display()
    );
    write_executable(&bin.join("curl"), &script);
}

fn write_executable(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
    }
}

fn path_with(bin: &Path) -> String {
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

#[test]
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn recipes_install_the_release_the_workflow_makes() {
    let tmp = tempfile::tempdir().unwrap();
    let dist = fake_release(tmp.path(), "x86_64-unknown-linux-musl");
    let name = format!("talkgen-v{VERSION}-x86_64-unknown-linux-musl");
    for file in [
        format!("{name}.tar.gz"),
        format!("{name}.tar.gz.sha256"),
        "SHA256SUMS".to_string(),
    ] {
        assert!(dist.join(&file).is_file(), "the release lacks {file}");
    }
    let stubs = tmp.path().join("stubs");
    stand_in_curl(&stubs, &dist);

    // The GitHub Actions recipes' install step, as a runner runs it (bash -e).
    let wf = yaml(&recipe("github-pages.yml"));
    let install = step(&wf["jobs"]["build"], "Install talkgen")["run"]
        .as_str()
        .unwrap()
        .to_string();
    let home = tmp.path().join("home");
    let runner_temp = tmp.path().join("runner-temp");
    fs::create_dir_all(&runner_temp).unwrap();
    ok(
        Command::new("bash")
            .args(["-e", "-c", &install])
            .env("HOME", &home)
            .env("RUNNER_TEMP", &runner_temp)
            .env("TALKGEN_VERSION", VERSION)
            .env("PATH", path_with(&stubs))
            .output()
            .unwrap(),
        "github-pages.yml's install step",
    );
    let installed = home.join(format!(".talkgen/{VERSION}/bin/talkgen"));
    let version = ok(
        Command::new(&installed).arg("--version").output().unwrap(),
        "--version",
    );
    assert!(
        version.starts_with(&format!("talkgen {VERSION}")),
        "{version}"
    );

    // install-talkgen.sh (GitLab, Netlify, Cloudflare's own builds), twice: the second run
    // finds the version in place (a host's cache) and downloads nothing.
    let site = tmp.path().join("site");
    fs::create_dir_all(&site).unwrap();
    let script = repo_root().join("docs/examples/install-talkgen.sh");
    let run_script = |path: &str| {
        Command::new("sh")
            .arg(&script)
            .current_dir(&site)
            .env("TALKGEN_VERSION", VERSION)
            .env("PATH", path)
            .output()
            .unwrap()
    };
    ok(run_script(&path_with(&stubs)), "install-talkgen.sh");
    assert!(site.join(".talkgen/bin/talkgen").is_file());
    let again = ok(run_script("/usr/bin:/bin"), "install-talkgen.sh again");
    assert!(
        again.contains(&format!("talkgen {VERSION} is already in")),
        "{again}"
    );

    // A changed checksum is refused.
    let sums = dist.join("SHA256SUMS");
    let tampered = read(&sums).replacen(|c: char| c.is_ascii_hexdigit(), "0", 8);
    fs::write(&sums, tampered).unwrap();
    fs::remove_dir_all(site.join(".talkgen")).unwrap();
    let refused = run_script(&path_with(&stubs));
    assert!(!refused.status.success(), "a bad checksum is accepted");
    assert!(!site.join(".talkgen/bin/talkgen").exists());
}

#[test]
#[cfg(unix)]
fn without_a_release_binary_the_recipes_build_with_cargo() {
    let tmp = tempfile::tempdir().unwrap();
    let stubs = tmp.path().join("stubs");
    write_executable(&stubs.join("curl"), "#!/bin/sh\nexit 22\n");
    // A `cargo` that notes its arguments and installs the test binary where --root says.
    let log = tmp.path().join("cargo-args");
    write_executable(
        &stubs.join("cargo"),
        &format!(
            "#!/bin/sh\necho \"$@\" > '{log}'\nwhile [ \"$1\" != --root ]; do shift; done\n\
             mkdir -p \"$2/bin\" && cp '{BIN}' \"$2/bin/talkgen\"\n",
            log = log.display()
        ),
    );
    let site = tmp.path().join("site");
    fs::create_dir_all(&site).unwrap();
    let out = Command::new("sh")
        .arg(repo_root().join("docs/examples/install-talkgen.sh"))
        .current_dir(&site)
        .env("TALKGEN_VERSION", VERSION)
        .env("PATH", path_with(&stubs))
        .output()
        .unwrap();
    ok(out, "install-talkgen.sh without a release");
    assert_eq!(
        read(&log).trim(),
        format!("install --locked --force talkgen@{VERSION} --root .talkgen")
    );
    assert!(site.join(".talkgen/bin/talkgen").is_file());
}
