//! The batch and its store under trouble: a seal that fails half-way leaves no trace of the
//! batch, a purge a verified receipt started finishes at the next opening, a batch past the
//! bounds is refused before its files are stored, and a consent is taken only for a shipped
//! text. Real SQLCipher stores, real batches.

mod batch_support;
mod store_support;

use batch_support::*;
use cunxin_core::batch::manifest::MAX_FILES;
use cunxin_core::batch::{
    BatchError, Receipt, SigningKey, UnpackTarget, apply_receipt, export_public_key,
    open_batch_into, parse_public_key, seal,
};
use cunxin_core::model::{LifecycleState, current_consent_text};
use cunxin_core::store::{ConsentKind, Store, StoreError};
use std::io::{Read, Write};
use store_support::{consent, raw_connection};

#[test]
fn a_seal_that_fails_when_marking_households_leaves_no_manifest_hash_and_no_chain_step() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("store");
    let (store, key, _) = village(&dir, 2, 2);
    drop(store);
    // The last write of sealing fails (as a full disk or a pulled battery would make it).
    raw_connection(&dir, &key)
        .execute_batch(
            "CREATE TRIGGER fail_sealing BEFORE INSERT ON batch_households
             BEGIN SELECT RAISE(ABORT, 'the disk gave out'); END;",
        )
        .unwrap();
    let mut store = Store::open(&dir, &key).unwrap();
    let (_, bank) = bank_key();
    let out = work.path().join("batches");
    seal(&mut store, &[bank], &out).unwrap_err();
    assert_eq!(
        store
            .setting("last_batch_id")
            .unwrap()
            .filter(|v| !v.is_empty()),
        None
    );
    assert_eq!(
        store.household(&hid(0)).unwrap().state,
        LifecycleState::Finalized
    );
    drop(store);
    let recorded: i64 = raw_connection(&dir, &key)
        .query_row(
            "SELECT count(*) FROM settings WHERE key LIKE 'batch_manifest_sha256.%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        recorded, 0,
        "no receipt may be taken for a batch that was never sealed"
    );
    assert_eq!(dir_names(&out), Vec::<String>::new());
}

#[test]
fn the_purge_a_verified_receipt_started_finishes_at_the_next_opening() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("store");
    let (mut store, key, _) = village(&dir, 3, 2);
    let (_, bank) = bank_key();
    let sealed = seal(&mut store, &[bank], &work.path().join("batches")).unwrap();
    let platform = SigningKey::generate().unwrap();
    let receipt = Receipt {
        receipt_id: "R-1".into(),
        batch_id: sealed.batch_id.clone(),
        manifest_sha256: sealed.manifest_sha256.clone(),
        device_id: sealed.device_id.clone(),
        received_at: "2026-11-23T09:00:00Z".into(),
        accepted: vec![hid(0), hid(1)],
        rejected: vec![],
        platform_key_id: platform.key_id(),
    }
    .sign(&platform)
    .unwrap();
    // The receipt is recorded; the process dies before the purge that follows it.
    apply_receipt(
        &mut store,
        receipt.json.as_bytes(),
        &receipt.signature,
        platform.public_key(),
    )
    .unwrap();
    let files_before = dir_names(&store.files_dir()).len();
    assert!(matches!(
        store.household(&hid(0)).unwrap().state,
        LifecycleState::Uploaded { .. }
    ));
    drop(store);

    let store = Store::open(&dir, &key).unwrap();
    assert_eq!(store.open_report().purges_resumed, 2);
    let lines = store.list_households().unwrap();
    for n in [0, 1] {
        let line = lines.iter().find(|l| l.id == hid(n).0).unwrap();
        assert_eq!(line.state, LifecycleState::Purged);
    }
    assert!(
        store.household(&hid(0)).is_err(),
        "its personal data is gone"
    );
    assert!(dir_names(&store.files_dir()).len() < files_before);
    drop(store);
    assert_eq!(
        Store::open(&dir, &key)
            .unwrap()
            .open_report()
            .purges_resumed,
        0
    );
}

/// Takes entries and drops them, counting.
#[derive(Default)]
struct Counting {
    stored: usize,
}

impl UnpackTarget for Counting {
    fn store(&mut self, _path: &str, data: &mut dyn Read) -> std::io::Result<()> {
        std::io::copy(data, &mut std::io::sink())?;
        self.stored += 1;
        Ok(())
    }
}

#[test]
fn a_batch_with_more_files_than_one_batch_may_hold_is_refused_as_they_come() {
    let work = tempfile::tempdir().unwrap();
    let (mut store, _, _) = village(&work.path().join("store"), 1, 0);
    let device = parse_public_key(&export_public_key(&mut store).unwrap()).unwrap();
    let key =
        SigningKey::from_secret_key_text(&store.setting("device_secret_key").unwrap().unwrap())
            .unwrap();
    let (identity, recipient) = bank_key();
    // Empty files, as many as the bound allows and three more: one header block each.
    let mut tar = Vec::with_capacity((MAX_FILES + 3) * 512 + 1024);
    for n in 0..MAX_FILES + 3 {
        let mut header = tar::Header::new_ustar();
        header.set_path(format!("f/{n:06}")).unwrap();
        header.set_size(0);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        tar.extend_from_slice(header.as_bytes());
    }
    tar.resize(tar.len() + 1024, 0);
    let mut encrypted = Vec::new();
    let mut writer =
        age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
            .unwrap()
            .wrap_output(&mut encrypted)
            .unwrap();
    writer.write_all(&tar).unwrap();
    writer.finish().unwrap();
    let signature = key
        .sign(
            &encrypted[..],
            "timestamp:0 cunxin-batch/1 batch:B-many device:test households:0",
            "t",
        )
        .unwrap();

    let mut target = Counting::default();
    let e = open_batch_into(
        std::io::Cursor::new(encrypted),
        signature.as_bytes(),
        &[device],
        &[identity],
        &mut target,
    )
    .unwrap_err();
    assert!(
        matches!(&e, BatchError::Archive(m) if m.contains(&format!("more than {MAX_FILES} files"))),
        "{e}"
    );
    assert!(target.stored <= MAX_FILES + 2, "{}", target.stored);
}

#[test]
fn a_consent_is_taken_only_for_a_shipped_text_and_with_a_signature_image() {
    let work = tempfile::tempdir().unwrap();
    let (mut store, _, _) = village(&work.path().join("store"), 1, 0);
    let mut placeholder = consent(ConsentKind::PersonalInfo, "户主");
    placeholder.text_sha256 = "5f".repeat(32);
    let e = store
        .add_consent(&hid(0), &placeholder, &mut &signature_png(1)[..])
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::InvalidInput(m) if m.contains("not one this Cunxin ships")),
        "{e}"
    );
    // The credit-inquiry text's hash does not stand for the personal-information text.
    let mut other_kind = consent(ConsentKind::PersonalInfo, "户主");
    other_kind.text_sha256 = current_consent_text(ConsentKind::CreditInquiry)
        .sha256
        .into();
    store
        .add_consent(&hid(0), &other_kind, &mut &signature_png(1)[..])
        .unwrap_err();
    let e = store
        .add_consent(
            &hid(0),
            &consent(ConsentKind::PersonalInfo, "户主"),
            &mut &b""[..],
        )
        .unwrap_err();
    assert!(e.to_string().contains("signature image is empty"), "{e}");
    store
        .add_consent(
            &hid(0),
            &consent(ConsentKind::PersonalInfo, "户主"),
            &mut &signature_png(1)[..],
        )
        .unwrap();
    assert_eq!(store.consents(&hid(0)).unwrap().len(), 1);
}
