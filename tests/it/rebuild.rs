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

    // A label only the fact cards print: every document's words changed, so each is rendered
    // again, but only those whose source changed are made again, the same as a clean build.
    let labels = dir.path().join("data/labels.toml");
    let text = fs::read_to_string(&labels).expect("labels");
    fs::write(&labels, text.replacen("card_what = \"What it is\"", "card_what = \"What this is\"", 1))
        .expect("edit");
    let before = inodes(&out);
    build(dir.path(), "out", &[]);
    let now = inodes(&out);
    for (path, inode) in &before {
        let card = !path.contains("overview") && !path.contains("questions");
        if !card || path.starts_with("en/") {
            assert_eq!(now[path] != *inode, card, "{path}");
        }
    }
    fs::remove_dir_all(dir.path().join("clean")).expect("remove");
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
fn a_rebuild_leaves_an_unchanged_topic_untranslated_unless_strict() {
    let dir = temp();
    copy_data(dir.path());
    let po = dir.path().join("data/locales/es/calcinosis.po");
    let text = fs::read_to_string(&po).expect("po");
    let translated = "msgstr \"Calcinosis: preguntas para su médico\"";
    assert!(text.contains(translated));
    fs::write(&po, text.replacen(translated, "msgstr \"\"", 1)).expect("edit");
    let args = ["--data", "data", "build", "--locale", "en,es", "--out", "out"];
    let output = run(dir.path(), &args);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("untranslated, English used"), "{}", stderr(&output));

    // Nothing changed: the topic's files say so before it is translated, so nothing is
    // translated and its fallback is not told again.
    let output = run(dir.path(), &args);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("0 made, 30 unchanged"));
    assert!(!stderr(&output).contains("English used"), "{}", stderr(&output));

    // --strict translates every topic, to find every fallback.
    let output = run(dir.path(), &[&args[..], &["--strict"]].concat());
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("locales/es/calcinosis.po"), "{}", stderr(&output));
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

/// Run a command line of a deploy example in `dir`, as its machine would: `handout` (this
/// build) on the path, the run's settings only from the line itself.
fn shell(dir: &Path, argv: &[String], vars: &[(&str, String)]) {
    let (program, args) = argv.split_first().expect("a command");
    let bin = Path::new(env!("CARGO_BIN_EXE_handout")).parent().expect("its folder");
    let mut command = std::process::Command::new(program);
    for (key, _) in std::env::vars().filter(|(key, _)| key.starts_with("HANDOUT_")) {
        command.env_remove(key);
    }
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    command.args(args).current_dir(dir).env("PATH", path).env("HANDOUT_CACHE", "off");
    command.envs(vars.iter().map(|(key, value)| (key, value)));
    let output = command.output().expect("the command runs");
    assert!(output.status.success(), "{argv:?} {vars:?}: {}", stderr(&output));
}

fn yaml(path: &str) -> serde_yaml::Value {
    serde_yaml::from_str(&fs::read_to_string(repo().join(path)).expect(path)).expect(path)
}

fn strings(value: &serde_yaml::Value) -> Vec<String> {
    let items = value.as_sequence().map_or(&[][..], Vec::as_slice);
    items.iter().map(|item| item.as_str().expect("a string").to_string()).collect()
}

#[test]
fn the_deploy_examples_build_the_site_of_one_machine_as_written() {
    // A library as the examples mount it: data/ and the example clinic (English and Spanish).
    let dir = temp();
    copy_data(dir.path());
    fs::copy(repo().join("data/clinic.example.toml"), dir.path().join("clinic.toml")).expect("clinic");
    fs::copy(repo().join("data/clinic-logo.svg"), dir.path().join("clinic-logo.svg")).expect("logo");
    let args = ["--data", "data", "site", "--clinic", "clinic.toml", "--out", "one"];
    let output = run(dir.path(), &args);
    assert!(output.status.success(), "{}", stderr(&output));
    let one = files(&dir.path().join("one"));
    assert!(one.keys().any(|path| path == "es/index.html"), "the clinic's languages: {:?}", one.keys());

    // Kubernetes: each pod of the Indexed Job runs its container's command, then one pod
    // assembles; `/library` and `/shared` are the volumes.
    let place = |text: &str| {
        let shared = dir.path().join("shared");
        let library = dir.path().display().to_string();
        text.replace("/library", &library).replace("/shared", &shared.display().to_string())
    };
    let argv = |container: &serde_yaml::Value| -> Vec<String> {
        let command = strings(&container["command"]);
        // No command: the image's entry point, handout.
        let command = if command.is_empty() { vec!["handout".to_string()] } else { command };
        command.iter().chain(&strings(&container["args"])).map(|arg| place(arg)).collect()
    };
    let shards = yaml("deploy/kubernetes/build-shards.yaml");
    let pods = shards["spec"]["completions"].as_u64().expect("completions");
    assert!(pods > 1, "{pods} pods");
    let pod = argv(&shards["spec"]["template"]["spec"]["containers"][0]);
    for index in 0..pods {
        shell(dir.path(), &pod, &[("JOB_COMPLETION_INDEX", index.to_string())]);
    }
    let assemble = yaml("deploy/kubernetes/assemble-site.yaml");
    shell(dir.path(), &argv(&assemble["spec"]["template"]["spec"]["containers"][0]), &[]);
    assert!(files(&dir.path().join("shared/site")) == one, "the Indexed Job's site is the site of one build");

    // GitHub Actions: each matrix job runs its handout steps in a checkout and uploads its
    // part, which the assembling job downloads into parts/<artifact name>.
    let workflow = yaml("deploy/github-actions/library.yml");
    let handout_steps = |job: &str| -> Vec<String> {
        let steps = workflow["jobs"][job]["steps"].as_sequence().expect("steps");
        let runs = steps.iter().filter_map(|step| step["run"].as_str());
        runs.filter(|line| line.starts_with("handout ")).map(str::to_string).collect()
    };
    let matrix = workflow["jobs"]["shard"]["strategy"]["matrix"]["shard"].as_sequence().expect("matrix");
    let upload = workflow["jobs"]["shard"]["steps"]
        .as_sequence()
        .expect("steps")
        .iter()
        .find(|step| step["uses"].as_str().is_some_and(|uses| uses.starts_with("actions/upload-artifact")))
        .expect("an upload step")["with"]
        .clone();
    let checkout = dir.path().join("checkout");
    fs::create_dir_all(&checkout).expect("checkout");
    for name in ["data", "clinic.toml", "clinic-logo.svg"] {
        fs::rename(dir.path().join(name), checkout.join(name)).expect("move");
    }
    for shard in matrix {
        let shard = shard.as_u64().expect("a shard number").to_string();
        let with_shard = |text: &str| text.replace("${{ matrix.shard }}", &shard);
        for line in handout_steps("shard") {
            shell(&checkout, &["/bin/sh".into(), "-c".into(), with_shard(&line)], &[]);
        }
        // The artifact: the part's files, with its hidden manifests, under its name.
        let part = checkout.join(with_shard(upload["path"].as_str().expect("path")));
        let artifact = checkout.join("parts").join(with_shard(upload["name"].as_str().expect("name")));
        for (path, bytes) in files(&part).into_iter().chain(manifests(&part)) {
            fs::create_dir_all(artifact.join(&path).parent().expect("parent")).expect("folder");
            fs::write(artifact.join(&path), bytes).expect("copy");
        }
    }
    for line in handout_steps("assemble") {
        shell(&checkout, &["/bin/sh".into(), "-c".into(), line], &[]);
    }
    assert!(files(&checkout.join("public")) == one, "the CI matrix's site is the site of one build");
}
