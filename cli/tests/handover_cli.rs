//! The hand-over end to end through the `cunxin` binary: a real store seals a batch, `cunxin
//! upload --store` sends it over tus to the real platform on loopback, verifies the signed
//! receipt, and purges what the bank accepted. Nothing is purged on anything less than a
//! valid receipt; a batch lands once however often it is sent.

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
use cunxin_core::store::{ConsentKind, Store, StoreKey};
use cunxin_platform::intake::Intake;
use serde_json::Value;
use std::path::{Path, PathBuf};
use upload_support::Receiver;

struct Field {
    store_dir: PathBuf,
    key: StoreKey,
    key_file: PathBuf,
    recipients: PathBuf,
}

/// A tablet with households 0 and 1 complete and household 2 without the credit-inquiry
/// consent, registered with the bank, and one batch sealed by `cunxin batch seal`.
fn field(work: &Path, bank: &Bank) -> Field {
    let store_dir = work.join("store");
    let (mut store, key, mut expected) = village(&store_dir, 4, 2);
    finalize_household_with_consents(&mut store, 2, &mut expected, &[ConsentKind::PersonalInfo]);
    bank.register(&mut store, "tablet-1");
    drop(store);
    let key_file = work.join("store.key");
    std::fs::write(&key_file, key.to_hex().as_bytes()).unwrap();
    let recipients = work.join("bank.recipients");
    std::fs::write(&recipients, format!("{}\n", bank.recipient)).unwrap();
    let field = Field {
        store_dir,
        key,
        key_file,
        recipients,
    };
    let sealed = cunxin(&field, &["batch", "seal"])
        .arg("--recipient")
        .arg(&field.recipients)
        .output()
        .unwrap();
    assert!(
        sealed.status.success(),
        "{}",
        String::from_utf8_lossy(&sealed.stderr)
    );
    field
}

fn cunxin(field: &Field, args: &[&str]) -> Command {
    let mut command = Command::cargo_bin("cunxin").unwrap();
    command
        .args(args)
        .arg("--store")
        .arg(&field.store_dir)
        .arg("--key-file")
        .arg(&field.key_file);
    command
}

fn upload(field: &Field, receiver: &Receiver, platform_pub: &Path) -> std::process::Output {
    cunxin(field, &["upload", &receiver.endpoint(), "--json"])
        .arg("--platform-key")
        .arg(platform_pub)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap()
}

/// The household's state as the grid manager's list shows it (a purged one is a masked line).
fn state(field: &Field, n: usize) -> LifecycleState {
    let store = Store::open(&field.store_dir, &field.key).unwrap();
    let lines = store.list_households().unwrap();
    let line = lines.into_iter().find(|l| l.id == hid(n).0).unwrap();
    line.state
}

fn platform_households(bank: &Bank, batch_id: &str) -> Vec<String> {
    Intake::open(bank.data_dir(), bank.config.keys.as_ref().unwrap())
        .unwrap()
        .households_of(batch_id)
        .unwrap()
}

#[test]
fn upload_takes_the_receipt_purges_what_was_accepted_and_returns_the_rest() {
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let field = field(work.path(), &bank);
    let receiver = Receiver::start(&bank.config);

    let out = upload(&field, &receiver, &bank.platform_pub);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a returned household is a reported problem"
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let batch = &report["batches"][0];
    let batch_id = batch["batch_id"].as_str().unwrap();
    let receipt = &batch["received"]["receipt"];
    assert_eq!(receipt["uploaded"], serde_json::json!([hid(0).0, hid(1).0]));
    assert_eq!(receipt["returned"][0]["household"], hid(2).0);
    assert_eq!(batch["received"]["purged"].as_array().unwrap().len(), 2);

    assert_eq!(state(&field, 0), LifecycleState::Purged);
    assert_eq!(state(&field, 1), LifecycleState::Purged);
    assert_eq!(state(&field, 2), LifecycleState::Finalized);
    assert_eq!(platform_households(&bank, batch_id), [hid(0).0, hid(1).0]);

    // Nothing waits any more.
    let again = upload(&field, &receiver, &bank.platform_pub);
    assert!(again.status.success());
    let report: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(report["batches"], serde_json::json!([]));

    // The returned household is opened again for its correction; a purged one is no longer
    // on the tablet.
    let reason = "returned: no credit-inquiry authorization";
    let reopened = cunxin(
        &field,
        &["household", "reopen", &hid(2).0, "--reason", reason],
    )
    .assert()
    .success();
    let said = String::from_utf8_lossy(&reopened.get_output().stdout).to_string();
    assert!(said.contains("open again as revision 2"), "{said}");
    assert_eq!(state(&field, 2), LifecycleState::InProgress);
    let purged = cunxin(
        &field,
        &["household", "reopen", &hid(0).0, "--reason", reason],
    )
    .assert()
    .failure();
    let message = String::from_utf8_lossy(&purged.get_output().stderr).to_string();
    assert!(message.contains("there is no household"), "{message}");
}

#[test]
fn nothing_is_purged_without_a_valid_receipt_and_a_resend_lands_once() {
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let field = field(work.path(), &bank);
    let receiver = Receiver::start(&bank.config);

    // The device was given another platform's key: the receipt does not verify.
    let impostor = bank_support::bank(&work.path().join("impostor"));
    let out = upload(&field, &receiver, &impostor.platform_pub);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not signed by the platform key"),
        "{stderr}"
    );
    for n in 0..3 {
        assert!(matches!(state(&field, n), LifecycleState::Sealed { .. }));
    }

    // With the right key the batch is sent again: the platform answers with the receipt it
    // gave the first time and stores nothing twice.
    let out = upload(&field, &receiver, &bank.platform_pub);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let batch_id = report["batches"][0]["batch_id"].as_str().unwrap();
    assert_eq!(state(&field, 0), LifecycleState::Purged);
    assert_eq!(platform_households(&bank, batch_id).len(), 2);
}

#[test]
fn a_batch_damaged_on_the_device_is_refused_and_stays_sealed() {
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let field = field(work.path(), &bank);
    let receiver = Receiver::start(&bank.config);
    let batches = field.store_dir.join("batches");
    let batch_file = std::fs::read_dir(&batches)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".tar.age"))
        .unwrap();
    let mut bytes = std::fs::read(&batch_file).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x80;
    std::fs::write(&batch_file, bytes).unwrap();

    let out = upload(&field, &receiver, &bank.platform_pub);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let reason = report["batches"][0]["refused"]["reason"].as_str().unwrap();
    assert!(reason.contains("altered or damaged"), "{reason}");
    // Told in words, the grid manager also learns the way out.
    let told = cunxin(&field, &["upload", &receiver.endpoint()])
        .arg("--platform-key")
        .arg(&bank.platform_pub)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&told.stdout);
    let batch_id = report["batches"][0]["batch_id"].as_str().unwrap();
    assert!(
        said.contains(&format!("cunxin batch unseal {batch_id}")),
        "{said}"
    );
    for n in 0..3 {
        assert!(matches!(state(&field, n), LifecycleState::Sealed { .. }));
    }
}

#[test]
fn a_batch_refused_for_good_is_unsealed_sealed_again_and_then_lands() {
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let field = field(work.path(), &bank);
    let receiver = Receiver::start(&bank.config);
    let batch_file = std::fs::read_dir(field.store_dir.join("batches"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".tar.age"))
        .unwrap();
    let mut bytes = std::fs::read(&batch_file).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x80;
    std::fs::write(&batch_file, bytes).unwrap();
    let out = upload(&field, &receiver, &bank.platform_pub);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let refused = report["batches"][0]["batch_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        report["batches"][0]["refused"]["reason"].is_string(),
        "{report}"
    );

    // However often it is sent, that batch is refused: its households come back.
    let unsealed = cunxin(&field, &["batch", "unseal", &refused, "--json"])
        .output()
        .unwrap();
    assert!(
        unsealed.status.success(),
        "{}",
        String::from_utf8_lossy(&unsealed.stderr)
    );
    let unsealed: Value = serde_json::from_slice(&unsealed.stdout).unwrap();
    assert_eq!(unsealed["households"], 3);
    for n in 0..3 {
        assert_eq!(state(&field, n), LifecycleState::Finalized);
    }
    let sealed = cunxin(&field, &["batch", "seal", "--json"])
        .arg("--recipient")
        .arg(&field.recipients)
        .output()
        .unwrap();
    assert!(
        sealed.status.success(),
        "{}",
        String::from_utf8_lossy(&sealed.stderr)
    );
    let sealed: Value = serde_json::from_slice(&sealed.stdout).unwrap();
    assert_eq!(sealed["previous_batch_id"], refused.as_str());

    // Only the new batch goes; the platform takes it (the gap stays visible there).
    let out = upload(&field, &receiver, &bank.platform_pub);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["batches"].as_array().unwrap().len(), 1, "{report}");
    assert_eq!(report["batches"][0]["batch_id"], sealed["batch_id"]);
    assert_eq!(state(&field, 0), LifecycleState::Purged);
    assert_eq!(state(&field, 2), LifecycleState::Finalized);

    // A batch that was received cannot be unsealed, nor one unsealed already.
    for batch in [sealed["batch_id"].as_str().unwrap(), refused.as_str()] {
        let again = cunxin(&field, &["batch", "unseal", batch])
            .output()
            .unwrap();
        assert_eq!(again.status.code(), Some(2));
        let said = String::from_utf8_lossy(&again.stderr);
        assert!(said.contains("only a batch not yet uploaded"), "{said}");
    }
}

#[test]
fn a_usb_export_is_imported_by_the_bank_and_its_answer_file_closes_the_loop() {
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let field = field(work.path(), &bank);
    let usb = work.path().join("usb");
    let exported = cunxin(&field, &["batch", "export"])
        .arg(&usb)
        .output()
        .unwrap();
    assert!(
        exported.status.success(),
        "{}",
        String::from_utf8_lossy(&exported.stderr)
    );

    let intake = Intake::open(bank.data_dir(), bank.config.keys.as_ref().unwrap()).unwrap();
    let imported = cunxin_platform::import::import_dir(&intake, &usb).unwrap();
    assert_eq!(imported.len(), 1);
    // Carried back to the device, the answer file does what the network answer does.
    let out = cunxin(&field, &["batch", "receipt", "--json"])
        .arg("--platform-key")
        .arg(&bank.platform_pub)
        .arg(imported[0].receipt_file().unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "household 2 comes back");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let receipt = &report["batches"][0]["received"]["receipt"];
    assert_eq!(receipt["uploaded"], serde_json::json!([hid(0).0, hid(1).0]));
    assert_eq!(state(&field, 0), LifecycleState::Purged);
    assert_eq!(state(&field, 2), LifecycleState::Finalized);

    // The same answer file again says it was applied before, not "0 accepted".
    let out = cunxin(&field, &["batch", "receipt"])
        .arg("--platform-key")
        .arg(&bank.platform_pub)
        .arg(imported[0].receipt_file().unwrap())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains(
            "was already applied on this device; nothing changed (2 accepted, 1 returned"
        ),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!said.contains("0 accepted"), "{said}");
    assert_eq!(state(&field, 0), LifecycleState::Purged);
    assert_eq!(state(&field, 2), LifecycleState::Finalized);

    // A file that is not an answer changes nothing and says so.
    let bogus = work.path().join("bogus.receipt.json");
    std::fs::write(&bogus, b"{\"receipt\": 1}").unwrap();
    let out = cunxin(&field, &["batch", "receipt"])
        .arg("--platform-key")
        .arg(&bank.platform_pub)
        .arg(&bogus)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a platform answer"));
}
