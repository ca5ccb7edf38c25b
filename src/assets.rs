//! The default templates, data and fonts, embedded in the binary; an override folder replaces them.

use std::borrow::Cow;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::limits::Limits;

/// One embedded file: its path inside the folder and its bytes.
type Embedded = (&'static str, &'static [u8]);

// TEMPLATES, DATA and FONTS: every file of those folders that a run reads, listed by build.rs.
include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The folders a run reads: templates, data and fonts (embedded defaults or overrides), and
/// how much making handouts from them may spend.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub templates: Folder,
    pub data: Folder,
    pub fonts: Folder,
    pub limits: Limits,
}

impl Inputs {
    /// The templates, data and fonts compiled into the binary.
    pub fn embedded() -> Self {
        Inputs {
            templates: Folder::default_templates(),
            data: Folder::default_data(),
            fonts: Folder::default_fonts(),
            limits: Limits::default(),
        }
    }
}

/// A folder of files: the embedded defaults or a folder on disk that replaces them.
#[derive(Debug, Clone)]
pub enum Folder {
    /// Files compiled into the binary; `name` is the repository folder they came from.
    Embedded { name: &'static str, files: &'static [Embedded] },
    /// A folder on disk, canonicalized, so that nothing outside it can be read.
    Disk(PathBuf),
}

impl Folder {
    /// The embedded templates.
    pub fn default_templates() -> Self {
        Folder::Embedded { name: "templates", files: TEMPLATES }
    }

    /// The embedded content data.
    pub fn default_data() -> Self {
        Folder::Embedded { name: "data", files: DATA }
    }

    /// The embedded fonts.
    pub fn default_fonts() -> Self {
        Folder::Embedded { name: "fonts", files: FONTS }
    }

    /// Open a folder on disk given on the command line.
    pub fn disk(path: &Path, what: &str) -> Result<Self> {
        let canonical = fs::canonicalize(path)
            .map_err(|e| Error::input(format!("{}: cannot open the {what} folder: {e}", path.display())))?;
        if !canonical.is_dir() {
            return Err(Error::input(format!("{}: the {what} folder is not a folder", path.display())));
        }
        Ok(Folder::Disk(canonical))
    }

    /// Choose the override folder when one is given, else the embedded default.
    pub fn choose(path: Option<&Path>, what: &str, default: fn() -> Self) -> Result<Self> {
        path.map_or_else(|| Ok(default()), |p| Self::disk(p, what))
    }

    /// How to name a file of this folder in a message.
    pub fn display(&self, relative: &str) -> String {
        match self {
            Folder::Embedded { name, .. } => format!("{name}/{relative}"),
            Folder::Disk(root) => root.join(relative).display().to_string(),
        }
    }

    /// List the files (relative paths, sorted) whose name ends with `suffix`, top level only.
    pub fn list(&self, suffix: &str) -> Result<Vec<String>> {
        self.list_in("", suffix)
    }

    /// List files (relative paths, sorted) in a subfolder (`""` for the top level) whose name
    /// ends with `suffix`.
    pub fn list_in(&self, dir: &str, suffix: &str) -> Result<Vec<String>> {
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        let mut names: Vec<String> = match self {
            Folder::Embedded { files, .. } => files
                .iter()
                .map(|(name, _)| name.to_string())
                .filter(|name| {
                    name.strip_prefix(&prefix).is_some_and(|rest| !rest.contains('/'))
                        && name.ends_with(suffix)
                })
                .collect(),
            Folder::Disk(root) => visible_entries(root, dir, false)?
                .into_iter()
                .filter(|name| name.ends_with(suffix))
                .map(|name| format!("{prefix}{name}"))
                .collect(),
        };
        names.sort();
        Ok(names)
    }

    /// The names of the folders directly inside a subfolder, sorted; hidden ones left out.
    pub fn subfolders(&self, dir: &str) -> Result<Vec<String>> {
        let prefix = format!("{dir}/");
        let mut names: Vec<String> = match self {
            Folder::Embedded { files, .. } => files
                .iter()
                .filter_map(|(name, _)| {
                    name.strip_prefix(&prefix)?.split_once('/').map(|(sub, _)| sub.to_string())
                })
                .collect(),
            Folder::Disk(root) => visible_entries(root, dir, true)?,
        };
        names.sort();
        names.dedup();
        Ok(names)
    }

    /// Every file (relative paths, sorted), in subfolders too; hidden ones left out.
    pub fn list_all(&self) -> Result<Vec<String>> {
        let mut names = Vec::new();
        match self {
            Folder::Embedded { files, .. } => names.extend(files.iter().map(|(name, _)| name.to_string())),
            Folder::Disk(root) => {
                let mut dirs = vec![String::new()];
                while let Some(dir) = dirs.pop() {
                    let path = root.join(&dir);
                    let entries =
                        fs::read_dir(&path).map_err(|e| Error::input(format!("{}: {e}", path.display())))?;
                    for entry in entries.filter_map(|entry| entry.ok()) {
                        let Ok(name) = entry.file_name().into_string() else { continue };
                        let relative = if dir.is_empty() { name.clone() } else { format!("{dir}/{name}") };
                        match entry.file_type() {
                            _ if name.starts_with('.') => {}
                            Ok(t) if t.is_dir() => dirs.push(relative),
                            Ok(t) if t.is_file() => names.push(relative),
                            _ => {}
                        }
                    }
                }
            }
        }
        names.sort();
        Ok(names)
    }

    /// A fingerprint of every file of the folder, names and bytes.
    pub fn digest(&self) -> Result<u128> {
        let mut files = Vec::new();
        for name in self.list_all()? {
            let bytes = self.read(&name).ok().flatten();
            files.push((name, bytes));
        }
        Ok(typst::utils::hash128(&files))
    }

    /// The folder on disk, if it is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Folder::Disk(root) => Some(root),
            Folder::Embedded { .. } => None,
        }
    }

    /// Read a file by its relative path (`/` separated). `Ok(None)` when it does not exist.
    ///
    /// Paths that leave the folder, lexically or through a symlink, are refused.
    pub fn read(&self, relative: &str) -> Result<Option<Cow<'static, [u8]>>, ReadError> {
        let relative = relative.trim_start_matches('/');
        match self {
            Folder::Embedded { files, .. } => {
                Ok(files.iter().find(|(name, _)| *name == relative).map(|(_, bytes)| Cow::Borrowed(*bytes)))
            }
            Folder::Disk(root) => {
                if relative.split('/').any(|part| part == ".." || part.contains('\\')) {
                    return Err(ReadError::OutsideRoot);
                }
                let path = root.join(relative);
                // A symbolic link is refused, not followed: the folder given is all that is read.
                if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
                    return Err(ReadError::Symlink);
                }
                let real = match fs::canonicalize(&path) {
                    Ok(real) => real,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                    Err(e) => return Err(ReadError::Io(e.to_string())),
                };
                if !real.starts_with(root) {
                    return Err(ReadError::Symlink);
                }
                if real.is_dir() {
                    return Err(ReadError::IsDirectory);
                }
                let size = fs::metadata(&real).map_err(|e| ReadError::Io(e.to_string()))?.len();
                if size > MAX_FILE {
                    return Err(ReadError::TooLarge { size, limit: MAX_FILE });
                }
                fs::read(&real).map(|b| Some(Cow::Owned(b))).map_err(|e| ReadError::Io(e.to_string()))
            }
        }
    }

    /// Read a UTF-8 text file that must exist.
    pub fn read_text(&self, relative: &str) -> Result<String> {
        self.text(relative)?
            .ok_or_else(|| Error::input(format!("{}: file not found", self.display(relative))))
    }

    /// Read a UTF-8 text file, `Ok(None)` when it does not exist.
    pub fn text(&self, relative: &str) -> Result<Option<String>> {
        let display = self.display(relative);
        let Some(bytes) = self.read(relative).map_err(|e| Error::input(format!("{display}: {e}")))? else {
            return Ok(None);
        };
        let size = bytes.len() as u64;
        if size > MAX_TEXT_FILE {
            return Err(Error::input(format!(
                "{display}: {}",
                ReadError::TooLarge { size, limit: MAX_TEXT_FILE }
            )));
        }
        String::from_utf8(bytes.into_owned())
            .map(Some)
            .map_err(|e| Error::input(not_utf8(&display, e.as_bytes(), &e)))
    }
}

/// The largest file a folder may hold: fonts with every Chinese character are about 11 MB.
pub const MAX_FILE: u64 = 64 << 20;

/// The largest text file (data, catalog, template): the shipped ones are under 70 KB.
pub const MAX_TEXT_FILE: u64 = 1 << 20;

/// A size for a person: `1.5 MB`.
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / f64::from(1 << 20))
}

/// Where a file stops being UTF-8: `labels.po:17:9: not valid UTF-8 (byte 0xE9 at offset 412)`,
/// the column counted in characters of the valid text before it.
fn not_utf8(display: &str, bytes: &[u8], error: &std::string::FromUtf8Error) -> String {
    let offset = error.utf8_error().valid_up_to();
    let before = &bytes[..offset];
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    let byte = bytes.get(offset).map_or(String::new(), |b| format!("byte 0x{b:02X} "));
    format!("{display}:{line}:{column}: not valid UTF-8 ({byte}at offset {offset}); save the file as UTF-8")
}

/// The names of the files (or the folders) directly inside `root/dir`, hidden ones left out;
/// none when it does not exist.
fn visible_entries(root: &Path, dir: &str, folders: bool) -> Result<Vec<String>> {
    match fs::read_dir(root.join(dir)) {
        Ok(entries) => Ok(entries
            .filter_map(|entry| entry.ok())
            // Symbolic links are listed, so that reading one says it is refused.
            .filter(|entry| {
                let (path, kind) = (entry.path(), entry.file_type());
                kind.is_ok_and(|t| {
                    if t.is_symlink() {
                        path.is_dir() == folders
                    } else if folders {
                        t.is_dir()
                    } else {
                        t.is_file()
                    }
                })
            })
            .filter_map(|entry| entry.file_name().into_string().ok())
            .filter(|name| !name.starts_with('.'))
            .collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(Error::input(format!("{}: {e}", root.join(dir).display()))),
    }
}

/// Why a file could not be read from a folder.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The path leaves the folder.
    #[error("the path leaves the folder it must stay in")]
    OutsideRoot,
    /// The path is, or passes through, a symbolic link.
    #[error("it is a symbolic link, which handout refuses to follow; put the file itself in the folder")]
    Symlink,
    /// The path names a folder.
    #[error("the path is a folder, not a file")]
    IsDirectory,
    /// The file is larger than any file of its kind needs to be.
    #[error("the file is {} and the limit is {}; a file this large cannot be a handout's", megabytes(*size), megabytes(*limit))]
    TooLarge { size: u64, limit: u64 },
    /// The operating system refused.
    #[error("{0}")]
    Io(String),
}
