//! The stored font book of the embedded fonts stays in step with the font files.

use handout::assets::Folder;
use handout::typst::book_entries;

use crate::common::repo;

/// `HANDOUT_BLESS=1 cargo test` rewrites fonts/book.json; rebuild afterwards.
#[test]
fn the_stored_font_book_matches_the_embedded_fonts() {
    let fresh = book_entries(&Folder::default_fonts()).expect("fonts");
    let text = serde_json::to_string(&fresh).expect("serializes") + "\n";
    let path = repo().join("fonts/book.json");
    if std::env::var_os("HANDOUT_BLESS").is_some() {
        std::fs::write(&path, &text).expect("writes");
        return;
    }
    let stored = std::fs::read_to_string(&path).expect("fonts/book.json");
    assert!(text == stored, "fonts/book.json is stale: run `HANDOUT_BLESS=1 cargo test` and rebuild");
}
