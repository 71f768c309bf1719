//! The demo's second half: the sample town through the real encrypted store — every door of
//! the field day's script with its facts, photos (through the photo pipeline), the panel's
//! back-to-back ratings, the estimate, the reconciliation, consents and finalize — then the
//! village reports, sealing, a tus upload to the reference platform on loopback, the signed
//! receipt, and the purge: the work a tablet and a branch do.

use crate::cmd::handover::{BatchHandOver, hand_over_lines};
use crate::cmd::report::{html::summary_lines, printed_report, write_report};
use crate::cmd::upload::UploadArgs;
use crate::cmd::upload::transport::UreqTransport;
use crate::exit::Fatal;
use cunxin_core::batch::{SigningKey, default_batch_dir, export_public_key, seal};
use cunxin_core::capture::CaptureRequest;
use cunxin_core::intake::roster::RosterCheck;
use cunxin_core::model::HouseholdId;
use cunxin_core::model::labels::{grade, label, label_of};
use cunxin_core::scoring::committee::Rating;
use cunxin_core::scoring::presets::preset;
use cunxin_core::scoring::reconcile::{GapDecision, ReconcileFlag, Reconciliation};
use cunxin_core::scoring::{Scorecard, ScoringOptions};
use cunxin_core::store::{
    ChainStatus, ConsentInput, ConsentKind, GeoPoint, PhotoKind, Store, StoreKey,
};
use cunxin_platform::config::KeysConfig;
use cunxin_platform::{BackgroundPlatform, Config};
use cunxin_sample::{Door, SampleVillage, ScriptHousehold};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The grid manager's code (on watermarks and consents).
const GRID_MANAGER: &str = "GM0412";
/// Where objections to the public notice go.
const OBJECTIONS_TO: &str = "城关支行 0379-6321 0000";

#[derive(Serialize)]
pub struct FieldReport {
    pub work_dir: String,
    pub imported: usize,
    pub visited: usize,
    pub not_home: usize,
    pub declined: usize,
    pub photos: usize,
    pub flagged_photos: Vec<(String, Vec<String>)>,
    pub consents: usize,
    pub finalized: usize,
    pub reconciliations: BTreeMap<String, usize>,
    pub reports: Vec<String>,
    pub batch_id: String,
    pub batch_bytes: u64,
    pub hand_over: Vec<BatchHandOver>,
    pub audit_events: u64,
    pub platform_households: usize,
}

/// What one visit recorded, for the summary.
struct Visited {
    photos: usize,
    flags: Vec<(String, Vec<String>)>,
    consents: usize,
    reconciliation: Option<Reconciliation>,
    credit_household: bool,
}

impl Visited {
    /// What the limit came to, in words: a household the scorecard gives no limit is not a
    /// credit household, whatever the panel said (the panel cannot make it one).
    fn outcome(&self) -> Option<String> {
        if !self.credit_household {
            return label("outcome", "not_credit").map(|l| l.both());
        }
        self.reconciliation
            .as_ref()
            .map(|r| label_of("reconcile", &r.flag))
    }
}

fn card_of(visit: &ScriptHousehold) -> Result<Scorecard, Fatal> {
    preset(visit.scorecard)
        .ok_or_else(|| Fatal(format!("the {} preset is missing", visit.scorecard)))
}

pub fn run(
    sample: &SampleVillage,
    sample_dir: &Path,
    roster: &RosterCheck,
    work: &Path,
    say: &dyn Fn(String),
) -> Result<FieldReport, Fatal> {
    say("\n3. 加密存储 encrypted store (SQLCipher, raw 32-byte key)".into());
    let key = StoreKey::generate()?;
    let mut store = Store::create(&work.join("tablet"), &key)?;
    store.set_operator(GRID_MANAGER)?;
    let imported = store.import_roster(roster)?;
    say(format!(
        "   花名册入库 roster imported: {} households",
        imported.inserted
    ));

    say("\n4. 入户 the doors: facts, photos, panel (back to back), estimate, reconciliation, consents, finalize".into());
    let (mut visited, mut not_home, mut declined, mut photos, mut consents) = (0, 0, 0, 0, 0);
    let mut flagged_photos = Vec::new();
    let mut reconciliations: BTreeMap<String, usize> = BTreeMap::new();
    for (n, visit) in sample.script.households.iter().enumerate() {
        let id = HouseholdId(visit.household.clone());
        match visit.door {
            Door::NotHome => {
                store.mark_not_home(&id, "家中无人，外出务工", None)?;
                not_home += 1;
            }
            Door::Declined => {
                store.mark_declined(&id, "不愿参加本次授信")?;
                declined += 1;
            }
            Door::Visit => {
                let done = visit_household(&mut store, sample_dir, visit)?;
                visited += 1;
                photos += done.photos;
                consents += done.consents;
                flagged_photos.extend(done.flags.iter().cloned());
                let outcome = done.outcome();
                if let Some(outcome) = &outcome {
                    *reconciliations.entry(outcome.clone()).or_default() += 1;
                }
                if n < 6 {
                    let r = done.reconciliation.as_ref();
                    say(format!(
                        "   {}  {}  模型额度 model {:>6}  评议额度 panel {:>6}  建议额度 proposed {:>6}  {}",
                        visit.household,
                        visit.village,
                        r.map_or(0, |r| r.model_limit_yuan),
                        r.and_then(|r| r.committee_limit_yuan).unwrap_or(0),
                        r.map_or(0, |r| r.proposed_limit_yuan),
                        outcome.unwrap_or_default(),
                    ));
                }
            }
        }
    }
    say(format!(
        "   … {} 户 households: {visited} 入户走访 visited, {not_home} 不在家 not home, {declined} 拒绝 declined; {photos} 张照片 photos, {consents} 份签字 signatures",
        sample.script.households.len()
    ));
    let counts: Vec<String> = reconciliations
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    say(format!("   额度核定 reconciliation: {}", counts.join(", ")));
    for (file, flags) in &flagged_photos {
        let words: Vec<String> = flags.iter().map(|f| label_of("photo_flag", f)).collect();
        say(format!(
            "   照片提示 photo flagged: {file}: {}",
            words.join("; ")
        ));
    }

    say("\n5. 村级汇总与公示 village roll-up and public notice (HTML and PDF)".into());
    let mut reports = Vec::new();
    let notice_from = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).expect("a valid date");
    for village in &sample.script.villages {
        let visit = sample
            .script
            .households
            .iter()
            .find(|h| h.village == *village);
        let Some(visit) = visit else { continue };
        let card = card_of(visit)?;
        let printed = printed_report(&store, village, &card, notice_from, 7, OBJECTIONS_TO.into())?;
        for line in summary_lines(&printed) {
            say(format!("   {line}"));
        }
        let grades: Vec<String> = printed
            .report
            .overview
            .rollup
            .grades
            .iter()
            .map(|(g, n)| format!("{} {n}", grade(g)))
            .collect();
        if !grades.is_empty() {
            say(format!("     等级 grades: {}", grades.join(", ")));
        }
        let (html, pdf) = write_report(&printed, &work.join("report"))?;
        say(format!("     {}\n     {}", html.display(), pdf.display()));
        reports.extend([html.display().to_string(), pdf.display().to_string()]);
    }

    let finalized = store.finalized_households()?.len();
    say("\n6. 封包 sealing: tar → age (bank key) → minisign (device key)".into());
    let bank_dir = work.join("bank");
    let (keys, recipient, platform_key) = bank_keys(&bank_dir)?;
    let device_key = export_public_key(&mut store).map_err(|e| Fatal(e.to_string()))?;
    std::fs::write(keys.devices_dir.join("tablet.pub"), device_key)
        .map_err(|e| Fatal(format!("could not register the device: {e}")))?;
    let batches = default_batch_dir(&store);
    let sealed = seal(&mut store, &[recipient], &batches).map_err(|e| Fatal(e.to_string()))?;
    say(format!(
        "   batch {}: {} households, {} files, {:.1} MB encrypted, signed by device key {}",
        sealed.batch_id,
        sealed.households.len(),
        sealed.files,
        sealed.batch_bytes as f64 / 1e6,
        sealed.key_id
    ));

    say("\n7. 上传 tus upload to the reference platform on loopback, 8. 回执 receipt, 9. 清除 purge".into());
    let mut config = Config::storage_only(&bank_dir.join("data"));
    config.keys = Some(keys.clone());
    let platform = BackgroundPlatform::start(&config).map_err(Fatal)?;
    let (uploads, hand_over) = UploadArgs::quiet(platform.endpoint()).hand_over(
        &mut store,
        &platform_key,
        &UreqTransport::new(),
    )?;
    drop(platform);
    for (upload, batch) in uploads.iter().zip(&hand_over) {
        say(format!(
            "   uploaded {} to {}",
            batch.batch_id, upload.report.upload_url
        ));
        for line in hand_over_lines(batch) {
            say(format!("   {line}"));
        }
    }
    let audit_events = match store.verify_chain()? {
        ChainStatus::Intact { events, .. } => events,
        ChainStatus::Broken { at_seq, reason } => {
            return Err(Fatal(format!(
                "the audit chain is broken at event {at_seq}: {reason}"
            )));
        }
    };
    say(format!(
        "   审计链 audit chain intact: {audit_events} events"
    ));
    let mut states: BTreeMap<String, usize> = BTreeMap::new();
    for line in store.list_households()? {
        *states.entry(label_of("state", &line.state)).or_default() += 1;
    }
    let states: Vec<String> = states.iter().map(|(k, v)| format!("{k} {v}")).collect();
    say(format!(
        "   网格员清单 the grid manager's list now: {}",
        states.join(", ")
    ));
    let platform_households = cunxin_platform::intake::Intake::open(&config.data_dir, &keys)
        .and_then(|intake| intake.households_of(&sealed.batch_id))
        .map_err(Fatal)?
        .len();
    Ok(FieldReport {
        work_dir: work.display().to_string(),
        imported: imported.inserted,
        visited,
        not_home,
        declined,
        photos,
        flagged_photos,
        consents,
        finalized,
        reconciliations,
        reports,
        batch_id: sealed.batch_id,
        batch_bytes: sealed.batch_bytes,
        hand_over,
        audit_events,
        platform_households,
    })
}

/// One visited household through the store, as the app records it.
fn visit_household(
    store: &mut Store,
    sample_dir: &Path,
    visit: &ScriptHousehold,
) -> Result<Visited, Fatal> {
    let id = HouseholdId(visit.household.clone());
    let card = card_of(visit)?;
    store.save_draft(&id, &visit.facts[visit.scorecard])?;
    let mut flags = Vec::new();
    for photo in &visit.photos {
        let kind = PhotoKind::parse(photo.kind)
            .ok_or_else(|| Fatal(format!("unknown photo kind {}", photo.kind)))?;
        let taken = take_photo(
            store,
            &id,
            kind,
            &sample_dir.join(&photo.file),
            photo.keep_reason.clone(),
        )?;
        if !taken.is_empty() {
            flags.push((photo.file.clone(), taken));
        }
    }
    for r in &visit.ratings {
        let role = serde_json::from_value(serde_json::Value::String(r.role.into()))
            .map_err(|e| Fatal(format!("unknown panel role {}: {e}", r.role)))?;
        store.record_committee_review(
            &id,
            &Rating {
                member: r.member.into(),
                role: Some(role),
                business: Some(r.business),
                suggested_limit_yuan: Some(r.limit_yuan),
                integrity: Some(r.integrity),
                estimated_income_yuan: Some(r.income_yuan),
                note: String::new(),
            },
        )?;
    }
    let shown = store.show_estimate(&id, &card, ScoringOptions::default())?;
    let mut reconciliation = store.reconciliation(&id)?;
    if let Some(r) = reconciliation
        .clone()
        .filter(|r| r.flag == ReconcileFlag::NeedsReason)
    {
        let panel = r.committee_limit_yuan.unwrap_or(r.model_limit_yuan);
        let amount = visit.gap_limit.amount(r.model_limit_yuan, panel);
        let decision = GapDecision {
            reason: visit.gap_reason.clone(),
            amount_yuan: amount,
        };
        reconciliation = Some(store.decide_gap(&id, &decision, &card)?);
    }
    for consent in &visit.consents {
        let kind = serde_json::from_value(serde_json::Value::String(consent.kind.into()))
            .map_err(|e| Fatal(format!("unknown consent kind {}: {e}", consent.kind)))?;
        let signature = std::fs::read(sample_dir.join(&consent.signature))
            .map_err(|e| Fatal(format!("could not read {}: {e}", consent.signature)))?;
        store.add_consent(
            &id,
            &consent_input(kind, visit.village),
            &mut &signature[..],
        )?;
    }
    store.finalize(&id)?;
    Ok(Visited {
        photos: visit.photos.len(),
        flags,
        consents: visit.consents.len(),
        reconciliation,
        credit_household: shown.result.credit_household,
    })
}

/// The tablet's photo step: normalized (watermarked), checked and stored encrypted in one
/// call. Returns the flags recorded on the photo.
fn take_photo(
    store: &mut Store,
    id: &HouseholdId,
    kind: PhotoKind,
    shot: &Path,
    keep_reason: Option<String>,
) -> Result<Vec<String>, Fatal> {
    let request = CaptureRequest {
        kind,
        taken_by: GRID_MANAGER.into(),
        captured_at: Some("2026-11-22T10:32:05+08:00".into()),
        location: Some(GeoPoint {
            latitude: 34.6197,
            longitude: 112.4540,
            accuracy_m: Some(8.0),
        }),
        // The sample's files stay for the next run and the screens.
        delete_source: false,
        override_reason: keep_reason,
    };
    let captured = store
        .capture_photo(id, shot, &request)
        .map_err(|e| Fatal(e.to_string()))?;
    Ok(captured.flags)
}

fn consent_input(kind: ConsentKind, village: &str) -> ConsentInput {
    ConsentInput {
        kind,
        text_version: cunxin_core::model::current_consent_text(kind)
            .version
            .into(),
        text_sha256: cunxin_core::model::current_consent_text(kind).sha256.into(),
        signer: "户主".into(),
        signed_at: "2026-11-22T10:40:00+08:00".into(),
        place: Some(village.into()),
        grid_manager: GRID_MANAGER.into(),
    }
}

/// The bank's keys as files: its age identity, the platform's signing key, a devices folder.
fn bank_keys(
    dir: &Path,
) -> Result<(KeysConfig, age::x25519::Recipient, minisign::PublicKey), Fatal> {
    use age::secrecy::ExposeSecret;
    let write = |name: &str, text: &str| {
        cunxin_platform::private_fs::write_private(&dir.join(name), text.as_bytes())
            .map_err(|e| Fatal(format!("could not write the bank's keys: {e}")))
    };
    let devices_dir = dir.join("devices");
    std::fs::create_dir_all(&devices_dir)
        .map_err(|e| Fatal(format!("could not create {}: {e}", devices_dir.display())))?;
    let identity = age::x25519::Identity::generate();
    write(
        "bank.key",
        &format!("{}\n", identity.to_string().expose_secret()),
    )?;
    let platform = SigningKey::generate().map_err(|e| Fatal(e.to_string()))?;
    write(
        "platform.key",
        &platform
            .secret_key_text()
            .map_err(|e| Fatal(e.to_string()))?,
    )?;
    Ok((
        KeysConfig {
            bank_identity: dir.join("bank.key"),
            platform_key: dir.join("platform.key"),
            devices_dir,
        },
        identity.to_public(),
        platform.public_key().clone(),
    ))
}
