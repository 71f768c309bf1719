//! Scoring one household's facts with a scorecard definition.

use super::definition::{
    Condition, CreditHouseholdRule, FactType, GradeBand, Item, LevelEntry, RateRule, Scorecard,
};
use super::facts::{self, FactProblems, Facts};
use super::points::{Tenths, ratio_at_least, ratio_below};
use super::result::{Contribution, Improvement, ScoreError, ScoreErrorCode, ScoreResult};
use serde_json::Value;

/// Options of a scoring run that the bank sets, not the scorecard.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ScoringOptions {
    /// The current loan prime rate in percent; the scorecard's default when absent.
    pub lpr_percent: Option<f64>,
}

/// Why an item could not be computed: a fact is absent or unusable.
enum ItemProblem {
    Missing(String),
    Invalid(String),
}

impl Scorecard {
    /// Scores one household. Missing or wrong facts give an error result naming them.
    pub fn score(&self, household: &str, facts: &Facts, options: ScoringOptions) -> ScoreResult {
        let card = (self.id.as_str(), self.version.as_str());
        let fail = |code, facts: Vec<String>| {
            ScoreResult::failed(household, card, ScoreError { code, facts })
        };
        let problems = self.fact_problems(facts);
        if !problems.invalid.is_empty() {
            return fail(
                ScoreErrorCode::InvalidFact,
                problems.invalid.into_iter().collect(),
            );
        }
        let eligibility_missing: Vec<String> = self
            .eligibility
            .iter()
            .filter(|c| !facts::present(facts, &c.fact))
            .map(|c| c.fact.clone())
            .collect();
        if !eligibility_missing.is_empty() {
            return fail(ScoreErrorCode::MissingFact, dedup(eligibility_missing));
        }
        let failed_conditions: Vec<String> = self
            .eligibility
            .iter()
            .filter(|c| !condition_holds(c, facts))
            .map(|c| format!("{} / {}", c.reason.zh, c.reason.en))
            .collect();
        if !failed_conditions.is_empty() {
            return ScoreResult {
                reasons: failed_conditions,
                ..ScoreResult::blank(household, card)
            };
        }
        if !problems.missing.is_empty() {
            return fail(
                ScoreErrorCode::MissingFact,
                problems.missing.into_iter().collect(),
            );
        }

        let mut contributions = Vec::new();
        let mut improvements = Vec::new();
        let mut invalid = Vec::new();
        let mut missing = Vec::new();
        for item in &self.items {
            match self.item_points(item, facts) {
                Ok(points) => {
                    let max = item.max_points(self.number_fact_max(item));
                    if points < max {
                        improvements.push(Improvement {
                            item: item.id().to_string(),
                            label: item.label().zh.clone(),
                            points,
                            max_points: max,
                        });
                    }
                    contributions.push(Contribution {
                        item: item.id().to_string(),
                        label: item.label().zh.clone(),
                        points,
                    });
                }
                Err(ItemProblem::Invalid(fact)) => invalid.push(fact),
                Err(ItemProblem::Missing(fact)) => missing.push(fact),
            }
        }
        if !missing.is_empty() {
            return fail(ScoreErrorCode::MissingFact, dedup(missing));
        }
        if !invalid.is_empty() {
            return fail(ScoreErrorCode::InvalidFact, dedup(invalid));
        }

        let sum: Tenths = contributions.iter().map(|c| c.points).sum();
        let points = self.clamp(sum);
        let veto_reasons = self.veto_reasons(facts);
        let vetoed = !veto_reasons.is_empty();
        let grade = if vetoed {
            None
        } else {
            self.grade(points, facts)
        };
        let limit_yuan = if vetoed {
            0
        } else {
            self.limit(points, grade.as_deref())
        };
        let credit_household = !vetoed
            && match self.credit_household {
                CreditHouseholdRule::Graded => grade.is_some(),
                CreditHouseholdRule::PositiveLimit => limit_yuan > 0,
            };
        let initial_limit_yuan = self.initial_limit.as_ref().map(|rule| {
            let cap = facts::code(facts, &rule.fact).and_then(|t| rule.caps.get(t));
            cap.map_or(limit_yuan, |cap| limit_yuan.min(*cap))
        });
        let rate_percent = match (&self.rate, credit_household) {
            (Some(rule), true) => rate(rule, points, grade.as_deref(), options),
            _ => None,
        };
        let mut reasons = veto_reasons;
        if !vetoed && !credit_household {
            reasons
                .push("得分未达到信用户标准 / Points below the credit household threshold".into());
        }
        ScoreResult {
            household: household.to_string(),
            scorecard: self.id.clone(),
            scorecard_version: self.version.clone(),
            eligible: true,
            vetoed,
            points,
            grade,
            credit_household,
            limit_yuan,
            initial_limit_yuan,
            rate_percent,
            reasons,
            contributions,
            improvements,
            error: None,
        }
    }

    /// For a form in progress: the facts still needed (absent or wrong), in declaration order.
    pub fn needed_facts(&self, facts: &Facts) -> Vec<String> {
        let problems = self.fact_problems(facts);
        self.facts
            .iter()
            .filter(|d| problems.missing.contains(&d.id) || problems.invalid.contains(&d.id))
            .map(|d| d.id.clone())
            .collect()
    }

    fn fact_problems(&self, facts: &Facts) -> FactProblems {
        FactProblems {
            missing: self
                .facts
                .iter()
                .filter(|d| d.required && !facts::present(facts, &d.id))
                .map(|d| d.id.clone())
                .collect(),
            invalid: facts::invalid_facts(self, facts),
        }
    }

    fn number_fact_max(&self, item: &Item) -> Option<f64> {
        item.facts()
            .first()
            .and_then(|id| self.fact(id))
            .and_then(|d| d.max)
    }

    fn clamp(&self, sum: Tenths) -> Tenths {
        let floored = sum.max(Tenths::ZERO);
        self.max_points.map_or(floored, |max| floored.min(max))
    }

    fn item_points(&self, item: &Item, facts: &Facts) -> Result<Tenths, ItemProblem> {
        let optional = |id: &str| self.fact(id).is_some_and(|d| !d.required);
        // An optional fact left empty earns nothing; it is never an error.
        if item
            .facts()
            .iter()
            .any(|f| optional(f) && !facts::present(facts, f))
        {
            return Ok(Tenths::ZERO);
        }
        let need_f64 = |id: &str| facts::number(facts, id).ok_or(ItemProblem::Missing(id.into()));
        Ok(match item {
            Item::Constant { points, .. } => *points,
            Item::Options { fact, points, .. } => {
                let code = facts::code(facts, fact).ok_or(ItemProblem::Missing(fact.clone()))?;
                *points.get(code).ok_or(ItemProblem::Invalid(fact.clone()))?
            }
            Item::Ranges { fact, ranges, .. } => {
                let x = need_f64(fact)?;
                ranges
                    .iter()
                    .find(|r| x >= r.min && x <= r.max)
                    .map_or(Tenths::ZERO, |r| r.points)
            }
            Item::Thresholds {
                fact,
                per,
                at_least,
                otherwise,
                ..
            } => {
                let value = facts::fixed(facts, fact).ok_or(ItemProblem::Missing(fact.clone()))?;
                let divisor = match per {
                    Some(per) => {
                        let d =
                            facts::fixed(facts, per).ok_or(ItemProblem::Missing(per.clone()))?;
                        if d.0 <= 0 {
                            return Err(ItemProblem::Invalid(per.clone()));
                        }
                        d
                    }
                    None => super::points::Fixed(super::points::Fixed::SCALE),
                };
                at_least
                    .iter()
                    .find(|a| ratio_at_least(value, divisor, a.min))
                    .map_or(*otherwise, |a| a.points)
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
                let n = facts::fixed(facts, numerator)
                    .ok_or(ItemProblem::Missing(numerator.clone()))?;
                let d = facts::fixed(facts, denominator)
                    .ok_or(ItemProblem::Missing(denominator.clone()))?;
                if n.is_zero() {
                    *when_numerator_zero
                } else if d.0 <= 0 {
                    *when_denominator_zero
                } else {
                    below
                        .iter()
                        .find(|b| ratio_below(n, d, b.max))
                        .map_or(*otherwise, |b| b.points)
                }
            }
            Item::Flag { fact, points, .. } => match facts::boolean(facts, fact) {
                Some(true) => *points,
                Some(false) => Tenths::ZERO,
                None if optional(fact) => Tenths::ZERO,
                None => return Err(ItemProblem::Missing(fact.clone())),
            },
            Item::Count {
                fact,
                points_each,
                cap,
                ..
            } => {
                let count = need_f64(fact)? as i64;
                let total = Tenths(points_each.0 * count);
                if cap.0 < 0 {
                    total.max(*cap)
                } else {
                    total.min(*cap)
                }
            }
            Item::Levels { fact, entries, .. } => {
                let Some(given) = facts.get(fact).and_then(Value::as_object) else {
                    return Ok(Tenths::ZERO);
                };
                let mut sum = Tenths::ZERO;
                for (code, value) in given {
                    let entry = entries
                        .get(code)
                        .ok_or(ItemProblem::Invalid(fact.clone()))?;
                    sum = sum
                        + level_points(entry, value).ok_or(ItemProblem::Invalid(fact.clone()))?;
                }
                sum
            }
            Item::CodeList { fact, points, .. } => facts::codes(facts, fact)
                .into_iter()
                .map(|c| {
                    points
                        .get(c)
                        .copied()
                        .ok_or(ItemProblem::Invalid(fact.clone()))
                })
                .sum::<Result<Tenths, _>>()?,
            Item::Number { fact, factor, .. } => {
                let x = facts::number(facts, fact).unwrap_or(0.0);
                Tenths::from_f64(x * *factor as f64)
            }
        })
    }

    fn veto_reasons(&self, facts: &Facts) -> Vec<String> {
        self.vetoes
            .iter()
            .flat_map(|rule| {
                let decl = self.fact(&rule.fact);
                facts::codes(facts, &rule.fact)
                    .into_iter()
                    .map(move |code| {
                        let label = decl.and_then(|d| d.option_label(code));
                        match label {
                            Some(l) => format!("一票否决：{} / Veto: {}", l.zh, l.en),
                            None => format!("一票否决：{code} / Veto: {code}"),
                        }
                    })
            })
            .collect()
    }

    fn grade(&self, points: Tenths, facts: &Facts) -> Option<String> {
        self.grades
            .iter()
            .find(|band| band_matches(band, points, facts))
            .map(|b| b.grade.clone())
    }

    fn limit(&self, points: Tenths, grade: Option<&str>) -> i64 {
        let rule = &self.limit;
        let by_grade = rule
            .by_grade
            .as_ref()
            .map(|table| grade.and_then(|g| table.get(g)).copied().unwrap_or(0));
        let by_points = rule.per_point_yuan.map(|yuan| yuan * points.0 / 10);
        let limit = by_grade.or(by_points).unwrap_or(0).max(0);
        rule.cap_yuan.map_or(limit, |cap| limit.min(cap))
    }
}

fn dedup(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids.dedup();
    ids
}

fn condition_holds(condition: &Condition, facts: &Facts) -> bool {
    let value = facts.get(&condition.fact);
    if let Some(expected) = &condition.equals {
        return value == Some(expected);
    }
    let Some(x) = value.and_then(Value::as_f64) else {
        return false;
    };
    condition.min.is_none_or(|m| x >= m) && condition.max.is_none_or(|m| x <= m)
}

fn level_points(entry: &LevelEntry, value: &Value) -> Option<Tenths> {
    match (entry, value) {
        (LevelEntry::Levels(levels), Value::String(level)) => levels.get(level).copied(),
        (LevelEntry::Flag(points), Value::Bool(true)) => Some(*points),
        (LevelEntry::Flag(_), Value::Bool(false)) => Some(Tenths::ZERO),
        (LevelEntry::Number { min, max }, Value::Number(n)) => {
            let points = Tenths::from_f64(n.as_f64()?);
            (points >= *min && points <= *max).then_some(points)
        }
        _ => None,
    }
}

fn band_matches(band: &GradeBand, points: Tenths, facts: &Facts) -> bool {
    let in_band = points >= band.min && band.below.is_none_or(|b| points < b);
    let condition_ok = band.when.as_ref().is_none_or(|when| {
        let code = facts::code(facts, &when.fact);
        when.equals.as_deref().is_none_or(|e| code == Some(e))
            && when.not_equals.as_deref().is_none_or(|n| code != Some(n))
    });
    in_band && condition_ok
}

/// Percent per year, in hundredths internally so the floor and the steps are exact.
fn rate(
    rule: &RateRule,
    points: Tenths,
    grade: Option<&str>,
    options: ScoringOptions,
) -> Option<f64> {
    let hundredths = |x: f64| (x * 100.0).round() as i64;
    let base = if let Some(table) = &rule.by_grade {
        hundredths(*grade.and_then(|g| table.get(g))?)
    } else {
        let s = rule.stepped.as_ref()?;
        let steps = (points.0 - s.from_points * 10)
            .div_euclid(s.every_points * 10)
            .max(0);
        hundredths(s.start) - hundredths(s.step_down) * steps
    };
    let floor = options
        .lpr_percent
        .or(rule.default_lpr)
        .filter(|_| rule.floor_at_lpr);
    let rate = floor.map_or(base, |lpr| base.max(hundredths(lpr)));
    Some(rate as f64 / 100.0)
}

/// The fact type's name as the app's form shows it.
pub fn fact_type_name(t: FactType) -> &'static str {
    match t {
        FactType::Number => "number",
        FactType::Integer => "integer",
        FactType::Boolean => "boolean",
        FactType::Option => "option",
        FactType::OptionList => "option_list",
        FactType::Levels => "levels",
    }
}
