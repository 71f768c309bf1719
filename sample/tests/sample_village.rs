//! The sample is what it claims: reproducible, realistic in size, and with no problem but the
//! planted ones — checked with the core's own roster check and photo pipeline.

use cunxin_core::intake::roster::check_roster_bytes;
use cunxin_core::photo::{NEAR_DUPLICATE_DISTANCE, PhotoSettings, hamming, normalize};
use cunxin_core::store::PhotoKind;
use cunxin_sample::{DEFAULT_SEED, Door, Picture, SampleVillage};
use std::collections::BTreeSet;

fn planted(sample: &SampleVillage, kind: &str) -> Vec<String> {
    sample
        .problems
        .iter()
        .filter(|p| p.kind == kind)
        .map(|p| p.household.clone())
        .collect()
}

#[test]
fn the_same_seed_makes_the_same_sample_and_another_seed_another() {
    let a = SampleVillage::generate(DEFAULT_SEED);
    let b = SampleVillage::generate(DEFAULT_SEED);
    assert_eq!(a.roster(), b.roster());
    assert_eq!(
        serde_json::to_string(&a.script).unwrap(),
        serde_json::to_string(&b.script).unwrap()
    );
    let (name, picture) = a.pictures().iter().next().unwrap();
    assert_eq!(picture.draw(), b.pictures()[name].draw());
    assert_ne!(
        a.roster(),
        SampleVillage::generate(DEFAULT_SEED + 1).roster()
    );
}

#[test]
fn the_roster_has_a_town_of_households_and_only_the_planted_errors() {
    let sample = SampleVillage::generate(DEFAULT_SEED);
    let check = check_roster_bytes(sample.roster().into_bytes()).unwrap();
    assert_eq!(
        check.households,
        sample.script.households.len(),
        "{:?}",
        check.errors
    );
    assert!(
        (350..=450).contains(&check.members),
        "{} people",
        check.members
    );

    // Every error sits in a household the sample spoiled on purpose.
    let spoiled: BTreeSet<String> = ["excel_scientific_id", "excel_truncated_id", "two_heads"]
        .iter()
        .flat_map(|k| planted(&sample, k))
        .collect();
    assert_eq!(spoiled.len(), 3);
    let roster = sample.roster();
    let lines: Vec<&str> = roster.lines().collect();
    let erring: BTreeSet<String> = check
        .errors
        .iter()
        .map(|p| lines[p.row].split(',').nth(6).unwrap().to_string())
        .collect();
    assert_eq!(erring, spoiled, "{:?}", check.errors);

    // The names search must handle: rare surnames and long minority names.
    for name in ["单", "曾", "解", "·"] {
        assert!(roster.contains(name), "no {name} in the roster");
    }
    // The script visits every loaded household; planted door outcomes are among them.
    let loaded: BTreeSet<&str> = check.usable.iter().map(|h| h.key.as_str()).collect();
    let scripted: BTreeSet<&str> = sample
        .script
        .households
        .iter()
        .map(|h| h.household.as_str())
        .collect();
    assert_eq!(loaded, scripted);
    assert!(
        sample
            .script
            .households
            .iter()
            .any(|h| h.door == Door::NotHome)
    );
    assert!(
        sample
            .script
            .households
            .iter()
            .any(|h| h.door == Door::Declined)
    );
}

/// The pHash the photo pipeline takes, of the picture's grey 320 px thumbnail.
fn phash(picture: &Picture) -> u64 {
    let thumb = image::imageops::thumbnail(&picture.image(), 320, 240);
    let gray = image::DynamicImage::ImageRgb8(thumb).to_luma8();
    cunxin_core::photo::phash(gray.as_raw(), gray.width(), gray.height()).unwrap()
}

/// Only the planted reuse looks like another household's photo of the same kind (documents
/// share a layout and are not compared across households).
#[test]
fn only_the_planted_reuse_looks_like_another_households_photo() {
    let sample = SampleVillage::generate(DEFAULT_SEED);
    let mut seen: Vec<(String, &str, u64)> = Vec::new();
    let mut near = BTreeSet::new();
    let mut closest = u32::MAX;
    for visit in &sample.script.households {
        for photo in &visit.photos {
            if PhotoKind::parse(photo.kind).unwrap().is_printed_document() {
                continue;
            }
            let hash = phash(&sample.pictures()[&photo.file]);
            for (other, kind, other_hash) in &seen {
                if *kind != photo.kind || *other == visit.household {
                    continue;
                }
                let distance = hamming(*other_hash, hash);
                if distance <= NEAR_DUPLICATE_DISTANCE {
                    println!("{} {} ~ {other}: {distance}", visit.household, photo.kind);
                    near.insert(visit.household.clone());
                } else {
                    closest = closest.min(distance);
                }
            }
            seen.push((visit.household.clone(), photo.kind, hash));
        }
    }
    println!(
        "closest two different households' photos: {closest} bits apart (flagged at ≤ {NEAR_DUPLICATE_DISTANCE})"
    );
    assert_eq!(
        near,
        planted(&sample, "reused_house_photo").into_iter().collect()
    );
}

/// The quality gate, through the real pipeline: the planted blurred portrait fails it, the
/// same resident's sharp portraits and the other photos of a visit pass.
#[test]
fn only_the_planted_blurred_photo_fails_the_quality_gate() {
    let sample = SampleVillage::generate(DEFAULT_SEED);
    let blurred = &planted(&sample, "blurred_photo")[0];
    for visit in sample
        .script
        .households
        .iter()
        .filter(|h| !h.photos.is_empty())
        .take(3)
        .chain(
            sample
                .script
                .households
                .iter()
                .filter(|h| h.household == *blurred),
        )
    {
        for photo in &visit.photos {
            let kind = PhotoKind::parse(photo.kind).unwrap();
            let normalized = normalize(
                &sample.pictures()[&photo.file].draw(),
                &PhotoSettings::for_kind(kind),
            )
            .unwrap();
            let expected: Vec<&str> = visit
                .expect
                .photo_flags
                .get(&photo.file)
                .map_or(vec![], |f| f.clone());
            let expected: Vec<&str> = expected.into_iter().filter(|f| *f == "blurry").collect();
            assert_eq!(normalized.quality.flags, expected, "{}", photo.file);
        }
    }
}
