//! Print how many pages every shipped document runs to, and holds text for, at each fit:
//! the measurements behind `SHRINK` in `src/fits.rs`.
//! Run: `cargo run --release --example fit_table [-- CLINIC.toml]`

use handout::assets::Inputs;
use handout::handout::{select, Documents};
use handout::i18n::edition;
use handout::pipeline::Pipeline;
use handout::print::Print;
use handout::render::FITS;
use handout::typst::pages_of_text;

fn main() -> handout::Result<()> {
    let clinic =
        std::env::args().nth(1).map(|path| handout::clinic::Clinic::load(path.as_ref())).transpose()?;
    let pipeline = Pipeline::load(&Inputs::embedded(), clinic.as_ref())?;
    let editions = pipeline.editions(&edition::requested(&pipeline.data, "all")?, false)?;
    let mut least = [[f64::INFINITY; FITS.len()]; FITS.len()];
    let handouts = select(&editions, &Documents::default(), &[Print::default()], clinic.as_ref());
    for handout in handouts.map_err(handout::Error::input)? {
        let mut filled = Vec::new();
        let mut line = format!("{:32} max {}", handout.display_name(), handout.max_pages());
        for fit in FITS {
            let document = pipeline.compile_at(&handout, fit)?;
            let pages = pages_of_text(&document).unwrap_or(f64::NAN);
            line += &format!(" | {} pages, {pages:.3}", document.pages().len());
            filled.push(pages);
        }
        println!("{line}");
        for j in 0..FITS.len() {
            for k in j + 1..FITS.len() {
                least[j][k] = least[j][k].min(filled[k] / filled[j]);
            }
        }
    }
    println!("least shrink from fit j to fit k: {least:.3?}");
    Ok(())
}
