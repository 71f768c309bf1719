//! A checked roster's household as the domain model's household.

use super::RosterHousehold;
use crate::intake::relation::Relation;
use crate::model::household::HouseholdError;
use crate::model::{Household, HouseholdId, Member, Place};

impl Household {
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
                checks: Default::default(),
                added_at_visit: false,
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
            checks: Default::default(),
            removed_members: Vec::new(),
        })
    }
}
