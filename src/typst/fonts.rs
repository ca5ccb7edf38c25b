//! The bundled fonts: one shared font book, faces parsed only when a document uses them.

use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo, FontStyle, FontVariant};
use typst::utils::LazyHash;

use crate::assets::Folder;
use crate::error::{Error, Result};

/// One face of a font file, parsed on first use.
struct Slot {
    data: Bytes,
    index: u32,
    font: OnceLock<Option<Font>>,
}

/// Every font a handout may use, and nothing from the system.
pub struct Fonts {
    book: LazyHash<FontBook>,
    slots: Vec<Slot>,
}

/// The font book of the embedded fonts, made ahead of time (see `book_entries`), so that a
/// run reads no font file until a document uses it: the CJK fonts cost an English build
/// nothing.
const EMBEDDED_BOOK: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/book.json"));

/// One face in a stored font book.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct BookEntry {
    pub file: String,
    pub index: u32,
    pub info: FontInfo,
}

/// The font book entries of the files in a folder, read from the files themselves.
pub fn book_entries(folder: &Folder) -> Result<Vec<BookEntry>> {
    let mut entries = Vec::new();
    for name in font_files(folder)? {
        let data = read(folder, &name)?;
        let before = entries.len();
        for (index, info) in FontInfo::iter(&data).enumerate() {
            entries.push(BookEntry { file: name.clone(), index: index as u32, info });
        }
        if entries.len() == before {
            return Err(Error::input(format!("{}: not a font Typst can read", folder.display(&name))));
        }
    }
    Ok(entries)
}

fn font_files(folder: &Folder) -> Result<Vec<String>> {
    let mut names = folder.list(".ttf")?;
    names.extend(folder.list(".otf")?);
    Ok(names)
}

/// A font file's bytes; embedded ones are borrowed, never copied.
fn read(folder: &Folder, name: &str) -> Result<Bytes> {
    let display = folder.display(name);
    let bytes = folder
        .read(name)
        .map_err(|e| Error::input(format!("{display}: {e}")))?
        .ok_or_else(|| Error::input(format!("{display}: file not found")))?;
    Ok(match bytes {
        std::borrow::Cow::Borrowed(bytes) => Bytes::new(bytes),
        std::borrow::Cow::Owned(bytes) => Bytes::new(bytes),
    })
}

impl Fonts {
    /// The font book of every `.ttf`/`.otf` file in the folder; for the embedded fonts it is
    /// the one stored beside them.
    pub fn load(folder: &Folder) -> Result<Self> {
        let entries = match folder {
            Folder::Embedded { .. } => serde_json::from_str(EMBEDDED_BOOK)
                .map_err(|e| Error::internal(format!("fonts/book.json: {e}")))?,
            Folder::Disk(_) => book_entries(folder)?,
        };
        let mut book = FontBook::new();
        let mut slots = Vec::new();
        let mut files: Vec<(String, Bytes)> = Vec::new();
        for entry in entries {
            let data = match files.iter().find(|(name, _)| *name == entry.file) {
                Some((_, data)) => data.clone(),
                None => {
                    let data = read(folder, &entry.file)?;
                    files.push((entry.file.clone(), data.clone()));
                    data
                }
            };
            book.push(entry.info);
            slots.push(Slot { data, index: entry.index, font: OnceLock::new() });
        }
        if slots.is_empty() {
            return Err(Error::input(format!("{}: no fonts (*.ttf, *.otf) found", folder.display(""))));
        }
        let lacking: Vec<String> = book
            .families()
            .filter_map(|(family, mut faces)| {
                let regular = faces.any(|index| {
                    book.info(index).is_some_and(|face| {
                        face.variant.style == FontStyle::Normal
                            && (350..=450).contains(&face.variant.weight.to_number())
                    })
                });
                (!regular).then(|| {
                    format!("{}: the family `{family}` has no regular face, so its text would be set in another weight; add its Regular file", folder.display(""))
                })
            })
            .collect();
        if !lacking.is_empty() {
            return Err(Error::Input(lacking));
        }
        Ok(Fonts { book: LazyHash::new(book), slots })
    }

    /// A fingerprint of the fonts: every face's description and the size of its file.
    pub fn digest(&self) -> u128 {
        let sizes: Vec<usize> = self.slots.iter().map(|slot| slot.data.len()).collect();
        typst::utils::hash128(&(&*self.book, sizes))
    }

    /// The font book shared by every compilation.
    pub fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    /// The face at `index`, parsed once.
    pub fn font(&self, index: usize) -> Option<Font> {
        let slot = self.slots.get(index)?;
        slot.font.get_or_init(|| Font::new(slot.data.clone(), slot.index)).clone()
    }

    /// The bytes of the file holding the regular face of a family.
    pub fn regular_data(&self, family: &str) -> Option<&[u8]> {
        let index = self.book.select(&family.to_lowercase(), FontVariant::default())?;
        self.slots.get(index).map(|slot| slot.data.as_slice())
    }

    /// The family names in the book, sorted.
    pub fn families(&self) -> Vec<String> {
        self.book.families().map(|(name, _)| name.to_string()).collect()
    }
}
