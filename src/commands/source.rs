//! `handout source`: print the generated Typst of one document, for template authors.

use crate::batch::Pipeline;
use crate::cli::Selection;
use crate::error::{Error, Result};
use crate::handout;
use crate::render::FITS;

/// Print the exact source `build` compiles for one document.
pub fn run(pipeline: &Pipeline, selection: &Selection) -> Result<()> {
    let (editions, print) = super::build::plan(pipeline, selection, true)?;
    if editions.len() != 1 {
        return Err(Error::input("source prints one document: give one --locale"));
    }
    let handouts = handout::select(&editions, selection.doc, selection.type_id.as_deref(), &print)
        .map_err(Error::input)?;
    let [handout] = handouts.as_slice() else {
        return Err(Error::input(format!(
            "source prints one document, but this selection has {}; use --doc overview, --doc questions or --doc card --type ID",
            handouts.len()
        )));
    };
    match pipeline.compile(handout) {
        Ok((_, rendered)) => {
            print!("{}", rendered.source);
            Ok(())
        }
        // A template author debugging an error still wants to see the source.
        Err(error) => {
            if let Ok(rendered) = pipeline.source(handout, FITS[0]) {
                print!("{}", rendered.source);
            }
            Err(error)
        }
    }
}
