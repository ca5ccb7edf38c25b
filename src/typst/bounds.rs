//! Text where a reader would not see it whole: too near the paper's edge for an office printer,
//! or wider than the box or column it was set in, running into its neighbour.

use typst::layout::{Abs, Dir, Frame, FrameItem, Point};
use typst::text::TextItem;
use typst_layout::PagedDocument;

/// How near a word may come to an edge of the paper: 0.25 in, which office printers can
/// print (many cannot print nearer than 0.2 in).
pub const EDGE: f64 = 18.0;

/// How far a run of text may stick out of its box before it counts, in points: rounding, and
/// punctuation such as `;` whose ink stays inside though its advance does not. (The edges of
/// the paper allow none.)
const SLACK: f64 = 1.5;

/// A run of text a reader would not see whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Stray {
    /// 1-based page number.
    pub page: usize,
    /// The text of the run.
    pub text: String,
    pub problem: Problem,
}

/// What is wrong with a [`Stray`].
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// It comes `distance` points from the edge, nearer than [`EDGE`].
    NearEdge { edge: &'static str, distance: f64 },
    /// It is `by` points wider than the box or column it was set in.
    Overflows { by: f64 },
}

/// Every run of text too near an edge or wider than its box, in page order.
pub fn strays(document: &PagedDocument) -> Vec<Stray> {
    let mut found = Vec::new();
    for (i, page) in document.pages().iter().enumerate() {
        let paper = (page.frame.width().to_pt(), page.frame.height().to_pt());
        let mut look = |at: Point, text: &TextItem, inside: Option<(Abs, Abs)>| {
            // A space has no ink to lose.
            if text.text.trim().is_empty() {
                return;
            }
            let stray = |problem| Stray { page: i + 1, text: text.text.to_string(), problem };
            let (left, right) = (at.x.to_pt(), (at.x + text.width()).to_pt());
            let metrics = text.font.metrics();
            let top = at.y.to_pt() - metrics.ascender.at(text.size).to_pt();
            let bottom = at.y.to_pt() - metrics.descender.at(text.size).to_pt();
            let edges =
                [("left", left), ("right", paper.0 - right), ("top", top), ("bottom", paper.1 - bottom)];
            if let Some(&(edge, distance)) = edges.iter().find(|(_, distance)| *distance < EDGE) {
                found.push(stray(Problem::NearEdge { edge, distance }));
            } else if let Some(by) =
                inside.map(|(x, width)| overhang(x, text, width)).filter(|&by| by > SLACK)
            {
                found.push(stray(Problem::Overflows { by }));
            }
        };
        visit(&page.frame, Point::zero(), false, &mut look);
    }
    found
}

/// How far a run, placed at `x` in a box `width` wide, sticks out of the side its lines end
/// on: the right in left-to-right text, the left in right-to-left. (A run may start before
/// its box on purpose, a hanging indent; the page edges bound that side.)
fn overhang(x: Abs, text: &TextItem, width: Abs) -> f64 {
    match text.lang.dir() {
        Dir::RTL => -x.to_pt(),
        _ => (x + text.width() - width).to_pt(),
    }
}

/// Call `look` with each run of text, its place on the page, and, inside a box, its place in
/// the box and the box's width.
fn visit(
    frame: &Frame,
    offset: Point,
    boxed: bool,
    look: &mut impl FnMut(Point, &TextItem, Option<(Abs, Abs)>),
) {
    for (pos, item) in frame.items() {
        let at = offset + *pos;
        match item {
            FrameItem::Group(group) => {
                let shift = Point::new(group.transform.tx, group.transform.ty);
                visit(&group.frame, at + shift, true, look);
            }
            FrameItem::Text(text) => look(at, text, boxed.then(|| (pos.x, frame.width()))),
            _ => {}
        }
    }
}
