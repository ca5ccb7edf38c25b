//! Add AcroForm fields where the layout put their anchors: widgets with appearance streams,
//! tooltips, tab order and Form structure elements, so the file stays tagged and valid.

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::anchors::{FieldAnchor, FieldKind};
use super::font::FormFont;
use crate::error::{Error, Result};

/// The resource name of the form font in `/DR` and `/DA`.
const FONT: &str = "Hand";
/// Text size of typed text on a single line, and the default.
const TEXT_SIZE: f32 = 12.0;

/// Add a fillable field at every anchor of an exported PDF and return the new bytes.
/// Right-to-left documents align typed text to the right (`rtl`).
pub fn add_form_fields(pdf: &[u8], anchors: &[FieldAnchor], font: &FormFont, rtl: bool) -> Result<Vec<u8>> {
    if anchors.is_empty() {
        return Ok(pdf.to_vec());
    }
    let bug = |e: lopdf::Error| Error::internal(format!("adding form fields: {e}"));
    let mut doc = Document::load_mem(pdf).map_err(bug)?;
    let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    let font_id = font.add_to(&mut doc);
    let mut tree = StructTree::open(&doc).map_err(bug)?;
    let da = format!("/{FONT} {TEXT_SIZE} Tf 0 g");
    let resources = dictionary! { "Font" => dictionary! { FONT => font_id } };

    let mut fields = Vec::new();
    for anchor in anchors {
        let page_id = *pages.get(anchor.page.wrapping_sub(1)).ok_or_else(|| {
            Error::internal(format!("field {} is on a page that does not exist", anchor.name))
        })?;
        let [x1, y1, x2, y2] = anchor.rect;
        let (w, h) = (x2 - x1, y2 - y1);
        let widget_id = doc.new_object_id();
        let mut widget = dictionary! {
            "Type" => "Annot",
            "Subtype" => "Widget",
            "T" => text_string(&anchor.name),
            "TU" => text_string(&anchor.tooltip),
            "Rect" => vec![x1.into(), y1.into(), x2.into(), y2.into()],
            "F" => 4,
            "P" => page_id,
            "StructParent" => tree.next_key,
        };
        match anchor.kind {
            FieldKind::Text | FieldKind::Line => {
                let blank = doc.add_object(appearance(w, h, Vec::new(), Some(resources.clone())));
                widget.set("FT", "Tx");
                let size = anchor.pitch.map_or(TEXT_SIZE, |p| font.size_for_pitch(p).max(TEXT_SIZE));
                widget.set("DA", text_string(&format!("/{FONT} {size} Tf 0 g")));
                widget.set("V", text_string(""));
                // Multiline (bit 13) for answers; never scroll a one-line field out of sight.
                let flags = if anchor.kind == FieldKind::Text { 1 << 12 } else { 1 << 23 };
                widget.set("Ff", flags);
                if rtl {
                    widget.set("Q", 2);
                }
                widget.set("AP", dictionary! { "N" => blank });
            }
            FieldKind::Checkbox => {
                let on = doc.add_object(appearance(w, h, check_mark(w, h), None));
                let off = doc.add_object(appearance(w, h, Vec::new(), None));
                widget.set("FT", "Btn");
                widget.set("V", "Off");
                widget.set("AS", "Off");
                widget.set("AP", dictionary! { "N" => dictionary! { "Yes" => on, "Off" => off } });
            }
        }
        doc.objects.insert(widget_id, Object::Dictionary(widget));
        add_annotation(&mut doc, page_id, widget_id).map_err(bug)?;
        tree.add_form(&mut doc, widget_id, page_id).map_err(bug)?;
        fields.push(Object::Reference(widget_id));
    }
    tree.close(&mut doc).map_err(bug)?;
    let catalog = doc.catalog_mut().map_err(bug)?;
    catalog.set("AcroForm", dictionary! { "Fields" => fields, "DR" => resources, "DA" => text_string(&da) });
    let mut out = Vec::with_capacity(pdf.len() + font.len());
    doc.save_to(&mut out).map_err(|e| Error::internal(format!("writing the form: {e}")))?;
    Ok(out)
}

/// A form XObject of the widget's size; text fields mark their content as variable text.
fn appearance(w: f32, h: f32, content: Vec<u8>, resources: Option<Dictionary>) -> Stream {
    let mut dict = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Form",
        "BBox" => vec![0.into(), 0.into(), w.into(), h.into()],
    };
    let body = match resources {
        Some(resources) => {
            dict.set("Resources", resources);
            [b"/Tx BMC\n".as_slice(), &content, b"EMC\n"].concat()
        }
        None => content,
    };
    Stream::new(dict, body)
}

/// A bold tick drawn as a path, so no font is needed to show a ticked box.
fn check_mark(w: f32, h: f32) -> Vec<u8> {
    let s = w.min(h);
    format!(
        "q 0 g {lw:.2} w 1 J 1 j {x1:.2} {y1:.2} m {x2:.2} {y2:.2} l {x3:.2} {y3:.2} l S Q\n",
        lw = s * 0.14,
        x1 = s * 0.2,
        y1 = s * 0.52,
        x2 = s * 0.42,
        y2 = s * 0.25,
        x3 = s * 0.82,
        y3 = s * 0.8,
    )
    .into_bytes()
}

/// Append a widget to the page's annotations and ask viewers to tab in structure order.
fn add_annotation(doc: &mut Document, page_id: ObjectId, widget_id: ObjectId) -> lopdf::Result<()> {
    let annots = doc.get_dictionary(page_id)?.get(b"Annots").ok().cloned();
    let mut list = match annots {
        Some(Object::Reference(id)) => doc.get_object(id)?.as_array()?.clone(),
        Some(Object::Array(items)) => items,
        _ => Vec::new(),
    };
    list.push(Object::Reference(widget_id));
    let page = doc.get_dictionary_mut(page_id)?;
    page.set("Annots", list);
    page.set("Tabs", "S");
    Ok(())
}

/// A PDF text string: plain bytes for ASCII, else UTF-16BE with a byte-order mark.
pub fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// The document's structure tree, to hang Form elements on.
struct StructTree {
    /// The element the Form elements join (the `/Document` element, or the root).
    parent: ObjectId,
    /// Keys and elements to add to the parent tree.
    nums: Vec<(i64, ObjectId)>,
    next_key: i64,
    root: ObjectId,
}

impl StructTree {
    fn open(doc: &Document) -> lopdf::Result<Self> {
        let root = doc.catalog()?.get(b"StructTreeRoot")?.as_reference()?;
        let root_dict = doc.get_dictionary(root)?;
        // Typst writes one `/Document` element under the root; forms join it.
        let parent = match root_dict.get(b"K") {
            Ok(Object::Reference(id)) => *id,
            Ok(Object::Array(items)) => items.iter().find_map(|o| o.as_reference().ok()).unwrap_or(root),
            _ => root,
        };
        let next_key = root_dict.get(b"ParentTreeNextKey").and_then(Object::as_i64).unwrap_or(0);
        Ok(StructTree { parent, nums: Vec::new(), next_key, root })
    }

    /// Add a `/Form` element whose content is the widget.
    fn add_form(&mut self, doc: &mut Document, widget: ObjectId, page: ObjectId) -> lopdf::Result<()> {
        let element = doc.add_object(dictionary! {
            "Type" => "StructElem",
            "S" => "Form",
            "P" => self.parent,
            "Pg" => page,
            "K" => dictionary! { "Type" => "OBJR", "Obj" => widget, "Pg" => page },
        });
        let parent = doc.get_dictionary_mut(self.parent)?;
        let mut kids = match parent.get(b"K") {
            Ok(Object::Array(items)) => items.clone(),
            Ok(other) => vec![other.clone()],
            Err(_) => Vec::new(),
        };
        kids.push(Object::Reference(element));
        parent.set("K", kids);
        self.nums.push((self.next_key, element));
        self.next_key += 1;
        Ok(())
    }

    /// Record the new elements in the parent tree (inline or an object of its own).
    fn close(self, doc: &mut Document) -> lopdf::Result<()> {
        let (tree_id, mut tree) = match doc.get_dictionary(self.root)?.get(b"ParentTree")? {
            Object::Reference(id) => (Some(*id), doc.get_dictionary(*id)?.clone()),
            other => (None, other.as_dict()?.clone()),
        };
        let mut new: Vec<Object> = Vec::new();
        for (key, element) in &self.nums {
            new.push(Object::Integer(*key));
            new.push(Object::Reference(*element));
        }
        if tree.has(b"Kids") {
            // A number tree with kids: add one leaf holding the new keys.
            let first = self.nums.first().map_or(0, |n| n.0);
            let last = self.nums.last().map_or(0, |n| n.0);
            let leaf =
                doc.add_object(dictionary! { "Nums" => new, "Limits" => vec![first.into(), last.into()] });
            let mut kids = tree.get(b"Kids")?.as_array()?.clone();
            kids.push(Object::Reference(leaf));
            tree.set("Kids", kids);
        } else {
            let mut nums = tree.get(b"Nums").and_then(Object::as_array).cloned().unwrap_or_default();
            nums.extend(new);
            tree.set("Nums", nums);
        }
        match tree_id {
            Some(id) => *doc.get_dictionary_mut(id)? = tree,
            None => doc.get_dictionary_mut(self.root)?.set("ParentTree", tree),
        }
        doc.get_dictionary_mut(self.root)?.set("ParentTreeNextKey", self.next_key);
        Ok(())
    }
}
