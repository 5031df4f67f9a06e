//! Ctrl-C (SIGINT) and SIGTERM during `talkgen build`: the build stops, its temporary folder
//! is removed, and the previous output stays as it was.
//!
//! The handler is installed by the binary for `build` only ([`catch_stop_signals`]; `serve`
//! has its own, which also removes its preview folder). It runs on a thread of its own, on a
//! small tokio runtime (tokio is already how `serve` waits for signals: no second signal
//! crate). On the first signal it records the signal; every write of the build
//! ([`check`], called by [`super::Staging`] before each file and each write into one) then
//! fails, the build unwinds, and dropping its [`super::Staging`] removes the temporary folder.
//! The swap of a finished build is never cut in half: [`super::Staging::commit`] holds the
//! registry lock ([`live`]) across its two renames, and the handler takes that lock first.
//!
//! When no temporary folder exists yet (the site is still loading), or on a second signal, the
//! handler removes the folders still registered and ends the process at once, with the exit
//! status of the signal (128 + its number), as the signal's default action would.

use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Mutex, MutexGuard};

/// The temporary folders of this process's builds (and old outputs being removed): what a stop
/// signal must not leave behind. Process-wide because signals are.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// The stop signal received (0: none).
static STOP: AtomicI32 = AtomicI32::new(0);
static INSTALLED: AtomicBool = AtomicBool::new(false);

const SIGINT: i32 = 2;
#[cfg(unix)]
const SIGTERM: i32 = 15;

/// The registry of live temporary folders, locked.
pub(crate) fn live() -> MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `Err` once a stop signal came: the build's writes stop.
pub(crate) fn check() -> io::Result<()> {
    match STOP.load(Ordering::Relaxed) {
        0 => Ok(()),
        sig => Err(io::Error::other(format!("stopped by {}", name(sig)))),
    }
}

fn name(sig: i32) -> &'static str {
    match sig {
        SIGINT => "SIGINT (Ctrl-C)",
        _ => "SIGTERM",
    }
}

/// A build ended by a stop signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped {
    pub signal: i32,
}

impl Stopped {
    /// The shell's convention for a process ended by a signal: 128 + its number.
    pub fn exit_code(&self) -> u8 {
        u8::try_from(128 + self.signal).unwrap_or(u8::MAX)
    }
}

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "talkgen: stopped by {}; the build's temporary folder was removed and the previous \
             output is unchanged",
            name(self.signal)
        )
    }
}

/// The stop signal this process received, if any.
pub fn stopped() -> Option<Stopped> {
    match STOP.load(Ordering::Relaxed) {
        0 => None,
        signal => Some(Stopped { signal }),
    }
}

/// Catches SIGINT and SIGTERM from now on (once per process; later calls do nothing).
pub fn catch_stop_signals() -> io::Result<()> {
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return Ok(());
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // Registered here, before returning, so a signal right after this call is caught.
    #[cfg(unix)]
    let (mut int, mut term) = {
        use tokio::signal::unix::{signal, SignalKind};
        let _entered = runtime.enter();
        (
            signal(SignalKind::interrupt())?,
            signal(SignalKind::terminate())?,
        )
    };
    std::thread::Builder::new()
        .name("talkgen-signals".into())
        .spawn(move || {
            runtime.block_on(async move {
                for count in 1.. {
                    #[cfg(unix)]
                    let sig = tokio::select! {
                        _ = int.recv() => SIGINT,
                        _ = term.recv() => SIGTERM,
                    };
                    #[cfg(not(unix))]
                    let sig = {
                        let _ = tokio::signal::ctrl_c().await;
                        SIGINT
                    };
                    on_signal(sig, count);
                }
            })
        })?;
    Ok(())
}

fn on_signal(sig: i32, count: u32) {
    let live = live();
    // Set under the lock: a build creating its folder now sees it right after.
    STOP.store(sig, Ordering::SeqCst);
    if live.is_empty() || count > 1 {
        for dir in live.iter() {
            let _ = std::fs::remove_dir_all(dir);
        }
        eprintln!("\n{}", Stopped { signal: sig });
        // The signal's own default action, after the cleanup it would have skipped.
        std::process::exit(i32::from(Stopped { signal: sig }.exit_code()));
    }
}
