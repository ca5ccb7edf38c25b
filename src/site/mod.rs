//! The download site: every handout as a PDF and as an accessible web page; per language a
//! list of topics with a search box, and per topic a list of its handouts; a language chooser;
//! every page linked to its translations. Static files any web server can host.

mod search;
mod translations;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::assets::{Folder, Inputs};
use crate::clinic::Clinic;
use crate::content::{Labels, Topic};
use crate::error::{Error, Result};
use crate::handout::Handout;
use crate::i18n::{Edition, Locale};
use crate::pipeline::{Built, Pipeline};
use crate::render::{local_digits, View, FITS, SITE};
use search::Record;
use translations::Translations;

pub use search::MAX_RECORDS as MAX_SEARCH_RECORDS;

/// Files the site copies from the templates folder as they are.
const STATIC_FILES: &[&str] = &["site.css", "search.js"];

/// The folder of the site's web fonts.
const FONTS: &str = "fonts";

/// The site's folders beside the languages' own: web fonts, the search index, the pictures.
pub const FOLDERS: &[&str] = &[FONTS, search::FOLDER, crate::drawings::FOLDER];

/// Fonts the site serves, from the fonts folder, with their licence: Atkinson Hyperlegible
/// for the Latin-script pages (54 KB a face). Other scripts use the reader's system fonts,
/// which phones have, rather than megabytes of Noto to download.
const WEB_FONTS: &[&str] =
    &["AtkinsonHyperlegible-Regular.ttf", "AtkinsonHyperlegible-Bold.ttf", "OFL-AtkinsonHyperlegible.txt"];

/// One file of the site: its path below the site folder (`es/index.html`) and its bytes.
pub type SiteFile = (String, Vec<u8>);

/// What every page knows: its language, where the site's root is, the clinic.
#[derive(Debug, Serialize)]
struct PageInfo<'a> {
    lang: &'static str,
    dir: &'static str,
    /// The `<title>`.
    title: String,
    /// The way from this page to the site's root: `""`, `"../"` or `"../../"`.
    root: &'static str,
    /// The way from this page to its language's folder, where the list of topics, the
    /// handouts' pages and the PDFs are: `""` or `"../"`.
    home: &'static str,
    /// A handout's page: the way to its topic's list of handouts.
    topic_href: Option<String>,
    labels: &'a Labels,
    clinic: Option<&'a Clinic>,
    /// The note that the translation is unreviewed, or empty.
    draft_note: &'a str,
    /// This page in every language it exists in, itself included, in the chooser's order.
    alternates: Vec<Language<'a>>,
    /// The page for readers whose language is none of them: the chooser, where it fits.
    x_default: Option<String>,
}

/// A PDF to download.
#[derive(Debug, Serialize)]
struct Download {
    href: String,
    /// The page count, in the locale's digits.
    pages: String,
    /// The file size, `60 KB`, in the locale's digits.
    size: String,
}

/// One handout in a language's list.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    kind: &'static str,
    /// The small line over the title: `Fact card`.
    kind_label: &'a str,
    title: &'a str,
    summary: &'a str,
    /// Its web page.
    html: String,
    pdf: Download,
    large: Option<Download>,
    /// The PDF has form fields to type into.
    fillable: bool,
    /// The template part that shows its content.
    part: &'static str,
}

/// A language in the chooser or among a page's translations, named in its own script.
#[derive(Debug, Clone, Serialize)]
struct Language<'a> {
    code: &'static str,
    name: &'static str,
    english: &'static str,
    dir: &'static str,
    href: String,
    /// The site's heading in that language.
    heading: &'a str,
}

/// A topic in a language's list of topics.
#[derive(Debug, Serialize)]
struct TopicEntry {
    name: String,
    summary: String,
    /// Its page of handouts: `calcinosis/index.html`.
    href: String,
}

#[derive(Serialize)]
struct ChooserPage<'a> {
    page: PageInfo<'a>,
    languages: Vec<Language<'a>>,
}

#[derive(Serialize)]
struct TopicsPage<'a> {
    page: PageInfo<'a>,
    topics: Vec<TopicEntry>,
}

#[derive(Serialize)]
struct ListPage<'a> {
    page: PageInfo<'a>,
    topic: &'a Topic,
    entries: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct HandoutPage<'a> {
    #[serde(flatten)]
    view: View<'a>,
    page: PageInfo<'a>,
    entry: &'a Entry<'a>,
}

/// The site, made as the handouts are, a few topics at a time: each batch's handout pages and
/// topic lists as soon as the batch is built, handed to a writer; then, at the end, each
/// language's list of topics, the chooser, the search index, the styles and the fonts. Only the
/// short lines of the lists and the search records are kept in between.
pub struct Site<'a> {
    pipeline: &'a Pipeline,
    inputs: &'a Inputs,
    /// Each language's labels, with no topics.
    languages: &'a [Edition],
    clinic: Option<&'a Clinic>,
    /// Per language, in the order of `languages`: its topics, and whether any is a draft.
    lists: Vec<(Vec<TopicEntry>, bool)>,
    records: Vec<Record>,
    /// The pictures written so far, by their paths.
    drawn: BTreeSet<String>,
    /// How many web pages were made.
    pub pages: usize,
}

impl<'a> Site<'a> {
    /// A site in these languages (each one's labels, as [`Pipeline::languages`] makes them).
    pub fn new(
        pipeline: &'a Pipeline,
        inputs: &'a Inputs,
        languages: &'a [Edition],
        clinic: Option<&'a Clinic>,
    ) -> Self {
        let lists = languages.iter().map(|language| (Vec::new(), language.any_draft())).collect();
        Site {
            pipeline,
            inputs,
            languages,
            clinic,
            lists,
            records: Vec::new(),
            drawn: BTreeSet::new(),
            pages: 0,
        }
    }

    /// The pages of some topics' handouts, already built (in the same order as `built`):
    /// a page per handout (its large print beside the regular) and a list per topic, each
    /// handed to `write` with its path below the site's root. The PDFs go beside the pages, at
    /// `<locale>/<file>.pdf`; the caller writes them.
    pub fn add(
        &mut self,
        editions: &[Edition],
        handouts: &[Handout],
        built: &[Built],
        write: &mut dyn FnMut(&str, &[u8]) -> Result<()>,
    ) -> Result<()> {
        let clinic = self.clinic;
        let renderer = self.pipeline.renderer();
        let translations = Translations::new(editions, handouts);
        // Each language's handouts, then each topic's, in order.
        let mut ours: BTreeMap<(&str, &str), Vec<(&Handout, &Built)>> = BTreeMap::new();
        for (handout, file) in handouts.iter().zip(built) {
            let key = (handout.edition.locale.code, handout.topic.topic.id.as_str());
            ours.entry(key).or_default().push((handout, file));
        }
        for edition in editions {
            let locale = edition.locale;
            let labels = &edition.labels;
            let Some(position) = self.languages.iter().position(|l| l.locale == locale) else { continue };
            for topic in &edition.topics {
                let id = &topic.topic.id;
                let Some(ours) = ours.get(&(locale.code, id.as_str())) else { continue };
                let mut entries = Vec::new();
                for &(handout, file) in ours.iter().filter(|(h, _)| !h.print.large) {
                    let large =
                        ours.iter().find(|(other, _)| other.print.large && other.same_document(handout));
                    let kind = handout.kind;
                    let entry = Entry {
                        kind: kind.name,
                        kind_label: (kind.label)(labels),
                        title: handout.title(),
                        summary: handout.summary(),
                        html: format!("{}.html", handout.file_stem()),
                        pdf: download(file, locale),
                        large: large.map(|(_, file)| download(file, locale)),
                        fillable: kind.forms,
                        part: kind.site_part,
                    };
                    let view = View::new(handout, FITS[0], self.pipeline.drawings())?;
                    // Each picture once, whatever the language: its words are in the page.
                    for picture in view.pictures.all() {
                        if self.drawn.insert(picture.href.clone()) {
                            write(&picture.href, self.pipeline.drawings().svg(picture)?.as_bytes())?;
                        }
                    }
                    if kind.site_search {
                        self.records.push(Record {
                            url: format!("{}/{}", locale.code, entry.html),
                            lang: locale.code,
                            title: entry.title.to_string(),
                            summary: entry.summary.to_string(),
                            kind: format!("{} · {}", entry.kind_label, topic.topic.name),
                        });
                    }
                    let mut page =
                        page_info(edition, handout.draft(), entry.title.to_string(), Depth::Language, clinic);
                    page.topic_href = Some(format!("{id}/index.html"));
                    page.alternates = translations.of(&entry.html, Depth::Language);
                    let html = renderer
                        .render_page("handout.html.j2", &HandoutPage { view, page, entry: &entry })
                        .map_err(|error| self.pipeline.explain(handout, error))?;
                    write(&format!("{}/{}", locale.code, entry.html), html.as_bytes())?;
                    self.pages += 1;
                    entries.push(entry);
                }
                let title = format!("{} · {}", topic.topic.name, labels.site.heading);
                let mut page = page_info(edition, edition.draft(topic), title, Depth::Topic, clinic);
                let path = format!("{id}/index.html");
                page.alternates = translations.of(&path, Depth::Topic);
                let list = renderer.render_page("list.html.j2", &ListPage { page, topic, entries })?;
                write(&format!("{}/{path}", locale.code), list.as_bytes())?;
                self.pages += 1;
                self.records.push(Record {
                    url: format!("{}/{path}", locale.code),
                    lang: locale.code,
                    title: topic.topic.name.clone(),
                    summary: topic.topic.summary.clone(),
                    kind: String::new(),
                });
                let (topics, draft) = &mut self.lists[position];
                topics.push(TopicEntry {
                    name: topic.topic.name.clone(),
                    summary: topic.topic.summary.clone(),
                    href: path,
                });
                *draft |= edition.draft(topic);
            }
        }
        Ok(())
    }

    /// The rest of the site: each language's list of topics, the language chooser, the search
    /// index, the styles and the web fonts.
    pub fn finish(mut self) -> Result<Vec<SiteFile>> {
        let first = self.languages.first().ok_or_else(|| Error::input("no language to build a site for"))?;
        let renderer = self.pipeline.renderer();
        let translations = Translations::new(self.languages, &[]);
        let mut files = Vec::new();
        let mut languages = Vec::new();
        for (edition, (topics, draft)) in self.languages.iter().zip(std::mem::take(&mut self.lists)) {
            let code = edition.locale.code;
            let heading = edition.labels.site.heading.clone();
            let mut page = page_info(edition, draft, heading, Depth::Language, self.clinic);
            page.alternates = translations.of("index.html", Depth::Language);
            page.x_default = Some(format!("{}index.html", page.root));
            let index = renderer.render_page("topics.html.j2", &TopicsPage { page, topics })?;
            files.push((format!("{code}/index.html"), index.into_bytes()));
            languages.push(Language::new(edition, format!("{code}/index.html")));
        }
        let title = format!("{} · {}", first.labels.site.heading, first.labels.site.choose_language);
        let mut page = page_info(first, false, title, Depth::Root, self.clinic);
        page.alternates = languages.clone();
        page.x_default = Some("index.html".to_string());
        let chooser = renderer.render_page("index.html.j2", &ChooserPage { page, languages })?;
        files.push(("index.html".to_string(), chooser.into_bytes()));
        self.pages += files.len();
        files.extend(search::index(&self.records)?);
        for name in STATIC_FILES {
            files.push(((*name).to_string(), read(&self.inputs.templates, &format!("{SITE}/{name}"))?));
        }
        for name in WEB_FONTS {
            files.push((format!("{FONTS}/{name}"), read(&self.inputs.fonts, name)?));
        }
        Ok(files)
    }
}

impl<'a> Language<'a> {
    /// The language of an edition, named in its own script, with a link to one of its pages.
    fn new(edition: &'a Edition, href: String) -> Self {
        let locale = edition.locale;
        Language {
            code: locale.code,
            name: locale.name,
            english: locale.english,
            dir: direction(locale),
            href,
            heading: &edition.labels.site.heading,
        }
    }
}

/// Where a page sits: the chooser at the root, a language's pages in its folder, a topic's
/// list of handouts in the topic's folder inside it.
#[derive(Clone, Copy)]
enum Depth {
    Root,
    Language,
    Topic,
}

impl Depth {
    /// The way from a page at this depth to the site's root.
    fn root(self) -> &'static str {
        match self {
            Depth::Root => "",
            Depth::Language => "../",
            Depth::Topic => "../../",
        }
    }
}

fn page_info<'a>(
    edition: &'a Edition,
    draft: bool,
    title: String,
    depth: Depth,
    clinic: Option<&'a Clinic>,
) -> PageInfo<'a> {
    let home = if matches!(depth, Depth::Topic) { "../" } else { "" };
    let root = depth.root();
    PageInfo {
        // The full tag (`zh-Hans`), so that browsers choose fonts for the script.
        lang: edition.locale.code,
        dir: direction(edition.locale),
        title,
        root,
        home,
        topic_href: None,
        labels: &edition.labels,
        clinic,
        draft_note: if draft { &edition.labels.draft_note } else { "" },
        alternates: Vec::new(),
        x_default: None,
    }
}

fn direction(locale: &Locale) -> &'static str {
    if locale.rtl {
        "rtl"
    } else {
        "ltr"
    }
}

fn download(file: &Built, locale: &Locale) -> Download {
    let kb = file.size.div_ceil(1024);
    Download {
        href: file.file_name.clone(),
        pages: local_digits(&file.pages.to_string(), locale.digits),
        size: local_digits(&format!("{kb} KB"), locale.digits),
    }
}

fn read(folder: &Folder, name: &str) -> Result<Vec<u8>> {
    folder
        .read(name)
        .map_err(|e| Error::input(format!("{}: {e}", folder.display(name))))?
        .map(|bytes| bytes.into_owned())
        .ok_or_else(|| Error::input(format!("{}: file not found; the site needs it", folder.display(name))))
}
