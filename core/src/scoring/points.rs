//! Points in exact tenths: the spec allows one decimal place, so 72.5 points is `Tenths(725)`
//! and every comparison at a band edge (70 against 69.5) is an integer comparison.

use super::exact::{Decimal, Exact};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Tenths(pub i64);

// Points cross to the app as a plain number (72.5); they come back rounded to a tenth.
#[cfg(feature = "uniffi")]
uniffi::custom_type!(Tenths, f64, {
    lower: |t| t.as_f64(),
    try_lift: |v| Ok(Tenths((v * 10.0).round() as i64)),
});

impl Tenths {
    pub const ZERO: Tenths = Tenths(0);

    /// Whole points: `Tenths::points(30)` is 30 points.
    pub const fn points(whole: i64) -> Tenths {
        Tenths(whole * 10)
    }

    /// The decimal as tenths, or None when it has more than one decimal place (or is huge).
    pub fn from_decimal(d: Decimal) -> Option<Tenths> {
        let scaled = d.checked_mul(Decimal::TEN)?;
        if !scaled.fract().is_zero() {
            return None;
        }
        i64::try_from(scaled).ok().map(Tenths)
    }

    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, 1)
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

impl std::ops::Sub for Tenths {
    type Output = Tenths;
    fn sub(self, other: Tenths) -> Tenths {
        Tenths(self.0 - other.0)
    }
}

impl std::iter::Sum for Tenths {
    fn sum<I: Iterator<Item = Tenths>>(iter: I) -> Tenths {
        Tenths(iter.map(|t| t.0).sum())
    }
}

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        if abs.is_multiple_of(10) {
            write!(f, "{sign}{}", abs / 10)
        } else {
            write!(f, "{sign}{}.{}", abs / 10, abs % 10)
        }
    }
}

/// Written as a JSON/TOML number (80.0, 72.5): tenths are exact in binary floats' shortest form.
impl Serialize for Tenths {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

/// Read strictly: a definition that gives 1.25 points is refused, not rounded.
impl<'de> Deserialize<'de> for Tenths {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tenths, D::Error> {
        let exact = Exact::deserialize(d)?;
        Tenths::from_decimal(exact.0).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "points may have at most one decimal place, not {exact}"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn tenths_display_and_exact_reading() {
        assert_eq!(Tenths(725).to_string(), "72.5");
        assert_eq!(Tenths(700).to_string(), "70");
        assert_eq!(Tenths(-5).to_string(), "-0.5");
        assert_eq!(Tenths(-15).whole_floor(), -2);
        let d = |s| Decimal::from_str(s).unwrap();
        assert_eq!(Tenths::from_decimal(d("69.5")), Some(Tenths(695)));
        assert_eq!(Tenths::from_decimal(d("42.50")), Some(Tenths(425)));
        assert_eq!(Tenths::from_decimal(d("42.55")), None);
        assert!(serde_json::from_str::<Tenths>("1.25").is_err());
        assert_eq!(serde_json::from_str::<Tenths>("1.5").unwrap(), Tenths(15));
        assert_eq!(serde_json::to_string(&Tenths(800)).unwrap(), "80.0");
    }
}
