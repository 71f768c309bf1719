//! `scorecard check`: every problem of a definition, each in one sentence.

use super::definition::{FactType, Item, LevelEntry, Scorecard};
use super::points::Tenths;
use std::collections::BTreeSet;

/// Checks a definition file's text: parse errors, then every consistency problem.
pub fn check_definition(text: &str) -> Vec<String> {
    match Scorecard::from_toml(text) {
        Ok(card) => check(&card),
        Err(e) => vec![format!("the file is not a valid scorecard definition: {e}")],
    }
}

/// Every consistency problem of a parsed definition (empty when it is sound).
pub fn check(card: &Scorecard) -> Vec<String> {
    let mut problems = Vec::new();
    let declared: BTreeSet<&str> = card.facts.iter().map(|f| f.id.as_str()).collect();
    let need = |fact: &str, place: String, problems: &mut Vec<String>| {
        if !declared.contains(fact) {
            problems.push(format!(
                "{place} uses fact '{fact}', which is not declared under [[facts]]"
            ));
        }
    };
    duplicates(
        card.facts.iter().map(|f| f.id.as_str()),
        "fact",
        &mut problems,
    );
    duplicates(card.items.iter().map(Item::id), "item", &mut problems);
    for c in &card.eligibility {
        need(
            &c.fact,
            format!("eligibility condition on '{}'", c.fact),
            &mut problems,
        );
    }
    for v in &card.vetoes {
        need(&v.fact, "a veto rule".into(), &mut problems);
        if card
            .fact(&v.fact)
            .is_some_and(|f| f.fact_type != FactType::OptionList)
        {
            problems.push(format!("veto fact '{}' must have type option_list", v.fact));
        }
    }
    for item in &card.items {
        for fact in item.facts() {
            need(fact, format!("item '{}'", item.id()), &mut problems);
        }
        check_item(card, item, &mut problems);
    }
    for band in &card.grades {
        if let Some(when) = &band.when {
            need(&when.fact, format!("grade '{}'", band.grade), &mut problems);
        }
        if band.below.is_some_and(|b| b <= band.min) {
            problems.push(format!(
                "grade '{}' has an empty band: below must exceed min",
                band.grade
            ));
        }
    }
    check_grade_bands(card, &mut problems);
    check_limits(card, &mut problems);
    if let Some(rule) = &card.initial_limit {
        need(&rule.fact, "initial_limit".into(), &mut problems);
    }
    if let Some(max) = card.max_points {
        let reachable: Tenths = card
            .items
            .iter()
            .map(|i| {
                i.max_points(
                    i.facts()
                        .first()
                        .and_then(|f| card.fact(f))
                        .and_then(|f| f.max),
                )
            })
            .sum();
        if reachable < max {
            problems.push(format!(
                "max_points is {max} but the items can give at most {reachable}: the maximum cannot be reached"
            ));
        }
    }
    problems
}

fn duplicates<'a>(ids: impl Iterator<Item = &'a str>, what: &str, problems: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            problems.push(format!("{what} id '{id}' is declared twice"));
        }
    }
}

fn check_item(card: &Scorecard, item: &Item, problems: &mut Vec<String>) {
    let id = item.id();
    let options_of = |fact: &str| -> BTreeSet<String> {
        card.fact(fact)
            .map(|f| f.options.iter().map(|o| o.code.clone()).collect())
            .unwrap_or_default()
    };
    match item {
        Item::Options { fact, points, .. } | Item::CodeList { fact, points, .. } => {
            let options = options_of(fact);
            for code in points.keys().filter(|c| !options.contains(*c)) {
                problems.push(format!(
                    "item '{id}' gives points for '{code}', which is not an option of '{fact}'"
                ));
            }
            if matches!(item, Item::Options { .. }) {
                for code in options.iter().filter(|c| !points.contains_key(*c)) {
                    problems.push(format!(
                        "item '{id}' has no points for option '{code}' of '{fact}'"
                    ));
                }
            }
        }
        Item::Levels { fact, entries, .. } => {
            let options = options_of(fact);
            for code in entries.keys().filter(|c| !options.contains(*c)) {
                problems.push(format!(
                    "item '{id}' has an entry '{code}', which is not an option of '{fact}'"
                ));
            }
            for (code, entry) in entries {
                if let LevelEntry::Number { min, max } = entry
                    && min > max
                {
                    problems.push(format!("item '{id}' entry '{code}' has min above max"));
                }
            }
        }
        Item::Ranges { ranges, .. } => {
            let mut sorted: Vec<_> = ranges.iter().collect();
            sorted.sort_by(|a, b| a.min.total_cmp(&b.min));
            for r in &sorted {
                if r.min > r.max {
                    problems.push(format!(
                        "item '{id}' has a range {}–{} with min above max",
                        r.min, r.max
                    ));
                }
            }
            for pair in sorted.windows(2) {
                if pair[1].min <= pair[0].max {
                    problems.push(format!(
                        "item '{id}' has overlapping ranges {}–{} and {}–{}",
                        pair[0].min, pair[0].max, pair[1].min, pair[1].max
                    ));
                }
            }
        }
        Item::Thresholds { at_least, .. } => {
            if at_least.windows(2).any(|p| p[1].min >= p[0].min) {
                problems.push(format!(
                    "item '{id}' must list its at_least thresholds from largest to smallest"
                ));
            }
        }
        Item::Ratio { below, .. } => {
            if below.windows(2).any(|p| p[1].max <= p[0].max) {
                problems.push(format!(
                    "item '{id}' must list its below bands from smallest to largest"
                ));
            }
        }
        Item::Constant { .. } | Item::Flag { .. } | Item::Count { .. } | Item::Number { .. } => {}
    }
}

/// Unconditional grade bands must neither overlap nor leave gaps between them.
fn check_grade_bands(card: &Scorecard, problems: &mut Vec<String>) {
    let mut bands: Vec<_> = card.grades.iter().filter(|b| b.when.is_none()).collect();
    bands.sort_by_key(|b| b.min);
    for pair in bands.windows(2) {
        match pair[0].below {
            None => problems.push(format!(
                "grade '{}' has no upper bound but grade '{}' starts above it: the bands overlap",
                pair[0].grade, pair[1].grade
            )),
            Some(below) if below > pair[1].min => problems.push(format!(
                "grades '{}' and '{}' overlap",
                pair[0].grade, pair[1].grade
            )),
            Some(below) if below < pair[1].min => problems.push(format!(
                "there is a gap between grades '{}' and '{}' ({below} to {})",
                pair[0].grade, pair[1].grade, pair[1].min
            )),
            Some(_) => {}
        }
    }
}

fn check_limits(card: &Scorecard, problems: &mut Vec<String>) {
    let grades: BTreeSet<&str> = card.grades.iter().map(|g| g.grade.as_str()).collect();
    let limit = &card.limit;
    if limit.by_grade.is_none() && limit.per_point_yuan.is_none() {
        problems.push("[limit] needs by_grade or per_point_yuan".into());
    }
    let tables = [
        (
            "[limit] by_grade",
            limit
                .by_grade
                .as_ref()
                .map(|t| t.keys().cloned().collect::<Vec<_>>()),
        ),
        (
            "[rate] by_grade",
            card.rate
                .as_ref()
                .and_then(|r| r.by_grade.as_ref())
                .map(|t| t.keys().cloned().collect()),
        ),
    ];
    for (place, keys) in tables {
        let Some(keys) = keys else { continue };
        for key in keys.iter().filter(|k| !grades.contains(k.as_str())) {
            problems.push(format!(
                "{place} names grade '{key}', which no [[grades]] band gives"
            ));
        }
        for grade in grades.iter().filter(|g| !keys.iter().any(|k| k == *g)) {
            problems.push(format!("{place} has no value for grade '{grade}'"));
        }
    }
}
