//! Intake calls: resident IDs.

use crate::error::ApiResult;
use cunxin_core::intake::resident_id::{ResidentId, Sex};

/// A valid resident ID and what it encodes.
#[derive(uniffi::Record)]
pub struct ResidentIdInfo {
    pub normalized: String,
    /// ISO date, YYYY-MM-DD.
    pub birth_date: String,
    pub sex: Sex,
    pub region_code: String,
    /// The masked form for screens not meant for the resident.
    pub masked: String,
}

/// Validates a resident ID number; a bad one is `InvalidInput` saying what is wrong.
#[uniffi::export]
pub fn check_resident_id(input: String) -> ApiResult<ResidentIdInfo> {
    let id = ResidentId::parse(&input)?;
    Ok(ResidentIdInfo {
        normalized: id.as_str().to_string(),
        birth_date: id.birth_date().format("%Y-%m-%d").to_string(),
        sex: id.sex(),
        region_code: id.region_code().to_string(),
        masked: cunxin_core::privacy::mask_id(id.as_str()),
    })
}
