//! Writes a synthetic conference site for benchmarks (see BENCHMARKS.md):
//!
//! ```text
//! cargo run --release --example synth -- --talks 20000 --out /tmp/synth-20k
//! ```
//!
//! gives `/tmp/synth-20k/site` (a talkgen site) and `/tmp/synth-20k/hugo` (the same programme
//! as a Hugo site, for `benches/compare.sh`). The output is the same for the same arguments.

#[path = "../benches/synth/gen.rs"]
mod gen;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

#[derive(Parser)]
#[command(about = "Generate a deterministic synthetic conference site")]
struct Args {
    /// Number of talks.
    #[arg(long, default_value_t = 1000)]
    talks: usize,
    /// Number of speakers (default: 3/5 of the talks, as in the reference site).
    #[arg(long)]
    speakers: Option<usize>,
    /// Number of tracks (default: one per 40 talks).
    #[arg(long)]
    tracks: Option<usize>,
    /// Seed of the pseudo-random text.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder to create (must not exist).
    #[arg(long)]
    out: PathBuf,
    /// Do not write the Hugo copy of the content.
    #[arg(long)]
    no_hugo: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.talks == 0 {
        eprintln!("error: --talks must be at least 1");
        return ExitCode::FAILURE;
    }
    if args.out.exists() {
        eprintln!("error: {} exists; pass a new folder", args.out.display());
        return ExitCode::FAILURE;
    }
    let mut spec = gen::Spec::scaled(args.talks);
    spec.seed = args.seed;
    if let Some(s) = args.speakers {
        spec.speakers = s.max(1);
    }
    if let Some(t) = args.tracks {
        spec.tracks = t.max(1);
    }
    let site = args.out.join("site");
    let result = gen::write_talkgen(&spec, &site).and_then(|()| {
        if args.no_hugo {
            Ok(())
        } else {
            gen::write_hugo(&spec, &args.out.join("hugo"))
        }
    });
    match result {
        Ok(()) => {
            println!(
                "wrote {} talks, {} speakers, {} tracks to {}",
                spec.talks,
                spec.speakers,
                spec.tracks,
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: writing {}: {e}", args.out.display());
            ExitCode::FAILURE
        }
    }
}
