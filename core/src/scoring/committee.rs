//! Back-to-back committee review (Ganchahe plan, seed 003): independent ratings per household,
//! aggregated into a committee limit (公议授信额度).

use serde::{Deserialize, Serialize};

/// One panel member's independent rating of one household.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    pub member: String,
    /// None when the member abstains.
    pub suggested_limit_yuan: Option<i64>,
    /// 1 (poor) to 5 (excellent).
    pub integrity: Option<u8>,
    pub estimated_income_yuan: Option<i64>,
    #[serde(default)]
    pub note: String,
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
}

/// Fewer non-abstaining ratings than this give no committee limit.
pub const MIN_RATINGS: usize = 3;
/// From this many ratings on, one highest and one lowest are dropped before the mean.
pub const TRIM_FROM: usize = 5;

/// Aggregates: 5+ ratings trimmed mean, 3–4 median, fewer none; rounded down to 1,000 yuan.
pub fn aggregate(ratings: &[Rating]) -> CommitteeLimit {
    let mut limits: Vec<i64> = ratings
        .iter()
        .filter_map(|r| r.suggested_limit_yuan)
        .collect();
    limits.sort_unstable();
    let n = limits.len();
    let abstentions = ratings.len() - n;
    if n < MIN_RATINGS {
        return CommitteeLimit {
            limit_yuan: None,
            ratings: n,
            abstentions,
            insufficient_reviews: true,
            disputed: false,
        };
    }
    // Means are taken in exact integers, then rounded down to whole thousands.
    let raw = if n >= TRIM_FROM {
        let kept = &limits[1..n - 1];
        kept.iter().sum::<i64>() / kept.len() as i64
    } else if n % 2 == 1 {
        limits[n / 2]
    } else {
        (limits[n / 2 - 1] + limits[n / 2]) / 2
    };
    let limit = raw.div_euclid(1000) * 1000;
    let spread = limits[n - 1] - limits[0];
    CommitteeLimit {
        limit_yuan: Some(limit),
        ratings: n,
        abstentions,
        insufficient_reviews: false,
        disputed: 2 * spread > limit,
    }
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
                suggested_limit_yuan: *l,
                integrity: Some(4),
                estimated_income_yuan: None,
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
        // mean of 30,000, 31,000, 32,500 = 31,166 → 31,000
        assert_eq!(r.limit_yuan, Some(31_000));
        assert!(r.disputed, "80,000 spread is more than half of 31,000");
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
        assert!(r.insufficient_reviews);
        assert_eq!((r.ratings, r.abstentions), (2, 2));
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
}
