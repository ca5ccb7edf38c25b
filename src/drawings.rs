//! The pictures of the handouts, from the templates folder's `drawings/`: per topic a map that
//! shows where each type happens, its regions striped from the data, and an icon per urgent
//! sign. A template names each by its path in the Typst World, with its alternative text:
//! an icon is a file of the templates folder; a striped map is made from its drawing when the
//! World reads its path, `drawings/marked/<drawing>/<region>,<region>.svg`, so that a
//! document's source stays short and every language's copy of a map is the same file.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::assets::Folder;
use crate::content::validate::Problem;
use crate::content::{ConditionType, Labels, Topic, LABELS};
use crate::error::{Error, Result};

/// The drawings' folder in the templates folder, and the pictures' on the download site.
pub const FOLDER: &str = "drawings";

/// Where a map's marks go: the drawing's own style for them, whose selector is replaced by
/// the marked regions' classes.
const MARKS: &str = ".MARKED";

/// A selector that matches nothing, for a map with nothing marked.
const NOTHING: &str = ".handout-nothing";

/// Where the World serves striped maps, below [`FOLDER`].
const MARKED: &str = "marked";

/// The file name of a map with no region striped.
const NO_REGIONS: &str = "-";

/// The largest drawing: the shipped body map is about 100 KB.
const MAX_BYTES: usize = 1 << 20;

/// A picture for a template: its SVG's path in the Typst World (from the root:
/// `/drawings/icons/fever.svg`), what a screen reader says for it, and where the download site
/// serves it (below the site's root: `drawings/calcinosis-dystrophic.svg`).
#[derive(Debug, Clone, Serialize)]
pub struct Picture {
    pub path: String,
    pub alt: String,
    pub href: String,
}

/// A map drawing: its SVG, with the regions its paths are classed by.
#[derive(Debug, Clone)]
struct Map {
    svg: String,
    regions: BTreeSet<String>,
}

/// Every drawing of the templates folder.
#[derive(Debug, Clone, Default)]
pub struct Drawings {
    maps: BTreeMap<String, Map>,
    icons: BTreeMap<String, String>,
}

impl Drawings {
    /// Read `drawings/*.svg` (maps) and `drawings/icons/*.svg`; a map must carry the style
    /// its marks take (`.MARKED { … }`).
    pub fn load(templates: &Folder) -> Result<Self> {
        let mut drawings = Drawings::default();
        let mut problems = Vec::new();
        let id_of = |file: &str, dir: &str| {
            file.strip_prefix(&format!("{dir}/"))?.strip_suffix(".svg").map(str::to_string)
        };
        let icons = format!("{FOLDER}/icons");
        for file in templates.list_in(&icons, ".svg")? {
            if let Some(id) = id_of(&file, &icons) {
                drawings.icons.insert(id, read(templates, &file)?);
            }
        }
        for file in templates.list_in(FOLDER, ".svg")? {
            let Some(id) = id_of(&file, FOLDER) else { continue };
            let svg = read(templates, &file)?;
            if !svg.contains(MARKS) {
                problems.push(format!(
                    "{}: a map drawing needs a style for its marks, `{MARKS} {{ fill: url(#mark); … }}`",
                    templates.display(&file)
                ));
            }
            let regions = classes(&svg);
            drawings.maps.insert(id, Map { svg, regions });
        }
        if !problems.is_empty() {
            return Err(Error::Input(problems));
        }
        Ok(drawings)
    }

    /// The topic's drawing, regions and icons that the drawings or the labels lack, each at its
    /// field.
    pub fn problems(&self, topic: &Topic, labels: &Labels) -> Vec<Problem> {
        let mut problems = Vec::new();
        if let Some(id) = &topic.topic.drawing {
            self.region_problems(topic, id, labels, &mut problems);
        }
        for signs in topic.sign_icons() {
            for (j, id) in signs.icons.iter().enumerate() {
                let message = if !self.icons.contains_key(id) {
                    format!(
                        "no icon `{id}` in the templates' {FOLDER}/icons/; icons: {}",
                        list(self.icons.keys())
                    )
                } else if !labels.icons.contains_key(id) {
                    format!("{LABELS} has no [labels.icons] `{id}` to describe it")
                } else {
                    continue;
                };
                problems.push(Problem { path: format!("{}[{j}]", signs.path), message });
            }
        }
        problems
    }

    /// The drawing `id` a topic names, and each region its types mark, that the drawings or the
    /// labels lack.
    fn region_problems(&self, topic: &Topic, id: &str, labels: &Labels, problems: &mut Vec<Problem>) {
        if !labels.drawings.contains_key(id) {
            let message = format!("{LABELS} has no [labels.drawings] `{id}` to describe it");
            problems.push(Problem { path: "topic.drawing".into(), message });
        }
        let Some(map) = self.maps.get(id) else {
            let message = format!(
                "no drawing `{id}` in the templates' {FOLDER}/; drawings: {}",
                list(self.maps.keys())
            );
            problems.push(Problem { path: "topic.drawing".into(), message });
            return;
        };
        for (i, ty) in topic.types.iter().enumerate() {
            for (j, regions) in ty.regions.iter().enumerate() {
                for (k, region) in regions.iter().enumerate().filter(|(_, r)| !map.regions.contains(*r)) {
                    problems.push(Problem {
                        path: format!("types[{i}].regions[{j}][{k}]"),
                        message: format!(
                            "the drawing `{id}` has no region `{region}`; its regions: {}",
                            list(map.regions.iter())
                        ),
                    });
                }
            }
        }
    }

    /// A type's map: its regions striped, described with the card's places.
    pub fn card_map(&self, topic: &Topic, ty: &ConditionType, labels: &Labels) -> Option<Picture> {
        let regions: Vec<&str> = ty.regions.iter().flatten().map(String::as_str).collect();
        self.map(topic, &ty.id, &regions, &places(ty).join("; "), labels)
    }

    /// The topic's map on the overview: every type's regions striped, described type by type.
    pub fn overview_map(&self, topic: &Topic, labels: &Labels) -> Option<Picture> {
        let regions: Vec<&str> =
            topic.types.iter().flat_map(|ty| ty.regions.iter().flatten()).map(String::as_str).collect();
        let described =
            topic.types.iter().map(|ty| (ty, places(ty))).filter(|(_, places)| !places.is_empty());
        let described: Vec<String> =
            described.map(|(ty, places)| format!("{}: {}", ty.short_name, places.join(", "))).collect();
        self.map(topic, "overview", &regions, &described.join("; "), labels)
    }

    /// A map of the topic's drawing, named for the site by the topic and `name`.
    fn map(
        &self,
        topic: &Topic,
        name: &str,
        regions: &[&str],
        places: &str,
        labels: &Labels,
    ) -> Option<Picture> {
        let id = topic.topic.drawing.as_ref()?;
        self.maps.get(id)?;
        let shows = labels.drawings.get(id)?;
        let unique: BTreeSet<&str> = regions.iter().copied().collect();
        let file = if unique.is_empty() { NO_REGIONS.to_string() } else { Vec::from_iter(unique).join(",") };
        Some(Picture {
            path: format!("/{FOLDER}/{MARKED}/{id}/{file}.svg"),
            alt: labels.map_marked.replace("{drawing}", shows).replace("{places}", places),
            href: format!("{FOLDER}/{}-{name}.svg", topic.topic.id),
        })
    }

    /// Each sign's icon, in order: none when the signs have no icons.
    pub fn icons(&self, ids: &[String], labels: &Labels) -> Vec<Option<Picture>> {
        ids.iter()
            .map(|id| {
                self.icons.get(id)?;
                let href = format!("{FOLDER}/icons/{id}.svg");
                Some(Picture { path: format!("/{href}"), alt: labels.icons.get(id)?.clone(), href })
            })
            .collect()
    }

    /// The SVG at a picture's path, as the World reads it, for the site and for sources
    /// written out.
    pub fn svg(&self, picture: &Picture) -> Result<String> {
        let path = picture.path.trim_start_matches('/');
        let icon = || self.icons.get(path.strip_prefix(&format!("{FOLDER}/icons/"))?.strip_suffix(".svg")?);
        self.marked_file(path)
            .or_else(|| icon().cloned())
            .ok_or_else(|| Error::internal(format!("no drawing at {}", picture.path)))
    }

    /// The striped map at a path below the World's root,
    /// `drawings/marked/<drawing>/<region>,<region>.svg`; none for any other path, or one that
    /// names a drawing or region there is not.
    pub fn marked_file(&self, path: &str) -> Option<String> {
        let rest = path.strip_prefix(FOLDER)?.strip_prefix('/')?.strip_prefix(MARKED)?.strip_prefix('/')?;
        let (id, file) = rest.split_once('/')?;
        let map = self.maps.get(id)?;
        let file = file.strip_suffix(".svg")?;
        let regions: Vec<&str> = if file == NO_REGIONS { Vec::new() } else { file.split(',').collect() };
        regions.iter().all(|r| map.regions.contains(*r)).then(|| marked(&map.svg, &regions))
    }
}

/// The places of a type that its map marks: its `locations` items that name a region.
fn places(ty: &ConditionType) -> Vec<&str> {
    let named = ty.locations.iter().zip(&ty.regions).filter(|(_, regions)| !regions.is_empty());
    named.map(|(place, _)| place.as_str()).collect()
}

/// The drawing with these regions striped: its marks' style applied to their classes.
pub fn marked(svg: &str, regions: &[&str]) -> String {
    let unique: BTreeSet<&str> = regions.iter().copied().collect();
    let selector: Vec<String> = unique.iter().map(|r| format!(".{r}")).collect();
    let selector = if selector.is_empty() { NOTHING.to_string() } else { selector.join(",") };
    svg.replacen(MARKS, &selector, 1)
}

/// The region classes of a map: every `class` of its paths.
fn classes(svg: &str) -> BTreeSet<String> {
    svg.split("class=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .flat_map(str::split_whitespace)
        .filter(|class| crate::content::validate::is_slug(class))
        .map(str::to_string)
        .collect()
}

fn read(templates: &Folder, file: &str) -> Result<String> {
    let bytes = templates
        .read(file)
        .map_err(|e| Error::input(format!("{}: {e}", templates.display(file))))?
        .ok_or_else(|| Error::input(format!("{}: not found", templates.display(file))))?;
    if bytes.len() > MAX_BYTES {
        return Err(Error::input(format!(
            "{}: {} KB, over the {} KB a drawing may take",
            templates.display(file),
            bytes.len() / 1024,
            MAX_BYTES / 1024
        )));
    }
    String::from_utf8(bytes.into_owned()).map_err(|_| {
        Error::input(format!("{}: not UTF-8 text, as an SVG drawing must be", templates.display(file)))
    })
}

fn list<'a>(names: impl Iterator<Item = &'a String>) -> String {
    names.map(String::as_str).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_stripe_the_named_regions_once_and_nothing_else() {
        let svg = "<style>.MARKED{fill:url(#mark)}</style><path class=\"knee\"/><path class=\"hand\"/>";
        assert_eq!(classes(svg), BTreeSet::from(["hand".to_string(), "knee".to_string()]));
        let striped = marked(svg, &["knee", "hand", "knee"]);
        assert!(striped.starts_with("<style>.hand,.knee{fill:url(#mark)}</style>"), "{striped}");
        assert!(marked(svg, &[]).contains(".handout-nothing{"), "no region: a selector matching nothing");
    }

    #[test]
    fn a_striped_map_is_served_at_the_path_that_names_its_regions_and_no_other() {
        let svg = "<style>.MARKED{fill:url(#mark)}</style><path class=\"knee\"/><path class=\"hand\"/>";
        let map = Map { svg: svg.to_string(), regions: classes(svg) };
        let drawings = Drawings { maps: BTreeMap::from([("body".to_string(), map)]), icons: BTreeMap::new() };
        let served = drawings.marked_file("drawings/marked/body/hand,knee.svg");
        assert_eq!(served.as_deref(), Some(marked(svg, &["hand", "knee"]).as_str()));
        assert!(drawings.marked_file("drawings/marked/body/-.svg").is_some_and(|s| s.contains(NOTHING)));
        for other in [
            "drawings/marked/body/liver.svg",
            "drawings/marked/lungs/knee.svg",
            "drawings/body.svg",
            "x/marked/body/knee.svg",
        ] {
            assert_eq!(drawings.marked_file(other), None, "{other}");
        }
    }
}
