//! The demo, end to end: the sample village through the real core (store, photo pipeline,
//! sealing), a tus upload to the real platform on loopback and its receipt; then the
//! platform's stored records compared field by field with the sample village, the photo
//! flags (only the planted ones), the reports (nothing unmasked), and the words people read.

use assert_cmd::Command;
use cunxin_core::intake::roster::check_roster_bytes;
use cunxin_e2e::sample_village::{SEED, SampleVillage, generate};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

struct Demo {
    json: Value,
    work: PathBuf,
    out: PathBuf,
    _dir: tempfile::TempDir,
}

/// One demo run, shared by the tests of this file (it draws and stores ~240 photos).
fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let (work, out) = (dir.path().join("work"), dir.path().join("seen"));
        let output = Command::cargo_bin("cunxin")
            .unwrap()
            .args(["demo", "--json", "--keep"])
            .arg(&work)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "demo failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        Demo {
            json: serde_json::from_slice(&output.stdout).unwrap(),
            work,
            out,
            _dir: dir,
        }
    })
}

fn village() -> &'static SampleVillage {
    static VILLAGE: OnceLock<SampleVillage> = OnceLock::new();
    VILLAGE.get_or_init(|| generate(SEED))
}

fn sha256_file(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

#[test]
fn only_the_planted_photos_are_flagged() {
    let flags = &demo().json["field"]["photo_flags"];
    let planted = &village().planted;
    let expected = serde_json::json!({
        planted.reused_house_photo.1.clone(): ["near_duplicate_other_household"],
        planted.blurred_house_photo.clone(): ["blurry"],
    });
    assert_eq!(flags, &expected);
}

#[test]
fn the_bank_returns_only_the_household_without_a_credit_consent() {
    let batches = demo().json["field"]["hand_over"].as_array().unwrap();
    assert_eq!(batches.len(), 1);
    let returned = batches[0]["received"]["receipt"]["returned"]
        .as_array()
        .unwrap();
    assert_eq!(returned.len(), 1, "{returned:?}");
    assert_eq!(
        returned[0]["household"],
        village().planted.missing_credit_consent
    );
    assert!(returned[0]["reason"].as_str().unwrap().contains("征信"));
}

/// The platform's records of every accepted household, by household number.
fn platform_records() -> BTreeMap<String, (PathBuf, Value)> {
    let batch = demo().json["field"]["batch_id"].as_str().unwrap();
    let dir = demo().work.join("bank/data/batches").join(batch);
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    manifest["households"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let path = dir.join(h["record"].as_str().unwrap());
            let record: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            (h["id"].as_str().unwrap().to_string(), (dir.clone(), record))
        })
        .collect()
}

#[test]
fn the_platform_holds_every_usable_household_field_by_field() {
    let v = village();
    let records = platform_records();
    let roster = check_roster_bytes(v.roster_csv().into_bytes()).unwrap();
    let usable: BTreeSet<&str> = roster.usable.iter().map(|h| h.key.as_str()).collect();
    // Every household the roster check let through went to the bank; the one with two
    // heads stayed behind to be corrected.
    assert_eq!(
        records.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        usable
    );
    assert!(!records.contains_key(&v.planted.two_heads.0));
    let mangled: BTreeSet<usize> = v.planted.excel_ids.iter().map(|(row, _)| *row).collect();
    let mut row = 0;
    let mut compared = 0;
    for h in &v.households {
        let rows: Vec<usize> = (row + 1..=row + h.members.len()).collect();
        row += h.members.len();
        let Some((dir, record)) = records.get(&h.number) else {
            continue;
        };
        let stored = &record["household"];
        assert_eq!(stored["place"]["village"], h.village);
        assert_eq!(stored["place"]["group"], format!("{}组", h.group));
        assert_eq!(stored["address"], h.address);
        assert_eq!(stored["land"], h.land);
        // The people, less those whose ID number Excel mangled (reported, not loaded).
        let expected: Vec<_> = h
            .members
            .iter()
            .zip(&rows)
            .filter(|(_, r)| !mangled.contains(r))
            .map(|(p, _)| p)
            .collect();
        let members = stored["members"].as_array().unwrap();
        assert_eq!(members.len(), expected.len(), "{}", h.number);
        for (m, p) in members.iter().zip(&expected) {
            assert_eq!(m["name"], p.name);
            assert_eq!(m["id_number"], p.id);
            assert_eq!(m["relation_word"], p.relation);
            assert_eq!(m["ethnicity"], p.ethnicity);
            assert_eq!(m["phone"], serde_json::json!(p.phone));
            assert!(
                m["birth_date"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("{}-{:02}", p.birth.0, p.birth.1))
            );
        }
        assert_eq!(record["facts"], h.facts, "{} facts", h.number);
        let reviews = record["committee_reviews"].as_array().unwrap();
        assert_eq!(reviews.len(), 5);
        for (r, expected) in reviews.iter().zip(&h.ratings) {
            assert_eq!(r["member"], expected["member"]);
            assert_eq!(r["suggested_limit_yuan"], expected["suggested_limit_yuan"]);
        }
        // Photos: a house and an ID card, each file the bytes its recorded hash names.
        let photos = record["photos"].as_array().unwrap();
        let kinds: Vec<&str> = photos
            .iter()
            .map(|p| p["meta"]["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["house", "id_front"], "{}", h.number);
        for p in photos {
            assert_eq!(
                sha256_file(&dir.join(p["file"].as_str().unwrap())),
                p["sha256"].as_str().unwrap()
            );
        }
        // Consents: both signed, each signature the file its hash names.
        let consents = record["consents"].as_array().unwrap();
        let kinds: BTreeSet<&str> = consents
            .iter()
            .map(|c| c["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            BTreeSet::from(["credit_inquiry", "personal_info"]),
            "{}",
            h.number
        );
        for c in consents {
            assert_eq!(
                sha256_file(&dir.join(c["signature_file"].as_str().unwrap())),
                c["signature_sha256"].as_str().unwrap()
            );
        }
        compared += 1;
    }
    // The household without a credit consent was returned, not stored as accepted.
    let accepted: BTreeSet<String> =
        demo().json["field"]["hand_over"][0]["received"]["receipt"]["uploaded"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h.as_str().unwrap().to_string())
            .collect();
    assert_eq!(accepted.len(), usable.len() - 1);
    assert!(!accepted.contains(&v.planted.missing_credit_consent));
    assert!(compared >= usable.len() - 1, "{compared}");
}

fn report_texts() -> Vec<(String, String)> {
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(&demo().out).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".html") {
            texts.push((name, std::fs::read_to_string(&path).unwrap()));
        } else if name.ends_with(".pdf") {
            let out = std::process::Command::new("pdftotext")
                .arg(&path)
                .arg("-")
                .output()
                .expect(
                    "pdftotext (poppler-utils) reads the PDF back; `cargo xtask test` installs it",
                );
            assert!(out.status.success());
            texts.push((name, String::from_utf8(out.stdout).unwrap()));
        }
    }
    texts
}

#[test]
fn the_reports_name_nobody_and_show_no_id_number_in_full() {
    let texts = report_texts();
    assert_eq!(texts.len(), 4, "two villages, HTML and PDF each");
    for (name, text) in &texts {
        assert!(text.contains("公示"), "{name}");
        for h in &village().households {
            for p in &h.members {
                assert!(!text.contains(&p.id), "{name} shows an ID number in full");
                assert!(
                    !text.contains(&p.id[..14]),
                    "{name} shows too much of an ID number"
                );
                assert!(!text.contains(&p.name), "{name} shows a name in full");
            }
        }
    }
    // The JSON the demo printed holds the roster for the caller, but its report lines are masked.
    let pdf = &texts
        .iter()
        .find(|(n, _)| n.ends_with("王庄村-report.pdf"))
        .unwrap()
        .1;
    assert!(pdf.contains("王庄村"));
    assert!(pdf.contains("公示期"));
    assert!(pdf.contains("%"), "percentages as 85.7%");
}

#[test]
fn the_pdf_has_pages_that_render() {
    let pdf = demo().out.join("王庄村-report.pdf");
    let png = demo().out.join("page");
    let status = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "50", "-f", "1", "-l", "3"])
        .arg(&pdf)
        .arg(&png)
        .status()
        .expect("pdftoppm (poppler-utils)");
    assert!(status.success());
    let pages = std::fs::read_dir(&demo().out)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("page")
        })
        .count();
    assert!(pages >= 2, "{pages} pages");
}

#[test]
fn report_village_on_a_store_is_masked_json_and_files() {
    // `cunxin report village` itself, on a store made with the CLI's own commands.
    let dir = tempfile::tempdir().unwrap();
    let (store, key) = (dir.path().join("store"), dir.path().join("key"));
    let cunxin = || Command::cargo_bin("cunxin").unwrap();
    cunxin()
        .args(["init", "--store"])
        .arg(&store)
        .arg("--key-file")
        .arg(&key)
        .assert()
        .success();
    let roster = dir.path().join("roster.csv");
    std::fs::write(&roster, village().roster_csv()).unwrap();
    cunxin()
        .args(["roster", "import", "--store"])
        .arg(&store)
        .arg("--key-file")
        .arg(&key)
        .arg(&roster)
        .assert()
        .code(1); // the planted problems are reported; the usable households are loaded
    let out = cunxin()
        .args([
            "report",
            "village",
            "石桥村",
            "--json",
            "--notice-from",
            "2026-11-23",
            "--store",
        ])
        .arg(&store)
        .arg("--key-file")
        .arg(&key)
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    let report = &json["report"];
    assert_eq!(report["village"], "石桥村");
    assert_eq!(report["notice"]["days"], 7);
    assert_eq!(report["notice"]["posted_until"], "2026-11-29");
    // Nothing is decided before a visit: no credit household, nothing on the notice.
    assert_eq!(report["rollup"]["evaluated"], 0);
    assert_eq!(report["notice"]["entries"].as_array().unwrap().len(), 0);
    for h in &village().households {
        for p in &h.members {
            assert!(!text.contains(&p.id) && !text.contains(&p.name));
        }
    }
    assert!(dir.path().join("石桥村-report.pdf").exists());
    // A notice shorter than seven days is refused with one sentence.
    let short = cunxin()
        .args([
            "report",
            "village",
            "石桥村",
            "--notice-days",
            "3",
            "--store",
        ])
        .arg(&store)
        .arg("--key-file")
        .arg(&key)
        .output()
        .unwrap();
    assert_eq!(short.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 7 days"));
}

#[test]
fn people_read_words_not_enum_names() {
    let output = Command::cargo_bin("cunxin")
        .unwrap()
        .args(["demo", "--out"])
        .arg(tempfile::tempdir().unwrap().path())
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    for enum_name in [
        "‰",
        "Agreed",
        "NeedsReason",
        "NoReview",
        " Pass",
        " Unknown",
        "Suspended",
        "等级 credit ",
        "in_progress",
    ] {
        assert!(
            !text.contains(enum_name),
            "the demo prints {enum_name:?}:\n{text}"
        );
    }
    for word in ["已一致 agreed", "授信面 coverage", "%", "信用村"] {
        assert!(text.contains(word), "the demo lacks {word:?}:\n{text}");
    }
    assert!(text.contains("看看 what a person would have seen"));
}
