//! Upgrades from every earlier schema version, each with data as that version wrote it
//! (frozen SQL, not today's code), and the refusal of a newer store.

use super::connection::{self, FirstRead};
use super::encrypted_file::FileVault;
use super::layout::{KeyCheck, Layout};
use super::schema::{self, latest_version};
use super::*;
use crate::intake::relation::Relation;
use crate::intake::resident_id::Sex;
use crate::model::{HouseholdId, LifecycleState, Member};

const AT: &str = "2026-01-05T09:00:00.000+08:00";

fn member() -> Member {
    Member {
        name: "张建国".into(),
        id_number: "410303197001010011".into(),
        relation: Some(Relation::Head),
        relation_word: "户主".into(),
        sex: Sex::Male,
        ethnicity: "汉族".into(),
        birth_date: chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap(),
        phone: Some("13800000001".into()),
        education: None,
        occupation: None,
        health: None,
        marital_status: None,
        checks: Default::default(),
        added_at_visit: false,
    }
}

/// Data as schema version 1 stored it.
fn fixture_v1(conn: &Connection) {
    let household = serde_json::json!({
        "id": "HH00001",
        "place": { "county_code": "410303", "town": "城关镇", "village": "东关村", "group": "1组" },
        "address": "东关村1号",
        "land": "3亩",
    });
    conn.execute_batch(&format!(
        "INSERT INTO store_meta (key, value) VALUES ('store_id', 'fixture'), ('created_at', '{AT}');
         INSERT INTO settings (key, value, updated_at) VALUES ('operator', '网格员王五', '{AT}');"
    ))
    .unwrap();
    conn.execute(
        "INSERT INTO households (hid, household_key, town, village, grp, data, state, state_name,
             head_name_masked, head_id_masked, key_masked, imported_at, updated_at)
         VALUES (1, 'HH00001', '城关镇', '东关村', '1组', ?1, '{\"state\":\"in_progress\"}',
             'in_progress', '张*国', '410303********0011', 'HH00001', ?2, ?2)",
        params![household.to_string(), AT],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO facts (hid, revision, facts, status, saved_at)
         VALUES (1, 1, '{\"yearly_net_income_yuan\":30000}', 'draft', ?1)",
        [AT],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO members (hid, position, name, id_number, data) VALUES (1, 0, ?1, ?2, ?3)",
        params![
            member().name,
            member().id_number,
            serde_json::to_string(&member()).unwrap()
        ],
    )
    .unwrap();
    for kind in [
        AuditKind::StoreCreated,
        AuditKind::Created,
        AuditKind::Edited,
    ] {
        let hid = (kind != AuditKind::StoreCreated).then_some(1);
        audit::append(conn, AT, None, kind, hid, serde_json::json!({})).unwrap();
    }
}

/// Data as schema version 2 added it: a photo with its encrypted file, a consent, a run.
fn fixture_v2(conn: &Connection, vault: &FileVault) -> Vec<u8> {
    let photo = b"\xFF\xD8\xFFversion-2 photo".to_vec();
    let file = vault.write(&mut photo.as_slice()).unwrap();
    let thumb = vault.write(&mut &b"thumb"[..]).unwrap();
    let signature = vault.write(&mut &b"signature"[..]).unwrap();
    conn.execute(
        "INSERT INTO photos (photo_id, hid, kind, sha256, source_sha256, phash, width, height,
             thumb_width, thumb_height, captured_at, latitude, longitude, accuracy_m, taken_by,
             quality_flags, override_reason, size, file_name, file_key, thumb_file_name,
             thumb_file_key, revision, added_at)
         VALUES ('p1', 1, 'house', ?1, 'src', -2, 1600, 1200, 320, 240, NULL, NULL, NULL, NULL,
             '网格员王五', '[]', NULL, ?2, ?3, ?4, ?5, ?6, NULL, ?7)",
        params![
            file.sha256,
            file.plaintext_len as i64,
            file.name,
            file.key.as_bytes(),
            thumb.name,
            thumb.key.as_bytes(),
            AT
        ],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO consents (consent_id, hid, kind, text_version, text_sha256, signer, signed_at,
             place, grid_manager, signature_sha256, signature_file, signature_key, added_at)
         VALUES ('c1', 1, 'personal_info', '2026.1', 'aa', '张建国', ?1, NULL, '网格员王五',
             ?2, ?3, ?4, ?1)",
        params![
            AT,
            signature.sha256,
            signature.name,
            signature.key.as_bytes()
        ],
    )
    .unwrap();
    let run = serde_json::json!({
        "household": "HH00001", "scorecard": "luquan", "scorecard_version": "1",
        "facts_sha256": "ff", "points": 725, "limit_yuan": 50000, "error": null,
        "shown_to_resident": true, "at": "2026-01-05T09:00:00+08:00",
    });
    conn.execute(
        "INSERT INTO scoring_runs (hid, scorecard, scorecard_version, facts_sha256, points_tenths,
             limit_yuan, shown_to_resident, at, run)
         VALUES (1, 'luquan', '1', 'ff', 725, 50000, 1, ?1, ?2)",
        params![AT, run.to_string()],
    )
    .unwrap();
    audit::append(
        conn,
        AT,
        None,
        AuditKind::PhotoAdded,
        Some(1),
        serde_json::json!({"photo": "p1"}),
    )
    .unwrap();
    photo
}

/// A store directory at schema `version`, with each version's fixture data.
fn store_at_version(dir: &Path, key: &StoreKey, version: u32) -> Option<Vec<u8>> {
    let layout = Layout::new(dir);
    std::fs::create_dir_all(layout.files()).unwrap();
    let FirstRead::Ok(mut conn) = connection::open(&layout.db(), key, true) else {
        panic!("could not create the fixture database")
    };
    schema::migrate_to(&mut conn, version).unwrap();
    fixture_v1(&conn);
    let photo = (version >= 2).then(|| fixture_v2(&conn, &FileVault::new(layout.files())));
    conn.close().unwrap();
    KeyCheck::current(key).write(&layout).unwrap();
    photo
}

fn schema_sql(store: &Store) -> Vec<String> {
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master
             ORDER BY type, name",
        )
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn every_earlier_version_upgrades_to_the_latest_with_its_data() {
    let fresh_dir = tempfile::tempdir().unwrap();
    let key = StoreKey::generate().unwrap();
    let fresh = Store::create(fresh_dir.path(), &key).unwrap();
    let id = HouseholdId("HH00001".into());
    for version in 1..latest_version() {
        let dir = tempfile::tempdir().unwrap();
        let photo = store_at_version(dir.path(), &key, version);
        let store = Store::open(dir.path(), &key).unwrap();
        assert_eq!(store.open_report().migrated_from, Some(version));
        assert_eq!(store.schema_version().unwrap(), latest_version());
        assert_eq!(
            schema_sql(&store),
            schema_sql(&fresh),
            "from version {version}"
        );
        let record = store.household(&id).unwrap();
        assert_eq!(record.household.members, vec![member()]);
        assert_eq!(record.household.address, "东关村1号");
        assert_eq!(record.state, LifecycleState::InProgress);
        assert_eq!(record.facts.unwrap()["yearly_net_income_yuan"], 30000);
        assert_eq!(store.operator(), Some("网格员王五"));
        assert!(
            store.verify_chain().unwrap().is_intact(),
            "from version {version}"
        );
        let list = store.list_households().unwrap();
        assert_eq!(
            (list[0].receipt.clone(), list[0].photos),
            (None, record.photos.len() as u32)
        );
        if let Some(photo) = photo {
            let mut read = Vec::new();
            std::io::Read::read_to_end(
                &mut store.open_photo(&PhotoId("p1".into())).unwrap(),
                &mut read,
            )
            .unwrap();
            assert_eq!(read, photo);
            assert_eq!(store.photo_phashes().unwrap()[0].2, u64::MAX - 1);
            assert_eq!(store.consents(&id).unwrap().len(), 1);
            assert_eq!(store.scoring_runs(&id).unwrap()[0].limit_yuan, 50000);
            assert_eq!(store.open_report().orphan_files_removed, 0);
        }
        // And the upgraded store works like a new one.
        drop(store);
        let mut store = Store::open(dir.path(), &key).unwrap();
        assert_eq!(store.open_report().migrated_from, None);
        store
            .save_draft(&id, &crate::scoring::Facts::new())
            .unwrap();
        assert!(store.verify_chain().unwrap().is_intact());
    }
}

#[test]
fn a_store_from_a_newer_cunxin_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let key = StoreKey::generate().unwrap();
    drop(Store::create(dir.path(), &key).unwrap());
    {
        let FirstRead::Ok(conn) = connection::open(&dir.path().join("cunxin.db"), &key, false)
        else {
            panic!()
        };
        conn.pragma_update(None, "user_version", latest_version() + 1)
            .unwrap();
    }
    let before = std::fs::read(dir.path().join("cunxin.db")).unwrap();
    let err = Store::open(dir.path(), &key).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { .. }), "{err}");
    assert!(err.to_string().contains("update Cunxin"));
    assert_eq!(std::fs::read(dir.path().join("cunxin.db")).unwrap(), before);
}
