//! The front-end of the `talkgen` binary: each subcommand is one library call, and what it
//! returns is drawn on the terminal by [`terminal::Reporter`].

mod args;
mod completion;
mod man;
mod terminal;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{CommandFactory, Parser};
use talkgen::diagnostics::render;

use args::{Cli, Command, Format, ImportSystem, New};
use terminal::{Reporter, Verbosity};

/// Runs the command line and says how it ended: 0 success, 1 problems in the content or
/// templates, 2 usage or I/O errors.
pub fn run() -> ExitCode {
    completion::complete_from_env(Cli::command);
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
            file_links,
        } => {
            let root = match find_site(root, &out) {
                Ok(r) => r,
                Err(e) => return fail(&e, &out),
            };
            site_root = Some(root.clone());
            // Ctrl-C or SIGTERM: the build stops and removes its temporary folder.
            if let Err(e) = talkgen::staging::signals::catch_stop_signals() {
                out.error(&talkgen::Error::io(Path::new("<signals>"), e));
            }
            let progress = out.build_progress();
            let opts = talkgen::BuildOptions {
                root: root.clone(),
                output,
                base_url,
                drafts,
                force,
                progress: progress.hook(),
                strict,
                file_links,
                preview: false,
            };
            let result = talkgen::build(&opts);
            progress.finish();
            if let (Err(_), Some(stop)) = (&result, talkgen::staging::signals::stopped()) {
                eprintln!("{stop}");
                return ExitCode::from(stop.exit_code());
            }
            result.map(|summary| out.build_summary(&summary, &root))
        }
        Command::Check {
            root,
            base_url,
            drafts,
            strict,
            format,
        } => {
            let root = match find_site(root, &out) {
                Ok(r) => r,
                Err(e) => return fail(&e, &out),
            };
            let opts = talkgen::CheckOptions {
                root: root.clone(),
                base_url,
                drafts,
                strict,
            };
            return check(&opts, format, &out);
        }
        Command::Init { dir, force } => {
            talkgen::scaffold::init(&dir, force).map(|report| out.init_report(&report))
        }
        Command::New(new) => new_file(new, &out),
        Command::Completions { shell, r#static } => {
            if r#static {
                let mut script = Vec::new();
                clap_complete::generate(shell, &mut Cli::command(), "talkgen", &mut script);
                print_bytes(&script)
            } else {
                completion::registration(shell).and_then(|script| print_bytes(&script))
            }
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
            import(&opts, &out)
        }
        Command::Release { name, root } => {
            site_root = Some(root.clone());
            let opts = talkgen::release::ReleaseOptions { root, name };
            talkgen::release::release(&opts).map(|r| out.status(&r.summary()))
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
            debounce,
        } => match find_site(root, &out) {
            Err(e) => Err(e),
            Ok(root) => talkgen::serve::serve(&talkgen::serve::ServeOptions {
                root,
                port,
                bind,
                open,
                drafts,
                debounce: std::time::Duration::from_millis(debounce),
                reporter: Arc::new(out),
            }),
        },
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

/// The folder a site command works on: `--root` as given, or, left at `.`, the current
/// folder or the nearest one above it that holds `content/conference.yaml` (as cargo and git
/// find theirs), named on stderr when it is not the current one. No site: exit 2.
fn find_site(root: PathBuf, out: &Reporter) -> talkgen::Result<PathBuf> {
    if is_site(&root) {
        return Ok(root);
    }
    if root == Path::new(".") {
        let here = std::env::current_dir().map_err(|e| talkgen::Error::io(&root, e))?;
        if let Some(found) = here.ancestors().skip(1).find(|d| is_site(d)) {
            if out.verbosity >= Verbosity::Normal {
                eprintln!(
                    "talkgen: using the site at {} (the nearest folder above with \
                     content/conference.yaml)",
                    found.display()
                );
            }
            return Ok(found.to_path_buf());
        }
        return Err(talkgen::Error::Refused(format!(
            "no talkgen site here or in any folder above `{}`: none holds \
             content/conference.yaml\n  = help: run `talkgen init` to create one, or pass \
             `--root DIR`",
            here.display()
        )));
    }
    Err(talkgen::Error::Refused(format!(
        "`{}` is not a talkgen site: it has no content/conference.yaml\n  = help: run \
         `talkgen init {}` to create one, or pass the site's folder to `--root`",
        root.display(),
        root.display()
    )))
}

/// Whether `dir` holds a site (content/conference.yaml), the mark [`find_site`] looks for.
fn is_site(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join("content").join("conference.yaml")).is_ok()
}

/// Prints `e` and gives its exit code.
fn fail(e: &talkgen::Error, out: &Reporter) -> ExitCode {
    out.error(e);
    ExitCode::from(e.exit_code() as u8)
}

/// `talkgen check`: every problem, as text on stderr or one JSON document on stdout.
fn check(opts: &talkgen::CheckOptions, format: Format, out: &Reporter) -> ExitCode {
    let found = match talkgen::check(opts) {
        Ok(found) => found,
        Err(e) => {
            out.error_in(&e, &opts.root);
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    match format {
        Format::Json => {
            if let Err(e) = print_bytes(format!("{}\n", render::json(&found)).as_bytes()) {
                out.error(&e);
                return ExitCode::from(e.exit_code() as u8);
            }
        }
        Format::Text => out.check_report(&found, &opts.root),
    }
    ExitCode::from(u8::from(found.has_errors()))
}

/// `talkgen new talk|speaker|template`.
fn new_file(new: New, out: &Reporter) -> talkgen::Result<()> {
    match new {
        New::Talk {
            title,
            speakers,
            track,
            slug,
            root,
        } => {
            let req = talkgen::scaffold::NewTalk {
                root,
                title,
                speakers,
                track,
                slug,
            };
            talkgen::scaffold::new_talk(&req).map(|c| out.created("talk", &c))
        }
        New::Speaker { name, slug, root } => {
            talkgen::scaffold::new_speaker(&root, &name, slug.as_deref())
                .map(|c| out.created("speaker", &c))
        }
        New::Template { name, root } => {
            talkgen::scaffold::new_template(&root, &name).map(|c| out.created("template", &c))
        }
    }
}

/// `talkgen import`: what changed, then one summary line.
fn import(opts: &talkgen::import::ImportOptions, out: &Reporter) -> talkgen::Result<()> {
    let report = talkgen::import::run(opts)?;
    out.warnings(&report.warnings, &opts.root);
    for line in report.details() {
        out.line(&line);
    }
    out.status(&report.summary());
    Ok(())
}

/// The top-level man page on stdout, or every command's page written into `dir`.
fn man(dir: Option<&Path>, out: &Reporter) -> talkgen::Result<()> {
    let pages = man::pages();
    let Some(dir) = dir else {
        return print_bytes(&pages[0].roff);
    };
    std::fs::create_dir_all(dir).map_err(|e| talkgen::Error::io(dir, e))?;
    for page in &pages {
        let path = dir.join(&page.file);
        std::fs::write(&path, &page.roff).map_err(|e| talkgen::Error::io(&path, e))?;
    }
    out.status(&format!(
        "Wrote {} man pages into {}",
        pages.len(),
        dir.display()
    ));
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
