//! `handout list`: the topics, their documents and types.

use crate::batch::Pipeline;
use crate::error::Result;
use crate::handout::{self, DocChoice, Print};
use crate::i18n::{edition, locale, Edition};

/// Print every topic with the documents it builds.
pub fn run(pipeline: &Pipeline) -> Result<()> {
    for topic in &pipeline.topics {
        println!("topic {}: {}", topic.topic.id, topic.topic.name);
        println!("  documents: overview, card, questions");
        println!("  types (--type):");
        for ty in &topic.types {
            println!("    {:<16} {}", ty.id, ty.name);
        }
        println!("  files:");
        let english = Edition {
            locale: locale::source(),
            topics: vec![topic.clone()],
            draft: false,
            warnings: Vec::new(),
        };
        let print = Print::default();
        let all =
            handout::select(std::slice::from_ref(&english), DocChoice::All, None, &print).unwrap_or_default();
        for h in all {
            println!("    {}.pdf", h.file_stem());
        }
    }
    println!("locales (--locale):");
    for (code, _) in edition::catalog_files(&pipeline.data)? {
        let name = locale::find(&code).map_or("unknown locale", |l| l.name);
        println!("    {code:<8} {name}");
    }
    println!("fonts: {}", pipeline.fonts().families().join(", "));
    Ok(())
}
