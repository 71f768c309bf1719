//! The `cunxin-platform` binary killed (SIGKILL) in the middle of a chunk and started
//! again with the same configuration: the upload goes on from the last whole chunk.

mod support;

use cunxin_core::upload::ChecksumAlgorithm;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use support::*;

/// Starts the binary; returns it and the address it printed.
fn run(config: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cunxin-platform"))
        .arg("--config")
        .arg(config)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("cunxin-platform: listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .trim_end_matches("/files/")
        .to_string();
    (child, url)
}

#[test]
fn a_receiver_killed_mid_chunk_resumes_from_the_last_whole_chunk() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("platform.toml");
    std::fs::write(&config, "listen = \"127.0.0.1:0\"\ndata_dir = \"data\"\n").unwrap();
    let (mut child, base) = run(&config);
    let bytes = random(4_000_000);
    let url = create(&base, bytes.len() as u64);
    let path = url.trim_start_matches(&base).to_string();
    let first = &bytes[..1_000_000];
    assert_eq!(
        patch(
            &url,
            0,
            first,
            Some(&ChecksumAlgorithm::Sha1.header_value(first))
        )
        .status,
        204
    );
    let second = &bytes[1_000_000..3_000_000];
    let conn = partial_patch(
        &url,
        1_000_000,
        second,
        1_600_000,
        Some(&ChecksumAlgorithm::Sha1.header_value(second)),
    );
    std::thread::sleep(std::time::Duration::from_millis(200));
    child.kill().unwrap();
    child.wait().unwrap();
    drop(conn);
    let data = dir.path().join("data/uploads");
    let id = path.rsplit('/').next().unwrap();
    let on_disk = std::fs::metadata(data.join(format!("{id}.bin")))
        .unwrap()
        .len();
    assert!(
        on_disk > 1_000_000,
        "the kill left part of a chunk behind ({on_disk})"
    );

    // Same port again, from the same configuration.
    let port = base.rsplit(':').next().unwrap();
    std::fs::write(
        &config,
        format!("listen = \"127.0.0.1:{port}\"\ndata_dir = \"data\"\n"),
    )
    .unwrap();
    let (mut child, base) = run(&config);
    let url = format!("{base}{path}");
    assert_eq!(offset(&url), 1_000_000);
    let rest = &bytes[1_000_000..];
    assert_eq!(
        patch(
            &url,
            1_000_000,
            rest,
            Some(&ChecksumAlgorithm::Sha1.header_value(rest))
        )
        .status,
        204
    );
    assert_eq!(
        std::fs::read(data.join(format!("{id}.bin"))).unwrap(),
        bytes
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_bad_configuration_is_one_sentence_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("platform.toml");
    std::fs::write(&config, "listen = \"nowhere\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cunxin-platform"))
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("cunxin-platform: the configuration file") && err.contains("not valid"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let missing = Command::new(env!("CARGO_BIN_EXE_cunxin-platform"))
        .args(["--config", "/nonexistent/platform.toml"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
}
