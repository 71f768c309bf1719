//! Exact decimals for amounts, ages, ratios, thresholds and rates: a number is read from the
//! digits a person wrote (JSON facts, TOML definitions), never through float arithmetic, so a
//! band edge such as 0.2 or 30,000 yuan per person compares exactly.

pub use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;
use std::str::FromStr;

/// The decimal a float stands for, from its shortest round-trip digits (0.2 is 0.2, not
/// 0.200000000000000011…). None for NaN, infinities and magnitudes beyond 7.9 × 10²⁸.
pub fn decimal_from_f64(x: f64) -> Option<Decimal> {
    if !x.is_finite() {
        return None;
    }
    // Rust prints a float with the fewest digits that read back to the same float.
    Decimal::from_str_exact(&x.to_string()).ok()
}

/// A JSON number as an exact decimal; None for anything else.
pub fn decimal_from_json(value: &Value) -> Option<Decimal> {
    let n = match value {
        Value::Number(n) => n,
        _ => return None,
    };
    if let Some(i) = n.as_i64() {
        Some(Decimal::from(i))
    } else if let Some(u) = n.as_u64() {
        Some(Decimal::from(u))
    } else {
        n.as_f64().and_then(decimal_from_f64)
    }
}

/// The float closest to a decimal (for JSON output and the app), correctly rounded.
pub fn decimal_to_f64(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or(0.0)
}

/// A number in a definition file, kept exactly as written. Written back as an integer when
/// whole and as the shortest float otherwise, so a file survives a write and a read unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Exact(pub Decimal);

impl Exact {
    pub fn from_i64(x: i64) -> Exact {
        Exact(Decimal::from(x))
    }
}

impl std::ops::Deref for Exact {
    type Target = Decimal;
    fn deref(&self) -> &Decimal {
        &self.0
    }
}

impl std::fmt::Display for Exact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.normalize())
    }
}

impl Serialize for Exact {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0.normalize();
        match i64::try_from(d) {
            Ok(i) if d.fract().is_zero() => s.serialize_i64(i),
            _ => s.serialize_f64(decimal_to_f64(d)),
        }
    }
}

impl<'de> Deserialize<'de> for Exact {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Exact, D::Error> {
        d.deserialize_any(ExactVisitor)
    }
}

struct ExactVisitor;

impl Visitor<'_> for ExactVisitor {
    type Value = Exact;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a number")
    }

    fn visit_i64<E: de::Error>(self, x: i64) -> Result<Exact, E> {
        Ok(Exact(Decimal::from(x)))
    }

    fn visit_u64<E: de::Error>(self, x: u64) -> Result<Exact, E> {
        Ok(Exact(Decimal::from(x)))
    }

    fn visit_f64<E: de::Error>(self, x: f64) -> Result<Exact, E> {
        decimal_from_f64(x)
            .map(Exact)
            .ok_or_else(|| E::custom(format!("{x} is not a usable number")))
    }

    /// Quoted decimals ("0.2") are accepted too, for analysts who want to be explicit.
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Exact, E> {
        Decimal::from_str(s.trim())
            .map(Exact)
            .map_err(|_| E::custom(format!("'{s}' is not a number")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn floats_read_as_the_digits_written() {
        assert_eq!(
            decimal_from_json(&json!(0.2)),
            Some(Decimal::from_str("0.2").unwrap())
        );
        assert_eq!(
            decimal_from_json(&json!(19999.99999)),
            Some(Decimal::from_str("19999.99999").unwrap())
        );
        assert_eq!(decimal_from_json(&json!(30000)), Some(Decimal::from(30000)));
        assert_eq!(decimal_from_json(&json!(1e300)), None, "too large");
        assert_eq!(
            decimal_from_json(&json!("30000")),
            None,
            "a string is no number"
        );
        // The drift that floats would cause: 0.1 + 0.2 is not 0.3 in f64.
        let (a, b) = (
            decimal_from_f64(0.1).unwrap(),
            decimal_from_f64(0.2).unwrap(),
        );
        assert_eq!(a + b, decimal_from_f64(0.3).unwrap());
    }

    #[test]
    fn definition_numbers_round_trip() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct T {
            a: Exact,
            b: Exact,
            c: Exact,
        }
        let t: T = toml::from_str("a = 0.2\nb = 30000\nc = \"3.45\"").unwrap();
        assert_eq!(t.c.to_string(), "3.45");
        let written = toml::to_string(&t).unwrap();
        assert_eq!(written, "a = 0.2\nb = 30000\nc = 3.45\n");
        assert_eq!(toml::from_str::<T>(&written).unwrap(), t);
    }
}
