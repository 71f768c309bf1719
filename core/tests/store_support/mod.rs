//! Shared helpers for the store's integration tests: real households, photos and consents.
#![allow(dead_code)]

use cunxin_core::intake::relation::Relation;
use cunxin_core::intake::resident_id::{Sex, check_character};
use cunxin_core::model::{Household, HouseholdId, Member, Place};
use cunxin_core::scoring::Facts;
use cunxin_core::store::{ConsentInput, ConsentKind, PhotoKind, PhotoMeta, Store, StoreKey};
use std::path::Path;

/// A valid 18-character resident ID number.
pub fn id_number(region: &str, birth: &str, sequence: u32) -> String {
    let first17 = format!("{region}{birth}{sequence:03}");
    format!("{first17}{}", check_character(&first17))
}

const SURNAMES: &[&str] = &["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴"];
const GIVEN: &[&str] = &[
    "建国", "秀英", "玉兰", "志强", "桂芳", "德明", "春华", "海燕", "国庆", "丽娟",
];

pub fn member(
    name: &str,
    id: &str,
    relation: Relation,
    word: &str,
    sex: Sex,
    phone: Option<&str>,
) -> Member {
    let birth = chrono::NaiveDate::parse_from_str(&id[6..14], "%Y%m%d").unwrap();
    Member {
        name: name.into(),
        id_number: id.into(),
        relation: Some(relation),
        relation_word: word.into(),
        sex,
        ethnicity: "汉族".into(),
        birth_date: birth,
        phone: phone.map(String::from),
        education: None,
        occupation: None,
        health: None,
        marital_status: None,
        checks: Default::default(),
        added_at_visit: false,
    }
}

/// Household number `n` of a sample village: a head, a spouse and a child.
pub fn household(n: usize) -> Household {
    let surname = SURNAMES[n % SURNAMES.len()];
    let given = GIVEN[(n / SURNAMES.len()) % GIVEN.len()];
    let seq = (n % 400) as u32 * 2 + 1;
    let head = member(
        &format!("{surname}{given}"),
        &id_number("410303", "19700101", seq),
        Relation::Head,
        "户主",
        Sex::Male,
        Some(&format!("138{:08}", n)),
    );
    let spouse = member(
        &format!("李{}", GIVEN[(n + 3) % GIVEN.len()]),
        &id_number("410303", "19720202", seq + 1),
        Relation::Spouse,
        "配偶",
        Sex::Female,
        None,
    );
    let child = member(
        &format!(
            "{surname}小{}",
            GIVEN[(n + 5) % GIVEN.len()].chars().next().unwrap()
        ),
        &id_number("410303", "20000303", seq),
        Relation::Child,
        "儿子",
        Sex::Male,
        None,
    );
    Household {
        id: HouseholdId(format!("HH{n:05}")),
        place: Place {
            county_code: Some("410303".into()),
            town: "城关镇".into(),
            village: format!("{}村", ["东关", "西关", "南街"][n % 3]),
            group: format!("{}组", n % 5 + 1),
        },
        address: format!("城关镇东关村{}号", n + 1),
        members: vec![head, spouse, child],
        land: "承包地3.5亩".into(),
        checks: Default::default(),
        removed_members: Vec::new(),
    }
}

pub fn households(count: usize) -> Vec<Household> {
    (0..count).map(household).collect()
}

pub fn facts(income: i64) -> Facts {
    serde_json::json!({
        "household_size": 3,
        "yearly_net_income_yuan": income,
        "credit_history": "never_borrowed",
        "house_structure": "brick_concrete",
    })
    .as_object()
    .unwrap()
    .clone()
}

pub fn photo_meta(kind: PhotoKind, phash: u64) -> PhotoMeta {
    PhotoMeta {
        kind,
        source_sha256: "ab".repeat(32),
        phash,
        width: 1600,
        height: 1200,
        thumb_width: 320,
        thumb_height: 240,
        captured_at: Some("2026-11-22T10:00:00+08:00".into()),
        location: Some(cunxin_core::store::GeoPoint {
            latitude: 34.62,
            longitude: 112.45,
            accuracy_m: Some(8.0),
        }),
        taken_by: "网格员王五".into(),
        quality_flags: vec![],
        override_reason: None,
    }
}

pub fn consent(kind: ConsentKind, signer: &str) -> ConsentInput {
    ConsentInput {
        kind,
        text_version: cunxin_core::model::current_consent_text(kind)
            .version
            .into(),
        text_sha256: cunxin_core::model::current_consent_text(kind).sha256.into(),
        signer: signer.into(),
        signed_at: "2026-11-22T10:05:00+08:00".into(),
        place: Some("城关镇东关村".into()),
        grid_manager: "网格员王五".into(),
    }
}

/// Bytes that stand in for a JPEG: a recognisable marker, then pseudo-random filler.
pub fn jpeg_like(marker: &str, len: usize, seed: u64) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(len);
    bytes.extend_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
    bytes.extend_from_slice(marker.as_bytes());
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407)
        | 1;
    while bytes.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.push(x as u8);
    }
    bytes.truncate(len);
    bytes
}

/// Takes a household through a visit to `finalized`: draft, photo, consent.
pub fn visit_and_finalize(store: &mut Store, id: &HouseholdId, income: i64) {
    store.save_draft(id, &facts(income)).unwrap();
    let photo = jpeg_like("house", 50_000, income as u64);
    store
        .add_photo(
            id,
            &photo_meta(PhotoKind::House, income as u64),
            &photo,
            &photo[..5000],
        )
        .unwrap();
    store
        .add_consent(
            id,
            &consent(ConsentKind::PersonalInfo, "户主"),
            &mut &b"signature strokes"[..],
        )
        .unwrap();
    store.finalize(id).unwrap();
}

pub fn new_store(dir: &Path) -> (Store, StoreKey) {
    let key = StoreKey::generate().unwrap();
    (Store::create(dir, &key).unwrap(), key)
}

/// Every file under `dir` with its bytes, sorted by path (to prove nothing changed).
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                out.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// A raw SQLCipher connection with the store's key, as any SQLCipher 4 client would open it.
pub fn raw_connection(store_dir: &Path, key: &StoreKey) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(store_dir.join("cunxin.db")).unwrap();
    conn.query_row("PRAGMA cipher_log = off", [], |_| Ok(()))
        .unwrap();
    conn.execute_batch(&format!(
        "PRAGMA key = \"x'{}'\"; PRAGMA cipher_compatibility = 4;",
        key.to_hex().as_str()
    ))
    .unwrap();
    conn
}

/// A clean village roster CSV of `people` persons in households of four (unique valid IDs).
pub fn roster_csv(people: u32) -> String {
    let mut csv = String::from(
        "乡镇,行政村名称,组名,身份证,姓名,户主身份证,户号,现居住地址,联系方式,性别,与户主关系,民族,出生年月,承包土地及山林信息\n",
    );
    for n in 0..people {
        let household = n / 4;
        let birth = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap()
            + chrono::Duration::days((n % 15_000) as i64);
        let id = id_number("410303", &birth.format("%Y%m%d").to_string(), n / 15_000);
        let relation = ["户主", "配偶", "子", "女"][(n % 4) as usize];
        let name = format!(
            "{}{}",
            SURNAMES[n as usize % 10],
            GIVEN[n as usize / 10 % 10]
        );
        csv.push_str(&format!(
            "城关镇,王庄村,{}组,{id},{name},,H{household:05},王庄村{household}号,138{n:08},,{relation},汉,,\n",
            household % 9 + 1,
        ));
    }
    csv
}
