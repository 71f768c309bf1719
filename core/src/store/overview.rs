//! The village roll-up and the public-notice list (公示) straight from the store: each
//! household's latest facts scored with the scorecard in use, the proposed limit from the
//! stored reconciliation (the grid manager's decision and the cap included).
//!
//! Purged households have no facts left on the device: they count as households, not as
//! evaluated (the bank's platform holds their outcome).

use super::Store;
use super::error::StoreResult;
use super::household_rows::{load_household, parse_state};
use super::visits::latest_facts;
use crate::model::LifecycleState;
use crate::privacy::{mask_id, mask_name};
use crate::scoring::rollup::{HouseholdOutcome, LoanPerformance, VillageRollup, village_rollup};
use crate::scoring::{Scorecard, ScoringOptions};
use serde::Serialize;

/// One line of the public notice: masked, as posted in the village.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NoticeLine {
    pub group: String,
    pub head_name_masked: String,
    pub head_id_masked: String,
    pub grade: Option<String>,
    pub proposed_limit_yuan: i64,
}

/// The credit households of a village, for posting (≥ 7 days).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PublicNotice {
    pub village: String,
    pub scorecard: String,
    pub scorecard_version: String,
    pub lines: Vec<NoticeLine>,
}

/// One group's progress (村民小组), for the village dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct GroupProgress {
    pub group: String,
    pub households: u32,
    pub evaluated: u32,
    pub credit_households: u32,
}

/// A village's report: the roll-up with its groups, and the public-notice list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VillageReport {
    pub overview: VillageOverview,
    pub notice: PublicNotice,
}

/// The village's roll-up and its progress by group, from one scoring of its households.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VillageOverview {
    pub rollup: VillageRollup,
    pub groups: Vec<GroupProgress>,
}

struct Scored {
    group: String,
    head_name: String,
    head_id: String,
    outcome: HouseholdOutcome,
}

impl Store {
    fn scored_village(&self, village: &str, card: &Scorecard) -> StoreResult<Vec<Scored>> {
        let hids: Vec<(i64, String, String)> = self
            .conn()
            .prepare("SELECT hid, grp, state FROM households WHERE village = ?1 ORDER BY grp, hid")?
            .query_map([village], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let mut out = Vec::with_capacity(hids.len());
        for (hid, group, state) in hids {
            let state = parse_state(&state)?;
            let blank = HouseholdOutcome {
                evaluated: false,
                eligible: false,
                credit_household: false,
                grade: None,
                proposed_limit_yuan: 0,
            };
            if state == LifecycleState::Purged {
                out.push(Scored {
                    group,
                    head_name: String::new(),
                    head_id: String::new(),
                    outcome: blank,
                });
                continue;
            }
            let household = load_household(self.conn(), hid)?;
            let head = household.head();
            let (head_name, head_id) = (head.name.clone(), head.id_number.clone());
            let outcome = match latest_facts(self.conn(), hid)? {
                Some((_, facts, _)) if !matches!(state, LifecycleState::Declined { .. }) => {
                    let result = card.score(&household.id.0, &facts, ScoringOptions::default());
                    if result.error.is_some() {
                        blank
                    } else {
                        let proposed = self
                            .reconciliation_of(hid)?
                            .map_or(result.limit_yuan, |r| r.proposed_limit_yuan);
                        HouseholdOutcome {
                            evaluated: true,
                            eligible: result.eligible,
                            credit_household: result.credit_household,
                            grade: result.grade.clone(),
                            proposed_limit_yuan: proposed,
                        }
                    }
                }
                _ => blank,
            };
            out.push(Scored {
                group,
                head_name,
                head_id,
                outcome,
            });
        }
        Ok(out)
    }

    /// The village's roll-up (credit-household share, grades, coverage, credit village)
    /// with the bank's loan figures.
    pub fn village_rollup(
        &self,
        village: &str,
        card: &Scorecard,
        performance: &LoanPerformance,
    ) -> StoreResult<VillageRollup> {
        Ok(self.village_overview(village, card, performance)?.rollup)
    }

    /// The roll-up and the progress of each group (in the roster's group order).
    pub fn village_overview(
        &self,
        village: &str,
        card: &Scorecard,
        performance: &LoanPerformance,
    ) -> StoreResult<VillageOverview> {
        Ok(overview_of(
            village,
            &self.scored_village(village, card)?,
            performance,
        ))
    }

    /// The public-notice list of the village's credit households, masked.
    pub fn public_notice(&self, village: &str, card: &Scorecard) -> StoreResult<PublicNotice> {
        Ok(notice_of(
            village,
            card,
            &self.scored_village(village, card)?,
        ))
    }

    /// What the branch prints for a village: the roll-up with its groups and the
    /// public-notice list, from one scoring of its households.
    pub fn village_report(
        &self,
        village: &str,
        card: &Scorecard,
        performance: &LoanPerformance,
    ) -> StoreResult<VillageReport> {
        let scored = self.scored_village(village, card)?;
        Ok(VillageReport {
            overview: overview_of(village, &scored, performance),
            notice: notice_of(village, card, &scored),
        })
    }
}

fn overview_of(village: &str, scored: &[Scored], performance: &LoanPerformance) -> VillageOverview {
    let mut groups: Vec<GroupProgress> = Vec::new();
    for s in scored {
        if groups.last().is_none_or(|g| g.group != s.group) {
            groups.push(GroupProgress {
                group: s.group.clone(),
                households: 0,
                evaluated: 0,
                credit_households: 0,
            });
        }
        let g = groups.last_mut().expect("pushed above");
        g.households += 1;
        g.evaluated += u32::from(s.outcome.evaluated);
        g.credit_households += u32::from(s.outcome.credit_household);
    }
    let outcomes: Vec<HouseholdOutcome> = scored.iter().map(|s| s.outcome.clone()).collect();
    VillageOverview {
        rollup: village_rollup(village, &outcomes, performance),
        groups,
    }
}

fn notice_of(village: &str, card: &Scorecard, scored: &[Scored]) -> PublicNotice {
    let lines = scored
        .iter()
        .filter(|s| s.outcome.credit_household)
        .map(|s| NoticeLine {
            group: s.group.clone(),
            head_name_masked: mask_name(&s.head_name),
            head_id_masked: mask_id(&s.head_id),
            grade: s.outcome.grade.clone(),
            proposed_limit_yuan: s.outcome.proposed_limit_yuan,
        })
        .collect();
    PublicNotice {
        village: village.to_string(),
        scorecard: card.id.clone(),
        scorecard_version: card.version.clone(),
        lines,
    }
}
