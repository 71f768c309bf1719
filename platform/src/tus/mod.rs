//! The tus 1.0 server: core protocol, creation, checksum (crc32, sha1) and expiration
//! extensions, over axum. Routes: `OPTIONS`/`POST /files/`, `HEAD`/`PATCH /files/{id}`.
//! Every request but `OPTIONS` must be signed by a registered device ([`auth`]) when the
//! receiver has a devices folder.

pub mod auth;
mod create;
mod discover;
mod disk;
mod head;
mod patch;
mod receipt;
mod receive;
pub mod store;

use crate::config::Limits;
use crate::intake::{Intake, Outcome};
use auth::DeviceAuth;
use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{options, post};
use cunxin_core::upload::headers as h;
use std::sync::Arc;
use store::UploadStore;
use tokio::sync::Semaphore;

pub use store::UploadInfo;

/// What the handlers share.
pub struct Tus {
    pub uploads: UploadStore,
    pub max_size: u64,
    /// Takes in each complete upload as a batch, before the last `PATCH` is answered;
    /// without it the server only stores uploads (a plain tus server).
    pub intake: Option<Arc<Intake>>,
    /// Who may upload; `None` on a receiver without a devices folder (a plain tus server,
    /// open to anyone who reaches it: for trials on a closed network only).
    pub auth: Option<DeviceAuth>,
    pub limits: Limits,
    /// Blocking file writes in flight.
    pub file_writes: Arc<Semaphore>,
    /// Batches being opened.
    pub intakes: Semaphore,
}

/// The upload metadata key that carries the batch's minisign signature (its `.minisig` text).
pub const SIGNATURE_METADATA: &str = cunxin_core::batch::METADATA_SIGNATURE;

/// The tus routes under `/files`, and `GET /files/{id}/receipt`.
pub fn router(tus: Arc<Tus>) -> Router {
    Router::new()
        .route("/files", post(create::create).options(discover::discover))
        .route("/files/", post(create::create).options(discover::discover))
        .route(
            "/files/{id}",
            options(discover::discover)
                .head(head::head)
                .patch(patch::patch),
        )
        .route("/files/{id}/receipt", axum::routing::get(receipt::receipt))
        .layer(axum::middleware::map_response(add_tus_resumable))
        .with_state(tus)
}

async fn add_tus_resumable(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(h::TUS_RESUMABLE, HeaderValue::from_static(h::TUS_VERSION));
    response
}

/// The tus `Upload-Expires` value (RFC 9110 date) for an upload last moved at `touched`.
pub(crate) fn expires_header(touched: i64, after: u64) -> Option<HeaderValue> {
    let at = chrono::DateTime::from_timestamp(touched.saturating_add(after as i64), 0)?;
    HeaderValue::from_str(&at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()).ok()
}

/// An error answer: a status and one sentence.
pub(crate) fn answer(status: StatusCode, message: &str) -> Response {
    (status, format!("{message}\n")).into_response()
}

/// `412` unless the client speaks tus 1.0.0 (every request but `OPTIONS`).
pub(crate) fn check_version(headers: &HeaderMap) -> Result<(), Response> {
    match header(headers, h::TUS_RESUMABLE) {
        Some(h::TUS_VERSION) => Ok(()),
        _ => {
            let mut r = answer(
                StatusCode::PRECONDITION_FAILED,
                "this server speaks tus 1.0.0; send Tus-Resumable: 1.0.0",
            );
            r.headers_mut().insert(
                h::TUS_VERSION_HEADER,
                HeaderValue::from_static(h::TUS_VERSION),
            );
            Err(r)
        }
    }
}

/// A header's value as text, trimmed; `None` when missing or not visible ASCII.
pub(crate) fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name)?.to_str().ok().map(str::trim)
}

pub(crate) fn internal(e: impl std::fmt::Display) -> Response {
    eprintln!("cunxin-platform: storage error: {e}");
    answer(
        StatusCode::INTERNAL_SERVER_ERROR,
        "the server could not store the upload; try again later",
    )
}

impl Tus {
    /// The requesting device's key id ("" on an open receiver), or the refusal.
    pub(crate) fn device(
        &self,
        method: &str,
        uri: &axum::http::Uri,
        length: u64,
        headers: &HeaderMap,
    ) -> Result<String, Response> {
        match &self.auth {
            Some(auth) => auth.check(method, uri.path(), length, headers),
            None => Ok(String::new()),
        }
    }

    /// Removes unfinished uploads untouched for the configured time (tus Expiration).
    pub async fn remove_abandoned(&self) -> usize {
        let before = chrono::Utc::now().timestamp() - self.limits.abandoned_after_seconds as i64;
        self.uploads.remove_abandoned(before).await
    }

    /// Takes in a complete upload (off the async threads) and keeps the outcome; `None`
    /// when the server only stores uploads, or when the platform could not decide now (its
    /// own trouble, logged; asking for the receipt tries again).
    pub(crate) async fn completed(&self, info: &UploadInfo) -> Option<Outcome> {
        let intake = self.intake.clone()?;
        let data = self.uploads.data_path(&info.id);
        let signature = info.metadata.get(SIGNATURE_METADATA).cloned();
        let _turn = self.intakes.acquire().await.ok()?;
        let decided = tokio::task::spawn_blocking(move || match signature {
            Some(signature) => intake.receive(&data, signature.as_bytes()),
            None => Ok(Outcome::Refused(format!(
                "the upload carries no signature; send the batch's .minisig text as the upload metadata \"{SIGNATURE_METADATA}\""
            ))),
        })
        .await;
        let outcome = match decided {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(e)) => {
                eprintln!(
                    "cunxin-platform: upload {} could not be taken in: {e}",
                    info.id
                );
                return None;
            }
            Err(e) => {
                eprintln!(
                    "cunxin-platform: upload {} could not be taken in: {e}",
                    info.id
                );
                return None;
            }
        };
        if let Outcome::Refused(reason) = &outcome {
            eprintln!("cunxin-platform: upload {} refused: {reason}", info.id);
        }
        match self.uploads.save_outcome(&info.id, &outcome).await {
            // Decided for good: the batch's bytes are the intake's now (or refused), and a
            // resend is a new upload, so this copy goes.
            Ok(()) => {
                if let Err(e) = self.uploads.remove_data(&info.id).await {
                    eprintln!(
                        "cunxin-platform: the decided upload {} could not be removed: {e}",
                        info.id
                    );
                }
            }
            Err(e) => eprintln!(
                "cunxin-platform: the outcome of upload {} could not be kept: {e}",
                info.id
            ),
        }
        Some(outcome)
    }
}
