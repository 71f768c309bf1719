//! Crash safety, proven by killing a real writer process (SIGKILL) at random moments.
//!
//! The writer is this same test binary started again in writer mode: it visits households
//! (drafts, photos, consents), finalizes them, seals, records receipts and purges, forever,
//! printing each finalization once it has returned. After every kill the store must open
//! with `integrity_check` ok, an intact audit chain, every reported finalization present and
//! whole (facts, photos that decrypt to their recorded hashes, consent), and no orphan files.
//!
//! CUNXIN_CRASH_KILLS (default 250) and CUNXIN_REKEY_CRASH_KILLS (default 50) set the number
//! of kills; raise them by hand for thousands.

mod store_support;

use cunxin_core::model::{HouseholdId, LifecycleState};
use cunxin_core::store::{ConsentKind, PhotoKind, ReceiptInput, Store, StoreKey};
use rand::Rng;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use store_support::*;

const CHILD_DIR: &str = "CUNXIN_CRASH_CHILD_DIR";
const CHILD_KEYS: &str = "CUNXIN_CRASH_CHILD_KEYS";
const CHILD_SEED: &str = "CUNXIN_CRASH_CHILD_SEED";

/// The two crash tests run one after the other (each kills processes; keep them apart).
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn kills(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn facts_digest(facts: &cunxin_core::scoring::Facts) -> String {
    sha256_hex(
        serde_json::Value::Object(facts.clone())
            .to_string()
            .as_bytes(),
    )
}

fn child_keys() -> Vec<StoreKey> {
    std::env::var(CHILD_KEYS)
        .unwrap()
        .split(',')
        .map(|k| StoreKey::from_key_file(k.as_bytes().to_vec()).unwrap())
        .collect()
}

/// Writer mode: runs only when the parent test starts this binary with the variables set.
#[test]
fn crash_writer_child() {
    let Ok(dir) = std::env::var(CHILD_DIR) else {
        return;
    };
    let seed: u64 = std::env::var(CHILD_SEED).unwrap().parse().unwrap();
    let keys = child_keys();
    let key_refs: Vec<&StoreKey> = keys.iter().collect();
    let (mut store, used) = Store::open_with_any(Path::new(&dir), &key_refs).unwrap();
    let mut out = std::io::stdout().lock();
    if keys.len() == 2 {
        // Rekey mode: switch between the two keys forever.
        let mut current = used;
        loop {
            let next = 1 - current;
            store.rekey(&keys[next]).unwrap();
            current = next;
            writeln!(out, "rekeyed {current}").unwrap();
            out.flush().unwrap();
        }
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    loop {
        let list = store.list_households().unwrap();
        let open: Vec<HouseholdId> = list
            .iter()
            .filter(|l| l.state.is_open())
            .map(|l| HouseholdId(l.id.clone()))
            .collect();
        if open.len() < 3 {
            let start = list.len();
            store
                .import_households(&(start..start + 20).map(household).collect::<Vec<_>>())
                .unwrap();
            continue;
        }
        let id = &open[rng.random_range(0..open.len())];
        let mut facts = facts(rng.random_range(1_000..100_000));
        for _ in 0..rng.random_range(1..6) {
            facts.insert(
                "yearly_net_income_yuan".into(),
                rng.random_range(1_000..100_000).into(),
            );
            store.save_draft(id, &facts).unwrap();
        }
        let size = rng.random_range(10_000..150_000);
        let photo = jpeg_like("crash", size, rng.random());
        store
            .add_photo(
                id,
                &photo_meta(PhotoKind::House, rng.random()),
                &photo,
                &photo[..size / 10],
            )
            .unwrap();
        store
            .add_consent(
                id,
                &consent(ConsentKind::PersonalInfo, "户主"),
                &mut &b"signature"[..],
            )
            .unwrap();
        store.finalize(id).unwrap();
        writeln!(out, "finalized {} {}", id.0, facts_digest(&facts)).unwrap();
        out.flush().unwrap();

        let finalized: Vec<HouseholdId> = store
            .list_households()
            .unwrap()
            .into_iter()
            .filter(|l| l.state == LifecycleState::Finalized)
            .map(|l| HouseholdId(l.id))
            .collect();
        if finalized.len() >= 4 {
            let batch = format!("B-{:016x}", rng.random::<u64>());
            store.mark_sealed(&batch, &finalized).unwrap();
            let receipt = ReceiptInput {
                receipt_id: format!("R-{batch}"),
                received_at: "2026-11-23T09:00:00+08:00".into(),
                body: "{}".into(),
            };
            store.record_receipt(&batch, &receipt, &[]).unwrap();
        }
        // Batches sealed by an earlier, killed writer get their receipt too.
        for line in store.list_households().unwrap() {
            if let LifecycleState::Sealed { batch } = &line.state {
                let receipt = ReceiptInput {
                    receipt_id: format!("R-{batch}"),
                    received_at: "2026-11-23T09:00:00+08:00".into(),
                    body: "{}".into(),
                };
                store.record_receipt(batch, &receipt, &[]).unwrap();
            }
        }
        for purged in store.purge_uploaded().unwrap() {
            writeln!(out, "purged {}", purged.household).unwrap();
        }
        out.flush().unwrap();
    }
}

use rand::SeedableRng;

/// Starts the writer, kills it after `delay`, returns what it reported.
fn run_and_kill(dir: &Path, keys: &[&StoreKey], seed: u64, delay: Duration) -> Vec<String> {
    let keys: Vec<String> = keys.iter().map(|k| k.to_hex().to_string()).collect();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "crash_writer_child",
            "--exact",
            "--nocapture",
            "--test-threads=1",
            "-q",
        ])
        .env(CHILD_DIR, dir)
        .env(CHILD_KEYS, keys.join(","))
        .env(CHILD_SEED, seed.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let _ = child.kill(); // SIGKILL
    child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(
        !stderr.contains("panicked"),
        "the writer failed on its own: {stderr}"
    );
    BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .collect()
}

fn read_all(mut r: impl Read) -> Vec<u8> {
    let mut out = Vec::new();
    r.read_to_end(&mut out).unwrap();
    out
}

/// Everything the store promises after a crash. Photos and signatures already proven whole
/// in an earlier round (`verified`) are only counted, not decrypted again.
fn check_store(
    store: &Store,
    confirmed: &BTreeMap<String, String>,
    purged: &BTreeSet<String>,
    verified: &mut BTreeSet<String>,
) {
    let problems = store.integrity_problems().unwrap();
    assert!(problems.is_empty(), "integrity: {problems:?}");
    let chain = store.verify_chain().unwrap();
    assert!(chain.is_intact(), "chain: {chain:?}");
    let mut expected_files = 0;
    let list = store.list_households().unwrap();
    for line in &list {
        if matches!(line.state, LifecycleState::Purged) {
            continue;
        }
        let record = store.household(&HouseholdId(line.id.clone())).unwrap();
        expected_files += 2 * record.photos.len() + record.consents.len();
        let finalized = matches!(
            record.state,
            LifecycleState::Finalized
                | LifecycleState::Sealed { .. }
                | LifecycleState::Uploaded { .. }
        );
        if finalized {
            assert!(
                record.facts_final,
                "{} finalized without final facts",
                line.id
            );
            assert!(
                !record.photos.is_empty() && !record.consents.is_empty(),
                "{} half-written",
                line.id
            );
            for photo in &record.photos {
                assert!(photo.revision.is_some(), "{}: photo not bound", line.id);
                if !verified.insert(photo.sha256.clone()) {
                    continue;
                }
                let bytes = read_all(store.open_photo(&photo.id).unwrap());
                assert_eq!(
                    sha256_hex(&bytes),
                    photo.sha256,
                    "{}: photo damaged",
                    line.id
                );
            }
            for consent in &record.consents {
                if !verified.insert(consent.id.0.clone()) {
                    continue;
                }
                let bytes = read_all(store.open_signature(&consent.id).unwrap());
                assert_eq!(sha256_hex(&bytes), consent.signature_sha256);
            }
        }
        if let Some(digest) = confirmed.get(&line.id) {
            assert!(
                finalized,
                "{} was reported finalized but is {}",
                line.id,
                record.state.name()
            );
            assert_eq!(
                &facts_digest(record.facts.as_ref().unwrap()),
                digest,
                "{}: facts changed",
                line.id
            );
        }
    }
    for id in confirmed.keys() {
        let still_listed = list.iter().any(|l| &l.id == id);
        assert!(
            still_listed || purged.contains(id),
            "{id} was finalized and is gone"
        );
    }
    let files: Vec<String> = std::fs::read_dir(store.files_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        files.len(),
        expected_files,
        "orphan or missing files: {files:?}"
    );
}

#[test]
fn killed_writers_never_lose_or_half_write_a_finalized_household() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let count = kills("CUNXIN_CRASH_KILLS", 250);
    let dir = tempfile::tempdir().unwrap();
    let (mut store, key) = new_store(dir.path());
    store.import_households(&households(40)).unwrap();
    drop(store);
    let mut rng = rand::rng();
    let mut confirmed = BTreeMap::new();
    let mut purged = BTreeSet::new();
    let mut verified = BTreeSet::new();
    let (mut finalizations, mut orphans_cleaned) = (0, 0);
    for i in 0..count {
        let delay = Duration::from_millis(rng.random_range(0..160));
        let lines = run_and_kill(dir.path(), &[&key], i as u64, delay);
        for line in lines {
            let parts: Vec<&str> = line.split(' ').collect();
            match parts.as_slice() {
                ["finalized", id, digest] => {
                    confirmed.insert(id.to_string(), digest.to_string());
                    finalizations += 1;
                }
                ["purged", id] => {
                    purged.insert(id.to_string());
                }
                _ => {}
            }
        }
        let store = Store::open(dir.path(), &key).unwrap();
        orphans_cleaned += store.open_report().orphan_files_removed;
        check_store(&store, &confirmed, &purged, &mut verified);
    }
    eprintln!(
        "store crash test: {count} kills, {finalizations} finalizations confirmed, {} purged, {orphans_cleaned} orphan files removed at open",
        purged.len()
    );
    assert!(finalizations > 0, "the writer never got to finalize");
}

#[test]
fn a_key_change_killed_at_any_moment_leaves_one_key_that_opens_everything() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let count = kills("CUNXIN_REKEY_CRASH_KILLS", 50);
    let dir = tempfile::tempdir().unwrap();
    let (mut store, a) = new_store(dir.path());
    let b = StoreKey::generate().unwrap();
    store.import_households(&households(150)).unwrap();
    visit_and_finalize(&mut store, &HouseholdId("HH00001".into()), 1);
    drop(store);
    let mut rng = rand::rng();
    let mut rekeys = 0;
    for i in 0..count {
        let delay = Duration::from_millis(rng.random_range(0..250));
        let lines = run_and_kill(dir.path(), &[&a, &b], i as u64, delay);
        rekeys += lines.len();
        let (store, used) = Store::open_with_any(dir.path(), &[&a, &b]).unwrap();
        // The other key must be refused with a clear error, and without changing anything.
        let other = if used == 0 { &b } else { &a };
        assert!(matches!(
            Store::open(dir.path(), other),
            Err(cunxin_core::store::StoreError::InUse)
        ));
        check_store(
            &store,
            &BTreeMap::new(),
            &BTreeSet::new(),
            &mut BTreeSet::new(),
        );
        assert_eq!(store.list_households().unwrap().len(), 150);
        let f = store.finalized_households().unwrap();
        assert_eq!(
            read_all(store.open_photo(&f[0].photos[0].id).unwrap()).len(),
            50_000
        );
        drop(store);
        let err = Store::open(dir.path(), other).unwrap_err();
        assert!(
            matches!(err, cunxin_core::store::StoreError::WrongKey(_)),
            "{err}"
        );
    }
    eprintln!("rekey crash test: {count} kills, {rekeys} key changes completed");
    assert!(rekeys > 0, "no key change ever completed");
}
