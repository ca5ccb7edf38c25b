//! The download site: every link resolves, every page has its language and direction, QR
//! codes lead to the site's own PDFs; then a real browser (Debian's Chromium): the DOM, the
//! redirect to the browser's language, and axe-core's WCAG 2 A and AA rules.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::common::*;

/// Every language with the example clinic, built once for the tests that only read it.
fn site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, public) = SITE.get_or_init(|| {
        let dir = temp();
        let profile = repo().join("data/clinic.example.toml");
        let output = handout()
            .current_dir(dir.path())
            .args(["site", "--locale", "all", "--out", "public", "--clinic"])
            .arg(profile)
            .output()
            .expect("runs");
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(String::from_utf8_lossy(&output.stdout).contains("9 languages, 270 PDFs"));
        let public = dir.path().join("public");
        (dir, public)
    });
    public
}

/// Every HTML file of a folder, recursively.
fn pages(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            found.extend(pages(&path));
        } else if path.extension().is_some_and(|e| e == "html") {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The values of an attribute wherever it appears in a page, unescaped.
fn attributes(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest.find('"').map(|end| rest[..end].replace("&amp;", "&"))
        })
        .collect()
}

/// What a page shows: its `<body>`, without the head's links to its translations.
fn body(html: &str) -> &str {
    &html[html.find("<body>").expect("a body")..]
}

/// The opening `<html …>` tag of a page.
fn html_tag(html: &str) -> &str {
    let start = html.find("<html").expect("an html element");
    &html[start..start + html[start..].find('>').expect("closed")]
}

#[test]
fn every_link_and_stylesheet_resolves_to_a_file_of_the_site() {
    let site = site();
    let mut checked = 0;
    for page in pages(site) {
        let html = std::fs::read_to_string(&page).expect("page");
        for target in attributes(&html, "href").into_iter().chain(attributes(&html, "src")) {
            if ["https://", "http://", "tel:", "mailto:"].iter().any(|scheme| target.starts_with(scheme)) {
                continue;
            }
            let file = target.split('#').next().unwrap_or_default();
            let resolved =
                if file.is_empty() { page.clone() } else { page.parent().expect("folder").join(file) };
            assert!(resolved.is_file(), "{}: `{target}` leads nowhere", page.display());
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} links checked");
    // The stylesheet's fonts too.
    let css = std::fs::read_to_string(site.join("site.css")).expect("css");
    for url in css.split("url(\"").skip(1).map(|rest| &rest[..rest.find('"').expect("closed")]) {
        assert!(site.join(url).is_file(), "site.css: `{url}` leads nowhere");
    }
}

#[test]
fn every_page_has_its_language_and_direction() {
    let site = site();
    let all = pages(site);
    assert_eq!(
        all.len(),
        1 + 9 * (1 + 2 + 15),
        "a chooser; per language a list of topics, a list per topic and fifteen handouts"
    );
    for page in all {
        let html = std::fs::read_to_string(&page).expect("page");
        let relative = page.strip_prefix(site).expect("inside the site");
        let folder = relative.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned());
        let locale = if page.parent() == Some(site) { "en".to_string() } else { folder.expect("locale") };
        let dir = if locale == "ar" { "rtl" } else { "ltr" };
        let tag = format!("<html lang=\"{locale}\" dir=\"{dir}\"");
        assert!(html_tag(&html).starts_with(&tag), "{}: {}", page.display(), html_tag(&html));
        assert!(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
        assert!(html.contains("<main id=\"main\""), "{}", page.display());
    }
}

#[test]
fn the_chooser_names_each_language_in_its_own_script() {
    let html = std::fs::read_to_string(site().join("index.html")).expect("index");
    for (code, name, dir) in [
        ("es", "Español", "ltr"),
        ("zh-Hans", "中文（简体）", "ltr"),
        ("vi", "Tiếng Việt", "ltr"),
        ("ar", "العربية", "rtl"),
        ("ru", "Русский", "ltr"),
        ("ht", "Kreyòl ayisyen", "ltr"),
    ] {
        let link =
            format!("<a href=\"{code}/index.html\" hreflang=\"{code}\" lang=\"{code}\" dir=\"{dir}\">");
        assert!(html.contains(&link), "no link `{link}`");
        assert!(html.contains(name), "{code} is not named {name}");
    }
    assert!(html.contains("<h2 id=\"languages\">Choose your language</h2>"));
}

#[test]
fn each_language_lists_every_topic_with_its_name_and_summary() {
    let html = std::fs::read_to_string(site().join("es/index.html")).expect("topics");
    let links: Vec<String> =
        attributes(body(&html), "href").into_iter().filter(|h| h.ends_with(".html")).collect();
    assert_eq!(links, ["calcinosis/index.html", "kidney-stones/index.html"], "one link per topic");
    for (name, summary) in [
        ("calcinosis", "topic.name"),
        ("kidney-stones", "topic.name"),
        ("calcinosis", "topic.summary"),
        ("kidney-stones", "topic.summary"),
    ] {
        let po = std::fs::read_to_string(repo().join(format!("data/locales/es/{name}.po"))).expect("po");
        let catalog = handout::i18n::po::Catalog::parse(&po).expect("parses");
        let text = catalog.find(summary).expect("entry").translation().replace('"', "&quot;");
        assert!(html.contains(&text), "es/index.html lacks {name} {summary}: {text}");
    }
    assert!(html.contains("<h2>Temas</h2>"), "the translated heading over the topics");
    let arabic = std::fs::read_to_string(site().join("ar/index.html")).expect("topics");
    assert!(arabic.contains("href=\"kidney-stones/index.html\""));
}

#[test]
fn each_topic_lists_every_handout_with_pages_size_and_both_editions() {
    let html = std::fs::read_to_string(site().join("es/calcinosis/index.html")).expect("list");
    let pdfs: BTreeSet<String> =
        attributes(&html, "href").into_iter().filter(|h| h.ends_with(".pdf")).collect();
    assert_eq!(pdfs.len(), 16, "eight handouts, each regular and large print: {pdfs:?}");
    assert!(pdfs.contains("../calcinosis-overview-large.pdf"));
    // Eight web pages and the list of topics (the chooser's link ends in #languages).
    assert_eq!(attributes(body(&html), "href").iter().filter(|h| h.ends_with(".html")).count(), 8 + 1);
    assert!(html.contains("Calcinosis: depósitos de calcio"), "the translated title");
    assert!(html.contains("Páginas: 2 ("), "pages and size");
    assert!(html.contains(" KB)"));
    // The clinic's name and phone, the phone as a link.
    assert!(html.contains("Riverside Rheumatology Clinic"));
    assert!(html.contains("<a href=\"tel:5550102000\">(555) 010-2000</a>"));
    // Arabic sizes and counts in Arabic-Indic digits.
    let arabic = std::fs::read_to_string(site().join("ar/calcinosis/index.html")).expect("list");
    assert!(arabic.contains("عدد الصفحات: ٢ ("), "Arabic page counts");
    // A handout's page leads back to its topic and to the list of topics.
    let page = std::fs::read_to_string(site().join("es/kidney-stones-cystine.html")).expect("page");
    assert!(page.contains("<a href=\"kidney-stones/index.html\">Todas las hojas</a>"));
    assert!(page.contains("<a href=\"index.html\">Todos los temas</a>"));
}

#[test]
fn a_handout_page_carries_the_same_content_as_its_pdf() {
    let site = site();
    let html = std::fs::read_to_string(site.join("en/calcinosis-calciphylaxis.html")).expect("page");
    let pdf = normalize(&Pdf::open(site.join("en/calcinosis-calciphylaxis.pdf")).text());
    for needle in ["Calciphylaxis", "Go to the emergency room", "What to expect", "Sources"] {
        assert!(html.contains(needle) && pdf.contains(needle), "`{needle}` in both");
    }
    assert!(html.contains("<section class=\"urgent\" aria-labelledby=\"emergency\">"));
    assert!(html.contains("<section class=\"call\" aria-labelledby=\"call\">"));
    let questions = std::fs::read_to_string(site.join("en/calcinosis-questions.html")).expect("page");
    let list = questions.split("<ol class=\"questions\">").nth(1).and_then(|rest| rest.split("</ol>").next());
    assert_eq!(list.expect("the question list").matches("<li>").count(), 16);
    assert!(questions.contains("You can type your answers into this PDF"));
}

#[test]
fn qr_codes_lead_to_the_pdfs_of_the_site() {
    let site = site();
    let url = qr_code(&site.join("es/calcinosis-tumoral.pdf"));
    let path =
        url.strip_prefix("https://riverside.example.org/handouts/").expect("the profile's download_url");
    assert_eq!(path, "es/calcinosis-tumoral.pdf");
    assert!(site.join(path).is_file());
}

#[test]
fn data_and_translations_are_escaped_in_the_pages() {
    let dir = temp();
    let data = data_folder(
        dir.path(),
        &std::fs::read_to_string(repo().join("data/topics/calcinosis.toml")).expect("data").replace(
            "summary = \"Calcium settles",
            "summary = \"<script>alert(1)</script> & \\\" Calcium settles",
        ),
    );
    let output = handout()
        .current_dir(dir.path())
        .args(["site", "--locale", "en", "--out", "public", "--data"])
        .arg(&data)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let html = std::fs::read_to_string(dir.path().join("public/en/calcinosis/index.html")).expect("list");
    assert!(!html.contains("<script>alert"), "a value became code");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot; Calcium settles"));
}

#[test]
fn a_failed_site_build_keeps_the_site_that_was_there() {
    let dir = temp();
    let ok = run(dir.path(), &["site", "--locale", "en", "--out", "public"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let before = std::fs::read(dir.path().join("public/en/calcinosis/index.html")).expect("list");
    edit_template(dir.path(), "site/list.html.j2", "{% for entry in entries %}", "{% for entry in %}");
    let output = run(dir.path(), &["--templates", "templates", "site", "--locale", "en", "--out", "public"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("site/list.html.j2:11"), "{message}");
    assert_eq!(std::fs::read(dir.path().join("public/en/calcinosis/index.html")).expect("list"), before);
}

#[test]
fn check_renders_the_site_pages_too() {
    let dir = temp();
    edit_template(
        dir.path(),
        "site/handout.html.j2",
        "<h1>{{ doc.title }}</h1>",
        "<h1>{{ doc.no_such_field }}</h1>",
    );
    let check = run(dir.path(), &["--templates", "templates", "check"]);
    assert_eq!(check.status.code(), Some(1));
    let message = stderr(&check);
    assert!(message.contains("site/handout.html.j2:") && message.contains("undefined"), "{message}");
}

/// The `<link rel="alternate">` tags of a page: (hreflang, href).
fn alternates(html: &str) -> Vec<(String, String)> {
    html.split("<link rel=\"alternate\" ")
        .skip(1)
        .map(|tag| {
            let tag = &tag[..tag.find('>').expect("closed")];
            let hreflang = attributes(&format!(" {tag}"), "hreflang").pop().expect("hreflang");
            let href = attributes(&format!(" {tag}"), "href").pop().expect("href");
            (hreflang, href)
        })
        .collect()
}

const LOCALES: [&str; 9] = ["en", "es", "zh-Hans", "vi", "ar", "ru", "fr", "tl", "ht"];

#[test]
fn every_page_names_its_translations_and_itself() {
    let site = site();
    for page in pages(site) {
        let html = std::fs::read_to_string(&page).expect("page");
        let found = alternates(&html);
        let codes: BTreeSet<&str> =
            found.iter().map(|(code, _)| code.as_str()).filter(|code| *code != "x-default").collect();
        assert_eq!(codes, LOCALES.into_iter().collect(), "{}: {found:?}", page.display());
        let folder = page.parent().expect("folder");
        let relative = page.strip_prefix(site).expect("inside the site");
        for (code, href) in &found {
            let target = folder.join(href);
            assert!(target.is_file(), "{}: {code} `{href}` leads nowhere", page.display());
            if *code == "x-default" {
                let chooser = site.join("index.html").canonicalize().expect("the chooser");
                assert_eq!(target.canonicalize().expect("exists"), chooser, "{}: x-default", page.display());
                continue;
            }
            // The same page in the other language's folder.
            let mut parts = relative.components();
            if relative.components().count() > 1 {
                parts.next();
            }
            let expected = site.join(code).join(parts.as_path());
            assert_eq!(
                target.canonicalize().expect("exists"),
                expected.canonicalize().expect("exists"),
                "{}: {code}",
                page.display()
            );
        }
        // The front pages and the chooser send other languages' readers to the chooser.
        let front = relative.components().count() <= 2 && relative.ends_with("index.html");
        let x_default = found.iter().any(|(code, _)| code == "x-default");
        assert_eq!(x_default, front, "{}: x-default", page.display());
    }
}

#[test]
fn a_handout_page_links_to_itself_in_every_other_language_in_that_language() {
    let html = std::fs::read_to_string(site().join("es/calcinosis-calciphylaxis.html")).expect("page");
    let nav = html
        .split("<nav class=\"translations\" aria-labelledby=\"other-languages\">")
        .nth(1)
        .and_then(|rest| rest.split("</nav>").next())
        .expect("the list of translations");
    assert!(nav.contains("<h2 id=\"other-languages\">"), "{nav}");
    for (code, name, dir) in
        [("ar", "العربية", "rtl"), ("zh-Hans", "中文（简体）", "ltr"), ("en", "English", "ltr")]
    {
        let link = format!(
            "<a href=\"../{code}/calcinosis-calciphylaxis.html\" hreflang=\"{code}\" lang=\"{code}\" dir=\"{dir}\">{name}</a>"
        );
        assert!(nav.contains(&link), "no `{link}` in {nav}");
    }
    assert_eq!(nav.matches("<li>").count(), 8, "every other language, not itself: {nav}");
    assert!(!nav.contains("hreflang=\"es\""), "{nav}");
}

#[test]
fn the_search_index_covers_every_language() {
    let site = site();
    let entry =
        std::fs::read_to_string(site.join("pagefind/pagefind-entry.json")).expect("the index's entry");
    let entry: serde_json::Value = serde_json::from_str(&entry).expect("json");
    let languages = entry["languages"].as_object().expect("languages");
    let codes: BTreeSet<String> = languages.keys().cloned().collect();
    let wanted: BTreeSet<String> = LOCALES.iter().map(|code| code.to_lowercase()).collect();
    assert_eq!(codes, wanted, "one index per language, keyed as Pagefind reads `<html lang>`");
    for (code, index) in languages {
        let hash = index["hash"].as_str().expect("hash");
        assert!(site.join(format!("pagefind/pagefind.{hash}.pf_meta")).is_file(), "{code}'s index");
        // Two topics and eleven types in each language.
        assert_eq!(index["page_count"], 2 + 11, "{code}");
    }
    for wasm in ["wasm.es.pagefind", "wasm.ar.pagefind", "wasm.unknown.pagefind", "pagefind.js"] {
        assert!(site.join("pagefind").join(wasm).is_file(), "{wasm}");
    }
    assert!(!site.join("pagefind/pagefind-ui.js").exists(), "Pagefind's own interface stays out");
    // The box is in the page, hidden until the script has loaded the index.
    let html = std::fs::read_to_string(site.join("es/index.html")).expect("topics");
    assert!(
        html.contains("<form class=\"search\" role=\"search\" hidden data-index=\"../pagefind/pagefind.js\"")
    );
    assert!(html.contains("<label for=\"search-box\">Buscar temas y tipos</label>"), "the Spanish label");
}

#[test]
fn two_builds_write_the_same_search_index() {
    let dir = temp();
    let mut indexes = Vec::new();
    for out in ["one", "two"] {
        let output = run(dir.path(), &["site", "--locale", "es,zh-Hans", "--quiet", "--out", out]);
        assert!(output.status.success(), "{}", stderr(&output));
        let folder = dir.path().join(out).join("pagefind");
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&folder).expect("the index") {
            let path = entry.expect("entry").path();
            let nested = if path.is_dir() {
                std::fs::read_dir(&path).expect("folder").map(|e| e.expect("entry").path()).collect()
            } else {
                vec![path]
            };
            for file in nested {
                let name = file.strip_prefix(&folder).expect("inside").to_path_buf();
                files.push((name, std::fs::read(&file).expect("file")));
            }
        }
        files.sort();
        assert!(files.len() > 5, "{files:?}");
        indexes.push(files);
    }
    assert!(indexes[0] == indexes[1], "the two indexes differ");
}

/// Debian's Chromium, headless, with the flags that keep it off the network.
fn chromium() -> Command {
    let mut command = Command::new("chromium");
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]);
    command
}

/// The DOM of a page after its scripts ran, as Chromium dumps it.
fn dom(url: &str, accept_language: &str) -> String {
    let output = chromium()
        .arg(format!("--accept-lang={accept_language}"))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("chromium is installed (apt-get install -y chromium); .ci/run installs it");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn a_browser_sees_the_language_direction_and_links() {
    let site = site();
    let arabic = dom(&file_url(&site.join("ar/kidney-stones/index.html")), "ar");
    assert!(html_tag(&arabic).contains("lang=\"ar\" dir=\"rtl\""));
    let pdfs = attributes(&arabic, "href").into_iter().filter(|h| h.ends_with(".pdf")).count();
    assert_eq!(pdfs, 14, "seven handouts, each regular and large print");
    assert!(arabic.contains("تنزيل ملف PDF"), "the Arabic download label");
}

#[test]
fn a_browser_is_sent_to_its_preferred_language_unless_it_came_to_choose() {
    let index = file_url(&site().join("index.html"));
    let cases = [
        ("es-MX,en", "<html lang=\"es\" dir=\"ltr\""),
        ("ar-EG,fr", "<html lang=\"ar\" dir=\"rtl\""),
        ("zh-CN", "<html lang=\"zh-Hans\" dir=\"ltr\""),
        ("zh-TW,vi", "<html lang=\"vi\" dir=\"ltr\""),
    ];
    for (accept, tag) in cases {
        let page = dom(&index, accept);
        assert!(html_tag(&page).starts_with(tag), "{accept}: {}", html_tag(&page));
    }
    // A language the site lacks, or the chooser asked for by name: the chooser stays.
    for (url, accept) in [(index.clone(), "de"), (format!("{index}#languages"), "es")] {
        let page = dom(&url, accept);
        assert!(page.contains("<h2 id=\"languages\">"), "{url} with {accept}");
    }
}

/// Run `tests/site/axe.mjs` (axe-core in Chromium, at 390 and 1280 px) over a folder.
fn axe(folder: &Path) -> (Option<i32>, String) {
    let checker = repo().join("tests/site");
    assert!(
        checker.join("node_modules/axe-core").is_dir(),
        "run `npm ci --prefix tests/site` first (.ci/run does)"
    );
    let output = Command::new("node").arg(checker.join("axe.mjs")).arg(folder).output().expect("node runs");
    let report = String::from_utf8_lossy(&output.stdout).into_owned();
    (output.status.code(), report + &String::from_utf8_lossy(&output.stderr))
}

#[test]
fn axe_core_finds_no_wcag_violations_at_phone_and_desktop_widths() {
    let (code, report) = axe(site());
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("163 page(s) x 2 widths: 0 violation(s)"), "{report}");
}

#[test]
fn the_accessibility_check_catches_a_bad_page() {
    let dir = temp();
    let bad = "<!DOCTYPE html><html><head><title>Bad</title></head><body><main>\
        <p style=\"color:#bbb\">Low contrast</p><p style=\"font-size:12px\">Small</p>\
        <img src=\"x.png\"><div style=\"width:600px\">Wide</div></main></body></html>";
    std::fs::write(dir.path().join("bad.html"), bad).expect("page");
    let (code, report) = axe(dir.path());
    assert_eq!(code, Some(1), "{report}");
    for rule in ["html-has-lang", "image-alt", "color-contrast", "site-font-size", "site-no-hscroll"] {
        assert!(report.contains(rule), "{rule} not reported:\n{report}");
    }
}

#[test]
fn a_browser_finds_a_type_by_part_of_its_spanish_name_and_sees_the_list_without_scripts() {
    let checker = repo().join("tests/site");
    assert!(
        checker.join("node_modules/playwright-core").is_dir(),
        "run `npm ci --prefix tests/site` first (.ci/run does)"
    );
    // "Calcifilaxis", the Spanish name of calciphylaxis, typed in part.
    let output = Command::new("node")
        .arg(checker.join("search.mjs"))
        .arg(site())
        .args(["es", "calcifil"])
        .output()
        .expect("node runs");
    let report = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{report}{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_str(&report).expect("json");
    let served = &report["served"];
    let results = served["results"].as_array().expect("results");
    assert_eq!(results[0]["href"], "/es/calcinosis-calciphylaxis.html", "{report:#}");
    assert_eq!(results[0]["text"], "Calcifilaxis");
    assert!(served["status"].as_str().is_some_and(|s| s.starts_with("Resultados")), "{report:#}");
    assert_eq!(served["violations"], serde_json::json!([]), "axe-core with the results shown");
    assert_eq!(served["errors"], serde_json::json!([]));
    // Without JavaScript, and from file:// where browsers refuse to load the index: no box,
    // and every topic.
    let topics = serde_json::json!(["calcinosis/index.html", "kidney-stones/index.html"]);
    for case in ["no_javascript", "file"] {
        assert_eq!(report[case]["box_visible"], false, "{case}: {report:#}");
        assert_eq!(report[case]["topics"], topics, "{case}");
    }
    assert_eq!(report["file"]["errors"], serde_json::json!([]), "no script error from file://");
}
