//! A library's builds: a rebuild makes only what changed, shards make disjoint parts, and
//! either way the files are those of one clean build, byte for byte.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::common::*;

/// Every file below a folder, by its path inside it, except the build manifests (they record
/// when each file was written).
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    tree(root).into_iter().filter(|(path, _)| !path.ends_with(".handout-built")).collect()
}

/// The build manifests below a folder, by their paths inside it.
fn manifests(root: &Path) -> Vec<(String, Vec<u8>)> {
    let entries = fs::read_dir(root).expect("folder").map(|entry| entry.expect("entry").path());
    let manifests = entries.map(|folder| folder.join(".handout-built")).filter(|path| path.exists());
    manifests
        .map(|path| {
            (
                path.strip_prefix(root).expect("inside").display().to_string(),
                fs::read(&path).expect("manifest"),
            )
        })
        .collect()
}

/// Each file's inode: a file the build did not make again keeps its own.
fn inodes(root: &Path) -> BTreeMap<String, u64> {
    files(root)
        .into_keys()
        .map(|path| {
            let inode = fs::metadata(root.join(&path)).expect("metadata").ino();
            (path, inode)
        })
        .collect()
}

/// A copy of the shipped data folder, to change.
fn copy_data(dir: &Path) {
    let data = dir.join("data");
    for (path, bytes) in files(&repo().join("data")) {
        let target = data.join(path);
        fs::create_dir_all(target.parent().expect("parent")).expect("folder");
        fs::write(target, bytes).expect("copy");
    }
}

fn build(dir: &Path, out: &str, extra: &[&str]) -> String {
    let mut args = vec!["--data", "data", "build", "--locale", "en,es", "--out", out];
    args.extend_from_slice(extra);
    let output = run(dir, &args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_rebuild_makes_only_what_changed_and_the_bytes_of_a_clean_build() {
    let dir = temp();
    copy_data(dir.path());
    let out = dir.path().join("out");
    build(dir.path(), "out", &[]);
    let first = inodes(&out);
    assert_eq!(
        first.len(),
        2 * (8 + 7),
        "two languages; eight documents of calcinosis, seven of kidney stones"
    );

    // Nothing changed: nothing is made, no file is touched.
    let stdout = build(dir.path(), "out", &[]);
    assert!(stdout.contains("0 made, 30 unchanged"), "{stdout}");
    assert_eq!(inodes(&out), first);

    // One topic's text changed (its date, printed on every page): only its documents are made
    // again.
    let topic = dir.path().join("data/topics/kidney-stones.toml");
    let text = fs::read_to_string(&topic).expect("topic");
    assert!(text.contains("\nupdated = 2026-12-02\n"));
    fs::write(&topic, text.replacen("\nupdated = 2026-12-02\n", "\nupdated = 2026-12-03\n", 1))
        .expect("edit");
    let stdout = build(dir.path(), "out", &[]);
    assert!(stdout.contains("14 made, 16 unchanged"), "{stdout}");
    let now = inodes(&out);
    for (path, inode) in &first {
        assert_eq!(now[path] == *inode, path.contains("calcinosis"), "{path}");
    }
    assert_eq!(files(&out), {
        build(dir.path(), "clean", &[]);
        files(&dir.path().join("clean"))
    });

    // A PDF edited since it was written is made again; --force makes everything.
    let edited = out.join("en/calcinosis-tumoral.pdf");
    let mut bytes = fs::read(&edited).expect("pdf");
    bytes.extend_from_slice(b"\n% edited\n");
    fs::write(&edited, bytes).expect("edit");
    assert!(build(dir.path(), "out", &[]).contains("1 made, 29 unchanged"));
    assert_eq!(files(&out), files(&dir.path().join("clean")));
    assert!(!build(dir.path(), "out", &["--force"]).contains("unchanged"), "--force makes all again");

    // A template change makes everything again.
    edit_template(dir.path(), "handout.typ", "#let ink = luma(15%)", "#let ink = luma(16%)");
    let stdout = build(dir.path(), "out", &["--templates", "templates"]);
    assert!(!stdout.contains("unchanged"), "{stdout}");

    // A topic taken out of the library: its files go; a build of one document removes nothing else.
    fs::remove_file(&topic).expect("remove");
    fs::remove_file(dir.path().join("data/locales/es/kidney-stones.po")).expect("remove");
    build(dir.path(), "out", &["--templates", "templates", "--doc", "card", "--type", "tumoral"]);
    assert!(out.join("en/kidney-stones-overview.pdf").exists(), "not this run's to remove");
    let stdout = build(dir.path(), "out", &["--templates", "templates"]);
    assert!(stdout.contains("14 no longer made and removed"), "{stdout}");
    assert!(!out.join("en/kidney-stones-overview.pdf").exists());
    assert!(out.join("en/calcinosis-overview.pdf").exists());
}

#[test]
fn shards_make_disjoint_parts_whose_union_is_one_build_and_assemble_into_the_same_site() {
    let dir = temp();
    let site = |extra: &[&str]| {
        let mut args = vec!["site"];
        args.extend_from_slice(extra);
        let output = run(dir.path(), &args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    site(&["--out", "full"]);
    let full = files(&dir.path().join("full"));
    let mut union = BTreeMap::new();
    for k in 1..=3 {
        let out = format!("parts/{k}");
        site(&["--shard", &format!("{k}/3"), "--out", &out]);
        let part = files(&dir.path().join(&out));
        // 270 PDFs: 9 languages, 15 documents, 2 editions.
        assert!(part.len() > 60, "part {k} has {} files: the split is even", part.len());
        assert!(part.keys().all(|path| path.ends_with(".pdf")), "a shard makes PDFs only");
        for (path, bytes) in part {
            assert!(union.insert(path.clone(), bytes).is_none(), "{path} is in two parts");
        }
    }
    let pdfs: BTreeMap<String, Vec<u8>> =
        full.clone().into_iter().filter(|(p, _)| p.ends_with(".pdf")).collect();
    assert!(union == pdfs, "the parts together are the PDFs of one build");

    // A part copied without its files' times, as CI artifacts are, still assembles.
    let copied = dir.path().join("parts/3-copied");
    for (path, bytes) in
        files(&dir.path().join("parts/3")).into_iter().chain(manifests(&dir.path().join("parts/3")))
    {
        fs::create_dir_all(copied.join(&path).parent().expect("parent")).expect("folder");
        fs::write(copied.join(&path), bytes).expect("copy");
    }
    let stdout = site(&["--parts", "parts/1,parts/2,parts/3-copied", "--out", "assembled"]);
    assert!(stdout.contains(&format!("0 made, {} unchanged", pdfs.len())), "{stdout}");
    assert!(files(&dir.path().join("assembled")) == full, "the assembled site is the site of one build");
}

#[test]
fn a_malformed_shard_is_refused() {
    let dir = temp();
    for value in ["0/3", "4/3", "3", "a/b", "1/0"] {
        let output = run(dir.path(), &["build", "--shard", value]);
        assert_ne!(output.status.code(), Some(0), "{value}");
        assert!(stderr(&output).contains("is not K/N"), "{value}: {}", stderr(&output));
    }
}

#[test]
fn a_library_larger_than_a_batch_builds_every_topic_and_a_late_broken_catalog_fails_it_whole() {
    // Shipped topics plus 9 copies of calcinosis: more topics than one batch translates.
    let dir = temp();
    copy_data(dir.path());
    let data = dir.path().join("data");
    let source = fs::read_to_string(data.join("topics/calcinosis.toml")).expect("topic");
    let ids: Vec<String> = (1..=9).map(|i| format!("calcinosis-copy-{i}")).collect();
    for id in &ids {
        let topic = source.replacen("id = \"calcinosis\"", &format!("id = \"{id}\""), 1);
        assert_ne!(topic, source, "the copy has its own id");
        fs::write(data.join(format!("topics/{id}.toml")), topic).expect("copy");
        fs::copy(data.join("locales/es/calcinosis.po"), data.join(format!("locales/es/{id}.po")))
            .expect("po");
    }
    let topics = fs::read_dir(data.join("topics")).expect("topics").count();
    assert!(topics > handout::run::TOPICS_AT_ONCE, "{topics} topics fill more than one batch");
    build(dir.path(), "out", &["--doc", "overview"]);
    let made: Vec<String> = files(&dir.path().join("out")).into_keys().collect();
    assert_eq!(made.len(), topics * 2, "an overview per topic in en and es: {made:?}");
    for id in &ids {
        assert!(made.contains(&format!("es/{id}-overview.pdf")), "es/{id}-overview.pdf in {made:?}");
    }
    let before = files(&dir.path().join("out"));

    // The last topic's catalog breaks: the build fails naming it, and writes nothing.
    let last = ids.iter().max().expect("ids");
    let po = data.join(format!("locales/es/{last}.po"));
    let text = fs::read_to_string(&po).expect("po");
    fs::write(&po, text.replacen("msgid \"", "msgid \"\\q", 1)).expect("break");
    let args = ["--data", "data", "build", "--locale", "en,es", "--doc", "overview", "--out", "out"];
    let output = run(dir.path(), &args);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains(&format!("locales/es/{last}.po:")), "{message}");
    assert_eq!(files(&dir.path().join("out")), before, "the earlier build stays as it was");
}
