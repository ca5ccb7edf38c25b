//! Read the laid-out text of a compiled document: for tests, and to catch glyphs no font has.

use typst::layout::{Frame, FrameItem};
use typst_layout::PagedDocument;

/// The text of every page in layout order, runs separated by spaces.
pub fn plain_text(document: &PagedDocument) -> String {
    let mut out = String::new();
    for page in document.pages() {
        walk(&page.frame, &mut |item| {
            if let FrameItem::Text(text) = item {
                out.push_str(&text.text);
                out.push(' ');
            }
        });
    }
    out
}

/// Characters that no bundled font could show (they would print as empty boxes).
pub fn missing_glyphs(document: &PagedDocument) -> Vec<char> {
    let mut missing = Vec::new();
    for page in document.pages() {
        walk(&page.frame, &mut |item| {
            let FrameItem::Text(text) = item else { return };
            for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                let cluster = text.text.get(glyph.range()).unwrap_or("");
                missing.extend(cluster.chars().filter(|c| !c.is_whitespace() && !c.is_control()));
            }
        });
    }
    missing.sort_unstable();
    missing.dedup();
    missing
}

fn walk(frame: &Frame, visit: &mut impl FnMut(&FrameItem)) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => walk(&group.frame, visit),
            other => visit(other),
        }
    }
}
