//! The hand-over through an emulated branch link (Toxiproxy on loopback, see `link_support`),
//! with the connection cut while batches are on the wire: every batch reaches the bank's
//! intake exactly once, its receipt comes back, and each cut sends at most one chunk again.
//!
//! Scaled to stay short in CI: three batches of ~0.7 MB, 128 KiB chunks, and the link cut
//! every 2 s instead of every 20 s (at most four cuts) on the weak 4G profile (2 Mbit/s,
//! 150 ms round trip, as in the upload bench); a second test crosses the branch Wi-Fi
//! profile (20 Mbit/s, 40 ms) with a cut every 0.5 s. Where Toxiproxy is not installed the
//! tests say so and skip (`go install github.com/Shopify/toxiproxy/v2/cmd/server@v2.5.0`,
//! as `.ci/go-packages` lists).

#[path = "../../platform/tests/bank_support/mod.rs"]
mod bank_support;
#[path = "../../core/tests/batch_support/mod.rs"]
mod batch_support;
mod link_support;
#[path = "../../core/tests/store_support/mod.rs"]
mod store_support;
mod upload_support;

use bank_support::{Bank, bank};
use batch_support::{Expected, finalize_household, hid, village};
use cunxin_core::batch::{default_batch_dir, seal};
use cunxin_core::model::LifecycleState;
use cunxin_core::store::{PhotoKind, Store};
use cunxin_platform::intake::Intake;
use link_support::{Link, Profile, WEAK_4G};
use serde_json::Value;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use upload_support::Receiver;

const CHUNK: u64 = 128 * 1024;
const BATCHES: usize = 3;

/// A tablet registered with the bank, with `BATCHES` sealed batches of one household each;
/// each household carries a ~700 KB photo so that every batch spans several chunks.
fn tablet(work: &Path, bank: &Bank) -> (std::path::PathBuf, std::path::PathBuf) {
    let store_dir = work.join("store");
    let (mut store, key, mut expected) = village(&store_dir, BATCHES, 0);
    bank.register(&mut store, "tablet-1");
    for n in 0..BATCHES {
        add_large_photo(&mut store, n);
        finalize_household(&mut store, n, &mut expected);
        seal(
            &mut store,
            std::slice::from_ref(&bank.recipient),
            &default_batch_dir(&store),
        )
        .unwrap();
    }
    let _: Expected = expected;
    drop(store);
    let key_file = work.join("store.key");
    std::fs::write(&key_file, key.to_hex().as_bytes()).unwrap();
    (store_dir, key_file)
}

fn add_large_photo(store: &mut Store, n: usize) {
    let photo = store_support::jpeg_like("link", 700_000, n as u64);
    let thumb = store_support::jpeg_like("thumb", 10_000, n as u64);
    store
        .add_photo(
            &hid(n),
            &store_support::photo_meta(PhotoKind::House, 9_000 + n as u64),
            &photo,
            &thumb,
        )
        .unwrap();
}

/// Uploads the tablet's batches through `profile`, cutting every `every` (at most `cuts`
/// times), and checks what arrived. Skips, saying why, without Toxiproxy.
fn hand_over_through_cuts(profile: Profile, every: Duration, cuts: u32) {
    if let Err(why) = link_support::find_toxiproxy() {
        eprintln!("skipped: {why}");
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let (store_dir, key_file) = tablet(work.path(), &bank);
    let receiver = Receiver::start(&bank.config);
    let link = Link::start(receiver.addr(), profile).unwrap();
    let endpoint = link.endpoint();
    let link = Arc::new(Mutex::new(link));
    let done = Arc::new(AtomicBool::new(false));
    let cutter = link_support::cut_periodically(link.clone(), every, cuts, done.clone());

    let out = assert_cmd::Command::cargo_bin("cunxin")
        .unwrap()
        .args(["upload", &endpoint, "--json", "--chunk-size"])
        .arg(CHUNK.to_string())
        .arg("--store")
        .arg(&store_dir)
        .arg("--key-file")
        .arg(&key_file)
        .arg("--platform-key")
        .arg(&bank.platform_pub)
        .timeout(Duration::from_secs(300))
        .output()
        .unwrap();
    done.store(true, Ordering::SeqCst);
    let made = cutter.join().unwrap();
    assert!(
        out.status.success(),
        "the hand-over failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();

    // Every batch arrived once: the intake holds exactly its one household, and the device
    // purged it on the receipt.
    let intake = Intake::open(bank.data_dir(), bank.config.keys.as_ref().unwrap()).unwrap();
    let batches = report["batches"].as_array().unwrap();
    assert_eq!(batches.len(), BATCHES, "{report}");
    let mut seen = Vec::new();
    for batch in batches {
        let batch_id = batch["batch_id"].as_str().unwrap();
        let households = intake.households_of(batch_id).unwrap();
        assert_eq!(households.len(), 1, "batch {batch_id}: {households:?}");
        seen.extend(households);
    }
    seen.sort();
    let expected: Vec<String> = (0..BATCHES).map(|n| hid(n).0).collect();
    assert_eq!(seen, expected);
    let store = Store::open(
        &store_dir,
        &cunxin_core::store::StoreKey::from_key_file(std::fs::read(&key_file).unwrap()).unwrap(),
    )
    .unwrap();
    for line in store.list_households().unwrap() {
        assert_eq!(line.state, LifecycleState::Purged, "{}", line.id);
    }

    // Each cut cost at most the chunk in flight.
    let mut retries = 0;
    let mut resent = 0;
    for upload in report["uploads"].as_array().unwrap() {
        let length = upload["length"].as_u64().unwrap();
        let from = upload["resumed_from"].as_u64().unwrap();
        let sent = upload["bytes_sent"].as_u64().unwrap();
        let tries = upload["retries"].as_u64().unwrap();
        let again = sent - (length - from);
        assert!(
            again <= tries * CHUNK,
            "{again} bytes sent again over {tries} retries: more than one chunk per cut ({upload})"
        );
        retries += tries;
        resent += again;
    }
    assert!(made >= 1, "the upload ended before the first cut");
    assert!(
        retries >= 1,
        "{made} cuts were made but the uploader never had to go on after one"
    );
    eprintln!(
        "{}: {made} cuts, {retries} retries, {resent} bytes sent again ({:.2} chunks per cut)",
        profile.name,
        resent as f64 / CHUNK as f64 / made as f64
    );
}

#[test]
fn weak_4g_with_cuts_every_batch_arrives_once_and_a_cut_costs_at_most_a_chunk() {
    hand_over_through_cuts(WEAK_4G, Duration::from_secs(2), 4);
}

#[test]
fn branch_wifi_with_cuts_every_batch_arrives_once_and_a_cut_costs_at_most_a_chunk() {
    hand_over_through_cuts(link_support::BRANCH_WIFI, Duration::from_millis(500), 4);
}
