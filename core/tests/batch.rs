//! Batches on real components: a real SQLCipher store with finalized households (real JPEG
//! photos, PNG signatures), sealed with age and minisign, opened, tampered with, chained,
//! receipted and exported; and a bounded fuzz test of the opener.

mod batch_support;
mod store_support;

use batch_support::*;
use cunxin_core::batch::{
    self, BatchError, Receipt, Rejection, SigningKey, apply_receipt, export_batches,
    export_public_key, open_batch, open_batch_from, parse_public_key, seal, verify_receipt,
};
use cunxin_core::model::LifecycleState;
use cunxin_core::store::{AuditKind, Store};
use std::io::{Read, Write};
use std::path::Path;

fn device_key(store: &Store) -> SigningKey {
    SigningKey::from_secret_key_text(&store.setting("device_secret_key").unwrap().unwrap()).unwrap()
}

fn device_public(store: &mut Store) -> minisign::PublicKey {
    parse_public_key(&export_public_key(store).unwrap()).unwrap()
}

fn decrypt(batch: &[u8], identity: &age::x25519::Identity) -> Vec<u8> {
    let decryptor = age::Decryptor::new_buffered(batch).unwrap();
    let mut out = Vec::new();
    decryptor
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .unwrap()
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn encrypt(plain: &[u8], recipient: &age::x25519::Recipient) -> Vec<u8> {
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(recipient as &dyn age::Recipient)).unwrap();
    let mut out = Vec::new();
    let mut writer = encryptor.wrap_output(&mut out).unwrap();
    writer.write_all(plain).unwrap();
    writer.finish().unwrap();
    out
}

/// Encrypts and signs `tar` as the device would, naming `batch_id` in the trusted comment.
fn reseal(
    tar: &[u8],
    recipient: &age::x25519::Recipient,
    key: &SigningKey,
    batch_id: &str,
) -> (Vec<u8>, String) {
    let encrypted = encrypt(tar, recipient);
    let signature = key
        .sign(
            &encrypted[..],
            &format!("timestamp:0 cunxin-batch/1 batch:{batch_id} device:test households:1"),
            "test",
        )
        .unwrap();
    (encrypted, signature)
}

fn assert_nothing_unpacked(out: &Path) {
    assert_eq!(dir_names(out), Vec::<String>::new(), "nothing is unpacked");
}

#[test]
fn a_sealed_batch_opens_with_either_bank_key_and_matches_the_store() {
    let work = tempfile::tempdir().unwrap();
    let (mut store, _, expected) = village(&work.path().join("store"), 4, 3);
    let (head_office, head_office_r) = bank_key();
    let (branch, branch_r) = bank_key();
    let out = work.path().join("batches");

    let sealed = seal(&mut store, &[head_office_r, branch_r], &out).unwrap();
    assert_eq!(sealed.households, vec![hid(0), hid(1), hid(2)]);
    assert_eq!(sealed.previous_batch_id, None);
    // Per household: 2 photos with thumbnails, 2 consent signatures, the record.
    assert_eq!(sealed.files, 3 * (2 * 2 + 2 + 1) + 2);
    assert_eq!(
        dir_names(&out),
        vec![
            batch::batch_file_name(&sealed.batch_id),
            format!("{}.minisig", batch::batch_file_name(&sealed.batch_id))
        ],
        "only the batch and its signature are left in the output directory"
    );
    for n in 0..3 {
        assert_eq!(
            store.household(&hid(n)).unwrap().state,
            LifecycleState::Sealed {
                batch: sealed.batch_id.clone()
            }
        );
    }
    assert_eq!(
        store.household(&hid(3)).unwrap().state,
        LifecycleState::Imported
    );
    assert!(store.finalized_households().unwrap().is_empty());
    assert!(store.verify_chain().unwrap().is_intact());
    let device = device_public(&mut store);

    let opened_dir = work.path().join("opened");
    let opened = open_batch(
        &sealed.path,
        &sealed.signature_path,
        std::slice::from_ref(&device),
        std::slice::from_ref(&head_office),
        &opened_dir,
    )
    .unwrap();
    assert_eq!(opened.batch_id, sealed.batch_id);
    assert_eq!(opened.dir, opened_dir.join(&sealed.batch_id));
    assert_eq!(opened.manifest_sha256, sealed.manifest_sha256);
    assert_eq!(opened.files, sealed.files);
    let manifest = &opened.manifest;
    assert_eq!(manifest.format, "cunxin-batch/1");
    assert_eq!(manifest.previous_batch_id, None);
    assert_eq!(manifest.operator.as_deref(), Some("网格员王五"));
    assert_eq!(manifest.device.key_id, batch::key_id(&device));
    assert_eq!(manifest.scorecards.len(), 1);
    assert_eq!(manifest.scorecards[0].version, "2019");
    assert_eq!(
        manifest
            .households
            .iter()
            .map(|h| h.id.clone())
            .collect::<Vec<_>>(),
        sealed.households
    );

    // Every photo, thumbnail and signature image is in the batch byte for byte, and
    // nothing else but the records, the manifest and SHA256SUMS.
    let files = files_under(&opened.dir);
    assert_eq!(files.len(), sealed.files);
    let mut images = 0;
    for (path, bytes) in &files {
        if path.ends_with("record.json") || path == "manifest.json" || path == "SHA256SUMS" {
            continue;
        }
        images += 1;
        assert!(
            expected.files.contains_key(&sha256_hex(bytes)),
            "{path} is one of the stored photos or signatures"
        );
    }
    assert_eq!(images, expected.files.len());
    assert!(
        files.keys().any(|p| p.ends_with(".png")),
        "signatures keep their type"
    );

    let record: serde_json::Value =
        serde_json::from_slice(&files["households/0001/record.json"]).unwrap();
    let stored = store.household(&hid(0)).unwrap();
    assert_eq!(record["household"]["id"], "HH00000");
    assert_eq!(
        record["facts"],
        serde_json::Value::Object(stored.facts.clone().unwrap())
    );
    assert_eq!(record["photos"].as_array().unwrap().len(), 2);
    for photo in record["photos"].as_array().unwrap() {
        let file = photo["file"].as_str().unwrap();
        assert_eq!(sha256_hex(&files[file]), photo["sha256"].as_str().unwrap());
        assert!(files.contains_key(photo["thumbnail_file"].as_str().unwrap()));
    }
    let consent = &record["consents"][0];
    assert_eq!(
        sha256_hex(&files[consent["signature_file"].as_str().unwrap()]),
        consent["signature_sha256"].as_str().unwrap()
    );
    assert_eq!(record["committee"]["limit_yuan"], 50_000);
    assert_eq!(record["score"]["limit_yuan"], 60_000);
    assert_eq!(record["reconciliation"]["proposed_limit_yuan"], 50_000);
    let kinds: Vec<&str> = record["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"finalized") && kinds.contains(&"photo_added"),
        "{kinds:?}"
    );

    // SHA256SUMS lists every file and the manifest, in sha256sum's format.
    let sums = String::from_utf8(files["SHA256SUMS"].clone()).unwrap();
    assert_eq!(sums.lines().count(), sealed.files - 1);
    for line in sums.lines() {
        let (hash, path) = line.split_once("  ").unwrap();
        assert_eq!(sha256_hex(&files[path]), hash, "{path}");
    }

    // The branch's key opens the same batch to the same files.
    let branch_dir = work.path().join("branch");
    let again = open_batch(
        &sealed.path,
        &sealed.signature_path,
        &[device],
        &[branch],
        &branch_dir,
    )
    .unwrap();
    assert_eq!(files_under(&again.dir), files);
}

#[test]
fn tampering_unknown_signers_and_wrong_keys_are_refused_and_nothing_is_unpacked() {
    let work = tempfile::tempdir().unwrap();
    let (mut store, _, _) = village(&work.path().join("store"), 3, 2);
    let (bank, bank_r) = bank_key();
    let sealed = seal(&mut store, &[bank_r], &work.path().join("batches")).unwrap();
    let device = device_public(&mut store);
    let batch_bytes = std::fs::read(&sealed.path).unwrap();
    let signature = std::fs::read(&sealed.signature_path).unwrap();
    let out = work.path().join("out");
    let open =
        |batch: &[u8], sig: &[u8], keys: &[minisign::PublicKey], ids: &[age::x25519::Identity]| {
            let result =
                open_batch_from(std::io::Cursor::new(batch.to_vec()), sig, keys, ids, &out);
            assert_nothing_unpacked(&out);
            result.unwrap_err()
        };
    let keys = std::slice::from_ref(&device);
    let ids = std::slice::from_ref(&bank);

    for position in [0, 200, batch_bytes.len() / 2, batch_bytes.len() - 1] {
        let mut flipped = batch_bytes.clone();
        flipped[position] ^= 0x01;
        let e = open(&flipped, &signature, keys, ids);
        assert!(matches!(e, BatchError::BadSignature), "{e}");
        assert!(e.to_string().contains("altered or damaged"), "{e}");
    }
    let e = open(
        &batch_bytes[..batch_bytes.len() - 100],
        &signature,
        keys,
        ids,
    );
    assert!(matches!(e, BatchError::BadSignature), "{e}");

    let stranger = SigningKey::generate().unwrap();
    let e = open(
        &batch_bytes,
        &signature,
        &[stranger.public_key().clone()],
        ids,
    );
    assert!(
        matches!(&e, BatchError::UnknownSigner { key_id } if *key_id == sealed.key_id),
        "{e}"
    );
    assert!(e.to_string().contains(&sealed.key_id), "{e}");

    let (other_bank, _) = bank_key();
    let e = open(&batch_bytes, &signature, keys, &[other_bank]);
    assert!(matches!(e, BatchError::NotForIdentity), "{e}");

    let e = open(&batch_bytes, b"not a signature", keys, ids);
    assert!(matches!(e, BatchError::SignatureUnreadable), "{e}");
    let mut bad_sig = signature.clone();
    let line2 = bad_sig.iter().position(|&b| b == b'\n').unwrap() + 10;
    bad_sig[line2] = if bad_sig[line2] == b'A' { b'B' } else { b'A' };
    let e = open(&batch_bytes, &bad_sig, keys, ids);
    assert!(
        matches!(
            e,
            BatchError::BadSignature
                | BatchError::SignatureUnreadable
                | BatchError::UnknownSigner { .. }
        ),
        "{e}"
    );

    // A short global signature (fourth line) made minisign 0.10's verifier panic.
    let text = String::from_utf8(signature.clone()).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[3] = "AAAA";
    let e = open(&batch_bytes, lines.join("\n").as_bytes(), keys, ids);
    assert!(matches!(e, BatchError::SignatureUnreadable), "{e}");

    // A signature over another file (here: a receipt-like text) is no batch signature.
    let key = device_key(&store);
    let other = key
        .sign(&batch_bytes[..], "some other comment", "x")
        .unwrap();
    let e = open(&batch_bytes, other.as_bytes(), keys, ids);
    assert!(matches!(e, BatchError::NotABatch(_)), "{e}");

    for e in [BatchError::BadSignature, BatchError::NotForIdentity] {
        assert!(e.is_verification_failure());
        assert!(
            !e.to_string().contains("HH0000"),
            "no household ids in errors"
        );
    }
    // The untouched batch still opens.
    open_batch(&sealed.path, &sealed.signature_path, keys, ids, &out).unwrap();
}

/// Builds tar bytes from (path bytes, entry type, data) entries with raw headers, so paths
/// the tar crate would refuse to write (`..`, absolute) can be made.
fn raw_tar(entries: &[(&[u8], tar::EntryType, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (path, kind, data) in entries {
        let mut header = tar::Header::new_ustar();
        header.as_old_mut().name[..path.len()].copy_from_slice(path);
        header.set_entry_type(*kind);
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        if *kind == tar::EntryType::Symlink {
            header.set_link_name("/etc/passwd").unwrap();
        }
        header.set_cksum();
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.resize(out.len() + 1024, 0);
    out
}

#[test]
fn content_that_disagrees_with_its_manifest_is_refused_even_when_signed() {
    let work = tempfile::tempdir().unwrap();
    let (mut store, _, expected) = village(&work.path().join("store"), 2, 1);
    let (bank, bank_r) = bank_key();
    let sealed = seal(&mut store, &[bank_r.clone()], &work.path().join("batches")).unwrap();
    let device = device_public(&mut store);
    let key = device_key(&store);
    let tar = decrypt(&std::fs::read(&sealed.path).unwrap(), &bank);
    let out = work.path().join("out");
    let try_open = |tar: &[u8]| {
        let (batch, sig) = reseal(tar, &bank_r, &key, &sealed.batch_id);
        let result = open_batch_from(
            std::io::Cursor::new(batch),
            sig.as_bytes(),
            std::slice::from_ref(&device),
            std::slice::from_ref(&bank),
            &out,
        );
        assert_nothing_unpacked(&out);
        result.unwrap_err()
    };

    // One byte of a photo changed.
    let photo = expected.files.values().find(|b| b.len() > 5_000).unwrap();
    let at = memchr::memmem::find(&tar, photo).unwrap() + 1_000;
    let mut altered = tar.clone();
    altered[at] ^= 0x40;
    let e = try_open(&altered);
    assert!(
        matches!(&e, BatchError::Mismatch(m) if m.contains("SHA-256")),
        "{e}"
    );

    // Cut short.
    let e = try_open(&tar[..tar.len() / 2]);
    assert!(matches!(e, BatchError::Archive(_)), "{e}");

    // Unsafe or unexpected entries.
    for (entries, what) in [
        (
            raw_tar(&[(b"../escape.txt", tar::EntryType::Regular, b"x")]),
            "unsafe path",
        ),
        (
            raw_tar(&[(b"/tmp/absolute.txt", tar::EntryType::Regular, b"x")]),
            "unsafe path",
        ),
        (
            raw_tar(&[(b"link", tar::EntryType::Symlink, b"")]),
            "not a regular file",
        ),
        (
            raw_tar(&[(b"dir", tar::EntryType::Directory, b"")]),
            "not a regular file",
        ),
        (
            raw_tar(&[
                (b"a.txt", tar::EntryType::Regular, b"1"),
                (b"a.txt", tar::EntryType::Regular, b"2"),
            ]),
            "appears twice",
        ),
    ] {
        let e = try_open(&entries);
        assert!(
            matches!(&e, BatchError::Archive(m) if m.contains(what)),
            "{what}: {e}"
        );
    }
    assert!(!work.path().join("escape.txt").exists());

    // A well-formed tar without a manifest, and one with a file the manifest does not list.
    let e = try_open(&raw_tar(&[(b"a.txt", tar::EntryType::Regular, b"1")]));
    assert!(
        matches!(&e, BatchError::Mismatch(m) if m.contains("manifest.json")),
        "{e}"
    );
    let end = tar.len() - 1024;
    let mut extra = tar[..end].to_vec();
    extra.extend_from_slice(&raw_tar(&[(
        b"extra.txt",
        tar::EntryType::Regular,
        b"hello",
    )]));
    let e = try_open(&extra);
    assert!(
        matches!(&e, BatchError::Mismatch(m) if m.contains("extra.txt") && m.contains("not in the manifest")),
        "{e}"
    );
    // Data after the end of the archive.
    let mut trailing = tar.clone();
    trailing.extend_from_slice(b"trailing");
    let e = try_open(&trailing);
    assert!(matches!(e, BatchError::Archive(_)), "{e}");

    // Re-signing the untouched tar opens fine (the checks above are about content).
    let (batch, sig) = reseal(&tar, &bank_r, &key, &sealed.batch_id);
    open_batch_from(
        std::io::Cursor::new(batch),
        sig.as_bytes(),
        &[device],
        &[bank],
        &out,
    )
    .unwrap();
}

#[test]
fn batches_chain_by_previous_batch_id_and_an_empty_seal_writes_nothing() {
    let work = tempfile::tempdir().unwrap();
    let (mut store, _, _) = village(&work.path().join("store"), 3, 1);
    let (bank, bank_r) = bank_key();
    let out = work.path().join("batches");
    let first = seal(&mut store, std::slice::from_ref(&bank_r), &out).unwrap();
    assert_eq!(first.previous_batch_id, None);
    assert_eq!(
        batch::last_batch_id(&store).unwrap(),
        Some(first.batch_id.clone())
    );

    let e = seal(&mut store, std::slice::from_ref(&bank_r), &out).unwrap_err();
    assert!(matches!(e, BatchError::NothingToSeal), "{e}");
    assert_eq!(dir_names(&out).len(), 2, "an empty seal writes nothing");
    let e = seal(&mut store, &[], &out).unwrap_err();
    assert!(matches!(e, BatchError::NoRecipients), "{e}");

    let mut expected = Expected::default();
    finalize_household(&mut store, 1, &mut expected);
    let second = seal(&mut store, std::slice::from_ref(&bank_r), &out).unwrap();
    assert_ne!(second.batch_id, first.batch_id);
    assert_eq!(
        second.previous_batch_id.as_deref(),
        Some(first.batch_id.as_str())
    );
    assert_eq!(second.households, vec![hid(1)]);
    let device = device_public(&mut store);
    let opened = open_batch(
        &second.path,
        &second.signature_path,
        &[device],
        &[bank],
        &work.path().join("opened"),
    )
    .unwrap();
    assert_eq!(
        opened.manifest.previous_batch_id.as_deref(),
        Some(first.batch_id.as_str())
    );
    assert_eq!(
        opened.manifest.device.key_id, first.key_id,
        "one device key"
    );
}

#[test]
fn the_device_key_is_made_once_and_kept_in_the_store() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("store");
    let (mut store, key) = store_support::new_store(&dir);
    assert_eq!(store.setting("device_secret_key").unwrap(), None);
    let first = export_public_key(&mut store).unwrap();
    assert_eq!(export_public_key(&mut store).unwrap(), first);
    drop(store);
    let mut store = Store::open(&dir, &key).unwrap();
    assert_eq!(export_public_key(&mut store).unwrap(), first);
    let pk = parse_public_key(&first).unwrap();
    assert_eq!(device_key(&store).key_id(), batch::key_id(&pk));
    // Nothing of the key is in a file of its own.
    let secret = store.setting("device_secret_key").unwrap().unwrap();
    let secret_line = secret.lines().nth(1).unwrap();
    for (name, bytes) in store_support::snapshot(&dir) {
        assert!(
            memchr::memmem::find(&bytes, secret_line.as_bytes()).is_none(),
            "the secret key is readable in {name}"
        );
    }
}

#[test]
fn a_signed_receipt_is_verified_and_records_the_hand_over() {
    let work = tempfile::tempdir().unwrap();
    let (mut store, _, _) = village(&work.path().join("store"), 3, 2);
    let (_, bank_r) = bank_key();
    let sealed = seal(&mut store, &[bank_r], &work.path().join("batches")).unwrap();
    let platform = SigningKey::generate().unwrap();
    let receipt = Receipt {
        receipt_id: "r-0001".into(),
        batch_id: sealed.batch_id.clone(),
        manifest_sha256: sealed.manifest_sha256.clone(),
        device_id: sealed.device_id.clone(),
        received_at: "2026-11-23T09:00:00+08:00".into(),
        accepted: sealed.households.clone(),
        rejected: vec![],
        platform_key_id: platform.key_id(),
    };
    let signed = receipt.sign(&platform).unwrap();
    let pk = platform.public_key();
    assert_eq!(
        verify_receipt(signed.json.as_bytes(), &signed.signature, pk).unwrap(),
        receipt
    );

    // Altered, signed by another key, not canonical, or naming other content: refused.
    let altered = signed.json.replace("r-0001", "r-0002");
    assert!(verify_receipt(altered.as_bytes(), &signed.signature, pk).is_err());
    let stranger = SigningKey::generate().unwrap();
    let e = verify_receipt(
        signed.json.as_bytes(),
        &signed.signature,
        stranger.public_key(),
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("not signed by the platform key"),
        "{e}"
    );
    let pretty = serde_json::to_string_pretty(&receipt).unwrap();
    let resigned = platform
        .sign(
            pretty.as_bytes(),
            &format!("cunxin-receipt/1 receipt:r-0001 batch:{}", sealed.batch_id),
            "x",
        )
        .unwrap();
    let e = verify_receipt(pretty.as_bytes(), &resigned, pk).unwrap_err();
    assert!(e.to_string().contains("canonical"), "{e}");
    let mut other = receipt.clone();
    other.manifest_sha256 = "00".repeat(32);
    let other = other.sign(&platform).unwrap();
    let e = apply_receipt(&mut store, other.json.as_bytes(), &other.signature, pk).unwrap_err();
    assert!(e.to_string().contains("other content"), "{e}");
    let mut twice = receipt.clone();
    twice.rejected = vec![Rejection {
        household: hid(0),
        reason: "counted twice".into(),
    }];
    let twice = twice.sign(&platform).unwrap();
    let e = apply_receipt(&mut store, twice.json.as_bytes(), &twice.signature, pk).unwrap_err();
    assert!(e.to_string().contains("exactly once"), "{e}");
    assert!(matches!(
        store.household(&hid(0)).unwrap().state,
        LifecycleState::Sealed { .. }
    ));

    // Accepted households become uploaded; a rejected one returns to finalized.
    let rejection = Rejection {
        household: hid(1),
        reason: "no signed credit-inquiry authorization".into(),
    };
    let mut partial = receipt.clone();
    partial.accepted.retain(|h| *h != hid(1));
    partial.rejected = vec![rejection.clone()];
    let partial = partial.sign(&platform).unwrap();
    let done = apply_receipt(&mut store, partial.json.as_bytes(), &partial.signature, pk).unwrap();
    let expected: Vec<_> = sealed
        .households
        .iter()
        .filter(|h| **h != hid(1))
        .cloned()
        .collect();
    assert_eq!(done.uploaded, expected);
    assert_eq!(done.returned, vec![rejection]);
    assert_eq!(
        store.household(&hid(0)).unwrap().state,
        LifecycleState::Uploaded {
            receipt: "r-0001".into()
        }
    );
    assert_eq!(
        store.household(&hid(1)).unwrap().state,
        LifecycleState::Finalized
    );
    // The same receipt again changes nothing.
    let again = apply_receipt(&mut store, partial.json.as_bytes(), &partial.signature, pk).unwrap();
    assert_eq!(again.uploaded, expected);
    assert_eq!(
        store.household(&hid(1)).unwrap().state,
        LifecycleState::Finalized
    );
}

#[test]
fn export_writes_batches_signatures_the_device_key_and_a_readme() {
    let work = tempfile::tempdir().unwrap();
    let (mut store, _, _) = village(&work.path().join("store"), 3, 2);
    let (bank, bank_r) = bank_key();
    let from = batch::default_batch_dir(&store);
    let sealed = seal(&mut store, &[bank_r], &from).unwrap();
    let usb = work.path().join("usb");
    let report = export_batches(&mut store, &from, &usb, None).unwrap();
    assert_eq!(report.batches.len(), 1);
    assert_eq!(report.batches[0].batch_id, sealed.batch_id);
    let name = batch::batch_file_name(&sealed.batch_id);
    assert_eq!(
        dir_names(&usb),
        vec![
            name.clone(),
            format!("{name}.minisig"),
            "README.txt".to_string(),
            "device.pub".to_string()
        ]
    );
    assert_eq!(
        std::fs::read(usb.join(&name)).unwrap(),
        std::fs::read(&sealed.path).unwrap()
    );
    let readme = std::fs::read_to_string(usb.join("README.txt")).unwrap();
    for needed in [
        "minisign -Vm",
        "age -d -i",
        "sha256sum -c SHA256SUMS",
        &name,
        &sealed.key_id,
    ] {
        assert!(readme.contains(needed), "README mentions {needed}");
    }
    let device =
        parse_public_key(&std::fs::read_to_string(usb.join("device.pub")).unwrap()).unwrap();
    open_batch(
        &usb.join(&name),
        &usb.join(format!("{name}.minisig")),
        &[device],
        &[bank],
        &work.path().join("bank"),
    )
    .unwrap();
    let exported = store
        .audit_events(Some(&hid(0)))
        .unwrap()
        .iter()
        .any(|e| e.kind == AuditKind::Exported);
    assert!(exported, "the export is in the audit trail");

    let e = export_batches(&mut store, &from, &usb, Some("no-such-batch")).unwrap_err();
    assert!(matches!(e, BatchError::Export(_)), "{e}");
    let empty = work.path().join("empty");
    let e = export_batches(&mut store, &empty, &usb, None).unwrap_err();
    assert!(e.to_string().contains("no sealed batches"), "{e}");
}

/// Bounded fuzzing of the opener with proptest: a real sealed batch, mutated at every layer
/// (the file, the signature, and the tar inside — re-encrypted and re-signed so the checks
/// past the signature run). Never a panic; a refused batch leaves nothing unpacked. More
/// cases: CUNXIN_FUZZ_CASES=10000.
mod fuzz {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    struct Fixture {
        _work: tempfile::TempDir,
        batch: Vec<u8>,
        signature: Vec<u8>,
        tar: Vec<u8>,
        batch_id: String,
        device: minisign::PublicKey,
        key: SigningKey,
        bank: age::x25519::Identity,
        bank_r: age::x25519::Recipient,
    }

    fn fixture() -> &'static Fixture {
        static FIXTURE: OnceLock<Fixture> = OnceLock::new();
        FIXTURE.get_or_init(|| {
            let work = tempfile::tempdir().unwrap();
            let (mut store, _, _) = village(&work.path().join("store"), 2, 1);
            let (bank, bank_r) = bank_key();
            let sealed = seal(&mut store, &[bank_r.clone()], &work.path().join("b")).unwrap();
            let batch = std::fs::read(&sealed.path).unwrap();
            Fixture {
                tar: decrypt(&batch, &bank),
                signature: std::fs::read(&sealed.signature_path).unwrap(),
                batch,
                batch_id: sealed.batch_id,
                device: device_public(&mut store),
                key: device_key(&store),
                bank,
                bank_r,
                _work: work,
            }
        })
    }

    fn cases() -> u32 {
        std::env::var("CUNXIN_FUZZ_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(200)
    }

    #[derive(Debug, Clone)]
    enum Edit {
        Flip(usize, u8),
        Truncate(usize),
        Insert(usize, Vec<u8>),
        Remove(usize, usize),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (any::<usize>(), 1u8..=255).prop_map(|(at, x)| Edit::Flip(at, x)),
            any::<usize>().prop_map(Edit::Truncate),
            (
                any::<usize>(),
                proptest::collection::vec(any::<u8>(), 1..64)
            )
                .prop_map(|(at, bytes)| Edit::Insert(at, bytes)),
            (any::<usize>(), 1usize..2048).prop_map(|(at, n)| Edit::Remove(at, n)),
        ]
    }

    fn apply(data: &[u8], edits: &[Edit]) -> Vec<u8> {
        let mut out = data.to_vec();
        for e in edits {
            let len = out.len().max(1);
            match e {
                Edit::Flip(at, x) => {
                    if !out.is_empty() {
                        out[at % len] ^= x;
                    }
                }
                Edit::Truncate(at) => out.truncate(at % len),
                Edit::Insert(at, bytes) => {
                    let at = at % (out.len() + 1);
                    out.splice(at..at, bytes.iter().copied());
                }
                Edit::Remove(at, n) => {
                    let at = at % len;
                    let end = (at + n).min(out.len());
                    if at < end {
                        out.drain(at..end);
                    }
                }
            }
        }
        out
    }

    fn open_checked(batch: Vec<u8>, signature: &[u8], f: &Fixture) -> bool {
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("out");
        let result = open_batch_from(
            std::io::Cursor::new(batch),
            signature,
            std::slice::from_ref(&f.device),
            std::slice::from_ref(&f.bank),
            &target,
        );
        match result {
            Ok(opened) => {
                assert_eq!(dir_names(&target), vec![opened.batch_id.clone()]);
                true
            }
            Err(e) => {
                assert_nothing_unpacked(&target);
                let message = e.to_string();
                assert!(!message.is_empty() && !message.contains('\n'), "{message}");
                false
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: cases(),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn a_mutated_batch_file_or_signature_is_refused(
            edits in proptest::collection::vec(edit(), 1..4),
            on_signature in any::<bool>(),
        ) {
            let f = fixture();
            let (batch, signature) = if on_signature {
                (f.batch.clone(), apply(&f.signature, &edits))
            } else {
                (apply(&f.batch, &edits), f.signature.clone())
            };
            let unchanged = batch == f.batch && signature == f.signature;
            let opened = open_checked(batch, &signature, f);
            // Only an unchanged batch (or a signature change minisign ignores, such as
            // the untrusted comment) may open.
            if !unchanged && opened {
                prop_assert!(on_signature);
            }
        }

        #[test]
        fn a_mutated_tar_signed_by_the_device_never_panics(
            edits in proptest::collection::vec(edit(), 1..4),
        ) {
            let f = fixture();
            let tar = apply(&f.tar, &edits);
            let (batch, signature) = reseal(&tar, &f.bank_r, &f.key, &f.batch_id);
            open_checked(batch, signature.as_bytes(), f);
        }
    }
}
