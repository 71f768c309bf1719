//! After the last byte: asking the platform what became of the batch,
//! `GET <upload URL>/receipt`. Written once here, like the protocol, for every transport.

use super::error::UploadError;
use super::http::{HttpRequest, HttpResponse, Method};
use super::transport::HttpTransport;
pub use crate::model::ReceiptAnswer;
use std::time::Duration;

/// The request for an upload's receipt.
pub fn receipt_request(upload_url: &str) -> HttpRequest {
    HttpRequest {
        method: Method::Get,
        url: format!("{}/receipt", upload_url.trim_end_matches('/')),
        headers: vec![("Accept".into(), "application/json".into())],
        body: Vec::new(),
    }
}

const DURING: &str = "the receipt request";

/// Reads the answer: `Ok(None)` means not decided yet (ask again later).
pub fn parse_receipt_response(
    response: &HttpResponse,
) -> Result<Option<ReceiptAnswer>, UploadError> {
    if let Some(e) = super::protocol::refusal_of_device(response) {
        return Err(e);
    }
    match response.status {
        200 | 422 => serde_json::from_slice(&response.body)
            .map(Some)
            .map_err(|_| UploadError::BadResponse {
                during: DURING,
                problem: "the body is not a Cunxin receipt or refusal",
            }),
        503 => Ok(None),
        status => Err(UploadError::Refused {
            during: DURING,
            status,
        }),
    }
}

/// Asks for the receipt, waiting `pause` between tries while the platform has not decided
/// or cannot be reached, `tries` times in all.
pub fn fetch_receipt(
    transport: &(impl HttpTransport + ?Sized),
    upload_url: &str,
    tries: u32,
    pause: Duration,
) -> Result<ReceiptAnswer, UploadError> {
    let mut last = String::from("the platform has not decided yet");
    for attempt in 0..tries.max(1) {
        if attempt > 0 {
            super::driver::wait_unless_cancelled(transport, pause)?;
        } else if transport.cancelled() {
            return Err(UploadError::Cancelled);
        }
        match transport.send(receipt_request(upload_url)) {
            Ok(response) => match parse_receipt_response(&response)? {
                Some(answer) => return Ok(answer),
                None => last = "the platform has not decided yet".into(),
            },
            Err(e) => last = e.to_string(),
        }
    }
    Err(UploadError::Unreachable {
        attempts: tries.max(1),
        last,
    })
}
