//! The demo's second half: the same sample village through the real encrypted store, the
//! photo pipeline, consents, sealing, a tus upload to the reference platform on loopback,
//! the signed receipt, and the purge — the work a tablet and a branch do.

use super::scene;
use crate::cmd::handover::{BatchHandOver, hand_over_lines};
use crate::cmd::upload::UploadArgs;
use crate::cmd::upload::transport::UreqTransport;
use crate::exit::Fatal;
use cunxin_core::batch::{SigningKey, default_batch_dir, export_public_key, seal};
use cunxin_core::capture::CaptureRequest;
use cunxin_core::intake::roster::RosterCheck;
use cunxin_core::model::HouseholdId;
use cunxin_core::scoring::Facts;
use cunxin_core::scoring::audit::ScoringRun;
use cunxin_core::scoring::committee::Rating;
use cunxin_core::store::{
    ChainStatus, ConsentInput, ConsentKind, GeoPoint, PhotoKind, Store, StoreKey,
};
use cunxin_platform::config::KeysConfig;
use cunxin_platform::{BackgroundPlatform, Config};
use serde::Serialize;
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
/// The household whose resident does not sign the credit-inquiry authorization: the bank
/// returns it.
const NO_CREDIT_CONSENT: &str = "H005";

#[derive(Serialize)]
pub struct FieldReport {
    pub work_dir: String,
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
    visits: &[Visit],
    work: &Path,
    say: &dyn Fn(String),
) -> Result<FieldReport, Fatal> {
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
    let (mut photos, mut consents) = (0, 0);
    for (n, visit) in visits.iter().enumerate() {
        let id = HouseholdId(visit.household.clone());
        store.save_draft(&id, &visit.facts)?;
        let mut flags = Vec::new();
        for (kind, shoot) in [
            (
                PhotoKind::House,
                scene::house_photo as fn(u32, &Path) -> Result<(), String>,
            ),
            (PhotoKind::IdFront, scene::id_card_photo),
        ] {
            let shot = camera.join(format!("{}-{}.jpg", visit.household, kind.as_str()));
            shoot(n as u32, &shot).map_err(Fatal)?;
            flags.extend(take_photo(&mut store, &id, kind, &shot)?);
            photos += 1;
        }
        for rating in &visit.ratings {
            store.record_committee_review(&id, rating)?;
        }
        store.record_scoring_run(&visit.run)?;
        let mut kinds = vec![ConsentKind::PersonalInfo];
        if visit.household != NO_CREDIT_CONSENT {
            kinds.push(ConsentKind::CreditInquiry);
        }
        for kind in &kinds {
            let signature = scene::signature_png(n as u32);
            store.add_consent(&id, &consent(*kind), &mut &signature[..])?;
            consents += 1;
        }
        store.finalize(&id)?;
        say(format!(
            "   {}  照片 photos 2{}  签字 signatures {}  已定稿 finalized",
            visit.household,
            if flags.is_empty() {
                String::new()
            } else {
                format!(" (flags: {})", flags.join(", "))
            },
            kinds.len()
        ));
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
    say("   网格员清单 the grid manager's list now:".into());
    for line in store.list_households()? {
        say(format!(
            "     {:<8} {:<10} {} {}",
            line.id,
            line.state.name(),
            line.head_name_masked,
            line.head_id_masked
        ));
    }
    let platform_households = cunxin_platform::intake::Intake::open(&config.data_dir, &keys)
        .and_then(|intake| intake.households_of(&sealed.batch_id))
        .map_err(Fatal)?
        .len();
    Ok(FieldReport {
        work_dir: work.display().to_string(),
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
/// call; the camera's file is deleted once stored. Returns the flags recorded on the photo.
fn take_photo(
    store: &mut Store,
    id: &HouseholdId,
    kind: PhotoKind,
    shot: &Path,
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
        delete_source: true,
        override_reason: None,
    };
    let captured = store
        .capture_photo(id, shot, &request)
        .map_err(|e| Fatal(e.to_string()))?;
    Ok(captured.flags)
}

fn consent(kind: ConsentKind) -> ConsentInput {
    ConsentInput {
        kind,
        text_version: cunxin_core::model::current_consent_text(kind)
            .version
            .into(),
        text_sha256: cunxin_core::model::current_consent_text(kind).sha256.into(),
        signer: "户主".into(),
        signed_at: "2026-11-22T10:40:00+08:00".into(),
        place: Some("王庄村".into()),
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
