//! The font form fields type with: a whole bundled TrueType font embedded once per file as a
//! composite (Identity-H) font with a ToUnicode map, so a viewer or filler can draw any text
//! the font covers (Vietnamese and Cyrillic as well as Latin) and PDF/A and PDF/UA stay met.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::fs;
use std::path::Path;

use lopdf::{dictionary, Document, Object, ObjectId, Stream};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A TrueType font ready to embed as a Type0 font.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FormFont {
    name: String,
    /// Advance width of every glyph, in thousandths of an em.
    widths: Vec<i64>,
    bbox: [i64; 4],
    ascent: i64,
    descent: i64,
    cap_height: i64,
    /// The font program, compressed once for every file that embeds it.
    program: Packed,
    /// The ToUnicode CMap from glyph ids to text, compressed once too.
    to_unicode: Packed,
}

/// The content of a PDF stream, deflated when that made it smaller.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Packed {
    bytes: Vec<u8>,
    deflated: bool,
    /// The size before compression.
    len: usize,
}

impl FormFont {
    /// Read what a PDF font dictionary needs from TrueType bytes, embedding the whole font.
    pub fn new(data: Vec<u8>) -> Result<Self> {
        Self::build(data, None)
    }

    /// Like `new`, but embed only the glyphs of the characters `keep` accepts: for the large
    /// CJK fonts, whose whole program would make every form many megabytes.
    pub fn subset(data: Vec<u8>, keep: &dyn Fn(char) -> bool) -> Result<Self> {
        Self::build(data, Some(keep))
    }

    fn build(data: Vec<u8>, keep: Option<&dyn Fn(char) -> bool>) -> Result<Self> {
        let bad = |e: &dyn std::fmt::Display| Error::input(format!("form font: {e}"));
        let face = ttf_parser::Face::parse(&data, 0).map_err(|e| bad(&e))?;
        let scale = 1000.0 / f32::from(face.units_per_em());
        let em = |v: i16| (f32::from(v) * scale).round() as i64;
        let mut by_glyph: BTreeMap<u16, char> = BTreeMap::new();
        for subtable in face.tables().cmap.iter().flat_map(|cmap| cmap.subtables).filter(|s| s.is_unicode()) {
            subtable.codepoints(|cp| {
                // Control characters are not text; a map to them breaks PDF/UA (7.21.7).
                let c = char::from_u32(cp).filter(|c| !c.is_control() && *c != '\u{FEFF}');
                if let (Some(c), Some(g)) = (c, subtable.glyph_index(cp)) {
                    by_glyph.entry(g.0).and_modify(|old| *old = (*old).min(c)).or_insert(c);
                }
            });
        }
        let advance = |g: u16| {
            (f32::from(face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0)) * scale).round() as i64
        };
        let (program, widths, unicode) = match keep {
            None => (data.clone(), (0..face.number_of_glyphs()).map(advance).collect(), by_glyph),
            Some(keep) => {
                let glyphs: Vec<u16> = by_glyph.iter().filter(|(_, c)| keep(**c)).map(|(g, _)| *g).collect();
                let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&glyphs);
                let program = subsetter::subset(&data, 0, &remapper).map_err(|e| bad(&e))?;
                let mut widths = vec![advance(0)];
                let mut unicode = BTreeMap::new();
                for old in glyphs {
                    if let Some(new) = remapper.get(old) {
                        if widths.len() <= usize::from(new) {
                            widths.resize(usize::from(new) + 1, 0);
                        }
                        widths[usize::from(new)] = advance(old);
                        if let Some(c) = by_glyph.get(&old) {
                            unicode.insert(new, *c);
                        }
                    }
                }
                (program, widths, unicode)
            }
        };
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
            program: Packed::new(program),
            to_unicode: Packed::new(to_unicode_cmap(&unicode).into_bytes()),
        })
    }

    /// The font a cache file holds under `key`, a fingerprint of what it is made from; else the
    /// one `make` makes, kept in the file for the next run. Subsetting and compressing a CJK
    /// font takes tens of milliseconds, reading it back one. A missing, damaged or stale file
    /// is made afresh, and failing to save one is not an error, only slower next time.
    pub fn cached(file: Option<&Path>, key: u128, make: impl FnOnce() -> Result<Self>) -> Result<Self> {
        let Some(file) = file else { return make() };
        let saved = fs::read(file).ok().and_then(|bytes| {
            let (saved, rest) = postcard::take_from_bytes::<u128>(&bytes).ok()?;
            (saved == key).then(|| postcard::from_bytes(rest).ok()).flatten()
        });
        if let Some(font) = saved {
            return Ok(font);
        }
        let font = make()?;
        if let Ok(bytes) = postcard::to_stdvec(&(key, &font)) {
            let _ = crate::output::write_file(file, &bytes);
        }
        Ok(font)
    }

    /// The size of the embedded font program, compressed.
    pub fn len(&self) -> usize {
        self.program.bytes.len()
    }

    /// Whether the font program is empty.
    pub fn is_empty(&self) -> bool {
        self.program.bytes.is_empty()
    }

    /// The font size at which fillers that step lines by the font's bounding box (pypdf,
    /// poppler) put one line of typed text on each ruled line `pitch` points apart.
    pub fn size_for_pitch(&self, pitch: f32) -> f32 {
        let height = (self.bbox[3] - self.bbox[1]).max(1) as f32 / 1000.0;
        (pitch / height * 10.0).floor() / 10.0
    }

    /// Embed the font in a document and return its font dictionary.
    pub fn add_to(&self, doc: &mut Document) -> ObjectId {
        let program = self.program.stream(dictionary! { "Length1" => self.program.len as i64 });
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
        let widths: Vec<Object> = self.widths.iter().map(|&w| Object::Integer(w)).collect();
        let cid_font = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => Object::Name(self.name.clone().into_bytes()),
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"),
                "Supplement" => 0,
            },
            "FontDescriptor" => descriptor,
            "DW" => 1000,
            "W" => vec![Object::Integer(0), Object::Array(widths)],
            "CIDToGIDMap" => "Identity",
        });
        let to_unicode = doc.add_object(self.to_unicode.stream(dictionary! {}));
        doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => Object::Name(self.name.clone().into_bytes()),
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![Object::Reference(cid_font)],
            "ToUnicode" => to_unicode,
        })
    }
}

/// A CMap from glyph ids (the character codes under Identity-H) to Unicode.
fn to_unicode_cmap(unicode: &BTreeMap<u16, char>) -> String {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(&u16, &char)> = unicode.iter().collect();
    for chunk in entries.chunks(100) {
        let _ = writeln!(cmap, "{} beginbfchar", chunk.len());
        for (gid, c) in chunk {
            let utf16: String = c.encode_utf16(&mut [0; 2]).iter().map(|u| format!("{u:04X}")).collect();
            let _ = writeln!(cmap, "<{gid:04X}> <{utf16}>");
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap
}

/// Whether `c` belongs in a Chinese form font: every character that is not a CJK ideograph,
/// and the 6,763 ideographs of GB 2312, which cover nearly every name and everyday word.
pub fn common_chinese(c: char) -> bool {
    static GB2312: std::sync::OnceLock<std::collections::HashSet<char>> = std::sync::OnceLock::new();
    let ideograph = matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}');
    if !ideograph {
        return true;
    }
    GB2312
        .get_or_init(|| {
            let mut set = std::collections::HashSet::new();
            for row in 0xB0u8..=0xF7 {
                for cell in 0xA1u8..=0xFE {
                    let bytes = [row, cell];
                    let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
                    if !bad {
                        set.extend(text.chars());
                    }
                }
            }
            set
        })
        .contains(&c)
}

impl Packed {
    /// Deflate `content` when the encoder manages it and it gets smaller (uncompressed is still
    /// valid). The default level: on a CJK font program it takes half the time of the best and
    /// is 0.6% larger.
    fn new(content: Vec<u8>) -> Self {
        let len = content.len();
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        match std::io::Write::write_all(&mut encoder, &content).and_then(|()| encoder.finish()) {
            Ok(packed) if packed.len() < len => Packed { bytes: packed, deflated: true, len },
            _ => Packed { bytes: content, deflated: false, len },
        }
    }

    /// A PDF stream with this content and `dict`.
    fn stream(&self, dict: lopdf::Dictionary) -> Stream {
        let mut stream = Stream::new(dict, self.bytes.clone());
        if self.deflated {
            stream.dict.set("Filter", "FlateDecode");
        }
        stream
    }
}
