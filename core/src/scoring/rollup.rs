//! Village and town roll-ups (seeds 001, 002, 003): credit-household share, grades, totals,
//! coverage, credit village/town under both seed variants, and the NPL circuit breaker.
//! Shares are compared by exact cross-multiplication, percentages as exact decimals.

use super::exact::{Decimal, Exact};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One household's outcome as the roll-up needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HouseholdOutcome {
    pub evaluated: bool,
    pub eligible: bool,
    pub credit_household: bool,
    pub grade: Option<String>,
    pub proposed_limit_yuan: i64,
}

/// Loan-performance figures from the bank, in percent; a missing figure makes any verdict
/// that needs it `unknown`, never a pass.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoanPerformance {
    /// Households with a loan / households (农户贷款面).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loan_coverage_percent: Option<Exact>,
    /// Borrowers repaying on time / borrowers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_time_repayment_percent: Option<Exact>,
    /// Non-performing loans (five-category classification) / loans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub npl_percent: Option<Exact>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Verdict {
    Pass,
    Fail,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Lending {
    Open,
    /// The circuit breaker tripped: new lending is suspended.
    Suspended,
    /// No NPL figure: the breaker cannot be judged.
    Unknown,
}

/// Credit village, seed 001: credit households ≥ 70% of households.
pub const CREDIT_VILLAGE_SHARE_PERCENT: i64 = 70;
/// Coverage target 授信面 = credit households / eligible (seed 003).
pub const COVERAGE_TARGET_PERCENT: i64 = 80;
/// Seed 002 variant, village: loan coverage ≥ 50%, on-time repayment ≥ 90%, NPL ≤ 3%.
pub const SEED002_LOAN_COVERAGE_PERCENT: i64 = 50;
pub const SEED002_ON_TIME_PERCENT: i64 = 90;
pub const SEED002_MAX_NPL_PERCENT: i64 = 3;
/// Credit town: credit villages ≥ 65% (seed 001) or ≥ 40% (seed 002, which also asks the
/// town for on-time repayment ≥ 90% and NPL ≤ 3%).
pub const CREDIT_TOWN_SEED001_PERCENT: i64 = 65;
pub const CREDIT_TOWN_SEED002_PERCENT: i64 = 40;
/// Circuit breaker (seed 001): NPL above 7% in a village or 5% in a town suspends lending.
pub const VILLAGE_BREAKER_NPL_PERCENT: i64 = 7;
pub const TOWN_BREAKER_NPL_PERCENT: i64 = 5;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VillageRollup {
    pub village: String,
    pub households: usize,
    pub evaluated: usize,
    pub eligible: usize,
    pub credit_households: usize,
    /// Credit households / households, in per mille rounded down (for display).
    pub credit_share_permille: i64,
    pub grades: BTreeMap<String, usize>,
    pub total_proposed_limit_yuan: i64,
    /// 授信面: credit households / eligible, per mille rounded down; None with no eligible.
    pub coverage_permille: Option<i64>,
    pub coverage_target_met: bool,
    /// Seed 001: credit households ≥ 70%.
    pub credit_village: Verdict,
    /// Seed 002 variant: also loan coverage, on-time repayment and NPL.
    pub credit_village_seed002: Verdict,
    pub lending: Lending,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TownRollup {
    pub town: String,
    pub villages: usize,
    pub credit_villages: usize,
    pub credit_villages_seed002: usize,
    pub households: usize,
    pub credit_households: usize,
    pub total_proposed_limit_yuan: i64,
    pub credit_town: Verdict,
    pub credit_town_seed002: Verdict,
    pub lending: Lending,
    /// Villages whose own breaker tripped.
    pub suspended_villages: Vec<String>,
}

fn permille(part: usize, whole: usize) -> i64 {
    if whole == 0 {
        0
    } else {
        (part as i64 * 1000) / whole as i64
    }
}

/// `part / whole ≥ percent%`, exactly; false when there is no whole.
fn share_at_least(part: usize, whole: usize, percent: i64) -> bool {
    whole > 0 && part as i64 * 100 >= percent * whole as i64
}

fn verdict(ok: bool) -> Verdict {
    if ok { Verdict::Pass } else { Verdict::Fail }
}

/// All conditions must pass: any failure fails, else any unknown is unknown.
fn all_of(conditions: &[Option<bool>]) -> Verdict {
    if conditions.contains(&Some(false)) {
        Verdict::Fail
    } else if conditions.contains(&None) {
        Verdict::Unknown
    } else {
        Verdict::Pass
    }
}

fn at_least(figure: Option<Exact>, percent: i64) -> Option<bool> {
    figure.map(|x| *x >= Decimal::from(percent))
}

fn at_most(figure: Option<Exact>, percent: i64) -> Option<bool> {
    figure.map(|x| *x <= Decimal::from(percent))
}

fn breaker(npl: Option<Exact>, limit_percent: i64) -> Lending {
    match npl {
        None => Lending::Unknown,
        Some(x) if *x > Decimal::from(limit_percent) => Lending::Suspended,
        Some(_) => Lending::Open,
    }
}

pub fn village_rollup(
    village: &str,
    outcomes: &[HouseholdOutcome],
    performance: &LoanPerformance,
) -> VillageRollup {
    let count = |f: &dyn Fn(&HouseholdOutcome) -> bool| outcomes.iter().filter(|o| f(o)).count();
    let households = outcomes.len();
    let eligible = count(&|o| o.evaluated && o.eligible);
    let credit = count(&|o| o.credit_household);
    let mut grades = BTreeMap::new();
    for grade in outcomes.iter().filter_map(|o| o.grade.clone()) {
        *grades.entry(grade).or_insert(0) += 1;
    }
    let share_ok = share_at_least(credit, households, CREDIT_VILLAGE_SHARE_PERCENT);
    let p = performance;
    VillageRollup {
        village: village.to_string(),
        households,
        evaluated: count(&|o| o.evaluated),
        eligible,
        credit_households: credit,
        credit_share_permille: permille(credit, households),
        grades,
        total_proposed_limit_yuan: outcomes
            .iter()
            .filter(|o| o.credit_household)
            .map(|o| o.proposed_limit_yuan)
            .sum(),
        coverage_permille: (eligible > 0).then(|| permille(credit, eligible)),
        coverage_target_met: share_at_least(credit, eligible, COVERAGE_TARGET_PERCENT),
        credit_village: verdict(share_ok),
        credit_village_seed002: all_of(&[
            Some(share_ok),
            at_least(p.loan_coverage_percent, SEED002_LOAN_COVERAGE_PERCENT),
            at_least(p.on_time_repayment_percent, SEED002_ON_TIME_PERCENT),
            at_most(p.npl_percent, SEED002_MAX_NPL_PERCENT),
        ]),
        lending: breaker(p.npl_percent, VILLAGE_BREAKER_NPL_PERCENT),
    }
}

/// The town from its villages' roll-ups and the town's own loan figures.
pub fn town_rollup(
    town: &str,
    villages: &[VillageRollup],
    performance: &LoanPerformance,
) -> TownRollup {
    let n = villages.len();
    let with = |f: &dyn Fn(&VillageRollup) -> bool| villages.iter().filter(|v| f(v)).count();
    let credit = with(&|v| v.credit_village == Verdict::Pass);
    let passed = with(&|v| v.credit_village_seed002 == Verdict::Pass);
    let unknown = with(&|v| v.credit_village_seed002 == Verdict::Unknown);
    // Unknown villages could still go either way: pass only if enough surely pass.
    let villages_ok = if share_at_least(passed, n, CREDIT_TOWN_SEED002_PERCENT) {
        Some(true)
    } else if share_at_least(passed + unknown, n, CREDIT_TOWN_SEED002_PERCENT) {
        None
    } else {
        Some(false)
    };
    let p = performance;
    TownRollup {
        town: town.to_string(),
        villages: n,
        credit_villages: credit,
        credit_villages_seed002: passed,
        households: villages.iter().map(|v| v.households).sum(),
        credit_households: villages.iter().map(|v| v.credit_households).sum(),
        total_proposed_limit_yuan: villages.iter().map(|v| v.total_proposed_limit_yuan).sum(),
        credit_town: verdict(share_at_least(credit, n, CREDIT_TOWN_SEED001_PERCENT)),
        credit_town_seed002: all_of(&[
            villages_ok,
            at_least(p.on_time_repayment_percent, SEED002_ON_TIME_PERCENT),
            at_most(p.npl_percent, SEED002_MAX_NPL_PERCENT),
        ]),
        lending: breaker(p.npl_percent, TOWN_BREAKER_NPL_PERCENT),
        suspended_villages: villages
            .iter()
            .filter(|v| v.lending == Lending::Suspended)
            .map(|v| v.village.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn pct(s: &str) -> Option<Exact> {
        Some(Exact(Decimal::from_str(s).unwrap()))
    }

    fn outcomes(credit: usize, eligible_only: usize, ineligible: usize) -> Vec<HouseholdOutcome> {
        let make = |credit_household, eligible| HouseholdOutcome {
            evaluated: true,
            eligible,
            credit_household,
            grade: credit_household.then(|| "A".to_string()),
            proposed_limit_yuan: if credit_household { 30_000 } else { 0 },
        };
        std::iter::repeat_n(make(true, true), credit)
            .chain(std::iter::repeat_n(make(false, true), eligible_only))
            .chain(std::iter::repeat_n(make(false, false), ineligible))
            .collect()
    }

    fn good() -> LoanPerformance {
        LoanPerformance {
            loan_coverage_percent: pct("50"),
            on_time_repayment_percent: pct("90"),
            npl_percent: pct("3"),
        }
    }

    #[test]
    fn exactly_seventy_percent_is_a_credit_village() {
        let v = village_rollup("A村", &outcomes(7, 2, 1), &LoanPerformance::default());
        assert_eq!(v.credit_village, Verdict::Pass);
        assert_eq!(v.credit_share_permille, 700);
        assert_eq!(v.grades, BTreeMap::from([("A".to_string(), 7)]));
        assert_eq!(v.total_proposed_limit_yuan, 210_000);
        assert_eq!((v.eligible, v.evaluated), (9, 10));
        assert_eq!(v.coverage_permille, Some(777));
        assert!(!v.coverage_target_met);
        assert_eq!(
            v.credit_village_seed002,
            Verdict::Unknown,
            "no loan figures: unknown, never a pass"
        );
        assert_eq!(v.lending, Lending::Unknown);
        let v = village_rollup("B村", &outcomes(6, 3, 1), &LoanPerformance::default());
        assert_eq!(v.credit_village, Verdict::Fail);
        assert_eq!(v.credit_village_seed002, Verdict::Fail);
    }

    #[test]
    fn coverage_target_is_eighty_percent_of_the_eligible() {
        let v = village_rollup("A", &outcomes(8, 2, 5), &LoanPerformance::default());
        assert_eq!(v.coverage_permille, Some(800));
        assert!(v.coverage_target_met);
        let v = village_rollup("A", &outcomes(7, 2, 5), &LoanPerformance::default());
        assert!(!v.coverage_target_met);
        let v = village_rollup("A", &outcomes(0, 0, 3), &LoanPerformance::default());
        assert_eq!((v.coverage_permille, v.coverage_target_met), (None, false));
    }

    #[test]
    fn seed002_variant_needs_every_figure_at_its_edge() {
        let v = |p: &LoanPerformance| village_rollup("A", &outcomes(8, 2, 0), p);
        assert_eq!(v(&good()).credit_village_seed002, Verdict::Pass);
        for bad in [
            LoanPerformance {
                npl_percent: pct("3.01"),
                ..good()
            },
            LoanPerformance {
                on_time_repayment_percent: pct("89.99"),
                ..good()
            },
            LoanPerformance {
                loan_coverage_percent: pct("49.9"),
                ..good()
            },
        ] {
            assert_eq!(v(&bad).credit_village_seed002, Verdict::Fail, "{bad:?}");
        }
        let partial = LoanPerformance {
            npl_percent: None,
            ..good()
        };
        assert_eq!(v(&partial).credit_village_seed002, Verdict::Unknown);
    }

    #[test]
    fn circuit_breaker_trips_strictly_above_the_limit() {
        let npl = |s| LoanPerformance {
            npl_percent: pct(s),
            ..Default::default()
        };
        let lending = |s| village_rollup("A", &outcomes(1, 0, 0), &npl(s)).lending;
        assert_eq!(lending("7"), Lending::Open);
        assert_eq!(lending("7.01"), Lending::Suspended);
        assert_eq!(
            town_rollup("T", &[], &npl("5.01")).lending,
            Lending::Suspended
        );
        assert_eq!(town_rollup("T", &[], &npl("5")).lending, Lending::Open);
        assert_eq!(
            town_rollup("T", &[], &LoanPerformance::default()).lending,
            Lending::Unknown
        );
    }

    #[test]
    fn credit_town_counts_credit_villages_under_both_variants() {
        let credit = village_rollup("A", &outcomes(7, 3, 0), &LoanPerformance::default());
        let not = village_rollup("B", &outcomes(1, 9, 0), &LoanPerformance::default());
        let town = town_rollup("T", &[credit.clone(), credit.clone(), not.clone()], &good());
        assert_eq!((town.credit_villages, town.credit_town), (2, Verdict::Pass)); // 66.7% ≥ 65%
        assert_eq!(
            town.credit_town_seed002,
            Verdict::Unknown,
            "village figures missing"
        );
        assert_eq!((town.households, town.credit_households), (30, 15));
        let town = town_rollup("T", &[credit.clone(), not.clone(), not.clone()], &good());
        assert_eq!(town.credit_town, Verdict::Fail);

        // Seed 002: 2 of 5 villages (exactly 40%) pass with full figures.
        let full = village_rollup("C", &outcomes(8, 2, 0), &good());
        let five = [full.clone(), full, not.clone(), not.clone(), not];
        assert_eq!(
            town_rollup("T", &five, &good()).credit_town_seed002,
            Verdict::Pass
        );
        assert_eq!(town_rollup("T", &five, &good()).credit_town, Verdict::Fail);
        let town_npl_high = LoanPerformance {
            npl_percent: pct("3.5"),
            ..good()
        };
        assert_eq!(
            town_rollup("T", &five, &town_npl_high).credit_town_seed002,
            Verdict::Fail
        );
        assert_eq!(
            town_rollup("T", &five, &LoanPerformance::default()).credit_town_seed002,
            Verdict::Unknown
        );
    }
}
