//! `handout source`: the generated Typst of one document, or of every selected one into a
//! folder, exactly as `build` compiles it.

use std::collections::BTreeSet;

use crate::cli::{Folders, SourceArgs};
use crate::error::{Error, Result};
use crate::output;
use crate::render::{View, FITS};
use crate::run::Run;

/// Print the source of one document, or write every selected document's source, with the
/// pictures it shows at their paths from the root (`drawings/…`): compiled with a copy of the
/// templates folder as the root, they make the same documents.
pub fn run(folders: &Folders, args: &SourceArgs) -> Result<()> {
    let run = Run::new(super::selected(folders, &args.selection)?)?;
    let pipeline = run.pipeline()?;
    let editions = run.editions(&pipeline)?;
    super::build::warn_fallbacks(&editions, false);
    let handouts = run.handouts(&editions);
    if let Some(out) = &args.out {
        let mut drawn = BTreeSet::new();
        for handout in &handouts {
            let (_, rendered) = pipeline.compile(handout)?;
            let path = out.join(handout.edition.locale.code).join(format!("{}.typ", handout.file_stem()));
            output::write_file(&path, rendered.source.as_bytes())?;
            let pictures = View::new(handout, FITS[0], pipeline.drawings())?.pictures;
            for picture in pictures.all().filter(|p| drawn.insert(p.path.clone())) {
                let svg = pipeline.drawings().svg(picture)?;
                output::write_file(&out.join(picture.path.trim_start_matches('/')), svg.as_bytes())?;
            }
        }
        println!("{}: {} sources", out.display(), handouts.len());
        return Ok(());
    }
    let [handout] = handouts.as_slice() else {
        return Err(Error::input(format!(
            "source prints one document, but this selection has {}; use one --locale, one --topic and --doc overview, --doc questions or --doc card --type ID, or --out DIR",
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
