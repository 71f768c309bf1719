//! The whole hand-over, every waiting batch, with the store taken one step at a time: the
//! list of waiting batches, then each upload and its receipt with the store free (an upload
//! may take minutes on branch Wi-Fi; the screens keep working meanwhile), then the receipt
//! applied under the store again. The same for the `cunxin` command and the app.

use super::device::DeviceIdentity;
use super::error::BatchError;
use super::handover::{HandOver, WaitingBatch, batches_to_upload, take_answer};
use super::seal::default_batch_dir;
use crate::store::Store;
use crate::upload::{
    HttpTransport, SignedTransport, UploadOptions, UploadReport, fetch_receipt, upload_path,
};
use minisign::PublicKey;
use std::borrow::BorrowMut;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Tries for the receipt, a second apart, while the platform opens the batch.
const RECEIPT_TRIES: u32 = 30;

/// Something that lends out the store for one step at a time (the app's shared store).
pub trait StoreAccess {
    fn with_store<R>(
        &self,
        step: impl FnOnce(&mut Store) -> Result<R, BatchError>,
    ) -> Result<R, BatchError>;
}

/// The app's shared store (`Mutex<Store>`), or one the caller holds for the whole
/// hand-over (`Mutex<&mut Store>`, the `cunxin` command).
impl<S: BorrowMut<Store>> StoreAccess for Mutex<S> {
    fn with_store<R>(
        &self,
        step: impl FnOnce(&mut Store) -> Result<R, BatchError>,
    ) -> Result<R, BatchError> {
        // A panic in an earlier step left no half-written state behind (every write is a
        // transaction), so the store is still sound to use.
        let mut store = self.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        step(BorrowMut::<Store>::borrow_mut(&mut *store))
    }
}

/// Where the hand-over stands: the server has `offset` of `length` bytes of batch
/// `index` (from 0) of `batches`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HandOverProgress {
    pub batch_id: String,
    pub index: u32,
    pub batches: u32,
    pub offset: u64,
    pub length: u64,
}

/// One batch handed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchHandedOver {
    pub batch: WaitingBatch,
    pub report: UploadReport,
    pub hand_over: HandOver,
    /// From the upload's first request to the answer acted on.
    pub elapsed: Duration,
}

/// Uploads every sealed batch waiting (each resuming a saved upload of it), fetches each
/// answer and acts on it. The store is held only to list the batches and to apply each
/// answer. Stops at the first batch that fails (a later call goes on from there);
/// [`HttpTransport::cancelled`] stops it as [`crate::upload::UploadError::Cancelled`].
pub fn hand_over_all(
    store: &impl StoreAccess,
    endpoint: &str,
    transport: &(impl HttpTransport + ?Sized),
    options: &UploadOptions,
    mut on_progress: impl FnMut(HandOverProgress),
    platform_key: &PublicKey,
) -> Result<Vec<BatchHandedOver>, BatchError> {
    let (waiting, device) = store.with_store(|s| {
        let waiting = batches_to_upload(s, &default_batch_dir(s))?;
        Ok((waiting, DeviceIdentity::load_or_create(s)?))
    })?;
    // Every request is signed with the device's key: the platform takes uploads only from
    // the tablets it registered.
    let transport = SignedTransport::new(transport, device.signing_key());
    let transport = &transport;
    let batches = waiting.len() as u32;
    let mut done = Vec::with_capacity(waiting.len());
    for (index, batch) in waiting.into_iter().enumerate() {
        tracing::info!(batch = %batch.batch_id, index, batches, "handing over a batch");
        let started = Instant::now();
        let metadata = batch.upload_metadata()?;
        let report = upload_path(&batch.path, endpoint, metadata, transport, options, |p| {
            on_progress(HandOverProgress {
                batch_id: batch.batch_id.clone(),
                index: index as u32,
                batches,
                offset: p.offset,
                length: p.length,
            })
        })?;
        let answer = fetch_receipt(
            transport,
            &report.upload_url,
            RECEIPT_TRIES,
            Duration::from_secs(1),
        )?;
        let hand_over =
            store.with_store(|s| take_answer(s, &batch.batch_id, &answer, platform_key))?;
        tracing::info!(batch = %batch.batch_id, outcome = hand_over_name(&hand_over), "batch handed over");
        done.push(BatchHandedOver {
            batch,
            report,
            hand_over,
            elapsed: started.elapsed(),
        });
    }
    Ok(done)
}

fn hand_over_name(h: &HandOver) -> &'static str {
    match h {
        HandOver::Received { .. } => "received",
        HandOver::Refused { .. } => "refused",
    }
}
