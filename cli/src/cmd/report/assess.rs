//! One village's report from the store: each household's score, the committee's limit and
//! their reconciliation, the village roll-up, and the public-notice list (masked).

use crate::exit::Fatal;
use cunxin_core::model::{HouseholdId, LifecycleState};
use cunxin_core::scoring::committee::{CommitteeLimit, Rating, aggregate};
use cunxin_core::scoring::definition::Scorecard;
use cunxin_core::scoring::reconcile::{Reconciliation, reconcile};
use cunxin_core::scoring::rollup::{
    HouseholdOutcome, LoanPerformance, VillageRollup, village_rollup,
};
use cunxin_core::scoring::{Facts, ScoreResult, ScoringOptions};
use cunxin_core::store::Store;
use serde::Serialize;

/// One household's decision as the scorecard, the panel and the reconciliation give it.
pub struct Assessment {
    pub result: ScoreResult,
    pub committee: CommitteeLimit,
    pub reconciliation: Reconciliation,
    pub outcome: HouseholdOutcome,
}

/// Scores a household and reconciles the model limit with the panel's (seed 003). Only a
/// credit household gets a limit: the committee cannot lift an ineligible one.
pub fn assess(
    card: &Scorecard,
    household: &str,
    facts: &Facts,
    ratings: &[Rating],
) -> Result<Assessment, Fatal> {
    let result = card.score(household, facts, ScoringOptions::default());
    let committee = aggregate(ratings);
    let credit = result.credit_household;
    let model = if credit { result.limit_yuan } else { 0 };
    let committee_limit = committee.limit_yuan.filter(|_| credit);
    let reconciliation = reconcile(model, committee_limit, None, card.limit.cap_yuan)
        .map_err(|e| Fatal(format!("household {household}: {e}")))?;
    let outcome = HouseholdOutcome {
        evaluated: result.error.is_none(),
        eligible: result.eligible,
        credit_household: credit,
        grade: result.grade.clone(),
        proposed_limit_yuan: if credit {
            reconciliation.proposed_limit_yuan
        } else {
            0
        },
    };
    Ok(Assessment {
        result,
        committee,
        reconciliation,
        outcome,
    })
}

/// A household's line of the report: masked, as a public list must be.
#[derive(Debug, Clone, Serialize)]
pub struct ReportLine {
    pub household: String,
    pub group: String,
    pub head_name_masked: String,
    pub head_id_masked: String,
    pub state: String,
    pub evaluated: bool,
    pub eligible: bool,
    pub credit_household: bool,
    pub points: Option<String>,
    pub grade: Option<String>,
    pub model_limit_yuan: i64,
    pub committee_limit_yuan: Option<i64>,
    pub proposed_limit_yuan: i64,
    /// `no_review`, `agreed`, `needs_reason`, `reasoned`; None when not evaluated.
    pub reconciliation: Option<String>,
}

/// The public notice (公示): credit households with masked names and ID numbers, posted at
/// least seven days, and where objections go.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    pub posted_from: String,
    pub posted_until: String,
    pub days: u32,
    pub objections_to: String,
    pub entries: Vec<ReportLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VillageReport {
    pub town: String,
    pub village: String,
    pub scorecard: String,
    pub rollup: VillageRollup,
    pub households: Vec<ReportLine>,
    pub notice: Notice,
}

/// What the report needs besides the store.
pub struct ReportOptions<'a> {
    pub card: &'a Scorecard,
    pub loans: LoanPerformance,
    pub posted_from: chrono::NaiveDate,
    pub days: u32,
    pub objections_to: Option<String>,
}

/// The smallest notice period (domain.md: posted ≥ 7 days).
pub const MIN_NOTICE_DAYS: u32 = 7;

fn code<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub fn village_report(
    store: &Store,
    village: &str,
    options: &ReportOptions,
) -> Result<VillageReport, Fatal> {
    if options.days < MIN_NOTICE_DAYS {
        return Err(Fatal(format!(
            "a public notice is posted for at least {MIN_NOTICE_DAYS} days; give --notice-days {MIN_NOTICE_DAYS} or more"
        )));
    }
    let summaries: Vec<_> = store
        .list_households()?
        .into_iter()
        .filter(|h| h.village == village)
        .collect();
    if summaries.is_empty() {
        return Err(Fatal(format!(
            "the store has no household in the village {village}; `cunxin households list` shows the villages it holds"
        )));
    }
    let town = summaries[0].town.clone();
    let mut lines = Vec::new();
    let mut outcomes = Vec::new();
    for summary in &summaries {
        let id = HouseholdId(summary.id.clone());
        let mut line = ReportLine {
            household: summary.id.clone(),
            group: summary.group.clone(),
            head_name_masked: summary.head_name_masked.clone(),
            head_id_masked: summary.head_id_masked.clone(),
            state: summary.state.name().to_string(),
            evaluated: false,
            eligible: false,
            credit_household: false,
            points: None,
            grade: None,
            model_limit_yuan: 0,
            committee_limit_yuan: None,
            proposed_limit_yuan: 0,
            reconciliation: None,
        };
        // A household counts once its visit is finalized; drafts are not decided, and a
        // purged household's facts have left the device (its receipt is at the bank).
        let decided = matches!(
            summary.state,
            LifecycleState::Finalized
                | LifecycleState::Sealed { .. }
                | LifecycleState::Uploaded { .. }
        );
        let facts = if decided {
            store.household(&id)?.facts
        } else {
            None
        };
        let outcome = match &facts {
            Some(facts) => {
                let ratings = store.committee_reviews(&id)?;
                let a = assess(options.card, &summary.id, facts, &ratings)?;
                line.evaluated = a.outcome.evaluated;
                line.eligible = a.result.eligible;
                line.credit_household = a.result.credit_household;
                line.points = Some(a.result.points.to_string());
                line.grade = a.result.grade.clone();
                line.model_limit_yuan = a.reconciliation.model_limit_yuan;
                line.committee_limit_yuan = a.reconciliation.committee_limit_yuan;
                line.proposed_limit_yuan = a.outcome.proposed_limit_yuan;
                line.reconciliation = Some(code(&a.reconciliation.flag));
                a.outcome
            }
            None => HouseholdOutcome {
                evaluated: false,
                eligible: false,
                credit_household: false,
                grade: None,
                proposed_limit_yuan: 0,
            },
        };
        outcomes.push(outcome);
        lines.push(line);
    }
    let rollup = village_rollup(village, &outcomes, &options.loans);
    let posted_until = options.posted_from + chrono::Days::new(u64::from(options.days) - 1);
    let notice = Notice {
        posted_from: options.posted_from.to_string(),
        posted_until: posted_until.to_string(),
        days: options.days,
        objections_to: options.objections_to.clone().unwrap_or_else(|| {
            format!("{town}{village}村民委员会（村务公开栏旁意见箱），或所属支行网格客户经理")
        }),
        entries: lines
            .iter()
            .filter(|l| l.credit_household)
            .cloned()
            .collect(),
    };
    Ok(VillageReport {
        town,
        village: village.to_string(),
        scorecard: options.card.id.clone(),
        rollup,
        households: lines,
        notice,
    })
}
