//! The `talkgen` command: parses arguments and calls the library (see [`cli`]).

mod cli;

use std::process::ExitCode;

/// mimalloc rather than glibc's malloc: rendering tens of thousands of pages on every core is
/// allocation-heavy, and glibc spent an eighth of a big build in `malloc`/`free` and kept the
/// arenas it grew (see BENCHMARKS.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::run()
}
