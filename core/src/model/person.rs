//! A person's sex as the ID number encodes it (odd sequence: male).

use serde::{Deserialize, Serialize};

/// Written `M` / `F` as in the CLI contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Sex {
    #[serde(rename = "M")]
    Male,
    #[serde(rename = "F")]
    Female,
}
