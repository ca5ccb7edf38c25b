//! How much of its pages a compiled handout fills, read from the end marker the style places.

use typst::foundations::{Label, Selector, Value};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

/// The label of the marker `handout.typ` puts after the body, holding the page margins.
const END_LABEL: &str = "handout-end";

/// How many pages the text fills, counting the last one by the share of its text area used:
/// 1.5 means the text ends halfway down the second page.
pub fn pages_filled(document: &PagedDocument) -> Option<f64> {
    let label = Label::new(PicoStr::intern(END_LABEL))?;
    let introspector = document.introspector();
    let end = introspector.elements().query(&Selector::Label(label)).into_iter().next_back()?;
    let Ok(Value::Dict(margins)) = end.get_by_name("value") else {
        return None;
    };
    let margin = |key: &str| match margins.get(key) {
        Ok(Value::Length(l)) => Some(l.abs.to_pt()),
        _ => None,
    };
    let position = introspector.position(end.location()?)?;
    let page = document.pages().get(position.page.get() - 1)?;
    let (top, bottom) = (margin("top")?, margin("bottom")?);
    let area = page.frame.height().to_pt() - top - bottom;
    let used = (position.point.y.to_pt() - top).clamp(0.0, area);
    Some((position.page.get() - 1) as f64 + used / area)
}
