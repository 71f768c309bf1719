//! The consents a household signs and the texts it signs: versioned, shipped with Cunxin in
//! zh-CN with an English translation, each known by the SHA-256 of its file. The store takes
//! a consent only for a text listed here, the batch carries the text's version and hash, and
//! the bank's platform accepts a household only when its consents name these hashes — one
//! list for all of them.
//!
//! A text is never edited once shipped: a new wording is a new version (a new file and a new
//! entry in [`CONSENT_TEXTS`]), so a hash always names the words a resident saw.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ConsentKind {
    /// Authorization to collect and use personal information, incl. sensitive information.
    PersonalInfo,
    /// 征信查询授权.
    CreditInquiry,
}

impl ConsentKind {
    pub const ALL: [ConsentKind; 2] = [ConsentKind::PersonalInfo, ConsentKind::CreditInquiry];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentKind::PersonalInfo => "personal_info",
            ConsentKind::CreditInquiry => "credit_inquiry",
        }
    }

    pub fn parse(text: &str) -> Option<ConsentKind> {
        ConsentKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// Between the zh-CN text and its English translation in a text file.
const ENGLISH_MARK: &str = "\n=== English ===\n";

/// One version of a consent text.
#[derive(Debug, PartialEq, Eq)]
pub struct ConsentText {
    pub kind: ConsentKind,
    pub version: &'static str,
    /// SHA-256 (lower-case hex) of [`ConsentText::file`]'s bytes, as `sha256sum` prints it.
    pub sha256: &'static str,
    /// The whole file: the zh-CN text the resident reads and signs, then the English
    /// translation after a `=== English ===` line.
    pub file: &'static str,
}

impl ConsentText {
    /// The zh-CN text, as shown to the resident.
    pub fn zh_cn(&self) -> &'static str {
        self.file
            .split_once(ENGLISH_MARK)
            .map_or(self.file, |(zh, _)| zh)
            .trim_end()
    }

    /// The English translation.
    pub fn en(&self) -> &'static str {
        self.file
            .split_once(ENGLISH_MARK)
            .map_or("", |(_, en)| en)
            .trim()
    }

    /// The first line of the zh-CN text.
    pub fn title_zh_cn(&self) -> &'static str {
        self.zh_cn().lines().next().unwrap_or_default()
    }

    /// The first line of the English translation.
    pub fn title_en(&self) -> &'static str {
        self.en().lines().next().unwrap_or_default()
    }
}

/// Every consent text Cunxin has shipped, oldest first per kind.
pub const CONSENT_TEXTS: &[ConsentText] = &[
    ConsentText {
        kind: ConsentKind::PersonalInfo,
        version: "2026.1",
        sha256: "91fbfc405340436f9965ed7ce871e07f9ae464c6ac230d216da3bd030207f3b5",
        file: include_str!("consent_texts/personal_info-2026.1.txt"),
    },
    ConsentText {
        kind: ConsentKind::CreditInquiry,
        version: "2026.1",
        sha256: "5669c681937ea5d20e2b18c2253621c6390436352c7257d3b28f08b6af004e28",
        file: include_str!("consent_texts/credit_inquiry-2026.1.txt"),
    },
];

/// The text to show for a new consent of `kind`: its latest version.
pub fn current_consent_text(kind: ConsentKind) -> &'static ConsentText {
    CONSENT_TEXTS
        .iter()
        .rev()
        .find(|t| t.kind == kind)
        .expect("every consent kind has a shipped text")
}

/// The shipped text of `kind` with this version and hash, if there is one.
pub fn known_consent_text(
    kind: ConsentKind,
    version: &str,
    sha256: &str,
) -> Option<&'static ConsentText> {
    CONSENT_TEXTS
        .iter()
        .find(|t| t.kind == kind && t.version == version && t.sha256 == sha256)
}

/// SHA-256 of a text file's bytes, lower-case hex.
pub fn text_sha256(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_shipped_hash_is_the_hash_of_its_file() {
        for text in CONSENT_TEXTS {
            assert_eq!(
                text_sha256(text.file),
                text.sha256,
                "{:?} {}",
                text.kind,
                text.version
            );
        }
    }

    #[test]
    fn every_kind_has_a_text_in_both_languages_naming_its_version() {
        for kind in ConsentKind::ALL {
            let text = current_consent_text(kind);
            assert!(text.zh_cn().contains(&format!("版本：{}", text.version)));
            assert!(text.en().contains(&format!("Version: {}", text.version)));
            assert!(!text.zh_cn().contains("English"), "{}", text.title_zh_cn());
            assert!(
                text.title_zh_cn().contains("授权书"),
                "{}",
                text.title_zh_cn()
            );
            assert!(
                text.title_en().starts_with("Authorization"),
                "{}",
                text.title_en()
            );
        }
        assert!(
            current_consent_text(ConsentKind::CreditInquiry)
                .zh_cn()
                .contains("征信")
        );
        assert!(
            current_consent_text(ConsentKind::PersonalInfo)
                .zh_cn()
                .contains("敏感个人信息")
        );
    }

    #[test]
    fn only_a_shipped_version_and_hash_of_the_same_kind_is_known() {
        let info = current_consent_text(ConsentKind::PersonalInfo);
        assert!(known_consent_text(ConsentKind::PersonalInfo, info.version, info.sha256).is_some());
        assert!(
            known_consent_text(ConsentKind::CreditInquiry, info.version, info.sha256).is_none()
        );
        assert!(known_consent_text(ConsentKind::PersonalInfo, "2025.9", info.sha256).is_none());
        assert!(
            known_consent_text(ConsentKind::PersonalInfo, info.version, &"5f".repeat(32)).is_none()
        );
    }
}
