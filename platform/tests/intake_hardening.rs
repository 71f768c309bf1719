//! The receiver against a registered device that misbehaves, and against being killed: one
//! device's chain per key, every batch decided with bounded work, and nothing kept in clear.
//! Real stores seal real batches; forged ones are real batches edited and signed again with
//! the device's own key, so only their content is wrong.

mod bank_support;
mod batch_forge;
#[path = "../../core/tests/batch_support/mod.rs"]
mod batch_support;
mod device_support;
#[path = "../../core/tests/store_support/mod.rs"]
mod store_support;
mod support;

use bank_support::{Bank, bank};
use batch_forge::{Forged, bank_identity, device_key};
use batch_support::*;
use cunxin_core::batch::manifest::{MAX_RECORD_BYTES, MAX_RECORD_DEPTH};
use cunxin_core::batch::{Receipt, SealedBatch, seal, verify_receipt};
use cunxin_core::store::{ConsentKind, Store};
use cunxin_platform::intake::{Intake, Outcome};
use std::os::unix::fs::PermissionsExt;
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

fn identity(bank: &Bank) -> age::x25519::Identity {
    bank_identity(&bank.config.keys.as_ref().unwrap().bank_identity)
}

/// Signs the forged batch with the store's device key and hands it to the platform.
fn receive_forged(
    intake: &Intake,
    bank: &Bank,
    store: &Store,
    forged: &Forged,
    dir: &Path,
) -> Outcome {
    let (path, signature) = forged.seal(&bank.recipient, &device_key(store), dir);
    intake.receive(&path, &signature).unwrap()
}

/// Every file under `dir`, recursively.
fn files_under_dir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under_dir(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn a_batch_naming_another_devices_id_is_refused_and_that_device_keeps_its_chain() {
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let (mut first, _, _) = village(&work.path().join("first"), 2, 1);
    let (mut second, _, _) = village(&work.path().join("second"), 2, 1);
    bank.register(&mut first, "tablet-1");
    bank.register(&mut second, "tablet-2");
    let intake = intake(&bank);
    let first_id = cunxin_core::batch::DeviceIdentity::load_or_create(&mut first)
        .unwrap()
        .device_id;

    // The second tablet, registered with its own id, seals a batch naming the first's.
    second.set_setting("device_id", &first_id).unwrap();
    let impostor = seal_into(&mut second, &bank, &work.path().join("out-2"));
    assert_eq!(impostor.device_id, first_id);
    let reason = refusal(receive(&intake, &impostor));
    assert!(
        reason.contains(&format!("names device {first_id}"))
            && reason.contains("registered for device"),
        "{reason}"
    );

    // The first tablet's own batch starts its chain as if nothing happened.
    let real = seal_into(&mut first, &bank, &work.path().join("out-1"));
    assert_eq!(real.previous_batch_id, None);
    assert_eq!(
        receipt_of(&receive(&intake, &real), &bank).accepted,
        vec![hid(0)]
    );
}

/// The device's transport, cancelled once it has sent `patches` chunks.
struct CancelAfter {
    patches: usize,
    sent: std::sync::atomic::AtomicUsize,
}

impl cunxin_core::upload::HttpTransport for CancelAfter {
    fn send(
        &self,
        request: cunxin_core::upload::HttpRequest,
    ) -> Result<cunxin_core::upload::HttpResponse, cunxin_core::upload::TransportError> {
        if request.method == cunxin_core::upload::Method::Patch {
            self.sent.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        cunxin_core::upload::HttpTransport::send(&device_support::Ureq, request)
    }

    fn cancelled(&self) -> bool {
        self.sent.load(std::sync::atomic::Ordering::SeqCst) >= self.patches
    }
}

#[test]
fn the_batch_list_shows_a_half_sent_batch_and_then_the_platforms_refusal_with_its_reason() {
    use cunxin_core::batch::{BatchError, HandOver, batch_list, default_batch_dir, hand_over_all};
    use cunxin_core::store::BatchState;
    use cunxin_core::upload::{UploadError, UploadOptions};
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let (mut first, _, _) = village(&work.path().join("first"), 1, 0);
    let (mut second, _, _) = village(&work.path().join("second"), 2, 1);
    bank.register(&mut first, "tablet-1");
    bank.register(&mut second, "tablet-2");
    let first_id = cunxin_core::batch::DeviceIdentity::load_or_create(&mut first)
        .unwrap()
        .device_id;
    // The second tablet's batch names the first one's device: the platform refuses it whole.
    second.set_setting("device_id", &first_id).unwrap();
    let batch_dir = default_batch_dir(&second);
    let sealed = seal_into(&mut second, &bank, &batch_dir);
    let line = &batch_list(&second).unwrap()[0];
    assert_eq!(
        (line.state, line.bytes_uploaded),
        (BatchState::Sealed, None)
    );
    assert_eq!(line.batch_bytes, Some(sealed.batch_bytes));

    let platform = cunxin_platform::BackgroundPlatform::start(&bank.config).unwrap();
    let options = UploadOptions::fixed_chunks(16 * 1024);
    let platform_key = bank.platform_key.clone();
    let store = std::sync::Mutex::new(second);
    let half = CancelAfter {
        patches: 2,
        sent: Default::default(),
    };
    let cancelled = hand_over_all(
        &store,
        &platform.endpoint(),
        &half,
        &options,
        |_| {},
        &platform_key,
    );
    assert!(
        matches!(cancelled, Err(BatchError::Upload(UploadError::Cancelled))),
        "{cancelled:?}"
    );
    let line = &batch_list(&store.lock().unwrap()).unwrap()[0];
    assert_eq!(line.state, BatchState::Sealed);
    assert_eq!(line.bytes_uploaded, Some(2 * 16 * 1024));

    let done = hand_over_all(
        &store,
        &platform.endpoint(),
        &device_support::Ureq,
        &options,
        |_| {},
        &platform_key,
    )
    .unwrap();
    let HandOver::Refused { reason } = &done[0].hand_over else {
        panic!("the impostor's batch was accepted")
    };
    assert!(
        reason.contains(&format!("names device {first_id}")),
        "{reason}"
    );
    let store = store.into_inner().unwrap();
    let line = &batch_list(&store).unwrap()[0];
    assert_eq!(line.state, BatchState::Refused);
    assert_eq!(line.refused_reason.as_deref(), Some(reason.as_str()));
    assert_eq!(
        line.bytes_uploaded, None,
        "the upload finished; only the answer was no"
    );
    assert_eq!(line.batch_bytes, Some(sealed.batch_bytes));
}

#[test]
fn households_are_the_devices_own_and_two_tablets_h001_are_two_households() {
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let (mut first, _, _) = village(&work.path().join("first"), 1, 1);
    let (mut second, _, _) = village(&work.path().join("second"), 1, 1);
    bank.register(&mut first, "tablet-1");
    bank.register(&mut second, "tablet-2");
    let intake = intake(&bank);
    let a = seal_into(&mut first, &bank, &work.path().join("out-1"));
    let b = seal_into(&mut second, &bank, &work.path().join("out-2"));
    assert_eq!(
        receipt_of(&receive(&intake, &a), &bank).accepted,
        vec![hid(0)]
    );
    assert_eq!(
        receipt_of(&receive(&intake, &b), &bank).accepted,
        vec![hid(0)]
    );
    assert_eq!(
        intake
            .batches_of_household(&a.device_id, &hid(0).0)
            .unwrap(),
        [a.batch_id.clone()]
    );
    assert_eq!(
        intake
            .batches_of_household(&b.device_id, &hid(0).0)
            .unwrap(),
        [b.batch_id.clone()]
    );

    // The same record again from the same device is a duplicate; the platform tells it.
    let id = identity(&bank);
    let mut again = Forged::of(&a, &id);
    let record = again.file(&again.manifest.households[0].record).to_vec();
    again.manifest.batch_id = format!("{}-again", a.batch_id);
    again.manifest.previous_batch_id = Some(a.batch_id.clone());
    again.set_record(0, record);
    let receipt = receipt_of(
        &receive_forged(&intake, &bank, &first, &again, &work.path().join("f")),
        &bank,
    );
    assert!(
        receipt.rejected[0].reason.contains("already received"),
        "{:?}",
        receipt.rejected
    );
}

#[test]
fn a_record_that_is_not_utf8_or_a_household_listed_twice_is_decided_with_its_reason() {
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let (mut store, _, _) = village(&work.path().join("store"), 3, 3);
    bank.register(&mut store, "tablet-1");
    let sealed = seal_into(&mut store, &bank, &work.path().join("out"));
    let intake = intake(&bank);
    let id = identity(&bank);

    let mut twice = Forged::of(&sealed, &id);
    let first = twice.manifest.households[0].clone();
    twice.manifest.households.push(first);
    let reason = refusal(receive_forged(
        &intake,
        &bank,
        &store,
        &twice,
        &work.path().join("twice"),
    ));
    assert!(
        reason.contains("lists household") && reason.contains("twice"),
        "{reason}"
    );

    let mut latin1 = Forged::of(&sealed, &id);
    let mut bytes = latin1.file(&latin1.manifest.households[1].record).to_vec();
    bytes.extend_from_slice(b"\xff\xfe\xe9");
    latin1.set_record(1, bytes);
    let receipt = receipt_of(
        &receive_forged(&intake, &bank, &store, &latin1, &work.path().join("latin1")),
        &bank,
    );
    assert_eq!(receipt.accepted, vec![hid(0), hid(2)]);
    assert_eq!(receipt.rejected[0].household, hid(1));
    assert!(
        receipt.rejected[0].reason.contains("not UTF-8"),
        "{}",
        receipt.rejected[0].reason
    );
    assert_eq!(
        intake.households_of(&sealed.batch_id).unwrap(),
        [hid(0).0, hid(2).0]
    );
}

#[test]
fn records_past_their_bounds_are_rejected_before_they_are_parsed() {
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let (mut store, _, _) = village(&work.path().join("store"), 3, 3);
    bank.register(&mut store, "tablet-1");
    let sealed = seal_into(&mut store, &bank, &work.path().join("out"));
    let intake = intake(&bank);
    let mut forged = Forged::of(&sealed, &identity(&bank));

    // Valid JSON, one byte over the size bound: a long string inside a real record.
    let mut big = forged.record(0);
    big["padding"] = serde_json::json!("");
    let padding = MAX_RECORD_BYTES as usize + 1 - serde_json::to_vec(&big).unwrap().len();
    big["padding"] = serde_json::json!("x".repeat(padding));
    let big = serde_json::to_vec(&big).unwrap();
    assert_eq!(big.len() as u64, MAX_RECORD_BYTES + 1);
    forged.set_record(0, big);
    // Nested past the depth bound (well within serde's own recursion limit).
    let mut deep = forged.record(1);
    let mut nest = serde_json::json!(1);
    for _ in 0..MAX_RECORD_DEPTH {
        nest = serde_json::json!([nest]);
    }
    deep["nest"] = nest;
    forged.set_record(1, serde_json::to_vec(&deep).unwrap());

    let receipt = receipt_of(
        &receive_forged(&intake, &bank, &store, &forged, &work.path().join("f")),
        &bank,
    );
    assert_eq!(receipt.accepted, vec![hid(2)]);
    let reasons: Vec<&str> = receipt.rejected.iter().map(|r| r.reason.as_str()).collect();
    assert!(
        reasons[0].contains(&format!("more than the {MAX_RECORD_BYTES}")),
        "{reasons:?}"
    );
    assert!(
        reasons[1].contains(&format!("deeper than {MAX_RECORD_DEPTH}")),
        "{reasons:?}"
    );
}

#[test]
fn a_household_without_personal_information_consent_leaves_only_its_refusal_and_a_masked_line() {
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let (mut store, _, _) = village(&work.path().join("store"), 3, 2);
    bank.register(&mut store, "tablet-1");
    let sealed = seal_into(&mut store, &bank, &work.path().join("out"));
    let intake = intake(&bank);
    let head = store.household(&hid(1)).unwrap().household.head().clone();
    // The store finalizes no household without it; a device could still send one.
    let mut forged = Forged::of(&sealed, &identity(&bank));
    let mut record = forged.record(1);
    record["consents"]
        .as_array_mut()
        .unwrap()
        .retain(|c| c["kind"] != ConsentKind::PersonalInfo.as_str());
    forged.set_record(1, serde_json::to_vec_pretty(&record).unwrap());

    let receipt = receipt_of(
        &receive_forged(&intake, &bank, &store, &forged, &work.path().join("f")),
        &bank,
    );
    assert_eq!(receipt.accepted, vec![hid(0)]);
    assert!(receipt.rejected[0].reason.contains("personal-information"));
    let kept = intake.rejections_of(&sealed.batch_id).unwrap();
    assert_eq!(kept.len(), 1);
    let masked = kept[0].masked.as_deref().unwrap();
    assert!(
        masked.contains(&cunxin_core::privacy::mask_id(&head.id_number)),
        "{masked}"
    );
    assert!(
        masked.contains(&cunxin_core::privacy::mask_name(&head.name)),
        "{masked}"
    );
    assert!(
        !masked.contains(&head.id_number) && !masked.contains(&head.name),
        "{masked}"
    );

    // Its folder is gone from the kept batch; the accepted household's is there.
    let kept_dir = bank.data_dir().join("batches").join(&sealed.batch_id);
    assert!(kept_dir.join("households/0001").is_dir());
    assert!(!kept_dir.join("households/0002").exists());
    // Nor does any byte of its record or its photos stay in the platform's files.
    let db = std::fs::read(bank.data_dir().join("platform.sqlite")).unwrap();
    let wal = std::fs::read(bank.data_dir().join("platform.sqlite-wal")).unwrap_or_default();
    for bytes in [&db, &wal] {
        assert!(memchr::memmem::find(bytes, head.id_number.as_bytes()).is_none());
    }
}

#[test]
fn a_consent_counts_only_with_a_shipped_text_and_its_signature_image() {
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let (mut store, _, _) = village(&work.path().join("store"), 3, 3);
    bank.register(&mut store, "tablet-1");
    let sealed = seal_into(&mut store, &bank, &work.path().join("out"));
    let intake = intake(&bank);
    let mut forged = Forged::of(&sealed, &identity(&bank));

    // Household 0: the demo's old placeholder hash. Household 1: no signature image.
    let mut placeholder = forged.record(0);
    for consent in placeholder["consents"].as_array_mut().unwrap() {
        consent["text_sha256"] = serde_json::json!("5f".repeat(32));
    }
    forged.set_record(0, serde_json::to_vec(&placeholder).unwrap());
    let mut unsigned = forged.record(1);
    for consent in unsigned["consents"].as_array_mut().unwrap() {
        consent["signature_file"] = serde_json::Value::Null;
    }
    forged.set_record(1, serde_json::to_vec(&unsigned).unwrap());

    let receipt = receipt_of(
        &receive_forged(&intake, &bank, &store, &forged, &work.path().join("f")),
        &bank,
    );
    assert_eq!(receipt.accepted, vec![hid(2)]);
    assert!(
        receipt.rejected[0].reason.contains("names no consent text"),
        "{:?}",
        receipt.rejected
    );
    assert!(
        receipt.rejected[1].reason.contains("no signature image"),
        "{:?}",
        receipt.rejected
    );
}

#[test]
fn the_platform_keeps_nothing_in_clear_and_its_files_are_private() {
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let (mut store, _, expected) = village(&work.path().join("store"), 2, 2);
    bank.register(&mut store, "tablet-1");
    let sealed = seal_into(&mut store, &bank, &work.path().join("out"));
    let head = store.household(&hid(0)).unwrap().household.head().clone();

    // What a receiver killed during intake left before this version: files in clear.
    let left = bank
        .data_dir()
        .join("staging/opening-x1y2z3/households/0001");
    std::fs::create_dir_all(&left).unwrap();
    std::fs::write(
        left.join("record.json"),
        format!("{{\"name\":\"{}\"}}", head.name),
    )
    .unwrap();
    let intake = intake(&bank);
    assert_eq!(
        std::fs::read_dir(bank.data_dir().join("staging"))
            .unwrap()
            .count(),
        0
    );

    receipt_of(&receive(&intake, &sealed), &bank);
    let kept = bank.data_dir().join("batches").join(&sealed.batch_id);
    let files = files_under_dir(&kept);
    assert!(files.len() > expected.files.len(), "{files:?}");
    let photo = expected.files.values().find(|b| b.len() > 5_000).unwrap();
    for file in &files {
        assert!(
            file.to_string_lossy().ends_with(".age"),
            "{}",
            file.display()
        );
        let bytes = std::fs::read(file).unwrap();
        assert!(
            bytes.starts_with(b"age-encryption.org/v1\n"),
            "{}",
            file.display()
        );
        assert!(memchr::memmem::find(&bytes, head.name.as_bytes()).is_none());
        assert!(memchr::memmem::find(&bytes, &photo[1000..1064]).is_none());
    }
    // The bank reads them with its own key.
    let record = files
        .iter()
        .find(|f| f.ends_with("households/0001/record.json.age"))
        .unwrap();
    let plain = bank.read_kept(record);
    assert!(memchr::memmem::find(&plain, head.id_number.as_bytes()).is_some());

    // Files 0600, folders 0700: the database, its journal and every kept file.
    let mut checked = 0;
    for file in files.iter().chain(
        [
            "platform.sqlite",
            "platform.sqlite-wal",
            "platform.sqlite-shm",
        ]
        .map(|n| bank.data_dir().join(n))
        .iter()
        .filter(|p| p.exists()),
    ) {
        let mode = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", file.display());
        checked += 1;
    }
    assert!(checked > files.len());
    for dir in [
        bank.data_dir().to_path_buf(),
        bank.data_dir().join("batches"),
        bank.data_dir().join("staging"),
        kept.clone(),
        kept.join("households/0001"),
    ] {
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}", dir.display());
    }
}

#[test]
fn the_import_decides_every_batch_and_one_bad_batch_blocks_none() {
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let (mut store, _, mut expected) = village(&work.path().join("store"), 2, 1);
    bank.register(&mut store, "tablet-1");
    let usb = work.path().join("usb");
    let first = seal_into(&mut store, &bank, &work.path().join("out"));
    finalize_household(&mut store, 1, &mut expected);
    let second = seal_into(&mut store, &bank, &usb);
    // The first batch (in name order) with a record that is not UTF-8.
    let mut bad = Forged::of(&first, &identity(&bank));
    let mut bytes = bad.file(&bad.manifest.households[0].record).to_vec();
    bytes.insert(0, 0xff);
    bad.set_record(0, bytes);
    bad.seal(&bank.recipient, &device_key(&store), &usb);

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
    assert!(stdout.contains("0 accepted, 1 rejected"), "{stdout}");
    assert!(stdout.contains("1 accepted, 0 rejected"), "{stdout}");
    for batch in [&first.batch_id, &second.batch_id] {
        let answer = usb.join(format!("{batch}.tar.age.receipt.json"));
        let mode = std::fs::metadata(&answer).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let answer: Outcome = serde_json::from_slice(&std::fs::read(answer).unwrap()).unwrap();
        receipt_of(&answer, &bank);
    }
}

#[test]
fn a_receiver_killed_during_intake_leaves_nothing_in_clear() {
    let work = tempfile::tempdir().unwrap();
    let bank = bank(&work.path().join("bank"));
    let (mut store, _, _) = village(&work.path().join("store"), 1, 1);
    bank.register(&mut store, "tablet-1");
    let sealed = seal_into(&mut store, &bank, &work.path().join("out"));
    // A large batch: many photos, each starting with a marker that must never be on disk.
    let mut forged = Forged::of(&sealed, &identity(&bank));
    let marker = b"CLEAR-PHOTO-BYTES:";
    for n in 0..600 {
        let mut photo = marker.to_vec();
        photo.extend(std::iter::repeat_n(n as u8, 256 * 1024));
        forged.set(&format!("households/0001/photos/extra-{n:04}.jpg"), photo);
    }
    let usb = work.path().join("usb");
    forged.seal(&bank.recipient, &device_key(&store), &usb);
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
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cunxin-platform"))
        .arg("--config")
        .arg(&config)
        .arg("import")
        .arg(&usb)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let staging = bank.data_dir().join("staging");
    let start = std::time::Instant::now();
    let staged = loop {
        let staged = files_under_dir(&staging);
        if staged.len() >= 20 {
            break staged;
        }
        assert!(start.elapsed().as_secs() < 60, "intake never staged files");
        assert!(
            child.try_wait().unwrap().is_none(),
            "intake ended before it was killed"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    child.kill().unwrap();
    child.wait().unwrap();

    let left = files_under_dir(&staging);
    assert!(left.len() >= staged.len(), "{} files left", left.len());
    for file in &left {
        let bytes = std::fs::read(file).unwrap();
        assert!(
            memchr::memmem::find(&bytes, marker).is_none(),
            "{} is in clear",
            file.display()
        );
    }
    // The next start clears them away and the batch is then taken in whole.
    let intake = intake(&bank);
    assert_eq!(files_under_dir(&staging), Vec::<std::path::PathBuf>::new());
    let (path, signature) = (
        usb.join(format!("{}.tar.age", forged.manifest.batch_id)),
        std::fs::read(usb.join(format!("{}.tar.age.minisig", forged.manifest.batch_id))).unwrap(),
    );
    let receipt = receipt_of(&intake.receive(&path, &signature).unwrap(), &bank);
    assert_eq!(receipt.accepted, vec![hid(0)]);
}
