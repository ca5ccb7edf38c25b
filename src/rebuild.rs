//! Writing a build's PDFs into the output folder as they are made, and rebuilding only what
//! changed. Each language's folder records, in a manifest, the keys of everything that made
//! each PDF (see `Pipeline::build`): a rebuild whose inputs key and file are unchanged keeps the
//! file without rendering it, and one whose source key is unchanged keeps it without compiling
//! it. A build may also take finished files from other builds' output
//! folders (the parts that shards built), which is how a site is assembled from shards.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::UNIX_EPOCH;

use crate::error::{Error, Result};
use crate::handout::{Documents, Handout};
use crate::output::{top, Staging};
use crate::pipeline::{Keys, Sink};
use crate::print::Print;

/// The manifest in each language's folder of the output.
pub const MANIFEST: &str = ".handout-built";

/// The first line of a manifest, naming its format.
const HEADER: &str = "# handout built 2: key inputs content size modified pages topic kind type large file";

/// The build's notes of what it made, in the staging folder, never swapped in.
const JOURNAL: &str = ".handout-journal";

/// The largest manifest read; a larger one is ignored, and its files made again.
const MAX_MANIFEST: u64 = 64 * 1024 * 1024;

/// What the manifest records of one PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// The source key.
    key: u128,
    /// The inputs key.
    inputs: u128,
    /// A hash of the file's bytes, to recognise it after a copy that did not keep its time
    /// (a CI artifact of a shard).
    content: u128,
    size: u64,
    /// Modification time in nanoseconds since 1970: a file edited since it was written is
    /// made again.
    modified: u128,
    pages: usize,
    scope: Scope,
}

/// Which document a file is, to tell whether a run that did not make it should remove it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub topic: String,
    pub kind: String,
    /// The type of a per-type document, else `-`.
    pub type_id: String,
    pub large: bool,
}

impl Scope {
    fn of(handout: &Handout) -> Scope {
        Scope {
            topic: handout.topic.topic.id.clone(),
            kind: handout.kind.name.to_string(),
            type_id: handout.condition.map_or_else(|| "-".to_string(), |t| t.id.clone()),
            large: handout.print.large,
        }
    }

    /// Whether a run of these documents and prints makes this document when it still exists.
    pub fn selected(&self, documents: &Documents, prints: &[Print]) -> bool {
        prints.iter().any(|p| p.large == self.large)
            && documents.kind.is_none_or(|kind| kind.name == self.kind)
            && documents.type_id.as_ref().is_none_or(|id| *id == self.type_id)
            && (documents.topics.is_empty() || documents.topics.contains(&self.topic))
    }
}

/// The manifests of an output folder's languages: each file's path below the folder and what
/// made it. A missing or damaged manifest is an empty one: its files are made again.
fn read_manifests<'a>(root: &Path, tops: impl IntoIterator<Item = &'a str>) -> HashMap<String, Entry> {
    let mut entries = HashMap::new();
    for top in tops {
        let file = root.join(top).join(MANIFEST);
        // A line a document: far below this even for a library of thousands of topics.
        if fs::metadata(&file).map_or(true, |m| m.len() > MAX_MANIFEST) {
            continue;
        }
        let Ok(text) = fs::read_to_string(&file) else { continue };
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            continue;
        }
        entries.extend(lines.filter_map(parse_line).map(|(file, entry)| (format!("{top}/{file}"), entry)));
    }
    entries
}

/// A manifest's line: a file of its language's folder and what made it.
fn parse_line(line: &str) -> Option<(String, Entry)> {
    parse_fields(line).filter(|(file, _)| !file.contains('/'))
}

/// What [`write_line`] wrote.
fn parse_fields(line: &str) -> Option<(String, Entry)> {
    let mut parts = line.split(' ');
    let mut next = || parts.next();
    let entry = Entry {
        key: u128::from_str_radix(next()?, 16).ok()?,
        inputs: u128::from_str_radix(next()?, 16).ok()?,
        content: u128::from_str_radix(next()?, 16).ok()?,
        size: next()?.parse().ok()?,
        modified: next()?.parse().ok()?,
        pages: next()?.parse().ok()?,
        scope: Scope {
            topic: next()?.to_string(),
            kind: next()?.to_string(),
            type_id: next()?.to_string(),
            large: next()? == "1",
        },
    };
    let file = next()?.to_string();
    next().is_none().then_some((file, entry))
}

fn write_line(file: &str, e: &Entry) -> String {
    let s = &e.scope;
    let large = u8::from(s.large);
    format!(
        "{:032x} {:032x} {:032x} {} {} {} {} {} {} {large} {file}\n",
        e.key, e.inputs, e.content, e.size, e.modified, e.pages, s.topic, s.kind, s.type_id
    )
}

/// Whether a file of another build's output holds the bytes its manifest entry describes.
fn same_content(path: &Path, entry: &Entry) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == entry.size)
        && fs::read(path).is_ok_and(|bytes| typst::utils::hash128(&bytes) == entry.content)
}

/// Whether a file on disk is still the one a manifest entry describes, as written.
fn unchanged(path: &Path, entry: &Entry) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == entry.size && modified(&m) == entry.modified)
}

fn modified(metadata: &fs::Metadata) -> u128 {
    metadata.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos())
}

/// How many files a build made, took unchanged, and removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub made: usize,
    pub kept: usize,
    pub removed: usize,
}

/// The output folder of a build, as a [`Sink`]: PDFs go into the staged language folders as
/// they are made, and only [`Output::commit`] puts them in place.
pub struct Output {
    staging: Staging,
    /// What the output folder's manifests record.
    previous: HashMap<String, Entry>,
    /// Other output folders to take unchanged files from, with their manifests.
    parts: Vec<(PathBuf, HashMap<String, Entry>)>,
    /// Make every file, whatever the manifests say.
    force: bool,
    /// Each file this build made or kept, a line as it came: kept on disk rather than in
    /// memory, which would otherwise grow by a few hundred bytes a document while documents
    /// are being laid out. [`Output::commit`] reads it back.
    journal: Mutex<std::io::BufWriter<fs::File>>,
}

impl Output {
    /// Stage these language folders of `root` for a build, reading what earlier builds there
    /// and in `parts` made.
    pub fn open(root: &Path, tops: &[&str], parts: &[PathBuf], force: bool) -> Result<Output> {
        let staging = Staging::open(root, tops.iter().copied())?;
        let previous = read_manifests(root, tops.iter().copied());
        let parts = parts
            .iter()
            .map(|part| {
                if !part.is_dir() {
                    return Err(Error::input(format!("{}: no such folder of built parts", part.display())));
                }
                Ok((part.clone(), read_manifests(part, tops.iter().copied())))
            })
            .collect::<Result<_>>()?;
        let journal = staging.scratch(JOURNAL)?;
        Ok(Output { staging, previous, parts, force, journal: Mutex::new(std::io::BufWriter::new(journal)) })
    }

    /// Note a file made (`made`) or kept, with what made it; a later note of the same path
    /// replaces an earlier one.
    fn record(&self, path: &str, entry: Entry, made: bool) -> Result<()> {
        let mut journal = self.journal.lock().map_err(|_| Error::internal("a writer thread panicked"))?;
        let line = format!("{} {}", u8::from(made), write_line(path, &entry));
        journal.write_all(line.as_bytes()).map_err(|e| self.staging.cannot(JOURNAL, e))
    }

    /// Every file noted, by path, with whether this build made it.
    fn recorded(&self) -> Result<BTreeMap<String, (Entry, bool)>> {
        let mut journal = self.journal.lock().map_err(|_| Error::internal("a writer thread panicked"))?;
        journal.flush().map_err(|e| self.staging.cannot(JOURNAL, e))?;
        let file = self.staging.staged(JOURNAL);
        let text = fs::read_to_string(&file).map_err(|e| self.staging.cannot(JOURNAL, e))?;
        let mut all = BTreeMap::new();
        for line in text.lines() {
            let parsed =
                line.split_once(' ').and_then(|(made, rest)| Some((made == "1", parse_fields(rest)?)));
            let Some((made, (path, entry))) = parsed else {
                return Err(Error::internal(format!(
                    "{}: a line this build wrote is damaged: {line}",
                    file.display()
                )));
            };
            all.insert(path, (entry, made));
        }
        Ok(all)
    }

    /// Write the pages of a site into the staged folders (PDFs are written as they are made).
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self.staging.write(path, bytes).map(|_| ())
    }

    /// Put everything in place: remove the files earlier builds made that this one, making
    /// the documents `selected`, no longer makes; write each language's manifest; swap the
    /// folders in; write the files at the top (`index.html`).
    pub fn commit<'a>(
        self,
        selected: impl Fn(&str, &Scope) -> bool,
        loose: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    ) -> Result<Tally> {
        let mut all = self.recorded()?;
        drop(self.journal);
        let made = all.values().filter(|(_, made)| *made).count();
        let mut tally = Tally { made, kept: all.len() - made, removed: 0 };
        let had: BTreeSet<String> = self.previous.keys().filter_map(|p| top(p)).map(str::to_string).collect();
        for (path, entry) in self.previous {
            if all.contains_key(&path) {
                continue;
            }
            if selected(&path, &entry.scope) {
                self.staging.remove(&path)?;
                tally.removed += 1;
            } else if unchanged(&self.staging.staged(&path), &entry) {
                // Not this run's to make (another topic, edition or shard): kept as it was.
                all.insert(path, (entry, false));
            }
        }
        let mut manifests: BTreeMap<&str, String> = BTreeMap::new();
        for (path, (entry, _)) in &all {
            if let Some((top, file)) = path.split_once('/') {
                manifests
                    .entry(top)
                    .or_insert_with(|| HEADER.to_string() + "\n")
                    .push_str(&write_line(file, entry));
            }
        }
        for (top, text) in &manifests {
            self.staging.write(&format!("{top}/{MANIFEST}"), text.as_bytes())?;
        }
        // A folder whose every file went keeps no manifest of them.
        for top in had.iter().filter(|top| !manifests.contains_key(top.as_str())) {
            self.staging.remove(&format!("{top}/{MANIFEST}"))?;
        }
        self.staging.commit(loose)?;
        Ok(tally)
    }
}

impl Entry {
    /// Whether a file made from this entry's keys is the one a document of `scope` with
    /// these keys would be.
    fn serves(&self, keys: Keys, scope: &Scope) -> bool {
        (self.inputs == keys.inputs || keys.source == Some(self.key)) && self.scope == *scope
    }
}

impl Sink for Output {
    fn reuse(&self, handout: &Handout, path: &str, keys: Keys) -> Result<Option<(usize, u64)>> {
        if self.force {
            return Ok(None);
        }
        let scope = Scope::of(handout);
        if let Some(entry) = self.previous.get(path).filter(|e| e.serves(keys, &scope)) {
            // The staged folder holds the earlier file as a hard link: same size and time.
            if unchanged(&self.staging.staged(path), entry) {
                self.record(path, Entry { inputs: keys.inputs, ..entry.clone() }, false)?;
                return Ok(Some((entry.pages, entry.size)));
            }
        }
        for (part, manifest) in &self.parts {
            let Some(entry) = manifest.get(path).filter(|e| e.serves(keys, &scope)) else {
                continue;
            };
            let from = part.join(path);
            if !same_content(&from, entry) {
                continue;
            }
            self.staging.link(&from, path)?;
            let metadata = fs::metadata(self.staging.staged(path))
                .map_err(|e| Error::input(format!("{}: {e}", self.staging.staged(path).display())))?;
            let entry = Entry { inputs: keys.inputs, modified: modified(&metadata), ..entry.clone() };
            let found = (entry.pages, entry.size);
            self.record(path, entry, false)?;
            return Ok(Some(found));
        }
        Ok(None)
    }

    fn keep(
        &self,
        handout: &Handout,
        path: &str,
        inputs: u128,
        source: u128,
        bytes: &[u8],
        pages: usize,
    ) -> Result<()> {
        let metadata = self.staging.write(path, bytes)?;
        let entry = Entry {
            key: source,
            inputs,
            content: typst::utils::hash128(&bytes),
            size: metadata.len(),
            modified: modified(&metadata),
            pages,
            scope: Scope::of(handout),
        };
        self.record(path, entry, true)
    }
}

/// One part of a build split across machines: `--shard K/N` makes the documents whose stable
/// hash of topic, language, document and edition falls to part K of N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// Read `K/N`, with 1 ≤ K ≤ N ≤ 10,000.
    pub fn parse(value: &str) -> std::result::Result<Shard, String> {
        let problem = || format!("`{value}` is not K/N, two whole numbers with 1 ≤ K ≤ N ≤ 10000, e.g. 2/3");
        let (k, n) = value.trim().split_once('/').ok_or_else(problem)?;
        let (index, count): (u32, u32) =
            (k.trim().parse().map_err(|_| problem())?, n.trim().parse().map_err(|_| problem())?);
        if index == 0 || index > count || count > 10_000 {
            return Err(problem());
        }
        Ok(Shard { index, count })
    }

    /// Whether a document belongs to this part: FNV-1a of its language, file name and edition,
    /// the same on every machine and in every version.
    pub fn contains(&self, path: &str, large: bool) -> bool {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in path.bytes().chain([u8::from(large)]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash % u64::from(self.count) == u64::from(self.index - 1)
    }

    /// Whether this part makes a handout.
    pub fn has(&self, handout: &Handout) -> bool {
        let path = format!("{}/{}.pdf", handout.edition.locale.code, handout.file_stem());
        self.contains(&path, handout.print.large)
    }
}
