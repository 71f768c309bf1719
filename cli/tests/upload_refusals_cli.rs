//! What `cunxin upload --store` tells the grid manager when the bank's receiver says no:
//! a full server (507) and an unregistered tablet (403) are each their own sentence, never
//! "could not reach the upload server", and the batch stays sealed on the device.

#[path = "../../platform/tests/bank_support/mod.rs"]
mod bank_support;
#[path = "../../core/tests/batch_support/mod.rs"]
mod batch_support;
#[path = "../../core/tests/store_support/mod.rs"]
mod store_support;
mod upload_support;

use assert_cmd::Command;
use bank_support::{Bank, bank};
use batch_support::*;
use cunxin_core::model::LifecycleState;
use cunxin_core::store::Store;
use std::path::Path;
use upload_support::Receiver;

/// A tablet with two finalized households sealed into one batch; registered if asked.
fn sealed_tablet(
    work: &Path,
    bank: &Bank,
    register: bool,
) -> (
    std::path::PathBuf,
    std::path::PathBuf,
    cunxin_core::store::StoreKey,
) {
    let store_dir = work.join("store");
    let (mut store, key, _) = village(&store_dir, 2, 2);
    if register {
        bank.register(&mut store, "tablet-1");
    }
    drop(store);
    let key_file = work.join("store.key");
    std::fs::write(&key_file, key.to_hex().as_bytes()).unwrap();
    let recipients = work.join("bank.recipients");
    std::fs::write(&recipients, format!("{}\n", bank.recipient)).unwrap();
    let sealed = Command::cargo_bin("cunxin")
        .unwrap()
        .args(["batch", "seal", "--store"])
        .arg(&store_dir)
        .arg("--key-file")
        .arg(&key_file)
        .arg("--recipient")
        .arg(&recipients)
        .output()
        .unwrap();
    assert!(
        sealed.status.success(),
        "{}",
        String::from_utf8_lossy(&sealed.stderr)
    );
    (store_dir, key_file, key)
}

fn upload(
    store_dir: &Path,
    key_file: &Path,
    receiver: &Receiver,
    bank: &Bank,
) -> std::process::Output {
    Command::cargo_bin("cunxin")
        .unwrap()
        .args(["upload", &receiver.endpoint(), "--retries", "1", "--store"])
        .arg(store_dir)
        .arg("--key-file")
        .arg(key_file)
        .arg("--platform-key")
        .arg(&bank.platform_pub)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap()
}

fn all_sealed(store_dir: &Path, key: &cunxin_core::store::StoreKey) {
    let store = Store::open(store_dir, key).unwrap();
    for line in store.list_households().unwrap() {
        assert!(
            matches!(line.state, LifecycleState::Sealed { .. }),
            "{:?}",
            line.state
        );
    }
}

#[test]
fn a_full_bank_server_is_told_as_full_not_as_unreachable() {
    let work = tempfile::tempdir().unwrap();
    let mut bank = bank(&work.path().join("bank"));
    bank.config.limits.free_space_floor_bytes = u64::MAX / 4;
    let (store_dir, key_file, key) = sealed_tablet(work.path(), &bank, true);
    let receiver = Receiver::start(&bank.config);
    let out = upload(&store_dir, &key_file, &receiver, &bank);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("upload server is full"), "{stderr}");
    assert!(!stderr.contains("could not reach"), "{stderr}");
    all_sealed(&store_dir, &key);
}

#[test]
fn an_unregistered_tablet_is_told_to_get_registered() {
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let (store_dir, key_file, key) = sealed_tablet(work.path(), &bank, false);
    let receiver = Receiver::start(&bank.config);
    let out = upload(&store_dir, &key_file, &receiver, &bank);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("does not know this device"), "{stderr}");
    all_sealed(&store_dir, &key);
}
