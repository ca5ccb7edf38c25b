//! Export a compiled document to PDF bytes with fixed metadata, so equal input gives equal bytes,
//! then add its fillable form fields.

mod anchors;
mod font;
mod forms;

pub use anchors::{read_anchors, FieldAnchor, FieldKind, ANCHOR_LABEL};
pub use font::{common_chinese, FormFont};
pub use forms::add_form_fields;

use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::error::{Error, Result};

/// PDF standards a clinic may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Standard {
    /// PDF/UA-1, the accessibility standard.
    #[value(name = "ua-1")]
    Ua1,
    /// PDF/A-2b, for long-term archiving.
    #[value(name = "a-2b")]
    A2b,
    /// PDF/A-2a: archiving with a tagged structure.
    #[value(name = "a-2a")]
    A2a,
}

/// Export `document` as PDF: tagged, with a stable id and the given creation time.
pub fn export(
    document: &PagedDocument,
    ident: &str,
    timestamp: Datetime,
    standards: &[Standard],
) -> Result<Vec<u8>> {
    let list: Vec<PdfStandard> = standards
        .iter()
        .map(|s| match s {
            Standard::Ua1 => PdfStandard::Ua_1,
            Standard::A2b => PdfStandard::A_2b,
            Standard::A2a => PdfStandard::A_2a,
        })
        .collect();
    let standards =
        PdfStandards::new(&list).map_err(|e| Error::input(format!("--standard: {}", e.message())))?;
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some(
            concat!("handout ", env!("CARGO_PKG_VERSION"), " (Typst 0.15)").to_string(),
        )),
        timestamp: Some(Timestamp::new_utc(timestamp)),
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| {
        Error::Input(errors.iter().map(|e| format!("{ident}: PDF export: {}", e.message)).collect())
    })
}
