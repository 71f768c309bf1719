//! Every state and kind people read has its words in the label table, in both languages.

use cunxin_core::model::labels::{grade, label, label_of, percent};
use cunxin_core::model::{ConsentKind, LifecycleState, PhotoKind};
use cunxin_core::scoring::committee::PanelRole;
use cunxin_core::scoring::reconcile::ReconcileFlag;
use cunxin_core::scoring::rollup::{Lending, Verdict};
use cunxin_core::store::BatchState;
use serde::Serialize;

fn assert_labelled<T: Serialize + std::fmt::Debug>(group: &str, values: &[T]) {
    for value in values {
        let code = serde_json::to_value(value).unwrap();
        let code = code
            .as_str()
            .or(code["state"].as_str())
            .unwrap()
            .to_string();
        let words = label(group, &code).unwrap_or_else(|| panic!("no label for {group}.{code}"));
        assert!(
            !words.zh.is_empty() && !words.en.is_empty(),
            "{group}.{code}"
        );
        assert_eq!(label_of(group, value), words.both());
    }
}

#[test]
fn every_state_and_kind_has_its_words() {
    let why = || "x".to_string();
    assert_labelled(
        "state",
        &[
            LifecycleState::Imported,
            LifecycleState::Reviewed,
            LifecycleState::InProgress,
            LifecycleState::Finalized,
            LifecycleState::Sealed { batch: why() },
            LifecycleState::Uploaded { receipt: why() },
            LifecycleState::Purged,
            LifecycleState::NotHome {
                reason: why(),
                revisit_at: None,
            },
            LifecycleState::Declined { reason: why() },
            LifecycleState::Ineligible { reason: why() },
        ],
    );
    assert_labelled("photo_kind", &PhotoKind::ALL);
    assert_labelled("consent", &ConsentKind::ALL);
    assert_labelled(
        "reconcile",
        &[
            ReconcileFlag::NoReview,
            ReconcileFlag::Agreed,
            ReconcileFlag::NeedsReason,
            ReconcileFlag::Reasoned,
        ],
    );
    assert_labelled("verdict", &[Verdict::Pass, Verdict::Fail, Verdict::Unknown]);
    assert_labelled(
        "lending",
        &[Lending::Open, Lending::Suspended, Lending::Unknown],
    );
    assert_labelled(
        "role",
        &[
            PanelRole::VillageCadre,
            PanelRole::GroupLeader,
            PanelRole::ResidentRepresentative,
            PanelRole::BankManager,
        ],
    );
    assert_labelled(
        "batch_state",
        &[
            BatchState::Sealed,
            BatchState::Exported,
            BatchState::Uploaded,
            BatchState::Reopened,
            BatchState::Refused,
        ],
    );
}

#[test]
fn words_for_people_not_codes() {
    assert_eq!(
        label_of("reconcile", &ReconcileFlag::NeedsReason),
        "需说明 Needs a reason"
    );
    assert_eq!(label_of("verdict", &Verdict::Unknown), "无贷款数据 Unknown");
    assert_eq!(grade("credit"), "信用户 Credit");
    assert_eq!(grade("AA"), "AA");
    assert_eq!(percent(857), "85.7%");
    assert_eq!(percent(1000), "100.0%");
    assert_eq!(percent(0), "0.0%");
}
