//! Households and their members.

use crate::intake::relation::Relation;
use crate::intake::resident_id::Sex;
use crate::intake::roster::RosterHousehold;
use serde::{Deserialize, Serialize};

/// The roster's household number (户号), or the head's ID number when the roster has none.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct HouseholdId(pub String);

/// County → town or subdistrict → administrative village or community → group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// Six-digit division code of the county, when known.
    pub county_code: Option<String>,
    pub town: String,
    pub village: String,
    pub group: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    pub id_number: String,
    /// None for a word Cunxin does not know; `relation_word` keeps what the roster said.
    pub relation: Option<Relation>,
    pub relation_word: String,
    pub sex: Sex,
    pub ethnicity: String,
    pub birth_date: chrono::NaiveDate,
    pub phone: Option<String>,
    /// Adults only; recorded at the visit.
    pub education: Option<String>,
    pub occupation: Option<String>,
    pub health: Option<String>,
    pub marital_status: Option<String>,
}

/// Records from other departments (Luoyang notice), keyed by ID number: shown, never edited.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentFlags {
    pub id_number: String,
    /// 法院被执行人 / 失信被执行人
    pub court_enforcement: bool,
    pub dishonest_debtor: bool,
    /// 建档立卡贫困户
    pub poverty_registry: bool,
    /// 黄赌毒等违法记录
    pub police_record: bool,
    pub private_car: bool,
    pub real_estate: bool,
    pub farm_machinery: bool,
}

/// A household with exactly one head (户主).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Household {
    pub id: HouseholdId,
    pub place: Place,
    pub address: String,
    pub members: Vec<Member>,
    /// Contracted land and forest (承包土地及山林), as the roster states it.
    pub land: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HouseholdError {
    #[error("a household has exactly one head; this one has {0}")]
    Heads(usize),
}

impl Household {
    /// The head of household.
    pub fn head(&self) -> &Member {
        // Construction guarantees exactly one head.
        self.members
            .iter()
            .find(|m| m.relation == Some(Relation::Head))
            .unwrap_or(&self.members[0])
    }

    /// A household from a checked roster's usable household (which has exactly one head).
    pub fn from_roster(roster: &RosterHousehold) -> Result<Household, HouseholdError> {
        let heads = roster
            .members
            .iter()
            .filter(|m| m.relation == Some(Relation::Head))
            .count();
        if heads != 1 {
            return Err(HouseholdError::Heads(heads));
        }
        let members = roster
            .members
            .iter()
            .map(|m| Member {
                name: m.name.clone(),
                id_number: m.id_number.clone(),
                relation: m.relation,
                relation_word: m.relation_word.clone(),
                sex: m.sex,
                ethnicity: m.ethnicity.clone(),
                birth_date: m.birth_date,
                phone: m.phone.clone(),
                education: None,
                occupation: None,
                health: None,
                marital_status: None,
            })
            .collect();
        let land = roster
            .members
            .iter()
            .map(|m| m.land.as_str())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        Ok(Household {
            id: HouseholdId(roster.key.clone()),
            place: Place {
                county_code: roster.members.first().map(|m| m.id_number[..6].to_string()),
                town: roster.town.clone(),
                village: roster.village.clone(),
                group: roster.group.clone(),
            },
            address: roster.address.clone(),
            members,
            land,
        })
    }
}
