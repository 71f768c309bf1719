//! Definition files: the presets are sound, survive a write and a read, and `check` reports
//! every kind of problem in a sentence.

use super::support::*;
use crate::scoring::check::{check, check_definition};
use crate::scoring::presets::{preset, preset_names, preset_text};
use crate::scoring::{Scorecard, ScoringOptions};
use serde_json::json;

#[test]
fn presets_are_sound_definitions() {
    for name in preset_names() {
        let card = preset(name).unwrap_or_else(|| panic!("preset {name} parses"));
        assert_eq!(check(&card), Vec::<String>::new(), "{name}");
        assert_eq!(card.id, name);
        assert!(!card.version.is_empty());
    }
}

#[test]
fn a_shown_definition_loads_back_and_scores_identically() {
    let samples = [
        ("luquan", vec![luquan_full(), luquan_80(), luquan_70()]),
        (
            "jinxiang",
            vec![
                jinxiang_base(),
                honours(json!({"moral_model": "national", "other_bonus": 12.5})),
                with(
                    &jinxiang_base(),
                    json!({"deductions": ["litter"], "vetoes": ["other_veto"]}),
                ),
            ],
        ),
    ];
    for (name, households) in samples {
        let original = preset(name).unwrap();
        let shown = preset_text(name).unwrap();
        let reloaded = Scorecard::parse(shown).unwrap();
        let rewritten = Scorecard::parse(&original.to_toml()).unwrap();
        let as_json = Scorecard::parse(&original.to_json()).unwrap();
        assert_eq!(original, reloaded);
        assert_eq!(original, rewritten, "{name} survives a TOML write and read");
        assert_eq!(original, as_json, "{name} survives a JSON write and read");
        for f in &households {
            let expected = original.score("h", f, ScoringOptions::default());
            assert_eq!(expected.error, None);
            for card in [&reloaded, &rewritten, &as_json] {
                assert_eq!(card.score("h", f, ScoringOptions::default()), expected);
            }
        }
    }
}

#[test]
fn check_reports_every_problem_of_a_definition() {
    let broken = preset_text("luquan")
        .unwrap()
        .replace(
            "{ min = 46, max = 55, points = 1.5 }",
            "{ min = 44, max = 55, points = 1.5 }",
        )
        .replace(
            "{ min = 56, max = 60, points = 1 }",
            "{ min = 58, max = 60, points = 1 }",
        )
        .replace("below = 90", "below = 88")
        .replace(
            "fact = \"in_credit_village\"",
            "fact = \"in_credit_villag\"",
        )
        .replace("AAA = 4.5, ", "")
        .replace("points = { good = 7,", "points = { good = 6,")
        .replace("widowed = 1 }", "widowed = 1, remarried = 2 }")
        .replace("fact = \"health\"\npoints", "fact = \"occupation\"\npoints")
        .replace(
            "fact = \"insured\"\npoints = 5",
            "fact = \"education\"\npoints = 5",
        );
    let problems = check_definition(&broken);
    let all = problems.join("\n");
    for expected in [
        "item 'age' has overlapping ranges 25–45 and 44–55",
        "item 'age' has a gap between ranges 44–55 and 58–60",
        "gap between grades 'AA' and 'AAA' (88 to 90)",
        "item 'credit_village' uses fact 'in_credit_villag', which is not declared",
        "[rate] by_grade has no value for grade 'AAA'",
        "cannot be reached",
        "item 'marital_status' names 'remarried', which is not an option",
        "item 'health' names 'good', which is not an option of fact 'occupation'",
        "item 'health' has no entry for option 'salaried' of fact 'occupation'",
        "item 'insured' reads fact 'education' of type option, but needs type boolean",
        "fact 'in_credit_village' is declared but no rule reads it",
        "fact 'health' is declared but no rule reads it",
    ] {
        assert!(all.contains(expected), "missing «{expected}» in:\n{all}");
    }
    assert!(
        problems.iter().all(|p| !p.contains('\n')),
        "one sentence each"
    );
}

#[test]
fn check_reports_problems_of_levels_rates_limits_and_labels() {
    let broken = preset_text("jinxiang")
        .unwrap()
        .replace(
            "party_member = { flag = 10 }",
            "party_member = { levels = {} }",
        )
        .replace(
            "other_bonus = { number = { min = 0, max = 50 } }",
            "other_bonus = { number = { min = 50, max = 0 } }",
        )
        .replace("every_points = 10", "every_points = 0")
        .replace(
            "caps = { household = 50000, business = 100000 }",
            "caps = { household = 50000, farm = 1 }",
        )
        .replace("en = \"Base points\"", "en = \"\"")
        .replace("default_lpr = 3.7", "")
        .replace("max = 50\ndefault = 0", "max = 50\ndefault = 80");
    let all = check_definition(&broken).join("\n");
    for expected in [
        "entry 'party_member' lists no levels",
        "entry 'other_bonus' has min 50 above max 0",
        "[rate] stepped every_points must be above 0",
        "[initial_limit] caps names 'farm'",
        "[initial_limit] caps has no entry for option 'business'",
        "item 'base' needs a label in both Chinese (zh) and English (en)",
        "floor_at_lpr needs a default_lpr",
        "fact 'other_deduction' has default 80, which is not a valid number value",
    ] {
        assert!(all.contains(expected), "missing «{expected}» in:\n{all}");
    }
    // The engine never divides by a zero step, even for a definition that skipped the check.
    let card = Scorecard::parse(&broken.replace("default = 80", "default = 0")).unwrap();
    let r = card.score("h", &jinxiang_base(), ScoringOptions::default());
    assert_eq!(r.rate_percent, None);
}

#[test]
fn a_definition_that_does_not_parse_says_where() {
    let p = check_definition("id = 3");
    assert_eq!(p.len(), 1);
    assert!(
        p[0].starts_with("the file is not a valid scorecard definition: line 1"),
        "{p:?}"
    );
    let text = preset_text("luquan")
        .unwrap()
        .replace("points = 1.5 }", "points = 1.25 }");
    let p = check_definition(&text).join("");
    assert!(
        p.contains("points may have at most one decimal place, not 1.25"),
        "{p}"
    );
    assert!(check_definition("{\"id\": 3}")[0].contains("line 1"));
    let p = check_definition("id = \"x\"\n\nversion = 3\n");
    assert!(p[0].contains("line 3: invalid type: integer"), "{p:?}");
}

#[test]
fn parse_errors_never_echo_what_the_file_holds() {
    let pasted = "王长明410303199003071233";
    for text in [
        format!("{pasted} = 1\n"),
        format!("id = 3\nversion = \"{pasted}\"\n"),
        format!("{{\"id\": \"x\", \"{pasted}\": 1}}"),
        format!("{{\"id\": [\"{pasted}\"]}}"),
        preset_text("luquan")
            .unwrap()
            .replacen("type = \"", &format!("type = \"{pasted}"), 1),
    ] {
        let problems = check_definition(&text).join(" ");
        assert!(problems.contains("line "), "{problems}");
        assert!(!problems.contains("王长明"), "{problems}");
        assert!(!problems.contains("1233"), "{problems}");
    }
    let p = check_definition("id = \"x\"\nbogus = 1\n").join("");
    assert!(p.contains("unknown field, expected"), "{p}");
}

#[test]
fn an_optional_fact_left_empty_earns_nothing_and_a_default_fills_it() {
    let text = preset_text("luquan").unwrap().replace(
        "id = \"education\"\nlabel = { zh = \"文化程度\", en = \"Education\" }\ntype = \"option\"",
        "id = \"education\"\nlabel = { zh = \"文化程度\", en = \"Education\" }\ntype = \"option\"\nrequired = false",
    );
    let card = Scorecard::parse(&text).unwrap();
    assert!(!card.fact("education").unwrap().required, "the edit took");
    let mut f = luquan_full();
    f.remove("education");
    let r = card.score("h", &f, ScoringOptions::default());
    assert_eq!((r.error, r.points.as_f64()), (None, 98.0));
    let invalid = with(&luquan_full(), json!({"education": "phd"}));
    assert!(
        card.score("h", &invalid, ScoringOptions::default())
            .error
            .is_some()
    );

    let defaulted = Scorecard::parse(&text.replace(
        "type = \"option\"\nrequired = false",
        "type = \"option\"\nrequired = false\ndefault = \"middle_school\"",
    ))
    .unwrap();
    assert_eq!(check(&defaulted), Vec::<String>::new());
    let r = defaulted.score("h", &f, ScoringOptions::default());
    assert_eq!(r.points.as_f64(), 99.0, "the default middle_school gives 1");
}
