//! `cunxin init`, `households list`, `household show` on real encrypted stores, and the
//! wrong-key contract: exit 2, one sentence on stderr, the store untouched.

use assert_cmd::Command;
use cunxin_core::intake::relation::Relation;
use cunxin_core::intake::resident_id::{ResidentId, Sex, check_character};
use cunxin_core::model::{Household, HouseholdId, Member, Place};
use cunxin_core::store::{Store, StoreKey};
use serde_json::Value;
use std::path::Path;

fn cunxin() -> Command {
    Command::cargo_bin("cunxin").unwrap()
}

fn id_number(first17: &str) -> String {
    format!("{first17}{}", check_character(first17))
}

fn member(name: &str, id: &str, relation: Relation) -> Member {
    Member {
        name: name.into(),
        id_number: id.into(),
        relation: Some(relation),
        relation_word: if relation == Relation::Head {
            "户主"
        } else {
            "配偶"
        }
        .into(),
        sex: Sex::Male,
        ethnicity: "汉族".into(),
        birth_date: ResidentId::parse(id).unwrap().birth_date(),
        phone: Some("13812345678".into()),
        education: None,
        occupation: None,
        health: None,
        marital_status: None,
        checks: Default::default(),
        added_at_visit: false,
    }
}

fn village() -> Vec<Household> {
    (0..3)
        .map(|n| Household {
            id: HouseholdId(format!("H{n:03}")),
            place: Place {
                county_code: Some("410303".into()),
                town: "城关镇".into(),
                village: "王庄村".into(),
                group: "2组".into(),
            },
            address: format!("王庄村{n}号"),
            members: vec![
                member(
                    "欧阳长明",
                    &id_number(&format!("41030319700101{:03}", n * 2 + 1)),
                    Relation::Head,
                ),
                member(
                    "李秀英",
                    &id_number(&format!("41030319720202{:03}", n * 2 + 2)),
                    Relation::Spouse,
                ),
            ],
            land: "3亩".into(),
            checks: Default::default(),
            removed_members: Vec::new(),
        })
        .collect()
}

fn args<'a>(store: &'a Path, key: &'a Path) -> [&'a str; 4] {
    [
        "--store",
        store.to_str().unwrap(),
        "--key-file",
        key.to_str().unwrap(),
    ]
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = walk(dir)
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flat_map(|e| {
            let p = e.unwrap().path();
            if p.is_dir() { walk(&p) } else { vec![p] }
        })
        .collect()
}

#[test]
fn init_creates_a_store_and_an_owner_only_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let (store, key) = (dir.path().join("store"), dir.path().join("store.key"));
    let out = cunxin()
        .arg("init")
        .args(args(&store, &key))
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["key_created"], true);
    assert!(report["schema_version"].as_u64().unwrap() >= 1);
    let text = std::fs::read_to_string(&key).unwrap();
    assert_eq!(text.len(), 65);
    assert!(text.trim_end().chars().all(|c| c.is_ascii_hexdigit()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let key_bytes = StoreKey::from_key_file(text.into_bytes()).unwrap();
    assert!(Store::open(&store, &key_bytes).is_ok());

    // A second init never touches the existing store.
    let before = snapshot(&store);
    let out = cunxin()
        .arg("init")
        .args(args(&store, &key))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        format!(
            "cunxin: a store already exists at {}; open it instead of creating a new one",
            store.display()
        )
    );
    assert_eq!(snapshot(&store), before);

    // A key file of 32 raw bytes works too.
    let raw_key = dir.path().join("raw.key");
    std::fs::write(&raw_key, [42u8; 32]).unwrap();
    cunxin()
        .arg("init")
        .args(args(&dir.path().join("second"), &raw_key))
        .assert()
        .code(0);
}

fn populated_store(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let (store, key_file) = (dir.join("store"), dir.join("store.key"));
    let key = StoreKey::generate().unwrap();
    std::fs::write(&key_file, format!("{}\n", key.to_hex().as_str())).unwrap();
    let mut s = Store::create(&store, &key).unwrap();
    s.import_households(&village()).unwrap();
    (store, key_file)
}

#[test]
fn households_are_listed_masked() {
    let dir = tempfile::tempdir().unwrap();
    let (store, key) = populated_store(dir.path());
    let out = cunxin()
        .args(["households", "list", "--json"])
        .args(args(&store, &key))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["id"], "H000");
    assert_eq!(list[0]["head_name_masked"], "欧**明");
    assert_eq!(list[0]["head_id_masked"].as_str().unwrap().len(), 18);
    assert!(
        list[0]["head_id_masked"]
            .as_str()
            .unwrap()
            .starts_with("410303********")
    );
    assert_eq!(list[0]["state"]["state"], "imported");
    assert_eq!(list[0]["members"], 2);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("欧阳长明") && !text.contains("19700101"));

    let human = cunxin()
        .args(["households", "list"])
        .args(args(&store, &key))
        .output()
        .unwrap();
    let human = String::from_utf8(human.stdout).unwrap();
    assert!(
        human.contains("户号 id") && human.contains("共 3 户"),
        "{human}"
    );
    assert!(!human.contains("欧阳长明"));
}

#[test]
fn a_household_is_shown_masked_unless_revealed() {
    let dir = tempfile::tempdir().unwrap();
    let (store, key) = populated_store(dir.path());
    let out = cunxin()
        .args(["household", "show", "H001", "--json"])
        .args(args(&store, &key))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["masked"], true);
    assert_eq!(shown["members"][0]["name"], "欧**明");
    assert_eq!(shown["members"][0]["phone"], "138****5678");
    assert_eq!(shown["address"], Value::Null);
    let out = cunxin()
        .args(["household", "show", "H001", "--json", "--reveal"])
        .args(args(&store, &key))
        .output()
        .unwrap();
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["members"][0]["name"], "欧阳长明");
    assert_eq!(shown["address"], "王庄村1号");

    let out = cunxin()
        .args(["household", "show", "H999"])
        .args(args(&store, &key))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "cunxin: there is no household H999 in the store"
    );
}

#[test]
fn a_wrong_key_exits_2_with_one_sentence_and_leaves_the_store_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = populated_store(dir.path());
    let wrong = dir.path().join("wrong.key");
    std::fs::write(&wrong, "ab".repeat(32)).unwrap();
    let before = snapshot(&store);
    for command in [
        vec!["households", "list"],
        vec!["household", "show", "H000"],
    ] {
        let out = cunxin()
            .args(&command)
            .args(args(&store, &wrong))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "cunxin: the key does not open this store; nothing was changed. Use the key the store was created with\n"
        );
        assert!(out.stdout.is_empty());
    }
    assert_eq!(snapshot(&store), before);

    // Without the key-check file SQLCipher itself meets the wrong key: its own error log
    // (`hmac check failed …`) must not reach stderr.
    std::fs::remove_file(store.join("key-check.json")).unwrap();
    let before = snapshot(&store);
    let out = cunxin()
        .args(["households", "list"])
        .args(args(&store, &wrong))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("cunxin: the key does not open this store"),
        "{stderr}"
    );
    assert_eq!(snapshot(&store), before);

    // A key file that is not a key.
    let bad = dir.path().join("bad.key");
    std::fs::write(&bad, "not a key").unwrap();
    let out = cunxin()
        .args(["households", "list"])
        .args(args(&store, &bad))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        format!(
            "cunxin: {}: the key file must hold exactly 32 bytes or 64 hexadecimal characters",
            bad.display()
        )
    );
    let out = cunxin()
        .args(["households", "list"])
        .args(args(&dir.path().join("nowhere"), &bad))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_roster_is_imported_once_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let (store, key) = (dir.path().join("store"), dir.path().join("store.key"));
    cunxin()
        .arg("init")
        .args(args(&store, &key))
        .assert()
        .code(0);
    let roster = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/sample-village/roster.csv"
    );
    let import = |expect: i32| {
        let out = cunxin()
            .args(["roster", "import", "--json"])
            .args(args(&store, &key))
            .arg(roster)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(expect),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    // The sample roster has one row Excel mangled: reported (exit 1), the rest imported.
    let first = import(1);
    assert_eq!(first["errors"][0]["code"], "excel_scientific", "{first}");
    let households = first["imported"]["inserted"].as_u64().unwrap();
    assert!(households >= 5, "{first}");
    let again = import(1);
    assert_eq!(again["imported"]["inserted"], 0);
    assert_eq!(again["imported"]["unchanged"].as_u64(), Some(households));

    let out = cunxin()
        .args(["households", "list", "--json"])
        .args(args(&store, &key))
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len() as u64, households);
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(!listed.contains("王长明") && !listed.contains("410303198003071233"));
    assert!(listed.contains("王*明"), "{listed}");
}
