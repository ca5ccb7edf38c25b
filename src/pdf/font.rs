//! The font form fields type with: a whole bundled TrueType font, embedded once per file, so
//! any viewer or filler can draw typed text with it (PDF/A and PDF/UA need it embedded).

use lopdf::{dictionary, Document, Object, ObjectId, Stream};

use crate::error::{Error, Result};

/// Windows-1252 codes 128–159, which differ from Latin-1.
const WIN_ANSI_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}',
    '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// A TrueType font ready to embed as a simple font with WinAnsiEncoding.
#[derive(Debug, Clone)]
pub struct FormFont {
    data: Vec<u8>,
    name: String,
    widths: Vec<Object>,
    bbox: [i64; 4],
    ascent: i64,
    descent: i64,
    cap_height: i64,
}

impl FormFont {
    /// Read the metrics a PDF font dictionary needs from TrueType bytes.
    pub fn new(data: Vec<u8>) -> Result<Self> {
        let face = ttf_parser::Face::parse(&data, 0).map_err(|e| Error::input(format!("form font: {e}")))?;
        let scale = 1000.0 / f32::from(face.units_per_em());
        let em = |v: i16| (f32::from(v) * scale).round() as i64;
        let widths = (32u8..=255)
            .map(|code| {
                let c = if (128..160).contains(&code) {
                    WIN_ANSI_HIGH[usize::from(code - 128)]
                } else {
                    char::from(code)
                };
                let advance = face
                    .glyph_index(c)
                    .and_then(|g| face.glyph_hor_advance(g))
                    .unwrap_or(0);
                Object::Integer((f32::from(advance) * scale).round() as i64)
            })
            .collect();
        let name = face
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .and_then(|n| n.to_string())
            .unwrap_or_else(|| "FormFont".into())
            .replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "");
        let b = face.global_bounding_box();
        Ok(FormFont {
            bbox: [em(b.x_min), em(b.y_min), em(b.x_max), em(b.y_max)],
            ascent: em(face.ascender()),
            descent: em(face.descender()),
            cap_height: em(face.capital_height().unwrap_or(face.ascender())),
            widths,
            name,
            data,
        })
    }

    /// The size of the embedded font program.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Whether the font program is empty.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Embed the font in a document and return its font dictionary.
    pub fn add_to(&self, doc: &mut Document) -> ObjectId {
        let mut program = Stream::new(
            dictionary! { "Length1" => self.data.len() as i64 },
            self.data.clone(),
        );
        // Compression only fails on a broken encoder; an uncompressed program is still valid.
        let _ = program.compress();
        let file = doc.add_object(program);
        let descriptor = doc.add_object(dictionary! {
            "Type" => "FontDescriptor",
            "FontName" => Object::Name(self.name.clone().into_bytes()),
            "Flags" => 32,
            "FontBBox" => self.bbox.iter().map(|&v| Object::Integer(v)).collect::<Vec<_>>(),
            "ItalicAngle" => 0,
            "Ascent" => self.ascent,
            "Descent" => self.descent,
            "CapHeight" => self.cap_height,
            "StemV" => 80,
            "FontFile2" => file,
        });
        doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "TrueType",
            "BaseFont" => Object::Name(self.name.clone().into_bytes()),
            "FirstChar" => 32,
            "LastChar" => 255,
            "Widths" => self.widths.clone(),
            "Encoding" => "WinAnsiEncoding",
            "FontDescriptor" => descriptor,
        })
    }
}
