//! Sealing and the hand-over for the app. The tus protocol, the resumable state and the
//! receipt are core's — the very code `cunxin upload` runs; only the HTTP is the app's: it
//! implements [`HttpClient`] (on Android over its own network stack, so the system's proxy
//! and certificate settings apply). A chunk crosses the boundary as bytes because it is the
//! upload itself; the batch is never whole in memory.

use crate::error::ApiResult;
use crate::store::Store;
use cunxin_core::batch::{
    HandOver, HandOverProgress, SealProgress, answer_files_in, default_batch_dir, export_batches,
    export_public_key, hand_over_all, parse_public_key, parse_recipients, seal_reporting,
    take_answer_file,
};
use cunxin_core::upload::{
    DEFAULT_CHUNK_SIZE, HttpRequest, HttpResponse, HttpTransport, TransportError, UploadOptions,
};
use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// One HTTP header.
#[derive(uniffi::Record)]
pub struct HttpHeader {
    pub name: String,
    pub value: String,
}

/// A request the app's HTTP client sends exactly as given (plus its own `Host`,
/// `Content-Length` and `User-Agent`); it must not follow redirects.
#[derive(uniffi::Record)]
pub struct HttpCall {
    /// OPTIONS, POST, HEAD, PATCH or GET.
    pub method: String,
    pub url: String,
    pub headers: Vec<HttpHeader>,
    pub body: Vec<u8>,
}

/// The server's answer, whatever its status.
#[derive(uniffi::Record)]
pub struct HttpAnswer {
    pub status: u16,
    pub headers: Vec<HttpHeader>,
    pub body: Vec<u8>,
}

/// No answer came (connection refused, cut, timed out): the upload retries.
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum HttpFailure {
    #[error("{reason}")]
    NoAnswer { reason: String },
}

/// Anything else the app's client throws also means no answer came: the upload retries,
/// and nothing panics.
impl From<uniffi::UnexpectedUniFFICallbackError> for HttpFailure {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        HttpFailure::NoAnswer { reason: e.reason }
    }
}

/// The app's HTTP client.
#[uniffi::export(with_foreign)]
pub trait HttpClient: Send + Sync {
    fn send(&self, call: HttpCall) -> Result<HttpAnswer, HttpFailure>;
}

/// Hears how a long call stands; called on the calling thread (the app's IO thread).
#[uniffi::export(with_foreign)]
pub trait HandOverListener: Send + Sync {
    fn progress(&self, progress: HandOverProgress);
}

/// Hears how sealing stands, after each household.
#[uniffi::export(with_foreign)]
pub trait SealListener: Send + Sync {
    fn progress(&self, progress: SealProgress);
}

/// Stops a long call from another thread: the app cancels it when the screen's coroutine is
/// cancelled. An upload stops between chunks and resumes from there on the next call.
#[derive(uniffi::Object, Default)]
pub struct CancelToken {
    cancelled: AtomicBool,
}

#[uniffi::export]
impl CancelToken {
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(CancelToken::default())
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }
}

struct ForeignTransport {
    http: Arc<dyn HttpClient>,
    cancel: Option<Arc<CancelToken>>,
}

fn headers(list: Vec<(String, String)>) -> Vec<HttpHeader> {
    list.into_iter()
        .map(|(name, value)| HttpHeader { name, value })
        .collect()
}

impl HttpTransport for ForeignTransport {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let call = HttpCall {
            method: request.method.as_str().to_string(),
            url: request.url,
            headers: headers(request.headers),
            body: request.body,
        };
        match self.http.send(call) {
            Ok(answer) => Ok(HttpResponse {
                status: answer.status,
                headers: answer
                    .headers
                    .into_iter()
                    .map(|h| (h.name, h.value))
                    .collect(),
                body: answer.body,
            }),
            Err(HttpFailure::NoAnswer { reason }) => Err(TransportError(reason)),
        }
    }

    fn cancelled(&self) -> bool {
        self.cancel.as_ref().is_some_and(|c| c.is_cancelled())
    }
}

#[derive(uniffi::Record)]
pub struct SealResult {
    pub batch_id: String,
    pub households: u32,
    pub files: u32,
    pub batch_bytes: u64,
}

/// A household the platform sent back, and why (to correct and seal again).
#[derive(uniffi::Record)]
pub struct ReturnedHousehold {
    pub household: String,
    pub reason: String,
}

/// What the hand-over of one batch did.
#[derive(uniffi::Record)]
pub struct HandOverResult {
    pub batch_id: String,
    /// Set when the platform's signed receipt was verified and recorded.
    pub receipt_id: Option<String>,
    /// Accepted by the platform and purged from the device.
    pub uploaded: Vec<String>,
    pub returned: Vec<ReturnedHousehold>,
    pub files_destroyed: u32,
    /// Set when the platform refused the whole batch (it stays sealed).
    pub refused: Option<String>,
}

#[uniffi::export]
impl Store {
    /// The device's public key (`device.pub` text) for the bank to register.
    pub fn device_public_key(&self) -> ApiResult<String> {
        Ok(export_public_key(&mut *self.store()?)?)
    }

    /// Seals every finalized household into one batch, encrypted to the bank's age public
    /// keys (`age1…`, one per line) and signed with the device's key. `listener` hears each
    /// household written; `cancel` stops sealing (`Cancelled`, nothing sealed).
    pub fn seal_batch(
        &self,
        bank_recipients: String,
        listener: Option<Arc<dyn SealListener>>,
        cancel: Option<Arc<CancelToken>>,
    ) -> ApiResult<SealResult> {
        let recipients = parse_recipients(&bank_recipients, "the bank's public keys")?;
        let mut store = self.store()?;
        let out = default_batch_dir(&store);
        let sealed = seal_reporting(&mut store, &recipients, &out, &mut |p| {
            if let Some(listener) = &listener {
                listener.progress(p)
            }
            match cancel.as_ref().is_some_and(|c| c.is_cancelled()) {
                true => ControlFlow::Break(()),
                false => ControlFlow::Continue(()),
            }
        })?;
        Ok(SealResult {
            batch_id: sealed.batch_id,
            households: sealed.households.len() as u32,
            files: sealed.files as u32,
            batch_bytes: sealed.batch_bytes,
        })
    }

    /// Uploads every sealed batch waiting (resuming where a killed app or a cancel stopped),
    /// verifies each receipt with the platform's public key (minisign `.pub` text), and purges
    /// what the platform accepted. Nothing is purged without a valid receipt. The store is
    /// taken per step, never for an upload: other calls run meanwhile. `listener` hears the
    /// bytes the server has of each batch; `cancel` stops the upload (`Cancelled`).
    pub fn hand_over(
        &self,
        endpoint: String,
        platform_public_key: String,
        http: Arc<dyn HttpClient>,
        listener: Option<Arc<dyn HandOverListener>>,
        cancel: Option<Arc<CancelToken>>,
    ) -> ApiResult<Vec<HandOverResult>> {
        let platform_key = parse_public_key(&platform_public_key)?;
        let transport = ForeignTransport { http, cancel };
        let done = hand_over_all(
            &self.inner,
            &endpoint,
            &transport,
            // Fixed 4 MiB chunks for now: the app's hand-over tests (HandOverTest) hold and
            // cut its upload at chunk boundaries of that size; the command line adapts.
            &UploadOptions::fixed_chunks(DEFAULT_CHUNK_SIZE),
            |p| {
                if let Some(listener) = &listener {
                    listener.progress(p)
                }
            },
            &platform_key,
        )?;
        Ok(done
            .into_iter()
            .map(|d| result_of(d.batch.batch_id, d.hand_over))
            .collect())
    }
}

#[uniffi::export]
impl Store {
    /// Copies every batch still waiting, with its signature and the device's public key,
    /// into `folder` (a USB drive) for the branch to carry to the platform; returns the
    /// files written.
    pub fn export_batches(&self, folder: String) -> ApiResult<Vec<String>> {
        let mut store = self.store()?;
        let from = default_batch_dir(&store);
        let report = export_batches(&mut store, &from, std::path::Path::new(&folder), None)?;
        Ok(report.batches.into_iter().flat_map(|b| b.files).collect())
    }

    /// Acts on every answer file the platform wrote for this device's batches in `folder`
    /// (`cunxin-platform import` on a USB drive): each receipt verified with the platform's
    /// public key (minisign `.pub` text), what it accepted purged.
    pub fn take_answer_files(
        &self,
        folder: String,
        platform_public_key: String,
    ) -> ApiResult<Vec<HandOverResult>> {
        let platform_key = parse_public_key(&platform_public_key)?;
        let files = answer_files_in(std::path::Path::new(&folder))?;
        let mut store = self.store()?;
        files
            .iter()
            .map(|file| {
                let taken = take_answer_file(&mut store, file, &platform_key)?;
                Ok(result_of(taken.batch_id, taken.hand_over))
            })
            .collect()
    }
}

fn result_of(batch_id: String, hand_over: HandOver) -> HandOverResult {
    match hand_over {
        HandOver::Received { receipt, purged } => HandOverResult {
            batch_id,
            receipt_id: Some(receipt.receipt_id),
            uploaded: receipt.uploaded.into_iter().map(|h| h.0).collect(),
            returned: receipt
                .returned
                .into_iter()
                .map(|r| ReturnedHousehold {
                    household: r.household.0,
                    reason: r.reason,
                })
                .collect(),
            files_destroyed: purged.iter().map(|p| p.files_destroyed as u32).sum(),
            refused: None,
        },
        HandOver::Refused { reason } => HandOverResult {
            batch_id,
            receipt_id: None,
            uploaded: Vec::new(),
            returned: Vec::new(),
            files_destroyed: 0,
            refused: Some(reason),
        },
    }
}
