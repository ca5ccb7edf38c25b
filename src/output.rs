//! Writing output atomically: every file is written beside its place under a temporary name,
//! then renamed, so a failed run leaves earlier good files untouched and never a half-written one.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;

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
        let prefix = format!(".{name}.");
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

/// Write files given by their path below `root` (`es/index.html`), one atomic write per
/// folder, each folder's files renamed in the order given.
pub fn write_tree<'a>(root: &Path, files: impl IntoIterator<Item = (String, &'a [u8])>) -> Result<()> {
    let mut folders: BTreeMap<String, Vec<(String, &[u8])>> = BTreeMap::new();
    for (path, bytes) in files {
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", &path));
        folders.entry(dir.to_string()).or_default().push((name.to_string(), bytes));
    }
    for (dir, files) in &folders {
        write_all(&root.join(dir), files.iter().map(|(name, bytes)| (name.as_str(), *bytes)))?;
    }
    Ok(())
}
