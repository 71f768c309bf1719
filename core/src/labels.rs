//! The one table of words people read (`labels.toml`): zh-CN with English, for every code the
//! core writes — grades, reconciliation and roll-up states, life-cycle states, photo and
//! consent kinds, problems. The CLI, the village report and the app all take their words
//! from here, never from enum names.

use crate::intake::search::MatchKind;
use crate::model::LifecycleState;
use crate::scoring::reconcile::ReconcileFlag;
use crate::scoring::rollup::{Lending, Verdict};
use crate::store::{ConsentKind, PhotoKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The table as shipped, for readers in other languages (the app's designsystem).
pub const TABLE: &str = include_str!("labels.toml");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub zh: String,
    pub en: String,
}

impl Label {
    /// What a person reads: the Chinese, then the English (`已一致 agreed`).
    pub fn both(&self) -> String {
        format!("{} {}", self.zh, self.en)
    }
}

type Sections = BTreeMap<String, BTreeMap<String, Label>>;

fn sections() -> &'static Sections {
    static PARSED: OnceLock<Sections> = OnceLock::new();
    PARSED.get_or_init(|| toml::from_str(TABLE).expect("labels.toml is checked by its tests"))
}

/// The label of `code` in `section`, if the table has one.
pub fn label(section: &str, code: &str) -> Option<&'static Label> {
    sections().get(section)?.get(code)
}

/// `zh en` for `code`; the code itself when the table lacks it (the tests keep that from
/// happening for every code the core writes).
pub fn both(section: &str, code: &str) -> String {
    label(section, code).map_or_else(|| code.to_string(), Label::both)
}

/// Only the Chinese, for tight table columns; the code when the table lacks it.
pub fn zh(section: &str, code: &str) -> String {
    label(section, code).map_or_else(|| code.to_string(), |l| l.zh.clone())
}

/// The code serde writes for a unit variant (`needs_reason`).
fn code_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(code)) => code,
        _ => String::new(),
    }
}

pub fn reconcile(flag: &ReconcileFlag) -> String {
    both("reconcile", &code_of(flag))
}

pub fn verdict(verdict: Verdict) -> String {
    both("verdict", &code_of(&verdict))
}

pub fn lending(lending: Lending) -> String {
    both("lending", &code_of(&lending))
}

pub fn lifecycle(state: &LifecycleState) -> String {
    both("lifecycle", state.name())
}

pub fn photo_kind(kind: PhotoKind) -> String {
    both("photo_kind", kind.as_str())
}

pub fn consent_kind(kind: ConsentKind) -> String {
    both("consent_kind", kind.as_str())
}

/// A grade, or `未评级 no grade` for none.
pub fn grade(grade: Option<&str>) -> String {
    both("grade", grade.unwrap_or("none"))
}

pub fn match_kind(kind: MatchKind) -> String {
    both("match_kind", &code_of(&kind))
}

pub fn problem(code: &str) -> String {
    both("problem", code)
}

pub fn term(code: &str) -> String {
    both("term", code)
}

/// A per-mille figure as a percentage with one decimal: 857 → `85.7%`.
pub fn percent_from_permille(permille: i64) -> String {
    let sign = if permille < 0 { "-" } else { "" };
    let p = permille.unsigned_abs();
    format!("{sign}{}.{}%", p / 10, p % 10)
}

/// Yuan with thousands separators: 1234567 → `1,234,567`.
pub fn yuan(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if amount < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(section: &str, code: &str) {
        assert!(
            label(section, code).is_some(),
            "labels.toml lacks [{section}] {code}"
        );
    }

    #[test]
    fn the_table_parses_and_every_label_has_both_languages() {
        for (section, labels) in sections() {
            for (code, l) in labels {
                assert!(
                    l.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "[{section}] {code} has no Chinese: {:?}",
                    l.zh
                );
                assert!(
                    l.en.is_ascii() && !l.en.is_empty(),
                    "[{section}] {code}: {:?}",
                    l.en
                );
            }
        }
    }

    #[test]
    fn every_code_the_core_writes_has_a_label() {
        use ReconcileFlag::*;
        for flag in [NoReview, Agreed, NeedsReason, Reasoned] {
            assert!(!reconcile(&flag).contains('_'), "{flag:?}");
        }
        for v in [Verdict::Pass, Verdict::Fail, Verdict::Unknown] {
            has("verdict", &code_of(&v));
        }
        for l in [Lending::Open, Lending::Suspended, Lending::Unknown] {
            has("lending", &code_of(&l));
        }
        let reason = String::new;
        for s in [
            LifecycleState::Imported,
            LifecycleState::Reviewed,
            LifecycleState::InProgress,
            LifecycleState::Finalized,
            LifecycleState::Sealed { batch: reason() },
            LifecycleState::Uploaded { receipt: reason() },
            LifecycleState::Purged,
            LifecycleState::NotHome { reason: reason() },
            LifecycleState::Declined { reason: reason() },
            LifecycleState::Ineligible { reason: reason() },
        ] {
            has("lifecycle", s.name());
        }
        for k in [
            MatchKind::Name,
            MatchKind::Household,
            MatchKind::Initials,
            MatchKind::IdTail,
            MatchKind::PhoneTail,
        ] {
            has("match_kind", &code_of(&k));
        }
        for k in PhotoKind::ALL {
            has("photo_kind", k.as_str());
        }
        for k in [ConsentKind::PersonalInfo, ConsentKind::CreditInquiry] {
            has("consent_kind", k.as_str());
        }
        for flag in ["blurry", "too_dark", "overexposed", "too_small"] {
            has("problem", flag);
        }
        for code in [
            "near_duplicate_other_household",
            "near_duplicate_same_household",
        ] {
            has("problem", code);
        }
        for card in ["luquan", "jinxiang"] {
            let card = crate::scoring::presets::preset(card).unwrap();
            for g in &card.grades {
                has("grade", &g.grade);
            }
        }
    }

    #[test]
    fn people_read_chinese_then_english() {
        assert_eq!(reconcile(&ReconcileFlag::Agreed), "已一致 agreed");
        assert_eq!(
            reconcile(&ReconcileFlag::NeedsReason),
            "需说明 needs a reason"
        );
        assert_eq!(verdict(Verdict::Pass), "达标 met");
        assert_eq!(verdict(Verdict::Unknown), "无贷款数据 unknown");
        assert_eq!(grade(Some("credit")), "信用户 credit household");
        assert_eq!(grade(None), "未评级 no grade");
    }

    #[test]
    fn percentages_and_amounts() {
        assert_eq!(percent_from_permille(857), "85.7%");
        assert_eq!(percent_from_permille(1000), "100.0%");
        assert_eq!(percent_from_permille(5), "0.5%");
        assert_eq!(yuan(1_234_567), "1,234,567");
        assert_eq!(yuan(500), "500");
        assert_eq!(yuan(-30_000), "-30,000");
    }
}
