//! The built-in sample village (tests/fixtures/sample-village, made by its generator from a
//! seed): the roster, the facts, the panel's ratings, department records, loan figures and
//! the planted problems the demo must find.

use crate::exit::Fatal;
use cunxin_core::model::DepartmentFlags;
use cunxin_core::scoring::Facts;
use cunxin_core::scoring::committee::Rating;
use cunxin_core::scoring::rollup::LoanPerformance;
use serde::Deserialize;
use std::collections::BTreeMap;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../../../../tests/fixtures/sample-village/", $name))
    };
}

pub const ROSTER: &str = fixture!("roster.csv");
const FACTS: &str = fixture!("facts.json");
const RATINGS: &str = fixture!("ratings.json");
const DEPARTMENTS: &str = fixture!("departments.json");
const VILLAGE: &str = fixture!("village.json");

#[derive(Deserialize)]
struct FactsEntry {
    household: String,
    facts: Facts,
}

#[derive(Deserialize)]
struct RatingsEntry {
    household: String,
    ratings: Vec<Rating>,
}

#[derive(Deserialize, Clone)]
pub struct Village {
    pub name: String,
    pub prefix: String,
    pub loans: LoanPerformance,
}

#[derive(Deserialize)]
pub struct ReusedPhoto {
    pub original: String,
    pub reused_by: String,
}

#[derive(Deserialize)]
pub struct Planted {
    pub missing_credit_consent: String,
    pub reused_house_photo: ReusedPhoto,
    pub blurred_house_photo: String,
}

#[derive(Deserialize)]
struct VillageFile {
    town: String,
    villages: Vec<Village>,
    planted: Planted,
}

pub struct Sample {
    pub town: String,
    pub villages: Vec<Village>,
    /// Household → facts, in roster order.
    pub facts: Vec<(String, Facts)>,
    pub ratings: BTreeMap<String, Vec<Rating>>,
    pub departments: Vec<DepartmentFlags>,
    pub planted: Planted,
}

fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T, Fatal> {
    serde_json::from_str(text)
        .map_err(|e| Fatal(format!("the sample village's {name} is damaged ({e}); regenerate it with `cargo run -p cunxin-e2e --bin sample-village`")))
}

impl Sample {
    pub fn load() -> Result<Sample, Fatal> {
        let facts: Vec<FactsEntry> = parse("facts.json", FACTS)?;
        let ratings: Vec<RatingsEntry> = parse("ratings.json", RATINGS)?;
        let village: VillageFile = parse("village.json", VILLAGE)?;
        Ok(Sample {
            town: village.town,
            villages: village.villages,
            facts: facts.into_iter().map(|f| (f.household, f.facts)).collect(),
            ratings: ratings
                .into_iter()
                .map(|r| (r.household, r.ratings))
                .collect(),
            departments: parse("departments.json", DEPARTMENTS)?,
            planted: village.planted,
        })
    }

    /// The village a household number belongs to (by its prefix).
    pub fn village_of(&self, household: &str) -> Option<&Village> {
        self.villages
            .iter()
            .find(|v| household.starts_with(&v.prefix))
    }
}
