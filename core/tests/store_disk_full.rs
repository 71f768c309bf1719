//! A full disk, made real with a small tmpfs mount (the tests run as root in CI; set
//! CUNXIN_TEST_NO_MOUNT=1 to skip where mounting is impossible): every write that does not
//! fit fails with one clear sentence, and nothing saved before is lost.

mod store_support;

use cunxin_core::model::HouseholdId;
use cunxin_core::store::{PhotoKind, Store, StoreError};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use store_support::*;

struct Tmpfs {
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("disk");
        std::fs::create_dir(&path).unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&path)
            .status();
        match status {
            Ok(s) if s.success() => Some(Tmpfs { path, _dir: dir }),
            _ if std::env::var_os("CUNXIN_TEST_NO_MOUNT").is_some() => None,
            other => panic!(
                "this test mounts a small tmpfs and needs root ({other:?}); set CUNXIN_TEST_NO_MOUNT=1 to skip it"
            ),
        }
    }

    fn grow(&self, size: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(&self.path)
            .status()
            .unwrap()
            .success();
        assert!(ok, "remount failed");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}

fn read_all(mut r: impl Read) -> Vec<u8> {
    let mut out = Vec::new();
    r.read_to_end(&mut out).unwrap();
    out
}

fn check_everything_saved(
    dir: &Path,
    key: &cunxin_core::store::StoreKey,
    photos: &[(cunxin_core::store::PhotoId, u64)],
    finalized: usize,
) {
    let store = Store::open(dir, key).unwrap();
    assert!(store.integrity_problems().unwrap().is_empty());
    assert!(store.verify_chain().unwrap().is_intact());
    assert_eq!(store.finalized_households().unwrap().len(), finalized);
    for (photo, seed) in photos {
        assert_eq!(
            read_all(store.open_photo(photo).unwrap()),
            jpeg_like("disk", 120_000, *seed)
        );
    }
}

#[test]
fn a_full_disk_is_one_clear_error_and_loses_nothing_saved() {
    let Some(disk) = Tmpfs::mount("1600k") else {
        return;
    };
    let dir = disk.path.join("store");
    let (mut store, key) = new_store(&dir);
    store.import_households(&households(40)).unwrap();
    for n in 0..3 {
        visit_and_finalize(&mut store, &HouseholdId(format!("HH{n:05}")), n as i64);
    }
    let open_household = HouseholdId("HH00010".into());
    let mut saved = Vec::new();
    let full = loop {
        let seed = saved.len() as u64 + 100;
        let photo = jpeg_like("disk", 120_000, seed);
        match store.add_photo(
            &open_household,
            &photo_meta(PhotoKind::Other, seed),
            &photo,
            &photo[..8000],
        ) {
            Ok(id) => saved.push((id, seed)),
            Err(e) => break e,
        }
        assert!(saved.len() < 100, "the disk never filled");
    };
    assert!(matches!(full, StoreError::DiskFull), "{full:?}");
    assert_eq!(
        full.to_string(),
        "the device is full; free some space and try again (everything saved before is intact)"
    );
    assert!(!saved.is_empty());
    // No half-written encrypted file is left behind by the failed write.
    let tmp_left = std::fs::read_dir(store.files_dir())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert_eq!(tmp_left, 0);

    // Database writes on the full disk either fit or fail just as clearly.
    let mut draft_error = None;
    for i in 0..200 {
        let mut facts = facts(i);
        facts.insert("note".into(), "很长的备注".repeat(2000).into());
        if let Err(e) = store.save_draft(&HouseholdId(format!("HH{:05}", 20 + i % 20)), &facts) {
            draft_error = Some(e);
            break;
        }
    }
    let draft_error = draft_error.expect("the database never hit the full disk");
    assert!(
        matches!(draft_error, StoreError::DiskFull),
        "{draft_error:?}"
    );
    drop(store);

    // Reopening on the still-full disk works or says the disk is full; nothing is lost.
    match Store::open(&dir, &key) {
        Ok(store) => assert_eq!(store.photos(&open_household).unwrap().len(), saved.len()),
        Err(e) => assert!(matches!(e, StoreError::DiskFull), "{e:?}"),
    }
    disk.grow("16m");
    check_everything_saved(&dir, &key, &saved, 3);
}

#[test]
fn creating_a_store_on_a_full_disk_fails_clearly_and_leaves_no_store() {
    let Some(disk) = Tmpfs::mount("64k") else {
        return;
    };
    let filler = disk.path.join("filler");
    let _ = std::fs::write(&filler, vec![0u8; 60 * 1024]);
    let dir = disk.path.join("store");
    let key = cunxin_core::store::StoreKey::generate().unwrap();
    let err = Store::create(&dir, &key).unwrap_err();
    assert!(matches!(err, StoreError::DiskFull), "{err:?}");
    std::fs::remove_file(&filler).unwrap();
    disk.grow("4m");
    assert!(matches!(
        Store::open(&dir, &key),
        Err(StoreError::NoStore(_))
    ));
    let store = Store::create(&dir, &key).unwrap();
    assert!(store.verify_chain().unwrap().is_intact());
}

/// Fills every last byte of the disk, as another app on the tablet can.
fn fill_completely(dir: &Path) -> PathBuf {
    use std::io::Write;
    let filler = dir.join("filler");
    let mut file = std::fs::File::create(&filler).unwrap();
    let block = vec![0u8; 4096];
    while file.write_all(&block).is_ok() {}
    while file.write_all(&[0u8]).is_ok() {}
    let _ = file.sync_all();
    filler
}

#[test]
fn a_disk_filled_to_the_last_byte_says_the_disk_is_full_not_disk_io_error() {
    let Some(disk) = Tmpfs::mount("4m") else {
        return;
    };
    let dir = disk.path.join("store");
    let (mut store, key) = new_store(&dir);
    store.import_households(&households(20)).unwrap();
    visit_and_finalize(&mut store, &HouseholdId("HH00000".into()), 0);
    drop(store);
    let filler = fill_completely(&disk.path);

    // Opening (the write-ahead log and its index need room) and every write after it either
    // fit or say the disk is full; never SQLite's bare "disk I/O error".
    let mut seen_full = false;
    match Store::open(&dir, &key) {
        Err(e) => {
            assert!(matches!(e, StoreError::DiskFull), "{e:?}: {e}");
            seen_full = true;
        }
        Ok(mut store) => {
            for i in 0..50 {
                let mut facts = facts(i);
                facts.insert("note".into(), "很长的备注".repeat(500).into());
                match store.save_draft(&HouseholdId(format!("HH{:05}", 1 + i % 19)), &facts) {
                    Ok(_) => {}
                    Err(e) => {
                        assert!(matches!(e, StoreError::DiskFull), "{e:?}: {e}");
                        seen_full = true;
                        break;
                    }
                }
            }
        }
    }
    assert!(seen_full, "the full disk was never noticed");
    std::fs::remove_file(filler).unwrap();
    check_everything_saved(&dir, &key, &[], 1);
}
