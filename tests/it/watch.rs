//! `handout watch`: rebuilds when a data file is saved and survives a broken one.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

use crate::common::*;

/// Wait for a line of standard error containing `text`.
fn wait_for(lines: &mpsc::Receiver<String>, text: &str) -> String {
    loop {
        match lines.recv_timeout(Duration::from_secs(60)) {
            Ok(line) if line.contains(text) => return line,
            Ok(_) => continue,
            Err(e) => panic!("no line with `{text}`: {e}"),
        }
    }
}

#[test]
fn watch_rebuilds_on_save_and_reports_errors_without_stopping() {
    let dir = temp();
    let english = std::fs::read_to_string(repo().join("data/topics/calcinosis.toml")).expect("data");
    let data = data_folder(dir.path(), &english);
    let mut child = handout()
        .current_dir(dir.path())
        .args([
            "--data",
            data.to_str().expect("path"),
            "watch",
            "--doc",
            "card",
            "--type",
            "tumoral",
            "--quiet",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    wait_for(&lines, "watching");
    let pdf = dir.path().join("out/en/calcinosis-tumoral.pdf");
    assert!(normalize(&Pdf::open(&pdf).text()).contains("Fact card"));

    let labels = std::fs::read_to_string(data.join("labels.toml")).expect("labels");
    std::fs::write(
        data.join("labels.toml"),
        labels.replacen("card_kind = \"Fact card\"", "card_kind = \"Fact sheet\"", 1),
    )
    .expect("save");
    wait_for(&lines, "rebuilt in");
    assert!(normalize(&Pdf::open(&pdf).text()).contains("Fact sheet"), "rebuilt with the saved text");

    std::fs::write(data.join("topics/calcinosis.toml"), "[topic\n").expect("save broken");
    let error = wait_for(&lines, "error:");
    assert!(error.contains("calcinosis.toml:1:"), "{error}");
    assert!(child.try_wait().expect("status").is_none(), "watch keeps running after an error");
    assert!(normalize(&Pdf::open(&pdf).text()).contains("Fact sheet"), "the good PDF stays");
    child.kill().expect("stops");
    let _ = child.wait();
}
