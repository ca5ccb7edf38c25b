//! Integration tests: run the `handout` binary and read its PDFs back.

mod build;
mod clinic;
mod common;
mod errors;
mod escaping;
mod forms;
mod i18n;
mod sandbox;
mod snapshots;
