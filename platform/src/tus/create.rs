//! `POST`: creates an upload (creation extension). The body must be empty
//! (creation-with-upload is not offered).

use super::{Tus, answer, check_version, header, internal};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header::LOCATION};
use axum::response::{IntoResponse, Response};
use cunxin_core::upload::headers as h;
use std::collections::BTreeMap;
use std::sync::Arc;

pub async fn create(State(tus): State<Arc<Tus>>, headers: HeaderMap) -> Response {
    if let Err(r) = check_version(&headers) {
        return r;
    }
    if headers.contains_key("Upload-Defer-Length") {
        return answer(
            StatusCode::BAD_REQUEST,
            "this server needs the upload's length at creation (Upload-Length)",
        );
    }
    let Some(length) = header(&headers, h::UPLOAD_LENGTH).and_then(h::parse_u64) else {
        return answer(
            StatusCode::BAD_REQUEST,
            "the Upload-Length header is missing or not a number",
        );
    };
    if length > tus.max_size {
        return answer(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the upload is larger than this server accepts (see Tus-Max-Size)",
        );
    }
    let metadata = match headers.get(h::UPLOAD_METADATA) {
        None => BTreeMap::new(),
        Some(v) => match v.to_str().ok().and_then(h::decode_metadata) {
            Some(m) => m,
            None => {
                return answer(
                    StatusCode::BAD_REQUEST,
                    "the Upload-Metadata header is malformed",
                );
            }
        },
    };
    let info = match tus.uploads.create(length, metadata).await {
        Ok(info) => info,
        Err(e) => return internal(e),
    };
    if length == 0 {
        tus.completed(&info).await;
    }
    let mut r = StatusCode::CREATED.into_response();
    let location = format!("/files/{}", info.id);
    r.headers_mut().insert(
        LOCATION,
        HeaderValue::from_str(&location).expect("hex id is a valid header"),
    );
    r
}
