//! `cunxin batch seal`, `batch export`, `batch open` and `device key` through the binary, on
//! a real encrypted store, with the bank's key made by the stock `age-keygen`.

use assert_cmd::Command;
use cunxin_core::intake::relation::Relation;
use cunxin_core::intake::resident_id::{ResidentId, Sex, check_character};
use cunxin_core::model::current_consent_text;
use cunxin_core::model::{Household, HouseholdId, Member, Place};
use cunxin_core::store::{ConsentInput, ConsentKind, PhotoKind, PhotoMeta, Store, StoreKey};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn cunxin() -> Command {
    Command::cargo_bin("cunxin").unwrap()
}

fn id_number(first17: &str) -> String {
    format!("{first17}{}", check_character(first17))
}

fn household(n: usize) -> Household {
    let id = id_number(&format!("41030319700101{:03}", n * 2 + 1));
    Household {
        id: HouseholdId(format!("H{n:03}")),
        place: Place {
            county_code: Some("410303".into()),
            town: "城关镇".into(),
            village: "王庄村".into(),
            group: "2组".into(),
        },
        address: format!("王庄村{n}号"),
        members: vec![Member {
            name: "欧阳长明".into(),
            id_number: id.clone(),
            relation: Some(Relation::Head),
            relation_word: "户主".into(),
            sex: Sex::Male,
            ethnicity: "汉族".into(),
            birth_date: ResidentId::parse(&id).unwrap().birth_date(),
            phone: Some("13812345678".into()),
            education: None,
            occupation: None,
            health: None,
            marital_status: None,
            checks: Default::default(),
            added_at_visit: false,
        }],
        land: String::new(),
        checks: Default::default(),
        removed_members: Vec::new(),
    }
}

/// A store of three households, the first two visited and finalized; returns the store
/// directory and its key file.
fn store_with_finalized(dir: &Path) -> (PathBuf, PathBuf) {
    let store_dir = dir.join("store");
    let key_file = dir.join("store.key");
    let key = StoreKey::generate().unwrap();
    std::fs::write(&key_file, key.to_hex().as_bytes()).unwrap();
    let mut store = Store::create(&store_dir, &key).unwrap();
    store
        .import_households(&(0..3).map(household).collect::<Vec<_>>())
        .unwrap();
    for n in 0..2 {
        let id = HouseholdId(format!("H{n:03}"));
        let facts = serde_json::json!({"household_size": 1, "yearly_net_income_yuan": 30_000});
        store.save_draft(&id, facts.as_object().unwrap()).unwrap();
        let photo: Vec<u8> = [0xFF, 0xD8, 0xFF, 0xE0]
            .into_iter()
            .chain((0..40_000u32).map(|i| (i * 7 + n as u32) as u8))
            .collect();
        let meta = PhotoMeta {
            kind: PhotoKind::House,
            source_sha256: "ab".repeat(32),
            phash: n as u64,
            width: 1600,
            height: 1200,
            thumb_width: 320,
            thumb_height: 240,
            captured_at: None,
            location: None,
            taken_by: "网格员王五".into(),
            quality_flags: vec![],
            override_reason: None,
        };
        store
            .add_photo(&id, &meta, &photo, &photo[..4_000])
            .unwrap();
        let consent = ConsentInput {
            kind: ConsentKind::PersonalInfo,
            text_version: current_consent_text(ConsentKind::PersonalInfo)
                .version
                .into(),
            text_sha256: current_consent_text(ConsentKind::PersonalInfo)
                .sha256
                .into(),
            signer: "户主".into(),
            signed_at: "2026-11-22T10:05:00+08:00".into(),
            place: None,
            grid_manager: "网格员王五".into(),
        };
        store
            .add_consent(&id, &consent, &mut &b"\x89PNG signature"[..])
            .unwrap();
        store.finalize(&id).unwrap();
    }
    (store_dir, key_file)
}

/// The bank's identity and recipients files, made by the stock `age-keygen`.
fn bank_keys(dir: &Path) -> (PathBuf, PathBuf) {
    let identity = dir.join("bank.key");
    let recipients = dir.join("bank.pub");
    let made = std::process::Command::new("age-keygen")
        .arg("-o")
        .arg(&identity)
        .output()
        .expect("age-keygen is installed");
    assert!(made.status.success());
    let public = std::process::Command::new("age-keygen")
        .arg("-y")
        .arg(&identity)
        .output()
        .unwrap();
    std::fs::write(&recipients, &public.stdout).unwrap();
    (identity, recipients)
}

fn json(output: &[u8]) -> Value {
    serde_json::from_slice(output).unwrap()
}

fn stderr_sentence(output: &std::process::Output) -> String {
    let text = String::from_utf8(output.stderr.clone()).unwrap();
    assert_eq!(text.trim_end().lines().count(), 1, "one sentence: {text}");
    text
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn seal_export_and_open_through_the_command_line() {
    let work = tempfile::tempdir().unwrap();
    let (store, key) = store_with_finalized(work.path());
    let (identity, recipients) = bank_keys(work.path());
    let store_args = [
        "--store",
        store.to_str().unwrap(),
        "--key-file",
        key.to_str().unwrap(),
    ];

    let sealed = cunxin()
        .args(["batch", "seal"])
        .args(store_args)
        .arg("--recipient")
        .arg(&recipients)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        sealed.status.success(),
        "{}",
        String::from_utf8_lossy(&sealed.stderr)
    );
    let sealed = json(&sealed.stdout);
    let batch_id = sealed["batch_id"].as_str().unwrap().to_string();
    assert_eq!(sealed["households"], serde_json::json!(["H000", "H001"]));
    assert_eq!(sealed["previous_batch_id"], Value::Null);
    assert!(Path::new(sealed["path"].as_str().unwrap()).starts_with(store.join("batches")));

    // Nothing left to seal: exit 1 with one sentence.
    let again = cunxin()
        .args(["batch", "seal"])
        .args(store_args)
        .arg("--recipient")
        .arg(&recipients)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr_sentence(&again).contains("no finalized households"));

    // The device key, printed and written.
    let printed = cunxin()
        .args(["device", "key"])
        .args(store_args)
        .output()
        .unwrap();
    assert!(printed.status.success());
    let printed = String::from_utf8(printed.stdout).unwrap();
    assert!(
        printed.starts_with("untrusted comment: ")
            && printed.contains(sealed["key_id"].as_str().unwrap())
    );
    let device_pub = work.path().join("device.pub");
    cunxin()
        .args(["device", "key"])
        .args(store_args)
        .arg("--out")
        .arg(&device_pub)
        .assert()
        .success();
    let written = std::fs::read_to_string(&device_pub).unwrap();
    let recipient = std::fs::read_to_string(work.path().join("device.age")).unwrap();
    // Printed: device.pub as written, then the package key, which stock age takes as a recipient.
    assert_eq!(
        printed,
        format!("{written}工作包公钥 package key (age): {recipient}")
    );
    assert!(
        recipient.trim().parse::<age::x25519::Recipient>().is_ok(),
        "{recipient}"
    );
    // The same two keys at every call: generated once, kept in the store.
    let keys = json(
        &cunxin()
            .args(["device", "key", "--json"])
            .args(store_args)
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(keys["package_recipient"], recipient.trim());
    assert_eq!(keys["public_key"], written);
    // Stock age takes the written file as a recipients file (the bank's work packages).
    let encrypted = std::process::Command::new("age")
        .arg("-R")
        .arg(work.path().join("device.age"))
        .arg(&device_pub)
        .output()
        .expect("age is installed (.ci/apt-packages)");
    assert!(
        encrypted.status.success() && encrypted.stdout.starts_with(b"age-encryption.org/v1"),
        "{}",
        String::from_utf8_lossy(&encrypted.stderr)
    );

    // Export to "removable media".
    let usb = work.path().join("usb");
    let exported = cunxin()
        .args(["batch", "export"])
        .arg(&usb)
        .args(store_args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        exported.status.success(),
        "{}",
        String::from_utf8_lossy(&exported.stderr)
    );
    assert_eq!(
        json(&exported.stdout)["batches"][0]["batch_id"],
        batch_id.as_str()
    );
    let batch_file = format!("{batch_id}.tar.age");
    assert_eq!(
        names(&usb),
        vec![
            batch_file.clone(),
            format!("{batch_file}.minisig"),
            "README.txt".into(),
            "device.pub".into()
        ]
    );

    // The bank opens it.
    let out = work.path().join("bank");
    let opened = cunxin()
        .args(["batch", "open"])
        .arg(usb.join(&batch_file))
        .arg("--identity")
        .arg(&identity)
        .arg("--signer")
        .arg(usb.join("device.pub"))
        .arg("--out")
        .arg(&out)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        opened.status.success(),
        "{}",
        String::from_utf8_lossy(&opened.stderr)
    );
    let opened = json(&opened.stdout);
    assert_eq!(opened["opened"], true);
    assert_eq!(opened["batch_id"], batch_id.as_str());
    assert_eq!(opened["households"], 2);
    assert_eq!(opened["manifest_sha256"], sealed["manifest_sha256"]);
    assert!(out.join(&batch_id).join("manifest.json").is_file());
    assert!(out.join(&batch_id).join("SHA256SUMS").is_file());

    // Opening it again over the unpacked copy is an environment error (exit 2).
    let twice = cunxin()
        .args(["batch", "open"])
        .arg(usb.join(&batch_file))
        .arg("--identity")
        .arg(&identity)
        .arg("--signer")
        .arg(usb.join("device.pub"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(twice.status.code(), Some(2));
    assert!(stderr_sentence(&twice).contains("already exists"));
}

#[test]
fn a_batch_that_fails_verification_is_exit_1_naming_what_failed_and_unpacks_nothing() {
    let work = tempfile::tempdir().unwrap();
    let (store, key) = store_with_finalized(work.path());
    let (identity, recipients) = bank_keys(work.path());
    let batches = work.path().join("batches");
    let sealed = cunxin()
        .args(["batch", "seal", "--store"])
        .arg(&store)
        .arg("--key-file")
        .arg(&key)
        .arg("--recipient")
        .arg(&recipients)
        .arg("--out")
        .arg(&batches)
        .arg("--json")
        .output()
        .unwrap();
    assert!(sealed.status.success());
    let sealed = json(&sealed.stdout);
    let batch = PathBuf::from(sealed["path"].as_str().unwrap());
    let device_pub = work.path().join("device.pub");
    cunxin()
        .args(["device", "key", "--store"])
        .arg(&store)
        .arg("--key-file")
        .arg(&key)
        .arg("--out")
        .arg(&device_pub)
        .assert()
        .success();
    let out = work.path().join("out");
    let open = |batch: &Path, identity: &Path, signer: &Path| {
        cunxin()
            .args(["batch", "open"])
            .arg(batch)
            .arg("--identity")
            .arg(identity)
            .arg("--signer")
            .arg(signer)
            .arg("--signature")
            .arg(format!("{}.minisig", sealed["path"].as_str().unwrap()))
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap()
    };

    // One flipped byte.
    let mut bytes = std::fs::read(&batch).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x80;
    let tampered = work.path().join("tampered.tar.age");
    std::fs::write(&tampered, &bytes).unwrap();
    let refused = open(&tampered, &identity, &device_pub);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr_sentence(&refused).contains("signature does not match"));
    assert!(names(&out).is_empty(), "nothing unpacked");

    // Another bank's identity.
    let other = work.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let (other_identity, _) = bank_keys(&other);
    let refused = open(&batch, &other_identity, &device_pub);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr_sentence(&refused).contains("not encrypted to this identity"));
    assert!(names(&out).is_empty());

    // An unknown device.
    let stranger = work.path().join("stranger.pub");
    std::fs::write(
        &stranger,
        "untrusted comment: minisign public key\nRWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3\n",
    )
    .unwrap();
    let refused = open(&batch, &identity, &stranger);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr_sentence(&refused).contains("not among the trusted device keys"));
    assert!(names(&out).is_empty());

    // Missing or wrong key files are usage errors (exit 2).
    let missing = open(&batch, &work.path().join("nope.key"), &device_pub);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr_sentence(&missing).contains("no identity file"));
    let not_identity = open(&batch, &device_pub, &device_pub);
    assert_eq!(not_identity.status.code(), Some(2));
    stderr_sentence(&not_identity);

    // The untouched batch opens.
    let opened = open(&batch, &identity, &device_pub);
    assert!(
        opened.status.success(),
        "{}",
        String::from_utf8_lossy(&opened.stderr)
    );
    assert_eq!(
        names(&out),
        vec![sealed["batch_id"].as_str().unwrap().to_string()]
    );
}
