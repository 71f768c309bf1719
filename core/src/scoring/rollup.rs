//! Village and town roll-ups (seeds 001, 002, 003): credit-household share, grades, totals,
//! coverage, credit village/town under both seed variants, and the NPL circuit breaker.
//! Percentages are compared in exact integers (per mille), never floats.

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

/// Loan-performance figures from the bank, in per mille; absent figures make a verdict `unknown`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoanPerformance {
    pub loan_coverage_permille: Option<i64>,
    pub on_time_repayment_permille: Option<i64>,
    pub npl_permille: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    Fail,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lending {
    Open,
    /// The circuit breaker tripped: new lending is suspended.
    Suspended,
    Unknown,
}

/// Credit village, seed 001: credit households ≥ 70% of households.
pub const CREDIT_VILLAGE_SHARE_PERMILLE: i64 = 700;
/// Coverage target 授信面 = credit households / eligible (seed 003).
pub const COVERAGE_TARGET_PERMILLE: i64 = 800;
/// Seed 002 variant additions.
pub const SEED002_LOAN_COVERAGE_PERMILLE: i64 = 500;
pub const SEED002_ON_TIME_PERMILLE: i64 = 900;
pub const SEED002_MAX_NPL_PERMILLE: i64 = 30;
/// Credit town: credit villages ≥ 65% (seed 001) or ≥ 40% (seed 002).
pub const CREDIT_TOWN_SEED001_PERMILLE: i64 = 650;
pub const CREDIT_TOWN_SEED002_PERMILLE: i64 = 400;
/// Circuit breaker (seed 001): NPL above 7% in a village or 5% in a town suspends lending.
pub const VILLAGE_BREAKER_NPL_PERMILLE: i64 = 70;
pub const TOWN_BREAKER_NPL_PERMILLE: i64 = 50;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VillageRollup {
    pub village: String,
    pub households: usize,
    pub evaluated: usize,
    pub eligible: usize,
    pub credit_households: usize,
    pub credit_share_permille: i64,
    pub grades: BTreeMap<String, usize>,
    pub total_proposed_limit_yuan: i64,
    /// 授信面: credit households / eligible; None with no eligible household.
    pub coverage_permille: Option<i64>,
    pub coverage_target_met: bool,
    pub credit_village: Verdict,
    pub credit_village_seed002: Verdict,
    pub lending: Lending,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TownRollup {
    pub town: String,
    pub villages: usize,
    pub credit_villages: usize,
    pub credit_town: Verdict,
    pub credit_town_seed002: Verdict,
    pub lending: Lending,
}

fn permille(part: usize, whole: usize) -> i64 {
    if whole == 0 {
        0
    } else {
        (part as i64 * 1000) / whole as i64
    }
}

/// `part / whole ≥ threshold‰`, exactly.
fn at_least(part: usize, whole: usize, threshold: i64) -> bool {
    whole > 0 && part as i64 * 1000 >= threshold * whole as i64
}

fn verdict(ok: bool) -> Verdict {
    if ok { Verdict::Pass } else { Verdict::Fail }
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
    let share_ok = at_least(credit, households, CREDIT_VILLAGE_SHARE_PERMILLE);
    let seed002 = {
        let p = performance;
        let figures = [
            p.loan_coverage_permille
                .map(|x| x >= SEED002_LOAN_COVERAGE_PERMILLE),
            p.on_time_repayment_permille
                .map(|x| x >= SEED002_ON_TIME_PERMILLE),
            p.npl_permille.map(|x| x <= SEED002_MAX_NPL_PERMILLE),
        ];
        if !share_ok || figures.contains(&Some(false)) {
            Verdict::Fail
        } else if figures.contains(&None) {
            Verdict::Unknown
        } else {
            Verdict::Pass
        }
    };
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
        coverage_target_met: at_least(credit, eligible, COVERAGE_TARGET_PERMILLE),
        credit_village: verdict(share_ok),
        credit_village_seed002: seed002,
        lending: breaker(performance.npl_permille, VILLAGE_BREAKER_NPL_PERMILLE),
    }
}

fn breaker(npl: Option<i64>, limit: i64) -> Lending {
    match npl {
        None => Lending::Unknown,
        Some(x) if x > limit => Lending::Suspended,
        Some(_) => Lending::Open,
    }
}

pub fn town_rollup(
    town: &str,
    villages: &[VillageRollup],
    town_npl_permille: Option<i64>,
) -> TownRollup {
    let n = villages.len();
    let credit = villages
        .iter()
        .filter(|v| v.credit_village == Verdict::Pass)
        .count();
    let passed = villages
        .iter()
        .filter(|v| v.credit_village_seed002 == Verdict::Pass)
        .count();
    let unknown = villages
        .iter()
        .filter(|v| v.credit_village_seed002 == Verdict::Unknown)
        .count();
    let seed002 = if at_least(passed, n, CREDIT_TOWN_SEED002_PERMILLE) {
        Verdict::Pass
    } else if at_least(passed + unknown, n, CREDIT_TOWN_SEED002_PERMILLE) {
        Verdict::Unknown
    } else {
        Verdict::Fail
    };
    TownRollup {
        town: town.to_string(),
        villages: n,
        credit_villages: credit,
        credit_town: verdict(at_least(credit, n, CREDIT_TOWN_SEED001_PERMILLE)),
        credit_town_seed002: seed002,
        lending: breaker(town_npl_permille, TOWN_BREAKER_NPL_PERMILLE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn exactly_seventy_percent_is_a_credit_village() {
        let v = village_rollup("A村", &outcomes(7, 2, 1), &LoanPerformance::default());
        assert_eq!(v.credit_village, Verdict::Pass);
        assert_eq!(v.credit_share_permille, 700);
        assert_eq!(v.total_proposed_limit_yuan, 210_000);
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
    fn seed002_variant_needs_every_figure() {
        let good = LoanPerformance {
            loan_coverage_permille: Some(500),
            on_time_repayment_permille: Some(900),
            npl_permille: Some(30),
        };
        assert_eq!(
            village_rollup("A", &outcomes(8, 2, 0), &good).credit_village_seed002,
            Verdict::Pass
        );
        let bad_npl = LoanPerformance {
            npl_permille: Some(31),
            ..good.clone()
        };
        assert_eq!(
            village_rollup("A", &outcomes(8, 2, 0), &bad_npl).credit_village_seed002,
            Verdict::Fail
        );
    }

    #[test]
    fn circuit_breaker_trips_strictly_above_the_limit() {
        let at = LoanPerformance {
            npl_permille: Some(70),
            ..Default::default()
        };
        let above = LoanPerformance {
            npl_permille: Some(71),
            ..Default::default()
        };
        assert_eq!(
            village_rollup("A", &outcomes(1, 0, 0), &at).lending,
            Lending::Open
        );
        assert_eq!(
            village_rollup("A", &outcomes(1, 0, 0), &above).lending,
            Lending::Suspended
        );
        assert_eq!(town_rollup("T", &[], Some(51)).lending, Lending::Suspended);
        assert_eq!(town_rollup("T", &[], Some(50)).lending, Lending::Open);
    }

    #[test]
    fn credit_town_counts_credit_villages() {
        let credit = village_rollup("A", &outcomes(7, 3, 0), &LoanPerformance::default());
        let not = village_rollup("B", &outcomes(1, 9, 0), &LoanPerformance::default());
        let villages = vec![credit.clone(), credit.clone(), not.clone()];
        let town = town_rollup("T", &villages, None);
        assert_eq!((town.credit_villages, town.credit_town), (2, Verdict::Pass)); // 66.7% ≥ 65%
        assert_eq!(town.credit_town_seed002, Verdict::Unknown);
        let town = town_rollup("T", &[credit, not.clone(), not], None);
        assert_eq!(town.credit_town, Verdict::Fail);
    }
}
