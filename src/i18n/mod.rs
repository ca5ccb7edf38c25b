//! Translations: gettext PO catalogs keyed by content path, one per language and component
//! (the shared labels, each topic), and the locales handouts use.

pub mod catalog;
pub mod edition;
pub mod layout;
pub mod locale;
pub mod paths;
pub mod plural;
pub mod po;

pub use edition::Edition;
pub use locale::{Locale, LOCALES};
