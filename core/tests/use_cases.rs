//! The core's use cases, one per user action, on a real SQLCipher store: household detail
//! (verify, correct, members, head, side states), search over the store, the visit form,
//! photos and their checklist, the review panel (back to back, the gap decision sealed with
//! its reason and cap), the finalize checklist, batches, roll-up and notice, settings.

mod batch_support;
mod store_support;

use batch_support::{bank_key, jpeg, signature_png};
use cunxin_core::batch::{open_batch, parse_public_key, seal};
use cunxin_core::model::{
    ApplicantType, CheckState, HouseholdField, HouseholdId, LifecycleState, MemberField, PhotoKind,
};
use cunxin_core::scoring::committee::Rating;
use cunxin_core::scoring::presets::preset;
use cunxin_core::scoring::reconcile::{GapDecision, ReconcileFlag};
use cunxin_core::scoring::rollup::LoanPerformance;
use cunxin_core::scoring::{Facts, ScoringOptions};
use cunxin_core::store::{
    AuditKind, BatchState, ConsentKind, FieldRef, ImageSize, Missing, NewMember, SearchQuery,
    Store, StoreError,
};
use serde_json::json;
use store_support::*;

fn hid(n: usize) -> HouseholdId {
    HouseholdId(format!("HH{n:05}"))
}

fn village(dir: &std::path::Path, count: usize) -> Store {
    let (mut store, _) = new_store(dir);
    store.import_households(&households(count)).unwrap();
    store.set_operator("网格员王五").unwrap();
    store
}

fn jinxiang_facts() -> Facts {
    json!({
        "applicant_age": 40, "full_capacity": true, "fixed_residence": true, "fixed_income": true,
        "no_major_bad_credit": true, "applicant_type": "household"
    })
    .as_object()
    .unwrap()
    .clone()
}

fn rating(member: &str, limit: i64) -> Rating {
    Rating {
        member: member.into(),
        role: None,
        business: None,
        suggested_limit_yuan: Some(limit),
        integrity: Some(4),
        estimated_income_yuan: Some(80_000),
        note: String::new(),
    }
}

fn member_field(position: u32, field: MemberField) -> FieldRef {
    FieldRef::Member { position, field }
}

/// Every audit detail of the store as one text, to look for personal values.
fn audit_text(store: &Store) -> String {
    store
        .audit_events(None)
        .unwrap()
        .iter()
        .map(|e| e.detail.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn detail_shows_every_field_and_keeps_the_original_beside_a_correction() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = village(dir.path(), 2);
    let id = hid(0);
    let before = store.household_detail(&id).unwrap();
    assert_eq!(before.members.len(), 3);
    assert!(before.members[0].is_head);
    assert_eq!(before.members[0].fields.len(), MemberField::ALL.len());
    let old_phone = before.members[0].fields[MemberField::ALL
        .iter()
        .position(|f| *f == MemberField::Phone)
        .unwrap()]
    .value
    .clone()
    .unwrap();
    assert!(before.unchecked_fields > 10);

    store
        .verify_field(
            &id,
            FieldRef::Household {
                field: HouseholdField::Address,
            },
        )
        .unwrap();
    let after = store
        .correct_field(
            &id,
            member_field(0, MemberField::Phone),
            "139 0000 1111",
            Some("换号"),
        )
        .unwrap();
    let phone = after.members[0]
        .fields
        .iter()
        .find(|f| f.field == MemberField::Phone)
        .unwrap();
    assert_eq!(phone.value.as_deref(), Some("13900001111"));
    let check = phone.check.as_ref().unwrap();
    assert_eq!(check.state, CheckState::Corrected);
    assert_eq!(check.original.as_deref(), Some(old_phone.as_str()));
    assert_eq!(check.reason.as_deref(), Some("换号"));
    assert_eq!(check.by.as_deref(), Some("网格员王五"));
    // A second correction keeps the roster's value as the original; verifying keeps it
    // corrected.
    store
        .correct_field(
            &id,
            member_field(0, MemberField::Phone),
            "13900002222",
            None,
        )
        .unwrap();
    let again = store
        .verify_field(&id, member_field(0, MemberField::Phone))
        .unwrap();
    let check = again.members[0]
        .fields
        .iter()
        .find(|f| f.field == MemberField::Phone)
        .unwrap()
        .check
        .clone()
        .unwrap();
    assert_eq!(
        (check.state, check.original),
        (CheckState::Corrected, Some(old_phone.clone()))
    );
    let address = &again.household_fields[0];
    assert_eq!(address.check.as_ref().unwrap().state, CheckState::Verified);

    // Bad values are refused and change nothing.
    let bad_id = store.correct_field(
        &id,
        member_field(1, MemberField::IdNumber),
        "410303197202020000",
        None,
    );
    assert!(matches!(bad_id, Err(StoreError::InvalidInput(_))));
    let bad_head = store.correct_field(&id, member_field(1, MemberField::Relation), "户主", None);
    assert!(matches!(bad_head, Err(StoreError::InvalidInput(_))));
    assert_eq!(store.household_detail(&id).unwrap().members, again.members);

    // A corrected ID number also sets sex and birth date.
    let new_id = id_number("410303", "19751212", 22);
    let fixed = store
        .correct_field(&id, member_field(1, MemberField::IdNumber), &new_id, None)
        .unwrap();
    let birth = fixed.members[1]
        .fields
        .iter()
        .find(|f| f.field == MemberField::BirthDate)
        .unwrap();
    assert_eq!(birth.value.as_deref(), Some("1975-12-12"));

    // `verify_remaining` checks the rest; nothing is left unchecked.
    assert_eq!(store.verify_remaining(&id).unwrap().unchecked_fields, 0);

    // The correction is audited by field name; no phone number or ID number in the trail,
    // and the whole record keeps the original for the bank.
    let audit = audit_text(&store);
    assert!(audit.contains("members.0.phone"));
    assert!(
        !audit.contains("13900002222") && !audit.contains(&old_phone) && !audit.contains(&new_id)
    );
    let record = store.household(&id).unwrap();
    assert_eq!(
        record.household.members[0].checks[&MemberField::Phone]
            .original
            .as_deref(),
        Some(old_phone.as_str())
    );
    // The other household is untouched.
    assert!(
        store.household_detail(&hid(1)).unwrap().members[0]
            .fields
            .iter()
            .all(|f| f.check.is_none())
    );
}

#[test]
fn members_are_added_removed_and_the_head_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = village(dir.path(), 1);
    let id = hid(0);
    let newcomer = NewMember {
        name: "王 小 红".into(),
        id_number: id_number("410303", "19950505", 42),
        relation_word: "儿媳".into(),
        ethnicity: Some("汉族".into()),
        phone: None,
    };
    let d = store.add_member(&id, &newcomer).unwrap();
    assert_eq!(d.members.len(), 4);
    assert!(d.members[3].added_at_visit);
    assert!(matches!(
        store.add_member(&id, &newcomer),
        Err(StoreError::AlreadyExists(_))
    ));
    assert!(matches!(
        store.add_member(
            &id,
            &NewMember {
                relation_word: "户主".into(),
                ..newcomer.clone()
            }
        ),
        Err(StoreError::InvalidInput(_))
    ));

    assert!(
        store.remove_member(&id, 0, "迁出").is_err(),
        "the head cannot be removed"
    );
    assert!(
        store.remove_member(&id, 2, " ").is_err(),
        "a reason is needed"
    );
    let d = store.remove_member(&id, 2, "迁出").unwrap();
    assert_eq!(d.members.len(), 3);
    assert_eq!(d.removed_members.len(), 1);
    assert_eq!(d.removed_members[0].reason, "迁出");

    let d = store.change_head(&id, 1, "原户主外出定居").unwrap();
    assert!(d.members[1].is_head && !d.members[0].is_head);
    let old_head = store.household(&id).unwrap().household.members[0].clone();
    assert_eq!(old_head.relation_word, "原户主");
    assert_eq!(
        old_head.checks[&MemberField::Relation].original.as_deref(),
        Some("户主")
    );
    // The list shows the new head, masked.
    let line = &store.list_households().unwrap()[0];
    assert_eq!(
        line.head_id_masked,
        cunxin_core::privacy::mask_id(&d_head_id(&store, &id))
    );
    assert_eq!(line.members, 3);
}

fn d_head_id(store: &Store, id: &HouseholdId) -> String {
    store
        .household(id)
        .unwrap()
        .household
        .head()
        .id_number
        .clone()
}

#[test]
fn side_states_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = village(dir.path(), 3);
    let state = store
        .mark_not_home(&hid(0), "外出务工", Some("2026-12-03"))
        .unwrap();
    assert_eq!(
        state,
        LifecycleState::NotHome {
            reason: "外出务工".into(),
            revisit_at: Some("2026-12-03".into())
        }
    );
    assert!(
        store
            .mark_not_home(&hid(1), "x", Some("next tuesday"))
            .is_err()
    );
    assert!(store.mark_declined(&hid(1), "").is_err());
    store.mark_declined(&hid(1), "不需要贷款").unwrap();
    store.mark_ineligible(&hid(2), "年龄超过60周岁").unwrap();
    // Declined and ineligible cannot be visited on, until resumed.
    assert!(store.save_draft(&hid(1), &facts(1)).is_err());
    for n in 0..3 {
        assert_eq!(
            store.resume_visit(&hid(n)).unwrap(),
            LifecycleState::InProgress
        );
    }
    assert!(
        store.resume_visit(&hid(0)).is_err(),
        "only a household set aside resumes"
    );
    store.save_draft(&hid(1), &facts(1)).unwrap();
    let kinds: Vec<_> = store
        .audit_events(Some(&hid(1)))
        .unwrap()
        .iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == AuditKind::StateChanged)
            .count(),
        2
    );
}

#[test]
fn search_over_the_store_with_filters_and_masked_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = village(dir.path(), 30);
    let all = households(30);
    let head = &all[7].members[0];
    let query = |text: &str| SearchQuery {
        text: text.into(),
        ..Default::default()
    };

    let by_name = store.search(&query(&head.name)).unwrap();
    assert!(
        by_name
            .iter()
            .any(|l| l.household == "HH00007" && l.is_head)
    );
    let line = by_name.iter().find(|l| l.household == "HH00007").unwrap();
    assert_eq!(
        line.name_masked,
        cunxin_core::privacy::mask_name(&head.name)
    );
    assert_eq!(
        line.id_masked,
        cunxin_core::privacy::mask_id(&head.id_number)
    );
    assert!(line.phone_masked.as_deref().unwrap().contains('*'));

    let tail = &head.id_number[14..];
    assert!(
        store
            .search(&query(tail))
            .unwrap()
            .iter()
            .any(|l| l.household == "HH00007")
    );
    let phone_tail = &head.phone.as_deref().unwrap()[7..];
    assert!(
        store
            .search(&query(phone_tail))
            .unwrap()
            .iter()
            .any(|l| l.household == "HH00007")
    );
    assert_eq!(
        store.search(&query("hh00007")).unwrap()[0].household,
        "HH00007"
    );
    // Initials of 王德明 etc.: every hit's name starts with the surname's letter.
    let initials = store.search(&query("zj")).unwrap();
    assert!(!initials.is_empty());

    // Filters: village and state, revisit due; the cache follows writes.
    let village = all[7].place.village.clone();
    let in_village = store
        .search(&SearchQuery {
            village: Some(village.clone()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        in_village.len(),
        all.iter().filter(|h| h.place.village == village).count()
    );
    assert!(in_village.iter().all(|l| l.is_head && l.village == village));
    store
        .mark_not_home(&hid(7), "外出", Some("2026-12-01"))
        .unwrap();
    store
        .mark_not_home(&hid(8), "外出", Some("2026-12-20"))
        .unwrap();
    store.mark_not_home(&hid(9), "外出", None).unwrap();
    let due = store
        .search(&SearchQuery {
            revisit_due_by: Some("2026-12-05".into()),
            ..Default::default()
        })
        .unwrap();
    let due: Vec<&str> = due.iter().map(|l| l.household.as_str()).collect();
    assert_eq!(due.len(), 2);
    assert!(due.contains(&"HH00007") && due.contains(&"HH00009") && !due.contains(&"HH00008"));
    let not_home = store
        .search(&SearchQuery {
            states: vec!["not_home".into()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(not_home.len(), 3);
    assert!(matches!(
        store.search(&SearchQuery {
            states: vec!["asleep".into()],
            ..Default::default()
        }),
        Err(StoreError::InvalidInput(_))
    ));

    // A correction is found at once (the people index is rebuilt after member changes).
    store
        .correct_field(
            &hid(3),
            member_field(0, MemberField::Name),
            "欧阳修文",
            None,
        )
        .unwrap();
    let found = store.search(&query("oyxw")).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].household, "HH00003");
    assert_eq!(
        store.search(&query("欧阳")).unwrap()[0].matched_by,
        Some(cunxin_core::intake::search::MatchKind::Name)
    );
}

#[test]
fn the_visit_form_comes_from_the_scorecard_and_checks_each_value() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = village(dir.path(), 1);
    let card = preset("jinxiang").unwrap();
    let id = hid(0);
    let form = store.visit_form(&id, &card).unwrap();
    assert_eq!(form.form.fields.len(), card.facts.len());
    assert!(form.values.is_empty() && form.revision.is_none());
    assert!(form.progress.missing.contains(&"applicant_age".to_string()));

    let (saved, form) = store
        .set_fact(&id, &card, "applicant_age", json!(40))
        .unwrap();
    assert_eq!(saved.changed_fields, vec!["applicant_age"]);
    assert!(!form.progress.missing.contains(&"applicant_age".to_string()));
    let refused = store.set_fact(&id, &card, "applicant_age", json!("forty"));
    assert!(matches!(refused, Err(StoreError::InvalidInput(_))));
    assert!(
        store
            .set_fact(&id, &card, "no_such_fact", json!(1))
            .is_err()
    );
    assert_eq!(
        store.visit_form(&id, &card).unwrap().values["applicant_age"],
        json!(40)
    );
    for (fact, value) in jinxiang_facts() {
        store.set_fact(&id, &card, &fact, value).unwrap();
    }
    let form = store.visit_form(&id, &card).unwrap();
    assert!(form.progress.complete, "{:?}", form.progress);
    // null clears a fact.
    let (_, form) = store
        .set_fact(&id, &card, "fixed_income", json!(null))
        .unwrap();
    assert!(!form.values.contains_key("fixed_income"));
}

#[test]
fn photos_list_decrypt_into_memory_and_the_checklist_follows_the_applicant_type() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = village(dir.path(), 1);
    let id = hid(0);
    let photo = jpeg(320, 240, 3);
    let thumb = jpeg(80, 60, 3);
    let mut meta = photo_meta(PhotoKind::House, 7);
    meta.quality_flags = vec!["dark".into()];
    meta.override_reason = Some("阴天".into());
    let photo_id = store.add_photo(&id, &meta, &photo, &thumb).unwrap();
    let lines = store.photo_lines(&id).unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(
        (lines[0].kind, lines[0].override_reason.as_deref()),
        (PhotoKind::House, Some("阴天"))
    );
    assert_eq!(lines[0].quality_flags, vec!["dark"]);
    assert_eq!(
        store.photo_image(&photo_id, ImageSize::Display).unwrap(),
        photo
    );
    assert_eq!(
        store.photo_image(&photo_id, ImageSize::Thumbnail).unwrap(),
        thumb
    );
    // Nothing in clear on disk: no file under the store holds the JPEG's bytes.
    for (_, bytes) in snapshot(dir.path()) {
        assert!(!bytes.windows(64).any(|w| w == &photo[100..164]));
    }

    let household = store.photo_checklist(&id, None).unwrap();
    let required: Vec<PhotoKind> = household
        .iter()
        .filter(|r| r.required)
        .map(|r| r.kind)
        .collect();
    assert_eq!(
        required,
        vec![
            PhotoKind::House,
            PhotoKind::IdFront,
            PhotoKind::IdBack,
            PhotoKind::Portrait
        ]
    );
    assert_eq!(
        household
            .iter()
            .find(|r| r.kind == PhotoKind::House)
            .unwrap()
            .taken,
        1
    );
    let business = store
        .photo_checklist(&id, Some(ApplicantType::Business))
        .unwrap();
    assert!(
        business
            .iter()
            .any(|r| r.kind == PhotoKind::BusinessLicense && r.required)
    );
    // The facts' applicant type decides when none is given.
    store
        .save_draft(
            &id,
            &json!({"applicant_type": "business"})
                .as_object()
                .unwrap()
                .clone(),
        )
        .unwrap();
    let from_facts = store.photo_checklist(&id, None).unwrap();
    assert!(
        from_facts
            .iter()
            .any(|r| r.kind == PhotoKind::BusinessLicense && r.required)
    );
}

#[test]
fn a_panel_member_cannot_read_the_others_ratings_before_submitting() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = village(dir.path(), 1);
    let id = hid(0);
    store.submit_rating(&id, &rating("村主任", 40_000)).unwrap();
    store.submit_rating(&id, &rating("组长", 50_000)).unwrap();
    // 村民代表 has not rated: refused, and the status shows names only.
    let refused = store.panel_view(&id, "村民代表");
    assert!(
        matches!(refused, Err(StoreError::NotAllowed(_))),
        "{refused:?}"
    );
    assert_eq!(
        store.panel_status(&id).unwrap().rated_by,
        vec!["村主任", "组长"]
    );
    let status_json = serde_json::to_string(&store.panel_status(&id).unwrap()).unwrap();
    assert!(!status_json.contains("40000") && !status_json.contains("50000"));
    // After submitting, the member sees all three and the aggregate.
    store
        .submit_rating(&id, &rating("村民代表", 60_000))
        .unwrap();
    let view = store.panel_view(&id, "村民代表").unwrap();
    assert_eq!(view.ratings.len(), 3);
    assert_eq!(view.committee.limit_yuan, Some(50_000));
    // One rating per member, checked.
    assert!(matches!(
        store.submit_rating(&id, &rating("组长", 1)),
        Err(StoreError::AlreadyExists(_))
    ));
    let mut bad = rating("银行客户经理", 10_000);
    bad.integrity = Some(9);
    assert!(matches!(
        store.submit_rating(&id, &bad),
        Err(StoreError::InvalidInput(_))
    ));
    assert_eq!(store.committee_limit(&id).unwrap().ratings, 3);
}

/// Takes household 0 to a reasoned large gap: jinxiang model limit 30,000, committee
/// 150,000, the grid manager chooses 140,000, the cap (100,000) holds.
fn reasoned_gap(store: &mut Store) {
    let id = hid(0);
    let card = preset("jinxiang").unwrap();
    for member in ["村主任", "组长", "村民代表"] {
        store.submit_rating(&id, &rating(member, 150_000)).unwrap();
    }
    store.save_draft(&id, &jinxiang_facts()).unwrap();
    let shown = store
        .show_estimate(&id, &card, ScoringOptions::default())
        .unwrap();
    assert_eq!(shown.result.limit_yuan, 30_000);
    assert!(shown.run.shown_to_resident);
    let before = store.reconciliation(&id).unwrap().unwrap();
    assert_eq!(before.flag, ReconcileFlag::NeedsReason);
    let empty = GapDecision {
        reason: " ".into(),
        amount_yuan: 140_000,
    };
    assert!(store.decide_gap(&id, &empty, &card).is_err());
    let outside = GapDecision {
        reason: "果园".into(),
        amount_yuan: 200_000,
    };
    assert!(store.decide_gap(&id, &outside, &card).is_err());
    let decision = GapDecision {
        reason: "新建大棚，评议小组了解其收入".into(),
        amount_yuan: 140_000,
    };
    let decided = store.decide_gap(&id, &decision, &card).unwrap();
    assert_eq!(decided.flag, ReconcileFlag::Reasoned);
    assert_eq!(
        decided.proposed_limit_yuan, 100_000,
        "the scorecard's cap holds"
    );
    assert_eq!(store.reconciliation(&id).unwrap().unwrap(), decided);
}

#[test]
fn a_reasoned_large_gap_reaches_the_bank_with_its_reason_and_the_capped_limit() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let mut store = village(&store_dir, 2);
    reasoned_gap(&mut store);
    let id = hid(0);
    let card = preset("jinxiang").unwrap();
    // The checklist names what is missing, by kind; empty once all is there.
    let list = store.finalize_checklist(&id, &card).unwrap();
    assert!(list.missing.contains(&Missing::Photo {
        kind: PhotoKind::Portrait
    }));
    assert!(list.missing.contains(&Missing::Consent {
        kind: ConsentKind::CreditInquiry
    }));
    assert!(
        !list
            .missing
            .iter()
            .any(|m| matches!(m, Missing::GapReason { .. } | Missing::Facts { .. }))
    );
    assert!(matches!(
        store.finalize_visit(&id, &card),
        Err(StoreError::NotAllowed(_))
    ));
    for (k, kind) in [
        PhotoKind::House,
        PhotoKind::IdFront,
        PhotoKind::IdBack,
        PhotoKind::Portrait,
    ]
    .into_iter()
    .enumerate()
    {
        let seed = 50 + k as u32;
        store
            .add_photo(
                &id,
                &photo_meta(kind, seed as u64),
                &jpeg(320, 240, seed),
                &jpeg(80, 60, seed),
            )
            .unwrap();
    }
    for kind in [ConsentKind::PersonalInfo, ConsentKind::CreditInquiry] {
        store
            .add_consent(&id, &consent(kind, "户主"), &mut &signature_png(1)[..])
            .unwrap();
    }
    assert_eq!(
        store.finalize_checklist(&id, &card).unwrap().missing,
        vec![]
    );
    assert_eq!(store.finalize_visit(&id, &card).unwrap(), 1);

    let (identity, recipient) = bank_key();
    let device =
        parse_public_key(&cunxin_core::batch::export_public_key(&mut store).unwrap()).unwrap();
    let sealed = seal(&mut store, &[recipient], &dir.path().join("out")).unwrap();
    let opened = open_batch(
        &sealed.path,
        &sealed.signature_path,
        std::slice::from_ref(&device),
        std::slice::from_ref(&identity),
        &dir.path().join("bank"),
    )
    .unwrap();
    let record_path = &opened.manifest.households[0].record;
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(opened.dir.join(record_path)).unwrap()).unwrap();
    let rec = &record["reconciliation"];
    assert_eq!(rec["flag"], "reasoned");
    assert_eq!(rec["reason"], "新建大棚，评议小组了解其收入");
    assert_eq!(rec["proposed_limit_yuan"], 100_000);
    assert_eq!(rec["chosen_limit_yuan"], 140_000);
    assert_eq!(rec["cap_yuan"], 100_000);
    assert_eq!(rec["committee_limit_yuan"], 150_000);

    // The batches list shows it sealed.
    let batches = store.batches().unwrap();
    assert_eq!(batches.len(), 1);
    assert_eq!(
        (batches[0].state, batches[0].households),
        (BatchState::Sealed, 1)
    );
    assert!(batches[0].receipt_id.is_none() && batches[0].returned.is_empty());
}

#[test]
fn estimate_roster_file_rollup_notice_and_settings() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(&dir.path().join("store"));
    let roster = dir.path().join("roster.csv");
    std::fs::write(&roster, roster_csv(12)).unwrap();
    let imported = store.import_roster_file(&roster).unwrap();
    assert_eq!(imported.imported.inserted, 3);
    assert!(!imported.has_errors());
    assert!(matches!(
        store.import_roster_file(&dir.path().join("missing.csv")),
        Err(StoreError::NotFound(_))
    ));

    assert!(store.scorecard_in_use().unwrap().is_none());
    assert!(matches!(
        store.require_scorecard(),
        Err(StoreError::NotAllowed(_))
    ));
    assert!(store.use_scorecard("no-such-card").is_err());
    let card = store.use_scorecard("jinxiang").unwrap();
    assert_eq!(store.scorecard_in_use().unwrap().unwrap(), card);

    let ids: Vec<HouseholdId> = (0..3).map(|n| HouseholdId(format!("H{n:05}"))).collect();
    assert!(
        store
            .show_estimate(&ids[0], &card, ScoringOptions::default())
            .is_err(),
        "no facts yet"
    );
    for id in &ids[..2] {
        store.save_draft(id, &jinxiang_facts()).unwrap();
        store
            .show_estimate(id, &card, ScoringOptions::default())
            .unwrap();
    }
    assert_eq!(store.scoring_runs(&ids[0]).unwrap().len(), 1);
    let rollup = store
        .village_rollup("王庄村", &card, &LoanPerformance::default())
        .unwrap();
    assert_eq!(
        (
            rollup.households,
            rollup.evaluated,
            rollup.credit_households
        ),
        (3, 2, 2)
    );
    assert_eq!(rollup.total_proposed_limit_yuan, 60_000);
    let overview = store
        .village_overview("王庄村", &card, &LoanPerformance::default())
        .unwrap();
    assert_eq!(overview.rollup, rollup);
    let sums = overview.groups.iter().fold((0, 0, 0), |(h, e, c), g| {
        (h + g.households, e + g.evaluated, c + g.credit_households)
    });
    assert_eq!(sums, (3, 2, 2), "{:?}", overview.groups);
    let notice = store.public_notice("王庄村", &card).unwrap();
    assert_eq!(notice.lines.len(), 2);
    assert!(
        notice
            .lines
            .iter()
            .all(|l| l.head_id_masked.contains("********"))
    );
    assert_eq!(notice.lines[0].proposed_limit_yuan, 30_000);

    let settings = store.device_settings().unwrap();
    assert_eq!(settings.scorecard.unwrap().id, card.id);
    assert_eq!(settings.device_key_id.len(), 16);
    assert!(settings.bank_recipients.is_empty() && settings.platform_key_id.is_none());
    let (_, recipient) = bank_key();
    assert_eq!(
        store.set_bank_recipients(&recipient.to_string()).unwrap(),
        1
    );
    assert!(store.set_bank_recipients("not a key").is_err());
    assert!(store.set_platform("ftp://x", "").is_err());
    let platform = cunxin_core::batch::SigningKey::generate().unwrap();
    let text = cunxin_core::batch::public_key_text(platform.public_key(), "platform");
    let key_id = store
        .set_platform("http://127.0.0.1:9/files/", &text)
        .unwrap();
    let settings = store.device_settings().unwrap();
    assert_eq!(settings.platform_key_id, Some(key_id));
    assert_eq!(settings.bank_recipients, vec![recipient.to_string()]);
}

#[test]
fn the_batches_list_shows_the_receipt_and_the_returned_households_with_reasons() {
    use cunxin_core::batch::{Receipt, Rejection, SigningKey, apply_receipt};
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _, _) = batch_support::village(&dir.path().join("store"), 3, 2);
    let (_, recipient) = bank_key();
    let sealed = seal(&mut store, &[recipient], &dir.path().join("out")).unwrap();
    let platform = SigningKey::generate().unwrap();
    let receipt = Receipt {
        receipt_id: "r-0001".into(),
        batch_id: sealed.batch_id.clone(),
        manifest_sha256: sealed.manifest_sha256.clone(),
        device_id: sealed.device_id.clone(),
        received_at: "2026-11-23T09:00:00+08:00".into(),
        accepted: vec![hid(0)],
        rejected: vec![Rejection {
            household: hid(1),
            reason: "缺少征信查询授权 credit inquiry consent missing".into(),
        }],
        platform_key_id: platform.key_id(),
    };
    let signed = receipt.sign(&platform).unwrap();
    apply_receipt(
        &mut store,
        signed.json.as_bytes(),
        &signed.signature,
        platform.public_key(),
    )
    .unwrap();
    let batches = store.batches().unwrap();
    assert_eq!(batches.len(), 1);
    let b = &batches[0];
    assert_eq!((b.state, b.households), (BatchState::Uploaded, 2));
    assert_eq!(b.receipt_id.as_deref(), Some("r-0001"));
    assert_eq!(b.returned.len(), 1);
    assert_eq!(b.returned[0].household, "HH00001");
    assert!(b.returned[0].reason.contains("credit inquiry"));
    // The returned household is back to finalized and found by search; the uploaded one
    // is purged and found no more once purged.
    store.purge_uploaded().unwrap();
    let all = store.search(&SearchQuery::default()).unwrap();
    assert!(all.iter().all(|l| l.household != "HH00000"));
    assert!(
        all.iter()
            .any(|l| l.household == "HH00001" && l.state == LifecycleState::Finalized)
    );
}

#[test]
fn a_refused_consent_is_kept_with_its_reason_until_a_signature_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(&dir.path().join("store"));
    store.import_households(&households(1)).unwrap();
    store.set_operator("网格员王五").unwrap();
    let id = HouseholdId("HH00000".into());
    assert!(matches!(
        store.refuse_consent(&id, ConsentKind::CreditInquiry, "户主", " "),
        Err(StoreError::InvalidInput(_))
    ));
    store
        .refuse_consent(&id, ConsentKind::CreditInquiry, "户主", "不愿查询征信")
        .unwrap();
    let refusals = store.consent_refusals(&id).unwrap();
    assert_eq!(refusals.len(), 1);
    assert_eq!(
        (refusals[0].kind, refusals[0].reason.as_str()),
        (ConsentKind::CreditInquiry, "不愿查询征信")
    );
    assert_eq!(refusals[0].grid_manager.as_deref(), Some("网格员王五"));
    // The trail says a consent was refused, never the resident's words.
    let events = store.audit_events(Some(&id)).unwrap();
    let refused = events
        .iter()
        .find(|e| e.kind == AuditKind::ConsentRefused)
        .unwrap();
    assert!(
        !refused.detail.to_string().contains("征信"),
        "{:?}",
        refused.detail
    );

    let signature = signature_png(7);
    store
        .add_consent(
            &id,
            &consent(ConsentKind::CreditInquiry, "户主"),
            &mut &signature[..],
        )
        .unwrap();
    assert!(store.consent_refusals(&id).unwrap().is_empty());
    assert!(matches!(
        store.refuse_consent(&id, ConsentKind::CreditInquiry, "户主", "又不想了"),
        Err(StoreError::NotAllowed(_))
    ));
}

#[test]
fn the_lines_of_a_searchs_hits_come_alone_in_the_order_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(&dir.path().join("store"));
    store.import_households(&households(3)).unwrap();
    let all = store.list_households().unwrap();
    let asked = [
        HouseholdId("HH00002".into()),
        HouseholdId("NO-SUCH".into()),
        HouseholdId("HH00000".into()),
    ];
    let lines = store.household_summaries(&asked).unwrap();
    let ids: Vec<&str> = lines.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["HH00002", "HH00000"]);
    assert_eq!(lines[0], *all.iter().find(|l| l.id == "HH00002").unwrap());
}
