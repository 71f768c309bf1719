//! `scorecard check`: every problem of a definition, each in one sentence that says where.

use super::definition::{
    Condition, CreditHouseholdRule, FactDecl, FactType, GradeBand, Item, Label, LevelEntry,
    Scorecard,
};
use super::facts::value_fits;
use super::items::item_max;
use super::points::Tenths;
use std::collections::BTreeSet;

/// Checks a definition file's text: parse errors, then every consistency problem.
pub fn check_definition(text: &str) -> Vec<String> {
    match Scorecard::parse(text) {
        Ok(card) => check(&card),
        Err(e) => vec![format!("the file is not a valid scorecard definition: {e}")],
    }
}

/// Every consistency problem of a parsed definition (empty when it is sound).
pub fn check(card: &Scorecard) -> Vec<String> {
    let mut c = Checker {
        card,
        problems: Vec::new(),
    };
    c.header();
    c.facts();
    c.eligibility();
    c.vetoes();
    c.items();
    c.grades();
    c.limits();
    c.rate();
    c.maximum();
    c.unused_facts();
    c.problems
}

struct Checker<'a> {
    card: &'a Scorecard,
    problems: Vec<String>,
}

impl<'a> Checker<'a> {
    fn say(&mut self, problem: String) {
        self.problems.push(problem);
    }

    fn label(&mut self, label: &Label, place: &str) {
        if label.zh.trim().is_empty() || label.en.trim().is_empty() {
            self.say(format!(
                "{place} needs a label in both Chinese (zh) and English (en)"
            ));
        }
    }

    /// The declaration of a fact a rule uses, reporting it when undeclared.
    fn fact(&mut self, id: &str, place: &str) -> Option<&'a FactDecl> {
        let decl = self.card.fact(id);
        if decl.is_none() {
            self.say(format!(
                "{place} uses fact '{id}', which is not declared under [[facts]]"
            ));
        }
        decl
    }

    /// The fact, reporting it when undeclared or not of one of the expected types.
    fn typed_fact(&mut self, id: &str, place: &str, expected: &[FactType]) -> Option<&'a FactDecl> {
        let decl = self.fact(id, place)?;
        if !expected.contains(&decl.fact_type) {
            let names: Vec<_> = expected.iter().map(|t| t.name()).collect();
            self.say(format!(
                "{place} reads fact '{id}' of type {}, but needs type {}",
                decl.fact_type.name(),
                names.join(" or ")
            ));
        }
        Some(decl)
    }

    fn header(&mut self) {
        if self.card.id.trim().is_empty() {
            self.say("the scorecard needs an id".into());
        }
        if self.card.version.trim().is_empty() {
            self.say("the scorecard needs a version, so every scoring run can name it".into());
        }
        self.label(&self.card.name, "the scorecard's name");
    }

    fn facts(&mut self) {
        duplicates(
            self.card.facts.iter().map(|f| f.id.as_str()),
            |id| format!("fact '{id}' is declared twice"),
            &mut self.problems,
        );
        for f in &self.card.facts {
            let place = format!("fact '{}'", f.id);
            self.label(&f.label, &place);
            let coded = matches!(
                f.fact_type,
                FactType::Option | FactType::OptionList | FactType::Levels
            );
            if coded && f.options.is_empty() {
                self.say(format!(
                    "{place} has type {} but no options",
                    f.fact_type.name()
                ));
            }
            if !coded && !f.options.is_empty() {
                self.say(format!(
                    "{place} has options, which only option, option_list and levels facts use"
                ));
            }
            duplicates(
                f.options.iter().map(|o| o.code.as_str()),
                |code| format!("option '{code}' of {place} is declared twice"),
                &mut self.problems,
            );
            for o in &f.options {
                self.label(&o.label, &format!("option '{}' of {place}", o.code));
            }
            if (f.min.is_some() || f.max.is_some()) && !f.fact_type.is_numeric() {
                self.say(format!(
                    "{place} has min/max, which only number and integer facts use"
                ));
            }
            if let (Some(min), Some(max)) = (f.min, f.max)
                && min > max
            {
                self.say(format!("{place} has min {min} above max {max}"));
            }
            if let Some(default) = &f.default {
                if f.required {
                    self.say(format!(
                        "{place} is required, so its default is never used: set required = false or remove the default"
                    ));
                }
                if !value_fits(f, default) {
                    self.say(format!(
                        "{place} has default {default}, which is not a valid {} value for it",
                        f.fact_type.name()
                    ));
                }
            }
        }
    }

    fn eligibility(&mut self) {
        for cond in &self.card.eligibility {
            let place = format!("eligibility condition on '{}'", cond.fact);
            self.label(&cond.reason, &format!("the reason of the {place}"));
            if let Some(decl) = self.fact(&cond.fact, &place) {
                self.condition(cond, decl, &place);
            }
        }
    }

    fn condition(&mut self, cond: &Condition, decl: &FactDecl, place: &str) {
        let ranged = cond.min.is_some() || cond.max.is_some();
        match (&cond.equals, ranged) {
            (None, false) => self.say(format!("{place} needs equals, or min and/or max")),
            (Some(_), true) => self.say(format!("{place} gives both equals and min/max: keep one")),
            (Some(value), false) if !value_fits(decl, value) => self.say(format!(
                "{place} compares with {value}, which fact '{}' of type {} can never equal",
                decl.id,
                decl.fact_type.name()
            )),
            (None, true) if !decl.fact_type.is_numeric() => self.say(format!(
                "{place} has min/max but fact '{}' is of type {}",
                decl.id,
                decl.fact_type.name()
            )),
            _ => {}
        }
        if let (Some(min), Some(max)) = (cond.min, cond.max)
            && min > max
        {
            self.say(format!(
                "{place} has min {min} above max {max}: nobody is eligible"
            ));
        }
    }

    fn vetoes(&mut self) {
        for v in &self.card.vetoes {
            self.typed_fact(&v.fact, "a veto rule", &[FactType::OptionList]);
        }
    }

    fn items(&mut self) {
        duplicates(
            self.card.items.iter().map(Item::id),
            |id| format!("item '{id}' is declared twice"),
            &mut self.problems,
        );
        for item in &self.card.items {
            let place = format!("item '{}'", item.id());
            self.label(item.label(), &place);
            self.item(item, &place);
        }
    }

    fn item(&mut self, item: &Item, place: &str) {
        use FactType as T;
        let numeric = [T::Number, T::Integer];
        match item {
            Item::Constant { .. } => {}
            Item::Options { fact, points, .. } => {
                if let Some(decl) = self.typed_fact(fact, place, &[T::Option]) {
                    self.code_table(decl, points.keys(), place, true);
                }
            }
            Item::CodeList { fact, points, .. } => {
                if let Some(decl) = self.typed_fact(fact, place, &[T::OptionList]) {
                    self.code_table(decl, points.keys(), place, true);
                }
            }
            Item::Levels { fact, entries, .. } => {
                if let Some(decl) = self.typed_fact(fact, place, &[T::Levels]) {
                    self.code_table(decl, entries.keys(), place, true);
                }
                for (code, entry) in entries {
                    match entry {
                        LevelEntry::Levels(levels) if levels.is_empty() => self.say(format!(
                            "{place} entry '{code}' lists no levels: give points by level, a flag or a number range"
                        )),
                        LevelEntry::Number { min, max } if min > max => self.say(format!(
                            "{place} entry '{code}' has min {min} above max {max}"
                        )),
                        _ => {}
                    }
                }
            }
            Item::Ranges { fact, ranges, .. } => {
                let decl = self.typed_fact(fact, place, &numeric);
                let integer = decl.is_some_and(|d| d.fact_type == T::Integer);
                self.ranges(ranges, integer, place);
            }
            Item::Thresholds {
                fact,
                per,
                at_least,
                ..
            } => {
                self.typed_fact(fact, place, &numeric);
                if let Some(per) = per
                    && let Some(decl) = self.typed_fact(per, place, &numeric)
                    && decl.min.is_none_or(|m| *m <= rust_decimal::Decimal::ZERO)
                {
                    self.say(format!(
                        "{place} divides by fact '{per}', which needs min above 0 so it is never zero"
                    ));
                }
                if at_least.is_empty() {
                    self.say(format!("{place} lists no at_least thresholds"));
                }
                if at_least.windows(2).any(|p| p[1].min >= p[0].min) {
                    self.say(format!(
                        "{place} must list its at_least thresholds from largest to smallest, without repeats"
                    ));
                }
            }
            Item::Ratio {
                numerator,
                denominator,
                below,
                ..
            } => {
                self.typed_fact(numerator, place, &numeric);
                self.typed_fact(denominator, place, &numeric);
                if below.windows(2).any(|p| p[1].max <= p[0].max) {
                    self.say(format!(
                        "{place} must list its below bands from smallest to largest, without repeats"
                    ));
                }
            }
            Item::Flag { fact, .. } => {
                self.typed_fact(fact, place, &[T::Boolean]);
            }
            Item::Count {
                fact,
                points_each,
                cap,
                ..
            } => {
                self.typed_fact(fact, place, &[T::Integer]);
                if points_each.0 == 0 || (points_each.0 > 0) != (cap.0 > 0) {
                    self.say(format!(
                        "{place} needs points_each and cap of the same sign, not zero (cap {cap} for {points_each} each)"
                    ));
                }
            }
            Item::Number { fact, factor, .. } => {
                self.typed_fact(fact, place, &numeric);
                if *factor == 0 {
                    self.say(format!("{place} has factor 0 and can never give points"));
                } else if item_max(item, self.card).is_none() {
                    let bound = if *factor > 0 { "max" } else { "min" };
                    self.say(format!(
                        "{place} takes fact '{fact}' as points, which needs a declared {bound} to bound them"
                    ));
                }
            }
        }
    }

    /// A table keyed by option codes: every key an option, and (when `complete`) every
    /// option a key, so no code silently gives nothing.
    fn code_table<'k>(
        &mut self,
        decl: &FactDecl,
        keys: impl Iterator<Item = &'k String> + Clone,
        place: &str,
        complete: bool,
    ) {
        for code in keys.clone().filter(|c| !decl.has_option(c)) {
            self.say(format!(
                "{place} names '{code}', which is not an option of fact '{}'",
                decl.id
            ));
        }
        if complete {
            let keys: BTreeSet<&String> = keys.collect();
            for o in decl.options.iter().filter(|o| !keys.contains(&o.code)) {
                self.say(format!(
                    "{place} has no entry for option '{}' of fact '{}'",
                    o.code, decl.id
                ));
            }
        }
    }

    fn ranges(&mut self, ranges: &[super::definition::Range], integer: bool, place: &str) {
        if ranges.is_empty() {
            self.say(format!("{place} lists no ranges"));
        }
        let mut sorted: Vec<_> = ranges.iter().collect();
        sorted.sort_by_key(|r| r.min);
        for r in &sorted {
            if r.min > r.max {
                self.say(format!(
                    "{place} has a range {}–{} with min above max",
                    r.min, r.max
                ));
            }
        }
        for pair in sorted.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if b.min <= a.max {
                self.say(format!(
                    "{place} has overlapping ranges {}–{} and {}–{}",
                    a.min, a.max, b.min, b.max
                ));
            } else if !integer || *b.min - *a.max > rust_decimal::Decimal::ONE {
                // Whole numbers between 24 and 25 do not exist; other numbers do.
                self.say(format!(
                    "{place} has a gap between ranges {}–{} and {}–{}: values in between get no points",
                    a.min, a.max, b.min, b.max
                ));
            }
        }
    }

    fn grades(&mut self) {
        let card = self.card;
        if card.credit_household == CreditHouseholdRule::Graded && card.grades.is_empty() {
            self.say(
                "credit_household is \"graded\" but no [[grades]] band is declared, so nobody can be a credit household".into(),
            );
        }
        for band in &card.grades {
            let place = format!("grade '{}'", band.grade);
            if band.below.is_some_and(|b| b <= band.min) {
                self.say(format!("{place} has an empty band: below must exceed min"));
            }
            if let Some(max) = card.max_points
                && band.min > max
            {
                self.say(format!(
                    "{place} starts at {} points, above max_points {max}: it can never be reached",
                    band.min
                ));
            }
            if let Some(when) = &band.when {
                if let Some(decl) = self.typed_fact(&when.fact, &place, &[FactType::Option]) {
                    for code in [&when.equals, &when.not_equals].into_iter().flatten() {
                        if !decl.has_option(code) {
                            self.say(format!(
                                "{place} tests for '{code}', which is not an option of fact '{}'",
                                decl.id
                            ));
                        }
                    }
                }
                if when.equals.is_none() && when.not_equals.is_none() {
                    self.say(format!("{place} has a when without equals or not_equals"));
                }
            }
        }
        let unconditional: Vec<&GradeBand> =
            card.grades.iter().filter(|b| b.when.is_none()).collect();
        self.band_sequence(&unconditional);
        for band in card.grades.iter().filter(|b| b.when.is_some()) {
            for other in &unconditional {
                if overlaps(band, other) {
                    self.say(format!(
                        "conditional grade '{}' overlaps grade '{}': which applies would depend on their order",
                        band.grade, other.grade
                    ));
                }
            }
        }
    }

    /// Unconditional grade bands must neither overlap nor leave gaps between them.
    fn band_sequence(&mut self, bands: &[&GradeBand]) {
        let mut bands = bands.to_vec();
        bands.sort_by_key(|b| b.min);
        for pair in bands.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            match a.below {
                None => self.say(format!(
                    "grade '{}' has no upper bound but grade '{}' starts above it: the bands overlap",
                    a.grade, b.grade
                )),
                Some(below) if below > b.min => {
                    self.say(format!("grades '{}' and '{}' overlap", a.grade, b.grade))
                }
                Some(below) if below < b.min => self.say(format!(
                    "there is a gap between grades '{}' and '{}' ({below} to {}): points in it get no grade",
                    a.grade, b.grade, b.min
                )),
                Some(_) => {}
            }
        }
    }

    fn limits(&mut self) {
        let card = self.card;
        let limit = &card.limit;
        match (&limit.by_grade, limit.per_point_yuan) {
            (None, None) => self.say("[limit] needs by_grade or per_point_yuan".into()),
            (Some(_), Some(_)) => {
                self.say("[limit] gives both by_grade and per_point_yuan: keep one".into())
            }
            (None, Some(yuan)) if yuan <= 0 => self.say(format!(
                "[limit] per_point_yuan must be above 0, not {yuan}"
            )),
            _ => {}
        }
        if let Some(cap) = limit.cap_yuan
            && cap <= 0
        {
            self.say(format!("[limit] cap_yuan must be above 0, not {cap}"));
        }
        if let Some(table) = &limit.by_grade {
            self.grade_table(table.keys(), "[limit] by_grade");
        }
        if let Some(rule) = &card.initial_limit
            && let Some(decl) = self.typed_fact(&rule.fact, "[initial_limit]", &[FactType::Option])
        {
            self.code_table(decl, rule.caps.keys(), "[initial_limit] caps", true);
        }
    }

    fn grade_table<'k>(&mut self, keys: impl Iterator<Item = &'k String> + Clone, place: &str) {
        let grades: BTreeSet<&str> = self.card.grades.iter().map(|g| g.grade.as_str()).collect();
        for key in keys.clone().filter(|k| !grades.contains(k.as_str())) {
            self.say(format!(
                "{place} names grade '{key}', which no [[grades]] band gives"
            ));
        }
        let keys: BTreeSet<&str> = keys.map(String::as_str).collect();
        for grade in grades.iter().filter(|g| !keys.contains(*g)) {
            self.say(format!("{place} has no value for grade '{grade}'"));
        }
    }

    fn rate(&mut self) {
        let Some(rule) = &self.card.rate else { return };
        match (&rule.by_grade, &rule.stepped) {
            (None, None) => self.say("[rate] needs by_grade or stepped".into()),
            (Some(_), Some(_)) => {
                self.say("[rate] gives both by_grade and stepped: keep one".into())
            }
            (Some(table), None) => self.grade_table(table.keys(), "[rate] by_grade"),
            (None, Some(s)) => {
                if s.every_points <= Tenths::ZERO {
                    self.say(format!(
                        "[rate] stepped every_points must be above 0, not {}",
                        s.every_points
                    ));
                }
                if s.step_down.is_sign_negative() {
                    self.say("[rate] stepped step_down must not be negative".into());
                }
            }
        }
        if rule.floor_at_lpr && rule.default_lpr.is_none() {
            self.say(
                "[rate] floor_at_lpr needs a default_lpr for runs where the bank gives no LPR"
                    .into(),
            );
        }
    }

    fn maximum(&mut self) {
        let Some(max) = self.card.max_points else {
            return;
        };
        let mut reachable = Tenths::ZERO;
        for item in &self.card.items {
            match item_max(item, self.card) {
                Some(points) => reachable = reachable + points,
                None => return,
            }
        }
        if reachable < max {
            self.say(format!(
                "max_points is {max} but the items can give at most {reachable}: the maximum cannot be reached"
            ));
        }
    }

    fn unused_facts(&mut self) {
        let card = self.card;
        let used: BTreeSet<&str> = card
            .items
            .iter()
            .flat_map(Item::facts)
            .chain(card.eligibility.iter().map(|c| c.fact.as_str()))
            .chain(card.vetoes.iter().map(|v| v.fact.as_str()))
            .chain(
                card.grades
                    .iter()
                    .filter_map(|g| g.when.as_ref().map(|w| w.fact.as_str())),
            )
            .chain(card.initial_limit.iter().map(|r| r.fact.as_str()))
            .collect();
        for f in card.facts.iter().filter(|f| !used.contains(f.id.as_str())) {
            self.say(format!(
                "fact '{}' is declared but no rule reads it: the form would ask for it for nothing",
                f.id
            ));
        }
    }
}

fn overlaps(a: &GradeBand, b: &GradeBand) -> bool {
    let below = |band: &GradeBand| band.below.unwrap_or(Tenths(i64::MAX));
    a.min < below(b) && b.min < below(a)
}

fn duplicates<'a>(
    ids: impl Iterator<Item = &'a str>,
    sentence: impl Fn(&str) -> String,
    problems: &mut Vec<String>,
) {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            problems.push(sentence(id));
        }
    }
}
