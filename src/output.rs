//! Writing output atomically. A single file is written beside its place under a temporary
//! name, then renamed. A set of folders is written into a staging folder beside them, then each
//! is swapped in with one rename, so a failed or killed run leaves earlier good output
//! untouched, and a folder is never part new and part old. What a killed run left behind is
//! removed by the next.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Write one file atomically: a temporary file beside it, renamed into place.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    write_all(dir, [(name.as_str(), bytes)])
}

/// Write files into `dir` atomically: each is written and synced beside its place first,
/// several at once (syncing waits on the disk, not the processor), then all are renamed into
/// place. A failure before the renames changes nothing and never removes a good earlier file.
pub fn write_all<'a>(dir: &Path, files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Result<()> {
    let cannot =
        |e: std::io::Error| Error::input(format!("{}: cannot write the output folder: {e}", dir.display()));
    fs::create_dir_all(dir).map_err(cannot)?;
    let files: Vec<(&str, &[u8])> = files.into_iter().collect();
    let write = |name: &str, bytes: &[u8]| -> std::io::Result<tempfile::NamedTempFile> {
        let mut builder = tempfile::Builder::new();
        let prefix = format!(".{name}.{TEMP}{}.", std::process::id());
        builder.prefix(&prefix).suffix(".tmp");
        // Readable by a web server, like any file the user writes.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
        let mut temp = builder.tempfile_in(dir)?;
        temp.write_all(bytes)?;
        temp.as_file().sync_all()?;
        Ok(temp)
    };
    let temps: Vec<std::io::Result<tempfile::NamedTempFile>> = std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(files.len().div_ceil(4).max(1))
            .map(|part| {
                scope.spawn(move || part.iter().map(|(name, bytes)| write(name, bytes)).collect::<Vec<_>>())
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker.join().unwrap_or_else(|_| vec![Err(std::io::Error::other("a writer panicked"))])
            })
            .collect()
    });
    let temps = temps.into_iter().collect::<std::io::Result<Vec<_>>>().map_err(cannot)?;
    for ((name, _), temp) in files.iter().zip(temps) {
        temp.persist(dir.join(name)).map_err(|e| cannot(e.error))?;
    }
    Ok(())
}

/// What this tool's temporary files and staging folders are named with, after a dot.
const TEMP: &str = "handout-";

/// Write files given by their path below `root` (`es/index.html`): every top-level folder
/// written to (`es/`) is staged whole beside `root`'s own (its other files kept, as hard links),
/// then all are swapped in, one rename each, only once every one is complete. Files at the top
/// level are written one by one, atomically.
pub fn write_tree<'a>(root: &Path, files: impl IntoIterator<Item = (String, &'a [u8])>) -> Result<()> {
    let (nested, loose): (Vec<_>, Vec<_>) = files.into_iter().partition(|(path, _)| path.contains('/'));
    let staging = Staging::open(root, nested.iter().filter_map(|(path, _)| top(path)))?;
    for (path, bytes) in &nested {
        staging.write(path, bytes)?;
    }
    staging.commit(loose.iter().map(|(name, bytes)| (name.as_str(), *bytes)))
}

/// The top-level folder of a path below the output folder: `es` for `es/index.html`.
pub fn top(path: &str) -> Option<&str> {
    path.split_once('/').map(|(top, _)| top)
}

/// Top-level folders of an output folder being rewritten: each is mirrored into a hidden
/// staging folder beside it (its files kept, as hard links), written into file by file as
/// documents finish, then all are swapped in by [`Staging::commit`]. Until then no file under
/// a final name changes; dropped without a commit, it leaves the output as it was.
pub struct Staging {
    root: PathBuf,
    dir: tempfile::TempDir,
    tops: BTreeSet<String>,
}

impl Staging {
    /// Stage these top-level folders of `root` (made if missing), after removing what killed
    /// runs left behind.
    pub fn open<'a>(root: &Path, tops: impl IntoIterator<Item = &'a str>) -> Result<Staging> {
        fs::create_dir_all(root).map_err(|e| cannot(root, e))?;
        remove_stale(root, true);
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{TEMP}{}-", std::process::id()))
            .tempdir_in(root)
            .map_err(|e| cannot(root, e))?;
        let tops: BTreeSet<String> = tops.into_iter().map(str::to_string).collect();
        for top in &tops {
            let current = root.join(top);
            if current.is_file() {
                return Err(cannot(&current, std::io::Error::other("a file is where the folder should be")));
            }
            mirror(&current, &dir.path().join(top)).map_err(|e| cannot(&current, e))?;
        }
        Ok(Staging { root: root.to_path_buf(), dir, tops })
    }

    /// A new file for the build's own notes in the staging folder, outside the folders it
    /// swaps in, so removed with it.
    pub fn scratch(&self, name: &str) -> Result<fs::File> {
        fs::File::create(self.staged(name)).map_err(|e| self.cannot(name, e))
    }

    /// The error of a file below the output folder that cannot be written.
    pub fn cannot(&self, path: &str, e: std::io::Error) -> Error {
        cannot(&self.root.join(path), e)
    }

    /// Where a file below the output folder stands while staged.
    pub fn staged(&self, path: &str) -> PathBuf {
        self.dir.path().join(path)
    }

    /// Write a file (`es/calcinosis-overview.pdf`) into its staged folder, synced. A hard
    /// link there shares an earlier file's bytes: it is unlinked, never written through.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<fs::Metadata> {
        if !top(path).is_some_and(|top| self.tops.contains(top)) {
            return Err(Error::internal(format!("{path}: not in a staged folder")));
        }
        let staged = self.staged(path);
        let write = || -> std::io::Result<fs::Metadata> {
            make_room(&staged)?;
            let mut file = fs::File::create(&staged)?;
            file.write_all(bytes)?;
            file.sync_all()?;
            file.metadata()
        };
        write().map_err(|e| cannot(&self.root.join(path), e))
    }

    /// Put a copy of a finished file from elsewhere (another build's output) at a staged
    /// path: a hard link where the system allows, else a copy.
    pub fn link(&self, from: &Path, path: &str) -> Result<()> {
        let staged = self.staged(path);
        let link = || -> std::io::Result<()> {
            make_room(&staged)?;
            if fs::hard_link(from, &staged).is_err() {
                fs::copy(from, &staged)?;
            }
            Ok(())
        };
        link().map_err(|e| cannot(&self.root.join(path), e))
    }

    /// Remove a staged file, if it is there.
    pub fn remove(&self, path: &str) -> Result<()> {
        match fs::remove_file(self.staged(path)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(cannot(&self.root.join(path), e)),
            _ => Ok(()),
        }
    }

    /// Swap every staged folder in, then write the files at the top level (`index.html`)
    /// one by one, atomically.
    pub fn commit<'a>(self, loose: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Result<()> {
        let mut swapped = Vec::new();
        for top in &self.tops {
            if let Err(e) = swap(&self.dir.path().join(top), &self.root.join(top)) {
                let written = if swapped.is_empty() {
                    "nothing was replaced".to_string()
                } else {
                    format!("only {} were replaced", swapped.join(", "))
                };
                return Err(Error::input(format!(
                    "{}: cannot replace the folder: {e}; {written}",
                    self.root.join(top).display()
                )));
            }
            swapped.push(format!("{top}/"));
        }
        write_all(&self.root, loose)?;
        // The staging folder now holds the replaced trees; removing it is tidying, not the work.
        let _ = self.dir.close();
        Ok(())
    }
}

/// Ready a staged path for a new file: its folder made, and the file there before (a hard link
/// to an earlier build's, whose bytes must not be written through) unlinked.
fn make_room(staged: &Path) -> std::io::Result<()> {
    if let Some(parent) = staged.parent() {
        fs::create_dir_all(parent)?;
    }
    match fs::remove_file(staged) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn cannot(path: &Path, e: std::io::Error) -> Error {
    Error::input(format!("{}: cannot write the output folder: {e}; nothing was replaced", path.display()))
}

/// Recreate the tree `from` at `to` with hard links (copies where links cannot be made),
/// leaving out this tool's stale temporary files.
fn mirror(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    let entries = match fs::read_dir(from) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            mirror(&source, &target)?;
        } else if is_temporary(&entry.file_name().to_string_lossy()) {
            continue;
        } else if kind.is_symlink() {
            copy_link(&source, &target)?;
        } else if fs::hard_link(&source, &target).is_err() {
            fs::copy(&source, &target)?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn copy_link(source: &Path, target: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(fs::read_link(source)?, target)
}

#[cfg(not(unix))]
fn copy_link(source: &Path, target: &Path) -> std::io::Result<()> {
    fs::copy(source, target).map(|_| ())
}

/// Put the staged folder in place of `target`: one atomic exchange where the system has one
/// (Linux), else two renames; the old tree ends where the staged one was.
fn swap(staged: &Path, target: &Path) -> std::io::Result<()> {
    if !target.exists() {
        return fs::rename(staged, target);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, staged, CWD, target, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    let old = staged.with_extension("old");
    fs::rename(target, &old)?;
    fs::rename(staged, target).inspect_err(|_| {
        let _ = fs::rename(&old, target);
    })
}

/// Remove what earlier runs of this tool left behind when they were killed: staging folders at
/// the top of `dir` and temporary files in it and its folders, from processes no longer running.
fn remove_stale(dir: &Path, top: bool) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.filter_map(|entry| entry.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if !path.is_dir() {
            if is_temporary(&name) && is_stale(&name, &path) {
                let _ = fs::remove_file(&path);
            }
        } else if top && name.starts_with(&format!(".{TEMP}")) && is_stale(&name, &path) {
            let _ = fs::remove_dir_all(&path);
        } else if top && !name.starts_with('.') {
            remove_stale(&path, false);
        }
    }
}

/// Whether a file name is one of this tool's temporary files: `.<name>.handout-<pid>.XXXXXX.tmp`,
/// or `.<name>.XXXXXX.tmp` as versions before 0.15 wrote them.
fn is_temporary(name: &str) -> bool {
    let Some(inner) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else { return false };
    inner
        .rsplit_once('.')
        .is_some_and(|(_, random)| random.len() == 6 && random.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Whether a temporary file or staging folder belongs to a run that has ended: its process is
/// gone (where the system lists processes), or it is more than an hour old.
fn is_stale(name: &str, path: &Path) -> bool {
    let pid = name.split(TEMP).nth(1).and_then(|rest| rest.split(['.', '-']).next()?.parse::<u32>().ok());
    let proc = Path::new("/proc");
    match pid {
        Some(pid) if proc.is_dir() => pid != std::process::id() && !proc.join(pid.to_string()).exists(),
        _ => fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|time| time.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600),
    }
}
