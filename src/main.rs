//! The `talkgen` command: parses arguments and calls the library (see [`cli`]).

mod cli;

use std::process::ExitCode;

/// mimalloc rather than glibc's malloc: rendering tens of thousands of pages on every core is
/// allocation-heavy, and glibc spent an eighth of a big build in `malloc`/`free` and kept the
/// arenas it grew (see BENCHMARKS.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_e` (include/mimalloc.h), which the
/// bindings do not name.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Memory a build lets go goes back to the system after 10 ms (mimalloc 2's default), not
    // after a second (mimalloc 3's): each phase of a build frees tens of megabytes just before
    // the next allocates as much, and the second's wait put ~8 MB on the peak at 20,000 talks
    // for no gain in time (BENCHMARKS.md). MIMALLOC_PURGE_DELAY in the environment still wins.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one integer option; mimalloc reads it each time it purges.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
    }
    cli::run()
}
