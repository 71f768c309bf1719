//! Sealing and the hand-over for the app. The tus protocol, the resumable state and the
//! receipt are core's — the very code `cunxin upload` runs; only the HTTP is the app's: it
//! implements [`HttpClient`] (on Android over its own network stack, so the system's proxy
//! and certificate settings apply). A chunk crosses the boundary as bytes because it is the
//! upload itself; the batch is never whole in memory.

use crate::error::{ApiResult, CunxinError};
use crate::store::Store;
use cunxin_core::batch::{
    BatchError, HandOver, default_batch_dir, export_public_key, hand_over_all, parse_public_key,
    parse_recipients, seal,
};
use cunxin_core::upload::{
    HttpRequest, HttpResponse, HttpTransport, TransportError, UploadOptions,
};
use std::sync::Arc;

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

struct ForeignTransport(Arc<dyn HttpClient>);

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
        match self.0.send(call) {
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

fn batch_error(e: BatchError) -> CunxinError {
    let message = e.to_string();
    match e {
        BatchError::Store(e) => e.into(),
        BatchError::Io { .. } | BatchError::DiskFull => CunxinError::Storage(message),
        BatchError::Upload(_) => CunxinError::Network(message),
        _ => CunxinError::InvalidInput(message),
    }
}

#[uniffi::export]
impl Store {
    /// The device's public key (`device.pub` text) for the bank to register.
    pub fn device_public_key(&self) -> ApiResult<String> {
        export_public_key(&mut *self.store()?).map_err(batch_error)
    }

    /// Seals every finalized household into one batch, encrypted to the bank's age public
    /// keys (`age1…`, one per line) and signed with the device's key.
    pub fn seal_batch(&self, bank_recipients: String) -> ApiResult<SealResult> {
        let recipients =
            parse_recipients(&bank_recipients, "the bank's public keys").map_err(batch_error)?;
        let mut store = self.store()?;
        let out = default_batch_dir(&store);
        let sealed = seal(&mut store, &recipients, &out).map_err(batch_error)?;
        Ok(SealResult {
            batch_id: sealed.batch_id,
            households: sealed.households.len() as u32,
            files: sealed.files as u32,
            batch_bytes: sealed.batch_bytes,
        })
    }

    /// Uploads every sealed batch waiting (resuming where a killed app stopped), verifies
    /// each receipt with the platform's public key (minisign `.pub` text), and purges what
    /// the platform accepted. Nothing is purged without a valid receipt.
    pub fn hand_over(
        &self,
        endpoint: String,
        platform_public_key: String,
        http: Arc<dyn HttpClient>,
    ) -> ApiResult<Vec<HandOverResult>> {
        let platform_key = parse_public_key(&platform_public_key).map_err(batch_error)?;
        let transport = ForeignTransport(http);
        let mut store = self.store()?;
        let done = hand_over_all(
            &mut store,
            &endpoint,
            &transport,
            &UploadOptions::default(),
            |_, _| {},
            &platform_key,
        )
        .map_err(batch_error)?;
        Ok(done
            .into_iter()
            .map(|b| result_of(b.batch_id, b.result))
            .collect())
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
