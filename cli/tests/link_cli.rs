//! `cunxin upload` over an emulated branch link (issue #21): the real command, with its
//! default chunking, through Toxiproxy's bandwidth and latency to the real platform on
//! loopback, the link cut every 20 s. The file must arrive once, byte for byte, and each
//! cut may cost at most one chunk sent again.

mod link_support;
mod upload_support;

use link_support::{BRANCH_WIFI, LinkProfile, Toxiproxy, WEAK_4G};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use upload_support::{Receiver, only_upload, random_file};

/// How often the link drops, as the issue has it, and for how long each time.
const CUT_EVERY: Duration = Duration::from_secs(20);
const CUT_DOWN: Duration = Duration::from_secs(1);

/// An upload taking longer than this is stuck, whatever the link.
const GIVE_UP_AFTER: Duration = Duration::from_secs(240);

struct CutRun {
    report: Value,
    cuts: u32,
    elapsed: Duration,
}

/// Runs `cunxin upload --file` through `link`, cutting it every [`CUT_EVERY`] until
/// `max_cuts` cuts were made or the upload ended.
fn upload_with_cuts(link: &link_support::Link, file: &Path, max_cuts: u32) -> CutRun {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cunxin"))
        .args(["upload", &link.endpoint(), "--json", "--file"])
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut cuts = 0;
    while child.try_wait().unwrap().is_none() {
        assert!(started.elapsed() < GIVE_UP_AFTER, "the upload is stuck");
        if cuts < max_cuts && started.elapsed() >= CUT_EVERY * (cuts + 1) {
            link.cut(CUT_DOWN);
            cuts += 1;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let elapsed = started.elapsed();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "cunxin upload failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    CutRun {
        report: printed["uploads"][0].clone(),
        cuts,
        elapsed,
    }
}

/// A file long enough for `cuts` cuts on `profile`: `cuts` × 20 s and some at the link's
/// rate.
fn size_for(profile: LinkProfile, cuts: u32) -> usize {
    let seconds = CUT_EVERY.as_secs_f64() * cuts as f64 + 12.0;
    (profile.bytes_per_second() * seconds) as usize
}

fn uploads_once_through_cuts(profile: LinkProfile, cuts: u32) {
    let Some(toxiproxy) = Toxiproxy::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let receiver = Receiver::storage_only(&data);
    let link = toxiproxy.link("platform", receiver.addr(), profile);
    let len = size_for(profile, cuts);
    let file = random_file(dir.path(), "batch.bin", len);

    let run = upload_with_cuts(&link, &file, cuts);
    let r = &run.report;
    let u = |k: &str| r[k].as_u64().unwrap_or_else(|| panic!("no {k} in {r}"));
    eprintln!(
        "{}: {len} bytes in {:.1} s through {} cuts: {} chunks sent, {} bytes sent again, {} tries after a cut, largest chunk {}",
        profile.name,
        run.elapsed.as_secs_f64(),
        run.cuts,
        u("chunks_sent"),
        u("bytes_sent") - u("length"),
        u("retries"),
        u("largest_chunk"),
    );
    assert_eq!(run.cuts, cuts, "the upload ended before every cut");
    assert_eq!(u("length"), len as u64);
    assert_eq!(u("resumed_from"), 0);
    assert!(
        u("retries") >= cuts as u64,
        "every cut was seen by the client"
    );
    let resent = u("bytes_sent") - u("length");
    assert!(
        resent <= cuts as u64 * u("largest_chunk"),
        "{resent} bytes sent again through {cuts} cuts: more than one chunk per cut"
    );
    // Exactly once: one upload on the platform, every byte as sent.
    let stored = std::fs::read(only_upload(&data)).unwrap();
    assert!(
        stored == std::fs::read(&file).unwrap(),
        "the stored upload differs from the file"
    );
}

#[test]
fn branch_wifi_upload_arrives_once_through_a_cut_every_20_s() {
    uploads_once_through_cuts(BRANCH_WIFI, 3);
}

#[test]
fn weak_4g_upload_arrives_once_through_a_cut_every_20_s() {
    uploads_once_through_cuts(WEAK_4G, 2);
}
