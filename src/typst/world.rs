//! The sandboxed Typst World: the generated source, the templates folder, the bundled fonts.

use std::collections::HashMap;
use std::sync::{LazyLock, RwLock};

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts::Fonts;
use crate::assets::{Folder, ReadError};
use crate::drawings::Drawings;
use crate::error::{Error, Result};

/// What every compilation shares: the standard library, the fonts, the template files and the
/// maps made from the drawings among them.
pub struct Shared {
    library: LazyHash<Library>,
    fonts: Fonts,
    templates: Folder,
    drawings: Drawings,
    files: RwLock<HashMap<FileId, FileResult<Bytes>>>,
    sources: RwLock<HashMap<FileId, FileResult<Source>>>,
    /// How messages name the files served from elsewhere than the templates folder.
    served: HashMap<FileId, String>,
}

impl Shared {
    /// Prepare the standard library and fonts once for a whole batch.
    pub fn new(fonts: Fonts, templates: Folder) -> Self {
        Shared {
            library: LazyHash::new(Library::default()),
            fonts,
            templates,
            drawings: Drawings::default(),
            files: RwLock::new(HashMap::new()),
            sources: RwLock::new(HashMap::new()),
            served: HashMap::new(),
        }
    }

    /// The templates folder the World reads from.
    pub fn templates(&self) -> &Folder {
        &self.templates
    }

    /// The bundled fonts.
    pub fn fonts(&self) -> &Fonts {
        &self.fonts
    }

    /// Serve the striped maps of these drawings (see [`Drawings::marked_file`]).
    pub fn with_drawings(mut self, drawings: Drawings) -> Self {
        self.drawings = drawings;
        self
    }

    /// The drawings whose striped maps the World serves.
    pub fn drawings(&self) -> &Drawings {
        &self.drawings
    }

    /// Serve bytes at a path as if they were in the templates folder (a clinic's logo);
    /// messages about the file name it as `shown` (where the user named it).
    pub fn with_file(mut self, path: &str, bytes: Vec<u8>, shown: String) -> Self {
        if let (Ok(vpath), Ok(files)) = (VirtualPath::new(path), self.files.get_mut()) {
            let id = FileId::new(RootedPath::new(VirtualRoot::Project, vpath));
            files.insert(id, Ok(Bytes::new(bytes)));
            self.served.insert(id, shown);
        }
        self
    }

    /// How messages name a file served with [`Shared::with_file`].
    pub fn served(&self, id: FileId) -> Option<&str> {
        self.served.get(&id).map(String::as_str)
    }

    fn read(&self, id: FileId) -> FileResult<Bytes> {
        // Made again at each read rather than kept: a library has as many as it has types.
        if let Some(map) = self.drawings.marked_file(id.vpath().get_without_slash()) {
            return Ok(Bytes::from_string(map));
        }
        if let Some(cached) = self.files.read().ok().and_then(|files| files.get(&id).cloned()) {
            return cached;
        }
        let result = self.read_uncached(id);
        if let Ok(mut files) = self.files.write() {
            files.insert(id, result.clone());
        }
        result
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if let Some(cached) = self.sources.read().ok().and_then(|sources| sources.get(&id).cloned()) {
            return cached;
        }
        let result = self.read(id).and_then(|bytes| {
            let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
            Ok(Source::new(id, text.into()))
        });
        if let Ok(mut sources) = self.sources.write() {
            sources.insert(id, result.clone());
        }
        result
    }

    fn read_uncached(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(FileError::Package(PackageError::Other(Some(
                format!("cannot import {spec}: handout works offline and uses no packages; copy what you need into the templates folder").into(),
            ))));
        }
        let path = id.vpath().get_without_slash();
        match self.templates.read(path) {
            Ok(Some(bytes)) => Ok(Bytes::new(bytes.into_owned())),
            Ok(None) => Err(FileError::NotFound(path.into())),
            Err(ReadError::IsDirectory) => Err(FileError::IsDirectory),
            Err(ReadError::OutsideRoot) => {
                Err(FileError::Other(Some(format!("{path}: the path leaves the templates folder").into())))
            }
            Err(e @ (ReadError::Io(_) | ReadError::Symlink | ReadError::TooLarge { .. })) => {
                Err(FileError::Other(Some(format!("{path}: {e}").into())))
            }
        }
    }
}

/// The main file of every document. Typst keeps each path it is given a file ID for until the
/// process ends, and has 65,535 of them: a main file named after each document would leak a
/// little memory per document and stop a library of more documents than that. A unique ID is
/// also one no template file can have, whatever it is called; its path, at the top of the
/// folder, is where the main file's relative paths start.
static MAIN: LazyLock<Option<FileId>> = LazyLock::new(|| {
    let vpath = VirtualPath::new("/main.typ").ok()?;
    Some(FileId::unique(RootedPath::new(VirtualRoot::Project, vpath)))
});

/// The World of one document: its generated main source and a fixed date.
pub struct DocWorld<'a> {
    shared: &'a Shared,
    main: Source,
    today: Datetime,
}

impl<'a> DocWorld<'a> {
    /// A World whose main file holds `text`; `today` is fixed for reproducible output.
    pub fn new(shared: &'a Shared, text: String, today: Datetime) -> Result<Self> {
        let id = MAIN.ok_or_else(|| Error::internal("no path for the main file"))?;
        Ok(DocWorld { shared, main: Source::new(id, text), today })
    }

    /// The generated main source.
    pub fn main_source(&self) -> &Source {
        &self.main
    }
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.shared.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        self.shared.source(id)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        self.shared.read(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
