//! The `talkgen` command: parses arguments and calls the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "talkgen",
    version,
    about = "Static site generator for conference talk listings"
)]
struct Cli {
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
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            force,
        } => {
            let opts = talkgen::BuildOptions {
                root,
                output,
                base_url,
                drafts,
                force,
            };
            talkgen::build(&opts).map(|summary| {
                for w in summary.warnings.iter() {
                    eprintln!("{w}");
                }
                println!("{summary}");
            })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
