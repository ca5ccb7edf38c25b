//! `handout list`: the topics, their documents and types.

use crate::cli::Folders;
use crate::error::Result;
use crate::handout::{self, Documents};
use crate::i18n::{layout, locale, Edition};
use crate::kind;
use crate::pipeline::Pipeline;
use crate::print::Print;

/// Print every topic with the documents it builds.
pub fn run(folders: &Folders) -> Result<()> {
    let inputs = super::inputs(folders)?;
    let pipeline = Pipeline::load(&inputs, None)?;
    for topic in &pipeline.topics {
        println!("topic {}: {}", topic.topic.id, topic.topic.name);
        println!("  documents: {}", kind::names().collect::<Vec<_>>().join(", "));
        println!("  types (--type):");
        for ty in &topic.types {
            println!("    {:<16} {}", ty.id, ty.name);
        }
        println!("  files:");
        let english = Edition::source(&pipeline.labels, std::slice::from_ref(topic));
        let english = std::slice::from_ref(&english);
        let all =
            handout::select(english, &Documents::default(), &[Print::default()], None).unwrap_or_default();
        for h in all {
            println!("    {}.pdf", h.file_stem());
        }
    }
    println!("locales (--locale):");
    for code in layout::locale_codes(&pipeline.data)? {
        let name = locale::find(&code).map_or("unknown locale", |l| l.name);
        println!("    {code:<8} {name}");
    }
    println!("fonts: {}", pipeline.fonts().families().join(", "));
    Ok(())
}
