//! Work packages made as a bank engineer would with stock `tar`, `age` and `minisign`
//! (README, "The bank's side"), imported into a real store: the chain of packages applied
//! in order, and every refusal — another device's, tampered, truncated, replayed, out of
//! chain, signed by another key — leaving the store exactly as it was.

mod batch_support;
mod store_support;

use batch_support::run;
use cunxin_core::batch::DeviceIdentity;
use cunxin_core::model::HouseholdId;
use cunxin_core::package::{PackageError, import_package};
use cunxin_core::store::Store;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;
use store_support::*;

const JINXIANG: &str = include_str!("../src/scoring/presets/jinxiang.toml");

/// The platform's side with stock tools: a minisign key pair and a folder to build in.
struct Platform {
    dir: PathBuf,
    secret: PathBuf,
    public: String,
}

impl Platform {
    fn new(dir: &Path, name: &str) -> Platform {
        let dir = dir.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let (secret, public) = (dir.join("platform.key"), dir.join("platform.pub"));
        run(Command::new("minisign")
            .args(["-G", "-W", "-p"])
            .arg(&public)
            .arg("-s")
            .arg(&secret));
        let public = std::fs::read_to_string(public).unwrap();
        Platform {
            dir,
            secret,
            public,
        }
    }

    /// `tar -cf`, `age -R`, `minisign -S`, as the README says; returns the package file.
    fn package(
        &self,
        id: &str,
        device: &str,
        previous: Option<&str>,
        files: &[(&str, &str)],
        recipient: &Path,
    ) -> PathBuf {
        let work = self.dir.join(id);
        std::fs::create_dir_all(&work).unwrap();
        let sums: serde_json::Map<_, _> = files
            .iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    json!(hex::encode(Sha256::digest(text.as_bytes()))),
                )
            })
            .collect();
        let manifest = json!({
            "format": "cunxin-package/1", "package_id": id, "device_id": device,
            "previous": previous, "created_at": "2026-12-02T08:00:00+08:00", "files": sums,
        });
        std::fs::write(work.join("package.json"), manifest.to_string()).unwrap();
        for (name, text) in files {
            std::fs::write(work.join(name), text).unwrap();
        }
        let tar = self.dir.join(format!("{id}.tar"));
        let mut names = vec!["package.json"];
        names.extend(files.iter().map(|(n, _)| *n));
        run(Command::new("tar")
            .arg("-cf")
            .arg(&tar)
            .arg("-C")
            .arg(&work)
            .args(&names));
        let package = self.dir.join(format!("{id}.tar.age"));
        run(Command::new("age")
            .arg("-R")
            .arg(recipient)
            .arg("-o")
            .arg(&package)
            .arg(&tar));
        self.sign(&package);
        package
    }

    fn sign(&self, file: &Path) {
        run(Command::new("minisign")
            .arg("-S")
            .arg("-s")
            .arg(&self.secret)
            .arg("-m")
            .arg(file));
    }
}

fn signature_of(package: &Path) -> PathBuf {
    PathBuf::from(format!("{}.minisig", package.display()))
}

/// The device: a store with the platform key in settings, its package key written as the
/// bank registers it (`device.age`).
fn device(dir: &Path, platform: &Platform) -> (Store, String, PathBuf) {
    let (mut store, _) = new_store(&dir.join("store"));
    store
        .set_platform("https://cunxin.bank.example/files/", &platform.public)
        .unwrap();
    let identity = DeviceIdentity::load_or_create(&mut store).unwrap();
    let recipient = dir.join("device.age");
    std::fs::write(&recipient, format!("{}\n", identity.package_recipient())).unwrap();
    (store, identity.device_id.clone(), recipient)
}

/// What a refused import must leave alone: households, settings the package touches, the audit head.
fn state(store: &Store) -> String {
    let settings: Vec<_> = ["last_package_id", "scorecard", "bank_recipients"]
        .iter()
        .map(|k| store.setting(k).unwrap())
        .collect();
    format!(
        "{:?} {:?} {:?}",
        store.list_households().unwrap(),
        settings,
        store.audit_head().unwrap()
    )
}

fn refused(store: &mut Store, package: &Path, signature: &Path) -> PackageError {
    let before = state(store);
    let error =
        import_package(store, package, signature, None).expect_err("the package is refused");
    assert_eq!(
        before,
        state(store),
        "a refused package changes nothing: {error}"
    );
    error
}

/// Each person of a roster CSV: (household, ID number).
fn people(roster: &str) -> Vec<(String, String)> {
    roster
        .lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            (cells[6].to_string(), cells[3].to_string())
        })
        .collect()
}

/// `departments.csv` with a court-enforcement record (or a car) for each person given.
fn departments(rows: &[(&str, bool)]) -> String {
    let mut csv = String::from(
        "身份证,姓名,法院被执行人,失信被执行人,建档立卡贫困户,违法记录,私家车,房产,农机\n",
    );
    for (id, court) in rows {
        csv.push_str(&format!(
            "{id},某某,{},否,否,否,{},否,否\n",
            if *court { "是" } else { "否" },
            if *court { "否" } else { "是" }
        ));
    }
    csv
}

fn bank_recipient(dir: &Path) -> String {
    let key = dir.join("bank.key");
    run(Command::new("age-keygen").arg("-o").arg(&key));
    String::from_utf8(run(Command::new("age-keygen").arg("-y").arg(&key)).stdout).unwrap()
}

#[test]
fn packages_made_with_stock_tools_apply_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let platform = Platform::new(dir.path(), "platform");
    let (mut store, device_id, recipient) = device(dir.path(), &platform);
    let roster = roster_csv(12);
    let bank = bank_recipient(dir.path());

    let first = platform.package(
        "pkg-0001",
        &device_id,
        None,
        &[
            ("roster.csv", &roster),
            ("scorecard.toml", JINXIANG),
            ("bank.recipients", &bank),
        ],
        &recipient,
    );
    let done = import_package(&mut store, &first, &signature_of(&first), None).unwrap();
    assert_eq!((done.households.inserted, done.households.updated), (3, 0));
    assert_eq!(done.scorecard.as_deref(), Some("jinxiang 1.0.0"));
    assert_eq!(done.bank_recipients, Some(1));
    assert_eq!(
        store.scorecard_in_use().unwrap().map(|c| c.id).as_deref(),
        Some("jinxiang")
    );
    assert_eq!(
        store.setting("bank_recipients").unwrap().as_deref(),
        Some(bank.as_str())
    );

    // The grid manager visits one household; the second package moves everyone's address
    // and adds a fourth household: the visited one keeps what was recorded.
    let visited = HouseholdId("H00001".into());
    visit_and_finalize(&mut store, &visited, 60_000);
    let moved = roster_csv(16)
        .replace("王庄村1号", "王庄村新1号")
        .replace("王庄村2号", "王庄村新2号");
    let second = platform.package(
        "pkg-0002",
        &device_id,
        Some("pkg-0001"),
        &[("roster.csv", &moved)],
        &recipient,
    );
    let done = import_package(&mut store, &second, &signature_of(&second), None).unwrap();
    assert_eq!(done.previous.as_deref(), Some("pkg-0001"));
    assert_eq!(
        (
            done.households.inserted,
            done.households.updated,
            done.households.skipped_visited.len()
        ),
        (1, 1, 1)
    );
    assert_eq!(
        store.household(&visited).unwrap().household.address,
        "王庄村1号"
    );
    assert_eq!(
        store
            .household(&HouseholdId("H00002".into()))
            .unwrap()
            .household
            .address,
        "王庄村新2号"
    );
    assert_eq!(
        store.scorecard_in_use().unwrap().map(|c| c.id).as_deref(),
        Some("jinxiang"),
        "a package without a scorecard leaves it"
    );
    assert_eq!(
        cunxin_core::package::import::last_package_id(&store)
            .unwrap()
            .as_deref(),
        Some("pkg-0002")
    );

    // Replayed, older, or a first package again: each refused by the chain.
    assert!(matches!(
        refused(&mut store, &second, &signature_of(&second)),
        PackageError::Replayed { .. }
    ));
    assert!(matches!(
        refused(&mut store, &first, &signature_of(&first)),
        PackageError::Replayed { .. }
    ));
    let fork = platform.package(
        "pkg-0003",
        &device_id,
        Some("pkg-0001"),
        &[("roster.csv", &roster)],
        &recipient,
    );
    let error = refused(&mut store, &fork, &signature_of(&fork));
    assert!(matches!(error, PackageError::OutOfChain { .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains("the last package imported here is pkg-0002"),
        "{error}"
    );
    let restart = platform.package(
        "pkg-0004",
        &device_id,
        None,
        &[("roster.csv", &roster)],
        &recipient,
    );
    assert!(matches!(
        refused(&mut store, &restart, &signature_of(&restart)),
        PackageError::OutOfChain { .. }
    ));
}

#[test]
fn a_package_not_for_this_device_or_not_intact_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let platform = Platform::new(dir.path(), "platform");
    let (mut store, device_id, recipient) = device(dir.path(), &platform);
    let roster = roster_csv(8);

    // Encrypted to another device's key, or naming another device.
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    let (_, other_id, other_recipient) = device(&other, &platform);
    let theirs = platform.package(
        "their-1",
        &other_id,
        None,
        &[("roster.csv", &roster)],
        &other_recipient,
    );
    assert!(matches!(
        refused(&mut store, &theirs, &signature_of(&theirs)),
        PackageError::NotForThisDevice
    ));
    let misnamed = platform.package(
        "misnamed-1",
        &other_id,
        None,
        &[("roster.csv", &roster)],
        &recipient,
    );
    assert!(matches!(
        refused(&mut store, &misnamed, &signature_of(&misnamed)),
        PackageError::NotForThisDevice
    ));

    // Signed by a key that is not the platform's in settings.
    let stranger = Platform::new(dir.path(), "stranger");
    let forged = stranger.package(
        "pkg-0001",
        &device_id,
        None,
        &[("roster.csv", &roster)],
        &recipient,
    );
    assert!(matches!(
        refused(&mut store, &forged, &signature_of(&forged)),
        PackageError::UnknownSigner { .. }
    ));

    // Tampered after signing: one byte flipped; truncated after signing.
    let good = platform.package(
        "pkg-0001",
        &device_id,
        None,
        &[("roster.csv", &roster)],
        &recipient,
    );
    let mut bytes = std::fs::read(&good).unwrap();
    let tampered = dir.path().join("tampered.tar.age");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&tampered, &bytes).unwrap();
    assert!(matches!(
        refused(&mut store, &tampered, &signature_of(&good)),
        PackageError::BadSignature
    ));
    let truncated = dir.path().join("truncated.tar.age");
    std::fs::write(
        &truncated,
        &std::fs::read(&good).unwrap()[..bytes.len() - 100],
    )
    .unwrap();
    assert!(matches!(
        refused(&mut store, &truncated, &signature_of(&good)),
        PackageError::BadSignature
    ));

    // Truncated before the platform signed it: the signature holds, the content does not.
    let cut = dir.path().join("cut.tar.age");
    std::fs::write(&cut, &std::fs::read(&good).unwrap()[..bytes.len() - 100]).unwrap();
    platform.sign(&cut);
    let error = refused(&mut store, &cut, &signature_of(&cut));
    assert!(matches!(error, PackageError::Damaged(_)), "{error}");

    // A file that does not match its hash in package.json, then one the manifest does not list.
    let swapped = platform.dir.join("pkg-0001");
    std::fs::write(swapped.join("roster.csv"), roster_csv(4)).unwrap();
    let repacked = dir.path().join("repacked.tar");
    run(Command::new("tar")
        .arg("-cf")
        .arg(&repacked)
        .arg("-C")
        .arg(&swapped)
        .args(["package.json", "roster.csv"]));
    let repacked_age = dir.path().join("repacked.tar.age");
    run(Command::new("age")
        .arg("-R")
        .arg(&recipient)
        .arg("-o")
        .arg(&repacked_age)
        .arg(&repacked));
    platform.sign(&repacked_age);
    let error = refused(&mut store, &repacked_age, &signature_of(&repacked_age));
    assert!(
        error
            .to_string()
            .contains("roster.csv does not match its SHA-256"),
        "{error}"
    );

    // A roster with a problem row is sent back whole.
    let broken = roster.replacen("410303", "410399", 1);
    let dirty = platform.package(
        "pkg-dirty",
        &device_id,
        None,
        &[("roster.csv", &broken)],
        &recipient,
    );
    let error = refused(&mut store, &dirty, &signature_of(&dirty));
    assert!(
        matches!(error, PackageError::RosterProblems(n) if n >= 1),
        "{error}"
    );
    assert!(
        !error.to_string().contains("410"),
        "no ID number in the message: {error}"
    );

    // After all that, the intact package still applies.
    import_package(&mut store, &good, &signature_of(&good), None).unwrap();
    assert_eq!(store.list_households().unwrap().len(), 2);
}

#[test]
fn department_records_follow_the_packages_and_mark_visited_households() {
    let dir = tempfile::tempdir().unwrap();
    let platform = Platform::new(dir.path(), "platform");
    let (mut store, device_id, recipient) = device(dir.path(), &platform);
    let roster = roster_csv(8);
    let people = people(&roster);
    let first_of = |household: &str| {
        people
            .iter()
            .find(|(h, _)| h == household)
            .unwrap()
            .1
            .clone()
    };
    let (a, b) = (first_of("H00000"), first_of("H00001"));
    let (unvisited, visited) = (HouseholdId("H00000".into()), HouseholdId("H00001".into()));

    let package = |id: &str, previous: Option<&str>, records: &str| {
        platform.package(
            id,
            &device_id,
            previous,
            &[("roster.csv", &roster), ("departments.csv", records)],
            &recipient,
        )
    };
    let one = package("pkg-0001", None, &departments(&[(&a, true), (&b, true)]));
    let done = import_package(&mut store, &one, &signature_of(&one), None).unwrap();
    assert_eq!(
        (
            done.departments.people_changed,
            done.departments.visited_marked.len()
        ),
        (2, 0)
    );
    let records = store.department_records(&unvisited).unwrap();
    assert_eq!(
        (
            records.len(),
            records[0].court_enforcement,
            records[0].private_car
        ),
        (1, true, false)
    );

    // The second household is visited; then the court lifts the first's record (a car is
    // registered instead) and drops the second's: the visited one is marked, the other not.
    visit_and_finalize(&mut store, &visited, 60_000);
    let two = package("pkg-0002", Some("pkg-0001"), &departments(&[(&a, false)]));
    let done = import_package(&mut store, &two, &signature_of(&two), None).unwrap();
    assert_eq!(done.departments.people_changed, 2);
    assert_eq!(done.departments.visited_marked, vec!["H00001".to_string()]);
    let records = store.department_records(&unvisited).unwrap();
    assert_eq!(
        (records[0].court_enforcement, records[0].private_car),
        (false, true)
    );
    assert!(store.department_records(&visited).unwrap().is_empty());
    let notices = store.household_notices(&visited).unwrap();
    assert_eq!(
        notices
            .iter()
            .map(|n| n.package_id.as_str())
            .collect::<Vec<_>>(),
        ["pkg-0002"]
    );
    assert!(store.household_notices(&unvisited).unwrap().is_empty());

    // The same records again change nothing and mark nobody.
    let three = package("pkg-0003", Some("pkg-0002"), &departments(&[(&a, false)]));
    let done = import_package(&mut store, &three, &signature_of(&three), None).unwrap();
    assert_eq!(
        (
            done.departments.people_changed,
            done.departments.visited_marked.len()
        ),
        (0, 0)
    );

    // Someone outside the package's roster: the whole package goes back, nothing changed.
    let stranger = id_number("410303", "19800101", 999);
    let outside = package(
        "pkg-0004",
        Some("pkg-0003"),
        &departments(&[(&a, true), (&stranger, true)]),
    );
    let error = refused(&mut store, &outside, &signature_of(&outside));
    assert!(
        error
            .to_string()
            .contains("1 person(s) who are not in this package's roster"),
        "{error}"
    );
    assert!(
        !error.to_string().contains(&stranger[..6]),
        "no ID number in the message: {error}"
    );
}
