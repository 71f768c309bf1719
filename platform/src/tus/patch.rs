//! `PATCH`: appends a chunk at the upload's offset.
//!
//! The body is streamed to the data file while its checksum is computed. A chunk with an
//! `Upload-Checksum` counts only whole and matching: cut off or damaged, it is dropped
//! (the client resends it). A chunk without one keeps whatever arrived, as tus says.

use super::create::server_full;
use super::receive::{End, Pace, receive};
use super::{Tus, answer, check_version, disk, expires_header, header, internal};
use axum::extract::{Path, State};
use axum::http::header::CONTENT_LENGTH;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use cunxin_core::upload::ChecksumAlgorithm;
use cunxin_core::upload::headers as h;
use std::sync::Arc;
use std::time::Duration;

pub async fn patch(
    State(tus): State<Arc<Tus>>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Response {
    if let Err(r) = check_version(&headers) {
        return r;
    }
    // The signature names the body's length; a body without Content-Length signs 0.
    let declared = header(&headers, CONTENT_LENGTH.as_str()).and_then(h::parse_u64);
    let device = match tus.device("PATCH", &uri, declared.unwrap_or(0), &headers) {
        Ok(device) => device,
        Err(r) => return r,
    };
    if header(&headers, h::CONTENT_TYPE) != Some(h::OFFSET_OCTET_STREAM) {
        return answer(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "a chunk must be sent as Content-Type: application/offset+octet-stream",
        );
    }
    let Some(offset) = header(&headers, h::UPLOAD_OFFSET).and_then(h::parse_u64) else {
        return answer(
            StatusCode::BAD_REQUEST,
            "the Upload-Offset header is missing or not a number",
        );
    };
    let checksum = match expected_checksum(&headers) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Some(_guard) = tus.uploads.lock(&id).await else {
        return answer(
            StatusCode::LOCKED,
            "another request is writing this upload; try again shortly",
        );
    };
    let mut info = match tus.uploads.info(&id).await {
        Ok(Some(info)) if info.device == device => info,
        Ok(Some(_)) => return answer(StatusCode::NOT_FOUND, "there is no such upload"),
        Ok(None) => return answer(StatusCode::NOT_FOUND, "there is no such upload"),
        Err(e) => return internal(e),
    };
    if offset != info.offset {
        return answer(
            StatusCode::CONFLICT,
            &format!(
                "the chunk starts at {offset} but the upload is at {}; ask with HEAD",
                info.offset
            ),
        );
    }
    let room = info.length - info.offset;
    if declared.is_some_and(|n| n > room) {
        return too_large();
    }
    // A signed request may carry no more than it signed for.
    let room = match (&tus.auth, declared) {
        (Some(_), declared) => room.min(declared.unwrap_or(0)),
        (None, _) => room,
    };
    let data = tus.uploads.data_path(&info.id);
    let algorithm = checksum.as_ref().map(|(a, _)| *a);
    let pace = Pace {
        idle: Duration::from_secs(tus.limits.body_idle_seconds),
        min_rate: tus.limits.min_body_bytes_per_second,
    };
    let writes = tus.file_writes.clone();
    let received = match receive(&data, info.offset, body, room, algorithm, pace, writes).await {
        Ok(r) => r,
        Err(e) if disk::is_full(&e) => return server_full(),
        Err(e) => return internal(e),
    };
    let good = match (&received.end, &checksum) {
        (End::TooLarge, _) => return too_large(),
        (End::Whole(digest), Some((_, expected))) => digest.as_deref() == Some(expected.as_slice()),
        (End::Whole(_), None) => true,
        // A chunk cut off counts only if nothing vouches for it as a whole.
        (End::Cut, Some(_)) => false,
        (End::Cut, None) => received.bytes > 0,
    };
    if !good {
        if matches!(received.end, End::Whole(_)) {
            return answer(
                StatusCode::from_u16(h::CHECKSUM_MISMATCH).expect("460 is a valid status"),
                "the chunk's checksum does not match its bytes; send it again",
            );
        }
        // The client is gone; nobody reads this answer.
        return answer(StatusCode::BAD_REQUEST, "the chunk was cut off");
    }
    info.offset += received.bytes;
    match tus.uploads.commit(&info).await {
        Ok(()) => {}
        Err(e) if disk::is_full(&e) => return server_full(),
        Err(e) => return internal(e),
    }
    if info.is_complete() {
        tus.completed(&info).await;
    }
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut()
        .insert(h::UPLOAD_OFFSET, HeaderValue::from(info.offset));
    if let Some(expires) = tus
        .uploads
        .touched(&info.id)
        .and_then(|t| expires_header(t, tus.limits.abandoned_after_seconds))
    {
        r.headers_mut().insert(h::UPLOAD_EXPIRES, expires);
    }
    r
}

/// The checksum the client vouches for, if any; `400` for an algorithm not offered.
fn expected_checksum(
    headers: &HeaderMap,
) -> Result<Option<(ChecksumAlgorithm, Vec<u8>)>, Response> {
    let Some(value) = headers.get(h::UPLOAD_CHECKSUM) else {
        return Ok(None);
    };
    let parsed = value.to_str().ok().and_then(h::parse_checksum);
    match parsed.map(|(name, digest)| (ChecksumAlgorithm::from_name(&name), digest)) {
        Some((Some(algorithm), digest)) if digest.len() == algorithm.digest_len() => {
            Ok(Some((algorithm, digest)))
        }
        Some((None, _)) => Err(answer(
            StatusCode::BAD_REQUEST,
            "this server checks chunks with crc32 or sha1 only (see Tus-Checksum-Algorithm)",
        )),
        _ => Err(answer(
            StatusCode::BAD_REQUEST,
            "the Upload-Checksum header is malformed",
        )),
    }
}

fn too_large() -> Response {
    answer(
        StatusCode::PAYLOAD_TOO_LARGE,
        "the chunk goes past the upload's length",
    )
}
