//! `talkgen serve`: build the site, serve it on loopback, rebuild on every save, and reload the
//! open pages.
//!
//! The way of the data: [`watch`] turns file-system events into batches, [`incremental`]
//! rebuilds the served folder (whole, or only the pages a change shows up on), [`reload`] holds
//! the build state and tells open pages, and [`http`] serves the folder with the live-reload
//! script added. The served folder is a temporary folder of its own (the user's `public/` is
//! never touched), removed on exit.

pub mod http;
pub mod incremental;
pub mod reload;
pub mod watch;

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use crate::diagnostics::{Error, Result};
use crate::progress::Report;
use incremental::{Outcome, Rebuilder};
use reload::Hub;
use watch::{Area, Batch, Msg, SiteWatcher};

/// The port tried first when none is given, as Zola does.
pub const DEFAULT_PORT: u16 = 1111;
/// How many ports after the default are tried when it is busy.
const PORT_TRIES: u16 = 10;

/// What `talkgen serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (holding `content/`).
    pub root: PathBuf,
    /// `None`: 1111, or the next free port after it. `Some(0)`: any free port.
    pub port: Option<u16>,
    /// The address to listen on; loopback unless the user says otherwise.
    pub bind: IpAddr,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Include talks marked `draft: true`.
    pub drafts: bool,
    /// How long the sources must be quiet before a rebuild starts.
    pub debounce: Duration,
    /// Prints rebuild lines, warnings and errors (`--quiet` keeps only errors and the address).
    pub reporter: Arc<dyn Report>,
}

impl ServeOptions {
    pub fn new(root: impl Into<PathBuf>, reporter: Arc<dyn Report>) -> ServeOptions {
        ServeOptions {
            root: root.into(),
            port: None,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            open: false,
            drafts: false,
            debounce: Duration::from_millis(50),
            reporter,
        }
    }
}

/// Binds the listening socket: the asked port, or the default and the next few after it.
fn bind(opts: &ServeOptions) -> Result<TcpListener> {
    let busy = |port: u16, e: std::io::Error| {
        Error::Refused(format!(
            "cannot listen on {}: {e}\n  = help: another program (another `talkgen serve`?) \
             uses the port; stop it, or choose another port with `--port N` (`--port 0` picks \
             any free one)",
            SocketAddr::new(opts.bind, port)
        ))
    };
    match opts.port {
        Some(port) => {
            TcpListener::bind(SocketAddr::new(opts.bind, port)).map_err(|e| busy(port, e))
        }
        None => {
            let mut first_err = None;
            for port in DEFAULT_PORT..DEFAULT_PORT + PORT_TRIES {
                match TcpListener::bind(SocketAddr::new(opts.bind, port)) {
                    Ok(l) => {
                        if port != DEFAULT_PORT {
                            eprintln!("note: port {DEFAULT_PORT} is busy; using port {port}");
                        }
                        return Ok(l);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                        first_err.get_or_insert(e);
                    }
                    Err(e) => return Err(busy(port, e)),
                }
            }
            let e = first_err.unwrap_or_else(|| std::io::Error::other("no free port"));
            Err(busy(DEFAULT_PORT, e))
        }
    }
}

/// The address to show and to build links with: loopback when listening everywhere.
fn local_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

/// Runs the preview server until Ctrl-C (SIGINT) or SIGTERM.
pub fn serve(opts: &ServeOptions) -> Result<()> {
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| Error::io(&opts.root, e))?;
    if !root.join("content/conference.yaml").is_file() {
        return Err(Error::Refused(format!(
            "`{}` is not a talkgen site (no content/conference.yaml); pass --root DIR",
            opts.root.display()
        )));
    }
    let listener = bind(opts)?;
    let addr = listener.local_addr().map_err(|e| Error::io(&root, e))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io(&root, e))?;
    // Ctrl-C and SIGTERM are caught from here on, so even a stop during the first build
    // removes the preview folder.
    let stop = watch_stop_signals(&runtime).map_err(|e| Error::io(&root, e))?;
    let url = local_url(addr);
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: listening on {} — NOT only on this computer: anyone who can reach this \
             machine on port {} can read the site{}, and there is no password",
            opts.bind,
            addr.port(),
            if opts.drafts { ", drafts included" } else { "" }
        );
    }

    // The served folder lives in a temporary folder of its own, removed when `session` drops.
    let session = tempfile::Builder::new()
        .prefix("talkgen-serve-")
        .tempdir()
        .map_err(|e| Error::io(&std::env::temp_dir(), e))?;
    let session_real = session
        .path()
        .canonicalize()
        .map_err(|e| Error::io(session.path(), e))?;
    let output = session_real.join("site");

    // Watching starts before the first build: a save during it is queued, not lost.
    let (tx, rx) = mpsc::channel();
    let watcher = SiteWatcher::new(&root, tx.clone()).map_err(|e| {
        Error::Refused(format!(
            "cannot watch `{}` for changes: {e}",
            root.display()
        ))
    })?;

    let hub = Arc::new(Hub::new());
    let mut rebuilder = Rebuilder::new(&root, &output, &url, opts.drafts);
    let out = opts.reporter.clone();
    let result = rebuilder.full();
    report(&*out, &hub, result, INITIAL, &rebuilder.root);
    if *stop.borrow() {
        drop(session);
        out.line("Stopped; removed the preview folder.");
        return Ok(());
    }
    if !output.join(crate::layout::INDEX).is_file() {
        // A first build that failed leaves nothing to serve; keep serving the overlay until the
        // next good save.
        std::fs::create_dir_all(&output).map_err(|e| Error::io(&output, e))?;
    }

    let quiet = opts.debounce;
    let thread_hub = hub.clone();
    let thread_out = out.clone();
    let rebuilds = std::thread::Builder::new()
        .name("talkgen-rebuild".into())
        .spawn(move || rebuild_loop(&*thread_out, watcher, rx, quiet, rebuilder, &thread_hub))
        .map_err(|e| Error::io(&root, e))?;

    println!("Serving {} at {url} (press Ctrl-C to stop)", root.display());
    let _ = std::io::stdout().flush();
    if opts.open {
        if let Err(e) = open::that_detached(&url) {
            eprintln!("note: could not open a browser ({e}); open {url} yourself");
        }
    }

    let served = run_http(&runtime, listener, addr, &output, hub, stop);
    runtime.shutdown_timeout(Duration::from_secs(2));
    // Stop the rebuild thread (it finishes a rebuild in progress), then remove the folder.
    let _ = tx.send(Msg::Stop);
    let _ = rebuilds.join();
    drop(session);
    out.line("Stopped; removed the preview folder.");
    served
}

/// Serves until a stop signal; open live-reload connections are closed so shutdown is prompt.
fn run_http(
    runtime: &tokio::runtime::Runtime,
    listener: TcpListener,
    addr: SocketAddr,
    output: &Path,
    hub: Arc<Hub>,
    stop: tokio::sync::watch::Receiver<bool>,
) -> Result<()> {
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::io(output, e))?;
        let listener =
            tokio::net::TcpListener::from_std(listener).map_err(|e| Error::io(output, e))?;
        let app = Arc::new(http::App {
            output: output.to_path_buf(),
            hub,
            bound: addr,
            shutdown: stop.clone(),
        });
        let router = http::router(app);
        let mut stop = stop;
        let signal = async move {
            while !*stop.borrow_and_update() {
                if stop.changed().await.is_err() {
                    break;
                }
            }
        };
        axum::serve(listener, router)
            .with_graceful_shutdown(signal)
            .await
            .map_err(|e| Error::io(output, e))
    })
}

/// Installs the Ctrl-C (SIGINT) and SIGTERM handlers now; the receiver turns true on either.
fn watch_stop_signals(
    runtime: &tokio::runtime::Runtime,
) -> std::io::Result<tokio::sync::watch::Receiver<bool>> {
    let (tx, rx) = tokio::sync::watch::channel(false);
    let _guard = runtime.enter();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut int = signal(SignalKind::interrupt())?;
        let mut term = signal(SignalKind::terminate())?;
        runtime.spawn(async move {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
            eprintln!("\nShutting down…");
            let _ = tx.send(true);
        });
    }
    #[cfg(not(unix))]
    runtime.spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        eprintln!("\nShutting down…");
        let _ = tx.send(true);
    });
    Ok(rx)
}

/// Waits for batches of changes and rebuilds, one batch at a time, until told to stop.
fn rebuild_loop(
    out: &dyn Report,
    mut watcher: SiteWatcher,
    rx: mpsc::Receiver<Msg>,
    quiet: Duration,
    mut rebuilder: Rebuilder,
    hub: &Hub,
) {
    let (root, output) = (rebuilder.root.clone(), rebuilder.output.clone());
    let relevant = |ev: &notify::Event| watch::classify(&root, &output, ev);
    while let Some(batch) = watch::next_batch(&rx, quiet, relevant) {
        for e in &batch.errors {
            eprintln!("warning: file watcher: {e}");
        }
        if batch.changes.is_empty() {
            continue;
        }
        if let Err(e) = watcher.rewatch(Some(&batch)) {
            eprintln!("warning: file watcher: {e}");
        }
        if batch.rescan || !batch.errors.is_empty() {
            // Events may have been lost: nothing cached can be trusted.
            rebuilder.forget_all();
        }
        for change in &batch.changes {
            rebuilder.forget(&change.path);
        }
        let result = rebuild(&mut rebuilder, &batch);
        report(out, hub, result, &batch.describe(), &rebuilder.root);
    }
}

/// Chooses the cheapest rebuild that is still exact for the batch.
fn rebuild(rebuilder: &mut Rebuilder, batch: &Batch) -> Result<Outcome> {
    let only_talks_or_speakers = !batch.touches(Area::Templates)
        && !batch.touches(Area::Static)
        && batch
            .changes
            .iter()
            .all(|c| c.path.starts_with("content/talks") || c.path.starts_with("content/speakers"));
    let talk_files: Vec<PathBuf> = batch
        .changes
        .iter()
        .filter(|c| c.path.starts_with("content/talks"))
        .map(|c| c.path.clone())
        .collect();
    // Only talk files that still exist were saved: they may be checked alone.
    if only_talks_or_speakers
        && !batch.rescan
        && talk_files.len() == batch.changes.len()
        && talk_files.iter().all(|p| rebuilder.root.join(p).is_file())
    {
        if let Some(outcome) = rebuilder.talks_edited(&talk_files)? {
            return Ok(outcome);
        }
    }
    if only_talks_or_speakers {
        rebuilder.content_changed()
    } else {
        rebuilder.full()
    }
}

const INITIAL: &str = "initial build";

/// Prints what a build did and tells the hub (and so the open pages).
fn report(out: &dyn Report, hub: &Hub, result: Result<Outcome>, cause: &str, root: &Path) {
    match result {
        Ok(Outcome::Full {
            pages,
            elapsed,
            warnings,
        }) => {
            out.warnings(&warnings, root);
            let verb = if cause == INITIAL { "Built" } else { "Rebuilt" };
            out.status(&format!(
                "{verb} the whole site ({pages} pages) in {elapsed:.0?} [{cause}]"
            ));
            hub.built("full", pages);
        }
        Ok(Outcome::Incremental {
            pages,
            elapsed,
            load,
            warnings,
        }) => {
            out.warnings(&warnings, root);
            out.status(&format!(
                "Rebuilt {pages} files in {elapsed:.0?} (loading {load:.0?}) [{cause}]"
            ));
            hub.built("incremental", pages);
        }
        Ok(Outcome::Edited {
            pages,
            elapsed,
            load,
            pages_done,
            warnings,
        }) => {
            out.warnings(&warnings, root);
            out.status(&format!(
                "Rebuilt {pages} files in {elapsed:.0?} (checking the edited files {load:.0?}, \
                 pages written after {pages_done:.0?}) [{cause}]"
            ));
            hub.built("edited", pages);
        }
        Err(e) => {
            out.error(&e, root);
            eprintln!(
                "talkgen serve: still serving the last good build; fix the problem and save \
                 again [{cause}]"
            );
            hub.failed(reload::problems(&e));
        }
    }
    let _ = std::io::stdout().flush();
}
