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
        json!({"item": "base", "label": "基础分", "points": 30.0})
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
