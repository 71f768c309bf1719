//! `GET /files/{id}/receipt`: what became of a complete upload. `200` with
//! `{"receipt": {"json": …, "signature": …}}`, or `422` with `{"refused": reason}`; `409`
//! while bytes are missing, `503` when the platform could not decide yet (ask again).

use super::{Tus, answer, internal};
use crate::intake::Outcome;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

pub async fn receipt(
    State(tus): State<Arc<Tus>>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let device = match tus.device("GET", &uri, 0, &headers) {
        Ok(device) => device,
        Err(r) => return r,
    };
    let info = match tus.uploads.info(&id).await {
        Ok(Some(info)) if info.device == device => info,
        Ok(Some(_)) => return answer(StatusCode::NOT_FOUND, "there is no such upload"),
        Ok(None) => return answer(StatusCode::NOT_FOUND, "there is no such upload"),
        Err(e) => return internal(e),
    };
    if !info.is_complete() {
        return answer(
            StatusCode::CONFLICT,
            "the upload is not complete; send the rest of it first",
        );
    }
    if tus.intake.is_none() {
        return answer(
            StatusCode::NOT_FOUND,
            "this server only stores uploads (no bank keys are configured); it gives no receipts",
        );
    }
    let kept = match tus.uploads.outcome(&id).await {
        Ok(kept) => kept,
        Err(e) => return internal(e),
    };
    // Decided before, or decide now (a crash or a passing failure left it undecided).
    let outcome = match kept {
        Some(outcome) => Some(outcome),
        None => match tus.uploads.lock(&id).await {
            Some(_guard) => match tus.uploads.outcome(&id).await {
                Ok(Some(outcome)) => Some(outcome),
                Ok(None) => tus.completed(&info).await,
                Err(e) => return internal(e),
            },
            None => None,
        },
    };
    match outcome {
        Some(outcome @ Outcome::Receipt(_)) => (StatusCode::OK, Json(outcome)).into_response(),
        Some(outcome @ Outcome::Refused(_)) => {
            (StatusCode::UNPROCESSABLE_ENTITY, Json(outcome)).into_response()
        }
        None => answer(
            StatusCode::SERVICE_UNAVAILABLE,
            "the batch could not be taken in yet; ask for the receipt again later",
        ),
    }
}
