//! The household screen and the work list's search: thin doors onto the core's use cases
//! (`cunxin_core::store::detail`, `search`). Core types cross as they are.

use crate::error::ApiResult;
use crate::store::Store;
use cunxin_core::model::{HouseholdId, LifecycleState};
use cunxin_core::store::{FieldRef, HouseholdDetail, NewMember, SearchLine, SearchQuery};

#[uniffi::export]
impl Store {
    /// Every roster field of every member, each with its check.
    pub fn household_detail(&self, household: String) -> ApiResult<HouseholdDetail> {
        Ok(self.store()?.household_detail(&HouseholdId(household))?)
    }

    /// The resident confirms a field as the roster has it.
    pub fn verify_field(&self, household: String, field: FieldRef) -> ApiResult<HouseholdDetail> {
        Ok(self.store()?.verify_field(&HouseholdId(household), field)?)
    }

    /// Corrects a field; the roster's value is kept beside it and the change audited.
    pub fn correct_field(
        &self,
        household: String,
        field: FieldRef,
        value: String,
        reason: Option<String>,
    ) -> ApiResult<HouseholdDetail> {
        Ok(self.store()?.correct_field(
            &HouseholdId(household),
            field,
            &value,
            reason.as_deref(),
        )?)
    }

    /// Adds a member the roster does not list (last in the list).
    pub fn add_member(&self, household: String, member: NewMember) -> ApiResult<HouseholdDetail> {
        Ok(self.store()?.add_member(&HouseholdId(household), &member)?)
    }

    /// Removes a member with the reason; the head cannot be removed.
    pub fn remove_member(
        &self,
        household: String,
        position: u32,
        reason: String,
    ) -> ApiResult<HouseholdDetail> {
        Ok(self
            .store()?
            .remove_member(&HouseholdId(household), position, &reason)?)
    }

    /// Makes another member the head.
    pub fn change_head(
        &self,
        household: String,
        position: u32,
        reason: String,
    ) -> ApiResult<HouseholdDetail> {
        Ok(self
            .store()?
            .change_head(&HouseholdId(household), position, &reason)?)
    }

    /// Nobody home: waits for a revisit (`revisit_at` a date or an RFC 3339 time).
    pub fn mark_not_home(
        &self,
        household: String,
        reason: String,
        revisit_at: Option<String>,
    ) -> ApiResult<LifecycleState> {
        Ok(self
            .store()?
            .mark_not_home(&HouseholdId(household), &reason, revisit_at.as_deref())?)
    }

    pub fn mark_declined(&self, household: String, reason: String) -> ApiResult<LifecycleState> {
        Ok(self
            .store()?
            .mark_declined(&HouseholdId(household), &reason)?)
    }

    pub fn mark_ineligible(&self, household: String, reason: String) -> ApiResult<LifecycleState> {
        Ok(self
            .store()?
            .mark_ineligible(&HouseholdId(household), &reason)?)
    }

    /// Back from a side state to the visit.
    pub fn resume_visit(&self, household: String) -> ApiResult<LifecycleState> {
        Ok(self.store()?.resume_visit(&HouseholdId(household))?)
    }

    /// Search as you type over the store; lines masked.
    pub fn search(&self, query: SearchQuery) -> ApiResult<Vec<SearchLine>> {
        Ok(self.store()?.search(&query)?)
    }
}
