//! How handouts are printed: the paper, and the regular or large-print edition.

use serde::{Deserialize, Serialize};

/// Paper sizes clinics print on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// US Letter, 8.5 × 11 in.
    #[default]
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
}

impl Paper {
    /// The name Typst's `page(paper:)` knows it by.
    pub fn typst_name(self) -> &'static str {
        match self {
            Paper::Letter => "us-letter",
            Paper::A4 => "a4",
        }
    }
}

/// How one set of handouts is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Print {
    pub paper: Paper,
    /// 18 pt body text for readers with low vision.
    pub large: bool,
}
