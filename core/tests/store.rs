//! The encrypted store on real SQLCipher files: life cycle, keys, damage, audit chain, purge.

mod store_support;

use cunxin_core::model::{HouseholdId, LifecycleState};
use cunxin_core::store::{
    ChainStatus, ConsentKind, PhotoKind, ReceiptInput, Store, StoreError, StoreKey,
};
use std::io::Read;
use store_support::*;

fn id(n: usize) -> HouseholdId {
    HouseholdId(format!("HH{n:05}"))
}

fn read_all(mut r: impl Read) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    r.read_to_end(&mut out)?;
    Ok(out)
}

#[test]
fn a_visit_goes_from_roster_to_finalized_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, key) = new_store(dir.path());
    store.set_operator("网格员王五").unwrap();
    let summary = store.import_households(&households(20)).unwrap();
    assert_eq!(
        (summary.inserted, summary.updated, summary.unchanged),
        (20, 0, 0)
    );

    let h = id(3);
    let saved = store.save_draft(&h, &facts(30_000)).unwrap();
    assert_eq!(saved.revision, 1);
    let mut changed = facts(30_000);
    changed.insert("yearly_net_income_yuan".into(), 45_000.into());
    let saved = store.save_draft(&h, &changed).unwrap();
    assert_eq!(
        saved.changed_fields,
        vec!["yearly_net_income_yuan".to_string()]
    );
    assert_eq!(
        store.household(&h).unwrap().state,
        LifecycleState::InProgress
    );

    // A photo bigger than several 64 KiB chunks, streamed back byte for byte.
    let photo = jpeg_like("house", 300_001, 7);
    let thumb = jpeg_like("thumb", 20_000, 8);
    let photo_id = store
        .add_photo(
            &h,
            &photo_meta(PhotoKind::House, 0xDEAD_BEEF_0000_0001),
            &photo,
            &thumb,
        )
        .unwrap();
    assert_eq!(
        read_all(store.open_photo(&photo_id).unwrap()).unwrap(),
        photo
    );
    assert_eq!(
        read_all(store.open_thumbnail(&photo_id).unwrap()).unwrap(),
        thumb
    );

    // Finalizing needs the personal-information consent; without it nothing changes.
    let err = store.finalize(&h).unwrap_err();
    assert!(matches!(err, StoreError::NotAllowed(_)), "{err}");
    assert_eq!(
        store.household(&h).unwrap().state,
        LifecycleState::InProgress
    );
    let consent = store
        .add_consent(
            &h,
            &consent(ConsentKind::PersonalInfo, "张建国"),
            &mut &b"PNG signature"[..],
        )
        .unwrap();
    assert_eq!(
        read_all(store.open_signature(&consent).unwrap()).unwrap(),
        b"PNG signature"
    );
    assert_eq!(store.finalize(&h).unwrap(), 1);

    // Finalized is immutable.
    let err = store.save_draft(&h, &facts(1)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "household HH00003 is finalized; its facts can no longer change"
    );
    assert!(
        store
            .add_photo(&h, &photo_meta(PhotoKind::Other, 1), b"x", b"y")
            .is_err()
    );

    drop(store);
    let store = Store::open(dir.path(), &key).unwrap();
    let finalized = store.finalized_households().unwrap();
    assert_eq!(finalized.len(), 1);
    let f = &finalized[0];
    assert_eq!(f.household, household(3));
    assert_eq!(f.facts, changed);
    assert_eq!(f.photos.len(), 1);
    assert_eq!(f.photos[0].revision, Some(1));
    assert_eq!(f.photos[0].meta.phash, 0xDEAD_BEEF_0000_0001);
    assert_eq!(f.consents.len(), 1);
    assert_eq!(store.operator(), Some("网格员王五"));
    let phashes = store.photo_phashes().unwrap();
    assert_eq!(phashes, vec![(h.clone(), photo_id, 0xDEAD_BEEF_0000_0001)]);
    assert!(store.verify_chain().unwrap().is_intact());
    assert!(store.integrity_problems().unwrap().is_empty());

    let list = store.list_households().unwrap();
    assert_eq!(list.len(), 20);
    let line = list.iter().find(|l| l.id == "HH00003").unwrap();
    assert_eq!(line.head_name_masked, "赵*国");
    assert_eq!(
        line.head_id_masked,
        format!("410303********{}", &household(3).members[0].id_number[14..])
    );
    assert_eq!(line.photos, 1);
}

#[test]
fn roster_reimport_refreshes_unvisited_households_and_keeps_visited_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(dir.path());
    store.import_households(&households(5)).unwrap();
    store.save_draft(&id(1), &facts(10_000)).unwrap();
    let mut again = households(6);
    again[0].address = "城关镇东关村新址8号".into();
    again[1].address = "changed but visited".into();
    let summary = store.import_households(&again).unwrap();
    assert_eq!(summary.inserted, 1);
    assert_eq!(summary.updated, 1);
    assert_eq!(summary.unchanged, 3);
    assert_eq!(summary.skipped_visited, vec!["HH00001".to_string()]);
    assert_eq!(
        store.household(&id(0)).unwrap().household.address,
        "城关镇东关村新址8号"
    );
    assert_eq!(
        store.household(&id(1)).unwrap().household.address,
        household(1).address
    );
    let edits: Vec<_> = store
        .audit_events(Some(&id(0)))
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == cunxin_core::store::AuditKind::Edited)
        .collect();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0].detail["fields"], serde_json::json!(["address"]));
}

#[test]
fn a_wrong_key_is_one_clear_error_and_changes_no_byte() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, key) = new_store(dir.path());
    store.import_households(&households(3)).unwrap();
    visit_and_finalize(&mut store, &id(0), 20_000);
    drop(store);
    let before = snapshot(dir.path());
    let wrong = StoreKey::generate().unwrap();
    let err = Store::open(dir.path(), &wrong).unwrap_err();
    assert!(matches!(err, StoreError::WrongKey(_)));
    assert_eq!(
        err.to_string(),
        "the key does not open this store; nothing was changed. Use the key the store was created with"
    );
    assert_eq!(snapshot(dir.path()), before);

    // Without the key-check file the wrong key is tried, and still nothing changes.
    std::fs::remove_file(dir.path().join("key-check.json")).unwrap();
    let before = snapshot(dir.path());
    let err = Store::open(dir.path(), &wrong).unwrap_err();
    assert!(matches!(err, StoreError::WrongKey(_)), "{err}");
    assert_eq!(snapshot(dir.path()), before);
    // The right key still opens it and restores the check file.
    let store = Store::open(dir.path(), &key).unwrap();
    assert_eq!(store.finalized_households().unwrap().len(), 1);
    assert!(dir.path().join("key-check.json").exists());
}

#[test]
fn a_damaged_or_truncated_file_is_a_clear_error_and_is_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, key) = new_store(dir.path());
    store.import_households(&households(300)).unwrap();
    drop(store);
    let db = dir.path().join("cunxin.db");
    let full = std::fs::read(&db).unwrap();
    assert!(
        full.len() > 8 * 4096,
        "the sample store is {} bytes",
        full.len()
    );
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "truncated to half",
            full[..full.len() / 2 / 4096 * 4096].to_vec(),
        ),
        ("truncated mid-page", full[..full.len() - 1000].to_vec()),
        ("truncated to 100 bytes", full[..100].to_vec()),
        ("empty", Vec::new()),
        ("garbage", jpeg_like("garbage", full.len(), 3)),
        ("one flipped bit in page 1", {
            let mut b = full.clone();
            b[2000] ^= 0x01;
            b
        }),
    ];
    for (what, bytes) in cases {
        std::fs::write(&db, &bytes).unwrap();
        let before = snapshot(dir.path());
        let result = Store::open(dir.path(), &key).and_then(|s| {
            // Some damage only shows when the damaged pages are read.
            let problems = s.integrity_problems()?;
            if problems.is_empty() {
                s.list_households().map(|_| ())
            } else {
                Err(StoreError::Damaged(problems.join("; ")))
            }
        });
        let err = result.expect_err(what);
        assert!(matches!(err, StoreError::Damaged(_)), "{what}: {err}");
        assert!(
            err.to_string()
                .contains("restore the store directory from a backup"),
            "{what}: {err}"
        );
        assert_eq!(snapshot(dir.path()), before, "{what}: the files changed");
    }
    std::fs::write(&db, &full).unwrap();
    assert_eq!(
        Store::open(dir.path(), &key)
            .unwrap()
            .list_households()
            .unwrap()
            .len(),
        300
    );
}

#[test]
fn one_program_at_a_time_and_never_over_an_existing_store() {
    let dir = tempfile::tempdir().unwrap();
    let (store, key) = new_store(dir.path());
    assert!(matches!(
        Store::open(dir.path(), &key),
        Err(StoreError::InUse)
    ));
    drop(store);
    let err = Store::create(dir.path(), &key).unwrap_err();
    assert!(matches!(err, StoreError::AlreadyExists(_)));
    let missing = dir.path().join("nowhere");
    assert!(matches!(
        Store::open(&missing, &key),
        Err(StoreError::NoStore(_))
    ));
    assert!(!missing.exists());
}

#[test]
fn encrypted_files_detect_tampering_and_truncation() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(dir.path());
    store.import_households(&households(1)).unwrap();
    // Exactly two chunks: the last chunk is empty, so cutting it off is detectable.
    let photo = jpeg_like("house", 2 * 64 * 1024, 1);
    let pid = store
        .add_photo(&id(0), &photo_meta(PhotoKind::House, 1), &photo, b"thumb")
        .unwrap();
    let files: Vec<_> = std::fs::read_dir(store.files_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let big = files
        .iter()
        .find(|p| std::fs::metadata(p).unwrap().len() > 100_000)
        .unwrap()
        .clone();
    let original = std::fs::read(&big).unwrap();
    assert_eq!(read_all(store.open_photo(&pid).unwrap()).unwrap(), photo);

    let mut flipped = original.clone();
    flipped[70_000] ^= 0x40;
    let cut_at_chunk = original[..original.len() - 16].to_vec();
    let cut_mid = original[..original.len() / 2].to_vec();
    for (what, bytes) in [
        ("flipped", flipped),
        ("last chunk cut", cut_at_chunk),
        ("cut", cut_mid),
    ] {
        std::fs::write(&big, bytes).unwrap();
        let err = read_all(store.open_photo(&pid).unwrap()).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidData, "{what}");
    }
    std::fs::write(&big, &original).unwrap();
    assert_eq!(read_all(store.open_photo(&pid).unwrap()).unwrap(), photo);
}

#[test]
fn orphan_files_from_a_crash_are_removed_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, key) = new_store(dir.path());
    store.import_households(&households(2)).unwrap();
    visit_and_finalize(&mut store, &id(0), 1);
    let files = store.files_dir();
    drop(store);
    std::fs::write(
        files.join("0123456789abcdef0123456789abcdef.cxf"),
        b"orphan",
    )
    .unwrap();
    std::fs::write(
        files.join("fedcba9876543210fedcba9876543210.cxf.tmp"),
        b"half",
    )
    .unwrap();
    std::fs::write(files.join("README"), b"not ours").unwrap();
    let store = Store::open(dir.path(), &key).unwrap();
    assert_eq!(store.open_report().orphan_files_removed, 2);
    let left = std::fs::read_dir(&files).unwrap().count();
    assert_eq!(left, 3 + 1, "photo, thumbnail, signature, README");
    let f = &store.finalized_households().unwrap()[0];
    assert!(read_all(store.open_photo(&f.photos[0].id).unwrap()).is_ok());
}

#[test]
fn the_audit_chain_detects_edits_deletions_and_a_cut_tail() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, key) = new_store(dir.path());
    store.import_households(&households(4)).unwrap();
    visit_and_finalize(&mut store, &id(1), 5);
    let ChainStatus::Intact { events, .. } = store.verify_chain().unwrap() else {
        panic!("fresh chain broken")
    };
    assert!(events >= 10, "{events}");
    drop(store);

    type Tamper = fn(&rusqlite::Connection);
    let tampers: [(&str, Tamper, u64); 5] = [
        (
            "detail edited",
            |c| {
                c.execute(
                    "UPDATE audit_events SET detail = '{\"fields\":[]}' WHERE seq = 3",
                    [],
                )
                .unwrap();
            },
            3,
        ),
        (
            "event deleted",
            |c| {
                c.execute("DELETE FROM audit_events WHERE seq = 5", [])
                    .unwrap();
            },
            5,
        ),
        (
            "time edited and its hash recomputed",
            |c| {
                // Without the previous hash's successor also changing, the next link breaks.
                let sql = "UPDATE audit_events SET at = '2020-01-01', hash = 'ff' WHERE seq = 4";
                c.execute(sql, []).unwrap();
            },
            4,
        ),
        (
            "kind edited",
            |c| {
                c.execute("UPDATE audit_events SET kind = 'created' WHERE seq = 7", [])
                    .unwrap();
            },
            7,
        ),
        (
            "last event deleted",
            |c| {
                c.execute(
                    "DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)",
                    [],
                )
                .unwrap();
            },
            events,
        ),
    ];
    let pristine = snapshot(dir.path());
    for (what, tamper, at) in tampers {
        for (name, bytes) in &pristine {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        let _ = std::fs::remove_file(dir.path().join("cunxin.db-wal"));
        let _ = std::fs::remove_file(dir.path().join("cunxin.db-shm"));
        {
            let raw = raw_connection(dir.path(), &key);
            tamper(&raw);
        }
        let store = Store::open(dir.path(), &key).unwrap();
        match store.verify_chain().unwrap() {
            ChainStatus::Broken { at_seq, reason } => assert_eq!(at_seq, at, "{what}: {reason}"),
            intact => panic!("{what} went unnoticed: {intact:?}"),
        }
    }
}

#[test]
fn purge_after_receipt_keeps_only_the_receipt_and_a_masked_line() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, key) = new_store(dir.path());
    store.import_households(&households(3)).unwrap();
    visit_and_finalize(&mut store, &id(0), 11);
    visit_and_finalize(&mut store, &id(1), 12);
    let files_before = std::fs::read_dir(store.files_dir()).unwrap().count();
    assert_eq!(files_before, 6);

    // Not before the receipt.
    let err = store.purge(&id(0)).unwrap_err();
    assert!(matches!(err, StoreError::NotAllowed(_)), "{err}");
    let head = store.mark_sealed("B-001", &[id(0), id(1)]).unwrap();
    assert_eq!(head, store.audit_head().unwrap());
    assert!(store.finalized_households().unwrap().is_empty());
    assert!(store.purge(&id(0)).is_err());
    store.record_export("B-001", "usb").unwrap();
    let receipt = ReceiptInput {
        receipt_id: "R-42".into(),
        received_at: "2026-11-23T09:00:00+08:00".into(),
        body: "{\"batch\":\"B-001\",\"accepted\":2}".into(),
    };
    let uploaded = store.record_receipt("B-001", &receipt, &[]).unwrap();
    assert_eq!(uploaded, vec![id(0), id(1)]);
    assert_eq!(
        store.record_receipt("B-001", &receipt, &[]).unwrap().len(),
        2,
        "idempotent"
    );

    let head_name = household(0).members[0].name.clone();
    let purged = store.purge(&id(0)).unwrap();
    assert_eq!(purged.files_destroyed, 3);
    assert_eq!(purged.receipt, "R-42");
    assert_eq!(std::fs::read_dir(store.files_dir()).unwrap().count(), 3);
    assert!(matches!(
        store.household(&id(0)),
        Err(StoreError::NotFound(_))
    ));
    let line = store
        .list_households()
        .unwrap()
        .into_iter()
        .find(|l| l.state == LifecycleState::Purged)
        .unwrap();
    assert_eq!(line.id, "HH00000");
    assert_eq!(
        line.head_name_masked,
        cunxin_core::privacy::mask_name(&head_name)
    );
    assert_eq!(line.receipt.as_deref(), Some("R-42"));
    assert_eq!(line.members, 0);
    assert_eq!(store.photo_phashes().unwrap().len(), 1);
    let purges = store.purge_uploaded().unwrap();
    assert_eq!(purges.len(), 1);
    assert!(store.verify_chain().unwrap().is_intact());
    assert_eq!(std::fs::read_dir(store.files_dir()).unwrap().count(), 0);
    drop(store);

    // Read the decrypted database like any SQLCipher client: nothing personal of the purged
    // households is left in any table.
    let raw = raw_connection(dir.path(), &key);
    let dump: Vec<String> = raw
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .flat_map(|table| {
            let mut stmt = raw.prepare(&format!("SELECT * FROM {table}")).unwrap();
            let n = stmt.column_count();
            stmt.query_map([], |r| {
                Ok((0..n)
                    .map(|i| match r.get_ref(i).unwrap() {
                        rusqlite::types::ValueRef::Text(t) => {
                            String::from_utf8_lossy(t).into_owned()
                        }
                        rusqlite::types::ValueRef::Blob(b) => {
                            String::from_utf8_lossy(b).into_owned()
                        }
                        other => format!("{other:?}"),
                    })
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect::<Vec<_>>()
        })
        .collect();
    let text = dump.join("\n");
    for n in [0, 1] {
        let h = household(n);
        for m in &h.members {
            assert!(!text.contains(&m.name), "{} still stored", m.name);
            assert!(!text.contains(&m.id_number), "an ID number is still stored");
        }
        assert!(!text.contains(&h.address));
    }
    assert!(
        text.contains(&household(2).members[0].name),
        "the unpurged household stays"
    );
    let secure: i64 = raw
        .query_row("PRAGMA secure_delete", [], |r| r.get(0))
        .unwrap();
    assert_eq!(secure, 1);
}

#[test]
fn rekey_changes_the_key_and_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, old) = new_store(dir.path());
    store.import_households(&households(50)).unwrap();
    visit_and_finalize(&mut store, &id(7), 70);
    let new = StoreKey::generate().unwrap();
    store.rekey(&new).unwrap();
    assert!(store.verify_chain().unwrap().is_intact());
    drop(store);
    let err = Store::open(dir.path(), &old).unwrap_err();
    assert!(matches!(err, StoreError::WrongKey(_)), "{err}");
    let store = Store::open(dir.path(), &new).unwrap();
    assert_eq!(store.list_households().unwrap().len(), 50);
    let f = store.finalized_households().unwrap();
    assert_eq!(
        read_all(store.open_photo(&f[0].photos[0].id).unwrap())
            .unwrap()
            .len(),
        50_000
    );
    assert!(store.integrity_problems().unwrap().is_empty());
    let kinds: Vec<_> = store
        .audit_events(None)
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds.last(), Some(&cunxin_core::store::AuditKind::Rekeyed));
    let (_, which) = {
        drop(store);
        Store::open_with_any(dir.path(), &[&old, &new]).unwrap()
    };
    assert_eq!(which, 1);
}

/// Every encoding a name or number could appear in on disk.
fn encodings(text: &str) -> Vec<Vec<u8>> {
    let utf16le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf16be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    vec![text.as_bytes().to_vec(), gbk.into_owned(), utf16le, utf16be]
}

fn assert_nothing_readable(dir: &std::path::Path, secrets: &[String], when: &str) {
    let files = snapshot(dir);
    assert!(files.iter().any(|(n, _)| n == "cunxin.db"));
    for secret in secrets {
        for needle in encodings(secret) {
            for (name, bytes) in &files {
                assert!(
                    memchr::memmem::find(bytes, &needle).is_none(),
                    "{when}: a personal value is readable in {name}"
                );
            }
        }
    }
}

#[test]
fn no_personal_data_is_readable_in_the_database_its_wal_or_the_photo_files() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, key) = new_store(dir.path());
    let mut village = households(30);
    village[0].members[0].name = "欧阳长明".into();
    village[0].address = "洛阳市西工区红山乡杨冢村七组".into();
    store.import_households(&village).unwrap();
    let h = id(0);
    let mut f = facts(88_888);
    f.insert("note".into(), "欧阳长明家养牛十二头".into());
    store.save_draft(&h, &f).unwrap();
    let photo = jpeg_like("PHOTO-MARKER-欧阳长明-身份证", 90_000, 5);
    store
        .add_photo(
            &h,
            &photo_meta(PhotoKind::IdFront, 9),
            &photo,
            &jpeg_like("THUMB-MARKER", 4000, 6),
        )
        .unwrap();
    store
        .add_consent(
            &h,
            &consent(ConsentKind::CreditInquiry, "欧阳长明"),
            &mut &b"SIGNATURE-MARKER"[..],
        )
        .unwrap();

    let mut secrets: Vec<String> = village
        .iter()
        .flat_map(|h| h.members.iter())
        .flat_map(|m| {
            [m.name.clone(), m.id_number.clone()]
                .into_iter()
                .chain(m.phone.clone())
        })
        .collect();
    secrets.extend(village.iter().map(|h| h.address.clone()));
    secrets.extend(
        [
            "欧阳长明家养牛十二头",
            "PHOTO-MARKER",
            "THUMB-MARKER",
            "SIGNATURE-MARKER",
            "网格员王五",
        ]
        .map(String::from),
    );
    assert!(
        std::fs::metadata(dir.path().join("cunxin.db-wal"))
            .unwrap()
            .len()
            > 0,
        "the test must see a WAL with content"
    );
    assert_nothing_readable(dir.path(), &secrets, "while open");
    drop(store);
    assert_nothing_readable(dir.path(), &secrets, "after closing");

    // Control: the same search does find the values in a plaintext export of the database.
    let plain_dir = tempfile::tempdir().unwrap();
    let plain = plain_dir.path().join("plain.db");
    let raw = raw_connection(dir.path(), &key);
    raw.execute_batch(&format!(
        "ATTACH DATABASE '{}' AS plain KEY ''; SELECT sqlcipher_export('plain'); DETACH DATABASE plain;",
        plain.display()
    ))
    .unwrap();
    let bytes = std::fs::read(&plain).unwrap();
    for secret in ["欧阳长明", &village[5].members[1].id_number, "网格员王五"] {
        assert!(
            memchr::memmem::find(&bytes, secret.as_bytes()).is_some(),
            "control failed"
        );
    }
}

#[test]
fn reviews_scoring_runs_corrections_and_side_states_are_kept_and_audited_without_values() {
    use cunxin_core::scoring::audit::ScoringRun;
    use cunxin_core::scoring::committee::Rating;
    use cunxin_core::scoring::points::Tenths;
    use cunxin_core::store::AuditKind;

    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(dir.path());
    store.import_households(&households(4)).unwrap();
    let h = id(0);
    for member in ["村主任", "组长", "村民代表"] {
        let rating = Rating {
            member: member.into(),
            role: None,
            business: None,
            suggested_limit_yuan: Some(50_000),
            integrity: Some(4),
            estimated_income_yuan: Some(60_000),
            note: String::new(),
        };
        store.record_committee_review(&h, &rating).unwrap();
    }
    assert_eq!(store.household(&h).unwrap().state, LifecycleState::Reviewed);
    assert_eq!(store.panel_status(&h).unwrap().rated_by.len(), 3);

    let mut corrected = household(0);
    corrected.members[0].phone = Some("13900001111".into());
    assert_eq!(
        store.correct_household(&corrected).unwrap(),
        vec!["members.0.phone".to_string()]
    );
    assert_eq!(store.household(&h).unwrap().household, corrected);

    let run = ScoringRun {
        household: h.0.clone(),
        scorecard: "luquan".into(),
        scorecard_version: "2019".into(),
        facts_sha256: "ab".repeat(32),
        points: Tenths(725),
        limit_yuan: 87_654,
        error: None,
        shown_to_resident: true,
        at: "2026-11-22T10:00:00+08:00".into(),
    };
    store.record_scoring_run(&run).unwrap();
    assert_eq!(store.scoring_runs(&h).unwrap(), vec![run]);

    let events = store.audit_events(Some(&h)).unwrap();
    let kinds: Vec<AuditKind> = events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            vec![AuditKind::Created],
            vec![AuditKind::CommitteeReviewed; 3],
            vec![
                AuditKind::Edited,
                AuditKind::Scored,
                AuditKind::ShownToResident
            ],
        ]
        .concat()
    );
    let trail = serde_json::to_string(&events).unwrap();
    for value in [
        "13900001111",
        "87654",
        "村主任",
        &household(0).members[0].name,
    ] {
        assert!(
            !trail.contains(value),
            "the audit trail holds a personal value"
        );
    }

    // Side states.
    store
        .set_visit_state(
            &id(1),
            LifecycleState::NotHome {
                reason: "外出务工".into(),
                revisit_at: None,
            },
        )
        .unwrap();
    store.save_draft(&id(1), &facts(1)).unwrap();
    assert_eq!(
        store.household(&id(1)).unwrap().state,
        LifecycleState::InProgress
    );
    store
        .set_visit_state(
            &id(2),
            LifecycleState::Declined {
                reason: "不需要贷款".into(),
            },
        )
        .unwrap();
    assert!(matches!(
        store.save_draft(&id(2), &facts(1)),
        Err(StoreError::NotAllowed(_))
    ));
    let err = store
        .set_visit_state(&id(3), LifecycleState::Finalized)
        .unwrap_err();
    assert!(matches!(err, StoreError::InvalidInput(_)), "{err}");
    assert!(store.verify_chain().unwrap().is_intact());
}

#[test]
fn a_photo_can_be_retaken_and_a_lost_batch_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(dir.path());
    store.import_households(&households(2)).unwrap();
    let h = id(0);
    let blurry = store
        .add_photo(&h, &photo_meta(PhotoKind::Portrait, 1), b"blurry", b"b")
        .unwrap();
    store.remove_photo(&blurry).unwrap();
    assert!(store.photos(&h).unwrap().is_empty());
    assert!(matches!(
        store.open_photo(&blurry),
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(std::fs::read_dir(store.files_dir()).unwrap().count(), 0);

    visit_and_finalize(&mut store, &h, 3);
    store
        .mark_sealed("B-lost", std::slice::from_ref(&h))
        .unwrap();
    assert_eq!(store.reopen_batch("B-lost").unwrap(), 1);
    assert_eq!(store.finalized_households().unwrap().len(), 1);
    let receipt = ReceiptInput {
        receipt_id: "R-1".into(),
        received_at: "2026-11-23T09:00:00+08:00".into(),
        body: "{}".into(),
    };
    assert!(matches!(
        store.record_receipt("B-lost", &receipt, &[]),
        Err(StoreError::NotAllowed(_))
    ));
    assert!(matches!(
        store.mark_sealed("B-lost", std::slice::from_ref(&h)),
        Err(StoreError::InvalidInput(_))
    ));
    store
        .mark_sealed("B-again", std::slice::from_ref(&h))
        .unwrap();
    assert_eq!(
        store.record_receipt("B-again", &receipt, &[]).unwrap(),
        vec![h]
    );
    assert!(store.verify_chain().unwrap().is_intact());
}

#[test]
fn a_finalized_visit_is_reopened_for_a_correction_with_a_reason_and_finalized_again() {
    use cunxin_core::store::AuditKind;

    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(dir.path());
    store.import_households(&households(2)).unwrap();
    let (h, untouched) = (id(0), id(1));
    visit_and_finalize(&mut store, &h, 42_000);

    let no_reason = store.reopen(&h, "  ").unwrap_err();
    assert!(
        matches!(no_reason, StoreError::InvalidInput(_)),
        "{no_reason}"
    );
    let not_final = store.reopen(&untouched, "typo").unwrap_err();
    assert!(
        matches!(not_final, StoreError::NotAllowed(_)),
        "{not_final}"
    );

    // The platform returned it for a missing credit-inquiry authorization.
    let draft = store
        .reopen(
            &h,
            "returned by the platform: no credit-inquiry authorization",
        )
        .unwrap();
    assert_eq!(draft, 2);
    let record = store.household(&h).unwrap();
    assert_eq!(record.state, LifecycleState::InProgress);
    assert_eq!(
        record.facts,
        Some(facts(42_000)),
        "the correction starts from the final facts"
    );
    assert!(store.finalized_households().unwrap().is_empty());
    store
        .add_consent(
            &h,
            &consent(ConsentKind::CreditInquiry, "户主"),
            &mut &b"second signature"[..],
        )
        .unwrap();
    store.save_draft(&h, &facts(45_000)).unwrap();
    assert_eq!(store.finalize(&h).unwrap(), 2);

    let again = store.finalized_households().unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!((again[0].revision, &again[0].facts), (2, &facts(45_000)));
    assert_eq!(again[0].consents.len(), 2);
    assert_eq!(
        again[0].photos.len(),
        1,
        "the first revision's photo stays with the household"
    );
    let reopened: Vec<_> = store
        .audit_events(Some(&h))
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == AuditKind::Reopened)
        .collect();
    assert_eq!(reopened.len(), 1);
    assert_eq!(
        reopened[0].detail["reason"],
        "returned by the platform: no credit-inquiry authorization"
    );
    assert!(store.verify_chain().unwrap().is_intact());
}
