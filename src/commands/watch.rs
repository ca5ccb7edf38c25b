//! `handout watch`: build, then rebuild when a data, catalog, template or profile file is
//! saved; errors are printed and the watch goes on.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::cli::{BuildArgs, Folders};
use crate::error::{Error, Result};

/// How long to wait for an editor to finish saving before rebuilding.
const SETTLE: Duration = Duration::from_millis(40);

/// Watch the folders a build reads and rebuild on every change.
pub fn run(folders: &Folders, args: &BuildArgs) -> Result<()> {
    // In a checkout, watch the repository's own folders rather than the embedded copies.
    let mut folders = folders.clone();
    for (slot, name) in [(&mut folders.data, "data"), (&mut folders.templates, "templates")] {
        if slot.is_none() && Path::new(name).is_dir() {
            *slot = Some(PathBuf::from(name));
        }
    }
    let mut watched: Vec<PathBuf> =
        [&folders.data, &folders.templates, &folders.fonts].into_iter().flatten().cloned().collect();
    if let Some(profile) = &args.selection.profile.clinic {
        watched.push(
            profile.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf(),
        );
    }
    if watched.is_empty() {
        return Err(Error::input(
            "nothing to watch: pass --data, --templates or --clinic, or run in the repository",
        ));
    }
    let (tx, rx) = mpsc::channel();
    let mut watcher =
        notify::recommended_watcher(tx).map_err(|e| Error::internal(format!("cannot watch files: {e}")))?;
    for path in &watched {
        watcher
            .watch(path, RecursiveMode::Recursive)
            .map_err(|e| Error::input(format!("{}: cannot watch: {e}", path.display())))?;
    }
    let out = std::fs::canonicalize(&args.out).unwrap_or_else(|_| args.out.clone());
    rebuild(&folders, args);
    eprintln!(
        "watching {} (Ctrl-C stops)",
        watched.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    );
    while let Ok(event) = rx.recv() {
        if !relevant(&event, &out) {
            continue;
        }
        // Let the editor finish writing, and take the whole burst of events as one change.
        std::thread::sleep(SETTLE);
        while rx.try_recv().is_ok() {}
        rebuild(&folders, args);
    }
    Ok(())
}

/// A change to a file the build reads, not to its own output or an editor's temporary file.
fn relevant(event: &notify::Result<notify::Event>, out: &Path) -> bool {
    let Ok(event) = event else { return false };
    if event.kind.is_access() {
        return false;
    }
    event.paths.iter().any(|path| {
        let name = path.file_name().map_or(String::new(), |n| n.to_string_lossy().into_owned());
        !path.starts_with(out) && !name.starts_with('.') && !name.ends_with('~') && !name.ends_with(".tmp")
    })
}

/// Load everything afresh and build; report errors without stopping the watch.
fn rebuild(folders: &Folders, args: &BuildArgs) {
    let start = Instant::now();
    match super::build::run(folders, args) {
        Ok(()) => eprintln!("rebuilt in {:.0} ms", start.elapsed().as_secs_f64() * 1000.0),
        Err(error) => eprintln!("{error}"),
    }
}
