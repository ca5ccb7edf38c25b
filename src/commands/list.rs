//! `handout list`: the topics, their documents and types.

use crate::batch::Pipeline;
use crate::error::Result;
use crate::handout::{self, DocChoice, Paper};

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
        let all = handout::select(std::slice::from_ref(topic), DocChoice::All, None, Paper::Letter)
            .unwrap_or_default();
        for h in all {
            println!("    {}.pdf", h.file_stem());
        }
    }
    println!("fonts: {}", pipeline.fonts().families().join(", "));
    Ok(())
}
