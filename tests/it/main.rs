//! Integration tests: run the `handout` binary and read its PDFs back.

mod build;
mod checks;
mod clinic;
mod colours;
mod common;
mod edges;
mod errors;
mod escaping;
mod fits;
mod fonts;
mod forms;
mod fuzz;
mod i18n;
mod library;
mod limits;
mod pictures;
mod po;
mod rebuild;
mod sandbox;
mod site;
mod snapshots;
mod watch;
