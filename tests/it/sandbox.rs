//! The World reads only the templates folder and downloads nothing.

use std::fs;

use crate::common::*;

/// Build the overview with an extra line appended to the overview template.
fn build_with_line(line: &str, setup: impl FnOnce(&std::path::Path)) -> (bool, String) {
    let dir = temp();
    let templates = templates_folder(dir.path());
    setup(dir.path());
    let path = templates.join("overview.typ.j2");
    let mut text = fs::read_to_string(&path).expect("template");
    text.push_str(line);
    text.push('\n');
    fs::write(&path, text).expect("write template");
    let output = run(dir.path(), &["--templates", "templates", "build", "--doc", "overview"]);
    (output.status.success(), stderr(&output))
}

#[test]
fn parent_paths_are_refused() {
    let (ok, err) = build_with_line("#read(\"../secret.txt\")", |dir| {
        fs::write(dir.join("secret.txt"), "secret").expect("secret");
    });
    assert!(!ok);
    // What the user sees, not the echoed source line (which names the file too).
    assert!(err.contains("would escape the project root"), "{err}");
    assert!(err.contains("cannot access files outside of the project sandbox"), "{err}");
    assert!(!err.contains("--root"), "no hint at an option handout lacks: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn absolute_paths_stay_inside_the_folder() {
    let (ok, err) = build_with_line("#read(\"/etc/passwd\")", |_| {});
    assert!(!ok);
    // Read inside the templates folder, where it does not exist.
    assert!(err.contains("file not found (searched at etc/passwd)"), "{err}");
    assert!(!err.contains("root:x:"), "the file must not be read: {err}");
}

#[cfg(unix)]
#[test]
fn symlinks_that_leave_the_folder_are_refused() {
    let (ok, err) = build_with_line("#read(\"link.txt\")", |dir| {
        fs::write(dir.join("outside.txt"), "outside").expect("file");
        std::os::unix::fs::symlink(dir.join("outside.txt"), dir.join("templates/link.txt")).expect("symlink");
    });
    assert!(!ok);
    assert!(err.contains("link.txt: it is a symbolic link, which handout refuses to follow"), "{err}");
    assert!(!err.contains("outside\n"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_symlinked_template_or_catalog_is_named_as_a_refused_symlink_not_as_missing() {
    let dir = temp();
    let templates = templates_folder(dir.path());
    let card = templates.join("card.typ.j2");
    fs::rename(&card, dir.path().join("card.typ.j2")).expect("move");
    std::os::unix::fs::symlink(dir.path().join("card.typ.j2"), &card).expect("symlink");
    let output = run(dir.path(), &["--templates", "templates", "build", "--doc", "card"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("card.typ.j2: it is a symbolic link, which handout refuses to follow"), "{err}");
    assert!(!err.contains("does not exist"), "{err}");

    let data = data_folder(
        dir.path(),
        &fs::read_to_string(repo().join("data/topics/calcinosis.toml")).expect("topic"),
    );
    copy_catalogs(&data, "ru");
    let catalog = data.join("locales/ru/labels.po");
    fs::rename(&catalog, dir.path().join("labels.po")).expect("move");
    std::os::unix::fs::symlink(dir.path().join("labels.po"), &catalog).expect("symlink");
    let output = run(dir.path(), &["--data", "data", "build", "--locale", "ru", "--doc", "overview"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("locales/ru/labels.po: it is a symbolic link, which handout refuses to follow"),
        "{err}"
    );
    assert!(!err.contains("no catalog"), "{err}");
}

#[test]
fn package_imports_fail_with_a_clear_message() {
    let (ok, err) = build_with_line("#import \"@preview/cetz:0.3.0\"", |_| {});
    assert!(!ok);
    assert!(err.contains("uses no packages"), "{err}");
}

#[test]
fn a_typst_warning_fails_the_build() {
    let (ok, err) = build_with_line("#text(font: \"Comic Sans MS\")[x]", |_| {});
    assert!(!ok);
    assert!(err.contains("unknown font family"), "{err}");
}

#[test]
fn a_template_file_named_like_the_generated_source_is_the_file_not_the_source() {
    // The generated source has a path of its own that no template file can take: reading
    // `main.typ` or a document's name reads the folder, never the document being compiled.
    let line = "#assert.eq(read(\"/main.typ\"), \"from the folder\")\n#assert.eq(read(\"calcinosis-overview.typ\"), \"the folder's too\")";
    let (ok, err) = build_with_line(line, |dir| {
        fs::write(dir.join("templates/main.typ"), "from the folder").expect("main.typ");
        fs::write(dir.join("templates/calcinosis-overview.typ"), "the folder's too").expect("file");
    });
    assert!(ok, "{err}");
}
