//! The fonts form fields type with, one per family, made when a question list first needs it
//! and kept in the cache folder between runs.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::cache;
use crate::error::{Error, Result};
use crate::i18n::Locale;
use crate::pdf::{self, FormFont};
use crate::typst::Fonts;

/// A form font, once one document has made it.
type Slot = Arc<Mutex<Option<Arc<FormFont>>>>;

/// Form fonts by family. Each family has a lock of its own, so that making the Chinese one
/// never holds up a Latin list.
#[derive(Default)]
pub struct FormFonts {
    slots: Mutex<HashMap<&'static str, Slot>>,
}

impl FormFonts {
    /// The font form fields of a locale type in, made once.
    pub fn get(&self, fonts: &Fonts, locale: &Locale) -> Result<Arc<FormFont>> {
        let family = locale.form_font;
        let poisoned = || Error::internal("form font cache poisoned");
        let slot = self.slots.lock().map_err(|_| poisoned())?.entry(family).or_default().clone();
        let mut slot = slot.lock().map_err(|_| poisoned())?;
        if let Some(font) = &*slot {
            return Ok(font.clone());
        }
        let data = fonts.regular_data(family).ok_or_else(|| {
            Error::input(format!(
                "the fonts folder has no `{family}`, which form fields in {} need",
                locale.english
            ))
        })?;
        let subset = locale.form_font_subset && locale.fonts.first() == Some(&family);
        let key = cache::fingerprint((fonts.digest(), family, subset));
        let file =
            cache::folder().map(|folder| folder.join(format!("form-font-{}", family.replace(' ', ""))));
        let font = Arc::new(FormFont::cached(file.as_deref(), key, || {
            if subset {
                FormFont::subset(data.to_vec(), &pdf::common_chinese)
            } else {
                FormFont::new(data.to_vec())
            }
        })?);
        *slot = Some(font.clone());
        Ok(font)
    }
}
