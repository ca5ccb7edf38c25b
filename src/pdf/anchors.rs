//! Read the form-field anchors that templates place, with their page and position.

use typst::foundations::{Label, Selector, Value};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use crate::error::{Error, Result};

/// The label every form-field anchor carries in the templates.
pub const ANCHOR_LABEL: &str = "form-field";

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Several lines of text.
    Text,
    /// One line of text.
    Line,
    /// A tick box.
    Checkbox,
}

/// A fillable field where the layout put it: page (1-based) and rectangle in PDF points
/// from the page's bottom-left corner, `[left, bottom, right, top]`.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldAnchor {
    pub name: String,
    pub kind: FieldKind,
    pub tooltip: String,
    pub page: usize,
    pub rect: [f32; 4],
    /// Distance between the ruled lines under a text field, in points.
    pub pitch: Option<f32>,
}

/// Every anchor of the document in reading order.
pub fn read_anchors(document: &PagedDocument) -> Result<Vec<FieldAnchor>> {
    let Some(label) = Label::new(PicoStr::intern(ANCHOR_LABEL)) else {
        return Ok(Vec::new());
    };
    let introspector = document.introspector();
    let mut anchors = Vec::new();
    for element in introspector.elements().query(&Selector::Label(label)) {
        let bad = |what: &str| Error::input(format!("form-field anchor: {what}"));
        let Ok(Value::Dict(dict)) = element.get_by_name("value") else {
            return Err(bad("the metadata value must be a dictionary"));
        };
        let text = |key: &str| match dict.get(key) {
            Ok(Value::Str(s)) => Ok(s.to_string()),
            _ => Err(bad(&format!("`{key}` must be a string"))),
        };
        let length = |key: &str| match dict.get(key) {
            Ok(Value::Length(l)) => Ok(l.abs.to_pt()),
            _ => Err(bad(&format!("`{key}` must be a length"))),
        };
        let name = text("name")?;
        let kind = match text("kind")?.as_str() {
            "text" => FieldKind::Text,
            "line" => FieldKind::Line,
            "checkbox" => FieldKind::Checkbox,
            other => return Err(bad(&format!("{name}: unknown kind `{other}`"))),
        };
        let (width, height) = (length("width")?, length("height")?);
        let position = element
            .location()
            .and_then(|location| introspector.position(location))
            .ok_or_else(|| bad(&format!("{name}: not placed on a page")))?;
        let page = position.page.get();
        let page_height = document.pages().get(page - 1).map_or(0.0, |p| p.frame.height().to_pt());
        let left = position.point.x.to_pt();
        let top = page_height - position.point.y.to_pt();
        anchors.push(FieldAnchor {
            name,
            kind,
            tooltip: text("tooltip")?,
            page,
            rect: [left as f32, (top - height) as f32, (left + width) as f32, top as f32],
            pitch: match dict.get("pitch") {
                Ok(Value::Length(l)) => Some(l.abs.to_pt() as f32),
                _ => None,
            },
        });
    }
    let mut names: Vec<&str> = anchors.iter().map(|a| a.name.as_str()).collect();
    names.sort_unstable();
    if let Some(pair) = names.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::input(format!("form-field anchor: the name `{}` is used twice", pair[0])));
    }
    Ok(anchors)
}
