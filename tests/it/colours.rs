//! Colours: WCAG contrast, and the default palette passes AA for text.

use handout::clinic::{contrast, parse_hex, MIN_CONTRAST};

#[test]
fn contrast_matches_wcag_examples() {
    assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 0.01);
    assert!((contrast([0x76, 0x76, 0x76], [255, 255, 255]) - 4.54).abs() < 0.01);
}

#[test]
fn the_default_palette_passes_aa_for_text() {
    let style = include_str!("../../templates/handout.typ");
    for name in ["accent", "ink", "muted"] {
        let line = style.lines().find(|l| l.starts_with(&format!("#let {name} ="))).expect("colour defined");
        let rgb = if let Some(hex) = line.split('"').nth(1) {
            parse_hex(hex).expect("hex colour")
        } else {
            let percent: f64 = line.split(['(', '%']).nth(1).and_then(|p| p.parse().ok()).expect("luma");
            let v = (percent * 2.55).round() as u8;
            [v, v, v]
        };
        assert!(contrast(rgb, [255, 255, 255]) >= MIN_CONTRAST, "{name}");
        // Text also sits on the light grey of boxes and table headers.
        assert!(contrast(rgb, [242, 242, 242]) >= MIN_CONTRAST, "{name} on grey");
    }
}
