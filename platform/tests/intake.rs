//! Taking in sealed batches: real stores seal real batches, the platform verifies, decrypts,
//! checks and stores them and signs receipts the device accepts. Every way a batch can be
//! wrong is refused with its reason; a batch lands exactly once.

mod bank_support;
#[path = "../../core/tests/batch_support/mod.rs"]
mod batch_support;
#[path = "../../core/tests/store_support/mod.rs"]
mod store_support;

use bank_support::{Bank, bank};
use batch_support::*;
use cunxin_core::batch::{Receipt, SealedBatch, seal, verify_receipt};
use cunxin_core::model::LifecycleState;
use cunxin_core::store::{ConsentKind, Store};
use cunxin_platform::intake::{Intake, Outcome};
use std::path::Path;

fn intake(bank: &Bank) -> Intake {
    Intake::open(bank.data_dir(), bank.config.keys.as_ref().unwrap()).unwrap()
}

fn seal_into(store: &mut Store, bank: &Bank, out: &Path) -> SealedBatch {
    seal(store, std::slice::from_ref(&bank.recipient), out).unwrap()
}

fn receive(intake: &Intake, sealed: &SealedBatch) -> Outcome {
    let signature = std::fs::read(&sealed.signature_path).unwrap();
    intake.receive(&sealed.path, &signature).unwrap()
}

fn receipt_of(outcome: &Outcome, bank: &Bank) -> Receipt {
    match outcome {
        Outcome::Receipt(signed) => verify_receipt(
            signed.json.as_bytes(),
            &signed.signature,
            &bank.platform_key,
        )
        .unwrap(),
        Outcome::Refused(reason) => panic!("refused: {reason}"),
    }
}

fn refusal(outcome: Outcome) -> String {
    match outcome {
        Outcome::Refused(reason) => reason,
        Outcome::Receipt(_) => panic!("accepted a batch that should be refused"),
    }
}

#[test]
fn a_batch_is_taken_in_once_with_a_signed_receipt_and_households_missing_consent_rejected() {
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let (mut store, _, mut expected) = village(&work.path().join("store"), 4, 2);
    // Household 2 signed the personal-information consent but not the credit inquiry.
    finalize_household_with_consents(&mut store, 2, &mut expected, &[ConsentKind::PersonalInfo]);
    bank.register(&mut store, "tablet-1");
    let sealed = seal_into(&mut store, &bank, &work.path().join("out"));
    let intake = intake(&bank);

    let first = receive(&intake, &sealed);
    let receipt = receipt_of(&first, &bank);
    assert_eq!(receipt.batch_id, sealed.batch_id);
    assert_eq!(receipt.manifest_sha256, sealed.manifest_sha256);
    assert_eq!(receipt.device_id, sealed.device_id);
    assert_eq!(receipt.accepted, vec![hid(0), hid(1)]);
    assert_eq!(receipt.rejected.len(), 1);
    assert_eq!(receipt.rejected[0].household, hid(2));
    assert!(
        receipt.rejected[0].reason.contains("credit-inquiry"),
        "{}",
        receipt.rejected[0].reason
    );
    assert_eq!(
        intake.households_of(&sealed.batch_id).unwrap(),
        [hid(0).0, hid(1).0]
    );
    let unpacked = bank.data_dir().join("batches").join(&sealed.batch_id);
    assert!(unpacked.join("manifest.json.age").is_file());

    // The same batch again (a retry, a second USB copy): the same receipt, nothing added.
    let again = receive(&intake, &sealed);
    assert_eq!(again, first);
    assert_eq!(intake.households_of(&sealed.batch_id).unwrap().len(), 2);

    // The device takes the receipt: two uploaded, the third back to be corrected.
    let Outcome::Receipt(signed) = first else {
        unreachable!()
    };
    let applied = cunxin_core::batch::apply_receipt(
        &mut store,
        signed.json.as_bytes(),
        &signed.signature,
        &bank.platform_key,
    )
    .unwrap();
    assert_eq!(applied.uploaded, vec![hid(0), hid(1)]);
    assert_eq!(
        store.household(&hid(2)).unwrap().state,
        LifecycleState::Finalized
    );
}

#[test]
fn tampered_unknown_and_undecryptable_batches_are_refused_with_their_reason() {
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let (mut store, _, _) = village(&work.path().join("store"), 2, 2);
    let sealed = seal_into(&mut store, &bank, &work.path().join("out"));
    let intake = intake(&bank);

    // Not registered yet.
    let unknown = refusal(receive(&intake, &sealed));
    assert!(
        unknown.contains("not among the trusted device keys"),
        "{unknown}"
    );

    bank.register(&mut store, "tablet-1");
    // One byte flipped in the middle of the batch.
    let mut bytes = std::fs::read(&sealed.path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    let flipped = work.path().join("flipped.tar.age");
    std::fs::write(&flipped, &bytes).unwrap();
    let signature = std::fs::read(&sealed.signature_path).unwrap();
    let tampered = refusal(intake.receive(&flipped, &signature).unwrap());
    assert!(tampered.contains("altered or damaged"), "{tampered}");
    let garbage = refusal(intake.receive(&sealed.path, b"not a signature").unwrap());
    assert!(garbage.contains("not a minisign signature"), "{garbage}");

    // Sealed for another bank.
    let other_bank = bank_support::bank(&work.path().join("other-bank"));
    let (mut store2, _, _) = village(&work.path().join("store2"), 1, 1);
    bank.register(&mut store2, "tablet-2");
    let foreign = seal_into(&mut store2, &other_bank, &work.path().join("out2"));
    let not_ours = refusal(receive(&intake, &foreign));
    assert!(
        not_ours.contains("not encrypted to this identity"),
        "{not_ours}"
    );

    // Nothing of the refused batches was kept; the good one still goes in.
    let batches = bank.data_dir().join("batches");
    assert_eq!(std::fs::read_dir(&batches).unwrap().count(), 0);
    let receipt = receipt_of(&receive(&intake, &sealed), &bank);
    assert_eq!(receipt.accepted.len(), 2);
    let staging = bank.data_dir().join("staging");
    assert_eq!(
        std::fs::read_dir(&staging).unwrap().count(),
        0,
        "staging is left empty"
    );
}

#[test]
fn a_copied_device_continuing_the_chain_twice_is_refused_and_a_gap_is_accepted() {
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let store_dir = work.path().join("store");
    let (mut store, key, mut expected) = village(&store_dir, 6, 2);
    bank.register(&mut store, "tablet-1");
    let intake = intake(&bank);
    let first = seal_into(&mut store, &bank, &work.path().join("out"));
    receipt_of(&receive(&intake, &first), &bank);

    // The tablet's store is copied (a cloned device); both copies seal a next batch.
    drop(store);
    let copy_dir = work.path().join("copy");
    copy_dir_all(&store_dir, &copy_dir);
    let mut store = Store::open(&store_dir, &key).unwrap();
    let mut copy = Store::open(&copy_dir, &key).unwrap();
    finalize_household(&mut store, 2, &mut expected);
    finalize_household(&mut copy, 3, &mut expected);
    let second = seal_into(&mut store, &bank, &work.path().join("out"));
    let forked = seal_into(&mut copy, &bank, &work.path().join("out-copy"));
    assert_eq!(forked.previous_batch_id, Some(first.batch_id.clone()));
    receipt_of(&receive(&intake, &second), &bank);
    let reason = refusal(receive(&intake, &forked));
    assert!(reason.contains("already continued its chain"), "{reason}");

    // A batch whose predecessor never arrived (a lost USB drive) is still taken in.
    finalize_household(&mut store, 4, &mut expected);
    let lost = seal_into(&mut store, &bank, &work.path().join("out"));
    finalize_household(&mut store, 5, &mut expected);
    let after_gap = seal_into(&mut store, &bank, &work.path().join("out"));
    assert_eq!(after_gap.previous_batch_id, Some(lost.batch_id.clone()));
    assert_eq!(
        receipt_of(&receive(&intake, &after_gap), &bank).accepted,
        vec![hid(5)]
    );
}

fn copy_dir_all(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir_all(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn the_platform_command_imports_a_usb_export_folder_and_writes_answer_files() {
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let (mut store, _, _) = village(&work.path().join("store"), 2, 2);
    bank.register(&mut store, "tablet-1");
    let out = cunxin_core::batch::default_batch_dir(&store);
    let sealed = seal_into(&mut store, &bank, &out);
    let usb = work.path().join("usb");
    cunxin_core::batch::export_batches(&mut store, &out, &usb, None).unwrap();
    let keys = bank.config.keys.as_ref().unwrap();
    let config = work.path().join("platform.toml");
    std::fs::write(
        &config,
        format!(
            "listen = \"127.0.0.1:0\"\ndata_dir = {:?}\n[keys]\nbank_identity = {:?}\nplatform_key = {:?}\ndevices_dir = {:?}\n",
            bank.data_dir(),
            keys.bank_identity,
            keys.platform_key,
            keys.devices_dir
        ),
    )
    .unwrap();

    let run = std::process::Command::new(env!("CARGO_BIN_EXE_cunxin-platform"))
        .arg("--config")
        .arg(&config)
        .arg("import")
        .arg(&usb)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("2 accepted, 0 rejected"), "{stdout}");
    let answer = usb.join(format!(
        "{}.receipt.json",
        sealed.path.file_name().unwrap().to_string_lossy()
    ));
    let answer: Outcome = serde_json::from_slice(&std::fs::read(answer).unwrap()).unwrap();
    assert_eq!(receipt_of(&answer, &bank).accepted, vec![hid(0), hid(1)]);

    // What the platform now holds: masked by default, the records in full only when asked.
    let list = |args: &[&str]| {
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_cunxin-platform"))
            .arg("--config")
            .arg(&config)
            .arg("households")
            .args(args)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        String::from_utf8(run.stdout).unwrap()
    };
    let head = store.household(&hid(0)).unwrap().household.members[0].clone();
    let text = list(&[]);
    assert!(text.contains("2 accepted, 0 returned"), "{text}");
    assert!(
        !text.contains(&head.name) && !text.contains(&head.id_number),
        "{text}"
    );
    let masked: serde_json::Value = serde_json::from_str(&list(&["--json"])).unwrap();
    assert!(masked["accepted"][0]["record"].is_null());
    let revealed: serde_json::Value = serde_json::from_str(&list(&["--json", "--reveal"])).unwrap();
    let held = &revealed["accepted"][0];
    assert_eq!(held["household_id"], hid(0).0);
    assert_eq!(held["batch_id"], sealed.batch_id);
    assert!(
        held["record"].to_string().contains(&head.id_number),
        "{held}"
    );

    // An empty folder is one clear sentence, exit 2.
    let empty = work.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_cunxin-platform"))
        .arg("--config")
        .arg(&config)
        .arg("import")
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("there is no batch"));
}

#[test]
fn the_platform_key_from_keygen_signs_receipts_that_stock_minisign_verifies() {
    let work = tempfile::tempdir().unwrap();
    let mut bank = bank(&work.path().join("bank"));
    let keys = work.path().join("keys");
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_cunxin-platform"))
        .arg("keygen")
        .arg(&keys)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let public = keys.join("platform.pub");
    bank.config.keys.as_mut().unwrap().platform_key = keys.join("platform.key");
    bank.platform_key =
        cunxin_core::batch::parse_public_key(&std::fs::read_to_string(&public).unwrap()).unwrap();

    let (mut store, _, _) = village(&work.path().join("store"), 1, 1);
    bank.register(&mut store, "tablet-1");
    let sealed = seal_into(&mut store, &bank, &work.path().join("out"));
    let outcome = receive(&intake(&bank), &sealed);
    assert_eq!(receipt_of(&outcome, &bank).accepted, vec![hid(0)]);
    // The receipt is plain minisign: the stock tool verifies it with platform.pub.
    let Outcome::Receipt(signed) = outcome else {
        unreachable!()
    };
    let (json, sig) = (
        work.path().join("receipt.json"),
        work.path().join("receipt.json.minisig"),
    );
    std::fs::write(&json, &signed.json).unwrap();
    std::fs::write(&sig, &signed.signature).unwrap();
    let verified = std::process::Command::new("minisign")
        .args(["-V", "-m"])
        .arg(&json)
        .arg("-p")
        .arg(&public)
        .output()
        .expect("minisign is installed");
    assert!(
        verified.status.success(),
        "{}",
        String::from_utf8_lossy(&verified.stderr)
    );

    // A second keygen into the same folder never overwrites the secret key.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_cunxin-platform"))
        .arg("keygen")
        .arg(&keys)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
}
