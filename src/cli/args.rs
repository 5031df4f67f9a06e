//! The command line, as clap reads it: every subcommand and option, with the help texts that
//! `--help`, the completions and the man pages are made from.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use super::completion;

/// The commit the binary is built from (`-modified` when the work tree had changes), or "" when
/// it is not built from a git work tree (a crate from crates.io, a container build without
/// `.git`). `git_version!` runs `git describe` at compile time and makes the binary depend on
/// git's `HEAD` log and index, so a commit recompiles `src/main.rs`'s few modules and never the
/// library (a build script's output would rebuild the library too).
const COMMIT: &str = git_version::git_version!(
    args = [
        "--always",
        "--abbrev=12",
        "--exclude=*",
        "--dirty=-modified"
    ],
    fallback = ""
);

/// `talkgen --version`: `talkgen 0.1.0 (3f2a9c1b7e4d)` from git, `talkgen 0.1.0` otherwise.
pub(crate) static VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let version = env!("CARGO_PKG_VERSION");
    match COMMIT {
        "" => version.to_string(),
        commit => format!("{version} ({commit})"),
    }
});

#[derive(Parser, Debug)]
#[command(
    name = "talkgen",
    version = VERSION.as_str(),
    about = "Static site generator for conference talk listings",
    after_help = "Exit codes: 0 success, 1 problems in the content or templates, \
                  2 usage or I/O errors."
)]
pub(crate) struct Cli {
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print each stage of the work and its time.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Build the site into the output folder (public/ by default).
    Build {
        /// The site folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (relative to the current folder); default: ROOT/public.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// The URL the site is published at, e.g. https://example.org/pybay/2016/.
        #[arg(long)]
        base_url: Option<String>,
        /// Include talks marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Replace an output folder that talkgen did not create.
        #[arg(long)]
        force: bool,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        /// Link each page's index.html, so the site can be clicked through opened from disk.
        #[arg(long)]
        file_links: bool,
    },
    /// Check the site and report every problem, without writing anything.
    Check {
        /// The site folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The URL the site is published at (decides the site paths links may use).
        #[arg(long)]
        base_url: Option<String>,
        /// Check talks marked `draft: true` too.
        #[arg(long)]
        drafts: bool,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        /// `text` (rustc-style, on stderr) or `json` (one document on stdout).
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Create a starter site (two tracks, a topic page, two talks, two speakers) in DIR.
    Init {
        /// The folder to create the site in; it must be empty or not exist yet.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Add the starter files to a non-empty folder (existing files are never replaced).
        #[arg(long)]
        force: bool,
    },
    /// Add a new talk or speaker, or a copy of a built-in template to edit.
    #[command(subcommand)]
    New(New),
    /// Print the shell completion script, e.g. `source <(talkgen completions bash)` in ~/.bashrc.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
        /// A self-contained script that completes commands and options but no site names
        /// (the default script asks talkgen at each Tab, so it also offers speaker and track
        /// slugs and template names).
        #[arg(long = "static")]
        r#static: bool,
    },
    /// Print the man page (roff) to stdout, e.g. `talkgen man | man -l -`.
    Man {
        /// Instead, write one page per command (talkgen.1, talkgen-build.1, ...) into DIR.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Import a call-for-papers export into talk and speaker files (`man talkgen-import`).
    Import {
        /// The system that wrote the export.
        #[arg(value_enum)]
        system: ImportSystem,
        /// The export: schedule JSON or schedule.xml (pretalx, frab), "All" JSON (Sessionize).
        file: PathBuf,
        /// The site folder, holding content/ (created when missing).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Remove talks (and speakers no talk names any more) that are gone from the export.
        #[arg(long)]
        prune: bool,
    },
    /// Freeze the programme as the next named version (content/versions/), for the changes
    /// page, its feed and calendars that update.
    #[command(
        after_help = "Writes content/versions/<n>-<name>.yaml; commit it with the site. Nothing \
                      is written when nothing changed since the latest version."
    )]
    Release {
        /// The version's name, shown on the changes page and in schedule apps, e.g. "Second draft".
        name: String,
        /// The site folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Build the site, serve it locally and rebuild and reload pages on every save.
    Serve {
        /// The site folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on [default: 1111, or the next free one]; 0 picks any free port.
        #[arg(long, short)]
        port: Option<u16>,
        /// The address to listen on. Anything but loopback exposes the site to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include talks marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Milliseconds the sources must be quiet before a rebuild starts.
        #[arg(long, default_value_t = 50, value_name = "MS")]
        debounce: u64,
    },
}

/// How `talkgen check` prints what it found.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
pub(crate) enum New {
    /// Write content/talks/<slug>.md, the slug made from the title.
    Talk {
        /// The talk's title.
        title: String,
        /// A speaker slug (repeat for several, in billing order).
        #[arg(long = "speaker", short = 's', value_name = "SLUG", add = completion::speakers())]
        speakers: Vec<String>,
        /// The track slug; default: the first track of conference.yaml.
        #[arg(long, short = 't', value_name = "SLUG", add = completion::tracks())]
        track: Option<String>,
        /// Use this slug instead of one made from the title.
        #[arg(long)]
        slug: Option<String>,
        /// The site folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write content/speakers/<slug>.md, the slug made from the name.
    Speaker {
        /// The speaker's name.
        name: String,
        /// Use this slug instead of one made from the name.
        #[arg(long)]
        slug: Option<String>,
        /// The site folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Copy a built-in template into templates/ (style.css into static/) to edit it.
    Template {
        /// The template's name, e.g. `talk.html` or `partials/footer.html`.
        #[arg(add = completion::templates())]
        name: String,
        /// The site folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub(crate) enum ImportSystem {
    Pretalx,
    Frab,
    Sessionize,
}
