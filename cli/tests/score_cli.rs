//! `cunxin score` and `cunxin scorecard` against the CLI contract, on real files.

use assert_cmd::Command;
use serde_json::{Value, json};
use std::fs;

fn cunxin() -> Command {
    Command::cargo_bin("cunxin").unwrap()
}

fn jinxiang_household(id: &str, extra: Value) -> Value {
    let mut facts = json!({
        "applicant_age": 40, "full_capacity": true, "fixed_residence": true, "fixed_income": true,
        "no_major_bad_credit": true, "applicant_type": "household"
    });
    facts
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    json!({"household": id, "facts": facts})
}

#[test]
fn score_prints_contract_json_and_still_scores_the_others_after_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("facts.json");
    let households = json!([
        jinxiang_household("H001", json!({"honors": {"moral_model": "national"}})),
        jinxiang_household("H002", json!({"honors": {"civilized_family": "city"}})),
        jinxiang_household("H003", json!({"vetoes": ["crime_or_vice"]})),
    ]);
    fs::write(&file, households.to_string()).unwrap();
    let out = cunxin()
        .args([
            "score",
            "--scorecard",
            "jinxiang",
            "--lpr",
            "3.45",
            "--json",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "an error in one household exits 1"
    );
    let results: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(results.len(), 3);
    let first = &results[0];
    for field in [
        "household",
        "scorecard",
        "eligible",
        "vetoed",
        "points",
        "grade",
        "credit_household",
        "limit_yuan",
        "initial_limit_yuan",
        "rate_percent",
        "reasons",
        "contributions",
        "error",
    ] {
        assert!(first.get(field).is_some(), "field {field} missing");
    }
    assert_eq!(first["points"], json!(80.0));
    assert_eq!(first["limit_yuan"], json!(80_000));
    assert_eq!(first["initial_limit_yuan"], json!(50_000));
    assert_eq!(first["rate_percent"], json!(5.5)); // 8.0 − 0.5 × ⌊50 / 10⌋
    assert_eq!(
        first["contributions"][0],
        json!({"item": "base", "label": "基础分", "label_en": "Base points", "points": 30.0})
    );
    assert_eq!(
        results[1]["error"],
        json!({"code": "invalid_fact", "facts": ["honors"]})
    );
    assert_eq!(results[1]["limit_yuan"], json!(0));
    assert_eq!(results[2]["vetoed"], json!(true));
    assert_eq!(results[2]["limit_yuan"], json!(0));
}

#[test]
fn score_with_a_clean_file_exits_zero_and_prints_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("facts.json");
    fs::write(
        &file,
        json!([jinxiang_household("H9", json!({}))]).to_string(),
    )
    .unwrap();
    let out = cunxin()
        .args(["score", "--scorecard", "jinxiang"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("户号") && text.contains("H9") && text.contains("30000"),
        "{text}"
    );
}

#[test]
fn score_for_people_masks_households_keyed_by_id_number_or_name() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("facts.json");
    fs::write(
        &file,
        json!([
            jinxiang_household("410303199003071233", json!({})),
            jinxiang_household("王长明", json!({})),
        ])
        .to_string(),
    )
    .unwrap();
    let out = cunxin()
        .args(["score", "--scorecard", "jinxiang"])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("410303********1233") && text.contains("王*明"),
        "{text}"
    );
    assert!(
        !text.contains("19900307") && !text.contains("王长明"),
        "{text}"
    );
}

#[test]
fn a_shown_preset_is_a_definition_file_that_scores_identically() {
    let dir = tempfile::tempdir().unwrap();
    let shown = cunxin()
        .args(["scorecard", "show", "jinxiang"])
        .output()
        .unwrap();
    assert!(shown.status.success());
    let def = dir.path().join("bank.toml");
    fs::write(&def, &shown.stdout).unwrap();
    cunxin()
        .args(["scorecard", "check"])
        .arg(&def)
        .assert()
        .code(0);
    let facts = dir.path().join("facts.json");
    fs::write(
        &facts,
        json!([jinxiang_household(
            "H1",
            json!({"honors": {"party_member": true}})
        )])
        .to_string(),
    )
    .unwrap();
    let by_name = cunxin()
        .args(["score", "--json", "--scorecard", "jinxiang"])
        .arg(&facts)
        .output()
        .unwrap();
    let by_file = cunxin()
        .args(["score", "--json", "--scorecard"])
        .arg(&def)
        .arg(&facts)
        .output()
        .unwrap();
    assert_eq!(by_name.stdout, by_file.stdout);
}

#[test]
fn scorecard_check_reports_problems_and_bad_input_is_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    let text = String::from_utf8(
        cunxin()
            .args(["scorecard", "show", "luquan"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    fs::write(&bad, text.replace("below = 90", "below = 85")).unwrap();
    let out = cunxin()
        .args(["scorecard", "check", "--json"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["valid"], json!(false));
    assert!(
        report["problems"][0]
            .as_str()
            .unwrap()
            .contains("gap between grades 'AA' and 'AAA'")
    );

    let out = cunxin()
        .args(["score", "--scorecard", "nosuch", "x.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("luquan, jinxiang"), "{err}");
    cunxin()
        .args(["scorecard", "show", "nosuch"])
        .assert()
        .code(2);
}

fn luquan_facts() -> Value {
    json!({
        "applicant_age": 30, "full_capacity": true, "legal_income": true, "bad_loan_or_dispute": false,
        "education": "college", "marital_status": "married", "health": "good", "occupation": "salaried",
        "household_net_income_yuan": 60000, "household_size": 3,
        "total_assets_yuan": 100000, "total_liabilities_yuan": 20000,
        "credit_history": "clean_loans", "in_credit_village": false, "insured": false,
        "entrepreneur": false, "committee_evaluation": "poor", "negative_records": 0
    })
}

#[test]
fn luquan_file_scores_each_household_and_names_the_faulty_ones() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("village.json");
    let mut missing = luquan_facts();
    missing.as_object_mut().unwrap().remove("insured");
    let mut old = luquan_facts();
    old["applicant_age"] = json!(61);
    fs::write(
        &file,
        json!([
            {"household": "W001", "facts": luquan_facts()},
            {"household": "W002", "facts": missing},
            {"household": "W003", "facts": old},
        ])
        .to_string(),
    )
    .unwrap();
    let out = cunxin()
        .args(["score", "--json", "--scorecard", "luquan"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let r: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    // 2+2+2+2+2 family, 25 income, 8 assets, 6 ratio (exactly 0.2), 10 history = 59: no grade.
    assert_eq!(r[0]["points"], json!(59.0));
    assert_eq!(
        (r[0]["grade"].clone(), r[0]["limit_yuan"].clone()),
        (Value::Null, json!(0))
    );
    assert_eq!(r[0]["credit_household"], json!(false));
    assert_eq!(r[0]["error"], Value::Null);
    assert_eq!(
        r[1]["error"],
        json!({"code": "missing_fact", "facts": ["insured"]})
    );
    for (field, zero) in [
        ("eligible", json!(false)),
        ("vetoed", json!(false)),
        ("points", json!(0.0)),
        ("grade", Value::Null),
        ("credit_household", json!(false)),
        ("limit_yuan", json!(0)),
        ("rate_percent", Value::Null),
        ("reasons", json!([])),
        ("contributions", json!([])),
    ] {
        assert_eq!(r[1][field], zero, "{field} of an error result");
    }
    assert_eq!(
        (r[2]["eligible"].clone(), r[2]["error"].clone()),
        (json!(false), Value::Null)
    );
    assert!(r[2]["reasons"][0].as_str().unwrap().contains("18至60"));
}

#[test]
fn explain_shows_why_and_what_would_raise_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("facts.json");
    fs::write(
        &file,
        json!([jinxiang_household(
            "H1",
            json!({"honors": {"moral_model": "city"}})
        )])
        .to_string(),
    )
    .unwrap();
    let out = cunxin()
        .args(["score", "--explain", "--scorecard", "jinxiang"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "基础分",
        "荣誉加分",
        "可提升 what would raise it",
        "道德模范、金乡好人等 +20",
        "60000",
        "信用户 credit 1",
    ] {
        assert!(text.contains(expected), "«{expected}» in:\n{text}");
    }
}

#[test]
fn a_json_definition_scores_like_the_preset_and_lpr_lowers_the_floor() {
    let dir = tempfile::tempdir().unwrap();
    let shown = cunxin()
        .args(["scorecard", "show", "--json", "jinxiang"])
        .output()
        .unwrap();
    assert!(shown.status.success());
    let def = dir.path().join("bank.json");
    fs::write(&def, &shown.stdout).unwrap();
    cunxin()
        .args(["scorecard", "check"])
        .arg(&def)
        .assert()
        .code(0);
    let facts = dir.path().join("facts.json");
    let top = json!({"moral_model": "national", "rural_talent": "national"});
    fs::write(
        &facts,
        json!([jinxiang_household("H1", json!({"honors": top}))]).to_string(),
    )
    .unwrap();
    let run = |card: &std::path::Path, lpr: &str| {
        let out = cunxin()
            .args(["score", "--json", "--lpr", lpr, "--scorecard"])
            .arg(card)
            .arg(&facts)
            .output()
            .unwrap();
        serde_json::from_slice::<Vec<Value>>(&out.stdout).unwrap()
    };
    let r = run(&def, "3.2");
    assert_eq!(
        r[0]["rate_percent"],
        json!(3.2),
        "130 points: 3.0 floored at 3.2"
    );
    assert_eq!(r[0]["limit_yuan"], json!(100_000));
    assert_eq!(r, run(std::path::Path::new("jinxiang"), "3.2"));
}

#[test]
fn a_malformed_facts_file_is_one_sentence_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("facts.json");
    for (content, expected) in [
        (
            json!([{"household": "H1", "facts": {}}, {"facts": {}}]).to_string(),
            "entry 2 of",
        ),
        ("{\"household\": 1}".to_string(), "must be a JSON array"),
        ("[{\"household\": ".to_string(), "is not valid JSON (line 1"),
    ] {
        fs::write(&file, content).unwrap();
        let out = cunxin()
            .args(["score", "--scorecard", "jinxiang"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(expected), "{err}");
    }
    let out = cunxin()
        .args(["score", "--scorecard", "jinxiang", "--lpr", "-1"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn scorecard_list_and_check_for_people() {
    let out = cunxin()
        .args(["scorecard", "list", "--json"])
        .output()
        .unwrap();
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = list.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["luquan", "jinxiang"]);
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    fs::write(&bad, "id = \"x\"\n").unwrap();
    let out = cunxin()
        .args(["scorecard", "check"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("1 problem(s)") && text.contains("missing field"),
        "{text}"
    );
    let out = cunxin()
        .args(["scorecard", "check"])
        .arg(dir.path().join("absent.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
