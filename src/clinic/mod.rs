//! A clinic's profile: its name, contacts, logo and colour on every handout it prints.

pub mod logo;
pub mod web;

use std::path::Path;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::content::{locate, validate::hidden_character};
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
    /// The clinic's web address (http or https, no query or fragment), printed in the footer.
    website: Option<String>,
    /// A PNG, JPEG or SVG file, relative to the profile: at most 20 MB and 100 million pixels
    /// (SVG: 5 MB); a larger raster is scaled down to 300 dpi at its printed size.
    logo: Option<String>,
    /// `#rrggbb`, with a contrast of at least 4.5:1 on white.
    accent_color: Option<String>,
    /// The paper it prints on (default: letter).
    paper: Option<Paper>,
    /// The languages it hands out (`build` builds these unless `--locale` says otherwise).
    locales: Option<Vec<String>>,
    /// Where the handouts are online: each handout's QR code opens `<url>/<locale>/<file>.pdf`.
    /// An http or https address without a query or fragment, at most 120 characters.
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
    /// Where the handouts are online; a handout's own copy is `<url>/<locale>/<file>.pdf`
    /// ([`Clinic::download_link`]).
    #[serde(skip)]
    pub download_url: Option<Url>,
    /// Build only topics a named medical reviewer has checked.
    #[serde(skip)]
    pub require_review: bool,
    /// The logo's bytes, served to Typst at `logo`: scaled down to print resolution when the
    /// file has more pixels than that.
    #[serde(skip)]
    pub logo_bytes: Option<Vec<u8>>,
    /// Where the logo is named, as messages about it start: `clinic.toml:9:8: logo: logo.svg`.
    #[serde(skip)]
    pub logo_origin: Option<String>,
    /// A hash of the profile's text: the same text makes the same handouts (the logo's bytes
    /// are keyed with the templates).
    #[serde(skip)]
    pub digest: u128,
}

/// The longest name, department or address a header holds, in characters.
pub const MAX_TEXT: usize = 200;
/// The longest phone number, in characters.
pub const MAX_PHONE: usize = 40;

/// The smallest contrast text may have on white (WCAG 2 AA).
pub const MIN_CONTRAST: f64 = 4.5;

impl Clinic {
    /// Read and check a profile; every problem is reported with its line and key.
    pub fn load(path: &Path) -> Result<Clinic> {
        let display = path.display().to_string();
        let text = read_profile(path)
            .map_err(|e| Error::input(format!("{display}: cannot read the clinic profile: {e}")))?;
        let file: ClinicFile = locate::parse_toml(&text, &display)?;
        let mut problems: Vec<(String, String)> = Vec::new();
        let mut problem = |key: &str, message: String| problems.push((key.to_string(), message));
        let texts = [
            ("name", Some(&file.name), MAX_TEXT),
            ("department", file.department.as_ref(), MAX_TEXT),
            ("address", file.address.as_ref(), MAX_TEXT),
            ("phone", file.phone.as_ref(), MAX_PHONE),
            ("after_hours_phone", file.after_hours_phone.as_ref(), MAX_PHONE),
        ];
        for (key, text, max) in texts {
            let Some(text) = text else { continue };
            let length = text.chars().count();
            if text.trim().is_empty() {
                let leave_out = if key == "name" { "" } else { "; leave the key out instead" };
                problem(key, format!("must not be empty{leave_out}"));
            } else if let Some(hidden) = hidden_character(text) {
                problem(key, hidden);
            } else if length > max {
                problem(key, format!("is {length} characters long; at most {max} fit the handout"));
            }
        }
        if let Some(website) = &file.website {
            if let Err(message) = web::parse(website) {
                problem("website", message);
            }
        }
        let download_url = match file.download_url.as_deref().map(web::parse) {
            Some(Err(message)) => {
                problem("download_url", message);
                None
            }
            Some(Ok(url)) if url.as_str().len() > web::MAX_DOWNLOAD_URL => {
                problem(
                    "download_url",
                    format!(
                        "is {} characters long; at most {} keep the QR code on each handout readable",
                        url.as_str().len(),
                        web::MAX_DOWNLOAD_URL
                    ),
                );
                None
            }
            Some(Ok(url)) => Some(url),
            None => None,
        };
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
        if let Some(name) = &file.logo {
            match logo::load(&path.parent().unwrap_or(Path::new(".")).join(name)) {
                Ok(loaded) => logo = Some(loaded),
                Err(message) => problem("logo", message),
            }
        }
        if !problems.is_empty() {
            // In the order of the file, as a person reads it.
            problems.sort_by_key(|(key, _)| locate::locate(&text, key));
            return Err(Error::Input(
                problems
                    .iter()
                    .map(|(key, message)| locate::problem_at(&text, &display, key, message))
                    .collect(),
            ));
        }
        let logo_origin = file.logo.as_ref().map(|name| locate::problem_at(&text, &display, "logo", name));
        Ok(Clinic {
            digest: typst::utils::hash128(&text),
            file: display,
            name: file.name,
            department: file.department,
            address: file.address,
            phone: file.phone,
            after_hours_phone: file.after_hours_phone,
            website: file.website,
            logo_origin,
            logo: logo.as_ref().map(|l| l.path.clone()),
            logo_bytes: logo.map(|l| l.bytes),
            accent_color: accent,
            paper: file.paper,
            locales: file.locales.map(|_| locales),
            download_url,
            require_review: file.require_review.unwrap_or(false),
        })
    }

    /// Where a handout's own copy is online: `<download_url>/<locale>/<file>.pdf`.
    pub fn download_link(&self, locale: &str, file_stem: &str) -> Option<String> {
        Some(web::join(self.download_url.as_ref()?, &[locale, &format!("{file_stem}.pdf")]))
    }
}

/// The largest profile read: a few hundred bytes is usual.
pub const MAX_PROFILE_BYTES: u64 = 1_000_000;

/// A profile's text, refusing a file too large to be one (or endless, like `/dev/zero`).
fn read_profile(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(MAX_PROFILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_PROFILE_BYTES {
        let message =
            format!("it is larger than {} MB; a profile is a few lines", MAX_PROFILE_BYTES / 1_000_000);
        return Err(std::io::Error::other(message));
    }
    String::from_utf8(bytes).map_err(|_| std::io::Error::other("it is not UTF-8 text"))
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
