//! One point item: its points for a household, the most it can give, and what the household
//! has not yet earned of it ("what would raise it").

use super::definition::{Item, LevelEntry, Scorecard};
use super::exact::{Decimal, decimal_from_json};
use super::facts::FactView;
use super::points::Tenths;
use super::result::Improvement;
use serde_json::Value;

/// Why an item could not be computed: a fact is absent or unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemProblem {
    Missing(String),
    Invalid(String),
}

type Points = Result<Tenths, ItemProblem>;

fn missing(id: &str) -> ItemProblem {
    ItemProblem::Missing(id.to_string())
}

fn invalid(id: &str) -> ItemProblem {
    ItemProblem::Invalid(id.to_string())
}

/// The item's points for the household.
pub fn item_points(item: &Item, view: FactView) -> Points {
    // An optional fact left empty with no default earns nothing; it is never an error.
    let optional = |id: &str| view.card.fact(id).is_some_and(|d| !d.required);
    if item
        .facts()
        .iter()
        .any(|f| optional(f) && view.get(f).is_none())
    {
        return Ok(Tenths::ZERO);
    }
    let number = |id: &str| -> Result<Decimal, ItemProblem> {
        let value = view.get(id).ok_or_else(|| missing(id))?;
        decimal_from_json(value).ok_or_else(|| invalid(id))
    };
    Ok(match item {
        Item::Constant { points, .. } => *points,
        Item::Options { fact, points, .. } => {
            let code = view.get(fact).ok_or_else(|| missing(fact))?;
            let code = code.as_str().ok_or_else(|| invalid(fact))?;
            *points.get(code).ok_or_else(|| invalid(fact))?
        }
        Item::Ranges { fact, ranges, .. } => {
            let x = number(fact)?;
            ranges
                .iter()
                .find(|r| x >= *r.min && x <= *r.max)
                .map_or(Tenths::ZERO, |r| r.points)
        }
        Item::Thresholds {
            fact,
            per,
            at_least,
            otherwise,
            ..
        } => {
            let value = number(fact)?;
            let divisor = match per {
                Some(per) => Some(number(per)?)
                    .filter(|d| d.is_sign_positive() && !d.is_zero())
                    .ok_or_else(|| invalid(per))?,
                None => Decimal::ONE,
            };
            // value / divisor ≥ threshold, compared as value ≥ threshold × divisor: exact.
            let mut reached = None;
            for a in at_least {
                let bar = a.min.checked_mul(divisor).ok_or_else(|| invalid(fact))?;
                if value >= bar {
                    reached = Some(a.points);
                    break;
                }
            }
            reached.unwrap_or(*otherwise)
        }
        Item::Ratio {
            numerator,
            denominator,
            when_numerator_zero,
            when_denominator_zero,
            below,
            otherwise,
            ..
        } => {
            let n = number(numerator)?;
            let d = number(denominator)?;
            if n.is_zero() {
                *when_numerator_zero
            } else if d <= Decimal::ZERO {
                *when_denominator_zero
            } else {
                let mut band = None;
                for b in below {
                    let bar = b.max.checked_mul(d).ok_or_else(|| invalid(numerator))?;
                    if n < bar {
                        band = Some(b.points);
                        break;
                    }
                }
                band.unwrap_or(*otherwise)
            }
        }
        Item::Flag { fact, points, .. } => {
            let value = view.get(fact).ok_or_else(|| missing(fact))?;
            match value.as_bool().ok_or_else(|| invalid(fact))? {
                true => *points,
                false => Tenths::ZERO,
            }
        }
        Item::Count {
            fact,
            points_each,
            cap,
            ..
        } => {
            let count = number(fact)?;
            let count = i64::try_from(count)
                .ok()
                .filter(|c| *c >= 0 && count.fract().is_zero())
                .ok_or_else(|| invalid(fact))?;
            let total = Tenths(points_each.0.saturating_mul(count));
            if cap.0 < 0 {
                total.max(*cap)
            } else {
                total.min(*cap)
            }
        }
        Item::Levels { fact, entries, .. } => {
            let given = view.get(fact).ok_or_else(|| missing(fact))?;
            let given = given.as_object().ok_or_else(|| invalid(fact))?;
            let mut sum = Tenths::ZERO;
            for (code, value) in given {
                let entry = entries.get(code).ok_or_else(|| invalid(fact))?;
                sum = sum + level_points(entry, value).ok_or_else(|| invalid(fact))?;
            }
            sum
        }
        Item::CodeList { fact, points, .. } => {
            let given = view.get(fact).ok_or_else(|| missing(fact))?;
            if !given.is_array() {
                return Err(invalid(fact));
            }
            let mut sum = Tenths::ZERO;
            for code in view.codes(fact) {
                sum = sum + *points.get(code).ok_or_else(|| invalid(fact))?;
            }
            sum
        }
        Item::Number { fact, factor, .. } => {
            let x = Tenths::from_decimal(number(fact)?).ok_or_else(|| invalid(fact))?;
            Tenths(x.0.saturating_mul(*factor))
        }
    })
}

/// The points of one entry of a `levels` item, or None when the level is not in its table.
pub fn level_points(entry: &LevelEntry, value: &Value) -> Option<Tenths> {
    match (entry, value) {
        (LevelEntry::Levels(levels), Value::String(level)) => levels.get(level).copied(),
        (LevelEntry::Flag(points), Value::Bool(true)) => Some(*points),
        (LevelEntry::Flag(_), Value::Bool(false)) => Some(Tenths::ZERO),
        (LevelEntry::Number { min, max }, Value::Number(_)) => {
            let points = Tenths::from_decimal(decimal_from_json(value)?)?;
            (points >= *min && points <= *max).then_some(points)
        }
        _ => None,
    }
}

/// The most one entry of a `levels` item gives.
pub fn level_max(entry: &LevelEntry) -> Tenths {
    match entry {
        LevelEntry::Levels(levels) => levels.values().copied().max().unwrap_or_default(),
        LevelEntry::Flag(points) => *points,
        LevelEntry::Number { max, .. } => *max,
    }
    .max(Tenths::ZERO)
}

/// The most the item can give; None when a number item reads a fact with no declared bound.
pub fn item_max(item: &Item, card: &Scorecard) -> Option<Tenths> {
    let best = |values: &mut dyn Iterator<Item = Tenths>| values.max().unwrap_or_default();
    Some(match item {
        Item::Constant { points, .. } => *points,
        Item::Flag { points, .. } => (*points).max(Tenths::ZERO),
        Item::Options { points, .. } => best(&mut points.values().copied()),
        Item::Ranges { ranges, .. } => {
            best(&mut ranges.iter().map(|r| r.points).chain([Tenths::ZERO]))
        }
        Item::Thresholds {
            at_least,
            otherwise,
            ..
        } => best(&mut at_least.iter().map(|a| a.points).chain([*otherwise])),
        Item::Ratio {
            below,
            when_numerator_zero,
            when_denominator_zero,
            otherwise,
            ..
        } => best(&mut below.iter().map(|b| b.points).chain([
            *when_numerator_zero,
            *when_denominator_zero,
            *otherwise,
        ])),
        Item::Count {
            points_each, cap, ..
        } => {
            if points_each.0 >= 0 {
                (*cap).max(Tenths::ZERO)
            } else {
                Tenths::ZERO
            }
        }
        Item::Levels { entries, .. } => entries.values().map(level_max).sum(),
        Item::CodeList { points, .. } => points.values().copied().filter(|p| p.0 > 0).sum(),
        Item::Number { fact, factor, .. } => {
            let decl = card.fact(fact)?;
            let bound = if *factor >= 0 { decl.max } else { decl.min };
            let top = Tenths(Tenths::from_decimal(*bound?)?.0.saturating_mul(*factor));
            // An optional fact left empty gives zero, so zero is always within reach.
            if decl.required {
                top
            } else {
                top.max(Tenths::ZERO)
            }
        }
    })
}

/// What the household has not yet earned of an item, as the app shows "what would raise it".
/// A `levels` item (honours) is split into its entries, so each honour shows its own gain.
pub fn improvements(item: &Item, points: Tenths, view: FactView) -> Vec<Improvement> {
    if let Item::Levels { fact, entries, .. } = item {
        let decl = view.card.fact(fact);
        let given = view.get(fact).and_then(Value::as_object);
        // In the fact's option order, which is the order the form shows.
        let codes: Vec<&str> = match decl {
            Some(d) => d.options.iter().map(|o| o.code.as_str()).collect(),
            None => entries.keys().map(String::as_str).collect(),
        };
        return codes
            .into_iter()
            .filter_map(|code| {
                let entry = entries.get(code)?;
                let now = given
                    .and_then(|g| g.get(code))
                    .and_then(|v| level_points(entry, v))
                    .unwrap_or_default();
                let max = level_max(entry);
                let label = decl.and_then(|d| d.option_label(code))?;
                (now < max).then(|| Improvement {
                    item: format!("{}.{code}", item.id()),
                    label: label.zh.clone(),
                    label_en: label.en.clone(),
                    points: now,
                    max_points: max,
                })
            })
            .collect();
    }
    match item_max(item, view.card) {
        Some(max) if points < max => vec![Improvement {
            item: item.id().to_string(),
            label: item.label().zh.clone(),
            label_en: item.label().en.clone(),
            points,
            max_points: max,
        }],
        _ => vec![],
    }
}
