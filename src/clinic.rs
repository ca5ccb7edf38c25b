//! A clinic's profile: its name, contacts, logo and colour on every handout it prints.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::content::locate;
use crate::error::{Error, Result};
use crate::i18n::{edition, locale, Locale};
use crate::print::Paper;

/// A clinic profile (`--clinic FILE`): who hands the handouts out, printed in their header and
/// urgent box.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClinicFile {
    /// The clinic's name, printed at the top of every handout.
    name: String,
    department: Option<String>,
    address: Option<String>,
    /// The care team's phone, printed in the urgent box.
    phone: Option<String>,
    after_hours_phone: Option<String>,
    website: Option<String>,
    /// A PNG, JPEG or SVG file, relative to the profile.
    logo: Option<String>,
    /// `#rrggbb`, with a contrast of at least 4.5:1 on white.
    accent_color: Option<String>,
    /// The paper it prints on (default: letter).
    paper: Option<Paper>,
    /// The languages it hands out (`build` builds these unless `--locale` says otherwise).
    locales: Option<Vec<String>>,
    /// Where the handouts are online: each handout's QR code opens `<url>/<locale>/<file>.pdf`.
    download_url: Option<String>,
    /// Build only topics a named medical reviewer has checked.
    require_review: Option<bool>,
}

/// A validated clinic profile, as the templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct Clinic {
    /// The profile's path, as messages name it.
    #[serde(skip)]
    pub file: String,
    pub name: String,
    pub department: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub after_hours_phone: Option<String>,
    pub website: Option<String>,
    /// The logo's path inside the World (`/clinic-logo.png`), when there is one.
    pub logo: Option<String>,
    /// `#rrggbb`, checked for contrast on white.
    pub accent_color: Option<String>,
    #[serde(skip)]
    pub paper: Option<Paper>,
    /// The languages it hands out, when the profile names them.
    #[serde(skip)]
    pub locales: Option<Vec<&'static Locale>>,
    /// Where the handouts are online; a handout's own copy is `<url>/<locale>/<file>.pdf`.
    pub download_url: Option<String>,
    /// Build only topics a named medical reviewer has checked.
    #[serde(skip)]
    pub require_review: bool,
    /// The logo's bytes, served to Typst at `logo`.
    #[serde(skip)]
    pub logo_bytes: Option<Vec<u8>>,
}

/// The smallest contrast text may have on white (WCAG 2 AA).
pub const MIN_CONTRAST: f64 = 4.5;

impl Clinic {
    /// Read and check a profile; every problem is reported with its line and key.
    pub fn load(path: &Path) -> Result<Clinic> {
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::input(format!("{display}: cannot read the clinic profile: {e}")))?;
        let file: ClinicFile = locate::parse_toml(&text, &display)?;
        let mut problems: Vec<(String, String)> = Vec::new();
        let mut problem = |key: &str, message: String| problems.push((key.to_string(), message));
        if file.name.trim().is_empty() {
            problem("name", "must not be empty".into());
        }
        for (key, url) in [("website", &file.website), ("download_url", &file.download_url)] {
            if let Some(url) = url {
                if !(url.starts_with("https://") || url.starts_with("http://"))
                    || url.contains(char::is_whitespace)
                    || url.len() < 12
                {
                    problem(key, format!("`{url}` is not a web address (http:// or https://)"));
                }
            }
        }
        let accent = match &file.accent_color {
            Some(colour) => match parse_hex(colour) {
                None => {
                    problem(
                        "accent_color",
                        format!("`{colour}` is not a colour; write it as #rrggbb, e.g. #1d4f7a"),
                    );
                    None
                }
                Some(rgb) if contrast(rgb, [255, 255, 255]) < MIN_CONTRAST => {
                    let ratio = contrast(rgb, [255, 255, 255]);
                    problem("accent_color", format!("`{colour}` has a contrast of {ratio:.1}:1 on white; text needs at least {MIN_CONTRAST}:1 (WCAG AA); choose a darker colour"));
                    None
                }
                Some([r, g, b]) => Some(format!("#{r:02x}{g:02x}{b:02x}")),
            },
            None => None,
        };
        let mut locales = Vec::new();
        for code in file.locales.iter().flatten() {
            match locale::find(code) {
                Some(found) if !locales.contains(&found) => locales.push(found),
                Some(_) => {}
                None => problem("locales", edition::unknown_message(code)),
            }
        }
        let mut logo = None;
        let mut logo_bytes = None;
        if let Some(name) = &file.logo {
            let logo_path = path.parent().unwrap_or(Path::new(".")).join(name);
            match std::fs::read(&logo_path) {
                Err(e) => problem("logo", format!("{}: {e}", logo_path.display())),
                Ok(bytes) => match image_kind(&bytes) {
                    Some(ext) => {
                        logo = Some(format!("/clinic-logo.{ext}"));
                        logo_bytes = Some(bytes);
                    }
                    None => {
                        problem("logo", format!("{} is not a PNG, JPEG or SVG image", logo_path.display()))
                    }
                },
            }
        }
        if !problems.is_empty() {
            return Err(Error::Input(
                problems
                    .iter()
                    .map(|(key, message)| locate::problem_at(&text, &display, key, message))
                    .collect(),
            ));
        }
        Ok(Clinic {
            file: display,
            name: file.name,
            department: file.department,
            address: file.address,
            phone: file.phone,
            after_hours_phone: file.after_hours_phone,
            website: file.website,
            logo,
            accent_color: accent,
            paper: file.paper,
            locales: file.locales.map(|_| locales),
            download_url: file.download_url.map(|u| u.trim_end_matches('/').to_string()),
            require_review: file.require_review.unwrap_or(false),
            logo_bytes,
        })
    }
}

/// The file extension of a PNG, JPEG or SVG image, judged by its first bytes.
fn image_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_lowercase();
        head.contains("<svg").then_some("svg")
    }
}

/// `#rgb` or `#rrggbb` as three bytes.
pub fn parse_hex(text: &str) -> Option<[u8; 3]> {
    let hex = text.trim().strip_prefix('#')?;
    let digits: Vec<u8> = hex.chars().map(|c| c.to_digit(16).map(|d| d as u8)).collect::<Option<_>>()?;
    match digits.as_slice() {
        [r, g, b] => Some([r * 17, g * 17, b * 17]),
        [r1, r2, g1, g2, b1, b2] => Some([r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2]),
        _ => None,
    }
}

/// The WCAG 2 contrast ratio of two colours.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let luminance = |[r, g, b]: [u8; 3]| {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A QR code for `url` as SVG, black on white, with a quiet zone.
pub fn qr_svg(url: &str) -> Result<String> {
    let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| Error::input(format!("download_url: cannot make a QR code for `{url}`: {e}")))?;
    Ok(code.render::<qrcode::render::svg::Color>().min_dimensions(200, 200).quiet_zone(true).build())
}
