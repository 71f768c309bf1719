//! `cunxin id check` and `cunxin roster check` against the CLI contract.

use assert_cmd::Command;
use serde_json::{Value, json};

fn cunxin() -> Command {
    Command::cargo_bin("cunxin").unwrap()
}

#[test]
fn id_check_prints_one_object_per_argument_in_order() {
    let out = cunxin()
        .args([
            "id",
            "check",
            "--json",
            "11010519491231002x",
            "110105194912310021",
            "12345",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "any invalid ID exits 1");
    let results: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        results[0],
        json!({"input": "11010519491231002x", "valid": true, "normalized": "11010519491231002X",
               "birth_date": "1949-12-31", "sex": "F", "region_code": "110105", "region_name": "北京市朝阳区",
               "error": null, "warnings": []})
    );
    assert_eq!(results[1]["error"], json!("checksum"));
    assert_eq!(results[2]["error"], json!("length"));
    assert_eq!(results[2]["normalized"], json!(null));
    cunxin()
        .args(["id", "check", "11010519491231002X"])
        .assert()
        .code(0);
}

#[test]
fn roster_check_reports_problems_in_contract_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("roster.csv");
    let csv = "姓名,身份证,户号,与户主关系\n王长明,11010519491231002X,H1,户主\n李四,4.10303E+17,H2,户主\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(csv);
    std::fs::write(&file, &gbk).unwrap();
    let out = cunxin()
        .args(["roster", "check", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            report["rows"].clone(),
            report["households"].clone(),
            report["members"].clone()
        ),
        (json!(2), json!(1), json!(1))
    );
    assert_eq!(report["errors"][0]["row"], json!(2));
    assert_eq!(report["errors"][0]["column"], json!("身份证"));
    assert_eq!(report["errors"][0]["code"], json!("excel_scientific"));
    assert!(report["warnings"].as_array().unwrap().is_empty());

    let missing = cunxin()
        .args(["roster", "check"])
        .arg(dir.path().join("nope.csv"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(missing.stderr).unwrap().lines().count(),
        1
    );
}

#[test]
fn the_demo_runs_the_sample_town_end_to_end() {
    let work = tempfile::tempdir().unwrap();
    let out = cunxin()
        .args(["demo", "--json", "--keep"])
        .arg(work.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    let script: Value =
        serde_json::from_slice(&std::fs::read(work.path().join("sample/script.json")).unwrap())
            .unwrap();
    let households = script["households"].as_array().unwrap();
    let with = |outcome: &str| {
        households
            .iter()
            .filter(|h| h["expect"]["outcome"] == outcome)
            .count()
    };

    // The roster's errors are the planted ones; every household of the script is loaded.
    assert_eq!(summary["roster"]["households"], json!(households.len()));
    let codes: Vec<&str> = summary["roster"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    for planted in ["excel_scientific", "excel_truncated", "head_id_mismatch"] {
        assert!(codes.contains(&planted), "{codes:?}");
    }

    // Every door as the script has it; only the planted photos are flagged.
    let field = &summary["field"];
    assert_eq!(
        field["visited"].as_u64().unwrap() as usize,
        with("accepted") + with("returned")
    );
    let flagged: Vec<&str> = field["flagged_photos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f[0].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = households
        .iter()
        .flat_map(|h| {
            h["expect"]["photo_flags"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
        })
        .collect();
    assert_eq!(flagged, expected);

    // Sealed, uploaded, receipted: the accepted purged, the one without consent returned.
    let receipt = &field["hand_over"][0]["received"]["receipt"];
    assert_eq!(
        receipt["uploaded"].as_array().unwrap().len(),
        with("accepted")
    );
    let returned = households
        .iter()
        .find(|h| h["expect"]["outcome"] == "returned")
        .unwrap();
    assert_eq!(receipt["returned"][0]["household"], returned["household"]);
    assert_eq!(
        field["platform_households"].as_u64().unwrap() as usize,
        with("accepted")
    );

    // Both villages' reports, as HTML and PDF, masked.
    let reports = field["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 4);
    let page = std::fs::read_to_string(reports[0].as_str().unwrap()).unwrap();
    assert!(
        page.contains("公示名单") && page.contains("410303********"),
        "{page}"
    );
    let roster = std::fs::read_to_string(work.path().join("sample/roster.csv")).unwrap();
    let first_id = roster.lines().nth(1).unwrap().split(',').nth(3).unwrap();
    assert!(!page.contains(first_id));
    assert!(
        std::fs::read(reports[1].as_str().unwrap())
            .unwrap()
            .starts_with(b"%PDF-")
    );
}

#[test]
fn id_check_for_people_never_prints_the_name_or_the_whole_number() {
    // A name typed into the ID field, as happens when a cell is pasted whole.
    for input in ["王长明41030319900307123X", "王长明410303199003071233"] {
        let out = cunxin().args(["id", "check", input]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let shown = text.lines().next().unwrap_or_default();
        assert!(shown.starts_with("410303********"), "{text}");
        assert!(
            !text.contains("王长明") && !text.contains("19900307"),
            "{text}"
        );
    }
}
