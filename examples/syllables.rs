//! Print each word of standard input with its syllables as the reading check counts them,
//! to compare with another tool (`pip install textstat`): `cargo run --example syllables < text`.

use std::io::Read;

fn main() {
    let mut text = String::new();
    let _ = std::io::stdin().read_to_string(&mut text);
    for word in handout::checks::reading::words(&text) {
        println!("{word} {}", handout::checks::reading::english_syllables(&word));
    }
}
