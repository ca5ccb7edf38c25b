//! A clinic's logo: checked once, when the profile is read, to decode the way Typst will
//! decode it, and scaled down to the resolution it prints at.

use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::{Arc, Mutex};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// The largest box a template prints the logo in, in inches: `clinic-header` in
/// `templates/handout.typ` holds it in 1.8in × 2.4em, and the letterhead's em is at most 14 pt
/// (in large print).
pub const PRINT_BOX: (f64, f64) = (1.8, 2.4 * 14.0 / 72.0);
/// Print resolution: pixels beyond this per inch only make every handout larger.
pub const PRINT_DPI: f64 = 300.0;
/// The most pixels a raster logo may have; a larger one is not a logo but a mistake.
pub const MAX_PIXELS: u64 = 100_000_000;
/// The largest PNG or JPEG file read.
pub const MAX_RASTER_BYTES: u64 = 20_000_000;
/// The largest SVG file read.
pub const MAX_SVG_BYTES: u64 = 5_000_000;

/// A logo ready for the templates: its bytes and its name inside the World.
#[derive(Debug, Clone)]
pub struct Logo {
    /// Where Typst finds it: `/clinic-logo.png`.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Read, check and (when larger than print needs) scale down a logo file; a message for the
/// profile's `logo` key when it cannot be used.
pub fn load(file: &Path) -> Result<Logo, String> {
    let shown = file.display();
    let metadata = std::fs::metadata(file).map_err(|e| format!("{shown}: {e}"))?;
    if !metadata.is_file() {
        return Err(format!("{shown} is not a file"));
    }
    let cap = MAX_RASTER_BYTES.max(MAX_SVG_BYTES);
    let mut bytes = Vec::new();
    // Read at most one byte past the cap: a file growing while read, or a huge one, stops here.
    std::fs::File::open(file)
        .and_then(|f| f.take(cap + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("{shown}: {e}"))?;
    let size = metadata.len().max(bytes.len() as u64);
    let too_big = |limit: u64| {
        format!("{shown} is {:.1} MB; a logo file may be at most {} MB", size as f64 / 1e6, limit / 1_000_000)
    };
    match kind(&bytes) {
        Some(Kind::Svg) if size > MAX_SVG_BYTES => Err(too_big(MAX_SVG_BYTES)),
        Some(Kind::Svg) => {
            check_svg(&bytes).map_err(|cause| format!("{shown} cannot be read as an SVG image: {cause}"))?;
            Ok(Logo { path: "/clinic-logo.svg".into(), bytes })
        }
        Some(Kind::Raster(_)) if size > MAX_RASTER_BYTES => Err(too_big(MAX_RASTER_BYTES)),
        Some(Kind::Raster(format)) => {
            let ext = if format == ImageFormat::Png { "png" } else { "jpg" };
            match fit_for_print(&bytes, format).map_err(|cause| format!("{shown} {cause}"))? {
                Some(smaller) => Ok(Logo { path: "/clinic-logo.png".into(), bytes: smaller }),
                None => Ok(Logo { path: format!("/clinic-logo.{ext}"), bytes }),
            }
        }
        None => Err(format!("{shown} is not a PNG, JPEG or SVG image")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Raster(ImageFormat),
    Svg,
}

/// What a file holds, judged by its first bytes.
fn kind(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Kind::Raster(ImageFormat::Png))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Kind::Raster(ImageFormat::Jpeg))
    } else {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_lowercase();
        head.contains("<svg").then_some(Kind::Svg)
    }
}

/// The largest pixel size the logo is ever printed at: the print box at print resolution.
pub fn print_pixels() -> (u32, u32) {
    ((PRINT_BOX.0 * PRINT_DPI).ceil() as u32, (PRINT_BOX.1 * PRINT_DPI).ceil() as u32)
}

/// Decode a PNG or JPEG as Typst does (the `image` crate, its default memory limits); when it
/// has more pixels than print needs, the smaller PNG that replaces it.
fn fit_for_print(bytes: &[u8], format: ImageFormat) -> Result<Option<Vec<u8>>, String> {
    let kind = if format == ImageFormat::Png { "PNG" } else { "JPEG" };
    let unreadable = |e: image::ImageError| format!("cannot be read as a {kind} image: {e}");
    // The header alone gives the size: refuse a huge image before decoding a pixel of it.
    let (width, height) =
        ImageReader::with_format(Cursor::new(bytes), format).into_dimensions().map_err(unreadable)?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!(
            "is {width} × {height} pixels; a logo may have at most {} million pixels \
             (it prints at most {} × {} pixels at {PRINT_DPI} dpi)",
            MAX_PIXELS / 1_000_000,
            print_pixels().0,
            print_pixels().1
        ));
    }
    let mut decoder =
        ImageReader::with_format(Cursor::new(bytes), format).into_decoder().map_err(unreadable)?;
    decoder.set_limits(Limits::default()).map_err(unreadable)?;
    let orientation = decoder.orientation().map_err(unreadable)?;
    let icc = decoder.icc_profile().ok().flatten().filter(|icc| !icc.is_empty());
    let mut image = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    let (max_width, max_height) = print_pixels();
    image.apply_orientation(orientation);
    if image.width() <= max_width && image.height() <= max_height {
        return Ok(None);
    }
    // A box filter first when far larger (fast, no aliasing at large ratios), Lanczos for the rest.
    if image.width() > 4 * max_width || image.height() > 4 * max_height {
        image = image.thumbnail(2 * max_width, 2 * max_height);
    }
    let image = image.resize(max_width, max_height, image::imageops::FilterType::Lanczos3);
    Ok(Some(encode_png(&image, icc)?))
}

/// A PNG of an image, with its colour profile.
fn encode_png(image: &DynamicImage, icc: Option<Vec<u8>>) -> Result<Vec<u8>, String> {
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    use image::ImageEncoder;
    let mut out = Vec::new();
    let mut encoder = PngEncoder::new_with_quality(&mut out, CompressionType::Best, FilterType::Adaptive);
    if let Some(icc) = icc {
        // Without the profile the colours shift a little; not worth refusing the logo for.
        let _ = encoder.set_icc_profile(icc);
    }
    // PNG holds 8- and 16-bit grey and colour, with or without alpha: what PNG and JPEG decode to.
    let image = match image {
        DynamicImage::ImageRgb32F(_) | DynamicImage::ImageRgba32F(_) => {
            &DynamicImage::from(image.to_rgba16())
        }
        other => other,
    };
    encoder
        .write_image(image.as_bytes(), image.width(), image.height(), image.color().into())
        .map_err(|e| format!("cannot be scaled down: {e}"))?;
    Ok(out)
}

/// Parse an SVG with the options Typst parses it with; refuse links to other files, which
/// Typst would look for in the templates folder.
fn check_svg(bytes: &[u8]) -> Result<(), String> {
    let linked: Arc<Mutex<Vec<String>>> = Arc::default();
    let found = Arc::clone(&linked);
    let options = usvg::Options {
        font_family: String::new(),
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(move |href, _| {
                if let Ok(mut found) = found.lock() {
                    found.push(href.to_string());
                }
                None
            }),
        },
        ..Default::default()
    };
    usvg::Tree::from_data(bytes, &options).map_err(|e| match e {
        usvg::Error::NotAnUtf8Str => "the file is not UTF-8 text".to_string(),
        usvg::Error::MalformedGZip => "the file is not compressed correctly".to_string(),
        usvg::Error::ElementsLimitReached => "it has too many elements".to_string(),
        usvg::Error::InvalidSize => "its width, height or viewBox is missing or invalid".to_string(),
        usvg::Error::ParsingFailed(e) => format!("the XML is malformed: {e}"),
    })?;
    let linked = linked.lock().map(|l| l.clone()).unwrap_or_default();
    match linked.first() {
        Some(href) => Err(format!(
            "it links to the file `{}`; embed the image in the SVG (a data: URI) or use a PNG logo",
            href.escape_debug()
        )),
        None => Ok(()),
    }
}
