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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Standard {
    /// PDF/UA-1, the accessibility standard.
    Ua1,
    /// PDF/A-2b, for long-term archiving.
    A2b,
    /// PDF/A-2a: archiving with a tagged structure.
    A2a,
}

impl Standard {
    /// What every handout declares unless told otherwise: accessible, and fit to archive.
    pub const DEFAULT: [Standard; 2] = [Standard::Ua1, Standard::A2b];
}

/// PDF settings that hold for a whole run.
#[derive(Debug, Clone, Default)]
pub struct ExportSettings {
    pub standards: Vec<Standard>,
    /// Leave out the fillable fields: the print-only version.
    pub no_forms: bool,
    /// The creation time of every file (`SOURCE_DATE_EPOCH`); else each document's review date.
    pub timestamp: Option<Datetime>,
}

/// The time `secs` after 1970-01-01 UTC, if a PDF can hold it.
pub fn datetime_from_epoch(secs: i64) -> Option<Datetime> {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    Datetime::from_ymd_hms(year, month, day, (rem / 3600) as u8, (rem % 3600 / 60) as u8, (rem % 60) as u8)
}

/// Days since 1970-01-01 to a (year, month, day) in the proleptic Gregorian calendar.
pub fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32, month, day)
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
    let exported = crate::typst::guarded(|| typst_pdf::pdf(document, &options)).map_err(|bug| {
        Error::input(format!("{ident}: Typst stopped with an internal error in the PDF export: {bug}"))
    })?;
    exported.map_err(|errors| {
        Error::Input(errors.iter().map(|e| format!("{ident}: PDF export: {}", e.message)).collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_from_epoch_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_393), (2025, 11, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn epoch_seconds_to_a_pdf_time() {
        assert_eq!(datetime_from_epoch(1_761_955_200 + 3_723), Datetime::from_ymd_hms(2025, 11, 1, 1, 2, 3));
        assert_eq!(datetime_from_epoch(i64::MAX), None);
    }
}
