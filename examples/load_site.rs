//! Loads and validates a site without rendering it, and prints how long that took: the load
//! part alone of `talkgen check` (which `benches/compare.sh` now times itself).
//!
//! ```text
//! cargo run --release --example load_site -- /tmp/synth-20k/site
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let Some(root) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: load_site SITE_ROOT");
        return ExitCode::FAILURE;
    };
    let started = Instant::now();
    match talkgen::load_site(&root, None, false) {
        Ok((loaded, _urls)) => {
            println!(
                "loaded {} talks, {} speakers, {} tracks ({} warnings) in {:.2?}",
                loaded.site.talks.len(),
                loaded.site.speakers.len(),
                loaded.site.tracks.len(),
                loaded.warnings.len(),
                started.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
