//! How many pages of text a compiled handout holds, read from the end marker the style places
//! and from where the ink on each page ends.

use typst::foundations::{Label, Selector, Value};
use typst::layout::{Abs, Frame, FrameItem, Point};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

/// The label of the marker `handout.typ` puts after the body, holding the page margins.
const END_LABEL: &str = "handout-end";

/// How many pages of text the document holds: the share of each page's text area that its
/// text reaches down to, added up, so 1.5 is a page and a half. The room left at the foot of
/// a page when a block moves on to the next does not count, so the figure shrinks smoothly
/// as the type gets tighter, and it is never more than the pages the text runs to.
pub fn pages_of_text(document: &PagedDocument) -> Option<f64> {
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
    let (top, bottom) = (margin("top")?, margin("bottom")?);
    let position = introspector.position(end.location()?)?;
    let last = position.page.get() - 1;
    let mut pages = 0.0;
    for (i, page) in document.pages().iter().enumerate().take(last + 1) {
        let height = page.frame.height().to_pt();
        let area = height - top - bottom;
        let reach = if i == last {
            position.point.y.to_pt()
        } else {
            let mut reach = top;
            ink_bottom(&page.frame, Point::zero(), (top, height - bottom), &mut reach);
            reach
        };
        pages += (reach - top).clamp(0.0, area) / area;
    }
    Some(pages)
}

/// Lower `reach` to the foot of any text, shape or image that starts within `area` (the top
/// and bottom of the text area: the header and footer lie outside it).
fn ink_bottom(frame: &Frame, offset: Point, area: (f64, f64), reach: &mut f64) {
    for (pos, item) in frame.items() {
        let at = offset + *pos;
        let foot = match item {
            FrameItem::Group(group) => {
                let shift = Point::new(group.transform.tx, group.transform.ty);
                ink_bottom(&group.frame, at + shift, area, reach);
                continue;
            }
            // From the baseline down to about the depth of descenders.
            FrameItem::Text(text) => at.y + text.size * 0.25,
            FrameItem::Shape(shape, _) => at.y + shape.bbox(false).max.y,
            FrameItem::Image(_, size, _) => at.y + size.y,
            _ => continue,
        };
        if (area.0..area.1).contains(&at.y.to_pt()) {
            *reach = reach.max(Abs::to_pt(foot).min(area.1));
        }
    }
}
