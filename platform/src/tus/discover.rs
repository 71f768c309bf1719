//! `OPTIONS`: what this server speaks.

use super::Tus;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cunxin_core::upload::ChecksumAlgorithm;
use cunxin_core::upload::headers as h;
use std::sync::Arc;

pub async fn discover(State(tus): State<Arc<Tus>>) -> Response {
    let mut r = StatusCode::NO_CONTENT.into_response();
    let headers = r.headers_mut();
    headers.insert(
        h::TUS_VERSION_HEADER,
        HeaderValue::from_static(h::TUS_VERSION),
    );
    headers.insert(
        h::TUS_EXTENSION,
        HeaderValue::from_static("creation,checksum,expiration"),
    );
    headers.insert(
        h::TUS_CHECKSUM_ALGORITHM,
        HeaderValue::from_static(ChecksumAlgorithm::ALL_NAMES),
    );
    headers.insert(h::TUS_MAX_SIZE, HeaderValue::from(tus.max_size));
    r
}
