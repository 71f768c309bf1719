//! Households and their members.

use super::checks::{HouseholdChecks, MemberChecks};
use super::person::Sex;
use super::relation::Relation;
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
    /// Per field: confirmed or corrected at the visit (empty until the visit).
    #[serde(default, skip_serializing_if = "MemberChecks::is_empty")]
    pub checks: MemberChecks,
    /// Not on the roster: added at the door.
    #[serde(default, skip_serializing_if = "is_false")]
    pub added_at_visit: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A member the grid manager removed at the visit (moved out, died …): kept for the bank
/// beside the household, not counted as a member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemovedMember {
    pub member: Member,
    pub reason: String,
    pub at: String,
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
    #[serde(default, skip_serializing_if = "HouseholdChecks::is_empty")]
    pub checks: HouseholdChecks,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed_members: Vec<RemovedMember>,
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
}

/// Who the credit is for (domain spec): a farming household or a business (新型农业经营主体,
/// 个体工商户). Decides, among others, which photos a visit needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ApplicantType {
    #[default]
    Household,
    Business,
}

impl ApplicantType {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicantType::Household => "household",
            ApplicantType::Business => "business",
        }
    }

    pub fn parse(text: &str) -> Option<ApplicantType> {
        [ApplicantType::Household, ApplicantType::Business]
            .into_iter()
            .find(|t| t.as_str() == text)
    }
}
