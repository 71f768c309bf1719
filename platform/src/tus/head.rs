//! `HEAD`: where an upload stands.

use super::{Tus, answer, check_version, expires_header, internal};
use axum::extract::{Path, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use cunxin_core::upload::headers as h;
use std::sync::Arc;

pub async fn head(
    State(tus): State<Arc<Tus>>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = check_version(&headers) {
        return r;
    }
    let device = match tus.device("HEAD", &uri, 0, &headers) {
        Ok(device) => device,
        Err(r) => return r,
    };
    let info = match tus.uploads.info(&id).await {
        Ok(Some(info)) if info.device == device => info,
        Ok(Some(_)) => return answer(StatusCode::NOT_FOUND, "there is no such upload"),
        Ok(None) => return answer(StatusCode::NOT_FOUND, "there is no such upload"),
        Err(e) => return internal(e),
    };
    let mut r = StatusCode::OK.into_response();
    let out = r.headers_mut();
    out.insert(h::UPLOAD_OFFSET, HeaderValue::from(info.offset));
    out.insert(h::UPLOAD_LENGTH, HeaderValue::from(info.length));
    if !info.metadata.is_empty()
        && let Ok(v) = HeaderValue::from_str(&h::encode_metadata(&info.metadata))
    {
        out.insert(h::UPLOAD_METADATA, v);
    }
    out.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(expires) = tus
        .uploads
        .touched(&info.id)
        .and_then(|t| expires_header(t, tus.limits.abandoned_after_seconds))
    {
        out.insert(h::UPLOAD_EXPIRES, expires);
    }
    r
}
