//! The site's search: a Pagefind index of every language's topics and types, built in-process
//! and written beside the pages under `pagefind/`. Pagefind keeps one index per language, keyed
//! by the `lang` of the page that searches; `search.js` loads it where the browser can.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::SiteFile;
use crate::error::{Error, Result};

/// The index's folder below the site's root.
pub const FOLDER: &str = "pagefind";

/// The most records one site indexes: far above 9 languages × 2 topics × 6 types.
pub const MAX_RECORDS: usize = 20_000;

/// The most files the index may take.
const MAX_FILES: usize = 20_000;

/// What names a failure of this step in messages.
const STEP: &str = "building the site's search index (Pagefind)";

/// One thing the search finds: a topic's list of handouts or a type's fact card.
#[derive(Debug, Clone)]
pub struct Record {
    /// Its page from the site's root: `es/calcinosis-tumoral.html`.
    pub url: String,
    /// The language of its page and of the pages that search it: `zh-Hans`.
    pub lang: &'static str,
    pub title: String,
    pub summary: String,
    /// The small line over its title in the results, `Fact card · Calcinosis`; empty for a topic.
    pub kind: String,
}

/// Index the records; return the files of the index, their paths below the site's root.
/// The same records give the same bytes.
pub fn index(records: &[Record]) -> Result<Vec<SiteFile>> {
    if records.len() > MAX_RECORDS {
        return Err(Error::input(format!(
            "{STEP}: {} topics and types reach the limit of {MAX_RECORDS}",
            records.len()
        )));
    }
    // Pagefind reads the working folder when it starts and would panic without one.
    std::env::current_dir().map_err(|e| Error::input(format!("{STEP}: no working folder: {e}")))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|e| Error::input(format!("{STEP}: cannot start its runtime: {e}")))?;
    // A panic inside Pagefind is reported as this step failing, not as a crash.
    let files = catch_unwind(AssertUnwindSafe(|| runtime.block_on(build(records))))
        .map_err(|_| Error::input(format!("{STEP}: Pagefind stopped unexpectedly (see the message above)")))?
        .map_err(|e| Error::input(format!("{STEP}: {e}")))?;
    if files.len() > MAX_FILES {
        return Err(Error::input(format!("{STEP}: {} files reach the limit of {MAX_FILES}", files.len())));
    }
    let mut kept: Vec<SiteFile> = files
        .into_iter()
        .filter_map(|file| {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            served(&name).then(|| (format!("{FOLDER}/{name}"), file.contents))
        })
        .collect();
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(kept)
}

async fn build(records: &[Record]) -> Result<Vec<pagefind::api::SyntheticFile>, String> {
    // The URLs are given whole; the page lists are `…/index.html` files, so keep that name.
    let options = PagefindServiceConfig::builder().keep_index_url(true).build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|e| format!("{e:#}"))?;
    for record in records {
        let mut meta = BTreeMap::from([
            ("title".to_string(), record.title.clone()),
            ("summary".to_string(), record.summary.clone()),
        ]);
        if !record.kind.is_empty() {
            meta.insert("kind".to_string(), record.kind.clone());
        }
        let content = format!("{}. {}. {}", record.title, record.summary, record.kind);
        // Pagefind matches the language against the searching page's `lang`, lower-cased.
        let lang = record.lang.to_ascii_lowercase();
        index
            .add_custom_record(record.url.clone(), content, lang, Some(meta), None, None)
            .await
            .map_err(|e| format!("indexing {}: {e:#}", record.url))?;
    }
    index.get_files().await.map_err(|e| format!("writing the index: {e:#}"))
}

/// The files the search needs: the script, its worker, each language's WebAssembly, the entry
/// and the index's chunks. Pagefind's ready-made interfaces stay out; the site has its own.
fn served(name: &str) -> bool {
    matches!(name, "pagefind.js" | "pagefind-worker.js" | "pagefind-entry.json")
        || (name.starts_with("wasm.") && name.ends_with(".pagefind"))
        || name.ends_with(".pf_meta")
        || ["index/", "fragment/", "filter/"].iter().any(|folder| name.starts_with(folder))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(url: &str, lang: &'static str, title: &str) -> Record {
        Record {
            url: url.into(),
            lang,
            title: title.into(),
            summary: "Calcium settles in the skin".into(),
            kind: String::new(),
        }
    }

    #[test]
    fn the_same_records_give_the_same_files() {
        let records = [
            record("en/calcinosis/index.html", "en", "Calcinosis"),
            record("es/calcinosis/index.html", "es", "Calcinosis"),
            record("zh-Hans/calcinosis/index.html", "zh-Hans", "钙质沉着症"),
        ];
        let first = index(&records).expect("indexes");
        assert_eq!(first, index(&records).expect("indexes"));
        let names: Vec<&str> = first.iter().map(|(name, _)| name.as_str()).collect();
        for wanted in ["pagefind/pagefind.js", "pagefind/pagefind-entry.json", "pagefind/wasm.es.pagefind"] {
            assert!(names.contains(&wanted), "{wanted} missing from {names:?}");
        }
        assert!(!names.iter().any(|name| name.contains("-ui")), "{names:?}");
        let entry = &first.iter().find(|(name, _)| name.ends_with("entry.json")).expect("entry").1;
        let entry = String::from_utf8_lossy(entry);
        assert!(entry.contains("\"zh-hans\"") && entry.contains("\"es\""), "{entry}");
    }

    #[test]
    fn too_many_records_are_refused_by_name() {
        let records = vec![record("en/a.html", "en", "A"); MAX_RECORDS + 1];
        let message = index(&records).expect_err("refused").to_string();
        assert!(message.contains("search index (Pagefind)") && message.contains("limit"), "{message}");
    }
}
