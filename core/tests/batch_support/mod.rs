//! Shared helpers for the batch tests: a real store with finalized households that carry
//! real JPEG photos, PNG signatures, committee reviews and scoring runs; bank keys.
#![allow(dead_code)]

use crate::store_support::*;
use cunxin_core::model::HouseholdId;
use cunxin_core::scoring::audit::ScoringRun;
use cunxin_core::scoring::committee::Rating;
use cunxin_core::scoring::points::Tenths;
use cunxin_core::store::{ConsentKind, PhotoKind, Store, StoreKey};
use image::ImageEncoder;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn hid(n: usize) -> HouseholdId {
    HouseholdId(format!("HH{n:05}"))
}

/// A real JPEG: a gradient with a seed-dependent pattern.
pub fn jpeg(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([
            ((x * 7 + seed * 31) % 256) as u8,
            ((y * 5 + seed * 17) % 256) as u8,
            (((x ^ y) + seed) % 256) as u8,
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// A real PNG of a signature stroke.
pub fn signature_png(seed: u32) -> Vec<u8> {
    let img = image::GrayImage::from_fn(200, 80, |x, y| {
        let on = (y as i64 - 40 - ((x as i64 + seed as i64) % 30 - 15)).abs() < 3;
        image::Luma([if on { 0 } else { 255 }])
    });
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), 200, 80, image::ExtendedColorType::L8)
        .unwrap();
    out
}

/// What the test put into the store, by SHA-256 of the bytes.
#[derive(Default)]
pub struct Expected {
    pub files: BTreeMap<String, Vec<u8>>,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

/// Visits and finalizes household `n`: two photos (real JPEGs with JPEG thumbnails), PNG
/// signatures on the personal-information and credit-inquiry consents, three committee
/// ratings and a scoring run.
pub fn finalize_household(store: &mut Store, n: usize, expected: &mut Expected) {
    let kinds = [ConsentKind::PersonalInfo, ConsentKind::CreditInquiry];
    finalize_household_with_consents(store, n, expected, &kinds);
}

/// [`finalize_household`] with only the given consents signed.
pub fn finalize_household_with_consents(
    store: &mut Store,
    n: usize,
    expected: &mut Expected,
    consent_kinds: &[ConsentKind],
) {
    let id = hid(n);
    for member in ["村主任", "组长", "村民代表"] {
        store
            .record_committee_review(
                &id,
                &Rating {
                    member: member.into(),
                    role: None,
                    business: None,
                    suggested_limit_yuan: Some(50_000 + 1_000 * n as i64),
                    integrity: Some(4),
                    estimated_income_yuan: Some(60_000),
                    note: String::new(),
                },
            )
            .unwrap();
    }
    store.save_draft(&id, &facts(30_000 + n as i64)).unwrap();
    for (k, kind) in [PhotoKind::House, PhotoKind::IdFront]
        .into_iter()
        .enumerate()
    {
        let seed = (n * 10 + k) as u32;
        let photo = jpeg(320, 240, seed);
        let thumb = jpeg(80, 60, seed);
        store
            .add_photo(&id, &photo_meta(kind, seed as u64), &photo, &thumb)
            .unwrap();
        expected.files.insert(sha256_hex(&photo), photo);
        expected.files.insert(sha256_hex(&thumb), thumb);
    }
    for (k, kind) in consent_kinds.iter().enumerate() {
        let signature = signature_png((n * 10 + k) as u32);
        store
            .add_consent(&id, &consent(*kind, "户主"), &mut &signature[..])
            .unwrap();
        expected.files.insert(sha256_hex(&signature), signature);
    }
    store
        .record_scoring_run(&ScoringRun {
            household: id.0.clone(),
            scorecard: "luquan".into(),
            scorecard_version: "2019".into(),
            facts_sha256: "ab".repeat(32),
            points: Tenths(725),
            limit_yuan: 60_000 + 1_000 * n as i64,
            error: None,
            shown_to_resident: true,
            at: "2026-11-22T10:00:00+08:00".into(),
        })
        .unwrap();
    store.finalize(&id).unwrap();
}

/// A store with `count` households imported, the first `finalized` of them finalized.
pub fn village(dir: &Path, count: usize, finalized: usize) -> (Store, StoreKey, Expected) {
    let (mut store, key) = new_store(dir);
    store.import_households(&households(count)).unwrap();
    store.set_operator("网格员王五").unwrap();
    let mut expected = Expected::default();
    for n in 0..finalized {
        finalize_household(&mut store, n, &mut expected);
    }
    (store, key, expected)
}

/// A bank key pair: the identity and its recipient.
pub fn bank_key() -> (age::x25519::Identity, age::x25519::Recipient) {
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public();
    (identity, recipient)
}

/// Every file under `dir`, relative path → bytes.
pub fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot(dir).into_iter().collect()
}

/// Entries of a directory (names), sorted; empty when it does not exist.
pub fn dir_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

pub fn signature_path(batch: &Path) -> PathBuf {
    PathBuf::from(format!("{}.minisig", batch.display()))
}

/// Runs a stock tool (age, minisign, tar, …), failing the test with its output if it fails.
pub fn run(cmd: &mut std::process::Command) -> std::process::Output {
    let shown = format!("{cmd:?}");
    let output = cmd
        .output()
        .unwrap_or_else(|e| panic!("{shown} could not start (is it installed?): {e}"));
    assert!(
        output.status.success(),
        "{shown} failed: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}
