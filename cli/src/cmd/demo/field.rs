//! The demo's second half: the same sample village through the real encrypted store, the
//! photo pipeline, consents, the village reports, sealing, a tus upload to the reference
//! platform on loopback, the signed receipt, and the purge — the work a tablet and a branch do.

use super::sample::Sample;
use super::scene;
use crate::cmd::handover::{BatchHandOver, hand_over_lines};
use crate::cmd::report::assess::{ReportOptions, village_report};
use crate::cmd::report::fonts::Fonts;
use crate::cmd::report::{ReportFiles, write_files};
use crate::cmd::upload::UploadArgs;
use crate::cmd::upload::transport::UreqTransport;
use crate::exit::Fatal;
use cunxin_core::batch::{SigningKey, default_batch_dir, export_public_key, seal};
use cunxin_core::intake::roster::RosterCheck;
use cunxin_core::labels;
use cunxin_core::model::HouseholdId;
use cunxin_core::scoring::Facts;
use cunxin_core::scoring::audit::ScoringRun;
use cunxin_core::scoring::committee::Rating;
use cunxin_core::store::{
    CaptureError, CaptureRequest, ChainStatus, ConsentInput, ConsentKind, GeoPoint, PhotoKind,
    Store, StoreKey,
};
use cunxin_platform::config::KeysConfig;
use cunxin_platform::{BackgroundPlatform, Config};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// What the earlier steps decided for one household, to be recorded on the tablet.
pub struct Visit {
    pub household: String,
    pub facts: Facts,
    pub run: ScoringRun,
    pub ratings: Vec<Rating>,
}

/// The grid manager's code (on watermarks and consents).
const GRID_MANAGER: &str = "GM0412";
/// Why the grid manager keeps the shaky house photo (the quality gate asks for a reason).
const BLUR_REASON: &str = "户主不同意再拍 the resident declined a second shot";

#[derive(Serialize)]
pub struct FieldReport {
    pub work_dir: String,
    /// Where what a person would have seen was written.
    pub out_dir: String,
    pub reports: Vec<ReportFiles>,
    /// The flags recorded on each household's photos (only households with any).
    pub photo_flags: BTreeMap<String, Vec<String>>,
    pub imported: usize,
    pub photos: usize,
    pub consents: usize,
    pub finalized: usize,
    pub batch_id: String,
    pub batch_bytes: u64,
    pub hand_over: Vec<BatchHandOver>,
    pub audit_events: u64,
    pub platform_households: usize,
}

pub fn run(
    roster: &RosterCheck,
    sample: &Sample,
    visits: &[Visit],
    work: &Path,
    out: &Path,
    say: &dyn Fn(String),
) -> Result<FieldReport, Fatal> {
    let fonts = Fonts::load()?;
    say("\n7. 加密存储 encrypted store (SQLCipher, raw 32-byte key)".into());
    let key = StoreKey::generate()?;
    let mut store = Store::create(&work.join("tablet"), &key)?;
    store.set_operator(GRID_MANAGER)?;
    let imported = store.import_roster(roster)?;
    say(format!(
        "   花名册入库 roster imported: {} households",
        imported.inserted
    ));

    say("\n8. 入户 visits: facts, photos, committee, estimate, consents, finalize".into());
    let camera = work.join("camera");
    std::fs::create_dir_all(&camera)
        .map_err(|e| Fatal(format!("could not create {}: {e}", camera.display())))?;
    // Each household's house is its own scene; the planted reuse shows another's house again.
    let scene_of = |household: &str| -> u32 {
        let planted = &sample.planted.reused_house_photo;
        let source = if household == planted.reused_by {
            &planted.original
        } else {
            household
        };
        sample
            .facts
            .iter()
            .position(|(h, _)| h == source)
            .unwrap_or(0) as u32
            + 1
    };
    let (mut photos, mut consents) = (0, 0);
    let mut photo_flags = BTreeMap::new();
    for (n, visit) in visits.iter().enumerate() {
        let household = visit.household.as_str();
        let id = HouseholdId(visit.household.clone());
        store.save_draft(&id, &visit.facts)?;
        let mut flags = Vec::new();
        let house = camera.join(format!("{household}-house.jpg"));
        let blurred = household == sample.planted.blurred_house_photo;
        scene::house_photo(scene_of(household), blurred, &house).map_err(Fatal)?;
        flags.extend(take_photo(&mut store, &id, PhotoKind::House, &house, say)?);
        let card = camera.join(format!("{household}-id_front.jpg"));
        scene::id_card_photo(scene_of(household) + 7919, &fonts, &card).map_err(Fatal)?;
        flags.extend(take_photo(&mut store, &id, PhotoKind::IdFront, &card, say)?);
        photos += 2;
        for rating in &visit.ratings {
            store.record_committee_review(&id, rating)?;
        }
        store.record_scoring_run(&visit.run)?;
        let mut kinds = vec![ConsentKind::PersonalInfo];
        if household != sample.planted.missing_credit_consent {
            kinds.push(ConsentKind::CreditInquiry);
        }
        for kind in &kinds {
            let signature = scene::signature_png(n as u32);
            store.add_consent(
                &id,
                &consent(*kind, &place_of(roster, household)),
                &mut &signature[..],
            )?;
            consents += 1;
        }
        store.finalize(&id)?;
        let missing: Vec<String> = [ConsentKind::PersonalInfo, ConsentKind::CreditInquiry]
            .into_iter()
            .filter(|k| !kinds.contains(k))
            .map(labels::consent_kind)
            .collect();
        if !flags.is_empty() || !missing.is_empty() || n < 3 {
            let words: Vec<String> = flags.iter().map(|f| labels::problem(f)).collect();
            say(format!(
                "   {household}  照片 photos 2  签字 signatures {}  {}{}{}",
                kinds.len(),
                labels::lifecycle(&cunxin_core::model::LifecycleState::Finalized),
                if words.is_empty() {
                    String::new()
                } else {
                    format!("  ⚠ {}", words.join(", "))
                },
                if missing.is_empty() {
                    String::new()
                } else {
                    format!(
                        "  ⚠ {}: {}",
                        labels::problem("missing_consent"),
                        missing.join(", ")
                    )
                },
            ));
        }
        if !flags.is_empty() {
            photo_flags.insert(visit.household.clone(), flags);
        }
    }
    say(format!(
        "   … {} households finalized, {photos} photos, {consents} signatures; {} with flagged photos",
        visits.len(),
        photo_flags.len()
    ));

    say("\n   村级汇总与公示名单 village reports and public-notice lists (HTML, PDF)".into());
    let card = cunxin_core::scoring::presets::preset("luquan")
        .ok_or_else(|| Fatal("the luquan preset is missing".into()))?;
    let out_dir = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let mut reports = Vec::new();
    for village in &sample.villages {
        let options = ReportOptions {
            card: &card,
            loans: village.loans.clone(),
            posted_from: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a real date"),
            days: 7,
            objections_to: None,
        };
        let report = village_report(&store, &village.name, &options)?;
        let files = write_files(&report, &out_dir)?;
        say(format!("   {}: {}", village.name, files.pdf.display()));
        reports.push(files);
    }

    say("\n9. 封包 sealing: tar → age (bank key) → minisign (device key)".into());
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

    say("\n10. 上传 tus upload to the reference platform on loopback, 11. 回执 receipt, 12. 清除 purge".into());
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
    say("   网格员清单 the grid manager's list now (first lines; every state counted):".into());
    let list = store.list_households()?;
    let mut states: BTreeMap<String, usize> = BTreeMap::new();
    for (i, line) in list.iter().enumerate() {
        *states.entry(labels::lifecycle(&line.state)).or_default() += 1;
        if i < 4 || !matches!(line.state, cunxin_core::model::LifecycleState::Purged) {
            say(format!(
                "     {:<8} {:<14} {} {}",
                line.id,
                labels::lifecycle(&line.state),
                line.head_name_masked,
                line.head_id_masked
            ));
        }
    }
    let counts: Vec<String> = states.iter().map(|(s, n)| format!("{s} {n}")).collect();
    say(format!("     {}", counts.join(", ")));
    let platform_households = cunxin_platform::intake::Intake::open(&config.data_dir, &keys)
        .and_then(|intake| intake.households_of(&sealed.batch_id))
        .map_err(Fatal)?
        .len();
    Ok(FieldReport {
        work_dir: work.display().to_string(),
        out_dir: out_dir.display().to_string(),
        reports,
        photo_flags,
        imported: imported.inserted,
        photos,
        consents,
        finalized: visits.len(),
        batch_id: sealed.batch_id,
        batch_bytes: sealed.batch_bytes,
        hand_over,
        audit_events,
        platform_households,
    })
}

/// The tablet's photo step: normalized (watermarked), checked and stored encrypted in one
/// call; the camera's file is deleted once stored. A photo the quality gate flags is asked
/// for again; the grid manager may keep it with a reason, and the flag stays on it. Returns
/// the flags recorded on the photo.
fn take_photo(
    store: &mut Store,
    id: &HouseholdId,
    kind: PhotoKind,
    shot: &Path,
    say: &dyn Fn(String),
) -> Result<Vec<String>, Fatal> {
    let mut request = CaptureRequest {
        kind,
        taken_by: GRID_MANAGER.into(),
        captured_at: Some("2026-11-22T10:32:05+08:00".into()),
        location: Some(GeoPoint {
            latitude: 34.5166,
            longitude: 112.1795,
            accuracy_m: Some(8.0),
        }),
        delete_source: true,
        override_reason: None,
    };
    let captured = match store.capture_photo(id, shot, &request) {
        Err(CaptureError::Retake { flags }) => {
            let words: Vec<String> = flags.iter().map(|f| labels::problem(f)).collect();
            say(format!(
                "   {}  {}: 请重拍 retake? {} — 保留并说明 kept with a reason: {BLUR_REASON}",
                id.0,
                labels::photo_kind(kind),
                words.join(", ")
            ));
            request.override_reason = Some(BLUR_REASON.into());
            store.capture_photo(id, shot, &request)
        }
        other => other,
    };
    Ok(captured.map_err(|e| Fatal(e.to_string()))?.flags)
}

/// The village a household lives in, for the consent's place.
fn place_of(roster: &RosterCheck, household: &str) -> String {
    roster
        .usable
        .iter()
        .find(|h| h.key == household)
        .map(|h| h.village.clone())
        .unwrap_or_default()
}

fn consent(kind: ConsentKind, place: &str) -> ConsentInput {
    ConsentInput {
        kind,
        text_version: "2026.1".into(),
        text_sha256: "5f".repeat(32),
        signer: "户主".into(),
        signed_at: "2026-11-22T10:40:00+08:00".into(),
        place: Some(place.to_string()),
        grid_manager: GRID_MANAGER.into(),
    }
}

/// The bank's keys as files: its age identity, the platform's signing key, a devices folder.
fn bank_keys(
    dir: &Path,
) -> Result<(KeysConfig, age::x25519::Recipient, minisign::PublicKey), Fatal> {
    use age::secrecy::ExposeSecret;
    let write = |name: &str, text: &str| {
        std::fs::write(dir.join(name), text)
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
