//! Exact arithmetic for points, amounts and ratios: no floating-point drift at band edges.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Points in tenths (the spec allows one decimal place): 72.5 points is `Tenths(725)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Tenths(pub i64);

impl Tenths {
    pub const ZERO: Tenths = Tenths(0);

    pub fn from_f64(value: f64) -> Tenths {
        Tenths((value * 10.0).round() as i64)
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 10.0
    }

    /// Whole points, rounded down (for rules such as "10 points = 10,000 yuan").
    pub fn whole_floor(self) -> i64 {
        self.0.div_euclid(10)
    }
}

impl std::ops::Add for Tenths {
    type Output = Tenths;
    fn add(self, other: Tenths) -> Tenths {
        Tenths(self.0 + other.0)
    }
}

impl std::iter::Sum for Tenths {
    fn sum<I: Iterator<Item = Tenths>>(iter: I) -> Tenths {
        Tenths(iter.map(|t| t.0).sum())
    }
}

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0 % 10 == 0 {
            write!(f, "{}", self.0 / 10)
        } else {
            write!(f, "{:.1}", self.as_f64())
        }
    }
}

impl Serialize for Tenths {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

impl<'de> Deserialize<'de> for Tenths {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tenths, D::Error> {
        f64::deserialize(d).map(Tenths::from_f64)
    }
}

/// A fact amount or threshold in ten-thousandths (yuan to 1/100 fen, ratios to 0.0001),
/// so comparisons of amounts, per-capita values and ratios are exact integer comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Fixed(pub i128);

impl Fixed {
    pub const SCALE: i128 = 10_000;

    pub fn from_f64(value: f64) -> Fixed {
        Fixed((value * Self::SCALE as f64).round() as i128)
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }
}

impl<'de> Deserialize<'de> for Fixed {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Fixed, D::Error> {
        f64::deserialize(d).map(Fixed::from_f64)
    }
}

impl Serialize for Fixed {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.0 as f64 / Self::SCALE as f64)
    }
}

/// `numerator / denominator >= threshold`, exactly (denominator > 0).
pub fn ratio_at_least(numerator: Fixed, denominator: Fixed, threshold: Fixed) -> bool {
    numerator.0 * Fixed::SCALE >= threshold.0 * denominator.0
}

/// `numerator / denominator < threshold`, exactly (denominator > 0).
pub fn ratio_below(numerator: Fixed, denominator: Fixed, threshold: Fixed) -> bool {
    numerator.0 * Fixed::SCALE < threshold.0 * denominator.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_display_and_round_trip() {
        assert_eq!(Tenths::from_f64(1.5), Tenths(15));
        assert_eq!(Tenths(725).to_string(), "72.5");
        assert_eq!(Tenths(700).to_string(), "70");
        assert_eq!(Tenths(-15).whole_floor(), -2);
    }

    #[test]
    fn ratios_compare_exactly_at_the_edge() {
        // 0.1 + 0.2 style drift cannot happen: 20,000 / 100,000 is exactly 0.2.
        let (liabilities, assets) = (Fixed::from_f64(20_000.0), Fixed::from_f64(100_000.0));
        assert!(!ratio_below(liabilities, assets, Fixed::from_f64(0.2)));
        assert!(ratio_below(
            Fixed::from_f64(19_999.99),
            assets,
            Fixed::from_f64(0.2)
        ));
        assert!(ratio_at_least(
            Fixed::from_f64(90_000.0),
            Fixed::from_f64(3.0),
            Fixed::from_f64(30_000.0)
        ));
        assert!(!ratio_at_least(
            Fixed::from_f64(89_999.99),
            Fixed::from_f64(3.0),
            Fixed::from_f64(30_000.0)
        ));
    }
}
