//! Scoring one household's facts with a scorecard definition.

use super::definition::{Condition, CreditHouseholdRule, GradeBand, RateRule, Scorecard};
use super::exact::{Decimal, decimal_from_f64, decimal_from_json, decimal_to_f64};
use super::facts::{FactView, Facts, fact_problems};
use super::items::{ItemProblem, improvements, item_points};
use super::points::Tenths;
use super::result::{Contribution, ScoreError, ScoreErrorCode, ScoreResult};

/// Options of a scoring run that the bank sets, not the scorecard.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ScoringOptions {
    /// The current loan prime rate in percent; the scorecard's default when absent.
    pub lpr_percent: Option<f64>,
}

/// The reason given when the points reach no credit-household band.
pub const BELOW_THRESHOLD_REASON: &str =
    "得分未达到信用户标准 / Points below the credit household threshold";

impl Scorecard {
    /// Scores one household. Missing or wrong facts give an error result naming them.
    pub fn score(&self, household: &str, facts: &Facts, options: ScoringOptions) -> ScoreResult {
        let card = (self.id.as_str(), self.version.as_str());
        let fail = |code, facts: Vec<String>| {
            ScoreResult::failed(household, card, ScoreError { code, facts })
        };
        let view = FactView::new(self, facts);
        let problems = fact_problems(view);
        if !problems.invalid.is_empty() {
            return fail(ScoreErrorCode::InvalidFact, problems.invalid);
        }
        // An applicant who fails a basic condition needs no further facts.
        match self.failed_conditions(view) {
            Err(missing) => return fail(ScoreErrorCode::MissingFact, missing),
            Ok(reasons) if !reasons.is_empty() => {
                return ScoreResult {
                    reasons,
                    initial_limit_yuan: self.initial_limit.as_ref().map(|_| 0),
                    ..ScoreResult::blank(household, card)
                };
            }
            Ok(_) => {}
        }
        if !problems.missing.is_empty() {
            return fail(ScoreErrorCode::MissingFact, problems.missing);
        }

        let mut contributions = Vec::with_capacity(self.items.len());
        let mut raise = Vec::new();
        let (mut missing, mut invalid) = (Vec::new(), Vec::new());
        for item in &self.items {
            match item_points(item, view) {
                Ok(points) => {
                    raise.extend(improvements(item, points, view));
                    contributions.push(Contribution {
                        item: item.id().to_string(),
                        label: item.label().zh.clone(),
                        label_en: item.label().en.clone(),
                        points,
                    });
                }
                Err(ItemProblem::Missing(fact)) => missing.push(fact),
                Err(ItemProblem::Invalid(fact)) => invalid.push(fact),
            }
        }
        if !invalid.is_empty() {
            return fail(ScoreErrorCode::InvalidFact, sorted_unique(invalid));
        }
        if !missing.is_empty() {
            return fail(ScoreErrorCode::MissingFact, sorted_unique(missing));
        }

        let points = self.clamp(contributions.iter().map(|c| c.points).sum());
        let veto_reasons = self.veto_reasons(view);
        let vetoed = !veto_reasons.is_empty();
        let grade = if vetoed {
            None
        } else {
            self.grade(points, view)
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
            let cap = view.code(&rule.fact).and_then(|t| rule.caps.get(t));
            cap.map_or(limit_yuan, |cap| limit_yuan.min(*cap))
        });
        let lpr = options.lpr_percent.and_then(decimal_from_f64);
        let rate_percent = match (&self.rate, credit_household) {
            (Some(rule), true) => rate(rule, points, grade.as_deref(), lpr).map(decimal_to_f64),
            _ => None,
        };
        let mut reasons = veto_reasons;
        if !vetoed && !credit_household {
            reasons.push(BELOW_THRESHOLD_REASON.into());
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
            improvements: raise,
            error: None,
        }
    }

    /// For a form in progress: the facts still needed (absent or wrong), in form order.
    pub fn needed_facts(&self, facts: &Facts) -> Vec<String> {
        let problems = fact_problems(FactView::new(self, facts));
        self.facts
            .iter()
            .filter(|d| problems.missing.contains(&d.id) || problems.invalid.contains(&d.id))
            .map(|d| d.id.clone())
            .collect()
    }

    /// The reasons of the failed eligibility conditions, or the eligibility facts still absent.
    pub(crate) fn failed_conditions(&self, view: FactView) -> Result<Vec<String>, Vec<String>> {
        let absent: Vec<String> = self
            .eligibility
            .iter()
            .filter(|c| view.get(&c.fact).is_none())
            .map(|c| c.fact.clone())
            .collect();
        if !absent.is_empty() {
            return Err(sorted_unique(absent));
        }
        Ok(self
            .eligibility
            .iter()
            .filter(|c| !condition_holds(c, view))
            .map(|c| format!("{} / {}", c.reason.zh, c.reason.en))
            .collect())
    }

    /// Points never below zero nor above the declared maximum.
    pub(crate) fn clamp(&self, sum: Tenths) -> Tenths {
        let floored = sum.max(Tenths::ZERO);
        self.max_points.map_or(floored, |max| floored.min(max))
    }

    pub(crate) fn veto_reasons(&self, view: FactView) -> Vec<String> {
        self.vetoes
            .iter()
            .flat_map(|rule| {
                let decl = self.fact(&rule.fact);
                view.codes(&rule.fact).into_iter().map(move |code| {
                    match decl.and_then(|d| d.option_label(code)) {
                        Some(l) => format!("一票否决：{} / Veto: {}", l.zh, l.en),
                        None => format!("一票否决：{code} / Veto: {code}"),
                    }
                })
            })
            .collect()
    }

    fn grade(&self, points: Tenths, view: FactView) -> Option<String> {
        self.grades
            .iter()
            .find(|band| band_matches(band, points, view))
            .map(|b| b.grade.clone())
    }

    fn limit(&self, points: Tenths, grade: Option<&str>) -> i64 {
        let rule = &self.limit;
        let by_grade = rule
            .by_grade
            .as_ref()
            .map(|table| grade.and_then(|g| table.get(g)).copied().unwrap_or(0));
        // Tenths of a point count pro rata: 72.5 points at 1,000 yuan a point is 72,500.
        let by_points = rule
            .per_point_yuan
            .map(|yuan| yuan.saturating_mul(points.0) / 10);
        let limit = by_grade.or(by_points).unwrap_or(0).max(0);
        rule.cap_yuan.map_or(limit, |cap| limit.min(cap))
    }
}

fn sorted_unique(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids.dedup();
    ids
}

fn condition_holds(condition: &Condition, view: FactView) -> bool {
    let value = view.get(&condition.fact);
    if let Some(expected) = &condition.equals {
        return value == Some(expected);
    }
    let Some(x) = value.and_then(decimal_from_json) else {
        return false;
    };
    condition.min.is_none_or(|m| x >= *m) && condition.max.is_none_or(|m| x <= *m)
}

fn band_matches(band: &GradeBand, points: Tenths, view: FactView) -> bool {
    let in_band = points >= band.min && band.below.is_none_or(|b| points < b);
    in_band
        && band.when.as_ref().is_none_or(|when| {
            let code = view.code(&when.fact);
            when.equals.as_deref().is_none_or(|e| code == Some(e))
                && when.not_equals.as_deref().is_none_or(|n| code != Some(n))
        })
}

/// Percent per year, exactly: by grade, or stepped down from a start by points; never below
/// the LPR when the rule says so (the run's LPR, else the scorecard's default).
pub fn rate(
    rule: &RateRule,
    points: Tenths,
    grade: Option<&str>,
    lpr: Option<Decimal>,
) -> Option<Decimal> {
    let base = if let Some(table) = &rule.by_grade {
        **grade.and_then(|g| table.get(g))?
    } else {
        let s = rule.stepped.as_ref()?;
        if s.every_points.0 <= 0 {
            return None;
        }
        // Below the starting points the rate stays at `start` (the seed's ceiling).
        let steps = (points.0 - s.from_points.0)
            .div_euclid(s.every_points.0)
            .max(0);
        *s.start - *s.step_down * Decimal::from(steps)
    };
    let floor = if rule.floor_at_lpr {
        lpr.or(rule.default_lpr.map(|d| *d))
    } else {
        None
    };
    Some(floor.map_or(base, |lpr| base.max(lpr)).normalize())
}
