//! Generating the sample: the households, the field day over them, and the problems planted
//! on purpose (each at a fixed household, so the tests know where to look).

use crate::households::{SampleHousehold, households};
use crate::{
    Door, Expectation, GapLimit, Picture, SampleVillage, Script, ScriptConsent, ScriptHousehold,
    ScriptPhoto, facts, panel,
};
use cunxin_core::intake::resident_id::check_character;
use cunxin_core::photo::{NEAR_DUPLICATE_DISTANCE, hamming};
use cunxin_core::privacy::mask_id;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::collections::BTreeMap;

/// A problem planted in the sample, and where.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// "excel_scientific_id", "excel_truncated_id", "two_heads", "missing_consent",
    /// "reused_house_photo", "blurred_photo".
    pub kind: &'static str,
    pub household: String,
    /// What a person reading the report sees (masked).
    pub detail: String,
}

// Where the problems sit (household positions, 0-based).
const SCIENTIFIC_ID: usize = 17;
/// From here on, the first household whose head's ID, cut to 15 digits and 000, fails its
/// check (one in eleven such numbers passes it by chance and is only a sex mismatch).
const TRUNCATED_ID_FROM: usize = 58;
const TWO_HEADS: usize = 33;
const MISSING_CONSENT: usize = 40;
const REUSED_PHOTO: (usize, usize) = (51, 52);
const BLURRED: usize = 63;
const NOT_HOME: [usize; 4] = [11, 45, 90, 104];
const DECLINED: [usize; 2] = [26, 77];
/// Households whose minority head has a long name.
const MINORITY_HEADS: usize = 4;

/// How the roster file spoils a household's rows, as the village's Excel did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spoiled {
    /// The ID column was formatted as a number: 4.10303E+17.
    ScientificId,
    /// Excel kept 15 significant digits: the last three became 000.
    TruncatedId,
    /// The spouse's row also says 户主.
    TwoHeads,
}

/// The ID number as Excel's 15 significant digits leave it.
pub fn truncated(id: &str) -> String {
    format!("{}000", &id[..15])
}

/// Which households the roster file spoils, by position.
fn spoil(households: &[SampleHousehold]) -> BTreeMap<usize, Spoiled> {
    let fails_check = |id: &str| check_character(&id[..17]) != id.chars().nth(17).unwrap_or(' ');
    let truncated_at = (TRUNCATED_ID_FROM..households.len())
        .find(|&p| fails_check(&truncated(&households[p].head().id_number)))
        .expect("some head's truncated ID fails its check");
    BTreeMap::from([
        (SCIENTIFIC_ID, Spoiled::ScientificId),
        (truncated_at, Spoiled::TruncatedId),
        (TWO_HEADS, Spoiled::TwoHeads),
    ])
}

fn door(position: usize) -> Door {
    if NOT_HOME.contains(&position) {
        Door::NotHome
    } else if DECLINED.contains(&position) {
        Door::Declined
    } else {
        Door::Visit
    }
}

pub fn generate(seed: u64) -> SampleVillage {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let households = households(&mut rng, crate::HOUSEHOLDS, MINORITY_HEADS);
    let spoiled = spoil(&households);
    let mut pictures = BTreeMap::new();
    let mut script = Vec::new();
    let mut problems = Vec::new();
    let mut house_seeds = BTreeMap::new();
    let mut scenes = SceneHashes::default();
    for (position, household) in households.iter().enumerate() {
        // Each household draws from its own stream: a change to one part of the sample
        // leaves the others as they were.
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ ((position as u64 + 1) << 20));
        if let Some(&spoiled) = spoiled.get(&position) {
            let loaded = spoiled == Spoiled::TwoHeads;
            problems.push(Problem {
                kind: match spoiled {
                    Spoiled::ScientificId => "excel_scientific_id",
                    Spoiled::TruncatedId => "excel_truncated_id",
                    Spoiled::TwoHeads => "two_heads",
                },
                household: household.number.clone(),
                detail: format!("户主 {}", mask_id(&household.head().id_number)),
            });
            // The roster check refuses the second head's row and loads the rest.
            if !loaded {
                continue;
            }
        }
        let standing = facts::standing(&mut rng, &household.economy);
        let facts = BTreeMap::from([
            ("luquan", facts::luquan(&mut rng, household, standing)),
            ("jinxiang", facts::jinxiang(&mut rng, household, standing)),
        ]);
        // A few panels know something the scorecard does not (a failing shop, a new trade).
        let view = [100, 100, 100, 70, 130][position % 5];
        let ratings = panel::ratings(&mut rng, household, standing, view);
        let door = door(position);
        let mut visit = ScriptHousehold {
            household: household.number.clone(),
            village: household.village,
            group: household.group.clone(),
            door,
            scorecard: household.scorecard,
            facts,
            photos: Vec::new(),
            consents: Vec::new(),
            ratings,
            gap_reason: gap_reason(view).0.to_string(),
            gap_limit: gap_reason(view).1,
            expect: Expectation {
                outcome: if door == Door::Visit {
                    "accepted"
                } else {
                    "not_sent"
                },
                reason_contains: None,
                photo_flags: BTreeMap::new(),
            },
        };
        if door == Door::Visit {
            take_photos(
                &mut rng,
                position,
                household,
                &mut visit,
                &mut pictures,
                &mut house_seeds,
                &mut scenes,
                &mut problems,
            );
            sign(
                &mut rng,
                position,
                household,
                &mut visit,
                &mut pictures,
                &mut problems,
            );
        }
        script.push(visit);
    }
    SampleVillage {
        seed,
        households,
        script: Script {
            seed,
            town: crate::TOWN,
            villages: crate::VILLAGES.iter().map(|(v, _)| *v).collect(),
            households: script,
        },
        problems,
        spoiled,
        pictures,
    }
}

/// The grid manager's reason for a large gap, and the limit it settles on.
fn gap_reason(view: i64) -> (&'static str, GapLimit) {
    match view {
        v if v < 100 => (
            "评议小组了解到其经营近期下滑，按评议额度核定",
            GapLimit::Panel,
        ),
        v if v > 100 => ("新开农资店，经营稳定，按模型额度核定", GapLimit::Model),
        _ => ("经核实收入稳定，取两者中较低额度", GapLimit::Lower),
    }
}

/// A seed for one picture of one household.
fn picture_seed(rng: &mut ChaCha8Rng) -> u64 {
    rng.random()
}

/// Bits of margin over the near-duplicate distance: the pipeline's JPEG and resizing move a
/// few bits.
const DISTINCT_MARGIN: u32 = 4;

/// The households' scene photos so far (house, portrait) by kind, to keep them apart.
#[derive(Default)]
pub struct SceneHashes(BTreeMap<&'static str, Vec<u64>>);

impl SceneHashes {
    /// A picture from `make` whose pHash is far from every other household's of its kind:
    /// drawn scenes are simpler than photographs, so now and then two come out alike, and a
    /// sample that flags what was not planted would teach the grid manager to ignore flags.
    /// Returns the picture's seed.
    fn distinct(
        &mut self,
        kind: &'static str,
        rng: &mut ChaCha8Rng,
        make: impl Fn(u64) -> Picture,
    ) -> u64 {
        let seen = self.0.entry(kind).or_default();
        loop {
            let seed = picture_seed(rng);
            let hash = make(seed).phash();
            let far = seen
                .iter()
                .all(|h| hamming(*h, hash) > NEAR_DUPLICATE_DISTANCE + DISTINCT_MARGIN);
            if far {
                seen.push(hash);
                return seed;
            }
        }
    }
}

fn take_photos(
    rng: &mut ChaCha8Rng,
    position: usize,
    household: &SampleHousehold,
    visit: &mut ScriptHousehold,
    pictures: &mut BTreeMap<String, Picture>,
    house_seeds: &mut BTreeMap<usize, u64>,
    scenes: &mut SceneHashes,
    problems: &mut Vec<Problem>,
) {
    let number = &household.number;
    let mut add =
        |visit: &mut ScriptHousehold, kind: &'static str, picture: Picture, keep: Option<&str>| {
            let file = format!("photos/{number}-{kind}.jpg");
            pictures.insert(file.clone(), picture);
            visit.photos.push(ScriptPhoto {
                kind,
                file: file.clone(),
                keep_reason: keep.map(String::from),
            });
            file
        };
    let house = if position == REUSED_PHOTO.1 {
        problems.push(Problem {
            kind: "reused_house_photo",
            household: number.clone(),
            detail: format!("与 {} 的房屋照片相同", visit_number(REUSED_PHOTO.0)),
        });
        // The same picture as the earlier household's house.
        Picture::House {
            seed: house_seeds[&REUSED_PHOTO.0],
        }
    } else {
        let seed = scenes.distinct("house", rng, |seed| Picture::House { seed });
        house_seeds.insert(position, seed);
        Picture::House { seed }
    };
    let file = add(visit, "house", house, None);
    if position == REUSED_PHOTO.1 {
        visit
            .expect
            .photo_flags
            .insert(file, vec!["near_duplicate_other_household"]);
    }
    let id_number = household.head().id_number.clone();
    let card = |back, seed| Picture::IdCard {
        seed,
        back,
        id_number: id_number.clone(),
    };
    add(visit, "id_front", card(false, picture_seed(rng)), None);
    add(visit, "id_back", card(true, picture_seed(rng)), None);
    // A business applicant's licence: the checklist asks for it.
    let business = visit
        .facts
        .values()
        .any(|f| f.get("applicant_type").and_then(|v| v.as_str()) == Some("business"));
    if business {
        add(
            visit,
            "business_license",
            Picture::BusinessLicence {
                seed: picture_seed(rng),
            },
            None,
        );
    }
    let blurred = position == BLURRED;
    let seed = scenes.distinct("portrait", rng, |seed| Picture::Portrait {
        seed,
        blurred: false,
    });
    let portrait = Picture::Portrait { seed, blurred };
    if blurred {
        problems.push(Problem {
            kind: "blurred_photo",
            household: number.clone(),
            detail: "户主照片模糊，网格员说明原因后保留".into(),
        });
        let file = add(visit, "portrait", portrait, Some("老人卧床，无法配合重拍"));
        visit.expect.photo_flags.insert(file, vec!["blurry"]);
    } else {
        add(visit, "portrait", portrait, None);
    }
}

fn visit_number(position: usize) -> String {
    format!("H{:04}", position + 1)
}

fn sign(
    rng: &mut ChaCha8Rng,
    position: usize,
    household: &SampleHousehold,
    visit: &mut ScriptHousehold,
    pictures: &mut BTreeMap<String, Picture>,
    problems: &mut Vec<Problem>,
) {
    let kinds: &[&'static str] = if position == MISSING_CONSENT {
        problems.push(Problem {
            kind: "missing_consent",
            household: household.number.clone(),
            detail: "户主未签征信查询授权".into(),
        });
        visit.expect.outcome = "returned";
        visit.expect.reason_contains = Some("征信查询授权");
        &["personal_info"]
    } else {
        &["personal_info", "credit_inquiry"]
    };
    for kind in kinds {
        let file = format!("signatures/{}-{kind}.png", household.number);
        pictures.insert(
            file.clone(),
            Picture::Signature {
                seed: picture_seed(rng),
            },
        );
        visit.consents.push(ScriptConsent {
            kind,
            signer: "户主".into(),
            signature: file,
        });
    }
}
