//! The `talkgen` command: parses arguments and calls the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use talkgen::diagnostics::render;
use talkgen::progress::{Reporter, Verbosity};

#[derive(Parser, Debug)]
#[command(
    name = "talkgen",
    version,
    about = "Static site generator for conference talk listings",
    after_help = "Exit codes: 0 success, 1 problems in the content or templates, \
                  2 usage or I/O errors."
)]
struct Cli {
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print each stage of the work and its time.
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
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
    /// Print a shell completion script, e.g. `talkgen completions bash > talkgen.bash`.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout, e.g. `talkgen man | man -l -`.
    Man {
        /// Instead, write one page per command (talkgen.1, talkgen-build.1, ...) into DIR.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Import a call-for-papers export into talk and speaker files (see docs/import.md).
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

/// How `talkgen check` prints what it found (docs/diagnostics.md).
#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
enum New {
    /// Write content/talks/<slug>.md, the slug made from the title.
    Talk {
        /// The talk's title.
        title: String,
        /// A speaker slug (repeat for several, in billing order).
        #[arg(long = "speaker", short = 's', value_name = "SLUG")]
        speakers: Vec<String>,
        /// The track slug; default: the first track of conference.yaml.
        #[arg(long, short = 't', value_name = "SLUG")]
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
        name: String,
        /// The site folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum ImportSystem {
    Pretalx,
    Frab,
    Sessionize,
}

/// mimalloc rather than glibc's malloc: rendering tens of thousands of pages on every core is
/// allocation-heavy, and glibc spent an eighth of a big build in `malloc`/`free` and kept the
/// arenas it grew (see BENCHMARKS.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Reporter::new(Verbosity::from_flags(cli.quiet, cli.verbose));
    // The site the command works on, to show the source lines of content problems.
    let mut site_root: Option<PathBuf> = None;
    let result = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            force,
            strict,
        } => {
            site_root = Some(root.clone());
            let progress = out.build_progress();
            let opts = talkgen::BuildOptions {
                root: root.clone(),
                output,
                base_url,
                drafts,
                force,
                progress: progress.hook(),
                strict,
            };
            let result = talkgen::build(&opts);
            progress.finish();
            result.map(|summary| out.build_summary(&summary, &root))
        }
        Command::Check {
            root,
            base_url,
            drafts,
            strict,
            format,
        } => {
            site_root = Some(root.clone());
            let opts = talkgen::CheckOptions {
                root: root.clone(),
                base_url,
                drafts,
                strict,
            };
            match talkgen::check(&opts) {
                Ok(found) => {
                    match format {
                        Format::Json => {
                            if let Err(e) =
                                print_bytes(format!("{}\n", render::json(&found)).as_bytes())
                            {
                                out.error(&e);
                                return ExitCode::from(e.exit_code() as u8);
                            }
                        }
                        Format::Text => out.check_report(&found, &root),
                    }
                    return ExitCode::from(u8::from(found.has_errors()));
                }
                Err(e) => Err(e),
            }
        }
        Command::Init { dir, force } => {
            talkgen::scaffold::init(&dir, force).map(|report| out.init_report(&report))
        }
        Command::New(New::Talk {
            title,
            speakers,
            track,
            slug,
            root,
        }) => {
            let req = talkgen::scaffold::NewTalk {
                root,
                title,
                speakers,
                track,
                slug,
            };
            talkgen::scaffold::new_talk(&req).map(|c| out.created("talk", &c))
        }
        Command::New(New::Speaker { name, slug, root }) => {
            talkgen::scaffold::new_speaker(&root, &name, slug.as_deref())
                .map(|c| out.created("speaker", &c))
        }
        Command::New(New::Template { name, root }) => {
            talkgen::scaffold::new_template(&root, &name).map(|c| out.created("template", &c))
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "talkgen", &mut script);
            print_bytes(&script)
        }
        Command::Man { dir } => man(dir.as_deref(), &out),
        Command::Import {
            system,
            file,
            root,
            dry_run,
            prune,
        } => {
            site_root = Some(root.clone());
            let site = root.clone();
            let opts = talkgen::import::ImportOptions {
                system: match system {
                    ImportSystem::Pretalx => talkgen::import::System::Pretalx,
                    ImportSystem::Frab => talkgen::import::System::Frab,
                    ImportSystem::Sessionize => talkgen::import::System::Sessionize,
                },
                file,
                root,
                dry_run,
                prune,
            };
            talkgen::import::run(&opts).map(|report| {
                out.warnings(&report.warnings, &site);
                for line in report.details() {
                    out.line(&line);
                }
                out.status(&report.summary());
            })
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
            debounce,
        } => talkgen::serve::serve(&talkgen::serve::ServeOptions {
            root,
            port,
            bind,
            open,
            drafts,
            debounce: std::time::Duration::from_millis(debounce),
            reporter: out,
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match &site_root {
                Some(root) => out.error_in(&e, root),
                None => out.error(&e),
            }
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// The man page on stdout, or every command's page written into `dir`.
fn man(dir: Option<&Path>, out: &Reporter) -> talkgen::Result<()> {
    let Some(dir) = dir else {
        let mut page = Vec::new();
        clap_mangen::Man::new(Cli::command())
            .render(&mut page)
            .map_err(|e| talkgen::Error::io(Path::new("<stdout>"), e))?;
        return print_bytes(&page);
    };
    std::fs::create_dir_all(dir)
        .and_then(|()| clap_mangen::generate_to(Cli::command(), dir))
        .map_err(|e| talkgen::Error::io(dir, e))?;
    out.status(&format!("Wrote the man pages into {}", dir.display()));
    Ok(())
}

/// Writes generated text to stdout; a closed pipe (`| head`) is not an error.
fn print_bytes(bytes: &[u8]) -> talkgen::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(talkgen::Error::io(Path::new("<stdout>"), e))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
