//! The tus 1.0 server: core protocol, creation and checksum (sha1) extensions, over axum.
//! Routes: `OPTIONS`/`POST /files/`, `HEAD`/`PATCH /files/{id}`.

mod create;
mod discover;
mod head;
mod patch;
mod receive;
pub mod store;

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{options, post};
use cunxin_core::upload::headers as h;
use std::sync::Arc;
use store::UploadStore;

pub use store::UploadInfo;

/// What the handlers share.
pub struct Tus {
    pub uploads: UploadStore,
    pub max_size: u64,
    /// Called once an upload has all its bytes, before the last `PATCH` is answered.
    pub on_complete: Option<Arc<dyn OnComplete>>,
}

/// Work to do when an upload is complete (e.g. open the batch).
pub trait OnComplete: Send + Sync {
    fn completed(&self, info: &UploadInfo, data: &std::path::Path);
}

/// The tus routes under `/files`.
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
        .layer(axum::middleware::map_response(add_tus_resumable))
        .with_state(tus)
}

async fn add_tus_resumable(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(h::TUS_RESUMABLE, HeaderValue::from_static(h::TUS_VERSION));
    response
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
    /// Runs the completion work (off the async threads) and waits for it.
    pub(crate) async fn completed(&self, info: &UploadInfo) {
        if let Some(hook) = self.on_complete.clone() {
            let info = info.clone();
            let data = self.uploads.data_path(&info.id);
            let done = tokio::task::spawn_blocking(move || hook.completed(&info, &data)).await;
            if let Err(e) = done {
                eprintln!("cunxin-platform: the completion work failed: {e}");
            }
        }
    }
}
