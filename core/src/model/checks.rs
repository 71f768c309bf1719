//! What the grid manager did with each roster field at the door: confirmed it, or
//! corrected it with the roster's value kept beside the correction.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A member's field as the roster and the visit form name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum MemberField {
    Name,
    IdNumber,
    Relation,
    Sex,
    Ethnicity,
    BirthDate,
    Phone,
    Education,
    Occupation,
    Health,
    MaritalStatus,
}

impl MemberField {
    pub const ALL: [MemberField; 11] = [
        MemberField::Name,
        MemberField::IdNumber,
        MemberField::Relation,
        MemberField::Sex,
        MemberField::Ethnicity,
        MemberField::BirthDate,
        MemberField::Phone,
        MemberField::Education,
        MemberField::Occupation,
        MemberField::Health,
        MemberField::MaritalStatus,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MemberField::Name => "name",
            MemberField::IdNumber => "id_number",
            MemberField::Relation => "relation",
            MemberField::Sex => "sex",
            MemberField::Ethnicity => "ethnicity",
            MemberField::BirthDate => "birth_date",
            MemberField::Phone => "phone",
            MemberField::Education => "education",
            MemberField::Occupation => "occupation",
            MemberField::Health => "health",
            MemberField::MaritalStatus => "marital_status",
        }
    }

    pub fn parse(text: &str) -> Option<MemberField> {
        MemberField::ALL.into_iter().find(|f| f.as_str() == text)
    }

    /// Personal enough that screens and logs mask it (name, ID number, phone).
    pub fn is_identifying(self) -> bool {
        matches!(
            self,
            MemberField::Name | MemberField::IdNumber | MemberField::Phone
        )
    }
}

/// A household-level roster field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum HouseholdField {
    Address,
    Land,
}

impl HouseholdField {
    pub const ALL: [HouseholdField; 2] = [HouseholdField::Address, HouseholdField::Land];

    pub fn as_str(self) -> &'static str {
        match self {
            HouseholdField::Address => "address",
            HouseholdField::Land => "land",
        }
    }

    pub fn parse(text: &str) -> Option<HouseholdField> {
        HouseholdField::ALL.into_iter().find(|f| f.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum CheckState {
    /// The resident confirmed the roster's value.
    Verified,
    /// The value was corrected at the door; `original` keeps the roster's value.
    Corrected,
}

/// One field's check. Verifying a corrected field again keeps the original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FieldCheck {
    pub state: CheckState,
    /// The roster's value before the first correction (None when the roster had none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<String>,
    /// Why it was corrected, when the grid manager said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

pub type MemberChecks = BTreeMap<MemberField, FieldCheck>;
pub type HouseholdChecks = BTreeMap<HouseholdField, FieldCheck>;
