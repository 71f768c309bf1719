//! The whole visit from the command line on a real store — search, review panel, detail
//! (verify, correct, members), facts, photos, consents, estimate, gap decision, checklist,
//! finalize — then sealed and handed over to the real platform on loopback, which holds
//! the household with the grid manager's reason and the capped limit.

#[path = "../../platform/tests/bank_support/mod.rs"]
mod bank_support;
#[path = "../../core/tests/batch_support/mod.rs"]
mod batch_support;
#[path = "../../core/tests/store_support/mod.rs"]
mod store_support;
mod upload_support;

use assert_cmd::Command;
use bank_support::bank;
use batch_support::{jpeg, signature_png};
use cunxin_core::model::{ConsentKind, current_consent_text};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use store_support::{households, new_store};
use upload_support::Receiver;

struct Tablet {
    store: PathBuf,
    key_file: PathBuf,
}

impl Tablet {
    fn run(&self, args: &[&str]) -> std::process::Output {
        Command::cargo_bin("cunxin")
            .unwrap()
            .args(args)
            .arg("--store")
            .arg(&self.store)
            .arg("--key-file")
            .arg(&self.key_file)
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .unwrap()
    }

    /// Runs and expects `code`; returns stdout as JSON when it is JSON.
    fn expect(&self, code: i32, args: &[&str]) -> Value {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "cunxin {}\nstdout: {}\nstderr: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
    }
}

fn tablet(work: &Path) -> Tablet {
    let store = work.join("store");
    let (mut opened, key) = new_store(&store);
    opened.import_households(&households(3)).unwrap();
    opened.set_operator("网格员王五").unwrap();
    drop(opened);
    let key_file = work.join("store.key");
    std::fs::write(&key_file, key.to_hex().as_bytes()).unwrap();
    Tablet { store, key_file }
}

#[test]
fn search_over_the_store_is_masked_and_filters() {
    let work = tempfile::tempdir().unwrap();
    let t = tablet(work.path());
    let head = &households(3)[1].members[0];
    let lines = t.expect(0, &["search", &head.id_number[14..], "--json"]);
    let line = lines
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["household"] == "HH00001")
        .unwrap();
    assert_eq!(
        line["id_masked"],
        cunxin_core::privacy::mask_id(&head.id_number)
    );
    assert_eq!(line["matched_by"], "id_tail");
    // The people's output never holds a full name or ID number.
    let out = t.run(&["search", &head.name]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains(&head.id_number) && !text.contains(&head.name));
    assert!(text.contains(&cunxin_core::privacy::mask_name(&head.name)));
    t.expect(
        0,
        &[
            "household",
            "not-home",
            "HH00002",
            "--reason",
            "外出",
            "--revisit",
            "2026-12-01",
        ],
    );
    let due = t.expect(0, &["search", "--revisit-due", "2026-12-02", "--json"]);
    assert_eq!(due.as_array().unwrap().len(), 1);
    assert_eq!(due[0]["household"], "HH00002");
    t.expect(1, &["search", "--state", "asleep"]);
}

#[test]
fn the_whole_visit_from_the_command_line_reaches_the_platform_with_the_reason_and_the_cap() {
    let work = tempfile::tempdir().unwrap();
    let t = tablet(work.path());
    let bank = bank(&work.path().join("bank"));
    {
        let key = cunxin_core::store::StoreKey::from_key_file(std::fs::read(&t.key_file).unwrap())
            .unwrap();
        let mut store = cunxin_core::store::Store::open(&t.store, &key).unwrap();
        bank.register(&mut store, "tablet-1");
    }
    let id = "HH00000";

    // The review panel, back to back: a member who has not rated cannot read the others.
    t.expect(
        0,
        &[
            "review",
            "add",
            id,
            "--member",
            "村主任",
            "--limit",
            "150000",
            "--integrity",
            "4",
        ],
    );
    t.expect(1, &["review", "show", id, "--member", "组长"]);
    t.expect(
        0,
        &[
            "review",
            "add",
            id,
            "--member",
            "组长",
            "--role",
            "group_leader",
            "--limit",
            "150000",
            "--integrity",
            "5",
            "--business",
            "4",
        ],
    );
    t.expect(
        0,
        &[
            "review",
            "add",
            id,
            "--member",
            "村民代表",
            "--limit",
            "150000",
            "--integrity",
            "4",
        ],
    );
    t.expect(
        1,
        &[
            "review",
            "add",
            id,
            "--member",
            "组长",
            "--limit",
            "1",
            "--integrity",
            "4",
        ],
    );
    let view = t.expect(0, &["review", "show", id, "--member", "组长", "--json"]);
    assert_eq!(view["committee"]["limit_yuan"], 150_000);
    let leader = view["ratings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["member"] == "组长")
        .unwrap();
    assert_eq!(
        (&leader["role"], &leader["business"]),
        (&json!("group_leader"), &json!(4))
    );

    // Detail: verify, correct with the original kept, add a member; bad values exit 1.
    let detail = t.expect(
        0,
        &[
            "household",
            "correct",
            id,
            "0.phone",
            "13900001111",
            "--reason",
            "换号",
            "--json",
        ],
    );
    let phone = detail["members"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "phone")
        .unwrap()
        .clone();
    assert_eq!(phone["check"]["state"], "corrected");
    assert_eq!(phone["value"], "139****1111", "masked without --reveal");
    t.expect(1, &["household", "correct", id, "1.id_number", "123"]);
    let newcomer = store_support::id_number("410303", "19950505", 42);
    t.expect(
        0,
        &[
            "household",
            "member",
            "add",
            id,
            "--name",
            "王小红",
            "--id-number",
            &newcomer,
            "--relation",
            "儿媳",
        ],
    );
    let detail = t.expect(0, &["household", "verify", id, "--all", "--json"]);
    assert_eq!(detail["unchecked_fields"], 0);
    assert_eq!(detail["members"].as_array().unwrap().len(), 4);

    // Facts from the scorecard's form, one value checked at a time.
    let args = ["--scorecard", "jinxiang"];
    let mut facts = vec!["household", "facts", id];
    facts.extend(args);
    for set in [
        "applicant_age=40",
        "full_capacity=true",
        "fixed_residence=true",
        "fixed_income=true",
        "no_major_bad_credit=true",
        "applicant_type=household",
    ] {
        facts.extend(["--set", set]);
    }
    facts.push("--json");
    let form = t.expect(0, &facts);
    assert_eq!(form["progress"]["complete"], true, "{form}");
    assert!(form["values"].is_null(), "values only with --reveal");
    t.expect(
        1,
        &[
            "household",
            "facts",
            id,
            "--scorecard",
            "jinxiang",
            "--set",
            "applicant_age=forty",
        ],
    );

    let estimate = t.expect(
        0,
        &[
            "household",
            "estimate",
            id,
            "--scorecard",
            "jinxiang",
            "--json",
        ],
    );
    assert_eq!(estimate["result"]["limit_yuan"], 30_000);

    // The checklist names what is missing; finalize refuses until it is empty.
    let list = t.expect(
        1,
        &[
            "household",
            "checklist",
            id,
            "--scorecard",
            "jinxiang",
            "--json",
        ],
    );
    let missing: Vec<String> = list["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["what"].as_str().unwrap().to_string())
        .collect();
    assert!(missing.contains(&"gap_reason".into()) && missing.contains(&"photo".into()));
    t.expect(1, &["household", "finalize", id, "--scorecard", "jinxiang"]);

    let decided = t.expect(
        0,
        &[
            "household",
            "decide",
            id,
            "--reason",
            "新建大棚，评议小组了解其收入",
            "--amount",
            "140000",
            "--scorecard",
            "jinxiang",
            "--json",
        ],
    );
    assert_eq!(decided["proposed_limit_yuan"], 100_000);

    for (n, kind) in ["house", "id_front", "id_back", "portrait"]
        .iter()
        .enumerate()
    {
        let file = work.path().join(format!("{kind}.jpg"));
        std::fs::write(&file, jpeg(800, 600, 100 + n as u32)).unwrap();
        t.expect(
            0,
            &[
                "household",
                "photo",
                "add",
                id,
                file.to_str().unwrap(),
                "--kind",
                kind,
                "--override-reason",
                "测试用图",
            ],
        );
    }
    let photos = t.expect(0, &["household", "photo", "list", id, "--json"]);
    assert_eq!(photos.as_array().unwrap().len(), 4);
    t.expect(0, &["household", "photo", "checklist", id]);
    // The resident first refuses the credit inquiry, then agrees: the signature replaces it.
    let refusal = t.expect(
        0,
        &[
            "household",
            "refuse-consent",
            id,
            "--kind",
            "credit_inquiry",
            "--signer",
            "户主",
            "--reason",
            "先想一想",
            "--json",
        ],
    );
    assert_eq!(refusal["refused"], "credit_inquiry");
    let signature = work.path().join("signature.png");
    std::fs::write(&signature, signature_png(3)).unwrap();
    for (kind, text) in [
        (
            "personal_info",
            current_consent_text(ConsentKind::PersonalInfo),
        ),
        (
            "credit_inquiry",
            current_consent_text(ConsentKind::CreditInquiry),
        ),
    ] {
        t.expect(
            0,
            &[
                "household",
                "consent",
                id,
                "--kind",
                kind,
                "--text-version",
                text.version,
                "--text-sha256",
                text.sha256,
                "--signer",
                "户主",
                "--signature",
                signature.to_str().unwrap(),
            ],
        );
    }
    let list = t.expect(
        0,
        &[
            "household",
            "checklist",
            id,
            "--scorecard",
            "jinxiang",
            "--json",
        ],
    );
    assert_eq!(list["missing"], serde_json::json!([]));
    let done = t.expect(
        0,
        &[
            "household",
            "finalize",
            id,
            "--scorecard",
            "jinxiang",
            "--json",
        ],
    );
    assert_eq!(done["revision"], 1);

    // Sealed and handed over: the platform holds the reason and the capped limit.
    let recipients = work.path().join("bank.recipients");
    std::fs::write(&recipients, format!("{}\n", bank.recipient)).unwrap();
    t.expect(
        0,
        &["batch", "seal", "--recipient", recipients.to_str().unwrap()],
    );
    let receiver = Receiver::start(&bank.config);
    let platform_pub = bank.platform_pub.to_str().unwrap().to_string();
    t.expect(
        0,
        &[
            "upload",
            &receiver.endpoint(),
            "--platform-key",
            &platform_pub,
            "--json",
        ],
    );
    let batches = std::fs::read_dir(bank.data_dir().join("batches")).unwrap();
    let batch_dir = batches.map(|e| e.unwrap().path()).next().unwrap();
    // The platform keeps each file encrypted to the bank's key, `.age` appended.
    let read_kept = |path: &str| bank.read_kept(&batch_dir.join(format!("{path}.age")));
    let manifest: Value = serde_json::from_slice(&read_kept("manifest.json")).unwrap();
    let record_path = manifest["households"][0]["record"].as_str().unwrap();
    let record: Value = serde_json::from_slice(&read_kept(record_path)).unwrap();
    let rec = &record["reconciliation"];
    assert_eq!(rec["flag"], "reasoned");
    assert_eq!(rec["reason"], "新建大棚，评议小组了解其收入");
    assert_eq!(rec["proposed_limit_yuan"], 100_000);
    assert_eq!(rec["cap_yuan"], 100_000);
    // The household's corrected phone reached the bank beside the roster's.
    let head = &record["household"]["members"][0];
    assert_eq!(head["phone"], "13900001111");
    assert_eq!(
        head["checks"]["phone"]["original"],
        households(1)[0].members[0].phone.clone().unwrap()
    );
}
