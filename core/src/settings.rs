//! The device's settings screen: the scorecard in use, the bank's age recipients, the
//! platform (URL and minisign key), and the device key's fingerprint the bank registers.
//! Above `batch` (it reads keys), so any caller shows the same thing.

use crate::batch::{BatchError, DeviceIdentity};
use crate::batch::{key_id, parse_public_key, parse_recipients};
use crate::store::Store;
use serde::Serialize;

pub const BANK_RECIPIENTS_SETTING: &str = "bank_recipients";
pub const PLATFORM_URL_SETTING: &str = "platform_url";
pub const PLATFORM_KEY_SETTING: &str = "platform_public_key";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ScorecardInUse {
    pub id: String,
    pub version: String,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DeviceSettings {
    pub operator: Option<String>,
    pub scorecard: Option<ScorecardInUse>,
    /// The bank's age public keys (`age1…`) batches are sealed to.
    pub bank_recipients: Vec<String>,
    pub platform_url: Option<String>,
    /// The minisign key id of the platform key receipts must be signed with.
    pub platform_key_id: Option<String>,
    pub device_id: String,
    /// The device signing key's minisign key id (16 hex digits), for the bank to compare.
    pub device_key_id: String,
}

impl Store {
    /// Everything the settings screen shows. Creates the device identity on first use.
    pub fn device_settings(&mut self) -> Result<DeviceSettings, BatchError> {
        let device = DeviceIdentity::load_or_create(self)?;
        let scorecard = self.scorecard_in_use()?.map(|card| ScorecardInUse {
            id: card.id,
            version: card.version,
            name_zh: card.name.zh,
            name_en: card.name.en,
        });
        let bank_recipients = self
            .setting(BANK_RECIPIENTS_SETTING)?
            .map(|text| {
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        let platform_key_id = match self.setting(PLATFORM_KEY_SETTING)? {
            Some(text) => Some(key_id(&parse_public_key(&text)?)),
            None => None,
        };
        Ok(DeviceSettings {
            operator: self.operator().map(String::from),
            scorecard,
            bank_recipients,
            platform_url: self.setting(PLATFORM_URL_SETTING)?,
            platform_key_id,
            device_id: device.info().device_id,
            device_key_id: device.key_id(),
        })
    }

    /// The bank's age recipients (one `age1…` per line), checked before they are kept.
    pub fn set_bank_recipients(&mut self, text: &str) -> Result<usize, BatchError> {
        let recipients = parse_recipients(text, "the bank's public keys")?;
        self.set_setting(BANK_RECIPIENTS_SETTING, text)?;
        Ok(recipients.len())
    }

    /// The platform's tus URL and its minisign public key (`.pub` text); returns the key id.
    pub fn set_platform(&mut self, url: &str, public_key: &str) -> Result<String, BatchError> {
        let parsed = url::Url::parse(url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"));
        if parsed.is_none() {
            return Err(BatchError::InvalidKey(format!(
                "{url} is not an http(s) URL; give the platform's upload address"
            )));
        }
        let key = parse_public_key(public_key)?;
        self.set_setting(PLATFORM_URL_SETTING, url)?;
        self.set_setting(PLATFORM_KEY_SETTING, public_key)?;
        Ok(key_id(&key))
    }
}
