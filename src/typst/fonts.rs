//! The bundled fonts: one shared font book, faces parsed only when a document uses them.

use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo, FontVariant};
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

impl Fonts {
    /// Read the font book of every `.ttf`/`.otf` file in the folder.
    pub fn load(folder: &Folder) -> Result<Self> {
        let mut book = FontBook::new();
        let mut slots = Vec::new();
        let mut names = folder.list(".ttf")?;
        names.extend(folder.list(".otf")?);
        for name in names {
            let display = folder.display(&name);
            let bytes = folder
                .read(&name)
                .map_err(|e| Error::input(format!("{display}: {e}")))?
                .ok_or_else(|| Error::input(format!("{display}: file not found")))?;
            let data = Bytes::new(bytes.into_owned());
            let before = slots.len();
            for (index, info) in FontInfo::iter(&data).enumerate() {
                book.push(info);
                slots.push(Slot { data: data.clone(), index: index as u32, font: OnceLock::new() });
            }
            if slots.len() == before {
                return Err(Error::input(format!("{display}: not a font Typst can read")));
            }
        }
        if slots.is_empty() {
            return Err(Error::input(format!("{}: no fonts (*.ttf, *.otf) found", folder.display(""))));
        }
        Ok(Fonts { book: LazyHash::new(book), slots })
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
