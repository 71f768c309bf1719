//! Back-to-back committee review (Ganchahe plan, seed 003): independent ratings per household,
//! aggregated into a committee limit (公议授信额度).

use super::points::Tenths;
use serde::{Deserialize, Serialize};

/// Who sits on the panel (seed 003): the village cadre, group leaders, resident
/// representatives and the bank's manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum PanelRole {
    VillageCadre,
    GroupLeader,
    ResidentRepresentative,
    BankManager,
}

/// One panel member's independent rating of one household.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Rating {
    pub member: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<PanelRole>,
    /// None when the member abstains.
    pub suggested_limit_yuan: Option<i64>,
    /// 1 (poor) to 5 (excellent).
    pub integrity: Option<u8>,
    /// The household's business or farming, 1 (weak) to 5 (strong).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business: Option<u8>,
    pub estimated_income_yuan: Option<i64>,
    #[serde(default)]
    pub note: String,
}

impl Rating {
    pub fn abstains(&self) -> bool {
        self.suggested_limit_yuan.is_none()
    }

    /// A rating gives a limit of 0 or more and an integrity of 1 to 5; an abstention gives
    /// neither (a note may say why).
    pub fn check(&self) -> Result<(), RatingError> {
        if self.abstains() {
            if self.integrity.is_some()
                || self.business.is_some()
                || self.estimated_income_yuan.is_some()
            {
                return Err(RatingError::AbstentionWithValues);
            }
            return Ok(());
        }
        if self.suggested_limit_yuan.is_some_and(|l| l < 0)
            || self.estimated_income_yuan.is_some_and(|i| i < 0)
        {
            return Err(RatingError::NegativeAmount);
        }
        if let Some(b) = self.business.filter(|b| !(1..=5).contains(b)) {
            return Err(RatingError::BusinessOutOfRange(b));
        }
        match self.integrity {
            None => Err(RatingError::IntegrityMissing),
            Some(i) if !(1..=5).contains(&i) => Err(RatingError::IntegrityOutOfRange(i)),
            Some(_) => Ok(()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RatingError {
    #[error("an integrity rating must be from 1 to 5, not {0}; ask the panel member again")]
    IntegrityOutOfRange(u8),
    #[error("a business rating must be from 1 to 5, not {0}; ask the panel member again")]
    BusinessOutOfRange(u8),
    #[error("a rating with a suggested limit needs an integrity rating from 1 to 5")]
    IntegrityMissing,
    #[error("a suggested limit or an income cannot be negative; enter the amount in yuan")]
    NegativeAmount,
    #[error(
        "an abstention carries no integrity, business or income rating; record a suggested limit or abstain"
    )]
    AbstentionWithValues,
    #[error(
        "ratings {0} and {1} come from the same panel member; in a back-to-back review each member rates a household once"
    )]
    SameMemberTwice(usize, usize),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteeLimit {
    /// None when fewer than three members rated (`insufficient_reviews`).
    pub limit_yuan: Option<i64>,
    pub ratings: usize,
    pub abstentions: usize,
    pub insufficient_reviews: bool,
    /// Highest − lowest suggestion exceeds half the committee limit.
    pub disputed: bool,
    pub lowest_yuan: Option<i64>,
    pub highest_yuan: Option<i64>,
    /// Mean integrity of the ratings, rounded down to a tenth.
    pub mean_integrity: Option<Tenths>,
    /// The panel's estimated yearly income, aggregated like the limit (not rounded).
    pub estimated_income_yuan: Option<i64>,
}

/// Fewer non-abstaining ratings than this give no committee limit.
pub const MIN_RATINGS: usize = 3;
/// From this many ratings on, one highest and one lowest are dropped before the mean.
pub const TRIM_FROM: usize = 5;
/// The committee limit is rounded down to whole thousands of yuan.
pub const ROUND_DOWN_TO_YUAN: i64 = 1_000;

/// 5+ values: trimmed mean; 3–4: median; fewer: None. Exact integers, rounded down.
fn central(values: &mut [i64]) -> Option<i64> {
    values.sort_unstable();
    let n = values.len();
    if n < MIN_RATINGS {
        return None;
    }
    Some(if n >= TRIM_FROM {
        let kept = &values[1..n - 1];
        kept.iter().sum::<i64>().div_euclid(kept.len() as i64)
    } else if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]).div_euclid(2)
    })
}

/// Aggregates: 5+ ratings trimmed mean, 3–4 median, fewer none; rounded down to 1,000 yuan.
/// Abstentions do not count. Use [`aggregate_checked`] for ratings not yet validated.
pub fn aggregate(ratings: &[Rating]) -> CommitteeLimit {
    let rated: Vec<&Rating> = ratings.iter().filter(|r| !r.abstains()).collect();
    let mut limits: Vec<i64> = rated
        .iter()
        .filter_map(|r| r.suggested_limit_yuan)
        .collect();
    let n = limits.len();
    let limit =
        central(&mut limits).map(|raw| raw.div_euclid(ROUND_DOWN_TO_YUAN) * ROUND_DOWN_TO_YUAN);
    let (lowest, highest) = (limits.first().copied(), limits.last().copied());
    let spread = highest.zip(lowest).map_or(0, |(h, l)| h - l);
    let integrities: Vec<i64> = rated
        .iter()
        .filter_map(|r| r.integrity)
        .map(i64::from)
        .collect();
    let mut incomes: Vec<i64> = rated
        .iter()
        .filter_map(|r| r.estimated_income_yuan)
        .collect();
    CommitteeLimit {
        limit_yuan: limit,
        ratings: n,
        abstentions: ratings.len() - n,
        insufficient_reviews: limit.is_none(),
        disputed: limit.is_some_and(|l| 2 * spread > l),
        lowest_yuan: lowest,
        highest_yuan: highest,
        mean_integrity: (!integrities.is_empty()).then(|| {
            Tenths((integrities.iter().sum::<i64>() * 10).div_euclid(integrities.len() as i64))
        }),
        estimated_income_yuan: central(&mut incomes),
    }
}

/// Validates every rating (and that no member rated twice), then aggregates.
pub fn aggregate_checked(ratings: &[Rating]) -> Result<CommitteeLimit, RatingError> {
    for (i, r) in ratings.iter().enumerate() {
        r.check()?;
        if let Some(j) = ratings[..i].iter().position(|o| o.member == r.member) {
            return Err(RatingError::SameMemberTwice(j + 1, i + 1));
        }
    }
    Ok(aggregate(ratings))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ratings(limits: &[Option<i64>]) -> Vec<Rating> {
        limits
            .iter()
            .enumerate()
            .map(|(i, l)| Rating {
                member: format!("m{i}"),
                role: None,
                business: None,
                suggested_limit_yuan: *l,
                integrity: l.map(|_| 4),
                estimated_income_yuan: l.map(|l| l * 2),
                note: String::new(),
            })
            .collect()
    }

    #[test]
    fn five_or_more_drop_highest_and_lowest() {
        let r = aggregate(&ratings(&[
            Some(10_000),
            Some(30_000),
            Some(31_000),
            Some(32_500),
            Some(90_000),
        ]));
        // mean of 30,000, 31,000, 32,500 = 31,166.67 → 31,000
        assert_eq!(r.limit_yuan, Some(31_000));
        assert!(r.disputed, "80,000 spread is more than half of 31,000");
        assert_eq!(
            (r.lowest_yuan, r.highest_yuan),
            (Some(10_000), Some(90_000))
        );
        assert_eq!(r.estimated_income_yuan, Some(62_333));
        assert_eq!(r.mean_integrity, Some(Tenths(40)));
        // Seven members: still one highest and one lowest dropped.
        let r = aggregate(&ratings(&[
            Some(1_000),
            Some(20_000),
            Some(20_000),
            Some(21_000),
            Some(22_000),
            Some(23_999),
            Some(500_000),
        ]));
        assert_eq!(r.limit_yuan, Some(21_000)); // 106,999 / 5 = 21,399.8 → 21,000
    }

    #[test]
    fn three_or_four_take_the_median() {
        assert_eq!(
            aggregate(&ratings(&[Some(20_000), Some(50_000), Some(30_000)])).limit_yuan,
            Some(30_000)
        );
        let four = aggregate(&ratings(&[
            Some(20_000),
            Some(25_500),
            Some(30_000),
            Some(31_000),
        ]));
        assert_eq!(four.limit_yuan, Some(27_000)); // (25,500 + 30,000) / 2 = 27,750 → 27,000
        assert!(!four.disputed, "11,000 spread is not more than 13,500");
    }

    #[test]
    fn abstentions_do_not_count_and_fewer_than_three_is_insufficient() {
        let r = aggregate(&ratings(&[Some(20_000), None, Some(30_000), None]));
        assert_eq!(r.limit_yuan, None);
        assert!(r.insufficient_reviews && !r.disputed);
        assert_eq!((r.ratings, r.abstentions), (2, 2));
        let r = aggregate(&ratings(&[Some(20_000), None, Some(30_000), Some(25_000)]));
        assert_eq!((r.limit_yuan, r.ratings), (Some(25_000), 3));
    }

    #[test]
    fn disputed_is_strictly_more_than_half() {
        // limit 20,000, spread exactly 10,000 = half: not disputed.
        let r = aggregate(&ratings(&[Some(15_000), Some(20_000), Some(25_000)]));
        assert_eq!(r.limit_yuan, Some(20_000));
        assert!(!r.disputed);
        let r = aggregate(&ratings(&[Some(15_000), Some(20_000), Some(25_001)]));
        assert!(r.disputed);
    }

    #[test]
    fn ratings_are_checked_before_aggregation() {
        let mut bad = ratings(&[Some(20_000), Some(30_000), Some(40_000)]);
        assert!(aggregate_checked(&bad).is_ok());
        bad[1].integrity = Some(6);
        assert_eq!(
            aggregate_checked(&bad),
            Err(RatingError::IntegrityOutOfRange(6))
        );
        bad[1].integrity = Some(0);
        assert!(aggregate_checked(&bad).is_err());
        bad[1].integrity = None;
        assert_eq!(aggregate_checked(&bad), Err(RatingError::IntegrityMissing));
        bad[1].integrity = Some(5);
        bad[2].member = bad[0].member.clone();
        assert_eq!(
            aggregate_checked(&bad),
            Err(RatingError::SameMemberTwice(1, 3))
        );
        let mut abstained = ratings(&[None]);
        abstained[0].integrity = Some(3);
        assert_eq!(abstained[0].check(), Err(RatingError::AbstentionWithValues));
        let negative = ratings(&[Some(-1)]);
        assert_eq!(negative[0].check(), Err(RatingError::NegativeAmount));
    }
}
