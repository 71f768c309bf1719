//! `POST`: creates an upload (creation extension). The body must be empty
//! (creation-with-upload is not offered). Refused past the device's quotas (429) and when
//! the data disk would fall below its free-space floor (507).

use super::{Tus, answer, check_version, disk, expires_header, header, internal};
use axum::extract::State;
use axum::http::header::CONTENT_LENGTH;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header::LOCATION};
use axum::response::{IntoResponse, Response};
use cunxin_core::upload::headers as h;
use std::collections::BTreeMap;
use std::sync::Arc;

pub async fn create(State(tus): State<Arc<Tus>>, uri: Uri, headers: HeaderMap) -> Response {
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
    let device = match tus.device("POST", &uri, length, &headers) {
        Ok(device) => device,
        Err(r) => return r,
    };
    if header(&headers, CONTENT_LENGTH.as_str()).is_some_and(|n| n != "0") {
        return answer(
            StatusCode::BAD_REQUEST,
            "send the upload's bytes with PATCH after creating it (creation-with-upload is not offered)",
        );
    }
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
    let free = match disk::free_bytes(tus.uploads.dir()) {
        Ok(free) => free,
        Err(e) => return internal(e),
    };
    let limits = &tus.limits;
    let admit = |holding: super::store::Holding, still_to_come: u64| {
        if holding.uploads >= limits.uploads_per_device {
            return Err(answer(
                StatusCode::TOO_MANY_REQUESTS,
                &format!(
                    "this device already has {} unfinished uploads, the most it may hold; finish them or wait until they expire",
                    holding.uploads
                ),
            ));
        }
        if holding.bytes.saturating_add(length) > limits.bytes_in_flight_per_device {
            return Err(answer(
                StatusCode::TOO_MANY_REQUESTS,
                &format!(
                    "this device's unfinished uploads would reserve more than {} bytes; finish them first",
                    limits.bytes_in_flight_per_device
                ),
            ));
        }
        let needed = still_to_come
            .saturating_add(length)
            .saturating_add(limits.free_space_floor_bytes);
        if free < needed {
            eprintln!(
                "cunxin-platform: refused an upload of {length} bytes: the data disk has {free} bytes free, below the floor of {} bytes once unfinished uploads arrive",
                limits.free_space_floor_bytes
            );
            return Err(server_full());
        }
        Ok(())
    };
    let info = match tus.uploads.create(&device, length, metadata, admit).await {
        Ok(Ok(info)) => info,
        Ok(Err(refused)) => return refused,
        Err(e) if disk::is_full(&e) => return server_full(),
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
    if let Some(expires) = tus
        .uploads
        .touched(&info.id)
        .and_then(|t| expires_header(t, limits.abandoned_after_seconds))
    {
        r.headers_mut().insert(h::UPLOAD_EXPIRES, expires);
    }
    r
}

/// `507 Insufficient Storage`, in words a grid manager can pass on.
pub(crate) fn server_full() -> Response {
    answer(
        StatusCode::INSUFFICIENT_STORAGE,
        "the bank's upload server is full and takes no new uploads now; the bank must free disk space (the batch stays safe on the device)",
    )
}
